"""Fresh tester on a phone (390x844, JavaScript on): in Singapore (already 30 Nov) they logged
pain 1; with the browser's zone switched to Denver (still 29 Nov) they logged pain 5 with "I
can't put any weight on the leg". The answer said the advice was about their latest session,
not the one just logged, then "Stop and check your symptoms", with no call buttons, even
after a reload. Now the emergency comes first, focused, with its call buttons, and the top
line says it too."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import assert_no_axe_violations, phone_context
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)


def _zones() -> tuple[str, str]:
    """Two zones whose todays differ now, the first's the later: the tester's when they do,
    else two a day apart whatever the hour (UTC+14 and UTC-11)."""
    now = datetime.now(UTC)
    ahead, behind = "Asia/Singapore", "America/Denver"
    if now.astimezone(ZoneInfo(ahead)).date() > now.astimezone(ZoneInfo(behind)).date():
        return ahead, behind
    return "Pacific/Kiritimati", "Pacific/Pago_Pago"


def _log(page, url: str, pain: str, sign: str = "") -> None:
    page.goto(url)
    page.reload()  # the zone's cookie, set on the first visit, makes the server's today
    page.get_by_label("Worst pain during or after the session").fill(pain)
    if sign:
        page.locator("#log-form").get_by_label(sign).check()
    page.get_by_role("button", name="Log this session").click()


def _settled(page) -> None:
    """Wait for the log's history (loaded by htmx as it scrolls into view) to be in place, so
    axe does not measure a button mid-swap."""
    page.wait_for_load_state()
    page.wait_for_function(
        "() => !document.querySelector("
        "'.htmx-request, .htmx-settling, .htmx-swapping, .htmx-added')"
    )


def test_an_emergency_logged_for_a_day_before_the_latest_comes_first(
    browser, live_server, django_user_model
):
    coach = make_user(django_user_model, "sam", coach=True)
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    Routine.objects.filter(pk=routine.pk).update(created=datetime.now(UTC) - timedelta(days=7))
    url = live_server.url + f"/r/{services.routine_share(routine=routine)}/"
    ahead, behind = _zones()
    first = phone_context(browser, timezone_id=ahead)
    try:
        page = first.new_page()
        _log(page, url, "1")
        expect(page.get_by_text("Logged your session of")).to_be_visible()
    finally:
        first.close()
    context = phone_context(browser, timezone_id=behind)
    try:
        page = context.new_page()
        _log(page, url, "5", "I can't put any weight on the leg")
        log = page.locator("#log")
        heading = log.locator(".care-emergency .care-heading")
        expect(heading).to_have_text("Get emergency care now")
        expect(heading).to_be_focused()
        expect(log.locator(".care-emergency a[href^='tel:']").first).to_be_visible()
        expect(log).not_to_contain_text("not the one you just logged")
        expect(log).not_to_contain_text("Stop and check your symptoms")
        expect(page.locator("#runner-top [data-advice-now]")).to_have_attribute(
            "data-advice-now", "emergency"
        )
        _settled(page)
        assert_no_axe_violations(page)
        page.reload()
        expect(page.locator("#log .care-emergency .care-heading")).to_have_text(
            "Get emergency care now"
        )
        expect(page.locator("#runner-top a[href^='tel:']").first).to_be_visible()
        expect(page.locator("#log")).not_to_contain_text("you were told to get emergency care")
        _settled(page)
        assert_no_axe_violations(page)
    finally:
        context.close()
