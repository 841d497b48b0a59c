"""Judging an entry again never erases what the runner was told after it (the fault: pains
4, 1 and 6 on three days; the 6 was a stop, a rise into the range above 5; the runner
deleted the 1, the 6 was judged again as "ease back", and the coach saw no stop anywhere,
though the runner had been told to stop). Every path that judges stored advice again: a
delete (services._judge_again) and a changed next-morning answer (services._judge)."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import monitoring, services
from routines.models import DeletedEntryNotice, SessionLog
from tests.routines.conftest import history_url
from tests.routines.conftest import log_session as log

# The domain rules, without a database.


def test_judging_again_keeps_the_more_urgent_of_told_and_now():
    level = monitoring.Level
    assert monitoring.told_since("stop", "ease_back") is level.STOP
    assert monitoring.told_since("ease_back", "continue") is level.EASE_BACK
    # A stop judged again up from what it was told (a deleted entry hid a rise) is told now.
    assert monitoring.told_since("ease_back", "stop") is level.STOP
    assert monitoring.told_since("continue", "continue") is level.CONTINUE
    assert monitoring.is_lowered("stop", "ease_back")
    assert not monitoring.is_lowered("ease_back", "stop")
    assert not monitoring.is_lowered("stop", "stop")


def test_the_fault_s_log_told_to_stop_then_judged_again_as_ease_back():
    days = [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)]
    four, one, six = (
        monitoring.Entry(day, pain) for day, pain in zip(days, (4, 1, 6), strict=True)
    )
    told = monitoring.advise([four, one, six], about=six).level
    now = monitoring.advise([four, six], about=six).level
    assert (told, now) == (monitoring.Level.STOP, monitoring.Level.EASE_BACK)
    assert monitoring.told_since(told, now) is monitoring.Level.STOP
    assert monitoring.coach_lowered(told, now, monitoring.Lowered.DELETED) == (
        "Told to stop and check their symptoms at the time; after an earlier entry was "
        "deleted it now reads ease back"
    )
    assert monitoring.runner_lowered(told, now, monitoring.Lowered.DELETED) == (
        "Before an earlier entry was deleted, this entry advised stopping; your coach still "
        "sees that it did."
    )


def test_a_changed_morning_answer_is_named_as_such():
    assert monitoring.coach_lowered("ease_back", "continue", "morning") == (
        "Told to ease back at the time; after the runner changed the next-morning answer it "
        "now reads carry on"
    )
    assert monitoring.runner_lowered("ease_back", "continue", "morning") == (
        "Before you changed the next-morning answer, this entry advised easing back; your "
        "coach still sees that it did."
    )


@pytest.mark.parametrize(("told", "now"), [("ease_back", "stop"), ("stop", "stop")])
def test_the_wording_is_only_for_an_advice_that_was_lowered(told, now):
    for words in (monitoring.coach_lowered, monitoring.runner_lowered):
        with pytest.raises(ValueError):
            words(told, now, "deleted")


# What is stored, and what the coach and the runner see.


def _four_one_six(routine):
    log(routine, days_ago=3, pain=4)
    one = log(routine, days_ago=2, pain=1)
    six = log(routine, days_ago=1, pain=6)
    assert (six.advice, six.told_advice) == ("stop", "stop")
    return one, six


@pytest.mark.django_db
def test_deleting_an_earlier_entry_keeps_the_stop_the_runner_was_told(shared):
    one, six = _four_one_six(shared)
    assert services.session_delete(session=one) is None  # the 1 advised carrying on
    six.refresh_from_db()
    assert (six.advice, six.told_advice, six.lowered_by) == ("ease_back", "stop", "deleted")
    assert six.told == monitoring.Level.STOP
    assert six.advice_label == "Ease back"


def _panel(client, coach, routine) -> str:
    client.force_login(coach)
    return client.get(routine.get_absolute_url()).content.decode()


def _card(panel: str, session) -> str:
    card = panel[panel.index(f'data-stop-session="{session.pk}"') :]
    return card[: card.index("</div>")]


@pytest.mark.django_db
def test_the_coach_still_sees_the_stop_after_an_earlier_entry_is_deleted(client, coach, shared):
    one, six = _four_one_six(shared)
    services.session_delete(session=one)
    panel = _panel(client, coach, shared)
    card = _card(panel, six)
    assert 'data-told="stop" data-now="ease_back"' in card
    assert "Stop advised after the session of" in card
    assert (
        "Told to stop and check their symptoms at the time; after an earlier entry was "
        "deleted it now reads ease back." in card
    )
    # Why it reads what it reads now: the pain above 5, never a card with no reason.
    assert (
        "As the log stands now, the advice after this entry is to ease back, because:" in card
        and "above the 5" in card
    )
    assert "(stop on" in card
    entry = panel[panel.index(f'<li id="session-{six.pk}">') :]
    entry = entry[: entry.index("</li>")]
    assert '<span data-advice="ease_back">' in entry
    assert (
        '<strong class="lowered-advice" data-told-advice="stop">(told to stop and check their '
        "symptoms at the time; after an earlier entry was deleted it now reads ease back)"
        "</strong>" in entry
    )
    # The routine list keeps its badge, and the card is marked seen like any stop.
    listing = client.get(reverse("routines:list")).content.decode()
    assert "Stop advised" in listing
    url = reverse("routines:session_seen", args=[shared.pk, six.pk])
    html = client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert "Marked as seen: the stop on" in html
    assert f'data-stop-session="{six.pk}"' not in html
    assert "Stop advised" not in client.get(reverse("routines:list")).content.decode()


@pytest.mark.django_db
def test_the_csv_says_what_the_runner_was_told_beside_the_advice_now(client, coach, shared):
    one, six = _four_one_six(shared)
    services.session_delete(session=one)
    client.force_login(coach)
    response = client.get(reverse("routines:session_log_csv", args=[shared.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    column = rows[0].index("advice (this entry)")
    row = next(row for row in rows[1:] if row[0] == six.day.isoformat())
    assert row[column] == (
        "Ease back (because pain 6 out of 10 is above the 5 the programme allows); told to "
        "stop and check their symptoms at the time; after an earlier entry was deleted it now "
        "reads ease back"
    )


@pytest.mark.django_db
def test_the_runner_s_page_says_the_advice_now_and_what_it_advised_before(client, shared):
    one, six = _four_one_six(shared)
    services.session_delete(session=one)
    html = client.get(history_url(shared)).content.decode()
    entry = html[html.index(f'id="session-{six.pk}"') :]
    entry = entry[: entry.index("</li>")]
    assert (
        'data-advice="ease_back">This entry: ease back (because pain 6 out of 10 is above the 5 '
        "the programme allows)</span>" in entry
    )
    assert (
        '<span class="lowered-advice" data-told-advice="stop">Before an earlier entry was '
        "deleted, this entry advised stopping; your coach still sees that it did.</span>" in entry
    )
    # Its delete step says what the coach will then see, as the notice will say it.
    page = client.get(f"{history_url(shared)}?delete={six.pk}").content.decode()
    step = page[page.index(f'id="delete-{six.pk}"') :]
    step = step[: step.index("</p>")]
    assert "Because it advised you to stop, your coach will see" in step
    assert "advising stopping was deleted" in step


@pytest.mark.django_db
def test_deleting_the_lowered_entry_itself_tells_the_coach_what_the_runner_was_told(shared):
    one, six = _four_one_six(shared)
    services.session_delete(session=one)
    notice = services.session_delete(session=six)
    assert notice is not None and notice.advice == "stop"
    assert list(DeletedEntryNotice.objects.values_list("advice", flat=True)) == ["stop"]


def _answered_worse_then_better(routine):
    session = log(routine, days_ago=1, pain=2)
    services.session_set_morning(session=session, morning="worse")
    session.refresh_from_db()
    assert (session.advice, session.told_advice) == ("ease_back", "ease_back")
    services.session_set_morning(session=session, morning="better", was="worse")
    session.refresh_from_db()
    return session


@pytest.mark.django_db
def test_a_changed_next_morning_answer_keeps_the_ease_back_the_runner_was_told(
    client, coach, shared
):
    session = _answered_worse_then_better(shared)
    assert (session.advice, session.told_advice, session.lowered_by) == (
        "continue",
        "ease_back",
        "morning",
    )
    panel = _panel(client, coach, shared)
    entry = panel[panel.index(f'<li id="session-{session.pk}">') :]
    # Ease back was shown only after the next-morning answer, not when the entry was logged.
    assert (
        "(carry on when logged; read ease back later, after the runner&#x27;s next-morning "
        "answer (worse); after the runner changed the next-morning answer it now reads carry "
        "on)" in entry[: entry.index("</li>")]
    )
    html = client.get(history_url(shared)).content.decode()
    entry = html[html.index(f'id="session-{session.pk}"') :]
    assert (
        "When you logged it, this entry advised carrying on; after your next-morning answer "
        "(worse) it advised easing back, until you changed the next-morning answer; your coach "
        "sees both." in entry[: entry.index("</li>")]
    )
    # Deleted, it leaves the coach the ease back the runner was told.
    notice = services.session_delete(session=session)
    assert notice is not None and notice.advice == "ease_back"


@pytest.mark.django_db
def test_an_advice_judged_back_up_reads_as_told_again(shared):
    """Lowered, then judged again up to what the runner was told: nothing reads as lowered
    (the database refuses a lowered_by left behind)."""
    session = _answered_worse_then_better(shared)
    services.session_set_morning(session=session, morning="worse", was="better")
    session.refresh_from_db()
    assert (session.advice, session.told_advice, session.lowered_by) == (
        "ease_back",
        "ease_back",
        "",
    )
    assert not session.lowered and session.lowered_for_coach == ""


@pytest.mark.django_db
def test_the_database_refuses_a_told_advice_below_the_advice_now(shared):
    from django.db import IntegrityError, transaction

    session = log(shared, days_ago=1, pain=8)
    for fields in (
        {"told_advice": "ease_back", "lowered_by": ""},
        {"advice": "ease_back", "lowered_by": ""},  # lowered with no cause
        {"lowered_by": "deleted"},  # a cause with nothing lowered
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            SessionLog.objects.filter(pk=session.pk).update(**fields)


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_stored_entries_reading_as_they_did():
    """0010: an entry stored before was told its stored advice, and reads as not lowered."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("routines", "0009_deleted_entry_notice_told")]
    after = [("routines", "0010_session_told_advice")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    user = apps.get_model("auth", "User").objects.create(username="old_coach")
    routine = apps.get_model("routines", "Routine").objects.create(owner=user, title="Old")
    old = apps.get_model("routines", "SessionLog")
    stop = old.objects.create(routine=routine, day=timezone.localdate(), pain=8, advice="stop")
    calm = old.objects.create(routine=routine, day=timezone.localdate(), pain=1)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    stored = {s.pk: s for s in SessionLog.objects.filter(pk__in=[stop.pk, calm.pk])}
    assert (stored[stop.pk].told_advice, stored[stop.pk].lowered_by) == ("stop", "")
    assert (stored[calm.pk].told_advice, stored[calm.pk].lowered_by) == ("continue", "")
    assert not any(session.lowered for session in stored.values())


@pytest.mark.django_db
def test_a_stop_from_a_deleted_emergency_keeps_its_card_and_its_why(client, coach, shared):
    """Today's stop came from yesterday's temperature (emergency care, then stop for two
    weeks); the runner deletes yesterday's entry: today's still reads stop (the deleted
    entry's trace feeds the same rule, monitoring.advise's `deleted`), and its card says why,
    naming the entry as deleted, beside the deleted entry's own notice. (It read carry on
    before, with nothing to say why: deleting an entry lifted the two weeks' stop.)"""
    fever = log(shared, days_ago=1, pain=2, warning_signs=["fever"])
    today = log(shared, days_ago=0, pain=2)
    assert today.advice == "stop"
    assert services.session_delete(session=fever).advice == "emergency"
    today.refresh_from_db()
    assert (today.advice, today.told_advice) == ("stop", "stop")
    card = _card(_panel(client, coach, shared), today)
    assert 'data-told="stop"' in card and "data-now=" not in card
    assert "told to get emergency care (that entry was deleted)" in card
