"""Whole-page caching for anonymous visitors.

A page a runner sees without signing in (the catalogue, an exercise, the symptom checker's
empty form, a shared routine) is the same for everyone except two per-request values: the CSRF
token and the CSP nonce. The first render is stored with those two replaced by placeholders;
later requests get the stored page with their own token and nonce put back, which costs a
cache lookup instead of a template render.

What a page depends on is its *version*: a string the view's `version` function computes with
at most a query or two (the catalogue's version number, a routine's last change). The version
is part of the key, so an edit in admin is seen by every worker process at once; old entries
simply age out of the cache.

Never used for: signed-in users, requests carrying any cookie but the CSRF cookie (a session,
messages), anything but GET/HEAD, or responses other than 200. A runner's triage answers are
POSTed and so never cached.
"""

import hashlib
import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

CACHE_ALIAS = "pages"
CSRF_PLACEHOLDER = "__hipcare-csrf-token__"
NONCE_PLACEHOLDER = "__hipcare-csp-nonce__"
# The masked CSRF token as our templates print it: in <body hx-headers> and in form fields.
CSRF_IN_PAGE = re.compile(
    r'(?:"X-CSRFToken": "|name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{32,64})"'
)
KEPT_HEADERS = ("Content-Type", "Cache-Control", "Expires", "X-Robots-Tag", "Vary")

Version = Callable[..., str | None]


def is_anonymous_read(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    return set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def _key(request: HttpRequest, view_name: str, version: str) -> str:
    htmx = request.headers.get("HX-Request", "") + "|" + request.headers.get("HX-Target", "")
    raw = f"{view_name}|{version}|{htmx}|{request.get_full_path()}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _store(response: HttpResponse, request: HttpRequest) -> dict | None:
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
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    return {"body": body, "headers": headers, "csrf": CSRF_PLACEHOLDER in body}


def _replay(entry: dict, request: HttpRequest) -> HttpResponse:
    body = entry["body"]
    if NONCE_PLACEHOLDER in body:
        body = body.replace(NONCE_PLACEHOLDER, str(request.csp_nonce))
    if entry["csrf"]:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request))
    response = HttpResponse(body)
    for name, value in entry["headers"].items():
        response[name] = value
    return response


def cache_anonymous_page(version: Version):
    """Decorate a view whose anonymous output depends only on `version(request, **kwargs)`.

    `version` returns None when the page should not be cached (say, the object is missing and
    the view will answer 404).
    """

    def decorator(view):
        view_name = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not is_anonymous_read(request):
                return view(request, *args, **kwargs)
            current = version(request, *args, **kwargs)
            if current is None:
                return view(request, *args, **kwargs)
            cache = caches[CACHE_ALIAS]
            key = _key(request, view_name, current)
            entry = cache.get(key)
            if entry is not None:
                return _replay(entry, request)
            response = view(request, *args, **kwargs)
            if (entry := _store(response, request)) is not None:
                cache.set(key, entry)
            return response

        return wrapper

    return decorator


def static_page(request: HttpRequest, *args, **kwargs) -> str:
    """The version of a page that changes only when the code does (a deploy restarts)."""
    return "static"
