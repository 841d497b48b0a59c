#!/usr/bin/env python3
"""HipCare soak test: mixed traffic for a fixed time, then a check that nothing was lost.

It starts gunicorn with production settings (DEBUG=0, bench/run.py's loopback environment;
--workers processes) on 127.0.0.1 and a free port, on a fresh SQLite database, and again on a
fresh PostgreSQL database when DATABASE_URL points to one. For --seconds, --connections workers,
each with its own HTTP connection and cookies (one browser each), run at once: half browse the
catalogue (lists, filters, search, htmx partials, exercise pages), a quarter submit the symptom
checker, and a quarter are coaches, each signed in twice (two browser sessions on the same
routine), adding, moving, dosing and removing routine items; and an eighth are runners on shared
links, logging sessions, adding the next-morning answer, deleting an entry and reading their page.
Every acknowledged write (a 2xx or 3xx answer) goes into a ledger.

Afterwards it reads the database and checks: no 5xx and no failed connection; every
acknowledged add is still there unless that coach acknowledged removing it; no acknowledged
removal came back; each routine's positions are 1..n with no gap or repeat; the last
acknowledged dose edit of an item (when no other edit overlapped it) is the dose it has; every
acknowledged logged session is there unless its runner acknowledged deleting it, with the
next-morning answer last acknowledged; no deleted session came back; no link holds more than its
daily limit. It prints the figures and exits non-zero when a check fails.

    python bench/soak.py [--seconds 60] [--connections 32] [--coaches 4] [--workers 4]
                         [--no-sqlite] [--no-postgres]

The server's log goes to bench/out/soak-<database>.log; the report sums up its errors.
"""

import argparse
import contextlib
import hashlib
import http.client
import importlib.metadata
import json
import math
import os
import random
import re
import secrets
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench.run  # noqa: E402
from bench.pages import TRIAGE_ANSWERS  # noqa: E402
from bench.run import Server, bench_env, log, postgres_url, run  # noqa: E402
from triage import rules  # noqa: E402 - plain Python, no Django

COACH_PASSWORD = "soak-coach-password-1"  # noqa: S105 - throwaway accounts in a throwaway database
ROUTINES_PER_COACH = 1
# Shared links the runners log on: each takes at most MAX_SESSIONS_PER_DAY entries a day, so
# there are enough for the runners not to run out in a soak.
RUNNER_LINKS = 48
MAX_SESSIONS_PER_DAY = 20  # routines.services.MAX_SESSIONS_PER_DAY (a test keeps them equal)
# Entries with a warning sign still taken past it: routines.services.MAX_SIGN_ENTRIES_PAST_LIMIT.
MAX_SIGN_ENTRIES_PAST_LIMIT = 5
SESSION_ANCHOR = re.compile(r'<li id="session-(\d+)"')
ITEMS_PER_ROUTINE = 6
HTTP_TIMEOUT = 30
# The fields of RoutineItem.DOSE_FIELDS (this script imports no Django at start-up; a test
# keeps the two lists the same).
DOSE_FIELDS = (
    "sets_min",
    "sets_max",
    "reps_min",
    "reps_max",
    "hold_seconds_min",
    "hold_seconds_max",
    "side",
    "frequency_min",
    "frequency_max",
    "frequency_period",
    "load_note",
    "coach_note",
)
OUT = ROOT / "bench" / "out"  # server logs; not in git
ITEM_ANCHOR = re.compile(r"#item-(\d+)$")


# The database side: run in a subprocess with the server's environment (python bench/soak.py
# --seed / --dump), so this process never imports Django or touches the database itself.


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hipcare.settings")
    import django

    django.setup()


