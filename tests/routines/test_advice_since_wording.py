"""A fresh tester's finding: an entry whose advice the log reads otherwise now (an entry logged
since for an earlier day) read, on the coach's "All entries" list and in the CSV, "carry on
(told at the time, because of the entries then logged before it; it reads stop now)".

For every stored advice and every advice now the code can give it (monitoring.because ->
monitoring.advice_since), the words are one plain sentence, the same shape for the runner
and the coach: where the stored advice comes from, and what the advice for the entry is now,
in words ("to stop and get emergency care"), never "it reads" or "told at the time"."""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse

from routines import monitoring
from routines.monitoring import Entry, Level, advise
from tests.routines.conftest import log_session
from triage import rules as checker

SUNDAY = date(2026, 11, 29)
#: An entry whose advice now is each one the code gives, and the words for it.
NOW = {
    "carry on": (Entry(SUNDAY, 3), Level.CONTINUE, None, "to carry on"),
    "ease back": (Entry(SUNDAY, 6), Level.EASE_BACK, None, "to ease back"),
    "stop": (Entry(SUNDAY, 8), Level.STOP, None, "to stop and check the symptoms"),
    "doctor today": (
        Entry(SUNDAY, 3, warning_signs=frozenset({"red_or_warm"})),
        Level.STOP,
        checker.Tier.URGENT,
        "to stop and see a doctor today",
    ),
    "emergency": (
        Entry(SUNDAY, 3, warning_signs=frozenset({"saddle_or_bladder"})),
        Level.STOP,
        checker.Tier.EMERGENCY,
        "to stop and get emergency care",
    ),
}
SENTENCE = re.compile(
    r"^(Carry on|Ease back|Stop and check your symptoms) \(going by the entries logged before "
    r"it; with the entries logged since for earlier days counted too, the advice for it is now "
    r"(to [a-z ]+)\)$"
)
COMBINATIONS = [
    (stored, now)
    for stored in Level
    for now in NOW
    if NOW[now][1] is not stored  # the same level: its reasons, as ever
]


def test_every_combination_is_counted():
    # 3 stored levels; each against the 4 other advices now (a stop against carry on and
    # ease back only: a stop with a sign is a stop too).
    assert len(COMBINATIONS) == 4 + 4 + 2


@pytest.mark.parametrize(("stored", "now"), COMBINATIONS)
@pytest.mark.parametrize("coach", [False, True])
def test_advice_changed_since_reads_as_a_plain_sentence(stored, now, coach):
    entry, level, care, words = NOW[now]
    advice = advise([entry])
    assert (advice.level, advice.care) == (level, care)
    because = monitoring.because(advice, stored.value, logged=(), coach=coach)
    # As the coach's list and the CSV put it beside the stored advice.
    text = f"{stored.label} ({because})"
    found = SENTENCE.match(text)
    assert found, text
    assert found.group(2) == words
    for muddle in ("it reads", "told at the time", "then logged", " now)"):
        assert muddle not in text


# The coach's "All entries" list, the CSV and the runner's log, with a real log.


@pytest.mark.django_db
def test_an_entry_logged_since_for_an_earlier_day_is_worded_plainly_everywhere(
    client, coach, shared
):
    """The tester's case: today's pain-3 entry said carry on; then the runner logs
    yesterday's, with numbness around the bottom: today's would now say stop."""
    today = log_session(shared, days_ago=0, pain=3)
    log_session(shared, days_ago=1, pain=3, warning_signs=["saddle_or_bladder"])
    today.refresh_from_db()
    assert today.advice == "continue"
    expected = (
        "(going by the entries logged before it; with the entries logged since for earlier "
        "days counted too, the advice for it is now to stop"
    )
    client.force_login(coach)
    page = client.get(reverse("routines:builder", args=[shared.pk])).content.decode()
    entry = page[page.index(f'<li id="session-{today.pk}"') :]
    entry = entry[: entry.index("</li>")]
    assert f"this entry: carry on {expected}" in entry
    assert "it reads" not in entry and "told at the time" not in entry
    response = client.get(reverse("routines:session_log_csv", args=[shared.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    cell = next(row["advice (this entry)"] for row in rows if row["date"] == str(today.day))
    assert cell.startswith(f"Carry on {expected}")
    assert "it reads" not in cell
    # The runner's own log says it the same way.
    history = client.get(reverse("session_history", args=[shared.share_token])).content.decode()
    assert f"This entry: carry on {expected}" in history
