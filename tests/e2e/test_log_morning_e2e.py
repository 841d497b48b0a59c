"""Browser test for the next-morning question on the runner's page as opened, on a phone
(390x844, touch): due, it is asked before the log form, without scrolling to the history, and
answered there with JavaScript (the log swapped, the focus on the advice) and without (the
page again, with the message)."""

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


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True, password="correct-horse-battery")
    moves = [make_exercise(f"Move {n}", loadable=True) for n in range(2)]
    routine = make_routine(coach, title="Hips", exercises=moves)
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=2))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    for days_ago in (3, 1):
        services.session_log(
            routine=routine,
            day=timezone.localdate() - timedelta(days=days_ago),
            pain=2,
            done=[(item.pk, "") for item in routine.items.all()],
        )
    return routine


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_due_next_morning_is_answered_from_the_page_as_opened(
    browser, live_server, routine, javascript
):
    yesterday = SessionLog.objects.get(day=timezone.localdate() - timedelta(days=1))
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        due = page.locator("#morning-due")
        expect(due).to_be_visible()
        expect(due).to_contain_text("1 earlier day also waits for the next morning")
        if javascript:
            assert_no_axe_violations(page)  # axe runs as a script: with JavaScript only
        due.get_by_label("Worse").check()
        due.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Added how the next morning felt.")).to_be_visible()
        advice = page.locator("#advice")
        expect(advice).to_have_attribute("data-advice", "ease_back")
        if javascript:
            # The log swapped in place, the focus on the advice the answer changed.
            expect(advice.get_by_role("heading", name="Ease back")).to_be_focused()
            assert page.url.endswith(routine.get_share_url())
            assert_no_axe_violations(page)
        else:
            assert page.url.endswith(f"{routine.get_share_url()}#advice")
        # After a change the log shows its history (the entry just answered): the other day
        # is asked in its entry there, once.
        expect(page.locator("#morning-due")).to_have_count(0)
        expect(page.locator(".session-entries .morning-form:visible")).to_have_count(1)
        yesterday.refresh_from_db()
        assert yesterday.morning == "worse"
    finally:
        context.close()
