"""The emergency answer in a browser: readable in every mode, and never held back by a blank."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

# WCAG 2 contrast ratio of an element's text colour on the first opaque background behind it,
# computed in the page from the styles actually applied.
CONTRAST_JS = """element => {
  const rgb = value => (value.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let node = element, background = null;
  while (node && node.nodeType === 1) {
    const parts = rgb(getComputedStyle(node).backgroundColor);
    if (parts.length === 3 || (parts.length === 4 && parts[3] === 1)) { background = parts; break; }
    node = node.parentElement;
  }
  background = background || [255, 255, 255];
  const [a, b] = [lum(rgb(getComputedStyle(element).color)), lum(background)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("viewport", [(390, 844), (1280, 900)])
def test_every_part_of_the_emergency_answer_is_readable(
    browser, live_server, scheme, javascript, viewport
):
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]},
        color_scheme=scheme,
    )
    page = context.new_page()
    if not javascript:
        # The page as a browser without JavaScript gets it: no script runs, so every step is a
        # full-page form post. (Playwright's evaluate, which measures the colours and runs axe,
        # needs JavaScript itself, so the page's own scripts are refused instead.)
        page.route(re.compile(r"\.js(\?.*)?$"), lambda route: route.abort())
    try:
        page.goto(live_server.url + "/triage/")
        question = page.get_by_role("radiogroup", name=re.compile("numbness around the bottom"))
        question.get_by_label("Yes", exact=True).check()
        page.get_by_role("button", name="Next").click()
        expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "emergency")
        page.wait_for_load_state("load")
        parts = {
            "label": page.locator(".tier-emergency .tier-kind"),
            "heading": page.locator(".tier-emergency h1"),
            "instruction": page.locator(".tier-emergency .lead"),
            "112 link": page.locator(".tier-emergency a.call-link"),
            "112 line": page.locator(".tier-emergency a.call-link").locator(".."),
            "call button": page.locator(".tier-emergency .call-button"),
            # With JavaScript the zone is known: "Somewhere else, call your local emergency
            # number"; without, "Not in the UK?" and, opened, every country's number.
            "local number line": page.locator(
                ".tier-emergency .call-elsewhere, .tier-emergency .country-calls summary"
            ),
        }
        if not javascript:
            page.locator(".tier-emergency .country-calls summary").click()
            parts["country"] = page.locator(".tier-emergency .country-name")
            parts["country's number"] = page.locator(".tier-emergency a.country-call")
        for name, locator in parts.items():
            ratio = locator.first.evaluate(CONTRAST_JS)
            assert ratio >= 4.5, f"{name}: contrast {ratio:.2f}:1 ({scheme}, js={javascript})"
        assert_no_axe_violations(page)
    finally:
        context.close()


def _emergency_answer(page, live_server) -> None:
    page.goto(live_server.url + "/triage/")
    question = page.get_by_role("radiogroup", name=re.compile("numbness around the bottom"))
    question.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Next").click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "emergency")


