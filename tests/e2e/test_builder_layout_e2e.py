"""The builder without JavaScript, in a real browser: Remove offers Undo on the next page
without putting its token in the address, focused, once."""

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import sign_in
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct-horse-battery"
PHONE = {"width": 390, "height": 844}
# Screenshots to look at (not compared).
SCREENSHOTS = Path(tempfile.gettempdir()) / "hipcare-screenshots"


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    moves = [make_exercise(name) for name in ("Clamshell", "Glute bridge", "Side plank")]
    return make_routine(coach, title="Hips", exercises=moves[:2])


def _new_page(browser, live_server, viewport, *, javascript=True):
    context = browser.new_context(
        viewport=viewport, java_script_enabled=javascript, reduced_motion="reduce"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, live_server, "sam", PASSWORD)
    return context, page


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"builder-{name}.png"), full_page=True, caret="initial")


def test_without_javascript_undo_is_offered_once_focused_and_never_in_the_address(
    browser, live_server, routine
):
    context, page = _new_page(browser, live_server, PHONE, javascript=False)
    clam = routine.items.get(exercise__name="Clamshell")
    try:
        page.goto(live_server.url + routine.get_absolute_url())
        page.locator(f"#item-{clam.pk}").get_by_role("button", name="Remove").click()
        expect(page.locator(f"#item-{clam.pk}")).to_have_count(0)
        undo = page.get_by_role("button", name=re.compile("^Undo"))
        token = undo.locator("xpath=..").locator("input[name=undo]").get_attribute("value")
        assert "undo" not in page.url and token not in page.url
        expect(undo).to_be_focused()  # the keyboard can undo at once, as with htmx
        _shot(page, "nojs-undo-390")
        undo.press("Enter")
        expect(page.locator(".routine-item").first.locator("h3")).to_contain_text("1. Clamshell")
        assert "undo" not in page.url
        expect(page.get_by_role("button", name=re.compile("^Undo"))).to_have_count(0)
        # Neither a reload nor Back to the page that offered it offers it again.
        page.reload()
        expect(page.get_by_role("button", name=re.compile("^Undo"))).to_have_count(0)
        page.go_back()
        expect(page.locator("#routine-heading")).to_be_visible()
        expect(page.get_by_role("button", name=re.compile("^Undo"))).to_have_count(0)
        assert routine.items.filter(exercise__name="Clamshell").count() == 1
    finally:
        context.close()
