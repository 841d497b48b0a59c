"""The pain-monitoring rules (routines/monitoring.py) at their boundaries. No database."""

import ast
import itertools
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routines import monitoring
from routines.monitoring import (
    Entry,
    Level,
    Morning,
    Zone,
    adherence,
    advise,
    chronological,
    latest,
    pain_rising,
    ready_to_progress,
    zone,
)
from triage import rules as triage_rules

MONDAY = date(2026, 11, 2)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def entry(n: int = 0, pain: int = 0, **fields) -> Entry:
    return Entry(day=day(n), pain=pain, **fields)


def codes(advice) -> set[str]:
    return {reason.code for reason in advice.reasons}


# The module itself


def test_monitoring_imports_no_django():
    tree = ast.parse(Path(monitoring.__file__).read_text())
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "django" not in imported


def test_module_names_its_sources():
    doc = monitoring.__doc__
    for needle in (
        "Silbernagel",
        "Am J Sports Med 2007",
        "Thomeé",
        "Phys Ther 1997",
        "Mellor",
        "BMJ 2018",
    ):
        assert needle in doc


def test_every_reason_names_known_sources():
    advice = advise(
        [
            entry(0, 0),
            entry(8, 2),
            entry(9, 4, morning=Morning.WORSE),
            entry(10, 9, warning_signs={"fever"}),
        ]
    )
    assert advice.reasons
    for reason in advice.reasons:
        assert reason.sources and set(reason.sources) <= set(monitoring.SOURCES)


def test_warning_signs_point_at_real_checker_rules():
    slugs = {rule.slug for rule in triage_rules.RULES}
    for sign in monitoring.WARNING_SIGNS:
        assert sign.checker_rules and set(sign.checker_rules) <= slugs, sign.key


def test_severe_pain_is_the_checkers_line():
    """The checker's "severe-pain" rule fires at SEVERE_PAIN and not one below it."""
    rule = triage_rules.rule_by_slug("severe-pain")
    base = {
        "age": 30,
        "onset": "gradual",
        "location": "outer_side",
        "duration_days": 3,
        "weight_bearing": "full",
        "improving": "not_tried",
    }
    assert rule.applies(triage_rules.Answers(severity=monitoring.SEVERE_PAIN, **base))
    assert not rule.applies(triage_rules.Answers(severity=monitoring.SEVERE_PAIN - 1, **base))


# Zones


@pytest.mark.parametrize(
    ("pain", "expected"),
    [
        (0, Zone.SAFE),
        (2, Zone.SAFE),
        (3, Zone.ACCEPTABLE),
        (5, Zone.ACCEPTABLE),
        (6, Zone.HIGH_RISK),
        (10, Zone.HIGH_RISK),
    ],
)
def test_zone_edges(pain, expected):
    assert zone(pain) is expected


@pytest.mark.parametrize("pain", [-1, 11, 100])
def test_pain_out_of_range_is_refused(pain):
    with pytest.raises(ValueError):
        zone(pain)
    with pytest.raises(ValueError):
        Entry(day=MONDAY, pain=pain)


@pytest.mark.parametrize("pain", [5.5, "5", None, True])
def test_pain_must_be_an_int(pain):
    with pytest.raises(TypeError):
        Entry(day=MONDAY, pain=pain)


def test_unknown_warning_sign_is_refused():
    with pytest.raises(ValueError):
        Entry(day=MONDAY, pain=1, warning_signs={"broken_leg"})


def test_unknown_morning_is_refused():
    with pytest.raises(ValueError):
        Entry(day=MONDAY, pain=1, morning="awful")


def test_advise_needs_an_entry():
    with pytest.raises(ValueError):
        advise([])


# Pain during or after the session


@pytest.mark.parametrize("pain", [0, 1, 2, 3, 4, 5])
def test_pain_up_to_five_is_carry_on(pain):
    advice = advise([entry(0, pain)])
    assert advice.level is Level.CONTINUE
    assert advice.reasons == ()
    assert not advice.check_symptoms


def test_pain_of_six_is_ease_back():
    advice = advise([entry(0, 6)])
    assert advice.level is Level.EASE_BACK
    assert codes(advice) == {"above_acceptable"}


def test_pain_of_seven_is_stop():
    advice = advise([entry(0, 7)])
    assert advice.level is Level.STOP
    assert "severe_pain" in codes(advice)
    assert advice.check_symptoms


@pytest.mark.parametrize("pain", [8, 9, 10])
def test_severe_pain_is_stop(pain):
    assert advise([entry(0, pain)]).level is Level.STOP


