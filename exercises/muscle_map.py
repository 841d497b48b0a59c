"""The muscle map: front and back outlines of the trunk and legs, with the muscles an exercise
works filled in. Plain Python, no Django.

Primary muscles are filled solid and dark, secondary ones light with a hatch, so the map still
reads in black and white. Regions are drawn for one side and mirrored; the trunk's are whole.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

Point = tuple[float, float]

WIDTH, HEIGHT = 150.0, 168.0
CENTRES = {"front": 37.0, "back": 113.0}
TOP = 6.0

# Half an outline, from the neck down the right side to the inside of the foot, in units from
# the midline (x) and from the top (y). Mirrored to make the other half.
HALF_OUTLINE: tuple[Point, ...] = (
    (0, 0),
    (7, 1),
    (18, 5),
    (21, 10),
    (20, 24),
    (17, 38),
    (16, 46),
    (19, 56),
    (21, 64),
    (21, 80),
    (18, 100),
    (16, 108),
    (16.5, 120),
    (14, 136),
    (11, 146),
    (14, 151),
    (5, 151),
    (5, 146),
    (5, 128),
    (4, 112),
    (5, 104),
    (3, 86),
    (0.6, 74),
)

# slug -> (view, outline, mirrored): points as in HALF_OUTLINE.
REGIONS: dict[str, tuple[tuple[str, tuple[Point, ...], bool], ...]] = {
    "core": (
        (
            "front",
            ((-10, 20), (10, 20), (13, 34), (14, 46), (11, 56), (-11, 56), (-14, 46), (-13, 34)),
            False,
        ),
    ),
    "hip-flexors": (("front", ((6, 58), (13, 59), (10, 70), (5, 75), (3, 68)), True),),
    "quadriceps": (
        (
            "front",
            ((9, 70), (13, 62), (17, 66), (18.5, 82), (16, 100), (11, 104), (7, 98), (6, 84)),
            True,
        ),
    ),
    "adductors": (("front", ((1.2, 74), (4.5, 74), (6, 86), (5.5, 98), (3.5, 92)), True),),
    "tfl-it-band": (
        ("front", ((18.5, 60), (20.5, 64), (20.5, 80), (17.8, 100), (16.3, 104), (17.6, 84)), True),
    ),
    "gluteus-minimus": (("front", ((14.5, 52), (18.5, 55), (18, 60), (14, 58)), True),),
    "low-back": (("back", ((-9, 34), (9, 34), (12, 48), (10, 54), (-10, 54), (-12, 48)), False),),
    "gluteus-medius": (("back", ((4, 55), (12, 54), (18.5, 57), (17, 63), (9, 60)), True),),
    "gluteus-maximus": (
        ("back", ((1, 60), (9, 61), (17, 64), (19.5, 72), (16, 80), (8, 82), (1, 79)), True),
    ),
    "deep-rotators": (("back", ((2, 66.5), (16, 68), (16, 71.5), (2, 70.5)), True),),
    "hip-abductors": (("back", ((19, 56), (21, 62), (21, 72), (19.8, 70), (18.6, 62)), True),),
    "hamstrings": (
        ("back", ((4, 84), (11, 83.5), (18.5, 82), (17, 98), (13, 104), (8, 104), (5, 96)), True),
    ),
    "calves": (
        ("back", ((6, 110), (11.5, 108.5), (15.5, 112), (14.5, 126), (10, 132), (6.5, 126)), True),
    ),
}
DEEP = {"deep-rotators", "gluteus-minimus"}  # under other muscles: a dashed edge says so

INK = "#222"
EDGE = "#8a9096"
PRIMARY = "#a3320b"
SECONDARY = "#f2c4ae"


def _n(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _path(points: Iterable[Point], centre: float, flip: bool = False) -> str:
    sign = -1 if flip else 1
    return "M" + " ".join(f"{_n(centre + sign * x)} {_n(TOP + y)}" for x, y in points) + "Z"


def _outline(centre: float) -> str:
    right = list(HALF_OUTLINE)
    left = [(-x, y) for x, y in reversed(HALF_OUTLINE)]
    return _path(right + left, centre)


def _region_paths(slug: str) -> list[tuple[str, str]]:
    """(view, path data) for each drawn piece of a muscle region."""
    pieces = []
    for view, points, mirrored in REGIONS[slug]:
        centre = CENTRES[view]
        pieces.append((view, _path(points, centre)))
        if mirrored:
            pieces.append((view, _path(points, centre, flip=True)))
    return pieces


def unmapped(slugs: Iterable[str]) -> set[str]:
    """Muscle slugs the map has no region for."""
    return set(slugs) - set(REGIONS)


@functools.lru_cache(maxsize=256)
def _render(primary: tuple[str, ...], secondary: tuple[str, ...], pattern_id: str) -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(WIDTH)} {_n(HEIGHT)}" '
        'aria-hidden="true" focusable="false">',
        f'<defs><pattern id="{pattern_id}" width="3" height="3" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="3" height="3" fill="{SECONDARY}"/>'
        f'<path d="M0 0V3" stroke="{PRIMARY}" stroke-width="1.1"/></pattern></defs>',
        f'<g fill="#f6f7f8" stroke="{INK}" stroke-width="1" stroke-linejoin="round">',
        *(f'<path d="{_outline(centre)}"/>' for centre in CENTRES.values()),
        "</g>",
    ]
    roles = {slug: "secondary" for slug in secondary} | {slug: "primary" for slug in primary}
    # Idle muscles first, then the ones worked, so a filled region is never hidden.
    order = sorted(REGIONS, key=lambda slug: (slug in roles, slug in DEEP))
    for slug in order:
        role = roles.get(slug)
        if role == "primary":
            paint = f'fill="{PRIMARY}" stroke="{INK}" stroke-width=".8"'
        elif role == "secondary":
            paint = f'fill="url(#{pattern_id})" stroke="{PRIMARY}" stroke-width=".8"'
        else:
            paint = f'fill="none" stroke="{EDGE}" stroke-width=".5"'
        if slug in DEEP:
            paint += ' stroke-dasharray="1.6 1"'
        d = "".join(path for _, path in _region_paths(slug))
        parts.append(f'<path d="{d}" {paint} data-muscle="{slug}" data-role="{role or "none"}"/>')
    for view, centre in CENTRES.items():
        parts.append(
            f'<text x="{_n(centre)}" y="{_n(HEIGHT - 0.5)}" text-anchor="middle" font-size="7" '
            f'font-family="sans-serif" fill="{INK}">{view.capitalize()}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def render(primary: Iterable[str], secondary: Iterable[str] = (), *, pattern_id: str = "") -> str:
    """The map as SVG: primary muscles solid, secondary hatched, the rest outlined.

    Unknown slugs are left out (see `unmapped`); a muscle given in both lists counts as primary.
    The hatch is an SVG pattern, so two maps on one page need different `pattern_id`s."""
    primary_known = tuple(sorted(set(primary) & set(REGIONS)))
    secondary_known = tuple(sorted((set(secondary) & set(REGIONS)) - set(primary_known)))
    return _render(primary_known, secondary_known, pattern_id or "muscle-hatch")
