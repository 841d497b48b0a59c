"""Text a person types: it must hold something visible, and may not reorder the page.

Every free-text form field in HipCare (a routine's title, who it is for, its notes, a coach's
note, a catalogue search, and every text field in admin) is a `UserTextField`:

- it removes the Unicode bidi embedding, override and isolate controls (U+202A-U+202E,
  U+2066-U+2069), which could reorder the text around a title wherever it is shown;
  right-to-left scripts need none of them and still display correctly (pages show user text
  isolated, in <bdi> or `dir="auto"`);
- a value with nothing visible (spaces, zero-width spaces and joiners, direction marks, Hangul
  fillers, a braille blank...) counts as empty: a required field says so, an optional one
  stores "".

Apply it with `Meta.formfield_callback = user_text_formfield` on a ModelForm, by declaring
`UserTextField` on a plain form, or with `UserTextAdminMixin` on a ModelAdmin or inline.
tests/test_user_text.py finds every form and fails for a text field that is not one.
"""

import unicodedata

from django import forms
from django.db import models

# Embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI).
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
# Categories that draw nothing by themselves: separators, controls and format characters
# (zero-width space, joiners, direction marks), surrogates, private use, unassigned, and
# combining marks with no letter to sit on.
INVISIBLE_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me"}
# Letters and symbols that are blank: Hangul fillers, the braille blank, Mongolian vowel
# separator, the Khmer inherent vowels.
BLANK_CHARACTERS = set("\u115f\u1160\u3164\uffa0\u2800\u180e\u17b4\u17b5")


def has_visible_character(value: str) -> bool:
    """True if `value` has at least one character that draws something."""
    return any(
        char not in BLANK_CHARACTERS and unicodedata.category(char) not in INVISIBLE_CATEGORIES
        for char in value
    )


def clean_user_text(value: str) -> str:
    """`value` without bidi controls, and "" if nothing visible is left. No stripping here:
    the form field strips surrounding whitespace first."""
    value = value.translate(BIDI_CONTROLS)
    return value if has_visible_character(value) else ""


class UserTextField(forms.CharField):
    """A CharField for text a person types. See the module's docstring."""

    def widget_attrs(self, widget):
        # The box takes the direction of what is typed in it: Hebrew or Arabic runs right to left.
        return {**super().widget_attrs(widget), "dir": "auto"}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return clean_user_text(value) or self.empty_value


def user_text_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """`Meta.formfield_callback` for a ModelForm: a plain CharField or TextField of the model
    (no choices; not a slug, email or URL, which have their own fields) becomes a
    UserTextField, its widget and other options unchanged."""
    if type(db_field) in (models.CharField, models.TextField) and not db_field.choices:
        kwargs.setdefault("form_class", UserTextField)
    return db_field.formfield(**kwargs)


class UserTextAdminMixin:
    """For a ModelAdmin or an inline: its free-text fields are UserTextFields."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if type(db_field) in (models.CharField, models.TextField) and not db_field.choices:
            kwargs.setdefault("form_class", UserTextField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def fit_words(text: str, limit: int, *, ellipsis: str = "\u2026") -> str:
    """`text` within `limit` characters, cut at a word boundary and marked with `ellipsis`
    where it is longer: never mid-word ("...very long ti"). A first word longer than the
    whole limit is the one case cut inside a word (there is no boundary to cut at), still
    marked."""
    if len(text) <= limit:
        return text
    room = limit - len(ellipsis)
    head = text[: room + 1]
    cut = max(head.rfind(" "), head.rfind("\t"), head.rfind("\n"))
    kept = text[:cut].rstrip(" \t\n,;:.-\u2013\u2014") if cut > 0 else ""
    if not kept:
        kept = text[:room].rstrip()
    return kept + ellipsis
