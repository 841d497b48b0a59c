"""The symptom checker's answers with the real catalogue (fixtures/catalogue.json) loaded:
the starter moves for a hip that hurts on its outer side or may give way. Moved from
test_views.py so that the catalogue is loaded once for these tests (tests/conftest.py's
real_catalogue), not once a test."""

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from exercises.models import Exercise
from tests.conftest import make_user
from tests.triage.test_views import HTMX, URL, answers, html
from triage import rules
from triage.views import candidate_of

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# Outer-hip pain: a move done lying on one side is for the painful leg only (the answer says
# the routine leaves out lying on the painful side; the Clamshell's dose said "each side")
# --------------------------------------------------------------------------------------------

PAINFUL_SIDE = "on the painful side only, lying on the side that doesn't hurt"


@pytest.fixture(autouse=True)
def real_exercises(real_catalogue):
    """The published exercises of the real catalogue by slug: tests/conftest.py's
    real_catalogue loads it once for this module, every test seeing it as loaded. (A fixture
    of another name: one named real_catalogue would be set up after the test's transaction
    began, and the catalogue rolled back with the first test.)"""
    return {e.slug: e for e in Exercise.objects.published()}


def routine_items(page: str) -> dict[str, tuple[str, list[str]]]:
    """Each starter exercise's dose and steps by name, on the answer page or the printed
    summary."""
    found = re.split(r'<li class="(?:starter-item|summary-exercise)">', unescape(page))[1:]
    assert found
    items = {}
    for item in found:
        name, dose = re.match(r"<strong>([^<]+)</strong>: ([^.]+)\.", item).groups()
        steps = re.search(r'<ol class="(?:starter|summary)-steps">(.*?)</ol>', item, re.S)
        items[name] = (dose, re.findall(r"<li>([^<]+)</li>", steps.group(1)))
    return items


def outer_hip_pages(client, **changes) -> list[str]:
    data = answers(
        location="outer_side",
        improving="yes",
        **{**dict.fromkeys(rules.SIGN_FIELDS, "no"), **changes},
    )
    return [
        html(client.post(URL, data)),
        html(client.post(URL, data, headers=HTMX)),
        html(client.post(URL, {**data, "print": "1"})),
    ]


def test_outer_hip_side_lying_moves_are_for_the_painful_leg_lying_on_the_other_side(
    client, real_exercises
):
    side_lying = {
        e.name for e in real_exercises.values() if e.position == Exercise.Position.SIDE_LYING
    }
    for page in outer_hip_pages(client):  # the page, its htmx partial, the printed summary
        items = routine_items(page)
        kept = side_lying & set(items)
        assert "Clamshell" in kept
        for name in kept:
            dose, steps = items[name]
            # The dose says which side to lie on, and never "each side"...
            assert dose.endswith(f"{PAINFUL_SIDE}, twice a week"), dose
            # ... and no step turns the runner over, or names a fixed side to lie on.
            assert steps
            for step in steps:
                assert not re.search(r"turn over|other side|switch|\bright\b|\bleft\b", step)
        # Every other move keeps its dose: each side for a move done one side at a time.
        for exercise in real_exercises.values():
            if exercise.name in set(items) - side_lying:
                dose = items[exercise.name][0]
                assert PAINFUL_SIDE not in dose
                assert ("on each side" in dose) == exercise.unilateral, dose


def test_no_outer_hip_starter_move_holds_the_weight_on_one_leg(client, real_exercises):
    """Fresh tester: the outer-hip answer says the routine leaves out moves that let the
    weight hang on one hip, yet listed Single-Leg Calf Raise and Single-Leg Step Down 'on each
    side'. On the page, its htmx partial and the printed summary, no listed move's catalogue
    tags say it holds the weight on one leg (a two-legged move takes the place), and no move
    is done 'on each side' lying on one side."""
    from triage.starter import OUTER_HIP_CAUTION, holds_weight_on_one_leg

    by_name = {e.name: e for e in real_exercises.values()}
    for page in outer_hip_pages(client):  # the page, its htmx partial, the printed summary
        items = routine_items(page)
        assert 4 <= len(items) <= 6
        for name, (dose, _steps) in items.items():
            exercise = by_name[name]
            assert not holds_weight_on_one_leg(candidate_of(exercise)), name
            if exercise.position in OUTER_HIP_CAUTION.one_side_positions:
                assert "on each side" not in dose, name
        two_legged = [
            name for name in items if by_name[name].position == Exercise.Position.STANDING
        ]
        assert two_legged and not any(by_name[name].unilateral for name in two_legged)


@pytest.mark.parametrize("location", ["front_groin", "back_buttock", "diffuse", "deep_inside"])
def test_pain_elsewhere_keeps_side_lying_moves_on_each_side(client, real_exercises, location):
    data = answers(location=location, improving="yes")
    for page in (html(client.post(URL, data)), html(client.post(URL, {**data, "print": "1"}))):
        assert PAINFUL_SIDE not in unescape(page)
        items = routine_items(page)
        if "Clamshell" in items:
            dose, steps = items["Clamshell"]
            assert "on each side" in dose
            assert "Complete your reps, then turn over and work the other side." in steps


