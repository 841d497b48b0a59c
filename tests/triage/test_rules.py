"""The red-flag triage policy in triage.rules (pure Python: no Django, no database).

Named for the classes of fault in the "emergency first" issue: each class has its own tests,
and the hypothesis properties hold the policy together (a yes never lowers the tier, "not sure"
never gives less than "no", an early answer is the one every completion would give).
"""

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triage import rules
from triage.rules import (
    AGE_MAX,
    AGE_MIN,
    CITATIONS,
    FALL_RISK_AGE,
    KNOWN_SOURCES,
    NOT_A_WARNING,
    QUESTIONS,
    RULES,
    SIGN_FIELDS,
    STEPS,
    Answers,
    Assessment,
    Improving,
    Location,
    Onset,
    Pregnancy,
    Radiates,
    Sign,
    Tier,
    WeightBearing,
    assess,
    come_back_if,
    next_step,
    noted_answers,
    rule_by_slug,
)

# A runner with a mild, recent, improving ache on the outside of the hip, every question
# answered: nothing to flag.
BASELINE = dict(
    age=30,
    onset="gradual",
    location="outer_side",
    severity=3,
    duration_days=5,
    weight_bearing="full",
    improving="yes",
    pregnancy="no",
    radiates_to=frozenset(),
    **{name: "no" for name in SIGN_FIELDS},
)


def answers(**changes) -> Answers:
    return Answers(**{**BASELINE, **changes})


def fired_slugs(result: Assessment) -> set[str]:
    return {rule.slug for rule in result.fired}


def tier(**changes) -> Tier:
    return assess(answers(**changes)).tier


# --------------------------------------------------------------------------------------------
# The answers
# --------------------------------------------------------------------------------------------


def test_baseline_is_complete_self_care_with_nothing_fired():
    result = assess(answers())
    assert result.complete and result.decided
    assert result.tier is Tier.SELF_CARE and result.fired == ()


def test_every_question_is_on_exactly_one_step():
    on_steps = [name for step in STEPS for name in step.questions]
    assert sorted(on_steps) == sorted(f.name for f in dataclasses.fields(Answers))
    assert len(on_steps) == len(set(on_steps)) == len(QUESTIONS)


@pytest.mark.parametrize("value", [True, "yes", Sign.YES])
def test_a_sign_takes_yes_in_any_spelling(value):
    assert answers(fever=value).fever is Sign.YES


@pytest.mark.parametrize(
    "changes",
    [
        {"age": AGE_MIN - 1},
        {"age": AGE_MAX + 1},
        {"age": "30"},
        {"severity": 11},
        {"duration_days": -1},
        {"location": "knee"},
        {"fever": "maybe"},
        {"pregnancy": "twins"},
        {"radiates_to": "knee"},
    ],
)
def test_answers_out_of_range_or_unknown_are_rejected(changes):
    with pytest.raises(ValueError):
        answers(**changes)


@pytest.mark.parametrize("age", [0, 1, 7, 8, 100, 101, 120])
def test_every_age_from_0_to_120_is_accepted(age):
    assert answers(age=age).age == age


# --------------------------------------------------------------------------------------------
# Each rule on its own
# --------------------------------------------------------------------------------------------

# (rule under test, change from the baseline, the tier it gives)
SINGLE_RULE_CASES = [
    ("cannot-bear-weight", {"weight_bearing": "unable"}),
    ("injury-with-deformity", {"injury": True, "deformity": True}),
    ("leg-looks-shorter-or-turned-out", {"deformity": True}),
    ("injury-with-numbness", {"injury": True, "numbness": True}),
    ("injury-with-leg-weakness", {"injury": True, "leg_weakness": True}),
    ("injury-with-swelling-and-severe-pain", {"injury": True, "swelling": True, "severity": 7}),
    ("possible-hip-fracture-after-a-fall", {"injury": True, "weight_bearing": "painful"}),
    ("hot-swollen-joint", {"swelling": True, "redness_warmth": True}),
    ("fever-with-joint-signs", {"fever": True, "swelling": True}),
    ("fever", {"fever": True}),
    ("replaced-hip-with-signs-of-infection", {"hip_replacement": True, "fever": True}),
    ("saddle-numbness-or-bladder-change", {"saddle_or_bladder": True}),
    ("weak-leg-with-nerve-signs", {"leg_weakness": True, "numbness": True}),
    ("breathless-or-chest-pain", {"breathless_or_chest_pain": True}),
    ("possible-ectopic-pregnancy", {"pregnancy": "pregnant", "faint": True}),
    ("testicle-pain", {"testicle_pain": True}),
    ("painful-groin-lump", {"groin_lump": True}),
    ("tummy-pain-with-vomiting-or-fever", {"tummy_pain": True, "vomiting": True}),
    (
        "bleeding-after-a-birth-with-faintness",
        {"pregnancy": "recently_gave_birth", "vaginal_bleeding": True, "faint": True},
    ),
    (
        "swollen-leg-in-or-after-pregnancy",
        {"pregnancy": "recently_gave_birth", "leg_swollen": True},
    ),
    ("child-with-fever", {"age": 6, "fever": True}),
    ("child-hip-thigh-or-knee-pain", {"age": 5}),
    (
        "suspected-stress-fracture",
        {"location": "front_groin", "mileage_increase": True, "improving": "no"},
    ),
    (
        "stress-fracture-risks-together",
        {"location": "front_groin", "mileage_increase": True, "previous_stress_fracture": True},
    ),
    ("possible-slipped-growth-plate", {"age": 16}),
    ("fall-with-weak-bone-risk", {"injury": True, "age": 72}),
    (
        "sudden-pain-with-fragile-bones",
        {"age": 80, "onset": "sudden", "weight_bearing": "painful"},
    ),
    ("fainting", {"faint": True}),
    ("being-sick", {"vomiting": True}),
    ("swollen-leg", {"leg_swollen": True}),
    ("bleeding-in-pregnancy", {"pregnancy": "pregnant", "vaginal_bleeding": True}),
    ("tummy-pain-in-pregnancy", {"pregnancy": "pregnant", "tummy_pain": True}),
    ("fall-in-pregnancy", {"pregnancy": "pregnant", "injury": True}),
    ("possible-pregnancy-problem", {"pregnancy": "possibly_pregnant", "vaginal_bleeding": True}),
    ("bleeding-after-a-birth", {"pregnancy": "recently_gave_birth", "vaginal_bleeding": True}),
    ("tummy-pain", {"tummy_pain": True}),
    ("leg-weakness", {"leg_weakness": True}),
    ("fall-on-replaced-hip", {"hip_replacement": True, "injury": True}),
    ("replaced-hip-painful-to-stand", {"hip_replacement": True, "weight_bearing": "painful"}),
    ("past-cancer", {"cancer_history": True}),
    ("unexplained-weight-loss", {"weight_loss": True}),
    ("red-or-warm-hip", {"redness_warmth": True}),
    ("sudden-severe-pain", {"onset": "sudden", "severity": 7}),
    ("severe-pain-at-night-and-rest", {"night_pain": True, "pain_at_rest": True, "severity": 8}),
    ("worst-imaginable-pain", {"severity": 10}),
    ("hip-pain-in-or-after-pregnancy", {"pregnancy": "pregnant"}),
    ("after-a-fall-or-blow", {"injury": True}),
    ("unusual-vaginal-bleeding", {"vaginal_bleeding": True}),
    ("not-improving-after-two-weeks", {"improving": "no", "duration_days": 14}),
    ("replaced-hip", {"hip_replacement": True}),
    ("steroids-or-alcohol", {"steroids_or_alcohol": True}),
    ("periods-stopped-before-45", {"periods_stopped": True}),
    ("clicking-or-snapping", {"clicking": True}),
    ("pain-spreads", {"radiates_to": frozenset({"knee"})}),
    ("limited-motion", {"limited_motion": True}),
    ("hip-feels-unstable", {"instability": True}),
    ("swelling", {"swelling": True}),
    ("night-or-rest-pain", {"night_pain": True}),
    ("severe-pain", {"severity": 7}),
    ("sudden-onset", {"onset": "sudden", "improving": "no"}),
    ("numbness-without-injury", {"numbness": True}),
    ("painful-to-stand", {"weight_bearing": "painful"}),
    ("temperature-without-hip-pain", {"fever": True, "severity": 0}),
]


def test_every_rule_has_a_single_rule_case():
    assert [slug for slug, _changes in SINGLE_RULE_CASES] == [rule.slug for rule in RULES]


@pytest.mark.parametrize(
    ("slug", "changes"), SINGLE_RULE_CASES, ids=[case[0] for case in SINGLE_RULE_CASES]
)
def test_each_rule_fires_on_its_own_trigger_and_sets_its_tier(slug, changes):
    result = assess(answers(**changes))
    assert slug in fired_slugs(result)
    assert result.tier is rule_by_slug(slug).tier
    assert rule_by_slug(slug) in result.main_reasons


@pytest.mark.parametrize("rule", RULES, ids=[rule.slug for rule in RULES])
def test_every_rule_says_what_sets_it_off_how_unsure_counts_and_its_sources(rule):
    assert rule.title.strip() and len(rule.title) <= 80
    assert rule.reason.strip() and rule.trigger.strip() and rule.unsure.strip()
    # The reason doesn't open by repeating its own title.
    assert not rule.reason.lower().startswith(rule.title.lower()[:20])
    assert rule.sources and set(rule.sources) <= KNOWN_SOURCES
    assert len(rule.sources) == len(set(rule.sources))
    # Every rule changes the answer: it raises the tier, or (a self-care rule) it holds the
    # starter routine back, says what the runner told us and when to check again.
    if rule.tier is Tier.SELF_CARE:
        assert rule.no_exercises and rule.told and rule.check_again_when, rule.slug
        assert rule.label and rule.action, rule.slug  # not the tier's "use the exercises"
    else:
        assert not rule.check_again_when, rule.slug
    if rule.unsure_tier is not None:
        assert rule.unsure_tier <= rule.tier
    if rule.tier >= Tier.URGENT:  # red flags: "not sure" counts towards safety
        assert rule.unsure_tier is not None and rule.unsure_tier >= Tier.URGENT


def test_every_guideline_cited_is_a_named_citation():
    articles = {"run-longer-faster", "managing-hip-pain", "hip-pain-and-running"}
    cited = {slug for rule in RULES for slug in rule.sources}
    assert cited - articles <= set(CITATIONS)


def test_rules_are_in_tier_order():
    urgencies = [rule.tier.urgency for rule in RULES]
    assert urgencies == sorted(urgencies, reverse=True)


# --------------------------------------------------------------------------------------------
# Class 1: an emergency is not held hostage by the rest of the form
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "alone",
    [
        {"saddle_or_bladder": Sign.YES},
        {"weight_bearing": WeightBearing.UNABLE},
        {"injury": Sign.YES, "deformity": Sign.YES},
        {"testicle_pain": Sign.YES},
    ],
)
def test_a_single_red_flag_alone_decides_an_emergency(alone):
    result = assess(Answers(**alone))
    assert result.decided and result.tier is Tier.EMERGENCY


def test_urgent_is_decided_only_when_nothing_missing_could_make_it_an_emergency():
    alone = assess(Answers(cancer_history=Sign.YES))
    assert alone.tier is Tier.URGENT and not alone.decided
    assert alone.highest_possible is Tier.EMERGENCY
    safety = {name: getattr(answers(), name) for step in STEPS[:2] for name in step.questions}
    result = assess(Answers(**{**safety, "cancer_history": Sign.YES}))
    assert result.decided and result.tier is Tier.URGENT


