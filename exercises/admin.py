import json

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from exercises import figures
from exercises.catalogue import bump_catalogue_version
from exercises.models import (
    Equipment,
    Exercise,
    ExerciseMuscle,
    Muscle,
    PainLocation,
    Source,
    Step,
)


class StepInline(admin.TabularInline):
    model = Step
    extra = 1
    ordering = ["position"]


class ExerciseMuscleInline(admin.TabularInline):
    model = ExerciseMuscle
    extra = 1
    autocomplete_fields = ["muscle"]


class FigureField(forms.JSONField):
    """The figure as indented JSON, one setting per line, so a pose can be read and edited."""

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False)


class ExerciseAdminForm(forms.ModelForm):
    class Meta:
        model = Exercise
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown
        field_classes = {"figure": FigureField}
        widgets = {"figure": forms.Textarea(attrs={"rows": 20, "cols": 70, "spellcheck": "false"})}


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    form = ExerciseAdminForm
    list_display = ["name", "kind", "level", "position", "published"]
    list_filter = [
        "published",
        "kind",
        "level",
        "position",
        "muscles",
        "equipment",
        "pain_locations",
        "sources",
    ]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["equipment", "pain_locations", "sources", "harder_versions"]
    inlines = [StepInline, ExerciseMuscleInline]
    actions = ["publish", "unpublish"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["name", "slug", "aliases", "kind", "level", "published"]}),
        ("What it is for", {"fields": ["purpose", "why", "cues"]}),
        ("How it is done", {"fields": ["position", "unilateral", "loadable", "equipment"]}),
        (
            "Dose, as the articles give it",
            {
                "fields": [
                    ("sets_min", "sets_max"),
                    ("reps_min", "reps_max"),
                    ("hold_seconds_min", "hold_seconds_max"),
                    ("frequency_min", "frequency_max", "frequency_period"),
                    "dosing_note",
                ]
            },
        ),
        ("Who it suits, and where it comes from", {"fields": ["pain_locations", "sources"]}),
        ("Variations", {"classes": ["collapse"], "fields": ["harder_versions"]}),
        ("Pictures", {"classes": ["collapse"], "fields": ["figure", "figure_preview"]}),
    ]
    readonly_fields = ["figure_preview"]

    @admin.display(description="Preview (as saved)")
    def figure_preview(self, exercise):
        if not exercise.figure:
            return "No pictures yet."
        try:
            start, end = (exercise.figure_svg(which, size="240px") for which in ("start", "end"))
        except figures.FigureError as error:
            return f"Cannot draw the saved pictures: {error}"
        return format_html("{} {}", mark_safe(start), mark_safe(end))  # noqa: S308 - our SVG

    def get_search_results(self, request, queryset, search_term):
        # Aliases are one per line; a plain icontains over the field finds any of them.
        if search_term:
            return queryset.filter(
                Q(name__icontains=search_term) | Q(aliases__icontains=search_term)
            ), False
        return queryset, False

    @admin.action(description="Publish the selected exercises")
    def publish(self, request, queryset):
        count = queryset.update(published=True)
        bump_catalogue_version()  # update() sends no signals
        self.message_user(request, f"Published {count} exercise(s).", messages.SUCCESS)

    @admin.action(description="Unpublish the selected exercises (hide them from public pages)")
    def unpublish(self, request, queryset):
        count = queryset.update(published=False)
        bump_catalogue_version()
        self.message_user(request, f"Unpublished {count} exercise(s).", messages.SUCCESS)


@admin.register(Muscle)
class MuscleAdmin(admin.ModelAdmin):
    list_display = ["name", "view", "order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PainLocation)
class PainLocationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "kind"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher"]
    prepopulated_fields = {"slug": ["title"]}
