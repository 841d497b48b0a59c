"""The runner's log date without JavaScript (tester: Pacific/Honolulu, JS off, 22:10 on
29 Nov locally, 08:10 UTC 30 Nov: the date box defaulted to London's 30 Nov, also its
maximum, with no hint; kept, the session was saved for "Mon 30 Nov" with "Tomorrow, come
back..."). The zone is never known without JavaScript: the field says the date is UK time,
and takes the runner's own today."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import dateformat
from playwright.sync_api import expect

from routines import services
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, phone_context
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)

HONOLULU = "Pacific/Honolulu"


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    routine = make_routine(coach, title="Hips", exercises=[make_exercise("Clamshell")])
    services.routine_share(routine=routine)
    return routine


def test_without_javascript_a_honolulu_runner_is_told_and_can_log_their_own_today(
    browser, live_server, routine
):
    context = phone_context(browser, javascript=False, timezone_id=HONOLULU)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        date = page.locator("#log-form input[name=date]")
        hint = page.locator("#id_date_helptext")
        expect(hint).to_be_visible()
        expect(hint).to_contain_text("taken as UK time")
        expect(date).to_have_attribute("aria-describedby", re.compile("id_date_helptext"))
        # The runner's own today (the browser's clock) is within the field's limits.
        own = dt.datetime.now(ZoneInfo(HONOLULU)).date()
        assert date.get_attribute("min") <= own.isoformat() <= date.get_attribute("max")
        date.fill(own.isoformat())
        page.locator("#log-form [name=pain]").fill("2")
        page.get_by_role("button", name="Log this session").click()
        expect(page.locator("main")).to_contain_text(
            f"Logged your session of {dateformat.format(own, 'l j F')}."
        )
        page.goto(live_server.url + routine.get_share_url() + "log/")
        entry = page.locator(".session-entry").first
        expect(entry).to_contain_text(dateformat.format(own, "D j M"))
        # When to come back is said as a date and a time in UK time, never "Tomorrow" (the
        # UK's tomorrow): with no zone sent, from when the morning has begun everywhere
        # (hipcare.timezones.morning_after_begins: noon UTC the day after).
        expect(entry).not_to_contain_text("Tomorrow")
        begins = dt.datetime.combine(own + dt.timedelta(days=1), dt.time(12), tzinfo=dt.UTC)
        begins = begins.astimezone(ZoneInfo("Europe/London"))
        when = f"{begins:%H:%M} on {dateformat.format(begins.date(), 'l j F')} (UK time)"
        expect(entry).to_contain_text(f"from {when}, come back")
    finally:
        context.close()


def test_with_javascript_the_hint_is_not_shown(browser, live_server, routine):
    context = phone_context(browser, javascript=True, timezone_id=HONOLULU)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        date = page.locator("#log-form input[name=date]")
        own = dt.datetime.now(ZoneInfo(HONOLULU)).date().isoformat()
        expect(date).to_have_value(own)
        expect(date).to_have_attribute("max", own)
        expect(page.locator("#id_date_helptext")).to_be_hidden()
        assert date.get_attribute("aria-describedby") is None or (
            "helptext" not in date.get_attribute("aria-describedby")
        )
    finally:
        context.close()
