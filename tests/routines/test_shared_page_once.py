"""The runner's page works out each address it needs once per request: its own path (the
share link's, which the log's steps and the sheet's QR link both use), and not the symptom
checker's absolute address, which only the printed sheet shows."""

from collections import Counter
from contextlib import contextmanager
from unittest import mock

import pytest
from django import urls
from django.db import connection
from django.template.base import Variable, VariableDoesNotExist
from django.test.utils import CaptureQueriesContext
from django.urls import get_script_prefix, set_script_prefix
from django.urls import reverse as django_reverse

from routines import models, services, session_views, views
from tests.conftest import miss_fragments

pytestmark = pytest.mark.django_db


def _reversed(client, url: str, headers=None) -> Counter:
    made = Counter()

    def counting(viewname, *args, **kwargs):
        made[viewname] += 1
        return django_reverse(viewname, *args, **kwargs)

    with (
        mock.patch.object(views, "reverse", counting),
        mock.patch.object(session_views, "reverse", counting),
        mock.patch.object(models, "reverse", counting),
    ):
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return made


def test_the_runners_page_reverses_each_address_once(client, shared):
    made = _reversed(client, shared.get_share_url())
    assert made["shared_routine"] == 1, made
    assert all(count == 1 for count in made.values()), made
    assert "triage:form" not in made, made


def test_the_printed_sheet_still_names_the_checker_in_full(client, coach, shared):
    client.force_login(coach)
    response = client.get(django_reverse("routines:print", args=[shared.pk]))
    assert b'class="sheet-checker" href="http://testserver/triage/"' in response.content


def test_the_runners_page_reverses_no_address_but_its_own(client, shared):
    """The log's addresses (its history, the form's action) are made from the page's own path
    (session_views.runner_urls), not one reverse() each, its template's {% url %} included
    (Django's URL tag imports reverse from django.urls as it renders)."""
    made = Counter()

    def counting(viewname, *args, **kwargs):
        made[viewname] += 1
        return django_reverse(viewname, *args, **kwargs)

    with mock.patch.object(urls, "reverse", counting):
        made.update(_reversed(client, shared.get_share_url()))
    assert made == Counter({"shared_routine": 1}), made


@pytest.mark.parametrize("prefix", ["/", "/hipcare/"])
def test_the_logs_addresses_are_those_reverse_gives(prefix):
    """runner_urls' addresses are reverse()'s for the same names, under a script prefix too."""
    with script_prefix(prefix):
        page, urls = session_views.runner_urls("a-token_1")
        assert page == django_reverse("shared_routine", args=["a-token_1"])
        assert urls == {
            "log_history_url": django_reverse("session_history", args=["a-token_1"]),
            "log_create_url": django_reverse("session_create", args=["a-token_1"]),
        }


@contextmanager
def script_prefix(prefix: str):
    before = get_script_prefix()
    set_script_prefix(prefix)
    try:
        yield
    finally:
        set_script_prefix(before)


@pytest.mark.parametrize("archived", [False, True])
def test_the_runners_page_names_the_coach_from_its_one_query(client, coach, shared, archived):
    """The routine's query reads the coach's names, not the whole User (its password hash with
    it), and the sheet (and the archived notice) name the coach with no query of the User of
    their own, the sheet drawn afresh or from the cache (then the routine's is the only one)."""
    coach.first_name, coach.last_name = "Ada", "Okafor"
    coach.save()
    if archived:
        services.routine_set_archived(routine=shared, archived=True)
    url = shared.get_share_url()
    for fragments_cached in (False, True):
        if not fragments_cached:
            miss_fragments()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        sql = [query["sql"] for query in queries]
        # The sheet drawn afresh reads the items (their steps, their sources) too.
        assert len(sql) == 1 or not fragments_cached, sql
        assert [text for text in sql if "auth_user" in text] == sql[:1], sql
        assert "password" not in sql[0]
        page = response.content.decode()
        assert "<dd>Ada Okafor</dd>" in page
        assert ("Ada Okafor" in page.split('id="routine-archived"')[-1][:600]) is archived


def test_the_runners_page_asks_its_templates_for_nothing_missing(client, shared):
    """Every name the runner's page's templates read is in its context: a failed lookup costs
    the render an exception each (Django's VariableDoesNotExist, caught)."""
    missing = []
    resolve = Variable._resolve_lookup

    def noting(self, context):
        try:
            return resolve(self, context)
        except VariableDoesNotExist:
            missing.append(self.var)
            raise

    client.get(shared.get_share_url())
    with mock.patch.object(Variable, "_resolve_lookup", noting):
        assert client.get(shared.get_share_url()).status_code == 200
    assert missing == []
