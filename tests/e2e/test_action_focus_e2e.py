"""Browser tests, without JavaScript, on a phone: after an action that loads a page (a form
sent and redirected, or sent back with errors), the keyboard and a screen reader start from
what changed or what is wrong (document.activeElement), not from <body>; and the page carries
`autofocus` on one element at most. The server's side: tests/test_action_focus.py."""

import contextlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.e2e.conftest import PASSWORD, phone_context, settled, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _focused(page) -> str:
    """The focused element: its tag, id and text, and how many elements carry autofocus.
    Chromium runs a page's autofocus at its first rendering update after parsing, which can
    come after the load event: where an element carries autofocus, wait (up to 5 s) for the
    focus to leave <body> first, then read (a wait that runs out leaves the assert to fail).
    These pages run no script, so a wait inside one (wait_for_function) would look once and
    never again: conftest.settled polls from outside the page."""
    with contextlib.suppress(AssertionError):
        settled(page)
    return page.evaluate(
        """() => { const e = document.activeElement;
          return [e.tagName.toLowerCase(), e.id, e.textContent.trim().replace(/\\s+/g, ' '),
                  document.querySelectorAll('[autofocus]').length].join('|'); }"""
    )


def _assert_focused(page, tag: str, text: str, *, element_id: str = "") -> None:
    got_tag, got_id, got_text, autofocus = _focused(page).split("|")
    assert (got_tag, got_id) == (tag, element_id or got_id), _focused(page)
    assert got_text.startswith(text), _focused(page)
    assert int(autofocus) <= 1, _focused(page)


@pytest.fixture
def coach_page(browser, live_server, routine):
    context = phone_context(browser, javascript=False)
    page = context.new_page()
    sign_in(page, live_server, "sam", PASSWORD)
    yield page
    context.close()


def test_a_coach_s_actions_land_on_what_they_did(coach_page, live_server, routine):
    page, url = coach_page, live_server.url
    # Details saved: the builder, at its message.
    page.goto(url + reverse("routines:edit", args=[routine.pk]))
    _assert_focused(page, "body", "")  # a first visit: nothing of ours focused
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save").click()
    _assert_focused(page, "input", "", element_id="id_title")  # sent back: what to change
    page.get_by_label("Title").fill("Hips 2")
    page.get_by_role("button", name="Save").click()
    _assert_focused(page, "div", "Saved the routine's details.", element_id="action-message")
    # Duplicate, archive, unarchive: each at its message.
    page.get_by_role("link", name="Duplicate").click()
    # Without JavaScript, the step's page: its title offered, who it is for asked.
    expect(page.get_by_label("Title of the copy")).to_have_value("Copy of Hips 2")
    expect(page.get_by_label("Who the copy is for")).to_have_value("")
    page.get_by_role("button", name="Make the copy").click()
    _assert_focused(page, "div", "Made a copy", element_id="action-message")
    page.goto(url + routine.get_absolute_url())
    page.get_by_role("button", name="Archive").click()
    # Shared: the step that says what becomes of the link first, at its question.
    expect(page.get_by_role("button", name="Archive, keep the link")).to_be_visible()
    _assert_focused(page, "h1", "Archive “Hips 2”?", element_id="confirm-heading")
    page.get_by_role("button", name="Archive, keep the link").click()
    expect(page.locator("#action-message")).to_be_visible()
    _assert_focused(page, "div", "Archived “Hips 2”", element_id="action-message")
    page.goto(url + routine.get_absolute_url())
    page.get_by_role("button", name="Unarchive").click()
    _assert_focused(page, "div", "“Hips 2” is back", element_id="action-message")
    # A new routine: refused at its title, made at its message.
    page.goto(url + reverse("routines:new"))
    page.get_by_role("button", name="Create").first.click()
    _assert_focused(page, "input", "", element_id="id_title")
    page.get_by_label("Title").fill("Knees")
    page.get_by_role("button", name="Create").first.click()
    _assert_focused(page, "div", "Created “Knees”", element_id="action-message")


