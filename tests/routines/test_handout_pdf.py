"""The printed routine fits the paper: six exercises on at most two pages and twelve on at most
four, on A4 and on US Letter, every page with content above its footer (a tick row per
exercise with a box for every session its frequency asks for each week: test_tick_rows_fit).

These tests lay out the real catalogue (its step texts and figures decide the page count), the
longest exercises first, so they measure the worst case rather than a made-up one."""

import re
import shutil
import subprocess
from html import unescape

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory

from exercises.models import Exercise
from routines import services
from routines.models import Routine
from routines.views import _sheet_context, _sheet_routine, html_to_document
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db

CATALOGUE = settings.BASE_DIR / "fixtures" / "catalogue.json"  # test_pdf_word_breaks loads it

PAGE_LIMITS = [(1, 1), (4, 2), (6, 2), (7, 3), (10, 4), (12, 4)]


@pytest.fixture
def catalogue(real_catalogue):
    """The real catalogue (fixtures/catalogue.json), loaded once for the module: every test
    here reads it and none changes it (each test's own rows are rolled back)."""


def longest_exercises(count: int) -> list[Exercise]:
    """The exercises whose cards take the most room: the most words in their steps."""
    exercises = Exercise.objects.published().prefetch_related("steps")
    ranked = sorted(exercises, key=lambda e: (-sum(len(s.text) for s in e.steps.all()), e.slug))
    return ranked[:count]


def handout(coach, count: int, paper: str):
    html, routine = handout_html(coach, longest_exercises(count))
    return html_to_document(html, paper=paper), routine


def handout_html(
    coach,
    exercises,
    *,
    times_a_day: dict[int, int] | None = None,
    notes=True,
    last_note="",
    host="testserver",
):
    """The shared routine's printed sheet (the PDF's HTML) for `exercises`; with `notes`, the
    coach's notes on the routine and on its first exercise, and `last_note` on its last.
    `times_a_day` doses the items at these positions (from 1) that many times a day."""
    routine = make_routine(
        coach,
        title="Hip strength and mobility, weeks 1-6",
        for_whom="J.K.",
        notes="Warm up with five minutes of easy walking. Ice is fine afterwards if sore."
        if notes
        else "",
        exercises=exercises,
    )
    if notes:
        first = routine.items.order_by("position").first()
        first.coach_note = "Slow on the way down; stop before it pinches."
        first.save()
    if last_note:
        routine.items.filter(position=len(exercises)).update(coach_note=last_note)
    for position, times in (times_a_day or {}).items():
        routine.items.filter(position=position).update(
            frequency_min=times, frequency_max=times, frequency_period="day"
        )
    services.routine_share(routine=routine)
    request = RequestFactory().get("/", HTTP_HOST=host)
    request.user = coach
    routine = _sheet_routine(Routine.objects.all(), pk=routine.pk)
    html = render_to_string(
        "routines/print.html", {**_sheet_context(request, routine), "pdf": True}, request
    )
    return html, routine


def sheet_anchors(page) -> set[str]:
    return {name for name in page.anchors if name.startswith("sheet-")}


@pytest.mark.parametrize("paper", ["A4", "letter"])
@pytest.mark.parametrize(("count", "most_pages"), PAGE_LIMITS)
def test_the_handout_fits_its_pages(catalogue, coach, tmp_path, paper, count, most_pages):
    """With twelve exercises, the longest handout, the same layout is written out as a PDF
    too, and every page of it says "Page n of m" and the disclaimer (one WeasyPrint layout
    serves both checks: it is the slowest step of these tests)."""
    document, routine = handout(coach, count, paper)
    pages = len(document.pages)
    print(f"{count} exercises on {paper}: {pages} pages")  # the figures in the closing note
    assert pages <= most_pages
    width_mm = document.pages[0].width * 25.4 / 96
    assert round(width_mm) == (210 if paper == "A4" else 216)
    # Every page holds part of the routine, not just the footer in the page margin.
    for page in document.pages:
        assert sheet_anchors(page), f"page {document.pages.index(page) + 1} holds only its footer"
    # Every exercise's card is whole on one page.
    cards = [a for page in document.pages for a in sheet_anchors(page) if "sheet-item-" in a]
    assert sorted(cards) == sorted(f"sheet-item-{item.pk}" for item in routine.items.all())
    # The QR code beside the title, the sources last.
    assert "sheet-share" in sheet_anchors(document.pages[0])
    assert "sheet-end" in sheet_anchors(document.pages[-1])
    if count == 12:
        assert_every_page_says_page_n_of_m_and_the_disclaimer(document, tmp_path)


