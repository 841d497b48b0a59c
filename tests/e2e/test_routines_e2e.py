"""A coach builds a routine in the browser, prints it and shares it with a runner."""

import re

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, assert_no_axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue():
    strength = [
        make_exercise(name, loadable=True)
        for name in ["Glute bridge", "Clamshell", "Side plank", "Step-up"]
    ]
    make_exercise("Pigeon stretch", kind=Exercise.Kind.STRETCH, unilateral=True)
    return strength


def panel_names(page) -> list[str]:
    return [
        name.strip() for name in page.locator("#routine-panel .routine-item h3 a").all_inner_texts()
    ]


def test_a_coach_builds_doses_prints_and_shares_a_routine(
    page, live_server, browser, django_user_model, catalogue
):
    make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    sign_in(page, live_server, "sam", PASSWORD)

    # Create the routine.
    page.goto(f"{live_server.url}/routines/new/")
    page.get_by_label("Title").fill("Hips, weeks 1-6")
    page.get_by_label("Who it is for").fill("J.K.")
    page.get_by_role("button", name="Create and open the builder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hips, weeks 1-6")
    page.wait_for_load_state()  # htmx and our script are deferred: let them start
    page.evaluate("window.builderLoadedOnce = true")  # gone if the page reloads

    # Filter the catalogue without reloading the page.
    catalogue_results = page.locator("#catalogue-results")
    page.get_by_label("Type").select_option("strength")
    expect(catalogue_results).to_contain_text("4 exercises match your filters")
    expect(catalogue_results).not_to_contain_text("Pigeon stretch")
    expect(page).to_have_url(re.compile(r"kind=strength"))

    # Add four exercises with htmx.
    panel = page.locator("#routine-panel")
    for n, name in enumerate(["Glute bridge", "Clamshell", "Side plank", "Step-up"], start=1):
        catalogue_results.get_by_role("button", name=f"Add {name}").click()
        expect(panel).to_contain_text(f"{n} exercise")
        expect(page.locator("#routine-notice")).to_have_text(f"Added {name} as number {n}.")
    assert panel_names(page) == ["Glute bridge", "Clamshell", "Side plank", "Step-up"]

    # Reorder by keyboard: the focus stays on the button that was pressed.
    bridge = Routine.objects.get().items.get(exercise__slug="glute-bridge")
    move_down = page.locator(f"#move-down-{bridge.pk}")
    move_down.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#routine-notice")).to_have_text("Moved Glute bridge to number 2 of 4.")
    assert panel_names(page) == ["Clamshell", "Glute bridge", "Side plank", "Step-up"]
    expect(page.locator(f"#move-down-{bridge.pk}")).to_be_focused()

    # Edit a dose in place: opening "Change the dose" fetches the form and puts the focus in
    # its first field. A mistake first, shown beside the field, then the fix.
    item = page.locator(f"#item-{bridge.pk}")
    item.get_by_text("Change the dose").click()
    expect(item.get_by_label("Sets")).to_be_focused()
    item.get_by_label("Reps").fill("15-12")
    item.get_by_role("button", name="Save dose").click()
    error = page.locator(f"#id_item-{bridge.pk}-work_error")
    expect(error).to_contain_text("The range runs backwards: write the smaller number first")
    expect(page.locator(f"#id_item-{bridge.pk}-work")).to_be_focused()
    item = page.locator(f"#item-{bridge.pk}")
    item.get_by_label("Reps").fill("8-10")
    item.get_by_label("Sets").fill("3")
    item.get_by_role("button", name="Save dose").click()
    expect(page.locator(f"#item-{bridge.pk} .dose-line")).to_have_text("3 x 8-10, twice a week")
    # The focus moves to the saved item once htmx has settled the swap; wait for it, or the keys
    # pressed next can land before it moves and act on the heading instead.
    expect(page.locator(f"#item-{bridge.pk}-heading")).to_be_focused()
    assert page.evaluate("window.builderLoadedOnce") is True  # all of it without a reload

    # By keyboard: Enter on "Change the dose" opens it, and Tab goes on through the fields.
    step_up = Routine.objects.get().items.get(exercise__slug="step-up")
    page.locator(f"#item-{step_up.pk} summary").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#id_item-{step_up.pk}-sets")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(f"#id_item-{step_up.pk}-work")).to_be_focused()

    assert_no_axe_violations(page)

    # Share, then print.
    page.get_by_role("button", name="Create a share link").click()
    share_url = page.locator("#share-link").inner_text().strip()
    assert share_url.startswith(f"{live_server.url}/r/")
    page.get_by_role("link", name="Print view").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hips, weeks 1-6")
    expect(page.locator(".sheet-exercise h3")).to_have_text(
        ["1. Clamshell", "2. Glute bridge", "3. Side plank", "4. Step-up"]
    )
    expect(page.get_by_text("3 x 8-10, twice a week")).to_be_visible()
    expect(page.get_by_role("img", name="QR code of the routine's link")).to_be_visible()
    assert_no_axe_violations(page)

    # The runner opens the link in a fresh browser, signed out.
    runner_context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        runner = runner_context.new_page()
        other_hosts: list[str] = []
        runner.on(
            "request",
            lambda r: (
                other_hosts.append(r.url)
                if not r.url.startswith((live_server.url, "data:"))
                else None
            ),
        )
        runner.goto(share_url)
        expect(runner.get_by_role("heading", level=1)).to_have_text("Hips, weeks 1-6")
        expect(runner.get_by_role("link", name="Sign in")).to_be_visible()
        expect(runner.get_by_text("3 x 8-10, twice a week")).to_be_visible()
        assert runner.get_by_role("button", name=re.compile("Move|Remove|Save")).count() == 0
        assert_no_axe_violations(runner)
        assert other_hosts == []
    finally:
        runner_context.close()


