"""QA (390x844): the pain chart's dots were blue, amber or red with nothing saying what each
meant. On the runner's log and the coach's panel the key under the chart names every colour in
words, fits the phone's screen, and the page passes axe (its contrast checks included)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.charts import LEGEND, MARKED_NAME
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, assert_no_axe_violations, phone_context, sign_in
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def logged(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    routine = make_routine(coach, title="Hips", exercises=[make_exercise("Clamshell")])
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=1))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    item = routine.items.get()
    today = timezone.localdate()
    # One day in each zone: every colour the chart draws.
    for days_ago, pain in ((4, 1), (2, 4), (1, 6)):
        services.session_log(
            routine=routine,
            day=today - timedelta(days=days_ago),
            pain=pain,
            done=[(item.pk, "all")],
        )
    return routine


def _check_key(page, chart: str) -> None:
    key = page.locator(f"{chart} .pain-chart-key")
    key.scroll_into_view_if_needed()
    entries = key.locator("li")
    # The zones' colours, and the diamond: the day of pain 6 was told to stop.
    assert [text.strip() for text in entries.all_inner_texts()] == [
        name[0].upper() + name[1:] for name in (*(name for *_, name in LEGEND), MARKED_NAME)
    ]
    box = key.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    titles = page.locator(f"{chart} .pain-chart-point title").all_text_contents()
    assert len(titles) == 3
    for title, (*_, name) in zip(titles, LEGEND, strict=True):
        assert f"({name})" in title, title
    assert "advice that day: stop" in titles[-1]


def test_the_charts_key_names_each_colour_on_a_phone(browser, live_server, logged):
    context = phone_context(browser)
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("session_history", args=[logged.share_token]))
        _check_key(page, ".pain-chart")
        assert_no_axe_violations(page)
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(live_server.url + logged.get_absolute_url())
        _check_key(page, "#follow-up .pain-chart")
    finally:
        context.close()
