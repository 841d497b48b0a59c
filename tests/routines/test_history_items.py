"""The log's history reads the routine's items as its counts and week table need them
(session_views.CountedItem: id, how often due, the exercise's name), cached as the items
are, under the routine's last change and the catalogue version: the items themselves (their
models, unpickled from the cache) were about 0.3 ms of its request. Nothing a runner logs is
in it; a changed dose or a renamed exercise shows at once."""

import pytest
from django.core.cache import cache

from routines import services, views
from tests.routines.conftest import history_url
from tests.routines.test_same_counts import log, week_cells

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def history(client, routine) -> str:
    return client.get(history_url(routine), headers={"HX-Request": "true"}).content.decode()


def test_the_history_does_not_read_the_items_themselves_once_cached(client, shared, monkeypatch):
    log(shared, days_ago=1)
    first = history(client, shared)
    read = []
    items_of = views._items_of
    monkeypatch.setattr(
        views, "_items_of", lambda routine: read.append(routine) or items_of(routine)
    )
    again = history(client, shared)
    assert week_cells(again, "Clamshell") == week_cells(first, "Clamshell")
    assert week_cells(again, "Goblet squat") == week_cells(first, "Goblet squat")
    assert read == []


def test_a_changed_dose_is_counted_at_once(client, shared):
    log(shared, days_ago=1)
    item = shared.items.get(exercise__name="Clamshell")
    item.frequency_min, item.frequency_max, item.frequency_period = 1, 1, "day"
    before = week_cells(history(client, shared), "Clamshell")
    services.routine_save_item(item=item)
    after = week_cells(history(client, shared), "Clamshell")
    assert before != after
    assert "of 7 prescribed" in after[1]


def test_a_renamed_exercise_is_named_at_once(client, shared, clamshell):
    log(shared, days_ago=1)
    assert week_cells(history(client, shared), "Clamshell")
    clamshell.name = "Side-lying clamshell"
    clamshell.save()
    assert week_cells(history(client, shared), "Side-lying clamshell")
