import pytest
from django.urls import reverse

from exercises.models import Exercise, Step
from tests.conftest import make_exercise, make_location, make_muscle, make_source

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


def make_complete(name: str, **fields):
    """An exercise with everything a published one needs (PUBLISHING_NEEDS)."""
    fields.setdefault("figure", POSE)
    fields.setdefault("muscles", [make_muscle()])
    fields.setdefault("locations", [make_location("outer_side")])
    return make_exercise(name, **fields)


def test_unpublish_action_hides_an_exercise_from_public_pages(admin_client, client):
    exercise = make_complete("Clamshell")
    admin_client.post(
        CHANGELIST, {"action": "unpublish", "_selected_action": [exercise.pk]}, follow=True
    )
    exercise.refresh_from_db()
    assert not exercise.published
    assert client.get(exercise.get_absolute_url()).status_code == 404
    admin_client.post(CHANGELIST, {"action": "publish", "_selected_action": [exercise.pk]})
    assert client.get(exercise.get_absolute_url()).status_code == 200


def add_form_data(**overrides) -> dict:
    import json

    muscle = make_muscle()
    source = make_source()
    location = make_location("outer_side")
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
        "pain_locations": [location.pk],
        "figure": json.dumps(POSE),
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


# --- A published exercise has what a runner needs; a draft may not -----------------------------

ADD = reverse("admin:exercises_exercise_add")
NO_STEPS = {"steps-TOTAL_FORMS": 0}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (NO_STEPS, "A published exercise needs its steps"),
        ({"muscle_links-0-muscle": ""}, "at least one main (primary) muscle"),
        ({"muscle_links-0-role": "secondary"}, "at least one main (primary) muscle"),
        # (not a move the symptom checker avoids: such a move may suit no pain)
        ({"pain_locations": [], "slug": "side-bridge"}, "needs the pain it suits"),
        ({"sources": []}, "This field is required"),
        ({"figure": ""}, "A published exercise needs its pictures"),
    ],
)
def test_admin_refuses_to_publish_an_exercise_a_runner_cannot_follow(
    admin_client, overrides, message
):
    response = admin_client.post(ADD, add_form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Exercise.objects.filter(slug="side-plank").exists()
    assert not Step.objects.exists()


def test_an_incomplete_exercise_may_be_kept_as_a_draft(admin_client, client):
    data = add_form_data(**NO_STEPS, pain_locations=[], figure="", **{"muscle_links-0-muscle": ""})
    del data["published"]
    response = admin_client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft = Exercise.objects.get(slug="side-plank")
    assert not draft.published
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_removing_the_last_step_of_a_published_exercise_is_refused(admin_client):
    exercise = make_exercise(
        "Clamshell",
        figure=POSE,
        steps=("Only step.",),
        muscles=[make_muscle()],
        locations=[make_location("outer_side")],
    )
    (step,) = exercise.steps.all()
    page = admin_client.get(reverse("admin:exercises_exercise_change", args=[exercise.pk]))
    data = change_form_data(page, exercise)
    data |= {
        "steps-TOTAL_FORMS": 1,
        "steps-INITIAL_FORMS": 1,
        "steps-0-id": step.pk,
        "steps-0-exercise": exercise.pk,
        "steps-0-position": 1,
        "steps-0-text": "Only step.",
        "steps-0-DELETE": "on",
    }
    response = admin_client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]), data
    )
    assert response.status_code == 200
    assert "A published exercise needs its steps" in response.content.decode()
    assert exercise.steps.count() == 1


