"""Database sessions, read with one hand-written query that also reads the user's row.

Every signed-in request loads its session and then its user. Django's database store builds
an ORM query for the session each time, which cost more than reading a cached page, and the
user is a second query. This store reads the session row with the same condition as Django's
(the key, not yet expired) in plain SQL, joined to the user it was saved for
(`Session.user_id`) and whether they are a coach; the auth backend then uses that row instead
of querying again (hipcare/auth_backend.py). Writing, expiry and everything else is Django's
own `SessionStore`.
"""

import copy
from functools import cache, lru_cache

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends import db
from django.db import connection
from django.utils import timezone

from hipcare.auth import COACHES_GROUP
from hipcare.auth_backend import user_columns, user_from_row
from hipcare.db import BIGINT, fetch_one


@cache
def _session_sql(vendor: str) -> str:
    from hipcare.sessions.models import Session

    quote = connection.ops.quote_name
    user = get_user_model()
    # Only quoted table and column names are put in; values are always parameters.
    return (
        f"SELECT s.{quote('session_data')}, {user_columns(vendor, 'u')} "  # noqa: S608
        f"FROM {quote(Session._meta.db_table)} s "
        f"LEFT JOIN {quote(user._meta.db_table)} u "
        f"ON u.{quote(user._meta.pk.column)} = s.{quote('user_id')} "
        f"WHERE s.{quote('session_key')} = %s AND s.{quote('expire_date')} > %s"
    )


def user_id_of(data: dict) -> int | None:
    """The signed-in user's id in session data, as the Session row's user_id, or None."""
    try:
        pk = int(data.get(SESSION_KEY))
    except (TypeError, ValueError):
        return None
    return pk if pk in BIGINT else None


@lru_cache(maxsize=1024)
def _decoded(session_data: str, store_class: type) -> dict:
    return db.SessionStore.decode(store_class(), session_data)


class SessionStore(db.SessionStore):
    # (user id, User or None) read along with the session; None until a session row is read.
    user_read_with_session: tuple | None = None

    @classmethod
    def get_model_class(cls):
        from hipcare.sessions.models import Session

        return Session

    def decode(self, session_data):
        """Django's decode, remembered for the exact string read: checking its signature cost
        as much as the query that read it, and a signed-in browser sends the same session on
        every request. Keyed by the whole signed string, so any change to it (new data, another
        signature) is decoded and checked afresh; an unreadable string decodes to an empty
        session, as Django's does (its warning is logged the first time). Each caller gets its
        own copy to change."""
        return copy.deepcopy(_decoded(session_data, type(self)))

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = user_id_of(data)
        return session

    def _get_session_from_db(self):
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        row = fetch_one(_session_sql(connection.vendor), (COACHES_GROUP, self.session_key, now))
        if row is None:
            self._session_key = None
            return None
        user = user_from_row(row[1:])
        self.user_read_with_session = (user.pk if user else None, user)
        # expire_date is not read by load(); the row is only a carrier for session_data.
        return self.model(session_key=self.session_key, session_data=row[0])
