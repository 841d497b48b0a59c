"""The person's own time zone, as their browser reports it: an IANA name from
Intl.DateTimeFormat().resolvedOptions().timeZone, checked against the names zoneinfo knows
(anything else is ignored and UK time, settings.TIME_ZONE, applies).

It comes two ways, both set by our static script (static/js/hipcare.js; none without
JavaScript): a cookie, read by hipcare.middleware.UserTimeZoneMiddleware on every request from
the second page on, and a hidden field in a form whose dates are checked (the runner's log),
read by :func:`form_time_zone`, so a form sent from the first page a browser opened is
checked on the browser's day too, not on the UK's."""

import functools
import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

#: The cookie our static JS sets to the browser's time zone.
TIME_ZONE_COOKIE = "hipcare_tz"
#: The hidden form field our static JS fills with the browser's time zone
#: (<input type="hidden" name="tz" data-browser-zone>).
TIME_ZONE_FIELD = "tz"


@functools.cache
def _known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def zone_named(name: object) -> zoneinfo.ZoneInfo | None:
    """The zone called `name` if zoneinfo knows it (Europe/London, Pacific/Auckland...); None
    for anything else (empty, too long, a path, a made-up name)."""
    if not isinstance(name, str) or not name or len(name) > 64:
        return None
    if name not in _known_time_zones():
        return None
    return zoneinfo.ZoneInfo(name)


def time_zone_from(request: HttpRequest) -> zoneinfo.ZoneInfo | None:
    """The time zone the browser reported in the cookie, if it is one zoneinfo knows; else
    None."""
    return zone_named(request.COOKIES.get(TIME_ZONE_COOKIE, ""))


def form_time_zone(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a POST view whose form carries the browser's zone (TIME_ZONE_FIELD): the view runs
    with that zone active (django.utils.timezone.override), so every "today" it checks or
    shows is the browser's, even on the first visit, before the cookie has been sent. A form
    without the field, or with a name zoneinfo does not know, leaves the request's zone (the
    cookie's, else UK time) as it is."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        zone = zone_named(request.POST.get(TIME_ZONE_FIELD)) if request.method == "POST" else None
        if zone is None:
            return view(request, *args, **kwargs)
        with timezone.override(zone):
            return view(request, *args, **kwargs)

    return wrapped
