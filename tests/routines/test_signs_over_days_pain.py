"""A fresh tester's SAFETY finding: a temperature ticked with pain 0 on Sat 28 Nov (back-dated),
then pain 4 on Tue 1 Dec with nothing ticked, and the runner was told "Ease back" (the coach
"HipCare told them to ease back", the CSV "Ease back"); with pain 7, only "Stop and check your
symptoms"; the other way round (pain 4 first, the temperature back-dated after it) only
"Stop". Ticked on one day, the same temperature with pain 4 is "Get emergency care now: hip
pain with a temperature". The log reads the signs of the 14 days before a day "as if ticked at
once", but only for a day that ticked a sign of its own (monitoring._signs_over_days).

The class: a day's pain is read with the warning signs of the SIGNS_TOGETHER_DAYS days before
it, whatever order they were logged in, so the log never says less than the symptom checker
says for those signs with that pain at once, where that is more urgent than the earlier signs
with their own pain (a day that reads no more than they did stays as it was: self-care stays
reachable). Checked over random logs with the checker itself as the oracle, on the tester's
cases on the runner's page, the coach's list, panel and CSV, and on deleting such an entry
within the correction window (never a quiet correction)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from routines import monitoring, services
from routines.models import CORRECTION_WINDOW, SessionLog
from tests.routines.conftest import uk_day
from tests.routines.test_advice_in_force_views import panel, panel_advice
from tests.routines.test_day_advice_coach import banner
from tests.routines.test_log_safety import post_log
from tests.routines.test_needs_a_look_in_force import listed
from tests.routines.test_needs_a_look_order import card_order
from tests.routines.test_one_reading_of_told import csv_told_after
from tests.routines.test_signs_over_days import _csv_rows
from triage import rules as checker

WINDOW = monitoring.SIGNS_TOGETHER_DAYS
SAT, TUE = date(2026, 11, 28), date(2026, 12, 1)
FEVER = "fever"
EMERGENCY = checker.Tier.EMERGENCY


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _entry(day: date, pain: int, *signs: str, logged: datetime) -> monitoring.Entry:
    return monitoring.Entry(day, pain, warning_signs=frozenset(signs), logged=logged)


# The checker as the oracle: its own reading of the answers the log's signs mean.


def _care(signs, pain: int) -> int:
    """How urgent the checker finds `signs` with `pain` at once: its tier's urgency where the
    log passes it on (emergency 4, a doctor today 3), else -1."""
    if not signs:
        return -1
    tier = checker.assess(monitoring.checker_answers(signs, pain=pain)).tier
    return tier.urgency if tier in monitoring.CARE_TIERS else -1


def _expected(entries: list[monitoring.Entry], day: date) -> tuple[int, int]:
    """(the checker's urgency for the day's signs with the earlier signs of the window, at the
    day's worst pain; the most it could already be without this day's pain: the earlier
    signs each alone and together with their own pain, the day's own signs with its pain)."""
    of_day = [entry for entry in entries if entry.day == day]
    own = frozenset().union(*(entry.warning_signs for entry in of_day))
    pain = max(entry.pain for entry in of_day)
    earlier: dict[str, int] = {}
    for entry in entries:
        if day - timedelta(days=WINDOW) <= entry.day < day:
            for key in entry.warning_signs - own:
                earlier[key] = max(entry.pain, earlier.get(key, entry.pain))
    if not earlier:
        return -1, -1
    combined = _care(own | set(earlier), pain)
    baseline = max(
        *(_care({key}, level) for key, level in earlier.items()),
        _care(set(earlier), max(earlier.values())),
        _care(own, pain),
        *(_care({key}, pain) for key in own),
    )
    return combined, baseline


SIGN_KEYS = sorted(sign.key for sign in monitoring.OFFERED_SIGNS)
#: Days 0..20; most entries tick nothing (pain-only days), some one or two signs; `order` is
#: when it was logged (entries back-dated under later days logged first, or not).
ROWS = st.lists(
    st.tuples(
        st.integers(0, 20),
        st.integers(0, 10),
        st.one_of(
            st.just(frozenset()),
            st.just(frozenset()),
            st.frozensets(st.sampled_from(SIGN_KEYS), min_size=1, max_size=2),
        ),
        st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=10,
    unique_by=lambda row: row[3],
)


def _log(rows) -> list[monitoring.Entry]:
    start = date(2026, 11, 10)
    return [
        _entry(
            start + timedelta(days=n),
            pain,
            *signs,
            logged=_at(date(2026, 12, 1), 0) + timedelta(minutes=order),
        )
        for n, pain, signs, order in rows
    ]


@settings(max_examples=300, deadline=None)
@given(ROWS)
def test_no_day_says_less_than_the_checker_for_its_pain_with_the_signs_before(rows):
    entries = _log(rows)
    days = {entry.day for entry in entries}
    by_day = monitoring.advice_by_day(entries, days)
    for day in days:
        combined, baseline = _expected(entries, day)
        advice = by_day[day]
        if combined > baseline:
            # The checker calls for more with this day's pain than the signs said before.
            assert advice.urgency >= combined, (day, rows, advice.label)
            assert advice.reasons[0].code == "warning_signs_together", (day, rows)
        elif not any(entry.warning_signs for entry in entries if entry.day == day):
            # A pain-only day that reads no more than the earlier signs did stays as it was:
            # no care of its own (the earlier day's reminder holds the stop).
            assert advice.care is None, (day, rows, advice.label)
    # The advice in force (what every view reads) never says less than the latest day's.
    latest = max(days)
    assert monitoring.advice_in_force(entries).advice.urgency >= by_day[latest].urgency


# The tester's cases.


def _forward(pain: int) -> list[monitoring.Entry]:
    """The temperature back-dated to Sat 28 Nov first, then pain on Tue 1 Dec."""
    return [
        _entry(SAT, 0, FEVER, logged=_at(TUE, 8)),
        _entry(TUE, pain, logged=_at(TUE, 9)),
    ]


def _reverse(pain: int) -> list[monitoring.Entry]:
    """Pain on Tue 1 Dec first, then the temperature back-dated to Sat 28 Nov."""
    return [
        _entry(TUE, pain, logged=_at(TUE, 8)),
        _entry(SAT, 0, FEVER, logged=_at(TUE, 9)),
    ]


def _same_day(pain: int) -> list[monitoring.Entry]:
    return [_entry(TUE, 0, FEVER, logged=_at(TUE, 8)), _entry(TUE, pain, logged=_at(TUE, 9))]


def test_the_checker_says_emergency_for_the_pair_at_once_and_less_apart():
    assert monitoring.advise_signs({FEVER}, pain=4).care is EMERGENCY
    assert monitoring.advise_signs({FEVER}, pain=0).care is None


@pytest.mark.parametrize("pain", (4, 7))
@pytest.mark.parametrize("shape", (_forward, _reverse, _same_day))
def test_the_testers_logs_all_say_emergency(shape, pain):
    entries = shape(pain)
    found = monitoring.advice_in_force(entries)
    assert found.advice.label == "Get emergency care now"
    assert found.advice.care is EMERGENCY and found.advice.day == TUE
    day = monitoring.advice_by_day(entries, {TUE})[TUE]
    assert day.care is EMERGENCY
    if shape is not _same_day:
        lead = day.reasons[0]
        assert lead.code == "warning_signs_together"
        assert "Sat 28 Nov" in lead.text and f"({pain} out of 10)" in lead.text
        assert "I have a temperature" in lead.text


@pytest.mark.parametrize("shape", (_forward, _reverse))
def test_the_runner_was_told_emergency_after_the_entry_that_made_it(shape):
    entries = shape(4)
    last = max(entries, key=lambda entry: entry.logged)
    assert monitoring.told_after_entry(entries, last).care is EMERGENCY


def test_a_calm_day_after_a_sign_stays_as_it_was():
    # Pain 0 with the temperature is no emergency to the checker: nothing is raised. (It
    # holds the later days at "stop", not care: the checker says to rest from running and
    # the exercises until the temperature has gone, tests/routines/test_sign_hold.py; this
    # pinned "carry on" before.)
    entries = [_entry(SAT, 0, FEVER, logged=_at(SAT, 9)), _entry(TUE, 0, logged=_at(TUE, 9))]
    day = monitoring.advice_by_day(entries, {TUE})[TUE]
    assert day.care is None and day.level is monitoring.Level.STOP
    # The temperature with pain 3 was an emergency on its day: a later day with pain 5 reads
    # no more than that, so it is the day's reminder (stop), not a new emergency of its own.
    entries = [_entry(SAT, 3, FEVER, logged=_at(SAT, 9)), _entry(TUE, 5, logged=_at(TUE, 9))]
    day = monitoring.advice_by_day(entries, {TUE})[TUE]
    assert day.care is None and day.level is monitoring.Level.STOP
    assert [reason.code for reason in day.reasons if reason.code == "recent_care"]
    # Beyond the window: nothing carries over.
    far = SAT - timedelta(days=WINDOW)
    entries = [_entry(far, 0, FEVER, logged=_at(far, 9)), _entry(TUE, 4, logged=_at(TUE, 9))]
    assert monitoring.advice_by_day(entries, {TUE})[TUE].care is None


def test_a_pain_only_day_raised_to_emergency_holds_the_days_after():
    entries = [*_forward(4), _entry(TUE + timedelta(days=2), 1, logged=_at(TUE, 10))]
    later = monitoring.advice_in_force(entries).advice
    recent = next(reason for reason in later.reasons if reason.code == "recent_care")
    assert recent.day == TUE and "emergency" in recent.text


# Every view: the runner's page, the coach's list, panel and CSV; and deleting the entry.


def _log_case(client, routine, order: str, pain: int) -> dict[str, SessionLog]:
    today = timezone.localdate().isoformat()
    back = (timezone.localdate() - timedelta(days=3)).isoformat()
    steps = {
        "forward": (("sign", back, 0, [FEVER]), ("pain", today, pain, [])),
        "reverse": (("pain", today, pain, []), ("sign", back, 0, [FEVER])),
        "same day": (("sign", today, 0, [FEVER]), ("pain", today, pain, [])),
    }[order]
    logged = {}
    for name, day, level, signs in steps:
        post_log(client, routine, {"pain": str(level), "warning": signs, "date": day})
        logged[name] = SessionLog.objects.filter(routine=routine).latest("created", "pk")
    return logged


@pytest.mark.django_db
@pytest.mark.parametrize("pain", (4, 7))
@pytest.mark.parametrize("order", ("forward", "reverse", "same day"))
def test_every_view_says_emergency_for_the_testers_logs(
    client, coach, shared_week_ago, order, pain
):
    uk_day(client)
    logged = _log_case(client, shared_week_ago, order, pain)
    emergency = str(EMERGENCY)
    # The runner's page and history.
    for url in (
        shared_week_ago.get_share_url(),
        reverse("session_history", args=[shared_week_ago.share_token]),
    ):
        assert banner(client.get(url).content.decode()) == emergency, url

    client.force_login(coach)
    page = panel(client, shared_week_ago)
    assert panel_advice(page) == emergency
    entry = listed(client)[shared_week_ago.title]
    assert entry["now"] == emergency
    assert entry["badge"] == "Told to get emergency care" or "emergency" in entry["badge"].lower()
    # The card and CSV of the entry after which the runner was told it say emergency; no
    # card or row says "ease back" for the pain entry where its own day read emergency.
    cards = {pk: told for kind, told, pk in card_order(page) if kind == "stop"}
    told_after = csv_told_after(client, shared_week_ago)
    raiser = logged["sign"] if order == "reverse" else logged["pain"]
    assert cards.get(raiser.pk) == told_after[raiser.pk] == emergency, (cards, told_after)
    row = next(
        row
        for row in _csv_rows(client, shared_week_ago)
        if row["date"] == logged["pain"].day.isoformat()
    )
    assert row["advice (the day)"] == "Get emergency care now"


@pytest.fixture
def real_window(monkeypatch):
    """The real correction window (tests/routines/conftest.py turns it off for most tests)."""
    monkeypatch.setattr("routines.models.CORRECTION_WINDOW", CORRECTION_WINDOW)


@pytest.mark.django_db
@pytest.mark.usefixtures("real_window")
@pytest.mark.parametrize("kept", (True, False))
@pytest.mark.parametrize("pain", (4, 7))
@pytest.mark.parametrize("order", ("forward", "reverse"))
def test_deleting_the_pain_entry_at_once_is_no_quiet_correction(
    client, shared_week_ago, order, pain, kept
):
    """The pain-only entry whose day read the temperature of 28 Nov into emergency care,
    deleted within the correction window: the coach is told, as for a ticked sign. Also for
    an entry stored without the care kept (`kept` False: told_care empty)."""
    uk_day(client)
    logged = _log_case(client, shared_week_ago, order, pain)
    session = logged["pain"]
    if not kept:
        SessionLog.objects.filter(pk=session.pk).update(told_care="")
        session.refresh_from_db()
    deletion = services.session_deletion(session=session)
    assert deletion.correctable and not deletion.warning_sign
    assert deletion.notice == str(EMERGENCY), deletion
    assert not deletion.correction
    notice = services.session_delete(session=session)
    assert notice is not None and notice.advice == str(EMERGENCY)


@pytest.mark.django_db
@pytest.mark.usefixtures("real_window")
def test_a_mistyped_pain_with_no_sign_around_is_still_a_correction(client, shared_week_ago):
    uk_day(client)
    post_log(client, shared_week_ago, {"pain": "7"})
    session = SessionLog.objects.filter(routine=shared_week_ago).latest("created", "pk")
    deletion = services.session_deletion(session=session)
    assert deletion.correctable and deletion.correction and deletion.notice is None
