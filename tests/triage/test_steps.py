"""Moving between the checker's steps (Previous step, and the browser's Back through
static/js/triage.js, which posts the same form), number answers typed as text, the printed
summary's contents and the rules page's contents list."""

import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.triage import test_views
from tests.triage.test_views import (
    HTMX,
    URL,
    answers,
    asked_questions,
    hidden,
    html,
    starter_names,
    tier_of,
)
from triage import rules

pytestmark = pytest.mark.django_db
sources = test_views.sources  # the fixtures, shared
catalogue = test_views.catalogue

STEP_ONE = (
    [("age", "35"), ("weight_bearing", "full"), ("severity", "3")]
    + [("asked", name) for name in rules.STEPS[0].questions]
    + [(name, "no") for name in rules.STEPS[0].questions if name in rules.SIGN_FIELDS]
)


def post(client, pairs, **headers):
    return client.post(
        URL, urlencode(pairs), content_type="application/x-www-form-urlencoded", headers=headers
    )


def page_pairs(response, form_id: str = "triage-step") -> list[tuple[str, str]]:
    """What the form on the page sends as it stands: its hidden fields and the answers shown
    checked or filled in (a browser's form data, without a button)."""
    form = html(response).split(f'id="{form_id}"', 1)[1].split("</form>", 1)[0]
    pairs = re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', form)
    pairs += re.findall(
        r'<input type="(?:radio|checkbox)"[^>]*name="([a-z_]+)"[^>]*value="([^"]*)" checked', form
    )
    pairs += re.findall(r'<input type="text"[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', form)
    return [(name, unescape(value)) for name, value in pairs]


def shown_step(response) -> str:
    return re.search(r'id="triage-panel"[^>]*data-step="([a-z0-9]+)"', html(response)).group(1)


def test_every_step_after_the_first_has_a_previous_step_button_and_the_first_has_none(client):
    first = client.get(URL)
    assert "Previous step" not in html(first) and shown_step(first) == "1"
    second = post(client, [*STEP_ONE, ("step", "1")])
    assert shown_step(second) == "2"
    previous = r'<button type="submit" name="back" value="1"[^>]*formnovalidate'
    assert re.search(previous, html(second))
    # Next comes first in the form, so Enter in an answer box goes on rather than back.
    page = html(second)
    assert page.index("data-next") < page.index('name="back"')


def test_previous_step_shows_the_step_before_with_its_answers_and_keeps_the_ones_just_given(
    client,
):
    second = post(client, [*STEP_ONE, ("step", "1")])
    # On step 2: a sign answered, pregnancy not answered yet, then "Previous step".
    back = post(client, [*page_pairs(second), ("tummy_pain", "yes"), ("back", "1")])
    assert back.status_code == 200
    assert shown_step(back) == "1"
    assert asked_questions(back) == set(rules.STEPS[0].questions)
    assert 'name="age" id="id_age" value="35"' in html(back)
    assert re.search(r'value="full" checked', html(back))
    # What was typed on step 2 rides along; what was left blank is not taken as "no".
    carried = hidden(back)
    assert ("tummy_pain", "yes") in carried
    assert not any(name == "pregnancy" for name, _value in carried)
    assert ("vomiting", "no") not in carried
    # Next from step 1 again: step 2 whole, with the sign answered as it was.
    again = post(client, page_pairs(back))
    assert shown_step(again) == "2"
    assert asked_questions(again) == set(rules.STEPS[1].questions)
    assert ("tummy_pain", "yes") in page_pairs(again)


def test_going_back_never_asks_for_an_answer_and_drops_one_that_makes_no_sense(client):
    second = post(client, [*STEP_ONE, ("step", "1")])
    back = post(client, [*page_pairs(second), ("duration_days", "lots"), ("back", "1")])
    assert back.status_code == 200
    assert "need another look" not in html(back)
    assert not any(name == "duration_days" for name, _value in hidden(back))


def test_going_forward_after_going_back_shows_each_step_in_turn_with_its_answers(
    client, sources, catalogue
):
    data = [
        *answers().items(),
        ("pregnancy", "no"),
        *[(name, "no") for name in rules.SIGN_FIELDS],
        *[("asked", name) for name in rules.QUESTIONS],
    ]
    answer = post(client, data)
    assert tier_of(answer) == "self_care"
    # The browser's Back from the answer: the answers on the page, sent back to step 4.
    step_four = post(client, [*page_pairs(answer, "change-answers"), ("back", "4")])
    assert shown_step(step_four) == "4"
    step_three = post(client, [*page_pairs(step_four), ("back", "3")])
    assert shown_step(step_three) == "3"
    assert re.search(r'value="outer_side" checked', html(step_three))
    # Next goes to step 4 (already answered, shown whole), then the same answer.
    step_four = post(client, page_pairs(step_three))
    assert shown_step(step_four) == "4"
    assert asked_questions(step_four) == set(rules.STEPS[3].questions)
    again = post(client, page_pairs(step_four))
    assert tier_of(again) == "self_care" and starter_names(again)


