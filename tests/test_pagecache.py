"""Cached fragments follow the data: an edit, a publish action or a routine's change is seen
on the next view."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import make_user

pytestmark = pytest.mark.django_db
FORM = reverse("triage:form")


def test_an_edit_is_seen_at_once_on_a_cached_page():
    from tests.conftest import make_exercise, make_location

    exercise = make_exercise("Clamshell")
    url = exercise.get_absolute_url()
    assert "Clamshell" in Client().get(url).content.decode()
    exercise.name = "Clam shell with a band"
    exercise.save()
    assert "Clam shell with a band" in Client().get(url).content.decode()
    exercise.pain_locations.add(make_location("outer_side", name="Outer hip"))
    assert "Outer hip" in Client().get(url).content.decode()
    exercise.steps.update(text="Changed quietly")  # update() sends no signal...
    assert "Changed quietly" not in Client().get(url).content.decode()  # ...so it is not seen


def test_admin_publish_actions_invalidate_cached_pages(admin_client):
    from tests.conftest import make_exercise

    exercise = make_exercise("Clamshell")
    url = exercise.get_absolute_url()
    assert Client().get(url).status_code == 200
    admin_client.post(
        reverse("admin:exercises_exercise_changelist"),
        {"action": "unpublish", "_selected_action": [exercise.pk]},
    )
    assert Client().get(url).status_code == 404


def test_a_shared_routine_page_follows_the_routines_changes(django_user_model):
    from routines import services
    from tests.conftest import make_exercise

    coach = make_user(django_user_model, coach=True)
    clamshell, bridge = make_exercise("Clamshell"), make_exercise("Glute bridge")
    routine = services.routine_create(owner=coach, title="Week 1", exercises=[clamshell])
    token = services.routine_share(routine=routine)
    url = reverse("shared_routine", kwargs={"token": token})
    assert "Glute bridge" not in Client().get(url).content.decode()
    services.routine_add_item(routine=routine, exercise=bridge)
    assert "Glute bridge" in Client().get(url).content.decode()
    services.routine_unshare(routine=routine)
    assert Client().get(url).status_code == 404
