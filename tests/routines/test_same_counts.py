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
from tests.routines.conftest import history_url

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
