"""A fresh tester's findings on the wording of the runner's log and the coach's panel:

- An entry's own advice says where it comes from: a pain-3 entry with no warning sign that
  says stop because of an earlier day's emergency or urgent sign (monitoring's 14-day
  reminder) names that day. (A later tester: every entry reads "This entry: ... (because
  ...)" with every reason behind it, its own too, never "on its own" for some.)
- The pain chart's text (its SVG title and caption) says what it plots: each day's worst
  pain, the latest day's named as a day, and agrees with the plotted points.
"""

import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from routines import monitoring, services
from routines.monitoring import Entry, Level, advise
from tests.routines.conftest import history_url

SUNDAY = date(2026, 11, 29)
EMERGENCY_SIGN = "saddle_or_bladder"


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


# monitoring.because: pure, no database.


def test_a_mild_entry_after_an_emergency_sign_says_the_sign_s_day():
    monday = SUNDAY + timedelta(days=1)
    log = [
        Entry(SUNDAY, 3, warning_signs=frozenset({EMERGENCY_SIGN}), logged=at(SUNDAY, 18)),
        Entry(monday, 3, logged=at(monday, 18)),
    ]
    advice = advise(log)
    assert advice.level is Level.STOP
    assert monitoring.because(advice) == "because of the warning sign on Sun 29 Nov"
    # The sign's own entry names its own sign.
    assert monitoring.because(advise(log, about=log[0])) == "because of the warning sign ticked"


@pytest.mark.parametrize(
    ("entry", "level", "words"),
    [
        (Entry(SUNDAY, 8), Level.STOP, "because pain 8 out of 10 is severe (7 or more)"),
        (
            Entry(SUNDAY, 6),
            Level.EASE_BACK,
            "because pain 6 out of 10 is above the 5 the programme allows",
        ),
        (
            Entry(SUNDAY, 2, warning_signs=frozenset({EMERGENCY_SIGN})),
            Level.STOP,
            "because of the warning sign ticked",
        ),
        (
            Entry(SUNDAY, 2, morning="worse"),
            Level.EASE_BACK,
            "because the hip felt worse the next morning",
        ),
        (Entry(SUNDAY, 2), Level.CONTINUE, None),
    ],
)
def test_an_entry_s_own_reasons_are_said_too(entry, level, words):
    advice = advise([entry])
    assert advice.level is level
    assert monitoring.because(advice) == words


def test_a_severe_entry_after_an_emergency_sign_gives_every_reason():
    """Its own pain of 8 gives stop, and so do the earlier sign and the rise: all are said."""
    log = [
        Entry(SUNDAY, 3, warning_signs=frozenset({EMERGENCY_SIGN}), logged=at(SUNDAY, 9)),
        Entry(SUNDAY + timedelta(days=1), 8, logged=at(SUNDAY + timedelta(days=1), 9)),
    ]
    assert monitoring.because(advise(log)) == (
        "because of the warning sign on Sun 29 Nov; pain 8 out of 10 is severe (7 or more); "
        "the pain rose to 8 from 3 on Sun 29 Nov, into the range above 5"
    )


def test_a_worse_morning_before_names_that_day():
    monday = SUNDAY + timedelta(days=1)
    log = [Entry(SUNDAY, 2, morning="worse"), Entry(monday, 2)]
    advice = advise(log)
    assert advice.level is Level.EASE_BACK
    assert monitoring.because(advice) == "because the hip felt worse the morning after Sun 29 Nov"


def test_advice_changed_since_it_was_logged_says_where_each_comes_from():
    # Stop when logged (from the entries then logged before it): now the log reads carry on.
    advice = advise([Entry(SUNDAY, 3)])
    assert monitoring.because(advice, "stop") == (
        "going by the entries logged before it; with the entries logged since for earlier "
        "days counted too, the advice for it is now to carry on"
    )
    assert monitoring.because(advice, "continue") is None


# The runner's log and the coach's panel.


def _log(routine, *, days_ago, pain, **fields):
    return services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=days_ago),
        pain=pain,
        done=[(item.pk, "") for item in routine.items.all()],
        **fields,
    )


def _entry_of(html: str, session) -> str:
    entry = html[html.index(f'id="session-{session.pk}"') :]
    return entry[: entry.index("</li>")]


@pytest.mark.django_db
def test_the_log_and_the_panel_say_where_a_mild_entry_s_stop_comes_from(client, coach, shared):
    sign = _log(shared, days_ago=2, pain=3, warning_signs=[EMERGENCY_SIGN])
    mild = _log(shared, days_ago=1, pain=3)
    assert mild.advice == "stop"
    sign_day = (timezone.localdate() - timedelta(days=2)).strftime("%a %-d %b")
    because = f"(because of the warning sign on {sign_day})"
    page = client.get(history_url(shared)).content.decode()
    entry = _entry_of(page, mild)
    assert f"This entry: stop and check your symptoms {because}" in entry
    assert "on its own" not in entry
    # The sign's own entry names its own sign, in the same words.
    assert "This entry: get emergency care now (because of the warning sign ticked)" in (
        _entry_of(page, sign)
    )
    # The coach's panel lists the same entry with the same explanation.
    client.force_login(coach)
    panel = client.get(shared.get_absolute_url()).content.decode()
    listed = _entry_of(panel[panel.index("All entries") :], mild)
    assert f"this entry: stop and check your symptoms {because}" in listed
    assert "on its own" not in listed


@pytest.mark.django_db
def test_the_chart_s_text_and_its_points_agree(client, shared):
    _log(shared, days_ago=2, pain=4)
    _log(shared, days_ago=1, pain=4)
    _log(shared, days_ago=1, pain=2)  # logged last, on the latest day: the day's worst is 4
    page = client.get(history_url(shared)).content.decode()
    title = re.search(r'<title id="runner-pain-chart-title">([^<]*)</title>', page).group(1)
    circles = re.findall(
        r'<circle class="pain-chart-point[^"]*"[^>]*cy="([\d.]+)"[^>]*>'
        r"<title>([^<]*)</title>",
        page,
    )
    pains = [int(re.search(r"pain (\d+) out of 10", text).group(1)) for _, text in circles]
    assert pains == [4, 4]
    lowest, highest, latest = re.search(
        r"lowest (\d+), highest (\d+); latest day, [^:]+: (\d+) out of 10", title
    ).groups()
    assert (int(lowest), int(highest), int(latest)) == (min(pains), max(pains), pains[-1])
    assert "session" not in title
    day = (timezone.localdate() - timedelta(days=1)).strftime("%-d %b")
    assert f"latest day, {day}: 4 out of 10" in title
    assert (
        circles[-1][1] == f"{day}: worst pain 4 out of 10 over 2 entries (acceptable zone, 3 to 5)"
    )
    # Equal pains sit at equal heights.
    assert circles[0][0] == circles[1][0]
    # The caption says the same as the title.
    assert f'<figcaption class="small text-body-secondary">{title}' in page.replace("&#x27;", "'")
