from django import template

from hipcare import quoting
from triage.rules import SIGN_FIELDS

register = template.Library()


@register.filter
def lookup(mapping: dict, key: str):
    """`sources|lookup:slug`: the value for a key, or None."""
    return mapping.get(key)


@register.filter
def lower_first(text: str) -> str:
    """The text with its first letter in lower case, for the middle of a sentence; "I",
    abbreviations and names with inner capitals ("TFL and IT band") keep theirs
    (hipcare/quoting.py)."""
    return quoting.lower_first(text)


@register.filter
def is_sign(name: str) -> bool:
    """Whether a question is a yes / no / not sure sign."""
    return name in SIGN_FIELDS


@register.filter
def local_words(text: str, calls) -> str:
    """Our own action words and headings for where the viewer is (triage.emergency
    .EmergencyCalls.local_words): "the emergency department" rather than "A&E", a doctor
    rather than a GP, outside the UK."""
    return calls.local_words(text) if calls else text


@register.filter
def uk_reasons_note(reasons, calls) -> str:
    """`assessment.main_reasons|uk_reasons_note:emergency_calls`: the note said before these
    rules' reasons when one names a UK-only service and the viewer may not be in the UK
    (triage.emergency.EmergencyCalls.uk_reasons_note); "" otherwise."""
    return calls.uk_reasons_note(rule.reason for rule in reasons) if calls else ""
