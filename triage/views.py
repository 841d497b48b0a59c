import hashlib
from functools import lru_cache, partial
from typing import NamedTuple

import django
from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.forms import BoundField, CheckboxSelectMultiple, RadioSelect
from django.forms.utils import ErrorList
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from exercises import figures
from exercises.catalogue import catalogue_version, sources_by_slug
from exercises.dosing import (
    PAINFUL_SIDE_QUERY,
    Preset,
    StepText,
    in_words,
    steps_for_one_side,
)
from exercises.models import Equipment, Exercise, PainLocation
from hipcare import timezones
from hipcare.auth import is_coach
from hipcare.errorsummary import error_links
from hipcare.http import HtmxHttpRequest
from triage import emergency, rules
from triage.forms import (
    TriageForm,
    answer_pairs,
    answer_rows,
    answer_summary,
    as_initial,
    confirmations,
    form_showing,
)
from triage.starter import (
    OUTER_HIP_CAUTION,
    Candidate,
    painful_side_only,
    starter_routine,
)

# How long the catalogue's starter-routine candidates stay cached: they are keyed by the
# catalogue version, so an edit shows at once whatever this is.
STARTER_CACHE_SECONDS = 60 * 60


def candidate_of(exercise: Exercise) -> Candidate:
    """A catalogue exercise as the starter-routine picker (triage.starter) reads it; its pain
    locations and equipment are read through their related managers (prefetch them)."""
    return Candidate(
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


def _starter_catalogue() -> tuple[list[Candidate], dict[str, dict[str, str]]]:
    """Every published exercise as the starter-routine picker sees it, and how an answer lists
    each one (name, link, beginner dose, purpose), by slug.

    Catalogue data only, never an answer: cached with the low-level cache API under the
    catalogue version, so an edit in admin shows at once in every process.
    """
    # "v2": each item now carries its painful-side dose and steps; an entry cached by the code
    # before (same catalogue version, no "painful_side") must not be read after a deploy.
    # "v3": and its link to the full page for that side (`url`, `url_note`).
    key = f"triage:starter-catalogue:v3:{catalogue_version()}"
    found = cache.get(key)
    if found is None:
        exercises = Exercise.objects.published().prefetch_related(
            Prefetch("pain_locations", PainLocation.objects.only("slug")),
            Prefetch("equipment", Equipment.objects.only("slug")),
            "steps",
        )
        candidates, items = [], {}
        for exercise in exercises:
            candidates.append(candidate_of(exercise))
            dose = exercise.dose_for(Preset.BEGINNER)
            steps = [
                StepText(step.text, step.switches_sides, step.one_side_text)
                for step in exercise.steps.all()
            ]
            items[exercise.slug] = {
                "name": exercise.name,
                "url": exercise.get_absolute_url(),
                "dose": in_words(dose),
                "purpose": exercise.purpose,
                # How to do it, on the answer page itself: a runner who leaves an answer to
                # read an exercise loses it on Back (the answer is never stored).
                "steps": [step.text for step in steps],
                "cues": exercise.cue_list,
                "figures": _figures(exercise),
                # For a routine that keeps the move to the painful side (outer-hip pain): the
                # dose says which side to lie on, the steps leave out turning over.
                "painful_side": {
                    "dose": in_words(dose, side_words=OUTER_HIP_CAUTION.one_side_words),
                    "steps": steps_for_one_side(steps),
                    # The full page with its steps for the painful side (never "turn over
                    # and work the other side"), and the link saying so.
                    "url": f"{exercise.get_absolute_url()}?{urlencode([PAINFUL_SIDE_QUERY])}",
                    "url_note": "with its steps for the painful side only",
                },
            }
        found = (candidates, items)
        cache.set(key, found, timeout=STARTER_CACHE_SECONDS)
    return found


def _figures(exercise: Exercise) -> list[dict[str, str]]:
    """The start and end pictures (inline SVG, the caption saying what each shows), or none
    when the exercise has no drawing or one that no longer draws."""
    if not exercise.figure:
        return []
    try:
        return [
            {
                "label": label,
                "svg": exercise.figure_svg(which, labelled=False),
                "alt": exercise.figure.get(f"{which}_alt", ""),
            }
            for which, label in (("start", "Start"), ("end", "End"))
        ]
    except figures.FigureError:
        return []


def _sources() -> dict:
    """The catalogue's sources by slug, over the rules' own citations (for a guideline a
    database loaded before its rule existed does not hold yet)."""
    return {**rules.ARTICLE_CITATIONS, **rules.CITATIONS, **sources_by_slug()}


def emergency_calls_here(configured: str) -> emergency.EmergencyCalls:
    """The call buttons for an emergency, first the number of the country the viewer's
    browser's time zone is in when it uses another than `configured` (triage/emergency.py).
    The zone is the one this request runs in (hipcare.middleware.UserTimeZoneMiddleware's
    cookie, or a form's own: hipcare.timezones.form_time_zone); the default zone, UK time,
    applied for want of one is read as not known (a browser that reports UK time is known)."""
    zone = timezone.get_current_timezone_name()
    return emergency.emergency_calls(zone if timezones.zone_known() else None, configured)


def urgent_care() -> dict:
    """The numbers and words of the care tiers (settings), for the checker and the log, with
    the emergency call buttons for the viewer's time zone (`emergency_calls`) and how to be
    seen today there (`urgent_care`: settings.URGENT_CARE_TEXT and URGENT_CARE_NUMBER, the
    UK's GP surgery and NHS 111, only where the zone is not known to be another country's)."""
    number = getattr(settings, "EMERGENCY_NUMBER", "999")
    calls = emergency_calls_here(number)
    return {
        "emergency_number": number,
        "emergency_calls": calls,
        # The zone the call buttons were drawn for (data-zone: static/js/hipcare.js redraws
        # them when the browser's is another, on a first visit before its cookie existed).
        "emergency_zone": timezone.get_current_timezone_name(),
        "urgent_care": calls.urgent_care(
            getattr(
                settings,
                "URGENT_CARE_TEXT",
                "Call your GP surgery and ask for an appointment today. If it is closed, or "
                "you can't get one, call NHS 111 or use 111.nhs.uk.",
            ),
            getattr(settings, "URGENT_CARE_NUMBER", "111"),
        ),
    }


@require_GET
@never_cache
def emergency_call_lines(request: HtmxHttpRequest) -> HttpResponse:
    """The emergency numbers for this request's time zone: a page of its own, and for an htmx
    request just the call lines (triage/_emergency_call_lines.html), what static/js/hipcare.js
    puts in a page's call block when the page was drawn before the browser's zone cookie
    existed. `?lines=urgent` (htmx): the "see a doctor today" lines instead
    (triage/_urgent_calls.html's, with its options `log`, `child`, `fallback` as 1). Holds
    nothing of anyone's; never cached."""
    template = "triage/emergency_calls.html"
    context = urgent_care()
    if request.htmx and request.GET.get("lines") == "urgent":
        flag = {"1": True}
        context |= {
            "urgent_in_log": flag.get(request.GET.get("log"), False),
            "for_a_child": flag.get(request.GET.get("child"), False),
            "urgent_care_fallback": flag.get(request.GET.get("fallback"), False),
        }
        template = "triage/_urgent_call_lines.html"
    elif request.htmx:
        template += "#lines"
    response = render(request, template, context)
    response["Vary"] = "Cookie"
    return response


def _call_block(context: dict) -> str:
    """The answer's call block, drawn from its own template at the view's depth: an
    emergency's buttons (triage/_emergency_calls.html) or a same-day answer's urgent care
    (triage/_urgent_calls.html) in the answer's box, or, on a lower answer with "today" lists,
    the urgent care after them (`watch_how`: as that tier's answer says it, never "If you can't
    reach them"); "" for none. Included where the page shows it, these blocks sat about fifteen
    template levels down (the answer's branches, then the block, its lines and the folded
    country list), some 8 KB of frames past /healthz's deepest call, beyond CPython 3.11's
    frame-chunk edge (tests/test_call_depth.py)."""
    tier = context["tier"]
    if tier is rules.Tier.EMERGENCY:
        return render_to_string("triage/_emergency_calls.html", context | {"call_spacing": "my-3"})
    if tier is rules.Tier.URGENT:
        return render_to_string("triage/_urgent_calls.html", context)
    if context["watch_how"]:
        return render_to_string(
            "triage/_urgent_calls.html", context | {"urgent_care_fallback": False}
        )
    return ""


def _joined(phrases: tuple[str, ...]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(phrases) < 2:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def _answer_context(
    request: HtmxHttpRequest,
    answers: rules.Answers,
    assessment: rules.Assessment | None = None,
) -> dict:
    """What triage/triage.html needs to show the answer. Lives for this response only.
    ``assessment``: the answers' (rules.assess), when the caller has it already."""
    if assessment is None:
        assessment = rules.assess(answers)
    child = rules.for_a_child(answers)
    tier_label, tier_action = rules.headline(assessment, answers)
    unsure_names = {
        slug: tuple(rules.SIGN_NAMES[name] for name in names)
        for slug, names in assessment.raised_by_unsure.items()
    }
    # Why there are no exercises is said only on a professional's answer without them (the
    # page's and the printed summary's "no exercises" part): any other answer skips its work.
    examined_first = (
        assessment.examined_first
        if assessment.tier is rules.Tier.SEE_PROFESSIONAL and not assessment.offers_exercises
        else ()
    )
    context = {
        "assessment": assessment,
        "tier": assessment.tier,
        # Worded for a parent or carer when the answers are about a child.
        # The deciding rule's own person and timing when it names them (the midwife, today).
        "tier_label": tier_label,
        "tier_action": tier_action,
        # The headline names someone else than a GP (the midwife, the surgical team): the
        # urgent-care box (a GP surgery, NHS 111) is framed as what to do if they can't be
        # reached, so it never contradicts the headline.
        "urgent_care_fallback": rules.names_own_contact(assessment, answers),
        # A parent or carer answers for a young child; from 12 a young person may be reading
        # alone, so the page speaks to "you" and tells a parent how to read it.
        "for_a_child": child and not rules.young_person(answers),
        "young_person": rules.young_person(answers),
        # A reason given only through "not sure" answers opens by saying so, before its words
        # (which, for such a rule, never speak of the sign as certain: rules.worded_for).
        "unsure_notes": {
            rule.slug: rules.unsure_lead(
                unsure_names[rule.slug], assessment.tier_of(rule), rule.tier
            )
            for rule in assessment.fired
            if rule.slug in unsure_names
        },
        "unsure_names": {slug: _joined(names) for slug, names in unsure_names.items()},
        # A phrase that completes "You told us about ...", never a title spliced in: the
        # rules that say to be examined first, less those that apply only through "not sure"
        # (named apart: "You weren't sure about ..."). Those that say to rest first give their
        # reason.
        "no_exercise_signs": rules.told_about(
            tuple(rule for rule in examined_first if rule.slug not in unsure_names),
            answers,
        ),
        # "What you told us" for a rule a number of theirs decides: their own value, never
        # the rule's threshold (rules.told_numbers); what the rule looks for follows.
        "told_numbers": {
            rule.slug: told
            for rule in assessment.other_reasons
            if (told := rules.told_numbers(rule, answers))
        },
        "no_exercise_unsure": _joined(
            tuple(
                dict.fromkeys(
                    name for rule in examined_first for name in unsure_names.get(rule.slug, ())
                )
            )
        ),
        "until_examined": rules.until_examined(
            answers, stop_running=rules.stops_running(assessment)
        ),
        # A pain score of 0 words some reasons for no pain (rules.worded_for): their cached
        # fragments are kept apart.
        "no_hip_pain": rules.no_hip_pain(answers),
        # A pain score of 0 beside answers that say the hip hurts: the page says the answer
        # goes by those (rules.pain_score_disagrees).
        "pain_disagrees": rules.pain_disagreement(answers),
        "rest_first": assessment.rest_first,
        "offers_exercises": assessment.offers_exercises,
        # Worded for the tier (only self-care checks again after two weeks of exercises, or
        # once the reason to rest has passed) and for the reader (a child's parent or carer
        # reads about "your child").
        # Less each sign the answer counted: a "yes", or a "not sure" named in unsure_notes.
        # Each sign under what the checker's rules say to do when it comes (999 / A&E now, a
        # doctor today, or the tier's own heading), most urgent first.
        "watch_lists": rules.watch_lists(
            answers,
            assessment.tier,
            rest_first=assessment.rest_first,
            counted=assessment.counted_unsure,
            assessment=assessment,
        ),
        # The list's item on an ectopic pregnancy's signs cites where they come from.
        "come_back_sources": (
            rules.ECTOPIC_WATCH_SOURCES if rules.watches_for_ectopic(answers) else ()
        ),
        "noted": [
            (rules.SIGN_NAMES[name], why, sign is rules.Sign.UNSURE)
            for name, why, sign in rules.noted_answers(answers)
            # Advice beyond self-care already sends the runner to someone who will ask.
            if assessment.tier is rules.Tier.SELF_CARE
        ],
        # Lazy: only a reason whose cached fragment is missing reads the sources.
        "sources": SimpleLazyObject(_sources),
        "catalogue_version": catalogue_version(),
        # Both of the answer's forms carry every answer as hidden fields: drawn once, the
        # same markup printed in each (two loops over the pairs were half the page's render),
        # one turn of its loop an answer with its "asked" (answer_rows).
        "answer_fields": render_to_string(
            "triage/triage.html#answer_fields", {"answer_rows": answer_rows(answers)}
        ),
        # The header's links that leave the checker open in a new tab here (its own link, a
        # fresh start, does not): the answer is in this page only.
        "answer_page": True,
        **urgent_care(),
    }
    # How to be seen today, once after the last "today" list (the settings' urgent care, as an
    # answer of that tier says it), where the answer's own box doesn't say it.
    context["watch_how"] = rules.watch_how(context["watch_lists"], assessment.tier)
    context["call_block"] = _call_block(context)
    # The causes listed are a runner's (tendons, stress fractures); a child's differ, and the
    # child rules already send them to a doctor who will look for them.
    if answers.location is not None and assessment.tier is not rules.Tier.EMERGENCY and not child:
        context.update(
            location_label=dict(rules.LOCATIONS)[answers.location],
            contributors=rules.causes_shown(assessment, answers.location, answers),
        )
    if assessment.offers_exercises:
        candidates, items = _starter_catalogue()
        picked = starter_routine(answers, candidates)
        routine = [candidate.slug for candidate in picked]
        context.update(
            starter_items=[
                {**items[c.slug], **items[c.slug]["painful_side"]}
                if painful_side_only(c, answers)
                else items[c.slug]
                for c in picked
            ],
            self_care_plan=rules.self_care_plan(answers),
            plan_heading=rules.plan_heading(answers),
            stop_a_move=rules.stop_a_move(answers),
            prevention=rules.PREVENTION_ADVICE,
        )
        if answers.location is OUTER_HIP_CAUTION.location:
            context["starter_caution"] = OUTER_HIP_CAUTION
        if routine and is_coach(request.user):
            # A move kept to the painful side goes on one side in the routine too: the new
            # routine's form asks which hip hurts.
            query = urlencode(
                [("exercise", slug) for slug in routine]
                + [("one_side", c.slug) for c in picked if painful_side_only(c, answers)]
            )
            context["routine_url"] = f"{reverse('routines:new')}?{query}"
    return context


def _questions_context(
    form: TriageForm,
    answers: rules.Answers,
    steps: list[tuple[rules.Step, list[str]]],
) -> dict:
    """The form showing ``steps`` (each with the questions shown from it); every other answer
    given so far rides along in hidden fields."""
    order = [name for _step, names in steps for name in names]
    shown = set(order)
    return {
        "form": form,
        # The summary of a form sent back lists its questions as the page shows them (read
        # only when the form has errors: the empty first step never builds its form).
        "error_links": partial(error_links, form, order),
        # Each step's fields are bound (to the form) only when the template shows them.
        "sections": [
            (step, SimpleLazyObject(partial(_bound_fields, form, names, answers.age)))
            for step, names in steps
        ],
        "step_number": rules.STEPS.index(steps[0][0]) + 1,
        "step_count": len(rules.STEPS),
        **urgent_care(),
        "first_step": len(steps) == 1 and steps[0][0] is rules.STEPS[0],
        "last_step": len(steps) == 1 and steps[0][0] is rules.STEPS[-1],
        "carried": [(name, value) for name, value in answer_pairs(answers) if name not in shown]
        + [("asked", name) for name in sorted(shown)],
    }


def _asked_on(step: rules.Step, answers: rules.Answers) -> list[str]:
    """A whole step's questions, less any not asked for the age given (pregnancy) or after a
    pain score of 0 with no other answer that says the hip hurts (where the pain is, how it
    behaves)."""
    return [name for name in step.questions if rules.asked(name, answers)]


class Question(NamedTuple):
    """One question as triage.html draws it: its bound field, how it is drawn (``kind``:
    "location", "sign", "radio", "checkbox" or "number") and, for a choice, its options as
    (value, label, selected, id) (TriageForm.options_of); then the field's own id, name,
    help, errors and label (the BoundField's auto_id, html_name, help_text, errors and
    label), read once here: the template unpacks them in its loop, where each read from the
    BoundField was a failed item lookup (a TypeError) before the attribute, five a question."""

    field: BoundField
    kind: str
    options: list[tuple[object, str, bool, str]] | None
    id: str
    html_name: str
    help: str
    errors: ErrorList
    label: str

    @property
    def name(self) -> str:
        return self.field.name


def _kind(field) -> str:
    if field.name == "location":
        return "location"
    if field.name in rules.SIGN_FIELDS:
        return "sign"
    if isinstance(field.field.widget, CheckboxSelectMultiple):
        return "checkbox"
    if isinstance(field.field.widget, RadioSelect):
        return "radio"
    return "number"


def _bound_fields(form: TriageForm, names: list[str], age: int | None = None) -> list[Question]:
    """The questions, each worded for whoever answers at this age (a child's parent or
    carer, or a young person): the form's fields are its own copies, so this is per request."""
    questions = []
    for name in names:
        field = form.fields[name]
        field.label = rules.question_text(name, age, str(TriageForm.base_fields[name].label))
        bound = form[name]
        kind = _kind(bound)
        questions.append(
            Question(
                bound,
                kind,
                form.options_of(bound) if kind != "number" else None,
                bound.auto_id,
                bound.html_name,
                bound.help_text,
                bound.errors,
                bound.label,
            )
        )
    return questions


def _first_step_context() -> dict:
    """The empty first step. It is the same for everyone, so triage.html caches its fields
    once per version of the code that draws them (the CSRF token stays outside the fragment),
    and the form is built only when that fragment is missing."""
    first = rules.STEPS[0]
    form = SimpleLazyObject(form_showing(first.questions))
    context = _questions_context(form, rules.Answers(), [(first, first.questions)])
    # Nothing is bound, so there are no errors to show; reading them would build the form.
    context["form"] = None
    context["fields_version"] = first_step_version()
    return context


# What draws the symptom checker's questions: a change to any of them is a new version of the
# empty first step's cached fields.
FORM_SOURCES = (
    "triage/forms.py",
    "triage/views.py",  # _bound_fields: each question's wording, kind and options
    "triage/rules.py",
    "triage/templatetags/triage_tags.py",
    "templates/triage/triage.html",
    "templates/triage/_hip_picture.html",
)


@lru_cache(maxsize=1)
def first_step_version() -> str:
    """A digest of the code and templates that draw the questions, and Django's version (its
    widgets): read once per process. The fragment cache may outlive a deploy (Redis), so a
    hand-bumped constant would be one forgotten bump from serving an old form."""
    digest = hashlib.sha256(django.get_version().encode())
    for name in FORM_SOURCES:
        digest.update((settings.BASE_DIR / name).read_bytes())
    return digest.hexdigest()[:16]


def _render(request: HtmxHttpRequest, context: dict, status: int = 200) -> HttpResponse:
    template = "triage/triage.html#htmx_panel" if request.htmx else "triage/triage.html"
    # After a button (a POST): the new step's (or the answer's) heading takes the focus, so it
    # is read out rather than the page from its top. Without JavaScript the page is loaded
    # whole and `autofocus` does it; with htmx, static/js/hipcare.js (data-autofocus) and htmx
    # itself ([autofocus]) focus the same heading, and the panel's markup stays the page's.
    # Not on the first visit (GET), which starts at the top like any page.
    context["page_autofocus"] = request.method == "POST"
    return render(request, template, context, status=status)


def _step_number(value: str | None) -> int | None:
    """A step's number (1 to the number of steps) as a page sent it, or None."""
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 1 <= number <= len(rules.STEPS) else None


def _step_revisited(after: str | None, answers: rules.Answers) -> rules.Step | None:
    """The step after step ``after`` (the one the page showed) if the runner has been there
    before (went back from it, or from the answer): it comes back whole, its answers in place,
    rather than being skipped. None for a step not seen yet, or with a gap before it."""
    number = _step_number(after)
    if number is None or number >= len(rules.STEPS):
        return None
    following = rules.STEPS[number]
    gap = rules.next_step(answers)
    if gap is not None and rules.STEPS.index(gap) < number:
        return None
    if all(getattr(answers, name) is None for name in following.questions):
        return None
    return following


def _edit_context(answers: rules.Answers, form: TriageForm | None = None) -> dict:
    """ "Change my answers": every question, with the answers given (``form``: as sent, with
    its errors, when they come back for another look)."""
    shown = form if form is not None else TriageForm(initial=as_initial(answers))
    steps = [(step, _asked_on(step, answers)) for step in rules.STEPS]
    context = _questions_context(shown, answers, steps)
    # Every question is shown; one with no answer yet (a sign included) is not counted as
    # asked here, so if it is left blank it is asked again on its own step.
    context["carried"] = [
        ("asked", name) for name in rules.QUESTIONS if getattr(answers, name) is not None
    ] + confirmations(answers)
    context["editing"] = True
    return context


def _step_back(request: HtmxHttpRequest) -> HttpResponse:
    """The "Previous step" button (or the browser's Back, in triage.js): the step asked for,
    with every answer given so far in place, those on the step being left included.

    Going back never asks for anything: an answer left blank on the step being left is not an
    answer yet (not "no", nor "needs an answer"), and one that doesn't make sense is dropped."""
    data = request.POST.copy()
    leaving = _step_number(data.get("step"))
    if leaving is not None:
        blank = {
            name
            for name in rules.STEPS[leaving - 1].questions
            if not any(value.strip() for value in data.getlist(name))
        }
        data.setlist("asked", [name for name in data.getlist("asked") if name not in blank])
    form = TriageForm(data)
    form.is_valid()
    answers = form.answers()
    if data.get("back") == "edit":
        # The browser's Back to "Change my answers" (static/js/triage.js), from a step after it.
        return _render(request, _edit_context(answers))
    if data.get("back") == "answer" and (assessment := rules.assess(answers)).decided:
        # Back from "Change my answers" to the answer: the one these answers give. If they no
        # longer decide one, the first step rather than a step further on.
        return _render(request, _answer_context(request, answers, assessment))
    step = rules.STEPS[(_step_number(data.get("back")) or 1) - 1]
    names = _asked_on(step, answers)
    context = _questions_context(
        form_showing(tuple(names))(initial=as_initial(answers)), answers, [(step, names)]
    )
    return _render(request, context)


@sensitive_post_parameters()  # error reports must never carry a runner's answers
@never_cache  # answers are health data: never stored, logged or cached
@require_http_methods(["GET", "POST"])
def triage_form(request: HtmxHttpRequest) -> HttpResponse:
    """The symptom checker. GET: its first step. POST: any subset of answers; the answer as
    soon as they decide it (an emergency at once), otherwise the next step's questions, the
    answers so far carried in the page (never stored). ``step`` is the step the page showed,
    ``back`` the step to go back to (the "Previous step" button, or the browser's Back through
    static/js/triage.js). ``edit`` shows every question with the answers given; ``print``
    gives the one-page summary of an answer."""
    if request.method == "GET":
        return _render(request, _first_step_context())
    if "back" in request.POST:
        return _step_back(request)
    form = TriageForm(request.POST)
    valid = form.is_valid()
    answers = form.answers()  # the valid answers only
    assessment = rules.assess(answers)
    emergency = assessment.tier is rules.Tier.EMERGENCY
    if not valid and not (emergency and "edit" not in request.POST):
        # An answer that needs another look (a warning sign skipped included) holds up
        # everything but an emergency, which answers at once; the step it is on comes back
        # whole, every question with what was entered (an optional one left blank included)
        # and the ones to look at again marked: "Change my answers" comes back whole too.
        if "step" not in request.POST and "asked" in request.POST:
            # Sent from "Change my answers" (every step, no step number): all of it again.
            return _render(request, _edit_context(answers, form), status=422)
        wrong = [name for name in rules.QUESTIONS if name in form.errors]
        step = next((s for s in rules.STEPS if wrong and wrong[0] in s.questions), rules.STEPS[0])
        return _render(
            request,
            _questions_context(form, answers, [(step, _asked_on(step, answers))]),
            status=422,
        )
    if "edit" in request.POST:
        return _render(request, _edit_context(answers))
    revisited = _step_revisited(request.POST.get("step"), answers)
    if revisited is not None and assessment.tier is not rules.Tier.EMERGENCY:
        # Going forward again after going back: each step in turn, as long as no emergency.
        names = _asked_on(revisited, answers)
        form = form_showing(tuple(names))(initial=as_initial(answers))
        context = _questions_context(form, answers, [(revisited, names)])
        return _render(request, context)
    if not assessment.decided:
        step = rules.next_step(answers)
        names = [name for name in step.questions if name in answers.missing]
        form = form_showing(tuple(names))()
        return _render(request, _questions_context(form, answers, [(step, names)]))
    context = _answer_context(request, answers, assessment)
    context["unanswered"] = [rules.SIGN_NAMES[name] for name in form.unanswered_signs()]
    if "print" in request.POST:
        context.update(summary=answer_summary(answers))
        return render(request, "triage/summary.html", context)
    return _render(request, context)


def _caution_for_page(caution) -> dict:
    """A starter-routine caution as the rules page lists it: the moves by catalogue name, then
    every published move its tags say holds the weight on one leg (when it leaves those out)."""
    candidates, items = _starter_catalogue()
    one_leg = [
        (c.name, caution.one_leg_reason(c))
        for c in sorted(candidates, key=lambda c: c.name)
        if caution.one_leg_reason(c) and c.slug not in caution.moves
    ]
    return {
        "location": caution.location.value,
        "label": dict(rules.LOCATIONS)[caution.location],
        "reason": caution.reason,
        "sources": caution.sources,
        "moves": [
            (items[slug]["name"] if slug in items else slug.replace("-", " ").capitalize(), why)
            for slug, why in caution.moves.items()
        ]
        + one_leg,
    }


@require_GET
def rule_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every rule HipCare applies, generated from triage/rules.py, for runners to read."""
    tiers = [
        (tier, [rule for rule in rules.RULES if rule.tier == tier])
        for tier in rules.Tier
        if tier != rules.Tier.SELF_CARE
    ]
    # Self-care rules raise nothing: each holds the exercises back for now, in its own part
    # of the self-care section.
    rest_first = [rule for rule in rules.RULES if rule.tier == rules.Tier.SELF_CARE]
    return render(
        request,
        "triage/rule_list.html",
        {
            "tiers": tiers,
            "sources": _sources(),
            "self_care": rules.Tier.SELF_CARE,
            "rest_first": rest_first,
            "not_a_warning": [
                (rules.QUESTION_TEXT[name], why) for name, why in rules.NOT_A_WARNING.items()
            ],
            "cautions": [_caution_for_page(OUTER_HIP_CAUTION)],
            # The reasons below name NHS 111, 999, GPs and A&E as UK guidance words them; the
            # page is the same wherever it is read (no zone), so said for anyone abroad.
            "uk_reasons_note": emergency.UK_REASONS_NOTE_IF_ABROAD,
        },
    )
