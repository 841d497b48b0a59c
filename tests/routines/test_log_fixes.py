"""Fresh testers' findings on the runner's log, the coach's panel and the builder (fix-log):
one helper for an entry's id in an address, deleted entries that had advised stopping or
easing back, each entry's advice against the day's, the next-morning question asked once per
day from the next day on, and actions on items or routines gone meanwhile."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from routines import services
from routines.session_views import entry_id
from tests.routines.conftest import history_url, log_done, uk_day

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "log"}


# One helper for an entry's id in an address.


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("", None),
        ("x", None),
        ("-1", None),
        ("9" * 19, None),
        ("²", None),
        ("١٢", None),
    ],
)
def test_entry_id_reads_ascii_digits_only(value, expected):
    assert entry_id(value) == expected


@pytest.mark.parametrize("name", ["delete", "morning"])
def test_a_superscript_digit_in_the_address_is_not_a_500(client, shared, name):
    """str.isdigit() accepts "²", which int() refuses: the inline checks raised ValueError."""
    log_done(shared, days_ago=1)
    for url in (shared.get_share_url(), reverse("session_list", args=[shared.share_token])):
        for headers in ({}, HTMX):
            response = client.get(url, {name: "²"}, headers=headers)
            assert response.status_code == 200


# A deleted entry that advised stopping or easing back leaves the coach a trace.


def builder(client, coach, routine):
    client.force_login(coach)
    return client.get(routine.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("fields", "advice", "words"),
    [
        ({"pain": 8}, "stop", "advised stopping"),
        ({"pain": 6}, "ease_back", "advised easing back"),
    ],
)
def test_deleting_an_entry_that_advised_stop_or_ease_back_tells_the_coach_that_only(
    client, coach, shared, fields, advice, words
):
    from routines.models import DeletedEntryNotice, SessionLog

    session = log_done(shared, days_ago=2, note="private words", **fields)
    assert session.advice == advice
    runner = client.__class__()
    delete = reverse("session_delete", args=[shared.share_token, session.pk])
    # The runner is told before and after.
    asked = runner.get(f"{shared.get_share_url()}?delete={session.pk}").content.decode()
    assert f"your coach will see that an entry from that day advising {words[8:]}" in asked
    done = runner.post(delete, {"confirm": "yes"}, headers=HTMX).content.decode()
    assert "Entry deleted. Your coach will see that an entry from" in done
    assert f"that advised {words[8:]} was deleted" in done
    assert not SessionLog.objects.filter(pk=session.pk).exists()
    # Only the day and the advice are kept.
    notice = DeletedEntryNotice.objects.get()
    assert (notice.routine_id, notice.day, notice.advice) == (shared.pk, session.day, advice)
    # The coach's panel says so, with no log left at all.
    page = builder(client, coach, shared)
    day = session.day.strftime("%a %-d %b")
    assert f"An entry from {day} that {words} was deleted by the runner." in page
    assert "private words" not in page
    # The routine list flags it.
    listing = client.get(reverse("routines:list")).content.decode()
    assert "Entry deleted" in listing
    # Until the coach marks it seen, which keeps nothing, but for a stop within the two weeks
    # the runner's page reminds them of it (tests/routines/test_runner_sees_changes.py).
    seen = reverse("routines:deleted_entry_seen", args=[shared.pk, notice.pk])
    assert client.post(seen).status_code == 302
    assert client.post(seen).status_code == 302  # a double click
    assert not DeletedEntryNotice.objects.unseen().exists()
    # A plain stop is not reminded of either (only signs needing urgent care are).
    assert not DeletedEntryNotice.objects.exists()
    assert "was deleted by the runner" not in builder(client, coach, shared)


def test_deleting_a_carry_on_entry_leaves_nothing(client, shared):
    from routines.models import DeletedEntryNotice

    session = log_done(shared, days_ago=1, pain=1)
    asked = client.get(f"{shared.get_share_url()}?delete={session.pk}").content.decode()
    assert "your coach will see that" not in asked
    delete = reverse("session_delete", args=[shared.share_token, session.pk])
    client.post(delete, {"confirm": "yes"})
    client.post(delete, {"confirm": "yes"})
    assert not DeletedEntryNotice.objects.exists()


def test_another_coach_cannot_mark_a_deleted_entry_seen(client, other_coach, shared):
    from routines.models import DeletedEntryNotice

    services.session_delete(session=log_done(shared, pain=9))
    notice = DeletedEntryNotice.objects.get()
    client.force_login(other_coach)
    seen = reverse("routines:deleted_entry_seen", args=[shared.pk, notice.pk])
    assert client.post(seen).status_code == 404
    assert DeletedEntryNotice.objects.exists()


def test_deleting_the_routine_deletes_its_notices(shared):
    from routines.models import DeletedEntryNotice

    services.session_delete(session=log_done(shared, pain=9))
    shared.delete()
    assert not DeletedEntryNotice.objects.exists()


# The next-morning question: about a day, asked once, from the next day on.


def entry_of(html: str, session) -> str:
    entry = html[html.index(f'id="session-{session.pk}"') :]
    return entry[: entry.index("</li>")]


def test_the_next_morning_is_asked_once_per_day_and_not_before_the_next_day(client, shared):
    earlier = log_done(shared, days_ago=1, pain=2)
    later = log_done(shared, days_ago=1, pain=3)
    today = log_done(shared, pain=1)
    # On the UK's day (the zone our script sets): without a zone the next morning counts once
    # it has begun anywhere on Earth, which from 10:00 UTC it has at UTC+14 (below).
    client.cookies["hipcare_tz"] = "Europe/London"
    page = client.get(history_url(shared)).content.decode()
    day = dateformat_day(later)
    # Yesterday: asked once, on the day's latest entry, about the day.
    assert f"How did the hip feel the morning after {day}?" in entry_of(page, later)
    assert 'name="morning"' not in entry_of(page, earlier)
    assert len(shown_morning_forms(page)) == 1
    # Today: not asked yet. (The form is there, hidden, for static/js/hipcare.js to show in a
    # browser whose own day is already the next one: a first visit from a zone ahead.)
    assert shown_morning_forms(entry_of(page, today)) == []
    assert "Tomorrow, come back to say how the hip felt" in entry_of(page, today)
    # Without the browser's zone (no JavaScript) said as a date: "tomorrow" is the UK's.
    del client.cookies["hipcare_tz"]
    page = client.get(history_url(shared)).content.decode()
    tomorrow = dateformat.format(today.day + timedelta(days=1), "l j F")
    assert f"From {tomorrow}, come back to say how the hip felt" in entry_of(page, today)

def shown_morning_forms(html: str) -> list[str]:
    """The next-morning forms not `hidden`."""
    forms = re.findall(r'<form [^>]*class="morning-form"[^>]*>', html)
    return [form for form in forms if not re.search(r"\shidden[\s>]", form)]


def dateformat_day(session) -> str:
    return dateformat.format(session.day, "j F")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_answering_the_next_morning_on_the_same_day_is_refused_with_a_message(
    client, shared, headers
):
    uk_day(client)
    session = log_done(shared)
    url = reverse("session_morning", args=[shared.share_token, session.pk])
    response = client.post(url, {"morning": "worse"}, headers=headers)
    assert response.status_code == 422
    assert "The morning after that session has not come yet" in response.content.decode()
    session.refresh_from_db()
    assert session.morning == ""


def test_an_answer_sent_for_an_earlier_entry_of_the_day_goes_on_the_day_s_one(client, shared):
    """An old page (or a hand-made POST) answering the day's earlier entry: the day still
    gets one answer, on the entry that carries it."""
    from routines.models import SessionLog

    earlier = log_done(shared, days_ago=1, pain=2)
    later = log_done(shared, days_ago=1, pain=2)
    url = reverse("session_morning", args=[shared.share_token, earlier.pk])
    assert client.post(url, {"morning": "worse"}).status_code == 302
    assert dict(SessionLog.objects.values_list("pk", "morning")) == {
        earlier.pk: "",
        later.pk: "worse",
    }
    page = client.get(shared.get_share_url()).content.decode()
    assert "How did the hip feel the morning after" not in page  # answered: asked no more
    assert "Next morning: worse" in entry_of(page, later)
    # A second answer from that old page (it showed no answer) does not overwrite the day's
    # (tests/routines/test_stale_morning.py); one sent knowing it changes the one there is.
    assert client.post(url, {"morning": "better"}).status_code == 409
    assert SessionLog.objects.exclude(morning="").get().morning == "worse"
    assert client.post(url, {"morning": "better", "was": "worse"}).status_code == 302
    assert SessionLog.objects.exclude(morning="").get().morning == "better"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_log_form_refuses_a_next_morning_for_today_s_session(client, shared, headers):
    uk_day(client)
    from routines.models import SessionLog

    url = reverse("session_create", args=[shared.share_token])
    today = timezone.localdate()
    data = {"date": today.isoformat(), "pain": "2", "morning": "worse"}
    response = client.post(url, data, headers=headers)
    assert response.status_code == 422
    assert "The next morning has not come yet for a session today" in response.content.decode()
    assert not SessionLog.objects.exists()
    # For an earlier day it is what the runner saw.
    data["date"] = (today - timedelta(days=1)).isoformat()
    assert client.post(url, data, headers=headers).status_code in (200, 302)
    assert SessionLog.objects.get().morning == "worse"


def test_the_service_refuses_a_next_morning_before_it_has_come(shared):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        log_done(shared, morning="same")
    session = log_done(shared)
    with pytest.raises(ValidationError):
        services.session_set_morning(session=session, morning="same")


def test_the_earlier_pages_ask_a_day_split_between_pages_once(client, shared):
    """The earlier-sessions pages read every entry of their days: a day whose latest entry is
    on the runner's page is not asked again on the earlier page."""
    from routines.session_views import RECENT_SHOWN

    day_entries = [log_done(shared, days_ago=3) for _ in range(RECENT_SHOWN + 2)]
    page = client.get(reverse("session_list", args=[shared.share_token])).content.decode()
    assert "How did the hip feel the morning after" not in page
    shared_page = client.get(history_url(shared)).content.decode()
    assert 'name="morning"' in entry_of(shared_page, day_entries[-1])


