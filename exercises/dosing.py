"""Dosing: the articles' figures as plain data, the defaults a routine starts from, and the
words a runner reads. No Django import, so it can be read and tested on its own.

The figures (from the source articles):
- beginners: 1-3 sets of 12-15 reps;
- advanced, with weights: 3 sets of 8-12 at a moderate load, or 3-4 sets of 4-6 heavy;
- strength work twice a week; stretches held 30-60 s (60 s in one article), daily.
"""

from dataclasses import dataclass, replace
from enum import StrEnum


class Preset(StrEnum):
    BEGINNER = "beginner"
    ADVANCED_MODERATE = "advanced_moderate"
    ADVANCED_HEAVY = "advanced_heavy"

    @property
    def label(self) -> str:
        return PRESET_LABELS[self]


PRESET_LABELS = {
    Preset.BEGINNER: "Beginner",
    Preset.ADVANCED_MODERATE: "Advanced, moderate load",
    Preset.ADVANCED_HEAVY: "Advanced, heavy load",
}


class Side(StrEnum):
    EACH = "each"
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class Period(StrEnum):
    WEEK = "week"
    DAY = "day"


@dataclass(frozen=True)
class Range:
    low: int
    high: int

    def __post_init__(self) -> None:
        if self.low < 0 or self.low > self.high:
            raise ValueError(f"bad range {self.low}-{self.high}")

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


@dataclass(frozen=True)
class Dose:
    sets: Range
    frequency: Range
    period: Period
    reps: Range | None = None
    hold_seconds: Range | None = None
    side: Side = Side.BOTH

    def __post_init__(self) -> None:
        if (self.reps is None) == (self.hold_seconds is None):
            raise ValueError("a dose has either reps or a hold, not both and not neither")


# Sets and reps for each preset, for moves that take a load.
PRESET_SETS_REPS = {
    Preset.BEGINNER: (Range(1, 3), Range(12, 15)),
    Preset.ADVANCED_MODERATE: (Range(3, 3), Range(8, 12)),
    Preset.ADVANCED_HEAVY: (Range(3, 4), Range(4, 6)),
}
STRENGTH_PER_WEEK = Range(2, 2)
STRETCH_HOLD_SECONDS = Range(30, 60)


def default_dose(base: Dose, *, preset: Preset, loadable: bool, unilateral: bool) -> Dose:
    """The dose a routine item starts from.

    `base` is the exercise's own dose as the articles give it. A beginner gets that dose. The
    advanced presets change sets and reps only for moves that can take weights; holds, and moves
    done with body weight alone, keep their own dose. A one-sided move is done on each side.
    """
    dose = replace(base, side=Side.EACH if unilateral else Side.BOTH)
    if preset is Preset.BEGINNER or not loadable or dose.reps is None:
        return dose
    sets, reps = PRESET_SETS_REPS[preset]
    return replace(dose, sets=sets, reps=reps)


def how_often(frequency: Range, period: Period) -> str:
    if period is Period.DAY:
        if frequency == Range(1, 1):
            return "daily"
        return "twice a day" if frequency == Range(2, 2) else f"{frequency} times a day"
    if frequency == Range(1, 1):
        return "once a week"
    if frequency == Range(2, 2):
        return "twice a week"
    return f"{frequency} times a week"


def _side_words(side: Side) -> str:
    return {
        Side.EACH: "each side",
        Side.LEFT: "left side only",
        Side.RIGHT: "right side only",
        Side.BOTH: "",
    }[side]


def short_line(dose: Dose) -> str:
    """One line for a printed routine: "3 x 12-15, each side, twice a week"."""
    work = f"{dose.reps}" if dose.reps is not None else f"{dose.hold_seconds} s hold"
    parts = [
        f"{dose.sets} x {work}",
        _side_words(dose.side),
        how_often(dose.frequency, dose.period),
    ]
    return ", ".join(part for part in parts if part)


def in_words(dose: Dose) -> str:
    """A sentence: "2-3 sets of 8-10 on each side, twice a week"."""
    set_word = "set" if dose.sets == Range(1, 1) else "sets"
    if dose.reps is not None:
        work = f"{dose.sets} {set_word} of {dose.reps}"
    else:
        hold_word = "hold" if dose.sets == Range(1, 1) else "holds"
        work = f"{dose.sets} {hold_word} of {dose.hold_seconds} seconds"
    side = {
        Side.EACH: " on each side",
        Side.LEFT: " on the left side",
        Side.RIGHT: " on the right side",
        Side.BOTH: "",
    }[dose.side]
    return f"{work}{side}, {how_often(dose.frequency, dose.period)}"


def preset_summary(preset: Preset) -> str:
    """Sets x reps of a preset, for labels: "1-3 x 12-15"."""
    sets, reps = PRESET_SETS_REPS[preset]
    return f"{sets} x {reps}"


def with_preset(base: Dose, *, preset: Preset, loadable: bool, side: Side) -> Dose:
    """A routine item's dose after its routine switches to `preset`.

    Sets, reps or hold and how often go back to the preset's defaults for the exercise; the side
    the coach chose (say, left side only) stays as it was.
    """
    dose = default_dose(base, preset=preset, loadable=loadable, unilateral=False)
    return replace(dose, side=side)
