"""Browser test: every element the keyboard reaches on the main pages shows where the focus is,
with a ring of at least 3:1 against what is behind it (WCAG 2.4.7, 1.4.11). The ring's colour
(an outline, else a box-shadow, composited over the background it sits on) is measured against
the nearest background behind the element, as the browser draws them."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import Routine
from tests.e2e.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

#: What the focused element's ring is drawn with, and the background behind the element.
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  // The colour behind a point: the backgrounds from `from` up, the first opaque one with the
  // half-transparent ones over it.
  const behind = (from) => {
    const layers = [];
    for (let node = from; node && node.nodeType === 1; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      layers.push(colour);
      const alpha = colour.match(/rgba?\\(([^)]*)\\)/)[1].split(',').map(Number)[3];
      if (alpha === undefined || alpha === 1) break;
    }
    return layers;
  };
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const again = el.hcTabbed === true;
  el.hcTabbed = true;
  return {
    again,
    what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' +
      (el.getAttribute('class') || '') + ' "' +
      (el.textContent || el.value || '').trim().slice(0, 40) + '"',
    visible: box.width > 0 && box.height > 0,
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor,
    outlineOffset: parseFloat(style.outlineOffset),
    boxShadow: style.boxShadow,
    behind: behind(el.parentElement),
    own: behind(el),
  };
}"""


def _rgba(text: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", text)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def _over(top, bottom):
    """`top` (r, g, b, a) composited over the opaque `bottom` (r, g, b)."""
    alpha = top[3]
    return tuple(top[i] * alpha + bottom[i] * (1 - alpha) for i in range(3))


def _flatten(layers: list[str]):
    """The layers of backgrounds (innermost first) as one opaque colour, white below all."""
    colour = (255.0, 255.0, 255.0)
    for layer in reversed(layers):
        colour = _over(_rgba(layer), colour)
    return colour


def _luminance(rgb) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ring_contrast(focused: dict) -> float:
    """The contrast of the focus ring against what it is drawn on (0 without a ring)."""
    behind = _flatten(focused["behind"])
    if focused["outlineStyle"] not in ("none", "") and focused["outlineWidth"] >= 2:
        # An outline inside the element (negative offset) is drawn on the element itself.
        ground = _flatten(focused["own"]) if focused["outlineOffset"] < 0 else behind
        return contrast(_over(_rgba(focused["outlineColor"]), ground), ground)
    shadows = [s for s in re.findall(r"rgba?\([^)]*\)", focused["boxShadow"] or "")]
    return max((contrast(_over(_rgba(s), behind), behind) for s in shadows), default=0.0)


def test_the_contrast_sums_are_right():
    white, black = (255, 255, 255), (0, 0, 0)
    assert round(contrast(white, black), 1) == 21.0
    # Bootstrap's focus glow, rgba(13, 110, 253, .25) on white: far under 3:1.
    glow = {
        "outlineStyle": "none",
        "outlineWidth": 0,
        "outlineColor": "rgb(0, 0, 0)",
        "outlineOffset": 0,
        "boxShadow": "rgba(13, 110, 253, 0.25) 0px 0px 0px 4px",
        "behind": ["rgb(255, 255, 255)"],
        "own": ["rgb(255, 255, 255)"],
    }
    assert ring_contrast(glow) < 1.5
    ring = {**glow, "outlineStyle": "solid", "outlineWidth": 3, "outlineColor": "rgb(11, 61, 145)"}
    assert ring_contrast(ring) > 9


def tab_through(page, *, limit: int = 200) -> list[dict]:
    """Tab from the top of the page until the focus comes round again (or `limit` stops): what
    each stop's ring measures."""
    page.locator("body").focus()
    page.evaluate("document.activeElement && document.activeElement.blur()")
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None or focused["again"]:
            break
        if focused["visible"]:
            stops.append(focused)
    return stops


@pytest.fixture
def pages(routine):
    """The main pages: the home page, the symptom checker, the catalogue and an exercise, the
    sign-in page, and a runner's page with its log."""
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(days=10))
    routine.refresh_from_db()
    services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=2),
        pain=2,
        done=[(item.pk, "") for item in routine.items.all()],
    )
    exercise = routine.items.first().exercise
    return [
        reverse("home"),
        reverse("triage:form"),
        reverse("triage:rules"),
        reverse("exercises:list"),
        exercise.get_absolute_url(),
        reverse("login"),
        routine.get_share_url(),
        reverse("session_history", args=[routine.share_token]),
    ]


def _weak(page, live_server, url: str) -> list[str]:
    page.goto(live_server.url + url)
    stops = tab_through(page)
    assert stops, f"nothing on {url} took the focus"
    return [
        f"{url}: {stop['what']} ({ring_contrast(stop):.2f}:1)"
        for stop in stops
        if ring_contrast(stop) < 3
    ]


def test_every_focus_ring_on_the_main_pages_stands_out(page, live_server, pages):
    weak = []
    for url in pages:
        weak += _weak(page, live_server, url)
    assert weak == []


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_every_focus_ring_on_the_coachs_pages_stands_out(browser, live_server, routine, phone):
    """The routines list, the builder (on a phone with its bar at the foot of the screen) and
    the routine's details."""
    from tests.e2e.conftest import phone_context

    context = phone_context(browser) if phone else browser.new_context(reduced_motion="reduce")
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        weak = []
        for url in (
            reverse("routines:list"),
            routine.get_absolute_url(),
            reverse("routines:edit", args=[routine.pk]),
        ):
            weak += _weak(page, live_server, url)
        if phone:
            page.goto(live_server.url + routine.get_absolute_url())
            assert any("routine-bar-link" in stop["what"] for stop in tab_through(page, limit=200))
        assert weak == []
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize(
    "sign",
    ["numbness around the bottom", "can you put weight"],
    ids=["emergency", "weight"],
)
def test_every_focus_ring_on_an_emergency_answer_stands_out(browser, live_server, javascript, sign):
    """The call buttons sit on the emergency answer's dark red: a ring of the page's dark blue
    there measured 1.06:1 (fresh tester, Kolkata, keyboard only)."""
    import re as regex

    from playwright.sync_api import expect

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="Asia/Kolkata", reduced_motion="reduce"
    )
    page = context.new_page()
    if not javascript:
        page.route(regex.compile(r"\.js(\?.*)?$"), lambda route: route.abort())
    try:
        page.goto(live_server.url + reverse("triage:form"))
        if sign == "can you put weight":
            page.get_by_label("No, I can't put weight on that leg").check()
        else:
            question = page.get_by_role("radiogroup", name=regex.compile(sign))
            question.get_by_label("Yes", exact=True).check()
        page.get_by_role("button", name="Next").click()
        expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "emergency")
        page.wait_for_load_state("load")
        stops = tab_through(page)
        calls = [stop for stop in stops if "call-" in stop["what"]]
        assert calls, "no call button took the focus"
        weak = [
            f"{stop['what']} ({ring_contrast(stop):.2f}:1)"
            for stop in stops
            if ring_contrast(stop) < 3
        ]
        assert weak == []
    finally:
        context.close()
