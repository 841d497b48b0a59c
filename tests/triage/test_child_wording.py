"""A young child's answer is read by a parent or carer: every text it shows speaks of "your
child", never of "you" as the person with the pain (QA: the swollen-leg answer for a child said
"call 999 if you get breathless or have chest pain").

How the app words a parent's answer (triage/rules.py: the child's tier actions, the list of
when to get help, the ectopic watch): under :data:`rules.YOUNG_PERSON_FROM` the reader is a
parent or carer, so "you" is only ever the reader doing what a reader does (telling us,
being unsure, having a thermometer, calling 999), and the person with the pain is "your
child" ("they", "them"). From 12 to 15 the page says each "you" means the young person, so
their answers keep "you" (not tested here).

Wording that only makes sense for the runner themselves is then, precisely:
- a second-person word (you, your, yours, yourself, you're, ...) other than in "your child"
  or in one of the reader's own acts (:data:`READER_ACTS`);
- an instruction about the reader's own body: "stop running", "rest the hip", "keep weight
  off", "drive yourself".
"""

import re
from dataclasses import fields

import pytest

from tests.triage.test_rules import SINGLE_RULE_CASES, answers
from triage import rules
from triage.rules import RULES, Pregnancy, Sign, Tier, Wording, assess

CHILD_AGES = range(rules.AGE_MIN, rules.YOUNG_PERSON_FROM)

#: What the reader does, in the answer's own words: "you" here is the parent or carer.
READER_ACTS = (
    "you told us",
    "you weren't sure",
    "your answers",
    "if you become sure",
    "if you have a thermometer",
    "use one if you have it",
    "you don't need a thermometer",
    "you are sure",
    "you are worried",
)
_SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself|yourselves)\b", re.I)
_OWN_BODY = re.compile(r"stop running|rest the hip|keep weight off|drive yourself", re.I)
_CHILD = re.compile(r"\byour child(?:'s|’s)?\b", re.I)


def runner_only_wording(text: str) -> list[str]:
    """The words in ``text`` that make sense only for the runner reading about themselves."""
    left = _CHILD.sub("", text.replace("’", "'"))
    for act in READER_ACTS:
        left = re.sub(re.escape(act), "", left, flags=re.I)
    return _SECOND_PERSON.findall(left) + _OWN_BODY.findall(left)


#: A rule's texts a child's answer shows (the page, its summary, the headline): its own
#: headline and action never (a child's headline is the tier's words for a parent:
#: rules.names_own_contact is false for a child), so not those.
CHILD_SHOWN = ("title", "reason", "trigger", "warning", "told", "check_again_when")


def _shown(rule: rules.Rule) -> dict[str, str]:
    return {name: getattr(rule, name) for name in CHILD_SHOWN if getattr(rule, name)}


def test_the_definition_catches_the_qa_line_and_keeps_a_parents_words():
    assert runner_only_wording("call 999 if you get breathless or have chest pain") == ["you"]
    assert runner_only_wording("Stop running until the hip has been examined.") == ["Stop running"]
    assert not runner_only_wording(
        "Your child's leg: call 999 if your child gets breathless. You told us about a fall."
    )
    # The child's tier actions, which a child can be given, are the model.
    for tier in (Tier.EMERGENCY, Tier.URGENT, Tier.SEE_PROFESSIONAL):
        assert not runner_only_wording(rules.action_for(tier, answers(age=5)))


def _every_wording(rule: rules.Rule):
    """(layer name, answers, unsure) reaching each of the rule's wordings for a child."""
    yield "own", {}, False
    if rule.no_pain is not None:
        yield "no pain", {"severity": 0}, False
    if rule.unsure_words is not None:
        yield "not sure", {}, True
    if rule.might_be_pregnant is not None:
        yield "might be pregnant", {"pregnancy": Pregnancy.POSSIBLY_PREGNANT}, False
    if rule.might_be_pregnant_no_pain is not None:
        yield (
            "might be pregnant, no pain",
            {"pregnancy": Pregnancy.POSSIBLY_PREGNANT, "severity": 0},
            False,
        )


