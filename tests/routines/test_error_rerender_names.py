"""A form sent back with errors keeps the hidden words that name what its button acts on
(tester: the builder's dose form said "Save dose of Clamshell", and after sets 0, reps 15-5,
times 50 only "Save dose of "). The builder draws a dose form sent back with errors among its
item cards, which carry their name as `name`, not the item's `exercise`: the form is given its
own item. The same for the next-morning form, the other form drawn again with its errors."""

import re

import pytest
from django.urls import reverse

from tests.routines.test_builder import dose_data, items_url
from tests.routines.test_session_log import log

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/"}


def hidden_words(html: str, visible: str) -> list[str]:
    """The hidden words of every button whose visible words are `visible`."""
    return re.findall(
        rf'>{re.escape(visible)}<span class="visually-hidden">([^<]*)</span></button>', html
    )


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["no-js", "htmx"])
def test_the_dose_form_sent_back_with_errors_still_names_its_move(signed_in, routine, headers):
    item = routine.items.get(position=1)
    name = item.exercise.name
    page = signed_in.get(items_url(routine, "dose_item", item)).content.decode()
    assert hidden_words(page, "Save dose") == [f" of {name}"]
    data = dose_data(item, sets="0", work="15-5", frequency="50")
    refused = signed_in.post(items_url(routine, "edit_item", item), data, headers=headers)
    html = refused.content.decode()
    assert "is-invalid" in html or "invalid-feedback" in html  # sent back with its errors
    assert hidden_words(html, "Save dose") == [f" of {name}"]


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["no-js", "htmx"])
def test_the_next_morning_form_sent_back_with_an_error_still_names_its_day(client, shared, headers):
    session = log(shared, days_ago=1)
    url = reverse("session_morning", args=[shared.share_token, session.pk])
    first = hidden_words(client.get(shared.get_share_url()).content.decode(), "Save")
    assert first and all(words.strip() != "the next morning for" for words in first)
    refused = client.post(url, {"morning": "sideways", "was": ""}, headers=headers)
    assert refused.status_code == 422
    words = hidden_words(refused.content.decode(), "Save")
    assert words and all(w.startswith(" the next morning for ") and len(w) > 22 for w in words)
