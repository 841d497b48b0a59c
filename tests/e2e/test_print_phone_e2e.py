"""The print view on a phone (QA: a daily move's tick rows, 7 boxes x 4 weeks, made the page
734 px wide at 390, cutting W3/W4): on screen its weeks wrap and nothing scrolls sideways;
printed (the browser's PDF) each row stays one line, as before."""

import tempfile
from pathlib import Path

import pytest

from exercises.models import Exercise
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, sign_in
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = Path(tempfile.gettempdir()) / "hipcare-screenshots"

ROWS = """() => [...document.querySelectorAll('.tick-row')].map(row => {
    const weeks = [...row.querySelectorAll('.tick-week')].map(week => week.getBoundingClientRect());
    return {tops: new Set(weeks.map(week => Math.round(week.top))).size,
            right: Math.max(...weeks.map(week => week.right))};
})"""


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    daily = make_exercise("Pigeon stretch", kind=Exercise.Kind.STRETCH, unilateral=True)
    return make_routine(coach, title="Hips", exercises=[daily, make_exercise("Glute bridge")])


def test_the_print_view_fits_a_phone_and_prints_as_before(browser, live_server, routine):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(f"{live_server.url}/routines/{routine.pk}/print/")
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "print-view-390.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        rows = page.evaluate(ROWS)
        assert len(rows) >= 3  # left and right of the daily stretch, and the bridge
        assert all(row["right"] <= 390 for row in rows), rows
        assert any(row["tops"] > 1 for row in rows)  # the daily rows wrap between weeks
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", prefer_css_page_size=False)
        (SCREENSHOTS / "print-view-390.pdf").write_bytes(pdf)
        assert all(row["tops"] == 1 for row in page.evaluate(ROWS))  # one line each on paper
    finally:
        context.close()
