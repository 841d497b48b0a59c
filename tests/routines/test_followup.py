"""Counting the log against the prescription, and the next step per exercise
(routines/followup.py). No database: plain objects stand in for the models."""

from datetime import date, timedelta
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from exercises import dosing
from routines.followup import (
    WEEKS_SHOWN,
    Week,
    current_preset,
    next_step,
    session_days,
    sessions_per_week,
    summarise,
    times_per_week,
    week_start,
)
from routines.monitoring import SessionCount

TODAY = date(2026, 11, 26)  # a Thursday
MONDAY = date(2026, 11, 23)


def item(pk, *, times=2, period="week", sets=(1, 3), reps=(12, 15), loadable=True):
    dose = dosing.Dose(
        sets=dosing.Range(*sets),
        reps=dosing.Range(*reps) if reps else None,
        hold_seconds=None if reps else dosing.Range(30, 60),
        frequency=dosing.Range(times, times),
        period=dosing.Period(period),
    )
    return SimpleNamespace(
        pk=pk,
        frequency_min=times,
        frequency_period=period,
        dose=lambda: dose,
        exercise=SimpleNamespace(pk=100 + pk, loadable=loadable, name=f"Move {pk}"),
    )


def session(day, *item_ids):
    return SimpleNamespace(day=day, item_ids=set(item_ids))


def test_times_per_week():
    assert times_per_week(item(1, times=2)) == 2
    assert times_per_week(item(1, times=1, period="day")) == 7
    # The log counts days: several times a day is still due once a day (fresh tester: "3 times
    # a day" read "1 done of 3 prescribed", adherence 33 %, however much was logged).
    assert times_per_week(item(1, times=3, period="day")) == 7
    assert sessions_per_week([item(1, times=14, period="day"), item(2, times=2)]) == 7
    assert sessions_per_week([item(1, times=2), item(2, times=3)]) == 3
    assert sessions_per_week([]) == 0


def test_week_start_is_monday():
    assert week_start(TODAY) == MONDAY
    assert week_start(MONDAY) == MONDAY
    assert week_start(MONDAY - timedelta(days=1)) == MONDAY - timedelta(days=7)


def test_summary_counts_sessions_per_week_and_per_item():
    items = [item(1), item(2, times=3)]
    sessions = [
        session(MONDAY, 1, 2),
        session(TODAY, 2),
        session(MONDAY - timedelta(days=1), 1),  # last week's Sunday
        session(MONDAY - timedelta(weeks=WEEKS_SHOWN), 1),  # too old to show
    ]
    summary = summarise(items=items, sessions=sessions, today=TODAY)
    assert len(summary.weeks) == WEEKS_SHOWN
    assert summary.weeks[-1].start == MONDAY
    # The week in progress (Monday to Thursday, 4 of 7 days) is prescribed its share so far:
    # 3 a week over 4 days, rounded up, is 2.
    assert [(week.done, week.due) for week in summary.weeks[-2:]] == [(1, 3), (2, 2)]
    assert summary.weeks[-1].adherence == 1.0
    assert summary.weeks[-1].label == "2 done of 2 prescribed so far (4 of 7 days)"
    assert summary.weeks[-2].label == "1 done of 3 prescribed"
    first, second = summary.items
    assert [week.done for week in first.weeks[-2:]] == [1, 1]
    assert [week.done for week in second.weeks[-2:]] == [0, 2]
    assert second.weeks[-1].due == 2
    # The last 14 days up to today: three sessions against 2 x 3 due.
    assert (summary.recent_done, summary.recent_due) == (3, 6)
    assert summary.recent_adherence == 0.5


def test_summary_with_nothing_due():
    summary = summarise(items=[], sessions=[], today=TODAY)
    assert summary.recent_adherence is None
    assert all(week.adherence is None for week in summary.weeks)


def test_current_preset_from_sets_and_reps():
    assert current_preset(item(1).dose()) is dosing.Preset.BEGINNER
    assert current_preset(item(1, sets=(3, 3), reps=(8, 12)).dose()) is (
        dosing.Preset.ADVANCED_MODERATE
    )
    assert current_preset(item(1, sets=(3, 4), reps=(4, 6)).dose()) is dosing.Preset.ADVANCED_HEAVY


def test_next_step_prefers_a_harder_version_not_in_the_routine():
    harder = [SimpleNamespace(pk=7, name="Single-leg bridge"), SimpleNamespace(pk=8, name="B")]
    step = next_step(item(1), harder=harder, in_routine={7})
    assert step.kind == "harder" and step.harder.pk == 8
    assert "B" in step.text


def test_next_step_climbs_the_preset_ladder_then_stops():
    step = next_step(item(1))
    assert (step.kind, step.preset) == ("preset", dosing.Preset.ADVANCED_MODERATE)
    step = next_step(item(1, sets=(3, 3), reps=(8, 12)))
    assert step.preset is dosing.Preset.ADVANCED_HEAVY
    assert next_step(item(1, sets=(3, 4), reps=(4, 6))) is None


def test_no_preset_step_for_body_weight_moves_or_holds():
    assert next_step(item(1, loadable=False)) is None
    assert next_step(item(1, reps=None)) is None


