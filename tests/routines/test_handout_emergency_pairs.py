"""The handout names every emergency the log itself raises (fresh tester: its 999/911 line
listed only single signs, but the log answers "Get emergency care now" for two signs together:
a fall with a limp, a red or warm hip that is swollen, a numb leg that is weak, tummy pain
with being sick; a runner with only the paper would not know).

The pairs are found here from the log's own advice (monitoring.advise on one entry with both
signs ticked, at every pain 0-10), not from a list: every pair the log answers with emergency
care at a pain where neither sign alone is one is on a line under the number to call (the
line's data-signs, and its words in the PDF's text), and every line's signs are an emergency
on the log from the pain it states up. The call itself stands apart from the box's small
print: a box of its own, at 10pt or more, in black (it sat inline in the 9.5pt run)."""

import itertools
import shutil
import subprocess
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from routines import monitoring, services
from routines.models import Routine
from routines.views import _sheet_context, _sheet_routine, html_to_document
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine
from tests.routines.test_handout_signs_match_log import help_groups
from triage.rules import Tier

pytestmark = pytest.mark.django_db

PAINS = range(monitoring.PAIN_MIN, monitoring.PAIN_MAX + 1)


def emergency(keys, pain: int) -> bool:
    """Whether the log answers one entry ticking `keys` at `pain` with emergency care."""
    entry = monitoring.Entry(date(2026, 11, 30), pain, warning_signs=frozenset(keys))
    return monitoring.advise([entry]).care is Tier.EMERGENCY


def log_pairs() -> dict[frozenset[str], int]:
    """Each pair of offered signs the log answers with emergency care at some pain where
    neither sign alone is one, with the lowest such pain."""
    keys = [sign.key for sign in monitoring.OFFERED_SIGNS]
    found = {}
    for pair in itertools.combinations(keys, 2):
        for pain in PAINS:
            if emergency(pair, pain) and not any(emergency({key}, pain) for key in pair):
                found.setdefault(frozenset(pair), pain)
    return found


@pytest.fixture
def routine(coach):
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    services.routine_share(routine=routine)
    return routine


def sheet_html(client, coach, routine, pdf: bool) -> str:
    if not pdf:
        client.force_login(coach)
        return client.get(f"/routines/{routine.pk}/print/").content.decode()
    request = RequestFactory().get(f"/routines/{routine.pk}/pdf/")
    request.user = coach
    routine = _sheet_routine(Routine.objects.all(), pk=routine.pk)
    context = {**_sheet_context(request, routine), "pdf": True}
    return render_to_string("routines/print.html", context, request)


def listed_combos(html: str) -> dict[frozenset[str], int]:
    """The sign sets the lines under the number to call stand for (data-signs), each with
    the pain it needs."""
    combos = {}
    for found in html.split('id="sheet-help"')[1].split('data-signs="')[1:]:
        for combo in found.split('"')[0].split():
            keys, pain = combo.split("@")
            combos[frozenset(keys.split("+"))] = int(pain)
    return combos


@pytest.mark.parametrize("pdf", [False, True], ids=["print", "pdf"])
def test_every_pair_the_log_makes_an_emergency_is_under_the_number_to_call(
    client, coach, routine, pdf
):
    pairs = log_pairs()
    # The tester's four are among those the log's rules give.
    for pair in (
        {"fall_or_blow", "limp"},
        {"red_or_warm", "swollen"},
        {"numbness", "leg_weakness"},
        {"tummy_pain", "vomiting"},
    ):
        assert frozenset(pair) in pairs, pair
    html = sheet_html(client, coach, routine, pdf)
    ((lead, _items),) = help_groups(html)
    assert lead.startswith("Call 999 (UK)")
    listed = listed_combos(html)
    for pair, pain in pairs.items():
        assert pair in listed, sorted(pair)
        assert listed[pair] <= pain, (sorted(pair), listed[pair], pain)
    # Every line's signs, single or together, are an emergency on the log from the pain it
    # states, and not below it.
    for keys, pain_from in listed.items():
        for pain in PAINS:
            assert emergency(keys, pain) == (pain >= pain_from), (sorted(keys), pain)


def test_each_pair_is_worded_plainly_with_both_its_signs(client, coach, routine):
    ((_lead, items),) = help_groups(sheet_html(client, coach, routine, pdf=False))
    text = " ".join(items)
    for words in (
        "a fall or blow, then a limp",
        "a red or warm hip that is swollen",
        "a weak leg that is numb or tingling",
        "tummy pain with being sick",
        "a limp, a numb or tingling leg or a weak leg",
        "a swollen hip with pain of 7 or more",
    ):
        assert words in text, words


def boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from boxes(child)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler)")
@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_the_pdf_prints_every_line_and_the_call_stands_apart_on_one_page(
    client, coach, routine, tmp_path, paper
):
    html = sheet_html(client, coach, routine, pdf=True)
    ((_lead, items),) = help_groups(html)
    document = html_to_document(html, paper=paper)
    assert len(document.pages) == 1
    path = tmp_path / "handout.pdf"
    document.write_pdf(path)
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "Call 999 (UK) or your local emergency number:" in text
    for item in items:
        assert item in text, item
    # The call's own box: a border, black, at 10pt or more (13.33 CSS px), its lead too.
    found = [
        box
        for page in document.pages
        for box in boxes(page._page_box)
        if "sheet-emergency"
        in ((getattr(box, "element", None) is not None and box.element.get("class")) or "")
        and box.element_tag == "div"
    ]
    assert found, "no box for the emergency call"
    call = found[0]
    assert call.style["border_top_width"] > 0 and call.style["border_left_width"] > 0
    assert tuple(call.style["color"])[:3] == (0, 0, 0)
    assert call.style["font_size"] >= 10 * 96 / 72 - 0.01
    lead = next(b for b in boxes(call) if b.element_tag == "strong")
    assert lead.style["font_size"] >= 10 * 96 / 72 - 0.01
    assert tuple(lead.style["color"])[:3] == (0, 0, 0)
