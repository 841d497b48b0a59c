"""Exercise pictures in a real browser: five exercise pages, one for each kind of body position,
are screenshotted for review (outside the repository), and axe finds nothing on them.

Screenshots go to $HIPCARE_SCREENSHOT_DIR, or to hipcare-screenshots in the temporary folder."""

import os
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = {
    "standing": "squat",
    "lying-on-the-back": "glute-bridge",
    "side-lying": "clamshell",
    "all-fours": "fire-hydrant",
    "kneeling": "half-kneeling-hip-flexor-stretch",
}


def screenshot_folder() -> Path:
    default = Path(tempfile.gettempdir()) / "hipcare-screenshots"
    folder = Path(os.environ.get("HIPCARE_SCREENSHOT_DIR") or default)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_every_figure_at_thumbnail_and_page_size_is_screenshotted_for_review(page, live_server):
    """Each exercise's card thumbnail (drawn with thumbnail line weights) and its page-sized
    start and end drawings, one file each, to look at after changing the renderer or a pose.
    On the way, the five exercise pages of PAGES (one per body position) and the catalogue's
    first page show their pictures, pass axe, and are screenshotted whole."""
    from exercises.models import Exercise

    call_command("load_catalogue", verbosity=0)
    review = screenshot_folder()
    folder = review / "every-figure"
    folder.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    slugs = list(Exercise.objects.published().values_list("slug", flat=True))
    shot = set()
    for number in (1, 2):
        page.goto(f"{live_server.url}/exercises/" + ("" if number == 1 else f"?page={number}"))
        for card in page.locator("#results article").all():
            thumb = card.locator(".exercise-thumb img")
            thumb.scroll_into_view_if_needed()  # they load lazily
            page.wait_for_function(
                "image => image.complete && image.naturalWidth > 0", arg=thumb.element_handle()
            )
            assert "small=1" in thumb.get_attribute("src")
            assert 90 <= thumb.bounding_box()["width"] <= 110
            slug = card.get_by_role("link").first.get_attribute("href").strip("/").split("/")[-1]
            thumb.screenshot(path=folder / f"{slug}-thumbnail.png")
            shot.add(slug)
        if number == 1:
            # Each thumbnail is the figure's own SVG file, loaded and described by its alt text.
            thumbnails = page.locator("#results article .exercise-thumb img[alt]")
            expect(thumbnails).to_have_count(20)
            for n in range(20):
                expect(thumbnails.nth(n)).not_to_have_attribute("alt", "")
            assert_no_axe_violations(page)
            page.screenshot(path=review / "catalogue.png", full_page=True)
    assert shot == set(slugs)
    positions = {slug: position for position, slug in PAGES.items()}
    assert set(positions) <= set(slugs)
    for slug in slugs:
        page.goto(f"{live_server.url}/exercises/{slug}/")
        figures = page.locator(".exercise-figures")
        expect(figures.locator("svg")).to_have_count(2)
        figures.screenshot(path=folder / f"{slug}-page.png")
        if slug in positions:
            drawings = page.locator(".exercise-figure svg")
            expect(drawings).to_have_count(2)
            for n in range(2):
                assert drawings.nth(n).bounding_box()["width"] > 250, slug
            expect(page.locator(".exercise-figure figcaption").first).to_contain_text("Start.")
            muscles = page.get_by_role("region", name="Muscles it works")
            expect(muscles).to_contain_text("Mainly")
            assert_no_axe_violations(page)
            page.screenshot(path=review / f"{positions[slug]}-{slug}.png", full_page=True)
