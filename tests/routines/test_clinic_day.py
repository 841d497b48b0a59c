"""Issue 16: the builder made for a clinic day. Undo a removal or a preset, reorder in one
POST, swap a move for its easier or harder version, presets that keep the coach's changes,
and sharing by link, QR code, email or text message."""

import re
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse

from exercises.dosing import Preset
from exercises.models import Exercise
from hipcare.submissions.models import Submission
from routines import services
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine, positions

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def url(name, routine, item=None):
    return reverse(f"routines:{name}", args=[routine.pk] if item is None else [routine.pk, item.pk])


def undo_token(html: str) -> str:
    return re.search(r'name="undo" value="([^"]+)"', html).group(1)


# Undo a removal.


def test_undoing_a_removal_brings_the_item_back_with_its_dose_side_and_note(signed_in, routine):
    clam = routine.items.get(exercise__slug="clamshell")
    clam.sets_min = clam.sets_max = 2
    clam.side, clam.coach_note, clam.load_note = "left", "Slow on the way down.", ""
    clam.save()
    html = signed_in.post(url("delete_item", routine, clam), headers=HTMX).content.decode()
    assert positions(routine) == [("goblet-squat", 1), ("pigeon-stretch", 2)]
    assert "Removed Clamshell." in html
    html = signed_in.post(
        url("undo", routine), {"undo": undo_token(html)}, headers=HTMX
    ).content.decode()
    assert "Put Clamshell back as number 1" in html
    assert positions(routine) == [("clamshell", 1), ("goblet-squat", 2), ("pigeon-stretch", 3)]
    back = routine.items.get(exercise__slug="clamshell")
    assert (back.sets_min, back.sets_max, back.side, back.coach_note) == (
        2,
        2,
        "left",
        "Slow on the way down.",
    )
    assert back.dose_line == "2 x 12-15, left side only, twice a week"


def test_an_undo_sent_twice_puts_the_item_back_once(signed_in, routine):
    middle = routine.items.get(position=2)
    html = signed_in.post(url("delete_item", routine, middle), headers=HTMX).content.decode()
    token = undo_token(html)
    signed_in.post(url("undo", routine), {"undo": token}, headers=HTMX)
    again = signed_in.post(url("undo", routine), {"undo": token}, headers=HTMX)
    assert "can no longer be undone" in again.content.decode()
    assert [slug for slug, _ in positions(routine)].count("goblet-squat") == 1


def test_an_undo_after_another_change_is_refused(signed_in, routine, squat):
    first = routine.items.get(position=1)
    html = signed_in.post(url("delete_item", routine, first), headers=HTMX).content.decode()
    services.routine_add_item(routine=routine, exercise=squat)
    response = signed_in.post(url("undo", routine), {"undo": undo_token(html)}, headers=HTMX)
    assert "can no longer be undone" in response.content.decode()
    assert "clamshell" not in [slug for slug, _ in positions(routine)]


def _no_token_in(location: str, token: str) -> bool:
    return "undo" not in location and token not in unquote(location)


def test_remove_without_javascript_offers_undo_once_and_never_in_the_address(signed_in, routine):
    first = routine.items.get(position=1)
    response = signed_in.post(url("delete_item", routine, first), {"submission": "r" * 20})
    assert response.status_code == 302
    page = signed_in.get(response["Location"]).content.decode()
    token = undo_token(page)
    # The address holds no token (history, logs, screenshots), nor does the key's record of
    # where the removal went (where a double click is sent).
    assert _no_token_in(response["Location"], token)
    assert all(
        _no_token_in(where, token)
        for where in Submission.objects.values_list("result_url", flat=True)
    )
    # The next view offers Undo once, its token in a hidden POST field, the button focused.
    assert page.count('id="undo-button"') == 1 and "Removed Clamshell." in page
    assert re.search(r'id="undo-button"[^>]* autofocus', page)
    undone = signed_in.post(url("undo", routine), {"undo": token, "submission": "u" * 20})
    assert undone.status_code == 302 and _no_token_in(undone["Location"], token)
    assert positions(routine)[0] == ("clamshell", 1)
    # A reload (or Back) of the builder does not offer it again.
    again = signed_in.get(response["Location"]).content.decode()
    assert 'id="undo-button"' not in again and token not in again


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_reloading_the_builder_after_a_removal_still_offers_undo_until_used(
    signed_in, routine, htmx
):
    """The rule changed: a reload or Back/Forward used to lose the offer (and with it the
    removed exercise's dose and note). The latest offer now stays on the builder, from the
    session (never the address), while it is valid; focused on the first view only."""
    first = routine.items.get(position=1)
    signed_in.post(url("delete_item", routine, first), headers=HTMX if htmx else {})
    pages = [signed_in.get(url("builder", routine)).content.decode() for _ in range(2)]
    assert all('id="undo-button"' in page and "Removed Clamshell." in page for page in pages)
    assert not re.search(r'id="undo-button"[^>]* autofocus', pages[1])
    signed_in.post(url("undo", routine), {"undo": undo_token(pages[1])})
    assert positions(routine)[0] == ("clamshell", 1)
    assert 'id="undo-button"' not in signed_in.get(url("builder", routine)).content.decode()


