"""The routines models, moved here from the exercises app with their tables as they were:
exercises.0006 took them out of that app's state, this puts them into this one's."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("exercises", "0006_routines_move_to_their_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist already (exercises.0003_routines made them): state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Routine",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=120)),
                        (
                            "for_whom",
                            models.CharField(
                                blank=True,
                                help_text="Initials or a first name only; keep other personal details out of HipCare.",
                                max_length=40,
                                verbose_name="who it is for",
                            ),
                        ),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("beginner", "Beginner"),
                                    ("advanced_moderate", "Advanced, moderate load"),
                                    ("advanced_heavy", "Advanced, heavy load"),
                                ],
                                default="beginner",
                                help_text="Sets the starting dose of each exercise you add.",
                                max_length=20,
                                verbose_name="level",
                            ),
                        ),
                        (
                            "notes",
                            models.TextField(
                                blank=True, max_length=2000, verbose_name="notes for the runner"
                            ),
                        ),
                        (
                            "share_token",
                            models.CharField(
                                blank=True,
                                default=None,
                                editable=False,
                                max_length=64,
                                null=True,
                                unique=True,
                            ),
                        ),
                        ("archived", models.BooleanField(default=False)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        ("updated", models.DateTimeField(auto_now=True)),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="routines",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "exercises_routine",
                        "ordering": ["-created", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="RoutineItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "position",
                            models.PositiveSmallIntegerField(
                                validators=[django.core.validators.MinValueValidator(1)]
                            ),
                        ),
                        (
                            "sets_min",
                            models.PositiveSmallIntegerField(
                                default=1,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(10),
                                ],
                            ),
                        ),
                        (
                            "sets_max",
                            models.PositiveSmallIntegerField(
                                default=3,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(10),
                                ],
                            ),
                        ),
                        (
                            "reps_min",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(100),
                                ],
                            ),
                        ),
                        (
                            "reps_max",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(100),
                                ],
                            ),
                        ),
                        (
                            "hold_seconds_min",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(600),
                                ],
                            ),
                        ),
                        (
                            "hold_seconds_max",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(600),
                                ],
                            ),
                        ),
                        (
                            "side",
                            models.CharField(
                                choices=[
                                    ("each", "Each side"),
                                    ("left", "Left side only"),
                                    ("right", "Right side only"),
                                    ("both", "Both sides together"),
                                ],
                                default="both",
                                max_length=10,
                            ),
                        ),
                        (
                            "frequency_min",
                            models.PositiveSmallIntegerField(
                                default=2,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(14),
                                ],
                            ),
                        ),
                        (
                            "frequency_max",
                            models.PositiveSmallIntegerField(
                                default=2,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(14),
                                ],
                            ),
                        ),
                        (
                            "frequency_period",
                            models.CharField(
                                choices=[("week", "a week"), ("day", "a day")],
                                default="week",
                                max_length=10,
                            ),
                        ),
                        (
                            "load_note",
                            models.CharField(
                                blank=True,
                                help_text="E.g. light band, 8 kg dumbbells.",
                                max_length=80,
                                verbose_name="load",
                            ),
                        ),
                        (
                            "coach_note",
                            models.TextField(
                                blank=True, max_length=500, verbose_name="coach's note"
                            ),
                        ),
                        (
                            "exercise",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="routine_items",
                                to="exercises.exercise",
                            ),
                        ),
                        (
                            "routine",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="items",
                                to="routines.routine",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "exercises_routineitem",
                        "ordering": ["routine", "position"],
                    },
                ),
                migrations.AddIndex(
                    model_name="routine",
                    index=models.Index(
                        fields=["owner", "archived", "-created"], name="routine_owner_list"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="routine",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("level__in", ["beginner", "advanced_moderate", "advanced_heavy"])
                        ),
                        name="routine_level_known",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="routine",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("share_token__isnull", True),
                            models.Q(("share_token", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="routine_share_token_not_blank",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="routineitem",
                    constraint=models.UniqueConstraint(
                        fields=("routine", "position"),
                        name="routine_item_position_once",
                        violation_error_message="Two exercises cannot share a place in the routine.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="routineitem",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("position__gte", 1)),
                        name="routine_item_position_from_one",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="routineitem",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("sets_min__gte", 1), ("sets_min__lte", models.F("sets_max"))
                        ),
                        name="routine_item_sets_range",
                        violation_error_message="Sets: the fewest must be at least 1 and not above the most.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="routineitem",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("frequency_min__gte", 1),
                            ("frequency_min__lte", models.F("frequency_max")),
                        ),
                        name="routine_item_frequency_range",
                        violation_error_message="How often: the fewest must be at least 1 and not above the most.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="routineitem",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("side__in", ["each", "left", "right", "both"])),
                        name="routine_item_side_known",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="routineitem",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("frequency_period__in", ["week", "day"])),
                        name="routine_item_period_known",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="routineitem",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("hold_seconds_max__isnull", True),
                                ("hold_seconds_min__isnull", True),
                                ("reps_max__isnull", False),
                                ("reps_min__gte", 1),
                                ("reps_min__isnull", False),
                                ("reps_min__lte", models.F("reps_max")),
                            ),
                            models.Q(
                                ("hold_seconds_max__isnull", False),
                                ("hold_seconds_min__gte", 1),
                                ("hold_seconds_min__isnull", False),
                                ("hold_seconds_min__lte", models.F("hold_seconds_max")),
                                ("reps_max__isnull", True),
                                ("reps_min__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="routine_item_reps_or_hold",
                        violation_error_message="Give either reps or a hold in seconds (not both), with the fewest not above the most.",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
