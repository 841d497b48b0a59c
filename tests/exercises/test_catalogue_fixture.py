"""The real exercise catalogue (fixtures/catalogue.json) loads with sane, attributed content."""

import re

import pytest
from django.conf import settings

from exercises import dosing
from exercises.models import Exercise, ExerciseMuscle, Muscle, PainLocation, Source
from triage import rules

pytestmark = pytest.mark.django_db

CATALOGUE = settings.BASE_DIR / "fixtures" / "catalogue.json"

MUSCLE_SLUGS = {
    "gluteus-maximus",
    "gluteus-medius",
    "gluteus-minimus",
    "hip-flexors",
    "quadriceps",
    "hamstrings",
    "adductors",
    "hip-abductors",
    "deep-rotators",
    "tfl-it-band",
    "calves",
    "core",
    "low-back",
}
PAIN_LOCATION_SLUGS = {"front_groin", "outer_side", "back_buttock"}
ARTICLE_SLUGS = {
    "run-longer-faster",
    "managing-hip-pain",
    "hip-pain-and-running",
    "eleven-hip-exercises",
}
# Every guideline a triage rule cites must be in the catalogue's Source table.
GUIDELINE_SLUGS = set(rules.GUIDELINE_SOURCES)


@pytest.fixture(autouse=True)
def catalogue(real_catalogue):
    """Every test reads the real catalogue, loaded once for the module."""


def exercises():
    return list(
        Exercise.objects.published().prefetch_related(
            "steps", "muscle_links", "sources", "pain_locations", "harder_versions"
        )
    )


def search(term):
    """Exercises whose name or one of whose aliases contains `term` (case-insensitive)."""
    term = term.lower()
    return {
        exercise.slug
        for exercise in Exercise.objects.published()
        if term in exercise.name.lower() or any(term in a.lower() for a in exercise.alias_list)
    }


def test_catalogue_has_30_to_40_published_exercises():
    assert 30 <= Exercise.objects.published().count() <= 40


def test_every_exercise_has_ordered_steps():
    for exercise in exercises():
        positions = [step.position for step in exercise.steps.all()]
        assert len(positions) >= 2, exercise.slug
        assert sorted(positions) == list(range(1, len(positions) + 1)), exercise.slug
        assert all(step.text.strip() for step in exercise.steps.all()), exercise.slug


def test_every_exercise_explains_its_purpose_and_why_it_helps():
    for exercise in exercises():
        assert exercise.purpose.strip(), exercise.slug
        assert len(exercise.purpose) <= 200, exercise.slug
        assert exercise.why.strip(), exercise.slug


def test_every_exercise_has_a_primary_muscle():
    for exercise in exercises():
        roles = [link.role for link in exercise.muscle_links.all()]
        assert roles.count(ExerciseMuscle.Role.PRIMARY) >= 1, exercise.slug


def test_every_exercise_cites_a_source_article():
    for exercise in exercises():
        kinds = {source.kind for source in exercise.sources.all()}
        assert Source.Kind.ARTICLE in kinds, exercise.slug


def test_every_exercise_suits_at_least_one_pain_location():
    """Or the symptom checker leaves it out for pain somewhere, which its page says in place
    (tests/exercises/test_catalogue_cautions.py)."""
    for exercise in exercises():
        assert exercise.pain_locations.exists() or exercise.slug in {
            "iliotibial-band-stretch",
            "side-plank",
            "clam-raise",
        }, exercise.slug


def test_dosing_ranges_are_sane():
    for exercise in exercises():
        assert 1 <= exercise.sets_min <= exercise.sets_max <= 5, exercise.slug
        if exercise.is_hold:
            assert exercise.reps_min is None and exercise.reps_max is None, exercise.slug
            assert 10 <= exercise.hold_seconds_min <= exercise.hold_seconds_max <= 120, (
                exercise.slug
            )
        else:
            assert exercise.reps_min is not None, exercise.slug
            assert 1 <= exercise.reps_min <= exercise.reps_max <= 30, exercise.slug
        assert 1 <= exercise.frequency_min <= exercise.frequency_max, exercise.slug


