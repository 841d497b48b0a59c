import json

from adminsortable2.admin import CustomInlineFormSet, SortableAdminBase, SortableTabularInline
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from exercises import figures
from exercises.catalogue import bump_catalogue_version
from exercises.models import (
    PUBLISHING_NEEDS,
    Equipment,
    Exercise,
    ExerciseMuscle,
    Muscle,
    PainLocation,
    Source,
    Step,
    cautioned,
)
from exercises.search import search
from hipcare.text import UserTextAdminMixin, user_text_formfield


class StepForm(forms.ModelForm):
    class Meta:
        formfield_callback = user_text_formfield
        model = Step
        fields = ["text"]
        formfield_callback = user_text_formfield
        # One line of instruction, so a short box rather than a tall one. A row of the
        # steps' table has no label of its own (the column's heading is Django's): named here.
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 90, "aria-label": "Step"})}


class PublishedNeedsRows:
    """A formset mixin for an inline whose rows a published exercise cannot do without
    (PUBLISHING_NEEDS[need]): Django's custom formset validation (clean()), on the rows that
    will be there once saved: those sent and not marked for deletion, and any saved row the
    form did not send. The formset's instance is the exercise as the main form left it, its
    Published box included; a draft may have none."""

    need = ""
    row_name = ""  # what a row is, for its Delete box's name ("step")

    def add_fields(self, form, index):
        """Each saved row's Delete box named (Django's table draws it with no label)."""
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = f"Delete this {self.row_name}"

    def has_enough(self, kept: list[dict], unsent) -> bool:
        """kept: the cleaned data of the rows sent and kept; unsent: a queryset of the saved
        rows not sent."""
        raise NotImplementedError

    def clean(self):
        super().clean()
        if any(self.errors) or not self.instance.published:
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        sent = [form.instance.pk for form in self.forms if form.instance.pk]
        if not self.has_enough(kept, self.get_queryset().exclude(pk__in=sent)):
            raise forms.ValidationError(
                PUBLISHING_NEEDS[self.need], code=f"publish_needs_{self.need}"
            )


class StepFormSet(PublishedNeedsRows, CustomInlineFormSet):
    need = "steps"
    row_name = "step"

    def has_enough(self, kept: list[dict], unsent) -> bool:
        return (
            any((row.get("text") or "").strip() for row in kept)
            or unsent.exclude(text="").exists()
        )


class ExerciseMuscleFormSet(PublishedNeedsRows, forms.BaseInlineFormSet):
    need = "muscles"
    row_name = "muscle"

    def has_enough(self, kept: list[dict], unsent) -> bool:
        primary = ExerciseMuscle.Role.PRIMARY
        return (
            any(row.get("muscle") and row.get("role") == primary for row in kept)
            or unsent.filter(role=primary).exists()
        )


class StepInline(UserTextAdminMixin, SortableTabularInline):
    """Steps in order: drag a row by its handle to move it (django-admin-sortable2 renumbers
    the hidden positions); a new step goes to the end."""

    model = Step
    form = StepForm
    formset = StepFormSet
    extra = 1
    ordering = ["position"]


class ExerciseMuscleForm(forms.ModelForm):
    class Meta:
        model = ExerciseMuscle
        fields = ["muscle", "role"]
        # Each row's boxes named (a table row has no labels; its headings are Django's). The
        # muscle is a plain drop-down, not autocomplete_fields' select2: the taxonomy is a dozen
        # muscles, and select2's box had no accessible name (axe: aria-input-field-name).
        widgets = {
            "muscle": forms.Select(attrs={"aria-label": "Muscle"}),
            "role": forms.Select(attrs={"aria-label": "Role"}),
        }


class ExerciseMuscleInline(UserTextAdminMixin, admin.TabularInline):
    model = ExerciseMuscle
    form = ExerciseMuscleForm
    formset = ExerciseMuscleFormSet
    extra = 1


class FigureField(forms.JSONField):
    """The figure as indented JSON, one setting per line, so a pose can be read and edited."""

    def to_python(self, value):
        """An emptied box is no figure ({}, as the field's default), not JSON null: the column
        takes no NULL, and an emptied box saved a draft as a server error."""
        if value in self.empty_values:
            return {}
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False)


class ExerciseAdminForm(forms.ModelForm):
    class Meta:
        formfield_callback = user_text_formfield
        model = Exercise
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown
        field_classes = {"figure": FigureField}
        widgets = {
            "figure": forms.Textarea(
                attrs={
                    "rows": 20,
                    "cols": 70,
                    "spellcheck": "false",
                    "aria-describedby": "figure-preview-messages",
                }
            ),
            "aliases": forms.Textarea(attrs={"rows": 3, "cols": 60}),
            "article_headings": forms.Textarea(attrs={"rows": 3, "cols": 60}),
            # A few options each (7 pieces of equipment, 3 places of pain): boxes to tick, in
            # place of filter_horizontal's two lists, whose search icons carry an aria-label
            # on a span (Django's markup; axe: aria-prohibited-attr).
            "equipment": forms.CheckboxSelectMultiple,
            "pain_locations": forms.CheckboxSelectMultiple,
        }

    def clean(self):
        """A published exercise names the pain it suits and its sources (its pictures: the
        model's clean; its steps and muscles: their inlines' formsets)."""
        cleaned = super().clean()
        if cleaned.get("published"):
            for need in ("pain_locations", "sources"):
                if need == "pain_locations" and cautioned(
                    cleaned.get("slug", ""), cleaned.get("position", "")
                ):
                    continue  # its page says which pain it is not for
                if need in self.fields and not cleaned.get(need) and need not in self.errors:
                    self.add_error(need, forms.ValidationError(
                        PUBLISHING_NEEDS[need], code=f"publish_needs_{need}"
                    ))
        return cleaned


