"""The advice after an entry reads the days before it, and each warning sign says its own
level (a fresh tester's findings on the runner's log; routines/monitoring.py). No database.

- A worse next morning after the previous session day eases the next session back
  (Silbernagel 2007's pain-monitoring model): advise() reads the previous session day's
  answer, not only the entry's own day's.
- A day whose warning signs meant emergency care or a doctor today keeps the advice at "stop"
  for the RECENT_CARE_DAYS days after it, with a reason naming that day and what the runner
  was told, and the checker's rules behind it; then it lapses.
- Each warning sign's reason states that sign's own reading by the checker; the day's level is
  the most urgent.
"""

import itertools
from datetime import date, datetime, timedelta

import pytest

from hipcare.quoting import lower_first as quoted
from routines import monitoring
from routines.monitoring import Entry, Level, Morning, advice_by_day, advise, advise_now
from triage import rules as checker

#: The tester's day: Sunday 29 November 2026.
SUNDAY = date(2026, 11, 29)
SAYS = {
    checker.Tier.EMERGENCY: "The symptom checker treats this as an emergency.",
    checker.Tier.URGENT: "The symptom checker says to see a doctor today.",
    None: "Signs like this need the symptom checker, not more exercise.",
}


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def own_tier(key: str, pain: int) -> checker.Tier | None:
    """The checker's reading of one sign ticked alone, asked of the checker directly."""
    tier = checker.assess(monitoring.checker_answers({key}, pain=pain)).tier
    return tier if tier in monitoring.CARE_TIERS else None


#: The same readings as an entry says them where the signs ticked together call for more
#: ("On its own: see a doctor today. All the signs ticked together: get emergency care now.").
ALONE = {
    checker.Tier.EMERGENCY: "on its own: get emergency care now.",
    checker.Tier.URGENT: "on its own: see a doctor today.",
    None: "on its own: stop and check your symptoms.",
}


def said_of(text: str, label: str) -> str:
    """The sentence of the checker's reading that follows the sign `label` in `text` (as
    SAYS words it, whichever way the entry says it)."""
    rest = text[text.index(quoted(label)) :]
    found = [(rest.index(words), SAYS[tier]) for tier, words in SAYS.items() if words in rest]
    lower = rest.lower()
    found += [(lower.index(words), SAYS[tier]) for tier, words in ALONE.items() if words in lower]
    return min(found)[1]


def codes(advice) -> list[str]:
    return [reason.code for reason in advice.reasons]


# 1a. A worse next morning after the previous session day.


def test_the_tester_case_worse_morning_then_a_mild_session_eases_back():
    log = [
        Entry(SUNDAY, 3, Morning.WORSE, logged=at(SUNDAY, 18)),
        Entry(SUNDAY + timedelta(days=1), 4, logged=at(SUNDAY + timedelta(days=1), 18)),
    ]
    advice = advise(log)
    assert advice.level is Level.EASE_BACK
    reason = next(r for r in advice.reasons if r.code == "worse_morning_before")
    assert "Sunday 29 November" in reason.text
    assert reason.sources == ("silbernagel-2007",)
    assert advise_now(log).level is Level.EASE_BACK


@pytest.mark.parametrize("gap", [1, 2, 6])
def test_the_previous_session_day_counts_however_far_back(gap):
    log = [Entry(SUNDAY, 2, Morning.WORSE), Entry(SUNDAY + timedelta(days=gap), 2)]
    assert "worse_morning_before" in codes(advise(log))


@pytest.mark.parametrize("morning", [None, Morning.BETTER, Morning.SAME])
def test_no_worse_morning_the_day_before_carries_on(morning):
    log = [Entry(SUNDAY, 2, morning), Entry(SUNDAY + timedelta(days=1), 2)]
    assert advise(log).level is Level.CONTINUE


def test_only_the_previous_session_day_counts_not_an_older_one():
    log = [
        Entry(SUNDAY, 2, Morning.WORSE),
        Entry(SUNDAY + timedelta(days=1), 2, Morning.BETTER),
        Entry(SUNDAY + timedelta(days=2), 2),
    ]
    assert advise(log).level is Level.CONTINUE


