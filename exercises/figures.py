"""Exercise figures: a pose in, an SVG line drawing out. Plain Python, no Django.

A figure is a 2D skeleton with fixed segment lengths, posed by joint angles and placed by ground
contact: the body is built outwards from the pelvis, then lowered until its lowest point rests on
the floor (or on the prop that supports it). A lying or all-fours pose is therefore drawn from its
own joint angles, never by turning a standing figure over.

An exercise stores one figure (a JSON object):

    {
      "view": "side",                 # "side" (facing right) or "front" (facing you)
      "start": {"near_hip": 0, ...},  # joint angles in degrees; a missing joint is 0
      "end": {"near_hip": 90, ...},
      "moving": ["near_leg"],         # limbs (or single segments) that move
      "start_alt": "Standing tall, feet together.",
      "end_alt": "Standing on one leg, the other knee raised to hip height.",
      "props": [{"kind": "wall", "at": "far_hand"}],   # optional
      "anchor": "far_toe",            # optional: the point that stays put between the two
      "arrow": "near_knee"            # optional: the point the movement arrow follows
    }

Joint angles (side view, figure facing right; the front view uses the same names):
    trunk     lean of the lower back from upright: + forwards, -90 lying on the back,
              +90 lying face down (front view: + tips the body to the figure's near side)
    spine     bend between lower and upper back: + rounds forwards, - arches
    head      neck bend from the line of the upper back: + chin down
    *_hip     hip flexion (front view: abduction, away from the midline)
    *_knee    knee bend; *_ankle points the toes; *_shoulder raises the arm forwards
              (front view: out to the side); *_elbow and *_wrist bend forwards
In the front view, hips and shoulders abduct (+ away from the midline) and knees and elbows bend
towards the midline. Near limbs are drawn in front (side view) or on the right-hand side (front
view); in the side view far limbs are drawn behind, in a lighter grey. "tilt"
({"near_thigh": 45}) turns a segment out of the picture plane towards you, so it is drawn
shorter; its true length never changes.
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

VIEWS = ("side", "front")
SIDES = ("near", "far")

# Segment lengths, in figure units (a standing figure is about 97 units tall).
HEAD_RADIUS = 6.5
LENGTHS = {
    "lower_back": 15.0,
    "upper_back": 15.0,
    "neck": 3.0,
    "thigh": 25.0,
    "shin": 24.0,
    "foot": 8.0,
    "upper_arm": 16.0,
    "forearm": 14.0,
    "hand": 5.0,
}
HIP_HALF_WIDTH = 5.0  # front view only; the side view stacks both hips on the pelvis
WAIST_HALF_WIDTH = 3.6
SHOULDER_HALF_WIDTH = 7.0

LIMB_WIDTH = 4.2
TORSO_WIDTH = 8.5
GROUND_CLEARANCE = {"limb": LIMB_WIDTH / 2, "torso": TORSO_WIDTH / 2, "head": HEAD_RADIUS}

# (lowest, highest) in degrees. Wide enough for every stretch in the catalogue, narrow enough to
# refuse a knee bent backwards or an angle typed in radians.
ANGLE_RANGES = {
    "trunk": (-180.0, 180.0),
    "spine": (-45.0, 60.0),
    "head": (-70.0, 80.0),
    "hip": (-60.0, 165.0),
    "knee": (-20.0, 180.0),
    "ankle": (-45.0, 95.0),
    "shoulder": (-120.0, 220.0),
    "elbow": (-30.0, 165.0),
    "wrist": (-100.0, 100.0),
}
LIMB_JOINTS = ("hip", "knee", "ankle", "shoulder", "elbow", "wrist")
POSE_KEYS = ("trunk", "spine", "head") + tuple(
    f"{side}_{joint}" for side in SIDES for joint in LIMB_JOINTS
)
MAX_TILT = 85.0

LEG_SEGMENTS = ("thigh", "shin", "foot")
ARM_SEGMENTS = ("upper_arm", "forearm", "hand")
TRUNK_SEGMENTS = ("lower_back", "upper_back", "hips", "shoulders")
SEGMENT_NAMES = (
    TRUNK_SEGMENTS
    + ("neck",)
    + tuple(f"{side}_{segment}" for side in SIDES for segment in LEG_SEGMENTS + ARM_SEGMENTS)
)
TILTABLE = ("lower_back", "upper_back", "neck") + tuple(
    f"{side}_{segment}" for side in SIDES for segment in LEG_SEGMENTS + ARM_SEGMENTS
)
GROUPS = {
    "trunk": TRUNK_SEGMENTS,
    "head": ("neck",),
    **{f"{side}_leg": tuple(f"{side}_{s}" for s in LEG_SEGMENTS) for side in SIDES},
    **{f"{side}_arm": tuple(f"{side}_{s}" for s in ARM_SEGMENTS) for side in SIDES},
}
POINT_NAMES = ("pelvis", "waist", "chest", "neck_top", "head") + tuple(
    f"{side}_{point}"
    for side in SIDES
    for point in ("hip", "knee", "ankle", "toe", "shoulder", "elbow", "wrist", "hand")
)

PROP_KINDS = ("mat", "box", "bench", "chair", "wall", "band", "dumbbell")
SUPPORT_PROPS = ("box", "bench", "chair")
MAX_PROP_HEIGHT = 60.0
MAX_ALT_LENGTH = 200
# The whole drawing, both positions and props, must fit in this many units.
MAX_WIDTH = 190.0
MAX_HEIGHT = 140.0
MIN_VIEW = (112.0, 56.0)  # small poses keep the same scale as the rest of the catalogue

INK = "#222"
FAR_INK = "#999"
MOVE_INK = "#c40"
FAR_MOVE_INK = "#e96"
GHOST_INK = "#555"
PROP_FILL = "#eee"
PROP_INK = "#666"
BAND_INK = "#176"


class FigureError(ValueError):
    """A figure that cannot be drawn; the message says what to change, in plain words."""


@dataclass(frozen=True)
class Style:
    """Line weights for the size a drawing is shown at, in figure units.

    A page-sized drawing (about 15 rem wide) has room for the start position as dashes and a
    hollow moving limb; a thumbnail (about 6.5 rem) keeps only what reads at that size: thinner
    limbs so crossing ones stay apart, arms thinner than legs, the moving part solid, and a
    heavier floor."""

    leg: float
    arm: float
    torso: float
    ground: float
    ghost: bool
    hollow: bool


PAGE = Style(leg=LIMB_WIDTH, arm=3.2, torso=TORSO_WIDTH, ground=0.9, ghost=True, hollow=True)
SMALL = Style(leg=3.6, arm=2.5, torso=7.0, ground=1.8, ghost=False, hollow=False)


@dataclass(frozen=True)
class Prop:
    kind: str
    under: str = ""  # box, bench, chair: the point resting on its top
    at: str = ""  # wall: the point touching it; dumbbell: the point holding it
    start: str = ""  # band: from this point...
    end: str = ""  # ...to this point (or to a post `post` units along from `start`)
    post: float = 0.0
    height: float = 0.0
    width: float = 0.0
    offset: float = 0.0
    back: int = -1  # chair: which side the backrest is on (-1 left, 1 right, 0 none)


@dataclass(frozen=True)
class Figure:
    view: str
    start: tuple[tuple[str, float], ...]
    end: tuple[tuple[str, float], ...]
    start_tilt: tuple[tuple[str, float], ...]
    end_tilt: tuple[tuple[str, float], ...]
    moving: tuple[str, ...]
    start_alt: str
    end_alt: str
    props: tuple[Prop, ...] = ()
    anchor: str = ""
    arrow: str = ""

    def alt(self, which: str) -> str:
        return self.start_alt if which == "start" else self.end_alt

    @property
    def moving_segments(self) -> frozenset[str]:
        names: set[str] = set()
        for part in self.moving:
            names.update(GROUPS.get(part, (part,)))
        return frozenset(names)


# --- Reading and checking a stored figure ------------------------------------------------------

POSITION_NAMES = {"start": "Start position", "end": "End position"}


def _number(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise FigureError(f"{where} must be a number of degrees, not {value!r}.")
    return float(value)


Angles = tuple[tuple[str, float], ...]


def _angles(data, which: str) -> tuple[Angles, Angles]:
    label = POSITION_NAMES[which]
    if not isinstance(data, Mapping):
        raise FigureError(f'{label}: give the joint angles as an object, e.g. {{"near_knee": 90}}.')
    angles: dict[str, float] = {}
    tilts: dict[str, float] = {}
    for key, value in data.items():
        if key == "tilt":
            if not isinstance(value, Mapping):
                raise FigureError(f'{label}: "tilt" must be an object, e.g. {{"near_thigh": 40}}.')
            for segment, degrees in value.items():
                if segment not in TILTABLE:
                    raise FigureError(
                        f"{label}: cannot tilt {segment!r}; tilt one of {', '.join(TILTABLE)}."
                    )
                degrees = _number(degrees, f"{label}, tilt of {segment}")
                if abs(degrees) > MAX_TILT:
                    raise FigureError(
                        f"{label}: the tilt of {segment} is {degrees:g}°; keep it between "
                        f"-{MAX_TILT:g}° and {MAX_TILT:g}°."
                    )
                tilts[segment] = degrees
            continue
        if key not in POSE_KEYS:
            raise FigureError(
                f'{label}: {key!r} is not a joint. Use {", ".join(POSE_KEYS)} (or "tilt").'
            )
        degrees = _number(value, f"{label}, {key.replace('_', ' ')}")
        low, high = ANGLE_RANGES[key.split("_")[-1]]
        if not low <= degrees <= high:
            raise FigureError(
                f"{label}: {key.replace('_', ' ')} is {degrees:g}°, outside what a body can do "
                f"here ({low:g}° to {high:g}°)."
            )
        angles[key] = degrees
    return tuple(sorted(angles.items())), tuple(sorted(tilts.items()))


def _point(value, where: str, *, segment_fraction: bool = False) -> str:
    """A point name; `near_thigh:0.8` (80 % along a segment) is allowed where bands attach."""
    if not isinstance(value, str) or not value:
        raise FigureError(f'{where}: name a point such as "near_hand".')
    if segment_fraction and ":" in value:
        segment, _, fraction = value.partition(":")
        try:
            ok = segment in SEGMENT_NAMES and 0 <= float(fraction) <= 1
        except ValueError:
            ok = False
        if ok:
            return value
        raise FigureError(
            f'{where}: {value!r} should be a segment and a fraction, e.g. "near_thigh:0.8".'
        )
    if value not in POINT_NAMES:
        names = ", ".join(POINT_NAMES)
        raise FigureError(f"{where}: {value!r} is not a point; use one of {names}.")
    return value


def _prop(data, n: int) -> Prop:
    where = f"Prop {n}"
    if not isinstance(data, Mapping) or data.get("kind") not in PROP_KINDS:
        raise FigureError(f'{where}: "kind" must be one of {", ".join(PROP_KINDS)}.')
    kind = data["kind"]
    known = {"kind", "under", "at", "from", "to", "post", "height", "width", "offset", "back"}
    unknown = set(data) - known
    if unknown:
        raise FigureError(f"{where} ({kind}): unknown setting(s) {', '.join(sorted(unknown))}.")
    fields: dict = {"kind": kind}
    for name in ("post", "height", "width", "offset"):
        if name in data:
            fields[name] = _number(data[name], f"{where} ({kind}), {name}")
    if kind in SUPPORT_PROPS:
        fields["under"] = _point(data.get("under"), f"{where} ({kind}), under")
        if not 4 <= fields.get("height", 0) <= MAX_PROP_HEIGHT:
            raise FigureError(
                f"{where} ({kind}): give a height between 4 and {MAX_PROP_HEIGHT:g} units."
            )
    elif kind in ("wall", "dumbbell"):
        fields["at"] = _point(data.get("at"), f"{where} ({kind}), at")
    elif kind == "band":
        fields["start"] = _point(data.get("from"), f"{where} (band), from", segment_fraction=True)
        if "to" in data:
            fields["end"] = _point(data["to"], f"{where} (band), to", segment_fraction=True)
        elif not fields.get("post"):
            raise FigureError(f'{where} (band): give "to" (a point) or "post" (a distance).')
    if "back" in data:
        if data["back"] not in (-1, 0, 1):
            raise FigureError(f'{where} ({kind}): "back" is -1 (left), 0 (none) or 1 (right).')
        fields["back"] = data["back"]
    return Prop(**fields)


def parse(data) -> Figure:
    """A Figure from its stored JSON (a dict), or FigureError saying what is wrong."""
    if not isinstance(data, Mapping):
        raise FigureError("The figure must be a JSON object with a view, start and end positions.")
    known = {"view", "start", "end", "moving", "start_alt", "end_alt", "props", "anchor", "arrow"}
    unknown = set(data) - known
    if unknown:
        raise FigureError(f"Unknown figure setting(s): {', '.join(sorted(unknown))}.")
    missing = [
        key for key in ("view", "start", "end", "moving", "start_alt", "end_alt") if key not in data
    ]
    if missing:
        raise FigureError(f"The figure is missing {', '.join(missing)}.")
    if data["view"] not in VIEWS:
        raise FigureError(f'The view must be "side" or "front", not {data["view"]!r}.')
    start, start_tilt = _angles(data["start"], "start")
    end, end_tilt = _angles(data["end"], "end")
    moving = data["moving"]
    if not isinstance(moving, list) or not moving:
        raise FigureError('Say which parts move, e.g. "moving": ["near_leg"].')
    for part in moving:
        if part not in GROUPS and part not in SEGMENT_NAMES:
            raise FigureError(
                f"{part!r} cannot move: use a limb ({', '.join(GROUPS)}) or a segment "
                f'such as "near_shin".'
            )
    alts = {}
    for key, label in (("start_alt", "start"), ("end_alt", "end")):
        text = data[key]
        if not isinstance(text, str) or not text.strip():
            raise FigureError(f"Describe the {label} position in words ({key}).")
        if len(text) > MAX_ALT_LENGTH:
            raise FigureError(
                f"The {label} description is {len(text)} characters; keep it under "
                f"{MAX_ALT_LENGTH}."
            )
        alts[key] = " ".join(text.split())
    props = data.get("props", [])
    if not isinstance(props, list):
        raise FigureError('"props" must be a list, e.g. [{"kind": "mat"}].')
    anchor = _point(data["anchor"], "anchor") if "anchor" in data else ""
    arrow = _point(data["arrow"], "arrow") if "arrow" in data else ""
    return Figure(
        view=data["view"],
        start=start,
        end=end,
        start_tilt=start_tilt,
        end_tilt=end_tilt,
        moving=tuple(moving),
        start_alt=alts["start_alt"],
        end_alt=alts["end_alt"],
        props=tuple(_prop(prop, n) for n, prop in enumerate(props, start=1)),
        anchor=anchor,
        arrow=arrow,
    )


# --- Building the skeleton ----------------------------------------------------------------------

Vec = tuple[float, float, float]  # x right, y down (SVG), z towards the viewer


def _direction(degrees: float, tilt: float = 0.0) -> Vec:
    """A unit vector: 0° points down, 90° right, 180° up; tilt turns it towards the viewer."""
    a, t = math.radians(degrees), math.radians(tilt)
    return (math.sin(a) * math.cos(t), math.cos(a) * math.cos(t), math.sin(t))


def _add(p: Vec, d: Vec, length: float) -> Vec:
    return (p[0] + d[0] * length, p[1] + d[1] * length, p[2] + d[2] * length)


@dataclass(frozen=True)
class Segment:
    name: str
    a: str
    b: str
    length: float
    kind: str  # "limb", "torso" or "neck"
    side: str  # "near", "far" or "" for the trunk


@dataclass(frozen=True)
class Skeleton:
    points: dict[str, Vec]
    segments: tuple[Segment, ...]
    view: str

    def at(self, name: str) -> Vec:
        """A point, or `segment:fraction` along a segment."""
        if ":" in name:
            segment_name, _, fraction = name.partition(":")
            segment = next(s for s in self.segments if s.name == segment_name)
            a, b, f = self.points[segment.a], self.points[segment.b], float(fraction)
            return tuple(a[i] + (b[i] - a[i]) * f for i in range(3))  # type: ignore[return-value]
        return self.points[name]

    def moved(self, dx: float, dy: float) -> Skeleton:
        points = {name: (p[0] + dx, p[1] + dy, p[2]) for name, p in self.points.items()}
        return Skeleton(points, self.segments, self.view)

    def clearance(self, name: str) -> float:
        if name == "head":
            return GROUND_CLEARANCE["head"]
        if name in ("pelvis", "waist", "chest") and self.view == "side":
            return GROUND_CLEARANCE["torso"]
        return GROUND_CLEARANCE["limb"]


def build(view: str, angles: Mapping[str, float], tilts: Mapping[str, float]) -> Skeleton:
    """Forward kinematics from the pelvis at the origin; placement on the floor comes later."""
    angle = {key: 0.0 for key in POSE_KEYS} | dict(angles)
    tilt = dict(tilts)
    points: dict[str, Vec] = {"pelvis": (0.0, 0.0, 0.0)}
    segments: list[Segment] = []

    def grow(name: str, start: str, end: str, degrees: float, key: str, kind: str, side: str):
        length = LENGTHS[key]
        points[end] = _add(points[start], _direction(degrees, tilt.get(name, 0.0)), length)
        segments.append(Segment(name, start, end, length, kind, side))

    lower = 180.0 - angle["trunk"]
    upper = lower - angle["spine"]
    grow("lower_back", "pelvis", "waist", lower, "lower_back", "torso", "")
    grow("upper_back", "waist", "chest", upper, "upper_back", "torso", "")
    grow("neck", "chest", "neck_top", upper - angle["head"], "neck", "neck", "")
    points["head"] = _add(
        points["neck_top"], _direction(upper - angle["head"], tilt.get("neck", 0.0)), HEAD_RADIUS
    )
    for side in SIDES:
        sign = -1.0 if (view == "front" and side == "far") else 1.0
        if view == "front":
            across = _direction(lower - 90.0 * sign)
            points[f"{side}_hip"] = _add(points["pelvis"], across, HIP_HALF_WIDTH)
            points[f"{side}_waist"] = _add(points["waist"], across, WAIST_HALF_WIDTH)
            across = _direction(upper - 90.0 * sign)
            points[f"{side}_shoulder"] = _add(points["chest"], across, SHOULDER_HALF_WIDTH)
        else:
            # Both hips sit on the pelvis; the far side is only further from the viewer.
            z = 3.0 if side == "near" else -3.0
            points[f"{side}_hip"] = _add(points["pelvis"], (0.0, 0.0, 1.0), z)
            points[f"{side}_shoulder"] = _add(points["chest"], (0.0, 0.0, 1.0), z)

        def joint(name: str, side: str = side, sign: float = sign) -> float:
            return sign * angle[f"{side}_{name}"]

        thigh = lower - 180.0 + joint("hip")
        shin = thigh - joint("knee")
        if view == "front":
            # Seen from the front a foot points at you: a short stub, unless tilted otherwise.
            foot = shin + sign * 25.0 - joint("ankle")
            tilt.setdefault(f"{side}_foot", 70.0)
        else:
            foot = shin + sign * 90.0 - joint("ankle")
        grow(f"{side}_thigh", f"{side}_hip", f"{side}_knee", thigh, "thigh", "limb", side)
        grow(f"{side}_shin", f"{side}_knee", f"{side}_ankle", shin, "shin", "limb", side)
        grow(f"{side}_foot", f"{side}_ankle", f"{side}_toe", foot, "foot", "limb", side)
        arm = upper - 180.0 + joint("shoulder")
        # Seen from the front an elbow bends towards the midline, like a knee.
        bend = -1.0 if view == "front" else 1.0
        forearm = arm + bend * joint("elbow")
        hand = forearm + bend * joint("wrist")
        grow(
            f"{side}_upper_arm", f"{side}_shoulder", f"{side}_elbow", arm, "upper_arm", "limb", side
        )
        grow(f"{side}_forearm", f"{side}_elbow", f"{side}_wrist", forearm, "forearm", "limb", side)
        grow(f"{side}_hand", f"{side}_wrist", f"{side}_hand", hand, "hand", "limb", side)
    if view == "front":
        segments.append(Segment("hips", "far_hip", "near_hip", 2 * HIP_HALF_WIDTH, "torso", ""))
        segments.append(
            Segment(
                "shoulders", "far_shoulder", "near_shoulder", 2 * SHOULDER_HALF_WIDTH, "torso", ""
            )
        )
    return Skeleton(points, tuple(segments), view)


# --- Placing the figure on the floor ------------------------------------------------------------


def _place(skeleton: Skeleton, supports: Mapping[str, float], anchor: str) -> Skeleton:
    """Lower the body until its first point touches its support; put the anchor at x = 0.

    The floor is y = 0 and y grows downwards, so every point ends at or above its support."""
    lift = min(
        -supports.get(name, 0.0) - (p[1] + skeleton.clearance(name))
        for name, p in skeleton.points.items()
        if name != "neck_top"
    )
    return skeleton.moved(-skeleton.at(anchor)[0], lift)


def _default_anchor(figure: Figure) -> str:
    """A foot that stays put, or else the pelvis."""
    moving = figure.moving_segments
    for side in ("far", "near"):
        if not {f"{side}_shin", f"{side}_foot"} & moving:
            return f"{side}_toe"
    return "pelvis"


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def grow(self, x: float, y: float, r: float = 0.0) -> Box:
        return Box(
            min(self.left, x - r),
            min(self.top, y - r),
            max(self.right, x + r),
            max(self.bottom, y + r),
        )


@dataclass(frozen=True)
class Block:
    """A prop standing on the floor, placed from the start position and left there."""

    kind: str
    left: float
    right: float
    height: float  # top of a box, bench or chair seat; post height; wall height is the view's
    back: int = 0


@dataclass(frozen=True)
class Arrow:
    start: tuple[float, float]
    control: tuple[float, float] | None  # None: a straight arrow
    end: tuple[float, float]
    direction: tuple[float, float]  # unit vector of the arrowhead


@dataclass(frozen=True)
class Scene:
    """Both positions on one floor (y = 0), with the props and the movement arrow."""

    figure: Figure
    start: Skeleton
    end: Skeleton
    blocks: tuple[Block, ...]
    arrow: Arrow | None

    def skeleton(self, which: str) -> Skeleton:
        return self.start if which == "start" else self.end

    def bounds(self) -> Box:
        box = Box(0.0, 0.0, 0.0, 0.0)
        for skeleton in (self.start, self.end):
            for name, p in skeleton.points.items():
                if name != "neck_top":
                    box = box.grow(p[0], p[1], skeleton.clearance(name))
            for prop in self.figure.props:
                if prop.kind == "dumbbell":
                    p = skeleton.at(prop.at)
                    box = box.grow(p[0], p[1], DUMBBELL_SIZE / 2 + 0.5)
        for block in self.blocks:
            top = block.height + (CHAIR_BACK if block.back else 0)
            box = box.grow(block.left, 0).grow(block.right, -top)
        if self.arrow:
            for point in (self.arrow.start, self.arrow.control, self.arrow.end):
                if point:
                    box = box.grow(point[0], point[1], ARROW_HEAD)
        return box


BLOCK_WIDTHS = {"box": 20.0, "bench": 34.0, "chair": 20.0}
CHAIR_BACK = 26.0
DUMBBELL_SIZE = 6.4
ARROW_HEAD = 4.2


def _blocks(figure: Figure, start: Skeleton) -> tuple[Block, ...]:
    blocks = []
    for prop in figure.props:
        if prop.kind in SUPPORT_PROPS:
            x = start.at(prop.under)[0] + prop.offset
            width = prop.width or BLOCK_WIDTHS[prop.kind]
            back = prop.back if prop.kind == "chair" else 0
            blocks.append(Block(prop.kind, x - width / 2, x + width / 2, prop.height, back))
        elif prop.kind == "wall":
            point = start.at(prop.at)
            side = 1 if point[0] >= start.points["pelvis"][0] else -1
            x = point[0] + side * (LIMB_WIDTH / 2 + 0.3) + prop.offset
            left, right = (x, x + 5) if side > 0 else (x - 5, x)
            blocks.append(Block("wall", left, right, -point[1] + 12))
        elif prop.kind == "band" and not prop.end:
            x = start.at(prop.start)[0] + prop.post
            blocks.append(Block("post", x - 1.5, x + 1.5, 7.0))
    if any(prop.kind == "mat" for prop in figure.props):
        xs = [p[0] for name, p in start.points.items() if p[1] > -12 and name != "neck_top"]
        blocks.insert(0, Block("mat", min(xs) - 6, max(xs) + 6, 3.2))
    return tuple(blocks)


def _arrow(figure: Figure, start: Skeleton, end: Skeleton) -> Arrow | None:
    """A curved arrow beside the point that travels, bulging away from the body."""
    name = figure.arrow or _arrow_point(figure, start, end)
    p0, p1 = start.at(name), end.at(name)
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    distance = math.hypot(dx, dy)
    if distance < 1.0:
        return None
    ux, uy = dx / distance, dy / distance
    nx, ny = -uy, ux
    mid = ((p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2)
    centre = end.points["pelvis"] if name != "pelvis" else end.points["chest"]
    if (mid[0] - centre[0]) * nx + (mid[1] - centre[1]) * ny < 0:
        nx, ny = -nx, -ny
    stand_off = 5.5
    if distance < 10:
        # A short move gets a straight arrow beside the point, ten units long.
        tip = (p1[0] + nx * stand_off, p1[1] + ny * stand_off)
        tail = (tip[0] - ux * 10, tip[1] - uy * 10)
        return Arrow(tail, None, tip, (ux, uy))
    trim = min(3.0, distance / 6)
    tail = (p0[0] + nx * stand_off + ux * trim, p0[1] + ny * stand_off + uy * trim)
    tip = (p1[0] + nx * stand_off - ux * trim, p1[1] + ny * stand_off - uy * trim)
    bulge = stand_off + distance * 0.22
    control = (mid[0] + nx * bulge, mid[1] + ny * bulge)
    return Arrow(tail, control, tip, _unit(control, tip))


def _arrow_point(figure: Figure, start: Skeleton, end: Skeleton) -> str:
    """The end of a moving segment that travels furthest."""
    names = sorted(
        {
            point
            for segment in start.segments
            if segment.name in figure.moving_segments
            for point in (segment.a, segment.b)
        }
        - {"neck_top"}
    )
    return max(names, key=lambda name: math.dist(start.points[name][:2], end.points[name][:2]))


def scene(figure: Figure) -> Scene:
    supports = {prop.under: prop.height for prop in figure.props if prop.kind in SUPPORT_PROPS}
    anchor = figure.anchor or _default_anchor(figure)
    start = _place(
        build(figure.view, dict(figure.start), dict(figure.start_tilt)), supports, anchor
    )
    end = _place(build(figure.view, dict(figure.end), dict(figure.end_tilt)), supports, anchor)
    return Scene(figure, start, end, _blocks(figure, start), _arrow(figure, start, end))


def view_box(scene_: Scene) -> tuple[float, float, float, float]:
    """(x, y, width, height) in floor coordinates: the drawing with a margin, between 4:3 (for
    a standing pose) and 2:1 (lying down), never smaller than MIN_VIEW, so that small poses keep
    the catalogue's scale."""
    box = scene_.bounds()
    margin = 3.0
    width = max(box.right - box.left + 2 * margin, MIN_VIEW[0])
    height = max(-box.top + margin + FLOOR_MARGIN, MIN_VIEW[1])
    width, height = max(width, height * 4 / 3), max(height, width / 2)
    x = (box.left + box.right) / 2 - width / 2
    return (round(x, 1), round(FLOOR_MARGIN - height, 1), round(width, 1), round(height, 1))


