"""Without JavaScript, after logging a session the browser's Back button showed the form still
filled in (the page fetched afresh, with a new one-time key, and what was typed put back), and
sending it again logged the session twice: two identical rows."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import phone_context
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_form_sent_again_after_back_logs_once(browser, live_server, django_user_model):
    coach = make_user(django_user_model, "sam", coach=True)
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    Routine.objects.filter(pk=routine.pk).update(created=datetime.now(UTC) - timedelta(days=7))
    url = live_server.url + f"/r/{services.routine_share(routine=routine)}/"
    context = phone_context(browser, javascript=False)
    try:
        page = context.new_page()
        page.goto(url)
        page.get_by_label("Worst pain during or after the session").fill("3")
        page.locator("#log-form [name=note]").fill("Felt fine")
        page.get_by_role("button", name="Log this session").click()
        expect(page.get_by_text("Logged your session of")).to_be_visible()
        page.go_back()
        expect(page.get_by_label("Worst pain during or after the session")).to_have_value("3")
        page.get_by_role("button", name="Log this session").click()
        expect(page.get_by_text("That session was already logged.")).to_be_visible()
        assert routine.sessions.count() == 1
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_a_dose_corrected_after_back_is_saved(browser, live_server, django_user_model, javascript):
    """Tester: the dose page saved with sets 2 and "first note", Back, changed to sets 3 and a
    corrected note, saved: "That was sent twice" and the correction lost. The page had no
    Cache-Control, so the browser showed it from its cache on Back, with the first send's key
    (here the page as first served is given back on Back, as that cache does); sent with other
    content it is a new edit, and saved."""
    from django.urls import reverse

    from tests.e2e.conftest import sign_in

    make_user(django_user_model, "sam", coach=True, password="correct-horse-battery")
    coach = django_user_model.objects.get(username="sam")
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    item = routine.items.get()
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", "correct-horse-battery")
        url = live_server.url + reverse("routines:dose_item", args=[routine.pk, item.pk])
        first = page.goto(url).text()
        page.get_by_label("Sets").fill("2")
        page.get_by_label("Coach's note").fill("first note")
        page.get_by_role("button", name="Save dose of Clamshell").click()
        expect(page.get_by_text("Saved the dose for Clamshell")).to_be_visible()
        page.route(url, lambda route: route.fulfill(body=first, content_type="text/html"))
        page.go_back()
        key = page.locator("form.dose-form [name=submission]").get_attribute("value")
        assert key in first
        page.get_by_label("Sets").fill("3")
        page.get_by_label("Coach's note").fill("corrected note: keep knee soft")
        page.get_by_role("button", name="Save dose of Clamshell").click()
        expect(page.get_by_text("Saved the dose for Clamshell")).to_be_visible()
        expect(page.get_by_text("That was sent twice")).to_have_count(0)
        item.refresh_from_db()
        assert (item.sets_min, item.coach_note) == (3, "corrected note: keep knee soft")
    finally:
        context.close()
