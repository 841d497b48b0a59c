"""Whole-page caching: for anonymous visitors, for a coach's own pages, and page frames.

A page a runner sees without signing in (the catalogue, an exercise, the symptom checker's
empty form, a shared routine) is the same for everyone except two per-request values: the CSRF
token and the CSP nonce. The first render is stored with those two replaced by placeholders;
later requests get the stored page with their own token and nonce put back, which costs a
cache lookup instead of a template render.

What a page depends on is its *version*: a string the view's `version` function computes with
at most a query or two (the catalogue's version number, a routine's last change). The version
is part of the key, so an edit in admin is seen by every worker process at once; old entries
simply age out of the cache.

`cache_anonymous_page` is never used for: signed-in users, requests carrying any cookie but
the CSRF cookie (a session, messages), anything but GET/HEAD, or responses other than 200. A
runner's triage answers are POSTed and so never cached.

`cache_signed_in_page` does the same for a signed-in user's own pages (a coach's routine
builder and printed sheet), which are expensive to render and read far more often than they
change. Its key adds who is asking (their id, username, staff and coach flags, so the header is
theirs), and it is skipped while a flash message waits to be shown. The version function is
where ownership is decided: it returns None (render normally, which may answer 404 or 403) for
anything that is not the user's own.

`render_in_frame` caches only a page's frame (head, header, footer) with named slots, for a
response that may not be cached itself: an anonymous runner's triage answer is its own panel,
rendered per request, in the shared frame.
"""

import hashlib
import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hipcare.auth import is_coach
from hipcare.csrf import masked_token

CACHE_ALIAS = "pages"
SIGNED_IN_CACHE_ALIAS = "own_pages"
CSRF_PLACEHOLDER = "__hipcare-csrf-token__"
NONCE_PLACEHOLDER = "__hipcare-csp-nonce__"
# The masked CSRF token as our templates print it: in <body hx-headers> and in form fields.
CSRF_IN_PAGE = re.compile(
    r'(?:"X-CSRFToken": "|name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{32,64})"'
)
SLOT = "__hipcare-slot-{}__"
PLACEHOLDERS = re.compile(f"({CSRF_PLACEHOLDER}|{NONCE_PLACEHOLDER}|{SLOT.format('[a-z_]+')})")
KEPT_HEADERS = ("Content-Type", "Cache-Control", "Expires", "X-Robots-Tag", "Vary")

Version = Callable[..., str | None]


def is_anonymous_visitor(request: HttpRequest) -> bool:
    """No cookie but the CSRF cookie: not signed in, and no flash message waiting."""
    return set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def _key(request: HttpRequest, view_name: str, version: str, reader: str = "") -> str:
    # The htmx headers straight from META: request.headers builds a dict of every header on
    # first use, which a cache hit has no other need for.
    htmx = request.META.get("HTTP_HX_REQUEST", "") + "|" + request.META.get("HTTP_HX_TARGET", "")
    # Scheme and host too: a page may print its own absolute URL (a routine's share link).
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    raw = f"{view_name}|{version}|{reader}|{htmx}|{where}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _store(response: HttpResponse, request: HttpRequest) -> dict | None:
    """The response as cached: its body cut at the per-request values, and the headers that
    describe it. Cut once here, so a replay is one join rather than a search through the page."""
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies.keys() - {settings.CSRF_COOKIE_NAME}
    ):
        return None
    body = response.content.decode(response.charset)
    for token in set(CSRF_IN_PAGE.findall(body)):
        body = body.replace(token, CSRF_PLACEHOLDER)
    nonce = getattr(request, "_csp_nonce", None)
    if nonce:
        body = body.replace(str(nonce), NONCE_PLACEHOLDER)
    # Odd-numbered pieces are what PLACEHOLDERS matched; they stay str, the rest become bytes.
    pieces = [
        piece.encode(response.charset) if index % 2 == 0 else piece
        for index, piece in enumerate(PLACEHOLDERS.split(body))
        if piece
    ]
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    return {"pieces": pieces, "headers": headers}


