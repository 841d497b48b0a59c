"""The builder and the printed sheet are always fresh and always their owner's: every change,
by any route, is seen on the next view, and nobody else is ever shown the owner's page."""

import re
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.shortcuts import render as django_render
from django.test import Client
from django.urls import reverse

from hipcare.auth import COACHES_GROUP
from routines import services
from tests.conftest import make_exercise, make_user
from tests.routines.test_builder import HTMX, dose_data, items_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def renders(client, url, **kwargs) -> tuple[int, str]:
    """(how many times a template was rendered, the page) for one GET."""
    with mock.patch("routines.views.render", wraps=django_render) as spy:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return spy.call_count, response.content.decode()


def builder(routine) -> str:
    return routine.get_absolute_url()


def sheet(routine) -> str:
    return reverse("routines:print", args=[routine.pk])


def test_every_builder_action_is_seen_at_once(signed_in, routine, clamshell):
    url = builder(routine)
    signed_in.get(url)
    bridge = make_exercise("Glute bridge")

    signed_in.post(items_url(routine), {"exercise": bridge.slug})
    assert (
        "Glute bridge" in renders(signed_in, url, headers={**HTMX, "HX-Target": "routine-panel"})[1]
    )

    item = routine.items.get(exercise=clamshell)
    signed_in.post(
        items_url(routine, "edit_item", item), dose_data(item, coach_note="Slow lowering")
    )
    assert "Slow lowering" in signed_in.get(url).content.decode()

    signed_in.post(items_url(routine, "move_item", item), {"direction": "down"})
    html = signed_in.get(url).content.decode()
    assert html.index(f'id="item-{item.pk}"') > html.index('id="item-', html.index("routine-panel"))

    signed_in.post(items_url(routine, "delete_item", item))
    assert f'id="item-{item.pk}"' not in signed_in.get(url).content.decode()

    signed_in.post(
        reverse("routines:edit", args=[routine.pk]),
        {"title": "Hips, block two", "for_whom": "", "level": "beginner"},
    )
    assert "Hips, block two" in signed_in.get(url).content.decode()

    signed_in.post(reverse("routines:share", args=[routine.pk]), {"action": "issue"})
    routine.refresh_from_db()
    assert routine.get_share_url() in signed_in.get(url).content.decode()


def test_a_catalogue_edit_is_seen_on_the_cached_builder_and_sheet(signed_in, routine, clamshell):
    signed_in.get(builder(routine))
    signed_in.get(sheet(routine))
    clamshell.name = "Clamshell with a band"
    clamshell.save()
    assert "Clamshell with a band" in signed_in.get(builder(routine)).content.decode()
    assert "Clamshell with a band" in signed_in.get(sheet(routine)).content.decode()


def test_a_catalogue_edit_is_seen_in_the_panel_an_htmx_action_answers_with(
    signed_in, routine, clamshell
):
    signed_in.get(builder(routine))  # the items list cached under the old catalogue version
    clamshell.name = "Clamshell with a band"
    clamshell.save()
    item = routine.items.get(exercise=clamshell)
    html = signed_in.post(
        items_url(routine, "edit_item", item), dose_data(item, coach_note="Slow"), headers=HTMX
    ).content.decode()
    assert "Clamshell with a band" in html


def test_a_change_made_outside_the_builder_is_seen(signed_in, routine, clamshell):
    """Services touch the routine whatever calls them (admin, a script, another tab)."""
    signed_in.get(sheet(routine))
    services.routine_add_item(routine=routine, exercise=make_exercise("Side plank"))
    assert "Side plank" in signed_in.get(sheet(routine)).content.decode()


def test_a_flash_message_is_shown_once_and_not_cached(signed_in, routine):
    url = builder(routine)
    signed_in.get(url)  # cached without a message
    signed_in.post(items_url(routine), {"exercise": make_exercise("Side plank").slug})
    assert "Added Side plank" in signed_in.get(url).content.decode()
    assert "Added Side plank" not in signed_in.get(url).content.decode()


def test_nobody_else_is_served_the_owners_cached_page(
    signed_in, routine, other_coach, staff, django_user_model
):
    url = builder(routine)
    owner_page = signed_in.get(url).content.decode()
    other = Client()
    other.force_login(other_coach)
    assert other.get(url).status_code == 404
    assert other.get(sheet(routine)).status_code == 404
    runner = Client()
    runner.force_login(make_user(django_user_model, "runner"))
    assert runner.get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to sign in
    admin = Client()
    admin.force_login(staff)
    readonly = admin.get(url).content.decode()
    assert readonly != owner_page and 'id="routine-panel"' not in readonly


def test_the_header_follows_the_user(signed_in, routine, coach):
    url = builder(routine)
    assert 'Sign out <span class="visually-hidden">coach_a' in signed_in.get(url).content.decode()
    coach.username = "coach_renamed"
    coach.save()
    assert "coach_renamed" in signed_in.get(url).content.decode()
    coach.groups.remove(Group.objects.get(name=COACHES_GROUP))
    assert signed_in.get(url).status_code == 403  # no longer a coach: not even from the cache


def test_a_cached_builders_csrf_token_works(coach, routine):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coach)
    client.get(builder(routine))
    html = client.get(builder(routine)).content.decode()
    assert "__hipcare" not in html
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) == 1
    bridge = make_exercise("Glute bridge")
    response = client.post(
        items_url(routine), {"exercise": bridge.slug, "csrfmiddlewaretoken": tokens.pop()}
    )
    assert response.status_code == 302


def test_the_share_link_names_the_host_it_was_asked_on(signed_in, routine):
    services.routine_share(routine=routine)
    first = signed_in.get(builder(routine), HTTP_HOST="localhost").content.decode()
    second = signed_in.get(builder(routine), HTTP_HOST="127.0.0.1").content.decode()
    assert "http://localhost/r/" in first and "http://127.0.0.1/r/" in second


def test_the_builder_and_the_sheet_each_get_their_own_size_of_qr_code(signed_in, routine):
    """Both keep the share link's QR code in the cache; neither is served the other's."""
    import segno

    services.routine_share(routine=routine)
    routine.refresh_from_db()
    link = f"http://testserver{routine.get_share_url()}"
    signed_in.get(sheet(routine))  # the sheet's, cached first
    builder_html = signed_in.get(builder(routine)).content.decode()
    assert segno.make(link, error="m").svg_data_uri(scale=4, border=2) in builder_html
    sheet_html = signed_in.get(sheet(routine)).content.decode()
    assert segno.make(link, error="m").svg_data_uri(scale=3, border=2) in sheet_html
