"""Repeat visits answered with 304 Not Modified: Django's `condition` decorator, with an ETag
that names everything a page's body depends on.

A 304 tells the browser to show the body it already holds, so the ETag must change whenever
any part of that body would: the page's data (each view passes its versions), who is looking
(signed in or out, which user, coach or staff: the header's links), the CSRF cookie (a body's
form tokens are masked from it; a reused body keeps working only with the same cookie), and
every request header the response varies on (the htmx ones: a partial is not the page) and
the address with its query string. A page with messages to show, or whose view says its body
holds a one-time submission key (hipcare.submissions: a reused body would replay a used key),
gets no ETag and is rendered afresh.

Responses are `Cache-Control: private, no-cache`: the browser may keep them but asks every time,
and no shared cache stores them (they are per visitor).
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac
from django.views.decorators.http import condition

from hipcare.auth import is_coach
from hipcare.htmx import VARY_ON
from hipcare.timezones import zone_cache_key

# The request headers the body depends on besides the cookies: those HtmxPageMiddleware varies
# on (HX-Current-URL decides its HX-Push-Url header, which a 304 would leave as it was).
HEADERS = (*VARY_ON, "HX-Current-URL")


def visitor(request: HttpRequest) -> tuple:
    """Who is looking, as far as a page shows it."""
    user = request.user
    if not user.is_authenticated:
        return ("anonymous",)
    return (user.pk, user.get_username(), user.is_staff, is_coach(user))


def page_etag(request: HttpRequest, *versions) -> str | None:
    """An ETag for this request's page, whose data is at `versions`; None (no ETag, no 304)
    when there are messages waiting to be shown on it."""
    if len(get_messages(request)):  # counting them does not mark them shown
        return None
    parts = (
        *versions,
        *visitor(request),
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        request.get_host(),  # absolute links (a share link, its QR code)
        request.get_full_path(),
        zone_cache_key(),  # its dates and "today" follow the visitor's clock, if known
        *(request.headers.get(name, "") for name in HEADERS),
    )
    # Keyed with SECRET_KEY: the tag says nothing about the cookie or the user it was made from.
    return salted_hmac("hipcare.conditional.page_etag", repr(parts)).hexdigest()[:32]


def conditional_page(etag_func: Callable[..., str | None]):
    """`condition(etag_func=...)` for a GET page, and `Cache-Control: private, no-cache` on
    what it answers (unless the view set its own). `etag_func(request, *args, **kwargs)`
    returns page_etag(...) or None for a response that must not be reused."""

    def decorator(view):
        conditioned = condition(etag_func=etag_func)(view)

        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = conditioned(request, *args, **kwargs)
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
            return response

        return wrapper

    return decorator
