"""Routines moved to the routines app. Their tables stay where they are (the routines models
name them with `db_table`), so this only removes the models from this app's state;
routines.0001_initial adds them to its own without touching the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0005_catalogue_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="RoutineItem"),
                migrations.DeleteModel(name="Routine"),
            ],
            database_operations=[],
        ),
    ]
