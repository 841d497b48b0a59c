"""The log's date where the browser's zone is not known (no JavaScript, or a first visit):
UK time is only the default. Tester: Pacific/Honolulu, JS off, 22:10 on 29 Nov locally
(08:10 UTC on 30 Nov): the date defaulted to London's 30 Nov, also the latest allowed, with no
hint; kept, it was saved for "Mon 30 Nov" with "Tomorrow, come back...". And a runner ahead
of London (Auckland) could not pick their own today."""

import re
from datetime import UTC, date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from hipcare import timezones
from routines.session_forms import SessionLogForm
from tests.routines.conftest import MADE_1_NOV

# 08:10 UTC on 30 Nov: 22:10 on the 29th in Honolulu, the 30th in London.
HONOLULU_EVENING = datetime(2026, 11, 30, 8, 10, tzinfo=UTC)
# 12:30 UTC on 29 Nov: 01:30 on the 30th in Auckland, the 29th in London.
AUCKLAND_MORNING = datetime(2026, 11, 29, 12, 30, tzinfo=UTC)


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def new_form(moment, zone=None, data=None) -> SessionLogForm:
    """The log form as the view makes it at `moment`, the browser's zone `zone` (None: not
    known)."""
    with at(moment), timezones.browser_zone(ZoneInfo(zone) if zone else None):
        return SessionLogForm(
            data,
            items=[],
            today=timezone.localdate(),
            today_range=timezones.today_range(),
            started=timezones.first_day(MADE_1_NOV),
        )


def takes(moment, day: str, zone=None) -> bool:
    form = new_form(moment, zone, {"date": day, "pain": "2"})
    return form.is_valid() or "date" not in form.errors


# --- The form, on both sides of London ------------------------------------------------------


def test_without_a_zone_the_today_of_every_place_on_earth_is_taken():
    with at(HONOLULU_EVENING), timezones.browser_zone(None):
        assert timezones.today_range() == (date(2026, 11, 29), date(2026, 11, 30))
    with at(AUCKLAND_MORNING), timezones.browser_zone(None):
        assert timezones.today_range() == (date(2026, 11, 29), date(2026, 11, 30))
    # West of London: Honolulu's own today, the 29th, and London's 30th; never the 1st.
    assert takes(HONOLULU_EVENING, "2026-11-29") and takes(HONOLULU_EVENING, "2026-11-30")
    assert not takes(HONOLULU_EVENING, "2026-12-01")
    # East of London: Auckland's own today, the 30th, a day ahead of London's.
    assert takes(AUCKLAND_MORNING, "2026-11-30") and takes(AUCKLAND_MORNING, "2026-11-29")
    assert not takes(AUCKLAND_MORNING, "2026-12-01")


def test_without_a_zone_the_field_says_its_date_is_uk_time_and_spans_every_today():
    form = new_form(HONOLULU_EVENING)
    field = str(form["date"])
    assert form.initial["date"] == date(2026, 11, 30)  # UK time, the default
    assert 'max="2026-11-30"' in field and "data-zone-unknown" in field
    assert 'aria-describedby="id_date_helptext"' in field
    assert form.fields["date"].help_text == (
        "Your time zone isn't known (it needs JavaScript), so today is taken as UK time: "
        "Monday 30 November. Check this is your date, and change it if not."
    )
    assert 'max="2026-11-30"' in str(new_form(AUCKLAND_MORNING)["date"])


@pytest.mark.parametrize(
    ("moment", "zone"),
    [(HONOLULU_EVENING, "Pacific/Honolulu"), (AUCKLAND_MORNING, "Europe/London")],
)
def test_with_the_browsers_zone_nothing_changes(moment, zone):
    form = new_form(moment, zone)
    today = timezone.localdate(moment, ZoneInfo(zone))
    assert form.fields["date"].help_text == "" and "data-zone-unknown" not in str(form["date"])
    assert f'max="{today.isoformat()}"' in str(form["date"])
    assert not takes(moment, "2026-11-30" if today.day == 29 else "2026-12-01", zone)


def test_without_a_zone_days_back_and_the_routines_first_day_count_from_the_earliest_today():
    # Honolulu's evening: the earliest today is the 29th, so 14 days back is the 15th.
    assert takes(HONOLULU_EVENING, "2026-11-15") and not takes(HONOLULU_EVENING, "2026-11-14")
    # A routine made at 11:30 UTC on the 29th: 23:30 on the 28th at UTC-12, its earliest
    # date anywhere; 00:30 on the 30th in Auckland.
    made = datetime(2026, 11, 29, 11, 30, tzinfo=UTC)
    with timezones.browser_zone(None):
        assert timezones.first_day(made) == date(2026, 11, 28)
    with timezones.browser_zone(ZoneInfo("Pacific/Auckland")):
        assert timezones.first_day(made) == date(2026, 11, 30)