def _fits_a_phone(links) -> None:
    for n in range(links.count()):
        box = links.nth(n).bounding_box()
        assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_where_we_know_no_number_the_answer_says_call_your_local_number_first(browser, live_server):
    """Fresh tester: Asia/Tokyo (then not listed) got a big unlabelled "Call 999" first. A
    zone whose country has no number of ours: "Call your local emergency number", then the
    labelled UK and Europe buttons, each fitting a 390 px phone, and "the emergency
    department", not "A&E"."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="Asia/Kathmandu"
    )
    try:
        page = context.new_page()
        _emergency_answer(page, live_server)
        line = page.locator(".tier-emergency .call-now")
        expect(line).to_contain_text("Call your local emergency number.")
        expect(line.locator(".call-button")).to_have_count(0)
        links = line.locator("a[href^='tel:']")
        expect(links).to_have_text(["Call 999 (UK)", "Call 112 (Europe)"])
        _fits_a_phone(links)
        expect(page.locator(".tier-emergency .lead")).to_contain_text("the emergency department")
        expect(page.locator(".tier-emergency .lead")).not_to_contain_text("A&E")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_no_axe_violations(page)
    finally:
        context.close()


@pytest.mark.parametrize(
    ("zone", "first"),
    [
        ("Asia/Tokyo", "Call 119 (Japan)"),
        # The longest label of all (test_emergency.py), on the big button.
        ("Africa/Johannesburg", "Call 10177 (South Africa)"),
        ("America/New_York", "Call 911 (US and Canada)"),
        ("Asia/Seoul", "Call 119 (South Korea)"),
    ],
)
def test_with_javascript_the_answer_offers_the_zones_own_number_first_on_a_phone(
    browser, live_server, zone, first
):
    """Tester, Asia/Tokyo on a 390x844 phone: "Call your local emergency number." and only
    999 (UK) and 112 (Europe); Japan's ambulance number 119 was never named."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id=zone)
    try:
        page = context.new_page()
        _emergency_answer(page, live_server)
        line = page.locator(".tier-emergency .call-now")
        # A first visit: the page was drawn for UK time, and hipcare.js redraws the lines.
        expect(line.locator(".call-button")).to_have_text(first)
        expect(line).not_to_contain_text("Call your local emergency number.")
        links = line.locator("a[href^='tel:']")
        _fits_a_phone(links)
        # A label too long for one line breaks only between the number and the place.
        parts = line.locator(".call-button .text-nowrap")
        line_height = parts.first.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
        for n in range(parts.count()):
            box = parts.nth(n).bounding_box()
            assert box["height"] < 1.5 * line_height and box["x"] + box["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_no_axe_violations(page)
    finally:
        context.close()


def test_without_javascript_in_tokyo_119_is_a_tap_to_call_link_one_tap_away(browser, live_server):
    """Tester, Asia/Tokyo on a 390x844 phone with no JavaScript (the zone is never known):
    Japan's 119 was only untappable text in a 20-country paragraph that pushed what to do
    down. Now the 999 and 112 buttons stay first, then "Not in the UK?" (a native <details>,
    opened without JavaScript) folds every country's number as a tel: link; with JavaScript
    the zone's own 119 is still the first button."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.route(re.compile(r"\.js(\?.*)?$"), lambda route: route.abort())
    try:
        _emergency_answer(page, live_server)
        block = page.locator(".tier-emergency")
        expect(block.locator(".call-now .call-button")).to_have_text("Call 999 (UK)")
        folded = block.locator("details[data-country-calls]")
        japan = folded.get_by_role("link", name="Call 119 (Japan)")
        expect(japan).to_be_hidden()  # folded: what to do stays close under the buttons
        lead = page.locator(".tier-emergency .lead").bounding_box()
        assert lead["y"] + lead["height"] <= 844
        summary = folded.locator("summary")
        expect(summary).to_have_text("Not in the UK? Your country's emergency number")
        assert summary.bounding_box()["height"] >= 44
        summary.focus()
        page.keyboard.press("Enter")  # keyboard opens it as a tap does
        expect(folded).to_have_attribute("open", "")
        expect(japan).to_have_attribute("href", "tel:119")
        japan.scroll_into_view_if_needed()
        expect(japan).to_be_in_viewport()
        box = japan.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        for name, number in [("New Zealand", "111"), ("Brazil", "192"), ("India", "112")]:
            link = folded.get_by_role("link", name=f"Call {number} ({name})")
            expect(link).to_have_attribute("href", f"tel:{number}")
            expect(link).to_be_visible()
        expect(folded.get_by_role("link", name="Call 10177 (South Africa)")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_no_axe_violations(page)
    finally:
        context.close()
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="Asia/Tokyo")
    try:
        page = context.new_page()
        _emergency_answer(page, live_server)
        line = page.locator(".tier-emergency .call-now")
        expect(line.locator(".call-button")).to_have_text("Call 119 (Japan)")
        expect(page.locator(".tier-emergency details[data-country-calls]")).to_have_count(0)
    finally:
        context.close()


def test_the_emergency_numbers_page_is_readable_and_follows_the_zone(browser, live_server):
    """triage:emergency_calls as a page of its own (what hipcare.js fetches the lines of)."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="America/New_York"
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + "/triage/emergency-calls/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Emergency numbers")
        # The page's own lines are not a redrawn block: the next request carries the cookie.
        page.reload()
        expect(page.locator(".call-button")).to_have_text("Call 911 (US and Canada)")
        assert_no_axe_violations(page)
    finally:
        context.close()
