"""The hand-written per-request lookups (the session, the user) give what Django's own would,
and the remembered static URLs are the storage's own."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from whitenoise.storage import CompressedManifestStaticFilesStorage

from hipcare.auth_backend import CoachAwareBackend
from hipcare.sessions import SessionStore
from hipcare.storage import StaticFilesStorage
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


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
    session = DjangoSessionStore()
    session["answer"] = 42
    session.create()
    assert SessionStore(session.session_key).load() == {"answer": 42}
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(session.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new key is made when it is next saved
    assert SessionStore("no-such-key-" * 3).load() == {}


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
