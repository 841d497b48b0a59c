#!/usr/bin/env python3
"""HipCare benchmark: every page's throughput against the /healthz floor, its SQL queries and
its weight, and how they change as the catalogue and routines grow.

It starts gunicorn with production settings (DEBUG=0, compressed static files, 2 workers) on
127.0.0.1 and a free port, on a fresh SQLite database with the real catalogue, and again on
PostgreSQL when DATABASE_URL points to one; loads each page with wrk for a fixed time and the
same connections, measuring the /healthz floor again before each page (three pairs in turn,
keeping the median ratio); prints one table per database, writes them to bench/results.md and
exits non-zero when a budget is missed. With REDIS_URL set (or --redis URL), PostgreSQL (or
SQLite without it) is measured once more with Redis backing the caches and sessions.

    python bench/run.py [--seconds 5] [--repeats 5] [--connections 8] [--no-postgres]
                        [--redis URL] [--output FILE] [--only NAME ...]

`--only NAME` (repeatable) measures under load only the pages whose name contains NAME, with
the /healthz floor, and the growth pairs whose pages match: a quicker before/after of a few
pages. Users served is then over those pages only.
"""

import argparse
import datetime
import gzip
import http.cookiejar
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import Page, growth_pages, pages  # noqa: E402

PY = sys.executable
WORKERS = 2

# The budgets (issue 14). Timing ratios come from wrk; the rest are exact.
# Requests/s over the /healthz floor's: an anonymous GET page, and the heavier pages (the
# triage answer, a coach's builder and printed sheet, and the runner's page with their log).
MIN_RATIO_ANONYMOUS = 0.3
MIN_RATIO_HEAVY = 0.15
MAX_P99_MS = 100.0  # at --connections (8)
MAX_RENDER_CPU_MS = 15.0  # a full render (fragments cold), CPU time in-process
MIN_USERS = 2000  # users at one page view each 10 s, every page's p99 (so p95) under 100 ms
VIEW_EVERY_S = 10
MAX_QUERIES = 6
MAX_FIRST_LOAD_BYTES = 120 * 1024
MAX_PARTIAL_BYTES = 15 * 1024
MAX_LATENCY_GROWTH = 1.5


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass
class Row:
    page: Page
    load: Load
    floor_rps: float  # /healthz's req/s, measured just before this page
    queries: int  # a full render's
    cached_queries: int  # a page-cache hit's (the same as queries for a page never cached)
    render_ms: float  # a full render, in-process (wall)
    render_cpu_ms: float  # the same, CPU time
    raw: int
    gzip: int
    first_load: int
    partial_gzip: int | None = None
    notes: list[str] = field(default_factory=list)


def min_ratio(page: Page) -> float:
    """The page's requests/s budget. A page for one person is held to MIN_RATIO_HEAVY: a
    coach's, the triage answer (a POST), and the runner's page showing their log, which holds
    their own health records and so can never be cached (README), exactly like the triage
    answer. The shared routine with nothing logged is an anonymous page (MIN_RATIO_ANONYMOUS)."""
    if page.coach or page.method == "POST" or page.runner_log:
        return MIN_RATIO_HEAVY
    return MIN_RATIO_ANONYMOUS


def users_served(rows: list["Row"]) -> float:
    """Users the box serves at one page view each VIEW_EVERY_S, each view any page with equal
    chance: the mixed load's requests/s (the harmonic mean of the pages' saturated req/s at
    --connections), times VIEW_EVERY_S. Counted only while every page's p99 (and so its p95)
    stays under MAX_P99_MS at that load; 0 otherwise."""
    measured = [row for row in rows[1:] if row.load.rps > 0]
    if not measured or any(row.load.p99_ms >= MAX_P99_MS for row in measured):
        return 0.0
    mixed_rps = len(measured) / sum(1 / row.load.rps for row in measured)
    return mixed_rps * VIEW_EVERY_S


