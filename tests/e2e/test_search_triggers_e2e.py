"""The search forms that update their results with htmx (the builder's catalogue, the routine
list): tick boxes and drop-downs search on change, the search box as it is typed in, and
leaving the search box sends nothing (its change event would send the search again, and that
answer, pushing its address, could cancel a click on a result made right after typing)."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from routines.models import Routine
from tests.conftest import make_user
from tests.e2e.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def coach(page, live_server, django_user_model):
    call_command("load_catalogue", verbosity=0)
    user = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    sign_in(page, live_server, "sam", PASSWORD)
    return user


def searches_sent(page) -> list[str]:
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.headers.get("hx-request") else None)
    return sent


def test_a_tick_box_in_the_builder_filters_at_once(page, live_server, coach):
    routine = Routine.objects.create(owner=coach, title="Hips")
    page.goto(f"{live_server.url}/routines/{routine.pk}/")
    page.wait_for_load_state()
    have = page.get_by_role("group", name="What I have")
    have.get_by_label("Mat").check()
    expect(page).to_have_url(re.compile(r"equipment=mat"))
    expect(page.locator("#catalogue-results")).to_contain_text("match your filters")


def test_leaving_the_routine_search_box_sends_nothing(page, live_server, coach):
    for title in ("Hips, weeks 1-6", "Knees"):
        Routine.objects.create(owner=coach, title=title)
    page.goto(f"{live_server.url}/routines/")
    page.wait_for_load_state()
    page.get_by_label("Search").fill("Hips")
    expect(page).to_have_url(re.compile(r"q=Hips"))
    expect(page.locator("#routine-results")).not_to_contain_text("Knees")
    sent = searches_sent(page)
    page.get_by_role("link", name="New routine").focus()
    page.wait_for_timeout(800)
    assert sent == []
