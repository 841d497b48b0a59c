import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from django.db.models import Prefetch
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from exercises.catalogue import (
    CATALOGUE_LINKS,
    CATALOGUE_MODELS,
    catalogue_version,
    sources_by_slug,
)
from exercises.dosing import Preset, in_words
from exercises.models import Equipment, Exercise, PainLocation
from exercises.permissions import is_coach
from exercises.views import catalogue_page_version
from hipcare.http import HtmxHttpRequest
from hipcare.pagecache import (
    SLOT,
    cache_anonymous_page,
    is_anonymous_visitor,
    render_in_frame,
    static_page,
)
from triage import rules
from triage.forms import TriageForm
from triage.starter import Candidate, starter_routine

# Where it hurts, as the middle of a sentence on the answer panel ("I" stays a capital);
# escaped, as the panel takes it.
LOCATION_LABELS = {value: escape(label[:1].lower() + label[1:]) for value, label in rules.LOCATIONS}
# The answer panel's values that differ from one answer to the next. The fragments hold the
# panel with a placeholder for each (a SLOT, as hipcare/pagecache.py's frames do) and an answer
# fills them in.
PANEL_SLOTS = (
    "main_reasons",
    "other_reasons",
    "starter_items",
    "routine_url",
    "contributors",
    "location_label",
)
SLOT_IN_PANEL = re.compile(SLOT.format("([a-z_]+)"))


@lru_cache(maxsize=8)
def _urls(script_prefix: str) -> dict[str, str]:
    """The page's own links, reversed once per process and script prefix (`reverse` depends on
    it) rather than on every answer."""
    return {
        "form": reverse("triage:form"),
        "rules": reverse("triage:rules"),
        "new_routine": reverse("routines:new"),
    }


@dataclass(frozen=True)
class _Fragments:
    """The parts of an answer page that come from the rules and the catalogue, rendered to HTML
    for every rule, location and exercise a starter routine can choose, and the answer panel
    around them for every shape it can take, all at once, so an answer only has to join the
    ones it needs.

    Nothing here comes from a runner's answers, and nothing is added for one: it is built in
    one go from code and catalogue data, so what it holds says nothing about what anyone
    answered. Built once per catalogue version in each worker process (the version is read from
    the database on every request, so an edit in admin shows at once) and script prefix (the
    links depend on it).
    """

    key: tuple[int, str]
    starter_items: dict[str, SafeString]
    reasons: dict[str, SafeString]
    contributors: dict[str, SafeString]
    come_back_if: SafeString
    self_care_plan: SafeString
    prevention: SafeString
    routines: dict[tuple[str, str], tuple[str, ...]]
    # triage/_panel.html's answer for every shape it can take (_panel_shape), cut at its slots:
    # the odd-numbered pieces are slot names.
    panels: dict[tuple, tuple[str, ...]]

    def panel(self, context: dict) -> SafeString:
        """triage/_panel.html as the template engine renders it from an answer's `context`:
        the panel of its shape with its slots filled in, a join rather than a render."""
        pieces = self.panels[_panel_shape(context)]
        return _join(
            [context[piece] if index % 2 else piece for index, piece in enumerate(pieces)], ""
        )


# The current catalogue's fragments, under their key; one entry, replaced when the key changes.
_fragments: dict[tuple[int, str], _Fragments] = {}
# One thread builds them; the others wait for it rather than all building the same thing.
_building = threading.Lock()


def _current_fragments() -> _Fragments:
    key = (catalogue_version(), get_script_prefix())
    found = _fragments.get(key)
    if found is None:
        with _building:
            found = _fragments.get(key)
            if found is None:
                found = _build_fragments(key)
                _fragments.clear()
                _fragments[key] = found
    return found


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def _forget_fragments(sender, **kwargs) -> None:
    """Drop the fragments when this process edits the catalogue.

    The version in their key already covers every process; this covers a version number
    that comes round again with other content, as when a test's changes are rolled back.
    """
    if sender in CATALOGUE_MODELS or sender in CATALOGUE_LINKS:
        _fragments.clear()


def _join(fragments: Iterable[str], separator: str = "\n") -> SafeString:
    """Pieces of HTML, escaped already (by the template engine, or `escape`), side by side."""
    return mark_safe(separator.join(fragments))  # noqa: S308 - each part is escaped HTML


