"""A move's caution for a pain is said wherever the move is offered or shown for that pain
(fresh tester: "Where it hurts: Outer hip" listed the Bulgarian Split Squat with no caveat,
while its own page said both "Not at first with outer-hip pain..." and "Suits pain in ...
Outer hip"; the coach saw the caution only in the builder, after adding it).

Across the real catalogue, for every pain some caution is about (triage.starter.CAUTIONS):
each card the catalogue's filter for that pain lists says the move's caution for it (and a card
without one says none), in /exercises/ and in the builder's catalogue; and each move's page
that says it suits that pain says the caveat beside it."""

import re
from html import unescape

import pytest

from exercises.models import Exercise
from tests.routines.conftest import make_routine
from triage import starter

pytestmark = pytest.mark.django_db

LOCATIONS = sorted({caution.location.value for caution in starter.CAUTIONS})


@pytest.fixture
def catalogue(real_catalogue):
    """The real catalogue (fixtures/catalogue.json)."""


def cautions_at(exercise: Exercise, location: str) -> list[starter.MoveCaution]:
    found = starter.cautions_for(
        exercise.slug,
        exercise.position,
        unilateral=exercise.unilateral,
        kind=exercise.kind,
        equipment=[item.slug for item in exercise.equipment.all()],
    )
    return [caution for caution in found if caution.location == location]


def cards_by_name(html: str) -> dict[str, str]:
    """Each exercise card's text (unescaped, markup kept) by the exercise's name."""
    cards = {}
    for card in html.split('<article class="card h-100 exercise-card">')[1:]:
        card = unescape(card.split("</article>")[0])
        name = re.search(r'class="card-title"><a href="[^"]*">([^<]+)</a>', card)[1]
        cards[name] = card
    return cards


def every_card(client, url: str) -> dict[str, str]:
    cards, page = {}, 1
    while True:
        html = client.get(f"{url}&page={page}").content.decode()
        cards.update(cards_by_name(html))
        if 'rel="next"' not in html and ">Next</a>" not in html:
            return cards
        page += 1


def check_cards(cards: dict[str, str], location: str) -> list:
    faults = []
    exercises = Exercise.objects.published().prefetch_related("equipment")
    for exercise in exercises.filter(pain_locations__slug=location):
        card = cards.get(exercise.name)
        if card is None:
            faults.append((exercise.slug, "not listed"))
            continue
        wanted = cautions_at(exercise, location)
        for caution in wanted:
            if f"{caution.lead}:</strong> {caution.short}" not in card:
                faults.append((exercise.slug, caution.lead))
        if not wanted and "caution-note" in card:
            faults.append((exercise.slug, "a caution it does not have"))
    return faults


@pytest.mark.parametrize("location", LOCATIONS)
def test_the_catalogue_filtered_by_a_pain_says_each_moves_caution_for_it(
    client, catalogue, location
):
    cards = every_card(client, f"/exercises/?location={location}")
    assert check_cards(cards, location) == []
    assert "caution-note" in cards["Bulgarian Split Squat"]
    assert (
        "Not at first with outer-hip pain:</strong> it holds your weight on one leg"
        in cards["Bulgarian Split Squat"]
    )


def test_the_unfiltered_catalogue_shows_no_caution(client, catalogue):
    html = client.get("/exercises/", {"q": "bulgarian"}).content.decode()
    assert "Bulgarian Split Squat" in html
    assert "caution-note" not in html


@pytest.mark.parametrize("location", LOCATIONS)
def test_the_builders_catalogue_filtered_by_a_pain_says_the_same(
    client, coach, catalogue, location
):
    routine = make_routine(coach)
    client.force_login(coach)
    url = f"/routines/{routine.pk}/?location={location}"
    cards = {}
    page = 1
    while True:
        html = client.get(url + f"&page={page}").content.decode()
        found = cards_by_name(html.split('id="routine-panel"')[-1])
        cards.update(found)
        if ">Next</a>" not in html.split('id="routine-panel"')[-1] or not found:
            break
        page += 1
    assert check_cards(cards, location) == []


@pytest.mark.parametrize("location", LOCATIONS)
def test_a_page_that_says_a_move_suits_a_pain_says_its_caveat_beside_it(
    client, catalogue, location
):
    exercises = Exercise.objects.published().prefetch_related("equipment", "pain_locations")
    checked, faults = 0, []
    for exercise in exercises.filter(pain_locations__slug=location):
        wanted = cautions_at(exercise, location)
        if not wanted:
            continue
        checked += 1
        name = next(p.name for p in exercise.pain_locations.all() if p.slug == location)
        html = unescape(client.get(exercise.get_absolute_url()).content.decode())
        suits = html.split("Suits pain in</dt>")[1].split("</dd>")[0]
        caveat = f'{name} <span class="suits-caveat">({wanted[0].caveat}: see the note above)'
        if caveat not in suits:
            faults.append((exercise.slug, suits))
    assert faults == []
    assert checked >= 10  # the one-leg moves and the side-lying ones


def test_the_bulgarian_split_squat_page_says_not_at_first_beside_outer_hip(client, catalogue):
    html = unescape(client.get("/exercises/bulgarian-split-squat/").content.decode())
    suits = html.split("Suits pain in</dt>")[1].split("</dd>")[0]
    assert "Outer hip" in suits
    assert "(not at first: see the note above)" in suits
    glute_bridge = unescape(client.get("/exercises/glute-bridge/").content.decode())
    assert "suits-caveat" not in glute_bridge
