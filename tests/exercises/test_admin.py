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


# --- Catalogue editors: staff who are not superusers --------------------------------------------

POSE = {
    "view": "side",
    "start": {},
    "end": {"near_hip": 90, "near_knee": 90},
    "moving": ["near_leg"],
    "start_alt": "Standing tall.",
    "end_alt": "Standing on one leg, the other knee raised.",
}


def make_editor(django_user_model, *, editor: bool = True):
    from django.contrib.auth.models import Group

    from exercises.catalogue import CATALOGUE_EDITORS_GROUP
    from tests.conftest import make_user

    user = make_user(django_user_model, is_staff=True)
    if editor:
        user.groups.add(Group.objects.get(name=CATALOGUE_EDITORS_GROUP))
    return user


def test_the_editors_group_holds_every_catalogue_permission_and_no_other():
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Catalogue editors")
    codenames = set(group.permissions.values_list("codename", flat=True))
    for model in (
        "exercise",
        "step",
        "exercisemuscle",
        "muscle",
        "equipment",
        "painlocation",
        "source",
    ):
        for action in ("view", "add", "change", "delete"):
            assert f"{action}_{model}" in codenames
    assert not {name for name in codenames if "routine" in name or "user" in name}


def test_a_catalogue_editor_who_is_not_a_superuser_can_edit_an_exercise(client, django_user_model):
    client.force_login(make_editor(django_user_model))
    exercise = make_exercise("Clamshell", figure=POSE)
    assert client.get(reverse("admin:index")).status_code == 200
    page = client.get(reverse("admin:exercises_exercise_change", args=[exercise.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="figure-preview"' in html
    assert "adminsortable2/js/adminsortable2" in html
    assert client.get(reverse("admin:exercises_source_changelist")).status_code == 200


def test_staff_outside_the_editors_group_cannot_edit_the_catalogue(client, django_user_model):
    client.force_login(make_editor(django_user_model, editor=False))
    exercise = make_exercise("Clamshell")
    assert (
        client.get(reverse("admin:exercises_exercise_change", args=[exercise.pk])).status_code
        == 403
    )
    preview = reverse("admin:exercises_exercise_figure_preview")
    assert client.get(preview, {"figure": "{}"}).status_code == 403


def test_the_demo_coach_is_a_catalogue_editor(settings):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("create_demo_coach", stdout=__import__("io").StringIO())
    coach = get_user_model().objects.get(username="coach")
    assert coach.is_staff and not coach.is_superuser
    assert coach.has_perm("exercises.change_exercise")
    assert coach.has_perm("exercises.change_step")
    assert coach.has_perm("exercises.add_source")


# --- The live figure preview -------------------------------------------------------------------


def preview(client, text: str):
    return client.get(reverse("admin:exercises_exercise_figure_preview"), {"figure": text})


def test_the_preview_draws_a_pose_as_typed_without_saving(client, django_user_model):
    import json

    client.force_login(make_editor(django_user_model))
    exercise = make_exercise("Knee raise", figure=POSE)
    bent = preview(client, json.dumps(POSE))
    straighter = preview(client, json.dumps({**POSE, "end": {"near_hip": 45, "near_knee": 10}}))
    assert bent.status_code == straighter.status_code == 200
    assert bent.content.decode().count("<svg") == 2
    assert bent.content != straighter.content
    assert "no-store" in bent["Cache-Control"]
    exercise.refresh_from_db()
    assert exercise.figure == POSE


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"view": "side",\n  "start": {}\n  "end": {}}', "Line 3, column 3"),
        ('{"view": "side"}', "The figure is missing"),
        (
            '{"view": "side", "start": {}, "end": {"near_knee": 250}, "moving": ["near_leg"], '
            '"start_alt": "a", "end_alt": "b"}',
            "End position: near knee is 250°",
        ),
        ('"x" ' * 6000, "over 20,000 characters"),
    ],
)
def test_the_preview_says_what_is_wrong_next_to_the_field(client, django_user_model, text, message):
    client.force_login(make_editor(django_user_model))
    response = preview(client, text)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist' in html and message in html
    assert "<svg" not in html


def test_the_preview_is_for_signed_in_staff_only(client):
    response = preview(client, "{}")
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- Steps, sources and search in admin -------------------------------------------------------


def test_two_steps_can_swap_places(client, django_user_model):
    client.force_login(make_editor(django_user_model))
    exercise = make_exercise("Clamshell", steps=("First.", "Second."))
    first, second = exercise.steps.all()
    page = client.get(reverse("admin:exercises_exercise_change", args=[exercise.pk]))
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name not in ("equipment", "pain_locations", "sources", "harder_versions", "figure")
    }
    data |= {
        "figure": "{}",
        "sources": [s.pk for s in exercise.sources.all()],
        "published": "on",
        "steps-TOTAL_FORMS": 2,
        "steps-INITIAL_FORMS": 2,
        "steps-0-id": first.pk,
        "steps-0-exercise": exercise.pk,
        "steps-0-position": 2,
        "steps-0-text": "First.",
        "steps-1-id": second.pk,
        "steps-1-exercise": exercise.pk,
        "steps-1-position": 1,
        "steps-1-text": "Second.",
        "muscle_links-TOTAL_FORMS": 0,
        "muscle_links-INITIAL_FORMS": 0,
    }
    data = {key: ("" if value is None else value) for key, value in data.items()}
    response = client.post(reverse("admin:exercises_exercise_change", args=[exercise.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [step.text for step in exercise.steps.all()] == ["Second.", "First."]


def test_sources_read_with_their_publisher_and_date_and_never_twice_the_same(admin_client):
    nhs = make_source(title="Hip pain", publisher="NHS", date="reviewed 2023")
    versus = make_source(title="Hip pain", publisher="Versus Arthritis")
    assert str(nhs) == "Hip pain (NHS, reviewed 2023)"
    assert str(versus) == "Hip pain (Versus Arthritis, undated)"
    html = admin_client.get(reverse("admin:exercises_source_changelist")).content.decode()
    assert "Hip pain (NHS, reviewed 2023)" in html
    assert "Hip pain (Versus Arthritis, undated)" in html
    response = admin_client.post(
        reverse("admin:exercises_source_add"),
        {
            "title": "Hip pain",
            "publisher": "NHS",
            "date": "",
            "kind": "guideline",
            "url": "",
            "slug": "hip-pain-again",
        },
    )
    assert response.status_code == 200
    assert "This publisher already has a source with this title." in response.content.decode()


def test_admin_search_understands_word_forms(admin_client):
    make_exercise("Glute Bridge")
    make_exercise("Clamshell")
    response = admin_client.get(CHANGELIST, {"q": "glute bridges"})
    assert [e.name for e in response.context["cl"].result_list] == ["Glute Bridge"]


@pytest.mark.django_db(transaction=True)
def test_the_editors_group_is_there_again_after_the_database_is_flushed():
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    group = Group.objects.get(name="Catalogue editors")
    assert group.permissions.filter(codename="change_exercise").exists()
