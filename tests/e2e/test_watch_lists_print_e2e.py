"""Every sign whose "yes" would change what to do is on the answer's lists, under up to four
headings: the common answers (self-care, see a professional, a doctor today; an adult, a young
person of 13, a child of 8, someone pregnant) still print on one page of A4 and of US Letter,
the answer page and its printed summary, in the UK and in New York (911 and °F), from a desktop
and from a phone. On paper the lists are never below 9pt, the emergency list the largest; where
a sheet runs on, a list's heading stays with its first item and no item is split."""

import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command

from hipcare.timezones import TIME_ZONE_COOKIE
from tests.e2e.conftest import PHONE_DEVICE
from tests.triage.test_watch_lists_urgency import case_answers, form_data
from triage.emergency import URGENT_CARE_ELSEWHERE
from triage.rules import Pregnancy, Sign

pytestmark = pytest.mark.django_db(transaction=True)

CASES = {
    "self-care": ("adult", {}),
    "see a professional": ("adult", {"duration_days": 21}),
    "a weak leg": ("adult", {"leg_weakness": Sign.YES}),
    "pregnant": ("adult", {"pregnancy": Pregnancy.PREGNANT}),
    "young person": ("young person", {}),
    "child": ("child", {}),
}


def post(page, url: str, data: dict) -> None:
    """Send the answers as the checker's own form does (its CSRF token with them)."""
    page.goto(url)
    with page.expect_navigation():
        page.evaluate(
            """([url, data]) => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = url;
                const token = document.querySelector("input[name=csrfmiddlewaretoken]");
                const fields = {...data, csrfmiddlewaretoken: token.value};
                for (const [name, value] of Object.entries(fields)) {
                    const input = document.createElement("input");
                    input.type = "hidden";
                    input.name = name;
                    input.value = value;
                    form.append(input);
                }
                document.body.append(form);
                form.submit();
            }""",
            [url, data],
        )


def pages(page, paper: str) -> int:
    page.emulate_media(media="print")
    return len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format=paper)))


#: Each list's type as printed, in points: {tier: [item, heading]} (the first item stands for
#: its list: one rule sets them all), and whether the list is drawn in a box.
PRINTED_SIZES = """() => {
    const points = (element) => parseFloat(getComputedStyle(element).fontSize) * 0.75;
    const sizes = {};
    for (const list of document.querySelectorAll(".watch-list")) {
        const heading = document.getElementById(list.getAttribute("aria-labelledby"));
        const items = [...list.querySelectorAll("li")].map(points);
        const boxed = parseFloat(getComputedStyle(list.parentElement).borderTopWidth) > 0;
        sizes[list.dataset.watchTier] = [Math.min(...items), points(heading), boxed];
    }
    return sizes;
}"""


def assert_readable_lists(page, where) -> None:
    """Every printed list item at 9pt or more; the emergency list's items and heading larger
    than any other list's, and it alone in a box."""
    page.emulate_media(media="print")
    sizes = page.evaluate(PRINTED_SIZES)
    assert "emergency" in sizes and len(sizes) >= 2, (where, sizes)
    for tier, (item, heading, _boxed) in sizes.items():
        assert item >= 9 and heading >= item, (where, tier, sizes)
    item, heading, boxed = sizes.pop("emergency")
    assert boxed and not any(other[2] for other in sizes.values()), (where, sizes)
    assert item > max(other[0] for other in sizes.values()), (where, item, sizes)
    assert heading > max(other[1] for other in sizes.values()), (where, heading, sizes)


def new_context(browser, live_server, zone: str, device: str):
    options = PHONE_DEVICE if device == "phone" else {"viewport": {"width": 1280, "height": 900}}
    context = browser.new_context(**options)
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies([{"name": TIME_ZONE_COOKIE, "value": zone, "domain": host, "path": "/"}])
    return context