@pytest.mark.parametrize(
    ("location", "one_side"),
    [("outer_side", ["clamshell", "banded-clamshell"]), ("front_groin", [])],
)
def test_a_coachs_routine_from_the_answer_keeps_the_side_lying_move_to_the_painful_side(
    client, real_exercises, django_user_model, location, one_side
):
    from urllib.parse import parse_qs, urlsplit

    client.force_login(make_user(django_user_model, coach=True))
    data = answers(location=location, improving="yes", **dict.fromkeys(rules.SIGN_FIELDS, "no"))
    page = html(client.post(URL, data))
    href = re.search(r'href="([^"]*)" target="_blank" rel="noopener">Start a routine from', page)
    query = parse_qs(urlsplit(unescape(href.group(1))).query)
    assert query.get("one_side", []) == one_side
    assert set(one_side) <= set(query["exercise"])
    new = html(client.get(unescape(href.group(1))))
    assert ("Which hip hurts?" in new) == bool(one_side)


def test_a_starter_catalogue_cached_before_the_painful_side_dose_is_not_read(
    client, real_exercises
):
    """An entry the code before cached (same catalogue version, items without their
    painful-side dose) would end an outer-hip answer in a 500 after a deploy."""
    from django.core.cache import cache

    from exercises.catalogue import catalogue_version
    from triage.views import _starter_catalogue

    version = catalogue_version()
    candidates, items = _starter_catalogue()
    old = {
        slug: {k: v for k, v in item.items() if k != "painful_side"} for slug, item in items.items()
    }
    cache.clear()
    cache.set(f"triage:starter-catalogue:{version}", (candidates, old))
    data = answers(location="outer_side", improving="yes", **dict.fromkeys(rules.SIGN_FIELDS, "no"))
    response = client.post(URL, data)
    assert response.status_code == 200
    assert routine_items(html(response))["Clamshell"][0].endswith(f"{PAINFUL_SIDE}, twice a week")


def test_the_rules_page_lists_the_one_leg_moves_the_outer_hip_routine_leaves_out(
    client, real_exercises
):
    from triage.starter import OUTER_HIP_CAUTION, holds_weight_on_one_leg

    page = unescape(client.get(reverse("triage:rules")).content.decode())
    caution = page[page.index('data-caution="outer_side"') :]
    caution = caution[: caution.index("</article>")]
    for exercise in real_exercises.values():
        listed = f"<li>{exercise.name}: " in caution  # with its own reason, or this one
        if exercise.slug not in OUTER_HIP_CAUTION.moves:
            listed = f"<li>{exercise.name}: {OUTER_HIP_CAUTION.one_leg}.</li>" in caution
        on_one_leg = holds_weight_on_one_leg(candidate_of(exercise))
        assert listed == (on_one_leg or exercise.slug in OUTER_HIP_CAUTION.moves), exercise.name
    assert "<li>Single-Leg Calf Raise: it holds your weight on one leg.</li>" in caution


# A hip that may give way ("not sure": "yes" sends the runner to a physio with no routine):
# no starter move that holds the weight on one leg, by the outer-hip filter's test. The older
# test (standing on one leg, or a step) let the Single-Leg Glute Bridge and the Single-Leg
# Sit-to-Stand through.


def test_every_real_one_leg_move_is_left_out_for_a_hip_that_may_give_way(real_exercises):
    from triage.starter import (
        UNSTABLE_HIP_ONE_LEG,
        UNSTABLE_HIP_STEP,
        holds_weight_on_one_leg,
        unsafe_reasons,
    )

    unsure = rules.Answers(
        location=rules.Location.FRONT_GROIN, weight_bearing="full", instability="unsure"
    )
    stable = rules.Answers(
        location=rules.Location.FRONT_GROIN, weight_bearing="full", instability="no"
    )
    on_one_leg = set()
    for exercise in real_exercises.values():
        candidate = candidate_of(exercise)
        said = {UNSTABLE_HIP_ONE_LEG, UNSTABLE_HIP_STEP} & set(unsafe_reasons(candidate, unsure))
        assert bool(said) == holds_weight_on_one_leg(candidate), exercise.name
        assert not {UNSTABLE_HIP_ONE_LEG, UNSTABLE_HIP_STEP} & set(
            unsafe_reasons(candidate, stable)
        ), exercise.name
        if said:
            on_one_leg.add(exercise.name)
            # Every one of them is done one side at a time: "on one leg" is what it asks.
            assert said == {UNSTABLE_HIP_ONE_LEG}, exercise.name
    assert {
        "Single-Leg Glute Bridge",
        "Single-Leg Sit to Stand",
        "Single-Leg Step Down",
        "Single-Leg Calf Raise",
    } <= on_one_leg


