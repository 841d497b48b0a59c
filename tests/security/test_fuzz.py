"""Generated input against every form and htmx endpoint: nothing answers 500, bad input is
refused with a message that says why, and nothing is ever partly saved.

The module builds a small world once (a catalogue, two coaches, their routines) and Hypothesis
then posts generated data at one endpoint: mostly valid data with a few fields broken (wrong
types, huge and odd numbers, unicode, NUL, empty, missing, repeated, over-long) plus unknown
extra fields. Every example runs in a savepoint that is rolled back afterwards, so each one
starts from the same rows and a failure shrinks to a real minimal input.

Per example:
- the status is below 500;
- a refusal (4xx, or an htmx panel with an error) shows the form's own messages in the page,
  and the rows are exactly as they were;
- a success leaves the routine consistent: positions 1..n, every dose within the model's
  limits, reps or a hold (never both), and nothing outside what the action may change;
- no raw markup from the input comes back unescaped;
- a redirect, and the `next` the builder's forms send back, never leave the site.

The example budget is fixed and derandomized (no example database), so a green run stays green.
The bugs the fuzzing found are fixed; regression tests for them are at the end.
"""

import re
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from exercises import dosing
from exercises.forms import CatalogueFilterForm
from exercises.models import Exercise
from routines import monitoring, services
from routines.forms import MAX_HANDED_OFF
from routines.models import (
    MAX_HOLD_SECONDS,
    MAX_REPS,
    MAX_SETS,
    MAX_TIMES,
    SESSION_NOTE_MAX_LENGTH,
    Routine,
    RoutineItem,
    SessionItem,
    SessionLog,
)
from routines.services import MAX_ITEMS
from tests.conftest import (
    FAST_PASSWORD_HASHERS,
    kept_for_the_module,
    make_equipment,
    make_exercise,
    make_location,
    make_muscle,
    make_user,
    miss_fragments,
)
from tests.routines.conftest import make_routine
from triage import rules
from triage.forms import TriageForm

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
HOST = "testserver"


