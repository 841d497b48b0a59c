"""Every page a runner can print that shows emergency advice prints it whole: the numbers to
call ("Call 999 (UK)", "Call 112 (Europe)"), the words of what to do (an ambulance, A&E) and
the advice in black. A fresh tester printed the log's history page (/r/<token>/log/): the
"Get emergency care now" banner came out faint grey and the call buttons were missing (print.css
hid every .btn; only the runner's own page and the checker's answer had an exception). Each
page is printed by Chromium (page.pdf) and its text read back by poppler's pdftotext."""

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import phone_context
from tests.e2e.test_watch_lists_print_e2e import post
from tests.routines.conftest import make_routine
from tests.triage.test_watch_lists_urgency import case_answers, form_data
from triage.rules import Sign

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext"),
]

BLACK = "rgb(0, 0, 0)"
#: What an emergency must say on paper, wherever it is printed (the zone not known: no
#: JavaScript, so the UK's number first, then 112).
MUST_PRINT = ("Call 999 (UK)", "Call 112 (Europe)", "ambulance", "A&E")


def printed_text(page, tmp_path, name: str) -> str:
    """The page as Chromium prints it (A4), as text, its lines joined by single spaces."""
    page.wait_for_load_state("load")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(page.pdf(format="A4"))
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def assert_prints_the_emergency(page, tmp_path, name: str) -> None:
    text = printed_text(page, tmp_path, name)
    missing = [words for words in MUST_PRINT if words not in text]
    assert not missing, f"{name}: {missing} not printed in: {text[:1500]}"


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True)
    routine = make_routine(coach, title="Hips", exercises=[make_exercise("Clamshell")])
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=2))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    return routine


def test_the_runners_pages_print_the_emergency(browser, live_server, routine, tmp_path):
    context = phone_context(browser, javascript=False)
    try:
        page = context.new_page()
        runner_url = live_server.url + routine.get_share_url()
        page.goto(runner_url)
        form = page.locator("#log-form")
        form.locator("[name=pain]").fill("1")
        form.get_by_label("temperature", exact=False).first.check()
        form.get_by_role("button", name="Log this session").click()
        expect(page.locator("#advice")).to_contain_text("Get emergency care now")
        token = routine.share_token
        pages = {
            "runner": runner_url,
            "history": live_server.url + reverse("session_history", args=[token]),
            "earlier": live_server.url + reverse("session_list", args=[token]),
        }
        for name, url in pages.items():
            page.emulate_media(media="screen")
            page.goto(url)
            expect(page.locator("#runner-top .advice-now")).to_contain_text(
                "Get emergency care now"
            )
            page.emulate_media(media="print")
            assert_prints_the_emergency(page, tmp_path, name)
            # Black, never the screen's white on dark red (printed faint grey).
            banner = page.locator("#runner-top .advice-now strong").first
            assert banner.evaluate("e => getComputedStyle(e).color") == BLACK, name
    finally:
        context.close()


def test_the_checkers_emergency_answer_prints_the_emergency(browser, live_server, tmp_path):
    # With JavaScript, in the UK: the zone known, as after the first page.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, timezone_id="Europe/London"
    )
    try:
        page = context.new_page()
        url = live_server.url + "/triage/"
        post(page, url, form_data(case_answers("adult", {"saddle_or_bladder": Sign.YES})))
        page.emulate_media(media="print")
        assert_prints_the_emergency(page, tmp_path, "checker")
    finally:
        context.close()
