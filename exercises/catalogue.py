"""The catalogue's version number, and the filter options every catalogue page needs.

The version goes up on any change a public page could show: saving or deleting an exercise,
its steps, muscle links, equipment, pain locations or sources, and changing its many-to-many
links. Pages and options are cached under the version, so every worker process sees an edit at
once. It is read at most once per request (CatalogueVersionMiddleware remembers it).
"""

import threading
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import F, Value
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from exercises import editors
from exercises.models import (
    CatalogueVersion,
    Equipment,
    Exercise,
    ExerciseMuscle,
    Muscle,
    PainLocation,
    Source,
    Step,
)

_request = threading.local()

# Staff in this group edit the catalogue in admin (see exercises.editors).
CATALOGUE_EDITORS_GROUP = editors.CATALOGUE_EDITORS_GROUP


def catalogue_version() -> int:
    """The current number (0 if the row is missing, as after a test flushes the tables)."""
    remembered = getattr(_request, "version", None)
    if remembered is not None:
        return remembered
    number = CatalogueVersion.objects.order_by("pk").values_list("number", flat=True).first() or 0
    if getattr(_request, "active", False):
        _request.version = number
    return number


def remember_catalogue_version(number: int) -> None:
    """For a query that read the version along with something else (a cached page's version):
    the rest of the request then needs no query of its own for it."""
    if getattr(_request, "active", False):
        _request.version = number


def bump_catalogue_version() -> None:
    if not CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1):
        CatalogueVersion.objects.update_or_create(pk=1, defaults={"number": 2})
    _request.version = None


