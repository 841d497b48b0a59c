"""The top of the runner's page (routines/_session_log.html#runner-top): on a phone the advice
and the log form sat ~2,700 and ~3,400 px down, after every exercise, with nothing at the top
pointing to them. Now the advice now, when it is more than "carry on", is one line at the
top in its own words and colour, linked to the advice; an emergency keeps its call buttons
there; a due next-morning question and the log form have jump links. No query of its own.

And, without JavaScript, a delete or a next-morning answer sent from the log's history page
(or an earlier-sessions page) comes back to that page, not to the runner's page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from routines import monitoring, services
from tests.conftest import miss_fragments
from tests.routines.conftest import make_notice
from tests.routines.test_session_log import HTMX, log
from tests.test_query_budgets import MAX_QUERIES

pytestmark = pytest.mark.django_db




def top(html: str) -> str:
    """The page's top block (#runner-top), or ""."""
    if 'id="runner-top"' not in html:
        return ""
    block = html[html.index('id="runner-top"') :]
    return block[: block.index("</nav>")]


def page(client, routine) -> str:
    return client.get(routine.get_share_url()).content.decode()


def ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


LEVELS = {
    # what is logged: (the advice's key, its words as the advice section says them)
    "ease back": ({"pain": 6}, "ease_back", monitoring.Level.EASE_BACK.label),
    "stop": ({"pain": 8}, "stop", monitoring.Level.STOP.label),
    "doctor today": ({"warning_signs": ["red_or_warm"]}, "urgent", "See a doctor today"),
    "emergency": ({"warning_signs": ["saddle_or_bladder"]}, "emergency", "Get emergency care now"),
}


@pytest.mark.parametrize("level", list(LEVELS))
def test_the_advice_now_is_one_line_at_the_top_before_the_sheet(client, shared, level):
    fields, key, words = LEVELS[level]
    log(shared, **fields)
    html = page(client, shared)
    block = top(html)
    assert block, "no top block"
    # Before the sheet (its title, its exercises) and the log.
    assert html.index('id="runner-top"') < html.index('class="routine-sheet')
    assert f'data-advice-now="{key}"' in block and f"advice-now-{key}" in block
    assert f"<strong>{words}</strong>" in block
    # The same words as the advice section (the same object), linked to it.
    advice = html[html.index('id="advice"') :]
    assert words in advice[: advice.index("</div>")]
    assert 'href="#advice"' in block and "advice" in ids(html)
    # A region named by its line, not an alert shouted on every load.
    assert 'aria-labelledby="advice-now-label"' in block and 'id="advice-now-label"' in block
    assert 'role="alert"' not in block and "aria-live" not in block
    # An emergency keeps its call buttons at the top; a doctor today has who to see and how
    # there for paper only (.advice-now-how: test_a_doctor_today_prints_who_and_how; print.css,
    # test_call_labels_one_source); nothing else has numbers there.
    on_screen = block.split('class="advice-now-how')[0]
    assert ('href="tel:999"' in on_screen and 'href="tel:112"' in on_screen) is (
        key == "emergency"
    )
    assert ('class="advice-now-how' in block) is (key == "urgent")


@pytest.mark.parametrize("logged", [None, {"pain": 2}], ids=["nothing-logged", "carry-on"])
def test_no_advice_line_for_carry_on_or_an_empty_log_but_always_the_jump_to_the_form(
    client, shared, logged
):
    if logged:
        log(shared, **logged)
    html = page(client, shared)
    block = top(html)
    assert "advice-now" not in block and 'href="#advice"' not in block
    assert 'href="#log-form-heading">Log a session</a>' in block
    assert "log-form-heading" in ids(html)
    assert html.index('id="runner-top"') < html.index('class="routine-sheet')


