"""The next-morning question is due once the morning has come where the runner is, and every
place that asks it says so (fresh tester: on Tuesday 1 December the log's history said of the
entry for 30 November "From Tuesday 1 December, come back to say how the hip felt", with the
form right below it: "from" today, on the day it was due).

A page whose browser zone is not known (no JavaScript) reads the runner's day from their log
where it can: the clock their browser said when they last logged (SessionLog.utc_offset, as
the coach's panel reads it: session_views.runner_today). There, once the morning has come, the
question is asked as due (the radios, no "come back" line, nothing folded away), on the
runner's page (its "morning due" block), the history and the earlier sessions' pages, whole
and as htmx partials. Where the log says nothing of the runner's clock, the page cannot know
their day: the line is never "From <a day that may be the reader's today>", but asks."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.routines.conftest import entry_of, log_by_form

# 20:00 UTC on Mon 30 Nov: still the 30th in London, 09:00 on Tue 1 Dec in Auckland.
EVENING = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
HTMX = {"HX-Request": "true", "HX-Target": "log"}
WAIT = re.compile(r"<p [^>]*data-morning-wait[^>]*>([^<]*)</p>")

pytestmark = [pytest.mark.django_db, pytest.mark.clock(EVENING)]


def pages(client, routine, session, *, earlier=False):
    """(where, the entry as that page shows it) on the history, or with `earlier` on the
    earlier sessions' page (where newer entries have made it older: newer_entries)."""
    token = routine.share_token
    for name in ("session_list",) if earlier else ("session_history",):
        url = reverse(name, args=[token])
        for headers in ({}, HTMX):
            page = client.get(url, headers=headers).content.decode()
            yield f"{name} {'htmx' if headers else 'whole'}", entry_of(page, session)


def newer_entries(client, routine, **fields) -> None:
    """Five entries for 1 December, newer in the log's order, so the entry for 30 November
    is on the earlier sessions' page too."""
    for _ in range(5):
        log_by_form(client, routine, "2026-12-01", **fields)


def shown_waits(said: str) -> list[str]:
    return [m.group(1) for m in WAIT.finditer(said) if " hidden" not in m.group(0)]


def test_where_the_runners_log_says_their_clock_the_morning_come_there_is_due(client, shared_1_nov):
    """The tester's case: logged from Auckland (the form's zone field), read on a page that
    does not know the zone, on the runner's Tuesday 1 December."""
    entry = log_by_form(client, shared_1_nov, "2026-11-30", tz="Pacific/Auckland")
    assert entry.utc_offset == 780
    client.cookies.clear()  # the page's zone not known (no JavaScript)
    # The runner's page asks it at the top, as due.
    page = client.get(shared_1_nov.get_share_url()).content.decode()
    due = page[page.index('id="morning-due"') :]
    assert "The morning after 30 November" in due[: due.index("</form>")]
    for earlier in (False, True):
        if earlier:
            newer_entries(client, shared_1_nov, tz="Pacific/Auckland")
            client.cookies.clear()
        for where, said in pages(client, shared_1_nov, entry, earlier=earlier):
            assert shown_waits(said) == [], where
            assert "<details" not in said, where  # nothing folded away
            form = re.search(r"<form [^>]*morning-form[^>]*>", said)
            assert form and " hidden" not in form.group(0), where
            assert said.count('type="radio"') == 3, where


def test_without_the_runners_clock_no_line_says_from_a_day_that_may_be_today(client, shared_1_nov):
    """Logged without JavaScript: the page cannot know the runner's day; somewhere it is
    already Tuesday 1 December, so the line does not say "From Tuesday 1 December" as if that
    were still to come: it asks whether it has come where the reader is."""
    entry = log_by_form(client, shared_1_nov, "2026-11-30")
    assert entry.utc_offset is None
    for earlier in (False, True):
        if earlier:
            newer_entries(client, shared_1_nov)
        for where, said in pages(client, shared_1_nov, entry, earlier=earlier):
            (line,) = shown_waits(said)
            assert not line.startswith("From "), (where, line)
            assert "Tuesday 1 December" in line and "where you are" in line, (where, line)


def test_with_the_zone_known_the_line_still_says_tomorrow(client, shared_1_nov):
    client.cookies["hipcare_tz"] = "Europe/London"
    entry = log_by_form(client, shared_1_nov, "2026-11-30")
    for where, said in pages(client, shared_1_nov, entry):
        assert shown_waits(said) == [
            "Tomorrow, come back to say how the hip felt the morning after."
        ], where
