"""Routines moved from the exercises app into their own: nothing a user had is lost.

A backup made before the move (tests/reliability/data, made with backup_data at b6b1c25 from
tests/reliability/test_backup.py's build_data) restores after it, every row as it was; and
migrating a database across the move keeps its routines, their addresses and the permissions
granted on them."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from exercises.models import Exercise
from hipcare.auth import is_coach
from routines.models import Routine, RoutineItem
from tests.reliability.test_backup import snapshot

pytestmark = pytest.mark.django_db(transaction=True)

DATA = Path(__file__).resolve().parent.parent / "reliability" / "data"
BACKUP = DATA / "backup-before-routines-app.json"
MOVED_LABELS = {
    "exercises.Routine": "routines.Routine",
    "exercises.RoutineItem": "routines.RoutineItem",
}


# Columns added after b6b1c25, with the default a restored row gets.
FIELDS_ADDED_SINCE = {
    "exercises.Exercise": {"reps_or_hold": False},
    "exercises.Step": {"switches_sides": False, "one_side_text": ""},
}


def _as_saved(rows: dict) -> dict:
    return json.loads(json.dumps(rows, default=str, sort_keys=True))


def _fields_of(expected: dict, actual: dict) -> dict:
    """The actual rows with only the fields the snapshot knew: columns added since (the
    catalogue's search words, a source's date) are not data a backup could have lost."""
    trimmed = {}
    for label, rows in actual.items():
        old = expected.get(label, [])
        if not (old and all(isinstance(row, dict) for row in rows)):
            trimmed[label] = rows
            continue
        known = set().union(*(set(row) for row in old))
        trimmed[label] = [
            {key: value for key, value in row.items() if key in known} for row in rows
        ]
    return trimmed


def test_a_backup_made_before_the_move_restores_after_it_with_nothing_lost(client):
    saved = json.loads((DATA / "snapshot-before-routines-app.json").read_text())
    expected = {MOVED_LABELS.get(label, label): rows for label, rows in saved.items()}
    # Fields added since the backup was made restore as their defaults.
    for label, defaults in FIELDS_ADDED_SINCE.items():
        expected[label] = [{**defaults, **row} for row in expected[label]]
    assert '"model": "exercises.routine"' in BACKUP.read_text()  # the old labels, really

    call_command("restore_data", str(BACKUP))

    restored = _fields_of(expected, _as_saved(snapshot()))
    assert {label: rows for label, rows in restored.items() if label in expected} == expected
    # Tables added since the backup was made (the runner's log) come back empty.
    assert all(restored[label] == [] for label in restored.keys() - expected.keys())
    coach = get_user_model().objects.get(username="coach_backup")
    assert coach.check_password("s3cret-horse-1")
    assert is_coach(coach)
    shared = Routine.objects.get(share_token__isnull=False)
    assert list(shared.items.values_list("position", flat=True)) == [1, 2, 3]
    assert Exercise.objects.get(slug="pigeon").purpose == "Edited in admin."
    # The addresses handed out before the move still answer.
    assert shared.get_share_url() == f"/r/{shared.share_token}/"
    assert client.get(shared.get_share_url()).status_code == 200
    client.force_login(coach)
    assert client.get(f"/routines/{shared.pk}/").status_code == 200
    assert client.get(f"/routines/{shared.pk}/print/").status_code == 200


def test_a_backup_made_after_the_move_names_the_routines_app(tmp_path):
    call_command("restore_data", str(BACKUP))
    again = tmp_path / "again.json"
    call_command("backup_data", output=str(again))
    models = {row["model"] for row in json.loads(again.read_text())}
    assert {"routines.routine", "routines.routineitem"} <= models
    assert not {"exercises.routine", "exercises.routineitem"} & models

    call_command("restore_data", str(again), flush=True)
    assert Routine.objects.count() == 2 and RoutineItem.objects.count() == 4


def _migrate(targets, *, state_at):
    """Migrate the test database to `targets`; the models as they were at `state_at`."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(state_at).apps


def test_migrating_across_the_move_keeps_routines_and_their_permissions(django_user_model):
    before = [("exercises", "0005_catalogue_version"), ("routines", None)]
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old_apps = _migrate(before, state_at=[before[0]])
    try:
        OldContentType = old_apps.get_model("contenttypes", "ContentType")
        OldPermission = old_apps.get_model("auth", "Permission")
        OldGroup = old_apps.get_model("auth", "Group")
        OldUser = old_apps.get_model("auth", "User")
        OldRoutine = old_apps.get_model("exercises", "Routine")
        OldRoutine.objects.all().delete()
        OldContentType.objects.filter(app_label="routines").delete()
        routine_type, _ = OldContentType.objects.get_or_create(
            app_label="exercises", model="routine"
        )
        change, _ = OldPermission.objects.get_or_create(
            content_type=routine_type,
            codename="change_routine",
            defaults={"name": "Can change routine"},
        )
        support = OldGroup.objects.create(name="Support")
        support.permissions.add(change)
        owner = OldUser.objects.create(username="coach_old")
        kept = OldRoutine.objects.create(owner=owner, title="Made before the move")
    finally:
        _migrate(latest, state_at=latest)
    ContentType.objects.clear_cache()

    routine = Routine.objects.get(pk=kept.pk)
    assert routine.title == "Made before the move" and routine.owner.username == "coach_old"
    assert Routine._meta.db_table == "exercises_routine"
    assert RoutineItem._meta.db_table == "exercises_routineitem"
    moved_type = ContentType.objects.get_for_model(Routine)
    assert moved_type.pk == routine_type.pk and moved_type.app_label == "routines"
    assert Group.objects.get(name="Support").permissions.get().pk == change.pk
    assert Permission.objects.get(pk=change.pk).content_type == moved_type
    assert not ContentType.objects.filter(app_label="exercises", model="routine").exists()
