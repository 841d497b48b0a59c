"""Every URL that htmx talks to survives the browser (issue 15, classes 1 to 4).

The URLs come from the resolver, so a new page, partial or action is covered the day it is
added: a URL with a parameter this module has no sample for fails `test_every_url_is_visited`
until one is added to `_samples`.
"""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from routines import services
from routines.models import SessionLog
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
HISTORY_RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
SKIPPED_NAMESPACES = {"admin"}  # Django admin: no htmx, and its own sign-in page


def _patterns(resolver=None, prefix="", namespace=""):
    """(name with namespace, URLPattern, namespace) for every named URL outside admin."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            yield from _patterns(entry, prefix, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


@pytest.fixture
def world(coach):
    clam = make_exercise("Clamshell")
    make_exercise("Side plank")
    routine = make_routine(coach, title="Hips", exercises=[clam])
    services.routine_share(routine=routine)
    routine.refresh_from_db()
    item = routine.items.get()
    session = services.session_log(
        routine=routine, day=timezone.localdate(), pain=2, done=[(item.pk, "")]
    )
    # The trace of a deleted entry that had advised stopping (the coach's panel shows it).
    # (Deleted an hour after logging it: within minutes it is a correction, and leaves none.)
    stop = services.session_log(
        routine=routine, day=timezone.localdate(), pain=9, done=[(item.pk, "")]
    )
    SessionLog.objects.filter(pk=stop.pk).update(created=timezone.now() - timedelta(hours=1))
    notice = services.session_delete(session=stop)
    return {
        "routine": routine,
        "exercise": clam,
        "item": item,
        "session": session,
        "notice": notice,
    }


def _samples(world) -> dict[str, object]:
    return {
        "pk": world["routine"].pk,
        "item_pk": world["item"].pk,
        "slug": world["exercise"].slug,
        "token": world["routine"].share_token,
        "session_pk": world["session"].pk,
        "notice_pk": world["notice"].pk,
        "which": "start",
    }


def _every_url(world) -> list[tuple[str, str]]:
    samples = _samples(world)
    urls = []
    for name, pattern in _patterns():
        params = list(pattern.pattern.regex.groupindex)
        missing = [param for param in params if param not in samples]
        assert not missing, f"No sample value for {missing} in {name}: add one to _samples"
        urls.append((name, reverse(name, kwargs={param: samples[param] for param in params})))
    return urls


def _page_title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    return found.group(1).strip() if found else ""


def _targets(html: str) -> set[str]:
    """The ids the page's htmx elements swap into."""
    return {target for target in re.findall(r'hx-target="#([\w-]+)"', html)}


def _vary(response) -> set[str]:
    return {value.strip().lower() for value in response.get("Vary", "").split(",")}


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_url_is_visited(world):
    names = {name for name, _url in _every_url(world)}
    assert {"exercises:list", "routines:builder", "routines:list", "triage:form"} <= names


def _page_and_partial_urls(world, client):
    """(url, page response, {htmx target: partial response}) for every URL that answers a GET
    with a page and an htmx GET with something else."""
    found = []
    for _name, url in _every_url(world):
        page = client.get(url)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        html = page.content.decode()
        partials = {}
        for target in [None, *sorted(_targets(html))]:
            headers = {**HTMX, **({"HX-Target": target} if target else {})}
            partial = client.get(url, headers=headers)
            if partial.status_code == 200 and "<html" not in partial.content.decode():
                partials[target] = partial
        if partials:
            found.append((url, page, partials))
    return found