def seed(coaches: int) -> dict:
    """Coaches, each with routines of a few items; and what the catalogue offers to browse."""
    _django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from exercises.models import Equipment, Exercise, Muscle, PainLocation
    from hipcare.auth import COACHES_GROUP
    from routines import services

    rng = random.Random(7)
    exercises = list(Exercise.objects.published().order_by("slug"))
    group = Group.objects.get(name=COACHES_GROUP)
    made = []
    for n in range(1, coaches + 1):
        username = f"soak-coach-{n}"
        user = get_user_model().objects.create_user(username=username, password=COACH_PASSWORD)
        user.groups.add(group)
        routines = []
        for r in range(1, ROUTINES_PER_COACH + 1):
            routine = services.routine_create(
                owner=user,
                title=f"Soak routine {n}.{r}",
                for_whom="S.R.",
                exercises=rng.sample(exercises, ITEMS_PER_ROUTINE),
            )
            items = {
                item.pk: item.exercise.slug for item in routine.items.select_related("exercise")
            }
            routines.append({"pk": routine.pk, "items": items})
        made.append({"username": username, "routines": routines})
    links = []
    owner = get_user_model().objects.get(username="soak-coach-1")
    for n in range(1, RUNNER_LINKS + 1):
        routine = services.routine_create(
            owner=owner,
            title=f"Soak runner's routine {n}",
            exercises=rng.sample(exercises, 3),
        )
        items = {item.pk: item.exercise.slug for item in routine.items.select_related("exercise")}
        token = services.routine_share(routine=routine)
        links.append({"token": token, "pk": routine.pk, "items": items})
    names = [exercise.name.split()[0].lower() for exercise in exercises]
    return {
        "coaches": made,
        "links": links,
        # What a dose form offers each move: (is a hold, one side at a time, takes weights).
        "exercises": {
            exercise.slug: (exercise.is_hold, exercise.unilateral, exercise.loadable)
            for exercise in exercises
        },
        "filters": {
            "kind": [value for value, _ in Exercise.Kind.choices],
            "level": [value for value, _ in Exercise.Level.choices],
            "position": [value for value, _ in Exercise.Position.choices],
            "location": list(PainLocation.objects.values_list("slug", flat=True)),
            "muscle": list(Muscle.objects.values_list("slug", flat=True)),
            "equipment": ["none", *Equipment.objects.values_list("slug", flat=True)],
        },
        "searches": sorted(set(names))[:12] + ["stretch", "hip", "no-such-move"],
    }


def dump() -> dict:
    """Every routine's items as the database has them now."""
    _django()
    from routines.models import Routine, RoutineItem, SessionLog

    routines: dict[str, list] = {str(pk): [] for pk in Routine.objects.values_list("pk", flat=True)}
    items = RoutineItem.objects.order_by("routine_id", "position").values(
        "pk", "routine_id", "position", "exercise__slug", *DOSE_FIELDS
    )
    for item in items:
        routines[str(item["routine_id"])].append(item)
    sessions = list(
        SessionLog.objects.values(
            "pk", "routine__share_token", "note", "morning", "created", "warning_signs"
        )
    )
    for session in sessions:
        session["created"] = session["created"].date().isoformat()
    return {"routines": routines, "sessions": sessions}


# The client side.


@dataclass
class Hit:
    kind: str
    status: int  # 0: the connection failed or timed out
    ms: float
    at: float = 0.0  # time.monotonic() when the answer came


@dataclass
class Answer:
    status: int
    location: str = ""
    body: bytes = b""


class Session:
    """One browser: a keep-alive connection to the server on loopback, and its cookies."""

    def __init__(self, port: int, hits: list[Hit], failures: list[str]):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)
        self.cookies: dict[str, str] = {}
        self.hits = hits
        self.failures = failures

    @property
    def csrf_token(self) -> str:
        return self.cookies.get("csrftoken", "")

    def anonymous(self) -> None:
        """A 32-character CSRF secret, sent as the cookie and as the form field."""
        self.cookies["csrftoken"] = secrets.token_hex(16)

    def request(
        self,
        kind: str,
        method: str,
        path: str,
        data: dict | None = None,
        *,
        htmx_target: str = "",
    ) -> Answer:
        headers = {}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            body = urllib.parse.urlencode(
                {**data, "csrfmiddlewaretoken": self.csrf_token}, doseq=True
            )
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if htmx_target:
            headers.update({"HX-Request": "true", "HX-Target": htmx_target})
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            self.hits.append(Hit(kind, 0, (time.perf_counter() - start) * 1000, time.monotonic()))
            self.failures.append(f"{kind}: no answer ({type(error).__name__})")
            return Answer(0)
        elapsed = (time.perf_counter() - start) * 1000
        self.hits.append(Hit(kind, response.status, elapsed, time.monotonic()))
        if response.status >= 500:
            self.failures.append(f"{kind}: {response.status}")
        for header in response.headers.get_all("Set-Cookie") or []:
            self._remember(header)
        return Answer(response.status, response.headers.get("Location", ""), payload)

    def _remember(self, header: str) -> None:
        try:
            cookie = SimpleCookie(header)
        except CookieError:
            return
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.coded_value

    def sign_in(self, username: str, password: str) -> None:
        self.anonymous()
        self.request("sign in", "GET", "/accounts/login/")
        answer = self.request(
            "sign in", "POST", "/accounts/login/", {"username": username, "password": password}
        )
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{username} could not sign in (status {answer.status})")

    def close(self) -> None:
        self.connection.close()


@dataclass
class Edit:
    start: float
    end: float
    values: dict
    acknowledged: bool


