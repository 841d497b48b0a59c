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
from hipcare.http import HtmxHttpRequest
from triage import rules
from triage.forms import TriageForm
from triage.starter import Candidate, starter_routine

# How long the catalogue's starter-routine candidates stay cached: they are keyed by the
# catalogue version, so an edit shows at once whatever this is.
STARTER_CACHE_SECONDS = 60 * 60


def _starter_catalogue() -> tuple[list[Candidate], dict[str, dict[str, str]]]:
    """Every published exercise as the starter-routine picker sees it, and how an answer lists
    each one (name, link, beginner dose, purpose), by slug.

    Catalogue data only, never an answer: cached with the low-level cache API under the
    catalogue version, so an edit in admin shows at once in every process.
    """
    key = f"triage:starter-catalogue:{catalogue_version()}"
    found = cache.get(key)
    if found is None:
        exercises = Exercise.objects.published().prefetch_related(
            Prefetch("pain_locations", PainLocation.objects.only("slug")),
            Prefetch("equipment", Equipment.objects.only("slug")),
        )
        candidates, items = [], {}
        for exercise in exercises:
            candidates.append(
                Candidate(
                    slug=exercise.slug,
                    name=exercise.name,
                    kind=exercise.kind,
                    position=exercise.position,
                    unilateral=exercise.unilateral,
                    loadable=exercise.loadable,
                    level=exercise.level,
                    locations=frozenset(loc.slug for loc in exercise.pain_locations.all()),
                    equipment=frozenset(item.slug for item in exercise.equipment.all()),
                )
            )
            items[exercise.slug] = {
                "name": exercise.name,
                "url": exercise.get_absolute_url(),
                "dose": in_words(exercise.dose_for(Preset.BEGINNER)),
                "purpose": exercise.purpose,
            }
        found = (candidates, items)
        cache.set(key, found, timeout=STARTER_CACHE_SECONDS)
    return found


def _answer_context(request: HtmxHttpRequest, answers: rules.Answers) -> dict:
    """What triage/triage.html needs to show the answer. Lives for this response only."""
    assessment = rules.assess(answers)
    context = {
        "assessment": assessment,
        "tier": assessment.tier,
        "location_label": dict(rules.LOCATIONS)[answers.location],
        "contributors": rules.possible_contributors(answers.location),
        "come_back_if": rules.COME_BACK_IF,
        "sources": sources_by_slug(),
        "catalogue_version": catalogue_version(),
    }
    if assessment.offers_exercises:
        candidates, items = _starter_catalogue()
        routine = [candidate.slug for candidate in starter_routine(answers, candidates)]
        context.update(
            starter_items=[items[slug] for slug in routine],
            offers_exercises=True,
            self_care_plan=rules.SELF_CARE_PLAN,
            prevention=rules.PREVENTION_ADVICE,
        )
        if routine and is_coach(request.user):
            query = urlencode([("exercise", slug) for slug in routine])
            context["routine_url"] = f"{reverse('routines:new')}?{query}"
    return context


@sensitive_post_parameters()  # error reports must never carry a runner's answers
@never_cache  # answers are health data: never stored, logged or cached
@require_http_methods(["GET", "POST"])
def triage_form(request: HtmxHttpRequest) -> HttpResponse:
    """The symptom checker: its questions (GET), and the answer to them (POST)."""
    status = 200
    if request.method == "POST":
        form = TriageForm(request.POST)
        if form.is_valid():
            context = _answer_context(request, form.answers())
        else:
            context, status = {"form": form}, 422
    else:
        context = {"form": TriageForm()}
    template = "triage/triage.html#panel" if request.htmx else "triage/triage.html"
    return render(request, template, context, status=status)


@require_GET
def rule_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every rule HipCare applies, generated from triage/rules.py."""
    tiers = [
        (tier, [rule for rule in rules.RULES if rule.tier == tier])
        for tier in rules.Tier
        if tier != rules.Tier.SELF_CARE
    ]
    return render(
        request,
        "triage/rule_list.html",
        {"tiers": tiers, "sources": sources_by_slug(), "self_care": rules.Tier.SELF_CARE},
    )
