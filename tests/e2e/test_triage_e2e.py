"""The symptom checker in a browser: emergency first, step by step, with and without JavaScript,
keyboard only, axe on every step and answer, and a printed summary on one A4 page."""

import os
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import (
    answer_first_step,
    answer_pain_step,
    answer_safety_step,
    assert_no_axe_violations,
    next_button,
    sign,
)

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = os.environ.get("HIPCARE_SCREENSHOTS")  # a folder to save screenshots in, to look at


@pytest.fixture
def real_catalogue():
    call_command("load_catalogue", verbosity=0)


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_keyboard_only_runner_with_one_red_flag_reaches_the_emergency_answer(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/triage/")
    assert_no_axe_violations(page)
    # Tab to the "yes" of the bladder question, press space, then Enter on the button.
    question = page.get_by_role("radiogroup", name=re.compile("numbness around the bottom"))
    yes = question.get_by_label("Yes", exact=True)
    page.keyboard.press("Tab")
    for _ in range(60):
        if yes.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(yes).to_be_checked()
    button = page.get_by_role("button", name="Next")
    for _ in range(60):
        if button.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    result = page.locator("[data-tier]")
    expect(result).to_have_attribute("data-tier", "emergency")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    expect(page.get_by_role("link", name="Call 999")).to_have_attribute("href", "tel:999")
    expect(page).to_have_title(re.compile("^Get emergency care now"))
    expect(page.locator('[data-rule="saddle-numbness-or-bladder-change"]')).to_be_visible()
    shot(page, "emergency-390")
    assert_no_axe_violations(page)


def test_runner_answers_step_by_step_and_gets_self_care_in_place(page, live_server, real_catalogue):
    page.goto(live_server.url + "/triage/")
    answer_first_step(page)
    next_button(page).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A few more safety questions")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    shot(page, "step-2")
    assert_no_axe_violations(page)
    answer_safety_step(page)
    next_button(page).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the pain")
    assert_no_axe_violations(page)
    answer_pain_step(page)
    next_button(page).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you and your running")
    assert_no_axe_violations(page)
    next_button(page).click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "self_care")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    assert 4 <= page.locator("ol.starter > li").count() <= 6
    shot(page, "self-care")
    assert_no_axe_violations(page)
    # Back from the answer goes back a step, then another, with every answer given.
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you and your running")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the pain")
    expect(page.get_by_label("How many days have you had it?")).to_have_value("4")
    expect(page.get_by_label("Gradually")).to_be_checked()
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    ("question", "tier", "rule"),
    [
        ("Does the pain wake you up", "see_professional", "night-or-rest-pain"),
        ("Have you ever been treated for cancer?", "urgent", "past-cancer"),
    ],
)
def test_each_tier_has_an_accessible_answer_page(
    page, live_server, real_catalogue, question, tier, rule
):
    page.goto(live_server.url + "/triage/")
    answer_first_step(page)
    next_button(page).click()
    answer_safety_step(page)
    next_button(page).click()
    answer_pain_step(page)
    if tier == "see_professional":
        sign(page, question, "Yes")
    next_button(page).click()
    if tier == "urgent":
        sign(page, question, "Yes")
    next_button(page).click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", tier)
    expect(page.locator(f'[data-rule="{rule}"]')).to_be_visible()
    expect(page.locator("ol.starter")).to_have_count(0)
    shot(page, f"answer-{tier}")
    assert_no_axe_violations(page)


def test_a_temperature_with_no_hip_pain_rests_first_with_no_starter_routine(
    page, live_server, real_catalogue
):
    """A runner with a temperature and pain 0 got self-care with a starter routine: in the
    browser the answer is self-care, headed to rest until the temperature has gone, with no
    exercises and no axe violations."""
    page.goto(live_server.url + "/triage/")
    answer_first_step(page)
    page.get_by_label("How bad is the pain at its worst").fill("0")
    sign(page, "Do you (or your child) have a temperature, or feel hot and shivery?", "Yes")
    next_button(page).click()
    answer_safety_step(page)
    next_button(page).click()
    # With no hip pain, the pain step asks nothing about the pain (where, how it started).
    expect(page.get_by_role("heading", name="About the pain")).to_be_visible()
    expect(page.get_by_text("Where is the pain?")).to_have_count(0)
    expect(page.get_by_text("How many days have you had it?")).to_have_count(0)
    next_button(page).click()
    next_button(page).click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "self_care")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rest until your temperature has gone"
    )
    expect(page.get_by_text("What often causes pain there")).to_have_count(0)
    expect(page.locator('[data-rule="temperature-without-hip-pain"]')).to_be_visible()
    expect(page.locator("ol.starter")).to_have_count(0)
    expect(page.get_by_text("Your temperature has gone: then check again")).to_be_visible()
    assert_no_axe_violations(page)


