"""No runner's alert is ever hidden from the coach: archiving a shared routine asks first and
says what becomes of the link (stop sharing, or keep it: the runner can still log), and the
coach's list shows every routine whose log needs a look, an archived one too, whatever the
search, the filter or the page (routines.views.routine_list)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import Routine
from routines.views import LIST_PAGE_SIZE
from tests.routines.conftest import make_notice, make_routine

pytestmark = pytest.mark.django_db
LIST = reverse("routines:list")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def archive_url(routine) -> str:
    return reverse("routines:archive", args=[routine.pk])


def titles(html: str) -> list[str]:
    rows = html.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in html else ""
    return re.findall(r'<div class="routine-name"><a href="[^"]+" dir="auto">([^<]*)</a>', rows)


def summary(html: str) -> list[str]:
    """The titles the "need a look" summary above the filters names."""
    if 'id="needs-a-look"' not in html:
        return []
    box = html.split('id="needs-a-look"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'#follow-up" dir="auto">([^<]*)</a>', box)


def emergency(routine, *, days_ago=0):
    """Pain 7 and "numbness around the bottom, bladder or bowels": get emergency care."""
    return services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=days_ago),
        pain=7,
        done=[],
        warning_signs=["saddle_or_bladder"],
    )


def test_archiving_a_shared_routine_asks_first_and_names_the_link(signed_in, shared):
    response = signed_in.post(archive_url(shared), {"archived": "1"})
    assert response.status_code == 302 and response["Location"] == archive_url(shared)
    shared.refresh_from_db()
    assert not shared.archived  # nothing done yet
    step = signed_in.get(archive_url(shared))
    assert "no-store" in step["Cache-Control"] or "no-cache" in step["Cache-Control"]
    html = step.content.decode()
    assert "archiving alone does not stop the runner&#x27;s link" in html
    assert 'name="sharing" value="stop"' in html and 'name="sharing" value="keep"' in html
    assert "can still read it and log sessions" in html
    assert f'href="{shared.get_absolute_url()}"' in html  # a way back


def test_htmx_is_sent_to_the_same_step(signed_in, shared):
    response = signed_in.post(archive_url(shared), {"archived": "1"}, headers=HTMX)
    assert response.status_code == 302 and response["Location"] == archive_url(shared)
    assert not Routine.objects.get(pk=shared.pk).archived


def test_archive_and_stop_sharing_ends_the_link_and_keeps_the_log(client, signed_in, shared):
    emergency(shared)
    link = shared.get_share_url()
    response = signed_in.post(archive_url(shared), {"archived": "1", "sharing": "stop"})
    assert response["Location"] == LIST
    shared.refresh_from_db()
    assert shared.archived and shared.share_token is None
    assert shared.sessions.count() == 1
    assert "stopped sharing: the link no longer works" in signed_in.get(LIST).content.decode()
    assert client.get(link).status_code == 404


def test_archive_keeping_the_link_says_the_runner_can_still_log(client, signed_in, shared):
    response = signed_in.post(archive_url(shared), {"archived": "1", "sharing": "keep"})
    assert response["Location"] == LIST
    shared.refresh_from_db()
    assert shared.archived and shared.share_token
    assert "Its share link still works" in signed_in.get(LIST).content.decode()
    assert client.get(shared.get_share_url()).status_code == 200


def test_an_unshared_routine_is_archived_at_once(signed_in, coach):
    routine = make_routine(coach, title="Not shared")
    response = signed_in.post(archive_url(routine), {"archived": "1"})
    assert response["Location"] == LIST
    assert Routine.objects.get(pk=routine.pk).archived


def test_an_emergency_logged_after_archiving_shows_in_current_routines(client, signed_in, shared):
    """The tester's case: archived, link kept, the runner logs an emergency answer."""
    make_routine(shared.owner, title="Another")
    signed_in.post(archive_url(shared), {"archived": "1", "sharing": "keep"})
    emergency(shared)
    html = signed_in.get(LIST).content.decode()
    assert shared.title in titles(html)
    row = re.search(rf'<tr data-routine="{shared.pk}"[^>]*>.*?</tr>', html, re.S).group(0)
    assert 'data-alert="true"' in row
    assert "Told to get emergency care" in row and ">Archived</span>" in row
    assert summary(html) == [shared.title]
    # The htmx results (a filter or a search as typed) list it too.
    results = signed_in.get(LIST + "?show=current&q=", headers=HTMX).content.decode()
    assert shared.title in titles(results)


def test_an_archived_routine_leaves_current_routines_once_nothing_needs_a_look(
    signed_in, shared
):
    Routine.objects.filter(pk=shared.pk).update(created=timezone.now() - timedelta(weeks=10))
    shared.refresh_from_db()
    services.routine_set_archived(routine=shared, archived=True)
    assert titles(signed_in.get(LIST).content.decode()) == []
    # A latest entry that asked for a look, from before the weeks the panel shows, and seen.
    old = emergency(shared, days_ago=7 * 6 + 1)
    type(old).objects.filter(pk=old.pk).update(coach_seen_at=timezone.now())
    html = signed_in.get(LIST).content.decode()
    assert titles(html) == [] and summary(html) == []
    assert titles(signed_in.get(LIST + "?show=archived").content.decode()) == [shared.title]
    # A deleted entry's notice not yet marked seen brings it back.
    make_notice(shared, day=timezone.localdate(), advice="emergency")
    html = signed_in.get(LIST).content.decode()
    assert titles(html) == [shared.title] and summary(html) == [shared.title]
    assert "Entry deleted (told to get emergency care)" in html


def test_the_summary_names_alerts_the_search_filter_or_page_leaves_out(signed_in, coach, shared):
    Routine.objects.filter(pk=shared.pk).update(created=timezone.now() - timedelta(weeks=5))
    for n in range(LIST_PAGE_SIZE):
        make_routine(coach, title=f"Newer {n}")
    emergency(shared)
    for query in ("?q=Newer", "?show=archived", "?page=2"):
        html = signed_in.get(LIST + query).content.decode()
        assert shared.title not in titles(html), query
        assert summary(html) == [shared.title], query
    # The table's first page leads with it, older as it is (routine_list: the routines that
    # need a look first).
    for query in ("", "?page=1"):
        html = signed_in.get(LIST + query).content.decode()
        assert titles(html)[0] == shared.title, query
        assert summary(html) == [shared.title], query


def test_another_coach_s_alerts_are_not_listed(client, staff, coach, shared):
    services.routine_set_archived(routine=shared, archived=True)
    emergency(shared)
    client.force_login(staff)
    html = client.get(LIST + "?everyone=on").content.decode()
    assert shared.title not in titles(html) and summary(html) == []


def test_a_stale_archive_step_says_it_is_archived(signed_in, shared):
    services.routine_set_archived(routine=shared, archived=True)
    html = signed_in.get(archive_url(shared)).content.decode()
    assert "already archived" in html and 'name="sharing"' not in html
