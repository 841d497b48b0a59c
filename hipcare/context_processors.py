from django.http import HttpRequest

from exercises.permissions import is_coach


def navigation(request: HttpRequest) -> dict:
    """What the header needs to decide which links a user sees."""
    user = getattr(request, "user", None)
    return {"user_is_coach": bool(user and user.is_authenticated and is_coach(user))}
