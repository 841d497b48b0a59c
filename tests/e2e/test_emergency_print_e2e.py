"""The emergency answer printed from the browser: its kind and its instruction (call an
ambulance, don't drive yourself) were white on screen's dark red, and white on paper, which
has no background: Chromium printed them pale grey. On paper every word of it is black."""

import pytest

from tests.e2e.test_watch_lists_print_e2e import post
from tests.triage.test_watch_lists_urgency import case_answers, form_data
from triage.rules import Sign

pytestmark = pytest.mark.django_db(transaction=True)

BLACK = "rgb(0, 0, 0)"


def test_the_emergency_answer_prints_black_on_white(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        url = live_server.url + "/triage/"
        post(page, url, form_data(case_answers("adult", {"saddle_or_bladder": Sign.YES})))
        page.wait_for_load_state("load")  # its stylesheets
        page.emulate_media(media="print")
        colours = page.eval_on_selector_all(
            ".tier-emergency .tier-kind, .tier-emergency h1, .tier-emergency .lead",
            "found => found.map(element => [element.className, getComputedStyle(element).color])",
        )
    finally:
        context.close()
    assert len(colours) == 3, colours
    assert all(colour == BLACK for _name, colour in colours), colours
