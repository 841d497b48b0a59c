"""The answer fits the rule that decides it (fresh tester's findings): no starter routine when
the rule sends the runner to be examined first, severe pain seen sooner and without exercises
(the checker and the runner's log draw one line), the "check again" list fitting each tier and
reader, "You told us about ..." a sentence for every rule, and the causes shown the deciding
rule's. Pure: no database."""

from dataclasses import replace
from datetime import date

import pytest

from routines import monitoring
from triage import rules
from triage.rules import Answers, Assessment, Sign, Tier, assess

# The tester's calm baseline: nothing but outer hip pain, getting better.
CALM = dict(
    age=34,
    onset="gradual",
    location="outer_side",
    severity=3,
    duration_days=1,
    weight_bearing="full",
    improving="yes",
    pregnancy="no",
    radiates_to=frozenset(),
)


def answers(**changes) -> Answers:
    signs = {name: Sign.NO for name in rules.SIGN_FIELDS}
    return Answers(**{**CALM, **signs, **changes})


#: The "see a professional" rules that may still offer a starter routine to do while waiting,
#: and why: none of them is about possible damage to bone, joint, muscle or tendon. Every
#: other rule, so any new one, gives no routine until someone has examined the hip.
#: Numbness or tingling in the leg left this list (QA round 4): it is held to what pain that
#: spreads down the leg is, and the runner's log stops the exercises for it
#: (test_log_stop_agrees_with_checker.py).
ROUTINE_WHILE_WAITING = {
    "not-improving-after-two-weeks": "slow to settle, nothing pointing to damage",
    "unusual-vaginal-bleeding": "not from the hip at all",
}


@pytest.mark.parametrize("rule", rules.RULES, ids=lambda rule: rule.slug)
def test_a_rule_that_sends_the_runner_to_be_examined_first_never_offers_a_routine(rule):
    """Walk every rule: as the only rule fired, it offers a starter routine only when it is
    below "see a doctor today" and listed above as fine to exercise while waiting."""
    alone = Assessment(tier=rule.tier, fired=(rule,), fired_tiers={rule.slug: rule.tier})
    assert alone.offers_exercises is (rule.slug in ROUTINE_WHILE_WAITING), rule.slug
    if rule.tier in (Tier.EMERGENCY, Tier.URGENT):
        assert rule.slug not in ROUTINE_WHILE_WAITING


def test_a_fall_with_normal_walking_is_examined_before_any_exercise():
    """The tester: 34, a fall, walks normally, outer hip, 1 day, getting better."""
    result = assess(answers(injury=Sign.YES))
    assert result.tier is Tier.SEE_PROFESSIONAL
    assert [rule.slug for rule in result.fired] == ["after-a-fall-or-blow"]
    assert not result.offers_exercises
    label, action = rules.headline(result, answers(injury=Sign.YES))
    assert label == "Have the hip examined by a doctor or physio"
    assert "exercises" in action


@pytest.mark.parametrize(
    ("severity", "severe"), [(0, False), (6, False), (7, True), (8, True), (9, True)]
)
def test_severe_pain_is_seen_sooner_with_no_exercises_from_the_logs_line(severity, severe):
    result = assess(answers(severity=severity))
    label, action = rules.headline(result, answers(severity=severity))
    if severe:
        assert result.tier is Tier.SEE_PROFESSIONAL
        assert not result.offers_exercises
        assert label == "See a GP or physio within a few days"
        assert "week or two" not in action and "next few days" in action
    else:
        assert result.tier is Tier.SELF_CARE and result.offers_exercises
    # The runner's log stops the exercises from the same score.
    advice = monitoring.advise([monitoring.Entry(day=date(2026, 11, 2), pain=severity)])
    assert (advice.level is monitoring.Level.STOP) is severe


def test_the_checker_and_the_log_share_one_severe_line():
    assert monitoring.SEVERE_PAIN == rules.SEVERE_PAIN == 7


# --- "Check again, or get help, if": fits the tier and the reader -----------------------------

TWO_WEEKS = "two weeks of easing off and doing the exercises"


