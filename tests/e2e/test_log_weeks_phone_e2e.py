"""The week table on a phone (fresh tester, 390x844: cells such as "1 done of 14 prescribed so
far (1 of 7 days)" were kept on one line, so the table ran off the screen with its words
clipped at the card's edge, the caption under it too, and nothing said it scrolled)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import assert_no_axe_violations, phone_context
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def logged(django_user_model):
    coach = make_user(django_user_model, "sam", coach=True)
    moves = [make_exercise(f"Move with a longer name {n}") for n in range(4)]
    routine = make_routine(coach, title="Hips", exercises=moves)
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=3))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    items = list(routine.items.all())
    today = timezone.localdate()
    for days_ago in (0, 3, 8, 15):
        done = [(item.pk, "all") for item in items[: 1 + days_ago % 3]]
        services.session_log(
            routine=routine, day=today - timedelta(days=days_ago), pain=2, done=done
        )
    return routine


def test_the_week_tables_words_are_never_clipped_and_it_says_it_scrolls(
    browser, live_server, logged
):
    context = phone_context(browser)
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("session_history", args=[logged.share_token]))
        region = page.get_by_role("region", name="Sessions per week")
        region.scroll_into_view_if_needed()
        # Every cell's text fits its cell: it wraps rather than running past the edge.
        clipped = page.evaluate(
            """() => [...document.querySelectorAll('.log-weeks td, .log-weeks th')]
                .filter(cell => cell.scrollWidth > cell.clientWidth + 1)
                .map(cell => cell.textContent.trim())"""
        )
        assert clipped == []
        # The caption stays within the screen, however wide the table.
        caption = page.locator(".log-weeks caption").bounding_box()
        assert caption["x"] >= 0 and caption["x"] + caption["width"] <= 390, caption
        # Four weeks do not fit on a phone: the table scrolls, and the page says so above it.
        assert page.evaluate(
            "() => { const r = document.querySelector('.table-responsive');"
            " return r.scrollWidth > r.clientWidth; }"
        )
        hint = page.get_by_text("Earlier weeks are to the right")
        assert hint.is_visible()
        assert hint.bounding_box()["y"] < region.bounding_box()["y"]
        # Sliding the table keeps each row's name and the caption in view.
        page.evaluate("() => { document.querySelector('.table-responsive').scrollLeft = 400; }")
        name = page.locator(".log-weeks th[scope=row]").first.bounding_box()
        assert name["x"] >= 0, name
        caption = page.locator(".log-weeks caption").bounding_box()
        assert caption["x"] >= 0 and caption["x"] + caption["width"] <= 390, caption
        assert_no_axe_violations(page)
    finally:
        context.close()