def test_the_builder_sent_back_lands_on_why(coach_page, live_server, routine):
    page, url = coach_page, live_server.url
    items = list(routine.items.order_by("position"))
    # An Undo refused (the routine changed since): the panel's alert.
    page.goto(url + routine.get_absolute_url())
    page.locator(f"#remove-{items[1].pk}").click()
    expect(page.locator("#undo-button")).to_be_focused()
    services.routine_move_item(item=items[0], to_position=2)
    page.locator("#undo-button").click()
    _assert_focused(page, "div", "The routine has changed since")
    # A dose refused on its own page: the field to change.
    page.goto(url + reverse("routines:dose_item", args=[routine.pk, items[2].pk]))
    page.locator(f"#id_item-{items[2].pk}-sets").fill("")
    page.get_by_role("button", name="Save dose").click()
    _assert_focused(page, "input", "", element_id=f"id_item-{items[2].pk}-sets")


def test_signing_in_lands_on_why_or_on_saying_so(browser, live_server, routine):
    context = phone_context(browser, javascript=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Username").fill("sam")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        _assert_focused(page, "div", "Please enter a correct username and password")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        _assert_focused(page, "div", "Signed in as sam.", element_id="action-message")
    finally:
        context.close()


def _log(routine, *, days_ago: int):
    return services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=days_ago),
        pain=2,
        done=[(item.pk, "") for item in routine.items.all()],
    )


@pytest.mark.parametrize("where", ["history", "earlier"])
def test_the_runner_s_changes_land_on_their_message(browser, live_server, routine, where):
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(days=30))
    routine.refresh_from_db()
    entries = [_log(routine, days_ago=days) for days in range(1, 8)]
    token = routine.share_token
    address = live_server.url + reverse(
        "session_history" if where == "history" else "session_list", args=[token]
    )
    entry, other = (entries[1], entries[2]) if where == "history" else (entries[-1], entries[-2])
    context = phone_context(browser, javascript=False)
    try:
        page = context.new_page()
        page.goto(address)
        _assert_focused(page, "body", "")
        # Delete: the step's question, then the message.
        page.locator(f"#session-{entry.pk}").get_by_role("link", name="Delete").click()
        _assert_focused(page, "p", "Delete", element_id=f"delete-{entry.pk}")
        page.get_by_role("button", name="Delete").first.click()
        _assert_focused(page, "div", "Entry deleted.", element_id="action-message")
        # An entry deleted meanwhile (another tab): the message saying so.
        page.locator(f"#session-{other.pk}").get_by_role("link", name="Delete").click()
        services.session_delete(session=other)
        page.get_by_role("button", name="Delete").first.click()
        _assert_focused(page, "div", "That entry was already deleted", element_id="action-message")
        # A step's link for an entry deleted meanwhile: the page says so, focused.
        if where == "earlier":
            _log(routine, days_ago=20)  # one more on the earlier page
        page.goto(address)
        box = page.locator(".session-entry").last
        link = box.get_by_role("link", name="Delete")
        gone = int(box.get_attribute("id").removeprefix("session-"))
        services.session_delete(session=routine.sessions.get(pk=gone))
        link.click()
        _assert_focused(page, "p", "That entry was already deleted")
        if where == "history":
            # A next-morning answer: its message.
            box = page.locator(f"#session-{entries[3].pk}")
            box.get_by_label("Worse").check()
            box.get_by_role("button", name="Save").first.click()
            _assert_focused(
                page, "div", "Added how the next morning felt", element_id="action-message"
            )
    finally:
        context.close()


def test_a_form_sent_on_a_withdrawn_link_lands_on_saying_so(browser, live_server, routine):
    token = routine.share_token
    context = phone_context(browser, javascript=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("shared_routine", args=[token]))
        page.get_by_label("Worst pain during or after the session").fill("2")
        services.routine_unshare(routine=routine)
        page.get_by_role("button", name="Log this session").click()
        _assert_focused(page, "h1", "This link no longer works")
    finally:
        context.close()
