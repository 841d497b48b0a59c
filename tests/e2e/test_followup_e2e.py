"""A runner logs sessions on a phone from the shared link; the coach sees them in the builder."""

import re

import pytest
from playwright.sync_api import expect

from routines import services
from routines.models import Routine, SessionLog
from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, PHONE, assert_no_axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = "bench/out"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def test_runner_logs_gets_stop_advice_and_coach_sees_the_alert(
    phone, page, live_server, django_user_model
):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    make_user(django_user_model, "kim", coach=True, password=PASSWORD)
    exercises = [
        make_exercise("Glute bridge", loadable=True),
        make_exercise("Clamshell", unilateral=True),
    ]
    routine = services.routine_create(owner=coach, title="Hips, weeks 1-6", exercises=exercises)
    token = services.routine_share(routine=routine)

    # The runner opens the link on a phone and logs a first session: all done, pain 2.
    phone.goto(f"{live_server.url}/r/{token}/")
    phone.wait_for_load_state()
    log = phone.locator("#log")
    expect(log.get_by_role("heading", name="Log a session")).to_be_visible()
    assert_no_axe_violations(phone)
    log.get_by_label("I did all of them").check()
    log.get_by_label("Worst pain during or after the session").fill("2")
    log.get_by_role("button", name="Log this session").click()
    expect(phone.locator("#advice")).to_have_attribute("data-advice", "continue")

    # A second session, with pain 8: stop, with a link to the symptom checker.
    log.get_by_label("Worst pain during or after the session").fill("8")
    log.get_by_label("Note for your coach (optional)").fill("Sharp on the stairs")
    log.get_by_role("button", name="Log this session").click()
    advice = phone.locator("#advice")
    expect(advice).to_have_attribute("data-advice", "stop")
    expect(advice.get_by_role("link", name="Open the symptom checker")).to_have_attribute(
        "href", "/triage/"
    )
    expect(phone.locator(".session-entry")).to_have_count(2)
    phone.locator("#log").screenshot(path=f"{SHOTS}/followup-runner-phone.png")
    assert_no_axe_violations(phone)

    # The coach sees the sessions, the chart and the alert in the builder and on /routines/.
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(f"{live_server.url}/routines/{routine.pk}/")
    panel = page.locator("#follow-up")
    expect(panel).to_have_attribute("data-alert", "stop")
    expect(panel.locator("svg[role=img]")).to_be_visible()
    expect(panel).to_contain_text("Sharp on the stairs")
    expect(panel.locator("[data-adherence]").first).to_be_attached()
    panel.screenshot(path=f"{SHOTS}/followup-builder.png")
    # The stop stays at the top of the panel, saying when and why, until marked as seen.
    stop = panel.locator(".stop-alert")
    expect(stop).to_have_count(1)
    expect(stop).to_contain_text("answer the symptom checker")
    expect(stop).to_contain_text("Pain of 8 out of 10 is severe")
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/routines/")
    expect(page.locator(f"[data-routine='{routine.pk}'][data-alert]")).to_be_visible()
    page.goto(f"{live_server.url}/routines/{routine.pk}/")
    page.locator("#follow-up .stop-alert").get_by_role("button", name="Mark as seen").click()
    expect(page.locator("#follow-up .stop-alert")).to_have_count(0)
    assert SessionLog.objects.get(routine=routine, pain=8).coach_seen_at is not None

    # Another coach gets 404 on the builder and the log.
    other = page.context.browser.new_context()
    other_page = other.new_page()
    sign_in(other_page, live_server, "kim", PASSWORD)
    for path in (f"/routines/{routine.pk}/", f"/routines/{routine.pk}/log.csv"):
        response = other_page.goto(f"{live_server.url}{path}")
        assert response.status == 404
    other.close()

    # The runner deletes the painful entry; it is gone from both views.
    painful = SessionLog.objects.get(routine=routine, pain=8)
    phone.locator(f"#session-{painful.pk}").get_by_role("link", name="Delete").click()
    # A confirmation step first, in place, with focus on the question.
    expect(phone.locator(f"#delete-{painful.pk}")).to_be_focused()
    assert SessionLog.objects.filter(pk=painful.pk).exists()
    phone.get_by_role("button", name="Yes, delete it").click()
    expect(phone.locator(".session-entry")).to_have_count(1)
    expect(phone.locator("#log")).not_to_contain_text("Sharp on the stairs")
    assert not SessionLog.objects.filter(pk=painful.pk).exists()
    page.goto(f"{live_server.url}/routines/{routine.pk}/")
    expect(page.locator("#follow-up")).not_to_contain_text("Sharp on the stairs")
    assert Routine.objects.filter(pk=routine.pk).exists()


