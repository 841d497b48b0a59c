from django.core.cache import cache
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from exercises.catalogue import catalogue_version, sources_by_slug
from exercises.dosing import Preset, in_words
from exercises.models import Equipment, Exercise, PainLocation
from exercises.permissions import is_coach
from exercises.views import catalogue_page_version
from hipcare.http import HtmxHttpRequest
from hipcare.pagecache import cache_anonymous_page, static_page
from triage import rules
from triage.forms import TriageForm
from triage.starter import Candidate, starter_routine


def _candidates() -> tuple[list[Candidate], dict[str, Exercise]]:
    """Every published exercise as the starter-routine picker sees it, with the exercises by
    slug. Catalogue data only (never a runner's answers): cached per catalogue version."""
    key = f"triage:candidates:{catalogue_version()}"
    found = cache.get(key)
    if found is None:
        found = _load_candidates()
        cache.set(key, found, timeout=60 * 60)
    return found


def _load_candidates() -> tuple[list[Candidate], dict[str, Exercise]]:
    exercises = (
        Exercise.objects.published()
        .only(
            "slug",
            "name",
            "kind",
            "position",
            "unilateral",
            "loadable",
            "level",
            "purpose",
            "sets_min",
            "sets_max",
            "reps_min",
            "reps_max",
            "hold_seconds_min",
            "hold_seconds_max",
            "frequency_min",
            "frequency_max",
            "frequency_period",
        )
        .prefetch_related(
            Prefetch("pain_locations", PainLocation.objects.only("slug")),
            Prefetch("equipment", Equipment.objects.only("slug")),
        )
    )
    by_slug = {exercise.slug: exercise for exercise in exercises}
    candidates = [
        Candidate(
            slug=exercise.slug,
            name=exercise.name,
            kind=exercise.kind,
            position=exercise.position,
            unilateral=exercise.unilateral,
            loadable=exercise.loadable,
            level=exercise.level,
            locations=frozenset(location.slug for location in exercise.pain_locations.all()),
            equipment=frozenset(item.slug for item in exercise.equipment.all()),
        )
        for exercise in by_slug.values()
    ]
    return candidates, by_slug


def _result_context(request: HtmxHttpRequest, answers: rules.Answers) -> dict:
    assessment = rules.assess(answers)
    sources = sources_by_slug()
    context = {
        "assessment": assessment,
        "tier": assessment.tier,
        "sources": sources,
        "contributors": rules.possible_contributors(answers.location),
        "location_label": dict(rules.LOCATIONS)[answers.location],
        "come_back_if": rules.COME_BACK_IF,
    }
    if assessment.offers_exercises:
        candidates, by_slug = _candidates()
        starter = [by_slug[c.slug] for c in starter_routine(answers, candidates)]
        context.update(
            starter=[
                (exercise, in_words(exercise.dose_for(Preset.BEGINNER))) for exercise in starter
            ],
            self_care_plan=rules.SELF_CARE_PLAN,
            prevention=rules.PREVENTION_ADVICE,
        )
        if starter and is_coach(request.user):
            query = urlencode([("exercise", exercise.slug) for exercise in starter])
            context["routine_url"] = f"{reverse('routines:new')}?{query}"
    return context


@sensitive_post_parameters()  # error reports must never carry a runner's answers
@never_cache
@require_http_methods(["GET", "POST"])
@cache_anonymous_page(static_page)  # the empty form only; answers are POSTed, never cached
def triage_form(request: HtmxHttpRequest) -> HttpResponse:
    """The symptom checker. Answers are health data: never stored, logged or cached."""
    status = 200
    context: dict = {}
    if request.method == "POST":
        form = TriageForm(request.POST)
        if form.is_valid():
            context = _result_context(request, form.answers())
        else:
            status = 422
    else:
        form = TriageForm()
    context["form"] = form
    template = "triage/triage.html"
    if request.htmx:
        template += "#panel"
    return render(request, template, context, status=status)


@require_GET
@cache_anonymous_page(catalogue_page_version)  # the rules are code; their sources are data
def rule_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every rule HipCare applies, generated from triage/rules.py."""
    sources = sources_by_slug()
    tiers = [
        (tier, [rule for rule in rules.RULES if rule.tier == tier])
        for tier in rules.Tier
        if tier != rules.Tier.SELF_CARE
    ]
    return render(
        request,
        "triage/rule_list.html",
        {"tiers": tiers, "sources": sources, "self_care": rules.Tier.SELF_CARE},
    )
