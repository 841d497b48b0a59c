"""Every URL in the project, for every kind of user, with GET and POST.

The URL list comes from the URL resolver, so a new URL without an expectation here fails
`test_every_url_has_an_expectation`. Coach B never learns that coach A's routines exist: 404.
"""

import copy
import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from routines import services
from routines.models import Routine, SessionLog
from tests.conftest import FAST_PASSWORD_HASHERS, kept_for_the_module, make_exercise, make_user
from tests.figures.test_pages import MARCH

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "runner", "coach_a", "coach_b", "staff")
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"

# Expected status for each non-admin URL name: {method: {role: status}}. "login" means a
# redirect to the sign-in page. POSTs carry no form data, so a permitted POST usually gets 422
# (the form again, with messages) and changes nothing.


def same(status) -> dict[str, object]:
    return dict.fromkeys(ROLES, status)


def coach_url(owner, *, staff=None) -> dict[str, object]:
    """Anonymous -> sign in; runner -> 403; coach A (owner) -> owner; coach B -> 404.

    Staff read every routine but change none that is not theirs (404, like coach B).
    """
    return {
        "anonymous": "login",
        "runner": 403,
        "coach_a": owner,
        "coach_b": 404,
        "staff": owner if staff is None else staff,
    }


def coach_page(owner, *, other=None) -> dict[str, object]:
    """A page every coach has (not one routine's): coach B gets the same as coach A."""
    return {
        "anonymous": "login",
        "runner": 403,
        "coach_a": owner,
        "coach_b": owner if other is None else other,
        "staff": owner,
    }


EXPECTED: dict[str, dict[str, dict[str, object]]] = {
    "home": {"GET": same(200), "POST": same(405)},
    "healthz": {"GET": same(200), "POST": same(405)},
    "favicon": {"GET": same(301), "POST": same(405)},
    "exercises:list": {"GET": same(200), "POST": same(405)},
    "exercises:detail": {"GET": same(200), "POST": same(405)},
    "exercises:figure": {"GET": same(200), "POST": same(405)},
    "triage:form": {"GET": same(200), "POST": same(422)},
    "triage:rules": {"GET": same(200), "POST": same(405)},
    "triage:emergency_calls": {"GET": same(200), "POST": same(405)},
    "shared_routine": {"GET": same(200), "POST": same(405)},
    "login": {"GET": same(200), "POST": same(200)},
    "logout": {"GET": same(405), "POST": same(302)},
    "password_change": {
        "GET": {**same(200), "anonymous": "login"},
        "POST": {**same(200), "anonymous": "login"},
    },
    "password_change_done": {
        "GET": {**same(200), "anonymous": "login"},
        "POST": {**same(405), "anonymous": "login"},
    },
    "routines:list": {"GET": coach_page(200), "POST": same(405)},
    "routines:new": {"GET": coach_page(200), "POST": coach_page(422)},
    "routines:builder": {"GET": coach_url(200), "POST": same(405)},
    "routines:print": {"GET": coach_url(200), "POST": same(405)},
    "routines:pdf": {"GET": coach_url(200), "POST": same(405)},
    "routines:edit": {"GET": coach_url(200, staff=404), "POST": coach_url(422, staff=404)},
    "routines:add_item": {"GET": same(405), "POST": coach_url(422, staff=404)},
    "routines:edit_item": {"GET": same(405), "POST": coach_url(422, staff=404)},
    "routines:dose_item": {"GET": coach_url(200, staff=404), "POST": same(405)},
    "routines:delete_item": {"GET": same(405), "POST": coach_url(302, staff=404)},
    "routines:move_item": {"GET": same(405), "POST": coach_url(422, staff=404)},
    "routines:place_item": {"GET": same(405), "POST": coach_url(422, staff=404)},
    "routines:preset": {"GET": same(405), "POST": coach_url(422, staff=404)},
    # GET: the "Duplicate" step (its title and who it is for); a POST without them shows it.
    "routines:duplicate": {"GET": coach_url(200, staff=404), "POST": coach_url(302, staff=404)},
    # GET: the "Archive?" step of a shared routine, which says what becomes of its link.
    "routines:archive": {"GET": coach_url(200, staff=404), "POST": coach_url(422, staff=404)},
    # GET: the "Stop sharing?" step (Post/Redirect/Get).
    "routines:share": {"GET": coach_url(200, staff=404), "POST": coach_url(422, staff=404)},
    "routines:reorder": {"GET": same(405), "POST": coach_url(422, staff=404)},
    "routines:undo": {"GET": same(405), "POST": coach_url(422, staff=404)},
    "routines:swap_item": {"GET": same(405), "POST": coach_url(422, staff=404)},
    # From an exercise's page: nothing chosen goes back with the message.
    "routines:add_from_catalogue": {"GET": same(405), "POST": coach_page(302)},
    # The runner's log: the link is the key, so anyone who has it may log, answer and delete
    # (with no data a log or a morning answer is refused, 422, and a delete asks to confirm,
    # 200); the coach's export, next step and "mark as seen" are the owner's only.
    "session_create": {"GET": same(405), "POST": same(422)},
    # The log's earlier entries, a page at a time: read-only, for whoever has the link.
    "session_list": {"GET": same(200), "POST": same(405)},
    # The log's history (chart, week table, newest entries): read-only, as above.
    "session_history": {"GET": same(200), "POST": same(405)},
    "session_morning": {"GET": same(405), "POST": same(422)},
    "session_delete": {"GET": same(405), "POST": same(200)},
    "routines:session_log_csv": {"GET": coach_url(200, staff=404), "POST": same(405)},
    "routines:progress_item": {"GET": same(405), "POST": coach_url(302, staff=404)},
    "routines:session_seen": {"GET": same(405), "POST": coach_url(302, staff=404)},
    "routines:deleted_entry_seen": {"GET": same(405), "POST": coach_url(302, staff=404)},
}


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            full = f"{namespace}:{name}" if namespace and name else name
            yield full, prefix + str(entry.pattern)


