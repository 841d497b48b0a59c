"""The geometry of the small pain chart: where each logged session sits in an SVG's
coordinates. Plain Python, no Django; the template (routines/_pain_chart.html) draws it, so
nothing here builds markup.

The chart spans a run of days (on the runner's page and in the builder: from the first logged
day, at least a week back, to today, within the last six weeks); it has one point per day, the
worst pain logged that day, so several sessions on one day draw no vertical spike. Pain runs
from 0 at the bottom to 10 at the top, with a line at 5, the most the pain-monitoring model
accepts (routines/monitoring.py).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache

from hipcare.quoting import lower_first
from routines.monitoring import (
    ACCEPTABLE_MAX,
    PAIN_MAX,
    PAIN_MIN,
    SAFE_MAX,
    Level,
    Zone,
    told_urgency,
    told_value,
    zone,
)

WIDTH, HEIGHT = 320, 150
# Room for the axis labels: left for pain, bottom for dates.
LEFT, RIGHT, TOP, BOTTOM = 26, 8, 8, 22
# About how wide a date label is per character at the template's 9 px font (a little over, so
# labels placed apart never touch), and the space kept between two of them.
CHAR_WIDTH, LABEL_GAP = 5.5, 4
#: Where a date label may sit on its day (SVG text-anchor), the first preferred.
ANCHORS = ("middle", "start", "end")


# Each point's fill by zone (blue, amber, red), each at least 3:1 against the white page
# (WCAG 1.4.11); the chart's key says in words what each means (WCAG 1.4.1).
FILLS = {Zone.SAFE: "#0b5ed7", Zone.ACCEPTABLE: "#9a5200", Zone.HIGH_RISK: "#b02a37"}

#: What each zone is called, in the key under the chart and in each point's title, with the
#: pain scores it covers (routines/monitoring.py's edges).
ZONE_NAMES = {
    Zone.SAFE: f"safe zone, {PAIN_MIN} to {SAFE_MAX}",
    Zone.ACCEPTABLE: f"acceptable zone, {SAFE_MAX + 1} to {ACCEPTABLE_MAX}",
    Zone.HIGH_RISK: f"high-risk zone, {ACCEPTABLE_MAX + 1} to {PAIN_MAX}",
}

#: The chart's key: (zone, fill, name) of every colour a point can be drawn in, lowest first.
LEGEND: tuple[tuple[str, str, str], ...] = tuple(
    (zone_.value, FILLS[zone_], ZONE_NAMES[zone_]) for zone_ in Zone
)


#: A day whose advice (routines/monitoring.py's, as the log's history shows it) is this urgent
#: or more (stop, see a doctor today, emergency: Advice.urgency's scale) is drawn as a diamond,
#: not a dot, whatever its pain: a low pain on a day the runner was told to see a doctor never
#: reads as only "safe". The shape, not only a colour, tells it apart (WCAG 1.4.1).
MARKED_URGENCY = Level.STOP.rank
#: Half the diagonal of the diamond (a dot's radius is 3.5), and what the key says of it.
DIAMOND = 5
MARKED_NAME = "diamond: the advice that day was to stop, or to see a doctor or get emergency care"
#: What the key says of a day whose entries told the runner to stop or more (SessionLog.told)
#: where that day's advice reads less now (entries logged or deleted since): a dashed diamond.
TOLD_THEN_NAME = (
    "dashed diamond: after that day's entries the runner was told to stop, or to see a doctor "
    "or get emergency care; the log as it stands now says less for that day"
)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    day: date
    pain: int
    zone: Zone
    #: How many entries the runner logged that day (the point is the worst of them).
    entries: int = 1
    #: The day's advice in words ("See a doctor today") where it is stop or more urgent
    #: (:data:`MARKED_URGENCY`), else "": the point is then drawn as a diamond.
    told: str = ""
    #: What the runner was told after the day's entries (SessionLog.told) in words where that
    #: is stop or more and more urgent than :attr:`told` (the day's advice now), else "": the
    #: point is then drawn as a dashed diamond.
    told_then: str = ""

    @property
    def marked(self) -> bool:
        return bool(self.told or self.told_then)

    @property
    def diamond(self) -> str:
        """The diamond's SVG path for a marked point, else ""."""
        if not self.marked:
            return ""
        x, y, d = self.x, self.y, DIAMOND
        return (
            f"M{x},{_round(y - d)} L{_round(x + d)},{y} L{x},{_round(y + d)} L{_round(x - d)},{y} Z"
        )

    @property
    def fill(self) -> str:
        return FILLS[self.zone]

    @property
    def title(self) -> str:
        """The point's text alternative, naming its zone as the key does: "3 Nov: pain 4 out
        of 10 (acceptable zone, 3 to 5)", or for a day of several entries "3 Nov: worst pain 4
        out of 10 over 2 entries (acceptable zone, 3 to 5)"."""
        zone_name = ZONE_NAMES[self.zone]
        told = f"; advice that day: {lower_first(self.told)}" if self.told else ""
        if self.told_then:
            told += f"; told after that day's entries: {lower_first(self.told_then)}"
        if self.entries > 1:
            return (
                f"{_short(self.day)}: worst pain {self.pain} out of 10 over {self.entries} entries"
                f" ({zone_name}){told}"
            )
        return f"{_short(self.day)}: pain {self.pain} out of 10 ({zone_name}){told}"


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    #: How the label sits on its position (SVG text-anchor): centred, or beginning or ending
    #: there where a centred label would run off the chart or into another.
    anchor: str = "middle"


