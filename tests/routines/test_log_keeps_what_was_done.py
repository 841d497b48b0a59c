"""What a runner logged is never changed by the coach editing the routine (QA: removing an
exercise erased it from past entries, the adherence and the CSV, even after Undo).

Each test logs a session first, then edits the routine the way a coach can (remove, Undo,
swap, a dose preset, a copy, the exercise deleted from the catalogue in the admin), then reads
the entry as the runner's page, the coach's panel and the CSV show it."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise
from routines import services
from routines.models import Routine, SessionItem
from routines.session_views import log_context
from tests.conftest import make_exercise
from tests.routines.conftest import history_url, make_routine

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def logged(coach):
    """Clamshell and Glute bridge, shared, made a week ago; the runner ticked both today."""
    clam = make_exercise("Clamshell", unilateral=True)
    bridge = make_exercise("Glute bridge")
    routine = make_routine(coach, exercises=[clam, bridge])
    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=1))
    routine.refresh_from_db()
    services.routine_share(routine=routine)
    services.session_log(
        routine=routine,
        day=timezone.localdate(),
        pain=2,
        done=[(item.pk, "") for item in routine.items.all()],
    )
    return routine


def url(name, routine, item=None):
    return reverse(f"routines:{name}", args=[routine.pk] if item is None else [routine.pk, item.pk])


def entry_says(client, routine) -> str:
    """The 'Done: ...' line of the runner's latest entry on the log's history page."""
    page = client.get(history_url(routine)).content.decode()
    return re.search(r"Done: ([^<]*)</p>", page).group(1)


def csv_done(client, routine) -> str:
    response = client.get(url("session_log_csv", routine))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return rows[1][rows[0].index("exercises done")]


def ticks(routine) -> dict[str, int]:
    """This week's ticks per exercise in the routine, as the coach's panel counts them."""
    summary = log_context(Routine.objects.get(pk=routine.pk))["summary"]
    return {row.item.exercise.name: row.weeks[-1].done for row in summary.items}


def undo_token(html: str) -> str:
    return re.search(r'name="undo" value="([^"]+)"', html).group(1)


def test_removing_an_exercise_keeps_it_in_the_entry_and_the_csv(signed_in, logged):
    clam = logged.items.get(exercise__name="Clamshell")
    signed_in.post(url("delete_item", logged, clam), headers=HTMX)
    assert entry_says(signed_in, logged) == "Clamshell, Glute bridge"
    assert csv_done(signed_in, logged) == "Clamshell; Glute bridge"
    assert ticks(logged) == {"Glute bridge": 1}
    # The day still counts as trained.
    assert log_context(logged)["summary"].weeks[-1].done == 1


def test_undo_puts_the_same_item_back_with_its_ticks(signed_in, logged):
    clam = logged.items.get(exercise__name="Clamshell")
    html = signed_in.post(url("delete_item", logged, clam), headers=HTMX).content.decode()
    signed_in.post(url("undo", logged), {"undo": undo_token(html)}, headers=HTMX)
    assert logged.items.filter(pk=clam.pk, exercise__name="Clamshell").exists()
    assert SessionItem.objects.filter(item=clam).count() == 1
    assert ticks(logged) == {"Clamshell": 1, "Glute bridge": 1}
    assert entry_says(signed_in, logged) == "Clamshell, Glute bridge"
    assert csv_done(signed_in, logged) == "Clamshell; Glute bridge"


def test_undo_links_only_the_removed_items_history(signed_in, logged):
    """The same exercise removed before, added again, logged and removed again: Undo brings
    back the second item's ticks only."""
    first = logged.items.get(exercise__name="Clamshell")
    services.routine_remove_item(item=first)
    again = services.routine_add_item(routine=logged, exercise=first.exercise)
    services.session_log(
        routine=logged,
        day=timezone.localdate() - timedelta(days=1),
        pain=1,
        done=[(again.pk, "")],
    )
    html = signed_in.post(url("delete_item", logged, again), headers=HTMX).content.decode()
    signed_in.post(url("undo", logged), {"undo": undo_token(html)}, headers=HTMX)
    assert SessionItem.objects.filter(item=again).count() == 1
    assert SessionItem.objects.filter(item_ref=first.pk, item__isnull=True).count() == 1


