"""Archiving a shared routine, seen from both sides. A tester kept the link on archiving: the
runner's page gave no sign of it, and the runner went on logging for a routine the coach had
put away. It now says so, and whom to ask. And after "Archive and stop sharing", Unarchive
brought the routine back unshared without a word: it now asks, on a step of its own, whether
to share it again, with a new link (never the link the coach stopped)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.forms import ArchiveForm
from routines.models import Routine
from tests.routines.test_archive_keeps_alerts import archive_url

pytestmark = pytest.mark.django_db
NOTICE = "Your coach has archived this routine"


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def logged(routine: Routine) -> Routine:
    services.session_log(
        routine=routine, day=timezone.localdate() - timedelta(days=1), pain=2, done=[]
    )
    return routine


def test_the_runner_is_told_the_coach_archived_it_and_whom_to_ask(client, coach, shared):
    coach.first_name, coach.last_name = "Sam", "Rivers"
    coach.save()
    page = client.get(shared.get_share_url()).content.decode()
    assert NOTICE not in page
    services.routine_set_archived(routine=shared, archived=True)
    for url in (shared.get_share_url(), reverse("session_history", args=[shared.share_token])):
        page = client.get(url).content.decode()
        assert NOTICE in page, url
        assert "ask <bdi>Sam Rivers</bdi>" in page
    assert client.get(shared.get_share_url()).status_code == 200  # the runner can still log


def test_unarchiving_after_stop_sharing_asks_whether_to_share_again(signed_in, shared):
    old = logged(shared).share_token
    signed_in.post(archive_url(shared), {"archived": "1", "sharing": ArchiveForm.STOP_SHARING})
    response = signed_in.post(archive_url(shared), {"archived": "0"})
    assert response["Location"] == archive_url(shared)
    shared.refresh_from_db()
    assert shared.archived and shared.share_token is None  # nothing done before the choice
    step = signed_in.get(archive_url(shared)).content.decode()
    assert "Unarchive, not shared" in step and "Unarchive and share again" in step
    assert f'value="{ArchiveForm.SHARE_AGAIN}"' in step

    response = signed_in.post(
        archive_url(shared), {"archived": "0", "sharing": ArchiveForm.SHARE_AGAIN}
    )
    assert response["Location"] == shared.get_absolute_url()
    shared.refresh_from_db()
    assert not shared.archived
    assert shared.share_token and shared.share_token != old
    page = signed_in.get(response["Location"]).content.decode()
    assert "shared again with a new link" in page
    assert signed_in.get(reverse("shared_routine", args=[old])).status_code == 404


def test_unarchiving_not_shared_keeps_the_link_stopped_and_says_so(signed_in, shared):
    logged(shared)
    services.routine_archive_and_unshare(routine=shared)
    response = signed_in.post(
        archive_url(shared), {"archived": "0", "sharing": ArchiveForm.NOT_SHARED}
    )
    shared.refresh_from_db()
    assert not shared.archived and shared.share_token is None
    assert "It is not shared" in signed_in.get(response["Location"]).content.decode()


def test_a_routine_never_shared_is_unarchived_at_once(signed_in, routine):
    services.routine_set_archived(routine=routine, archived=True)
    response = signed_in.post(archive_url(routine), {"archived": "0"})
    assert response["Location"] == routine.get_absolute_url()
    routine.refresh_from_db()
    assert not routine.archived and routine.share_token is None


def test_unarchive_never_replaces_a_link_that_works(shared):
    token = shared.share_token
    services.routine_set_archived(routine=shared, archived=True)
    assert services.routine_unarchive(routine=shared, share_again=True) == token
    shared.refresh_from_db()
    assert not shared.archived and shared.share_token == token
    with pytest.raises(TypeError):
        services.routine_unarchive(shared)  # keyword-only
