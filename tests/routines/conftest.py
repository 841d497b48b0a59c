"""Builders for routine tests, on top of the shared helpers in tests/conftest.py."""

import itertools
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise
from routines import services
from routines.models import Routine
from tests.conftest import make_exercise

_counter = itertools.count(1)


def make_routine(owner, *, exercises=(), **fields) -> Routine:
    """A routine for `owner`, with `exercises` added in order the way the builder adds them."""
    fields.setdefault("title", f"Routine {next(_counter)}")
    return services.routine_create(owner=owner, exercises=exercises, **fields)


def history_url(routine: Routine) -> str:
    """The runner's log's history page (the chart, the week table and the newest entries),
    which the runner's page as first opened links to rather than showing."""
    from django.urls import reverse

    return reverse("session_history", args=[routine.share_token])


def make_exercises(count: int, **fields) -> list[Exercise]:
    return [make_exercise(f"Move {next(_counter)}", **fields) for _ in range(count)]


def positions(routine: Routine) -> list[tuple[str, int]]:
    """(exercise slug, position) in the routine's order, read fresh from the database."""
    return list(routine.items.order_by("position").values_list("exercise__slug", "position"))


@pytest.fixture
def clamshell():
    return make_exercise("Clamshell", unilateral=True, position=Exercise.Position.SIDE_LYING)


@pytest.fixture
def squat():
    return make_exercise("Goblet squat", loadable=True)


@pytest.fixture
def pigeon():
    return make_exercise("Pigeon stretch", kind=Exercise.Kind.STRETCH, unilateral=True)


@pytest.fixture
def routine(coach, clamshell, squat, pigeon):
    return make_routine(coach, title="Hips, weeks 1-6", exercises=[clamshell, squat, pigeon])


@pytest.fixture
def shared(coach, clamshell, squat):
    """A shared routine of two moves, made four weeks ago: sessions can be logged from that
    day on. Files with a `shared` of their own use theirs."""
    return make_shared(coach, [clamshell, squat], weeks_ago=4)


@pytest.fixture
def shared_week_ago(coach, clamshell, squat):
    """A shared routine of the same two moves as `shared`, made a week ago: the tests of
    warning signs and what the runner was told (test_log_safety and the files that read their
    log with it)."""
    return make_shared(coach, [clamshell, squat], weeks_ago=1)


def make_shared(coach, exercises, *, weeks_ago: int = 0, made: datetime | None = None) -> Routine:
    """A routine of `exercises`, made `weeks_ago` weeks ago or at `made` (sessions can be
    logged from that day on), shared."""
    routine = make_routine(coach, exercises=exercises)
    Routine.objects.filter(pk=routine.pk).update(
        created=made or timezone.now() - timedelta(weeks=weeks_ago)
    )
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    return routine


def make_notice(routine: Routine, **fields):
    """A deleted entry's notice of `routine` as stored (day, advice, coach_seen...), with the
    routine's `deleted_stop_day` set from its notices, as the services and migration 0015 do."""
    from routines.models import DeletedEntryNotice

    notice = DeletedEntryNotice.objects.create(routine=routine, **fields)
    services.routines_set_deleted_stop_day(routines=Routine.objects.filter(pk=routine.pk))
    return notice


def log_done(routine: Routine, *, days_ago: int = 0, pain: int = 2, done=None, **fields):
    """A session of `routine` logged through services.session_log `days_ago` days before
    today (pain 2 unless given), with every item ticked done unless `done=` is given."""
    if done is None:
        done = [(item.pk, "") for item in routine.items.all()]
    return services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=days_ago),
        pain=pain,
        done=done,
        **fields,
    )


def uk_day(client) -> None:
    """Pin the client to the UK's day (the zone cookie our script sets): without a zone the
    log takes any date, and any next morning, that has begun somewhere on Earth (from 10:00
    UTC that is tomorrow at UTC+14: tests/routines/test_date_without_zone.py), and these tests
    are about one runner's day."""
    client.cookies["hipcare_tz"] = "Europe/London"


def log_session(routine: Routine, *, days_ago: int, pain: int, **fields):
    """A session of `routine` logged through services.session_log `days_ago` days before today,
    with nothing ticked done unless `done=` is given."""
    fields.setdefault("done", [])
    return services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=days_ago),
        pain=pain,
        **fields,
    )


#: When `shared_1_nov` was made: Sun 1 Nov 2026, 00:00 UTC.
MADE_1_NOV = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def shared_1_nov(coach):
    """A shared routine of one move (a clamshell) made on Sun 1 Nov 2026 (MADE_1_NOV), for
    the tests whose clock stands at the end of November 2026 (the time-zone tests): any day of
    that month can be logged, wherever the runner is."""
    return make_shared(coach, [make_exercise("Clamshell")], made=MADE_1_NOV)


def log_by_form(client, routine: Routine, day: str, **fields):
    """Log a session of `routine` for `day` (an ISO date) through the runner's form, as a
    browser without JavaScript does (pain 2 unless `fields` say otherwise), and follow it to
    the page it lands on (its message read, as a browser reads it). The new entry."""
    url = reverse("session_create", args=[routine.share_token])
    response = client.post(url, {"date": day, "pain": "2", **fields})
    assert response.status_code == 302
    client.get(response["Location"])
    return routine.sessions.latest("created", "pk")


def entry_of(page: str, session) -> str:
    """The markup of `session`'s entry in a page that lists it (its <li id="session-N">)."""
    start = page.index(f'id="session-{session.pk}"')
    return page[start : page.index("</li>", start)]


def random_entry(rng: random.Random, today: date, *, days_ago, pains, signs, chance: float) -> dict:
    """The form data of an entry the seeded tests log at random: a day `days_ago` (one of)
    before `today`, a pain of `pains` (one of) and, `chance` of the time, one warning sign of
    `signs`. Drawn in that order, one draw each."""
    day = today - timedelta(days=rng.choice(days_ago))
    data = {"pain": str(rng.choice(pains)), "date": day.isoformat()}
    if rng.random() < chance:
        data["warning"] = [rng.choice(signs)]
    return data
