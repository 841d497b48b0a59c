"""The catalogue never says a move suits a pain that the symptom checker leaves it out for, and
its page and the builder say so (fresh tester: the IT band stretch "Suits pain in Outer hip"
while its last step lowers the top knee across the body, which the checker avoids for
outer-hip pain; the Clamshell said "each side" with no word about lying on the painful one)."""

from html import unescape

import pytest
from django.core.management import call_command

from exercises.models import Exercise
from routines import services
from tests.routines.conftest import make_routine
from triage import starter
from triage.rules import Location

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(real_catalogue):
    """The real catalogue (fixtures/catalogue.json)."""


def test_no_exercise_suits_a_pain_the_checker_avoids_it_for(catalogue):
    """Across the whole catalogue: a caution's moves (triage.starter.CAUTIONS) never list its
    place among the pains they suit, and every move a caution names is in the catalogue."""
    exercises = Exercise.objects.prefetch_related("pain_locations")
    slugs = {exercise.slug for exercise in exercises}
    contradictions = []
    for caution in starter.CAUTIONS:
        assert set(caution.moves) <= slugs, set(caution.moves) - slugs
        for exercise in exercises:
            suits = {location.slug for location in exercise.pain_locations.all()}
            if exercise.slug in caution.moves and caution.location.value in suits:
                contradictions.append((exercise.slug, caution.location.value))
    assert contradictions == []


def test_the_starter_routine_would_leave_out_no_move_for_the_caution_its_page_shows():
    """cautions_for says "avoid" exactly where the starter routine's filter leaves a move out
    by name, and "painful side only" where it keeps a side-lying move to one side."""
    answers = starter.Answers(location=Location.OUTER_SIDE)
    for slug in starter.OUTER_HIP_CAUTION.moves:
        found = starter.cautions_for(slug, "side_lying")
        assert [c.avoid for c in found] == [True], slug
        candidate = starter.Candidate(
            slug, slug, "strength", "side_lying", True, False, "beginner",
            frozenset(), frozenset(),
        )  # fmt: skip
        assert starter.OUTER_HIP_CAUTION.moves[slug] in starter.unsafe_reasons(candidate, answers)
    (one_side,) = starter.cautions_for("clamshell", "side_lying")
    assert not one_side.avoid and one_side.one_side_words
    assert starter.cautions_for("glute-bridge", "lying_back") == ()


def test_the_it_band_stretch_page_says_it_is_not_for_outer_hip_pain(client, catalogue):
    html = client.get("/exercises/iliotibial-band-stretch/").content.decode()
    assert "Suits pain in" not in html or "Outer hip" not in html.split("Suits pain in")[1][:80]
    caution = unescape(
        html.split('class="alert alert-warning exercise-caution"')[1].split("</p>")[0]
    )
    assert "Not for outer-hip pain" in caution and "across the body" in caution
    assert "Royal National Orthopaedic Hospital" in caution


def test_the_clamshell_page_says_to_keep_to_the_painful_side_with_outer_hip_pain(client, catalogue):
    html = client.get("/exercises/clamshell/").content.decode()
    caution = unescape(
        html.split('class="alert alert-warning exercise-caution"')[1].split("</p>")[0]
    )
    assert "With outer-hip pain" in caution
    assert "painful side only, lying on the side that doesn't hurt" in caution
    assert "If both hips hurt, leave it out" in caution
    glute_bridge = client.get("/exercises/glute-bridge/").content.decode()
    assert "exercise-caution" not in glute_bridge


def test_the_builder_cautions_a_move_the_checker_avoids(client, coach, catalogue):
    routine = make_routine(
        coach,
        exercises=[
            Exercise.objects.get(slug="iliotibial-band-stretch"),
            Exercise.objects.get(slug="glute-bridge"),
        ],
    )
    services.routine_share(routine=routine)
    client.force_login(coach)
    html = client.get(f"/routines/{routine.pk}/").content.decode()
    notes = html.count('class="caution-note')
    assert notes == 1
    assert "Not for outer-hip pain:</strong> it eases the top knee down across the body" in html


def test_a_published_move_the_checker_avoids_may_suit_no_pain(catalogue):
    exercise = Exercise.objects.get(slug="iliotibial-band-stretch")
    assert not exercise.pain_locations.exists()
    assert exercise.missing_for_publishing() == []
    call_command("load_catalogue", "--force", verbosity=0)  # the shipped catalogue still loads


def test_the_data_migration_drops_outer_hip_from_an_older_catalogue(catalogue):
    """A database loaded from the old fixture (load_catalogue never reloads over it) loses only
    the outer-hip link of the avoided moves, and the catalogue's version moves on."""
    from importlib import import_module

    from django.apps import apps

    from exercises.catalogue import catalogue_version
    from exercises.models import PainLocation

    migration = import_module("exercises.migrations.0012_cautioned_moves_suit_no_outer_hip")
    outer = PainLocation.objects.get(slug="outer_side")
    front = PainLocation.objects.get(slug="front_groin")
    itb = Exercise.objects.get(slug="iliotibial-band-stretch")
    itb.pain_locations.add(outer, front)
    clamshell = Exercise.objects.get(slug="clamshell")
    before = catalogue_version()
    migration.drop_outer_hip(apps, None)
    assert set(itb.pain_locations.values_list("slug", flat=True)) == {"front_groin"}
    assert clamshell.pain_locations.filter(slug="outer_side").exists()
    assert catalogue_version() == before + 1
