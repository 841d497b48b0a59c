"""The red-flag triage policy in triage.rules (pure Python: no Django, no database)."""

import dataclasses
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.rules import (
    AGE_MAX,
    AGE_MIN,
    BOOL_FIELDS,
    COME_BACK_IF,
    CONTRIBUTOR_SOURCES,
    DURATION_MAX,
    DURATION_MIN,
    IMPROVING,
    KNOWN_SOURCES,
    LOCATIONS,
    ONSETS,
    PREVENTION_ADVICE,
    RADIATES,
    RULES,
    SELF_CARE_PLAN,
    SEVERITY_MAX,
    SEVERITY_MIN,
    WEIGHT_BEARING,
    YES_NO_QUESTIONS,
    Answers,
    Assessment,
    Improving,
    Location,
    Onset,
    Radiates,
    Tier,
    WeightBearing,
    assess,
    possible_contributors,
    rule_by_slug,
)

# A runner with a mild, recent, improving ache on the outside of the hip: nothing to flag.
BASELINE = dict(
    age=30,
    onset="gradual",
    location="outer_side",
    severity=3,
    duration_days=5,
    weight_bearing="full",
    improving="yes",
)


def answers(**changes):
    return Answers(**{**BASELINE, **changes})


def fired_slugs(result: Assessment) -> set[str]:
    return {rule.slug for rule in result.fired}


# --------------------------------------------------------------------------------------------
# The question contract
# --------------------------------------------------------------------------------------------

CONTRACT_FIELDS = {
    "age", "onset", "injury", "location", "radiates_to", "severity", "duration_days",
    "weight_bearing", "improving", "night_pain", "pain_at_rest", "clicking", "swelling",
    "redness_warmth", "fever", "limited_motion", "instability", "numbness", "deformity",
    "saddle_or_bladder", "mileage_increase", "previous_stress_fracture", "periods_stopped",
    "cancer_history", "weight_loss",
}  # fmt: skip


def test_answers_has_exactly_the_contract_fields():
    assert {f.name for f in dataclasses.fields(Answers)} == CONTRACT_FIELDS


def test_answers_are_frozen():
    a = answers()
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.age = 40


def test_yes_no_answers_default_to_no_and_radiation_to_nowhere():
    a = answers()
    assert all(getattr(a, name) is False for name in BOOL_FIELDS)
    assert a.radiates_to == frozenset()


def test_every_yes_no_answer_has_a_question():
    assert [name for name, _question in YES_NO_QUESTIONS] == list(BOOL_FIELDS)
    assert all(question.endswith("?") for _name, question in YES_NO_QUESTIONS)


@pytest.mark.parametrize(
    ("choices", "enum"),
    [
        (ONSETS, Onset),
        (LOCATIONS, Location),
        (RADIATES, Radiates),
        (WEIGHT_BEARING, WeightBearing),
        (IMPROVING, Improving),
    ],
)
def test_choice_tuples_list_every_allowed_value_with_a_label(choices, enum):
    assert [value for value, _label in choices] == [member.value for member in enum]
    assert all(label.strip() for _value, label in choices)


def test_numeric_bounds_match_the_contract():
    assert (AGE_MIN, AGE_MAX) == (8, 100)
    assert (SEVERITY_MIN, SEVERITY_MAX) == (0, 10)
    assert (DURATION_MIN, DURATION_MAX) == (0, 3650)


def test_plain_strings_become_enums_that_still_equal_the_strings():
    a = answers(radiates_to=["knee", "back"])
    assert a.onset is Onset.GRADUAL and a.onset == "gradual"
    assert a.location is Location.OUTER_SIDE
    assert a.radiates_to == frozenset({"knee", "back"})
    assert isinstance(a.radiates_to, frozenset)


