"""A page holding a one-time submission key is never stored (hipcare.submissions.middleware):
Back to a form page asks the server again, for the values as they are now and a fresh key.
Shown from the browser's cache instead, the dose page sent again after a change put back the
sets the coach had just changed (the page as first drawn, under the key that made the change)."""

import re

import pytest

from hipcare.submissions import FIELD_NAME

pytestmark = pytest.mark.django_db

KEY = re.compile(rf'name="{FIELD_NAME}" value="[^"]+"')


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_coach_form_page_is_never_stored(client, coach, routine, clamshell):
    client.force_login(coach)
    item = routine.items.first()
    pages = {
        "dose": f"/routines/{routine.pk}/items/{item.pk}/dose/",
        "details": f"/routines/{routine.pk}/edit/",
        "new routine": "/routines/new/",
        "builder": routine.get_absolute_url(),
        "exercise, add to a routine": clamshell.get_absolute_url(),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert KEY.search(response.content.decode()), name  # the page holds a key
        assert no_store(response), f"{name}: {response.get('Cache-Control')}"


def test_the_dose_form_alone_for_htmx_is_never_stored(client, coach, routine):
    client.force_login(coach)
    item = routine.items.first()
    response = client.get(
        f"/routines/{routine.pk}/items/{item.pk}/dose/", headers={"HX-Request": "true"}
    )
    assert KEY.search(response.content.decode())
    assert no_store(response)


def test_the_runners_page_is_never_stored(client, shared):
    response = client.get(shared.get_share_url())
    assert KEY.search(response.content.decode())
    assert no_store(response)


def test_a_page_without_a_key_may_be_kept(client, clamshell):
    """An anonymous visitor's exercise page has no form: the browser may keep it (it asks again
    each time, hipcare.conditional)."""
    response = client.get(clamshell.get_absolute_url())
    assert response.status_code == 200
    assert not KEY.search(response.content.decode())
    assert not no_store(response)
