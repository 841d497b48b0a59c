"""Every "today" follows the person's clock (QA: in Pacific/Auckland, local 30 Nov while UTC
was 29 Nov, logging "today" said "That date is in the future" and the form offered
yesterday; west of UTC an evening log got tomorrow). The browser's zone comes in a cookie
(static/js/hipcare.js) and hipcare.middleware.UserTimeZoneMiddleware activates it; without
it, UK time (settings.TIME_ZONE)."""

import re
from datetime import UTC, date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

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
    """UK time is the default date; any date that is today somewhere on Earth is taken
    (12:30 UTC on the 29th: the 30th at UTC+14), a later one is in the future."""
    with at(AUCKLAND_MORNING):
        assert form_day(client, shared) == "2026-11-29"
        in_zone(client, "Mars/Olympus_Mons")
        assert form_day(client, shared) == "2026-11-29"
        assert "That date is in the future" in log(client, shared, "2026-12-01").content.decode()
        assert log(client, shared, "2026-11-30").status_code == 302
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


# The first visit (fresh tester: an Auckland runner's first entry refused until a reload).
# The cookie is only sent from the second request, so the log's forms carry the browser's
# zone in a hidden field (filled by static/js/hipcare.js) and the server checks their dates
# in it (hipcare.timezones.form_time_zone): no cookie in these tests.

# Made at 00:30 on 30 Nov in Auckland, 11:30 on 29 Nov in London.
MADE_IN_AUCKLANDS_NIGHT = datetime(2026, 11, 29, 11, 30, tzinfo=UTC)


@pytest.fixture
def new_link(coach):
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    services.routine_share(routine=routine)
    Routine.objects.filter(pk=routine.pk).update(
        created=MADE_IN_AUCKLANDS_NIGHT, updated=MADE_IN_AUCKLANDS_NIGHT
    )
    routine.refresh_from_db()
    return routine


def post_log(client, routine, day, **fields):
    url = reverse("session_create", args=[routine.share_token])
    return client.post(url, {"date": day, "pain": "2", **fields})


def test_a_first_visits_entry_is_checked_on_the_browsers_day(client, new_link):
    with at(AUCKLAND_MORNING):
        # In UK time (its cookie) without the field: the runner's 30th is in the future.
        in_zone(client, "Europe/London")
        assert (
            "That date is in the future"
            in post_log(client, new_link, "2026-11-30").content.decode()
        )
        # With it: the routine began on the 30th there, and the 30th is today.
        before = post_log(client, new_link, "2026-11-29", tz="Pacific/Auckland")
        assert before.status_code == 422
        assert "Monday 30 November 2026: log sessions from that day on" in before.content.decode()
        assert post_log(client, new_link, "2026-11-30", tz="Pacific/Auckland").status_code == 302
    assert new_link.sessions.get().day.isoformat() == "2026-11-30"


@pytest.mark.parametrize("junk", ["Mars/Olympus_Mons", "../../etc/passwd", "x" * 300, "UTC\x00"])
def test_a_zone_field_that_is_not_an_iana_name_is_ignored(client, new_link, junk):
    in_zone(client, "Europe/London")
    with at(AUCKLAND_MORNING):
        response = post_log(client, new_link, "2026-11-30", tz=junk)
    assert response.status_code == 422
    assert "That date is in the future" in response.content.decode()


def test_the_field_wins_over_an_older_cookie(client, new_link):
    in_zone(client, "Europe/London")
    with at(AUCKLAND_MORNING):
        assert post_log(client, new_link, "2026-11-30", tz="Pacific/Auckland").status_code == 302


def test_the_next_morning_is_asked_on_the_browsers_day(client, new_link):
    # An entry of the 29th, a morning after which has come in Auckland (the 30th), not in
    # London (still the 29th).
    Routine.objects.filter(pk=new_link.pk).update(created=datetime(2026, 11, 1, tzinfo=UTC))
    new_link.refresh_from_db()
    with at(AUCKLAND_MORNING):
        entry = services.session_log(
            routine=new_link, day=datetime(2026, 11, 29).date(), pain=2, done=[]
        )
        url = reverse("session_morning", args=[new_link.share_token, entry.pk])
        in_zone(client, "Europe/London")  # known, and still the 29th there
        assert client.post(url, {"morning": "worse"}).status_code == 422
        assert client.post(url, {"morning": "worse", "tz": "Pacific/Auckland"}).status_code == 302
        # The log form's own next-morning answer too.
        refused = post_log(client, new_link, "2026-11-29", morning="same")
        assert refused.status_code == 422
        taken = post_log(client, new_link, "2026-11-29", morning="same", tz="Pacific/Auckland")
        assert taken.status_code == 302
    entry.refresh_from_db()
    assert entry.morning == "worse"


