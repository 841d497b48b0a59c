"""The coach's panel names an entry's day as the runner's where they logged it. One logged
from Kiritimati (UTC+14) at 11:45 UTC on Mon 30 Nov is for Tue 1 Dec, a day the coach in the
UK has not reached: the card said "Stop advised on Tue 1 Dec" with no word of why. Wherever
the panel names such a day it now says, as the runner's history does, "logged where that day
had already begun". And its empty log is worded by whether the routine is shared."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.conftest import make_exercise
from tests.routines.conftest import log_by_form, make_routine

NOON = datetime(2026, 11, 30, 11, 45, tzinfo=UTC)
AHEAD = "logged where that day had already begun"

pytestmark = [pytest.mark.django_db, pytest.mark.clock(NOON)]


def panel(client, coach, routine) -> str:
    client.force_login(coach)
    page = client.get(reverse("routines:builder", args=[routine.pk])).content.decode()
    start = page.index('id="follow-up"')
    return page[start : page.index("</section>", start)]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_every_day_ahead_of_the_coachs_today_says_why(client, coach, shared_1_nov):
    kiritimati = {"tz": "Pacific/Kiritimati"}
    log_by_form(client, shared_1_nov, "2026-11-30")
    stop = log_by_form(client, shared_1_nov, "2026-12-01", pain="8", **kiritimati)
    gone = log_by_form(client, shared_1_nov, "2026-12-01", pain="7", **kiritimati)
    url = reverse("session_delete", args=[shared_1_nov.share_token, gone.pk])
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    said = text(panel(client, coach, shared_1_nov))
    assert f"Stop advised after the session of Tue 1 Dec ({AHEAD}):" in said
    assert f"An entry from Tue 1 Dec ({AHEAD}) that advised" in said
    assert f"after the runner's latest day (Tue 1 Dec, {AHEAD})" in said
    assert f"Tue 1 Dec ({AHEAD}): pain 8/10" in said
    # A day the coach has reached says nothing of the kind.
    assert "Mon 30 Nov: pain 2/10" in said
    assert f"Mon 30 Nov ({AHEAD})" not in said
    assert f'id="stop-{stop.pk}"' in panel(client, coach, shared_1_nov)


def test_no_entry_ahead_no_word_of_it(client, coach, shared_1_nov):
    log_by_form(client, shared_1_nov, "2026-11-30", pain="8")
    assert AHEAD not in panel(client, coach, shared_1_nov)


def test_an_empty_log_of_a_shared_routine_says_the_entries_will_show(client, coach, shared_1_nov):
    # The runner deleted their only entry.
    only = log_by_form(client, shared_1_nov, "2026-11-30")
    url = reverse("session_delete", args=[shared_1_nov.share_token, only.pk])
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    said = text(panel(client, coach, shared_1_nov))
    assert "No sessions logged yet. The runner's entries will show here." in said
    assert "Once you share the routine" not in said


def test_an_empty_log_of_a_routine_not_shared_says_to_share_it(client, coach):
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    said = text(panel(client, coach, routine))
    assert "No sessions logged yet. Once you share the routine" in said
    assert "will show here" not in said


def _as_hidden(html: str) -> str:
    """The text once static/js/hipcare.js has hidden every element whose day has come
    (data-shown-until): what a browser shows from that day on."""
    html = re.sub(r"<(span|p)[^>]*data-shown-until[^>]*>.*?</\1>", "", html, flags=re.S)
    return text(html)


def test_a_day_note_hidden_by_the_script_leaves_no_space_before_the_colon(
    client, coach, shared_1_nov
):
    """Phone tester: "Tue 1 Dec : worst pain" once the browser's day reached Tue 1 Dec (the
    script hides "(logged where that day had already begun)", and the space before it stayed).
    Every such note carries its own space, on the coach's panel and the runner's history, and
    every template's inline note does too."""
    kiritimati = {"tz": "Pacific/Kiritimati"}
    log_by_form(client, shared_1_nov, "2026-12-01", pain="8", **kiritimati)
    gone = log_by_form(client, shared_1_nov, "2026-12-01", pain="7", **kiritimati)
    url = reverse("session_delete", args=[shared_1_nov.share_token, gone.pk])
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    history = client.get(
        reverse("session_history", args=[shared_1_nov.share_token])
    ).content.decode()
    coach_panel = panel(client, coach, shared_1_nov)
    for html in (coach_panel, history):
        assert AHEAD in text(html)
        shown = _as_hidden(html)
        assert not re.search(r"\s[:,.)]", shown), re.search(r".{30}\s[:,.)].{20}", shown)
    assert "Tue 1 Dec: pain 8/10" in _as_hidden(coach_panel)
    assert "Stop advised after the session of Tue 1 Dec:" in _as_hidden(coach_panel)
    assert "Tue 1 Dec: worst pain 8/10" in _as_hidden(history)


def test_no_template_puts_a_space_outside_a_note_the_script_hides():
    """The class, in every template: an inline element the script may hide (data-shown-until)
    never has a space before it that stays when it is hidden."""
    from pathlib import Path

    from django.conf import settings

    found = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(folder).rglob("*.html"):
            source = path.read_text()
            for match in re.finditer(r"[ \t](?:\{%[^%]*%\})?<span[^>]*data-shown-until", source):
                found.append((path.name, source[match.start() - 40 : match.end()]))
    assert found == []
