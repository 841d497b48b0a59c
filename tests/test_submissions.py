"""A double click, a reload of a POST or a retry never does a thing twice (issue 15, class 5).

The forms are read from the pages themselves, so a new form that creates or changes something
is covered when it appears: each is sent twice with the same data, and the second send must
change nothing.
"""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from hipcare.submissions import FIELD_NAME
from hipcare.submissions.decorators import REPLAYED
from hipcare.submissions.models import Submission
from routines.models import Routine, RoutineItem
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
SIGN_OUT = reverse("logout")


class _Forms(HTMLParser):
    """Every POST form on a page: its action, the values it sends, and its submit buttons. A
    control belongs to the form it sits in, or to the one its `form` attribute names (as the
    builder's Add buttons and item buttons do), wherever that is on the page."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._by_id: dict[str, dict] = {}
        self._controls: list[tuple[object, str, dict]] = []  # (owner, tag, attributes)
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "data": {}, "buttons": []}
            self._form["post"] = (attrs.get("method") or "").lower() == "post"
            self.forms.append(self._form)
            if attrs.get("id"):
                self._by_id[attrs["id"]] = self._form
            return
        if tag in ("input", "button", "textarea", "select"):
            owner = attrs.get("form") or self._form
            if owner is not None:
                self._controls.append((owner, tag, attrs))
            self._textarea = owner if tag == "textarea" else None
            self._select = owner if tag == "select" else None
            if tag in ("textarea", "select"):
                self._current = attrs.get("name")
            if tag == "textarea":
                self._text = attrs
                attrs["value"] = ""
        elif tag == "option" and self._select is not None and "selected" in attrs:
            self._controls.append((self._select, "option", {**attrs, "name": self._current}))

    def handle_data(self, text):
        if self._textarea is not None:
            self._text["value"] += text

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def close(self):
        super().close()
        for owner, tag, attrs in self._controls:
            form = self._by_id.get(owner) if isinstance(owner, str) else owner
            if form is None:
                continue
            data, name = form["data"], attrs.get("name")
            if tag == "input" and name:
                kind = attrs.get("type", "text")
                if kind == "submit":
                    form["buttons"].append(attrs)
                elif kind in ("radio", "checkbox"):
                    if "checked" in attrs:
                        data[name] = attrs.get("value", "on")
                else:
                    data[name] = attrs.get("value", "")
            elif tag == "button" and attrs.get("type", "submit") == "submit":
                form["buttons"].append(attrs)
            elif tag == "textarea" and name:
                data[name] = attrs["value"]
            elif tag == "option" and name:
                data[name] = attrs.get("value", "")
        self.forms = [form for form in self.forms if form["post"]]


def post_forms(html: str) -> list[tuple[str, dict]]:
    """(address, data) for each way of sending each POST form on the page."""
    parser = _Forms()
    parser.feed(html)
    parser.close()
    sends = []
    for form in parser.forms:
        if form["action"] == SIGN_OUT:
            continue
        for button in form["buttons"] or [{}]:
            if "disabled" in button:
                continue
            data = dict(form["data"])
            if button.get("name"):
                data[button["name"]] = button.get("value", "")
            sends.append((button.get("formaction") or form["action"], data))
    return sends


def snapshot():
    return (
        list(
            Routine.objects.order_by("pk").values_list(
                "pk", "title", "for_whom", "notes", "level", "archived", "share_token"
            )
        ),
        list(
            RoutineItem.objects.order_by("pk").values_list(
                "pk", "routine_id", "exercise_id", "position", "sets_min", "coach_note"
            )
        ),
    )


@pytest.fixture
def world(coach):
    exercises = [make_exercise(name) for name in ("Clamshell", "Side plank", "Bridge")]
    routine = make_routine(coach, title="Hips", exercises=exercises[:2])
    client = Client()
    client.force_login(coach)
    return {"routine": routine, "client": client}


def _pages(routine):
    item = routine.items.order_by("position").first()
    return [
        routine.get_absolute_url(),
        reverse("routines:new"),
        reverse("routines:edit", args=[routine.pk]),
        reverse("routines:dose_item", args=[routine.pk, item.pk]),
        # The "Make a new link?" step (the builder's Make a new link is a link to it).
        reverse("routines:share", args=[routine.pk]) + "?new=1",
        # The "Duplicate" step (the builder's Duplicate is a link to it).
        reverse("routines:duplicate", args=[routine.pk]),
    ]


@pytest.mark.parametrize("htmx", [False, True])
def test_every_form_on_the_routine_pages_is_acted_on_once(world, htmx):
    client, routine = world["client"], world["routine"]
    checked = 0
    for page in _pages(routine):
        count = len(post_forms(client.get(page).content.decode()))
        for index in range(count):
            sends = post_forms(client.get(page).content.decode())
            if index >= len(sends):
                break
            address, data = sends[index]
            assert FIELD_NAME in data, f"a form to {address} on {page} has no submission key"
            headers = {**HTMX, "HX-Current-URL": f"http://testserver{page}"} if htmx else {}
            first = client.post(address, data, headers=headers)
            if first.status_code >= 400:
                continue  # refused (an item removed by an earlier form, say): nothing to repeat
            after_first = snapshot()
            again = client.post(address, data, headers=headers)
            assert again.status_code in (200, 302), (address, data)
            assert snapshot() == after_first, f"sending {address} twice did it twice"
            # The page the second answer leads to (htmx: the page loaded whole) says so.
            shown = client.get(again["HX-Redirect"] if htmx else again["Location"])
            assert REPLAYED in shown.content.decode(), f"{address} sent twice: not said"
            checked += 1
    assert checked >= 10


def test_a_double_click_on_duplicate_makes_one_copy_and_both_answers_go_to_it(world):
    client, routine = world["client"], world["routine"]
    data = {"title": "Copy of Hips", "for_whom": "", FIELD_NAME: "k" * 24}
    url = reverse("routines:duplicate", args=[routine.pk])
    first = client.post(url, data)
    second = client.post(url, data)
    assert Routine.objects.count() == 2
    copy = Routine.objects.exclude(pk=routine.pk).get()
    assert first["Location"] == second["Location"] == copy.get_absolute_url()


def test_a_reloaded_new_routine_post_makes_one_routine(world):
    client = world["client"]
    data = {"title": "Glutes", "level": "beginner", FIELD_NAME: "n" * 24}
    client.post(reverse("routines:new"), data)
    client.post(reverse("routines:new"), data)
    assert Routine.objects.filter(title="Glutes").count() == 1


def test_a_refused_form_keeps_its_key_for_the_corrected_send(world):
    client = world["client"]
    key = {FIELD_NAME: "r" * 24}
    refused = client.post(reverse("routines:new"), {"title": "", "level": "beginner", **key})
    assert refused.status_code == 422
    client.post(reverse("routines:new"), {"title": "Glutes", "level": "beginner", **key})
    assert Routine.objects.filter(title="Glutes").count() == 1


def test_a_second_make_a_new_link_keeps_the_first_link(world):
    client, routine = world["client"], world["routine"]
    data = {"action": "issue", FIELD_NAME: "s" * 24}
    client.post(reverse("routines:share", args=[routine.pk]), data)
    routine.refresh_from_db()
    token = routine.share_token
    client.post(reverse("routines:share", args=[routine.pk]), data)
    routine.refresh_from_db()
    assert routine.share_token == token


def test_each_page_view_gets_new_keys_even_from_the_page_cache(world):
    client, routine = world["client"], world["routine"]
    keys = []
    for _view in range(2):
        html = client.get(routine.get_absolute_url()).content.decode()
        keys.append([data[FIELD_NAME] for _address, data in post_forms(html)])
        parser = _Forms()
        parser.feed(html)
        parser.close()
        forms = len([form for form in parser.forms if form["action"] != SIGN_OUT])
    first, second = keys
    assert forms >= 6
    assert len(set(first)) == forms  # one per form (a form's buttons share it)
    assert not set(first) & set(second)


def test_old_keys_are_forgotten_after_a_day(world):
    from datetime import timedelta

    from django.utils import timezone

    client, routine = world["client"], world["routine"]
    Submission.objects.create(key="o" * 24)
    Submission.objects.update(created=timezone.now() - timedelta(days=2))
    client.post(reverse("routines:duplicate", args=[routine.pk]), {FIELD_NAME: "d" * 24})
    assert list(Submission.objects.values_list("key", flat=True)) == ["d" * 24]


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the SQLite test database is in memory, one thread at a time: run with DATABASE_URL",
)
@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_the_same_moment_make_one_copy(coach):
    """Both in flight at once (a double click on a slow connection): the second waits on the
    first's claim and is then sent where the first went."""
    import threading

    routine = make_routine(coach, title="Hips")
    url = reverse("routines:duplicate", args=[routine.pk])
    answers = []
    start = threading.Barrier(2)

    def send():
        client = Client()
        client.force_login(coach)
        start.wait()
        try:
            data = {"title": "Copy of Hips", "for_whom": "", FIELD_NAME: "c" * 24}
            answers.append(client.post(url, data)["Location"])
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Routine.objects.count() == 2
    copy = Routine.objects.exclude(pk=routine.pk).get()
    assert answers == [copy.get_absolute_url()] * 2


