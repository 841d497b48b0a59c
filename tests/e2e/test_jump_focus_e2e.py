"""Every in-page jump link on the runner's pages moves the keyboard focus to its target, with
and without JavaScript, on a phone (390x844): "Log a session" at the top of the runner's page
left the focus on the page's body (its target, the form's heading, could not take it), so a
keyboard or screen-reader user was not moved to the form. Each target now can
(tabindex="-1"), and a browser focuses a fragment's target that can take it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import phone_context
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)
JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True)
    routine = make_routine(coach, title="Hips", exercises=[make_exercise("Clamshell")])
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=2))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    return routine


def _active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def _follow_by_keyboard(page, link, target: str) -> None:
    """Focus `link`, press Enter, and check the focus is on #`target` (in view)."""
    link.focus()
    page.keyboard.press("Enter")
    # Waited for with expect, which polls from outside the page: without JavaScript a wait
    # inside it (wait_for_function) looks once and never again. The browser focuses a
    # fragment's target when it scrolls to it, at a rendering update after the page is parsed.
    expect(page).to_have_url(re.compile(f"#{target}$"))
    page.wait_for_load_state()
    expect(page.locator(f"#{target}")).to_be_in_viewport()
    expect(page.locator(f"#{target}")).to_be_focused()


@JS
def test_the_runner_s_top_links_move_the_focus_to_their_targets(
    browser, live_server, routine, javascript
):
    yesterday = timezone.localdate() - timedelta(days=1)
    services.session_log(routine=routine, day=yesterday, pain=8, done=[])
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        url = live_server.url + routine.get_share_url()
        top = page.locator("#runner-top")
        for name, target in [
            ("Log a session", "log-form-heading"),
            ("What to do, and why", "advice"),
            ("Say how the hip felt the morning after", "morning-due"),
        ]:
            page.goto(url)
            assert _active_id(page) in ("", "main")
            _follow_by_keyboard(page, top.get_by_role("link", name=name), target)
        # From the form's heading the next Tab is the form's first field.
        page.goto(url)
        _follow_by_keyboard(page, top.get_by_role("link", name="Log a session"), "log-form-heading")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#log-form') !== null")
    finally:
        context.close()


def test_without_javascript_go_to_the_form_moves_the_focus_to_it(browser, live_server, routine):
    context = phone_context(browser, javascript=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        form = page.locator("#log-form")
        form.locator("[name=note]").fill("x" * 600)
        form.get_by_role("button", name="Log this session").click()
        page.wait_for_load_state()
        summary = page.locator(".log-error-summary")
        _follow_by_keyboard(
            page, summary.get_by_role("link", name="Go to the form"), "log-form-heading"
        )
    finally:
        context.close()


@JS
def test_the_history_page_s_links_land_focused_on_the_runner_s_page(
    browser, live_server, routine, javascript
):
    """The history page's top links (and "Back to") open the runner's page at their target,
    which takes the focus as the page loads."""
    services.session_log(
        routine=routine, day=timezone.localdate() - timedelta(days=1), pain=8, done=[]
    )
    history = live_server.url + reverse("session_history", args=[routine.share_token])
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        for name, target in [
            ("Log a session", "log-form-heading"),
            ("What to do, and why", "advice"),
            ("Back to Hips", "log"),
        ]:
            page.goto(history)
            _follow_by_keyboard(page, page.get_by_role("link", name=name), target)
            assert page.url.split("#")[0] == live_server.url + routine.get_share_url()
    finally:
        context.close()
