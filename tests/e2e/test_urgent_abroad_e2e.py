"""A fresh tester on a phone in America/Chicago: the "See a doctor today" answer said "call NHS
111 or use 111.nhs.uk" with a "Call 111" button, under a correct "Call 911 (US and Canada)".
In a real browser (the zone from its own clock, through static/js/hipcare.js's cookie), with
and without htmx's swap, the answer names no UK-only service outside the UK."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    answer_first_step,
    answer_pain_step,
    assert_no_axe_violations,
    next_button,
    phone_context,
    sign,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _reach_being_sick(page, live_server) -> None:
    """Being sick with the hip pain: "See a doctor today"."""
    page.goto(live_server.url + "/triage/")
    answer_first_step(page)
    next_button(page).click()
    page.get_by_label("No, or this doesn't apply to me").check()
    sign(page, re.compile("being sick"), "Yes")
    next_button(page).click()
    panel = page.locator("#triage-panel")
    expect(panel).not_to_have_attribute("data-step", "2")
    if panel.get_attribute("data-step") == "3":  # the pain step, then any after it
        answer_pain_step(page)
        next_button(page).click()
        expect(panel).not_to_have_attribute("data-step", "3")
        if panel.get_attribute("data-step") == "4":
            next_button(page).click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "urgent")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_in_chicago_see_a_doctor_today_names_no_nhs_111(browser, live_server, javascript):
    context = phone_context(browser, timezone_id="America/Chicago")
    page = context.new_page()
    if not javascript:
        # As a browser without JavaScript gets it (Playwright's evaluate, which measures the
        # page and runs axe, needs JavaScript itself, so the page's own scripts are refused):
        # full-page posts, and no script to set the zone cookie, which stands in for it here.
        page.route(re.compile(r"\.js(\?.*)?$"), lambda route: route.abort())
        context.add_cookies(
            [{"name": "hipcare_tz", "value": "America/Chicago", "url": live_server.url}]
        )
    try:
        _reach_being_sick(page, live_server)
        box = page.locator(".tier-urgent")
        expect(box).to_contain_text(
            "Contact your doctor's practice today, or your local urgent care or out-of-hours "
            "service."
        )
        expect(box).not_to_contain_text("NHS 111")
        expect(box).not_to_contain_text("111.nhs.uk")
        expect(box.locator('a[href="tel:111"]')).to_have_count(0)
        expect(box.locator('a[href="tel:911"]')).to_have_text("Call 911 (US and Canada)")
        expect(page.locator(".uk-reasons-note")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_no_axe_violations(page)
    finally:
        context.close()


def test_without_javascript_in_auckland_see_a_doctor_today_says_111_is_the_uks(
    browser, live_server
):
    """Tester, Pacific/Auckland with no JavaScript (the zone is never known): "See a doctor
    today" gave "Call 111 (UK)" and "Call 999 (UK)" and nothing local, and 111 is New
    Zealand's emergency number. Now the UK's numbers are said as the UK's, outside the UK is
    said plainly, and "Not in the UK?" opens to every country's number as a tel: link."""
    context = phone_context(browser, timezone_id="Pacific/Auckland")
    page = context.new_page()
    page.route(re.compile(r"\.js(\?.*)?$"), lambda route: route.abort())
    try:
        _reach_being_sick(page, live_server)
        box = page.locator(".tier-urgent")
        expect(box.locator(".urgent-care")).to_contain_text("In the UK: Call your GP surgery")
        expect(box).to_contain_text(
            "Outside the UK: contact a doctor's practice or your local urgent care service today."
        )
        folded = box.locator("details[data-country-calls]")
        folded.locator("summary").click()
        nz = folded.get_by_role("link", name="Call 111 (New Zealand)")
        expect(nz).to_have_attribute("href", "tel:111")
        nz.scroll_into_view_if_needed()
        expect(nz).to_be_in_viewport()
        size = nz.bounding_box()
        assert size["width"] >= 44 and size["height"] >= 44
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_no_axe_violations(page)
    finally:
        context.close()
