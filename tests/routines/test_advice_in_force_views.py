"""The coach's list, the coach's panel and the runner's pages read one advice in force
(session_views.judge_log, through logs_in_force for the list): the same entries of the weeks
shown, with the traces of deleted entries. Found after the day's-advice work: the list read
no deleted entry, so an entry deleted after it told the runner to get emergency care, which
keeps the later entries at "stop" for two weeks (monitoring._recent_care, _deleted_that_day),
left the routine badged below what the panel and the runner's page said; and a stop card of
an entry judged lower since said what that entry alone had told, not its day's advice so far
where that was more (the list badged the day's).

Over random logs (signs that combine, back-dated entries, deletions that lower or hold later
entries, entries marked seen): the list's badge and place agree with the panel's first card
and with the advice the runner's page shows now."""

import random
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import monitoring, services
from routines.models import DeletedEntryNotice, SessionLog
from routines.views import STOP_BADGES
from tests.routines.conftest import log_session, make_routine, uk_day
from tests.routines.test_day_advice_coach import COMBINING, banner
from tests.routines.test_log_safety import post_log
from tests.routines.test_needs_a_look_order import card_order, row_badge, summary, titles

pytestmark = pytest.mark.django_db
LIST = reverse("routines:list")
#: The list's badge back to what the runner was told (a deleted entry's notice says its own).
BADGE_TOLD = {badge: told for told, badge in STOP_BADGES.items()}
BADGE_TOLD.update(
    {f"Entry deleted ({badge[0].lower()}{badge[1:]})": told for badge, told in BADGE_TOLD.items()}
)
SIGNS = sorted({sign for pair in COMBINING for sign in pair})


def urgency(told) -> int:
    return monitoring.told_urgency(told) if told else 0


def badge_urgency(badge: str) -> int:
    """How urgent what the list's badge names is ("Entry deleted" alone: an ease back)."""
    return urgency(BADGE_TOLD.get(badge))


def stop_urgency(told) -> int:
    """How urgent `told` is where the list badges it (a stop or more), else 0."""
    return urgency(told) if told in STOP_BADGES else 0


def random_log(client, routine, rng: random.Random) -> list[str]:
    """Six to nine steps on `routine`'s log, as the runner takes them, each named."""
    today = timezone.localdate()
    steps = []
    for _ in range(rng.randint(6, 9)):
        kind = rng.choice(
            ("log", "log", "log", "pair", "back-dated", "delete", "delete", "care deleted")
        )
        live = list(SessionLog.objects.filter(routine=routine))
        if kind == "delete" and live:
            gone = rng.choice(live)
            services.session_delete(session=gone)
            steps.append(f"delete {gone.day} pain {gone.pain} {sorted(gone.warning_signs)}")
            continue
        day = today - timedelta(days=rng.randint(1, 4)) if kind == "back-dated" else today
        if kind == "care deleted":
            # An entry that told the runner to get care, deleted: its trace holds later days.
            day = today - timedelta(days=rng.randint(0, 3))
            fall = log_session(
                routine,
                days_ago=(today - day).days,
                pain=8,
                warning_signs=["no_weight", "fall_or_blow"],
            )
            services.session_delete(session=fall)
            steps.append(f"care deleted {day}")
            continue
        if kind == "pair":
            for sign in rng.choice(COMBINING):
                post_log(client, routine, {"pain": "2", "warning": [sign], "date": day.isoformat()})
            steps.append(f"pair {day}")
            continue
        pain = rng.choice((1, 3, 6, 8))
        signs = rng.sample(SIGNS, rng.choice((0, 0, 0, 1)))
        data = {"pain": str(pain), "date": day.isoformat()}
        if signs:
            data["warning"] = signs
        post_log(client, routine, data)
        steps.append(f"{kind} {day} pain {pain} {signs}")
    return steps


def runner_told(client, routine) -> str:
    """What the runner's page says they are told now (its 'advice now' banner, shown for more
    than "carry on")."""
    return banner(client.get(routine.get_share_url()).content.decode()) or "continue"


def panel(client, routine) -> str:
    return client.get(reverse("routines:builder", args=[routine.pk])).content.decode()


def panel_advice(html: str) -> str:
    """What the panel says the runner sees now ("continue" for an empty log, as the runner's)."""
    found = re.search(r'class="disposition" data-disposition="([^"]+)"', html)
    return found.group(1) if found else "continue"


