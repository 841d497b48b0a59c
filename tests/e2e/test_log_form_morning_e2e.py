"""Browser test for the log form's next-morning question: it asked how the morning after felt
for the session being logged, dated today by default, whose next morning cannot exist yet
(the server refuses an answer for it). With JavaScript it is asked only while the date is an
earlier day, and otherwise says it is asked tomorrow; without JavaScript it stays, explained,
with "Not yet" ticked, and the form works either way."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from routines import services
from routines.models import Routine, SessionLog
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import assert_no_axe_violations, phone_context
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)

ZONE = "Europe/London"  # the server's (settings.TIME_ZONE): the browser's day is the page's


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True, password="correct-horse-battery")
    moves = [make_exercise(f"Move {n}", loadable=True) for n in range(2)]
    routine = make_routine(coach, title="Hips", exercises=moves)
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=2))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    return routine


def test_with_javascript_the_next_morning_is_asked_only_for_an_earlier_day(
    browser, live_server, routine
):
    context = phone_context(browser, timezone_id=ZONE)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        form = page.locator("#log-form")
        question = form.locator("fieldset[data-morning-for]")
        later = form.locator("[data-morning-later]")
        # Dated today (the default): no question, a line saying when it is asked.
        expect(question).to_be_hidden()
        expect(later).to_be_visible()
        expect(later).to_contain_text("asks you tomorrow")
        assert_no_axe_violations(page)
        # An earlier day: asked, then answered.
        yesterday = timezone.localdate() - timedelta(days=1)
        form.get_by_label("Date").fill(yesterday.isoformat())
        expect(question).to_be_visible()
        expect(later).to_be_hidden()
        question.get_by_label("Worse").check()
        # Back to today after ticking: hidden again, and its answer not sent (it would be
        # refused as a morning not yet come).
        form.get_by_label("Date").fill(timezone.localdate().isoformat())
        expect(question).to_be_hidden()
        form.get_by_label("Worst pain during or after the session").fill("2")
        form.get_by_role("button", name="Log this session").click()
        expect(page.get_by_text("Logged your session of")).to_be_visible()
        logged = SessionLog.objects.get(routine=routine)
        assert logged.day == timezone.localdate() and not logged.morning
        # The log swapped in with a new form: the question is hidden there too.
        expect(page.locator("#log-form fieldset[data-morning-for]")).to_be_hidden()
        # An earlier day's session logged with its next morning.
        form = page.locator("#log-form")
        form.get_by_label("Date").fill(yesterday.isoformat())
        form.locator("fieldset[data-morning-for]").get_by_label("Better").check()
        form.get_by_label("Worst pain during or after the session").fill("1")
        form.get_by_role("button", name="Log this session").click()
        expect(page.get_by_text(f"Logged your session of {yesterday:%A}")).to_be_visible()
        assert SessionLog.objects.get(routine=routine, day=yesterday).morning == "better"
    finally:
        context.close()


def test_without_javascript_the_question_stays_explained_and_today_s_session_logs(
    browser, live_server, routine
):
    context = phone_context(browser, javascript=False, timezone_id=ZONE)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        form = page.locator("#log-form")
        question = form.locator("fieldset[data-morning-for]")
        expect(question).to_be_visible()
        expect(form.locator("[data-morning-later]")).to_be_hidden()
        expect(question).to_contain_text("For today's there is no next morning yet")
        expect(question.get_by_label("Not yet: I'll add it later")).to_be_checked()
        form.get_by_label("Worst pain during or after the session").fill("2")
        form.get_by_role("button", name="Log this session").click()
        expect(page.get_by_text("Logged your session of")).to_be_visible()
        assert not SessionLog.objects.get(routine=routine).morning
    finally:
        context.close()
