#!/usr/bin/env python3
"""How close each page's deepest template loops sit to CPython 3.11's data-stack chunk edge,
under the production server (gunicorn's sync worker, as the README runs it).

CPython 3.11 keeps Python frames on a per-thread stack of 16 KiB chunks. A call that does
not fit in the current chunk maps a new one (mmap), and returning below it unmaps it again
(munmap), so a loop that calls across that edge maps, zero-fills and unmaps 16 KiB on every
call (python/cpython#142183; fixed in 3.13 and 3.14 by caching a chunk, not in 3.11). Django's
middleware and nested templates put a page's inner loops about a hundred frames deep, near
the first edge: on 2026-11-30 the log's history page made 699 such mmap calls per request
there, which doubled its CPU in the worker (17 ms for an 8.5 ms render in process).

For each benchmarked page this adds 0, 1, 2, ... frames (each about as big as a middleware
layer) under the WSGI application and counts the worker's mmap calls per request with strace.
Column 0 is the page as served (under one frame of this module's); the first column with
calls is the page's margin, in frames (a template change that nests a loop deeper eats into
it). No budget: it explains a page slower in gunicorn than in process (bench/cpu.py).

    python bench/stack.py [--frames 16] [NAME ...]   # pages whose name contains NAME

Needs strace (Debian's package; installed when missing and running as root).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REQUESTS = 4  # per page and depth, after two that warm the worker


def _deeper(frames: int, environ, start_response):
    if frames > 1:
        return _deeper(frames - 1, environ, start_response)
    from hipcare.wsgi import application as django_application

    return django_application(environ, start_response)


def application(environ, start_response):
    """hipcare.wsgi's application under X-Depth more frames (the benchmark's own header); with
    none, one frame (this one) more than as served."""
    from hipcare.wsgi import application as django_application

    frames = int(environ.get("HTTP_X_DEPTH", "0"))
    if frames:
        return _deeper(frames, environ, start_response)
    return django_application(environ, start_response)


def ensure_strace() -> str:
    found = shutil.which("strace")
    if not found and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "strace"], check=True, env=env)
        found = shutil.which("strace")
    if not found:
        sys.exit("strace is required: apt-get install strace")
    return found


def mmap_calls(strace: str, pid: int, send) -> float:
    """The mmap calls of process `pid` per request while `send` makes REQUESTS requests."""
    tracer = subprocess.Popen(
        [strace, "-f", "-c", "-e", "trace=mmap", "-p", str(pid)],
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.3)  # attached
    for _ in range(REQUESTS):
        send()
    time.sleep(0.1)
    tracer.terminate()
    report = tracer.communicate()[1]
    calls = next((line.split()[3] for line in report.splitlines() if line.endswith(" mmap")), "0")
    return int(calls) / REQUESTS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frames", type=int, default=16, help="extra frames tried: 0 to N-1")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    strace = ensure_strace()

    from bench.pages import pages
    from bench.run import bench_env, free_port, prepare_database, sign_in

    with tempfile.TemporaryDirectory(prefix="hipcare-stack-") as tmp:
        env = bench_env(f"sqlite:///{tmp}/stack.sqlite3", cache_dir=f"{tmp}/sessions")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        seeded = prepare_database(env)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "bench.stack", "--workers", "1"]
            + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(150):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.2)
            worker = int(
                subprocess.run(
                    ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
                ).stdout.split()[0]
            )

            class Address:  # what bench.run.sign_in reads
                url = base

            coach = sign_in(Address(), seeded["coach"], seeded["password"])
            csrf = "a" * 32
            print(f"mmap calls per request, by frames added (0 = as served); {REQUESTS} requests")
            print(f"{'page':48} " + " ".join(f"{n:>4}" for n in range(args.frames)) + "  margin")
            for page in pages(seeded):
                if args.names and not any(name in page.name for name in args.names):
                    continue
                for htmx in (False, True) if page.htmx else (False,):
                    row = []
                    for depth in range(args.frames):
                        headers = {
                            "Cookie": f"csrftoken={csrf}" + (f"; {coach}" if page.coach else ""),
                            "X-Depth": str(depth),
                        }
                        if htmx:
                            headers["HX-Request"] = "true"
                        body = page.body(csrf).encode() if page.method == "POST" else None

                        def send(headers=headers, body=body, path=page.path):
                            request = urllib.request.Request(
                                base + path, data=body, headers=headers
                            )
                            urllib.request.urlopen(request, timeout=10).read()

                        send()
                        send()
                        row.append(mmap_calls(strace, worker, send))
                    margin = next((n for n, calls in enumerate(row) if calls >= 1), None)
                    name = page.name + (" (htmx)" if htmx else "")
                    cells = " ".join(f"{calls:4.0f}" for calls in row)
                    shown = f">{args.frames - 1}" if margin is None else str(margin)
                    print(f"{name[:48]:48} {cells}  {shown}", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
