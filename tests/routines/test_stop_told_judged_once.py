"""What a "stop" card and the list's badge say the runner was told (session_views.stop_told)
is read from the log as it stood judged once (monitoring.Judged): the entry's own advice and
its day's advice so far are the same as monitoring.advise and monitoring.told_after_entry
read them one by one, over random logs (back-dated entries, signs that combine, severe pain,
worse mornings, deleted entries' traces). The list read each stop's log three times and
judged the entry twice: about half of the summary's CPU at 120 routines (bench/list_timings.py)."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from routines import monitoring, session_views
from routines.models import SessionLog

SIGNS = ("", "", "", "limp", "night_or_rest_pain", "red_or_warm", "numbness", "leg_weakness")
TODAY = date(2026, 3, 20)


def random_log(rng: random.Random) -> tuple[list[SessionLog], tuple]:
    sessions, clock = [], datetime(2026, 2, 1, 8, tzinfo=UTC)
    for _ in range(rng.randint(1, 25)):
        clock += timedelta(hours=rng.randint(1, 40))
        day = min(TODAY, clock.date()) - timedelta(days=rng.choice((0, 0, 0, 1, 3)))
        sign = rng.choice(SIGNS)
        sessions.append(
            SessionLog(
                day=day,
                created=clock,
                pain=rng.choice((0, 1, 2, 3, 4, 5, 6, 7, 8)),
                morning=rng.choice(("", "", "better", "same", "worse")),
                warning_signs=[sign] if sign else [],
                told_advice=rng.choice(("continue", "ease_back", "stop", "stop")),
                advice=rng.choice(("continue", "ease_back", "stop")),
            )
        )
    traces = tuple(
        (TODAY - timedelta(days=rng.randint(0, 30)), rng.choice(("emergency", "urgent", "stop")))
        for _ in range(rng.choice((0, 0, 1)))
    )
    return sessions, traces


@pytest.mark.parametrize("seed", range(40))
def test_a_stop_reads_as_judging_it_entry_by_entry_reads_it(seed):
    rng = random.Random(seed)
    sessions, traces = random_log(rng)
    ordered = monitoring.chronological(sessions)
    entries = [session.entry() for session in ordered]
    for session, about in zip(ordered, entries, strict=True):
        read = session_views.stop_told(session, entries, about, deleted=traces)
        logged = monitoring.as_logged(entries, about)
        assert read.own == monitoring.advise(logged, about=about, deleted=traces)
        assert read.day_so_far == monitoring.told_after_entry(entries, about, deleted=traces)
        assert read.day_so_far.care == (
            monitoring.told_after_entry(entries, about, deleted=traces).care
        )
