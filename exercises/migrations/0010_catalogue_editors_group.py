"""The "Catalogue editors" group, with permission to view, add, change and delete everything in
the exercise catalogue (see exercises.editors)."""

from django.db import migrations

from exercises.editors import CATALOGUE_EDITORS_GROUP, ensure_catalogue_editors


def create_catalogue_editors(apps, schema_editor):
    # Permissions are normally created after migrating; on a new database they do not exist
    # yet, so the ones the group needs are made here (Django's post_migrate then finds them).
    ensure_catalogue_editors(apps)


def remove_catalogue_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CATALOGUE_EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("exercises", "0009_source_dates_and_step_order"),
    ]

    operations = [migrations.RunPython(create_catalogue_editors, remove_catalogue_editors)]
