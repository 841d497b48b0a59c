from django import template

register = template.Library()


@register.filter
def lookup(mapping: dict, key: str):
    """`sources|lookup:slug`: the value for a key, or None."""
    return mapping.get(key)
