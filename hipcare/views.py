from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hipcare.htmx import is_htmx, local_url


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """The floor for performance: the usual middleware, one small query, nothing else. It
    reads a table: SQLite answers a bare "SELECT 1" without reading its file at all."""
    try:
        ContentType.objects.exists()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; send them to the real one."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: a form sent with an old or missing CSRF token (the user
    signed out and in again in another tab, say). A plain form gets the 403 page that says so;
    htmx gets a message for the page's alert region (base.html) with a link that reloads the
    page it is on, since htmx shows no 4xx by itself (static/js/hipcare.js swaps this one)."""
    if not is_htmx(request):
        return django_csrf_failure(request, reason, template_name="403_csrf.html")
    reload_url = local_url(request, request.headers.get("HX-Current-URL")) or "/"
    response = render(request, "htmx/expired.html", {"reload_url": reload_url}, status=403)
    response["HX-Retarget"] = "#page-alert"
    response["HX-Reswap"] = "innerHTML"
    response["Cache-Control"] = "no-store"
    return response
