from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from exercises.permissions import is_coach


def navigation(request: HttpRequest) -> dict:
    """What the header needs to decide which links a user sees.

    Lazy, so a page that never asks (an error page, /healthz) makes no database query.
    """
    user = getattr(request, "user", None)
    return {
        "user_is_coach": SimpleLazyObject(
            lambda: bool(user and user.is_authenticated and is_coach(user))
        )
    }


def csp_nonce(request: HttpRequest) -> dict:
    """The CSP nonce under the name django-htmx's {% htmx_script %} looks for."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
