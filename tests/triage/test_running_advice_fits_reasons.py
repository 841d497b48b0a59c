"""The answer's headline is never laxer about running than a reason it shows (QA round 3).

A fresh tester found "Book a physio or doctor ... Meanwhile cut back your running to what
feels comfortable" above a reason that says to be seen before any home treatment (a limp, an
unstable hip, pain at night or at rest, a swollen hip); a fall with the worst pain kept for
"the next few days" when the onset was answered "gradually"; a fall on a replaced hip told both
to leave the hip exercises and to follow the surgical team's; and buttock pain with the
risks of a stress fracture called not urgent. Each class has its property or examples here.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triage import rules
from triage.rules import (
    Improving,
    Location,
    Onset,
    Pregnancy,
    Radiates,
    Sign,
    Tier,
    WeightBearing,
    assess,
)

from .test_rules import COMPLETE_ANSWERS, answers

#: Words that allow some running, or exercises beside a reason that holds them back.
LAX = (
    "cut back your running",
    "what feels comfortable",
    "don't add to your running",
    "stop any running or exercise that brings",
    "ease off running",
    "follow the exercises they gave you",
    "keep to the exercises they gave you",
)
STOP = (
    "stop running",
    "leave running",
    "don't run",
    "no running",
    "rest from running",
    "keep them from running",
)

#: The signs a reason to be examined before running reads, and the ones whose rules head the
#: answer with their own advice (a midwife, the surgical team, a GP), answered at random.
MIXED = st.builds(
    lambda changes: answers(**changes),
    st.fixed_dictionaries(
        {
            "age": st.sampled_from([20, 35, 44, 50, 70]),
            "severity": st.integers(0, 10),
            "onset": st.sampled_from(list(Onset)),
            "location": st.sampled_from(list(Location)),
            "improving": st.sampled_from(list(Improving)),
            "duration_days": st.sampled_from([1, 5, 14, 30]),
            "weight_bearing": st.sampled_from([WeightBearing.FULL, WeightBearing.PAINFUL]),
            "pregnancy": st.sampled_from(list(Pregnancy)),
            "radiates_to": st.frozensets(st.sampled_from(list(Radiates))),
            **{
                name: st.sampled_from([Sign.NO, Sign.NO, Sign.YES, Sign.UNSURE])
                for name in (
                    "injury",
                    "swelling",
                    "night_pain",
                    "pain_at_rest",
                    "limited_motion",
                    "instability",
                    "clicking",
                    "hip_replacement",
                    "steroids_or_alcohol",
                    "periods_stopped",
                    "vaginal_bleeding",
                    "mileage_increase",
                )
            },
        }
    ),
)


def _said(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


@settings(max_examples=400, deadline=None)
@given(st.one_of(MIXED, COMPLETE_ANSWERS))
def test_the_headline_is_never_laxer_about_running_than_a_reason_shown(given_answers):
    """If any reason shown says to be examined before running on the hip, or before any home
    treatment, the headline says to stop running until then (never to cut back), the line
    under "why there are no exercises" says the same, and no starter routine is offered."""
    result = assess(given_answers)
    if not any(rule.stops_running for rule in result.fired) or result.tier is Tier.EMERGENCY:
        return
    assert rules.stops_running(result)
    _label, action = rules.headline(result, given_answers)
    said = _said(action)
    assert any(words in said for words in STOP), action
    assert not [words for words in LAX if words in said], action
    assert not result.offers_exercises
    until = _said(rules.until_examined(given_answers, stop_running=True))
    assert "don't run" in until and "ease off" not in until


@settings(max_examples=300, deadline=None)
@given(st.one_of(MIXED, COMPLETE_ANSWERS))
def test_a_headline_joining_several_advices_never_contradicts_itself(given_answers):
    """Two rules' own advice joined: never one that leaves the exercises beside one that
    follows them, nor one that stops running beside one that keeps some."""
    result = assess(given_answers)
    said = _said(rules.headline(result, given_answers)[1])
    leaves = "leave all exercises" in said or "hip exercises until" in said
    keeps = "follow the exercises" in said or "keep to the exercises" in said
    assert not (leaves and keeps), said
    if any(words in said for words in STOP):
        assert not [words for words in LAX if words in said], said


# ---- 1. The tester's stories: a limp, an unstable hip, night pain, rest pain, a swollen hip -

#: Age 35, groin pain that came on suddenly 5 days ago, 5 out of 10, getting better.
GROIN = dict(
    age=35, location="front_groin", onset="sudden", duration_days=5, severity=5, improving="yes"
)


@pytest.mark.parametrize(
    "changes",
    [
        dict(weight_bearing="painful"),
        dict(instability=True),
        dict(night_pain=True),
        dict(pain_at_rest=True),
        dict(swelling=True),
    ],
    ids=["limp", "unstable", "night-pain", "rest-pain", "swollen"],
)
def test_a_reason_to_be_examined_first_stops_running_in_the_headline(changes):
    given_answers = answers(**{**GROIN, **changes})
    result = assess(given_answers)
    assert result.tier is Tier.SEE_PROFESSIONAL and not result.offers_exercises
    label, action = rules.headline(result, given_answers)
    assert label == "Book a physio or doctor"
    assert "stop running until they have examined the hip" in action
    assert "cut back" not in action and "comfortable" not in action


def test_without_such_a_reason_the_headline_keeps_its_cut_back_words():
    """Steroids alone say to have the hip assessed, not to stop running: unchanged."""
    given_answers = answers(steroids_or_alcohol=True)
    result = assess(given_answers)
    assert not rules.stops_running(result)
    assert "cut back your running" in rules.headline(result, given_answers)[1]


def test_an_own_advice_beside_a_reason_to_stop_running_gives_its_no_running_words():
    given_answers = answers(age=30, periods_stopped=True, night_pain=True)
    result = assess(given_answers)
    label, action = rules.headline(result, given_answers)
    assert label == "Book a GP appointment"
    assert "stop running" in action and "don't add to your running" not in action
    assert "isn't urgent" not in action


def test_groin_pain_with_a_limp_names_a_stress_fracture_among_the_causes():
    given_answers = answers(**GROIN, weight_bearing="painful")
    causes = rules.causes_shown(assess(given_answers), "front_groin", given_answers)
    assert "stress fracture" in causes[0]
    walking = answers(**GROIN)
    assert not any(
        "stress fracture" in c for c in rules.causes_shown(assess(walking), "front_groin", walking)
    )


# ---- 2. A fall with the worst pain; a fall on a replaced hip --------------------------------


@pytest.mark.parametrize("onset", list(Onset))
def test_a_fall_with_severe_pain_is_seen_the_same_day_whatever_the_onset_answer(onset):
    given_answers = answers(age=30, injury=True, severity=10, onset=onset, duration_days=1)
    result = assess(given_answers)
    assert result.tier is Tier.URGENT
    assert rules.rule_by_slug("sudden-severe-pain") in result.main_reasons


def test_the_sudden_onset_choice_fits_a_fall():
    assert "fall" in dict(rules.ONSETS)[Onset.SUDDEN]


@pytest.mark.parametrize("sign", [Sign.YES, Sign.UNSURE])
def test_a_fall_on_a_replaced_hip_is_the_same_day_and_never_keeps_exercises(sign):
    given_answers = answers(hip_replacement=Sign.YES, injury=sign)
    result = assess(given_answers)
    assert result.tier is Tier.URGENT and not result.offers_exercises
    assert rules.rule_by_slug("fall-on-replaced-hip") in result.main_reasons
    label, action = rules.headline(result, given_answers)
    assert "today" in label.lower() or "today" in action
    assert "Stop running" in action and "999" in action
    assert "follow the exercises" not in action


# ---- 3. Buttock or low-back pain with the risks of a stress fracture -------------------------


@pytest.mark.parametrize(
    "changes",
    [
        dict(location="back_buttock"),
        dict(location="outer_side", radiates_to=frozenset({"back"})),
    ],
    ids=["buttock", "spreads-to-low-back"],
)
def test_buttock_or_low_back_pain_with_stress_fracture_risks_is_today(changes):
    given_answers = answers(
        age=25,
        severity=3,
        improving="yes",
        previous_stress_fracture=True,
        periods_stopped=True,
        mileage_increase=True,
        **changes,
    )
    result = assess(given_answers)
    assert result.tier is Tier.URGENT
    rule = rules.rule_by_slug("stress-fracture-risks-together")
    assert rule in result.main_reasons
    label, action = rules.headline(result, given_answers)
    assert label == "See a doctor today" and action.startswith("Stop running")
    causes = rules.causes_shown(result, given_answers.location, given_answers)
    assert any("sacrum" in cause for cause in causes)


# ---- 4. A swollen calf or thigh: the emergency warning in the headline and the watch list --


@pytest.mark.parametrize("sign", [Sign.YES, Sign.UNSURE])
def test_a_swollen_leg_headline_and_watch_list_carry_the_999_line(sign):
    given_answers = answers(leg_swollen=sign)
    result = assess(given_answers)
    assert result.tier is Tier.URGENT
    action = rules.headline(result, given_answers)[1]
    assert "Call 999 at once if you get breathless, or have chest pain" in action
    # Under the emergency list, whose heading says to call 999.
    (emergency,) = [
        w for w in rules.watch_lists(given_answers, result.tier) if w.tier is Tier.EMERGENCY
    ]
    assert "Call 999" in emergency.heading
    assert any("breathless" in item for item in emergency.items)


def test_without_a_swollen_leg_there_is_no_clot_warning():
    """No clot warning in the headline; sudden breathlessness stays on the watch list as the
    checker's own emergency sign, under 999 and nowhere else."""
    given_answers = answers(night_pain=True)
    result = assess(given_answers)
    assert "breathless" not in rules.headline(result, given_answers)[1]
    for watch in rules.watch_lists(given_answers, result.tier):
        found = [item for item in watch.items if "breathless" in item]
        assert len(found) == (watch.tier is Tier.EMERGENCY), (watch.heading, found)
