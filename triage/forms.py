"""The symptom checker's form: every question optional, answered in any subset and any order.

Field names are the public contract of POST /triage/. A yes/no sign takes ``on`` or ``yes``,
``no``, or ``unsure``. Which answers are missing is told by the hidden ``asked`` list the
checker's own pages send: a sign that was asked (shown on a step) and left blank needs an
answer, like every other question shown; one that was never asked is missing. A POST without
``asked`` (a script, or the one-page contract) is read as a whole form: every blank sign is
"no" (an unticked box), and so is a blank pregnancy question ("no" also covers "doesn't apply
to me"); the answer page names the signs read that way (:meth:`TriageForm.unanswered_signs`).
"""

import re
from functools import cached_property, lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import BaseChoiceIterator, normalize_choices

from triage import rules

QUESTION_LABELS = dict(rules.YES_NO_QUESTIONS)
#: Questions that have no "blank means no": asked and left blank, they need an answer.
NEEDS_AN_ANSWER = (
    "age",
    "weight_bearing",
    "severity",
    "pregnancy",
    "location",
    "onset",
    "duration_days",
    "improving",
)
ANSWER_THIS = "Answer this question."
ANSWER_THIS_SIGN = "Answer Yes, No or Not sure."
_YES = frozenset({"on", "yes", "true", "1", "y"})
_NO = frozenset({"no", "off", "false", "0", "n"})


class _FixedChoices(BaseChoiceIterator):
    """Choices that never change, shared by every copy of the field and its widget: a form
    deep-copies every field it has when it is made, and a list of choices was copied and
    normalised again for each field and its widget (about 25 µs a question), then a callable's
    iterator (Django's CallableChoiceIterator) was rebuilt twice a question, and normalised
    again at each check of a value sent. These are normalised once, here (Django's
    normalize_choices), and a copy is the same object: nothing ever changes them."""

    def __init__(self, choices: tuple[tuple[str, str], ...]) -> None:
        self.choices = tuple(normalize_choices(choices))

    def __iter__(self):
        return iter(self.choices)

    def __copy__(self) -> "_FixedChoices":
        return self

    def __deepcopy__(self, memo) -> "_FixedChoices":
        return self


def _fixed(choices: tuple[tuple[str, str], ...]) -> _FixedChoices:
    """Choices that never change (:class:`_FixedChoices`), for a choice field."""
    return _FixedChoices(choices)


class AskedField(forms.MultipleChoiceField):
    """The names of the questions a step showed (hidden). A name that isn't a question is a
    tampered page, not something a runner can fix: it is left out rather than refused."""

    widget = forms.MultipleHiddenInput

    def validate(self, value) -> None:
        pass

    def clean(self, value) -> list[str]:
        return [name for name in super().clean(value) if name in rules.QUESTIONS]


class SignField(forms.ChoiceField):
    """Yes, no or not sure; ``on`` (a ticked box) and ``true``/``false`` are read too."""

    widget = forms.RadioSelect

    def __init__(self, name: str, **kwargs) -> None:
        super().__init__(
            label=QUESTION_LABELS[name],
            choices=_fixed(rules.SIGN_CHOICES),
            required=False,
            help_text=rules.SIGN_HELP.get(name, ""),
            **kwargs,
        )

    def to_python(self, value) -> str:
        value = super().to_python(value).strip().lower()
        if value in _YES:
            return rules.Sign.YES.value
        if value in _NO:
            return rules.Sign.NO.value
        return value


# Digits in groups of three ("999 999 999", "1,000"): one number, however it was grouped.
_GROUPED_DIGITS = re.compile(r"[0-9]{1,3}(?:[ ,\u00a0\u202f][0-9]{3})+")


# Longer than any number a question takes: read as "too big" without converting it (Python
# refuses to turn more than 4300 digits into a number, which would be a 500).
_MAX_DIGITS = 20