# The next morning


def test_worse_morning_is_ease_back_even_with_low_pain():
    advice = advise([entry(0, 1, morning=Morning.WORSE)])
    assert advice.level is Level.EASE_BACK
    assert codes(advice) == {"worse_morning"}


@pytest.mark.parametrize("morning", [Morning.BETTER, Morning.SAME, None, "same"])
def test_other_mornings_change_nothing(morning):
    assert advise([entry(0, 3, morning=morning)]).level is Level.CONTINUE


# Warning signs


@pytest.mark.parametrize("sign", [sign.key for sign in monitoring.WARNING_SIGNS])
def test_any_warning_sign_is_stop(sign):
    advice = advise([entry(0, 0, warning_signs={sign})])
    assert advice.level is Level.STOP
    assert "warning_sign" in codes(advice)


# Trend over sessions


def test_steep_rise_into_high_risk_is_stop_even_below_severe():
    advice = advise([entry(0, 2), entry(1, 3), entry(2, 6)])
    assert advice.level is Level.STOP
    assert "steep_rise" in codes(advice)


def test_rise_of_two_into_high_risk_is_only_ease_back():
    advice = advise([entry(0, 4), entry(1, 6)])
    assert advice.level is Level.EASE_BACK
    assert codes(advice) == {"above_acceptable"}


def test_steep_rise_within_acceptable_is_ease_back():
    advice = advise([entry(0, 1), entry(1, 4)])
    assert advice.level is Level.EASE_BACK
    assert codes(advice) == {"rising"}


def test_rise_is_measured_from_the_lower_of_the_two_sessions_before():
    # 2 -> 5 -> 5: the latest is 3 above the lower of the two before it.
    assert "rising" in codes(advise([entry(0, 2), entry(1, 5), entry(2, 5)]))
    # Three sessions back does not count: 2, 4, 4, 5 -> lowest of the two before is 4.
    assert advise([entry(0, 2), entry(1, 4), entry(2, 4), entry(3, 5)]).level is Level.CONTINUE


def test_falling_pain_is_carry_on():
    assert advise([entry(0, 5), entry(1, 2)]).level is Level.CONTINUE


def test_higher_than_last_week_is_ease_back():
    # Last week (days 0-6) worst 2; this week (days 7-13) worst 3.
    advice = advise([entry(0, 2), entry(9, 2), entry(10, 3)])
    assert advice.level is Level.EASE_BACK
    assert codes(advice) == {"higher_than_last_week"}


def test_week_edges_are_seven_days_back_from_the_latest():
    # Day 3 is 7 days before day 10: last week. Day 4 is this week.
    assert "higher_than_last_week" in codes(advise([entry(3, 1), entry(10, 2)]))
    assert advise([entry(4, 1), entry(10, 2)]).level is Level.CONTINUE
    # 14 days back is outside both weeks.
    assert advise([entry(-4, 1), entry(10, 2)]).level is Level.CONTINUE


def test_same_as_last_week_is_carry_on():
    assert advise([entry(0, 3), entry(8, 3)]).level is Level.CONTINUE


def test_advice_is_about_the_given_entry_and_what_came_before():
    first, later = entry(0, 1), entry(1, 9)
    assert advise([first, later], about=first).level is Level.CONTINUE
    assert advise([first, later]).level is Level.STOP


def test_entries_in_any_order():
    entries = [entry(2, 6), entry(0, 2), entry(1, 3)]
    assert advise(entries).level is Level.STOP


def test_most_cautious_reason_wins_and_all_are_listed():
    advice = advise([entry(0, 1), entry(1, 8, morning=Morning.WORSE, warning_signs={"fever"})])
    assert advice.level is Level.STOP
    assert codes(advice) >= {"warning_sign", "severe_pain", "steep_rise", "worse_morning"}


# The coach's alert


def test_pain_rising():
    assert not pain_rising([])
    assert not pain_rising([entry(0, 9)])
    assert pain_rising([entry(0, 1), entry(1, 4)])
    assert not pain_rising([entry(0, 1), entry(1, 3)])
    assert pain_rising([entry(0, 1), entry(8, 2)])
    assert not pain_rising([entry(0, 4), entry(8, 2)])


# Adherence and progression


@pytest.mark.parametrize(
    ("done", "due", "expected"),
    [(0, 4, 0.0), (3, 4, 0.75), (4, 4, 1.0), (6, 4, 1.0), (0, 0, None), (2, 0, None)],
)
def test_adherence(done, due, expected):
    assert adherence(done, due) == expected


