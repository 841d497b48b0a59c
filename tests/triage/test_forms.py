"""The symptom checker's form (triage/forms.py) takes any answers a browser, a script or a
fuzzer can send: valid ones clean, anything else gets a message, never an exception."""

import pytest
from django import forms
from django.http import QueryDict
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.triage.test_views import BASELINE
from triage.forms import TriageForm


def _values_for(field: forms.Field) -> st.SearchStrategy[list[str]]:
    """What a request can carry under one field's name: nothing, a good value, a bad one, or
    several (a ticked box sends "on"; a script can send anything)."""
    good = [str(value) for value, _label in getattr(field, "choices", ())]
    if isinstance(field, forms.IntegerField):
        good = [str(field.min_value), str(field.max_value), "7", " 12 "]
    if isinstance(field, forms.BooleanField):
        good = ["on", "true", "false", "0", ""]
    bad = st.sampled_from(["", " ", "-1", "1e3", "99999", "abc", "on", "none", "12.5", "\x00"])
    one = st.one_of(st.sampled_from(good), bad, st.text(max_size=6))
    return st.lists(one, max_size=3)


ANSWER_SETS = st.fixed_dictionaries(
    {name: _values_for(field) for name, field in TriageForm.base_fields.items()}
)


def _query(answers: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, values in answers.items():
        query.setlist(name, values)
    return query


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWER_SETS)
@example({name: [value] for name, value in BASELINE.items()})
@example({})
def test_the_form_takes_any_answers_and_either_cleans_them_or_says_what_is_wrong(answers):
    form = TriageForm(_query(answers))
    if form.is_valid():
        form.answers()  # the rules module accepts whatever the form cleaned
    else:
        assert form.errors and all(form.errors.values())


def test_a_complete_answer_set_is_valid_and_a_bad_one_says_what_is_wrong():
    complete = {name: [value] for name, value in BASELINE.items()}
    assert TriageForm(_query(complete)).is_valid()
    form = TriageForm(_query({**complete, "age": ["old"]}))
    assert not form.is_valid()
    assert form.errors.get_json_data() == {
        "age": [{"message": "Enter a whole number in digits, like 35.", "code": "invalid"}]
    }


def test_each_form_has_its_own_fields_and_widgets():
    first, second = TriageForm(), TriageForm()
    assert first.fields["age"] is not second.fields["age"]
    assert first.fields["age"].widget is not second.fields["age"].widget


@pytest.mark.parametrize("typed", ["999999999999", "999 999 999 999", "1,000", "121", "9" * 40])
def test_an_age_in_digits_out_of_range_is_told_the_range(typed):
    form = TriageForm({"age": typed})
    assert not form.is_valid()
    assert form.errors["age"] == ["Enter a number from 0 to 120."]


@pytest.mark.parametrize("typed", ["thirty", "3.5", "3 5", "1,00"])
def test_an_age_not_in_whole_digits_is_asked_for_digits(typed):
    form = TriageForm({"age": typed})
    assert not form.is_valid()
    assert form.errors["age"] != ["Enter a number from 0 to 120."]


def test_a_number_grouped_in_thousands_is_read_whole():
    form = TriageForm({"duration_days": "1 000"})
    form.is_valid()
    assert form.cleaned_data["duration_days"] == 1000
