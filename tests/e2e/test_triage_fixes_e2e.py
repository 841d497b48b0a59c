"""The symptom checker as the phone tester used it: an answer is never lost by reading how to do
an exercise or how HipCare decides, the "answers were cleared" notice appears only when answers
were lost, a "yes" to fainting is heard, and focus is one clear ring."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import (
    PHONE,
    answer_first_step,
    answer_safety_step,
    assert_no_axe_violations,
    heading,
    next_button,
    reach_self_care,
    sign,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_reading_an_exercise_or_the_rules_never_loses_the_answer(page, live_server):
    call_command("load_catalogue", verbosity=0)
    page.set_viewport_size(PHONE)
    reach_self_care(page, live_server)
    first = page.locator("details.starter-how").first
    first.locator("summary").click()
    expect(first.locator("ol.starter-steps li").first).to_be_visible()
    expect(first.locator("figure").first).to_be_visible()
    assert_no_axe_violations(page)

    # The full exercise page, the rules and the header's links open in a new tab: the answer
    # stays where it was.
    for link in (
        first.get_by_role("link", name=re.compile(r"\(opens in a new tab\)$")),
        page.get_by_role("link", name="How HipCare decides (opens in a new tab)"),
        page.locator(".site-header").get_by_role("link", name="Exercises (opens in a new tab)"),
    ):
        with page.context.expect_page() as opened:
            link.click()
        opened.value.wait_for_load_state()
        assert opened.value.url != page.url or "/triage/rules" in opened.value.url
        opened.value.close()
        expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "self_care")
    expect(page.locator("#answers-cleared")).to_have_count(0)

    # Back on the steps, the header's links are ordinary links again.
    page.get_by_role("button", name="Change my answers").click()
    expect(heading(page)).to_have_text("Change your answers")
    exercises = page.locator(".site-header").get_by_role("link", name="Exercises", exact=True)
    expect(exercises).not_to_have_attribute("target", "_blank")


@pytest.mark.parametrize("how", ["start again", "header link"])
def test_a_deliberate_fresh_start_shows_no_answers_cleared_notice(page, live_server, how):
    call_command("load_catalogue", verbosity=0)
    reach_self_care(page, live_server)
    if how == "start again":
        page.get_by_role("link", name="Start again", exact=True).click()
    else:
        # The header's own link to the checker: a fresh start in this tab, like "Start again".
        page.locator(".site-header").get_by_role("link", name="Symptom checker", exact=True).click()
    expect(heading(page)).to_have_text("First, the questions that can't wait")
    page.wait_for_load_state()
    expect(page.locator("#answers-cleared")).to_be_hidden()


def test_a_reload_after_answering_still_says_the_answers_were_cleared(page, live_server):
    page.goto(live_server.url + "/triage/")
    page.get_by_label("How old is the person with the pain?").fill("35")
    page.get_by_label("Yes, I can stand and walk on it normally").check()
    page.get_by_label("How bad is the pain at its worst").fill("3")
    next_button(page).click()
    expect(heading(page)).to_have_text("A few more safety questions")
    # The step's history entry is written once htmx has settled the swap, a moment after the
    # heading shows: a person reloads later than that.
    page.wait_for_function("() => (history.state || {}).hipcareTriage === '2'")
    page.reload()
    expect(page.get_by_role("status").filter(has_text="answers were cleared")).to_be_visible()


def test_a_faint_is_heard_and_not_told_self_care(page, live_server):
    page.goto(live_server.url + "/triage/")
    page.get_by_label("How old is the person with the pain?").fill("35")
    page.get_by_label("Yes, I can stand and walk on it normally").check()
    page.get_by_label("How bad is the pain at its worst").fill("3")
    next_button(page).click()
    page.get_by_label("No, or this doesn't apply to me").check()
    sign(page, "Have you fainted, or do you feel very dizzy or faint?", "Yes")
    sign(page, "Are you being sick (vomiting)?", "Yes")
    next_button(page).click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "urgent")
    expect(page.locator('[data-rule="fainting"]')).to_be_visible()
    expect(page.get_by_text("None of your answers matched")).to_have_count(0)


def _outline(locator) -> list[str]:
    return locator.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow]; }"
    )


def test_focus_is_one_clear_ring(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/triage/")
    page.get_by_label("How old is the person with the pain?").fill("35")
    page.get_by_label("Yes, I can stand and walk on it normally").check()
    page.get_by_label("How bad is the pain at its worst").fill("3")
    next_button(page).click()
    expect(heading(page)).to_be_focused()
    style, width, colour, shadow = _outline(heading(page))
    assert style == "solid" and width == "3px" and colour == "rgb(11, 61, 145)"
    assert shadow == "none"
    # One ring: nothing around the heading draws a second one.
    for around in ("#triage-panel", "main"):
        assert _outline(page.locator(around).first)[0] == "none"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    style, width, colour, shadow = _outline(focused)
    assert (style, width, colour) == ("solid", "3px", "rgb(11, 61, 145)")
    assert shadow == "none"


@pytest.mark.parametrize("typed", ["999999999999", "123"])
def test_an_age_in_digits_but_out_of_range_says_the_range(page, live_server, typed):
    page.goto(live_server.url + "/triage/")
    page.get_by_label("How old is the person with the pain?").fill(typed)
    page.get_by_label("Yes, I can stand and walk on it normally").check()
    page.get_by_label("How bad is the pain at its worst").fill("3")
    next_button(page).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Enter an age from 0 to 122")
    expect(alert).not_to_contain_text("whole number in digits")


def test_a_rare_age_is_confirmed_with_a_tick_and_then_taken(page, live_server):
    """Fresh tester: 120 was taken without a word. It comes back with the age kept and a box
    to tick; ticked, the checker goes on to the next step."""
    page.goto(live_server.url + "/triage/")
    answer_first_step(page)
    page.get_by_label("How old is the person with the pain?").fill("120")
    next_button(page).click()
    expect(page.get_by_role("alert")).to_contain_text("You entered 120.")
    expect(page.get_by_label("How old is the person with the pain?")).to_have_value("120")
    page.get_by_label("Yes, 120 is the right age").check()
    next_button(page).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A few more safety questions")
    assert_no_axe_violations(page)


def _step_three_with_a_wrong_number(page) -> None:
    """Steps 1 and 2 answered, then on step 3 only the number of days, wrongly."""
    answer_first_step(page)
    next_button(page).click()
    answer_safety_step(page)
    next_button(page).click()
    expect(heading(page)).to_have_text("About the pain")
    page.get_by_label("How many days have you had it?").fill("two weeks")
    page.get_by_role("button", name="Next").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no JavaScript"])
def test_the_error_summary_follows_the_page_and_takes_the_focus(browser, live_server, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/triage/")
        _step_three_with_a_wrong_number(page)
        summary = page.get_by_role("alert").filter(has_text="Some answers need another look")
        expect(summary).to_be_focused()
        links = summary.get_by_role("link")
        expect(links.first).to_have_text("Where is the pain?")
        names = links.all_inner_texts()
        assert names[:4] == [
            "Where is the pain?",
            "How did it start?",
            "How many days have you had it?",
            "Is it getting better with rest, easier running or exercises?",
        ]
        # Each link goes to its question's first input.
        links.nth(2).click()
        expect(page.get_by_label("How many days have you had it?")).to_be_focused()
        links.nth(0).click()
        expect(page.locator("#id_location_0")).to_be_focused()
    finally:
        context.close()
