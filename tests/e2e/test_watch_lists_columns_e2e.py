"""A printed list of signs stays in one column with its heading: the answer's lists run in
two columns on paper, and the tester's self-care answer (an adult of 30, every sign "no", outer
hip, gradual onset, 20 days, improving) printed "See a doctor today if" with four of its items
at the top of the second column, headless, beside the 999 box and just above "Book a physio or
doctor if": read there, they sat under the wrong urgency. Each list is kept whole, on the
answer page's own print and its printed summary, on A4 and Letter, and the print stays one
page. Read from the PDF as printed (poppler's pdftotext -bbox-layout): the column and page
each item starts in."""

import os
import re
import shutil
import subprocess
from html import unescape

import pytest
from django.core.management import call_command

from tests.e2e.test_watch_lists_print_e2e import CASES, new_context, post
from tests.triage.test_watch_lists_urgency import case_answers, form_data
from triage.rules import Improving

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler)"),
]

#: The tester's answers: an adult of 30, outer hip, gradual, 20 days, getting better.
TESTER = ("adult", {"duration_days": 20, "improving": Improving.YES})
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', re.S)


def printed_words(pdf: bytes, tmp_path, name: str) -> list[tuple[int, float, float, float, str]]:
    """Every word as printed: (page, x, y, page width, word), in pdftotext's reading order.
    HIPCARE_KEEP_PDF names a folder to keep each PDF in, to look at."""
    path = tmp_path / "printed.pdf"
    path.write_bytes(pdf)
    if os.environ.get("HIPCARE_KEEP_PDF"):
        shutil.copy(path, os.path.join(os.environ["HIPCARE_KEEP_PDF"], name + ".pdf"))
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = []
    for number, (width, body) in enumerate(PAGE.findall(xml)):
        for x, y, word in WORD.findall(body):
            words.append((number, float(x), float(y), float(width), unescape(word)))
    return words


def where(words, text: str) -> tuple[int, float, float, float]:
    """Where ``text`` (its first five words) starts on the printed sheets."""
    wanted = text.split()[:5]
    texts = [w[4] for w in words]
    starts = [
        n for n in range(len(texts) - len(wanted) + 1) if texts[n : n + len(wanted)] == wanted
    ]
    assert len(starts) == 1, (text, len(starts))
    return words[starts[0]][:4]


def column(place, gutter: float) -> tuple[int, int]:
    page, x, _y, width = place
    return page, int(x > width / 2 - gutter)


LISTS = """() => [...document.querySelectorAll(".watch-list")].map(list => [
    document.getElementById(list.getAttribute("aria-labelledby")).innerText,
    [...list.querySelectorAll("li")].map(item => item.innerText),
])"""


@pytest.mark.parametrize("case", ["tester", "see a professional", "young person"])
def test_each_printed_list_of_signs_stays_in_its_headings_column(
    browser, live_server, tmp_path, case
):
    call_command("load_catalogue", verbosity=0)
    context = new_context(browser, live_server, "Europe/London", "desktop")
    page = context.new_page()
    try:
        answers = TESTER if case == "tester" else CASES[case]
        data = form_data(case_answers(*answers))
        for printed in ({}, {"print": "1"}):
            post(page, live_server.url + "/triage/", {**data, **printed})
            page.wait_for_load_state("load")
            page.emulate_media(media="print")
            lists = page.evaluate(LISTS)
            assert len(lists) >= 2, (case, printed)
            for paper in ("A4", "Letter"):
                name = f"{case}-{'summary' if printed else 'answer'}-{paper}".replace(" ", "_")
                words = printed_words(page.pdf(format=paper), tmp_path, name)
                assert {w[0] for w in words} == {0}, (case, printed, paper)  # one page
                for heading, items in lists:
                    at = column(where(words, heading), 6)
                    for item in items:
                        assert column(where(words, item), 6) == at, (
                            case, printed, paper, heading, item
                        )
    finally:
        context.close()
