"""A log form sent again with its one-time key (a reload of the POST) is acted on once and
says so in the log's own words."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import Routine
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(coach, clamshell):
    routine = make_routine(coach, exercises=[clamshell])
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=1))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    return routine


def test_the_same_key_sent_again_says_the_session_was_logged(client, shared):
    page = client.get(shared.get_share_url()).content.decode()
    key = re.search(r'name="submission" value="([^"]+)"', page).group(1)
    url = reverse("session_create", args=[shared.share_token])
    data = {"submission": key, "listed": "1", "date": timezone.localdate().isoformat(), "pain": "2"}
    client.post(url, data)
    again = client.post(url, data, follow=True)
    assert "That session was already logged." in again.content.decode()
    assert shared.sessions.count() == 1
