"""Routine pieces shown on other apps' pages: "Add to a routine" on an exercise's page."""

from django import template

from hipcare.auth import is_coach
from routines.forms import AddToRoutineForm

register = template.Library()
ROUTINES_OFFERED = 30


@register.inclusion_tag("routines/_add_to_routine.html", takes_context=True)
def add_to_routine(context, exercise) -> dict:
    """For a signed-in coach, a form that adds `exercise` to one of their current routines
    (the most recently changed first), or starts a new routine with it. Nothing for anyone
    else. One query."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not is_coach(user):
        return {"show": False}
    form = AddToRoutineForm(initial={"exercise": exercise.slug}, owner=user)
    routines = list(form.fields["routine"].queryset.only("pk", "title")[:ROUTINES_OFFERED])
    form.fields["routine"].choices = [(routine.pk, routine.title) for routine in routines]
    return {
        "show": True,
        "form": form,
        "exercise": exercise,
        "has_routines": bool(routines),
        "csrf_token": context.get("csrf_token"),
        # Its {% submission_field %} marks the request: the page is then never stored.
        "request": request,
    }
