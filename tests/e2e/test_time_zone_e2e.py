"""The runner's log form offers the runner's own today, in a browser either side of UTC:
static/js/hipcare.js reports the browser's zone in a cookie and the server's "today" follows
it from the next page on (QA: Pacific/Auckland got yesterday)."""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import phone_context
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


def _day_in(zone: str) -> date:
    return datetime.now(UTC).astimezone(ZoneInfo(zone)).date()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_first_visit_from_auckland_logs_on_the_runners_day(
    browser, live_server, django_user_model, javascript
):
    """Fresh tester: on the first visit (no cookie yet) the form offered the UK's day, which
    can be before the routine's first day in Auckland, and logging was refused until a
    reload. The script now puts the browser's day in the untouched field and sends its zone
    with the form. Without JavaScript the UK day is the default, the field says so, and the
    runner's own day is taken (any date that is today somewhere on Earth)."""
    coach = make_user(django_user_model, "sam", coach=True)
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    token = services.routine_share(routine=routine)
    context = phone_context(browser, javascript=javascript, timezone_id="Pacific/Auckland")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/r/{token}/")
        # The routine was made just now: its first day is today, wherever one is.
        today = _day_in("Pacific/Auckland")
        field = page.locator('input[name="date"]')
        if javascript:
            assert field.input_value() == today.isoformat()
            assert field.get_attribute("max") == today.isoformat()
            assert field.get_attribute("min") == today.isoformat()
            expect(page.locator("#id_date_helptext")).to_be_hidden()
        else:
            assert field.input_value() == _day_in("Europe/London").isoformat()
            assert field.get_attribute("max") == _day_in("Etc/GMT-14").isoformat()
            assert field.get_attribute("min") == _day_in("Etc/GMT+12").isoformat()
            expect(page.locator("#id_date_helptext")).to_contain_text("taken as UK time")
            field.fill(today.isoformat())
        zone = page.locator('#log-form input[name="tz"]').input_value()
        assert zone == ("Pacific/Auckland" if javascript else "")
        page.get_by_label("Worst pain during or after the session").fill("2")
        page.get_by_role("button", name="Log this session").click()
        expect(page.get_by_text(f"Logged your session of {today:%A} {today.day}")).to_be_visible()
        assert routine.sessions.get().day == today
    finally:
        context.close()


@pytest.mark.parametrize(
    ("zone", "days_back", "asked"),
    [("Pacific/Auckland", 1, True), ("America/Los_Angeles", 0, False)],
)
def test_a_first_visit_asks_the_next_morning_on_the_runners_day(
    browser, live_server, django_user_model, zone, days_back, asked
):
    """The page's day is the UK's on a first visit: yesterday's entry in Auckland can be
    today's in London (not asked there yet), today's in Los Angeles yesterday's in London
    (asked there already). The script shows the question or the "come back" line by the
    browser's own day, and the answer is checked in the browser's zone."""
    coach = make_user(django_user_model, "sam", coach=True)
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    Routine.objects.filter(pk=routine.pk).update(created=datetime.now(UTC) - timedelta(days=3))
    token = services.routine_share(routine=routine)
    day = _day_in(zone) - timedelta(days=days_back)
    entry = services.session_log(routine=routine, day=day, pain=2, done=[])
    context = phone_context(browser, timezone_id=zone)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/r/{token}/")
        # The entries are in the log's history, which loads when scrolled into view.
        page.evaluate("document.getElementById('log-history').scrollIntoView()")
        expect(page.locator(f"#session-{entry.pk}")).to_be_attached()
        # The entry's own question, in the history (the page as opened may ask it too).
        question = page.locator(f"#session-{entry.pk}").get_by_role(
            "group", name=re.compile("How did the hip feel the morning")
        )
        later = page.get_by_text("come back to say how the hip felt")
        if not asked:
            expect(question).to_be_hidden()
            expect(later).to_be_visible()
            return
        expect(later).to_be_hidden()
        question.get_by_label("Better").check()
        question.get_by_role("button", name=re.compile("Save")).click()
        expect(page.get_by_text("Added how the next morning felt.")).to_be_visible()
        entry.refresh_from_db()
        assert entry.morning == "better"
    finally:
        context.close()


