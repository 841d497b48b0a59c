"""The runner's log and the coach's panel on warning signs the symptom checker treats as an
emergency or as "see a doctor today": said at once, as the checker says it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import Routine
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "log"}


@pytest.fixture
def shared(coach, clamshell, squat):
    routine = make_routine(coach, exercises=[clamshell, squat])
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=1))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    return routine


def post_log(client, routine, data=None, **headers):
    payload = {"listed": "1", "date": timezone.localdate().isoformat(), "pain": "1"}
    payload.update(data or {})
    return client.post(
        reverse("session_create", args=[routine.share_token]), payload, headers=headers
    )


def care_box(html: str) -> str:
    start = html.index('class="care care-')
    return html[start : html.index("</div>", start)]


@pytest.mark.parametrize("sign", ["saddle_or_bladder", "no_weight"])
def test_an_emergency_sign_with_pain_1_shows_call_999_and_112_on_the_log(client, shared, sign):
    response = post_log(client, shared, {"warning": [sign]}, **HTMX)
    html = response.content.decode()
    box = care_box(html)
    assert "Get emergency care now" in box
    assert 'href="tel:999"' in box and 'href="tel:112"' in box
    assert "Open the symptom checker" not in html
    assert "Stop the exercises for now and answer the symptom checker" not in html
    # The checker's rule, with its sources.
    assert 'data-rule="' in box and "NHS" in box
    page = client.get(shared.get_share_url()).content.decode()
    assert 'data-care="emergency"' in page and 'href="tel:999"' in page


def test_an_urgent_sign_says_see_a_doctor_today_with_the_urgent_care_number(client, shared):
    html = post_log(client, shared, {"warning": ["fever"]}, **HTMX).content.decode()
    box = care_box(html)
    assert "See a doctor today" in box and 'href="tel:111"' in box
    assert 'data-rule="fever"' in box


def test_a_milder_sign_still_sends_the_runner_to_the_checker(client, shared):
    html = post_log(client, shared, {"warning": ["limp"]}, **HTMX).content.decode()
    assert 'class="care care-' not in html
    assert "Open the symptom checker" in html


def test_the_coach_reads_told_to_get_emergency_care(client, shared, coach):
    post_log(client, shared, {"warning": ["saddle_or_bladder"]})
    client.force_login(coach)
    html = client.get(shared.get_absolute_url()).content.decode()
    assert "Told to get emergency care" in html
    assert "Told to stop and check their symptoms" not in html
    assert 'data-disposition="emergency"' in html and 'data-care="emergency"' in html


def test_the_coach_reads_pain_6_and_a_milder_sign_differently(client, shared, coach):
    post_log(client, shared, {"pain": "6"})
    client.force_login(coach)
    html = client.get(shared.get_absolute_url()).content.decode()
    assert "Told to ease back" in html and "Told to get emergency care" not in html
    post_log(client, shared, {"warning": ["limp"]})
    html = client.get(shared.get_absolute_url()).content.decode()
    assert "Told to stop and check their symptoms" in html
    assert "Told to get emergency care" not in html


def test_the_older_mixed_sign_still_displays_on_old_entries(client, shared):
    services.session_log(
        routine=shared,
        day=timezone.localdate(),
        pain=1,
        done=[],
        warning_signs=["cannot_bear_weight"],
    )
    page = client.get(shared.get_share_url()).content.decode()
    assert "I can&#x27;t put my full weight on the leg, or I&#x27;ve started to limp" in page
    assert 'value="cannot_bear_weight"' not in page
    assert 'value="no_weight"' in page and 'value="limp"' in page
