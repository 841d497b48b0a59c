"""A fresh tester printed the runner's page after logging a temperature (pain 1): on screen
it opened "Your advice now: Get emergency care now" with the call buttons; the printout began
with the routine's title and the exercises, with no word of the emergency (the whole top of
the page was left out of print). The advice now prints above the sheet, without the page's
jump links. A doctor today prints who to see and how (the top line alone said "See a doctor
today", the block with the GP surgery and the number being left out of print)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import phone_context
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def routine(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True)
    moves = [make_exercise(f"Move {n}") for n in range(3)]
    routine = make_routine(coach, title="Hips", exercises=moves)
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=2))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    return routine


@pytest.mark.parametrize(
    ("pain", "sign", "told"),
    [
        ("1", "temperature", "Get emergency care now"),
        ("8", None, "Stop and check your symptoms"),
        ("2", "red or warm", "See a doctor today"),
    ],
)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_advice_now_prints_above_the_sheet(
    browser, live_server, routine, javascript, pain, sign, told
):
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        url = live_server.url + routine.get_share_url()
        page.goto(url)
        form = page.locator("#log-form")
        form.locator("[name=pain]").fill(pain)
        if sign:
            form.get_by_label(sign, exact=False).first.check()
        form.get_by_role("button", name="Log this session").click()
        expect(page.locator("#advice")).to_contain_text(told)
        page.goto(url)
        page.wait_for_load_state("load")
        # On screen the top stays one line (the advice block below has who and how).
        expect(page.locator("#runner-top .advice-now-how")).to_be_hidden()
        page.emulate_media(media="print")
        line = page.locator("#runner-top .advice-now")
        expect(line).to_be_visible()
        expect(line).to_contain_text(f"Your advice now: {told}")
        # Above the sheet's title, and the page's own links left out of print.
        assert line.bounding_box()["y"] < page.locator("#sheet-header").bounding_box()["y"]
        expect(page.locator("#runner-top .runner-jumps")).to_be_hidden()
        expect(line.get_by_role("link", name="What to do, and why")).to_be_hidden()
        expect(page.locator(".shared-routine .session-log")).to_be_hidden()
        # Black on white: a printer may drop the screen's tint (white words on dark red).
        assert line.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
        if told.startswith("Get emergency"):
            # The number to call first prints as words (buttons are left out of print).
            call = line.locator('a[href^="tel:"]').first
            expect(call).to_be_visible()
            expect(call).to_contain_text("Call 999")
        if told.startswith("See a doctor"):
            # Who and how, as the advice block says it on screen (settings' urgent care), and
            # the emergency number if it gets worse: words, not buttons, on paper.
            expect(line).to_contain_text(settings.URGENT_CARE_TEXT)
            number = line.locator('a[href^="tel:"]').first
            expect(number).to_be_visible()
            expect(number).to_contain_text(f"Call {settings.URGENT_CARE_NUMBER}")
            worse = line.locator('.call-more a[href^="tel:"]').first
            expect(worse).to_be_visible()
            expect(worse).to_contain_text("Call 999")
        else:
            expect(line.locator(".advice-now-how")).to_have_count(0)
    finally:
        context.close()
