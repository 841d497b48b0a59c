"""The symptom checker on a phone, between its steps: Previous step and the browser's Back and
Forward keep every answer (with and without JavaScript), letters in a number box get a message,
Next always answers (slow server, double taps, a tap before htmx is ready), no swap trips the
Content Security Policy, both printouts fit one A4 page, and the rules page has contents.

Every test here also fails on any console message about the CSP (tests/e2e/conftest.py)."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import (
    PHONE,
    answer_first_step,
    answer_pain_step,
    answer_safety_step,
    assert_no_axe_violations,
    heading,
    next_button,
    reach_self_care,
    settled,
)

pytestmark = pytest.mark.django_db(transaction=True)


def pdf_pages(page) -> int:
    page.emulate_media(media="print")
    return len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format="A4")))


def test_previous_step_and_the_browsers_back_and_forward_keep_every_answer(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/triage/")
    expect(page.get_by_role("button", name="Previous step")).to_have_count(0)
    answer_first_step(page)
    next_button(page).click()
    expect(heading(page)).to_have_text("A few more safety questions")
    answer_safety_step(page)
    next_button(page).click()
    expect(heading(page)).to_have_text("About the pain")
    page.get_by_label("How many days have you had it?").fill("9")  # typed, not yet sent
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Previous step").click()
    expect(heading(page)).to_have_text("A few more safety questions")
    expect(heading(page)).to_be_focused()
    expect(page.get_by_label("No, or this doesn't apply to me")).to_be_checked()
    assert page.url == live_server.url + "/triage/"  # no answer in the address

    page.go_back()  # the browser's Back: step 1, its answers in place
    expect(heading(page)).to_have_text("First, the questions that can't wait")
    expect(heading(page)).to_be_focused()
    expect(page.get_by_label("How old is the person with the pain?")).to_have_value("35")
    assert page.url == live_server.url + "/triage/"

    page.go_forward()
    expect(heading(page)).to_have_text("A few more safety questions")
    page.go_forward()
    expect(heading(page)).to_have_text("About the pain")
    expect(page.get_by_label("How many days have you had it?")).to_have_value("9")
    # A reload loads the page afresh: the answers were only ever in the page, and it says so.
    expect(page.locator("#answers-cleared")).to_have_count(0)
    page.reload()
    expect(heading(page)).to_have_text("First, the questions that can't wait")
    expect(page.get_by_role("status").filter(has_text="answers were cleared")).to_be_visible()
    assert_no_axe_violations(page)


def test_previous_step_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/triage/")
    answer_first_step(page)
    next_button(page).click()
    answer_safety_step(page)
    next_button(page).click()
    expect(heading(page)).to_have_text("About the pain")
    page.get_by_role("button", name="Previous step").click()
    expect(heading(page)).to_have_text("A few more safety questions")
    expect(page.get_by_label("No, or this doesn't apply to me")).to_be_checked()
    page.get_by_role("button", name="Previous step").click()
    expect(page.get_by_label("How old is the person with the pain?")).to_have_value("35")
    next_button(page).click()
    expect(heading(page)).to_have_text("A few more safety questions")
    context.close()


def test_without_javascript_every_step_and_the_answer_take_the_focus(browser, live_server):
    """Tester, screen reader, no JavaScript: "Next" loaded the next step with the focus on the
    page's body, so its question was not read out. Every page a button loads whole focuses
    its heading (or the error summary), as an htmx swap does; the first visit does not.

    Chromium runs a page's autofocus at its first rendering update after parsing, which can
    come after the load event. A page without JavaScript runs no script, so a wait inside it
    (wait_for_function polls with requestAnimationFrame or a timer) looks once and never
    again: the focus is waited for with expect, which polls from outside the page."""
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/triage/")
    # Nothing asks for the focus (an autofocus not run yet would pass the check after it).
    expect(page.locator("[autofocus]")).to_have_count(0)
    assert page.evaluate("document.activeElement === document.body")
    answer_first_step(page)
    next_button(page).click()
    expect(heading(page)).to_have_text("A few more safety questions")
    expect(page.locator("#step-heading")).to_be_focused()
    page.get_by_role("button", name="Previous step").click()
    expect(heading(page)).to_have_text("First, the questions that can't wait")
    expect(page.locator("#step-heading")).to_be_focused()
    next_button(page).click()
    answer_safety_step(page)
    next_button(page).click()
    expect(heading(page)).to_have_text("About the pain")
    expect(page.locator("#step-heading")).to_be_focused()
    next_button(page, rest_no=False).click()  # nothing answered: the errors come first
    expect(page.locator(".error-summary")).to_be_focused()
    answer_pain_step(page)
    next_button(page).click()
    next_button(page).click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "self_care")
    expect(page.locator("#result-heading")).to_be_focused()
    page.get_by_role("button", name="Change my answers").click()
    expect(heading(page)).to_have_text("Change your answers")
    expect(page.locator("#step-heading")).to_be_focused()
    context.close()


def test_letters_in_a_number_box_come_back_with_a_message_and_a_numeric_keypad(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/triage/")
    age = page.get_by_label("How old is the person with the pain?")
    expect(age).to_have_attribute("inputmode", "numeric")
    age.press_sequentially("3e")  # a number box would send this as nothing at all
    page.get_by_label("Yes, I can stand and walk on it normally").check()
    page.get_by_label("How bad is the pain at its worst").fill("3")
    next_button(page).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Enter a whole number in digits, like 35.")
    expect(alert).to_be_focused()
    expect(age).to_have_value("3e")
    expect(age).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)
    age.fill("35")
    next_button(page).click()
    expect(heading(page)).to_have_text("A few more safety questions")


def test_next_on_a_slow_connection_says_it_is_busy_and_sends_once(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/triage/")
    posts = []
    page.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 700, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    answer_first_step(page)
    button = next_button(page)
    button.click()
    expect(page.get_by_text("Checking your answers…")).to_be_visible()
    expect(button).to_be_disabled()
    button.click(force=True)  # tapped again while the first is on its way
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("A few more safety questions")
    assert len(posts) == 1
    expect(page.get_by_text("Checking your answers…")).to_be_hidden()


def test_next_tapped_before_htmx_is_ready_still_goes_on(page, live_server):
    """Until htmx has read the page, the form is a plain form: it posts the whole page."""
    page.set_viewport_size(PHONE)
    # Hold htmx back until the test has tapped: the page parses, htmx never runs.
    page.route("**/django_htmx/htmx*.js", lambda route: route.abort())
    page.goto(live_server.url + "/triage/")
    answer_first_step(page)
    next_button(page).click()
    expect(heading(page)).to_have_text("A few more safety questions")
    page.unroute("**/django_htmx/htmx*.js")


def test_a_style_left_by_any_script_never_trips_the_csp_on_a_swap(page, live_server):
    """htmx settles attributes across a swap; a style attribute (added through the CSSOM, as
    SortableJS and browser extensions do) written back with setAttribute is refused by the
    CSP. The config must keep htmx from copying it; the page fixture fails on the console."""
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/triage/")
    for selector in ("#step-heading", "#triage-panel", "#id_age", "#triage-step"):
        page.eval_on_selector(selector, "element => { element.style.outline = '0px none'; }")
    next_button(page).click()  # the same step, with its message: the same ids
    expect(page.get_by_role("alert")).to_be_visible()
    page.eval_on_selector("#step-heading", "element => { element.style.outline = '0px none'; }")
    answer_first_step(page)
    next_button(page).click()
    expect(heading(page)).to_have_text("A few more safety questions")
    # Settling over (htmx copies attributes then): a refusal would be reported before
    # settled()'s own calls to the page come back.
    settled(page)


def test_both_printouts_of_a_self_care_answer_fit_one_a4_page(page, live_server):
    call_command("load_catalogue", verbosity=0)
    reach_self_care(page, live_server)
    starter = page.locator("ol.starter > li > strong").all_inner_texts()
    assert starter
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Print or save this answer").click()
    summary = opened.value
    # Loaded (print.css in) before axe and the printing read its layout: the tab and its
    # content can be there before the page's stylesheets are.
    summary.wait_for_load_state()
    expect(summary.get_by_role("heading", name="A starter routine")).to_be_visible()
    # "Not better after two weeks" under what it gives: book a physio or doctor.
    expect(summary.get_by_role("heading", name="Book a physio or doctor if")).to_be_visible()
    for name in starter:
        expect(summary.locator(".summary-routine")).to_contain_text(name)
    assert_no_axe_violations(summary)
    assert pdf_pages(summary) == 1
    # The answer page's own print: no navigation, buttons or forms, on one page.
    page.emulate_media(media="print")
    for hidden in (".site-header", "#change-answers", ".answer-actions"):
        expect(page.locator(hidden)).to_be_hidden()
    # ... but everything the runner needs: what each exercise is for, and how to keep the
    # pain from coming back.
    expect(page.get_by_role("heading", name="Keeping it from coming back")).to_be_visible()
    expect(page.locator("ol.starter > li > .text-body-secondary").first).to_be_visible()
    assert pdf_pages(page) == 1


def test_rules_page_contents_list_works_on_a_phone(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/triage/rules/")
    contents = page.get_by_role("navigation", name="Contents")
    expect(contents).to_be_visible()
    contents.get_by_role("link", name="Book a physio or doctor").click()
    expect(page).to_have_url(re.compile("#tier-see_professional$"))
    contents.locator("summary").first.click()
    first_rule = contents.locator("details").first.get_by_role("link").first
    name = first_rule.inner_text()
    first_rule.click()
    expect(page.locator(".rule:target h3")).to_have_text(name)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_axe_violations(page)