def test_swapping_keeps_the_entry_naming_what_was_done(signed_in, logged):
    clam = logged.items.get(exercise__name="Clamshell")
    banded = make_exercise("Banded clamshell", unilateral=True, loadable=True)
    clam.exercise.harder_versions.add(banded)
    signed_in.post(url("swap_item", logged, clam), {"exercise": banded.slug}, headers=HTMX)
    assert logged.items.filter(exercise=banded).exists()
    assert entry_says(signed_in, logged) == "Clamshell, Glute bridge"
    assert csv_done(signed_in, logged) == "Clamshell; Glute bridge"


def test_a_preset_changes_no_entry(signed_in, logged):
    signed_in.post(url("preset", logged), {"level": "advanced_heavy"}, headers=HTMX)
    assert entry_says(signed_in, logged) == "Clamshell, Glute bridge"
    assert ticks(logged) == {"Clamshell": 1, "Glute bridge": 1}


def test_a_copy_leaves_the_log_with_the_original(signed_in, logged):
    signed_in.post(url("duplicate", logged), {"title": "Copy", "for_whom": ""})
    copy = Routine.objects.exclude(pk=logged.pk).get()
    assert not copy.sessions.exists()
    services.routine_remove_item(item=copy.items.get(exercise__name="Clamshell"))
    assert entry_says(signed_in, logged) == "Clamshell, Glute bridge"
    assert ticks(logged) == {"Clamshell": 1, "Glute bridge": 1}


