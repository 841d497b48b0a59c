"""One label per number on every surface that offers a call. A fresh tester in the UK read
"Call 999 (UK) · Call 112 (UK)" in the block shown straight after logging (the log's form sends
the browser's zone, Europe/London) and "Call 112 (Europe)" on the checker's answer, the log's
history and the runner's page (drawn with no zone known yet). Every surface takes its numbers
from triage.emergency (Call.said, Call.label, place_of), and the configured number's own
country labels the numbers offered without a zone (999, 112) as they are labelled then."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import Routine
from tests.conftest import make_source
from tests.routines.conftest import make_routine
from tests.triage.test_views import URL, answers, html
from triage import emergency, rules

pytestmark = pytest.mark.django_db

#: "999 (UK)", "112 (Europe)": a number said with where it is the one to call.
SAID = re.compile(r"\b(999|112) \(([^()]+)\)")


def labels(page: str) -> set[tuple[str, str]]:
    text = unescape(re.sub(r"<[^>]+>", "", page))
    return set(SAID.findall(" ".join(text.split())))


@pytest.fixture
def sources():
    for slug in rules.KNOWN_SOURCES:
        make_source(slug=slug, title=f"Title of {slug}")


@pytest.fixture
def shared(coach, clamshell):
    routine = make_routine(coach, exercises=[clamshell])
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=1))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    return routine


def surfaces(client, routine, zone: str) -> dict[str, str]:
    """Every page and partial that offers an emergency call, for a browser in `zone` ("" for
    one whose zone is not known: no JavaScript)."""
    if zone:
        client.cookies["hipcare_tz"] = zone
    token = routine.share_token
    log = {"listed": "1", "date": timezone.localdate().isoformat(), "pain": "1"}
    log |= {"warning": ["fever"], "tz": zone}
    emergency_answers = answers(weight_bearing="unable")
    return {
        "checker answer": html(client.post(URL, emergency_answers)),
        "checker summary": html(client.post(URL, {**emergency_answers, "print": "1"})),
        "emergency numbers page": html(client.get(reverse("triage:emergency_calls"))),
        "after logging (htmx)": html(
            client.post(
                reverse("session_create", args=[token]), log, headers={"HX-Request": "true"}
            )
        ),
        "runner's page": html(client.get(routine.get_share_url())),
        "log history": html(client.get(reverse("session_history", args=[token]))),
        "earlier sessions": html(client.get(reverse("session_list", args=[token]))),
    }


@pytest.mark.parametrize("zone", ["", "Europe/London"], ids=["zone-unknown", "london"])
def test_one_label_per_number_on_every_surface(client, shared, zone, sources):
    found = {name: labels(page) for name, page in surfaces(client, shared, zone).items()}
    for name, said in found.items():
        # Each surface offers both numbers (the emergency is on each of them)...
        assert {number for number, _where in said} >= {"999", "112"}, (name, said)
    # ...and each number reads the same on all of them, as it reads without a zone.
    every = set().union(*found.values())
    assert every == {("999", "UK"), ("112", "Europe")}, found


def test_one_label_whether_or_not_the_zone_is_known():
    """triage.emergency: the same visitor in the UK, before and after their zone is known."""
    unknown = emergency.emergency_calls(None, "999")
    london = emergency.emergency_calls("Europe/London", "999")
    assert [c.label for c in unknown.calls] == [c.label for c in london.calls]
    assert [c.label for c in london.calls] == ["Call 999 (UK)", "Call 112 (Europe)"]
    # A country's own numbers still say its place (Ireland answers 112 and 999 alike).
    dublin = emergency.emergency_calls("Europe/Dublin", "999")
    assert [c.label for c in dublin.calls] == ["Call 999 (Ireland)", "Call 112 (Ireland)"]


@pytest.mark.parametrize(
    ("sign", "numbers", "tier"),
    [
        ("fever", ("tel:999", "tel:112"), rules.Tier.EMERGENCY),
        ("red_or_warm", ("tel:111", "tel:999"), rules.Tier.URGENT),
    ],
    ids=["emergency", "urgent"],
)
def test_every_page_of_entries_has_the_numbers_and_words_to_print(
    client, shared, sign, numbers, tier
):
    """The top of each page of the runner's entries (runner-top, which is what prints above
    the sheet or the list) holds the numbers to call and what to do, for an emergency and for
    a doctor today: the earlier-sessions pages had no call numbers at all, and the action
    words were only in the log's own box, which is left out of print."""
    token = shared.share_token
    log = {"listed": "1", "date": timezone.localdate().isoformat(), "pain": "1"}
    assert client.post(reverse("session_create", args=[token]), {**log, "warning": [sign]})
    for url in (
        shared.get_share_url(),
        reverse("session_history", args=[token]),
        reverse("session_list", args=[token]),
    ):
        page = html(client.get(url))
        top = page[page.index('id="runner-top"') : page.index('class="runner-jumps"')]
        for number in numbers:
            assert f'href="{number}"' in top, (url, number)
        start = top.index('class="advice-now-action d-none d-print-block')
        action = top[top.index(">", start) + 1 : top.index("</p>", start)]
        # The checker's own action for the tier (it was left empty: SeenNow had no action).
        assert unescape(action.strip()) == tier.action, (url, action)
