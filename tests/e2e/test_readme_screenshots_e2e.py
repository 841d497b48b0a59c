"""The screenshots at the top of the README, taken from the running app so they stay current:
the symptom checker's answer, the coach's routine builder, and the runner's handout.

`make screenshots` writes them to docs/screenshots/ (commit them when a page's look changes);
any other run writes them to a temporary folder, so running the tests leaves the checkout as it
was. The folder is $HIPCARE_README_SCREENSHOTS when set. The pages are
found by what they are (the answer's data-tier, the builder's routine panel, the shared sheet),
not by their wording, so the test keeps working while those pages are reworked."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from exercises.models import Exercise
from routines import services
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)

ROUTINE = ("clamshell", "glute-bridge", "single-leg-romanian-deadlift", "figure-4-stretch")


@pytest.fixture
def real_catalogue():
    call_command("load_catalogue", verbosity=0)


def test_the_readme_screenshots_are_taken_from_the_app(
    page, live_server, real_catalogue, django_user_model, tmp_path
):
    # The checker's own tests keep a self-care answer set, field name to value: fill that in.
    from tests.triage.test_views import BASELINE

    folder = Path(os.environ.get("HIPCARE_README_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1200, "height": 860})

    # 1. The symptom checker's answer for a runner who can look after it themselves.
    page.goto(f"{live_server.url}/triage/")
    answer = page.locator("[data-tier]")
    for _step in range(10):  # one question page at a time, until the answer shows
        if answer.count():
            break
        form = page.locator("main form").filter(has=page.locator("[type=submit]")).first
        for name, value in BASELINE.items():
            field = form.locator(f"[name={name}]")
            if not field.count():
                continue
            kind = field.first.get_attribute("type")
            if kind in ("radio", "checkbox"):
                form.locator(f"[name={name}][value={value}]").check(force=True)
            elif field.first.evaluate("element => element.tagName") == "SELECT":
                field.select_option(value)
            elif kind != "hidden":
                field.fill(value)
        # A question the answer set does not cover: "no" where it is offered.
        form.locator("input[type=radio]").evaluate_all(
            """inputs => {
                const groups = new Set(inputs.map(i => i.name));
                for (const name of groups) {
                    const group = inputs.filter(i => i.name === name);
                    if (group.some(i => i.checked)) continue;
                    const no = group.find(i => i.value === "no")
                        || group.find(i => /^no\b/i.test(i.labels[0]?.textContent.trim() || ""));
                    if (no) no.checked = true;
                }
            }"""
        )
        form.locator("[type=submit]").first.click()  # Next, before "Previous step"
        page.wait_for_load_state()
        page.wait_for_timeout(300)
    expect(answer).to_have_attribute("data-tier", "self_care")  # nothing worrying answered
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=folder / "checker-answer.png")

    # 2. A coach's builder with a routine of four moves.
    coach = make_user(
        django_user_model,
        "readme-coach",
        coach=True,
        password="readme-pass-1",
        first_name="Alex",
        last_name="Morgan",
    )
    by_slug = {exercise.slug: exercise for exercise in Exercise.objects.filter(slug__in=ROUTINE)}
    routine = services.routine_create(
        owner=coach,
        title="Outer hip, weeks 1-4",
        for_whom="J.K.",
        exercises=[by_slug[slug] for slug in ROUTINE],
    )
    page.goto(f"{live_server.url}/accounts/login/?next={routine.get_absolute_url()}")
    page.get_by_label("Username").fill("readme-coach")
    page.get_by_label("Password").fill("readme-pass-1")
    page.locator("main form").get_by_role("button").last.click()
    expect(page.get_by_text("Clamshell").first).to_be_visible()
    page.screenshot(path=folder / "builder.png")

    # 3. The runner's handout: the shared, read-only page of the same routine, as the runner
    # sees it (not signed in).
    token = services.routine_share(routine=routine)
    runner = page.context.browser.new_context(viewport={"width": 1200, "height": 860})
    try:
        handout = runner.new_page()
        handout.goto(f"{live_server.url}/r/{token}/")
        expect(handout.get_by_text("Glute Bridge").first).to_be_visible()
        handout.screenshot(path=folder / "handout.png")
    finally:
        runner.close()

    for name in ("checker-answer", "builder", "handout"):
        assert (folder / f"{name}.png").stat().st_size > 10_000, name
