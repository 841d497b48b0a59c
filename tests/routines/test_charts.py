"""The pain chart's geometry (routines/charts.py). No database."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from routines.charts import CHAR_WIDTH, pain_chart
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
        "Worst pain on 2 days from 1 Oct to 4 Oct: lowest 2, highest 8; latest day, 4 Oct: 8 "
        "out of 10."
    )
    # The first and the latest point's days (the latest begins at its day: centred, it would
    # run into 1 Oct), then the weeks with room.
    assert [(tick.label, tick.anchor) for tick in chart.day_ticks] == [
        ("1 Oct", "middle"),
        ("4 Oct", "start"),
        ("15 Oct", "middle"),
        ("22 Oct", "middle"),
        ("29 Oct", "middle"),
        ("5 Nov", "middle"),
    ]
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
        "1 Oct: pain 2 out of 10 (safe zone, 0 to 2)",
        "2 Oct: pain 5 out of 10 (acceptable zone, 3 to 5)",
        "11 Nov: pain 8 out of 10 (high-risk zone, 6 to 10)",
    ]
    assert [point.fill for point in chart.points] == ["#0b5ed7", "#9a5200", "#b02a37"]


def test_the_summary_names_the_latest_day_as_the_chart_plots_it():
    """Fresh tester: "lowest 4, highest 4; latest session ... 2 out of 10" mixed each day's
    worst pain with the latest entry. The summary reads the points, so its latest is the last
    day's worst pain, named as a day; a day of several entries says so in its point's title."""
    last_day = FIRST + timedelta(days=3)
    chart = pain_chart([(FIRST, 4), (last_day, 4), (last_day, 2)], first=FIRST, last=LAST)
    assert [point.pain for point in chart.points] == [4, 4]
    assert chart.summary == (
        "Worst pain on 2 days from 1 Oct to 4 Oct: lowest 4, highest 4; latest day, 4 Oct: 4 "
        "out of 10."
    )
    assert "session" not in chart.summary
    assert [title for _zone, _fill, _x, _y, title, _diamond in chart.drawn_points] == [
        "1 Oct: pain 4 out of 10 (acceptable zone, 3 to 5)",
        "4 Oct: worst pain 4 out of 10 over 2 entries (acceptable zone, 3 to 5)",
    ]
    # Every number the summary gives is a plotted point's pain.
    pains = {point.pain for point in chart.points}
    assert chart.points[-1].day == last_day and chart.points[-1].pain in pains


def test_a_week_of_sessions_labels_the_latest_points_day_not_only_the_first():
    """Fresh tester: the runner's chart of a week said only "24 Nov" under its axis, so the
    latest point had no date. Both ends are labelled; the last one ends at its day, inside
    the chart."""
    today = date(2026, 11, 30)
    sessions = [(date(2026, 11, 24), 2), (date(2026, 11, 27), 4), (today, 3)]
    chart = pain_chart(sessions, first=today - timedelta(weeks=6), last=today, fit_days=7)
    labels = [(tick.label, tick.position, tick.anchor) for tick in chart.day_ticks]
    assert labels == [("24 Nov", chart.left, "middle"), ("30 Nov", chart.right, "end")]
    # As the template places them: x, y, words, text-anchor.
    assert [(label[2], label[3]) for label in chart.day_labels] == [
        ("24 Nov", "middle"),
        ("30 Nov", "end"),
    ]


def test_the_latest_point_before_today_is_labelled_at_its_own_day():
    last = FIRST + timedelta(days=6)
    chart = pain_chart([(FIRST, 2), (FIRST + timedelta(days=4), 5)], first=FIRST, last=last)
    assert [tick.label for tick in chart.day_ticks] == ["1 Oct", "5 Oct"]
    assert chart.day_ticks[-1].position == chart.points[-1].x


def _span(tick) -> tuple[float, float]:
    size = len(tick.label) * CHAR_WIDTH
    start = {
        "middle": tick.position - size / 2,
        "start": tick.position,
        "end": tick.position - size,
    }
    return start[tick.anchor], start[tick.anchor] + size


@given(
    st.lists(st.tuples(st.integers(0, 41), st.integers(0, 10)), max_size=12),
    st.sampled_from([None, 7]),
)
def test_the_latest_point_always_has_its_date_and_no_two_labels_touch(logged, fit_days):
    chart = pain_chart(
        [(FIRST + timedelta(days=day), pain) for day, pain in logged],
        first=FIRST,
        last=LAST,
        fit_days=fit_days,
    )
    labelled = {tick.label for tick in chart.day_ticks}
    if chart.points:
        assert f"{chart.points[-1].day:%-d %b}" in labelled
    else:
        assert f"{chart.first:%-d %b}" in labelled
    spans = sorted(_span(tick) for tick in chart.day_ticks)
    assert all(start >= 0 and end <= chart.width for start, end in spans)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_a_single_day_reads_as_one_day_not_a_range():
    """Fresh tester: "Worst pain on 1 day from 1 Dec to 1 Dec". One day logged (several
    entries on it or one) is named once, with no range; two days still read as a range."""
    for sessions in ([(FIRST, 4)], [(FIRST, 2), (FIRST, 4)]):
        summary = pain_chart(sessions, first=FIRST, last=LAST).summary
        assert summary == "Worst pain on one day only; latest day, 1 Oct: 4 out of 10."
        assert " to " not in summary and "from" not in summary
    two = pain_chart([(FIRST, 4), (FIRST + timedelta(days=1), 3)], first=FIRST, last=LAST)
    assert "from 1 Oct to 2 Oct" in two.summary


def test_the_axis_first_day_keeps_its_label_beside_a_point_the_day_after():
    """The heading names the axis's first day (the week table's first Monday); a first point
    the day after took that label's place, so the axis began "27 Oct" under "26 Oct to ..."."""
    monday, last = date(2026, 10, 26), date(2026, 12, 2)
    sessions = [(monday + timedelta(days=n), 2) for n in range(1, 38, 3)] + [(last, 1)]
    chart = pain_chart(sessions, first=monday, last=last)
    labels = [tick.label for tick in chart.day_ticks]
    assert labels[0] == "26 Oct" and labels[-1] == "2 Dec", labels
    assert "27 Oct" not in labels
