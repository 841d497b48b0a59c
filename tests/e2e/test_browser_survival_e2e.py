"""Every page survives the browser (issue 15): Back after a search, a session ended or renewed
in another tab, double clicks, focus after a swap, long unbroken text on a phone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from routines.models import Routine
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, assert_no_axe_violations, sign_in, sign_in_with_the_form
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue():
    exercises = [make_exercise("Clamshell"), make_exercise("Clam walk")]
    exercises += [make_exercise(f"Bridge {n:02}") for n in range(1, 24)]
    return exercises


@pytest.fixture
def coach_page(page, live_server, django_user_model):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    sign_in(page, live_server, "sam", PASSWORD)
    page.coach = coach
    return page


def test_back_after_a_search_shows_the_whole_page(page, live_server, catalogue):
    page.goto(f"{live_server.url}/exercises/")
    page.wait_for_load_state()
    results_count = page.locator("#results [data-result-count]")
    page.get_by_label("Search").fill("clam")
    expect(page).to_have_url(re.compile(r"q=clam"))
    expect(results_count).to_have_text("2 exercises match your filters.")
    page.locator("#results").get_by_role("link", name="Clamshell").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clamshell")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/exercises/\?q=clam"))
    # The page, not its fragment: the header, the filters and the styles are all there.
    expect(page.locator("header.site-header")).to_have_count(1)
    expect(page.get_by_label("Search")).to_be_visible()
    expect(page.locator("#results [data-result-count]")).to_have_text(
        "2 exercises match your filters."
    )
    assert page.evaluate("getComputedStyle(document.querySelector('.brand')).fontWeight") == "700"

    # And again after a second search.
    page.get_by_label("Search").fill("bridge")
    expect(page).to_have_url(re.compile(r"q=bridge"))
    expect(results_count).to_have_text("23 exercises match your filters.")
    page.go_back()
    expect(page).to_have_url(re.compile(r"q=clam"))
    expect(page.locator("header.site-header")).to_have_count(1)
    expect(results_count).to_have_text("2 exercises match your filters.")


def test_focus_after_pagination_goes_to_the_count_and_it_is_announced_once(
    page, live_server, catalogue
):
    page.goto(f"{live_server.url}/exercises/")
    page.wait_for_load_state()
    next_link = page.locator("#results").get_by_role("link", name="Next")
    next_link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"page=2"))
    count = page.locator("#results [data-result-count]")
    expect(count).to_be_focused()
    # One live region, the same element before and after, says the count.
    expect(page.locator("#live-status")).to_have_text("25 exercises.")
    assert page.locator("[aria-live], [role=status]").count() == 2  # #live-status, #page-alert
    # The next Tab goes on into the results, not back to the skip link.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('#results') !== null")
    assert focused
    # Previous, the same.
    page.locator("#results").get_by_role("link", name="Previous").focus()
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"page=2"))
    expect(count).to_be_focused()
    assert_no_axe_violations(page)


def test_signed_out_in_another_tab_add_goes_to_sign_in_and_back(coach_page, live_server, catalogue):
    page = coach_page
    routine = make_routine(page.coach, title="Hips")
    builder = f"{live_server.url}{routine.get_absolute_url()}"
    page.goto(builder + "?q=clam")
    page.wait_for_load_state()

    other = page.context.new_page()
    other.goto(f"{live_server.url}/")
    other.get_by_role("button", name="Sign out").click()
    other.wait_for_load_state()

    page.locator("#catalogue-results").get_by_role("button", name="Add Clamshell").click()
    # The whole window goes to sign in, and comes back to the builder (not its POST address).
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/routines/\d+/%3Fq%3Dclam$"))
    expect(page.locator("header.site-header")).to_have_count(1)
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(builder + "?q=clam")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hips")
    assert routine.items.count() == 0


def test_signed_out_and_in_again_in_another_tab_the_next_add_just_works(
    coach_page, live_server, catalogue
):
    """htmx sends the CSRF token from the cookie (static/js/csrf.js), so the token renewed by
    signing in elsewhere is the one sent: a transparent retry, nothing to reload."""
    page = coach_page
    routine = make_routine(page.coach, title="Hips")
    page.goto(f"{live_server.url}{routine.get_absolute_url()}?q=clam")
    page.wait_for_load_state()

    other = page.context.new_page()
    other.goto(f"{live_server.url}/")
    other.get_by_role("button", name="Sign out").click()
    sign_in_with_the_form(other, live_server, "sam", PASSWORD)

    page.locator("#catalogue-results").get_by_role("button", name="Add Clamshell").click()
    expect(page.locator("#routine-notice")).to_have_text("Added Clamshell as number 1.")
    assert routine.items.count() == 1


def test_an_expired_csrf_token_says_the_page_expired_with_a_reload_one_click_away(
    coach_page, live_server, catalogue
):
    page = coach_page
    routine = make_routine(page.coach, title="Hips")
    page.goto(f"{live_server.url}{routine.get_absolute_url()}?q=clam")
    page.wait_for_load_state()
    # The CSRF cookie gone (cleared, or expired), as a browser may do to a long-open tab.
    session = [c for c in page.context.cookies() if c["name"] != "csrftoken"]
    page.context.clear_cookies()
    page.context.add_cookies(session)

    page.locator("#catalogue-results").get_by_role("button", name="Add Clamshell").click()
    alert = page.locator("#page-alert").get_by_role("alert")
    expect(alert).to_contain_text("This page has expired")
    reload = alert.get_by_role("link", name="Reload the page")
    expect(reload).to_be_focused()
    assert routine.items.count() == 0
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#page-alert")).to_be_empty()
    page.locator("#catalogue-results").get_by_role("button", name="Add Clamshell").click()
    expect(page.locator("#routine-notice")).to_have_text("Added Clamshell as number 1.")
    assert routine.items.count() == 1


def test_a_lost_connection_is_said_in_the_alert_region(coach_page, live_server, catalogue):
    page = coach_page
    routine = make_routine(page.coach, title="Hips")
    page.goto(f"{live_server.url}{routine.get_absolute_url()}?q=clam")
    page.wait_for_load_state()
    page.route("**/items/", lambda route: route.abort())
    page.locator("#catalogue-results").get_by_role("button", name="Add Clamshell").click()
    expect(page.locator("#page-alert").get_by_role("alert")).to_contain_text("could not be reached")
    # The button works again for a retry.
    expect(
        page.locator("#catalogue-results").get_by_role("button", name="Add Clamshell")
    ).to_be_enabled()


def test_a_double_click_on_duplicate_makes_one_copy(coach_page, live_server, catalogue):
    page = coach_page
    routine = make_routine(page.coach, title="Hips", exercises=catalogue[:2])
    page.goto(f"{live_server.url}{routine.get_absolute_url()}")
    page.wait_for_load_state()
    # Slow the answer, as on a poor connection, so both clicks land while it is in flight.
    page.get_by_role("link", name="Duplicate").click()
    page.get_by_label("Who the copy is for").fill("Ben")
    page.route("**/duplicate/", lambda route: (page.wait_for_timeout(400), route.continue_()))
    page.get_by_role("button", name="Make the copy").dblclick()
    expect(page.get_by_text("You are now editing the copy")).to_be_visible()
    assert Routine.objects.count() == 2


LONG = "x" * 130


def _long(length: int) -> str:
    """Unbroken text: a long link where it fits, cut to the field's length."""
    return ("https://example.org/video/" + "v" * 130)[:length]