def test_adherence_refuses_negative_counts():
    with pytest.raises(ValueError):
        adherence(-1, 2)


TODAY = day(13)


def good_fortnight():
    return [entry(n, 2, morning=Morning.SAME) for n in (0, 3, 7, 10)]


@pytest.mark.parametrize(
    ("done", "due", "ready"),
    [(4, 5, True), (3, 4, False), (8, 10, True), (7, 10, False), (4, 0, False)],
)
def test_progression_needs_eighty_percent(done, due, ready):
    entries = good_fortnight()
    assert ready_to_progress(entries, sessions_done=done, sessions_due=due, today=TODAY) is ready


@pytest.mark.parametrize(("pain", "ready"), [(3, True), (4, False)])
def test_progression_needs_pain_of_three_or_less(pain, ready):
    entries = [*good_fortnight(), entry(12, pain)]
    assert ready_to_progress(entries, sessions_done=4, sessions_due=4, today=TODAY) is ready


def test_progression_needs_no_worse_morning_and_no_warning_sign():
    worse = [*good_fortnight(), entry(12, 1, morning=Morning.WORSE)]
    sign = [*good_fortnight(), entry(12, 1, warning_signs={"numbness"})]
    for entries in (worse, sign):
        assert not ready_to_progress(entries, sessions_done=4, sessions_due=4, today=TODAY)


def test_progression_looks_at_the_last_fourteen_days_only():
    old_pain = [entry(-1, 9), *good_fortnight()]  # day -1 is 15 days before day 13
    assert ready_to_progress(old_pain, sessions_done=4, sessions_due=4, today=TODAY)
    edge_pain = [entry(0, 9), entry(7, 1)]  # day 0 is the 14th day back
    assert not ready_to_progress(edge_pain, sessions_done=4, sessions_due=4, today=TODAY)


def test_progression_needs_a_session_in_the_window():
    assert not ready_to_progress([], sessions_done=4, sessions_due=4, today=TODAY)


# Week on week: the session's own pain against the week before (QA, issue 18 follow-up)


def test_pain_free_session_after_a_stop_is_not_ease_back_on_the_week_rule():
    # Last week worst 2; yesterday 8 (stop), the same next morning; today pain 0. (A worse
    # next morning would ease today back: test_advice_carries_over.py.)
    entries = [entry(0, 2), entry(8, 8, morning=Morning.SAME), entry(9, 0)]
    assert advise(entries, about=entries[1]).level is Level.STOP
    advice = advise(entries)
    assert advice.level is Level.CONTINUE
    assert "higher_than_last_week" not in codes(advice)


@pytest.mark.parametrize(
    ("pain", "expected"),
    [(0, Level.CONTINUE), (2, Level.CONTINUE), (3, Level.EASE_BACK), (4, Level.EASE_BACK)],
)
def test_week_rule_compares_the_session_with_last_weeks_worst(pain, expected):
    # The week before day 10 is days -3 to 3 (worst 2); day 8's 2 is this week.
    entries = [entry(0, 2), entry(8, 2), entry(10, pain)]
    assert advise(entries).level is expected


def test_earlier_bad_session_this_week_does_not_carry_the_week_rule():
    entries = [entry(0, 1), entry(7, 4), entry(9, 1)]
    assert "higher_than_last_week" not in codes(advise(entries))
    assert not pain_rising(entries)


def test_pain_free_never_eases_back_without_a_worse_morning():
    for history in ([entry(0, 0)], [entry(0, 0), entry(1, 5)], [entry(-3, 0), entry(5, 6)]):
        latest = entry(10, 0)
        assert advise([*history, latest]).level is Level.CONTINUE
        assert advise([*history, entry(10, 0, morning=Morning.WORSE)]).level is Level.EASE_BACK


# The latest entry: by the session's day, then by when it was logged (one definition for the
# coach's panel, the chart's summary and the runner's advice).

NOON = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def logged(n: int, pain: int, minutes: int, **fields) -> Entry:
    """An entry for day `n`, logged `minutes` after NOON."""
    return entry(n, pain, logged=NOON + timedelta(minutes=minutes), **fields)


def test_latest_is_the_last_logged_entry_of_the_most_recent_day():
    first, second = logged(3, 6, 0), logged(3, 2, 5)
    assert latest([second, first]) is second
    assert chronological([second, first]) == [first, second]


