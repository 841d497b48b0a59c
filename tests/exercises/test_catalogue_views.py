from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises.models import Exercise
from tests.conftest import (
    cache_reads,
    make_equipment,
    make_exercise,
    make_location,
    make_muscle,
    make_source,
    miss_fragments,
)

pytestmark = pytest.mark.django_db
LIST = reverse("exercises:list")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def catalogue():
    """A small catalogue with one move for each filter to find."""
    glute_med = make_muscle("gluteus-medius", name="Gluteus medius")
    hip_flexors = make_muscle("hip-flexors", name="Hip flexors (iliopsoas)")
    band = make_equipment("resistance-band", name="Resistance band")
    outer = make_location("outer_side", name="Outer hip")
    front = make_location("front_groin", name="Front of hip or groin")
    return {
        "clamshell": make_exercise(
            "Clamshell",
            aliases="Clam\nBanded clamshell",
            muscles=[glute_med],
            locations=[outer],
            position=Exercise.Position.SIDE_LYING,
            unilateral=True,
        ),
        "monster": make_exercise(
            "Monster walk",
            muscles=[glute_med],
            equipment=[band],
            locations=[outer],
            level=Exercise.Level.INTERMEDIATE,
        ),
        "lunge_stretch": make_exercise(
            "Half-kneeling hip flexor stretch",
            aliases="Kneeling lunge stretch",
            kind=Exercise.Kind.STRETCH,
            muscles=[hip_flexors],
            locations=[front],
            position=Exercise.Position.KNEELING,
            unilateral=True,
        ),
        "hidden": make_exercise(
            "Unpublished move", muscles=[glute_med], locations=[outer], published=False
        ),
    }


def names(response) -> set[str]:
    return {exercise.name for exercise in response.context["page"].object_list}


def test_catalogue_lists_published_exercises_only(client, catalogue):
    response = client.get(LIST)
    assert response.status_code == 200
    assert names(response) == {"Clamshell", "Monster walk", "Half-kneeling hip flexor stretch"}
    assert "Unpublished move" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "stretch"}, {"Half-kneeling hip flexor stretch"}),
        ({"kind": "strength"}, {"Clamshell", "Monster walk"}),
        ({"muscle": "gluteus-medius"}, {"Clamshell", "Monster walk"}),
        # What I have: the moves doable with only the ticked equipment (or none).
        (
            {"equipment": "resistance-band"},
            {"Clamshell", "Monster walk", "Half-kneeling hip flexor stretch"},
        ),
        ({"equipment": "none"}, {"Clamshell", "Half-kneeling hip flexor stretch"}),
        ({"level": "intermediate"}, {"Monster walk"}),
        ({"position": "side_lying"}, {"Clamshell"}),
        ({"location": "front_groin"}, {"Half-kneeling hip flexor stretch"}),
        ({"location": "outer_side", "equipment": "none", "kind": "strength"}, {"Clamshell"}),
        ({"location": "outer_side", "equipment": "resistance-band", "level": "advanced"}, set()),
    ],
)
def test_each_filter_alone_and_combined(client, catalogue, params, expected):
    assert names(client.get(LIST, params)) == expected


def test_search_finds_an_exercise_by_name_or_alias(client, catalogue):
    assert names(client.get(LIST, {"q": "clamsh"})) == {"Clamshell"}
    assert names(client.get(LIST, {"q": "lunge stretch"})) == {"Half-kneeling hip flexor stretch"}
    assert names(client.get(LIST, {"q": "CLAM"})) == {"Clamshell"}


def test_a_filter_by_a_many_to_many_lists_each_exercise_once(client, catalogue):
    catalogue["monster"].pain_locations.add(make_location("back_buttock"))
    catalogue["monster"].muscles.add(make_muscle("gluteus-maximus"))
    response = client.get(LIST, {"muscle": "gluteus-medius"})
    assert [e.name for e in response.context["page"].object_list].count("Monster walk") == 1


def test_empty_results_say_so_and_offer_to_clear_filters(client, catalogue):
    response = client.get(LIST, {"q": "handstand"})
    html = response.content.decode()
    assert "No exercise matches" in html
    assert "Clear the filters" in html


