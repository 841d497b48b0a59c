"""The runner's page said "On Monday 30 November you were told to get emergency care" and
"(you were told this on Monday 30 November)" for an entry logged on 2 Dec for 30 Nov: the
runner was told on the day they logged it, not on the entry's day. The texts now say when
they were told by the entry, "after your entry for Monday 30 November", true whatever day it
was logged (monitoring._recent_care, _deleted_that_day, deleted_reminder and the page's
headline, templates/routines/_session_log.html)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import strip_tags

from routines.models import SessionLog
from tests.routines.conftest import history_url, uk_day

pytestmark = pytest.mark.django_db


def _post(client, routine, day, **data):
    """Log an entry for `day` through the runner's page, as they do without JavaScript."""
    client.post(
        reverse("session_create", args=[routine.share_token]),
        {"listed": "1", "date": day.isoformat(), "pain": "2", **data},
        follow=True,
    )
    return SessionLog.objects.filter(routine=routine).latest("created", "pk")


def _words(html: str) -> str:
    return " ".join(strip_tags(html).split())


def test_a_back_dated_sign_says_it_was_told_after_its_entry_not_on_its_day(client, shared):
    uk_day(client)
    today = timezone.localdate()
    back = _post(client, shared, today - timedelta(days=3), warning=["fever"])
    _post(client, shared, today)
    assert back.day == today - timedelta(days=3) and back.created.date() == today
    name = dateformat.format(back.day, "l j F")
    page = _words(client.get(shared.get_share_url()).content.decode())
    # Today's advice, held at stop by that entry's sign, says when the runner was told.
    assert f"After your entry for {name} you were told to get emergency care;" in page
    history = _words(client.get(history_url(shared)).content.decode())
    for where in (page, history):
        # The headline: "Get emergency care now (you were told this after your entry for ...)".
        assert f"(you were told this after your entry for {name})" in where
        assert f"On {name} you were told" not in where
        assert "told this on" not in where
