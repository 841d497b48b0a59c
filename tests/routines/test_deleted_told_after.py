"""Deleting an entry tells the coach what the runner was told AFTER it, not what its own signs
alone say: signs ticked in entries up to 14 days apart combine (monitoring._signs_over_days),
so a second entry can turn "see a doctor today" into "get emergency care now". Found by a
fresh tester: a weak leg, then numbness the same day (emergency), the second entry deleted
within 10 minutes: the confirm said "your coach is not told" and the coach's panel, list badge
and CSV then showed only "doctor today". And an entry that ticked a warning sign is never a
quiet correction: the 10-minute rule is for a mistyped pain score.

Each case is checked against services.session_deletion, the one function the delete, its
confirm step and the notice read."""

import csv
import io
import re
from datetime import timedelta
from itertools import combinations

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import monitoring, services
from routines.models import CORRECTION_WINDOW, DeletedEntryNotice, SessionLog
from routines.session_views import CSV_COLUMNS
from tests.routines.conftest import log_session as log
from triage.rules import Tier

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "log"}
QUIET = "You logged it minutes ago, so this corrects it: your coach is not told."
STOP = monitoring.Level.STOP


@pytest.fixture(autouse=True)
def correction_window(monkeypatch):
    """The real correction window (tests/conftest.py turns it off for other files)."""
    monkeypatch.setattr("routines.models.CORRECTION_WINDOW", CORRECTION_WINDOW)


def _urgency(keys) -> int:
    return monitoring.told_urgency(monitoring.told(STOP, keys, pain=1))


#: Every pair of the form's signs that the checker's rules read as more urgent together than
#: either alone (with pain 1), from the rules themselves: (first, second, told together).
PAIRS = [
    (a, b, monitoring.told(STOP, {a, b}, pain=1))
    for a, b in combinations([sign.key for sign in monitoring.OFFERED_SIGNS], 2)
    if _urgency({a, b}) > max(_urgency({a}), _urgency({b}))
]
#: Both orders: the deleted entry is the second one logged.
ORDERED_PAIRS = [*PAIRS, *((b, a, told) for a, b, told in PAIRS)]


def test_the_rules_combine_some_pairs_and_the_testers_is_one():
    assert ("numbness", "leg_weakness", "emergency") in PAIRS
    assert len(PAIRS) >= 3


def _pair(routine, first, second, *, days_apart: int, minutes_ago: int | None):
    """Two entries, pain 1: `first` ticked `days_apart` days before `second` (today), logged
    in that order; `minutes_ago`: when the second was logged (None: just now)."""
    one = log(routine, days_ago=days_apart, pain=1, warning_signs=[first])
    two = log(routine, days_ago=0, pain=1, warning_signs=[second])
    if minutes_ago is not None:
        now = timezone.now()
        SessionLog.objects.filter(pk=one.pk).update(
            created=now - timedelta(minutes=minutes_ago + 5)
        )
        SessionLog.objects.filter(pk=two.pk).update(created=now - timedelta(minutes=minutes_ago))
        two.refresh_from_db()
    return one, two


@pytest.mark.parametrize("minutes_ago", [None, 60 * 3], ids=["within-window", "later"])
@pytest.mark.parametrize("days_apart", [0, 5, monitoring.SIGNS_TOGETHER_DAYS])
@pytest.mark.parametrize(("first", "second", "together"), ORDERED_PAIRS)
def test_a_deleted_entry_leaves_what_the_runner_was_told_after_it(
    shared, first, second, together, days_apart, minutes_ago
):
    _one, two = _pair(shared, first, second, days_apart=days_apart, minutes_ago=minutes_ago)
    deletion = services.session_deletion(session=two)
    assert deletion.told == together
    assert deletion.notice == together
    notice = services.session_delete(session=two)
    assert notice is not None and notice.advice == together
    assert list(DeletedEntryNotice.objects.values_list("advice", flat=True)) == [together]


def test_signs_more_than_14_days_apart_are_not_read_together(shared):
    _one, two = _pair(
        shared,
        "leg_weakness",
        "numbness",
        days_apart=monitoring.SIGNS_TOGETHER_DAYS + 1,
        minutes_ago=60,
    )
    assert services.session_deletion(session=two).told == STOP
    assert services.session_delete(session=two).advice == "stop"


def _confirm_steps(client, routine, session) -> list[str]:
    """The "Delete this entry?" step as each way of asking shows it: with JavaScript (htmx
    GET ?delete=), without (the page, GET ?delete=), and the POST without confirm=yes."""
    url = f"{routine.get_share_url()}?delete={session.pk}"
    post = reverse("session_delete", args=[routine.share_token, session.pk])
    pages = [
        client.get(url, headers=HTMX).content.decode(),
        client.get(url).content.decode(),
        client.post(post, {}).content.decode(),
    ]
    steps = []
    for page in pages:
        step = page[page.index(f'id="delete-{session.pk}"') :]
        steps.append(step[: step.index("</p>")])
    return steps


