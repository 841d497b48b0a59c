"""POST /triage/: emergency first, any subset of answers, steps, the answer page and its print
summary (triage/views.py)."""

import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from exercises.models import Exercise
from tests.conftest import make_equipment, make_exercise, make_location, make_source, make_user
from triage import emergency, rules

pytestmark = pytest.mark.django_db
URL = reverse("triage:form")
HTMX = {"HX-Request": "true"}

# Today's one-page contract: every answer in one POST, a ticked box sends "on".
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


def tier_of(response) -> str | None:
    found = re.search(r'data-tier="([a-z_]+)"', response.content.decode())
    return found.group(1) if found else None


def fired(response) -> set[str]:
    return set(re.findall(r'<li class="reason[^"]*" data-rule="([a-z0-9-]+)"', html(response)))


def html(response) -> str:
    return response.content.decode()


def without_tokens(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "T", page)


def starter_names(response) -> list[str]:
    """The exercises of the answer's starter routine, as the page lists them."""
    page = html(response)
    if '<ol class="starter">' not in page:
        return []
    listed = page.split('<ol class="starter">', 1)[1].split("</section>", 1)[0]
    pattern = r'<li class="starter-item"><strong>([^<]+)</strong>'
    return [unescape(name) for name in re.findall(pattern, listed)]


def asked_questions(response) -> set[str]:
    """The questions a step shows as inputs a runner can answer (not hidden)."""
    page = html(response)
    shown = set(re.findall(r'<input type="(?:radio|checkbox|number)"[^>]* name="([a-z_]+)"', page))
    shown |= set(re.findall(r'name="([a-z_]+)" id="id_[a-z_]+"', page))
    return shown


def hidden(response) -> list[tuple[str, str]]:
    return re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', html(response))


# --- Emergency first --------------------------------------------------------------------------