def test_nothing_is_due_before_the_routine_was_made():
    made = TODAY - timedelta(days=2)  # the Tuesday of this week
    summary = summarise(items=[item(1)], sessions=[session(TODAY, 1)], today=TODAY, since=made)
    # Weeks before the routine existed are left out; its first week counts from the day it
    # was made, so far up to today (Tuesday to Thursday of a twice-a-week routine: 1).
    assert [week.due for week in summary.weeks] == [1]
    assert summary.weeks[0].label == "1 done of 1 prescribed so far (3 of 6 days)"
    late = summarise(items=[item(1)], sessions=[], today=TODAY, since=TODAY)
    assert [week.due for week in late.weeks] == [1]
    # Three days of a twice-a-week routine: one session due, rounded up.
    assert (summary.recent_done, summary.recent_due, summary.full_window) == (1, 1, False)
    assert summary.recent_adherence == 1.0


def test_the_window_is_full_once_the_routine_is_two_weeks_old():
    made = TODAY - timedelta(days=13)
    summary = summarise(items=[item(1)], sessions=[], today=TODAY, since=made)
    assert (summary.recent_due, summary.full_window) == (4, True)
    later = summarise(items=[item(1)], sessions=[], today=TODAY, since=made + timedelta(days=1))
    assert later.full_window is False


def test_done_and_due_cover_the_same_days():
    # QA: "6 of 1 prescribed": sessions dated before the routine was made counted as done
    # while nothing was due then.
    made = TODAY
    sessions = [session(TODAY - timedelta(days=n), 1) for n in range(6)]
    summary = summarise(items=[item(1)], sessions=sessions, today=TODAY, since=made)
    assert (summary.recent_done, summary.recent_due) == (1, 1)
    assert summary.counted_from == made


def test_a_range_is_due_its_low_end_and_the_most_frequent_item_sets_the_sessions():
    # "2-7 times a week" is due twice a week; a daily stretch makes the routine 7 a week.
    ranged = item(1, times=2)
    ranged.frequency_max = 7
    assert times_per_week(ranged) == 2
    assert sessions_per_week([ranged, item(2, times=1, period="day")]) == 7
    made = TODAY - timedelta(days=20)
    sessions = [session(TODAY - timedelta(days=n), 1) for n in range(9)]
    summary = summarise(items=[ranged], sessions=sessions, today=TODAY, since=made)
    assert (summary.recent_done, summary.recent_due) == (9, 4)
    assert summary.more_than_prescribed and summary.recent_adherence == 1.0


def test_weeks_newest_first():
    summary = summarise(items=[item(1)], sessions=[], today=TODAY, since=date.min)
    assert summary.weeks_newest_first[0].start == MONDAY
    assert summary.items[0].weeks_newest_first[0].start == MONDAY
    assert len(summary.weeks) == WEEKS_SHOWN


def count(done, prescribed, *, first=MONDAY, days=7, period_days=7):
    return SessionCount(first, first + timedelta(days=days - 1), period_days, done, prescribed)


def test_a_weeks_label_says_what_it_counts():
    # QA: "2/1" read as a fraction; the cells now say done and prescribed in words.
    assert Week(MONDAY, count(2, 3)).label == "2 done of 3 prescribed"
    assert Week(MONDAY, count(2, 1)).label == "2 done of 1 prescribed"
    assert Week(MONDAY, count(1200, 7)).label == "1200 done of 7 prescribed"  # no separator
    assert count(1, 1, days=1).label == "1 done of 1 prescribed so far (1 of 7 days)"
    # The routine's first week, made on a Friday, after it ended.
    assert count(2, 2, days=3, period_days=3).label == "2 done of 2 prescribed (3 days)"
    assert count(1, 1, days=1, period_days=1).label == "1 done of 1 prescribed (1 day)"


# Several entries on one day (the runner may log up to 20 a day) are one session day.


def test_entries_on_one_day_count_as_one_session_and_one_tick_per_exercise():
    # QA: six entries on one day showed "6 of 1" and adherence above 1.
    items = [item(1, times=1), item(2, times=1)]
    sessions = [session(TODAY, 1)] * 3 + [session(TODAY, 1, 2)] + [session(TODAY, 2)] * 2
    summary = summarise(items=items, sessions=sessions, today=TODAY, since=MONDAY)
    week = summary.weeks[-1]
    assert (week.done, week.due) == (1, 1)
    assert [row.weeks[-1].done for row in summary.items] == [1, 1]
    assert (summary.recent_done, summary.recent_due) == (1, 1)
    assert not summary.more_than_prescribed


def test_an_exercise_done_in_any_entry_of_the_day_is_ticked_once_for_that_day():
    items = [item(1), item(2)]
    sessions = [session(MONDAY, 1), session(MONDAY, 2), session(TODAY, 2), session(TODAY, 2)]
    summary = summarise(items=items, sessions=sessions, today=TODAY, since=date.min)
    assert summary.weeks[-1].done == 2
    assert [row.weeks[-1].done for row in summary.items] == [1, 2]


