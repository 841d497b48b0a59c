"""The runner's page's links to its stylesheets and scripts, and its header for a visitor not
signed in, come from its cached parts (routines.views.shared_page, hipcare.fragments
.static_links): the same markup as drawn, redrawn when the static files change, and never
a signed-in visitor's header."""

from unittest import mock

import pytest
from django.contrib.staticfiles.storage import StaticFilesStorage
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.conftest import miss_fragments

pytestmark = pytest.mark.django_db


class CollectedStatic(StaticFilesStorage):
    """Static files as collectstatic left them: a manifest whose hash names this version, and
    URLs that carry it (as the manifest's hashed names do)."""

    manifest_hash = "first"

    def url(self, name):
        return f"{super().url(name)}?v={self.manifest_hash}"


class CollectedAgain(CollectedStatic):
    manifest_hash = "second"


def storage(backend: type) -> dict:
    return {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": f"{__name__}.{backend.__name__}"},
    }


def test_a_warm_runners_page_asks_the_static_files_for_no_url(shared):
    """Each {% static %} asks the storage for a hashed name: once the page's parts are
    cached, its eleven links are read with them."""
    url = shared.get_share_url()
    miss_fragments()
    first = Client().get(url).content.decode()
    with mock.patch("django.templatetags.static.StaticNode.handle_simple") as static:
        again = Client().get(url).content.decode()
    assert not static.called
    assert again.count('<link rel="stylesheet"') == first.count('<link rel="stylesheet"') == 6
    for name in ("css/hipcare.css", "css/sheet.css", "css/routines.css", "js/hipcare.js"):
        assert f"/static/{name}" in again


def test_the_runners_page_links_the_static_files_as_collected_now(shared):
    """A new collectstatic (a new manifest hash) draws the links again: never an old file's
    hashed name from the cache."""
    url = shared.get_share_url()
    miss_fragments()
    with override_settings(STORAGES=storage(CollectedStatic)):
        assert "css/sheet.css?v=first" in Client().get(url).content.decode()
        assert "css/hipcare.css?v=first" in Client().get(url).content.decode()
    with override_settings(STORAGES=storage(CollectedAgain)):
        html = Client().get(url).content.decode()
    assert "?v=first" not in html
    assert "css/sheet.css?v=second" in html and "js/csrf.js?v=second" in html


def test_the_runners_page_draws_a_signed_in_visitors_own_header(shared, coach):
    """The cached header is a visitor's not signed in: the coach trying the link after a
    runner opened it sees their own (Sign out, Routines), and a runner after them "Sign in"."""
    url = shared.get_share_url()
    miss_fragments()
    assert "Sign in" in Client().get(url).content.decode()
    signed_in = Client()
    signed_in.force_login(coach)
    html = signed_in.get(url).content.decode()
    assert "Sign out" in html and ">Routines<" in html and "Sign in" not in html
    runner = Client().get(url).content.decode()
    assert "Sign in" in runner and "Sign out" not in runner and ">Routines<" not in runner


def test_the_runners_page_counts_its_log_in_the_routines_query_without_grouping(shared):
    """The entries and the days they are on, read with the routine as plain COUNTs (one row
    each, 0 for none): no GROUP BY or COALESCE for the ORM to build on every request."""
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(shared.get_share_url()).status_code == 200
    (routine_query,) = [q["sql"] for q in queries if "session" in q["sql"].lower()]
    assert "COUNT(DISTINCT" in routine_query
    assert "GROUP BY" not in routine_query and "COALESCE" not in routine_query