# --- The view without a zone --------------------------------------------------------------


def post_log(client, routine, day, **fields):
    url = reverse("session_create", args=[routine.share_token])
    return client.post(url, {"date": day, "pain": "2", **fields})


def entry(client, routine) -> str:
    page = client.get(reverse("session_history", args=[routine.share_token])).content.decode()
    start = page.index('class="session-entry')
    return page[start : page.index("</li>", start)]


def date_field_and_hint(page: str) -> str:
    start = page.index('<input type="date" name="date"')
    return page[start : page.index("</div>", page.index("</div>", start) + 1)]


@pytest.mark.django_db
def test_the_honolulu_runner_without_javascript_is_told_and_logs_their_own_today(
    client, shared_1_nov
):
    with at(HONOLULU_EVENING):
        page = client.get(shared_1_nov.get_share_url()).content.decode()
        near = date_field_and_hint(page)
        assert 'value="2026-11-30"' in near and 'max="2026-11-30"' in near
        assert "so today is taken as UK time: Monday 30 November." in near
        response = post_log(client, shared_1_nov, "2026-11-29")
        assert response.status_code == 302
        said = entry(client, shared_1_nov)
    assert shared_1_nov.sessions.get().day == date(2026, 11, 29)
    # The morning after the 29th may have come (it has in London, the page's zone) or not
    # (in Honolulu): the question, asked as due; when to come back (as a date) is on the
    # page hidden, for JavaScript to show where the browser's own day is still the 29th.
    assert "Tomorrow" not in said
    assert "From Monday 30 November, come back to say how the hip felt" in said
    assert re.search(r"<p [^>]*data-morning-wait[^>]*\shidden>", said)
    assert 'class="morning-form"' in said and not re.search(r"morning-form[^>]*\shidden", said)
    assert 'data-page-today=""' in said  # with JavaScript, the browser's own day picks one


@pytest.mark.django_db
def test_a_kept_uk_date_is_not_called_tomorrow(client, shared_1_nov):
    """The tester's entry: London's 30th kept by a runner for whom it is still the 29th."""
    with at(HONOLULU_EVENING):
        assert post_log(client, shared_1_nov, "2026-11-30").status_code == 302
        said = entry(client, shared_1_nov)
    assert "Tomorrow" not in said
    assert "From Tuesday 1 December, come back" in said and 'class="morning-form"' not in said


@pytest.mark.django_db
def test_the_auckland_runner_without_javascript_logs_their_own_today_and_yesterdays_morning(
    client, shared_1_nov
):
    with at(AUCKLAND_MORNING):
        assert post_log(client, shared_1_nov, "2026-11-30").status_code == 302
        # The morning after their yesterday (London's today) has come for them.
        assert post_log(client, shared_1_nov, "2026-11-29", morning="same").status_code == 302
        yesterday = shared_1_nov.sessions.get(day=date(2026, 11, 29))
        url = reverse("session_morning", args=[shared_1_nov.share_token, yesterday.pk])
        assert client.post(url, {"morning": "better", "was": "same"}).status_code == 302
        # A day ahead of every today is still refused, and so is its morning.
        assert (
            "That date is in the future"
            in post_log(client, shared_1_nov, "2026-12-01").content.decode()
        )
        today = shared_1_nov.sessions.get(day=date(2026, 11, 30))
        url = reverse("session_morning", args=[shared_1_nov.share_token, today.pk])
        assert client.post(url, {"morning": "worse"}).status_code == 422


@pytest.mark.django_db
def test_with_the_zone_cookie_the_log_is_the_browsers_days_only(client, shared_1_nov):
    client.cookies["hipcare_tz"] = "Pacific/Honolulu"
    with at(HONOLULU_EVENING):
        near = date_field_and_hint(client.get(shared_1_nov.get_share_url()).content.decode())
        assert 'value="2026-11-29"' in near and 'max="2026-11-29"' in near
        assert "UK time" not in near
        assert (
            "That date is in the future"
            in post_log(client, shared_1_nov, "2026-11-30").content.decode()
        )
        assert post_log(client, shared_1_nov, "2026-11-29").status_code == 302
        assert "Tomorrow, come back" in entry(client, shared_1_nov)
