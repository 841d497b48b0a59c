"""A log form sent after the coach changed the routine is logged, not refused (tester: pain
5, a note and "the hip is swollen" ticked; the coach removed an exercise before the runner
pressed Log; the runner read "Nothing was saved" with the sign's advice, and the coach never
learnt of the sign unless the runner sent the form again). What the runner ticked is logged as
their page showed it (routines.session_forms: done_as_listed; services.session_log), the
routine's change is said, and the one-time key still logs it once. Refusals for bad input stay
refusals, with the sign's advice."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import SessionLog
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine, make_shared

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "log"}


@pytest.fixture
def shared(coach):
    return make_shared(
        coach,
        [make_exercise("Clamshell", unilateral=True), make_exercise("Glute bridge")],
        weeks_ago=1,
    )


def the_form(client, routine) -> dict:
    """The log form as the runner's page draws it: every box ticked, a one-time key."""
    page = client.get(routine.get_share_url()).content.decode()
    form = page[page.index('id="log-form"') :]
    return {
        "submission": re.search(r'name="submission" value="([^"]+)"', form).group(1),
        "listed": "1",
        "exercises": re.search(r'name="exercises" value="([^"]*)"', form).group(1),
        "done": re.findall(r'name="done" value="([^"]+)"', form),
        "date": timezone.localdate().isoformat(),
        "pain": "5",
        "warning": ["swollen"],
        "note": "hip puffy after the run",
    }


def send(client, routine, data, **headers):
    return client.post(reverse("session_create", args=[routine.share_token]), data, headers=headers)


@pytest.mark.parametrize("htmx", [True, False])
def test_the_tester_case_a_removed_exercise_still_logs_the_sign_for_the_coach(
    client, shared, coach, htmx
):
    data = the_form(client, shared)
    clam = shared.items.get(exercise__name="Clamshell")
    assert {f"{clam.pk}:left", f"{clam.pk}:right"} <= set(data["done"])
    services.routine_remove_item(item=clam)
    response = send(client, shared, data, **(HTMX if htmx else {}))
    assert response.status_code == (200 if htmx else 302)
    body = response.content.decode() if htmx else client.get(response["Location"]).content.decode()
    assert "Nothing was saved" not in body
    assert "Your coach changed the routine while your page was open: Clamshell is logged" in body
    (entry,) = SessionLog.objects.filter(routine=shared)
    assert entry.warning_signs == ["swollen"] and entry.pain == 5
    assert entry.advice == SessionLog.Advice.STOP
    removed = entry.done.get(exercise_name="Clamshell")
    assert (removed.item_id, removed.item_ref, removed.side) == (None, clam.pk, "all")
    assert entry.done.filter(exercise_name="Glute bridge", item__isnull=False).exists()
    # The coach learns of it at once: the stop card with the sign.
    client.force_login(coach)
    panel = client.get(shared.get_absolute_url()).content.decode()
    assert f'data-stop-session="{entry.pk}"' in panel and "The hip is swollen" in panel
    # The same form again (a double click, a resend) logs nothing more.
    send(client, shared, data, **(HTMX if htmx else {}))
    assert SessionLog.objects.filter(routine=shared).count() == 1


def test_one_side_of_a_removed_each_side_exercise_is_logged_as_that_side(client, shared):
    data = the_form(client, shared)
    clam = shared.items.get(exercise__name="Clamshell")
    data["done"] = [f"{clam.pk}:left"]
    services.routine_remove_item(item=clam)
    assert send(client, shared, data, **HTMX).status_code == 200
    done = SessionLog.objects.get(routine=shared).done.get()
    assert (done.exercise_name, done.side, done.item_ref) == ("Clamshell", "left", clam.pk)


def test_an_item_of_another_routine_listed_by_hand_is_refused_with_the_signs_advice(
    client, shared, coach
):
    other = make_routine(coach, exercises=[make_exercise("Side plank")]).items.get()
    data = the_form(client, shared)
    data["exercises"] += f",{other.pk}:{other.exercise_id}"
    data["done"] = [str(other.pk)]
    response = send(client, shared, data, **HTMX)
    assert response.status_code == 422
    body = response.content.decode()
    assert "not in this routine any more" in body and 'id="pending-advice"' in body
    assert not SessionLog.objects.filter(routine=shared).exists()


def test_bad_input_is_still_refused_with_the_signs_advice(client, shared):
    data = the_form(client, shared)
    clam = shared.items.get(exercise__name="Clamshell")
    services.routine_remove_item(item=clam)
    data["pain"] = ""
    response = send(client, shared, data, **HTMX)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Nothing was saved" in body and 'id="pending-advice"' in body
    assert not SessionLog.objects.filter(routine=shared).exists()
