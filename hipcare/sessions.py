"""Database sessions, read with one hand-written query.

Every signed-in request loads its session. Django's database store builds an ORM query for it
each time, which cost more than reading a cached page; this store reads the same row with the
same condition (the key, not yet expired) in plain SQL. Writing, expiry and everything else is
Django's own `SessionStore`.
"""

from django.contrib.sessions.backends import db
from django.db import connection
from django.utils import timezone

from hipcare.db import fetch_one


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        quote = connection.ops.quote_name
        # Only quoted table and column names are put in; values are always parameters.
        sql = (
            f"SELECT {quote('session_data')}, {quote('expire_date')} "  # noqa: S608
            f"FROM {quote(model._meta.db_table)} "
            f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        row = fetch_one(sql, (self.session_key, now))
        if row is None:
            self._session_key = None
            return None
        # expire_date is not read by load(); the row is only a carrier for session_data.
        return model(session_key=self.session_key, session_data=row[0])
