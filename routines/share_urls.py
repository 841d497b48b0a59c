"""The runner's address, /r/<token>/, outside /routines/ and without a namespace so links
already handed out keep working; and the runner's log under it."""

from django.urls import path

from routines import session_views, views

urlpatterns = [
    path("<slug:token>/", views.shared_routine, name="shared_routine"),
    path("<slug:token>/sessions/", session_views.session_create, name="session_create"),
    path("<slug:token>/log/", session_views.session_history, name="session_history"),
    path("<slug:token>/sessions/earlier/", session_views.session_list, name="session_list"),
    path(
        "<slug:token>/sessions/<int:session_pk>/morning/",
        session_views.session_morning,
        name="session_morning",
    ),
    path(
        "<slug:token>/sessions/<int:session_pk>/delete/",
        session_views.session_delete,
        name="session_delete",
    ),
]
