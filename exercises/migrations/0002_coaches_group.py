from django.db import migrations

COACHES_GROUP = "Coaches"


def create_coaches_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=COACHES_GROUP)


def remove_coaches_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=COACHES_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("exercises", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_coaches_group, remove_coaches_group)]
