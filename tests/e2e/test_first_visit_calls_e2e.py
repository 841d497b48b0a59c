"""Fresh tester, a new browser in America/Los_Angeles opening a shared link whose advice is
"see a doctor today": the first load said "Call 111 (UK)" and "Call 999 (UK)", and only a
reload "Call 911 (US and Canada)". Every block of care numbers (the emergency buttons, and
now the urgent-care lines: triage/_urgent_calls.html) is redrawn for the browser's zone on a
first visit, as static/js/hipcare.js already did for the emergency buttons. Without
JavaScript the page keeps the UK's numbers, each said as the UK's, with "Not in the UK?"."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import assert_no_axe_violations, phone_context
from tests.routines.conftest import log_session, make_routine

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_first_visit_from_los_angeles_shows_us_numbers_for_see_a_doctor_today(
    browser, live_server, django_user_model, javascript
):
    coach = make_user(django_user_model, "sam", coach=True)
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    Routine.objects.filter(pk=routine.pk).update(created=datetime.now(UTC) - timedelta(days=7))
    token = services.routine_share(routine=routine)
    log_session(routine, days_ago=1, pain=2, warning_signs=["red_or_warm"])
    context = phone_context(browser, javascript=javascript, timezone_id="America/Los_Angeles")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/r/{token}/")
        box = page.locator(".care-urgent")
        expect(box).to_be_visible()
        if javascript:
            lines = box.locator("[data-call-lines]")
            expect(lines).to_have_attribute("data-zone", "America/Los_Angeles")
            expect(box.locator('a[href="tel:911"]')).to_have_text("Call 911 (US and Canada)")
            expect(box.locator('a[href="tel:111"]')).to_have_count(0)
            expect(box.locator('a[href="tel:999"]')).to_have_count(0)
            expect(box).not_to_contain_text("NHS 111")
            # As after a reload.
            first = box.locator("[data-call-lines]").inner_text()
            page.reload()
            again = page.locator(".care-urgent [data-call-lines]")
            expect(again).to_have_attribute("data-zone", "America/Los_Angeles")
            assert again.inner_text() == first
            assert_no_axe_violations(page)
        else:
            expect(box.locator("a.call-link-main")).to_have_text("Call 111 (UK)")
            expect(box.locator(".call-more a[href='tel:999']").first).to_have_text("Call 999 (UK)")
            expect(box.locator("details[data-country-calls] summary")).to_contain_text(
                "Not in the UK?"
            )
    finally:
        context.close()
