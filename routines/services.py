"""Writes that touch several rows of a routine. Views call these; nothing else writes routines.

Every function takes keyword arguments only and runs in one transaction. Functions that change
positions lock the routine's row first (`select_for_update`), so two requests on the same
routine run one after the other and positions stay 1..n with no gaps or repeats. SQLite has no
row locks, but it lets one write transaction run at a time, which gives the same result.

Bad input raises `ValidationError` before anything is written.
"""

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Max, OuterRef, Subquery, Value, When
from django.utils import timezone

from exercises import dosing
from exercises.models import Exercise
from hipcare import timezones
from hipcare.text import fit_words
from routines import followup, monitoring
from routines.models import (
    REMINDED_ADVICE,
    DeletedEntryNotice,
    Routine,
    RoutineItem,
    SessionItem,
    SessionLog,
)

MAX_ITEMS = 60
SHARE_TOKEN_BYTES = 24


def _locked(routine: Routine) -> Routine:
    """The routine's row, locked until the transaction ends."""
    return Routine.objects.select_for_update().get(pk=routine.pk)


def _touch(routine: Routine) -> None:
    Routine.objects.filter(pk=routine.pk).update(updated=timezone.now())


def _new_item(
    *, routine: Routine, exercise: Exercise, position: int, side: dosing.Side | None = None
) -> RoutineItem:
    item = RoutineItem(routine=routine, exercise=exercise, position=position)
    dose = exercise.dose_for(routine.preset)
    item.set_dose(replace(dose, side=side) if side is not None else dose)
    return item


def _renumber(routine: Routine, item_ids: Sequence[int]) -> None:
    """Give the items positions 1..n in the order of `item_ids` (every item of the routine),
    in two UPDATEs.

    Unique constraints are checked row by row as an UPDATE runs, so positions cannot be swapped
    in place: first every item moves above the highest position in use, then each one goes to
    its place.
    """
    if not item_ids:
        return
    items = RoutineItem.objects.filter(routine=routine)
    highest = items.aggregate(highest=Max("position"))["highest"] or 0
    items.update(position=F("position") + highest)
    items.update(
        position=Case(
            *(When(pk=pk, then=Value(place)) for place, pk in enumerate(item_ids, start=1))
        )
    )


def routine_create(
    *,
    owner,
    title: str,
    for_whom: str = "",
    level: str = Routine.Level.BEGINNER,
    notes: str = "",
    exercises: Iterable[Exercise] = (),
    sides: Mapping[str, dosing.Side] | None = None,
) -> Routine:
    """A new routine, with `exercises` (if any) added in order at the routine's level.

    `sides` maps an exercise's slug to the one side it is done on (a starter routine for
    outer-hip pain keeps a side-lying move to the painful side); the others get their usual
    dose. Raises ValidationError for a side the move cannot take."""
    exercises = list(exercises)
    sides = dict(sides or {})
    for exercise in exercises:
        side = sides.get(exercise.slug)
        if side is not None and side not in exercise.move().sides():
            raise ValidationError(
                f"{exercise.name} works both sides together: it has no one side.", code="side"
            )
    if len(exercises) > MAX_ITEMS:
        raise ValidationError(
            f"A routine holds at most {MAX_ITEMS} exercises.", code="too_many_items"
        )
    with transaction.atomic():
        routine = Routine.objects.create(
            owner=owner, title=title, for_whom=for_whom, level=level, notes=notes
        )
        RoutineItem.objects.bulk_create(
            _new_item(
                routine=routine,
                exercise=exercise,
                position=position,
                side=sides.get(exercise.slug),
            )
            for position, exercise in enumerate(exercises, start=1)
        )
    return routine


def routine_add_item(*, routine: Routine, exercise: Exercise) -> RoutineItem:
    """Add `exercise` at the end of the routine, dosed for the routine's level."""
    if not exercise.published:
        raise ValidationError(
            f"{exercise.name} is not in the catalogue any more.", code="unpublished"
        )
    with transaction.atomic():
        routine = _locked(routine)
        last = routine.items.aggregate(last=Max("position"))["last"] or 0
        if last >= MAX_ITEMS:
            raise ValidationError(
                f"A routine holds at most {MAX_ITEMS} exercises.", code="too_many_items"
            )
        item = _new_item(routine=routine, exercise=exercise, position=last + 1)
        item.save()
        _touch(routine)
    return item


def routine_save_item(*, item: RoutineItem) -> RoutineItem:
    """Save an item's edited dose and mark the routine as changed.

    Only the dose is written: the item's place may have changed since it was read (a move in
    another tab), and a removed item must stay removed. The routine is locked first, in the
    same order as every other write, so a dose edit and a move cannot deadlock.
    """
    with transaction.atomic():
        routine = _locked(item.routine)
        saved = RoutineItem.objects.filter(pk=item.pk, routine=routine).update(
            **{name: getattr(item, name) for name in RoutineItem.DOSE_FIELDS}
        )
        if not saved:
            raise ValidationError("That exercise is no longer in the routine.", code="gone")
        _touch(routine)
    return item


def routine_remove_item(*, item: RoutineItem) -> bool:
    """Take an item out and close the gap it leaves; False when it was already gone.

    `item` keeps its id, exercise, place and dose, so routine_restore_item can put it back.
    The runner's log is not touched: its entries keep the exercise's name, and their link to
    the item is set to null (SessionItem.item_ref keeps the id for an Undo)."""
    with transaction.atomic():
        routine = _locked(item.routine)
        deleted, _ = RoutineItem.objects.filter(pk=item.pk, routine=routine).delete()
        if not deleted:
            return False
        remaining = list(routine.items.order_by("position").values_list("pk", flat=True))
        _renumber(routine, remaining)
        _touch(routine)
    return True


