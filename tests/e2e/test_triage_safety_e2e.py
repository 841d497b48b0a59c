"""The second fresh tester's findings on the symptom checker, in a browser: choices big enough
for a thumb on a phone, Forward after a changed answer, and the printed answer's how-to."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import (
    PHONE_DEVICE,
    answer_first_step,
    answer_safety_step,
    assert_thumb_sized,
    choice_targets,
    heading,
    next_button,
    reach_self_care,
)

pytestmark = pytest.mark.django_db(transaction=True)

TRIAGE_CHOICES = "#triage-panel .form-check"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(**PHONE_DEVICE, reduced_motion="reduce")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def test_on_a_phone_every_choice_is_a_44_pixel_target_with_room_around_it(phone, live_server):
    """QA: radios and tick boxes were 16 px, and Yes / No / Not sure about 24 px tall and
    close together."""
    page = phone
    page.goto(live_server.url + "/triage/")
    assert page.evaluate("matchMedia('(pointer: coarse)').matches")
    assert_thumb_sized(choice_targets(page, TRIAGE_CHOICES))
    # A tap on the words ("Not sure"), away from the box, chooses it.
    group = page.get_by_role(
        "radiogroup", name="Do you (or your child) have a temperature, or feel hot and shivery?"
    )
    group.get_by_text("Not sure", exact=True).tap()
    expect(group.get_by_label("Not sure", exact=True)).to_be_checked()
    group.get_by_text("No", exact=True).tap()
    expect(group.get_by_label("No", exact=True)).to_be_checked()
    # The site's focus ring stays on a choice reached from the keyboard.
    page.get_by_label("How old is the person with the pain?").focus()
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.type, s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline == ["radio", "solid", "3px"]

    answer_first_step(page)
    next_button(page).click()
    expect(heading(page)).to_have_text("A few more safety questions")
    answer_safety_step(page)
    next_button(page).click()
    expect(heading(page)).to_have_text("About the pain")
    targets = choice_targets(page, TRIAGE_CHOICES)
    assert {t["group"] for t in targets} >= {"radiates_to", "onset", "improving"}
    assert_thumb_sized(targets)


def test_the_printed_answer_is_a_handout_with_each_starter_exercise_how_to(
    browser, live_server, tmp_path
):
    """QA: the print button's sheet listed the starter exercises with no steps. Printed (print
    media, A4), each exercise shows its dose and its steps."""
    call_command("load_catalogue", verbosity=0)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        reach_self_care(page, live_server)
        names = page.locator(".starter-item > strong").all_inner_texts()
        assert len(names) >= 4
        doses = [
            text.split(": ", 1)[1].split(".")[0]
            for text in page.locator(".starter-item").all_inner_texts()
        ]
        with context.expect_page() as opened:
            page.get_by_role("button", name="Print or save this answer").click()
        summary = opened.value
        summary.wait_for_load_state()
        summary.emulate_media(media="print")
        exercises = summary.locator(".summary-exercise")
        expect(exercises).to_have_count(len(names))
        for index, name in enumerate(names):
            exercise = exercises.nth(index)
            expect(exercise.locator("strong").first).to_have_text(name)
            expect(exercise).to_contain_text(doses[index])
            steps = exercise.locator(".summary-steps > li")
            assert steps.count() >= 2, name
            for step in range(steps.count()):
                expect(steps.nth(step)).to_be_visible()
        summary.pdf(path=tmp_path / "answer.pdf", format="A4")  # prints without an error
    finally:
        context.close()


def _settled(page) -> None:
    """No request on its way, and the history entry written for the step shown (triage.js
    writes it when htmx settles the swap, a moment after the heading shows)."""
    page.wait_for_function(
        """() => !document.querySelector('.htmx-request') && history.state
          && history.state.hipcareTriage === document.getElementById('triage-panel').dataset.step"""
    )


@pytest.mark.parametrize("steps_ahead", [2, 3])
def test_forward_after_a_changed_answer_never_reaches_a_stale_later_step(
    page, live_server, steps_ahead
):
    """QA: Back to step 1, change the answer to "can't put weight on it", Forward: the
    emergency (right); the next Forward showed an old "Step 3 of 4" from before the change."""
    page.goto(live_server.url + "/triage/")
    answer_first_step(page)
    next_button(page).click()
    expect(heading(page)).to_have_text("A few more safety questions")
    answer_safety_step(page)
    next_button(page).click()
    expect(heading(page)).to_have_text("About the pain")
    _settled(page)
    if steps_ahead == 3:
        from tests.e2e.conftest import answer_pain_step

        answer_pain_step(page)
        next_button(page).click()
        expect(heading(page)).to_have_text("About you and your running")
        _settled(page)
    headings = [
        "First, the questions that can't wait",
        "A few more safety questions",
        "About the pain",
    ]
    for back_to in reversed(headings[:steps_ahead]):
        page.go_back()
        expect(heading(page)).to_have_text(back_to)
        _settled(page)

    page.get_by_label("No, I can't put weight on that leg").check()
    page.go_forward()
    expect(heading(page)).to_have_text("Get emergency care now")
    _settled(page)
    page.wait_for_timeout(300)  # any history move the page makes after the swap
    answer = page.locator("[data-tier]")
    # Forward again: nothing stale from before the change. Either there is nothing ahead, or
    # what comes is the answer the current answers give.
    page.go_forward()
    page.wait_for_timeout(500)
    _settled(page)
    expect(page.get_by_text(re.compile(r"Step \d of 4"))).to_have_count(0)
    expect(answer).to_have_attribute("data-tier", "emergency")
    # Back still leads to step 1 with the changed answer in place, and Forward to the answer.
    page.go_back()
    expect(heading(page)).to_have_text("First, the questions that can't wait")
    expect(page.get_by_label("No, I can't put weight on that leg")).to_be_checked()
    page.go_forward()
    expect(heading(page)).to_have_text("Get emergency care now")
