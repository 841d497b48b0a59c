"""The answer's two forms (Change my answers, Print) carry every answer as hidden fields: one
hidden input for each of triage.forms.answer_pairs, in its order, and nothing else (the
template writes them from answer_rows, one turn of its loop an answer)."""

from html import escape

import pytest
from django.http import QueryDict

from tests.triage.test_views import URL, answers, html
from triage.forms import TriageForm, answer_pairs, answer_rows

pytestmark = pytest.mark.django_db

CASES = [
    answers(),  # no area the pain spreads to: only its "asked"
    answers(night_pain=True, radiates_to="knee"),
    answers(radiates_to=["back", "thigh", "knee"], clicking="unsure"),
    answers(severity="0"),  # no pain: no question about it carried
    answers(age="112", age_confirmed="yes", weight_bearing="painful"),
    answers(age="30", pregnancy="no", mileage_increase=True, duration_days="40"),
]


def checker_answers(data: dict):
    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    form = TriageForm(query)
    form.is_valid()
    return form.answers()


def hidden_markup(pairs) -> str:
    return "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in pairs
    )


@pytest.mark.parametrize("data", CASES)
def test_each_form_of_the_answer_carries_every_answer_pair_in_order(client, data):
    given = checker_answers(data)
    pairs = answer_pairs(given)
    page = html(client.post(URL, data))
    expected = hidden_markup(pairs)
    for form_start in ('id="change-answers"', 'name="print"'):
        if form_start == 'name="print"':
            form = page.split('id="change-answers"', 1)[1].split("</form>", 2)[1]
        else:
            form = page.split(form_start, 1)[1].split("</form>", 1)[0]
        assert expected in form, (form_start, data)
        assert form.count('type="hidden"') == len(pairs) + 1  # and the CSRF token


def test_the_rows_are_the_pairs_with_each_asked_joined_to_its_answer():
    for data in CASES:
        given = checker_answers(data)
        rows = answer_rows(given)
        unrolled = [
            pair
            for name, value, asked in rows
            for pair in ((name, value), *((("asked", asked),) if asked else ()))
        ]
        assert unrolled == answer_pairs(given)
        assert len(rows) < len(answer_pairs(given))
    assert ("asked", "radiates_to", "") in answer_rows(checker_answers(CASES[0]))
