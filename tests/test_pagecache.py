import re
from unittest import mock

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from tests.conftest import make_user

pytestmark = pytest.mark.django_db
FORM = reverse("triage:form")


def nonce_of(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def renders(client, url, **kwargs) -> int:
    """How many times the view's template is rendered for one request."""
    with mock.patch(
        "triage.views.render", wraps=__import__("django.shortcuts").shortcuts.render
    ) as spy:
        client.get(url, **kwargs)
    return spy.call_count


def test_an_anonymous_page_is_rendered_once_then_served_from_the_cache():
    assert renders(Client(), FORM) == 1
    assert renders(Client(), FORM) == 0
    assert renders(Client(), FORM, headers={"HX-Request": "true"}) == 1  # the partial is its own


def test_a_cached_page_carries_this_requests_nonce_and_a_working_csrf_token():
    Client().get(FORM)  # fill the cache
    client = Client(enforce_csrf_checks=True)
    response = client.get(FORM)
    html = response.content.decode()
    assert "__hipcare" not in html
    nonce = nonce_of(response)
    assert f'nonce="{nonce}"' in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    posted = client.post(FORM, {"csrfmiddlewaretoken": token, "age": "40"})
    assert posted.status_code == 422  # the form came back with messages: CSRF passed


def test_two_visitors_get_different_tokens_and_nonces_from_one_cached_page():
    first, second = Client().get(FORM), Client().get(FORM)
    assert nonce_of(first) != nonce_of(second)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_signed_in_users_are_never_served_a_cached_page(django_user_model):
    Client().get(FORM)
    client = Client()
    client.force_login(make_user(django_user_model, coach=True))
    with mock.patch(
        "triage.views.render", wraps=__import__("django.shortcuts").shortcuts.render
    ) as spy:
        response = client.get(FORM)
    assert spy.call_count == 1
    assert "Sign out" in response.content.decode()


def test_posts_and_errors_are_not_cached():
    Client().post(FORM, {"age": "40"})
    Client().get("/no-such-page/")
    assert getattr(caches["pages"], "_cache", {}) == {}


def test_an_edit_is_seen_at_once_on_a_cached_page():
    from tests.conftest import make_exercise, make_location

    exercise = make_exercise("Clamshell")
    url = exercise.get_absolute_url()
    assert "Clamshell" in Client().get(url).content.decode()
    exercise.name = "Clam shell with a band"
    exercise.save()
    assert "Clam shell with a band" in Client().get(url).content.decode()
    exercise.pain_locations.add(make_location("outer_side", name="Outer hip"))
    assert "Outer hip" in Client().get(url).content.decode()
    exercise.steps.update(text="Changed quietly")  # update() sends no signal...
    assert "Changed quietly" not in Client().get(url).content.decode()  # ...so it is not seen


def test_admin_publish_actions_invalidate_cached_pages(admin_client):
    from tests.conftest import make_exercise

    exercise = make_exercise("Clamshell")
    url = exercise.get_absolute_url()
    assert Client().get(url).status_code == 200
    admin_client.post(
        reverse("admin:exercises_exercise_changelist"),
        {"action": "unpublish", "_selected_action": [exercise.pk]},
    )
    assert Client().get(url).status_code == 404


def test_a_shared_routine_page_follows_the_routines_changes(django_user_model):
    from routines import services
    from tests.conftest import make_exercise

    coach = make_user(django_user_model, coach=True)
    clamshell, bridge = make_exercise("Clamshell"), make_exercise("Glute bridge")
    routine = services.routine_create(owner=coach, title="Week 1", exercises=[clamshell])
    token = services.routine_share(routine=routine)
    url = reverse("shared_routine", kwargs={"token": token})
    assert "Glute bridge" not in Client().get(url).content.decode()
    services.routine_add_item(routine=routine, exercise=bridge)
    assert "Glute bridge" in Client().get(url).content.decode()
    services.routine_unshare(routine=routine)
    assert Client().get(url).status_code == 404
