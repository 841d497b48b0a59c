# The care (emergency care, a doctor today) the runner's page showed right after each entry,
# kept so that no later change to other entries lowers it. Entries stored before get what the
# log as it stands reads for them (monitoring.told_after_entry over the log as it stood when
# each was logged): the nearest to what they were shown that is left.

from django.db import migrations, models


def fill_told_care(apps, schema_editor):
    from routines import monitoring

    SessionLog = apps.get_model("routines", "SessionLog")
    routine_ids = SessionLog.objects.values_list("routine_id", flat=True).distinct()
    for routine_id in routine_ids.iterator():
        sessions = list(
            SessionLog.objects.filter(routine_id=routine_id).order_by("day", "created", "pk")
        )
        entries = [
            monitoring.Entry(
                day=session.day,
                pain=session.pain,
                morning=session.morning or None,
                warning_signs=frozenset(session.warning_signs or ()),
                logged=session.created,
            )
            for session in sessions
        ]
        for session, about in zip(sessions, entries, strict=True):
            care = monitoring.told_after_entry(entries, about).care
            if care is not None:
                SessionLog.objects.filter(pk=session.pk).update(told_care=str(care))


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0016_session_utc_offset"),
    ]

    operations = [
        migrations.AddField(
            model_name="sessionlog",
            name="told_care",
            field=models.CharField(
                blank=True,
                choices=[("emergency", "Get emergency care now"), ("urgent", "See a doctor today")],
                help_text="Emergency care or a doctor today, where the runner's page said so right after this entry; blank otherwise. Never lowered by later changes to the log.",
                max_length=10,
                verbose_name="care the runner was told",
            ),
        ),
        migrations.RunPython(fill_told_care, migrations.RunPython.noop),
    ]
