"""Browser tests for fresh testers' findings on the coach's and the runner's pages: a
withdrawn link with DEBUG on (as `make run` serves), focus after the share actions, the
builder's floating button on a phone, and "Apply harder version" keeping the dose."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, phone_context, settled, sign_in
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)


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


def _builder_signed_in(context, live_server, routine):
    """A new page in `context`, signed in as the routine's coach, on its builder."""
    page = context.new_page()
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(live_server.url + routine.get_absolute_url())
    return page


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
            # Scrolled to, the history (with the entries) loads.
            page.evaluate("document.getElementById('log-history').scrollIntoView()")
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
            # The first next-morning form on the page: the due question above the log form
            # once the entry's next morning has come, else the entry's own in the history.
            morning = page.locator(".morning-form").first
            morning.locator("input[name=morning]").first.check()
            _withdraw(shared)
            morning.get_by_role("button", name=re.compile("Save")).click()
        alert = page.locator("#page-alert")
        expect(alert).to_contain_text("This link no longer works")
        expect(page.locator("h1")).to_contain_text("Hips")
        expect(page.locator("#log-form [name=note]")).to_have_value("A note I typed with care")
        assert page.evaluate("() => document.styleSheets.length") > 0
        # Focused once the swap has settled (static/js/hipcare.js, a task after the swap).
        expect(page.locator("#page-alert:focus-within")).to_have_count(1)
    finally:
        context.close()


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
        page = _builder_signed_in(context, live_server, routine)

        page.get_by_role("button", name="Create a share link").click()
        page.wait_for_url("**#share-now")
        expect(page.locator("#share-now")).to_be_focused()
        expect(page.locator("#share-now")).to_contain_text("Made a share link.")
        expect(page.locator("#share-now #share-link")).to_contain_text("/r/")
        expect(page.locator("#share-now")).to_be_in_viewport()
        first = page.locator("#share-link").inner_text()

        page.get_by_role("link", name="Make a new link").click()
        page.wait_for_load_state()
        expect(page.locator("#confirm-heading")).to_be_focused()
        page.get_by_role("button", name="Make a new link").click()
        page.wait_for_url("**#share-now")
        expect(page.locator("#share-now")).to_be_focused()
        assert page.locator("#share-link").inner_text() != first
        expect(page.locator("#share-now")).to_contain_text("the earlier link no longer works")

        page.get_by_role("link", name="Stop sharing").click()
        page.wait_for_load_state()
        expect(page.locator("#confirm-heading")).to_be_focused()
        page.get_by_role("button", name="Stop sharing").click()
        page.wait_for_url("**#share-stopped")
        expect(page.locator("#share-stopped")).to_be_focused()
        expect(page.locator("#share-stopped")).to_contain_text("Stopped sharing")
        expect(page.locator("#share-stopped")).to_be_in_viewport()
        # Said once, where it happened, not also at the top of the page.
        expect(page.locator(".messages .alert")).to_have_count(0)
    finally:
        context.close()


def _hit(page, locator) -> bool:
    """Whether a tap at the middle of `locator` lands on it (not on something over it)."""
    return locator.evaluate(
        "el => { const b = el.getBoundingClientRect();"
        " const at = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);"
        " return at !== null && (at === el || el.contains(at)); }"
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_nothing_on_the_builder_is_under_the_floating_routine_button(
    browser, live_server, coach, javascript
):
    """Fresh tester, 390x844: the floating "Routine" bar covered the last row of the page.
    Scrolled to the bottom, the last item's Remove, the catalogue's last control and every
    line of the footer can be tapped; the page keeps room for the bar below all of them."""
    moves = [make_exercise(f"Move {n}") for n in range(4)]
    routine = make_routine(coach, title="Hips", exercises=moves)
    last = routine.items.order_by("position").last()
    context = phone_context(browser, javascript=javascript)
    try:
        page = _builder_signed_in(context, live_server, routine)
        bar = page.locator("#routine-bar")
        expect(bar).to_be_visible()
        remove = page.locator(f"#remove-{last.pk}")
        # Scrolled until the Remove row reaches the bottom of the screen, as far as it goes.
        remove.evaluate("el => el.scrollIntoView({block: 'end'})")
        assert _hit(page, remove)
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_timeout(100)
        bar_top = bar.bounding_box()["y"]
        footer = page.locator("footer p").last
        box = footer.bounding_box()
        assert box["y"] + box["height"] <= bar_top + 0.5
        assert _hit(page, footer)
        last_control = page.locator("main a[href], main button").last
        assert _hit(page, last_control)
    finally:
        context.close()


def test_the_alert_on_a_phone_sits_above_the_routine_bar_and_covers_nothing_for_good(
    browser, live_server, coach
):
    """The other fixed thing on phone pages, the alert region for htmx errors: it covered the
    builder's routine bar, and the page's last lines could not be scrolled clear of it."""
    routine = make_routine(coach, title="Hips", exercises=[make_exercise("Move A")])
    item = routine.items.get()
    context = phone_context(browser)
    try:
        page = _builder_signed_in(context, live_server, routine)
        Routine.objects.filter(pk=routine.pk).delete()  # in another tab
        page.locator(f"#remove-{item.pk}").click()
        alert = page.locator("#page-alert")
        expect(alert).to_contain_text("This routine no longer exists")
        settled(page)  # the page's room for the alert measured (a ResizeObserver)
        box = alert.bounding_box()
        assert box["y"] + box["height"] <= page.locator("#routine-bar").bounding_box()["y"] + 0.5
        assert _hit(page, page.locator(".routine-bar-link"))
        assert _hit(page, alert.get_by_role("button", name="Dismiss"))
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_timeout(100)
        footer = page.locator("footer p").last
        assert footer.bounding_box()["y"] + footer.bounding_box()["height"] <= box["y"] + 0.5
        assert _hit(page, footer)
    finally:
        context.close()


def test_what_the_runner_typed_survives_an_entrys_delete_step(browser, live_server, shared):
    """"Nothing typed may be lost": an entry's Delete answers with the whole log, whose new
    log form came back blank, losing a note being typed. hipcare.js puts what was typed in a
    form the swap replaced, without having sent it, back into its new copy; the form that was
    sent takes the answer as it is (blank after a new entry)."""
    context = phone_context(browser)
    try:
        page = context.new_page()
        page.goto(live_server.url + shared.get_share_url())
        form = page.locator("#log-form")
        form.locator("[name=pain]").fill("1")
        form.locator("[name=note]").fill("Half typed, then I saw the old entry")
        # Scrolled to, the history (with the entries) loads.
        page.evaluate("document.getElementById('log-history').scrollIntoView()")
        page.locator("#log").get_by_role("link", name="Delete").click()
        expect(page.get_by_role("button", name="Yes, delete it")).to_be_visible()
        expect(form.locator("[name=note]")).to_have_value("Half typed, then I saw the old entry")
        expect(form.locator("[name=pain]")).to_have_value("1")
        # Keep it goes back to the entry, on this page (the log again), with what was typed.
        page.get_by_role("link", name="Keep it").click()
        expect(page.locator("#log .session-entry").first).to_be_focused()
        expect(page.get_by_role("link", name="Keep it")).to_have_count(0)
        expect(form.locator("[name=note]")).to_have_value("Half typed, then I saw the old entry")
        form.locator("[name=pain]").fill("1")
        form.locator("[name=note]").fill("Logged now")
        form.get_by_role("button", name="Log this session").click()
        expect(page.locator("#log")).to_contain_text("Logged now")
        expect(page.locator("#log-form [name=note]")).to_have_value("")
    finally:
        context.close()
