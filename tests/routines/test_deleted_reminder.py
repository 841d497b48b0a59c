"""monitoring.deleted_reminder: what an entry the runner deleted told them, reminded for the
two weeks the live log would remind of it (pure: no database)."""

from datetime import date

from routines import monitoring

TODAY = date(2026, 11, 30)


def test_the_most_urgent_within_two_weeks_the_latest_of_those():
    found = monitoring.deleted_reminder(
        [
            (date(2026, 11, 28), "stop"),
            (date(2026, 11, 20), "emergency"),
            (date(2026, 11, 25), "emergency"),
            (date(2026, 11, 10), "emergency"),  # 20 days back: lapsed
        ],
        today=TODAY,
    )
    assert (found.day, found.told, found.until) == (
        date(2026, 11, 25),
        "emergency",
        date(2026, 12, 9),
    )
    assert found.text.startswith(
        "Your entry for Wednesday 25 November, since deleted, told you to get emergency care."
    )


def test_the_window_is_the_live_log_s_two_weeks():
    at_edge = monitoring.deleted_reminder([(date(2026, 11, 16), "urgent")], today=TODAY)
    assert at_edge is not None and "see a doctor today" in at_edge.text
    assert monitoring.deleted_reminder([(date(2026, 11, 15), "urgent")], today=TODAY) is None


def test_easing_back_is_not_reminded_and_nothing_is_none():
    assert monitoring.deleted_reminder([(date(2026, 11, 29), "ease_back")], today=TODAY) is None
    assert monitoring.deleted_reminder([], today=TODAY) is None


def test_none_where_the_advice_now_is_as_urgent():
    deleted = [(date(2026, 11, 29), "urgent")]
    assert monitoring.deleted_reminder(deleted, today=TODAY, now_urgency=3) is None
    assert monitoring.deleted_reminder(deleted, today=TODAY, now_urgency=2) is not None


def test_every_deleted_entry_in_force_is_named_most_urgent_then_latest_first():
    """Two emergencies deleted (28 Nov, then 1 Dec) were both promised a reminder until 12
    Dec; the box named only 1 Dec."""
    today = date(2026, 12, 1)
    found = monitoring.deleted_reminder(
        [
            (date(2026, 12, 1), "emergency"),
            (date(2026, 11, 28), "emergency"),
            (date(2026, 11, 29), "urgent"),
            (date(2026, 11, 29), "stop"),  # a plain stop is never reminded of
        ],
        today=today,
    )
    assert found.told_on == (
        (date(2026, 12, 1), "emergency"),
        (date(2026, 11, 28), "emergency"),
        (date(2026, 11, 29), "urgent"),
    )
    assert (found.day, found.told, found.until) == (
        date(2026, 12, 1),
        "emergency",
        date(2026, 12, 15),
    )
    assert found.text == (
        "Your entry for Tuesday 1 December, since deleted, told you to get emergency care. "
        "Another entry you deleted, for Saturday 28 November, told you to get emergency care. "
        "Another entry you deleted, for Sunday 29 November, told you to see a doctor today. "
        "If your hip hasn't been checked since, do that before you carry on."
    )
    assert found.coach_text == (
        "An entry for Tuesday 1 December that the runner has since deleted told them to get "
        "emergency care. Another entry for Saturday 28 November that they deleted told them to "
        "get emergency care. Another entry for Sunday 29 November that they deleted told them "
        "to see a doctor today. Until Tuesday 15 December their page reminds them to have the "
        "hip checked, if it hasn't been, before they carry on."
    )
    # What the advice now says as urgently is left out, the rest kept.
    calmer = monitoring.deleted_reminder(
        [(date(2026, 12, 1), "emergency"), (date(2026, 11, 29), "urgent")],
        today=today,
        now_urgency=3,
    )
    assert calmer.told_on == ((date(2026, 12, 1), "emergency"),)
