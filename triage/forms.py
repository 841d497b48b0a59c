from django import forms

from triage import rules

QUESTION_LABELS = dict(rules.YES_NO_QUESTIONS)

# The form's short fieldsets, in order: (legend, field names).
FIELDSETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Where it hurts", ("location", "radiates_to")),
    ("How it started", ("onset", "injury", "duration_days", "improving")),
    (
        "How it feels now",
        (
            "severity",
            "weight_bearing",
            "night_pain",
            "pain_at_rest",
            "limited_motion",
            "instability",
            "clicking",
        ),
    ),
    (
        "Other signs",
        ("swelling", "redness_warmth", "fever", "numbness", "deformity", "saddle_or_bladder"),
    ),
    (
        "About you and your running",
        (
            "age",
            "mileage_increase",
            "previous_stress_fracture",
            "periods_stopped",
            "cancer_history",
            "weight_loss",
        ),
    ),
)


def _yes_no(name: str, help_text: str = "") -> forms.BooleanField:
    return forms.BooleanField(label=QUESTION_LABELS[name], required=False, help_text=help_text)


def _whole_number(label: str, low: int, high: int, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        error_messages={"invalid": "Enter a whole number."},
    )


class TriageForm(forms.Form):
    """The symptom checker's questions. Field names are the public contract of /triage/."""

    location = forms.ChoiceField(
        label="Where is the pain?",
        choices=rules.LOCATIONS,
        widget=forms.RadioSelect,
        help_text="Pick the spot that hurts most.",
    )
    radiates_to = forms.MultipleChoiceField(
        label="Does the pain spread anywhere else?",
        choices=rules.RADIATES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick any that apply, or none.",
    )
    onset = forms.ChoiceField(
        label="How did it start?", choices=rules.ONSETS, widget=forms.RadioSelect
    )
    injury = _yes_no("injury")
    duration_days = _whole_number(
        "How many days have you had it?",
        rules.DURATION_MIN,
        rules.DURATION_MAX,
        "Roughly is fine: 14 for two weeks, 0 for today.",
    )
    improving = forms.ChoiceField(
        label="Is it getting better with rest, easier running or exercises?",
        choices=rules.IMPROVING,
        widget=forms.RadioSelect,
    )
    severity = _whole_number(
        "How bad is the pain at its worst, from 0 (none) to 10 (the worst imaginable)?",
        rules.SEVERITY_MIN,
        rules.SEVERITY_MAX,
    )
    weight_bearing = forms.ChoiceField(
        label="Can you stand and walk on that leg?",
        choices=rules.WEIGHT_BEARING,
        widget=forms.RadioSelect,
    )
    night_pain = _yes_no("night_pain")
    pain_at_rest = _yes_no("pain_at_rest")
    limited_motion = _yes_no("limited_motion")
    instability = _yes_no("instability")
    clicking = _yes_no("clicking")
    swelling = _yes_no("swelling")
    redness_warmth = _yes_no("redness_warmth")
    fever = _yes_no("fever", "Feeling hot and shivery, or a temperature of 38 °C or more.")
    numbness = _yes_no("numbness")
    deformity = _yes_no("deformity")
    saddle_or_bladder = _yes_no("saddle_or_bladder")
    age = _whole_number("How old are you?", rules.AGE_MIN, rules.AGE_MAX, "In whole years.")
    mileage_increase = _yes_no("mileage_increase")
    previous_stress_fracture = _yes_no("previous_stress_fracture")
    periods_stopped = _yes_no("periods_stopped")
    cancer_history = _yes_no("cancer_history")
    weight_loss = _yes_no("weight_loss")

    def fieldsets(self):
        """(legend, bound fields) for the template, in the order the runner answers them."""
        return [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]

    def error_links(self) -> list[tuple[str, str, list[str]]]:
        """(question, id of its first input, messages) for the summary above the form."""
        links = []
        for name, errors in self.errors.items():
            if name not in self.fields:
                continue
            field = self[name]
            anchor = field.auto_id
            if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                anchor += "_0"
            links.append((field.label, anchor, list(errors)))
        return links

    def answers(self) -> rules.Answers:
        """The cleaned answers as the rules module's dataclass. Call after is_valid()."""
        data = dict(self.cleaned_data)
        data["radiates_to"] = frozenset(data["radiates_to"])
        return rules.Answers(**data)
