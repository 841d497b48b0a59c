"""Browser tests: a step that goes back without doing anything ("Keep it" after an entry's
Delete, "Keep" an answer after its Change) leaves the keyboard on the entry it went back to,
as every other step of the log does, with and without JavaScript, on a phone, by keyboard."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.e2e.conftest import phone_context

pytestmark = pytest.mark.django_db(transaction=True)


def _log(routine, *, days_ago: int, **fields):
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(days=30))
    routine.refresh_from_db()
    return services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=days_ago),
        pain=2,
        done=[(item.pk, "") for item in routine.items.all()],
        **fields,
    )


def _tab_to(page, name: str) -> None:
    """Tab forward until the focused element's accessible text starts with `name`."""
    for _ in range(12):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement.textContent.trim()")
        if text.startswith(name):
            return
    raise AssertionError(f"never reached {name!r} by Tab")


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("where", ["history", "runner", "earlier"])
def test_keep_it_leaves_the_focus_on_the_entry(browser, live_server, routine, javascript, where):
    entries = [_log(routine, days_ago=days) for days in range(1, 8)]
    entry = entries[-1] if where == "earlier" else entries[1]
    token = routine.share_token
    address = {
        "history": reverse("session_history", args=[token]),
        # The runner's page lists the entries once a step has opened the history.
        "runner": f"{reverse('shared_routine', args=[token])}?morning={entries[0].pk}",
        "earlier": reverse("session_list", args=[token]),
    }[where]
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.url + address)
        delete = page.locator(f"#session-{entry.pk}").get_by_role("link", name="Delete")
        delete.focus()
        page.keyboard.press("Enter")
        expect(page.locator(f"#delete-{entry.pk}")).to_be_focused()
        _tab_to(page, "Keep it")
        page.keyboard.press("Enter")
        entry_box = page.locator(f"#session-{entry.pk}")
        expect(entry_box).to_be_focused()
        expect(entry_box.get_by_role("link", name="Delete")).to_be_visible()
        # And the keyboard goes on from the entry: to its own controls next.
        page.keyboard.press("Tab")
        assert page.evaluate(
            "(id) => document.getElementById(id).contains(document.activeElement)",
            f"session-{entry.pk}",
        )
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_keep_an_answer_leaves_the_focus_on_the_entry(browser, live_server, routine, javascript):
    entry = _log(routine, days_ago=2, morning="same")
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("session_history", args=[routine.share_token]))
        page.locator(f"#session-{entry.pk}").get_by_role("link", name="Change").focus()
        page.keyboard.press("Enter")
        expect(page.locator(f"#session-{entry.pk}")).to_be_focused()
        _tab_to(page, "Keep “the same”")
        page.keyboard.press("Enter")
        expect(page.locator(f"#session-{entry.pk}")).to_be_focused()
        expect(page.locator(f"#session-{entry.pk}")).to_contain_text("Next morning:")
        assert _focused_id(page) == f"session-{entry.pk}"
    finally:
        context.close()


# The builder's ways back, without JavaScript (a page of its own) and with it: the page comes
# back at what the step was about (the browser focuses a fragment's target that can take it).


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_builders_ways_back_leave_the_focus_where_they_return(
    browser, live_server, routine, javascript
):
    from tests.e2e.conftest import PASSWORD, sign_in

    item = routine.items.order_by("position")[1]
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        # The dose form's own page: "Back to the routine" goes back to the item.
        page.goto(live_server.url + reverse("routines:dose_item", args=[routine.pk, item.pk]))
        page.get_by_role("link", name="Back to the routine").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{routine.get_absolute_url()}#item-{item.pk}")
        expect(page.locator(f"#item-{item.pk}")).to_be_focused()
        # Saving the dose without JavaScript comes back to the item too.
        if not javascript:
            page.goto(live_server.url + reverse("routines:dose_item", args=[routine.pk, item.pk]))
            page.get_by_role("button", name="Save dose").focus()
            page.keyboard.press("Enter")
            page.wait_for_url(f"**#item-{item.pk}")
            expect(page.locator(f"#item-{item.pk}")).to_be_focused()
        # Stop sharing? "Keep sharing" goes back to the share box.
        page.goto(live_server.url + reverse("routines:share", args=[routine.pk]))
        page.get_by_role("link", name="Keep sharing").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**#share")
        expect(page.locator("#share")).to_be_focused()
        # The routine bar's link (a phone) goes to the routine.
        bar = page.locator(".routine-bar-link")
        if bar.is_visible():
            bar.focus()
            page.keyboard.press("Enter")
            expect(page.locator("#routine-panel")).to_be_focused()
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("where", ["history", "earlier"])
def test_back_to_the_routine_from_the_log_pages_leaves_the_focus_on_the_log(
    browser, live_server, routine, javascript, where
):
    _log(routine, days_ago=1)
    token = routine.share_token
    address = reverse("session_history" if where == "history" else "session_list", args=[token])
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.url + address)
        page.get_by_role("link", name="Back to Hips").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{routine.get_share_url()}#log")
        expect(page.locator("#log")).to_be_focused()
    finally:
        context.close()
