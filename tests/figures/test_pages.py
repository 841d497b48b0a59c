"""Where the pictures appear: the exercise page, catalogue cards, admin, builder and print."""

import copy
import json
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises.models import Exercise
from routines import services
from tests.conftest import (
    cache_reads,
    make_equipment,
    make_exercise,
    make_location,
    make_muscle,
)
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db
LIST = reverse("exercises:list")

MARCH = {
    "view": "side",
    "start": {"near_shoulder": 6, "far_shoulder": 6},
    "end": {"near_hip": 90, "near_knee": 90},
    "moving": ["near_leg"],
    "start_alt": "Standing tall with the arms relaxed.",
    "end_alt": "Balancing on one leg with the other knee at hip height.",
}


def make_march(name="Standing march", **fields):
    fields.setdefault("figure", copy.deepcopy(MARCH))
    return make_exercise(name, **fields)


def test_the_exercise_page_shows_start_and_end_with_their_descriptions(client):
    exercise = make_march()
    html = client.get(exercise.get_absolute_url()).content.decode()
    assert html.count('<figure class="exercise-figure">') == 2
    assert "<strong>Start.</strong> Standing tall with the arms relaxed." in html
    assert "<strong>End.</strong> Balancing on one leg" in html
    # the captions carry the words, so the drawings are hidden from screen readers
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" viewBox') >= 2
    assert 'aria-hidden="true" focusable="false"><path' in html


def test_the_exercise_page_maps_primary_and_secondary_muscles_with_a_text_list(client):
    glute_med = make_muscle("gluteus-medius", name="Gluteus medius")
    core = make_muscle("core", name="Core and obliques")
    exercise = make_march(muscles=[glute_med], secondary=[core])
    html = client.get(exercise.get_absolute_url()).content.decode()
    assert 'data-muscle="gluteus-medius" data-role="primary"' in html
    assert 'data-muscle="core" data-role="secondary"' in html
    assert 'data-muscle="hamstrings" data-role="none"' in html
    list_start = html.index('class="muscle-map-list"')
    assert html.index("Gluteus medius", list_start) < html.index("Core and obliques", list_start)


def test_an_exercise_without_pictures_still_has_a_page_and_a_card(client):
    exercise = make_exercise("Monster walk", muscles=[make_muscle()])
    assert client.get(exercise.get_absolute_url()).status_code == 200
    html = client.get(LIST).content.decode()
    assert "Monster walk" in html and "exercise-thumb" not in html


def test_a_stored_figure_that_can_no_longer_be_drawn_is_left_out_not_a_500(client):
    exercise = make_march()
    broken = {**MARCH, "end": {"near_knee": 400}}
    Exercise.objects.filter(pk=exercise.pk).update(figure=broken)
    response = client.get(exercise.get_absolute_url())
    assert response.status_code == 200
    assert "exercise-figure" in response.content.decode()  # captions stay, drawings go
    assert client.get(LIST).status_code == 200


def test_each_catalogue_card_has_a_thumbnail_described_by_its_end_position(client):
    make_march()
    html = client.get(LIST).content.decode()
    thumb = html[html.index('class="exercise-thumb"') :]
    image = re.search(r'<img src="([^"]+)" alt="([^"]+)" width="(\d+)" height="(\d+)"', thumb)
    assert image.group(2).startswith("Balancing on one leg")
    # The drawing is its own file, which the browser keeps between pages.
    svg = client.get(image.group(1))
    assert svg["Content-Type"] == "image/svg+xml"
    assert 'role="img"><title>Balancing on one leg' in svg.content.decode()
    assert f'viewBox="0 0 {image.group(3)}' in svg.content.decode()


def test_thumbnails_do_not_add_queries_to_the_catalogue(client):
    band = make_equipment("resistance-band")
    for n in range(6):
        make_exercise(f"Plain move {n}", equipment=[band])

    def count() -> int:
        client.get(LIST)
        with CaptureQueriesContext(connection) as queries:
            client.get(LIST)
        return len(queries)

    without = count()
    for n in range(6):
        make_march(f"Drawn move {n}", equipment=[band])
    assert count() == without


def test_the_catalogue_reads_its_thumbnails_in_one_cache_read(client):
    make_march("Drawn move 0")
    one = cache_reads(client, LIST)
    for n in range(1, 6):
        make_march(f"Drawn move {n}")
    assert cache_reads(client, LIST) == one


