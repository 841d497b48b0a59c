"""The moves the symptom checker leaves out for outer-hip pain (triage.starter's
OUTER_HIP_CAUTION, as of this migration) no longer list it among the pains they suit, in a
database loaded before fixtures/catalogue.json changed (load_catalogue never reloads over an
existing catalogue). Only that one link goes; anything else an editor changed stays. The
catalogue's version moves on, so cached pages show the change."""

from django.db import migrations
from django.db.models import F

AVOIDED_FOR_OUTER_HIP = ("iliotibial-band-stretch", "side-lunge", "side-plank", "clam-raise")


def drop_outer_hip(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    CatalogueVersion = apps.get_model("exercises", "CatalogueVersion")
    links = Exercise.pain_locations.through.objects.filter(
        exercise__slug__in=AVOIDED_FOR_OUTER_HIP, painlocation__slug="outer_side"
    )
    dropped = links.delete()[0]
    if dropped and not CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1):
        CatalogueVersion.objects.update_or_create(pk=1, defaults={"number": 2})


class Migration(migrations.Migration):
    dependencies = [("exercises", "0011_exercise_units_and_one_side_steps")]

    operations = [migrations.RunPython(drop_outer_hip, migrations.RunPython.noop)]
