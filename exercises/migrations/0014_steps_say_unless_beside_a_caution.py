"""The runner's sheet (shared page, print view, PDF) and the builder now say "unless you have
outer-hip pain" where a cautioned move's steps or dose send the runner to the other side
(triage.starter.unless_words): no data changes, but the sheet's and the builder's cached parts
are keyed by the catalogue's version, which moves on here so they show it at once after the
deploy."""

from django.db import migrations
from django.db.models import F


def next_version(apps, schema_editor):
    CatalogueVersion = apps.get_model("exercises", "CatalogueVersion")
    if not CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1):
        CatalogueVersion.objects.update_or_create(pk=1, defaults={"number": 2})


class Migration(migrations.Migration):
    dependencies = [("exercises", "0013_one_leg_moves_not_at_first")]

    operations = [migrations.RunPython(next_version, migrations.RunPython.noop)]
