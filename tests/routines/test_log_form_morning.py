"""The log form's next-morning question, as the server draws it: for the session being logged,
dated today by default, there is no next morning yet. The page says so, and marks the question
for static/js/hipcare.js to ask only while the date is an earlier day (data-morning-for, the
date field's id; tests/e2e/test_log_form_morning_e2e.py); without JavaScript it stays, with
"Not yet" ticked, and an answer for today's session is refused with nothing saved."""

import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_the_question_says_today_s_has_no_next_morning_and_is_tied_to_the_date(client, shared):
    html = client.get(shared.get_share_url()).content.decode()
    form = html[html.index('id="log-form"') : html.index("</form>", html.index('id="log-form"'))]
    fieldset = re.search(r"<fieldset[^>]*data-morning-for=\"([^\"]+)\"[^>]*>", form)
    assert fieldset, "the question is not marked for the script"
    assert f'id="{fieldset.group(1)}"' in form and 'type="date"' in form
    assert "there is no next morning yet" in form
    later = re.search(r"<p[^>]*data-morning-later[^>]*>([^<]*)</p>", form)
    assert later and " hidden" in later.group(0) and "asks you tomorrow" in later.group(1)
    not_yet = re.search(r'<input type="radio" name="morning" value=""[^>]*>', form).group(0)
    assert "checked" in not_yet


def test_without_javascript_an_answer_for_today_s_session_is_refused(client, shared):
    # Without a zone the next morning counts once it has begun anywhere on Earth (from 10:00
    # UTC it has at UTC+14: tests/routines/test_date_without_zone.py): at 09:00 UTC it has
    # begun nowhere.
    nine = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    with mock.patch("django.utils.timezone.now", return_value=nine):
        url = reverse("session_create", args=[shared.share_token])
        data = {"listed": "1", "date": timezone.localdate().isoformat(), "pain": "2"}
        refused = client.post(url, {**data, "morning": "better"})
        assert refused.status_code == 422 and not shared.sessions.exists()
        assert client.post(url, data).status_code == 302 and shared.sessions.count() == 1
