"""The coach's "Mark as seen" marks what its card shows, that only; cards most urgent first;
each button named for its card's advice (QA: one click cleared a day's six alerts)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import Routine, SessionLog
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(coach, clamshell, squat):
    routine = make_routine(coach, exercises=[clamshell, squat])
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=1))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    return routine


def _day_of_alerts(routine):
    """As the tester logged it: one day, a pain stop, then a fever, saddle numbness, no weight."""
    today = timezone.localdate()
    logged = [services.session_log(routine=routine, day=today, pain=8, done=[])]
    for signs in (["fever"], ["saddle_or_bladder"], ["cannot_bear_weight"]):
        logged.append(
            services.session_log(routine=routine, day=today, pain=2, done=[], warning_signs=signs)
        )
    return logged


def _cards(html):
    return re.findall(r'data-stop-session="(\d+)" data-told="([a-z_]+)"', html)


def test_marking_one_stop_as_seen_leaves_the_others_of_its_day(shared):
    pain8, *others = _day_of_alerts(shared)
    assert pain8.advice == "stop"
    assert services.session_mark_seen(routine=shared, session_pk=pain8.pk) == 1
    assert services.session_mark_seen(routine=shared, session_pk=pain8.pk) == 0  # double click
    unseen = SessionLog.objects.filter(
        routine=shared, advice="stop", coach_seen_at__isnull=True
    ).values_list("pk", flat=True)
    assert set(unseen) == {other.pk for other in others if other.advice == "stop"}
    assert len(unseen) >= 2


def test_cards_are_most_urgent_first_and_each_button_names_its_card(client, coach, shared):
    _day_of_alerts(shared)
    client.force_login(coach)
    html = client.get(shared.get_absolute_url()).content.decode()
    cards = _cards(html)
    urgency = {"emergency": 4, "urgent": 3, "stop": 2}
    ranks = [urgency[told] for _pk, told in cards]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] == 4 and ranks[-1] == 2
    names = re.findall(r'Mark as seen<span class="visually-hidden"> \(([^)]*)\)', html)
    words = {"emergency": "emergency", "urgent": "doctor today", "stop": "stop"}
    assert [name.split(" on ")[0] for name in names] == [words[told] for _pk, told in cards]


def test_clicking_the_pain_8_card_keeps_the_emergency_cards(client, coach, shared):
    pain8, *_ = _day_of_alerts(shared)
    client.force_login(coach)
    before = _cards(client.get(shared.get_absolute_url()).content.decode())
    url = reverse("routines:session_seen", args=[shared.pk, pain8.pk])
    html = client.post(url, headers={"HX-Request": "true"}).content.decode()
    after = _cards(html)
    assert after == [card for card in before if card[0] != str(pain8.pk)]
    assert any(told == "emergency" for _pk, told in after)
    assert "Marked as seen: the stop on" in html
    # A second click (or a second tab): told so, as a refusal, nothing else marked.
    html = client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert _cards(html) == after
    notice = re.search(r'<p class="alert ([^"]*) followup-notice" role="([a-z]+)"', html)
    assert notice.group(1) == "alert-warning py-2" and notice.group(2) == "alert"
    assert "Not done: that entry was already marked as seen." in html


def test_marking_an_entry_the_runner_deleted_says_so(client, coach, shared):
    stop = services.session_log(routine=shared, day=timezone.localdate(), pain=8, done=[])
    services.session_delete(session=stop)
    client.force_login(coach)
    url = reverse("routines:session_seen", args=[shared.pk, stop.pk])
    response = client.post(url)
    page = client.get(response["Location"]).content.decode()
    assert "Not done: the runner has deleted that entry." in page
    assert 'class="alert alert-warning py-2 followup-notice" role="alert"' in page


def test_deleted_entry_notices_most_urgent_first_named_and_marked_one_at_a_time(
    client, coach, shared
):
    today = timezone.localdate()
    ease = services.session_log(routine=shared, day=today, pain=6, done=[])
    emergency = services.session_log(
        routine=shared, day=today, pain=1, done=[], warning_signs=["saddle_or_bladder"]
    )
    services.session_delete(session=emergency)
    services.session_delete(session=ease)
    client.force_login(coach)
    html = client.get(shared.get_absolute_url()).content.decode()
    kinds = re.findall(r'data-deleted-advice="([a-z_]+)"', html)
    assert kinds == ["emergency", "ease_back"]
    assert "(deleted emergency entry from" in html and "(deleted ease back entry from" in html
    first = shared.deleted_entry_notices.get(advice="emergency")
    url = reverse("routines:deleted_entry_seen", args=[shared.pk, first.pk])
    html = client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert re.findall(r'data-deleted-advice="([a-z_]+)"', html) == ["ease_back"]
    assert "Marked as seen: the deleted entry of" in html
    html = client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert "Not done: that deleted entry was already marked as seen." in html


# Acting on an entry deleted in another tab says so, with and without JavaScript (QA: the
# page came back with no message).

GONE = "That entry was already deleted (perhaps in another tab), so nothing was changed."
LOG = {"HX-Request": "true", "HX-Target": "log"}


def _deleted_entry(routine):
    day = timezone.localdate() - timedelta(days=1)
    entry = services.session_log(routine=routine, day=day, pain=2, done=[])
    services.session_delete(session=entry)
    return entry


def _gone_notice(html):
    return re.search(
        r'<p class="alert alert-warning py-2 entry-gone" role="alert"[^>]*>([^<]*)', html
    )


@pytest.mark.parametrize("htmx", [True, False])
def test_deleting_an_entry_already_deleted_says_so(client, shared, htmx):
    entry = _deleted_entry(shared)
    url = reverse("session_delete", args=[shared.share_token, entry.pk])
    for data in ({}, {"confirm": "yes"}):  # the first step, and the confirmed delete
        if htmx:
            html = client.post(url, data, headers=LOG).content.decode()
            assert _gone_notice(html).group(1) == GONE
            assert "Entry deleted." not in html
        else:
            response = client.post(url, data)
            assert response.status_code == 302
            page = client.get(response["Location"]).content.decode()
            assert (
                '<div class="alert alert-warning" role="alert" id="action-message" tabindex="-1" '
                f"autofocus>{GONE}</div>"
            ) in page
            assert "Entry deleted." not in page


@pytest.mark.parametrize("htmx", [True, False])
def test_the_delete_step_of_an_entry_already_deleted_says_so(client, shared, htmx):
    entry = _deleted_entry(shared)
    url = f"{shared.get_share_url()}?delete={entry.pk}"
    html = client.get(url, headers=LOG if htmx else {}).content.decode()
    assert _gone_notice(html).group(1) == GONE


@pytest.mark.parametrize("htmx", [True, False])
def test_a_next_morning_answer_on_a_deleted_entry_says_it_was_not_saved(client, shared, htmx):
    entry = _deleted_entry(shared)
    url = reverse("session_morning", args=[shared.share_token, entry.pk])
    if htmx:
        response = client.post(url, {"morning": "same"}, headers=LOG)
        assert response.status_code == 200
        html = response.content.decode()
    else:
        response = client.post(url, {"morning": "same"})
        html = client.get(response["Location"]).content.decode()
    assert "your next-morning answer was not saved" in html
    assert 'role="alert"' in html


def test_an_emergency_stop_comes_before_a_deleted_ease_back_entry(client, coach, shared):
    today = timezone.localdate()
    ease = services.session_log(routine=shared, day=today, pain=6, done=[])
    services.session_delete(session=ease)
    services.session_log(
        routine=shared, day=today, pain=1, done=[], warning_signs=["saddle_or_bladder"]
    )
    client.force_login(coach)
    html = client.get(shared.get_absolute_url()).content.decode()
    assert html.index('data-told="emergency"') < html.index('data-deleted-advice="ease_back"')


def test_a_double_click_on_mark_as_seen_is_acted_on_once(client, coach, shared):
    from hipcare.submissions import FIELD_NAME

    first, *_ = _day_of_alerts(shared)
    client.force_login(coach)
    html = client.get(shared.get_absolute_url()).content.decode()
    url = reverse("routines:session_seen", args=[shared.pk, first.pk])
    form = html[html.index(f'action="{url}"') :]
    key = re.search(rf'name="{FIELD_NAME}" value="([^"]+)"', form).group(1)
    assert client.post(url, {FIELD_NAME: key}).status_code == 302
    again = client.post(url, {FIELD_NAME: key}, follow=True).content.decode()
    assert "That was sent twice; HipCare acted on it once." in again
    assert "Not done" not in again


def test_the_list_badge_says_the_most_urgent_a_deleted_emergency_included(client, coach, shared):
    today = timezone.localdate()
    services.session_log(routine=shared, day=today, pain=8, done=[])  # a pain stop, unseen
    client.force_login(coach)
    listing = client.get(reverse("routines:list")).content.decode()
    assert "Stop advised" in listing
    services.session_delete(
        session=services.session_log(
            routine=shared, day=today, pain=1, done=[], warning_signs=["saddle_or_bladder"]
        )
    )
    listing = client.get(reverse("routines:list")).content.decode()
    assert "Entry deleted (told to get emergency care)" in listing
    assert "Stop advised" not in listing


@pytest.mark.parametrize(
    ("told", "name", "urgency"),
    [("emergency", "emergency", 4), ("urgent", "doctor today", 3), ("stop", "stop", 2)]
    + [("ease_back", "ease back", 1), ("continue", "carry on", 0)],
)
def test_what_the_runner_was_told_has_a_short_name_and_an_urgency(told, name, urgency):
    from routines import monitoring

    assert monitoring.short_name(told) == name
    assert monitoring.told_urgency(told) == urgency


LIVE = re.compile(
    r'<[a-z]+\b[^>]*\b(?:role="(?:alert|status|log)"|aria-live="(?!off)[a-z]+")[^>]*>'
)


def test_after_mark_as_seen_only_the_message_is_a_live_region(client, coach, shared):
    """Every card of the panel was role="alert" (or "status"): a screen reader may read them
    all out again each time a "Mark as seen" swaps the panel in. Only the message saying
    what was done is live; the cards are read where the coach meets them."""
    logged = _day_of_alerts(shared)
    stop = services.session_log(
        routine=shared, day=timezone.localdate() - timedelta(days=3), pain=8, done=[]
    )
    services.session_delete(session=stop)
    client.force_login(coach)
    url = reverse("routines:session_seen", args=[shared.pk, logged[0].pk])
    html = client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert len(_cards(html)) == len(logged) - 1
    assert 'id="deleted-entry-' in html and 'data-look="stop"' in html
    live = LIVE.findall(html)
    assert len(live) == 1 and "followup-notice" in live[0], live
