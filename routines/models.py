"""Routines: a coach's selection of exercises from the catalogue, each with its own dose.

The tables keep the names they had when routines lived in the exercises app (`db_table`), so
moving the models into this app moved no data."""

from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from exercises import dosing
from exercises.models import FREQUENCY_RANGE, REPS_OR_HOLD, SETS_RANGE, Exercise
from routines import monitoring
from triage import rules as triage_rules

MAX_SETS = 10
MAX_REPS = 100
MAX_HOLD_SECONDS = 600
MAX_TIMES = 14


class RoutineQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)

    def readable_by(self, user):
        """Staff may look at every routine; everyone else only at their own."""
        return self if user.is_staff else self.owned_by(user)

    def current(self):
        return self.filter(archived=False)


class Routine(models.Model):
    class Level(models.TextChoices):
        BEGINNER = dosing.Preset.BEGINNER.value, dosing.Preset.BEGINNER.label
        ADVANCED_MODERATE = (
            dosing.Preset.ADVANCED_MODERATE.value,
            dosing.Preset.ADVANCED_MODERATE.label,
        )
        ADVANCED_HEAVY = dosing.Preset.ADVANCED_HEAVY.value, dosing.Preset.ADVANCED_HEAVY.label

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="routines"
    )
    title = models.CharField(max_length=120)
    for_whom = models.CharField(
        "who it is for",
        max_length=40,
        blank=True,
        help_text="Initials or a first name only; keep other personal details out of HipCare.",
    )
    level = models.CharField(
        "dose preset",
        max_length=20,
        choices=Level,
        default=Level.BEGINNER,
        help_text="Sets the starting sets and reps of each exercise you add. Not the same as an "
        "exercise's difficulty (Beginner, Intermediate, Advanced).",
    )
    notes = models.TextField("notes for the runner", blank=True, max_length=2000)
    share_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False, default=None
    )
    archived = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Raised by DeletedEntryNotice.save(), set back by routines.services once notices are
    # deleted (routines_set_deleted_stop_day), so the runner's page reads it with the routine
    # rather than asking the notices (routines.views: `deleted_reminding_day`).
    deleted_stop_day = models.DateField(
        "latest deleted stop's day",
        null=True,
        blank=True,
        editable=False,
        help_text="The day of the latest deleted entry that told the runner to stop, see a "
        "doctor today or get emergency care whose trace is kept (DeletedEntryNotice); blank "
        "without one. Whether it still reminds (14 days) is worked out when it is read.",
    )

    objects = RoutineQuerySet.as_manager()

    class Meta:
        db_table = "exercises_routine"
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["owner", "archived", "-created"], name="routine_owner_list")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=[preset.value for preset in dosing.Preset]),
                name="routine_level_known",
            ),
            models.CheckConstraint(
                condition=Q(share_token__isnull=True) | ~Q(share_token=""),
                name="routine_share_token_not_blank",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("routines:builder", kwargs={"pk": self.pk})

    def get_share_url(self) -> str:
        """The runner's read-only address; empty while the routine is not shared."""
        if not self.share_token:
            return ""
        return reverse("shared_routine", kwargs={"token": self.share_token})

    @property
    def preset(self) -> dosing.Preset:
        return dosing.Preset(self.level)


class RoutineItem(models.Model):
    """One exercise in a routine, with the dose this runner should do."""

    # What a coach sets for an item: its dose and notes (not its exercise or place).
    DOSE_FIELDS = (
        "sets_min",
        "sets_max",
        "reps_min",
        "reps_max",
        "hold_seconds_min",
        "hold_seconds_max",
        "side",
        "frequency_min",
        "frequency_max",
        "frequency_period",
        "load_note",
        "coach_note",
    )

    class Side(models.TextChoices):
        EACH = dosing.Side.EACH.value, "Each side"
        LEFT = dosing.Side.LEFT.value, "Left side only"
        RIGHT = dosing.Side.RIGHT.value, "Right side only"
        BOTH = dosing.Side.BOTH.value, "Both sides together"

    Period = Exercise.Period

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="routine_items")
    position = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    sets_min = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_SETS)]
    )
    sets_max = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(MAX_SETS)]
    )
    reps_min = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(MAX_REPS)]
    )
    reps_max = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(MAX_REPS)]
    )
    hold_seconds_min = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOLD_SECONDS)],
    )
    hold_seconds_max = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOLD_SECONDS)],
    )
    side = models.CharField(max_length=10, choices=Side, default=Side.BOTH)
    frequency_min = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(MAX_TIMES)]
    )
    frequency_max = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(MAX_TIMES)]
    )
    frequency_period = models.CharField(max_length=10, choices=Period, default=Period.WEEK)
    load_note = models.CharField(
        "load", max_length=80, blank=True, help_text="E.g. light band, 8 kg dumbbells."
    )
    coach_note = models.TextField("coach's note", blank=True, max_length=500)

    class Meta:
        db_table = "exercises_routineitem"
        ordering = ["routine", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["routine", "position"],
                name="routine_item_position_once",
                violation_error_message="Two exercises cannot share a place in the routine.",
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="routine_item_position_from_one"
            ),
            models.CheckConstraint(
                condition=SETS_RANGE,
                name="routine_item_sets_range",
                violation_error_message=(
                    "Sets: the fewest must be at least 1 and not above the most."
                ),
            ),
            models.CheckConstraint(
                condition=FREQUENCY_RANGE,
                name="routine_item_frequency_range",
                violation_error_message=(
                    "How often: the fewest must be at least 1 and not above the most."
                ),
            ),
            models.CheckConstraint(
                condition=Q(side__in=[side.value for side in dosing.Side]),
                name="routine_item_side_known",
            ),
            models.CheckConstraint(
                condition=Q(frequency_period__in=[period.value for period in dosing.Period]),
                name="routine_item_period_known",
            ),
            models.CheckConstraint(
                condition=REPS_OR_HOLD,
                name="routine_item_reps_or_hold",
                violation_error_message=(
                    "Give either reps or a hold in seconds (not both), "
                    "with the fewest not above the most."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.routine}: {self.position}. {self.exercise}"

    def get_absolute_url(self) -> str:
        return f"{self.routine.get_absolute_url()}#item-{self.pk}"

    @property
    def is_hold(self) -> bool:
        return self.hold_seconds_min is not None

    def dose(self) -> dosing.Dose:
        return dosing.Dose(
            sets=dosing.Range(self.sets_min, self.sets_max),
            reps=None if self.is_hold else dosing.Range(self.reps_min, self.reps_max),
            hold_seconds=(
                dosing.Range(self.hold_seconds_min, self.hold_seconds_max) if self.is_hold else None
            ),
            frequency=dosing.Range(self.frequency_min, self.frequency_max),
            period=dosing.Period(self.frequency_period),
            side=dosing.Side(self.side),
            load=self.load_note,
        )

    def is_default_for(self, preset: dosing.Preset) -> bool:
        """Whether the item still has exactly the dose `preset` gives its exercise (the coach
        changed none of sets, reps or hold, how often, side or load)."""
        exercise = self.exercise
        return dosing.is_default(
            self.dose(),
            base=exercise.base_dose(),
            preset=preset,
            loadable=exercise.loadable,
            unilateral=exercise.unilateral,
        )

    def preset_facts(self, preset: dosing.Preset) -> tuple[bool, bool]:
        """(whether the weights presets dose its move, whether its sets and reps are
        `preset`'s), for dosing.preset_reach."""
        exercise = self.exercise
        takes_load = dosing.takes_preset_load(loadable=exercise.loadable, base=exercise.base_dose())
        return takes_load, dosing.has_preset_sets_reps(self.dose(), preset)

    def set_dose(self, dose: dosing.Dose) -> None:
        """Copy a dose onto the fields (not saved)."""
        self.sets_min, self.sets_max = dose.sets.low, dose.sets.high
        self.reps_min = dose.reps.low if dose.reps else None
        self.reps_max = dose.reps.high if dose.reps else None
        self.hold_seconds_min = dose.hold_seconds.low if dose.hold_seconds else None
        self.hold_seconds_max = dose.hold_seconds.high if dose.hold_seconds else None
        self.frequency_min, self.frequency_max = dose.frequency.low, dose.frequency.high
        self.frequency_period = dose.period.value
        self.side = dose.side.value
        self.load_note = dose.load

    @property
    def dose_line(self) -> str:
        """The dose in one plain line: 3 x 12-15, 8 kg dumbbell, left side only, twice a week."""
        return dosing.short_line(self.dose())


# The runner's log: sessions logged on the shared link.

SESSION_NOTE_MAX_LENGTH = 500


class SessionLog(models.Model):
    """One session a runner logged on the routine's shared link: the day, the worst pain during
    or after it (0-10), how the hip felt the next morning, warning signs, a short note, and the
    advice HipCare gave (routines/monitoring.py).

    Health data tied to the routine (and so to its link), never to a person: no name, account
    or address is stored. Deleting the routine deletes its log; revoking the link keeps it for
    the coach. The runner may delete an entry: if its advice was to stop or ease back, the
    coach is told its day and that advice, nothing else (DeletedEntryNotice); the day's
    next-morning answer moves to the day's remaining entry, and the entries after it are
    judged again from what remains (services.session_delete)."""

    class Morning(models.TextChoices):
        BETTER = monitoring.Morning.BETTER.value, "Better"
        SAME = monitoring.Morning.SAME.value, "The same"
        WORSE = monitoring.Morning.WORSE.value, "Worse"

    class Advice(models.TextChoices):
        CONTINUE = monitoring.Level.CONTINUE.value, monitoring.Level.CONTINUE.label
        EASE_BACK = monitoring.Level.EASE_BACK.value, monitoring.Level.EASE_BACK.label
        STOP = monitoring.Level.STOP.value, monitoring.Level.STOP.label

    class Lowered(models.TextChoices):
        """What judged the entry again to less than the runner was told (monitoring.Lowered)."""

        DELETED = monitoring.Lowered.DELETED.value, "An earlier entry was deleted"
        MORNING = monitoring.Lowered.MORNING.value, "The next-morning answer was changed"
        EARLIER_MORNING = (
            monitoring.Lowered.EARLIER_MORNING.value,
            "An earlier day's next-morning answer was changed",
        )

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField("date")
    pain = models.PositiveSmallIntegerField(
        "worst pain",
        validators=[
            MinValueValidator(monitoring.PAIN_MIN),
            MaxValueValidator(monitoring.PAIN_MAX),
        ],
    )
    morning = models.CharField("next morning", max_length=10, choices=Morning, blank=True)
    #: The next-morning answer the runner first gave, kept once they change it (the advice
    #: they were told rests on it): what the coach reads beside the answer now.
    morning_first = models.CharField(
        "first next-morning answer",
        max_length=10,
        choices=Morning,
        blank=True,
        help_text="The answer first given, kept when the runner changes it; blank until then.",
    )
    morning_changed_at = models.DateTimeField(
        "next-morning answer last changed", null=True, blank=True
    )
    warning_signs = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True, max_length=SESSION_NOTE_MAX_LENGTH)
    #: The entry's own advice as the log reads now (monitoring.advise): judged when it is
    #: logged, and again when an earlier entry is deleted or its next-morning answer changes.
    advice = models.CharField(max_length=10, choices=Advice, default=Advice.CONTINUE)
    told_advice = models.CharField(
        "advice the runner was told",
        max_length=10,
        choices=Advice,
        default=Advice.CONTINUE,
        help_text=(
            "The most urgent advice this entry has given the runner. Judging it again can "
            "lower its advice, never this: the coach keeps seeing what the runner was told."
        ),
    )
    #: The most urgent care (emergency care, a doctor today) the runner's page showed right
    #: after this entry (monitoring.told_after_entry's care as the log stood then: its own
    #: signs read with those of its day and of the days around it), kept as it was shown:
    #: a later change to other entries (one deleted, one back-dated) never lowers it.
    told_care = models.CharField(
        "care the runner was told",
        max_length=10,
        choices=[
            (triage_rules.Tier.EMERGENCY.value, triage_rules.Tier.EMERGENCY.label),
            (triage_rules.Tier.URGENT.value, triage_rules.Tier.URGENT.label),
        ],
        blank=True,
        help_text=(
            "Emergency care or a doctor today, where the runner's page said so right after "
            "this entry; blank otherwise. Never lowered by later changes to the log."
        ),
    )
    lowered_by = models.CharField(
        "advice lowered after",
        max_length=20,
        choices=Lowered,
        blank=True,
        help_text=(
            "What last changed the entry's advice to less than the runner was told (an "
            "earlier entry deleted, its next-morning answer changed); blank while the two "
            "agree."
        ),
    )
    #: What the entry said when it was logged, and what showed `told_advice` later where that
    #: is more (monitoring.Told): "told at the time" is said only of the first.
    logged_advice = models.CharField(
        "advice when logged",
        max_length=10,
        choices=Advice,
        blank=True,
        help_text="The entry's advice when it was logged; blank for entries stored before.",
    )
    raised_by = models.CharField(
        "advice raised after",
        max_length=20,
        choices=Lowered,
        blank=True,
        help_text=(
            "What showed the runner `told_advice` after the entry was logged, where that is "
            "more than it said when logged; blank otherwise."
        ),
    )
    told_morning = models.CharField(
        "next-morning answer when told",
        max_length=10,
        choices=Morning,
        blank=True,
        help_text=(
            "The next-morning answer the entry had when it showed `told_advice`; blank for "
            "none then (read only where `logged_advice` is kept)."
        ),
    )
    #: The reasons behind the entry's advice when it was logged (monitoring.logged_reasons),
    #: so those that arose since (a next-morning answer given later) are said as such
    #: (monitoring.split_reasons); None for entries stored before: they read as before.
    logged_reasons = models.JSONField(
        "reasons when logged",
        null=True,
        blank=True,
        default=None,
        help_text=(
            "The reasons behind the entry's advice when it was logged; empty for entries "
            "stored before, which list every reason as they always did."
        ),
    )
    alert = models.BooleanField(
        default=False,
        help_text=(
            "The advice on its day so far, from every entry of that day, was to ease back or "
            "stop (the coach should look)."
        ),
    )
    #: When the coach marked a "stop" on this session as seen; until then the builder keeps
    #: it at the top of the follow-up panel.
    coach_seen_at = models.DateTimeField("seen by the coach", null=True, blank=True)
    #: How far the runner's clock was from UTC when they logged it, in minutes (+780 in
    #: Auckland's summer), where their browser said its zone; None where it didn't (no
    #: JavaScript). The coach's panel reads the runner's today from the latest one
    #: (session_views.runner_today): an entry's day is the runner's, not the coach's. Only
    #: the offset is kept, not the zone's name: the log holds nothing that says where a
    #: runner lives.
    utc_offset = models.SmallIntegerField(
        "runner's UTC offset when logged (minutes)",
        null=True,
        blank=True,
        help_text="Blank where the runner's browser did not say its time zone.",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-created", "-pk"]
        indexes = [
            models.Index(fields=["routine", "-day", "-created"], name="session_routine_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(pain__gte=monitoring.PAIN_MIN, pain__lte=monitoring.PAIN_MAX),
                name="session_pain_range",
                violation_error_message="Pain goes from 0 to 10.",
            ),
            models.CheckConstraint(
                condition=Q(morning__in=["", *(value for value, _ in monitoring.MORNINGS)]),
                name="session_morning_known",
            ),
            models.CheckConstraint(
                condition=Q(advice__in=[level.value for level in monitoring.Level]),
                name="session_advice_known",
            ),
            # What the runner was told is never less urgent than the advice now, and the
            # two differ only with what lowered it.
            models.CheckConstraint(
                condition=Q(told_advice=F("advice"), lowered_by="")
                | Q(
                    Q(
                        told_advice=monitoring.Level.STOP.value,
                        advice__in=[
                            monitoring.Level.EASE_BACK.value,
                            monitoring.Level.CONTINUE.value,
                        ],
                    )
                    | Q(
                        told_advice=monitoring.Level.EASE_BACK.value,
                        advice=monitoring.Level.CONTINUE.value,
                    ),
                    lowered_by__in=[why.value for why in monitoring.Lowered],
                ),
                name="session_told_advice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.routine}: session on {self.day:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return f"{self.routine.get_absolute_url()}#session-{self.pk}"

    def clean(self) -> None:
        unknown = set(self.warning_signs or ()) - monitoring.WARNING_SIGN_KEYS
        if not isinstance(self.warning_signs, list) or unknown:
            raise ValidationError({"warning_signs": "Unknown warning sign."})

    def entry(self) -> monitoring.Entry:
        """The session as the monitoring rules read it."""
        return monitoring.Entry(
            day=self.day,
            pain=self.pain,
            morning=self.morning or None,
            warning_signs=frozenset(self.warning_signs or ()),
            logged=self.created,
            told=self.told,
        )

    @property
    def logged(self):
        """When it was logged (`created`), which orders sessions on the same day
        (monitoring.chronological)."""
        return self.created

    @property
    def advice_level(self) -> monitoring.Level:
        return monitoring.Level(self.advice)

    @property
    def correctable(self) -> bool:
        """Logged within CORRECTION_WINDOW: deleting it now corrects it (a mistyped pain
        score), and the coach is not told of its "stop" or "ease back", unless it ticked a
        warning sign or the runner was told a doctor today or more after it
        (monitoring.told_to_coach_on_delete, services.session_deletion)."""
        return self.created is not None and timezone.now() - self.created <= CORRECTION_WINDOW

    @property
    def told(self):
        """What the runner was told after this entry: the checker's tier for a warning sign it
        treats as an emergency or "see a doctor today" (monitoring.told), else the most urgent
        advice it has given (`told_advice`), which judging it again never lowers; or the care
        their page showed right after it where that was more (`told_care`: its signs read
        with other entries'), which no later change to other entries lowers."""
        return monitoring.told_kept(self.told_own, self.told_care or None)

    @property
    def advice_label(self) -> str:
        """This entry's own advice now in words: for a warning sign the symptom checker treats
        as an emergency or "see a doctor today", its words (monitoring.Advice.care), else the
        stored advice's."""
        return monitoring.told(self.advice, self.warning_signs or (), pain=self.pain).label

    @property
    def told_own(self):
        """What this entry told the runner on its own (:attr:`told` without `told_care`): the
        checker's tier for its own signs, else `told_advice`."""
        return monitoring.told(self.told_advice, self.warning_signs or (), pain=self.pain)

    @property
    def told_care_kept(self) -> bool:
        """The runner was told emergency care or a doctor today after this entry (:attr:`told`),
        more than the entry's own advice reads now (:attr:`advice_label`): its signs were read
        with another entry's (one deleted since, or one logged later for another day)."""
        told = self.told
        return told in monitoring.CARE_TIERS and monitoring.told_urgency(
            told
        ) > monitoring.told_urgency(
            monitoring.told(self.advice, self.warning_signs or (), pain=self.pain)
        )

    @property
    def told_care_for_runner(self) -> str:
        """For the runner, beside the entry's advice now, when :attr:`told_care_kept`: "After
        this entry you were told to get emergency care; your coach sees that too."; else ""."""
        if not self.told_care_kept:
            return ""
        return monitoring.runner_told_care(self.told)

    @property
    def told_care_for_coach(self) -> str:
        """For the coach, when :attr:`told_care_kept`: "Told to get emergency care after this
        entry"; else ""."""
        if not self.told_care_kept:
            return ""
        return f"{monitoring.coach_label(self.told)} after this entry"

    @property
    def lowered(self) -> bool:
        """Judged again since, the entry reads less urgent than what the runner was told."""
        return monitoring.is_lowered(self.told_advice, self.advice)

    @property
    def told_record(self) -> monitoring.Told:
        """What the entry has told the runner, and when (monitoring.Told); an entry stored
        before this was kept reads as told when logged, with the morning answer first given."""
        told = monitoring.Level(self.told_advice)
        if not self.logged_advice:
            first = self.morning_first or self.morning
            return monitoring.Told(
                logged=told, told=told, morning=monitoring.Morning(first) if first else None
            )
        return monitoring.Told(
            logged=monitoring.Level(self.logged_advice),
            told=told,
            raised_by=monitoring.Lowered(self.raised_by) if self.raised_by else None,
            morning=monitoring.Morning(self.told_morning) if self.told_morning else None,
        )

    @property
    def raised(self) -> bool:
        """The entry showed the runner `told_advice` only after it was logged."""
        return self.told_record.raised

    @property
    def morning_when_told(self) -> str:
        """The next-morning answer the entry had when it showed what it told ("" for none)."""
        morning = self.told_record.morning
        return morning.value if morning else ""

    @property
    def morning_when_told_label(self) -> str:
        """:attr:`morning_when_told` in words ("Worse"), "" for none."""
        return self.Morning(self.morning_when_told).label if self.morning_when_told else ""

    @property
    def morning_since_told(self) -> bool:
        """The next-morning answer now differs from the one the entry had when it told."""
        return self.morning_when_told != (self.morning or "")

    def _lowered_when(self) -> dict:
        record = self.told_record
        if not record.raised:
            return {}
        return {
            "logged": record.logged.value,
            "raised_by": record.raised_by.value,
            "morning": record.morning.value if record.morning else None,
        }

    @property
    def lowered_for_coach(self) -> str:
        """For the coach, when :attr:`lowered`: "Told to stop and check their symptoms at the
        time; after an earlier entry was deleted it now reads ease back"; else ""."""
        if not self.lowered:
            return ""
        return monitoring.coach_lowered(
            self.told_advice, self.advice, self.lowered_by, **self._lowered_when()
        )

    @property
    def lowered_for_runner(self) -> str:
        """For the runner, beside the entry's advice now, when :attr:`lowered`: what it
        advised before and that the coach still sees it; else ""."""
        if not self.lowered:
            return ""
        return monitoring.runner_lowered(
            self.told_advice, self.advice, self.lowered_by, **self._lowered_when()
        )

    @property
    def morning_changed(self) -> bool:
        """The runner changed the next-morning answer they first gave (`morning_first`)."""
        return bool(self.morning_first) and self.morning_first != self.morning

    @property
    def first_morning_label(self) -> str:
        """The first next-morning answer in words ("Worse"), "" when none was kept."""
        return self.Morning(self.morning_first).label if self.morning_first else ""

    def entry_as_told(self) -> monitoring.Entry:
        """The session as the rules read it when the runner was told its advice: with the
        next-morning answer it had then (:attr:`morning_when_told`: none, or the answer first
        given), where that differs from the answer now."""
        entry = self.entry()
        if self.morning_since_told:
            then = self.morning_when_told
            return replace(entry, morning=monitoring.Morning(then) if then else None)
        return entry

    @property
    def coach_label(self) -> str:
        """This entry's own advice as the coach's panel words it ("Told to get emergency
        care", "Told to see a doctor today", "Told to stop and check their symptoms"...)."""
        return monitoring.coach_label(self.told)

    def warning_sign_labels(self) -> list[str]:
        return [sign.label for sign in monitoring.WARNING_SIGNS if sign.key in self.warning_signs]


class SessionItem(models.Model):
    """An exercise done in a logged session: the whole of it, or one side.

    What the runner logged never changes when the coach edits the routine: the entry keeps
    the exercise and its name as they were when logged (`exercise`, `exercise_name`), so a
    swap, a removal or an exercise deleted from the catalogue leaves it naming what was done.
    `item` links it to the routine's item for the tallies; removing the item sets it to null
    and `item_ref` keeps the item's id, so an Undo that puts the same item back links its
    history again (services.routine_restore_item)."""

    class Side(models.TextChoices):
        ALL = "all", "Done"
        LEFT = dosing.Side.LEFT.value, "Left side"
        RIGHT = dosing.Side.RIGHT.value, "Right side"

    session = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="done")
    item = models.ForeignKey(
        RoutineItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The item's id when logged, kept after the item is removed (see above).
    item_ref = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    exercise = models.ForeignKey(
        Exercise, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    exercise_name = models.CharField(max_length=80, blank=True)
    side = models.CharField(max_length=10, choices=Side, default=Side.ALL)

    class Meta:
        ordering = ["session", "item__position", "side"]
        constraints = [
            models.UniqueConstraint(fields=["session", "item", "side"], name="session_item_once"),
            models.CheckConstraint(
                condition=Q(side__in=["all", dosing.Side.LEFT.value, dosing.Side.RIGHT.value]),
                name="session_item_side_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.exercise_name or self.item_ref} ({self.side})"

    @property
    def done_name(self) -> str:
        """What the entry says was done: the exercise's name, with the side if one side."""
        name = self.exercise_name
        return name if self.side == self.Side.ALL else f"{name} ({self.side})"


#: The advice a deleted entry must have had to leave a notice for the coach.
NOTICED_ADVICE = (SessionLog.Advice.EASE_BACK.value, SessionLog.Advice.STOP.value)


class Told(models.TextChoices):
    """What the runner was told after a deleted entry, as its notice keeps it: its stored
    advice, or for a "stop" that came from a warning sign the symptom checker treats as an
    emergency or "see a doctor today", the checker's tier (SessionLog.told). Notices from
    before these two were added hold "stop" or "ease_back" and read as they did."""

    EASE_BACK = SessionLog.Advice.EASE_BACK.value, SessionLog.Advice.EASE_BACK.label
    STOP = SessionLog.Advice.STOP.value, SessionLog.Advice.STOP.label
    URGENT = triage_rules.Tier.URGENT.value, triage_rules.Tier.URGENT.label
    EMERGENCY = triage_rules.Tier.EMERGENCY.value, triage_rules.Tier.EMERGENCY.label


#: How soon after logging an entry deleting it counts as correcting it (SessionLog.correctable,
#: services.session_delete): the coach is then not told of its "stop" or "ease back", which
#: the entry said for what was mistyped (HipCare's choice); never for an entry that ticked a
#: warning sign (monitoring.told_to_coach_on_delete).
CORRECTION_WINDOW = timedelta(minutes=10)


#: What a deleted entry must have told the runner for their page to remind them of it
#: (monitoring.deleted_reminder): a sign needing urgent care. A plain "stop" (a pain score, a
#: milder sign) is not held once deleted, though a kept entry's would be for 14 days
#: (monitoring._recent_care): deleting a mistyped entry takes its advice away with it.
REMINDED_ADVICE = (Told.URGENT.value, Told.EMERGENCY.value)


#: How the coach's notice words each: "An entry ... that advised <this> was deleted", and what
#: the runner was told to do.
_NOTICE_WORDS = {
    Told.EASE_BACK: ("easing back", ""),
    Told.STOP: (
        "stopping",
        "to stop the exercises, answer the symptom checker and tell you",
    ),
    Told.URGENT: ("seeing a doctor today", "to stop the exercises and see a doctor today"),
    Told.EMERGENCY: ("getting emergency care", "to stop the exercises and get emergency care now"),
}


class DeletedEntryNoticeQuerySet(models.QuerySet):
    def unseen(self):
        """The notices the coach's panel shows: not yet marked seen."""
        return self.filter(coach_seen__isnull=True)

    def reminding(self, today):
        """The notices whose advice the runner's page still reminds them of
        (monitoring.deleted_reminder): emergency care or a doctor today, from the
        RECENT_CARE_DAYS days up to `today` (or later)."""
        return self.filter(
            advice__in=REMINDED_ADVICE,
            day__gte=today - timedelta(days=monitoring.RECENT_CARE_DAYS),
        )

    def traces(self, routine, since) -> list:
        """The traces (monitoring.Trace: day, advice) of `routine`'s deleted entries that
        the advice reads as their entries' (monitoring.advise's `deleted`): emergency care or a
        doctor today, of `since` or later. No query when `routine` was read with
        `deleted_reminding_day` (routines.views.routine_by_token: the latest such day) and
        that is None or before `since`."""
        latest = getattr(routine, "deleted_reminding_day", since)
        if latest is None or latest < since:
            return []
        return list(
            self.filter(routine_id=routine.pk, advice__in=REMINDED_ADVICE, day__gte=since)
            .order_by("day", "pk")
            .values_list("day", "advice")
        )


class DeletedEntryNotice(models.Model):
    """The trace a deleted entry leaves when its own advice was to stop or to ease back, so
    the coach still learns that it was given, and the runner is still reminded of it: the
    entry's day and that advice, and nothing else of it (no pain, warning signs, note or
    exercises). The coach's panel shows it until the coach marks it seen; the runner's page
    reminds of a doctor today or emergency care for RECENT_CARE_DAYS after its day
    (monitoring.deleted_reminder). Marked seen, it is deleted unless the runner's page still
    reminds of it (then kept, `coach_seen` set, until a later write finds it past that:
    services.deleted_entry_notice_seen, session_delete); deleting the routine deletes it
    too."""

    ADVICES = NOTICED_ADVICE

    routine = models.ForeignKey(
        Routine, on_delete=models.CASCADE, related_name="deleted_entry_notices"
    )
    day = models.DateField("day of the deleted entry")
    advice = models.CharField(max_length=10, choices=Told)
    deleted = models.DateTimeField("deleted at", auto_now_add=True)
    coach_seen = models.DateTimeField(
        "seen by the coach",
        null=True,
        blank=True,
        help_text="Marked seen while the runner's page still reminds of it; blank until then.",
    )

    objects = DeletedEntryNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-deleted", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(advice__in=Told.values),
                name="deleted_entry_notice_told",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.routine}: entry of {self.day:%Y-%m-%d} deleted ({self.advice})"

    def get_absolute_url(self) -> str:
        return f"{self.routine.get_absolute_url()}#deleted-entry-{self.pk}"

    @property
    def advised_stop(self) -> bool:
        """The runner was told to stop, or more: a doctor today, emergency care."""
        return self.advice != Told.EASE_BACK

    @property
    def advised(self) -> str:
        """What the entry advised, for "an entry that advised ... was deleted"."""
        return _NOTICE_WORDS[self.advice][0]

    @property
    def runner_was_told(self) -> str:
        """What the runner was told to do, for "the runner was told ...", or "" (ease back)."""
        return _NOTICE_WORDS[self.advice][1]

    @property
    def coach_label(self) -> str:
        """As the coach's panel words it: "Told to get emergency care"..."""
        return monitoring.coach_label(self.advice)

    @property
    def short_name(self) -> str:
        """What the runner was told in a word or two ("emergency", "stop"...)."""
        return monitoring.short_name(self.advice)