def fuzz(max_examples: int):
    """A fixed, reproducible budget: same examples on every run, nothing replayed from disk."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


# Values ------------------------------------------------------------------------------------

XSS = ['<script>alert("fuzz")</script>', '"><img src=x onerror=alert(1)>']
ODD_NUMBERS = [
    "-1", "0", "1", " 7 ", "10", "11", "14", "15", "100", "101", "600", "601", "3650", "3651",
    "32767", "32768", "65536", "2147483648", "1000000", str(10**30), f"-{10**30}", "9" * 5000,
    "1e9", "1E3", "NaN", "nan", "inf", "-inf", "3.5", "7.0", "7,0", "0x1F", "1_000", "+5",
    "٣", "½", "①",
]  # fmt: skip
ODD_TEXT = [
    "", " ", "\t", "\r\n", "abc", "null", "None", "true", "[]", "{}", "%", "_", "\\", "'", '"',
    "' OR 1=1 --", "../../etc/passwd", "\x00", "a\x00b", "\u202eevil\u202c", "\u200f", "\ufeff",
    "שלום", "مرحبا", "🏃\u200d♀️", "😀" * 3, "e\u0301", "\x1b[31m", "\x7f", "\U0010fffd",
    *XSS,
]  # fmt: skip
UNICODE_TEXT = st.text(
    alphabet=st.characters(
        categories=["L", "M", "N", "P", "S", "Zs", "Cc", "Cf", "Co"], exclude_characters="\x00"
    ),
    max_size=30,
)
# Just over each max_length in the forms, and a lot over.
LONG_TEXT = st.builds(
    lambda length, char: char * length,
    st.sampled_from([41, 81, 101, 121, 151, 256, 501, 2001, 5000]),
    st.sampled_from(["x", "é", "😀", "א", " "]),
)
# NUL is what PostgreSQL refuses in text, so it gets a branch of its own.
_AROUND_NUL = st.text(alphabet="a1-é", max_size=3)
WITH_NUL = st.builds(lambda head, tail: f"{head}\x00{tail}", _AROUND_NUL, _AROUND_NUL)
JUNK = st.one_of(
    st.sampled_from(ODD_NUMBERS + ODD_TEXT),
    WITH_NUL,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats().map(repr),
    UNICODE_TEXT,
    LONG_TEXT,
)
# Names a form does not have, including ones a mass-assignment bug would honour.
UNKNOWN_NAMES = st.one_of(
    st.sampled_from(
        [
            "owner", "owner_id", "share_token", "archived", "pk", "id", "routine", "position",
            "exercise", "published", "is_staff", "is_superuser", "created", "updated",
            "csrfmiddlewaretoken", "next", "page", "q", "submit", "", "a[]", "a.b",
        ]
    ),
    st.text(min_size=1, max_size=12),
)  # fmt: skip
MUTATIONS = ["junk", "drop", "empty", "repeat", "long"]


def choice(values) -> st.SearchStrategy[str]:
    return st.sampled_from(list(values))


def number(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(min_value=low, max_value=high).map(str)


def ordered_pair(low: int, high: int) -> st.SearchStrategy[tuple[str, str]]:
    """A (fewest, most) pair, usually in order."""
    return st.tuples(
        st.integers(min_value=low, max_value=high), st.integers(min_value=low, max_value=high)
    ).map(lambda pair: tuple(str(n) for n in sorted(pair)))


@st.composite
def fuzzed(draw, valid: st.SearchStrategy[dict], *, extra_names=(), keep=(), max_broken=3) -> dict:
    """Valid form data with up to `max_broken` fields broken and up to two unknown fields.

    Values are strings or lists of strings (repeated fields); None in `valid` means the field
    is left out (an unticked checkbox). Fields named in `keep` are never broken.
    """
    data = dict(draw(valid))
    names = sorted((set(data) | set(extra_names)) - set(keep))
    for name in draw(st.lists(st.sampled_from(names), max_size=max_broken, unique=True)):
        how = draw(st.sampled_from(MUTATIONS))
        current = data.get(name)
        if how == "drop":
            data[name] = None
        elif how == "empty":
            data[name] = ""
        elif how == "long":
            data[name] = draw(LONG_TEXT)
        elif how == "repeat":
            keep = [] if current is None or isinstance(current, list) else [current]
            data[name] = draw(
                st.lists(st.one_of(JUNK, st.sampled_from(keep or [""])), min_size=2, max_size=4)
            )
        else:
            data[name] = draw(JUNK)
    for name, value in draw(st.dictionaries(UNKNOWN_NAMES, JUNK, max_size=2)).items():
        data.setdefault(name, value)
    return {name: value for name, value in data.items() if value is not None}


def as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def encoded(data: dict) -> str:
    """application/x-www-form-urlencoded, as browsers and htmx send it; lists repeat."""
    return urlencode(data, doseq=True)


# Requests and what every response must satisfy ---------------------------------------------

HX_PANEL = {"HX-Request": "true", "HX-Target": "routine-panel"}
NOTICE = 'hx-swap-oob="innerHTML:#routine-notice"'


def signed_in(user) -> Client:
    """A fresh client per example, so no message or session state leaks between examples."""
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict, *, htmx: bool = False, **headers):
    if htmx:
        headers.update(HX_PANEL)
    # Drawn in full, not from cached fragments: the test client then captures the context
    # (the checks read the page's `error` and `return_to` from it).
    miss_fragments()
    return client.post(
        url, encoded(data), content_type="application/x-www-form-urlencoded", headers=headers
    )


def htmx_headers(htmx: bool) -> dict:
    return {"HX-Request": "true"} if htmx else {}


def get(client: Client, url: str, data: dict, headers=None):
    query = encoded(data)
    return client.get(f"{url}?{query}" if query else url, headers=headers or {})


def html_of(response) -> str:
    html = response.content.decode()
    for marker in XSS:
        assert marker not in html, f"unescaped input in the page: {marker}"
    return html


def assert_not_500(response) -> None:
    event(f"HTTP {response.status_code}")
    # The test client re-raises a view's exception; this catches the rest (e.g. a 503 page).
    assert response.status_code < 500, response.status_code


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{(low|high|value|limit_value|name)\}")


def assert_says(html: str, messages) -> None:
    """Every message is a real sentence and appears in the page, escaped."""
    messages = [str(message) for message in messages]
    assert messages, "refused without saying why"
    for message in messages:
        assert message.strip(), "an empty error message"
        assert not PLACEHOLDER.search(message), f"unformatted message: {message}"
        assert escape(message) in html, f"message not shown: {message[:200]}"


def form_messages(form) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]


def assert_stays_on_site(location: str, paths=None) -> None:
    """Read the Location header the way a browser would: a backslash is a slash and leading
    blanks and control characters are dropped. It must name no other host."""
    browser = location.lstrip("".join(chr(c) for c in range(33))).replace("\\", "/")
    parts = urlsplit(browser)
    assert parts.scheme in ("", "http", "https"), location
    assert parts.netloc in ("", HOST), location
    assert not browser.startswith("//"), location
    if paths is not None:
        assert parts.path in paths, location


@pytest.fixture
def no_lockouts():
    """Forget sign-in failures (django-axes, when installed) before each example."""

    def reset():
        if apps.is_installed("axes"):
            from axes.utils import reset as axes_reset

            axes_reset()

    return reset


class Example:
    """One example in a savepoint that is rolled back, so every example starts the same."""

    def __enter__(self):
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        return self

    def __exit__(self, *exc):
        transaction.set_rollback(True)
        return self._atomic.__exit__(*exc)


# Rows, snapshots and invariants ------------------------------------------------------------

ROUTINE_FIELDS = [
    "pk", "owner_id", "title", "for_whom", "level", "notes", "share_token", "archived",
    "created", "updated",
]  # fmt: skip
ITEM_FIELDS = [
    "pk", "routine_id", "exercise_id", "position", "sets_min", "sets_max", "reps_min",
    "reps_max", "hold_seconds_min", "hold_seconds_max", "side", "frequency_min",
    "frequency_max", "frequency_period", "load_note", "coach_note",
]  # fmt: skip


def snapshot() -> dict:
    """Every routine and item, read fresh from the database."""
    return {
        "routines": list(Routine.objects.order_by("pk").values_list(*ROUTINE_FIELDS)),
        "items": list(RoutineItem.objects.order_by("pk").values_list(*ITEM_FIELDS)),
    }


def routine_row(routine) -> dict:
    return Routine.objects.values(*ROUTINE_FIELDS).get(pk=routine.pk)


def items_of(routine) -> list[RoutineItem]:
    return list(RoutineItem.objects.filter(routine_id=routine.pk).select_related("exercise"))


def assert_consistent(routine) -> None:
    """The routine and its items satisfy every rule the models state."""
    routine = Routine.objects.get(pk=routine.pk)
    routine.clean_fields()
    assert routine.title == routine.title.strip() and routine.title
    assert routine.level in {preset.value for preset in dosing.Preset}
    assert routine.share_token is None or routine.share_token.strip()
    items = items_of(routine)
    assert len(items) <= MAX_ITEMS
    assert [item.position for item in items] == list(range(1, len(items) + 1))
    for item in items:
        item.clean_fields()  # validators: 1..MAX_* for every number, choices, lengths
        assert 1 <= item.sets_min <= item.sets_max <= MAX_SETS
        assert 1 <= item.frequency_min <= item.frequency_max <= MAX_TIMES
        exercise = item.exercise
        assert item.is_hold == exercise.is_hold or exercise.reps_or_hold, "a unit the move lacks"
        assert item.side in exercise.move().sides(), "a side the move does not have"
        assert not item.load_note or exercise.loadable, "a load on a move without weights"
        if item.is_hold:
            assert item.reps_min is None and item.reps_max is None
            assert 1 <= item.hold_seconds_min <= item.hold_seconds_max <= MAX_HOLD_SECONDS
        else:
            assert item.hold_seconds_min is None and item.hold_seconds_max is None
            assert 1 <= item.reps_min <= item.reps_max <= MAX_REPS


def assert_only_changed(before: dict, after: dict, allowed: set[str]) -> None:
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= allowed, f"changed {changed - allowed}"


# The world every test starts from ----------------------------------------------------------


@pytest.fixture(scope="module")
def world_rows(django_db_setup, django_db_blocker):
    """The world's rows, made once for the module's tests (kept_for_the_module): each test
    sees them exactly as made, whatever the test before changed (its own savepoint is rolled
    back). Primary keys and slugs only: `world` reads the rows afresh for each test."""
    with kept_for_the_module(django_db_blocker), django_db_blocker.unblock():
        users = get_user_model()
        # The tests' hasher (tests/conftest._fast_passwords is per test, after this fixture).
        with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
            coach = make_user(users, "coach_a", coach=True)
            other_coach = make_user(users, "coach_b", coach=True)
        outer = make_location("outer_side")
        front = make_location("front_groin")
        glutes = make_muscle("glute-medius")
        band = make_equipment("resistance-band")
        dumbbell = make_equipment("dumbbell")
        clamshell = make_exercise(
            "Clamshell", unilateral=True, position="side_lying", locations=[outer],
            muscles=[glutes], equipment=[band],
        )  # fmt: skip
        squat = make_exercise("Goblet squat", loadable=True, equipment=[dumbbell], level="advanced")
        pigeon = make_exercise("Pigeon stretch", kind=Exercise.Kind.STRETCH, locations=[front])
        plank = make_exercise("Side plank", hold_seconds_min=10, hold_seconds_max=30)
        hidden = make_exercise("Retired move", published=False)
        fillers = [make_exercise(f"Filler {n}", locations=[outer]) for n in range(1, 10)]
        routine = make_routine(
            coach, title="Hips, weeks 1-6", for_whom="AB",
            exercises=[clamshell, squat, pigeon, plank],
        )  # fmt: skip
        full = make_routine(coach, title="Full", exercises=[clamshell, pigeon] * (MAX_ITEMS // 2))
        empty = make_routine(coach, title="Empty")
        theirs = make_routine(other_coach, title="Not yours", exercises=[clamshell, plank])
        yield {
            "users": {"coach": coach.pk, "other_coach": other_coach.pk},
            "routines": {
                "routine": routine.pk,
                "full": full.pk,
                "empty": empty.pk,
                "theirs": theirs.pk,
            },
            "published": [e.slug for e in [clamshell, squat, pigeon, plank, *fillers]],
            "hidden": hidden.slug,
        }


@pytest.fixture
def world(world_rows):
    """What every test starts from: two coaches, a catalogue of 14 moves, the first coach's
    routines (four moves, the 60-item cap, none) and one of the other coach's; objects read
    afresh from the module's rows (world_rows), so nothing a test did to one is seen by the
    next."""
    for alias in django_settings.CACHES:  # the page cache too: nothing from an earlier test
        caches[alias].clear()
    users = get_user_model().objects.in_bulk(world_rows["users"].values())
    routines = Routine.objects.in_bulk(world_rows["routines"].values())
    return {
        **{name: users[pk] for name, pk in world_rows["users"].items()},
        **{name: routines[pk] for name, pk in world_rows["routines"].items()},
        "published": list(world_rows["published"]),
        "hidden": world_rows["hidden"],
        "locations": ["outer_side", "front_groin"],
        "muscles": ["glute-medius"],
        "equipment": ["resistance-band", "dumbbell", "none"],
    }


def builder_url(routine, name="builder", *args) -> str:
    return reverse(f"routines:{name}", args=[routine.pk, *args])


def next_attempts(routine, other) -> list[str | None]:
    """The builder's hidden `next`, and attempts to send the coach somewhere else."""
    here = reverse("routines:builder", args=[routine.pk])
    return (
        [
            None, "", here, f"{here}?q=clam&page=2", f"{here}?kind=nope&page=abc", f"{here}#x",
            "//evil.example", f"//evil.example{here}", f"https://evil.example{here}",
            f"http://{HOST}@evil.example{here}", f"/\\evil.example{here}",
            f"\\\\evil.example{here}",
            f"///evil.example{here}", f"javascript:alert(1)//{here}", f" //evil.example{here}",
            f"{here}?q=%00", f"{here}?q=\x00", f"{here}\r\nSet-Cookie: a=b", "http://[::1",
            reverse("routines:builder", args=[other.pk]), "/routines/",
            f"{here}?next=//evil.example",
        ]
    )  # fmt: skip


