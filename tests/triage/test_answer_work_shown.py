"""The answer works out why there are no exercises (the rules that say to be examined first,
told in the runner's own numbers: rules.told_about) only for an answer that says it: a
professional's answer without exercises. Any other answer, an urgent one with such a rule
among its reasons included, shows none of it, so does none of its work."""

import pytest

from tests.triage.test_views import URL, answers, html, tier_of
from triage import rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def told_about_calls(monkeypatch):
    calls = []
    real = rules.told_about

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(rules, "told_about", spy)
    return calls


def test_an_urgent_answer_does_not_work_out_why_there_are_no_exercises(client, told_about_calls):
    response = client.post(URL, answers(cancer_history=True, clicking=True))
    assert tier_of(response) == "urgent"
    assert 'data-rule="clicking-or-snapping"' in html(response)
    assert "Why there are no exercises here" not in html(response)
    # Asked about no rule at all: nothing worked out (told_numbers tries no number).
    assert all(fired == () for fired, *_rest in told_about_calls)


def test_a_professionals_answer_without_exercises_says_why(client, told_about_calls):
    response = client.post(URL, answers(clicking=True))
    assert tier_of(response) == "see_professional"
    page = html(response)
    assert "Why there are no exercises here" in page and "You told us about " in page
    assert len(told_about_calls) == 1
    assert [rule.slug for rule in told_about_calls[0][0]] == ["clicking-or-snapping"]
