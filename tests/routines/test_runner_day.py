"""The coach's panel counts the runner's log to the runner's today, not the coach's (phone
tester: a coach in Los Angeles following a runner in Auckland). An entry's day is the runner's
where they logged it; the coach's clock may be a day behind it or a day ahead. The app keeps
how far the runner's clock was from UTC when they logged (SessionLog.utc_offset, from the
zone their browser sends), and the panel counts the log to the runner's today on that clock,
saying whose day that is when it isn't the coach's.

Around midnight: at 11:30 UTC on Mon 30 Nov it is already Tue 1 Dec (00:30) in Auckland
(UTC+13 in its summer) and still Mon 30 Nov (03:30) in Los Angeles (UTC-8).
"""

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from routines.models import Routine
from routines.session_views import followup_context
from tests.conftest import make_exercise
from tests.routines.conftest import MADE_1_NOV, make_shared

pytestmark = pytest.mark.django_db

AUCKLAND, LOS_ANGELES = "Pacific/Auckland", "America/Los_Angeles"
LOGGED = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # Auckland 23:00 Mon; LA 02:00 Mon
LOOKED = datetime(2026, 11, 30, 11, 30, tzinfo=UTC)  # Auckland 00:30 Tue; LA 03:30 Mon
MON, TUE = date(2026, 11, 30), date(2026, 12, 1)


def runner_logs(client, routine, day, zone=None, pain=2, warning=None):
    client.cookies.pop("hipcare_tz", None)  # the runner's browser, not the coach's
    fields = {"date": day.isoformat(), "pain": str(pain)}
    if warning:
        fields["warning"] = warning
    if zone:
        fields["tz"] = zone
    response = client.post(reverse("session_create", args=[routine.share_token]), fields)
    assert response.status_code == 302
    return routine.sessions.latest("created", "pk")


def coachs_panel(client, coach, routine, zone) -> str:
    client.cookies["hipcare_tz"] = zone
    client.force_login(coach)
    page = client.get(reverse("routines:builder", args=[routine.pk])).content.decode()
    start = page.index('id="follow-up"')
    return re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", "", page[start : page.index("</section>", start)])
    )


def counted_to(routine, zone):
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from hipcare import timezones

    with timezones.browser_zone(ZoneInfo(zone)), timezone.override(ZoneInfo(zone)):
        return followup_context(Routine.objects.get(pk=routine.pk))["summary"].recent.last


def test_the_runners_clock_is_kept_with_each_entry(client, shared_1_nov, ticking_clock):
    ticking_clock(LOGGED)
    assert runner_logs(client, shared_1_nov, MON, AUCKLAND).utc_offset == 13 * 60
    assert runner_logs(client, shared_1_nov, date(2026, 11, 29), LOS_ANGELES).utc_offset == -8 * 60
    # No zone from the browser (no JavaScript): none kept, UK time only the default.
    assert runner_logs(client, shared_1_nov, MON).utc_offset is None


def test_a_runner_ahead_is_counted_to_their_today_on_a_coachs_panel_behind(
    client, coach, shared_1_nov, ticking_clock
):
    """The runner in Auckland logged Monday at 23:00; at 00:30 their Tuesday has begun while
    the coach in Los Angeles is still on Monday: the count runs to the runner's Tuesday."""
    ticking_clock(LOGGED)
    runner_logs(client, shared_1_nov, MON, AUCKLAND)
    ticking_clock(LOOKED)
    assert counted_to(shared_1_nov, LOS_ANGELES) == TUE
    said = coachs_panel(client, coach, shared_1_nov, LOS_ANGELES)
    assert "Latest: Mon 30 Nov, worst pain 2/10" in said
    assert (
        "Counted to Tue 1 Dec, the runner's today on the clock they last logged with; it is "
        "Mon 30 Nov here." in said
    )
    assert "(Wed 18 Nov to Tue 1 Dec)" in said  # the two weeks' window


