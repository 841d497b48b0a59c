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