def test_a_due_next_morning_question_is_pointed_to_from_the_top(client, shared):
    session = log(shared, days_ago=1)
    html = page(client, shared)
    block = top(html)
    assert 'href="#morning-due"' in block and "morning-due" in ids(html)
    assert f"the morning after {session.day:%-d %B}" in block
    services.session_set_morning(session=session, morning="same")
    assert 'href="#morning-due"' not in top(page(client, shared))


def test_the_top_line_costs_no_query(client, shared):
    """As the budgets measure (tests/test_query_budgets.py): warm, then the page itself. A
    stop-level log with a due question reads no more than a carry-on one with none."""
    calm = log(shared, days_ago=1, pain=2, morning="same")
    client.get(shared.get_share_url())
    miss_fragments()
    with CaptureQueriesContext(connection) as quiet:
        assert "advice-now" not in top(page(client, shared))
    # Counted from its bounds: the test client resets the connection's query log per request.
    quiet_count = quiet.final_queries - quiet.initial_queries
    calm.delete()
    log(shared, days_ago=1, pain=8)
    client.get(shared.get_share_url())
    miss_fragments()
    with CaptureQueriesContext(connection) as loud:
        block = top(page(client, shared))
    assert 'data-advice-now="stop"' in block and 'href="#morning-due"' in block
    assert len(loud) == quiet_count > 0