def next_values(routine, other) -> st.SearchStrategy[str | None]:
    return st.sampled_from(next_attempts(routine, other))


CATALOGUE_FIELDS = ["q", "kind", "location", "muscle", "equipment", "level", "position", "page"]


def catalogue_query(world) -> st.SearchStrategy[dict]:
    optional = st.just(None)
    return st.fixed_dictionaries(
        {
            "q": st.one_of(optional, st.sampled_from(["clam", "Squat", "FILLER", "zzz"])),
            "kind": st.one_of(optional, choice(Exercise.Kind.values)),
            "location": st.one_of(optional, choice(world["locations"])),
            "muscle": st.one_of(optional, choice(world["muscles"])),
            "equipment": st.one_of(optional, choice(world["equipment"])),
            "level": st.one_of(optional, choice(Exercise.Level.values)),
            "position": st.one_of(optional, choice(Exercise.Position.values)),
            "page": st.one_of(optional, number(1, 3)),
        }
    )


def assert_filter_messages(response, html: str) -> None:
    """A full page shows every filter's message beside it; an invalid filter is ignored.

    The form is rebuilt from the request, as the view builds it: a page served from the page
    cache has no template context."""
    form = CatalogueFilterForm(response.wsgi_request.GET)
    if form.errors:
        assert_says(html, form_messages(form))
    for name in form.errors:
        assert name not in form.active_filters()


