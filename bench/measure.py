"""In-process measurement of each benchmark page: SQL queries and response size, and the time
of a full render (the fragment cache emptied first, the small lookups still warm), which is
what a page costs when its cached fragments are cold: the first view after a change. The
render is timed twice: wall time, and CPU time of this process (time.process_time, which
leaves out waiting for the database and for other processes on a shared machine).

Run with the benchmark's environment and the seed's JSON as the only argument. Prints a JSON
object keyed by page path+method on the last line.
"""

import gzip
import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hipcare.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.pages import growth_pages, pages  # noqa: E402


def empty_fragments() -> None:
    """Every cached fragment misses from now on (a new, random key version: Redis outlives this
    process, so counting up from 1 again would meet the last run's entries); the other caches
    keep what a running server has in them. Redis's clear() would empty its whole database."""
    caches["fragments"].version = secrets.randbits(60)


def measure(client: Client, coach_client: Client, page, *, htmx: bool = False) -> dict:
    chosen = coach_client if page.coach else client
    headers = {"HX-Request": "true"} if htmx else {}
    request = chosen.post if page.method == "POST" else chosen.get
    kwargs = {"data": page.data} if page.method == "POST" else {}
    request(page.path, headers=headers, **kwargs)  # warm caches, as a running server has them
    # Count the queries of a full render, not of a cached fragment's.
    empty_fragments()
    with CaptureQueriesContext(connection) as queries:
        response = request(page.path, headers=headers, **kwargs)
    body = response.content
    with CaptureQueriesContext(connection) as cached_queries:
        request(page.path, headers=headers, **kwargs)
    return {
        "status": response.status_code,
        "queries": len(queries),
        "cached_queries": len(cached_queries),
        "raw": len(body),
        "gzip": len(gzip.compress(body, compresslevel=6)),
        **full_render_ms(lambda: request(page.path, headers=headers, **kwargs)),
    }


def full_render_ms(send, times: int = 15) -> dict[str, float]:
    """Median wall and CPU time of a request with the fragment cache emptied first (Django's
    test client, in this process: no network, no gunicorn)."""
    wall, cpu = [], []
    for _ in range(times):
        empty_fragments()
        start, start_cpu = time.perf_counter(), time.process_time()
        send()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return {"render_ms": statistics.median(wall), "render_cpu_ms": statistics.median(cpu)}


def main() -> None:
    seeded = json.loads(sys.argv[1])
    client = Client()
    coach_client = Client()
    coach_client.force_login(get_user_model().objects.get(username=seeded["coach"]))
    results = {}
    for page in pages(seeded):
        key = f"{page.method} {page.path}"
        results[key] = measure(client, coach_client, page)
        if page.htmx:
            results[key]["partial"] = measure(client, coach_client, page, htmx=True)
    for small, large in growth_pages(seeded):
        for page in (small, large):
            results.setdefault(f"{page.method} {page.path}", measure(client, coach_client, page))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
