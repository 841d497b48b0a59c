"""The words of the runner's log (fresh tester): an entry is named by its own day, never as
"your last session" when a later one exists; the note that the advice shown is about another
day whenever it is; the coach's text about the runner, never to them."""

import itertools
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import monitoring
from routines.monitoring import Entry, Morning
from tests.routines.conftest import make_shared

HTMX = {"HX-Request": "true", "HX-Target": "log"}
MONDAY = date(2026, 11, 2)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def at(n: int, hour: int) -> datetime:
    return datetime.combine(day(n), time(hour), tzinfo=UTC)


# 1. A back-dated entry is named by its day, not as "your last session".


def test_a_back_dated_worse_morning_is_named_by_its_day_not_as_the_last_session():
    # 1 Dec logged first with the limp sign, then 28 Nov back-dated: pain 3, morning worse.
    dec1 = Entry(date(2026, 12, 1), 2, warning_signs=frozenset({"limp"}), logged=at(30, 9))
    nov28 = Entry(date(2026, 11, 28), 3, morning=Morning.WORSE, logged=at(30, 10))
    advice = monitoring.advise_now([nov28, dec1])
    (before,) = [r for r in advice.reasons if r.code == "worse_morning_before"]
    assert before.text.startswith("After your session on Saturday 28 November, the hip felt")
    assert before.coach_text.startswith("After their session on Saturday 28 November")
    for reason in advice.reasons:
        assert not re.search(r"\b(last|latest) session\b", reason.text), reason.text


# 3. The coach reads every reason about the runner, in the third person.


def _every_advice() -> list[monitoring.Advice]:
    signs = [sign.key for sign in monitoring.OFFERED_SIGNS]
    cases: list[tuple[list[Entry], list]] = [
        ([Entry(day(0), 1), Entry(day(1), 8, morning=Morning.WORSE)], []),
        ([Entry(day(0), 1), Entry(day(1), 1), Entry(day(2), 4)], []),
        ([Entry(day(0), 1), Entry(day(1), 1), Entry(day(2), 6)], []),
        ([Entry(day(0), 1), Entry(day(7), 2)], []),
        ([Entry(day(0), 8), Entry(day(2), 1)], []),
        ([Entry(day(0), 2, morning=Morning.WORSE), Entry(day(1), 2)], []),
    ]
    for told in ("emergency", "urgent", "stop"):
        cases += [([Entry(day(2), 1)], [(day(0), told)]), ([Entry(day(2), 1)], [(day(2), told)])]
    for key in signs:
        cases.append(([Entry(day(0), 1, warning_signs=frozenset({key})), Entry(day(2), 1)], []))
    for first, second in itertools.combinations(signs, 2):
        cases.append(([Entry(day(0), 8, warning_signs=frozenset({first, second}))], []))
        cases.append(
            (
                [
                    Entry(day(0), 8, warning_signs=frozenset({first}), logged=at(0, 8)),
                    Entry(day(0), 3, warning_signs=frozenset({second}), logged=at(0, 18)),
                ],
                [],
            )
        )
    return [
        advise(entries, deleted=deleted)
        for entries, deleted in cases
        for advise in (monitoring.advise, monitoring.advise_now)
    ]


def second_person(text: str) -> set[str]:
    return {"you", "your", "you're", "yourself"} & set(re.findall(r"[a-z']+", text.lower()))


def test_the_coach_reads_every_reason_code_in_the_third_person():
    advices = _every_advice()
    reasons = [reason for advice in advices for reason in advice.reasons]
    assert {r.code for r in reasons} == set(monitoring.REASON_SOURCES)
    for reason in reasons:
        assert not second_person(reason.coach_text), reason.coach_text
    # The reasons in a few words, as the coach's list of entries and the CSV give them.
    for advice in advices:
        words = monitoring.because(advice, coach=True) or ""
        assert not second_person(words), words


@pytest.mark.django_db
def test_the_coachs_panel_after_a_deleted_emergency_speaks_of_the_runner(client, coach, shared):
    today = timezone.localdate()
    post_log(client, shared, today - timedelta(days=2), {"warning": ["no_weight"]})
    gone = shared.sessions.get()
    client.post(reverse("session_delete", args=[shared.share_token, gone.pk]), {"confirm": "yes"})
    assert not shared.sessions.exists()
    post_log(client, shared, today, {"pain": "2"})
    client.force_login(coach)
    panel = client.get(reverse("routines:builder", args=[shared.pk])).content.decode()
    section = panel[panel.index("<section") :]
    assert "they should do that before they carry on" in section
    assert "before you carry on" not in section
    assert "because you were told" not in section
    assert "because the runner was told to get emergency care" in section


# 2. The note that the advice shown is about another day, whenever it is.


@pytest.fixture
def shared(coach, clamshell):
    return make_shared(coach, [clamshell], weeks_ago=1)


def post_log(client, routine, when, data=None, **headers):
    payload = {"listed": "1", "date": when.isoformat(), "pain": "1", **(data or {})}
    return client.post(
        reverse("session_create", args=[routine.share_token]), payload, headers=headers
    )


@pytest.mark.django_db
def test_a_back_dated_stop_as_urgent_as_the_advice_now_says_the_advice_is_not_about_it(
    client, shared
):
    today = timezone.localdate()
    post_log(client, shared, today, {"pain": "8"})
    back = today - timedelta(days=2)
    html = post_log(client, shared, back, {"pain": "8"}, **HTMX).content.decode()
    assert 'id="logged-advice"' not in html  # not more urgent: not shown first
    assert f"Logged your session of {back:%A} {back.day} {back:%B}." in html
    assert (
        f"The advice below is about your latest session, on {today:%A} {today.day} "
        f"{today:%B}, not the one you just logged." in html
    )
    # Without JavaScript: the same words, on the page it goes back to.
    response = client.post(
        reverse("session_create", args=[shared.share_token]),
        {"listed": "1", "date": (today - timedelta(days=3)).isoformat(), "pain": "8"},
        follow=True,
    )
    assert "not the one you just logged" in response.content.decode()
