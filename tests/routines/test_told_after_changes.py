"""What the coach and the runner read after the log changes stays what the runner was told
(the tester's faults after told_advice was kept): the panel's summary and the routine
list after a delete or a changed answer lowered the latest day's advice; a changed
next-morning answer judging the session days after it again; the coach keeping the answer
first given."""

import csv
import io
import re
from datetime import UTC

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from routines import services
from routines.models import SessionLog
from tests.routines.conftest import history_url
from tests.routines.conftest import log_session as log

pytestmark = pytest.mark.django_db


def _panel(client, coach, routine) -> str:
    client.force_login(coach)
    return client.get(routine.get_absolute_url()).content.decode()


def _entry(html: str, session) -> str:
    entry = html[html.index(f'id="session-{session.pk}"') :]
    return entry[: entry.index("</li>")]


def _summary(panel: str) -> str:
    found = re.search(
        r'<div class="alert [^"]*" data-look="[^"]*".*?</div>', panel, re.S
    )
    assert found, "no summary line"
    return found[0]


def _csv(client, routine) -> list[list[str]]:
    response = client.get(reverse("routines:session_log_csv", args=[routine.pk]))
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _the_tester_s_stop(routine):
    """25 Nov pain 4, next morning worse; 26 Nov pain 3; 28 Nov pain 6: a rise of 3 from the
    3 into the range above 5, a stop. Without the 26 Nov entry the 6 is 2 above the 4."""
    log(routine, days_ago=5, pain=4, morning="worse")
    middle = log(routine, days_ago=4, pain=3)
    six = log(routine, days_ago=2, pain=6)
    assert (six.advice, six.told_advice) == ("stop", "stop")
    return middle, six


def test_the_summary_says_the_stop_the_runner_was_told_after_the_latest_day(client, coach, shared):
    middle, six = _the_tester_s_stop(shared)
    services.session_delete(session=middle)
    six.refresh_from_db()
    assert (six.advice, six.told_advice) == ("ease_back", "stop")
    panel = _panel(client, coach, shared)
    summary = _summary(panel)
    assert (
        'class="alert alert-danger" data-look="stop" data-now="ease_back"' in summary
    )
    assert "HipCare told them to stop and check their symptoms." in summary
    assert "it now reads ease back" in summary and "an earlier entry was deleted" in summary
    assert "Needs a look" not in summary and "told them to ease back" not in summary
    assert 'id="follow-up"' in panel and 'data-alert="stop"' in panel
    # Marked as seen, the card goes; the summary still says what the runner was told.
    client.post(reverse("routines:session_seen", args=[shared.pk, six.pk]))
    assert 'data-look="stop" data-now="ease_back"' in _panel(client, coach, shared)


def test_an_ease_back_judged_down_to_carry_on_still_asks_the_coach_to_look(client, coach, shared):
    """Told to ease back after the latest day (a worse morning), then the answer changed to
    better: the day reads carry on, but the runner was told to ease back. The summary and
    the routine list's badge (the latest session's `alert`) say so."""
    session = log(shared, days_ago=1, pain=2)
    services.session_set_morning(session=session, morning="worse")
    services.session_set_morning(session=session, morning="better", was="worse")
    session.refresh_from_db()
    assert (session.advice, session.told_advice, session.alert) == ("continue", "ease_back", True)
    summary = _summary(_panel(client, coach, shared))
    assert 'class="alert alert-warning" data-look="ease-back"' in summary
    # Shown after the runner's own next-morning answer, not when the entry was logged.
    assert (
        "HipCare's page showed them ease back for a while, though not when the entry was "
        "logged. That day's entry: carry on when logged; read ease back later, after the "
        "runner&#x27;s next-morning answer (worse); after the runner changed the next-morning "
        "answer it now reads carry on." in " ".join(summary.split())
    )
    assert "HipCare told them to ease back" not in summary and "at the time" not in summary
    listing = client.get(reverse("routines:list")).content.decode()
    row = listing[listing.index(f'data-routine="{shared.pk}"') :]
    assert "Needs a look" in row[: row.index("</tr>")]


def _worse_then_next_day(routine):
    """25 Nov pain 4, next morning worse; 26 Nov pain 3, told to ease back for that morning."""
    first = log(routine, days_ago=5, pain=4, morning="worse")
    second = log(routine, days_ago=4, pain=3)
    assert (second.advice, second.told_advice) == ("ease_back", "ease_back")
    return first, second