FLOOR_MARGIN = 2.0


# --- Drawing ------------------------------------------------------------------------------------


def _n(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _unit(a, b) -> tuple[float, float]:
    dx, dy = b[0] - a[0], b[1] - a[1]
    norm = math.hypot(dx, dy) or 1.0
    return (dx / norm, dy / norm)


@dataclass(frozen=True)
class Pen:
    """Writes floor coordinates shifted into the view box, so that every number is positive."""

    dx: float
    dy: float
    style: Style = PAGE

    def x(self, value: float) -> str:
        return _n(value + self.dx)

    def y(self, value: float) -> str:
        return _n(value + self.dy)

    def xy(self, p) -> str:
        return f"{self.x(p[0])} {self.y(p[1])}"

    def lines(self, skeleton: Skeleton, segments) -> str:
        """Path data for segments, joining each to the one before when they meet."""
        d: list[str] = []
        last = None
        for segment in segments:
            if last != segment.a:
                d.append(f"M{self.xy(skeleton.points[segment.a])}")
            d.append(self.xy(skeleton.points[segment.b]))
            last = segment.b
        return " ".join(d).replace(" M", "M")

    def stroke(self, d: str, colour: str, width: float = 0.0, extra: str = "") -> str:
        if not d:
            return ""
        width = width or self.style.leg
        size = "" if width == self.style.leg else f' stroke-width="{_n(width)}"'
        return f'<path d="{d}" stroke="{colour}"{size}{extra}/>'


def _draw_blocks(pen: Pen, blocks, top: float) -> list[str]:
    out = []
    solid = f'fill="{PROP_FILL}" stroke="{PROP_INK}" stroke-width="1.2"'
    for block in blocks:
        left, right, h = block.left, block.right, block.height
        if block.kind == "mat":
            out.append(pen.stroke(f"M{pen.xy((left, -1.6))}H{pen.x(right)}", PROP_INK, 3.2))
        elif block.kind == "box":
            out.append(
                f'<rect x="{pen.x(left)}" y="{pen.y(-h)}" width="{_n(right - left)}" '
                f'height="{_n(h)}" {solid}/>'
            )
        elif block.kind == "wall":
            out.append(
                f'<rect x="{pen.x(left)}" y="{pen.y(top)}" width="{_n(right - left)}" '
                f'height="{_n(-top)}" {solid}/>'
            )
        elif block.kind == "post":
            out.append(pen.stroke(f"M{pen.xy(((left + right) / 2, 0))}V{pen.y(-h)}", PROP_INK, 3))
        else:  # bench or chair: legs, a back for a chair, then the seat
            legs = f"M{pen.xy((left + 2.5, -h))}V{pen.y(0)}M{pen.xy((right - 2.5, -h))}V{pen.y(0)}"
            if block.back:
                x = left + 1.2 if block.back < 0 else right - 1.2
                legs += f"M{pen.xy((x, -h))}V{pen.y(-h - CHAIR_BACK)}"
            out.append(pen.stroke(legs, PROP_INK, 2.4))
            out.append(
                f'<rect x="{pen.x(left)}" y="{pen.y(-h)}" width="{_n(right - left)}" '
                f'height="3" rx="1" {solid}/>'
            )
    return out


def _draw_held(pen: Pen, figure: Figure, skeleton: Skeleton, blocks) -> list[str]:
    """Props that move with the body: bands and dumbbells."""
    out = []
    posts = iter(block for block in blocks if block.kind == "post")
    for prop in figure.props:
        if prop.kind == "dumbbell":
            p = skeleton.at(prop.at)
            half = DUMBBELL_SIZE / 2
            out.append(
                f'<rect x="{pen.x(p[0] - half)}" y="{pen.y(p[1] - half)}" '
                f'width="{_n(DUMBBELL_SIZE)}" height="{_n(DUMBBELL_SIZE)}" rx="1.6" '
                f'fill="{INK}" stroke="#fff" stroke-width=".8"/>'
            )
        elif prop.kind == "band":
            a = skeleton.at(prop.start)
            if prop.end:
                b = skeleton.at(prop.end)
            else:
                post = next(posts)
                b = ((post.left + post.right) / 2, -post.height + 1.5)
            # Run a little past each end, so the band reads as wrapped round the limb.
            ux, uy = _unit(a, b)
            over = 2.8
            a = (a[0] - ux * over, a[1] - uy * over)
            if prop.end:
                b = (b[0] + ux * over, b[1] + uy * over)
            out.append(
                pen.stroke(
                    f"M{pen.xy(a)} {pen.xy(b)}",
                    BAND_INK,
                    2.2,
                    ' stroke-linecap="round" stroke-dasharray="4 1.5"',
                )
            )
    return out


def _groups(skeleton: Skeleton) -> list[tuple[str, list[Segment]]]:
    """Body parts, furthest from the viewer first, so nearer parts are drawn over them."""
    order = ("far_leg", "far_arm", "trunk", "head", "near_leg", "near_arm")
    parts: dict[str, list[Segment]] = {name: [] for name in order}
    for segment in skeleton.segments:
        if segment.kind == "torso":
            parts["trunk"].append(segment)
        elif segment.kind == "neck":
            parts["head"].append(segment)
        else:
            limb = "leg" if segment.name.split("_", 1)[1] in LEG_SEGMENTS else "arm"
            parts[f"{segment.side}_{limb}"].append(segment)

    def depth(item: tuple[int, str]) -> tuple[float, int]:
        index, name = item
        names = {"head"} if name == "head" else {p for s in parts[name] for p in (s.a, s.b)}
        return (round(sum(skeleton.points[n][2] for n in names) / len(names), 1), index)

    return [(name, parts[name]) for _, name in sorted(enumerate(order), key=depth)]


def _flat(skeleton: Skeleton, segment: Segment) -> tuple[float, ...]:
    a, b = skeleton.points[segment.a], skeleton.points[segment.b]
    return (round(a[0], 1), round(a[1], 1), round(b[0], 1), round(b[1], 1))


def _draw_body(pen: Pen, skeleton: Skeleton, moving: frozenset[str], highlight: bool) -> list[str]:
    """The body, back to front; in the end position the moving segments in a second colour."""
    side_view = skeleton.view == "side"
    p = skeleton.points
    # In the side view a far limb posed like the near one is hidden behind it: skip it.
    in_front = {_flat(skeleton, s) for s in skeleton.segments if s.side == "near"}
    out: list[str] = []
    for name, segments in _groups(skeleton):
        if side_view and name.startswith("far"):
            segments = [s for s in segments if _flat(skeleton, s) not in in_front]
        moves = [s for s in segments if highlight and s.name in moving]
        still = [s for s in segments if s not in moves]
        colour = MOVE_INK if moves else INK
        if name == "trunk":
            if side_view:
                out.append(pen.stroke(pen.lines(skeleton, segments), colour, pen.style.torso))
            else:
                corners = (
                    "near_hip",
                    "far_hip",
                    "far_waist",
                    "far_shoulder",
                    "near_shoulder",
                    "near_waist",
                )
                d = "M" + " ".join(pen.xy(p[c]) for c in corners) + "Z"
                # An outlined trunk, so limbs in front of it and behind it stay readable.
                fill = "#fbe3d6" if moves else "#fff"
                out.append(
                    f'<path d="{d}" fill="{fill}" stroke="{colour}" '
                    f'stroke-width="{_n(pen.style.arm)}"/>'
                )
            if moves and pen.style.hollow and side_view:
                out.append(pen.stroke(pen.lines(skeleton, segments[:2]), "#fff", 1.3))
        elif name == "head":
            out.append(pen.stroke(pen.lines(skeleton, segments), colour))
            out.append(_head(pen, skeleton, colour))
        else:
            far = side_view and name.startswith("far")
            # Arms are drawn thinner than legs, so an arm lying along the floor or the body
            # does not read as another leg or a second body.
            width = pen.style.arm if name.endswith("arm") else pen.style.leg
            # Arms cross the trunk, and legs seen from the front cross each other; a side view's
            # near leg only crosses the far one, which is a lighter grey anyway.
            if still and not far and (name.endswith("arm") or not side_view):
                # A white edge keeps a limb readable where it crosses the trunk or another limb.
                out.append(pen.stroke(pen.lines(skeleton, still), "#fff", width + 1.8))
            # An arm lying along the floor (by the sides, on your back) is only resting: grey,
            # so it does not read as a second body beside the one that moves.
            resting = side_view and name.endswith("arm") and _on_floor(skeleton, still)
            ink = FAR_INK if far or resting else INK
            out.append(pen.stroke(pen.lines(skeleton, still), ink, width))
            if moves:
                d = pen.lines(skeleton, moves)
                if not far:
                    out.append(pen.stroke(d, "#fff", width + 1.8))
                out.append(pen.stroke(d, FAR_MOVE_INK if far else MOVE_INK, width))
                if pen.style.hollow:
                    # A white core makes a moving limb hollow, so it stands out in black and
                    # white; a thumbnail keeps it solid, which reads better that small.
                    out.append(pen.stroke(d, "#fff", 1.3))
    return [piece for piece in out if piece]


def _on_floor(skeleton: Skeleton, segments: list[Segment]) -> bool:
    """Whether every point of these segments is within a limb's width of the floor."""
    points = {name for segment in segments for name in (segment.a, segment.b)}
    return bool(points) and all(skeleton.points[name][1] > -LIMB_WIDTH * 1.5 for name in points)


def _head(pen: Pen, skeleton: Skeleton, colour: str) -> str:
    p = skeleton.points
    head = p["head"]
    r = HEAD_RADIUS - 1.1
    circle = (
        f'<circle cx="{pen.x(head[0])}" cy="{pen.y(head[1])}" r="{_n(r)}" fill="#fff" '
        f'stroke="{colour}" stroke-width="2.2"/>'
    )
    if skeleton.view != "side":
        return circle
    # A nose shows which way the face points: up when lying on the back, down on the front.
    ux, uy = _unit(p["neck_top"], head)
    fx, fy = -uy, ux  # a quarter turn from the line of the neck, towards the front
    base = r + 1.0
    a = (head[0] + fx * base + ux * 1.8, head[1] + fy * base + uy * 1.8)
    b = (head[0] + fx * base - ux * 1.4, head[1] + fy * base - uy * 1.4)
    tip = (head[0] + fx * (base + 2.4) - ux * 0.8, head[1] + fy * (base + 2.4) - uy * 0.8)
    return circle + f'<path d="M{pen.xy(a)} {pen.xy(tip)} {pen.xy(b)}Z" fill="{colour}"/>'


def _draw_ghost(pen: Pen, skeleton: Skeleton, moving: frozenset[str]) -> str:
    """The start position of the moving segments, thin and dashed, under the end position."""
    seen: set[tuple[float, ...]] = set()
    chosen = []
    for segment in skeleton.segments:
        if segment.name in moving and segment.name not in ("hips", "shoulders"):
            key = _flat(skeleton, segment)
            if key not in seen:
                seen.add(key)
                chosen.append(segment)
    return pen.stroke(pen.lines(skeleton, chosen), GHOST_INK, 1.3, ' stroke-dasharray="2.5 2"')


def _draw_arrow(pen: Pen, arrow: Arrow | None) -> str:
    """The arrow's shaft and an open arrowhead, in one path."""
    if arrow is None:
        return ""
    if arrow.control:
        d = f"M{pen.xy(arrow.start)}Q{pen.xy(arrow.control)} {pen.xy(arrow.end)}"
    else:
        d = f"M{pen.xy(arrow.start)}L{pen.xy(arrow.end)}"
    (ex, ey), (tx, ty), size = arrow.end, arrow.direction, ARROW_HEAD
    left = (ex - tx * size - ty * size * 0.7, ey - ty * size + tx * size * 0.7)
    right = (ex - tx * size + ty * size * 0.7, ey - ty * size - tx * size * 0.7)
    d += f"M{pen.xy(left)}L{pen.xy(arrow.end)} {pen.xy(right)}"
    return (
        f'<path d="{d}" stroke="{INK}" stroke-width="1.6" fill="none" stroke-linecap="round" '
        'stroke-linejoin="round"/>'
    )


SIZE = re.compile(r"(\d+(?:\.\d+)?)(mm|cm|in|pt|px|)")


def _size_attributes(size: str, w: float, h: float) -> str:
    """width and height attributes (allowed where a Content Security Policy forbids styles)."""
    if not size:
        return ""
    match = SIZE.fullmatch(size)
    if not match:
        raise ValueError(f"size must be a number with mm, cm, in, pt or px, not {size!r}")
    width, unit = float(match[1]), match[2]
    return f' width="{_n(width)}{unit}" height="{_n(width * h / w)}{unit}"'


def _svg(figure: Figure, which: str, labelled: bool, size: str = "", small: bool = False) -> str:
    scene_ = scene(figure)
    x, y, w, h = view_box(scene_)
    pen = Pen(-x, -y, SMALL if small else PAGE)
    skeleton = scene_.skeleton(which)
    moving = figure.moving_segments
    if labelled:
        label = f' role="img"><title>{html.escape(figure.alt(which))}</title>'
    else:
        label = ' aria-hidden="true" focusable="false">'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(w)} {_n(h)}"'
        f"{_size_attributes(size, w, h)}{label}",
        f'<path d="M0 {pen.y(pen.style.ground / 2)}H{_n(w)}" stroke="{INK}" '
        f'stroke-width="{_n(pen.style.ground)}"/>',
        *_draw_blocks(pen, scene_.blocks, y),
        '<g fill="none" stroke-linecap="round" stroke-linejoin="round" '
        f'stroke-width="{_n(pen.style.leg)}">',
    ]
    if which == "end" and pen.style.ghost:
        parts.append(_draw_ghost(pen, scene_.start, moving))
    parts.extend(_draw_body(pen, skeleton, moving, highlight=which == "end"))
    parts.append("</g>")
    parts.extend(_draw_held(pen, figure, skeleton, scene_.blocks))
    if which == "end":
        parts.append(_draw_arrow(pen, scene_.arrow))
    parts.append("</svg>")
    return "".join(parts)


