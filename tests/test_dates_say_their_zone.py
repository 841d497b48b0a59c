"""A date of a moment (when a routine changed, when an answer was printed) drawn in UK time for
want of the browser's zone (no JavaScript, or a first visit) says "(UK time)" and carries the
moment for the script to write the browser's day: a tester in Auckland with JavaScript off
printed the checker's summary dated "30 November 2026" with nothing to say it was the UK's
day, where the runner's sheet said so. Every page drawing such a date is read here, without
the zone and with it (hipcare/zoned_dates.py)."""

import re
import zoneinfo
from html import unescape

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from routines import services
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine
from tests.triage.test_views import answers

pytestmark = pytest.mark.django_db

MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
)
#: A date with its year (the moments' dates; the runner's own days carry no year).
DATE = re.compile(rf"\b\d{{1,2}} {MONTH} \d{{4}}\b")
#: A date in UK time as zoned_date draws it: the moment for the script, then the note.
IN_UK_TIME = re.compile(
    r'<time datetime="[^"]+" data-local-date(="[a-z]+")?>[^<]+</time>'
    r"<span data-zone-note> \(UK time\)</span>"
)


def pages(client, coach) -> dict[str, str]:
    """Every page that shows the date of a moment, as HTML."""
    routine = make_routine(coach, title="Hips", exercises=[make_exercise("Clamshell")])
    services.routine_share(routine=routine)
    client.force_login(coach)
    triage = reverse("triage:form")
    responses = {
        "checker's answer": client.post(triage, answers()),
        "checker's printed summary": client.post(triage, {**answers(), "print": "1"}),
        "coach's routines": client.get(reverse("routines:list")),
        "print view": client.get(reverse("routines:print", args=[routine.pk])),
        "runner's page": client.get(routine.get_share_url()),
    }
    return {name: response.content.decode() for name, response in responses.items()}


def test_a_date_drawn_without_the_browsers_zone_says_uk_time(client, coach):
    for name, html in pages(client, coach).items():
        stamps = IN_UK_TIME.findall(html)
        assert stamps, name
        rest = IN_UK_TIME.sub("", html)
        assert not DATE.search(unescape(rest)), (name, DATE.search(unescape(rest)))


def test_in_the_browsers_zone_the_date_is_its_own_and_says_nothing_more(client, coach):
    client.cookies["hipcare_tz"] = "Pacific/Auckland"
    today = dateformat.format(
        timezone.localtime(timezone=zoneinfo.ZoneInfo("Pacific/Auckland")), "j F Y"
    )
    for name, html in pages(client, coach).items():
        assert "(UK time)" not in html and "data-local-date" not in html, name
        assert DATE.search(unescape(html)), name
        if "checker" in name:
            assert today in html, name
