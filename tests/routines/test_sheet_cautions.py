"""The runner sees each exercise's cautions (testers: the builder showed the coach that a move is
"Not for outer-hip pain", or to be done on the painful side only, or not at first, but the
runner's shared page and the printed handout and its PDF said nothing). Every caution the
symptom checker has for the move (triage.starter.cautions_for, read from its tags and its
equipment, as the exercise page reads them) is said on the item's card, to the runner ("If you
have outer-hip pain: leave this one out ... and tell your coach"), with its sources on the
screen; it is the catalogue's alone, so it is kept with the sheet's cards under the catalogue
version and never worked out per view."""

from html import unescape

import pytest

from exercises.models import Exercise
from routines import views
from tests.conftest import make_equipment, make_exercise, make_source, miss_fragments
from tests.routines.conftest import make_shared
from triage import starter
from triage.starter import OUTER_HIP_CAUTION, cautions_for

pytestmark = pytest.mark.django_db

P = Exercise.Position


@pytest.fixture
def moves():
    """One move of each kind of caution, and one with none."""
    for slug in OUTER_HIP_CAUTION.sources:
        make_source(slug=slug, title=f"Leaflet {slug}", publisher="NHS")
    return {
        "avoid": make_exercise("Side Plank", slug="side-plank", position=P.SIDE_LYING),
        "one side": make_exercise("Leg Lift", slug="leg-lift", position=P.SIDE_LYING),
        "not at first": make_exercise(
            "Split Squat", slug="split-squat", position=P.STANDING, unilateral=True
        ),
        "on a step": make_exercise(
            "Step Up",
            slug="step-up",
            position=P.STANDING,
            equipment=[make_equipment("step-or-box")],
        ),
        "none": make_exercise("Bridge", slug="bridge", position=P.LYING_BACK),
    }


@pytest.fixture
def routine(coach, moves):
    return make_shared(coach, list(moves.values()), weeks_ago=1)


def expected(exercise: Exercise, *, paper: bool = False) -> list[str]:
    """What the runner's sheet says of `exercise`'s cautions: on paper in fewer words."""
    found = cautions_for(
        exercise.slug,
        exercise.position,
        unilateral=exercise.unilateral,
        kind=exercise.kind,
        equipment=[item.slug for item in exercise.equipment.all()],
    )
    return [
        f"{caution.runner_lead}: " + (caution.to_runner_on_paper if paper else caution.to_runner)
        for caution in found
    ]


def card(html: str, routine, exercise: Exercise) -> str:
    item = routine.items.get(exercise=exercise)
    block = html.split(f'id="sheet-item-{item.pk}"')[1].split("</li>\n")[0]
    return " ".join(unescape(block.replace("<strong>", "").replace("</strong>", "")).split())


def test_every_kind_of_caution_speaks_to_the_runner():
    for slug, position, unilateral in (
        ("side-plank", "side_lying", False),
        ("leg-lift", "side_lying", False),
        ("split-squat", "standing", True),
    ):
        (caution,) = cautions_for(slug, position, unilateral=unilateral, kind="strength")
        assert caution.runner_lead == "If you have outer-hip pain"
        assert "tell your coach" in caution.to_runner
    (avoid,) = cautions_for("side-plank", "side_lying")
    assert avoid.to_runner.startswith("leave this one out (it holds you up on the side")
    (side,) = cautions_for("leg-lift", "side_lying")
    assert side.to_runner.startswith(f"do this {side.one_side_words}.")
    assert "If both hips hurt, leave it out." in side.to_runner
    (later,) = cautions_for("split-squat", "standing", unilateral=True, kind="strength")
    assert later.to_runner.startswith("leave this one out for now (it holds your weight on one")
    # On paper, what to do in a line or less.
    assert avoid.to_runner_on_paper == "leave this one out and tell your coach."
    assert later.to_runner_on_paper == "leave this one out for now and tell your coach."
    assert side.to_runner_on_paper.startswith(f"do this {side.one_side_words}")
    assert side.to_runner_on_paper.endswith("and tell your coach.")


@pytest.mark.parametrize("where", ["shared page", "print view", "pdf"])
def test_each_card_says_its_moves_cautions(client, coach, routine, moves, where):
    if where == "shared page":
        html = client.get(routine.get_share_url()).content.decode()
    elif where == "print view":
        client.force_login(coach)
        html = client.get(f"/routines/{routine.pk}/print/").content.decode()
    else:
        html = pdf_html(coach, routine)
    for kind, exercise in moves.items():
        words = expected(exercise, paper=where != "shared page")
        assert bool(words) is (kind != "none"), kind
        text = card(html, routine, exercise)
        for said in words:
            assert said in text, (where, kind, text)
        if kind == "none":
            assert "If you have" not in text
    # The sources, as the exercise page cites them, where the screen has room; not on paper.
    side_plank = card(html, routine, moves["avoid"])
    cited = [f"“Leaflet {slug}”, NHS" for slug in OUTER_HIP_CAUTION.sources]
    on_screen = where == "shared page"
    assert all((name in side_plank) is on_screen for name in cited), (where, side_plank)


def pdf_html(coach, routine) -> str:
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from routines.models import Routine

    request = RequestFactory().get("/")
    request.user = coach
    routine = views._sheet_routine(Routine.objects.all(), pk=routine.pk)
    return render_to_string(
        "routines/print.html", {**views._sheet_context(request, routine), "pdf": True}, request
    )


def test_the_cautions_are_kept_with_the_cards_not_worked_out_per_view(
    client, routine, moves, monkeypatch
):
    url = routine.get_share_url()
    client.get(url)  # the cards made and kept
    calls = []
    monkeypatch.setattr(starter, "cautions_for", lambda *a, **k: calls.append(a) or ())
    miss_fragments()  # the sheet drawn again, from the kept cards
    html = client.get(url).content.decode()
    assert not calls
    assert expected(moves["avoid"])[0] in card(html, routine, moves["avoid"])
