"""Every place of the coach's panel that says what the runner was told (a stop card's heading
and its "HipCare told the runner" line, the summary above the entries, a deleted entry's
card) and the runner's delete step read the told values the list's badge and the CSV read
(SessionLog.told: `told_advice` and `told_care`, kept when the entry was logged), never the
entry's own advice as the log reads now. The fresh tester's steps:

1 Dec, pain 2, numbness: "Stop". Then 29 Nov back-dated, pain 2, a weak leg: with the
numbness, "Get emergency care now". Then, within 10 minutes, the 1 Dec entry deleted (the
confirm step opened before or after 29 Nov was logged). The card's heading, its "HipCare told
the runner" line and the summary said "see a doctor today"; the deleted entry's card and the
delete step said "stop" while the runner's page said "Get emergency care now"; and after it
nothing at the top of the runner's page named the emergency. The list's badge and the CSV
said the emergency throughout."""

import random
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from routines import monitoring, services
from routines.models import CORRECTION_WINDOW, DeletedEntryNotice, SessionLog
from routines.views import STOP_BADGES
from tests.routines.conftest import random_entry, uk_day
from tests.routines.test_advice_in_force_views import (
    BADGE_TOLD,
    SIGNS,
    panel,
    panel_advice,
    stop_urgency,
    urgency,
)
from tests.routines.test_day_advice_coach import banner
from tests.routines.test_log_safety import post_log
from tests.routines.test_needs_a_look_in_force import listed
from tests.routines.test_needs_a_look_order import card_order
from tests.routines.test_one_reading_of_told import NUMB, WEAK, csv_told_after
from triage import rules as checker

pytestmark = pytest.mark.django_db

EMERGENCY, DOCTOR = str(checker.Tier.EMERGENCY), str(checker.Tier.URGENT)
HTMX = {"HX-Request": "true", "HX-Target": "log"}
#: The coach's words for what the runner was told back to its value ("Told to get emergency
#: care" -> "emergency").
COACH_TOLD = {
    **{monitoring.coach_label(tier): str(tier) for tier in monitoring.CARE_TIERS},
    **{monitoring.coach_label(level): str(level) for level in monitoring.Level},
    "Stop advised": "stop",
}
#: The runner's words for what they were told, in the checker's own label ("Get emergency care
#: now") back to its value.
LABEL_TOLD = {tier.label: str(tier) for tier in monitoring.CARE_TIERS}


@pytest.fixture(autouse=True)
def correction_window(monkeypatch):
    """The real correction window (tests/conftest.py turns it off for other files)."""
    monkeypatch.setattr("routines.models.CORRECTION_WINDOW", CORRECTION_WINDOW)


def _day(day) -> str:
    """A day as the coach's cards say it: "Sun 29 Nov"."""
    return f"{day:%a} {day.day} {day:%b}"


def _text(html: str) -> str:
    return " ".join(strip_tags(html).split())


def stop_cards(html: str) -> dict[int, dict]:
    """The panel's stop cards by entry pk: `data_told`, what the heading says they were told
    (`heading`) and what the "HipCare told the runner" line quotes where it quotes the
    checker (`quoted`), as values."""
    found = {}
    for pk, told, body in re.findall(
        r'id="stop-(\d+)" data-stop-session="\d+" data-told="([a-z_]+)".*?>(.*?)</form>',
        html,
        re.S,
    ):
        text = _text(body)
        heading = next(
            label
            for label in COACH_TOLD
            if text.startswith(
                (label + " after the session of ", label + " later for the entry of ")
            )
        )
        quoted = re.search(r"HipCare told the runner “([^”]+)”", text)
        found[int(pk)] = {
            "data_told": told,
            "heading": COACH_TOLD[heading],
            "quoted": LABEL_TOLD.get(quoted.group(1)) if quoted else None,
            "text": text,
        }
    return found


def latest_told(html: str) -> tuple[str, date] | None:
    """The summary above the entries, where it says care was told: (that care, its day)."""
    found = re.search(
        r'class="alert alert-danger" data-look="stop" data-care="([a-z]+)"'
        r'(?: data-now="[a-z_]+")? data-day="([0-9-]+)" data-latest-told>(.*?)</div>',
        html,
        re.S,
    )
    if found is None:
        return None
    care, day, body = found.groups()
    label = next(label for label in COACH_TOLD if _text(body).startswith(label + ":"))
    assert COACH_TOLD[label] == care, _text(body)
    return care, date.fromisoformat(day)


def _delete_step(client, routine, session, *, htmx: bool) -> str:
    url = f"{routine.get_share_url()}?delete={session.pk}"
    page = client.get(url, headers=HTMX if htmx else {}).content.decode()
    step = page[page.index(f'id="delete-{session.pk}"') :]
    return _text(step[: step.index("</p>")])


def _log(client, routine, data) -> SessionLog:
    post_log(client, routine, data)
    return SessionLog.objects.filter(routine=routine).latest("created", "pk")