def test_back_is_an_htmx_partial_for_htmx_and_a_page_without(client):
    second = post(client, [*STEP_ONE, ("step", "1")])
    partial = post(client, [*page_pairs(second), ("back", "1")], **HTMX)
    assert "<html" not in html(partial) and 'id="triage-panel"' in html(partial)
    whole = post(client, [*page_pairs(second), ("back", "1")])
    assert "<html" in html(whole)


def test_a_step_number_that_makes_no_sense_falls_back_to_the_first_gap(client):
    for step in ("0", "9", "two", ""):
        response = post(client, [*STEP_ONE, ("step", step)])
        assert shown_step(response) == "2"
        back = post(client, [*STEP_ONE, ("back", step)])
        assert shown_step(back) == "1"


# --- Number answers ------------------------------------------------------------------------------


def test_number_answers_are_text_boxes_with_a_numeric_keypad(client):
    page = html(client.get(URL))
    box = re.search(r'<input [^>]*name="age"[^>]*>', page).group(0)
    assert 'type="text"' in box and 'inputmode="numeric"' in box and 'pattern="[0-9]*"' in box
    assert 'type="number"' not in page


@pytest.mark.parametrize(
    ("name", "typed", "message"),
    [
        ("age", "3e", "Enter a whole number in digits, like 35."),
        ("age", "thirty-five", "Enter a whole number in digits, like 35."),
        ("age", "35.5", "Enter a whole number in digits, like 35."),
    ],
)
def test_letters_in_a_number_come_back_as_typed_with_a_message(client, name, typed, message):
    response = post(client, [("age", typed), ("weight_bearing", "full"), *STEP_ONE[2:]], **HTMX)
    assert response.status_code == 422
    page = html(response)
    assert f'name="age" id="id_age" value="{typed}"' in page
    assert message in page
    assert 'aria-invalid="true"' in page
    assert "Answer this question" not in page


def test_a_number_with_spaces_around_it_is_read(client):
    response = post(client, [("age", " 35 "), ("weight_bearing", "full"), *STEP_ONE[2:]])
    assert response.status_code == 200 and shown_step(response) == "2"


# --- Change my answers ------------------------------------------------------------------------


def test_change_my_answers_ticks_every_area_the_pain_spreads_to(client, sources, catalogue):
    data = [*answers().items(), ("radiates_to", "thigh"), ("radiates_to", "knee"), ("edit", "1")]
    page = html(post(client, data))
    assert 'value="thigh" checked' in page and 'value="knee" checked' in page


# --- The printed summary ----------------------------------------------------------------------


def test_the_summary_carries_the_starter_routine_the_plan_and_when_to_check_again(
    client, sources, catalogue
):
    answer = post(client, list(answers().items()))
    names = starter_names(answer)
    summary = html(post(client, [*answers().items(), ("print", "1")]))
    assert "A starter routine" in summary
    for name in names:
        assert f"<strong>{name}</strong>" in unescape(summary)
    assert "1-3 sets of 12-15, twice a week" in summary
    assert "Book a physio or doctor if" in summary
    assert "It isn't getting better after two weeks" in unescape(summary)
    # Every sign the answer page lists to look out for (what the checker would say for these
    # answers with it), under the same headings.
    listed = re.findall(r'<div class="watch-group[^"]*">(.*?)</div>', html(answer), re.S)
    items = [item for group in listed for item in re.findall(r"<li[^>]*>(.*?)</li>", group, re.S)]
    assert len(items) >= 5, items
    for item in items:
        assert unescape(re.sub(r"<[^>]+>", "", item)).strip() in unescape(summary)
    for advice in rules.SELF_CARE_PLAN:
        assert advice.title in unescape(summary)


def test_the_urgent_summary_says_how_to_be_seen_and_when_to_check_again(client, sources):
    data = {**answers(), "cancer_history": "on", "print": "1"}
    summary = unescape(html(client.post(URL, data)))
    assert "Phone 111" in summary and "call 999" in summary
    assert "Tell whoever sees you today if" in summary
    assert "doing the exercises" not in summary
    assert "A starter routine" not in summary


def test_the_emergency_summary_has_no_routine_and_no_check_again_list(client, sources):
    summary = html(client.post(URL, {**answers(), "saddle_or_bladder": "on", "print": "1"}))
    assert "Emergency number: 999" in summary
    assert "A starter routine" not in summary and "Check again" not in summary