def test_more_days_than_prescribed_show_as_the_count_with_adherence_capped():
    sessions = [session(MONDAY + timedelta(days=n), 1) for n in range(4)]
    summary = summarise(items=[item(1, times=3)], sessions=sessions, today=TODAY, since=date.min)
    week = summary.weeks[-1]
    # Monday to Thursday of a three-a-week routine: 2 prescribed so far.
    assert (week.done, week.due, week.adherence) == (4, 2, 1.0)
    assert week.label == "4 done of 2 prescribed so far (4 of 7 days)"


def test_session_days_merge_the_items_of_a_day():
    assert session_days([session(TODAY, 1), session(TODAY, 2), session(MONDAY, 3)]) == {
        TODAY: frozenset({1, 2}),
        MONDAY: frozenset({3}),
    }


def test_an_entry_with_nothing_done_is_not_a_day_trained():
    """A session skipped (logged for its pain, nothing ticked) counts for the advice, not for
    the tallies; beside an entry that did something on the same day, the day counts once."""
    assert session_days([session(MONDAY), session(TODAY), session(TODAY, 2)]) == {
        TODAY: frozenset({2})
    }
    summary = summarise(items=[item(1)], sessions=[session(MONDAY)], today=TODAY)
    assert summary.weeks[-1].done == 0


@settings(max_examples=200, deadline=None)
@given(
    logged=st.lists(
        st.tuples(st.integers(0, 60), st.sets(st.integers(1, 3), max_size=3)), max_size=60
    ),
    since_back=st.integers(0, 60),
    times=st.lists(st.integers(1, 7), min_size=1, max_size=3),
)
def test_no_day_is_counted_twice_and_adherence_never_exceeds_one(logged, since_back, times):
    items = [item(pk, times=n) for pk, n in enumerate(times, start=1)]
    sessions = [session(TODAY - timedelta(days=back), *ids) for back, ids in logged]
    since = TODAY - timedelta(days=since_back)
    summary = summarise(items=items, sessions=sessions, today=TODAY, since=since)
    days = {s.day for s in sessions if s.item_ids}  # an entry with nothing done: no day
    for week in summary.weeks:
        in_week = {day for day in days if week.start <= day <= week.end and day >= since}
        assert week.done == len(in_week)
        assert week.done <= 7
        assert week.adherence is None or 0 <= week.adherence <= 1
    for row in summary.items:
        for week in row.weeks:
            ticked = {s.day for s in sessions if row.item.pk in s.item_ids and s.day >= since}
            assert week.done == len({day for day in ticked if week.start <= day <= week.end})
            assert week.adherence is None or 0 <= week.adherence <= 1
    window = {day for day in days if summary.counted_from <= day <= TODAY}
    assert summary.recent_done == len(window)
    assert summary.recent_adherence is None or 0 <= summary.recent_adherence <= 1


def test_an_item_done_every_day_meets_a_several_times_a_day_dose():
    thrice = item(1, times=3, period="day")
    week = [session(MONDAY + timedelta(days=n), 1) for n in range(4)]  # Monday to Thursday
    summary = summarise(items=[thrice], sessions=week, today=TODAY, since=MONDAY)
    assert summary.weeks[-1].done == summary.weeks[-1].due == 4
    assert summary.weeks[-1].met
    assert summary.items[0].weeks[-1].met
    assert summary.recent.percent == 100


@settings(max_examples=60, deadline=None)
@given(
    logged=st.lists(
        st.tuples(st.integers(0, 45), st.sets(st.integers(1, 4), max_size=4)), max_size=40
    ),
    since_back=st.integers(0, 50),
    times=st.lists(st.integers(1, 7), min_size=1, max_size=4),
    periods=st.lists(st.sampled_from(["week", "day"]), min_size=4, max_size=4),
)
def test_each_cell_counts_as_count_sessions_does_for_its_item_alone(
    logged, since_back, times, periods
):
    """summarise makes one Week per week, days done and times due, shared by the rows with
    the same counts (it is frozen): each row's week still reads exactly what
    monitoring.count_sessions gives for that item's own days, and the Sessions row's for the
    days trained."""
    from routines.monitoring import count_sessions

    items = [
        item(pk, times=n, period=period)
        for pk, (n, period) in enumerate(zip(times, periods, strict=False), start=1)
    ]
    sessions = [session(TODAY - timedelta(days=back), *ids) for back, ids in logged]
    since = TODAY - timedelta(days=since_back)
    summary = summarise(items=items, sessions=sessions, today=TODAY, since=since)
    trained = session_days(sessions)

    def alone(start, days, per_week):
        first = max(start, since)
        last = start + timedelta(days=6)
        return Week(
            start, count_sessions(days, per_week=per_week, first=first, last=last, today=TODAY)
        )

    per_week = sessions_per_week(items)
    assert summary.weeks == tuple(alone(week.start, trained, per_week) for week in summary.weeks)
    for row in summary.items:
        done = {day for day, ids in trained.items() if row.item.pk in ids}
        assert row.weeks == tuple(
            alone(week.start, done, times_per_week(row.item)) for week in row.weeks
        )