class WholeNumberField(forms.IntegerField):
    """Digits, read whole: spaces and thousands separators a phone keypad or a paste may add
    ("999 999", "1,000") are dropped, so a number in digits that is too big or too small is
    told the range it must be in rather than "enter a whole number in digits"."""

    def to_python(self, value):
        if isinstance(value, str) and _GROUPED_DIGITS.fullmatch(value.strip()):
            value = re.sub(r"\D", "", value)
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) > _MAX_DIGITS:
            if self.max_value is None:
                # Its form checks the top of the range: a number beyond any it takes.
                return 10**_MAX_DIGITS
            raise ValidationError(self.error_messages["max_value"], code="max_value")
        return super().to_python(value)


#: A 0-10 pain score as runners often write it, out of ten: "7/10", " 7 / 10 ", "7 out of 10"
#: (any case, any spaces between the words).
_OUT_OF_TEN = re.compile(r"\s*([0-9]{1,2})\s*(?:/|\bout\s+of\b)\s*10\s*", re.IGNORECASE)


class PainScoreField(WholeNumberField):
    """A pain score from 0 to 10 (the checker's and the log's): digits, or the same number
    written out of ten ("10/10", " 7 / 10 ", "10 out of 10"), read as that number. Anything
    else is refused with the field's own message, and the form comes back with what was
    typed."""

    def to_python(self, value):
        if isinstance(value, str) and (out_of_ten := _OUT_OF_TEN.fullmatch(value)):
            value = out_of_ten.group(1)
        return super().to_python(value)


def _whole_number(
    label: str,
    low: int,
    high: int,
    example: int,
    help_text: str = "",
    out_of_range: str = "",
    *,
    form_checks_high: bool = False,
    field_class: type[WholeNumberField] = WholeNumberField,
) -> forms.IntegerField:
    """A number answer typed as text: a number box (type=number) lets Chromium empty letters
    before the form is sent, so the runner was asked again without being told why. A text box
    with a numeric keypad (inputmode) sends what was typed, and the page says what is wrong.
    `form_checks_high`: the form checks the top of the range itself (TriageForm.clean), with
    a message that can depend on another answer; the field's "max_value" message is its
    fallback."""
    return field_class(
        label=label,
        min_value=low,
        max_value=None if form_checks_high else high,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "autocomplete": "off",
            }
        ),
        error_messages={
            "invalid": f"Enter a whole number in digits, like {example}.",
            "min_value": out_of_range or f"Enter a number from {low} to {high}.",
            "max_value": out_of_range or f"Enter a number from {low} to {high}.",
        },
    )


