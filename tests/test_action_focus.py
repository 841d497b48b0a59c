"""Without JavaScript, the page an action answers with (a form sent back with errors, or the
page a POST redirects to) puts the focus on what changed or what is wrong, with `autofocus`
on exactly one element; a plain first visit of the same page focuses nothing of ours. (With
htmx, static/js/hipcare.js moves the focus: those answers carry no `autofocus` added here.)
The browser's side: tests/e2e/test_action_focus_e2e.py."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from tests.conftest import make_exercise
from tests.routines.conftest import history_url, make_routine, make_shared

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
PASSWORD = "correct-horse-battery"  # make_user's default


def focused(html: str) -> list[str]:
    """Every start tag carrying the `autofocus` attribute (not data-autofocus)."""
    return re.findall(r"<[a-z][^<>]*?\sautofocus(?=[\s>=/])[^<>]*>", html)


def one_focused(html: str) -> str:
    tags = focused(html)
    assert len(tags) == 1, tags
    return tags[0]


@pytest.fixture
def routine(coach):
    return make_routine(coach, title="Hips", exercises=[make_exercise("Clamshell")])


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


# The coach's pages: a redirect after an action lands focused on the message saying so.


@pytest.mark.parametrize(
    ("action", "data", "said"),
    [
        ("routines:edit", {"title": "Hips 2", "for_whom": "", "level": "beginner"}, "Saved"),
        ("routines:duplicate", {"title": "Copy", "for_whom": ""}, "Made a copy"),
        ("routines:archive", {"archived": "1"}, "Archived"),
    ],
    ids=["details saved", "duplicate", "archive"],
)
def test_a_coach_s_action_lands_focused_on_its_message(signed_in, routine, action, data, said):
    url = reverse(action, args=[routine.pk])
    response = signed_in.post(url, data, follow=True)
    html = response.content.decode()
    tag = one_focused(html)
    assert 'id="action-message"' in tag and 'tabindex="-1"' in tag
    assert said in html[html.index('id="action-message"') :][:200]
    # The same page opened again: its message gone, nothing focused.
    assert focused(signed_in.get(response.redirect_chain[-1][0]).content.decode()) == []


def test_unarchiving_and_a_new_routine_land_focused_on_their_message(signed_in, routine):
    services.routine_set_archived(routine=routine, archived=True)
    response = signed_in.post(
        reverse("routines:archive", args=[routine.pk]), {"archived": "0"}, follow=True
    )
    assert 'id="action-message"' in one_focused(response.content.decode())
    new = reverse("routines:new")
    assert focused(signed_in.get(new).content.decode()) == []
    response = signed_in.post(new, {"title": "Knees", "level": "beginner"}, follow=True)
    assert response.redirect_chain and "action-message" in one_focused(response.content.decode())


@pytest.mark.parametrize("page", ["routines:edit", "routines:new"])
def test_a_routine_form_sent_back_focuses_its_first_field_with_an_error(signed_in, routine, page):
    url = reverse(page, args=[routine.pk] if page == "routines:edit" else [])
    assert focused(signed_in.get(url).content.decode()) == []
    response = signed_in.post(url, {"title": "", "level": "beginner"})
    assert response.status_code == 422
    assert 'id="id_title"' in one_focused(response.content.decode())


def test_the_builder_sent_back_focuses_why(signed_in, routine):
    assert focused(signed_in.get(routine.get_absolute_url()).content.decode()) == []
    add = reverse("routines:add_item", args=[routine.pk])
    response = signed_in.post(add, {"exercise": "no-such-move"})
    assert response.status_code == 422
    tag = one_focused(response.content.decode())
    assert 'class="alert alert-danger"' in tag and 'role="alert"' in tag
    # htmx: the panel, focused by its script (data-routine-focus), no autofocus.
    assert (
        focused(signed_in.post(add, {"exercise": "no-such-move"}, headers=HTMX).content.decode())
        == []
    )


def test_a_dose_sent_back_focuses_its_first_field_with_an_error(signed_in, routine):
    item = routine.items.get()
    url = reverse("routines:edit_item", args=[routine.pk, item.pk])
    data = {f"item-{item.pk}-sets": "", f"item-{item.pk}-work": "10"}
    response = signed_in.post(url, data)
    assert response.status_code == 422
    assert f'id="id_item-{item.pk}-sets"' in one_focused(response.content.decode())
    htmx = signed_in.post(url, data, headers=HTMX).content.decode()
    assert f'data-routine-focus="id_item-{item.pk}-sets"' in htmx and focused(htmx) == []


# Signing in.


def test_signing_in_lands_focused_on_saying_so(client, coach):
    login = reverse("login")
    # A first visit: Django's form focuses the username box, and nothing else is.
    assert 'name="username"' in one_focused(client.get(login).content.decode())
    refused = client.post(login, {"username": coach.username, "password": "wrong"})
    tag = one_focused(refused.content.decode())
    assert 'role="alert"' in tag and 'name="username"' not in tag
    response = client.post(login, {"username": coach.username, "password": PASSWORD}, follow=True)
    tag = one_focused(response.content.decode())
    assert 'id="action-message"' in tag
    assert f"Signed in as {coach.username}." in response.content.decode()


def test_a_sign_in_missing_its_password_focuses_the_password(client, coach):
    refused = client.post(reverse("login"), {"username": coach.username, "password": ""})
    assert 'name="password"' in one_focused(refused.content.decode())


# The runner's pages.


@pytest.fixture
def shared(coach):
    return make_shared(coach, [make_exercise("Clamshell")], weeks_ago=4)


def log(routine, *, days_ago: int = 1):
    return services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=days_ago),
        pain=2,
        done=[(item.pk, "") for item in routine.items.all()],
    )


@pytest.mark.parametrize("step", ["delete", "morning", "gone"])
def test_a_change_from_the_history_page_lands_focused_on_its_message(client, shared, step):
    entry = log(shared)
    here = history_url(shared)
    assert focused(client.get(here).content.decode()) == []
    token = shared.share_token
    if step == "morning":
        url, data = reverse("session_morning", args=[token, entry.pk]), {"morning": "worse"}
    else:
        url, data = reverse("session_delete", args=[token, entry.pk]), {"confirm": "yes"}
        if step == "gone":
            services.session_delete(session=entry)
    response = client.post(url, {**data, "next": here}, follow=True)
    # At the message (#action-message: a form's action has a fragment the redirect would
    # otherwise keep), which takes the focus as the fragment's target and by autofocus.
    assert response.redirect_chain == [(f"{here}#action-message", 302)]
    tag = one_focused(response.content.decode())
    assert 'id="action-message"' in tag and 'tabindex="-1"' in tag
    # With htmx the log is swapped in and hipcare.js focuses it: no message, no autofocus.
    if step != "gone":
        assert "action-message" not in client.post(url, data, headers=HTMX).content.decode()


def test_a_form_sent_on_a_withdrawn_link_lands_focused_on_saying_so(client, shared):
    log(shared)
    token = shared.share_token
    services.routine_unshare(routine=shared)
    sent = client.post(reverse("session_create", args=[token]), {"pain": "2", "note": "ok"})
    assert sent.status_code == 404
    assert one_focused(sent.content.decode()).startswith("<h1")
    # A step's link followed on the page left open: the same.
    step = client.get(f"{reverse('session_history', args=[token])}?delete=1")
    assert step.status_code == 404 and one_focused(step.content.decode()).startswith("<h1")
    # The page opened afresh (a bookmark): nothing focused.
    opened = client.get(reverse("session_history", args=[token]))
    assert opened.status_code == 404 and focused(opened.content.decode()) == []


@pytest.mark.parametrize("step", ["delete", "morning", "entry"])
@pytest.mark.parametrize("where", ["history", "earlier"])
def test_a_step_for_an_entry_deleted_meanwhile_says_so_focused(client, shared, where, step):
    entry, kept = log(shared, days_ago=2), log(shared, days_ago=1)
    here = (
        history_url(shared)
        if where == "history"
        else reverse("session_list", args=[shared.share_token]) + "?page=1"
    )
    joiner = "&" if "?" in here else "?"
    # The entry there: its step, no message.
    assert "entry-gone" not in client.get(f"{here}{joiner}{step}={kept.pk}").content.decode()
    services.session_delete(session=entry)
    html = client.get(f"{here}{joiner}{step}={entry.pk}").content.decode()
    tag = one_focused(html)
    assert "entry-gone" in tag and 'role="alert"' in tag and 'tabindex="-1"' in tag
    assert "That entry was already deleted" in html