def test_nothing_answered_decides_nothing_and_starts_at_the_first_step():
    result = assess(Answers())
    assert not result.decided and result.highest_possible is Tier.EMERGENCY
    assert next_step(Answers()) is STEPS[0]
    assert next_step(answers()) is None


# --------------------------------------------------------------------------------------------
# Class 2 and the new questions: emergencies that are not the hip
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pregnancy", ["pregnant", "possibly_pregnant"])
def test_ectopic_pregnancy_signs_are_an_emergency(pregnancy):
    assert tier(pregnancy=pregnancy, tummy_pain=True, vaginal_bleeding=True) is Tier.EMERGENCY
    assert tier(pregnancy=pregnancy, faint=True) is Tier.EMERGENCY
    assert tier(pregnancy=pregnancy, tummy_pain=True) is Tier.URGENT


def test_pregnancy_question_no_takes_away_the_pregnancy_rules_but_not_the_signs():
    # Not pregnant: no ectopic pregnancy, but the bleeding and the faint are still heard
    # (they were once self care with "none of your answers matched a warning sign").
    assert tier(pregnancy="no", vaginal_bleeding=True) is Tier.SEE_PROFESSIONAL
    assert tier(pregnancy="no", faint=True) is Tier.URGENT
    assert "possible-ectopic-pregnancy" not in fired_slugs(assess(answers(faint=True)))


def test_testicle_pain_is_an_emergency_for_torsion():
    assert tier(testicle_pain=True) is Tier.EMERGENCY


def test_a_groin_lump_that_hurts_or_wont_go_back_is_an_emergency():
    assert tier(groin_lump=True) is Tier.EMERGENCY


def test_tummy_pain_with_vomiting_or_fever_is_an_emergency_for_appendicitis():
    assert tier(tummy_pain=True, vomiting=True) is Tier.EMERGENCY
    assert tier(tummy_pain=True, fever=True) is Tier.EMERGENCY
    assert tier(tummy_pain=True) is Tier.URGENT
    assert tier(vomiting=True) is Tier.URGENT  # heard on its own too (being-sick)


@pytest.mark.parametrize("pregnancy", ["recently_gave_birth", "pregnant"])
def test_a_swollen_leg_in_or_after_pregnancy_is_an_emergency(pregnancy):
    assert tier(pregnancy=pregnancy, leg_swollen=True) is Tier.EMERGENCY


def test_a_swollen_leg_otherwise_is_seen_today():
    assert tier(leg_swollen=True) is Tier.URGENT


def test_sudden_breathlessness_or_chest_pain_alone_is_a_999_emergency():
    # NHS "Pulmonary embolism": a clot in the lungs; a "yes" alone is enough, no starter.
    result = assess(answers(breathless_or_chest_pain=True))
    assert result.tier is Tier.EMERGENCY
    assert fired_slugs(result) == {"breathless-or-chest-pain"}
    rule = rule_by_slug("breathless-or-chest-pain")
    assert "999" in rule.reason and "nhs-pulmonary-embolism" in rule.sources
    assert rules.CITATIONS["nhs-pulmonary-embolism"].url.endswith("/pulmonary-embolism/")
    # "Not sure" counts as "yes", as for the other emergency signs.
    assert tier(breathless_or_chest_pain=Sign.UNSURE) is Tier.EMERGENCY
    # Asked from the start, so an emergency before the rest is answered.
    early = assess(Answers(breathless_or_chest_pain=True))
    assert early.tier is Tier.EMERGENCY and early.decided


def test_a_swollen_leg_with_breathlessness_or_chest_pain_is_a_999_emergency():
    result = assess(answers(leg_swollen=True, breathless_or_chest_pain=True))
    assert result.tier is Tier.EMERGENCY
    assert "breathless-or-chest-pain" in fired_slugs(result)


def test_leg_weakness_is_seen_today_and_with_numbness_is_an_emergency():
    assert tier(leg_weakness=True) is Tier.URGENT
    assert tier(leg_weakness=True, numbness=True) is Tier.EMERGENCY


def test_a_replaced_hip_is_seen_and_with_infection_signs_is_an_emergency():
    assert tier(hip_replacement=True) is Tier.SEE_PROFESSIONAL
    assert not assess(answers(hip_replacement=True)).offers_exercises
    assert tier(hip_replacement=True, redness_warmth=True) is Tier.EMERGENCY
    assert tier(hip_replacement=True, weight_bearing="painful") is Tier.URGENT


def test_steroids_or_alcohol_is_seen_and_counts_as_a_stress_fracture_risk():
    assert tier(steroids_or_alcohol=True) is Tier.SEE_PROFESSIONAL
    result = assess(answers(steroids_or_alcohol=True, location="deep_inside", night_pain=True))
    assert "suspected-stress-fracture" in fired_slugs(result)


# --------------------------------------------------------------------------------------------
# Class 3: children
# --------------------------------------------------------------------------------------------


def test_a_child_under_10_with_a_limp_for_weeks_is_seen_the_same_day():
    result = assess(answers(age=7, weight_bearing="painful", duration_days=30, improving="no"))
    assert result.tier is Tier.URGENT
    assert "child-hip-thigh-or-knee-pain" in fired_slugs(result)


@pytest.mark.parametrize("age", range(0, 16))
def test_every_child_with_hip_thigh_or_knee_pain_is_seen_the_same_day(age):
    assert tier(age=age) >= Tier.URGENT


@pytest.mark.parametrize("age", range(0, 16))
def test_a_child_with_a_fever_or_unable_to_stand_is_an_emergency(age):
    assert tier(age=age, fever=True) is Tier.EMERGENCY
    assert tier(age=age, weight_bearing="unable") is Tier.EMERGENCY


@pytest.mark.parametrize(
    ("age", "fires"), [(7, False), (8, True), (12, True), (16, True), (17, False)]
)
def test_the_growth_plate_rule_covers_8_to_16_knee_only_pain_included(age, fires):
    result = assess(answers(age=age, radiates_to=frozenset({Radiates.KNEE})))
    assert ("possible-slipped-growth-plate" in fired_slugs(result)) is fires


# --------------------------------------------------------------------------------------------
# Class 4: "haven't tried easing off" is not reassuring
# --------------------------------------------------------------------------------------------

STRESS = dict(location="front_groin", mileage_increase=True)


def test_not_tried_counts_as_not_improving_for_a_stress_fracture():
    assert tier(**STRESS, improving="no") is Tier.URGENT
    assert tier(**STRESS, improving="not_tried") is Tier.URGENT
    assert tier(**STRESS, improving="yes") is Tier.SELF_CARE


@pytest.mark.parametrize(
    "changes",
    [
        {"duration_days": 20},
        {"onset": "sudden"},
        {**STRESS},
    ],
)
def test_no_rule_reads_not_tried_as_good_news(changes):
    """Wherever "no, it isn't getting better" counts, "not tried yet" counts the same."""
    assert tier(**changes, improving="not_tried") >= tier(**changes, improving="no")


# --------------------------------------------------------------------------------------------
# Class 4b: stress-fracture risks that count together, settling pain or not
# --------------------------------------------------------------------------------------------

#: The fresh tester's runner: 20, walks normally, pain 3, groin pain for 10 days and getting
#: better, every warning sign no.
SETTLING_GROIN = dict(age=20, location="front_groin", severity=3, duration_days=10, improving="yes")


@pytest.mark.parametrize(
    "changes",
    [
        # The tester's two cases.
        dict(mileage_increase=True, previous_stress_fracture=True, periods_stopped=True),
        dict(age=55, mileage_increase=True, weak_bones=True),
        # More running with any one bone risk.
        dict(mileage_increase=True, previous_stress_fracture=True),
        dict(mileage_increase=True, periods_stopped=True),
        dict(mileage_increase=True, weak_bones=True),
        dict(mileage_increase=True, steroids_or_alcohol=True),
        dict(mileage_increase=True, weak_bones=True, location="deep_inside"),
        # Two bone risks without more running.
        dict(previous_stress_fracture=True, periods_stopped=True),
        dict(previous_stress_fracture=True, weak_bones=True),
        dict(age=60, weak_bones=True, steroids_or_alcohol=True),
        # "Not sure" counts as yes.
        dict(mileage_increase="unsure", previous_stress_fracture=True),
        dict(mileage_increase=True, previous_stress_fracture="unsure"),
    ],
)
def test_groin_pain_with_stress_fracture_risks_together_stops_running_for_a_doctor(changes):
    """Fresh tester: groin pain with more running, an earlier stress fracture and stopped
    periods (or, at 55, weak bones) got "SELF-CARE" and lunges because the pain was settling.
    Together those risks are the usual picture of a stress fracture at the hip: a doctor,
    no running and no starter routine, whatever the pain is doing."""
    result = assess(answers(**{**SETTLING_GROIN, **changes}))
    assert result.tier is Tier.URGENT
    assert rule_by_slug("stress-fracture-risks-together") in result.main_reasons
    assert not result.offers_exercises
    label, action = rules.headline(result, answers(**{**SETTLING_GROIN, **changes}))
    assert label == "See a doctor today" and action.startswith("Stop running")


@pytest.mark.parametrize(
    "changes",
    [
        {},
        dict(mileage_increase=True),
        dict(previous_stress_fracture=True),
        dict(age=55, weak_bones=True),
        dict(age=50, periods_stopped=True),  # the menopause explains it
        dict(age=50, periods_stopped=True, mileage_increase=True),
        # Risks together, but pain elsewhere than a hip, pelvis or sacrum stress fracture is
        # felt (the buttock and low back are where a sacral or pelvic one is).
        dict(mileage_increase=True, previous_stress_fracture=True, location="outer_side"),
        dict(mileage_increase=True, weak_bones=True, location="outer_side"),
        # Risks together, but no hip pain at all.
        dict(mileage_increase=True, previous_stress_fracture=True, severity=0),
    ],
)
def test_a_benign_story_with_one_weak_risk_stays_self_care_with_exercises(changes):
    result = assess(answers(**{**SETTLING_GROIN, **changes}))
    assert result.tier is Tier.SELF_CARE and result.fired == ()
    assert result.offers_exercises


# --------------------------------------------------------------------------------------------
# Class 4c: pain the runner can't pin down counts like groin pain for the bone-risk rules
# --------------------------------------------------------------------------------------------

#: The fresh tester's runner: 58, walks normally, pain 4, pain "all over", crept up over 10
#: days and the same or worse, every warning sign no.
DIFFUSE_NOT_SETTLING = dict(
    age=58, location="diffuse", severity=4, onset="gradual", duration_days=10, improving="no"
)


