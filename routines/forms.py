"""Forms for the routine builder. Each validates its own input; the services do the writing."""

import re
from collections.abc import Sequence

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db.models import Q

from exercises import dosing
from exercises.models import Exercise
from hipcare.text import UserTextField, clean_user_text, user_text_formfield
from routines.models import (
    MAX_HOLD_SECONDS,
    MAX_REPS,
    MAX_SETS,
    MAX_TIMES,
    Routine,
    RoutineItem,
)

LEVEL_CHOICES = [
    (preset.value, f"{preset.label} ({dosing.preset_summary(preset)})") for preset in dosing.Preset
]
LEVEL_HELP = (
    "Starting out gives each move the dose the articles give it; a weights preset sets sets "
    "and reps for moves that take weights, and body-weight moves and stretches keep their own "
    "dose. Not the same as an exercise's difficulty (Beginner, "
    "Intermediate, Advanced), which says how hard the move itself is."
)


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class RoutineForm(forms.ModelForm):
    """Title, who it is for, level and notes; /routines/new/ asks for the first three."""

    class Meta:
        model = Routine
        fields = ["title", "for_whom", "level", "notes"]
        formfield_callback = user_text_formfield
        labels = {"title": "Title", "for_whom": "Who it is for", "level": "Dose preset"}
        error_messages = {"title": {"required": "Give the routine a title."}}
        help_texts = {"level": LEVEL_HELP}
        widgets = {
            "level": forms.RadioSelect(choices=LEVEL_CHOICES),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "level" in self.fields:
            self.fields["level"].choices = LEVEL_CHOICES
        self.fields["title"].widget.attrs["placeholder"] = "E.g. Glute strength, weeks 1-6"
        for field in self.fields.values():
            # The browser stops the typing at maxlength without a word: say the limit.
            if getattr(field, "max_length", None):
                limit = f"Up to {field.max_length} characters."
                field.help_text = f"{field.help_text} {limit}" if field.help_text else limit
        _style(self)

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError("Give the routine a title.", code="required")
        return title

    def clean_for_whom(self) -> str:
        """Initials or a first name only: refuse what looks like an email address or a
        phone number (the runner's contact details, which HipCare keeps out)."""
        value = self.cleaned_data["for_whom"]
        if _EMAIL.search(value):
            raise ValidationError(
                "That looks like an email address. Use initials or a first name only: keep "
                "contact details out of HipCare.",
                code="email",
            )
        if any(len(_DIGIT.findall(run)) >= PHONE_DIGITS for run in _NUMBER_RUN.findall(value)):
            raise ValidationError(
                "That looks like a phone number. Use initials or a first name only: keep "
                "contact details out of HipCare.",
                code="phone",
            )
        return value


#: "Who it is for" refuses an email address (something@something) and a phone number (a run of
#: digits, with spaces, dots, dashes, brackets or a leading +, of PHONE_DIGITS digits or more).
_EMAIL = re.compile(r"\S@\S")
_NUMBER_RUN = re.compile(r"\+?\d[\d\s().-]*\d")
_DIGIT = re.compile(r"\d")
PHONE_DIGITS = 7


class DuplicateForm(RoutineForm):
    """What a copy of `original` is called and who it is for. The title comes filled in
    (services.copy_title); who it is for starts empty, the original's runner named beside it,
    so a copy is never taken for the original's in the coach's list."""

    class Meta(RoutineForm.Meta):
        fields = ["title", "for_whom"]
        labels = {"title": "Title of the copy", "for_whom": "Who the copy is for"}

    def __init__(self, *args, original: Routine, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["for_whom"]
        if original.for_whom:
            field.help_text = (
                f"The original is for {original.for_whom}: name the runner this copy is for, "
                f"or leave it empty. {field.help_text}"
            )


class NewRoutineForm(RoutineForm):
    """A new routine; a starter routine handed off for outer-hip pain names the moves it keeps
    to the painful side (``one_side``), and then asks which hip hurts."""

    painful_side = forms.ChoiceField(
        label="Which hip hurts?",
        choices=[(dosing.Side.LEFT.value, "Left hip"), (dosing.Side.RIGHT.value, "Right hip")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the hip that hurts."},
    )

    class Meta(RoutineForm.Meta):
        fields = ["title", "for_whom", "level"]

    def __init__(self, *args, one_side: Sequence[Exercise] = (), **kwargs):
        super().__init__(*args, **kwargs)
        if not one_side:
            del self.fields["painful_side"]
            return
        listed = [exercise.name for exercise in one_side]
        names = " and ".join([", ".join(listed[:-1]), listed[-1]] if len(listed) > 1 else listed)
        self.fields["painful_side"].help_text = (
            f"From an answer for pain on the outer side of the hip: {names} "
            f"{'goes' if len(one_side) == 1 else 'go'} on that side only, lying on the other "
            "side, the painful leg on top."
        )


MAX_HANDED_OFF = 60


def handed_off_one_side(exercises: Sequence[Exercise], slugs: list[str]) -> list[Exercise]:
    """The handed-off exercises a starter routine keeps to the painful side (one-sided moves
    only: a move done with both sides together has no side to choose)."""
    wanted = set(slugs[:MAX_HANDED_OFF])
    return [e for e in exercises if e.slug in wanted and e.unilateral]


def handed_off_exercises(slugs: list[str]) -> tuple[list[Exercise], list[str]]:
    """The published exercises a starter routine names, in the order given with repeats
    dropped, and the slugs that name no published exercise."""
    slugs = list(dict.fromkeys(slug for slug in slugs if slug))[:MAX_HANDED_OFF]
    # Only well-formed slugs are looked up (a NUL byte, say, is not even valid SQL text on
    # PostgreSQL); anything else is simply an unknown exercise.
    well_formed = [slug for slug in slugs if validate_slug.regex.fullmatch(slug)]
    found = {
        exercise.slug: exercise
        for exercise in Exercise.objects.published().filter(slug__in=well_formed)
    }
    return [found[slug] for slug in slugs if slug in found], [s for s in slugs if s not in found]


class RoutineFilterForm(forms.Form):
    SHOW_CURRENT = "current"
    SHOW_ARCHIVED = "archived"
    SHOW_ALL = "all"

    q = UserTextField(
        label="Search",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Title or who it is for"}),
    )
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            (SHOW_CURRENT, "Current routines"),
            (SHOW_ARCHIVED, "Archived routines"),
            (SHOW_ALL, "All routines"),
        ],
    )
    everyone = forms.BooleanField(label="Every coach's routines", required=False)

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["everyone"]
        else:
            self.fields["everyone"].widget.attrs["class"] = "form-check-input"
        _style(self)

    def filter(self, queryset, *, needs_a_look: Q | None = None):
        """The routines asked for; "Current routines" also keeps the archived ones matching
        `needs_a_look` (whose runner's log needs the coach's look: routines.views)."""
        cleaned = self.cleaned_data if self.is_valid() else {}
        show = cleaned.get("show") or self.SHOW_CURRENT
        if show == self.SHOW_CURRENT:
            current = Q(archived=False)
            queryset = queryset.filter(current | needs_a_look if needs_a_look else current)
        elif show == self.SHOW_ARCHIVED:
            queryset = queryset.filter(archived=True)
        if query := (cleaned.get("q") or "").strip():
            queryset = queryset.filter(Q(title__icontains=query) | Q(for_whom__icontains=query))
        return queryset

    @property
    def shows_everyone(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("everyone"))


class AddItemForm(forms.Form):
    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.published(),
        to_field_name="slug",
        error_messages={
            "required": "Choose an exercise to add.",
            "invalid_choice": "There is no exercise called “%(value)s” in the catalogue.",
        },
    )