def routine_restore_item(
    *,
    routine: Routine,
    exercise: Exercise,
    position: int,
    dose: Mapping[str, object],
    since: str,
    item_pk: int | None = None,
) -> RoutineItem:
    """Undo a removal: put the item back at `position` with the dose, side, load and note it
    had (`dose`: RoutineItem.DOSE_FIELDS to values), if the routine has not changed `since`
    (routine_version just after the removal). With `item_pk` (the removed item's id) it is the
    same item again: the runner's log entries of it link to it again, so its ticks and
    adherence come back.

    Raises ValidationError when the routine changed since ("stale"), or the dose no longer fits
    the model's rules."""
    with transaction.atomic():
        routine = _locked(routine)
        _check_unchanged(routine, since)
        order = list(routine.items.order_by("position").values_list("pk", flat=True))
        if len(order) >= MAX_ITEMS:
            raise ValidationError(
                f"A routine holds at most {MAX_ITEMS} exercises.", code="too_many_items"
            )
        same = item_pk is not None and not RoutineItem.objects.filter(pk=item_pk).exists()
        item = RoutineItem(
            pk=item_pk if same else None,
            routine=routine,
            exercise=exercise,
            position=len(order) + 1,
        )
        for name in RoutineItem.DOSE_FIELDS:
            if name in dose:
                setattr(item, name, dose[name])
        item.full_clean(exclude=["routine", "exercise", "position"])
        item.save(force_insert=True)
        if same:
            SessionItem.objects.filter(
                session__routine=routine, item__isnull=True, item_ref=item.pk
            ).update(item=item)
        place = min(max(position, 1), len(order) + 1)
        order.insert(place - 1, item.pk)
        _renumber(routine, order)
        _touch(routine)
    item.position = place
    return item


def routine_reorder(*, routine: Routine, item_ids: Sequence[int]) -> None:
    """Put the routine's items in the order of `item_ids`, which must name each item once.

    Raises ValidationError (code "stale") when the list is not exactly the routine's items:
    the routine changed in another tab since the page was drawn, and nothing is moved."""
    with transaction.atomic():
        routine = _locked(routine)
        current = list(routine.items.order_by("position").values_list("pk", flat=True))
        if len(item_ids) != len(current) or set(item_ids) != set(current):
            raise ValidationError(
                "The routine changed since this page was drawn, so nothing was moved. "
                "Here it is as it is now.",
                code="stale",
            )
        if list(item_ids) != current:
            _renumber(routine, list(item_ids))
            _touch(routine)


@dataclass(frozen=True)
class SwapResult:
    """What routine_swap_item did: the item with its new exercise, its exercise and dose
    before (to undo it), and `reset`: why parts of the coach's dose could not carry over to
    the new move and took its default instead (empty when the whole dose was kept, or the
    item was on its default and took the new move's)."""

    item: RoutineItem
    previous_exercise: Exercise
    previous_dose: dict
    reset: list[str]
    custom: bool


def routine_swap_item(*, item: RoutineItem, exercise: Exercise) -> SwapResult:
    """Replace the item's exercise with one of its easier or harder versions, in the same
    place, keeping the coach's note.

    A dose the coach set (sets, reps or hold, how often, side, load) is kept. Where a part of
    it does not fit the new move (a hold for a move counted in reps, a side for a move done
    with both sides together, a load for a body-weight move) that part becomes the new move's
    default, and `reset` says why. An item still on its default dose for the routine's preset
    takes the new move's default (keeping the side between one-sided moves, and the load).

    Raises ValidationError when `exercise` is not a published variation of the item's."""
    current = item.exercise
    variations = current.harder_versions.published() | current.easier_versions.published()
    if not variations.filter(pk=exercise.pk).exists():
        raise ValidationError(
            f"{exercise.name} is not an easier or harder version of {current.name}.",
            code="not_a_variation",
        )
    with transaction.atomic():
        routine = _locked(item.routine)
        item = RoutineItem.objects.select_related("exercise").filter(pk=item.pk, routine=routine)
        item = item.first()
        if item is None:
            raise ValidationError("That exercise is no longer in the routine.", code="gone")
        item.routine = routine
        previous = _dose_values(item)
        default = exercise.dose_for(routine.preset)
        custom = not item.is_default_for(routine.preset)
        reset = []
        if custom:
            dose = item.dose()
            for problem in dosing.dose_problems(dose, exercise.move()):
                reset.append(problem.message)
                if problem.code == "unit":
                    dose = replace(dose, reps=default.reps, hold_seconds=default.hold_seconds)
                elif problem.code == "side":
                    dose = replace(dose, side=default.side)
                elif problem.code == "load":
                    dose = replace(dose, load="")
        else:
            dose = default
            if current.unilateral and exercise.unilateral:
                dose = replace(dose, side=dosing.Side(item.side))
            if exercise.loadable:
                dose = replace(dose, load=item.load_note)
        item.exercise = exercise
        item.set_dose(dose)
        item.full_clean(exclude=["routine", "exercise", "position"])
        RoutineItem.objects.filter(pk=item.pk).update(
            exercise=exercise, **{name: getattr(item, name) for name in RoutineItem.DOSE_FIELDS}
        )
        _touch(routine)
    return SwapResult(item, current, previous, reset, custom)


def routine_unswap_item(
    *,
    routine: Routine,
    item_pk: int,
    exercise: Exercise,
    dose: Mapping[str, object],
    since: str,
) -> RoutineItem:
    """Undo a swap: the item's exercise and dose as they were (`dose`: DOSE_FIELDS to values),
    if the routine has not changed `since` (routine_version just after the swap)."""
    with transaction.atomic():
        locked = _locked(routine)
        _check_unchanged(locked, since)
        item = RoutineItem.objects.filter(pk=item_pk, routine=locked).first()
        if item is None:
            raise ValidationError("That exercise is no longer in the routine.", code="gone")
        item.exercise = exercise
        for name in RoutineItem.DOSE_FIELDS:
            if name in dose:
                setattr(item, name, dose[name])
        item.full_clean(exclude=["routine", "exercise", "position"])
        RoutineItem.objects.filter(pk=item.pk).update(
            exercise=exercise, **{name: getattr(item, name) for name in RoutineItem.DOSE_FIELDS}
        )
        _touch(locked)
    item.exercise = exercise
    return item


