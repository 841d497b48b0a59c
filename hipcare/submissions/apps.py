from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "hipcare.submissions"
    label = "submissions"
    verbose_name = "Form submissions"
    default_auto_field = "django.db.models.BigAutoField"