@dataclass(frozen=True)
class PainChart:
    """Everything the template needs: the viewBox size, the plot area, the points in date order
    (x grows with the date, y shrinks as pain grows), the polyline through them, the y of the
    acceptable-pain line, and the axis ticks."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    points: tuple[Point, ...]
    polyline: str
    limit_y: float
    pain_ticks: tuple[Tick, ...]
    day_ticks: tuple[Tick, ...]
    first: date
    last: date

    @property
    def empty(self) -> bool:
        return not self.points

    @cached_property
    def summary(self) -> str:
        """A one-sentence text alternative for the chart: what it plots, each day's worst pain
        (entries on the same day count as one session), its lowest and highest, and the
        latest day's, the last point (as the coach's panel's "Latest" and the runner's advice
        read the latest day: its worst pain)."""
        if not self.points:
            return "No sessions logged yet."
        pains = [point.pain for point in self.points]
        last = self.points[-1]
        if len(pains) == 1:
            # One day is not a range ("on 1 day from 1 Dec to 1 Dec"): its date and its pain.
            return (
                f"Worst pain on one day only; latest day, {last.day:%-d %b}: {last.pain} out of 10."
            )
        summary = (
            f"Worst pain on {len(pains)} days from {self.points[0].day:%-d %b} to "
            f"{last.day:%-d %b}: lowest {min(pains)}, highest {max(pains)}"
        )
        return f"{summary}; latest day, {last.day:%-d %b}: {last.pain} out of 10."

    # What the template places, as plain strings: {% for %} unpacks tuples without reading
    # attributes, and a string is printed as it is (a number would be localised each time).
    @property
    def drawn_points(self) -> tuple[tuple[str, str, str, str, str, str], ...]:
        """Each point's (zone, fill, x, y, title, diamond path or "" for a dot)."""
        return tuple(
            (point.zone.value, point.fill, str(point.x), str(point.y), point.title, point.diamond)
            for point in self.points
        )

    # The same as dicts, which the template reads: a loop that unpacks a tuple pushes a
    # context of its own for each turn, and a dict's key is found at the template's first
    # try (an attribute only after a failed key lookup, which raises).
    @property
    def marks(self) -> tuple[dict[str, str], ...]:
        """Each point as the template draws it: {"zone", "fill", "x", "y", "title",
        "diamond"}, the values of :attr:`drawn_points`."""
        return tuple(
            {
                "zone": point.zone.value,
                "fill": FILLS[point.zone],
                "x": str(point.x),
                "y": str(point.y),
                "title": point.title,
                "diamond": point.diamond,
            }
            for point in self.points
        )

    @property
    def lined(self) -> bool:
        """Whether a line joins the points (more than one)."""
        return len(self.points) > 1

    @property
    def key(self) -> tuple[dict[str, str], ...]:
        """The key as the template writes it: {"zone", "fill", "name"} of each colour, the
        name capitalised (:attr:`legend`'s)."""
        return KEY

    @property
    def marked_key(self) -> str:
        """:attr:`marked_name`, capitalised, as the key writes it."""
        return MARKED_KEY if any(point.told for point in self.points) else ""

    @property
    def told_then_key(self) -> str:
        """The key's line for a dashed diamond (:attr:`Point.told_then`) when one is drawn."""
        return TOLD_THEN_KEY if any(point.told_then for point in self.points) else ""

    @property
    def pain_label_marks(self) -> tuple[dict[str, str], ...]:
        """:attr:`pain_labels` as {"x", "y", "label"}."""
        x = str(self.left - 4)
        return tuple(
            {"x": x, "y": str(tick.position), "label": tick.label} for tick in self.pain_ticks
        )

    @property
    def day_label_marks(self) -> tuple[dict[str, str], ...]:
        """:attr:`day_labels` as {"x", "y", "label", "anchor"}."""
        y = str(self.height - 6)
        return tuple(
            {"x": str(tick.position), "y": y, "label": tick.label, "anchor": tick.anchor}
            for tick in self.day_ticks
        )

    @property
    def legend(self) -> tuple[tuple[str, str, str], ...]:
        """The key: (zone, fill, name) of each colour a point can be drawn in."""
        return LEGEND

    @property
    def marked_name(self) -> str:
        """The key's line for the diamond when a point is drawn as one, else ""."""
        return MARKED_NAME if any(point.told for point in self.points) else ""

    @property
    def span(self) -> str:
        """The days the axis runs over, as its labels write them: "25 Nov to 1 Dec" (the
        heading above the chart names them, so it never claims more weeks than are drawn)."""
        if self.first == self.last:
            return f"{self.first:%-d %b}"
        return f"{self.first:%-d %b} to {self.last:%-d %b}"

    @property
    def pain_labels(self) -> tuple[tuple[str, str, str], ...]:
        """(x, y, label) of each pain tick's label, left of the axis."""
        x = str(self.left - 4)
        return tuple((x, str(tick.position), tick.label) for tick in self.pain_ticks)

    @property
    def day_labels(self) -> tuple[tuple[str, str, str, str], ...]:
        """(x, y, label, text-anchor) of each day tick's label, under the axis."""
        y = str(self.height - 6)
        return tuple((str(tick.position), y, tick.label, tick.anchor) for tick in self.day_ticks)


