"""The runner's page works out each address it needs once per request: its own path (the
share link's, which the log's steps and the sheet's QR link both use), and not the symptom
checker's absolute address, which only the printed sheet shows."""

from collections import Counter
from unittest import mock

import pytest
from django.urls import reverse as django_reverse

from routines import models, session_views, views

pytestmark = pytest.mark.django_db


def _reversed(client, url: str, headers=None) -> Counter:
    made = Counter()

    def counting(viewname, *args, **kwargs):
        made[viewname] += 1
        return django_reverse(viewname, *args, **kwargs)

    with (
        mock.patch.object(views, "reverse", counting),
        mock.patch.object(session_views, "reverse", counting),
        mock.patch.object(models, "reverse", counting),
    ):
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return made


def test_the_runners_page_reverses_each_address_once(client, shared):
    made = _reversed(client, shared.get_share_url())
    assert made["shared_routine"] == 1, made
    assert all(count == 1 for count in made.values()), made
    assert "triage:form" not in made, made


def test_the_printed_sheet_still_names_the_checker_in_full(client, coach, shared):
    client.force_login(coach)
    response = client.get(django_reverse("routines:print", args=[shared.pk]))
    assert b'class="sheet-checker" href="http://testserver/triage/"' in response.content
