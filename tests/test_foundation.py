import os
import subprocess
import sys
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from hipcare.auth import COACHES_GROUP, is_coach
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STRONG_KEY = "k" * 30 + "Zq8!x-7vP2mN4rT9wY3uB6eH1jL5sD0f"


def run_settings_check(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    # A clean environment, as a deployment has: not the test run's settings, and not the
    # async-safety opt-out the browser tests set for themselves.
    dropped = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_says_503_when_the_database_is_unreachable(client):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content
    assert b"connection refused" not in response.content


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    result = run_settings_check({"DEBUG": "0", "SECRET_KEY": ""}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_refuse_a_weak_secret_key_when_debug_is_off():
    result = run_settings_check({"DEBUG": "0", "SECRET_KEY": "short"}, "check")
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_deploy_check_passes_with_debug_off_and_a_real_key():
    result = run_settings_check(
        {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "hipcare.example"},
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_home_page_points_runners_and_coaches_to_their_tools(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("triage:form") in html
    assert reverse("routines:list") in html
    assert 'lang="en-GB"' in html
    assert "not a diagnosis" in html
    assert 'href="#main"' in html


def test_pages_load_nothing_from_another_host(client):
    html = client.get("/").content.decode()
    assert "http://" not in html.replace('xmlns="http://www.w3.org', "")
    assert "https://" not in html
    assert 'src="//' not in html and 'href="//' not in html


def test_htmx_takes_its_csrf_token_from_the_cookie_so_a_page_without_a_form_has_none(client):
    """Django's documented way for AJAX: static/js/csrf.js copies the CSRF cookie into htmx's
    X-CSRFToken header, so a page carries no per-visitor token unless it has a form."""
    response = client.get(reverse("exercises:list"))
    html = response.content.decode()
    assert 'src="/static/js/csrf.js" data-cookie="csrftoken"' in html
    assert "X-CSRFToken" not in html and "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in response.cookies


def test_the_cookies_token_in_the_htmx_header_passes_djangos_csrf_check(django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(django_user_model, coach=True))
    client.get(reverse("routines:new"))  # a page with a form sets the cookie
    secret = client.cookies["csrftoken"].value
    data = {"title": "Week 1", "level": "beginner"}
    assert client.post(reverse("routines:new"), data).status_code == 403
    response = client.post(
        reverse("routines:new"), data, headers={"HX-Request": "true", "X-CSRFToken": secret}
    )
    assert response.status_code == 302


def test_login_page_renders_a_labelled_form(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'for="id_username"' in html
    assert 'for="id_password"' in html


def test_a_wrong_password_shows_the_form_again_with_a_message(client, django_user_model):
    make_user(django_user_model, "alex")
    response = client.post(reverse("login"), {"username": "alex", "password": "nope"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_signing_in_and_out(client, django_user_model):
    make_user(django_user_model, "alex", password="s3cret-pass-word")
    response = client.post(reverse("login"), {"username": "alex", "password": "s3cret-pass-word"})
    assert response.status_code == 302
    assert "Sign out" in client.get("/").content.decode()
    assert client.post(reverse("logout")).status_code == 302
    assert "Sign in" in client.get("/").content.decode()


def test_coaches_group_exists_after_migrate():
    assert Group.objects.filter(name=COACHES_GROUP).exists()


def test_only_members_of_the_coaches_group_are_coaches(django_user_model):
    assert is_coach(make_user(django_user_model, coach=True))
    assert not is_coach(make_user(django_user_model))


def test_navigation_shows_routines_to_coaches_and_admin_to_staff(client, django_user_model):
    coach = make_user(django_user_model, coach=True)
    client.force_login(coach)
    html = client.get("/").content.decode()
    assert f'href="{reverse("routines:list")}"' in html
    assert f'href="{reverse("admin:index")}"' not in html
    client.force_login(make_user(django_user_model, is_staff=True))
    assert f'href="{reverse("admin:index")}"' in client.get("/").content.decode()


def test_admin_answers(admin_client):
    assert admin_client.get("/admin/").status_code == 200
