import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

from exercises import dosing, figures, search
from triage.starter import cautions_for

# Ranges a dose keeps to, shared by exercises and routine items.
SETS_RANGE = Q(sets_min__gte=1) & Q(sets_min__lte=F("sets_max"))
FREQUENCY_RANGE = Q(frequency_min__gte=1) & Q(frequency_min__lte=F("frequency_max"))
# A dose counts either reps or a hold in seconds, never both, each as a range min <= max.
REPS_OR_HOLD = Q(
    reps_min__isnull=False,
    reps_max__isnull=False,
    reps_min__gte=1,
    reps_min__lte=F("reps_max"),
    hold_seconds_min__isnull=True,
    hold_seconds_max__isnull=True,
) | Q(
    hold_seconds_min__isnull=False,
    hold_seconds_max__isnull=False,
    hold_seconds_min__gte=1,
    hold_seconds_min__lte=F("hold_seconds_max"),
    reps_min__isnull=True,
    reps_max__isnull=True,
)


def search_text_field():
    """Stemmed words of the row for the catalogue search, set on every save (see below)."""
    return models.TextField(editable=False, blank=True, default="")


class Source(models.Model):
    """An article or guideline that an exercise, a dose or a triage rule comes from."""

    class Kind(models.TextChoices):
        ARTICLE = "article", "Source article"
        GUIDELINE = "guideline", "Clinical guidance"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    publisher = models.CharField(
        max_length=200,
        help_text="Who published it: the site, organisation or journal (and the author if known).",
    )
    date = models.CharField(
        "date",
        max_length=60,
        blank=True,
        help_text="As the source gives it: published or last reviewed (e.g. 2024, reviewed "
        "March 2023). Leave blank when it gives none; it then shows as undated.",
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.ARTICLE)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "publisher"],
                name="source_title_publisher_once",
                violation_error_message="This publisher already has a source with this title.",
            ),
        ]

    def __str__(self) -> str:
        """The title with its publisher and date, so two sources never read the same."""
        return f"{self.title} ({self.publisher or 'no publisher'}, {self.date or 'undated'})"


class Muscle(models.Model):
    """A muscle group in HipCare's hip-focused taxonomy."""

    class View(models.TextChoices):
        FRONT = "front", "Front of the body"
        BACK = "back", "Back of the body"
        SIDE = "side", "Side of the body"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80, unique=True)
    view = models.CharField(max_length=10, choices=View, default=View.FRONT)
    order = models.PositiveSmallIntegerField(default=0)
    search_text = search_text_field()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Equipment(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80, unique=True)
    search_text = search_text_field()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "equipment"

    def __str__(self) -> str:
        return self.name


