from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from exercises.management.commands.backup_data import backup_counts
from exercises.models import Exercise, Routine


class Command(BaseCommand):
    help = (
        "Load a backup made by backup_data into an empty, migrated database (run migrate "
        "first). Refuses a database that already has accounts, exercises or routines, unless "
        "--flush is given to delete everything in it first."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup file, e.g. backups/hipcare-....json")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Delete every row in the database before loading. There is no undo.",
        )

    def handle(self, *args, **options):
        path = Path(options["backup"])
        if not path.is_file():
            raise CommandError(f"No backup at {path}.")
        if options["flush"]:
            call_command("flush", interactive=False, verbosity=0)
        elif (
            get_user_model().objects.exists()
            or Exercise.objects.exists()
            or Routine.objects.exists()
        ):
            raise CommandError(
                "This database already has accounts, exercises or routines; restoring over "
                "them could mix two histories. Restore into a new, migrated database, or pass "
                "--flush to delete everything in this one first."
            )
        # One transaction: a backup loads completely or not at all. loaddata also moves the
        # id sequences past the loaded rows, so new routines and items get fresh ids.
        call_command("loaddata", str(path), verbosity=0)
        summary = ", ".join(f"{n} {name}" for name, n in backup_counts().items())
        self.stdout.write(self.style.SUCCESS(f"Restored {summary} from {path}."))
