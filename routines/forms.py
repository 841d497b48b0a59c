"""Forms for the routine builder. Each validates its own input; the services do the writing."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, validate_slug
from django.db.models import Q

from exercises import dosing
from exercises.models import Exercise
from hipcare.text import UserTextField, user_text_formfield
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
    "Moves that can take weights follow the level; body-weight moves and stretches keep the "
    "dose the articles give them."
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
        labels = {"title": "Title", "for_whom": "Who it is for", "level": "Level"}
        error_messages = {"title": {"required": "Give the routine a title."}}
        help_texts = {"level": LEVEL_HELP}
        widgets = {
            "level": forms.RadioSelect(choices=LEVEL_CHOICES),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = LEVEL_CHOICES
        self.fields["title"].widget.attrs["placeholder"] = "E.g. Glute strength, weeks 1-6"
        _style(self)

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError("Give the routine a title.", code="required")
        return title


class NewRoutineForm(RoutineForm):
    class Meta(RoutineForm.Meta):
        fields = ["title", "for_whom", "level"]


MAX_HANDED_OFF = 60


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

    def filter(self, queryset):
        cleaned = self.cleaned_data if self.is_valid() else {}
        show = cleaned.get("show") or self.SHOW_CURRENT
        if show == self.SHOW_CURRENT:
            queryset = queryset.filter(archived=False)
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
        label="Level for every exercise",
        choices=LEVEL_CHOICES,
        error_messages={"invalid_choice": "Choose one of the levels listed."},
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
    archived = forms.TypedChoiceField(
        choices=[("1", "Archive"), ("0", "Unarchive")], coerce=lambda value: value == "1"
    )


class RoutineItemForm(forms.ModelForm):
    """The dose of one item. Whether it counts reps or a hold is fixed by the item."""

    class Meta:
        model = RoutineItem
        fields = RoutineItem.DOSE_FIELDS
        formfield_callback = user_text_formfield
        labels = {
            "sets_min": "Sets, fewest",
            "sets_max": "Sets, most",
            "reps_min": "Reps, fewest",
            "reps_max": "Reps, most",
            "hold_seconds_min": "Hold, shortest (seconds)",
            "hold_seconds_max": "Hold, longest (seconds)",
            "side": "Side",
            "frequency_min": "Times, fewest",
            "frequency_max": "Times, most",
            "frequency_period": "Per",
            "load_note": "Load",
            "coach_note": "Coach's note",
        }
        widgets = {"coach_note": forms.Textarea(attrs={"rows": 2})}

    HIGHEST = {
        "sets_min": MAX_SETS,
        "sets_max": MAX_SETS,
        "reps_min": MAX_REPS,
        "reps_max": MAX_REPS,
        "hold_seconds_min": MAX_HOLD_SECONDS,
        "hold_seconds_max": MAX_HOLD_SECONDS,
        "frequency_min": MAX_TIMES,
        "frequency_max": MAX_TIMES,
    }
    # (fewest, most, message when the fewest is above the most)
    RANGES = [
        ("sets_min", "sets_max", "The fewest sets ({low}) is more than the most ({high})."),
        ("reps_min", "reps_max", "The fewest reps ({low}) is more than the most ({high})."),
        (
            "hold_seconds_min",
            "hold_seconds_max",
            "The shortest hold ({low} s) is longer than the longest ({high} s).",
        ),
        (
            "frequency_min",
            "frequency_max",
            "The fewest times ({low}) is more than the most ({high}).",
        ),
    ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", f"item-{kwargs['instance'].pk}")
        super().__init__(*args, **kwargs)
        self.counts_reps = not self.instance.is_hold
        for name, highest in self.HIGHEST.items():
            field = self.fields[name]
            field.min_value, field.max_value = 1, highest
            field.validators = [MinValueValidator(1), MaxValueValidator(highest)]
            field.widget.attrs.update(min=1, max=highest, inputmode="numeric")
            field.error_messages.update(
                min_value="Use a number of at least %(limit_value)s.",
                max_value="Use a number no higher than %(limit_value)s.",
                invalid="Use a whole number.",
                required="This needs a number.",
            )
        for name in ("sets_min", "sets_max", "frequency_min", "frequency_max"):
            self.fields[name].required = True
        _style(self)

    def dose_fields(self) -> list[forms.BoundField]:
        """The number fields this item uses, in pairs: sets, then reps or hold."""
        pair = (
            ("reps_min", "reps_max")
            if self.counts_reps
            else ("hold_seconds_min", "hold_seconds_max")
        )
        return [self[name] for name in ("sets_min", "sets_max", *pair)]

    def clean(self):
        cleaned = super().clean()
        name = self.instance.exercise.name
        if self.counts_reps:
            used, unused = ("reps_min", "reps_max"), ("hold_seconds_min", "hold_seconds_max")
            wrong = f"{name} is counted in reps, so it has no hold time."
        else:
            used, unused = ("hold_seconds_min", "hold_seconds_max"), ("reps_min", "reps_max")
            wrong = f"{name} is a hold, so it is timed in seconds rather than counted in reps."
        # The other kind's fields are not on the page: whatever was sent in them (a number or
        # junk) is explained by one visible message, not by errors beside hidden fields.
        sent_unused = any(self.data.get(self.add_prefix(field), "") != "" for field in unused)
        if sent_unused or any(cleaned.get(field) is not None for field in unused):
            for field in unused:
                self.errors.pop(field, None)
            self.add_error(None, ValidationError(wrong, code="wrong_kind_of_dose"))
            # Cleared so the model's own check does not report the same thing again.
            for field in unused:
                cleaned[field] = None
        for field in used:
            if cleaned.get(field) is None and field not in self.errors:
                self.add_error(field, ValidationError("This needs a number.", code="required"))
        for low, high, message in self.RANGES:
            low_value, high_value = cleaned.get(low), cleaned.get(high)
            if low_value is not None and high_value is not None and low_value > high_value:
                self.add_error(
                    low,
                    ValidationError(
                        message.format(low=low_value, high=high_value), code="range_reversed"
                    ),
                )
        return cleaned