class PainLocation(models.Model):
    """Where a runner feels it. Slugs match the symptom checker's `location` answers."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    search_text = search_text_field()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


def validate_figure(value) -> None:
    """A stored figure must draw: the pure renderer says what is wrong, in plain words."""
    try:
        figures.check(value)
    except figures.FigureError as error:
        raise ValidationError(str(error), code="invalid_figure") from error


class ExerciseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


# What a runner needs of a published exercise, each with what to do when it is missing. A draft
# (Published unticked) may lack any of them. The admin checks each where it is edited
# (ExerciseAdminForm, the steps' and muscles' inline formsets, the Publish action), and
# load_catalogue checks the shipped catalogue.
PUBLISHING_NEEDS = {
    "steps": "A published exercise needs its steps (How to do it): add at least one step, "
    "or untick Published to keep it as a draft.",
    "muscles": "A published exercise needs at least one main (primary) muscle: add it under "
    "Exercise muscles, or untick Published to keep it as a draft.",
    "pain_locations": "A published exercise needs the pain it suits (Suits pain in): choose at "
    "least one, or untick Published to keep it as a draft.",
    "sources": "A published exercise names its sources: choose at least one, or untick "
    "Published to keep it as a draft.",
    "figure": "A published exercise needs its pictures: fill in the figure under Pictures, "
    "or untick Published to keep it as a draft.",
}


class Exercise(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        STRETCH = "stretch", "Stretch"
        MOBILITY = "mobility", "Mobility"

    class Position(models.TextChoices):
        STANDING = "standing", "Standing"
        KNEELING = "kneeling", "Kneeling"
        LYING_BACK = "lying_back", "Lying on your back"
        LYING_FRONT = "lying_front", "Lying on your front"
        SIDE_LYING = "side_lying", "Lying on your side"
        SITTING = "sitting", "Sitting"
        ALL_FOURS = "all_fours", "On all fours"

    class Level(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    class Period(models.TextChoices):
        WEEK = "week", "a week"
        DAY = "day", "a day"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    aliases = models.TextField(
        blank=True, help_text="Other names the articles use for this move, one per line."
    )
    article_headings = models.TextField(
        "headings in the articles",
        blank=True,
        help_text=(
            "How each source article heads this move, one per line, without its number "
            "(e.g. Glute Bridges). The catalogue search finds the move by these too."
        ),
    )
    kind = models.CharField(max_length=20, choices=Kind)
    purpose = models.CharField(max_length=200, help_text="One line: what the move is for.")
    why = models.TextField("why it helps runners' hips")
    cues = models.TextField(
        blank=True, help_text="Common mistakes and coaching cues, one per line."
    )
    position = models.CharField("body position", max_length=20, choices=Position)
    unilateral = models.BooleanField(
        "one side at a time", default=False, help_text="Done on each side in turn."
    )
    level = models.CharField(max_length=20, choices=Level, default=Level.BEGINNER)
    loadable = models.BooleanField(
        default=False,
        help_text="Can be loaded with weights, so the advanced presets apply.",
    )
    reps_or_hold = models.BooleanField(
        "counted in reps or held",
        default=False,
        help_text=(
            "A coach may count it in reps or time it as a hold (a bridge held at the top, "
            "side-plank lifts). Its dose below says which it starts as."
        ),
    )
    figure = models.JSONField(
        "pictures",
        default=dict,
        blank=True,
        validators=[validate_figure],
        help_text=(
            "JSON: view (side or front); start and end, each joint angles in degrees (trunk, "
            "spine, head, and near_ or far_ hip, knee, ankle, shoulder, elbow, wrist; a joint "
            "left out is 0); moving (near_leg, far_arm, trunk...); start_alt and end_alt, a "
            "sentence describing each position; optional props (mat, box, bench, chair, wall, "
            "band, dumbbell), anchor and arrow. The preview below redraws as you type."
        ),
    )
    equipment = models.ManyToManyField(Equipment, blank=True, related_name="exercises")
    muscles = models.ManyToManyField(Muscle, through="ExerciseMuscle", related_name="exercises")
    pain_locations = models.ManyToManyField(PainLocation, blank=True, related_name="exercises")
    sources = models.ManyToManyField(Source, related_name="exercises")
    harder_versions = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="easier_versions"
    )

    sets_min = models.PositiveSmallIntegerField(default=1)
    sets_max = models.PositiveSmallIntegerField(default=3)
    reps_min = models.PositiveSmallIntegerField(null=True, blank=True)
    reps_max = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds_min = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds_max = models.PositiveSmallIntegerField(null=True, blank=True)
    frequency_min = models.PositiveSmallIntegerField(default=2)
    frequency_max = models.PositiveSmallIntegerField(default=2)
    frequency_period = models.CharField(max_length=10, choices=Period, default=Period.WEEK)
    dosing_note = models.TextField(
        blank=True,
        help_text="Where the articles differ on the dose, or add a detail (e.g. work up to 20).",
    )

    published = models.BooleanField(default=True)
    search_text = search_text_field()

    objects = ExerciseQuerySet.as_manager()

    # A search's rows carry their rank (exercises.search); other rows have none. A default here
    # spares the catalogue cards, which read it on every card, a failed template lookup each
    # (Django then runs dir() on the row to tell a missing attribute from a broken property).
    search_rank = None

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=SETS_RANGE,
                name="exercise_sets_range",
                violation_error_message=(
                    "Sets: the minimum must be at least 1 and not above the maximum."
                ),
            ),
            models.CheckConstraint(
                condition=FREQUENCY_RANGE,
                name="exercise_frequency_range",
                violation_error_message=(
                    "How often: the minimum must be at least 1 and not above the maximum."
                ),
            ),
            models.CheckConstraint(
                condition=REPS_OR_HOLD,
                name="exercise_reps_or_hold",
                violation_error_message=(
                    "Give either a rep range or a hold in seconds (not both), "
                    "with the minimum not above the maximum."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return exercise_url("exercises:detail", slug=self.slug)

    def clean(self) -> None:
        """A published exercise has its pictures (the related rows it needs are checked where
        they are edited: see PUBLISHING_NEEDS). The Pictures section is folded away in admin,
        so the message is the form's own, at its top."""
        super().clean()
        if self.published and not self.figure:
            raise ValidationError(PUBLISHING_NEEDS["figure"], code="publish_needs_figure")

    def missing_for_publishing(self) -> list[str]:
        """What this saved exercise lacks to be published (PUBLISHING_NEEDS' messages)."""
        have = {
            "steps": self.steps.exclude(text="").exists(),
            "muscles": self.muscle_links.filter(role=ExerciseMuscle.Role.PRIMARY).exists(),
            "pain_locations": self.pain_locations.exists() or cautioned(self.slug, self.position),
            "sources": self.sources.exists(),
            "figure": bool(self.figure),
        }
        return [PUBLISHING_NEEDS[need] for need, present in have.items() if not present]

    def search_phrases(self) -> list[str]:
        """What the catalogue search finds this exercise by (besides its links)."""
        return [self.name, *self.aliases.splitlines(), *self.article_headings.splitlines()]

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def cue_list(self) -> list[str]:
        return [line.strip() for line in self.cues.splitlines() if line.strip()]

    @property
    def is_hold(self) -> bool:
        return self.hold_seconds_min is not None

    @property
    def equipment_names(self) -> list[str]:
        """From the catalogue's `equipment_joined` annotation when present, else a query."""
        if hasattr(self, "equipment_joined"):
            return sorted(name for name in (self.equipment_joined or "").split("|") if name)
        return [item.name for item in self.equipment.all()]

    def figure_svg(
        self, which: str, *, size: str = "", labelled: bool = True, small: bool = False
    ) -> str:
        """The start or end position drawn as SVG (computed once per pose), or "" without one.
        small: a thumbnail's line weights."""
        if not self.figure:
            return ""
        return figures.render(self.figure, which, size=size, labelled=labelled, small=small)

    def muscles_by_role(self, role: str) -> list["Muscle"]:
        """From the prefetched `muscle_links`, so a page can list both roles without queries."""
        return [link.muscle for link in self.muscle_links.all() if link.role == role]

    @property
    def primary_muscles(self) -> list["Muscle"]:
        return self.muscles_by_role(ExerciseMuscle.Role.PRIMARY)

    @property
    def secondary_muscles(self) -> list["Muscle"]:
        return self.muscles_by_role(ExerciseMuscle.Role.SECONDARY)

    def base_dose(self) -> dosing.Dose:
        """The dose as the articles give it, on each side for a one-sided move."""
        return dosing.Dose(
            sets=dosing.Range(self.sets_min, self.sets_max),
            reps=dosing.Range(self.reps_min, self.reps_max) if not self.is_hold else None,
            hold_seconds=(
                dosing.Range(self.hold_seconds_min, self.hold_seconds_max) if self.is_hold else None
            ),
            frequency=dosing.Range(self.frequency_min, self.frequency_max),
            period=dosing.Period(self.frequency_period),
            side=dosing.Side.EACH if self.unilateral else dosing.Side.BOTH,
        )

    @property
    def units(self) -> tuple[dosing.Unit, ...]:
        """How the move may be counted: its own dose's unit first."""
        own = dosing.Unit.HOLD if self.is_hold else dosing.Unit.REPS
        if not self.reps_or_hold:
            return (own,)
        other = dosing.Unit.REPS if own is dosing.Unit.HOLD else dosing.Unit.HOLD
        return (own, other)

    def move(self) -> dosing.Move:
        """The facts a dose must fit (units, sides, load), for the dosing rules."""
        return dosing.Move(
            name=self.name,
            units=self.units,
            one_sided=self.unilateral,
            loadable=self.loadable,
            difficulty=dosing.Difficulty(self.level),
        )

    def dose_for(self, preset: dosing.Preset) -> dosing.Dose:
        return dosing.default_dose(
            self.base_dose(), preset=preset, loadable=self.loadable, unilateral=self.unilateral
        )

    def doses_by_level(self, *, side_words: str | None = None) -> list[tuple[str, str]]:
        """(level, dose in words) for the exercise page; one line when the level changes nothing.
        ``side_words``: the side in place of the dose's own (dosing.in_words)."""
        if not self.loadable or self.is_hold:
            return [("Every level", dosing.in_words(self.base_dose(), side_words=side_words))]
        return [
            (preset.label, dosing.in_words(self.dose_for(preset), side_words=side_words))
            for preset in dosing.Preset
        ]