@pytest.mark.parametrize(
    "changes",
    [
        {"age": AGE_MIN - 1},
        {"age": AGE_MAX + 1},
        {"severity": -1},
        {"severity": 11},
        {"duration_days": -1},
        {"duration_days": DURATION_MAX + 1},
        {"age": 30.5},
        {"age": True},
        {"onset": "slowly"},
        {"location": "knee"},
        {"weight_bearing": "some"},
        {"improving": "maybe"},
        {"radiates_to": frozenset({"foot"})},
        {"radiates_to": "knee"},
        {"fever": "yes"},
    ],
)
def test_answers_out_of_range_or_unknown_are_rejected(changes):
    with pytest.raises(ValueError):
        answers(**changes)


def test_bounds_themselves_are_accepted():
    answers(age=AGE_MIN, severity=SEVERITY_MIN, duration_days=DURATION_MIN)
    answers(age=AGE_MAX, severity=SEVERITY_MAX, duration_days=DURATION_MAX)


# --------------------------------------------------------------------------------------------
# Each rule on its own
# --------------------------------------------------------------------------------------------

# (rule under test, change from the baseline, every rule that should then fire)
SINGLE_RULE_CASES = [
    ("cannot-bear-weight", {"weight_bearing": "unable"}, {"cannot-bear-weight"}),
    (
        "injury-with-deformity",
        {"injury": True, "deformity": True},
        {"injury-with-deformity"},
    ),
    ("injury-with-numbness", {"injury": True, "numbness": True}, {"injury-with-numbness"}),
    (
        "injury-with-swelling-and-severe-pain",
        {"injury": True, "swelling": True, "severity": 7},
        {"injury-with-swelling-and-severe-pain", "swelling", "severe-pain"},
    ),
    (
        "possible-hip-fracture-over-60",
        {"age": 60, "injury": True, "weight_bearing": "painful"},
        {"possible-hip-fracture-over-60", "over-60-painful-to-stand", "painful-to-stand"},
    ),
    (
        "hot-swollen-joint",
        {"swelling": True, "redness_warmth": True},
        {"hot-swollen-joint", "swelling"},
    ),
    (
        "fever-with-joint-signs",
        {"fever": True, "swelling": True},
        {"fever-with-joint-signs", "fever", "swelling"},
    ),
    (
        "saddle-numbness-or-bladder-change",
        {"saddle_or_bladder": True},
        {"saddle-numbness-or-bladder-change"},
    ),
    (
        "suspected-stress-fracture",
        {"location": "front_groin", "mileage_increase": True, "improving": "no"},
        {"suspected-stress-fracture"},
    ),
    (
        "possible-slipped-growth-plate",
        {"age": 12, "weight_bearing": "painful"},
        {"possible-slipped-growth-plate", "painful-to-stand"},
    ),
    ("past-cancer", {"cancer_history": True}, {"past-cancer"}),
    ("unexplained-weight-loss", {"weight_loss": True}, {"unexplained-weight-loss"}),
    ("fever", {"fever": True}, {"fever"}),
    ("red-or-warm-hip", {"redness_warmth": True}, {"red-or-warm-hip"}),
    (
        "sudden-severe-pain",
        {"onset": "sudden", "severity": 7},
        {"sudden-severe-pain", "sudden-onset", "severe-pain"},
    ),
    (
        "severe-pain-at-night-and-rest",
        {"night_pain": True, "pain_at_rest": True, "severity": 8},
        {"severe-pain-at-night-and-rest", "night-or-rest-pain", "severe-pain"},
    ),
    (
        "over-60-painful-to-stand",
        {"age": 65, "weight_bearing": "painful"},
        {"over-60-painful-to-stand", "painful-to-stand"},
    ),
    (
        "not-improving-after-two-weeks",
        {"improving": "no", "duration_days": 14},
        {"not-improving-after-two-weeks"},
    ),
    ("pain-for-over-six-weeks", {"duration_days": 43}, {"pain-for-over-six-weeks"}),
    ("clicking-or-snapping", {"clicking": True}, {"clicking-or-snapping"}),
    ("pain-spreads", {"radiates_to": frozenset({"knee"})}, {"pain-spreads"}),
    ("limited-motion", {"limited_motion": True}, {"limited-motion"}),
    ("hip-feels-unstable", {"instability": True}, {"hip-feels-unstable"}),
    ("swelling", {"swelling": True}, {"swelling"}),
    ("night-or-rest-pain", {"night_pain": True}, {"night-or-rest-pain"}),
    ("severe-pain", {"severity": 7}, {"severe-pain"}),
    ("sudden-onset", {"onset": "sudden"}, {"sudden-onset"}),
    ("numbness-without-injury", {"numbness": True}, {"numbness-without-injury"}),
    ("painful-to-stand", {"weight_bearing": "painful"}, {"painful-to-stand"}),
]


