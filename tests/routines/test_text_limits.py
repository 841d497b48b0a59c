"""Text boxes carry their model field's length limit (maxlength) and say it beside the box."""

import re

import pytest
from django.db import models

from routines.forms import NewRoutineForm, RoutineForm
from routines.models import Routine

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("form_class", [RoutineForm, NewRoutineForm])
def test_every_text_box_of_a_routine_form_has_its_models_limit_and_says_it(form_class):
    form = form_class()
    checked = 0
    for name in form.fields:
        db_field = Routine._meta.get_field(name)
        if not isinstance(db_field, models.CharField | models.TextField) or db_field.choices:
            continue
        if not db_field.max_length:
            continue
        html = str(form[name])
        assert f'maxlength="{db_field.max_length}"' in html, name
        assert f"Up to {db_field.max_length} characters." in str(form[name].help_text), name
        assert f'aria-describedby="id_{name}_helptext"' in html, name
        checked += 1
    assert checked >= 2


@pytest.mark.parametrize("url", ["/routines/new/", "edit"])
def test_the_title_box_shows_its_limit_on_the_page(client, coach, routine, url):
    client.force_login(coach)
    if url == "edit":
        url = f"{routine.get_absolute_url()}edit/"
    html = client.get(url).content.decode()
    box = re.search(r'<input type="text" name="title"[^>]*>', html).group(0)
    assert 'maxlength="120"' in box and 'aria-describedby="id_title_helptext"' in box
    assert '<div class="form-text" id="id_title_helptext">Up to 120 characters.</div>' in html
