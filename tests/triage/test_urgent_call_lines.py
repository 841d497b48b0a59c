"""Every block of care numbers a page draws is redrawn for the browser's zone on a first visit
(static/js/hipcare.js; tests/e2e/test_first_visit_calls_e2e.py): the "see a doctor today"
lines as the emergency buttons. Fresh tester: a first visit from Los Angeles said "Call 111
(UK)" until a reload."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"

#: The templates that hold the numbers' markup, and the redrawable block each is drawn in.
LINES = {
    "triage/_emergency_call_lines.html": "triage/_emergency_calls.html",
    "triage/_urgent_call_lines.html": "triage/_urgent_calls.html",
}
#: Templates that give the numbers otherwise, and why they need no redrawing: the printed
#: summary is text for paper, opened from an answer the cookie was set on (its words for how to
#: be seen today are a template of their own, drawn only there).
NOT_REDRAWN = {"triage/summary.html", "triage/_urgent_care_words.html"}
#: What only a template of numbers may use: the lines' own fields.
NUMBERS = re.compile(
    r"urgent_care\.(call|elsewhere)|emergency_calls\.(first|calls|others)|_country_calls\.html"
)


def _templates():
    for path in TEMPLATES.rglob("*.html"):
        yield path.relative_to(TEMPLATES).as_posix(), path.read_text()


def test_every_template_with_care_numbers_is_a_redrawn_block_of_lines():
    lines_templates = {*LINES, "triage/_country_calls.html"}
    for name, text in _templates():
        if NUMBERS.search(text):
            assert name in lines_templates | NOT_REDRAWN, name
        for lines, block in LINES.items():
            if f'"{lines}"' in text:
                # Drawn inside its redrawable block only (or the numbers page, its refresh).
                assert name in {block, "triage/emergency_calls.html"}, (name, lines)
    for block in LINES.values():
        text = (TEMPLATES / block).read_text()
        assert "data-zone=" in text and "data-refresh-url=" in text


def test_the_urgent_lines_alone_follow_the_zone_cookie_and_are_never_cached(client):
    url = reverse("triage:emergency_calls") + "?lines=urgent&log=1"
    uk = client.get(url, headers={"HX-Request": "true"})
    page = uk.content.decode()
    assert "<html" not in page and "Call 111 (UK)" in page and "Call 999 (UK)" in page
    assert "data-country-calls" in page
    assert "no-cache" in uk["Cache-Control"] and "Cookie" in uk["Vary"]
    client.cookies["hipcare_tz"] = "America/Los_Angeles"
    page = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'href="tel:911"' in page and 'href="tel:111"' not in page
    assert "NHS 111" not in page and "data-country-calls" not in page
    child = client.get(url + "&child=1", headers={"HX-Request": "true"}).content.decode()
    assert "they can&#x27;t put weight" in child or "they can't put weight" in child
