"""An entry's step (`?delete=`, `?morning=`, `?entry=`) or a plain form (delete, answer the
morning) about an entry deleted in another tab says so, focused, on every page that lists
entries: the runner's page, the history page and the earlier-sessions pages (QA: the history
page came back at the top with nothing said)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.session_views import ENTRY_GONE, MORNING_ENTRY_GONE
from tests.routines.conftest import history_url

FOCUSED = re.compile(
    r'<p class="alert alert-warning py-2 entry-gone" role="alert" tabindex="-1" '
    r"data-autofocus autofocus>([^<]*)</p>"
)
HTMX = {"HX-Request": "true", "HX-Target": "log"}


def _deleted_entry(routine):
    day = timezone.localdate() - timedelta(days=1)
    services.session_log(routine=routine, day=day, pain=2, done=[])  # one that stays
    entry = services.session_log(routine=routine, day=day, pain=3, done=[])
    services.session_delete(session=entry)
    return entry


def _pages(routine):
    return {
        "runner": routine.get_share_url(),
        "history": history_url(routine),
        "earlier": f"{reverse('session_list', args=[routine.share_token])}?page=1",
    }


def _said_once_focused(html, text):
    found = FOCUSED.findall(html)
    assert found == [text], found
    # No other part of the page takes the focus from it.
    assert html.count(" autofocus") == 1


@pytest.mark.parametrize("page", ["runner", "history", "earlier"])
@pytest.mark.parametrize("step", ["delete", "morning", "entry"])
def test_an_entry_step_for_a_deleted_entry_says_so_focused(client, shared, page, step):
    entry = _deleted_entry(shared)
    url = _pages(shared)[page]
    joiner = "&" if "?" in url else "?"
    html = client.get(f"{url}{joiner}{step}={entry.pk}").content.decode()
    _said_once_focused(html, ENTRY_GONE)


FOCUSED_MESSAGE = re.compile(
    r'<div class="alert alert-warning" role="alert" id="action-message" tabindex="-1" '
    r"autofocus>([^<]*)</div>"
)


@pytest.mark.parametrize("page", ["runner", "history", "earlier"])
@pytest.mark.parametrize(
    ("action", "data", "said"),
    [
        ("session_delete", {"confirm": "yes"}, ENTRY_GONE),
        ("session_delete", {}, ENTRY_GONE),
        ("session_morning", {"morning": "same"}, MORNING_ENTRY_GONE),
    ],
)
def test_a_plain_form_about_a_deleted_entry_comes_back_saying_so_focused(
    client, shared, page, action, data, said
):
    entry = _deleted_entry(shared)
    url = _pages(shared)[page]
    sent = {**data, "next": url} if page != "runner" else data
    response = client.post(reverse(action, args=[shared.share_token, entry.pk]), sent)
    assert response.status_code == 302
    assert response["Location"] == f"{url}#action-message"
    html = client.get(response["Location"]).content.decode()
    assert FOCUSED_MESSAGE.findall(html) == [said]
    assert html.count(" autofocus") == 1
    assert "Entry deleted." not in html
    # Said once, not again on the next page.
    assert said not in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("action", "data", "said"),
    [
        ("session_delete", {"confirm": "yes"}, ENTRY_GONE),
        ("session_morning", {"morning": "same"}, MORNING_ENTRY_GONE),
    ],
)
def test_with_htmx_the_log_says_so_focused(client, shared, action, data, said):
    entry = _deleted_entry(shared)
    url = reverse(action, args=[shared.share_token, entry.pk])
    html = client.post(url, data, headers=HTMX).content.decode()
    assert re.search(
        r'class="alert alert-warning py-2 entry-gone" role="alert"[^>]*>' + re.escape(said), html
    )
    for step in ("delete", "morning", "entry"):
        html = client.get(shared.get_share_url(), {step: entry.pk}, headers=HTMX).content.decode()
        assert "entry-gone" in html and ENTRY_GONE in html
