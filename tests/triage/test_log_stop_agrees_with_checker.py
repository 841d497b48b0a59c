"""The runner's log and the symptom checker agree about each warning sign (QA round 4).

A fresh tester ticked "Numbness, tingling or pins and needles in the leg" in the log, which
said "Stop the exercises for now and answer the symptom checker"; the checker, answered with
the same sign and nothing else worrying, said "Book a physio or doctor ... Meanwhile cut back
your running" and offered a starter routine. Pain that only spreads down the leg got "be
examined before trying exercises" and no routine: a nerve sign was held to less than the pain
it comes with.

The class: every box of the log (routines.monitoring.OFFERED_SIGNS) whose advice is to stop
the exercises, answered in the checker with otherwise benign answers, never gets a starter
routine nor words that allow running. No box is listed here by hand."""

import pytest

from routines import monitoring
from triage import rules
from triage.rules import Improving, Location, Onset, Sign, Tier, WeightBearing, assess

from .test_running_advice_fits_reasons import LAX

#: Pain scores below severe: the answer then rests on the sign, not on the pain.
PAINS = range(1, rules.SEVERE_PAIN)
#: Adults and a young person: every age the checker's self-care and "book" words are for.
AGES = (rules.CHILD_AGE_UNDER, 30, rules.FALL_RISK_AGE - 1, 80)


def _stop_signs() -> list[monitoring.WarningSign]:
    return [
        sign
        for sign in monitoring.OFFERED_SIGNS
        if any(
            (advice := monitoring.advise_signs({sign.key}, pain=pain)) is not None
            and advice.level is monitoring.Level.STOP
            for pain in PAINS
        )
    ]


STOP_SIGNS = _stop_signs()


def test_the_log_has_boxes_that_stop_the_exercises():
    assert {sign.key for sign in STOP_SIGNS} >= {"numbness"}


def _benign(age: int, pain: int, location: Location) -> dict[str, object]:
    values: dict[str, object] = {name: Sign.NO for name in rules.SIGN_FIELDS}
    values.update(
        age=age,
        severity=pain,
        weight_bearing=WeightBearing.FULL,
        location=location,
        radiates_to=frozenset(),
        onset=Onset.GRADUAL,
        duration_days=3,
        improving=Improving.YES,
    )
    if rules.applies("pregnancy", age):
        values["pregnancy"] = rules.Pregnancy.NO
    return values


@pytest.mark.parametrize("sign", STOP_SIGNS, ids=[sign.key for sign in STOP_SIGNS])
def test_a_box_the_log_stops_for_gets_no_routine_nor_running_in_the_checker(sign):
    for age in AGES:
        for pain in PAINS:
            for location in Location:
                values = _benign(age, pain, location)
                values.update(dict(sign.answers))
                given = rules.Answers(**values)
                assessment = assess(given)
                _heading, action = rules.headline(assessment, given)
                where = (sign.key, age, pain, location)
                assert not assessment.offers_exercises, where
                assert not [words for words in LAX if words in action.lower()], (where, action)


@pytest.mark.parametrize("pain", PAINS)
@pytest.mark.parametrize("location", list(Location))
def test_numbness_in_the_leg_is_held_to_at_least_what_spreading_pain_is(pain, location):
    base = _benign(30, pain, location)
    numb = assess(rules.Answers(**{**base, "numbness": Sign.YES}))
    spreads = assess(rules.Answers(**{**base, "radiates_to": frozenset({rules.Radiates.KNEE})}))
    assert numb.tier >= spreads.tier >= Tier.SEE_PROFESSIONAL
    assert rules.stops_running(numb) and rules.stops_running(spreads)
    assert not numb.offers_exercises and not spreads.offers_exercises
