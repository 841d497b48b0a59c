"""/routines/ (the coach's list) and /routines/new/ (including the hand-off from /triage/)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine, positions

pytestmark = pytest.mark.django_db
LIST = reverse("routines:list")
NEW = reverse("routines:new")


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def titles(html: str) -> list[str]:
    rows = html.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in html else ""
    # Each row's heading's first link (inside the title's wrapper, routines.css .routine-name).
    return [
        row.split("<a href=", 1)[1].split('">', 1)[1].split("</a>")[0]
        for row in rows.split('<th scope="row">')[1:]
    ]


def test_the_list_shows_my_routines_newest_first(signed_in, coach, other_coach):
    old = make_routine(coach, title="Old one")
    Routine.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=3))
    make_routine(coach, title="New one")
    make_routine(other_coach, title="Not mine")
    html = signed_in.get(LIST).content.decode()
    assert titles(html) == ["New one", "Old one"]


def test_the_list_searches_titles_and_who_it_is_for(signed_in, coach):
    make_routine(coach, title="Glutes", for_whom="AB")
    make_routine(coach, title="Stretches", for_whom="CD")
    assert titles(signed_in.get(LIST + "?q=glu").content.decode()) == ["Glutes"]
    assert titles(signed_in.get(LIST + "?q=cd").content.decode()) == ["Stretches"]


def test_archived_routines_are_hidden_until_asked_for(signed_in, coach):
    make_routine(coach, title="Current")
    archived = make_routine(coach, title="Done")
    services.routine_set_archived(routine=archived, archived=True)
    assert titles(signed_in.get(LIST).content.decode()) == ["Current"]
    assert titles(signed_in.get(LIST + "?show=archived").content.decode()) == ["Done"]
    assert set(titles(signed_in.get(LIST + "?show=all").content.decode())) == {"Current", "Done"}


def test_an_unknown_list_filter_falls_back_to_current_routines(signed_in, coach):
    make_routine(coach, title="Current")
    response = signed_in.get(LIST + "?show=everything")
    assert response.status_code == 200
    assert titles(response.content.decode()) == ["Current"]


def test_the_list_answers_htmx_with_the_results_only(signed_in, coach):
    make_routine(coach, title="Glutes")
    html = signed_in.get(LIST + "?q=glu", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and "Glutes" in html


def test_only_staff_can_ask_for_every_coachs_routines(signed_in, client, coach, staff, other_coach):
    make_routine(other_coach, title="Theirs")
    assert titles(signed_in.get(LIST + "?everyone=on").content.decode()) == []
    client.force_login(staff)
    assert titles(client.get(LIST + "?everyone=on").content.decode()) == ["Theirs"]
    assert titles(client.get(LIST).content.decode()) == []


def test_the_list_counts_items_in_a_fixed_number_of_queries(
    signed_in, coach, clamshell, django_assert_max_num_queries
):
    for n in range(15):
        make_routine(coach, title=f"R{n}", exercises=[clamshell] * 3)
    signed_in.get(LIST)
    with django_assert_max_num_queries(8):
        html = signed_in.get(LIST).content.decode()
    assert "<td>3</td>" in html


# /routines/new/


def test_new_creates_the_routine_and_opens_the_builder(signed_in, coach):
    response = signed_in.post(
        NEW, {"title": "Hips", "for_whom": "JK", "level": "advanced_moderate"}
    )
    routine = Routine.objects.get()
    assert response.status_code == 302
    assert response["Location"] == routine.get_absolute_url()
    assert (routine.owner, routine.title, routine.for_whom, routine.level) == (
        coach,
        "Hips",
        "JK",
        "advanced_moderate",
    )


def test_new_form_labels_its_fields(signed_in):
    html = signed_in.get(NEW).content.decode()
    assert '<label class="form-label mb-1 small" for="id_title">Title</label>' in html
    assert 'for="id_for_whom">Who it is for</label>' in html
    assert "<legend" in html and "Heavy weights (3-4 x 4-6 on moves that take weights)" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "level": "beginner"}, "Give the routine a title."),
        ({"title": "Hips", "level": "pro"}, "not one of the available choices"),
        ({"title": "Hips", "level": "beginner", "for_whom": "x" * 41}, "at most 40"),
    ],
)
def test_new_with_bad_input_shows_the_form_again(signed_in, data, message):
    response = signed_in.post(NEW, data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Routine.objects.exists()


def test_the_triage_hand_off_lists_the_exercises_it_will_add(signed_in, clamshell, pigeon):
    make_exercise("Hidden move", published=False)
    query = "?exercise=pigeon-stretch&exercise=clamshell&exercise=nope&exercise=hidden-move"
    html = signed_in.get(NEW + query).content.decode()
    assert html.index("Pigeon stretch") < html.index("Clamshell")
    assert '<input type="hidden" name="exercise" value="pigeon-stretch">' in html
    assert 'value="nope"' not in html
    assert "Left out 2 exercises that the catalogue does not have: nope, hidden-move." in html
    assert 'value="Starter routine"' in html


def test_the_hand_off_post_adds_them_in_order_at_the_chosen_level(signed_in, squat, clamshell):
    data = {
        "title": "Starter routine",
        "level": "advanced_heavy",
        "exercise": ["goblet-squat", "nope", "clamshell", "goblet-squat"],
    }
    response = signed_in.post(NEW, data, follow=True)
    routine = Routine.objects.get()
    assert positions(routine) == [("goblet-squat", 1), ("clamshell", 2)]
    assert routine.items.get(position=1).dose_line == "3-4 x 4-6, twice a week"
    html = response.content.decode()
    assert "with 2 exercises" in html and "Left out 1 exercise" in html


def test_the_hand_off_escapes_unknown_slugs(signed_in):
    html = signed_in.get(NEW + "?exercise=<b>x</b>").content.decode()
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


# A starter routine for outer-hip pain keeps a side-lying move to the painful side: the
# routine made from it does too, on the hip the coach says hurts.

OUTER_HIP_HAND_OFF = (
    "?exercise=goblet-squat&exercise=clamshell&one_side=clamshell&one_side=goblet-squat"
)


def test_an_outer_hip_hand_off_asks_which_hip_hurts(signed_in, squat, clamshell):
    html = signed_in.get(NEW + OUTER_HIP_HAND_OFF).content.decode()
    assert "Which hip hurts?" in html
    assert (
        'name="painful_side" value="left"' in html and 'name="painful_side" value="right"' in html
    )
    assert "Clamshell goes on that side only, lying on the other side" in html
    assert "Clamshell (on the painful side only)" in html
    assert '<input type="hidden" name="one_side" value="clamshell">' in html
    # A move that works both sides together has no side to keep to.
    assert 'name="one_side" value="goblet-squat"' not in html
    assert "Which hip hurts?" not in signed_in.get(NEW + "?exercise=clamshell").content.decode()


def test_an_outer_hip_hand_off_needs_the_painful_hip(signed_in, squat, clamshell):
    data = {"title": "Starter routine", "level": "beginner", "exercise": ["clamshell"]}
    response = signed_in.post(NEW, {**data, "one_side": ["clamshell"]})
    assert response.status_code == 422
    assert "Choose the hip that hurts." in response.content.decode()
    assert not Routine.objects.exists()


@pytest.mark.parametrize("side", ["left", "right"])
def test_an_outer_hip_hand_off_puts_the_side_lying_move_on_the_painful_side(
    signed_in, squat, clamshell, side
):
    data = {
        "title": "Starter routine",
        "level": "beginner",
        "exercise": ["goblet-squat", "clamshell"],
        "one_side": ["clamshell"],
        "painful_side": side,
    }
    assert signed_in.post(NEW, data).status_code == 302
    routine = Routine.objects.get()
    assert routine.items.get(exercise=clamshell).side == side
    assert f"{side} side only" in routine.items.get(exercise=clamshell).dose_line
    assert "each side" not in routine.items.get(exercise=clamshell).dose_line
    assert routine.items.get(exercise=squat).side == "both"


def test_a_hand_off_without_one_side_moves_keeps_each_side(signed_in, clamshell):
    data = {"title": "Starter routine", "level": "beginner", "exercise": ["clamshell"]}
    assert signed_in.post(NEW, {**data, "painful_side": "left"}).status_code == 302
    assert Routine.objects.get().items.get().side == "each"


def test_the_service_refuses_one_side_for_a_move_that_works_both_sides(coach, squat):
    from django.core.exceptions import ValidationError

    from exercises.dosing import Side

    with pytest.raises(ValidationError):
        services.routine_create(
            owner=coach, title="T", exercises=[squat], sides={"goblet-squat": Side.LEFT}
        )
    assert not Routine.objects.exists()


def test_clearing_a_routines_title_is_refused_with_422_as_every_form_error(signed_in, coach):
    """Fresh tester: a cleared title on the edit page came back 400, other form errors 422."""
    routine = make_routine(coach)
    url = reverse("routines:edit", args=[routine.pk])
    response = signed_in.post(url, {"title": "", "level": "beginner"})
    assert response.status_code == 422
    assert 'name="title"' in response.content.decode()