class MoveItemForm(forms.Form):
    UP = "up"
    DOWN = "down"

    direction = forms.ChoiceField(
        required=False,
        choices=[(UP, "Up"), (DOWN, "Down")],
        error_messages={"invalid_choice": "Move an exercise up or down."},
    )
    position = forms.IntegerField(
        label="Move to place",
        required=False,
        error_messages={"invalid": "The place must be a whole number."},
    )

    def __init__(self, data=None, *args, item: RoutineItem | None = None, **kwargs):
        # The builder's place boxes all belong to one form (its items' buttons share it), so
        # each is named for its item: `place-<pk>` stands for `position` when that is missing.
        if data is not None and item is not None and "position" not in data:
            place = data.get(f"place-{item.pk}")
            if place is not None:
                data = data.copy()
                data["position"] = place
        super().__init__(data, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("direction") and cleaned.get("position") is None:
            raise ValidationError("Say where to move the exercise.", code="required")
        return cleaned

    def target(self, current: int) -> int:
        """The place the item should move to (may be out of range; the service says so)."""
        direction = self.cleaned_data.get("direction")
        if direction == self.UP:
            return current - 1
        if direction == self.DOWN:
            return current + 1
        return self.cleaned_data["position"]


class PresetForm(forms.Form):
    level = forms.ChoiceField(
        label="Dose preset",
        choices=LEVEL_CHOICES,
        error_messages={"invalid_choice": "Choose one of the dose presets listed."},
    )

    def __init__(self, *args, **kwargs):
        # The builder also shows the catalogue's `level` filter: keep the ids apart.
        kwargs.setdefault("auto_id", "preset_%s")
        super().__init__(*args, **kwargs)
        _style(self)


class ShareForm(forms.Form):
    ISSUE = "issue"
    REVOKE = "revoke"

    action = forms.ChoiceField(choices=[(ISSUE, "Share"), (REVOKE, "Stop sharing")])


class ArchiveForm(forms.Form):
    """Archive or unarchive; archiving a shared routine also says what becomes of its link
    (`sharing`, from its confirmation step: stop sharing or keep the link), and unarchiving
    one whose sharing was stopped whether to share it again (a new link), blank before
    those steps."""

    STOP_SHARING = "stop"
    KEEP_SHARING = "keep"
    SHARE_AGAIN = "share"
    NOT_SHARED = "unshared"

    archived = forms.TypedChoiceField(
        choices=[("1", "Archive"), ("0", "Unarchive")], coerce=lambda value: value == "1"
    )
    sharing = forms.ChoiceField(
        required=False,
        choices=[
            (STOP_SHARING, "Stop sharing"),
            (KEEP_SHARING, "Keep the link"),
            (SHARE_AGAIN, "Share again with a new link"),
            (NOT_SHARED, "Not shared"),
        ],
    )


class DoseRangeField(forms.Field):
    """A number or a range in one box, as a coach writes it ("3", "12-15"), cleaned to a
    dosing.Range with the dosing module's own words when it cannot be read. Invisible and
    direction characters are dropped first, as from any text a person types."""

    widget = forms.TextInput

    def __init__(self, *, highest: int, **kwargs):
        self.highest = highest
        super().__init__(**kwargs)
        self.error_messages["required"] = "This needs a number, like 3, or a range, like 12-15."

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": "20"}

    def to_python(self, value):
        text = clean_user_text(str(value or "")).strip()
        if not text:
            return None
        try:
            return dosing.parse_range(text, highest=self.highest)
        except dosing.DoseError as error:
            raise ValidationError(error.message, code=error.code) from error


SIDE_LABELS = dict(RoutineItem.Side.choices)
UNIT_LABELS = {dosing.Unit.REPS: "reps", dosing.Unit.HOLD: "seconds held"}
WORK_LABELS = {
    (dosing.Unit.REPS,): "Reps",
    (dosing.Unit.HOLD,): "Hold (seconds)",
}
WORK_HIGHEST = {dosing.Unit.REPS: MAX_REPS, dosing.Unit.HOLD: MAX_HOLD_SECONDS}


class RoutineItemForm(forms.Form):
    """The dose of one item, as a coach thinks of it: sets, and reps or a hold, each one box
    taking a number or a range ("3", "12-15"); the unit, where the move may be counted either
    way; how many times a week or a day; the side, only for a move done one side at a time; the
    load, only for a move that takes weights; a note.

    Whatever the page did not offer (a side for a two-sided move, a load for a stretch, a unit
    the move is not counted in) is refused in words if it is sent anyway. `save(commit=False)`
    copies the dose onto the item."""

    sets = DoseRangeField(label="Sets", highest=MAX_SETS)
    work = UserTextField(label="Reps", max_length=20)
    unit = forms.ChoiceField(label="Counted in")
    frequency = forms.IntegerField(label="Times", min_value=1, max_value=MAX_TIMES)
    frequency_period = forms.ChoiceField(
        label="Per", choices=[(dosing.Period.WEEK, "week"), (dosing.Period.DAY, "day")]
    )
    side = forms.ChoiceField(label="Side")
    load_note = UserTextField(
        label="Load", max_length=80, required=False, help_text="E.g. light band, 8 kg dumbbell."
    )
    coach_note = UserTextField(
        label="Coach's note",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data=None, *, instance: RoutineItem, **kwargs):
        kwargs.setdefault("prefix", f"item-{instance.pk}")
        self.instance = instance
        self.move = instance.exercise.move()
        dose = instance.dose()
        kwargs["initial"] = {
            "sets": str(dose.sets),
            "work": str(dose.work),
            "unit": dose.unit.value,
            "frequency": dose.frequency.high,
            "frequency_period": dose.period.value,
            "side": dose.side.value,
            "load_note": instance.load_note,
            "coach_note": instance.coach_note,
        }
        super().__init__(data, **kwargs)
        units = self.move.units
        self.fields["work"].label = WORK_LABELS.get(units, "Reps, or seconds held")
        self.fields["work"].help_text = "A number or a range: 10, or 12-15."
        self.fields["work"].error_messages["required"] = DoseRangeField(highest=1).error_messages[
            "required"
        ]
        self.fields["sets"].help_text = "A number or a range: 3, or 1-3."
        if len(units) > 1:
            self.fields["unit"].choices = [(unit.value, UNIT_LABELS[unit]) for unit in units]
        else:
            del self.fields["unit"]
        if self.move.one_sided:
            self.fields["side"].choices = [
                (side.value, SIDE_LABELS[side.value]) for side in self.move.sides()
            ]
            self.fields["side"].error_messages["invalid_choice"] = (
                f"{self.move.name} is done one side at a time: choose each side, left side only "
                "or right side only."
            )
        else:
            del self.fields["side"]  # both sides work together: nothing to choose
        if not self.move.loadable:
            del self.fields["load_note"]
        self.fields["frequency"].error_messages.update(
            min_value=dosing.too_small(1, MAX_TIMES),
            max_value=dosing.too_big(1, MAX_TIMES),
            invalid="Use a whole number, like 2.",
            required="Say how many times.",
        )
        self.fields["frequency"].widget.attrs.update(inputmode="numeric")
        for name in ("sets", "work"):
            self.fields[name].widget.attrs.update(autocomplete="off", spellcheck="false")
        _style(self)

    def layout(self) -> list[tuple[forms.BoundField, str]]:
        """The fields this item uses, each with its grid column, in reading order."""
        widths = {
            "sets": "col-6 col-md-3",
            "work": "col-6 col-md-3",
            "unit": "col-6 col-md-3",
            "frequency": "col-6 col-md-3",
            "frequency_period": "col-6 col-md-3",
            "side": "col-12 col-md-6",
            "load_note": "col-md-6",
            "coach_note": "col-12",
        }
        return [(self[name], widths[name]) for name in widths if name in self.fields]

    def _sent(self, name: str) -> str | None:
        """What was sent for a field the form does not show (None when nothing was)."""
        value = self.data.get(self.add_prefix(name))
        return None if value in (None, "") else value

    def clean(self):
        cleaned = super().clean()
        default = self.instance.exercise.dose_for(self.instance.routine.preset)
        unit = cleaned.get("unit") if "unit" in self.fields else self._sent("unit")
        try:
            unit = dosing.Unit(unit) if unit else self.move.units[0]
        except ValueError:
            self.add_error(None, f"{self.move.name} is counted in reps or seconds held.")
            return cleaned
        side = cleaned.get("side") if "side" in self.fields else self._sent("side")
        if "load_note" in self.fields:
            load = cleaned.get("load_note", "")
        else:
            load = self._sent("load_note")
        work = None
        if "work" not in self.errors and cleaned.get("work"):
            try:
                work = dosing.parse_range(cleaned["work"], highest=WORK_HIGHEST[unit])
            except dosing.DoseError as error:
                self.add_error("work", ValidationError(error.message, code=error.code))
        sets, frequency = cleaned.get("sets"), cleaned.get("frequency")
        period = cleaned.get("frequency_period")
        if None in (work, sets, frequency, period):
            return cleaned
        try:
            dose = dosing.Dose(
                sets=sets,
                frequency=dosing.Range(frequency, frequency),
                period=dosing.Period(period),
                reps=work if unit is dosing.Unit.REPS else None,
                hold_seconds=work if unit is dosing.Unit.HOLD else None,
                side=dosing.Side(side) if side else default.side,
                load=(load or "").strip(),
            )
        except ValueError:
            self.add_error(None, "Choose a side from the list.")
            return cleaned
        for problem in dosing.dose_problems(dose, self.move):
            field = {"unit": "unit", "side": "side", "load": "load_note"}[problem.field]
            self.add_error(field if field in self.fields else None, problem.message)
        cleaned["dose"] = dose
        return cleaned

    def save(self, commit: bool = False) -> RoutineItem:
        """The item with the new dose and note set (saved by routine_save_item)."""
        if commit:
            raise ValueError("Save the item with services.routine_save_item.")
        self.instance.set_dose(self.cleaned_data["dose"])
        self.instance.coach_note = self.cleaned_data["coach_note"]
        return self.instance


class ReorderForm(forms.Form):
    """Every item of the routine, by pk, in the order the coach dragged them into."""

    item = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={
            "required": "Say the new order of the exercises.",
            "invalid_choice": "That order names an exercise that is not in the routine.",
        },
    )

    def __init__(self, *args, routine: Routine, **kwargs):
        super().__init__(*args, **kwargs)
        pks = routine.items.values_list("pk", flat=True)
        self.fields["item"].choices = [(str(pk), str(pk)) for pk in pks]


