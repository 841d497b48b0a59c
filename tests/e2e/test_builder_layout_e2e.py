"""The builder on a phone and without JavaScript, in a real browser.

On a narrow screen the routine (what the coach is building) comes first and the catalogue to
add from after it, in the page's source order (so reading, keyboard and screen order agree),
with an "Add exercises" link at the routine's top. Without JavaScript, Remove offers Undo on
the next page without putting its token in the address, focused, once."""

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, PHONE, assert_no_axe_violations, sign_in
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)
DESKTOP = {"width": 1280, "height": 800}
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


def _box(page, selector: str) -> dict:
    box = page.locator(selector).bounding_box()
    assert box, f"{selector} is not shown"
    return box


def _before_in_source(page, first: str, second: str) -> bool:
    return page.evaluate(
        "([a, b]) => !!(document.querySelector(a).compareDocumentPosition("
        "document.querySelector(b)) & Node.DOCUMENT_POSITION_FOLLOWING)",
        [first, second],
    )


def test_on_a_phone_the_routine_comes_before_the_catalogue(browser, live_server, routine):
    context, page = _new_page(browser, live_server, PHONE)
    try:
        page.goto(live_server.url + routine.get_absolute_url())
        page.wait_for_load_state()
        routine_top = _box(page, "#routine-heading")["y"]
        catalogue_top = _box(page, "#catalogue-heading")["y"]
        assert routine_top < catalogue_top, (routine_top, catalogue_top)
        # Screen order is source order: keyboard and screen reader meet the routine first.
        assert _before_in_source(page, "#routine-panel", "#add-exercises")
        _shot(page, "order-390")
        assert_no_axe_violations(page)
        # One tap from the routine's top to the catalogue, whose search box is next to Tab to.
        page.locator("#routine-panel").get_by_role(
            "link", name=re.compile("^Add exercises")
        ).click()
        expect(page.locator("#catalogue-heading")).to_be_in_viewport()
        page.keyboard.press("Tab")
        expect(page.get_by_label("Search")).to_be_focused()
    finally:
        context.close()


def test_on_a_wide_screen_the_routine_is_on_the_left_and_the_catalogue_beside_it(
    browser, live_server, routine
):
    context, page = _new_page(browser, live_server, DESKTOP)
    try:
        page.goto(live_server.url + routine.get_absolute_url())
        page.wait_for_load_state()
        panel, catalogue = _box(page, "#routine-panel"), _box(page, "#add-exercises")
        assert panel["x"] + panel["width"] <= catalogue["x"], (panel, catalogue)
        assert abs(_box(page, "#routine-bar")["y"] - catalogue["y"]) < 80  # side by side
        _shot(page, "order-1280")
        assert_no_axe_violations(page)
    finally:
        context.close()


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
