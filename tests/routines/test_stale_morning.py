"""A stale tab never overwrites a next-morning answer (tester: a runner answered "worse" in one
tab, then "better" in a second tab still showing the old page, and the "worse" that eases the
next session back and alerts the coach was gone). Each answer form says what its page showed
(`was`); the stored answer decides, under the routine's lock: already what is sent, nothing
changes; no longer what the page showed, 409 with what it says now, beside the entry, focused;
otherwise it is changed."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from routines import services
from routines.models import SessionLog
from tests.routines.conftest import history_url
from tests.routines.test_session_log import log

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "log"}
STALE = "(perhaps in another tab)"


def morning_url(routine, session) -> str:
    return reverse("session_morning", args=[routine.share_token, session.pk])


def entry(html: str, session) -> str:
    start = html.rindex("<li", 0, html.index(f'id="session-{session.pk}"'))
    return html[start : html.index("</li>", start)]


def stored(session) -> tuple[str, str]:
    session.refresh_from_db()
    return session.morning, session.advice


# The service: a compare-and-set on the stored answer.


def test_the_message_names_the_day_what_it_says_now_and_the_answer_meant():
    said = services.morning_changed_elsewhere(day=date(2026, 11, 28), now="worse", sent="better")
    assert said == (
        "Not changed: the next morning after Sat 28 Nov was already answered “Worse” "
        "(perhaps in another tab). Change it again if you meant “Better”."
    )


def test_a_stale_page_cannot_overwrite_an_answer_given_since(shared):
    session = log(shared, days_ago=1)
    page_drawn = SessionLog.objects.get(pk=session.pk)  # what the second tab read: no answer
    services.session_set_morning(session=session, morning="worse", was="")
    with pytest.raises(services.MorningChanged) as refused:
        services.session_set_morning(session=page_drawn, morning="better", was="")
    assert refused.value.code == "stale"
    assert (refused.value.entry_pk, refused.value.now) == (session.pk, "worse")
    assert "already answered “Worse”" in refused.value.messages[0]
    # The stored row decided, not the object passed in (which still says "no answer").
    assert page_drawn.morning == ""
    assert stored(session) == ("worse", "ease_back")


def test_a_change_from_the_answer_shown_goes_through(shared):
    session = log(shared, days_ago=1)
    assert services.session_set_morning(session=session, morning="worse").changed
    answer = services.session_set_morning(session=session, morning="better", was="worse")
    assert (answer.before, answer.changed, answer.session.pk) == ("worse", True, session.pk)
    assert stored(session) == ("better", "continue")


def test_the_same_answer_twice_is_fine_and_writes_nothing(shared):
    session = log(shared, days_ago=1)
    services.session_set_morning(session=session, morning="worse", was="")
    # A double submit, or the same answer from a second tab: read under the lock, not written.
    with CaptureQueriesContext(connection) as queries:
        again = services.session_set_morning(session=session, morning="worse", was="")
    assert not [q["sql"] for q in queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert (again.before, again.changed) == ("worse", False)
    assert stored(session) == ("worse", "ease_back")


def test_an_answer_on_another_entry_of_the_day_is_not_overwritten_either(shared):
    """The day's answer is on its carrier: a page that showed none for the day (its radios on
    the day's latest entry) may not overwrite the answer the day got since."""
    earlier = log(shared, days_ago=1)
    later = log(shared, days_ago=1)
    services.session_set_morning(session=later, morning="worse")
    with pytest.raises(services.MorningChanged) as refused:
        services.session_set_morning(session=earlier, morning="same", was="")
    assert refused.value.entry_pk == later.pk
    assert stored(later) == ("worse", "ease_back") and stored(earlier)[0] == ""


@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_two_answers_at_the_same_time_from_pages_that_showed_none_only_one_wins(shared):
    """Both tabs showed no answer and send at once: one is saved, the other refused as stale,
    and what is stored is the one that was saved (the routine's lock orders them)."""
    session = log(shared, days_ago=1)
    for _round in range(5):
        SessionLog.objects.filter(pk=session.pk).update(morning="")
        saved, refused = _race(session, "worse", "better")
        assert len(saved) == 1 and len(refused) == 1
        assert SessionLog.objects.get(pk=session.pk).morning == saved[0]


def _race(session, *answers: str) -> tuple[list[str], list[str]]:
    """Each of `answers` sent at once, from a page that showed no answer, one thread each:
    the answers saved and those refused as stale."""
    start = threading.Barrier(len(answers))
    saved: list[str] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def answer(morning: str) -> None:
        try:
            tab = SessionLog.objects.get(pk=session.pk)
            start.wait(timeout=10)
            services.session_set_morning(session=tab, morning=morning, was="")
            saved.append(morning)
        except services.MorningChanged:
            refused.append(morning)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(morning,)) for morning in answers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return saved, refused


# The views: the form says what its page showed; a stale one is refused with 409, beside the
# entry, on the page it was sent from, the entry focused.


def _earlier_page(routine):
    return f"{reverse('session_list', args=[routine.share_token])}?page=1"


