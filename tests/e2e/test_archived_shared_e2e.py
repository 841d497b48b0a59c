"""Archiving a shared routine on a phone (390x844), without JavaScript: the runner's page says
the coach archived it and whom to ask; Unarchive after "Archive and stop sharing" asks whether
to share again, and "Unarchive and share again" gives a new link (tests/routines/
test_archived_shared.py has the rules)."""

import pytest
from playwright.sync_api import expect

from routines import services
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, assert_no_axe_violations, phone_context, sign_in
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_archive_seen_by_the_runner_then_unarchive_and_share_again(
    browser, live_server, django_user_model, javascript
):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD, first_name="Sam")
    routine = make_routine(coach, title="Hips", exercises=[make_exercise("Clamshell")])
    old = services.routine_share(routine=routine)
    context = phone_context(browser, javascript=javascript)
    try:
        runner = context.new_page()
        services.routine_set_archived(routine=routine, archived=True)
        runner.goto(live_server.url + routine.get_share_url())
        notice = runner.locator("#routine-archived")
        expect(notice).to_contain_text("Your coach has archived this routine")
        expect(notice).to_contain_text("ask Sam")
        if javascript:  # axe runs as a page script
            assert_no_axe_violations(runner)

        services.routine_set_archived(routine=routine, archived=False)
        services.session_log(routine=routine, day=routine.created.date(), pain=1, done=[])
        services.routine_archive_and_unshare(routine=routine)
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(live_server.url + routine.get_absolute_url())
        page.get_by_role("button", name="Unarchive").click()
        expect(page.get_by_role("heading", name="Unarchive “Hips”?")).to_be_visible()
        if javascript:
            assert_no_axe_violations(page)
        page.get_by_role("button", name="Unarchive and share again").click()
        expect(page.get_by_text("shared again with a new link")).to_be_visible()
        routine.refresh_from_db()
        assert not routine.archived and routine.share_token not in (None, old)
    finally:
        context.close()
