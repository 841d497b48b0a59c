#!/usr/bin/env python3
"""HipCare fault test: the database goes away in the middle of traffic, then comes back.

For each scenario it starts gunicorn with production settings (bench/run.py's loopback
environment) on 127.0.0.1 and a fresh database, runs mixed traffic (soak.py's workers: catalogue,
symptom checker, a coach in two sessions editing a routine), breaks the database, and checks:

- while it is down: /healthz answers 503, and every page that needs the database answers 503
  with our page ("HipCare is briefly unavailable"), never a 500;
- once it is back: /healthz and the pages answer 200 again, from the same gunicorn processes
  (nothing restarted), and no request started after the recovery fails;
- afterwards: every write acknowledged before, during or after the outage is in the database and
  every routine's positions are 1..n.

Scenarios:

- SQLite, file unreadable: the file's header is overwritten in place (what every open
  connection sees at once), then written back. Production settings (persistent connections).
- SQLite, file gone: the file is moved away and a directory put in its place, then moved back.
  The server runs with CONN_MAX_AGE=0 here, so every request opens the file: a persistent
  connection keeps the moved file open and would not notice for up to CONN_MAX_AGE seconds.
- PostgreSQL, when DATABASE_URL points to one: the local cluster is stopped
  (pg_ctlcluster ... stop -m fast) and started again. This stops the machine's shared PostgreSQL
  for a few seconds; it is only done as root on a local cluster, and restarted in a `finally`.
  Otherwise (or with --postgres-fault proxy) the server reaches PostgreSQL through a TCP proxy
  on loopback that drops every connection and refuses new ones while "down".

    python bench/faults.py [--down-seconds 4] [--connections 8] [--no-sqlite] [--no-postgres]
                           [--postgres-fault auto|stop|proxy]
"""

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import Server, bench_env, log, postgres_url  # noqa: E402
from bench.soak import (  # noqa: E402
    COACH_PASSWORD,
    ITEM_ANCHOR,
    OUT,
    ROOT,
    TRIAGE_ANSWERS,
    Hit,
    Ledger,
    Session,
    Traffic,
    catalogue_of,
    check,
    fresh_postgres_database,
    log_summary,
    new_ledger,
    prepare,
    read_database,
    server_log,
)

OUR_503 = "HipCare is briefly unavailable"
DETECT_SECONDS = 15
RECOVER_SECONDS = 30
SQLITE_HEADER = 100


# Faults. Each has break_() and mend(); mend() must be safe to call twice.


class SqliteUnreadable:
    """Overwrite the SQLite file's header in place, so open connections fail at once."""

    name = "file unreadable (header overwritten in place)"
    short = "file unreadable"

    def __init__(self, path: Path):
        self.path = path
        self.header = b""

    def break_(self) -> None:
        # Under SQLite's exclusive lock, so no transaction is half-way through a write.
        with exclusive(self.path), self.path.open("r+b") as database:
            self.header = database.read(SQLITE_HEADER)
            database.seek(0)
            database.write(b"HipCare fault test: not a database. ".ljust(SQLITE_HEADER, b"x"))

    def mend(self) -> None:
        if self.header:
            with self.path.open("r+b") as database:
                database.write(self.header)
            self.header = b""


class SqliteGone:
    """Move the SQLite file away and put a directory in its place; then move it back."""

    name = "file gone (a directory in its place)"
    short = "file gone"

    def __init__(self, path: Path):
        self.path = path
        self.away = path.with_name(path.name + ".away")

    def break_(self) -> None:
        with exclusive(self.path):
            self.path.rename(self.away)
            self.path.mkdir()

    def mend(self) -> None:
        if self.away.exists():
            if self.path.is_dir():
                self.path.rmdir()
            self.away.rename(self.path)


class exclusive:  # noqa: N801 - used as a context manager, like open()
    """Hold SQLite's exclusive lock: waits for every reader and writer to finish."""

    def __init__(self, path: Path):
        import sqlite3

        self.connection = sqlite3.connect(path, timeout=30, isolation_level=None)

    def __enter__(self):
        self.connection.execute("BEGIN EXCLUSIVE")

    def __exit__(self, *exc):
        self.connection.execute("ROLLBACK")
        self.connection.close()


