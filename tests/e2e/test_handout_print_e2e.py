"""The handout as Chrome prints the print view (page.pdf, A4 and US Letter), as a coach prints it
from the browser: the sources and the QR code never fill the last page alone (a tester's 12
exercises on A4 ended on a page holding only them), every word is large enough to read on
paper, and the link under the QR code breaks only between its parts."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from exercises.models import Exercise
from routines import services
from tests.conftest import make_user
from tests.e2e.conftest import PASSWORD, sign_in
from tests.routines.conftest import make_routine
from tests.routines.test_sheet_cautions import expected as runner_cautions

pytestmark = pytest.mark.django_db(transaction=True)

PAPERS = ("A4", "Letter")
#: The most pages a handout of this many exercises takes (as test_handout_pdf's PAGE_LIMITS).
MOST_PAGES = {2: 1, 6: 2, 7: 3, 8: 3, 12: 4}
#: Routines as (the catalogue's order, first, last): the first of each order, from the first
#: exercise on; the builder's clinic-day order (one-sided moves first), the longest steps first,
#: the catalogue's own. Without the last card and the end held together, Chrome printed each
#: of the 8- and 12-exercise ones with the sources and the QR code alone on the last page, on
#: A4, on Letter or on both.
SHAPES = [
    ("longest", 0, 2),
    ("longest", 0, 6),
    ("longest", 5, 12),
    ("longest", 0, 12),
    ("clinic", 0, 12),
    ("pk", 4, 12),
]


@pytest.fixture
def coach(django_user_model):
    return make_user(django_user_model, "sam", coach=True, password=PASSWORD)


@pytest.fixture
def catalogue():
    call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "catalogue.json"), verbosity=0)


def in_order(order: str) -> list[Exercise]:
    exercises = Exercise.objects.published().prefetch_related("steps")
    if order == "clinic":
        return list(exercises.order_by("-unilateral", "pk"))
    if order == "longest":
        return sorted(exercises, key=lambda e: (-sum(len(s.text) for s in e.steps.all()), e.slug))
    return list(exercises.order_by("pk"))


def shared_routine(coach, exercises):
    routine = make_routine(
        coach,
        title="Hip strength and mobility, weeks 1-6",
        for_whom="J.K.",
        notes="Warm up with five minutes of easy walking.",
        exercises=exercises,
    )
    services.routine_share(routine=routine)
    return routine


def open_printed(page, live_server, routine) -> None:
    page.goto(f"{live_server.url}/routines/{routine.pk}/print/")
    page.emulate_media(media="print")


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text, by poppler's pdftotext."""
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler's pdftotext")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "handout.pdf"
        path.write_bytes(pdf)
        count = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        return [
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout  # fmt: skip
            for n in range(1, count + 1)
        ]


@pytest.mark.parametrize(("order", "first", "last"), SHAPES)
def test_the_browser_never_prints_the_sources_and_the_qr_code_alone_on_the_last_page(
    page, live_server, coach, catalogue, order, first, last
):
    routine = shared_routine(coach, in_order(order)[first:last])
    final = routine.items.order_by("position").last()
    sign_in(page, live_server, "sam", PASSWORD)
    open_printed(page, live_server, routine)
    for paper in PAPERS:
        pages = pages_text(page.pdf(format=paper, prefer_css_page_size=False))
        print(f"browser print, {order}[{first}:{last}] on {paper}: {len(pages)} pages")
        assert len(pages) <= MOST_PAGES[last - first], paper
        last_page = " ".join(pages[-1].split())
        assert "Where these exercises come from" in last_page, paper
        assert f"{final.position}. {final.exercise.name}" in last_page, (paper, len(pages))
        # Each move's cautions for the runner are printed (the builder showed them to the
        # coach only); pdftotext joins a line broken after a hyphen without it.
        printed = " ".join(" ".join(pages).replace("-", "").split())
        for exercise in in_order(order)[first:last]:
            for said in runner_cautions(exercise, paper=True):
                assert said.replace("-", "") in printed, (paper, exercise.slug)


