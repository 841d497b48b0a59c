"""The real catalogue (fixtures/catalogue.json): every published exercise has its pictures."""

import pytest

from exercises import figures
from exercises.models import Exercise

pytestmark = pytest.mark.django_db

PROP_FOR_EQUIPMENT = {
    "mat": "mat",
    "resistance-band": "band",
    "step-or-box": "box",
    "dumbbells": "dumbbell",
    "chair": "chair",
    "bench": "bench",
    "wall": "wall",
}


@pytest.fixture(autouse=True)
def catalogue(real_catalogue):
    """Every test reads the real catalogue, loaded once for the module."""


def test_every_published_exercise_has_a_start_an_end_and_words_for_each():
    exercises = list(Exercise.objects.published())
    assert len(exercises) == 37
    for exercise in exercises:
        exercise.full_clean()  # the figure passes the same check admin applies
        for which in ("start", "end"):
            assert exercise.figure[which], exercise.slug
            assert exercise.figure[f"{which}_alt"].strip(), exercise.slug
            assert "<svg" in exercise.figure_svg(which), exercise.slug


def test_every_piece_of_equipment_an_exercise_uses_is_drawn():
    for exercise in Exercise.objects.published().prefetch_related("equipment"):
        drawn = {prop["kind"] for prop in exercise.figure.get("props", [])}
        needed = {PROP_FOR_EQUIPMENT[item.slug] for item in exercise.equipment.all()}
        assert needed <= drawn, exercise.slug


def test_the_figure_view_matches_the_body_position():
    for exercise in Exercise.objects.published():
        figure = figures.parse(exercise.figure)
        if exercise.position == Exercise.Position.SIDE_LYING:
            assert figure.view == "front", exercise.slug