@pytest.mark.parametrize("who", ["anonymous", "coach"])
def test_every_url_with_a_page_and_a_partial_varies_on_htmx_and_restores_the_page(
    world, coach, who
):
    client = Client() if who == "anonymous" else _signed_in(coach)
    found = _page_and_partial_urls(world, client)
    urls = {urlsplit(url).path for url, _page, _partials in found}
    expected = {reverse("exercises:list"), reverse("triage:form")}
    if who == "coach":
        routine, item = world["routine"], world["item"]
        expected |= {
            reverse("routines:list"),
            routine.get_absolute_url(),
            reverse("routines:dose_item", args=[routine.pk, item.pk]),
        }
    assert expected <= urls
    for url, page, partials in found:
        # The browser's cache keeps the page and its partials apart.
        for response in (page, *partials.values()):
            assert {"hx-request", "hx-target", "hx-history-restore-request"} <= _vary(response), url
        # A history restore (htmx 2, after a miss in its history cache) gets the whole page,
        # for every target htmx may name.
        for target in partials:
            headers = {**HISTORY_RESTORE, **({"HX-Target": target} if target else {})}
            restored = client.get(url, headers=headers)
            assert restored.status_code == 200, url
            body = restored.content.decode()
            assert body.lstrip().lower().startswith("<!doctype html"), (url, target)
            assert _page_title(body) == _page_title(page.content.decode()), url


def test_every_html_response_varies_on_the_htmx_headers(world, coach):
    client = _signed_in(coach)
    for _name, url in _every_url(world):
        for headers in ({}, HTMX):
            response = client.get(url, headers=headers)
            assert "hx-request" in _vary(response), url


# Sign-in needed --------------------------------------------------------------------------


def test_htmx_post_after_signing_out_elsewhere_redirects_to_sign_in_back_to_the_page(world):
    routine = world["routine"]
    page = f"http://testserver{routine.get_absolute_url()}?q=clam"
    response = Client().post(
        reverse("routines:add_item", args=[routine.pk]),
        {"exercise": world["exercise"].slug},
        headers={**HTMX, "HX-Current-URL": page, "HX-Target": "routine-panel"},
    )
    assert response.status_code == 200
    assert response.content == b""
    location = urlsplit(response["HX-Redirect"])
    assert location.path == reverse("login")
    assert parse_qs(location.query)["next"] == [f"{routine.get_absolute_url()}?q=clam"]


def test_every_protected_url_answers_htmx_with_hx_redirect_never_a_sign_in_page(world):
    """Any view, any method: htmx never gets a redirect to (and so never swaps in) the sign-in
    page, and `next` is the page htmx says the user is on."""
    client = Client()
    page = "http://testserver/exercises/?q=clam"
    checked = 0
    for name, url in _every_url(world):
        for method in ("get", "post"):
            response = getattr(client, method)(url, headers={**HTMX, "HX-Current-URL": page})
            location = response.get("Location", "")
            assert not location.startswith(reverse("login")), (name, method)
            if "HX-Redirect" in response:
                checked += 1
                query = parse_qs(urlsplit(response["HX-Redirect"]).query)
                assert query["next"] == ["/exercises/?q=clam"], (name, method)
    assert checked >= 10  # the routine pages and actions


def test_plain_post_after_signing_out_comes_back_to_the_page_it_was_sent_from(world):
    routine = world["routine"]
    response = Client().post(
        reverse("routines:duplicate", args=[routine.pk]),
        headers={"Referer": f"http://testserver{routine.get_absolute_url()}"},
    )
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("login")
    # Never the POST-only address the form was sent to.
    assert parse_qs(location.query)["next"] == [routine.get_absolute_url()]


def test_plain_post_from_another_site_signs_in_with_no_next(world):
    routine = world["routine"]
    response = Client().post(
        reverse("routines:duplicate", args=[routine.pk]),
        headers={"Referer": "https://elsewhere.example/page"},
    )
    assert response["Location"] == reverse("login")


def test_plain_get_keeps_the_normal_sign_in_redirect(world):
    url = world["routine"].get_absolute_url()
    response = Client().get(url)
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [url]


def test_htmx_from_another_site_signs_in_with_no_next(world):
    routine = world["routine"]
    response = Client().get(
        routine.get_absolute_url(),
        headers={**HTMX, "HX-Current-URL": "https://elsewhere.example/x"},
    )
    assert response["HX-Redirect"] == reverse("login")