def test_the_first_step_asks_the_emergency_questions_only(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert asked_questions(response) == set(rules.STEPS[0].questions)
    page = html(response)
    assert "A parent or carer should answer for a young child" in page
    assert "data-autofocus" in page and 'id="step-heading"' in page


@pytest.mark.parametrize(
    ("data", "rule"),
    [
        ({"saddle_or_bladder": "on"}, "saddle-numbness-or-bladder-change"),
        ({"saddle_or_bladder": "yes"}, "saddle-numbness-or-bladder-change"),
        ({"weight_bearing": "unable"}, "cannot-bear-weight"),
        ({"injury": "on", "deformity": "on"}, "injury-with-deformity"),
        ({"testicle_pain": "yes"}, "testicle-pain"),
        ({"groin_lump": "on"}, "painful-groin-lump"),
        ({"breathless_or_chest_pain": "yes"}, "breathless-or-chest-pain"),
        ({"breathless_or_chest_pain": "unsure"}, "breathless-or-chest-pain"),
    ],
)
def test_a_single_red_flag_posted_alone_is_an_emergency_at_once(client, sources, data, rule):
    response = client.post(URL, data)
    assert response.status_code == 200
    assert tier_of(response) == "emergency"
    assert rule in fired(response)


def test_the_first_step_asks_about_sudden_breathlessness_or_chest_pain(client):
    response = client.get(URL)
    assert "breathless_or_chest_pain" in asked_questions(response)
    assert escape(rules.QUESTION_TEXT["breathless_or_chest_pain"]) in html(response)


def test_a_red_flag_on_the_first_step_answers_without_the_rest(client, sources):
    step_one = {"asked": list(rules.STEPS[0].questions), "age": "40", "weight_bearing": "full"}
    response = client.post(URL, {**step_one, "saddle_or_bladder": "yes"})
    assert tier_of(response) == "emergency"


def test_a_red_flag_answers_even_with_the_other_first_step_questions_blank_or_wrong(
    client, sources
):
    step_one = {"asked": list(rules.STEPS[0].questions), "groin_lump": "yes"}
    response = client.post(URL, step_one)
    assert response.status_code == 200 and tier_of(response) == "emergency"
    response = client.post(URL, {**step_one, "age": "old"})
    assert response.status_code == 200 and tier_of(response) == "emergency"


def test_no_red_flag_on_the_first_step_asks_the_next_step_carrying_the_answers(client):
    step_one = {
        "asked": list(rules.STEPS[0].questions),
        "age": "40",
        "weight_bearing": "full",
        "severity": "3",
        **{name: "no" for name in rules.STEPS[0].questions if name in rules.SIGN_FIELDS},
        "fever": "unsure",
    }
    response = client.post(URL, step_one)
    assert response.status_code == 200
    assert tier_of(response) is None
    assert asked_questions(response) == set(rules.STEPS[1].questions)
    carried = hidden(response)
    assert ("age", "40") in carried and ("fever", "unsure") in carried
    assert ("saddle_or_bladder", "no") in carried
    assert ("asked", "saddle_or_bladder") in carried


NO_ON_STEP = {
    step.slug: {name: "no" for name in step.questions if name in rules.SIGN_FIELDS}
    for step in rules.STEPS
}


@pytest.mark.parametrize("step", rules.STEPS, ids=lambda step: step.slug)
def test_a_warning_sign_skipped_on_a_step_is_asked_again_not_read_as_no(client, step):
    """The tester's path: every sign on a step left blank (nothing else wrong) must not go on,
    still less end in self-care: the same step comes back, each blank sign with its message,
    what was entered kept, and the radios marked required for the browser."""
    earlier = rules.STEPS[: rules.STEPS.index(step)]
    data = [("age", "34"), ("weight_bearing", "full"), ("severity", "3"), ("pregnancy", "no")]
    data += [("location", "outer_side"), ("onset", "gradual"), ("duration_days", "5")]
    data += [("improving", "yes")]
    for done in earlier:
        data += [(name, "no") for name in NO_ON_STEP[done.slug]]
    data += [("asked", name) for s in (*earlier, step) for name in s.questions]
    signs = list(NO_ON_STEP[step.slug])
    response = client.post(URL, urlencode(data), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 422
    assert tier_of(response) is None
    page = html(response)
    assert page.count("Answer Yes, No or Not sure.") >= len(signs)
    for name in signs:
        assert re.search(rf'id="id_{name}-error"', page), name
        assert re.search(rf'name="{name}"[^>]*value="no"[^>]*required', page), name
    # Half answered: the whole step comes back, the answer given ticked and not marked, the
    # blank ones marked.
    half = data + [(signs[0], "yes" if signs[0] == "clicking" else "no")]
    response = client.post(URL, urlencode(half), content_type="application/x-www-form-urlencoded")
    page = html(response)
    if tier_of(response) is None:
        assert f'id="id_{signs[0]}-error"' not in page
        assert re.search(rf'name="{signs[0]}"[^>]*value="{half[-1][1]}"[^>]*checked', page), signs[
            0
        ]
        assert set(rules.STEPS[rules.STEPS.index(step)].questions) - {"pregnancy"} <= (
            asked_questions(response)
        )


def test_the_testers_self_care_path_with_every_sign_skipped_never_says_none_matched(client):
    """Step 1 with only age and walking, step 2 with only pain score and pregnancy, step 3
    answered, step 4 empty: each step comes back until its signs are answered."""
    steps = [
        [("age", "34"), ("weight_bearing", "full")],
        [("severity", "3"), ("pregnancy", "no")],
        [
            ("location", "outer_side"),
            ("onset", "gradual"),
            ("duration_days", "5"),
            ("improving", "yes"),
        ],
        [],
    ]
    given: list[tuple[str, str]] = []
    for step, entered in zip(rules.STEPS, steps, strict=True):
        body = given + entered + [("asked", name) for name in step.questions]
        response = client.post(
            URL, urlencode(body), content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 422 and tier_of(response) is None
        assert NO_WARNING not in unescape(html(response))
        given = body + list(NO_ON_STEP[step.slug].items())


def test_urgent_waits_until_no_missing_answer_could_make_it_an_emergency(client, sources):
    response = client.post(URL, {"cancer_history": "on"})
    assert tier_of(response) is None  # age, weight bearing... could still make it an emergency
    complete_safety = {
        "age": "40",
        "weight_bearing": "full",
        "severity": "3",
        "pregnancy": "no",
        "cancer_history": "on",
    }
    response = client.post(URL, complete_safety)
    assert response.status_code == 200
    assert tier_of(response) == "urgent"
    assert "past-cancer" in fired(response)


def test_a_step_shows_only_what_is_still_missing(client):
    partial = {"age": "40", "weight_bearing": "full", "severity": "2"}
    response = client.post(URL, partial)
    shown = asked_questions(response)
    assert "age" not in shown and "weight_bearing" not in shown
    assert "location" in shown  # a whole-form POST: blank signs and pregnancy read as "no"
    stepped = client.post(
        URL,
        {**partial, **NO_ON_STEP["emergency"], "asked": [*rules.STEPS[0].questions, "severity"]},
    )
    assert "pregnancy" in asked_questions(stepped) and "age" not in asked_questions(stepped)


def test_walking_every_step_reaches_an_answer(client, sources, catalogue):
    data: list[tuple[str, str]] = []
    response = client.get(URL)
    for _step in rules.STEPS:
        if tier_of(response):
            break
        shown = asked_questions(response)
        given = [(name, value) for name, value in hidden(response)]
        for name in sorted(shown):
            value = {
                "age": "30",
                "weight_bearing": "full",
                "severity": "2",
                "pregnancy": "no",
                "location": "outer_side",
                "onset": "gradual",
                "duration_days": "3",
                "improving": "yes",
            }.get(name, "no" if name in rules.SIGN_FIELDS else None)
            if value:
                given.append((name, value))
        given += [("asked", name) for name in shown]
        data = given
        body = "&".join(f"{name}={value}" for name, value in data)
        response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 200, html(response)[:2000]
    assert tier_of(response) == "self_care"
    assert starter_names(response)


def test_an_asked_question_left_unanswered_comes_back_with_a_message(client):
    response = client.post(URL, {"asked": ["age", "weight_bearing"], "age": "40"})
    assert response.status_code == 422
    assert "Answer this question." in html(response)
    # The whole step comes back: the answer given in its box, the one missing marked.
    assert re.search(r'name="age"[^>]*value="40"', html(response))
    assert {"weight_bearing", "age"} <= asked_questions(response)


def test_an_empty_post_asks_for_the_first_step_again(client):
    response = client.post(URL, {})
    assert response.status_code == 422
    assert "Some answers need another look" in html(response)


# --- Not sure -----------------------------------------------------------------------------------


def test_unsure_about_a_red_flag_counts_towards_safety_and_says_so(client, sources):
    response = client.post(URL, answers(saddle_or_bladder="unsure"))
    assert tier_of(response) == "emergency"
    # Named before the reason, as "not sure" (tests/triage/test_unsure_wording.py: every sign).
    assert "You weren't sure about numbness around the bottom" in unescape(html(response))


def test_unsure_about_a_warm_hip_is_not_treated_as_no(client, sources, catalogue):
    assert tier_of(client.post(URL, answers(redness_warmth="no"))) == "self_care"
    unsure = client.post(URL, answers(redness_warmth="unsure"))
    assert tier_of(unsure) == "urgent"
    assert "red or warm skin over the hip" in html(unsure)


# --- Every age, the child pathway -------------------------------------------------------------


@pytest.mark.parametrize("age", ["0", "3", "7", "101", "109"])
def test_every_age_from_0_to_109_is_accepted(client, sources, age):
    response = client.post(URL, answers(age=age))
    assert response.status_code == 200 and tier_of(response)


@pytest.mark.parametrize("age", ["110", "120", "122"])
def test_a_rare_age_comes_back_to_be_confirmed_with_what_was_typed(client, sources, age):
    """Fresh tester: age 120 was taken without a word. It comes back (422) with the age kept,
    a message saying why, and a box to tick; ticked, the answer follows, and the confirmation
    rides along with the answers so later steps don't ask again."""
    response = client.post(URL, answers(age=age))
    assert response.status_code == 422 and tier_of(response) is None
    page = html(response)
    assert f'value="{age}"' in page and f"You entered {age}." in page
    assert 'name="age_confirmed"' in page and f"Yes, {age} is the right age" in page
    confirmed = client.post(URL, answers(age=age, age_confirmed="yes"))
    assert confirmed.status_code == 200 and tier_of(confirmed)
    assert 'name="age_confirmed" value="yes"' in html(confirmed)


def test_a_confirmed_rare_age_is_not_asked_again_on_the_next_step(client, sources):
    step_one = {
        "age": "115",
        "age_confirmed": "yes",
        "weight_bearing": "full",
        "severity": "3",
        **NO_ON_STEP["emergency"],
        "asked": list(rules.STEPS[0].questions),
    }
    response = client.post(URL, step_one)
    assert response.status_code == 200
    assert ("age_confirmed", "yes") in response.context["carried"]
    carried = dict(response.context["carried"])
    step_two = {
        **{name: value for name, value in response.context["carried"] if name != "asked"},
        "asked": [*rules.STEPS[0].questions, *rules.STEPS[1].questions],
        **NO_ON_STEP["safety"],
    }
    assert carried["age"] == "115"
    assert client.post(URL, step_two).status_code == 200


def test_a_child_with_a_limp_for_weeks_is_seen_the_same_day(client, sources):
    response = client.post(URL, answers(age="6", weight_bearing="painful", duration_days="21"))
    assert tier_of(response) == "urgent"
    assert "child-hip-thigh-or-knee-pain" in fired(response)


def test_a_child_with_a_fever_is_an_emergency(client, sources):
    assert tier_of(client.post(URL, answers(age="5", fever=True))) == "emergency"


# --- The answer page ----------------------------------------------------------------------------


def test_emergency_answer_has_a_call_button_and_nothing_about_causes_or_exercises(
    client, sources, catalogue
):
    response = client.post(URL, answers(weight_bearing="unable", night_pain=True))
    page = html(response)
    assert 'href="tel:999"' in page and 'href="tel:112"' in page
    assert "What often causes pain there" not in page
    assert "A starter routine" not in page and "Clamshell" not in page
    assert page.count('data-rule="cannot-bear-weight"') == 1
    assert "<title>Get emergency care now · Symptom checker · HipCare</title>" in page


@override_settings(EMERGENCY_NUMBER="911", URGENT_CARE_TEXT="Phone the clinic.")
def test_emergency_number_and_urgent_care_text_come_from_settings(client, sources):
    assert 'href="tel:911"' in html(client.post(URL, answers(weight_bearing="unable")))
    assert "Phone the clinic." in html(client.post(URL, answers(cancer_history=True)))


def test_urgent_answer_says_how_to_be_seen_today(client, sources):
    page = html(client.post(URL, answers(cancer_history=True)))
    assert "NHS 111" in page and 'href="tel:111"' in page


def test_htmx_gets_the_panel_with_the_title_and_a_plain_post_the_whole_page(
    client, sources, catalogue
):
    partial = html(client.post(URL, answers(), headers=HTMX))
    full = html(client.post(URL, answers()))
    assert "<html" in full and "<html" not in partial
    assert partial.startswith("<title>You can look after this yourself for now")
    assert '<div id="triage-panel"' in partial and 'data-tier="self_care"' in partial


def test_a_step_or_answer_loaded_whole_after_a_button_focuses_its_heading(
    client, sources, catalogue
):
    """Without JavaScript, "Next" loaded the next step with the focus on the page's body.
    Every page a button loads whole focuses its heading (autofocus); the first visit does not.
    The htmx panel is the same markup (static/js/hipcare.js focuses its data-autofocus)."""
    autofocused = re.compile(r'<h1 id="(step|result)-heading"[^>]*\sautofocus[\s>]')
    assert not autofocused.search(html(client.get(URL)))
    first = {"age": "34", "weight_bearing": "full", "severity": "3", "step": "1"}
    for data in (first, answers(), answers(edit="1"), {**first, "back": "1"}):
        assert autofocused.search(html(client.post(URL, data))), data
        swapped = html(client.post(URL, data, headers=HTMX))
        assert "data-autofocus" in swapped and autofocused.search(swapped), data


def test_the_answer_is_the_same_alone_in_the_page_and_signed_in(
    client, sources, catalogue, django_user_model
):
    partial = without_tokens(html(client.post(URL, answers(night_pain=True), headers=HTMX)))
    partial = partial.split("\n", 1)[1]  # without its <title>
    page = without_tokens(html(client.post(URL, answers(night_pain=True))))
    client.force_login(make_user(django_user_model))
    signed_in = without_tokens(html(client.post(URL, answers(night_pain=True))))
    assert 'data-rule="night-or-rest-pain"' in partial
    assert partial in page and partial in signed_in
    title = (
        f"<title>{escape(rules.Tier.SEE_PROFESSIONAL.label)} · Symptom checker · HipCare</title>"
    )
    assert title in page and title in signed_in


def test_change_my_answers_brings_back_every_answer_as_given(client, sources, catalogue):
    response = client.post(URL, answers(night_pain=True, radiates_to="knee"))
    carried = re.findall(
        r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">',
        html(response).split('id="change-answers"', 1)[1].split("</form>", 1)[0],
    )
    edit = client.post(
        URL, _encode(carried, "edit"), content_type="application/x-www-form-urlencoded"
    )
    page = html(edit)
    assert edit.status_code == 200 and "Change your answers" in page
    assert 'value="yes" checked' in page  # night pain
    assert 'name="age" id="id_age" value="34"' in page
    assert 'value="knee" checked' in page
    for step in rules.STEPS:
        assert escape(step.heading) in page


def _encode(pairs, button: str) -> str:
    from urllib.parse import urlencode

    return urlencode([*pairs, (button, "1")])


def test_print_summary_lists_the_answers_as_given_and_the_reasons_unstored(
    client, sources, catalogue
):
    response = client.post(URL, {**answers(night_pain=True), "print": "1"})
    page = html(response)
    assert response.status_code == 200
    assert "The answers as given" in page
    assert "How old is the person with the pain?" in page and "<dd>34</dd>" in page
    assert 'data-rule="night-or-rest-pain"' in page
    assert "no-store" in response["Cache-Control"]


# --- Exercises only where safe --------------------------------------------------------------------


def test_self_care_answer_offers_a_starter_routine_with_beginner_doses(client, sources, catalogue):
    response = client.post(URL, answers())
    assert response.status_code == 200
    assert tier_of(response) == "self_care"
    names = starter_names(response)
    assert 4 <= len(names) <= 6
    page = html(response)
    assert "1-3 sets of 12-15, twice a week" in page
    assert "Keeping it from coming back" in page


@pytest.mark.parametrize(
    "changes",
    [
        {"radiates_to": "knee"},
        {"clicking": True},
        {"swelling": True},
        {"weight_bearing": "painful"},
        {"limited_motion": True},
        {"instability": True},
        {"pain_at_rest": True},
    ],
)
def test_signs_to_be_seen_before_home_treatment_get_no_routine_and_say_why(
    client, sources, catalogue, changes
):
    response = client.post(URL, answers(**changes))
    assert tier_of(response) == "see_professional"
    assert not starter_names(response)
    assert "Why there are no exercises here" in html(response)


def test_sore_thighs_two_days_after_a_marathon_post_to_self_care(client, sources, catalogue):
    data = answers(
        age="42",
        severity="3",
        location="diffuse",
        radiates_to="thigh",
        duration_days="2",
        improving="yes",
    )
    response = client.post(URL, data)
    assert tier_of(response) == "self_care"
    assert "Why there are no exercises here" not in html(response)
    assert tier_of(client.post(URL, {**data, "improving": "no"})) == "see_professional"


@pytest.mark.parametrize("improving", ["no", "not_tried"])
def test_a_painless_click_for_two_months_posts_to_self_care(client, sources, catalogue, improving):
    # The question asks about a click that hurts: "no" is the painless click.
    data = answers(clicking="no", severity="0", duration_days="60", improving=improving)
    response = client.post(URL, data)
    assert tier_of(response) == "self_care"
    assert starter_names(response)


@pytest.mark.parametrize("improving", ["no", "not_tried"])
def test_a_painful_click_with_a_pain_score_of_0_is_read_as_hip_pain(
    client, sources, catalogue, improving
):
    # "Does the hip click or snap painfully?" yes says it hurts, whatever the score: the same
    # answer as with a score of 3, and the page says the answers disagree.
    data = answers(clicking=True, severity="0", duration_days="60", improving=improving)
    response = client.post(URL, data)
    with_pain = client.post(URL, {**data, "severity": "3"})
    assert tier_of(response) == tier_of(with_pain) == "see_professional"
    assert "Your answers disagree: a pain score of 0, but also painful clicking." in html(response)
    assert "Your answers disagree" not in html(with_pain)


def test_a_routine_while_waiting_is_still_offered_for_other_reasons(client, sources, catalogue):
    # Two weeks and more without getting better: nothing that needs examining first.
    response = client.post(URL, answers(duration_days="20", improving="no"))
    assert tier_of(response) == "see_professional"
    assert starter_names(response)


@pytest.mark.parametrize(
    ("changes", "tier", "rule"),
    [
        ({"weight_bearing": "unable"}, "emergency", "cannot-bear-weight"),
        ({"swelling": True, "redness_warmth": True}, "emergency", "hot-swollen-joint"),
        ({"fever": True}, "emergency", "fever"),
        ({"cancer_history": True}, "urgent", "past-cancer"),
        (
            {"location": "front_groin", "mileage_increase": True, "night_pain": True},
            "urgent",
            "suspected-stress-fracture",
        ),
        ({"age": "13"}, "urgent", "possible-slipped-growth-plate"),
    ],
)
def test_red_flags_give_no_exercises_only_what_to_do(
    client, sources, catalogue, changes, tier, rule
):
    response = client.post(URL, answers(**changes))
    assert tier_of(response) == tier
    assert rule in fired(response)
    assert not starter_names(response)
    assert "Clamshell" not in html(response)


def test_every_fired_rule_is_shown_not_only_the_winning_one(client, sources, catalogue):
    response = client.post(URL, answers(cancer_history=True, clicking=True))
    assert tier_of(response) == "urgent"
    assert {"past-cancer", "clicking-or-snapping"} <= fired(response)


def test_coach_can_start_a_routine_from_the_suggestion(
    client, sources, catalogue, django_user_model
):
    client.force_login(make_user(django_user_model, coach=True))
    page = html(client.post(URL, answers()))
    href = re.search(
        r'href="([^"]*)" target="_blank" rel="noopener">Start a routine from this', page
    ).group(1)
    assert href.startswith(reverse("routines:new") + "?exercise=")
    assert "&amp;exercise=" in href and "&exercise=" not in href  # escaped for the attribute


def test_runner_without_an_account_sees_no_routine_hand_off(client, sources, catalogue):
    assert "Start a routine from this" not in html(client.post(URL, answers()))


def test_where_it_hurts_is_escaped_in_the_sentence_about_the_starter_routine(
    client, sources, catalogue
):
    page = html(client.post(URL, answers(location="diffuse")))
    assert "Chosen for pain all over, or I can&#x27;t pin it down." in page


# --- Bad input, caching, storage ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"age": "123"}, "age", "Enter an age from 0 to 122"),
        ({"age": "-1"}, "age", "Enter an age from 0 to 122"),
        ({"age": "120"}, "age", "You entered 120."),
        ({"age": "thirty"}, "age", "Enter a whole number in digits, like 35."),
        ({"severity": "3e"}, "severity", "Enter a whole number in digits, like 4."),
        ({"duration_days": "2 weeks"}, "duration_days", "Enter a whole number in digits, like 14."),
        ({"severity": "11"}, "severity", "Enter a number from 0 to 10."),
        ({"age": "", "duration_days": "45019"}, "duration_days", "Enter a number from 0 to 45018."),
        ({"duration_days": "45019"}, "duration_days", "longer than the 34 years"),
        ({"duration_days": "20000"}, "duration_days", "longer than the 34 years"),
        ({"age": "20", "duration_days": "99999"}, "duration_days", "longer than the 20 years"),
        ({"location": "knee"}, "location", "Select a valid choice"),
        ({"radiates_to": "foot"}, "radiates_to", "Select a valid choice"),
        ({"fever": "maybe"}, "fever", "Select a valid choice"),
        ({"pregnancy": "twins"}, "pregnancy", "Select a valid choice"),
    ],
)
def test_bad_answers_show_the_question_again_with_the_message(client, changes, field, message):
    response = client.post(URL, answers(**changes))
    assert response.status_code == 422
    assert message in str(response.context["form"].errors[field])
    page = html(response)
    assert "Some answers need another look" in page
    assert message.split(" ")[0] in page


def test_htmx_gets_the_question_again_with_errors_too(client):
    response = client.post(URL, answers(age="thirty"), headers=HTMX)
    assert response.status_code == 422
    assert "<html" not in html(response)
    assert "Some answers need another look" in html(response)


@pytest.mark.parametrize("method", ["get", "post"])
def test_answers_are_never_cached(client, method, sources, catalogue):
    response = getattr(client, method)(URL, answers() if method == "post" else None)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_triage_writes_nothing_to_the_database(client, sources, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.post(URL, answers(night_pain=True, age="41"))
        client.post(URL, {**answers(night_pain=True), "print": "1"})
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []


# --- The rules page -----------------------------------------------------------------------------


def test_rules_page_lists_every_rule_for_runners(client, sources):
    response = client.get(reverse("triage:rules"))
    assert response.status_code == 200
    page = html(response)
    for rule in rules.RULES:
        assert f'id="{rule.slug}"' in page and f'data-rule="{rule.slug}"' in page
        assert escape(rule.title) in page and escape(rule.unsure) in page
    for tier in rules.Tier:
        assert escape(tier.label) in page
    assert "Title of nhs-hip-fracture" in page
    assert "the more urgent advice" in page
    assert "triage/rules.py" not in page and "<code" not in page and "<table" not in page


@pytest.mark.parametrize("zone", [None, "Europe/London", "America/Chicago"])
def test_rules_page_says_its_reasons_name_uk_services_for_anyone_abroad(client, zone):
    """The rules page cites every reason as written (NHS 111, 999, a GP, A&E) and said nothing
    about them to a visitor outside the UK: it says so, the same wherever it is read."""
    if zone:
        client.cookies["hipcare_tz"] = zone
    page = unescape(html(client.get(reverse("triage:rules"))))
    assert "NHS 111" in page and "A&E" in page
    assert "These reasons follow UK guidance. If you are not in the UK: where one names" in page


def test_rules_page_names_a_guideline_the_database_does_not_hold_yet(client):
    page = html(client.get(reverse("triage:rules")))
    assert escape(rules.CITATIONS["nhs-testicle-pain"].title) in page
    assert escape(rules.ARTICLE_CITATIONS["hip-pain-and-running"].title) in page
    for rule in rules.RULES:  # no source is named by its slug
        for slug in rule.sources:
            assert f"<li>{slug}</li>" not in page


@pytest.mark.parametrize(
    ("data", "rule"),
    [
        # The QA tester's cases: each was held back by a blank elsewhere on the step.
        ({"injury": "yes", "weight_bearing": "unable"}, "cannot-bear-weight"),
        ({"age": "35", "saddle_or_bladder": "yes"}, "saddle-numbness-or-bladder-change"),
        ({"age": "35", "testicle_pain": "yes"}, "testicle-pain"),
        ({"breathless_or_chest_pain": "yes"}, "breathless-or-chest-pain"),
        ({"age": "35", "breathless_or_chest_pain": "yes"}, "breathless-or-chest-pain"),
    ],
)
def test_an_emergency_on_step_one_is_never_held_back_by_a_blank(client, sources, data, rule):
    step_one = {"asked": list(rules.STEPS[0].questions), **data}
    response = client.post(URL, step_one)
    assert response.status_code == 200 and tier_of(response) == "emergency"
    assert rule in fired(response)
    assert "Answer this question" not in html(response)


def test_fever_with_a_hot_swollen_hip_is_decided_without_pain_score_or_pregnancy(client, sources):
    carried = {"asked": list(rules.STEPS[1].questions), "age": "35", "weight_bearing": "full"}
    data = {**carried, "fever": "yes", "swelling": "yes", "redness_warmth": "yes"}
    response = client.post(URL, data)
    assert response.status_code == 200 and tier_of(response) == "emergency"
    assert "Answer this question" not in html(response)


@pytest.mark.parametrize(("value", "bound"), [("-1", "0 to 122"), ("123", "0 to 122")])
def test_an_age_out_of_range_gets_a_plain_message(client, value, bound):
    response = client.post(URL, {"asked": list(rules.STEPS[0].questions), "age": value})
    page = html(response)
    assert f"Enter an age from {bound}" in page
    assert "Ensure this value" not in page


# --------------------------------------------------------------------------------------------
# Every sign question is heard on the answer page
# --------------------------------------------------------------------------------------------

NO_WARNING = "None of your answers matched a warning sign"


@pytest.mark.parametrize(
    ("severity", "name"),
    [
        (severity, name)
        for severity in ("3", "0")
        for name in rules.SIGN_FIELDS
        # With no hip pain the questions about the pain are not asked (nor read).
        if not (severity == "0" and name in rules.PAIN_ONLY_QUESTIONS)
    ],
)
def test_a_yes_to_any_sign_question_alone_never_gets_the_no_warning_sign_wording(
    client, sources, catalogue, name, severity
):
    """Every sign question the checker asks, answered "yes" with otherwise benign answers
    (some hip pain, or none): the answer names a reason beyond self care, or a self-care
    reason to hold the exercises back (and gives none), or (for a question listed in
    rules.NOT_A_WARNING, with its reason) says why it doesn't change the advice; never that
    nothing matched."""
    data = answers(pregnancy="no", improving="yes", severity=severity, **{name: "yes"})
    response = client.post(URL, data)
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert NO_WARNING not in page, name
    if tier_of(response) == "self_care" and name in rules.NOT_A_WARNING:
        # Worded for the pain score (with none, no pain "that is settling").
        why = dict(
            (n, w)
            for n, w, _sign in rules.noted_answers(
                rules.Answers(severity=int(severity), **{name: "yes"})
            )
        )
        assert why[name] in page
    elif tier_of(response) == "self_care":
        shown = fired(response)
        assert shown and all(rules.rule_by_slug(slug).tier == "self_care" for slug in shown)
        assert "Why we say this" in page and not starter_names(response), name
    else:
        assert "Why we say this" in page, name


def test_the_testers_faint_and_sick_runner_is_not_told_self_care(client, sources):
    data = answers(age="35", pregnancy="no", faint="yes", vomiting="yes", improving="yes")
    response = client.post(URL, data)
    page = unescape(response.content.decode())
    assert tier_of(response) == "urgent"
    assert 'data-rule="fainting"' in page and 'data-rule="being-sick"' in page
    assert NO_WARNING not in page


def test_a_benign_answer_still_says_no_warning_sign_matched(client, sources):
    every_sign = dict.fromkeys(rules.SIGN_FIELDS, "no")
    response = client.post(URL, answers(pregnancy="no", improving="yes", **every_sign))
    assert tier_of(response) == "self_care"
    assert NO_WARNING in unescape(response.content.decode())
    assert "left blank" not in unescape(response.content.decode())


def test_a_one_page_post_with_signs_left_out_names_them_rather_than_saying_none_matched(
    client, sources
):
    """The one-page contract still reads a missing box as "no" (and answers with 200), but the
    answer says which warning signs were not answered instead of "none matched"."""
    data = answers(pregnancy="no", improving="yes", **dict.fromkeys(rules.SIGN_FIELDS, "no"))
    del data["fever"], data["numbness"]
    for print_it in (False, True):
        response = client.post(URL, {**data, **({"print": "1"} if print_it else {})})
        assert response.status_code == 200 and tier_of(response) == "self_care"
        page = unescape(html(response))
        assert NO_WARNING not in page and "None of the answers matched" not in page
        assert rules.SIGN_NAMES["fever"] in page and rules.SIGN_NAMES["numbness"] in page
        assert "left blank" in page


def test_the_testers_72_year_old_after_a_fall_sees_a_doctor_today_with_the_fall_named(
    client, sources
):
    data = answers(
        age="72",
        injury="yes",
        weight_bearing="full",
        severity="6",
        onset="sudden",
        duration_days="2",
        improving="no",
        pregnancy="no",
    )
    response = client.post(URL, data)
    page = unescape(response.content.decode())
    assert tier_of(response) == "urgent"
    assert 'data-rule="fall-with-weak-bone-risk"' in page
    assert rules.rule_by_slug("fall-with-weak-bone-risk").title in page


def test_check_again_does_not_list_a_temperature_already_reported(client, sources):
    # With no hip pain (0 out of 10) a temperature is not a hip red flag: the answer says why
    # (rest first), and "you get a temperature" is not something still to look out for.
    response = client.post(URL, answers(fever="yes", severity="0", pregnancy="no"))
    page = unescape(response.content.decode())
    assert tier_of(response) == "self_care"
    assert "you get a temperature" not in page
    assert "Check again, or get help, if" in page
    assert rules.rule_by_slug("temperature-without-hip-pain").reason in page
    assert "Your temperature has gone: then check again for a starter routine." in page
    assert "doing the exercises" not in page


TEMPERATURE_NO_PAIN = {"fever": "yes", "severity": "0", "pregnancy": "no", "improving": "yes"}


@pytest.mark.parametrize("htmx", [False, True])
def test_a_temperature_with_no_hip_pain_is_self_care_with_rest_and_no_routine(
    client, sources, catalogue, htmx
):
    """A runner with a temperature and pain 0 was told "self-care" with a starter routine:
    the answer stays self-care but says to rest until the temperature has gone, with no
    exercises, and when to check again; the same with and without htmx."""
    rule = rules.rule_by_slug("temperature-without-hip-pain")
    response = client.post(URL, answers(**TEMPERATURE_NO_PAIN), headers=HTMX if htmx else {})
    assert response.status_code == 200
    page = unescape(html(response))
    assert ("<html" in page) is not htmx
    assert tier_of(response) == "self_care"
    assert fired(response) == {rule.slug}
    assert rule.label in page and rule.action in page and rule.reason in page
    assert "Title of nhs-fever-in-adults" in page
    assert not starter_names(response) and "Clamshell" not in page
    assert "A starter routine" not in page and "How to get back to running" not in page
    assert "Your temperature has gone: then check again for a starter routine." in page
    assert "doing the exercises" not in page and "use the exercises below" not in page


@pytest.mark.parametrize("kind", ["page", "htmx", "print"])
def test_without_a_temperature_the_same_answers_still_get_the_routine_and_no_pain_plan(
    client, sources, catalogue, kind
):
    """Pain 0 and no temperature: the routine, and a plan for a runner with no pain now (it
    began "Calm it down first": cut the running back, R.I.C.E.), on the page, its htmx
    partial and the printed summary."""
    data = answers(**{**TEMPERATURE_NO_PAIN, "fever": "no"})
    if kind == "print":
        data["print"] = "1"
    response = client.post(URL, data, headers=HTMX if kind == "htmx" else {})
    page = unescape(html(response))
    if kind != "print":
        assert tier_of(response) == "self_care" and not fired(response)
        assert starter_names(response)
    assert "A starter routine" in page
    for advice in rules.NO_PAIN_SELF_CARE_PLAN:
        assert advice.title in page and advice.text in page
    assert "Calm it down first" not in page and rules.SELF_CARE_PLAN[0].text not in page
    assert "once it settles" not in page and "Pain in the hip comes back." in page
    assert "doing the exercises" not in page


def test_with_pain_the_plan_still_starts_by_calming_it_down(client, sources, catalogue):
    data = answers(**{**TEMPERATURE_NO_PAIN, "fever": "no", "severity": "3"})
    page = unescape(html(client.post(URL, data)))
    for advice in rules.SELF_CARE_PLAN:
        assert advice.title in page and advice.text in page
    assert rules.NO_PAIN_SELF_CARE_PLAN[0].title not in page


def test_the_printed_summary_of_a_temperature_with_no_hip_pain_says_rest_not_exercises(
    client, sources, catalogue
):
    rule = rules.rule_by_slug("temperature-without-hip-pain")
    data = {**answers(**TEMPERATURE_NO_PAIN), "print": "1"}
    summary = unescape(html(client.post(URL, data)))
    assert 'class="triage-summary" data-tier="self_care"' in summary
    assert rule.label in summary and rule.action in summary and rule.reason in summary
    assert "A starter routine" not in summary and "How to get back to running" not in summary
    assert "Your temperature has gone: then check again for a starter routine." in summary
    assert "doing the exercises" not in summary


def walk_the_steps(client, values: dict[str, str], headers: dict) -> tuple[list[set[str]], object]:
    """Every step in turn as a runner answers it (each question shown gets ``values``' answer,
    a sign "no"): the questions each step showed, and the last response."""
    shown_on_steps: list[set[str]] = []
    response = client.get(URL, headers=headers)
    for _step in rules.STEPS:
        if tier_of(response):
            break
        shown = asked_questions(response)
        shown_on_steps.append(shown)
        given = list(hidden(response))
        for name in sorted(shown):
            value = values.get(name, "no" if name in rules.SIGN_FIELDS else None)
            if value:
                given.append((name, value))
        given += [("asked", name) for name in shown]
        body = "&".join(f"{name}={value}" for name, value in given)
        response = client.post(
            URL, body, content_type="application/x-www-form-urlencoded", headers=headers
        )
        assert response.status_code == 200, html(response)[:2000]
    return shown_on_steps, response


STEP_VALUES = {
    "age": "30",
    "weight_bearing": "full",
    "pregnancy": "no",
    "location": "outer_side",
    "onset": "gradual",
    "duration_days": "3",
    "improving": "yes",
}


@pytest.mark.parametrize("htmx", [False, True])
def test_a_temperature_with_no_hip_pain_is_not_asked_about_the_pain(
    client, sources, catalogue, htmx
):
    """Fresh tester: a temperature with pain 0 was held on "Where is the pain?" (and the rest
    of the pain's questions) before the answer, which then listed causes of hip pain. With
    no hip pain, no question about the pain is asked, and the answer (rest until the
    temperature has gone) lists no causes of pain; the same with and without htmx."""
    values = {**STEP_VALUES, "severity": "0", "fever": "yes"}
    steps, response = walk_the_steps(client, values, HTMX if htmx else {})
    asked = set().union(*steps)
    assert not asked & rules.PAIN_ONLY_QUESTIONS, asked & rules.PAIN_ONLY_QUESTIONS
    # Questions that make sense without pain are still asked on the pain step.
    assert {"limited_motion", "instability"} <= asked
    assert tier_of(response) == "self_care"
    assert fired(response) == {"temperature-without-hip-pain"}
    page = unescape(html(response))
    assert "What often causes pain there" not in page
    assert not set(rules.possible_contributors("outer_side")) & set(
        re.findall(r"<li>([^<]+)</li>", page)
    )
    # The printed summary of the same answer, from the answer's own hidden fields.
    body = "&".join(f"{name}={value}" for name, value in hidden(response)) + "&print=1"
    summary = unescape(
        html(client.post(URL, body, content_type="application/x-www-form-urlencoded"))
    )
    assert 'data-tier="self_care"' in summary
    assert "What often causes pain there" not in summary and "Where is the pain?" not in summary


@pytest.mark.parametrize("htmx", [False, True])
def test_pain_above_0_is_still_asked_about_and_gets_its_routine(client, sources, catalogue, htmx):
    values = {**STEP_VALUES, "severity": "2"}
    steps, response = walk_the_steps(client, values, HTMX if htmx else {})
    assert set().union(*steps) >= rules.PAIN_ONLY_QUESTIONS
    assert tier_of(response) == "self_care" and starter_names(response)
    assert "What often causes pain there" in unescape(html(response))


@pytest.mark.parametrize("print_it", [False, True])
def test_a_pain_answer_left_from_before_a_score_of_0_is_not_read(
    client, sources, catalogue, print_it
):
    """The whole form (or "Change my answers") with a location from before the score was
    changed to 0: the answer lists no causes of pain there and doesn't name the spot."""
    data = {**answers(**TEMPERATURE_NO_PAIN), **({"print": "1"} if print_it else {})}
    assert data["location"] == "outer_side"
    page = unescape(html(client.post(URL, data)))
    assert 'data-tier="self_care"' in page
    assert "What often causes pain there" not in page
    assert "On the outer side of the hip" not in page and "Where is the pain?" not in page


@pytest.mark.parametrize("days", ["20000", "99999"])
def test_a_days_answer_left_from_before_a_score_of_0_is_not_checked_against_the_age(
    client, sources, catalogue, days
):
    """Fuzz test in CI: age 0, pain 0 and 367 days (here: age 30 and 50 years or more) was
    refused for a days field no longer on the page (its question is not asked with a pain
    score of 0), saying nothing the runner could see or fix."""
    data = answers(severity="0", age="30", duration_days=days)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "longer than the" not in unescape(html(response))


@pytest.mark.parametrize("name", sorted(rules.PAIN_ONLY_QUESTIONS))
@pytest.mark.parametrize("htmx", [False, True])
def test_any_answer_about_the_pain_with_a_score_of_0_is_dropped_not_refused(
    client, sources, catalogue, name, htmx
):
    """The class of the case above: with a pain score of 0 no question about the pain is on
    the page, so any answer to one, even one that is not a valid answer, is left out before
    validation rather than refused where the runner cannot see it."""
    data = answers(severity="0", **{name: "not-an-answer-\u2603"})
    response = client.post(URL, data, headers=HTMX if htmx else {})
    assert response.status_code == 200
    assert 'data-tier="self_care"' in html(response)


def test_with_no_hip_pain_and_no_temperature_the_routine_says_what_it_is_for(
    client, sources, catalogue
):
    data = answers(**{**TEMPERATURE_NO_PAIN, "fever": "no"})
    for print_it in ({}, {"print": "1"}):
        page = unescape(html(client.post(URL, {**data, **print_it})))
        assert "front, side and back of the hip" in page
        assert "for pain ." not in page.lower() and "What often causes pain there" not in page


def test_a_temperature_with_no_hip_pain_under_a_professionals_answer_says_why_no_routine(
    client, sources, catalogue
):
    """Unusual vaginal bleeding may keep its routine while waiting to be seen (numbness in the
    leg did, until it was held to what spreading pain is); with a temperature it is held back,
    and the page and the summary say why in facts (the rest rule's advice is milder than the
    answer, so it is not given)."""
    data = answers(**{**TEMPERATURE_NO_PAIN, "vaginal_bleeding": "yes"})
    without = client.post(URL, {**data, "fever": "no"})
    assert tier_of(without) == "see_professional" and starter_names(without)
    why = {
        "": "You told us about a temperature, so there are no exercises until your temperature "
        "has gone.",
        "1": "No exercises yet. With a temperature, none until your temperature has gone.",
    }
    for print_it, sentence in why.items():
        response = client.post(URL, {**data, **({"print": print_it} if print_it else {})})
        page = unescape(re.sub(r"<[^>]+>", "", html(response)))
        assert tier_of(response) == "see_professional"
        assert "A starter routine" not in page and sentence in page
        assert rules.rule_by_slug("temperature-without-hip-pain").reason not in page


def test_the_rules_page_lists_the_temperature_rest_rule_under_self_care_with_its_source(
    client, sources
):
    page = unescape(client.get(reverse("triage:rules")).content.decode())
    rule = rules.rule_by_slug("temperature-without-hip-pain")
    self_care = page[page.index('id="tier-self_care"') :]
    assert 'id="temperature-without-hip-pain"' not in page[: page.index('id="tier-self_care"')]
    assert 'id="rest-first"' in self_care
    article = self_care[self_care.index('id="temperature-without-hip-pain"') :]
    article = article[: article.index("</article>")]
    assert rule.title in article and rule.trigger in article and rule.reason in article
    assert f"<dt>Answer</dt><dd>{rule.label}</dd>" in article
    assert "Title of nhs-fever-in-adults" in article
    assert "None offered until your temperature has gone" in article
    contents = page.split('<nav class="rules-contents', 1)[1].split("</nav>", 1)[0]
    assert 'href="#temperature-without-hip-pain"' in contents
    # The temperature is a rule now, not a question that "counts only together with others".
    not_warnings = self_care[self_care.index('id="not-warnings"') :]
    assert rules.QUESTION_TEXT["fever"] not in not_warnings
    assert "the more urgent advice" in page


def test_the_rules_page_lists_the_new_rules_and_their_sources(client, sources):
    page = unescape(client.get(reverse("triage:rules")).content.decode())
    for slug in (
        "fall-with-weak-bone-risk",
        "after-a-fall-or-blow",
        "fainting",
        "being-sick",
        "unusual-vaginal-bleeding",
    ):
        assert rules.rule_by_slug(slug).title in page
    assert "Title of nhs-fainting" in page
    # The questions that are not warning signs on their own are listed, each with its reason.
    for name, why in rules.NOT_A_WARNING.items():
        assert rules.QUESTION_TEXT[name] in page and why in page


# --------------------------------------------------------------------------------------------
# Nothing on the answer page makes the runner leave it (and lose it) to read how to exercise
# --------------------------------------------------------------------------------------------


def test_each_starter_exercise_shows_how_to_do_it_on_the_answer_page(client, sources, catalogue):
    page = html(client.post(URL, answers()))
    names = starter_names(client.post(URL, answers()))
    assert names
    for name in names:
        # The name as written ("Fire Hydrant", not "fire Hydrant").
        assert f"<summary>{name}: how to do it</summary>" in unescape(page)
    assert page.count('<ol class="starter-steps">') == len(names)
    assert "Do the move slowly." in page


def test_every_link_off_the_answer_opens_in_a_new_tab_and_says_so(client, sources, catalogue):
    page = html(client.post(URL, answers()))
    panel = page.split('id="triage-panel"', 1)[1]
    header = page.split("<main", 1)[0]
    for anchor in re.findall(r"<a\b[^>]*>.*?</a>", panel + header, flags=re.S):
        href = re.search(r'href="([^"]*)"', anchor).group(1)
        # Every one that leaves the checker, the HipCare logo included; "Start again" and the
        # menu's "Symptom checker" are a fresh start in this tab on purpose, and do not say
        # "new tab".
        if href.startswith(("tel:", "#")):
            continue
        if "Start again" in anchor or href == URL:
            assert "target=" not in anchor and "new tab" not in anchor, anchor
            continue
        assert 'target="_blank"' in anchor, anchor
        assert "(opens in a new tab)" in anchor, anchor
    # The print button opens a tab too, and says so; the answer says why, once.
    assert re.search(r'Print or save this answer<span class="new-tab-note">', page)
    assert "new-tab-explainer" in page


def test_the_header_links_open_in_the_same_tab_away_from_an_answer(client):
    page = html(client.get(URL))
    header = page.split("<main", 1)[0]
    assert 'target="_blank"' not in header


def test_the_first_step_says_what_happens_after_it(client):
    page = unescape(html(client.get(URL)))
    assert "If any of these is a yes, you'll get advice straight away" not in page
    assert rules.STEPS[0].intro in page


@pytest.mark.parametrize(
    ("sign", "severity"),
    # A temperature with no hip pain (0 out of 10) is not a hip red flag; a weak leg alone
    # needs a doctor today, and the next step could still make it an emergency.
    [("fever", "0"), ("leg_weakness", "3")],
)
def test_a_yes_on_step_one_that_is_not_an_emergency_goes_on_to_step_two(client, sign, severity):
    data = {name: "no" for name in rules.STEPS[0].questions if name in rules.SIGN_FIELDS}
    data.update(age="30", weight_bearing="full", step="1", asked=list(rules.STEPS[0].questions))
    data.update({sign: "yes", "severity": severity})
    page = unescape(html(client.post(URL, data)))
    assert rules.STEPS[1].heading in page
    assert "press Next" in rules.STEPS[0].intro and "more safety questions" in rules.STEPS[0].intro


TIER_PAIRS = [
    (higher, lower)
    for higher in rules.Tier
    for lower in rules.Tier
    if lower < higher and any(rule.tier == lower for rule in rules.RULES)
]


@pytest.mark.parametrize("higher,lower", TIER_PAIRS, ids=lambda tier: str(tier))
def test_a_less_urgent_reason_under_a_more_urgent_answer_gives_its_facts_not_its_advice(
    client, sources, monkeypatch, higher, lower
):
    """Fall + can't bear weight said "Get emergency care now", then "see a doctor today" under
    "Also worth telling": no reason below the answer may carry an action milder than it, on
    the page or the printed summary, for every pair of tiers and every rule of the lower."""
    main = next(rule for rule in rules.RULES if rule.tier == higher)
    others = tuple(rule for rule in rules.RULES if rule.tier == lower)
    assessment = rules.Assessment(
        tier=higher,
        fired=(main, *others),
        fired_tiers={rule.slug: rule.tier for rule in (main, *others)},
    )
    monkeypatch.setattr(rules, "assess", lambda _answers: assessment)
    data = answers(pregnancy="no", **dict.fromkeys(rules.SIGN_FIELDS, "no"))
    for extra in ({}, {"print": "1"}):
        page = unescape(html(client.post(URL, {**data, **extra})))
        assert main.reason in page
        for rule in others:
            assert rule.reason not in page, rule.slug
            assert rule.trigger in page, rule.slug


def _step_two_after_step_one(client, age: int):
    step_one = {
        "age": str(age),
        "weight_bearing": "full",
        "severity": "3",
        **NO_ON_STEP["emergency"],
        "asked": list(rules.STEPS[0].questions),
    }
    return step_one, client.post(URL, step_one)


@pytest.mark.parametrize("age", [0, 8, 9, 56, 82, 109])
def test_the_pregnancy_question_is_not_asked_nor_required_outside_its_ages(client, sources, age):
    step_one, response = _step_two_after_step_one(client, age)
    assert "tummy_pain" in asked_questions(response)  # step 2
    assert "pregnancy" not in asked_questions(response)
    assert "Are you pregnant" not in html(response)
    step_two = {
        **step_one,
        **NO_ON_STEP["safety"],
        "asked": [*rules.STEPS[0].questions, *rules.STEPS[1].questions],
    }
    response = client.post(URL, step_two)
    assert response.status_code == 200  # on to step 3, or a child's same-day answer
    assert "location" in asked_questions(response) or tier_of(response) == "urgent"
    # "Change my answers" doesn't show it either.
    edit = client.post(URL, {**step_two, "edit": "1"})
    assert "Are you pregnant" not in html(edit)


@pytest.mark.parametrize("age", [10, 30, 55])
def test_the_pregnancy_question_is_asked_and_required_at_its_ages(client, age):
    step_one, response = _step_two_after_step_one(client, age)
    assert "pregnancy" in asked_questions(response)
    step_two = {
        **step_one,
        "severity": "3",
        **NO_ON_STEP["safety"],
        "asked": [*rules.STEPS[0].questions, *rules.STEPS[1].questions],
    }
    response = client.post(URL, step_two)
    assert response.status_code == 422 and "pregnancy" in asked_questions(response)


@pytest.mark.parametrize("age", [10, 55])
def test_the_pregnancy_rules_still_fire_at_the_bounds(age):
    base = {"age": age, "tummy_pain": "yes", "leg_swollen": "yes"}
    pregnant = rules.assess(rules.Answers(**base, pregnancy="pregnant"))
    assert "tummy-pain-in-pregnancy" in {rule.slug for rule in pregnant.fired}
    assert "swollen-leg-in-or-after-pregnancy" in {rule.slug for rule in pregnant.fired}
    assert rules.pregnancy_of(rules.Answers(age=age)) is None  # still to be asked


@pytest.mark.parametrize("age", [9, 56, 82])
def test_outside_its_ages_pregnancy_reads_as_no_and_an_answer_given_anyway_is_dropped(age):
    """An answer left from before the age was changed ("Change my answers"), or sent by hand,
    is not read: the question isn't asked at this age (tests/triage/
    test_conditional_answers_dropped.py checks every conditional question)."""
    unasked = rules.Answers(age=age, leg_swollen="yes")
    assert rules.pregnancy_of(unasked) is rules.Pregnancy.NO
    assert "pregnancy" not in unasked.missing
    fired = {rule.slug for rule in rules.assess(unasked).fired}
    assert "swollen-leg-in-or-after-pregnancy" not in fired
    given = rules.assess(unasked.with_changes(pregnancy="pregnant"))
    assert "swollen-leg-in-or-after-pregnancy" not in {rule.slug for rule in given.fired}


def test_a_pregnant_runner_with_a_settling_buttock_ache_is_told_to_see_her_midwife_or_gp(
    client, sources, catalogue
):
    """QA: age 31, pregnant, buttock pain, gradual, 5 days, improving got 'Nothing you told us
    needs a professional' and a loaded routine, with no word about the pregnancy."""
    qa = answers(age="31", pregnancy="pregnant", location="back_buttock", improving="yes")
    page = client.post(URL, qa).content.decode()
    assert 'data-tier="see_professional"' in page
    assert 'data-rule="hip-pain-in-or-after-pregnancy"' in page
    assert "midwife" in page
    assert "Nothing you told us needs a professional" not in page
    assert 'id="starter-heading"' not in page and 'class="starter"' not in page
    assert 'id="no-exercises-heading"' in page
    printed = client.post(URL, {**qa, "print": "1"}).content.decode()
    assert "midwife" in printed and "A starter routine" not in printed


def test_the_printed_answer_gives_each_starter_exercise_its_how_to_and_dose(
    client, sources, catalogue
):
    """QA: the print sheet listed the starter exercises by name and dose only; a handout needs
    the steps, as on the answer page and the routine sheet."""
    page = client.post(URL, answers()).content.decode()
    printed = client.post(URL, {**answers(), "print": "1"}).content.decode()
    routine = re.search(r'<ol class="summary-routine.*?</ol>\s*</section>', printed, re.S)
    assert routine
    names = re.findall(r'<li class="starter-item"><strong>([^<]+)</strong>', page)
    assert names
    for name in names:
        assert f"<strong>{name}</strong>" in routine.group(0)
    assert routine.group(0).count('class="summary-steps"') == len(names)
    for step in ("Get into position.", "Do the move slowly.", "Return and repeat."):
        assert routine.group(0).count(step) == len(names)


@pytest.mark.parametrize("age", ["0", "5"])
def test_a_young_childs_answer_is_worded_for_the_parent_or_carer(client, sources, age):
    """QA: age 0 got 'Stop running and get seen by a doctor today... keep weight off it'."""
    data = answers(age=age)
    for extra in ({}, {"print": "1"}):
        page = unescape(client.post(URL, {**data, **extra}).content.decode())
        assert 'data-tier="urgent"' in page
        assert "Your child needs to see a doctor today" in page
        assert "Stop running" not in page
        assert "they can't put weight on the leg" in page
        # The list of when to get help speaks of the child, not of "you".
        assert "Tell whoever sees your child today if" in page
        assert "Your child can't put weight on the leg" in page
        assert "read “you” as “your child”" not in page
        assert "doing the exercises" not in page
        # A runner's causes (tendons, stress fractures) are not a child's.
        assert "What often causes pain there" not in page
        assert "gluteal" not in page


def test_a_childs_swollen_leg_answer_gives_the_999_line_about_the_child(client, sources):
    """QA: the swollen-leg answer for a child said "call 999 if you get breathless or have
    chest pain": the headline, the reason and the list of when to get help, on the page and
    its printed summary, speak of the child."""
    for extra in ({}, {"print": "1"}):
        page = unescape(
            client.post(URL, {**answers(age="5", leg_swollen=True), **extra}).content.decode()
        )
        assert 'data-tier="urgent"' in page
        # The headline's 999 line (its number in local words) and the reason's.
        assert "at once if your child gets breathless, or has chest pain" in page
        assert "call 999 if your child gets breathless or has chest pain" in page
        assert "if you get breathless" not in page and "You get breathless" not in page


def test_a_child_who_cannot_stand_gets_the_emergency_in_a_parents_words(client, sources):
    page = unescape(client.post(URL, answers(age="3", weight_bearing="unable")).content.decode())
    assert 'data-tier="emergency"' in page
    assert "take your child to A&amp;E" in page or "take your child to A&E" in page
    assert "don't drive yourself" not in page


def test_a_pregnant_runner_is_headed_to_the_midwife_soon_on_the_page_and_the_summary(
    client, sources
):
    data = answers(pregnancy="pregnant", **dict.fromkeys(rules.SIGN_FIELDS, "no"))
    for extra in ({}, {"print": "1"}):
        page = unescape(html(client.post(URL, {**data, **extra})))
        heading = re.search(r"<h1[^>]*>([^<]+)</h1>", page).group(1)
        assert heading == "Tell your midwife or GP soon"
        assert rules.rule_by_slug("hip-pain-in-or-after-pregnancy").action in page
        assert "within the next week or two" not in page


def test_a_parent_answering_for_a_three_year_old_is_asked_in_words_that_fit(client):
    """QA: "Do you have any bleeding from the vagina...", "Have you fainted..." for age 3."""
    _step_one, response = _step_two_after_step_one(client, 3)
    page = unescape(html(response))
    assert "vaginal_bleeding" not in asked_questions(response)
    assert "Have you (or your child) fainted" in page and "Have you fainted" not in page
    assert "Has there been a hip replacement" in page
    # The pain score is on the first step, before the age is known: worded for a parent too.
    assert "best guess from how they seem" in unescape(html(client.get(URL)))


def test_an_adult_is_asked_in_the_runners_own_words_on_step_two(client):
    _step_one, response = _step_two_after_step_one(client, 30)
    page = unescape(html(response))
    assert "vaginal_bleeding" in asked_questions(response)
    assert rules.QUESTION_TEXT["faint"] in page and "(or your child) fainted" not in page


@pytest.mark.parametrize("age", ["12", "15"])
def test_a_young_persons_answer_works_for_them_or_a_parent(client, sources, age):
    """QA: a 15-year-old answering for themselves was told "Your child needs to see a doctor
    today ... keep them from running"."""
    data = answers(age=age)
    for extra in ({}, {"print": "1"}):
        page = unescape(client.post(URL, {**data, **extra}).content.decode())
        assert 'data-tier="urgent"' in page
        assert "Your child needs" not in page and "keep them from" not in page
        assert "A doctor needs to see you today" in page
        assert "you can't put weight on the leg" in page
        assert "each “you” means the young person with the pain" in page


# --------------------------------------------------------------------------------------------
# A temperature with hip pain, step by step (fresh tester: "see a doctor today")
# --------------------------------------------------------------------------------------------


def _after_a_temperature_on_step_one(client, severity: str):
    step_one = {
        "age": "40",
        "weight_bearing": "full",
        "severity": severity,
        **NO_ON_STEP["emergency"],
        "fever": "yes",
        "asked": list(rules.STEPS[0].questions),
    }
    return step_one, client.post(URL, step_one)


@pytest.mark.parametrize("severity", ["2", ""])
def test_a_temperature_on_step_one_sends_an_adult_to_a_and_e_at_once(client, sources, severity):
    """The pain score is asked beside the temperature (step 1), and the emergency never waits
    for it: only a score of 0 (no hip pain) holds it back, so blank answers at once too."""
    _step_one, response = _after_a_temperature_on_step_one(client, severity)
    assert response.status_code == 200
    assert tier_of(response) == "emergency"
    assert "fever" in fired(response)
    page = html(response)
    assert rules.rule_by_slug("fever").title in page and 'href="tel:999"' in page


def test_a_temperature_with_no_pain_at_all_goes_on_and_is_not_a_hip_red_flag(client, sources):
    _step_one, response = _after_a_temperature_on_step_one(client, "0")
    assert response.status_code == 200 and tier_of(response) is None  # the next step
    assert asked_questions(response) == set(rules.STEPS[1].questions)
    assert "fever" not in fired(response)


def test_the_rules_page_lists_the_temperature_rule_as_an_emergency_with_both_sides(client, sources):
    page = unescape(client.get(reverse("triage:rules")).content.decode())
    emergency = page[page.index('id="tier-emergency"') : page.index('id="tier-urgent"')]
    rule = emergency[emergency.index('id="fever"') :]
    rule = rule[: rule.index("</article>")]
    assert "more urgent" in rule
    for slug in ("nhs-hip-pain", "nhs-septic-arthritis", "nice-cks-hip-pain"):
        assert f"Title of {slug}" in rule


# --- Emergency numbers where the person is ------------------------------------------------------


def _call_buttons(page: str) -> list[str]:
    """The tel: numbers of the emergency call line (triage/_emergency_calls.html), in order."""
    line = re.search(r'<p class="call-now[^"]*"[^>]*>(.*?)</p>', page, re.S).group(1)
    return re.findall(r'href="tel:([0-9]+)"', line)


def _nowrap_spans_out(page: str) -> str:
    """The page without the big call button's unbreakable parts' spans."""
    return re.sub(r'<span class="text-nowrap">(.*?)</span>', r"\1", page)


def test_an_emergency_answer_in_new_york_offers_911_first_and_says_call_your_local_number(
    client, sources
):
    """Fresh tester: a runner in America/New_York was told "Call 999 / In Europe: Call 112"."""
    client.cookies["hipcare_tz"] = "America/New_York"
    page = html(client.post(URL, answers(weight_bearing="unable")))
    assert _call_buttons(page) == ["911", "999", "112"]
    assert (
        'class="btn btn-light btn-lg call-button" href="tel:911"><span class="text-nowrap">'
        'Call 911</span> <span class="text-nowrap">(US and Canada)</span></a>' in page
    )
    assert ">Call 999 (UK)</a>" in page and ">Call 112 (Europe)</a>" in page
    assert "Somewhere else, call your local" in page
    assert 'data-zone="America/New_York"' in page
    # Not "A&E" where the first button is 911.
    lead = unescape(re.search(r'<p class="lead mb-0">(.*?)</p>', page, re.S).group(1))
    assert "the emergency department" in lead and "A&E" not in lead
    printed = unescape(html(client.post(URL, {**answers(weight_bearing="unable"), "print": "1"})))
    assert "Emergency number: 911 (US and Canada), 999 (UK), 112 (Europe)." in printed
    assert "your local emergency number" in printed and "A&E" not in printed.split("Why")[0]


def test_an_emergency_answer_in_tokyo_offers_119_first_labelled_japan(client, sources):
    """Tester on a phone, Asia/Tokyo: "can't put weight on that leg", pain 8, got "Call your
    local emergency number." and only 999 (UK) and 112 (Europe); Japan's 119 never named."""
    client.cookies["hipcare_tz"] = "Asia/Tokyo"
    page = html(client.post(URL, answers(weight_bearing="unable")))
    assert _call_buttons(page) == ["119", "999", "112"]
    assert (
        'class="btn btn-light btn-lg call-button" href="tel:119"><span class="text-nowrap">'
        'Call 119</span> <span class="text-nowrap">(Japan)</span></a>'
    ) in page
    assert "Call your local emergency number." not in page
    assert "Somewhere else, call your local emergency number." in page
    printed = unescape(html(client.post(URL, {**answers(weight_bearing="unable"), "print": "1"})))
    assert "Emergency number: 119 (Japan), 999 (UK), 112 (Europe)." in printed
    urgent = html(client.post(URL, answers(cancer_history=True)))
    assert 'href="tel:119">Call 119 (Japan)</a> or your local emergency number.' in urgent


def test_an_emergency_answer_where_we_know_no_number_says_call_your_local_number_first(
    client, sources
):
    """Fresh tester: Asia/Tokyo (then not listed), JS on, got a big unlabelled "Call 999"."""
    client.cookies["hipcare_tz"] = "Asia/Kathmandu"
    page = html(client.post(URL, answers(weight_bearing="unable")))
    line = re.search(r'<p class="call-now[^"]*"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert line.index("Call your local emergency number.") < line.index("tel:")
    assert "call-button" not in line  # no big button for a foreign number
    assert re.findall(r'href="tel:[0-9]+">([^<]*)</a>', line) == [
        "Call 999 (UK)",
        "Call 112 (Europe)",
    ]
    lead = unescape(re.search(r'<p class="lead mb-0">(.*?)</p>', page, re.S).group(1))
    assert "the emergency department" in lead and "A&E" not in lead
    printed = unescape(html(client.post(URL, {**answers(weight_bearing="unable"), "print": "1"})))
    assert "Call your local emergency number. Elsewhere: 999 (UK), 112 (Europe)." in printed


def test_an_urgent_answer_where_we_know_no_number_says_call_your_local_number_before_999(
    client, sources
):
    client.cookies["hipcare_tz"] = "Asia/Kathmandu"
    page = html(client.post(URL, answers(cancer_history=True)))
    assert (
        'call your local emergency number (or <a class="btn call-link" href="tel:999">'
        "Call 999 (UK)</a>)." in page
    )


def test_an_emergency_answer_in_sydney_offers_000_labelled_first(client, sources):
    client.cookies["hipcare_tz"] = "Australia/Sydney"
    page = html(client.post(URL, answers(weight_bearing="unable")))
    assert _call_buttons(page) == ["000", "999", "112"]
    assert 'href="tel:000">Call 000 (Australia)</a>' in _nowrap_spans_out(page)


def test_the_call_lines_alone_follow_the_zone_cookie_and_are_never_cached(client):
    """What static/js/hipcare.js fetches to redraw a page drawn before the cookie existed."""
    url = reverse("triage:emergency_calls")
    lines = client.get(url, headers={"HX-Request": "true"})
    assert "<html" not in html(lines) and _call_buttons(html(lines)) == ["999", "112"]
    assert "no-cache" in lines["Cache-Control"] and "Cookie" in lines["Vary"]
    client.cookies["hipcare_tz"] = "America/New_York"
    assert _call_buttons(html(client.get(url, headers={"HX-Request": "true"}))) == [
        "911",
        "999",
        "112",
    ]
    page = html(client.get(url))  # without JavaScript, a page of its own
    assert "<h1>Emergency numbers</h1>" in page and _call_buttons(page) == ["911", "999", "112"]
    assert client.post(url).status_code == 405


def _country_calls(block: str) -> dict[str, list[str]]:
    """The "Not in the UK?" list (triage/_country_calls.html) in `block`: {country: its tel:
    numbers}, in the page's order; each link named "Call <number> (<country>)"."""
    folded = re.search(r"<details[^>]*data-country-calls.*?</details>", block, re.S).group(0)
    rows = re.findall(r'<span class="country-name">(.*?)</span>(.*?)</li>', folded, re.S)
    listed = {}
    for name, links in rows:
        name = unescape(name)
        numbers = re.findall(r'href="tel:([0-9]+)" aria-label="Call \1 \(([^)]*)\)"', links)
        assert numbers and all(place == name for _, place in numbers), (name, links)
        listed[name] = [number for number, _ in numbers]
    return listed


def test_without_a_known_zone_the_answer_keeps_999_then_112_and_folds_every_country_as_a_link(
    client, sources
):
    """Tester, no JavaScript, Tokyo, Honolulu, Auckland, Sao Paulo, Kolkata, Johannesburg: the
    local number was only untappable text in a 20-country paragraph above what to do. Now the
    999 and 112 buttons stay first, then a folded "Not in the UK?" list of tel: links by
    country, sorted by name, on the page and in its htmx partial alike."""
    for headers in ({}, {"HX-Request": "true"}):
        page = html(client.post(URL, answers(weight_bearing="unable"), headers=headers))
        assert _call_buttons(page) == ["999", "112"]
        plain = _nowrap_spans_out(page)
        assert ">Call 999 (UK)</a>" in plain and ">Call 112 (Europe)</a>" in plain
        assert "<summary>Not in the UK? Your country&#x27;s emergency number</summary>" in page
        listed = _country_calls(page)
        assert listed["Japan"] == ["119"] and listed["United States"] == ["911"]
        assert listed["New Zealand"] == ["111"] and listed["Brazil"] == ["192"]
        assert listed["India"] == ["112"] and listed["South Africa"] == ["10177", "112"]
        assert listed["Canada"] == ["911"] and listed["Australia"] == ["000"]
        assert "United Kingdom" not in listed and "UK" not in listed  # the first button's
        assert list(listed) == sorted(listed, key=str.casefold)
        # The one-line list is for paper only (the fold is left out of print: print.css).
        on_paper = re.findall(r'<p class="call-more call-elsewhere d-none d-print-block', page)
        assert page.count("Elsewhere:") == page.count("call-elsewhere") == len(on_paper) == 1
        # The list comes after the buttons and before what to do.
        assert page.index('class="call-now') < page.index("data-country-calls")
        assert page.index("data-country-calls") < page.index('<p class="lead')
    # The numbers' own page and the lines static/js/hipcare.js fetches, with no zone either.
    for headers in ({}, {"HX-Request": "true"}):
        lines = html(client.get(reverse("triage:emergency_calls"), headers=headers))
        assert _call_buttons(lines) == ["999", "112"]
        assert _country_calls(lines)["Japan"] == ["119"]
    printed = unescape(html(client.post(URL, {**answers(weight_bearing="unable"), "print": "1"})))
    assert (
        "Emergency number: 999 (UK), 112 (Europe). Elsewhere: Australia 000; Brazil 192;" in printed
    )
    assert "Japan 119;" in printed and "South Africa 10177, 112;" in printed
    assert "; or your local emergency number." in printed
    assert "A&amp;E (the emergency department)" in page  # the UK's words as before


def test_a_browser_that_reports_uk_time_is_a_known_zone_with_no_list_of_elsewhere(client, sources):
    """Europe/London from the browser is known (its cookie), not the default for want of one:
    its answer names no other countries' numbers (hipcare.timezones.zone_known)."""
    client.cookies["hipcare_tz"] = "Europe/London"
    page = html(client.post(URL, answers(weight_bearing="unable")))
    assert _call_buttons(page) == ["999", "112"]
    assert "Elsewhere:" not in page
    assert "Somewhere else, call your local emergency number." in page


def test_an_urgent_answer_in_sydney_says_call_000_if_it_gets_much_worse(client, sources):
    client.cookies["hipcare_tz"] = "Australia/Sydney"
    page = html(client.post(URL, answers(cancer_history=True)))
    assert 'href="tel:000">Call 000 (Australia)</a> or your local emergency number.' in page


# --- How to be seen today where the person is ---------------------------------------------------

#: Fresh tester's answers (America/Chicago): a possible stress fracture, "See a doctor today".
STRESS_FRACTURE = answers(
    age="24",
    weight_bearing="painful",
    severity="6",
    location="front_groin",
    night_pain="yes",
    duration_days="12",
    mileage_increase="yes",
    periods_stopped="yes",
)

UK_ONLY = ("NHS 111", "111.nhs.uk", 'href="tel:111"', "Call 111", "GP")


def _tier_box(page: str) -> str:
    """The answer's headline box, up to its "if it gets much worse" emergency line (which
    calls 111 in New Zealand, its emergency number)."""
    return re.search(
        r'<div class="tier tier-.*?(?=<p class="[^"]*call-more|</div>)', page, re.S
    ).group(0)


def _summary_advice(page: str) -> str:
    return page[page.index('<article class="triage-summary"') : page.index("<h2")]


@pytest.mark.parametrize("zone", ["America/Chicago", "Asia/Tokyo", "Pacific/Auckland"])
def test_an_urgent_answer_outside_the_uk_names_no_nhs_111_with_or_without_htmx_or_printed(
    client, sources, zone
):
    """Fresh tester, America/Chicago: "See a doctor today" said "call NHS 111 or use
    111.nhs.uk" with a "Call 111" button under a correct "Call 911 (US and Canada)"."""
    client.cookies["hipcare_tz"] = zone
    for headers in ({}, HTMX):
        response = client.post(URL, STRESS_FRACTURE, headers=headers)
        assert tier_of(response) == "urgent"
        page = html(response)
        box = unescape(_tier_box(page))
        assert "Contact your doctor's practice today, or your local urgent care" in box
        assert not [words for words in UK_ONLY if words in box], box
        # Its reason names no UK service (NHS 111, 999, a GP, A&E): nothing to say about it.
        assert "UK guidance" not in page
    printed = unescape(_summary_advice(html(client.post(URL, {**STRESS_FRACTURE, "print": "1"}))))
    assert "Contact your doctor's practice today" in printed
    assert not [words for words in ("NHS 111", "111.nhs.uk", "Phone 111", "GP") if words in printed]


#: Answers whose reason names a UK-only service (A&E; a GP and NHS 111), and one whose
#: reasons name none.
NAMES_A_UK_SERVICE = (answers(testicle_pain=True), answers(vomiting=True))
NAMES_NO_UK_SERVICE = answers(night_pain=True)


def _uk_note(page: str) -> str | None:
    found = re.search(r'<p class="[^"]*uk-reasons-note">([^<]*)</p>', page)
    return unescape(found.group(1)) if found else None


@pytest.mark.parametrize(
    ("zone", "note"),
    [
        ("Europe/London", None),
        ("America/Chicago", "These reasons follow UK guidance. Where one names NHS 111"),
        (None, "These reasons follow UK guidance. If you are not in the UK: where one names"),
    ],
    ids=["uk", "known-elsewhere", "unknown"],
)
def test_reasons_naming_a_uk_service_are_said_to_be_the_uks_unless_the_zone_is(
    client, sources, catalogue, zone, note
):
    """Tester, no JavaScript (no zone), abroad: "Go to A&E now" and "Speak to a GP or NHS 111"
    were cited as written with nothing to say they are the UK's, the note being only for a
    known zone outside the UK. Page, htmx panel and printout alike; never in the UK, nor over
    reasons that name no UK service."""
    if zone:
        client.cookies["hipcare_tz"] = zone
    for data in NAMES_A_UK_SERVICE:
        for extra, headers in (({}, {}), ({}, HTMX), ({"print": "1"}, {})):
            page = html(client.post(URL, {**data, **extra}, headers=headers))
            said = _uk_note(page)
            assert said == note if note is None else said.startswith(note), (said, data, extra)
    for extra in ({}, {"print": "1"}):
        page = html(client.post(URL, {**NAMES_NO_UK_SERVICE, **extra}))
        assert 'data-rule="night-or-rest-pain"' in page
        assert _uk_note(page) is None


def test_an_urgent_answer_in_the_uk_keeps_nhs_111(client, sources):
    client.cookies["hipcare_tz"] = "Europe/London"
    page = html(client.post(URL, STRESS_FRACTURE))
    box = unescape(_tier_box(page))
    assert "Call your GP surgery" in box and "In the UK:" not in box
    assert 'href="tel:111">Call 111 (UK)</a>' in box
    assert "Outside the UK: contact a doctor's practice or your local urgent care" in box
    assert "UK guidance" not in page and "data-country-calls" not in page
    printed = unescape(html(client.post(URL, {**STRESS_FRACTURE, "print": "1"})))
    assert "NHS 111 or use 111.nhs.uk. Phone 111 (UK)." in printed
    assert "Elsewhere:" not in printed


def test_an_urgent_answer_with_no_zone_says_nhs_111_is_the_uks_and_lists_every_country(
    client, sources
):
    """Tester, no JavaScript, Auckland and Tokyo: "See a doctor today" gave "Call 111 (UK)" and
    "Call 999 (UK)" and nothing local (111 is New Zealand's emergency number). Now the UK's way
    in says it is the UK's, outside the UK is said plainly, and the "if it gets much worse"
    line is followed by the same "Not in the UK?" list of tel: links, page and partial alike."""
    for headers in ({}, {"HX-Request": "true"}):
        page = html(client.post(URL, STRESS_FRACTURE, headers=headers))
        box = unescape(_tier_box(page))
        assert "In the UK: Call your GP surgery" in box
        assert 'href="tel:111">Call 111 (UK)</a>' in box
        assert "Outside the UK: contact a doctor's practice or your local urgent care" in box
        worse = page[page.index("If it gets much worse") :]
        assert 'href="tel:999">Call 999 (UK)</a> or your local emergency number.' in worse
        listed = _country_calls(worse)
        assert listed["New Zealand"] == ["111"] and listed["Japan"] == ["119"]
        assert listed["Brazil"] == ["192"] and listed["South Africa"] == ["10177", "112"]
    printed = unescape(_summary_advice(html(client.post(URL, {**STRESS_FRACTURE, "print": "1"}))))
    assert "In the UK: Call your GP surgery" in printed
    assert "Outside the UK: contact a doctor's practice" in printed
    assert "call 999 (UK) or your local emergency number. Elsewhere: Australia 000;" in printed
    assert "New Zealand 111;" in printed and "Japan 119;" in printed


def test_a_headline_naming_a_gp_or_999_is_said_for_where_the_person_is(client, sources):
    severe = answers(severity="8")
    fall = answers(injury="yes")
    assert "See a GP or physio" in html(client.post(URL, severe))
    client.cookies["hipcare_tz"] = "America/Chicago"
    page = unescape(html(client.post(URL, severe)))
    heading = re.search(r"<h1[^>]*>([^<]+)</h1>", page).group(1)
    assert heading == "See a doctor or physio within a few days"
    assert "<title>See a doctor or physio" in page
    assert "Ask your doctor's practice or a physiotherapist" in _tier_box(page)
    printed = unescape(html(client.post(URL, {**severe, "print": "1"})))
    assert "GP" not in _summary_advice(printed)
    lead = unescape(_tier_box(html(client.post(URL, fall))))
    assert "call 911 if you can no longer stand on it" in lead and "999" not in lead
    # Not known where (no zone cookie): 999 is said as the UK's, not as the visitor's.
    del client.cookies["hipcare_tz"]
    lead = unescape(_tier_box(html(client.post(URL, fall))))
    assert "call 999 in the UK or your local emergency number if you can no longer" in lead


def test_a_printed_emergency_from_step_one_says_unlisted_questions_may_have_been_left_blank(
    client, sources
):
    """Fresh tester: the pain score left blank on step 1, and the printed emergency said
    "Questions not listed were not asked"."""
    _step_one, response = _after_a_temperature_on_step_one(client, "")
    page = html(response)
    form = page[page.index('target="_blank">') : page.index('name="print"')]
    fields = re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', form)
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(unescape(value))
    printed = unescape(html(client.post(URL, {**data, "print": "1"})))
    assert "Emergency number" in printed
    assert "How bad is the pain at its worst" not in printed.split("The answers as given")[1]
    assert "Questions not listed were not asked" not in printed
    assert "Questions not listed were left blank, or not asked" in printed


def test_the_rules_page_says_a_step_move_on_both_feet_is_left_out_for_the_step(client, sources):
    """The outer-hip routine leaves out all step work with the moves on one leg; the rules
    page said "it holds your weight on one leg" for a step move on both feet too."""
    outer, step = make_location("outer_side"), make_equipment("step-or-box")
    make_exercise("Step squat", locations=[outer], equipment=[step])
    make_exercise("Step-up", locations=[outer], unilateral=True, equipment=[step])
    page = unescape(client.get(reverse("triage:rules")).content.decode())
    caution = page[page.index('data-caution="outer_side"') :]
    caution = caution[: caution.index("</article>")]
    assert "<li>Step squat: it has you balance on a step or box.</li>" in caution
    assert "<li>Step-up: it holds your weight on one leg.</li>" in caution


# --- A pain score of 0: no answer below "see a doctor today" speaks of a pain now -------------

from tests.triage.test_rules import ASSUMES_PAIN_NOW, NO_PAIN_RULE_CASES  # noqa: E402

NO_PAIN_VIEW_CASES = [
    ("no-sign", {}),
    (
        "risk-factors",
        {"mileage_increase": "yes", "previous_stress_fracture": "yes", "weak_bones": "yes"},
    ),
    *NO_PAIN_RULE_CASES,
]


def what_the_answer_says(response) -> str:
    """The answer's words as a reader sees them (the printed summary's list of the questions
    as asked left out: those are the runner's own answers)."""
    text = unescape(re.sub(r"<[^>]+>", " ", html(response)))
    return re.sub(r"\s+", " ", text.split("The answers as given", 1)[0]).lower()


@pytest.mark.parametrize("kind", ["page", "htmx", "print"])
@pytest.mark.parametrize(
    ("case", "changes"), NO_PAIN_VIEW_CASES, ids=[case[0] for case in NO_PAIN_VIEW_CASES]
)
def test_an_answer_with_a_pain_score_of_0_never_speaks_of_a_pain_now(
    client, sources, catalogue, case, changes, kind
):
    """Every self-care and see-a-professional answer a pain score of 0 can get, on the page,
    its htmx partial and the printed summary: the starter routine's 'stop any move that makes
    the pain sharper or worse', a professional's 'stop anything that makes the pain worse' or
    'avoid what makes it hurt', 'tell your midwife about this pain', 'hip pain that began with
    a fall', 'How to get back to running', a risk factor's 'with pain that is settling' are
    each worded for no pain now."""
    given_data = {"severity": "0", "pregnancy": "no", **dict.fromkeys(rules.SIGN_FIELDS, "no")}
    data = answers(**{**given_data, **changes})
    given = rules.Answers(
        **{
            name: int(value) if name in ("age", "severity") else value
            for name, value in data.items()
            if name not in rules.PAIN_ONLY_QUESTIONS
        }
    )
    if kind == "print":
        data["print"] = "1"
    response = client.post(URL, data, headers=HTMX if kind == "htmx" else {})
    assert response.status_code == 200
    said = what_the_answer_says(response)
    assert re.search(r'data-tier="(self_care|see_professional)"', html(response)), case
    assert not [words for words in ASSUMES_PAIN_NOW if words in said], case
    result = rules.assess(given)
    # As said with no zone known: "call 999" as the UK's (EmergencyCalls.local_words).
    unknown = emergency.emergency_calls(None, "999")
    assert unknown.local_words(rules.headline(result, given)[1]).lower() in said
    if result.offers_exercises:
        assert "stop any move that brings pain on." in said
        assert "how to keep running pain-free" in said
    elif result.examined_first:
        assert rules.until_examined(given, stop_running=rules.stops_running(result)).lower() in said
    # Listed only under a self-care answer (a professional will ask about the rest).
    noted = rules.noted_answers(given) if result.tier is rules.Tier.SELF_CARE else ()
    for _name, why, _sign in noted:
        assert kind == "print" or why.lower() in said


@pytest.mark.parametrize("kind", ["page", "print"])
def test_the_same_answers_with_pain_keep_the_words_for_a_pain(client, sources, catalogue, kind):
    """With a pain score above 0 the answers keep their words (the test above is not blind)."""
    for changes in ({}, {"numbness": "yes"}, {"limited_motion": "yes"}):
        signs = {**dict.fromkeys(rules.SIGN_FIELDS, "no"), **changes}
        data = answers(severity="3", pregnancy="no", improving="yes", **signs)
        if kind == "print":
            data["print"] = "1"
        said = what_the_answer_says(client.post(URL, data))
        assert "stop any move that makes the pain sharper or worse" in said or (
            "avoid what makes it hurt" in said
        ), changes


@pytest.mark.django_db
def test_the_new_tab_arrows_are_drawn_as_text_not_as_an_emoji(client, sources, catalogue):
    """On an answer every link that leaves the checker is marked ↗; phones drew U+2197 as a
    coloured emoji (fresh tester): each carries the text-presentation selector, U+FE0E."""
    html = client.post(URL, answers()).content.decode()
    assert html.count("\u2197") >= 3  # the site's menu, a source, "Print or save"
    marked = html.count("\u2197\ufe0e") + html.count("\u2197&#xFE0E;")
    assert html.count("\u2197") == marked


# --- A pain score of 0 beside an answer that says the hip hurts ----------------------------


@pytest.mark.parametrize("severity", ["0", None])
@pytest.mark.parametrize("age", ["6", "34", "80"])
def test_a_temperature_a_score_of_0_and_a_limp_posts_to_the_emergency(
    client, sources, age, severity
):
    """The tester's case: an adult of 34 (or 80) with a temperature, pain 0 and 'standing or
    walking hurts or makes me limp' got 'Book a physio or doctor within the next week or
    two', the temperature listed as 'A temperature, and no hip pain'; a 6-year-old, or the
    score left blank, got the emergency. Now all do, and the page says the answers disagree."""
    data = answers(age=age, fever=True, severity=severity, weight_bearing="painful")
    response = client.post(URL, data)
    page = html(response)
    assert tier_of(response) == "emergency"
    assert "fever" in fired(response) or "child-with-fever" in fired(response)
    assert "A temperature, and no hip pain" not in page
    if severity == "0":
        assert (
            "Your answers disagree: a pain score of 0, but also pain or a limp when standing or "
            "walking. To be safe, this answer goes by the answers that say the hip hurts."
        ) in unescape(page)


def test_the_first_step_with_a_temperature_a_score_of_0_and_a_limp_is_the_emergency(
    client, sources
):
    step_one = {
        **dict.fromkeys(rules.STEPS[0].questions, "no"),
        "asked": list(rules.STEPS[0].questions),
        "step": "1",
        "age": "34",
        "weight_bearing": "painful",
        "severity": "0",
        "fever": "yes",
    }
    response = client.post(URL, step_one)
    assert tier_of(response) == "emergency"
    assert "Your answers disagree" in html(response)
    # Without the temperature the questions about the pain are asked: it hurts to stand on.
    response = client.post(URL, {**step_one, "fever": "no"})
    second = page_fields(response)
    response = client.post(
        URL,
        {
            **step_one,
            "fever": "no",
            **dict.fromkeys(rules.STEPS[1].questions, "no"),
            "asked": [*rules.STEPS[0].questions, *rules.STEPS[1].questions],
            "step": "2",
        },
    )
    assert "pregnancy" in second
    assert {"location", "night_pain", "pain_at_rest", "clicking"} <= page_fields(response)


def check_again_items(response) -> str:
    """The answer's "Check again, or get help, if" list (its heading varies by tier)."""
    page = unescape(html(response))
    if 'id="come-back-heading"' not in page:
        return ""
    return page.split('id="come-back-heading"', 1)[1].split("</section>", 1)[0]


def page_fields(response) -> set[str]:
    return set(
        re.findall(
            r'<input[^>]+type="(?:radio|checkbox|text)"[^>]+name="([a-z_]+)"', html(response)
        )
    )


@pytest.mark.parametrize("fever", [True, "no"])
def test_night_and_rest_pain_with_a_score_of_0_are_read_not_dropped(
    client, sources, catalogue, fever
):
    """Temperature, pain 0, 'pain wakes me at night: yes' was self-care ('Nothing you told us
    about the hip needs a professional') with the night pain in its check-again list; without
    the temperature, night and rest pain with 0 got a starter routine, with 3 a professional."""
    data = answers(severity="0", night_pain=True, pain_at_rest=True, fever=fever)
    zero = client.post(URL, data)
    three = client.post(URL, {**data, "severity": "3"})
    assert tier_of(zero) == tier_of(three) == ("emergency" if fever is True else "see_professional")
    page = unescape(html(zero))
    assert "Nothing you told us about the hip needs a professional" not in page
    items = check_again_items(zero)
    assert bool(items) is (fever == "no")  # an emergency has no list: it says to go now
    assert "at night" not in items and "resting" not in items
    assert (
        "Your answers disagree: a pain score of 0, but also pain at night and pain at rest." in page
    )
    assert not starter_names(zero)


def test_a_score_of_0_with_nothing_that_hurts_is_still_self_care_with_a_routine(
    client, sources, catalogue
):
    response = client.post(URL, answers(severity="0"))
    assert tier_of(response) == "self_care"
    assert starter_names(response)
    assert "Your answers disagree" not in html(response)
    assert "Pain in the hip comes back." in html(response)


@pytest.mark.parametrize("kind", ["page", "htmx", "print"])
def test_the_disagreement_line_is_on_the_page_the_partial_and_the_printout(client, sources, kind):
    data = answers(severity="0", weight_bearing="painful", fever=True)
    if kind == "print":
        data["print"] = "1"
    response = client.post(URL, data, headers=HTMX if kind == "htmx" else {})
    assert 'class="mb-' in html(response)
    assert "Your answers disagree: a pain score of 0" in unescape(html(response))


# --- Stress-fracture risks together: the headline, the reason under it, no routine ---------------

#: Fresh tester: 20, walks normally, pain 3, groin pain for 10 days and getting better, every
#: warning sign no, but more running, an earlier stress fracture and periods that stopped.
SETTLING_GROIN_WITH_RISKS = answers(
    age="20",
    location="front_groin",
    severity="3",
    duration_days="10",
    weight_bearing="full",
    improving="yes",
    pregnancy="no",
    mileage_increase="yes",
    previous_stress_fracture="yes",
    periods_stopped="yes",
)


def _top_of_answer(page: str) -> str:
    """The answer's headline box and the "Why we say this" list under it."""
    start = page.index('<section class="triage-result"')
    return page[start : page.index("</ul>", page.index('id="why-heading"'))]


@pytest.mark.parametrize(
    "data",
    [
        SETTLING_GROIN_WITH_RISKS,
        {
            **SETTLING_GROIN_WITH_RISKS,
            "age": "55",
            "weak_bones": "yes",
            "previous_stress_fracture": "no",
            "periods_stopped": "no",
        },
    ],
    ids=["20-runner-periods-stopped", "55-weak-bones"],
)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_settling_groin_pain_with_stress_fracture_risks_heads_the_answer_with_a_doctor(
    client, sources, catalogue, data, headers
):
    """Fresh tester (SAFETY): this got "SELF-CARE: Nothing you told us needs a professional"
    and lunges, the only advice to see anyone buried in "Answers that count together with
    others". Now the top says stop running and see a doctor, with the reason right under it,
    and there is no starter routine and no such list."""
    response = client.post(URL, data, headers=headers)
    assert tier_of(response) == "urgent"
    page = unescape(html(response))
    top = _top_of_answer(page)
    assert "See a doctor today" in top and "Stop running" in top
    assert 'data-rule="stress-fracture-risks-together"' in top
    assert "Possible stress fracture: hip, buttock or groin pain with more than one risk." in top
    assert "Nothing you told us needs a professional" not in page
    assert 'id="starter-heading"' not in page and "Hip flexor stretch" not in page
    assert 'id="noted-heading"' not in page


def test_periods_stopped_under_45_puts_the_gp_in_the_headline_not_below_a_self_care_one(
    client, sources, catalogue
):
    data = {**SETTLING_GROIN_WITH_RISKS, "mileage_increase": "no", "previous_stress_fracture": "no"}
    response = client.post(URL, data)
    assert tier_of(response) == "see_professional"
    top = _top_of_answer(unescape(html(response)))
    assert "Book a GP appointment" in top and "GP about your periods" in top
    assert 'data-rule="periods-stopped-before-45"' in top
    assert "Nothing you told us needs a professional" not in html(response)


# --------------------------------------------------------------------------------------------
# An earlier step's answer sent invalid from a later step (an edited or tampered page)
# --------------------------------------------------------------------------------------------


def _from_the_last_step(**changes) -> dict:
    """The last step sent with its questions all answered No, every earlier answer carried."""
    last = [name for name in rules.STEPS[-1].questions if name in rules.SIGN_FIELDS]
    data = answers(**{**dict.fromkeys(last, "no"), **changes})
    data["step"] = str(len(rules.STEPS))
    data["asked"] = list(rules.STEPS[-1].questions)
    return data


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("age", "abc"),
        ("age", "130"),
        ("age", "-3"),
        ("severity", "11"),
        ("severity", "x"),
        ("weight_bearing", "flying"),
        ("location", "elbow"),
        ("duration_days", "-1"),
        ("improving", "maybe"),
    ],
)
def test_an_invalid_earlier_answer_from_a_later_step_says_what_is_wrong(client, name, value):
    """Fresh tester: a bad age or pain score sent at the last step brought back the first step
    saying "Your earlier answers were cleared when this page was loaded again". Nothing was
    cleared: the step with that question comes back with its own error, the rest kept."""
    from triage.forms import TriageForm

    data = _from_the_last_step(**{name: value})
    error = TriageForm(data).errors[name][0]
    response = client.post(URL, data, **HTMX)
    page = unescape(response.content.decode())
    assert response.status_code == 422 and tier_of(response) is None
    assert 'id="answers-cleared"' not in page
    assert "were cleared" not in page
    assert unescape(escape(error)) in page
    assert "Some answers need another look" in page
    # The other answers ride along, not cleared.
    kept = "location" if name != "location" else "age"
    assert f'name="{kept}"' in page


def test_earlier_answers_really_missing_at_a_later_step_keep_the_cleared_notice(client):
    """Answers truly gone (not sent): the first step again, and the notice the page's script
    shows after a reload stays available."""
    data = _from_the_last_step(age=None, severity=None, weight_bearing=None)
    response = client.post(URL, data, **HTMX)
    assert response.status_code == 200
    assert 'id="answers-cleared"' in response.content.decode()
