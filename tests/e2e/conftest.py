"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

The Chromium is Debian's headless build (chromium-headless-shell: the same version and Blink as
its `chromium`, without the windowed browser behind `chromium --headless`): half the browser's
CPU, a fifth less for the tests as a whole. HIPCARE_CHROMIUM names another (/usr/bin/chromium).

One browser is shared by the whole session; each test gets a fresh context and page. Without
Chromium the tests skip with a message saying why, or fail when HIPCARE_REQUIRE_BROWSER=1.
"""

import os
import re
import shutil

import pytest

CHROMIUM = os.environ.get("HIPCARE_CHROMIUM", "/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REQUIRE_BROWSER = os.environ.get("HIPCARE_REQUIRE_BROWSER") == "1"

#: The password of the users the browser tests sign in as (make_user's default).
PASSWORD = "correct-horse-battery"
#: A phone's screen (390x844), and a phone as a browser context's options (touch, mobile).
PHONE = {"width": 390, "height": 844}
PHONE_DEVICE = {"viewport": PHONE, "is_mobile": True, "has_touch": True}

# Playwright's sync API runs an event loop in this thread; the Django ORM calls the tests make
# around it are ordinary synchronous calls, so tell Django they are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def _missing_browser_reason() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium-headless-shell)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _missing_browser_reason()
    if reason:
        message = f"BROWSER TESTS NOT RUN: {reason}"
        if REQUIRE_BROWSER:
            pytest.fail(message + " and HIPCARE_REQUIRE_BROWSER=1", pytrace=False)
        print(f"\n!!! {message}\n")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    # Reduced motion turns Bootstrap's colour transitions off, so axe measures the colours a
    # control settles on, not a frame of a hover fading in under a pointer left where a swap
    # moved the page (a Remove button measured mid-transition read 4.43:1).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context, live_server):
    page = context.new_page()
    requests_to_other_hosts: list[str] = []
    page.on(
        "request",
        lambda request: (
            requests_to_other_hosts.append(request.url)
            if not request.url.startswith((live_server.url, "data:", "about:"))
            else None
        ),
    )
    page.requests_to_other_hosts = requests_to_other_hosts
    # Anything the Content Security Policy blocked would be a broken feature: fail on it.
    csp_violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    assert requests_to_other_hosts == [], f"page asked another host: {requests_to_other_hosts}"
    assert csp_violations == [], f"the CSP blocked something: {csp_violations}"


@pytest.fixture
def routine(django_user_model):
    """Coach "sam" (PASSWORD) and their routine "Hips" of three loadable moves, shared. Files
    that need another routine define their own `routine`."""
    from routines import services
    from tests.conftest import make_exercise, make_user
    from tests.routines.conftest import make_routine

    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    moves = [make_exercise(f"Move {n}", loadable=True) for n in range(3)]
    routine = make_routine(coach, title="Hips", exercises=moves)
    services.routine_share(routine=routine)
    return routine


def phone_context(browser, *, javascript: bool = True, timezone_id: str | None = None):
    """A new browser context as a phone: 390x844, touch, reduced motion, 10 s timeouts;
    `javascript` False for the no-JavaScript runs; `timezone_id` the browser's zone (an IANA
    name; the machine's without it). The caller closes it."""
    zone = {"timezone_id": timezone_id} if timezone_id else {}
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
        reduced_motion="reduce",
        **zone,
    )
    context.set_default_timeout(10_000)
    return context


# Touch targets of choices (tick boxes and radios in Bootstrap's .form-check rows): each
# visible row's target (its label, box included), as laid out, with the box of its input and
# whether a tap on that box reaches the box (not something laid over it).
_CHOICE_TARGETS = """(selector) => [...document.querySelectorAll(selector)]
  .filter(row => row.getClientRects().length).map(row => {
  const label = row.querySelector('label'), input = row.querySelector('input');
  row.scrollIntoView({block: 'center'});
  const box = e => { const r = e.getBoundingClientRect();
    return {x: r.x, y: r.y + window.scrollY, w: r.width, h: r.height}; };
  const r = input.getBoundingClientRect();
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return {id: input.id, group: input.name, label: box(label), input: box(input),
          boxOnTop: hit === input};
})"""


def choice_targets(page, selector: str) -> list[dict]:
    """The touch targets of the choices (.form-check rows) that `selector` finds."""
    return page.evaluate(_CHOICE_TARGETS, selector)


def _gap(a, b) -> float:
    """The space between two boxes (negative when they overlap)."""
    horizontal = max(b["x"] - (a["x"] + a["w"]), a["x"] - (b["x"] + b["w"]))
    vertical = max(b["y"] - (a["y"] + a["h"]), a["y"] - (b["y"] + b["h"]))
    return max(horizontal, vertical)