def _capitalised(text: str) -> str:
    """`text` with its first letter a capital, as Django's capfirst filter writes it."""
    return text[:1].upper() + text[1:]


#: The key's lines as the template writes them (PainChart.key, PainChart.marked_key).
KEY: tuple[dict[str, str], ...] = tuple(
    {"zone": zone_, "fill": fill, "name": _capitalised(name)} for zone_, fill, name in LEGEND
)
MARKED_KEY = _capitalised(MARKED_NAME)
TOLD_THEN_KEY = _capitalised(TOLD_THEN_NAME)


@lru_cache(maxsize=1024)
def _short(day: date) -> str:
    """`day` as the chart writes it ("3 Nov"): each point's title and each date label, every
    time a chart is drawn; the same few dozen days on every request (strftime about 1.5 µs)."""
    return f"{day:%-d %b}"


def _round(value: float) -> float:
    return round(value, 1)


def _day_ticks(ends: list[date], weeks: list[date], x_of, width: int) -> tuple[Tick, ...]:
    """The date labels under the axis, in its order. `ends`, the latest point's day and the
    axis's first day, are always labelled, each centred on its day or else beginning or ending
    there, so that both fit inside the chart and clear of each other (if they cannot, the
    latest alone). Then each of `weeks` that fits centred and clear of those."""
    placed: list[tuple[float, float]] = []
    ticks: list[Tick] = []
    # Each day's position and label worked out once: the ends are tried at every anchor.
    drawn: dict[date, tuple[float, str]] = {}

    def at(day: date) -> tuple[float, str]:
        found = drawn.get(day)
        if found is None:
            found = drawn[day] = (x_of(day), _short(day))
        return found

    def box(day: date, anchor: str) -> tuple[float, float]:
        x, label = at(day)
        size = len(label) * CHAR_WIDTH
        start = x - size / 2 if anchor == "middle" else x if anchor == "start" else x - size
        return start, start + size

    def fits(span: tuple[float, float], others) -> bool:
        start, end = span
        inside = start >= 0 and end <= width
        return inside and all(end + LABEL_GAP <= a or b + LABEL_GAP <= start for a, b in others)

    def place(day: date, anchor: str) -> None:
        placed.append(box(day, anchor))
        ticks.append(Tick(*at(day), anchor))

    ends = list(dict.fromkeys(ends))
    for wanted in (ends, ends[:1]):
        for anchors in itertools.product(ANCHORS, repeat=len(wanted)):
            spans = [box(day, anchor) for day, anchor in zip(wanted, anchors, strict=True)]
            if all(fits(span, spans[:n]) for n, span in enumerate(spans)):
                for day, anchor in zip(wanted, anchors, strict=True):
                    place(day, anchor)
                break
        if placed:
            break
    for day in weeks:
        if day not in ends and fits(box(day, "middle"), placed):
            place(day, "middle")
    return tuple(sorted(ticks, key=lambda tick: tick.position))


