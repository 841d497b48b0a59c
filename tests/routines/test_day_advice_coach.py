"""A fresh tester's SAFETY finding: a runner logged two entries on one day, numbness in the
first and a weak leg in the second, and was told "Get emergency care now" (the checker reads
the day's signs together), while the coach's list badged the routine "Told to see a doctor
today" (each entry's own signs), the panel led with a "doctor today" card, and once every card
was marked seen the routine stayed listed with no badge at all.

Whatever the runner is told now (monitoring.advice_in_force) is what the coach's list ranks
and badges and what the panel's first card says, until the coach has seen the entry that set
it off; after that the list still says what the runner is told. Over every pair of log signs
whose checker reading together is more urgent than either alone (derived from the rules)."""

import csv
import io
import re
from datetime import UTC, timedelta
from itertools import combinations, permutations

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import monitoring, services
from routines.models import SessionLog
from tests.routines.conftest import log_session, make_routine, uk_day
from tests.routines.test_log_safety import post_log
from tests.routines.test_needs_a_look_order import row_badge, summary

pytestmark = pytest.mark.django_db
PAIN = 2


def _urgency(signs) -> int:
    advice = monitoring.advise_signs(signs, pain=PAIN)
    return advice.urgency if advice is not None else 0


#: Every pair of offered signs that call for more together than either alone.
COMBINING = [
    (a, b)
    for a, b in combinations(sorted(sign.key for sign in monitoring.OFFERED_SIGNS), 2)
    if _urgency({a, b}) > max(_urgency({a}), _urgency({b}))
]
ORDERED = [pair for both in COMBINING for pair in permutations(both)]


def test_some_signs_combine():
    assert COMBINING


def first_card(html: str) -> str:
    start = html.index('class="alert alert-danger stop-alert"')
    return html[start : html.index("</div>", start)]


def current(routine) -> monitoring.DayAdvice:
    entries = [session.entry() for session in SessionLog.objects.filter(routine=routine)]
    return monitoring.advice_in_force(entries).advice


@pytest.mark.parametrize(("first", "second"), ORDERED)
def test_coach_list_and_panel_say_what_the_runner_is_told_from_the_day_together(
    client, coach, shared_week_ago, first, second
):
    uk_day(client)
    post_log(client, shared_week_ago, {"pain": str(PAIN), "warning": [first]})
    post_log(client, shared_week_ago, {"pain": str(PAIN), "warning": [second]})
    told = current(shared_week_ago)
    assert told.urgency == _urgency({first, second})
    label = told.coach_label
    assert "Get emergency care now" in client.get(shared_week_ago.get_share_url()).content.decode()
    # Another routine, logged later, with the more urgent of the two signs alone: the
    # combined emergency still comes first.
    other = make_routine(coach, title="Later single sign")
    services.routine_share(routine=other)
    single = max((first, second), key=lambda s: _urgency({s}))
    post_log(client, other, {"pain": str(PAIN), "warning": [single]})
    assert _urgency({single}) < told.urgency

    client.force_login(coach)
    html = client.get(reverse("routines:list")).content.decode()
    assert row_badge(html, shared_week_ago.title) == label
    assert summary(html)[0] == shared_week_ago.title
    panel = client.get(reverse("routines:builder", args=[shared_week_ago.pk])).content.decode()
    assert label in first_card(panel)

    # The coach marks every card seen: the routine may stay listed, never without saying why;
    # each notice names the stop as its card did (fresh tester: "Marked as seen: the doctor
    # today" for a card that said emergency).
    for session in SessionLog.objects.filter(routine=shared_week_ago, told_advice="stop"):
        panel = client.get(reverse("routines:builder", args=[shared_week_ago.pk])).content.decode()
        card = panel[panel.index(f'data-stop-session="{session.pk}"') :]
        named = re.search(r'<span class="visually-hidden"> \((.+?) on \d', card).group(1)
        seen = client.post(
            reverse("routines:session_seen", args=[shared_week_ago.pk, session.pk]), follow=True
        )
        assert f"Marked as seen: the {named} on" in seen.content.decode()
    html = client.get(reverse("routines:list")).content.decode()
    if shared_week_ago.title in summary(html):
        assert row_badge(html, shared_week_ago.title) == label
    panel = client.get(reverse("routines:builder", args=[shared_week_ago.pk])).content.decode()
    assert re.search("stop-alert", panel) is None


def entry_html(html: str, pk: int) -> str:
    start = html.index(f'<li id="session-{pk}"')
    return html[start : html.index("</li>", start)]


def banner(html: str) -> str:
    found = re.search(r'data-advice-now="([^"]+)"', html)
    return found.group(1) if found else ""


#: How the day's entries are logged: the two signs today; then a calm third entry after them;
#: or both back-dated to yesterday after a calm entry logged today (advise_current).
SHAPES = ("two", "calm after", "back-dated")


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(("first", "second"), ORDERED)
def test_every_view_of_the_log_says_the_advice_in_force_on_the_entry_that_set_it_off(
    client, coach, shared_week_ago, first, second, shape
):
    uk_day(client)
    today = timezone.localdate()
    # Older entries, so the earlier-entries page lists some.
    for days_ago in range(6, 2, -1):
        log_session(shared_week_ago, days_ago=days_ago, pain=1)
    day = today
    if shape == "back-dated":
        post_log(client, shared_week_ago, {"pain": "1"})
        day = today - timedelta(days=1)
    for sign in (first, second):
        post_log(
            client, shared_week_ago, {"pain": str(PAIN), "warning": [sign], "date": day.isoformat()}
        )
    if shape == "calm after":
        post_log(client, shared_week_ago, {"pain": "1"})
    told = current(shared_week_ago)
    assert told.urgency == _urgency({first, second}) and told.day == day
    a, b = [
        session
        for session in SessionLog.objects.filter(routine=shared_week_ago, day=day).order_by(
            "created"
        )
        if session.warning_signs
    ]
    label = told.label.lower()

    # The runner's history: the day's advice on the entry that set it off (b), not on a.
    history = client.get(
        reverse("session_history", args=[shared_week_ago.share_token])
    ).content.decode()
    assert f"The day&#x27;s advice: {label}" in entry_html(history, b.pk) or (
        f"The day's advice: {label}" in entry_html(history, b.pk)
    )
    assert "The day" not in entry_html(history, a.pk) or label not in entry_html(history, a.pk)
    # Every runner page listing the log says the advice now.
    for url in (
        shared_week_ago.get_share_url(),
        reverse("session_history", args=[shared_week_ago.share_token]),
        reverse("session_list", args=[shared_week_ago.share_token]),
    ):
        assert banner(client.get(url).content.decode()) == told.key, url

    client.force_login(coach)
    html = client.get(reverse("routines:list")).content.decode()
    assert row_badge(html, shared_week_ago.title) == told.coach_label
    panel = client.get(reverse("routines:builder", args=[shared_week_ago.pk])).content.decode()
    assert told.coach_label in first_card(panel)
    # The CSV says on b's row what the runner was told after it.
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(reverse("routines:session_log_csv", args=[shared_week_ago.pk]))
                .content.decode()
                .lstrip("\ufeff")
            )
        )
    )
    b_row = next(
        row
        for row in rows
        if row["logged at (UTC)"] == b.created.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
        and row["warning signs"] == "; ".join(b.warning_sign_labels())
    )
    assert b_row["told after this entry"] == told.label