def test_baseline_answers_mean_self_care_with_nothing_fired():
    result = assess(answers())
    assert result.tier is Tier.SELF_CARE
    assert result.fired == ()


def test_every_rule_has_a_single_rule_case():
    assert [slug for slug, _changes, _fired in SINGLE_RULE_CASES] == [r.slug for r in RULES]


@pytest.mark.parametrize(
    ("slug", "changes", "expected"),
    SINGLE_RULE_CASES,
    ids=[case[0] for case in SINGLE_RULE_CASES],
)
def test_each_rule_fires_on_its_own_trigger_and_sets_its_tier(slug, changes, expected):
    result = assess(answers(**changes))
    assert fired_slugs(result) == expected
    assert result.tier is rule_by_slug(slug).tier
    assert rule_by_slug(slug) in result.main_reasons


def test_cannot_bear_weight_is_an_emergency():
    assert assess(answers(weight_bearing="unable")).tier is Tier.EMERGENCY


def test_night_pain_sends_runner_to_a_professional():
    assert assess(answers(night_pain=True)).tier is Tier.SEE_PROFESSIONAL


def test_pain_at_rest_sends_runner_to_a_professional():
    assert assess(answers(pain_at_rest=True)).tier is Tier.SEE_PROFESSIONAL


def test_injury_alone_is_not_a_red_flag():
    assert assess(answers(injury=True)).tier is Tier.SELF_CARE


def test_deformity_without_injury_is_not_the_injury_emergency():
    assert "injury-with-deformity" not in fired_slugs(assess(answers(deformity=True)))


def test_swelling_and_severe_pain_without_injury_is_not_an_emergency():
    result = assess(answers(swelling=True, severity=9))
    assert result.tier is Tier.SEE_PROFESSIONAL
    assert fired_slugs(result) == {"swelling", "severe-pain"}


def test_numbness_after_an_injury_is_an_emergency_but_without_one_sees_a_professional():
    assert assess(answers(numbness=True, injury=True)).tier is Tier.EMERGENCY
    assert assess(answers(numbness=True)).tier is Tier.SEE_PROFESSIONAL


def test_redness_with_swelling_is_a_hot_joint_not_the_redness_rule():
    slugs = fired_slugs(assess(answers(redness_warmth=True, swelling=True)))
    assert "hot-swollen-joint" in slugs
    assert "red-or-warm-hip" not in slugs


@pytest.mark.parametrize(
    "sign", [{"swelling": True}, {"redness_warmth": True}, {"weight_bearing": "unable"}]
)
def test_fever_with_a_joint_sign_is_an_emergency(sign):
    result = assess(answers(fever=True, **sign))
    assert result.tier is Tier.EMERGENCY
    assert "fever-with-joint-signs" in fired_slugs(result)


def test_fever_with_painful_walking_only_is_urgent():
    result = assess(answers(fever=True, weight_bearing="painful"))
    assert result.tier is Tier.URGENT
    assert "fever-with-joint-signs" not in fired_slugs(result)


# ---- the stress fracture rule, piece by piece -----------------------------------------------

STRESS_BASE = dict(location="front_groin", mileage_increase=True, night_pain=True)


@pytest.mark.parametrize("location", ["front_groin", "deep_inside"])
def test_stress_fracture_is_suspected_for_groin_or_deep_pain(location):
    result = assess(answers(**{**STRESS_BASE, "location": location}))
    assert "suspected-stress-fracture" in fired_slugs(result)
    assert result.tier is Tier.URGENT