@pytest.mark.parametrize("instability", ["yes", "unsure", None])
@pytest.mark.parametrize("location", [location.value for location in rules.Location])
def test_no_real_starter_move_holds_the_weight_on_one_leg_when_the_hip_may_give_way(
    real_exercises, instability, location
):
    """The picker over the real catalogue, at every size. (The checker itself sends a hip
    that is or may be unstable to a physio with no routine; the picker does not rely on it.)"""
    from triage.starter import holds_weight_on_one_leg, starter_routine

    candidates = [candidate_of(e) for e in real_exercises.values()]
    given = rules.Answers(location=location, weight_bearing="full", instability=instability)
    for size in (4, 6, 12):  # 12: as many as the catalogue has that are safe
        routine = starter_routine(given, candidates, size_min=size, size_max=size)
        assert len(routine) >= 4
        for c in routine:
            assert not holds_weight_on_one_leg(c), (size, c.name)


def test_a_painful_side_moves_full_page_link_keeps_to_the_painful_side(client, real_exercises):
    """QA: the outer-hip starter routine has the Clamshell done on the painful side only, lying
    on the side that doesn't hurt, but its "full page" link said to turn over and work the
    other side (lying on the painful hip). Every move the routine keeps to the painful side
    links to its full page for that side, which says so and leaves the other side out; the
    other moves link to the page as it is."""
    from exercises.dosing import PAINFUL_SIDE_ONLY

    by_name = {e.name: e for e in real_exercises.values()}
    page = outer_hip_pages(client)[0]
    links = dict(
        (name, (href, text))
        for href, name, text in re.findall(
            r'<a href="([^"]+)" target="_blank" rel="noopener">([^<:]+): full page([^<]*)<', page
        )
    )
    assert links
    kept = [name for name, (dose, _s) in routine_items(page).items() if PAINFUL_SIDE in dose]
    assert "Clamshell" in kept
    for name, (href, text) in links.items():
        exercise = by_name[unescape(name)]
        if unescape(name) in kept:
            assert href == f"{exercise.get_absolute_url()}?side=painful", href
            assert "steps for the painful side only" in text
            full = unescape(html(client.get(unescape(href))))
            assert f"do this {PAINFUL_SIDE_ONLY}" in full
            steps = re.search(r"The steps below.*?<ol>(.*?)</ol>", full, re.S).group(1)
            assert re.findall(r"<li>", steps)
            assert not re.search(r"turn over|other side|switch", steps), steps
        else:
            assert href == exercise.get_absolute_url(), href
            assert "painful side" not in text
    # The page as it is, from anywhere else: its steps for both sides, with only the
    # catalogue's caution (tests/exercises/test_catalogue_cautions.py) naming the painful side
    # for outer-hip pain.
    clamshell = by_name["Clamshell"]
    plain = unescape(html(client.get(clamshell.get_absolute_url())))
    assert "work the other side" in plain
    assert plain.count(PAINFUL_SIDE_ONLY) == 1
    assert f"With outer-hip pain:</strong> do this {PAINFUL_SIDE_ONLY}" in plain


#: Elements a class hides on paper: print.css's .no-print, Bootstrap's .d-print-none, and its
#: .d-none unless a .d-print-* class shows the element in print.
_SCREEN_ONLY = {"no-print", "d-print-none"}
_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _PrintedText(HTMLParser):
    """The text of a page as printed, as far as its classes say (not print.css's selectors)."""

    def __init__(self):
        super().__init__()
        self.hidden: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        hidden = bool(classes & _SCREEN_ONLY) or (
            "d-none" in classes and not any(c.startswith("d-print-") for c in classes)
        )
        self.hidden.append(hidden or (bool(self.hidden) and self.hidden[-1]))

    def handle_endtag(self, tag):
        if tag not in _VOID and self.hidden:
            self.hidden.pop()

    def handle_data(self, data):
        if not (self.hidden and self.hidden[-1]):
            self.parts.append(data)


def printed_text(page: str) -> str:
    parser = _PrintedText()
    parser.feed(page)
    return " ".join("".join(parser.parts).split())


def test_the_printed_answer_keeps_the_outer_hip_caution(client, real_exercises):
    """Tester: printed, the outer-hip answer kept "Clamshell: ... on the painful side only,
    lying on the side that doesn't hurt" but not the caution beside it (it was screen-only),
    so paper never said what to do when both hips hurt. The answer page (and its htmx partial)
    prints the caution's words for paper, its sources left to the screen, as does the printed
    summary (both must still fit one sheet). On screen the page says it in full, with its
    sources."""
    from triage.starter import OUTER_HIP_CAUTION

    both_hips = "If both hips hurt, leave those moves out."
    page, partial, summary = outer_hip_pages(client)
    for markup in (page, partial):
        printed = printed_text(markup)
        assert f"{PAINFUL_SIDE}, twice a week" in printed
        assert OUTER_HIP_CAUTION.reason_on_paper in printed and both_hips in printed
        assert OUTER_HIP_CAUTION.reason not in printed  # the screen's words, not both
        # On screen: the caution in full, with its sources.
        caution = re.search(r'<p class="small starter-caution">(.*?)</p>', markup, re.S).group(1)
        assert OUTER_HIP_CAUTION.reason in unescape(caution) and "Sources:" in caution
    printed = printed_text(summary)
    assert f"{PAINFUL_SIDE}, twice a week" in printed
    assert OUTER_HIP_CAUTION.reason_on_paper in printed and both_hips in printed
