"""The symptom checker's form (triage/forms.py): its own loop over the fields gives what
Django's would, for any answers a browser, a script or a fuzzer can send."""

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


def _cleaned_by_both(data: QueryDict) -> tuple[TriageForm, TriageForm]:
    ours = TriageForm(data)
    ours.is_valid()
    djangos = TriageForm(data)
    # Django's own loop, on a form of the same class: one BoundField per field.
    djangos._clean_fields = lambda: forms.BaseForm._clean_fields(djangos)
    djangos.is_valid()
    return ours, djangos


def _errors(form: TriageForm) -> dict[str, list[tuple[str, str | None]]]:
    return {
        name: [(error.message % (error.params or {}), error.code) for error in errors]
        for name, errors in form.errors.as_data().items()
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWER_SETS)
@example({name: [value] for name, value in BASELINE.items()})
@example({})
def test_the_form_cleans_any_answers_as_djangos_own_loop_does(answers):
    ours, djangos = _cleaned_by_both(_query(answers))
    assert ours.is_valid() == djangos.is_valid()
    assert ours.cleaned_data == djangos.cleaned_data
    assert _errors(ours) == _errors(djangos)


def test_a_complete_answer_set_is_valid_and_a_bad_one_says_what_is_wrong():
    complete = {name: [value] for name, value in BASELINE.items()}
    ours, _ = _cleaned_by_both(_query(complete))
    assert ours.is_valid(), ours.errors
    ours, djangos = _cleaned_by_both(_query({**complete, "age": ["old"]}))
    assert not ours.is_valid()
    assert _errors(ours) == _errors(djangos) == {"age": [("Enter a whole number.", "invalid")]}


def test_the_form_uses_nothing_its_own_loop_leaves_out():
    """Disabled fields, file fields and clean_<name>() methods are what Django's loop handles
    and ours does not: adding one means going back to Django's loop."""
    for name, field in TriageForm.base_fields.items():
        assert not field.disabled, name
        assert type(field)._clean_bound_field is forms.Field._clean_bound_field, name
        assert not hasattr(TriageForm, f"clean_{name}"), name