# The symptom checker -----------------------------------------------------------------------

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE|CREATE|ALTER|DROP|TRUNCATE)\b", re.I)

TRIAGE_VALID = st.fixed_dictionaries(
    {
        "location": choice(rules.Location),
        "radiates_to": st.lists(choice(rules.Radiates), unique=True, max_size=3),
        "onset": choice(rules.Onset),
        "duration_days": number(rules.DURATION_MIN, rules.DURATION_MAX),
        "improving": choice(rules.Improving),
        "severity": number(rules.SEVERITY_MIN, rules.SEVERITY_MAX),
        "weight_bearing": choice(rules.WeightBearing),
        "age": number(rules.AGE_MIN, rules.AGE_MAX),
        "pregnancy": st.one_of(st.none(), choice(rules.Pregnancy)),
        **{
            name: st.sampled_from([None, "on", "yes", "no", "unsure"])
            for name, _question in rules.YES_NO_QUESTIONS
        },
        # Sometimes the checker's own step marker: only the questions it lists were asked.
        "asked": st.one_of(
            st.none(), st.lists(st.sampled_from(rules.QUESTIONS), unique=True, max_size=12)
        ),
    }
)


@fuzz(max_examples=80)
@given(
    data=fuzzed(TRIAGE_VALID, max_broken=6),
    htmx=st.booleans(),
    button=st.sampled_from([None, "edit", "print"]),
)
def test_symptom_checker_answers_any_input_and_stores_nothing(world, data, htmx, button):
    if button:
        data = {**data, button: "1"}
    with Example(), CaptureQueriesContext(connection) as queries:
        response = post(Client(), reverse("triage:form"), data, **htmx_headers(htmx))
    assert_not_500(response)
    writes = [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])]
    assert not writes, writes
    assert "no-store" in response["Cache-Control"]
    html = html_of(response)
    if response.status_code == 200:
        form = TriageForm(QueryDict(encoded(data)))
        if form.is_valid():
            # The answer, or the next questions (every answer so far carried in the page).
            assert 'data-tier="' in html or 'id="step-heading"' in html
        else:
            # A malformed answer holds up nothing already decided: a red flag answers at once.
            assert re.search(r'data-tier="(emergency|urgent)"', html)
    else:
        assert response.status_code == 422
        form = response.context["form"]
        assert "Some answers need another look" in html
        # The step with the first answer to fix comes back: each of its questions says what
        # is wrong (an answer to fix on a later step is asked again there, never linked to
        # from here, where it has no input).
        shown = {field.name for _step, fields in response.context["sections"] for field in fields}
        assert_says(html, [m for name in shown & set(form.errors) for m in form.errors[name]])


# The catalogue: /exercises/ and the builder's catalogue ------------------------------------


@fuzz(max_examples=60)
@given(data=st.data(), htmx=st.booleans())
def test_catalogue_filters_and_search_take_any_query(world, data, htmx):
    query = data.draw(fuzzed(catalogue_query(world), extra_names=CATALOGUE_FIELDS))
    with Example():
        # Anonymous: the first request renders, the second is the page cache's copy.
        for _request in range(2):
            response = get(Client(), reverse("exercises:list"), query, htmx_headers(htmx))
            assert_not_500(response)
            assert response.status_code == 200
            html = html_of(response)
            assert "data-result-count" in html
            if not htmx:
                assert_filter_messages(response, html)


@fuzz(max_examples=50)
@given(data=st.data(), target=st.sampled_from([None, "catalogue-results", "routine-panel", "x"]))
def test_builder_catalogue_takes_any_query(world, data, target):
    routine = world["routine"]
    query = data.draw(fuzzed(catalogue_query(world), extra_names=CATALOGUE_FIELDS))
    headers = {"HX-Request": "true", "HX-Target": target} if target else {}
    with Example():
        before = snapshot()
        response = get(signed_in(world["coach"]), routine.get_absolute_url(), query, headers)
        assert_not_500(response)
        assert response.status_code == 200
        html = html_of(response)
        if target in (None, "x"):
            assert_filter_messages(response, html)
        assert snapshot() == before


# Routines: new and edit --------------------------------------------------------------------

LEVELS = [preset.value for preset in dosing.Preset]


def routine_fields(*, notes: bool) -> dict:
    fields = {
        "title": st.one_of(st.sampled_from(["Hips", "  Glutes  "]), UNICODE_TEXT),
        "for_whom": st.one_of(st.sampled_from(["", "JB"]), UNICODE_TEXT),
        "level": choice(LEVELS),
    }
    if notes:
        fields["notes"] = st.one_of(st.just(""), UNICODE_TEXT)
    return fields