@pytest.mark.parametrize("seed", range(32))
def test_the_list_the_panel_and_the_runner_read_one_advice_in_force(
    client, coach, shared_week_ago, seed
):
    rng = random.Random(seed)
    uk_day(client)
    # A routine with a plain unseen "stop" logged first: ours ranks above it exactly when
    # what it is listed for is a stop or more (a tie goes to the later, ours).
    other = make_routine(coach, title="Reference stop")
    log_session(other, days_ago=0, pain=8)
    SessionLog.objects.filter(routine=other).update(created=timezone.now() - timedelta(days=1))
    steps = random_log(client, shared_week_ago, rng)
    told = runner_told(client, shared_week_ago)

    client.force_login(coach)
    html = client.get(LIST).content.decode()
    page = panel(client, shared_week_ago)
    # The panel says what the runner's page says.
    assert panel_advice(page) == told, steps
    cards = card_order(page)
    first = cards[0][1] if cards else None
    # Nothing marked seen: the list's badge is the panel's lead, its first card or the advice
    # now, whichever is more urgent, and never less than what the runner is told.
    lead = max(stop_urgency(first), stop_urgency(told))
    badge = row_badge(html, shared_week_ago.title) if shared_week_ago.title in titles(html) else ""
    assert badge_urgency(badge) == lead, (steps, cards, told, badge)
    if lead >= urgency(monitoring.Level.STOP):
        assert summary(html).index(shared_week_ago.title) < summary(html).index(other.title), steps

    # The coach marks the first card seen (the entry that set the advice off, often): a card
    # left unseen may be less urgent, but the badge never names less than the runner is told
    # (fresh tester: "Stop advised" on the list while the runner read "Get emergency care").
    if cards:
        kind, _told, pk = cards[0]
        if kind == "stop":
            services.session_mark_seen(routine=shared_week_ago, session_pk=pk)
        else:
            services.deleted_entry_notice_seen(routine=shared_week_ago, notice_pk=pk)
        html = client.get(LIST).content.decode()
        if shared_week_ago.title in titles(html):
            badge = row_badge(html, shared_week_ago.title)
            assert badge_urgency(badge) >= stop_urgency(told), (steps, cards, told, badge)
        cards = card_order(panel(client, shared_week_ago))

    # The coach marks every card seen: the list still says what the runner is told, and only
    # that; the panel leads with the same.
    for kind, _told, pk in cards:
        if kind == "stop":
            services.session_mark_seen(routine=shared_week_ago, session_pk=pk)
        else:
            services.deleted_entry_notice_seen(routine=shared_week_ago, notice_pk=pk)
    html = client.get(LIST).content.decode()
    assert card_order(panel(client, shared_week_ago)) == []
    if shared_week_ago.title in titles(html):
        assert row_badge(html, shared_week_ago.title) == STOP_BADGES.get(told, ""), (steps, told)


def test_a_deleted_emergency_keeps_the_list_at_stop_as_the_runner_is_told(
    client, coach, shared_week_ago
):
    """The tester's log: pain 8 with a fall, which told the runner to get emergency care, then
    deleted; the entries after it read stop for two weeks, on the runner's page and the panel,
    and so on the list once the coach has seen the cards."""
    uk_day(client)
    fall = log_session(
        shared_week_ago, days_ago=2, pain=8, warning_signs=["no_weight", "fall_or_blow"]
    )
    client.post(
        reverse("session_delete", args=[shared_week_ago.share_token, fall.pk]), {"confirm": "yes"}
    )
    post_log(
        client,
        shared_week_ago,
        {"pain": "3", "date": (timezone.localdate() - timedelta(1)).isoformat()},
    )
    post_log(client, shared_week_ago, {"pain": "2"})
    # Its page leads with the emergency care the trace holds for two weeks (SeenNow).
    assert runner_told(client, shared_week_ago) == "emergency"
    client.force_login(coach)
    for session in SessionLog.objects.filter(routine=shared_week_ago, coach_seen_at__isnull=True):
        services.session_mark_seen(routine=shared_week_ago, session_pk=session.pk)
    for notice in DeletedEntryNotice.objects.unseen():
        services.deleted_entry_notice_seen(routine=shared_week_ago, notice_pk=notice.pk)
    assert 'data-disposition="emergency"' in panel(client, shared_week_ago)
    html = client.get(LIST).content.decode()
    assert row_badge(html, shared_week_ago.title) == STOP_BADGES["emergency"]


@pytest.mark.parametrize(("first", "second"), COMBINING)
def test_a_lowered_stop_card_says_its_day_s_advice_where_that_is_more(
    client, coach, shared_week_ago, first, second
):
    """An entry told "stop" by a rise in pain from yesterday's entry, which was then deleted,
    reads "ease back" now (lowered); two entries before it that day ticked signs that together
    call for more. Its card says what the runner was told after it, the day's advice so far,
    as its heading and the list's badge do, not the entry's own "stop"."""
    uk_day(client)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    post_log(client, shared_week_ago, {"pain": "1", "date": yesterday})
    for sign in (first, second):
        post_log(client, shared_week_ago, {"pain": "2", "warning": [sign]})
    post_log(client, shared_week_ago, {"pain": "6"})
    risen = SessionLog.objects.filter(routine=shared_week_ago, pain=6).get()
    assert risen.told_advice == "stop"
    services.session_delete(session=SessionLog.objects.get(routine=shared_week_ago, pain=1))
    risen.refresh_from_db()
    assert risen.lowered
    day = monitoring.advise_signs({first, second}, pain=6)
    # The coach has seen the two sign entries' cards: the lowered entry's card is left.
    for session in SessionLog.objects.filter(routine=shared_week_ago).exclude(pk=risen.pk):
        services.session_mark_seen(routine=shared_week_ago, session_pk=session.pk)
    client.force_login(coach)
    page = panel(client, shared_week_ago)
    assert card_order(page) == [("stop", str(day.care), risen.pk)]
    card = page[page.index(f'id="stop-{risen.pk}"') :]
    card = card[: card.index("</div>")]
    assert f"{day.coach_label} after the session of" in card
    assert f"the advice after this entry is {monitoring.advice_now_words(day)}, because:" in card
    html = client.get(LIST).content.decode()
    assert row_badge(html, shared_week_ago.title) == STOP_BADGES[day.care]