def _build_fragments(key: tuple[int, str]) -> _Fragments:
    candidates, every_exercise = _load_candidates()
    routines = _every_starter_routine(candidates)
    # Only the exercises some starter routine uses are ever shown on an answer.
    chosen = {slug for routine in routines.values() for slug in routine}
    exercises = {slug: every_exercise[slug] for slug in sorted(chosen)}
    sources = sources_by_slug()
    doses = {
        slug: in_words(exercise.dose_for(Preset.BEGINNER)) for slug, exercise in exercises.items()
    }
    item = get_template("triage/_fragments.html#starter_item")
    reason = get_template("triage/_reason.html")
    items = get_template("triage/_fragments.html#items")
    advice = get_template("triage/_fragments.html#advice")
    come_back_if = items.render({"items": rules.COME_BACK_IF})
    self_care_plan = advice.render({"advice_list": rules.SELF_CARE_PLAN})
    prevention = advice.render({"advice_list": rules.PREVENTION_ADVICE})
    return _Fragments(
        key=key,
        starter_items={
            slug: item.render(
                {"exercise": exercise, "url": exercise.get_absolute_url(), "dose": doses[slug]}
            )
            for slug, exercise in exercises.items()
        },
        reasons={
            rule.slug: reason.render({"rule": rule, "sources": sources}) for rule in rules.RULES
        },
        contributors={
            location: items.render({"items": rules.possible_contributors(location)})
            for location, _label in rules.LOCATIONS
        },
        come_back_if=come_back_if,
        self_care_plan=self_care_plan,
        prevention=prevention,
        routines=routines,
        panels=_every_panel(
            urls=_urls(key[1]),
            come_back_if=come_back_if,
            self_care_plan=self_care_plan,
            prevention=prevention,
        ),
    )


def _panel_shape(context: dict) -> tuple:
    """What the {% if %}s in triage/_panel.html's answer test in its context: the panel's markup
    around its slots is the same for every answer of one shape. A new {% if %} there needs its
    value here, or the fast panel no longer matches the template (tests/triage/test_fragments.py
    compares them)."""
    flags = ("main_reasons", "other_reasons", "starter_items", "routine_url", "self_care_plan")
    return (context["tier"], *(bool(context.get(name)) for name in flags))


def _every_panel(
    *, urls: dict[str, str], come_back_if: str, self_care_plan: str, prevention: str
) -> dict[tuple, tuple[str, ...]]:
    """The answer panel for every shape an answer can give it, with a placeholder in each slot,
    cut at the placeholders.

    Rendered by the template, so the markup has one source, and for every shape at once rather
    than for the shapes answers have asked for: which panels are here says nothing about what
    anyone answered. The shapes: each tier, by no rule fired, only rules of that tier or less
    urgent ones too, by no exercises (a red flag), an empty starter routine, a starter routine,
    or one a coach can start a routine from.
    """
    template = get_template("triage/_panel.html")
    slot = {name: mark_safe(SLOT.format(name)) for name in PANEL_SLOTS}  # noqa: S308 - no HTML
    reasons = (
        {},
        {"main_reasons": slot["main_reasons"]},
        {"main_reasons": slot["main_reasons"], "other_reasons": slot["other_reasons"]},
    )
    offered = {"self_care_plan": self_care_plan, "prevention": prevention}
    starter = {**offered, "starter_items": slot["starter_items"]}
    exercises = (
        {},
        {**offered, "starter_items": ""},
        starter,
        {**starter, "routine_url": slot["routine_url"]},
    )
    panels = {}
    for tier, fired, offers in product(rules.Tier, reasons, exercises):
        context = {
            "tier": tier,
            "urls": urls,
            "main_reasons": "",
            "other_reasons": "",
            "contributors": slot["contributors"],
            "location_label": slot["location_label"],
            "come_back_if": come_back_if,
            **fired,
            **offers,
        }
        panels[_panel_shape(context)] = tuple(SLOT_IN_PANEL.split(template.render(context)))
    return panels


