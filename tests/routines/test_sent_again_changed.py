"""A form sent again with its one-time key but other content is not a double click: it is a new
edit made after Back, on a page the browser kept with its key (tester: the dose page, saved with
sets 2 and "first note", Back, changed to sets 3 and a corrected note, saved: "That was sent
twice" and the correction lost). Same content: still acted on once. Other content: an
idempotent edit of an object unchanged since is applied; otherwise (the object changed since,
or acting again could do a thing twice, as logging a session) the form comes back as sent with
a fresh key, nothing done; a form with nothing typed in it is not acted on, saying so."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from hipcare.submissions import FIELD_NAME
from hipcare.submissions.decorators import NOT_ACTED, REPLAYED, RESENT
from hipcare.submissions.models import Submission
from routines.models import Routine
from routines.session_views import ALREADY_LOGGED
from tests.routines.conftest import make_shared
from tests.routines.test_builder import dose_data, items_url

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/"}
KEY = {FIELD_NAME: "b" * 24}
CORRECTED = "corrected note: keep knee soft"


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def fresh_key(html: str) -> str:
    return re.search(r'name="submission" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["no-js", "htmx"])
def test_a_dose_corrected_after_back_is_saved(signed_in, routine, headers):
    item = routine.items.get(position=1)
    url = items_url(routine, "edit_item", item)
    signed_in.post(
        url, {**dose_data(item, sets="2", coach_note="first note"), **KEY}, headers=headers
    )
    again = signed_in.post(
        url, {**dose_data(item, sets="3", coach_note=CORRECTED), **KEY}, headers=headers
    )
    assert again.status_code in (200, 302)
    item.refresh_from_db()
    assert (item.sets_min, item.coach_note) == (3, CORRECTED)
    # ... and a double click of the corrected form is acted on once, as before.
    signed_in.post(url, {**dose_data(item, sets="3", coach_note=CORRECTED), **KEY})
    assert signed_in.get(routine.get_absolute_url()).content.decode().count(REPLAYED) == 1


def test_the_same_dose_sent_again_is_still_a_replay(signed_in, routine):
    item = routine.items.get(position=1)
    url = items_url(routine, "edit_item", item)
    data = {**dose_data(item, sets="2", coach_note="first note"), **KEY}
    signed_in.post(url, data)
    Routine.objects.filter(pk=routine.pk).update(updated=timezone.now())  # would let it apply
    routine.refresh_from_db()
    updated = routine.updated
    signed_in.post(url, data)
    routine.refresh_from_db()
    assert routine.updated == updated
    assert REPLAYED in signed_in.get(routine.get_absolute_url()).content.decode()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["no-js", "htmx"])
def test_a_dose_sent_again_after_the_routine_changed_elsewhere_comes_back_as_typed(
    signed_in, routine, headers
):
    item, other = routine.items.get(position=1), routine.items.get(position=2)
    url = items_url(routine, "edit_item", item)
    signed_in.post(url, {**dose_data(item, sets="2", coach_note="first note"), **KEY})
    signed_in.post(items_url(routine, "edit_item", other), dose_data(other, sets="4"))
    again = signed_in.post(
        url, {**dose_data(item, sets="3", coach_note=CORRECTED), **KEY}, headers=headers
    )
    html = again.content.decode()
    item.refresh_from_db()
    assert (item.sets_min, item.coach_note) == (2, "first note")
    assert RESENT in html and CORRECTED in html
    assert fresh_key(html) != KEY[FIELD_NAME]


def test_details_corrected_after_back_are_saved(signed_in, routine):
    url = reverse("routines:edit", args=[routine.pk])
    data = {"title": "Hips", "for_whom": "", "level": "beginner", "notes": "first", **KEY}
    signed_in.post(url, data)
    signed_in.post(url, {**data, "notes": "second"})
    routine.refresh_from_db()
    assert routine.notes == "second"


def test_a_new_routine_changed_after_back_is_shown_back_not_made_twice(signed_in, coach):
    url = reverse("routines:new")
    signed_in.post(url, {"title": "Glutes", "level": "beginner", **KEY})
    again = signed_in.post(url, {"title": "Glutes, weeks 1-4", "level": "beginner", **KEY})
    html = again.content.decode()
    assert again.status_code == 409
    assert RESENT in html and 'value="Glutes, weeks 1-4"' in html
    assert fresh_key(html) != KEY[FIELD_NAME]
    assert list(Routine.objects.values_list("title", flat=True)) == ["Glutes"]


def test_a_button_sent_again_with_another_value_is_not_acted_on(signed_in, routine):
    url = reverse("routines:share", args=[routine.pk])
    signed_in.post(url, {"action": "issue", **KEY})
    routine.refresh_from_db()
    token = routine.share_token
    again = signed_in.post(url, {"action": "stop", **KEY}, headers={"Referer": "/routines/"})
    routine.refresh_from_db()
    assert routine.share_token == token
    assert again["Location"] == "/routines/"
    assert NOT_ACTED in signed_in.get("/routines/").content.decode()


# The runner's log: logging again could log twice; the form comes back as typed.


@pytest.fixture
def shared(coach, clamshell):
    return make_shared(coach, [clamshell], weeks_ago=1)


def log_data(routine, client, **changes):
    page = client.get(routine.get_share_url()).content.decode()
    done = re.search(r'name="done" value="([^"]+)"', page).group(1)
    today = timezone.localdate().isoformat()
    return {"listed": "1", "date": today, "pain": "2", "done": [done], **KEY, **changes}


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["no-js", "htmx"])
def test_a_log_entry_changed_after_back_comes_back_as_typed(client, shared, headers):
    url = reverse("session_create", args=[shared.share_token])
    client.post(url, log_data(shared, client, note="first note"), headers=headers)
    again = client.post(url, log_data(shared, client, pain="4", note=CORRECTED), headers=headers)
    html = again.content.decode()
    assert again.status_code == 422
    assert shared.sessions.count() == 1
    assert RESENT in html and CORRECTED in html
    assert fresh_key(html) != KEY[FIELD_NAME]
    # The same content again is still "already logged".
    same = client.post(url, log_data(shared, client, note="first note"), headers=headers)
    assert shared.sessions.count() == 1
    if headers:
        assert same["HX-Redirect"]  # the page as it is now, as for any replay with htmx
    else:
        assert ALREADY_LOGGED in client.get(same["Location"]).content.decode()


def test_only_a_keyed_hash_of_a_log_is_kept_with_its_key(client, shared):
    import hashlib

    url = reverse("session_create", args=[shared.share_token])
    client.post(url, log_data(shared, client, note=CORRECTED))
    (row,) = Submission.objects.values("key", "result_url", "digest", "state")
    assert CORRECTED not in str(row) and "knee" not in str(row)
    assert re.fullmatch(r"[0-9a-f]{64}", row["digest"])
    # Keyed (HMAC with the SECRET_KEY): not the plain hash of anything sent.
    assert row["digest"] not in {hashlib.sha256(CORRECTED.encode()).hexdigest()}


def test_a_new_order_sent_after_back_is_applied(signed_in, routine):
    url = reverse("routines:reorder", args=[routine.pk])
    a, b, c = routine.items.order_by("position").values_list("pk", flat=True)
    signed_in.post(url, {"item": [b, a, c], **KEY})
    signed_in.post(url, {"item": [c, b, a], **KEY})
    assert list(routine.items.order_by("position").values_list("pk", flat=True)) == [c, b, a]


def test_a_next_morning_answer_changed_after_back_is_judged_by_its_own_stale_check(client, shared):
    """The form says what the page showed (`was`): the first send answered, so the second is
    stale, refused as such beside the entry (409), not "sent twice"; the first answer stays."""
    from tests.routines.test_session_log import log

    session = log(shared, days_ago=1)
    url = reverse("session_morning", args=[shared.share_token, session.pk])
    client.post(url, {"morning": "worse", "was": "", **KEY})
    again = client.post(
        url, {"morning": "better", "was": "", **KEY}, headers={"HX-Request": "true"}
    )
    assert again.status_code == 409
    assert "was already answered “Worse”" in again.content.decode()
    session.refresh_from_db()
    assert session.morning == "worse"
