"""monitoring.raised_by: what an entry raised its day to, or what rests on it (the reading of
its day with it, where without it the day reads less or has no entry left). One function for
the two places that asked it with and without the entry: a "stop" entry's day advice before
it is deleted (routines.services._deletion) and a pain-only entry's care
(monitoring.care_raised_by). Plain Python: no database, no cache."""

from datetime import UTC, date, datetime

from routines import monitoring
from triage import rules as checker

SUN, TUE, WED = date(2026, 11, 29), date(2026, 12, 1), date(2026, 12, 2)


def _entry(day: date, pain: int, *signs: str, hour: int) -> monitoring.Entry:
    """An entry of `day`, logged on Tue 1 Dec at `hour` (UTC)."""
    logged = datetime(2026, 12, 1, hour, tzinfo=UTC)
    return monitoring.Entry(day, pain, warning_signs=frozenset(signs), logged=logged)


class WorstPain:
    """A reading for the tests: the worst pain of the log's latest day, each log it was given
    kept (`logs`)."""

    def __init__(self):
        self.logs = []

    def __call__(self, log):
        self.logs.append(list(log))
        return max(entry.pain for entry in log if entry.day == log[-1].day)


def _raised(log, about, read=None):
    return monitoring.raised_by(log, about, read or WorstPain(), rank=lambda pain: pain)


def test_the_only_entry_of_its_day_raised_what_its_day_reads():
    """Without it the day has no entry left: what the day reads rests on it, whatever an
    earlier day read."""
    sunday, about = _entry(SUN, 8, hour=9), _entry(TUE, 3, hour=10)
    read = WorstPain()
    assert _raised([about, sunday], about, read) == 3
    # Read once, with it, oldest first: there is no day without it to read.
    assert read.logs == [[sunday, about]]


def test_another_entry_of_its_day_that_reads_less_leaves_it_raised():
    calm, about = _entry(TUE, 2, hour=9), _entry(TUE, 5, hour=10)
    read = WorstPain()
    assert _raised([about, calm], about, read) == 5
    assert read.logs == [[calm, about], [calm]]


def test_another_entry_of_its_day_that_reads_as_much_alone_leaves_nothing_on_it():
    about = _entry(TUE, 5, hour=10)
    for other in (_entry(TUE, 5, hour=9), _entry(TUE, 6, hour=11)):
        assert _raised([other, about], about) is None, other


def test_only_the_log_up_to_its_day_is_read():
    """An entry of a later day is no part of what its day reads."""
    about, later = _entry(TUE, 4, hour=9), _entry(WED, 9, hour=10)
    read = WorstPain()
    assert _raised([later, about], about, read) == 4
    assert read.logs == [[about]]


# The two readings it serves.

WEAK, NUMB = "leg_weakness", "numbness"


def test_numbness_read_with_a_weak_leg_before_raised_its_day_to_emergency_care():
    """A stop entry's day advice (advise_now): numbness on Tue 1 Dec with a weak leg
    back-dated to Sun 29 Nov is emergency care, which rests on the numbness; a sign of its day
    that calls for emergency care alone leaves nothing on it; a calmer entry of its day does
    not take it away."""
    weak, numb = _entry(SUN, 2, WEAK, hour=11), _entry(TUE, 2, NUMB, hour=10)

    def raised(log):
        return monitoring.raised_by(
            log, numb, monitoring.advise_now, rank=lambda advice: advice.urgency
        )

    assert monitoring.advise_now([numb]).care is None  # alone, the numbness is a stop
    day = raised([weak, numb])
    assert (day.day, day.care) == (TUE, checker.Tier.EMERGENCY)
    assert raised([weak, numb, _entry(TUE, 2, "saddle_or_bladder", hour=9)]) is None
    assert raised([weak, numb, _entry(TUE, 1, hour=8)]).care is checker.Tier.EMERGENCY


def test_a_pain_only_entrys_care_is_what_its_pain_raised_the_days_signs_to():
    """care_raised_by: a temperature ticked with pain 0, then pain 7 with nothing ticked the
    same day, is emergency care, raised by the pain; where another entry of that day ticked
    the temperature with that pain, nothing rests on the pain-only entry."""
    fever, pain = _entry(TUE, 0, "fever", hour=7), _entry(TUE, 7, hour=9)
    assert monitoring.advise_now([fever]).care is None
    assert monitoring.care_raised_by([fever, pain], pain) is checker.Tier.EMERGENCY
    # Logged before it: the day read as much without it, then and now.
    hot = _entry(TUE, 7, "fever", hour=8)
    assert monitoring.care_raised_by([fever, pain, hot], pain) is None
