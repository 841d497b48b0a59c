from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class Session(AbstractBaseSession):
    """Django's session row plus the id of the user signed in with it (Django's documented way
    to extend database sessions). The store reads the session and that user's row in one query
    (hipcare/sessions/backend.py); the session data stays the only authority for who is signed
    in, and Django still checks it against the user (the password hash, the active flag).

    Not a foreign key: a row for a deleted user stays as Django's own sessions do, signing in
    as nobody, and saving a session never fails on a user deleted meanwhile.
    """

    user_id = models.BigIntegerField(null=True, db_index=True)

    class Meta(AbstractBaseSession.Meta):
        db_table = "hipcare_session"

    @classmethod
    def get_session_store_class(cls):
        from hipcare.sessions.backend import SessionStore

        return SessionStore
