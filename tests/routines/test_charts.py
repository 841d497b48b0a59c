"""The pain chart's geometry (routines/charts.py). No database."""

from datetime import date, timedelta

import pytest

from routines.charts import pain_chart
from routines.monitoring import Zone

FIRST = date(2026, 10, 1)
LAST = FIRST + timedelta(days=41)


def test_points_sit_by_date_and_pain():
    chart = pain_chart([(LAST, 10), (FIRST, 0)], first=FIRST, last=LAST)
    low, high = chart.points
    assert (low.x, low.y) == (chart.left, chart.bottom)
    assert (high.x, high.y) == (chart.right, chart.top)
    assert chart.polyline == f"{low.x},{low.y} {high.x},{high.y}"
    assert (low.zone, high.zone) == (Zone.SAFE, Zone.HIGH_RISK)


def test_limit_line_is_at_five():
    chart = pain_chart([], first=FIRST, last=LAST)
    assert chart.limit_y == pytest.approx((chart.top + chart.bottom) / 2, abs=0.1)
    assert chart.empty
    assert chart.summary == "No sessions logged yet."


def test_sessions_outside_the_window_are_left_out():
    chart = pain_chart(
        [(FIRST - timedelta(days=1), 3), (FIRST, 4), (LAST + timedelta(days=1), 5)],
        first=FIRST,
        last=LAST,
    )
    assert [point.pain for point in chart.points] == [4]


def test_summary_and_week_ticks():
    chart = pain_chart([(FIRST, 2), (FIRST + timedelta(days=3), 8)], first=FIRST, last=LAST)
    assert chart.summary == (
        "Worst pain on 2 days from 1 Oct to 4 Oct: lowest 2, highest 8, latest 8 out of 10."
    )
    assert len(chart.day_ticks) == 6
    assert [tick.label for tick in chart.pain_ticks] == ["0", "5", "10"]


def test_one_day_window_and_bad_input():
    assert pain_chart([(FIRST, 1)], first=FIRST, last=FIRST).points[0].x == pytest.approx(26)
    with pytest.raises(ValueError):
        pain_chart([], first=LAST, last=FIRST)
    with pytest.raises(ValueError):
        pain_chart([(FIRST, 11)], first=FIRST, last=LAST)


def test_one_point_per_day_the_days_worst():
    day = date(2026, 10, 5)
    chart = pain_chart(
        [(day, 2), (day, 7), (day, 4), (day + timedelta(days=1), 1)],
        first=day - timedelta(weeks=6),
        last=day + timedelta(days=1),
    )
    assert [(point.day, point.pain) for point in chart.points] == [
        (day, 7),
        (day + timedelta(days=1), 1),
    ]
    assert len({point.x for point in chart.points}) == 2  # no vertical spike


@pytest.mark.parametrize(
    ("earliest_back", "expected_first_back"),
    # At least a week; a session before `first` is left out, so it does not widen the axis.
    [(0, 6), (3, 6), (6, 6), (10, 10), (41, 41), (60, 6)],
)
def test_fit_days_scales_the_axis_to_the_data(earliest_back, expected_first_back):
    last = date(2026, 11, 26)
    first = last - timedelta(days=41)
    sessions = [(last - timedelta(days=earliest_back), 3), (last, 2)]
    chart = pain_chart(sessions, first=first, last=last, fit_days=7)
    assert chart.first == last - timedelta(days=expected_first_back)
    if 6 <= earliest_back <= 41:
        assert chart.points[0].x == chart.left and chart.points[-1].x == chart.right


def test_each_point_says_its_day_and_pain_and_is_coloured_by_zone():
    chart = pain_chart(
        [(FIRST, 2), (FIRST + timedelta(days=1), 5), (LAST, 8)], first=FIRST, last=LAST
    )
    assert [point.title for point in chart.points] == [
        "1 Oct: pain 2 out of 10",
        "2 Oct: pain 5 out of 10",
        "11 Nov: pain 8 out of 10",
    ]
    assert [point.fill for point in chart.points] == ["#0b5ed7", "#9a5200", "#b02a37"]


def test_the_summarys_latest_is_the_latest_session_given_not_the_days_worst():
    # Two entries on the last day, 8 then 3: the point is the day's worst, the latest is 3.
    last_day = FIRST + timedelta(days=3)
    chart = pain_chart(
        [(FIRST, 2), (last_day, 8), (last_day, 3)], first=FIRST, last=LAST, latest=(last_day, 3)
    )
    assert [point.pain for point in chart.points] == [2, 8]
    assert chart.summary == (
        "Worst pain on 2 days from 1 Oct to 4 Oct: lowest 2, highest 8; latest session, "
        "on 4 Oct: 3 out of 10."
    )
