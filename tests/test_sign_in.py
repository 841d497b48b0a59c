"""Where signing in lands (tester: a coach landed on the home page, not on their routines).
A page that sent someone to sign in gets them back; with none, each lands where their work is."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from exercises.editors import CATALOGUE_EDITORS_GROUP
from tests.conftest import make_exercise, make_user
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"  # make_user's default
LOGIN = reverse("login")


def sign_in(client, username: str, **extra) -> str:
    response = client.post(LOGIN, {"username": username, "password": PASSWORD, **extra})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


@pytest.mark.parametrize(
    ("fields", "lands"),
    [
        ({"coach": True}, "routines:list"),
        ({"coach": True, "is_staff": True}, "routines:list"),
        ({"is_superuser": True, "is_staff": True}, "routines:list"),  # a coach too (is_coach)
        ({"is_staff": True, "editor": True}, "admin:index"),  # catalogue editor, not a coach
        ({}, "home"),  # signed in, neither coach nor staff: no page of theirs to go to
    ],
    ids=["coach", "coach and staff", "superuser", "catalogue editor", "neither"],
)
def test_signing_in_with_no_page_to_go_back_to_lands_where_the_work_is(
    client, django_user_model, fields, lands
):
    editor = fields.pop("editor", False)
    user = make_user(django_user_model, "pat", **fields)
    if editor:
        user.groups.add(Group.objects.get_or_create(name=CATALOGUE_EDITORS_GROUP)[0])
    assert sign_in(client, "pat") == reverse(lands)


def test_a_coach_sent_to_sign_in_from_a_page_goes_back_to_it(client, django_user_model):
    coach = make_user(django_user_model, "sam", coach=True)
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    builder = routine.get_absolute_url()
    asked = client.get(builder)
    assert asked["Location"] == f"{LOGIN}?next={builder}"
    form = client.get(asked["Location"]).content.decode()
    assert f'name="next" value="{builder}"' in form
    assert sign_in(client, "sam", next=builder) == builder


def test_a_next_to_another_site_is_ignored_and_the_coach_lands_on_their_routines(
    client, django_user_model
):
    make_user(django_user_model, "sam", coach=True)
    landed = sign_in(client, "sam", next="https://elsewhere.example/routines/")
    assert landed == reverse("routines:list")
