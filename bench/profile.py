"""Where a full render's time goes, page by page: pyinstrument's profile of one request with
the fragment cache emptied first (the small lookups warm, as on a running server).

    python bench/profile.py [NAME ...]   # pages whose name contains NAME; all without one

Builds a throwaway SQLite database with the real catalogue and the benchmark's routines, and
prints one call tree per page (pyinstrument is in the test extra).
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    names = sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="hipcare-profile-") as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/profile.sqlite3", "DEBUG": "0"}
        env.update(SECRET_KEY="profile-" * 8, ALLOWED_HOSTS="testserver", AXES_ENABLED="0")
        env.update(SECURE_SSL_REDIRECT="0", SESSION_CACHE_DIR=f"{tmp}/sessions")
        env.pop("REDIS_URL", None)
        py = sys.executable
        run = {"cwd": ROOT, "env": env, "check": True}
        subprocess.run([py, "manage.py", "migrate", "-v0"], **run)
        subprocess.run([py, "manage.py", "collectstatic", "--noinput", "-v0"], **run)
        subprocess.run([py, "manage.py", "load_catalogue", "-v0"], **run)
        seeded = subprocess.run(
            [py, "bench/seed.py"], **run, capture_output=True, text=True
        ).stdout.strip().splitlines()[-1]
        subprocess.run([py, __file__, "--in-process", seeded, *names], **run)


def profile(seeded: dict, names: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hipcare.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from pyinstrument import Profiler

    from bench.measure import empty_fragments
    from bench.pages import pages

    client, coach = Client(), Client()
    coach.force_login(get_user_model().objects.get(username=seeded["coach"]))
    for page in pages(seeded)[1:]:
        if names and not any(name in page.name for name in names):
            continue
        chosen = coach if page.coach else client
        send = chosen.post if page.method == "POST" else chosen.get
        kwargs = {"data": page.data} if page.method == "POST" else {}
        send(page.path, **kwargs)  # warm the lookups
        profiler = Profiler(interval=0.0002)
        for _ in range(20):
            empty_fragments()
            with profiler:
                send(page.path, **kwargs)
        print(f"===== {page.name}: 20 full renders")
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--in-process"]:
        profile(json.loads(sys.argv[2]), sys.argv[3:])
    else:
        main()
