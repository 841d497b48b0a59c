from django.urls import path

from triage import views

app_name = "triage"
urlpatterns = [
    path("", views.triage_form, name="form"),
    path("rules/", views.rule_list, name="rules"),
    path("emergency-calls/", views.emergency_call_lines, name="emergency_calls"),
]
