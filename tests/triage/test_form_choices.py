"""The checker form's choice questions keep their options fixed (triage.forms._FixedChoices):
every form made lists the rules' own options, in their order, however often they are read,
and a value that is not one of them is still refused with Django's own message."""

from django import forms
from django.http import QueryDict

from triage import rules
from triage.forms import TriageForm

#: Each choice question's options as the rules give them.
RULES_CHOICES = {
    **dict.fromkeys(rules.SIGN_FIELDS, rules.SIGN_CHOICES),
    "weight_bearing": rules.WEIGHT_BEARING,
    "pregnancy": rules.PREGNANCY,
    "location": rules.LOCATIONS,
    "radiates_to": rules.RADIATES,
    "onset": rules.ONSETS,
    "improving": rules.IMPROVING,
    "asked": tuple((name, name) for name in rules.QUESTIONS),
}


def as_pairs(choices) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in choices]


def test_every_choice_question_lists_the_rules_options_in_every_form():
    choice_fields = {
        name
        for name, field in TriageForm.base_fields.items()
        if isinstance(field, forms.ChoiceField)
    }
    assert choice_fields == set(RULES_CHOICES)
    first, second = TriageForm(), TriageForm(QueryDict("injury=yes"))
    for form in (first, second, first):
        for name, expected in RULES_CHOICES.items():
            field = form.fields[name]
            assert as_pairs(field.choices) == as_pairs(expected), name
            assert as_pairs(field.widget.choices) == as_pairs(expected), name
            assert list(field.choices) == list(field.choices)  # read again: the same


def test_a_value_not_among_the_options_is_refused_with_djangos_message():
    form = TriageForm(QueryDict("injury=maybe&location=elbow&radiates_to=toe"))
    assert not form.is_valid()
    assert form.errors["injury"] == [
        "Select a valid choice. maybe is not one of the available choices."
    ]
    assert form.errors["location"] == [
        "Select a valid choice. elbow is not one of the available choices."
    ]
    assert form.errors["radiates_to"] == [
        "Select a valid choice. toe is not one of the available choices."
    ]


def test_a_value_among_the_options_is_taken():
    form = TriageForm(QueryDict("injury=yes&location=outer_side&radiates_to=knee&radiates_to=back"))
    form.is_valid()
    assert form.cleaned_data["injury"] == "yes"
    assert form.cleaned_data["location"] == "outer_side"
    assert form.cleaned_data["radiates_to"] == ["knee", "back"]
