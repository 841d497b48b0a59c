"""What the runner was told when an entry was logged, and what they were told later, are said
apart on every surface the coach reads (the stop card, the panel's entry list, the CSV) and on
the runner's own log; never a level or a reason of later as if the entry had said it then.

The fresh tester's two logs, built through the runner's page and the services:

1. 29 Nov logged (carry on), 30 Nov logged (ease back); then an emergency for 28 Nov logged,
   then deleted: its hold reads both entries at "stop" from then on. The coach's card said
   "Stop advised on Sun 29 Nov: ... HipCare told the runner to stop".
2. 22 Nov told to stop: pain 6, "3 points higher than two session days before (3 on 18 Nov,
   then 4 on 20 Nov)". Then 21 Nov (pain 9) and 19 Nov logged: the card and the runner's log
   still gave 18 and 20 Nov as the two session days before, with nothing to say it was so
   only when it was logged."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from routines import monitoring, services
from routines.models import SessionLog
from tests.routines.conftest import uk_day
from tests.routines.test_advice_in_force_views import panel
from tests.routines.test_log_safety import post_log

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return " ".join(strip_tags(html).replace("&#x27;", "'").split())


def _card(html: str, pk: int) -> str:
    body = html[html.index(f'id="stop-{pk}"') :]
    return _text(body[body.index(">") + 1 : body.index("</form>")])


def _listed(html: str, pk: int) -> str:
    body = html[html.index(f'<li id="session-{pk}"') :]
    return _text(body[: body.index("</li>")])


def _csv_advice(client, routine) -> dict[str, str]:
    response = client.get(reverse("routines:session_log_csv", args=[routine.pk]))
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    return {row["date"]: row["advice (this entry)"] for row in rows if row["worst pain (0-10)"]}


def _history(client, routine, day) -> str:
    page = _text(
        client.get(reverse("session_history", args=[routine.share_token])).content.decode()
    )
    start = page.index(f"{day:%a} {day.day} {day:%b}: worst pain")
    return page[start : page.index("No exercises done", start)]


def test_a_deleted_emergency_logged_later_is_named_not_read_into_the_day(client, coach, shared):
    uk_day(client)
    today = timezone.localdate()
    sun, mon, sat = (today - timedelta(days=n) for n in (2, 1, 3))
    post_log(client, shared, {"pain": "4", "date": sun.isoformat()})
    post_log(client, shared, {"pain": "6", "date": mon.isoformat()})
    first = {s.day: s for s in SessionLog.objects.filter(routine=shared)}
    assert (first[sun].advice, first[mon].advice) == ("continue", "ease_back")
    post_log(
        client, shared, {"pain": "2", "warning": ["saddle_or_bladder"], "date": sat.isoformat()}
    )
    services.session_delete(session=SessionLog.objects.get(routine=shared, day=sat))
    after = {s.day: s for s in SessionLog.objects.filter(routine=shared)}
    # The runner's page shows both at stop from the deletion on: what they were told later.
    assert after[sun].told_advice == after[mon].told_advice == "stop"

    client.force_login(coach)
    html = panel(client, shared)
    deleted_entry = (
        f"an entry for {sat:%a} {sat.day} {sat:%b}, logged after this one and since deleted, "
        "that told the runner to get emergency care"
    )
    for day, then in ((sun, "carry on"), (mon, "ease back")):
        pk = after[day].pk
        card = _card(html, pk)
        name = f"{day:%a} {day.day} {day:%b}"
        assert f"Stop advised after the session of {name}" not in card, card
        assert card.startswith(f"Stop advised later for the entry of {name}:"), card
        assert f"was logged, HipCare told the runner to {then}." in card, card
        assert f"only later, after {deleted_entry}." in card, card
        assert "HipCare told the runner to stop" not in card
        # The panel's entry list and the CSV say the same, beside the advice now.
        said = f"{then} when logged; stop only later, after {deleted_entry}"
        assert f"({said})" in _listed(html, pk)
        assert _csv_advice(client, shared)[day.isoformat()].endswith(f"; {said}")
    # The summary above the entries leads with what the runner's page leads with: the deleted
    # entry's emergency care, within its two weeks (session_views.runner_sees), then what they
    # were told after their latest entries.
    summary = _text(html[html.index('data-look="stop"') :].split("</div>", 1)[0])
    assert "> Told to get emergency care: the runner's page leads with it" in summary, summary
    assert f"from {sat:%a} {sat.day} {sat:%b} (an entry they have since deleted)" in summary
    assert "After their latest entries they were told to stop" in summary, summary
    # The runner's own log says the same to them.
    for day, then in ((sun, "carrying on"), (mon, "easing back")):
        assert (
            f"When you logged it, this entry advised {then}; it advised stopping only later, "
            f"after an entry for {sat:%a} {sat.day} {sat:%b}, logged after this one and since "
            "deleted, that told you to get emergency care."
        ) in _history(client, shared, day)


def test_a_reason_told_at_logging_is_said_as_then_once_earlier_days_are_logged(
    client, coach, shared
):
    uk_day(client)
    today = timezone.localdate()
    day = {n: today - timedelta(days=n) for n in (13, 12, 11, 10, 9)}
    for n, pain in ((13, 3), (11, 4), (9, 6)):
        post_log(client, shared, {"pain": str(pain), "date": day[n].isoformat()})
    told = SessionLog.objects.get(routine=shared, day=day[9])
    assert told.advice == "stop"
    client.force_login(coach)
    before = _card(panel(client, shared), told.pk)
    assert "Why:" in before and "when it was logged" not in before
    client.logout()
    for n, pain in ((10, 9), (12, 2)):
        post_log(client, shared, {"pain": str(pain), "date": day[n].isoformat()})

    def short(n):
        return f"{day[n]:%a} {day[n].day} {day[n]:%b}"

    client.force_login(coach)
    html = panel(client, shared)
    card = _card(html, told.pk)
    # The reason of then, said as that, the days logged since named, and the reading now.
    why = card.index(
        f"Why, when it was logged (going by the entries logged before it; those for "
        f"{short(12)}, {short(10)} were logged after it):"
    )
    assert card.index(f"3 on {day[13]:%A}") > why
    assert "Why:" not in card
    assert (
        "With the entries logged since for earlier days counted too, the advice for it is now "
        "to ease back, because pain 6 out of 10 is above the 5" in card
    )
    # The entry list, the CSV and the runner's log: the reasons of then, then the reading now.
    then = (
        f"going by the entries logged before it, because the pain rose to 6 from 3 on "
        f"{short(13)}, into the range above 5"
    )
    now = (
        "with the entries logged since for earlier days counted too, the advice for it is now "
        "to ease back"
    )
    for said in (
        _listed(html, told.pk),
        _csv_advice(client, shared)[day[9].isoformat()],
        _history(client, shared, day[9]),
    ):
        assert then in said and now in said, said
        assert said.index(then) < said.index(now)
    # Same level now, another reason: 21 Nov's rise was from 18 Nov when logged, is from 19
    # Nov now; never "added since it was logged" for a reason it gave then.
    nine = SessionLog.objects.get(routine=shared, day=day[10])
    said = _history(client, shared, day[10])
    assert f"the pain rose to 9 from 3 on {short(13)}" in said, said
    assert "the advice for it is still to stop" in said
    assert f"rose to 9 from 2 on {short(12)}" in said.split("still to stop", 1)[1]
    assert "added since it was logged" not in said
    assert nine.advice == "stop"


def test_no_entry_logged_since_keeps_the_plain_words(client, coach, shared):
    uk_day(client)
    today = timezone.localdate()
    post_log(client, shared, {"pain": "2", "date": (today - timedelta(days=2)).isoformat()})
    post_log(client, shared, {"pain": "6", "date": (today - timedelta(days=1)).isoformat()})
    client.force_login(coach)
    html = panel(client, shared)
    assert "when logged" not in _text(html)
    assert "only later" not in _text(html)
    assert re.search(r"Stop advised after the session of \w{3} \d+ \w{3}:", _text(html))


def test_the_rules_say_a_reason_of_then_as_then_and_the_reading_now_apart():
    """Plain rules (no Django): the tester's second log."""

    def at(hour):
        return datetime(2026, 12, 1, hour, tzinfo=UTC)

    d = {n: date(2026, 11, n) for n in (18, 19, 20, 21, 22)}
    log = [
        monitoring.Entry(d[18], 3, logged=at(1)),
        monitoring.Entry(d[20], 4, logged=at(2)),
        monitoring.Entry(d[22], 6, logged=at(3)),
        monitoring.Entry(d[21], 9, logged=at(4)),
        monitoring.Entry(d[19], 2, logged=at(5)),
    ]
    about = log[2]
    assert monitoring.logged_since_before(log, about) == [d[19], d[21]]
    assert monitoring.logged_since_before(log, log[4]) == []
    then = monitoring.advise(monitoring.as_logged(log, about), about=about)
    now = monitoring.advise(log, about=about)
    assert monitoring.read_otherwise(then, now)
    assert not monitoring.read_otherwise(then, then)
    words = monitoring.because(then, "stop", logged=monitoring.logged_reasons(then), now=now)
    assert words.startswith(
        "going by the entries logged before it, because the pain rose to 6 from 3 on Wed 18 Nov"
    ), words
    assert words.endswith(
        "with the entries logged since for earlier days counted too, the advice for it is now "
        "to ease back, because pain 6 out of 10 is above the 5 the programme allows"
    ), words
    # Without `now` (nothing logged since), the words are as they were.
    assert monitoring.because(then, "stop", logged=monitoring.logged_reasons(then)).startswith(
        "because the pain rose to 6 from 3 on Wed 18 Nov"
    )
