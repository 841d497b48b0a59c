""" "Who it is for" takes initials or a first name only: an email address or a phone number is
refused with a clear message, the form shown again (422). Found by a tester:
"jane@example.com 07700900123" was saved."""

import pytest
from django.urls import reverse

from routines.forms import RoutineForm
from routines.models import Routine

pytestmark = pytest.mark.django_db

NEW = reverse("routines:new")


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("jane@example.com 07700900123", "looks like an email address"),
        ("jane@example.com", "looks like an email address"),
        ("Jane 07700900123", "looks like a phone number"),
        ("+44 7700 900123", "looks like a phone number"),
        ("Jo (020) 7946-0958", "looks like a phone number"),
    ],
)
def test_new_refuses_contact_details_in_who_it_is_for(signed_in, value, message):
    response = signed_in.post(NEW, {"title": "Hips", "level": "beginner", "for_whom": value})
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html and "Use initials or a first name only" in html
    assert not Routine.objects.exists()


@pytest.mark.parametrize("value", ["JK", "Jane", "J.K.", "Sam, 10k group 2", "Mo - week 3"])
def test_initials_names_and_short_numbers_are_fine(value):
    form = RoutineForm({"title": "Hips", "level": "beginner", "for_whom": value})
    assert form.is_valid(), form.errors


def test_editing_refuses_them_too(signed_in, coach):
    from tests.routines.conftest import make_routine

    routine = make_routine(coach, title="Hips")
    url = reverse("routines:edit", args=[routine.pk])
    data = {"title": "Hips", "level": "beginner", "for_whom": "07700 900123"}
    response = signed_in.post(url, data)
    assert response.status_code == 422
    assert "looks like a phone number" in response.content.decode()
    routine.refresh_from_db()
    assert routine.for_whom == ""