def test_a_back_dated_entry_logged_later_is_not_the_latest():
    newer_day = logged(5, 1, 0)
    back_dated = logged(2, 8, 60)
    assert latest([newer_day, back_dated]) is newer_day
    assert chronological([newer_day, back_dated]) == [back_dated, newer_day]
    # The advice is about the newer day's entry, the back-dated one in its history.
    assert advise([newer_day, back_dated]) == advise([back_dated, newer_day], about=newer_day)


def test_latest_of_nothing_is_none_and_entries_without_a_time_keep_their_order():
    assert latest([]) is None
    a, b = entry(1, 1), entry(1, 2)
    assert latest([a, b]) is b and latest([b, a]) is a


def test_the_advice_on_an_entry_ignores_entries_logged_after_it_that_day():
    # Judged again (a next-morning answer) after a later entry the same day: the later entry
    # is not "a session before it".
    before = logged(2, 4, -3000)
    early = logged(4, 4, 0)
    later = logged(4, 0, 30)
    # 4 then 4 is no rise; the 0 logged after it must not make it one.
    assert "rising" not in codes(advise([before, early, later], about=early))
    assert codes(advise([before, early, later], about=early)) == codes(
        advise([before, early], about=early)
    )


def test_pain_rising_reads_the_latest_day_whatever_the_order_given():
    # 0, 0 then 4: a steep rise, even when the back-dated 0 was logged last.
    entries = [logged(1, 0, 0), logged(3, 4, 10), logged(2, 0, 20)]
    assert pain_rising(entries)
    # Day 3 is one session whose pain is its highest, 4: a calmer entry logged after it does
    # not hide the rise (the runner's advice for the day eases back for it too).
    calmer_later = [logged(1, 0, 0), logged(2, 0, 10), logged(3, 4, 20), logged(3, 1, 30)]
    assert pain_rising(calmer_later)
    assert "rising" in codes(monitoring.advise_now(calmer_later))
    assert not pain_rising([logged(1, 3, 0), logged(2, 3, 10), logged(3, 4, 20), logged(3, 1, 30)])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 20), st.integers(0, 10), st.integers(0, 10_000)),
        min_size=1,
        max_size=30,
        unique_by=lambda t: t[2],
    ),
    st.randoms(use_true_random=False),
)
def test_latest_is_the_newest_by_day_then_by_time_logged_in_any_order(rows, rng):
    entries = [logged(n, pain, minutes) for n, pain, minutes in rows]
    shuffled = entries[:]
    rng.shuffle(shuffled)
    newest = max(entries, key=lambda e: (e.day, e.logged))
    assert latest(shuffled) is newest
    assert chronological(shuffled) == sorted(entries, key=lambda e: (e.day, e.logged))
    assert advise(shuffled).reasons == advise(entries, about=newest).reasons


# The advice now: the latest day's, from every entry of that day (advise_now).


def logged_at(n: int, minute: int) -> datetime:
    return datetime.combine(day(n), datetime.min.time(), tzinfo=UTC) + timedelta(minutes=minute)


def test_a_calmer_entry_later_the_same_day_does_not_hide_a_stop():
    entries = [
        Entry(day(0), 8, logged=logged_at(0, 1)),
        Entry(day(0), 2, warning_signs=frozenset({"fever"}), logged=logged_at(0, 2)),
        Entry(day(0), 3, logged=logged_at(0, 3)),
    ]
    assert advise(entries).level is Level.CONTINUE  # the last entry alone
    now = monitoring.advise_now(entries)
    assert now.level is Level.STOP and now.needs_a_look
    assert (now.day, now.entries, now.pain) == (day(0), 3, 8)
    text = " ".join(reason.text for reason in now.reasons)
    # The reasons name what triggered them, and that it was an earlier entry that day.
    assert "Pain of 8 out of 10" in text and "I have a temperature" in text
    assert text.count(monitoring.EARLIER_THAT_DAY) == 2


def test_advice_now_reads_the_worst_morning_and_every_sign_of_the_day():
    entries = [
        Entry(day(0), 1, logged=logged_at(0, 1)),
        Entry(day(1), 1, morning=Morning.WORSE, logged=logged_at(1, 1)),
        Entry(day(1), 1, morning=Morning.BETTER, logged=logged_at(1, 2)),
    ]
    now = monitoring.advise_now(entries)
    assert now.level is Level.EASE_BACK and now.morning is Morning.WORSE
    assert codes(now) == {"worse_morning"}
    signs = [
        Entry(day(1), 1, warning_signs=frozenset({"fever"}), logged=logged_at(1, 1)),
        Entry(day(1), 1, warning_signs=frozenset({"numbness"}), logged=logged_at(1, 2)),
    ]
    now = monitoring.advise_now(signs)
    assert now.warning_signs == {"fever", "numbness"}
    # This entry's sign is this entry's; the earlier entry's is said to be from it.
    this, earlier = now.reasons
    assert "tingling" in this.text and "temperature" not in this.text
    assert not this.text.startswith(monitoring.EARLIER_THAT_DAY)
    assert earlier.text.startswith(monitoring.EARLIER_THAT_DAY) and "temperature" in earlier.text