def test_the_worst_answer_of_the_previous_day_counts():
    monday = SUNDAY + timedelta(days=1)
    log = [
        Entry(SUNDAY, 2, Morning.WORSE, logged=at(SUNDAY, 8)),
        Entry(SUNDAY, 2, Morning.BETTER, logged=at(SUNDAY, 18)),
        Entry(monday, 2, logged=at(monday, 8)),
    ]
    assert advise(log).level is Level.EASE_BACK


def test_an_earlier_entry_of_the_same_day_is_not_the_previous_session_day():
    log = [
        Entry(SUNDAY, 2, Morning.WORSE, logged=at(SUNDAY, 8)),
        Entry(SUNDAY, 2, logged=at(SUNDAY, 18)),
    ]
    assert "worse_morning_before" not in codes(advise(log))


# 1b. A warning sign that meant emergency care or a doctor today, in the recent window.

CARE_SIGNS = [sign for sign in monitoring.OFFERED_SIGNS if own_tier(sign.key, 1) is not None]
TOLD = {
    checker.Tier.EMERGENCY: "you were told to get emergency care",
    checker.Tier.URGENT: "you were told to see a doctor today",
}


def test_there_are_signs_of_both_care_tiers():
    assert {own_tier(sign.key, 1) for sign in CARE_SIGNS} == set(monitoring.CARE_TIERS)


def test_the_tester_case_an_emergency_then_a_mild_day_does_not_carry_on():
    monday = SUNDAY + timedelta(days=1)
    log = [
        Entry(SUNDAY, 3, Morning.WORSE, frozenset({"saddle_or_bladder"}), at(SUNDAY, 18)),
        Entry(monday, 4, logged=at(monday, 18)),
    ]
    advice = advise(log)
    assert advice.level is Level.STOP
    assert advice.label != Level.CONTINUE.label and "Keep to the routine" not in advice.action
    reason = next(r for r in advice.reasons if r.code == "recent_care")
    assert reason.text == (
        "After your entry for Sunday 29 November you were told to get emergency care; if your "
        "hip hasn't been checked since, do that before you carry on."
    )
    assert "symptom-checker" in reason.sources
    assert reason.rules and all(rule.sources for rule in reason.rules)
    assert {rule.slug for rule in reason.rules} <= {rule.slug for rule in checker.RULES}
    assert "worse_morning_before" in codes(advice)
    assert reason.coach_text.startswith(
        "After their entry for Sunday 29 November the runner was told to get"
    )
    assert advise_now(log).level is Level.STOP
    assert advice_by_day(log, [monday])[monday].level is Level.STOP
    assert advise_now(log).coach_label == "Told to stop and check their symptoms"


@pytest.mark.parametrize("sign", CARE_SIGNS, ids=lambda sign: sign.key)
@pytest.mark.parametrize("later", [1, 7, monitoring.RECENT_CARE_DAYS])
def test_a_care_sign_keeps_stop_for_the_window(sign, later):
    log = [Entry(SUNDAY, 1, warning_signs={sign.key}), Entry(SUNDAY + timedelta(days=later), 0)]
    advice = advise(log)
    assert advice.level is Level.STOP
    assert advice.care is None  # today's own signs are none: the reminder, not a new call
    (reason,) = [r for r in advice.reasons if r.code == "recent_care"]
    assert TOLD[own_tier(sign.key, 1)] in reason.text
    assert "Sunday 29 November" in reason.text


@pytest.mark.parametrize("sign", CARE_SIGNS, ids=lambda sign: sign.key)
def test_the_reminder_lapses_after_the_window(sign):
    later = SUNDAY + timedelta(days=monitoring.RECENT_CARE_DAYS + 1)
    log = [Entry(SUNDAY, 1, warning_signs={sign.key}), Entry(later, 0)]
    assert advise(log).level is Level.CONTINUE


def test_a_sign_that_sends_to_the_checker_is_carried_over_as_a_stop_not_as_care():
    # It used to give "carry on" the next day: the checker's reading of such a sign keeps the
    # runner off training until the hip is checked (tests/routines/test_sign_hold.py).
    sign = next(s for s in monitoring.OFFERED_SIGNS if own_tier(s.key, 1) is None)
    log = [Entry(SUNDAY, 1, warning_signs={sign.key}), Entry(SUNDAY + timedelta(days=1), 0)]
    advice = advise(log)
    assert advice.level is Level.STOP and advice.care is None
    (held,) = [r for r in advice.reasons if r.code == "recent_care"]
    assert held.text.startswith(
        "After your entry for Sunday 29 November you were told to stop and check"
    )


