"""QA (390x844): after saving a dose with a long load note, the builder bar's confirmation took
about 170 of 844 px and covered the item just saved; after a move it still showed 20 s later.
Over every builder action that answers in the bar (add, remove, undo, move up, move down, move
to a place, a preset, a dose with a long note): the notice is at most two short lines, the bar
stays modest, neither covers the focused element nor the item just changed, and the notice is
set aside a few seconds later while staying in the live region, focus untouched."""

import pytest
from playwright.sync_api import expect

from routines import services
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, PHONE, settled, sign_in
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)

LONG_NOTE = "SupercalifragilisticexpialidociousSupercalifragil, left side only, twice a week"
#: At most two lines of the bar's .875rem text, and the bar around it with its link.
NOTICE_MAX, BAR_MAX = 50, 100


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    moves = [
        make_exercise(f"Single-leg Romanian deadlift to knee drive variation {n}", loadable=True)
        for n in range(5)
    ]
    make_exercise("Bulgarian split squat with a long name for wrapping", loadable=True)
    routine = make_routine(coach, title="Hips", exercises=moves)
    services.routine_share(routine=routine)
    return routine


def _overlap(a, b) -> bool:
    return a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def _check(page, action: str, changed: str | None) -> None:
    settled(page)  # the focus placed and kept in view, the bar measured, after the swap
    notice = page.locator("#routine-notice")
    assert notice.inner_text().strip(), action
    bar = page.locator("#routine-bar").bounding_box()
    box = notice.bounding_box()
    assert box["height"] <= NOTICE_MAX, (action, box, notice.inner_text())
    assert bar["height"] <= BAR_MAX, (action, bar)
    focused = page.evaluate(
        "(() => { const el = document.activeElement; if (!el || el === document.body) return null;"
        " const r = el.getBoundingClientRect(); return {y: r.y, height: r.height}; })()"
    )
    if focused and focused["height"] < PHONE["height"] - BAR_MAX:
        assert not _overlap(focused, bar), (action, focused, bar)
    if changed:
        item = page.locator(changed).bounding_box()
        assert item and not _overlap(item, bar), (action, item, bar)


def test_no_builder_notice_covers_what_the_coach_is_working_on(browser, live_server, routine):
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, reduced_motion="reduce"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(live_server.url + routine.get_absolute_url())
        page.wait_for_load_state()
        items = list(routine.items.order_by("position"))
        first, second, last = items[0], items[1], items[-1]

        # A dose with a long load note, saved from the item's own form.
        page.locator(f"#item-{first.pk} details.dose-editor summary").click()
        note = page.locator(f"#item-{first.pk} [name$=load_note]")
        note.wait_for()
        note.fill(LONG_NOTE)
        page.locator(f"#item-{first.pk} .dose-form button[type=submit]").click()
        expect(page.locator("#routine-notice")).to_contain_text("Saved the dose")
        _check(page, "dose", f"#item-{first.pk} .dose-line")

        page.locator(f"#move-down-{first.pk}").click()
        page.locator(f"#item-{first.pk} .item-position", has_text="2.").wait_for()
        _check(page, "move down", f"#item-{first.pk}-heading")

        page.locator(f"#move-up-{last.pk}").click()
        page.locator(f"#item-{last.pk} .item-position", has_text=f"{len(items) - 1}.").wait_for()
        _check(page, "move up", f"#item-{last.pk}-heading")

        page.fill(f"#place-{second.pk}", "4")
        page.locator(f"#move-to-{second.pk}").click()
        page.locator(f"#item-{second.pk} .item-position", has_text="4.").wait_for()
        _check(page, "move to a place", f"#item-{second.pk}-heading")

        page.locator(f"#remove-{last.pk}").click()
        page.locator("#undo-button").wait_for()
        _check(page, "remove", ".undo-box")

        page.locator("#undo-button").click()
        page.locator(f"#item-{last.pk}").wait_for()
        _check(page, "undo", None)

        add = page.locator("[id^=add-bulgarian-split-squat]")
        add.scroll_into_view_if_needed()
        add.click()
        page.locator("[id^=in-routine-bulgarian-split-squat]").wait_for()
        _check(page, "add", None)

        page.select_option("#preset_level", index=2)
        page.locator("#preset-apply").click()
        page.locator("#undo-button").wait_for()
        _check(page, "preset", ".undo-box")

        # Set aside a few seconds later: off screen, still in the live region, focus kept.
        focused_before = page.evaluate("document.activeElement.id")
        text = page.locator("#routine-notice").text_content()
        page.wait_for_timeout(7_000)
        notice = page.locator("#routine-notice")
        assert notice.get_attribute("role") == "status"
        assert notice.text_content() == text and text.strip()
        assert notice.bounding_box()["height"] <= 1
        assert page.locator("#routine-bar").bounding_box()["height"] <= 70
        assert page.evaluate("document.activeElement.id") == focused_before
    finally:
        context.close()
