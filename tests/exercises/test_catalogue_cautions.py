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


def _left_out_for(candidate, location):
    """Why the starter routine leaves the move out for pain at `location` and for nothing
    else the answers say (standing fine, a stable hip, not pregnant): the location's own
    reasons."""
    from triage.rules import Answers, Pregnancy, Sign, WeightBearing

    base = dict(weight_bearing=WeightBearing.FULL, instability=Sign.NO, pregnancy=Pregnancy.NO)
    here = set(starter.unsafe_reasons(candidate, Answers(location=location, **base)))
    elsewhere = {
        reason
        for other in Location
        if other is not location
        for reason in starter.unsafe_reasons(candidate, Answers(location=other, **base))
    }
    return here - elsewhere


def test_every_move_the_checker_leaves_out_for_a_pain_says_so_wherever_it_suits_it(
    client, coach, catalogue
):
    """The class behind the IT band stretch: across the whole catalogue, every move the
    starter routine leaves out for pain in one place, by name or for holding the weight on one
    leg, carries the checker's caution for that pain: "Not for ..." (and then never lists it
    among the pains it suits) or "Not at first with ..." (the articles bring one-leg moves in
    for gluteal tendon pain once it has settled). About ten one-leg moves list "Outer hip":
    each shows that caution, with its sources, on its page and in the builder."""
    from triage.views import candidate_of

    exercises = list(Exercise.objects.published().prefetch_related("pain_locations", "equipment"))
    places = {
        caution.location: starter.CAUTION_PLACES[caution.location] for caution in starter.CAUTIONS
    }
    checked, faults = [], []
    for exercise in exercises:
        candidate = candidate_of(exercise)
        for location, place in places.items():
            if not _left_out_for(candidate, location):
                continue
            cautions = [
                c
                for c in starter.cautions_for(
                    exercise.slug,
                    exercise.position,
                    unilateral=exercise.unilateral,
                    kind=exercise.kind,
                    equipment=candidate.equipment,
                )
                if c.place == place and (c.avoid or c.not_at_first)
            ]
            listed = location.value in candidate.locations
            if not cautions or (listed and cautions[0].avoid):
                faults.append((exercise.slug, location.value, listed, cautions))
                continue
            if not listed:
                continue
            checked.append(exercise)
            page = unescape(client.get(exercise.get_absolute_url()).content.decode())
            caution = page.split('class="alert alert-warning exercise-caution"')[1].split("</p>")[0]
            if (
                f"Not at first with {place}:" not in caution
                or "Royal National Orthopaedic" not in caution
            ):
                faults.append((exercise.slug, "page", caution[:120]))
    assert faults == []
    one_leg = {e.slug for e in checked}
    assert {"running-man", "single-leg-step-down", "single-leg-glute-bridge"} <= one_leg
    assert len(one_leg) >= 10
    # The builder says the same on each such move's card.
    routine = make_routine(coach, exercises=checked)
    client.force_login(coach)
    html = unescape(client.get(f"/routines/{routine.pk}/").content.decode())
    assert html.count("Not at first with outer-hip pain:</strong>") == len(checked)


def test_a_move_the_checker_keeps_for_outer_hip_pain_has_no_not_at_first_caution(catalogue):
    for slug in ("glute-bridge", "clamshell", "running-man"):
        exercise = Exercise.objects.get(slug=slug)
        found = starter.cautions_for(
            slug, exercise.position, unilateral=exercise.unilateral, kind=exercise.kind
        )
        assert bool([c for c in found if c.not_at_first]) is (slug == "running-man"), slug


def test_the_migration_moves_the_catalogue_version_on_so_cached_pages_show_the_caution(
    catalogue,
):
    from importlib import import_module

    from django.apps import apps

    from exercises.catalogue import catalogue_version

    migration = import_module("exercises.migrations.0013_one_leg_moves_not_at_first")
    before = catalogue_version()
    migration.next_version(apps, None)
    assert catalogue_version() == before + 1