def test_advice_now_is_about_the_latest_day_whatever_the_order_logged():
    # A back-dated entry logged last is not the latest day: it changes nothing today.
    today = Entry(day(5), 1, logged=logged_at(5, 1))
    back_dated = Entry(day(1), 9, logged=logged_at(5, 2))
    now = monitoring.advise_now([today, back_dated])
    assert now.day == day(5) and now.entries == 1
    assert monitoring.advise_now([]) is None


@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),
            st.integers(0, 10),
            st.sampled_from([None, *Morning]),
            st.frozensets(st.sampled_from(sorted(monitoring.WARNING_SIGN_KEYS)), max_size=2),
        ),
        min_size=1,
        max_size=8,
    )
)
@settings(max_examples=200, deadline=None)
def test_advice_now_is_the_most_urgent_of_the_latest_days_entries(rows):
    entries = [
        Entry(day(n), pain, morning=morning, warning_signs=signs, logged=logged_at(n, minute))
        for minute, (n, pain, morning, signs) in enumerate(rows)
    ]
    now = monitoring.advise_now(entries)
    last_day = max(entry.day for entry in entries)
    of_day = [entry for entry in entries if entry.day == last_day]
    each = [advise(entries, about=entry).level.rank for entry in of_day]
    # Never milder than any of the day's entries got, whatever was logged after it.
    assert now.level.rank == max(each)
    assert now.pain == max(entry.pain for entry in of_day)
    assert now.warning_signs == frozenset().union(*(entry.warning_signs for entry in of_day))
    if any(entry.warning_signs for entry in of_day) or now.pain >= monitoring.SEVERE_PAIN:
        assert now.level is Level.STOP
    if any(entry.morning is Morning.WORSE for entry in of_day):
        assert now.level.rank >= Level.EASE_BACK.rank and now.morning is Morning.WORSE
    assert now.needs_a_look == (now.level is not Level.CONTINUE)
    assert len({reason.code for reason in now.reasons}) == len(now.reasons)


# Wording: quoted labels and the coach's third person.


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("I have a temperature", "I have a temperature"),
        ("I've had a fall", "I've had a fall"),
        ("I\u2019ve had a fall", "I\u2019ve had a fall"),
        ("HipCare says", "HipCare says"),
        ("The hip is swollen", "the hip is swollen"),
        ("Numbness, tingling", "numbness, tingling"),
        ("It hurts", "it hurts"),
    ],
)
def test_quoted_keeps_the_capital_of_i_and_names(label, expected):
    assert monitoring.quoted(label) == expected


def test_every_warning_sign_starting_with_i_keeps_its_capital_in_the_advice():
    for sign in monitoring.WARNING_SIGNS:
        (reason,) = advise([entry(0, 0, warning_signs=frozenset({sign.key}))]).reasons
        if sign.label.split()[0] in ("I", "I've", "I'm"):
            assert f"({sign.label})" in reason.text


def test_the_coach_reads_every_reason_in_the_third_person():
    cases = [
        [entry(0, 1), entry(1, 8, morning=Morning.WORSE, warning_signs=frozenset({"fever"}))],
        [entry(0, 1), entry(1, 1), entry(2, 4)],
        [entry(0, 1), entry(1, 1), entry(2, 6)],
        [entry(0, 1), entry(7, 2)],
    ]
    for entries in cases:
        for reason in advise(entries).reasons:
            words = reason.coach_text.lower().replace(",", " ").replace(".", " ").split()
            assert not {"you", "your"} & set(words), reason.coach_text
    signs = advise([entry(0, 1, warning_signs=frozenset({"fever"}))]).reasons[0]
    assert signs.coach_text.startswith("The runner ticked a warning sign (I have")


# The rise's wording says what was compared, with the numbers (fresh tester: "Your pain has
# climbed 6 points over your last sessions" when the last two entries went 8 then 6).