PAGES = {
    # name: (headers, `next` to send, whether the answer comes back without JavaScript)
    "runner-htmx": (HTMX, None),
    "runner-plain": ({}, None),
    "history-plain": ({}, history_url),
    "earlier-plain": ({}, _earlier_page),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_a_second_tab_showing_no_answer_is_refused_with_what_the_day_says_now(client, shared, page):
    headers, back = PAGES[page]
    if page == "earlier-plain":
        for days in range(2, 9):  # the target is beyond the runner's page's newest five
            log(shared, days_ago=days)
        session = shared.sessions.order_by("day", "pk").first()
    else:
        session = log(shared, days_ago=1)
    # The form as the page shows it, wherever it is: it says the page showed no answer.
    shown = {
        "runner-htmx": lambda: client.get(history_url(shared), headers=HTMX),
        "runner-plain": lambda: client.get(shared.get_share_url()),
        "history-plain": lambda: client.get(history_url(shared)),
        "earlier-plain": lambda: client.get(_earlier_page(shared)),
    }[page]().content.decode()
    url = morning_url(shared, session)
    form = shown[shown.index(f'action="{url}#') :]
    assert '<input type="hidden" name="was" value="">' in form[: form.index("</form>")]
    data = {"next": back(shared)} if back else {}
    first = client.post(url, {**data, "morning": "worse", "was": ""}, headers=headers)
    assert first.status_code in (200, 302)
    second = client.post(url, {**data, "morning": "better", "was": ""}, headers=headers)
    assert second.status_code == 409
    html = second.content.decode()
    assert (headers == {}) is ("<html" in html)  # htmx gets the log alone
    mine = entry(html, session)
    day = session.day
    said = (
        f"Not changed: the next morning after {day:%a} {day.day} {day:%b} was already "
        "answered “Worse” (perhaps in another tab). Change it again if you meant “Better”."
    )
    # Beside the entry, red, as an alert; the entry shows what it says now, focused.
    alert = f'class="alert alert-danger py-1 px-2 small mb-1 morning-stale" role="alert">{said}'
    assert alert in mine
    assert "Next morning: worse" in mine and 'name="morning"' not in mine
    assert 'tabindex="-1" data-autofocus autofocus>' in mine[: mine.index(">") + 1]
    assert html.count(STALE) == 1
    assert "Changed how the next morning felt" not in html
    if back:  # the page it was sent from, not the runner's page
        assert 'id="earlier-heading"' in html and 'id="log-form"' not in html
    else:
        assert 'id="log-form"' in html
    assert stored(session) == ("worse", "ease_back")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_double_submit_of_the_same_answer_is_fine(client, shared, headers):
    session = log(shared, days_ago=1)
    url = morning_url(shared, session)
    for _ in range(2):
        response = client.post(url, {"morning": "worse", "was": ""}, headers=headers)
        assert response.status_code == (200 if headers else 302)
    html = response.content.decode() if headers else client.get(response["Location"]).content
    assert "That next-morning answer was already saved: nothing changed." in str(html)
    assert stored(session) == ("worse", "ease_back")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_an_old_page_without_was_may_answer_but_not_change(client, shared, headers):
    """A page from before the forms said what they showed (cached HTML): counted as showing
    no answer, so it may give the day's first answer but not overwrite one."""
    session = log(shared, days_ago=1)
    url = morning_url(shared, session)
    assert client.post(url, {"morning": "worse"}, headers=headers).status_code in (200, 302)
    assert client.post(url, {"morning": "same"}, headers=headers).status_code == 409
    assert client.post(url, {"morning": "same", "was": "bogus"}, headers=headers).status_code == (
        409
    )
    assert stored(session) == ("worse", "ease_back")


def test_a_change_sent_from_the_change_step_goes_through(client, shared):
    session = log(shared, days_ago=1, morning="worse")
    step = client.get(f"{shared.get_share_url()}?morning={session.pk}").content.decode()
    assert '<input type="hidden" name="was" value="worse">' in entry(step, session)
    response = client.post(
        morning_url(shared, session), {"morning": "better", "was": "worse"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "Changed how the next morning felt." in response.content.decode()
    assert stored(session) == ("better", "continue")


def test_a_change_from_a_stale_change_step_is_refused(client, shared):
    """Tab 2 opened "Change" while the answer was "the same"; tab 1 changed it to "worse"."""
    session = log(shared, days_ago=1, morning="same")
    url = morning_url(shared, session)
    client.post(url, {"morning": "worse", "was": "same"})
    response = client.post(url, {"morning": "better", "was": "same"}, headers=HTMX)
    assert response.status_code == 409
    assert "was already answered “Worse”" in entry(response.content.decode(), session)
    assert stored(session) == ("worse", "ease_back")


def test_after_a_refused_stale_answer_the_coach_still_sees_worse(client, coach, shared):
    session = log(shared, days_ago=1)
    url = morning_url(shared, session)
    client.post(url, {"morning": "worse", "was": ""})
    assert client.post(url, {"morning": "better", "was": ""}).status_code == 409
    client.force_login(coach)
    panel = client.get(shared.get_absolute_url()).content.decode()
    panel = panel[panel.index('id="follow-up"') :]
    assert 'data-alert="ease-back"' in panel[:600]
    assert 'data-look="ease-back"' in panel
    assert "next morning worse" in panel
    assert f'<li id="session-{session.pk}">' in panel
    listed = panel[panel.index(f'<li id="session-{session.pk}">') :]
    assert "morning worse" in listed[: listed.index("</li>")]


def test_a_stale_answer_for_an_entry_beyond_the_page_is_said_at_the_top(client, shared):
    """Sent from an earlier-sessions page whose entry new entries have moved to the history:
    the refusal at the top of the page, focused."""
    session = log(shared, days_ago=1)
    services.session_set_morning(session=session, morning="worse")
    response = client.post(
        morning_url(shared, session),
        {"morning": "better", "was": "", "next": _earlier_page(shared)},
    )
    assert response.status_code == 409
    html = response.content.decode()
    start = html.index('class="alert alert-danger py-2 morning-stale"')
    alert = html[start : html.index("</p>", start)]
    assert 'role="alert"' in alert and "data-autofocus autofocus" in alert
    assert "already answered “Worse”" in alert

