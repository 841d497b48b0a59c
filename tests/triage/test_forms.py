"""The symptom checker's form (triage/forms.py) takes any answers a browser, a script or a
fuzzer can send: valid ones clean, anything else gets a message, never an exception."""

import pytest
from django import forms
from django.http import QueryDict
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.triage.test_views import BASELINE
from triage import rules
from triage.forms import TriageForm


def _values_for(field: forms.Field) -> st.SearchStrategy[list[str]]:
    """What a request can carry under one field's name: nothing, a good value, a bad one, or
    several (a ticked box sends "on"; a script can send anything)."""
    good = [str(value) for value, _label in getattr(field, "choices", ())]
    if isinstance(field, forms.IntegerField):
        # The number of days has its top checked by the form (TriageForm.clean).
        high = rules.DURATION_MAX if field.max_value is None else field.max_value
        good = [str(field.min_value), str(high), "7", " 12 "]
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


AGE_RANGE = "Enter an age from 0 to 122 (122 is the oldest anyone has been known to live)."


@pytest.mark.parametrize(
    "typed",
    ["999999999999", "999 999 999 999", "1,000", "123", "9" * 40, "9" * 5000, "1" + ",000" * 1500],
)
def test_an_age_in_digits_out_of_range_is_told_the_range(typed):
    """Up to 122, the oldest verified age (rules.AGE_MAX); any longer run of digits, even one
    too long for Python to turn into a number, is told the range rather than failing."""
    form = TriageForm({"age": typed})
    assert not form.is_valid()
    assert form.errors["age"] == [AGE_RANGE]


@pytest.mark.parametrize("age", [110, 115, 120, 122])
def test_a_rare_age_is_asked_to_be_confirmed_and_taken_once_it_is(age):
    """Possible but rare (people of 110 or more number a few hundred): a slip such as 120 for
    20 is far likelier, so the age is not taken without a tick to say it is right."""
    form = TriageForm({"age": str(age)})
    assert not form.is_valid()
    assert form.has_error("age", "age_to_confirm") and form.age_to_confirm == age
    assert f"You entered {age}." in form.errors["age"][0]
    confirmed = TriageForm({"age": str(age), "age_confirmed": "yes"})
    confirmed.is_valid()
    assert "age" not in confirmed.errors and confirmed.answers().age == age


@pytest.mark.parametrize("age", [0, 35, 109])
def test_an_ordinary_age_needs_no_confirming(age):
    form = TriageForm({"age": str(age)})
    form.is_valid()
    assert "age" not in form.errors and form.age_to_confirm is None


@pytest.mark.parametrize(
    ("age", "days", "fits"),
    [(0, 366, True), (0, 400, False), (40, 20000, False), (40, 14000, True)],
)
def test_pain_cannot_have_lasted_longer_than_the_person_has_lived(age, days, fits):
    form = TriageForm({"age": str(age), "duration_days": str(days)})
    form.is_valid()
    assert ("duration_days" not in form.errors) is fits
    if not fits:
        assert form.has_error("duration_days", "longer_than_age")
        assert f"longer than the {age} years" in form.errors["duration_days"][0]


@pytest.mark.parametrize("days", ["8000", "20000", "45018", "45019", "99999", "999 999", "9" * 40])
def test_any_number_of_days_beyond_the_age_is_told_so_however_big(days):
    """Fresh tester, age 20: 20000 days was "longer than the 20 years given as the age", but
    99999 was "Enter a number from 0 to 45018"."""
    form = TriageForm({"age": "20", "duration_days": days})
    assert not form.is_valid()
    assert form.errors["duration_days"] == [
        "That is longer than the 20 years given as the age. Check the number of days (a year "
        "is 365), or the age."
    ]
    assert form.has_error("duration_days", "longer_than_age")


@pytest.mark.parametrize(("age", "days"), [("", "45019"), ("", "9" * 40), ("115", "99999")])
def test_without_an_age_to_compare_days_beyond_any_age_are_told_the_range(age, days):
    form = TriageForm({"age": age, "duration_days": days})
    assert not form.is_valid()
    assert form.errors["duration_days"] == ["Enter a number from 0 to 45018."]
    assert TriageForm({"duration_days": "45018"}).is_valid()