def test_an_unknown_filter_value_is_shown_as_an_error_not_a_500(client, catalogue):
    response = client.get(LIST, {"kind": "yoga", "muscle": "<script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "HipCare doesn't know the filter value" in unescape(html)
    assert "Select a valid choice" not in html and "available choices" not in html
    assert "<script>" not in html
    assert names(response) == {"Clamshell", "Monster walk", "Half-kneeling hip flexor stretch"}


def test_filter_fields_mark_the_chosen_options_and_point_to_their_errors(client, catalogue):
    html = client.get(LIST, {"kind": "yoga", "level": "beginner"}).content.decode()
    kind = html.split('<select name="kind"')[1].split("</select>")[0]
    assert 'aria-invalid="true" aria-describedby="id_kind_error" id="id_kind"' in kind
    assert 'id="id_kind_error" class="invalid-feedback d-block">HipCare doesn' in html
    level = html.split('<select name="level"')[1].split("</select>")[0]
    assert "aria-invalid" not in level and "aria-describedby" not in level
    assert '<option value="beginner" selected>Beginner</option>' in level
    assert '<option value="" selected>' not in level and '<option value="">Any</option>' in level
    assert '<label class="form-label mb-1" for="id_level">Level</label>' in html
    equipment = html.split("<legend")[1].split("</fieldset>")[0]
    assert equipment.count('type="checkbox" name="equipment"') >= 2


@pytest.mark.parametrize("q", ["", "bridge", "x" * 150, '"<>&b'])
def test_the_search_box_is_what_django_draws_for_the_filter_form(client, catalogue, q):
    """_filter_fields.html writes the search box out (no widget templates); it must be the
    markup Django's widget gives CatalogueFilterForm's q: empty, with a value, too long (its
    error), with characters to escape."""
    import re

    from django.http import QueryDict

    from exercises.forms import CatalogueFilterForm

    html = client.get(reverse("exercises:list"), {"q": q} if q else {}).content.decode()
    written = re.search(r'<input type="search" name="q"[^>]*>', html).group(0)
    data = QueryDict(mutable=True)
    if q:
        data["q"] = q
    assert written == str(CatalogueFilterForm(data)["q"])


def test_htmx_request_gets_the_results_partial_and_a_plain_request_the_page(client, catalogue):
    full = client.get(LIST, {"kind": "stretch"}).content.decode()
    partial = client.get(LIST, {"kind": "stretch"}, headers=HTMX).content.decode()
    assert "<html" in full and "<html" not in partial
    assert "Half-kneeling hip flexor stretch" in partial
    assert 'id="results"' not in partial
    assert "<form" not in partial


def test_filter_form_updates_results_in_place_and_keeps_the_url(client, catalogue):
    html = client.get(LIST).content.decode()
    assert 'hx-target="#results"' in html
    assert 'hx-push-url="true"' in html
    assert f'action="{LIST}"' in html and 'method="get"' in html


def test_catalogue_is_paginated_and_pages_keep_the_filters(client):
    muscle = make_muscle()
    for n in range(25):
        make_exercise(f"Move {n:02d}", muscles=[muscle])
    first = client.get(LIST, {"kind": "strength"})
    assert len(first.context["page"].object_list) == 20
    assert "kind=strength&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"kind": "strength", "page": 2})
    assert len(second.context["page"].object_list) == 5
    assert client.get(LIST, {"page": "999"}).status_code == 200
    assert client.get(LIST, {"page": "abc"}).status_code == 200


def test_detail_page_shows_everything_about_an_exercise(client, catalogue):
    exercise = catalogue["clamshell"]
    response = client.get(exercise.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Clamshell",
        "Also called: Clam, Banded clamshell",
        "Get into position.",
        "Gluteus medius",
        "Outer hip",
        "Lying on your side, one side at a time",
        "1-3 sets of 12-15 on each side, twice a week",
        "Source article",
    ]:
        assert text in html, text


def test_detail_page_states_the_dose_for_each_level_of_a_loadable_move(client):
    exercise = make_exercise("Goblet squat", loadable=True, muscles=[make_muscle()])
    html = client.get(exercise.get_absolute_url()).content.decode()
    assert "1-3 sets of 12-15, twice a week" in html
    assert "3 sets of 8-12, twice a week" in html
    assert "3-4 sets of 4-6, twice a week" in html


def test_detail_page_links_easier_and_harder_versions(client):
    muscle = make_muscle()
    bridge = make_exercise("Glute bridge", muscles=[muscle])
    single = make_exercise("Single-leg glute bridge", muscles=[muscle])
    bridge.harder_versions.add(single)
    assert single.get_absolute_url() in client.get(bridge.get_absolute_url()).content.decode()
    assert bridge.get_absolute_url() in client.get(single.get_absolute_url()).content.decode()


def test_unpublished_and_unknown_exercises_are_404(client, catalogue):
    assert client.get(catalogue["hidden"].get_absolute_url()).status_code == 404
    assert client.get(reverse("exercises:detail", args=["no-such-move"])).status_code == 404


def test_a_repeat_view_of_an_exercise_reads_only_the_catalogue_version(client, catalogue):
    url = catalogue["clamshell"].get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 1, [query["sql"] for query in queries]


def test_an_exercise_edit_or_unpublishing_shows_on_its_page_at_once(client, catalogue):
    clamshell = catalogue["clamshell"]
    url = clamshell.get_absolute_url()
    client.get(url)
    step = clamshell.steps.first()
    step.text = "Lift the knee like a clam opening."
    step.save()
    assert "Lift the knee like a clam opening." in client.get(url).content.decode()
    clamshell.published = False
    clamshell.save()
    assert client.get(url).status_code == 404


def test_a_full_render_of_an_exercise_reads_one_cache_entry_and_only_the_version(client, catalogue):
    url = catalogue["clamshell"].get_absolute_url()
    assert cache_reads(client, url) == 1
    miss_fragments()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 1, [query["sql"] for query in queries]


def test_an_exercises_new_links_show_on_its_page_at_once(client, catalogue):
    clamshell, monster = catalogue["clamshell"], catalogue["monster"]
    url = clamshell.get_absolute_url()
    client.get(url)
    clamshell.equipment.add(make_equipment("mini-band", name="Mini band"))
    clamshell.pain_locations.add(make_location("buttock", name="Buttock"))
    clamshell.sources.add(make_source(title="Clams for runners"))
    clamshell.harder_versions.add(monster)
    html = client.get(url).content.decode()
    for text in ("Mini band", "Buttock", "Clams for runners", monster.get_absolute_url()):
        assert text in html, text
    monster.name = "Banded monster walk"
    monster.save()
    assert "Banded monster walk" in client.get(url).content.decode()


def generate_exercises(count: int) -> None:
    """Bulk-create a large catalogue with the relations the pages read."""
    muscle = make_muscle("gluteus-medius")
    band = make_equipment("resistance-band")
    outer = make_location("outer_side")
    exercises = Exercise.objects.bulk_create(
        Exercise(
            name=f"Generated move {n:05d}",
            slug=f"generated-move-{n:05d}",
            kind=Exercise.Kind.STRENGTH,
            purpose="Generated.",
            why="Generated.",
            position=Exercise.Position.STANDING,
            reps_min=8,
            reps_max=12,
        )
        for n in range(count)
    )
    Exercise.equipment.through.objects.bulk_create(
        Exercise.equipment.through(exercise=e, equipment=band) for e in exercises
    )
    Exercise.pain_locations.through.objects.bulk_create(
        Exercise.pain_locations.through(exercise=e, painlocation=outer) for e in exercises
    )
    Exercise.muscles.through.objects.bulk_create(
        Exercise.muscles.through(exercise=e, muscle=muscle) for e in exercises
    )


def count_queries(client, url, params=None) -> int:
    """Queries to render the page: option cache warm, as on a running server, but the page
    itself not cached (an anonymous repeat would be served from the page cache)."""
    client.get(url, params)
    miss_fragments()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"location": "outer_side", "equipment": "none", "q": "e"}])
