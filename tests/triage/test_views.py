import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils.html import escape

from exercises.models import Exercise
from tests.conftest import make_equipment, make_exercise, make_location, make_source, make_user
from triage import rules

pytestmark = pytest.mark.django_db
URL = reverse("triage:form")
HTMX = {"HX-Request": "true"}

BASELINE = {
    "age": "34",
    "onset": "gradual",
    "location": "outer_side",
    "severity": "3",
    "duration_days": "5",
    "weight_bearing": "full",
    "improving": "not_tried",
}


def answers(**changes) -> dict:
    data = dict(BASELINE)
    for key, value in changes.items():
        if value is True:
            data[key] = "on"
        elif value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


@pytest.fixture
def sources():
    for slug in rules.KNOWN_SOURCES:
        make_source(slug=slug, title=f"Title of {slug}")


@pytest.fixture
def catalogue():
    outer = make_location("outer_side")
    front = make_location("front_groin")
    step = make_equipment("step-or-box")
    moves = [
        make_exercise("Clamshell", locations=[outer], position="side_lying", unilateral=True),
        make_exercise(
            "Side plank",
            locations=[outer],
            position="side_lying",
            hold_seconds_min=10,
            hold_seconds_max=30,
        ),
        make_exercise("Glute bridge", locations=[outer], position="lying_back"),
        make_exercise("Single-leg step down", locations=[outer], unilateral=True, equipment=[step]),
        make_exercise("Standing hip abduction", locations=[outer], unilateral=True),
        make_exercise("IT band stretch", kind=Exercise.Kind.STRETCH, locations=[outer]),
        make_exercise(
            "Figure 4 stretch", kind=Exercise.Kind.STRETCH, locations=[outer], position="lying_back"
        ),
        make_exercise(
            "Hip flexor stretch", kind=Exercise.Kind.STRETCH, locations=[front], position="kneeling"
        ),
    ]
    return {exercise.slug: exercise for exercise in moves}


def tier_of(response) -> str:
    html = response.content.decode()
    marker = 'data-tier="'
    assert marker in html, html[:500]
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def starter_names(response) -> list[str]:
    """The exercises of the answer's starter routine, as the page lists them."""
    html = response.content.decode()
    if '<ol class="starter">' not in html:
        return []
    listed = html.split('<ol class="starter">', 1)[1].split("</ol>", 1)[0]
    return [unescape(name) for name in re.findall(r'<li><a href="[^"]+">([^<]+)</a>', listed)]


