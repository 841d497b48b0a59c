"""The runner's page asks the next-morning question wherever the history does, on the
browser's own day too (tester, on a phone, 1 Dec at ~23:30 UTC: two entries logged for
1 December, then the page opened with the phone in Pacific/Kiritimati, where it was already
2 December; the page as opened asked nothing, the history asked "How did the hip feel the
morning after 1 December?", and its "Worse" made the advice "Ease back").

A page is drawn for the day the server knows: the zone cookie the browser sent (set by
static/js/hipcare.js, so on a first visit there is none, and after the phone's zone changed
it is the old zone's until the script has run once), else the runner's clock from their log,
else UK time. The history draws the question for today's and yesterday's entries both ways,
the radios hidden where the page's day says not yet, and the script shows them on the
browser's own day (data-morning-ask, data-page-today). The runner's page drew its "morning
due" block only where the page's day said due, so on a page drawn a day behind the browser's
the script had nothing to show. It now draws the question the history would show the
browser next (the most recent day's), hidden, for the script to show on the same rule; without
JavaScript it stays hidden, as the history's radios do."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.routines.conftest import entry_of, log_by_form

# 23:30 UTC on Tue 1 Dec: still the 1st in London, already 13:30 on Wed 2 Dec in Kiritimati.
NIGHT = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
FORM = re.compile(r"<form [^>]*morning-form[^>]*>")

pytestmark = [pytest.mark.django_db, pytest.mark.clock(NIGHT)]


def ask(tag: str) -> tuple[str, str, bool]:
    """(data-morning-ask, data-page-today, hidden) of a tag that asks the question."""
    asked = re.search(r'data-morning-ask="([^"]*)"', tag)
    today = re.search(r'data-page-today="([^"]*)"', tag)
    assert asked and today, tag
    return asked.group(1), today.group(1), " hidden" in tag


def shown_on(asked: tuple[str, str, bool], browser_today: str) -> bool:
    """Whether static/js/hipcare.js (browserDays) leaves the tag shown on a browser whose
    today is `browser_today`."""
    from_day, page_today, hidden = asked
    if page_today == browser_today:
        return not hidden
    return browser_today >= from_day


def pages(client, routine, carrier):
    """(the history's morning form for `carrier`, the runner's page)."""
    history = client.get(reverse("session_history", args=[routine.share_token])).content.decode()
    form = FORM.search(entry_of(history, carrier))
    assert form, "the history draws the question"
    return form.group(0), client.get(routine.get_share_url()).content.decode()


def morning_tags(page: str) -> list[str]:
    """The opening tags of the runner's page's next-morning blocks and jump links."""
    return re.findall(r'<(?:div|li)\b[^>]*id="morning-due[^"]*"[^>]*>', page) + re.findall(
        r"<li\b[^>]*data-morning-ask[^>]*>", page
    )


@pytest.mark.parametrize(
    "cookie", [None, "Europe/London"], ids=["first visit", "cookie of the zone logged in"]
)
def test_the_page_drawn_a_day_behind_the_browser_asks_it_on_the_browsers_day(
    client, shared_1_nov, cookie
):
    """The tester's case: logged in London, opened where it is already 2 December."""
    client.cookies["hipcare_tz"] = "Europe/London"
    log_by_form(client, shared_1_nov, "2026-12-01", tz="Europe/London")
    carrier = log_by_form(client, shared_1_nov, "2026-12-01", tz="Europe/London")
    client.cookies.clear()
    if cookie:
        client.cookies["hipcare_tz"] = cookie
    history_form, page = pages(client, shared_1_nov, carrier)
    # Where the page was drawn for 1 December, the history's radios wait for the script.
    assert ask(history_form) == ("2026-12-02", "2026-12-01", True)
    top = page[page.index("The morning after 1 December") - 400 :]
    top = top[: top.index("</form>")]
    tags = morning_tags(page)
    assert tags, "the runner's page draws the question for the script to show"
    for browser_today, asked in (("2026-12-02", True), ("2026-12-01", False)):
        assert shown_on(ask(history_form), browser_today) is asked
        for tag in tags:
            assert shown_on(ask(tag), browser_today) is asked, (tag, browser_today)
        # The form inside the block follows the same rule.
        assert shown_on(ask(FORM.search(top).group(0)), browser_today) is asked
    # Its radios post the answer for the day's carrier, as the history's do.
    assert f"/{carrier.pk}/" in FORM.search(top).group(0)
    assert top.count('type="radio"') == 3


def test_the_page_drawn_on_the_browsers_day_asks_it_shown(client, shared_1_nov):
    """Drawn with the browser's own zone (Kiritimati's cookie): asked as due, as before."""
    log_by_form(client, shared_1_nov, "2026-12-01", tz="Europe/London")
    carrier = log_by_form(client, shared_1_nov, "2026-12-01", tz="Europe/London")
    client.cookies["hipcare_tz"] = "Pacific/Kiritimati"
    history_form, page = pages(client, shared_1_nov, carrier)
    assert ask(history_form) == ("2026-12-02", "2026-12-02", False)
    due = page[page.index('id="morning-due"') :]
    assert "The morning after 1 December" in due[: due.index("</form>")]
    assert 'id="morning-due-ahead"' not in page


def test_an_older_day_due_keeps_its_block_and_the_newer_waits_for_the_script(client, shared_1_nov):
    """30 November's morning is due on the page's day (London, 1 December): asked, shown; the
    1 December entry's, due on the browser's day in Kiritimati, drawn for the script."""
    client.cookies["hipcare_tz"] = "Europe/London"
    log_by_form(client, shared_1_nov, "2026-11-30")
    log_by_form(client, shared_1_nov, "2026-12-01")
    page = client.get(shared_1_nov.get_share_url()).content.decode()
    due = page[page.index('id="morning-due"') :]
    assert "The morning after 30 November" in due[: due.index("</form>")]
    ahead = re.search(r'<div [^>]*id="morning-due-ahead"[^>]*>', page)
    assert ahead and ask(ahead.group(0)) == ("2026-12-02", "2026-12-01", True)
    block = page[ahead.start() :]
    assert "The morning after 1 December" in block[: block.index("</form>")]


def test_no_question_to_come_no_block(client, shared_1_nov):
    """Answered already: nothing drawn, hidden or not."""
    client.cookies["hipcare_tz"] = "Europe/London"
    log_by_form(client, shared_1_nov, "2026-11-30", morning="same")
    page = client.get(shared_1_nov.get_share_url()).content.decode()
    assert "morning-due" not in page
