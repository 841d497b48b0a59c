"""Every question of the symptom checker is set in one weight, on every step and on "Change my
answers": on step 1 a tester found the age, standing and pain questions bold and the eight
yes / no questions under them regular. Each question's text stays its group's name (the
radio group's aria-labelledby) or its box's label."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    PHONE,
    answer_first_step,
    answer_pain_step,
    answer_safety_step,
    heading,
    next_button,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Each question on the page: its text (the element naming its group of choices, or the label
# of its answer box) and that text's computed weight.
_QUESTIONS = """() => {
  const named = [];
  const groups = '#triage-step [role=radiogroup], #triage-step [role=group]';
  for (const group of document.querySelectorAll(groups)) {
    named.push(document.getElementById(group.getAttribute('aria-labelledby')));
  }
  for (const box of document.querySelectorAll('#triage-step input.form-control')) {
    named.push(box.labels[0]);
  }
  return named.map(el => el ? {text: el.textContent.trim(), weight: getComputedStyle(el).fontWeight}
                             : {text: null, weight: null});
}"""


def questions(page) -> list[dict]:
    found = page.evaluate(_QUESTIONS)
    assert found and all(q["text"] for q in found), found  # every question names its answers
    return found


def test_every_question_of_every_step_has_one_weight(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/triage/")
    seen = {"step 1": questions(page)}
    answer_first_step(page)
    next_button(page).click()
    expect(heading(page)).to_have_text("A few more safety questions")
    seen["step 2"] = questions(page)
    answer_safety_step(page)
    next_button(page).click()
    expect(heading(page)).to_have_text("About the pain")
    seen["step 3"] = questions(page)
    answer_pain_step(page)
    next_button(page).click()
    expect(heading(page)).not_to_have_text("About the pain")
    seen["step 4"] = questions(page)
    next_button(page).click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "self_care")
    page.get_by_role("button", name="Change my answers").first.click()
    expect(page.locator("#triage-step")).to_be_visible()
    seen["change my answers"] = questions(page)

    assert len(seen) >= 5 and sum(len(found) for found in seen.values()) >= 20, seen
    weights = {(where, q["weight"]) for where, found in seen.items() for q in found}
    assert len({weight for _, weight in weights}) == 1, sorted(
        (where, q["weight"], q["text"][:40]) for where, found in seen.items() for q in found
    )