@pytest.mark.parametrize("confirm_opened", ["after the back-dated entry", "before it"])
def test_the_testers_steps_say_the_emergency_everywhere(
    client, coach, shared_week_ago, confirm_opened
):
    uk_day(client)
    today = timezone.localdate()
    numb = _log(client, shared_week_ago, {"pain": "2", "warning": [NUMB]})
    if confirm_opened == "before it":
        # Tab A: the delete step, opened while the log held only the numbness.
        assert "advising stopping was deleted" in _delete_step(
            client, shared_week_ago, numb, htmx=True
        )
    weak = _log(
        client,
        shared_week_ago,
        {"pain": "2", "warning": [WEAK], "date": (today - timedelta(days=2)).isoformat()},
    )
    page = client.get(shared_week_ago.get_share_url()).content.decode()
    assert banner(page) == EMERGENCY
    if confirm_opened == "after the back-dated entry":
        for htmx in (True, False):
            step = _delete_step(client, shared_week_ago, numb, htmx=htmx)
            # What the page above it says: the emergency, not the entry's own stop.
            assert "advising getting emergency care was deleted" in step, step
            assert "advising stopping" not in step
            assert "it advised you to get emergency care" in step

    # Confirmed (tab A, for the other order): the coach is told what the page said then.
    url = reverse("session_delete", args=[shared_week_ago.share_token, numb.pk])
    done = _text(client.post(url, {"confirm": "yes"}, follow=True).content.decode())
    assert "that advised getting emergency care was deleted" in done
    notice = DeletedEntryNotice.objects.get(routine=shared_week_ago)
    assert (notice.day, notice.advice) == (numb.day, EMERGENCY)
    # The runner's page keeps a reminder of the emergency above the log, for two weeks.
    page = client.get(shared_week_ago.get_share_url()).content.decode()
    top = _text(page[: page.index("Log a session", page.index("Your advice now"))])
    assert "told you to get emergency care" in top, top
    assert f'data-deleted-advice="{EMERGENCY}"' in page

    client.force_login(coach)
    html = panel(client, shared_week_ago)
    cards = stop_cards(html)
    card = cards[weak.pk]
    assert card["data_told"] == card["heading"] == card["quoted"] == EMERGENCY, card["text"]
    assert card["text"].startswith(
        f"Told to get emergency care after the session of {_day(weak.day)}"
    )
    assert "Told to see a doctor today on" not in card["text"]
    assert latest_told(html) == (EMERGENCY, weak.day)
    deleted = _text(html[html.index('id="deleted-entry-') :].split("</form>", 1)[0])
    assert f"An entry from {_day(today)} that advised getting emergency care was deleted" in deleted
    # What the list's badge and the CSV say, as they did before.
    assert listed(client)[shared_week_ago.title]["badge"] == STOP_BADGES[checker.Tier.EMERGENCY]
    assert csv_told_after(client, shared_week_ago) == {weak.pk: EMERGENCY}


def test_a_card_read_with_a_later_day_names_whose_signs_are_whose(client, coach, shared_week_ago):
    """Before the deletion: the 29 Nov entry's card is about 1 Dec's advice read with it. Its
    "why" is that day's, and its signs are its own: each says so."""
    uk_day(client)
    today = timezone.localdate()
    _log(client, shared_week_ago, {"pain": "2", "warning": [NUMB]})
    weak = _log(
        client,
        shared_week_ago,
        {"pain": "2", "warning": [WEAK], "date": (today - timedelta(days=2)).isoformat()},
    )
    client.force_login(coach)
    card = stop_cards(panel(client, shared_week_ago))[weak.pk]["text"]
    back, now = _day(weak.day), _day(today)
    assert card.startswith(
        f"Told to get emergency care after the session of {back} (the advice for {now}"
    )
    assert f"Why, for {now} (that day's entries read with this one's signs of {back}):" in card
    assert f"Warning signs ticked in this entry ({back}): My leg or foot is weak" in card


def test_the_summary_says_a_combination_is_one(client, coach, shared_week_ago):
    """Numbness, then a weak leg, the same day: neither sign alone is an emergency."""
    uk_day(client)
    _log(client, shared_week_ago, {"pain": "2", "warning": [NUMB]})
    _log(client, shared_week_ago, {"pain": "2", "warning": [WEAK]})
    client.force_login(coach)
    html = panel(client, shared_week_ago)
    summary = _text(html[html.index("data-latest-told") :].split("</div>", 1)[0])
    assert "they ticked a warning sign that the symptom checker treats as" not in summary
    assert "none of them enough alone, together call for" in summary
    assert "treats as an emergency" in summary


def test_one_sign_that_is_an_emergency_is_said_as_one(client, coach, shared_week_ago):
    uk_day(client)
    _log(client, shared_week_ago, {"pain": "2", "warning": ["saddle_or_bladder"]})
    client.force_login(coach)
    html = panel(client, shared_week_ago)
    summary = _text(html[html.index("data-latest-told") :].split("</div>", 1)[0])
    assert "they ticked a warning sign that the symptom checker treats as an emergency" in summary


