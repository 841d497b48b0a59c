from django import forms
from django.db.models import QuerySet

from exercises.catalogue import CatalogueOptions, catalogue_options
from exercises.models import Exercise
from exercises.search import correction, search, suggestions
from hipcare.text import UserTextField

NO_EQUIPMENT = "none"
ANY = [("", "Any")]
SEARCH_MAX = 100
# A filter value from an old or hand-made link: said plainly, and that filter is left off.
UNKNOWN_CHOICE = {
    "invalid_choice": "HipCare doesn't know the filter value “%(value)s”, so this filter is "
    "off and every match is shown."
}


class CatalogueFilterForm(forms.Form):
    """The catalogue's search and filters, shared by /exercises/ and the routine builder.

    Bound to request.GET; an unknown choice is an invalid field, and the catalogue then shows
    the message beside that field and ignores only that filter.
    """

    q = UserTextField(
        label="Search",
        required=False,
        max_length=SEARCH_MAX,
        help_text="A move, a muscle or where it hurts: clamshells, glutes, outer hip.",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. glute bridges"}),
    )
    kind = forms.ChoiceField(
        label="Type",
        required=False,
        choices=ANY + list(Exercise.Kind.choices),
        error_messages=UNKNOWN_CHOICE,
    )
    location = forms.ChoiceField(
        label="Where it hurts", required=False, error_messages=UNKNOWN_CHOICE
    )
    muscle = forms.ChoiceField(label="Muscle", required=False, error_messages=UNKNOWN_CHOICE)
    equipment = forms.MultipleChoiceField(
        label="What I have",
        required=False,
        error_messages=UNKNOWN_CHOICE,
        help_text="Shows the moves you can do with only what you tick.",
        widget=forms.CheckboxSelectMultiple,
    )
    level = forms.ChoiceField(
        label="Level",
        required=False,
        choices=ANY + list(Exercise.Level.choices),
        error_messages=UNKNOWN_CHOICE,
    )
    position = forms.ChoiceField(
        label="Body position",
        required=False,
        choices=ANY + list(Exercise.Position.choices),
        error_messages=UNKNOWN_CHOICE,
    )

    # The name searched for instead of the query, when the view did so (see `correction`).
    showing_results_for: str | None = None

    #: Whether a search longer than SEARCH_MAX was cut to its first SEARCH_MAX characters.
    search_cut = False

    def __init__(self, *args, options: CatalogueOptions | None = None, **kwargs):
        """`options`: the catalogue's filter options when the caller has them (read with a
        cached page of results, see routines.views._catalogue_page), else read here."""
        super().__init__(*args, **kwargs)
        if len(self.data.get("q") or "") > SEARCH_MAX:
            # A pasted essay searches for its start, and the page says so, rather than the
            # search being dropped without a word and every exercise shown.
            self.data = self.data.copy()
            self.data["q"] = self.data["q"][:SEARCH_MAX]
            self.search_cut = True
        self.options = options = options or catalogue_options()
        self.fields["location"].choices = ANY + list(options.locations)
        self.fields["muscle"].choices = ANY + list(options.muscles)
        self.fields["equipment"].choices = [(NO_EQUIPMENT, "Nothing")] + list(options.equipment)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            field.widget.attrs["class"] = css

    def fields_with_options(self) -> list[dict]:
        """What _filter_fields.html writes out for each field, as plain values in a dict
        (the template finds a dict's keys at once; each of a BoundField's properties costs it a
        failed item lookup first, and `widget_type` a regular expression): `field` (the
        BoundField), its `kind` (its widget_type, or "search" for the search box), `name`, `id`,
        `label`, `help_text`, `errors`, `describedby` (the ids of its help and its error,
        for aria-describedby), `value` and, for a choice field, its `options` as (value, label,
        selected, id), the id the widget's own (id_for_label). Iterating a BoundField builds a
        widget context per option, which made these fields the largest part of the builder's
        full render."""
        rows = []
        for bound in self:
            field, auto_id = bound.field, bound.auto_id
            errors = bound.errors
            help_text = bound.help_text
            described = [f"{auto_id}_helptext"] if help_text else []
            if errors:
                described.append(f"{auto_id}_error")
            row = {
                "field": bound,
                "kind": "search" if bound.name == "q" else bound.widget_type,
                "name": bound.html_name,
                "id": auto_id,
                "label": bound.label,
                "help_text": help_text,
                "errors": errors,
                "describedby": " ".join(described),
                "value": bound.value(),
                "options": None,
            }
            if isinstance(field, forms.ChoiceField):
                value = row["value"]
                if isinstance(field, forms.MultipleChoiceField):
                    chosen = {str(v) for v in (value or [])}
                else:
                    chosen = {"" if value is None else str(value)}
                widget = field.widget
                row["options"] = [
                    (str(key), label, str(key) in chosen, widget.id_for_label(auto_id, str(index)))
                    for index, (key, label) in enumerate(field.choices)
                ]
            rows.append(row)
        return rows

    def active_filters(self) -> dict[str, str]:
        """The valid, non-empty filters, field name to value."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: value for name, value in cleaned.items() if value}

    def suggestions(self) -> list[str]:
        """Searches to offer when the search found nothing (see exercises.search)."""
        query = self.active_filters().get("q", "").strip()
        return suggestions(query) if query else []

    def correction(self) -> str | None:
        """The name to search for instead of the query when it found nothing ("hamstrng" ->
        "Hamstrings"), or None; always None when the request asks for the query exactly as
        typed (`exact=1`, the "Search instead for" link)."""
        if self.data.get("exact"):
            return None
        query = self.active_filters().get("q", "").strip()
        return correction(query) if query else None

    def filter(
        self, queryset: QuerySet[Exercise], *, query: str | None = None
    ) -> QuerySet[Exercise]:
        """The exercises the filters select; `query` searches for it in place of the form's."""
        active = self.active_filters()
        if query := (query or active.get("q", "").strip()):
            queryset = search(queryset, query)
        if kind := active.get("kind"):
            queryset = queryset.filter(kind=kind)
        if level := active.get("level"):
            queryset = queryset.filter(level=level)
        if position := active.get("position"):
            queryset = queryset.filter(position=position)
        # Links are matched with `pk IN (subquery)`, not joins, so no row repeats and the page
        # query can count the whole list with a window function (see CountingPaginator).
        if location := active.get("location"):
            links = Exercise.pain_locations.through.objects.filter(painlocation__slug=location)
            queryset = queryset.filter(pk__in=links.values("exercise_id"))
        if muscle := active.get("muscle"):
            links = Exercise.muscles.through.objects.filter(muscle__slug=muscle)
            queryset = queryset.filter(pk__in=links.values("exercise_id"))
        if have := active.get("equipment"):
            # What I have: leave out every move that needs something not ticked. "Nothing"
            # alone leaves the moves that need no equipment.
            needs_more = Exercise.equipment.through.objects.exclude(equipment__slug__in=have)
            queryset = queryset.exclude(pk__in=needs_more.values("exercise_id"))
        return queryset