def pain_chart(
    sessions: Iterable[tuple[date, int]],
    *,
    first: date,
    last: date,
    width: int = WIDTH,
    height: int = HEIGHT,
    fit_days: int | None = None,
    advice: Mapping[date, object] | None = None,
    told: Mapping[date, str] | None = None,
) -> PainChart:
    """The chart of `sessions` ((day, pain 0-10) pairs, any order) between `first` and `last`
    inclusive, one point per day (that day's worst pain); sessions outside those days are left
    out. With `fit_days`, the axis starts at the earliest session kept instead, widened to at
    least `fit_days` days before `last` and never before `first`, so a short log is not
    crammed at the right. `advice`: each day's advice (a monitoring.Advice, read for its
    `urgency` and `label`); a day whose advice is stop or more urgent is drawn as a diamond
    and its title says the advice. `told`: what the runner was told after each day's entries
    (the most urgent SessionLog.told of the day); where that is stop or more and more urgent
    than the day's advice now, the point is drawn as a dashed diamond saying so. Raises
    ValueError if `last` is before `first` or a pain is outside 0-10."""
    if last < first:
        raise ValueError("the chart's last day is before its first")
    worst: dict[date, int] = {}
    counts: dict[date, int] = {}
    for day, pain in sessions:
        if first <= day <= last:
            worst[day] = max(pain, worst.get(day, pain))
            counts[day] = counts.get(day, 0) + 1
    if fit_days is not None:
        earliest = min(worst, default=last)
        first = max(first, min(earliest, last - timedelta(days=max(fit_days - 1, 1))))
    plot_left, plot_right = LEFT, width - RIGHT
    plot_top, plot_bottom = TOP, height - BOTTOM
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return _round(plot_left + (plot_right - plot_left) * (day - first).days / span)

    def y_of(pain: int) -> float:
        share = (pain - PAIN_MIN) / (PAIN_MAX - PAIN_MIN)
        return _round(plot_bottom - (plot_bottom - plot_top) * share)

    advice = advice or {}
    told_after = told or {}

    def told(day: date) -> str:
        said = advice.get(day)
        return said.label if said is not None and said.urgency >= MARKED_URGENCY else ""

    def told_then(day: date) -> str:
        then, said = told_after.get(day), advice.get(day)
        if then is None or told_urgency(then) < MARKED_URGENCY:
            return ""
        if said is not None and said.urgency >= told_urgency(then):
            return ""
        return told_value(then).label

    kept = sorted(worst.items())
    points = tuple(
        Point(
            x=x_of(day),
            y=y_of(pain),
            day=day,
            pain=pain,
            zone=zone(pain),
            entries=counts[day],
            told=told(day),
            told_then=told_then(day),
        )
        for day, pain in kept
    )
    # The latest point's day and the axis's first day always (the latest had no date when
    # only the axis's weeks were labelled), then the first point's day and each week after it.
    # The axis's last day is labelled too where it fits, so both ends of the span the heading
    # names are on the axis.
    weeks = [first + timedelta(days=offset) for offset in range(0, (last - first).days + 1, 7)]
    weeks = [*weeks[:1], last, *weeks[1:]] if last not in weeks else weeks
    # The axis's first day is an end the heading names: labelled before the first point's day
    # (a point the day after a Monday-first axis took its place), which comes next if it fits.
    ends = [points[-1].day, first] if points else []
    if points:
        weeks = [points[0].day, *weeks]
    return PainChart(
        width=width,
        height=height,
        left=plot_left,
        right=plot_right,
        top=plot_top,
        bottom=plot_bottom,
        points=points,
        polyline=" ".join(f"{point.x},{point.y}" for point in points),
        limit_y=y_of(ACCEPTABLE_MAX),
        pain_ticks=tuple(Tick(y_of(pain), str(pain)) for pain in (0, 5, 10)),
        day_ticks=_day_ticks(ends, weeks, x_of, width),
        first=first,
        last=last,
    )
