"""Sessions and sign-in are Django's own: the cached_db session engine, ModelBackend (behind
django-axes) and AuthenticationMiddleware; whether a user is a coach is asked through the
Coaches group, once per request. The migration that brought sessions back to Django's table
keeps everyone signed in."""

import importlib
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import make_user

pytestmark = pytest.mark.django_db
SIGNED_IN_AS_COACH_A = 'Sign out <span class="visually-hidden">coach_a</span>'


def test_the_session_engine_and_backends_are_djangos():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert settings.AUTHENTICATION_BACKENDS == [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    assert "django.contrib.auth.middleware.AuthenticationMiddleware" in settings.MIDDLEWARE


def test_the_session_cache_is_shared_by_every_process():
    """Signing out in one worker must sign out in all: never per-process memory."""
    backend = settings.CACHES[settings.SESSION_CACHE_ALIAS]["BACKEND"]
    assert backend in {
        "django.core.cache.backends.redis.RedisCache",
        "django.core.cache.backends.filebased.FileBasedCache",
    }


def test_signing_in_and_out_writes_djangos_session_table(client, django_user_model):
    coach = make_user(django_user_model, "coach_a", coach=True, password="pw-for-coach-a-1")
    client.post("/accounts/login/", {"username": "coach_a", "password": "pw-for-coach-a-1"})
    (row,) = Session.objects.all()
    assert row.get_decoded()[SESSION_KEY] == str(coach.pk)
    assert SIGNED_IN_AS_COACH_A in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert not Session.objects.exists()
    assert SessionStore(row.session_key).load() == {}  # gone from the cache too
    assert "Sign in" in client.get("/").content.decode()


def test_a_coach_page_asks_whether_they_are_a_coach_once(client, django_user_model):
    client.force_login(make_user(django_user_model, "coach_a", coach=True))
    client.get("/routines/")
    with CaptureQueriesContext(connection) as queries:
        assert SIGNED_IN_AS_COACH_A in client.get("/routines/").content.decode()
    groups = connection.ops.quote_name("auth_group")
    assert sum(f"FROM {groups}" in q["sql"] or f"JOIN {groups}" in q["sql"] for q in queries) == 1
    users = connection.ops.quote_name(django_user_model._meta.db_table)
    assert sum(f"FROM {users}" in q["sql"] for q in queries) == 1


@pytest.mark.parametrize("change", ["password", "inactive", "deleted"])
def test_a_changed_user_is_signed_out_as_django_does(client, django_user_model, change):
    coach = make_user(django_user_model, "coach_a", coach=True)
    client.force_login(coach)
    assert SIGNED_IN_AS_COACH_A in client.get("/").content.decode()
    if change == "password":  # changed elsewhere: every other session ends
        coach.set_password("another-password-1")
        coach.save()
    elif change == "inactive":
        coach.is_active = False
        coach.save()
    else:
        coach.delete()
    page = client.get("/").content.decode()
    assert "Sign out" not in page and "Sign in" in page


def test_leaving_the_coaches_shows_on_the_next_request(client, django_user_model):
    coach = make_user(django_user_model, "coach_a", coach=True)
    client.force_login(coach)
    assert client.get("/routines/").status_code == 200
    coach.groups.clear()
    assert client.get("/routines/").status_code == 403


def test_an_expired_session_signs_the_user_out(client, django_user_model):
    client.force_login(make_user(django_user_model, "coach_a", coach=True))
    assert "Sign out" in client.get("/").content.decode()
    session = client.session
    session.set_expiry(timezone.now() - timedelta(seconds=1))
    session.save()
    assert "Sign in" in client.get("/").content.decode()


def test_a_signed_in_request_has_its_user(django_user_model):
    coach = make_user(django_user_model, "coach_a", coach=True)
    client = Client()
    client.force_login(coach)
    request = client.get("/").wsgi_request
    assert request.user.pk == coach.pk and not isinstance(request.user, AnonymousUser)
    assert request.session[SESSION_KEY] == str(coach.pk)


def _old_table(schema_editor_connection):
    with schema_editor_connection.schema_editor() as editor:
        editor.execute(
            "CREATE TABLE hipcare_session (session_key varchar(40) PRIMARY KEY, "
            "session_data text NOT NULL, expire_date timestamp NOT NULL, user_id bigint NULL)"
        )


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_live_sessions_back_to_djangos_table(django_user_model):
    migration = importlib.import_module("exercises.migrations.0007_sessions_back_to_django")
    coach = make_user(django_user_model, "coach_a", coach=True)
    store = SessionStore()
    data = {
        SESSION_KEY: str(coach.pk),
        BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
        HASH_SESSION_KEY: coach.get_session_auth_hash(),
    }
    signed_in = store.encode(data)
    later = timezone.now() + timedelta(days=1)
    earlier = timezone.now() - timedelta(days=1)
    _old_table(connection)
    with connection.cursor() as cursor:
        for key, session_data, expires in [
            ("live" + "a" * 36, signed_in, later),
            ("gone" + "b" * 36, signed_in, earlier),
        ]:
            cursor.execute(
                "INSERT INTO hipcare_session VALUES (%s, %s, %s, %s)",
                [key, session_data, connection.ops.adapt_datetimefield_value(expires), coach.pk],
            )
    with connection.schema_editor() as editor:
        migration.sessions_back_to_django(apps, editor)
    assert "hipcare_session" not in connection.introspection.table_names()
    (moved,) = Session.objects.all()
    assert moved.session_key == "live" + "a" * 36
    assert moved.get_decoded() == data
    assert abs(moved.expire_date - later) < timedelta(seconds=1)
    caches[settings.SESSION_CACHE_ALIAS].clear()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = moved.session_key
    assert SIGNED_IN_AS_COACH_A in client.get("/").content.decode()
    # A database that never had the table is left alone.
    with connection.schema_editor() as editor:
        migration.sessions_back_to_django(apps, editor)
    assert Session.objects.count() == 1


def test_the_migration_reads_both_databases_datetimes():
    migration = importlib.import_module("exercises.migrations.0007_sessions_back_to_django")
    aware = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
    assert migration._aware(datetime(2026, 11, 29, 10, 0)) == aware
    assert migration._aware("2026-11-29 10:00:00") == aware
    assert migration._aware(aware) == aware
