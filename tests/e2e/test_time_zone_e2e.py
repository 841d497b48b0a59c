"""The runner's log form offers the runner's own today, in a browser either side of UTC:
static/js/hipcare.js reports the browser's zone in a cookie and the server's "today" follows
it from the next page on (QA: Pacific/Auckland got yesterday)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from routines import services
from tests.conftest import make_exercise, make_user
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Los_Angeles"])
def test_the_log_form_offers_the_browsers_today(browser, live_server, django_user_model, zone):
    coach = make_user(django_user_model, "sam", coach=True)
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    token = services.routine_share(routine=routine)
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id=zone)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/r/{token}/")
        page.wait_for_load_state()
        cookies = {cookie["name"]: cookie["value"] for cookie in context.cookies()}
        assert cookies.get("hipcare_tz") == zone
        page.reload()
        today = datetime.now(UTC).astimezone(ZoneInfo(zone)).date().isoformat()
        assert page.locator('input[name="date"]').first.input_value() == today
    finally:
        context.close()
