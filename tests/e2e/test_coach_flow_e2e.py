"""The coach's builder in a real browser, on a phone (390x844) and a desktop (1280x900): while
the runner's log has an alert, the alert comes before the share panel (link and QR code), so
on a phone the coach reaches it without scrolling past them; and the Duplicate step fetched in
with htmx takes the focus and is axe clean. Screenshots to look at (not compared) go to
<tmp>/hipcare-screenshots/coach-flow-*.png. The server's side: tests/routines/test_coach_flow.py."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from routines import services
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, assert_no_axe_violations, sign_in
from tests.routines.conftest import log_session, make_routine

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = Path(tempfile.gettempdir()) / "hipcare-screenshots"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    moves = [make_exercise(name) for name in ("Clamshell", "Glute bridge")]
    routine = make_routine(coach, title="Hips", for_whom="Anna", exercises=moves)
    services.routine_share(routine=routine)
    return routine


def _page(browser, live_server, size: str):
    context = browser.new_context(viewport=SIZES[size], reduced_motion="reduce")
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, live_server, "sam", PASSWORD)
    return context, page


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_log_s_alert_comes_before_the_share_panel(browser, live_server, routine, size):
    log_session(routine, days_ago=0, pain=8)
    context, page = _page(browser, live_server, size)
    page.goto(live_server.url + routine.get_absolute_url())
    alert = page.locator("#follow-up .stop-alert").first
    expect(alert).to_be_visible()
    alert_box = alert.bounding_box()
    share_box = page.locator("#share").bounding_box()
    # Above the share panel, its top on the first screen (no scrolling to find it).
    assert alert_box["y"] + alert_box["height"] <= share_box["y"], (alert_box, share_box)
    assert alert_box["y"] < SIZES[size]["height"], alert_box
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"coach-flow-alert-{size}.png"), caret="initial")
    page.screenshot(
        path=str(SCREENSHOTS / f"coach-flow-alert-{size}-full.png"), full_page=True, caret="initial"
    )
    context.close()


def test_the_duplicate_step_comes_in_focused_and_makes_one_copy(browser, live_server, routine):
    context, page = _page(browser, live_server, "phone")
    page.goto(live_server.url + routine.get_absolute_url())
    page.get_by_role("link", name="Duplicate").click()
    heading = page.locator(f"#duplicate-heading-{routine.pk}")
    expect(heading).to_be_focused()
    expect(page.get_by_label("Title of the copy")).to_have_value("Copy of Hips")
    expect(page.get_by_label("Who the copy is for")).to_have_value("")
    assert_no_axe_violations(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "coach-flow-duplicate-phone.png"), caret="initial")
    # Sent back with its message, in place.
    page.get_by_label("Title of the copy").fill("")
    page.get_by_role("button", name="Make the copy").click()
    expect(page.get_by_text("Give the routine a title.")).to_be_visible()
    expect(page.get_by_label("Title of the copy")).to_be_focused()
    page.get_by_label("Title of the copy").fill("Hips for Ben")
    page.get_by_label("Who the copy is for").fill("Ben")
    page.get_by_role("button", name="Make the copy").click()
    expect(page.get_by_text("You are now editing the copy")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hips for Ben")
    assert routine.owner.routines.count() == 2
    context.close()
