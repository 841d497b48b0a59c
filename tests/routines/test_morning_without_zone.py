"""The next-morning question on a page whose browser zone is not known (no JavaScript, or a
first visit). Tester, JS off, 11:45 UTC on Mon 30 Nov: the entry for 30 Nov said "From
Tuesday 1 December, come back to say how the hip felt the morning after" with the
Better/Same/Worse radios beside it, as if due; Worse was saved and fed the advice.

The server takes an answer sent with no zone only once the morning after its day has begun
everywhere, at UTC-12 too (hipcare.timezones.morning_after_has_come: noon UTC on the next day),
the most cautious reading (a tester in Auckland at 23:40, no JavaScript, had today's "next
morning: better" saved at 10:40 UTC, the next day already begun at UTC+14). The page asks by
the same rule: until then no radios, and when to come back as a day and a time in UK time,
never "From" a day that may be the reader's today. Every place the question is asked: the
history, the earlier sessions' pages and the runner's page (its "morning due" block)."""

import re
from datetime import UTC, datetime
from html import unescape

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


def assert_not_asked_yet(said: str, *, from_when: str) -> None:
    """The "come back" line shown, with the day and time; no radios shown."""
    wait = re.search(r"<p [^>]*data-morning-wait[^>]*>([^<]*)</p>", said)
    assert wait and " hidden" not in wait.group(0), said
    assert unescape(wait.group(1)) == (
        f"Your time zone isn't known (it needs JavaScript): from {from_when} (UK time), come "
        "back to say how the hip felt the morning after."
    )
    # The radios only in a hidden form (for JavaScript to show on the browser's own day, its
    # form then sending the zone); none shown, no fold of them.
    form = re.search(r"<form [^>]*morning-form[^>]*>", said)
    assert form and " hidden" in form.group(0) and 'data-page-today=""' in form.group(0)
    assert "<details" not in said


def test_todays_entry_says_when_to_come_back(client, shared_1_nov):
    today = log_by_form(client, shared_1_nov, "2026-11-30")
    said = entry_of(history(client, shared_1_nov), today)
    assert_not_asked_yet(said, from_when="12:00 on Tuesday 1 December")


def test_yesterdays_entry_is_asked_only_once_its_morning_has_begun_everywhere(
    client, shared_1_nov, ticking_clock
):
    yesterday = log_by_form(client, shared_1_nov, "2026-11-29")
    # 11:45 UTC: still the 29th at UTC-12.
    said = entry_of(history(client, shared_1_nov), yesterday)
    assert_not_asked_yet(said, from_when="12:00 on Monday 30 November")
    ticking_clock(datetime(2026, 11, 30, 12, 0, tzinfo=UTC))
    said = entry_of(history(client, shared_1_nov), yesterday)
    assert "<details" not in said and said.count('type="radio"') == 3
    form = re.search(r"<form [^>]*morning-form[^>]*>", said).group(0)
    assert " hidden" not in form


def test_the_earlier_sessions_page_says_the_same(client, shared_1_nov):
    today = log_by_form(client, shared_1_nov, "2026-11-30")
    for _ in range(5):  # newer in the log's order: 1 Dec, where it has begun
        log_by_form(client, shared_1_nov, "2026-12-01", tz="Pacific/Kiritimati")
    page = client.get(reverse("session_list", args=[shared_1_nov.share_token])).content.decode()
    assert_not_asked_yet(entry_of(page, today), from_when="12:00 on Tuesday 1 December")


def test_the_runners_page_does_not_ask_a_morning_not_begun_everywhere(client, shared_1_nov):
    log_by_form(client, shared_1_nov, "2026-11-30")
    log_by_form(client, shared_1_nov, "2026-11-29")
    page = client.get(shared_1_nov.get_share_url()).content.decode()
    assert 'id="morning-due"' not in page
    # Nothing shown: 30 November's question is drawn only hidden, for the script to show on
    # the browser's own day where its morning has come (as the history's radios for it:
    # tests/routines/test_morning_due_browser_day.py), the jump to it likewise.
    for tag in re.findall(r'<(?:div|li)\b[^>]*data-morning-ask="[^"]*"[^>]*>', page):
        assert " hidden" in tag and 'data-page-today=""' in tag, tag
    jumps = re.findall(r"<li\b[^>]*>(?=<a [^>]*>Say how the hip felt)", page)
    assert jumps and all(" hidden" in jump for jump in jumps)


def test_the_runners_page_asks_it_once_begun_everywhere(client, shared_1_nov, ticking_clock):
    log_by_form(client, shared_1_nov, "2026-11-30")
    log_by_form(client, shared_1_nov, "2026-11-29")
    ticking_clock(datetime(2026, 11, 30, 12, 0, tzinfo=UTC))
    page = client.get(shared_1_nov.get_share_url()).content.decode()
    due = page[page.index('id="morning-due"') :]
    due = due[: due.index("</form>")]
    assert "The morning after 29 November" in due and "<details" not in due


def test_an_answer_sent_too_soon_is_refused_and_taken_later(client, shared_1_nov, ticking_clock):
    today = log_by_form(client, shared_1_nov, "2026-11-30")
    url = reverse("session_morning", args=[shared_1_nov.share_token, today.pk])
    # 11:45 UTC on the 30th: already 1 Dec at UTC+14, still the 30th at UTC-12 (and in
    # Auckland, 00:45 on the 1st).
    refused = client.post(url, {"morning": "worse", "was": ""})
    assert refused.status_code == 422
    said = " ".join(unescape(refused.content.decode()).split())
    assert "Your time zone isn't known" in said
    assert "from 12:00 on Tuesday 1 December (UK time)" in said
    today.refresh_from_db()
    assert today.morning == ""
    # From noon UTC on 1 Dec it has begun everywhere: taken.
    ticking_clock(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
    assert client.post(url, {"morning": "worse", "was": ""}).status_code == 302
    today.refresh_from_db()
    assert today.morning == "worse"
    said = entry_of(history(client, shared_1_nov), today)
    assert "Next morning: worse" in said and "<details" not in said


def test_with_the_browsers_zone_known_nothing_changes(client, shared_1_nov):
    client.cookies["hipcare_tz"] = "Europe/London"
    today = log_by_form(client, shared_1_nov, "2026-11-30")
    said = entry_of(history(client, shared_1_nov), today)
    assert "<details" not in said and "Tomorrow, come back" in said
