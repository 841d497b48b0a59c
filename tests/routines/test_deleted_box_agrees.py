"""The log's advice box says the same advice now as the page's top line (runner-top,
monitoring.SeenNow). Found by a tester on a phone: pain 3 with "I can't put any weight on the
leg" and "I have a temperature" ticked (an emergency), then that entry deleted; the top line
said "Your advice now: Get emergency care now (... since deleted)" with the call buttons, but
the log's box below was headed "Stop and check your symptoms", the emergency only its last
bullet. The box leads with the most urgent advice in force (SeenNow.lead_over), with that
level's call buttons, its reasons still saying why: for a deleted emergency, a deleted "see a
doctor today", and an earlier day's kept emergency that still holds the advice at stop."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines.models import SessionLog
from tests.routines.conftest import history_url

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "log"}

#: What each sign entry ticks, by what it tells, with the heading the checker gives it.
SIGNS = {
    "emergency": (["no_weight", "fever"], "Get emergency care now", "get emergency care"),
    "urgent": (["red_or_warm"], "See a doctor today", "see a doctor today"),
}


def post_log(client, routine, *, days_ago=0, pain=2, warning=(), headers=None):
    day = timezone.localdate() - timedelta(days=days_ago)
    response = client.post(
        reverse("session_create", args=[routine.share_token]),
        {"listed": "1", "date": day.isoformat(), "pain": str(pain), "warning": list(warning)},
        headers=headers or {},
    )
    assert response.status_code in (200, 302), response.status_code
    return SessionLog.objects.filter(routine=routine).order_by("-pk").first()


def delete(client, routine, session, headers=None):
    url = reverse("session_delete", args=[routine.share_token, session.pk])
    response = client.post(url, {"confirm": "yes"}, headers=headers or {})
    assert not SessionLog.objects.filter(pk=session.pk).exists()
    return response


def banner(html: str) -> tuple[str, str]:
    """The top line's (level key, label)."""
    key = re.search(r'data-advice-now="(\w+)"', html)
    label = re.search(
        r'<span class="advice-now-kind">Your advice now:</span> <strong>([^<]*)</strong>', html
    )
    assert key and label, "no top line"
    return key.group(1), label.group(1)


def box(html: str) -> tuple[str, str]:
    """The log's advice box: (its heading, the level it leads with)."""
    start = html.index('id="advice"')
    part = html[start : html.index("</div>\n    ", start)]
    heading = re.search(r"<h3[^>]*>([^<]*)</h3>", part)
    assert heading, part[:500]
    held = re.search(r'data-held-care="(\w+)"', part.split(">", 1)[0])
    care = re.search(r'data-care="(\w+)"', part)
    level = held or care or re.search(r'data-advice="(\w+)"', part)
    return heading.group(1), level.group(1)


def advice_now_words(html: str) -> set[str]:
    """Every "Your advice now" the page says (the top line, an entry's note)."""
    return {
        label.lower()
        for label in re.findall(r"Your advice now:(?:</span>)? (?:<strong>)?([^<(]*)", html)
    }


def assert_agrees(html: str, told: str, *, with_box: bool = True) -> None:
    _signs, label, words = SIGNS[told]
    assert banner(html) == (told, label)
    assert advice_now_words(html) <= {label.lower(), label.lower() + " "}
    if not with_box:
        assert 'id="advice"' not in html
        return
    heading, level = box(html)
    assert (heading, level) == (label, told)
    section = html[html.index('id="advice"') :]
    section = section[: section.index('id="log-form-heading"')]
    # That level's call buttons in the box, and the reasons still saying why.
    if told == "emergency":
        assert "data-emergency-calls" in section and 'href="tel:999"' in section
    else:
        assert "data-call-lines" in section
    assert f"told to {words}" in section or f"told you to {words}" in section
    assert "Stop and check your symptoms" not in section


@pytest.mark.parametrize("told", list(SIGNS))
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_deleted_entry_s_care_heads_the_log_s_box_as_the_top_line(client, shared, told, htmx):
    """The tester's steps: a calm entry, then the sign entry, both today; the sign entry
    deleted. The runner's page, the log as htmx swaps it in after the delete, the history
    page and its htmx partial all say one advice now."""
    headers = HTMX if htmx else {}
    post_log(client, shared, pain=2, headers=headers)
    sign = post_log(client, shared, pain=3, warning=SIGNS[told][0], headers=headers)
    response = delete(client, shared, sign, headers=headers)
    if htmx:
        # The log swapped in, with the top line sent again out of band.
        html = response.content.decode()
        assert 'hx-swap-oob="true"' in html
        assert_agrees(html, told)
    assert_agrees(client.get(shared.get_share_url()).content.decode(), told)
    # The history page: the top line, and the entries' notes, agree (no advice box there).
    assert_agrees(client.get(history_url(shared)).content.decode(), told, with_box=False)
    partial = client.get(history_url(shared), headers=HTMX).content.decode()
    assert advice_now_words(partial) <= {SIGNS[told][1].lower(), SIGNS[told][1].lower() + " "}
    assert "Stop and check your symptoms" not in partial


@pytest.mark.parametrize("told", list(SIGNS))
def test_a_deleted_later_day_s_care_heads_an_earlier_day_s_box(client, shared, told):
    """The sign entry for today deleted, the log's latest kept day yesterday's (pain 2:
    "carry on" on its own): the reminder of the deleted entry is the advice now, and the box
    leads with it, its words among the box's reasons."""
    post_log(client, shared, days_ago=1, pain=2)
    sign = post_log(client, shared, pain=3, warning=SIGNS[told][0])
    delete(client, shared, sign)
    html = client.get(shared.get_share_url()).content.decode()
    assert_agrees(html, told)
    assert "Carry on" not in html[html.index('id="advice"') : html.index('id="log-form-heading"')]


def test_a_kept_earlier_emergency_still_holding_heads_the_box(client, shared):
    """Kept: yesterday's emergency is the care box as before while it is the latest day's;
    then it holds today's calm entry at stop for its 14 days, and the box leads with the
    emergency, as the top line does."""
    post_log(client, shared, days_ago=1, pain=3, warning=SIGNS["emergency"][0])
    html = client.get(shared.get_share_url()).content.decode()
    assert banner(html) == ("emergency", "Get emergency care now")
    section = html[html.index('id="advice"') : html.index('id="log-form-heading"')]
    assert 'data-care="emergency"' in section and "data-advice-lead" not in section
    assert re.search(r'<h3 class="h4 care-heading"[^>]*>Get emergency care now</h3>', section)
    post_log(client, shared, pain=2)
    assert_agrees(client.get(shared.get_share_url()).content.decode(), "emergency")
