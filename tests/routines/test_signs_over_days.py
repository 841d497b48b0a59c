"""A fresh tester's SAFETY finding: numbness logged on 28 Nov, a weak leg on 29 Nov and
numbness again on 30 Nov, and every page (the runner's routine page, their history, the
coach's panel and list, the CSV) said only "See a doctor today", never the "Get emergency
care now" the same signs give when ticked on one day. A runner whose numbness carries on may
not tick it again.

The class: signs ticked in the entries of the days before (up to
monitoring.SIGNS_TOGETHER_DAYS back) are read with a day's own by the checker's rules, so
every pair of log signs the checker rates more urgent together than either alone (derived
from the rules, as tests/routines/test_day_advice_coach.py derives them for one day) gives
the combined advice when logged on different days within the window, on every view of the
log; a pair further apart than the window does not combine."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import monitoring
from routines.models import Routine, SessionLog
from tests.routines.conftest import log_session, uk_day
from tests.routines.test_day_advice_coach import (
    COMBINING,
    ORDERED,
    PAIN,
    _urgency,
    banner,
    current,
    entry_html,
    first_card,
)
from tests.routines.test_log_safety import post_log
from tests.routines.test_needs_a_look_order import row_badge

WINDOW = monitoring.SIGNS_TOGETHER_DAYS
#: Days between the two signs: the next day, and the last day of the window.
WITHIN = (1, WINDOW)
OUTSIDE = WINDOW + 1


def test_the_window_is_the_logs_own_two_weeks():
    assert WINDOW == monitoring.RECENT_CARE_DAYS == 14


def _entry(day: date, *signs: str, pain: int = PAIN) -> monitoring.Entry:
    return monitoring.Entry(
        day,
        pain,
        warning_signs=frozenset(signs),
        logged=datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=9),
    )


DAY = date(2026, 11, 30)


@pytest.mark.parametrize("gap", range(1, WINDOW + 1))
@pytest.mark.parametrize(("first", "second"), ORDERED)
def test_signs_on_days_within_the_window_read_together(first, second, gap):
    a = _entry(DAY - timedelta(days=gap), first)
    b = _entry(DAY, second)
    found = monitoring.advice_in_force([a, b])
    assert (
        found.advice.urgency
        == _urgency({first, second})
        > max(_urgency({first}), _urgency({second}))
    )
    assert found.entry is b and found.advice.day == DAY
    assert found.advice.reasons[0].code == "warning_signs_together"
    assert monitoring.advice_by_day([a, b], {DAY})[DAY].urgency == found.advice.urgency


@pytest.mark.parametrize("gap", (OUTSIDE, OUTSIDE + 10))
@pytest.mark.parametrize(("first", "second"), ORDERED)
def test_signs_further_apart_than_the_window_do_not_combine(first, second, gap):
    a = _entry(DAY - timedelta(days=gap), first)
    b = _entry(DAY, second)
    found = monitoring.advice_in_force([a, b])
    assert found.advice.urgency == _urgency({second}) < _urgency({first, second})
    assert all(reason.code != "warning_signs_together" for reason in found.advice.reasons)


@pytest.mark.parametrize(("first", "second"), ORDERED)
def test_a_sign_ticked_again_after_the_other_keeps_the_combined_advice(first, second):
    # The tester's log: the first sign, the other the next day, the first again after that.
    entries = [
        _entry(DAY - timedelta(days=2), first),
        _entry(DAY - timedelta(days=1), second),
        _entry(DAY, first),
    ]
    combined = _urgency({first, second})
    assert monitoring.advice_in_force(entries).advice.urgency == combined
    by_day = monitoring.advice_by_day(entries, {entry.day for entry in entries})
    assert by_day[DAY - timedelta(days=1)].urgency == combined
    assert by_day[DAY].urgency == combined


@pytest.mark.parametrize(("first", "second"), ORDERED)
def test_a_calm_day_after_reminds_of_the_combined_advice(first, second):
    entries = [
        _entry(DAY - timedelta(days=2), first),
        _entry(DAY - timedelta(days=1), second),
        _entry(DAY, pain=1),
    ]
    advice = monitoring.advice_in_force(entries).advice
    recent = next(reason for reason in advice.reasons if reason.code == "recent_care")
    combined = monitoring.advise_signs({first, second}, pain=PAIN).care
    assert recent.day == DAY - timedelta(days=1)
    assert monitoring._TOLD_TO[combined] in recent.text


def test_the_testers_log():
    entries = [
        _entry(date(2026, 11, 28), "numbness"),
        _entry(date(2026, 11, 29), "leg_weakness"),
        _entry(date(2026, 11, 30), "numbness"),
    ]
    advice = monitoring.advice_in_force(entries).advice
    assert advice.label == "Get emergency care now"
    assert "Sun 29 Nov" in advice.reasons[0].because or "29 Nov" in advice.reasons[0].text


def _csv_rows(client, routine):
    body = client.get(reverse("routines:session_log_csv", args=[routine.pk])).content.decode()
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))


@pytest.mark.django_db
@pytest.mark.parametrize("gap", (*WITHIN, OUTSIDE))
@pytest.mark.parametrize(("first", "second"), ORDERED)
def test_every_view_of_the_log_reads_signs_of_recent_days_together(
    client, coach, shared_week_ago, first, second, gap
):
    uk_day(client)
    Routine.objects.filter(pk=shared_week_ago.pk).update(
        created=timezone.now() - timedelta(weeks=6)
    )
    log_session(shared_week_ago, days_ago=gap, pain=PAIN, warning_signs=[first])
    post_log(client, shared_week_ago, {"pain": str(PAIN), "warning": [second]})
    told = current(shared_week_ago)
    combined = _urgency({first, second})
    if gap > WINDOW:
        assert told.urgency == _urgency({second}) < combined
    else:
        assert told.urgency == combined
    b = SessionLog.objects.get(routine=shared_week_ago, day=timezone.localdate())
    label = told.label

    # The runner's pages: the banner of the advice now, and the day's advice on today's entry.
    for url in (
        shared_week_ago.get_share_url(),
        reverse("session_history", args=[shared_week_ago.share_token]),
        reverse("session_list", args=[shared_week_ago.share_token]),
    ):
        html = client.get(url).content.decode()
        assert banner(html) == told.key, url
    history = client.get(
        reverse("session_history", args=[shared_week_ago.share_token])
    ).content.decode()
    entry = entry_html(history, b.pk).replace("&#x27;", "'")
    if gap <= WINDOW:
        assert f"The day's advice: {label.lower()}" in entry

    # The coach's list badge, panel card and CSV.
    client.force_login(coach)
    html = client.get(reverse("routines:list")).content.decode()
    panel = client.get(reverse("routines:builder", args=[shared_week_ago.pk])).content.decode()
    row = next(
        row for row in _csv_rows(client, shared_week_ago) if row["date"] == b.day.isoformat()
    )
    if gap > WINDOW:
        # The list and panel may still show the older entry's own unseen advice; never the
        # pair's combined advice.
        both = monitoring.advise_signs({first, second}, pain=PAIN)
        assert row_badge(html, shared_week_ago.title) != both.coach_label
        assert both.coach_label not in first_card(panel)
        assert row["advice (the day)"] == row["told after this entry"] == label != both.label
        return
    assert row_badge(html, shared_week_ago.title) == told.coach_label
    assert told.coach_label in first_card(panel)
    assert row["advice (the day)"] == label
    assert row["told after this entry"] == label


def test_some_pairs_combine():
    assert COMBINING


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "second"), ORDERED)
def test_the_newest_entry_names_the_advice_now_from_an_earlier_day(
    client, coach, shared_week_ago, first, second
):
    # The second tester's log: a calm entry today, then the two signs back-dated to the two
    # days before, the older last. The banner says the advice now (the day before's, read with
    # the day before that); today's newest entry said only "The day's advice: stop and check
    # your symptoms" beside it. It names the advice now, and whose day it is.
    uk_day(client)
    Routine.objects.filter(pk=shared_week_ago.pk).update(
        created=timezone.now() - timedelta(weeks=6)
    )
    today = timezone.localdate()
    post_log(client, shared_week_ago, {"pain": "1"})
    for days_ago, sign in ((1, second), (2, first)):
        day = (today - timedelta(days=days_ago)).isoformat()
        post_log(client, shared_week_ago, {"pain": str(PAIN), "warning": [sign], "date": day})
    told = current(shared_week_ago)
    assert told.urgency == _urgency({first, second})
    assert told.day == today - timedelta(days=1)
    newest = SessionLog.objects.get(routine=shared_week_ago, day=today)
    day = f"{told.day:%a} {told.day.day} {told.day:%b}"
    now = f"Your advice now: {told.label.lower()} (from your entry for {day})"
    for url in (
        shared_week_ago.get_share_url(),
        reverse("session_history", args=[shared_week_ago.share_token]),
    ):
        html = client.get(url).content.decode()
        assert banner(html) == told.key, url
        assert now in entry_html(html, newest.pk), url
    client.force_login(coach)
    panel = client.get(reverse("routines:builder", args=[shared_week_ago.pk])).content.decode()
    line = entry_html(panel, newest.pk).replace("&#x27;", "'")
    assert f"(the runner's advice now: {told.label.lower()}, from their entry for" in line