def test_catalogue_query_count_does_not_grow_with_the_catalogue(client, catalogue, params):
    small = count_queries(client, LIST, params)
    generate_exercises(500)
    assert count_queries(client, LIST, params) == small
    assert small <= 4


def test_detail_query_count_does_not_grow_with_the_catalogue(client, catalogue):
    url = catalogue["clamshell"].get_absolute_url()
    small = count_queries(client, url)
    generate_exercises(500)
    for other in Exercise.objects.filter(slug__startswith="generated")[:50]:
        catalogue["clamshell"].harder_versions.add(other)
    assert count_queries(client, url) == small


def test_cards_name_each_exercises_equipment(client, catalogue):
    catalogue["monster"].equipment.add(make_equipment("mat", name="Mat"))
    html = client.get(LIST).content.decode()
    card = html[html.index("Monster walk") :]
    card = card[: card.index("</article>")]
    assert '<span class="badge text-bg-light border">Mat</span>' in card
    assert '<span class="badge text-bg-light border">Resistance band</span>' in card
    clamshell = html[html.index(">Clamshell<") :]
    assert "No equipment" in clamshell[: clamshell.index("</article>")]


def test_a_page_past_the_end_shows_the_last_page(client):
    muscle = make_muscle()
    for n in range(25):
        make_exercise(f"Move {n:02d}", muscles=[muscle])
    response = client.get(LIST, {"page": "9"})
    assert response.context["page"].number == 2
    assert response.context["page"].paginator.count == 25
    assert len(response.context["page"].object_list) == 5


