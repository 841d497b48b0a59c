"""Warning signs that are an emergency only together (a swollen hip that is also red or warm; a
limp after a fall) used to be listed sign by sign first ("The symptom checker says to see a
doctor today", "Signs like this need the symptom checker"), each reading as the whole answer,
with "Read together ... an emergency" last. The entry now leads with what they mean together
("Together these mean: get emergency care now."), and each sign's own reading is said as
only part of it. A single sign keeps its one line."""

import re
from datetime import date, datetime
from html import unescape

import pytest

from routines import monitoring
from routines.monitoring import Entry, Level
from tests.routines.conftest import history_url, uk_day
from tests.routines.test_log_safety import HTMX, care_box, post_log
from triage import rules as checker

DAY = date(2026, 11, 29)
LEAD = "Together these mean: get emergency care now."
ALL_TOGETHER = "All the signs ticked together: get emergency care now."
#: What one sign on its own says where it is the whole answer.
LESSER_ALONE = (
    "The symptom checker says to see a doctor today.",
    "Signs like this need the symptom checker, not more exercise.",
)
#: Pairs the checker reads as an emergency only together.
TOGETHER = [{"swollen", "red_or_warm"}, {"limp", "fall_or_blow"}]


def sign_lines(reasons) -> list[str]:
    return [r.text for r in reasons if r.code in ("warning_sign", "warning_sign_earlier")]


def assert_leads_with_the_emergency(advice) -> None:
    assert advice.care is checker.Tier.EMERGENCY
    first = advice.reasons[0]
    assert first.code == "warning_signs_together"
    assert first.text.startswith(LEAD) and first.coach_text.startswith(LEAD)
    lines = sign_lines(advice.reasons)
    assert lines
    for text in lines:
        # Every sign's line says the combined answer too, and none says a lesser one as if
        # it were all there is.
        assert text.count("You ticked a warning sign") == text.count(ALL_TOGETHER)
        assert not any(words in text for words in LESSER_ALONE), text
    for reason in advice.reasons:
        assert "your symptoms" not in reason.coach_text, reason.coach_text


@pytest.mark.parametrize("signs", TOGETHER, ids=lambda s: "+".join(sorted(s)))
def test_an_entry_whose_signs_are_an_emergency_together_leads_with_that(signs):
    advice = monitoring.advise([Entry(DAY, 3, warning_signs=frozenset(signs))])
    assert_leads_with_the_emergency(advice)
    # Its "because" names the combination only, not "the warning sign ticked".
    assert monitoring.because(advice) == (
        "because of the warning signs ticked, which together mean more than each alone"
    )


def test_each_sign_keeps_its_own_reading_as_only_part_of_the_answer():
    advice = monitoring.advise([Entry(DAY, 3, warning_signs=frozenset(TOGETHER[0]))])
    (text,) = sign_lines(advice.reasons)
    assert (
        "(the skin over the hip is red or warm to the touch). On its own: see a doctor today. "
        + ALL_TOGETHER
    ) in text
    assert "(the hip is swollen). On its own: stop and check your symptoms. " + ALL_TOGETHER in text


def test_signs_of_two_entries_on_one_day_lead_with_the_day_s_emergency():
    log = [
        Entry(DAY, 3, warning_signs=frozenset({"swollen"}), logged=datetime(2026, 11, 29, 9)),
        Entry(DAY, 3, warning_signs=frozenset({"red_or_warm"}), logged=datetime(2026, 11, 29, 18)),
    ]
    day = monitoring.advise_now(log)
    assert_leads_with_the_emergency(day)
    assert [r.code for r in day.reasons][:3] == [
        "warning_signs_together",
        "warning_sign",
        "warning_sign_earlier",
    ]


def test_an_entry_that_was_not_saved_leads_with_the_combination_too():
    advice = monitoring.advise_signs(TOGETHER[1], pain=3)
    assert_leads_with_the_emergency(advice)


@pytest.mark.parametrize(
    ("sign", "says"),
    [
        ("red_or_warm", "The symptom checker says to see a doctor today."),
        ("no_weight", "The symptom checker treats this as an emergency."),
        ("limp", "Signs like this need the symptom checker, not more exercise."),
    ],
)
def test_a_single_sign_keeps_its_one_line(sign, says):
    advice = monitoring.advise([Entry(DAY, 3, warning_signs=frozenset({sign}))])
    assert [r.code for r in advice.reasons] == ["warning_sign"]
    assert advice.reasons[0].text.endswith(says)
    assert "together" not in advice.reasons[0].text.lower()
    assert "on its own" not in advice.reasons[0].text.lower()
    assert monitoring.because(advice) == "because of the warning sign ticked"


def test_signs_each_an_emergency_alone_need_no_combined_line():
    advice = monitoring.advise([Entry(DAY, 3, warning_signs=frozenset({"no_weight", "fever"}))])
    assert advice.care is checker.Tier.EMERGENCY and advice.level is Level.STOP
    assert [r.code for r in advice.reasons] == ["warning_sign"]


# On the pages: the runner's log and the coach's card.


def _before(page: str, first: str, second: str) -> bool:
    return first in page and second in page and page.index(first) < page.index(second)


@pytest.mark.django_db
def test_the_runner_s_log_and_the_coach_s_card_lead_with_the_combined_emergency(
    client, shared_week_ago, coach
):
    uk_day(client)
    response = post_log(
        client, shared_week_ago, {"warning": ["swollen", "red_or_warm"], "pain": "3"}, **HTMX
    )
    box = unescape(care_box(response.content.decode()))
    assert "Get emergency care now" in box
    page = unescape(client.get(shared_week_ago.get_share_url()).content.decode())
    # The advice's words: the combination before any sign's own reading.
    assert _before(page, LEAD, "You ticked a warning sign")
    assert not any(words in page for words in LESSER_ALONE)
    history = unescape(client.get(history_url(shared_week_ago)).content.decode())
    entry = re.search(r"This entry: [^<]*", history).group(0)
    assert "get emergency care now" in entry
    assert "which together mean more than each alone" in entry
    assert "of the warning sign ticked" not in entry
    client.force_login(coach)
    panel = unescape(client.get(shared_week_ago.get_absolute_url()).content.decode())
    assert "Told to get emergency care" in panel
    card = panel[panel.index('class="alert alert-danger stop-alert"') :]
    card = card[: card.index("Mark as seen")]
    assert _before(card, LEAD, "The runner ticked a warning sign")
    assert ALL_TOGETHER in card
    assert not any(words in card for words in LESSER_ALONE)


@pytest.mark.django_db
def test_a_single_urgent_sign_reads_as_before_on_both_pages(client, shared_week_ago, coach):
    uk_day(client)
    post_log(client, shared_week_ago, {"warning": ["red_or_warm"]})
    page = unescape(client.get(shared_week_ago.get_share_url()).content.decode())
    assert "The symptom checker says to see a doctor today." in page
    assert "Together these mean" not in page and "On its own" not in page
    client.force_login(coach)
    panel = unescape(client.get(shared_week_ago.get_absolute_url()).content.decode())
    assert "Told to see a doctor today" in panel
    assert "Together these mean" not in panel
