"""The log's history as a page of its own (/r/<token>/log/ without JavaScript): a runner lands
there after deleting an entry or answering a next-morning question without JavaScript, so it
shows the advice now at its top, as the runner's page does (with the call buttons for an
emergency), linked to the runner's page where the advice is said in full, and no query more
for it. A next-morning answer refused there (422) comes back on that page, the error beside
the entry, focused, not on the runner's page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import miss_fragments
from tests.routines.conftest import history_url, uk_day
from tests.routines.test_runner_top import LEVELS, ids, top
from tests.routines.test_session_log import log

pytestmark = pytest.mark.django_db


def per_visit_masked(html: str) -> str:
    return re.sub(
        r'name="(csrfmiddlewaretoken|submission)" value="[^"]+"', r'name="\1" value=""', html
    )


def history(client, routine) -> str:
    return client.get(history_url(routine)).content.decode()


@pytest.mark.parametrize("level", list(LEVELS))
def test_the_history_page_shows_the_advice_now_at_its_top(client, shared, level):
    fields, key, words = LEVELS[level]
    log(shared, **fields)
    html = history(client, shared)
    block = top(html)
    assert block, "no top block on the history page"
    assert html.index('id="runner-top"') < html.index('id="earlier-heading"')
    assert f'data-advice-now="{key}"' in block and f"<strong>{words}</strong>" in block
    # The advice in full is on the runner's page: the line links there.
    runner_page = shared.get_share_url()
    assert f'href="{runner_page}#advice"' in block
    assert "advice" in ids(client.get(runner_page).content.decode())
    # Call buttons on screen for an emergency only; a doctor today's who and how is there for
    # paper only (.advice-now-how, as on the runner's page: test_runner_top).
    on_screen = block.split('class="advice-now-how"')[0]
    assert ('href="tel:999"' in on_screen and 'href="tel:112"' in on_screen) is (
        key == "emergency"
    )
    assert ('class="advice-now-how"' in block) is (key == "urgent")
    assert f'href="{runner_page}#log-form-heading">Log a session</a>' in block
    # Its jumps lead to another page, and say so.
    assert 'aria-label="On your routine\'s page"' in block


def test_no_advice_line_on_the_history_page_for_carry_on(client, shared):
    log(shared, pain=2)
    block = top(history(client, shared))
    assert "advice-now" not in block
    assert f'href="{shared.get_share_url()}#log-form-heading"' in block


def test_after_a_delete_without_javascript_the_history_page_says_the_advice_now(client, shared):
    log(shared, days_ago=2, warning_signs=["saddle_or_bladder"])
    calm = log(shared, days_ago=2, pain=1)
    url = reverse("session_delete", args=[shared.share_token, calm.pk])
    response = client.post(url, {"confirm": "yes", "next": history_url(shared)}, follow=True)
    assert response.redirect_chain == [(f"{history_url(shared)}#action-message", 302)]
    block = top(response.content.decode())
    assert 'data-advice-now="emergency"' in block and 'href="tel:999"' in block


def queries_of(client, url) -> tuple[str, int]:
    """The page at `url` and how many queries it made. Read inside the request's bounds: the
    test client's request_started resets the connection's query log."""
    with CaptureQueriesContext(connection):
        html = client.get(url).content.decode()
        return html, len(connection.queries)


def test_the_advice_line_costs_the_history_page_no_query(client, shared):
    """A stop-level log reads no more than a carry-on one (the advice is worked out from the
    entries the page reads anyway)."""
    calm = log(shared, days_ago=1, pain=2, morning="same")
    history(client, shared)
    miss_fragments()
    html, quiet = queries_of(client, history_url(shared))
    assert "advice-now" not in top(html)
    calm.delete()
    log(shared, days_ago=1, pain=8, morning="same")
    history(client, shared)
    miss_fragments()
    html, loud = queries_of(client, history_url(shared))
    assert 'data-advice-now="stop"' in top(html)
    assert loud == quiet > 0


def test_the_htmx_partial_has_no_top_block_and_the_earlier_pages_say_the_advice(client, shared):
    log(shared, pain=8)
    html = client.get(history_url(shared), headers={"HX-Request": "true"}).content.decode()
    assert 'id="runner-top"' not in html and 'id="log-history"' in html
    # Every page listing the runner's entries says what they are told now (a fresh tester:
    # no "Your advice now" on the earlier entries while the advice was emergency care).
    earlier = client.get(reverse("session_list", args=[shared.share_token])).content.decode()
    assert 'data-advice-now="stop"' in top(earlier) and "Earlier entries" in earlier


# A next-morning answer refused on the history page (or an earlier-sessions page) without
# JavaScript comes back there, the error beside the entry, focused.


def morning_url(routine, session) -> str:
    return reverse("session_morning", args=[routine.share_token, session.pk])


def entry(html: str, session) -> str:
    start = html.index(f'id="session-{session.pk}"')
    return html[start : html.index("</li>", start)]


@pytest.mark.parametrize(
    ("sent", "error"),
    [({}, "Choose better, the same or worse."), ({"morning": "fine"}, "Choose better")],
    ids=["no-choice", "tampered"],
)
def test_a_refused_answer_from_the_history_page_comes_back_to_it(client, shared, sent, error):
    session = log(shared, days_ago=1)
    here = history_url(shared)
    response = client.post(morning_url(shared, session), {**sent, "next": here})
    assert response.status_code == 422
    html = response.content.decode()
    # The history page (its heading, the top block), not the runner's page (its sheet, form).
    assert 'id="earlier-heading"' in html and 'id="log-form"' not in html
    assert 'class="routine-sheet' not in html and 'id="runner-top"' in html
    mine = entry(html, session)
    assert error in mine and "Your next-morning answer was not saved." in mine
    # The entry takes the focus, its radios are there again, described by the error, and
    # the form still comes back here.
    assert 'tabindex="-1" data-autofocus' in mine[: mine.index(">")]
    assert f'aria-describedby="morning-error-{session.pk}"' in mine
    assert f'id="morning-error-{session.pk}"' in mine and 'name="morning"' in mine
    assert f'name="next" value="{here}"' in mine
    assert html.count("was not saved") == 1
    session.refresh_from_db()
    assert not session.morning


def test_a_refused_change_from_the_history_page_shows_the_radios_again(client, shared):
    session = log(shared, days_ago=1, morning="same")
    here = history_url(shared)
    response = client.post(morning_url(shared, session), {"morning": "meh", "next": here})
    assert response.status_code == 422
    mine = entry(response.content.decode(), session)
    assert "Choose better, the same or worse." in mine
    assert f'value="same" id="morning-{session.pk}-same" required checked' in mine
    assert "Keep “the same”" in mine
    session.refresh_from_db()
    assert session.morning == "same"


def test_a_refused_answer_from_an_earlier_sessions_page_comes_back_to_it(client, shared):
    for days in range(1, 9):
        log(shared, days_ago=days)
    oldest = shared.sessions.order_by("day").first()
    here = f"{reverse('session_list', args=[shared.share_token])}?page=1"
    response = client.post(morning_url(shared, oldest), {"next": here})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Earlier entries" in html and 'id="log-form"' not in html
    mine = entry(html, oldest)
    assert "Choose better, the same or worse." in mine
    assert 'tabindex="-1" data-autofocus' in mine[: mine.index(">")]


def test_without_a_next_a_refused_answer_is_still_the_runner_s_page(client, shared):
    session = log(shared, days_ago=1)
    response = client.post(morning_url(shared, session), {})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="log-form"' in html and "Choose better, the same or worse." in html


def test_an_answer_before_its_morning_is_refused_beside_the_entry(client, shared):
    uk_day(client)
    session = log(shared)  # today's: its next morning is tomorrow
    response = client.post(
        morning_url(shared, session), {"morning": "better", "next": history_url(shared)}
    )
    assert response.status_code == 422
    mine = entry(response.content.decode(), session)
    assert "has not come yet" in mine and f'id="morning-error-{session.pk}"' in mine
    assert 'tabindex="-1" data-autofocus' in mine[: mine.index(">")]


def test_an_entry_no_longer_on_the_page_it_was_sent_from_gets_the_error_at_the_top(client, shared):
    """Sent from an earlier-sessions page, but new entries have moved it to the history."""
    session = log(shared, days_ago=1)
    here = f"{reverse('session_list', args=[shared.share_token])}?page=1"
    response = client.post(morning_url(shared, session), {"morning": "x", "next": here})
    assert response.status_code == 422
    html = response.content.decode()
    alert = html[html.index('class="alert alert-danger') :]
    alert = alert[: alert.index("</p>")]
    assert "Choose better, the same or worse." in alert and "data-autofocus" in alert


# What the history reads: its three queries (the routine with its count, the entries of the
# weeks shown, what they ticked), never the days its entries are on, which only the runner's
# page as first opened says.


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_the_history_reads_the_routine_without_counting_its_days(client, shared, htmx):
    for days_ago in (1, 1, 3):
        log(shared, days_ago=days_ago)
    headers = {"HX-Request": "true"} if htmx else {}
    client.get(history_url(shared), headers=headers)
    with CaptureQueriesContext(connection) as read:
        html = client.get(history_url(shared), headers=headers).content.decode()
    assert 'id="log-history"' in html and html.count('class="session-entry') == 3
    sql = [query["sql"] for query in read.captured_queries]
    assert len(sql) == 3
    assert not any("DISTINCT" in query for query in sql)


def test_the_runners_page_still_says_on_how_many_days(client, shared):
    for days_ago in (1, 1, 3):
        log(shared, days_ago=days_ago)
    html = client.get(shared.get_share_url()).content.decode()
    assert "3 entries logged over 2 days" in html


def test_the_history_page_reads_its_links_and_header_from_the_cache_as_drawn(client, shared):
    """The page's stylesheet and script links, and for a visitor not signed in its header, come
    from the fragments cache (as the runner's page reads them): the page is the same drawn or
    read back, and a signed-in visitor (the coach trying the link) gets their own header, never
    the cached anonymous one. Nothing of the log is in those parts."""
    from tests.conftest import cache_entries

    log(shared, pain=3, note="wombat-note")
    miss_fragments()
    drawn = history(client, shared)
    cached = "\n".join(str(value) for _key, value in cache_entries())
    # The head's links (the history's own stylesheet too) and the header.
    assert "css/routines" in cached and "css/hipcare" in cached and "Sign in" in cached
    assert "wombat-note" not in cached and "out of 10" not in cached
    # The same page but for the values made anew for each visit: a form's CSRF token and
    # one-time submission key (the next morning's form, once its morning has come).
    assert per_visit_masked(history(client, shared)) == per_visit_masked(drawn)
    assert "css/routines" in drawn and "wombat-note" in drawn
    coach = shared.owner
    client.force_login(coach)
    signed_in = history(client, shared)
    assert "Sign out" in signed_in and "Sign in</a>" not in signed_in
