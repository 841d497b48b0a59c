"""The catalogue search, class by class: word forms, spacing and hyphens, muscles and body
areas, the articles' headings, and suggestions when nothing is found. CI runs these on SQLite
and on PostgreSQL (DATABASE_URL), which must give the same answers."""

import itertools

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises import search
from exercises.models import Exercise
from tests.conftest import make_equipment, make_exercise, make_location, make_muscle

LIST = reverse("exercises:list")


# --- The text functions, without a database -----------------------------------------------------


def test_words_are_lower_case_without_accents_apostrophes_or_hyphens():
    assert search.words("Runner's  Step-Up, Épaule") == ["runners", "step", "up", "epaule"]


def test_index_text_holds_each_stem_and_neighbouring_words_joined():
    text = search.index_text(["Lateral Step-Up"])
    assert text.startswith(" ") and text.endswith(" ")
    assert set(text.split()) >= {"lateral", "step", "up", "stepup"}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("glute bridges", "Glute Bridge"),
        ("bridging", "Glute Bridge"),
        ("calf raises", "Single-Leg Calf Raise"),
        ("lunges", "Reverse Lunge"),
        ("squatting", "Squat"),
        ("hip abductions", "Standing Hip Abduction"),
    ],
)
def test_a_word_form_stems_like_the_stored_name(typed, stored):
    stored_terms = set(search.index_text([stored]).split())
    for reading in search.readings(typed)[:1]:
        for stems, prefix in reading:
            assert any(
                term.startswith(stem) if prefix else term == stem
                for term in stored_terms
                for stem in stems
            ), stems


def test_stop_words_are_dropped_unless_nothing_else_is_left():
    assert search.query_words("exercises for the glutes") == ["glutes"]
    assert search.query_words("the") == ["the"]


# --- Against the database -------------------------------------------------------------------------


_request_numbers = itertools.count()


def fresh(params: dict) -> dict:
    """The parameters with one the page ignores, so no page cache answers in its place."""
    return {**params, "n": next(_request_numbers)}


def found_in_order(client, query: str, **params) -> list[str]:
    response = client.get(LIST, fresh({"q": query, **params}))
    assert response.status_code == 200
    return [exercise.name for exercise in response.context["page"].object_list]


def found(client, query: str, **params) -> set[str]:
    return set(found_in_order(client, query, **params))


