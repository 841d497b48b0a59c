"""routines/services.py: the writes that touch several rows keep positions 1..n."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from exercises.dosing import Preset
from exercises.models import Exercise
from routines import services
from routines.models import Routine, RoutineItem
from tests.conftest import make_exercise
from tests.routines.conftest import make_exercises, make_routine, positions

pytestmark = pytest.mark.django_db


def test_create_adds_the_exercises_in_order_dosed_for_the_level(coach, clamshell, squat, pigeon):
    routine = make_routine(
        coach, exercises=[squat, clamshell, pigeon], level=Routine.Level.ADVANCED_HEAVY
    )
    assert positions(routine) == [("goblet-squat", 1), ("clamshell", 2), ("pigeon-stretch", 3)]
    items = {item.exercise.slug: item for item in routine.items.select_related("exercise")}
    assert items["goblet-squat"].dose_line == "3-4 x 4-6, twice a week"  # loadable: the preset
    assert items["clamshell"].dose_line == "1-3 x 12-15, each side, twice a week"  # body weight
    assert items["pigeon-stretch"].dose_line == "1-3 x 30-60 s hold, each side, daily"


def test_add_puts_the_exercise_last_with_its_default_dose(routine, squat):
    item = services.routine_add_item(routine=routine, exercise=squat)
    assert item.position == 4
    assert [p for _, p in positions(routine)] == [1, 2, 3, 4]
    assert item.dose() == squat.dose_for(Preset.BEGINNER)


def test_add_uses_the_routines_level(coach, squat):
    routine = make_routine(coach, level=Routine.Level.ADVANCED_MODERATE)
    item = services.routine_add_item(routine=routine, exercise=squat)
    assert (item.sets_min, item.sets_max, item.reps_min, item.reps_max) == (3, 3, 8, 12)


def test_add_refuses_an_unpublished_exercise_and_changes_nothing(routine):
    hidden = make_exercise("Hidden move", published=False)
    with pytest.raises(ValidationError):
        services.routine_add_item(routine=routine, exercise=hidden)
    assert len(positions(routine)) == 3


def test_add_refuses_past_the_limit(coach, clamshell):
    routine = make_routine(coach, exercises=[clamshell] * services.MAX_ITEMS)
    with pytest.raises(ValidationError, match="at most"):
        services.routine_add_item(routine=routine, exercise=clamshell)
    assert routine.items.count() == services.MAX_ITEMS


def test_remove_closes_the_gap(routine):
    middle = routine.items.get(position=2)
    services.routine_remove_item(item=middle)
    assert positions(routine) == [("clamshell", 1), ("pigeon-stretch", 2)]


def test_removing_an_item_twice_does_nothing_the_second_time(routine):
    first = routine.items.get(position=1)
    services.routine_remove_item(item=first)
    services.routine_remove_item(item=first)
    assert positions(routine) == [("goblet-squat", 1), ("pigeon-stretch", 2)]


@pytest.mark.parametrize(
    ("start", "to", "order"),
    [
        (1, 2, ["goblet-squat", "clamshell", "pigeon-stretch"]),
        (3, 2, ["clamshell", "pigeon-stretch", "goblet-squat"]),
        (1, 3, ["goblet-squat", "pigeon-stretch", "clamshell"]),
        (3, 1, ["pigeon-stretch", "clamshell", "goblet-squat"]),
        (2, 2, ["clamshell", "goblet-squat", "pigeon-stretch"]),
    ],
)
def test_move_shifts_the_items_in_between(routine, start, to, order):
    item = routine.items.get(position=start)
    services.routine_move_item(item=item, to_position=to)
    assert positions(routine) == [(slug, n) for n, slug in enumerate(order, start=1)]


@pytest.mark.parametrize("to", [0, 4, -1, 999])
def test_move_out_of_range_is_refused_and_changes_nothing(routine, to):
    before = positions(routine)
    with pytest.raises(ValidationError, match="out of range"):
        services.routine_move_item(item=routine.items.get(position=1), to_position=to)
    assert positions(routine) == before


def test_move_works_on_a_long_routine(coach):
    routine = make_routine(coach, exercises=make_exercises(40))
    slugs = [slug for slug, _ in positions(routine)]
    services.routine_move_item(item=routine.items.get(position=40), to_position=1)
    assert positions(routine) == [
        (slug, n) for n, slug in enumerate([slugs[-1], *slugs[:-1]], start=1)
    ]


def test_preset_redoses_only_items_on_their_default_and_lists_the_rest(routine):
    clam = routine.items.get(exercise__slug="clamshell")
    clam.side, clam.load_note, clam.coach_note = "left", "light band", "slow on the way down"
    clam.save()
    result = services.routine_apply_preset(routine=routine, level=Preset.ADVANCED_HEAVY)
    assert [item.exercise.slug for item in result.changed] == ["goblet-squat"]
    assert [item.exercise.slug for item in result.left_alone] == ["clamshell"]
    assert result.previous_level == "beginner"
    routine.refresh_from_db()
    assert routine.level == "advanced_heavy"
    lines = {i.exercise.slug: i for i in routine.items.select_related("exercise")}
    assert lines["goblet-squat"].dose_line == "3-4 x 4-6, twice a week"
    assert lines["pigeon-stretch"].dose_line == "1-3 x 30-60 s hold, each side, daily"
    clam = lines["clamshell"]
    assert clam.dose_line == "1-3 x 12-15, light band, left side only, twice a week"
    assert (clam.load_note, clam.coach_note) == ("light band", "slow on the way down")


def test_preset_back_to_beginner_restores_the_articles_dose(routine, squat):
    services.routine_apply_preset(routine=routine, level=Preset.ADVANCED_MODERATE)
    services.routine_apply_preset(routine=routine, level=Preset.BEGINNER)
    item = routine.items.get(exercise=squat)
    assert item.dose() == squat.dose_for(Preset.BEGINNER)


def test_preset_rejects_an_unknown_level(routine):
    with pytest.raises(ValueError):
        services.routine_apply_preset(routine=routine, level="olympic")
    routine.refresh_from_db()
    assert routine.level == "beginner"


def test_duplicate_copies_items_for_the_new_owner_unshared(routine, other_coach):
    services.routine_share(routine=routine)
    services.routine_set_archived(routine=routine, archived=True)
    item = routine.items.get(position=2)
    item.coach_note = "Keep the knee over the toes."
    item.save()
    copy = services.routine_duplicate(routine=routine, owner=other_coach)
    assert copy.pk != routine.pk
    assert (copy.owner, copy.title, copy.share_token, copy.archived) == (
        other_coach,
        "Copy of Hips, weeks 1-6",
        None,
        False,
    )
    assert positions(copy) == positions(routine)
    assert copy.items.get(position=2).coach_note == "Keep the knee over the toes."
    assert RoutineItem.objects.filter(routine=routine).count() == 3


def test_share_issues_a_new_unguessable_token_each_time_and_revoke_clears_it(routine):
    first = services.routine_share(routine=routine)
    second = services.routine_share(routine=routine)
    assert first != second and len(second) >= 32
    routine.refresh_from_db()
    assert routine.share_token == second
    services.routine_unshare(routine=routine)
    routine.refresh_from_db()
    assert routine.share_token is None
    assert routine.get_share_url() == ""


def test_the_database_refuses_two_items_in_one_place(routine, clamshell):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutineItem.objects.create(
            routine=routine, exercise=clamshell, position=1, reps_min=1, reps_max=2
        )


def test_the_database_refuses_reps_and_a_hold_together(routine, clamshell):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutineItem.objects.create(
            routine=routine,
            exercise=clamshell,
            position=9,
            reps_min=10,
            reps_max=12,
            hold_seconds_min=30,
            hold_seconds_max=30,
        )


def test_the_database_refuses_sets_running_backwards(routine):
    with pytest.raises(IntegrityError), transaction.atomic():
        routine.items.filter(position=1).update(sets_min=4, sets_max=2)


def test_deleting_an_exercise_in_a_routine_is_refused(routine, clamshell):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        clamshell.delete()
    assert Exercise.objects.filter(pk=clamshell.pk).exists()


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite runs one write transaction at a time and has no row locks to race; "
    "run with DATABASE_URL=postgres://... to test the lock",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_keep_positions_gapless(django_user_model):
    from tests.conftest import make_user

    coach = make_user(django_user_model, coach=True)
    exercises = make_exercises(8)
    routine = make_routine(coach, exercises=exercises[:2])
    start = threading.Barrier(len(exercises))
    errors: list[BaseException] = []

    def add(exercise: Exercise) -> None:
        try:
            start.wait(timeout=10)
            services.routine_add_item(routine=Routine.objects.get(pk=routine.pk), exercise=exercise)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(exercise,)) for exercise in exercises]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert [p for _, p in positions(routine)] == list(range(1, 11))


@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_and_removes_keep_positions_gapless(django_user_model):
    from tests.conftest import make_user

    coach = make_user(django_user_model, coach=True)
    routine = make_routine(coach, exercises=make_exercises(12))
    items = list(routine.items.order_by("position"))
    start = threading.Barrier(6)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            start.wait(timeout=10)
            if n % 2:
                services.routine_remove_item(item=items[n])
            else:
                services.routine_move_item(item=items[n], to_position=1)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert [p for _, p in positions(routine)] == list(range(1, 10))
