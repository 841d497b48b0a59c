"""Every exercise page says each instruction once (phone tester: the Clamshell page with
``?side=painful`` said "do this on the painful side only, lying on the side that doesn't hurt"
in the catalogue's outer-hip caution and again above the steps, and its dose still said "on
each side").

Over the whole real catalogue (fixtures/catalogue.json), without the query and with each side
value: the page's instructions (its cautions, the note above the steps, the steps, "Get it
right" and the doses) hold no run of :data:`RUN` words twice, and no caution's side words
more than once on the whole page.
"""

import re
from html import unescape

import pytest

from exercises.dosing import PAINFUL_SIDE_ONLY
from exercises.models import Exercise
from triage import starter

pytestmark = pytest.mark.django_db

#: A run of this many words said twice is an instruction said twice (check_wording's length
#: for a copied run).
RUN = 8
SIDE_VALUES = (None, "painful", "left", "right", "both", "PAINFUL", "")


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def instructions(page: str) -> list[str]:
    """The page's instructions, each a piece of text: each caution (less its sources), the
    note above the steps, each step, each "Get it right" cue, each dose and the dosing note."""
    found = []
    for caution in re.findall(
        r'class="alert alert-warning exercise-caution">(.*?)</p>', page, re.S
    ):
        found.append(
            _text(re.sub(r'<span class="small">Sources:.*?</span>', "", caution, flags=re.S))
        )
    found += [_text(n) for n in re.findall(r'class="[^"]*painful-side-note">(.*?)</p>', page, re.S)]
    for heading in ("steps-heading", "cues-heading"):
        section = re.search(rf'aria-labelledby="{heading}".*?</section>', page, re.S)
        if section:
            found += [_text(item) for item in re.findall(r"<li>(.*?)</li>", section.group(0), re.S)]
    dose = re.search(r'aria-labelledby="dose-heading".*?</section>', page, re.S)
    assert dose, "every page has its dose"
    found += [_text(item) for item in re.findall(r"<dd>(.*?)</dd>", dose.group(0), re.S)]
    found += [
        _text(n) for n in re.findall(r'<p class="small mt-2 mb-0">(.*?)</p>', dose.group(0), re.S)
    ]
    return [text for text in found if text]


def repeated_runs(texts: list[str]) -> set[str]:
    """Runs of :data:`RUN` words found in two places among ``texts`` (or twice in one)."""
    seen: set[tuple[str, ...]] = set()
    twice = set()
    for text in texts:
        words = re.findall(r"[\w'’-]+", text.lower())
        for start in range(len(words) - RUN + 1):
            run = tuple(words[start : start + RUN])
            if run in seen:
                twice.add(" ".join(run))
            seen.add(run)
    return twice


def _page(client, exercise, side):
    url = exercise.get_absolute_url() + ("" if side is None else f"?side={side}")
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_exercise_page_says_each_instruction_once_with_and_without_a_side(
    client, real_catalogue
):
    side_words = {caution.one_side_words for caution in starter.CAUTIONS if caution.one_side_words}
    assert side_words == {PAINFUL_SIDE_ONLY}
    exercises = list(Exercise.objects.published().order_by("slug"))
    assert len(exercises) > 30
    faults = []
    for exercise in exercises:
        for side in SIDE_VALUES:
            page = _page(client, exercise, side)
            twice = repeated_runs(instructions(page))
            if twice:
                faults.append((exercise.slug, side, sorted(twice)[:2]))
            text = _text(page)
            for words in side_words:
                if text.count(words) > 1:
                    faults.append((exercise.slug, side, words))
    assert faults == []


def test_a_side_lying_move_for_the_painful_side_keeps_to_one_side_in_its_dose_and_steps(
    client, real_catalogue
):
    """The page the starter routine links to: which side, said once (in the caution); the
    steps and every dose keep to that one side, never "on each side" or "the other side"."""
    kept = [
        exercise
        for exercise in Exercise.objects.published()
        if exercise.unilateral
        and any(c.one_side_words for c in starter.cautions_for(exercise.slug, exercise.position))
    ]
    assert {"clamshell", "banded-clamshell"} <= {exercise.slug for exercise in kept}
    for exercise in kept:
        page = _page(client, exercise, "painful")
        text = _text(page)
        assert text.count(f"do this {PAINFUL_SIDE_ONLY}") == 1, exercise.slug
        assert "painful-side-note" in page
        dose = re.search(r'aria-labelledby="dose-heading".*?</section>', page, re.S).group(0)
        assert "on each side" not in _text(dose) and "on one side only" in _text(dose)
        steps = re.search(r'aria-labelledby="steps-heading".*?</section>', page, re.S).group(0)
        assert not re.search(r"turn over|other side", _text(steps)), exercise.slug


@pytest.mark.parametrize("slug", ["clam-raise", "side-plank", "single-leg-glute-bridge"])
def test_painful_side_on_a_move_without_a_one_side_caution_is_the_page_as_it_is(
    client, real_catalogue, slug
):
    """A move the checker leaves out for outer-hip pain (the Clam Raise, the Side Plank), or a
    one-leg move not done lying on one side, has no painful-side version: the query changes
    nothing (before, the page told the runner to do the Clam Raise on the painful side under
    a caution saying not to do it at all)."""
    exercise = Exercise.objects.get(slug=slug)
    assert _page(client, exercise, "painful") == _page(client, exercise, None)
