import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_renders_with_our_css_and_its_navigation_works(page, live_server):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hip pain and running")
    # Bootstrap's CSS is applied: the primary button has Bootstrap's blue background.
    button = page.get_by_role("link", name="Check your symptoms")
    background = button.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(13, 110, 253)"
    # Our own stylesheet is applied too: the brand colour.
    brand = page.get_by_role("link", name="HipCare", exact=True)
    assert brand.evaluate("el => getComputedStyle(el).color") == "rgb(11, 94, 215)"

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Exercises").click()
    expect(page).to_have_url(live_server.url + "/exercises/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    nav.get_by_role("link", name="Symptom checker").click()
    expect(page).to_have_url(live_server.url + "/triage/")
    nav.get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_skip_link_is_the_first_thing_the_keyboard_reaches(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"


@pytest.mark.parametrize("path", ["/", "/accounts/login/"])
def test_home_and_login_pages_have_no_axe_violations(page, live_server, path):
    page.goto(live_server.url + path)
    assert_no_axe_violations(page)
