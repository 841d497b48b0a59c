"""No word and no source marker of the PDF is broken across two lines (a tester's handout read
"painf" / "ul groin lump" and "[1" / "]" in the box on when to ease back, the browser's print
preview the same text whole), and a string with no place to break still stays on the paper.

The handout is laid out with every published exercise of the real catalogue, long notes from
the coach and doses of every shape, on A4 and on Letter; poppler's pdftotext reads the PDF's
lines back."""

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory

from exercises.models import Exercise
from routines.models import Routine, RoutineItem
from routines.views import (
    PDF_STYLESHEET,
    _sheet_context,
    _sheet_routine,
    _static_file,
    html_to_document,
)
from tests.routines.test_handout_pdf import CATALOGUE, LONG_NOTE, handout_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    call_command("loaddata", str(CATALOGUE), verbosity=0)


WORD = re.compile(r"\w+")


def pdf_lines(document, tmp_path) -> list[tuple[float, list[tuple[str, float]]]]:
    """Every line of the PDF, as (page width, [(word, its right edge)]), by pdftotext."""
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler's pdftotext")
    path = tmp_path / "handout.pdf"
    document.write_pdf(path)
    layout = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines, width = [], 0.0
    for page in layout.split("<page ")[1:]:
        width = float(re.search(r'width="([\d.]+)"', page)[1])
        for line in page.split("<line")[1:]:
            words = re.findall(r'xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', line)
            lines.append((width, [(unescape(word), float(right)) for right, word in words]))
    return lines


def vocabulary(html: str) -> set[str]:
    """The words of the page's text and of the stylesheet's own (its footer, its separators)."""
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return set(WORD.findall(text)) | set(
        WORD.findall(Path(_static_file(PDF_STYLESHEET)).read_text())
    )


def broken_words(lines, words: set[str]) -> list[str]:
    """The lines that begin or end with part of a word, or with half a source marker."""
    broken = []
    for _, line in lines:
        text = " ".join(word for word, _ in line)
        found = WORD.findall(text)
        if (
            found
            and (found[0] not in words or found[-1] not in words)
            or text.count("[") != text.count("]")
        ):
            broken.append(text)
    return broken


def dose_every_shape(routine) -> None:
    """Sets, reps, holds, sides and how often in every shape the builder offers, one per item,
    and a long note from the coach on each."""
    reps = {"hold_seconds_min": None, "hold_seconds_max": None}
    hold = {"reps_min": None, "reps_max": None}
    shapes = [
        {**reps, "sets_min": 2, "sets_max": 3, "reps_min": 10, "reps_max": 15},
        {**hold, "hold_seconds_min": 20, "hold_seconds_max": 45, "side": "left"},
        {
            **reps,
            "reps_min": 12,
            "reps_max": 12,
            "frequency_min": 3,
            "frequency_max": 3,
            "frequency_period": "day",
        },
        {
            **hold,
            "hold_seconds_min": 30,
            "hold_seconds_max": 30,
            "frequency_min": 1,
            "frequency_max": 7,
            "side": "right",
        },
        {**reps, "sets_min": 1, "sets_max": 1, "reps_min": 8, "reps_max": 8},
    ]
    for number, item in enumerate(routine.items.order_by("position")):
        RoutineItem.objects.filter(pk=item.pk).update(
            coach_note=LONG_NOTE[: 120 + 37 * number], **shapes[number % len(shapes)]
        )
    Routine.objects.get(pk=routine.pk).save()  # a new version of the sheet


def sheet_html(coach, routine) -> str:
    """The routine's printed sheet as the PDF lays it out, read fresh from the database."""
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    request.user = coach
    sheet = _sheet_routine(Routine.objects.all(), pk=routine.pk)
    return render_to_string(
        "routines/print.html", {**_sheet_context(request, sheet), "pdf": True}, request
    )


@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_no_word_of_the_pdf_is_broken_across_lines(catalogue, coach, tmp_path, paper):
    _, routine = handout_html(coach, list(Exercise.objects.published().order_by("pk")))
    dose_every_shape(routine)
    html = sheet_html(coach, routine)
    lines = pdf_lines(html_to_document(html, paper=paper), tmp_path)
    assert len(lines) > 300  # the whole catalogue was laid out
    assert "2-3 x 10-15" in html and "3 times a day" in html  # with its doses
    broken = broken_words(lines, vocabulary(html))
    assert not broken, broken


#: The sheet's right margin on paper (sheet.css @page: 12 mm), in pt.
RIGHT_MARGIN_PT = 12 / 25.4 * 72


@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_a_string_with_nowhere_to_break_stays_on_the_paper(catalogue, coach, tmp_path, paper):
    """Breaking only between words on paper must not let a long unbroken string of the coach's
    (a pasted link, say) run off the page: it still wraps inside, in every place it can be."""
    unbroken = "https://example.org/" + "a1b2c3d4" * 20
    exercises = list(Exercise.objects.published().order_by("pk"))[:3]
    _, routine = handout_html(coach, exercises, last_note=f"See {unbroken} first.")
    routine = Routine.objects.get(pk=routine.pk)
    # Each as long as its field holds (PostgreSQL refuses longer; SQLite would keep it).
    routine.title = unbroken[: Routine._meta.get_field("title").max_length]
    routine.for_whom = unbroken[: Routine._meta.get_field("for_whom").max_length]
    routine.notes = f"Read {unbroken} before you start."
    routine.save()
    # The dose line's load, the coach's words too (a pasted link to the band, say).
    first = routine.items.order_by("position").first()
    RoutineItem.objects.filter(pk=first.pk).update(
        load_note=unbroken[: RoutineItem._meta.get_field("load_note").max_length]
    )
    routine.save()  # a new version of the sheet
    html = sheet_html(coach, routine)
    assert unbroken[:60] in html.split('class="sheet-dose"')[1]  # the load in the dose line
    lines = pdf_lines(html_to_document(html, paper=paper), tmp_path)
    off = [
        (word, right, width)
        for width, line in lines
        for word, right in line
        if right > width - RIGHT_MARGIN_PT + 1
    ]
    assert not off, off
    # The title, the runner's name, the notes, the load and the coach's note were all laid out.
    assert sum("example.org" in word for _, line in lines for word, _ in line) >= 5
