"""What the runner's log adds up to, week by week: sessions done against the prescription,
ticks per exercise, and the next step for each exercise when the runner is ready for it.

Plain Python, no Django: it reads any objects with the attributes named below (the models
have them), so it is tested without a database. The rules for advice and for being ready to
progress are in routines/monitoring.py; this module only counts.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import chain

from exercises import dosing
from routines.monitoring import PROGRESSION_WINDOW_DAYS, adherence

#: Weeks shown on the runner's page and in the builder.
WEEKS_SHOWN = 6


def times_per_week(item) -> int:
    """How many times a week an item is due: the low end of its frequency (`frequency_min`,
    the least the dose asks for; exercises/dosing.py's `Dose.frequency.low`), times seven for
    a daily item (`frequency_period` "day"). A "2-7 times a week" item is due twice a week."""
    per = 7 if item.frequency_period == dosing.Period.DAY.value else 1
    return item.frequency_min * per


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
    start: date
    done: int
    due: int

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def adherence(self) -> float | None:
        return adherence(self.done, self.due)

    @property
    def met(self) -> bool:
        """Done as often as it was due (a week with nothing due is not "met")."""
        return bool(self.due) and self.done >= self.due

    @property
    def ratio(self) -> str:
        """Done over due, as the week-by-week table shows it: "2/3"."""
        return f"{self.done}/{self.due}"


@dataclass(frozen=True)
class ItemWeeks:
    """One exercise's row of ticks: per week, the sessions it was done in and the times due."""

    item: object
    weeks: tuple[Week, ...]

    @property
    def weeks_newest_first(self) -> tuple[Week, ...]:
        return tuple(reversed(self.weeks))


@dataclass(frozen=True)
class Summary:
    weeks: tuple[Week, ...]
    items: tuple[ItemWeeks, ...]
    recent_done: int
    recent_due: int
    #: True when the routine has been followed for the whole two-week window.
    full_window: bool = True
    #: The first day the two-week counts cover (the window's start, or the day the routine
    #: was made if later).
    counted_from: date | None = None

    @property
    def weeks_newest_first(self) -> tuple[Week, ...]:
        return tuple(reversed(self.weeks))

    @property
    def more_than_prescribed(self) -> bool:
        """More sessions logged than were due (adherence is capped at 1)."""
        return self.recent_done > self.recent_due

    @property
    def recent_adherence(self) -> float | None:
        """Sessions done over sessions due in the last two weeks (the progression window)."""
        return adherence(self.recent_done, self.recent_due)


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
    weeks, Monday to Sunday, the current week last. What is counted is days trained
    (:func:`session_days`): entries on the same day are one session, for the week's tally, for
    each exercise's ticks and for the two-week window. Nothing counts before `since` (the day
    the routine was made): weeks that ended before it are left out, and the two-week window
    counts the days trained and the days from it only (sessions due rounded up to whole
    sessions), so done and due always cover the same days."""
    days_trained = session_days(sessions)
    since = since or date.min
    first = week_start(today) - timedelta(weeks=WEEKS_SHOWN - 1)
    starts = [first + timedelta(weeks=n) for n in range(WEEKS_SHOWN)]
    starts = [start for start in starts if start + timedelta(days=6) >= since] or starts[-1:]
    per_week = sessions_per_week(items)

    def due_in(start: date, times: int) -> int:
        # The week the routine was made in is due its share of the days left, rounded up.
        days = min(max((start + timedelta(days=6) - since).days + 1, 0), 7)
        return math.ceil(times * days / 7)

    by_week: dict[date, list[frozenset]] = {start: [] for start in starts}
    for day, item_ids in days_trained.items():
        start = week_start(day)
        if start in by_week:
            by_week[start].append(item_ids)
    # Per week, the days each item was done on (counted once, not once per item).
    done_in = {start: Counter(chain.from_iterable(by_week[start])) for start in starts}
    weeks = tuple(Week(start, len(by_week[start]), due_in(start, per_week)) for start in starts)
    rows = []
    for item in items:
        times = times_per_week(item)
        rows.append(
            ItemWeeks(
                item,
                tuple(
                    Week(start, done_in[start][item.pk], due_in(start, times)) for start in starts
                ),
            )
        )
    window_first = today - timedelta(days=PROGRESSION_WINDOW_DAYS - 1)
    counted_from = max(window_first, since)
    recent = sum(1 for day in days_trained if counted_from <= day <= today)
    days = max((today - counted_from).days + 1, 0)
    return Summary(
        weeks=weeks,
        items=tuple(rows),
        recent_done=recent,
        recent_due=math.ceil(per_week * days / 7),
        full_window=since <= window_first,
        counted_from=counted_from,
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
