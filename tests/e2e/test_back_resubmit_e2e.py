"""Without JavaScript, after logging a session the browser's Back button showed the form still
filled in (the page fetched afresh, with a new one-time key, and what was typed put back), and
sending it again logged the session twice: two identical rows."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import phone_context
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_form_sent_again_after_back_logs_once(browser, live_server, django_user_model):
    coach = make_user(django_user_model, "sam", coach=True)
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    Routine.objects.filter(pk=routine.pk).update(created=datetime.now(UTC) - timedelta(days=7))
    url = live_server.url + f"/r/{services.routine_share(routine=routine)}/"
    context = phone_context(browser, javascript=False)
    try:
        page = context.new_page()
        page.goto(url)
        page.get_by_label("Worst pain during or after the session").fill("3")
        page.locator("#log-form [name=note]").fill("Felt fine")
        page.get_by_role("button", name="Log this session").click()
        expect(page.get_by_text("Logged your session of")).to_be_visible()
        page.go_back()
        expect(page.get_by_label("Worst pain during or after the session")).to_have_value("3")
        page.get_by_role("button", name="Log this session").click()
        expect(page.get_by_text("That session was already logged.")).to_be_visible()
        assert routine.sessions.count() == 1
    finally:
        context.close()