def test_form_page_has_every_question_in_labelled_fieldsets(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<fieldset") == 5
    for name in ["age", "severity", "duration_days"]:
        assert f'<label class="form-label fw-semibold" for="id_{name}"' in html
    for name in rules.BOOL_FIELDS:
        assert f'<label class="form-check-label" for="id_{name}"' in html
    for value, _label in rules.LOCATIONS:
        assert f'value="{value}"' in html


def test_every_field_is_in_exactly_one_fieldset():
    from triage.forms import FIELDSETS, TriageForm

    names = [name for _legend, fields in FIELDSETS for name in fields]
    assert sorted(names) == sorted(TriageForm.base_fields)


def test_location_picture_options_are_labels_of_the_real_radio_buttons(client):
    html = client.get(URL).content.decode()
    for n, (value, _label) in enumerate(rules.LOCATIONS):
        assert f'id="id_location_{n}" value="{value}"' in html
        assert f'<label for="id_location_{n}">' in html
    assert html.count('class="hip-picture"') == len(rules.LOCATIONS)
    assert 'aria-hidden="true" focusable="false"' in html


def test_self_care_answer_offers_a_starter_routine_with_beginner_doses(client, sources, catalogue):
    response = client.post(URL, answers())
    assert response.status_code == 200
    assert tier_of(response) == "self_care"
    names = starter_names(response)
    assert 4 <= len(names) <= 6
    html = response.content.decode()
    assert "1-3 sets of 12-15 on each side, twice a week" in html
    assert "Keeping it from coming back" in html
    assert "5 to 10 %" in html


def test_night_pain_sends_runner_to_a_professional_and_cites_the_rule(client, sources, catalogue):
    response = client.post(URL, answers(night_pain=True))
    assert tier_of(response) == "see_professional"
    html = response.content.decode()
    assert 'data-rule="night-or-rest-pain"' in html
    rule = rules.rule_by_slug("night-or-rest-pain")
    for slug in rule.sources:
        assert f"Title of {slug}" in html
    assert starter_names(response)


@pytest.mark.parametrize(
    ("changes", "tier", "rule"),
    [
        ({"weight_bearing": "unable"}, "emergency", "cannot-bear-weight"),
        ({"swelling": True, "redness_warmth": True}, "emergency", "hot-swollen-joint"),
        ({"saddle_or_bladder": True}, "emergency", "saddle-numbness-or-bladder-change"),
        ({"fever": True}, "urgent", "fever"),
        ({"cancer_history": True}, "urgent", "past-cancer"),
        (
            {"location": "front_groin", "mileage_increase": True, "night_pain": True},
            "urgent",
            "suspected-stress-fracture",
        ),
        ({"age": "13", "limited_motion": True}, "urgent", "possible-slipped-growth-plate"),
    ],
)
def test_red_flags_give_no_exercises_only_what_to_do(
    client, sources, catalogue, changes, tier, rule
):
    response = client.post(URL, answers(**changes))
    assert tier_of(response) == tier
    html = response.content.decode()
    assert f'data-rule="{rule}"' in html
    assert not starter_names(response)
    assert "A starter routine" not in html
    assert "Clamshell" not in html
    assert escape(rules.Tier(tier).action.split(".")[0]) in html


def test_every_fired_rule_is_shown_not_only_the_winning_one(client, sources, catalogue):
    response = client.post(URL, answers(fever=True, clicking=True))
    assert tier_of(response) == "urgent"
    html = response.content.decode()
    assert 'data-rule="fever"' in html
    assert 'data-rule="clicking-or-snapping"' in html


def test_starter_routine_leaves_out_standing_one_leg_and_step_moves_when_standing_hurts(
    client, sources, catalogue
):
    response = client.post(URL, answers(weight_bearing="painful"))
    assert tier_of(response) == "see_professional"
    names = starter_names(response)
    assert names
    assert "Single-leg step down" not in names
    assert "Standing hip abduction" not in names


def test_starter_routine_fits_the_location(client, sources, catalogue):
    names = starter_names(client.post(URL, answers(location="front_groin")))
    assert "Hip flexor stretch" in names
    names = starter_names(client.post(URL, answers()))
    assert "Hip flexor stretch" not in names


def test_result_names_possible_contributors_as_possibilities(client, sources, catalogue):
    html = client.post(URL, answers()).content.decode()
    assert "Possibilities only" in html
    assert "gluteal tendinopathy" in html


def test_htmx_post_gets_the_result_partial_and_a_plain_post_the_whole_page(
    client, sources, catalogue
):
    partial = client.post(URL, answers(), headers=HTMX).content.decode()
    full = client.post(URL, answers()).content.decode()
    assert "<html" in full and "<html" not in partial
    assert partial.lstrip().startswith('<div id="triage-panel">')
    assert 'data-tier="self_care"' in partial


def test_the_answer_is_the_same_alone_in_the_page_and_signed_in(
    client, sources, catalogue, django_user_model
):
    partial = client.post(URL, answers(night_pain=True), headers=HTMX).content.decode()
    page = client.post(URL, answers(night_pain=True)).content.decode()
    client.force_login(make_user(django_user_model))
    signed_in = client.post(URL, answers(night_pain=True)).content.decode()
    assert 'data-rule="night-or-rest-pain"' in partial and "Clamshell" in partial
    assert partial in page and partial in signed_in
    title = (
        f"<title>{escape(rules.Tier.SEE_PROFESSIONAL.label)} · Symptom checker · HipCare</title>"
    )
    assert title in page and title in signed_in


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"age": None}, "age", "This field is required."),
        ({"age": "7"}, "age", "greater than or equal to 8"),
        ({"age": "101"}, "age", "less than or equal to 100"),
        ({"age": "thirty"}, "age", "Enter a whole number."),
        ({"severity": "11"}, "severity", "less than or equal to 10"),
        ({"duration_days": "-1"}, "duration_days", "greater than or equal to 0"),
        ({"duration_days": "3651"}, "duration_days", "less than or equal to 3650"),
        ({"location": "knee"}, "location", "Select a valid choice"),
        ({"onset": "slowly"}, "onset", "Select a valid choice"),
        ({"radiates_to": "foot"}, "radiates_to", "Select a valid choice"),
        ({"weight_bearing": None}, "weight_bearing", "This field is required."),
    ],
)
def test_bad_answers_show_the_form_again_with_the_message_and_what_was_entered(
    client, changes, field, message
):
    response = client.post(URL, answers(**changes))
    assert response.status_code == 422
    assert message in str(response.context["form"].errors[field])
    html = response.content.decode()
    assert "Some answers need another look" in html
    assert message.split(" ")[0] in html
    if field != "location":
        assert 'value="outer_side" checked' in html
    if field != "severity":
        assert 'name="severity" id="id_severity" value="3"' in html


def test_htmx_gets_the_form_again_with_errors_too(client):
    response = client.post(URL, answers(age=None), headers=HTMX)
    assert response.status_code == 422
    assert "<html" not in response.content.decode()
    assert "Some answers need another look" in response.content.decode()


def test_checked_boxes_stay_checked_when_the_form_comes_back(client):
    html = client.post(URL, answers(age="500", night_pain=True)).content.decode()
    assert 'name="night_pain" id="id_night_pain" checked' in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_answers_are_never_cached(client, method, sources, catalogue):
    response = getattr(client, method)(URL, answers() if method == "post" else None)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_triage_writes_nothing_to_the_database(client, sources, catalogue, django_db_blocker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.post(URL, answers(night_pain=True, age="41"))
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []


def test_coach_can_start_a_routine_from_the_suggestion(
    client, sources, catalogue, django_user_model
):
    client.force_login(make_user(django_user_model, coach=True))
    response = client.post(URL, answers())
    html = response.content.decode()
    assert "Start a routine from this" in html
    href = re.search(r'href="([^"]*)">Start a routine from this', html).group(1)
    assert href.startswith(reverse("routines:new") + "?exercise=")
    assert "&amp;exercise=" in href and "&exercise=" not in href  # escaped for the attribute


def test_where_it_hurts_is_escaped_in_the_sentence_about_the_starter_routine(
    client, sources, catalogue
):
    html = client.post(URL, answers(location="diffuse")).content.decode()
    assert "Chosen for pain all over, or I can&#x27;t pin it down." in html


def test_runner_without_an_account_sees_no_routine_hand_off(client, sources, catalogue):
    assert "Start a routine from this" not in client.post(URL, answers()).content.decode()


def test_rules_page_lists_every_rule_with_its_tier_and_sources(client, sources):
    response = client.get(reverse("triage:rules"))
    assert response.status_code == 200
    html = response.content.decode()
    for rule in rules.RULES:
        assert f'data-rule="{rule.slug}"' in html
        assert escape(rule.title) in html
    for tier in rules.Tier:
        assert tier.label in html
    assert "Title of nhs-hip-fracture" in html
