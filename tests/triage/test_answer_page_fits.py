"""The fresh tester's answer pages and steps, as a runner sees them: no routine after a fall
or with severe pain, "check again" worded for the tier and the reader, "You told us about" a
sentence, the causes the deciding rule's, and a step sent back whole after an error."""

import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.triage import test_views
from tests.triage.test_views import (
    NO_ON_STEP,
    URL,
    answers,
    asked_questions,
    html,
    starter_names,
    tier_of,
)
from triage import rules

pytestmark = pytest.mark.django_db
# The answer page's fixtures: every rule's sources, and a small catalogue for the routine.
sources = test_views.sources
catalogue = test_views.catalogue


def page_of(response) -> str:
    return unescape(html(response))


def test_a_fall_while_still_walking_gets_no_routine_until_examined(client, sources, catalogue):
    """adult_fall_walks: 34, a fall, walks normally, outer hip, 1 day, getting better."""
    data = answers(injury=True, duration_days="1", improving="yes", pregnancy="no")
    response = client.post(URL, data)
    page = page_of(response)
    assert tier_of(response) == "see_professional"
    assert "Have the hip examined" in page
    assert not starter_names(response)
    assert "to do while you wait to be seen" not in page
    assert "You told us about a fall or a blow to the hip." in page
    assert "How to get back to running" not in page


def test_the_worst_imaginable_pain_is_seen_by_a_doctor_today(client, sources, catalogue):
    """QA round 4: pain 10/10 and nothing else got "within a few days", the same as a 7, in an
    answer that says to get help today once the pain stops everyday things."""
    response = client.post(URL, answers(severity="10", pregnancy="no"))
    page = page_of(response)
    assert tier_of(response) == "urgent"
    assert "See a doctor today" in page and "within a few days" not in page
    assert not starter_names(response)
    assert 'data-rule="worst-imaginable-pain"' in page


@pytest.mark.parametrize(("severity", "severe"), [("6", False), ("7", True), ("9", True)])
def test_severe_pain_is_seen_sooner_and_gets_no_routine(
    client, sources, catalogue, severity, severe
):
    """sev10: pain 10/10 and nothing else got 'within the next week or two' and a routine."""
    response = client.post(URL, answers(severity=severity, pregnancy="no"))
    page = page_of(response)
    if severe:
        assert tier_of(response) == "see_professional"
        assert "See a GP or physio within a few days" in page
        assert "within the next week or two" not in page
        assert not starter_names(response)
        # Their own score, never the rule's threshold (fresh tester: 9 entered, "7 or more").
        assert f"You told us about severe pain (a pain score of {severity} out of 10)." in page
        assert "7 or more out of 10)." not in page
    else:
        assert tier_of(response) == "self_care"
        assert starter_names(response)


def test_you_told_us_about_reads_as_a_sentence(client, sources, catalogue):
    """benign_outer: walking hurts, 20 days, not tried easing off."""
    data = answers(weight_bearing="painful", duration_days="20", pregnancy="no")
    page = page_of(client.post(URL, data))
    assert "You told us about pain when you stand or walk on the leg." in page
    assert "You told us about it hurts" not in page


def test_the_pregnancy_answer_lists_the_causes_its_reason_gives(client, sources, catalogue):
    page = page_of(client.post(URL, answers(pregnancy="pregnant")))
    assert "What often causes pain there" in page
    assert "Pelvic girdle pain" in page
    assert "gluteal tendinopathy" not in page and "bursitis" not in page


