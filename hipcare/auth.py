"""Who is a coach, the sign-in forms and the username django-axes records.

Django's AuthenticationForm limits the username box to the model's length but does not
validate it, so an over-long name reached authenticate() and django-axes, whose records hold
at most 255 characters (a 500 on PostgreSQL). Here it is refused with a message instead.
"""

from functools import wraps

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxLengthValidator

AXES_USERNAME_LENGTH = 255

COACHES_GROUP = "Coaches"


def is_coach(user) -> bool:
    """A coach is a signed-in, active member of the Coaches group; superusers count too.

    One query the first time it is asked about a user object, then remembered on it. Django's
    AuthenticationMiddleware loads a new user object for every request, so that is at most
    once per request (the view, the header and the page may all ask), and leaving the group
    shows on the next request."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "hipcare_is_coach"):
        user.hipcare_is_coach = user.groups.filter(name=COACHES_GROUP).exists()
    return user.hipcare_is_coach


def coach_required(view):
    """Anonymous users go to sign in; signed-in users who are not coaches get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_coach(request.user):
            raise PermissionDenied("Only coaches can build routines.")
        return view(request, *args, **kwargs)

    return wrapper


class _LengthCheckedUsername:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class SignInForm(_LengthCheckedUsername, AuthenticationForm):
    pass


class AdminSignInForm(_LengthCheckedUsername, AdminAuthenticationForm):
    pass


def axes_username(request, credentials: dict | None = None) -> str:
    """The username axes records: never longer than its column, never with a NUL byte."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = str(source.get("username", "") or "")
    return username.replace("\x00", "")[:AXES_USERNAME_LENGTH]
