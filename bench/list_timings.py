"""The coach's routine list as the coach's routines grow: milliseconds per request (wall and
CPU) through Django's test client, in-process, for a coach with 15, 60 and 120 shared routines,
each with a runner's log of 14-40 entries over six weeks (some with warning signs, some logged
later for an earlier day, some stops marked seen, a few deleted).

    python bench/list_timings.py                      # SQLite (a throwaway database)
    python bench/list_timings.py postgres://postgres@127.0.0.1:5432/hipcare_x   # and that DB
    python bench/list_timings.py --no-sqlite postgres://...   # that DB only
    DATABASE_URL=... python bench/list_timings.py --in-process sqlite --reuse
        # a database filled by an earlier run (a copy: it deletes routines), largest first

The PostgreSQL database is migrated and filled with the coach's routines (it is not dropped).
Each size prints, over REQUESTS requests after WARM warm ones: the full page warm (every cache
as a running server has it), a full render (the fragment cache emptied first, as issue 14's
budget of 15 ms CPU is read), and the list's summary alone (views._needing_a_look, no
template), with how many times the log was judged per request.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = (15, 60, 120)
WARM = 5
REQUESTS = int(os.environ.get("LIST_REQUESTS", "60"))
COACH = "list-bench-coach"


def main() -> None:
    urls = [arg for arg in sys.argv[1:] if arg != "--no-sqlite"]
    with tempfile.TemporaryDirectory(prefix="hipcare-list-") as tmp:
        sqlite = [] if "--no-sqlite" in sys.argv else [f"sqlite:///{tmp}/list.sqlite3"]
        for url in [*sqlite, *urls]:
            env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "LOG_LEVEL": "ERROR"}
            env.update(SECRET_KEY="list-bench-" * 5, ALLOWED_HOSTS="testserver", AXES_ENABLED="0")
            env.update(SECURE_SSL_REDIRECT="0", SESSION_CACHE_DIR=f"{tmp}/sessions")
            env.pop("REDIS_URL", None)
            py = sys.executable
            run = {"cwd": ROOT, "env": env, "check": True}
            subprocess.run([py, "manage.py", "migrate", "-v0"], **run)
            subprocess.run([py, "manage.py", "collectstatic", "--noinput", "-v0"], **run)
            subprocess.run([py, "manage.py", "load_catalogue", "-v0"], **run)
            subprocess.run([py, "-u", __file__, "--in-process", url.split(":")[0]], **run)


def log_routine(routine, n: int, *, today, now) -> None:
    """A runner's log on `routine` (the `n`th): 14-40 entries over the last six weeks, pain
    mostly low with bad days, a warning sign on some, one logged today for an earlier day
    on some, a stop marked seen on some, an entry deleted on some."""
    from datetime import timedelta

    from routines import services
    from routines.models import SessionLog

    items = list(routine.items.order_by("position").values_list("pk", flat=True))
    count = 14 + (n * 7) % 27
    signs = ("", "", "limp", "", "night_or_rest_pain", "", "red_or_warm", "", "", "numbness")
    logged = []
    for k in range(count):
        back = 1 + (count - 1 - k) * 41 // count  # oldest first, the newest yesterday
        sign = signs[(n + k) % len(signs)] if k >= count - 3 and n % 3 == 0 else ""
        session = services.session_log(
            routine=routine,
            day=today - timedelta(days=back),
            pain=(2, 3, 1, 4, 2, 5, 3, 6, 2, 8)[(n + k) % 10] if n % 4 else (1, 2, 3)[k % 3],
            done=[(pk, "") for pk in items[: 2 + k % 3]],
            morning=("better", "same", "", "worse", "same")[k % 5],
            warning_signs=[sign] if sign else [],
        )
        logged.append(session)
        if not (k == count - 4 and n % 5 == 1):  # else logged today for an earlier day
            SessionLog.objects.filter(pk=session.pk).update(created=now - timedelta(days=back))
    if n % 7 == 2:
        stop = SessionLog.objects.filter(routine=routine, told_advice="stop").last()
        if stop is not None:
            services.session_mark_seen(routine=routine, session_pk=stop.pk)
    if n % 11 == 3:
        services.session_delete(session=SessionLog.objects.get(pk=logged[-2].pk))


def seed(user, start: int, stop: int) -> None:
    """Routines `start` to `stop` of `user`'s, shared, made seven weeks ago, with logs."""
    import itertools
    from datetime import timedelta

    from django.utils import timezone

    from exercises.models import Exercise
    from routines import services
    from routines.models import Routine

    now, today = timezone.now(), timezone.localdate()
    published = list(Exercise.objects.published().order_by("slug")[:20])
    cycle = itertools.cycle(published)
    for n in range(start, stop):
        routine = services.routine_create(
            owner=user, title=f"Runner {n:03d}", exercises=[next(cycle) for _ in range(5)]
        )
        Routine.objects.filter(pk=routine.pk).update(created=now - timedelta(weeks=7))
        routine.refresh_from_db()
        services.routine_share(routine=routine)
        log_routine(routine, n, today=today, now=now)


def timed(send, times: int, *, cold: bool = False) -> dict:
    from bench.measure import empty_fragments

    for _ in range(WARM):
        send()
    wall, cpu = [], []
    for _ in range(times):
        if cold:
            empty_fragments()
        start, start_cpu = time.perf_counter(), time.process_time()
        send()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    wall.sort()
    return {
        "cpu_min": min(cpu),
        "cpu_med": statistics.median(cpu),
        "wall_med": statistics.median(wall),
        "wall_p99": wall[min(len(wall) - 1, round(0.99 * (len(wall) - 1)))],
    }


def measure(backend: str, *, reuse: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hipcare.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.urls import reverse

    from hipcare.auth import COACHES_GROUP
    from routines import session_views, views
    from routines.models import Routine

    user, _ = get_user_model().objects.get_or_create(username=COACH)
    user.groups.add(Group.objects.get(name=COACHES_GROUP))
    if not reuse:
        Routine.objects.filter(owner=user).delete()
    client = Client()
    client.force_login(user)
    url = reverse("routines:list")
    judged = 0
    judge_log = session_views.judge_log

    def counting(*args, **kwargs):
        nonlocal judged
        judged += 1
        return judge_log(*args, **kwargs)

    def send():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    have = 0
    print(f"== {backend}: the coach's list, {REQUESTS} requests after {WARM} warm, ms")
    print(
        "routines  need-look  page warm cpu min/med  wall med/p99 | full render cpu med"
        " | summary alone cpu med | judge_log/request"
    )
    for size in sorted(SIZES, reverse=True) if reuse else SIZES:
        if reuse:
            for routine in Routine.objects.filter(owner=user).order_by("title")[size:]:
                routine.delete()
        else:
            seed(user, have, size)
            have = size
        warm = timed(send, REQUESTS)
        cold = timed(send, REQUESTS, cold=True)
        alone = timed(lambda: views._needing_a_look(user), REQUESTS)
        judged = 0
        session_views.judge_log = counting
        try:
            need = len(views._needing_a_look(user))
            judged = 0
            send()
        finally:
            session_views.judge_log = judge_log
        print(
            f"{size:8d}  {need:9d}  {warm['cpu_min']:6.1f} / {warm['cpu_med']:6.1f}"
            f"     {warm['wall_med']:6.1f} / {warm['wall_p99']:6.1f}"
            f" | {cold['cpu_med']:6.1f} | {alone['cpu_med']:6.1f} | {judged}"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--in-process"]:
        measure(sys.argv[2], reuse="--reuse" in sys.argv)
    else:
        main()
