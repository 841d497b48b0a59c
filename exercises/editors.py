"""The "Catalogue editors" group: staff in it may view, add, change and delete everything in the
exercise catalogue in Django admin, and nothing else.

`ensure_catalogue_editors(apps)` makes the group and gives it those permissions. It takes an
app registry so that a migration can call it with its historical models; it also runs after
every `migrate` (and after a test database is flushed), so the group is always there."""

CATALOGUE_EDITORS_GROUP = "Catalogue editors"
# Model name -> verbose name (for a permission created before Django's own post_migrate does).
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


def ensure_catalogue_editors(apps) -> None:
    """Create the group if it is missing and make sure it holds every catalogue permission."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=CATALOGUE_EDITORS_GROUP)
    permissions = []
    for model, verbose_name in CATALOGUE_MODELS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="exercises", model=model)
        for action in ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            permissions.append(permission)
    group.permissions.add(*permissions)


def catalogue_editors_after_migrate(sender, apps=None, **kwargs) -> None:
    """post_migrate receiver (connected in ExercisesConfig.ready). A flush sends the signal
    without an app registry: the installed apps are used then."""
    if apps is None:
        from django.apps import apps
    ensure_catalogue_editors(apps)