@pytest.mark.parametrize(
    "number", ["999999999999999999", "9223372036854775807", "9" * 40]
)
def test_a_page_number_past_any_offset_shows_the_last_page(client, number):
    """Tester: ?page=999999999999999999 gave a 500 (SQLite: "datatype mismatch", an OFFSET
    past 64 bits). Any page number past the end shows the last page."""
    muscle = make_muscle()
    for n in range(25):
        make_exercise(f"Move {n:02d}", muscles=[muscle])
    for query in ({"page": number}, {"page": number, "q": "Move"}):
        response = client.get(LIST, query)
        assert response.status_code == 200
        assert response.context["page"].number == 2


def test_an_empty_catalogue_is_one_empty_page(client):
    response = client.get(LIST)
    assert response.context["page"].paginator.count == 0
    assert "No exercise matches" in response.content.decode()


def test_what_i_have_shows_the_moves_doable_with_only_those(client):
    mat, band, box = (make_equipment(slug) for slug in ("mat", "resistance-band", "step-or-box"))
    muscle = make_muscle()
    make_exercise("Nothing needed", muscles=[muscle])
    make_exercise("Mat only", muscles=[muscle], equipment=[mat])
    make_exercise("Mat and band", muscles=[muscle], equipment=[mat, band])
    make_exercise("Box and mat", muscles=[muscle], equipment=[box, mat])
    have = lambda *slugs: names(client.get(LIST, {"equipment": list(slugs)}))  # noqa: E731
    assert have("none") == {"Nothing needed"}
    assert have("mat") == {"Nothing needed", "Mat only"}
    both = {"Nothing needed", "Mat only", "Mat and band"}
    assert have("mat", "resistance-band") == both
    assert have("none", "mat", "resistance-band") == both
    assert have("step-or-box") == {"Nothing needed"}
    assert len(have()) == 4


def test_what_i_have_is_a_bookmarkable_set_of_checkboxes(client):
    make_equipment("mat", name="Mat")
    make_exercise("Mat only", muscles=[make_muscle()], equipment=[make_equipment("mat")])
    html = client.get(LIST, {"equipment": ["mat", "none"]}).content.decode()
    assert "<legend" in html and "What I have" in html
    assert 'type="checkbox" name="equipment" value="mat"' in html
    assert 'value="mat" class="form-check-input" id="id_equipment_1" checked' in html
    assert 'value="none" class="form-check-input" id="id_equipment_0" checked' in html


def test_an_unknown_location_in_the_address_is_explained_in_plain_words(client, catalogue):
    html = unescape(client.get(LIST, {"location": "nonsense"}).content.decode())
    assert "HipCare doesn't know the filter value “nonsense”" in html
    assert "every match is shown" in html and "Select a valid choice" not in html