def test_bad_input_is_explained_in_place_and_the_form_keeps_what_was_entered(
    phone, live_server, django_user_model
):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    routine = services.routine_create(
        owner=coach, title="Hips", exercises=[make_exercise("Glute bridge")]
    )
    token = services.routine_share(routine=routine)
    phone.goto(f"{live_server.url}/r/{token}/")
    phone.wait_for_load_state()
    log = phone.locator("#log")
    log.get_by_label("Note for your coach (optional)").fill("Tired legs")
    log.get_by_label("Glute bridge").uncheck()
    log.get_by_role("button", name="Log this session").click()
    expect(log.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(log).to_contain_text("Give the worst pain from 0 to 10.")
    expect(log.get_by_label("Note for your coach (optional)")).to_have_value("Tired legs")
    expect(log.get_by_label("Glute bridge")).not_to_be_checked()
    # The summary takes the focus, its link goes to the pain box.
    summary = log.get_by_role("alert").filter(has_text="Nothing was saved")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", level=4)).to_have_text("Nothing was saved")
    summary.get_by_role("link", name="Worst pain").click()
    expect(log.locator("#id_pain")).to_be_focused()
    phone.screenshot(path=f"{SHOTS}/followup-runner-error.png")
    assert_no_axe_violations(phone)
    assert not SessionLog.objects.exists()


def test_routine_list_on_a_phone_breaks_no_ordinary_word(phone, live_server, django_user_model):
    """QA: on a phone, /routines/ broke headers and cells mid-word ("Exe/rcis/es",
    "Beg/inn/er"). Single words stay on one line; a long unbroken title still wraps."""
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    for title in ("Hips", "x" * 120):
        services.routine_create(owner=coach, title=title, exercises=[make_exercise(title[:20])])
    sign_in(phone, live_server, "sam", PASSWORD)
    phone.goto(f"{live_server.url}/routines/")
    broken = phone.evaluate(
        """() => [...document.querySelectorAll('.routine-table th, .routine-table td')]
            .filter(cell => !cell.querySelector('[dir="auto"]'))
            .flatMap(cell => [...cell.childNodes].filter(node => node.nodeType === 3))
            .filter(node => /^\\s*[A-Za-z]{4,}\\s*$/.test(node.textContent))
            .filter(node => {
                const range = document.createRange();
                range.selectNodeContents(node);
                return range.getClientRects().length > 1;
            })
            .map(node => node.textContent.trim())"""
    )
    assert broken == []
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"/routines/ is {width} px wide"
    phone.screenshot(path=f"{SHOTS}/followup-routine-list-390.png", full_page=True)


def test_a_long_log_shows_the_newest_entries_and_the_rest_page_by_page(
    phone, live_server, django_user_model
):
    from bench.seed import log_sessions
    from routines.session_views import RECENT_SHOWN

    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    routine = services.routine_create(
        owner=coach, title="Hips", exercises=[make_exercise("Glute bridge")]
    )
    token = services.routine_share(routine=routine)
    log_sessions(routine, 30)
    phone.goto(f"{live_server.url}/r/{token}/")
    # The page as opened says how many; the history loads itself once scrolled into view,
    # moving no focus.
    history = phone.locator("#log-history")
    days = SessionLog.objects.filter(routine=routine).dates("day", "day").count()
    expect(history).to_contain_text(f"30 entries logged over {days} days")
    expect(phone.locator(".session-entry")).to_have_count(0)
    phone.evaluate("document.getElementById('log-history').scrollIntoView()")
    expect(phone.locator(".session-entry")).to_have_count(RECENT_SHOWN)
    expect(phone.locator("#log-history .pain-chart")).to_be_visible()
    assert phone.evaluate(
        "!document.querySelector('#log-history').contains(document.activeElement)"
    )
    assert_no_axe_violations(phone)
    phone.get_by_role("link", name=f"Earlier entries ({30 - RECENT_SHOWN})").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Earlier entries")
    expect(phone.locator(".session-entry")).to_have_count(10)
    assert_no_axe_violations(phone)
    phone.get_by_role("link", name="Older").click()
    expect(phone.get_by_text("Page 2 of 3")).to_be_visible()
    # Delete the first entry of this page, through the confirmation step.
    first = SessionLog.objects.filter(routine=routine)[RECENT_SHOWN + 10]
    phone.locator(f"#session-{first.pk}").get_by_role("link", name="Delete").click()
    expect(phone.locator(f"#delete-{first.pk}")).to_be_focused()
    assert_no_axe_violations(phone)
    phone.get_by_role("button", name="Yes, delete it").click()
    # Back on the page the runner deleted it from, not the routine's page.
    expect(phone.get_by_role("heading", level=1)).to_have_text("Earlier entries")
    expect(phone).to_have_url(re.compile(r"/sessions/earlier/\?page=2"))
    assert not SessionLog.objects.filter(pk=first.pk).exists()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["phone", "desk"])
