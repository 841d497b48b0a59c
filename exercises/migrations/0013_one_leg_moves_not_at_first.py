"""The exercise pages and the builder now say which one-leg moves the symptom checker leaves
out at first for outer-hip pain (triage.starter.cautions_for's "not at first"): no data
changes, but their cached pages and cards are keyed by the catalogue's version, which moves
on here so they show it at once after the deploy."""

from django.db import migrations
from django.db.models import F


def next_version(apps, schema_editor):
    CatalogueVersion = apps.get_model("exercises", "CatalogueVersion")
    if not CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1):
        CatalogueVersion.objects.update_or_create(pk=1, defaults={"number": 2})


class Migration(migrations.Migration):
    dependencies = [("exercises", "0012_cautioned_moves_suit_no_outer_hip")]

    operations = [migrations.RunPython(next_version, migrations.RunPython.noop)]
