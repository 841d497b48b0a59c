"""The dosing rules, with no database: presets, defaults, and the words a runner reads."""

from dataclasses import replace

import pytest

from exercises.dosing import (
    PRESET_SETS_REPS,
    Difficulty,
    Dose,
    DoseError,
    Move,
    Period,
    Preset,
    Range,
    Side,
    StepText,
    Unit,
    default_dose,
    difficulty_note,
    dose_problems,
    how_often,
    in_words,
    is_default,
    parse_range,
    preset_summary,
    sessions_per_week,
    short_line,
    steps_for_one_side,
    steps_for_side,
    switch_unit,
)

STRENGTH = Dose(sets=Range(2, 3), reps=Range(10, 12), frequency=Range(2, 2), period=Period.WEEK)
STRETCH = Dose(
    sets=Range(1, 2), hold_seconds=Range(30, 60), frequency=Range(1, 1), period=Period.DAY
)


@pytest.mark.parametrize(
    ("preset", "sets", "reps"),
    [
        (Preset.BEGINNER, Range(2, 3), Range(10, 12)),  # the exercise's own dose
        (Preset.ADVANCED_MODERATE, Range(3, 3), Range(8, 12)),
        (Preset.ADVANCED_HEAVY, Range(3, 4), Range(4, 6)),
    ],
)
def test_loadable_moves_take_the_preset_sets_and_reps(preset, sets, reps):
    dose = default_dose(STRENGTH, preset=preset, loadable=True, unilateral=False)
    assert (dose.sets, dose.reps) == (sets, reps)
    assert (dose.frequency, dose.period) == (Range(2, 2), Period.WEEK)
    assert dose.hold_seconds is None


@pytest.mark.parametrize("preset", list(Preset))
def test_body_weight_moves_keep_their_own_dose_at_every_level(preset):
    assert default_dose(STRENGTH, preset=preset, loadable=False, unilateral=False) == STRENGTH


@pytest.mark.parametrize("preset", list(Preset))
@pytest.mark.parametrize("loadable", [True, False])
def test_holds_keep_their_hold_at_every_level(preset, loadable):
    dose = default_dose(STRETCH, preset=preset, loadable=loadable, unilateral=False)
    assert dose == STRETCH
    assert dose.reps is None


@pytest.mark.parametrize("preset", list(Preset))
def test_one_sided_moves_are_done_on_each_side(preset):
    for base in (STRENGTH, STRETCH):
        assert default_dose(base, preset=preset, loadable=True, unilateral=True).side is Side.EACH
        assert default_dose(base, preset=preset, loadable=True, unilateral=False).side is Side.BOTH


def test_the_presets_hold_the_articles_figures():
    # Starting out is each move's own dose (1-3 x 8-15 for a banded clamshell), so its label
    # names no one figure; the weights presets name theirs and the moves they are for.
    assert preset_summary(Preset.BEGINNER) == "each move's own dose from the articles"
    assert preset_summary(Preset.ADVANCED_MODERATE) == "3 x 8-12 on moves that take weights"
    assert preset_summary(Preset.ADVANCED_HEAVY) == "3-4 x 4-6 on moves that take weights"
    assert PRESET_SETS_REPS[Preset.BEGINNER] == (Range(1, 3), Range(12, 15))


def test_presets_have_labels_and_are_the_model_values():
    assert [p.value for p in Preset] == ["beginner", "advanced_moderate", "advanced_heavy"]
    assert Preset.ADVANCED_HEAVY.label == "Heavy weights"


@pytest.mark.parametrize(
    ("frequency", "period", "words"),
    [
        (Range(1, 1), Period.DAY, "daily"),
        (Range(2, 2), Period.DAY, "twice a day"),
        (Range(2, 3), Period.DAY, "2-3 times a day"),
        (Range(1, 1), Period.WEEK, "once a week"),
        (Range(2, 2), Period.WEEK, "twice a week"),
        (Range(3, 3), Period.WEEK, "3 times a week"),
        (Range(2, 3), Period.WEEK, "2-3 times a week"),
    ],
)
def test_how_often_in_words(frequency, period, words):
    assert how_often(frequency, period) == words


@pytest.mark.parametrize(
    ("dose", "line"),
    [
        (
            Dose(Range(3, 3), Range(2, 2), Period.WEEK, reps=Range(12, 15), side=Side.EACH),
            "3 x 12-15, each side, twice a week",
        ),
        (
            Dose(Range(1, 3), Range(2, 2), Period.WEEK, reps=Range(12, 15)),
            "1-3 x 12-15, twice a week",
        ),
        (
            Dose(Range(2, 2), Range(1, 1), Period.DAY, hold_seconds=Range(30, 60), side=Side.LEFT),
            "2 x 30-60 s hold, left side only, daily",
        ),
        (
            Dose(Range(1, 1), Range(3, 4), Period.WEEK, reps=Range(8, 8), side=Side.RIGHT),
            "1 x 8, right side only, 3-4 times a week",
        ),
    ],
)
def test_short_line_is_one_plain_line(dose, line):
    assert short_line(dose) == line


