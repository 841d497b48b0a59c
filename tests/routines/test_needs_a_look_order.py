"""A fresh tester's finding: with more than ten routines needing a look, the coach's list named
the ten newest routines, several only "Stop advised", and left out an emergency the runner of
the oldest routine had just logged, which sat at row 15 of the table ("newest first").

Every capped or ordered list of routines needing a look (the summary above the filters, the
table's order, its badges) reads the most urgent first (emergency care, a doctor today,
stop, then ease back or a latest entry's look), within a level the latest alert first, and
never leaves out a more urgent one for a less urgent one (routines.views._needing_a_look)."""

import random
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from routines.models import DeletedEntryNotice, SessionLog
from routines.views import LIST_PAGE_SIZE, NEEDS_A_LOOK_NAMED
from tests.routines.conftest import log_session, make_notice, make_routine

pytestmark = pytest.mark.django_db
LIST = reverse("routines:list")
HTMX = {"HX-Request": "true"}

#: An entry of each kind: its fields, and how urgent the alert it leaves is (4 emergency, 3 a
#: doctor today, 2 stop, 1 ease back or a latest entry's look).
ENTRIES = {
    "emergency": ({"pain": 3, "warning_signs": ["saddle_or_bladder"]}, 4),
    "urgent": ({"pain": 3, "warning_signs": ["red_or_warm"]}, 3),
    "stop": ({"pain": 8}, 2),
    "ease back": ({"pain": 6}, 1),
    # A stop the coach has marked seen: the runner is still told to stop (pain 8 is their
    # latest day), so it ranks with the stops, marked seen.
    "seen stop": ({"pain": 8}, 2),
}
#: A deleted entry's notice of each advice, and how urgent it is.
NOTICES = {"emergency": 4, "urgent": 3, "stop": 2, "ease_back": 1}
BADGES = {
    4: "Told to get emergency care",
    3: "Told to see a doctor today",
    2: "Stop advised",
}


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def summary(html: str) -> list[str]:
    if 'id="needs-a-look"' not in html:
        return []
    box = html.split('id="needs-a-look"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'#follow-up" dir="auto">([^<]*)</a>', box)


def more(html: str) -> int:
    box = html.split('id="needs-a-look"', 1)[1].split("</section>", 1)[0]
    found = re.search(r'data-more-need-a-look="(\d+)">And (\d+) more', box)
    if found is None:
        return 0
    assert found.group(1) == found.group(2)
    return int(found.group(1))


def heading(html: str) -> str:
    return re.search(r'id="needs-a-look-heading">([^<]*)</h2>', html).group(1)


def titles(html: str) -> list[str]:
    rows = html.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in html else ""
    return re.findall(r'<div class="routine-name"><a href="[^"]+" dir="auto">([^<]*)</a>', rows)


def row_badge(html: str, title: str) -> str:
    """The badge beside `title` in the table."""
    html = html.split("<tbody>")[1]
    row = re.search(rf'dir="auto">{re.escape(title)}</a>(.*?)</th>', html, re.S).group(1)
    found = re.search(r'class="badge text-bg-danger"[^>]*>([^<]*)<', row)
    return found.group(1) if found else ""


def add_entry(routine, kind: str, *, minutes_ago: int) -> None:
    fields, _ = ENTRIES[kind]
    session = log_session(routine, days_ago=0, **fields)
    changes = {"created": timezone.now() - timedelta(minutes=minutes_ago)}
    if kind == "seen stop":
        changes["coach_seen_at"] = timezone.now()
    SessionLog.objects.filter(pk=session.pk).update(**changes)


def add_notice(routine, advice: str, *, minutes_ago: int) -> None:
    notice = make_notice(routine, day=timezone.localdate(), advice=advice)
    DeletedEntryNotice.objects.filter(pk=notice.pk).update(
        deleted=timezone.now() - timedelta(minutes=minutes_ago)
    )


def random_routines(coach, rng: random.Random, count: int) -> dict[str, tuple[int, int]]:
    """`count` routines, each with an entry of a random kind, a deleted entry's notice of a
    random advice, or both, at distinct random times; each title's expected place as
    (urgency, -minutes ago) of its most urgent alert, the latest one within that level."""
    minutes = rng.sample(range(1, 60 * 24 * 10), 2 * count)
    expected = {}
    for n in range(count):
        # Made oldest first, so "newest first" would put the first made last.
        routine = make_routine(coach, title=f"R{n:02d}")
        alerts = []
        shape = rng.choice(("entry", "notice", "both"))
        if shape in ("entry", "both"):
            kind = rng.choice(list(ENTRIES))
            add_entry(routine, kind, minutes_ago=minutes[2 * n])
            alerts.append((ENTRIES[kind][1], -minutes[2 * n]))
        if shape in ("notice", "both"):
            advice = rng.choice(list(NOTICES))
            add_notice(routine, advice, minutes_ago=minutes[2 * n + 1])
            alerts.append((NOTICES[advice], -minutes[2 * n + 1]))
        expected[routine.title] = max(alerts)
    return expected


@pytest.mark.parametrize("seed", range(6))
def test_the_summary_and_the_table_read_the_most_urgent_first(signed_in, coach, seed):
    rng = random.Random(seed)
    expected = random_routines(coach, rng, rng.randint(NEEDS_A_LOOK_NAMED + 1, 16))
    order = sorted(expected, key=lambda title: expected[title], reverse=True)
    html = signed_in.get(LIST).content.decode()
    named = summary(html)
    assert named == order[:NEEDS_A_LOOK_NAMED]
    # None left out is more urgent than one named.
    left_out = order[NEEDS_A_LOOK_NAMED:]
    assert all(expected[out][0] <= expected[named[-1]][0] for out in left_out)
    # It says how many, and how many more.
    assert heading(html).startswith(f"{len(order)} routines need a look")
    assert more(html) == len(order) - NEEDS_A_LOOK_NAMED
    # The table leads with them in the same order, with the badge of each one's level.
    assert titles(html)[: len(order)] == order
    for title in order:
        urgency = expected[title][0]
        badge = row_badge(html, title)
        if urgency in BADGES:
            words = BADGES[urgency]
            assert badge in (words, f"Entry deleted ({words[0].lower()}{words[1:]})"), title
        else:
            assert badge in ("Needs a look", "Entry deleted"), title
    # The htmx results are ordered the same.
    results = signed_in.get(LIST + "?show=current&q=", headers=HTMX).content.decode()
    assert titles(results)[: len(order)] == order


def test_an_emergency_on_the_oldest_routine_heads_the_summary(signed_in, coach):
    """The tester's case: 14 routines with stops, then the oldest routine's runner logs
    numbness around the bottom and is told to get emergency care."""
    routines = [make_routine(coach, title=f"Stop {n:02d}") for n in range(14)]
    for n, routine in enumerate(routines):
        add_entry(routine, "stop", minutes_ago=100 - n)
    add_entry(routines[0], "emergency", minutes_ago=0)
    html = signed_in.get(LIST).content.decode()
    assert summary(html)[0] == "Stop 00"
    assert "Told to get emergency care" in html.split('id="needs-a-look"')[1].split("</section>")[0]
    assert titles(html)[0] == "Stop 00"
    assert row_badge(html, "Stop 00") == "Told to get emergency care"
    # The stops after it, the latest first; the four oldest are the ones left out.
    assert summary(html)[1:] == [f"Stop {n:02d}" for n in range(13, 4, -1)]
    assert heading(html).startswith("14 routines need a look")
    assert more(html) == 4


def test_fewer_than_the_cap_say_no_more(signed_in, coach):
    routine = make_routine(coach, title="Only one")
    add_entry(routine, "ease back", minutes_ago=5)
    html = signed_in.get(LIST).content.decode()
    assert summary(html) == ["Only one"]
    assert heading(html) == "1 routine needs a look at the runner's log"
    assert more(html) == 0


def test_the_list_reads_them_in_the_same_queries_however_many(signed_in, coach):
    rng = random.Random(7)

    def count(query: str = "", headers=None) -> int:
        signed_in.get(LIST + query, headers=headers)  # warm
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(LIST + query, headers=headers).status_code == 200
        return len(queries)

    # Every kind of alert at least once, so every query the list may make is made.
    for n, kind in enumerate(ENTRIES):
        add_entry(make_routine(coach, title=f"A{n}"), kind, minutes_ago=n + 1)
    add_notice(make_routine(coach, title="Deleted"), "emergency", minutes_ago=3)
    few = (count(), count("?show=current&q=", HTMX))
    random_routines(coach, rng, 3 * LIST_PAGE_SIZE)
    many = (count(), count("?show=current&q=", HTMX))
    assert few == many


# The routine's own panel: its cards, stops and deleted entries together.


def card_order(html: str) -> list[tuple[str, str, int]]:
    """The panel's cards in order, as (kind, what the runner was told, pk)."""
    cards = re.findall(
        r'id="(stop|deleted-entry)-(\d+)"(?: data-stop-session="\d+" data-told="([a-z_]+)"'
        r'| data-deleted-advice="([a-z_]+)")',
        html,
    )
    return [(kind, told or advice, int(pk)) for kind, pk, told, advice in cards]


@pytest.mark.parametrize("seed", range(4))
def test_the_panel_s_cards_read_the_most_urgent_first_then_the_latest(signed_in, shared, seed):
    from routines import monitoring

    rng = random.Random(seed)
    minutes = rng.sample(range(1, 60 * 24 * 20), 12)
    kinds = ["emergency", "urgent", "stop"]
    # A stop card and a deleted stop's, the deleted one the later: the later leads.
    add_entry(shared, "stop", minutes_ago=minutes.pop())
    add_notice(shared, "stop", minutes_ago=0)
    for days_ago in range(1, 6):
        fields, _ = ENTRIES[rng.choice(kinds)]
        session = log_session(shared, days_ago=days_ago * 2, **fields)
        SessionLog.objects.filter(pk=session.pk).update(
            created=timezone.now() - timedelta(minutes=minutes.pop())
        )
    for _ in range(4):
        add_notice(shared, rng.choice(list(NOTICES)), minutes_ago=minutes.pop())
    html = signed_in.get(reverse("routines:builder", args=[shared.pk])).content.decode()
    cards = card_order(html)
    assert (
        len(cards)
        == SessionLog.objects.filter(routine=shared, told_advice="stop").count()
        + DeletedEntryNotice.objects.filter(routine=shared).count()
    )
    stops = dict(SessionLog.objects.filter(routine=shared).values_list("pk", "created"))
    notices = dict(DeletedEntryNotice.objects.filter(routine=shared).values_list("pk", "deleted"))
    keys = [
        (
            monitoring.told_urgency(told),
            (stops if kind == "stop" else notices)[pk],
        )
        for kind, told, pk in cards
    ]
    assert keys == sorted(keys, reverse=True)


def test_and_n_more_links_to_the_row_of_the_first_not_named(signed_in, coach):
    """More than NEEDS_A_LOOK_NAMED (and than a page of the table) need a look: "And 15 more"
    said where the rest are nowhere. Its link (a plain link: no JavaScript needed) opens the
    table's page that holds the first routine not named, at its row."""
    count = LIST_PAGE_SIZE + 5
    for n in range(count):
        add_entry(make_routine(coach, title=f"R{n:02d}"), "stop", minutes_ago=n + 1)
    html = signed_in.get(LIST).content.decode()
    named = summary(html)
    assert more(html) == count - NEEDS_A_LOOK_NAMED
    box = html.split('id="needs-a-look"', 1)[1].split("</section>", 1)[0]
    href = re.search(r'<a class="alert-link" href="([^"]+)" data-more-link>', box).group(1)
    path, fragment = href.replace("&amp;", "&").split("#")
    page = signed_in.get(path).content.decode()
    row = re.search(rf'<tr data-routine="(\d+)" id="{fragment}"', page)
    assert row is not None, (href, titles(page))
    title = re.search(rf'data-routine="{row.group(1)}".*?dir="auto">([^<]*)</a>', page, re.S)
    assert title.group(1) not in named
    # It is the first the summary leaves out: the titles named come just before it.
    rows = titles(page)
    assert rows[rows.index(title.group(1)) - NEEDS_A_LOOK_NAMED :][:NEEDS_A_LOOK_NAMED] == named
