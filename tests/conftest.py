"""Small builders shared by the tests. Tests build what they need; the tests about the real
catalogue load it whole (real_catalogue, once per module)."""

import atexit
import itertools
import os
import shutil
import tempfile
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from exercises.models import (
    Equipment,
    Exercise,
    ExerciseMuscle,
    Muscle,
    PainLocation,
    Source,
    Step,
)
from hipcare.auth import COACHES_GROUP

_counter = itertools.count(1)


def _caches_of_worker(worker: str) -> dict:
    """The caches for one pytest-xdist worker ("gw0", "gw1"...; "gw0" for a run without
    workers): the tests empty their caches between tests, Redis can only empty a whole
    database number and FileBasedCache a whole folder, so each worker gets its own: Redis
    database number N + its index (N from REDIS_URL) and a session folder of this process's own
    (never the checkout's .cache, which another test run or `make run` may be using at the same
    time: a run emptying it made another's session reads miss, one query more, now and then).
    pytest-django already gives each worker its own test database."""
    index = int(worker.removeprefix("gw"))
    configured = {}
    for alias, config in settings.CACHES.items():
        config = dict(config)
        if config["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
            url = urlsplit(config["LOCATION"])
            number = int(url.path.strip("/") or 0) + index
            config["LOCATION"] = urlunsplit(url._replace(path=f"/{number}"))
        elif config["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache":
            config["LOCATION"] = tempfile.mkdtemp(prefix=f"hipcare-test-sessions-{worker}-")
            atexit.register(shutil.rmtree, config["LOCATION"], ignore_errors=True)
        configured[alias] = config
    return configured


# Pages under test (the test client, the browser tests' live server) use the static files as
# they are in static/ now, found where they lie: never a folder collectstatic filled earlier
# (make bench, a DEBUG=0 run), whose copies or manifest (hashed names) may be of older files.
# STATIC_ROOT is an empty folder of this process's own, so WhiteNoise finds nothing in it.
_STATIC_ROOT = tempfile.mkdtemp(prefix="hipcare-test-static-")
atexit.register(shutil.rmtree, _STATIC_ROOT, ignore_errors=True)
override_settings(
    STATIC_ROOT=_STATIC_ROOT,
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
).enable()


_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
# Before any test reads a cache: override_settings resets Django's cache handler.
override_settings(CACHES=_caches_of_worker(_WORKER)).enable()
if settings.REDIS_URL:
    try:
        caches["default"].has_key("worker-check")
    except Exception as error:  # redis-py's, e.g. "DB index is out of range"
        raise pytest.UsageError(
            f"{_WORKER} cannot use Redis at "
            f"{settings.CACHES['default']['LOCATION']} ({error}): each test worker takes the "
            "database number after the previous one's; start REDIS_URL at a lower number or "
            "run fewer workers (TEST_WORKERS)"
        ) from error


@pytest.fixture(autouse=True, scope="session")
def _partials_seen_by_the_test_client():
    """The test client's `response.context` for a partial ("builder.html#routine") too: Django's
    test set-up instruments Template._render only, and django-template-partials renders a
    partial through its own TemplateProxy._render (its issue #54, which suggests hooking the
    test set-up). Without it a partial with no {% include %} inside gives `context` None."""
    from django.test.utils import instrumented_test_render
    from template_partials.templatetags.partials import TemplateProxy

    original = TemplateProxy._render
    TemplateProxy._render = instrumented_test_render
    yield
    TemplateProxy._render = original


FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Every user a test makes hashes a password; a fast hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


# What a test reaches of the set-up CI varies (SQLite or PostgreSQL, caches in memory or in
# Redis). A test that reaches neither the database nor a cache (the triage rules, dosing, pain
# monitoring, figures: about half the suite) runs the same on every set-up, so CI runs it once:
# HIPCARE_TESTS=backend (.ci/run's PostgreSQL passes) leaves it out, HIPCARE_TESTS=backend-free
# runs only those. Whether a test reaches the database is pytest-django's to say (its marks and
# fixtures; it refuses any other access). A test that reads a cache without the database is
# marked `cache`; any other test that does is given caches that raise (CacheNotForThisTest),
# so a test cannot be left out of the PostgreSQL passes while depending on the cache they set.
_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


def reaches_backend(item: pytest.Item) -> bool:
    """Whether a collected test reaches the database or a cache (see above)."""
    return bool(
        item.get_closest_marker("django_db")
        or item.get_closest_marker("cache")
        or _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


_SELECTIONS = {"all": None, "backend": True, "backend-free": False}


def pytest_collection_modifyitems(config, items):
    selection = os.environ.get("HIPCARE_TESTS", "all")
    if selection not in _SELECTIONS:
        raise pytest.UsageError(f"HIPCARE_TESTS={selection}: use one of {', '.join(_SELECTIONS)}")
    wanted = _SELECTIONS[selection]
    if wanted is None:
        return
    kept, left_out = [], []
    for item in items:
        (kept if reaches_backend(item) == wanted else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


_NO_CACHES = {alias: {"BACKEND": "tests.support.CacheNotForThisTest"} for alias in settings.CACHES}


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Caches are per process; a rolled-back test must not leave entries for the next one.
    A test reaching neither database nor cache (reaches_backend) gets caches that raise."""
    if not reaches_backend(request.node):
        with override_settings(CACHES=_NO_CACHES):
            yield
        return
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def ticking_clock(monkeypatch):
    """Pin django.utils.timezone.now at a moment: `ticking_clock(moment)`. Each read is a
    millisecond after the last, so entries keep the order they were logged in. The live
    server of the browser tests runs in this process, so it reads the same clock."""

    def pin(moment):
        ticks = itertools.count()
        monkeypatch.setattr(
            "django.utils.timezone.now",
            lambda: moment + timedelta(milliseconds=next(ticks)),
        )

    return pin


@pytest.fixture(autouse=True)
def _clock_of_the_mark(request):
    """A test marked `clock(moment)`, itself or by its module's `pytestmark`, runs with the
    clock pinned at `moment` (ticking_clock) from before its other fixtures are made."""
    mark = request.node.get_closest_marker("clock")
    if mark is not None:
        request.getfixturevalue("ticking_clock")(*mark.args)


CATALOGUE_FIXTURE = settings.BASE_DIR / "fixtures" / "catalogue.json"


@contextmanager
def kept_for_the_module(django_db_blocker):
    """Rows made inside it are seen by every test of the module, as Django's
    TestCase.setUpTestData does: they are written in a transaction that stays open for the
    module, each test inside it in its own savepoint (pytest-django nests the test's
    transaction), so each test sees them exactly as made, whatever the one before changed;
    rolled back after the module. For module-scoped fixtures of modules whose tests all run in
    a transaction (no transaction=True, no live_server). The database stays blocked inside it:
    the fixture unblocks it while it writes its rows (django_db_blocker.unblock())."""
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.fixture(scope="module")
def real_catalogue(django_db_setup, django_db_blocker):
    """The real catalogue (fixtures/catalogue.json) for a module's tests, loaded once rather
    than once a test (kept_for_the_module). Once loaded, every later test of the module sees
    it: request it from an autouse fixture, in modules whose tests all run in a transaction
    (no transaction=True, no live_server). Give that fixture another name: one that overrides
    real_catalogue is set up as a test's fixture, after the test's transaction has begun, and
    the catalogue goes with the first test's rollback."""
    with kept_for_the_module(django_db_blocker):
        with django_db_blocker.unblock():
            call_command("loaddata", str(CATALOGUE_FIXTURE), verbosity=0)
        yield


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The bench's world (the real catalogue, routines of 12 and 60 items, logs of 14 and 60
    sessions), made once for the module (kept_for_the_module): each test sees it as made, what
    one test adds (500 more exercises) rolled back before the next."""
    with kept_for_the_module(django_db_blocker):
        # The suite's fast hasher (tests/conftest._fast_passwords is per test, set after this).
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
            made = _seed()
        yield made


def _seed() -> dict:
    from django.contrib.auth import get_user_model

    from bench.seed import log_sessions
    from routines import services

    call_command("load_catalogue", verbosity=0)
    coach = make_user(get_user_model(), "bench-coach", coach=True)
    published = list(Exercise.objects.published())
    made = {"slug": published[0].slug, "coach": coach}
    for size in (12, 60):
        routine = services.routine_create(
            owner=coach, title=f"{size} items", exercises=(published * 2)[:size]
        )
        made[f"routine{size}"] = routine.pk
        made[f"token{size}"] = services.routine_share(routine=routine)
    for sessions in (14, 60):
        routine = services.routine_create(owner=coach, title="Logged", exercises=published[:12])
        made[f"tokenlog{sessions}"] = services.routine_share(routine=routine)
        log_sessions(routine, sessions)
    return made


def miss_fragments() -> None:
    """From now on every cached template fragment misses (a new key version), while the other
    caches keep what they hold: clear() on Redis would empty its whole database, sessions and
    lookups too, and so count queries a running server does not make."""
    caches["fragments"].version += 1


#: The calls of a cache that read or write it (what cache_calls counts by default).
CACHE_CALLS = ("get", "get_many", "set", "set_many", "add", "get_or_set")


@contextmanager
def cache_calls(alias: str, names=CACHE_CALLS):
    """The list of the calls of `names` made to the cache `alias` inside it, by name, in
    order: the ones the code under test makes, not those a call makes inside another (the
    memory cache's own gets inside its get_many). With Redis each is a round trip."""
    cache = caches[alias]
    calls, inside = [], []

    def counted(name):
        method = getattr(cache, name)

        def call(*args, **kwargs):
            if not inside:
                calls.append(name)
            inside.append(name)
            try:
                return method(*args, **kwargs)
            finally:
                inside.pop()

        return call

    for name in names:
        setattr(cache, name, counted(name))
    try:
        yield calls
    finally:
        for name in names:
            delattr(cache, name)


def cache_reads(client, url) -> int:
    """How many reads of the lookups' cache ("default") a full render of `url` makes: its
    fragments missing, the lookups warm from a first view (with Redis, each read is a round
    trip, so a page should read what it needs together)."""
    client.get(url)
    miss_fragments()
    with cache_calls("default", ("get", "get_many")) as reads:
        client.get(url)
    return len(reads)


def make_source(**fields) -> Source:
    n = next(_counter)
    fields.setdefault("slug", f"source-{n}")
    fields.setdefault("title", f"Source article {n}")
    return Source.objects.create(**fields)


def make_muscle(slug: str = "", **fields) -> Muscle:
    n = next(_counter)
    slug = slug or f"muscle-{n}"
    fields.setdefault("name", slug.replace("-", " ").capitalize())
    return Muscle.objects.get_or_create(slug=slug, defaults=fields)[0]


def make_equipment(slug: str, **fields) -> Equipment:
    fields.setdefault("name", slug.replace("-", " ").capitalize())
    return Equipment.objects.get_or_create(slug=slug, defaults=fields)[0]


def make_location(slug: str, **fields) -> PainLocation:
    fields.setdefault("name", slug.replace("_", " ").capitalize())
    return PainLocation.objects.get_or_create(slug=slug, defaults=fields)[0]


def make_exercise(
    name: str = "",
    *,
    muscles=(),
    secondary=(),
    equipment=(),
    locations=(),
    sources=(),
    steps=("Get into position.", "Do the move slowly.", "Return and repeat."),
    **fields,
) -> Exercise:
    n = next(_counter)
    name = name or f"Exercise {n}"
    fields.setdefault("slug", name.lower().replace(" ", "-"))
    fields.setdefault("kind", Exercise.Kind.STRENGTH)
    fields.setdefault("purpose", f"Strengthens something ({n}).")
    fields.setdefault("why", "Runners need it.")
    fields.setdefault("position", Exercise.Position.STANDING)
    if fields["kind"] == Exercise.Kind.STRETCH:
        fields.setdefault("hold_seconds_min", 30)
        fields.setdefault("hold_seconds_max", 60)
        fields.setdefault("frequency_min", 1)
        fields.setdefault("frequency_max", 1)
        fields.setdefault("frequency_period", Exercise.Period.DAY)
    elif "hold_seconds_min" not in fields:
        fields.setdefault("reps_min", 12)
        fields.setdefault("reps_max", 15)
    exercise = Exercise.objects.create(name=name, **fields)
    for position, text in enumerate(steps, start=1):
        Step.objects.create(exercise=exercise, position=position, text=text)
    for muscle in muscles:
        ExerciseMuscle.objects.create(exercise=exercise, muscle=muscle)
    for muscle in secondary:
        ExerciseMuscle.objects.create(
            exercise=exercise, muscle=muscle, role=ExerciseMuscle.Role.SECONDARY
        )
    exercise.equipment.set(equipment)
    exercise.pain_locations.set(locations)
    exercise.sources.set(sources or [make_source()])
    return exercise


@pytest.fixture
def outer_hip_catalogue(db):
    """The symptom checker's sources and four moves for the outer hip: what its answer page
    (a reason with its sources, a starter routine) reads of the catalogue."""
    from triage import rules

    for slug in rules.KNOWN_SOURCES:
        make_source(slug=slug, title=f"Title of {slug}")
    outer = make_location("outer_side")
    return [
        make_exercise("Clamshell", locations=[outer], position="side_lying", unilateral=True),
        make_exercise("Glute bridge", locations=[outer], position="lying_back"),
        make_exercise("Side plank", locations=[outer], position="side_lying"),
        make_exercise("IT band stretch", kind=Exercise.Kind.STRETCH, locations=[outer]),
    ]


def make_user(django_user_model, username: str = "", *, coach=False, **fields):
    username = username or f"user{next(_counter)}"
    user = django_user_model.objects.create_user(
        username=username, password=fields.pop("password", "correct-horse-battery"), **fields
    )
    if coach:
        user.groups.add(Group.objects.get_or_create(name=COACHES_GROUP)[0])
    return user


@pytest.fixture
def coach(django_user_model):
    return make_user(django_user_model, "coach_a", coach=True)


@pytest.fixture
def other_coach(django_user_model):
    return make_user(django_user_model, "coach_b", coach=True)


@pytest.fixture
def runner_user(django_user_model):
    """Signed in, but not a coach."""
    return make_user(django_user_model, "runner")


@pytest.fixture
def staff(django_user_model):
    return make_user(django_user_model, "staff", is_staff=True, is_superuser=True)


def cache_entries():
    """(key, value) for everything in every configured cache: the in-process memory caches'
    own dicts, or, with REDIS_URL, every key under the cache's prefix in Redis."""
    import pickle

    from django.conf import settings as django_settings
    from django.core.cache import caches

    for alias in django_settings.CACHES:
        cache = caches[alias]
        store = getattr(cache, "_cache", None)
        if isinstance(store, dict):
            for key, value in list(store.items()):
                yield key, pickle.loads(value)  # noqa: S301 - our own cache
        elif store is not None and hasattr(store, "get_client"):
            client = store.get_client()
            for key in client.scan_iter(match=f"{cache.key_prefix}*"):
                raw = client.get(key)
                if raw is None:
                    continue
                try:
                    yield key, int(raw)
                except ValueError:
                    yield key, pickle.loads(raw)  # noqa: S301 - our own cache


@pytest.fixture(autouse=True)
def deleting_later(monkeypatch):
    """Tests delete an entry just after logging it to stand for deleting it later: no
    correction window (routines.models.CORRECTION_WINDOW), unless a test asks for it
    (tests/routines/test_deleted_correction.py)."""
    monkeypatch.setattr("routines.models.CORRECTION_WINDOW", timedelta(0))
