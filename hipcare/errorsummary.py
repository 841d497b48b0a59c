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


#: The extra tag (django.contrib.messages) of the one message that says what an action did:
#: templates/base.html gives it the focus on the page the action redirects to (`autofocus`,
#: no script needed), so the keyboard and a screen reader start from it, not from <body>.
#: Tag one message per action, and only where the page it lands on focuses nothing else.
FOCUS_MESSAGE = "focus"


def autofocus_first_error(form: forms.BaseForm) -> None:
    """A form sent back with errors on a page loaded whole (no JavaScript): its first field
    with an error, in the form's order, takes the focus (`autofocus` on its widget), so the
    keyboard lands on what to change and a screen reader reads its label and message. Errors
    not tied to a field are the template's alert to focus: then no field is."""
    if form.non_field_errors():
        return
    for name in form.fields:
        if name in form.errors:
            widget = form.fields[name].widget
            # A group of radios or boxes would give each of its inputs the attribute.
            if not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                widget.attrs["autofocus"] = True
            return
