"""Dosing: the articles' figures as plain data, the defaults a routine starts from, the checks a
coach's dose must pass, and the words a runner reads. No Django import, so it can be read and
tested on its own.

The figures (from the source articles):
- beginners: 1-3 sets of 12-15 reps ("Try These Exercises for Hip Pain to Run Longer and Faster
  Ache-Free", Runner's World);
- advanced, with weights: 3 sets of 8-12 at a moderate load, or 3-4 sets of 4-6 heavy (same);
- strength work twice a week; stretches held 30-60 s (60 s in one article), daily.

Two scales, two sets of words: an exercise's *difficulty* (Beginner, Intermediate, Advanced: how
hard the move is) and a routine's *dose preset* (Starting out, Moderate weights, Heavy weights:
how many sets and reps a loadable move gets). `difficulty_note` says where they meet.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum


class Preset(StrEnum):
    """A routine's dose preset. The values are stored; the labels are what coaches read."""

    BEGINNER = "beginner"
    ADVANCED_MODERATE = "advanced_moderate"
    ADVANCED_HEAVY = "advanced_heavy"

    @property
    def label(self) -> str:
        return PRESET_LABELS[self]


PRESET_LABELS = {
    Preset.BEGINNER: "Starting out",
    Preset.ADVANCED_MODERATE: "Moderate weights",
    Preset.ADVANCED_HEAVY: "Heavy weights",
}


