"""Archiving a shared routine in the browser: the step says what becomes of the link, with and
without JavaScript, and an emergency the runner logs afterwards still shows on the coach's
list (marked Archived, and in the summary above the filters)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from routines import services
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, assert_no_axe_violations, sign_in
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [True, False])
def test_archiving_a_shared_routine_keeps_its_alerts_in_sight(
    browser, live_server, django_user_model, javascript
):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    routine = make_routine(coach, title="Hips", exercises=[make_exercise("Clamshell")])
    services.routine_share(routine=routine)
    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(live_server.url + routine.get_absolute_url())
        page.get_by_role("button", name="Archive", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Archive “Hips”?")
        expect(page.get_by_text("archiving alone does not stop the runner's link")).to_be_visible()
        if javascript:
            assert_no_axe_violations(page)
        page.get_by_role("button", name="Archive, keep the link").click()
        expect(page.get_by_text("Its share link still works")).to_be_visible()
        services.session_log(
            routine=routine,
            day=timezone.localdate(),
            pain=7,
            done=[],
            warning_signs=["saddle_or_bladder"],
        )
        page.reload()
        row = page.locator(f'tr[data-routine="{routine.pk}"]')
        expect(row).to_contain_text("Told to get emergency care")
        expect(row).to_contain_text("Archived")
        expect(page.locator("#needs-a-look")).to_contain_text("Hips")
        if javascript:
            assert_no_axe_violations(page)
    finally:
        context.close()
