"""An entry logged for a day before the log's latest day, on a day with an emergency: what is
stored as told after it, what the runner's entry says, the coach's list and the CSV agree
(its own advice, with the day's beside it), whether or not a later-dated entry exists. A
report had the coach's record say "Carry on" only where a later-dated entry (Kiritimati's
1 Dec) existed; as stored and shown, both orders read the same."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.routines.conftest import make_shared

# 11:45 UTC on Mon 30 Nov: already Tue 1 Dec in Kiritimati.
NOON = datetime(2026, 11, 30, 11, 45, tzinfo=UTC)

pytestmark = [pytest.mark.django_db, pytest.mark.clock(NOON)]


def post_log(client, routine, day, **fields):
    payload = {"listed": "1", "date": day.isoformat(), "pain": "1", **fields}
    response = client.post(reverse("session_create", args=[routine.share_token]), payload)
    assert response.status_code == 302
    return response


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def entry(html: str, pk: int) -> str:
    start = html.index(f'id="session-{pk}"')
    return text(html[start : html.index("</li>", start)])


@pytest.mark.parametrize("later", [True, False], ids=["later-day-logged", "no-later-day"])
def test_told_and_shown_agree_for_an_entry_on_an_emergency_day(client, coach, clamshell, later):
    routine = make_shared(coach, [clamshell], weeks_ago=1)
    today = timezone.localdate()
    post_log(client, routine, today, pain="5", warning=["saddle_or_bladder"])
    if later:
        post_log(client, routine, today + timedelta(days=1), tz="Pacific/Kiritimati")
    response = post_log(client, routine, today, pain="2")
    calm = routine.sessions.latest("created", "pk")
    assert (calm.advice, calm.told_advice, calm.logged_advice) == ("continue",) * 3
    runner = entry(client.get(response["Location"]).content.decode(), calm.pk)
    assert "This entry: carry on · The day's advice: get emergency care now" in runner
    client.force_login(coach)
    panel = client.get(reverse("routines:builder", args=[routine.pk])).content.decode()
    assert "this entry: carry on (the day's advice: get emergency care now)" in entry(
        panel, calm.pk
    )
    assert f'data-stop-session="{calm.pk}"' not in panel  # no card of its own
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("routines:session_log_csv", args=[routine.pk]))
                .content.decode()
                .lstrip("\ufeff")
            )
        )
    )
    row = next(row for row in rows if row[1] == "2")
    assert (row[3], row[-1]) == ("Carry on", "Get emergency care now")