def _every_starter_routine(candidates: list[Candidate]) -> dict[tuple[str, str], tuple[str, ...]]:
    """The starter routine's slugs for every (location, weight bearing) answer pair.

    The picker reads only those two answers (triage/starter.py: the safety filter, then the
    location fit), so the routine for any runner is one of these; working them all out once per
    catalogue version saves choosing again on every answer. The other answers here are
    placeholders, never anyone's; tests/triage pins that no other answer changes the routine.
    """
    placeholder = {
        "age": rules.AGE_MIN,
        "onset": rules.Onset.GRADUAL,
        "severity": rules.SEVERITY_MIN,
        "duration_days": rules.DURATION_MIN,
        "improving": rules.Improving.YES,
    }
    return {
        (location, weight_bearing): tuple(
            candidate.slug
            for candidate in starter_routine(
                rules.Answers(location=location, weight_bearing=weight_bearing, **placeholder),
                candidates,
            )
        )
        for location in rules.Location
        for weight_bearing in rules.WeightBearing
    }


def _load_candidates() -> tuple[list[Candidate], dict[str, Exercise]]:
    """Every published exercise as the starter-routine picker sees it, with the exercises by
    slug."""
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


def _result_context(
    request: HtmxHttpRequest, fragments: _Fragments, answers: rules.Answers
) -> dict:
    """The answer panel's context: what triage/_panel.html renders, and what fills the slots of
    `fragments.panel`. It is built from the answers, so it lives for this response only: the
    catalogue's pre-rendered fragments are read here, never written."""
    assessment = rules.assess(answers)
    context = {
        "tier": assessment.tier,
        "main_reasons": _join(fragments.reasons[rule.slug] for rule in assessment.main_reasons),
        "other_reasons": _join(fragments.reasons[rule.slug] for rule in assessment.other_reasons),
        "contributors": fragments.contributors[answers.location],
        "location_label": LOCATION_LABELS[answers.location],
        "come_back_if": fragments.come_back_if,
        "urls": _urls(get_script_prefix()),
    }
    if assessment.offers_exercises:
        routine = fragments.routines[answers.location, answers.weight_bearing]
        context.update(
            starter_items=_join(fragments.starter_items[slug] for slug in routine),
            self_care_plan=fragments.self_care_plan,
            prevention=fragments.prevention,
        )
        # No session cookie, no coach: the user is not loaded for an anonymous runner.
        if routine and not is_anonymous_visitor(request) and is_coach(request.user):
            query = urlencode([("exercise", slug) for slug in routine])
            # Escaped here, as the template would: the panel takes its slots as HTML.
            context["routine_url"] = escape(f"{context['urls']['new_routine']}?{query}")
    return context


@sensitive_post_parameters()  # error reports must never carry a runner's answers
@never_cache
@require_http_methods(["GET", "POST"])
@cache_anonymous_page(static_page)  # the empty form only; answers are POSTed, never cached
def triage_form(request: HtmxHttpRequest) -> HttpResponse:
    """The symptom checker. Answers are health data: never stored, logged or cached."""
    status = 200
    if request.method == "POST":
        form = TriageForm(request.POST)
        if form.is_valid():
            fragments = _current_fragments()
            context = _result_context(request, fragments, form.answers())
            return _answer(request, fragments.panel(context), context["tier"])
        status = 422
    else:
        form = TriageForm()
    context = {"form": form, "urls": _urls(get_script_prefix())}
    template = "triage/_panel.html" if request.htmx else "triage/triage.html"
    return render(request, template, context, status=status)


def _answer(request: HtmxHttpRequest, panel: SafeString, tier: rules.Tier) -> HttpResponse:
    """The answer's panel alone for htmx, or in the page. For an anonymous runner the page is
    the frame every runner shares (hipcare/pagecache.py, render_in_frame): only the frame is
    cached, never the answer. A signed-in user's page is rendered in full, their header and
    all, around the same panel."""
    if request.htmx:
        return HttpResponse(panel)
    slots = {"title": escape(f"{tier.label} · Symptom checker"), "panel": panel}
    if (
        is_anonymous_visitor(request)
        and (page := render_in_frame(request, "triage/triage.html", slots=slots)) is not None
    ):
        return page
    return render(request, "triage/triage.html", {"frame": slots})


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
