"""A cautioned move's steps and dose never send the runner to the other side without saying
"unless" (testers: the runner's sheet said "If you have outer-hip pain: do this on the painful
side only" above a clamshell's steps ending "then turn over and work the other side"): where a
caution keeps the move to the painful side for a pain (triage.starter.cautions_for), on each
side a step that switches sides, and the dose's "each side", say "unless you have outer-hip
pain" (starter.unless_words) on the shared page, the print view and the PDF handout.

A caution that leaves the move out for that pain, for good or for now (testers: a Bulgarian
split squat's dose said "each side (unless you have outer-hip pain)" and its step "switch legs
(unless you have outer-hip pain)", one leg only with that pain, beside "If you have outer-hip
pain: leave this one out for now"), adds no "unless": the caution says what to do. Nor does
the builder, whose cards show only the cautions that leave a move out. A move without a
caution, or one dosed on one side, reads as it did."""

import re
import subprocess
from html import unescape

import pytest

from exercises import dosing
from exercises.models import Exercise, Step
from routines.models import RoutineItem
from tests.conftest import make_exercise
from tests.routines.conftest import make_shared
from triage import starter

pytestmark = pytest.mark.django_db

P = Exercise.Position
SWITCH = "Complete your reps, then turn over and work the other side."
UNLESS = "unless you have outer-hip pain"
STEP_SAID = f"Complete your reps, then turn over and work the other side ({UNLESS})."


def _with_switch(exercise: Exercise) -> Exercise:
    Step.objects.create(
        exercise=exercise,
        position=9,
        text=SWITCH,
        switches_sides=True,
        one_side_text="Complete your reps.",
    )
    return exercise


@pytest.fixture
def moves():
    return {
        # Kept to the painful side for outer-hip pain (done lying on one side).
        "one side": _with_switch(
            make_exercise("Clam Test", slug="clam-test", position=P.SIDE_LYING, unilateral=True)
        ),
        # Left out for outer-hip pain.
        "avoid": _with_switch(
            make_exercise("Clam Raise", slug="clam-raise", position=P.SIDE_LYING, unilateral=True)
        ),
        # Left out at first for outer-hip pain: it holds the weight on one leg.
        "not at first": _with_switch(
            make_exercise("Split Test", slug="split-test", position=P.STANDING, unilateral=True)
        ),
        # No caution: its steps and dose as they are.
        "none": _with_switch(
            make_exercise("Lunge Test", slug="lunge-test", position=P.KNEELING, unilateral=True)
        ),
    }


@pytest.fixture
def routine(coach, moves):
    routine = make_shared(coach, list(moves.values()), weeks_ago=1)
    assert {item.side for item in routine.items.all()} == {dosing.Side.EACH.value}
    return routine


def test_the_moves_have_the_cautions_they_stand_for(moves):
    kinds = {
        kind: starter.cautions_for(e.slug, e.position, unilateral=True, kind=e.kind)
        for kind, e in moves.items()
    }
    assert [c.one_side_words for c in kinds["one side"]] == [dosing.PAINFUL_SIDE_ONLY]
    assert [c.avoid for c in kinds["avoid"]] == [True]
    assert [bool(c.not_at_first) for c in kinds["not at first"]] == [True]
    assert kinds["none"] == ()


def test_unless_words():
    (caution,) = starter.cautions_for("clamshell", "side_lying")
    assert starter.unless_words([caution]) == UNLESS
    assert starter.unless_words([caution], runner=False) == "unless the runner has outer-hip pain"
    assert starter.unless_words([]) == ""
    # A caution that leaves the move out, for good or at first, says so itself: no "unless".
    (avoid,) = starter.cautions_for("clam-raise", "side_lying", unilateral=True)
    (at_first,) = starter.cautions_for(
        "bulgarian-split-squat", "standing", unilateral=True, kind="strength"
    )
    assert avoid.avoid and at_first.not_at_first
    assert not avoid.one_side and not at_first.one_side and caution.one_side
    assert starter.unless_words([avoid]) == starter.unless_words([at_first]) == ""
    assert starter.unless_words([at_first], runner=False) == ""
    assert starter.unless_words([avoid, caution]) == UNLESS
    assert dosing.with_unless("Release, then switch sides.", UNLESS) == (
        f"Release, then switch sides ({UNLESS})."
    )
    assert dosing.with_unless("Repeat toward the other side", UNLESS) == (
        f"Repeat toward the other side ({UNLESS})"
    )
    assert dosing.with_unless("Release, then switch sides.", "") == "Release, then switch sides."