def routine_move_item(*, item: RoutineItem, to_position: int) -> RoutineItem:
    """Move an item to `to_position` (1..n); the items in between shift by one."""
    with transaction.atomic():
        routine = _locked(item.routine)
        order = list(routine.items.order_by("position").values_list("pk", flat=True))
        if item.pk not in order:
            raise ValidationError("That exercise is no longer in the routine.", code="gone")
        if not 1 <= to_position <= len(order):
            raise ValidationError(
                f"Position {to_position} is out of range: this routine has places 1 to "
                f"{len(order)}.",
                code="position_out_of_range",
            )
        order.remove(item.pk)
        order.insert(to_position - 1, item.pk)
        _renumber(routine, order)
        _touch(routine)
    item.position = to_position
    return item


@dataclass(frozen=True)
class PresetResult:
    """What routine_apply_preset did: the items it re-dosed, the ones it left alone because the
    coach had changed them, and every item's dose before (pk: DOSE_FIELDS values), to undo it."""

    changed: list[RoutineItem]
    left_alone: list[RoutineItem]
    previous_level: str
    previous_doses: dict[int, dict]


def _check_unchanged(routine: Routine, since: str) -> None:
    """An undo only undoes the routine's last change: refuse once anything else changed it
    (another edit, another tab, or the same undo sent twice)."""
    if routine.updated.isoformat() != since:
        raise ValidationError(
            "The routine has changed since, so that can no longer be undone.", code="stale"
        )


def routine_version(routine: Routine) -> str:
    """When the routine last changed, as stored: what an undo checks it is undoing."""
    return Routine.objects.values_list("updated", flat=True).get(pk=routine.pk).isoformat()


def _dose_values(item: RoutineItem) -> dict:
    return {name: getattr(item, name) for name in RoutineItem.DOSE_FIELDS}


def routine_apply_preset(*, routine: Routine, level: dosing.Preset) -> PresetResult:
    """Set the routine's dose preset and re-dose the items still on the old preset's default.

    An item the coach changed in any way (sets, reps or hold, how often, side, load) keeps its
    dose and is listed in `left_alone`. Body-weight moves and holds have the same default at
    every preset, so they never change."""
    level = dosing.Preset(level)
    with transaction.atomic():
        locked = _locked(routine)
        old = locked.preset
        items = list(locked.items.select_related("exercise").order_by("position"))
        previous = {item.pk: _dose_values(item) for item in items}
        changed, left_alone = [], []
        for item in items:
            exercise = item.exercise
            if not item.is_default_for(old):
                left_alone.append(item)
                continue
            new = exercise.dose_for(level)
            if new != item.dose():
                item.set_dose(new)
                changed.append(item)
        RoutineItem.objects.bulk_update(changed, PRESET_FIELDS)
        locked.level = level.value
        locked.save(update_fields=["level", "updated"])
    routine.level = level.value
    routine.updated = locked.updated
    return PresetResult(changed, left_alone, old.value, previous)


def routine_restore_doses(
    *, routine: Routine, level: str, doses: Mapping[str, Mapping[str, object]], since: str
) -> int:
    """Undo a preset: the routine's preset and its items' doses as they were (`doses`: item
    pk as text to DOSE_FIELDS values), if the routine has not changed `since`
    (routine_version just after the preset). Returns how many items were restored."""
    level = dosing.Preset(level)
    with transaction.atomic():
        locked = _locked(routine)
        _check_unchanged(locked, since)
        items = list(locked.items.filter(pk__in=[int(pk) for pk in doses]))
        for item in items:
            for name, value in doses[str(item.pk)].items():
                if name in RoutineItem.DOSE_FIELDS:
                    setattr(item, name, value)
            item.full_clean(exclude=["routine", "exercise", "position"])
        RoutineItem.objects.bulk_update(items, list(RoutineItem.DOSE_FIELDS))
        locked.level = level.value
        locked.save(update_fields=["level", "updated"])
    routine.level = level.value
    routine.updated = locked.updated
    return len(items)


PRESET_FIELDS = [
    "sets_min",
    "sets_max",
    "reps_min",
    "reps_max",
    "hold_seconds_min",
    "hold_seconds_max",
    "frequency_min",
    "frequency_max",
    "frequency_period",
    "side",
]


def copy_title(title: str) -> str:
    """The title a copy of a routine titled `title` is offered: "Copy of " and the title,
    fitted to the field at a word boundary with an ellipsis (never "...very long ti")."""
    return fit_words(f"Copy of {title}", Routine._meta.get_field("title").max_length)


def routine_duplicate(
    *, routine: Routine, owner, title: str | None = None, for_whom: str = ""
) -> Routine:
    """A copy of the routine and its items for `owner`: not shared, not archived, titled
    `title` (copy_title's by default) and for `for_whom`: never the original's runner unless
    the coach says so, since two routines for one name read alike in the coach's list."""
    with transaction.atomic():
        copy = Routine.objects.create(
            owner=owner,
            title=copy_title(routine.title) if title is None else title,
            for_whom=for_whom,
            level=routine.level,
            notes=routine.notes,
        )
        items = list(routine.items.order_by("position"))
        for item in items:
            item.pk = None
            item.id = None
            item.routine = copy
            item._state.adding = True
        RoutineItem.objects.bulk_create(items)
    return copy


def routine_share(*, routine: Routine) -> str:
    """Give the routine a new share token (the old link, if any, stops working)."""
    routine.share_token = secrets.token_urlsafe(SHARE_TOKEN_BYTES)
    routine.save(update_fields=["share_token", "updated"])
    return routine.share_token


def routine_unshare(*, routine: Routine) -> None:
    routine.share_token = None
    routine.save(update_fields=["share_token", "updated"])


def routine_set_archived(*, routine: Routine, archived: bool) -> None:
    routine.archived = archived
    routine.save(update_fields=["archived", "updated"])