def test_each_exercise_of_what_you_did_is_one_row_with_its_sides_under_it(
    browser, live_server, django_user_model, viewport
):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    exercises = [
        make_exercise("Banded Clamshell", unilateral=True),
        make_exercise("Glute bridge"),
    ]
    routine = services.routine_create(owner=coach, title="Hips", exercises=exercises)
    token = services.routine_share(routine=routine)
    context = browser.new_context(viewport=viewport, is_mobile=viewport == PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/r/{token}/")
    name = page.locator(".done-row .done-name", has_text="Banded Clamshell").bounding_box()
    left = page.get_by_label("Left side").bounding_box()
    right = page.get_by_label("Right side").bounding_box()
    bridge = page.get_by_label("Glute bridge").bounding_box()
    # Both sides sit on one line under the name, indented from it; the next exercise below.
    assert left["y"] >= name["y"] + name["height"] - 1
    assert abs(left["y"] - right["y"]) < 2 and right["x"] > left["x"]
    assert left["x"] > name["x"] + 8
    assert bridge["y"] > left["y"] + left["height"]
    context.close()


def test_a_stop_lowered_by_a_delete_stays_in_front_of_the_coach(
    phone, page, live_server, django_user_model
):
    """Pains 4, 1 and 6 on three days: the 6 is a stop (a rise into the range above 5). The
    runner deletes the 1 on the phone; the 6 reads ease back now, and both the runner's log
    and the coach's panel say it advised stopping (services._advice_fields)."""
    from datetime import timedelta

    from django.utils import timezone

    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    routine = services.routine_create(
        owner=coach, title="Hips", exercises=[make_exercise("Clamshell", unilateral=True)]
    )
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=2))
    token = services.routine_share(routine=routine)
    today = timezone.localdate()
    for days_ago, pain in ((3, 4), (2, 1), (1, 6)):
        services.session_log(
            routine=routine, day=today - timedelta(days=days_ago), pain=pain, done=[]
        )
    one, six = (SessionLog.objects.get(routine=routine, pain=pain) for pain in (1, 6))

    phone.goto(f"{live_server.url}/r/{token}/log/")
    phone.locator(f"#session-{one.pk}").get_by_role("link", name="Delete").click()
    phone.get_by_role("button", name="Yes, delete it").click()
    entry = phone.locator(f"#session-{six.pk}")
    expect(entry.locator("[data-advice]")).to_have_attribute("data-advice", "ease_back")
    expect(entry.locator(".lowered-advice")).to_have_text(
        "Before an earlier entry was deleted, this entry advised stopping; your coach still "
        "sees that it did."
    )
    assert_no_axe_violations(phone)

    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(f"{live_server.url}/routines/{routine.pk}/")
    card = page.locator(f"#stop-{six.pk}")
    expect(card).to_have_attribute("data-told", "stop")
    expect(card).to_contain_text(
        "Told to stop and check their symptoms at the time; after an earlier entry was "
        "deleted it now reads ease back."
    )
    assert_no_axe_violations(page)
    card.get_by_role("button", name="Mark as seen").click()
    expect(page.locator(".followup-notice")).to_be_focused()
    expect(page.locator(f"#stop-{six.pk}")).to_have_count(0)


def test_routine_list_badges_stay_in_their_column_on_a_phone(phone, live_server, django_user_model):
    """QA: on a phone the long alert badge ("Entry deleted (told to get emergency care)") ran
    over the For column; it wraps within the title's width."""
    from datetime import timedelta

    from django.utils import timezone

    from routines.models import Routine

    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    routine = services.routine_create(
        owner=coach, title="Outer hip rehab v2", exercises=[make_exercise("Glute bridge")]
    )
    routine.for_whom = "JB2"
    routine.save()
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=2))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    session = services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=1),
        pain=7,
        done=[],
        warning_signs=["saddle_or_bladder"],
    )
    services.session_delete(session=session)
    sign_in(phone, live_server, "sam", PASSWORD)
    phone.goto(f"{live_server.url}/routines/")
    badge = phone.locator(".routine-table .badge.text-bg-danger")
    expect(badge).to_contain_text("Entry deleted")
    over = phone.evaluate(
        """() => [...document.querySelectorAll('.routine-table .routine-name .badge')]
            .filter(badge => badge.getBoundingClientRect().right
                > badge.closest('th').getBoundingClientRect().right + 0.5)
            .map(badge => badge.textContent)"""
    )
    assert over == []
    phone.screenshot(path=f"{SHOTS}/followup-routine-list-badges-390.png", full_page=True)
