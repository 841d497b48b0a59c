"""Sessions go back to Django's own table (django_session, cached_db engine): copy the live
ones from the table the removed hipcare.sessions app kept (hipcare_session), so nobody is
signed out, then drop that table and forget that app's migrations and content type.

The app is gone, so its models cannot be used here: this reads its table, if the database has
it, in plain SQL. A new database never had it and skips all of this. Here and not in an app of
its own because this app is always installed and migrated with the project."""

from datetime import UTC, datetime

from django.db import migrations
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

OLD_TABLE = "hipcare_session"
OLD_APP = "hipcare_sessions"


def _aware(value):
    # SQLite hands back naive datetimes (stored in UTC); PostgreSQL aware ones.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return timezone.make_aware(value, UTC) if timezone.is_naive(value) else value


def sessions_back_to_django(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    Session = apps.get_model("sessions", "Session")
    quote = schema_editor.quote_name
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('session_key')}, {quote('session_data')}, "  # noqa: S608
            f"{quote('expire_date')} FROM {quote(OLD_TABLE)} WHERE {quote('expire_date')} > %s",
            [now],
        )
        rows = cursor.fetchall()
    Session.objects.using(connection.alias).bulk_create(
        [
            Session(session_key=key, session_data=data, expire_date=_aware(expires))
            for key, data, expires in rows
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    schema_editor.execute(f"DROP TABLE {quote(OLD_TABLE)}")
    MigrationRecorder(connection).migration_qs.filter(app=OLD_APP).delete()
    apps.get_model("contenttypes", "ContentType").objects.using(connection.alias).filter(
        app_label=OLD_APP
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0006_routines_move_to_their_app"),
        ("sessions", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sessions_back_to_django, migrations.RunPython.noop)]