@pytest.mark.parametrize("location", ["outer_side", "back_buttock", "diffuse"])
def test_stress_fracture_is_not_suspected_for_other_locations(location):
    result = assess(answers(**{**STRESS_BASE, "location": location}))
    assert "suspected-stress-fracture" not in fired_slugs(result)


@pytest.mark.parametrize(
    "risk", ["mileage_increase", "previous_stress_fracture", "periods_stopped"]
)
def test_any_stress_fracture_risk_factor_counts(risk):
    a = answers(location="deep_inside", pain_at_rest=True, **{risk: True})
    assert "suspected-stress-fracture" in fired_slugs(assess(a))


def test_stress_fracture_needs_a_risk_factor():
    a = answers(location="deep_inside", pain_at_rest=True)
    assert "suspected-stress-fracture" not in fired_slugs(assess(a))


@pytest.mark.parametrize(
    "symptom",
    [
        {"weight_bearing": "painful"},
        {"night_pain": True},
        {"pain_at_rest": True},
        {"improving": "no"},
    ],
)
def test_any_bone_pain_symptom_completes_the_stress_fracture_picture(symptom):
    a = answers(location="front_groin", periods_stopped=True, **symptom)
    assert "suspected-stress-fracture" in fired_slugs(assess(a))


def test_risk_factor_without_symptoms_is_not_a_stress_fracture():
    a = answers(location="front_groin", mileage_increase=True, improving="not_tried")
    assert assess(a).tier is Tier.SELF_CARE


def test_stress_fracture_is_still_reported_when_the_runner_cannot_stand():
    result = assess(answers(location="front_groin", mileage_increase=True,
                            weight_bearing="unable"))
    assert result.tier is Tier.EMERGENCY
    assert {"cannot-bear-weight", "suspected-stress-fracture"} <= fired_slugs(result)


# --------------------------------------------------------------------------------------------
# Boundaries
# --------------------------------------------------------------------------------------------


def test_severity_six_is_fine_but_seven_is_severe():
    assert assess(answers(severity=6)).tier is Tier.SELF_CARE
    assert assess(answers(severity=7)).tier is Tier.SEE_PROFESSIONAL


def test_sudden_pain_becomes_urgent_at_severity_seven():
    assert assess(answers(onset="sudden", severity=6)).tier is Tier.SEE_PROFESSIONAL
    assert assess(answers(onset="sudden", severity=7)).tier is Tier.URGENT


def test_night_and_rest_pain_becomes_urgent_at_severity_seven():
    both = dict(night_pain=True, pain_at_rest=True)
    assert assess(answers(severity=6, **both)).tier is Tier.SEE_PROFESSIONAL
    assert assess(answers(severity=7, **both)).tier is Tier.URGENT


def test_night_pain_alone_at_severity_seven_is_not_urgent():
    assert assess(answers(severity=7, night_pain=True)).tier is Tier.SEE_PROFESSIONAL


def test_injury_with_swelling_becomes_an_emergency_at_severity_seven():
    injured = dict(injury=True, swelling=True)
    assert assess(answers(severity=6, **injured)).tier is Tier.SEE_PROFESSIONAL
    assert assess(answers(severity=7, **injured)).tier is Tier.EMERGENCY


@pytest.mark.parametrize(
    ("age", "tier"),
    [
        (9, Tier.SEE_PROFESSIONAL),
        (10, Tier.URGENT),
        (16, Tier.URGENT),
        (17, Tier.SEE_PROFESSIONAL),
    ],
)
def test_limp_in_a_child_is_urgent_only_from_10_to_16(age, tier):
    result = assess(answers(age=age, weight_bearing="painful"))
    assert result.tier is tier
    assert ("possible-slipped-growth-plate" in fired_slugs(result)) == (tier is Tier.URGENT)


@pytest.mark.parametrize(("age", "tier"), [(9, Tier.SEE_PROFESSIONAL), (10, Tier.URGENT),
                                           (16, Tier.URGENT), (17, Tier.SEE_PROFESSIONAL)])
def test_stiff_hip_in_a_child_is_urgent_only_from_10_to_16(age, tier):
    assert assess(answers(age=age, limited_motion=True)).tier is tier


