"""The answer page on a phone (390x844): its actions are reachable from the top, and the page
itself prints as a clean handout (QA round 2, findings 3 and 4)."""

import re
import shutil
import subprocess
from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE_DEVICE, reach_self_care

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE_DEVICE)
    yield context.new_page()
    context.close()


def test_the_answers_actions_are_one_tap_from_the_top_on_a_phone(phone, live_server):
    """QA: the answer is ~5,000 px tall and "Change my answers", "Print" and "Start again" were
    only at the very bottom."""
    page = phone
    reach_self_care(page, live_server)
    page.evaluate("window.scrollTo(0, 0)")
    heading = page.locator("#result-heading")
    lead = page.locator(".tier .lead")
    jump = page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name=re.compile("Change my answers, print or start again")
    )
    # Under the headline and its advice, and still on the first screen.
    heading_box, lead_box, jump_box = (x.bounding_box() for x in (heading, lead, jump))
    assert heading_box["y"] < lead_box["y"] < jump_box["y"]
    assert jump_box["y"] + jump_box["height"] <= 844
    assert jump_box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollHeight") > 2 * 844
    # From the keyboard: the link takes focus to the actions, and Tab reaches "Change my answers".
    jump.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#answer-actions")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Change my answers")).to_be_focused()
    expect(page.get_by_role("button", name="Change my answers")).to_be_in_viewport()
    expect(page.get_by_role("link", name="Start again", exact=True)).to_be_in_viewport()


def _pdf_text_pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return [page for page in out.stdout.split("\f") if page.strip()]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler)")
def test_the_answer_page_itself_prints_as_a_clean_handout(browser, live_server, tmp_path):
    """QA: browser print of the answer page printed "(opens in a new tab)" after a link, page 2
    held only stray lines of "Keeping it from coming back", and there was no site name, date or
    address on the sheet."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        call_command("load_catalogue", verbosity=0)  # with a starter routine: the longest
        reach_self_care(page, live_server)
        titles = page.locator('[aria-labelledby="prevention-heading"] dt').all_inner_texts()
        assert titles
        page.emulate_media(media="print")
        meta = page.locator(".print-meta")
        expect(meta).to_be_visible()
        pages = _pdf_text_pages(page.pdf(format="A4"), tmp_path)
    finally:
        context.close()
    text = "\n".join(pages)
    assert "opens in a new tab" not in text and "↗" not in text
    first = " ".join(pages[0].split())
    assert "HipCare · symptom checker answer" in first
    assert date.today().strftime("%-d %B %Y") in first
    assert f"{live_server.url}/triage/" in first
    # "Keeping it from coming back" is kept whole: its heading and every title on one page.
    holding = [
        number for number, sheet in enumerate(pages) if "Keeping it from coming back" in sheet
    ]
    assert len(holding) == 1 and len(pages) == 1
    sheet = " ".join(pages[holding[0]].split())
    for title in titles:
        assert " ".join(title.split()) in sheet, title