@receiver(pre_save, sender=Exercise)
@receiver(pre_save, sender=Muscle)
@receiver(pre_save, sender=Equipment)
@receiver(pre_save, sender=PainLocation)
def _set_search_text(sender, instance, **kwargs) -> None:
    """Keep each row's stored search words in step with its text, however it is saved
    (admin, a fixture loaded with loaddata, a script)."""
    phrases = instance.search_phrases() if sender is Exercise else [instance.name]
    instance.search_text = search.index_text(phrases)


class ExerciseMuscle(models.Model):
    class Role(models.TextChoices):
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="muscle_links")
    muscle = models.ForeignKey(Muscle, on_delete=models.PROTECT, related_name="exercise_links")
    role = models.CharField(max_length=10, choices=Role, default=Role.PRIMARY)

    class Meta:
        ordering = ["role", "muscle__order"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "muscle"], name="exercise_muscle_once"),
        ]

    def __str__(self) -> str:
        return f"{self.exercise}: {self.muscle} ({self.get_role_display()})"


class Step(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    switches_sides = models.BooleanField(
        "sends the runner to the other side",
        default=False,
        help_text="E.g. “Finish the set, then swap legs.” A routine done on one side only "
        "shows the words below instead.",
    )
    one_side_text = models.TextField(
        "words for one side only",
        blank=True,
        help_text="What this step says when only one side is worked (e.g. “Finish the set.”); "
        "leave empty to leave the step out.",
    )

    class Meta:
        # No unique (exercise, position): admin reorders steps by dragging, which saves the
        # new positions one row at a time, and two steps swapping places would collide.
        ordering = ["exercise", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.exercise} step {self.position}"


class CatalogueVersion(models.Model):
    """A single row whose number goes up whenever anything a public page shows about the
    catalogue changes (exercises, their steps, muscles, equipment, sources...). Cached pages
    carry it in their key, so every worker process sees an edit at once."""

    number = models.PositiveBigIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="catalogue_version_single_row"),
        ]

    def __str__(self) -> str:
        return f"Catalogue version {self.number}"


def exercise_url(name: str, **kwargs: str) -> str:
    """reverse() of one of an exercise's URLs, remembered per process: a catalogue page asks
    for two per card (the page and the figure), and reverse() was a tenth of its render. Keyed
    by the script prefix too, which reverse() depends on."""
    return _exercise_url(get_script_prefix(), name, tuple(sorted(kwargs.items())))


@functools.lru_cache(maxsize=4096)
def _exercise_url(script_prefix: str, name: str, kwargs: tuple) -> str:
    return reverse(name, kwargs=dict(kwargs))


def cautioned(slug: str, position: str) -> bool:
    """Whether the symptom checker leaves the move out for pain somewhere (triage.starter): it
    may then suit no pain location, its page saying which pain it is not for in their place
    (a move the checker avoids for outer-hip pain does not suit outer-hip pain)."""
    return any(caution.avoid for caution in cautions_for(slug, position))
