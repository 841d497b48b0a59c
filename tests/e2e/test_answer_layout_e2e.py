"""The answer page on a phone (390x844): its actions are reachable from the top, and the page
itself prints as a clean handout (QA round 2, findings 3 and 4)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import reach_self_care

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def test_the_answers_actions_are_one_tap_from_the_top_on_a_phone(phone, live_server):
    """QA: the answer is ~5,000 px tall and "Change my answers", "Print" and "Start again" were
    only at the very bottom."""
    page = phone
    reach_self_care(page, live_server)
    page.evaluate("window.scrollTo(0, 0)")
    heading = page.locator("#result-heading")
    lead = page.locator(".tier .lead")
    jump = page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name=re.compile("Change my answers, print or start again")
    )
    # Under the headline and its advice, and still on the first screen.
    heading_box, lead_box, jump_box = (x.bounding_box() for x in (heading, lead, jump))
    assert heading_box["y"] < lead_box["y"] < jump_box["y"]
    assert jump_box["y"] + jump_box["height"] <= 844
    assert jump_box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollHeight") > 2 * 844
    # From the keyboard: the link takes focus to the actions, and Tab reaches "Change my answers".
    jump.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#answer-actions")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Change my answers")).to_be_focused()
    expect(page.get_by_role("button", name="Change my answers")).to_be_in_viewport()
    expect(page.get_by_role("link", name="Start again", exact=True)).to_be_in_viewport()
