"""The printed tick boxes fit the paper for every dose a coach may set (fresh tester: Fire
Hydrant at "2 x 10, 3 times a day" ran its boxes off the right edge in W2 and lost W3-W4; at 14
a day only part of W1 was on the paper). A move done several times a day has a box a day to
write the number in; a row too wide for the paper wraps between weeks, each week whole."""

import re
from itertools import count

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from exercises.models import Exercise
from routines import services
from routines.models import MAX_TIMES, Routine
from routines.views import WEEKS_TO_LOG, _sheet_context, _sheet_routine, html_to_document
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db

#: Paper width and the sheet's side margins (static/css/sheet.css's @page), in mm.
PAPER_MM = {"A4": 210, "letter": 215.9}
MARGIN_MM = 12
BOX_MM = {"tick-box": 4, "tick-box tick-day": 6}
#: Every "how often" a coach may set that gives a distinct row: a week's 1 to MAX_TIMES, a
#: day's 1 to MAX_TIMES.
DOSES = [(n, "week") for n in (1, 2, 7, 8, 10, MAX_TIMES)] + [
    (n, "day") for n in (1, 2, 3, 5, 7, MAX_TIMES)
]


def sheet_html(coach) -> tuple[str, Routine]:
    exercises = [
        make_exercise(f"Move {n}", unilateral=True, steps=("Do it.",)) for n in range(len(DOSES))
    ]
    routine = make_routine(coach, title="Every dose", exercises=exercises)
    for item, (times, period) in zip(routine.items.order_by("position"), DOSES, strict=True):
        item.frequency_min = item.frequency_max = times
        item.frequency_period = period
        item.side = "each"
        item.save()
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    request.user = coach
    routine = _sheet_routine(Routine.objects.all(), pk=routine.pk)
    html = render_to_string(
        "routines/print.html", {**_sheet_context(request, routine), "pdf": True}, request
    )
    return html, routine


def with_box_ids(html: str) -> str:
    """Each tick box with an id of its own (WeasyPrint gives each page's anchors' places)."""
    number = count()
    return re.sub(
        r'<span class="(tick-box(?: tick-day)?)">',
        lambda m: f'<span class="{m[1]}" id="box-{next(number)}__{m[1].replace(" ", "_")}">',
        html,
    )


@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_every_tick_box_of_every_dose_is_on_the_paper(coach, paper):
    html, routine = sheet_html(coach)
    html = with_box_ids(html)
    boxes = html.count('<span class="tick-box')
    document = html_to_document(html, paper=paper)
    px_per_mm = 96 / 25.4
    # An anchor's place starts with its left edge (x, y: WeasyPrint 70 adds its far corner).
    placed = {
        name: place[0]
        for page in document.pages
        for name, place in page.anchors.items()
        if name.startswith("box-")
    }
    assert len(placed) == boxes  # none lost
    right = (PAPER_MM[paper] - MARGIN_MM) * px_per_mm
    for name, x in placed.items():
        kind = name.split("__")[1].replace("_", " ")
        assert x + BOX_MM[kind] * px_per_mm <= right + 0.5, (name, x / px_per_mm)


def test_a_move_done_several_times_a_day_has_a_box_a_day(client, coach):
    hydrant = make_exercise("Fire hydrant", unilateral=True)
    squat = make_exercise("Squat", kind=Exercise.Kind.STRENGTH)
    routine = make_routine(coach, exercises=[hydrant, squat])
    item = routine.items.get(position=1)
    item.sets_min = item.sets_max = 2
    item.frequency_min = item.frequency_max = 3
    item.frequency_period = "day"
    item.side = "each"
    item.save()
    client.force_login(coach)
    html = client.get(f"/routines/{routine.pk}/print/").content.decode()
    card = html.split(f'id="sheet-item-{item.pk}"')[1].split('<li class="sheet-exercise"')[0]
    rows = card.split('class="tick-row')[1:]
    assert len(rows) == 2  # left and right
    for row in rows:
        assert "a box a day for 3 times a day" in row
        assert "3 a day:" in row
        assert row.count("tick-box tick-day") == 7 * WEEKS_TO_LOG
        assert [f"W{n}" for n in range(1, WEEKS_TO_LOG + 1)] == re.findall(r">(W\d)<", row)
    assert "each box is a day: write in it how many times you did it" in html
    # The squat, twice a week: a box per session, and no such line where no move needs it.
    item.frequency_period = "week"
    services.routine_save_item(item=item)
    html = client.get(f"/routines/{routine.pk}/print/").content.decode()
    assert "each box is a day" not in html and "tick-day" not in html


def _tick_rows(html: str, item_pk: int) -> list[tuple[str, int]]:
    card = html.split(f'id="sheet-item-{item_pk}"')[1].split('<li class="sheet-exercise"')[0]
    rows = card.split('class="tick-row"')[1:]
    return [(row.split('aria-label="')[1].split('"')[0], row.count("tick-box")) for row in rows]


def test_tick_rows_follow_the_frequency_and_the_side(client, coach):
    stretch = Exercise.objects.create(
        name="Hamstring stretch", slug="hamstring-stretch", kind=Exercise.Kind.STRETCH,
        purpose="Stretch.", why="Why.", position=Exercise.Position.STANDING, unilateral=True,
        sets_min=1, sets_max=1, hold_seconds_min=30, hold_seconds_max=60,
        frequency_min=1, frequency_max=1, frequency_period=Exercise.Period.DAY,
    )  # fmt: skip
    bridge = Exercise.objects.create(
        name="Glute bridge", slug="glute-bridge", kind=Exercise.Kind.STRENGTH, purpose="Glutes.",
        why="Why.", position=Exercise.Position.LYING_BACK, sets_min=1, sets_max=3, reps_min=8,
        reps_max=10, frequency_min=2, frequency_max=2,
    )  # fmt: skip
    routine = make_routine(coach, exercises=[stretch, bridge, stretch])
    one_side = routine.items.get(position=3)
    one_side.side = "left"
    one_side.save()
    client.force_login(coach)
    html = client.get(f"/routines/{routine.pk}/print/").content.decode()
    weeks = html.count('<span class="tick-week-label">W1<') // 4
    assert weeks == 1  # W1 once per row: four rows in all
    daily, twice, left = (routine.items.get(position=n).pk for n in (1, 2, 3))
    # A daily stretch on each side: a row per side, 7 boxes a week each (4 weeks shown).
    assert _tick_rows(html, daily) == [("Left: 7 boxes a week", 28), ("Right: 7 boxes a week", 28)]
    # A twice-weekly move for both sides together: one row, 2 a week.
    assert _tick_rows(html, twice) == [("2 boxes a week", 8)]
    # One side only: one row, for that side.
    assert _tick_rows(html, left) == [("Left side: 7 boxes a week", 28)]
