"""The printed handout and its PDF follow the printing coach's zone, as the app's call buttons
do (fresh tester: a New York coach's handout said "Call 999 (UK) or your local emergency
number" while the app said "Call 911" first, and the PDF download was A4 only by default).
The zone is the browser's, from the cookie our static JS sets; without it (no JavaScript, a
first visit) the sheet says the UK's number and A4 comes first, as before. The runner's own
zone is not known at print time, so "or your local emergency number" always follows."""

import re
import shutil
import subprocess
from html import unescape

import pytest

from routines import services
from routines.paper import paper_for_zone, papers_for_zone
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db

NEW_YORK = "America/New_York"
NEW_YORK_Q = "America%2FNew_York"


@pytest.fixture
def routine(coach):
    routine = make_routine(coach, title="Hips", exercises=[make_exercise("Clamshell")])
    services.routine_share(routine=routine)
    return routine


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def help_box(html: str) -> str:
    return unescape(html.split('id="sheet-help"')[1].split("</div></div>")[0])


def pdf_links(html: str) -> list[str]:
    nav = unescape(html.split('class="print-controls')[1].split("</nav>")[0])
    return [part.split("</a>")[0] for part in nav.split("download>")[1:]]


def test_a_new_york_coach_prints_911_first(signed_in, routine):
    signed_in.cookies["hipcare_tz"] = NEW_YORK
    html = signed_in.get(f"/routines/{routine.pk}/print/").content.decode()
    assert "Call 911 (US and Canada) or your local emergency number:" in help_box(html)
    assert "999" not in help_box(html)


def test_without_a_zone_the_sheet_says_the_uk_number_with_its_place(signed_in, routine):
    html = signed_in.get(f"/routines/{routine.pk}/print/").content.decode()
    assert "Call 999 (UK) or your local emergency number:" in help_box(html)
    assert pdf_links(html) == ["Download PDF (A4)", "Download PDF (US Letter)"]


def test_the_cached_sheet_is_kept_apart_by_zone(signed_in, routine):
    """The sheet's fragment is cached: a London coach's must never reach a New York one."""
    signed_in.cookies["hipcare_tz"] = "Europe/London"
    london = signed_in.get(f"/routines/{routine.pk}/print/").content.decode()
    signed_in.cookies["hipcare_tz"] = NEW_YORK
    new_york = signed_in.get(f"/routines/{routine.pk}/print/").content.decode()
    assert "Call 999 (UK) or your local emergency number:" in help_box(london)
    assert "Call 911 (US and Canada) or your local emergency number:" in help_box(new_york)


def test_a_zone_without_a_number_of_ours_says_the_local_number_first(signed_in, routine):
    signed_in.cookies["hipcare_tz"] = "America/Argentina/Buenos_Aires"
    html = signed_in.get(f"/routines/{routine.pk}/print/").content.decode()
    assert "Call your local emergency number (999 in the UK):" in help_box(html)


def test_a_new_york_coach_is_offered_us_letter_first(signed_in, routine):
    signed_in.cookies["hipcare_tz"] = NEW_YORK
    html = signed_in.get(f"/routines/{routine.pk}/print/").content.decode()
    assert pdf_links(html) == ["Download PDF (US Letter)", "Download PDF (A4)"]
    assert f'href="/routines/{routine.pk}/pdf/?paper=letter&amp;zone={NEW_YORK_Q}" download' in html
    builder = signed_in.get(f"/routines/{routine.pk}/").content.decode()
    assert f'?paper=letter&amp;zone={NEW_YORK_Q}" download>Download PDF (US Letter)</a>' in builder


def test_the_builder_offers_a4_where_the_zone_is_not_known(signed_in, routine):
    builder = signed_in.get(f"/routines/{routine.pk}/").content.decode()
    assert '?paper=a4&amp;zone=" download>Download PDF (A4)</a>' in builder


