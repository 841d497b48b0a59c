import hashlib
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from hipcare.htmx import is_htmx, local_url
from hipcare.submissions import FIELD_NAME, KEY_FORMAT
from hipcare.submissions.models import Submission

KEPT_FOR = timedelta(days=1)
REPLAYED = "That was sent twice; HipCare acted on it once."


class _Refused(Exception):
    """The view refused the input: undo the claim on the key."""

    def __init__(self, response: HttpResponse):
        self.response = response


def _result_url(request: HttpRequest, response: HttpResponse) -> str:
    if response.has_header("Location"):
        return local_url(request, response["Location"])
    if response.has_header("HX-Redirect"):
        return local_url(request, response["HX-Redirect"])
    return local_url(
        request, request.headers.get("HX-Current-URL") or request.headers.get("Referer")
    )


def _replayed(request: HttpRequest, key: str, message: str = REPLAYED) -> HttpResponse:
    """Where the first request with `key` sent the user, or the page this one came from."""
    found = Submission.objects.filter(key=key).values_list("result_url", flat=True).first()
    where = (
        found
        or local_url(request, request.headers.get("HX-Current-URL"))
        or local_url(request, request.headers.get("Referer"))
        or "/"
    )
    if is_htmx(request):
        # The first answer may be lost with the request that asked for it: show the page as
        # it is now.
        response = HttpResponse(status=200)
        response["HX-Redirect"] = where
        return response
    messages.info(request, message)
    return redirect(where)


def _scoped(key: str, path: str, value: str) -> str:
    """The key as claimed for one value of a scoped form's field (a digest: the column holds 64
    characters, and the key, path and value together may be longer)."""
    return hashlib.sha256("\n".join((key, path, value)).encode()).hexdigest()


def once_per_submission(view=None, *, scope: str = "", replayed: str = REPLAYED):
    """Run a POST view once per `submission` key. See hipcare/submissions/__init__.py.

    `scope` names a POST field for a form whose buttons do different things with one key: the
    key is then claimed once per value of that field. The builder's catalogue has one Add form
    for all its cards (each Add button sends `exercise`), so with
    `@once_per_submission(scope="exercise")` a double click on one card adds it once, while a
    quick click on another card, sent with the same key before the first answers, still adds
    that one.

    `replayed`: what a request sent again without JavaScript is told, by default
    :data:`REPLAYED` ("That session was already logged." on the runner's log form)."""
    if view is None:
        return lambda view: once_per_submission(view, scope=scope, replayed=replayed)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = request.POST.get(FIELD_NAME, "") if request.method == "POST" else ""
        if not KEY_FORMAT.fullmatch(key):
            return view(request, *args, **kwargs)
        if scope:
            key = _scoped(key, request.path, request.POST.get(scope, ""))
        try:
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        claim = Submission.objects.create(key=key)
                except IntegrityError:
                    claim = None
                if claim is None:
                    replay = True
                else:
                    replay = False
                    response = view(request, *args, **kwargs)
                    if response.status_code >= 400:
                        raise _Refused(response)
                    claim.result_url = _result_url(request, response)[:2000]
                    claim.save(update_fields=["result_url"])
                    Submission.objects.filter(created__lt=timezone.now() - KEPT_FOR).delete()
        except _Refused as refused:
            return refused.response
        if replay:
            return _replayed(request, key, replayed)
        return response

    return wrapper