@fuzz(max_examples=60)
@given(data=st.data(), method=st.sampled_from(["post", "post", "get"]))
def test_new_routine_takes_any_input_and_saves_all_or_nothing(world, data, method):
    slugs = st.one_of(choice(world["published"]), st.just(world["hidden"]), JUNK)
    exercises = st.one_of(
        st.lists(slugs, max_size=6),
        st.just([f"made-up-{n}" for n in range(MAX_ITEMS + 5)] + world["published"][:2]),
        st.just(world["published"] * 7),
    )
    valid = st.fixed_dictionaries({**routine_fields(notes=False), "exercise": exercises})
    form = data.draw(fuzzed(valid))
    url = reverse("routines:new")
    with Example():
        before = snapshot()
        client = signed_in(world["coach"])
        if method == "get":
            response = get(client, url, form)
            assert_not_500(response)
            assert response.status_code == 200
            html = html_of(response)
            if response.context["left_out"]:
                assert escape(response.context["left_out"]) in html
            assert snapshot() == before
            return
        response = post(client, url, form)
        assert_not_500(response)
        if response.status_code == 302:
            routine = Routine.objects.exclude(pk__in=[row[0] for row in before["routines"]]).get()
            assert snapshot()["items"][: len(before["items"])] == before["items"]
            assert routine.owner_id == world["coach"].pk and routine.share_token is None
            assert not routine.archived and routine.notes == ""
            assert_consistent(routine)
            sent = as_list(form.get("exercise", []))
            # The hand-off keeps the first MAX_HANDED_OFF distinct slugs, then the published.
            named = list(dict.fromkeys(slug for slug in sent if slug))[:MAX_HANDED_OFF]
            added = [item.exercise.slug for item in items_of(routine)]
            assert added == [slug for slug in named if slug in world["published"]]
            assert_stays_on_site(response["Location"], {routine.get_absolute_url()})
        else:
            assert response.status_code == 422
            assert snapshot() == before
            html = html_of(response)
            assert_says(html, form_messages(response.context["form"]))


@fuzz(max_examples=50)
@given(data=st.data())
def test_editing_routine_details_takes_any_input(world, data):
    routine = world["routine"]
    form = data.draw(fuzzed(st.fixed_dictionaries(routine_fields(notes=True))))
    with Example():
        before, row = snapshot(), routine_row(routine)
        response = post(signed_in(world["coach"]), builder_url(routine, "edit"), form)
        assert_not_500(response)
        if response.status_code == 302:
            assert_only_changed(
                row, routine_row(routine), {"title", "for_whom", "level", "notes", "updated"}
            )
            assert snapshot()["items"] == before["items"]
            assert_consistent(routine)
            assert_stays_on_site(response["Location"], {routine.get_absolute_url()})
        else:
            assert response.status_code == 422
            assert snapshot() == before
            assert_says(html_of(response), form_messages(response.context["form"]))


# Builder actions ---------------------------------------------------------------------------


def check_builder_action(world, response, routine, before, *, htmx, success_paths=None):
    """Classify the answer and check it. Returns True when the action happened."""
    assert_not_500(response)
    here = routine.get_absolute_url()
    if response.status_code == 302:
        assert not htmx or success_paths is not None
        assert_stays_on_site(response["Location"], success_paths or {here})
        event("done")
        return True
    html = html_of(response)
    if response.context.get("return_to"):  # the `next` the page's forms send back
        assert_stays_on_site(response.context["return_to"], {here})
    if htmx and response.status_code == 200 and NOTICE in html:
        assert not response.context.get("error")
        event("done")
        return True
    assert response.status_code == (200 if htmx else 422), response.status_code
    event("refused")
    assert snapshot() == before, "refused, but something was saved"
    context = response.context
    messages = [context["error"]] if context.get("error") else []
    for _item, item_form in context.get("item_forms", []):
        messages += form_messages(item_form)
    preset_form = context.get("preset_form")
    if preset_form is not None and preset_form.is_bound:
        messages += form_messages(preset_form)
    assert_says(html, messages)
    assert ('class="alert alert-danger' in html) or ("invalid-feedback" in html)
    return False


@fuzz(max_examples=50)
# The 60-item routine (the cap, long moves) is slow to render: one example in five.
@given(
    data=st.data(), htmx=st.booleans(), which=st.sampled_from(["routine"] * 3 + ["full", "empty"])
)
def test_adding_an_exercise_takes_any_input(world, data, htmx, which):
    routine = world[which]
    valid = st.fixed_dictionaries(
        {
            "exercise": st.one_of(choice(world["published"]), st.just(world["hidden"])),
            "next": next_values(routine, world["theirs"]),
        }
    )
    form = data.draw(fuzzed(valid))
    with Example():
        before = snapshot()
        count = len(items_of(routine))
        response = post(signed_in(world["coach"]), builder_url(routine, "add_item"), form,
                        htmx=htmx)  # fmt: skip
        if check_builder_action(world, response, routine, before, htmx=htmx):
            items = items_of(routine)
            assert len(items) == count + 1 <= MAX_ITEMS
            assert items[-1].exercise.slug in world["published"]
            assert [(i.pk, i.position) for i in items[:-1]] == [
                (row[0], row[3]) for row in before["items"] if row[1] == routine.pk
            ]
            assert_consistent(routine)