def routine_unarchive(*, routine: Routine, share_again: bool = False) -> str | None:
    """Bring `routine` back to the coach's current routines (one write). With `share_again`,
    an unshared routine is shared with a new link: never the link stopped before, whose token
    is gone (its printed QR codes stay stopped). Returns the token it is shared by, if any."""
    routine.archived = False
    fields = ["archived", "updated"]
    if share_again and routine.share_token is None:
        routine.share_token = secrets.token_urlsafe(SHARE_TOKEN_BYTES)
        fields.append("share_token")
    routine.save(update_fields=fields)
    return routine.share_token


def routine_archive_and_unshare(*, routine: Routine) -> None:
    """Archive `routine` and stop sharing it, together: its link stops working, its log
    stays (one write)."""
    routine.archived = True
    routine.share_token = None
    routine.save(update_fields=["archived", "share_token", "updated"])


# The runner's session log (the shared link) and the coach's next step.

#: Entries one link may add in a day, so a leaked link cannot flood the log.
MAX_SESSIONS_PER_DAY = 20
#: Entries with a warning sign ticked that a link may still add in a day past that limit:
#: refusing one would leave the coach not knowing of the sign (the runner is shown its advice
#: either way), and a few more keep the limit a limit.
MAX_SIGN_ENTRIES_PAST_LIMIT = 5
#: Days of log the advice reads: the rules look back two weeks at most.
ADVICE_LOOKBACK_DAYS = 14


def _judged(entries: list, about, deleted=()) -> tuple[monitoring.Advice, bool]:
    """An entry's advice and `alert`, read from `entries` (monitoring entries of the two
    weeks up to its day, `about` among them, in any order): its own advice
    (monitoring.advise; its level is what is stored), and whether the advice on its day so
    far, from every entry of that day up to it (monitoring.advise_now), was to ease back or
    stop."""
    advice = monitoring.advise(entries, about=about, deleted=deleted)
    up_to = monitoring.chronological(entries)
    up_to = up_to[: next(n for n, entry in enumerate(up_to) if entry is about) + 1]
    return advice, monitoring.advise_now(up_to, deleted=deleted).needs_a_look


def _advice_fields(session: SessionLog, advice: str, *, by: monitoring.Lowered | None) -> dict:
    """The fields that store `advice`, the session's advice judged again: the advice, what
    the runner has been told after it (the more urgent of what they were told before and
    `advice`: monitoring.told_since, so judging again never lowers it) and, when the advice
    now is less urgent than that, what lowered it (`by`: what changed the log)."""
    record = monitoring.told_after(
        session.told_record, advice, by=by, morning=session.morning or None
    )
    told = record.told
    lowered = monitoring.is_lowered(told, advice)
    if lowered and by is None:
        raise ValueError("an advice lowered from what the runner was told needs its cause")
    return {
        "advice": advice,
        "told_advice": told.value,
        "lowered_by": by.value if lowered else "",
        "logged_advice": record.logged.value,
        "raised_by": record.raised_by.value if record.raised else "",
        "told_morning": record.morning.value if record.morning else "",
    }


def _judge(routine: Routine, session: SessionLog, *, by: monitoring.Lowered | None = None) -> None:
    """Store the session's own advice (routines/monitoring.py), read from it and the routine's
    sessions in the two weeks up to its day, and whether the coach should look (`alert`):
    the advice on its day so far, from every entry of that day (monitoring.advise_now), was
    to ease back or stop. What the runner was told after it is kept (_advice_fields): `by`
    names what changed when it is judged again (its next-morning answer). Then the routine's
    latest session's `alert` is read again, since a change to an earlier entry of its day (a
    next-morning answer) changes the day's advice: the routine list's badge reads it."""
    first = session.day - timedelta(days=ADVICE_LOOKBACK_DAYS)
    # The days its advice reads, and (for a back-dated entry) the later days its page reads
    # it into: one query.
    around = SessionLog.objects.filter(routine=routine, day__gte=first)
    others = [
        other.entry() for other in around.exclude(pk=session.pk).order_by("day", "created", "pk")
    ]
    about = session.entry()
    entries = [*(other for other in others if other.day <= session.day), about]
    # A deleted entry's "stop" or care advice counts as its entry did (monitoring.advise).
    deleted = DeletedEntryNotice.objects.traces(routine, first)
    judged, session.alert = _judged(entries, about, deleted)
    fields = _advice_fields(session, judged.level.value, by=by)
    if by is None:
        # First logged: the reasons it gives now are those "at the time" from then on.
        fields["logged_reasons"] = monitoring.logged_reasons(judged)
        # And the care the runner's page shows after it (its signs read with other
        # entries', a later day's read with it), kept as shown: no later change to other
        # entries lowers it (SessionLog.told_care).
        care = monitoring.told_after_entry([*others, about], about, deleted=deleted).care
        fields["told_care"] = str(care) if care is not None else ""
    for name, value in fields.items():
        setattr(session, name, value)
    session.save(update_fields=[*fields, "alert"])
    _judge_latest_alert(routine)


def _judge_again(
    routine: Routine, *, since: date, by: monitoring.Lowered = monitoring.Lowered.DELETED
) -> None:
    """Judge again every session the advice of the sessions of `since` can reach: those of
    `since` and of the ADVICE_LOOKBACK_DAYS days after it (each session's advice reads the two
    weeks up to its day), each from the entries logged up to it (as _judge judged it when it
    was logged: an entry logged later for an earlier day does not change what it advised).
    After an entry was deleted, the entries that remain advise from what remains, so no
    stored advice, its "because" or the coach's card rests on an entry that is gone. What the
    runner was told after each is kept (_advice_fields): where the advice now is less urgent,
    the coach is shown both, and what changed (`by`: an earlier entry deleted, an earlier
    day's next-morning answer changed). Only the sessions whose advice or alert changes are
    written."""
    last = since + timedelta(days=ADVICE_LOOKBACK_DAYS)
    sessions = list(
        SessionLog.objects.filter(
            routine=routine, day__range=(since - timedelta(days=ADVICE_LOOKBACK_DAYS), last)
        ).order_by("day", "created", "pk")
    )
    entries = [session.entry() for session in sessions]
    deleted = DeletedEntryNotice.objects.traces(
        routine, since - timedelta(days=ADVICE_LOOKBACK_DAYS)
    )
    for session, entry in zip(sessions, entries, strict=True):
        if session.day < since:
            continue
        first = session.day - timedelta(days=ADVICE_LOOKBACK_DAYS)
        window = [
            other
            for other in entries
            if first <= other.day <= session.day and other.logged <= entry.logged
        ]
        judged, alert = _judged(window, entry, deleted)
        advice = judged.level.value
        if (advice, alert) != (session.advice, session.alert):
            fields = _advice_fields(session, advice, by=by)
            SessionLog.objects.filter(pk=session.pk).update(**fields, alert=alert)
    _judge_latest_alert(routine)


