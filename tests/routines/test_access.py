"""Who may do what, on every routine URL: the owner, another coach, a signed-in runner who is
not a coach, an anonymous visitor, and staff."""

import re

import pytest
from django.urls import reverse

from routines import services
from routines.forms import undo_token
from routines.models import Routine
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

# (name, method, url builder, POST data builder). Each URL takes the routine and its first item.
ROUTINE_URLS = [
    ("builder", "get", lambda r, i: reverse("routines:builder", args=[r.pk]), None),
    ("print", "get", lambda r, i: reverse("routines:print", args=[r.pk]), None),
    ("pdf", "get", lambda r, i: reverse("routines:pdf", args=[r.pk]), None),
    ("edit page", "get", lambda r, i: reverse("routines:edit", args=[r.pk]), None),
    ("dose page", "get", lambda r, i: reverse("routines:dose_item", args=[r.pk, i.pk]), None),
    (
        "edit",
        "post",
        lambda r, i: reverse("routines:edit", args=[r.pk]),
        lambda i: {"title": "Renamed", "level": "beginner"},
    ),
    (
        "add item",
        "post",
        lambda r, i: reverse("routines:add_item", args=[r.pk]),
        lambda i: {"exercise": i.exercise.slug},
    ),
    (
        "edit item",
        "post",
        lambda r, i: reverse("routines:edit_item", args=[r.pk, i.pk]),
        lambda i: {
            f"item-{i.pk}-sets": "2",
            f"item-{i.pk}-work": "9",
            f"item-{i.pk}-side": "each",
            f"item-{i.pk}-frequency": 2,
            f"item-{i.pk}-frequency_period": "week",
        },
    ),
    (
        "move item",
        "post",
        lambda r, i: reverse("routines:move_item", args=[r.pk, i.pk]),
        lambda i: {"direction": "down"},
    ),
    (
        "delete item",
        "post",
        lambda r, i: reverse("routines:delete_item", args=[r.pk, i.pk]),
        lambda i: {},
    ),
    (
        "preset",
        "post",
        lambda r, i: reverse("routines:preset", args=[r.pk]),
        lambda i: {"level": "advanced_heavy"},
    ),
    (
        "reorder",
        "post",
        lambda r, i: reverse("routines:reorder", args=[r.pk]),
        lambda i: {"item": list(i.routine.items.values_list("pk", flat=True))},
    ),
    (
        "undo",
        "post",
        lambda r, i: reverse("routines:undo", args=[r.pk]),
        lambda i: {"undo": _undo_preset(i.routine)},
    ),
    ("duplicate", "post", lambda r, i: reverse("routines:duplicate", args=[r.pk]), lambda i: {}),
    (
        "archive",
        "post",
        lambda r, i: reverse("routines:archive", args=[r.pk]),
        lambda i: {"archived": "1"},
    ),
    (
        "share",
        "post",
        lambda r, i: reverse("routines:share", args=[r.pk]),
        lambda i: {"action": "issue"},
    ),
    # The runner's log, as the coach sees it: the export and the next step.
    ("log csv", "get", lambda r, i: reverse("routines:session_log_csv", args=[r.pk]), None),
    (
        "progress item",
        "post",
        lambda r, i: reverse("routines:progress_item", args=[r.pk, i.pk]),
        lambda i: {},
    ),
]
READ_ONLY = {"builder", "print", "pdf"}


def _undo_preset(routine):
    """A good Undo token for `routine` as it is now (undoing a preset back to its own)."""
    action = {
        "action": "preset",
        "level": routine.level,
        "doses": {},
        "since": services.routine_version(routine),
    }
    return undo_token(routine, action)


IDS = [spec[0] for spec in ROUTINE_URLS]


def request(client, routine, spec, headers=None):
    _, method, url, data = spec
    item = routine.items.order_by("position").first()
    if method == "get":
        return client.get(url(routine, item), headers=headers or {})
    return client.post(url(routine, item), data(item), headers=headers or {})


def snapshot(routine: Routine):
    routine.refresh_from_db()
    return (
        routine.title,
        routine.level,
        routine.archived,
        routine.share_token,
        list(routine.items.order_by("position").values_list("exercise_id", "position", "sets_min")),
        Routine.objects.count(),
    )


@pytest.mark.parametrize("spec", ROUTINE_URLS, ids=IDS)
def test_the_owner_may_use_every_url(client, coach, routine, spec):
    client.force_login(coach)
    response = request(client, routine, spec)
    assert response.status_code in {200, 302}, response.content[:500]