def test_without_javascript_a_dose_is_changed_on_its_own_page(
    browser, live_server, django_user_model, catalogue
):
    from tests.routines.conftest import make_routine

    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    routine = make_routine(coach, title="Hips", exercises=catalogue[:2])
    bridge = routine.items.get(exercise__slug="glute-bridge")
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        # The catalogue's filters survive the trip to the dose page and back.
        builder = f"{routine.get_absolute_url()}?kind=strength"
        page.goto(live_server.url + builder)
        item = page.locator(f"#item-{bridge.pk}")
        item.get_by_text("Change the dose").click()
        item.get_by_role("link", name="Open the dose form for Glute bridge").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Change the dose of Glute bridge")
        page.get_by_label("Sets").fill("3")
        page.get_by_label("Reps").fill("8-10")
        page.get_by_role("button", name="Save dose").click()
        expect(page).to_have_url(f"{live_server.url}{builder}#item-{bridge.pk}")
        expect(page.get_by_label("Type")).to_have_value("strength")
        expect(page.locator(f"#item-{bridge.pk} .dose-line")).to_have_text("3 x 8-10, twice a week")
        # The item's buttons share one form; each posts to its own address.
        direction, now = ("down", "2.") if bridge.position == 1 else ("up", "1.")
        item = page.locator(f"#item-{bridge.pk}")
        item.get_by_role("button", name=f"Move {direction}").click()
        expect(page.locator(f"#item-{bridge.pk} h3")).to_contain_text(f"{now} Glute bridge")
        page.locator(f"#item-{bridge.pk}").get_by_role("button", name="Remove").click()
        expect(page.locator(f"#item-{bridge.pk}")).to_have_count(0)
        expect(page.locator(".routine-item")).to_have_count(1)
    finally:
        context.close()


def test_the_list_new_edit_and_dose_pages_have_no_axe_violations(
    page, live_server, django_user_model, catalogue
):
    from tests.routines.conftest import make_routine

    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    routine = make_routine(coach, title="Hips", for_whom="JK", exercises=catalogue[:2])
    sign_in(page, live_server, "sam", PASSWORD)
    for path in [
        "/routines/",
        "/routines/new/?exercise=glute-bridge&exercise=no-such-move",
        f"/routines/{routine.pk}/edit/",
        f"/routines/{routine.pk}/items/{routine.items.first().pk}/dose/",
    ]:
        page.goto(live_server.url + path)
        assert_no_axe_violations(page)
    # a form sent back with errors is checked too
    page.goto(live_server.url + "/routines/new/")
    page.get_by_role("button", name="Create and open the builder").click()
    expect(page.get_by_text("Give the routine a title.")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("javascript", [True, False])
def test_enter_in_a_place_box_moves_that_item(
    browser, live_server, django_user_model, catalogue, javascript
):
    """Enter in an item's Place box moves that item (the shared form's default button), with
    htmx and without JavaScript."""
    from tests.routines.conftest import make_routine

    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    routine = make_routine(coach, title="Hips", exercises=catalogue[:3])
    last = routine.items.get(position=3)
    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(live_server.url + routine.get_absolute_url())
        page.wait_for_load_state()
        name = last.exercise.name
        page.locator(f"#place-{last.pk}").fill("1")
        page.locator(f"#place-{last.pk}").press("Enter")
        if javascript:
            expect(page.locator("#routine-notice")).to_have_text(f"Moved {name} to number 1 of 3.")
        else:
            expect(page.get_by_text(f"Moved {name} to number 1 of 3.")).to_be_visible()
        expect(page.locator(f"#item-{last.pk} h3")).to_contain_text(f"1. {name}")
        assert panel_names(page)[0] == name
    finally:
        context.close()
