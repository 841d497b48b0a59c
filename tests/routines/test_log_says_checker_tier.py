"""Wherever the log says what the symptom checker would advise for what was logged (the pain,
a warning sign), it says what the checker's own rules give, read from them. Fresh tester:
after pain 10 the log said the checker would "suggest seeing someone" while the checker said
"See a doctor today" (its worst-imaginable-pain rule)."""

from datetime import date

import pytest

from routines import monitoring
from routines.monitoring import SEVERE_PAIN, WARNING_SIGNS, Entry, advise, checker_answers
from triage import rules as checker

DAY = date(2026, 11, 30)


def reason(advice, code):
    return next((r for r in advice.reasons if r.code == code), None)


@pytest.mark.parametrize("pain", range(0, 11))
def test_the_pain_reason_says_the_checkers_own_heading_for_that_pain(pain):
    """Tester: pain 7-9 on the log read "the symptom checker says: book a physio or doctor"
    (its tier's words) where the checker's answer for that pain is headed "See a GP or physio
    within a few days" (the rule's own timing): the log quotes the answer's heading."""
    answers = checker_answers((), pain=pain)
    heading, _text = checker.headline(checker.assess(answers), answers)
    severe = reason(advise([Entry(DAY, pain)]), "severe_pain")
    assert (severe is not None) == (pain >= SEVERE_PAIN)
    if severe is not None:
        said = severe.text.lower()
        assert f"the symptom checker says: {heading.lower()}." in said
        others = {t.label.lower() for t in checker.Tier} - {heading.lower()}
        assert not any(label in said for label in others), said


def test_pain_ten_says_see_a_doctor_today():
    severe = reason(advise([Entry(DAY, 10)]), "severe_pain")
    assert checker.assess(checker_answers((), pain=10)).tier is checker.Tier.URGENT
    assert "see a doctor today" in severe.text.lower()
    assert "suggest seeing someone" not in severe.text


@pytest.mark.parametrize("sign", [s.key for s in WARNING_SIGNS])
@pytest.mark.parametrize("pain", [0, 2, 6, 7, 10])
def test_each_sign_is_named_with_the_checkers_tier(sign, pain):
    tier = checker.assess(checker_answers({sign}, pain=pain)).tier
    advice = advise([Entry(DAY, pain, warning_signs=frozenset({sign}))])
    text = reason(advice, "warning_sign").text
    if tier is checker.Tier.EMERGENCY:
        assert "treats this as an emergency" in text
        assert advice.care == "emergency"
    elif tier is checker.Tier.URGENT:
        assert "says to see a doctor today" in text
        assert advice.care == "urgent"
    else:
        assert "emergency" not in text and "doctor today" not in text
        assert advice.care is None
    assert monitoring.Level.STOP is advice.level