def test_a_preset_applied_with_htmx_is_still_offered_for_undo_after_a_reload(signed_in, routine):
    signed_in.post(url("preset", routine), {"level": Preset.ADVANCED_HEAVY.value}, headers=HTMX)
    page = signed_in.get(url("builder", routine)).content.decode()
    assert 'id="undo-button"' in page and "Set the dose preset to" in page


def test_the_offer_lapses_after_ten_minutes(signed_in, routine, monkeypatch):
    from routines import views

    signed_in.post(url("delete_item", routine, routine.items.get(position=1)), headers=HTMX)
    assert 'id="undo-button"' in signed_in.get(url("builder", routine)).content.decode()
    later = views.time.time() + views.UNDO_OFFER_SECONDS + 1
    monkeypatch.setattr(views.time, "time", lambda: later)
    assert 'id="undo-button"' not in signed_in.get(url("builder", routine)).content.decode()
    assert views.UNDO_SESSION_KEY not in signed_in.session


def test_an_htmx_removal_s_offer_is_gone_once_the_routine_changed(signed_in, routine):
    signed_in.post(url("delete_item", routine, routine.items.get(position=1)), headers=HTMX)
    last = routine.items.order_by("position").last()
    signed_in.post(url("move_item", routine, last), {"direction": "up"}, headers=HTMX)
    assert 'id="undo-button"' not in signed_in.get(url("builder", routine)).content.decode()


def test_a_double_click_on_undo_without_javascript_puts_the_item_back_once(signed_in, routine):
    first = routine.items.get(position=1)
    where = signed_in.post(url("delete_item", routine, first))["Location"]
    token = undo_token(signed_in.get(where).content.decode())
    data = {"undo": token, "submission": "d" * 20}
    signed_in.post(url("undo", routine), data)
    replay = signed_in.post(url("undo", routine), data, follow=True).content.decode()
    assert "HipCare acted on it once" in replay and 'id="undo-button"' not in replay
    assert [slug for slug, _ in positions(routine)].count("clamshell") == 1


def test_a_preset_without_javascript_offers_undo_without_a_token_in_the_address(signed_in, routine):
    response = signed_in.post(url("preset", routine), {"level": Preset.ADVANCED_HEAVY.value})
    assert response.status_code == 302
    page = signed_in.get(response["Location"]).content.decode()
    token = undo_token(page)
    assert _no_token_in(response["Location"], token) and "Set the dose preset to" in page
    signed_in.post(url("undo", routine), {"undo": token})
    routine.refresh_from_db()
    assert routine.level == Preset.BEGINNER.value


def test_a_waiting_undo_shows_only_on_its_own_routine(signed_in, coach, routine, squat):
    other = make_routine(coach, exercises=[squat])
    signed_in.post(url("delete_item", routine, routine.items.get(position=1)))
    assert 'id="undo-button"' not in signed_in.get(url("builder", other)).content.decode()
    assert 'id="undo-button"' in signed_in.get(url("builder", routine)).content.decode()


