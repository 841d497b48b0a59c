"""Copy the sessions Django's own table holds, so nobody is signed out by the move to
hipcare_session. Each gets the user id its data names."""

from django.db import migrations
from django.utils import timezone


def copy_sessions(apps, schema_editor):
    # Django's store decodes ours too: the same serializer and salt (the class is SessionStore).
    from django.contrib.sessions.backends.db import SessionStore

    django_session = apps.get_model("sessions", "Session")
    hipcare_session = apps.get_model("hipcare_sessions", "Session")
    store = SessionStore()
    batch = []
    for old in django_session.objects.filter(expire_date__gt=timezone.now()).iterator():
        try:
            user_id = int(store.decode(old.session_data).get("_auth_user_id"))
        except (TypeError, ValueError):
            user_id = None
        batch.append(
            hipcare_session(
                session_key=old.session_key,
                session_data=old.session_data,
                expire_date=old.expire_date,
                user_id=user_id if user_id is not None and abs(user_id) < 2**63 else None,
            )
        )
    hipcare_session.objects.bulk_create(batch, batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("hipcare_sessions", "0001_session"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_sessions, migrations.RunPython.noop, elidable=True)]