@pytest.fixture
def catalogue(db):
    glute_max = make_muscle("gluteus-maximus", name="Gluteus maximus")
    glute_med = make_muscle("gluteus-medius", name="Gluteus medius")
    flexors = make_muscle("hip-flexors", name="Hip flexors (iliopsoas)")
    hamstrings = make_muscle("hamstrings", name="Hamstrings")
    adductors = make_muscle("adductors", name="Adductors (inner thigh)")
    calves = make_muscle("calves", name="Calves")
    itb = make_muscle("tfl-it-band", name="TFL and IT band")
    groin = make_location("front_groin", name="Front of hip or groin")
    outer = make_location("outer_side", name="Outer hip")
    buttock = make_location("back_buttock", name="Buttock or back of hip")
    box = make_equipment("step-or-box", name="Step or box")
    make_exercise("Glute Bridge", muscles=[glute_max], locations=[buttock])
    make_exercise("Clamshell", aliases="Clamshells", muscles=[glute_med], locations=[outer])
    make_exercise("Lateral Step-Up", muscles=[glute_med], equipment=[box], locations=[outer])
    make_exercise(
        "Half-Kneeling Hip Flexor Stretch",
        kind=Exercise.Kind.STRETCH,
        muscles=[flexors],
        locations=[groin],
        article_headings="Hip Flexor Stretch",
    )
    make_exercise("Single-Leg Calf Raise", muscles=[calves])
    make_exercise(
        "Single-Leg Romanian Deadlift",
        aliases="Single Leg RDL",
        muscles=[hamstrings],
        article_headings="Single-Leg Romanian Deadlifts",
        locations=[buttock],
    )
    make_exercise(
        "Butterfly Stretch", kind=Exercise.Kind.STRETCH, muscles=[adductors], locations=[groin]
    )
    make_exercise(
        "Iliotibial Band Stretch",
        aliases="IT band stretch",
        kind=Exercise.Kind.STRETCH,
        muscles=[itb],
        locations=[outer],
    )
    make_exercise(
        "Figure 4 Stretch",
        aliases="Figure four stretch",
        kind=Exercise.Kind.STRETCH,
        article_headings="Piriformis Stretch",
        muscles=[glute_max],
        locations=[buttock],
    )
    make_exercise(
        "Good Morning",
        muscles=[hamstrings],
        article_headings="Good mornings",
        locations=[buttock],
        published=False,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("glute bridges", {"Glute Bridge"}),
        ("Glute Bridging", {"Glute Bridge"}),
        ("calf raises", {"Single-Leg Calf Raise"}),
        ("clamshells", {"Clamshell"}),
        ("hip flexors", {"Half-Kneeling Hip Flexor Stretch"}),
        ("deadlifts", {"Single-Leg Romanian Deadlift"}),
        ("stretching butterfly", {"Butterfly Stretch"}),
        ("CLAMS", {"Clamshell"}),
    ],
)
def test_word_forms_find_the_move(client, catalogue, query, expected):
    assert found(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("step ups", {"Lateral Step-Up"}),
        ("step-ups", {"Lateral Step-Up"}),
        ("stepups", {"Lateral Step-Up"}),
        ("stepup", {"Lateral Step-Up"}),
        ("clam shell", {"Clamshell"}),
        ("clam-shells", {"Clamshell"}),
        ("single leg rdl", {"Single-Leg Romanian Deadlift"}),
        ("singleleg calf raise", {"Single-Leg Calf Raise"}),
        ("romanian dead lift", {"Single-Leg Romanian Deadlift"}),
        ("figure-4", {"Figure 4 Stretch"}),
        ("figure four", {"Figure 4 Stretch"}),
        ("  butterfly   stretch ", {"Butterfly Stretch"}),
    ],
)
def test_spacing_and_hyphens_do_not_matter(client, catalogue, query, expected):
    assert found(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hamstrings", {"Single-Leg Romanian Deadlift"}),
        ("inner thigh", {"Butterfly Stretch"}),
        ("adductors", {"Butterfly Stretch"}),
        ("IT band", {"Iliotibial Band Stretch"}),
        ("ITB", {"Iliotibial Band Stretch"}),
        ("calves", {"Single-Leg Calf Raise"}),
        ("glutes", {"Glute Bridge", "Clamshell", "Lateral Step-Up", "Figure 4 Stretch"}),
        ("bum", {"Glute Bridge", "Figure 4 Stretch", "Single-Leg Romanian Deadlift"}),
        ("groin", {"Half-Kneeling Hip Flexor Stretch", "Butterfly Stretch"}),
        ("outer hip", {"Clamshell", "Lateral Step-Up", "Iliotibial Band Stretch"}),
        ("psoas", {"Half-Kneeling Hip Flexor Stretch"}),
        (
            "exercises for my glutes",
            {"Glute Bridge", "Clamshell", "Lateral Step-Up", "Figure 4 Stretch"},
        ),
        ("box", {"Lateral Step-Up"}),
    ],
)
def test_muscles_body_areas_and_equipment_a_runner_names(client, catalogue, query, expected):
    assert found(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Piriformis Stretch", {"Figure 4 Stretch"}),
        ("Hip Flexor Stretch", {"Half-Kneeling Hip Flexor Stretch"}),
        ("Single-Leg Romanian Deadlifts", {"Single-Leg Romanian Deadlift"}),
    ],
)
def test_the_articles_headings_find_the_move(client, catalogue, query, expected):
    assert found(client, query) == expected


def test_moves_named_so_come_before_moves_found_by_a_muscle(client, catalogue):
    assert found_in_order(client, "piriformis stretch")[0] == "Figure 4 Stretch"
    assert found_in_order(client, "hip flexor")[0] == "Half-Kneeling Hip Flexor Stretch"


def test_an_unpublished_move_is_not_found_by_any_of_its_words(client, catalogue):
    assert found(client, "good mornings") == set()


def test_the_search_combines_with_the_other_filters(client, catalogue):
    assert found(client, "glutes", kind="stretch") == {"Figure 4 Stretch"}
    assert found(client, "outer hip", equipment="none") == {
        "Clamshell",
        "Iliotibial Band Stretch",
    }