@pytest.mark.parametrize("seed", range(12))
def test_the_cards_the_summary_the_badge_and_the_csv_agree_on_what_was_told(
    client, coach, shared_week_ago, seed
):
    """Over random logs (seeded): entries of today or back-dated, with signs that combine over
    days, deletions. After each step: each stop card's heading, its quoted advice and its
    `data-told` are the CSV's "told after this entry" for it; the summary names the care
    told after its day's entries (the CSV's, the most urgent of them) or the advice now,
    whichever is more; the list's badge is the most urgent of the cards and the advice
    now; a deleted entry's card says at least what the CSV said of it before."""
    rng = random.Random(seed)
    uk_day(client)
    today = timezone.localdate()
    steps = []
    for _ in range(rng.randint(6, 9)):
        live = list(SessionLog.objects.filter(routine=shared_week_ago))
        client.force_login(coach)
        before = csv_told_after(client, shared_week_ago)
        client.logout()
        if rng.random() < 0.35 and live:
            gone = rng.choice(live)
            notice = services.session_delete(session=gone)
            steps.append(f"delete {gone.day} {sorted(gone.warning_signs)}")
            if notice is not None:
                assert urgency(notice.advice) >= urgency(before[gone.pk]), steps
        elif rng.random() < 0.25:
            # The second tester's shape: a calm day, an emergency logged since for a day
            # before it, then deleted; its hold reads the calm day at stop from then on.
            day = today - timedelta(days=rng.choice((0, 1, 2)))
            post_log(
                client, shared_week_ago, {"pain": str(rng.choice((1, 4, 6))), "date": str(day)}
            )
            earlier = day - timedelta(days=rng.choice((1, 2)))
            post_log(
                client,
                shared_week_ago,
                {"pain": "2", "warning": ["saddle_or_bladder"], "date": earlier.isoformat()},
            )
            if rng.random() < 0.7:
                services.session_delete(
                    session=SessionLog.objects.filter(routine=shared_week_ago).latest(
                        "created", "pk"
                    )
                )
            steps.append(f"calm {day}, emergency {earlier} after it, maybe deleted")
        elif rng.random() < 0.3:
            # The tester's shape: a sign, then another logged for a day or two before it.
            day = today - timedelta(days=rng.choice((0, 1, 2)))
            first, second = rng.sample((WEAK, NUMB, "limp", "fall_or_blow"), 2)
            post_log(
                client, shared_week_ago, {"pain": "2", "warning": [first], "date": day.isoformat()}
            )
            earlier = day - timedelta(days=rng.choice((0, 1, 2)))
            post_log(
                client,
                shared_week_ago,
                {"pain": "2", "warning": [second], "date": earlier.isoformat()},
            )
            steps.append(f"{first} {day}, then {second} {earlier}")
        else:
            # Signs that combine over days most of all (a weak leg with numbness).
            data = random_entry(
                rng,
                today,
                days_ago=(0, 0, 1, 2, 4),
                pains=(1, 2, 3, 8),
                signs=(WEAK, NUMB, WEAK, NUMB, "limp", *SIGNS),
                chance=0.7,
            )
            post_log(client, shared_week_ago, data)
            steps.append(f"log {data}")
        now = banner(client.get(shared_week_ago.get_share_url()).content.decode()) or "continue"

        client.force_login(coach)
        csv_told = csv_told_after(client, shared_week_ago)
        html = panel(client, shared_week_ago)
        assert panel_advice(html) == now, steps
        logged_as = dict(
            SessionLog.objects.filter(routine=shared_week_ago).values_list("pk", "logged_advice")
        )
        for pk, card in stop_cards(html).items():
            # A card never says its day was told stop where the entry said less when
            # logged: it says "later", and what it said then.
            if card["data_told"] == "stop" and logged_as[pk] in ("continue", "ease_back"):
                assert card["text"].startswith("Stop advised later for the entry of"), (
                    steps,
                    card["text"],
                )
                said_then = monitoring.short_name(monitoring.Level(logged_as[pk]))
                assert f"HipCare told the runner to {said_then}." in card["text"], card["text"]
            said = {card["data_told"], card["heading"], csv_told[pk]}
            if card["quoted"] is not None:
                said.add(card["quoted"])
            assert len(said) == 1, (steps, card["text"], csv_told[pk])
        sessions = list(SessionLog.objects.filter(routine=shared_week_ago))
        summary = latest_told(html)
        if summary is None:
            assert now not in (EMERGENCY, DOCTOR), steps
        else:
            of_day = [csv_told[s.pk] for s in sessions if s.day == summary[1]]
            wanted = max([*of_day, now], key=urgency)
            assert summary[0] == wanted, (steps, summary, of_day, now)
        # The list's badge: the most urgent card (a stop's told, a deleted entry's advice),
        # or the advice now where that says more.
        cards = card_order(html)
        lead = max([stop_urgency(told) for _kind, told, _pk in cards] + [stop_urgency(now)])
        badge = listed(client).get(shared_week_ago.title, {}).get("badge", "")
        assert urgency(BADGE_TOLD.get(badge)) == lead, (steps, cards, now, badge)
        client.logout()