# The builder's catalogue has one Add form for every card: its key is claimed once per exercise.


def _add(client, routine, exercise, key, **headers):
    url = reverse("routines:add_item", args=[routine.pk])
    return client.post(url, {FIELD_NAME: key, "exercise": exercise.slug}, headers=headers)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_double_click_on_one_add_button_adds_once(world, htmx):
    client, routine = world["client"], world["routine"]
    bridge = make_exercise("Hip hinge")
    headers = {**HTMX, "HX-Current-URL": "http://testserver/"} if htmx else {}
    first = _add(client, routine, bridge, "a" * 24, **headers)
    second = _add(client, routine, bridge, "a" * 24, **headers)
    assert first.status_code in (200, 302) and second.status_code in (200, 302)
    assert routine.items.filter(exercise=bridge).count() == 1
    if htmx:
        assert second["HX-Redirect"]  # the replay shows the page as it is now
    else:
        assert first["Location"].startswith(second["Location"] + "#item-")  # back where it went
    shown = client.get(second["HX-Redirect"] if htmx else second["Location"])
    assert REPLAYED in shown.content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_two_add_buttons_sent_with_one_key_before_either_answers_both_add(world, htmx):
    """A quick click on a second card while the first is in flight carries the form's same
    key: each card's move is added, once."""
    client, routine = world["client"], world["routine"]
    hinge, lunge = make_exercise("Hip hinge"), make_exercise("Lunge")
    headers = HTMX if htmx else {}
    for exercise in (hinge, lunge, hinge, lunge):
        _add(client, routine, exercise, "b" * 24, **headers)
    assert routine.items.filter(exercise=hinge).count() == 1
    assert routine.items.filter(exercise=lunge).count() == 1


