"""The next-morning question on the runner's page as opened: a safety input of the advice
(a worse next morning means ease back), so while one is due it is asked there, first, and
not only in the log's history (which loads when scrolled to, or on a page of its own)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat

from routines.models import SessionLog
from tests.routines.test_session_log import HTMX, log

pytestmark = pytest.mark.django_db




def due_block(html: str) -> str:
    """The page's due question (#morning-due), or "" when there is none."""
    if 'id="morning-due"' not in html:
        return ""
    block = html[html.index('id="morning-due"') :]
    return block[: block.index('id="log-form-heading"')]


def day_name(session) -> str:
    return dateformat.format(session.day, "j F")


def page(client, routine) -> str:
    return client.get(routine.get_share_url()).content.decode()


def test_a_due_question_is_on_the_page_as_opened_before_the_log_form(client, shared):
    session = log(shared, days_ago=2)
    html = page(client, shared)
    block = due_block(html)
    assert f"How did the hip feel the morning after {day_name(session)}?" in block
    url = reverse("session_morning", args=[shared.share_token, session.pk])
    assert f'action="{url}#session-{session.pk}"' in block and f'hx-post="{url}"' in block
    assert len(re.findall(r'type="radio" name="morning"', block)) == 3
    assert 'name="tz"' in block and 'name="submission"' in block and 'type="submit"' in block
    # Where the runner sees it first: before the log form, after the advice.
    assert html.index('id="morning-due"') < html.index('id="log-form"')
    assert html.index('id="advice"') < html.index('id="morning-due"')
    # The history is not on the page as opened: the question is there anyway.
    assert 'id="session-' not in html


def test_no_question_when_none_is_due(client, shared):
    assert due_block(page(client, shared)) == ""  # nothing logged
    log(shared)  # today's: its morning has not come
    assert due_block(page(client, shared)) == ""
    log(shared, days_ago=3, morning="same")  # answered
    assert due_block(page(client, shared)) == ""


def test_a_day_answered_on_another_entry_is_not_asked(client, shared):
    log(shared, days_ago=2, morning="better")
    log(shared, days_ago=2)  # a later entry of an answered day carries nothing
    assert due_block(page(client, shared)) == ""


def test_with_several_due_the_most_recent_is_asked_and_the_others_counted(client, shared):
    log(shared, days_ago=5)
    log(shared, days_ago=4)
    latest = log(shared, days_ago=2)
    log(shared, days_ago=3, morning="worse")
    block = due_block(page(client, shared))
    assert f"the morning after {day_name(latest)}?" in block
    assert block.count('class="morning-form"') == 1
    assert "2 earlier days also wait for the next morning" in block
    assert f'href="{reverse("session_history", args=[shared.share_token])}"' in block


def test_the_question_costs_the_page_no_query(client, shared):
    log(shared, days_ago=4, morning="same")
    session = log(shared, days_ago=3)
    client.get(shared.get_share_url())  # the cache warm, as the budgets measure
    with CaptureQueriesContext(connection) as due:
        assert due_block(client.get(shared.get_share_url()).content.decode())
    SessionLog.objects.filter(pk=session.pk).update(morning="better")
    with CaptureQueriesContext(connection) as answered:
        assert not due_block(client.get(shared.get_share_url()).content.decode())
    assert len(due) == len(answered)


def test_its_radios_do_not_share_ids_with_the_history_s(client, shared):
    session = log(shared, days_ago=2)
    block = due_block(page(client, shared))
    history = client.get(reverse("session_history", args=[shared.share_token]), headers=HTMX)
    ids = set(re.findall(r'id="(morning-[^"]+)"', history.content.decode()))
    assert ids and f"morning-{session.pk}-worse" in ids
    assert not ids & set(re.findall(r'id="([^"]+)"', block))


def submitted(block: str) -> dict:
    return {
        "submission": re.search(r'name="submission" value="([^"]+)"', block).group(1),
        "tz": "",
    }


def test_answering_from_the_page_without_javascript_comes_back_to_it(client, shared):
    session = log(shared, days_ago=2, pain=2)
    block = due_block(page(client, shared))
    url = re.search(r'action="([^"#]+)', block).group(1)
    response = client.post(url, {"morning": "worse", **submitted(block)})
    assert response.status_code == 302
    assert response["Location"] == f"{shared.get_share_url()}#advice"
    session.refresh_from_db()
    assert session.morning == "worse"
    html = client.get(response["Location"]).content.decode()
    assert "Added how the next morning felt." in html
    assert 'data-advice="ease_back"' in html  # the worse morning eased the advice back
    assert due_block(html) == ""


def test_answering_from_the_page_with_htmx_swaps_the_log_focused_on_the_advice(client, shared):
    log(shared, days_ago=3)
    session = log(shared, days_ago=2)
    block = due_block(page(client, shared))
    url = re.search(r'hx-post="([^"]+)"', block).group(1)
    response = client.post(url, {"morning": "worse", **submitted(block)}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="log"')
    assert "Added how the next morning felt." in html
    advice = html[html.index('id="advice"') :]
    assert "data-autofocus" in advice[: advice.index("</div>")]
    session.refresh_from_db()
    assert session.morning == "worse"


def test_a_double_submit_answers_once(client, shared):
    session = log(shared, days_ago=2)
    block = due_block(page(client, shared))
    url = re.search(r'action="([^"#]+)', block).group(1)
    data = {"morning": "worse", **submitted(block)}
    first = client.post(url, data)
    # The second click of a double click (same form, same key): not saved again, and it
    # answers as the first did, not with "Changed how the next morning felt".
    second = client.post(url, data)
    assert second.status_code == 302
    assert second["Location"].split("#")[0] == first["Location"].split("#")[0]
    session.refresh_from_db()
    assert session.morning == "worse"
    messages = client.get(first["Location"]).content.decode()
    assert "Changed how the next morning felt" not in messages
    # The same key with another answer is not a double click but the form sent again after
    # Back (hipcare.submissions): drawn with no answer, it is refused as answered since, and
    # says what the answer is now; nothing changes.
    again = client.post(url, {**data, "morning": "better"})
    assert again.status_code == 409
    assert "worse" in again.content.decode().lower()
    session.refresh_from_db()
    assert session.morning == "worse"


def test_a_bad_answer_from_the_page_is_refused_with_a_message(client, shared):
    session = log(shared, days_ago=2)
    block = due_block(page(client, shared))
    url = re.search(r'action="([^"#]+)', block).group(1)
    response = client.post(url, {"morning": "", **submitted(block)})
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    session.refresh_from_db()
    assert session.morning == ""
