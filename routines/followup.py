"""What the runner's log adds up to, week by week: sessions done against the prescription,
ticks per exercise, and the next step for each exercise when the runner is ready for it.

Plain Python, no Django: it reads any objects with the attributes named below (the models
have them), so it is tested without a database. The rules for advice and for being ready to
progress, and the one definition of sessions done and prescribed over a period
(monitoring.count_sessions), are in routines/monitoring.py; this module applies that count to
each week, each exercise and the two-week window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from exercises import dosing
from routines.monitoring import PROGRESSION_WINDOW_DAYS, SessionCount, count_sessions

#: Weeks shown on the runner's page and in the builder.
WEEKS_SHOWN = 6


def times_per_week(item) -> int:
    """How many days a week an item is due: the low end of its frequency (`frequency_min`,
    the least the dose asks for; exercises/dosing.py's `Dose.frequency.low`) for a weekly
    item, every day (7) for a daily one (`frequency_period` "day"), however many times a day:
    the log counts days (entries on the same day are one session), so "3 times a day" asked
    for 21 a week that no week could meet (fresh tester: "1 done of 3 prescribed", adherence
    33 %, whatever the runner logged). A "2-7 times a week" item is due twice a week."""
    if item.frequency_period == dosing.Period.DAY.value:
        return 7
    return item.frequency_min


def sessions_per_week(items: Iterable) -> int:
    """Sessions a week the routine asks for: as many as its most frequent item needs, since a
    session is one sitting in which the runner does some or all of the items. A daily stretch
    with a twice-weekly strength move is 7 sessions a week (the strength move is counted on
    its own row, 2 a week)."""
    return max((times_per_week(item) for item in items), default=0)


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Week:
    """One week, Monday to Sunday, of the week-by-week table: its first day and its counts
    (monitoring.count_sessions: up to today for the week in progress, from the day the
    routine was made for its first week)."""

    start: date
    count: SessionCount

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def done(self) -> int:
        return self.count.done

    @property
    def due(self) -> int:
        """Sessions prescribed over the days counted."""
        return self.count.prescribed

    @property
    def adherence(self) -> float | None:
        return self.count.adherence

    @property
    def met(self) -> bool:
        """Done as often as prescribed (a week with nothing prescribed is not "met")."""
        return self.count.met

    @property
    def label(self) -> str:
        """What the table shows: "2 done of 3 prescribed", "so far (4 of 7 days)" for the week
        in progress (SessionCount.label)."""
        return self.count.label


@dataclass(frozen=True)
class ItemWeeks:
    """One exercise's row: per week, the days it was done on against the times prescribed."""

    item: object
    weeks: tuple[Week, ...]

    @property
    def weeks_newest_first(self) -> tuple[Week, ...]:
        return tuple(reversed(self.weeks))


@dataclass(frozen=True)
class Summary:
    weeks: tuple[Week, ...]
    items: tuple[ItemWeeks, ...]
    #: The two-week window (the progression window), from `counted_from` to today.
    recent: SessionCount
    #: True when the routine has been followed for the whole two-week window.
    full_window: bool = True
    #: Sessions a week the routine prescribes (sessions_per_week).
    per_week: int = 0

    @property
    def counted_from(self) -> date:
        """The first day the two-week counts cover (the window's start, or the day the routine
        was made if later)."""
        return self.recent.first

    @property
    def recent_done(self) -> int:
        return self.recent.done

    @property
    def recent_due(self) -> int:
        return self.recent.prescribed

    @property
    def weeks_newest_first(self) -> tuple[Week, ...]:
        return tuple(reversed(self.weeks))

    @property
    def more_than_prescribed(self) -> bool:
        """More sessions logged than were due (adherence is capped at 1)."""
        return self.recent.more_than_prescribed

    @property
    def recent_adherence(self) -> float | None:
        """Sessions done over sessions due in the last two weeks (the progression window)."""
        return self.recent.adherence


def session_days(sessions: Iterable) -> dict[date, frozenset]:
    """The days trained: each day with at least one session in which something was done, and
    the items done that day in any of its sessions. A routine's "sessions a week" is about
    days trained, so several entries on one day (the runner may log up to 20 a day) count as
    one session day, and an exercise done in two of that day's entries counts once. An entry
    with nothing done (a session skipped, logged for its pain) is not a day trained."""
    days: dict[date, set] = {}
    for session in sessions:
        if session.item_ids:
            days.setdefault(session.day, set()).update(session.item_ids)
    return {day: frozenset(item_ids) for day, item_ids in days.items()}


def summarise(
    *, items: Sequence, sessions: Iterable, today: date, since: date | None = None
) -> Summary:
    """Count `sessions` (objects with `day` and `item_ids`, the set of items done) against the
    `items` (routine items, with `pk` and their frequency) over the last :data:`WEEKS_SHOWN`
    weeks, Monday to Sunday, the current week last, and over the two-week window. Every count
    is monitoring.count_sessions, so a week and the window read alike: days trained
    (:func:`session_days`: entries on the same day are one session, for the week's tally, for
    each exercise's ticks and for the window) against the sessions the dose prescribes over
    the same days, the week in progress up to `today`. Nothing counts before `since` (the day
    the routine was made): weeks that ended before it are left out, and its first week and
    the window count from it."""
    days_trained = session_days(sessions)
    since = since or date.min
    first = week_start(today) - timedelta(weeks=WEEKS_SHOWN - 1)
    starts = [first + timedelta(weeks=n) for n in range(WEEKS_SHOWN)]
    starts = [start for start in starts if start + timedelta(days=6) >= since] or starts[-1:]
    per_week = sessions_per_week(items)
    # Each week's days counted (from the day the routine was made, up to today), once.
    counted = {
        start: (max(start, since), min(start + timedelta(days=6), today)) for start in starts
    }
    # One Week per week, days done and times due: the rows with the same counts in a week
    # share it (it is frozen), so a routine of 12 items builds a few dozen rather than 78.
    made: dict[tuple[date, int, int], Week] = {}

    def week(start: date, days: Iterable[date], times: int) -> Week:
        counted_from, until = counted[start]
        key = (start, len({day for day in days if counted_from <= day <= until}), times)
        if key not in made:
            made[key] = Week(
                start,
                count_sessions(
                    days,
                    per_week=times,
                    first=counted_from,
                    last=start + timedelta(days=6),
                    today=today,
                ),
            )
        return made[key]

    weeks = tuple(week(start, days_trained, per_week) for start in starts)
    # Per item, the days it was done on (counted once a day, not once per entry).
    done_on: dict[object, set[date]] = {}
    for day, item_ids in days_trained.items():
        for item_id in item_ids:
            done_on.setdefault(item_id, set()).add(day)
    rows = []
    for item in items:
        # Read once per item, not once per week.
        done, times = done_on.get(item.pk, ()), times_per_week(item)
        rows.append(ItemWeeks(item, tuple(week(start, done, times) for start in starts)))
    window_first = today - timedelta(days=PROGRESSION_WINDOW_DAYS - 1)
    return Summary(
        weeks=weeks,
        items=tuple(rows),
        recent=count_sessions(
            days_trained, per_week=per_week, first=max(window_first, since), last=today, today=today
        ),
        full_window=since <= window_first,
        per_week=per_week,
    )


# The next step for an exercise.

PRESET_LADDER = (
    dosing.Preset.BEGINNER,
    dosing.Preset.ADVANCED_MODERATE,
    dosing.Preset.ADVANCED_HEAVY,
)


def current_preset(dose: dosing.Dose) -> dosing.Preset:
    """The highest advanced preset whose sets and reps the dose already matches; otherwise
    beginner (the exercise's own dose, or a dose the coach set by hand)."""
    for preset in reversed(PRESET_LADDER[1:]):
        sets, reps = dosing.PRESET_SETS_REPS[preset]
        if dose.sets == sets and dose.reps == reps:
            return preset
    return dosing.Preset.BEGINNER


@dataclass(frozen=True)
class NextStep:
    """A suggestion for one item: swap to `harder` (an exercise), or dose it at `preset`."""

    item: object
    harder: object | None = None
    preset: dosing.Preset | None = None

    @property
    def kind(self) -> str:
        return "harder" if self.harder is not None else "preset"

    @property
    def key(self) -> str:
        """The step in a word, sent back by the panel's Apply button ("harder-<exercise id>"
        or "preset-<preset>"): the step the coach saw, so a stale page does not apply
        another one (routines.views.routine_item_progress)."""
        if self.harder is not None:
            return f"harder-{self.harder.pk}"
        return f"preset-{self.preset.value}"

    @property
    def text(self) -> str:
        if self.harder is not None:
            return f"Move on to {self.harder.name}, its harder version."
        sets, reps = dosing.PRESET_SETS_REPS[self.preset]
        return f"Load it up: {self.preset.label.lower()} ({sets} x {reps})."


def next_step(item, *, harder: Sequence = (), in_routine: Iterable[int] = ()) -> NextStep | None:
    """The next step for `item` (a routine item with `dose()` and `exercise.loadable`): the
    first of its exercise's `harder` versions not already in the routine (`in_routine`: the
    exercise ids there); otherwise, for a move that takes a load and is dosed in reps, the next
    preset up; otherwise none (it is at the top of its ladder)."""
    taken = set(in_routine)
    for exercise in harder:
        if exercise.pk not in taken:
            return NextStep(item, harder=exercise)
    dose = item.dose()
    if not item.exercise.loadable or dose.reps is None:
        return None
    place = PRESET_LADDER.index(current_preset(dose))
    if place + 1 >= len(PRESET_LADDER):
        return None
    return NextStep(item, preset=PRESET_LADDER[place + 1])