@pytest.mark.parametrize(
    ("dose", "words"),
    [
        (
            Dose(Range(2, 3), Range(2, 2), Period.WEEK, reps=Range(8, 10), side=Side.EACH),
            "2-3 sets of 8-10 on each side, twice a week",
        ),
        (
            Dose(Range(1, 1), Range(2, 2), Period.WEEK, reps=Range(15, 15)),
            "1 set of 15, twice a week",
        ),
        (
            Dose(Range(1, 1), Range(1, 1), Period.DAY, hold_seconds=Range(60, 60)),
            "1 hold of 60 seconds, daily",
        ),
        (
            Dose(Range(2, 3), Range(1, 1), Period.DAY, hold_seconds=Range(30, 60), side=Side.RIGHT),
            "2-3 holds of 30-60 seconds on the right side, daily",
        ),
        (
            Dose(Range(3, 3), Range(1, 1), Period.WEEK, reps=Range(5, 5), side=Side.LEFT),
            "3 sets of 5 on the left side, once a week",
        ),
    ],
)
def test_in_words_reads_as_a_sentence(dose, words):
    assert in_words(dose) == words


def test_a_dose_needs_reps_or_a_hold_but_not_both():
    with pytest.raises(ValueError):
        Dose(Range(1, 1), Range(1, 1), Period.WEEK)
    with pytest.raises(ValueError):
        Dose(Range(1, 1), Range(1, 1), Period.WEEK, reps=Range(1, 2), hold_seconds=Range(30, 30))


def test_a_range_cannot_run_backwards_or_below_zero():
    with pytest.raises(ValueError):
        Range(5, 3)
    with pytest.raises(ValueError):
        Range(-1, 3)
    assert str(Range(4, 4)) == "4"
    assert str(Range(4, 6)) == "4-6"


# One box per number: a single number or a range.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", Range(3, 3)),
        ("12-15", Range(12, 15)),
        (" 12 - 15 ", Range(12, 15)),
        ("12–15", Range(12, 15)),  # en dash, as phones and word processors type it
        ("12 to 15", Range(12, 15)),
        ("8-8", Range(8, 8)),
        ("100", Range(100, 100)),
    ],
)
def test_a_dose_box_takes_a_number_or_a_range(text, expected):
    assert parse_range(text, highest=100) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "required"),
        ("   ", "required"),
        ("twelve", "invalid"),
        ("12-", "invalid"),
        ("-3", "invalid"),
        ("3.5", "invalid"),
        ("1-2-3", "invalid"),
        ("15-12", "reversed"),
        ("0", "too_low"),
        ("0-5", "too_low"),
        ("101", "too_high"),
        ("10-101", "too_high"),
        ("99999999999", "too_high"),  # a number, too big (QA: was "not a number")
        ("99999", "too_high"),
    ],
)
def test_a_dose_box_says_what_is_wrong(text, code):
    with pytest.raises(DoseError) as caught:
        parse_range(text, highest=100, field="reps")
    assert caught.value.code == code
    assert caught.value.field == "reps"
    assert caught.value.message  # a sentence a coach can act on


def test_a_reversed_range_message_shows_the_right_way_round():
    with pytest.raises(DoseError, match="15-12|12-15"):
        parse_range("15-12", highest=100)


def test_single_numbers_print_without_a_range():
    dose = Dose(Range(3, 3), Range(2, 2), Period.WEEK, reps=Range(10, 10))
    assert short_line(dose) == "3 x 10, twice a week"
    assert Range(3, 3).is_single and not Range(3, 4).is_single


# Units per item, sides only for one-sided moves, load only for loadable moves.

BRIDGE = Move("Glute bridge", units=(Unit.REPS, Unit.HOLD), one_sided=False, loadable=False)
CLAMSHELL = Move("Clamshell", units=(Unit.REPS,), one_sided=True, loadable=False)
HAMSTRING = Move("Hamstring stretch", units=(Unit.HOLD,), one_sided=True, loadable=False)
THRUST = Move("Hip thrust", units=(Unit.REPS, Unit.HOLD), one_sided=False, loadable=True)


def _codes(dose, move):
    return {(problem.field, problem.code) for problem in dose_problems(dose, move)}


