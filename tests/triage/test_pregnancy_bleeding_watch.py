"""The watch-for line on bleeding from the vagina, for someone pregnant or who gave birth in
the last six weeks. A fresh tester read "Contact your midwife or maternity unit now if ... you
bleed from the vagina outside a period" on a pregnancy's answer (screen and paper): there is no
period to tell it from then, and the maternity sources the rules cite ask about any bleeding.
Everyone else keeps the NHS's "outside a period" (between periods, after sex, after the
menopause)."""

import re
from html import unescape

import pytest

from tests.triage.test_views import URL, html
from tests.triage.test_watch_lists_urgency import case_answers, form_data
from triage import rules
from triage.rules import Pregnancy

pytestmark = pytest.mark.django_db

OUTSIDE = "outside a period"


def items(answers_: rules.Answers) -> list[tuple[str, str]]:
    assessment = rules.assess(answers_)
    tier = assessment.tier
    return [
        (watch.heading, item)
        for watch in rules.watch_lists(answers_, tier, assessment=assessment)
        for item in watch.items
    ]


def bleeding_items(answers_: rules.Answers) -> list[tuple[str, str]]:
    return [(heading, item) for heading, item in items(answers_) if "vagina" in item]


@pytest.mark.parametrize(
    ("pregnancy", "heading"),
    [
        (Pregnancy.PREGNANT, "Contact your midwife or maternity unit now"),
        (Pregnancy.RECENTLY_GAVE_BIRTH, "Check the bleeding with your midwife or maternity unit"),
    ],
)
def test_in_or_after_pregnancy_any_bleeding_is_the_sign(pregnancy, heading):
    found = bleeding_items(case_answers("adult", {"pregnancy": pregnancy}))
    assert found, "the sign must still be listed"
    assert all(OUTSIDE not in item for _heading, item in found), found
    said = [(h, item) for h, item in found if "any bleeding from the vagina" in item]
    assert said and all(h.startswith(heading) for h, _item in said), found


@pytest.mark.parametrize("pregnancy", [Pregnancy.PREGNANT, Pregnancy.RECENTLY_GAVE_BIRTH])
@pytest.mark.parametrize("reader", ["young person", "adult"])
@pytest.mark.parametrize("changes", [{}, {"severity": 0}, {"duration_days": 21}])
def test_no_list_says_outside_a_period_in_or_after_pregnancy(pregnancy, reader, changes):
    found = bleeding_items(case_answers(reader, {"pregnancy": pregnancy, **changes}))
    assert found and all(OUTSIDE not in item for _heading, item in found), found


def test_everyone_else_keeps_outside_a_period():
    found = bleeding_items(case_answers("adult", {"pregnancy": Pregnancy.NO}))
    assert any(OUTSIDE in item for _heading, item in found), found
    assert not any("any bleeding" in item for _heading, item in found), found


@pytest.mark.parametrize("printed", [False, True], ids=["screen", "paper"])
def test_the_pregnancy_answer_says_any_bleeding_on_screen_and_paper(client, printed):
    data = form_data(case_answers("adult", {"pregnancy": Pregnancy.PREGNANT}))
    page = unescape(html(client.post(URL, {**data, **({"print": "1"} if printed else {})})))
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "any bleeding from the vagina" in text.lower()
    assert OUTSIDE not in text
