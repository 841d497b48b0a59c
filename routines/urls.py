from django.urls import path

from routines import session_views, views

app_name = "routines"
urlpatterns = [
    path("", views.routine_list, name="list"),
    path("new/", views.routine_new, name="new"),
    path("add/", views.routine_add_from_catalogue, name="add_from_catalogue"),
    path("<int:pk>/", views.routine_builder, name="builder"),
    path("<int:pk>/edit/", views.routine_edit, name="edit"),
    path("<int:pk>/items/", views.routine_item_add, name="add_item"),
    path("<int:pk>/items/<int:item_pk>/", views.routine_item_edit, name="edit_item"),
    path("<int:pk>/items/<int:item_pk>/dose/", views.routine_item_dose, name="dose_item"),
    path("<int:pk>/items/<int:item_pk>/delete/", views.routine_item_delete, name="delete_item"),
    path("<int:pk>/items/<int:item_pk>/move/", views.routine_item_move, name="move_item"),
    path("<int:pk>/items/place/", views.routine_item_place, name="place_item"),
    path("<int:pk>/items/<int:item_pk>/swap/", views.routine_item_swap, name="swap_item"),
    path("<int:pk>/order/", views.routine_reorder, name="reorder"),
    path("<int:pk>/undo/", views.routine_undo, name="undo"),
    path("<int:pk>/preset/", views.routine_preset, name="preset"),
    path("<int:pk>/print/", views.routine_print, name="print"),
    path("<int:pk>/pdf/", views.routine_pdf, name="pdf"),
    path("<int:pk>/duplicate/", views.routine_duplicate, name="duplicate"),
    path("<int:pk>/archive/", views.routine_archive, name="archive"),
    path("<int:pk>/share/", views.routine_share, name="share"),
    path("<int:pk>/log.csv", session_views.session_log_csv, name="session_log_csv"),
    path(
        "<int:pk>/sessions/<int:session_pk>/seen/",
        session_views.session_seen,
        name="session_seen",
    ),
    path(
        "<int:pk>/deleted-entries/<int:notice_pk>/seen/",
        session_views.deleted_entry_seen,
        name="deleted_entry_seen",
    ),
    path(
        "<int:pk>/items/<int:item_pk>/progress/",
        views.routine_item_progress,
        name="progress_item",
    ),
]
