import hashlib
import json
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.crypto import salted_hmac

from hipcare.htmx import is_htmx, local_url
from hipcare.submissions import FIELD_NAME, KEY_FORMAT
from hipcare.submissions.models import Submission

KEPT_FOR = timedelta(days=1)
REPLAYED = "That was sent twice; HipCare acted on it once."
#: What a form sent again with the same key but other content is shown back with (`resent`).
RESENT = (
    "This form was already sent once; your changes below were not saved yet. "
    "Check them and save again."
)
#: Said where a form with nothing typed in it comes again with other content: not acted on.
NOT_ACTED = (
    "That form was already sent once, so HipCare did not act on it again. "
    "Here is the page as it is now: do it again from here if you still want to."
)
_SALT = "hipcare.submissions.content"
_NOT_CONTENT = {"csrfmiddlewaretoken", FIELD_NAME}


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
    # Said with htmx as without: the page loaded whole after an htmx replay shows it too, so
    # a double click or a send again after a lost answer never looks as if nothing happened.
    messages.info(request, message)
    if is_htmx(request):
        # The first answer may be lost with the request that asked for it: show the page as
        # it is now.
        response = HttpResponse(status=200)
        response["HX-Redirect"] = where
        return response
    return redirect(where)


def _scoped(key: str, path: str, value: str) -> str:
    """The key as claimed for one value of a scoped form's field (a digest: the column holds 64
    characters, and the key, path and value together may be longer)."""
    return hashlib.sha256("\n".join((key, path, value)).encode()).hexdigest()


def _keyed_digest(value: str) -> str:
    """A keyed hash (HMAC-SHA256 with the SECRET_KEY): equal values give equal digests, and a
    digest reveals nothing of what was sent, even for a field with few values (a pain score)."""
    return salted_hmac(_SALT, value, algorithm="sha256").hexdigest()


def content_digest(request: HttpRequest) -> str:
    """What a form sent, as a keyed hash: its address and every field with its values, less the
    CSRF token and the one-time key. Only the hash is kept with the key (a runner's log is
    health data, never stored anywhere else)."""
    fields = sorted(
        (name, request.POST.getlist(name)) for name in request.POST if name not in _NOT_CONTENT
    )
    return _keyed_digest(json.dumps([request.path, fields], separators=(",", ":")))


def _not_acted(request: HttpRequest) -> HttpResponse:
    """A form with nothing typed in it, sent again with other content (other buttons or hidden
    values): not acted on, the page as it is now, saying so (after an htmx request too)."""
    messages.info(request, NOT_ACTED)
    where = (
        local_url(request, request.headers.get("HX-Current-URL"))
        or local_url(request, request.headers.get("Referer"))
        or "/"
    )
    if is_htmx(request):
        response = HttpResponse(status=200)
        response["HX-Redirect"] = where
        return response
    return redirect(where)


def once_per_submission(
    view=None,
    *,
    scope: str = "",
    replayed: str = REPLAYED,
    version=None,
    resent=None,
    checks_itself: bool = False,
):
    """Run a POST view once per `submission` key. See hipcare/submissions/__init__.py.

    `scope` names a POST field for a form whose buttons do different things with one key: the
    key is then claimed once per value of that field. The builder's catalogue has one Add form
    for all its cards (each Add button sends `exercise`), so with
    `@once_per_submission(scope="exercise")` a double click on one card adds it once, while a
    quick click on another card, sent with the same key before the first answers, still adds
    that one.

    `replayed`: what a request sent again without JavaScript is told, by default
    :data:`REPLAYED` ("That session was already logged." on the runner's log form).

    A key sent again with the same content (content_digest) is a double click or a reload: the
    view is not run (as above). With other content it is a new edit, made after Back on a page
    the browser kept with its key:

    - `version(request, *args, **kwargs) -> str`: the view is an idempotent "set these values"
      edit of one object, and this is that object's version (when it last changed). The new
      edit is applied (the view runs again) if the object is as the key's last run left it;
      otherwise it changed elsewhere since and the edit goes to `resent`.
    - `resent(request, *args, **kwargs) -> HttpResponse`: the form shown back, nothing done,
      with what was sent, a fresh key and :data:`RESENT` (where acting again could do a thing
      twice, as logging a session, or where the object changed since).
    - `checks_itself`: the form carries what it was drawn with and the view refuses it if that
      changed since (the next-morning question's `was`): the view runs again and judges.
    - none of these: a form with nothing typed in it (buttons): not acted on, the page as it is now
      with :data:`NOT_ACTED`."""
    if view is None:
        return lambda view: once_per_submission(
            view,
            scope=scope,
            replayed=replayed,
            version=version,
            resent=resent,
            checks_itself=checks_itself,
        )

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = request.POST.get(FIELD_NAME, "") if request.method == "POST" else ""
        if not KEY_FORMAT.fullmatch(key):
            return view(request, *args, **kwargs)
        if scope:
            key = _scoped(key, request.path, request.POST.get(scope, ""))
        digest = content_digest(request)

        def run(claim: Submission) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if response.status_code >= 400:
                raise _Refused(response)
            claim.result_url = _result_url(request, response)[:2000]
            claim.digest = digest
            claim.state = _keyed_digest(version(request, *args, **kwargs)) if version else ""
            claim.save(update_fields=["result_url", "digest", "state"])
            return response

        outcome = "done"
        try:
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        claim = Submission.objects.create(key=key)
                except IntegrityError:
                    claim = None
                if claim is not None:
                    response = run(claim)
                    Submission.objects.filter(created__lt=timezone.now() - KEPT_FOR).delete()
                else:
                    # Locked until this request ends: two changed sends wait on each other.
                    used = Submission.objects.select_for_update().filter(key=key).first()
                    if used is None or not used.digest or used.digest == digest:
                        outcome = "replay"
                    elif checks_itself or (
                        version and used.state == _keyed_digest(version(request, *args, **kwargs))
                    ):
                        response = run(used)
                    elif resent is not None:
                        response = resent(request, *args, **kwargs)
                    else:
                        outcome = "not acted"
        except _Refused as refused:
            return refused.response
        if outcome == "replay":
            return _replayed(request, key, replayed)
        if outcome == "not acted":
            return _not_acted(request)
        return response

    return wrapper
