"""The runner's sheet (shared page, print view, PDF) no longer says "unless you have outer-hip
pain" beside a move whose caution for that pain leaves it out, for good or for now (a Bulgarian
split squat's "each side (unless you have outer-hip pain)" beside "leave this one out for
now"): only where the caution keeps the move to the painful side (triage.starter.unless_words).
The symptom checker's answer now prints its starter caution (in words for paper), which was
screen-only. No data changes, but the sheet's and the builder's cached parts, and the answer's
cached caution (the triage-starter-caution fragment), are keyed by the catalogue's version
(their keys hold no version of the code or templates), which moves on here so they show it at
once after the deploy."""

from django.db import migrations
from django.db.models import F


def next_version(apps, schema_editor):
    CatalogueVersion = apps.get_model("exercises", "CatalogueVersion")
    if not CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1):
        CatalogueVersion.objects.update_or_create(pk=1, defaults={"number": 2})


class Migration(migrations.Migration):
    dependencies = [("exercises", "0014_steps_say_unless_beside_a_caution")]

    operations = [migrations.RunPython(next_version, migrations.RunPython.noop)]
