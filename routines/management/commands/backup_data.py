import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from exercises.models import Exercise
from hipcare.auth import COACHES_GROUP
from routines.models import Routine, RoutineItem

BACKUP_DIR = settings.BASE_DIR / "backups"
# Accounts and groups (with password hashes and group membership), the catalogue with its
# reference tables (the exercises app), and the routines with their items (the routines app).
# Left out on purpose: content types and permissions (migrate recreates them; natural keys
# refer to them), sessions and the admin log.
BACKUP_LABELS = ["auth.group", "auth.user", "exercises", "routines"]


def backup_counts() -> dict[str, int]:
    users = get_user_model().objects
    return {
        "accounts": users.count(),
        "coaches": users.filter(groups__name=COACHES_GROUP).count(),
        "routines": Routine.objects.count(),
        "routine items": RoutineItem.objects.count(),
        "exercises": Exercise.objects.count(),
    }


class Command(BaseCommand):
    help = (
        "Back up accounts (coaches, with their groups and password hashes), routines and the "
        "exercise catalogue to one JSON file, backups/hipcare-<UTC time>.json unless --output "
        "says otherwise. restore_data loads it into an empty database, SQLite or PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Where to write the backup.")

    def handle(self, *args, **options):
        if options["output"]:
            path = Path(options["output"])
        else:
            path = BACKUP_DIR / f"hipcare-{timezone.now():%Y%m%d-%H%M%S}.json"
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # The file holds password hashes: readable by its owner only, and only ever complete.
        descriptor, partial = tempfile.mkstemp(prefix=".backup-", suffix=".json", dir=path.parent)
        os.close(descriptor)
        # One snapshot for every table, whatever is written meanwhile (PostgreSQL needs to be
        # told; SQLite's read transaction is one already).
        snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
        try:
            with transaction.atomic():
                if snapshot:
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                call_command(
                    "dumpdata",
                    *BACKUP_LABELS,
                    natural_foreign=True,
                    natural_primary=True,
                    indent=1,
                    output=partial,
                    verbosity=0,
                )
                counts = backup_counts()
            os.replace(partial, path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        size = path.stat().st_size
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {summary} to {path} ({size / 1024:.0f} KB).")
        )