def test_a_two_sided_move_refuses_one_side_only():
    for side in (Side.LEFT, Side.RIGHT, Side.EACH):
        dose = Dose(Range(1, 3), Range(2, 2), Period.WEEK, reps=Range(8, 10), side=side)
        assert _codes(dose, BRIDGE) == {("side", "side")}
    problem = dose_problems(
        Dose(Range(1, 3), Range(2, 2), Period.WEEK, reps=Range(8, 10), side=Side.LEFT), BRIDGE
    )[0]
    assert "both sides together" in problem.message
    assert BRIDGE.sides() == (Side.BOTH,)


def test_a_one_sided_move_takes_each_side_or_one_side_but_not_both_together():
    assert CLAMSHELL.sides() == (Side.EACH, Side.LEFT, Side.RIGHT)
    for side in CLAMSHELL.sides():
        dose = Dose(Range(1, 3), Range(2, 2), Period.WEEK, reps=Range(12, 15), side=side)
        assert dose_problems(dose, CLAMSHELL) == []
    together = Dose(Range(1, 3), Range(2, 2), Period.WEEK, reps=Range(12, 15), side=Side.BOTH)
    assert _codes(together, CLAMSHELL) == {("side", "side")}


def test_a_move_that_allows_both_units_takes_reps_or_a_hold():
    reps = Dose(Range(1, 3), Range(2, 2), Period.WEEK, reps=Range(8, 10))
    held = Dose(Range(3, 3), Range(2, 2), Period.WEEK, hold_seconds=Range(20, 30))
    assert dose_problems(reps, BRIDGE) == []
    assert dose_problems(held, BRIDGE) == []
    assert short_line(held) == "3 x 20-30 s hold, twice a week"


def test_a_move_counted_one_way_refuses_the_other():
    held = Dose(Range(1, 1), Range(2, 2), Period.WEEK, hold_seconds=Range(20, 30), side=Side.EACH)
    assert _codes(held, CLAMSHELL) == {("unit", "unit")}
    counted = Dose(Range(1, 1), Range(1, 1), Period.DAY, reps=Range(10, 10), side=Side.EACH)
    assert _codes(counted, HAMSTRING) == {("unit", "unit")}


def test_load_only_for_loadable_moves():
    stretch = Dose(
        Range(1, 1),
        Range(1, 1),
        Period.DAY,
        hold_seconds=Range(30, 60),
        side=Side.EACH,
        load="light band",
    )
    assert _codes(stretch, HAMSTRING) == {("load", "load")}
    weighted = Dose(Range(3, 3), Range(2, 2), Period.WEEK, reps=Range(8, 12), load="20 kg bar")
    assert dose_problems(weighted, THRUST) == []
    assert short_line(weighted) == "3 x 8-12, 20 kg bar, twice a week"
    # A blank load is no load.
    assert dose_problems(replace(stretch, load="  "), HAMSTRING) == []


def test_several_faults_are_all_reported():
    dose = Dose(
        Range(1, 1),
        Range(2, 2),
        Period.WEEK,
        hold_seconds=Range(5, 5),
        side=Side.LEFT,
        load="5 kg",
    )
    assert _codes(dose, CLAMSHELL) == {("unit", "unit"), ("load", "load")}
    assert _codes(replace(dose, reps=Range(5, 5), hold_seconds=None), BRIDGE) == {
        ("side", "side"),
        ("load", "load"),
    }


def test_switching_unit_uses_the_moves_own_numbers_or_the_articles():
    base = Dose(Range(1, 3), Range(2, 2), Period.WEEK, reps=Range(8, 10))
    item = replace(base, sets=Range(2, 2), side=Side.BOTH)
    held = switch_unit(item, Unit.HOLD, base=base)
    assert (held.unit, held.hold_seconds, held.sets) == (Unit.HOLD, Range(30, 60), Range(2, 2))
    back = switch_unit(held, Unit.REPS, base=base)
    assert back.reps == Range(8, 10)
    stretch = Dose(Range(1, 1), Range(1, 1), Period.DAY, hold_seconds=Range(10, 30))
    assert switch_unit(stretch, Unit.REPS, base=stretch).reps == Range(12, 15)
    assert switch_unit(stretch, Unit.HOLD, base=stretch) is stretch


# Presets change only what is still on its default.


def test_a_dose_is_default_until_the_coach_changes_any_part():
    default = default_dose(STRENGTH, preset=Preset.BEGINNER, loadable=True, unilateral=True)
    kwargs = {"base": STRENGTH, "preset": Preset.BEGINNER, "loadable": True, "unilateral": True}
    assert is_default(default, **kwargs)
    for changed in (
        replace(default, sets=Range(3, 3)),
        replace(default, reps=Range(20, 20)),
        replace(default, side=Side.LEFT),
        replace(default, load="5 kg"),
        replace(default, frequency=Range(3, 3)),
        replace(default, reps=None, hold_seconds=Range(30, 30)),
    ):
        assert not is_default(changed, **kwargs)
    assert not is_default(default, **{**kwargs, "preset": Preset.ADVANCED_HEAVY})