def test_a_waiting_undo_is_not_offered_once_the_routine_changed(signed_in, routine, squat):
    signed_in.post(url("delete_item", routine, routine.items.get(position=1)))
    services.routine_add_item(routine=routine, exercise=squat)
    assert 'id="undo-button"' not in signed_in.get(url("builder", routine)).content.decode()


def test_a_waiting_undo_signed_for_another_routine_is_not_offered(signed_in, coach, routine, squat):
    other = make_routine(coach, exercises=[squat])
    html = signed_in.post(
        url("delete_item", other, other.items.get()), headers=HTMX
    ).content.decode()
    session = signed_in.session
    # routines.views.UNDO_SESSION_KEY
    session["routine_undo"] = {"routine": routine.pk, "token": undo_token(html)}
    session.save()
    assert 'id="undo-button"' not in signed_in.get(url("builder", routine)).content.decode()


def test_a_waiting_undo_stays_in_its_own_session(signed_in, routine):
    where = signed_in.post(url("delete_item", routine, routine.items.get(position=1)))["Location"]
    other = Client()
    other.force_login(routine.owner)  # the same coach on another device: its own session
    assert 'id="undo-button"' not in other.get(where).content.decode()


@pytest.mark.parametrize("token", ["", "junk", "a" * 200])
def test_a_forged_or_empty_undo_changes_nothing(signed_in, routine, token):
    before = positions(routine)
    response = signed_in.post(url("undo", routine), {"undo": token})
    assert response.status_code == 422
    assert positions(routine) == before


def test_an_undo_for_another_routine_is_refused(signed_in, coach, routine, squat):
    other = make_routine(coach, exercises=[squat])
    html = signed_in.post(
        url("delete_item", other, other.items.get()), headers=HTMX
    ).content.decode()
    response = signed_in.post(url("undo", routine), {"undo": undo_token(html)}, headers=HTMX)
    assert "not for this routine" in response.content.decode()
    assert len(positions(routine)) == 3 and other.items.count() == 0


# Presets keep what the coach changed, say so, and can be undone.


def test_a_preset_leaves_a_customised_item_alone_lists_it_and_can_be_undone(signed_in, coach):
    squat = make_exercise("Goblet squat", loadable=True)
    deadlift = make_exercise("Deadlift", loadable=True)
    routine = make_routine(coach, exercises=[squat, deadlift])
    custom = routine.items.get(exercise=deadlift)
    custom.sets_min, custom.sets_max, custom.reps_min, custom.reps_max = 2, 2, 10, 10
    custom.save()
    html = signed_in.post(
        url("preset", routine), {"level": Preset.ADVANCED_HEAVY.value}, headers=HTMX
    ).content.decode()
    assert "re-dosed 1 exercise, left 1 you had changed." in html
    assert "Left as you set them" in html and "2. Deadlift: 2 x 10, twice a week" in html
    lines = {i.exercise.slug: i.dose_line for i in routine.items.select_related("exercise")}
    assert lines == {"goblet-squat": "3-4 x 4-6, twice a week", "deadlift": "2 x 10, twice a week"}
    html = signed_in.post(
        url("undo", routine), {"undo": undo_token(html)}, headers=HTMX
    ).content.decode()
    assert "the dose preset is Starting out again" in html
    routine.refresh_from_db()
    assert routine.level == Preset.BEGINNER.value
    lines = {i.exercise.slug: i.dose_line for i in routine.items.select_related("exercise")}
    assert lines == {
        "goblet-squat": "1-3 x 12-15, twice a week",
        "deadlift": "2 x 10, twice a week",
    }


def test_a_preset_switched_twice_brings_default_items_along(coach):
    squat = make_exercise("Goblet squat", loadable=True)
    routine = make_routine(coach, exercises=[squat])
    services.routine_apply_preset(routine=routine, level=Preset.ADVANCED_MODERATE)
    result = services.routine_apply_preset(routine=routine, level=Preset.ADVANCED_HEAVY)
    assert [i.dose_line for i in result.changed] == ["3-4 x 4-6, twice a week"]
    assert result.left_alone == []


def test_the_preset_help_explains_both_scales(signed_in, routine):
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    assert "changes only the exercises still on their preset dose" in html
    assert "not the same as an exercise's difficulty" in html


