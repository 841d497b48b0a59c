from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from exercises import figures
from exercises.catalogue import (
    ExerciseLinks,
    catalogue_version,
    exercise_links,
    exercise_versions,
)
from exercises.dosing import ONE_SIDE_WORDS, PAINFUL_SIDE_QUERY, StepText, steps_for_one_side
from exercises.forms import CatalogueFilterForm
from exercises.models import Exercise, ExerciseMuscle, Source
from exercises.templatetags.exercise_figures import figure_images
from hipcare.auth import is_coach
from hipcare.conditional import conditional_page, page_etag
from hipcare.db import JoinedText
from hipcare.http import HtmxHttpRequest
from hipcare.pagination import CountingPaginator
from triage.starter import CAUTIONS, MoveCaution, cautions_for

PAGE_SIZE = 20

# The cards' labels by stored value: get_kind_display() and the like build the field's choices
# into a dict again on every call (three a card).
KIND_LABELS = dict(Exercise.Kind.choices)
LEVEL_LABELS = dict(Exercise.Level.choices)
POSITION_LABELS = dict(Exercise.Position.choices)


def catalogue_page(request, *, page_size: int = PAGE_SIZE):
    """Filter form and the page of exercises it selects; the builder shows the same.

    A search that finds nothing but is one slip away from a name ("hamstrng") shows that
    name's results instead, and the form's `showing_results_for` says which (see
    CatalogueFilterForm.correction); it costs a query only when the first found nothing.
    Each exercise on the page carries its card's `thumbnail` (a FigureImage, or None), its
    `url` and the labels of its kind, level and position (`kind_label`...)."""
    form = CatalogueFilterForm(request.GET)
    published = Exercise.objects.published()
    # Filtered by where it hurts: each card says the checker's caution for that pain, if any.
    location = form.active_filters().get("location", "")
    cautioned = location in CAUTION_LOCATIONS
    page = CountingPaginator(
        _cards(form.filter(published), equipment_slugs=cautioned), page_size
    ).get_page(request.GET.get("page"))
    if not page.paginator.count and (corrected := form.correction()):
        page = CountingPaginator(
            _cards(form.filter(published, query=corrected), equipment_slugs=cautioned), page_size
        ).get_page(request.GET.get("page"))
        form.showing_results_for = corrected
    # Each card's thumbnail, read from the cache for the whole page at once.
    thumbnails = figure_images(page.object_list, "end", small=True)
    for exercise in page.object_list:
        exercise.thumbnail = thumbnails.get(exercise.pk)
        # Plain attributes: a method called from the template costs each card more.
        exercise.url = exercise.get_absolute_url()
        exercise.kind_label = KIND_LABELS.get(exercise.kind, exercise.kind)
        exercise.level_label = LEVEL_LABELS.get(exercise.level, exercise.level)
        exercise.position_label = POSITION_LABELS.get(exercise.position, exercise.position)
        exercise.cautions = _cautions_at(exercise, location) if cautioned else ()
    return form, page


#: The pain locations some move has a caution for (triage.starter.CAUTIONS).
CAUTION_LOCATIONS = frozenset(caution.location.value for caution in CAUTIONS)


def _cautions_at(exercise: Exercise, location: str) -> tuple[MoveCaution, ...]:
    """The symptom checker's cautions for a card's move with pain at `location` (the
    catalogue's filter), read from its tags as its page reads them (`equipment_slugs_joined`:
    step work counts as holding the weight on one leg)."""
    equipment = (exercise.equipment_slugs_joined or "").split("|")
    found = cautions_for(
        exercise.slug,
        exercise.position,
        unilateral=exercise.unilateral,
        kind=exercise.kind,
        equipment=[slug for slug in equipment if slug],
    )
    return tuple(caution for caution in found if caution.location == location)


def _joined_equipment(field: str) -> Subquery:
    return Subquery(
        Exercise.equipment.through.objects.filter(exercise_id=OuterRef("pk"))
        .values("exercise_id")
        .annotate(joined=JoinedText(f"equipment__{field}"))
        .values("joined")
    )


def _cards(exercises, *, equipment_slugs: bool = False):
    """The exercises with only what their catalogue cards show; with `equipment_slugs`, their
    equipment's slugs too (`equipment_slugs_joined`), which a card's caution reads."""
    exercises = exercises.only(
        "name", "slug", "kind", "level", "position", "purpose", "unilateral", "figure"
    )
    # The cards' equipment names (and slugs) come with each row, not from a query of their own.
    if equipment_slugs:
        exercises = exercises.annotate(equipment_slugs_joined=_joined_equipment("slug"))
    return exercises.annotate(equipment_joined=_joined_equipment("name"))


def _catalogue_etag(request: HtmxHttpRequest) -> str | None:
    # The query string (filters, page) and htmx's headers (the partial) are in every page_etag.
    return page_etag(request, "catalogue", catalogue_version())


@require_GET
@conditional_page(_catalogue_etag)
def exercise_list(request: HtmxHttpRequest) -> HttpResponse:
    # Lazy: the filter form and the page of results are read only when the page's cached
    # fragment is missing.
    found = SimpleLazyObject(lambda: catalogue_page(request))
    template = "exercises/exercise_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    context = {
        "form": SimpleLazyObject(lambda: found[0]),
        "page": SimpleLazyObject(lambda: found[1]),
        "catalogue_version": catalogue_version(),
    }
    return render(request, template, context)


@dataclass(frozen=True)
class ExercisePage:
    """Everything an exercise's page shows from the catalogue."""

    exercise: Exercise  # with its steps and muscle links prefetched
    links: ExerciseLinks
    easier: list[Exercise]
    harder: list[Exercise]
    #: What the symptom checker says of the move with pain somewhere (triage.starter), each
    #: with its sources' (title, publisher).
    cautions: tuple[tuple[MoveCaution, tuple[tuple[str, str], ...]], ...] = ()


