import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_csp_blocks_injected_inline_script_and_style(context, live_server):
    """The policy really applies, and the browser reports it the way the page fixture listens."""
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(live_server.url + "/")

    def refusal(what: str):
        """The console's report of the policy refusing `what` (it comes after the refusal, as
        a message from the browser: waited for, not slept for)."""
        return page.expect_console_message(
            lambda m: "Content Security Policy" in m.text and what in m.text
        )

    with refusal("script"), refusal("style"):
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.injected = true";
                document.body.append(script);
                document.body.setAttribute("style", "background: red");
            }"""
        )
    assert page.evaluate("window.injected === undefined")
    blocked = [m for m in messages if "Content Security Policy" in m]
    assert any("script" in m for m in blocked), messages
    assert any("style" in m for m in blocked), messages


def test_htmx_works_under_the_csp(page, live_server):
    """htmx loads under the policy and swaps results in place (no eval, no inline styles)."""
    page.goto(live_server.url + "/exercises/")
    assert page.evaluate("typeof window.htmx") == "object"
    page.evaluate("document.querySelector('#results').dataset.marker = 'same-element'")
    page.get_by_label("Type").select_option(label="Stretch")
    expect(page).to_have_url(re.compile(r"kind=stretch"))
    # The results were swapped into the same page, not loaded as a new one.
    assert page.evaluate("document.querySelector('#results').dataset.marker") == "same-element"


def test_django_admin_works_under_the_csp(page, live_server):
    get_user_model().objects.create_superuser("admin", "admin@example.org", "admin-pass-123")
    sign_in(page, live_server, "admin", "admin-pass-123")
    page.goto(live_server.url + "/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    page.goto(live_server.url + "/admin/exercises/source/add/")
    page.get_by_label("Title").press_sequentially("A test article")
    # The slug is filled in by admin's own JavaScript, which the CSP must allow.
    expect(page.get_by_label("Slug")).to_have_value("a-test-article")
    page.get_by_label("Publisher").fill("A test publisher")  # a source needs one (issue 17)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
