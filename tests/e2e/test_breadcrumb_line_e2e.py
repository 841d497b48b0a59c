"""Every breadcrumb reads as one line on a touch screen (tester, 390x844): its links are 44 px
tall targets, and their words sit on the same baseline as the rest of the trail. The 44 px
"Exercises" link on /exercises/clamshell/ sat lower than "/ Clamshell" beside it."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from routines import services
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, phone_context, sign_in
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)

# Each item of the trail, as laid out: its box, and where the glyphs of each of its words end
# (one font, so the same bottom is the same baseline); and each link's height.
_TRAIL = """() => [...document.querySelectorAll('.breadcrumb')].filter(t => t.checkVisibility())
  .map(trail => {
  const items = [...trail.querySelectorAll('.breadcrumb-item')].map(item => {
    const box = item.getBoundingClientRect(), words = [];
    const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.data.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const first = [...range.getClientRects()].find(r => r.width > 0);
      words.push({text: node.data.trim(), bottom: first.bottom});
    }
    return {top: box.top, bottom: box.bottom, words};
  });
  const links = [...trail.querySelectorAll('a')].map(a => ({
    text: a.textContent.trim(), height: a.getBoundingClientRect().height}));
  return {items, links};
})"""


def rows(items: list[dict]) -> list[list[dict]]:
    """The trail's items by the line they are on (a long trail wraps on a phone): an item
    whose box overlaps the line's so far is on that line."""
    lines: list[list[dict]] = []
    for item in items:
        line = lines[-1] if lines else None
        if line and item["top"] < max(i["bottom"] for i in line) - 1:
            line.append(item)
        else:
            lines.append([item])
    return lines


def templates_with_a_breadcrumb() -> set[str]:
    root = Path(settings.BASE_DIR) / "templates"
    return {
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if re.search(r'class="breadcrumb"', path.read_text())
    }


def test_every_breadcrumb_is_one_line_of_44px_targets_on_a_touch_screen(
    browser, live_server, django_user_model
):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    make_user(django_user_model, "lee", is_staff=True, coach=True, password=PASSWORD)
    clamshell = make_exercise("Clamshell", unilateral=True)
    routine = make_routine(coach, title="Hips, weeks 1-6", exercises=[clamshell])
    services.routine_share(routine=routine)
    item = routine.items.get()
    pages = {
        "exercises/exercise_detail.html": ("sam", f"/exercises/{clamshell.slug}/"),
        "routines/routine_new.html": ("sam", "/routines/new/"),
        "routines/builder.html": ("sam", f"/routines/{routine.pk}/"),
        "routines/routine_edit.html": ("sam", f"/routines/{routine.pk}/edit/"),
        "routines/dose.html": ("sam", f"/routines/{routine.pk}/items/{item.pk}/dose/"),
        "routines/routine_duplicate.html": ("sam", f"/routines/{routine.pk}/duplicate/"),
        "routines/routine_readonly.html": ("lee", f"/routines/{routine.pk}/"),
    }
    # Every page that has a breadcrumb is measured here.
    assert templates_with_a_breadcrumb() == set(pages)
    for template, (username, path) in pages.items():
        context = phone_context(browser)
        page = context.new_page()
        sign_in(page, live_server, username, PASSWORD)
        page.goto(f"{live_server.url}{path}")
        trails = page.evaluate(_TRAIL)
        context.close()
        assert trails, template
        for trail in trails:
            assert len(trail["items"]) >= 2 and trail["links"], (template, trail)
            for link in trail["links"]:
                assert link["height"] >= 44, (template, link)
            for line in rows(trail["items"]):
                words = [word for item in line for word in item["words"]]
                bottoms = [word["bottom"] for word in words]
                assert max(bottoms) - min(bottoms) < 1, (template, words)