ALL_URLS = list(walk(get_resolver().url_patterns))
PROJECT_URLS = [(n, r) for n, r in ALL_URLS if not r.startswith("admin/")]


def test_every_url_has_an_expectation():
    names = [name for name, _route in PROJECT_URLS]
    assert all(names), f"every URL needs a name: {PROJECT_URLS}"
    assert sorted(names) == sorted(EXPECTED), "a URL was added or removed: update EXPECTED"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Four users, coach A's shared routine with a log entry and a deleted one: made once for
    the module (kept_for_the_module), each test seeing them as made."""
    with kept_for_the_module(django_db_blocker):
        with (
            django_db_blocker.unblock(),
            override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS),
        ):
            made = _world(get_user_model())
        yield made


def _world(django_user_model):
    users = {
        "runner": make_user(django_user_model, "runner"),
        "coach_a": make_user(django_user_model, "coach_a", coach=True),
        "coach_b": make_user(django_user_model, "coach_b", coach=True),
        "staff": make_user(django_user_model, "staff", is_staff=True, is_superuser=True),
    }
    exercise = make_exercise("Clamshell", figure=copy.deepcopy(MARCH))
    routine = services.routine_create(
        owner=users["coach_a"], title="A's routine", exercises=[exercise, exercise]
    )
    token = services.routine_share(routine=routine)
    item = routine.items.first()
    session = services.session_log(
        routine=routine, day=timezone.localdate(), pain=2, done=[(item.pk, "")]
    )
    # The trace an entry that advised stopping leaves when the runner deletes it.
    # (Deleted an hour after logging it: within minutes it is a correction, and leaves none.)
    stop = services.session_log(
        routine=routine, day=timezone.localdate(), pain=9, done=[(item.pk, "")]
    )
    SessionLog.objects.filter(pk=stop.pk).update(created=timezone.now() - timedelta(hours=1))
    notice = services.session_delete(session=stop)
    kwargs = {
        "notice_pk": notice.pk,
        "session_pk": session.pk,
        "pk": routine.pk,
        "item_pk": item.pk,
        "slug": exercise.slug,
        "token": token,
        "which": "end",
    }
    return users, kwargs, routine


def concrete(name: str, route: str, kwargs: dict) -> str:
    wanted = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
    return reverse(name, kwargs={k: kwargs[k] for k in wanted})


def snapshot(routine) -> tuple:
    routine.refresh_from_db()
    items = tuple(
        routine.items.order_by("pk").values_list(
            "pk",
            "position",
            "sets_min",
            "sets_max",
            "reps_min",
            "reps_max",
            "side",
        )
    )
    return (routine.title, routine.share_token, routine.archived, Routine.objects.count(), items)


CASES = [
    (name, route, method, role)
    for name, route in PROJECT_URLS
    for method in ("GET", "POST")
    for role in ROLES
]


@pytest.mark.parametrize(
    ("name", "route", "method", "role"),
    CASES,
    ids=[f"{n}-{m}-{r}" for n, _route, m, r in CASES],
)
def test_access_matrix(client, world, name, route, method, role):
    users, kwargs, routine = world
    url = concrete(name, route, kwargs)
    if role != "anonymous":
        client.force_login(users[role])
    before = snapshot(routine)
    response = getattr(client, method.lower())(url)
    expected = EXPECTED[name][method][role]
    if expected == "login":
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(LOGIN)
    else:
        assert response.status_code == expected
    if role in ("anonymous", "runner", "coach_b") or (role == "staff" and expected == 404):
        # Nobody but the owner changes coach A's routine, whatever they send.
        assert snapshot(routine) == before
    if role == "coach_b" and name.startswith("routines:") and expected == 404:
        assert routine.title not in response.content.decode()


ADMIN_MODELS = list(admin.site._registry)


def admin_urls(objects: dict) -> list[tuple[str, object, str]]:
    """Every admin page: (url, its ModelAdmin or None, which permission it needs)."""
    urls = [(reverse("admin:index"), None, ""), (reverse("admin:password_change"), None, "")]
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        urls.append((reverse("admin:app_list", args=[meta.app_label]), None, ""))
        base = f"admin:{meta.app_label}_{meta.model_name}"
        urls += [
            (reverse(f"{base}_changelist"), model_admin, "view"),
            (reverse(f"{base}_add"), model_admin, "add"),
        ]
        obj = objects.get(model) or model._default_manager.first()
        if obj is not None:
            urls += [
                (reverse(f"{base}_change", args=[obj.pk]), model_admin, "view"),
                (reverse(f"{base}_history", args=[obj.pk]), model_admin, "view"),
                (reverse(f"{base}_delete", args=[obj.pk]), model_admin, "delete"),
            ]
    return urls


def staff_expects(model_admin, permission: str, user) -> int:
    """200, or 403 where the model's admin deliberately refuses that action (e.g. adding
    sign-in attempts by hand)."""
    if model_admin is None:
        return 200
    request = RequestFactory().get("/")
    request.user = user
    allowed = getattr(model_admin, f"has_{permission}_permission")(request)
    return 200 if allowed else 403


def test_admin_pages_are_for_staff_only(client, world):
    users, _kwargs, routine = world
    urls = admin_urls({Routine: routine})
    assert len(urls) > 30
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        for url, model_admin, permission in urls:
            response = client.get(url)
            if role == "staff":
                expected = staff_expects(model_admin, permission, users["staff"])
                assert response.status_code == expected, (url, response.status_code)
            else:
                assert response.status_code == 302, (role, url)
                assert response["Location"].startswith(ADMIN_LOGIN), (role, url)


def test_every_admin_url_pattern_is_reachable_from_the_walk(world):
    """The admin walk covers every model admin registers (so a new model can't be missed)."""
    registered = {
        f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist" for m in admin.site._registry
    }
    named = {name for name, _route in ALL_URLS if name.endswith("_changelist")}
    assert registered == named
