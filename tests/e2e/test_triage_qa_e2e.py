"""The fresh tester's phone findings on the symptom checker, in a phone-sized browser: tap
targets on the answer, Back after "Change my answers", links off the answer, print."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    PHONE_DEVICE,
    heading,
    next_button,
    no_to_unanswered_signs,
    sign,
)

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def emergency(page, live_server) -> None:
    page.goto(live_server.url + "/triage/")
    page.get_by_label("How old is the person with the pain?").fill("40")
    page.get_by_label("No, I can't put weight on that leg").check()
    next_button(page, rest_no=False).click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "emergency")


def urgent(page, live_server) -> None:
    page.goto(live_server.url + "/triage/")
    page.get_by_label("How old is the person with the pain?").fill("40")
    page.get_by_label("Yes, I can stand and walk on it normally").check()
    page.get_by_label("How bad is the pain at its worst").fill("3")
    sign(page, re.compile("weak"), "Yes")
    no_to_unanswered_signs(page)
    next_button(page, rest_no=False).click()
    page.get_by_label("No, or this doesn't apply to me").check()
    no_to_unanswered_signs(page)
    next_button(page, rest_no=False).click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "urgent")


@pytest.mark.parametrize("device", [PHONE_DEVICE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("reach", [emergency, urgent], ids=["emergency", "urgent"])
def test_every_phone_number_on_an_answer_is_a_44_pixel_labelled_tap_target(
    browser, live_server, device, reach
):
    context = browser.new_context(**device)
    page = context.new_page()
    try:
        reach(page, live_server)
        links = page.locator('#triage-panel a[href^="tel:"]')
        assert links.count() >= 2
        for index in range(links.count()):
            link = links.nth(index)
            box = link.bounding_box()
            text = link.inner_text()
            assert box["width"] >= 44 and box["height"] >= 44, (text, box)
            number = link.get_attribute("href").removeprefix("tel:")
            assert text.startswith("Call ") and number in text, text
    finally:
        context.close()


FOCUS_RING_JS = """() => {
  const style = getComputedStyle(document.activeElement);
  return [style.outlineStyle, style.outlineWidth, style.outlineColor, document.activeElement.id];
}"""


def test_the_catalogue_filters_show_the_sites_solid_focus_ring_from_the_keyboard(
    browser, live_server
):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/exercises/")
        seen = set()
        page.get_by_label("Search").focus()
        for _ in range(40):
            kind = page.evaluate(
                "() => { const e = document.activeElement;"
                " return e.tagName === 'SELECT' ? 'select' : e.type }"
            )
            if kind in ("search", "select", "checkbox") and kind not in seen:
                style, width, colour, name = page.evaluate(FOCUS_RING_JS)
                assert (style, width, colour) == ("solid", "3px", "rgb(11, 61, 145)"), name
                seen.add(kind)
            if seen == {"search", "select", "checkbox"}:
                break
            page.keyboard.press("Tab")
        assert seen == {"search", "select", "checkbox"}
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_header_link_leaves_an_answer_the_same_way_on_one_line(
    browser, live_server, javascript
):
    """The logo threw the answer away while the other header links opened a new tab; and on
    a phone "Sign in ↗" wrapped onto a line of its own. Every link that leaves the checker
    opens a new tab and says so; the checker's own link is a fresh start in this tab, as
    "Start again" (a tester found a new tab for it, and an arrow on every link, confusing)."""
    context = browser.new_context(**PHONE_DEVICE, java_script_enabled=javascript)
    page = context.new_page()
    try:
        emergency(page, live_server)
        links = page.locator("header a[href]:not(.skip-link)")
        assert links.count() >= 4
        tops = set()
        for index in range(links.count()):
            link = links.nth(index)
            if link.get_attribute("href") == "/triage/":
                assert link.get_attribute("target") is None
                assert "new tab" not in link.text_content()
            else:
                assert link.get_attribute("target") == "_blank", link.inner_text()
                assert "opens in a new tab" in link.text_content()
            if "nav-link" in (link.get_attribute("class") or ""):
                tops.add(round(link.bounding_box()["y"]))
        assert len(tops) == 1, tops
        # The answer says why, once, and the print button that opens a tab says so too.
        expect(page.locator(".new-tab-explainer")).to_be_visible()
        print_button = page.get_by_role("button", name="Print or save this answer")
        expect(print_button).to_have_accessible_name(
            "Print or save this answer (opens in a new tab)"
        )
        # The checker's own link starts again here, with no "answers were cleared" notice.
        page.locator("header").get_by_role("link", name="Symptom checker", exact=True).click()
        expect(heading(page)).to_have_text("First, the questions that can't wait")
        assert len(context.pages) == 1
        expect(page.locator("#answers-cleared")).to_be_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_print_or_save_leads_to_the_summary_with_a_way_to_print_it(
    browser, live_server, javascript
):
    context = browser.new_context(**PHONE_DEVICE, java_script_enabled=javascript)
    # window.print stubbed to count the calls (the dialog itself cannot be driven).
    context.add_init_script("window.__prints = 0; window.print = () => { window.__prints += 1; };")
    page = context.new_page()
    try:
        urgent(page, live_server)
        with context.expect_page() as opened:
            page.get_by_role("button", name="Print or save this answer").click()
        summary = opened.value
        summary.wait_for_load_state()
        expect(summary.get_by_text("The answers as given")).to_be_visible()
        button = summary.get_by_role("button", name="Print or save as PDF")
        help_text = summary.locator("[data-print-help]")
        if javascript:
            expect(button).to_be_visible()
            expect(help_text).to_be_hidden()
            button.click()
            assert summary.evaluate("window.__prints") == 1  # the button prints, once
        else:
            expect(button).to_be_hidden()
            expect(help_text).to_be_visible()
            expect(help_text).to_contain_text("Print")
    finally:
        context.close()


def test_the_printed_answer_gives_check_again_the_page_width_when_it_is_alone(
    browser, live_server, tmp_path
):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    try:
        urgent(page, live_server)  # no causes listed beside "Check again"
        page.emulate_media(media="print")
        section = page.locator("section[aria-labelledby=come-back-heading]").bounding_box()
        result = page.locator(".triage-result").bounding_box()
        assert section["width"] >= 0.9 * result["width"], (section, result)
        # The phone numbers still print, as text.
        expect(page.locator('.tier a[href="tel:111"]')).to_be_visible()
        page.pdf(path=tmp_path / "answer.pdf", format="A4")  # prints without an error
    finally:
        context.close()


def test_back_after_change_my_answers_always_moves_back_and_leaves_in_the_end(browser, live_server):
    """The tester's path: an emergency, "Change my answers", walking normally, step 2, step 3;
    then Back five times. Back 2 used to jump forward to step 3 and Backs 3 to 5 stayed there."""
    context = browser.new_context(**PHONE_DEVICE)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/exercises/")  # the page before the checker
        page.goto(live_server.url + "/triage/")
        page.get_by_label("How old is the person with the pain?").fill("40")
        page.get_by_label("No, I can't put weight on that leg").check()
        next_button(page, rest_no=False).click()
        expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "emergency")
        page.get_by_role("button", name="Change my answers").click()
        expect(heading(page)).to_have_text("Change your answers")
        page.get_by_label("Yes, I can stand and walk on it normally").check()
        page.get_by_label("How bad is the pain at its worst").fill("3")
        no_to_unanswered_signs(page)
        page.get_by_role("button", name="See what to do").click()
        expect(heading(page)).to_have_text("A few more safety questions")
        page.get_by_label("No, or this doesn't apply to me").check()
        no_to_unanswered_signs(page)
        next_button(page, rest_no=False).click()
        expect(heading(page)).to_have_text("About the pain")

        def shown():
            page.wait_for_load_state()
            page.wait_for_function("() => !document.querySelector('.htmx-request')")
            page.wait_for_timeout(400)  # a follow-on step, if any, has been asked for
            page.wait_for_function("() => !document.querySelector('.htmx-request')")
            if "/triage/" not in page.url:
                return "left"
            return page.locator("#triage-panel").get_attribute("data-step")

        # Where each view sits in this visit's history: Back must always move left.
        position = {"left": 0, "1": 1, "answer": 2, "edit": 3, "2": 4, "3": 5}
        seen = [shown()]
        for _ in range(6):
            page.go_back()
            seen.append(shown())
            if seen[-1] == "left":
                break
            assert position[seen[-1]] < position[seen[-2]], seen
        assert seen[1] == "2", seen
        assert seen[-1] == "left", seen
        # And Forward comes back into the checker without getting stuck.
        page.go_forward()
        assert shown() != "left"
    finally:
        context.close()
