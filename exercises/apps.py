from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exercises"
    verbose_name = "Exercise catalogue"

    def ready(self) -> None:
        # Connect the signals that bump the catalogue version, for every process that loads
        # the app (the web server, loaddata, the shell), not only the ones that import views.
        from django.db.models.signals import post_migrate

        from exercises import catalogue  # noqa: F401
        from exercises.editors import catalogue_editors_after_migrate

        # The editors' group survives a flush (tests, restore_data) as it does a new database.
        post_migrate.connect(catalogue_editors_after_migrate, sender=self)
