"""Exercise pictures in templates: {% exercise_figure exercise "end" %} and
{% muscle_map exercise %}. Both draw through the pure modules, which cache each drawing."""

import logging

from django import template
from django.utils.safestring import mark_safe

from exercises import figures
from exercises import muscle_map as muscle_maps

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


@register.simple_tag
def muscle_map(exercise) -> str:
    """Front and back outlines with the primary muscles solid and the secondary hatched."""
    svg = muscle_maps.render(
        [muscle.slug for muscle in exercise.primary_muscles],
        [muscle.slug for muscle in exercise.secondary_muscles],
        pattern_id=f"muscle-hatch-{exercise.pk}",
    )
    return mark_safe(svg)  # noqa: S308 - our own drawing, slugs only in known positions
