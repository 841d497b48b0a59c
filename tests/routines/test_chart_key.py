"""QA: the pain chart coloured its dots blue, amber or red with no key, and each dot's title
gave only its day and pain (WCAG 1.4.1: colour alone). The chart now has a key naming in words
every colour a dot can be drawn in, and each dot's title names its zone as the key does."""

import re
from datetime import date, timedelta

from django.template.loader import render_to_string
from django.test import RequestFactory

from routines.charts import FILLS, ZONE_NAMES, pain_chart
from routines.monitoring import PAIN_MAX, PAIN_MIN, zone

FIRST = date(2026, 10, 1)
LAST = FIRST + timedelta(days=PAIN_MAX - PAIN_MIN)
# One day at each pain score: every colour the chart can draw.
EVERY_PAIN = [
    (FIRST + timedelta(days=pain - PAIN_MIN), pain) for pain in range(PAIN_MIN, PAIN_MAX + 1)
]


def _render(sessions) -> str:
    chart = pain_chart(sessions, first=FIRST, last=LAST)
    context = {"chart": chart, "chart_id": "runner-pain-chart"}
    return render_to_string("routines/_pain_chart.html", context, RequestFactory().get("/"))


def _key(html: str) -> list[tuple[str, str]]:
    """(fill, text) of each entry of the rendered key."""
    key = re.search(r'<ul class="pain-chart-key[^"]*">(.*?)</ul>', html, re.S)
    assert key, "no key"
    return re.findall(r'<li[^>]*>.*?fill="([^"]+)".*?</svg>\s*([^<]+)</li>', key.group(1), re.S)


def _dots(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<circle class="pain-chart-point[^"]*" fill="([^"]+)"[^>]*><title>([^<]+)</title>', html
    )


def test_the_key_lists_exactly_the_colours_the_chart_draws_each_named_in_words():
    html = _render(EVERY_PAIN)
    dots = _dots(html)
    assert len(dots) == PAIN_MAX - PAIN_MIN + 1
    drawn = {fill for fill, _ in dots}
    key = _key(html)
    assert [fill for fill, _ in key] == list(dict.fromkeys(fill for fill, _ in dots))
    assert {fill for fill, _ in key} == drawn == set(FILLS.values())
    for fill, text in key:
        zone_ = next(z for z, f in FILLS.items() if f == fill)
        assert text.strip().lower() == ZONE_NAMES[zone_].lower()
    # Each entry's words differ: the colour is never the only thing telling them apart.
    assert len({text for _, text in key}) == len(key)


def test_every_dots_title_names_its_zone_as_the_key_does():
    html = _render(EVERY_PAIN + [(LAST, 1)])  # a day of two entries too
    key = {fill: text.strip().lower() for fill, text in _key(html)}
    for fill, title in _dots(html):
        pain = int(re.search(r"pain (\d+) out of 10", title).group(1))
        assert FILLS[zone(pain)] == fill
        assert title.endswith(f"({ZONE_NAMES[zone(pain)]})"), title
        assert key[fill] in title.lower()


def test_an_empty_chart_has_no_key():
    assert "pain-chart-key" not in _render([])


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_key_colour_stands_out_from_the_white_page_by_3_to_1():
    for fill, _ in _key(_render(EVERY_PAIN)):
        ratio = (1.05) / (_luminance(fill) + 0.05)
        assert ratio >= 3, (fill, ratio)