def dose_fields(item) -> dict:
    """Valid dose data for `item`, under the form's prefix: each number or range in one box
    ("3", "2-4"), and only the fields the item's move offers (side, load, unit)."""
    prefix = f"item-{item.pk}-"
    exercise = item.exercise
    sets = ordered_pair(1, MAX_SETS).map(lambda pair: "-".join(dict.fromkeys(pair)))
    count = ordered_pair(1, MAX_HOLD_SECONDS if item.is_hold else MAX_REPS).map(
        lambda pair: "-".join(dict.fromkeys(pair))
    )

    @st.composite
    def build(draw):
        data = {
            "sets": draw(sets),
            "work": draw(count),
            "frequency": draw(number(1, MAX_TIMES)),
            "frequency_period": draw(choice(RoutineItem.Period.values)),
            "coach_note": draw(st.one_of(st.just(""), UNICODE_TEXT)),
        }
        if exercise.unilateral:
            data["side"] = draw(choice([side.value for side in exercise.move().sides()]))
        if exercise.loadable:
            data["load_note"] = draw(st.one_of(st.just(""), UNICODE_TEXT))
        return {prefix + name: value for name, value in data.items()}

    return build()


@fuzz(max_examples=80)
@given(data=st.data(), htmx=st.booleans(), index=st.integers(0, 3), bare=st.booleans())
def test_editing_a_dose_takes_any_input(world, data, htmx, index, bare):
    routine = world["routine"]
    item = items_of(routine)[index]
    valid = dose_fields(item)
    if bare:  # the field names without the form's prefix: every field is missing
        valid = valid.map(lambda d: {name.split("-", 2)[2]: value for name, value in d.items()})
    form = data.draw(fuzzed(valid.map(lambda d: {**d, "next": None})))
    if data.draw(st.booleans()):
        form["next"] = data.draw(next_values(routine, world["theirs"]))
    form = {name: value for name, value in form.items() if value is not None}
    with Example():
        before = snapshot()
        row = RoutineItem.objects.values(*ITEM_FIELDS).get(pk=item.pk)
        url = builder_url(routine, "edit_item", item.pk)
        response = post(signed_in(world["coach"]), url, form, htmx=htmx)
        if check_builder_action(world, response, routine, before, htmx=htmx):
            after = RoutineItem.objects.values(*ITEM_FIELDS).get(pk=item.pk)
            assert_only_changed(
                row, after, set(ITEM_FIELDS) - {"pk", "routine_id", "exercise_id", "position"}
            )
            others = [r for r in snapshot()["items"] if r[0] != item.pk]
            assert others == [r for r in before["items"] if r[0] != item.pk]
            assert_consistent(routine)


@fuzz(max_examples=60)
@given(data=st.data(), htmx=st.booleans(), which=st.sampled_from(["routine"] * 3 + ["full"]))
def test_moving_an_exercise_takes_any_input(world, data, htmx, which):
    routine = world[which]
    items = items_of(routine)
    item = data.draw(st.sampled_from([items[0], items[1], items[-1]]))
    valid = st.fixed_dictionaries(
        {
            "direction": st.sampled_from(["up", "down", None, "", "up", "down"]),
            "position": st.one_of(st.none(), number(1, len(items)), number(-2, len(items) + 2)),
            "next": next_values(routine, world["theirs"]),
        }
    )
    form = data.draw(fuzzed(valid))
    with Example():
        before = snapshot()
        order = [i.pk for i in items_of(routine)]
        url = builder_url(routine, "move_item", item.pk)
        response = post(signed_in(world["coach"]), url, form, htmx=htmx)
        if check_builder_action(world, response, routine, before, htmx=htmx):
            after = [i.pk for i in items_of(routine)]
            assert sorted(after) == sorted(order)
            assert [p for p in after if p != item.pk] == [p for p in order if p != item.pk]
            assert_consistent(routine)


@fuzz(max_examples=40)
@given(data=st.data(), htmx=st.booleans(), which=st.sampled_from(["routine", "empty"]))
def test_applying_a_level_takes_any_input(world, data, htmx, which):
    routine = world[which]
    valid = st.fixed_dictionaries(
        {"level": choice(LEVELS), "next": next_values(routine, world["theirs"])}
    )
    form = data.draw(fuzzed(valid))
    with Example():
        before, row = snapshot(), routine_row(routine)
        url = builder_url(routine, "preset")
        response = post(signed_in(world["coach"]), url, form, htmx=htmx)
        if check_builder_action(world, response, routine, before, htmx=htmx):
            assert_only_changed(row, routine_row(routine), {"level", "updated"})
            assert_consistent(routine)


@fuzz(max_examples=30)
@given(data=st.data(), htmx=st.booleans())
def test_sharing_takes_any_input(world, data, htmx):
    routine = world["routine"]
    form = data.draw(
        fuzzed(
            st.fixed_dictionaries(
                {"action": choice(["issue", "revoke"]), "confirm": choice(["yes", ""])}
            )
        )
    )
    with Example():
        before, row = snapshot(), routine_row(routine)
        url = builder_url(routine, "share")
        response = post(signed_in(world["coach"]), url, form, htmx=htmx)
        shared = {routine.get_absolute_url()}
        asking = reverse("routines:share", args=[routine.pk])
        if response.get("Location") == asking:
            # "Stop sharing" without confirm=yes asks first (its own page) and changes nothing.
            assert_not_500(response)
            assert snapshot() == before and routine_row(routine) == row
            event("asked to confirm")
        elif check_builder_action(
            world, response, routine, before, htmx=htmx, success_paths=shared
        ):
            assert_only_changed(row, routine_row(routine), {"share_token", "updated"})
            assert snapshot()["items"] == before["items"]
            assert_consistent(routine)


