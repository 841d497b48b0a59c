#!/usr/bin/env python3
"""Lighthouse scores for HipCare's public pages, with Debian's Chromium.

It installs Lighthouse from the npm registry into bench/.lighthouse/ when missing, starts the
app as `make bench` does (gunicorn, production settings, 127.0.0.1, fresh SQLite database with
the real catalogue), runs Lighthouse on /, /exercises/, /triage/ and a shared routine with the
mobile and desktop presets, prints a table, writes bench/lighthouse-results.md, and exits
non-zero when a budget is missed: performance 95+ on mobile and 100 on desktop, accessibility
100, best practices 100.

    python bench/lighthouse.py [--output FILE]
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    Server,
    bench_env,
    finish_report,
    log,
    machine,
    prepare_database,
    run,
)

LIGHTHOUSE_DIR = ROOT / "bench" / ".lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("HIPCARE_CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-quic"
)
ATTEMPTS = 3
CATEGORIES = ("performance", "accessibility", "best-practices")
BUDGETS = {
    "mobile": {"performance": 95, "accessibility": 100, "best-practices": 100},
    "desktop": {"performance": 100, "accessibility": 100, "best-practices": 100},
}


def ensure_lighthouse() -> Path:
    if LIGHTHOUSE.exists():
        return LIGHTHOUSE
    if not shutil.which("npm"):
        sys.exit("npm is needed to install Lighthouse (apt-get install npm)")
    log("installing Lighthouse into bench/.lighthouse ...")
    LIGHTHOUSE_DIR.mkdir(exist_ok=True)
    subprocess.run(
        [
            "npm",
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--silent",
            "--prefix",
            str(LIGHTHOUSE_DIR),
            "lighthouse@12",
        ],
        check=True,
    )
    return LIGHTHOUSE


def audit(url: str, preset: str) -> tuple[dict[str, int], list[str]]:
    """Scores out of 100, and the titles of the failing audits that cost points."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        args = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ]
        if preset == "desktop":
            args.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        # Lighthouse sometimes loses its own trace (NO_NAVSTART and the like): try again.
        for attempt in range(1, ATTEMPTS + 1):
            done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
            if done.returncode == 0:
                break
            print(f"   attempt {attempt}: {done.stderr.strip()[-300:]}", file=sys.stderr)
        else:
            raise SystemExit(f"Lighthouse failed on {url} ({preset}):\n{done.stderr[-2000:]}")
        data = json.loads(report.read_text())
    scores = {name: round((data["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    failing = []
    for name in CATEGORIES:
        for ref in data["categories"][name]["auditRefs"]:
            result = data["audits"][ref["id"]]
            if ref.get("weight") and result.get("score") is not None and result["score"] < 1:
                failing.append(f"{name}: {result['title']}")
    return scores, failing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "bench" / "lighthouse-results.md"))
    args = parser.parse_args()
    ensure_lighthouse()
    failures: list[str] = []
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hipcare-lighthouse-") as tmp:
        env = bench_env(f"sqlite:///{tmp}/lighthouse.sqlite3")
        run(env, "manage.py", "collectstatic", "--noinput", "-v0")
        seeded = prepare_database(env)
        server = Server(env)
        try:
            pages = {
                "home": "/",
                "catalogue": "/exercises/",
                "symptom checker": "/triage/",
                "shared routine": f"/r/{seeded['token12']}/",
            }
            for name, path in pages.items():
                for preset in ("mobile", "desktop"):
                    log(f"   lighthouse {preset} {path}")
                    scores, failing = audit(server.url + path, preset)
                    rows.append(
                        f"| {name} | {preset} | "
                        + " | ".join(str(scores[c]) for c in CATEGORIES)
                        + " |"
                    )
                    for category, minimum in BUDGETS[preset].items():
                        if scores[category] < minimum:
                            failures.append(
                                f"{name} ({preset}): {category} {scores[category]} < {minimum}"
                                f"; {'; '.join(f for f in failing if f.startswith(category))}"
                            )
        finally:
            server.stop()
    report = "\n".join(
        [
            "# HipCare Lighthouse results",
            "",
            f"- When: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
            f"- Machine: {machine()}",
            "- Command: `make lighthouse` (python bench/lighthouse.py), Lighthouse 12 with "
            "Debian's Chromium, gunicorn with production settings on 127.0.0.1",
            "",
            "| page | preset | performance | accessibility | best practices |",
            "|---|---|---:|---:|---:|",
            *rows,
            "",
        ]
    )
    return finish_report(report, failures, args.output)


if __name__ == "__main__":
    sys.exit(main())