# Each entry's advice against the day's.

STOP_DAY = "The day's advice: stop and check your symptoms"


def test_a_calm_entry_after_a_stop_says_its_advice_is_its_own_and_gives_the_day_s(
    client, coach, shared
):
    stop = log_done(shared, days_ago=2, pain=8)
    calm = log_done(shared, days_ago=2, pain=3)
    later = log_done(shared, days_ago=1, pain=8)
    later_calm = log_done(shared, days_ago=1, pain=2)
    assert 'id="advice" class="advice advice-stop' in (
        client.get(shared.get_share_url()).content.decode()
    )
    page = client.get(history_url(shared)).content.decode()
    for entry, own in ((stop, "stop and check your symptoms"), (later, "stop and check")):
        assert f"This entry: {own}" in entry_of(page, entry)
        assert "The day's advice" not in entry_of(page, entry)
    # Calm entries of a stop day, on the latest day and on an earlier one.
    for entry in (calm, later_calm):
        html = entry_of(page, entry)
        assert "This entry: carry on</span>" in html
        assert f'<strong data-day-advice="stop">{STOP_DAY}</strong>' in html
    # The coach's panel lists every entry the same way.
    client.force_login(coach)
    panel = client.get(shared.get_absolute_url()).content.decode()
    listed = panel[panel.index("All entries") :]
    assert listed.count("(the day's advice: stop and check your symptoms)") == 2
    assert listed.count("this entry: carry on</span>") == 2


