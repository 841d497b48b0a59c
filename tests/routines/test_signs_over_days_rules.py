"""A fresh tester's SAFETY finding: a temperature on 20 Nov (alone "get emergency care now")
and a red, warm hip on 26 Nov, and the runner was told only "See a doctor today" on 26 Nov,
though the checker's rule for a temperature with a hot or swollen hip is an emergency. The
log read signs of the days before with a day's own only where the pair called for more than
EACH sign alone; a temperature alone is already an emergency, so the pair was never read.

The class: wherever a rule of the checker fires only with a day's sign and an earlier sign
of the window together (a rule neither fires on alone), and it is more urgent than the
day's own signs, the day gets that rule's advice, on every gap within the window; an
earlier sign that no rule combines with the day's own does not raise the day (the earlier
day's own advice is the reminder, not a new emergency)."""

from datetime import date, timedelta
from itertools import permutations

import pytest

from routines import monitoring
from tests.routines.test_signs_over_days import _entry

PAIN = 2
DAY = date(2026, 11, 30)
WINDOW = monitoring.SIGNS_TOGETHER_DAYS


def _fired(signs) -> dict:
    return monitoring.assess_signs(set(signs), pain=PAIN).fired_tiers


def _own_urgency(signs) -> int:
    advice = monitoring.advise_signs(set(signs), pain=PAIN)
    return advice.urgency if advice is not None else 0


def _rule_urgency(first: str, second: str) -> int:
    """How urgent the checker's rules that fire only on the two signs together are (the log
    passes on emergency care and a doctor today), 0 without one."""
    apart = set(_fired({first})) | set(_fired({second}))
    tiers = [tier for slug, tier in _fired({first, second}).items() if slug not in apart]
    return max(
        (monitoring.told_urgency(t) for t in tiers if t in monitoring.CARE_TIERS), default=0
    )


OFFERED = sorted(sign.key for sign in monitoring.OFFERED_SIGNS)
#: (earlier sign, the day's sign): a rule needs both, and says more than the day's sign alone.
RAISING = [
    (first, second)
    for first, second in permutations(OFFERED, 2)
    if _rule_urgency(first, second) > _own_urgency({second})
]


def test_the_testers_pair_is_one():
    assert ("fever", "red_or_warm") in RAISING, RAISING


@pytest.mark.parametrize("gap", (1, 6, WINDOW))
@pytest.mark.parametrize(("first", "second"), RAISING)
def test_a_rule_needing_an_earlier_sign_and_the_days_own_raises_the_day(first, second, gap):
    entries = [_entry(DAY - timedelta(days=gap), first), _entry(DAY, second)]
    found = monitoring.advice_in_force(entries)
    assert found.advice.day == DAY
    assert found.advice.urgency >= _rule_urgency(first, second), (first, second, gap)
    day = monitoring.advice_by_day(entries, {DAY})[DAY]
    assert day.urgency >= _rule_urgency(first, second)


@pytest.mark.parametrize(("first", "second"), RAISING)
def test_not_beyond_the_window(first, second):
    entries = [_entry(DAY - timedelta(days=WINDOW + 1), first), _entry(DAY, second)]
    day = monitoring.advice_by_day(entries, {DAY})[DAY]
    assert day.urgency == _own_urgency({second})


def test_an_earlier_emergency_with_an_unrelated_sign_is_not_a_new_emergency():
    """A temperature on one day, and on a later day a sign no rule reads with it: the later
    day says what its own sign says (with the reminder of the earlier day), not "emergency"
    again."""
    unrelated = [
        second
        for second in OFFERED
        if second != "fever"
        and _rule_urgency("fever", second) == 0
        and _own_urgency({second}) < monitoring.told_urgency(monitoring.CARE_TIERS[0])
    ]
    assert unrelated
    for second in unrelated:
        entries = [_entry(DAY - timedelta(days=3), "fever"), _entry(DAY, second)]
        day = monitoring.advice_by_day(entries, {DAY})[DAY]
        assert day.urgency < monitoring.told_urgency(monitoring.CARE_TIERS[0]), second
