"""A warning sign whose reading by the symptom checker says the runner should not train keeps
every later entry's advice at "stop" for RECENT_CARE_DAYS days, naming its day and what to do
(routines/monitoring.py, _recent_care and keeps_off_training). A fresh tester: 26 Nov pain 2
with "The pain wakes me at night or hurts when I'm resting" (the checker: see a professional
before any home treatment, stop running), then 28 Nov pain 2: "Carry on ... Keep to the
routine", with only a small reminder below. Same for a limp with numbness on 30 Nov, then
1 Dec. Pure monitoring tests, then the runner's page, the coach's panel, list and CSV."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from routines import monitoring, services
from routines.models import SessionLog
from routines.monitoring import Entry, Level, advise, advise_current
from triage import rules as checker

NOV_24, NOV_26, NOV_28 = date(2026, 11, 24), date(2026, 11, 26), date(2026, 11, 28)
NOV_30, DEC_1 = date(2026, 11, 30), date(2026, 12, 1)
WINDOW = monitoring.RECENT_CARE_DAYS


def at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def says_do_not_train(triage: checker.Assessment) -> bool:
    """The checker's own answer, read here from its fields (not monitoring's helper): care,
    no running until examined, no exercises offered, or it cannot tell without its other
    questions whether it is a doctor today or more."""
    possible = triage.highest_possible
    return (
        triage.tier in monitoring.CARE_TIERS
        or checker.stops_running(triage)
        or not triage.offers_exercises
        or (
            not triage.decided
            and possible in monitoring.CARE_TIERS
            and possible.urgency > triage.tier.urgency
        )
    )


def held(advice) -> list:
    return [reason for reason in advice.reasons if reason.code == "recent_care"]


def test_the_testers_night_pain_keeps_the_next_calm_day_at_stop():
    log = [
        Entry(NOV_24, 2, logged=at(NOV_24)),
        Entry(NOV_26, 2, warning_signs={"night_or_rest_pain"}, logged=at(NOV_26)),
        Entry(NOV_28, 2, morning="better", logged=at(NOV_28)),
    ]
    advice = advise_current(log)
    assert advice.level is Level.STOP and advice.label == "Stop and check your symptoms"
    assert advice.checker_reminder is None and advice.check_symptoms
    (reason,) = held(advice)
    assert reason.day == NOV_26
    assert reason.text.startswith(
        "After your entry for Thursday 26 November you were told to stop and check your symptoms."
    )
    assert "no running and no exercises until the hip has been checked" in reason.text
    assert "answered the symptom checker or had your hip checked" in reason.text
    # The checker's own rule for it is cited.
    assert "night-or-rest-pain" in [rule.slug for rule in reason.rules]
    assert monitoring.because(advise(log)) == "because of the warning sign on Thu 26 Nov"
    assert reason.coach_text.startswith(
        "After their entry for Thursday 26 November the runner was told to stop"
    )


def test_the_testers_limp_with_numbness_keeps_the_next_day_at_stop():
    log = [
        Entry(NOV_30, 2, warning_signs={"limp", "numbness"}, logged=at(NOV_30)),
        Entry(DEC_1, 2, logged=at(DEC_1)),
    ]
    advice = advise_current(log)
    assert advice.level is Level.STOP
    (reason,) = held(advice)
    assert reason.day == NOV_30 and "warning signs logged that day" in reason.text


@pytest.mark.parametrize("pain", [0, 2, 5])
@pytest.mark.parametrize("sign", monitoring.OFFERED_SIGNS, ids=lambda sign: sign.key)
def test_each_sign_holds_exactly_as_the_checker_reads_it(sign, pain):
    """Every sign class (emergency, a doctor today, examined first, rest first, ask the
    checker): the day after it is held at "stop" when, and only when, the checker's reading
    of it says not to train; care keeps its own words."""
    log = [
        Entry(NOV_26, pain, warning_signs={sign.key}, logged=at(NOV_26)),
        Entry(NOV_28, 1, logged=at(NOV_28)),
    ]
    triage = monitoring.assess_signs({sign.key}, pain=pain)
    advice = advise(log)
    if says_do_not_train(triage):
        assert advice.level is Level.STOP, sign.key
        (reason,) = held(advice)
        assert reason.day == NOV_26
        if triage.tier in monitoring.CARE_TIERS:
            assert "you were told to stop and check" not in reason.text
        else:
            assert "you were told to stop and check your symptoms" in reason.text
            assert "symptom checker or had your hip checked" in reason.text
    else:
        assert advice.level is Level.CONTINUE and not held(advice), sign.key


def test_every_offered_sign_is_one_the_checker_says_not_to_train_on():
    """What the rules say today (so the parametrised test above is not vacuous): each sign,
    alone, with some pain. Derived, never listed: a rule change shows up here."""
    for sign in monitoring.OFFERED_SIGNS:
        assert says_do_not_train(monitoring.assess_signs({sign.key}, pain=2)), sign.key
        assert monitoring.keeps_off_training(monitoring.assess_signs({sign.key}, pain=2))


def test_a_reading_that_lets_the_runner_train_is_not_held(monkeypatch):
    """The hold is read from the checker's answer, not from the sign's name: where the
    answer says training is fine, the calm day after it carries on (with the reminder)."""
    monkeypatch.setattr(monitoring, "keeps_off_training", lambda triage: False)
    log = [
        Entry(NOV_26, 2, warning_signs={"night_or_rest_pain"}, logged=at(NOV_26)),
        Entry(NOV_28, 2, logged=at(NOV_28)),
    ]
    advice = advise(log)
    assert advice.level is Level.CONTINUE and advice.checker_reminder is not None


def test_the_hold_lapses_after_the_window_so_self_care_is_reachable():
    sign = Entry(NOV_26, 2, warning_signs={"night_or_rest_pain"}, logged=at(NOV_26))
    last = NOV_26 + timedelta(days=WINDOW)
    assert advise([sign, Entry(last, 1, logged=at(last))]).level is Level.STOP
    after = last + timedelta(days=1)
    lapsed = advise([sign, Entry(after, 1, logged=at(after))])
    assert lapsed.level is Level.CONTINUE and not lapsed.reasons


def test_an_emergency_day_outranks_a_later_held_day_and_names_its_care():
    log = [
        Entry(NOV_24, 3, warning_signs={"no_weight"}, logged=at(NOV_24)),
        Entry(NOV_26, 2, warning_signs={"night_or_rest_pain"}, logged=at(NOV_26)),
        Entry(NOV_28, 1, logged=at(NOV_28)),
    ]
    (reason,) = held(advise(log))
    assert reason.day == NOV_24 and "get emergency care" in reason.text
    # Once the emergency's two weeks are over, the later held day still holds.
    later = NOV_24 + timedelta(days=WINDOW + 1)
    (reason,) = held(advise([*log[:2], Entry(later, 1, logged=at(later))]))
    assert reason.day == NOV_26 and "stop and check your symptoms" in reason.text


def test_pain_only_stops_keep_the_reminder_at_the_models_level():
    log = [Entry(NOV_26, 8, logged=at(NOV_26)), Entry(NOV_28, 2, logged=at(NOV_28))]
    advice = advise(log)
    assert advice.level is Level.CONTINUE and not held(advice)
    assert advice.checker_reminder.day == NOV_26


SIGN_KEYS = sorted(sign.key for sign in monitoring.OFFERED_SIGNS)
ROWS = st.lists(
    st.tuples(
        st.integers(0, 30),
        st.integers(0, 10),
        st.one_of(
            st.just(frozenset()),
            st.just(frozenset()),
            st.frozensets(st.sampled_from(SIGN_KEYS), min_size=1, max_size=2),
        ),
    ),
    min_size=1,
    max_size=10,
)


@settings(max_examples=200, deadline=None)
@given(ROWS)
def test_no_day_after_a_held_sign_says_carry_on_or_ease_back(rows):
    start = date(2026, 11, 1)
    entries = [
        Entry(
            start + timedelta(days=n),
            pain,
            warning_signs=signs,
            logged=datetime(2026, 12, 31) + timedelta(minutes=order),
        )
        for order, (n, pain, signs) in enumerate(rows)
    ]
    days = {entry.day for entry in entries}
    by_day = monitoring.advice_by_day(entries, days)
    for day in days:
        holding = [
            entry
            for entry in entries
            if day - timedelta(days=WINDOW) <= entry.day < day
            and entry.warning_signs
            and says_do_not_train(monitoring.assess_signs(entry.warning_signs, pain=entry.pain))
        ]
        if holding:
            assert by_day[day].level is Level.STOP, (day, rows)
            assert held(by_day[day]) or by_day[day].care, (day, rows)


# The runner's page, the coach's panel, list and CSV (database).


@pytest.mark.django_db
def test_every_view_says_stop_on_the_day_after_the_sign(client, shared, coach):
    from tests.routines.test_needs_a_look_order import row_badge

    today = timezone.localdate()
    sign_day = today - timedelta(days=2)
    for back, signs in ((4, ()), (2, ("night_or_rest_pain",)), (0, ())):
        services.session_log(
            routine=shared,
            day=today - timedelta(days=back),
            pain=2,
            done=[],
            warning_signs=signs,
        )
    latest = shared.sessions.order_by("-day").first()
    # Stored advice and what the runner was told.
    assert latest.advice == SessionLog.Advice.STOP
    assert latest.told_advice == SessionLog.Advice.STOP
    said = f"After your entry for {dateformat.format(sign_day, 'l j F')} you were told to stop"
    # The runner's page: the headline and its reason.
    html = client.get(shared.get_share_url()).content.decode()
    top = html[html.index('data-advice-now="') :][:400]
    assert 'data-advice-now="stop"' in top and "Stop and check your symptoms" in top
    advice = html[html.index('id="advice"') : html.index("</section>", html.index('id="advice"'))]
    assert "Carry on" not in advice and "Keep to the routine" not in advice
    assert said in advice and "data-checker-reminder" not in advice
    # The coach's panel, list badge and CSV.
    client.force_login(coach)
    panel = client.get(shared.get_absolute_url()).content.decode()
    coach_said = f"After their entry for {dateformat.format(sign_day, 'l j F')} the runner was told"
    assert coach_said + " to stop" in panel
    assert row_badge(client.get(reverse("routines:list")).content.decode(), shared.title) == (
        "Stop advised"
    )
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("routines:session_log_csv", args=[shared.pk])).content.decode()
            )
        )
    )
    last = next(row for row in rows if row and row[0] == today.isoformat())
    header = [name.lstrip("\ufeff") for name in rows[0]]
    column = dict(zip(header, last, strict=True))
    short = dateformat.format(sign_day, "D j M")
    assert column["advice (this entry)"] == (
        f"Stop and check your symptoms (because of the warning sign on {short})"
    )
    assert (
        column["advice (the day)"]
        == column["told after this entry"]
        == ("Stop and check your symptoms")
    )
