"""The dates of moments on a first visit from Auckland (no zone cookie yet): with JavaScript the
script writes the browser's own day (and time) in place of the UK's, in the format the server
drew; without it the UK's day says "(UK time)" (hipcare/zoned_dates.py). The coach's list of
routines (the day each changed, short months) and the checker's printed line (day and time)."""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, phone_context, sign_in
from tests.routines.conftest import make_routine
from tests.triage.test_views import answers

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [True, False])
def test_a_first_visit_from_auckland_shows_its_day_or_says_uk_time(
    browser, live_server, django_user_model, javascript
):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    routine = make_routine(coach, title="Hips", exercises=[make_exercise("Clamshell")])
    Routine.objects.filter(pk=routine.pk).update(updated=datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
    context = phone_context(browser, javascript=javascript, timezone_id="Pacific/Auckland")
    page = context.new_page()
    try:
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(f"{live_server.url}/routines/")
        changed = page.locator("main table tbody tr").first.locator("time")
        expect(changed).to_have_text("11 Mar 2026" if javascript else "10 Mar 2026")
        note = page.locator("main table tbody tr").first.locator("[data-zone-note]")
        expect(note).to_have_count(0 if javascript else 1)

        # The checker's answer (every answer in one POST), whose printed line says when.
        page.goto(f"{live_server.url}/triage/")
        page.evaluate(
            """(form) => { const f = document.createElement('form'); f.method = 'post';
              f.action = '/triage/';
              const token = document.querySelector('[name=csrfmiddlewaretoken]');
              for (const [name, value] of Object.entries({...form,
                  csrfmiddlewaretoken: token.value})) {
                const input = document.createElement('input');
                input.type = 'hidden'; input.name = name; input.value = value;
                f.append(input);
              }
              document.body.append(f); f.submit(); }""",
            answers(),
        )
        page.wait_for_selector(".print-meta", state="attached")
        printed = page.locator(".print-meta").text_content()
        now = timezone.localtime(
            timezone=ZoneInfo("Pacific/Auckland" if javascript else "Europe/London")
        )
        assert dateformat.format(now, "j F Y") in printed, printed
        assert re.search(r", \d\d:\d\d", printed), printed
        assert ("(UK time)" in printed) is not javascript, printed
    finally:
        context.close()