def test_the_daily_limit_counts_the_browsers_day(client, new_link):
    # 20 entries logged at 23:30 on the 29th in Auckland (10:30 UTC): a full day in London
    # until midnight there, yesterday in Auckland an hour later.
    Routine.objects.filter(pk=new_link.pk).update(created=datetime(2026, 11, 1, tzinfo=UTC))
    new_link.refresh_from_db()
    with at(datetime(2026, 11, 29, 10, 30, tzinfo=UTC)):
        for _ in range(services.MAX_SESSIONS_PER_DAY):
            services.session_log(
                routine=new_link, day=datetime(2026, 11, 28).date(), pain=2, done=[]
            )
    with at(AUCKLAND_MORNING):
        full = post_log(client, new_link, "2026-11-29")
        assert "the most it may in a day" in full.content.decode()
        assert post_log(client, new_link, "2026-11-30", tz="Pacific/Auckland").status_code == 302


def date_field(page: str) -> str:
    return re.search(r'<input type="date" name="date"[^>]*>', page).group(0)


def test_the_date_field_tells_the_script_the_servers_day_and_the_routines_start(client, new_link):
    with at(AUCKLAND_MORNING):
        field = date_field(client.get(new_link.get_share_url()).content.decode())
    assert 'data-today="2026-11-29"' in field and 'value="2026-11-29"' in field
    assert 'data-started-at="2026-11-29T11:30:00+00:00"' in field
    assert 'data-days-back="14"' in field


def test_the_cached_date_field_is_each_zones_own(client, coach):
    """The form's fields are cached per day; the routine's first day (the field's min) is a
    zone's own too: made at 00:30 on 29 Nov in Auckland, 28 Nov in London."""
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    services.routine_share(routine=routine)
    made = datetime(2026, 11, 28, 11, 30, tzinfo=UTC)
    Routine.objects.filter(pk=routine.pk).update(created=made, updated=made)
    routine.refresh_from_db()
    # 10:00 UTC on 29 Nov: the 29th in both.
    with at(datetime(2026, 11, 29, 10, 0, tzinfo=UTC)):
        unknown = date_field(client.get(routine.get_share_url()).content.decode())
        in_zone(client, "Europe/London")
        london = date_field(client.get(routine.get_share_url()).content.decode())
        in_zone(client, "Pacific/Auckland")
        auckland = date_field(client.get(routine.get_share_url()).content.decode())
    assert 'min="2026-11-28"' in london and 'max="2026-11-29"' in london
    assert 'min="2026-11-29"' in auckland
    # No zone: made on the 27th at UTC-12, and the 30th is today at UTC+14.
    assert 'min="2026-11-27"' in unknown and 'max="2026-11-30"' in unknown


# An entry's day is the runner's day where they logged it (fresh tester: a UK runner was given
# advice about "Monday 30 November" while it was still Sunday the 29th for them, after an
# entry logged from Auckland). The log runs to that day, and nothing speaks of it as come.


def logged_from_auckland(routine, *, pain=2):
    with at(AUCKLAND_MORNING), timezone.override(ZoneInfo("Pacific/Auckland")):
        return services.session_log(routine=routine, day=date(2026, 11, 30), pain=pain, done=[])


def test_an_entry_dated_ahead_is_shown_as_the_runners_date_not_as_come(client, shared):
    entry = logged_from_auckland(shared)
    history = reverse("session_history", args=[shared.share_token])
    with at(AUCKLAND_MORNING):
        # The advice on the runner's page, the entry on the log's history.
        page = client.get(shared.get_share_url()).content.decode()
        page += client.get(history).content.decode()
    assert (
        "Monday 30 November is the date where you logged it; where you are now it is still "
        "Sunday 29 November." in page
    )
    assert (
        'Mon 30 Nov</strong><span data-shown-until="2026-11-30"> (logged where that day had '
        "already begun)</span>" in page
    )
    # The script hides these in a browser whose own day is the 30th (a first visit from
    # Auckland, before its zone is known).
    assert 'data-shown-until="2026-11-30">Monday 30 November is the date' in page
    assert "From Tuesday 1 December, come back to say how the hip felt" in page
    assert "Tomorrow, come back" not in page
    # Where it is the 30th, it reads as any entry of today's.
    in_zone(client, "Pacific/Auckland")
    with at(AUCKLAND_MORNING):
        there = client.get(shared.get_share_url()).content.decode()
        there += client.get(history).content.decode()
    assert "where you are now it is still" not in there
    assert "already begun" not in there
    assert "Tomorrow, come back to say how the hip felt" in there
    assert f'id="session-{entry.pk}"' in there