def _replay(entry: dict, request: HttpRequest, slots: dict[str, str] | None = None) -> HttpResponse:
    values = {SLOT.format(name): value.encode() for name, value in (slots or {}).items()}
    if CSRF_PLACEHOLDER in entry["pieces"]:
        values[CSRF_PLACEHOLDER] = masked_token(request).encode()
    if NONCE_PLACEHOLDER in entry["pieces"]:
        values[NONCE_PLACEHOLDER] = str(request.csp_nonce).encode()
    # The literal parts are bytes; the placeholders are the only str pieces.
    body = b"".join(values[p] if isinstance(p, str) else p for p in entry["pieces"])
    response = HttpResponse(body)
    for name, value in entry["headers"].items():
        response[name] = value
    return response


def _page_cache(version: Version, alias: str, reader: Callable[[HttpRequest], str | None]):
    """The decorator both page caches share. `reader` says who the page is for (part of the
    key), or None when this request must not be served from the cache."""

    def decorator(view):
        view_name = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in ("GET", "HEAD") or (who := reader(request)) is None:
                return view(request, *args, **kwargs)
            current = version(request, *args, **kwargs)
            if current is None:
                return view(request, *args, **kwargs)
            cache = caches[alias]
            key = _key(request, view_name, current, who)
            entry = cache.get(key)
            if entry is not None:
                return _replay(entry, request)
            response = view(request, *args, **kwargs)
            if (entry := _store(response, request)) is not None:
                cache.set(key, entry)
            return response

        return wrapper

    return decorator


def _anonymous(request: HttpRequest) -> str | None:
    return "" if is_anonymous_visitor(request) else None


def cache_anonymous_page(version: Version):
    """Decorate a view whose anonymous output depends only on `version(request, **kwargs)`.

    `version` returns None when the page should not be cached (say, the object is missing and
    the view will answer 404).
    """
    return _page_cache(version, CACHE_ALIAS, _anonymous)


def _reader(request: HttpRequest) -> str | None:
    """Who a signed-in page is rendered for, as far as the page can tell; None when it must
    not come from the cache (not signed in, or a flash message is waiting to be shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    # len() counts waiting messages without marking them shown (iterating would).
    if len(get_messages(request)):
        return None
    return f"{user.pk}|{user.get_username()}|{user.is_staff}|{is_coach(user)}"


def cache_signed_in_page(version: Version):
    """Decorate a view whose output for a signed-in user depends only on who they are and on
    `version(request, **kwargs)`, which returns None for anything not theirs to cache."""
    return _page_cache(version, SIGNED_IN_CACHE_ALIAS, _reader)


def render_in_frame(
    request: HttpRequest, template_name: str, *, slots: dict[str, str], status: int = 200
) -> HttpResponse | None:
    """A page whose frame (head, header, footer) is the same for every anonymous visitor, with
    per-response parts in named slots: the frame is rendered once and cached, and each
    response fills its slots, token and nonce in.

    For a response that must not be cached itself (a triage answer: health data). Only the
    frame is stored; it holds slot placeholders, never a slot's value. The template renders
    `{{ frame.<name> }}` where each slot goes when `frame` is in its context. The values must be
    HTML, escaped already. None when the caller should render normally: for a signed-in user
    (whose header is their own) or a frame that cannot be cached.
    """
    if not is_anonymous_visitor(request):
        return None
    cache = caches[CACHE_ALIAS]
    key = _key(request, f"frame:{template_name}", "static")
    entry = cache.get(key)
    if entry is None or not all(SLOT.format(name) in entry["pieces"] for name in slots):
        frame = {name: SLOT.format(name) for name in slots}
        entry = _store(render(request, template_name, {"frame": frame}), request)
        if entry is None:
            return None
        cache.set(key, entry)
    response = _replay(entry, request, slots)
    response.status_code = status
    return response


def clear() -> None:
    """Empty both page caches (tests and benchmarks that measure a full render)."""
    caches[CACHE_ALIAS].clear()
    caches[SIGNED_IN_CACHE_ALIAS].clear()


def static_page(request: HttpRequest, *args, **kwargs) -> str:
    """The version of a page that changes only when the code does (a deploy restarts)."""
    return "static"