def test_a_first_visit_from_where_the_entry_was_logged_is_not_told_the_day_has_not_come(
    browser, live_server, django_user_model
):
    """An entry logged in Auckland on their today, opened on a new phone there: the page is
    made on the UK's day, which may still be the day before, but the runner is not told
    "where you are now it is still..."."""
    coach = make_user(django_user_model, "sam", coach=True)
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    Routine.objects.filter(pk=routine.pk).update(created=datetime.now(UTC) - timedelta(days=3))
    token = services.routine_share(routine=routine)
    with timezone.override(ZoneInfo("Pacific/Auckland")):
        services.session_log(routine=routine, day=_day_in("Pacific/Auckland"), pain=2, done=[])
    context = phone_context(browser, timezone_id="Pacific/Auckland")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/r/{token}/")
        expect(page.locator("#advice")).to_be_visible()
        expect(page.get_by_text(re.compile("where you are now it is still"))).not_to_be_visible()
        expect(page.get_by_text("(logged where that day had already begun)")).not_to_be_visible()
    finally:
        context.close()


def _fixed_zone(hours: int) -> str:
    """The IANA name of the fixed zone `hours` ahead of UTC (Etc/GMT's sign is reversed)."""
    return "Etc/GMT" if hours == 0 else f"Etc/GMT{-hours:+d}"


def test_a_routine_begun_yesterday_in_the_browsers_zone_takes_yesterday_from_the_first_visit(
    browser, live_server, django_user_model, settings
):
    """Fresh tester, JavaScript on: the date field allowed only today, so a session forgotten
    yesterday could not be logged. The page's first visit is made in the server's zone (no
    cookie yet), where the routine began today; in the browser's zone, an hour behind, it
    began yesterday, which the server accepts (the form sends the zone). The script put the
    browser's limits on the field only where the two todays differed, and here they agree.
    Zones are chosen from the clock, so the two todays agree whenever this runs: the server's
    at about midday, the browser's an hour behind."""
    now = datetime.now(UTC)
    ahead = 12 - now.hour
    server, here = ZoneInfo(_fixed_zone(ahead)), _fixed_zone(ahead - 1)
    settings.TIME_ZONE = server.key  # the zone a first visit is made in
    today = now.astimezone(server).date()
    assert now.astimezone(ZoneInfo(here)).date() == today
    yesterday = today - timedelta(days=1)
    coach = make_user(django_user_model, "sam", coach=True)
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    begun = datetime.combine(today, datetime.min.time(), server) + timedelta(minutes=1)
    Routine.objects.filter(pk=routine.pk).update(created=begun)
    token = services.routine_share(routine=routine)
    context = phone_context(browser, timezone_id=here)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/r/{token}/")
        field = page.locator('#log-form input[name="date"]')
        assert field.get_attribute("max") == today.isoformat()
        assert field.get_attribute("min") == yesterday.isoformat()
        assert field.input_value() == today.isoformat()
        morning = page.locator("#log-form fieldset[data-morning-for]")
        expect(morning).to_be_hidden()  # today's session has no next morning yet
        field.fill(yesterday.isoformat())
        expect(morning).to_be_visible()  # an earlier day's has
        page.get_by_label("Worst pain during or after the session").fill("2")
        morning.get_by_label("The same").check()
        page.get_by_role("button", name="Log this session").click()
        expect(
            page.get_by_text(f"Logged your session of {yesterday:%A} {yesterday.day}")
        ).to_be_visible()
        saved = routine.sessions.get()
        assert (saved.day, saved.morning) == (yesterday, "same")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_sheets_updated_day_is_the_same_on_the_first_visit_and_after(
    browser, live_server, django_user_model, javascript
):
    """Fresh tester: in Auckland, where a routine changed at 23:30 UTC was changed the next
    day, the first visit said "Updated" with the UK's day and a reload Auckland's. The script
    writes the browser's day on the first visit too; without it, the page says the day is UK
    time."""
    coach = make_user(django_user_model, "sam", coach=True)
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    token = services.routine_share(routine=routine)
    Routine.objects.filter(pk=routine.pk).update(updated=datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
    context = phone_context(browser, javascript=javascript, timezone_id="Pacific/Auckland")
    page = context.new_page()
    updated = page.locator("#sheet-header dt:text-is('Updated') + dd")
    try:
        page.goto(f"{live_server.url}/r/{token}/")
        expect(updated).to_have_text("11 March 2026" if javascript else "10 March 2026 (UK time)")
        page.reload()
        expect(updated).to_have_text("11 March 2026" if javascript else "10 March 2026 (UK time)")
    finally:
        context.close()