def _judge_latest_alert(routine: Routine) -> None:
    """Set the routine's latest session's `alert` from the advice now (monitoring.advise_now
    over the two weeks up to it), or what the runner was told after the latest day's entries
    where that was ease back or stop (`told_advice`), after an entry was logged, changed or
    deleted."""
    latest = routine.sessions.order_by("-day", "-created", "-pk").first()
    if latest is None:
        return
    first = latest.day - timedelta(days=ADVICE_LOOKBACK_DAYS)
    entries = [
        other.entry()
        for other in SessionLog.objects.filter(routine=routine, day__range=(first, latest.day))
    ]
    of_day = SessionLog.objects.filter(routine=routine, day=latest.day)
    # The advice now, or what the runner was told after the latest day, where that was more
    # (an entry judged again since reads less: the coach still needs to look).
    alert = (
        monitoring.advise_current(
            entries, deleted=DeletedEntryNotice.objects.traces(routine, first)
        ).needs_a_look
        or of_day.exclude(told_advice=SessionLog.Advice.CONTINUE).exists()
    )
    if alert != latest.alert:
        SessionLog.objects.filter(pk=latest.pk).update(alert=alert)


def session_mark_seen(*, routine: Routine, session_pk: int) -> int:
    """Record that the coach has seen the "stop" advice on one session of `routine`, that one
    only: each of the panel's stop cards has its own button, and marking one (a pain-6 stop)
    must not clear another (an emergency logged the same day). A stop the runner was told
    counts, even where the entry reads less now (`told_advice`). Returns how many were
    marked: 1, or 0 when it was already marked (a double click) or is not this routine's
    stop."""
    return routine.sessions.filter(
        pk=session_pk, told_advice=SessionLog.Advice.STOP, coach_seen_at__isnull=True
    ).update(coach_seen_at=timezone.now())


#: The order an item's rows are made in: the whole item, then the left side, then the right.
_SIDE_ORDER = {"": 0, SessionItem.Side.ALL.value: 0, "left": 1, "right": 2}


def session_log(
    *,
    routine: Routine,
    day: date,
    pain: int,
    done: Iterable[tuple[int, str]],
    morning: str = "",
    warning_signs: Iterable[str] = (),
    note: str = "",
    done_as_listed: Iterable[tuple[int, str, int]] = (),
) -> SessionLog:
    """Log a session on `routine` (the runner's shared link): `done` is (item id, side) pairs,
    side "" for the whole item or "left"/"right", or none for a session skipped (the pain and
    warning signs still count for the advice; followup does not count it as a day trained).
    `done_as_listed`: (item id, side, exercise id) for items the runner's page showed with
    that exercise, which the coach has removed or swapped since: logged as the page showed
    them, as an entry logged just before the change would read now (the exercise and its name
    as done; linked to the item while it is in the routine, else only by `item_ref`), so what
    the runner did is kept and an Undo links it again. Returns the session with its advice.

    Raises ValidationError: code "daily_limit" after MAX_SESSIONS_PER_DAY entries today (an
    entry with a warning sign: MAX_SIGN_ENTRIES_PAST_LIMIT more),
    "unknown_item" for an item not in the routine (in `done_as_listed`: an item of another
    routine, or an exercise no longer in the catalogue), "before_routine" for a day before
    the routine was made, or the model's own checks."""
    done = list(dict.fromkeys(done))
    as_listed = list(dict.fromkeys(done_as_listed))
    warning_signs = sorted(set(warning_signs))
    limit = MAX_SESSIONS_PER_DAY + (MAX_SIGN_ENTRIES_PAST_LIMIT if warning_signs else 0)
    with transaction.atomic():
        locked = _locked(routine)
        midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
        logged_today = SessionLog.objects.filter(routine=locked, created__gte=midnight).count()
        if logged_today >= limit:
            # Entries, as the page counts them (a day's entries are one session).
            raise ValidationError(
                f"This link has logged {logged_today} entries today, the most it may in a "
                "day. Try again tomorrow.",
                code="daily_limit",
            )
        # Where the browser's zone is not known, the runner's today and the routine's first
        # day are taken at their widest (every date that is today somewhere on Earth).
        if day < timezones.first_day(locked.created):
            raise ValidationError(
                "That date is before your coach made this routine.", code="before_routine"
            )
        latest_today = timezones.today_range()[1]
        if morning and not monitoring.morning_has_come(day, today=latest_today):
            raise ValidationError(morning_too_early(day), code="too_early")
        exercises = {
            pk: (exercise_id, name)
            for pk, exercise_id, name in locked.items.order_by("position").values_list(
                "pk", "exercise_id", "exercise__name"
            )
        }
        if any(pk not in exercises for pk, _side in done):
            raise ValidationError(
                "One of the exercises is not in this routine any more. Reload the page.",
                code="unknown_item",
            )
        listed_names = _listed_exercises(as_listed, done=done, current=exercises)
        # Created in the routine's order, the whole item or left before right: an entry lists
        # what was done in the order its rows were made (by id), whatever order `done` came in;
        # an item removed since the page was drawn comes after the routine's.
        place = {pk: n for n, pk in enumerate(exercises)}
        done.sort(key=lambda pair: (place[pair[0]], _SIDE_ORDER.get(pair[1], 0)))
        as_listed.sort(key=lambda row: (place.get(row[0], len(place)), _SIDE_ORDER.get(row[1], 0)))
        session = SessionLog(
            routine=locked,
            day=day,
            pain=pain,
            morning=morning or "",
            warning_signs=warning_signs,
            note=note,
            utc_offset=timezones.utc_offset_minutes(),
        )
        session.full_clean(exclude=["routine"])
        session.save()
        SessionItem.objects.bulk_create(
            SessionItem(
                session=session,
                item_id=pk,
                item_ref=pk,
                exercise_id=exercises[pk][0],
                exercise_name=exercises[pk][1],
                side=side or SessionItem.Side.ALL,
            )
            for pk, side in done
        )
        SessionItem.objects.bulk_create(
            SessionItem(
                session=session,
                item_id=pk if pk in exercises else None,
                item_ref=pk,
                exercise_id=exercise_id,
                exercise_name=listed_names[exercise_id],
                side=side or SessionItem.Side.ALL,
            )
            for pk, side, exercise_id in as_listed
        )
        _judge(locked, session)
    return session


