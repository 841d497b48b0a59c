"""Exercise pictures in templates: {% exercise_figure exercise "end" %} and
{% muscle_map exercise %}. Both draw through the pure modules, which cache each drawing."""

import logging
import re

from django import template
from django.core.cache import cache
from django.utils.html import format_html
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


@register.simple_tag
def exercise_figure_image(
    exercise, which: str = "end", css_class: str = "", lazy: bool = True, small: bool = False
):
    """The start or end position as an <img> of the figure's own URL, or nothing.

    small: the thumbnail's line weights (figures.SMALL), for a drawing shown about 6.5 rem wide.

    The same drawing as exercise_figure, but fetched once and kept by the browser (its URL
    carries the catalogue version): pages that show many figures (the catalogue, the builder,
    a printed routine) then stay small. Width and height come from the drawing, so the page
    does not shift when it arrives.

    The markup is kept in the cache per exercise, choice and catalogue version (a changed
    figure is a new catalogue version): drawing it was a tenth of the builder's full render.
    """
    version = catalogue_version()
    key = f"figure-img:{version}:{exercise.pk}:{which}:{css_class}:{int(lazy)}:{int(small)}"
    markup = cache.get(key)
    if markup is None:
        markup = str(_figure_image(exercise, which, css_class, lazy, small, version))
        cache.set(key, markup, 24 * 3600)
    return mark_safe(markup)  # noqa: S308 - built by format_html below


def _figure_image(exercise, which: str, css_class: str, lazy: bool, small: bool, version):
    try:
        svg = exercise.figure_svg(which)
    except figures.FigureError:
        logger.warning("Exercise %s has a figure that cannot be drawn", exercise.pk)
        return ""
    if not svg:
        return ""
    found = VIEW_BOX.search(svg)
    width, height = (round(float(n)) for n in found.groups()) if found else (120, 60)
    url = exercise_url("exercises:figure", slug=exercise.slug, which=which)
    return format_html(
        '<img src="{}?v={}{}" alt="{}" width="{}" height="{}"{}{}>',
        url,
        version,
        "&small=1" if small else "",
        exercise.figure.get(f"{which}_alt", ""),
        width,
        height,
        format_html(' class="{}"', css_class) if css_class else "",
        mark_safe(' loading="lazy" decoding="async"') if lazy else "",
    )


@register.simple_tag
def muscle_map(exercise) -> str:
    """Front and back outlines with the primary muscles solid and the secondary hatched."""
    svg = muscle_maps.render(
        [muscle.slug for muscle in exercise.primary_muscles],
        [muscle.slug for muscle in exercise.secondary_muscles],
        pattern_id=f"muscle-hatch-{exercise.pk}",
    )
    return mark_safe(svg)  # noqa: S308 - our own drawing, slugs only in known positions
