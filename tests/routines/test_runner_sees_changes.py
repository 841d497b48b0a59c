"""What the runner's own page says about changes to their log, as the coach's panel says
them: a next-morning answer changed after it was first given, and the advice of an entry
they deleted."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from tests.routines.conftest import history_url, make_notice
from tests.routines.conftest import log_session as log

pytestmark = pytest.mark.django_db


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
        f'Next morning: worse <span class="morning-changed">(changed on {said}; first answered '
        "the same)</span>" in entry
    )
    html = client.get(history_url(shared), headers={"HX-Request": "true"}).content.decode()
    assert f"(changed on {said}; first answered the same)" in _entry(html, session)


def test_an_answer_never_changed_says_nothing_of_it(client, shared):
    session = log(shared, days_ago=3, pain=2, morning="same")
    entry = _entry(client.get(history_url(shared)).content.decode(), session)
    assert "Next morning: the same" in entry
    assert "first answered" not in entry


def test_an_answer_changed_back_to_the_first_says_nothing_of_it(client, shared):
    session = _changed_from_same_to_worse(shared)
    services.session_set_morning(session=session, morning="same", was="worse")
    entry = _entry(client.get(history_url(shared)).content.decode(), session)
    assert "first answered" not in entry


def test_the_earlier_sessions_page_says_it_too(client, shared):
    session = _changed_from_same_to_worse(shared)
    # Newer entries push it onto the earlier-sessions page.
    for days_ago in (2, 1, 0):
        for _ in range(3):
            log(shared, days_ago=days_ago, pain=1)
    html = client.get(reverse("session_list", args=[shared.share_token])).content.decode()
    assert "; first answered the same)" in _entry(html, session)


# A deleted entry's advice: the runner is reminded of it, as the coach is told of it.

HTMX = {"HX-Request": "true"}


def _delete(client, routine, session, **headers):
    url = reverse("session_delete", args=[routine.share_token, session.pk])
    return client.post(url, {"confirm": "yes"}, headers=headers)


def _reminder(html: str) -> str:
    if 'id="deleted-advice"' not in html:
        return ""
    block = html[html.index('id="deleted-advice"') :]
    return block[: block.index("</section>")]


def _emergency(routine, *, days_ago=1):
    return log(routine, days_ago=days_ago, pain=2, warning_signs=["saddle_or_bladder"])


def test_after_deleting_an_emergency_entry_the_runner_is_still_reminded(client, shared):
    session = _emergency(shared)
    day = f"{session.day:%A} {session.day.day} {session.day:%B}"
    done = _delete(client, shared, session, **HTMX).content.decode()
    said = "since deleted, told you to get emergency care"
    # The log's answer sends the page's top again, with the reminder, and says how long.
    assert said in _reminder(done) and day in _reminder(done)
    until = session.day + timedelta(days=14)
    assert f"keeps reminding you of its advice until {until:%A} {until.day} {until:%B}" in done
    for url in (shared.get_share_url(), history_url(shared)):
        block = _reminder(client.get(url).content.decode())
        assert said in block, url
        assert 'data-deleted-advice="emergency"' in block and 'tabindex="-1"' in block
        assert "been checked since, do that before you carry on" in block


def test_the_reminder_stays_when_the_coach_marks_the_notice_seen(client, coach, shared):
    from routines.models import DeletedEntryNotice

    _delete(client, shared, _emergency(shared))
    notice = DeletedEntryNotice.objects.get()
    coach_client = client.__class__()
    coach_client.force_login(coach)
    seen = reverse("routines:deleted_entry_seen", args=[shared.pk, notice.pk])
    answer = coach_client.post(seen, headers=HTMX).content.decode()
    assert "HipCare keeps only its day and advice, to remind the runner" in answer
    assert (
        "was deleted by the runner"
        not in coach_client.get(shared.get_absolute_url()).content.decode()
    )
    assert "told you to get emergency care" in _reminder(
        client.get(shared.get_share_url()).content.decode()
    )
    # A second click is told it was marked already.
    assert "already marked as seen" in coach_client.post(seen, headers=HTMX).content.decode()


def test_no_reminder_after_two_weeks_and_a_seen_trace_is_then_forgotten(client, coach, shared):
    from routines.models import DeletedEntryNotice

    old = _emergency(shared, days_ago=15)
    _delete(client, shared, old)
    assert _reminder(client.get(shared.get_share_url()).content.decode()) == ""
    notice = DeletedEntryNotice.objects.get()
    client.force_login(coach)
    client.post(reverse("routines:deleted_entry_seen", args=[shared.pk, notice.pk]))
    assert not DeletedEntryNotice.objects.exists()


def test_a_seen_trace_is_forgotten_by_a_later_delete_once_past_its_two_weeks(shared):
    from routines.models import DeletedEntryNotice

    recent = log(shared, days_ago=1, pain=1)
    make_notice(
        shared,
        day=timezone.localdate() - timedelta(days=15),
        advice="emergency",
        coach_seen=timezone.now(),
    )
    kept = make_notice(
        shared,
        day=timezone.localdate() - timedelta(days=3),
        advice="urgent",
        coach_seen=timezone.now(),
    )
    services.session_delete(session=recent)
    assert list(DeletedEntryNotice.objects.values_list("pk", flat=True)) == [kept.pk]


def test_a_deleted_ease_back_or_carry_on_leaves_no_reminder(client, shared):
    for pain in (6, 1):
        _delete(client, shared, log(shared, days_ago=1, pain=pain))
    assert _reminder(client.get(shared.get_share_url()).content.decode()) == ""


def test_a_deleted_plain_stop_is_not_reminded(client, shared):
    """A stop from a pain score alone, deleted (a mistyped 8), holds nothing: neither the
    reminder box nor a later entry's advice names it (only signs needing urgent care hold)."""
    _delete(client, shared, log(shared, days_ago=2, pain=8))
    html = client.get(shared.get_share_url()).content.decode()
    assert _reminder(html) == ""
    log(shared, days_ago=0, pain=1)
    html = client.get(shared.get_share_url()).content.decode()
    assert _reminder(html) == ""
    assert "(that entry was deleted)" not in html
    assert 'data-advice="continue"' in html


def test_a_notice_from_before_the_reminder_existed_reminds_too(client, shared):
    """A notice stored before `coach_seen` was added (null: unseen) reads as any other."""

    make_notice(shared, day=timezone.localdate() - timedelta(days=2), advice="urgent")
    block = _reminder(client.get(shared.get_share_url()).content.decode())
    assert "told you to see a doctor today" in block


def test_no_reminder_where_the_advice_now_says_as_much(client, shared):
    _delete(client, shared, _emergency(shared, days_ago=2))
    _emergency(shared, days_ago=0)
    html = client.get(shared.get_share_url()).content.decode()
    assert _reminder(html) == ""
    assert "Your advice now:" in html
