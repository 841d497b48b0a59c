"""Every log warning sign that the routine's sheet names (the runner's shared page, and the
printed sheet and its PDF) sits under what the symptom checker's own rules say to do when it
comes alone: the box's "Stop, answer the symptom checker and tell your coach if: you tick a
warning sign on the log, such as night pain or a temperature" named a temperature, which the
checker's rules make an emergency (call 999), as an example of "stop and answer the checker",
while the printed sheet's own list put it under "Call 999"."""

from html import unescape
from html.parser import HTMLParser

import pytest

from routines import monitoring, services
from routines.templatetags.routine_sheet import SIGN_WORDS
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine
from triage import rules
from triage.rules import Tier, assess

pytestmark = pytest.mark.django_db

#: The words that name each log sign on the sheet: the printed list's (SIGN_WORDS) and the
#: box's examples, as a reader would read them.
ALIASES = {
    **{words: key for key, words in SIGN_WORDS.items()},
    "night pain": "night_or_rest_pain",
    "temperature": "fever",
    "swollen hip": "swollen",
}
SIGNS = {sign.key: sign for sign in monitoring.WARNING_SIGNS}


def lead_tier(lead: str) -> Tier:
    """How urgent a lead's action is: call the emergency number; a doctor today; stop and
    answer the checker (at most a professional soon); else ease back."""
    words = lead.lower()
    if "emergency number" in words or "call 999" in words:
        return Tier.EMERGENCY
    if "today" in words:
        return Tier.URGENT
    if "stop" in words:
        return Tier.SEE_PROFESSIONAL
    return Tier.SELF_CARE


class _Box(HTMLParser):
    """(lead, line) for each line of the box (section#sheet-stop), under the last lead."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside, self.lead, self.reading, self.text, self.lines = False, "", None, "", []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("id") == "sheet-stop":
            self.inside = True
        elif self.inside and (tag == "li" or "sheet-rule-lead" in (attrs.get("class") or "")):
            self.reading, self.text = tag, ""

    def handle_endtag(self, tag):
        if tag == "section":
            self.inside = False
        if self.inside and tag == self.reading:
            text = " ".join(self.text.split())
            if tag == "li":
                self.lines.append((self.lead, text))
            else:
                self.lead = text
            self.reading = None

    def handle_data(self, data):
        if self.reading:
            self.text += data


def box_lines(html: str) -> list[tuple[str, str]]:
    parser = _Box()
    parser.feed(unescape(html))
    return parser.lines


def alone_tier(key: str) -> Tier:
    """The checker's tier for the log sign `key` as the only sign on an adult's otherwise
    benign answers."""
    return assess(rules.benign_answers(34).with_changes(**dict(SIGNS[key].answers))).tier


def check(lines) -> int:
    named = 0
    for lead, line in lines:
        for words, key in ALIASES.items():
            if words in line.lower():
                named += 1
                assert lead_tier(lead) >= alone_tier(key), (
                    f"{words!r} ({key}) is under {lead!r}, but alone it is {alone_tier(key)}"
                )
    return named


@pytest.fixture
def routine(coach):
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    services.routine_share(routine=routine)
    return routine


def test_the_shared_page_names_each_sign_under_its_action(client, routine):
    lines = box_lines(client.get(f"/r/{routine.share_token}/").content.decode())
    assert check(lines) >= 2  # the box's examples


def test_the_printed_sheet_names_each_sign_under_its_action(client, coach, routine):
    client.force_login(coach)
    lines = box_lines(client.get(f"/routines/{routine.pk}/print/").content.decode())
    emergency = [s for s in monitoring.OFFERED_SIGNS if s.tier is Tier.EMERGENCY]
    assert check(lines) >= 2 + len(emergency)
