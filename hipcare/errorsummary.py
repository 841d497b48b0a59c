"""The error summary above a form sent back with errors: one line per question that needs
another look, in the order the page shows the questions, each a link to the question's first
input. The summary template (templates/_error_summary.html) takes the focus when it arrives,
with or without htmx."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django import forms


@dataclass(frozen=True)
class ErrorLink:
    label: str
    anchor: str  # the id of the question's first input: where the link takes the focus
    messages: list[str]


def first_input_id(bound: forms.BoundField) -> str:
    """The id of a field's first input: a group of radios or boxes (each with its own id) is
    reached through its first one."""
    if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        options = bound.subwidgets
        if options:
            return options[0].id_for_label
    return bound.id_for_label or bound.auto_id


def error_links(
    form: forms.BaseForm,
    shown: Iterable[str] | None = None,
    *,
    anchors: Mapping[str, str] | None = None,
) -> list[ErrorLink]:
    """The form's field errors in the page's order: ``shown`` is the fields the page draws, in
    its order (the form's own field order if not given). A field the page does not draw has no
    input to go to and is left out; errors not tied to a field are the template's to show.
    ``anchors``: the first input's id of a field the page draws by hand, by name."""
    names = list(form.fields) if shown is None else list(shown)
    anchors = anchors or {}
    return [
        ErrorLink(
            str(form[name].label),
            anchors.get(name) or first_input_id(form[name]),
            list(form.errors[name]),
        )
        for name in names
        if name in form.fields and name in form.errors
    ]
