"""Fast versions of make faults and make soak.

A real gunicorn (production settings, bench/run.py's loopback environment) whose database goes
away and comes back: pages answer 503 with our page while it is down and 200 again afterwards,
with no restart. And one coach in two browser sessions changing the same routine at once loses
nothing. make faults and make soak run the long versions.
"""

import contextlib
import random
import tempfile
import threading
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from bench.faults import SqliteGone, SqliteUnreadable, TcpProxy, look, wait_for
from bench.run import Server, bench_env
from bench.soak import COACH_PASSWORD, Ledger, Session, collect_static, new_ledger, prepare
from routines import services
from routines.models import RoutineItem
from tests.conftest import make_user
from tests.routines.conftest import make_exercises, make_routine, positions

ON_POSTGRES = connection.vendor == "postgresql"
# Under pytest-xdist (make test), every test here runs in one worker: the module's gunicorn is
# started once, and only one process collects static files into staticfiles/ at a time (the
# production-settings probe in test_headers is in the same group).
pytestmark = pytest.mark.xdist_group("collectstatic")
DOSE = {"sets_min": 2, "sets_max": 4, "coach_note": "Slow on the way down."}


@pytest.fixture(scope="module")
def sqlite_site():
    """gunicorn on its own SQLite file, whatever database the suite runs on. CONN_MAX_AGE=0,
    so every request opens the file: a kept-open connection would go on reading a file that
    was moved away."""
    with tempfile.TemporaryDirectory(prefix="hipcare-faults-") as tmp:
        path = Path(tmp) / "site.sqlite3"
        env = {**bench_env(f"sqlite:///{path}"), "CONN_MAX_AGE": "0"}
        seeded = prepare(env, 1)
        server = Server(env)
        try:
            yield server, path, seeded
        finally:
            server.stop()


def signed_in(server: Server, seeded: dict, password: str):
    anonymous = Session(server.port, [], [])
    anonymous.anonymous()
    coach = Session(server.port, [], [])
    coach.sign_in(seeded["coaches"][0]["username"], password)
    return anonymous, coach


def statuses(looks) -> dict[str, int]:
    return {seen.page: seen.status for seen in looks}


def assert_down_then_back(
    server: Server, fault, seeded: dict, password: str = COACH_PASSWORD
) -> None:
    ledger = new_ledger(seeded)
    anonymous, coach = signed_in(server, seeded, password)
    assert set(statuses(look(anonymous, coach, seeded, ledger)).values()) <= {200, 302}
    try:
        fault.break_()
        during = look(anonymous, coach, seeded, ledger)
    finally:
        fault.mend()
    assert all(seen.status == 503 for seen in during), statuses(during)  # /healthz too
    assert all(seen.our_page for seen in during if seen.page != "/healthz"), statuses(during)

    assert wait_for(server.url, 200, 10) is not None, "/healthz did not say 200 again"
    after = look(anonymous, coach, seeded, ledger)
    assert statuses(after) == {
        "/healthz": 200,
        "catalogue": 200,
        "exercise page": 200,
        "symptom checker answer": 200,
        "routine builder": 200,
        "add to routine": 302,
    }
    assert server.process.poll() is None  # the same gunicorn, never restarted


def test_pages_answer_503_while_the_sqlite_file_is_gone_and_200_once_it_is_back(sqlite_site):
    server, path, seeded = sqlite_site
    assert_down_then_back(server, SqliteGone(path), seeded)


def test_pages_answer_503_while_the_sqlite_file_is_unreadable(sqlite_site):
    server, path, seeded = sqlite_site
    assert_down_then_back(server, SqliteUnreadable(path), seeded)


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL only: run with DATABASE_URL=postgres://")
@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_while_postgresql_is_unreachable_and_200_once_it_is_back(
    settings, django_user_model
):
    # The server checks the coach's password with the production hashers.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    coach = make_user(django_user_model, "fault_coach", coach=True, password="fault-pass-1")
    exercises = make_exercises(2)
    routine = make_routine(coach, exercises=exercises)
    seeded = {
        "coaches": [{"username": coach.username, "routines": [{"pk": routine.pk, "items": {}}]}],
        "exercises": {exercise.slug: False for exercise in exercises},
    }
    db = connection.settings_dict
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    url = f"postgres://{credentials}@127.0.0.1:{proxy.port}/{db['NAME']}"
    env = bench_env(url)
    collect_static(env)
    server = Server(env)
    try:
        assert_down_then_back(server, proxy, seeded, password="fault-pass-1")
    finally:
        server.stop()
        proxy.close()


# One coach, two browser sessions, the same routine. Each view reads the item, then calls the
# service; these tests put the other session's change in between.


