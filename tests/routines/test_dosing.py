"""The dosing rules, with no database: presets, defaults, and the words a runner reads."""

import pytest

from exercises.dosing import (
    Dose,
    Period,
    Preset,
    Range,
    Side,
    default_dose,
    how_often,
    in_words,
    preset_summary,
    short_line,
    with_preset,
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
    assert preset_summary(Preset.BEGINNER) == "1-3 x 12-15"
    assert preset_summary(Preset.ADVANCED_MODERATE) == "3 x 8-12"
    assert preset_summary(Preset.ADVANCED_HEAVY) == "3-4 x 4-6"


def test_presets_have_labels_and_are_the_model_values():
    assert [p.value for p in Preset] == ["beginner", "advanced_moderate", "advanced_heavy"]
    assert Preset.ADVANCED_HEAVY.label == "Advanced, heavy load"


def test_with_preset_keeps_the_side_the_coach_chose():
    dose = with_preset(STRENGTH, preset=Preset.ADVANCED_HEAVY, loadable=True, side=Side.LEFT)
    assert dose.side is Side.LEFT
    assert (dose.sets, dose.reps) == (Range(3, 4), Range(4, 6))
    back = with_preset(STRENGTH, preset=Preset.BEGINNER, loadable=True, side=Side.RIGHT)
    assert (back.sets, back.reps, back.side) == (Range(2, 3), Range(10, 12), Side.RIGHT)


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
