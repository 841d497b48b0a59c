"""Reference data the catalogue filters need on every page, cached until an admin edits it."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from exercises.models import Equipment, Muscle, PainLocation

CACHE_KEY = "exercises:catalogue-options:v1"
# The cache is per process: an edit clears it in the process that made it, and other worker
# processes pick the change up within this many seconds.
CACHE_SECONDS = 300


@dataclass(frozen=True)
class CatalogueOptions:
    muscles: tuple[tuple[str, str], ...]
    equipment: tuple[tuple[str, str], ...]
    locations: tuple[tuple[str, str], ...]


def catalogue_options() -> CatalogueOptions:
    options = cache.get(CACHE_KEY)
    if options is None:
        options = CatalogueOptions(
            muscles=tuple(Muscle.objects.values_list("slug", "name")),
            equipment=tuple(Equipment.objects.values_list("slug", "name")),
            locations=tuple(PainLocation.objects.values_list("slug", "name")),
        )
        cache.set(CACHE_KEY, options, timeout=CACHE_SECONDS)
    return options


@receiver([post_save, post_delete], sender=Muscle)
@receiver([post_save, post_delete], sender=Equipment)
@receiver([post_save, post_delete], sender=PainLocation)
def _forget_options(**kwargs) -> None:
    cache.delete(CACHE_KEY)
