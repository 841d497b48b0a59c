"""After a day that said "stop and check your symptoms" for its pain alone (severe pain, a
steep rise), a calmer session keeps the model's level but names that day and asks whether the
hip was checked (routines/monitoring.py, _recent_stop). A tester in Asia/Tokyo logged 26 Nov
pain 8 (stop), 28 Nov pain 4 with the limp sign (stop), 30 Nov pain 1, and read a bare "Carry
on". A warning sign's day is no longer one of these: the checker's reading of the limp says
no running until the hip is examined, so the days after it stay at "stop"
(tests/routines/test_sign_hold.py); the pain-only stop days here keep the reminder. No
database."""

from datetime import date, datetime, timedelta

import pytest

from routines import monitoring
from routines.monitoring import Entry, Level, advise, advise_current, advise_now

NOV_26, NOV_28, NOV_30 = date(2026, 11, 26), date(2026, 11, 28), date(2026, 11, 30)


def at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def the_testers_log() -> list[Entry]:
    return [
        Entry(NOV_26, 8, logged=at(NOV_26)),
        Entry(NOV_28, 7, logged=at(NOV_28)),
        Entry(NOV_30, 1, logged=at(NOV_30)),
    ]


def reminders(advice) -> list:
    return [reason for reason in advice.reasons if reason.code == "recent_stop"]


def test_the_tester_case_carry_on_names_the_stop_day_and_asks_for_a_check():
    advice = advise_current(the_testers_log())
    assert advice.level is Level.CONTINUE  # the model's level for a pain of 1
    (reminder,) = reminders(advice)
    assert reminder.day == NOV_28  # the latest stop day, not 26 Nov
    assert "Saturday 28 November" in reminder.text
    assert "stop and check your symptoms" in reminder.text
    assert "symptom checker" in reminder.text and "hip checked" in reminder.text
    assert advice.checker_reminder == reminder and not advice.check_symptoms


def test_the_coach_reads_the_same_reminder_about_the_runner():
    (reminder,) = reminders(advise_current(the_testers_log()))
    assert reminder.coach_text.startswith(
        "After their entry for Saturday 28 November the runner was told to stop"
    )
    assert "If they have not answered the symptom checker or had their hip checked" in (
        reminder.coach_text
    )


def test_severe_pain_alone_is_a_stop_day_to_be_reminded_of():
    log = [Entry(NOV_26, 7, logged=at(NOV_26)), Entry(NOV_28, 2, logged=at(NOV_28))]
    (reminder,) = reminders(advise(log))
    assert reminder.day == NOV_26 and advise(log).level is Level.CONTINUE


def test_a_steep_rise_into_the_high_risk_zone_is_a_stop_day():
    log = [
        Entry(NOV_26 - timedelta(days=2), 2, logged=at(NOV_26 - timedelta(days=2))),
        Entry(NOV_26, 6, logged=at(NOV_26)),
        Entry(NOV_28, 2, logged=at(NOV_28)),
    ]
    assert advise(log, about=log[1]).level is Level.STOP
    assert [r.day for r in reminders(advise(log))] == [NOV_26]


def test_an_ease_back_after_a_stop_day_carries_the_reminder_too():
    log = [Entry(NOV_26, 9, logged=at(NOV_26)), Entry(NOV_28, 6, logged=at(NOV_28))]
    advice = advise(log)
    assert advice.level is Level.EASE_BACK and reminders(advice)


def test_no_reminder_without_a_stop_day_or_once_it_is_two_weeks_back():
    calm = [Entry(NOV_26, 5, logged=at(NOV_26)), Entry(NOV_28, 1, logged=at(NOV_28))]
    assert not reminders(advise(calm))
    last = NOV_26 + timedelta(days=monitoring.RECENT_CARE_DAYS)
    log = [Entry(NOV_26, 8, logged=at(NOV_26)), Entry(last, 1, logged=at(last))]
    assert reminders(advise(log))
    later = last + timedelta(days=1)
    assert not reminders(advise([log[0], Entry(later, 1, logged=at(later))]))


def test_a_stop_now_says_stop_without_an_extra_reminder():
    log = [*the_testers_log()[:2], Entry(NOV_30, 8, logged=at(NOV_30))]
    assert advise(log).level is Level.STOP and not reminders(advise(log))
    # A day whose earlier entry says stop: the day's advice is stop, no reminder beside it.
    same_day = [*the_testers_log(), Entry(NOV_30, 0, logged=at(NOV_30, 20))]
    same_day[2] = Entry(NOV_30, 8, logged=at(NOV_30))
    day = advise_now(same_day)
    assert day.level is Level.STOP and not reminders(day)


def test_an_emergency_day_keeps_its_own_stronger_reminder_only():
    log = [
        Entry(NOV_26, 3, warning_signs={"no_weight"}, logged=at(NOV_26)),
        Entry(NOV_28, 1, logged=at(NOV_28)),
    ]
    advice = advise(log)
    assert advice.level is Level.STOP
    assert "recent_care" in [r.code for r in advice.reasons] and not reminders(advice)


# The runner's page and the coach's panel (database).


@pytest.mark.django_db
def test_the_runners_page_and_the_coachs_panel_remind_of_the_stop_day(client, shared, coach):
    from django.utils import dateformat, timezone

    from routines import services
    from routines.models import SessionLog

    today = timezone.localdate()
    for back, pain, signs in ((4, 8, ()), (2, 7, ()), (0, 1, ())):
        services.session_log(
            routine=shared,
            day=today - timedelta(days=back),
            pain=pain,
            done=[],
            warning_signs=signs,
        )
    assert shared.sessions.order_by("-day").first().advice == SessionLog.Advice.CONTINUE
    stop_day = dateformat.format(today - timedelta(days=2), "l j F")
    html = client.get(shared.get_share_url()).content.decode()
    advice = html[html.index('id="advice"') : html.index("</div>", html.index('id="advice"'))]
    assert "Carry on" in advice
    assert f"After your entry for {stop_day} you were told to stop and check your symptoms." in (
        advice
    )
    assert f'data-checker-reminder="{(today - timedelta(days=2)).isoformat()}"' in advice
    client.force_login(coach)
    panel = client.get(shared.get_absolute_url()).content.decode()
    assert f"After their entry for {stop_day} the runner was told to stop and check their" in panel
    assert "If they have not answered the symptom checker or had their hip checked" in panel
    assert "they should do that before the next session" in panel


def test_an_entrys_own_advice_is_not_said_to_be_because_of_the_reminder():
    """The reminder goes with the advice now; an entry's "carry on" has nothing behind it."""
    assert monitoring.because(advise(the_testers_log())) is None
    eased = [Entry(NOV_26, 9, logged=at(NOV_26)), Entry(NOV_28, 6, logged=at(NOV_28))]
    words = monitoring.because(advise(eased))
    assert words.startswith("because ") and "stop" not in words