def _listed_exercises(
    as_listed: list[tuple[int, str, int]],
    *,
    done: list[tuple[int, str]],
    current: Mapping[int, object],
) -> dict[int, str]:
    """The names of the exercises `as_listed` names (session_log's done_as_listed), by id.
    Raises ValidationError ("unknown_item") for an item that is not in this routine and still
    in another one (only a removed item, whose row is gone, or one of this routine can have
    been on its page), for an item listed twice with two exercises or in `done` too, or for an
    exercise no longer in the catalogue (its name is unknown)."""
    if not as_listed:
        return {}
    refused = ValidationError(
        "One of the exercises is not in this routine any more. Reload the page.",
        code="unknown_item",
    )
    item_pks = {pk for pk, _side, _exercise in as_listed}
    exercise_of = {}
    for pk, _side, exercise_id in as_listed:
        if exercise_of.setdefault(pk, exercise_id) != exercise_id:
            raise refused
    if item_pks & {pk for pk, _side in done}:
        raise refused
    if RoutineItem.objects.filter(pk__in=item_pks - set(current)).exists():
        raise refused
    names = dict(
        Exercise.objects.filter(pk__in=set(exercise_of.values())).values_list("pk", "name")
    )
    if set(exercise_of.values()) - set(names):
        raise refused
    return names


def morning_too_early(day: date) -> str:
    """Why a next-morning answer for a session of `day` was refused: the day it can be given
    from, named (a session dated ahead of the person's clock, logged from a zone ahead, is
    answered from the day after its date, not "tomorrow")."""
    morning = day + timedelta(days=1)
    return (
        "The morning after that session has not come yet, so nothing was saved: add how the "
        f"hip felt from {morning:%A} {morning.day} {morning:%B}."
    )


class MorningChanged(ValidationError):
    """A next-morning answer refused because the day's stored answer is no longer what the
    page showed (`was`): it was given or changed since, in another tab or on another device.
    `entry_pk` is the entry that carries the day's answer, `now` what it says ("" for none)."""

    def __init__(self, message: str, *, entry_pk: int, now: str):
        super().__init__(message, code="stale")
        self.entry_pk = entry_pk
        self.now = now


def morning_changed_elsewhere(*, day: date, now: str, sent: str) -> str:
    """Why a next-morning answer for `day` was refused as stale: what the day's answer says
    `now` ("" for none), that it was given elsewhere, and how to still send `sent`."""
    labels = dict(monitoring.MORNINGS)
    when = f"the next morning after {day:%a} {day.day} {day:%b}"
    meant = f"“{labels.get(sent, sent)}”"
    if not now:
        return (
            f"Not changed: {when} has no answer now (perhaps changed in another tab). "
            f"Answer it again if you meant {meant}."
        )
    return (
        f"Not changed: {when} was already answered “{labels[now]}” (perhaps in another tab). "
        f"Change it again if you meant {meant}."
    )


@dataclass(frozen=True)
class MorningAnswer:
    """What session_set_morning did: `session`, the entry that carries the day's answer, and
    `before`, what that answer was ("" for none); `changed` is False when it already said
    what was sent (a double submit, or the same answer from two tabs), and nothing was
    written."""

    session: SessionLog
    before: str

    @property
    def changed(self) -> bool:
        return self.before != self.session.morning


def session_set_morning(*, session: SessionLog, morning: str, was: str = "") -> MorningAnswer:
    """Add (or change) how the hip felt the morning after `session`'s day, and judge the entry
    that carries it again. The answer is about the day, given once: it goes on the day's
    carrier (monitoring.morning_carriers: the entry of that day that has an answer, else the
    day's latest entry), whichever of the day's entries was asked.

    A compare-and-set: `was` is the answer the runner's page showed ("" for none, and for a
    page from before pages sent it). Under the routine's lock the stored answer decides:
    already `morning`, nothing is written (a double submit, the same answer from two tabs);
    `was`, it becomes `morning`; anything else was given or changed since the page was drawn
    (another tab), and a stale page must not overwrite it (a "worse" eases the next session
    back and alerts the coach): MorningChanged, nothing written. `session` is only read for its
    id and day, never for its answer (it may be stale too).

    Raises ValidationError (code "too_early") while the morning after the day has not come,
    MorningChanged (a ValidationError, code "stale") as above."""
    if not monitoring.morning_has_come(session.day, today=timezones.today_range()[1]):
        raise ValidationError(morning_too_early(session.day), code="too_early")
    with transaction.atomic():
        locked = _locked(session.routine)
        of_day = list(SessionLog.objects.filter(routine=locked, day=session.day))
        asked = next((entry for entry in of_day if entry.pk == session.pk), None)
        if asked is None:
            raise SessionLog.DoesNotExist("No such session on this routine.")
        # Changing an answer given on an entry changes that one; otherwise the day's carrier.
        carrier = asked if asked.morning else monitoring.morning_carriers(of_day)[session.day]
        session = SessionLog.objects.select_for_update().get(pk=carrier.pk, routine=locked)
        before = session.morning
        if before == morning:
            return MorningAnswer(session=session, before=before)
        if before != was:
            raise MorningChanged(
                morning_changed_elsewhere(day=session.day, now=before, sent=morning),
                entry_pk=session.pk,
                now=before,
            )
        changed = []
        if before:
            # The answer first given stays for the coach (the advice the runner was told
            # rests on it), with when it was last changed.
            if not session.morning_first:
                session.morning_first = before
            session.morning_changed_at = timezone.now()
            changed = ["morning_first", "morning_changed_at"]
        session.morning = morning
        session.full_clean(exclude=["routine"])
        session.save(update_fields=["morning", *changed])
        _judge(locked, session, by=monitoring.Lowered.MORNING)
        # The day's answer is read by the session days after it too (a worse morning eases
        # them back): they are judged again, as after a delete.
        _judge_again(
            locked,
            since=session.day + timedelta(days=1),
            by=monitoring.Lowered.EARLIER_MORNING,
        )
    return MorningAnswer(session=session, before=before)


