"""An entry logged for a day that is not the log's latest (from a browser zone behind the
last entry's, or back-dated with the date field) never hides its advice: QA logged pain 1 on
30 Nov from Singapore, then from Denver (still 29 Nov) pain 5 with "I can't put any weight on
the leg", and was told "The advice below is about your latest session... not the one you
just logged", then "Stop and check your symptoms", with no call buttons, while the coach's
card said HipCare had told them "Get emergency care now"."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import monitoring
from tests.routines.conftest import make_shared

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "log"}


@pytest.fixture
def shared(coach, clamshell):
    return make_shared(coach, [clamshell], weeks_ago=1)


def post_log(client, routine, day, data=None, **headers):
    payload = {"listed": "1", "date": day.isoformat(), "pain": "1"}
    payload.update(data or {})
    return client.post(
        reverse("session_create", args=[routine.share_token]), payload, headers=headers
    )


def today():
    return timezone.localdate()


def top(html: str) -> str:
    start = html.index('id="runner-top"')
    return html[start : html.index("</nav>", start)]


def focused(html: str) -> list[str]:
    """The elements that take the focus (data-autofocus), as their opening tags."""
    return re.findall(r"<[^>]*data-autofocus[^>]*>", html)


def emergency_backdated(client, routine, **headers):
    post_log(client, routine, today(), **headers)
    return post_log(
        client,
        routine,
        today() - timedelta(days=1),
        {"pain": "5", "warning": ["no_weight"]},
        **headers,
    )


def assert_emergency_first(html: str):
    assert "not the one you just logged" not in html
    assert "you were told to get emergency care" not in html
    assert "Stop and check your symptoms" not in html
    log = html[html.index('id="log"') :]
    box = log[log.index('class="care care-emergency') :]
    assert "Get emergency care now" in box[:2000] and 'href="tel:999"' in box
    # The emergency's heading is what takes the focus, and the only thing.
    (tag,) = focused(log)
    assert "care-heading" in tag
    assert 'data-advice-now="emergency"' in top(html)


def test_an_earlier_days_emergency_logged_with_htmx_is_shown_first(client, shared):
    response = emergency_backdated(client, shared, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert_emergency_first(html)
    # Said about the entry just logged, the day it was logged for.
    yesterday = today() - timedelta(days=1)
    assert f"After your session on {yesterday:%A} {yesterday.day} {yesterday:%B}" in html


def test_an_earlier_days_emergency_logged_without_javascript_is_shown_first(client, shared):
    response = emergency_backdated(client, shared)
    assert response.status_code == 302
    assert "#" not in response["Location"]  # a #fragment would cancel autofocus
    html = client.get(response["Location"]).content.decode()
    assert_emergency_first(html)
    assert re.search(r'class="h4 care-heading" tabindex="-1" data-autofocus autofocus', html)


def test_the_emergency_stays_the_advice_now_on_later_loads(client, shared):
    emergency_backdated(client, shared)
    page = client.get(shared.get_share_url()).content.decode()
    assert 'data-care="emergency"' in page and 'href="tel:999"' in page
    assert 'data-advice-now="emergency"' in top(page)
    assert "you were told to get emergency care" not in page


def test_a_later_entry_logged_after_it_reads_it_as_the_days_before(client, shared):
    emergency_backdated(client, shared)
    # Logged after the emergency (in time): the runner has been shown it; the latest day's
    # advice (stop, naming it) is the advice now.
    post_log(client, shared, today())
    page = client.get(shared.get_share_url()).content.decode()
    assert "you were told to get emergency care" in page
    # The headline names the emergency the stop is held by, not the milder level.
    assert 'data-advice-now="emergency"' in top(page)


def test_the_coachs_panel_says_what_the_runner_was_shown(client, shared, coach):
    emergency_backdated(client, shared)
    client.force_login(coach)
    panel = client.get(reverse("routines:builder", args=[shared.pk])).content.decode()
    assert "Get emergency care now" in panel
    assert "you were told to get emergency care" not in panel
    assert "the runner was told to get emergency care" not in panel


def stop_backdated(client, routine, **headers):
    post_log(client, routine, today(), **headers)
    return post_log(client, routine, today() - timedelta(days=2), {"pain": "8"}, **headers)


def assert_stop_first(html: str):
    """An earlier day's stop logged after the latest day's calm entry still holds: it is the
    advice now, the one advice box, focused, with no calmer "Carry on" under it (fresh tester:
    a red stop for the entry just logged, then a green "Carry on" for the later day)."""
    log = html[html.index('id="log"') :]
    assert 'id="logged-advice"' not in log
    box = log[log.index('id="advice"') :]
    assert 'data-advice="stop"' in box[:200]
    assert "Stop and check your symptoms" in box[:400]
    assert ">Carry on<" not in log
    (tag,) = focused(log)
    assert "Stop and check your symptoms" in log[log.index(tag) : log.index(tag) + 200]
    assert 'data-advice-now="stop"' in top(html)
    assert "not the one you just logged" not in html


def test_an_earlier_days_stop_logged_with_htmx_comes_first(client, shared):
    assert_stop_first(stop_backdated(client, shared, **HTMX).content.decode())


def test_an_earlier_days_stop_logged_without_javascript_comes_first(client, shared):
    response = stop_backdated(client, shared)
    html = client.get(response["Location"]).content.decode()
    assert_stop_first(html)
    assert "data-autofocus autofocus>Stop and check your symptoms" in html


def test_the_stop_holds_until_a_later_entry_of_the_latest_day(client, shared):
    response = stop_backdated(client, shared)
    page = client.get(response["Location"]).content.decode()
    assert 'data-advice-now="stop"' in top(page)
    post_log(client, shared, today())
    html = client.get(response["Location"]).content.decode()
    assert 'id="logged-advice"' not in html
    assert 'data-advice="continue"' in html[html.index('id="advice"') :][:200]


def test_advise_current_compares_by_when_logged():
    from datetime import UTC, date, datetime

    day = date(2026, 11, 30)

    def entry(on, minute, **kwargs):
        logged = datetime(2026, 11, 30, 6, minute, tzinfo=UTC)
        return monitoring.Entry(day=on, logged=logged, **kwargs)

    calm_first = entry(day, 0, pain=1)
    sign = entry(day - timedelta(days=1), 5, pain=5, warning_signs={"no_weight"})
    now = monitoring.advise_current([calm_first, sign])
    assert now.care is monitoring.checker.Tier.EMERGENCY and now.day == sign.day
    calm_after = entry(day, 10, pain=1)
    now = monitoring.advise_current([calm_first, sign, calm_after])
    assert now.care is None and now.day == day and now.check_symptoms
