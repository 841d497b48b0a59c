from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from exercises.catalogue import catalogue_version
from exercises.forms import CatalogueFilterForm
from exercises.models import Exercise, ExerciseMuscle
from hipcare.http import HtmxHttpRequest
from hipcare.pagecache import cache_anonymous_page

PAGE_SIZE = 20


def catalogue_page(request, *, page_size: int = PAGE_SIZE):
    """Filter form and the page of exercises it selects; the builder shows the same."""
    form = CatalogueFilterForm(request.GET)
    exercises = (
        form.filter(Exercise.objects.published())
        .only("name", "slug", "kind", "level", "position", "purpose", "unilateral", "figure")
        .prefetch_related("equipment")
    )
    page = Paginator(exercises, page_size).get_page(request.GET.get("page"))
    return form, page


def catalogue_page_version(request, *args, **kwargs) -> str:
    return str(catalogue_version())


@require_GET
@cache_anonymous_page(catalogue_page_version)
def exercise_list(request: HtmxHttpRequest) -> HttpResponse:
    form, page = catalogue_page(request)
    template = "exercises/exercise_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, {"form": form, "page": page})


@require_GET
@cache_anonymous_page(catalogue_page_version)
def exercise_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(
        Exercise.objects.published().prefetch_related(
            "steps",
            "equipment",
            "pain_locations",
            "sources",
            Prefetch("muscle_links", ExerciseMuscle.objects.select_related("muscle")),
            Prefetch("harder_versions", Exercise.objects.published().only("name", "slug")),
            Prefetch("easier_versions", Exercise.objects.published().only("name", "slug")),
        ),
        slug=slug,
    )
    return render(request, "exercises/exercise_detail.html", {"exercise": exercise})
