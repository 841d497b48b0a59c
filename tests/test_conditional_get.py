"""Repeat visits answered 304 Not Modified (hipcare/conditional.py): the ETag changes with
everything a page shows, never matches across users, and is left off any page whose body holds
a one-time submission key."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory
from django.urls import reverse

from hipcare.auth import COACHES_GROUP
from routines import services
from tests.conftest import make_exercise, make_user

pytestmark = pytest.mark.django_db

LIST = reverse("exercises:list")


@pytest.fixture
def exercises():
    return [make_exercise("Clamshell"), make_exercise("Glute bridge")]


def revalidate(client: Client, url: str, etag: str, **headers):
    return client.get(url, headers={"If-None-Match": etag, **headers})


def assert_revalidates(client: Client, url: str, **headers) -> str:
    """The page has an ETag, and sending it back gets 304 with no body. Returns the ETag.
    (A visit first, as a browser would have made: one with a form sets the CSRF cookie.)"""
    client.get(url, headers=headers)
    first = client.get(url, headers=headers)
    assert first.status_code == 200
    etag = first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    again = revalidate(client, url, etag, **headers)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    return etag


def assert_changed(client: Client, url: str, etag: str, **headers) -> str:
    """After a change: the old ETag gets the page again, with a new ETag."""
    response = revalidate(client, url, etag, **headers)
    assert response.status_code == 200
    assert response["ETag"] != etag
    return response["ETag"]


def test_the_catalogue_answers_a_repeat_visit_with_304(client, exercises):
    assert_revalidates(client, LIST)
    assert_revalidates(client, LIST + "?q=clam&page=1")


def test_the_catalogue_partial_page_and_each_query_string_have_their_own_etag(client, exercises):
    page = assert_revalidates(client, LIST + "?q=clam")
    partial = assert_revalidates(client, LIST + "?q=clam", **{"HX-Request": "true"})
    other_query = assert_revalidates(client, LIST + "?q=bridge")
    assert len({page, partial, other_query}) == 3
    # The page's ETag does not get a 304 for the partial, nor the reverse.
    response = revalidate(client, LIST + "?q=clam", page, **{"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert revalidate(client, LIST + "?q=clam", partial).status_code == 200
    assert revalidate(client, LIST + "?q=bridge", page).status_code == 200


def test_a_catalogue_edit_changes_the_etag_and_shows(client, exercises):
    etag = assert_revalidates(client, LIST)
    exercises[0].name = "Clam opener"
    exercises[0].save()
    response = revalidate(client, LIST, etag)
    assert response.status_code == 200 and "Clam opener" in response.content.decode()
    assert response["ETag"] != etag


def test_signing_in_or_out_or_another_user_changes_the_etag(client, exercises, django_user_model):
    anonymous = assert_revalidates(client, LIST)
    runner = make_user(django_user_model, "runner")
    client.force_login(runner)
    signed_in = assert_changed(client, LIST, anonymous)
    assert "Sign out" in client.get(LIST).content.decode()
    # Another user, with the same CSRF cookie, never gets the first user's page.
    other = Client()
    other.force_login(make_user(django_user_model, "another"))
    other.cookies[settings.CSRF_COOKIE_NAME] = client.cookies[settings.CSRF_COOKIE_NAME].value
    assert assert_changed(other, LIST, signed_in) != signed_in
    client.logout()
    assert revalidate(client, LIST, signed_in).status_code == 200


def test_becoming_a_coach_changes_the_etag(client, exercises, django_user_model):
    runner = make_user(django_user_model, "runner")
    client.force_login(runner)
    etag = assert_revalidates(client, LIST)
    runner.groups.add(Group.objects.get_or_create(name=COACHES_GROUP)[0])
    # The header shows "Routines" to a coach.
    response = revalidate(client, LIST, etag)
    assert response.status_code == 200 and ">Routines</a>" in response.content.decode()


def test_a_new_csrf_cookie_changes_the_etag(client, exercises, django_user_model):
    # A signed-in page has a form (Sign out) whose token is masked from the CSRF cookie.
    client.force_login(make_user(django_user_model, "runner"))
    client.get(LIST)  # the CSRF cookie is set
    etag = assert_revalidates(client, LIST)
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    assert_changed(client, LIST, etag)


def test_a_page_with_a_message_waiting_is_never_a_304(client, exercises):
    etag = assert_revalidates(client, LIST)
    request = RequestFactory().get(LIST)
    storage = CookieStorage(request)
    storage.add(message_levels.SUCCESS, "Saved your routine.")
    response = Client().get("/")  # any response to carry the cookie
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    shown = revalidate(client, LIST, etag)
    assert shown.status_code == 200 and "Saved your routine." in shown.content.decode()
    assert "ETag" not in shown


def test_the_exercise_page_answers_a_repeat_visit_with_304_until_the_exercise_changes(
    client, exercises
):
    url = exercises[0].get_absolute_url()
    etag = assert_revalidates(client, url)
    step = exercises[0].steps.first()
    step.text = "Open the knees like a book."
    step.save()
    response = revalidate(client, url, etag)
    assert response.status_code == 200 and "Open the knees like a book." in response.text
    unknown = reverse("exercises:detail", args=["no-such"])
    assert revalidate(client, unknown, etag).status_code == 404


def test_a_coach_sees_the_exercise_page_afresh_every_time(client, exercises, coach):
    """Its "Add to a routine" form holds a one-time key: a reused body would send a used key."""
    services.routine_create(owner=coach, title="Monday")
    client.force_login(coach)
    url = exercises[0].get_absolute_url()
    response = client.get(url)
    assert 'name="submission"' in response.content.decode()
    assert "ETag" not in response
    # Never stored either (hipcare.submissions.middleware): Back asks for it again.
    assert {"private", "no-cache", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 200


@pytest.fixture
def routine(coach, exercises):
    return services.routine_create(owner=coach, title="Hip strength", exercises=exercises)


def test_the_print_view_answers_a_repeat_visit_with_304_until_the_routine_changes(
    client, coach, routine, exercises
):
    client.force_login(coach)
    url = reverse("routines:print", args=[routine.pk])
    etag = assert_revalidates(client, url)
    services.routine_add_item(routine=routine, exercise=make_exercise("Side plank"))
    etag = assert_changed(client, url, etag)
    item = routine.items.first()
    item.sets = 5
    services.routine_save_item(item=item)
    etag = assert_changed(client, url, etag)
    services.routine_share(routine=routine)
    etag = assert_changed(client, url, etag)
    services.routine_unshare(routine=routine)
    etag = assert_changed(client, url, etag)
    coach.first_name = "Alex"
    coach.save()
    etag = assert_changed(client, url, etag)
    exercises[1].name = "Bridge"
    exercises[1].save()
    assert "Bridge" in revalidate(client, url, etag).content.decode()


def test_no_304_across_users_on_the_print_view(client, coach, routine, staff, other_coach):
    client.force_login(coach)
    url = reverse("routines:print", args=[routine.pk])
    etag = assert_revalidates(client, url)
    for someone in (staff, other_coach):
        other = Client()
        other.force_login(someone)
        response = revalidate(other, url, etag)
        # Staff may read it (a page of their own, not a 304); another coach may not at all.
        assert response.status_code == (200 if someone is staff else 404)
    anonymous = revalidate(Client(), url, etag)
    assert anonymous.status_code == 302


def test_the_shared_page_holds_a_one_time_key_so_has_no_etag(client, routine):
    token = services.routine_share(routine=routine)
    response = client.get(reverse("shared_routine", args=[token]))
    assert response.status_code == 200
    assert 'name="submission"' in response.content.decode()
    assert "ETag" not in response
    assert "no-store" in response["Cache-Control"]
