"""Forms for the runner's session log on the shared link. Each validates its own input; the
services (routines/services.py) do the writing.

The contract (POST /r/<token>/sessions/): `date` (YYYY-MM-DD), `done` (routine item ids,
repeated; an item done on one side only as `<id>:left` or `<id>:right`; absent means every
exercise), `pain` (0-10), `morning` (better, same, worse, or absent), `note`, `warning` (the
keys of routines.monitoring.WARNING_SIGNS, repeated) and, optionally, `tz`: the browser's time
zone (an IANA name), whose day the dates are then checked on (hipcare.timezones). The page's own
form also sends `listed`, because it lists every exercise with a box (all unticked to start):
none ticked there means "none" (a skipped session), where a client that sends no `done` at all
means "all of them"; `all_done` ("I did all of them") means every exercise.
"""

import datetime as dt
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property

from exercises import dosing
from hipcare import timezones
from hipcare.errorsummary import ErrorLink, error_links
from hipcare.text import UserTextField
from routines import monitoring
from routines.models import SESSION_NOTE_MAX_LENGTH
from triage.forms import PainScoreField

#: How far back a session may be logged.
MAX_DAYS_BACK = 14
NOTE_MAX_LENGTH = SESSION_NOTE_MAX_LENGTH
SIDES = (dosing.Side.LEFT.value, dosing.Side.RIGHT.value)

MORNING_CHOICES = [("", "Not yet: I'll add it later"), *monitoring.MORNINGS]
MORNING_TOO_EARLY = (
    "The next morning has not come yet for a session today: nothing was saved. Leave it at "
    "“Not yet” and add how the hip felt tomorrow, in your entries below."
)


def morning_not_known(day: dt.date) -> str:
    """Why a next-morning answer for `day` sent without the browser's zone (no JavaScript) was
    refused (hipcare.timezones.morning_after_has_come): the morning may not have begun where
    the runner is yet, and from when it is taken, in the page's zone (UK time)."""
    begins = timezones.morning_after_begins(day)
    return (
        "Your time zone isn't known (it needs JavaScript), so the morning after "
        f"{day:%A} {day.day} {day:%B} may not have begun where you are yet: nothing was saved. "
        f"Leave it at “Not yet” and add how the hip felt in your entries from {begins:%H:%M} on "
        f"{begins:%A} {begins.day} {begins:%B} (UK time)."
    )


WARNING_CHOICES = [(sign.key, sign.label) for sign in monitoring.OFFERED_SIGNS]


class Option(NamedTuple):
    """One radio button or tick box of a choice field, as the page writes it out."""

    value: str
    label: str
    checked: bool
    id: str


class DrawnField(NamedTuple):
    """A field the page writes out itself: its id (the label's, the help's and the error's
    prefix), label, help text, errors and widget (SessionLogForm.widget_of), and the widget's
    attributes as its template writes them: (name, value as text, or None for one written
    bare), those set to False left out."""

    id: str
    label: str
    help_text: str
    errors: object
    widget: dict
    attrs: tuple[tuple[str, str | None], ...]


class DoneChoice:
    """One box on the form: an item, or one side of a one-side-at-a-time item."""

    def __init__(self, item, side: str = ""):
        self.item = item
        self.side = side
        self.value = f"{item.pk}:{side}" if side else str(item.pk)
        self.label = f"{side.capitalize()} side" if side else item.exercise.name
        # An attribute, not a property: the page reads it twice a box.
        self.id_for_label = f"id_done_{self.value.replace(':', '_')}"


def done_choices(items) -> list[tuple[object, list[DoneChoice]]]:
    """The boxes the page shows, per item: one box, or a box for each side when the dose says
    "each side"."""
    rows = []
    for item in items:
        if item.side == dosing.Side.EACH.value:
            rows.append((item, [DoneChoice(item, side) for side in SIDES]))
        else:
            rows.append((item, [DoneChoice(item)]))
    return rows