class Difficulty(StrEnum):
    """How hard a move is (the catalogue's scale), as opposed to a routine's dose preset."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Side(StrEnum):
    EACH = "each"
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class Period(StrEnum):
    WEEK = "week"
    DAY = "day"


class Unit(StrEnum):
    """What the second number of a dose counts: repetitions, or seconds held."""

    REPS = "reps"
    HOLD = "hold"


ONE_SIDE = (Side.LEFT, Side.RIGHT)


class DoseError(ValueError):
    """A dose a coach asked for that cannot be done as asked.

    `field` names the part of the dose at fault ("sets", "work", "unit", "side", "load",
    "frequency"); `code` is a short machine name for the kind of fault."""

    def __init__(self, message: str, *, field: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


@dataclass(frozen=True)
class Range:
    """A whole-number range, low <= high; a single number is a range of one."""

    low: int
    high: int

    def __post_init__(self) -> None:
        if self.low < 0 or self.low > self.high:
            raise ValueError(f"bad range {self.low}-{self.high}")

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"

    @property
    def is_single(self) -> bool:
        return self.low == self.high


# "12", "12-15", "12 - 15", "12–15" (en dash), "12 to 15".
# Any number of digits: "99999" is a number, too big, and is told so (not "not a number").
_RANGE_TEXT = re.compile(r"\s*(\d+)\s*(?:(?:-|–|—|to)\s*(\d+)\s*)?", re.IGNORECASE)


def _whole(digits: str, *, highest: int) -> int:
    # More digits than any limit has: too big, without reading a thousand-digit number.
    return int(digits) if len(digits) <= len(str(highest)) + 1 else highest + 1


def parse_range(text: str, *, highest: int, field: str = "work", lowest: int = 1) -> Range:
    """A number or a range as a coach types it in one box: "3" is 3, "12-15" is 12 to 15.

    Dashes (hyphen, en or em dash) and "to" separate the two ends; spaces are ignored. Raises
    DoseError (codes "required", "invalid", "reversed", "too_low", "too_high") with a message
    that says how to write it.
    """
    text = (text or "").strip()
    if not text:
        raise DoseError(
            "This needs a number, like 3, or a range, like 12-15.", field=field, code="required"
        )
    match = _RANGE_TEXT.fullmatch(text)
    if match is None:
        raise DoseError(
            f"“{text[:20]}” is not a number or a range: write 3, or 12-15.",
            field=field,
            code="invalid",
        )
    low = _whole(match.group(1), highest=highest)
    high = _whole(match.group(2), highest=highest) if match.group(2) is not None else low
    if low > highest or high > highest:
        raise DoseError(too_big(lowest, highest), field=field, code="too_high")
    if low > high:
        raise DoseError(
            f"The range runs backwards: write the smaller number first ({high}-{low}).",
            field=field,
            code="reversed",
        )
    if low < lowest:
        raise DoseError(too_small(lowest, highest), field=field, code="too_low")
    return Range(low, high)


def too_big(lowest: int, highest: int) -> str:
    """What is wrong with a number above the allowed range, with the range."""
    return f"Too big: the most is {highest}. Use a number from {lowest} to {highest}."


def too_small(lowest: int, highest: int) -> str:
    """What is wrong with a number below the allowed range, with the range."""
    return f"Too small: the least is {lowest}. Use a number from {lowest} to {highest}."


@dataclass(frozen=True)
class Dose:
    """Sets of reps or of holds (seconds), how often, on which side, with what load."""

    sets: Range
    frequency: Range
    period: Period
    reps: Range | None = None
    hold_seconds: Range | None = None
    side: Side = Side.BOTH
    load: str = ""

    def __post_init__(self) -> None:
        if (self.reps is None) == (self.hold_seconds is None):
            raise ValueError("a dose has either reps or a hold, not both and not neither")

    @property
    def unit(self) -> Unit:
        return Unit.REPS if self.reps is not None else Unit.HOLD

    @property
    def work(self) -> Range:
        """The reps, or the seconds held."""
        return self.reps if self.reps is not None else self.hold_seconds


@dataclass(frozen=True)
class Move:
    """What a dose must fit: the catalogue's facts about one exercise.

    `units` are the ways the move may be counted (its own dose's unit first); `one_sided` moves
    are worked one side at a time; `loadable` moves can take weights.
    """

    name: str
    units: tuple[Unit, ...] = (Unit.REPS,)
    one_sided: bool = False
    loadable: bool = False
    difficulty: Difficulty = Difficulty.BEGINNER

    def sides(self) -> tuple[Side, ...]:
        """The sides a coach may choose: each, left only or right only for a one-sided move;
        a move that uses both sides together has no choice to make."""
        return (Side.EACH, Side.LEFT, Side.RIGHT) if self.one_sided else (Side.BOTH,)


def dose_problems(dose: Dose, move: Move) -> list[DoseError]:
    """Everything about `dose` that contradicts `move`, empty when it fits.

    A two-sided move (a glute bridge) cannot be done "left side only"; a one-sided move is done
    on each side or on one; a stretch or a body-weight move takes no load; a move counted only in
    reps cannot be held for seconds, and the other way round.
    """
    problems = []
    if dose.unit not in move.units:
        allowed = " or ".join(UNIT_WORDS[unit] for unit in move.units)
        problems.append(
            DoseError(f"{move.name} is counted in {allowed}.", field="unit", code="unit")
        )
    if dose.side not in move.sides():
        message = (
            f"{move.name} works both sides together, so it has no “{SIDE_WORDS[dose.side]}”."
            if not move.one_sided
            else f"{move.name} is done on one side at a time: choose each side, left or right."
        )
        problems.append(DoseError(message, field="side", code="side"))
    if dose.load.strip() and not move.loadable:
        problems.append(
            DoseError(
                f"{move.name} is done without weights, so it takes no load.",
                field="load",
                code="load",
            )
        )
    return problems


UNIT_WORDS = {Unit.REPS: "reps", Unit.HOLD: "seconds held"}

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
    dose = replace(base, side=Side.EACH if unilateral else Side.BOTH, load="")
    if preset is Preset.BEGINNER or not loadable or dose.reps is None:
        return dose
    sets, reps = PRESET_SETS_REPS[preset]
    return replace(dose, sets=sets, reps=reps)


def is_default(dose: Dose, *, base: Dose, preset: Preset, loadable: bool, unilateral: bool) -> bool:
    """Whether `dose` is still exactly what the routine's preset gave the item (nothing the
    coach changed: sets, reps or hold, how often, side, load)."""
    return dose == default_dose(base, preset=preset, loadable=loadable, unilateral=unilateral)


def takes_preset_load(*, loadable: bool, base: Dose) -> bool:
    """Whether the advanced presets set this move's sets and reps: a move that can take weights,
    counted in reps (default_dose leaves holds and body-weight moves as the articles give them)."""
    return loadable and base.reps is not None


def has_preset_sets_reps(dose: Dose, preset: Preset) -> bool:
    """Whether the dose's sets and reps are the ones `preset` gives a move that takes a load."""
    sets, reps = PRESET_SETS_REPS[preset]
    return dose.sets == sets and dose.reps == reps