def test_a_scoped_key_is_stored_as_a_digest_of_key_address_and_value(world):
    client, routine = world["client"], world["routine"]
    _add(client, routine, make_exercise("Hip hinge"), "c" * 24)
    (stored,) = Submission.objects.values_list("key", flat=True)
    assert len(stored) == 64 and "c" * 24 not in stored


def test_a_key_used_for_an_add_still_works_once_on_another_form(world):
    """Scoped keys live apart from plain ones: the same key sent to Duplicate is a new send."""
    client, routine = world["client"], world["routine"]
    _add(client, routine, make_exercise("Hip hinge"), "d" * 24)
    copy = {"title": "Copy", "for_whom": "", FIELD_NAME: "d" * 24}
    client.post(reverse("routines:duplicate", args=[routine.pk]), copy)
    client.post(reverse("routines:duplicate", args=[routine.pk]), copy)
    assert Routine.objects.count() == 2


@pytest.mark.parametrize("htmx", [False, True])
def test_the_log_form_sent_twice_logs_once_and_the_page_says_it_was_logged(coach, htmx):
    """A runner's Log this session sent twice with its key (a double click, or a send again
    after the first answer was lost): one entry, and the page the second answer shows says
    the session was logged, with htmx as without."""
    from routines import services
    from routines.session_views import ALREADY_LOGGED

    routine = make_routine(coach, title="Hips", exercises=[make_exercise("Clamshell")])
    services.routine_share(routine=routine)
    client = Client()
    page = routine.get_share_url()
    (address, data), *_rest = [
        send for send in post_forms(client.get(page).content.decode()) if "pain" in send[1]
    ]
    data["pain"] = "2"
    headers = {**HTMX, "HX-Current-URL": f"http://testserver{page}"} if htmx else {}
    client.post(address, data, headers=headers)
    again = client.post(address, data, headers=headers)
    assert routine.sessions.count() == 1
    shown = client.get(again["HX-Redirect"] if htmx else again["Location"])
    assert ALREADY_LOGGED in shown.content.decode()
