"""The coach and the runner are told the same about the same sessions: one count of sessions
done and prescribed (monitoring.count_sessions) behind the coach's line and each week of the
table on both pages, and pain rises compared by session day on both (fresh tester: the coach
read "1 done, 1 prescribed (adherence 1.00)" while the runner's week said "1 of 7"; "Pain of 8
is 6 points higher than two sessions before (2, then 3, then 8)" for a 3 and an 8 logged on
one day)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from routines import services
from routines.models import Routine
from tests.routines.conftest import history_url, make_routine

pytestmark = pytest.mark.django_db

COUNT = r"(\d+) done of (\d+) prescribed"


def log(routine, *, days_ago=0, pain=2, done=None, **fields):
    items = routine.items.order_by("position")
    return services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=days_ago),
        pain=pain,
        done=[(item.pk, "") for item in items] if done is None else done,
        **fields,
    )


def week_cells(page: str, row: str) -> list[str]:
    """The cells of the week table's row `row` ("Sessions" or an exercise's name), newest
    week first, as text."""
    table = page[page.index('class="table table-sm log-weeks"') :]
    table = table[: table.index("</table>")]
    cells = re.search(rf'<th scope="row"[^>]*>{re.escape(row)}</th>(.*?)</tr>', table, re.S)
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>.*?</td>", cells[1])]


def coach_line(page: str) -> str:
    line = re.search(r'<p class="mb-2 recent-adherence">(.*?)</p>', page, re.S)[1]
    return re.sub(r"<[^>]+>", "", line)


def pages(client, coach, routine) -> tuple[str, str]:
    client.force_login(coach)
    builder = client.get(routine.get_absolute_url()).content.decode()
    client.logout()
    runner = client.get(history_url(routine)).content.decode()
    return builder, runner


@pytest.fixture
def daily(coach, clamshell):
    """The tester's routine: made today, one move done every day (7 sessions a week)."""
    routine = make_routine(coach, exercises=[clamshell])
    routine.items.update(frequency_min=1, frequency_max=1, frequency_period="day")
    services.routine_share(routine=routine)
    return routine


def test_a_routine_made_this_week_shows_the_same_counts_to_the_coach_and_the_runner(
    client, coach, daily
):
    log(daily, pain=1)
    builder, runner = pages(client, coach, daily)
    line = coach_line(builder)
    # One day so far of a 7-a-week routine: 1 prescribed, not the week's 7.
    assert re.search(COUNT, line).groups() == ("1", "1")
    assert "since the routine started on" in line and "(1 day so far)" in line
    assert "adherence 100 %" in line and "1.00" not in line
    for page in (builder, runner):
        this_week = week_cells(page, "Sessions")[0]
        assert re.search(COUNT, this_week).groups() == re.search(COUNT, line).groups()
        days_left = 7 - timezone.localdate().weekday()
        if days_left > 1:
            assert this_week == f"1 done of 1 prescribed so far (1 of {days_left} days)"
        else:  # made on a Sunday: its first week is that one day, and it is over
            assert this_week == "1 done of 1 prescribed (1 day)"
        assert " of 7<" not in page


def test_the_coachs_line_is_a_percentage_next_to_the_counts(client, coach, shared):
    # Two weeks of a twice-a-week routine: 4 prescribed; three days trained, one with two entries.
    for days_ago in (1, 1, 5, 9):
        log(shared, days_ago=days_ago)
    builder, _runner = pages(client, coach, shared)
    line = coach_line(builder)
    assert "Sessions in the last two weeks (" in line
    assert "3 done of 4 prescribed, adherence 75 %" in line
    # A day with two entries is one session, here and in its week.
    assert "entries on the same day count as one session" in line


def test_more_than_prescribed_says_it_counts_as_a_full_hundred(client, coach, shared):
    for days_ago in range(6):
        log(shared, days_ago=days_ago)
    line = coach_line(pages(client, coach, shared)[0])
    assert "6 done of " in line and "adherence 100 % (more than prescribed counts as 100 %)" in line


def test_an_exercise_cell_says_done_and_prescribed_in_words(client, coach, shared, clamshell):
    # QA: "✓ 2/1" meant done on two days of a week that prescribed it once.
    shared.items.filter(exercise=clamshell).update(frequency_min=1, frequency_max=1)
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    last_monday = (timezone.localdate() - (monday - timedelta(weeks=1))).days
    log(shared, days_ago=last_monday)
    log(shared, days_ago=last_monday - 1)
    builder, runner = pages(client, coach, shared)
    for page in (builder, runner):
        last_week = week_cells(page, "Clamshell")[1]
        assert last_week == "✓ 2 done of 1 prescribed"
        assert not re.search(r"<td[^>]*>[^<]*\d+/\d+", page)
        # The tick is decoration: a screen reader hears the words alone.
        assert '<td class="week-met"><span aria-hidden="true">✓ </span>2 done of 1 prescribed' in (
            page
        )
        assert week_cells(page, "Sessions")[1] == "2 done of 2 prescribed"
    assert week_cells(builder, "Sessions") == week_cells(runner, "Sessions")


def test_a_weeks_counts_leave_out_days_before_the_routine_was_made(client, coach, clamshell):
    routine = make_routine(coach, exercises=[clamshell])
    made = timezone.now() - timedelta(days=10)
    Routine.objects.filter(pk=routine.pk).update(created=made)
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    log(routine, pain=1)
    builder, runner = pages(client, coach, routine)
    assert week_cells(builder, "Sessions") == week_cells(runner, "Sessions")
    first_week = week_cells(runner, "Sessions")[-1]
    days = 7 - timezone.localtime(made).weekday()
    assert first_week.startswith("0 done of ")
    if days < 7:
        assert first_week.endswith(f"({days} day{'s' if days > 1 else ''})")


# Pain rises by session day, on both pages.


def test_a_rise_is_read_by_day_on_the_runners_page_and_the_coachs_panel(client, coach, shared):
    log(shared, days_ago=1, pain=2)
    log(shared, pain=3)
    log(shared, pain=8)
    builder, _ = pages(client, coach, shared)
    runner = client.get(shared.get_share_url()).content.decode()
    day = timezone.localdate() - timedelta(days=1)
    said = (
        "Pain of 8 out of 10 is 6 points higher than on the session day before, "
        f"{day:%A} {day.day} {day:%B} (2 out of 10, the highest that day)"
    )
    for page in (builder, runner):
        assert said in page
        assert "then 3, then 8" not in page and "two sessions before" not in page
    assert 'data-advice-now="stop"' in runner
    assert 'data-alert="stop"' in builder
    assert "whose pain is the highest logged that day" in runner