def _csv_deleted_rows(client, routine) -> list[list[str]]:
    url = reverse("routines:session_log_csv", args=[routine.pk])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    note = rows[0].index("note")
    return [row for row in rows[1:] if row[note] == "entry deleted by the runner"]


@pytest.mark.parametrize("minutes_ago", [None, 60 * 3], ids=["within-window", "later"])
@pytest.mark.parametrize("days_apart", [0, 3])
def test_the_testers_weak_leg_then_numbness_deleted_is_an_emergency_everywhere(
    client, coach, shared, days_apart, minutes_ago
):
    _one, two = _pair(
        shared, "leg_weakness", "numbness", days_apart=days_apart, minutes_ago=minutes_ago
    )
    runner = client.__class__()
    for step in _confirm_steps(runner, shared, two):
        assert "coach is not told" not in step and "corrects it" not in step
        assert "advising getting emergency care was deleted" in step
        assert "keeps reminding you" in step
    url = reverse("session_delete", args=[shared.share_token, two.pk])
    done = runner.post(url, {"confirm": "yes"}, headers=HTMX).content.decode()
    assert "that advised getting emergency care was deleted" in done
    client.force_login(coach)
    # The coach's panel: a card for the deleted emergency.
    panel = client.get(shared.get_absolute_url()).content.decode()
    assert 'data-deleted-advice="emergency"' in panel
    assert "that advised getting emergency care was deleted by the runner" in panel
    # The list's badge.
    listed = client.get(reverse("routines:list")).content.decode()
    row = re.search(rf'<tr data-routine="{shared.pk}"[^>]*>.*?</tr>', listed, re.S).group(0)
    assert "Entry deleted (told to get emergency care)" in row
    # The CSV's row for it.
    rows = _csv_deleted_rows(client, shared)
    advice = CSV_COLUMNS.index("advice (this entry)")
    assert [row[advice] for row in rows] == [Tier.EMERGENCY.label]
    # The runner's page keeps reminding them of the emergency: in the advice of its day, or
    # in a reminder of its own.
    page = runner.get(shared.get_share_url()).content.decode()
    assert (
        "you were told to get emergency care (that entry was deleted)" in page
        or 'data-deleted-advice="emergency"' in page
    )


@pytest.mark.parametrize(
    "sign", [sign.key for sign in monitoring.OFFERED_SIGNS], ids=lambda key: key
)
def test_an_entry_with_any_warning_sign_is_never_a_quiet_correction(client, shared, sign):
    entry = log(shared, days_ago=0, pain=1, warning_signs=[sign])
    told = monitoring.told(STOP, {sign}, pain=1)
    deletion = services.session_deletion(session=entry)
    assert deletion.notice == told
    for step in _confirm_steps(client, shared, entry):
        assert "coach is not told" not in step
        assert "ticked a warning sign" in step
        assert f"advising {DeletedEntryNotice(advice=told).advised} was deleted" in step
    assert services.session_delete(session=entry).advice == told


@pytest.mark.parametrize(("pain", "told"), [(9, "stop"), (6, "ease_back")])
def test_a_mistyped_pain_score_without_a_sign_is_still_a_quiet_correction(
    client, shared, pain, told
):
    entry = log(shared, days_ago=0, pain=pain)
    deletion = services.session_deletion(session=entry)
    assert (deletion.told, deletion.notice) == (told, None)
    for step in _confirm_steps(client, shared, entry):
        assert QUIET in step
    assert services.session_delete(session=entry) is None
    assert not DeletedEntryNotice.objects.exists()


@pytest.mark.parametrize("minutes_ago", [None, 60], ids=["within-window", "later"])
@pytest.mark.parametrize(
    "fields",
    [
        {"pain": 1},
        {"pain": 6},
        {"pain": 9},
        {"pain": 1, "warning_signs": ["numbness"]},
        {"pain": 1, "warning_signs": ["leg_weakness"]},
        {"pain": 2, "warning_signs": ["no_weight"]},
    ],
    ids=["calm", "ease-back", "severe", "numbness", "weak-leg", "no-weight"],
)
def test_the_confirm_step_says_what_the_delete_then_does(client, shared, fields, minutes_ago):
    entry = log(shared, days_ago=1, **fields)
    if minutes_ago is not None:
        SessionLog.objects.filter(pk=entry.pk).update(
            created=timezone.now() - timedelta(minutes=minutes_ago)
        )
        entry.refresh_from_db()
    steps = _confirm_steps(client, shared, entry)
    notice = services.session_delete(session=entry)
    for step in steps:
        if notice is None:
            assert "your coach will see" not in step
        else:
            assert f"advising {notice.advised} was deleted" in step
            assert ("keeps reminding you" in step) == (notice.advice in ("urgent", "emergency"))
        assert (QUIET in step) == (notice is None and entry.told_advice != "continue")