def chosen(page: Page, only: list[str]) -> bool:
    """Whether --only asks for `page` (every page without --only)."""
    return not only or any(name in page.name for name in only)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is missing: installing Debian's wrk package...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
        found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is required: apt-get install wrk")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(database_url: str, redis_url: str = "", cache_dir: str = "") -> dict[str, str]:
    """Production settings, but plain HTTP on loopback (no TLS redirect, no secure cookies)."""
    skip = {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "CACHE_KEY_PREFIX", "SESSION_CACHE_DIR"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    if redis_url:
        env.update(REDIS_URL=redis_url, CACHE_KEY_PREFIX=f"hipcare-bench-{secrets.token_hex(4)}")
    if cache_dir:
        env["SESSION_CACHE_DIR"] = cache_dir
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOG_LEVEL="ERROR",
        AXES_ENABLED="0",  # the load test signs in once; throttling is not what is measured
    )
    return env


def run(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PY, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def prepare_database(env: dict) -> dict:
    run(env, "manage.py", "migrate", "--noinput", "-v0")
    run(env, "manage.py", "load_catalogue", "-v0")
    return json.loads(run(env, "bench/seed.py").strip().splitlines()[-1])


class Server:
    """gunicorn with production settings, on loopback only."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                PY,
                "-m",
                "gunicorn",
                "hipcare.wsgi",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz within 30 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def sign_in(server: Server, username: str, password: str) -> str:
    """The Cookie header of a signed-in coach session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(server.url + "/accounts/login/", timeout=10).read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    opener.open(server.url + "/accounts/login/", data=body, timeout=10).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError("the benchmark coach could not sign in")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


LATENCY = re.compile(r"^\s*(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(
    wrk_path: str,
    url: str,
    *,
    seconds: int,
    connections: int,
    headers: dict[str, str],
    method: str = "GET",
    body: str = "",
) -> Load:
    script = None
    args = [wrk_path, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    if method == "POST":
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(
                f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n'
                'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            )
        args += ["-s", script.name]
    try:
        output = subprocess.run(args + [url], check=True, capture_output=True, text=True).stdout
    finally:
        if script:
            os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latencies = {pct: float(value) * UNIT_MS[unit] for pct, value, unit in LATENCY.findall(output)}
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(n) for n in match.groups())
    return Load(
        rps=rps, p50_ms=latencies.get("50", 0.0), p99_ms=latencies.get("99", 0.0), errors=errors
    )


STATIC_REF = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"')


def first_load_bytes(server: Server, page: Page, cookie: str, csrf: str) -> int:
    """HTML (gzipped) plus every stylesheet and script it references, as served compressed."""
    headers = {"Accept-Encoding": "gzip", "Cookie": cookie}
    data = page.body(csrf).encode() if page.method == "POST" else None
    request = urllib.request.Request(server.url + page.path, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
        html = gzip.decompress(raw) if response.headers.get("Content-Encoding") == "gzip" else raw
    total = len(gzip.compress(html, compresslevel=6))
    for asset in set(STATIC_REF.findall(html.decode())):
        asset_request = urllib.request.Request(server.url + asset, headers=headers)
        with urllib.request.urlopen(asset_request, timeout=10) as response:
            total += len(response.read())
    return total


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.node()}: {os.cpu_count()} cores ({cpu}){memory}, {platform.platform()}"


def bench_database(
    label: str, database_url: str, args, wrk_path: str, *, redis_url: str = ""
) -> tuple[str, list[str]]:
    log(f"== {label}: preparing {database_url}")
    cache_dir = tempfile.mkdtemp(prefix="hipcare-bench-sessions-")
    env = bench_env(database_url, redis_url, cache_dir)
    run(env, "manage.py", "collectstatic", "--noinput", "-v0")
    seeded = prepare_database(env)
    failures: list[str] = []
    measured = json.loads(run(env, "bench/measure.py", json.dumps(seeded)).strip().splitlines()[-1])

    csrf = secrets.token_hex(16)  # a fixed 32-character secret, sent as cookie and form field
    server = Server(env)
    try:
        coach_cookie = sign_in(server, seeded["coach"], seeded["password"])

        def headers_for(page: Page) -> tuple[dict[str, str], str]:
            cookie = f"csrftoken={csrf}" + (f"; {coach_cookie}" if page.coach else "")
            return {"Cookie": cookie}, cookie

        def load(page: Page) -> Load:
            headers, _ = headers_for(page)
            log(f"   wrk {page.method} {page.path}")
            return wrk(
                wrk_path,
                server.url + page.path,
                seconds=args.seconds,
                connections=args.connections,
                headers=headers,
                method=page.method,
                body=page.body(csrf),
            )

        rows: list[Row] = []
        all_pages = pages(seeded)
        floor_page = all_pages[0]
        loaded = [floor_page, *(page for page in all_pages[1:] if chosen(page, args.only))]

        def paired(page: Page) -> tuple[Load, float]:
            """The page against the floor, measured in turn `--repeats` times: the load whose
            ratio to the floor just before it is the median, and that floor's req/s. One pair
            can be off by a tenth either way on a shared virtual machine."""
            pairs = []
            for _ in range(args.repeats):
                floor_rps = load(floor_page).rps
                pairs.append((load(page), floor_rps))
            pairs.sort(key=lambda pair: pair[0].rps / pair[1] if pair[1] else 0)
            return pairs[len(pairs) // 2]

        for page in loaded:
            key = f"{page.method} {page.path}"
            m = measured[key]
            _, cookie = headers_for(page)
            # The floor is measured again just before each page, and the page's ratio is to
            # that: the machine drifts over a run of minutes (other processes, the database's
            # own work), and a floor from the start of the run would carry the drift into
            # every later page's ratio.
            if page is floor_page:
                page_load = load(page)
                floor_rps = page_load.rps
            else:
                page_load, floor_rps = paired(page)
            row = Row(
                page=page,
                load=page_load,
                floor_rps=floor_rps,
                queries=m["queries"],
                cached_queries=m["cached_queries"],
                render_ms=m["render_ms"],
                render_cpu_ms=m["render_cpu_ms"],
                raw=m["raw"],
                gzip=m["gzip"],
                first_load=first_load_bytes(server, page, cookie, csrf),
                partial_gzip=m.get("partial", {}).get("gzip"),
            )
            if m["status"] != 200:
                row.notes.append(f"status {m['status']}")
            rows.append(row)

        for row in rows:
            ratio = row.load.rps / row.floor_rps if row.floor_rps else 0
            name = row.page.name
            if row.load.errors:
                failures.append(f"{label}: {name}: {row.load.errors} errors or non-2xx/3xx")
            if row is not rows[0] and ratio < min_ratio(row.page):
                failures.append(
                    f"{label}: {name}: {ratio:.2f}x the floor's requests/s "
                    f"(budget {min_ratio(row.page)}x)"
                )
            if row.load.p99_ms >= MAX_P99_MS:
                failures.append(f"{label}: {name}: p99 {row.load.p99_ms:.0f} ms")
            if row is not rows[0] and row.render_cpu_ms >= MAX_RENDER_CPU_MS:
                failures.append(
                    f"{label}: {name}: full render {row.render_cpu_ms:.1f} ms of CPU "
                    f"(budget {MAX_RENDER_CPU_MS:.0f})"
                )
            if row.queries > MAX_QUERIES:
                failures.append(f"{label}: {name}: {row.queries} queries (budget {MAX_QUERIES})")
            if row.first_load > MAX_FIRST_LOAD_BYTES:
                failures.append(f"{label}: {name}: first load {row.first_load / 1024:.1f} KB")
            if row.partial_gzip and row.partial_gzip > MAX_PARTIAL_BYTES:
                failures.append(f"{label}: {name}: htmx partial {row.partial_gzip / 1024:.1f} KB")
            if row.notes:
                failures.append(f"{label}: {name}: {', '.join(row.notes)}")

        # Growth: the same pages again with 5,000 more exercises (and 60 vs 12 items).
        pairs = [pair for pair in growth_pages(seeded) if chosen(pair[0], args.only)]
        small_loads = {id(small): load(small) for small, _ in pairs}
        small_measured = {id(small): measured[f"{small.method} {small.path}"] for small, _ in pairs}
        log(f"   adding {args.extra_exercises} generated exercises")
        run(env, "bench/seed.py", "--extra-exercises", str(args.extra_exercises))
        measured_large = json.loads(
            run(env, "bench/measure.py", json.dumps(seeded)).strip().splitlines()[-1]
        )
        # Every page's queries, with the real catalogue and with 5,000 more exercises.
        for page in loaded:
            key = f"{page.method} {page.path}"
            if measured_large[key]["queries"] != measured[key]["queries"]:
                failures.append(
                    f"{label}: {page.name}: queries grew {measured[key]['queries']} → "
                    f"{measured_large[key]['queries']} with 5,000 more exercises"
                )
        users = users_served(rows)
        if users < MIN_USERS:
            failures.append(f"{label}: serves {users:,.0f} users (budget {MIN_USERS:,})")
        growth_lines = []
        for small, large in pairs:
            large_load = load(large)
            small_load = small_loads[id(small)]
            m_small = small_measured[id(small)]
            m_large = measured_large[f"{large.method} {large.path}"]
            q_small, q_large = m_small["queries"], m_large["queries"]
            growth = large_load.p50_ms / small_load.p50_ms if small_load.p50_ms else 0
            small_ms, large_ms = m_small["render_ms"], m_large["render_ms"]
            render_growth = large_ms / small_ms if small_ms else 0
            growth_lines.append(
                f"| {small.name} → {large.name if large.name != small.name else small.name + ', 5,000 more exercises'} "  # noqa: E501
                f"| {q_small} → {q_large} | {small_load.p50_ms:.1f} → {large_load.p50_ms:.1f} "
                f"| {growth:.2f}x | {small_load.rps:.0f} → {large_load.rps:.0f} "
                f"| {small_ms:.1f} → {large_ms:.1f} ({render_growth:.2f}x) |"
            )
            if q_large != q_small:
                failures.append(f"{label}: {large.name}: queries grew {q_small} → {q_large}")
            if growth > MAX_LATENCY_GROWTH:
                failures.append(f"{label}: {large.name}: p50 latency grew {growth:.2f}x")
    finally:
        server.stop()
        shutil.rmtree(cache_dir, ignore_errors=True)

    lines = [
        f"### {label}",
        "",
        f"wrk: {args.connections} connections, 1 thread, {args.seconds} s per measurement, "
        f"each page paired with the floor {args.repeats} times (median ratio kept); gunicorn "
        f"{WORKERS} workers, DEBUG=0.",
        "",
        "Floor req/s: /healthz measured again just before the page; × floor is the page's "
        "req/s over that, the median of the pairs. "
        "Queries: a full render's, then (after the slash) with its cached fragments warm. Full "
        "render: the median time of one request with the fragment cache emptied first, "
        "in-process (Django's test client; no network, no gunicorn), which is what the first "
        "view after a change costs: wall time, and (CPU) this process's CPU time.",
        "",
        f"**Users served** (one page view each {VIEW_EVERY_S} s, any page with equal chance, "
        f"every page's p99 under {MAX_P99_MS:.0f} ms at {args.connections} connections): "
        f"**{users:,.0f}**.",
        "",
        "| page | req/s | p50 ms | p99 ms | floor req/s | × floor (budget) | queries "
        "| full render ms | full render CPU ms | HTML raw | HTML gzip | first load gzip "
        "| htmx partial gzip |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ratio = row.load.rps / row.floor_rps if row.floor_rps else 0
        partial = f"{row.partial_gzip / 1024:.1f} KB" if row.partial_gzip else ""
        lines.append(
            f"| {row.page.name} | {row.load.rps:.0f} | {row.load.p50_ms:.1f} "
            f"| {row.load.p99_ms:.1f} | {row.floor_rps:.0f} "
            f"| {ratio:.2f}{'' if row is rows[0] else f' ({min_ratio(row.page)})'} "
            f"| {row.queries} / {row.cached_queries} "
            f"| {row.render_ms:.1f} | {row.render_cpu_ms:.1f} | {row.raw / 1024:.1f} KB "
            f"| {row.gzip / 1024:.1f} KB | {row.first_load / 1024:.1f} KB | {partial} |"
        )
    lines += [
        "",
        f"Growth (real catalogue → {args.extra_exercises:,} more generated exercises; "
        "routine of 12 → 60 items):",
        "",
        "| page | queries | p50 ms | p50 growth | req/s | full render ms |",
        "|---|---|---|---:|---|---|",
        *growth_lines,
        "",
    ]
    return "\n".join(lines), failures


def finish_report(report: str, failures: list[str], output: str) -> int:
    """Add the budget verdict, write the report, print it; the exit status for main()."""
    verdict = ["## Budgets missed" if failures else "## All budgets met", ""]
    report = "\n".join([report, *verdict, *(f"- {failure}" for failure in failures), ""])
    Path(output).write_text(report)
    print(report)
    return 1 if failures else 0


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def fresh_postgres_database(url: str) -> str:
    """A new, empty database on the same server, so the run starts from nothing."""
    import psycopg

    parsed = urllib.parse.urlparse(url)
    # Named after the database in the URL, so people sharing a server do not drop each other's.
    name = f"{parsed.path.lstrip('/') or 'hipcare'}_bench"
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return parsed._replace(path=f"/{name}").geturl()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per measurement")
    parser.add_argument(
        "--repeats", type=int, default=5, help="floor/page pairs per page (the median is kept)"
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--extra-exercises", type=int, default=5000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--redis",
        default=os.environ.get("REDIS_URL", ""),
        help="also measure with Redis backing the caches and sessions (default: $REDIS_URL)",
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="load only the pages whose name contains NAME (repeatable), with the floor",
    )
    args = parser.parse_args()
    wrk_path = ensure_wrk()

    sections, failures = [], []
    with tempfile.TemporaryDirectory(prefix="hipcare-bench-") as tmp:
        text, failed = bench_database("SQLite", f"sqlite:///{tmp}/bench.sqlite3", args, wrk_path)
        sections.append(text)
        failures += failed
    pg = postgres_url()
    if pg and not args.no_postgres:
        text, failed = bench_database("PostgreSQL", fresh_postgres_database(pg), args, wrk_path)
        sections.append(text)
        failures += failed
    if args.redis:
        with tempfile.TemporaryDirectory(prefix="hipcare-bench-") as tmp:
            if pg and not args.no_postgres:
                label, url = "PostgreSQL + Redis", fresh_postgres_database(pg)
            else:
                label, url = "SQLite + Redis", f"sqlite:///{tmp}/bench.sqlite3"
            text, failed = bench_database(label, url, args, wrk_path, redis_url=args.redis)
        sections.append(text)
        failures += failed

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    report = "\n".join(
        [
            "# HipCare benchmark results",
            "",
            f"- When: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, commit {commit}",
            f"- Machine: {machine()}",
            f"- Command: `make bench` (python bench/run.py --seconds {args.seconds} "
            f"--repeats {args.repeats} --connections {args.connections}"
            f"{''.join(f' --only {name!r}' for name in args.only)})",
            f"- Budgets: anonymous GET pages ≥ {MIN_RATIO_ANONYMOUS}× the /healthz floor's "
            f"req/s, the triage answer, a coach's builder and print view and the runner's page "
            f"with their log ≥ {MIN_RATIO_HEAVY}×; p99 < {MAX_P99_MS:.0f} ms at "
            f"{args.connections} connections; a "
            f"full render < {MAX_RENDER_CPU_MS:.0f} ms of CPU; ≥ {MIN_USERS:,} users served; ≤ "
            f"{MAX_QUERIES} SQL queries, unchanged as data grows; first load < "
            f"{MAX_FIRST_LOAD_BYTES // 1024} KB and htmx partials < {MAX_PARTIAL_BYTES // 1024} KB "
            f"compressed; p50 latency growth ≤ {MAX_LATENCY_GROWTH}×.",
            "",
            *sections,
        ]
    )
    return finish_report(report, failures, args.output)


if __name__ == "__main__":
    sys.exit(main())
