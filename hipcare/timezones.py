"""The person's own time zone, as their browser reports it: an IANA name from
Intl.DateTimeFormat().resolvedOptions().timeZone, checked against the names zoneinfo knows
(anything else is ignored and UK time, settings.TIME_ZONE, applies).

It comes two ways, both set by our static script (static/js/hipcare.js; none without
JavaScript): a cookie, read by hipcare.middleware.UserTimeZoneMiddleware on every request from
the second page on, and a hidden field in a form whose dates are checked (the runner's log),
read by :func:`form_time_zone`, so a form sent from the first page a browser opened is
checked on the browser's day too, not on the UK's."""

import contextlib
import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

#: The cookie our static JS sets to the browser's time zone.
TIME_ZONE_COOKIE = "hipcare_tz"
#: The hidden form field our static JS fills with the browser's time zone
#: (<input type="hidden" name="tz" data-browser-zone>).
TIME_ZONE_FIELD = "tz"
#: The furthest behind and ahead of UTC any place's clock is (Baker Island, Kiribati's Line
#: Islands): where the browser's zone is not known, the runner's today is one of the dates
#: between today at UTC-12 and today at UTC+14.
EARLIEST_OFFSET = dt.timedelta(hours=-12)
LATEST_OFFSET = dt.timedelta(hours=14)

#: Whether the zone this request runs in is the browser's own (its cookie or its form's
#: field), not the default for want of one; set by the middleware and form_time_zone. Outside
#: a request (a shell, a command, a test calling a service) the zone in force is the one meant.
_zone_known: ContextVar[bool] = ContextVar("hipcare_zone_known", default=True)


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


@contextlib.contextmanager
def browser_zone(zone: zoneinfo.ZoneInfo | None) -> Iterator[None]:
    """Run the block in the browser's `zone` (django.utils.timezone.override), known as the
    browser's (zone_known); with None, in the default zone and not known."""
    known = _zone_known.set(zone is not None)
    try:
        if zone is None:
            with timezone.override(None):
                yield
        else:
            with timezone.override(zone):
                yield
    finally:
        _zone_known.reset(known)


def zone_known() -> bool:
    """Whether this request's zone is the browser's own (its cookie, or the form's field);
    False where the default zone, UK time, applies for want of one (no JavaScript, or the
    first page a browser opens)."""
    return _zone_known.get()


def zone_cache_key() -> str:
    """The current zone's name for a cache key of what shows a date in it, "unknown:" before it
    where the zone is the default for want of the browser's: a page drawn for a visitor whose
    zone is not known says so (UK time), one drawn for a visitor in London does not."""
    name = timezone.get_current_timezone_name()
    return name if zone_known() else f"unknown:{name}"


def today_range(now: dt.datetime | None = None) -> tuple[dt.date, dt.date]:
    """The runner's today as the earliest and latest date it may be: both the current zone's
    today where the browser's zone is known; where not, today at UTC-12 and today at UTC+14
    (every date that is today somewhere on Earth)."""
    now = now or timezone.now()
    if zone_known():
        today = timezone.localdate(now)
        return today, today
    utc = now.astimezone(dt.UTC)
    return (utc + EARLIEST_OFFSET).date(), (utc + LATEST_OFFSET).date()


def morning_after_has_come(
    day: dt.date, now: dt.datetime | None = None, *, runner_offset: int | None = None
) -> bool:
    """Whether the morning after `day` has surely begun for the runner, from what the server
    knows of their clock: the rule a next-morning answer sent by the runner is checked by (the
    log's form, routines.session_forms.SessionLogForm, and the later answer's view,
    routines.session_views.session_morning; the services keep their own bound, the morning
    come somewhere on Earth, for callers outside a request). The page asks the question (its
    radios) by the same rule.

    - The zone sent (the cookie, or the form's own tz field, filled by our JavaScript): the
      day after `day` has begun there (its today is later than `day`).
    - No zone sent, but the runner's log says their clock (`runner_offset`: the UTC offset,
      in minutes, their browser gave when they last logged, SessionLog.utc_offset, as
      session_views.runner_today reads it): the day after `day` has begun on that clock.
    - Neither (no JavaScript, and never with it): the runner may be anywhere, so the most
      cautious reading: the day after `day` has begun everywhere, at UTC-12 too
      (today_range's earliest date is later than `day`), midday UTC on the day after at the
      latest. The widest reading took "today" at UTC+14: a runner in Auckland at 23:40 on
      1 December (UTC+13, 10:40 UTC) logging 1 December with "next morning: better" had it
      saved, and their coach read of a morning that had not come. Refused, the answer is given
      later from the entries (from morning_after_begins), or at once with JavaScript."""
    if zone_known():
        return day < timezone.localdate(now or timezone.now())
    if runner_offset is not None:
        return day < today_at_offset(runner_offset, now)
    earliest, _latest = today_range(now)
    return day < earliest


def morning_after_begins(day: dt.date) -> dt.datetime:
    """When morning_after_has_come starts taking the morning after `day` where the zone is not
    known: midnight after `day` at UTC-12 (midday UTC on the next day), in the current zone."""
    start = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    return timezone.localtime(start - EARLIEST_OFFSET)


def utc_offset_minutes(now: dt.datetime | None = None) -> int | None:
    """How far the browser's clock is from UTC now, in minutes; None where its zone is not
    known (the default zone applies only for want of it)."""
    if not zone_known():
        return None
    offset = timezone.localtime(now or timezone.now()).utcoffset() or dt.timedelta()
    return int(offset.total_seconds() // 60)


def today_at_offset(minutes: int, now: dt.datetime | None = None) -> dt.date:
    """Today's date on a clock `minutes` from UTC."""
    return ((now or timezone.now()).astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).date()


def first_day(moment: dt.datetime) -> dt.date:
    """The date `moment` (a routine made) fell on for the runner: in the current zone where
    the browser's is known; where not, the earliest it fell on anywhere (at UTC-12)."""
    if zone_known():
        return timezone.localdate(moment)
    return (moment.astimezone(dt.UTC) + EARLIEST_OFFSET).date()


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
        with browser_zone(zone):
            return view(request, *args, **kwargs)

    return wrapped