@pytest.mark.parametrize(
    ("changes", "slug"),
    [
        # The tester's two cases: self-care and lunges before.
        (dict(weak_bones=True), "suspected-stress-fracture"),
        (dict(previous_stress_fracture=True, duration_days=5), "suspected-stress-fracture"),
        # Each other bone risk, and "not sure".
        (dict(age=30, mileage_increase=True), "suspected-stress-fracture"),
        (dict(age=30, periods_stopped=True), "suspected-stress-fracture"),
        (dict(steroids_or_alcohol=True), "suspected-stress-fracture"),
        (dict(weak_bones="unsure"), "suspected-stress-fracture"),
        # Settling pain, but risks together.
        (
            dict(improving="yes", mileage_increase=True, weak_bones=True),
            "stress-fracture-risks-together",
        ),
        (
            dict(improving="yes", previous_stress_fracture=True, weak_bones=True),
            "stress-fracture-risks-together",
        ),
    ],
)
def test_pain_you_cant_pin_down_counts_like_groin_pain_for_a_stress_fracture(changes, slug):
    """Fresh tester: "All over, or I can't pin it down" with weak bones (or an earlier stress
    fracture) and pain not getting better gave self-care and a starter routine, while the same
    answers with groin or deep hip pain gave a doctor today. A runner who can't say where it
    hurts can't rule out the groin, so the must-not-miss reading wins."""
    given = answers(**{**DIFFUSE_NOT_SETTLING, **changes})
    result = assess(given)
    assert slug in fired_slugs(result)
    assert result.tier is Tier.URGENT
    assert not result.offers_exercises
    assert rules.headline(result, given)[0] == "See a doctor today"
    # The same answers with groin pain give the same answer.
    groin = dataclasses.replace(given, location=Location.FRONT_GROIN)
    assert assess(groin).tier is result.tier


@pytest.mark.parametrize(
    "changes",
    [
        {},
        dict(improving="yes"),
        dict(age=30, duration_days=3),
        # One bone risk, but nothing that sounds like bone pain.
        dict(improving="yes", weak_bones=True),
        dict(improving="yes", previous_stress_fracture=True, age=30),
    ],
)
def test_a_benign_story_all_over_without_risks_stays_self_care(changes):
    """Self-care stays reachable for pain that can't be pinned down."""
    result = assess(answers(**{**DIFFUSE_NOT_SETTLING, **changes}))
    assert result.tier is Tier.SELF_CARE and result.fired == ()
    assert result.offers_exercises


@pytest.mark.parametrize("severity", [3, 0])
def test_periods_stopped_under_45_sends_to_a_gp_from_the_headline(severity):
    """The tester's "Under 45, see a GP about the periods" sat far below a "SELF-CARE:
    nothing you told us needs a professional" headline: it is now the headline."""
    given_answers = answers(**{**SETTLING_GROIN, "severity": severity, "periods_stopped": True})
    result = assess(given_answers)
    assert result.tier is Tier.SEE_PROFESSIONAL
    label, action = rules.headline(result, given_answers)
    assert label == "Book a GP appointment" and "GP about your periods" in action
    assert "needs a professional" not in action
    # Thinner bones: no starter routine until a GP has looked, as for every rule about bone.
    assert not result.offers_exercises


_SEE_SOMEONE = re.compile(
    r"\b(see|book|ask|contact|visit|call)\b[^.]*\b(GP|doctor|physio\w*|midwife|111|999)\b",
    re.IGNORECASE,
)


def tells_to_see_someone(text: str) -> bool:
    """Whether a sentence of ``text`` tells the reader to see someone, unconditionally (a
    sentence with an "if" or "until" in it is a condition, not an instruction)."""
    return any(
        _SEE_SOMEONE.search(sentence) and not re.search(r"\b(if|until)\b", sentence, re.I)
        for sentence in re.split(r"(?<=[.:;])\s+", text)
    )


def test_the_see_someone_check_catches_the_old_stopped_periods_line():
    assert tells_to_see_someone(
        "From 45 the menopause is the usual reason. Under 45, see a GP about the periods "
        "whatever the hip does (an ordinary appointment, not an urgent one)."
    )
    assert not tells_to_see_someone("Stop and get checked if those signs appear.")


def test_no_answer_listed_as_counting_with_others_tells_anyone_to_see_someone():
    """The list sits under a self-care headline: advice to see someone belongs in a rule, which
    raises the headline, not in this list."""
    for table in (NOT_A_WARNING, rules._NOT_A_WARNING_NO_PAIN, rules.NOT_A_WARNING_UNSURE):
        for name, why in table.items():
            assert not tells_to_see_someone(why), name


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "age": st.sampled_from([20, 44, 45, 55, 70]),
            "location": st.sampled_from([loc.value for loc in Location]),
            "severity": st.sampled_from([0, 3]),
            "improving": st.sampled_from([i.value for i in Improving]),
            **{
                name: st.sampled_from(["yes", "no", "unsure"])
                for name in (
                    "mileage_increase",
                    "previous_stress_fracture",
                    "periods_stopped",
                    "weak_bones",
                    "steroids_or_alcohol",
                    "clicking",
                )
            },
        }
    )
)
def test_a_self_care_headline_never_sits_above_advice_to_see_someone(changes):
    """Whatever the risk factors, an answer that says nothing needs a professional shows no
    reason and no listed answer that tells the runner to see one."""
    given_answers = answers(**{**SETTLING_GROIN, **changes})
    result = assess(given_answers)
    _label, action = rules.headline(result, given_answers)
    if result.tier is not Tier.SELF_CARE or "needs a professional" not in action:
        return
    shown = [rule.reason for rule in result.fired]
    shown += [why for _name, why, _sign in noted_answers(given_answers)]
    assert not [text for text in shown if tells_to_see_someone(text)], changes


# --------------------------------------------------------------------------------------------
# Class 5: no age cut-off the sources don't give
# --------------------------------------------------------------------------------------------


@given(st.integers(AGE_MIN, AGE_MAX))
def test_a_fall_then_a_limp_is_an_emergency_at_any_age(age):
    assert tier(age=age, injury=True, weight_bearing="painful") is Tier.EMERGENCY


def test_a_fall_at_55_followed_by_a_limp_is_an_emergency():
    result = assess(answers(age=55, injury=True, weight_bearing="painful"))
    assert result.tier is Tier.EMERGENCY
    assert "possible-hip-fracture-after-a-fall" in fired_slugs(result)


@given(st.integers(16, AGE_MAX), st.sampled_from(list(WeightBearing)))
def test_adult_age_alone_never_changes_the_answer(age, weight_bearing):
    """From 17 no rule reads the age (16 is still in the growth-plate range)."""
    if age > 16:
        assert tier(age=age, weight_bearing=weight_bearing) is tier(
            age=40, weight_bearing=weight_bearing
        )


# --------------------------------------------------------------------------------------------
# Class 6: a leg that looks shorter or turned out, with no fall
# --------------------------------------------------------------------------------------------


def test_a_shortened_or_turned_out_leg_without_a_fall_is_an_emergency():
    result = assess(answers(deformity=True))
    assert result.tier is Tier.EMERGENCY
    assert "leg-looks-shorter-or-turned-out" in fired_slugs(result)


# --------------------------------------------------------------------------------------------
# Class 7: no exercises where the article says to be seen first
# --------------------------------------------------------------------------------------------

BEFORE_HOME_TREATMENT = [
    {"radiates_to": frozenset({"back"})},
    # Thigh alone counts once it lasts a week or isn't getting better (else: muscle soreness).
    {"radiates_to": frozenset({"thigh"}), "duration_days": 7},
    {"radiates_to": frozenset({"thigh"}), "improving": "no"},
    {"radiates_to": frozenset({"knee"})},
    {"clicking": True},
    {"swelling": True},
    {"limited_motion": True},
    {"weight_bearing": "painful"},
    {"instability": True},
    {"pain_at_rest": True},
]


@pytest.mark.parametrize("changes", BEFORE_HOME_TREATMENT)
def test_before_home_treatment_signs_see_a_professional_with_no_routine(changes):
    result = assess(answers(**changes))
    assert result.tier is Tier.SEE_PROFESSIONAL
    assert not result.offers_exercises and result.no_exercises


def test_other_see_a_professional_answers_still_offer_a_routine():
    # Numbness in the leg no longer does: test_log_stop_agrees_with_checker.py.
    for changes in ({"duration_days": 20, "improving": "no"},):
        result = assess(answers(**changes))
        assert result.tier is Tier.SEE_PROFESSIONAL and result.offers_exercises


@pytest.mark.parametrize(
    "changes", [{"fever": True}, {"weight_bearing": "unable"}, {"cancer_history": True}]
)
def test_red_flags_never_offer_exercises(changes):
    assert not assess(answers(**changes)).offers_exercises


# --------------------------------------------------------------------------------------------
# Class 8: over-triage; self-care stays reachable
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pregnancy", ["pregnant", "possibly_pregnant", "recently_gave_birth"])
def test_periods_stopped_in_pregnancy_is_not_a_stress_fracture_risk(pregnancy):
    result = assess(
        answers(location="front_groin", periods_stopped=True, improving="no", pregnancy=pregnancy)
    )
    assert "suspected-stress-fracture" not in fired_slugs(result)


@pytest.mark.parametrize("age", [45, 52, 70])
def test_periods_stopped_after_the_menopause_is_not_a_stress_fracture_risk(age):
    result = assess(answers(age=age, location="front_groin", periods_stopped=True, improving="no"))
    assert "suspected-stress-fracture" not in fired_slugs(result)


def test_periods_stopped_without_pregnancy_is_a_stress_fracture_risk():
    result = assess(answers(location="front_groin", periods_stopped=True, improving="no"))
    assert "suspected-stress-fracture" in fired_slugs(result)


@pytest.mark.parametrize(
    "vignette",
    [
        # Sore thighs two days after a marathon, getting better.
        {"location": "diffuse", "duration_days": 2, "severity": 4, "improving": "yes"},
        # A painless click ("clicks painfully?" no; a yes says it hurts, whatever the score).
        {"clicking": "no", "severity": 0},
        # A mild strain that is improving.
        {"onset": "sudden", "location": "front_groin", "severity": 3, "improving": "yes"},
        # Outer-hip pain for two months, easing with exercise.
        {"location": "outer_side", "duration_days": 60, "severity": 3, "improving": "yes"},
    ],
)
def test_benign_cases_stay_self_care(vignette):
    result = assess(answers(**vignette))
    assert result.tier is Tier.SELF_CARE, [rule.slug for rule in result.fired]
    assert result.offers_exercises


# The QA runner: sore thighs two days after a marathon, "down my thigh" ticked.
MARATHON_THIGHS = dict(
    age=42,
    severity=3,
    location="diffuse",
    radiates_to=frozenset({"thigh"}),
    onset="gradual",
    duration_days=2,
    improving="yes",
)


def test_sore_thighs_after_a_marathon_that_are_improving_stay_self_care():
    result = assess(answers(**MARATHON_THIGHS))
    assert result.tier is Tier.SELF_CARE, [rule.slug for rule in result.fired]
    assert "pain-spreads" not in fired_slugs(result)
    assert result.offers_exercises


@pytest.mark.parametrize(
    "changes",
    [
        {"improving": "no"},
        {"improving": "not_tried"},
        {"duration_days": 7},
        {"duration_days": 30},
        {"radiates_to": frozenset({"thigh", "knee"})},
        {"radiates_to": frozenset({"back"})},
        {"radiates_to": frozenset({"knee"})},
    ],
)
def test_pain_spreading_still_goes_to_a_professional_unless_settling_thigh_soreness(changes):
    result = assess(answers(**{**MARATHON_THIGHS, **changes}))
    assert "pain-spreads" in fired_slugs(result)
    assert result.tier >= Tier.SEE_PROFESSIONAL
    assert not result.offers_exercises


@pytest.mark.parametrize("improving", ["no", "not_tried"])
def test_a_painless_click_for_two_months_stays_self_care(improving):
    result = assess(answers(clicking="no", severity=0, duration_days=60, improving=improving))
    assert result.tier is Tier.SELF_CARE, [rule.slug for rule in result.fired]
    assert result.offers_exercises


