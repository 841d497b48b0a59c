from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.template import loader
from django.urls import NoReverseMatch, reverse

from hipcare.htmx import is_htmx
from hipcare.timezones import browser_zone, time_zone_from
from hipcare.views import page_not_found

DATABASE_DOWN = (OperationalError, InterfaceError)


def database_unavailable_response() -> HttpResponse:
    """Our 503 page, rendered without a request context so it needs no database."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def _unreadable_database(exception: Exception) -> bool:
    """A plain DatabaseError raised by the driver: SQLite's "file is not a database" or "disk
    image is malformed". One that Django raises itself (no driver error behind it) is a bug in
    a query and stays a 500."""
    return type(exception) is DatabaseError and exception.__cause__ is not None


class DatabaseUnavailableMiddleware:
    """Answer 503 with our own page when a view can't reach the database, instead of a 500.

    Only connection-level failures count (OperationalError, InterfaceError); an integrity error
    is a bug and stays a 500. Django opens a fresh connection for the next request, so the app
    recovers by itself once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, DATABASE_DOWN) or _unreadable_database(exception):
            return database_unavailable_response()
        return None


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header (settings.PERMISSIONS_POLICY) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class UserTimeZoneMiddleware:
    """Every "today" and every date shown follows the person's own clock: the time zone their
    browser reported (hipcare.timezones.TIME_ZONE_COOKIE) is activated for the request, the
    Django way (django.utils.timezone.override, in hipcare.timezones.browser_zone), and known
    as the browser's (hipcare.timezones.zone_known); without it (no JavaScript yet, or a name
    zoneinfo does not know) settings.TIME_ZONE applies. A form that checks dates can carry the
    zone itself, for the first page a browser opens (hipcare.timezones.form_time_zone)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # timezone.override(None) is deactivate() for the block: settings.TIME_ZONE applies.
        with browser_zone(time_zone_from(request)):
            return self.get_response(request)


SECTION_HOMES = {
    "exercises": ("exercises:list", "Go to the exercises"),
    "triage": ("triage:form", "Go to the symptom checker"),
}


def _way_on(request: HttpRequest) -> tuple[str, str]:
    """Where a person who reached a form's address directly should go: the page that holds
    the form where the address names one, else the home page. (link, what it says)"""
    match = request.resolver_match
    kwargs = match.kwargs if match else {}
    namespace = match.namespace if match else ""
    try:
        if namespace == "routines" and "pk" in kwargs:
            return reverse("routines:builder", args=[kwargs["pk"]]), "Go back to the routine"
        if namespace == "routines":
            return reverse("routines:list"), "Go to your routines"
        if "token" in kwargs:
            return reverse("shared_routine", args=[kwargs["token"]]), "Go back to the routine"
        if namespace == "admin":
            return reverse("admin:index"), "Go to the admin home page"
        if namespace in SECTION_HOMES:
            name, label = SECTION_HOMES[namespace]
            return reverse(name), label
    except NoReverseMatch:
        pass
    return reverse("home"), "Go to the home page"


#: Namespaces whose every address needs a signed-in coach (or staff): a signed-out visitor
#: who opens one of their forms' addresses is told to sign in, not to use the form.
SIGN_IN_NAMESPACES = frozenset({"routines", "admin"})


def _share_link_works(token: str) -> bool:
    # The runner's link: hipcare imports neither app, so the model is looked up by name.
    routine = apps.get_model("routines", "Routine")
    return routine.objects.filter(share_token=token).exists()


def _situation(request: HttpRequest) -> str:
    """What the visitor's position is, so the 405's words fit them rather than assume a
    signed-in person on a live page: "sign_out" (signed in, opened the sign-out address),
    "signed_out" (opened it while not signed in), "sign_in" (signed out, opened a form's
    address that needs a coach), "link_gone" (a runner's form on a withdrawn share link), or
    "" (a form's address, nothing else to say)."""
    match = request.resolver_match
    if match is None:
        return ""
    signed_in = request.user.is_authenticated
    if match.url_name == "logout" and not match.namespace:
        return "sign_out" if signed_in else "signed_out"
    if not signed_in and match.namespace in SIGN_IN_NAMESPACES:
        return "sign_in"
    token = match.kwargs.get("token")
    if token is not None and not match.namespace and not _share_link_works(token):
        return "link_gone"
    return ""


class MethodNotAllowedPageMiddleware:
    """A 405 the framework gives (require_POST and the like, a class-based view's
    http_method_not_allowed: an HttpResponseNotAllowed with no body) becomes a page in the
    site's layout saying what happened and where to go, or for an htmx request a message for
    the page's alert region. The status and the Allow header stay as they were.

    A person meets this by opening a form's address directly: typed, bookmarked, or Back or
    sign-in's "next" after a session ended."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not isinstance(response, HttpResponseNotAllowed) or response.content:
            return response
        url, label = _way_on(request)
        situation = _situation(request)
        if situation == "signed_out":
            url, label = reverse("home"), "Go to the home page"
        elif situation == "sign_in":
            url, label = redirect_to_login(url).url, "Sign in"
        elif situation == "link_gone":
            url, label = reverse("home"), "Go to the home page"
        context = {"way_on": url, "way_on_label": label, "situation": situation}
        if getattr(request, "htmx", False):  # not a history restore: that is a whole page
            page = render(request, "htmx/not_allowed.html", context, status=405)
            page["HX-Retarget"] = "#page-alert"
            page["HX-Reswap"] = "innerHTML"
        else:
            page = render(request, "405.html", context, status=405)
        page["Allow"] = response["Allow"]
        page["Cache-Control"] = "no-store"
        return page


class HtmxNotFoundMiddleware:
    """A 404 raised for an htmx request gets the site's own answer (settings' handler404,
    hipcare.views.page_not_found: "This routine no longer exists" for the page's alert region)
    with DEBUG on too. Django answers a 404 with its technical page when DEBUG is on, which
    holds none of that, so under `make run` the coach's page said only "That is no longer
    there". A page asked for by address keeps Django's debug page, except a runner's share link
    that is gone, which its views answer themselves (routines.session_views.
    _link_gone_in_place): an expected state, not a developer's error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, Http404) and is_htmx(request):
            return page_not_found(request, exception)
        return None
