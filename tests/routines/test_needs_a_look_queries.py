"""The coach's list in the project's query budget (tests/test_query_budgets.py: at most 6 a
page), flat as routines needing a look grow: 15 and 120 of them, of every kind (an unseen
stop, a stop seen while still in force, an urgent entry back-dated, a deleted urgent entry
whose trace holds the advice, an ease back). It took 7 (the routines, the deleted entries'
notices, the sessions, the count, the page); now the sessions and the notices come with their
routines (views._needing_a_look) and the page counts itself (CountingPaginator)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import Routine, SessionLog
from tests.routines.conftest import log_session, make_routine
from tests.test_query_budgets import MAX_QUERIES

pytestmark = pytest.mark.django_db
LIST = reverse("routines:list")


def needing(coach, start: int, count: int) -> None:
    """`count` routines of `coach`'s whose logs need a look, of every kind in turn."""
    for n in range(start, start + count):
        routine = make_routine(coach, title=f"Needs {n:03d}")
        Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=1))
        routine.refresh_from_db()
        kind = n % 5
        if kind == 0:
            log_session(routine, days_ago=0, pain=8)
        elif kind == 1:
            seen = log_session(routine, days_ago=1, pain=8)
            services.session_mark_seen(routine=routine, session_pk=seen.pk)
        elif kind == 2:
            log_session(routine, days_ago=0, pain=1)
            urgent = log_session(routine, days_ago=3, pain=3, warning_signs=["red_or_warm"])
            SessionLog.objects.filter(pk=urgent.pk).update(
                created=timezone.now() + timedelta(minutes=1)
            )
        elif kind == 3:
            urgent = log_session(routine, days_ago=2, pain=3, warning_signs=["red_or_warm"])
            log_session(routine, days_ago=1, pain=1)
            services.session_delete(session=urgent)
        else:
            log_session(routine, days_ago=0, pain=6)


def list_queries(client) -> tuple[int, str]:
    client.get(LIST)  # warm the option caches
    with CaptureQueriesContext(connection) as queries:
        html = client.get(LIST).content.decode()
    return len(queries), html


def test_the_list_keeps_to_the_budget_as_routines_needing_a_look_grow(client, coach):
    client.force_login(coach)
    needing(coach, 0, 15)
    small, html = list_queries(client)
    assert html.count('data-alert="true"') == 15
    assert "15 routines need a look" in html
    needing(coach, 15, 105)
    large, html = list_queries(client)
    assert "120 routines need a look" in html
    assert small == large <= MAX_QUERIES
