"""Each entry's own advice is worked out once per request (monitoring.Judged): the log's
history read most entries' advice twice, once for its day's advice and once for its own
("This entry: ..."). The answers are the same as monitoring.advise's, one entry at a time."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from routines import monitoring
from routines.monitoring import Entry
from tests.routines.conftest import history_url
from tests.routines.test_session_log import log

MONDAY = date(2026, 11, 2)


def entry(day: int, hour: int, pain: int, **fields) -> Entry:
    logged = datetime(2026, 11, 2) + timedelta(days=day, hours=hour)
    return Entry(day=MONDAY + timedelta(days=day), pain=pain, logged=logged, **fields)


#: Several entries a day, a back-dated one logged last, warning signs, a rise, mornings.
LOG = [
    entry(0, 9, 2, morning=monitoring.Morning.SAME),
    entry(2, 9, 1),
    entry(2, 18, 6, morning=monitoring.Morning.WORSE),
    entry(4, 9, 3, warning_signs=frozenset({"night_or_rest_pain"})),
    entry(5, 9, 8),
    entry(7, 9, 2),
    entry(7, 12, 4, morning=monitoring.Morning.BETTER),
    entry(9, 9, 5),
    # Logged after day 9's entry, for day 8: the advice now reads it as the day before.
    entry(8, 30, 2, warning_signs=frozenset({"no_weight"})),
]


def test_judged_gives_each_entrys_advice_as_advise_does():
    judged = monitoring.Judged(LOG)
    for about in judged.ordered:
        assert judged.advise(about) == monitoring.advise(LOG, about=about)
        assert judged.advise(about) is judged.advise(about)


def test_judged_sorts_its_log_once(monkeypatch):
    """Judged reads each entry's advice from its one sorted log, not sorting it again per
    entry (advise() sorts what it is given)."""
    judged = monitoring.Judged(LOG)
    sorts = []
    chronological = monitoring.chronological

    def counted(entries):
        sorts.append(1)
        return chronological(entries)

    monkeypatch.setattr(monitoring, "chronological", counted)
    for about in judged.ordered:
        judged.advise(about)
    assert sorts == []


def test_the_day_and_current_advice_read_through_judged_are_the_same():
    judged = monitoring.Judged(LOG)
    days = {e.day for e in LOG}
    assert monitoring.advise_current(judged.ordered, judged=judged) == monitoring.advise_current(
        LOG
    )
    assert monitoring.advice_by_day(
        judged.ordered, days, judged=judged
    ) == monitoring.advice_by_day(LOG, days)
    for place in range(1, len(judged.ordered) + 1):
        run = judged.ordered[:place]
        assert monitoring.advise_now(run, judged=judged) == monitoring.advise_now(run)


def test_another_log_is_not_read_through_judged():
    judged = monitoring.Judged(LOG[:3])
    other = monitoring.chronological(LOG)
    assert monitoring.advise_current(other, judged=judged) == monitoring.advise_current(LOG)


@pytest.mark.django_db
def test_the_history_advises_on_each_entry_once(client, shared, monkeypatch):
    for days_ago, pain in ((9, 2), (7, 6), (6, 1), (4, 3), (2, 7), (1, 2), (0, 3)):
        log(shared, days_ago=days_ago, pain=pain)
    log(shared, days_ago=1, pain=4)
    judged = []
    # Every entry's advice, through advise() or Judged's sorted log (_advise_ordered).
    advise = monitoring._advise_ordered

    def counted(ordered, *, about=None, **options):
        # The entry with the log it was read against: the entry of today, logged before the
        # back-dated entry for yesterday, is read once more against the log as it stood when
        # it was logged (monitoring.as_logged), for what the runner was told then; that is
        # another question, not the same one asked twice.
        read = tuple((entry.day, entry.logged) for entry in ordered)
        judged.append(((about.day, about.logged), read))
        return advise(ordered, about=about, **options)

    monkeypatch.setattr(monitoring, "_advise_ordered", counted)
    for headers in ({}, {"HX-Request": "true"}):
        judged.clear()
        assert client.get(history_url(shared), headers=headers).status_code == 200
        assert judged, "no entry advised"
        assert len(judged) == len(set(judged)), "an entry's advice worked out twice"
        # Each entry against the whole log; only today's (logged before yesterday's second
        # entry) against the log as it stood too.
        entries = {about for about, _ in judged}
        assert len(entries) == 8
        assert len(judged) == 9
        again = [about for about, read in judged if len(read) < 8]
        assert [day for day, _ in again] == [timezone.localdate()]