def test_strength_moves_have_reps_or_a_hold_two_to_three_times_a_week():
    strength = [e for e in exercises() if e.kind == Exercise.Kind.STRENGTH]
    assert strength
    for exercise in strength:
        assert exercise.reps_min is not None or exercise.hold_seconds_min is not None, exercise.slug
        assert exercise.frequency_period == Exercise.Period.WEEK, exercise.slug
        assert 2 <= exercise.frequency_min <= exercise.frequency_max <= 3, exercise.slug


def test_stretches_are_held_and_done_daily():
    stretches = [e for e in exercises() if e.kind == Exercise.Kind.STRETCH]
    assert stretches
    for exercise in stretches:
        assert exercise.is_hold, exercise.slug
        assert exercise.frequency_period == Exercise.Period.DAY, exercise.slug


def test_no_two_exercises_share_a_name_or_alias():
    owner = {}
    for exercise in exercises():
        labels = [exercise.name, *exercise.alias_list]
        for label in labels:
            key = label.strip().lower()
            assert key not in owner or owner[key] == exercise.slug, (
                f"{label!r} is used by {owner.get(key)} and {exercise.slug}"
            )
            owner[key] = exercise.slug
        assert len({label.lower() for label in labels}) == len(labels), exercise.slug


def test_figure_4_and_piriformis_searches_find_the_same_stretch():
    figure_4 = search("figure 4")
    piriformis = search("piriformis")
    assert len(figure_4) == 1
    assert figure_4 == piriformis


def test_every_source_article_is_used_by_an_exercise():
    articles = Source.objects.filter(kind=Source.Kind.ARTICLE)
    assert set(articles.values_list("slug", flat=True)) == ARTICLE_SLUGS
    for article in articles:
        assert article.exercises.filter(published=True).exists(), article.slug


def test_guideline_sources_for_the_symptom_checker_exist():
    guidelines = Source.objects.filter(kind=Source.Kind.GUIDELINE)
    assert set(guidelines.values_list("slug", flat=True)) == GUIDELINE_SLUGS


def test_all_muscles_and_pain_locations_exist():
    assert set(Muscle.objects.values_list("slug", flat=True)) == MUSCLE_SLUGS
    assert sorted(Muscle.objects.values_list("order", flat=True)) == list(range(1, 14))
    assert set(PainLocation.objects.values_list("slug", flat=True)) == PAIN_LOCATION_SLUGS


def test_harder_versions_never_point_at_the_same_exercise():
    for exercise in exercises():
        assert exercise not in exercise.harder_versions.all(), exercise.slug


def test_progressions_run_from_glute_bridge_to_hip_thrust():
    bridge = Exercise.objects.get(slug="glute-bridge")
    single_leg = bridge.harder_versions.get()
    assert single_leg.slug == "single-leg-glute-bridge"
    assert single_leg.harder_versions.filter(slug="hip-thrust").exists()


def test_every_source_a_triage_rule_cites_is_in_the_catalogue():
    cited = {slug for rule in rules.RULES for slug in rule.sources}
    assert cited <= set(Source.objects.values_list("slug", flat=True))


# The beginner doses the articles give. Runner's World ("Try These Exercises for Hip Pain...")
# gives every move it lists, and is the general guidance for moves whose article gives none:
# beginners 1-3 sets of 12-15, twice a week; weights come later, at 3 x 8-12 or 3-4 x 4-6.
# "Hip Pain And Running" gives its own moves 8-10 reps (2-3 sets where it says so).
GENERAL_BEGINNER_DOSE = ((1, 3), (12, 15))
ARTICLE_BEGINNER_DOSES = {
    # Hip Pain And Running: 8-10 reps; sets follow the general guidance where it gives none.
    "glute-bridge": ((1, 3), (8, 10)),
    "reverse-lunge": ((1, 3), (8, 10)),
    "standing-hip-abduction": ((1, 3), (8, 10)),
    # Hip Pain And Running: 2-3 sets of 8-10.
    "fire-hydrant": ((2, 3), (8, 10)),
    "single-leg-romanian-deadlift": ((2, 3), (8, 10)),
    "lateral-step-up": ((2, 3), (8, 10)),
    # Two articles: 8-10 in Hip Pain And Running, 12-15 in Runner's World; the range spans both.
    "banded-clamshell": ((1, 3), (8, 15)),
    # 11 Hip-Strengthening Exercises: build toward 20 reps from the general 12.
    "single-leg-calf-raise": ((1, 3), (12, 20)),
    # A breathing cycle, not a strength set (HipCare's own default, said in its note).
    "cat-cow": ((1, 2), (8, 10)),
}
WEIGHTED_PRESET_DOSES = {((3, 3), (8, 12)), ((3, 4), (4, 6))}


