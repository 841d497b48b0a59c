"""base.html's cached parts (hipcare.layout): the links to the static files and a signed-out
visitor's header are read in one call of the fragments cache (with Redis each call is a round
trip), drawn once and then reused, and the page is the same as drawn in full. The header is
kept apart for each section and for the checker's answer (whose links open a new tab); a
signed-in visitor's header (their name, a sign-out form with a token) is never kept."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import cache_calls, cache_entries, miss_fragments
from tests.triage.test_fragments import ANSWERS, URL

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _layout_parts_cached(settings):
    """As without Redis (settings.CACHE_LAYOUT_PARTS), whatever this test run's caches."""
    settings.CACHE_LAYOUT_PARTS = True


def fragment_calls(send) -> list[str]:
    """The fragments cache's calls made by `send()` (tests/conftest.cache_calls)."""
    with cache_calls("fragments") as calls:
        response = send()
        assert response.status_code == 200
    return calls


def header(html: str) -> str:
    return re.search(r"<header.*?</header>", html, re.S).group(0)


def head_links(html: str) -> list[str]:
    return re.findall(r'<(?:link|script)[^>]*(?:href|src)="/static/[^"]*"', html)


def test_the_home_page_reads_its_layout_in_one_call():
    """The links and the header: one get_many, and when they are missing one set_many; no
    {% static %} drawn again on a repeat view."""
    client = Client()
    assert fragment_calls(lambda: client.get("/")) == ["get_many", "set_many"]
    assert fragment_calls(lambda: client.get("/")) == ["get_many"]


def test_where_a_read_is_a_round_trip_the_layout_is_drawn(settings):
    """With CACHE_LAYOUT_PARTS off (Redis), a page that reads no cached parts of its own reads
    none for its layout either, and is the same page."""
    client = Client()
    cached = client.get("/").content.decode()
    settings.CACHE_LAYOUT_PARTS = False
    assert fragment_calls(lambda: client.get("/")) == []
    assert client.get("/").content.decode() == cached


def test_the_layout_drawn_from_the_cache_is_the_layout_drawn_in_full():
    client = Client()
    drawn = client.get("/").content.decode()
    cached = client.get("/").content.decode()
    assert drawn == cached
    assert len(head_links(cached)) == 9
    assert 'href="/static/css/hipcare.css"' in cached
    assert 'data-cookie="csrftoken"' in cached
    miss_fragments()
    assert client.get("/").content.decode() == drawn


@pytest.mark.parametrize(
    ("url", "current"),
    [
        (reverse("exercises:list"), "Exercises"),
        (reverse("triage:form"), "Symptom checker"),
        (reverse("home"), None),
    ],
)
def test_the_header_kept_marks_the_section_of_each_page(url, current):
    """Each section's header is kept apart: after the others have been drawn (and kept), the
    page marks its own link as the current page, and no other."""
    client = Client()
    for other in (reverse("exercises:list"), reverse("triage:form"), reverse("home")):
        client.get(other)
    marked = re.findall(r'aria-current="page">([^<]+)<', header(client.get(url).content.decode()))
    assert marked == ([current] if current else [])


def test_the_checkers_answer_keeps_its_own_header(outer_hip_catalogue):
    """The answer's header links open a new tab; the checker's first step, drawn and kept
    before it, does not, and is not drawn with them after it either."""
    client = Client()
    first_step = header(client.get(URL).content.decode())
    assert 'target="_blank"' not in first_step
    for _ in range(2):  # drawn, then from the cache
        answer = header(client.post(URL, ANSWERS).content.decode())
        assert answer.count('target="_blank"') == 3  # home, exercises, sign in
        assert "(opens in a new tab)" in answer
    assert header(client.get(URL).content.decode()) == first_step


def test_a_signed_in_visitors_header_is_never_kept(coach):
    """The coach's header (their name, a sign-out form with a token) is drawn for them; a
    visitor who is not signed in, after them, gets the signed-out header."""
    signed_in = Client()
    signed_in.force_login(coach)
    for _ in range(2):
        mine = header(signed_in.get("/").content.decode())
        assert "Sign out" in mine and coach.get_username() in mine
        assert "csrfmiddlewaretoken" in mine
    anyone = header(Client().get("/").content.decode())
    assert "Sign out" not in anyone and coach.get_username() not in anyone
    assert "csrfmiddlewaretoken" not in anyone and "Sign in" in anyone
    signed_out = Client()
    signed_out.force_login(coach)
    signed_out.post(reverse("logout"))
    assert header(signed_out.get("/").content.decode()) == anyone
    # Nothing kept holds a token or the coach's name.
    for _, value in cache_entries():
        assert "csrfmiddlewaretoken" not in str(value) and coach.get_username() not in str(value)


def test_the_home_pages_links_go_where_they_say(coach):
    """Its links are the header's (hipcare.context_processors.navigation), reversed once per
    process rather than on each view: the same addresses, for a visitor and for a coach."""
    html = Client().get("/").content.decode()
    assert f'href="{reverse("triage:form")}">Check your symptoms<' in html
    assert f'href="{reverse("login")}?next={reverse("routines:list")}">Sign in to build' in html
    assert f'href="{reverse("exercises:list")}">Browse the exercise catalogue<' in html
    signed_in = Client()
    signed_in.force_login(coach)
    assert (
        f'href="{reverse("routines:list")}">Open your routines<'
        in signed_in.get("/").content.decode()
    )