@dataclass
class Ledger:
    """What the server acknowledged, shared by every worker."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    routine_items: dict[int, dict[int, str]] = field(default_factory=dict)  # routine: {item: slug}
    seeded: dict[int, int] = field(default_factory=dict)  # item: routine
    added: dict[int, int] = field(default_factory=dict)  # item: routine
    removed: set[int] = field(default_factory=set)
    edits: dict[int, list[Edit]] = field(default_factory=lambda: defaultdict(list))
    outcomes: Counter = field(default_factory=Counter)
    unknown_writes: int = 0  # a write whose answer never came or was a 5xx
    # The runners' logs: note tag -> (link, session id); deleted tags; last morning per tag.
    logged: dict[str, tuple[str, int]] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    mornings: dict[str, str] = field(default_factory=dict)

    def seed(self, routine: int, items: dict[int, str]) -> None:
        self.routine_items[routine] = dict(items)
        self.seeded.update({item: routine for item in items})

    def items(self, routine: int) -> list[tuple[int, str]]:
        with self.lock:
            return list(self.routine_items[routine].items())

    def note(self, outcome: str) -> None:
        with self.lock:
            self.outcomes[outcome] += 1

    def add(self, routine: int, item: int, slug: str) -> None:
        with self.lock:
            self.added[item] = routine
            self.routine_items[routine][item] = slug
            self.outcomes["add acknowledged"] += 1

    def remove(self, routine: int, item: int) -> None:
        with self.lock:
            self.removed.add(item)
            self.routine_items[routine].pop(item, None)
            self.outcomes["remove acknowledged"] += 1

    def forget(self, routine: int, item: int) -> None:
        """The other session removed it (404): stop picking it."""
        with self.lock:
            self.routine_items[routine].pop(item, None)

    def edit(self, item: int, edit: Edit) -> None:
        with self.lock:
            self.edits[item].append(edit)
            if edit.acknowledged:
                self.outcomes["edit acknowledged"] += 1

    def unknown(self) -> None:
        with self.lock:
            self.unknown_writes += 1

    def log_session(self, token: str, tag: str, pk: int) -> None:
        with self.lock:
            self.logged[tag] = (token, pk)
            self.outcomes["session log acknowledged"] += 1

    def sessions_on(self, token: str) -> list[tuple[str, int]]:
        with self.lock:
            return [
                (tag, pk)
                for tag, (link, pk) in self.logged.items()
                if link == token and tag not in self.deleted
            ]

    def morning(self, tag: str, value: str) -> None:
        with self.lock:
            self.mornings[tag] = value
            self.outcomes["morning answer acknowledged"] += 1

    def delete_session(self, tag: str) -> None:
        with self.lock:
            self.deleted.add(tag)
            self.outcomes["session delete acknowledged"] += 1


@dataclass
class Catalogue:
    exercises: dict[str, tuple[bool, bool, bool]]  # slug: (a hold, one-sided, loadable)
    filters: dict[str, list[str]]
    searches: list[str]


def browse(session: Session, rng: random.Random, catalogue: Catalogue) -> None:
    """One anonymous page view: the catalogue (filters, search, partials), an exercise, home."""
    roll = rng.random()
    slugs = list(catalogue.exercises)
    if roll < 0.25:
        session.request("catalogue", "GET", "/exercises/")
    elif roll < 0.5:
        names = rng.sample(sorted(catalogue.filters), rng.randint(1, 3))
        query = {name: rng.choice(catalogue.filters[name]) for name in names}
        htmx = "results" if rng.random() < 0.5 else ""
        path = "/exercises/?" + urllib.parse.urlencode(query)
        session.request("catalogue filters", "GET", path, htmx_target=htmx)
    elif roll < 0.65:
        query = {"q": rng.choice(catalogue.searches)}
        if rng.random() < 0.3:
            query["page"] = "2"
        session.request("catalogue search", "GET", "/exercises/?" + urllib.parse.urlencode(query))
    elif roll < 0.9:
        session.request("exercise page", "GET", f"/exercises/{rng.choice(slugs)}/")
    elif roll < 0.95:
        session.request("home", "GET", "/")
    else:
        session.request("triage rules", "GET", "/triage/rules/")


def triage(session: Session, rng: random.Random, catalogue: Catalogue) -> None:
    """A runner answers the symptom checker: the form now and then, the answer always."""
    if rng.random() < 0.25:
        session.request("triage form", "GET", "/triage/")
    answers = dict(TRIAGE_ANSWERS)
    answers.update(
        location=rng.choice(rules.LOCATIONS)[0],
        onset=rng.choice(rules.ONSETS)[0],
        improving=rng.choice(rules.IMPROVING)[0],
        weight_bearing=rng.choice(rules.WEIGHT_BEARING)[0],
        severity=str(rng.randint(rules.SEVERITY_MIN, rules.SEVERITY_MAX)),
        age=str(rng.randint(16, 80)),
        duration_days=str(rng.randint(0, 90)),
        radiates_to=[value for value, _ in rules.RADIATES if rng.random() < 0.3],
    )
    for flag in ("night_pain", "fever", "numbness", "previous_stress_fracture"):
        if rng.random() < 0.05:
            answers[flag] = "on"
    htmx = "triage-panel" if rng.random() < 0.5 else ""
    answer = session.request("triage answer", "POST", "/triage/", answers, htmx_target=htmx)
    if 0 < answer.status < 500 and answer.status != 200:
        session.failures.append(f"triage answer: {answer.status} (the answers were refused)")


def dose(rng: random.Random, move: tuple[bool, bool, bool], tag: str) -> dict:
    """A dose as the item's fields will hold it, fitting the move: a side only for a move done
    one side at a time, a load only for one that takes weights."""
    is_hold, one_sided, loadable = move
    sets_min = rng.randint(1, 3)
    times = rng.randint(1, 3)
    values = {
        "sets_min": sets_min,
        "sets_max": sets_min + rng.randint(0, 2),
        "reps_min": None,
        "reps_max": None,
        "hold_seconds_min": None,
        "hold_seconds_max": None,
        "side": rng.choice(["each", "left", "right"]) if one_sided else "both",
        "frequency_min": times,
        "frequency_max": times,
        "frequency_period": rng.choice(["week", "day"]),
        "load_note": rng.choice(["", "light band", "8 kg dumbbell"]) if loadable else "",
        "coach_note": f"Soak edit {tag}",
    }
    if is_hold:
        values["hold_seconds_min"] = rng.randint(15, 30)
        values["hold_seconds_max"] = values["hold_seconds_min"] + rng.randint(0, 30)
    else:
        values["reps_min"] = rng.randint(6, 10)
        values["reps_max"] = values["reps_min"] + rng.randint(0, 6)
    return values


def dose_form(item: int, values: dict, move: tuple[bool, bool, bool]) -> dict:
    """What the dose form sends for `values`: each range in one box ("2-3")."""
    is_hold, one_sided, loadable = move
    low, high = ("hold_seconds_min", "hold_seconds_max") if is_hold else ("reps_min", "reps_max")
    form = {
        "sets": f"{values['sets_min']}-{values['sets_max']}",
        "work": f"{values[low]}-{values[high]}",
        "frequency": values["frequency_max"],
        "frequency_period": values["frequency_period"],
        "coach_note": values["coach_note"],
    }
    if one_sided:
        form["side"] = values["side"]
    if loadable:
        form["load_note"] = values["load_note"]
    return {f"item-{item}-{name}": value for name, value in form.items()}


def coach_action(
    session: Session,
    rng: random.Random,
    catalogue: Catalogue,
    ledger: Ledger,
    routines: list[int],
    tag: str,
) -> None:
    """One builder action on one of this coach's routines, which the coach's other session
    is editing at the same time."""
    routine = rng.choice(routines)
    known = ledger.items(routine)
    count = len(known)
    weights = {
        "add": 30 if count < 40 else 3,
        "move": 25 if count > 1 else 0,
        "edit": 20 if count else 0,
        "remove": (25 if count > 40 else 12) if count > 3 else 0,
        "view": 10,
    }
    action = rng.choices(list(weights), weights=list(weights.values()))[0]
    builder = f"/routines/{routine}/"
    if action == "view":
        if rng.random() < 0.5:
            session.request("builder", "GET", builder)
        else:
            query = urllib.parse.urlencode({"q": rng.choice(catalogue.searches)})
            session.request(
                "builder catalogue", "GET", f"{builder}?{query}", htmx_target="catalogue-results"
            )
        return
    if action == "add":
        slug = rng.choice(list(catalogue.exercises))
        answer = session.request("add item", "POST", f"{builder}items/", {"exercise": slug})
        match = ITEM_ANCHOR.search(answer.location)
        if answer.status == 302 and match:
            ledger.add(routine, int(match.group(1)), slug)
            if rng.random() < 0.3:  # the browser follows the redirect now and then
                session.request("builder", "GET", urllib.parse.urlsplit(answer.location).path)
        elif answer.status == 400:
            ledger.note("add refused")
        else:
            ledger.unknown()
        return
    item, slug = rng.choice(known)
    base = f"{builder}items/{item}/"
    if action == "move":
        if rng.random() < 0.6:
            data = {"direction": rng.choice(["up", "down"])}
        else:
            data = {"position": rng.randint(1, count)}
        answer = session.request(
            "move item", "POST", f"{base}move/", data, htmx_target="routine-panel"
        )
        if answer.status == 200:
            ledger.note("move answered")
        elif answer.status == 404:
            ledger.note("move: item gone")
            ledger.forget(routine, item)
        else:
            ledger.unknown()
    elif action == "edit":
        values = dose(rng, catalogue.exercises[slug], tag)
        form = dose_form(item, values, catalogue.exercises[slug])
        start = time.monotonic()
        answer = session.request("edit dose", "POST", base, form)
        end = time.monotonic()
        if answer.status == 302:
            ledger.edit(item, Edit(start, end, values, acknowledged=True))
        elif answer.status == 404:
            ledger.note("edit: item gone")
            ledger.forget(routine, item)
        elif answer.status == 400:
            ledger.note("edit refused")
        else:
            ledger.edit(item, Edit(start, end, values, acknowledged=False))
            ledger.unknown()
    elif action == "remove":
        answer = session.request("remove item", "POST", f"{base}delete/", {})
        if answer.status == 302:
            ledger.remove(routine, item)
        elif answer.status == 404:
            ledger.note("remove: item gone")
            ledger.forget(routine, item)
        else:
            ledger.unknown()


def runner_action(
    session: Session, rng: random.Random, ledger: Ledger, links: list[str], tag: str
) -> None:
    """A runner on one of their shared links: read the page, log a session, add the next
    morning to one, or delete one. Each link has one runner, so their writes are in order."""
    token = rng.choice(links)
    page = f"/r/{token}/"
    mine = ledger.sessions_on(token)
    roll = rng.random()
    if roll < 0.15:
        session.request("shared page", "GET", page)
        return
    if roll < 0.3 and mine:
        logged, pk = rng.choice(mine)
        value = rng.choice(["better", "same", "worse"])
        answer = session.request(
            "morning answer",
            "POST",
            f"{page}sessions/{pk}/morning/",
            {"morning": value},
            htmx_target="log",
        )
        if answer.status == 200:
            ledger.morning(logged, value)
        elif answer.status == 422 and "has not come yet" in answer.body.decode(errors="replace"):
            # The soak's sessions are today's: their next morning is asked from tomorrow.
            ledger.note("next-morning answer refused: the morning after has not come yet")
        else:
            ledger.unknown()
        return
    if roll < 0.36 and mine:
        logged, pk = rng.choice(mine)
        answer = session.request(
            "delete session", "POST", f"{page}sessions/{pk}/delete/", {}, htmx_target="log"
        )
        if answer.status == 200:
            ledger.delete_session(logged)
        else:
            ledger.unknown()
        return
    data = {
        "date": time.strftime("%Y-%m-%d", time.gmtime()),  # the server's today (UTC)
        "pain": str(rng.choice([0, 1, 2, 2, 3, 3, 4, 5, 6, 8])),
        "note": f"soak {tag}",
    }
    # No next-morning answer: the session is today's, and that is asked from tomorrow.
    if rng.random() < 0.05:
        data["warning"] = "fever"
    answer = session.request("log session", "POST", f"{page}sessions/", data, htmx_target="log")
    body = answer.body.decode(errors="replace")
    if answer.status == 200:
        matches = list(SESSION_ANCHOR.finditer(body))
        for n, match in enumerate(matches):
            end = matches[n + 1].start() if n + 1 < len(matches) else len(body)
            if f">soak {tag}</bdi>" in body[match.end() : end]:
                ledger.log_session(token, tag, int(match.group(1)))
                break
        else:
            session.failures.append("log session: acknowledged but not on the page")
            ledger.unknown()
    elif answer.status == 422 and "the most it" in body:
        ledger.note("session log refused: the link's daily limit")
    elif answer.status == 422:
        session.failures.append("log session: a valid session was refused")
    else:
        ledger.unknown()


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass
class Traffic:
    """Workers that run until a deadline, each with its own session and random stream."""

    port: int
    catalogue: Catalogue
    ledger: Ledger
    coaches: list[dict]
    connections: int
    links: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    started: threading.Event = field(default_factory=threading.Event)  # coaches signed in

    def plan(self) -> list[tuple[str, dict | None]]:
        """(role, coach) per connection: about three eighths browse, a quarter answer the
        symptom checker, an eighth are runners logging on shared links, a quarter are coaches,
        two sessions per coach."""
        coach_sessions = min(2 * len(self.coaches), max(2, self.connections // 4) // 2 * 2)
        triage_sessions = max(1, self.connections // 4)
        runner_sessions = max(1, self.connections // 8) if self.links else 0
        browse_sessions = self.connections - coach_sessions - triage_sessions - runner_sessions
        plan: list[tuple[str, dict | None]] = [("browse", None)] * max(0, browse_sessions)
        plan += [("triage", None)] * triage_sessions
        plan += [("runner", {"runner": n, "of": runner_sessions}) for n in range(runner_sessions)]
        plan += [("coach", self.coaches[n // 2]) for n in range(coach_sessions)]
        return plan

    def run(self, seconds: float) -> float:
        """Sign the coaches in, then run every worker for `seconds`; returns the time taken."""
        sessions = []
        for n, (role, coach) in enumerate(self.plan()):
            hits: list[Hit] = []
            session = Session(self.port, hits, self.failures)
            if role == "coach":
                session.sign_in(coach["username"], COACH_PASSWORD)
                hits.clear()  # signing in is set-up, not traffic
            else:
                session.anonymous()
            sessions.append((n, role, coach, session, hits))
        deadline = time.monotonic() + seconds
        self.started.set()
        threads = [
            threading.Thread(target=self._work, args=(*entry, deadline), daemon=True)
            for entry in sessions
        ]
        start = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()) + HTTP_TIMEOUT + 5)
        elapsed = time.monotonic() - start
        stuck = sum(thread.is_alive() for thread in threads)
        if stuck:
            self.stop.set()
            self.failures.append(f"{stuck} workers still running after the deadline")
        for _, _, _, session, hits in sessions:
            self.hits.extend(hits)
            session.close()
        return elapsed

    def _work(self, n, role, coach, session, hits, deadline) -> None:
        rng = random.Random(1000 + n)
        routines = [routine["pk"] for routine in coach["routines"]] if role == "coach" else []
        links = self.links[coach["runner"] :: coach["of"]] if role == "runner" else []
        count = 0
        while time.monotonic() < deadline and not self.stop.is_set():
            count += 1
            if role == "browse":
                browse(session, rng, self.catalogue)
            elif role == "triage":
                triage(session, rng, self.catalogue)
            elif role == "runner":
                runner_action(session, rng, self.ledger, links, f"{n}.{count}")
            else:
                tag = f"{n}.{count}"
                coach_action(session, rng, self.catalogue, self.ledger, routines, tag)


def check(ledger: Ledger, database: dict) -> tuple[list[str], dict]:
    """Compare the ledger with the database: (failures, figures)."""
    failures: list[str] = []
    present: dict[int, dict] = {}
    gaps = 0
    for routine, items in database["routines"].items():
        places = [item["position"] for item in items]
        if places != list(range(1, len(items) + 1)):
            gaps += 1
            failures.append(f"routine {routine}: positions {places} are not 1..{len(items)}")
        present.update({item["pk"]: item for item in items})
    expected = {item for item in ledger.added if item not in ledger.removed}
    lost = sorted(expected - present.keys())
    back = sorted(ledger.removed & present.keys())
    known = ledger.seeded.keys() | ledger.added.keys()
    unexpected = sorted(present.keys() - known)
    if lost:
        failures.append(f"{len(lost)} acknowledged adds are missing: items {lost[:20]}")
    if back:
        failures.append(f"{len(back)} acknowledged removals came back: items {back[:20]}")
    if unexpected and not ledger.unknown_writes:
        failures.append(f"{len(unexpected)} items nobody added: {unexpected[:20]}")
    checked_edits = lost_edits = 0
    for item, edits in ledger.edits.items():
        if item not in present:
            continue
        acknowledged = [edit for edit in edits if edit.acknowledged]
        if not acknowledged:
            continue
        last = max(acknowledged, key=lambda edit: edit.start)
        if any(edit is not last and edit.end >= last.start for edit in edits):
            continue  # overlapping edits of one item: either may win
        checked_edits += 1
        saved = {name: present[item][name] for name in DOSE_FIELDS}
        if saved != last.values:
            lost_edits += 1
            failures.append(f"item {item}: dose {saved} is not the last edit {last.values}")
    sessions = {row["note"]: row for row in database.get("sessions", [])}
    kept = {tag for tag in ledger.logged if tag not in ledger.deleted}
    lost_sessions = sorted(tag for tag in kept if f"soak {tag}" not in sessions)
    deleted_back = sorted(tag for tag in ledger.deleted if f"soak {tag}" in sessions)
    wrong_mornings = sorted(
        tag
        for tag, value in ledger.mornings.items()
        if tag in kept and sessions.get(f"soak {tag}", {}).get("morning") != value
    )
    per_link_day = Counter(
        (row["routine__share_token"], row["created"]) for row in sessions.values()
    )
    # Entries without a sign stop at the limit; those with one, a few entries past it.
    unsigned_per_link_day = Counter(
        (row["routine__share_token"], row["created"])
        for row in sessions.values()
        if not row.get("warning_signs")
    )
    over_limit = sorted(
        key
        for key, n in per_link_day.items()
        if n > MAX_SESSIONS_PER_DAY + MAX_SIGN_ENTRIES_PAST_LIMIT
        or unsigned_per_link_day[key] > MAX_SESSIONS_PER_DAY
    )
    unlogged = [note for note in sessions if note.removeprefix("soak ") not in ledger.logged]
    if lost_sessions:
        failures.append(
            f"{len(lost_sessions)} acknowledged sessions are missing: {lost_sessions[:20]}"
        )
    if deleted_back:
        failures.append(f"{len(deleted_back)} deleted sessions came back: {deleted_back[:20]}")
    if wrong_mornings:
        failures.append(f"{len(wrong_mornings)} next-morning answers lost: {wrong_mornings[:20]}")
    if over_limit:
        failures.append(f"{len(over_limit)} links over the daily limit: {over_limit[:5]}")
    if unlogged and not ledger.unknown_writes:
        failures.append(f"{len(unlogged)} sessions nobody logged: {unlogged[:20]}")
    figures = {
        "routines": len(database["routines"]),
        "items found": len(present),
        "acknowledged adds still expected": len(expected),
        "lost adds": len(lost),
        "removals that came back": len(back),
        "items nobody added": len(unexpected),
        "routines with gaps": gaps,
        "items whose last edit was checked": checked_edits,
        "lost edits": lost_edits,
        "logged sessions found": len(sessions),
        "acknowledged sessions still expected": len(kept),
        "lost sessions": len(lost_sessions),
        "deleted sessions that came back": len(deleted_back),
        "lost next-morning answers": len(wrong_mornings),
        "links over the daily limit": len(over_limit),
    }
    return failures, figures


def report(label: str, traffic: Traffic, elapsed: float, checked: dict) -> list[str]:
    hits = traffic.hits
    ledger = traffic.ledger
    statuses = Counter(hit.status for hit in hits)
    by_kind: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        by_kind[hit.kind].append(hit)
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    lines = [
        f"### {label}",
        "",
        f"{traffic.connections} connections for {elapsed:.1f} s; gunicorn, "
        f"{bench.run.WORKERS} workers, production settings (DEBUG=0), on 127.0.0.1.",
        "",
        f"- requests: {len(hits)} ({len(hits) / elapsed:.0f}/s); latency p50 "
        f"{percentile([h.ms for h in hits], 0.5):.1f} ms, p99 "
        f"{percentile([h.ms for h in hits], 0.99):.1f} ms",
        "- statuses: "
        + ", ".join(f"{status or 'no answer'}: {n}" for status, n in sorted(statuses.items())),
        f"- 5xx: {server_errors}; connections failed: {statuses.get(0, 0)}",
        "",
        "| kind | requests | statuses | p50 ms | p99 ms |",
        "|---|---:|---|---:|---:|",
    ]
    for kind, kind_hits in sorted(by_kind.items(), key=lambda pair: -len(pair[1])):
        kind_statuses = Counter(hit.status for hit in kind_hits)
        lines.append(
            f"| {kind} | {len(kind_hits)} | "
            + " ".join(f"{s}×{n}" for s, n in sorted(kind_statuses.items()))
            + f" | {percentile([h.ms for h in kind_hits], 0.5):.1f} "
            f"| {percentile([h.ms for h in kind_hits], 0.99):.1f} |"
        )
    lines += [
        "",
        "Writes: "
        + ", ".join(f"{name} {n}" for name, n in sorted(ledger.outcomes.items()))
        + f", unanswered or 5xx writes {ledger.unknown_writes}",
        "",
        "Database afterwards: " + ", ".join(f"{name} {n}" for name, n in checked.items()),
        "",
    ]
    return lines


@contextlib.contextmanager
def server_log(path: Path):
    """Send what a server started inside the block writes to stderr (Django's error log,
    tracebacks) to `path` instead of the terminal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with path.open("ab") as log_file:
        os.dup2(log_file.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


EXCEPTION_LINE = re.compile(r"^([\w.]+(?:Error|Exception|Detected)): (.*)$")


def log_summary(path: Path) -> list[str]:
    """What the server logged: 5xx by kind, and the exceptions behind them."""
    text = path.read_text(errors="replace") if path.exists() else ""
    logged = Counter(
        line.split(":", 1)[0]
        for line in text.splitlines()
        if line.startswith(("Internal Server Error:", "Service Unavailable:"))
    )
    errors: Counter = Counter()
    lines = text.splitlines()
    for n, line in enumerate(lines):
        match = EXCEPTION_LINE.match(line)
        following = next((later for later in lines[n + 1 : n + 4] if later.strip()), "")
        if match and not following.startswith(("During handling", "The above exception")):
            errors[match.group(0)[:160]] += 1  # the exception a traceback ends with
    summary = [f"{name}: {n}" for name, n in logged.most_common()]
    summary += [f"{n}× {error}" for error, n in errors.most_common(5)]
    return summary


def fresh_postgres_database(url: str, name: str) -> str:
    """A new, empty database `name` on the same server as `url`."""
    import psycopg

    parsed = urllib.parse.urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return parsed._replace(path=f"/{name}").geturl()


#: Beside the collected files: the digest of what they were collected from.
STATIC_DIGEST_FILE = ".hipcare-sources.sha256"


def static_sources_digest() -> str:
    """What collectstatic would collect, as one digest: every file under static/ (its path and
    its bytes, so an edit is seen whatever its timestamp says, and so is a file removed) and
    the installed packages' versions (the admin's and other apps' static files come with
    them). Reading static/ takes milliseconds; collecting it again takes seconds."""
    digest = hashlib.sha256()
    source = ROOT / "static"
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        digest.update(path.relative_to(source).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    packages = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()


def collect_static(env: dict) -> None:
    """collectstatic as DEBUG=0 needs it (hashed names, a manifest) into the env's STATIC_ROOT
    (staticfiles/ by default), unless what is there was collected from the static files as
    they are now (their digest, kept beside them). A folder collected from other files is
    emptied first (--clear), so a file since removed is not served either."""
    target = Path(env.get("STATIC_ROOT") or ROOT / "staticfiles")
    stamp = target / STATIC_DIGEST_FILE
    wanted = static_sources_digest()
    if (target / "staticfiles.json").exists() and stamp.exists() and stamp.read_text() == wanted:
        return
    run(env, "manage.py", "collectstatic", "--noinput", "--clear", "-v0")
    stamp.write_text(wanted)


def prepare(env: dict, coaches: int) -> dict:
    """Migrate, load the catalogue, collect static files and seed; returns the seed."""
    run(env, "manage.py", "migrate", "--noinput", "-v0")
    run(env, "manage.py", "load_catalogue", "-v0")
    collect_static(env)
    return json.loads(run(env, "bench/soak.py", "--seed", str(coaches)).strip().splitlines()[-1])


def new_ledger(seeded: dict) -> Ledger:
    ledger = Ledger()
    for coach in seeded["coaches"]:
        for routine in coach["routines"]:
            ledger.seed(routine["pk"], {int(k): v for k, v in routine["items"].items()})
    for link in seeded.get("links", []):
        ledger.seed(link["pk"], {int(k): v for k, v in link["items"].items()})
    return ledger


def catalogue_of(seeded: dict) -> Catalogue:
    return Catalogue(seeded["exercises"], seeded["filters"], seeded["searches"])


def read_database(env: dict) -> dict:
    return json.loads(run(env, "bench/soak.py", "--dump").strip().splitlines()[-1])


def soak(label: str, database_url: str, args) -> tuple[list[str], list[str]]:
    log(f"== {label}: preparing {database_url}")
    env = bench_env(database_url)
    coaches = max(1, min(args.coaches, args.connections // 8 or 1))
    seeded = prepare(env, coaches)
    ledger = new_ledger(seeded)
    server_log_path = OUT / f"soak-{label.lower()}.log"
    server_log_path.unlink(missing_ok=True)
    with server_log(server_log_path):
        server = Server(env)
    try:
        traffic = Traffic(
            server.port,
            catalogue_of(seeded),
            ledger,
            seeded["coaches"],
            args.connections,
            [link["token"] for link in seeded.get("links", [])],
        )
        log(f"   {args.connections} connections for {args.seconds} s on {server.url}")
        elapsed = traffic.run(args.seconds)
    finally:
        server.stop()
    failures, checked = check(ledger, read_database(env))
    statuses = Counter(hit.status for hit in traffic.hits)
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    if server_errors:
        failures.insert(0, f"{server_errors} responses were 5xx")
    if statuses.get(0):
        failures.insert(0, f"{statuses[0]} requests got no answer")
    failures += [f"{failure} ×{n}" for failure, n in Counter(traffic.failures).most_common()]
    lines = report(label, traffic, elapsed, checked)
    logged = log_summary(server_log_path)
    lines += [
        f"Server log ({server_log_path.relative_to(ROOT)}): " + ("; ".join(logged) or "empty"),
        "",
    ]
    return lines, [f"{label}: {failure}" for failure in failures]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--coaches", type=int, default=4, help="each signed in twice")
    parser.add_argument(
        "--workers", type=int, default=4, help="gunicorn workers: how many requests run at once"
    )
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--seed", type=int, metavar="COACHES", help=argparse.SUPPRESS)
    parser.add_argument("--dump", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed is not None:
        print(json.dumps(seed(args.seed)))
        return 0
    if args.dump:
        print(json.dumps(dump()))
        return 0
    if args.connections < 4:
        parser.error("--connections must be at least 4")
    bench.run.WORKERS = args.workers  # bench/run.py's Server starts this many

    sections: list[str] = []
    failures: list[str] = []
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory(prefix="hipcare-soak-") as tmp:
            lines, failed = soak("SQLite", f"sqlite:///{tmp}/soak.sqlite3", args)
            sections += lines
            failures += failed
    pg = postgres_url()
    if pg and not args.no_postgres:
        # Named after the configured database, so engineers sharing a server do not collide.
        name = f"{urllib.parse.urlparse(pg).path.lstrip('/') or 'hipcare'}_soak"
        lines, failed = soak("PostgreSQL", fresh_postgres_database(pg, name), args)
        sections += lines
        failures += failed
    print("\n".join(["# HipCare soak", "", *sections]))
    if failures:
        print("## Checks failed\n")
        print("\n".join(f"- {failure}" for failure in failures))
        return 1
    print("## All checks passed: no 5xx, no failed connection, no lost write, no gap")
    return 0


if __name__ == "__main__":
    sys.exit(main())