@dataclass(frozen=True)
class Deletion:
    """What deleting an entry does (session_deletion): `told` what the runner was told after
    it (monitoring.told_as_shown: a checker tier or a level), `notice` what its
    DeletedEntryNotice then tells the coach (the same; None: the coach is not told,
    monitoring.told_to_coach_on_delete), `correction` True where it would have been told but
    the entry is taken back as a correction (logged minutes ago, no warning sign, less than a
    doctor today), `correctable` True while it is within CORRECTION_WINDOW of being logged,
    `warning_sign` True when the entry ticked one, `by_later` True when `told` is what a later
    entry told, read with this one's signs (monitoring.told_later_with), more than this one
    told after it: deleting it would take that from the later entry's card; or its day's
    advice now, raised by an entry logged after it (a weak leg back-dated under its
    numbness), which the runner's page showed while it was in the log."""

    told: str
    notice: str | None
    correction: bool
    correctable: bool
    warning_sign: bool
    by_later: bool = False

    @property
    def reminds(self) -> bool:
        """The runner's page keeps reminding them of the notice's advice (REMINDED_ADVICE)."""
        return self.notice in REMINDED_ADVICE

    @property
    def advised(self) -> str:
        """The notice's words for its advice ("getting emergency care"), "" without one."""
        return DeletedEntryNotice(advice=self.notice).advised if self.notice else ""

    @property
    def to_do(self) -> str:
        """What the runner was told to do, after "it advised you to" ("get emergency care")."""
        return _TO_DO[self.told]


#: What the runner was told to do, by what they were told, for the delete step's "Because it
#: advised you to ...".
_TO_DO = {
    "emergency": "get emergency care",
    "urgent": "see a doctor today",
    monitoring.Level.STOP.value: "stop",
    monitoring.Level.EASE_BACK.value: "ease back",
    monitoring.Level.CONTINUE.value: "carry on",
}


def _deletion(routine_id: int, pk: int, found: Mapping) -> Deletion:
    """:class:`Deletion` of the session `pk` of routine `routine_id`, whose stored values are
    `found` ("day", "told_advice", "warning_signs", "created"), read from the log of its day
    and the ADVICE_LOOKBACK_DAYS days either side (the days its advice reads, and those whose
    advice reads it), as they are now: what the runner was told
    after it (monitoring.told_as_shown), or for its day while it was in the log (its day's
    advice now, where that rests on its signs), or after a later entry whose signs it combined
    with, where deleting it takes that from the later entry (monitoring.told_later_with)."""
    first = found["day"] - timedelta(days=ADVICE_LOOKBACK_DAYS)
    last = found["day"] + timedelta(days=ADVICE_LOOKBACK_DAYS)
    sessions = list(SessionLog.objects.filter(routine_id=routine_id, day__range=(first, last)))
    entries = [session.entry() for session in sessions]
    about = entries[next(n for n, session in enumerate(sessions) if session.pk == pk)]
    up_to = [entry for entry in entries if entry.day <= about.day]
    told = monitoring.told_as_shown(up_to, about, told_advice=found["told_advice"])
    by_day = False
    if found["told_advice"] == SessionLog.Advice.STOP:
        # What the runner's page shows for its day now, with it in the log, where that rests
        # on it (monitoring.raised_by: its signs read with another entry's, without it the day
        # says less): an entry logged since, for its day or back-dated to the days before, may
        # have raised it (the numbness of 1 Dec read with a weak leg logged later for 29 Nov:
        # emergency care).
        # While it was in the log they were told that, so the coach is told it too; more than
        # it told as the log stood just after it only through an entry logged after it
        # (`by_later`). A day whose care another entry's sign calls for alone is not its.
        day_now = monitoring.raised_by(
            up_to, about, monitoring.advise_now, rank=lambda advice: advice.urgency
        )
        if day_now is not None:
            raised = monitoring.told_with_day(told, day_now.care)
            by_day = monitoring.told_urgency(raised) > monitoring.told_urgency(told)
            told = raised
    later = monitoring.told_later_with(entries, about)
    by_later = later is not None and monitoring.told_urgency(later) > monitoring.told_urgency(told)
    if by_later:
        told = later
    by_later = by_later or by_day
    signs = found["warning_signs"] or ()
    correctable = SessionLog(created=found["created"]).correctable
    notice = monitoring.told_to_coach_on_delete(told, warning_signs=signs, correctable=correctable)
    return Deletion(
        told=str(told),
        notice=str(notice) if notice is not None else None,
        correction=notice is None and monitoring.told_urgency(told) > 0,
        correctable=correctable,
        warning_sign=bool(signs),
        by_later=by_later,
    )