@pytest.mark.parametrize(("age", "tier"), [(59, Tier.SEE_PROFESSIONAL), (60, Tier.URGENT)])
def test_painful_standing_is_urgent_from_age_60(age, tier):
    assert assess(answers(age=age, weight_bearing="painful")).tier is tier


@pytest.mark.parametrize(("age", "tier"), [(59, Tier.SEE_PROFESSIONAL), (60, Tier.EMERGENCY)])
def test_a_fall_with_a_limp_is_an_emergency_from_age_60(age, tier):
    assert assess(answers(age=age, injury=True, weight_bearing="painful")).tier is tier


def test_painful_standing_alone_is_never_self_care():
    result = assess(answers(weight_bearing="painful"))
    assert result.tier is Tier.SEE_PROFESSIONAL
    assert fired_slugs(result) == {"painful-to-stand"}


def test_a_fall_at_60_with_normal_walking_is_not_flagged():
    assert assess(answers(age=75, injury=True)).tier is Tier.SELF_CARE


@pytest.mark.parametrize(("days", "tier"), [(13, Tier.SELF_CARE), (14, Tier.SEE_PROFESSIONAL)])
def test_not_improving_sends_runner_to_a_professional_from_two_weeks(days, tier):
    assert assess(answers(improving="no", duration_days=days)).tier is tier


@pytest.mark.parametrize(("days", "tier"), [(42, Tier.SELF_CARE), (43, Tier.SEE_PROFESSIONAL)])
def test_pain_for_more_than_six_weeks_sends_runner_to_a_professional(days, tier):
    assert assess(answers(improving="yes", duration_days=days)).tier is tier


@pytest.mark.parametrize(
    ("improving", "tier"),
    [("yes", Tier.SELF_CARE), ("not_tried", Tier.SELF_CARE), ("no", Tier.SEE_PROFESSIONAL)],
)
def test_only_a_runner_who_tried_and_is_not_improving_is_referred(improving, tier):
    assert assess(answers(improving=improving, duration_days=20)).tier is tier


# --------------------------------------------------------------------------------------------
# Combinations: the most urgent tier wins and every reason is reported
# --------------------------------------------------------------------------------------------


def test_most_urgent_tier_wins_and_every_fired_rule_is_reported():
    result = assess(answers(weight_bearing="unable", fever=True, clicking=True))
    assert result.tier is Tier.EMERGENCY
    assert fired_slugs(result) == {
        "cannot-bear-weight",
        "fever-with-joint-signs",
        "fever",
        "clicking-or-snapping",
    }
    assert {r.slug for r in result.main_reasons} == {"cannot-bear-weight", "fever-with-joint-signs"}
    assert {r.slug for r in result.other_reasons} == {"fever", "clicking-or-snapping"}


def test_urgent_beats_see_professional_and_keeps_the_lesser_reasons():
    result = assess(answers(cancer_history=True, clicking=True, radiates_to={"thigh"}))
    assert result.tier is Tier.URGENT
    assert [r.slug for r in result.fired] == ["past-cancer", "clicking-or-snapping",
                                              "pain-spreads"]


def test_fired_rules_are_listed_in_policy_order():
    result = assess(answers(
        age=70, injury=True, weight_bearing="painful", numbness=True, swelling=True,
        severity=8, onset="sudden", clicking=True, duration_days=60,
    ))
    order = [RULES.index(rule) for rule in result.fired]
    assert order == sorted(order)
    assert result.tier is Tier.EMERGENCY


def test_many_amber_flags_stay_at_see_professional():
    result = assess(answers(
        clicking=True, instability=True, limited_motion=True, swelling=True, night_pain=True,
        severity=7, onset="gradual", duration_days=100, improving="no",
        radiates_to={"back", "thigh", "knee"},
    ))
    assert result.tier is Tier.SEE_PROFESSIONAL
    assert len(result.fired) == 9


