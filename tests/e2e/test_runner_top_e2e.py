"""A fresh tester on the runner's page, on a phone (390x844, touch): after logging pain 8 the
advice ("Stop and check your symptoms") sat ~2,700 px down, after every exercise, and the log
form ~3,400 px; the form's tick boxes and radios were 16 px, "Better / The same / Worse" close
together on one line; and deleting an entry from the history page without JavaScript sent
the runner back to the routine page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import (
    assert_no_axe_violations,
    assert_thumb_sized,
    axe_violations,
    choice_targets,
    phone_context,
)
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)
PHONE_HEIGHT = 844


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True)
    moves = [make_exercise(f"Move {n}", loadable=True) for n in range(8)]
    moves.append(make_exercise("Clamshell", unilateral=True))
    routine = make_routine(coach, title="Hips", exercises=moves)
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=2))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    return routine


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_after_a_stop_the_advice_is_on_the_first_screen_and_links_to_it(
    browser, live_server, routine, javascript
):
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        url = live_server.url + routine.get_share_url()
        page.goto(url)
        # Nothing logged: no advice line, but the jump to the form, on the first screen.
        expect(page.locator(".advice-now")).to_have_count(0)
        jump = page.locator("#runner-top").get_by_role("link", name="Log a session")
        assert jump.bounding_box()["y"] + jump.bounding_box()["height"] <= PHONE_HEIGHT
        jump.click()
        expect(page.locator("#log-form-heading")).to_be_in_viewport()
        form = page.locator("#log-form")
        form.locator("[name=pain]").fill("8")
        form.get_by_role("button", name="Log this session").click()
        expect(page.locator("#advice")).to_contain_text("Stop and check your symptoms")
        if javascript:  # the top line, sent out of band with the log, says so already
            expect(page.locator("#runner-top .advice-now")).to_contain_text(
                "Stop and check your symptoms"
            )
        page.goto(url)
        line = page.get_by_role("region", name="Your advice now: Stop and check your symptoms")
        expect(line).to_be_visible()
        page.evaluate("window.scrollTo(0, 0)")
        box = line.bounding_box()
        assert 0 <= box["y"] < PHONE_HEIGHT and box["y"] + box["height"] <= PHONE_HEIGHT, box
        assert page.locator("#sheet-header").bounding_box()["y"] > box["y"]
        link = line.get_by_role("link", name="What to do, and why")
        expect(link).to_have_attribute("href", "#advice")
        link.click()
        expect(page.locator("#advice")).to_be_in_viewport()
        assert page.url.endswith("#advice")
        if javascript:
            assert_no_axe_violations(page)  # axe runs as a script: with JavaScript only
    finally:
        context.close()


def test_an_emergency_keeps_its_call_buttons_at_the_top(browser, live_server, routine):
    services.session_log(
        routine=routine,
        day=timezone.localdate(),
        pain=1,
        done=[],
        warning_signs=["saddle_or_bladder"],
    )
    context = phone_context(browser)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        line = page.get_by_role("region", name="Your advice now: Get emergency care now")
        call = line.get_by_role("link", name="Call 999")
        box = call.bounding_box()
        assert box["y"] + box["height"] <= PHONE_HEIGHT and box["height"] >= 44
        expect(line.get_by_role("link", name="Call 112")).to_be_visible()
        assert_no_axe_violations(page)
    finally:
        context.close()


def test_a_first_visit_from_new_york_shows_911_first_without_a_reload(
    browser, live_server, routine
):
    """Fresh tester: a share link's first visit from New York was drawn before the zone cookie
    existed, so the top said "Call 999"; only a reload showed 911. static/js/hipcare.js now
    redraws the call lines in place (no navigation, focus where it was)."""
    services.session_log(
        routine=routine,
        day=timezone.localdate(),
        pain=1,
        done=[],
        warning_signs=["saddle_or_bladder"],
    )
    context = phone_context(browser, timezone_id="America/New_York")
    try:
        page = context.new_page()
        navigations = []
        page.on("framenavigated", lambda frame: navigations.append(frame.url))
        page.goto(live_server.url + routine.get_share_url())
        line = page.get_by_role("region", name="Your advice now: Get emergency care now")
        main = line.locator(".call-button")
        expect(main).to_have_text("Call 911 (US and Canada)")
        expect(main).to_have_attribute("href", "tel:911")
        expect(line.get_by_role("link", name="Call 999 (UK)")).to_be_visible()
        expect(line.get_by_role("link", name="Call 112 (Europe)")).to_be_visible()
        expect(page.locator("#advice .call-button").first).to_have_text("Call 911 (US and Canada)")
        assert len(navigations) == 1, navigations  # no reload
        assert page.evaluate("document.activeElement === document.body")
        box = main.bounding_box()
        assert box["y"] + box["height"] <= PHONE_HEIGHT and box["height"] >= 44
        assert box["x"] + box["width"] <= 390
        assert_no_axe_violations(page)
    finally:
        context.close()


def test_every_choice_of_the_log_form_and_the_morning_question_is_thumb_sized(
    browser, live_server, routine
):
    """The tester: tick boxes and radios 16x16 px, "Better / The same / Worse" close together.
    The symptom checker's measure (tests/e2e/conftest.choice_targets), on the runner's page
    with a next-morning question due."""
    services.session_log(
        routine=routine, day=timezone.localdate() - timedelta(days=1), pain=2, done=[]
    )
    context = phone_context(browser)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        assert page.evaluate("matchMedia('(pointer: coarse)').matches")
        expect(page.locator("#runner-top a[href='#morning-due']")).to_be_visible()
        # The form asks the next morning only for an earlier day's session (dated today by
        # default: tests/e2e/test_log_form_morning_e2e.py).
        yesterday = timezone.localdate() - timedelta(days=1)
        page.locator("#log-form").get_by_label("Date").fill(yesterday.isoformat())
        targets = choice_targets(page, "#log-form .form-check")
        assert {t["group"] for t in targets} == {"all_done", "done", "morning", "warning"}
        assert_thumb_sized(targets)
        due = choice_targets(page, "#morning-due .form-check")
        assert len(due) == 3
        assert_thumb_sized(due)
        # A tap on the words chooses it.
        group = page.locator("#log-form")
        group.get_by_text("The same", exact=True).tap()
        expect(group.get_by_label("The same", exact=True)).to_be_checked()
    finally:
        context.close()


def test_without_javascript_a_delete_from_the_history_page_comes_back_to_it(
    browser, live_server, routine
):
    services.session_log(
        routine=routine, day=timezone.localdate() - timedelta(days=2), pain=2, done=[]
    )
    history = live_server.url + reverse("session_history", args=[routine.share_token])
    context = phone_context(browser, javascript=False)
    try:
        page = context.new_page()
        page.goto(history)
        page.get_by_role("link", name="Delete the entry for").click()
        page.get_by_role("button", name="Yes, delete it").click()
        page.wait_for_load_state()
        assert page.url.split("#")[0] == history
        expect(page.get_by_role("heading", level=1)).to_have_text("Your log")
        expect(page.locator(".messages")).to_contain_text("Entry deleted.")
        expect(page.locator("#log")).to_contain_text("No sessions logged yet.")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_history_page_shows_the_emergency_at_its_top_with_its_call_buttons(
    browser, live_server, routine, javascript
):
    """A runner who lands on the history page (as a delete without JavaScript does) sees the
    advice now there too, on the first screen, linked to the runner's page where it is said
    in full."""
    services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=1),
        pain=2,
        done=[],
        warning_signs=["saddle_or_bladder"],
    )
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("session_history", args=[routine.share_token]))
        line = page.locator("#runner-top .advice-now")
        expect(line).to_contain_text("Your advice now:")
        call = line.get_by_role("link", name="Call 999")
        box = call.bounding_box()
        assert box["y"] + box["height"] <= PHONE_HEIGHT and box["height"] >= 44
        if javascript:
            # heading-order included: the history's own headings are h2s under the page's
            # h1 here (h3s under the runner's page's h2 "Your log" there).
            assert axe_violations(page) == []
        line.get_by_role("link", name="What to do, and why").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"{routine.get_share_url()}#advice")
        expect(page.locator("#advice")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_deleting_an_emergency_entry_leaves_a_reminder_at_the_top(
    browser, live_server, routine, javascript
):
    """The coach is told when the runner deletes an entry that advised emergency care; the
    runner now keeps a reminder too, at the top of the page, for two weeks after its day."""
    services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=1),
        pain=2,
        done=[],
        warning_signs=["saddle_or_bladder"],
    )
    history = live_server.url + reverse("session_history", args=[routine.share_token])
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        page.goto(history)
        expect(page.locator("#deleted-advice")).to_have_count(0)
        page.get_by_role("link", name="Delete the entry for").click()
        page.get_by_role("button", name="Yes, delete it").click()
        reminder = page.get_by_role("region", name="A reminder of earlier advice")
        expect(reminder).to_contain_text("since deleted, told you to get")
        if javascript:
            assert_no_axe_violations(page)
        page.goto(live_server.url + routine.get_share_url())
        box = page.locator("#deleted-advice").bounding_box()
        assert box["y"] + box["height"] <= PHONE_HEIGHT
    finally:
        context.close()
