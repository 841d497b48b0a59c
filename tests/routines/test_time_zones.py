"""Every "today" follows the person's clock (QA: in Pacific/Auckland, local 30 Nov while UTC
was 29 Nov, logging "today" said "That date is in the future" and the form offered
yesterday; west of UTC an evening log got tomorrow). The browser's zone comes in a cookie
(static/js/hipcare.js) and hipcare.middleware.UserTimeZoneMiddleware activates it; without
it, UK time (settings.TIME_ZONE)."""

import re
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db

# 12:30 UTC on 29 Nov: already 30 Nov (01:30) in Auckland, still 29 Nov in London.
AUCKLAND_MORNING = datetime(2026, 11, 29, 12, 30, tzinfo=UTC)
# 03:00 UTC on 30 Nov: 30 Nov in London, still 29 Nov (19:00) in Los Angeles.
LOS_ANGELES_EVENING = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)


@pytest.fixture
def shared(coach):
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    Routine.objects.filter(pk=routine.pk).update(
        created=datetime(2026, 11, 1, tzinfo=UTC), updated=AUCKLAND_MORNING
    )
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    Routine.objects.filter(pk=routine.pk).update(updated=AUCKLAND_MORNING)
    routine.refresh_from_db()
    return routine


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def in_zone(client, name):
    client.cookies["hipcare_tz"] = name
    return client


def form_day(client, routine) -> str:
    page = client.get(routine.get_share_url()).content.decode()
    return re.search(r'<input type="date" name="date" value="([^"]+)"', page).group(1)


def log(client, routine, day):
    url = reverse("session_create", args=[routine.share_token])
    return client.post(url, {"date": day, "pain": "2"})


def test_the_default_is_uk_time():
    assert settings.TIME_ZONE == "Europe/London"


@pytest.mark.parametrize(
    ("moment", "zone", "today", "tomorrow"),
    [
        (AUCKLAND_MORNING, "Pacific/Auckland", "2026-11-30", "2026-12-01"),
        (LOS_ANGELES_EVENING, "America/Los_Angeles", "2026-11-29", "2026-11-30"),
    ],
)
def test_today_is_the_runners_own(client, shared, moment, zone, today, tomorrow):
    in_zone(client, zone)
    with at(moment):
        assert form_day(client, shared) == today
        refused = log(client, shared, tomorrow)
        assert "That date is in the future" in refused.content.decode()
        assert log(client, shared, today).status_code == 302
    assert shared.sessions.get().day.isoformat() == today


def test_without_a_zone_or_with_an_unknown_one_uk_time_applies(client, shared):
    with at(AUCKLAND_MORNING):
        assert form_day(client, shared) == "2026-11-29"
        in_zone(client, "Mars/Olympus_Mons")
        assert form_day(client, shared) == "2026-11-29"
        assert "That date is in the future" in log(client, shared, "2026-11-30").content.decode()
    with at(LOS_ANGELES_EVENING):
        in_zone(client, "../../etc/passwd")
        assert form_day(client, shared) == "2026-11-30"


def test_the_print_sheets_date_is_the_coachs_own(client, coach, shared):
    client.force_login(coach)
    url = reverse("routines:print", args=[shared.pk])
    with at(AUCKLAND_MORNING + timedelta(minutes=5)):
        in_zone(client, "Pacific/Auckland")
        assert "30 November 2026" in client.get(url).content.decode()
        # Its cached fragment and its ETag are the zone's own.
        in_zone(client, "Europe/London")
        assert "29 November 2026" in client.get(url).content.decode()
