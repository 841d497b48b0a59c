from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exercises"
    verbose_name = "Exercise catalogue"

    def ready(self) -> None:
        # Connect the signals that bump the catalogue version, for every process that loads
        # the app (the web server, loaddata, the shell), not only the ones that import views.
        from exercises import catalogue  # noqa: F401
