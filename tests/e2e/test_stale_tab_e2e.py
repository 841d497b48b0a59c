"""Browser test for the tester's finding (data loss): the runner's routine open in two tabs of
one phone browser (390x844); tab 1 answers the morning after yesterday's session "Worse";
tab 2, still showing the old page, answers "Better". The "worse" stays (it eases the next
session back and alerts the coach): tab 2 is told, beside the entry, what the day says now and
that it was changed elsewhere, the entry focused, and can still change it knowingly."""

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
    routine = make_routine(coach, title="Hips", exercises=[make_exercise("Clamshell")])
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=2))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=1),
        pain=2,
        done=[(item.pk, "") for item in routine.items.all()],
    )
    return routine


def answer(page, label: str) -> None:
    due = page.locator("#morning-due")
    due.get_by_label(label).check()
    due.get_by_role("button", name="Save").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_stale_second_tab_does_not_overwrite_a_worse_next_morning(
    browser, live_server, routine, javascript
):
    session = SessionLog.objects.get()
    day = session.day
    said = (
        f"Not changed: the next morning after {day:%a} {day.day} {day:%b} was already "
        "answered “Worse” (perhaps in another tab). Change it again if you meant “Better”."
    )
    context = phone_context(browser, javascript=javascript)
    try:
        first, second = context.new_page(), context.new_page()
        for tab in (first, second):
            tab.goto(live_server.url + routine.get_share_url())
            expect(tab.locator("#morning-due")).to_be_visible()
        answer(first, "Worse")
        expect(first.get_by_text("Added how the next morning felt.")).to_be_visible()

        answer(second, "Better")
        entry = second.locator(f"#session-{session.pk}")
        refusal = entry.get_by_role("alert")
        expect(refusal).to_have_text(said)
        expect(refusal).to_be_in_viewport()
        expect(entry).to_contain_text("Next morning: worse")
        expect(second.get_by_text("Changed how the next morning felt.")).to_have_count(0)
        # Red, as the app's other refusals.
        colour = refusal.evaluate("e => getComputedStyle(e).backgroundColor")
        assert colour == "rgb(248, 215, 218)", colour  # Bootstrap's alert-danger
        expect(entry).to_be_focused()  # without JavaScript too: the form goes to #session-<id>
        if javascript:
            # htmx swapped the log in place.
            assert second.url.endswith(routine.get_share_url())
            assert_no_axe_violations(second)
        else:
            # The page again (409), at the entry: the form's own #session-<id>.
            assert second.url.endswith(f"#session-{session.pk}")
        session.refresh_from_db()
        assert (session.morning, session.advice) == ("worse", "ease_back")

        # Knowing what it says now, the runner can still change it from that tab.
        entry.get_by_role("link", name="Change").click()
        changing = second.locator(f"#session-{session.pk}")
        changing.get_by_label("Better").check()
        changing.get_by_role("button", name="Save").click()
        expect(second.get_by_text("Changed how the next morning felt.")).to_be_visible()
        session.refresh_from_db()
        assert session.morning == "better"
    finally:
        context.close()
