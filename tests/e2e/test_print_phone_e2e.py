"""The print view on a phone (QA: a daily move's tick rows, 7 boxes x 4 weeks, made the page
734 px wide at 390, cutting W3/W4): on screen its weeks wrap and nothing scrolls sideways;
printed (the browser's PDF), at the width A4 and Letter leave inside the margins, a daily row
stays one line, and a row wider than that (a move done three times a day: fresh tester, W2 ran
off the paper and W3-W4 were gone) wraps between weeks, every box on the paper."""

import tempfile
from pathlib import Path

import pytest

from exercises.models import Exercise
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, assert_no_axe_violations, sign_in
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = Path(tempfile.gettempdir()) / "hipcare-screenshots"

ROWS = """() => [...document.querySelectorAll('.tick-row')].map(row => {
    const weeks = [...row.querySelectorAll('.tick-week')].map(week => week.getBoundingClientRect());
    return {tops: new Set(weeks.map(week => Math.round(week.top))).size,
            weeks: weeks.length, days: row.classList.contains('tick-row-days'),
            right: Math.max(...weeks.map(week => week.right))};
})"""
#: The width inside the sheet's @page margins (12 mm each side), in CSS px: A4, Letter.
PRINTED_WIDTHS = {"A4": round((210 - 24) * 96 / 25.4), "Letter": round((215.9 - 24) * 96 / 25.4)}


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    daily = make_exercise("Pigeon stretch", kind=Exercise.Kind.STRETCH, unilateral=True)
    hydrant = make_exercise("Fire hydrant", unilateral=True)
    routine = make_routine(
        coach, title="Hips", exercises=[daily, make_exercise("Glute bridge"), hydrant]
    )
    item = routine.items.get(exercise=hydrant)
    item.sets_min, item.sets_max, item.reps_min, item.reps_max = 2, 2, 10, 10
    item.frequency_min = item.frequency_max = 3
    item.frequency_period, item.side = "day", "each"
    item.save()
    return routine


def test_the_print_view_fits_a_phone_and_prints_as_before(browser, live_server, routine):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(f"{live_server.url}/routines/{routine.pk}/print/")
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "print-view-390.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_no_axe_violations(page)  # the box-a-day rows' names and their "3 a day:"
        rows = page.evaluate(ROWS)
        assert len(rows) >= 5  # each side of the stretch and the hydrant, and the bridge
        assert all(row["right"] <= 390 for row in rows), rows
        assert any(row["tops"] > 1 for row in rows)  # the daily rows wrap between weeks
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", prefer_css_page_size=False)
        (SCREENSHOTS / "print-view-390.pdf").write_bytes(pdf)
        for paper, width in PRINTED_WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 1100})
            rows = page.evaluate(ROWS)
            assert all(row["weeks"] == 4 and row["right"] <= width for row in rows), (paper, rows)
            # One line each for a box per session; the hydrant's box a day, 3 times a day,
            # wraps between weeks.
            assert [row["tops"] for row in rows if not row["days"]] == [1, 1, 1], (paper, rows)
            assert [row["days"] for row in rows].count(True) == 2
    finally:
        context.close()


def test_the_print_view_has_a_print_button_on_a_phone(browser, live_server, routine):
    """QA at 390 px: only "use Ctrl+P, or ⌘P on a Mac", which a phone has not. With JavaScript
    a Print button opens the print dialog (window.print, stubbed here to count the calls);
    without it the button stays hidden and the words say how to print from the browser."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    try:
        page.add_init_script("window.__prints = 0; window.print = () => { window.__prints += 1; };")
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(f"{live_server.url}/routines/{routine.pk}/print/")
        button = page.get_by_role("button", name="Print", exact=True)
        assert button.is_visible()
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        # Thumb-sized, as every other control: the button and the view's links.
        assert box["height"] >= 44
        for link in page.locator(".print-controls a").all():
            assert link.bounding_box()["height"] >= 44, link.inner_text()
        assert "browser's menu" in page.locator("#print-help").inner_text()
        button.click()
        assert page.evaluate("window.__prints") == 1  # once a click, not twice
        button.focus()
        page.keyboard.press("Enter")
        assert page.evaluate("window.__prints") == 2
        assert_no_axe_violations(page)
        assert not errors, errors  # no CSP refusal
    finally:
        context.close()
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(f"{live_server.url}/routines/{routine.pk}/print/")
        assert page.get_by_role("button", name="Print", exact=True).count() == 0
        assert page.locator("#print-help").is_visible()
    finally:
        context.close()