@pytest.mark.parametrize("improving", ["no", "not_tried"])
def test_any_pain_not_improving_after_two_weeks_is_still_seen(improving):
    result = assess(answers(severity=1, duration_days=14, improving=improving))
    assert "not-improving-after-two-weeks" in fired_slugs(result)
    assert result.tier is Tier.SEE_PROFESSIONAL


# --------------------------------------------------------------------------------------------
# Class 10: "not sure"
# --------------------------------------------------------------------------------------------


def test_unsure_about_a_warm_hip_counts_and_says_which_answer_raised_it():
    result = assess(answers(redness_warmth="unsure"))
    assert result.tier is Tier.URGENT
    assert result.raised_by_unsure == {"red-or-warm-hip": ("redness_warmth",)}


def test_unsure_on_a_hot_swollen_hip_gives_see_a_doctor_today_as_its_rule_says():
    result = assess(answers(swelling="yes", redness_warmth="unsure"))
    assert result.fired_tiers["hot-swollen-joint"] is Tier.URGENT
    assert result.tier is Tier.URGENT


def test_unsure_about_saddle_numbness_is_an_emergency():
    assert tier(saddle_or_bladder="unsure") is Tier.EMERGENCY


def test_unsure_about_a_click_counts_as_no_as_its_rule_says():
    assert tier(clicking="unsure") is Tier.SELF_CARE


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

SIGN_VALUES = st.sampled_from(list(Sign))
COMPLETE_ANSWERS = st.builds(
    Answers,
    age=st.integers(AGE_MIN, AGE_MAX),
    onset=st.sampled_from(list(Onset)),
    location=st.sampled_from(list(Location)),
    severity=st.integers(0, 10),
    duration_days=st.integers(0, 3650),
    weight_bearing=st.sampled_from(list(WeightBearing)),
    improving=st.sampled_from(list(Improving)),
    pregnancy=st.sampled_from(list(Pregnancy)),
    radiates_to=st.frozensets(st.sampled_from(list(Radiates))),
    **{name: SIGN_VALUES for name in SIGN_FIELDS},
)


@settings(max_examples=150, deadline=None)
@given(COMPLETE_ANSWERS, st.sampled_from(SIGN_FIELDS))
def test_a_yes_on_any_sign_never_lowers_the_tier(given_answers, name):
    before = assess(given_answers).tier
    after = assess(dataclasses.replace(given_answers, **{name: Sign.YES})).tier
    assert after >= before


@settings(max_examples=150, deadline=None)
@given(COMPLETE_ANSWERS, st.sampled_from(SIGN_FIELDS))
def test_not_sure_never_gives_a_lower_tier_than_no(given_answers, name):
    as_no = assess(dataclasses.replace(given_answers, **{name: Sign.NO})).tier
    as_unsure = assess(dataclasses.replace(given_answers, **{name: Sign.UNSURE})).tier
    assert as_unsure >= as_no


@settings(max_examples=150, deadline=None)
@given(COMPLETE_ANSWERS, st.sets(st.sampled_from(QUESTIONS)))
def test_an_early_answer_is_the_one_every_completion_gives(complete, blanked):
    """Whatever subset is answered: when it decides, the full answers agree; it is never more
    urgent than the full answers, and the full answers are never above what it allowed."""
    partial = dataclasses.replace(complete, **{name: None for name in blanked})
    early, full = assess(partial), assess(complete)
    assert early.tier <= full.tier <= early.highest_possible
    if early.decided:
        assert early.tier is full.tier


@settings(max_examples=100, deadline=None)
@given(COMPLETE_ANSWERS)
def test_the_first_two_steps_hold_every_emergency_question(complete):
    later = {name for step in STEPS[2:] for name in step.questions}
    partial = dataclasses.replace(complete, **{name: None for name in later})
    result = assess(partial)
    if result.tier is not Tier.EMERGENCY:
        assert result.highest_possible is not Tier.EMERGENCY
        assert assess(complete).tier is not Tier.EMERGENCY


@settings(max_examples=100, deadline=None)
@given(COMPLETE_ANSWERS)
def test_unsure_answers_reported_are_unsure_answers(complete):
    result = assess(complete)
    for names in result.raised_by_unsure.values():
        assert names and all(getattr(complete, name) is Sign.UNSURE for name in names)


@pytest.mark.parametrize("sign", list(Sign))
def test_a_sign_has_no_truth_value(sign):
    """``Sign.NO`` is the non-empty string "no": ``if answers.fever:`` must fail, not pass."""
    with pytest.raises(TypeError, match="no truth value"):
        bool(sign)
    with pytest.raises(TypeError):
        if sign:  # noqa: SIM108 - the misuse this test pins
            pass
    assert sign in (Sign.YES, Sign.NO, Sign.UNSURE)
    assert (sign is Sign.YES) is (sign == "yes")


def test_every_sign_answer_is_read_without_truth_testing():
    """Every answer set the rules can meet is assessed with no TypeError from a Sign: no reader
    of answers (rules, starter routine) truth-tests a sign."""
    for sign in Sign:
        assess(answers(**{name: sign for name in SIGN_FIELDS}))
        for name in SIGN_FIELDS:
            assess(answers(**{name: sign}))
            assess(Answers(**{name: sign}))


# --------------------------------------------------------------------------------------------
# Every question asked is heard: a "yes" is a reason, or says why it doesn't change the advice
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SIGN_FIELDS)
@pytest.mark.parametrize("sign", [Sign.YES, Sign.UNSURE])
@pytest.mark.parametrize("severity", [3, 0])
def test_a_yes_to_any_sign_alone_gives_advice_or_is_listed_as_not_a_warning(name, sign, severity):
    """The tester's case, for every question: with otherwise benign answers (some hip pain,
    or none at all), a "yes" (or a "not sure", where the rule counts it) either fires a rule
    beyond self-care, or fires a self-care rule that holds the exercises back (a temperature
    with no hip pain: rest first), or is one of the questions explicitly listed, with a
    reason, as not a warning sign on its own."""
    given_answers = answers(severity=severity, **{name: sign})
    result = assess(given_answers)
    if name in NOT_A_WARNING:
        noted_name, why, _sign = noted_answers(given_answers)[0]
        assert noted_name == name and why
        # With pain, the list's words (for "not sure", those that don't presume a "yes"); with
        # none (0), never of a pain that is settling.
        own = NOT_A_WARNING[name]
        if sign is Sign.UNSURE:
            own = rules.NOT_A_WARNING_UNSURE.get(name, own)
        assert why == own if severity else "pain that is settl" not in why
        return
    if sign is Sign.UNSURE and rule_counts_unsure_as_no(name):
        return
    assert result.fired, name
    raises = result.tier > Tier.SELF_CARE
    assert raises or (result.rest_first and not result.offers_exercises), name


def rule_counts_unsure_as_no(name: str) -> bool:
    """Whether every rule a "yes" to ``name`` fires on its own counts "not sure" as "no"."""
    fired = assess(answers(**{name: Sign.YES})).fired
    return all(rule.unsure_tier is None for rule in fired)


def test_not_a_warning_lists_only_signs_and_says_why():
    assert set(NOT_A_WARNING) <= set(SIGN_FIELDS)
    assert all(len(why) > 40 for why in NOT_A_WARNING.values())


@given(st.sampled_from(SIGN_FIELDS), st.sampled_from([Sign.YES, Sign.UNSURE]))
def test_a_self_care_answer_after_a_yes_always_has_something_to_say_about_it(name, sign):
    given_answers = answers(**{name: sign})
    result = assess(given_answers)
    if result.tier is Tier.SELF_CARE and not result.fired:
        assert name in dict((n, w) for n, w, _s in noted_answers(given_answers))


# The tester's cases.
@pytest.mark.parametrize(
    ("changes", "slug", "at_least"),
    [
        ({"age": 35, "faint": True, "vomiting": True}, "fainting", Tier.URGENT),
        ({"age": 35, "vaginal_bleeding": True}, "unusual-vaginal-bleeding", Tier.SEE_PROFESSIONAL),
        ({"age": 60, "vaginal_bleeding": True}, "unusual-vaginal-bleeding", Tier.SEE_PROFESSIONAL),
    ],
)
def test_faint_sick_and_bleeding_are_heard(changes, slug, at_least):
    result = assess(answers(**changes))
    assert slug in fired_slugs(result)
    assert result.tier >= at_least


# --------------------------------------------------------------------------------------------
# A fall with hip pain
# --------------------------------------------------------------------------------------------


def test_the_testers_72_year_old_who_fell_is_seen_today_with_the_fall_named():
    result = assess(
        answers(
            age=72,
            injury=True,
            weight_bearing="full",
            severity=6,
            onset="sudden",
            duration_days=2,
            improving="no",
        )
    )
    assert result.tier is Tier.URGENT
    assert "fall-with-weak-bone-risk" in {rule.slug for rule in result.main_reasons}


@given(st.integers(FALL_RISK_AGE, AGE_MAX))
def test_a_fall_from_the_risk_age_is_at_least_urgent(age):
    assert tier(age=age, injury=True) >= Tier.URGENT


@pytest.mark.parametrize("risk", ["weak_bones", "steroids_or_alcohol"])
def test_a_fall_with_weak_bones_or_steroids_is_at_least_urgent_at_any_adult_age(risk):
    result = assess(answers(age=30, injury=True, **{risk: True}))
    assert result.tier >= Tier.URGENT
    assert "fall-with-weak-bone-risk" in fired_slugs(result)


@given(st.integers(AGE_MIN, AGE_MAX), st.sampled_from(list(WeightBearing)))
def test_a_fall_is_always_named_among_the_reasons(age, weight_bearing):
    result = assess(answers(age=age, injury=True, weight_bearing=weight_bearing))
    assert result.tier >= Tier.SEE_PROFESSIONAL
    assert any(
        "fall" in rule.title.lower() or "injury" in rule.title.lower() for rule in result.fired
    )


def test_a_young_runner_who_fell_and_walks_normally_books_a_professional():
    result = assess(answers(age=30, injury=True))
    assert result.tier is Tier.SEE_PROFESSIONAL
    assert fired_slugs(result) == {"after-a-fall-or-blow"}


# --------------------------------------------------------------------------------------------
# "Check again if" never lists what the runner already said
# --------------------------------------------------------------------------------------------

COME_BACK_WORDS = {
    "deformity": "different shape",
    "tummy_pain": "tummy pain",
    "leg_swollen": "calf or thigh swells",
    "groin_lump": "lump appears in the groin",
    "testicle_pain": "testicle hurts",
    "fever": "temperature",
    "faint": "faint",
    "vomiting": "being sick",
    "saddle_or_bladder": "around your bottom",
    "numbness": "numbness or tingling in the leg",
    "instability": "unstable",
    "night_pain": "waking you at night",
    "pain_at_rest": "when you are resting",
    "weight_loss": "weight loss",
}


@pytest.mark.parametrize("name", sorted(COME_BACK_WORDS))
def test_check_again_leaves_out_a_sign_already_answered_yes(name):
    words = COME_BACK_WORDS[name]
    assert any(words in item for item in come_back_if(Answers()))
    assert not any(words in item for item in come_back_if(answers(**{name: True})))
    # Only that part goes: the rest of the list stays.
    assert len(" ".join(come_back_if(answers(**{name: True})))) > 400