# Expired CSRF token --------------------------------------------------------------------------


def test_htmx_post_with_an_expired_token_says_so_in_the_alert_region(world, coach):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coach)
    routine = world["routine"]
    page = f"http://testserver{routine.get_absolute_url()}?page=2"
    response = client.post(
        reverse("routines:add_item", args=[routine.pk]),
        {"exercise": world["exercise"].slug},
        headers={**HTMX, "HX-Current-URL": page, "X-CSRFToken": "stale" * 8},
    )
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#page-alert"
    assert response["HX-Reswap"] == "innerHTML"
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "This page has expired" in html
    assert f'href="{routine.get_absolute_url()}?page=2"' in html
    assert "<html" not in html
    assert routine.items.count() == 1


def test_htmx_post_from_the_symptom_checker_with_no_token_gets_the_message_too():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("triage:form"),
        {"age": "30"},
        headers={**HTMX, "HX-Current-URL": "http://testserver/triage/"},
    )
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#page-alert"
    assert 'href="/triage/"' in response.content.decode()


def test_plain_post_with_an_expired_token_gets_the_expired_page(world, coach):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coach)
    response = client.post(reverse("routines:duplicate", args=[world["routine"].pk]))
    assert response.status_code == 403
    assert "HX-Retarget" not in response
    assert b"could not be sent" in response.content


def test_base_page_has_one_alert_region_and_one_live_region(client):
    html = client.get(reverse("exercises:list")).content.decode()
    assert html.count('id="page-alert"') == 1
    assert html.count('id="live-status"') == 1
    # The counts are read out by the live region, not a new one per swap.
    partial = client.get(reverse("exercises:list"), headers=HTMX).content.decode()
    assert "data-result-count" in partial and 'role="status"' not in partial


@pytest.mark.django_db
def test_an_htmx_get_for_the_address_already_shown_adds_no_history_step():
    """One change, one history entry: asking again for the address the browser shows (a
    search's input then its change, a filter's change then "Apply filters") answers
    HX-Push-Url: false; any other address is pushed as the element asks."""
    make_exercise("Clamshell")
    client = Client()
    url = reverse("exercises:list")
    shown = "http://testserver" + url + "?q=clam&kind=strength&level="

    def get(query: str, current: str):
        return client.get(url + query, headers={"HX-Request": "true", "HX-Current-URL": current})

    again = get("?q=clam&kind=strength&level=", shown)
    assert again["HX-Push-Url"] == "false"
    # The same parameters in another order are the same address.
    assert get("?kind=strength&level=&q=clam", shown)["HX-Push-Url"] == "false"
    assert "HX-Current-URL" in again["Vary"]
    for other in ("?q=clams&kind=strength&level=", "?q=clam&kind=&level=", ""):
        response = get(other, shown)
        assert "HX-Push-Url" not in response, other
        assert "HX-Current-URL" in response["Vary"]
    # Another site's address, or a normal request, is never compared.
    assert "HX-Push-Url" not in get("?q=clam", "https://elsewhere.example/exercises/?q=clam")
    assert "HX-Push-Url" not in client.get(url + "?q=clam")


def test_with_debug_on_no_script_puts_an_error_answer_in_place_of_the_page(client, settings):
    """`make run` has DEBUG on, where django-htmx's {% htmx_script %} adds django-htmx.js,
    which shows a 400, 403, 404 or 500 answer to htmx in place of the whole document: a
    runner's page and what was typed vanished when the link was withdrawn. Pages load htmx
    alone, so the alert region (static/js/hipcare.js) answers with DEBUG on as with it off."""
    settings.DEBUG = True
    html = client.get(reverse("home")).content.decode()
    assert "django_htmx/htmx-2.min.js" in html
    assert "django-htmx.js" not in html
