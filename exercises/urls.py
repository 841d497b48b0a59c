from django.urls import path, re_path

from exercises import views

app_name = "exercises"
urlpatterns = [
    path("", views.exercise_list, name="list"),
    path("<slug:slug>/", views.exercise_detail, name="detail"),
    re_path(
        r"^(?P<slug>[-a-zA-Z0-9_]+)/figure-(?P<which>start|end)\.svg$",
        views.exercise_figure,
        name="figure",
    ),
]