@pytest.mark.parametrize("tier", [Tier.SELF_CARE, Tier.SEE_PROFESSIONAL, Tier.URGENT])
@pytest.mark.parametrize("age", [34, 13, 5])
def test_the_check_again_list_fits_each_tier_and_reader(tier, age):
    given = answers(age=age)
    items = rules.come_back_if(given, tier)
    heading = rules.come_back_heading(tier, given)
    assert heading and items
    # Only self-care's advice is the exercises: no other answer says to judge them.
    assert any(TWO_WEEKS in item for item in items) is (tier is Tier.SELF_CARE)
    text = " ".join((heading, *items)).lower()
    if age < rules.YOUNG_PERSON_FROM:
        # A parent or carer reads about their child, never "you".
        assert (
            " you " not in f" {text} "
            and "you " not in text
            and "your " not in text.replace("your child", "")
        )
        assert "your child" in text
    else:
        assert "you" in text


def test_a_self_care_answer_that_holds_the_exercises_back_says_when_to_check_again():
    """A temperature with no hip pain: no exercises, so no "two weeks of doing the exercises"
    to judge; the list says to check again once the temperature has gone instead."""
    rule = rules.rule_by_slug("temperature-without-hip-pain")
    given = answers(fever=True, severity=0)
    result = rules.assess(given)
    assert result.rest_first == (rule,)
    items = rules.come_back_if(given, result.tier, rest_first=result.rest_first)
    assert not any(TWO_WEEKS in item for item in items)
    check_again = rule.check_again_when[0].upper() + rule.check_again_when[1:]
    assert any(item.startswith(check_again) and "check again" in item for item in items)
    # The same answers with a professional's tier: that list has no "check again" item.
    later = rules.come_back_if(given, Tier.SEE_PROFESSIONAL, rest_first=result.rest_first)
    assert not any(item.startswith(check_again) for item in later)


def test_each_tier_has_its_own_heading():
    headings = {rules.come_back_heading(tier, answers()) for tier in rules.Tier}
    assert rules.come_back_heading(Tier.SELF_CARE, answers()) == "Check again, or get help, if"
    assert len(headings - {""}) == 3


# --- "You told us about ...": a sentence for every rule ---------------------------------------

#: How the sentence reads for each rule that gives no exercises: a reviewer reads these.
TOLD = {
    "hip-pain-in-or-after-pregnancy": "hip or pelvic pain in pregnancy or just after it",
    "after-a-fall-or-blow": "a fall or a blow to the hip",
    "replaced-hip": "pain in a replaced or operated hip",
    "steroids-or-alcohol": "long courses of steroids or heavy drinking",
    "clicking-or-snapping": "painful clicking or snapping in the hip",
    "pain-spreads": "pain that spreads beyond the hip",
    "numbness-without-injury": "numbness or tingling in the leg",
    "limited-motion": "a hip that won't move freely",
    "hip-feels-unstable": "a hip that feels unstable",
    "swelling": "swelling around the hip",
    "night-or-rest-pain": "pain at night or at rest",
    "severe-pain": "severe pain",
    "sudden-onset": "a sudden pain that isn't settling",
    "painful-to-stand": "pain when you stand or walk on the leg",
    "red-or-warm-hip": "red or warm skin over the hip",
    "fall-on-replaced-hip": "a fall or a blow to a replaced or operated hip",
    "replaced-hip-painful-to-stand": "a replaced or operated hip that hurts to stand on",
    "temperature-without-hip-pain": "a temperature",
    "periods-stopped-before-45": "periods that have stopped",
}
# A clause ("it hurts ...", "the hip won't ...") where a noun phrase belongs.
CLAUSE_STARTS = ("it ", "you ", "the hip ", "the leg ", "the pain ", "this ", "there ")


@pytest.mark.parametrize(
    "rule", [rule for rule in rules.RULES if rule.no_exercises], ids=lambda rule: rule.slug
)
def test_every_phrase_spliced_into_you_told_us_about_reads_as_a_sentence(rule):
    phrase = rules.told_about((rule,))
    assert phrase == TOLD[rule.slug]
    sentence = f"You told us about {phrase}."
    assert not phrase.lower().startswith(CLAUSE_STARTS), sentence
    assert phrase[0].islower() and not phrase.endswith("."), sentence


