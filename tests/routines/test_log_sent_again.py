"""A log form sent again with its one-time key (a reload of the POST) is acted on once and
says so in the log's own words."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.routines.conftest import make_shared

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(coach, clamshell):
    return make_shared(coach, [clamshell], weeks_ago=1)


def send_with_a_fresh_key(client, routine, **headers):
    """The form as the page gives it now (a new key), filled in as before: what the browser's
    Back button shows without JavaScript (the page fetched afresh, what was typed put back)."""
    page = client.get(routine.get_share_url()).content.decode()
    key = re.search(r'name="submission" value="([^"]+)"', page).group(1)
    item = re.search(r'name="done" value="([^"]+)"', page).group(1)
    payload = {
        "submission": key,
        "listed": "1",
        "date": timezone.localdate().isoformat(),
        "pain": "3",
        "done": [item],
        "note": "Felt fine",
    }
    return client.post(
        reverse("session_create", args=[routine.share_token]), payload, headers=headers
    )


def test_a_form_sent_again_with_a_new_key_logs_once(client, shared):
    assert send_with_a_fresh_key(client, shared).status_code == 302
    again = send_with_a_fresh_key(client, shared)
    assert again.status_code == 302
    assert shared.sessions.count() == 1
    page = client.get(again["Location"]).content.decode()
    assert "That session was already logged." in page


def test_the_refusal_says_why_and_how_to_log_a_second_session(client, shared):
    """Fresh tester: "Did the same session again? Log it once you've done it." was unclear.
    The notice says an identical entry within the window is read as one sent twice, and how
    to log a genuine second session."""
    send_with_a_fresh_key(client, shared, **{"HX-Request": "true"})
    page = send_with_a_fresh_key(client, shared, **{"HX-Request": "true"}).content.decode()
    page = " ".join(page.split())
    assert "Did the same session again" not in page
    assert "sent within 10 minutes are read as one entry sent twice" in page
    assert "Logging a second session? Add a word to the note, or log it once 10 minutes" in page


def test_with_htmx_too(client, shared):
    send_with_a_fresh_key(client, shared, **{"HX-Request": "true"})
    again = send_with_a_fresh_key(client, shared, **{"HX-Request": "true"})
    assert "That session was already logged." in again.content.decode()
    assert shared.sessions.count() == 1


def test_a_different_entry_for_the_day_is_logged(client, shared):
    send_with_a_fresh_key(client, shared)
    page = client.get(shared.get_share_url()).content.decode()
    key = re.search(r'name="submission" value="([^"]+)"', page).group(1)
    url = reverse("session_create", args=[shared.share_token])
    today = timezone.localdate().isoformat()
    client.post(url, {"submission": key, "listed": "1", "date": today, "pain": "3"})
    assert shared.sessions.count() == 2


def test_the_same_key_sent_again_says_the_session_was_logged(client, shared):
    page = client.get(shared.get_share_url()).content.decode()
    key = re.search(r'name="submission" value="([^"]+)"', page).group(1)
    url = reverse("session_create", args=[shared.share_token])
    data = {"submission": key, "listed": "1", "date": timezone.localdate().isoformat(), "pain": "2"}
    client.post(url, data)
    again = client.post(url, data, follow=True)
    assert "That session was already logged." in again.content.decode()
    assert shared.sessions.count() == 1


def test_a_second_identical_session_logged_later_the_same_day_is_added(client, shared):
    """Fresh tester: a dose of two sessions a day, the second logged like the first from a
    fresh form, said "already logged ... nothing was added". Only the same form sent again
    (its key, or drawn afresh by Back and sent within minutes) is one entry."""
    assert send_with_a_fresh_key(client, shared).status_code == 302
    first = shared.sessions.get()
    # The morning's session, logged half an hour before the next one is.
    type(first).objects.filter(pk=first.pk).update(created=timezone.now() - timedelta(minutes=30))
    again = send_with_a_fresh_key(client, shared)
    assert again.status_code == 302
    assert shared.sessions.count() == 2
    page = client.get(again["Location"]).content.decode()
    assert "That session was already logged." not in page
    assert "Logged your session of" in page


def test_a_second_identical_session_with_htmx_is_added_too(client, shared):
    send_with_a_fresh_key(client, shared, **{"HX-Request": "true"})
    shared.sessions.update(created=timezone.now() - timedelta(minutes=30))
    again = send_with_a_fresh_key(client, shared, **{"HX-Request": "true"})
    assert "That session was already logged." not in again.content.decode()
    assert shared.sessions.count() == 2
