import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_no_axe_violations,
    assert_thumb_sized,
    choice_targets,
    phone_context,
    sign_in,
)

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
    page.get_by_role("group", name="What I have").get_by_label("Nothing").check()
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
    # The click returns once the new page is on its way (committed), not parsed: count() does
    # not wait, so the page is read once it has loaded.
    page.wait_for_load_state()
    assert "location=outer_side" in page.url and "kind=strength" in page.url
    assert page.locator("#results article").count() >= 1
    context.close()


def test_runner_ticks_what_they_have_and_searches_in_their_own_words(
    page, live_server, real_catalogue
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/exercises/")
    have = page.get_by_role("group", name="What I have")
    have.get_by_label("Mat").check()
    expect(page).to_have_url(re.compile(r"equipment=mat"))
    have.get_by_label("Resistance band").check()
    expect(page).to_have_url(re.compile(r"equipment=mat.*equipment=resistance-band"))
    cards = page.locator("#results article")
    expect(cards.filter(has_text="Banded Clamshell")).to_have_count(1)
    expect(cards.filter(has_text="Hip Thrust")).to_have_count(0)  # needs a bench and weights

    search = page.get_by_label("Search")
    search.fill("clam shells")
    expect(page).to_have_url(re.compile(r"q=clam(\+|%20)shells"))
    expect(cards.first).to_contain_text("Clamshell")
    # One slip from a name: that name's results, and a way to search what was typed.
    search.fill("clamshelk")
    expect(page.locator("[data-showing-results-for]")).to_contain_text(
        "Showing results for Clamshell"
    )
    expect(cards.first).to_contain_text("Clamshell")
    # axe checks colours as drawn: wait until the "Updating…" indicator has faded out (CI
    # caught it half-transparent once).
    expect(page.locator("#results-loading")).to_have_css("opacity", "0")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Search instead for “clamshelk”").click()
    expect(page).to_have_url(re.compile(r"exact=1"))
    expect(page.get_by_text("Did you mean")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_text("Did you mean").get_by_role("link").first.click()
    expect(page.locator("#results article").first).to_contain_text("Clamshell")
    # The ticked equipment survived the suggestion: it is part of the address.
    assert "equipment=mat" in page.url


def test_each_catalogue_change_is_one_step_back(page, live_server, real_catalogue):
    """One change, one history entry: a filter's change then "Apply filters" send the same
    address twice but add one step; leaving the search box sends nothing."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/exercises/")
    start = page.url
    steps = lambda: page.evaluate("history.length")  # noqa: E731
    length = steps()

    def settled(action, expected: str | None = None):
        with page.expect_response(lambda r: "/exercises/?" in r.url):
            action()
        if expected:
            expect(page).to_have_url(re.compile(expected))
        page.wait_for_timeout(300)  # htmx pushes the address after the swap settles
        return page.url

    after_kind = settled(
        lambda: page.get_by_label("Type").select_option(label="Strength"), "kind=strength"
    )
    assert steps() == length + 1
    what_i_have = page.get_by_role("group", name="What I have")
    after_mat = settled(lambda: what_i_have.get_by_label("Mat").check(), "equipment=mat")
    assert steps() == length + 2
    # "Apply filters" after the change that already applied them: no step of its own.
    settled(lambda: page.get_by_role("button", name="Apply filters").click())
    assert steps() == length + 2 and page.url == after_mat
    after_search = settled(lambda: page.get_by_label("Search").fill("bridge"), "q=bridge")
    assert steps() == length + 3
    # Leaving the search box sends nothing: the search already ran as it was typed. (It used to
    # send it again, on the box's change event; clicking a result's link right after typing
    # blurred the box, and that search's answer, pushing its address, could cancel the link's
    # page load: CI lost a click on "Search instead for ..." that way.)
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "/exercises/?" in r.url else None)
    page.get_by_label("Level").focus()
    page.wait_for_timeout(800)
    assert sent == []
    assert steps() == length + 3 and page.url == after_search

    page.get_by_role("link", name="Clear").click()
    expect(page).to_have_url(live_server.url + "/exercises/")
    page.go_back()
    expect(page).to_have_url(after_search)
    expect(page.get_by_label("Search")).to_have_value("bridge")
    first = page.locator("#results article").first.get_by_role("link")
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    # Each Back undoes one change. (htmx reloads a page it kept no snapshot of, which
    # would cut short Playwright's go_back: the browser's own Back, then the address. It is
    # asked for in a timer, so the evaluation has returned before the page goes: called
    # directly, the Back's navigation could destroy the page the evaluation ran in, as on CI.)
    for address in (after_search, after_mat, after_kind, start):
        page.evaluate("setTimeout(() => history.back(), 0)")
        expect(page).to_have_url(address)
        expect(page.locator("#results [data-result-count]")).to_be_visible()
    expect(page.get_by_label("Type")).to_have_value("")


@pytest.mark.parametrize("where", ["catalogue", "builder"])
def test_each_filter_tick_box_is_a_thumb_sized_target_on_a_phone(
    browser, live_server, django_user_model, where
):
    """Fresh tester: the "What I have" tick boxes were 16x16 px on a phone while every other
    control is 44 px. Each option, box and words, is now one target at least 44 px tall
    (tests/e2e/conftest.choice_targets, as the log and the checker are measured), on
    /exercises/ and in the builder; a tap on the words ticks the box and filters."""
    from tests.conftest import make_equipment, make_exercise, make_user
    from tests.routines.conftest import make_routine

    band = make_equipment("band", name="Resistance band")
    make_equipment("dumbbell", name="Dumbbell")
    make_exercise("Banded walk", equipment=[band])
    make_exercise("Bridge")
    context = phone_context(browser)
    try:
        page = context.new_page()
        if where == "builder":
            coach = make_user(django_user_model, "sam", coach=True, password="correct-horse-1")
            routine = make_routine(coach, title="Hips", exercises=[])
            sign_in(page, live_server, "sam", "correct-horse-1")
            page.goto(live_server.url + routine.get_absolute_url())
        else:
            page.goto(live_server.url + "/exercises/")
        assert page.evaluate("matchMedia('(pointer: coarse)').matches")
        targets = choice_targets(page, "form.filters .form-check")
        assert len(targets) >= 3 and {t["group"] for t in targets} == {"equipment"}
        assert_thumb_sized(targets)
        group = page.get_by_role("group", name="What I have")
        group.get_by_text("Resistance band", exact=True).tap()
        expect(group.get_by_label("Resistance band", exact=True)).to_be_checked()
        expect(page).to_have_url(re.compile(r"equipment=band"))
    finally:
        context.close()