def test_pure_told_as_shown_reads_the_day_so_far_not_entries_logged_later():
    day = timezone.localdate()
    now = timezone.now()
    weak = monitoring.Entry(
        day=day, pain=1, warning_signs={"leg_weakness"}, logged=now - timedelta(minutes=5)
    )
    numb = monitoring.Entry(day=day, pain=1, warning_signs={"numbness"}, logged=now)
    log_ = [weak, numb]
    assert monitoring.told_as_shown(log_, numb, told_advice="stop") == "emergency"
    # The first entry was told a doctor today: the numbness came after it.
    assert monitoring.told_as_shown(log_, weak, told_advice="stop") == "urgent"
    # Never less than the entry's own stored advice.
    calm = monitoring.Entry(day=day, pain=1, logged=now)
    assert monitoring.told_as_shown([calm], calm, told_advice="ease_back") == "ease_back"


@pytest.mark.parametrize(
    ("told", "signs", "correctable", "notice"),
    [
        ("continue", (), True, None),
        ("continue", (), False, None),
        ("ease_back", (), True, None),
        ("stop", (), True, None),
        ("stop", (), False, "stop"),
        ("stop", ("numbness",), True, "stop"),
        ("urgent", (), True, "urgent"),
        ("emergency", ("numbness",), True, "emergency"),
    ],
)
def test_pure_what_the_coach_is_told_of_a_deletion(told, signs, correctable, notice):
    assert (
        monitoring.told_to_coach_on_delete(told, warning_signs=signs, correctable=correctable)
        == notice
    )


@pytest.mark.parametrize("minutes_ago", [None, 60 * 3], ids=["within-window", "later"])
@pytest.mark.parametrize("days_apart", [0, 5])
@pytest.mark.parametrize(("first", "second", "together"), ORDERED_PAIRS)
def test_deleting_the_first_of_two_signs_keeps_the_later_entrys_emergency_for_the_coach(
    shared, first, second, together, days_apart, minutes_ago
):
    """The other half of the class: the runner was told `together` after the SECOND entry;
    deleting the FIRST leaves that with the second (SessionLog.told_care: what its page
    showed, kept), its day and its card, so the first's notice says only what IT told (a
    later emergency dated to the deleted entry's day ran its two weeks from the wrong day:
    fresh tester, tests/routines/test_told_kept.py)."""
    one, two = _pair(shared, first, second, days_apart=days_apart, minutes_ago=minutes_ago)
    assert two.told == together
    deletion = services.session_deletion(session=one)
    alone = monitoring.told(STOP, {first}, pain=1)
    assert (deletion.told, deletion.notice, deletion.by_later) == (alone, alone, False)
    assert services.session_delete(session=one).advice == alone
    two.refresh_from_db()
    assert two.told == together


def test_the_testers_weak_leg_deleted_after_numbness_is_still_an_emergency_for_the_coach(
    client, coach, shared
):
    one, two = _pair(shared, "leg_weakness", "numbness", days_apart=0, minutes_ago=None)
    for step in _confirm_steps(client.__class__(), shared, one):
        assert "coach is not told" not in step
        assert "Read with the warning signs of an entry you logged after it" not in step
    services.session_delete(session=one)
    client.force_login(coach)
    panel = client.get(shared.get_absolute_url()).content.decode()
    assert 'data-deleted-advice="urgent"' in panel
    assert f'id="stop-{two.pk}" data-stop-session="{two.pk}" data-told="emergency"' in panel


def test_a_later_entry_whose_told_does_not_rest_on_it_leaves_the_notice_as_it_was(shared):
    one = log(shared, days_ago=0, pain=1, warning_signs=["leg_weakness"])
    SessionLog.objects.filter(pk=one.pk).update(created=timezone.now() - timedelta(hours=2))
    log(shared, days_ago=0, pain=1, warning_signs=["no_weight"])
    deletion = services.session_deletion(session=one)
    assert (deletion.told, deletion.by_later) == ("urgent", False)


@pytest.mark.parametrize("days_apart", [0, 3, monitoring.SIGNS_TOGETHER_DAYS, 20])
@pytest.mark.parametrize(("first", "second", "together"), ORDERED_PAIRS)
def test_pure_the_days_care_read_alone_is_the_days_advices(first, second, together, days_apart):
    """care_after_entry (what the delete reads for every later entry, cheaply) says what the
    day's advice says (told_after_entry's care, as the coach's card reads it)."""
    today = timezone.localdate()
    now = timezone.now()
    log_ = [
        monitoring.Entry(
            day=today - timedelta(days=days_apart),
            pain=1,
            warning_signs={first},
            logged=now - timedelta(minutes=5),
        ),
        monitoring.Entry(day=today, pain=1, warning_signs={second}, logged=now),
        monitoring.Entry(day=today, pain=8, logged=now + timedelta(minutes=5)),
    ]
    for about in log_:
        assert monitoring.care_after_entry(log_, about) == (
            monitoring.told_after_entry(log_, about).care
        )