@pytest.mark.parametrize("weight_bearing", ["painful", "unable"])
def test_check_again_leaves_out_standing_when_it_already_hurts(weight_bearing):
    items = " ".join(come_back_if(answers(weight_bearing=weight_bearing)))
    assert "hurts to stand" not in items
    assert "suddenly gets much worse" in items


def test_check_again_keeps_a_not_sure_sign_the_answer_did_not_count():
    # No sign on the list has a "not sure" that counts for nothing today: a caller that says
    # none counted (counted=()) still gets it, worded as it may be.
    items = come_back_if(answers(fever=Sign.UNSURE), counted=frozenset())
    assert any("you have a temperature" in item for item in items)


#: Words in "check again if" that tell of something new: untrue of a sign the runner wasn't
#: sure of (it may be so already), or already said "yes" to.
AS_IF_NEW = re.compile(r"\b(starts?|appears|becomes|swells|gets?|turns)\b")

#: Words that find, in "check again if", the part about each sign that could be answered
#: "not sure", whichever way it is worded.
COME_BACK_PART = {
    "deformity": "different shape",
    "tummy_pain": "tummy pain",
    "leg_swollen": "calf or thigh",
    "groin_lump": "lump",
    "testicle_pain": "testicle",
    "fever": "temperature",
    "faint": "faint",
    "vomiting": "sick",
    "saddle_or_bladder": "bottom or genitals",
    "numbness": "numbness or tingling",
    "instability": "unstable",
    "night_pain": "at night",
    "pain_at_rest": "resting",
    "weight_loss": "weight loss|loses weight",
    "swelling": "hip area",
    "redness_warmth": "skin over the hip",
    "leg_weakness": "weak",
    "breathless_or_chest_pain": "breathless",
    "limited_motion": "hard to move",
}


def come_back_part(items: tuple[str, ...], words: str) -> str:
    """The one part (of the items joined by ", or ") that holds ``words`` (a pattern)."""
    parts = [part for item in items for part in item.rstrip(".").split(", or ")]
    found = [part for part in parts if re.search(words, part.lower())]
    assert len(found) == 1, (words, items)
    return found[0]


@pytest.mark.parametrize("age", [30, 14, 8])
@pytest.mark.parametrize("name", sorted(COME_BACK_PART))
def test_check_again_words_a_not_sure_sign_as_it_may_already_be(name, age):
    """Tester: "Not sure" to "Does the hip feel unstable?" was told to get help sooner if "the
    hip starts to feel unstable", as if it could only be new. Every sign answered "not sure"
    is still listed where its "yes" would change what to do (more urgent than the answer, or
    as urgent as a same-day one), worded so it is true if it is so already."""
    alone = assess(rules.benign_answers(age).with_changes(**{name: Sign.YES})).tier
    for tier_now in (Tier.SELF_CARE, Tier.SEE_PROFESSIONAL, Tier.URGENT):
        if not (alone > tier_now or alone is tier_now is Tier.URGENT):
            continue
        # As if the "not sure" had not counted (one that counts is left out altogether).
        unsure = come_back_if(
            answers(age=age, **{name: Sign.UNSURE}), tier_now, counted=frozenset()
        )
        part = come_back_part(unsure, COME_BACK_PART[name])
        assert not AS_IF_NEW.search(part), part


#: COME_BACK_PART, but a swollen (or red) hip only as something to look out for: "the swollen
#: hip turns red or hot" watches for redness, not for a swelling.
WATCH_FOR = {
    **COME_BACK_PART,
    "swelling": r"hip (area )?(swells|becomes swollen|is swollen)",
    "redness_warmth": r"red or hot|skin over the hip",
    "instability": r"unstable|give way",
}


def watched_parts(items: tuple[str, ...], name: str) -> list[str]:
    """The parts of ``items`` (joined by ", or ") that watch for sign ``name``; a line that
    says when to check again for a starter routine is not one of them."""
    parts = [
        part
        for item in items
        if "then check again" not in item
        for part in item.rstrip(".").lower().split(", or ")
    ]
    return [part for part in parts if re.search(WATCH_FOR[name], part)]


#: Every list the answer page can show under its check-again heading.
COME_BACK_TIERS = (Tier.SELF_CARE, Tier.SEE_PROFESSIONAL, Tier.URGENT)


def _watched_for(given: Answers, tier_now: Tier, result: Assessment) -> list[tuple[str, ...]]:
    """The list for ``tier_now`` as the page builds it, and as a caller that passes no
    ``counted`` gets it."""
    return [
        come_back_if(given, tier_now, rest_first=result.rest_first, counted=result.counted_unsure),
        come_back_if(given, tier_now, rest_first=result.rest_first),
    ]


@pytest.mark.parametrize("tier_now", COME_BACK_TIERS)
@pytest.mark.parametrize("severity", [3, 0])
@pytest.mark.parametrize("age", [30, 14, 8])
@pytest.mark.parametrize("name", sorted(WATCH_FOR))
def test_a_not_sure_sign_the_answer_counted_is_never_still_to_watch_for(
    name, age, severity, tier_now
):
    """Tester: "not sure" to night pain, pain at rest, instability and weight loss was told
    "See a doctor today" for them, then to get help at once if "the pain wakes you at night",
    "the hip feels unstable" or "you notice weight loss". A "not sure" the answer counted (one
    it names in "You weren't sure about ...") is never listed as still to come."""
    given = answers(age=age, severity=severity, **{name: Sign.UNSURE})
    result = assess(given)
    for items in _watched_for(given, tier_now, result):
        found = watched_parts(items, name)
        if name in result.counted_unsure:
            assert not found, (name, items)
        else:
            # Not counted: still listed, worded as it may already be (a swelling or redness
            # both alone and as the hot, swollen hip).
            assert found and not any(AS_IF_NEW.search(part) for part in found), (name, items)


def test_several_not_sure_signs_that_sent_the_runner_to_a_doctor_are_not_watched_for():
    """The tester's answers: every "not sure" counted, none still listed to look out for."""
    given = answers(
        night_pain=Sign.UNSURE,
        pain_at_rest=Sign.UNSURE,
        instability=Sign.UNSURE,
        weight_loss=Sign.UNSURE,
    )
    result = assess(given)
    assert result.counted_unsure == {"night_pain", "pain_at_rest", "instability", "weight_loss"}
    for items in _watched_for(given, result.tier, result):
        text = " ".join(items).lower()
        for words in ("at night", "resting", "unstable", "give way", "weight loss"):
            assert words not in text, (words, items)
        # The rest of the list stays.
        assert "temperature" in text and "faint" in text


@pytest.mark.parametrize("tier_now", COME_BACK_TIERS)
@pytest.mark.parametrize("age", [30, 8])
@pytest.mark.parametrize("name", sorted(WATCH_FOR))
def test_a_sign_answered_yes_is_never_still_to_watch_for(name, age, tier_now):
    given = answers(age=age, **{name: Sign.YES})
    result = assess(given)
    for items in _watched_for(given, tier_now, result):
        assert not watched_parts(items, name), (name, items)


@pytest.mark.parametrize("tier_now", COME_BACK_TIERS)
@pytest.mark.parametrize("age", [30, 14, 8])
def test_benign_no_answers_still_get_the_full_list(age, tier_now):
    given = answers(age=age)
    result = assess(given)
    assert result.counted_unsure == frozenset()
    for items in _watched_for(given, tier_now, result):
        assert items == come_back_if(given, tier_now, counted=frozenset())
        for name in WATCH_FOR:
            # Each sign whose "yes" would change what to do (more urgent than the answer, or
            # as urgent as a same-day one) once; one the answer already covers, not at all.
            alone = assess(rules.benign_answers(age).with_changes(**{name: Sign.YES})).tier
            listed = alone > tier_now or alone is tier_now is Tier.URGENT
            # A swelling or redness is watched for alone and as the hot, swollen hip too.
            hot = name in ("swelling", "redness_warmth")
            assert len(watched_parts(items, name)) == listed + hot, (name, items)


@pytest.mark.parametrize(
    ("yes", "part"),
    [("swelling", "The swollen hip turns red or hot"), ("redness_warmth", "The red or warm hip")],
)
def test_check_again_does_not_ask_for_a_swelling_or_redness_already_there(yes, part):
    """A hip already said to be swollen is not told to "become swollen"."""
    items = come_back_if(answers(**{yes: Sign.YES}), Tier.SEE_PROFESSIONAL)
    assert any(item.startswith(part) for item in items), items
    assert not any("becomes swollen" in item for item in items)


def test_a_stress_fracture_from_stopped_periods_cites_a_page_about_stopped_periods():
    """A 22-year-old runner whose periods stopped was shown the NHS "Menopause" page: the rule
    cites pages about periods stopping (and what that does to bone), not the menopause."""
    rule = rules.rule_by_slug("suspected-stress-fracture")
    assert "nhs-menopause" not in rule.sources
    assert {"nhs-stopped-periods", "nice-cks-amenorrhoea"} <= set(rule.sources)
    for slug in rule.sources:
        assert slug in rules.KNOWN_SOURCES


# --------------------------------------------------------------------------------------------
# A stated circumstance is never ignored: pregnancy (QA: a pregnant runner got self-care with
# a loaded routine and no word about the pregnancy)
# --------------------------------------------------------------------------------------------

PREGNANT_OR_JUST_AFTER = (
    Pregnancy.PREGNANT,
    Pregnancy.POSSIBLY_PREGNANT,
    Pregnancy.RECENTLY_GAVE_BIRTH,
)


def test_the_qa_pregnant_runner_is_sent_to_her_midwife_or_gp_with_no_starter_routine():
    result = assess(
        answers(
            age=31,
            pregnancy="pregnant",
            location="back_buttock",
            onset="gradual",
            duration_days=5,
            improving="yes",
        )
    )
    assert result.tier is Tier.SEE_PROFESSIONAL
    assert [rule.slug for rule in result.main_reasons] == ["hip-pain-in-or-after-pregnancy"]
    assert "midwife" in result.main_reasons[0].reason
    assert not result.offers_exercises


@pytest.mark.parametrize("pregnancy", PREGNANT_OR_JUST_AFTER)
@pytest.mark.parametrize("location", list(Location))
def test_pregnancy_with_pain_anywhere_around_the_hip_is_never_self_care(pregnancy, location):
    result = assess(answers(pregnancy=pregnancy, location=location))
    assert result.tier >= Tier.SEE_PROFESSIONAL
    assert "hip-pain-in-or-after-pregnancy" in fired_slugs(result)
    assert not result.offers_exercises


@pytest.mark.parametrize("pregnancy", PREGNANT_OR_JUST_AFTER)
@pytest.mark.parametrize(
    ("slug", "changes"), SINGLE_RULE_CASES, ids=[case[0] for case in SINGLE_RULE_CASES]
)
def test_every_answer_for_a_pregnant_runner_names_the_pregnancy(pregnancy, slug, changes):
    """Every answer shape (emergency, today, soon) lists the pregnancy among its reasons, and
    none offers the generic starter routine."""
    if "age" in changes and changes["age"] not in rules.PREGNANCY_AGES:
        pytest.skip("the pregnancy question is not asked at this age")
    result = assess(answers(**{**changes, "pregnancy": pregnancy}))
    assert rule_by_slug("hip-pain-in-or-after-pregnancy") in result.fired
    assert not result.offers_exercises


def test_no_pregnancy_keeps_self_care_reachable():
    assert tier(pregnancy="no") is Tier.SELF_CARE
    # Outside the ages the question is asked at, it reads as "no".
    assert tier(age=60, pregnancy=None) is Tier.SELF_CARE