def test_a_search_longer_than_the_limit_searches_its_start_and_says_so(client, catalogue):
    """A 5,000-character search was dropped without a word and every exercise shown."""
    everything = names(client.get(LIST))
    response = client.get(LIST, {"q": "clamshell " + "x" * 5000})
    html = unescape(response.content.decode())
    assert "Search is limited to 100 characters: showing results for the first 100." in html
    assert names(response) != everything
    short = client.get(LIST, {"q": "clamshell"})
    assert "data-search-cut" not in short.content.decode()


def test_the_cached_easier_and_harder_versions_hold_what_is_shown_of_them():
    """exercise_versions keeps each version's name, address and publication only (it is read on
    every full render of the builder): showing them reads nothing more, and the entry stays
    small."""
    import pickle

    from exercises.catalogue import exercise_versions

    easy, hard = make_exercise("Easy move"), make_exercise("Hard move", why="w" * 2000)
    easy.harder_versions.add(hard)
    versions = exercise_versions()
    with CaptureQueriesContext(connection) as queries:
        (harder,) = versions.harder[easy.pk]
        (easier,) = versions.easier[hard.pk]
        shown = [harder.name, harder.get_absolute_url(), easier.name, easier.slug, harder.pk]
    assert shown == ["Hard move", hard.get_absolute_url(), "Easy move", easy.slug, hard.pk]
    assert len(queries) == 0
    assert len(pickle.dumps(versions)) < 2000


def test_an_incomplete_exercise_already_published_shows_no_empty_headed_section(client):
    """Saved before admin refused to publish one (PUBLISHING_NEEDS): no steps, muscles, pain
    locations or sources. Its page leaves those sections out rather than heading nothing."""
    bare = make_exercise("Bare move", steps=())
    bare.sources.clear()
    html = client.get(bare.get_absolute_url()).content.decode()
    for heading in (
        "How to do it",
        "Main muscles",
        "Suits pain in",
        "Muscles it works",
        "Where this comes from",
    ):
        assert heading not in html
    complete = make_exercise(
        "Complete move", muscles=[make_muscle()], locations=[make_location("outer_side")]
    )
    html = client.get(complete.get_absolute_url()).content.decode()
    for heading in ("How to do it", "Main muscles", "Suits pain in", "Muscles it works"):
        assert heading in html


def test_filter_options_are_those_djangos_widgets_give(catalogue):
    """_filter_fields.html writes each option out from CatalogueFilterForm.fields_with_options:
    its value, label, whether it is chosen and (for a tick box) its id are the widget's own."""
    from django.http import QueryDict

    from exercises.forms import CatalogueFilterForm

    data = QueryDict("equipment=none&equipment=bogus&level=beginner&kind=yoga")
    form = CatalogueFilterForm(data)
    for row in form.fields_with_options():
        bound, options = row["field"], row["options"]
        if options is None:
            continue
        drawn = [
            (str(w.data["value"]), w.choice_label, w.data["selected"], w.id_for_label)
            for w in bound
        ]
        if bound.name != "equipment":  # a select's options have no id of their own
            drawn = [(value, label, selected, bound.auto_id) for value, label, selected, _ in drawn]
        assert options == drawn, bound.name


@pytest.mark.django_db
def test_every_card_label_is_the_exercises_own_display_value():
    """The cards' kind, level and position labels (read from the choices once, not through
    get_<field>_display on every card) are what get_<field>_display gives, for every exercise
    of the real catalogue and every page."""
    from types import SimpleNamespace

    from django.core.management import call_command
    from django.http import QueryDict

    from exercises.views import catalogue_page

    call_command("loaddata", "fixtures/catalogue.json", verbosity=0)
    shown = {}
    for number in (1, 2):
        _form, page = catalogue_page(SimpleNamespace(GET=QueryDict(f"page={number}")))
        for exercise in page.object_list:
            shown[exercise.pk] = (
                exercise.kind_label,
                exercise.level_label,
                exercise.position_label,
            )
    exercises = Exercise.objects.published()
    assert set(shown) == set(exercises.values_list("pk", flat=True))
    for exercise in exercises:
        assert shown[exercise.pk] == (
            exercise.get_kind_display(),
            exercise.get_level_display(),
            exercise.get_position_display(),
        ), exercise.name