@pytest.mark.parametrize(
    ("query", "offered"),
    [
        ("clamshel", "Clamshell"),
        ("glute brige", "glute bridge"),
        ("butterfy stretch", "butterfly stretch"),
        ("figur for strech", "Figure 4 Stretch"),
    ],
)
def test_a_search_that_finds_nothing_suggests_the_nearest(client, catalogue, query, offered):
    if query == "clamshel":  # a prefix of a name: found, so nothing to suggest
        assert found(client, query) == {"Clamshell"}
        query = "clamshelk"
    # exact=1: the search as typed, not the closest name's results (see the next tests).
    response = client.get(LIST, fresh({"q": query, "exact": "1"}))
    html = response.content.decode()
    assert response.context["page"].paginator.count == 0
    assert "Did you mean" in html
    assert offered.lower() in [s.lower() for s in response.context["form"].suggestions()]
    # Each suggestion is a link that searches for it, and finds something.
    for suggestion in response.context["form"].suggestions():
        assert found(client, suggestion), suggestion


def catalogue_names() -> set[str]:
    from exercises.models import Muscle

    return set(Exercise.objects.values_list("name", flat=True)) | set(
        Muscle.objects.values_list("name", flat=True)
    )


@pytest.mark.parametrize("query", ["glute brdge", "glute brige", "clamshelk", "hamstrng"])
def test_suggestions_are_catalogue_names_each_once(client, catalogue, query):
    response = client.get(LIST, fresh({"q": query, "exact": "1"}))
    offered = response.context["form"].suggestions()
    assert offered
    assert set(offered) <= catalogue_names(), offered
    assert len({one.casefold() for one in offered}) == len(offered), offered


@pytest.mark.parametrize(
    ("query", "name", "expected"),
    [
        ("glute brdge", "Glute Bridge", "Glute Bridge"),
        ("hamstrng", "Hamstrings", "Single-Leg Romanian Deadlift"),
        ("clamshelk", "Clamshell", "Clamshell"),
    ],
)
def test_one_slip_shows_the_names_results_with_a_way_back(client, catalogue, query, name, expected):
    response = client.get(LIST, fresh({"q": query}))
    html = response.content.decode()
    assert expected in {e.name for e in response.context["page"].object_list}
    assert response.context["form"].showing_results_for == name
    assert f"Showing results for <strong>{name}</strong>" in html
    assert "Did you mean" not in html
    # The way back: exactly what was typed, which finds nothing and offers the name.
    assert "exact=1" in html
    exact = client.get(LIST, fresh({"q": query, "exact": "1"}))
    assert exact.context["page"].paginator.count == 0
    assert "Showing results for" not in exact.content.decode()
    assert name in exact.context["form"].suggestions()


def test_a_query_far_from_every_name_is_not_corrected(client, catalogue):
    response = client.get(LIST, fresh({"q": "brdge"}))
    assert response.context["form"].showing_results_for is None
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize("query", ["🦵", "ركض", "🦵 🏃", "!!!", "日本語"])
def test_a_query_with_no_searchable_word_matches_nothing(client, catalogue, query):
    response = client.get(LIST, fresh({"q": query}))
    html = response.content.decode()
    assert response.context["page"].paginator.count == 0
    assert "No exercise matches this search." in html
    assert "Clear the filters" in html
    assert "exercises match" not in html
    assert search.search(Exercise.objects.all(), query).count() == 0


def test_a_finished_word_matches_whole_stems_and_only_the_last_word_a_prefix(client, catalogue):
    make_exercise("Knee Hug Stretch", kind=Exercise.Kind.STRETCH)
    # "knee" is finished ("pain" came after it): not the start of "kneeling".
    assert found(client, "knee pain") == {"Knee Hug Stretch"}
    # Still typing: the last word may be the start of a longer one, once it has 4 letters.
    assert "Half-Kneeling Hip Flexor Stretch" in found(client, "kneel")
    assert found(client, "glute brid") == {"Glute Bridge"}
    assert found(client, "clams") == {"Clamshell"}
    # ...but a word before the last must be whole, and a short last word too.
    assert found(client, "glu bridge", exact="1") == set()
    assert "Glute Bridge" not in found(client, "glute br", exact="1")
    readings = search.readings("clam shell")
    assert readings[0] == [(("clam",), False), (("shell",), True)]


def test_the_count_line_reads_well(client, catalogue):
    one = client.get(LIST, fresh({"q": "butterfly"})).content.decode()
    assert "1 exercise matches your filters." in one
    many = client.get(LIST, fresh({"q": "stretch"})).content.decode()
    assert "exercises match your filters." in many
    every = client.get(LIST, fresh({})).content.decode()
    assert "exercises." in every and "match" not in every.split("data-result-count>")[1][:40]
    none = client.get(LIST, fresh({"q": "qqqxxzz"})).content.decode()
    assert "0 exercises" not in none
    assert none.count("No exercise matches") == 1
    both = client.get(LIST, fresh({"q": "qqqxxzz", "kind": "stretch"})).content.decode()
    assert "No exercise matches all of these filters." in both


