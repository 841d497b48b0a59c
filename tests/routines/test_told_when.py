"""What an entry told the runner, and when: "told at the time" only of what it said when it
was logged; an advice shown only later, after a change to the log (an earlier day's
next-morning answer, the entry's own), is said to be so, for the runner, the coach's panel
and card, and the CSV alike; a stop card's "after this session (...)" is the entry as it was
when the stop was given (the tester's 29 Nov pain 8, then 30 Nov pain 1)."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from routines import monitoring, services
from tests.routines.conftest import history_url

L = monitoring.Level
W = monitoring.Lowered


# The pure model (monitoring.Told, told_after, the wording).


def test_what_an_entry_says_when_logged_is_what_it_told_when_logged():
    told = monitoring.told_after(
        monitoring.Told(logged=L.CONTINUE, told=L.CONTINUE), "stop", by=None
    )
    assert told == monitoring.Told(logged=L.STOP, told=L.STOP) and not told.raised


def test_a_later_raise_keeps_what_it_said_when_logged_and_what_raised_it():
    logged = monitoring.told_after(
        monitoring.Told(logged=L.CONTINUE, told=L.CONTINUE), "continue", by=None
    )
    raised = monitoring.told_after(logged, "ease_back", by=W.EARLIER_MORNING, morning=None)
    assert raised == monitoring.Told(
        logged=L.CONTINUE, told=L.EASE_BACK, raised_by=W.EARLIER_MORNING
    )
    assert raised.raised
    # Lowered again: what it showed stays, with when it showed it.
    assert monitoring.told_after(raised, "continue", by=W.EARLIER_MORNING) == raised


def test_a_stop_when_logged_keeps_the_morning_answer_it_had_then():
    logged = monitoring.told_after(
        monitoring.Told(logged=L.CONTINUE, told=L.CONTINUE), "stop", by=None
    )
    answered = monitoring.told_after(logged, "stop", by=W.MORNING, morning="worse")
    assert answered.morning is None and not answered.raised


def test_the_coach_reads_a_raise_then_lower_as_shown_later_not_told_at_the_time():
    words = monitoring.coach_lowered(
        "ease_back", "continue", "earlier_morning", logged="continue", raised_by="earlier_morning"
    )
    assert words == (
        "Carry on when logged; read ease back later, after the runner changed an earlier "
        "day's next-morning answer; after another change to an earlier day's next-morning "
        "answer it now reads carry on"
    )
    assert "at the time" not in words
    runner = monitoring.runner_lowered(
        "ease_back", "continue", "earlier_morning", logged="continue", raised_by="earlier_morning"
    )
    assert runner == (
        "When you logged it, this entry advised carrying on; after you changed an earlier day's "
        "next-morning answer it advised easing back, until another change you made to an "
        "earlier day's next-morning answer; your coach sees both."
    )
    # Told when logged, then lowered: "at the time" is true.
    assert monitoring.coach_lowered("stop", "ease_back", "deleted", logged="stop").startswith(
        "Told to stop and check their symptoms at the time;"
    )


# The tester's log, through the services and the pages.


def _the_tester_s_log(routine):
    """29 Nov pain 8: stop. 30 Nov pain 1: carry on. 29 Nov's next morning answered worse
    (30 Nov reads ease back), then changed to better (30 Nov reads carry on again)."""
    today = timezone.localdate()
    eight = services.session_log(routine=routine, day=today - timedelta(days=1), pain=8, done=[])
    one = services.session_log(routine=routine, day=today, pain=1, done=[])
    assert (eight.told_advice, one.told_advice) == ("stop", "continue")
    services.session_set_morning(session=eight, morning="worse")
    one.refresh_from_db()
    assert (one.advice, one.told_advice) == ("ease_back", "ease_back")
    services.session_set_morning(session=eight, morning="better", was="worse")
    one.refresh_from_db()
    eight.refresh_from_db()
    assert (one.advice, one.told_advice, one.lowered_by) == (
        "continue",
        "ease_back",
        "earlier_morning",
    )
    return eight, one


_COACH_WORDS = (
    "carry on when logged; read ease back later, after the runner changed an earlier day&#x27;s "
    "next-morning answer; after another change to an earlier day&#x27;s next-morning answer it "
    "now reads carry on"
)


def _panel(client, coach, routine) -> str:
    client.force_login(coach)
    return client.get(routine.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_entry_keeps_what_it_said_when_logged(shared):
    eight, one = _the_tester_s_log(shared)
    assert (one.logged_advice, one.raised_by, one.told_morning) == (
        "continue",
        "earlier_morning",
        "",
    )
    assert one.raised
    assert (eight.logged_advice, eight.told_morning, eight.raised_by) == ("stop", "", "")


@pytest.mark.django_db
def test_the_coach_s_summary_says_ease_back_was_shown_later(client, coach, shared):
    _eight, _one = _the_tester_s_log(shared)
    panel = _panel(client, coach, shared)
    summary = re.search(r'<div class="alert [^"]*" data-look=.*?</div>', panel, re.S)
    summary = " ".join(summary[0].split())
    assert "HipCare told them to ease back" not in summary
    assert "at the time" not in summary
    assert (
        "HipCare&#x27;s page showed them ease back for a while, though not when the entry was "
        "logged"
        in summary
        or "HipCare's page showed them ease back for a while, though not when the entry was logged"
        in summary
    )
    assert _COACH_WORDS in summary


@pytest.mark.django_db
def test_the_coach_s_entry_list_says_ease_back_was_shown_later(client, coach, shared):
    _eight, one = _the_tester_s_log(shared)
    panel = _panel(client, coach, shared)
    listed = panel[panel.index("All entries") :]
    entry = listed[listed.index(f'<li id="session-{one.pk}">') :]
    entry = entry[: entry.index("</li>")]
    assert f"({_COACH_WORDS})" in entry and "at the time" not in entry


@pytest.mark.django_db
def test_the_stop_card_is_the_entry_as_it_was_when_the_stop_was_given(client, coach, shared):
    eight, _one = _the_tester_s_log(shared)
    panel = _panel(client, coach, shared)
    card = panel[panel.index(f'data-stop-session="{eight.pk}"') :]
    card = card[: card.index("</form>")]
    # No next-morning answer when the stop was given (the stop came from the pain 8).
    assert "after this session (worst pain 8/10) HipCare told" in card
    assert "next morning worse)" not in card and "next morning better)" not in card
    when = timezone.localtime(eight.morning_changed_at)
    # The day it was changed, in UK time and saying so (the coach's zone not known here).
    assert '<span class="morning-changed">(the runner changed it on <time' in card
    assert (
        "The next-morning answer since: better (the runner changed it on "
        f"{when:%a} {when.day} {when:%b} (UK time); first answered worse)." in strip_tags(card)
    )
    told = card[card.index("Why, when HipCare told them (next morning then not answered):") :]
    told = told[: told.index("</ul>")]
    assert "8 out of 10" in told and "next morning" not in told.split(":", 1)[1]


@pytest.mark.django_db
def test_the_csv_says_ease_back_was_shown_later(client, coach, shared):
    _eight, one = _the_tester_s_log(shared)
    client.force_login(coach)
    response = client.get(reverse("routines:session_log_csv", args=[shared.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    column = rows[0].index("advice (this entry)")
    row = next(row for row in rows[1:] if row[0] == one.day.isoformat())
    assert row[column] == (
        "Carry on; carry on when logged; read ease back later, after the runner changed an "
        "earlier day's next-morning answer; after another change to an earlier day's "
        "next-morning answer it now reads carry on"
    )


@pytest.mark.django_db
def test_the_runner_reads_when_their_entry_advised_easing_back(client, shared):
    _eight, one = _the_tester_s_log(shared)
    html = client.get(history_url(shared)).content.decode()
    entry = html[html.index(f'id="session-{one.pk}"') :]
    entry = entry[: entry.index("</li>")]
    assert "Before you changed an earlier day" not in entry
    assert (
        '<span class="lowered-advice" data-told-advice="ease_back">When you logged it, this '
        "entry advised carrying on; after you changed an earlier day&#x27;s next-morning "
        "answer it advised easing back, until another change you made to an earlier "
        "day&#x27;s next-morning answer; your coach sees both.</span>" in entry
    )
