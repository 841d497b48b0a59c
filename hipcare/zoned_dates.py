"""Dates of a moment (a time something happened, or now) as a page shows them, in the zone in
force: the browser's (hipcare.timezones), else UK time, and then they say so.

`{% zoned_date moment "j F Y" %}` writes <time datetime="2026-03-10">10 March 2026</time> where
the browser's zone is known. Where it is not (no JavaScript, or a first visit before the
zone's cookie), it writes the day in UK time followed by "(UK time)", and carries the moment
itself (data-local-date) for static/js/hipcare.js to write the browser's own day in its place
and drop the note: the runner's sheet's "Updated" first did so. `{% zoned_now "..." %}` is
the same for the moment the page is drawn. Loaded as {% load zoned_dates %}
(settings.TEMPLATES' libraries)."""

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html

from hipcare import timezones

register = template.Library()

#: The formats the script writes again in the browser's zone, by the name it knows each by
#: (data-local-date's value; none for the day, month and year in full).
LOCAL_FORMATS = {"j F Y": "", "j M Y": "short", "D j M": "day", "j F Y, H:i": "time"}
#: What a date says when it is in the default zone (settings.TIME_ZONE) for want of the
#: browser's.
ZONE_NOTE = " (UK time)"


@register.simple_tag
def zoned_date(moment, date_format: str = "j F Y") -> str:
    """`moment` (an aware datetime) in `date_format` (one of LOCAL_FORMATS), as a <time>."""
    local = timezone.localtime(moment)
    shown = dateformat.format(local, date_format)
    if timezones.zone_known():
        return format_html('<time datetime="{}">{}</time>', local.date().isoformat(), shown)
    kind = LOCAL_FORMATS[date_format]
    return format_html(
        '<time datetime="{}" data-local-date{}>{}</time><span data-zone-note>{}</span>',
        dateformat.format(local, "c"),
        format_html('="{}"', kind) if kind else "",
        shown,
        ZONE_NOTE,
    )


@register.simple_tag
def zoned_now(date_format: str = "j F Y") -> str:
    """Now, to the minute (as the page says it), as zoned_date writes a moment."""
    return zoned_date(timezone.now().replace(second=0, microsecond=0), date_format)
