"""CPU per request, in-process, for the benchmark's pages: a full render (the fragment cache
emptied first, the small lookups warm, as bench/measure.py) and a warm repeat (every cache
warm), with the SQL queries of each. For before/after comparisons on a busy machine: the
minimum of many runs moves least with what else the machine is doing.

Run with the benchmark's environment (see bench/run.py's bench_env; a database prepared by
its prepare_database) and the seed's JSON:

    python bench/cpu.py "$(python bench/seed.py | tail -1)" [NAME ...]
"""

import json
import os
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
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.measure import empty_fragments  # noqa: E402
from bench.pages import pages  # noqa: E402


def cpu_ms(send, times: int, *, cold: bool) -> tuple[float, float]:
    """(minimum, median) CPU milliseconds of `times` requests."""
    spent = []
    for _ in range(times):
        if cold:
            empty_fragments()
        start = time.process_time()
        send()
        spent.append((time.process_time() - start) * 1000)
    return min(spent), statistics.median(spent)


def queries(send) -> int:
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        send()
    return len(captured)


def main() -> None:
    seeded, names = json.loads(sys.argv[1]), sys.argv[2:]
    client, coach = Client(), Client()
    coach.force_login(get_user_model().objects.get(username=seeded["coach"]))
    for page in pages(seeded):
        if names and not any(name in page.name for name in names):
            continue
        chosen = coach if page.coach else client
        for htmx in (False, True) if page.htmx else (False,):
            headers = {"HX-Request": "true"} if htmx else {}
            if page.method == "POST":

                def send(chosen=chosen, page=page, headers=headers):
                    return chosen.post(page.path, data=page.data, headers=headers)
            else:

                def send(chosen=chosen, page=page, headers=headers):
                    return chosen.get(page.path, headers=headers)

            send()
            empty_fragments()
            cold_queries, warm_queries = queries(send), queries(send)
            full, warm = cpu_ms(send, 25, cold=True), cpu_ms(send, 300, cold=False)
            print(
                f"{page.name + (' (htmx)' if htmx else ''):28} queries {cold_queries}/"
                f"{warm_queries}  full render min {full[0]:5.2f} med {full[1]:5.2f} ms  "
                f"warm min {warm[0]:5.2f} med {warm[1]:5.2f} ms"
            )


if __name__ == "__main__":
    main()
