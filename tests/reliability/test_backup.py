"""make backup / make restore: a backup restored into an empty database gives back the same
coaches, routines and catalogue, on SQLite and PostgreSQL."""

import datetime
import json
import stat

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from exercises.models import Exercise
from hipcare.auth import is_coach
from routines import services
from routines.models import Routine, RoutineItem
from tests.conftest import (
    make_equipment,
    make_exercise,
    make_location,
    make_muscle,
    make_user,
)
from tests.routines.conftest import make_exercises, make_routine

pytestmark = pytest.mark.django_db(transaction=True)


def _plain(value):
    # JSON keeps datetimes to the millisecond.
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def snapshot() -> dict[str, list]:
    """Every row a backup should keep, with user ids replaced by usernames (a restore gives
    accounts new ids; every other row keeps its id)."""
    users = get_user_model().objects.order_by("username")
    rows = {
        "users": [
            {key: _plain(value) for key, value in user.items() if key != "id"}
            for user in users.values()
        ],
        "groups": [
            (user.username, sorted(user.groups.values_list("name", flat=True))) for user in users
        ],
    }
    models = [
        model
        for app in ("exercises", "routines")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    ]
    for model in models:
        values = model.objects.order_by("pk").values()
        if model is Routine:
            values = values.annotate(owner_name=F("owner__username")).values()
        # A many-to-many table's own ids are not kept: its rows are rebuilt from the lists
        # each exercise carries.
        left_out = {"owner_id", "id"} if model._meta.auto_created else {"owner_id"}
        rows[model._meta.label] = sorted(
            (
                {key: _plain(value) for key, value in row.items() if key not in left_out}
                for row in values
            ),
            key=repr,
        )
    return rows


def build_data(django_user_model):
    coach = make_user(django_user_model, "coach_backup", coach=True, password="s3cret-horse-1")
    make_user(django_user_model, "admin_backup", is_staff=True, is_superuser=True)
    squat, bridge = make_exercises(2, loadable=True)
    band = make_equipment("band")
    pigeon = make_exercise(
        "Pigeon",
        kind=Exercise.Kind.STRETCH,
        unilateral=True,
        muscles=[make_muscle("gluteus-maximus")],
        secondary=[make_muscle("piriformis")],
        equipment=[band],
        locations=[make_location("back_buttock")],
    )
    squat.harder_versions.add(bridge)
    routine = make_routine(
        coach, exercises=[squat, pigeon, bridge], for_whom="A.B.", notes="Easy week first."
    )
    services.routine_share(routine=routine)
    old = make_routine(coach, exercises=[bridge], title="Old routine")
    services.routine_set_archived(routine=old, archived=True)
    item = routine.items.get(position=2)
    item.sets_max, item.coach_note = 4, "Hold at the top."
    services.routine_save_item(item=item)
    services.routine_move_item(item=routine.items.get(position=3), to_position=1)
    # An edit made in admin must survive.
    pigeon.purpose, pigeon.hold_seconds_max = "Edited in admin.", 90
    pigeon.save()
    band.name = "Resistance band (light)"
    band.save()
    return coach, routine


def test_a_restore_gives_back_coaches_routines_and_catalogue_edits(tmp_path, django_user_model):
    coach, routine = build_data(django_user_model)
    before = snapshot()
    backup = tmp_path / "hipcare.json"

    call_command("backup_data", output=str(backup))
    call_command("flush", interactive=False, verbosity=0)
    assert not Routine.objects.exists() and not get_user_model().objects.exists()
    call_command("restore_data", str(backup))

    assert snapshot() == before
    restored = get_user_model().objects.get(username="coach_backup")
    assert restored.check_password("s3cret-horse-1")
    assert is_coach(restored)
    assert Exercise.objects.get(slug="pigeon").purpose == "Edited in admin."
    restored_routine = Routine.objects.get(pk=routine.pk)
    assert restored_routine.owner == restored
    assert restored_routine.share_token == routine.share_token
    assert list(restored_routine.items.values_list("position", flat=True)) == [1, 2, 3]
    # New rows get new ids: the sequences moved past the restored ones.
    added = services.routine_add_item(
        routine=restored_routine, exercise=Exercise.objects.get(slug="pigeon")
    )
    assert added.pk > max(before["routines.RoutineItem"], key=lambda row: row["id"])["id"]
    assert services.routine_create(owner=restored, title="New").pk > routine.pk


def test_the_backup_holds_no_sessions_permissions_or_admin_log(tmp_path, django_user_model, client):
    coach, _ = build_data(django_user_model)
    client.force_login(coach)
    backup = tmp_path / "hipcare.json"
    call_command("backup_data", output=str(backup))

    models = {row["model"] for row in json.loads(backup.read_text())}
    assert {"auth.user", "auth.group", "routines.routine", "routines.routineitem"} <= models
    assert {"exercises.exercise", "exercises.step", "exercises.source"} <= models
    assert not models & {
        "sessions.session",
        "auth.permission",
        "contenttypes.contenttype",
        "admin.logentry",
    }
    # It holds password hashes: only its owner may read it.
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_a_restore_refuses_a_database_that_has_data(tmp_path, django_user_model):
    build_data(django_user_model)
    backup = tmp_path / "hipcare.json"
    call_command("backup_data", output=str(backup))
    items = RoutineItem.objects.count()

    with pytest.raises(CommandError, match="already has"):
        call_command("restore_data", str(backup))
    assert RoutineItem.objects.count() == items

    call_command("restore_data", str(backup), flush=True)
    assert RoutineItem.objects.count() == items
