"""rules.told_numbers tries other values only of the numbers a rule's condition reads
(rules.rule_reads): a number it never reads can't change its reading, so "What you told us" and
"You told us about" say the same as when every number was tried for every rule.

The oracle is that old path, kept here: every number given, each case of it tried in turn. Over
thousands of seeded random answer sets (complete and not; a child, a young person, an adult;
pain 0 to 10, a "not sure" now and then: tests/triage/test_watch_lists_exact.random_answers),
every rule's phrase is the oracle's, and so is told_about's over the rules that apply."""

import random
from copy import copy

import pytest

from tests.triage.test_watch_lists_exact import random_answers
from triage import rules
from triage.rules import Answers, Rule, Tier


def told_numbers_trying_every_number(rule: Rule, answers: Answers) -> str:
    """The old path: each number given, every case of it (and no answer) tried in turn."""
    reading = rule.condition(answers)
    phrases = []
    for name, phrase in rules._NUMBER_TOLD.items():  # noqa: SLF001
        value = getattr(answers, name)
        if value is None:
            continue
        trial = copy(answers)
        for other in (None, *rules._NUMBER_CASES[name]):  # noqa: SLF001
            object.__setattr__(trial, name, other)
            if rule.condition(trial) != reading:
                phrases.append(phrase(value))
                break
    return rules._and(phrases)  # noqa: SLF001


def told_about_trying_every_number(fired: tuple[Rule, ...], answers: Answers) -> str:
    phrases = []
    for rule in fired:
        if not rule.told:
            continue
        numbers = told_numbers_trying_every_number(rule, answers)
        phrases.append(f"{rule.told} ({numbers})" if numbers else rule.told)
    return rules._and(list(dict.fromkeys(phrases)))  # noqa: SLF001


@pytest.mark.parametrize("seed", range(6))
def test_told_numbers_is_the_every_number_path_for_every_rule(seed):
    rng = random.Random(500 + seed)
    said = 0
    for case in range(250):
        answers = random_answers(rng, complete=case % 3 != 0)
        for rule in rules.RULES:
            expected = told_numbers_trying_every_number(rule, answers)
            assert rules.told_numbers(rule, answers) == expected, (rule.slug, answers)
            said += bool(expected)
    # The answers make numbers decide rules often enough for the comparison to mean something.
    assert said > 500


@pytest.mark.parametrize("seed", range(4))
def test_told_about_is_the_every_number_path(seed):
    rng = random.Random(900 + seed)
    for case in range(250):
        answers = random_answers(rng, complete=case % 3 != 0)
        fired = rules.assess(answers).fired
        assert rules.told_about(fired, answers) == told_about_trying_every_number(fired, answers)


def test_a_rule_not_of_the_rules_has_every_number_tried():
    """A condition that is not one of rules.RULES' (no rule_reads for it) is read with every
    number tried, even under the slug of one that is."""
    known = rules.rule_by_slug("pain-spreads")
    assert "age" not in rules.rule_reads()[known.slug]
    stand_in = Rule(
        slug=known.slug,
        tier=Tier.SEE_PROFESSIONAL,
        title="Older",
        trigger="An age of 60 or more.",
        reason="For the test.",
        sources=known.sources,
        condition=lambda a: rules._at_least(a.age, 60),  # noqa: SLF001
        told="an age to check",
    )
    answers = rules.benign_answers(70)
    assert rules.told_numbers(stand_in, answers) == "an age of 70"