@pytest.mark.django_db
def test_a_dose_saved_after_the_other_session_moved_items_keeps_both_changes(coach):
    routine = make_routine(coach, exercises=make_exercises(3))
    first, second, third = routine.items.order_by("position")
    stale = RoutineItem.objects.get(pk=first.pk)  # session A opens the first item's dose

    services.routine_move_item(item=third, to_position=1)  # session B moves the third to the top
    for name, value in DOSE.items():
        setattr(stale, name, value)
    services.routine_save_item(item=stale)  # session A saves its dose

    order = list(routine.items.order_by("position").values_list("pk", flat=True))
    assert order == [third.pk, first.pk, second.pk]
    assert [place for _, place in positions(routine)] == [1, 2, 3]
    saved = RoutineItem.objects.get(pk=first.pk)
    assert (saved.sets_min, saved.sets_max, saved.coach_note) == tuple(DOSE.values())


@pytest.mark.django_db
def test_a_dose_saved_after_the_other_session_removed_the_item_does_not_bring_it_back(coach):
    routine = make_routine(coach, exercises=make_exercises(3))
    last = routine.items.get(position=3)
    stale = RoutineItem.objects.get(pk=last.pk)  # session A opens the last item's dose

    services.routine_remove_item(item=last)  # session B removes it
    stale.sets_max = 5
    with contextlib.suppress(ValidationError):
        services.routine_save_item(item=stale)  # session A saves its dose

    assert not RoutineItem.objects.filter(pk=last.pk).exists()
    assert [place for _, place in positions(routine)] == [1, 2]


@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL's row locks and two connections")
@pytest.mark.django_db(transaction=True)
def test_a_dose_saved_while_the_other_session_moves_items_does_not_deadlock(coach):
    routine = make_routine(coach, exercises=make_exercises(3))
    first, second, _ = routine.items.order_by("position")
    item_written = threading.Event()
    errors: list[BaseException] = []
    touch = services._touch

    def slow_touch(target):
        if threading.current_thread().name == "dose":
            item_written.set()
            time.sleep(0.5)  # the other session's move starts meanwhile
        touch(target)

    def save_dose():
        try:
            stale = RoutineItem.objects.get(pk=first.pk)
            stale.sets_max = 4
            services.routine_save_item(item=stale)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def move():
        try:
            item_written.wait(timeout=5)
            services.routine_move_item(item=second, to_position=1)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    with mock.patch.object(services, "_touch", slow_touch):
        threads = [threading.Thread(target=save_dose, name="dose"), threading.Thread(target=move)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    assert [place for _, place in positions(routine)] == [1, 2, 3]


@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="needs PostgreSQL's row locks; SQLite runs one write at a time (make soak covers it)",
)
@pytest.mark.django_db(transaction=True)
def test_two_sessions_adding_moving_and_removing_at_once_lose_nothing(coach):
    exercises = make_exercises(6)
    routine = make_routine(coach, exercises=exercises[:4])
    ledger = Ledger()
    ledger.seed(routine.pk, {item.pk: item.exercise.slug for item in routine.items.all()})
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def session(n: int) -> None:
        rng = random.Random(n)
        try:
            start.wait(timeout=10)
            for _ in range(25):
                known = ledger.items(routine.pk)
                roll = rng.random()
                if roll < 0.4 or len(known) < 3:
                    item = services.routine_add_item(
                        routine=routine, exercise=rng.choice(exercises)
                    )
                    ledger.add(routine.pk, item.pk, item.exercise.slug)
                    continue
                pk, _ = rng.choice(known)
                try:
                    item = RoutineItem.objects.select_related("routine").get(pk=pk)
                except RoutineItem.DoesNotExist:
                    ledger.forget(routine.pk, pk)  # the other session removed it
                    continue
                if roll < 0.75:
                    count = routine.items.count()
                    with contextlib.suppress(ValidationError):  # gone, or out of range
                        services.routine_move_item(item=item, to_position=rng.randint(1, count))
                else:
                    services.routine_remove_item(item=item)
                    ledger.remove(routine.pk, pk)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=session, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    present = set(routine.items.values_list("pk", flat=True))
    assert {pk for pk in ledger.added if pk not in ledger.removed} <= present
    assert not ledger.removed & present
    assert [place for _, place in positions(routine)] == list(range(1, len(present) + 1))


def test_the_soak_checks_every_dose_field_a_coach_can_set():
    from bench.soak import DOSE_FIELDS

    assert tuple(DOSE_FIELDS) == RoutineItem.DOSE_FIELDS


def test_the_soak_knows_the_daily_limit_of_a_link():
    from bench.soak import MAX_SESSIONS_PER_DAY, MAX_SIGN_ENTRIES_PAST_LIMIT
    from routines import services

    assert MAX_SESSIONS_PER_DAY == services.MAX_SESSIONS_PER_DAY
    assert MAX_SIGN_ENTRIES_PAST_LIMIT == services.MAX_SIGN_ENTRIES_PAST_LIMIT
