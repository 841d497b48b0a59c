"""A coach's pages on a phone (tester, 390x844). Every table reads: no name breaks inside a
word, every column can be reached (the table slides sideways in a region a keyboard can scroll,
each row's name kept in view), and the page itself never slides sideways. And nothing fixed or
sticky (the builder's routine bar, the page's alert, a table's sticky column) covers a form
field, button or link once it is scrolled to, as a link to it or the keyboard's focus scrolls."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, assert_no_axe_violations, phone_context, sign_in
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def coached(django_user_model):
    """Coach "sam" with routines for runners whose names a narrow column broke ("Zoë"), one
    shared and logged for some weeks (the builder's week table), one needing a look."""
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    make_user(django_user_model, "lee", is_staff=True, coach=True, password=PASSWORD)
    moves = [
        make_exercise("Banded Clamshell", loadable=True, unilateral=True),
        make_exercise("Single-leg Romanian deadlift", loadable=True, unilateral=True),
        make_exercise("Side-lying hip abduction"),
    ]
    for title, whom in [
        ("Strength for the marathon block", "Anne-Marie Featherstonehaugh"),
        ("Glutes", "Siobhán"),
    ]:
        make_routine(coach, title=title, for_whom=whom, exercises=moves)
    routine = make_routine(coach, title="Hips, weeks 1-6", for_whom="Zoë", exercises=moves)
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=4))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    items = list(routine.items.all())
    today = timezone.localdate()
    for days_ago, pain in ((1, 2), (9, 3), (16, 2), (23, 7)):
        services.session_log(
            routine=routine,
            day=today - timedelta(days=days_ago),
            pain=pain,
            done=[(item.pk, "all") for item in items],
        )
    return routine


# For each table on the page: the words of its cells that are split over two lines (a break
# inside a word), whether its region scrolls and can be scrolled by keyboard, each cell that
# cannot be brought fully into view and tapped, and each row name out of view once the table
# is slid to its far end.
_TABLES = """() => [...document.querySelectorAll('main table')].filter(t => t.checkVisibility())
  .map(table => {
  const broken = [];
  const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest('caption, .visually-hidden')) continue;
    for (const m of node.data.matchAll(/[^\\s\\-\\u2013\\u2014/,:()]+/gu)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
        .map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  const region = table.closest('.table-responsive') || table.parentElement;
  const scrolls = region.scrollWidth > region.clientWidth + 1;
  const sticky = c => getComputedStyle(c).position === 'sticky';
  const unreachable = [];
  for (const row of table.rows) {
    const stuck = [...row.cells].filter(sticky).reduce((w, c) => w + c.offsetWidth, 0);
    for (const cell of row.cells) {
      region.scrollLeft = sticky(cell) ? 0 : cell.offsetLeft - stuck;
      cell.scrollIntoView({block: 'center', inline: 'nearest'});
      const r = cell.getBoundingClientRect(), b = region.getBoundingClientRect();
      const inView = r.left >= Math.max(b.left, 0) - 1
        && r.right <= Math.min(b.right, innerWidth) + 1;
      const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
      if (!inView || !cell.contains(hit)) unreachable.push(cell.textContent.trim().slice(0, 30));
    }
  }
  region.scrollLeft = region.scrollWidth;
  const left = region.getBoundingClientRect().left;
  const namesOutOfView = [...table.querySelectorAll('th[scope=row]')]
    .filter(th => th.getBoundingClientRect().left < left - 1).map(th => th.textContent.trim());
  region.scrollLeft = 0;
  return {
    table: table.className, broken, scrolls, unreachable, namesOutOfView,
    keyboard: region.tabIndex === 0 && region.getAttribute('role') === 'region'
      && !!region.getAttribute('aria-label'),
  };
})"""


def _tables_read_on_a_phone(page) -> list[dict]:
    tables = page.evaluate(_TABLES)
    assert tables, "no table on the page"
    for table in tables:
        assert table["broken"] == [], table
        assert table["unreachable"] == [], table
        if table["scrolls"]:
            assert table["keyboard"], table
            assert table["namesOutOfView"] == [], table
    # The page itself never slides sideways: only a table's region does.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    return tables


@pytest.mark.parametrize("who", ["sam", "lee"], ids=["coach", "staff: everyone's"])
def test_the_routines_list_reads_on_a_phone(browser, live_server, coached, who):
    context = phone_context(browser)
    try:
        page = context.new_page()
        sign_in(page, live_server, who, PASSWORD)
        query = "?everyone=on" if who == "lee" else ""
        page.goto(live_server.url + reverse("routines:list") + query)
        (table,) = _tables_read_on_a_phone(page)
        assert table["scrolls"]  # six or seven columns do not fit 390 px: it slides
        for heading in ("Changed", "Shared"):
            assert page.get_by_role("columnheader", name=heading).is_visible()
        # Tab reaches the region, and the arrow keys slide it.
        region = page.get_by_role("region", name="Routines")
        region.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "() => document.querySelector('.routine-table').closest('[role=region]').scrollLeft > 0"
        )
        assert_no_axe_violations(page)
    finally:
        context.close()