#: The least size, in points, of the sheet's words on paper: what the runner reads to do the
#: exercises, and every other word (labels: the weeks, the sides, the sources, the link).
READING_PT = 9.5
LABEL_PT = 8
#: The least contrast of any word with the paper (WCAG's enhanced level, 7:1).
CONTRAST = 7
TEXT_STYLES = """(reading) => {
  const channel = c => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = rgb => {
    const [r, g, b] = rgb.match(/[\\d.]+/g).map(Number);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const sheet = document.querySelector('.routine-sheet');
  const walker = document.createTreeWalker(sheet, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || element.getClientRects().length === 0) continue;
    const style = getComputedStyle(element);
    found.push({text: node.textContent.trim().slice(0, 30),
                cls: element.closest('[class]').className,
                pt: parseFloat(style.fontSize) * 72 / 96,
                // The box's sources (its numbers [1, 2] and their names) are set at the labels'
                // size, as the sheet's closing sources are: references, not text to read.
                reading: !!element.closest(reading)
                         && !element.closest('.sheet-cite, .sheet-rule-sources'),
                contrast: 1.05 / (luminance(style.color) + 0.05)});
  }
  return found;
}"""


def test_every_word_of_the_printed_sheet_is_large_enough_and_dark_enough(
    page, live_server, coach, catalogue
):
    """The steps, the coach's notes, the rule on when to ease back and how to tick were 8 and
    8.5pt, the weeks' labels (W1-W4) 6.5pt in grey: too small for many runners on paper."""
    exercises = in_order("pk")
    routine = shared_routine(coach, exercises[:3])
    item = routine.items.order_by("position").first()
    item.coach_note = "Slow on the way down."
    item.frequency_min = item.frequency_max = 3
    item.frequency_period = "day"  # its rows say "3 a day:"
    item.save()
    sign_in(page, live_server, "sam", PASSWORD)
    open_printed(page, live_server, routine)
    reading = (
        ".sheet-steps, .sheet-coach-note, .sheet-pain-rule, .sheet-tick-help, .sheet-dose,"
        " .sheet-caution"
    )
    words = page.evaluate(TEXT_STYLES, reading)
    kinds = {word["cls"] for word in words}
    for kind in ("tick-week-label", "tick-side", "tick-times", "url-part", "sheet-coach-note"):
        assert any(kind in cls for cls in kinds), kind  # each is measured
    too_small = [w for w in words if w["pt"] < (READING_PT if w["reading"] else LABEL_PT) - 0.01]
    assert not too_small, too_small
    too_faint = [w for w in words if w["contrast"] < CONTRAST]
    assert not too_faint, too_faint


#: Where a line of the link may end: after a slash (the template's <wbr>s), never inside a
#: part (the host, its port, the token).
LINK_LINES = """() => {
  const text = document.querySelector('.share-url');
  const lines = [];
  let top = null;
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      if (top === null || rect.top > top + 2) { lines.push(''); top = rect.top; }
      lines[lines.length - 1] += node.data[i];
    }
  }
  return lines;
}"""
#: The width inside the sheet's @page margins (12 mm each side), in CSS px: A4, Letter.
PRINTED_WIDTHS = {"A4": round((210 - 24) * 96 / 25.4), "Letter": round((215.9 - 24) * 96 / 25.4)}


def test_the_link_under_the_qr_code_breaks_only_after_a_slash(page, live_server, coach):
    """A tester's printed link read "http://12" / "7.0.0.1:8192/r/...": broken inside the
    address, it cannot be typed from the paper."""
    routine = make_routine(coach, title="Hips")
    token = services.routine_share(routine=routine)
    sign_in(page, live_server, "sam", PASSWORD)
    open_printed(page, live_server, routine)
    link = f"{live_server.url}/r/{token}/"
    for paper, width in PRINTED_WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 1100})
        lines = page.evaluate(LINK_LINES)
        assert "".join(lines) == link, (paper, lines)
        assert all(line.endswith("/") for line in lines), (paper, lines)
        assert any(token in line for line in lines), (paper, lines)  # the token whole
