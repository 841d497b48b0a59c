"""The printed routine's per-item parts: the steps for the item's side, and its tick row."""

from dataclasses import dataclass

from django import template

from exercises import dosing

register = template.Library()


@dataclass(frozen=True)
class TickRow:
    """One row of boxes to tick each week: `label` names the side ("" when there is none)."""

    label: str
    boxes: range


TICK_LABELS = {
    dosing.Side.EACH: ("Left", "Right"),
    dosing.Side.LEFT: ("Left side",),
    dosing.Side.RIGHT: ("Right side",),
    dosing.Side.BOTH: ("",),
}


@register.filter
def tick_rows(item) -> list[TickRow]:
    """A row per side worked (left and right for "each side"), each with as many boxes a week
    as the dose asks for: daily 7, twice a week 2."""
    dose = item.dose()
    boxes = range(dosing.sessions_per_week(dose))
    return [TickRow(label, boxes) for label in TICK_LABELS[dose.side]]


@register.filter
def sheet_steps(item) -> list[str]:
    """The item's steps as its runner reads them: on one side only, without the steps that
    send them to the other side (from the prefetched `exercise.steps`)."""
    steps = [
        dosing.StepText(
            step.text, switches_sides=step.switches_sides, one_side_text=step.one_side_text
        )
        for step in item.exercise.steps.all()
    ]
    return dosing.steps_for_side(steps, dosing.Side(item.side))
