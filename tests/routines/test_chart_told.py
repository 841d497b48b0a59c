"""QA: a day on which the runner ticked a warning sign that told them to see a doctor today
(or stop, or get emergency care) was drawn as a blue "safe zone" dot when its pain was low:
the chart read "safe" on a day the runner was told to see a doctor. Such days are now drawn as
a diamond (a shape, not a colour), explained in the key and in the point's title. And the
heading said "The last six weeks" above an axis of one week: it now names the days the axis
runs over, which cover every week the week table counts.

Each day's advice is read from routines/monitoring.py (advice_by_day, as the history shows it),
never from a list written here: one day for each offered warning sign, at each of a few pains,
and days of pain alone."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from hipcare.quoting import lower_first
from routines import monitoring
from routines.charts import MARKED_NAME, pain_chart
from routines.models import Routine
from tests.routines.conftest import history_url, log_session, make_shared
from triage import rules as checker

FIRST = date(2026, 6, 1)


def _log() -> list[monitoring.Entry]:
    """Days far enough apart that an earlier day's stop is over by the next (RECENT_CARE_DAYS),
    one offered warning sign each at a low pain, then days of pain alone, low and high."""
    entries, day = [], FIRST
    gap = timedelta(days=monitoring.RECENT_CARE_DAYS + 1)
    for sign in monitoring.OFFERED_SIGNS:
        entries.append(monitoring.Entry(day=day, pain=1, warning_signs=frozenset({sign.key})))
        day += gap
    for pain in (0, 2, 4, 7, 9, 1):
        entries.append(monitoring.Entry(day=day, pain=pain))
        day += timedelta(days=2)
    return entries


def _chart(entries):
    judged = monitoring.Judged(entries)
    by_day = monitoring.advice_by_day(judged.ordered, {e.day for e in entries}, judged=judged)
    chart = pain_chart(
        [(e.day, e.pain) for e in entries],
        first=min(e.day for e in entries),
        last=max(e.day for e in entries),
        advice=by_day,
    )
    return chart, by_day


def _render(chart) -> str:
    return render_to_string(
        "routines/_pain_chart.html",
        {"chart": chart, "chart_id": "runner-pain-chart"},
        RequestFactory().get("/"),
    )


def _points(html: str) -> list[tuple[str, str]]:
    """(element, title) of each plotted point, in date order."""
    return re.findall(r'<(circle|path) class="pain-chart-point[^>]*><title>([^<]+)</title>', html)


def test_every_day_told_to_stop_or_get_care_is_a_diamond_and_its_title_says_the_advice():
    entries = _log()
    chart, by_day = _chart(entries)
    html = _render(chart)
    points = _points(html)
    assert len(points) == len(chart.points) == len(by_day)
    urgent_days = 0
    for point, (element, title) in zip(chart.points, points, strict=True):
        advice = by_day[point.day]
        if advice.urgency >= monitoring.Level.STOP.rank:
            urgent_days += 1
            assert element == "path", (point.day, title)
            assert f"advice that day: {lower_first(advice.label)}" in title, title
        else:
            assert element == "circle", (point.day, title)
            assert "advice that day" not in title, title
    # The log holds days of each kind: stop-or-worse at a low ("safe") pain, and calmer days.
    assert urgent_days and urgent_days < len(points)
    assert any(
        by_day[p.day].care is not None and p.pain <= monitoring.SAFE_MAX for p in chart.points
    ), "no day of 'see a doctor today' or emergency at a safe-zone pain"
    key = re.search(r'<ul class="pain-chart-key[^"]*">(.*?)</ul>', html, re.S).group(1)
    assert MARKED_NAME[:1].upper() + MARKED_NAME[1:] in key


def test_a_log_with_no_urgent_day_has_no_diamond_and_no_key_line_for_it():
    entries = [monitoring.Entry(day=FIRST + timedelta(days=n), pain=n % 5) for n in range(5)]
    chart, by_day = _chart(entries)
    assert all(advice.urgency < monitoring.Level.STOP.rank for advice in by_day.values())
    html = _render(chart)
    assert "<path" not in html and MARKED_NAME not in html.lower()


def _axis_labels(html: str) -> list[str]:
    return re.findall(
        r'<text class="pain-chart-label"[^>]*text-anchor="[^"]+">([^<]+)</text>', html
    )


@pytest.mark.django_db
@pytest.mark.parametrize("days", [1, 7, 42])
def test_the_heading_names_the_days_the_axis_runs_over(client, coach, clamshell, squat, days):
    """A log of one day, one week and six weeks (the routine made as long ago): the heading
    above the chart names the chart's first and last days, which are the axis's ends (labelled
    on it), and every week the week table counts starts on the axis."""
    routine = make_shared(coach, [clamshell, squat], weeks_ago=0)
    # Made at the start of the first day logged, in the runner's zone: "now less 41 days" at
    # 23:30 UTC is already the next day in London when that day was in summer time.
    first = timezone.localdate() - timedelta(days=days - 1)
    made = timezone.make_aware(datetime.combine(first, time.min))
    Routine.objects.filter(pk=routine.pk).update(created=made)
    routine.refresh_from_db()
    # At most a day's limit of entries is logged in one day: every third day of a long log.
    for days_ago in sorted({*range(0, days, 1 if days <= 7 else 3), days - 1}):
        log_session(routine, days_ago=days_ago, pain=days_ago % 4)
    response = client.get(history_url(routine))
    html = response.content.decode()
    heading = re.search(r"<h2[^>]*data-chart-span>([^<]+)</h2>", html).group(1)
    chart = response.context["chart"]
    assert heading == f"Your log, {chart.span}"
    assert chart.span.startswith(f"{chart.first:%-d %b}")
    assert chart.span.endswith(f"{chart.last:%-d %b}")
    labels = _axis_labels(html)
    assert labels[0] == f"{chart.first:%-d %b}" and labels[-1] == f"{chart.last:%-d %b}"
    assert "six weeks" not in heading or (chart.last - chart.first).days >= 41
    table_weeks = re.findall(r'<th scope="col">([^<]+)</th>', html)[1:]
    assert table_weeks
    for week in response.context["summary"].weeks_newest_first:
        assert chart.first <= week.start <= chart.last


@pytest.mark.django_db
def test_the_runners_history_draws_a_doctor_today_day_of_low_pain_as_a_diamond(client, shared):
    """Through the page: a day of pain 1 with a sign the checker sends to a doctor today."""
    sign = next(s for s in monitoring.OFFERED_SIGNS if s.tier is checker.Tier.URGENT)
    log_session(shared, days_ago=3, pain=1)
    log_session(shared, days_ago=2, pain=1, warning_signs=[sign.key])
    html = client.get(history_url(shared)).content.decode()
    points = _points(html)
    assert [element for element, _ in points] == ["circle", "path"], points
    assert "advice that day: see a doctor today" in points[1][1]
