from django import template
from django.utils.html import format_html

from hipcare.submissions import FIELD_NAME, new_key

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_field(context) -> str:
    """`<input type="hidden" name="submission" value="...">`: a new one-time key for the form
    it is in. Put it in every form that creates or changes something, beside {% csrf_token %}.

    Marks the request as answered with a key (`request.submission_key_issued`), so
    hipcare.submissions.middleware.NoStoreFormPagesMiddleware keeps the page out of every cache:
    a form page shown again from the browser's cache by Back would send stale values under a
    used key."""
    request = context.get("request")
    if request is not None:
        request.submission_key_issued = True
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, new_key())