@pytest.mark.parametrize("spec", ROUTINE_URLS, ids=IDS)
def test_another_coachs_routine_is_not_found_and_unchanged(client, other_coach, routine, spec):
    client.force_login(other_coach)
    before = snapshot(routine)
    assert request(client, routine, spec).status_code == 404
    assert request(client, routine, spec, headers={"HX-Request": "true"}).status_code == 404
    assert snapshot(routine) == before


@pytest.mark.parametrize("spec", ROUTINE_URLS, ids=IDS)
def test_a_signed_in_runner_who_is_not_a_coach_is_forbidden(client, runner_user, routine, spec):
    client.force_login(runner_user)
    before = snapshot(routine)
    assert request(client, routine, spec).status_code == 403
    assert snapshot(routine) == before


@pytest.mark.parametrize("spec", ROUTINE_URLS, ids=IDS)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, routine, spec):
    before = snapshot(routine)
    response = request(client, routine, spec)
    assert response.status_code == 302
    # A page asked for comes back after sign-in; a form POST with no Referer does not (its
    # address may take only POSTs: tests/test_htmx_requests.py).
    expected = reverse("login") + ("?next=" if spec[1] == "get" else "")
    assert response["Location"].startswith(expected)
    assert snapshot(routine) == before


@pytest.mark.parametrize("spec", ROUTINE_URLS, ids=IDS)
def test_staff_may_read_every_routine_but_change_only_their_own(client, staff, routine, spec):
    client.force_login(staff)
    before = snapshot(routine)
    status = request(client, routine, spec).status_code
    if spec[0] in READ_ONLY:
        assert status == 200
    else:
        assert status == 404
        assert snapshot(routine) == before


def test_staff_see_a_read_only_page_instead_of_the_builder(client, staff, routine):
    client.force_login(staff)
    html = client.get(routine.get_absolute_url()).content.decode()
    assert "Read-only" in html
    assert 'method="post"' not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_staff_who_are_not_coaches_may_read_the_list(client, django_user_model, routine):
    reader = make_user(django_user_model, is_staff=True)
    client.force_login(reader)
    assert client.get(reverse("routines:list")).status_code == 200
    html = client.get(reverse("routines:list") + "?everyone=on").content.decode()
    assert routine.title in html


@pytest.mark.parametrize(
    "url", [reverse("routines:list"), reverse("routines:new")], ids=["list", "new"]
)
def test_list_and_new_need_a_coach(client, runner_user, coach, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    client.force_login(runner_user)
    assert client.get(url).status_code == 403
    client.force_login(coach)
    assert client.get(url).status_code == 200


def test_another_coachs_item_through_my_routine_is_not_acted_on_nor_revealed(
    client, coach, other_coach, routine
):
    """An item id from someone else's routine, put under my routine's URL, is an item not in
    my routine: nothing done, and the same answer as an id that exists nowhere (my builder as
    it is, "no longer in the routine"), so it tells nothing about their routine."""
    from tests.routines.conftest import make_routine

    mine = make_routine(other_coach, exercises=[routine.items.first().exercise])
    theirs = routine.items.first()
    client.force_login(other_coach)
    answers = []
    for item_pk in (theirs.pk, 10**6):
        url = reverse("routines:delete_item", args=[mine.pk, item_pk])
        response = client.post(url)
        answers.append((response.status_code, response["Location"]))
        dose = client.get(reverse("routines:dose_item", args=[mine.pk, item_pk]))
        answers.append((dose.status_code, dose["Location"]))
    assert answers == [(302, f"{mine.get_absolute_url()}#routine-panel")] * 4
    assert routine.items.count() == 3


# edit's, share's, archive's and duplicate's GET show a page (the form; the "Stop sharing?",
# "Archive?" and "Duplicate" steps) and change nothing.
POST_ONLY = [
    spec
    for spec in ROUTINE_URLS
    if spec[1] == "post" and spec[0] not in {"edit", "share", "archive", "duplicate"}
]


def test_the_duplicate_step_changes_nothing(client, coach, routine):
    client.force_login(coach)
    before = snapshot(routine)
    assert client.get(reverse("routines:duplicate", args=[routine.pk])).status_code == 200
    assert snapshot(routine) == before
    assert Routine.objects.count() == 1


def test_the_archive_step_changes_nothing(client, coach, routine):
    services.routine_share(routine=routine)
    client.force_login(coach)
    before = snapshot(routine)
    assert client.get(reverse("routines:archive", args=[routine.pk])).status_code == 200
    assert snapshot(routine) == before


def test_the_stop_sharing_step_changes_nothing(client, coach, routine):
    services.routine_share(routine=routine)
    client.force_login(coach)
    before = snapshot(routine)
    assert client.get(reverse("routines:share", args=[routine.pk])).status_code == 200
    assert snapshot(routine) == before


@pytest.mark.parametrize("spec", POST_ONLY, ids=[spec[0] for spec in POST_ONLY])
def test_state_changes_refuse_get(client, coach, routine, spec):
    client.force_login(coach)
    before = snapshot(routine)
    assert client.get(spec[2](routine, routine.items.first())).status_code == 405
    assert snapshot(routine) == before


def test_state_changes_need_the_csrf_token(coach, routine):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coach)
    response = client.post(reverse("routines:share", args=[routine.pk]), {"action": "issue"})
    assert response.status_code == 403
    routine.refresh_from_db()
    assert routine.share_token is None


