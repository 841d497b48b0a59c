"""A move withdrawn from the catalogue (an editor unticks "published" in admin) after a coach
put it in a routine: the routine keeps it (the runner may be doing it), its page is a 404, and
no page links to that 404. The builder says it was withdrawn and offers to remove or swap it;
the runner's page, the print view and the PDF keep showing it, without a link."""

import re

import pytest
from django.urls import reverse

from exercises.models import Exercise
from routines import services
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db

#: A link to an exercise's own page (not its figures: /exercises/<slug>/figure/...).
EXERCISE_PAGE = re.compile(r'href="([^"]*/exercises/[^"/?#]+/)"')


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def bridge_routine(coach):
    bridge = make_exercise("Glute bridge")
    harder = make_exercise("Single-leg glute bridge", unilateral=True)
    bridge.harder_versions.add(harder)
    squat = make_exercise("Goblet squat", loadable=True)
    routine = make_routine(coach, title="Hips", exercises=[bridge, squat])
    services.routine_share(routine=routine)
    return routine


def withdraw(slug: str) -> Exercise:
    """As the admin does: untick "published" and save (a new catalogue version)."""
    exercise = Exercise.objects.get(slug=slug)
    exercise.published = False
    exercise.save()
    return exercise


def exercise_links(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return EXERCISE_PAGE.findall(response.content.decode())


def pages_naming_the_moves(routine) -> list[str]:
    """Every page that names a routine's moves: the builder, the print view, the staff's
    read-only view (the builder for its coach), the runner's page and their log's history."""
    return [
        routine.get_absolute_url(),
        reverse("routines:print", args=[routine.pk]),
        routine.get_share_url(),
        reverse("session_history", args=[routine.share_token]),
    ]


def test_the_builder_says_a_move_was_withdrawn_and_does_not_link_to_its_404(
    signed_in, bridge_routine
):
    builder = bridge_routine.get_absolute_url()
    assert "/exercises/glute-bridge/" in exercise_links(signed_in, builder)
    withdraw("glute-bridge")
    assert signed_in.get("/exercises/glute-bridge/").status_code == 404
    body = signed_in.get(builder).content.decode()
    item = bridge_routine.items.get(exercise__slug="glute-bridge")
    card = body[body.index(f'<li id="item-{item.pk}"') :]
    card = card[: card.index("</li>")]
    assert "Withdrawn from the catalogue." in card
    assert 'href="/exercises/glute-bridge/"' not in body
    # The routine keeps it, with a way to remove it and to swap it for a published version.
    assert bridge_routine.items.count() == 2
    assert f'id="remove-{item.pk}"' in card
    assert 'name="exercise" value="single-leg-glute-bridge"' in card
    # The move still in the catalogue keeps its link and says nothing of the kind.
    assert "/exercises/goblet-squat/" in exercise_links(signed_in, builder)
    assert body.count("Withdrawn from the catalogue.") == 1


def test_htmx_panel_after_an_action_does_not_link_to_a_withdrawn_move(signed_in, bridge_routine):
    withdraw("glute-bridge")
    squat = bridge_routine.items.get(exercise__slug="goblet-squat")
    response = signed_in.post(
        reverse("routines:move_item", args=[bridge_routine.pk, squat.pk]),
        {"direction": "up"},
        headers={"HX-Request": "true", "HX-Target": "routine-panel"},
    )
    body = response.content.decode()
    assert "Withdrawn from the catalogue." in body
    assert 'href="/exercises/glute-bridge/"' not in body


def test_no_page_naming_a_routines_moves_links_to_a_404(signed_in, bridge_routine):
    withdraw("glute-bridge")
    for url in pages_naming_the_moves(bridge_routine):
        for link in exercise_links(signed_in, url):
            assert signed_in.get(link).status_code == 200, f"{url} links to {link}, a 404"
    # The runner's page and the printed sheet keep showing the move.
    for url in pages_naming_the_moves(bridge_routine)[1:3]:
        assert "Glute bridge" in signed_in.get(url).content.decode()
    # Nor does the PDF carry a link to it.
    pdf = signed_in.get(reverse("routines:pdf", args=[bridge_routine.pk])).content
    assert b"/exercises/glute-bridge/" not in pdf
