"""An entry keeps the reasons it gave when it was logged; a reason that arose later (an
earlier day's next-morning answer given since) is said as such, for the runner, on the
coach's stop card and in the CSV (QA: a 30 Nov "stop" picked up "the hip felt worse the
morning after Sun 29 Nov", answered after it, with nothing saying so)."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import monitoring, services
from routines.models import SessionLog
from tests.routines.conftest import history_url

LATER = "the hip felt worse the morning after"


@pytest.fixture
def stop_then_worse_before(shared):
    """Two days ago pain 3 (carry on), yesterday pain 6 (stop: a rise of 3 into the range
    above 5), then the morning after the first answered "worse"."""
    today = timezone.localdate()
    first = services.session_log(routine=shared, day=today - timedelta(days=2), pain=3, done=[])
    stop = services.session_log(routine=shared, day=today - timedelta(days=1), pain=6, done=[])
    assert stop.advice == "stop"
    services.session_set_morning(session=first, morning="worse")
    stop.refresh_from_db()
    return first, stop


def _entry_line(html, session):
    start = html.index(f'id="session-{session.pk}"')
    return html[start : html.index("</p>", start)]


def test_the_runner_reads_the_later_reason_as_added_since(client, shared, stop_then_worse_before):
    _first, stop = stop_then_worse_before
    line = _entry_line(client.get(history_url(shared)).content.decode(), stop)
    assert "because the pain rose to 6 from 3" in line
    assert "added since it was logged: " + LATER in line
    assert line.index("because") < line.index("added since it was logged") < line.index(LATER)


def test_the_coach_card_lists_the_later_reason_apart(client, coach, shared, stop_then_worse_before):
    client.force_login(coach)
    html = client.get(shared.get_absolute_url()).content.decode()
    card = html[html.index('class="alert alert-danger stop-alert"') :]
    card = card[: card.index("Mark as seen")]
    why = card[card.index("Why:") : card.index("Added since it was logged:")]
    assert "points higher than" in why and "worse the next morning" not in why
    since = card[card.index("Added since it was logged:") :]
    assert "felt worse the next morning" in since


def test_the_csv_reads_the_later_reason_as_added_since(
    client, coach, shared, stop_then_worse_before
):
    client.force_login(coach)
    body = client.get(reverse("routines:session_log_csv", args=[shared.pk])).content.decode()
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    advice = rows[2][3]
    assert "because the pain rose to 6 from 3" in advice
    assert "; added since it was logged: " + LATER in advice


def test_an_entry_stored_before_reads_as_before(client, shared, stop_then_worse_before):
    _first, stop = stop_then_worse_before
    SessionLog.objects.filter(pk=stop.pk).update(logged_reasons=None)
    line = _entry_line(client.get(history_url(shared)).content.decode(), stop)
    assert "added since it was logged" not in line and LATER in line


def test_because_tells_reasons_then_from_reasons_since():
    day = date(2026, 11, 29)
    first = monitoring.Entry(day=day, pain=3)
    stop = monitoring.Entry(day=day + timedelta(days=1), pain=6)
    then = monitoring.advise([first, stop], about=stop)
    kept = monitoring.logged_reasons(then)
    worse = monitoring.Entry(day=day, pain=3, morning="worse")
    now = monitoring.advise([worse, stop], about=stop)
    words = monitoring.because(now, "stop", logged=kept)
    assert words.startswith("because the pain rose to 6 from 3 on Sun 29 Nov")
    assert words.endswith(
        "; added since it was logged: the hip felt worse the morning after Sun 29 Nov"
    )
    # Only reasons that arose later: said as such.
    calm = monitoring.advise([first], about=first)
    answered = monitoring.Entry(day=day, pain=3, morning="worse")
    assert (
        monitoring.because(
            monitoring.advise([answered], about=answered),
            "ease_back",
            logged=monitoring.logged_reasons(calm),
        )
        == "since it was logged: the hip felt worse the next morning"
    )
    # Without kept reasons (stored before): as before.
    assert "since" not in monitoring.because(now, "stop")
