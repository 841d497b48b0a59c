"""On a phone the routine bar is fixed at the bottom of the screen: nothing important may sit
under it. The page ends with room for it, and the Undo offer (with or without JavaScript) and
the share link are shown above it."""

import pytest
from playwright.sync_api import expect

from routines import services
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, PHONE, settled, sign_in
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    moves = [
        make_exercise(f"Single-leg Romanian deadlift to knee drive variation {n}", loadable=True)
        for n in range(6)
    ]
    routine = make_routine(coach, title="Hips", exercises=moves)
    services.routine_share(routine=routine)
    return routine


def _page(browser, live_server, *, javascript=True):
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
        reduced_motion="reduce",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, live_server, "sam", PASSWORD)
    return context, page


def _bottom(page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    assert box, selector
    return box["y"] + box["height"]


def _bar_top(page) -> float:
    return page.locator("#routine-bar").bounding_box()["y"]


def _put_at_the_bottom(page, selector: str) -> None:
    """Scroll so that `selector` sits just above the bar, where a coach's thumb taps it."""
    page.locator(selector).evaluate(
        "(el) => { const bar = document.getElementById('routine-bar').getBoundingClientRect();"
        " const box = el.getBoundingClientRect();"
        " window.scrollBy(0, box.bottom - bar.top + 4); }"
    )
    page.wait_for_timeout(100)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_undo_offer_of_a_preset_tapped_at_the_bottom_is_shown_above_the_bar(
    browser, live_server, routine, javascript
):
    context, page = _page(browser, live_server, javascript=javascript)
    try:
        page.goto(live_server.url + routine.get_absolute_url())
        page.select_option("#preset_level", index=2)
        _put_at_the_bottom(page, "#preset-apply")
        page.locator("#preset-apply").click()
        page.locator("#undo-button").wait_for()
        settled(page)  # scrolled above the bar: after the swap settled, or by its autofocus
        assert _bottom(page, "#undo-button") <= _bar_top(page) + 0.5
        assert page.locator(".undo-box").bounding_box()["y"] >= 0
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_undo_offer_is_shown_above_the_bar(browser, live_server, routine, javascript):
    context, page = _page(browser, live_server, javascript=javascript)
    try:
        page.goto(live_server.url + routine.get_absolute_url())
        last = routine.items.order_by("position").last()
        page.locator(f"#remove-{last.pk}").click()
        page.locator("#undo-button").wait_for()
        settled(page)
        assert _bottom(page, ".undo-box") <= _bar_top(page) + 0.5
        assert page.locator(".undo-box").bounding_box()["y"] >= 0
    finally:
        context.close()


def test_the_page_ends_above_the_bar_and_the_share_link_scrolls_clear_of_it(
    browser, live_server, routine
):
    context, page = _page(browser, live_server)
    try:
        page.goto(live_server.url + routine.get_absolute_url())
        page.wait_for_load_state()
        # A long notice makes the bar taller (up to its two lines: test_bar_notice_fits_e2e).
        page.locator(f"#remove-{routine.items.order_by('position').first().pk}").click()
        page.locator("#undo-button").wait_for()
        settled(page)  # the bar's height measured again (a ResizeObserver) after the swap
        bar = page.locator("#routine-bar").bounding_box()["height"]
        assert bar > 55
        # The room kept for it follows its height, as does the scrolling margin.
        room = page.evaluate(
            "[parseFloat(getComputedStyle(document.body).paddingBottom),"
            " parseFloat(getComputedStyle(document.documentElement).scrollPaddingBottom)]"
        )
        assert all(value >= bar for value in room), (room, bar)
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_timeout(200)
        # The last thing in the page (the footer's last line) is above the bar.
        assert _bottom(page, "footer") <= _bar_top(page) + 0.5
        # Scrolled to as a link to it would, the share link's text stops above the bar.
        page.locator("#share-link").evaluate("el => el.scrollIntoView({block: 'end'})")
        page.wait_for_timeout(200)
        assert _bottom(page, "#share-link") <= _bar_top(page) + 0.5
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_moving_an_item_removed_in_another_tab_shows_the_routine_as_it_is(
    browser, live_server, routine, javascript
):
    """Tabs A and B on the builder; A removes an item, then B taps its Move up."""
    context, tab_a = _page(browser, live_server, javascript=javascript)
    try:
        tab_b = context.new_page()
        for tab in (tab_a, tab_b):
            tab.goto(live_server.url + routine.get_absolute_url())
        gone = routine.items.order_by("position")[4]
        tab_a.locator(f"#remove-{gone.pk}").click()
        tab_a.locator("#undo-button").wait_for()
        tab_b.locator(f"#move-up-{gone.pk}").click()
        # With htmx in the panel; without, as the page's message above it.
        expect(tab_b.locator("main")).to_contain_text("That exercise is no longer in the routine")
        expect(tab_b.locator(f"#item-{gone.pk}")).to_have_count(0)
        expect(tab_b.locator(".routine-item")).to_have_count(5)
        wanted = routine.get_absolute_url() + ("" if javascript else "#routine-panel")
        assert tab_b.url.endswith(wanted)
        if javascript:
            expect(tab_b.locator("#routine-heading")).to_be_focused()
        assert "Page not found" not in tab_b.content()
    finally:
        context.close()