def test_a_harder_move_in_a_beginner_routine_gets_a_note(signed_in, coach):
    hard = make_exercise("Pistol squat", level=Exercise.Level.ADVANCED)
    easy = make_exercise("Sit to stand", level=Exercise.Level.BEGINNER)
    routine = make_routine(coach, exercises=[hard, easy])
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    assert html.count('class="difficulty-note') == 1
    assert "Advanced move in a" in html


# Reorder in one POST.


def test_reordering_sends_the_whole_order_at_once(signed_in, routine):
    pks = list(routine.items.order_by("position").values_list("pk", flat=True))
    new_order = [pks[2], pks[0], pks[1]]
    response = signed_in.post(url("reorder", routine), {"item": new_order}, headers=HTMX)
    assert "Saved the new order." in response.content.decode()
    assert positions(routine) == [("pigeon-stretch", 1), ("clamshell", 2), ("goblet-squat", 3)]


@pytest.mark.parametrize("order", [[0, 1], [0, 1, 1], [0, 1, 2, 2], [0, 1, "x"]])
def test_a_stale_or_bad_order_changes_nothing(signed_in, routine, order):
    pks = list(routine.items.order_by("position").values_list("pk", flat=True))
    sent = [pks[n] if isinstance(n, int) else n for n in order]
    before = positions(routine)
    response = signed_in.post(url("reorder", routine), {"item": sent}, headers=HTMX)
    assert "nothing was moved" in response.content.decode()
    assert positions(routine) == before


def test_an_item_of_another_routine_cannot_be_reordered_in(signed_in, coach, routine, squat):
    other = make_routine(coach, exercises=[squat])
    pks = list(routine.items.values_list("pk", flat=True))
    response = signed_in.post(
        url("reorder", routine), {"item": [other.items.get().pk, *pks[1:]]}, headers=HTMX
    )
    assert "nothing was moved" in response.content.decode()


def test_move_to_place_without_javascript(signed_in, routine):
    last = routine.items.get(position=3)
    response = signed_in.post(url("move_item", routine, last), {"direction": "", "position": 1})
    assert response.status_code == 302
    assert positions(routine)[0] == ("pigeon-stretch", 1)


# Swap for an easier or harder version.


def test_swapping_keeps_the_place_side_and_note(signed_in, coach):
    clam = make_exercise("Clamshell", unilateral=True)
    banded = make_exercise("Banded clamshell", unilateral=True, loadable=True)
    clam.harder_versions.add(banded)
    bridge = make_exercise("Glute bridge")
    routine = make_routine(coach, exercises=[bridge, clam])
    item = routine.items.get(exercise=clam)
    item.side, item.coach_note = "right", "Keep the heels together."
    item.save()
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    assert "Harder: Banded clamshell" in html
    response = signed_in.post(
        url("swap_item", routine, item), {"exercise": banded.slug}, headers=HTMX
    )
    assert "Swapped Clamshell for Banded clamshell at number 2" in response.content.decode()
    item.refresh_from_db()
    assert (item.exercise, item.position, item.side, item.coach_note) == (
        banded,
        2,
        "right",
        "Keep the heels together.",
    )
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    assert "Easier: Clamshell" in html


def test_the_swap_buttons_follow_catalogue_edits_at_once(signed_in, coach):
    """The versions are cached under the catalogue version: a new link, a second harder
    version or an unpublished one shows on the builder's next load, every version listed."""
    clam = make_exercise("Clamshell")
    routine = make_routine(coach, exercises=[clam])
    assert "Harder:" not in signed_in.get(routine.get_absolute_url()).content.decode()
    banded = make_exercise("Banded clamshell")
    side_lying = make_exercise("Side-lying hip abduction")
    clam.harder_versions.add(banded, side_lying)
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    assert "Harder: Banded clamshell" in html
    assert "Harder: Side-lying hip abduction" in html
    banded.published = False
    banded.save()
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    assert "Harder: Banded clamshell" not in html
    assert "Harder: Side-lying hip abduction" in html


def test_swapping_for_a_move_that_is_not_a_variation_is_refused(signed_in, routine, squat):
    clam = routine.items.get(exercise__slug="clamshell")
    response = signed_in.post(url("swap_item", routine, clam), {"exercise": squat.slug})
    assert response.status_code == 422
    assert "is not an easier or harder version" in response.content.decode()
    clam.refresh_from_db()
    assert clam.exercise.slug == "clamshell"