def _beginner_sets_reps(exercise):
    dose = exercise.dose_for(dosing.Preset.BEGINNER)
    return (dose.sets.low, dose.sets.high), (dose.reps.low, dose.reps.high)


def test_every_counted_move_starts_beginners_on_the_articles_dose():
    """The "Starting out" dose of a move counted in reps is the dose its article gives, or the
    general beginner guidance (1-3 x 12-15) where its article gives none: never a weighted dose
    (hip thrust once started beginners at 3 x 8-12)."""
    counted = [exercise for exercise in exercises() if not exercise.is_hold]
    assert len(counted) >= 20
    wrong = {}
    for exercise in counted:
        expected = ARTICLE_BEGINNER_DOSES.get(exercise.slug, GENERAL_BEGINNER_DOSE)
        if _beginner_sets_reps(exercise) != expected:
            wrong[exercise.slug] = (_beginner_sets_reps(exercise), expected)
    assert wrong == {}


def test_no_beginner_dose_is_a_weighted_dose():
    for exercise in exercises():
        if not exercise.is_hold:
            assert _beginner_sets_reps(exercise) not in WEIGHTED_PRESET_DOSES, exercise.slug


def test_loadable_moves_follow_the_weighted_presets():
    hip_thrust = Exercise.objects.get(slug="hip-thrust")
    assert hip_thrust.loadable
    assert _beginner_sets_reps(hip_thrust) == GENERAL_BEGINNER_DOSE
    moderate = hip_thrust.dose_for(dosing.Preset.ADVANCED_MODERATE)
    heavy = hip_thrust.dose_for(dosing.Preset.ADVANCED_HEAVY)
    assert (str(moderate.sets), str(moderate.reps)) == ("3", "8-12")
    assert (str(heavy.sets), str(heavy.reps)) == ("3-4", "4-6")


def test_dosing_notes_that_cite_the_general_guidance_match_the_dose():
    """A note that says the move follows the general beginner guidance (1-3 sets of 12-15)
    describes the dose the move actually has."""
    for exercise in exercises():
        note = exercise.dosing_note
        if "general beginner guidance" in note and "1-3 sets of 12-15" in note:
            assert _beginner_sets_reps(exercise) == GENERAL_BEGINNER_DOSE, exercise.slug


# Words that move the runner to the other side ("the other foot" in a setup step does not).
SWITCH_WORDS = re.compile(
    r"the other side|work the other|switch|swap|change (sides|legs|feet)|turn(ing)? over|"
    r"turn around|the other way|alternat|repeat with the (left|right|other)",
    re.IGNORECASE,
)


def test_one_side_only_steps_never_send_the_runner_to_the_other_side():
    """A dose on the left (or right) side only reads without "then switch sides": every step
    that moves to the other side says what to do instead, or drops out."""
    for exercise in exercises():
        if not exercise.unilateral:
            continue
        steps = [
            dosing.StepText(s.text, s.switches_sides, s.one_side_text) for s in exercise.steps.all()
        ]
        for side in (dosing.Side.LEFT, dosing.Side.RIGHT):
            for text in dosing.steps_for_side(steps, side)[1:]:
                assert not SWITCH_WORDS.search(text), (exercise.slug, text)
        # Both sides: every step, as written.
        assert dosing.steps_for_side(steps, dosing.Side.EACH) == [s.text for s in steps]


def test_side_lying_moves_never_name_the_side_to_lie_on():
    """For outer-hip pain the symptom checker keeps a move done lying on one side to the
    painful leg, lying on the side that doesn't hurt, which may be the left or the right: the
    Clamshell's "Lie on your right side" was wrong for a painful right hip."""
    side_lying = Exercise.objects.filter(position=Exercise.Position.SIDE_LYING, unilateral=True)
    assert side_lying.filter(slug="clamshell").exists()
    for exercise in side_lying:
        for step in exercise.steps.all():
            assert not re.search(r"\b(left|right)\b", step.text, re.I), (exercise.slug, step.text)


