"""Fresh tester: a printed checker answer showed a closed "▶ Not in the UK? Your country's
emergency number" fold whose numbers were not on the paper. On every printable page (the
checker's answer and its printed summary, the routine's print sheet, the shared page) a
<details> either prints open or is left out of the print: never a closed fold. The country
list prints as one line of numbers in its place."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, sign_in
from tests.routines.conftest import log_session, make_routine

pytestmark = pytest.mark.django_db(transaction=True)

#: Each <details> in the page as printed: whether it is drawn at all, and whether it is open.
FOLDS = """() => [...document.querySelectorAll('details')].map(fold => ({
    html: fold.outerHTML.slice(0, 80), drawn: fold.getClientRects().length > 0,
    open: fold.open}))"""


def assert_no_closed_fold_printed(page, where: str) -> list[dict]:
    # Every stylesheet in first (print.css is what leaves the folds out): under load the
    # answer's element can be there before the page has loaded them.
    page.wait_for_load_state("load")
    page.emulate_media(media="print")
    folds = page.evaluate(FOLDS)
    closed = [fold for fold in folds if fold["drawn"] and not fold["open"]]
    assert not closed, (where, closed)
    page.pdf(format="A4")  # it prints
    return folds


def test_no_printable_page_prints_a_closed_fold(browser, live_server, django_user_model):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Without the page's scripts (the browser's zone unknown): the every-country fold is drawn.
    page.route(re.compile(r"\.js(\?.*)?$"), lambda route: route.abort())
    try:
        # The checker's answer for an emergency.
        page.goto(live_server.url + "/triage/")
        question = page.get_by_role("radiogroup", name=re.compile("numbness around the bottom"))
        question.get_by_label("Yes", exact=True).check()
        page.get_by_role("button", name="Next").click()
        expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "emergency")
        expect(page.locator("details[data-country-calls]")).to_have_count(1)
        assert page.locator("details").count() >= 1
        assert_no_closed_fold_printed(page, "answer")
        printed = page.locator("main").inner_text()
        assert "Your country's emergency number" not in printed
        assert re.search(r"Elsewhere: .*\d.*; or your local emergency number\.", printed)
        # Opened on screen, the country fold still prints as its one line, not twice.
        page.emulate_media(media="screen")
        page.locator("details[data-country-calls] summary").click()
        assert_no_closed_fold_printed(page, "answer, fold opened")
        assert page.locator("main").inner_text().count("Elsewhere: ") == 1
        # Its printed summary.
        page.emulate_media(media="screen")
        with page.context.expect_page() as opened:
            page.get_by_role("button", name="Print or save this answer").click()
        summary = opened.value
        summary.wait_for_load_state()
        assert_no_closed_fold_printed(summary, "summary")
        assert "Your country's emergency number" not in summary.locator("body").inner_text()
        summary.close()

        # The routine's print sheet and the shared page (and its log), with a warning sign
        # logged.
        coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
        routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
        Routine.objects.filter(pk=routine.pk).update(created=datetime.now(UTC) - timedelta(days=7))
        token = services.routine_share(routine=routine)
        log_session(routine, days_ago=2, pain=3)
        log_session(routine, days_ago=1, pain=4, warning_signs=["no_weight"])
        page.goto(f"{live_server.url}/r/{token}/")
        page.emulate_media(media="screen")
        assert_no_closed_fold_printed(page, "shared page")
        assert "Your country's emergency number" not in page.locator("main").inner_text()
        page.emulate_media(media="screen")
        page.goto(f"{live_server.url}/r/{token}/log/")
        assert_no_closed_fold_printed(page, "shared page's log")
        page.emulate_media(media="screen")
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(f"{live_server.url}/routines/{routine.pk}/print/")
        assert_no_closed_fold_printed(page, "print sheet")
    finally:
        context.close()
