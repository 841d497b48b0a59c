"""What the runner was told after an entry is never lowered by a later change to OTHER entries
(deleting one, logging one back-dated, changing a next-morning answer), on the runner's page
or to the coach, and the two weeks of "stop" after an emergency or a doctor today run from
it (SessionLog.told_care, monitoring.Entry.told). The fresh tester's two faults:

1. A fall on 18 Nov (stop), then "it hurts to stand or walk" on 30 Nov: together, emergency
   care. Deleting the 18 Nov entry took the emergency off 30 Nov's card and CSV row, moved it
   to a deleted-entry reminder dated 18 Nov, and a calm session two days later read "carry on".
2. Numbness on 30 Nov, then a weak leg back-dated to 25 Nov: the page said "Get emergency care
   now", the coach's card and CSV said so for 25 Nov, but the runner's history read 25 Nov as
   "see a doctor today", and 30 Nov's reasons said "since then: of the warning sign"."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import strip_tags

from routines import monitoring, services
from routines.models import DeletedEntryNotice, SessionLog
from routines.views import STOP_BADGES
from tests.routines.conftest import (
    entry_of,
    history_url,
    log_session,
    make_shared,
    random_entry,
    uk_day,
)
from tests.routines.test_advice_in_force_views import SIGNS, panel, runner_told, urgency
from tests.routines.test_day_advice_coach import banner
from tests.routines.test_needs_a_look_in_force import listed
from tests.routines.test_needs_a_look_order import card_order
from tests.routines.test_one_reading_of_told import (
    NUMB,
    WEAK,
    csv_told_after,
    shown_after_post,
)
from triage import rules as checker

pytestmark = pytest.mark.django_db

EMERGENCY, DOCTOR = str(checker.Tier.EMERGENCY), str(checker.Tier.URGENT)


def _day_name(day) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def _entry(html: str, session) -> str:
    return " ".join(strip_tags(entry_of(html, session)).split())


def _fall_then_limp(routine):
    fall = log_session(routine, days_ago=13, pain=2, warning_signs=["fall_or_blow"])
    limp = log_session(routine, days_ago=1, pain=2, warning_signs=["limp"])
    return fall, limp


def test_deleting_an_earlier_entry_keeps_the_emergency_told_after_a_later_one(
    client, coach, clamshell, squat
):
    uk_day(client)
    shared = make_shared(coach, [clamshell, squat], weeks_ago=4)
    fall, limp = _fall_then_limp(shared)
    client.force_login(coach)
    assert csv_told_after(client, shared) == {fall.pk: "stop", limp.pk: EMERGENCY}

    services.session_delete(session=fall)
    # The coach: the CSV and the card still say the emergency, on its own entry's day.
    assert csv_told_after(client, shared) == {limp.pk: EMERGENCY}
    cards = card_order(panel(client, shared))
    assert ("stop", EMERGENCY, limp.pk) in cards
    assert listed(client)[shared.title]["badge"] == STOP_BADGES[checker.Tier.EMERGENCY]
    # The deleted entry's notice keeps what IT told (stop), not the later entry's emergency.
    notice = DeletedEntryNotice.objects.get(routine=shared)
    assert (notice.day, notice.advice) == (fall.day, "stop")
    page = client.get(shared.get_share_url()).content.decode()
    assert 'data-deleted-advice="emergency"' not in page
    # The runner's history says what they were told after the entry.
    entry = _entry(client.get(history_url(shared)).content.decode(), limp)
    assert "After this entry you were told to get emergency care" in entry

    # A calm session the next day: the two weeks after the emergency still say stop, naming
    # the day it was told, as for the same log with nothing deleted; the headline names the
    # emergency (monitoring.SeenNow).
    twin = make_shared(coach, [clamshell, squat], weeks_ago=4)
    _fall_then_limp(twin)
    for routine in (shared, twin):
        log_session(routine, days_ago=0, pain=1)
        page = client.get(routine.get_share_url()).content.decode()
        assert banner(page) == EMERGENCY, routine
        said = f"After your entry for {_day_name(limp.day)} you were told to get emergency care"
        assert said in page


def test_a_back_dated_entry_s_emergency_reads_the_same_to_the_runner_and_the_coach(
    client, coach, shared
):
    uk_day(client)
    today = timezone.localdate()
    numb, shown_numb = shown_after_post(
        client, shared, {"pain": "2", "warning": [NUMB], "date": str(today - timedelta(days=1))}
    )
    weak, shown_weak = shown_after_post(
        client, shared, {"pain": "2", "warning": [WEAK], "date": str(today - timedelta(days=6))}
    )
    assert shown_weak == EMERGENCY
    page = client.get(shared.get_share_url()).content.decode()
    assert f"After your entry for {_day_name(weak.day)} you were told to get emergency care" in page
    assert f"entry for {_day_name(weak.day)} you were told to see a doctor today" not in page
    history = client.get(history_url(shared)).content.decode()
    assert "After this entry you were told to get emergency care" in _entry(history, weak)
    numb_line = _entry(history, numb)
    assert "since then: of" not in numb_line
    assert "since then:" not in numb_line  # it names an earlier day: Sun 29 Nov
    assert "now also because you were told to get emergency care" in numb_line

    client.force_login(coach)
    assert csv_told_after(client, shared)[weak.pk] == EMERGENCY
    assert ("stop", EMERGENCY, weak.pk) in card_order(panel(client, shared))


def _told_everywhere(client, coach, routine) -> dict[int, int]:
    """For each entry, the least urgent of what the CSV, its card (while unseen) and the
    runner's history say the runner was told after it."""
    client.force_login(coach)
    csv_told = csv_told_after(client, routine)
    cards = {pk: told for kind, told, pk in card_order(panel(client, routine)) if kind == "stop"}
    client.logout()
    history = client.get(history_url(routine)).content.decode()
    found = {}
    for session in SessionLog.objects.filter(routine=routine):
        said = [urgency(csv_told[session.pk])]
        if session.pk in cards:
            said.append(urgency(cards[session.pk]))
        if f'id="session-{session.pk}"' not in history:
            found[session.pk] = min(said)  # not among the newest entries the page lists
            continue
        line = _entry(history, session)
        runner = max(
            (
                urgency(what)
                for what, words in RUNNER_WORDS.items()
                if any(
                    f"{lead}{words}" in line
                    for lead in ("This entry: ", "The day's advice: ", "you were told to ")
                )
            ),
            default=0,
        )
        said.append(runner)
        found[session.pk] = min(said)
    return found


