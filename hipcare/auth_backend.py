from collections.abc import Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from django.contrib.auth import get_user as django_get_user
from django.contrib.auth import get_user_model
from django.contrib.auth import middleware as django_auth_middleware
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.functional import SimpleLazyObject

from hipcare.auth import COACHES_GROUP
from hipcare.db import BIGINT, RowLoader


@cache
def _loader() -> RowLoader:
    return RowLoader(get_user_model())


@cache
def user_columns(vendor: str, alias: str) -> str:
    """The user table's columns under `alias`, then whether that user is in the Coaches group:
    what `user_from_row` reads. Takes one parameter, the group's name (COACHES_GROUP)."""
    quote = connection.ops.quote_name
    user = get_user_model()
    pk = quote(user._meta.pk.column)
    # Only quoted table and column names are put in; values are always parameters.
    membership = (
        f"SELECT 1 FROM {quote(user.groups.through._meta.db_table)} m "  # noqa: S608
        f"JOIN {quote(Group._meta.db_table)} g ON g.{quote('id')} = m.{quote('group_id')} "
        f"WHERE m.{quote('user_id')} = {alias}.{pk} AND g.{quote('name')} = %s"
    )
    return f"{_loader().columns(alias)}, EXISTS({membership})"


def user_from_row(row: Sequence):
    """The user from the columns `user_columns` selected (None when they are all null, as from
    an outer join that found nobody), with `hipcare_is_coach` set from the last one."""
    pk_index = _loader().attnames.index(get_user_model()._meta.pk.attname)
    if row[pk_index] is None:
        return None
    user = _loader().build(tuple(row[:-1]))
    user.hipcare_is_coach = bool(row[-1])
    return user


@cache
def _user_sql(vendor: str) -> str:
    """The user and whether they are a coach, by primary key."""
    quote = connection.ops.quote_name
    user = get_user_model()
    return (
        f"SELECT {user_columns(vendor, 'u')} "  # noqa: S608
        f"FROM {quote(user._meta.db_table)} u WHERE u.{quote(user._meta.pk.column)} = %s"
    )


# The session of the request whose user is being loaded (see AuthenticationMiddleware).
_signing_in_with: ContextVar = ContextVar("hipcare_session_being_read", default=None)


class CoachAwareBackend(ModelBackend):
    """Django's ModelBackend, whose get_user also answers "is this a coach?" in the same
    query, so a coach's page does not spend a query of its own on it (see is_coach).

    get_user runs on every signed-in request. When the request's session already read the
    user's row (hipcare/sessions/backend.py reads both in one query), that row is used;
    otherwise it is one hand-written query: building the equivalent ORM query (an annotated
    Exists) took longer than a cached page's whole response (see bench/). Either way the
    result is the same User the ORM would load, and Django goes on to check it against the
    session (auth.get_user: the password hash).
    """

    def get_user(self, user_id):
        try:
            pk = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        if isinstance(pk, int) and pk not in BIGINT:
            return None
        session = _signing_in_with.get()
        read = getattr(session, "user_read_with_session", None)
        if read is not None and read[0] == pk:
            user = read[1]
        else:
            found = _loader().load(_user_sql(connection.vendor), (COACHES_GROUP, pk))
            if found is None:
                return None
            user, (coach,) = found
            user.hipcare_is_coach = bool(coach)
        return user if user is not None and self.user_can_authenticate(user) else None


@contextmanager
def _reading_user_of(session):
    token = _signing_in_with.set(session)
    try:
        yield
    finally:
        _signing_in_with.reset(token)


def get_user(request):
    """Django's auth.get_user, told which session is this request's, so the backend may use
    the user row that session's query read. Only while this call runs: nothing carries over to
    another request or another lookup."""
    if not hasattr(request, "_cached_user"):
        with _reading_user_of(request.session):
            request._cached_user = django_get_user(request)
    return request._cached_user


class AuthenticationMiddleware(django_auth_middleware.AuthenticationMiddleware):
    """Django's, with `request.user` loaded through get_user above."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_user(request))
