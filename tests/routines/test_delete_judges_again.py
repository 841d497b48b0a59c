"""After the runner deletes an entry, what remains advises from what remains (fresh tester:
a deleted fever entry took the day's "worse" next morning with it, and left the next day's
entry saying "stop" beside a day that said "carry on", and the coach a stop card with no
reason under it)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import DeletedEntryNotice, Routine, SessionLog
from tests.routines.conftest import history_url, log_done

pytestmark = pytest.mark.django_db


def entry_of(html: str, session) -> str:
    entry = html[html.index(f'id="session-{session.pk}"') :]
    return entry[: entry.index("</li>")]


def _as_the_tester_did(routine):
    """Yesterday pain 3, then pain 4 with a temperature; this morning "worse" for yesterday;
    today pain 2 (told to stop: yesterday's temperature)."""
    calm = log_done(routine, days_ago=1, pain=3)
    fever = log_done(routine, days_ago=1, pain=4, warning_signs=["fever"])
    answer = services.session_set_morning(session=calm, morning="worse")
    assert answer.session.pk == fever.pk  # the day's answer went on its latest entry
    today = log_done(routine, pain=2)
    assert today.advice == "stop"
    return calm, fever, today


def test_deleting_the_entry_that_carried_the_day_s_answer_keeps_the_answer(client, shared):
    calm, fever, _today = _as_the_tester_did(shared)
    url = reverse("session_delete", args=[shared.share_token, fever.pk])
    client.post(url, {"confirm": "yes"})
    calm.refresh_from_db()
    assert calm.morning == "worse"
    entry = entry_of(client.get(history_url(shared)).content.decode(), calm)
    assert "Next morning: worse" in entry
    assert 'data-advice="ease_back"' in entry  # its own advice reads the answer now
    assert 'name="morning"' not in entry  # not asked again
    page = client.get(shared.get_share_url()).content.decode()
    for session in (calm, fever):
        assert reverse("session_morning", args=[shared.share_token, session.pk]) not in page


def test_the_answer_moves_only_where_the_day_has_none_left(shared):
    first = log_done(shared, days_ago=1, pain=1, morning="same")
    second = log_done(shared, days_ago=1, pain=1)
    services.session_delete(session=first)
    second.refresh_from_db()
    assert second.morning == "same"
    # A day with no entry left has no answer to keep; one whose answer is on another entry
    # keeps that one.
    alone = log_done(shared, days_ago=2, pain=1, morning="worse")
    services.session_delete(session=alone)
    assert not SessionLog.objects.filter(day=alone.day).exists()
    kept = log_done(shared, days_ago=3, pain=1, morning="better")
    other = log_done(shared, days_ago=3, pain=1)
    SessionLog.objects.filter(pk=other.pk).update(morning="worse")
    services.session_delete(session=other)
    kept.refresh_from_db()
    assert kept.morning == "better"


def test_after_the_delete_each_entry_advises_as_if_the_emergency_were_kept(client, shared):
    """Deleting the entry that said emergency care does not mean the hip was seen: the later
    entry's stop stays, from the deleted entry's trace (day and advice), saying it was deleted
    (the live log's 14-day rule, monitoring._recent_care)."""
    calm, fever, today = _as_the_tester_did(shared)
    url = reverse("session_delete", args=[shared.share_token, fever.pk])
    client.post(url, {"confirm": "yes"})
    today.refresh_from_db()
    assert today.advice == "stop" and not today.lowered
    day = f"{fever.day:%a} {fever.day.day} {fever.day:%b}"
    entry = entry_of(client.get(history_url(shared)).content.decode(), today)
    assert 'data-advice="stop"' in entry
    said = f"you were told to get emergency care after your entry for {day} (that entry was"
    said += " deleted)"
    assert said in entry
    assert "lowered-advice" not in entry
    page = client.get(shared.get_share_url()).content.decode()
    assert re.search(r'id="advice"[^>]*data-advice="stop"', page)
    assert "you were told to get emergency care (that entry was deleted)" in page
    # The advice says it: no reminder box besides.
    assert "A reminder of earlier advice" not in page


def test_the_coach_s_panel_agrees_with_the_runner_after_the_delete(client, coach, shared):
    _calm, fever, today = _as_the_tester_did(shared)
    services.session_delete(session=fever)
    client.force_login(coach)
    panel = client.get(shared.get_absolute_url()).content.decode()
    # Today's entry's stop rests on the deleted emergency's trace: its card still says stop,
    # with that reason (never a card with no reason), and nothing reads lowered.
    card = _card(panel, today)
    assert 'data-told="stop"' in card and "data-now=" not in card
    assert "(that entry was deleted)" in card
    notice = DeletedEntryNotice.objects.get(routine=shared)
    assert notice.advice == "emergency" and notice.day == fever.day
    assert f'id="deleted-entry-{notice.pk}"' in panel
    assert 'Advice the runner sees now: <span data-advice="stop">' in panel


def test_a_stop_that_came_from_a_deleted_entry_can_come_back_as_the_log_says(shared):
    """Judged again from what remains, both ways: a rise the deleted entry hid is a stop
    (pains 1, then 3 and 7, then 6 is falling from 7; without the 7 it is 5 points above 1,
    into the range above 5)."""
    log_done(shared, days_ago=3, pain=1)
    log_done(shared, days_ago=2, pain=3)
    seven = log_done(shared, days_ago=2, pain=7)
    latest = log_done(shared, days_ago=1, pain=6)
    assert latest.advice == "ease_back"
    services.session_delete(session=seven)
    latest.refresh_from_db()
    assert latest.advice == "stop" and latest.alert


def _card(panel: str, session) -> str:
    card = panel[panel.index(f'data-stop-session="{session.pk}"') :]
    return card[: card.index("</div>")]


def test_a_stop_card_says_why_as_the_entry_was_judged_when_logged(client, coach, shared):
    """An entry logged later for an earlier day does not rewrite why an earlier stop was
    given: the card reads the entries logged up to the stop (its stored advice's), so it
    never shows a stop with no reason, or a button named "ease back"."""
    oldest = log_done(shared, days_ago=3, pain=4)
    log_done(shared, days_ago=2, pain=1)
    stop = log_done(shared, days_ago=1, pain=6)  # 5 points above the 1 the day before: stop
    assert stop.advice == "stop"
    log_done(shared, days_ago=2, pain=5)  # back-dated, logged after the stop
    client.force_login(coach)
    card = _card(client.get(shared.get_absolute_url()).content.decode(), stop)
    assert 'data-told="stop"' in card
    assert "points higher" in card
    assert "(stop on" in card and "(ease back on" not in card
    # A delete judges it again from what remains of the entries logged up to it (6 against
    # the 1 the day before: still a stop), not from the back-dated 5 logged after it, so the
    # card and the stored advice stay alike.
    services.session_delete(session=oldest)
    stop.refresh_from_db()
    assert stop.advice == "stop"
    card = _card(client.get(shared.get_absolute_url()).content.decode(), stop)
    assert 'data-told="stop"' in card and "points higher" in card


def test_a_stop_card_at_the_start_of_the_panel_s_weeks_says_why(client, coach, shared):
    """The panel lists six weeks; a stop in their first days can rest on an entry just before
    them (a warning sign's day): its card still says why, and its button says "stop"."""
    from routines.session_views import log_since

    Routine.objects.filter(pk=shared.pk).update(created=timezone.now() - timedelta(weeks=10))
    first = log_since(timezone.localdate())
    days_ago = (timezone.localdate() - first).days
    log_done(shared, days_ago=days_ago + 1, pain=2, warning_signs=["fever"])
    stop = log_done(shared, days_ago=days_ago, pain=2)
    assert stop.advice == "stop"
    client.force_login(coach)
    card = _card(client.get(shared.get_absolute_url()).content.decode(), stop)
    assert "you were told to get emergency care" in card.replace("the runner was", "you were")
    assert "(stop on" in card and "(carry on on" not in card
