from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hipcare.pagecache import cache_anonymous_page, static_page


@require_GET
@cache_anonymous_page(static_page)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """The floor for performance: the usual middleware, one `SELECT 1`, nothing else."""
    try:
        with connection.cursor() as cursor:
            # Reads a table: SQLite answers "SELECT 1" without reading its file at all.
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; send them to the real one."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
