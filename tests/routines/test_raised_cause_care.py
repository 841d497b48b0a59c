"""monitoring.raised_cause names the care a deleted entry told the runner to get from the
reason's structured value (Reason.care), not from the reason's sentence: rewording that
sentence must not drop "that told the runner to get emergency care". Plain Python: no
database, no cache."""

from dataclasses import replace
from datetime import date

import pytest

from routines import monitoring
from triage import rules as checker

SAT, SUN = date(2026, 11, 28), date(2026, 11, 29)

TOLD = {
    checker.Tier.EMERGENCY: "get emergency care",
    checker.Tier.URGENT: "see a doctor today",
}


def _held(tier: checker.Tier) -> monitoring.Reason:
    """The reason the advice of a Sunday entry gives for Saturday's deleted entry, which told
    the runner to get `tier`'s care (its trace), as the rules make it."""
    advice = monitoring.advise([monitoring.Entry(SUN, 2)], deleted=[(SAT, tier.value)])
    (held,) = [r for r in advice.reasons if r.code == "recent_care" and r.deleted]
    assert held.day == SAT and held.care is tier
    return held


@pytest.mark.parametrize("tier", list(TOLD))
@pytest.mark.parametrize("coach", [True, False])
def test_the_care_is_named_whatever_the_reason_says(tier, coach):
    held = _held(tier)
    whom = "the runner" if coach else "you"
    expected = (
        "an entry for Sat 28 Nov, logged after this one and since deleted, "
        f"that told {whom} to {TOLD[tier]}"
    )
    cause = monitoring.raised_cause("deleted", reasons=[held], coach=coach)
    assert cause == expected
    # The reason's sentence reworded (a copy edit), its care the same: the cause is too.
    reworded = replace(held, text="Your entry for Saturday, since deleted, sent you for help.")
    assert monitoring.raised_cause("deleted", reasons=[reworded], coach=coach) == expected


def test_a_held_reason_without_care_names_none():
    """Without a care kept on the reason, the cause names the entry only, even where its
    sentence still reads as the care's."""
    held = replace(_held(checker.Tier.EMERGENCY), care=None)
    assert "told to get emergency care" in held.text
    assert monitoring.raised_cause("deleted", reasons=[held]) == (
        "an entry for Sat 28 Nov, logged after this one and since deleted"
    )