def test_several_phrases_join_with_and():
    fired = tuple(
        rules.rule_by_slug(slug) for slug in ("swelling", "limited-motion", "severe-pain")
    )
    assert rules.told_about(fired) == (
        "swelling around the hip, a hip that won't move freely and severe pain"
    )
    # With the answers, the person's own pain score, never the rule's threshold.
    told = answers(swelling=Sign.YES, limited_motion=Sign.YES, severity=8)
    assert rules.told_about(fired, told).endswith("and severe pain (a pain score of 8 out of 10)")


# --- The causes shown fit the deciding rule ----------------------------------------------------


def test_the_pregnancy_answer_lists_pelvic_girdle_pain_not_the_runners_causes():
    given = answers(pregnancy="pregnant")
    shown = rules.causes_shown(assess(given), given.location)
    assert any("Pelvic girdle pain" in cause for cause in shown)
    assert not any("tendinopathy" in cause or "bursitis" in cause for cause in shown)


@pytest.mark.parametrize(
    ("changes", "expected", "not_expected"),
    [
        (
            {"location": "front_groin", "mileage_increase": Sign.YES, "improving": "no"},
            "stress fracture",
            "Tight hip flexors",
        ),
        ({"hip_replacement": Sign.YES}, "replaced joint", "gluteal"),
        ({"steroids_or_alcohol": Sign.YES}, "osteonecrosis", "gluteal"),
    ],
)
def test_a_rule_about_one_cause_shows_that_cause(changes, expected, not_expected):
    given = answers(**changes)
    shown = " ".join(rules.causes_shown(assess(given), given.location))
    assert expected in shown and not_expected not in shown


@pytest.mark.parametrize("sign", ["tummy_pain", "leg_swollen", "faint", "vomiting"])
def test_a_cause_outside_the_hip_lists_no_running_causes(sign):
    given = answers(**{sign: Sign.YES})
    assert rules.causes_shown(assess(given), given.location) == ()


def test_without_a_rule_naming_causes_the_place_decides():
    given = answers()
    assert rules.causes_shown(assess(given), "outer_side") == rules.possible_contributors(
        "outer_side"
    )


# Every rule a number the person gave can decide, each number at and above (or below) the
# rule's thresholds: over calm answers, not getting better, and with every sign ticked.
NUMBER_BASES = (
    answers(),
    answers(improving="no"),
    answers(**{name: Sign.YES for name in rules.SIGN_FIELDS}),
)
NUMBER_PHRASES = {
    "severity": "a pain score of {} out of 10",
    "age": "an age of {}",
    "duration_days": "pain for {} days",
}


def test_what_you_told_us_gives_the_persons_own_numbers_for_every_rule():
    """Fresh tester: "Severe pain. What you told us: Pain of 7 or more out of 10" when 9 was
    entered. For every rule and every number it reads, at each value the checker's own split
    tries (thresholds and either side) and every value from the threshold up for the pain
    score: the told phrase names the value given, and none other."""
    # Each answer set tried, with its copies at the number's other values: the same for every
    # rule, so made once (through `replace`, validating each) rather than once per rule.
    tried = []
    for base in NUMBER_BASES:
        for name, phrase in NUMBER_PHRASES.items():
            values = set(rules._NUMBER_CASES[name]) | {getattr(base, name)}
            for value in sorted(values):
                given = replace(base, **{name: value})
                copies = [
                    replace(given, **{name: other}) for other in (None, *rules._NUMBER_CASES[name])
                ]
                tried.append((name, phrase, value, given, copies))
    decided = set()
    for rule in rules.RULES:
        for name, phrase, value, given, copies in tried:
            if not rule.condition(given):
                continue
            told = rules.told_numbers(rule, given)
            reads = any(rule.condition(copy) != rule.condition(given) for copy in copies)
            if not reads:
                continue
            decided.add((rule.slug, name))
            own = phrase.format(value) if value != 1 else phrase.format(value)[:-1]
            assert own in told, (rule.slug, name, value, told)
            others = {phrase.format(n) for n in rules._NUMBER_CASES[name] if n != value}
            assert not any(other in told for other in others), (rule.slug, told)
            if rule.told:
                assert own in rules.told_about((rule,), given)
    # Not vacuous: the rules the tester's class names are among those checked.
    for slug, name in (
        ("severe-pain", "severity"),
        ("worst-imaginable-pain", "severity"),
        ("child-hip-thigh-or-knee-pain", "age"),
        ("not-improving-after-two-weeks", "duration_days"),
    ):
        assert (slug, name) in decided, (slug, name)


