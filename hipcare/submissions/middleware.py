"""Pages holding a one-time submission key are never stored by a browser or a cache."""

from django.utils.cache import add_never_cache_headers


class NoStoreFormPagesMiddleware:
    """`Cache-Control: no-store` (Django's add_never_cache_headers) on every response whose
    page holds a one-time submission key ({% submission_field %} marks the request). Back to a
    form page then asks the server again: the form comes with the values as they are now and a
    fresh key, rather than the page as first drawn (a dose since changed, a key since used),
    which sent again would put back what the coach had already changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "submission_key_issued", False):
            add_never_cache_headers(response)
        return response
