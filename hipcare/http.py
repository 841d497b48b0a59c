from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """Type of a request that has passed through django-htmx's middleware."""

    htmx: HtmxDetails
