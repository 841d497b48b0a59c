"""Every 0-10 pain box (the runner's log and the symptom checker's) takes the pain as runners
write it out of ten ("10/10", " 7 / 10 ", "10 out of 10"), and refuses anything else with its
clear message, the form coming back with what was typed. Fresh testers: "10/10", then
"10 out of 10", were refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from routines.session_forms import SessionLogForm
from tests.routines.conftest import uk_day
from tests.routines.test_log_safety import HTMX, post_log
from triage.forms import PainScoreField, TriageForm

pytestmark = pytest.mark.django_db

ACCEPTED = [
    ("10/10", 10),
    (" 7 / 10 ", 7),
    ("0/10", 0),
    ("4", 4),
    ("10 out of 10", 10),
    ("7 OUT OF 10", 7),
    (" 3  Out  of   10 ", 3),
]
REFUSED = [
    "10/5",
    "7/",
    "/10",
    "11/10",
    "seven",
    "7/10/10",
    "3-4",
    "11 out of 10",
    "7 out of 5",
    "7 outof 10",
    "7 out 10",
    "out of 10",
    "7 out of 10 out of 10",
]


def pain_fields():
    """Every pain box from 0 to 10 on a form: the log's, and the checker's."""
    fields = {
        "log": SessionLogForm.base_fields["pain"],
        "checker": TriageForm.base_fields["severity"],
    }
    assert all(isinstance(field, PainScoreField) for field in fields.values())
    return fields


@pytest.mark.parametrize(("typed", "pain"), ACCEPTED)
def test_every_pain_box_reads_a_score_out_of_ten(typed, pain):
    for name, field in pain_fields().items():
        assert field.clean(typed) == pain, name


@pytest.mark.parametrize("typed", REFUSED)
def test_every_pain_box_refuses_anything_else(typed):
    for field in pain_fields().values():
        with pytest.raises(ValidationError):
            field.clean(typed)


def test_the_log_takes_ten_out_of_ten(client, shared):
    uk_day(client)
    response = post_log(client, shared, {"pain": "10/10"}, **HTMX)
    assert response.status_code == 200
    assert shared.sessions.get().pain == 10


def test_the_log_takes_ten_out_of_ten_in_words(client, shared):
    uk_day(client)
    response = post_log(client, shared, {"pain": "10 Out of 10"}, **HTMX)
    assert response.status_code == 200
    assert shared.sessions.get().pain == 10


def test_the_log_refuses_other_fractions_with_the_form_again(client, shared):
    uk_day(client)
    response = post_log(client, shared, {"pain": "10/5"}, **HTMX)
    html = response.content.decode()
    assert response.status_code in (200, 400, 422)
    assert "Give the worst pain as a whole number from 0 to 10." in html
    assert 'value="10/5"' in html
    assert not shared.sessions.exists()


def test_the_checker_takes_ten_out_of_ten(client):
    response = client.get(reverse("triage:form"), {"severity": "10/10"})
    assert "Enter a whole number in digits" not in response.content.decode()
    form = TriageForm({"severity": "7 / 10"})
    form.is_valid()
    assert "severity" not in form.errors and form.cleaned_data["severity"] == 7
