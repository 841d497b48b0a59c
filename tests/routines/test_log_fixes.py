"""Fresh testers' findings on the runner's log, the coach's panel and the builder (fix-log):
one helper for an entry's id in an address, deleted entries that had advised stopping or
easing back, each entry's advice against the day's, the next-morning question asked once per
day from the next day on, and actions on items or routines gone meanwhile."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import Routine
from routines.session_views import entry_id
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "log"}


@pytest.fixture
def shared(coach, clamshell, squat):
    routine = make_routine(coach, exercises=[clamshell, squat])
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=4))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    return routine


def log(routine, *, days_ago=0, pain=2, done=None, **fields):
    if done is None:
        done = [(item.pk, "") for item in routine.items.all()]
    return services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=days_ago),
        pain=pain,
        done=done,
        **fields,
    )


# One helper for an entry's id in an address.


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("", None),
        ("x", None),
        ("-1", None),
        ("9" * 19, None),
        ("²", None),
        ("١٢", None),
    ],
)
def test_entry_id_reads_ascii_digits_only(value, expected):
    assert entry_id(value) == expected


@pytest.mark.parametrize("name", ["delete", "morning"])
def test_a_superscript_digit_in_the_address_is_not_a_500(client, shared, name):
    """str.isdigit() accepts "²", which int() refuses: the inline checks raised ValueError."""
    log(shared, days_ago=1)
    for url in (shared.get_share_url(), reverse("session_list", args=[shared.share_token])):
        for headers in ({}, HTMX):
            response = client.get(url, {name: "²"}, headers=headers)
            assert response.status_code == 200
