"""A fall or a blow in a known pregnancy goes to the midwife or maternity unit today.

Fresh tester: pregnant, a fall or a blow, can walk, pain 3 or 6, no pain at rest, got "See a
professional soon · Tell your midwife or GP soon" (from pelvic girdle pain); the fall only
added "have the hip examined". NHS Greater Glasgow and Clyde "Abdominal trauma / fall in
pregnancy" has a fall or a blow to the tummy assessed in maternity triage (from 23 weeks, and
anti-D within 72 hours for some from 12 weeks); the checker doesn't ask how far along, so any
known pregnancy with a fall is told to contact the maternity team today."""

import pytest

from tests.triage.test_rules import answers
from triage import rules
from triage.rules import Pregnancy, Sign, Tier, assess, headline

MIDWIFE_TODAY = "Contact your midwife or maternity unit today"


@pytest.mark.parametrize("severity", [3, 6, 0])
@pytest.mark.parametrize("injury", [Sign.YES, Sign.UNSURE])
def test_a_fall_in_pregnancy_goes_to_the_maternity_team_today(severity, injury):
    given = answers(
        pregnancy=Pregnancy.PREGNANT,
        injury=injury,
        severity=severity,
        weight_bearing="full",
        pain_at_rest=Sign.NO,
    )
    result = assess(given)
    label, action = headline(result, given)
    assert result.tier is Tier.URGENT
    assert result.main_reasons[0].slug == "fall-in-pregnancy"
    assert label == MIDWIFE_TODAY
    assert "Phone your midwife or your maternity unit" in action
    assert "Call 999" in action
    assert rules.names_own_contact(result, given)
    assert "ggc-fall-in-pregnancy" in rules.rule_by_slug("fall-in-pregnancy").sources
    # The hip itself is still to be examined, and no starter routine.
    assert "after-a-fall-or-blow" in {rule.slug for rule in result.fired}
    assert not result.offers_exercises


@pytest.mark.parametrize(
    "pregnancy", [Pregnancy.NO, Pregnancy.POSSIBLY_PREGNANT, Pregnancy.RECENTLY_GAVE_BIRTH]
)
def test_a_fall_without_a_known_pregnancy_keeps_its_own_answer(pregnancy):
    given = answers(pregnancy=pregnancy, injury=Sign.YES)
    result = assess(given)
    assert "fall-in-pregnancy" not in {rule.slug for rule in result.fired}


def test_pregnancy_without_a_fall_is_not_sent_to_maternity_today():
    given = answers(pregnancy=Pregnancy.PREGNANT)
    assert "fall-in-pregnancy" not in {rule.slug for rule in assess(given).fired}