def test_moves_the_articles_count_or_hold_allow_both():
    """Article 003 counts side-plank lifts; a bridge can be held at the top."""
    both = set(Exercise.objects.filter(reps_or_hold=True).values_list("slug", flat=True))
    assert {"glute-bridge", "side-plank"} <= both
    assert not Exercise.objects.filter(reps_or_hold=True, kind=Exercise.Kind.STRETCH).exists()


# --- Content slips: each kind has a check that would catch it ---------------------------------

# Equipment a step can name, as the words steps use for it. "IT band", "your weight" and
# "Step your foot back" are not equipment.
EQUIPMENT_WORDS = {
    "dumbbells": r"\bdumbbells?\b|\bkettlebells?\b|\b(?:a|light|the|heavy|some)\s+weights?\b",
    "resistance-band": r"\b(?:resistance|loop|mini|the|a)\s+band\b",
    "step-or-box": r"\bbox\b|\b(?:a|the|high|low)\s+step\b",
    "bench": r"\bbench\b",
    "chair": r"\bchair\b",
    "wall": r"\bwall\b",
    "mat": r"\bmat\b",
}
# What each figure prop stands for in the equipment list.
PROP_EQUIPMENT = {
    "box": "step-or-box",
    "bench": "bench",
    "chair": "chair",
    "wall": "wall",
    "band": "resistance-band",
    "dumbbell": "dumbbells",
    "mat": "mat",
}


def equipment_named(text: str) -> set[str]:
    import re

    return {slug for slug, pattern in EQUIPMENT_WORDS.items() if re.search(pattern, text, re.I)}


def test_the_equipment_detector_knows_equipment_from_other_words():
    assert equipment_named("Hold a light weight against your chest.") == {"dumbbells"}
    assert equipment_named("Shift your weight onto one leg and step back.") == set()
    assert equipment_named("Feel it along the IT band.") == set()
    assert equipment_named("Stand beside a box, bench or high step.") == {"step-or-box", "bench"}


def test_equipment_named_in_the_steps_is_tagged():
    """A step naming equipment needs it tagged (one of them, where it offers a choice such as
    "a wall or chair"); a weight is never optional once a step holds it."""
    untagged = []
    for exercise in exercises():
        tagged = {item.slug for item in exercise.equipment.all()}
        for step in exercise.steps.all():
            named = equipment_named(step.text)
            if (named and not named & tagged) or ("dumbbells" in named - tagged):
                untagged.append((exercise.name, step.text, sorted(named), sorted(tagged)))
    assert untagged == []


def test_props_in_the_pictures_are_tagged_equipment():
    wrong = []
    for exercise in exercises():
        tagged = {item.slug for item in exercise.equipment.all()}
        for prop in exercise.figure.get("props", []):
            if PROP_EQUIPMENT[prop["kind"]] not in tagged:
                wrong.append((exercise.name, prop["kind"]))
    assert wrong == []


def test_every_source_has_a_publisher_that_is_more_than_a_first_name():
    for source in Source.objects.all():
        assert source.publisher.strip(), source.slug
        assert len(source.publisher.split()) > 1 or source.publisher.isupper(), source.publisher


def test_no_publisher_has_two_sources_with_one_title():
    # Titles are the pages' own (two publishers may both call a page "Septic arthritis"); a
    # citation reads as title and publisher, and those pairs never repeat.
    titles = [
        (source.title.strip().casefold(), source.publisher.strip().casefold())
        for source in Source.objects.all()
    ]
    assert len(titles) == len(set(titles))
    labels = [str(source) for source in Source.objects.all()]
    assert len(labels) == len(set(labels))


def test_every_exercise_records_how_the_articles_head_it():
    for exercise in exercises():
        if exercise.sources.filter(kind=Source.Kind.ARTICLE).exists():
            assert exercise.article_headings.strip(), exercise.name