def test_nonsense_suggests_nothing_rather_than_anything(client, catalogue):
    response = client.get(LIST, {"q": "qqqxxzz"})
    assert "Did you mean" not in response.content.decode()


def test_the_builder_uses_the_same_search(client, catalogue, coach):
    from routines.models import Routine

    routine = Routine.objects.create(owner=coach, title="Hips")
    client.force_login(coach)
    response = client.get(routine.get_absolute_url(), {"q": "step ups"})
    # The builder's page holds the cards' values (routines.views._catalogue_cards).
    assert {card["name"] for card in response.context["page"].object_list} == {"Lateral Step-Up"}


def test_a_search_adds_no_query_however_large_the_catalogue(client, catalogue):
    def queries(params) -> int:
        client.get(LIST, fresh(params))  # warm the option cache, as on a running server
        with CaptureQueriesContext(connection) as captured:
            client.get(LIST, fresh(params))
        return len(captured)

    plain = queries({})
    searched = queries({"q": "single leg step-ups for glutes"})
    muscle = make_muscle("gluteus-medius")
    for n in range(200):
        make_exercise(f"Generated step up {n:03d}", muscles=[muscle], steps=())
    assert queries({"q": "single leg step-ups for glutes"}) == searched == plain
    missed = queries({"q": "qqqxxzz"})
    for n in range(50):
        make_exercise(f"More step up {n:03d}", steps=())
    assert queries({"q": "qqqxxzz"}) == missed


# --- The real catalogue ------------------------------------------------------------------------

# What each search finds first: the moves named so, before those found by a muscle or area.
REAL_SEARCHES = {
    # word forms
    "glute bridges": {"Glute Bridge", "Single-Leg Glute Bridge"},
    "calf raises": {"Single-Leg Calf Raise"},
    "clamshells": {"Clamshell", "Banded Clamshell"},
    "lunges": {"Reverse Lunge", "Side Lunge"},
    "hip thrusts": {"Hip Thrust"},
    "fire hydrants": {"Fire Hydrant"},
    # spacing and hyphens
    "clam shell": {"Clamshell", "Banded Clamshell"},
    "step ups": {"Lateral Step-Up"},
    "step-ups": {"Lateral Step-Up"},
    "stepups": {"Lateral Step-Up"},
    "cat cow": {"Cat-Cow"},
    "catcow": {"Cat-Cow"},
    "rdl": {"Single-Leg Romanian Deadlift"},
    # the articles' headings
    "Piriformis Stretch": {"Figure 4 Stretch"},
    "Single leg stand from plinth": {"Single-Leg Sit to Stand"},
    "Standing Hip Abductions": {"Standing Hip Abduction"},
    "Squat variations": {"Squat"},
    "Iliotibial Band Stretch": {"Iliotibial Band Stretch"},
    "The running man": {"Running Man"},
}


@pytest.mark.django_db
def test_the_real_catalogue_finds_what_runners_type(client):
    call_command("loaddata", "fixtures/catalogue.json", verbosity=0)
    wrong = {}
    for query, expected in REAL_SEARCHES.items():
        got = found_in_order(client, query)
        if set(got[: len(expected)]) != expected:
            wrong[query] = got
    # Muscles and body areas: every move that works or suits them, and no other.
    hip_flexor_moves = set(
        Exercise.objects.published()
        .filter(muscles__slug="hip-flexors")
        .values_list("name", flat=True)
    )
    hip_flexors = found(client, "hip flexors")
    assert hip_flexor_moves and hip_flexors >= hip_flexor_moves
    assert "Half-Kneeling Hip Flexor Stretch" in hip_flexors
    assert "Butterfly Stretch" in found(client, "inner thigh")
    assert "Figure 4 Stretch" in found(client, "piriformis")
    assert "Single-Leg Romanian Deadlift" in found(client, "hamstrings")
    assert "Lying Quad Stretch" in found(client, "quads")
    assert wrong == {}