UNDO_MAX_AGE = 24 * 60 * 60  # seconds an Undo button keeps working


def undo_token(routine: Routine, action: dict) -> str:
    """A signed, tamper-proof record of what to put back, for this routine's Undo button."""
    return signing.dumps(action, salt=_undo_salt(routine), compress=True)


def _undo_salt(routine: Routine) -> str:
    return f"hipcare.routine-undo.{routine.pk}"


class UndoForm(forms.Form):
    """An Undo button's token: valid only for its own routine, for a day."""

    undo = forms.CharField(max_length=20_000, widget=forms.HiddenInput)  # a signed token

    def __init__(self, *args, routine: Routine, **kwargs):
        super().__init__(*args, **kwargs)
        self.routine = routine

    def clean_undo(self) -> dict:
        try:
            action = signing.loads(
                self.cleaned_data["undo"], salt=_undo_salt(self.routine), max_age=UNDO_MAX_AGE
            )
        except signing.SignatureExpired as error:
            raise ValidationError(
                "That undo is more than a day old and no longer works.", code="expired"
            ) from error
        except signing.BadSignature as error:
            raise ValidationError("That undo is not for this routine.", code="invalid") from error
        if not isinstance(action, dict) or action.get("action") not in {"remove", "preset", "swap"}:
            raise ValidationError("That undo is not for this routine.", code="invalid")
        return action


class SwapItemForm(forms.Form):
    """Which variation to put in the item's place (an easier or harder version of its move)."""

    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.published(),
        to_field_name="slug",
        error_messages={
            "required": "Choose the version to swap in.",
            "invalid_choice": "There is no exercise called “%(value)s” in the catalogue.",
        },
    )


class AddToRoutineForm(forms.Form):
    """From an exercise's page: which of the coach's current routines to add it to."""

    routine = forms.ModelChoiceField(
        queryset=Routine.objects.none(),
        label="Routine",
        empty_label=None,
        error_messages={
            "required": "Choose a routine to add it to.",
            "invalid_choice": "That routine is not one of your current routines.",
        },
    )
    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.published(),
        to_field_name="slug",
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "That exercise is not in the catalogue."},
    )

    def __init__(self, *args, owner, **kwargs):
        kwargs.setdefault("auto_id", "add-to-routine-%s")
        super().__init__(*args, **kwargs)
        self.fields["routine"].queryset = (
            Routine.objects.owned_by(owner).current().order_by("-updated", "-pk")
        )
        _style(self)