def test_pain_coming_down_is_not_a_rise_whatever_was_two_sessions_before():
    # 0, 8, then 6: 6 points above two sessions before, but 2 below the session before.
    advice = advise([entry(0, 0), entry(1, 8), entry(2, 6)])
    # The model's reading of 6: ease back (with the reminder of the stop after the 8).
    assert codes(advice) == {"above_acceptable", "recent_stop"}
    assert advice.level is Level.EASE_BACK
    assert not pain_rising([entry(0, 0), entry(1, 8), entry(2, 6)])
    # 2, 6, then 5: back within what the programme allows.
    assert advise([entry(0, 2), entry(1, 6), entry(2, 5)]).level is Level.CONTINUE


def test_a_rise_says_what_it_compared():
    steep = advise([entry(0, 0), entry(1, 3), entry(2, 6)])
    assert [reason.text for reason in steep.reasons if reason.code == "steep_rise"] == [
        "Pain of 6 out of 10 is 6 points higher than two session days before (0 on Monday 2 "
        "November, then 3 on Tuesday 3 November, then 6 out of 10; a day counts by its highest "
        "pain), up into the range the programme does not accept (above 5)."
    ]
    rising = advise([entry(0, 2), entry(1, 5)])
    assert [reason.text for reason in rising.reasons] == [
        "Pain of 5 out of 10 is 3 points higher than on the session day before, Monday 2 "
        "November (2 out of 10, the highest that day)."
    ]
    further = advise([entry(0, 6), entry(1, 9)])
    assert "9 out of 10 is 3 points higher" in " ".join(r.text for r in further.reasons)
    assert "further into the range" in " ".join(r.text for r in further.reasons)


def test_the_week_before_says_its_worst():
    advice = advise([entry(0, 2), entry(9, 2), entry(10, 3)])
    assert [reason.text for reason in advice.reasons] == [
        "Pain of 3 out of 10 is higher than your worst in the week before, Fri 30 Oct to "
        "Thu 5 Nov (2 out of 10); pain should not build from week to week."
    ]
    assert "their worst in the week before, Fri 30 Oct" in advice.reasons[0].coach_text


def test_the_week_before_is_named_by_its_dates_in_the_entry_s_reasons():
    """The tester's 23 Nov: pain 4, three days after a 6 and higher than the 3 of 10-16 Nov.
    "The week before" (7 to 13 days earlier) is not something the runner can see: the
    entry's reasons name its dates and its worst."""
    day = date(2026, 11, 23)
    log = [
        monitoring.Entry(day - timedelta(days=10), 3),
        monitoring.Entry(day - timedelta(days=3), 6),
    ]
    advice = advise([*log, monitoring.Entry(day, 4)])
    assert advice.level is monitoring.Level.EASE_BACK
    assert monitoring.because(advice) == (
        "because pain 4 out of 10 is higher than your worst of Tue 10 to Mon 16 Nov (3 out of 10)"
    )


def test_an_entry_s_because_lists_every_reason_that_applied():
    """The tester's 20 Nov: pain 6 after a 2, the next morning worse: a stop for the rise,
    and the pain above 5 and the worse morning apply too (each an ease back)."""
    day = date(2026, 11, 20)
    advice = advise(
        [monitoring.Entry(day - timedelta(days=2), 2), monitoring.Entry(day, 6, morning="worse")]
    )
    assert advice.level is monitoring.Level.STOP
    assert monitoring.because(advice) == (
        "because the pain rose to 6 from 2 on Wed 18 Nov, into the range above 5; pain 6 out "
        "of 10 is above the 5 the programme allows; the hip felt worse the next morning"
    )


def test_the_rise_is_cited_as_hipcares_own_rule():
    """Silbernagel 2007's model has no session-to-session rise: the rule is HipCare's."""
    for entries, code in (
        ([entry(0, 2), entry(1, 5)], "rising"),
        ([entry(0, 2), entry(1, 6)], "steep_rise"),
    ):
        (reason,) = [r for r in advise(entries).reasons if r.code == code]
        assert reason.sources[0] == "hipcare"
    assert "silbernagel-2007" in monitoring.SOURCES and "hipcare" in monitoring.SOURCES


