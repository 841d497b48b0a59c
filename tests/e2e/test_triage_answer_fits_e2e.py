"""The fresh tester's symptom-checker findings in a browser: step 3 sent back whole after Next
with nothing answered (the spread question included, its ticks kept), and a fall while still
walking answered with no starter routine."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    answer_first_step,
    answer_safety_step,
    assert_no_axe_violations,
    heading,
    next_button,
    sign,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_step_three_comes_back_whole_after_next_with_nothing_answered(
    browser, live_server, javascript
):
    context = browser.new_context(java_script_enabled=javascript, reduced_motion="reduce")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live_server.url + "/triage/")
    answer_first_step(page)
    next_button(page).click()
    answer_safety_step(page)
    next_button(page).click()
    expect(heading(page)).to_have_text("About the pain")
    page.get_by_label("Down to my knee").check()
    next_button(page, rest_no=False).click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(heading(page)).to_have_text("About the pain")
    # The optional question is still there, with the tick given, not taken as "none".
    spread = page.get_by_role("group", name="Does the pain spread anywhere else?")
    expect(spread).to_be_visible()
    expect(page.get_by_label("Down to my knee")).to_be_checked()
    expect(page.get_by_label("Into my lower back")).not_to_be_checked()
    if javascript:  # axe runs in the page's JavaScript
        assert_no_axe_violations(page)
    context.close()


def test_a_fall_while_walking_normally_gets_no_starter_routine(page, live_server):
    page.goto(live_server.url + "/triage/")
    page.get_by_label("How old is the person with the pain?").fill("34")
    page.get_by_label("Yes, I can stand and walk on it normally").check()
    page.get_by_label("How bad is the pain at its worst").fill("3")
    sign(page, re.compile("fall, a collision"), "Yes")
    next_button(page).click()
    answer_safety_step(page)
    next_button(page).click()
    page.get_by_text("On the outer side of the hip").click()
    page.get_by_label("Gradually").check()
    page.get_by_label("How many days have you had it?").fill("1")
    page.get_by_label("Yes, it's getting better").check()
    next_button(page).click()
    next_button(page).click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "see_professional")
    expect(heading(page)).to_have_text("Have the hip examined by a doctor or physio")
    expect(page.get_by_role("heading", name="A starter routine")).to_have_count(0)
    expect(page.get_by_text("You told us about a fall or a blow to the hip.")).to_be_visible()
    # Each sign under what it alone gives: the same-day signs under "see a doctor today".
    expect(
        page.get_by_role("heading", name="See a doctor today, or call NHS 111, if")
    ).to_be_visible()
    assert_no_axe_violations(page)
