from django import template

from triage.rules import SIGN_FIELDS

register = template.Library()


@register.filter
def lookup(mapping: dict, key: str):
    """`sources|lookup:slug`: the value for a key, or None."""
    return mapping.get(key)


@register.filter
def lower_first(text: str) -> str:
    """The text with its first letter in lower case, for the middle of a sentence ("I" and
    the rest keep their capitals)."""
    return text[:1].lower() + text[1:]


@register.filter
def is_sign(name: str) -> bool:
    """Whether a question is a yes / no / not sure sign."""
    return name in SIGN_FIELDS
