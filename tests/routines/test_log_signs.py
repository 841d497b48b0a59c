"""The log's warning signs take their urgency from the symptom checker's rules (triage/rules.py),
with no copy of the clinical facts: an emergency sign says so at once, in the log, as the
checker would. Pure: no Django, no database."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from routines import monitoring
from routines.monitoring import Entry, Level
from triage import rules as checker

#: What the checker says of each sign on the form, ticked alone (pinned here so that a change
#: of a sign or a rule is seen).
EXPECTED = {
    "no_weight": checker.Tier.EMERGENCY,
    "saddle_or_bladder": checker.Tier.EMERGENCY,
    # A temperature with hip pain: the checker's septic-arthritis flag (rule "fever").
    "fever": checker.Tier.EMERGENCY,
    "red_or_warm": checker.Tier.URGENT,
    "limp": checker.Tier.SEE_PROFESSIONAL,
    "night_or_rest_pain": checker.Tier.SEE_PROFESSIONAL,
    "swollen": checker.Tier.SEE_PROFESSIONAL,
    "numbness": checker.Tier.SEE_PROFESSIONAL,
    "fall_or_blow": checker.Tier.SEE_PROFESSIONAL,
    "deformity": checker.Tier.EMERGENCY,
    "groin_lump": checker.Tier.EMERGENCY,
    "testicle_pain": checker.Tier.EMERGENCY,
    "breathless_or_chest_pain": checker.Tier.EMERGENCY,
    "leg_swollen": checker.Tier.URGENT,
    "leg_weakness": checker.Tier.URGENT,
    "tummy_pain": checker.Tier.URGENT,
    "vomiting": checker.Tier.URGENT,
    "faint": checker.Tier.URGENT,
}


def day(n: int) -> date:
    return date(2026, 3, 2) + timedelta(days=n)


def at(n: int, minute: int) -> datetime:
    return datetime(2026, 3, 2, 9, minute, tzinfo=UTC) + timedelta(days=n)


def test_every_warning_sign_on_the_form_maps_to_a_checker_rule_of_the_same_urgency():
    assert {sign.key for sign in monitoring.OFFERED_SIGNS} == set(EXPECTED)
    for sign in monitoring.OFFERED_SIGNS:
        assessment = sign.assessment
        assert sign.tier is EXPECTED[sign.key], sign.key
        assert sign.checker_rules, sign.key
        for slug in sign.checker_rules:
            assert checker.rule_by_slug(slug).tier is sign.tier, (sign.key, slug)
        # Every question a sign answers is one of the checker's own.
        for name, _value in sign.answers:
            assert name in {f for f in checker.Answers.__dataclass_fields__}, name
        assert assessment.tier is sign.tier


def test_every_checker_red_flag_that_can_start_in_training_can_be_ticked_on_the_log():
    # The class: any yes/no question of the checker whose "yes" alone (with some hip pain and
    # the log's other answers) means emergency care or a doctor today is a box on the log, so
    # it never goes only into the note, which gets no advice. Only questions about the past
    # are left to the checker (monitoring.NOT_FROM_TRAINING).
    asked = {name for sign in monitoring.OFFERED_SIGNS for name, _value in sign.answers}
    base = monitoring.checker_answers(set(), pain=1)
    missing = []
    for name in checker.SIGN_FIELDS:
        tier = checker.assess(replace(base, **{name: checker.Sign.YES})).tier
        if tier in monitoring.CARE_TIERS and name not in monitoring.NOT_FROM_TRAINING | asked:
            missing.append(name)
    assert missing == []
    assert set(checker.SIGN_FIELDS) >= monitoring.NOT_FROM_TRAINING


@pytest.mark.parametrize(
    ("signs", "tier", "slug"),
    [
        ({"leg_swollen"}, checker.Tier.URGENT, "swollen-leg"),
        ({"leg_weakness"}, checker.Tier.URGENT, "leg-weakness"),
        ({"leg_weakness", "numbness"}, checker.Tier.EMERGENCY, "weak-leg-with-nerve-signs"),
        ({"tummy_pain"}, checker.Tier.URGENT, "tummy-pain"),
        ({"tummy_pain", "vomiting"}, checker.Tier.EMERGENCY, "tummy-pain-with-vomiting-or-fever"),
        ({"groin_lump"}, checker.Tier.EMERGENCY, "painful-groin-lump"),
        ({"deformity"}, checker.Tier.EMERGENCY, "leg-looks-shorter-or-turned-out"),
        ({"faint"}, checker.Tier.URGENT, "fainting"),
        ({"breathless_or_chest_pain"}, checker.Tier.EMERGENCY, "breathless-or-chest-pain"),
        (
            {"leg_swollen", "breathless_or_chest_pain"},
            checker.Tier.EMERGENCY,
            "breathless-or-chest-pain",
        ),
    ],
)
def test_the_logs_new_signs_get_the_checkers_disposition_and_its_sources(signs, tier, slug):
    advice = monitoring.advise([Entry(day(0), 1, warning_signs=frozenset(signs))])
    assert advice.level is Level.STOP and advice.care is tier
    # The tier's words, with the checker's own warning lines after them (a swollen calf:
    # breathless or chest pain, call 999), as its answer has them.
    assert advice.action == " ".join((tier.action, *checker.warnings(advice.triage)))
    rule = checker.rule_by_slug(slug)
    assert rule in advice.care_rules and rule.sources


def test_the_form_lists_every_sign_under_one_short_heading():
    grouped = [
        sign
        for group in monitoring.SIGN_GROUPS
        for sign in monitoring.OFFERED_SIGNS
        if sign.group == group
    ]
    assert sorted(s.key for s in grouped) == sorted(s.key for s in monitoring.OFFERED_SIGNS)
    assert all(len(sign.label) <= 80 for sign in monitoring.OFFERED_SIGNS)


def test_no_sign_on_the_form_mixes_two_urgencies():
    # Each tick means one answer to one checker question: "can't put weight on it" (an
    # emergency) and "a limp" (see a professional) are two signs.
    for sign in monitoring.OFFERED_SIGNS:
        assert len(sign.answers) == 1, sign.key
    assert monitoring.WARNING_SIGNS[0].key == "no_weight"
    both = monitoring.assess_signs({"no_weight", "limp"})
    assert both.tier is checker.Tier.EMERGENCY


@pytest.mark.parametrize("key", ["saddle_or_bladder", "no_weight"])
def test_an_emergency_sign_with_pain_1_says_get_emergency_care_at_once(key):
    advice = monitoring.advise([Entry(day(0), 1, warning_signs=frozenset({key}))])
    assert advice.level is Level.STOP
    assert advice.care is checker.Tier.EMERGENCY
    assert advice.label == checker.Tier.EMERGENCY.label == "Get emergency care now"
    assert advice.action == checker.Tier.EMERGENCY.action
    assert advice.coach_label == "Told to get emergency care"
    assert advice.key == "emergency" and advice.urgency == 4
    assert {rule.slug for rule in advice.care_rules} == set(
        monitoring.WARNING_SIGNS[[s.key for s in monitoring.WARNING_SIGNS].index(key)].checker_rules
    )
    assert "emergency" in advice.reasons[0].text


def test_an_urgent_sign_says_see_a_doctor_today():
    advice = monitoring.advise([Entry(day(0), 1, warning_signs=frozenset({"red_or_warm"}))])
    assert advice.care is checker.Tier.URGENT and advice.label == "See a doctor today"
    assert advice.coach_label == "Told to see a doctor today" and advice.urgency == 3
    assert [rule.slug for rule in advice.care_rules] == ["red-or-warm-hip"]


def test_a_temperature_with_hip_pain_in_the_log_is_an_emergency():
    advice = monitoring.advise([Entry(day(0), 1, warning_signs=frozenset({"fever"}))])
    assert advice.care is checker.Tier.EMERGENCY
    assert "fever" in [rule.slug for rule in advice.care_rules]


def test_a_milder_sign_sends_the_runner_to_the_checker_and_pain_6_is_not_an_emergency():
    advice = monitoring.advise([Entry(day(0), 1, warning_signs=frozenset({"limp"}))])
    assert advice.care is None and advice.label == Level.STOP.label
    assert advice.coach_label == "Told to stop and check their symptoms"
    pain = monitoring.advise([Entry(day(0), 6)])
    assert pain.care is None and pain.coach_label == "Told to ease back"


def test_the_checker_reads_the_signs_together_with_the_pain():
    # Numbness after a fall: the checker's injury-with-numbness, an emergency.
    advice = monitoring.advise(
        [Entry(day(0), 2, warning_signs=frozenset({"numbness", "fall_or_blow"}))]
    )
    assert advice.care is checker.Tier.EMERGENCY
    assert "injury-with-numbness" in {rule.slug for rule in advice.care_rules}
    # A swollen hip after a fall with pain 8: injury-with-swelling-and-severe-pain.
    severe = monitoring.advise(
        [Entry(day(0), 8, warning_signs=frozenset({"swollen", "fall_or_blow"}))]
    )
    assert severe.care is checker.Tier.EMERGENCY
    mild = monitoring.advise(
        [Entry(day(0), 2, warning_signs=frozenset({"swollen", "fall_or_blow"}))]
    )
    assert mild.care is None


def test_the_days_advice_reads_the_signs_of_all_its_entries_together():
    entries = [
        Entry(day(0), 1, warning_signs=frozenset({"fever"}), logged=at(0, 1)),
        Entry(day(0), 1, warning_signs=frozenset({"swollen"}), logged=at(0, 2)),
    ]
    now = monitoring.advise_now(entries)
    # A temperature with a swollen hip: fever-with-joint-signs.
    assert now.care is checker.Tier.EMERGENCY
    assert "fever-with-joint-signs" in {rule.slug for rule in now.care_rules}


def test_a_sign_ticked_in_the_latest_entry_is_never_said_to_be_from_an_earlier_one():
    entries = [
        Entry(day(0), 2, logged=at(0, 1)),
        Entry(day(0), 1, warning_signs=frozenset({"numbness"}), logged=at(0, 2)),
        Entry(day(0), 1, warning_signs=frozenset({"saddle_or_bladder"}), logged=at(0, 3)),
    ]
    now = monitoring.advise_now(entries)
    this = next(reason for reason in now.reasons if reason.code == "warning_sign")
    earlier = next(reason for reason in now.reasons if reason.code == "warning_sign_earlier")
    assert "bladder" in this.text and not this.text.startswith(monitoring.EARLIER_THAT_DAY)
    assert "tingling" not in this.text
    assert earlier.text.startswith(monitoring.EARLIER_THAT_DAY) and "tingling" in earlier.text
    assert now.care is checker.Tier.EMERGENCY


def test_the_older_mixed_signs_still_read_and_are_no_longer_asked():
    offered = {sign.key for sign in monitoring.OFFERED_SIGNS}
    for key in ("cannot_bear_weight", "hot_swollen"):
        assert key in monitoring.WARNING_SIGN_KEYS and key not in offered
        advice = monitoring.advise([Entry(day(0), 1, warning_signs=frozenset({key}))])
        # Read as the milder sign: stop and answer the checker, which asks the rest.
        assert advice.level is Level.STOP and advice.care is None
