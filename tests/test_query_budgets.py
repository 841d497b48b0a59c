"""The benchmark's query budget, as a test: every page in bench/pages.py makes at most 6 SQL
queries to render, and the same number with 500 more exercises; a routine of 60 items prints,
and a shared page with 60 sessions logged shows, in as many as with 12 items or 14 sessions
(timings stay in make bench)."""

from dataclasses import replace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.pages import growth_pages, log_growth_pages, pages
from routines import session_views
from tests.conftest import (
    miss_fragments,
)
from tests.exercises.test_catalogue_views import generate_exercises

pytestmark = pytest.mark.django_db
MAX_QUERIES = 6


def queries_for(page, coach) -> int:
    client = Client()
    if page.coach:
        client.force_login(coach)
    send = client.post if page.method == "POST" else client.get
    kwargs = {"data": page.data} if page.method == "POST" else {}
    assert send(page.path, **kwargs).status_code == 200  # warm the option caches
    miss_fragments()  # ...but render the page itself
    with CaptureQueriesContext(connection) as queries:
        assert send(page.path, **kwargs).status_code == 200
    return len(queries)


def test_every_benchmarked_page_keeps_to_the_query_budget_as_the_catalogue_grows(seeded):
    before = {page.name: queries_for(page, seeded["coach"]) for page in pages(seeded)}
    over = {name: count for name, count in before.items() if count > MAX_QUERIES}
    assert not over, f"over {MAX_QUERIES} queries: {over}"
    generate_exercises(500)
    after = {page.name: queries_for(page, seeded["coach"]) for page in pages(seeded)}
    assert after == before


def test_a_longer_routine_prints_in_the_same_queries(seeded):
    for small, large in growth_pages(seeded):
        assert queries_for(small, seeded["coach"]) == queries_for(large, seeded["coach"])


def test_a_longer_log_shows_in_the_same_queries(seeded):
    fortnight, heavy = log_growth_pages(seeded)
    coach = seeded["coach"]
    assert queries_for(heavy, coach) == queries_for(fortnight, coach) <= MAX_QUERIES
    assert (fortnight, heavy) in growth_pages(seeded)  # so make bench holds p50 to 1.5x
    # The page as opened says how many, and links to its history, which lists the newest
    # few and links to the rest: none dropped. The history keeps to the budget too.
    history = f"/r/{seeded['tokenlog60']}/log/"
    assert "60 entries logged over " in Client().get(heavy.path).content.decode()
    fortnights = replace(fortnight, path=f"/r/{seeded['tokenlog14']}/log/")
    assert queries_for(replace(heavy, path=history), coach) == queries_for(fortnights, coach)
    page = Client().get(history).content.decode()
    assert page.count('class="session-entry ') == session_views.RECENT_SHOWN
    assert f"Earlier entries ({60 - session_views.RECENT_SHOWN})" in page