def _choice(label: str, choices, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=_fixed(choices),
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


class TriageForm(forms.Form):
    """The symptom checker's questions. Field names are the public contract of /triage/."""

    age = _whole_number(
        "How old is the person with the pain?",
        rules.AGE_MIN,
        rules.AGE_MAX,
        35,
        "In whole years (0 for a baby). A parent or carer should answer for a young child.",
        out_of_range=(
            f"Enter an age from {rules.AGE_MIN} to {rules.AGE_MAX} ({rules.AGE_MAX} is the "
            "oldest anyone has been known to live)."
        ),
    )
    # Ticked to say an age from rules.AGE_CONFIRM_FROM is right; shown only when it is asked.
    age_confirmed = forms.BooleanField(required=False)
    weight_bearing = _choice(
        "Can you (or your child) stand and walk on that leg?", rules.WEIGHT_BEARING
    )
    injury = SignField("injury")
    deformity = SignField("deformity")
    saddle_or_bladder = SignField("saddle_or_bladder")
    leg_weakness = SignField("leg_weakness")
    breathless_or_chest_pain = SignField("breathless_or_chest_pain")
    fever = SignField("fever")
    testicle_pain = SignField("testicle_pain")
    groin_lump = SignField("groin_lump")
    # Asked on the first step, before the age is known: worded for anyone, a parent included.
    severity = _whole_number(
        "How bad is the pain at its worst, from 0 (none) to 10 (the worst imaginable)?",
        rules.SEVERITY_MIN,
        rules.SEVERITY_MAX,
        4,
        "For a young child, give your best guess from how they seem.",
        field_class=PainScoreField,
    )
    pregnancy = _choice(
        "Are you pregnant, or have you given birth recently?",
        rules.PREGNANCY,
        "Pregnancy and the weeks after a birth change which causes are likely.",
    )
    tummy_pain = SignField("tummy_pain")
    vomiting = SignField("vomiting")
    faint = SignField("faint")
    vaginal_bleeding = SignField("vaginal_bleeding")
    leg_swollen = SignField("leg_swollen")
    swelling = SignField("swelling")
    redness_warmth = SignField("redness_warmth")
    numbness = SignField("numbness")
    hip_replacement = SignField("hip_replacement")
    location = _choice("Where is the pain?", rules.LOCATIONS, "Pick the spot that hurts most.")
    radiates_to = forms.MultipleChoiceField(
        label="Does the pain spread anywhere else?",
        choices=_fixed(rules.RADIATES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick any that apply, or none.",
    )
    onset = _choice("How did it start?", rules.ONSETS)
    duration_days = _whole_number(
        "How many days have you had it?",
        rules.DURATION_MIN,
        rules.DURATION_MAX,
        14,
        "Roughly is fine: 14 for two weeks, 0 for today.",
        # Any number of days beyond the age given is told so, however big (99999 for a
        # 20-year-old was told "Enter a number from 0 to 45018"): TriageForm.clean.
        form_checks_high=True,
    )
    improving = _choice(
        "Is it getting better with rest, easier running or exercises?", rules.IMPROVING
    )
    night_pain = SignField("night_pain")
    pain_at_rest = SignField("pain_at_rest")
    limited_motion = SignField("limited_motion")
    instability = SignField("instability")
    clicking = SignField("clicking")
    mileage_increase = SignField("mileage_increase")
    previous_stress_fracture = SignField("previous_stress_fracture")
    periods_stopped = SignField("periods_stopped")
    weak_bones = SignField("weak_bones")
    cancer_history = SignField("cancer_history")
    weight_loss = SignField("weight_loss")
    steroids_or_alcohol = SignField("steroids_or_alcohol")
    # The questions the checker's pages have shown (hidden): see the module docstring.
    asked = AskedField(
        choices=_fixed(tuple((name, name) for name in rules.QUESTIONS)), required=False
    )

    #: The age to confirm (rules.AGE_CONFIRM_FROM or over, not confirmed), for the template.
    age_to_confirm: int | None = None

    @cached_property
    def pain_said(self) -> bool:
        """Whether an answer sent besides the pain score says the hip hurts (rules.pain_told):
        then the questions about the pain are asked and read whatever the score. Read only
        where it matters, with a pain score of 0 (rules.applies): cleaning the answers that
        tell it before the form cleans them all was an eighth of the form's making."""
        return self.is_bound and bool(rules.pain_told(self._pain_telling_answers()))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and self._no_pain() and not self.pain_said:
            # With a pain score of 0, and no other answer that says the hip hurts, the
            # questions about the pain are not asked (no field on the page), so an answer
            # left from before the score was changed to 0, valid or not, is dropped before
            # validation: a refusal would name a field the runner can no longer see (fuzz
            # test: 367 days at age 0 got a 422 that said nothing). An answer that says it
            # hurts (pain at night, say) is never dropped: the safer reading wins.
            self.data = self.data.copy()
            for name in rules.PAIN_ONLY_QUESTIONS:
                self.data.pop(name, None)

    def _no_pain(self) -> bool:
        """Whether the pain score sent is a valid 0."""
        try:
            return self.fields["severity"].clean(self.data.get("severity")) == rules.SEVERITY_MIN
        except ValidationError:
            return False

    def _pain_telling_answers(self) -> rules.Answers:
        """The valid answers sent to the questions that can say the hip hurts besides the
        pain score (rules.PAIN_TELLING_ANSWERS), read before validation."""
        values = {}
        for name in rules.PAIN_TELLING_ANSWERS:
            field = self.fields[name]
            raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            try:
                value = field.clean(raw)
            except ValidationError:
                continue
            if name == "radiates_to":
                values[name] = frozenset(value or ())
            elif value:
                values[name] = value
        return rules.Answers(**values)

    def clean(self):
        cleaned = super().clean()
        age = cleaned.get("age")
        if age is not None and age >= rules.AGE_CONFIRM_FROM and not cleaned.get("age_confirmed"):
            self.age_to_confirm = age
            self.add_error(
                "age",
                ValidationError(
                    "You entered %(age)s. Very few people live to %(rare)s or more, so please "
                    "check the age. If %(age)s is right, tick the box below it.",
                    code="age_to_confirm",
                    params={"age": age, "rare": rules.AGE_CONFIRM_FROM},
                ),
            )
            age = None
        days = cleaned.get("duration_days")
        if age is not None and days is not None and not rules.duration_fits_age(days, age):
            self.add_error(
                "duration_days",
                ValidationError(
                    "That is longer than the %(age)s years given as the age. Check the number "
                    "of days (a year is 365), or the age.",
                    code="longer_than_age",
                    params={"age": age},
                ),
            )
        elif days is not None and days > rules.DURATION_MAX:
            field = self.fields["duration_days"]
            self.add_error(
                "duration_days",
                ValidationError(field.error_messages["max_value"], code="max_value"),
            )
        if not any(name in self.data for name in rules.QUESTIONS) and not self.errors:
            # Nothing answered at all: the first step's questions need answers.
            for name in NEEDS_AN_ANSWER:
                if name in rules.STEPS[0].questions:
                    self.add_error(name, ValidationError(ANSWER_THIS, code="required"))
        # Whether another answer says the hip hurts counts only with a pain score of 0.
        pain_said = cleaned.get("severity") == rules.SEVERITY_MIN and self.pain_said
        for name in set(cleaned.get("asked") or ()).intersection(NEEDS_AN_ANSWER):
            if not rules.applies(
                name, cleaned.get("age"), cleaned.get("severity"), pain_said=pain_said
            ):
                # The pregnancy question for an age it is not asked at, a question about the
                # pain with a pain score of 0.
                continue
            if name not in self.errors and cleaned.get(name) in (None, ""):
                self.add_error(name, ValidationError(ANSWER_THIS, code="required"))
        # A warning sign shown on a step and skipped is not a "no": it is asked again.
        asked = set(cleaned.get("asked") or ())
        for name in asked.intersection(rules.SIGN_FIELDS) - set(self.errors):
            if not rules.applies(
                name, cleaned.get("age"), cleaned.get("severity"), pain_said=pain_said
            ):
                continue
            if not cleaned.get(name):
                self.add_error(name, ValidationError(ANSWER_THIS_SIGN, code="required"))
        return cleaned

    def options_of(self, bound: forms.BoundField) -> list[tuple[object, str, bool, str]]:
        """A choice question's options as (value, label, selected, id), what triage.html
        writes out for each radio button or tick box: iterating the BoundField instead builds
        a widget context per option, which cost more than the rest of the step's markup. The
        id is the widget's own (id_for_label), a string: a number printed in the template is
        localized, which cost as much again."""
        widget = bound.field.widget
        chosen = widget.format_value(bound.value())
        return [
            (value, label, str(value) in chosen, widget.id_for_label(bound.auto_id, str(index)))
            for index, (value, label) in enumerate(bound.field.choices)
        ]

    def unanswered_signs(self) -> list[str]:
        """The warning signs a whole-form POST (no ``asked``) left out, read as "no"."""
        if "asked" in self.data:
            return []
        return [
            name
            for name in rules.SIGN_FIELDS
            if not any(value.strip() for value in self.data.getlist(name))
        ]

    def answers(self) -> rules.Answers:
        """The answers as the rules module's dataclass, ``None`` for each one not given yet.

        Reads the valid answers only, so it can be called on an invalid form too (for the
        answers around the ones that need another look).
        """
        data = getattr(self, "cleaned_data", {})
        whole_form = "asked" not in self.data
        asked = set(data.get("asked") or ())
        values: dict[str, object] = {}
        severity = None if "severity" in self.errors else data.get("severity")
        for name in rules.QUESTIONS:
            if name in self.errors:
                continue
            if (
                severity == rules.SEVERITY_MIN
                and not self.pain_said
                and name in rules.PAIN_ONLY_QUESTIONS
            ):
                # No hip pain (a score of 0, and no other answer that says it hurts): what it
                # is like is not asked, and an answer left from before the score was changed
                # to 0 is not read (nor carried on).
                continue
            value = data.get(name)
            if name in rules.SIGN_FIELDS:
                if not value and whole_form:
                    value = rules.Sign.NO.value
                values[name] = value or None
            elif name == "radiates_to":
                given = name in self.data or whole_form or name in asked
                values[name] = frozenset(value or ()) if given else None
            elif name == "pregnancy" and not value and whole_form:
                values[name] = rules.Pregnancy.NO.value  # "no" also covers "doesn't apply"
            else:
                values[name] = None if value in (None, "") else value
        # An answer to a question the other answers no longer ask (pregnancy after the age was
        # changed to 70 on "Change my answers") is dropped: not read, shown or carried on.
        return rules.only_asked(rules.Answers(**values))


@lru_cache(maxsize=64)
def form_showing(names: tuple[str, ...]) -> type[TriageForm]:
    """TriageForm with only the fields ``names`` (the questions a step shows), for a form that
    draws them and validates nothing: every form copies all of its fields when it is made,
    and the empty first step copied 39 to draw 10. The others are left out as Django leaves
    out an inherited field, set to None on the subclass."""
    left_out = {name: None for name in TriageForm.base_fields if name not in names}
    return type("TriageStepForm", (TriageForm,), left_out)


def answer_pairs(answers: rules.Answers) -> list[tuple[str, str]]:
    """Every answer given, as (POST name, value) pairs that post them back as they are, with
    ``asked`` for each: what the hidden fields of a step, "Change my answers" and "Print"
    carry. Never stored: they go from the page to the next request and nowhere else."""
    pairs: list[tuple[str, str]] = []
    for name in rules.QUESTIONS:
        value = getattr(answers, name)
        if value is None:
            continue
        if name == "radiates_to":
            pairs += [(name, str(area)) for area in sorted(value)]
        else:
            pairs.append((name, str(value)))
        pairs.append(("asked", name))
    return pairs + confirmations(answers)


def answer_rows(answers: rules.Answers) -> list[tuple[str, str, str]]:
    """:func:`answer_pairs` as the answer page writes them out, in the same order: each pair
    with the ``asked`` pair that follows it joined on as a third value ("" where none does),
    so the template's loop goes round once an answer, not twice (each turn of a template loop
    costs about as much as the markup it writes)."""
    rows: list[tuple[str, str, str]] = []
    for name, value in answer_pairs(answers):
        if name == "asked" and rows and rows[-1][0] == value and not rows[-1][2]:
            rows[-1] = (rows[-1][0], rows[-1][1], value)
        else:
            rows.append((name, value, ""))
    return rows


def confirmations(answers: rules.Answers) -> list[tuple[str, str]]:
    """The confirmation an age given has had (an age from rules.AGE_CONFIRM_FROM is only
    accepted confirmed): carried with the answers so it is not asked again on every step."""
    if answers.age is not None and answers.age >= rules.AGE_CONFIRM_FROM:
        return [("age_confirmed", "yes")]
    return []


def as_initial(answers: rules.Answers) -> dict[str, object]:
    """The answers as a form's ``initial`` (for showing them in the form again): every answer
    given, the spreading areas as a list (a QueryDict would hand the form only the last one)."""
    initial: dict[str, object] = {}
    for name, value in answer_pairs(answers):
        if name in ("asked", "age_confirmed"):
            continue
        if name == "radiates_to":
            initial.setdefault(name, []).append(value)
        else:
            initial[name] = value
    if answers.radiates_to is not None:
        initial.setdefault("radiates_to", [])
    return initial


def answer_summary(answers: rules.Answers) -> list[tuple[str, str]]:
    """(question, answer as the runner gave it) for every answer, in the order asked."""
    fields = TriageForm.base_fields
    summary = []
    for step in rules.STEPS:
        for name in step.questions:
            value = getattr(answers, name)
            if value is None:
                continue
            field = fields[name]
            if name == "radiates_to":
                labels = dict(rules.RADIATES)
                text = ", ".join(labels[area] for area in sorted(value)) or "Nowhere else"
            elif isinstance(field, forms.ChoiceField):
                text = str(dict(field.choices).get(str(value), value))
            else:
                text = str(value)
            summary.append((str(field.label), text))
    return summary