def test_the_most_urgent_then_latest_day_is_named():
    emergency = next(s for s in CARE_SIGNS if own_tier(s.key, 1) is checker.Tier.EMERGENCY)
    urgent = next(s for s in CARE_SIGNS if own_tier(s.key, 1) is checker.Tier.URGENT)
    log = [
        Entry(SUNDAY, 1, warning_signs={emergency.key}),
        Entry(SUNDAY + timedelta(days=2), 1, warning_signs={urgent.key}),
        Entry(SUNDAY + timedelta(days=3), 1, warning_signs={emergency.key}),
        Entry(SUNDAY + timedelta(days=4), 0),
    ]
    (reason,) = [r for r in advise(log).reasons if r.code == "recent_care"]
    assert reason.text.startswith(
        "After your entry for Wednesday 2 December you were told to get emergency care"
    )


# 2. Each warning sign states its own level; the day's is the most urgent.

PAINS = (8, 3)


@pytest.mark.parametrize(
    ("first", "second"),
    list(itertools.permutations(monitoring.OFFERED_SIGNS, 2)),
    ids=lambda sign: sign.key,
)
def test_every_pair_of_signs_on_one_day_each_says_its_own_level(first, second):
    log = [
        Entry(SUNDAY, PAINS[0], warning_signs={first.key}, logged=at(SUNDAY, 8)),
        Entry(SUNDAY, PAINS[1], warning_signs={second.key}, logged=at(SUNDAY, 18)),
    ]
    day = advise_now(log)
    text = " ".join(reason.text for reason in day.reasons)
    first_tier, second_tier = own_tier(first.key, PAINS[0]), own_tier(second.key, PAINS[1])
    if first.key != second.key:
        assert said_of(text, first.label) == SAYS[first_tier]
        assert said_of(text, second.label) == SAYS[second_tier]
    # Each entry on its own says its own sign's level.
    for entry, sign, tier in ((log[0], first, first_tier), (log[1], second, second_tier)):
        alone = advise(log, about=entry)
        assert said_of(alone.reasons[0].text, sign.label) == SAYS[tier]
    # The day's level is the most urgent: at least each sign's own, and the checker's reading
    # of them together.
    together = checker.assess(monitoring.checker_answers({first.key, second.key}, pain=8)).tier
    assert day.level is Level.STOP
    assert day.triage.tier is together
    for tier in (first_tier, second_tier):
        if tier is not None:
            assert day.care is not None and day.care.urgency >= tier.urgency
    if day.care is not None and day.care.urgency > max(
        (t.urgency for t in (first_tier, second_tier) if t), default=-1
    ):
        assert "warning_signs_together" in codes(day)


@pytest.mark.parametrize(
    ("first", "second"),
    list(itertools.combinations(monitoring.OFFERED_SIGNS, 2)),
    ids=lambda sign: sign.key,
)
def test_every_pair_of_signs_in_one_entry_each_says_its_own_level(first, second):
    advice = advise([Entry(SUNDAY, 3, warning_signs={first.key, second.key})])
    text = " ".join(reason.text for reason in advice.reasons)
    assert said_of(text, first.label) == SAYS[own_tier(first.key, 3)]
    assert said_of(text, second.label) == SAYS[own_tier(second.key, 3)]


def test_the_tester_case_night_pain_is_not_called_an_emergency():
    log = [
        Entry(SUNDAY, 8, warning_signs={"night_or_rest_pain"}, logged=at(SUNDAY, 8)),
        Entry(SUNDAY, 3, warning_signs={"saddle_or_bladder"}, logged=at(SUNDAY, 18)),
    ]
    assert advise(log, about=log[0]).care is None
    day = advise_now(log)
    assert day.care is checker.Tier.EMERGENCY
    (earlier,) = [r for r in day.reasons if r.code == "warning_sign_earlier"]
    assert earlier.text.startswith("From an earlier entry that day: You ticked a warning sign")
    assert "emergency" not in earlier.text
    assert earlier.text.endswith(SAYS[None])
