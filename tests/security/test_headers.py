import json
import os
import re
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from bench.soak import collect_static
from tests.conftest import make_user
from tests.test_foundation import ROOT, STRONG_KEY

pytestmark = pytest.mark.django_db

PAGES = ["/", "/exercises/", "/triage/", "/triage/rules/", "/accounts/login/", "/admin/login/"]


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_strict_content_security_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in csp[directive]
        assert "'unsafe-eval'" not in csp[directive]
    assert csp["style-src"] == ["'self'"]


def test_scripts_come_from_our_origin_only_with_no_nonce(client):
    response = client.get("/exercises/")
    assert csp_directives(response)["script-src"] == ["'self'"]
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert any("htmx" in tag for tag in scripts)
    # Every script is a file (django-htmx's {% htmx_script %} included): none inline.
    assert all(re.search(r'\ssrc="/', tag) for tag in scripts), scripts
    assert "nonce" not in html
    assert '"allowEval":false' in html and '"includeIndicatorStyles":false' in html


def test_the_policy_is_the_same_for_every_response(client):
    # Nothing per request in the page or its headers: a repeat visit can be answered by ETag.
    first, second = client.get("/"), client.get("/")
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert first.content == second.content


@pytest.mark.parametrize("path", PAGES + ["/healthz", "/no-such-page/"])
def test_protective_headers_on_every_response(client, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera", "geolocation", "microphone", "payment"):
        assert f"{feature}=()" in policy


PRODUCTION_PROBE = """
import json, os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "hipcare.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
c = Client()
plain = c.get("/exercises/")
secure = c.get("/accounts/login/", secure=True)
health = c.get("/healthz")
print(json.dumps({
    "plain_status": plain.status_code, "plain_location": plain.get("Location", ""),
    "health_status": health.status_code,
    "hsts": secure.get("Strict-Transport-Security", ""),
    "cookies": {name: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"]),
                       "samesite": m["samesite"]} for name, m in secure.cookies.items()},
}))
"""


# Under pytest-xdist, in the worker that runs test_faults: one collectstatic into staticfiles/.
@pytest.mark.xdist_group("collectstatic")
def test_production_settings_force_https_hsts_and_safe_cookies(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "STATIC_ROOT"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path}/probe.sqlite3",
    )
    # The hashed names and manifest DEBUG=0 needs, in staticfiles/ as make bench collects them
    # (again whenever static/ or the installed packages differ from what was collected).
    collect_static(env)
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["plain_status"] == 301
    assert probe["plain_location"].startswith("https://")
    assert probe["health_status"] == 200  # load balancers check /healthz over plain HTTP
    assert "max-age=31536000" in probe["hsts"]
    assert "includeSubDomains" in probe["hsts"] and "preload" in probe["hsts"]
    csrf = probe["cookies"]["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"


def test_production_session_cookie_is_secure_httponly_and_lax(settings):
    from django.conf import settings as live

    assert live.SESSION_COOKIE_HTTPONLY
    assert live.SESSION_COOKIE_SAMESITE == "Lax"
    assert live.CSRF_COOKIE_SAMESITE == "Lax"


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_wrong_passwords_pause_sign_in_for_that_account(client, django_user_model):
    make_user(django_user_model, "alex", password="right-password-1")
    for _ in range(4):
        assert login(client, "alex", "wrong").status_code == 200
    # The fifth failure is recorded and answered with the pause page...
    assert login(client, "alex", "wrong").status_code == 429
    # ...and from then on even the right password is refused.
    locked = login(client, "alex", "right-password-1")
    assert locked.status_code == 429
    assert "Sign-in paused for 15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_account_is_also_locked_from_another_address(django_user_model):
    make_user(django_user_model, "alex", password="right-password-1")
    attacker = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(5):
        login(attacker, "alex", "wrong")
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert login(other, "alex", "right-password-1").status_code == 429


def test_an_address_that_tries_many_accounts_is_paused(django_user_model):
    make_user(django_user_model, "alex", password="right-password-1")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(5):
        login(attacker, f"guess{n}", "wrong")
    assert login(attacker, "alex", "right-password-1").status_code == 429


def test_admin_sign_in_is_throttled_too(client, django_user_model):
    make_user(django_user_model, "boss", password="right-password-1", is_staff=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "boss", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "boss", "password": "right-password-1"})
    assert response.status_code == 429


def test_a_correct_password_before_the_limit_resets_the_count(client, django_user_model):
    make_user(django_user_model, "alex", password="right-password-1")
    for _ in range(4):
        login(client, "alex", "wrong")
    assert login(client, "alex", "right-password-1").status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "alex", "wrong")
    assert login(client, "alex", "right-password-1").status_code == 302


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_state_changes_without_a_csrf_token_are_refused(csrf_client, django_user_model):
    coach = make_user(django_user_model, coach=True)
    assert csrf_client.post(reverse("triage:form"), {"age": "30"}).status_code == 403
    assert csrf_client.post(reverse("login"), {"username": "x", "password": "y"}).status_code == 403
    csrf_client.force_login(coach)
    assert csrf_client.post(reverse("routines:new"), {"title": "Sneaky"}).status_code == 403
    assert csrf_client.post(reverse("logout")).status_code == 403
    from routines.models import Routine

    assert not Routine.objects.exists()


def test_a_csrf_failure_is_our_403_page(csrf_client):
    response = csrf_client.post(reverse("triage:form"), {"age": "30"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "That form could not be sent" in html
    assert "nothing was changed" in html
    assert "DEBUG=True" not in html
