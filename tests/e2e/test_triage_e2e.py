import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def real_catalogue():
    call_command("load_catalogue", verbosity=0)


def fill_baseline(page, *, location="On the outer side of the hip"):
    page.get_by_text(location).click()  # the picture card is the radio button's label
    page.get_by_label("Gradually").check()
    page.get_by_label("How many days have you had it?").fill("10")
    page.get_by_label("I haven't tried easing off").check()
    page.get_by_label("How bad is the pain at its worst").fill("4")
    page.get_by_label("Yes, I can stand and walk on it normally").check()
    page.get_by_label("How old are you?").fill("35")


def test_runner_gets_a_self_care_answer_in_place_with_a_starter_routine(
    page, live_server, real_catalogue
):
    page.goto(live_server.url + "/triage/")
    assert_no_axe_violations(page)
    fill_baseline(page)
    expect(page.locator("#id_location_1")).to_be_checked()
    page.get_by_role("button", name="See what to do").click()
    result = page.locator("[data-tier]")
    expect(result).to_have_attribute("data-tier", "self_care")
    # htmx swapped the result in without a page load: the URL is still /triage/ (a POST
    # without htmx would also stay there, so check the form is gone and focus moved).
    expect(page.locator("form.triage-form")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    starter = page.locator("ol.starter li")
    assert 4 <= starter.count() <= 6
    assert_no_axe_violations(page)
    # The answer prints on one A4 page (the print stylesheet hides the rest of the site).
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1


@pytest.mark.parametrize(
    ("extra", "tier", "rule"),
    [
        ("Does the pain wake you up", "see_professional", "night-or-rest-pain"),
        ("Do you have a temperature", "urgent", "fever"),
        ("Is there numbness around your bottom", "emergency", "saddle-numbness-or-bladder-change"),
    ],
)
def test_each_tier_has_an_accessible_answer_page(
    page, live_server, real_catalogue, extra, tier, rule
):
    page.goto(live_server.url + "/triage/")
    fill_baseline(page)
    page.get_by_label(extra).check()
    page.get_by_role("button", name="See what to do").click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", tier)
    expect(page.locator(f'[data-rule="{rule}"]')).to_be_visible()
    if tier in ("urgent", "emergency"):
        expect(page.locator("ol.starter")).to_have_count(0)
    assert_no_axe_violations(page)


def test_missing_answers_come_back_with_messages_and_keep_what_was_entered(page, live_server):
    page.goto(live_server.url + "/triage/")
    page.get_by_label("How old are you?").fill("35")
    page.get_by_label("Does the pain wake you up").check()
    page.get_by_role("button", name="See what to do").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Some answers need another look")
    expect(alert).to_be_focused()
    expect(page.get_by_label("How old are you?")).to_have_value("35")
    expect(page.get_by_label("Does the pain wake you up")).to_be_checked()
    assert_no_axe_violations(page)


def test_symptom_checker_works_without_javascript(browser, live_server, real_catalogue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/triage/")
    fill_baseline(page, location="At the front of the hip or in the groin")
    page.get_by_label("Have you recently stepped up").check()
    page.get_by_label("Does the pain wake you up").check()
    page.get_by_role("button", name="See what to do").click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "urgent")
    expect(page.locator('[data-rule="suspected-stress-fracture"]')).to_be_visible()
    context.close()
