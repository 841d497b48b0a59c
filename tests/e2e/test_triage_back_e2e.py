"""The browser's Back and Forward through the symptom checker on a phone. Tester, JavaScript
off: from the answer, Back showed "Confirm Form Resubmission" (Chromium's ERR_CACHE_MISS) and
nothing else, as did Forward: every step is a POST's page, and each was sent `no-store`. Those
pages are now kept by the browser alone (private, no-cache: triage/views.py), so Back and
Forward show each page as it was served: a step carries the answers given before it (hidden
fields), its own questions as first asked (no browser puts back what was typed in a field
marked autocomplete="off"), and sending it again gives the answer its answers give, never a
milder one. With JavaScript, Back and Forward always show whole
pages, never a fragment."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    answer_first_step,
    answer_safety_step,
    heading,
    next_button,
    phone_context,
    reach_self_care,
    sign,
)

pytestmark = pytest.mark.django_db(transaction=True)


def on_a_page_of_ours(page, live_server) -> None:
    assert page.url == live_server.url + "/triage/", page.url  # not chrome-error://
    expect(page.locator(".site-header")).to_have_count(1)  # the whole page
    expect(page.locator("#triage-panel")).to_have_count(1)


def test_without_javascript_back_and_forward_show_each_step_as_it_was(browser, live_server):
    context = phone_context(browser, javascript=False)
    try:
        page = context.new_page()
        reach_self_care(page, live_server)
        page.go_back()
        on_a_page_of_ours(page, live_server)
        last_step = heading(page).inner_text()
        page.go_back()
        on_a_page_of_ours(page, live_server)
        expect(heading(page)).to_have_text("About the pain")
        expect(page.locator("input[type=hidden][name=age]")).to_have_value("35")
        page.go_forward()
        expect(heading(page)).to_have_text(last_step)
        page.go_forward()
        on_a_page_of_ours(page, live_server)
        expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "self_care")
        # Back, then sent again as it stands: the same answer, no resubmission prompt.
        page.go_back()
        next_button(page).click()
        on_a_page_of_ours(page, live_server)
        expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "self_care")
    finally:
        context.close()


def test_without_javascript_a_step_answered_again_after_back_is_judged_again(browser, live_server):
    """From a self-care answer, Back to the safety questions, being sick now said "Yes", Next:
    "see a doctor today", never the self-care answer the later pages held; Back and sent
    again, the same."""
    context = phone_context(browser, javascript=False)
    try:
        page = context.new_page()
        reach_self_care(page, live_server)
        for _step in range(3):
            page.go_back()
            on_a_page_of_ours(page, live_server)
        expect(heading(page)).to_have_text("A few more safety questions")
        expect(page.locator("input[type=hidden][name=age]")).to_have_value("35")
        page.get_by_label("No, or this doesn't apply to me").check()
        sign(page, re.compile("being sick"), "Yes")
        next_button(page).click()
        answer = page.locator("[data-tier]")
        expect(answer).to_have_attribute("data-tier", "urgent")
        page.go_back()
        on_a_page_of_ours(page, live_server)
        page.get_by_label("No, or this doesn't apply to me").check()
        sign(page, re.compile("being sick"), "Yes")
        next_button(page).click()
        expect(answer).to_have_attribute("data-tier", "urgent")
        page.go_back()
        page.go_forward()
        on_a_page_of_ours(page, live_server)
        expect(answer).to_have_attribute("data-tier", "urgent")
    finally:
        context.close()


def test_with_javascript_back_and_forward_show_whole_pages(browser, live_server):
    context = phone_context(browser)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/triage/")
        answer_first_step(page)
        next_button(page).click()
        expect(heading(page)).to_have_text("A few more safety questions")
        answer_safety_step(page)
        next_button(page).click()
        expect(heading(page)).to_have_text("About the pain")
        page.go_back()
        expect(heading(page)).to_have_text("A few more safety questions")
        on_a_page_of_ours(page, live_server)
        page.go_back()
        expect(heading(page)).to_have_text("First, the questions that can't wait")
        on_a_page_of_ours(page, live_server)
        page.go_forward()
        expect(heading(page)).to_have_text("A few more safety questions")
        on_a_page_of_ours(page, live_server)
        page.reload()
        on_a_page_of_ours(page, live_server)
    finally:
        context.close()
