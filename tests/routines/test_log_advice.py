"""A fresh tester's findings on the runner's log, through the database: an entry's stored
advice (what the coach's panel and the CSV say the runner was told) reads the days before it
(the advice now reads them whenever they change); an entry lists what was done in the
routine's order.
The rules themselves: tests/routines/test_advice_carries_over.py."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises import dosing
from routines import monitoring, services
from routines.models import Routine, SessionItem, SessionLog
from routines.session_forms import SessionLogForm
from routines.session_views import _done_names, _sessions
from tests.conftest import make_exercise
from tests.routines.conftest import log_done, make_routine

pytestmark = pytest.mark.django_db




def stored(session) -> str:
    return SessionLog.objects.get(pk=session.pk).advice


def csv_rows(client, coach, routine) -> list[dict]:
    client.force_login(coach)
    response = client.get(reverse("routines:session_log_csv", args=[routine.pk]))
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


# 1. The day after an emergency, and after a worse morning.


def test_the_tester_case_the_day_after_an_emergency_is_not_carry_on(client, coach, shared):
    log_done(shared, days_ago=1, pain=3, warning_signs=["saddle_or_bladder"], morning="worse")
    today = log_done(shared, days_ago=0, pain=4)
    today.refresh_from_db()
    assert today.advice == SessionLog.Advice.STOP
    assert today.coach_label == "Told to stop and check their symptoms"
    rows = csv_rows(client, coach, shared)
    sign_day = (timezone.localdate() - timedelta(days=1)).strftime("%a %-d %b")
    # Every reason the entry's advice rests on (the sign's day, and the worse morning after it).
    assert rows[-1]["advice (this entry)"] == (
        f"Stop and check your symptoms (because of the warning sign on {sign_day}; the hip "
        f"felt worse the morning after {sign_day})"
    )
    # The sign's entry: its own sign and its worse morning.
    assert rows[-2]["advice (this entry)"] == (
        "Get emergency care now (because of the warning sign ticked; the hip felt worse the "
        "next morning)"
    )
    # The coach's panel: the advice now, and the entry's own, never "carry on".
    page = client.get(shared.get_absolute_url()).content.decode()
    assert "Told to carry on" not in page
    assert "the runner was told to get emergency care" in page


def test_a_worse_morning_answered_after_the_next_session_changes_the_advice_now(shared):
    """The advice now, which the runner's page and the coach's panel show, reads the answer;
    so does the entry after it, judged again (a later tester: its "carry on" beside a day
    that said ease back contradicted it), and the runner has now been told that."""
    yesterday = log_done(shared, days_ago=1, pain=3)
    today = log_done(shared, days_ago=0, pain=3)
    assert stored(today) == SessionLog.Advice.CONTINUE
    services.session_set_morning(session=yesterday, morning="worse")
    assert stored(today) == SessionLog.Advice.EASE_BACK
    assert SessionLog.objects.get(pk=today.pk).told_advice == SessionLog.Advice.EASE_BACK
    assert SessionLog.objects.get(pk=today.pk).alert  # the routine list's badge
    now = monitoring.advise_now([entry.entry() for entry in shared.sessions.all()])
    assert now.level is monitoring.Level.EASE_BACK


# 3. An entry lists what was done in the routine's order, sides left then right.


@pytest.fixture
def four(coach):
    names = ["Banded Clamshell", "Bulgarian Split Squat", "Butterfly Stretch", "Cat-Cow"]
    routine = make_routine(coach, exercises=[make_exercise(name) for name in names])
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=4))
    routine.refresh_from_db()
    # The first two are done one side at a time.
    routine.items.filter(position__in=[1, 2]).update(side=dosing.Side.EACH.value)
    return routine


def names_as_listed(routine) -> list[str]:
    (session,) = _sessions(routine, since=timezone.localdate() - timedelta(days=30))
    return _done_names(session.done_items)


def post(values) -> dict:
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.update({"date": timezone.localdate().isoformat(), "pain": "2", "listed": "1"})
    data.setlist("done", values)
    return data


@pytest.mark.parametrize("reverse_post", [False, True])
def test_an_entry_lists_exercises_in_the_routine_order(four, reverse_post):
    items = list(four.items.select_related("exercise").order_by("position"))
    clam, split, butterfly, cat = items
    # Both sides of the first (the whole item), one side of the second, the other two whole.
    values = [f"{clam.pk}:left", f"{clam.pk}:right", f"{split.pk}:left", str(butterfly.pk)]
    values.append(str(cat.pk))
    if reverse_post:
        values.reverse()
    form = SessionLogForm(post(values), items=items, today=timezone.localdate())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["done_items"] == [
        (clam.pk, ""),
        (split.pk, "left"),
        (butterfly.pk, ""),
        (cat.pk, ""),
    ]
    services.session_log(
        routine=four,
        day=timezone.localdate(),
        pain=2,
        done=form.cleaned_data["done_items"],
    )
    assert names_as_listed(four) == [
        "Banded Clamshell",
        "Bulgarian Split Squat (left)",
        "Butterfly Stretch",
        "Cat-Cow",
    ]


def test_the_service_makes_the_rows_in_routine_order_whatever_order_it_is_given(four):
    clam, split, butterfly, cat = four.items.order_by("position")
    done = [
        (cat.pk, ""),
        (split.pk, "right"),
        (butterfly.pk, ""),
        (split.pk, "left"),
        (clam.pk, "right"),
        (clam.pk, "left"),
    ]
    session = services.session_log(routine=four, day=timezone.localdate(), pain=2, done=done)
    rows = list(SessionItem.objects.filter(session=session).order_by("pk"))
    assert [(row.item_id, row.side) for row in rows] == [
        (clam.pk, "left"),
        (clam.pk, "right"),
        (split.pk, "left"),
        (split.pk, "right"),
        (butterfly.pk, "all"),
        (cat.pk, "all"),
    ]
