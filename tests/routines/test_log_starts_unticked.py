"""The log form starts with no exercise ticked, so an entry counts only what the runner said
they did: a runner who gives only the pain is not shown to the coach as having done every
exercise (found by a tester: 100% adherence from pain-only entries). "I did all of them" ticks
the whole routine in one box, without JavaScript."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import followup
from routines.models import SessionLog

pytestmark = pytest.mark.django_db


def _form(html: str) -> str:
    start = html.index('id="log-form"')
    return html[start : html.index("</form>", start)]


def _post(client, routine, **data):
    payload = {"listed": "1", "date": timezone.localdate().isoformat(), "pain": "2", **data}
    return client.post(reverse("session_create", args=[routine.share_token]), payload)


def _recent_done(routine) -> int:
    """The coach's count of sessions done over the two-week window (routines.followup)."""
    sessions = [
        SimpleNamespace(day=entry.day, item_ids={done.item_id for done in entry.done.all()})
        for entry in SessionLog.objects.filter(routine=routine)
    ]
    items = list(routine.items.all())
    return followup.summarise(
        items=items, sessions=sessions, today=timezone.localdate()
    ).recent.done


def test_no_exercise_box_starts_ticked_and_the_legend_says_tick_what_you_did(client, shared):
    form = _form(client.get(shared.get_share_url()).content.decode())
    for item in shared.items.all():
        for box in form.split(f'name="done" value="{item.pk}')[1:]:
            assert " checked" not in box[: box.index(">")], item
    assert "Tick what you did." in form
    assert 'name="all_done"' in form and "I did all of them" in form


def test_a_pain_only_entry_from_the_page_counts_no_session_done_for_the_coach(client, shared):
    assert _post(client, shared).status_code == 302
    entry = SessionLog.objects.get()
    assert not entry.done.exists()
    assert _recent_done(shared) == 0


def test_i_did_all_of_them_logs_every_exercise(client, shared):
    assert _post(client, shared, all_done="on").status_code == 302
    entry = SessionLog.objects.get()
    assert entry.done.count() == shared.items.count()
    assert _recent_done(shared) == 1