def _cautions(exercise: Exercise, links: ExerciseLinks) -> tuple:
    found = cautions_for(
        exercise.slug,
        exercise.position,
        unilateral=exercise.unilateral,
        kind=exercise.kind,
        equipment=[item.slug for item in links.equipment],
    )
    if not found:
        return ()
    slugs = {slug for caution in found for slug in caution.sources}
    names = dict(
        (source.slug, (source.title, source.publisher))
        for source in Source.objects.filter(slug__in=slugs).only("slug", "title", "publisher")
    )
    return tuple(
        (caution, tuple(names[slug] for slug in caution.sources if slug in names))
        for caution in found
    )


def exercise_page(slug: str) -> ExercisePage:
    """The published exercise with everything its page shows (steps, muscles, equipment, pain
    locations, sources, easier and harder versions), kept in the cache as one entry under the
    catalogue version (any catalogue edit makes a new one): a full render reads that one entry
    (with Redis each read is a round trip) and no query but the version's.
    404 when no published exercise has the slug."""
    # Not "exercises:page:", where an earlier release kept the Exercise alone: processes of both
    # may share a Redis cache during a deploy, and each must read only what it wrote.
    key = f"exercises:exercise-page:{catalogue_version()}:{slug}"
    page = cache.get(key)
    if page is None:
        exercise = get_object_or_404(
            Exercise.objects.published().prefetch_related(
                "steps", Prefetch("muscle_links", ExerciseMuscle.objects.select_related("muscle"))
            ),
            slug=slug,
        )
        versions = exercise_versions()
        links = exercise_links(exercise)
        page = ExercisePage(
            exercise=exercise,
            links=links,
            easier=versions.easier.get(exercise.pk, []),
            harder=versions.harder.get(exercise.pk, []),
            cautions=_cautions(exercise, links),
        )
        cache.set(key, page, timeout=60 * 60)
    return page


def _exercise_etag(request: HtmxHttpRequest, slug: str) -> str | None:
    if is_coach(request.user):
        return None  # the page has "Add to a routine", whose form holds a one-time key
    # No read of the exercise here: an unknown slug's 404 is raised by the view, and carries
    # no ETag, and publishing, unpublishing or deleting an exercise makes a new version.
    return page_etag(request, "exercise", catalogue_version())


@require_GET
@conditional_page(_exercise_etag)
def exercise_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    page = exercise_page(slug)
    context = {
        "catalogue_version": catalogue_version(),
        "exercise": page.exercise,
        "links": page.links,
        "easier": page.easier,
        "harder": page.harder,
        "cautions": page.cautions,
        # Each pain it suits with the caution the move has for that pain, if any: the page
        # never says it suits a pain without the caveat beside it.
        "suits": [
            (
                location,
                next((c for c, _sources in page.cautions if c.location == location.slug), None),
            )
            for location in page.links.locations
        ],
    }
    # Reached from a routine that keeps the move to the painful side, lying on the other (the
    # starter routine for outer-hip pain): its steps for that one side, and why. Only for a
    # move done one side at a time; any other value is the page as it is.
    # The move's caution already says which side (the checker's one-side caution), so the page
    # says it there, once: the steps and the dose only keep to one side. A move with no such
    # caution (one the checker leaves out, or that is not done lying on one side) is the page
    # as it is, whatever the query says.
    name, value = PAINFUL_SIDE_QUERY
    one_side = next(
        (caution for caution, _sources in page.cautions if caution.one_side_words), None
    )
    if request.GET.get(name) == value and page.exercise.unilateral and one_side is not None:
        context["painful_side"] = one_side.one_side_words
        context["painful_side_caution"] = one_side
        context["one_side_steps"] = steps_for_one_side(
            [
                StepText(step.text, step.switches_sides, step.one_side_text)
                for step in page.exercise.steps.all()
            ]
        )
        context["one_side_doses"] = page.exercise.doses_by_level(side_words=ONE_SIDE_WORDS)
    return render(request, "exercises/exercise_detail.html", context)


FIGURE_MAX_AGE = 365 * 24 * 60 * 60  # a versioned URL never changes
FIGURE_UNVERSIONED_MAX_AGE = 5 * 60


@require_GET
def exercise_figure(request: HtmxHttpRequest, slug: str, which: str) -> HttpResponse:
    """One position of an exercise's figure as an SVG file (pages show it with <img>).

    `?small=1` draws it with a thumbnail's line weights. With `?v=` the current catalogue
    version the file may be kept for a year: an edit moves the
    version, and so the URL pages use. Any other request gets a short lifetime.
    """
    # What the catalogue shows, or a routine still holds (an exercise unpublished since).
    in_a_routine = Exercise.objects.filter(pk=OuterRef("pk"), routine_items__isnull=False)
    shown = Exercise.objects.filter(Q(published=True) | Exists(in_a_routine))
    exercise = get_object_or_404(shown.only("figure"), slug=slug)
    try:
        svg = exercise.figure_svg(which, small=request.GET.get("small") == "1")
    except figures.FigureError:
        svg = ""
    if not svg:
        raise Http404("This exercise has no figure.")
    response = HttpResponse(svg, content_type="image/svg+xml")
    current = request.GET.get("v") == str(catalogue_version())
    max_age = FIGURE_MAX_AGE if current else FIGURE_UNVERSIONED_MAX_AGE
    response["Cache-Control"] = f"public, max-age={max_age}" + (", immutable" if current else "")
    return response
