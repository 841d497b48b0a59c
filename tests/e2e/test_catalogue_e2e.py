import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def real_catalogue():
    call_command("load_catalogue", verbosity=0)


def test_runner_filters_to_outer_hip_strength_with_no_equipment_and_reads_a_dose(
    page, live_server, real_catalogue
):
    page.goto(live_server.url + "/exercises/")
    assert_no_axe_violations(page)
    status = page.locator("#results [data-result-count]")
    everything = status.inner_text()

    page.get_by_label("Where it hurts").select_option(label="Outer hip")
    expect(page).to_have_url(re.compile(r"location=outer_side"))
    page.get_by_label("Type").select_option(label="Strength")
    expect(page).to_have_url(re.compile(r"kind=strength"))
    page.get_by_label("Equipment").select_option(label="No equipment")
    expect(page).to_have_url(re.compile(r"equipment=none"))
    expect(status).not_to_have_text(everything)

    cards = page.locator("#results article")
    assert cards.count() >= 1
    # The filtered view is a real URL: loading it afresh gives the same results.
    filtered_url = page.url
    count = cards.count()
    page.goto(filtered_url)
    assert page.locator("#results article").count() == count
    for badge in ("Strength", "No equipment"):
        assert page.locator("#results article").first.get_by_text(badge, exact=True).is_visible()

    first = cards.first.get_by_role("link")
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    dose = page.get_by_role("region", name="How much")
    expect(dose).to_contain_text(re.compile(r"\d+(-\d+)? sets? of \d+"))
    expect(dose).to_contain_text("a week")
    assert_no_axe_violations(page)


def test_catalogue_filters_work_without_javascript(browser, live_server, real_catalogue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/exercises/")
    page.get_by_label("Where it hurts").select_option(label="Outer hip")
    page.get_by_label("Type").select_option(label="Strength")
    page.get_by_role("button", name="Apply filters").click()
    assert "location=outer_side" in page.url and "kind=strength" in page.url
    assert page.locator("#results article").count() >= 1
    context.close()
