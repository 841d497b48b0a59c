from django import template
from django.utils.html import format_html

from hipcare.submissions import FIELD_NAME, new_key

register = template.Library()


@register.simple_tag
def submission_field() -> str:
    """`<input type="hidden" name="submission" value="...">`: a new one-time key for the form
    it is in. Put it in every form that creates or changes something, beside {% csrf_token %}."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, new_key())
