"""Every place that words an entry's own advice says what the runner was actually told: for a
warning sign the symptom checker treats as an emergency or "see a doctor today", that, not
the stored "stop" (the CSV, the coach's notice of a deleted entry and the runner's words about
it, the routine list's badge)."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import DeletedEntryNotice

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true", "HX-Target": "log"}

# (signs, what the entry's own advice says, the notice's value, "that advised ...")
TOLD = [
    (["saddle_or_bladder"], "Get emergency care now", "emergency", "getting emergency care"),
    (["red_or_warm"], "See a doctor today", "urgent", "seeing a doctor today"),
    (["limp"], "Stop and check your symptoms", "stop", "stopping"),
]




def log(routine, signs, *, days_ago=1, pain=1):
    return services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=days_ago),
        pain=pain,
        done=[(item.pk, "") for item in routine.items.all()],
        warning_signs=signs,
        note="private words",
    )


@pytest.mark.parametrize(("signs", "label", "value", "advised"), TOLD)
def test_the_csv_says_what_the_runner_was_told(client, coach, shared, signs, label, value, advised):
    session = log(shared, signs)
    assert session.advice == "stop"  # stored as before
    client.force_login(coach)
    response = client.get(reverse("routines:session_log_csv", args=[shared.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[1][3] == f"{label} (because of the warning sign ticked)"


@pytest.mark.parametrize(("signs", "label", "value", "advised"), TOLD)
def test_deleting_an_entry_tells_the_coach_what_the_runner_was_told(
    client, coach, shared, signs, label, value, advised
):
    session = log(shared, signs)
    runner = client.__class__()
    asked = runner.get(f"{shared.get_share_url()}?delete={session.pk}").content.decode()
    assert f"an entry from that day advising {advised} was deleted" in asked
    delete = reverse("session_delete", args=[shared.share_token, session.pk])
    done = runner.post(delete, {"confirm": "yes"}, headers=HTMX).content.decode()
    assert f"that advised {advised} was deleted" in done
    notice = DeletedEntryNotice.objects.get()
    assert (notice.day, notice.advice) == (session.day, value)
    client.force_login(coach)
    page = client.get(shared.get_absolute_url()).content.decode()
    day = session.day.strftime("%a %-d %b")
    assert f"An entry from {day} that advised {advised} was deleted by the runner." in page
    assert "private words" not in page
    if value != "stop":
        assert "advised stopping" not in page and "advising stopping" not in asked


def test_a_notice_stored_before_keeps_reading_as_it_did(client, coach, shared):
    for advice in ("stop", "ease_back"):
        DeletedEntryNotice.objects.create(routine=shared, day=timezone.localdate(), advice=advice)
    client.force_login(coach)
    page = client.get(shared.get_absolute_url()).content.decode()
    assert "that advised stopping was deleted by the runner." in page
    assert "the runner was told to stop the exercises, answer the symptom checker" in page
    assert "that advised easing back was deleted by the runner." in page


@pytest.mark.parametrize(
    ("signs", "badge"),
    [
        (["saddle_or_bladder"], "Told to get emergency care"),
        (["red_or_warm"], "Told to see a doctor today"),
        (["limp"], "Stop advised"),
    ],
)
def test_the_routine_lists_badge_says_what_the_runner_was_told(client, coach, shared, signs, badge):
    log(shared, signs)
    log(shared, ["limp"], days_ago=2)  # the more urgent of the unseen ones wins
    client.force_login(coach)
    listing = client.get(reverse("routines:list")).content.decode()
    assert f"{badge}<span" in listing
    if badge != "Stop advised":
        assert "Stop advised" not in listing
