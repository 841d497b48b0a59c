"""The coach's list never shows less than the runner is told now. A routine dropped off the
"needing a look" list (and lost its badge) once the coach had marked every card seen, while
the runner's page still said stop or get care: an urgent entry back-dated further than the
two weeks the latest entry's stored alert read, or a stop that only the log read as a whole
gives (a back-dated calm day under a high one: a steep rise). The list now reads the advice
in force for every routine with a log in the weeks shown (session_views.in_force, as the
runner's pages and the panel do): while it is "stop" or more the routine stays listed at its
urgency, badged with it, and marked "Seen" once the coach has seen the entry that set it
off; it leaves the list only when the advice in force falls (a later calm entry past the two
weeks, a deletion)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import monitoring, services
from routines.models import DeletedEntryNotice, SessionLog
from routines.views import STOP_BADGES
from tests.routines.conftest import log_session, make_routine, make_shared, uk_day
from tests.routines.test_day_advice_coach import banner

pytestmark = pytest.mark.django_db
LIST = reverse("routines:list")
URGENT = {"pain": 3, "warning_signs": ["red_or_warm"]}


@pytest.fixture
def shared(coach, clamshell, squat):
    """Made five weeks ago: entries can be back-dated three weeks and more."""
    return make_shared(coach, [clamshell, squat], weeks_ago=5)


def listed(client) -> dict[str, dict]:
    """The summary above the list, by title: its badge, urgency, what the runner is told now
    and whether it is marked seen."""
    html = client.get(LIST).content.decode()
    if 'id="needs-a-look"' not in html:
        return {}
    box = html.split('id="needs-a-look"', 1)[1].split("</section>", 1)[0]
    found = {}
    for item in re.findall(r"<li\b(.*?)</li>", box, re.S):
        title = re.search(r'#follow-up" dir="auto">([^<]*)</a>', item).group(1)
        badge = re.search(r'class="badge text-bg-danger" data-urgency="(\d)">([^<]*)<', item)
        now = re.search(r'data-told-now="([a-z_]+)"', item)
        found[title] = {
            "badge": badge.group(2) if badge else "",
            "urgency": int(badge.group(1)) if badge else None,
            "now": now.group(1) if now else "",
            "seen": "data-seen" in item,
        }
    return found


def runner_told(client, routine) -> str:
    return banner(client.get(routine.get_share_url()).content.decode()) or "continue"


def mark_all_seen(routine) -> None:
    for session in SessionLog.objects.filter(routine=routine, coach_seen_at__isnull=True):
        services.session_mark_seen(routine=routine, session_pk=session.pk)
    for notice in DeletedEntryNotice.objects.filter(routine=routine).unseen():
        services.deleted_entry_notice_seen(routine=routine, notice_pk=notice.pk)


def later(session, minutes: int) -> None:
    """Move when `session` was logged `minutes` on from now (entries are logged in order)."""
    SessionLog.objects.filter(pk=session.pk).update(
        created=timezone.now() + timedelta(minutes=minutes)
    )


def test_an_urgent_entry_back_dated_three_weeks_stays_listed_once_seen(client, coach, shared):
    """Pain 1 today, then a red, warm hip logged for three weeks ago: the runner's page says
    "see a doctor today" (monitoring.advise_current: the later-logged earlier day). The
    latest entry's stored alert read only the two weeks before today, so once the coach
    marked the card seen the routine left the list."""
    uk_day(client)
    log_session(shared, days_ago=0, pain=1)
    later(log_session(shared, days_ago=21, **URGENT), 1)
    assert runner_told(client, shared) == "urgent"
    client.force_login(coach)
    assert listed(client)[shared.title]["badge"] == STOP_BADGES["urgent"]
    mark_all_seen(shared)
    assert runner_told(client, shared) == "urgent"
    entry = listed(client)[shared.title]
    assert entry == {
        "badge": STOP_BADGES["urgent"],
        "urgency": monitoring.told_urgency("urgent"),
        "now": "urgent",
        "seen": True,
    }


def test_seen_then_a_milder_entry_then_the_two_weeks_lapse(client, coach, shared):
    """A doctor today, seen; a calm entry ten days on still reads "stop" (two weeks after
    signs needing care: monitoring._recent_care), listed; seen, still listed and marked
    seen; a calm entry past the two weeks reads "carry on": the routine leaves the list."""
    uk_day(client)
    client.force_login(coach)
    log_session(shared, days_ago=20, **URGENT)
    mark_all_seen(shared)
    assert listed(client)[shared.title]["badge"] == STOP_BADGES["urgent"]
    assert listed(client)[shared.title]["seen"]

    log_session(shared, days_ago=10, pain=1)
    assert runner_told(client, shared) == "stop"
    assert listed(client)[shared.title] == {
        "badge": STOP_BADGES["stop"],
        "urgency": monitoring.STOP_URGENCY,
        "now": "stop",
        "seen": False,
    }
    mark_all_seen(shared)
    entry = listed(client)[shared.title]
    assert (entry["badge"], entry["now"], entry["seen"]) == (STOP_BADGES["stop"], "stop", True)

    log_session(shared, days_ago=0, pain=1)
    assert runner_told(client, shared) == "continue"
    assert shared.title not in listed(client)


def test_a_deleted_urgent_entry_keeps_the_routine_listed_until_the_advice_falls(
    client, coach, shared
):
    """Urgent two days ago, a calm entry yesterday (stop: two weeks after it), both seen. The
    runner deletes the urgent entry: its trace keeps yesterday at "stop"; the notice seen,
    the routine stays listed at "stop". Deleting yesterday's entry too leaves no advice in
    force and nothing unseen once its notice is seen: the routine leaves the list."""
    uk_day(client)
    client.force_login(coach)
    urgent = log_session(shared, days_ago=2, **URGENT)
    calm = log_session(shared, days_ago=1, pain=1)
    mark_all_seen(shared)
    services.session_delete(session=urgent)
    assert runner_told(client, shared) == "stop"
    assert listed(client)[shared.title]["badge"] == "Entry deleted (told to see a doctor today)"
    mark_all_seen(shared)
    entry = listed(client)[shared.title]
    assert (entry["badge"], entry["now"], entry["seen"]) == (STOP_BADGES["stop"], "stop", True)

    services.session_delete(session=SessionLog.objects.get(pk=calm.pk))
    mark_all_seen(shared)
    assert runner_told(client, shared) == "continue"
    assert shared.title not in listed(client)


def test_a_stop_only_the_whole_log_reads_ranks_with_the_stops(client, coach, shared):
    """Pain 6 today (ease back), then a calm day logged for yesterday: today now reads a steep
    rise into the high-risk zone, "stop", on the runner's page, though no entry was ever
    stored as a stop (no card). The list ranks it with the stops, above an older stop, and
    badges it "Stop advised", not as an ease back below it."""
    uk_day(client)
    client.force_login(coach)
    other = make_routine(coach, title="Older stop")
    stop = log_session(other, days_ago=0, pain=8)
    SessionLog.objects.filter(pk=stop.pk).update(created=timezone.now() - timedelta(hours=2))
    log_session(shared, days_ago=0, pain=6)
    later(log_session(shared, days_ago=1, pain=2), 1)
    assert not SessionLog.objects.filter(routine=shared, told_advice="stop").exists()
    assert runner_told(client, shared) == "stop"
    entries = listed(client)
    assert entries[shared.title]["badge"] == STOP_BADGES["stop"]
    assert entries[shared.title]["urgency"] == monitoring.told_urgency("stop")
    assert list(entries) == [shared.title, other.title]


def test_the_table_badges_what_the_summary_names(client, coach, shared):
    """The table's row reads the same look as the summary (it read the stored flags, so a
    routine listed for its advice in force alone had no badge in its row)."""
    uk_day(client)
    client.force_login(coach)
    log_session(shared, days_ago=0, pain=1)
    later(log_session(shared, days_ago=21, **URGENT), 1)
    mark_all_seen(shared)
    html = client.get(LIST).content.decode()
    row = html.split(f'<tr data-routine="{shared.pk}"', 1)[1].split("</th>")[0]
    assert 'data-alert="true"' in row.split(">", 1)[0]
    assert f">{STOP_BADGES['urgent']}<" in row
    assert "data-seen" in row
