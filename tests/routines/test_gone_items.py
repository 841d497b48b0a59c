"""Acting on an item that is no longer in the routine (removed in another tab, or an id from
another of the coach's routines): the builder as it is now, saying why, never a 404 page."""

import re
import uuid

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape

from routines import services, views
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine, positions

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true", "HX-Target": "routine-panel"}

# Every URL that takes an item id, with what its button or form sends.
ITEM_ACTIONS = [
    ("move_item", "POST", {"direction": "up"}),
    ("move_item", "POST", {"direction": ""}),
    ("delete_item", "POST", {}),
    ("swap_item", "POST", {"exercise": "clamshell"}),
    ("edit_item", "POST", {"sets": "3"}),
    ("dose_item", "GET", {}),
    # The follow-up panel's "Apply" (the next step: "record progress").
    ("progress_item", "POST", {}),
]


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def gone_item(routine):
    """The routine's second item, removed "in another tab"; the routine's items after it."""
    item = routine.items.order_by("position")[1]
    assert services.routine_remove_item(item=item)
    return item


def send(client, name, method, data, routine, item_pk, *, htmx):
    url = reverse(f"routines:{name}", args=[routine.pk, item_pk])
    headers = HTMX if htmx else {}
    if htmx and method == "GET":
        headers = {
            "HX-Request": "true",
            "HX-Target": "dose-slot",
            "HX-Current-URL": f"http://testserver{routine.get_absolute_url()}",
        }
    if method == "GET":
        return client.get(url, headers=headers)
    return client.post(url, {**data, "next": routine.get_absolute_url()}, headers=headers)


@pytest.mark.parametrize(("name", "method", "data"), ITEM_ACTIONS)
def test_an_item_removed_in_another_tab_gets_the_panel_as_it_is_now_with_htmx(
    signed_in, routine, name, method, data
):
    item = gone_item(routine)
    before = positions(routine)
    response = send(signed_in, name, method, data, routine, item.pk, htmx=True)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#routine-panel"
    assert response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    # A refusal looks like one: the panel's alert, and on a phone the bar (QA: it was green).
    assert f'<div class="alert alert-danger" role="alert">{escape(views.ITEM_GONE)}</div>' in html
    if method == "POST":
        assert '<span class="refusal">Not done: see why in the routine.</span>' in html
    assert 'data-routine-focus="routine-heading"' in html
    assert f'id="item-{item.pk}"' not in html
    for other in routine.items.all():
        assert f'id="item-{other.pk}"' in html
    assert positions(routine) == before


@pytest.mark.parametrize(("name", "method", "data"), ITEM_ACTIONS)
def test_an_item_removed_in_another_tab_sends_a_plain_request_back_to_the_builder(
    signed_in, routine, name, method, data
):
    item = gone_item(routine)
    before = positions(routine)
    response = send(signed_in, name, method, data, routine, item.pk, htmx=False)
    assert response.status_code == 302
    assert response["Location"] == f"{routine.get_absolute_url()}#routine-panel"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [views.ITEM_GONE]
    assert positions(routine) == before
    page = signed_in.get(routine.get_absolute_url()).content.decode()
    assert f'alert-warning" role="alert">{escape(views.ITEM_GONE)}</div>' in page


@pytest.mark.parametrize(("name", "method", "data"), ITEM_ACTIONS)
def test_an_item_of_another_of_the_coachs_routines_is_not_acted_on(
    signed_in, coach, routine, name, method, data
):
    other = make_routine(coach, exercises=[make_exercise("Bridge")])
    stranger = other.items.get()
    before = positions(other), positions(routine)
    response = send(signed_in, name, method, data, routine, stranger.pk, htmx=True)
    assert response.status_code == 200
    assert escape(views.ITEM_GONE) in response.content.decode()
    assert (positions(other), positions(routine)) == before


@pytest.mark.parametrize(("name", "method", "data"), ITEM_ACTIONS)
def test_another_coachs_routine_is_still_a_404(client, other_coach, routine, name, method, data):
    client.force_login(other_coach)
    item = routine.items.first()
    for item_pk in (item.pk, item.pk + 1000):
        response = send(client, name, method, data, routine, item_pk, htmx=True)
        assert response.status_code == 404


def test_enter_in_the_place_box_of_a_removed_item_says_it_is_gone(signed_in, routine):
    """The Place form sends every box; one belongs to the item removed meanwhile."""
    items = list(routine.items.order_by("position"))
    item = gone_item(routine)
    data = {f"place-{i.pk}": str(i.position) for i in items}
    data[f"place-{item.pk}"] = "1"
    before = positions(routine)
    response = signed_in.post(reverse("routines:place_item", args=[routine.pk]), data, headers=HTMX)
    assert response.status_code == 200
    assert escape(views.ITEM_GONE) in response.content.decode()
    assert positions(routine) == before


def test_a_double_click_on_a_removed_item_still_acts_once(signed_in, routine):
    item = routine.items.order_by("position")[1]
    url = reverse("routines:delete_item", args=[routine.pk, item.pk])
    data = {"submission": uuid.uuid4().hex, "next": routine.get_absolute_url()}
    first = signed_in.post(url, data, headers=HTMX)
    assert "Undo" in first.content.decode()
    second = signed_in.post(url, data, headers=HTMX)
    assert second.status_code == 200 and second.has_header("HX-Redirect")
    assert routine.items.count() == 2


def test_an_archived_routine_s_items_still_act(signed_in, routine):
    services.routine_set_archived(routine=routine, archived=True)
    last = routine.items.order_by("position").last()
    response = signed_in.post(
        reverse("routines:move_item", args=[routine.pk, last.pk]),
        {"direction": "up"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert re.search(r"Moved .* to number 2 of 3", response.content.decode())