def test_an_edited_figure_shows_on_its_catalogue_card_at_once(client):
    march = make_march()
    assert 'alt="Balancing on one leg' in client.get(LIST).content.decode()
    march.figure = {**march.figure, "end_alt": "One knee up at hip height."}
    march.save()
    html = client.get(LIST).content.decode()
    assert 'alt="One knee up at hip height."' in html and "Balancing on one leg" not in html


def change_url(exercise) -> str:
    return reverse("admin:exercises_exercise_change", args=[exercise.pk])


def post_figure(admin_client, exercise, figure):
    """Save the exercise's change form as it stands, with `figure` typed into the JSON box."""
    form = admin_client.get(change_url(exercise)).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | dict)
    }
    data.update(
        figure=figure if isinstance(figure, str) else json.dumps(figure),
        sources=list(exercise.sources.values_list("pk", flat=True)),
        pain_locations=list(exercise.pain_locations.values_list("pk", flat=True)),
        **{
            f"{prefix}-{count}_FORMS": 0
            for prefix in ("steps", "muscle_links")
            for count in ("TOTAL", "INITIAL")
        },
    )
    return admin_client.post(change_url(exercise), data)


def test_admin_shows_the_pose_as_indented_json(admin_client):
    html = admin_client.get(change_url(make_march())).content.decode()
    assert "\n  &quot;view&quot;: &quot;side&quot;,\n" in html


def test_admin_refuses_a_bad_pose_with_a_clear_message(admin_client):
    exercise = make_march()
    bad = dict(MARCH, end={"near_hip": 90, "near_knee": 200})
    errors = post_figure(admin_client, exercise, bad).context["adminform"].form.errors
    assert errors["figure"] == [
        "End position: near knee is 200°, outside what a body can do here (-20° to 180°)."
    ]
    errors = post_figure(admin_client, exercise, "{not json").context["adminform"].form.errors
    assert errors["figure"] == ["Enter a valid JSON."]
    exercise.refresh_from_db()
    assert exercise.figure == MARCH


def test_admin_saves_a_good_pose_and_previews_it(admin_client):
    # Published, so with what a published exercise needs (its saved steps and muscle stand).
    exercise = make_march(muscles=[make_muscle()], locations=[make_location("outer_side")])
    better = dict(MARCH, end={"near_hip": 100, "near_knee": 95})
    response = post_figure(admin_client, exercise, better)
    assert response.status_code == 302, response.context["adminform"].form.errors
    exercise.refresh_from_db()
    assert exercise.figure["end"] == {"near_hip": 100, "near_knee": 95}
    assert admin_client.get(change_url(exercise)).content.decode().count('width="240px"') == 2


def test_the_builder_reads_its_items_figures_in_one_cache_read(client, coach):
    """A full render of the builder reads every item's figure together (one get_many), not
    one read per item: with Redis each read is a round trip."""
    client.force_login(coach)
    routine = make_routine(coach, exercises=[make_march("Drawn move 0")])
    one = cache_reads(client, routine.get_absolute_url())
    for n in range(1, 6):
        services.routine_add_item(routine=routine, exercise=make_march(f"Drawn move {n}"))
    html = client.get(routine.get_absolute_url()).content.decode()
    assert html.count('class="routine-thumb"') == 6
    assert cache_reads(client, routine.get_absolute_url()) == one


def test_the_builder_and_the_printed_routine_show_the_pictures(client, coach):
    march = make_march()
    routine = make_routine(coach, exercises=[march, make_exercise("Undrawn move")])
    client.force_login(coach)
    builder = client.get(routine.get_absolute_url()).content.decode()
    assert builder.count('class="routine-thumb"') == 1
    printed = client.get(reverse("routines:print", args=[routine.pk])).content.decode()
    sheet = printed[printed.index('class="sheet-figures"') :]
    # images of the figure files, eager (a lazy image may be missing from the print), sized
    # by sheet.css
    assert sheet.count('class="sheet-figure">') == 2 and 'loading="lazy"' not in sheet
    assert 'alt="Standing tall with the arms relaxed."' in sheet
    # the PDF fetches nothing, so it draws the figures inline, sized by attributes
    # (the sheet's items as its view gives them: views._sheet_cards)
    from django.test import RequestFactory

    from routines.views import _sheet_context

    request = RequestFactory().get("/")
    request.user = coach
    pdf_html = render_to_string(
        "routines/_sheet.html", {**_sheet_context(request, routine), "pdf": True}
    )
    # 32 mm wide (were 50, then 42): room beside them for the steps, so fewer pages
    assert pdf_html.count('width="32mm"') == 2 and "<img" not in pdf_html
    assert "<title>Standing tall with the arms relaxed.</title>" in pdf_html
