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