_DELETION_FIELDS = ("day", "told_advice", "warning_signs", "pain", "morning", "created")


def session_deletion(*, session: SessionLog) -> Deletion | None:
    """What deleting `session` would do now (:class:`Deletion`), as session_delete does it:
    the delete step says this before the runner confirms. None when it is gone."""
    found = (
        SessionLog.objects.filter(pk=session.pk, routine_id=session.routine_id)
        .values(*_DELETION_FIELDS)
        .first()
    )
    return None if found is None else _deletion(session.routine_id, session.pk, found)


def session_delete(*, session: SessionLog) -> DeletedEntryNotice | None:
    """Delete a session and what was ticked in it; deleting one already gone does nothing.

    The next-morning answer is about the day, not the entry (session_set_morning): when the
    deleted entry carried it and the day keeps other entries, none with an answer of its own,
    the answer moves to the day's carrier among them (monitoring.morning_carriers), so it is
    neither lost nor asked again. Then the entries the deleted one's day reaches are judged
    again from what remains (_judge_again): none keeps an advice, or a coach's "stop" card,
    that came from the deleted entry.

    The coach is told that such an entry was deleted, with what the runner was told after it
    (:class:`Deletion`, read before it goes: monitoring.told_as_shown, its signs with those
    of the entries before it, so a weak leg then numbness is emergency care): a
    DeletedEntryNotice with its day and that (emergency care, a doctor today, stop or ease
    back), nothing else of it; except a correction (monitoring.told_to_coach_on_delete: logged
    within CORRECTION_WINDOW, no warning sign, less than a doctor today) or a "carry on".
    Returns that notice, or None."""
    with transaction.atomic():
        routine = _locked(Routine(pk=session.routine_id))
        found = (
            SessionLog.objects.filter(pk=session.pk, routine_id=session.routine_id)
            .values(*_DELETION_FIELDS)
            .first()
        )
        if found is None:
            return None
        deletion = _deletion(routine.pk, session.pk, found)
        SessionLog.objects.filter(pk=session.pk, routine_id=session.routine_id).delete()
        if found["morning"]:
            of_day = list(SessionLog.objects.filter(routine=routine, day=found["day"]))
            if of_day and not any(entry.morning for entry in of_day):
                carrier = monitoring.morning_carriers(of_day)[found["day"]]
                SessionLog.objects.filter(pk=carrier.pk).update(morning=found["morning"])
        notice = None
        if deletion.notice is not None:
            notice = DeletedEntryNotice.objects.create(
                routine=routine, day=found["day"], advice=deletion.notice
            )
        # After the notice: the entries it reaches read its advice as the deleted entry's.
        _judge_again(routine, since=found["day"])
        _forget_seen_notices(routine)
    return notice


def _forget_seen_notices(routine: Routine) -> None:
    """Delete the notices of `routine` the coach has seen whose advice the runner's page no
    longer reminds of (DeletedEntryNotice: kept only for that), and set the routine's
    `deleted_stop_day` to the latest kept."""
    today = timezone.localdate()
    DeletedEntryNotice.objects.filter(routine=routine, coach_seen__isnull=False).exclude(
        pk__in=DeletedEntryNotice.objects.reminding(today).filter(routine=routine).values("pk")
    ).delete()
    routines_set_deleted_stop_day(routines=Routine.objects.filter(pk=routine.pk))


def routines_set_deleted_stop_day(*, routines) -> None:
    """Set each of `routines`' `deleted_stop_day` (a queryset of routines) to the day of its
    latest kept notice that told the runner to stop or get care, None without one, in one
    statement: session_delete sets it after writing a notice and forgetting seen ones,
    deleted_entry_notice_seen after deleting one, restore_data after a restore (a backup made
    before the field existed), migration 0015 for the notices stored before it."""
    routines.update(
        deleted_stop_day=Subquery(
            DeletedEntryNotice.objects.filter(routine=OuterRef("pk"), advice__in=REMINDED_ADVICE)
            .order_by("-day")
            .values("day")[:1]
        )
    )


def deleted_entry_notice_seen(*, routine: Routine, notice_pk: int) -> DeletedEntryNotice | None:
    """The coach has seen that a runner deleted an entry that advised stopping or easing
    back: the notice leaves the coach's panel. It is deleted (nothing of the entry is kept),
    unless the runner's page still reminds them of its advice (a stop, a doctor today or
    emergency care within monitoring.RECENT_CARE_DAYS: DeletedEntryNotice.reminding): then
    its day and advice are kept for that, marked seen, and deleted by a later write once
    that is past. Returns the notice as it was (its `pk` None once deleted); None when it was
    already seen or gone (a double click) or is not this routine's."""
    with transaction.atomic():
        _locked(routine)
        notice = DeletedEntryNotice.objects.unseen().filter(routine=routine, pk=notice_pk).first()
        if notice is None:
            return None
        if DeletedEntryNotice.objects.reminding(timezone.localdate()).filter(pk=notice.pk).exists():
            notice.coach_seen = timezone.now()
            notice.save(update_fields=["coach_seen"])
        else:
            notice.delete()
        _forget_seen_notices(routine)
    return notice


def routine_apply_next_step(*, item: RoutineItem, step: followup.NextStep) -> RoutineItem:
    """Apply a suggested next step to `item`: swap its exercise for the harder version as the
    builder's swap does (routine_swap_item: the coach's dose kept where it fits), or dose it at
    the next preset."""
    if step.harder is not None:
        return routine_swap_item(item=item, exercise=step.harder).item
    with transaction.atomic():
        routine = _locked(item.routine)
        item = RoutineItem.objects.select_related("exercise").get(pk=item.pk, routine=routine)
        # The next preset's sets and reps; the coach's side and load stay.
        dose = item.exercise.dose_for(step.preset)
        item.set_dose(replace(dose, side=dosing.Side(item.side), load=item.load_note))
        item.full_clean(exclude=["routine", "exercise"])
        item.save()
        _touch(routine)
    return item