@pytest.mark.django_db
def test_a_muscle_search_lists_the_moves_named_so_then_those_it_is_primary_in(client):
    from exercises.models import ExerciseMuscle

    call_command("loaddata", "fixtures/catalogue.json", verbosity=0)
    response = client.get(LIST, fresh({"q": "hip flexors"}))
    rows = list(response.context["page"].object_list)
    ranks = [row.search_rank for row in rows]
    assert ranks == sorted(ranks) and ranks[0] == 0
    primary = set(
        ExerciseMuscle.objects.filter(
            muscle__slug="hip-flexors", role=ExerciseMuscle.Role.PRIMARY
        ).values_list("exercise__name", flat=True)
    )
    for row in rows:
        if "flexor" in row.name.lower():
            assert row.search_rank == 0, row.name
        elif row.name in primary:
            assert row.search_rank == 1, row.name
        else:
            assert row.search_rank == 2, row.name
    # The page says where the moves named so end.
    html = response.content.decode()
    assert html.count("data-search-also") == 1
    assert html.index("Kneeling Hip Flexor") < html.index("data-search-also")
    # "knee pain" finds the knee moves, none of the kneeling ones.
    assert all("Kneeling" not in name for name in found(client, "knee pain"))


def _search_through_nested_subqueries(queryset, query):
    """What exercises.search.search selected before a link matched through a join in its
    subquery: each linked model's matching rows as a subquery of their own, nested in the
    link's (`muscle_id IN (SELECT id FROM muscle WHERE ...)`). The test's reference only."""
    from django.db.models import Case, Q, Value, When

    from exercises.models import Equipment, ExerciseMuscle, Muscle, PainLocation

    links = (
        (Exercise.muscles.through, "muscle_id", Muscle),
        (Exercise.pain_locations.through, "painlocation_id", PainLocation),
        (Exercise.equipment.through, "equipment_id", Equipment),
    )
    any_reading = by_its_own_words = by_a_primary_muscle = Q()
    for reading in search.readings(query):
        every_word = own_words = primary_words = Q()
        for stems, prefix in reading:
            named = search._matches("search_text", stems, prefix=prefix)
            matching = {model: model.objects.filter(named).values("pk") for _t, _c, model in links}
            one_word = named
            for through, column, model in links:
                linked = through.objects.filter(**{f"{column}__in": matching[model]})
                one_word |= Q(pk__in=linked.values("exercise_id"))
            primary = ExerciseMuscle.objects.filter(
                role=ExerciseMuscle.Role.PRIMARY, muscle__in=matching[Muscle]
            )
            own_words &= named
            primary_words &= named | Q(pk__in=primary.values("exercise_id"))
            every_word &= one_word
        any_reading |= every_word
        by_its_own_words |= own_words
        by_a_primary_muscle |= primary_words
    if not any_reading:
        return queryset.none()
    return (
        queryset.filter(any_reading)
        .annotate(
            search_rank=Case(
                When(by_its_own_words, then=Value(0)),
                When(by_a_primary_muscle, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("search_rank", *Exercise._meta.ordering)
    )


@pytest.mark.django_db
def test_a_search_finds_the_same_rows_in_the_same_order_as_through_nested_subqueries():
    """Every word of the real catalogue's names, muscles, pain locations and equipment, each
    stem's start (search as you type), the runners' words (SYNONYMS), two-word searches and
    the examples above: the same exercises, ranks and order as the nested form."""
    from exercises.models import Equipment, Muscle, PainLocation

    call_command("loaddata", "fixtures/catalogue.json", verbosity=0)
    names = [
        *Exercise.objects.values_list("name", flat=True),
        *Muscle.objects.values_list("name", flat=True),
        *PainLocation.objects.values_list("name", flat=True),
        *Equipment.objects.values_list("name", flat=True),
    ]
    typed = {word for name in names for word in search.words(name)}
    queries = {
        *typed,
        *(word[:5] for word in typed),
        *search.SYNONYMS,
        *REAL_SEARCHES,
        *(f"{a} {b}" for a, b in zip(sorted(typed), sorted(typed, reverse=True), strict=True)),
        "outer hip glutes",
        "nothing matches this",
    }
    published = Exercise.objects.published()
    differ = {}
    for query in sorted(queries):
        got = list(search.search(published, query).values_list("name", "search_rank"))
        expected = list(
            _search_through_nested_subqueries(published, query).values_list("name", "search_rank")
        )
        if got != expected:
            differ[query] = (got, expected)
    assert len(queries) > 200
    assert differ == {}
