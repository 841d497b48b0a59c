"""QA: a shared routine of five exercises printed on two A4 pages, page 2 holding one exercise
and the sources and about 80% blank ("handouts waste paper"), and the link beside the QR code
took three lines. For routines of 1 to 8 exercises of the real catalogue (its longest cards,
and its first ones), with the coach's notes, the PDF now takes fewer pages on A4 and US Letter
(PAGES, measured before and after: the cards' figures 32 mm wide, not 42, so the steps beside
them take fewer lines; the steps and the coach's note at 9.5pt, READING_PT, not 10; less space
between cards; lines 1.15 high, not 1.2; the exercises' heading run in before how to tick),
with no word smaller than test_handout_pdf's READING_PT and LABEL_PT; the link starts its own
line and takes two. Five exercises still need two pages: the fifth card and the sources are
about a fifth of a page more than one holds.

Run with -s to print the page counts and how full each last page is:
`pytest -s tests/routines/test_handout_pages.py`."""

import re
import shutil
import subprocess
from html import unescape

import pytest

from exercises.models import Exercise
from routines.views import html_to_document
from tests.routines.test_handout_pdf import handout_html, longest_exercises

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(real_catalogue):
    """The real catalogue (fixtures/catalogue.json)."""


def _first(count: int) -> list[Exercise]:
    return list(Exercise.objects.published().order_by("pk"))[:count]


KINDS = {"longest": longest_exercises, "first": _first}

#: Pages for 1..8 exercises, by (kind, paper). Before: longest 1 1 2 2 2 2 2 3 and first
#: 1 1 1 2 2 2 2 3, on A4 and on Letter alike. The emergency call in a box of its own, with
#: every pair of signs the log answers with emergency care (test_handout_emergency_pairs),
#: takes about 17 mm more of page 1: four exercises, which had filled 94-95% of it with the
#: longest steps, now go over to a second page but on A4 with the first four; one to three
#: still fit one page, on A4 and Letter.
#: Each move's caution for the runner (test_sheet_cautions), under its pictures where the card
#: has blank room beside the steps, costs no page but one: the first four on A4, which filled
#: 96% of one page, take a second (the second card, a short one, is two lines taller).
PAGES = {
    ("longest", "A4"): (1, 1, 1, 2, 2, 2, 2, 2),
    ("longest", "letter"): (1, 1, 1, 2, 2, 2, 2, 2),
    ("first", "A4"): (1, 1, 1, 2, 2, 2, 2, 2),
    ("first", "letter"): (1, 1, 1, 2, 2, 2, 2, 2),
}


def _bottom(box) -> float:
    """The lowest edge of `box` and everything in it, in CSS px."""
    bottom = box.position_y + box.margin_height()
    return max([bottom, *(_bottom(child) for child in getattr(box, "children", ()))])


def test_routines_of_1_to_8_exercises_take_no_more_pages_than_measured(catalogue, coach):
    counts = {}
    for kind, pick in KINDS.items():
        for count in range(1, 9):
            html, _ = handout_html(coach, pick(count))
            for paper in ("A4", "letter"):
                document = html_to_document(html, paper=paper)
                last = document.pages[-1]
                used = _bottom(last._page_box.children[0]) / last.height
                counts[kind, paper, count] = len(document.pages)
                print(f"{kind} {count} on {paper}: {len(document.pages)} pages, last {used:.0%}")
    for (kind, paper), pages in PAGES.items():
        measured = tuple(counts[kind, paper, count] for count in range(1, 9))
        print(f"{kind:8} {paper:6} 1..8 exercises: {' '.join(map(str, measured))}")
        assert measured == pages, (kind, paper, measured)


def _link_lines(document, tmp_path, link: str) -> list[str]:
    """The lines of the PDF the link is printed on, each as its words joined."""
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler's pdftotext")
    path = tmp_path / "handout.pdf"
    document.write_pdf(path)
    boxes = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    words = [
        (round(float(y)), unescape(word).replace("\u200b", ""))
        for y, word in re.findall(r'yMin="([\d.]+)"[^>]*>([^<]*)</word>', boxes)
    ]
    start = next(i for i, (_, word) in enumerate(words) if word.startswith("http://"))
    lines: dict[int, str] = {}
    for y, word in words[start:]:
        if "".join(lines.values()) == link:
            break
        lines[y] = lines.get(y, "") + word
    assert "".join(lines.values()) == link, lines
    return list(lines.values())


@pytest.mark.parametrize("host", ["testserver", "127.0.0.1:8170", "hipcare.example.org"])
def test_the_link_beside_the_qr_code_takes_two_lines_broken_after_a_slash(
    catalogue, coach, tmp_path, settings, host
):
    settings.ALLOWED_HOSTS = [host.partition(":")[0]]
    html, routine = handout_html(coach, _first(2), host=host)
    link = f"http://{host}/r/{routine.share_token}/"
    for paper in ("A4", "letter"):
        lines = _link_lines(html_to_document(html, paper=paper), tmp_path, link)
        assert lines == [f"http://{host}/r/", f"{routine.share_token}/"], (paper, lines)