# Sharing.


def test_the_share_box_has_the_full_link_a_qr_code_and_ways_to_send_it(signed_in, routine):
    services.routine_share(routine=routine)
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    link = f"http://testserver/r/{routine.share_token}/"
    assert f'<p class="share-link-text mb-1" id="share-link">{link}</p>' in html
    assert 'data-copy="share-link"' in html
    assert '<img class="share-qr" src="data:image/svg+xml' in html
    mailto = re.search(r'href="(mailto:[^"]+)"', html).group(1)
    sms = re.search(r'href="(sms:[^"]+)"', html).group(1)
    for address in (mailto, sms):
        assert link in unquote(address.replace("&amp;", "&"))
    assert "subject=Your%20exercise%20routine" in mailto


def test_the_share_box_says_the_runner_logs_health_details_on_the_link_not_read_only(
    signed_in, routine
):
    """Fresh tester: the box called the link "read-only", but the runner's log on it takes
    pain scores, warning signs and notes."""
    services.routine_share(routine=routine)
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    label = re.search(r'<p class="mb-1" id="share-link-label">(.*?)</p>', html, re.S).group(1)
    assert "read-only" not in label.lower()
    assert "runner's log" in label and "health details" in label
    assert "read-only link" not in signed_in.get("/").content.decode()


def test_an_unshared_routine_offers_to_share(signed_in, routine):
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    assert "Create a share link" in html and "mailto:" not in html


# The search form never searches on a text box's "change" (its blur).


def test_the_catalogue_search_does_not_search_on_blur(signed_in, routine):
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    trigger = re.search(r'<form[^>]*class="filters"[^>]*hx-trigger="([^"]+)"', html).group(1)
    parts = [part.strip() for part in trigger.split(",")]
    assert "change" not in parts  # a bare "change" fires on the search box's blur
    assert any(part.startswith("input changed delay") for part in parts)
    # Drop-downs and tick boxes search on change; the search box never does.
    assert {p for p in parts if p.startswith("change")} == {
        "change from:(form.filters select)",
        "change from:(form.filters input[type=checkbox])",
    }


# "Add to a routine" on an exercise's page.


def test_a_coach_adds_a_move_to_a_routine_from_its_page(signed_in, coach, routine):
    step_up = make_exercise("Step-up")
    html = signed_in.get(step_up.get_absolute_url()).content.decode()
    assert "Add to a routine" in html
    assert f'<option value="{routine.pk}">Hips, weeks 1-6</option>' in html
    response = signed_in.post(
        reverse("routines:add_from_catalogue"), {"routine": routine.pk, "exercise": step_up.slug}
    )
    item = routine.items.get(exercise=step_up)
    assert response["Location"] == f"{routine.get_absolute_url()}#item-{item.pk}"
    assert positions(routine)[-1] == ("step-up", 4)


def test_adding_from_an_exercise_page_to_someone_elses_routine_is_refused(
    client, other_coach, routine
):
    step_up = make_exercise("Step-up")
    client.force_login(other_coach)
    response = client.post(
        reverse("routines:add_from_catalogue"),
        {"routine": routine.pk, "exercise": step_up.slug},
        follow=True,
    )
    assert "That routine is not one of your current routines." in response.content.decode()
    assert len(positions(routine)) == 3


def test_only_a_signed_in_coach_sees_add_to_a_routine(client, runner_user):
    step_up = make_exercise("Step-up")
    assert "Add to a routine" not in client.get(step_up.get_absolute_url()).content.decode()
    client.force_login(runner_user)
    assert "Add to a routine" not in client.get(step_up.get_absolute_url()).content.decode()


def test_a_coach_without_routines_is_offered_a_new_one(client, coach):
    step_up = make_exercise("Step-up")
    client.force_login(coach)
    html = client.get(step_up.get_absolute_url()).content.decode()
    assert (
        "/routines/new/?exercise=step-up" in html
        and "<select" not in html.split("add-to-routine-heading")[1]
    )
