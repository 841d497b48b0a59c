"""Browser tests for the runner's log on a phone (390x844, touch): emergency signs said at once,
a refused entry with a warning sign, a link stopped while the page is open, and the coach's
"Mark as seen"."""

import re

import pytest
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, PHONE, assert_no_axe_violations, phone_context, sign_in
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    moves = [make_exercise(f"Move {n}", loadable=True) for n in range(2)]
    routine = make_routine(coach, title="Hips", exercises=moves)
    services.routine_share(routine=routine)
    return routine


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_link_stopped_while_the_page_is_open_keeps_the_page_and_the_typed_entry(
    browser, live_server, routine, javascript
):
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        form = page.locator("#log-form")
        form.locator("[name=pain]").fill("1")
        form.locator("[name=note]").fill("A note I typed with care")
        services.routine_unshare(routine=Routine.objects.get(pk=routine.pk))
        form.get_by_role("button", name="Log this session").click()
        if javascript:
            alert = page.locator("#page-alert")
            expect(alert).to_contain_text("This link no longer works")
            expect(alert).to_contain_text("Nothing was saved")
            # The page is still there, styled, with what was typed.
            expect(page.locator("h1")).to_be_visible()
            expect(page.locator("#log-form [name=note]")).to_have_value("A note I typed with care")
            assert page.evaluate("() => document.styleSheets.length") > 0
        else:
            expect(page.locator("h1")).to_contain_text("This link no longer works")
            expect(page.locator("main")).to_contain_text("Nothing was saved")
            assert page.evaluate("() => document.styleSheets.length") > 0
    finally:
        context.close()