def _row_id(text: str) -> int | None:
    """A row's id from the page's text, or None: ASCII digits, fewer than 19 of them (a
    64-bit integer)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


class SessionLogForm(forms.Form):
    """A session: its date, what was done, the worst pain, the next morning, warning signs and
    a note. `items` are the routine's items; `today` is the runner's today (in the zone of the
    request: hipcare.timezones), the date the field starts at; `today_range` the dates the
    runner's today may be (hipcare.timezones.today_range: where the browser's zone is not
    known, every date that is today somewhere, said beside the field); `started` the
    routine's first day in the same sense (hipcare.timezones.first_day) and `started_at` the
    moment it was made (for the browser's script).

    cleaned_data["done_items"] is a list of (item id, side) pairs, side "" for the whole item;
    cleaned_data["done_as_listed"] (item id, side, exercise id) for the boxes ticked of items
    the coach removed or swapped since the page was drawn, as the page showed them."""

    date = forms.DateField(
        label="Date",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Give the date of the session.",
            "invalid": "Give the date as year-month-day, e.g. 2026-03-14.",
        },
    )
    done = forms.MultipleChoiceField(label="What you did", required=False)
    #: "I did all of them": every exercise done, whatever boxes are ticked (the boxes start
    #: unticked, so an entry counts only what the runner said they did).
    all_done = forms.BooleanField(label="I did all of them", required=False)
    listed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    #: The exercises the page listed, as "item id:exercise id" pairs (exercises_listed): a
    #: coach's swap while the page is open changes an item's exercise, and a tick for the old
    #: one must not be saved as the new one.
    exercises = forms.CharField(required=False, max_length=4000, widget=forms.HiddenInput)
    # A text box with a numeric keypad, as the checker's: a number box empties "10/10" before
    # the form is sent; this one sends it, read as 10 (PainScoreField).
    pain = PainScoreField(
        label="Worst pain during or after the session",
        help_text="0 is no pain at all, 10 the worst pain you can imagine.",
        min_value=monitoring.PAIN_MIN,
        max_value=monitoring.PAIN_MAX,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        error_messages={
            "required": "Give the worst pain from 0 to 10.",
            "invalid": "Give the worst pain as a whole number from 0 to 10.",
            "min_value": "Pain goes from 0 to 10.",
            "max_value": "Pain goes from 0 to 10.",
        },
    )
    morning = forms.ChoiceField(
        label="The next morning, the hip felt",
        choices=MORNING_CHOICES,
        required=False,
        help_text=(
            "Only for a session on an earlier day. For today's there is no next morning yet: "
            "leave it at “Not yet”, and this page asks you tomorrow."
        ),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": "Choose better, the same or worse."},
    )
    warning = forms.MultipleChoiceField(
        label="Since your last session, have you had any of these?",
        choices=WARNING_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": "That is not one of the warning signs listed."},
    )
    note = UserTextField(
        label="Note for your coach (optional)",
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=(
            f"How it went, in a few words (up to {NOTE_MAX_LENGTH} characters). No names or "
            "contact details, please."
        ),
        error_messages={
            "max_length": (
                "The note is %(show_value)d characters long; keep it to %(limit_value)d or "
                "fewer. Nothing was saved, and your note is still here to shorten."
            )
        },
    )

    def error_links(self) -> list[ErrorLink]:
        """The summary's lines, in the page's order (the fields' order); "What you did" goes
        to its first box, which the page draws itself."""
        boxes = [choice for _item, choices in self.rows for choice in choices]
        anchors = {"done": boxes[0].id_for_label} if boxes else {}
        return error_links(self, anchors=anchors)

    def __init__(
        self,
        *args,
        items,
        today: dt.date,
        started: dt.date | None = None,
        started_at: dt.datetime | None = None,
        today_range: tuple[dt.date, dt.date] | None = None,
        runner_offset: int | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.today = today
        #: The runner's today may be any of these dates (hipcare.timezones.today_range): only
        #: `today` where the browser's zone is known; where not (no JavaScript), every date
        #: that is today somewhere on Earth, `today` (UK time) the default.
        self.earliest_today, self.latest_today = today_range or (today, today)
        self.zone_unknown = today_range is not None and today_range != (today, today)
        #: Where the zone is not known, the runner's clock as their log last said it (a UTC
        #: offset in minutes; None if it never did): hipcare.timezones.morning_after_has_come.
        self.runner_offset = runner_offset if self.zone_unknown else None
        #: The day the routine was made: no session can be logged before it.
        self.started = started
        self.rows = done_choices(self.items)
        self.exercises_listed = ",".join(f"{item.pk}:{item.exercise_id}" for item in self.items)
        # No maxlength in the page: the browser would cut a long note silently. The limit is in
        # the help text and a longer note comes back with a message saying by how much.
        self.fields["note"].widget.attrs.pop("maxlength", None)
        values = [choice.value for _item, choices in self.rows for choice in choices]
        # A plain id is accepted for a one-side item too: it means both sides.
        values += [str(item.pk) for item in self.items]
        # The boxes of the page as it was drawn (`exercises`): an item the coach removed or
        # swapped since is still a box the runner may have ticked (clean: done_as_listed).
        self.listed = self._listed(self.data.get("exercises", "") if self.is_bound else "")
        for pk in self.listed:
            values += [str(pk), *(f"{pk}:{side}" for side in SIDES)]
        self.fields["done"].choices = [(value, value) for value in dict.fromkeys(values)]
        self.fields["done"].error_messages["invalid_choice"] = (
            "One of the exercises ticked is not in this routine any more. Reload the page."
        )
        earliest = self.earliest_today - dt.timedelta(days=MAX_DAYS_BACK)
        if started is not None:
            earliest = max(earliest, min(started, self.latest_today))
        self.fields["date"].widget.attrs.update(
            max=self.latest_today.isoformat(), min=earliest.isoformat()
        )
        if self.zone_unknown:
            # Said beside the field (its help text, which Django ties to it with
            # aria-describedby); static/js/hipcare.js, which knows the zone, removes it.
            self.fields["date"].help_text = (
                "Your time zone isn't known (it needs JavaScript), so today is taken as UK "
                f"time: {today:%A %-d %B}. Check this is your date, and change it if not."
            )
            self.fields["date"].widget.attrs["data-zone-unknown"] = ""
        if not self.is_bound:
            self.initial.setdefault("date", today)
            # For static/js/hipcare.js: a browser whose own day is not `today` (its zone was
            # not known yet: the first page it opens) puts its own day in the untouched field
            # and its own limits on it; the form then sends its zone (hipcare.timezones).
            attrs = {"data-today": today.isoformat(), "data-days-back": str(MAX_DAYS_BACK)}
            if started_at is not None:
                # Whole seconds: every browser's Date parses that form of ISO 8601.
                started_utc = started_at.astimezone(dt.UTC).replace(microsecond=0)
                attrs["data-started-at"] = started_utc.isoformat()
            self.fields["date"].widget.attrs.update(attrs)

    def warning_groups(self) -> list[tuple[str, list[Option]]]:
        """The warning signs' boxes under their headings (monitoring.SIGN_GROUPS), in the
        form's order, as Options."""
        boxes = {option.value: option for option in self.options_of("warning")}
        return [
            (group, [boxes[sign.key] for sign in monitoring.OFFERED_SIGNS if sign.group == group])
            for group in monitoring.SIGN_GROUPS
        ]

    def morning_options(self) -> list[Option]:
        """The next-morning radios, as Options."""
        return self.options_of("morning")

    def options_of(self, name: str) -> list[Option]:
        """A choice field's options as the page writes them out (value, label, ticked, id):
        iterating the BoundField instead builds a widget context per option, which cost more
        than the rest of the form's markup. The id is the widget's own (id_for_label), a
        string: a number printed in the template is localized. `checked` as the widget's
        (ChoiceWidget.optgroups): the first option whose value was given, or each of them for
        tick boxes."""
        bound = self[name]
        widget = bound.field.widget
        given = widget.format_value(bound.value())
        options, taken = [], False
        for index, (value, label) in enumerate(bound.field.choices):
            checked = (not taken or widget.allow_multiple_selected) and str(value) in given
            taken = taken or checked
            options.append(
                Option(value, label, checked, widget.id_for_label(bound.auto_id, str(index)))
            )
        return options

    @cached_property
    def drawn(self) -> dict[str, "DrawnField"]:
        """The date, the pain and the note as the page writes them out (its own markup, in
        routines/_session_log.html: no include and no widget template per field)."""
        drawn = {}
        for name in ("date", "pain", "note"):
            bound = self[name]
            widget = self.widget_of(name)
            # As django/forms/widgets/attrs.html writes them (its `stringformat:'s'`).
            attrs = tuple(
                (key, None if value is True else str(value))
                for key, value in widget["attrs"].items()
                if value is not False
            )
            drawn[name] = DrawnField(
                bound.auto_id, bound.label, bound.help_text, bound.errors, widget, attrs
            )
        return drawn

    def widget_of(self, name: str) -> dict:
        """A field's widget as its template would draw it (Widget.get_context's `widget`:
        type, name, value and attrs, with what BoundField.as_widget adds: required,
        aria-invalid, aria-describedby and the id), for the page to write out in its own
        loop: rendering each field through the form renderer's templates was about a fifth of
        the new form's markup."""
        bound = self[name]
        widget = bound.field.widget
        attrs = bound.build_widget_attrs({}, widget)
        if bound.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", bound.auto_id)
        return widget.get_context(bound.html_name, bound.value(), attrs)["widget"]

    def done_rows(self) -> list[tuple[str, str, list[tuple[str, str, str, bool]]]]:
        """The boxes of "What you did" as the page writes them out, per item: (the exercise's
        name, the id of the line naming it, or "" for an item of one box, whose label names
        it, and its boxes as (value, id, label, ticked)). Plain tuples the template's loops
        unpack, and the ids as strings: reading each box's and item's attributes, and printing
        the item's id as a localised number, were most of the form's markup's cost."""
        ticked = self.ticked()
        rows = []
        for item, choices in self.rows:
            boxes = [
                (choice.value, choice.id_for_label, choice.label, choice.value in ticked)
                for choice in choices
            ]
            name = item.exercise.name
            rows.append((name, f"done-{item.pk}-name" if len(choices) > 1 else "", boxes))
        return rows

    def ticked(self) -> set[str]:
        """The boxes to show ticked: what was sent back, or none on a new form (a runner who
        only gives the pain has not said they did anything: the coach's adherence counts
        what was ticked)."""
        if self.is_bound and self.data.get("listed"):
            return set(self.data.getlist("done"))
        return set()

    @staticmethod
    def _listed(value) -> dict[int, int]:
        """The page's items as it was drawn (`exercises`, "item id:exercise id" pairs), by item
        id; anything else in it is ignored. Its length is the field's to check."""
        listed = {}
        for pair in str(value)[:4000].split(","):
            item_pk, _, exercise_pk = (_row_id(part) for part in pair.partition(":"))
            if item_pk is not None and exercise_pk is not None:
                listed[item_pk] = exercise_pk
        return listed

    def clean_date(self) -> dt.date:
        day = self.cleaned_data["date"]
        if day > self.latest_today:
            raise ValidationError("That date is in the future.", code="future")
        if day < self.earliest_today - dt.timedelta(days=MAX_DAYS_BACK):
            raise ValidationError(
                f"Sessions can be logged up to {MAX_DAYS_BACK} days back.", code="too_old"
            )
        if self.started is not None and day < self.started:
            raise ValidationError(
                f"Your coach made this routine on {self.started:%A %-d %B %Y}: log sessions "
                "from that day on.",
                code="before_routine",
            )
        return day

    def clean(self):
        cleaned = super().clean()
        cleaned["done_as_listed"] = []
        day = cleaned.get("date")
        # The morning after `day` must surely have begun for the runner (hipcare.timezones.
        # morning_after_has_come, the rule the later answer is checked by too): on their
        # clock where known (the zone, else their log's), else everywhere (today at UTC-12).
        cautious = self.zone_unknown and self.runner_offset is None
        morning_today = (
            timezones.today_at_offset(self.runner_offset)
            if self.runner_offset is not None
            else self.earliest_today
        )
        if (
            cleaned.get("morning")
            and day is not None
            and not monitoring.morning_has_come(day, today=morning_today)
        ):
            self.add_error("morning", morning_not_known(day) if cautious else MORNING_TOO_EARLY)
        done = cleaned.get("done")
        if "done" in self.errors:
            return cleaned
        if cleaned.get("all_done"):
            # Every box the page showed, as if each were ticked: an item the coach removed or
            # swapped while the page was open included (done_as_listed).
            done = list(dict.fromkeys([*map(str, self.listed), *(str(i.pk) for i in self.items)]))
        if not done:
            # Nothing ticked on the form: a session skipped (too sore, say), whose pain and
            # warning signs must still reach the advice and the coach. Without the form's
            # list (a bare POST), everything was done.
            listed = cleaned.get("listed")
            cleaned["done_items"] = [] if listed else [(item.pk, "") for item in self.items]
            return cleaned
        ticked = set()
        for value in done:
            pk, _, side = value.partition(":")
            ticked.add((int(pk), side))
        # A tick for an item the coach removed or swapped for another exercise while the page
        # was open is what the runner did: logged as the exercise the page showed
        # (services.session_log's done_as_listed), as an entry logged just before the change
        # would be, rather than refused (or saved as the new exercise, never seen).
        now = {item.pk: item.exercise_id for item in self.items}
        changed = [pk for pk, ex in self.listed.items() if pk not in now or now[pk] != ex]
        as_listed: list[tuple[int, str, int]] = []
        for pk in changed:
            sides = [side for side in SIDES if (pk, side) in ticked]
            if (pk, "") in ticked or len(sides) == len(SIDES):
                sides = [""]
            as_listed += [(pk, side, self.listed[pk]) for side in sides]
        cleaned["done_as_listed"] = as_listed
        ticked = {(pk, side) for pk, side in ticked if pk not in changed}
        # In the routine's order (the page's), whatever order the boxes came in, left before
        # right: the entry lists what was done in the order it is stored. Both sides ticked is
        # the whole item, in the item's own place (not moved to the end).
        pairs: list[tuple[int, str]] = []
        for item in self.items:
            sides = [side for side in SIDES if (item.pk, side) in ticked]
            if (item.pk, "") in ticked or len(sides) == len(SIDES):
                pairs.append((item.pk, ""))
            else:
                pairs += [(item.pk, side) for side in sides]
        cleaned["done_items"] = pairs
        return cleaned


class MorningForm(forms.Form):
    """The next-morning answer, added to a session already logged (or changed). `was`: the
    answer the page showed when it was drawn ("" for none; missing on a page from before it
    was sent, which counts as none): services.session_set_morning refuses the answer when the
    stored one is no longer that (given or changed in another tab). Anything else there can
    only match no stored answer, so it is refused the same way."""

    morning = forms.ChoiceField(
        label="The next morning, the hip felt",
        choices=monitoring.MORNINGS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose better, the same or worse.",
            "invalid_choice": "Choose better, the same or worse.",
        },
    )
    was = forms.CharField(required=False, widget=forms.HiddenInput)
