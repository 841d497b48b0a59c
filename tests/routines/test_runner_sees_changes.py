"""What the runner's own page says about changes to their log, as the coach's panel says
them: a next-morning answer changed after it was first given, and the advice of an entry
they deleted."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from tests.routines.conftest import history_url

pytestmark = pytest.mark.django_db


def log(routine, *, days_ago, pain, **fields):
    return services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=days_ago),
        pain=pain,
        done=[],
        **fields,
    )


def _entry(html: str, session) -> str:
    entry = html[html.index(f'id="session-{session.pk}"') :]
    return entry[: entry.index("</li>")]


def _changed_from_same_to_worse(routine):
    session = log(routine, days_ago=3, pain=2, morning="same")
    services.session_set_morning(session=session, morning="worse", was="same")
    session.refresh_from_db()
    return session


def test_the_runner_s_entry_says_its_next_morning_answer_was_changed(client, shared):
    session = _changed_from_same_to_worse(shared)
    when = timezone.localtime(session.morning_changed_at)
    said = f"{when:%a} {when.day} {when:%b}"
    # The history page (the runner's page's entries) and the earlier-sessions page alike.
    entry = _entry(client.get(history_url(shared)).content.decode(), session)
    assert (
        f'Next morning: worse <span class="morning-changed">(changed from the same on {said})'
        "</span>" in entry
    )
    html = client.get(history_url(shared), headers={"HX-Request": "true"}).content.decode()
    assert f"(changed from the same on {said})" in _entry(html, session)


def test_an_answer_never_changed_says_nothing_of_it(client, shared):
    session = log(shared, days_ago=3, pain=2, morning="same")
    entry = _entry(client.get(history_url(shared)).content.decode(), session)
    assert "Next morning: the same" in entry
    assert "changed from" not in entry


def test_an_answer_changed_back_to_the_first_says_nothing_of_it(client, shared):
    session = _changed_from_same_to_worse(shared)
    services.session_set_morning(session=session, morning="same", was="worse")
    entry = _entry(client.get(history_url(shared)).content.decode(), session)
    assert "changed from" not in entry


def test_the_earlier_sessions_page_says_it_too(client, shared):
    session = _changed_from_same_to_worse(shared)
    # Newer entries push it onto the earlier-sessions page.
    for days_ago in (2, 1, 0):
        for _ in range(3):
            log(shared, days_ago=days_ago, pain=1)
    html = client.get(reverse("session_list", args=[shared.share_token])).content.decode()
    assert "(changed from the same on" in _entry(html, session)
