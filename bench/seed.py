"""Seed a benchmark database: a coach, routines of 12 and 60 items and two of 12 with 14 and
60 logged sessions (all shared), optionally thousands of generated exercises. Prints what it
made as JSON on the last line.

Run with the benchmark's environment: python bench/seed.py [--extra-exercises N]
"""

import argparse
import itertools
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hipcare.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402

from exercises.models import Equipment, Exercise, ExerciseMuscle, Muscle, PainLocation, Source, Step  # noqa: E402,E501
from exercises.search import index_text  # noqa: E402
from hipcare.auth import COACHES_GROUP  # noqa: E402
from routines import services  # noqa: E402

COACH = "bench-coach"
PASSWORD = "bench-coach-password-1"  # noqa: S105 - a throwaway account in a throwaway database


def seed_routines() -> dict:
    user, _ = get_user_model().objects.get_or_create(username=COACH)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=COACHES_GROUP))
    published = list(Exercise.objects.published().exclude(slug__startswith="generated-"))
    cycle = itertools.cycle(published)
    made = {}
    for size in (12, 60):
        routine = services.routine_create(
            owner=user,
            title=f"Bench routine, {size} items",
            for_whom="B.C.",
            exercises=[next(cycle) for _ in range(size)],
        )
        token = services.routine_share(routine=routine)
        made[f"routine{size}"] = routine.pk
        made[f"token{size}"] = token
    # The runner's log on a shared routine of 12: a fortnight's worth and a heavy one.
    for sessions in (14, 60):
        routine = services.routine_create(
            owner=user,
            title=f"Bench routine, {sessions} sessions logged",
            for_whom="L.R.",
            exercises=[next(cycle) for _ in range(12)],
        )
        made[f"tokenlog{sessions}"] = services.routine_share(routine=routine)
        log_sessions(routine, sessions)
    made["slug"] = published[0].slug
    made["coach"] = COACH
    made["password"] = PASSWORD
    return made


NOTES = ("", "Felt fine.", "Tight at the start, eased off.", "Stairs were sore after.", "")
MORNINGS = ("better", "same", "", "worse", "same", "better")


def log_sessions(routine, count: int) -> None:
    """Log `count` sessions on `routine` over the last five weeks, newest yesterday, as a
    runner would: most exercises ticked (one side only now and then), pain mostly 1-5 with
    the odd bad day, notes and next-morning answers on most. The routine is backdated six
    weeks, and each session's `created` to its day (the daily limit counts today's only)."""
    from datetime import timedelta

    from django.utils import timezone

    from routines.models import Routine, SessionLog

    now = timezone.now()
    Routine.objects.filter(pk=routine.pk).update(created=now - timedelta(weeks=6))
    routine.refresh_from_db()
    items = list(routine.items.order_by("position"))
    today = timezone.localdate()
    for n in range(count):
        back = 1 + n * 34 // count
        done = [(item.pk, "") for item in items[: 8 + n % 5]]
        if n % 4 == 0:
            done[-1] = (done[-1][0], "left")
        session = services.session_log(
            routine=routine,
            day=today - timedelta(days=back),
            pain=(2, 3, 1, 4, 2, 5, 3, 6)[n % 8],
            done=done,
            morning=MORNINGS[n % len(MORNINGS)],
            note=NOTES[n % len(NOTES)],
        )
        SessionLog.objects.filter(pk=session.pk).update(created=now - timedelta(days=back))


def seed_generated_exercises(count: int) -> int:
    """Bulk-create `count` published exercises with muscles, equipment, locations and steps."""
    muscles = list(Muscle.objects.all())
    equipment = list(Equipment.objects.all())
    locations = list(PainLocation.objects.all())
    source = Source.objects.filter(kind=Source.Kind.ARTICLE).first()
    start = Exercise.objects.filter(slug__startswith="generated-").count()
    new = Exercise.objects.bulk_create(
        Exercise(
            name=f"Generated move {n:05d}",
            slug=f"generated-{n:05d}",
            kind=Exercise.Kind.STRENGTH if n % 3 else Exercise.Kind.STRETCH,
            purpose="A generated move for load testing.",
            why="Load testing.",
            position=list(Exercise.Position)[n % len(Exercise.Position)],
            level=list(Exercise.Level)[n % 3],
            reps_min=None if n % 3 == 0 else 8,
            reps_max=None if n % 3 == 0 else 12,
            hold_seconds_min=30 if n % 3 == 0 else None,
            hold_seconds_max=60 if n % 3 == 0 else None,
            frequency_min=1 if n % 3 == 0 else 2,
            frequency_max=1 if n % 3 == 0 else 2,
            frequency_period="day" if n % 3 == 0 else "week",
            # bulk_create skips the pre_save that fills the search words; fill them here.
            search_text=index_text([f"Generated move {n:05d}"]),
        )
        for n in range(start, start + count)
    )
    through = Exercise.equipment.through
    through.objects.bulk_create(
        through(exercise=e, equipment=equipment[i % len(equipment)])
        for i, e in enumerate(new)
        if i % 4
    )
    Exercise.pain_locations.through.objects.bulk_create(
        Exercise.pain_locations.through(exercise=e, painlocation=locations[i % len(locations)])
        for i, e in enumerate(new)
    )
    Exercise.sources.through.objects.bulk_create(
        Exercise.sources.through(exercise=e, source=source) for e in new
    )
    ExerciseMuscle.objects.bulk_create(
        ExerciseMuscle(exercise=e, muscle=muscles[i % len(muscles)]) for i, e in enumerate(new)
    )
    Step.objects.bulk_create(
        Step(exercise=e, position=p, text=f"Step {p}.") for e in new for p in (1, 2, 3)
    )
    return len(new)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra-exercises", type=int, default=0)
    args = parser.parse_args()
    if args.extra_exercises:
        print(json.dumps({"generated": seed_generated_exercises(args.extra_exercises)}))
    else:
        print(json.dumps(seed_routines()))