def test_the_top_line_costs_no_query_django_assert(
    client,
    shared,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    log(shared, pain=2)
    client.get(shared.get_share_url())
    miss_fragments()
    with django_assert_max_num_queries(MAX_QUERIES) as calm:
        page(client, shared)
    log(shared, pain=8)
    client.get(shared.get_share_url())
    miss_fragments()
    # Counted from its bounds: the test client resets the connection's query log per request.
    calm_count = calm.final_queries - calm.initial_queries
    with django_assert_num_queries(calm_count):
        assert 'data-advice-now="stop"' in top(page(client, shared))


def test_a_refused_entry_s_sign_is_the_top_line_and_links_to_its_advice(client, shared):
    log(shared, pain=2)
    data = {
        "listed": "1",
        "date": "yesterday",  # refused: not a date
        "pain": "1",
        "warning": ["saddle_or_bladder"],
    }
    response = client.post(reverse("session_create", args=[shared.share_token]), data)
    assert response.status_code == 422
    html = response.content.decode()
    block = top(html)
    assert 'data-advice-now="emergency"' in block and 'href="#pending-advice"' in block
    assert "pending-advice" in ids(html) and 'href="tel:999"' in block


def test_with_htmx_a_change_sends_the_top_line_again_out_of_band(client, shared):
    response = client.post(
        reverse("session_create", args=[shared.share_token]),
        {"listed": "1", "date": timezone.localdate().isoformat(), "pain": "8"},
        headers=HTMX,
    )
    html = response.content.decode()
    assert html.index('id="log"') < html.index('id="runner-top"')
    block = top(html)
    assert 'hx-swap-oob="true"' in block and 'data-advice-now="stop"' in block
    # The page itself has it once, not out of band.
    full = page(client, shared)
    assert full.count('id="runner-top"') == 1 and "hx-swap-oob" not in top(full)


# Without JavaScript, back to the page the change was made on.


def history(routine) -> str:
    return reverse("session_history", args=[routine.share_token])


def test_a_delete_from_the_history_page_comes_back_to_it(client, shared):
    session = log(shared, days_ago=1)
    here = history(shared)
    html = client.get(f"{here}?delete={session.pk}").content.decode()
    assert f'name="next" value="{here}"' in html
    url = reverse("session_delete", args=[shared.share_token, session.pk])
    response = client.post(url, {"confirm": "yes", "next": here}, follow=True)
    assert response.redirect_chain == [(f"{here}#action-message", 302)]
    assert "Entry deleted." in response.content.decode()
    assert not shared.sessions.exists()


def test_a_next_morning_answer_from_the_history_page_comes_back_to_it(client, shared):
    session = log(shared, days_ago=1)
    here = history(shared)
    html = client.get(here).content.decode()
    form = html[
        html.index(f'action="{reverse("session_morning", args=[shared.share_token, session.pk])}') :
    ]
    assert f'name="next" value="{here}"' in form[: form.index("</form>")]
    url = reverse("session_morning", args=[shared.share_token, session.pk])
    response = client.post(url, {"morning": "worse", "next": here}, follow=True)
    assert response.redirect_chain == [(f"{here}#action-message", 302)]
    assert "Added how the next morning felt." in response.content.decode()


def test_an_earlier_sessions_page_comes_back_to_itself(client, shared):
    for days in range(10):
        log(shared, days_ago=days)
    oldest = shared.sessions.order_by("day").first()
    here = f"{reverse('session_list', args=[shared.share_token])}?page=1"
    html = client.get(f"{here}&delete={oldest.pk}").content.decode()
    assert f'name="next" value="{here.replace("&", "&amp;")}"' in html or (
        f'name="next" value="{here}"' in html
    )
    url = reverse("session_delete", args=[shared.share_token, oldest.pk])
    response = client.post(url, {"confirm": "yes", "next": here})
    assert response["Location"] == f"{here}#action-message"


@pytest.mark.parametrize(
    "next_",
    [
        "https://evil.example/r/x/log/",
        "//evil.example/",
        "/routines/",
        "/r/someone-elses-token/log/",
        "/r/{token}/log/?delete=1",
        "/r/{token}/sessions/earlier/?page=1&x=2",
        "/r/{token}/",
        "",
    ],
)
def test_anything_else_goes_back_to_the_runner_s_page(client, shared, next_):
    session = log(shared, days_ago=1)
    url = reverse("session_delete", args=[shared.share_token, session.pk])
    response = client.post(url, {"confirm": "yes", "next": next_.format(token=shared.share_token)})
    assert response["Location"] == f"{shared.get_share_url()}#log"


def test_with_htmx_nothing_changes(client, shared):
    session = log(shared, days_ago=1)
    url = reverse("session_delete", args=[shared.share_token, session.pk])
    response = client.post(url, {"confirm": "yes", "next": history(shared)}, headers=HTMX)
    assert response.status_code == 200 and 'id="log"' in response.content.decode()


def test_the_runner_s_page_forms_carry_no_next(client, shared):
    session = log(shared, days_ago=1)
    html = client.get(f"{shared.get_share_url()}?delete={session.pk}").content.decode()
    assert 'name="next"' not in html


def test_a_doctor_today_prints_who_and_how(client, shared, settings):
    """On paper the advice block (the GP surgery, the number) is left out and the buttons too:
    the top line alone said "See a doctor today". Its print-only part says who and how, from
    the same settings as the block (routines.css shows it in print only; the browser test
    tests/e2e/test_runner_print_advice_e2e.py looks at the printed page)."""
    settings.URGENT_CARE_TEXT = "Ring the surgery before noon."
    settings.URGENT_CARE_NUMBER = "116117"
    log(shared, warning_signs=["red_or_warm"])
    block = top(page(client, shared))
    how = block.split('class="advice-now-how"')[1]
    assert "Ring the surgery before noon." in how
    assert 'href="tel:116117"' in how and 'href="tel:999"' in how


@pytest.mark.parametrize(("told", "number"), [("urgent", "tel:111"), ("emergency", "tel:999")])
def test_a_deleted_entrys_reminder_prints_who_and_how(client, shared, told, number):
    """The reminder of what a deleted entry told (a doctor today, emergency care) has only a
    button to the checker, left out of print: its print-only part says who and how."""
    make_notice(shared, day=timezone.localdate(), advice=told)
    html = page(client, shared)
    reminder = html.split('id="deleted-advice"')[1].split("</section>")[0]
    assert f'href="{number}"' in reminder.split('class="advice-now-how"')[1]