@dataclass(frozen=True)
class PresetReach:
    """How many of a routine's exercises its dose preset doses, so that the routine is labelled
    with the preset only where that is true (builder, print view, PDF).

    "Starting out" is the articles' own dose, which every move starts from: it is always the
    routine's label. A weights preset (moderate, heavy) doses an exercise when the move takes a
    load (takes_preset_load) and its sets and reps are the preset's; holds, stretches and
    body-weight moves keep the articles' dose whatever the preset."""

    preset: Preset
    total: int  # exercises in the routine
    dosed: int  # of those, with the preset's sets and reps (every one, for Starting out)
    take_load: int  # of those, moves a weights preset doses

    @property
    def label(self) -> str:
        """The preset as the routine is labelled with it: its name, with how many exercises
        it doses when not all; empty when it doses none of the routine's exercises (why_none
        says why)."""
        if self.preset is Preset.BEGINNER or self.dosed == self.total:
            return self.preset.label
        if not self.dosed:
            return ""
        return f"{self.preset.label}, for {self.dosed} of {self.total} exercises"

    @property
    def why_none(self) -> str:
        """Why the preset doses none of the routine's exercises; empty when it doses some."""
        if self.label:
            return ""
        if not self.take_load:
            return (
                "none of them takes a load: stretches, holds and body-weight moves keep the "
                "dose the articles give them"
            )
        return "each of them that takes a load has sets and reps you set"


def preset_reach(preset: Preset, items: Sequence[tuple[bool, bool]]) -> PresetReach:
    """items: for each of a routine's exercises, (takes_preset_load, has_preset_sets_reps)."""
    preset = Preset(preset)
    if preset is Preset.BEGINNER:
        dosed = len(items)
    else:
        dosed = sum(1 for takes_load, has_sets_reps in items if takes_load and has_sets_reps)
    return PresetReach(
        preset=preset,
        total=len(items),
        dosed=dosed,
        take_load=sum(1 for takes_load, _ in items if takes_load),
    )


def switch_unit(dose: Dose, unit: Unit, *, base: Dose) -> Dose:
    """`dose` counted in `unit` instead. Going to a hold, the work becomes the catalogue's hold
    if the move has one, else the stretches' 30-60 s; going to reps, the move's own reps, else
    the beginner 12-15."""
    if dose.unit is unit:
        return dose
    if unit is Unit.HOLD:
        hold = base.hold_seconds or STRETCH_HOLD_SECONDS
        return replace(dose, reps=None, hold_seconds=hold)
    reps = base.reps or PRESET_SETS_REPS[Preset.BEGINNER][1]
    return replace(dose, reps=reps, hold_seconds=None)


def difficulty_note(difficulty: Difficulty, preset: Preset) -> str:
    """A word for the coach when a move is harder than a routine's dose preset suggests: an
    Intermediate or Advanced move in a "Starting out" routine. Empty otherwise."""
    difficulty = Difficulty(difficulty)
    if preset is Preset.BEGINNER and difficulty is not Difficulty.BEGINNER:
        return (
            f"{difficulty.value.capitalize()} move in a “{Preset.BEGINNER.label}” routine: "
            "check the runner manages the easier moves first."
        )
    return ""


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


def sessions_per_week(dose: Dose) -> int:
    """How many times a week the dose asks for (the most, when it is a range): the number of
    boxes a runner ticks each week. Daily is 7, twice a week 2, twice a day 14."""
    per = dose.frequency.high
    return per * 7 if dose.period is Period.DAY else per


SIDE_WORDS = {
    Side.EACH: "each side",
    Side.LEFT: "left side only",
    Side.RIGHT: "right side only",
    Side.BOTH: "",
}


def work_words(dose: Dose) -> str:
    """Sets and reps or hold, short: "3 x 12-15", "2 x 30-60 s hold"."""
    work = f"{dose.reps}" if dose.reps is not None else f"{dose.hold_seconds} s hold"
    return f"{dose.sets} x {work}"