@fuzz(max_examples=30)
@given(data=st.data(), htmx=st.booleans())
def test_archiving_takes_any_input(world, data, htmx):
    routine = world["routine"]
    form = data.draw(fuzzed(st.fixed_dictionaries({"archived": choice(["1", "0"])})))
    with Example():
        before, row = snapshot(), routine_row(routine)
        url = builder_url(routine, "archive")
        response = post(signed_in(world["coach"]), url, form, htmx=htmx)
        paths = {routine.get_absolute_url(), reverse("routines:list")}
        if check_builder_action(world, response, routine, before, htmx=htmx, success_paths=paths):
            assert_only_changed(row, routine_row(routine), {"archived", "updated"})
            assert snapshot()["items"] == before["items"]


# Sign-in -----------------------------------------------------------------------------------

EVIL_NEXT = [
    "//evil.example", "https://evil.example", "http://evil.example/", "///evil.example",
    "/\\evil.example", "\\\\evil.example", "\\/evil.example", "https:evil.example",
    "http:/evil.example", "javascript:alert(1)", "data:text/html,<b>x</b>", " //evil.example",
    "\t//evil.example", "\x01//evil.example", "//evil.example@testserver",
    "http://testserver@evil.example", "https://evil.example\\@testserver", "/%2F%2Fevil.example",
    "//%65vil.example", "//evil\u3002example", "http://[::1", "http://evil.example:80", "ftp://x",
]  # fmt: skip
LOCKED_OUT = re.compile(r"paused|locked|too many", re.I)
# User-Agent values gunicorn lets through (latin-1 with no control character but tab); it
# refuses the rest with a 400 of its own before Django sees them.
USER_AGENTS = st.one_of(
    st.none(),
    st.text(
        alphabet=st.characters(codec="latin-1", exclude_categories=["Cc"], include_characters="\t"),
        max_size=40,
    ),
    st.builds(
        lambda length: "Mozilla/5.0 " + "A" * length, st.sampled_from([243, 244, 1025, 5000])
    ),
    st.sampled_from(['<script>alert("fuzz")</script>', "' OR 1=1 --", "\xa0", "ÿ" * 300]),
)


def user_rows():
    return list(
        get_user_model()
        .objects.order_by("pk")
        .values_list("pk", "username", "password", "last_login", "is_active")
    )


def check_sign_in(response, client, world, users) -> None:
    assert_not_500(response)
    if response.status_code == 302:
        signed_in_as = client.session.get("_auth_user_id")
        assert signed_in_as in {str(world["coach"].pk), str(world["other_coach"].pk)}
        assert_stays_on_site(response["Location"])
        return
    assert "_auth_user_id" not in client.session
    assert user_rows() == users, "a failed sign-in changed a user"
    html = html_of(response)
    if response.status_code in (403, 429):
        event("locked out")
        assert LOCKED_OUT.search(html), html[:500]
        return
    assert response.status_code == 200
    assert_says(html, form_messages(response.context["form"]))


@fuzz(max_examples=60)
@given(data=st.data(), attempts=st.sampled_from([1, 1, 1, 6]))
def test_sign_in_takes_any_input_and_never_redirects_off_site(world, data, attempts, no_lockouts):
    valid = st.fixed_dictionaries(
        {
            "username": st.sampled_from(["coach_a", "coach_b", "COACH_A", "nobody"]),
            "password": st.sampled_from([PASSWORD, PASSWORD, "wrong", PASSWORD.upper()]),
            "next": st.one_of(
                st.none(),
                st.sampled_from(["", "/routines/", "/triage/?x=1", "/exercises/#f", *EVIL_NEXT]),
            ),
        }
    )
    form = data.draw(fuzzed(valid))
    agent = data.draw(USER_AGENTS)
    headers = {"User-Agent": agent} if agent is not None else {}
    with Example():
        no_lockouts()
        users = user_rows()
        client = Client()
        for _attempt in range(attempts):  # six in a row reach the lockout, when there is one
            response = post(client, reverse("login"), form, **headers)
            check_sign_in(response, client, world, users)
            if response.status_code == 302:
                break


def test_signing_in_never_redirects_to_another_site(world, no_lockouts):
    offsite = []
    for next_url in EVIL_NEXT:
        with Example():
            no_lockouts()
            data = {"username": "coach_a", "password": PASSWORD, "next": next_url}
            response = post(Client(), reverse("login"), data)
            assert response.status_code == 302, next_url
            try:
                assert_stays_on_site(response["Location"])
            except AssertionError:
                offsite.append((next_url, response["Location"]))
    assert not offsite


@pytest.mark.parametrize("htmx", [False, True])
def test_builder_actions_never_redirect_to_another_site(world, htmx):
    routine = world["routine"]
    here = routine.get_absolute_url()
    offsite = []
    for next_url in next_attempts(routine, world["theirs"]):
        data = {"level": "beginner", **({} if next_url is None else {"next": next_url})}
        with Example():
            response = post(signed_in(world["coach"]), builder_url(routine, "preset"), data,
                            htmx=htmx)  # fmt: skip
            if htmx:
                assert response.status_code == 200 and NOTICE in html_of(response)
                location = response.context["return_to"]  # where the panel's forms send `next`
            else:
                assert response.status_code == 302
                location = response["Location"]
            try:
                assert_stays_on_site(location, {here})
            except AssertionError:
                offsite.append((next_url, location))
    assert not offsite


# Regressions: bugs the fuzzing found, now fixed ----------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_handed_off_slug_with_a_nul_is_left_out_with_a_message(world, method):
    data = {"title": "Hips", "level": "beginner", "exercise": ["clamshell", "a\x00b"]}
    client = signed_in(world["coach"])
    url = reverse("routines:new")
    if method == "get":
        response = get(client, url, data)
        assert response.status_code == 200
        assert "Left out 1 exercise that the catalogue does not have" in html_of(response)
    else:
        response = post(client, url, data)
        assert response.status_code == 302
        routine = Routine.objects.get(title="Hips")
        assert [item.exercise.slug for item in items_of(routine)] == ["clamshell"]


