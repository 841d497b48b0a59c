"""The next-morning question on a page whose browser zone is not known (no JavaScript, or a
first visit). Tester, JS off, 11:45 UTC on Mon 30 Nov: the entry for 30 Nov said "From
Tuesday 1 December, come back to say how the hip felt the morning after" with the
Better/Same/Worse radios beside it, as if due; Worse was saved and fed the advice.

The server still takes an answer whose next morning has begun somewhere on Earth (an owner's
decision: it cannot know where the runner is), but the page speaks for its own zone (UK
time): the radios are asked as due only once the morning has come there; before that, the
"come back" line, with the radios inside a closed "Already the morning after where you are?"
for a runner already in it. Every place the question is asked: the history, the earlier
sessions' pages and the runner's page (its "morning due" block)."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.routines.conftest import entry_of, log_by_form

# 11:45 UTC on Mon 30 Nov: the 30th in London, already 1 Dec in Kiritimati (UTC+14), still
# the 29th at UTC-12.
NOON = datetime(2026, 11, 30, 11, 45, tzinfo=UTC)
ELSEWHERE = "Already the morning after 30 November where you are? Answer now"

pytestmark = [pytest.mark.django_db, pytest.mark.clock(NOON)]


def history(client, routine) -> str:
    return client.get(reverse("session_history", args=[routine.share_token])).content.decode()


def assert_not_asked_as_due(said: str) -> None:
    """The "come back" line shown; the radios only inside the closed details."""
    wait = re.search(r"<p [^>]*data-morning-wait[^>]*>([^<]*)</p>", said)
    assert wait and " hidden" not in wait.group(0)
    # Not "From Tuesday 1 December", which may be the reader's today (test_morning_due_runner_zone).
    assert wait.group(1).startswith("Not yet Tuesday 1 December where you are? Come back then")
    details = re.search(r"<details ([^>]*)><summary>([^<]*)</summary>(.*?)</details>", said, re.S)
    assert details, said
    attributes, summary, inside = details.groups()
    assert "morning-elsewhere" in attributes and " open" not in attributes
    assert summary == ELSEWHERE
    # Every radio (and the form) is inside it, none outside.
    assert inside.count('type="radio"') == 3 == said.count('type="radio"')
    assert 'class="morning-form"' in inside and "data-morning-ask" not in inside
    # With JavaScript the browser's own day shows it or hides it.
    assert 'data-morning-ask="2026-12-01" data-page-today=""' in attributes


def test_todays_entry_says_come_back_and_keeps_the_radios_closed(client, shared_1_nov):
    today = log_by_form(client, shared_1_nov, "2026-11-30")
    assert_not_asked_as_due(entry_of(history(client, shared_1_nov), today))


def test_yesterdays_entry_is_asked_as_due_with_no_come_back_line_beside_it(client, shared_1_nov):
    yesterday = log_by_form(client, shared_1_nov, "2026-11-29")
    said = entry_of(history(client, shared_1_nov), yesterday)
    assert "<details" not in said and said.count('type="radio"') == 3
    form = re.search(r"<form [^>]*morning-form[^>]*>", said).group(0)
    assert " hidden" not in form
    # The line is there for a browser still on the 29th (JavaScript shows it), hidden.
    wait = re.search(r"<p [^>]*data-morning-wait[^>]*>", said).group(0)
    assert " hidden" in wait


def test_the_earlier_sessions_page_says_the_same(client, shared_1_nov):
    today = log_by_form(client, shared_1_nov, "2026-11-30")
    for _ in range(5):  # newer in the log's order: 1 Dec, where it has begun
        log_by_form(client, shared_1_nov, "2026-12-01", tz="Pacific/Kiritimati")
    page = client.get(reverse("session_list", args=[shared_1_nov.share_token])).content.decode()
    assert_not_asked_as_due(entry_of(page, today))


def test_the_runners_page_does_not_ask_a_morning_not_come_in_its_zone(client, shared_1_nov):
    log_by_form(client, shared_1_nov, "2026-11-30")
    page = client.get(shared_1_nov.get_share_url()).content.decode()
    assert 'id="morning-due"' not in page and "Say how the hip felt the morning after" not in page


def test_the_runners_page_asks_a_morning_come_in_its_zone_as_due(client, shared_1_nov):
    log_by_form(client, shared_1_nov, "2026-11-30")
    log_by_form(client, shared_1_nov, "2026-11-29")
    page = client.get(shared_1_nov.get_share_url()).content.decode()
    due = page[page.index('id="morning-due"') :]
    due = due[: due.index("</form>")]
    assert "The morning after 29 November" in due and "<details" not in due


def test_an_answer_from_where_the_morning_has_come_is_still_taken(client, shared_1_nov):
    today = log_by_form(client, shared_1_nov, "2026-11-30")
    url = reverse("session_morning", args=[shared_1_nov.share_token, today.pk])
    assert client.post(url, {"morning": "worse", "was": ""}).status_code == 302
    today.refresh_from_db()
    assert today.morning == "worse"
    # Answered, it says so, with no question left.
    said = entry_of(history(client, shared_1_nov), today)
    assert "Next morning: worse" in said and "<details" not in said


def test_with_the_browsers_zone_known_nothing_changes(client, shared_1_nov):
    client.cookies["hipcare_tz"] = "Europe/London"
    today = log_by_form(client, shared_1_nov, "2026-11-30")
    said = entry_of(history(client, shared_1_nov), today)
    assert "<details" not in said and "Tomorrow, come back" in said
