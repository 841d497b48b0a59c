from django.urls import path

from exercises import routine_views

app_name = "routines"
urlpatterns = [
    path("", routine_views.routine_list, name="list"),
]
