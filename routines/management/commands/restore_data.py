import json
import os
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from exercises.models import Exercise
from routines import services
from routines.management.commands.backup_data import backup_counts
from routines.models import Routine

# Models that have moved to another app since a backup may have been made: the label in the
# file, and the one it loads into now. The tables are the same, so the rows load as they were.
MOVED_MODELS = {
    "exercises.routine": "routines.routine",
    "exercises.routineitem": "routines.routineitem",
}


def with_current_labels(rows: list[dict]) -> list[dict]:
    """The backup's rows, each under its model's current label."""
    for row in rows:
        row["model"] = MOVED_MODELS.get(row.get("model", "").lower(), row.get("model"))
    return rows


class Command(BaseCommand):
    help = (
        "Load a backup made by backup_data into an empty, migrated database (run migrate "
        "first). Refuses a database that already has accounts, exercises or routines, unless "
        "--flush is given to delete everything in it first. Backups made before routines had "
        "their own app load too."
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
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"{path} is not a backup made by backup_data: {error}") from error
        if not isinstance(rows, list):
            raise CommandError(f"{path} is not a backup made by backup_data.")
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
        # The rows as loaddata should see them, in a file only this user can read (it holds
        # password hashes), next to nothing else and removed afterwards.
        descriptor, current = tempfile.mkstemp(prefix="hipcare-restore-", suffix=".json")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                json.dump(with_current_labels(rows), file)
            # One transaction: a backup loads completely or not at all. loaddata also moves
            # the id sequences past the loaded rows, so new routines and items get fresh ids.
            call_command("loaddata", current, verbosity=0)
        finally:
            Path(current).unlink(missing_ok=True)
        # loaddata saves rows as they are (no DeletedEntryNotice.save), and a backup made
        # before Routine.deleted_stop_day has none: set from the notices loaded.
        services.routines_set_deleted_stop_day(routines=Routine.objects.all())
        summary = ", ".join(f"{n} {name}" for name, n in backup_counts().items())
        self.stdout.write(self.style.SUCCESS(f"Restored {summary} from {path}."))