# --------------------------------------------------------------------------------------------
# A child: the answer is worded for the parent or carer reading it (QA: age 0 got "Stop
# running and get seen by a doctor today")
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tier", list(Tier))
@pytest.mark.parametrize("age", [0, 4, rules.YOUNG_PERSON_FROM - 1])
def test_every_disposition_for_a_child_speaks_to_the_parent_not_a_runner(tier, age):
    text = rules.action_for(tier, answers(age=age))
    assert "child" in text
    assert "Stop running" not in text and "your running" not in text
    assert text != tier.action


@pytest.mark.parametrize("tier", list(Tier))
@pytest.mark.parametrize("age", [rules.YOUNG_PERSON_FROM, 15])
def test_a_young_person_who_may_answer_alone_is_not_spoken_of_as_your_child(tier, age):
    """QA: a 15-year-old answering for themselves read "Your child needs to see a doctor
    today ... keep them from running"."""
    text = rules.action_for(tier, answers(age=age))
    assert "child" not in text and " them " not in text and " they " not in text
    assert "Stop running" not in text and "your running" not in text
    assert text != tier.action


@pytest.mark.parametrize("tier", list(Tier))
@pytest.mark.parametrize("age", [16, 40, None])
def test_an_adult_or_an_unknown_age_keeps_the_runners_wording(tier, age):
    assert rules.action_for(tier, answers(age=age)) == tier.action


@pytest.mark.parametrize("age", [0, 1, 7, 12, 15])
def test_a_child_of_any_age_from_0_is_seen_by_a_doctor_the_same_day_at_least(age):
    result = assess(answers(age=age))
    assert result.tier >= Tier.URGENT
    assert not result.offers_exercises


def test_the_stopped_periods_question_asks_what_its_sources_mean():
    """NHS "Stopped or missed periods" and NICE CKS "Amenorrhoea" are about periods that have
    stopped (none for three months or more), not periods that still come irregularly; and the
    NHS sends someone whose periods stopped before 45 to a GP, not urgently."""
    question = rules.QUESTION_TEXT["periods_stopped"]
    assert "irregular" not in question
    assert "three months" in question
    assert "irregular" in rules.SIGN_HELP["periods_stopped"]  # told to answer no for those
    rule = rule_by_slug("periods-stopped-before-45")
    assert rule.tier is Tier.SEE_PROFESSIONAL and "GP" in rule.action
    assert "isn't urgent" in rule.action and "nhs-stopped-periods" in rule.sources
    # From 45 the menopause explains it: listed as counting together with other answers.
    noted = rules.noted_answers(answers(age=50, periods_stopped=True))
    assert [name for name, _why, _sign in noted] == ["periods_stopped"]
    assert assess(answers(age=50, periods_stopped=True)).tier is Tier.SELF_CARE


# --------------------------------------------------------------------------------------------
# The headline agrees with the reason that decides it (who to see, and how soon)
# --------------------------------------------------------------------------------------------

#: People a reason may send the runner to that the tiers' generic words never name.
_NAMED_PEOPLE = ("midwife", "surgical team", "sexual health clinic")


def _alone(rule) -> Assessment:
    return Assessment(tier=rule.tier, fired=(rule,), fired_tiers={rule.slug: rule.tier})


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.slug)
def test_for_every_rule_alone_the_headline_names_who_and_when_its_reason_does(rule):
    """Pregnant, otherwise fine: the headline said "Book a physio or doctor within the next
    week or two" over a reason saying "Tell your midwife or GP about it now" (now "soon")."""
    label, action = rules.headline(_alone(rule), answers())
    headline = f"{label}. {action}".lower()
    reason = rule.reason.lower()
    for person in _NAMED_PEOPLE:
        if person in reason:
            assert person in headline, (rule.slug, person)
    # A reason that wants a doctor (or says "not a physio") is not headed "Book a physio".
    wants_a_doctor = "doctor" in reason or " gp" in reason
    mentions_physio = "physio" in reason.replace("not a physio", "") or "professional" in reason
    if wants_a_doctor and not mentions_physio:
        assert not label.lower().startswith("book a physio"), rule.slug
    # "Today" or "now" in the reason is never "within the next week or two" in the headline.
    if any(when in reason for when in (" today", " now", "straight away")):
        assert "week or two" not in action, rule.slug
        assert any(when in headline for when in ("today", "now", "same day")), rule.slug


def test_a_rule_that_names_its_own_advice_heads_the_answer_for_an_adult_not_a_child():
    pregnant = assess(answers(pregnancy="pregnant"))
    label, action = rules.headline(pregnant, answers(pregnancy="pregnant"))
    assert label == "Tell your midwife or GP soon" and "midwife" in action
    assert "week or two" not in action and "physiotherapist or your doctor" not in action
    child = answers(age=12, pregnancy="pregnant")
    label, action = rules.headline(assess(child), child)
    assert label == Tier.URGENT.label and action == rules.action_for(Tier.URGENT, child)


# --------------------------------------------------------------------------------------------
# The questions are worded for whoever answers (a parent for a young child, a young person or
# their parent from 12 to 15), and a young child isn't asked what can't apply
# --------------------------------------------------------------------------------------------


def test_the_first_steps_questions_come_before_the_age_so_never_assume_an_adult():
    """QA: step 1 asked everyone "Do you have pain or swelling in a testicle?"."""
    for name in STEPS[0].questions:
        if name in rules.QUESTION_TEXT:
            assert not rules.QUESTION_TEXT[name].startswith(("Do you have", "Is your")), name
    assert "testicle" in rules.QUESTION_TEXT["testicle_pain"]
    assert "you" not in rules.QUESTION_TEXT["testicle_pain"]


@pytest.mark.parametrize("age", [0, 3, 11, 12, 15])
def test_every_later_question_for_a_child_or_young_person_allows_for_a_parent_answering(age):
    """QA: a parent answering for a 3-year-old was asked "Have you fainted...", "Have you had
    a hip replacement..." and a 0-10 scale as "you"."""
    for step in STEPS[1:]:
        for name in step.questions:
            if not rules.applies(name, age) or name not in rules.QUESTION_TEXT:
                continue
            text = rules.question_text(name, age, rules.QUESTION_TEXT[name])
            bare_you = re.search(r"\b(you|your)\b(?! \(or your child\))", text, re.I)
            assert bare_you is None or "(or your child)" in text, (name, text)
    assert "(or your child)" in rules.question_text("faint", age, "x")
    # The pain score is on the first step, worded for anyone with a parent's hint (forms.py;
    # test_views checks the first step's page says it).


@pytest.mark.parametrize("age", [40, None])
def test_an_adults_questions_keep_the_runners_wording(age):
    assert rules.question_text("faint", age, QUESTION_TEXTS_FAINT) == QUESTION_TEXTS_FAINT


QUESTION_TEXTS_FAINT = rules.QUESTION_TEXT["faint"]


@pytest.mark.parametrize("age", range(AGE_MIN, 10))
def test_a_young_child_is_not_asked_about_periods_or_vaginal_bleeding(age):
    assert not rules.applies("vaginal_bleeding", age)
    assert not rules.applies("periods_stopped", age)
    child = answers(age=age, vaginal_bleeding=None, periods_stopped=None, pregnancy=None)
    assert child.complete and assess(child).decided
    # Every question an urgent-or-higher rule reads for this age is still asked.
    assert all(rules.applies(name, age) for name in STEPS[0].questions)


@pytest.mark.parametrize("age", [10, 15, 30])
def test_from_ten_the_periods_and_bleeding_questions_are_asked(age):
    assert rules.applies("vaginal_bleeding", age) and rules.applies("periods_stopped", age)
    assert "vaginal_bleeding" in answers(age=age, vaginal_bleeding=None).missing


def test_two_deciding_rules_with_their_own_advice_both_give_it_in_the_headline_advice():
    both = answers(pregnancy="pregnant", hip_replacement="yes")
    result = assess(both)
    assert {"hip-pain-in-or-after-pregnancy", "replaced-hip"} <= fired_slugs(result)
    _label, action = rules.headline(result, both)
    assert "midwife" in action and "surgical team" in action


# --------------------------------------------------------------------------------------------
# A temperature with hip pain: septic arthritis until shown otherwise (fresh tester: an adult
# with a temperature and nothing else got "see a doctor today")
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("severity", range(1, 11))
def test_hip_pain_with_a_temperature_is_an_emergency_at_any_pain_score(severity):
    result = assess(answers(fever=True, severity=severity))
    assert result.tier is Tier.EMERGENCY
    assert "fever" in fired_slugs(result)
    assert not result.offers_exercises


@pytest.mark.parametrize("severity", [0, 3])
def test_a_temperature_with_a_hot_swollen_hip_is_an_emergency_even_without_pain(severity):
    result = assess(answers(fever=True, swelling=True, redness_warmth=True, severity=severity))
    assert result.tier is Tier.EMERGENCY
    assert {"fever-with-joint-signs", "hot-swollen-joint"} <= fired_slugs(result)


@pytest.mark.parametrize("severity", [0, 5])
def test_a_temperature_with_a_leg_that_takes_no_weight_is_an_emergency(severity):
    result = assess(answers(fever=True, weight_bearing="unable", severity=severity))
    assert result.tier is Tier.EMERGENCY
    assert "fever-with-joint-signs" in fired_slugs(result)


def test_a_temperature_with_no_hip_pain_is_self_care_with_rest_and_no_exercises():
    """The checker is for hip pain: a temperature with pain 0 out of 10 and no other sign is
    not the septic-arthritis flag, so the answer stays self-care; but a temperature is a
    reason to rest (NHS, "High temperature (fever) in adults"), so no starter routine is
    offered, and the answer says why, when to check again and what to do if the hip starts
    to hurt."""
    given_answers = answers(fever=True, severity=0)
    result = assess(given_answers)
    rule = rule_by_slug("temperature-without-hip-pain")
    assert result.tier is Tier.SELF_CARE and result.fired == (rule,)
    assert not result.offers_exercises and result.rest_first == (rule,)
    assert result.examined_first == ()
    assert "nhs-fever-in-adults" in rule.sources
    assert "nhs-fever-in-adults" in CITATIONS
    assert "A&E" in rule.reason and "NHS 111" in rule.reason and "rest" in rule.reason
    assert rules.headline(result, given_answers)[0] == rule.label
    assert "exercises below" not in rules.headline(result, given_answers)[1]
    # The temperature is a rule now, not an answer that "counts only together with others".
    assert noted_answers(given_answers) == ()


@pytest.mark.parametrize(
    ("changes", "slug", "expected", "exercises"),
    [
        ({"fever": True, "severity": 0}, "temperature-without-hip-pain", Tier.SELF_CARE, False),
        (
            {"fever": Sign.UNSURE, "severity": 0},
            "temperature-without-hip-pain",
            Tier.SELF_CARE,
            False,
        ),
        *(
            ({"fever": True, "severity": pain}, "fever", Tier.EMERGENCY, False)
            for pain in range(1, 11)
        ),
        ({"fever": False, "severity": 0}, None, Tier.SELF_CARE, True),
        ({"fever": False, "severity": 3}, None, Tier.SELF_CARE, True),
    ],
)
def test_a_temperature_rests_with_pain_0_is_an_emergency_with_pain_and_without_one_exercises(
    changes, slug, expected, exercises
):
    result = assess(answers(**changes))
    assert result.tier is expected
    assert result.offers_exercises is exercises
    if slug is None:
        assert result.fired == ()
    else:  # pain of 7 and over fires the severe-pain rules too
        assert rule_by_slug(slug) in result.main_reasons
    if changes["severity"] > 0:
        assert "temperature-without-hip-pain" not in fired_slugs(result)


