"""A catalogue editor (staff, not a superuser) edits an exercise in Django admin: the figure
preview follows the pose before saving, and steps are reordered by dragging."""

import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from exercises.catalogue import CATALOGUE_EDITORS_GROUP
from exercises.models import Exercise
from tests.conftest import make_exercise, make_location, make_muscle, make_user

pytestmark = pytest.mark.django_db(transaction=True)

POSE = {
    "view": "side",
    "start": {},
    "end": {"near_hip": 90, "near_knee": 90},
    "moving": ["near_leg"],
    "start_alt": "Standing tall.",
    "end_alt": "Standing on one leg, the other knee raised to hip height.",
}
# Screenshots to look at when changing the admin (not kept in the repository).
SCREENSHOTS = Path(os.environ.get("HIPCARE_SCREENSHOTS", tempfile.gettempdir()))


@pytest.fixture
def editor(django_user_model):
    user = make_user(django_user_model, "editor", is_staff=True, password="editor-pass-123")
    user.groups.add(Group.objects.get(name=CATALOGUE_EDITORS_GROUP))
    return user


def test_an_editor_changes_a_joint_angle_sees_the_preview_then_reorders_steps_and_saves(
    page, live_server, editor
):
    exercise = make_exercise(
        "Standing knee raise",
        muscles=[make_muscle("hip-flexors")],
        locations=[make_location("front_groin")],
        steps=("Stand tall.", "Raise one knee.", "Lower it slowly."),
        figure=POSE,
    )
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("editor-pass-123")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Exercises", exact=True)).to_be_visible()

    page.goto(f"{live_server.url}/admin/exercises/exercise/{exercise.pk}/change/")
    page.get_by_text("Pictures", exact=True).click()
    preview = page.locator("#figure-preview")
    end_drawing = preview.locator("figure").nth(1).locator("svg")
    expect(end_drawing).to_be_visible()
    before = end_drawing.inner_html()

    # Bend the knee less: the preview redraws before anything is saved.
    box = page.locator("#id_figure")
    box.fill(json.dumps({**POSE, "end": {"near_hip": 90, "near_knee": 20}}, indent=2))
    expect(end_drawing).not_to_have_js_property("innerHTML", before)
    page.wait_for_function(
        "before => document.querySelectorAll('#figure-preview svg')[1]?.innerHTML !== before",
        arg=before,
    )
    assert Exercise.objects.get(pk=exercise.pk).figure == POSE

    # A typo gets a message beside the box, and fixing it brings the drawings back.
    box.fill('{"view": "side",\n "start": {}\n "end": {}}')
    expect(preview.locator(".errorlist")).to_contain_text("Line 3, column 2")
    box.fill(json.dumps({**POSE, "end": {"near_hip": 90, "near_knee": 250}}))
    expect(preview.locator(".errorlist")).to_contain_text("near knee is 250°")
    box.fill(json.dumps({**POSE, "end": {"near_hip": 90, "near_knee": 20}}, indent=2))
    expect(preview.locator("svg")).to_have_count(2)
    preview.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "admin-figure-preview.png")

    # Drag the second step above the first.
    rows = page.locator("#steps-group tbody tr.has_original")
    expect(rows).to_have_count(3)
    rows.first.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "admin-steps.png")
    second_handle = rows.nth(1).locator("td.original p")
    first_handle = rows.nth(0).locator("td.original p")
    second_handle.drag_to(first_handle)
    expect(rows.nth(0).locator("textarea")).to_have_value("Raise one knee.")

    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    exercise.refresh_from_db()
    assert [step.text for step in exercise.steps.all()] == [
        "Raise one knee.",
        "Stand tall.",
        "Lower it slowly.",
    ]
    assert exercise.figure["end"] == {"near_hip": 90, "near_knee": 20}
    assert not editor.is_superuser
    assert re.search(r"/admin/exercises/exercise/$", page.url)


# What axe still finds on the exercise form is Django's own admin markup, not ours: the search
# icon of filter_horizontal's lists (sources, harder versions) is a span with an aria-label,
# and a tabular inline's first column heading is empty.
DJANGOS_OWN = {
    "aria-prohibited-attr": '<span class="help-tooltip search-label-icon" aria-label=',
    "empty-table-header": '<th class="original"></th>',
}


def admin_axe_violations(page) -> list[str]:
    """axe's findings on the page, less DJANGOS_OWN: "rule: target html" for each node. Run
    without axe's preloading of the page's style sheets, which the admin's CSP refuses."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"], "preload": False})
    return [
        f"{violation['id']}: {node['target']} {node['html'][:120]}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
        if not node["html"].startswith(DJANGOS_OWN.get(violation["id"], "\0"))
    ]


def test_the_exercise_forms_boxes_all_have_names_for_axe(page, live_server, editor):
    """The add and change forms: the steps' and muscles' boxes in their table rows, the muscle
    (a plain drop-down, no select2 box without a name), equipment and pain as boxes to tick
    (no filter lists with aria-label on a span)."""
    exercise = make_exercise(
        "Standing knee raise",
        muscles=[make_muscle("hip-flexors")],
        locations=[make_location("front_groin")],
        figure=POSE,
    )
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("editor-pass-123")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Exercises", exact=True)).to_be_visible()
    for url in (
        "/admin/exercises/exercise/add/",
        f"/admin/exercises/exercise/{exercise.pk}/change/",
    ):
        page.goto(live_server.url + url)
        expect(page.get_by_role("textbox", name="Step").first).to_be_visible()
        expect(page.get_by_role("combobox", name="Muscle").first).to_be_visible()
        expect(page.get_by_role("combobox", name="Role").first).to_be_visible()
        violations = admin_axe_violations(page)
        assert violations == [], (url, violations)