def test_no_reason_contradicts_the_numbers_it_is_about():
    """Every sequence of three sessions (days 0, 8 and 9: day 0 is in the week before day 9):
    each reason's numbers are the entries' own, a rise is never claimed for a pain that went
    down, and nothing "climbed"."""
    for first, previous, now in itertools.product(range(11), repeat=3):
        entries = [entry(0, first), entry(8, previous), entry(9, now)]
        for reason in advise(entries).reasons:
            text = reason.text
            assert "climb" not in text
            if reason.code == "warning_sign":
                continue
            if reason.code == "recent_stop":
                # About an earlier day that said stop, by its date, not this session's numbers.
                (then,) = [e for e in entries if e.day == reason.day]
                assert advise(entries, about=then).level is Level.STOP, text
                assert advise(entries).level is not Level.STOP, text
                continue
            assert text.startswith(f"Pain of {now} out of 10") or reason.code == "worse_morning"
            if reason.code in ("rising", "steep_rise"):
                assert now >= previous, (first, previous, now, text)
                points, low = map(
                    int, re.search(r"is (\d+) points higher.*?\((\d+)", text).groups()
                )
                assert points == now - low and low in (first, previous) and points >= 3
                assert (
                    low == min(previous, first) if "two session days" in text else low == previous
                )
            if reason.code == "above_acceptable":
                assert now > monitoring.ACCEPTABLE_MAX
            if reason.code == "higher_than_last_week":
                assert "week before, Thu 29 Oct to Wed 4 Nov" in text
                assert f"({first} out of 10)" in text and now > first


def test_mornings_due_are_the_unanswered_days_whose_morning_has_come_newest_first():
    today = date(2026, 3, 10)
    noon = datetime(2026, 3, 1, 12, tzinfo=UTC)

    def at(days_ago, minute=0, **fields):
        logged = noon + timedelta(days=9 - days_ago, minutes=minute)
        return Entry(today - timedelta(days=days_ago), 2, logged=logged, **fields)

    entries = [
        at(0),  # today's: not yet
        at(1),
        at(1, 5),  # yesterday's latest carries the day's question
        at(2, morning="same"),  # answered
        at(2, 5),
        at(4),
    ]
    due = monitoring.mornings_due(entries, today=today)
    assert due == [entries[2], entries[5]]
    assert monitoring.mornings_due([at(0)], today=today) == []


# Pain rises compare session days (entries on the same day count as one session), each day by
# its highest pain (fresh tester: "Pain of 8 is 6 points higher than two sessions before (2,
# then 3, then 8)" when 3 and 8 were logged the same day).


def test_a_days_pain_is_its_highest_entry():
    entries = [logged(1, 3, 0), logged(1, 8, 5), logged(1, 2, 10), logged(0, 4, 20)]
    assert monitoring.day_pains(entries) == {day(0): 4, day(1): 8}
    assert list(monitoring.day_pains(entries)) == [day(0), day(1)]  # oldest first
    assert monitoring.day_pains([]) == {}


def test_a_rise_compares_days_and_quotes_the_days_values():
    entries = [logged(0, 2, 0), logged(1, 3, 10), logged(1, 8, 20)]
    now = monitoring.advise_now(entries)
    text = " ".join(reason.text for reason in now.reasons)
    assert "then 3" not in text and "two session days" not in text
    assert (
        "Pain of 8 out of 10 is 6 points higher than on the session day before, Monday 2 "
        "November (2 out of 10, the highest that day), up into the range" in text
    )
    assert now.level is Level.STOP
    # The 3 logged earlier that day is the same session, not "the session before" the 8.
    (steep,) = [r for r in advise(entries).reasons if r.code == "steep_rise"]
    assert "session day before, Monday 2 November" in steep.text


def test_an_earlier_day_counts_by_its_highest_entry():
    # 4, then a day that went 1 then 5 (that session's pain was 5), then 6: 2 points above
    # the lower of the two days before, not 5 points above the 1 logged on the way to 5.
    entries = [logged(0, 4, 0), logged(1, 1, 10), logged(1, 5, 20), logged(2, 6, 30)]
    assert {"steep_rise", "rising"}.isdisjoint(codes(advise(entries)))
    assert advise(entries).level is Level.EASE_BACK  # 6 is above 5: the model eases back
    # Two days back by their highest: 2, then 5 (a 1 and a 5), then 6: 4 points over two days.
    entries = [logged(0, 2, 0), logged(1, 1, 10), logged(1, 5, 20), logged(2, 6, 30)]
    (steep,) = [r for r in advise(entries).reasons if r.code == "steep_rise"]
    assert "(2 on Monday 2 November, then 5 on Tuesday 3 November, then 6 out of 10" in steep.text


