from django import template

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