@pytest.mark.parametrize(
    ("changes", "tier", "heading"),
    [
        # Each sign under what it alone gives: not better after two weeks is "book".
        ({}, "self_care", "Book a physio or doctor if"),
        (
            {"duration_days": "20", "improving": "no"},
            "see_professional",
            "See a doctor today, or call NHS 111, if",
        ),
        ({"swelling": True}, "see_professional", "See a doctor today"),
        ({"cancer_history": True}, "urgent", "Tell whoever sees you today if"),
        ({"age": "5"}, "urgent", "Tell whoever sees your child today if"),
        ({"age": "13"}, "urgent", "Tell whoever sees you today if"),
    ],
)
def test_the_check_again_list_fits_the_answer(client, sources, catalogue, changes, tier, heading):
    """child_limp: 'after two weeks of easing off and doing the exercises' on answers with
    no exercises, and 'read "you" as "your child"'."""
    data = answers(**{"pregnancy": "no", **changes})
    for extra in ({}, {"print": "1"}):
        response = client.post(URL, {**data, **extra})
        page = page_of(response)
        assert heading in page
        assert ("doing the exercises" in page) is (tier == "self_care")
        assert "read “you” as “your child”" not in page
    if changes.get("age") == "5":
        assert "Your child can't put weight on the leg" in page


def _step_posted_blank(step: rules.Step, **on_step) -> list[tuple[str, str]]:
    """The earlier steps answered (as their hidden fields carry them), this step's questions
    asked and left blank except ``on_step``."""
    data = [("age", "34"), ("weight_bearing", "full"), ("severity", "3"), ("pregnancy", "no")]
    data += [("location", "outer_side"), ("onset", "gradual"), ("duration_days", "5")]
    data += [("improving", "yes")]
    data = [(name, value) for name, value in data if name not in step.questions]
    for done in rules.STEPS[: rules.STEPS.index(step)]:
        data += list(NO_ON_STEP[done.slug].items())
    data += list(on_step.items())
    data += [
        ("asked", name) for s in rules.STEPS[: rules.STEPS.index(step) + 1] for name in s.questions
    ]
    return data


@pytest.mark.parametrize("step", rules.STEPS, ids=lambda step: step.slug)
def test_after_an_error_the_whole_step_comes_back_with_what_was_entered(client, step):
    """step3_err2: Next with nothing answered brought step 3 back without the optional
    "Does the pain spread anywhere else?", which then counted as "none"."""
    response = client.post(
        URL, urlencode(_step_posted_blank(step)), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 422
    shown = asked_questions(response)
    expected = {name for name in step.questions if rules.applies(name, 34)}
    assert expected <= shown, expected - shown


def test_the_spread_question_keeps_its_ticks_after_an_error(client):
    step = rules.STEPS[2]
    data = _step_posted_blank(step, radiates_to="knee")
    response = client.post(URL, urlencode(data), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 422
    page = html(response)
    assert re.search(r'name="radiates_to"[^>]*value="knee"[^>]*checked', page)
    assert re.search(r'name="radiates_to"[^>]*value="back"', page)
    assert ("radiates_to", "knee") not in re.findall(
        r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', page
    )


def test_the_rules_page_gives_each_rule_the_answer_it_gives(client, sources):
    """The severe-pain rule's answer is 'within a few days', not the tier's 'week or two'."""
    page = page_of(client.get(reverse("triage:rules")))
    for rule in rules.RULES:
        article = re.search(rf'<article[^>]*id="{rule.slug}".*?</article>', page, re.S).group(0)
        assert f"<dt>Answer</dt><dd>{rule.label or rule.tier.label}</dd>" in article, rule.slug
        assert ("None offered" in article) is rule.no_exercises, rule.slug


@pytest.mark.parametrize("severity", ["7", "9"])
def test_what_you_told_us_is_the_score_given_not_the_threshold(
    client, sources, catalogue, severity
):
    """Fresh tester: "Severe pain. What you told us: Pain of 7 or more out of 10" when 9 was
    entered (the severe-pain rule among the reasons an emergency covers)."""
    data = answers(weight_bearing="unable", severity=severity, pregnancy="no")
    page = re.sub(r"<[^>]+>", "", page_of(client.post(URL, data)))
    assert f"What you told us: a pain score of {severity} out of 10. What it looks for: " in page
    assert "What you told us: Pain of 7 or more" not in page
    # The printable summary says the same.
    summary = re.sub(r"<[^>]+>", "", page_of(client.post(URL, {**data, "print": "1"})))
    assert f"What you told us: a pain score of {severity} out of 10. What it looks for: " in summary
    assert "What you told us: Pain of 7 or more" not in summary
