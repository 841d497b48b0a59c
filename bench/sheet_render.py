"""In-process CPU time of the printed sheet and the runner's shared page, cold (the fragment
cache emptied, the default cache's lookups warm, as in bench/measure.py) and warm, with their
queries; the home page first, to calibrate against a busy machine.

Run with a throwaway database (DEBUG=0, SECRET_KEY, ALLOWED_HOSTS=testserver, AXES_ENABLED=0,
DATABASE_URL, and SEED_JSON: where the seed's JSON is kept):

    python bench/sheet_render.py setup     # migrate, catalogue, bench/seed.py, a logged routine
    python bench/sheet_render.py [NAME..]  # pages whose name contains NAME; TIMES=31 repeats

The log's history page ("history 14", its htmx partial "history 14 htmx", "history 60") has
no cached fragment: its cold and warm figures are the same render.
"""

import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
SEED = Path(os.environ["SEED_JSON"])


def setup():
    py = sys.executable
    for cmd in (
        ["manage.py", "migrate", "-v0"],
        ["manage.py", "collectstatic", "--noinput", "-v0"],
        ["manage.py", "load_catalogue", "-v0"],
    ):
        subprocess.run([py, *cmd], check=True)
    out = subprocess.run([py, "bench/seed.py"], check=True, capture_output=True, text=True).stdout
    seeded = json.loads(out.strip().splitlines()[-1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hipcare.settings")
    import django

    django.setup()
    from django.utils import timezone

    from routines import services
    from routines.models import Routine

    # A third routine of 12 with a log: 14 sessions over the last weeks.
    base = Routine.objects.get(pk=seeded["routine12"])
    logged = services.routine_create(
        owner=base.owner,
        title="Logged routine",
        for_whom="L.R.",
        exercises=[i.exercise for i in base.items.all()],
    )
    Routine.objects.filter(pk=logged.pk).update(created=timezone.now() - timedelta(days=40))
    logged.refresh_from_db()
    seeded["tokenlog"] = services.routine_share(routine=logged)
    items = list(logged.items.all())
    today = timezone.localdate()
    for n in range(14):
        services.session_log(
            routine=logged,
            day=today - timedelta(days=2 * n + 1),
            pain=(n % 6),
            done=[(i.pk, "") for i in items[: 6 + n % 6]],
            note=f"note {n}",
        )
    SEED.write_text(json.dumps(seeded))
    print(seeded)


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hipcare.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    seeded = json.loads(SEED.read_text())
    anon, coach = Client(), Client()
    coach.force_login(get_user_model().objects.get(username=seeded["coach"]))
    pages = [
        ("home (calibration)", anon, "/"),
        ("shared 12", anon, f"/r/{seeded['token12']}/"),
        ("shared 12 logged", anon, f"/r/{seeded['tokenlog']}/"),
        ("shared 60", anon, f"/r/{seeded['token60']}/"),
        # bench/pages.py's logged pages (bench/seed.py's log: 14 and 60 sessions).
        ("shared log 14", anon, f"/r/{seeded['tokenlog14']}/"),
        ("shared log 60", anon, f"/r/{seeded['tokenlog60']}/"),
        # The log's history (chart, week table, entries), a page and its htmx partial.
        ("history 14", anon, f"/r/{seeded['tokenlog14']}/log/"),
        ("history 14 htmx", anon, f"/r/{seeded['tokenlog14']}/log/", {"HX-Request": "true"}),
        ("history 60", anon, f"/r/{seeded['tokenlog60']}/log/"),
        ("print 12", coach, f"/routines/{seeded['routine12']}/print/"),
        ("print 60", coach, f"/routines/{seeded['routine60']}/print/"),
    ]
    only = sys.argv[1:]
    times = int(os.environ.get("TIMES", "31"))
    for name, client, path, *headers in pages:
        if only and not any(o in name for o in only):
            continue
        get = partial(client.get, path, headers=headers[0] if headers else None)
        r = get()
        assert r.status_code == 200, (path, r.status_code)
        caches["fragments"].version = secrets.randbits(60)
        with CaptureQueriesContext(connection) as cold_q:
            r = get()
        cold_q = len(cold_q)
        with CaptureQueriesContext(connection) as warm_q:
            r = get()
        warm_q = len(warm_q)
        cold, warm = [], []
        for _ in range(times):
            caches["fragments"].version = secrets.randbits(60)
            t = time.process_time()
            get()
            cold.append((time.process_time() - t) * 1000)
        for _ in range(times * 3):
            t = time.process_time()
            get()
            warm.append((time.process_time() - t) * 1000)
        print(
            f"{name:18} cold {statistics.median(cold):6.2f} ms CPU"
            f"  warm {statistics.median(warm):5.2f} ms CPU"
            f"  queries {cold_q}/{warm_q}  {len(r.content) / 1024:.1f} KB"
        )


if __name__ == "__main__":
    setup() if sys.argv[1:2] == ["setup"] else main()