def _in_view(locator) -> bool:
    box = locator.bounding_box()
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_an_emergency_sent_on_a_stopped_link_stays_said_whatever_answers_after_it(
    browser, live_server, routine
):
    """Fresh tester (390x844, JavaScript on): the link stopped while the page was open; "I
    can't put any weight on the leg", pain 6, "Log this session" left only a yellow "This link
    no longer works" toast: the log's history, loading itself as it scrolled into view on the
    same gone link, answered after the entry and replaced the emergency advice. Now the
    advice stays, focused, its start and its call button in the window (the alert region
    scrolls within itself rather than running off the top of the screen)."""
    services.session_log(routine=routine, day=routine.created.date(), pain=1, done=[])
    context = phone_context(browser)
    held = []
    try:
        page = context.new_page()
        # The history's own request is held until the entry has been answered: a slow
        # network's order, made certain.
        page.route("**/log/", lambda route: held.append(route))
        page.goto(live_server.url + routine.get_share_url())
        form = page.locator("#log-form")
        form.locator("[name=pain]").fill("6")
        form.get_by_label("I can't put any weight on the leg").check()
        services.routine_unshare(routine=Routine.objects.get(pk=routine.pk))
        page.locator("#log-history").scroll_into_view_if_needed()
        for _ in range(50):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the history did not load itself"
        form.get_by_role("button", name="Log this session").click()
        alert = page.locator("#page-alert")
        expect(alert.locator("[data-pending-advice=emergency]")).to_be_visible()
        with page.expect_response("**/log/") as answer:
            held[0].continue_()
        assert answer.value.status == 404
        page.wait_for_timeout(300)  # what the late answer would have done, done
        expect(alert).to_contain_text("Nothing was saved")
        heading = alert.locator(".care-heading")
        expect(heading).to_have_text("Get emergency care now")
        expect(heading).to_be_focused()
        for part in (
            alert.get_by_text("This link no longer works: ask your coach for a new one."),
            heading,
            alert.get_by_role("link", name="Call 999 (UK)"),
        ):
            assert _in_view(part), part
        # The page and what was typed stay.
        expect(form.get_by_label("I can't put any weight on the leg")).to_be_checked()
        assert_no_axe_violations(page)
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_emergency_sign_with_pain_1_shows_call_999_at_once(
    browser, live_server, routine, javascript
):
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        form = page.locator("#log-form")
        form.locator("[name=pain]").fill("1")
        form.get_by_label("Numbness around my bottom or genitals").check()
        form.get_by_role("button", name="Log this session").click()
        care = page.locator("#advice .care-emergency")
        expect(care).to_contain_text("Get emergency care now")
        call = care.get_by_role("link", name="Call 999")
        expect(call).to_be_visible()
        box = call.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
        expect(care.get_by_role("link", name="Call 112")).to_be_visible()
        expect(page.locator("#advice")).not_to_contain_text("answer the symptom checker")
        if javascript:
            heading = care.locator(".care-heading")
            expect(heading).to_be_focused()
            assert _in_view(heading)
            assert_no_axe_violations(page)  # axe runs as a script: with JavaScript only
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize(
    ("sign", "heading", "call"),
    [
        ("I can't put any weight on the leg", "Get emergency care now", "Call 999 (UK)"),
        ("The skin over the hip is red or warm to the touch", "See a doctor today", "Call 111"),
        ("It hurts to stand or walk on the leg, or I've started to limp", None, None),
    ],
    ids=["emergency", "urgent", "stop"],
)
def test_a_sign_sent_with_an_error_shows_its_advice_first_and_focused(
    browser, live_server, routine, javascript, sign, heading, call
):
    """Fresh tester, without JavaScript: a warning sign with the pain left blank came back at
    #log-form, "Nothing was saved / check these answers" in the window, the red emergency box
    about 640 px above it and nothing focused. Now the sign's advice is what the runner sees
    first, focused, with its call button, and the error summary after it."""
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        form = page.locator("#log-form")
        form.get_by_label(sign).check()
        form.get_by_role("button", name="Log this session").click()
        pending = page.locator("#pending-advice")
        expect(pending).to_contain_text("Nothing was saved")
        focused = pending.locator("h3")
        if heading:
            expect(focused).to_have_text(heading)
        expect(focused).to_be_focused()
        unsaved = "Nothing was saved, so your coach has not been told."
        assert _in_view(pending.get_by_text(unsaved, exact=True)), sign
        assert _in_view(focused), sign
        if call:
            button = pending.get_by_role("link", name=re.compile(re.escape(call)))
            assert _in_view(button.first), sign
        summary = page.locator("#log-form .error-summary")
        expect(summary).to_contain_text("Nothing was saved")
        assert summary.bounding_box()["y"] > focused.bounding_box()["y"]
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_refused_entry_with_the_bladder_sign_shows_its_advice_not_carry_on(
    browser, live_server, routine, javascript
):
    """QA: pain 2 (Carry on), then an entry dated before the routine with the bladder sign
    ticked: 'Nothing was saved' under the green 'Carry on'."""
    services.session_log(routine=routine, day=routine.created.date(), pain=2, done=[])
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        expect(page.locator("#advice")).to_contain_text("Carry on")
        form = page.locator("#log-form")
        form.locator("[name=date]").fill("2020-01-01")
        form.locator("[name=pain]").fill("1")
        form.get_by_label("Numbness around my bottom or genitals").check()
        form.locator("[name=note]").fill("typed note")
        form.get_by_role("button", name="Log this session").click()
        pending = page.locator("#pending-advice")
        expect(pending).to_contain_text("Nothing was saved")
        expect(pending).to_contain_text("Get emergency care now")
        expect(page.locator(".advice-continue")).to_have_count(0)
        expect(page.locator("#log-form [name=note]")).to_have_value("typed note")
        expect(page.get_by_label("Numbness around my bottom or genitals")).to_be_checked()
        if javascript:
            expect(pending.locator(".care-heading")).to_be_focused()
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_mark_as_seen_puts_the_focus_on_what_was_done(browser, live_server, routine, javascript):
    services.session_log(routine=routine, day=routine.created.date(), pain=8, done=[])
    services.session_log(
        routine=routine,
        day=routine.created.date(),
        pain=1,
        done=[],
        warning_signs=["saddle_or_bladder"],
    )
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(live_server.url + routine.get_absolute_url())
        panel = page.locator("#follow-up")
        expect(panel).to_contain_text("Told to get emergency care")
        # The emergency card first; its button marks that card only (QA: one click cleared
        # the day's every card), and says which it is.
        button = panel.get_by_role("button", name="Mark as seen").first
        expect(button).to_have_accessible_name(re.compile(r"^Mark as seen \(emergency on "))
        colour = button.evaluate("(el) => getComputedStyle(el).backgroundColor")
        assert colour in ("rgba(0, 0, 0, 0)", "transparent"), colour  # not a red button
        button.click()
        notice = page.locator("#follow-up .followup-notice")
        expect(notice).to_contain_text("Marked as seen: the emergency on")
        expect(notice).to_be_focused()
        left = panel.get_by_role("button", name="Mark as seen")
        expect(left).to_have_count(1)
        expect(left).to_have_accessible_name(re.compile(r"^Mark as seen \(stop on "))
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_emergency_logged_in_new_york_offers_911_first_then_999_and_112(
    browser, live_server, routine, javascript
):
    """Fresh tester: a runner in America/New_York was told "Call 999 / In Europe: Call 112".
    With JavaScript the log form carries the browser's zone: 911 is the first call button, 999
    and 112 follow (a zone is not a place), with "your local emergency number"; each a real
    tel: link at least 44 px square, and axe finds nothing (contrast). Without JavaScript the
    zone is not known: 999, 112 and the fallback naming 911."""
    context = phone_context(browser, javascript=javascript, timezone_id="America/New_York")
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        form = page.locator("#log-form")
        if javascript:  # the browser's day (without JavaScript the server's, UK time)
            today = page.evaluate("() => new Date().toLocaleDateString('en-CA')")
            form.locator("[name=date]").fill(today)
        form.locator("[name=pain]").fill("1")
        form.get_by_label("Numbness around my bottom or genitals").check()
        form.get_by_role("button", name="Log this session").click()
        care = page.locator("#advice .care-emergency")
        expect(care).to_contain_text("Get emergency care now")
        calls = care.locator(".call-now a[href^='tel:']")
        expected = ["911", "999", "112"] if javascript else ["999", "112"]
        expect(calls).to_have_count(len(expected))
        assert [calls.nth(n).get_attribute("href") for n in range(len(expected))] == [
            f"tel:{number}" for number in expected
        ]
        labels = {"911": "US and Canada", "999": "UK", "112": "Europe"}
        expect(calls.first).to_have_text(f"Call {expected[0]} ({labels[expected[0]]})")
        for n in range(len(expected)):
            box = calls.nth(n).bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, expected[n]
        expect(care).to_contain_text("your local emergency number")
        if not javascript:  # the zone never known: every country's number, folded
            care.locator("details[data-country-calls] summary").click()
            us = care.get_by_role("link", name="Call 911 (United States)")
            expect(us).to_have_attribute("href", "tel:911")
        if javascript:
            assert_no_axe_violations(page)
            # Opened again (the zone now as the browser's cookie): the top's buttons too.
            page.goto(live_server.url + routine.get_share_url())
            top = page.locator("#runner-top .call-now a[href^='tel:']")
            expect(top.first).to_have_attribute("href", "tel:911")
            expect(page.locator("#runner-top")).to_contain_text("local emergency number")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_exercise_removed_while_the_page_is_open_still_logs_the_entry_and_its_sign(
    browser, live_server, routine, javascript
):
    """Tester: pain 5, a note and "the hip is swollen" ticked; the coach removed an exercise
    before Log was pressed. The entry is logged (the coach sees the sign), with the removed
    exercise as done, and the page says the routine changed, with or without JavaScript."""
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        form = page.locator("#log-form")
        form.locator("[name=pain]").fill("5")
        form.locator("[name=note]").fill("Hip puffy after the run")
        form.get_by_label("The hip is swollen").check()
        form.get_by_label("I did all of them").check()
        removed = routine.items.get(exercise__name="Move 0")
        services.routine_remove_item(item=removed)
        form.get_by_role("button", name="Log this session").click()
        # With htmx the log's notice; without, the page's message (base.html), as any notice.
        said = page.locator("#log" if javascript else ".messages")
        expect(said).to_contain_text("Your coach changed the routine while your page was open")
        expect(page.locator("body")).not_to_contain_text("Nothing was saved")
        entry = routine.sessions.get()
        assert entry.warning_signs == ["swollen"] and entry.note == "Hip puffy after the run"
        assert entry.done.filter(exercise_name="Move 0", item__isnull=True).exists()
        if javascript:  # axe runs in the page
            assert_no_axe_violations(page)
    finally:
        context.close()


