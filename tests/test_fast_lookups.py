"""The hand-written per-request lookups (the session with its user) give what Django's own
would, and the remembered static URLs are the storage's own."""

import importlib
import json
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session as DjangoSession
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from whitenoise.storage import CompressedManifestStaticFilesStorage

from hipcare import auth_backend
from hipcare.auth_backend import CoachAwareBackend
from hipcare.sessions.backend import SessionStore
from hipcare.sessions.models import Session
from hipcare.storage import StaticFilesStorage
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
SIGNED_IN_AS_COACH_A = 'Sign out <span class="visually-hidden">coach_a</span>'


def test_the_user_is_loaded_as_the_orm_loads_it(django_user_model):
    coach = make_user(django_user_model, "coach_a", coach=True)
    coach.last_login = timezone.now()
    coach.save()
    loaded = CoachAwareBackend().get_user(coach.pk)
    expected = get_user_model().objects.get(pk=coach.pk)
    for field in get_user_model()._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert timezone.is_aware(loaded.last_login)
    assert loaded.is_active is True and loaded.hipcare_is_coach is True
    assert loaded._state.adding is False and loaded._state.db == "default"
    loaded.first_name = "Sam"
    loaded.save()  # a normal instance: saves as an update
    assert get_user_model().objects.get(pk=coach.pk).first_name == "Sam"


@pytest.mark.parametrize("user_id", [None, "", "abc", "1.5", 2**63, -(2**63) - 1, 999999])
def test_an_unknown_or_bad_user_id_is_nobody(user_id):
    assert CoachAwareBackend().get_user(user_id) is None


def test_a_runner_is_not_a_coach_and_an_inactive_user_is_nobody(django_user_model):
    runner = make_user(django_user_model, "runner")
    assert CoachAwareBackend().get_user(str(runner.pk)).hipcare_is_coach is False
    runner.is_active = False
    runner.save()
    assert CoachAwareBackend().get_user(runner.pk) is None


