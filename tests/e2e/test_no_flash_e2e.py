"""With JavaScript, nothing static/js/hipcare.js hides on the log form shows before it runs
(it is deferred: a phone may draw the page first). On a first visit the date's hint ("Your
time zone isn't known...: UK time") showed until the script hid it, and so did the form's
next-morning question, which a new form (dated today) does not ask. static/js/early.js marks
<html> before the first paint and the CSS draws them as the script will; without JavaScript
both still show. The page is checked here with hipcare.js held back: what a phone shows
before it has run. Where hipcare.js never runs (blocked, offline, an error), the page is as
without JavaScript: early.js takes its marks back once the deferred scripts have had their turn
(DOMContentLoaded) and hipcare.js has not said it ran, so the hint and the question show. A
tester had hipcare.js blocked, and the hint stayed hidden while the form sent no zone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from routines.models import Routine
from tests.e2e.conftest import phone_context

pytestmark = pytest.mark.django_db(transaction=True)
HONOLULU = "Pacific/Honolulu"


def _form(page):
    form = page.locator("#log-form")
    return (
        form.locator("#id_date_helptext"),
        form.locator("fieldset[data-morning-for]"),
        form.locator("[data-morning-later]"),
    )


def test_before_the_script_runs_the_form_is_drawn_as_it_will_leave_it(
    browser, live_server, routine
):
    context = phone_context(browser, timezone_id=HONOLULU)
    try:
        page = context.new_page()
        held = []
        page.route("**/js/hipcare.js", lambda route: held.append(route))  # kept pending
        page.goto(live_server.url + routine.get_share_url(), wait_until="commit")
        hint, question, later = _form(page)
        expect(hint).to_have_count(1)  # a first visit: the server does not know the zone
        expect(hint).to_be_hidden()
        expect(question).to_be_hidden()
        expect(later).to_be_visible()
        assert held, "hipcare.js was asked for and is still on its way"
        assert page.evaluate("document.readyState") == "interactive"  # parsed, not yet run
        held[0].continue_()
        page.wait_for_load_state("domcontentloaded")
        expect(hint).to_be_hidden()
        expect(question).to_be_hidden()
        expect(later).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("failure", ["blocked", "broken"])
def test_where_the_script_never_runs_the_page_is_as_without_javascript(
    browser, live_server, routine, failure
):
    context = phone_context(browser, timezone_id=HONOLULU)
    try:
        page = context.new_page()
        if failure == "blocked":
            page.route("**/js/hipcare.js", lambda route: route.abort())
        else:  # loads, and stops at its first line
            page.route(
                "**/js/hipcare.js",
                lambda route: route.fulfill(
                    content_type="text/javascript", body='throw new Error("broken");'
                ),
            )
        page.goto(live_server.url + routine.get_share_url())
        assert page.evaluate("document.documentElement.classList.contains('js')") is False
        hint, question, later = _form(page)
        expect(hint).to_be_visible()
        expect(hint).to_contain_text("taken as UK time")
        expect(question).to_be_visible()
        expect(later).to_be_hidden()
    finally:
        context.close()


def test_once_the_script_has_run_the_question_comes_back_for_an_earlier_day(
    browser, live_server, routine
):
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=2))
    context = phone_context(browser, timezone_id=HONOLULU)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        hint, question, later = _form(page)
        expect(hint).to_be_hidden()
        expect(question).to_be_hidden()
        expect(later).to_be_visible()
        date = page.locator("#log-form input[name=date]")
        date.fill(date.get_attribute("min"))
        date.dispatch_event("change")
        expect(question).to_be_visible()
        expect(later).to_be_hidden()
        assert page.evaluate("document.querySelector('[data-before-script]')") is None
    finally:
        context.close()


def test_without_javascript_the_hint_and_the_question_show(browser, live_server, routine):
    context = phone_context(browser, javascript=False, timezone_id=HONOLULU)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        hint, question, later = _form(page)
        expect(hint).to_be_visible()
        expect(hint).to_contain_text("taken as UK time")
        expect(question).to_be_visible()
        expect(later).to_be_hidden()
    finally:
        context.close()