def test_the_earlier_pages_give_an_entry_the_day_s_advice_too(client, shared):
    from routines.session_views import RECENT_SHOWN

    stop = log_done(shared, days_ago=10, pain=9)
    calm = log_done(shared, days_ago=10, pain=1)
    for _ in range(RECENT_SHOWN):
        log_done(shared, days_ago=1, pain=1)
    page = client.get(reverse("session_list", args=[shared.share_token])).content.decode()
    assert STOP_DAY in entry_of(page, calm)
    assert "This entry: carry on</span>" in entry_of(page, calm)
    assert "The day's advice" not in entry_of(page, stop)


def test_advice_by_day_reads_every_entry_of_each_day_and_the_log_before_it():
    from datetime import date, datetime

    from routines import monitoring

    def entry(day, hour, pain, **fields):
        return monitoring.Entry(
            day=date(2026, 3, day), pain=pain, logged=datetime(2026, 3, day, hour), **fields
        )

    log_ = [entry(2, 9, 8), entry(2, 18, 2), entry(3, 9, 1), entry(4, 9, 2, morning="worse")]
    advice = monitoring.advice_by_day(log_, [date(2026, 3, 2), date(2026, 3, 4)])
    assert set(advice) == {date(2026, 3, 2), date(2026, 3, 4)}
    assert advice[date(2026, 3, 2)].level is monitoring.Level.STOP  # the 8, not the later 2
    assert advice[date(2026, 3, 2)].entries == 2
    assert advice[date(2026, 3, 4)].level is monitoring.Level.EASE_BACK
    assert monitoring.advice_by_day(log_, [date(2026, 3, 9)]) == {}


def test_the_csv_says_its_advice_is_each_entry_s_own(client, coach, shared):
    import csv
    import io

    log_done(shared, days_ago=1, pain=8)
    log_done(shared, days_ago=1, pain=2)
    client.force_login(coach)
    response = client.get(reverse("routines:session_log_csv", args=[shared.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][3] == "advice (this entry)"
    assert [row[3] for row in rows[1:]] == [
        "Stop and check your symptoms (because pain 8 out of 10 is severe (7 or more))",
        "Carry on",
    ]


def test_the_csv_gives_each_entry_its_day_s_advice_too(client, coach, shared):
    """The runner's log says "This entry: carry on · The day's advice: stop..."; the CSV gives
    that day's advice in a column of its own, added last (the others keep their places), on
    every row, in the words the runner's page uses."""
    import csv
    import io

    log_done(shared, days_ago=2, pain=1)
    log_done(shared, days_ago=1, pain=8)
    log_done(shared, days_ago=1, pain=2)
    client.force_login(coach)
    response = client.get(reverse("routines:session_log_csv", args=[shared.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:8] == [
        "date",
        "worst pain (0-10)",
        "next morning",
        "advice (this entry)",
        "warning signs",
        "exercises done",
        "note",
        "logged at (UTC)",
    ]
    assert rows[0][8] == "advice (the day)"
    assert [(row[1], row[3].split(" (")[0], row[8]) for row in rows[1:]] == [
        ("1", "Carry on", "Carry on"),
        ("8", "Stop and check your symptoms", "Stop and check your symptoms"),
        ("2", "Carry on", "Stop and check your symptoms"),
    ]
    history = client.get(history_url(shared)).content.decode()
    assert "The day's advice: stop and check your symptoms</strong>" in history