@pytest.mark.parametrize(
    "url",
    [
        "/routines/99999999999999999999/",
        "/routines/1/items/99999999999999999999/move/",
        "/routines/1/items/99999999999999999999/dose/",
    ],
    ids=["routine", "item", "dose"],
)
def test_an_id_too_big_for_the_database_is_not_found(client, coach, url):
    client.force_login(coach)
    moving = url.endswith("/move/")
    response = client.post(url, {"direction": "up"}) if moving else client.get(url)
    assert response.status_code == 404


def test_admin_shows_a_routine_and_its_items(admin_client, routine):
    response = admin_client.get(reverse("admin:routines_routine_change", args=[routine.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Clamshell" in html and "1-3 x 12-15, each side, twice a week" in html
    assert admin_client.get(reverse("admin:routines_routine_changelist")).status_code == 200


# The runner's log on the shared link: the link is the key, for whoever holds it, until the
# coach stops sharing; then every log URL is a 404 for everyone and the coach keeps the log.

LOG_ROLES = ("anonymous", "runner_user", "coach", "other_coach", "staff")


def _log_urls(token, session_pk):
    return [
        ("get", f"/r/{token}/", None),
        ("post", f"/r/{token}/sessions/", {"pain": "3"}),
        ("post", f"/r/{token}/sessions/{session_pk}/morning/", {"morning": "worse"}),
        ("post", f"/r/{token}/sessions/{session_pk}/delete/", {}),
    ]


@pytest.mark.parametrize("role", LOG_ROLES)
def test_a_revoked_link_reads_and_writes_nothing_whoever_asks(client, request, routine, role):
    from django.utils import timezone

    from routines import services
    from routines.models import SessionLog

    token = services.routine_share(routine=routine)
    session = services.session_log(
        routine=routine,
        day=timezone.localdate(),
        pain=2,
        done=[(routine.items.first().pk, "")],
        note="kept for the coach",
    )
    services.routine_unshare(routine=routine)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    for method, url, data in _log_urls(token, session.pk):
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        assert response.status_code == 404, url
        assert "kept for the coach" not in response.content.decode()
    session.refresh_from_db()
    assert (SessionLog.objects.count(), session.morning) == (1, "")


@pytest.mark.parametrize("role", LOG_ROLES)
def test_a_live_link_logs_for_whoever_holds_it(client, request, routine, role):
    from django.utils import timezone

    from routines import services

    token = services.routine_share(routine=routine)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    today = timezone.localdate().isoformat()
    response = client.post(f"/r/{token}/sessions/", {"date": today, "pain": "1"})
    assert response.status_code == 302
    assert routine.sessions.count() == 1


def test_a_session_of_another_link_is_not_found_through_mine(client, coach, routine):
    from django.utils import timezone

    from routines import services
    from tests.routines.conftest import make_routine

    other = make_routine(coach, exercises=[routine.items.first().exercise])
    services.routine_share(routine=other)
    session = services.session_log(
        routine=other, day=timezone.localdate(), pain=2, done=[(other.items.first().pk, "")]
    )
    mine = services.routine_share(routine=routine)
    response = client.post(f"/r/{mine}/sessions/{session.pk}/morning/", {"morning": "worse"})
    # Answered as for an entry that is not in this log (deleted, or never was): nothing saved,
    # nothing told about the other link's entry.
    assert response.status_code == 302 and response["Location"] == f"/r/{mine}/#action-message"
    never = client.post(f"/r/{mine}/sessions/{session.pk + 1000}/morning/", {"morning": "worse"})
    assert (never.status_code, never["Location"]) == (302, response["Location"])
    session.refresh_from_db()
    assert session.morning == ""


#: The printed sheet's box of the log's rules (routines/_sheet.html), the same on every handout.
RULES_BOX = re.compile(r'<section class="sheet-pain-rule".*?</section>', re.S)


def test_staff_read_only_views_never_show_the_runners_log(client, staff, routine):
    """The runner's log is health data, for the routine's own coach only. Staff reading
    another coach's routine (the builder address, its print view, the everyone list) see no
    entry, note, pain, warning sign, advice, alert or export link."""
    from datetime import timedelta

    from django.utils import timezone

    from routines.models import Routine as RoutineModel

    RoutineModel.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=2))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    item = routine.items.first()
    services.session_log(
        routine=routine,
        day=timezone.localdate() - timedelta(days=1),
        pain=8,
        done=[(item.pk, "")],
        morning="worse",
        warning_signs=["fever"],
        note="Secret-health-note",
    )
    client.force_login(staff)
    leaks = (
        "Secret-health-note",
        "Runner's log",
        "follow-up",
        "Stop advised",
        "log.csv",
        "temperature",
        "worst pain",
        "data-alert",
        "Mark as seen",
    )
    pages = {
        "builder": routine.get_absolute_url(),
        "htmx builder": routine.get_absolute_url(),
        "print": reverse("routines:print", args=[routine.pk]),
        "everyone": reverse("routines:list") + "?everyone=on",
    }
    for name, url in pages.items():
        headers = {"HX-Request": "true"} if name.startswith("htmx") else {}
        response = client.get(url, headers=headers)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert routine.title in html, name  # the routine itself is there to read
        # The sheet's box of the log's rules is the same on every handout and names example
        # warning signs ("a temperature"): it is read apart, for anything of this runner's.
        boxes = RULES_BOX.findall(html)
        html = RULES_BOX.sub("", html)
        for leak in leaks:
            assert leak not in html, f"{name} shows {leak!r}"
        for box in boxes:
            for leak in set(leaks) - {"temperature"}:
                assert leak not in box, f"{name}'s rules box shows {leak!r}"
    session = routine.sessions.get()
    assert client.get(reverse("routines:session_log_csv", args=[routine.pk])).status_code == 404
    seen = reverse("routines:session_seen", args=[routine.pk, session.pk])
    assert client.post(seen).status_code == 404
    session.refresh_from_db()
    assert session.coach_seen_at is None


ROUTINE_GONE = "This routine no longer exists"


@pytest.mark.parametrize("spec", ROUTINE_URLS, ids=IDS)
def test_a_deleted_routine_says_so_and_looks_like_another_coachs(
    client, coach, other_coach, routine, spec
):
    """Deleted in another tab (or in admin): a page, or for htmx a message for the page's
    alert region, that says so and links to the coach's routines; still a 404. Another coach's
    routine gets exactly the same answer, so nothing tells the two apart."""
    _, method, url, data = spec
    item = routine.items.order_by("position").first()
    theirs = services.routine_create(owner=other_coach, title="Theirs", exercises=[item.exercise])
    addresses = {
        "theirs": url(theirs, theirs.items.get()),
        "deleted": url(routine, item),
    }
    payload = data(item) if data else None
    Routine.objects.filter(pk=routine.pk).delete()
    client.force_login(coach)
    answers = {}
    for name, address in addresses.items():
        for htmx in (False, True):
            headers = {"HX-Request": "true", "HX-Target": "routine-panel"} if htmx else {}
            if method == "get":
                response = client.get(address, headers=headers)
            else:
                response = client.post(address, payload, headers=headers)
            body = response.content.decode()
            assert response.status_code == 404, (name, htmx)
            assert ROUTINE_GONE in body and 'href="/routines/"' in body
            if htmx:
                assert response["HX-Retarget"] == "#page-alert"
                assert "<html" not in body
            answers[name, htmx] = body.replace(address, "")
    assert answers["theirs", False] == answers["deleted", False]
    assert answers["theirs", True] == answers["deleted", True]


@pytest.mark.parametrize("spec", ROUTINE_URLS, ids=IDS)
def test_a_deleted_routine_says_so_to_htmx_with_debug_on_too(
    client, coach, routine, settings, spec
):
    """`make run` has DEBUG on, where Django answers a 404 with its technical page: an htmx
    request still gets the words for the page's alert region (hipcare.middleware.
    HtmxNotFoundMiddleware), as with DEBUG off."""
    settings.DEBUG = True
    _, method, url, data = spec
    item = routine.items.order_by("position").first()
    address = url(routine, item)
    payload = data(item) if data else None
    Routine.objects.filter(pk=routine.pk).delete()
    client.force_login(coach)
    headers = {"HX-Request": "true", "HX-Target": "routine-panel"}
    if method == "get":
        response = client.get(address, headers=headers)
    else:
        response = client.post(address, payload, headers=headers)
    body = response.content.decode()
    assert response.status_code == 404
    assert response["HX-Retarget"] == "#page-alert"
    assert ROUTINE_GONE in body and "<html" not in body