@pytest.mark.parametrize("typed", ["thirty", "3.5", "3 5", "1,00"])
def test_an_age_not_in_whole_digits_is_asked_for_digits(typed):
    form = TriageForm({"age": typed})
    assert not form.is_valid()
    assert form.errors["age"] != [AGE_RANGE]


def test_a_number_grouped_in_thousands_is_read_whole():
    form = TriageForm({"duration_days": "1 000"})
    form.is_valid()
    assert form.cleaned_data["duration_days"] == 1000


def _as_django_draws_them(bound) -> list[tuple]:
    """A choice question's options as Django's widget gives them (iterating the BoundField)."""
    return [
        (option.data["value"], option.choice_label, option.data["selected"], option.id_for_label)
        for option in bound
    ]


@pytest.mark.parametrize(
    "data",
    [
        None,  # the empty first step
        {"injury": "yes", "location": "outer_side", "radiates_to": ["thigh", "knee"]},
        {"fever": "unsure", "weight_bearing": "partly", "location": "nowhere"},  # a bad choice
        {"injury": "on", "deformity": "no", "radiates_to": "back", "onset": "sudden"},
    ],
)
def test_options_of_gives_each_option_as_djangos_widget_does(data):
    """triage.html writes the radio buttons and tick boxes out from TriageForm.options_of: the
    value, label, whether it is chosen and the id must be what the widget itself gives."""
    query = QueryDict(mutable=True)
    for name, value in (data or {}).items():
        query.setlist(name, value if isinstance(value, list) else [value])
    form = TriageForm(query) if data else TriageForm()
    if data:
        form.is_valid()
    for name, field in form.fields.items():
        if isinstance(field, forms.ChoiceField) and name != "asked":
            assert form.options_of(form[name]) == _as_django_draws_them(form[name]), name


def test_options_of_shows_the_initial_answers_of_a_step_drawn_again():
    form = TriageForm(initial={"location": "back_buttock", "radiates_to": ["knee"]})
    assert form.options_of(form["location"]) == _as_django_draws_them(form["location"])
    assert [selected for _v, _l, selected, _id in form.options_of(form["radiates_to"])].count(
        True
    ) == 1


def test_a_step_form_has_only_the_questions_it_shows_and_draws_them_as_the_whole_form():
    """form_showing: the form that draws a step copies only that step's fields, and each is
    the whole form's (same label, choices, widget, id)."""
    from triage.forms import form_showing

    names = rules.STEPS[0].questions
    step, whole = form_showing(names)(), TriageForm()
    assert set(step.fields) == set(names)
    for name in names:
        assert str(step[name]) == str(whole[name])
        assert step[name].label == whole[name].label
    assert form_showing(names) is form_showing(tuple(names))  # one class per set of questions


def test_making_the_form_normalises_no_choices(monkeypatch):
    """Every answer makes a TriageForm, which deep-copies its 40 fields: with their choices
    given as lists, each field and its widget normalised them again (a millisecond a request,
    bench/cpu.py "triage answer"). Given as callables (triage.forms._fixed), the copy reads
    none of them; drawing a field or checking a value still does."""
    from django.forms import fields, widgets
    from django.utils.choices import BaseChoiceIterator

    calls = []

    def counted(module):
        real = module.normalize_choices

        def normalize_choices(value, **kwargs):
            if not isinstance(value, BaseChoiceIterator):  # a lazy one is handed back as is
                calls.append(value)
            return real(value, **kwargs)

        monkeypatch.setattr(module, "normalize_choices", normalize_choices)

    counted(fields)
    counted(widgets)
    form = TriageForm()
    assert calls == []
    # The choices are all still there, in order, for the page and for validation.
    assert [value for value, _label in form.fields["night_pain"].choices] == [
        value for value, _label in rules.SIGN_CHOICES
    ]
    assert [label for _value, label in form.fields["location"].widget.choices] == [
        label for _value, label in rules.LOCATIONS
    ]
    bound = TriageForm({**BASELINE, "night_pain": "maybe"})
    assert "night_pain" in bound.errors
