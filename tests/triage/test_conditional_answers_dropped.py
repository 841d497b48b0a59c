"""An answer to a question that is only asked under a condition (an age range, a pain score
above 0, another answer) is dropped when that condition no longer holds, whichever page sent
it: the step flow, "Change my answers" (every question on one page), or a POST made by hand.

QA: age 30 and "Yes, I'm pregnant", then "Change my answers" and the age changed to 70 gave
"Tell your midwife or GP soon"; to 3, "Also worth telling whoever you see: Hip or pelvic pain
in pregnancy". The step flow never asks the pregnancy question at those ages.

The conditional questions are found from the checker's own definitions (the steps' questions,
and whether a step shows each one: rules.applies), not from a list written here."""

import re

import pytest
from django.urls import reverse

from tests.conftest import make_source
from triage import rules
from triage.forms import TriageForm

URL = reverse("triage:form")
AGES = range(rules.AGE_MIN, rules.AGE_MAX + 1)
SEVERITIES = (None, rules.SEVERITY_MIN, 5)  # none yet, none at all, some pain
STEP_QUESTIONS = [name for step in rules.STEPS for name in step.questions]


def _runs(values):
    """The first and last value of each run of consecutive whole numbers."""
    picked, values = [], sorted(values)
    for index, value in enumerate(values):
        if index == 0 or values[index - 1] != value - 1:
            picked.append(value)
        if index == len(values) - 1 or values[index + 1] != value + 1:
            picked.append(value)
    return sorted(set(picked))


def _conditions() -> dict[str, list[tuple[int, int | None]]]:
    """Each question a step can leave out, with the (age, pain score) it is left out at:
    every age at the ends of each run of ages it isn't asked at, and a pain score of 0."""
    found: dict[str, list[tuple[int, int | None]]] = {}
    for name in STEP_QUESTIONS:
        if name in ("age", "severity"):
            continue
        for severity in SEVERITIES:
            ages = [age for age in AGES if not rules.applies(name, age, severity)]
            if not ages:
                continue
            picks = [30] if len(ages) == len(AGES) else _runs(ages)
            found.setdefault(name, []).extend((age, severity) for age in picks)
    return {name: sorted(set(cases), key=str) for name, cases in found.items()}


CONDITIONS = _conditions()
CASES = [(name, age, severity) for name, cases in CONDITIONS.items() for age, severity in cases]


def test_the_checker_has_conditional_questions_to_check():
    # Pregnancy by age, and the questions about the pain after a score of 0, at least.
    assert "pregnancy" in CONDITIONS
    assert any(severity == rules.SEVERITY_MIN for _a, severity in CONDITIONS["location"])


def _benign(age: int, severity: int | None) -> dict[str, object]:
    """Every question answered the least worrying way, for this age and pain score (only the
    questions a step would ask)."""
    values: dict[str, object] = {name: rules.Sign.NO for name in rules.SIGN_FIELDS}
    values.update(
        age=age,
        severity=severity,
        weight_bearing=rules.WeightBearing.FULL,
        pregnancy=rules.Pregnancy.NO,
        location=rules.Location.OUTER_SIDE,
        radiates_to=frozenset(),
        onset=rules.Onset.GRADUAL,
        duration_days=3,
        improving=rules.Improving.YES,
    )
    return {
        name: value
        for name, value in values.items()
        if rules.applies(name, age, severity) and value is not None
    }


def _left_out_answers(name: str, age: int, severity: int | None):
    """Every answer question ``name`` can get that leaves it unasked (an answer that itself
    says the hip hurts asks the questions about the pain: it is read)."""
    base = _benign(age, severity)
    for value in rules.possible_answers(name):
        if name == "duration_days" and not rules.duration_fits_age(value, age):
            continue
        given = rules.Answers(**{**base, name: value})
        if rules.pain_told(given) and not rules.pain_told(rules.Answers(**base)):
            continue  # it says the hip hurts: then the question is asked
        yield value, rules.Answers(**base), given