def test_every_move_the_outer_hip_caution_leaves_out_is_in_the_catalogue():
    """The caution names catalogue slugs: a renamed move would slip past it unnoticed."""
    from triage.starter import OUTER_HIP_CAUTION

    published = set(Exercise.objects.published().values_list("slug", flat=True))
    assert set(OUTER_HIP_CAUTION.moves) <= published


@pytest.mark.parametrize("improving", ["yes", "not_tried"])
@pytest.mark.parametrize("weight_bearing", ["full", "painful"])
def test_the_real_starter_routine_for_outer_hip_pain_has_nothing_the_sources_flag(
    client, improving, weight_bearing
):
    """QA: outer-hip pain named gluteal tendinopathy, then prescribed a daily IT band stretch
    (the top knee pushed down: the thigh across the body) and side lunges."""
    from django.urls import reverse

    from triage.starter import OUTER_HIP_CAUTION

    data = {
        "age": "34",
        "onset": "gradual",
        "location": "outer_side",
        "severity": "3",
        "duration_days": "5",
        "weight_bearing": weight_bearing,
        "improving": improving,
        "pregnancy": "no",
    }
    page = client.post(reverse("triage:form"), data).content.decode()
    if weight_bearing == "full":
        assert 'class="starter"' in page
        assert "gluteal tendons" in page  # the caution, with its sources
        assert "South Tees Hospitals NHS Foundation Trust" in page
    names = {
        exercise.name: exercise.slug
        for exercise in Exercise.objects.filter(slug__in=OUTER_HIP_CAUTION.moves)
    }
    for name in names:
        assert f"<strong>{name}</strong>" not in page, name
    rules_page = client.get(reverse("triage:rules")).content.decode()
    for name in names:
        assert name in rules_page


# --- Names and pictures that say what the move is (fresh tester: "Press Up" in a hip routine) ---

# A name may add words to the article's heading (Lying, Banded, Stretch) but keeps its words, so
# a runner can find the move in the article it cites. The one exception, and why:
NAMED_OTHERWISE = {
    # The article heads it "Single leg stand from plinth"; a plinth is a treatment couch, so
    # the catalogue names what you do (any chair or bench) and keeps the heading as an alias.
    "single-leg-sit-to-stand",
}


def _name_words(text):
    """Lower-case words, a plural's "s" and "the" dropped: "Glute Bridges" -> {glute, bridge}."""
    words = re.split(r"[^a-z0-9]+", text.lower())
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w and w != "the"}


def test_every_name_keeps_the_words_of_an_article_heading():
    for exercise in exercises():
        if exercise.slug in NAMED_OTHERWISE:
            assert exercise.article_headings in exercise.aliases, exercise.slug
            continue
        headings = [line for line in exercise.article_headings.splitlines() if line.strip()]
        name = _name_words(exercise.name)
        assert any(_name_words(heading) <= name for heading in headings), exercise.name


def test_every_stretch_is_named_as_a_stretch():
    """In British English a press-up is the strength move on hands and toes; the article's
    "Press Up" is a stretch lying face down. Every stretch says it is one in its name."""
    stretches = [e for e in exercises() if e.kind == Exercise.Kind.STRETCH]
    assert stretches
    for exercise in stretches:
        assert "Stretch" in exercise.name.split(), exercise.name


def test_the_press_up_stretch_is_the_articles_move_and_its_picture_keeps_the_hips_down():
    """Runner's World's "Press Up": lie face down, palms under the shoulders, press the chest
    up with the hip bones kept on the ground, hold about 60 s (a stretch for the low back and
    the hip flexors). The picture shows that: face down at the start; at the end the pelvis
    and the feet are still on the floor, the chest is raised, and the hands press the floor."""
    from exercises import figures

    exercise = Exercise.objects.get(slug="press-up")
    assert exercise.name == "Press-Up Stretch" and exercise.kind == Exercise.Kind.STRETCH
    assert "Press Up" in exercise.article_headings.splitlines()
    assert list(exercise.sources.values_list("slug", flat=True)) == ["run-longer-faster"]
    assert exercise.position == Exercise.Position.LYING_FRONT
    assert exercise.hold_seconds_max == 60 and exercise.frequency_period == "day"
    assert "not the strength press-up" in exercise.cues
    scene = figures.scene(figures.parse(exercise.figure))

    def height(skeleton, point):
        return -(skeleton.points[point][1] + skeleton.clearance(point))

    assert exercise.figure["start"]["trunk"] == 90  # face down
    for point in ("pelvis", "near_toe", "far_toe"):
        assert abs(height(scene.end, point)) < 1, point
    assert height(scene.end, "chest") > 20 > height(scene.start, "chest")
    for side in ("near", "far"):
        assert abs(height(scene.end, f"{side}_wrist")) < 1
        # The hands stay where they were put, under the shoulders.
        start_x, end_x = (
            scene.start.points[f"{side}_wrist"][0],
            scene.end.points[f"{side}_wrist"][0],
        )
        assert abs(end_x - start_x) < 2


