from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection

from exercises.permissions import COACHES_GROUP
from hipcare.db import BIGINT, RowLoader


@cache
def _loader() -> RowLoader:
    return RowLoader(get_user_model())


@cache
def _user_sql(vendor: str) -> str:
    """The user's columns and whether they are in the Coaches group, by primary key."""
    quote = connection.ops.quote_name
    user = get_user_model()
    pk = quote(user._meta.pk.column)
    # Only quoted table and column names are put in; values are always parameters.
    membership = (
        f"SELECT 1 FROM {quote(user.groups.through._meta.db_table)} m "  # noqa: S608
        f"JOIN {quote(Group._meta.db_table)} g ON g.{quote('id')} = m.{quote('group_id')} "
        f"WHERE m.{quote('user_id')} = u.{pk} AND g.{quote('name')} = %s"
    )
    return (
        f"SELECT {_loader().columns('u')}, EXISTS({membership}) "  # noqa: S608
        f"FROM {quote(user._meta.db_table)} u WHERE u.{pk} = %s"
    )


class CoachAwareBackend(ModelBackend):
    """Django's ModelBackend, whose get_user also answers "is this a coach?" in the same
    query, so a coach's page does not spend a query of its own on it (see is_coach).

    get_user runs on every signed-in request. It is one hand-written query: building the
    equivalent ORM query (an annotated Exists) took longer than a cached page's whole
    response (see bench/). The result is the same User the ORM would load.
    """

    def get_user(self, user_id):
        try:
            pk = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        if isinstance(pk, int) and pk not in BIGINT:
            return None
        found = _loader().load(_user_sql(connection.vendor), (COACHES_GROUP, pk))
        if found is None:
            return None
        user, (coach,) = found
        user.hipcare_is_coach = bool(coach)
        return user if self.user_can_authenticate(user) else None