def test_the_builders_week_table_reads_on_a_phone(browser, live_server, coached):
    context = phone_context(browser)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(live_server.url + coached.get_absolute_url())
        (table,) = _tables_read_on_a_phone(page)
        assert "log-weeks" in table["table"] and table["scrolls"]
    finally:
        context.close()


# Each form field, button and link of the page (outside the fixed things themselves) that is
# covered by something else once scrolled to: as a link to it scrolls (scrollIntoView, to the
# window's foot) and as the keyboard's focus does (from just below the window). A tap at any
# of nine points across it must reach it (or its label).
_COVERED = """() => {
  const fixedOrSticky = e => ['fixed', 'sticky'].includes(getComputedStyle(e).position);
  const controls = [...document.querySelectorAll(
      'main :is(input:not([type=hidden]), textarea, select, button, a[href], summary)')]
    .filter(e => e.checkVisibility({visibilityProperty: true}) && !e.disabled);
  const covered = [];
  for (const el of controls) {
    for (const how of ['scrolled to', 'focused']) {
      if (how === 'scrolled to') {
        el.scrollIntoView({block: 'end'});
      } else {
        const top = el.getBoundingClientRect().top;
        window.scrollBy(0, top - innerHeight + 4);
        el.focus();
      }
      // A link over two lines: the middle of each line; anything else: nine points across it.
      const rects = [...el.getClientRects()];
      const points = rects.length > 1
        ? rects.map(r => [(r.left + r.right) / 2, (r.top + r.bottom) / 2])
        : [.25, .5, .75].flatMap(fx => [.25, .5, .75].map(fy => [
            rects[0].left + rects[0].width * fx, rects[0].top + rects[0].height * fy]));
      for (const [px, py] of points) {
        const x = Math.min(Math.max(px, 0), innerWidth - 1);
        const y = Math.min(Math.max(py, 0), innerHeight - 1);
        const hit = document.elementFromPoint(x, y);
        const mine = hit && (el.contains(hit) || [...(el.labels || [])].some(l => l.contains(hit)));
        if (!mine) {
          let over = hit;
          while (over && !fixedOrSticky(over)) over = over.parentElement;
          covered.push(`${how}: ${el.id || el.name || el.textContent.trim().slice(0, 40)}`
            + ` under ${over ? (over.id || over.className) : (hit && hit.tagName)}`);
          break;
        }
      }
    }
  }
  return [...new Set(covered)];
}"""


def _nothing_covers_a_control(page) -> None:
    assert page.evaluate(_COVERED) == []


def _coach_pages(routine) -> list[str]:
    item = routine.items.order_by("position").first()
    return [
        reverse("routines:list"),
        reverse("routines:new"),
        reverse("routines:edit", args=[routine.pk]),
        routine.get_absolute_url(),
        reverse("routines:dose_item", args=[routine.pk, item.pk]),
        reverse("routines:share", args=[routine.pk]) + "?new=1",
        reverse("routines:share", args=[routine.pk]),
        reverse("exercises:list"),
        reverse("exercises:detail", args=[item.exercise.slug]),
        reverse("password_change"),
    ]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_nothing_fixed_covers_a_control_on_a_coachs_pages(
    browser, live_server, coached, javascript
):
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        for url in _coach_pages(coached):
            page.goto(live_server.url + url)
            _nothing_covers_a_control(page)
            if javascript and "/share/" in url:  # the steps saying what stops working (axe: JS)
                assert_no_axe_violations(page)
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_routine_bar_covers_no_part_of_an_open_dose_form(
    browser, live_server, coached, javascript
):
    """Tester: "Routine ·N" covered the dose form's Coach's note. With the dose form open and
    the bar grown by a long notice (a removal with its Undo), every field and button of the
    builder stops above the bar when scrolled to."""
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(live_server.url + coached.get_absolute_url())
        last = coached.items.order_by("position").last()
        page.locator(f"#remove-{last.pk}").click()
        page.wait_for_load_state()
        page.locator("#undo-button").wait_for()
        editor = page.locator("details.dose-editor summary").first
        editor.click()
        if javascript:
            page.locator("details.dose-editor textarea").first.wait_for()
        else:  # the dose form's own page
            page.get_by_role("link", name="Open the dose form").first.click()
            page.locator("textarea").first.wait_for()
        _nothing_covers_a_control(page)
    finally:
        context.close()


@pytest.mark.parametrize("where", ["list", "builder"])
def test_the_page_alert_covers_no_control_scrolled_to(browser, live_server, coached, where):
    """An htmx request that fails (here: no connection) puts the page's alert at the foot of
    the window, above the builder's bar: it may cover nothing scrolled to either."""
    context = phone_context(browser)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        if where == "list":
            page.goto(live_server.url + reverse("routines:list"))
            page.route("**/routines/?*", lambda route: route.abort())
            page.get_by_label("Search").fill("hip")
        else:
            page.goto(live_server.url + coached.get_absolute_url())
            page.route("**/dose/", lambda route: route.abort())
            page.locator("details.dose-editor summary").first.click()
        alert = page.locator("#page-alert .alert")
        alert.wait_for()
        assert "could not be reached" in alert.inner_text()
        _nothing_covers_a_control(page)
    finally:
        context.close()