def test_a_next_morning_too_early_names_the_day_it_can_be_given(client, shared):
    entry = logged_from_auckland(shared)
    url = reverse("session_morning", args=[shared.share_token, entry.pk])
    with at(AUCKLAND_MORNING):
        response = client.post(url, {"morning": "worse"})
    assert response.status_code == 422
    assert "add how the hip felt from Tuesday 1 December" in response.content.decode()
    assert "tomorrow" not in response.content.decode().split("has not come yet")[1][:80]


def test_the_log_runs_to_an_entry_dated_ahead(shared):
    from routines.session_views import log_context

    logged_from_auckland(shared, pain=4)
    with at(AUCKLAND_MORNING):
        context = log_context(Routine.objects.get(pk=shared.pk))
        assert context["log_today"] == date(2026, 11, 29)
        assert context["log_last_day"] == date(2026, 11, 30)
        # Counted in its week (Monday the 30th starts a new one) and drawn.
        assert context["summary"].weeks[-1].start == date(2026, 11, 30)
        assert context["summary"].weeks[-1].done == 0  # nothing ticked: a skipped session
        assert [point.day for point in context["chart"].points] == [date(2026, 11, 30)]


def test_the_coachs_panel_says_the_latest_date_is_the_runners(client, coach, shared):
    logged_from_auckland(shared, pain=6)
    client.force_login(coach)
    with at(AUCKLAND_MORNING):
        page = client.get(shared.get_absolute_url()).content.decode()
    assert (
        "Mon 30 Nov is the runner's date where they logged it; it is still Sun 29 Nov here." in page
    )


# Made at 04:46 UTC on Monday 30 Nov: still Sunday 29 Nov (22:46) in Chicago (fresh tester: a
# Chicago runner logged Sunday, their week table counted it, and the coach read "0 done of
# 14 prescribed since the routine started on Mon 30 Nov" beside "Latest: Sun 29 Nov").
MADE_ON_LONDONS_MONDAY = datetime(2026, 11, 30, 4, 46, tzinfo=UTC)
CHICAGO_SUNDAY_NIGHT = datetime(2026, 11, 30, 4, 50, tzinfo=UTC)


def test_a_session_logged_on_the_runners_first_day_behind_the_coachs_is_counted_for_both(
    client, coach
):
    from routines.session_views import log_context

    exercise = make_exercise("Clamshell")
    routine = make_routine(coach, exercises=[exercise])
    services.routine_share(routine=routine)
    Routine.objects.filter(pk=routine.pk).update(
        created=MADE_ON_LONDONS_MONDAY, updated=MADE_ON_LONDONS_MONDAY
    )
    routine.refresh_from_db()
    item = routine.items.get()
    with at(CHICAGO_SUNDAY_NIGHT), timezone.override(ZoneInfo("America/Chicago")):
        services.session_log(
            routine=routine, day=date(2026, 11, 29), pain=2, done=[(item.pk, "all")]
        )
        runners = log_context(Routine.objects.get(pk=routine.pk))
    with at(CHICAGO_SUNDAY_NIGHT):  # the coach, in UK time
        coachs = log_context(Routine.objects.get(pk=routine.pk))
        client.force_login(coach)
        page = client.get(routine.get_absolute_url()).content.decode()
    for context in (runners, coachs):
        summary = context["summary"]
        assert summary.recent.first == date(2026, 11, 29)
        assert summary.recent.done == 1
        assert sum(week.done for week in summary.weeks) == 1
        sundays = {week.start: week.done for week in summary.items[0].weeks}
        assert sundays[date(2026, 11, 23)] == 1  # the exercise, in the week of Sunday the 29th
    # The coach's panel counts to the runner's today (still Sunday in Chicago, where they
    # logged: tests/routines/test_runner_day.py), and says whose day that is.
    assert re.search(
        r"since the routine started on Sun 29 Nov \(1 day so far\): <strong>1 done", page
    )
    assert "Counted to Sun 29 Nov, the runner's today on the clock they last logged with" in page
