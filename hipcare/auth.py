"""Sign-in forms and the username django-axes records.

Django's AuthenticationForm limits the username box to the model's length but does not
validate it, so an over-long name reached authenticate() and django-axes, whose records hold
at most 255 characters (a 500 on PostgreSQL). Here it is refused with a message instead.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

AXES_USERNAME_LENGTH = 255


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
