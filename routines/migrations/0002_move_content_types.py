"""Give the moved models' content types their new app label, so the permissions that hang on
them (and the admin log's entries for routines) stay attached: a coach or group granted
"exercises | routine | Can change routine" keeps that permission as "routines | routine | ...".

A content type for the new label exists already only when migrate ran part of the way and
then created them (post_migrate) before this ran; the old one is then left for
`remove_stale_contenttypes`, since both carry permissions."""

from django.db import migrations

MOVED = ["routine", "routineitem"]


def relabel(apps, schema_editor, *, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    taken = set(
        ContentType.objects.using(db)
        .filter(app_label=new, model__in=MOVED)
        .values_list("model", flat=True)
    )
    ContentType.objects.using(db).filter(
        app_label=old, model__in=[model for model in MOVED if model not in taken]
    ).update(app_label=new)
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    relabel(apps, schema_editor, old="exercises", new="routines")


def backwards(apps, schema_editor):
    relabel(apps, schema_editor, old="routines", new="exercises")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("routines", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
