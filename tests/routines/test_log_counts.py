"""Every count of the runner's log says what it counts, and agrees with the coach's: the
runner's page said "7 sessions logged" (entries) beside "entries on the same day count as one
session", while the coach's panel counted 4 days trained; the earlier-entries page said
"Sessions 1 to 2 of 2" of entries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from routines import services
from routines.session_views import RECENT_SHOWN
from tests.routines.conftest import history_url

pytestmark = pytest.mark.django_db


def log_on(routine, days_ago: int, *, pain: int = 2):
    return services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=days_ago),
        pain=pain,
        done=[(item.pk, "") for item in routine.items.all()],
    )


#: The tester's log: 7 entries on 4 days (two days with two entries, one with two more).
TESTERS_DAYS = (6, 6, 4, 4, 2, 1, 1)


def test_the_page_as_opened_counts_entries_and_the_days_they_are_on(client, shared, coach):
    for days_ago in TESTERS_DAYS:
        log_on(shared, days_ago)
    page = client.get(shared.get_share_url()).content.decode()
    latest = dateformat.format(timezone.localdate() - timedelta(days=1), "D j M")
    assert f"7 entries logged over 4 days, the last on {latest}." in page
    assert "sessions logged" not in page
    # The same days as the coach's count of sessions done (each a day trained).
    client.force_login(coach)
    panel = client.get(shared.get_absolute_url()).content.decode()
    assert re.search(r"<strong>4 done of \d+ prescribed</strong>", panel)


def test_one_entry_and_one_day_read_as_such(client, shared):
    log_on(shared, 0)
    log_on(shared, 0)
    page = client.get(shared.get_share_url()).content.decode()
    assert "2 entries logged over 1 day, the last on" in page


def test_the_earlier_pages_count_entries(client, shared):
    for days_ago in range(RECENT_SHOWN + 2):
        log_on(shared, days_ago)
    history = client.get(history_url(shared)).content.decode()
    earlier = reverse("session_list", args=[shared.share_token])
    assert f'<a href="{earlier}">Earlier entries (2)</a>' in history
    page = client.get(earlier).content.decode()
    assert "<title>Earlier entries:" in page and ">Earlier entries</h1>" in page
    assert "Entries 1 to 2 of 2 earlier ones, newest first" in page
    assert "Sessions 1 to" not in page and "Earlier sessions" not in page
