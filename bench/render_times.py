"""What one request to each benchmark page costs in this process, cold and warm: the median CPU
and wall time of a full render (the fragment cache emptied first, the small lookups in
"default" warm: the first view after a change) and of a warm request (everything cached, as
a running server mostly answers), with the SQL queries of each. No gunicorn, no network: a
quick before/after figure for one page while working on it, on a shared machine (CPU time
leaves out waiting for the database and for other processes).

    python bench/render_times.py [--times N] [NAME ...]   # pages whose name contains NAME

Without DATABASE_URL it builds a throwaway SQLite database with the real catalogue and the
benchmark's routines (as bench/profile.py does). With DATABASE_URL set it migrates, loads the
catalogue into and seeds that database: give it one of your own, never a shared one.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    args = sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="hipcare-render-") as tmp:
        env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "render-" * 8}
        env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/render.sqlite3")
        env.update(ALLOWED_HOSTS="testserver", AXES_ENABLED="0", SECURE_SSL_REDIRECT="0")
        env.update(SESSION_CACHE_DIR=f"{tmp}/sessions")
        py = sys.executable
        run = {"cwd": ROOT, "env": env, "check": True}
        subprocess.run([py, "manage.py", "migrate", "-v0"], **run)
        subprocess.run([py, "manage.py", "collectstatic", "--noinput", "-v0"], **run)
        subprocess.run([py, "manage.py", "load_catalogue", "-v0"], **run)
        seeded = (
            subprocess.run([py, "bench/seed.py"], **run, capture_output=True, text=True)
            .stdout.strip()
            .splitlines()[-1]
        )
        subprocess.run([py, __file__, "--in-process", seeded, *args], **run)


def timed(send, times: int, *, before=None) -> tuple[float, float, float]:
    """Median CPU ms, median wall ms and least CPU ms of `send()`, each time after `before()`
    (on a busy machine the least is the steadier figure to compare)."""
    cpu, wall = [], []
    for _ in range(times):
        if before:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        send()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return statistics.median(cpu), statistics.median(wall), min(cpu)


def measure(seeded: dict, args: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hipcare.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.measure import empty_fragments
    from bench.pages import pages

    times = 30
    if args[:1] == ["--times"]:
        times, args = int(args[1]), args[2:]
    client, coach = Client(), Client()
    coach.force_login(get_user_model().objects.get(username=seeded["coach"]))
    print(f"database: {connection.vendor}; medians of {times} requests")
    print(
        f"{'page':<24} {'cold CPU':>9} {'cold wall':>9} {'warm CPU':>9} {'warm wall':>9}"
        f" {'least cold/warm CPU':>20}  queries"
    )
    for page in pages(seeded)[1:]:
        if args and not any(name in page.name for name in args):
            continue
        chosen = coach if page.coach else client
        send = chosen.post if page.method == "POST" else chosen.get
        kwargs = {"data": page.data} if page.method == "POST" else {}

        def request(send=send, page=page, kwargs=kwargs):
            response = send(page.path, **kwargs)
            assert response.status_code == 200, (page.path, response.status_code)

        request()  # warm the lookups
        empty_fragments()
        # Counted at once: the next request empties the connection's query log.
        with CaptureQueriesContext(connection) as queries:
            request()
        cold_queries = len(queries)
        with CaptureQueriesContext(connection) as queries:
            request()
        warm_queries = len(queries)
        cold = timed(request, times, before=empty_fragments)
        warm = timed(request, times)
        print(
            f"{page.name:<24} {cold[0]:>9.1f} {cold[1]:>9.1f} {warm[0]:>9.1f} {warm[1]:>9.1f}"
            f" {cold[2]:>13.1f} / {warm[2]:<4.1f}  {cold_queries} / {warm_queries}"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--in-process"]:
        measure(json.loads(sys.argv[2]), sys.argv[3:])
    else:
        main()
