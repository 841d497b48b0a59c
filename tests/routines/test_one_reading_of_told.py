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

import pytest
from django.urls import reverse

from routines import monitoring, services
from routines.models import DeletedEntryNotice, SessionLog
from routines.session_views import CSV_COLUMNS, CSV_DELETED_NOTE
from routines.views import STOP_BADGES
from tests.routines.conftest import log_session
from tests.routines.test_advice_in_force_views import (
    badge_urgency,
    panel,
    panel_advice,
    random_log,
    runner_told,
    stop_urgency,
    urgency,
)
from tests.routines.test_day_advice_coach import COMBINING, PAIN
from tests.routines.test_log_safety import shared as shared  # noqa: PLC0414 (the fixture)
from tests.routines.test_log_safety import uk_day
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
def test_every_surface_names_the_advice_one_function_reads(client, coach, shared, seed):
    rng = random.Random(seed)
    uk_day(client)
    steps = random_log(client, shared, rng)
    told = runner_told(client, shared)

    client.force_login(coach)
    page = panel(client, shared)
    cards = card_order(page)
    entry = listed(client).get(shared.title)
    told_after = csv_told_after(client, shared)
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
            services.session_mark_seen(routine=shared, session_pk=pk)
        else:
            services.deleted_entry_notice_seen(routine=shared, notice_pk=pk)
    assert card_order(panel(client, shared)) == []
    assert not DeletedEntryNotice.objects.filter(routine=shared).unseen().exists()
    assert runner_told(client, shared) == told, steps
    assert panel_advice(panel(client, shared)) == told, steps
    entry = listed(client).get(shared.title)
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
    client, coach, shared, first, second
):
    """One sign three days ago, the other yesterday (together more urgent: the checker's own
    rules, monitoring._signs_over_days), then a calm entry today, which reads only "stop"
    (two weeks after care). Yesterday's card says what the two together told the runner;
    the list's badge for it said what yesterday's sign told alone (views._stops_told read
    the day's signs only), below the card; the CSV says what the card says."""
    uk_day(client)
    log_session(shared, days_ago=3, pain=PAIN, warning_signs=[first])
    together = log_session(shared, days_ago=1, pain=PAIN, warning_signs=[second])
    log_session(shared, days_ago=0, pain=1)
    client.force_login(coach)
    cards = card_order(panel(client, shared))
    card = next(told for kind, told, pk in cards if pk == together.pk)
    assert urgency(card) > max(urgency(_told_alone(first)), urgency(_told_alone(second)))
    assert csv_told_after(client, shared)[together.pk] == card
    entry = listed(client)[shared.title]
    assert entry["badge"] == STOP_BADGES[cards[0][1]]
    assert badge_urgency(entry["badge"]) >= urgency(card)


def test_the_csv_says_what_an_entry_told_before_an_earlier_day_was_logged(client, coach, shared):
    """Pain 6 today: "ease back". Then a calm day logged for yesterday: today now reads a
    steep rise into the high-risk zone, "stop", and the runner's page and the list say so.
    What the runner read after today's entry was "ease back"; the CSV read yesterday's
    entry, logged later, into it and said "stop"."""
    uk_day(client)
    today = log_session(shared, days_ago=0, pain=6)
    later(log_session(shared, days_ago=1, pain=2), 1)
    assert today.told_advice == "ease_back"
    assert runner_told(client, shared) == "stop"
    client.force_login(coach)
    told_after = csv_told_after(client, shared)
    assert told_after[today.pk] == "ease_back"
    assert listed(client)[shared.title]["now"] == "stop"