def test_a_changed_morning_judges_the_session_days_after_it_again(shared):
    first, second = _worse_then_next_day(shared)
    services.session_set_morning(session=first, morning="better", was="worse")
    second.refresh_from_db()
    assert (second.advice, second.told_advice, second.lowered_by) == (
        "continue",
        "ease_back",
        "earlier_morning",
    )
    # Changed back, it reads as told again, with nothing lowered.
    services.session_set_morning(session=first, morning="worse", was="better")
    second.refresh_from_db()
    assert (second.advice, second.told_advice, second.lowered_by) == ("ease_back", "ease_back", "")


def test_the_runner_s_entry_agrees_with_its_day_after_an_earlier_answer_changed(client, shared):
    first, second = _worse_then_next_day(shared)
    services.session_set_morning(session=first, morning="better", was="worse")
    entry = _entry(client.get(history_url(shared)).content.decode(), second)
    assert 'data-advice="continue"' in entry
    assert "ease back (because" not in entry
    assert "The day's advice" not in entry  # the entry and its day say the same
    assert (
        '<span class="lowered-advice" data-told-advice="ease_back">Before you changed an '
        "earlier day&#x27;s next-morning answer, this entry advised easing back; your coach still "
        "sees that it did.</span>" in entry
    )


def test_the_csv_marks_the_ease_back_as_told_at_the_time(client, coach, shared):
    first, second = _worse_then_next_day(shared)
    services.session_set_morning(session=first, morning="better", was="worse")
    client.force_login(coach)
    rows = _csv(client, shared)
    column = rows[0].index("advice (this entry)")
    row = next(row for row in rows[1:] if row[0] == second.day.isoformat())
    assert row[column] == (
        "Carry on; told to ease back at the time; after the runner changed an earlier day's "
        "next-morning answer it now reads carry on"
    )


def _stop_then_better(routine):
    """18 Nov pain 2; 20 Nov pain 6, next morning worse: a stop (a rise of 4 into the range
    above 5). The runner then changes the answer to better: still a stop, for the rise."""
    log(routine, days_ago=10, pain=2)
    six = log(routine, days_ago=8, pain=6, morning="worse")
    assert six.told_advice == "stop"
    services.session_set_morning(session=six, morning="better", was="worse")
    six.refresh_from_db()
    return six


def test_the_coach_keeps_the_next_morning_answer_first_given(shared):
    six = _stop_then_better(shared)
    assert (six.morning, six.morning_first) == ("better", "worse")
    assert six.morning_changed and six.morning_changed_at is not None
    # Changed again: the answer first given stays.
    services.session_set_morning(session=six, morning="same", was="better")
    six.refresh_from_db()
    assert (six.morning, six.morning_first) == ("same", "worse")


def test_the_stop_card_says_the_answer_was_changed_and_why_the_runner_was_told(
    client, coach, shared
):
    six = _stop_then_better(shared)
    panel = _panel(client, coach, shared)
    card = panel[panel.index(f'data-stop-session="{six.pk}"') :]
    card = card[: card.index("</form>")]
    when = timezone.localtime(six.morning_changed_at)
    # "after this session (...)" is the entry as it was when the stop was given.
    assert "after this session (worst pain 6/10, next morning worse) HipCare told" in card
    # The day it was changed, in UK time and saying so (the coach's zone not known here).
    assert '<span class="morning-changed">(the runner changed it on <time' in card
    assert (
        "The next-morning answer since: better (the runner changed it on "
        f"{when:%a} {when.day} {when:%b} (UK time); first answered worse)." in strip_tags(card)
    )
    told = card[card.index("Why, when HipCare told them (next morning then worse):") :]
    told = told[: told.index("</ul>")]
    assert "felt worse the next morning" in told
    assert (
        "With the next-morning answer changed, the advice after this entry is now to stop and "
        "check the symptoms, because:" in card
    )
    # The panel's list of entries says it too.
    entry = _entry(panel[panel.index("All entries") :], six)
    assert 'morning better <span class="morning-changed">(changed on <time' in entry
    assert (
        f"morning better (changed on {when:%a} {when.day} {when:%b} (UK time); first answered "
        "worse)" in strip_tags(entry)
    )


def test_the_csv_keeps_the_answer_first_given(client, coach, shared):
    six = _stop_then_better(shared)
    client.force_login(coach)
    rows = _csv(client, shared)
    column = rows[0].index(next(name for name in rows[0] if "morning" in name))
    row = next(row for row in rows[1:] if row[0] == six.day.isoformat())
    when = six.morning_changed_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    assert row[column] == f"Better (changed on {when} UTC; first answered Worse)"
    assert SessionLog.objects.get(pk=six.pk).first_morning_label == "Worse"
