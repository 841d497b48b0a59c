"""The log form's fields are written out by routines/_session_log.html itself (no widget
template per field or per box: SessionLogForm.drawn and options_of), and must read exactly as
Django's own widgets draw them, new or sent back with errors and what was entered."""

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import session_views
from routines.session_forms import SessionLogForm

pytestmark = pytest.mark.django_db

SENT_BACK = [
    {},
    {"date": "2000-01-01", "pain": "", "listed": "1", "warning": ["limp", "no_weight"]},
    {"date": "", "pain": "11", "morning": "worse", "note": 'a "b" <c> & d\nline', "listed": "1"},
    {"date": "2999-01-01", "pain": "abc", "morning": "bogus", "warning": ["zzz"], "listed": "1"},
]


def _form(routine, data) -> SessionLogForm:
    form = session_views._new_form(routine, list(routine.items.all()), data or None)
    form.is_valid() if data else None
    return form


def _fields(html: str) -> str:
    start = html.index('id="log-form"')
    return html[start : html.index("</form>", start)]


@pytest.mark.parametrize("data", SENT_BACK)
def test_the_page_draws_each_field_as_its_widget_does(client, shared, data):
    if data:
        response = client.post(reverse("session_create", args=[shared.share_token]), data)
        assert response.status_code == 422
    else:
        response = client.get(shared.get_share_url())
    html = _fields(response.content.decode())
    form = response.context["log_form"]  # the form the page drew, in the visitor's zone
    assert form.is_bound == bool(data)
    for name in ("date", "pain", "note"):
        widget = str(form[name])
        if name == "date" and not data:
            # A new form's date and its limits are the visitor's: the same day here.
            assert f'value="{timezone.localdate().isoformat()}"' in widget
        assert widget in html, name


@pytest.mark.parametrize("data", SENT_BACK)
@pytest.mark.parametrize("name", ["morning", "warning"])
def test_each_option_is_its_widgets_own(shared, data, name):
    form = _form(shared, data)
    assert form.options_of(name) == [
        (box.data["value"], box.choice_label, box.data["selected"], box.id_for_label)
        for box in form[name]
    ]
