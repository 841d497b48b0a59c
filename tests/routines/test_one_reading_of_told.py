"""Every surface of a runner's log names the same advice, read by one function: the advice in
force (session_views.judge_log, through session_views.in_force for the coach's list) for the
runner's banner, the panel's "advice the runner sees now" and the list's entry; and what the
runner was told after an entry (monitoring.told_after_entry, through session_views.stop_told)
for the panel's stop cards, the list's badge for them and the CSV's "told after this entry".
The list had a copy of the panel's reading of a day's signs (views._stops_told: the signs of
the entry's day only, not those of the two weeks before that combine with them), and the CSV
read an entry logged later for an earlier day into what an entry had told.

Over random logs (seeded): signs that combine, back-dated entries, deletions, care deleted."""

import csv
import io
import random
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import monitoring, services
from routines.models import DeletedEntryNotice, SessionLog
from routines.session_views import CSV_COLUMNS, CSV_DELETED_NOTE
from routines.views import STOP_BADGES
from tests.routines.conftest import log_session, random_entry, uk_day
from tests.routines.test_advice_in_force_views import (
    SIGNS,
    badge_urgency,
    panel,
    panel_advice,
    random_log,
    runner_told,
    stop_urgency,
    urgency,
)
from tests.routines.test_day_advice_coach import COMBINING, PAIN, banner
from tests.routines.test_needs_a_look_in_force import later, listed
from tests.routines.test_needs_a_look_order import card_order
from triage import rules as checker

pytestmark = pytest.mark.django_db
#: The CSV's words back to what the runner was told.
TOLD_BY_LABEL = {
    **{tier.label: str(tier) for tier in monitoring.CARE_TIERS},
    **{level.label: str(level) for level in monitoring.Level},
}
TOLD_AFTER = CSV_COLUMNS.index("told after this entry")


def test_the_csv_s_words_name_one_advice_each():
    assert len(TOLD_BY_LABEL) == len(monitoring.CARE_TIERS) + len(monitoring.Level)
    assert checker.Tier.EMERGENCY.label in TOLD_BY_LABEL


