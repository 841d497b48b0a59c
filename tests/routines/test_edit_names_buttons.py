"""The routine's details page tells the coach how to re-dose the exercises already in it by
naming the builder's button: it named “Apply to every exercise”, a button the builder does not
have (fresh tester). Every button it names in quotes is a button of the builder."""

import re

import pytest
from django.urls import reverse

from tests.conftest import make_exercise
from tests.routines.conftest import make_routine


@pytest.mark.django_db
def test_the_details_page_names_only_buttons_the_builder_has(client, coach):
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    client.force_login(coach)
    edit = client.get(reverse("routines:edit", args=[routine.pk])).content.decode()
    builder = client.get(routine.get_absolute_url()).content.decode()
    named = re.findall(r"“([^”]+)”", edit)
    assert named, "the details page names no button"
    buttons = {
        re.sub(r"<[^>]+>|\s+", " ", text).strip()
        for text in re.findall(r"<button[^>]*>(.*?)</button>", builder, flags=re.S)
    }
    for name in named:
        assert name in buttons, (name, sorted(buttons))