def test_difficulty_and_preset_are_different_words():
    preset_words = {preset.label for preset in Preset}
    difficulty_words = {level.value.capitalize() for level in Difficulty}
    assert not preset_words & difficulty_words


@pytest.mark.parametrize(
    ("difficulty", "preset", "noted"),
    [
        (Difficulty.BEGINNER, Preset.BEGINNER, False),
        (Difficulty.INTERMEDIATE, Preset.BEGINNER, True),
        (Difficulty.ADVANCED, Preset.BEGINNER, True),
        (Difficulty.INTERMEDIATE, Preset.ADVANCED_MODERATE, False),
        (Difficulty.ADVANCED, Preset.ADVANCED_HEAVY, False),
    ],
)
def test_a_harder_move_in_a_starting_out_routine_gets_a_note(difficulty, preset, noted):
    note = difficulty_note(difficulty, preset)
    assert bool(note) is noted
    if noted:
        assert difficulty.value.capitalize() in note and Preset.BEGINNER.label in note


# The tick row: boxes a week by frequency.


@pytest.mark.parametrize(
    ("frequency", "period", "boxes"),
    [
        (Range(1, 1), Period.DAY, 7),
        (Range(2, 2), Period.DAY, 14),
        (Range(2, 2), Period.WEEK, 2),
        (Range(1, 1), Period.WEEK, 1),
        (Range(2, 3), Period.WEEK, 3),
    ],
)
def test_sessions_per_week_is_the_boxes_to_tick(frequency, period, boxes):
    dose = Dose(Range(1, 1), frequency, period, reps=Range(10, 10))
    assert sessions_per_week(dose) == boxes


# Steps follow the side.

CLAM_STEPS = [
    StepText("Lie on your side."),
    StepText("Lift the top knee."),
    StepText(
        "Finish the set, then switch sides.", switches_sides=True, one_side_text="Finish the set."
    ),
    StepText("Repeat on the other side.", switches_sides=True),
]


@pytest.mark.parametrize("side", [Side.EACH, Side.BOTH])
def test_steps_for_both_sides_keep_every_step(side):
    assert steps_for_side(CLAM_STEPS, side) == [step.text for step in CLAM_STEPS]


@pytest.mark.parametrize("side", [Side.LEFT, Side.RIGHT])
def test_steps_for_one_side_drop_the_switch_to_the_other_side(side):
    assert steps_for_side(CLAM_STEPS, side) == [
        "Lie on your side.",
        "Lift the top knee.",
        "Finish the set.",
    ]


def test_steps_for_one_side_whichever_it_is_match_a_left_or_right_dose():
    """The symptom checker keeps a move to the painful side without knowing left from right."""
    assert steps_for_one_side(CLAM_STEPS) == steps_for_side(CLAM_STEPS, Side.LEFT)


@pytest.mark.parametrize("side", list(Side))
def test_side_words_say_the_side_in_place_of_the_doses_own(side):
    dose = Dose(Range(1, 3), Range(2, 2), Period.WEEK, reps=Range(12, 15), side=side)
    assert in_words(dose, side_words="on the painful side only") == (
        "1-3 sets of 12-15 on the painful side only, twice a week"
    )
    assert in_words(dose, side_words="") == "1-3 sets of 12-15, twice a week"


# --- How many of a routine's exercises its preset doses (its label) -----------------------------


def test_a_weights_preset_that_doses_no_exercise_labels_none_and_says_why():
    from exercises.dosing import Preset, preset_reach

    no_load = preset_reach(Preset.ADVANCED_HEAVY, [(False, False), (False, False)])
    assert no_load.label == ""
    assert no_load.why_none.startswith("none of them takes a load")
    all_changed = preset_reach(Preset.ADVANCED_HEAVY, [(True, False), (False, False)])
    assert all_changed.label == ""
    assert all_changed.why_none == "each of them that takes a load has sets and reps you set"


def test_a_weights_preset_says_how_many_it_doses_when_not_all():
    from exercises.dosing import Preset, preset_reach

    some = preset_reach(Preset.ADVANCED_MODERATE, [(True, True), (False, False), (True, False)])
    assert some.label == "Moderate weights, for 1 of 3 exercises" and some.why_none == ""
    assert preset_reach(Preset.ADVANCED_HEAVY, [(True, True)]).label == "Heavy weights"
    # No exercises yet: the preset is what the ones added get.
    assert preset_reach(Preset.ADVANCED_HEAVY, []).label == "Heavy weights"
    # Starting out is the articles' own dose, every move's.
    assert preset_reach(Preset.BEGINNER, [(False, False)]).label == "Starting out"
