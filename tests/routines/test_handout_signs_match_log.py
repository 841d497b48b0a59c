"""The printed handout and the runner's log agree on what a warning sign calls for (fresh
tester: the handout listed "fever" under "Call 999 (UK) or your local emergency number", but a
runner who logged a temperature with pain 0 was told only to stop and check their symptoms:
the checker makes a temperature a hip red flag only with hip pain).

Every sign the handout lists under the number to call, read back from its own words (with the
condition they state, "with a painful hip"), and every sign the log offers, is logged alone at
each pain score 0-10: the log's advice is an emergency exactly where the handout says to call,
and otherwise "stop" (the box's "Stop, answer the symptom checker ... if: you tick a warning
sign on the log"), never an emergency the handout did not list."""

import re
from datetime import date
from html import unescape
from html.parser import HTMLParser

import pytest

from routines import monitoring, services
from routines.templatetags.routine_sheet import SIGN_WORDS
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine
from triage.rules import Tier

pytestmark = pytest.mark.django_db

PAINS = range(monitoring.PAIN_MIN, monitoring.PAIN_MAX + 1)
KEY_OF_WORDS = {words: key for key, words in SIGN_WORDS.items()}
#: A sign's words on the handout, then the condition they may state.
LISTED = re.compile(
    r"^(?P<words>.+?)(?: with (?:(?P<hip>a painful hip)|pain of (?P<n>\d+) or more))?$"
)


class _Help(HTMLParser):
    """(lead, [item, ...]) for each group of the sheet's help list (div#sheet-help)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.reading, self.text, self.groups = 0, None, "", []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") == "sheet-help":
            self.depth = 1
        elif self.depth:
            self.depth += tag == "div"
            if tag == "li" or "sheet-rule-lead" in (attrs.get("class") or ""):
                self.reading, self.text = tag, ""

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == self.reading:
            text = " ".join(self.text.split())
            if tag == "li":
                self.groups[-1][1].append(text)
            else:
                self.groups.append((text.rstrip(":"), []))
            self.reading = None
        if tag == "div":
            self.depth -= 1

    def handle_data(self, data):
        if self.reading:
            self.text += data


def help_groups(html: str) -> list[tuple[str, list[str]]]:
    parser = _Help()
    parser.feed(unescape(html))
    return parser.groups


def emergency_from(item: str) -> tuple[str, int]:
    """The sign a handout line names and the lowest pain its words say it needs."""
    found = LISTED.match(item)
    assert found, item
    key = KEY_OF_WORDS.get(found["words"])
    assert key is not None, f"{item!r} names no sign the log offers"
    if found["hip"]:
        return key, 1
    return key, int(found["n"] or 0)


def single_items(html: str) -> list[str]:
    """Each line under the number to call that stands for one sign (its data-signs' first
    entry names one sign), up to the end of its words and the condition they state: what
    follows (", a limp, ..." with a temperature) and the lines of two signs together are
    test_handout_emergency_pairs'."""
    items = []
    for line in html.split('id="sheet-help"')[1].split('data-signs="')[1:]:
        signs, text = line.split('">', 1)
        first = signs.split()[0]
        if "+" in first:
            continue
        text = " ".join(unescape(text.split("</li>")[0]).split())
        words = SIGN_WORDS[first.split("@")[0]]
        condition = r"(?: with (?:a painful hip|pain of \d+ or more))?"
        found = re.match(re.escape(words) + condition, text)
        assert found, text
        items.append(found.group(0))
    return items


def logged(key: str, pain: int) -> monitoring.Advice:
    """The log's advice after one entry with the sign `key` ticked alone at `pain`."""
    return monitoring.advise(
        [monitoring.Entry(date(2026, 11, 30), pain, warning_signs=frozenset({key}))]
    )


@pytest.fixture
def routine(coach):
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    services.routine_share(routine=routine)
    return routine


@pytest.mark.parametrize("pdf", [False, True], ids=["print", "pdf"])
def test_each_sign_the_handout_says_to_call_for_is_an_emergency_on_the_log(
    client, coach, routine, pdf
):
    client.force_login(coach)
    if pdf:
        from django.template.loader import render_to_string
        from django.test import RequestFactory

        from routines.views import _sheet_context

        request = RequestFactory().get(f"/routines/{routine.pk}/pdf/")
        request.user = coach
        html = render_to_string(
            "routines/print.html", {**_sheet_context(request, routine), "pdf": True}, request
        )
    else:
        html = client.get(f"/routines/{routine.pk}/print/").content.decode()
    groups = help_groups(html)
    assert [lead for lead, _items in groups] == ["Call 999 (UK) or your local emergency number"]
    listed = dict(emergency_from(item) for item in single_items(html))
    assert "fever" in listed  # a temperature, with its condition
    mismatches = []
    for sign in monitoring.OFFERED_SIGNS:
        for pain in PAINS:
            advice = logged(sign.key, pain)
            call = sign.key in listed and pain >= listed[sign.key]
            if (advice.care is Tier.EMERGENCY) != call:
                mismatches.append((sign.key, pain, advice.label, "listed" if call else "not"))
            # Not listed, or its condition not met: the box's own rule says stop.
            assert advice.level is monitoring.Level.STOP, (sign.key, pain)
    assert mismatches == []


def test_a_temperature_is_listed_with_the_hip_pain_it_needs(client, coach, routine):
    """The tester's case: at pain 0 the log says stop and answer the checker, at pain 1 it
    says emergency, so the handout's line says "with a painful hip"."""
    assert logged("fever", 0).care is None
    assert logged("fever", 0).level is monitoring.Level.STOP
    assert logged("fever", 1).care is Tier.EMERGENCY
    client.force_login(coach)
    html = client.get(f"/routines/{routine.pk}/print/").content.decode()
    (group,) = help_groups(html)
    assert "a temperature with a painful hip" in single_items(html)
    assert "fever" not in group[1]


def test_the_condition_is_read_from_the_checker_rules():
    """WarningSign.emergency_from is the log's own reading, sign by sign, at every pain."""
    for sign in monitoring.OFFERED_SIGNS:
        tiers = [monitoring.assess_signs({sign.key}, pain=pain).tier for pain in PAINS]
        start = sign.emergency_from
        if start is None:
            assert tiers[-1] is not Tier.EMERGENCY, sign.key
        else:
            assert all(tier is Tier.EMERGENCY for tier in tiers[start:]), sign.key
            assert start == 0 or tiers[start - 1] is not Tier.EMERGENCY, sign.key
    assert {s.key: s.emergency_from for s in monitoring.OFFERED_SIGNS}["fever"] == 1
