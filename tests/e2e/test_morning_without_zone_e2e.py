"""The next-morning question with no browser zone known, in a phone browser (390x844).
Tester, JavaScript off, 11:4x UTC on Mon 30 Nov: the entry for 30 Nov said "From Tuesday 1
December, come back to say how the hip felt the morning after" with the Better/Same/Worse
radios beside it, as if due, and Worse was saved. The server still takes an answer from
wherever the morning has begun (an owner's decision), but the page asks it as due only once
the morning has come in its own zone (UK time): before that, the "come back" line, and the
radios inside a closed "Already the morning after where you are? Answer now". With
JavaScript on a first visit, the browser's own day picks, as before. The server's clock is
pinned (the clock mark of tests/conftest.py: the live server runs in this
process), and the browser's with Playwright's clock."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, assert_no_axe_violations, phone_context
from tests.routines.conftest import make_routine

NOON = datetime(2026, 11, 30, 11, 45, tzinfo=UTC)
ELSEWHERE = "Already the morning after 30 November where you are? Answer now"

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.clock(NOON)]


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    routine = make_routine(coach, title="Hips", exercises=[make_exercise("Clamshell")])
    Routine.objects.filter(pk=routine.pk).update(created=datetime(2026, 11, 1, tzinfo=UTC))
    services.routine_share(routine=routine)
    routine.refresh_from_db()
    return routine


def log_without_javascript(page, live_server, routine, day: str) -> None:
    page.goto(live_server.url + routine.get_share_url())
    page.locator("#log-form input[name=date]").fill(day)
    page.locator("#log-form [name=pain]").fill("2")
    page.get_by_role("button", name="Log this session").click()
    expect(page.locator("main")).to_contain_text("Logged your session of")


def test_without_javascript_a_morning_not_yet_come_here_is_not_asked_as_due(
    browser, live_server, routine
):
    context = phone_context(browser, javascript=False, timezone_id="Pacific/Kiritimati")
    try:
        page = context.new_page()
        log_without_javascript(page, live_server, routine, "2026-11-29")
        log_without_javascript(page, live_server, routine, "2026-11-30")
        page.goto(f"{live_server.url}/r/{routine.share_token}/log/")
        entries = page.locator(".session-entry")
        today, yesterday = entries.nth(0), entries.nth(1)
        expect(today).to_contain_text("Mon 30 Nov")
        # 30 Nov: when to come back, and the radios only behind the closed question.
        # (Not "From Tuesday 1 December": it may be that day for the reader already.)
        expect(
            today.get_by_text(re.compile(r"^Not yet Tuesday 1 December where you are\? Come back"))
        ).to_be_visible()
        expect(today.get_by_label("Worse")).to_be_hidden()
        expect(today.get_by_role("button", name=re.compile("^Save"))).to_be_hidden()
        elsewhere = today.locator("summary")
        expect(elsewhere).to_have_text(ELSEWHERE)
        # 29 Nov: its morning has come here, asked as due, with no "come back" beside it.
        expect(yesterday.get_by_label("Worse")).to_be_visible()
        expect(yesterday.get_by_text(re.compile("come back"))).to_be_hidden()
        expect(yesterday.locator("summary")).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # Already the morning after where they are (Kiritimati): the answer is reachable and
        # taken.
        elsewhere.click()
        today.get_by_label("Worse").check()
        today.get_by_role("button", name=re.compile("^Save")).click()
        expect(page.get_by_text("Added how the next morning felt.")).to_be_visible()
        assert routine.sessions.get(day="2026-11-30").morning == "worse"
        # The runner's page asks only the morning come here (29 Nov's).
        page.goto(live_server.url + routine.get_share_url())
        expect(page.locator("#morning-due-heading")).to_have_text("The morning after 29 November")
    finally:
        context.close()


@pytest.mark.parametrize(("zone", "due"), [("Pacific/Kiritimati", True), ("Europe/London", False)])
def test_with_javascript_on_a_first_visit_the_browsers_day_picks(
    browser, live_server, routine, zone, due
):
    services.session_log(routine=routine, day=NOON.date(), pain=2, done=[])
    context = phone_context(browser, javascript=True, timezone_id=zone)
    try:
        page = context.new_page()
        page.clock.set_fixed_time(NOON)
        page.goto(f"{live_server.url}/r/{routine.share_token}/log/")
        entry = page.locator(".session-entry").first
        come_back = entry.get_by_text(re.compile("come back to say"))
        if due:
            expect(entry.get_by_label("Worse")).to_be_visible()
            expect(come_back).to_be_hidden()
        else:
            expect(entry.get_by_label("Worse")).to_be_hidden()
            expect(entry.locator("summary")).to_be_hidden()
            expect(come_back).to_be_visible()
        assert_no_axe_violations(page)
    finally:
        context.close()
