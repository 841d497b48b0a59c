"""A dose preset's label says what it gives, for every exercise of the real catalogue.

QA: a "Starting out" routine gave Banded Clamshell 1-3 x 8-15 (its article's dose) while the
drop-down read "Starting out (1-3 x 12-15)". Starting out gives each move its own dose, so its
label names no one figure; a weights preset names its figure and which moves it is for. Checked
here against what applying each preset to a routine of the whole catalogue does, as the builder
shows it (the drop-down, its help, the routine's "Dose preset: ..." line)."""

import html
import re

import pytest

from exercises import dosing
from exercises.models import Exercise
from routines import services
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db

FIGURE = re.compile(r"(\d+(?:-\d+)?) x (\d+(?:-\d+)?)")


@pytest.fixture(autouse=True)
def catalogue(real_catalogue):
    """The real catalogue (fixtures/catalogue.json), loaded once for the module."""


def shown_options(page: str) -> dict[str, str]:
    select = page.split('id="preset_level">', 1)[1].split("</select>", 1)[0]
    return {
        value: html.unescape(label)
        for value, label in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', select)
    }


@pytest.mark.parametrize("preset", list(dosing.Preset))
def test_every_preset_label_says_what_it_gives_every_catalogue_exercise(client, coach, preset):
    exercises = list(Exercise.objects.published().order_by("pk"))
    assert len(exercises) >= 30
    routine = make_routine(coach, exercises=exercises)  # starts on "Starting out"
    services.routine_apply_preset(routine=routine, level=preset)
    client.force_login(coach)
    page = client.get(routine.get_absolute_url()).content.decode()
    label = shown_options(page)[preset.value]
    help_text = html.unescape(page.split('id="preset-help">', 1)[1].split("</p>", 1)[0])
    assert label.startswith(preset.label)

    items = list(routine.items.select_related("exercise").order_by("position"))
    assert len(items) == len(exercises)
    # A figure in the label is for every move, unless the label names the moves it is for
    # ("on moves that take weights"); without one, the label must say each move keeps its own.
    figure = FIGURE.search(label)
    weighted_only = "moves that take weights" in label
    assert figure is not None or "each move's own dose" in label, label
    wrong = []
    for item in items:
        exercise, dose = item.exercise, item.dose()
        own = exercise.base_dose()
        if figure is not None and (exercise.loadable or not weighted_only):
            if (str(dose.sets), str(dose.reps)) != figure.groups():
                wrong.append((exercise.name, dosing.work_words(dose)))
        elif (dose.sets, dose.reps, dose.hold_seconds) != (own.sets, own.reps, own.hold_seconds):
            wrong.append((exercise.name, dosing.work_words(dose)))
    assert not wrong, (label, wrong)
    # The help under the drop-down says the same.
    assert f"{preset.label}: {dosing.preset_summary(preset)}" in help_text
    if weighted_only:
        assert "stretches and body-weight moves keep their own dose" in help_text

    # The routine's own line: the preset's name, with how many exercises it doses when not all.
    line = html.unescape(page.split('id="routine-preset">', 1)[1].split("</span>", 1)[0])
    dosed = sum(1 for item in items if item.exercise.loadable) if weighted_only else len(items)
    if dosed == len(items):
        assert line.endswith(f"Dose preset: {preset.label}"), line
    else:
        assert line.endswith(f"Dose preset: {preset.label}, for {dosed} of {len(items)} exercises")


def test_banded_clamshell_starting_out_is_its_own_dose_and_the_label_says_so(client, coach):
    """The tester's case: 1-3 x 8-15 applied, and no label claims 1-3 x 12-15."""
    clam = Exercise.objects.get(name="Banded Clamshell")
    routine = make_routine(coach, exercises=[clam])
    item = routine.items.get()
    assert dosing.work_words(item.dose()) == "1-3 x 8-15"
    client.force_login(coach)
    page = client.get(routine.get_absolute_url()).content.decode()
    starting_out = shown_options(page)["beginner"]
    assert starting_out == "Starting out (each move's own dose from the articles)"
    assert "1-3 x 12-15" not in page.split('id="preset-help">', 1)[1].split("</p>", 1)[0]