def test_assessment_sources_gather_every_fired_rules_sources_once():
    result = assess(answers(clicking=True, swelling=True))
    assert set(result.sources) == {
        s for rule in result.fired for s in rule.sources
    }
    assert len(result.sources) == len(set(result.sources))


# --------------------------------------------------------------------------------------------
# Exercises are only offered below the red-flag tiers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "offers"),
    [
        ({"weight_bearing": "unable"}, False),
        ({"fever": True}, False),
        ({"clicking": True}, True),
        ({}, True),
    ],
)
def test_emergency_and_urgent_results_do_not_offer_exercises(changes, offers):
    assert assess(answers(**changes)).offers_exercises is offers


@pytest.mark.parametrize("tier", list(Tier))
def test_offers_exercises_depends_only_on_the_tier(tier):
    offers = Assessment(tier=tier, fired=()).offers_exercises
    assert offers is (tier in (Tier.SELF_CARE, Tier.SEE_PROFESSIONAL))


# --------------------------------------------------------------------------------------------
# The rule table itself
# --------------------------------------------------------------------------------------------


def test_rule_slugs_are_unique_kebab_case():
    slugs = [rule.slug for rule in RULES]
    assert len(slugs) == len(set(slugs))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in slugs)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.slug)
def test_every_rule_has_a_title_a_reason_and_known_sources(rule):
    assert rule.title.strip() and len(rule.title) <= 80
    assert rule.reason.strip()
    assert re.search(r"\byou(r|'re|'ve)?\b", rule.reason, re.IGNORECASE)
    assert rule.sources
    assert set(rule.sources) <= KNOWN_SOURCES
    assert len(rule.sources) == len(set(rule.sources))
    assert rule.tier is not Tier.SELF_CARE


def test_rules_are_in_tier_order():
    urgencies = [rule.tier.urgency for rule in RULES]
    assert urgencies == sorted(urgencies, reverse=True)


def test_every_referral_tier_has_rules():
    assert {rule.tier for rule in RULES} == {Tier.EMERGENCY, Tier.URGENT, Tier.SEE_PROFESSIONAL}


def test_the_stress_fracture_rule_cites_the_article_that_sends_it_to_a_doctor():
    assert "hip-pain-and-running" in rule_by_slug("suspected-stress-fracture").sources


def test_the_not_improving_rule_cites_the_see_a_pt_article():
    assert "run-longer-faster" in rule_by_slug("not-improving-after-two-weeks").sources


def test_rule_by_slug_finds_rules_and_rejects_unknown_slugs():
    assert rule_by_slug("hot-swollen-joint").tier is Tier.EMERGENCY
    with pytest.raises(KeyError):
        rule_by_slug("no-such-rule")


# --------------------------------------------------------------------------------------------
# Tiers
# --------------------------------------------------------------------------------------------


def test_tiers_are_ordered_by_urgency():
    assert Tier.EMERGENCY > Tier.URGENT > Tier.SEE_PROFESSIONAL > Tier.SELF_CARE
    assert max(Tier) is Tier.EMERGENCY
    assert sorted(Tier) == [Tier.SELF_CARE, Tier.SEE_PROFESSIONAL, Tier.URGENT, Tier.EMERGENCY]


def test_tiers_equal_their_string_values():
    assert Tier.SEE_PROFESSIONAL == "see_professional"
    assert Tier("urgent") is Tier.URGENT


@pytest.mark.parametrize("tier", list(Tier))
def test_every_tier_has_a_heading_and_a_short_action(tier):
    assert tier.label.strip()
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", tier.action.strip()) if s]
    assert 1 <= len(sentences) <= 3


def test_emergency_action_says_to_call_for_help_now():
    assert "emergency" in Tier.EMERGENCY.action.lower()
    assert "A&E" in Tier.EMERGENCY.action
    assert "stop running" in Tier.URGENT.action.lower()


# --------------------------------------------------------------------------------------------
# Guidance text
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("location", [value for value, _label in LOCATIONS])
def test_every_location_has_possible_contributors_with_sources(location):
    contributors = possible_contributors(location)
    assert contributors and all(text.strip() for text in contributors)
    assert set(CONTRIBUTOR_SOURCES[Location(location)]) <= KNOWN_SOURCES


