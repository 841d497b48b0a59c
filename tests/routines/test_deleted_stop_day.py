"""Routine.deleted_stop_day: the day of the latest deleted entry that told the runner to stop or
get care, read with the routine by the runner's page (and the builder) instead of asking the
notices. Kept right as entries are deleted and notices marked seen or forgotten; whether it
still reminds (the live log's two weeks) is worked out when the page is read, so it never
goes stale as days pass."""

import importlib
import json
from datetime import timedelta
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from routines import services
from routines.models import DeletedEntryNotice, Routine
from tests.routines.conftest import log_session as _log
from tests.routines.conftest import make_notice, make_routine

pytestmark = pytest.mark.django_db

EMERGENCY_SAID = "since deleted, told you to get emergency care"


def _emergency(routine, *, days_ago):
    return _log(routine, days_ago=days_ago, pain=2, warning_signs=["saddle_or_bladder"])


def _day(routine):
    return Routine.objects.values_list("deleted_stop_day", flat=True).get(pk=routine.pk)


def _reminder(client, routine) -> str:
    html = client.get(routine.get_share_url()).content.decode()
    if 'id="deleted-advice"' not in html:
        return ""
    block = html[html.index('id="deleted-advice"') :]
    return block[: block.index("</section>")]


def _days_on(days: int):
    return mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + timedelta(days=days)
    )


def test_kept_right_through_deletes_notices_seen_and_two_weeks_passing(client, shared):
    assert _day(shared) is None
    # A deleted "ease back" leaves the coach a notice, but nothing the page reminds of.
    services.session_delete(session=_log(shared, days_ago=1, pain=6))
    assert DeletedEntryNotice.objects.get().advice == "ease_back"
    assert _day(shared) is None
    recent = _emergency(shared, days_ago=3)
    services.session_delete(session=recent)
    assert _day(shared) == recent.day
    older = _log(shared, days_ago=20, pain=8)  # a stop, from before
    services.session_delete(session=older)
    assert _day(shared) == recent.day  # the latest, not the last deleted
    assert EMERGENCY_SAID in _reminder(client, shared)

    # The coach marks the old stop seen: past its two weeks, it is forgotten; the recent one
    # seen is kept for the runner's reminder, and its day with it.
    for day in (older.day, recent.day):
        notice = DeletedEntryNotice.objects.get(day=day)
        assert services.deleted_entry_notice_seen(routine=shared, notice_pk=notice.pk)
        assert _day(shared) == recent.day
    assert not DeletedEntryNotice.objects.filter(day=older.day).exists()
    assert DeletedEntryNotice.objects.get(day=recent.day).coach_seen is not None
    assert EMERGENCY_SAID in _reminder(client, shared)

    # Two weeks on the page no longer reminds, with nothing written; the next write forgets
    # the seen notice, and the day with it.
    with _days_on(12):
        assert _reminder(client, shared) == ""
        assert _day(shared) == recent.day
        services.session_delete(session=_log(shared, days_ago=0, pain=1))
    assert not DeletedEntryNotice.objects.filter(day=recent.day).exists()
    assert _day(shared) is None
    assert DeletedEntryNotice.objects.get().advice == "ease_back"  # unseen, still the coach's


def test_the_two_weeks_are_counted_when_the_page_is_read(client, shared):
    session = _emergency(shared, days_ago=1)
    services.session_delete(session=session)
    for days_on, reminded in ((0, True), (12, True), (13, True), (14, False), (30, False)):
        with _days_on(days_on):
            assert (EMERGENCY_SAID in _reminder(client, shared)) is reminded, days_on
    assert _day(shared) == session.day


def test_the_day_is_the_latest_stop_or_care_notice_never_an_ease_back(client, shared):
    today = timezone.localdate()
    make_notice(shared, day=today - timedelta(days=2), advice="urgent")
    assert _day(shared) == today - timedelta(days=2)
    make_notice(shared, day=today - timedelta(days=5), advice="emergency")
    make_notice(shared, day=today, advice="ease_back")
    assert _day(shared) == today - timedelta(days=2)
    # The latest day lets the page read every notice of the two weeks: the most urgent wins.
    assert EMERGENCY_SAID in _reminder(client, shared)


def _notices_of_two_routines(coach, shared):
    today = timezone.localdate()
    other, none = make_routine(coach, title="Other"), make_routine(coach, title="None")
    for routine, day, advice in (
        (shared, today - timedelta(days=4), "stop"),
        (shared, today - timedelta(days=9), "emergency"),
        (shared, today - timedelta(days=1), "ease_back"),
        (other, today - timedelta(days=30), "urgent"),
        (none, today, "ease_back"),
    ):
        make_notice(routine, day=day, advice=advice)
    expected = {shared.pk: today - timedelta(days=4), other.pk: today - timedelta(days=30)}
    return expected, [shared, other, none]


def test_the_migration_sets_the_day_from_the_notices_kept(coach, shared):
    expected, routines = _notices_of_two_routines(coach, shared)
    Routine.objects.update(deleted_stop_day=None)  # as the column was added
    migration = importlib.import_module("routines.migrations.0015_routine_deleted_stop_day")
    migration.fill_deleted_stop_day(apps, None)
    assert {r.pk: _day(r) for r in routines} == {**expected, routines[2].pk: None}


@pytest.mark.django_db(transaction=True)  # restore_data flushes: PostgreSQL truncates
def test_a_backup_made_before_the_day_existed_restores_with_it(coach, shared, tmp_path):
    expected, routines = _notices_of_two_routines(coach, shared)
    backup = tmp_path / "backup.json"
    call_command("backup_data", output=str(backup))
    rows = json.loads(backup.read_text())
    for row in rows:
        if row["model"] == "routines.routine":
            del row["fields"]["deleted_stop_day"]
    backup.write_text(json.dumps(rows))

    call_command("restore_data", str(backup), flush=True)
    # Set by today's rule: a plain stop is no longer held, the emergency 9 days back is.
    expected[shared.pk] = timezone.localdate() - timedelta(days=9)
    assert {r.pk: _day(r) for r in routines} == {**expected, routines[2].pk: None}


def test_the_box_names_every_deleted_entry_the_deletion_promised_to_remind_of(client, shared):
    """Deleting the emergencies of today and of three days ago: each deletion's message
    promised its reminder until its own day's two weeks are over, and the box names both
    (it named only the latest), while no kept entry's advice names them."""
    from django.utils import dateformat

    _log(shared, days_ago=5, pain=2)
    promised = []
    for days_ago in (0, 3):
        entry = _emergency(shared, days_ago=days_ago)
        response = client.post(
            f"{shared.get_share_url()}sessions/{entry.pk}/delete/", {"confirm": "yes"}, follow=True
        )
        page = response.content.decode()
        until = dateformat.format(entry.day + timedelta(days=14), "l j F")
        assert f"keeps reminding you of its advice until {until}" in page
        promised.append(entry.day)
    box = _reminder(client, shared)
    for day in promised:
        assert f"for {dateformat.format(day, 'l j F')}, " in box, day
    assert box.count("told you to get emergency care") == 2
