import pytest
from django.urls import reverse

from exercises.models import Exercise, Step
from tests.conftest import make_exercise, make_muscle, make_source

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:exercises_exercise_changelist")


def test_changelist_lists_and_searches_names_and_aliases(admin_client):
    make_exercise("Clamshell", aliases="Clam")
    make_exercise("Figure 4 stretch", aliases="Piriformis stretch", kind=Exercise.Kind.STRETCH)
    response = admin_client.get(CHANGELIST, {"q": "piriformis"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [
        Exercise.objects.get(name="Figure 4 stretch")
    ]


def test_changelist_filters_by_muscle_and_source(admin_client):
    muscle = make_muscle("hamstrings")
    source = make_source(slug="managing-hip-pain")
    make_exercise("Nordic curl", muscles=[muscle], sources=[source])
    make_exercise("Clamshell")
    response = admin_client.get(CHANGELIST, {"muscles__id__exact": muscle.pk})
    assert [e.name for e in response.context["cl"].result_list] == ["Nordic curl"]
    response = admin_client.get(CHANGELIST, {"sources__id__exact": source.pk})
    assert [e.name for e in response.context["cl"].result_list] == ["Nordic curl"]


def test_unpublish_action_hides_an_exercise_from_public_pages(admin_client, client):
    exercise = make_exercise("Clamshell")
    admin_client.post(
        CHANGELIST, {"action": "unpublish", "_selected_action": [exercise.pk]}, follow=True
    )
    exercise.refresh_from_db()
    assert not exercise.published
    assert client.get(exercise.get_absolute_url()).status_code == 404
    admin_client.post(CHANGELIST, {"action": "publish", "_selected_action": [exercise.pk]})
    assert client.get(exercise.get_absolute_url()).status_code == 200


def add_form_data(**overrides) -> dict:
    muscle = make_muscle()
    source = make_source()
    data = {
        "name": "Side plank",
        "slug": "side-plank",
        "aliases": "",
        "kind": "strength",
        "level": "intermediate",
        "published": "on",
        "purpose": "Builds side strength.",
        "why": "Keeps the pelvis level.",
        "cues": "",
        "position": "side_lying",
        "sets_min": 2,
        "sets_max": 3,
        "reps_min": "",
        "reps_max": "",
        "hold_seconds_min": 20,
        "hold_seconds_max": 40,
        "frequency_min": 2,
        "frequency_max": 2,
        "frequency_period": "week",
        "dosing_note": "",
        "sources": [source.pk],
        "steps-TOTAL_FORMS": 2,
        "steps-INITIAL_FORMS": 0,
        "steps-0-position": 1,
        "steps-0-text": "Lie on your side on one forearm.",
        "steps-1-position": 2,
        "steps-1-text": "Lift your hips and hold.",
        "muscle_links-TOTAL_FORMS": 1,
        "muscle_links-INITIAL_FORMS": 0,
        "muscle_links-0-muscle": muscle.pk,
        "muscle_links-0-role": "primary",
    }
    data.update(overrides)
    return data


def test_admin_adds_an_exercise_with_ordered_steps(admin_client):
    response = admin_client.post(reverse("admin:exercises_exercise_add"), add_form_data())
    assert response.status_code == 302, response.context["adminform"].form.errors
    exercise = Exercise.objects.get(slug="side-plank")
    assert [s.text for s in exercise.steps.all()][0] == "Lie on your side on one forearm."


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"sets_min": 4, "sets_max": 2}, "Sets: the minimum must be at least 1"),
        ({"reps_min": 10, "reps_max": 12}, "either a rep range or a hold"),
        ({"hold_seconds_min": 60, "hold_seconds_max": 30}, "either a rep range or a hold"),
        ({"hold_seconds_min": "", "hold_seconds_max": ""}, "either a rep range or a hold"),
    ],
)
def test_admin_refuses_an_impossible_dose_with_a_clear_message_and_saves_nothing(
    admin_client, overrides, message
):
    response = admin_client.post(
        reverse("admin:exercises_exercise_add"), add_form_data(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Exercise.objects.filter(slug="side-plank").exists()
    assert not Step.objects.exists()
