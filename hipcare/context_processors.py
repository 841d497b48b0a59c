from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject

from hipcare.auth import is_coach


def navigation(request: HttpRequest) -> dict:
    """What the header needs to decide which links a user sees.

    Lazy, so a page that never asks (an error page, /healthz) makes no database query.
    """
    user = getattr(request, "user", None)
    return {
        "user_is_coach": SimpleLazyObject(
            lambda: bool(user and user.is_authenticated and is_coach(user))
        ),
        "nav_urls": _nav_urls(get_script_prefix()),
        # The cookie static/js/csrf.js reads the token from, for htmx requests.
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
        # True on the checker's answer (triage.views), whose header links open a new tab; a
        # default here, so every other page's six reads find a value rather than raising.
        "answer_page": False,
    }


NAV_URL_NAMES = {
    "home": "home",
    "triage": "triage:form",
    "exercises": "exercises:list",
    "routines": "routines:list",
    "admin": "admin:index",
    "login": "login",
    "logout": "logout",
}


@lru_cache(maxsize=8)
def _nav_urls(script_prefix: str) -> dict[str, str]:
    """The header's links, reversed once per process (and per script prefix, which `reverse`
    depends on) instead of on every page: seven reverses were a third of a small page's render."""
    return {key: reverse(name) for key, name in NAV_URL_NAMES.items()}
