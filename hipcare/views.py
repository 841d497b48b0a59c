from django.contrib import messages
from django.contrib.auth.views import LoginView
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import render, resolve_url
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views import defaults
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hipcare.auth import SignInForm, is_coach
from hipcare.errorsummary import FOCUS_MESSAGE, autofocus_first_error
from hipcare.htmx import is_htmx, local_url


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


class SignInView(LoginView):
    """Django's sign-in page, landing each person where their work is when no page sent them
    here (a `next` that is safe still wins, as LoginView checks it): a coach on their
    routines, a member of staff who is not a coach (a catalogue editor) in admin, where the
    catalogue is kept, anyone else on the home page (LOGIN_REDIRECT_URL)."""

    authentication_form = SignInForm

    def form_valid(self, form):
        response = super().form_valid(form)
        # Without JavaScript the page it lands on starts from this, focused (base.html).
        messages.success(
            self.request,
            f"Signed in as {form.get_user().get_username()}.",
            extra_tags=FOCUS_MESSAGE,
        )
        return response

    def form_invalid(self, form):
        # Sent back: the focus goes to why (the alert, else the first field with an error),
        # not to the username box Django's form focuses on a first visit.
        form.fields["username"].widget.attrs.pop("autofocus", None)
        autofocus_first_error(form)
        return super().form_invalid(form)

    def get_default_redirect_url(self) -> str:
        user = self.request.user
        if is_coach(user):
            return resolve_url("routines:list")
        if user.is_staff:
            return resolve_url("admin:index")
        return super().get_default_redirect_url()


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


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """settings' handler404: Django's own 404 page, except at a routine's addresses (the
    routines app's URLs that name a routine, `pk`), where the routine is gone: deleted (in
    another window, or in admin) or never the coach's. The page says "This routine no longer
    exists" with a link to the coach's routines, and an htmx request gets those words in the
    page's alert region (static/js/hipcare.js swaps a 4xx retargeted there), where htmx would
    otherwise leave the page as it was. Still a 404, with the same words whichever it was, so
    another coach's routine is indistinguishable from a deleted one. Like every error page it
    renders without the database (no request context)."""
    match = request.resolver_match
    if not (match and match.namespace == "routines" and "pk" in match.kwargs):
        return defaults.page_not_found(request, exception)
    context = {"routines_url": reverse("routines:list"), "request_path": request.path}
    if is_htmx(request):
        response = HttpResponseNotFound(render_to_string("htmx/routine_gone.html", context))
        response["HX-Retarget"] = "#page-alert"
        response["HX-Reswap"] = "innerHTML"
        return response
    return HttpResponseNotFound(render_to_string("404.html", {**context, "routine_gone": True}))