@pytest.mark.parametrize(
    ("zone", "paper", "ends"),
    [
        (NEW_YORK, "", "-letter.pdf"),
        ("America/Toronto", "", "-letter.pdf"),
        (NEW_YORK, "a4", "-a4.pdf"),
        ("Europe/Paris", "", "-a4.pdf"),
        (NEW_YORK, "x", "-letter.pdf"),
    ],
)
def test_the_pdf_without_a_size_is_the_zones_own(signed_in, routine, zone, paper, ends):
    signed_in.cookies["hipcare_tz"] = zone
    response = signed_in.get(f"/routines/{routine.pk}/pdf/", {"paper": paper} if paper else {})
    assert response["Content-Disposition"].endswith(f'{ends}"')


def test_the_pdf_says_the_zones_number(signed_in, routine, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler's pdftotext")
    signed_in.cookies["hipcare_tz"] = NEW_YORK
    path = tmp_path / "sheet.pdf"
    path.write_bytes(signed_in.get(f"/routines/{routine.pk}/pdf/").content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Call 911 (US and Canada) or your local emergency number" in " ".join(text.split())


def test_paper_by_zone():
    assert paper_for_zone(None) == "a4"
    assert paper_for_zone("Europe/London") == "a4"
    assert paper_for_zone("US/Eastern") == "letter"  # a link to America/New_York
    assert paper_for_zone("America/Mexico_City") == "letter"
    assert paper_for_zone("Not/AZone") == "a4"
    assert [p.key for p in papers_for_zone("America/Vancouver")] == ["letter", "a4"]


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def download_links(html: str) -> list[tuple[str, str]]:
    """(href, label) of each "Download PDF" link on a page."""
    return re.findall(
        r'<a [^>]*href="([^"]*/pdf/[^"]*)"[^>]*download>(Download PDF \([^)]*\))</a>',
        unescape(html),
    )


LABELS = {"A4": "a4", "US Letter": "letter"}
NUMBERS = {
    NEW_YORK: "Call 911 (US and Canada) or your local emergency number",
    "Pacific/Auckland": "Call 111 (New Zealand) or your local emergency number",
    None: "Call 999 (UK) or your local emergency number",
}


@pytest.mark.parametrize("drawn_in", [NEW_YORK, "Pacific/Auckland", None])
@pytest.mark.parametrize("page", ["builder", "print"])
def test_a_pdf_link_drawn_in_one_zone_gives_its_paper_and_number_in_another(
    signed_in, routine, tmp_path, drawn_in, page
):
    """The tester's case: the zone cookie said New York when the builder was drawn ("Download
    PDF (US Letter)"); opened in Auckland, the page's script set the cookie to Auckland before
    the link was followed, and the PDF came out Letter but said "Call 111 (New Zealand)". The
    label, the paper and the number are one reading: the zone the link was drawn for (or
    none, where the page's zone was not known: 999 (UK) and A4)."""
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler's pdftotext")
    if drawn_in:
        signed_in.cookies["hipcare_tz"] = drawn_in
    url = f"/routines/{routine.pk}/" + ("print/" if page == "print" else "")
    links = download_links(signed_in.get(url).content.decode())
    assert links, page
    for href, label in links:
        paper = LABELS[label.removeprefix("Download PDF (").removesuffix(")")]
        for now_in in ("Pacific/Auckland", NEW_YORK):
            signed_in.cookies["hipcare_tz"] = now_in  # the script's cookie, since the page
            response = signed_in.get(href)
            assert response["Content-Disposition"].endswith(f'-{paper}.pdf"'), (href, now_in)
            text = pdf_text(response.content, tmp_path)
            assert NUMBERS[drawn_in] in text, (href, now_in)
            # The page itself: 612 x 792 points is US Letter, 595 x 842 A4.
            path = tmp_path / "sheet.pdf"
            info = subprocess.run(
                ["pdfinfo", str(path)], capture_output=True, text=True, check=True
            ).stdout
            size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
            size = (round(float(size[1])), round(float(size[2])))
            assert size == ((612, 792) if paper == "letter" else (595, 842)), (href, now_in)
    # The zone's own paper first.
    assert LABELS[links[0][1].removeprefix("Download PDF (").removesuffix(")")] == paper_for_zone(
        drawn_in
    )
