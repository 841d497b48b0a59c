"""Browser tests for fresh testers' findings on the coach's and the runner's pages: a
withdrawn link with DEBUG on (as `make run` serves), focus after the share actions, the
builder's floating button on a phone, and "Apply harder version" keeping the dose."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import phone_context
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct-horse-battery"


@pytest.fixture
def coach(django_user_model):
    return make_user(django_user_model, "sam", coach=True, password=PASSWORD)


@pytest.fixture
def shared(coach):
    moves = [make_exercise(f"Move {n}", loadable=True) for n in range(2)]
    routine = make_routine(coach, title="Hips", exercises=moves)
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=1))
    services.routine_share(routine=routine)
    routine.refresh_from_db()
    services.session_log(
        routine=routine, day=timezone.localdate() - timedelta(days=1), pain=1, done=[]
    )
    return routine


def _withdraw(routine):
    services.routine_unshare(routine=Routine.objects.get(pk=routine.pk))


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "no-debug"])
@pytest.mark.parametrize("action", ["log", "delete", "morning"])
def test_a_withdrawn_link_keeps_the_runners_page_with_debug_on_or_off(
    browser, live_server, settings, shared, debug, action
):
    """Fresh tester, `make run` (DEBUG on): after the coach stopped sharing, the runner's
    log form was answered by a bare page in place of everything, 3 times out of 3. With
    DEBUG on, django-htmx's {% htmx_script %} added its debug script, which puts any 404
    answer to htmx in place of the document; base.html now loads htmx alone."""
    settings.DEBUG = debug
    context = phone_context(browser)
    try:
        page = context.new_page()
        page.goto(live_server.url + shared.get_share_url())
        if action == "delete":  # the confirm step comes with the log, its form new
            page.locator("#log").get_by_role("link", name="Delete").click()
            expect(page.get_by_role("button", name="Yes, delete it")).to_be_visible()
        form = page.locator("#log-form")
        form.locator("[name=pain]").fill("1")
        form.locator("[name=note]").fill("A note I typed with care")
        if action == "log":
            _withdraw(shared)
            form.get_by_role("button", name="Log this session").click()
        elif action == "delete":
            _withdraw(shared)
            page.get_by_role("button", name="Yes, delete it").click()
        else:
            page.locator(".morning-form input[name=morning]").first.check()
            _withdraw(shared)
            page.locator(".morning-form").get_by_role("button", name="Save").click()
        alert = page.locator("#page-alert")
        expect(alert).to_contain_text("This link no longer works")
        expect(page.locator("h1")).to_contain_text("Hips")
        expect(page.locator("#log-form [name=note]")).to_have_value("A note I typed with care")
        assert page.evaluate("() => document.styleSheets.length") > 0
        assert page.evaluate("() => document.activeElement.closest('#page-alert') !== null")
    finally:
        context.close()


def _active(page) -> str:
    return page.evaluate(
        "() => { const a = document.activeElement;"
        " return a === document.body ? 'body' : a.id || a.tagName + ':' + a.textContent.trim(); }"
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_share_actions_focus_what_they_made(browser, live_server, coach, javascript):
    """Fresh tester: after "Create a share link", "Make a new link" and "Stop sharing" (and
    their confirm steps) the focus was on <body>. Now it is on the new link with what was done,
    the confirmation question, or the message; the builder comes back at that place."""
    routine = make_routine(coach, title="Hips", exercises=[make_exercise("Move A")])
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
    )
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("sam")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(live_server.url + routine.get_absolute_url())

        page.get_by_role("button", name="Create a share link").click()
        page.wait_for_url("**#share-now")
        assert _active(page) == "share-now"
        expect(page.locator("#share-now")).to_contain_text("Made a new share link")
        expect(page.locator("#share-now #share-link")).to_contain_text("/r/")
        expect(page.locator("#share-now")).to_be_in_viewport()
        first = page.locator("#share-link").inner_text()

        page.get_by_role("link", name="Make a new link").click()
        page.wait_for_load_state()
        assert _active(page) == "confirm-heading"
        page.get_by_role("button", name="Make a new link").click()
        page.wait_for_url("**#share-now")
        assert _active(page) == "share-now"
        assert page.locator("#share-link").inner_text() != first

        page.get_by_role("link", name="Stop sharing").click()
        page.wait_for_load_state()
        assert _active(page) == "confirm-heading"
        page.get_by_role("button", name="Stop sharing").click()
        page.wait_for_url("**#share-stopped")
        assert _active(page) == "share-stopped"
        expect(page.locator("#share-stopped")).to_contain_text("Stopped sharing")
        expect(page.locator("#share-stopped")).to_be_in_viewport()
        # Said once, where it happened, not also at the top of the page.
        expect(page.locator(".messages .alert")).to_have_count(0)
    finally:
        context.close()