def test_an_exercise_deleted_from_the_catalogue_stays_in_the_log(client, staff, coach, logged):
    clam = logged.items.get(exercise__name="Clamshell")
    services.routine_remove_item(item=clam)
    client.force_login(staff)
    exercise = Exercise.objects.get(name="Clamshell")
    response = client.post(
        reverse("admin:exercises_exercise_delete", args=[exercise.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Exercise.objects.filter(name="Clamshell").exists()
    client.force_login(coach)
    assert entry_says(client, logged) == "Clamshell, Glute bridge"
    assert csv_done(client, logged) == "Clamshell; Glute bridge"


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_logged_exercise():
    """0008 fills each existing entry's exercise, name and item id from its item."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("routines", "0007_deleted_entry_notice")]
    after = [("routines", "0008_session_item_keeps_exercise")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    # The exercises app is at its latest: its rows are made with today's model.
    exercise = make_exercise("Old clamshell")
    user = apps.get_model("auth", "User").objects.create(username="old_coach")
    routine = apps.get_model("routines", "Routine").objects.create(owner=user, title="Old")
    item = apps.get_model("routines", "RoutineItem").objects.create(
        routine=routine, exercise_id=exercise.pk, position=1, reps_min=10, reps_max=12
    )
    session = apps.get_model("routines", "SessionLog").objects.create(
        routine=routine, day=timezone.localdate(), pain=1
    )
    apps.get_model("routines", "SessionItem").objects.create(session=session, item=item)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    done = SessionItem.objects.get(session_id=session.pk)
    assert (done.item_id, done.item_ref, done.exercise_id, done.exercise_name) == (
        item.pk,
        item.pk,
        exercise.pk,
        "Old clamshell",
    )


def test_a_swap_while_the_runners_page_is_open_logs_the_exercise_the_page_showed(client, logged):
    """QA: the runner saw Clamshell ticked, the coach swapped it for a harder version, the
    runner pressed Log: the entry said the harder version, which they never saw (then the
    form was refused, and a warning sign ticked with it never reached the coach). The page's
    list of exercises goes with the form, and a tick for a swapped item is logged as the
    exercise the page showed, linked to its item, as an entry logged before the swap reads."""
    page = client.get(logged.get_share_url()).content.decode()
    listed = re.search(r'name="exercises" value="([^"]*)"', page).group(1)
    clam = logged.items.get(exercise__name="Clamshell")
    old_exercise = clam.exercise_id
    assert f"{clam.pk}:{clam.exercise_id}" in listed.split(",")
    harder = make_exercise("Banded clamshell", unilateral=True)
    clam.exercise.harder_versions.add(harder)
    services.routine_swap_item(item=clam, exercise=harder)
    data = {
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "pain": "1",
        "listed": "1",
        "exercises": listed,
        "done": [str(clam.pk)],
        "note": "typed before the swap",
    }
    url_create = reverse("session_create", args=[logged.share_token])
    response = client.post(url_create, data, headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your coach changed the routine while your page was open: Clamshell is logged" in body
    entry = logged.sessions.get(note="typed before the swap")
    (done,) = entry.done.all()
    assert (done.item_id, done.item_ref, done.exercise_id, done.exercise_name) == (
        clam.pk,
        clam.pk,
        old_exercise,
        "Clamshell",
    )
    # The page as it is now lists the new exercise, and its form logs it.
    page = client.get(logged.get_share_url()).content.decode()
    data["exercises"] = re.search(r'name="exercises" value="([^"]*)"', page).group(1)
    data["note"] = "after the swap"
    assert client.post(url_create, data).status_code in (200, 302, 303)
    assert logged.sessions.get(note="after the swap").done.get().exercise_name == (
        "Banded clamshell"
    )
    # An untouched item ticked with an old list is still fine (a dose change is no swap).
    bridge = logged.items.get(exercise__name="Glute bridge")
    data.update(
        exercises=listed,
        done=[str(bridge.pk)],
        note="bridge",
        date=(timezone.localdate() - timedelta(days=2)).isoformat(),
    )
    assert client.post(url_create, data).status_code in (200, 302, 303)
    assert logged.sessions.get(note="bridge").done.get().item_id == bridge.pk


def test_reordering_the_routine_keeps_each_entry_in_the_order_it_was_logged(signed_in, logged):
    """An entry lists its exercises as they were logged (the form's order then), not in the
    routine's order now: the coach moving Glute bridge to the top reorders no past entry, on
    the runner's page, the earlier-sessions pages or in the CSV."""
    clam = logged.items.get(exercise__name="Clamshell")
    bridge = logged.items.get(exercise__name="Glute bridge")
    services.routine_reorder(routine=logged, item_ids=[bridge.pk, clam.pk])
    assert entry_says(signed_in, logged) == "Clamshell, Glute bridge"
    assert csv_done(signed_in, logged) == "Clamshell; Glute bridge"
    # A session logged after the move lists them in the new order, beside the old one.
    services.session_log(
        routine=logged,
        day=timezone.localdate(),
        pain=1,
        done=[(bridge.pk, ""), (clam.pk, "left")],
    )
    assert entry_says(signed_in, logged) == "Glute bridge, Clamshell (left)"
    # Both on an earlier-sessions page once five more are logged after them.
    for _ in range(5):
        services.session_log(routine=logged, day=timezone.localdate(), pain=1, done=[])
    page = signed_in.get(reverse("session_list", args=[logged.share_token])).content.decode()
    assert re.findall(r"Done: ([^<]*)</p>", page) == [
        "Glute bridge, Clamshell (left)",
        "Clamshell, Glute bridge",
    ]


def _rename_bridge() -> None:
    bridge = Exercise.objects.get(name="Glute bridge")
    bridge.name = "Glute Bridge (edited) x"
    bridge.save()


def test_renaming_an_exercise_in_the_catalogue_changes_no_entry(client, signed_in, logged):
    """A rename in the admin (here its effect: the catalogue row saved with a new name) leaves
    every past entry naming what the runner logged (the history page, the CSV); an entry
    logged after it names the new one, as does the routine as it is now (its week table)."""
    _rename_bridge()
    assert entry_says(client, logged) == "Clamshell, Glute bridge"
    assert csv_done(signed_in, logged) == "Clamshell; Glute bridge"
    services.session_log(
        routine=logged,
        day=timezone.localdate(),
        pain=1,
        done=[(item.pk, "") for item in logged.items.all()],
    )
    assert entry_says(client, logged) == "Clamshell, Glute Bridge (edited) x"
    assert "Glute Bridge (edited) x" in ticks(logged)


def test_renaming_an_exercise_changes_no_entry_on_the_earlier_sessions_page(client, logged):
    first = logged.sessions.get()
    for _ in range(5):  # the first entry moves to the earlier-sessions page
        services.session_log(routine=logged, day=timezone.localdate(), pain=1, done=[])
    _rename_bridge()
    earlier = client.get(reverse("session_list", args=[logged.share_token])).content.decode()
    assert f'id="session-{first.pk}"' in earlier
    assert "Done: Clamshell, Glute bridge</p>" in earlier
    assert "Glute Bridge (edited) x" not in earlier
