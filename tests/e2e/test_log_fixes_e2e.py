"""Browser tests for the fix-log findings, on a phone (390x844, touch): a routine deleted in
another tab, and the size of every button on the builder, the shared page and the log."""

import pytest
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import sign_in
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct-horse-battery"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    moves = [make_exercise(f"Move {n}", loadable=True) for n in range(3)]
    routine = make_routine(coach, title="Hips", exercises=moves)
    services.routine_share(routine=routine)
    return routine


def _phone(browser, *, javascript=True):
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
        reduced_motion="reduce",
    )
    context.set_default_timeout(10_000)
    return context


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_action_on_a_routine_deleted_in_another_tab_says_so(
    browser, live_server, routine, javascript
):
    context = _phone(browser, javascript=javascript)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(live_server.url + routine.get_absolute_url())
        item = routine.items.order_by("position")[1]
        Routine.objects.filter(pk=routine.pk).delete()  # deleted elsewhere (admin, another tab)
        page.locator(f"#move-up-{item.pk}").click()
        if javascript:
            alert = page.locator("#page-alert")
            expect(alert).to_contain_text("This routine no longer exists")
            link = alert.get_by_role("link", name="Your routines")
            expect(link).to_be_focused()
            box = alert.bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
        else:
            expect(page.locator("h1")).to_contain_text("This routine no longer exists")
            link = page.get_by_role("link", name="Your routines")
        link.click()
        page.wait_for_load_state()
        assert page.url.endswith("/routines/")
    finally:
        context.close()