def test_long_unbroken_text_never_widens_a_phone_page(browser, live_server, django_user_model):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    long_exercise = make_exercise(_long(100), slug="long-name")
    routine = make_routine(
        coach,
        title=_long(120),
        for_whom=_long(40),
        notes=f"Watch: {_long(130)} {_long(130)}",
        exercises=[long_exercise],
    )
    item = routine.items.get()
    item.load_note = _long(80)
    item.coach_note = _long(130)
    item.save()
    from routines import services

    token = services.routine_share(routine=routine)
    pages = [
        f"/r/{token}/",
        reverse("exercises:list"),
        reverse("exercises:detail", args=[long_exercise.slug]),
    ]
    for url in pages:
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide"
    sign_in(page, live_server, "sam", PASSWORD)
    for url in [
        routine.get_absolute_url(),
        reverse("routines:print", args=[routine.pk]),
        reverse("routines:list"),
        reverse("routines:edit", args=[routine.pk]),
        reverse("routines:dose_item", args=[routine.pk, item.pk]),
        f"/r/{token}/",
    ]:
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide"
        if url.endswith("/print/"):
            page.emulate_media(media="print")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{url} printed is {width} px wide"
            page.emulate_media(media="screen")
    context.close()


def test_a_plain_form_after_signing_in_again_in_another_tab_just_works(
    coach_page, live_server, catalogue
):
    page = coach_page
    routine = make_routine(page.coach, title="Hips")
    page.goto(f"{live_server.url}{routine.get_absolute_url()}")
    page.wait_for_load_state()
    other = page.context.new_page()
    other.goto(f"{live_server.url}/")
    other.get_by_role("button", name="Sign out").click()
    sign_in_with_the_form(other, live_server, "sam", PASSWORD)

    # The builder's Archive: a plain form drawn before signing out and in again.
    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_text("Archived “Hips”")).to_be_visible()
    routine.refresh_from_db()
    assert routine.archived