def test_the_publish_action_publishes_only_complete_exercises_and_says_what_the_rest_lack(
    admin_client,
):
    complete = make_exercise(
        "Clamshell",
        figure=POSE,
        muscles=[make_muscle()],
        locations=[make_location("outer_side")],
        published=False,
    )
    bare = make_exercise("Bare", steps=(), published=False)
    response = admin_client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [complete.pk, bare.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Published 1 exercise(s)." in html
    assert "Not published: Bare." in html
    for need in ("its steps", "main (primary) muscle", "the pain it suits", "its pictures"):
        assert need in html
    complete.refresh_from_db()
    bare.refresh_from_db()
    assert complete.published and not bare.published


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


def change_form_data(page, exercise) -> dict:
    """The change form's fields as the page has them, for a published exercise with a primary
    muscle (sent as its one inline row) and the given steps (the caller adds them)."""
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name not in ("equipment", "pain_locations", "sources", "harder_versions", "figure")
    }
    import json

    link = exercise.muscle_links.get()
    data |= {
        "figure": json.dumps(exercise.figure),
        "sources": [s.pk for s in exercise.sources.all()],
        "pain_locations": [p.pk for p in exercise.pain_locations.all()],
        "published": "on",
        "muscle_links-TOTAL_FORMS": 1,
        "muscle_links-INITIAL_FORMS": 1,
        "muscle_links-0-id": link.pk,
        "muscle_links-0-exercise": exercise.pk,
        "muscle_links-0-muscle": link.muscle_id,
        "muscle_links-0-role": link.role,
    }
    return {key: ("" if value is None else value) for key, value in data.items()}


def test_two_steps_can_swap_places(client, django_user_model):
    client.force_login(make_editor(django_user_model))
    exercise = make_exercise(
        "Clamshell",
        steps=("First.", "Second."),
        figure=POSE,
        muscles=[make_muscle()],
        locations=[make_location("outer_side")],
    )
    first, second = exercise.steps.all()
    page = client.get(reverse("admin:exercises_exercise_change", args=[exercise.pk]))
    data = change_form_data(page, exercise)
    data |= {
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
    }
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


# --- The shipped catalogue passes the same bar -------------------------------------------------


def test_load_catalogue_loads_the_shipped_catalogue_every_published_exercise_complete():
    from django.core.management import call_command

    call_command("load_catalogue", verbosity=0, stdout=__import__("io").StringIO())
    published = Exercise.objects.published()
    assert published.count() >= 30
    assert {
        e.name: e.missing_for_publishing() for e in published if e.missing_for_publishing()
    } == {}


def test_load_catalogue_refuses_a_catalogue_with_an_incomplete_published_exercise(
    tmp_path, monkeypatch
):
    import json

    from django.core.management import CommandError, call_command

    from exercises.management.commands import load_catalogue

    rows = json.loads(load_catalogue.CATALOGUE_FIXTURE.read_text())
    first = next(row for row in rows if row["model"] == "exercises.exercise")
    rows = [
        row
        for row in rows
        if not (row["model"] == "exercises.step" and row["fields"]["exercise"] == first["pk"])
    ]
    broken = tmp_path / "catalogue.json"
    broken.write_text(json.dumps(rows))
    monkeypatch.setattr(load_catalogue, "CATALOGUE_FIXTURE", broken)
    with pytest.raises(
        CommandError, match=f"{first['fields']['name']}: A published exercise needs its steps"
    ):
        call_command("load_catalogue", verbosity=0)
    assert not Exercise.objects.exists()


def test_the_exercise_forms_row_boxes_are_named_and_short_lists_are_boxes_to_tick(admin_client):
    from tests.conftest import make_equipment

    make_equipment("mat")
    exercise = make_complete("Clamshell")
    for url in (ADD, reverse("admin:exercises_exercise_change", args=[exercise.pk])):
        html = admin_client.get(url).content.decode()
        assert 'aria-label="Step"' in html
        assert 'aria-label="Muscle"' in html and 'aria-label="Role"' in html
        assert "admin-autocomplete" not in html  # no select2 box without a name
        assert 'type="checkbox" name="pain_locations"' in html
        assert 'type="checkbox" name="equipment"' in html
    assert 'aria-label="Delete this step"' in html and 'aria-label="Delete this muscle"' in html
