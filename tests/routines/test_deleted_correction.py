"""A mistyped entry can be corrected: deleting it keeps its hold (the day's stop, the 14-day
reminder) only when it carried a sign needing urgent care (emergency care, a doctor today), as
the handout's rule says; and one deleted within minutes of logging it (a correction) is not
reported to the coach, unless it carried such a sign. Found by a tester: pain 9 logged,
deleted at once, pain 1 logged: "Stop and check your symptoms" stayed, and the coach was told
a stop entry was deleted."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import monitoring
from routines.models import CORRECTION_WINDOW, DeletedEntryNotice, SessionLog
from tests.routines.conftest import log_session as log

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def deleting_later(monkeypatch):
    """This file's tests run with the real correction window (tests/routines/conftest.py
    turns it off for the others)."""
    monkeypatch.setattr("routines.models.CORRECTION_WINDOW", CORRECTION_WINDOW)


def _delete(client, routine, session):
    url = reverse("session_delete", args=[routine.share_token, session.pk])
    headers = {"HX-Request": "true", "HX-Target": "log"}
    return client.post(url, {"confirm": "yes"}, headers=headers).content.decode()


def test_pain_9_deleted_at_once_then_pain_1_reads_carry_on_and_the_coach_is_not_told(
    client, shared
):
    mistyped = log(shared, days_ago=0, pain=9)
    assert mistyped.advice == "stop"
    asked = client.get(f"{shared.get_share_url()}?delete={mistyped.pk}").content.decode()
    assert "You logged it minutes ago, so this corrects it: your coach is not told." in asked
    assert "and your coach will no longer see it. You logged it minutes ago" in asked
    done = _delete(client, shared, mistyped)
    assert "Entry deleted." in done and "Your coach will see" not in done
    assert not DeletedEntryNotice.objects.exists()
    log(shared, days_ago=0, pain=1)
    html = client.get(shared.get_share_url()).content.decode()
    assert 'data-advice="continue"' in html
    assert 'id="deleted-advice"' not in html
    assert "(that entry was deleted)" not in html


def test_a_stop_deleted_later_is_told_to_the_coach_but_holds_nothing(client, shared):
    stop = log(shared, days_ago=1, pain=9)
    SessionLog.objects.filter(pk=stop.pk).update(created=timezone.now() - timedelta(hours=1))
    done = _delete(client, shared, stop)
    assert "Your coach will see that an entry from" in done
    assert "keeps reminding you" not in done
    assert list(DeletedEntryNotice.objects.values_list("advice", flat=True)) == ["stop"]
    shared.refresh_from_db()
    assert shared.deleted_stop_day is None
    log(shared, days_ago=0, pain=1)
    html = client.get(shared.get_share_url()).content.decode()
    assert 'data-advice="continue"' in html and 'id="deleted-advice"' not in html


@pytest.mark.parametrize(("sign", "told"), [("red_or_warm", "urgent"), ("no_weight", "emergency")])
def test_an_urgent_sign_deleted_at_once_still_holds_and_the_coach_is_told(
    client, shared, sign, told
):
    entry = log(shared, days_ago=0, pain=1, warning_signs=[sign])
    asked = client.get(f"{shared.get_share_url()}?delete={entry.pk}").content.decode()
    assert "corrects it" not in asked and "keeps reminding you" in asked
    # QA (coach tester): the step said "your coach will no longer see it" and then "your coach
    # is told all the same": what goes is what was logged; that it was deleted is still told.
    step = re.search(rf'<p id="delete-{entry.pk}"[^>]*>(.*?)</p>', asked, re.S).group(1)
    assert "will no longer see it." not in step and "all the same" not in step
    assert "will no longer see what you logged in it." in step
    assert "your coach is still told it was deleted." in step
    _delete(client, shared, entry)
    assert list(DeletedEntryNotice.objects.values_list("advice", flat=True)) == [told]
    log(shared, days_ago=0, pain=1)
    html = client.get(shared.get_share_url()).content.decode()
    assert "(that entry was deleted)" in html
    assert 'data-advice="stop"' in html or f'data-care="{told}"' in html


def test_pure_only_urgent_traces_hold():
    day = timezone.localdate()
    calm = monitoring.Entry(day=day, pain=1)
    assert monitoring.advise_now([calm], deleted=[(day, "stop")]).level is monitoring.Level.CONTINUE
    assert monitoring.deleted_reminder([(day, "stop")], today=day) is None
    held = monitoring.advise_now([calm], deleted=[(day, "urgent")])
    assert held.level is monitoring.Level.STOP
    assert monitoring.deleted_reminder([(day, "urgent")], today=day) is not None