def test_a_runner_behind_is_not_counted_for_a_day_they_have_not_begun(
    client, coach, shared_1_nov, ticking_clock
):
    """The runner in Los Angeles logged Monday at 03:00; the coach in Auckland is already on
    Tuesday: Tuesday is not yet a day the runner could have trained, so it isn't counted."""
    ticking_clock(datetime(2026, 11, 30, 11, 0, tzinfo=UTC))
    runner_logs(client, shared_1_nov, MON, LOS_ANGELES)
    ticking_clock(LOOKED)
    assert counted_to(shared_1_nov, AUCKLAND) == MON
    said = coachs_panel(client, coach, shared_1_nov, AUCKLAND)
    assert (
        "Counted to Mon 30 Nov, the runner's today on the clock they last logged with; it is "
        "Tue 1 Dec here." in said
    )
    assert "(Tue 17 Nov to Mon 30 Nov)" in said


def test_the_same_day_for_both_or_no_clock_known_says_nothing_of_it(
    client, coach, shared_1_nov, ticking_clock
):
    ticking_clock(LOGGED)
    runner_logs(client, shared_1_nov, MON, LOS_ANGELES)
    ticking_clock(LOOKED)
    assert "the runner's today" not in coachs_panel(client, coach, shared_1_nov, LOS_ANGELES)
    # An entry logged without JavaScript (no clock kept) is counted to the coach's today.
    other = make_shared(coach, [make_exercise("Glute Bridge")], made=MADE_1_NOV)
    ticking_clock(LOGGED)
    runner_logs(client, other, MON)
    ticking_clock(LOOKED)
    assert counted_to(other, AUCKLAND) == TUE
    assert "the runner's today" not in coachs_panel(client, coach, other, AUCKLAND)


def test_the_latest_clock_the_runner_logged_with_is_the_one_read(
    client, coach, shared_1_nov, ticking_clock
):
    """A runner who flew from Los Angeles to Auckland: their latest entry's clock counts."""
    ticking_clock(datetime(2026, 11, 29, 20, 0, tzinfo=UTC))
    runner_logs(client, shared_1_nov, date(2026, 11, 29), LOS_ANGELES)
    ticking_clock(LOGGED)
    runner_logs(client, shared_1_nov, MON, AUCKLAND)
    ticking_clock(LOOKED)
    assert counted_to(shared_1_nov, LOS_ANGELES) == TUE


NEW_YORK = "America/New_York"


def test_the_panel_and_its_chart_name_the_same_latest_day_from_two_far_zones(
    client, coach, shared_1_nov, ticking_clock
):
    """Fresh tester: the runner logged Tue 1 Dec in Auckland (pain 4), then, back in New York,
    two entries for Mon 30 Nov that ticked a warning sign. The latest day is Tue 1 Dec, the
    runner's own date where they logged it: the panel's "Latest" says so, as the chart does,
    and the advice carried over from Monday says it is an earlier day's, not the latest's."""
    ticking_clock(datetime(2026, 11, 30, 12, 0, tzinfo=UTC))  # Auckland 01:00 Tue
    runner_logs(client, shared_1_nov, TUE, AUCKLAND, pain=4)
    ticking_clock(datetime(2026, 11, 30, 20, 0, tzinfo=UTC))  # New York 15:00 Mon
    runner_logs(client, shared_1_nov, MON, NEW_YORK, warning="no_weight")
    runner_logs(client, shared_1_nov, MON, NEW_YORK, warning="no_weight")
    ticking_clock(datetime(2026, 11, 30, 21, 0, tzinfo=UTC))
    said = coachs_panel(client, coach, shared_1_nov, NEW_YORK)
    assert "latest day, 1 Dec: 4 out of 10." in said  # the chart's summary
    assert "Latest: Tue 1 Dec, worst pain 4/10." in said
    assert "Latest: Mon 30 Nov" not in said
    assert "latest day (Mon 30 Nov" not in said
    assert "entry for an earlier day (Mon 30 Nov" in said
    # Counted to the Tuesday logged in Auckland, though the runner's clock now reads Monday.
    assert (
        "Counted to Tue 1 Dec, the runner's latest day, dated where they logged it; it is "
        "Mon 30 Nov here." in said
    )
    assert "(Wed 18 Nov to Tue 1 Dec)" in said