def assert_every_page_says_page_n_of_m_and_the_disclaimer(document, tmp_path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler's pdftotext (the page size checks above passed)")
    path = tmp_path / "handout.pdf"
    document.write_pdf(path)
    total = len(document.pages)
    for number in range(1, total + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        assert f"Page {number} of {total}" in text
        assert "HipCare gives general guidance, not a diagnosis." in text
        # More on the page than its footer.
        body = text.replace(f"Page {number} of {total}", "").replace(
            "HipCare gives general guidance, not a diagnosis.", ""
        )
        assert len(body.split()) > 20


#: Routines of several sizes with moves done several times a day (a box a day, on two lines per
#: side): (how many of the longest exercises, {position: times a day}). Each of these ended on a
#: page holding only the sources and the QR code, on A4, on US Letter or on both (the QR code
#: is now beside the title; the sources still close the sheet).
ENDINGS = [
    (3, {}),
    (3, {1: 3}),
    (3, {1: 2, 2: 5}),
    (4, {1: 3, 2: 3, 3: 3, 4: 3}),
    (6, {1: 2, 2: 5}),
    (6, {1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3}),
]


@pytest.mark.parametrize(("count", "times_a_day"), ENDINGS)
def test_the_sources_never_fill_the_last_page_alone(catalogue, coach, count, times_a_day):
    """Where the sources do not fit under the last exercise, that exercise goes over with them
    (break-before: avoid on .sheet-end): the runner never turns to a page with nothing to do
    on it."""
    html, routine = handout_html(coach, longest_exercises(count), times_a_day=times_a_day)
    last_card = f"sheet-item-{routine.items.order_by('position').last().pk}"
    for paper in ("A4", "letter"):
        document = html_to_document(html, paper=paper)
        print(f"{count} exercises, {times_a_day} a day, on {paper}: {len(document.pages)} pages")
        last_page = sheet_anchors(document.pages[-1])
        assert "sheet-end" in last_page, paper
        assert last_card in last_page, (paper, len(document.pages), last_page)


def test_a_routine_with_a_move_done_three_times_a_day_fits_one_page_of_letter_as_of_a4(
    catalogue, coach
):
    """The catalogue's first three exercises, the first three times a day, with no notes,
    filled one page of A4; US Letter, 18 mm shorter, put the sources and the QR code on a
    second page of their own. The end of the sheet is now as tall as the QR code (its heading
    and link beside it, the sources run on) and the day rows' lines as tall as a box: one
    page on both."""
    exercises = list(Exercise.objects.published().order_by("pk"))[:3]
    html, _ = handout_html(coach, exercises, times_a_day={1: 3}, notes=False)
    for paper in ("A4", "letter"):
        assert len(html_to_document(html, paper=paper).pages) == 1, paper


#: The tester's routine: a page 1 with only its first exercise, over half of it blank, when
#: shared (the same routine unshared, without the QR code, filled one page).
TESTERS_ROUTINE = ["bulgarian-split-squat", "deadlift", "banded-clamshell"]
LONG_NOTE = (
    "Keep the knee over the middle toes and the pelvis level; go slowly and stop if the outer "
    "hip pinches. Add a second band only when three sets of fifteen feel easy on both sides, "
    "and rest a minute between sets. "
) * 3


def test_the_qr_code_takes_no_exercise_off_page_one(catalogue, coach):
    """The sources and the QR code were one block kept with the last card, 30 mm tall: where the
    two did not fit under it, WeasyPrint took that card and the one before it to page 2, and
    page 1 held the first exercise alone. The QR code now sits beside the title and the cards
    flow: only a card that does not fit goes over, and only the last goes with the sources."""
    exercises = [Exercise.objects.get(slug=slug) for slug in TESTERS_ROUTINE]
    html, routine = handout_html(coach, exercises, notes=False, last_note=LONG_NOTE[:500])
    first, second = (f"sheet-item-{item.pk}" for item in routine.items.order_by("position")[:2])
    for paper in ("A4", "letter"):
        document = html_to_document(html, paper=paper)
        page_one = sheet_anchors(document.pages[0])
        print(f"tester's routine on {paper}: {len(document.pages)} pages, page 1: {page_one}")
        assert {"sheet-share", first, second} <= page_one, paper


def pdf_words(document, tmp_path) -> list[tuple[int, str, float]]:
    """Every word of the PDF as (page, word, height in pt), by poppler's pdftotext."""
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler's pdftotext")
    path = tmp_path / "handout.pdf"
    document.write_pdf(path)
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words, page = [], 0
    for line in boxes.splitlines():
        if "<page " in line:
            page += 1
        found = re.search(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', line)
        if found:
            words.append((page, unescape(found[3]), float(found[2]) - float(found[1])))
    return words


#: The least size of the words the runner reads to do the exercises, and of any word.
READING_PT = 9.5
LABEL_PT = 8


def test_every_word_of_the_pdf_is_large_enough_to_read(catalogue, coach, tmp_path):
    """The steps, the coach's notes, the rule on when to ease back and how to tick were 8 and
    8.5pt, the weeks' labels (W1-W4) 6.5pt: too small for many runners on paper. A word's box
    in the PDF is as tall as its font's ascent and descent, in proportion to its size; the
    footer, 8pt (the @page rules), gives that proportion."""
    exercises = list(Exercise.objects.published().order_by("pk"))[:3]
    page_html, routine = handout_html(coach, exercises, times_a_day={1: 3})
    for paper in ("A4", "letter"):
        words = pdf_words(html_to_document(page_html, paper=paper), tmp_path)
        footer = [height for _, word, height in words if word == "disclaimer" or word == "HipCare"]
        points = 8 / (sum(footer) / len(footer))  # pt of font size per pt of box height
        sizes = {}
        for _, word, height in words:
            sizes[word] = min(sizes.get(word, 99), height * points)
        too_small = {word: round(size, 1) for word, size in sizes.items() if size < LABEL_PT - 0.1}
        assert not too_small, (paper, too_small)
        assert {"W1", "W4", "Left", "Right"} <= sizes.keys()  # labels measured
        # The words the runner reads: the rule on pain, the steps, the coach's note, how to tick.
        item = routine.items.order_by("position").first()
        reading = [
            "Pain up to 5",
            item.exercise.steps.first().text[:40],
            "Slow on the way down",
            "Tick a box each time",
        ]
        text = [word for _, word, _ in words]
        for phrase in reading:
            first = phrase.split()[:3]
            at = next((i for i in range(len(text)) if text[i : i + len(first)] == first), None)
            assert at is not None, (paper, phrase, " ".join(text))
            for _, word, height in words[at : at + len(first)]:
                assert height * points >= READING_PT - 0.1, (paper, phrase, word, height * points)


def test_the_pdf_breaks_the_link_under_the_qr_code_only_after_a_slash(catalogue, coach, tmp_path):
    """A tester's printed link read "http://12" / "7.0.0.1:8192/r/...": broken inside the
    address, it cannot be typed from the paper."""
    exercises = list(Exercise.objects.published().order_by("pk"))[:2]
    page_html, routine = handout_html(coach, exercises)
    link = f"http://testserver/r/{routine.share_token}/"
    for paper in ("A4", "letter"):
        words = pdf_words(html_to_document(page_html, paper=paper), tmp_path)
        text = [word for _, word, _ in words]
        # The link starts its own line: "http://testserver/r/" is the line's one word.
        start = next(i for i, word in enumerate(text) if word.startswith("http://"))
        lines = [word.replace("\u200b", "") for word in text[start : start + 6]]
        while "".join(lines) != link:
            lines.pop()  # the words after the link
            assert lines, (paper, text[start : start + 6])
        assert all(line.endswith("/") for line in lines), (paper, lines)
        assert routine.share_token + "/" in lines, (paper, lines)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler)")
def test_the_pdf_of_the_longest_moves_says_each_caution(catalogue, coach, tmp_path):
    """The real catalogue's four longest moves (all cautioned for outer-hip pain): each card's
    caution is in the PDF, on A4 and Letter (their page counts: test_handout_pdf's limits)."""
    from tests.routines.test_sheet_cautions import expected

    exercises = longest_exercises(4)
    html, _routine = handout_html(coach, exercises)
    for paper in ("A4", "letter"):
        path = tmp_path / f"{paper}.pdf"
        html_to_document(html, paper=paper).write_pdf(path)
        read = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
        # pdftotext joins a line broken after a hyphen ("outer-" / "hip") as "outerhip".
        text = " ".join(read.stdout.replace("-", "").split())
        for exercise in exercises:
            words = expected(exercise, paper=True)
            assert words, exercise.slug
            for said in words:
                assert said.replace("-", "") in text, (paper, exercise.slug)
