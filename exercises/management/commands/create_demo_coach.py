from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from exercises.catalogue import CATALOGUE_EDITORS_GROUP
from hipcare.auth import COACHES_GROUP

DEMO_USERNAME = "coach"
DEMO_PASSWORD = "hipcare-demo"  # noqa: S105 - development only, refused when DEBUG is off


class Command(BaseCommand):
    help = "Create (or reset) a demo coach account. Development only: refuses when DEBUG is off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only-if-debug",
            action="store_true",
            help="Do nothing (and succeed) when DEBUG is off, instead of failing.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            if options["only_if_debug"]:
                self.stdout.write("DEBUG is off: no demo coach created.")
                return
            raise CommandError("The demo coach is for development only; DEBUG is off.")
        user, created = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
        user.set_password(DEMO_PASSWORD)
        user.first_name = "Demo"
        user.last_name = "Coach"
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get_or_create(name=COACHES_GROUP)[0])
        # Staff alone can open admin but edit nothing; the editors' group (made with its
        # permissions by a migration) lets the demo account edit the catalogue.
        user.groups.add(Group.objects.get(name=CATALOGUE_EDITORS_GROUP))
        verb = "Created" if created else "Reset"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} demo coach (also a catalogue editor in Django admin): "
                f"username '{DEMO_USERNAME}', password '{DEMO_PASSWORD}'"
            )
        )
