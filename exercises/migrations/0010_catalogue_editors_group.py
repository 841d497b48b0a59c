"""The "Catalogue editors" group: staff in it can view, add, change and delete everything in
the exercise catalogue in Django admin (and nothing else)."""

from django.db import migrations

CATALOGUE_EDITORS_GROUP = "Catalogue editors"
CATALOGUE_MODELS = {
    "exercise": "exercise",
    "step": "step",
    "exercisemuscle": "exercise muscle",
    "muscle": "muscle",
    "equipment": "equipment",
    "painlocation": "pain location",
    "source": "source",
}
ACTIONS = ("view", "add", "change", "delete")


def create_catalogue_editors(apps, schema_editor):
    # Permissions are normally created after migrating; on a new database they do not exist
    # yet, so make the ones the group needs here (Django's post_migrate then finds them).
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=CATALOGUE_EDITORS_GROUP)
    for model, verbose_name in CATALOGUE_MODELS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="exercises", model=model)
        for action in ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            group.permissions.add(permission)


def remove_catalogue_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CATALOGUE_EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("exercises", "0009_source_dates_and_step_order"),
    ]

    operations = [migrations.RunPython(create_catalogue_editors, remove_catalogue_editors)]
