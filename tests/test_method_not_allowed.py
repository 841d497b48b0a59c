"""A form's address opened directly (typed, a bookmark, Back or sign-in's "next" after a
session ended) answers 405 with a page in the site's layout that says what happened and where
to go; htmx gets a message for the page's alert region. The status and Allow stay
(hipcare.middleware.MethodNotAllowedPageMiddleware)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import SessionLog
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def routine(coach):
    return make_routine(coach, exercises=[make_exercise("Clamshell")])


def coach_urls(routine) -> list[tuple[str, str]]:
    """(a POST-only address of a coach's, where its page should send them)."""
    item = routine.items.get()
    builder = reverse("routines:builder", args=[routine.pk])
    return [
        (reverse("routines:undo", args=[routine.pk]), builder),
        (reverse("routines:preset", args=[routine.pk]), builder),
        (reverse("routines:delete_item", args=[routine.pk, item.pk]), builder),
        (reverse("routines:edit_item", args=[routine.pk, item.pk]), builder),
        (reverse("routines:add_from_catalogue"), reverse("routines:list")),
    ]


def assert_a_page_saying_where_to_go(response, way_on: str) -> None:
    assert response.status_code == 405
    page = response.content.decode()
    assert "<html" in page and 'aria-label="Main"' in page  # the site's layout, its menu
    assert "This address only takes a form" in page
    assert f'href="{way_on}"' in page
    assert response["Cache-Control"] == "no-store"


def test_a_signed_in_coach_opening_a_builder_forms_address_is_sent_back_to_it(
    client, coach, routine
):
    client.force_login(coach)
    for url, way_on in coach_urls(routine):
        response = client.get(url)
        assert_a_page_saying_where_to_go(response, way_on)
        assert response["Allow"] == "POST", url
        assert "nothing was saved or changed" in response.content.decode()


def test_a_runner_opening_the_logs_addresses_is_sent_back_to_the_routine(client, routine):
    token = services.routine_share(routine=routine)
    session = services.session_log(
        routine=routine, day=timezone.localdate(), pain=2, done=[(routine.items.get().pk, "")]
    )
    shared = reverse("shared_routine", args=[token])
    for url in (
        reverse("session_create", args=[token]),
        reverse("session_delete", args=[token, session.pk]),
    ):
        response = client.get(url)
        assert_a_page_saying_where_to_go(response, shared)
        assert response["Allow"] == "POST"
    assert list(SessionLog.objects.filter(routine=routine)) == [session]  # nothing done


def test_sign_out_opened_as_an_address_says_it_is_a_button(client, coach):
    client.force_login(coach)
    response = client.get(reverse("logout"))
    assert_a_page_saying_where_to_go(response, reverse("home"))
    assert response["Allow"] == "POST, OPTIONS"
    assert "Signing out is a button" in response.content.decode()
    assert "_auth_user_id" in client.session  # still signed in, as the page says


def test_another_method_on_the_symptom_checker_keeps_its_allow_header(client):
    response = client.put(reverse("triage:form"))
    assert_a_page_saying_where_to_go(response, reverse("triage:form"))
    assert response["Allow"] == "GET, POST"


def test_htmx_gets_a_small_message_for_the_alert_region(client, coach, routine):
    client.force_login(coach)
    response = client.get(reverse("routines:undo", args=[routine.pk]), headers=HTMX)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response["HX-Retarget"] == "#page-alert"
    page = response.content.decode()
    assert "<html" not in page and 'role="alert"' in page
    assert f'href="{reverse("routines:builder", args=[routine.pk])}"' in page


# The words fit the visitor: none of these assumes a signed-in person on a live page.


def test_sign_out_opened_while_signed_out_says_you_are_not_signed_in(client):
    response = client.get(reverse("logout"))
    assert_a_page_saying_where_to_go(response, reverse("home"))
    page = response.content.decode()
    assert "You are not signed in" in page
    assert f'href="{reverse("login")}"' in page
    assert "still signed in" not in page and "Signing out is a button" not in page


def test_sign_out_opened_while_signed_in_names_the_person(client, coach):
    client.force_login(coach)
    page = client.get(reverse("logout")).content.decode()
    assert f"still signed in as <bdi>{coach.get_username()}</bdi>" in page
    assert "You are not signed in" not in page


def test_a_coachs_form_address_opened_signed_out_says_sign_in(client, routine):
    for url, way_on in coach_urls(routine):
        response = client.get(url)
        sign_in = f"{reverse('login')}?next={way_on}"
        assert_a_page_saying_where_to_go(response, sign_in)
        page = response.content.decode()
        assert "You are not signed in" in page, url
        assert "Sign in" in page
        assert "Go to the page with the form" not in page


def test_a_coachs_form_address_by_htmx_signed_out_says_sign_in_again(client, routine):
    response = client.get(reverse("routines:undo", args=[routine.pk]), headers=HTMX)
    assert response.status_code == 405
    page = response.content.decode()
    assert "You are signed out" in page and "Reload the page" not in page
    assert f'href="{reverse("login")}?next=' in page


def test_a_runners_form_address_after_the_link_was_withdrawn_says_so(client, routine):
    token = services.routine_share(routine=routine)
    session = services.session_log(
        routine=routine, day=timezone.localdate(), pain=2, done=[(routine.items.get().pk, "")]
    )
    urls = (
        reverse("session_create", args=[token]),
        reverse("session_delete", args=[token, session.pk]),
        reverse("session_morning", args=[token, session.pk]),
    )
    services.routine_unshare(routine=routine)
    for url in urls:
        response = client.get(url)
        assert_a_page_saying_where_to_go(response, reverse("home"))
        page = response.content.decode()
        assert "This link no longer works" in page, url
        assert "Go back to the routine" not in page
        assert f'href="/r/{token}/"' not in page
        htmx = client.get(url, headers=HTMX).content.decode()
        assert "This link no longer works" in htmx and "Reload the page" not in htmx