def test_without_javascript_in_tokyo_the_logs_emergency_folds_119_as_a_tap_to_call_link(
    browser, live_server, routine
):
    """Tester, Asia/Tokyo with no JavaScript (the zone is never known): the log's emergency
    advice named Japan's 119 only as text in a long paragraph. Now "Not in the UK?" opens to
    every country's number as a tel: link, 119 among them."""
    context = phone_context(browser, timezone_id="Asia/Tokyo")
    page = context.new_page()
    # As a browser without JavaScript gets it; axe runs as a script, so the page's own are
    # refused rather than JavaScript itself.
    page.route(re.compile(r"\.js(\?.*)?$"), lambda route: route.abort())
    try:
        page.goto(live_server.url + routine.get_share_url())
        form = page.locator("#log-form")
        form.locator("[name=pain]").fill("1")
        form.get_by_label("Numbness around my bottom or genitals").check()
        form.get_by_role("button", name="Log this session").click()
        care = page.locator("#advice .care-emergency")
        expect(care.locator(".call-button")).to_have_text("Call 999 (UK)")
        folded = care.locator("details[data-country-calls]")
        japan = folded.get_by_role("link", name="Call 119 (Japan)")
        expect(japan).to_be_hidden()
        folded.locator("summary").click()
        expect(japan).to_have_attribute("href", "tel:119")
        japan.scroll_into_view_if_needed()
        expect(japan).to_be_in_viewport()
        box = japan.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert_no_axe_violations(page)
    finally:
        context.close()