def test_not_sure_about_a_temperature_with_hip_pain_means_a_doctor_today():
    result = assess(answers(fever=Sign.UNSURE))
    assert result.tier is Tier.URGENT
    assert "fever" in fired_slugs(result)


def test_a_temperature_never_waits_for_the_pain_score():
    """The pain score qualifies the temperature, so it is asked beside it on the first step;
    left blank, the temperature is an emergency at once (fresh tester: it waited for step 2)."""
    assert {"fever", "severity"} <= set(STEPS[0].questions)
    first = {name: "no" for name in STEPS[0].questions if name in SIGN_FIELDS}
    first_step = Answers(**{**first, "age": 40, "weight_bearing": "full", "fever": "yes"})
    result = assess(first_step)
    assert result.decided and result.tier is Tier.EMERGENCY
    assert next_step(first_step) is STEPS[0]  # the pain score, if the runner goes on


def test_the_temperature_rule_cites_both_sides_and_takes_the_more_urgent():
    rule = rule_by_slug("fever")
    assert rule.tier is Tier.EMERGENCY and rule.unsure_tier is Tier.URGENT
    # The NHS (urgent, the same day) and the guidance that calls it an emergency.
    assert {"nhs-hip-pain", "nhs-septic-arthritis", "nice-cks-hip-pain"} <= set(rule.sources)
    assert "more urgent" in rule.reason and "A&E" in rule.reason
    assert set(rule.sources) <= KNOWN_SOURCES


# With no hip pain (a score of 0) the questions about the pain are not asked.


def test_a_pain_score_of_0_leaves_the_questions_about_the_pain_out():
    none = answers(severity=0, fever=True)
    some = answers(severity=1, fever=True)
    assert not set(Answers(severity=0).missing) & rules.PAIN_ONLY_QUESTIONS
    assert set(Answers(severity=1).missing) >= rules.PAIN_ONLY_QUESTIONS
    assert set(Answers().missing) >= rules.PAIN_ONLY_QUESTIONS  # the score not given yet
    # The questions that make sense without pain are still asked.
    assert {"limited_motion", "instability", "mileage_increase"} <= set(Answers(severity=0).missing)
    assert set(rules.STEPS[2].questions) | {"location"} >= rules.PAIN_ONLY_QUESTIONS
    assert {rule.slug for rule in assess(none).fired} == {"temperature-without-hip-pain"}
    assert assess(some).tier is Tier.EMERGENCY


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.slug)
def test_a_rules_heading_keeps_to_its_tiers_timing(rule):
    """Fresh tester: "SEE A PROFESSIONAL SOON" over "Tell your midwife or GP now". Only a rule
    that sends the runner to be seen today (or to emergency care) may head it "now" or
    "today"; the pregnancy rule's sources ask for contact early, not the same day."""
    if rule.label and rule.tier in (Tier.SEE_PROFESSIONAL, Tier.SELF_CARE):
        words = set(re.findall(r"[a-z]+", rule.label.lower()))
        assert not words & {"now", "today", "immediately", "urgently"}, rule.label


# --------------------------------------------------------------------------------------------
# A pain score of 0 (no hip pain now) and no temperature: the answer offers the exercises,
# and its plan began "Calm it down first" (cut the running back, R.I.C.E.) for a pain the
# runner does not have
# --------------------------------------------------------------------------------------------

#: Words that assume pain now: what a runner with a pain score of 0 must not be told to do.
ASSUMES_PAIN_NOW = (
    "calm it down",
    "for the first few days, cut your running back",
    "once it settles",
    "once walking and the exercises are pain-free",
    "if it is not clearly better after two weeks",
    "two weeks of easing off and doing the exercises",
    "the pain suddenly gets much worse",
    # The rest of the answer's words for a runner in pain (an answer for a score of 0 has no
    # "the pain" to ease, make worse, tell anyone about or get back from).
    "the pain",
    "this pain",
    "the new pain",
    "new pain in a hip",
    "makes it hurt",
    "sharper or worse",
    "makes the pain worse",
    "get back to running",
    "pain that is settling",
    "hip pain that began",
    "hip or pelvic pain",
    "pain in a replaced",
)


def said(*texts: str) -> str:
    return " ".join(texts).lower()


def test_a_runner_with_no_pain_now_is_told_to_carry_on_not_to_calm_it_down():
    no_pain = answers(severity=0)
    result = assess(no_pain)
    assert result.tier is Tier.SELF_CARE and result.offers_exercises and not result.fired
    plan = rules.self_care_plan(no_pain)
    assert plan == rules.NO_PAIN_SELF_CARE_PLAN
    assert plan[0].title == "Carry on while it stays pain-free"
    _label, action = rules.headline(result, no_pain)
    everything = said(action, *(f"{a.title}. {a.text}" for a in plan), *come_back_if(no_pain))
    for words in ASSUMES_PAIN_NOW:
        assert words not in everything, words
    # What to do if the pain comes back is still said: ease off, R.I.C.E., check again.
    assert "r.i.c.e." in said(plan[0].text) and "new pain score" in said(plan[0].text)
    assert "Pain in the hip comes back." in come_back_if(no_pain)


@pytest.mark.parametrize("severity", [1, 3, 6])
def test_a_runner_in_pain_is_still_told_to_calm_it_down_first(severity):
    in_pain = answers(severity=severity)
    result = assess(in_pain)
    assert rules.self_care_plan(in_pain) == rules.SELF_CARE_PLAN
    assert rules.SELF_CARE_PLAN[0].title == "Calm it down first"
    assert rules.headline(result, in_pain)[1] == Tier.SELF_CARE.action
    assert "It isn't getting better after two weeks of easing off and doing the exercises." in (
        come_back_if(in_pain)
    )
    assert rules.self_care_plan(answers(severity=None)) == rules.SELF_CARE_PLAN


def test_the_no_pain_plan_has_the_same_steps_each_citing_the_articles():
    no_pain, in_pain = rules.NO_PAIN_SELF_CARE_PLAN, rules.SELF_CARE_PLAN
    assert len(no_pain) == len(in_pain)
    assert [a.title for a in no_pain[1:]] == [a.title for a in in_pain[1:]]
    for advice in no_pain:
        assert advice.sources and set(advice.sources) <= KNOWN_SOURCES, advice.title


#: Answers with a pain score of 0 that still offer the exercises (the risk factors that are
#: not warning signs, any age from 18, any weight bearing and pregnancy answer) and the rest.
NO_PAIN_ANSWERS = st.builds(
    lambda changes: answers(severity=0, **changes),
    st.fixed_dictionaries(
        {
            "age": st.integers(18, AGE_MAX),
            "weight_bearing": st.sampled_from(list(WeightBearing)),
            "pregnancy": st.sampled_from(list(Pregnancy)),
            **{name: SIGN_VALUES for name in rules.NOT_A_WARNING},
        }
    ),
)


@settings(max_examples=150, deadline=None)
@given(st.one_of(NO_PAIN_ANSWERS, COMPLETE_ANSWERS))
def test_no_answer_with_a_pain_score_of_0_gets_a_plan_for_pain(given_answers):
    """Whatever else is answered, an answer with exercises and a pain score of 0 gives the
    plan with nothing to calm down, and a list of when to check again with no pain to get
    worse; any other score, the plan that starts by calming it."""
    if not assess(given_answers).offers_exercises:
        return
    plan = rules.self_care_plan(given_answers)
    if rules.no_hip_pain(given_answers):
        text = said(*(f"{a.title}. {a.text}" for a in plan), *come_back_if(given_answers))
        assert not [words for words in ASSUMES_PAIN_NOW if words in text]
    else:
        assert plan == rules.SELF_CARE_PLAN


def everything_an_answer_says(given_answers: Answers) -> str:
    """Every sentence the answer shows for these answers (triage.views reads the same
    functions): headline, reasons, what was told, the routine's caution and the plan, when to
    check again, and why a risk factor doesn't change the advice."""
    result = assess(given_answers)
    texts = [*rules.headline(result, given_answers)]
    texts += [f"{rule.title}. {rule.reason}" for rule in result.main_reasons]
    texts += [f"{rule.title}. {rule.trigger}" for rule in result.other_reasons]
    texts += [
        rules.told_about(result.examined_first),
        rules.until_examined(given_answers, stop_running=rules.stops_running(result)),
    ]
    texts += come_back_if(given_answers, result.tier, rest_first=result.rest_first)
    texts += [why for _name, why, _sign in noted_answers(given_answers)]
    if result.offers_exercises:
        texts += [rules.stop_a_move(given_answers), rules.plan_heading(given_answers)]
        texts += [f"{a.title}. {a.text}" for a in rules.self_care_plan(given_answers)]
        texts += [f"{a.title}. {a.text}" for a in rules.PREVENTION_ADVICE]
    return said(*texts)


#: Every rule that can decide a self-care or see-a-professional answer with a pain score of 0,
#: each with the answer that sets it off alone.
NO_PAIN_RULE_CASES = [
    (rule.slug, changes)
    for rule in RULES
    if rule.tier in (Tier.SELF_CARE, Tier.SEE_PROFESSIONAL)
    for changes in (
        [{"pregnancy": p} for p in Pregnancy if p is not Pregnancy.NO]
        # The questions about the pain are not asked (nor read) with a score of 0 and no
        # other answer that says it hurts; standing that hurts says so (its own class below).
        + [{name: "yes"} for name in SIGN_FIELDS if name not in rules.PAIN_ONLY_QUESTIONS]
    )
    if rule.slug in fired_slugs(assess(answers(severity=0, **changes)))
    and assess(answers(severity=0, **changes)).tier is rule.tier
]


def test_the_rules_that_decide_an_answer_with_no_pain_are_the_expected_ones():
    """Not an empty list by mistake: the pain-0 answers the checks below cover."""
    assert {slug for slug, _changes in NO_PAIN_RULE_CASES} >= {
        "hip-pain-in-or-after-pregnancy",
        "after-a-fall-or-blow",
        "replaced-hip",
        "limited-motion",
        "hip-feels-unstable",
        "swelling",
        "numbness-without-injury",
        "steroids-or-alcohol",
        "temperature-without-hip-pain",
    }


@pytest.mark.parametrize(
    ("slug", "changes"), NO_PAIN_RULE_CASES, ids=[case[0] for case in NO_PAIN_RULE_CASES]
)
def test_no_answer_with_a_pain_score_of_0_speaks_of_a_pain_now(slug, changes):
    """A see-a-professional or self-care answer with a pain score of 0 said 'stop anything
    that makes the pain worse', 'tell your midwife about this pain', 'the new pain', 'hip
    pain that began with a fall', 'stop any move that makes the pain sharper or worse': every
    sentence it shows is worded for no pain now, and the same answer with pain keeps its
    words (the phrases are the ones it used)."""
    no_pain = answers(severity=0, **changes)
    text = everything_an_answer_says(no_pain)
    assert not [words for words in ASSUMES_PAIN_NOW if words in text], slug
    in_pain = answers(severity=3, location="front_groin", **changes)
    if assess(in_pain).tier is assess(no_pain).tier:
        assert [words for words in ASSUMES_PAIN_NOW if words in everything_an_answer_says(in_pain)]