def _child_ages_it_fires_at(slug: str, changes: dict) -> list[int]:
    fired = []
    for age in CHILD_AGES:
        result = assess(answers(**{**changes, "age": age}))
        if any(rule.slug == slug for rule in result.fired):
            fired.append(age)
    return fired


#: Each rule's own case, with a child's answers where its own case is an adult's: weak or
#: thin bones stand for the age of 65 (a child can have them).
CASES = {
    **dict(SINGLE_RULE_CASES),
    "fall-with-weak-bone-risk": {"injury": True, "weak_bones": True},
    "sudden-pain-with-fragile-bones": {
        "weak_bones": True,
        "onset": "sudden",
        "weight_bearing": "painful",
    },
}


@pytest.mark.parametrize("rule", RULES, ids=[rule.slug for rule in RULES])
def test_every_rule_that_can_fire_for_a_child_shows_the_parent_no_runners_words(rule):
    ages = _child_ages_it_fires_at(rule.slug, CASES[rule.slug])
    assert ages, f"{rule.slug}: no child's case (every rule can fire for a child today)"
    for age in (ages[0], ages[-1]):
        for layer, extra, unsure in _every_wording(rule):
            given = answers(**{**CASES[rule.slug], "age": age, **extra})
            worded = rules.worded_for(rule, given, unsure=unsure)
            for name, text in _shown(worded).items():
                assert not runner_only_wording(text), (rule.slug, layer, name, text)


@pytest.mark.parametrize(("slug", "changes"), list(CASES.items()), ids=list(CASES))
@pytest.mark.parametrize("age", [0, 8, rules.YOUNG_PERSON_FROM - 1])
def test_every_string_a_childs_answer_shows_is_for_the_parent(slug, changes, age):
    """The whole answer as the page builds it: the headline (with each reason's 999 line),
    each reason's title, reason and what set it off, and the list of when to get help."""
    given = answers(**{**changes, "age": age})
    result = assess(given)
    label, action = rules.headline(result, given)
    shown = {
        "headline": label,
        "action": action,
        "heading": rules.come_back_heading(result.tier, given),
    }
    for rule in result.fired:
        shown |= {f"{rule.slug}.{name}": text for name, text in _shown(rule).items()}
    for n, item in enumerate(
        rules.come_back_if(
            given, result.tier, rest_first=result.rest_first, counted=result.counted_unsure
        )
    ):
        shown[f"come back {n}"] = item
    for unsure_sign in rules.SIGN_FIELDS:
        if changes.get(unsure_sign) is True:
            # The same sign answered "not sure": the rule's words for that.
            unsure = answers(**{**changes, "age": age, unsure_sign: Sign.UNSURE})
            for rule in assess(unsure).fired:
                shown |= {f"{rule.slug}.unsure.{name}": t for name, t in _shown(rule).items()}
    for where, text in shown.items():
        assert not runner_only_wording(text), (where, text)


def test_the_swollen_leg_999_line_speaks_of_the_child():
    """The QA case: a parent reads the headline's 999 line about their child."""
    given = answers(age=5, leg_swollen=True)
    result = assess(given)
    _label, action = rules.headline(result, given)
    assert "Call 999 at once if your child gets breathless" in action
    assert "if you get breathless" not in action
    assert any(
        item.startswith("Your child gets sudden breathlessness")
        for item in rules.come_back_if(given, result.tier)
    )


@pytest.mark.parametrize("age", [rules.YOUNG_PERSON_FROM, 15, 16, 40])
def test_a_young_person_or_an_adult_keeps_the_rules_own_words(age):
    """From 12 the page says each "you" means the young person: the words stay "you"."""
    rule = rules.rule_by_slug("swollen-leg")
    assert rules.worded_for(rule, answers(age=age, leg_swollen=True)) is rule
    assert "you get breathless" in rule.warning


def test_every_wording_field_is_one_the_parents_words_cover():
    """A new wording field (a Wording's part) is reworded for a parent too."""
    assert {f.name for f in fields(Wording)} <= set(rules._RULE_TEXTS)
    assert set(CHILD_SHOWN) <= set(rules._RULE_TEXTS)