def test_an_over_long_username_is_refused_with_a_message(world, no_lockouts):
    no_lockouts()
    client = Client()
    response = post(client, reverse("login"), {"username": "x" * 256, "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert_says(html_of(response), form_messages(response.context["form"]))


@pytest.mark.parametrize(
    ("index", "field", "value"),
    [
        (0, "unit", "hold"),  # clamshell counts reps
        (0, "load_note", "5 kg"),  # clamshell takes no weights
        (2, "side", "left"),  # the pigeon stretch here works both sides together
        (3, "unit", "reps"),  # side plank is a hold
        (3, "unit", "abc"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_dose_the_move_does_not_offer_is_explained(world, index, field, value, htmx):
    routine = world["routine"]
    item = items_of(routine)[index]
    data = {
        "sets": "2-3",
        "work": "20-30" if item.is_hold else "8-12",
        "frequency": "2",
        "frequency_period": "week",
        field: value,
    }
    data = {f"item-{item.pk}-{name}": value for name, value in data.items()}
    before = snapshot()
    url = builder_url(routine, "edit_item", item.pk)
    response = post(signed_in(world["coach"]), url, data, htmx=htmx)
    assert response.status_code == (200 if htmx else 422)
    assert snapshot() == before
    bound = next(form for it, form in response.context["item_forms"] if it.pk == item.pk)
    assert bound.errors
    assert_says(html_of(response), form_messages(bound))


# The runner's session log on the shared link ---------------------------------------------

WARNING_KEYS = [sign.key for sign in monitoring.WARNING_SIGNS]


def session_log_valid(routine) -> st.SearchStrategy[dict]:
    values = []
    for item in items_of(routine):
        values.append(str(item.pk))
        if item.side == dosing.Side.EACH.value:
            values += [f"{item.pk}:left", f"{item.pk}:right"]
    today = timezone.localdate()
    return st.fixed_dictionaries(
        {
            "date": st.integers(0, 14).map(lambda n: (today - timedelta(days=n)).isoformat()),
            "done": st.one_of(st.none(), st.lists(st.sampled_from(values), min_size=1, max_size=5)),
            "listed": st.sampled_from([None, "1"]),
            "pain": number(0, 10),
            "morning": st.sampled_from([None, "", "better", "same", "worse"]),
            "warning": st.one_of(
                st.none(), st.lists(st.sampled_from(WARNING_KEYS), min_size=1, max_size=3)
            ),
            "note": st.one_of(st.just(""), UNICODE_TEXT),
        }
    )


def log_counts() -> tuple[int, int]:
    return SessionLog.objects.count(), SessionItem.objects.count()


@fuzz(max_examples=80)
@given(data=st.data(), htmx=st.booleans())
def test_logging_a_session_takes_any_input_and_saves_all_or_nothing(world, data, htmx):
    routine = world["routine"]
    with Example():
        token = services.routine_share(routine=routine)
        payload = data.draw(fuzzed(session_log_valid(routine), max_broken=3))
        before, rows_before = log_counts(), snapshot()
        headers = {"HX-Request": "true", "HX-Target": "log"} if htmx else {}
        response = Client().post(
            f"/r/{token}/sessions/",
            encoded(payload),
            content_type="application/x-www-form-urlencoded",
            headers=headers,
        )
        assert_not_500(response)
        html = html_of(response)
        assert "no-store" in response["Cache-Control"]
        assert snapshot() == rows_before  # the routine itself never changes
        if response.status_code in (200, 302):
            session = SessionLog.objects.get()
            assert log_counts()[0] == before[0] + 1
            assert 0 <= session.pain <= 10
            assert len(session.note) <= SESSION_NOTE_MAX_LENGTH and "\x00" not in session.note
            assert session.advice in {level.value for level in monitoring.Level}
            assert set(session.warning_signs) <= set(WARNING_KEYS)
            done = list(session.done.values_list("item__routine_id", "side"))
            # Nothing done is a session skipped, logged for its pain (QA).
            assert all(routine_id == routine.pk for routine_id, _side in done)
            if htmx:
                assert response.status_code == 200 and f'data-advice="{session.advice}"' in html
            else:
                assert response.status_code == 302
                assert_stays_on_site(response["Location"], paths={f"/r/{token}/"})
        else:
            assert response.status_code == 422
            assert log_counts() == before
            assert_says(html, form_messages(response.context["log_form"]))


@fuzz(max_examples=40)
@given(value=st.one_of(JUNK, st.sampled_from(["better", "same", "worse"])), htmx=st.booleans())
def test_the_next_morning_answer_takes_any_input(world, value, htmx):
    routine = world["routine"]
    with Example():
        token = services.routine_share(routine=routine)
        # Yesterday's session (the routine made the day before): its next morning has come.
        Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(days=2))
        routine.refresh_from_db()
        session = services.session_log(
            routine=routine,
            day=timezone.localdate() - timedelta(days=1),
            pain=2,
            done=[(items_of(routine)[0].pk, "")],
        )
        headers = {"HX-Request": "true", "HX-Target": "log"} if htmx else {}
        response = Client().post(
            f"/r/{token}/sessions/{session.pk}/morning/",
            encoded({"morning": value}),
            content_type="application/x-www-form-urlencoded",
            headers=headers,
        )
        assert_not_500(response)
        html_of(response)
        session.refresh_from_db()
        if value in ("better", "same", "worse"):
            assert response.status_code in (200, 302) and session.morning == value
        else:
            assert response.status_code == 422 and session.morning == ""
