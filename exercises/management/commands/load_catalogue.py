from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from exercises.models import Exercise

CATALOGUE_FIXTURE = settings.BASE_DIR / "fixtures" / "catalogue.json"


class Command(BaseCommand):
    help = (
        "Load the exercise catalogue from fixtures/catalogue.json when the database has none, "
        "so edits made in admin are never overwritten. --force loads it over what is there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even if exercises exist.")

    def handle(self, *args, **options):
        if not CATALOGUE_FIXTURE.exists():
            self.stdout.write(f"No catalogue fixture at {CATALOGUE_FIXTURE}; nothing loaded.")
            return
        if Exercise.objects.exists() and not options["force"]:
            count = Exercise.objects.count()
            self.stdout.write(f"Catalogue already loaded ({count} exercises); kept as it is.")
            return
        with transaction.atomic():
            call_command("loaddata", str(CATALOGUE_FIXTURE), verbosity=options["verbosity"])
            # loaddata saves rows as they are (no form, no clean()): the catalogue must still
            # give each published exercise everything a runner needs, or nothing is loaded.
            lacking = [
                f"{exercise.name}: {' '.join(missing)}"
                for exercise in Exercise.objects.published()
                if (missing := exercise.missing_for_publishing())
            ]
            if lacking:
                raise CommandError(
                    "Catalogue not loaded: published exercises lack what a runner needs.\n"
                    + "\n".join(lacking)
                )
        self.stdout.write(
            self.style.SUCCESS(f"Catalogue loaded: {Exercise.objects.count()} exercises.")
        )
