from django.contrib import admin
from django.urls import include, path

from exercises.routine_views import shared_routine
from hipcare import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("exercises/", include("exercises.urls")),
    path("routines/", include("exercises.routine_urls")),
    path("r/<slug:token>/", shared_routine, name="shared_routine"),
    path("triage/", include("triage.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