#: Any answers with a pain score of 0 an adult can give (the questions about the pain are not
#: asked then), of every tier.
ANY_NO_PAIN_ANSWERS = st.builds(
    lambda fixed, signs: answers(severity=0, **fixed, **signs),
    st.fixed_dictionaries(
        {
            "age": st.integers(16, AGE_MAX),
            "weight_bearing": st.sampled_from(list(WeightBearing)),
            "pregnancy": st.sampled_from(list(Pregnancy)),
        }
    ),
    # A few signs answered other than "no" (most answers with many are an emergency).
    st.dictionaries(
        st.sampled_from([name for name in SIGN_FIELDS if name not in rules.PAIN_ONLY_QUESTIONS]),
        SIGN_VALUES,
        max_size=4,
    ),
)


@settings(max_examples=300, deadline=None)
@given(ANY_NO_PAIN_ANSWERS)
def test_a_pain_score_of_0_is_never_answered_as_if_in_pain_below_a_doctor_today(given_answers):
    """The class of the cases above, over any pain-0 answers: an answer that sends the runner
    to a professional soon or leaves it to them speaks of no pain now (an emergency's and a
    doctor-today's words stay as they are: a red flag is one whatever the score)."""
    if assess(given_answers).tier > Tier.SEE_PROFESSIONAL:
        return
    if rules.pain_told(given_answers):
        # Standing or walking hurts: the hip does hurt, and the answer says so (the class of
        # test_pain_told_beside_a_score_of_0_is_read_as_hip_pain).
        assert not rules.no_hip_pain(given_answers)
        return
    text = everything_an_answer_says(given_answers)
    assert not [words for words in ASSUMES_PAIN_NOW if words in text]


def test_a_rule_worded_for_no_pain_is_the_same_rule_with_only_its_words_changed():
    for rule in RULES:
        if rule.no_pain is None:
            assert rules.worded_for(rule, answers(severity=0)) is rule
            continue
        worded = rules.worded_for(rule, answers(severity=0))
        assert worded == rule and hash(worded) == hash(rule) and worded.slug == rule.slug
        assert (worded.tier, worded.no_exercises, worded.sources) == (
            rule.tier,
            rule.no_exercises,
            rule.sources,
        )
        assert worded.title != rule.title or worded.action != rule.action
        for severity in (None, 1, 3, 10):
            assert rules.worded_for(rule, answers(severity=severity)) is rule
        # Only the emergency-free tiers are worded again: a red flag keeps its words.
        assert rule.tier in (Tier.SEE_PROFESSIONAL, Tier.SELF_CARE), rule.slug


# --------------------------------------------------------------------------------------------
# A pain score of 0 beside an answer that says the hip hurts: the score is one answer; "it
# hurts to stand on" (or at night, at rest, a painful click, pain that spreads) says there IS
# pain. Read the safer way: the same answer as with pain (a temperature with it went to a
# physio within weeks, or to self-care with its night pain dropped)
# --------------------------------------------------------------------------------------------

#: Every answer besides the pain score that says the hip hurts, each value that says so.
PAIN_TELLING_YES = [
    {"weight_bearing": "painful"},
    {"weight_bearing": "unable"},
    {"night_pain": "yes"},
    {"pain_at_rest": "yes"},
    {"night_pain": "yes", "pain_at_rest": "yes"},
    {"clicking": "yes"},
    *({"radiates_to": frozenset({area})} for area in Radiates),
]
PAIN_TELLING_UNSURE = [{"night_pain": "unsure"}, {"pain_at_rest": "unsure"}, {"clicking": "unsure"}]
PAIN_AGES = [6, 13, 34, 80]


def _ids(cases: list[dict]) -> list[str]:
    return [
        "+".join(f"{k}={sorted(v) if isinstance(v, frozenset) else v}" for k, v in c.items())
        for c in cases
    ]


#: Questions whose words speak of pain, hurting or tummy/testicle pain that are not read as hip
#: pain now, and why: not the hip, or (the fall) when the pain started, with its own words for
#: a hip that doesn't hurt now.
NOT_HIP_PAIN_NOW = {
    "testicle_pain",
    "groin_lump",
    "tummy_pain",
    "injury",
    "breathless_or_chest_pain",
}


def test_every_question_that_speaks_of_the_hip_hurting_can_tell_of_pain():
    """A new question that says it hurts is read as hip pain, or named above with why not."""
    assert {name for case in PAIN_TELLING_YES for name in case} == set(rules.PAIN_TELLING_ANSWERS)
    for name, text in rules.QUESTION_TEXT.items():
        if re.search(r"\b(pain|hurts?|painful(ly)?)\b", text, re.IGNORECASE):
            assert name in rules.PAIN_TELLING_ANSWERS or name in NOT_HIP_PAIN_NOW, name
    assert "weight_bearing" in rules.PAIN_TELLING_ANSWERS  # "hurts or makes me limp"


@pytest.mark.parametrize("age", PAIN_AGES)
@pytest.mark.parametrize("fever", ["yes", "no"])
@pytest.mark.parametrize("told", PAIN_TELLING_YES, ids=_ids(PAIN_TELLING_YES))
def test_pain_told_beside_a_score_of_0_is_read_as_hip_pain(told, fever, age):
    """The same answers with a pain score of 0, 3 or none (blank): 0 gives what 3 gives, the
    same tier and reasons, and never less than the blank; a temperature with it is the
    emergency, and "a temperature, and no hip pain" is never among the reasons."""
    zero, three, blank = (
        assess(answers(age=age, fever=fever, severity=score, **told)) for score in (0, 3, None)
    )
    assert zero.tier is three.tier, (zero.tier, three.tier)
    assert fired_slugs(zero) == fired_slugs(three)
    assert zero.tier >= blank.tier
    assert "temperature-without-hip-pain" not in fired_slugs(zero)
    if fever == "yes":
        assert zero.tier is Tier.EMERGENCY and "fever" in fired_slugs(zero)
    given = answers(age=age, fever=fever, severity=0, **told)
    assert not rules.no_hip_pain(given)
    assert rules.self_care_plan(given) == rules.SELF_CARE_PLAN
    assert rules.pain_disagreement(given).startswith("Your answers disagree: a pain score of 0")


@pytest.mark.parametrize("age", PAIN_AGES)
@pytest.mark.parametrize("fever", ["yes", "no"])
@pytest.mark.parametrize("told", PAIN_TELLING_UNSURE, ids=_ids(PAIN_TELLING_UNSURE))
def test_a_not_sure_pain_answer_beside_a_score_of_0_is_never_less_than_a_no(told, fever, age):
    """ "Not sure" whether it hurts at night (or at rest, or clicks painfully), with a score of
    0: never less urgent than "no", a temperature with it at least a doctor today, and the
    answer is worded for a hip that may hurt."""
    unsure = answers(age=age, fever=fever, severity=0, **told)
    no = answers(age=age, fever=fever, severity=0, **dict.fromkeys(told, "no"))
    assert assess(unsure).tier >= assess(no).tier
    if fever == "yes":
        assert assess(unsure).tier >= Tier.URGENT
        assert "temperature-without-hip-pain" not in fired_slugs(assess(unsure))
    assert not rules.no_hip_pain(unsure)


@pytest.mark.parametrize("age", [34, 80])
def test_a_temperature_a_score_of_0_and_a_limp_is_the_emergency(age):
    """The tester's case: 'temperature: yes', pain 0, 'standing or walking hurts or makes me
    limp' was 'Book a physio within a week or two', the temperature listed as 'A temperature,
    and no hip pain'. Decided on the first step, as with any other score."""
    step_one = Answers(
        age=age,
        fever="yes",
        severity=0,
        weight_bearing="painful",
        **{name: "no" for name in STEPS[0].questions if name in SIGN_FIELDS and name != "fever"},
    )
    result = assess(step_one)
    assert result.tier is Tier.EMERGENCY and result.decided
    assert "fever" in fired_slugs(result)
    assert "temperature-without-hip-pain" not in fired_slugs(result)


def test_a_temperature_a_score_of_0_and_night_pain_is_the_emergency_not_self_care():
    result = assess(answers(fever="yes", severity=0, night_pain="yes"))
    assert result.tier is Tier.EMERGENCY
    assert "temperature-without-hip-pain" not in fired_slugs(result)


def test_night_and_rest_pain_with_a_score_of_0_is_seen_as_with_a_score_of_3():
    zero = assess(answers(severity=0, night_pain="yes", pain_at_rest="yes"))
    three = assess(answers(severity=3, night_pain="yes", pain_at_rest="yes"))
    assert zero.tier is three.tier is Tier.SEE_PROFESSIONAL
    assert not zero.offers_exercises


#: The check-again items that name each answer that says it hurts (as sure or "not sure").
CHECK_AGAIN_NAMES = {
    "weight_bearing": ("hurts to stand or walk", "hurts them to stand", "can't put weight"),
    "night_pain": ("at night",),
    "pain_at_rest": ("when you are resting", "when they are resting"),
}


@pytest.mark.parametrize("age", PAIN_AGES)
@pytest.mark.parametrize("told", PAIN_TELLING_YES, ids=_ids(PAIN_TELLING_YES))
def test_check_again_never_lists_a_pain_already_told_nor_its_coming_back(told, age):
    """'Check again, or get help, if' named the night and rest pain a runner had just reported
    (their answers dropped with a score of 0), and 'Pain in the hip comes back'."""
    given = answers(age=age, severity=0, **told)
    result = assess(given)
    items = " ".join(come_back_if(given, result.tier, rest_first=result.rest_first))
    for name in told:
        if name == "weight_bearing" and told[name] == "painful":
            assert "hurts to stand or walk" not in items and "hurts them to stand" not in items
        elif name == "weight_bearing":
            assert "can't put weight" not in items
        else:
            assert not [w for w in CHECK_AGAIN_NAMES.get(name, ()) if w in items], items
    assert "Pain in the hip comes back." not in items


def test_a_benign_story_with_a_score_of_0_is_still_self_care_with_its_no_pain_words():
    """No other answer says it hurts: self-care with a starter routine and the no-pain plan
    (the pain questions are not asked, so they are not answered)."""
    not_asked = dict.fromkeys(rules.PAIN_ONLY_QUESTIONS)
    benign = answers(severity=0, **not_asked)
    assert benign.complete
    result = assess(benign)
    assert result.tier is Tier.SELF_CARE and result.offers_exercises and not result.fired
    assert rules.no_hip_pain(benign) and rules.pain_disagreement(benign) == ""
    assert rules.self_care_plan(benign) == rules.NO_PAIN_SELF_CARE_PLAN
    assert "Pain in the hip comes back." in come_back_if(benign)
    fever = assess(answers(severity=0, fever="yes", **not_asked))
    assert fever.tier is Tier.SELF_CARE
    assert fired_slugs(fever) == {"temperature-without-hip-pain"}


def test_a_score_of_0_with_a_painful_standing_answer_asks_the_questions_about_the_pain():
    step_one = answers(
        severity=0, weight_bearing="painful", **dict.fromkeys(rules.PAIN_ONLY_QUESTIONS)
    )
    assert set(rules.PAIN_ONLY_QUESTIONS) <= set(step_one.missing)
    quiet = answers(severity=0, **dict.fromkeys(rules.PAIN_ONLY_QUESTIONS))
    assert not set(rules.PAIN_ONLY_QUESTIONS) & set(quiet.missing)