def _copies_by_replace(given: Answers) -> dict[str, list[Answers]]:
    """For each number given, a copy of `given` through `replace` (validating every copy) with
    that number set to each other value told_numbers tries (no answer, then each case). The
    copies are the same whatever the rule, so a test makes them once per answer set."""
    return {
        name: [replace(given, **{name: other}) for other in (None, *rules._NUMBER_CASES[name])]
        for name in rules._NUMBER_TOLD
        if getattr(given, name) is not None
    }


def _told_numbers_by_replace(rule, given: Answers, copies: dict[str, list[Answers]]) -> str:
    """told_numbers as first written: each other value through `replace` (`copies`, from
    _copies_by_replace(given)). The quicker version must say the same for every answer."""
    reading = rule.condition(given)
    phrases = []
    for name, phrase in rules._NUMBER_TOLD.items():
        value = getattr(given, name)
        if value is None:
            continue
        if any(rule.condition(copy) != reading for copy in copies[name]):
            phrases.append(phrase(value))
    return rules._and(phrases)


def test_told_numbers_says_what_trying_each_value_through_replace_says():
    """The triage answer's speed-up (one copy per number, its value set in turn) changes no
    phrase: every rule over 60 answer sets drawn from every question's possible answers
    (seeded), plus the calm, not-improving and every-sign bases; and the answers given are
    left as they were."""
    import random

    draw = random.Random(14)
    names = [f for f in rules._ANSWER_FIELDS]
    sets = list(NUMBER_BASES)
    for _ in range(60):
        sets.append(Answers(**{name: draw.choice(rules.possible_answers(name)) for name in names}))
    said = 0
    for given in sets:
        before = replace(given)
        copies = _copies_by_replace(given)
        for rule in rules.RULES:
            expected = _told_numbers_by_replace(rule, given, copies)
            assert rules.told_numbers(rule, given) == expected, (rule.slug, given)
            said += bool(expected)
        assert given == before
    # Not vacuous: many of these answers have a number that decides a rule.
    assert said > 30, said


@pytest.mark.parametrize("location", ["front_groin", "deep_inside", "diffuse"])
def test_two_stress_fracture_rules_list_the_fracture_once(location):
    """More running with an earlier stress fracture decides both stress-fracture rules: the
    answer listed two stress fractures, each with its own "Once a doctor has ruled that out"
    (fresh tester). Now the fuller words once, and that line once, last."""
    given = answers(
        location=location,
        mileage_increase=Sign.YES,
        previous_stress_fracture=Sign.YES,
        improving="no",
    )
    assessment = assess(given)
    deciding = {rule.slug for rule in assessment.main_reasons}
    assert {"suspected-stress-fracture", "stress-fracture-risks-together"} <= deciding
    shown = rules.causes_shown(assessment, given.location, given)
    assert sum("stress fracture" in cause.lower() for cause in shown) == 1, shown
    assert "sacrum" in shown[0]
    ruled_out = [cause for cause in shown if cause.startswith("Once a doctor has ruled")]
    assert len(ruled_out) == 1 and shown[-1] == ruled_out[0], shown


def test_the_ruled_out_line_comes_after_every_cause_it_follows():
    """A stress fracture and a replaced hip decide together: the physio's line (once the
    doctor has ruled those out) comes last, not between the two."""
    given = answers(
        location="front_groin",
        mileage_increase=Sign.YES,
        improving="no",
        hip_replacement=Sign.YES,
        weight_bearing="painful",
    )
    shown = rules.causes_shown(assess(given), given.location, given)
    assert any("replaced joint" in cause for cause in shown), shown
    assert shown[-1].startswith("Once a doctor has ruled that out"), shown
    assert sum(cause.startswith("Once a doctor") for cause in shown) == 1