# --- What the rest of HipCare calls ---------------------------------------------------------------


def check(data) -> Figure:
    """Parse a stored figure and make sure it can be drawn; FigureError says what to fix."""
    figure = parse(data)
    scene_ = scene(figure)
    box = scene_.bounds()
    if box.right - box.left > MAX_WIDTH or -box.top > MAX_HEIGHT:
        raise FigureError(
            f"The drawing is {box.right - box.left:.0f} units wide and {-box.top:.0f} tall; it "
            f"must fit in {MAX_WIDTH:g} by {MAX_HEIGHT:g}. Check the angles that stretch it out."
        )
    for part in figure.moving:
        names = set(GROUPS.get(part, (part,)))
        points = {p for s in scene_.start.segments if s.name in names for p in (s.a, s.b)}
        travel = max(math.dist(scene_.start.points[p], scene_.end.points[p]) for p in points)
        if travel < 1.0:
            raise FigureError(
                f"{part.replace('_', ' ').capitalize()} is listed as moving but is in the same "
                f"place at the start and the end."
            )
    return figure


def canonical(data) -> str:
    """A stable text form of a stored figure: the cache key, and what a version hashes."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@functools.lru_cache(maxsize=1024)
def _render_cached(text: str, which: str, labelled: bool, size: str, small: bool) -> str:
    return _svg(parse(json.loads(text)), which, labelled, size, small)


def render(data, which: str, *, labelled: bool = True, size: str = "", small: bool = False) -> str:
    """The SVG for one position ("start" or "end") of a stored figure, computed once per pose.

    labelled: role="img" with the position's description as its <title>; otherwise hidden from
    assistive technology, for a figure whose description is printed beside it.
    size: a width such as "40mm" for the width and height attributes (print, PDF).
    small: line weights for a thumbnail (about 6.5 rem wide; see SMALL), not a page."""
    if which not in ("start", "end"):
        raise ValueError(f"which must be 'start' or 'end', not {which!r}")
    return _render_cached(canonical(data), which, labelled, size, small)
