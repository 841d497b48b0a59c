"""The runner's read-only address, /r/<token>/, outside /routines/ and without a namespace so
links already handed out keep working."""

from django.urls import path

from routines import views

urlpatterns = [
    path("<slug:token>/", views.shared_routine, name="shared_routine"),
]
