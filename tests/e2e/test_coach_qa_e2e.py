"""Browser tests for the coach's QA findings on a phone (390x844, touch): every control and
standalone link on the builder is at least 44 px; a refusal in the builder's bar looks like one
and covers nothing the coach is reading."""

import copy

import pytest
from playwright.sync_api import expect

from routines import services
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, phone_context, sign_in
from tests.figures.test_pages import MARCH
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)

#: Controls and standalone links. A link is standalone when it is all the text of its parent
#: (a breadcrumb, "Open the dose form"); a link inside a sentence is exempt (WCAG 2.5.8).
SMALL_CONTROLS = """() => {
  const controls = 'button, input:not([type=hidden]):not([type=checkbox]):not([type=radio]),'
    + ' select, textarea, [role=button], summary, a[href]';
  const text = (el) => el.textContent.replace(/\\s+/g, ' ').trim();
  return Array.from(document.querySelectorAll(controls)).filter((el) => {
    const box = el.getBoundingClientRect();
    if (!(box.width > 0 && box.height > 0) || getComputedStyle(el).visibility === 'hidden') {
      return false;
    }
    if (el.closest('.visually-hidden, .visually-hidden-focusable')) return false;
    if (el.tagName === 'A' && !el.classList.contains('btn')
        && text(el.parentElement) !== text(el)) return false;  // inside a sentence
    return box.width < 44 || box.height < 44;
  }).map((el) => `${el.tagName.toLowerCase()} "${text(el).slice(0, 40)}" `
    + `${Math.round(el.getBoundingClientRect().width)}x`
    + `${Math.round(el.getBoundingClientRect().height)}`);
}"""


def test_every_control_and_standalone_link_on_the_builder_is_44px(browser, live_server, routine):
    context = phone_context(browser)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        # A log with a stop and a deleted entry: the follow-up panel's cards and links too.
        day = routine.created.date()
        services.session_log(routine=routine, day=day, pain=8, done=[])
        services.session_delete(
            session=services.session_log(routine=routine, day=day, pain=6, done=[])
        )
        page.goto(live_server.url + routine.get_absolute_url())
        for details in page.locator("#follow-up details").all():
            details.locator("summary").click()
        # One dose form open, as the tester had it.
        page.locator(".dose-editor summary").first.click()
        expect(page.locator(".dose-editor .dose-form").first).to_be_visible()
        small = page.evaluate(SMALL_CONTROLS)
        assert not small, "\n".join(small)
    finally:
        context.close()


def test_a_refusal_in_the_builders_bar_looks_like_one_and_is_short(browser, live_server, routine):
    context = phone_context(browser)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(live_server.url + routine.get_absolute_url())
        item = routine.items.order_by("position")[1]
        services.routine_remove_item(item=item)  # removed in another tab
        page.locator(f"#move-up-{item.pk}").click()
        notice = page.locator("#routine-notice")
        expect(notice).to_have_text("Not done: see why in the routine.")
        colour = notice.evaluate("(el) => getComputedStyle(el).backgroundColor")
        assert colour == "rgb(248, 215, 218)"  # Bootstrap's danger alert, not the green
        alert = page.locator("#routine-panel .alert-danger[role=alert]")
        expect(alert).to_contain_text("no longer in the routine")
        # What the coach reads (the panel's alert, the focused heading) is above the bar.
        bar = page.locator("#routine-bar").bounding_box()
        for part in (alert, page.locator("#routine-heading")):
            box = part.bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= bar["y"], (box, bar)
        assert bar["height"] <= 100, bar
    finally:
        context.close()


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]
)
def test_every_routine_card_is_laid_out_the_same_way(
    browser, live_server, django_user_model, viewport
):
    """QA: the last card (a short name) put its title beside the picture while the others put
    it below, and its "Place" was pushed right of "Move up"."""
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    names = ["Fire Hydrant with a long band", "Clamshell", "Glute Bridge"]
    moves = [make_exercise(name, figure=copy.deepcopy(MARCH)) for name in names]
    routine = make_routine(coach, title="Hips", exercises=moves)
    context = browser.new_context(viewport=viewport, has_touch=viewport["width"] < 500)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(live_server.url + routine.get_absolute_url())
        layouts = page.evaluate(
            """() => Array.from(document.querySelectorAll('.routine-item')).map((card) => {
              const box = (sel) => card.querySelector(sel).getBoundingClientRect();
              const thumb = box('.routine-thumb'), title = box('h3');
              return {
                below: title.top >= thumb.bottom - 1,
                titleLeft: Math.round(title.left - card.getBoundingClientRect().left),
                placeVsMoveUp: Math.round(box('.move-to-place label').left
                                          - box('[id^=move-up-]').left),
              };
            })"""
        )
        assert len(layouts) == 3
        assert all(layout == layouts[0] for layout in layouts), layouts
        assert layouts[0]["placeVsMoveUp"] == 0, layouts
    finally:
        context.close()