class TcpProxy:
    """A TCP proxy on 127.0.0.1 to the database. down() drops every connection and refuses new
    ones (they are accepted and closed at once); up() lets them through again."""

    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.is_down = False
        self.closed = False
        self.lock = threading.Lock()
        self.sockets: set[socket.socket] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    name = "connection cut (TCP proxy refuses and drops connections)"
    short = "connection cut"

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.is_down:
                client.close()
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets |= {client, server}
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                self._close(sock)

    def _close(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def break_(self) -> None:
        self.is_down = True
        with self.lock:
            open_sockets = list(self.sockets)
        for sock in open_sockets:
            self._close(sock)

    def mend(self) -> None:
        self.is_down = False

    def close(self) -> None:
        self.closed = True
        self.break_()
        self.listener.close()


@dataclass
class LocalCluster:
    """The local PostgreSQL cluster serving DATABASE_URL, stopped and started with
    pg_ctlcluster."""

    version: str
    cluster: str
    port: int
    name = "server stopped (pg_ctlcluster stop -m fast), then started"
    short = "server stopped"

    @classmethod
    def find(cls, url: str) -> "LocalCluster | None":
        parsed = urllib.parse.urlparse(url)
        if parsed.hostname not in (None, "", "127.0.0.1", "localhost", "::1"):
            return None
        if os.geteuid() != 0 or not shutil.which("pg_ctlcluster"):
            return None
        port = parsed.port or 5432
        listing = subprocess.run(
            ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=False
        ).stdout
        for line in listing.splitlines():
            version, cluster, cluster_port, status, *_ = line.split()
            if int(cluster_port) == port and status == "online":
                return cls(version, cluster, port)
        return None

    def _ctl(self, action: str, *extra: str) -> None:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.cluster, action]
            + list(extra),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                pass
        except OSError:
            return False
        result = subprocess.run(
            ["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)], check=False
        )
        return result.returncode == 0

    def break_(self) -> None:
        self._ctl("stop", "-m", "fast")

    def mend(self) -> None:
        deadline = time.monotonic() + 60
        while not self.ready():
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL {self.version}/{self.cluster} did not come back")
            with contextlib.suppress(subprocess.CalledProcessError):
                self._ctl("start")  # may fail while it is still starting: look again
            time.sleep(0.5)


# Looking at the server from outside.


@dataclass
class Look:
    page: str
    status: int
    our_page: bool


def look(anonymous: Session, coach: Session, seeded: dict, ledger: Ledger) -> list[Look]:
    """Every kind of page once: healthz, catalogue, exercise, symptom checker, builder, an add
    (recorded in the ledger when acknowledged)."""
    routine = seeded["coaches"][0]["routines"][0]["pk"]
    slug = sorted(seeded["exercises"])[0]
    requests: list[tuple[str, Session, str, str, dict | None]] = [
        ("/healthz", anonymous, "GET", "/healthz", None),
        ("catalogue", anonymous, "GET", "/exercises/?kind=strength", None),
        ("exercise page", anonymous, "GET", f"/exercises/{slug}/", None),
        ("symptom checker answer", anonymous, "POST", "/triage/", TRIAGE_ANSWERS),
        ("routine builder", coach, "GET", f"/routines/{routine}/", None),
        ("add to routine", coach, "POST", f"/routines/{routine}/items/", {"exercise": slug}),
    ]
    looks = []
    for page, session, method, path, data in requests:
        answer = session.request(f"look: {page}", method, path, data)
        if method == "POST" and session is coach:
            match = ITEM_ANCHOR.search(answer.location)
            if answer.status == 302 and match:
                ledger.add(routine, int(match.group(1)), slug)
            else:
                ledger.unknown()
        looks.append(Look(page, answer.status, OUR_503 in answer.body.decode(errors="replace")))
    return looks


def wait_for(url: str, status: int, seconds: float) -> float | None:
    """Seconds until /healthz answers `status`, or None when it never did."""
    import urllib.error
    import urllib.request

    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
                got = response.status
        except urllib.error.HTTPError as error:
            got = error.code
        except OSError:
            got = 0
        if got == status:
            return time.monotonic() - start
        time.sleep(0.1)
    return None


def worker_pids(master: int) -> set[int]:
    """gunicorn's worker processes: the children of its master."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.add(int(stat.parent.name))
    return children


@dataclass
class Outcome:
    label: str
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def expect(self, ok: bool, message: str) -> None:
        if not ok:
            self.failures.append(f"{self.label}: {message}")


def statuses(hits: list[Hit]) -> str:
    counts = Counter(hit.status for hit in hits)
    return ", ".join(f"{s or 'no answer'}×{n}" for s, n in sorted(counts.items())) or "none"


def scenario(
    label: str,
    env: dict,
    seeded: dict,
    fault,
    *,
    connections: int,
    down_seconds: float,
    ledger: Ledger | None = None,
) -> Outcome:
    """Traffic, break, look, mend, look, more traffic; then check what happened. Pass the
    ledger of an earlier scenario on the same database to carry on from it."""
    outcome = Outcome(f"{label}, {fault.short}")
    ledger = ledger or new_ledger(seeded)
    server_log_path = OUT / f"faults-{label.lower()}-{type(fault).__name__.lower()}.log"
    server_log_path.unlink(missing_ok=True)
    with server_log(server_log_path):
        server = Server(env)
    traffic = Traffic(server.port, catalogue_of(seeded), ledger, seeded["coaches"], connections)
    runner = threading.Thread(target=traffic.run, args=(300,), daemon=True)
    lookers: list[Hit] = []
    anonymous = Session(server.port, lookers, [])
    anonymous.anonymous()
    coach = Session(server.port, lookers, [])
    workers_before = worker_pids(server.process.pid)
    broken = mended = recovered = None
    try:
        coach.sign_in(seeded["coaches"][0]["username"], COACH_PASSWORD)
        runner.start()
        if not traffic.started.wait(timeout=60):
            raise RuntimeError("the traffic's coaches could not sign in")
        time.sleep(2)
        before = look(anonymous, coach, seeded, ledger)

        broken = time.monotonic()
        fault.break_()
        detected = wait_for(server.url, 503, DETECT_SECONDS)
        during = look(anonymous, coach, seeded, ledger)
        time.sleep(down_seconds)
        during += look(anonymous, coach, seeded, ledger)

        mended = time.monotonic()
        fault.mend()
        back = wait_for(server.url, 200, RECOVER_SECONDS)
        recovered = time.monotonic()
        after = look(anonymous, coach, seeded, ledger)
        time.sleep(2)
        after += look(anonymous, coach, seeded, ledger)
    finally:
        fault.mend()
        traffic.stop.set()
        runner.join(timeout=60)
        alive = server.process.poll() is None
        workers_after = worker_pids(server.process.pid)
        server.stop()

    database = read_database(env)
    failures, figures = check(ledger, database)
    for failure in failures:
        outcome.expect(False, failure)

    hits = traffic.hits
    phases = {
        "before the fault": [h for h in hits if h.at < broken],
        "database down": [h for h in hits if broken <= h.at - h.ms / 1000 and h.at < mended],
        "after recovery": [h for h in hits if h.at - h.ms / 1000 >= recovered],
    }
    outcome.expect(detected is not None, f"/healthz never said 503 within {DETECT_SECONDS} s")
    outcome.expect(back is not None, f"/healthz did not say 200 within {RECOVER_SECONDS} s")
    outcome.expect(alive, "gunicorn exited")
    outcome.expect(workers_before == workers_after, "gunicorn restarted its workers")
    for when, looks, wanted in (("before", before, 200), ("after", after, 200)):
        for seen in looks:
            ok = seen.status == wanted or (seen.page == "add to routine" and seen.status == 302)
            outcome.expect(ok, f"{when} the fault, {seen.page} answered {seen.status}")
    for seen in during:
        outcome.expect(
            seen.status == 503 and (seen.our_page or seen.page == "/healthz"),
            f"with the database down, {seen.page} answered {seen.status}"
            + ("" if seen.our_page or seen.status != 503 else " without our page"),
        )
    for when in ("before the fault", "after recovery"):
        bad = [h for h in phases[when] if h.status >= 500 or h.status == 0]
        outcome.expect(not bad, f"{when}: {len(bad)} requests failed ({statuses(bad)})")
    down_500 = [h for h in phases["database down"] if h.status not in (503,) and h.status >= 500]
    outcome.expect(not down_500, f"database down: {len(down_500)} answers were 5xx but not 503")

    def table(looks: list[Look]) -> str:
        return ", ".join(
            f"{seen.page} {seen.status}{' (our page)' if seen.our_page else ''}" for seen in looks
        )

    outcome.lines = [
        f"### {label}: {fault.name}",
        "",
        f"- /healthz said 503 {detected:.1f} s after the fault"
        if detected is not None
        else f"- /healthz never said 503 (waited {DETECT_SECONDS} s)",
        f"- /healthz said 200 {back:.1f} s after the database came back, no restart "
        f"(gunicorn {'still running' if alive else 'EXITED'}, workers "
        f"{'unchanged' if workers_before == workers_after else 'CHANGED'})"
        if back is not None
        else f"- /healthz did not say 200 within {RECOVER_SECONDS} s",
        f"- pages before: {table(before)}",
        f"- pages while down: {table(during[: len(during) // 2])}",
        f"- pages after: {table(after[: len(after) // 2])}",
        *(
            f"- traffic {when}: {len(hits)} requests, {statuses(hits)}"
            for when, hits in phases.items()
        ),
        f"- traffic in all: {len(hits)} requests; writes: "
        + ", ".join(f"{name} {n}" for name, n in sorted(ledger.outcomes.items())),
        "- database afterwards: " + ", ".join(f"{name} {n}" for name, n in figures.items()),
        f"- server log ({server_log_path.relative_to(ROOT)}): "
        + ("; ".join(log_summary(server_log_path)) or "empty"),
        "",
    ]
    return outcome


def with_conn_max_age(env: dict, seconds: int) -> dict:
    return {**env, "CONN_MAX_AGE": str(seconds)}


def sqlite_scenarios(args) -> list[Outcome]:
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="hipcare-faults-") as tmp:
        path = Path(tmp) / "faults.sqlite3"
        env = bench_env(f"sqlite:///{path}")
        log(f"== SQLite: preparing {path}")
        seeded = prepare(env, 1)
        ledger = new_ledger(seeded)  # one database for both scenarios
        for fault, server_env in (
            (SqliteUnreadable(path), env),
            (SqliteGone(path), with_conn_max_age(env, 0)),
        ):
            log(f"   {fault.name}")
            outcomes.append(
                scenario(
                    "SQLite",
                    server_env,
                    seeded,
                    fault,
                    connections=args.connections,
                    down_seconds=args.down_seconds,
                    ledger=ledger,
                )
            )
    return outcomes


def postgres_scenario(url: str, args) -> Outcome:
    database_url = fresh_postgres_database(url, "hipcare_faults")
    env = bench_env(database_url)
    log(f"== PostgreSQL: preparing {database_url}")
    seeded = prepare(env, 1)
    cluster = LocalCluster.find(url) if args.postgres_fault in ("auto", "stop") else None
    if args.postgres_fault == "stop" and not cluster:
        sys.exit("--postgres-fault stop needs root and a local cluster (pg_ctlcluster)")
    if cluster:
        log(f"   stopping PostgreSQL {cluster.version}/{cluster.cluster} for a few seconds")
        try:
            return scenario(
                "PostgreSQL",
                env,
                seeded,
                cluster,
                connections=args.connections,
                down_seconds=args.down_seconds,
            )
        finally:
            cluster.mend()
    log("   not root or not a local cluster: cutting the connection with a TCP proxy instead")
    parsed = urllib.parse.urlparse(database_url)
    proxy = TcpProxy(parsed.hostname or "127.0.0.1", parsed.port or 5432)
    netloc = parsed.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{proxy.port}"
    proxied = parsed._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) == 2 else host)
    try:
        return scenario(
            "PostgreSQL",
            bench_env(proxied.geturl()),
            seeded,
            proxy,
            connections=args.connections,
            down_seconds=args.down_seconds,
        )
    finally:
        proxy.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--down-seconds", type=float, default=4)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--postgres-fault", choices=["auto", "stop", "proxy"], default="auto")
    args = parser.parse_args()

    outcomes: list[Outcome] = []
    if not args.no_sqlite:
        outcomes += sqlite_scenarios(args)
    pg = postgres_url()
    if pg and not args.no_postgres:
        outcomes.append(postgres_scenario(pg, args))
    elif not args.no_postgres:
        log("DATABASE_URL does not point to PostgreSQL: PostgreSQL scenario not run")
    failures = [failure for outcome in outcomes for failure in outcome.failures]
    print("\n".join(["# HipCare faults", ""] + [line for o in outcomes for line in o.lines]))
    if failures:
        print("## Checks failed\n")
        print("\n".join(f"- {failure}" for failure in dict.fromkeys(failures)))
        return 1
    print("## All checks passed: 503 with our page while down, 200 again without a restart")
    return 0


if __name__ == "__main__":
    sys.exit(main())
