"""Every printed "today" list says who to contact and how (testers: a self-care answer's printed
"See a doctor today if ..." named no one to call and no number; in New York it said only "See a
doctor today if"). After the watch lists, when one of them is a "today" list and the answer's
own box doesn't already say how (an answer below "see a doctor today"), the answer page draws
the urgent answer's own block of lines (settings' URGENT_CARE_TEXT and URGENT_CARE_NUMBER, or
the zone's words abroad; triage/_urgent_calls.html) and the printed summary the same in words
(triage/_urgent_care_words.html, as its headline says it): one source, no second copy."""

from html import unescape

import pytest
from django.test import override_settings

from hipcare.timezones import TIME_ZONE_COOKIE
from tests.triage.test_watch_lists_urgency import case_answers, form_data
from triage import emergency, rules
from triage.rules import Pregnancy, Sign, Tier

pytestmark = pytest.mark.django_db

#: (reader, changes) -> the answer's tier, with "today" lists among its watch lists.
CASES = {
    "self-care": ("adult", {}),
    "see a professional": ("adult", {"duration_days": 21}),
    "pregnant": ("adult", {"pregnancy": Pregnancy.PREGNANT}),
}
#: Answers whose own box says how to be seen today (or to call 999): no line after the lists.
SAME_DAY = {
    "a weak leg": ("adult", {"leg_weakness": Sign.YES}),
    "child": ("child", {}),
}


def _lists(reader, changes):
    answers = case_answers(reader, changes)
    assessment = rules.assess(answers)
    lists = rules.watch_lists(
        answers,
        assessment.tier,
        rest_first=assessment.rest_first,
        counted=assessment.counted_unsure,
        assessment=assessment,
    )
    return lists, assessment.tier


def how_after_lists(html: str) -> str:
    """The line after the lists of signs (to the next heading), or "" when there is none; it
    comes after the last list."""
    if "data-watch-how" not in html:
        return ""
    before, after = html.split("data-watch-how", 1)
    assert 'class="mb-1 watch-list"' in before or 'class="watch-list"' in before
    assert "watch-list" not in after.split("<h2")[0]
    return unescape(after.split("<h2")[0])


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_today_list_on_a_calmer_answer_is_followed_by_how(case):
    lists, tier = _lists(*CASES[case])
    assert tier < Tier.URGENT
    today = [n for n, watch in enumerate(lists) if watch.tier is Tier.URGENT]
    assert today, case
    how = rules.watch_how(lists, tier)
    assert how is not None and how.after == today[-1]
    assert how.lead.startswith("To see a doctor today")


def test_a_list_naming_the_midwife_says_what_to_do_if_she_cant_be_reached():
    lists, tier = _lists(*CASES["pregnant"])
    assert any("midwife" in watch.heading for watch in lists if watch.tier is Tier.URGENT)
    assert rules.watch_how(lists, tier).lead == (
        "To see a doctor today, or if you can't reach your midwife or maternity unit"
    )


@pytest.mark.parametrize("case", sorted(SAME_DAY))
def test_a_same_day_answer_says_how_in_its_own_box_only(case, client):
    lists, tier = _lists(*SAME_DAY[case])
    assert tier >= Tier.URGENT
    assert rules.watch_how(lists, tier) is None
    html = client.post("/triage/", form_data(case_answers(*SAME_DAY[case]))).content.decode()
    assert "data-watch-how" not in html
    # ...which says it, above the lists.
    assert 'class="urgent-calls"' in html


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_answer_and_its_summary_say_how_after_the_lists(case, client):
    data = form_data(case_answers(*CASES[case]))
    custom = {"URGENT_CARE_TEXT": "Ring the surgery before noon.", "URGENT_CARE_NUMBER": "116117"}
    with override_settings(**custom):
        page = client.post("/triage/", data).content.decode()
        summary = client.post("/triage/", {**data, "print": "1"}).content.decode()
    for html in (page, summary):
        after = how_after_lists(html)
        assert "To see a doctor today" in after, case
        assert "Ring the surgery before noon." in after, case
        assert "116117" in after, case
    # The answer page's line is the urgent answer's redrawable block (the zone's numbers).
    assert "data-watch-how" in page and 'href="tel:116117"' in page
    assert "Phone 116117" in unescape(summary)


def test_abroad_the_line_is_the_zones_own(client):
    client.cookies[TIME_ZONE_COOKIE] = "America/New_York"
    data = form_data(case_answers(*CASES["self-care"]))
    for printed in ({}, {"print": "1"}):
        html = unescape(client.post("/triage/", {**data, **printed}).content.decode())
        how = how_after_lists(html)
        assert emergency.URGENT_CARE_ELSEWHERE in how
        assert "NHS 111" not in how
