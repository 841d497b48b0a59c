"""A fresh tester's Chloe: 24 Nov pain 2, 26 Nov 2, 29 Nov 6 (told "stop": a steep rise), then
27 Nov and 28 Nov back-logged at 5, then "worse" for the morning after 29 Nov. Her 29 Nov
entry read "ease back ... Before you changed the next-morning answer, this entry advised
stopping": the late entries lowered it, and a "worse" morning cannot lower advice. And both
charts lost the 29 Nov "stop" mark though she was shown stop.

An entry judged again for a change to its own next-morning answer reads the log as it stood
when it was logged, as every other judging again does (services._judge_again): what the
entries logged since for earlier days change is said as theirs (monitoring.advice_since),
never as the morning's. The charts mark what the runner was told after a day's entries
(SessionLog.told) where that is stop or more and the day reads less now: a dashed diamond,
in the key."""

import re
from datetime import date, timedelta
from html import unescape

import pytest

from routines import monitoring, services
from routines.charts import TOLD_THEN_KEY, pain_chart
from tests.routines.conftest import history_url
from tests.routines.conftest import log_session as _log


def _chloe(shared):
    _log(shared, days_ago=7, pain=2)
    _log(shared, days_ago=5, pain=2)
    rise = _log(shared, days_ago=2, pain=6)
    assert rise.told == "stop"
    _log(shared, days_ago=4, pain=5)
    _log(shared, days_ago=3, pain=5)
    services.session_set_morning(session=rise, morning="worse")
    rise.refresh_from_db()
    return rise


@pytest.mark.django_db
def test_a_worse_morning_is_never_named_as_what_lowered_the_advice(client, shared):
    rise = _chloe(shared)
    # The morning answer did not lower it: as logged (24, 26, 29 Nov), with a worse morning,
    # it still says stop; nothing stored blames the answer.
    assert (rise.advice, rise.told_advice, rise.lowered_by) == ("stop", "stop", "")
    assert not rise.lowered
    page = client.get(history_url(shared)).content.decode()
    entry = page[page.index(f'id="session-{rise.pk}"') :]
    entry = entry[: entry.index("</li>")]
    assert "changed the next-morning answer" not in entry
    # Said as the late entries' doing.
    assert "entries logged since for earlier days" in entry
    # The coach's panel and card neither.
    client.force_login(shared.owner)
    panel = client.get(shared.get_absolute_url()).content.decode()
    assert "the runner changed the next-morning answer" not in panel


@pytest.mark.django_db
def test_a_morning_that_truly_lowers_is_still_named(shared):
    _log(shared, days_ago=3, pain=2)
    calm = _log(shared, days_ago=2, pain=3, morning="worse")
    assert calm.told_advice == "ease_back"
    _log(shared, days_ago=1, pain=5)  # back-logged after it, for a later day: not read
    services.session_set_morning(session=calm, morning="better", was="worse")
    calm.refresh_from_db()
    assert (calm.advice, calm.told_advice, calm.lowered_by) == ("continue", "ease_back", "morning")


def _points(html):
    found = re.findall(r'<path class="pain-chart-point[^"]*"[^>]*>\s*<title>([^<]*)', html)
    return [unescape(title) for title in found]


@pytest.mark.django_db
def test_both_charts_mark_the_stop_she_was_shown(client, shared):
    rise = _chloe(shared)
    day = f"{rise.day:%-d %b}"
    for url in (history_url(shared), None):
        if url is None:
            client.force_login(shared.owner)
            url = shared.get_absolute_url()
        html = client.get(url).content.decode()
        told = [title for title in _points(html) if title.startswith(day)]
        assert told and "told after that day's entries: stop and check your symptoms" in told[0]
        assert "pain-chart-told-then" in html and TOLD_THEN_KEY in unescape(html)


def test_the_chart_marks_told_only_where_more_than_the_day_reads_now():
    day = date(2026, 11, 29)
    eased = monitoring.advise_now([monitoring.Entry(day=day, pain=6)])
    assert eased.level is monitoring.Level.EASE_BACK
    chart = pain_chart(
        [(day, 6), (day - timedelta(days=1), 2)],
        first=day - timedelta(days=6),
        last=day,
        advice={day: eased},
        told={day: "stop", day - timedelta(days=1): "continue"},
    )
    marked = {point.day: point.told_then for point in chart.points}
    assert marked == {day: "Stop and check your symptoms", day - timedelta(days=1): ""}
    assert chart.told_then_key == TOLD_THEN_KEY and chart.marked_key == ""
    # The day's advice as urgent as what was told: the plain diamond, nothing more.
    stop = monitoring.advise_now([monitoring.Entry(day=day, pain=9)])
    same = pain_chart([(day, 9)], first=day, last=day, advice={day: stop}, told={day: "stop"})
    assert same.points[0].told_then == "" and same.told_then_key == ""