def test_a_fall_with_no_hip_pain_is_examined_first_in_words_for_no_pain(
    page, live_server, real_catalogue
):
    """A runner with a pain score of 0 who had a fall was told 'Go the same day if the pain
    gets worse' under 'The pain started with a fall or a blow', and to 'avoid what makes it
    hurt': in the browser the answer says to have the hip examined, in words for no pain now,
    with no axe violations."""
    page.goto(live_server.url + "/triage/")
    answer_first_step(page)
    page.get_by_label("How bad is the pain at its worst").fill("0")
    sign(
        page,
        "Did the pain start with a fall, a collision or a blow to the hip, even a small one?",
        "Yes",
    )
    next_button(page).click()
    answer_safety_step(page)
    next_button(page).click()
    expect(page.get_by_role("heading", name="About the pain")).to_be_visible()
    next_button(page).click()
    expect(page.get_by_role("heading", name="About you and your running")).to_be_visible()
    next_button(page).click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "see_professional")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Have the hip examined by a doctor or physio"
    )
    expect(page.get_by_text("even though it doesn't hurt now").first).to_be_visible()
    expect(page.get_by_text("stop anything that brings pain on")).to_be_visible()
    answer = page.locator(".triage-result").inner_text().lower()
    for words in ("the pain", "makes it hurt", "hip pain that began"):
        assert words not in answer, words
    assert_no_axe_violations(page)


def test_change_my_answers_keeps_them_and_the_printed_summary_fits_one_page(
    page, live_server, real_catalogue
):
    page.goto(live_server.url + "/triage/")
    answer_first_step(page)
    sign(page, "Do you (or your child) have a temperature, or feel hot and shivery?", "Not sure")
    next_button(page).click()
    answer_safety_step(page)
    next_button(page).click()
    # Nothing later can make it an emergency: "see a doctor today" comes without the rest.
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "urgent")
    expect(page.locator(".unsure-note").first).to_contain_text("a temperature")
    page.get_by_role("button", name="Change my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your answers")
    fever = page.get_by_role(
        "radiogroup", name="Do you (or your child) have a temperature, or feel hot and shivery?"
    )
    expect(fever.get_by_label("Not sure", exact=True)).to_be_checked()
    expect(page.get_by_label("How old is the person with the pain?")).to_have_value("35")
    assert_no_axe_violations(page)
    fever.get_by_label("No", exact=True).check()
    answer_pain_step(page)
    page.get_by_role("button", name="See what to do").click()
    # The signs of the steps never reached were left blank: each is asked on its own step,
    # not read as "no".
    for heading in ("About the pain", "About you and your running"):
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        next_button(page).click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "self_care")
    # The printed summary opens in its own tab, rendered from the answers posted to it.
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Print or save this answer").click()
    summary = opened.value
    summary.wait_for_load_state()  # print.css in before its print is read
    expect(summary.get_by_text("The answers as given")).to_be_visible()
    expect(summary.locator("dd", has_text="35")).to_have_count(1)
    assert_no_axe_violations(summary)
    summary.emulate_media(media="print")
    shot(summary, "summary-print")
    pdf = summary.pdf(format="A4")
    if SCREENSHOTS:
        with open(os.path.join(SCREENSHOTS, "summary.pdf"), "wb") as out:
            out.write(pdf)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1


def test_the_longest_summary_still_fits_one_page(page, live_server, real_catalogue):
    """Every question answered, and a red flag with many reasons: one A4 page."""
    page.goto(live_server.url + "/triage/")
    answer_first_step(page)
    next_button(page).click()
    answer_safety_step(page)
    for question in (
        "Is the hip area swollen?",
        "Do you have numbness, tingling or pins and needles in the leg?",
    ):
        sign(page, question, "Yes")
    next_button(page).click()
    answer_pain_step(page, location="At the front of the hip or in the groin")
    for area in ("Into my lower back", "Down my thigh", "Down to my knee"):
        page.get_by_label(area).check()
    for question in (
        "Does the pain wake you up or keep you awake at night?",
        "Does it hurt even when you're resting, not just when you move?",
        "Does the hip feel unstable, as if it might give way?",
    ):
        sign(page, question, "Yes")
    next_button(page).click()
    for question in (
        "Have you recently stepped up how far, how often or how hard you run?",
        "Have you lost weight recently without trying to?",
        "Have you ever been treated for cancer?",
    ):
        sign(page, question, "Yes")
    next_button(page).click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "urgent")
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Print or save this answer").click()
    summary = opened.value
    summary.wait_for_load_state()  # print.css in before its print is read
    summary.emulate_media(media="print")
    shot(summary, "summary-long-print")
    pdf = summary.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1


def test_missing_answers_come_back_with_messages_and_keep_what_was_entered(page, live_server):
    page.goto(live_server.url + "/triage/")
    page.get_by_label("How old is the person with the pain?").fill("35")
    next_button(page).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Some answers need another look")
    expect(alert).to_be_focused()
    assert_no_axe_violations(page)


def test_symptom_checker_works_without_javascript_through_every_step(
    browser, live_server, real_catalogue
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/triage/")
    answer_first_step(page)
    next_button(page).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A few more safety questions")
    answer_safety_step(page)
    next_button(page).click()
    answer_pain_step(page, location="At the front of the hip or in the groin")
    sign(page, "Does the pain wake you up or keep you awake at night?", "Yes")
    next_button(page).click()
    sign(page, "Have you recently stepped up how far, how often or how hard you run?", "Yes")
    next_button(page).click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "urgent")
    expect(page.locator('[data-rule="suspected-stress-fracture"]')).to_be_visible()
    expect(page).to_have_title(re.compile("^See a doctor today"))
    page.get_by_role("button", name="Change my answers").click()
    expect(page.get_by_label("How old is the person with the pain?")).to_have_value("35")
    context.close()


def test_rules_page_reads_on_a_phone(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/triage/rules/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shot(page, "rules-390")
    assert_no_axe_violations(page)