def figure_preview_context(text: str) -> dict:
    """The start and end drawings of a figure typed into admin, or what is wrong with it.

    text: the figure's JSON as typed. Returns {"start": svg, "end": svg} or {"errors": [...]},
    each error a sentence saying where the problem is and what to change."""
    if not text.strip():
        return {"errors": [], "empty": True}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return {
            "errors": [f"Line {error.lineno}, column {error.colno}: {error.msg}. Check the commas, "
                       "quotes and brackets near there."]
        }
    try:
        figures.check(data)
        drawings = {which: figures.render(data, which, size="240px") for which in ("start", "end")}
    except figures.FigureError as error:
        return {"errors": [str(error)]}
    # Our renderer's SVG, built from numbers with the descriptions escaped.
    return {which: mark_safe(svg) for which, svg in drawings.items()}  # noqa: S308


@admin.register(Exercise)
class ExerciseAdmin(UserTextAdminMixin, SortableAdminBase, admin.ModelAdmin):
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
    search_fields = ["name", "aliases", "article_headings"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sources", "harder_versions"]
    inlines = [StepInline, ExerciseMuscleInline]
    actions = ["publish", "unpublish"]
    save_on_top = True
    fieldsets = [
        (
            None,
            {
                "fields": [
                    *("name", "slug", "aliases", "article_headings"),
                    *("kind", "level", "published"),
                ]
            },
        ),
        ("What it is for", {"fields": ["purpose", "why", "cues"]}),
        (
            "How it is done",
            {"fields": ["position", "unilateral", "loadable", "reps_or_hold", "equipment"]},
        ),
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

    class Media:
        js = ["exercises/admin/figure-preview.js"]
        css = {"all": ["exercises/admin/exercise-admin.css"]}

    @admin.display(description="Preview")
    def figure_preview(self, exercise):
        """The pictures as saved; the script redraws them from the box above as it changes."""
        text = FigureField().prepare_value(exercise.figure) if exercise and exercise.figure else ""
        return render_to_string(
            "admin/exercises/exercise/figure_preview.html",
            {
                **figure_preview_context(text),
                "url": reverse("admin:exercises_exercise_figure_preview"),
                "live": True,
            },
        )

    def get_urls(self):
        preview = self.admin_site.admin_view(self.figure_preview_view)
        return [
            path("figure-preview/", preview, name="exercises_exercise_figure_preview"),
            *super().get_urls(),
        ]

    def figure_preview_view(self, request: HttpRequest) -> HttpResponse:
        """GET ?figure=<JSON as typed>: the preview's drawings or messages, nothing saved.
        For staff who may add or change exercises."""
        return _figure_preview(request, self)

    def get_search_results(self, request, queryset, search_term):
        # The catalogue's own search: word forms, aliases, headings, muscles and areas.
        if search_term:
            return search(queryset, search_term), False
        return queryset, False

    @admin.action(description="Publish the selected exercises")
    def publish(self, request, queryset):
        """Publish those that have everything a runner needs (PUBLISHING_NEEDS); say what
        each of the others lacks, and leave it as it was."""
        ready, lacking = [], []
        for exercise in queryset.filter(published=False):
            missing = exercise.missing_for_publishing()
            (lacking if missing else ready).append((exercise, missing))
        count = queryset.filter(pk__in=[exercise.pk for exercise, _ in ready]).update(
            published=True
        )
        bump_catalogue_version()  # update() sends no signals
        self.message_user(request, f"Published {count} exercise(s).", messages.SUCCESS)
        for exercise, missing in lacking:
            self.message_user(
                request,
                f"Not published: {exercise.name}. " + " ".join(missing),
                messages.ERROR,
            )

    @admin.action(description="Unpublish the selected exercises (hide them from public pages)")
    def unpublish(self, request, queryset):
        count = queryset.update(published=False)
        bump_catalogue_version()
        self.message_user(request, f"Unpublished {count} exercise(s).", messages.SUCCESS)


MAX_PREVIEW_LENGTH = 20_000


@require_GET
def _figure_preview(request: HttpRequest, model_admin: ExerciseAdmin) -> HttpResponse:
    if not (
        model_admin.has_change_permission(request) or model_admin.has_add_permission(request)
    ):
        raise PermissionDenied
    text = request.GET.get("figure", "")
    if len(text) > MAX_PREVIEW_LENGTH:
        context = {"errors": [f"The figure is over {MAX_PREVIEW_LENGTH:,} characters."]}
    else:
        context = figure_preview_context(text)
    # admin_view marks the answer never to be cached.
    return HttpResponse(render_to_string("admin/exercises/exercise/figure_preview.html", context))


@admin.register(Muscle)
class MuscleAdmin(UserTextAdminMixin, admin.ModelAdmin):
    list_display = ["name", "view", "order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Equipment)
class EquipmentAdmin(UserTextAdminMixin, admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PainLocation)
class PainLocationAdmin(UserTextAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]


@admin.register(Source)
class SourceAdmin(UserTextAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "url"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher", "date"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "publisher", "date", "kind", "url", "slug"]