def test_a_session_is_read_as_djangos_store_reads_it(django_user_model):
    session = SessionStore()
    session["answer"] = 42
    session.create()
    assert SessionStore(session.session_key).load() == {"answer": 42}
    # The same encoding as Django's own database store: either reads the other's data.
    row = Session.objects.get(pk=session.session_key)
    assert DjangoSessionStore().decode(row.session_data) == {"answer": 42}
    assert row.user_id is None  # nobody signed in with it
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(session.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new key is made when it is next saved
    assert SessionStore("no-such-key-" * 3).load() == {}


def test_signing_in_records_the_user_on_the_session_row(client, django_user_model):
    coach = make_user(django_user_model, "coach_a", coach=True, password="pw-for-coach-a-1")
    client.post("/accounts/login/", {"username": "coach_a", "password": "pw-for-coach-a-1"})
    (row,) = Session.objects.all()
    assert row.user_id == coach.pk
    store = SessionStore(row.session_key)
    store.load()
    assert store.user_read_with_session[0] == coach.pk
    assert store.user_read_with_session[1].hipcare_is_coach is True
    client.post("/accounts/logout/")
    assert not Session.objects.exists()


def test_a_signed_in_page_reads_its_session_and_user_in_one_query(client, django_user_model):
    client.force_login(make_user(django_user_model, "coach_a", coach=True))
    client.get("/routines/")
    with CaptureQueriesContext(connection) as queries:
        assert SIGNED_IN_AS_COACH_A in client.get("/routines/").content.decode()
    users = connection.ops.quote_name(django_user_model._meta.db_table)
    reading_users = [q["sql"] for q in queries if f"FROM {users}" in q["sql"]]
    assert reading_users == [], "the user was read again after the session"
    assert sum("hipcare_session" in q["sql"] for q in queries) == 1


@pytest.mark.parametrize("change", ["password", "inactive", "deleted"])
def test_the_user_read_with_the_session_is_checked_as_djangos_is(client, django_user_model, change):
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


def test_the_row_read_with_a_session_serves_only_that_requests_user_lookup(django_user_model):
    coach = make_user(django_user_model, "coach_a", coach=True)
    client = Client()
    client.force_login(coach)
    request = client.get("/routines/").wsgi_request
    assert request.user.pk == coach.pk
    # Outside a request's own lookup the backend reads the user itself, so a row read earlier
    # can never stand in for a later change.
    assert auth_backend._signing_in_with.get() is None
    django_user_model.objects.filter(pk=coach.pk).update(first_name="Changed")
    with CaptureQueriesContext(connection) as queries:
        assert CoachAwareBackend().get_user(coach.pk).first_name == "Changed"
    assert len(queries) == 1


def test_the_migration_copies_djangos_sessions_with_their_users(django_user_model):
    from django.apps import apps

    copy = importlib.import_module(
        "hipcare.sessions.migrations.0002_copy_django_sessions"
    ).copy_sessions
    coach = make_user(django_user_model, "coach_a", coach=True)
    signed_in, anonymous, expired = DjangoSessionStore(), DjangoSessionStore(), DjangoSessionStore()
    signed_in[SESSION_KEY] = str(coach.pk)
    anonymous["answer"] = 42
    expired[SESSION_KEY] = str(coach.pk)
    for store in (signed_in, anonymous, expired):
        store.create()
    DjangoSession.objects.filter(pk=expired.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    copy(apps, None)
    copied = {row.session_key: row for row in Session.objects.all()}
    assert set(copied) == {signed_in.session_key, anonymous.session_key}
    assert copied[signed_in.session_key].user_id == coach.pk
    assert copied[anonymous.session_key].user_id is None
    assert SessionStore(signed_in.session_key).load() == {SESSION_KEY: str(coach.pk)}


def test_an_expired_session_signs_the_user_out(client, django_user_model):
    client.force_login(make_user(django_user_model, "coach_a", coach=True))
    assert "Sign out" in client.get("/").content.decode()
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert "Sign in" in client.get("/").content.decode()


def test_a_signed_in_request_has_its_user(django_user_model):
    coach = make_user(django_user_model, "coach_a", coach=True)
    client = Client()
    client.force_login(coach)
    request = client.get("/").wsgi_request
    assert request.user.pk == coach.pk and not isinstance(request.user, AnonymousUser)
    assert request.session[SESSION_KEY] == str(coach.pk)


def test_remembered_static_urls_are_the_storages_own(tmp_path):
    manifest = {"paths": {"css/site.css": "css/site.0123abcd.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    ours = StaticFilesStorage(location=tmp_path, base_url="/static/")
    theirs = CompressedManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
    first = ours.url("css/site.css")
    assert first == theirs.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert ours.url("css/site.css") is first  # looked up once
    assert ours.url("css/site.css", force=True) == first
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        ours.url("css/missing.css")  # an error is not remembered as an answer
    with pytest.raises(ValueError):
        ours.url("css/missing.css")


def test_a_remembered_decode_gives_each_store_its_own_copy_and_checks_any_other_string():
    session = SessionStore()
    session["steps"] = [1, 2]
    session.create()
    data = Session.objects.get(pk=session.session_key).session_data
    first, second = SessionStore().decode(data), SessionStore().decode(data)
    assert first == second == {"steps": [1, 2]}
    first["steps"].append(3)
    assert SessionStore().decode(data) == {"steps": [1, 2]}
    tampered = data[:-3] + ("AAA" if not data.endswith("AAA") else "BBB")
    assert SessionStore().decode(tampered) == {}
    assert DjangoSessionStore().decode(data) == {"steps": [1, 2]}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_on_postgresql_the_session_query_is_prepared_once_it_repeats(client, django_user_model):
    client.force_login(make_user(django_user_model, "coach_a", coach=True))
    for _ in range(6):
        assert client.get("/routines/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%hipcare_session%"],
        )
        assert cursor.fetchone()[0] == 1
