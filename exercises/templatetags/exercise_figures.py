"""Exercise pictures in templates: {% exercise_figure exercise "end" %} and
{% muscle_map exercise %}. Both draw through the pure modules, which cache each drawing."""

import logging
import re
from typing import NamedTuple

from django import template
from django.core.cache import cache
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from exercises import figures
from exercises import muscle_map as muscle_maps
from exercises.catalogue import catalogue_version
from exercises.models import exercise_url

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def exercise_figure(exercise, which: str = "end", size: str = "", labelled: bool = True) -> str:
    """The exercise's start or end position as inline SVG, or nothing when it has none."""
    try:
        svg = exercise.figure_svg(which, size=size, labelled=labelled)
    except figures.FigureError:
        # Admin refuses a bad pose; one stored before a rule changed is left out, not a 500.
        logger.warning("Exercise %s has a figure that cannot be drawn", exercise.pk)
        return ""
    return mark_safe(svg)  # noqa: S308 - built from numbers, with the alt text escaped


VIEW_BOX = re.compile(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"')
FIGURE_IMAGE_SECONDS = 24 * 3600


class FigureImage(NamedTuple):
    """What an <img> of one position's figure file needs (see figure_image), each value
    escaped once, where it is made (django.utils.html.escape: SafeStrings), rather than by
    format_html at every <img>: a page draws one a card, up to two dozen."""

    src: str  # the figure's URL, with the catalogue version (and &small=1 for a thumbnail)
    alt: str
    width: str  # in pixels, as digits
    height: str


def figure_images(exercises, which: str = "end", *, small: bool = False) -> dict[int, FigureImage]:
    """The FigureImage of each of `exercises` that has a figure that can be drawn, by pk.

    Its width and height come from the drawing, so the page does not shift when the file
    arrives; drawing one was a tenth of the builder's full render, so each is kept in the
    cache per exercise, position and catalogue version (an edited figure is a new catalogue
    version). One cache read for the whole list, and one write for what was missing: with
    Redis every read is a round trip, so a page of cards reads its thumbnails together.
    The data is cached, not markup: figure_image renders it.
    """
    version = catalogue_version()
    keys = {
        exercise.pk: f"figure-image:{version}:{exercise.pk}:{which}:{int(small)}"
        for exercise in exercises
        if exercise.figure
    }
    if not keys:
        return {}
    found = cache.get_many(keys.values())
    images, made = {}, {}
    for exercise in exercises:
        key = keys.get(exercise.pk)
        if key is None:
            continue
        image = found.get(key)
        if image is None:
            image = made[key] = _figure_image(exercise, which, small, version)
        if image:
            images[exercise.pk] = image
    if made:
        cache.set_many(made, FIGURE_IMAGE_SECONDS)
    return images


def _figure_image(exercise, which: str, small: bool, version) -> FigureImage | bool:
    """The exercise's FigureImage, or False when its figure cannot be drawn (cached too, so a
    page does not try again on every view)."""
    try:
        svg = exercise.figure_svg(which)
    except figures.FigureError:
        logger.warning("Exercise %s has a figure that cannot be drawn", exercise.pk)
        return False
    if not svg:
        return False
    found = VIEW_BOX.search(svg)
    width, height = (round(float(n)) for n in found.groups()) if found else (120, 60)
    url = exercise_url("exercises:figure", slug=exercise.slug, which=which)
    return FigureImage(
        src=escape(f"{url}?v={version}" + ("&small=1" if small else "")),
        alt=escape(exercise.figure.get(f"{which}_alt", "")),
        width=escape(width),
        height=escape(height),
    )


@register.simple_tag
def figure_image(image: FigureImage | None, css_class: str = "", lazy: bool = True) -> str:
    """An <img> of a FigureImage (from figure_images), or nothing for None.

    lazy: loaded when scrolled near (not for a printed sheet, which must have them all)."""
    if not image:
        return ""
    # One format_html, the class as one of its escaped values: a sheet draws two a card.
    return format_html(
        IMG_WITH_CLASS if css_class else IMG,
        image.src,
        image.alt,
        image.width,
        image.height,
        *((css_class,) if css_class else ()),
        LAZY if lazy else "",
    )


LAZY = mark_safe(' loading="lazy" decoding="async"')
IMG = '<img src="{}" alt="{}" width="{}" height="{}"{}>'
IMG_WITH_CLASS = '<img src="{}" alt="{}" width="{}" height="{}" class="{}"{}>'


@register.simple_tag
def muscle_map(exercise) -> str:
    """Front and back outlines with the primary muscles solid and the secondary hatched."""
    svg = muscle_maps.render(
        [muscle.slug for muscle in exercise.primary_muscles],
        [muscle.slug for muscle in exercise.secondary_muscles],
        pattern_id=f"muscle-hatch-{exercise.pk}",
    )
    return mark_safe(svg)  # noqa: S308 - our own drawing, slugs only in known positions
