from django.contrib import admin

from hipcare.text import UserTextAdminMixin
from routines.models import Routine, RoutineItem


class RoutineItemInline(UserTextAdminMixin, admin.TabularInline):
    """Shown, not edited: adding, removing and reordering go through routines.services in the
    builder, which keeps positions 1..n."""

    model = RoutineItem
    extra = 0
    ordering = ["position"]
    fields = ["position", "exercise", "dose_line", "load_note", "coach_note"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Routine)
class RoutineAdmin(UserTextAdminMixin, admin.ModelAdmin):
    """For support: coaches build routines in /routines/; here staff can fix the details."""

    list_display = ["title", "owner", "for_whom", "level", "archived", "created", "updated"]
    list_filter = ["level", "archived"]
    search_fields = ["title", "for_whom", "owner__username"]
    list_select_related = ["owner"]
    readonly_fields = ["share_token", "created", "updated"]
    raw_id_fields = ["owner"]
    inlines = [RoutineItemInline]
    fieldsets = [
        (None, {"fields": ["title", "owner", "for_whom", "level", "notes", "archived"]}),
        (
            "Sharing and history",
            {"classes": ["collapse"], "fields": ["share_token", "created", "updated"]},
        ),
    ]