# --- The rules page -----------------------------------------------------------------------------


def test_the_rules_page_has_a_contents_list_linking_every_tier_and_rule(client):
    page = html(client.get(reverse("triage:rules")))
    contents = page.split('<nav class="rules-contents', 1)[1].split("</nav>", 1)[0]
    for tier in rules.Tier:
        assert f'href="#tier-{tier}"' in contents and f'id="tier-{tier}"' in page
    for rule in rules.RULES:
        assert f'href="#{rule.slug}"' in contents
    assert page.count('href="#contents"') == len(rules.Tier) - 1


def test_an_emergency_answered_after_going_back_answers_at_once(client, sources):
    second = post(client, [*STEP_ONE, ("step", "1")])
    back = post(client, [*page_pairs(second), ("severity", "3"), ("back", "1")])
    emergency = post(client, [*page_pairs(back), ("saddle_or_bladder", "yes")])
    assert tier_of(emergency) == "emergency"


def test_back_to_change_my_answers_and_to_the_answer_never_goes_on_to_a_later_step(client, sources):
    """What triage.js posts for the browser's Back to "Change my answers" (back=edit) and from
    it to the answer (back=answer): the answer if the answers decide one, else step 1."""
    second = post(client, [*STEP_ONE, ("step", "1")])
    edit = post(client, [*page_pairs(second), ("back", "edit")])
    assert shown_step(edit) == "edit" and "Change your answers" in html(edit)
    undecided = post(client, [*page_pairs(second), ("back", "answer")])
    assert shown_step(undecided) == "1"
    emergency = [(n, v) for n, v in page_pairs(second) if n != "weight_bearing"]
    decided = post(client, [*emergency, ("weight_bearing", "unable"), ("back", "answer")])
    assert tier_of(decided) == "emergency"


CSRF = "csrfmiddlewaretoken"


def test_change_my_answers_and_print_each_carry_every_answer_given(client, sources, catalogue):
    """The answer's two forms post the same answers back: every answer with its "asked",
    the areas the pain spreads to one by one (the hidden fields are drawn once for both)."""
    given = {**answers(), "radiates_to": ["thigh", "knee"], "clicking": "on"}
    answer = client.post(test_views.URL, given)
    change = [pair for pair in page_pairs(answer, "change-answers") if pair[0] != CSRF]
    printed = html(answer).split('name="print"', 1)[0].rsplit("<form", 1)[1]
    printed_pairs = re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', printed)
    assert change == [(name, unescape(value)) for name, value in printed_pairs if name != CSRF]
    assert ("radiates_to", "knee") in change and ("radiates_to", "thigh") in change
    assert ("asked", "clicking") in change and ("clicking", "yes") in change
    assert {name for name, _value in change if name != "asked"} >= set(test_views.BASELINE)


def test_each_step_is_drawn_from_a_form_with_only_its_questions(client):
    """A step's page copies only the fields it shows (triage.forms.form_showing), whether it
    is the empty first step or the next one after a POST."""
    for response in (
        client.get(URL),
        client.post(URL, {"step": "1", "age": "30", "severity": "3", "weight_bearing": "full"}),
    ):
        for _step, questions in response.context["sections"]:
            form = questions[0].field.form
            assert set(form.fields) == {question.name for question in questions}
            assert set(form.fields) < set(rules.QUESTIONS)


@pytest.mark.parametrize(
    "data",
    [
        None,
        *(
            {"step": str(n), "age": "30", "severity": "3", "weight_bearing": "full"}
            for n in (1, 2, 3)
        ),
        {"step": "1", "age": "8", "severity": "3", "weight_bearing": "full"},
        {"step": "1", "age": "abc", "severity": "99", "asked": list(rules.STEPS[0].questions)},
        {"step": "2", "age": "30", "severity": "3", "weight_bearing": "full", "asked": ["onset"]},
    ],
)
def test_each_questions_plain_values_are_its_bound_fields_own(client, data):
    """What the template draws each question from (triage.views.Question: its id, name, help,
    errors and label, read once) is what the BoundField gives, on every step, for a child's
    wording, with errors and sent back with answers."""
    response = client.get(URL) if data is None else client.post(URL, data)
    checked = 0
    for _step, questions in response.context["sections"]:
        for question in questions:
            bound = question.field
            assert (question.id, question.html_name, question.help, question.label) == (
                bound.auto_id,
                bound.html_name,
                bound.help_text,
                bound.label,
            )
            assert list(question.errors) == list(bound.errors)
            checked += 1
    assert checked
