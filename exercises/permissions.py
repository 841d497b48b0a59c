COACHES_GROUP = "Coaches"
# Staff in this group edit the catalogue in admin (created with its permissions by a migration).
CATALOGUE_EDITORS_GROUP = "Catalogue editors"


def is_coach(user) -> bool:
    """A coach is a signed-in member of the Coaches group; superusers count too."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Loaded with the user by CoachAwareBackend; otherwise asked once and remembered on the
    # user object (the view and the header both ask).
    if not hasattr(user, "hipcare_is_coach"):
        user.hipcare_is_coach = user.groups.filter(name=COACHES_GROUP).exists()
    return user.hipcare_is_coach


def coach_required(view):
    """Anonymous users go to sign in; signed-in users who are not coaches get 403."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_coach(request.user):
            raise PermissionDenied("Only coaches can build routines.")
        return view(request, *args, **kwargs)

    return wrapper