#: Words in an exercise's summary or steps that name a piece of equipment (by its slug). Not
#: the runner's body weight ("shift your weight"), the IT band, or a step taken ("step back").
EQUIPMENT_WORDS = {
    "resistance-band": r"(?<!IT )(?<!iliotibial )\bband(s|ed)?\b",
    "dumbbells": r"\b(a|light|heavy|held) weights?\b|\bweights\b|\bdumbbells?\b|\bkettlebells?\b",
    "bench": r"\bbench\b",
    "step-or-box": r"\bbox\b|\b(a|high|low|the) step\b",
    "wall": r"\bwall\b",
    "chair": r"\bchair\b",
    "mat": r"\bmat\b",
}
#: A sentence that offers the thing as optional ("with or without a dumbbell") or as a way to
#: make the move harder once it is easy: the move itself needs none of it.
OPTIONAL = re.compile(
    r"with or without|or none|no weight|if you have|optional|to make it harder|"
    r"for more challenge|once (bodyweight|it|the \w+) feels? easy",
    re.IGNORECASE,
)


def equipment_mismatches(name, sentences, listed: set[str]) -> list[str]:
    """Each piece of equipment a sentence of the summary or steps asks for that the exercise's
    list leaves out. A sentence naming alternatives ("a wall or chair") asks for one of them:
    it is satisfied by any one listed."""
    found = []
    for sentence in sentences:
        named = {s for s, rx in EQUIPMENT_WORDS.items() if re.search(rx, sentence, re.IGNORECASE)}
        if named and not named & listed and not OPTIONAL.search(sentence):
            found.append(f"{name}: {sorted(named)} not in its equipment: {sentence!r}")
    return found


def test_the_summary_steps_and_cues_ask_for_no_equipment_the_list_leaves_out():
    """The good morning's summary said "a weight held at the chest" while its figure showed the
    hands crossed on the chest and its equipment none, so "What I have: Nothing" listed it. A
    summary, step or cue that asks for a band, a weight, a bench, a box, a wall, a chair or a mat
    names something in the exercise's equipment (or says it is optional); and each listed
    piece but the mat (a floor move's comfort, which the figure shows as the floor) is named
    somewhere in the exercise's words."""
    problems = []
    for exercise in exercises():
        listed = set(exercise.equipment.values_list("slug", flat=True))
        steps = [step.text for step in exercise.steps.all()]
        sentences = [exercise.purpose, *steps, *exercise.cues.splitlines()]
        problems += equipment_mismatches(exercise.name, sentences, listed)
        words = " ".join([*sentences, exercise.why])
        for slug in listed - {"mat"}:
            if not re.search(EQUIPMENT_WORDS[slug], words, re.IGNORECASE):
                problems.append(f"{exercise.name}: lists {slug} but never says what for")
    assert not problems, "\n".join(problems)


def test_the_equipment_check_finds_what_it_is_for():
    """The check above on made-up sentences, so a catalogue that passes it proves something."""
    assert equipment_mismatches("Good morning", ["Hinge with a weight held at the chest."], set())
    assert equipment_mismatches("Clamshell", ["Loop a band round both thighs."], {"mat"})
    assert not equipment_mismatches("Squat", ["Sit back, with or without a dumbbell."], set())
    assert not equipment_mismatches("Toe tap", ["Move your weight onto one leg."], set())
    assert not equipment_mismatches("IT band stretch", ["Stretch the IT band."], set())
    assert not equipment_mismatches("Abduction", ["Stand by a wall or chair."], {"wall"})