def _card(html: str, routine, exercise: Exercise) -> str:
    item = routine.items.get(exercise=exercise)
    block = html.split(f'id="sheet-item-{item.pk}"')[1].split("</li>\n")[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", block)).split())


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "handout.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


@pytest.mark.parametrize("where", ["shared page", "print view"])
def test_the_sheet_says_unless_beside_a_caution(client, coach, routine, moves, where):
    if where == "shared page":
        html = client.get(routine.get_share_url()).content.decode()
    else:
        client.force_login(coach)
        html = client.get(f"/routines/{routine.pk}/print/").content.decode()
    text = _card(html, routine, moves["one side"])
    assert "If you have outer-hip pain" in text, (where, text)
    assert STEP_SAID in text, (where, text)
    assert f"each side ({UNLESS})" in text, (where, text)
    # Never the other side without the "unless".
    assert text.count("other side") == text.count(f"other side ({UNLESS})")
    for kind, leave_out in (("avoid", "leave this one out"), ("not at first", "for now")):
        text = _card(html, routine, moves[kind])
        assert "If you have outer-hip pain" in text and leave_out in text, (where, kind, text)
        # The caution says to leave it out: no "unless" that has it done on one side.
        assert "unless" not in text, (where, kind, text)
        assert SWITCH in text and "each side" in text, (where, kind, text)
    plain = _card(html, routine, moves["none"])
    assert SWITCH in plain and "unless" not in plain and "If you have" not in plain


def test_the_pdf_handout_says_unless_beside_a_caution(client, coach, routine, moves, tmp_path):
    client.force_login(coach)
    response = client.get(f"/routines/{routine.pk}/pdf/")
    assert response.status_code == 200
    text = _pdf_text(response.content, tmp_path)
    # pdftotext may break a line anywhere: compare without spaces.
    squeezed = text.replace(" ", "")
    assert STEP_SAID.replace(" ", "") in squeezed
    assert squeezed.count(STEP_SAID.replace(" ", "")) == 1  # the move kept to the painful side
    # The two moves left out for that pain (their cautions say so) and the move without one.
    assert squeezed.count(SWITCH.replace(" ", "")) == 3
    assert squeezed.count(f"eachside({UNLESS})".replace(" ", "")) == 1
    assert squeezed.count(UNLESS.replace(" ", "")) == 2  # the one move's dose and step


def test_a_move_on_one_side_keeps_its_one_side_steps(client, routine, moves):
    """Dosed on one side (the starter routine's painful side), the step that switches sides
    says its one-side words, and no "unless" is needed."""
    item = routine.items.get(exercise=moves["one side"])
    RoutineItem.objects.filter(pk=item.pk).update(side=dosing.Side.LEFT.value)
    routine.save()  # a change to its items moves `updated`, so the sheet's parts
    html = client.get(routine.get_share_url()).content.decode()
    text = _card(html, routine, moves["one side"])
    assert "Complete your reps." in text and "other side" not in text and "unless" not in text


def test_the_builder_says_no_unless_beside_a_caution_that_leaves_the_move_out(
    client, coach, routine, moves
):
    client.force_login(coach)
    html = client.get(f"/routines/{routine.pk}/").content.decode()
    leads = {"avoid": "Not for outer-hip pain", "not at first": "Not at first with outer-hip pain"}
    for kind, exercise in moves.items():
        item = routine.items.get(exercise=exercise)
        block = html.split(f'id="item-{item.pk}"')[1].split("</li>")[0]
        dose = re.search(r'class="dose-line[^"]*">([^<]*)<', block).group(1)
        if kind in leads:
            assert leads[kind] in block, (kind, block)
        # A card that says the move is left out for that pain needs no "unless" beside "each
        # side"; the builder shows no card for a move kept to the painful side, nor for none:
        # "each side" stands alone, as no caution is beside it.
        assert "unless" not in dose and "each side" in dose, (kind, dose)