def _reading(answers: rules.Answers):
    assessment = rules.assess(answers)
    return (
        assessment.tier,
        [rule.slug for rule in assessment.fired],
        rules.headline(assessment, answers),
        assessment.offers_exercises,
    )


@pytest.mark.parametrize(("name", "age", "severity"), CASES)
def test_an_answer_to_a_question_not_asked_changes_nothing(name, age, severity):
    for value, without, given in _left_out_answers(name, age, severity):
        assert _reading(given) == _reading(without), (name, age, severity, value)


@pytest.mark.parametrize(("name", "age", "severity"), CASES)
def test_the_form_drops_an_answer_to_a_question_not_asked(name, age, severity):
    """Whatever page sent it (with the hidden ``asked`` list a step or "Change my answers"
    sends, or without it, as a POST made by hand)."""
    for value, without, _given in _left_out_answers(name, age, severity):
        data = _post_data(without.with_changes(**{name: value}))
        for asked in (True, False):
            sent = {**data, "asked": [*rules.QUESTIONS]} if asked else data
            form = TriageForm(sent)
            form.is_valid()
            assert getattr(form.answers(), name) is None, (name, age, severity, value, asked)


def _post_data(answers: rules.Answers) -> dict[str, object]:
    data: dict[str, object] = {}
    for name in rules.QUESTIONS:
        value = getattr(answers, name)
        if value is None:
            continue
        data[name] = sorted(str(area) for area in value) if name == "radiates_to" else str(value)
    if answers.age is not None and answers.age >= rules.AGE_CONFIRM_FROM:
        data["age_confirmed"] = "yes"
    return data


def _page(response) -> str:
    """The page with what differs from one request to the next masked: the CSRF token and
    the printed answer's time to the minute (two requests can fall either side of one)."""
    page = response.content.decode()
    page = re.sub(r"answer · [^·]+ ·", "answer · TIME ·", page)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "T", page)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "age", "severity"), CASES)
def test_the_answer_page_is_the_same_with_or_without_an_answer_not_asked(
    client, name, age, severity
):
    """The QA path through the view: the answer page, with every answer carried on ("Change
    my answers", "Print"), is the one it would be without the stale answer."""
    if severity is None:
        # The answer page needs a pain score: one the question is still left out at.
        if rules.applies(name, age, 3):
            pytest.skip("covered with a pain score given")
        severity = 3
    for slug in rules.KNOWN_SOURCES:
        make_source(slug=slug, title=f"Title of {slug}")
    values = list(_left_out_answers(name, age, severity))
    # The worrying end is the one that matters: the last answer tried ("yes", pregnant...).
    value, without, _given = values[-1]
    plain = _post_data(without)
    stale = _post_data(without.with_changes(**{name: value}))
    for extra in ({"asked": [*rules.QUESTIONS]}, {}):
        expected = client.post(URL, {**plain, **extra})
        got = client.post(URL, {**stale, **extra})
        assert got.status_code == expected.status_code == 200
        assert _page(got) == _page(expected), (name, age, severity, value)


@pytest.mark.django_db
@pytest.mark.parametrize("age", [3, 70])
def test_pregnant_at_30_then_the_age_changed_on_change_my_answers(client, age):
    """The QA report itself: no midwife, no pregnancy reason, after the age is changed."""
    for slug in rules.KNOWN_SOURCES:
        make_source(slug=slug, title=f"Title of {slug}")
    data = _post_data(rules.Answers(**{**_benign(30, 3), "pregnancy": rules.Pregnancy.PREGNANT}))
    first = client.post(URL, {**data, "asked": [*rules.QUESTIONS]})
    assert "midwife" in first.content.decode()
    changed = client.post(URL, {**data, "age": str(age), "asked": [*rules.QUESTIONS]})
    page = changed.content.decode()
    assert changed.status_code == 200
    assert "midwife" not in page and "hip-pain-in-or-after-pregnancy" not in page