def test_possible_contributors_name_the_usual_suspects_by_location():
    outer = " ".join(possible_contributors("outer_side")).lower()
    assert "gluteal tendinopathy" in outer and "bursitis" in outer
    back = " ".join(possible_contributors("back_buttock")).lower()
    assert "hamstring tendinopathy" in back and "lower back" in back
    front = " ".join(possible_contributors("front_groin")).lower()
    assert "hip flexor" in front and "rectus femoris" in front and "impingement" in front
    assert "stress fracture" in " ".join(possible_contributors("deep_inside")).lower()
    assert "physio" in " ".join(possible_contributors("diffuse")).lower()


def test_possible_contributors_do_not_read_as_a_diagnosis():
    for location in Location:
        for text in possible_contributors(location):
            assert not re.search(r"\byou have\b|\bthis is\b|\bdiagnos", text, re.IGNORECASE)


def test_possible_contributors_reject_unknown_locations():
    with pytest.raises(ValueError):
        possible_contributors("elbow")


def test_prevention_advice_covers_the_articles_tips():
    text = " ".join(f"{a.title} {a.text}" for a in PREVENTION_ADVICE).lower()
    for needle in ("warm up", "5 to 10 %", "shoes", "form", "cycling", "rest", "r.i.c.e."):
        assert needle in text
    for advice in PREVENTION_ADVICE:
        assert advice.sources and set(advice.sources) <= KNOWN_SOURCES
        assert str(advice) == advice.text


def test_come_back_if_lists_the_red_flags_in_plain_words():
    text = " ".join(COME_BACK_IF).lower()
    for needle in ("weight", "swollen", "temperature", "bladder", "numbness", "night"):
        assert needle in text


def test_self_care_plan_says_when_to_build_up_and_when_to_get_help():
    text = " ".join(step.text for step in SELF_CARE_PLAN).lower()
    assert "pain-free" in text
    assert "two weeks" in text
    assert all(set(step.sources) <= KNOWN_SOURCES and step.sources for step in SELF_CARE_PLAN)


# --------------------------------------------------------------------------------------------
# Properties over random answers
# --------------------------------------------------------------------------------------------

answer_sets = st.builds(
    Answers,
    age=st.integers(AGE_MIN, AGE_MAX),
    onset=st.sampled_from(list(Onset)),
    location=st.sampled_from(list(Location)),
    severity=st.integers(SEVERITY_MIN, SEVERITY_MAX),
    duration_days=st.integers(DURATION_MIN, DURATION_MAX),
    weight_bearing=st.sampled_from(list(WeightBearing)),
    improving=st.sampled_from(list(Improving)),
    radiates_to=st.frozensets(st.sampled_from(list(Radiates))),
    **{name: st.booleans() for name in BOOL_FIELDS},
)


@given(answer_sets)
def test_tier_is_the_most_urgent_fired_tier_and_self_care_means_nothing_fired(a):
    result = assess(a)
    assert all(result.tier >= rule.tier for rule in result.fired)
    assert (result.tier is Tier.SELF_CARE) == (result.fired == ())
    if result.fired:
        assert result.tier == max(rule.tier for rule in result.fired)
    assert result.fired == tuple(rule for rule in RULES if rule.applies(a))


@given(answer_sets, st.sampled_from(BOOL_FIELDS))
def test_answering_yes_to_any_question_never_lowers_the_tier(a, name):
    before = assess(a).tier
    after = assess(a.with_changes(**{name: True})).tier
    assert after >= before


@given(answer_sets)
def test_being_unable_to_bear_weight_never_lowers_the_tier(a):
    before = assess(a).tier
    after = assess(a.with_changes(weight_bearing="unable"))
    assert after.tier >= before
    assert after.tier is Tier.EMERGENCY


@given(answer_sets)
def test_red_flag_tiers_never_offer_exercises(a):
    result = assess(a)
    if result.tier in (Tier.EMERGENCY, Tier.URGENT):
        assert not result.offers_exercises