def assert_thumb_sized(targets) -> None:
    """Each choice a 44 px tall target holding its box, which can itself be tapped, and 8 px
    at least between neighbouring choices of one group (WCAG 2.5.5)."""
    assert targets
    for target in targets:
        label, box = target["label"], target["input"]
        assert label["h"] >= 44, target
        # The box is inside its label's target and can itself be tapped.
        assert label["x"] <= box["x"] and box["x"] + box["w"] <= label["x"] + label["w"], target
        assert label["y"] <= box["y"] and box["y"] + box["h"] <= label["y"] + label["h"], target
        assert target["boxOnTop"], target
    for a, b in zip(targets, targets[1:], strict=False):
        if a["group"] == b["group"]:
            assert _gap(a["label"], b["label"]) >= 8, (a, b)


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2 A/AA rules and best practices) and return the violations, on the
    page as its stylesheets lay it out: after a click that loaded a page, the page's content
    can be there (and an expect on it pass) before they are."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state()
    results = Axe().run(page)
    return results.response["violations"]


def assert_no_axe_violations(page) -> None:
    violations = axe_violations(page)
    summary = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {[n['target'] for n in v['nodes'][:3]]})"
        for v in violations
    ]
    assert violations == [], "\n".join(summary)


def sign_in(page, live_server, username: str, password: str) -> None:
    """Sign the page's browser context in as `username`, without the sign-in form: the user's
    password is checked, the test client signs them in (a session as the form makes) and its
    session cookie is handed to the browser. The page stays where it is; the caller opens what
    it tests. Tests of signing in itself, or that need what the form's answer sets in the
    browser (a renewed CSRF cookie), use sign_in_with_the_form."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.get(username=username)
    assert user.check_password(password), f"{username} cannot sign in with that password"
    client = Client()
    # force_login: django-axes's backend (first in the list) needs a request to authenticate.
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def sign_in_with_the_form(page, live_server, username: str, password: str) -> None:
    """Sign in through the sign-in page, as a coach does."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def settled(page) -> None:
    """Wait until the page has done what the last action set off: loaded, no htmx request,
    swap or settle under way (htmx takes .htmx-settling off as it fires htmx:afterSettle), and
    two frames rendered since, so what the afterSettle handlers left to the next frame (a
    scroll into view, a ResizeObserver's measure, a focus moved in a task) is done too. A page
    without JavaScript (no htmx): loaded, and its autofocus run (at a rendering update after
    the load event can fire; that focus scrolls). For reading a layout after a swap or a page
    load: a fixed sleep is too short on a loaded machine."""
    from playwright.sync_api import expect

    page.wait_for_load_state()
    if not page.evaluate("typeof window.htmx !== 'undefined'"):
        if page.locator("[autofocus]").count():
            # Polled from outside: a page without scripts runs no wait_for_function poll.
            expect(page.locator("body")).not_to_be_focused()
        return
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )


def no_to_unanswered_signs(page) -> None:
    """Tick "No" on every warning-sign question on the step not answered yet: the checker asks
    a skipped one again (it is not read as "no"), as a runner answering each one would.
    Waits for a step still on its way first, so the step ticked is the one on the page."""
    page.wait_for_load_state()
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    page.evaluate(
        """() => document.querySelectorAll('#triage-step .sign[role=radiogroup]').forEach(g => {
          if (!g.querySelector('input:checked')) {
            const no = g.querySelector('input[value=no]');
            if (no) { no.checked = true; }
          }
        })"""
    )


# The symptom checker's steps, as a runner answers them (shared by the triage browser tests).


def heading(page):
    """The page's one top-level heading (a step's, or the answer's)."""
    return page.get_by_role("heading", level=1)


def next_button(page, *, rest_no: bool = True):
    """The step's "Next" (or "See what to do"); with ``rest_no``, every warning sign not
    answered yet is answered "No" first (no_to_unanswered_signs)."""
    if rest_no:
        no_to_unanswered_signs(page)
    return page.get_by_role("button", name=re.compile("^(Next|See what to do)$"))


def sign(page, question: str, answer: str) -> None:
    """Answer a yes / no / not sure question."""
    page.get_by_role("radiogroup", name=question).get_by_label(answer, exact=True).check()


def answer_first_step(page) -> None:
    page.get_by_label("How old is the person with the pain?").fill("35")
    page.get_by_label("Yes, I can stand and walk on it normally").check()
    page.get_by_label("How bad is the pain at its worst").fill("3")


def answer_safety_step(page) -> None:
    page.get_by_label("No, or this doesn't apply to me").check()


def answer_pain_step(page, *, location: str = "On the outer side of the hip") -> None:
    page.get_by_text(location).click()  # the picture card is the radio button's label
    page.get_by_label("Gradually").check()
    page.get_by_label("How many days have you had it?").fill("4")
    page.get_by_label("Yes, it's getting better").check()


def reach_self_care(page, live_server) -> None:
    """From the first step to a self-care answer (outer-side pain, getting better)."""
    from playwright.sync_api import expect

    page.goto(live_server.url + "/triage/")
    answer_first_step(page)
    next_button(page).click()
    answer_safety_step(page)
    next_button(page).click()
    answer_pain_step(page)
    next_button(page).click()
    next_button(page).click()
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "self_care")
