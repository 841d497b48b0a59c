"""Deleting an entry that said emergency care (or a doctor today, or stop) does not lift the
14-day rule it fed (monitoring._recent_care, _recent_stop): the deleted entry's trace (its
day and advice, DeletedEntryNotice) is read as the entry was, the reason saying it was
deleted. Found by a tester: a runner logged pain 8, "can't put weight on the leg" and a fall
(emergency care), deleted it, and the next entries read "Carry on" and "Ease back" under a
reminder box saying "do that before you carry on"."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from routines import monitoring, services
from routines.models import DeletedEntryNotice
from tests.routines.conftest import log_session as _log

SUN = date(2026, 11, 29)


def test_pure_a_trace_feeds_the_rule_as_its_entry_would():
    calm = monitoring.Entry(day=SUN + timedelta(days=1), pain=3)
    later = monitoring.Entry(day=SUN + timedelta(days=2), pain=4)
    kept = monitoring.Entry(day=SUN, pain=8, warning_signs={"no_weight", "fall_or_blow"})
    live = monitoring.advise_now([kept, calm, later])
    gone = monitoring.advise_now([calm, later], deleted=[(SUN, "emergency")])
    assert live.level is gone.level is monitoring.Level.STOP
    assert [r.code for r in gone.reasons] == [r.code for r in live.reasons] == ["recent_care"]
    assert gone.reasons[0].text.startswith(
        "After your entry for Sunday 29 November you were told to get emergency care (that "
        "entry was deleted);"
    )
    assert monitoring.because(monitoring.advise([calm], deleted=[(SUN, "emergency")])) == (
        "because you were told to get emergency care after your entry for Sun 29 Nov (that entry "
        "was deleted)"
    )
    # Without the trace it was the fault: what remains reads calmer.
    assert monitoring.advise_now([calm, later]).level is not monitoring.Level.STOP
    # A deleted plain stop (a mistyped pain score) holds nothing: the handout's 14 days are
    # for signs needing urgent care (tests/routines/test_deleted_correction.py).
    stop = monitoring.advise([calm], deleted=[(SUN, "stop")])
    assert stop.level is monitoring.Level.CONTINUE and stop.checker_reminder is None
    # Lapses with the live rule: 15 days on, nothing.
    late = monitoring.Entry(day=SUN + timedelta(days=15), pain=3)
    assert (
        monitoring.advise([late], deleted=[(SUN, "emergency")]).level is monitoring.Level.CONTINUE
    )
    # The deleted entry's own day: the day's advice still says stop.
    same = monitoring.advise_now([monitoring.Entry(day=SUN, pain=1)], deleted=[(SUN, "urgent")])
    assert same.level is monitoring.Level.STOP
    assert "told to see a doctor today (that entry was deleted)" in same.reasons[0].text


@pytest.mark.django_db
def test_the_tester_s_log_after_the_delete(client, coach, shared):
    fall = _log(shared, days_ago=2, pain=8, warning_signs=["no_weight", "fall_or_blow"])
    url = reverse("session_delete", args=[shared.share_token, fall.pk])
    client.post(url, {"confirm": "yes"})
    notice = DeletedEntryNotice.objects.get()
    assert notice.advice == "emergency"
    calm = _log(shared, days_ago=1, pain=3)
    later = _log(shared, days_ago=0, pain=4)
    # Stored as told at logging time: stop, as if the entry had been kept.
    for session in (calm, later):
        session.refresh_from_db()
        assert (session.advice, session.told_advice) == ("stop", "stop")
    page = client.get(shared.get_share_url()).content.decode()
    advice = page[page.index('id="advice"') :]
    assert advice.split(">", 1)[0].count('data-advice="stop"') == 1
    assert "you were told to get emergency care (that entry was deleted)" in page
    assert 'id="deleted-advice"' not in page  # said by the advice, not a box beside it
    # The coach marking the notice seen keeps the trace (still reminding): nothing changes.
    client.force_login(coach)
    client.post(reverse("routines:deleted_entry_seen", args=[shared.pk, notice.pk]))
    assert DeletedEntryNotice.objects.get().coach_seen is not None
    panel = client.get(shared.get_absolute_url()).content.decode()
    assert 'Advice the runner sees now: <span data-advice="stop">' in panel
    page = client.get(shared.get_share_url()).content.decode()
    assert "you were told to get emergency care (that entry was deleted)" in page


@pytest.mark.django_db
def test_the_csv_has_a_row_per_unseen_deleted_entry_notice(client, coach, shared):
    import csv
    import io

    fall = _log(shared, days_ago=3, pain=8, warning_signs=["no_weight"])
    eased = _log(shared, days_ago=2, pain=6)
    _log(shared, days_ago=1, pain=2)
    services.session_delete(session=fall)
    services.session_delete(session=eased)
    seen = DeletedEntryNotice.objects.exclude(advice="emergency").get()
    services.deleted_entry_notice_seen(routine=shared, notice_pk=seen.pk)  # seen: not listed
    client.force_login(coach)
    response = client.get(reverse("routines:session_log_csv", args=[shared.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *rows = rows
    deleted = [row for row in rows if row[header.index("note")] == "entry deleted by the runner"]
    assert len(rows) == 2 and len(deleted) == 1
    row = deleted[0]
    assert row[0] == fall.day.isoformat() and row == rows[0]  # in its day's place
    assert (
        row[header.index("advice (this entry)")]
        == DeletedEntryNotice(advice="emergency").get_advice_display()
    )
    assert [cell for n, cell in enumerate(row) if n not in (0, 3, 6)] == [""] * (len(row) - 3)
    # The later entry's advice names the deleted emergency (the 14-day rule).
    assert "(that entry was deleted)" in rows[1][header.index("advice (this entry)")]