def csv_told_after(client, routine) -> dict[int, str]:
    """The CSV's "told after this entry", by the entry's pk (its rows are in the log's order,
    a deleted entry's rows noted)."""
    response = client.get(reverse("routines:session_log_csv", args=[routine.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    kept = [row for row in rows if row[CSV_COLUMNS.index("note")] != CSV_DELETED_NOTE]
    sessions = SessionLog.objects.filter(routine=routine).order_by("day", "created", "pk")
    assert len(kept) == len(sessions)
    return {
        session.pk: TOLD_BY_LABEL[row[TOLD_AFTER]]
        for session, row in zip(sessions, kept, strict=True)
    }


@pytest.mark.parametrize("seed", range(16))
def test_every_surface_names_the_advice_one_function_reads(client, coach, shared_week_ago, seed):
    rng = random.Random(seed)
    uk_day(client)
    steps = random_log(client, shared_week_ago, rng)
    told = runner_told(client, shared_week_ago)

    client.force_login(coach)
    page = panel(client, shared_week_ago)
    cards = card_order(page)
    entry = listed(client).get(shared_week_ago.title)
    told_after = csv_told_after(client, shared_week_ago)
    # The runner's banner, the panel's advice now and the list's entry: one advice in force.
    assert panel_advice(page) == told, steps
    if urgency(told):
        assert entry is not None and entry["now"] == told, (steps, told, entry)
    else:
        assert entry is None or entry["now"] == "", (steps, entry)
    # Each stop card says what the CSV says the runner was told after its entry (an entry
    # judged lower since says what it told at the time, never less than the CSV).
    for kind, card_told, pk in cards:
        if kind != "stop":
            continue
        if SessionLog.objects.get(pk=pk).lowered:
            assert urgency(told_after[pk]) <= urgency(card_told), (steps, cards, told_after)
        else:
            assert told_after[pk] == card_told, (steps, cards, told_after)
    # Nothing seen: the list's badge names the panel's first card or the advice in force,
    # whichever is more urgent, and ranks the routine no lower.
    first = cards[0][1] if cards else None
    lead = max(stop_urgency(first), stop_urgency(told))
    badge = entry["badge"] if entry else ""
    assert badge_urgency(badge) == lead, (steps, cards, told, badge)
    if entry is not None:
        assert entry["urgency"] >= urgency(told), (steps, entry, told)

    # Every card seen: the runner is told the same; the list still names it while it is a
    # stop or more, at its urgency, and the panel still leads with it.
    for kind, _told, pk in cards:
        if kind == "stop":
            services.session_mark_seen(routine=shared_week_ago, session_pk=pk)
        else:
            services.deleted_entry_notice_seen(routine=shared_week_ago, notice_pk=pk)
    assert card_order(panel(client, shared_week_ago)) == []
    assert not DeletedEntryNotice.objects.filter(routine=shared_week_ago).unseen().exists()
    assert runner_told(client, shared_week_ago) == told, steps
    assert panel_advice(panel(client, shared_week_ago)) == told, steps
    entry = listed(client).get(shared_week_ago.title)
    if stop_urgency(told):
        assert entry is not None, (steps, told)
        assert (entry["badge"], entry["now"]) == (STOP_BADGES[told], told), (steps, entry)
        assert entry["urgency"] == urgency(told), (steps, entry)
    elif entry is not None:
        assert entry["badge"] == "", (steps, entry)


def _told_alone(sign: str) -> str:
    return str(monitoring.advise_signs({sign}, pain=PAIN).key)


@pytest.mark.parametrize(("first", "second"), COMBINING)
def test_signs_two_days_apart_badge_the_list_as_their_card_says(
    client, coach, shared_week_ago, first, second
):
    """One sign three days ago, the other yesterday (together more urgent: the checker's own
    rules, monitoring._signs_over_days), then a calm entry today, which reads only "stop"
    (two weeks after care). Yesterday's card says what the two together told the runner;
    the list's badge for it said what yesterday's sign told alone (views._stops_told read
    the day's signs only), below the card; the CSV says what the card says."""
    uk_day(client)
    log_session(shared_week_ago, days_ago=3, pain=PAIN, warning_signs=[first])
    together = log_session(shared_week_ago, days_ago=1, pain=PAIN, warning_signs=[second])
    log_session(shared_week_ago, days_ago=0, pain=1)
    client.force_login(coach)
    cards = card_order(panel(client, shared_week_ago))
    card = next(told for kind, told, pk in cards if pk == together.pk)
    assert urgency(card) > max(urgency(_told_alone(first)), urgency(_told_alone(second)))
    assert csv_told_after(client, shared_week_ago)[together.pk] == card
    entry = listed(client)[shared_week_ago.title]
    assert entry["badge"] == STOP_BADGES[cards[0][1]]
    assert badge_urgency(entry["badge"]) >= urgency(card)


def test_the_csv_says_what_an_entry_told_before_an_earlier_day_was_logged(
    client, coach, shared_week_ago
):
    """Pain 6 today: "ease back". Then a calm day logged for yesterday: today now reads a
    steep rise into the high-risk zone, "stop", and the runner's page and the list say so.
    What the runner read after today's entry was "ease back"; the CSV read yesterday's
    entry, logged later, into it and said "stop"."""
    uk_day(client)
    today = log_session(shared_week_ago, days_ago=0, pain=6)
    later(log_session(shared_week_ago, days_ago=1, pain=2), 1)
    assert today.told_advice == "ease_back"
    assert runner_told(client, shared_week_ago) == "stop"
    client.force_login(coach)
    told_after = csv_told_after(client, shared_week_ago)
    assert told_after[today.pk] == "ease_back"
    assert listed(client)[shared_week_ago.title]["now"] == "stop"


# What the runner read right after each entry, from the page their log took them to.


def shown_after_post(client, routine, data: dict) -> tuple[SessionLog, str]:
    """Log `data` as the runner does (no JavaScript) and read the page it lands on: the new
    entry and the most urgent advice that page showed (its advice now, and the box about the
    entry just logged where that is more urgent)."""
    response = client.post(
        reverse("session_create", args=[routine.share_token]),
        {"listed": "1", "date": timezone.localdate().isoformat(), **data},
        follow=True,
    )
    html = response.content.decode()
    found = re.search(r'data-logged-advice="([^"]+)"', html)
    shown = [banner(html) or "continue", *([found.group(1)] if found else [])]
    session = SessionLog.objects.filter(routine=routine).latest("created", "pk")
    return session, max(shown, key=urgency)


WEAK, NUMB = "leg_weakness", "numbness"


def test_a_back_dated_sign_that_raises_a_later_day_gives_the_coach_its_emergency_card(
    client, coach, shared_week_ago
):
    """The tester's log: a weak leg today (a doctor today), then numbness back-dated two days
    (stop alone): read with the numbness two days before, today's weak leg calls for
    emergency care, and the runner's page says so right after the back-dated entry. Its card,
    its CSV row and the list's badge said "stop"; the list said "emergency · Seen by you"
    once both cards were marked seen, with no emergency card ever shown."""
    uk_day(client)
    today = timezone.localdate()
    weak, after_weak = shown_after_post(client, shared_week_ago, {"pain": "2", "warning": [WEAK]})
    numb, after_numb = shown_after_post(
        client,
        shared_week_ago,
        {"pain": "2", "warning": [NUMB], "date": (today - timedelta(days=2)).isoformat()},
    )
    emergency, doctor = str(checker.Tier.EMERGENCY), str(checker.Tier.URGENT)
    assert (after_weak, after_numb) == (doctor, emergency)

    client.force_login(coach)
    cards = {pk: told for _kind, told, pk in card_order(panel(client, shared_week_ago))}
    assert cards == {weak.pk: doctor, numb.pk: emergency}
    assert csv_told_after(client, shared_week_ago) == {weak.pk: doctor, numb.pk: emergency}
    assert listed(client)[shared_week_ago.title]["badge"] == STOP_BADGES[checker.Tier.EMERGENCY]
    # The card names the day whose advice it was.
    card = panel(client, shared_week_ago).split(f'id="stop-{numb.pk}"', 1)[1].split("</form>", 1)[0]
    assert "Told to get emergency care" in card
    assert f"the advice for {today:%a} {today.day} {today:%b}, read with this entry" in card

    services.session_mark_seen(routine=shared_week_ago, session_pk=weak.pk)
    entry = listed(client)[shared_week_ago.title]
    assert (entry["badge"], entry["seen"]) == (STOP_BADGES[checker.Tier.EMERGENCY], False)
    services.session_mark_seen(routine=shared_week_ago, session_pk=numb.pk)
    entry = listed(client)[shared_week_ago.title]
    assert (entry["badge"], entry["seen"]) == (STOP_BADGES[checker.Tier.EMERGENCY], True)


def test_the_csv_says_what_an_entry_told_before_its_day_s_morning_was_changed(
    client, coach, shared_week_ago
):
    """Pain 3 two days ago, next morning "worse": ease back; pain 3 yesterday: ease back (the
    worse morning before). Then the first morning changed to "better": both read "carry on"
    now, and the CSV said so, though the runner was told "ease back" after each."""
    uk_day(client)
    today = timezone.localdate()
    first, told_first = shown_after_post(
        client,
        shared_week_ago,
        {"pain": "3", "morning": "worse", "date": (today - timedelta(days=2)).isoformat()},
    )
    second, told_second = shown_after_post(
        client, shared_week_ago, {"pain": "3", "date": (today - timedelta(days=1)).isoformat()}
    )
    assert (told_first, told_second) == ("ease_back", "ease_back")
    url = reverse("session_morning", args=[shared_week_ago.share_token, first.pk])
    assert client.post(url, {"morning": "better", "was": "worse"}).status_code == 302
    client.force_login(coach)
    assert csv_told_after(client, shared_week_ago) == {
        first.pk: "ease_back",
        second.pk: "ease_back",
    }


@pytest.mark.parametrize("seed", range(12))
def test_what_the_runner_was_shown_after_each_entry_is_what_the_coach_reads_of_it(
    client, coach, shared_week_ago, seed
):
    """Over random logs (seeded) with back-dated entries, signs and next-morning answers
    changed later: what the runner's page showed right after each entry is never more than
    the CSV's "told after this entry" for it, nor than its card (while unseen), nor than the
    list's badge; and a stop or more they were shown is on a card, or the list says it."""
    rng = random.Random(seed)
    uk_day(client)
    today = timezone.localdate()
    shown: dict[int, str] = {}
    steps = []
    for _ in range(rng.randint(4, 8)):
        past = [s for s in SessionLog.objects.filter(routine=shared_week_ago) if s.day < today]
        if past and rng.random() < 0.25:
            session = rng.choice(past)
            answer = rng.choice(("better", "same", "worse"))
            url = reverse("session_morning", args=[shared_week_ago.share_token, session.pk])
            client.post(url, {"morning": answer, "was": session.morning or ""})
            steps.append(f"morning {session.day} {answer}")
            continue
        data = random_entry(
            rng,
            today,
            days_ago=(0, 0, 1, 2, 3),
            pains=(1, 3, 6, 8),
            signs=(WEAK, NUMB, *SIGNS),
            chance=0.4,
        )
        session, told_then = shown_after_post(client, shared_week_ago, data)
        shown[session.pk] = told_then
        steps.append(f"log {data['date']} {data}")

    client.force_login(coach)
    told_after = csv_told_after(client, shared_week_ago)
    cards = {
        pk: told for kind, told, pk in card_order(panel(client, shared_week_ago)) if kind == "stop"
    }
    entry = listed(client).get(shared_week_ago.title)
    badge = entry["badge"] if entry else ""
    for pk, then in shown.items():
        assert urgency(told_after[pk]) >= urgency(then), (steps, pk, then, told_after)
        if pk in cards:
            assert urgency(cards[pk]) >= urgency(then), (steps, pk, then, cards)
    most = max(shown.values(), key=urgency)
    if most in STOP_BADGES:
        assert any(urgency(told) >= urgency(most) for told in cards.values()), (steps, cards)
        assert badge_urgency(badge) >= urgency(most), (steps, shown, badge)


def test_the_list_never_says_seen_for_an_emergency_no_card_said(
    client, coach, shared_week_ago, monkeypatch
):
    """Should the cards ever read the back-dated entry as before (its day alone: "stop"),
    the list, badged with the emergency in force, must not say "Seen by you" once the
    coach has marked both cards seen: no card showed them an emergency. It read only
    whether the entry that set the advice off was marked seen."""
    monkeypatch.setattr(
        monitoring,
        "told_after_entry",
        lambda entries, about, *, deleted=(): monitoring.advise_now(
            monitoring.as_logged(entries, about), deleted=deleted
        ),
    )
    uk_day(client)
    today = timezone.localdate()
    weak, _ = shown_after_post(client, shared_week_ago, {"pain": "2", "warning": [WEAK]})
    numb, shown = shown_after_post(
        client,
        shared_week_ago,
        {"pain": "2", "warning": [NUMB], "date": (today - timedelta(days=2)).isoformat()},
    )
    assert shown == str(checker.Tier.EMERGENCY)
    client.force_login(coach)
    cards = {told for _kind, told, _pk in card_order(panel(client, shared_week_ago))}
    assert str(checker.Tier.EMERGENCY) not in cards
    for session in (weak, numb):
        services.session_mark_seen(routine=shared_week_ago, session_pk=session.pk)
    entry = listed(client)[shared_week_ago.title]
    assert (entry["badge"], entry["seen"]) == (STOP_BADGES[checker.Tier.EMERGENCY], False)
