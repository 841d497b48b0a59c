from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "hipcare.sessions"
    label = "hipcare_sessions"  # "sessions" is django.contrib.sessions'
    verbose_name = "Sessions"
    default_auto_field = "django.db.models.BigAutoField"