def short_line(dose: Dose, *, unless: str = "") -> str:
    """One line for the builder and the printed routine:
    "3 x 12-15, 8 kg dumbbell, left side only, twice a week". `unless`: for a move with a
    caution that keeps it to the painful side for some pain (triage.starter unless_words; not
    one that leaves it out), said after "each side": "each side (unless you have outer-hip
    pain)"."""
    parts = [
        work_words(dose),
        dose.load.strip(),
        with_unless(SIDE_WORDS[dose.side], unless)
        if dose.side is Side.EACH
        else SIDE_WORDS[dose.side],
        how_often(dose.frequency, dose.period),
    ]
    return ", ".join(part for part in parts if part)


def in_words(dose: Dose, *, side_words: str | None = None) -> str:
    """A sentence: "2-3 sets of 8-10 on each side, twice a week".

    `side_words` say the side in place of the dose's own ("on the painful side only", for a
    runner whose left or right is not known)."""
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
    if side_words is not None:
        side = f" {side_words}" if side_words else ""
    return f"{work}{side}, {how_often(dose.frequency, dose.period)}"


#: What "Starting out" gives, in its labels: each move's own dose (default_dose keeps the
#: catalogue's, which the articles give per move: 1-3 x 8-15 for one, 2-3 x 8-10 for another),
#: so no one figure of sets and reps is true of it.
OWN_DOSE_WORDS = "each move's own dose from the articles"
#: Which moves a weights preset doses (takes_preset_load): the others keep their own dose.
WEIGHTED_MOVES_WORDS = "on moves that take weights"


def preset_summary(preset: Preset) -> str:
    """What a preset gives, for its labels (the drop-down, the help), true of every exercise
    it is applied to (default_dose): "each move's own dose from the articles" for Starting out;
    "3 x 8-12 on moves that take weights" for a weights preset."""
    preset = Preset(preset)
    if preset is Preset.BEGINNER:
        return OWN_DOSE_WORDS
    sets, reps = PRESET_SETS_REPS[preset]
    return f"{sets} x {reps} {WEIGHTED_MOVES_WORDS}"


@dataclass(frozen=True)
class StepText:
    """One step of a move: its words, and, for a step that sends the runner to the other side,
    what it says instead when only one side is worked (empty: the step is left out)."""

    text: str
    switches_sides: bool = False
    one_side_text: str = field(default="")


def steps_for_side(steps: Sequence[StepText], side: Side, *, unless: str = "") -> list[str]:
    """The steps a runner reads for a dose on `side`: with one side only, a step that says
    "then switch sides" says its one-side words instead, or is left out. On both sides, for a
    move with a caution that keeps it to the painful side for some pain (`unless`:
    triage.starter.unless_words; not one that leaves it out), that step says so: "..., then
    switch sides (unless you have outer-hip pain)." (:func:`with_unless`), never the other
    side alone beside the caution."""
    if side not in ONE_SIDE:
        return [
            with_unless(step.text, unless) if step.switches_sides else step.text for step in steps
        ]
    return steps_for_one_side(steps)


def with_unless(words: str, unless: str) -> str:
    """`words` that send the runner to the other side, with `unless` after them in brackets,
    before their full stop: "Release, then switch sides (unless you have outer-hip pain).";
    `words` as they are without `unless`."""
    if not unless:
        return words
    text = words.rstrip()
    stop = text[-1] if text and text[-1] in ".!" else ""
    return f"{text[: len(text) - len(stop)]} ({unless}){stop}"


#: A move kept to the painful side, lying on the other (the starter routine for outer-hip
#: pain: triage/starter.py OUTER_HIP_CAUTION), in the dose's words.
PAINFUL_SIDE_ONLY = "on the painful side only, lying on the side that doesn't hurt"
#: The side in a dose on a page that already says which side once (:data:`PAINFUL_SIDE_ONLY`,
#: in the move's caution): the dose only says it is one side, not which again.
ONE_SIDE_WORDS = "on one side only"
#: The query a link to an exercise's full page carries from a routine that keeps the move to
#: the painful side: the page then gives its steps for that one side and says why
#: (exercises.views.exercise_detail), rather than "turn over and work the other side".
PAINFUL_SIDE_QUERY = ("side", "painful")


def steps_for_one_side(steps: Sequence[StepText]) -> list[str]:
    """The steps for one side only, whichever it is: a step that sends the runner to the other
    side says its one-side words instead, or is left out."""
    return [
        step.one_side_text if step.switches_sides else step.text
        for step in steps
        if not step.switches_sides or step.one_side_text
    ]