class CatalogueVersionMiddleware:
    """Remember the catalogue version for the length of one request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request.active, _request.version = True, None
        try:
            return self.get_response(request)
        finally:
            _request.active, _request.version = False, None


CATALOGUE_MODELS = (Exercise, Step, ExerciseMuscle, Muscle, Equipment, PainLocation, Source)
CATALOGUE_LINKS = (
    Exercise.equipment.through,
    Exercise.pain_locations.through,
    Exercise.sources.through,
    Exercise.harder_versions.through,
)


@receiver(post_save)
@receiver(post_delete)
def _catalogue_row_changed(sender, **kwargs) -> None:
    if sender in CATALOGUE_MODELS:
        bump_catalogue_version()


@receiver(m2m_changed)
def _catalogue_links_changed(sender, action: str, **kwargs) -> None:
    if sender in CATALOGUE_LINKS and action.startswith("post_"):
        bump_catalogue_version()


@dataclass(frozen=True)
class Reference:
    """The small reference tables, by primary key."""

    equipment: dict[int, Equipment]
    locations: dict[int, PainLocation]
    sources: dict[int, Source]


def reference() -> Reference:
    key = f"exercises:reference:{catalogue_version()}"
    found = cache.get(key)
    if found is None:
        found = Reference(
            equipment={row.pk: row for row in Equipment.objects.all()},
            locations={row.pk: row for row in PainLocation.objects.all()},
            sources={row.pk: row for row in Source.objects.all()},
        )
        cache.set(key, found, timeout=60 * 60)
    return found


def sources_by_slug() -> dict[str, Source]:
    return {source.slug: source for source in reference().sources.values()}


@dataclass(frozen=True)
class ExerciseLinks:
    equipment: list[Equipment]
    locations: list[PainLocation]
    sources: list[Source]


def exercise_links(exercise: Exercise) -> ExerciseLinks:
    """An exercise's equipment, pain locations and sources in one query (a UNION over the
    three link tables), filled in from the cached reference rows and in their usual order."""
    links = Exercise.equipment.through.objects.filter(exercise_id=exercise.pk)
    rows = (
        links.annotate(table=Value("equipment"), ref=F("equipment_id"))
        .values_list("table", "ref")
        .union(
            Exercise.pain_locations.through.objects.filter(exercise_id=exercise.pk)
            .annotate(table=Value("location"), ref=F("painlocation_id"))
            .values_list("table", "ref"),
            Exercise.sources.through.objects.filter(exercise_id=exercise.pk)
            .annotate(table=Value("source"), ref=F("source_id"))
            .values_list("table", "ref"),
            all=True,
        )
    )
    ids: dict[str, set[int]] = {"equipment": set(), "location": set(), "source": set()}
    for table, ref in rows:
        ids[table].add(ref)
    ref = reference()
    return ExerciseLinks(
        equipment=[row for pk, row in ref.equipment.items() if pk in ids["equipment"]],
        locations=[row for pk, row in ref.locations.items() if pk in ids["location"]],
        sources=[row for pk, row in ref.sources.items() if pk in ids["source"]],
    )


@dataclass(frozen=True)
class CatalogueOptions:
    muscles: tuple[tuple[str, str], ...]
    equipment: tuple[tuple[str, str], ...]
    locations: tuple[tuple[str, str], ...]


def catalogue_options() -> CatalogueOptions:
    """Muscles, equipment and pain locations for the filters: one query, then cached."""
    key = f"exercises:catalogue-options:{catalogue_version()}"
    options = cache.get(key)
    if options is None:
        rows = (
            Muscle.objects.order_by()
            .annotate(table=Value("muscle"))
            .values_list("table", "slug", "name", "order")
            .union(
                Equipment.objects.order_by()
                .annotate(table=Value("equipment"), order=Value(0))
                .values_list("table", "slug", "name", "order"),
                PainLocation.objects.order_by()
                .annotate(table=Value("location"))
                .values_list("table", "slug", "name", "order"),
                all=True,
            )
        )
        by_table: dict[str, list] = {"muscle": [], "equipment": [], "location": []}
        for table, slug, name, order in rows:
            by_table[table].append((order, name, slug))
        options = CatalogueOptions(
            **{
                field: tuple((slug, name) for _order, name, slug in sorted(by_table[table]))
                for field, table in (
                    ("muscles", "muscle"),
                    ("equipment", "equipment"),
                    ("locations", "location"),
                )
            }
        )
        cache.set(key, options, timeout=60 * 60)
    return options


@dataclass(frozen=True)
class Versions:
    """Each exercise's published easier and harder versions (Exercise rows, by name), by
    exercise id; an exercise with none is missing from the dict."""

    easier: dict[int, list[Exercise]]
    harder: dict[int, list[Exercise]]


def exercise_versions() -> Versions:
    """The easier/harder links of the whole catalogue, for the builder's swap buttons and the
    follow-up's next steps: one query of the links with both ends joined, then cached under
    the catalogue version (a link, or publishing an exercise, makes a new version)."""
    key = f"exercises:versions:{catalogue_version()}"
    found = cache.get(key)
    if found is None:
        easier: dict[int, list[Exercise]] = {}
        harder: dict[int, list[Exercise]] = {}
        # Only what the swap buttons, the next steps and the exercise page show of each version
        # (its name and address): the cached entry is read on every full render of the builder,
        # and whole exercises made it ten times the size (and its unpickling ~0.3 ms).
        shown = ("name", "slug", "published")
        links = Exercise.harder_versions.through.objects.select_related(
            "from_exercise", "to_exercise"
        ).only(*(f"{end}__{name}" for end in ("from_exercise", "to_exercise") for name in shown))
        for link in links:
            # from_exercise's harder version is to_exercise.
            if link.to_exercise.published:
                harder.setdefault(link.from_exercise_id, []).append(link.to_exercise)
            if link.from_exercise.published:
                easier.setdefault(link.to_exercise_id, []).append(link.from_exercise)
        for versions in (*easier.values(), *harder.values()):
            versions.sort(key=lambda exercise: exercise.name)
        found = Versions(easier=easier, harder=harder)
        cache.set(key, found, timeout=60 * 60)
    return found
