"""What every htmx request and response needs, whichever view answers it.

One URL serves a page and, to htmx, a partial of it (CONVENTIONS.md). Three things follow for
every such URL, and they are done here once rather than in each view:

- The browser's cache must keep the page and the partial apart: every response says it varies
  on the htmx headers a view may choose its template by (`Vary`, django-htmx's advice), so Back
  after a search never shows a cached fragment as the page.
- A history-restore request (htmx 2 asks for a page it has no snapshot of, with
  `HX-Request: true` and `HX-History-Restore-Request: true`) wants the whole page: for it
  `request.htmx` is falsy, so every view's `if request.htmx:` renders the page.
- A request that needs sign-in answers htmx with `HX-Redirect` to the sign-in page, whose
  `next` is the page the user was on (`HX-Current-URL`), rather than a sign-in page swapped
  into a panel; a plain form POST's `next` is the page it was sent from (the Referer), never the
  POST-only URL it was sent to.
- One change is one history entry: an htmx GET for the address the browser already shows
  (HX-Current-URL) answers `HX-Push-Url: false`, so a request sent twice for one change (a
  search box's `input` then its `change` on blur, a filter's `change` then "Apply filters")
  never pushes the same address again and Back always goes back a step. Such responses vary
  on HX-Current-URL, so the browser's cache never answers one address with the other's.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import resolve_url
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import push_url
from django_htmx.middleware import HtmxDetails

# The request headers a view may pick its template by (request.htmx, .target, .boosted,
# .history_restore_request).
VARY_ON = ("HX-Request", "HX-Target", "HX-Boosted", "HX-History-Restore-Request")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class HistoryRestoreDetails(HtmxDetails):
    """`request.htmx` for a history-restore request: every header still readable, but falsy,
    because htmx will put the response in place of the whole page."""

    def __bool__(self) -> bool:
        return False


def is_htmx(request: HttpRequest) -> bool:
    """Sent by htmx (a history restore included), read from the header itself."""
    return request.headers.get("HX-Request") == "true"


def local_url(request: HttpRequest, url: str | None) -> str:
    """`url` as a path on this site (with its query), or "" if it is anywhere else."""
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(url)
    return parts._replace(scheme="", netloc="", fragment="").geturl() or "/"


def _shows_already(request: HttpRequest) -> bool:
    """Whether an htmx request asks for the address the browser shows (HX-Current-URL): the
    same path and the same query parameters, in any order."""
    current = local_url(request, request.headers.get("HX-Current-URL"))
    if not current:
        return False
    parts = urlsplit(current)
    asked = sorted(request.GET.lists())
    return parts.path == request.path and sorted(QueryDict(parts.query).lists()) == asked


def _is_login_redirect(response: HttpResponse) -> bool:
    if response.status_code not in (301, 302, 303, 307, 308) or "Location" not in response:
        return False
    return urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)


def login_redirect_for(request: HttpRequest) -> str:
    """The sign-in address for a request that needs sign-in, with `next` the page the user is
    looking at: for htmx the browser's address (HX-Current-URL); for a plain POST the page the
    form was on (Referer); for a plain GET the address asked for. No `next` when that page is
    not on this site."""
    if is_htmx(request):
        came_from = local_url(request, request.headers.get("HX-Current-URL"))
    elif request.method not in SAFE_METHODS:
        came_from = local_url(request, request.headers.get("Referer"))
    else:
        came_from = request.get_full_path()
    if came_from:
        return redirect_to_login(came_from)["Location"]
    return resolve_url(settings.LOGIN_URL)


class HtmxPageMiddleware:
    """Place after django-htmx's HtmxMiddleware. See the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        htmx = getattr(request, "htmx", None)
        if htmx is not None and htmx.history_restore_request:
            request.htmx = HistoryRestoreDetails(request)
        response = self.get_response(request)
        if _is_login_redirect(response):
            response = self._to_login(request, response)
        patch_vary_headers(response, VARY_ON)
        if is_htmx(request) and request.method in ("GET", "HEAD"):
            patch_vary_headers(response, ["HX-Current-URL"])
            if "HX-Push-Url" not in response and _shows_already(request):
                push_url(response, False)
        return response

    def _to_login(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if request.method in SAFE_METHODS and not is_htmx(request):
            return response  # a page asked for by address: back to it after signing in
        location = login_redirect_for(request)
        if is_htmx(request):
            # htmx follows HX-Redirect with a full page load; a 3xx it would follow itself,
            # swapping the sign-in page into the target.
            redirect = HttpResponse(status=200)
            redirect["HX-Redirect"] = location
            redirect["Cache-Control"] = "no-store"
            return redirect
        response["Location"] = location
        return response