def test_a_high_score_within_one_day_keeps_its_advice():
    """Merging a day's entries never loses a safety signal: each entry's pain is read against
    the model's levels, and the day's advice is its most urgent entry's."""
    # 3 then 8 the same day: severe, stop, whichever entry came last.
    for pains in ((3, 8), (8, 3)):
        entries = [logged(0, pain, minute) for minute, pain in enumerate(pains)]
        now = monitoring.advise_now(entries)
        assert now.level is Level.STOP and "severe_pain" in codes(now)
    # 3 then 6 the same day: above the 5 the model allows, ease back, as one entry of 6 is.
    for pains in ((3, 6), (6, 3)):
        entries = [logged(0, pain, minute) for minute, pain in enumerate(pains)]
        now = monitoring.advise_now(entries)
        alone = monitoring.advise_now([logged(0, 6, 0)])
        assert now.level is alone.level is Level.EASE_BACK
        assert "above_acceptable" in codes(now)
    # After a day of 2, the day that reached 6 is a steep rise into the high-risk zone: stop,
    # even when a calmer entry was logged after the 6.
    entries = [logged(0, 2, 0), logged(1, 3, 10), logged(1, 6, 20), logged(1, 1, 30)]
    now = monitoring.advise_now(entries)
    assert now.level is Level.STOP and "steep_rise" in codes(now)
    assert pain_rising(entries)


@given(
    st.lists(
        st.tuples(st.integers(0, 12), st.integers(0, 10)),
        min_size=1,
        max_size=12,
    )
)
@settings(max_examples=300, deadline=None)
def test_the_coachs_rising_flag_agrees_with_the_runners_advice_for_the_day(rows):
    entries = [logged(n, pain, minute) for minute, (n, pain) in enumerate(rows)]
    now = monitoring.advise_now(entries)
    said = {"rising", "steep_rise", "higher_than_last_week"} & codes(now)
    assert pain_rising(entries) == bool(said)
    # A rise is never claimed from two entries of one day.
    days = monitoring.day_pains(entries)
    if len(days) == 1:
        assert not {"rising", "steep_rise"} & codes(now)


# Sessions done and prescribed over a period: one count for the coach's line and the weeks.


@pytest.mark.parametrize(
    ("per_week", "days", "expected"),
    [(7, 1, 1), (3, 1, 1), (3, 2, 1), (3, 3, 2), (3, 7, 3), (2, 14, 4), (2, 0, 0), (0, 7, 0)],
)
def test_sessions_prescribed_shares_the_week_out_and_rounds_up(per_week, days, expected):
    assert monitoring.sessions_prescribed(per_week, days) == expected


def test_sessions_prescribed_refuses_negative_numbers():
    with pytest.raises(ValueError):
        monitoring.sessions_prescribed(-1, 3)
    with pytest.raises(ValueError):
        monitoring.sessions_prescribed(3, -1)


def test_a_week_in_progress_is_counted_so_far():
    # Monday to Wednesday of a 7-a-week routine; a day listed twice is one session.
    trained = [day(0), day(0), day(2), day(9)]
    count = monitoring.count_sessions(trained, per_week=7, first=day(0), last=day(6), today=day(2))
    assert (count.done, count.prescribed, count.days, count.period_days) == (2, 3, 3, 7)
    assert count.in_progress and count.percent == 67 and not count.met
    assert count.label == "2 done of 3 prescribed so far (3 of 7 days)"
    # The same week once it is over: the whole week's 7.
    over = monitoring.count_sessions(trained, per_week=7, first=day(0), last=day(6), today=day(9))
    assert (over.done, over.prescribed, over.in_progress) == (2, 7, False)
    assert over.label == "2 done of 7 prescribed"


def test_a_count_over_nothing_prescribed_has_no_adherence():
    count = monitoring.count_sessions([day(1)], per_week=0, first=day(0), last=day(6), today=day(6))
    assert (count.done, count.prescribed, count.adherence, count.percent) == (1, 0, None, None)
    assert not count.met and count.more_than_prescribed


def test_a_period_not_yet_begun_has_no_days():
    count = monitoring.count_sessions([], per_week=3, first=day(5), last=day(6), today=day(2))
    assert (count.days, count.done, count.prescribed) == (0, 0, 0)


@given(
    st.sets(st.integers(-3, 20), max_size=20),
    st.integers(0, 14),
    st.integers(0, 13),
    st.integers(-2, 20),
)
@settings(max_examples=300, deadline=None)
def test_done_and_prescribed_cover_the_same_days(trained, per_week, length, today_n):
    first, last = day(0), day(length)
    count = monitoring.count_sessions(
        [day(n) for n in trained], per_week=per_week, first=first, last=last, today=day(today_n)
    )
    counted = [n for n in trained if 0 <= n <= min(length, today_n)]
    assert count.done == len(counted) <= count.days
    assert count.prescribed == monitoring.sessions_prescribed(per_week, count.days)
    assert count.adherence is None or 0 <= count.adherence <= 1
    assert count.in_progress == (today_n < length)
