"""The pain score escalates the answer, and the answer never waits on its own escalation line
(QA round 4).

A fresh tester: 30, walks normally, pain 10 out of 10, no fall, every sign "no", outer hip,
1 day, nothing tried -> "See a GP or physio within a few days", the same as a 7, in an answer
that itself says to get help today when the pain stops everyday things. NHS "Hip pain" sends
pain that stops normal activities to a GP; HipCare reads the top of the scale (the worst
imaginable) as such pain and sends it to a doctor the same day. Mild pain stays self-care."""

import itertools

import pytest

from triage import rules
from triage.rules import Improving, Location, Onset, Sign, Tier, WeightBearing, assess

BENIGN_SHAPES = list(
    itertools.product(
        list(Location), list(Onset), (0, 1, 3, 13, 40), [Improving.YES, Improving.NOT_TRIED]
    )
)


def _benign(severity: int, location, onset, days, improving, age: int = 30) -> rules.Answers:
    values: dict[str, object] = {name: Sign.NO for name in rules.SIGN_FIELDS}
    values.update(
        age=age,
        severity=severity,
        weight_bearing=WeightBearing.FULL,
        pregnancy=rules.Pregnancy.NO,
        location=location,
        radiates_to=frozenset(),
        onset=onset,
        duration_days=days,
        improving=improving,
    )
    return rules.Answers(**values)


def test_the_testers_worst_pain_is_seen_by_a_doctor_today():
    given = _benign(10, Location.OUTER_SIDE, Onset.GRADUAL, 1, Improving.NOT_TRIED)
    assessment = assess(given)
    label, action = rules.headline(assessment, given)
    assert assessment.tier is Tier.URGENT
    assert "worst-imaginable-pain" in [rule.slug for rule in assessment.main_reasons]
    assert label == "See a doctor today"
    assert "few days" not in action and "today" in action
    assert not assessment.offers_exercises


@pytest.mark.parametrize(("location", "onset", "days", "improving"), BENIGN_SHAPES)
def test_the_pain_score_never_lowers_the_answer_and_its_top_is_today(
    location, onset, days, improving
):
    tiers = [
        assess(_benign(score, location, onset, days, improving)).tier
        for score in range(rules.SEVERITY_MIN, rules.SEVERITY_MAX + 1)
    ]
    assert tiers == sorted(tiers), tiers
    assert tiers[-1] >= Tier.URGENT


@pytest.mark.parametrize(("location", "onset", "days", "improving"), BENIGN_SHAPES)
def test_an_answer_below_today_that_says_get_help_today_is_never_for_the_top_score(
    location, onset, days, improving
):
    """The severe-pain rule's line (get help today once the pain stops everyday things) is
    for 7 to 9; at 10 the answer is already today."""
    for score in range(rules.SEVERE_PAIN, rules.SEVERITY_MAX + 1):
        given = _benign(score, location, onset, days, improving)
        assessment = assess(given)
        _label, action = rules.headline(assessment, given)
        if assessment.tier < Tier.URGENT:
            assert score < rules.SEVERITY_MAX, action


@pytest.mark.parametrize("score", range(1, rules.SEVERE_PAIN))
def test_mild_or_moderate_pain_that_is_settling_stays_self_care_with_exercises(score):
    given = _benign(score, Location.OUTER_SIDE, Onset.GRADUAL, 3, Improving.YES)
    assessment = assess(given)
    assert assessment.tier is Tier.SELF_CARE and assessment.offers_exercises