#: How the runner's history words what they were told ("This entry: get emergency care now").
RUNNER_WORDS = {
    EMERGENCY: "get emergency care",
    DOCTOR: "see a doctor today",
    "stop": "stop",
    "ease_back": "ease back",
}


@pytest.mark.parametrize("seed", range(10))
def test_no_later_change_to_other_entries_lowers_what_the_runner_was_told(
    client, coach, shared, seed
):
    """Over random logs (seeded): entries logged today or back-dated, with warning signs
    that combine over days, deletions of other entries and next-morning answers changed.
    After every step, what the CSV, the stop card and the runner's history say they were told
    after each entry is at least what their page showed right after it (the emergency care
    or doctor today it showed; else what the entry itself advised); and the advice in force
    is at least the stop the 14 days after each emergency or doctor today call for."""
    rng = random.Random(seed)
    uk_day(client)
    today = timezone.localdate()
    shown: dict[int, str] = {}
    steps = []
    for _ in range(rng.randint(5, 8)):
        live = list(SessionLog.objects.filter(routine=shared))
        kind = rng.choice(("log", "log", "log", "delete", "morning"))
        if kind == "delete" and len(live) > 1:
            gone = rng.choice(live)
            services.session_delete(session=gone)
            shown.pop(gone.pk, None)
            steps.append(f"delete {gone.day} {sorted(gone.warning_signs)}")
        elif kind == "morning" and [s for s in live if s.day < today]:
            session = rng.choice([s for s in live if s.day < today])
            answer = rng.choice(("better", "same", "worse"))
            try:
                services.session_set_morning(
                    session=session, morning=answer, was=session.morning or ""
                )
            except services.MorningChanged:
                continue
            steps.append(f"morning {session.day} {answer}")
        else:
            data = random_entry(
                rng,
                today,
                days_ago=(0, 1, 2, 4, 6, 9),
                pains=(1, 2, 3, 6, 8),
                signs=(WEAK, NUMB, "limp", "fall_or_blow", *SIGNS),
                chance=0.6,
            )
            client.logout()
            session, told_then = shown_after_post(client, shared, data)
            # Held: the care the page showed (its signs, or a later day's read with them),
            # and what the entry itself told (a stop, an ease back: SessionLog.told_advice).
            session.refresh_from_db()
            if urgency(told_then) < urgency(DOCTOR):
                told_then = session.told_advice
            shown[session.pk] = told_then
            steps.append(f"log {data['date']} {data} -> {told_then}")
        told = _told_everywhere(client, coach, shared)
        for pk, then in shown.items():
            assert told[pk] >= urgency(then), (steps, pk, then, told)
        # The advice in force holds the stop of the two weeks after each care told.
        client.logout()
        now = urgency(runner_told(client, shared))
        latest = max(s.day for s in SessionLog.objects.filter(routine=shared))
        for session in SessionLog.objects.filter(routine=shared):
            care = monitoring.told_urgency(session.told) >= urgency(DOCTOR)
            if care and session.day < latest <= session.day + timedelta(days=14):
                assert now >= urgency("stop"), (steps, session.day, now)


def test_entries_stored_before_get_the_care_their_log_reads(shared):
    """Migration 0017 fills `told_care` for entries stored before it: what the log as it
    stood after each reads (monitoring.told_after_entry)."""
    from importlib import import_module

    from django.apps import apps

    fill = import_module("routines.migrations.0017_session_told_care").fill_told_care
    weak = log_session(shared, days_ago=1, pain=2, warning_signs=[WEAK])
    numb = log_session(shared, days_ago=0, pain=2, warning_signs=[NUMB])
    calm = log_session(shared, days_ago=3, pain=1)
    SessionLog.objects.update(told_care="")
    fill(apps, None)
    told = dict(SessionLog.objects.values_list("pk", "told_care"))
    assert told == {weak.pk: DOCTOR, numb.pk: EMERGENCY, calm.pk: EMERGENCY}
