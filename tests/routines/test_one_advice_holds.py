"""The runner's page never shows a laxer advice heading beside a stricter one that still
holds: the advice now is the most cautious that holds (monitoring.advise_current), and every
advice box or line on the page (the top line, the advice, the just-logged block, care boxes)
agrees with it. Fresh tester: an entry logged from Auckland (Tue 1 Dec there), then from New
York (Mon 30 Nov) pain 2 with numbness ticked: a red "Stop and check your symptoms" for
Monday, then a green "Carry on" for Tuesday."""

import itertools
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from routines import monitoring
from tests.routines.conftest import make_shared

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "log"}
#: UTC+14 and UTC-11: 25 hours apart, so always on different days, the first the later.
AHEAD, BEHIND = "Pacific/Kiritimati", "Pacific/Pago_Pago"

#: What an entry logs, by the advice its day gets on its own.
KINDS = {
    "continue": {"pain": "1"},
    "ease_back": {"pain": "6"},
    "stop": {"pain": "8"},
    "sign_stop": {"pain": "2", "warning": ["numbness"]},
    "sign_emergency": {"pain": "2", "warning": ["no_weight"]},
}
URGENCY = {"continue": 0, "ease_back": 1, "stop": 2, "urgent": 3, "emergency": 4}


@pytest.fixture
def shared(coach, clamshell):
    return make_shared(coach, [clamshell], weeks_ago=1)


def day_in(zone: str):
    return datetime.now(ZoneInfo(zone)).date()


def log_from(client, routine, zone, kind, **headers):
    client.cookies["hipcare_tz"] = zone
    payload = {"listed": "1", "date": day_in(zone).isoformat(), **KINDS[kind]}
    response = client.post(
        reverse("session_create", args=[routine.share_token]), payload, headers=headers
    )
    assert response.status_code in (200, 302), response.status_code
    return response


def headings(html: str) -> list[str]:
    """Every advice shown as a heading or headline on the runner's page: the top line, the
    advice box, the just-logged block and any care box (not the history's per-entry notes)."""
    shown = re.findall(r'data-advice-now="(\w+)"', html)
    # The advice box by its level (a care box's wrapper says "stop": its data-care says more),
    # or by the earlier day's care that holds it at stop, which the headline names
    # (monitoring.SeenNow: the box's reason names it).
    for level, held in re.findall(
        r'id="advice" class="advice [^"]*" data-advice="(\w+)"(?: data-held-care="(\w+)")?', html
    ):
        shown.append(held or level)
    shown += re.findall(r'data-logged-advice="(\w+)"', html)
    shown += re.findall(r'data-care="(\w+)"', html)
    for label, key in (("Carry on", "continue"), ("Ease back", "ease_back")):
        if re.search(rf"<h[23][^>]*>{label}</h[23]>", html):
            shown.append(key)
    return shown


def own_key(kind: str) -> str:
    advice = monitoring.advise_signs(KINDS[kind].get("warning", ()), pain=int(KINDS[kind]["pain"]))
    if advice is not None:
        return advice.key
    return {"continue": "continue", "ease_back": "ease_back", "stop": "stop"}[kind]


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize(("first", "second"), list(itertools.product(KINDS, repeat=2)))
def test_an_earlier_day_logged_last_never_sits_under_a_laxer_heading(
    client, shared, first, second, htmx
):
    """First an entry from the zone ahead (the later day), then one from the zone behind
    (the earlier day): both hold, so the page says the stricter advice, and only it."""
    headers = HTMX if htmx else {}
    log_from(client, shared, AHEAD, first, **headers)
    response = log_from(client, shared, BEHIND, second, **headers)
    pages = [client.get(response["Location"]) if not htmx else response]
    pages.append(client.get(shared.get_share_url()))
    strictest = max(own_key(first), own_key(second), key=URGENCY.__getitem__)
    for page in pages:
        html = page.content.decode()
        shown = headings(html)
        assert shown, "no advice shown"
        # One advice, at least as strict as each entry's own (a day's may be stricter: pain
        # 6 after an earlier day's 1 is a steep rise).
        urgencies = {URGENCY[key] for key in shown}
        assert len(urgencies) == 1, (shown, strictest)
        assert urgencies.pop() >= URGENCY[strictest], (shown, strictest)


@pytest.mark.parametrize(("first", "second"), list(itertools.product(KINDS, repeat=2)))
def test_a_later_day_logged_last_is_the_one_advice_shown(client, shared, first, second):
    """From the zone behind first, then the zone ahead: the later day's entry is the
    runner's latest word, and the page shows one advice, never a laxer beside a stricter."""
    log_from(client, shared, BEHIND, first, **HTMX)
    html = log_from(client, shared, AHEAD, second, **HTMX).content.decode()
    shown = {URGENCY[key] for key in headings(html)}
    assert len(shown) == 1, headings(html)
    assert shown.pop() >= URGENCY[own_key(second)]


def test_the_advice_now_is_the_most_cautious_day_that_holds():
    """The rule itself (monitoring.advise_current), over every pair of kinds: an earlier
    day's entry logged after the later day's holds with it, and the advice now is the more
    urgent of the two days' advice; logged before it, the later day's advice is the advice."""
    from datetime import UTC, date, timedelta

    later, earlier = date(2026, 12, 1), date(2026, 11, 30)

    def entry(day, kind, minute):
        data = KINDS[kind]
        return monitoring.Entry(
            day=day,
            pain=int(data["pain"]),
            warning_signs=frozenset(data.get("warning", ())),
            logged=datetime(2026, 11, 30, 21, tzinfo=UTC) + timedelta(minutes=minute),
        )

    for first, second in itertools.product(KINDS, repeat=2):
        entries = [entry(later, first, 0), entry(earlier, second, 5)]
        by_day = monitoring.advice_by_day(entries, {later, earlier})
        now = monitoring.advise_current(entries)
        assert now.urgency == max(a.urgency for a in by_day.values()), (first, second)
        entries = [entry(earlier, second, 0), entry(later, first, 5)]
        assert monitoring.advise_current(entries).day == later, (first, second)