@pytest.mark.parametrize(
    ("zone", "device"),
    [("Europe/London", "desktop"), ("America/New_York", "desktop"), ("Europe/London", "phone")],
)
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_answer_and_its_summary_print_on_one_page(
    browser, live_server, tmp_path, case, zone, device
):
    """...and every printed answer with a "today" list says how to be seen today, in the
    words the urgent answer gives (settings' URGENT_CARE_TEXT and URGENT_CARE_NUMBER, or
    outside the UK the zone's): a self-care answer's "See a doctor today if" said neither."""
    call_command("load_catalogue", verbosity=0)
    context = new_context(browser, live_server, zone, device)
    page = context.new_page()
    try:
        url = live_server.url + "/triage/"
        data = form_data(case_answers(*CASES[case]))
        for printed in ({}, {"print": "1"}):
            post(page, url, {**data, **printed})
            page.wait_for_load_state("load")  # its stylesheets
            page.emulate_media(media="screen")
            assert page.locator(".watch-list").count() >= 2, case
            assert_readable_lists(page, (case, printed))
            for paper in ("A4", "Letter"):
                assert pages(page, paper) == 1, (case, zone, device, printed, paper)
            if page.locator(".watch-group-urgent").count():
                printed_text = " ".join(sheets(page.pdf(format="A4"), tmp_path))
                # The zone the page was drawn in is the browser's by then (its script sets
                # the cookie): the UK's words with the number, or the words for abroad.
                said = [how for how in HOW_TO_BE_SEEN_TODAY if how[0] in printed_text]
                assert said, (case, zone, printed)
                assert said[0][1] in printed_text, (case, zone, printed)
    finally:
        context.close()


#: How to be seen today as an answer says it in the UK (or where the zone is not known) and
#: abroad, with the number it gives (if any).
HOW_TO_BE_SEEN_TODAY = (
    (settings.URGENT_CARE_TEXT, f"{settings.URGENT_CARE_NUMBER} (UK)"),
    (URGENT_CARE_ELSEWHERE, ""),
)


def sheets(pdf: bytes, tmp_path) -> list[str]:
    """Each page's text (poppler's pdftotext, in reading order), its white space made single."""
    path = tmp_path / "printed.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(sheet.split()) for sheet in text.split("\f") if sheet.strip()]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler)")
@pytest.mark.parametrize("case", ["young person", "pregnant"])
def test_a_list_that_runs_on_keeps_its_heading_with_it_and_its_items_whole(
    browser, live_server, tmp_path, case
):
    """Printed on a sheet too small for it (A6), the lists run on
    to the next page: no heading is left at the foot of a page without its first item, and no
    item is split between two pages."""
    call_command("load_catalogue", verbosity=0)
    context = new_context(browser, live_server, "Europe/London", "phone")
    page = context.new_page()
    try:
        url = live_server.url + "/triage/"
        data = form_data(case_answers(*CASES[case]))
        for printed in ({}, {"print": "1"}):
            post(page, url, {**data, **printed})
            page.wait_for_load_state("load")
            page.emulate_media(media="print")
            lists = page.eval_on_selector_all(
                ".watch-list",
                """lists => lists.map(list => [
                    document.getElementById(list.getAttribute("aria-labelledby")).innerText,
                    [...list.querySelectorAll("li")].map(item => item.innerText),
                ])""",
            )
            printed_sheets = sheets(page.pdf(format="A6"), tmp_path)
            assert len(printed_sheets) > 1, (case, printed)  # it does run on
            for heading, items in lists:
                heading, items = " ".join(heading.split()), [" ".join(i.split()) for i in items]
                on = [n for n, sheet in enumerate(printed_sheets) if heading in sheet]
                assert len(on) == 1, (case, printed, heading)
                assert items[0] in printed_sheets[on[0]], (case, printed, heading)
                for item in items:
                    assert any(item in sheet for sheet in printed_sheets), (case, printed, item)
    finally:
        context.close()
