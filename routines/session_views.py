"""The runner's session log on the shared link, and what the coach does with it.

The runner (no account; the link is the key): log a session, add the next-morning answer,
delete an entry. Each is a plain form POST that redirects back to /r/<token>/#log (or to the
history or earlier-sessions page it was sent from: back_url); with htmx the same POST answers
with the log section alone. Bad input changes nothing and gets the form
again with what was entered and why (status 422, which htmx swaps in too). Once the link is
revoked every one of these is a 404; the coach keeps the log.

The coach: the log as CSV, and applying a suggested next step. Both look the routine up by
owner in the query itself, so another coach (and staff) gets 404, as on the builder.

The log is health data: the POSTs are `sensitive_post_parameters` (no error report carries
them), nothing here logs them, and no page with the log is cached (`never_cache`).
"""

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, wraps
from typing import NamedTuple
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from exercises.catalogue import catalogue_version, exercise_versions
from exercises.models import Exercise
from hipcare import timezones
from hipcare.auth import coach_required
from hipcare.errorsummary import FOCUS_MESSAGE
from hipcare.fragments import Fragment, cached_fragments, static_links
from hipcare.http import HtmxHttpRequest
from hipcare.submissions.decorators import RESENT, once_per_submission
from hipcare.timezones import form_time_zone
from routines import followup, monitoring, services
from routines.charts import pain_chart
from routines.models import (
    REMINDED_ADVICE,
    DeletedEntryNotice,
    Routine,
    SessionItem,
    SessionLog,
)
from routines.session_forms import MorningForm, SessionLogForm, morning_not_known
from triage import rules as triage_rules

LOG_TEMPLATE = "routines/_session_log.html"
EARLIER_TEMPLATE = "routines/shared_sessions.html"
HISTORY_TEMPLATE = "routines/history.html"
# The runner's page lists the newest few entries (about two weeks at the usual three sessions
# a week); the chart and the week table already summarise six weeks. The rest are on the
# "Earlier sessions" pages, a page at a time, so the page costs the same however long the log.
RECENT_SHOWN = 5
EARLIER_PER_PAGE = 10
TRIAGE_URL_NAME = "triage:form"
#: What the runner is told when a log form is sent again with its one-time key (a reload of
#: the POST: hipcare/submissions).
ALREADY_LOGGED = "That session was already logged."


def log_fragments(context: dict) -> dict[str, Fragment]:
    """The runner's log's cached parts, for cached_fragments: a new form's fields (the same for
    every visitor of the link on a day: keyed by the items, their exercises' names and the
    day; a form sent back with errors holds what the runner entered and is never cached),
    and, with nothing logged in the weeks shown, the chart and counts (then only the items,
    what is due and the day)."""
    routine, version, today = context["routine"], context["catalogue_version"], context["log_today"]
    wanted = {}
    if not context["log_form_sent"]:
        # The routine's first day in the visitor's zone too: the date field's earliest day
        # differs between zones on the same date (Auckland's 30th can be London's 29th).
        # Where the browser's zone is not known, the field takes any date that is today
        # somewhere (hipcare.timezones.today_range), and says so: keyed by those dates too.
        started = timezones.first_day(routine.created)
        wanted["log_form_fields"] = Fragment(
            f"{LOG_TEMPLATE}#log-fields",
            "log-form",
            (routine.pk, routine.updated, version, today, started, timezones.today_range()),
        )
    if context["log_history"] and not context["log_sessions"]:
        wanted["log_summary_html"] = Fragment(
            f"{LOG_TEMPLATE}#log-summary",
            "log-summary",
            (routine.pk, routine.share_token, routine.updated, version, today),
        )
    return wanted


def render_log(request: HtmxHttpRequest, context: dict, *, status: int = 200) -> HttpResponse:
    """The log section alone (htmx), its cached parts read in one call, with the page's top
    line out of band when the log may have changed (it says what the advice now is). Not
    with a refusal (status 422: nothing changed; its own advice and focus are in the log):
    htmx's swap of a 422 with an out-of-band part left the focus on the form's error summary
    rather than on the refused sign's advice (tests/e2e/test_log_safety_e2e.py)."""
    context.setdefault("log_top_oob", status < 400)
    cached_fragments(request, context, log_fragments(context))
    return render(request, LOG_TEMPLATE, context, status=status)


def _shared(token: str) -> Routine:
    """The routine behind a live share link; 404 once the link is revoked."""
    return get_object_or_404(Routine.objects.select_related("owner"), share_token=token)


def submitted_advice(request: HtmxHttpRequest, pain: int | None = None):
    """The advice for the warning signs ticked on a log form that was sent but not saved
    (monitoring.advise_signs), or None: shown with the refusal, whatever the refusal, so a
    red flag is never met with silence or a calmer stale advice."""
    if request.method != "POST":
        return None
    if pain is None:
        value = request.POST.get("pain", "")
        pain = int(value) if value.isascii() and value.isdigit() and len(value) <= 2 else None
        if pain is not None and not monitoring.PAIN_MIN <= pain <= monitoring.PAIN_MAX:
            pain = None
    return monitoring.advise_signs(request.POST.getlist("warning"), pain=pain)


def _link_gone_in_place(view):
    """A request from a page left open after the link was withdrawn. For htmx: a 404 whose body
    is "This link no longer works: ask your coach for a new one. Nothing was saved", retargeted
    at the page's alert region (as hipcare/views.py does for an expired CSRF token), so the page
    and what was typed in its forms stay. Without JavaScript: a 404 page in the site's layout
    saying the same, with the note that was typed, to copy. Either way, warning signs ticked
    on the form get their advice (submitted_advice)."""

    @wraps(view)
    def wrapped(request: HtmxHttpRequest, token: str, *args, **kwargs) -> HttpResponse:
        # Asked only when the view found nothing (no query on the way to a live link): a 404
        # for an entry that is gone from a live link stays that 404.
        try:
            return view(request, token, *args, **kwargs)
        except Http404:
            if Routine.objects.filter(share_token=token).exists():
                raise
        context = {
            "pending_advice": submitted_advice(request),
            "typed_note": request.POST.get("note", "") if request.method == "POST" else "",
            "changing": request.method == "POST",
            # Reached by an action (a form sent, or a step's link: ?delete=, ?morning=...),
            # the page's heading takes the focus, unless a ticked sign's advice does.
            "gone_autofocus": request.method == "POST" or bool(request.GET),
            **care_context(),
        }
        if request.htmx:
            response = render(request, "htmx/link_gone.html", context, status=404)
            response["HX-Retarget"] = "#page-alert"
            response["HX-Reswap"] = "innerHTML"
            return response
        response = render(request, "routines/link_gone.html", context, status=404)
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped


def _items(routine: Routine):
    """The routine's items with their exercises and those exercises' published harder
    versions (for the next step), in three queries."""
    return routine.items.select_related("exercise").prefetch_related(
        Prefetch(
            "exercise__harder_versions",
            Exercise.objects.filter(published=True).order_by("name"),
            to_attr="published_harder",
        )
    )


def _sessions(routine: Routine, *, since, ticks: bool = True) -> list[SessionLog]:
    """The sessions from `since`, newest first, each with `done_items`: its (item id, side,
    name as logged) triples, read in a second query as plain values (a log of 14 sessions
    ticks ~100 items), in the order they were logged (the log form's order then: an entry
    lists its exercises so however the coach reorders the routine later)."""
    # By the routine's id rather than through its related manager, which builds a queryset
    # of its own first (about 0.06 ms of the ~0.5 ms this query costs in-process). Sorted
    # here, newest first as SessionLog's Meta.ordering (day, when logged, id; all descending):
    # the ORM's building of that three-column ORDER BY cost about 0.2 ms in-process, sorting
    # a few dozen rows in Python a few µs.
    sessions = sorted(
        SessionLog.objects.filter(routine_id=routine.pk, day__gte=since).order_by(),
        key=_newest_first,
        reverse=True,
    )
    if not sessions or not ticks:
        for session in sessions:
            session.done_items = []
        return sessions
    done = _done_by_session(
        _ticks().filter(session__routine_id=routine.pk, session__day__gte=since)
    )
    for session in sessions:
        session.done_items = done[session.pk]
    return sessions


def runner_today(sessions) -> date | None:
    """The runner's today, on the clock of the latest-logged entry whose zone their browser
    said (SessionLog.utc_offset); None with no such entry (no JavaScript when logging, or an
    entry stored before offsets were kept)."""
    known = [session for session in sessions if session.utc_offset is not None]
    if not known:
        return None
    latest = max(known, key=lambda session: (session.created, session.pk))
    return timezones.today_at_offset(latest.utc_offset)


def _newest_first(session: SessionLog) -> tuple:
    """The sort key of SessionLog's Meta.ordering, read reversed: day, when logged, id."""
    return (session.day, session.created, session.pk)


@lru_cache(maxsize=1)
def _ticks():
    """The items ticked in sessions, as (id, session id, item id, side, name as logged)
    values, unordered: _done_by_session puts them in the order they were logged in (by id),
    not SessionItem's own ordering, which joins the routine's items and sorts by where they
    are now. Sorted in Python rather than by an ORDER BY, whose building cost about 0.05 ms
    of the ~0.55 ms this query costs in-process (a log of 14 sessions ticks ~140 items,
    sorted in a few µs). Built once and never evaluated (as routines.views._builder_routines):
    values_list() resolves DONE_NAME as it is called, about a quarter of this query's cost
    in-process; each read filters a copy, to the same SQL but for the order of the joins."""
    return SessionItem.objects.order_by().values_list(
        "pk", "session_id", "item_id", "side", DONE_NAME
    )


def _done_by_session(ticks) -> defaultdict:
    """Per session id, its (item id, side, name as logged) triples in the order they were
    logged, from `ticks` (a filtered _ticks())."""
    done = defaultdict(list)
    for _pk, session_id, item_id, side, name in sorted(ticks):
        done[session_id].append((item_id, side, name))
    return done


def log_since(today: date) -> date:
    """The first day the log shows: the Monday of the first of the weeks shown."""
    return followup.week_start(today) - timedelta(weeks=followup.WEEKS_SHOWN - 1)


def deleted_since(today: date) -> date:
    """The first day of the deleted entries' traces the log's advice reads (monitoring.advise's
    `deleted`): those of the days its first entries read back to (monitoring.RECENT_CARE_DAYS
    before the first day shown, or before today where that is earlier)."""
    return min(log_since(today), today) - timedelta(days=monitoring.RECENT_CARE_DAYS)


def deleted_traces_filter(today: date) -> Q:
    """The deleted entries' notices whose traces the log's advice reads
    (DeletedEntryNotice.objects.traces, from deleted_since), for a query of many routines'."""
    return Q(advice__in=REMINDED_ADVICE, day__gte=deleted_since(today))


def judge_log(oldest_first, deleted=()) -> tuple[monitoring.Judged, monitoring.DayAdvice | None]:
    """The log as every view of it reads it: `oldest_first`, the sessions of the weeks shown
    (from log_since; monitoring.chronological's order), judged once with the traces of the
    deleted entries (`deleted`, from deleted_since: DeletedEntryNotice.objects.traces), and the
    advice in force (monitoring.advise_current; None for an empty log). The runner's pages,
    the coach's panel (log_context) and the coach's list (in_force) read it here alike,
    so no view ranks or words the log from fewer entries than another."""
    judged = monitoring.Judged((session.entry() for session in oldest_first), deleted=deleted)
    return judged, monitoring.advise_current(judged.ordered, judged=judged)


class InForce(NamedTuple):
    """A routine's advice in force (judge_log) and the session that set it off
    (monitoring.set_off_by); `sessions` the routine's sessions read (in_force)."""

    advice: monitoring.DayAdvice | None
    setter: SessionLog | None
    sessions: list[SessionLog]


def in_force(sessions: list[SessionLog], traces=(), *, today: date) -> InForce:
    """One routine's advice in force (:class:`InForce`) from its `sessions` (any order; those
    before the weeks shown are returned but not read) and its deleted entries' `traces`
    (day, advice; from deleted_since), as judge_log reads them: no query."""
    oldest_first = monitoring.chronological(
        [session for session in sessions if session.day >= log_since(today)]
    )
    judged, advice = judge_log(oldest_first, tuple(traces))
    setter = None
    if advice is not None:
        entry = monitoring.set_off_by(judged.ordered, advice, judged=judged)
        setter = oldest_first[next(i for i, e in enumerate(judged.ordered) if e is entry)]
    return InForce(advice, setter, sessions)


class StopTold(NamedTuple):
    """What a "stop" the runner was told after an entry reads as (stop_told): `own` the
    entry's own advice as the log stood when it was logged (monitoring.advise), `day_so_far`
    its day's advice then (monitoring.told_after_entry), `advice` the one a card about it
    words (`own`, or `day_so_far` where that calls for care beyond it) and `told` what the
    card says the runner was told (a checker tier or a level's value)."""

    own: monitoring.Advice
    day_so_far: monitoring.DayAdvice
    advice: monitoring.Advice
    told: str


def stop_told(session: SessionLog, entries: list, about, *, deleted=()) -> StopTold:
    """What the coach is shown the runner was told after `session`, an entry that said stop
    (`about`, its monitoring entry among `entries`: the log around it, with the
    ADVICE_LOOKBACK_DAYS before the weeks shown where it is early in them). The one reading
    behind the panel's stop cards and the list's badge for them (views._needing_a_look):
    the day's advice so far (monitoring.told_after_entry, as the CSV's "told after this
    entry") where it calls for care beyond the entry alone (weak leg in one entry, numbness
    in the next: emergency care); else, for an entry judged lower since, what it told at the
    time (`told`); else its own advice."""
    logged = monitoring.as_logged(entries, about)
    # Its own advice from its day and the days before, judged once (monitoring.Judged); what
    # the runner's page showed after it from the whole log as it stood, later days logged
    # before a back-dated entry included (monitoring.told_after_entry, as_it_stood).
    own = monitoring.Judged(logged, deleted=deleted).advise(about)
    day_so_far = monitoring.told_after_entry(entries, about, deleted=deleted)
    # (What it told on its own: the care kept from its page, `told_care`, is what the day's
    # advice said then; where the day still says it, the card words that advice.)
    raised = day_so_far.care is not None and day_so_far.urgency > max(
        own.urgency, monitoring.told_urgency(session.told_own)
    )
    advice = day_so_far if raised else own
    # What it told on its own (for one judged lower since, at the time), raised to its day's
    # care where that says more: the rule a deleted entry's notice reads too
    # (monitoring.told_with_day, monitoring.told_as_shown).
    alone = max(session.told, own.care or own.level, key=monitoring.told_urgency)
    told = monitoring.told_with_day(alone, day_so_far.care)
    return StopTold(own, day_so_far, advice, told)


def unseen_stops_told(
    sessions: list[SessionLog], *, since: date, deleted=()
) -> list[tuple[SessionLog, str]]:
    """Each "stop" of `sessions` (one routine's, any order, from ADVICE_LOOKBACK_DAYS before
    `since` where there are any) that is from `since` on and not marked seen, with what its
    card says the runner was told (stop_told): the coach's panel's cards, for the list."""
    ordered = monitoring.chronological(sessions)
    entries = [session.entry() for session in ordered]
    return [
        (session, stop_told(session, entries, about, deleted=deleted).told)
        for session, about in zip(ordered, entries, strict=True)
        if session.told_advice == SessionLog.Advice.STOP
        and session.coach_seen_at is None
        and session.day >= since
    ]


def seen_card_said(sessions: list[SessionLog], told: str, *, since: date, deleted=()) -> bool:
    """Whether the coach has marked seen a "stop" card of `sessions` (one routine's, any
    order, as for unseen_stops_told) that said `told` or more (stop_told): the list says
    "Seen by you" beside the advice in force only then, never for an emergency no card of
    the panel ever showed."""
    ordered = monitoring.chronological(sessions)
    entries = [session.entry() for session in ordered]
    return any(
        monitoring.told_urgency(stop_told(session, entries, about, deleted=deleted).told)
        >= monitoring.told_urgency(told)
        for session, about in zip(ordered, entries, strict=True)
        if session.told_advice == SessionLog.Advice.STOP
        and session.coach_seen_at is not None
        and session.day >= since
    )


def sessions_since(since):
    """The sessions a routine's log shows (for a subquery: `routine` is the outer row)."""
    return SessionLog.objects.filter(routine=OuterRef("pk"), day__gte=since)


def log_context(
    routine: Routine,
    items=None,
    *,
    form=None,
    focus: str = "",
    logged: bool = True,
    ticks: bool = True,
    drawn: bool = False,
    runner_day: bool = False,
) -> dict:
    """What the log section shows, for the runner's page and the coach's panel alike: the last
    six weeks of sessions (newest first), the week-by-week count against the prescription,
    ticks per exercise, the pain chart and the advice on the latest session.

    `items` (the routine's items with their exercises; read here when not given), the counts
    and the chart are worked out only when a template uses them (on the runner's page, with
    nothing logged, they come from a cached fragment). `logged`: False when the caller knows
    the routine has no session in the weeks shown (see sessions_since), which saves the query
    for them. `ticks`: False when nothing shown reads what each session ticked (the runner's
    page without its history: the advice reads only the pain, the signs and the mornings),
    which saves that query; the counts and the chart are then not to be used. `drawn`: the
    caller's template shows the counts and the chart whenever a session is logged in these
    weeks (the log's history), so they are worked out here rather than behind a lazy object,
    whose every attribute read in the template costs a proxy call. `runner_day`: the page is
    not the runner's (the coach's panel), so the log is counted to the runner's today where
    they last logged (runner_today), not to this visitor's."""
    today = timezone.localdate()
    if items is None:
        items = SimpleLazyObject(lambda: list(_items(routine)))
    first = log_since(today)
    # `logged` False: the caller's query of the routine found no session in these weeks.
    sessions = _sessions(routine, since=first, ticks=ticks) if logged else []
    for session in sessions:
        # An exercise removed from the routine since (item None) still made it a day trained.
        session.item_ids = {item_id for item_id, _side, _name in session.done_items}
    # The sessions as the monitoring rules read them, oldest first (monitoring.chronological,
    # the one order of a log: by day, then by when logged): made once, used by the advice,
    # the unseen stops and the rising-pain check. The last is the latest session, the one the
    # panel, the chart's summary and the runner's advice all speak of.
    oldest_first = monitoring.chronological(sessions)
    latest = oldest_first[-1] if oldest_first else None
    # Each entry's own advice worked out once for the request (monitoring.Judged): the advice
    # now and, in the history, each listed day's advice and each entry's own read it.
    # The traces of deleted entries that told the runner to stop or get care, read as those
    # entries were (monitoring.advise's `deleted`), and the reminder of them (_deleted_reminder)
    # reads them too: one small query, none when the routine has no such trace lately (or no
    # session in these weeks: then the reminder reads its own, _deleted_reminder).
    deleted = DeletedEntryNotice.objects.traces(routine, deleted_since(today)) if sessions else None
    # The advice now: the most cautious that holds, the latest day's, from every entry of that
    # day, or a more urgent earlier day's logged after it (monitoring.advise_current), shown
    # alike to the runner, in the coach's panel and in the coach's list (judge_log): no calmer
    # heading beside a stricter one.
    judged, advice = judge_log(oldest_first, tuple(deleted or ()))
    entries = judged.ordered
    # The runner's latest day: the day of the latest entry (monitoring.latest), each entry
    # dated in the runner's own day where they logged it. The one "latest day" the panel's
    # text and the chart's summary (its last point) both name, with that day's own advice
    # (its worst pain, its entries); the advice now may be an earlier day's (advise_current:
    # an emergency or a doctor today ticked later for an earlier day), and then says so.
    latest_day_advice = (
        advice
        if advice is None or advice.day == latest.day
        else monitoring.advise_now(entries, judged=judged)
    )
    # An entry's day is the runner's day where they logged it, so one logged from a zone
    # ahead (Auckland's Monday while it is Sunday in London) can be after this visitor's
    # today: the log runs to the later of the two, so that entry is counted and drawn.
    # On the coach's panel the log's days are the runner's, so it runs to the runner's today
    # where that is known (runner_today: the offset of their latest entry from a known zone),
    # not the coach's, which may be a day ahead of the runner's or behind it.
    runner = runner_today(sessions) if runner_day else None
    counted_to = runner if runner is not None else today
    last_day = max(counted_to, latest.day) if latest else counted_to
    # Likewise the first: the routine's first day is where it is seen from (made at 04:46 in
    # London on Monday, it was Sunday in Chicago, and a runner there may log Sunday), so the
    # counts start at the earlier of the day it was made here and the first day logged.
    started = timezone.localdate(routine.created)
    if oldest_first:
        started = min(started, oldest_first[0].day)

    def summarise():
        return followup.summarise(items=items, sessions=sessions, today=last_day, since=started)

    def advice_of_days():
        # Each day's advice as the history shows it (with_day_advice: monitoring.advice_by_day,
        # and the advice now for its day).
        # The advice now's day is the advice now (advise_current): not worked out again.
        days = {entry.day for entry in entries}
        if advice is not None:
            days.discard(advice.day)
        by_day = monitoring.advice_by_day(entries, days, judged=judged)
        if advice is not None:
            by_day[advice.day] = advice
        return by_day

    def draw(by_day=None):
        # From the Monday of the week table's first week (the routine's first week, or the
        # first of the weeks shown), at least a week back, so a new log is not a lone dot at
        # the left edge, and every week the table counts is on the axis the heading names.
        chart_first = max(first, min(followup.week_start(started), last_day - timedelta(days=6)))
        # A day told to stop or get care is marked on the chart, whatever its pain; and a day
        # whose entries told the runner more than the day reads now (SessionLog.told).
        told: dict[date, str] = {}
        for session in sessions:
            then = told.get(session.day)
            if then is None or monitoring.told_urgency(session.told) > monitoring.told_urgency(
                then
            ):
                told[session.day] = session.told
        return pain_chart(
            [(session.day, session.pain) for session in sessions],
            first=chart_first,
            last=last_day,
            advice=advice_of_days() if by_day is None else by_day,
            told=told,
        )

    # Every day's advice, worked out once when the history is drawn: the chart marks each day
    # by it, and the entries listed say their day's (with_day_advice, `log_day_advice`).
    day_advice = None
    if drawn and sessions:
        summary = summarise()
        day_advice = advice_of_days()
        chart, table = draw(day_advice), week_table(summary)
    else:
        summary = SimpleLazyObject(summarise)
        chart = SimpleLazyObject(draw)
        table = SimpleLazyObject(lambda: week_table(summary))
    return {
        "routine": routine,
        # The runner's page caches its new log form's fields, and with nothing logged its chart
        # and counts, under these: the exercises' names (the catalogue version) and the day.
        "catalogue_version": catalogue_version(),
        "log_today": today,
        "log_last_day": last_day,
        # The runner's today where it isn't this visitor's (the coach's panel says whose day
        # it counts to); None where it is the same, or not known.
        "log_runner_today": runner if runner != today else None,
        # The day the counts and the chart run to, where it isn't this visitor's today: the
        # panel says so, and why (the runner's today, or a later day the runner logged for).
        "log_counted_to": last_day if last_day != today else None,
        "log_counted_to_runners_today": last_day == runner,
        "latest_day_advice": latest_day_advice,
        # The latest day is not yet this visitor's (see last_day): the advice says so.
        "advice_ahead": bool(advice and advice.day > today),
        "log_items": items,
        "log_sessions": sessions,
        "latest_session": latest,
        "advice": advice,
        "log_deleted": deleted,
        "summary": summary,
        "week_table": table,
        "chart": chart,
        "log_form": form,
        "warning_signs": monitoring.WARNING_SIGNS,
        "mornings": monitoring.MORNINGS,
        "log_focus": focus,
        # As the advice above says now (the runner's page shows the same), not as stored
        # when the latest session was logged: a deleted or back-dated entry can change it.
        "alert": bool(advice and advice.check_symptoms),
        # The coach should look (the runner was told to ease back or stop): same rules.
        "needs_a_look": bool(advice and advice.needs_a_look),
        # The coach's panel's alone (the runner's page shows neither): worked out when used.
        "unseen_stops": SimpleLazyObject(
            lambda: _unseen_stops(
                oldest_first, entries, routine=routine, since=first, deleted=judged.deleted
            )
        ),
        "rising": SimpleLazyObject(lambda: monitoring.pain_rising(entries)),
        # The sessions as the rules read them, oldest first (for with_day_advice), and their
        # advice as worked out for this request.
        "log_entries_read": entries,
        "log_judged": judged,
        # Each day's advice (advice_of_days) where the history worked it out, else None.
        "log_day_advice": day_advice,
        **care_context(),
    }


def care_context() -> dict:
    """What routines/_care.html needs besides the advice: the care numbers (settings, as the
    symptom checker shows them) and the checker's own citations (no query)."""
    from triage.views import urgent_care

    return {**urgent_care(), "care_sources": CARE_SOURCES}


#: The sources the checker's rules cite, from the checker's own list (no query).
CARE_SOURCES = {**triage_rules.ARTICLE_CITATIONS, **triage_rules.CITATIONS}


def with_day_advice(
    listed,
    entries,
    advice=None,
    judged=None,
    deleted=(),
    *,
    coach: bool = False,
    day_advice: dict | None = None,
) -> None:
    """Give each session in `listed` its `day_advice`: the advice as it stands for its day,
    read from every entry of that day and the log before it (monitoring.advice_by_day over
    `entries`; `advice`, the advice now, is the latest day's), when it is not the entry's own
    advice; None otherwise. The entry's own advice is shown as "this entry", with its reasons
    (`advice_because`), so it is never read as the day's (a later pain-3 entry's "carry on"
    under a day that says stop). `judged`: `entries` as a monitoring.Judged, whose entries'
    advice is worked out once for the request (log_context's `log_judged`). `deleted`: the
    traces of deleted entries the advice reads (monitoring.advise's; a `judged` has its own).
    `coach`: the reasons in the coach's words, about the runner (the builder's panel).
    `day_advice`: every day of `entries`' advice as worked out already for the same log and
    advice now (log_context's `log_day_advice`), read rather than worked out again."""
    if judged is not None:
        deleted = judged.deleted
    days = {session.day for session in listed}
    known = {advice.day: advice} if advice is not None else {}
    if day_advice is not None:
        by_day = {day: day_advice[day] for day in days | known.keys() if day in day_advice}
    else:
        by_day = {
            **monitoring.advice_by_day(
                entries, days - known.keys(), judged=judged, deleted=deleted
            ),
            **known,
        }
    # Each entry as the rules read it, found by its day and when it was logged.
    read = {(entry.day, entry.logged): entry for entry in entries}
    # The day's advice is shown from the entry that set it off (monitoring.set_off_by) on:
    # never on an earlier entry of the day, which had not (numbness, then a weak leg: the
    # emergency is the weak leg's entry's).
    set_off = {}
    for when, day in by_day.items():
        if day is not None and sum(1 for entry in entries if entry.day == when) > 1:
            set_off[when] = monitoring.set_off_by(entries, day, judged=judged, deleted=deleted)
    for session in listed:
        day = by_day.get(session.day)
        setter = set_off.get(session.day)
        own = monitoring.told_urgency(
            monitoring.told(session.advice, session.warning_signs or (), pain=session.pain)
        )
        session.day_advice = (
            day
            if day is not None
            and day.urgency != own
            and (setter is None or setter.logged is None or session.created >= setter.logged)
            else None
        )
        session.advice_because = _advice_because(
            session, entries, read, judged, deleted, coach=coach
        )
        # The care the runner was told after it, kept (SessionLog.told_care), said beside it
        # where neither the entry nor its day's advice beside it says as much now.
        session.told_care_said = session.told_care_kept and (
            session.day_advice is None
            or session.day_advice.urgency < monitoring.told_urgency(session.told)
        )
    # The newest entry of the log's latest day says the advice now where that is an earlier
    # day's and more urgent (monitoring.advise_current: an earlier day logged after it), named
    # as that day's: its own day's advice ("The day's advice: stop") beside a banner saying
    # "See a doctor today" read as two answers (fresh tester).
    latest_day = max((entry.day for entry in entries), default=None)
    newest = max(
        (session for session in listed if session.day == latest_day),
        key=lambda session: session.created,
        default=None,
    )
    for session in listed:
        of_day = by_day.get(session.day)
        session.advice_now_from = (
            advice
            if session is newest
            and advice is not None
            and advice.day != session.day
            and advice.urgency > (of_day.urgency if of_day is not None else 0)
            else None
        )


def _advice_because(session, entries, read, judged=None, deleted=(), *, coach=False) -> str:
    """:func:`_advice_and_because`'s words; the entry's `raised_note` set on it too."""
    own, words = _advice_and_because(session, entries, read, judged, deleted, coach=coach)
    session.raised_note = raised_note(session, own.reasons, coach=coach)
    return words


def raised_note(session, reasons, *, coach: bool = True) -> str:
    """For the coach, an entry whose advice was shown to the runner only after it was logged
    (SessionLog.raised) and still reads so: what it said when logged, and what showed more
    later, naming a deleted entry whose hold did (monitoring.coach_raised, or for the runner,
    not `coach`, monitoring.runner_raised; `reasons`: its advice now's). "" otherwise (an
    entry judged lower since says both already: `lowered_for_coach`)."""
    if not session.raised or session.lowered:
        return ""
    record = session.told_record
    words = monitoring.coach_raised if coach else monitoring.runner_raised
    return words(
        record.logged,
        record.told,
        record.raised_by,
        morning=record.morning.value if record.morning else None,
        reasons=reasons,
    )


def _advice_and_because(session, entries, read, judged=None, deleted=(), *, coach=False):
    """Why the entry's own advice is what it is (monitoring.because): every reason behind
    it, with its values and days, or, where the log read now gives another advice (an entry
    logged since for an earlier day), where each comes from (monitoring.advice_since);
    "" for a "carry on" with nothing behind it. `coach`: in the coach's words."""
    about = read.get((session.day, session.created))
    if about is None:
        about = session.entry()
        own = monitoring.advise([*entries, about], about=about, deleted=deleted)
    elif judged is not None and entries is judged.ordered:
        own = judged.advise(about)
    else:
        own = monitoring.advise(entries, about=about, deleted=deleted)
    # Entries logged since for earlier days it reads: what the runner was told when it was
    # logged is said as that (the advice read from the entries logged before it), and the
    # reading now apart (monitoring.because's `now`), never a reason of then as if it held
    # now ("3 on 18 Nov, then 4 on 20 Nov" with 19 and 21 Nov logged since).
    if monitoring.logged_since_before(entries, about):
        then = monitoring.advise(monitoring.as_logged(entries, about), about=about, deleted=deleted)
        return own, (
            monitoring.because(
                then, session.advice, logged=session.logged_reasons, coach=coach, now=own
            )
            or ""
        )
    return own, (
        monitoring.because(own, session.advice, logged=session.logged_reasons, coach=coach) or ""
    )


def _unseen_stops(
    oldest_first: list[SessionLog],
    entries: list,
    *,
    routine: Routine,
    since: date,
    deleted: tuple = (),
) -> list[SessionLog]:
    """Every "stop" the coach has not marked as seen, most urgent first (emergency care, then a
    doctor today, then stop: monitoring.told_urgency), newest first within each, each with why
    it was given (`stop_advice`). `entries`: the sessions' monitoring entries, in the same
    order; they start at `since`, so for a stop in the two weeks after it, which the advice
    read with the entries before `since` (services.ADVICE_LOOKBACK_DAYS), those are read too.
    Why is read as the stop was given (services._judge): from the entries logged up to it,
    so an entry logged later for an earlier day does not turn its reasons into another
    advice's (a stop card with no reason, a button named "ease back").

    A stop the runner was told stays a stop card where the entry, judged again since (an
    earlier entry deleted, its next-morning answer changed), reads less now: the card says
    both (`lowered_for_coach`), with why it reads what it reads now. `card_told` is what
    each card says the runner was told (the checker's tier, or stop)."""
    places = [
        place
        for place, session in enumerate(oldest_first)
        if session.told_advice == SessionLog.Advice.STOP and session.coach_seen_at is None
    ]
    lookback = timedelta(days=services.ADVICE_LOOKBACK_DAYS)
    earlier = []
    if places and oldest_first[places[0]].day < since + lookback:
        earlier = [
            session.entry()
            for session in SessionLog.objects.filter(
                routine_id=routine.pk, day__gte=since - lookback, day__lt=since
            )
        ]
    unseen_stops = []
    for place in places:
        session, about = oldest_first[place], entries[place]
        log = [*earlier, *entries[:place], about]
        before = [entry for entry in log[:-1] if entry.logged <= about.logged]
        # What the runner was told after it (stop_told, as the list's badge reads it): the
        # advice their page showed then, from every entry logged up to it (a later day logged
        # before a back-dated entry too), where that says more than the entry alone (weak leg
        # in one entry, numbness in an earlier one: emergency care); else its own advice, or
        # for an entry judged lower since what it told.
        told = stop_told(session, [*earlier, *entries], about, deleted=deleted)
        session.stop_advice, day_so_far = told.advice, told.day_so_far
        own_keys = None
        if day_so_far is session.stop_advice:
            own = {monitoring.reason_key(r) for r in told.own.reasons}
            own_keys = session.logged_reasons
            if own_keys is not None:
                own_keys = [
                    *own_keys,
                    *(
                        monitoring.reason_key(r)
                        for r in day_so_far.reasons
                        if monitoring.reason_key(r) not in own
                    ),
                ]
        # Its reasons as when it was logged, and those that arose since (a next-morning answer
        # given later), said apart.
        session.reasons_then, session.reasons_since = monitoring.split_reasons(
            session.stop_advice.reasons,
            own_keys if day_so_far is session.stop_advice else session.logged_reasons,
        )
        # The next-morning answer differs from the one the entry had when it told them (none
        # then, or the answer first given): why they were told, read with the answer then
        # (the reasons now alone would lose a worse morning, or add one given since).
        session.told_advice_then = None
        if session.morning_since_told:
            then = session.entry_as_told()
            session.told_advice_then = monitoring.advise(
                [*before, then], about=then, deleted=deleted
            )
        # What the card says the runner was told: for an entry judged lower since, what it told
        # them at the time, unless its day's advice so far (above) says more: then that, as the
        # card's heading, its reasons and the list's badge do. Where that advice is about a
        # later day (a back-dated entry read into it), the card names that day too.
        session.card_told = told.told
        session.card_told_day = (
            day_so_far.day
            if day_so_far is session.stop_advice and day_so_far.day != session.day
            else None
        )
        # The advice after it as the log reads now, in words for the card's "why" sentence.
        session.advice_now_words = monitoring.advice_now_words(session.stop_advice)
        session.card_short_name = monitoring.short_name(session.card_told)
        # The care the runner was told after it, kept (SessionLog.told_care), where the log
        # read now says less (the entry whose signs combined with its own deleted since).
        session.card_care_kept = (
            session.card_told in monitoring.CARE_TIERS
            and monitoring.told_urgency(session.card_told) > session.stop_advice.urgency
        )
        if session.card_care_kept:
            session.card_coach_label = monitoring.coach_label(session.card_told)
            session.card_told_label = monitoring.told_value(session.card_told).label
        # Shown only after it was logged (a deleted entry's hold, a next-morning answer): the
        # card says what it said when logged and what showed the stop later, never "stop
        # advised on" its day as if then.
        session.raised_note = raised_note(session, session.stop_advice.reasons)
        session.logged_as = monitoring.short_name(session.told_record.logged)
        session.raised_cause = (
            monitoring.raised_cause(
                session.raised_by,
                morning=session.told_morning or None,
                reasons=session.stop_advice.reasons,
            )
            if session.raised_note
            else ""
        )
        # Entries logged since for earlier days it reads: its "why" is what the runner was
        # told when it was logged, said so, and the reading with those apart.
        session.read_now_words = ""
        session.logged_since_days = []
        full = [*earlier, *entries]
        later = monitoring.logged_since_before(full, about)
        if later and session.card_told_day is None and not session.card_care_kept:
            now = monitoring.advise(full, about=about, deleted=deleted)
            if monitoring.read_otherwise(session.stop_advice, now):
                session.logged_since_days = later
                session.read_now_words = monitoring.read_again_words(now, session.stop_advice)
        unseen_stops.append(session)
    unseen_stops.reverse()
    # A stable sort: newest first stays within each level of urgency.
    unseen_stops.sort(key=lambda stop: -monitoring.told_urgency(stop.card_told))
    return unseen_stops


@lru_cache(maxsize=1024)
def _day_text(day: date, format_string: str, language: str) -> str:
    return dateformat.format(day, format_string)


def day_text(day: date, format_string: str) -> str:
    """`day` as dateformat writes it in the active language ("Mon 3 Nov"), remembered: the log
    writes the same few dozen days on every request, and each format looks up its month and
    day names in the translations (about 30 µs a day)."""
    return _day_text(day, format_string, translation.get_language())


@dataclass(frozen=True)
class WeekTable:
    """The week-by-week table (routines/_log_weeks.html) as plain strings and flags, newest
    week first, so the template only places them: `heads` the weeks' first days, `sessions`
    ({"adherence": as data-adherence shows it or "", "label": "2 done of 3 prescribed"} per
    week), `rows` ({"name": the exercise's name, "cells": ({"met": met, "label": "1 done of 2
    prescribed"} per week)} per item): the labels of followup.Week, the same count as the
    coach's two-week line (monitoring.count_sessions). Dicts, which the template reads at its
    first try, where a loop that unpacks a pair pushes a context of its own for each."""

    heads: tuple[str, ...]
    sessions: tuple[dict[str, str], ...]
    rows: tuple[dict, ...]


def week_table(summary: followup.Summary) -> WeekTable:
    """The table's cells (`rows`) are dicts ({"met": bool, "label": str}): the template reads
    a dict's key at its first try, where unpacking a pair in the loop pushed a context of its
    own for each of the ~80 cells (a sixth of the table's render)."""
    weeks = summary.weeks_newest_first
    language = translation.get_language()
    # Each cell made once per Week: followup.summarise gives the rows with the same counts in
    # a week the same one.
    cells: dict[int, dict] = {}

    def cell(week: followup.Week) -> dict:
        made = cells.get(id(week))
        if made is None:
            made = cells[id(week)] = {"met": week.met, "label": week.label}
        return made

    return WeekTable(
        heads=tuple(_day_text(week.start, "j M", language) for week in weeks),
        sessions=tuple(
            {
                "adherence": "" if week.adherence is None else two_places(week.adherence),
                "label": week.label,
            }
            for week in weeks
        ),
        rows=tuple(
            {
                "name": (
                    row.item.name if isinstance(row.item, CountedItem) else row.item.exercise.name
                ),
                "cells": tuple(cell(week) for week in row.weeks_newest_first),
            }
            for row in summary.items
        ),
    )


class CountedItem(NamedTuple):
    """What the log's counts and week table read of a routine item (followup.summarise,
    week_table), for the log's history: its id, how often it is due and its exercise's name
    now. The coach's routine and the catalogue, nothing a runner logs (routines.views.
    _counted_items_of caches it as the items themselves are)."""

    pk: int
    frequency_period: str
    frequency_min: int
    name: str


_HUNDREDTH = Decimal("0.01")


def two_places(share: float) -> str:
    """A share from 0 to 1 with two decimals, rounded half up: "0.67", "1.00", as Django's
    floatformat(share, 2) writes it in the site's English (the number's own decimal digits,
    rounded as a Decimal), without its localisation lookups (a tenth of the table's cost)."""
    return str(Decimal(repr(share)).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP))


#: What an entry calls an exercise done: the name it had when the runner logged it
#: (SessionItem.exercise_name), so a later rename in the catalogue (the admin), a swap, a
#: removal or a deletion changes nothing the runner logged; the catalogue's name only for a
#: row kept without one. Every reader of done items (the runner's page, history and
#: earlier-sessions pages, the CSV) reads it; the week table names the routine's items now.
DONE_NAME = Coalesce(NullIf("exercise_name", Value("")), "exercise__name")


def _done_names(done_items) -> list[str]:
    """The names of the exercises in `done_items` ((item id, side, name) triples) as they were
    when logged, with the side: the coach's later edits to the routine change none of them."""
    return [
        name if side == SessionItem.Side.ALL else f"{name} ({side})"
        for _item_id, side, name in done_items
        if name
    ]


def _with_done(session: SessionLog, done_items) -> None:
    """Give a listed entry `done_names` (_done_names) and `done_text`, the line the entry shows
    ("Clamshell, Bridge (left)"): joined here once, not by a filter escaping each name."""
    session.done_names = _done_names(done_items)
    session.done_text = ", ".join(session.done_names)


def _new_form(routine: Routine, items, data=None) -> SessionLogForm:
    return SessionLogForm(
        data,
        items=items,
        today=timezone.localdate(),
        today_range=timezones.today_range(),
        runner_offset=runner_offset(routine) if data is not None else None,
        started=timezones.first_day(routine.created),
        started_at=routine.created,
    )


def runner_offset(routine: Routine) -> int | None:
    """Where the request's zone is not known: the runner's clock as their log last said it
    (the UTC offset of the latest-logged entry that has one, as runner_today reads it); None
    where the zone is known or the log never said it."""
    if timezones.zone_known():
        return None
    return (
        routine.sessions.exclude(utc_offset=None)
        .order_by("-created", "-pk")
        .values_list("utc_offset", flat=True)
        .first()
    )


#: The log's addresses under the runner's page (routines/share_urls.py lays them out that way),
#: by their names in the log's context.
RUNNER_URL_SUFFIXES = {"log_history_url": "log/", "log_create_url": "sessions/"}


def runner_urls(token: str) -> tuple[str, dict[str, str]]:
    """The runner's page (/r/<token>/, script prefix and all) and the log's addresses under it
    (RUNNER_URL_SUFFIXES), from one reverse() instead of one each (as routines.views.builder_urls:
    tests/routines/test_shared_page_once.py checks they match reverse())."""
    page = reverse("shared_routine", args=[token])
    return page, {name: page + suffix for name, suffix in RUNNER_URL_SUFFIXES.items()}


def shared_log_context(
    routine: Routine,
    items=None,
    *,
    form=None,
    focus: str = "",
    logged: bool = True,
    total: int | None = None,
    page_url: str = "",
    change_morning: int | None = None,
    pending_advice=None,
    history: bool = True,
    just_logged: int | None = None,
    autofocus: bool = False,
) -> dict:
    """The runner's log: `just_logged` the id of the entry the runner has just logged (see
    _just_logged_advice; `autofocus`: the page is loaded whole, after the redirect);
    `pending_advice` the advice for the warning signs of an entry sent
    but not saved (shown first; the advice now is hidden unless it is more urgent, so no
    calmer, older advice sits beside it); `form` is one sent back with its errors; otherwise
    a new form is made only if its cached fields are missing (`log_form_sent` is False).

    `history`: the log's history too (the chart, the week table and the newest RECENT_SHOWN
    entries, `log_entries`; `log_earlier_count` says how many more are on the earlier-sessions
    pages). Without it (the runner's page as first opened) the section shows the advice, the
    form and a line saying how many entries are logged, on how many days (`log_days`: the
    entries of a day are one session), and the last one's day, whose link the history loads
    from (session_history): the advice is always on the page itself.

    `total`: every entry of the routine, when the caller read it with the routine (with its
    `session_days`, the days they are on; else both are counted here, in one query);
    `page_url`: the path of the page listing the entries (the runner's page unless given),
    which their "Delete this entry?" and "Change" steps are asked of. The runner's page's
    path is `log_runner_url`, the history's `log_history_url` (runner_urls)."""
    context = log_context(
        routine, items, form=form, focus=focus, logged=logged, ticks=history, drawn=history
    )
    items = context["log_items"]
    context["log_form_sent"] = form is not None
    advice = context["advice"]
    context["pending_advice"] = pending_advice
    context["advice_hidden"] = bool(
        pending_advice and (advice is None or advice.urgency <= pending_advice.urgency)
    )
    # The page's top line (routines/_session_log.html#runner-top): the most urgent advice on
    # the page, when it is more than "carry on", and where it is. From the advice above: no
    # query of its own.
    shown_advice = None if context["advice_hidden"] else advice
    _just_logged_advice(context, just_logged, autofocus=autofocus)
    logged_advice = context["logged_advice"]
    if pending_advice and (shown_advice is None or pending_advice.urgency >= advice.urgency):
        context["top_advice"], context["top_advice_id"] = pending_advice, "pending-advice"
    elif logged_advice is not None:
        # Shown only when more urgent than the advice now: the top line says it, not calmer.
        context["top_advice"], context["top_advice_id"] = logged_advice, "logged-advice"
    elif shown_advice is not None and shown_advice.urgency > 0:
        context["top_advice"], context["top_advice_id"] = shown_advice, "advice"
    else:
        context["top_advice"], context["top_advice_id"] = None, ""
    # What the page leads with (runner_sees): the top line's advice, or the more urgent
    # care of an earlier day it is held by, or a deleted entry's reminder.
    sees = runner_sees(
        routine,
        advice,
        context["log_today"],
        traces=context.get("log_deleted"),
        top=context["top_advice"],
    )
    context["runner_sees"], context["deleted_reminder"] = sees, sees.reminder
    # The log's advice box leads with the headline where that is more urgent than its own
    # advice (an earlier day's care holding it at stop, a deleted entry's reminder): one
    # advice now, the top line's, on the page (monitoring.SeenNow.lead_over).
    context["advice_lead"] = None if context["advice_hidden"] else sees.lead_over(advice)
    if form is None:
        context["log_form"] = SimpleLazyObject(lambda: _new_form(routine, items))
    if total is None and not logged:
        total = 0
    days = getattr(routine, "session_days", None) if total is not None else None
    if total == 0:
        days = 0
    elif total is None or (days is None and not history):
        # Both in one query: how many entries, and on how many days (said only without the
        # history: session_history reads the routine without them, routine_by_token).
        counts = routine.sessions.aggregate(total=Count("pk"), days=Count("day", distinct=True))
        total, days = counts["total"], counts["days"]
    runners_page, log_urls = runner_urls(routine.share_token)
    context["log_history"] = history
    context.update(log_urls)
    context["log_total"] = total
    context["log_days"] = days
    latest_day = None
    if total:
        # The latest of the weeks shown (read for the advice), else asked: a log whose last
        # session is older than the weeks shown.
        latest = context["latest_session"]
        latest_day = latest.day if latest else routine.sessions.aggregate(day=Max("day"))["day"]
    context["log_latest_day"] = latest_day
    context["log_htmx"] = True
    context["log_runner_url"] = runners_page
    context["log_page_url"] = page_url or runners_page
    # A plain form on a page other than the runner's comes back to it (back_url).
    context["log_back"] = "" if context["log_page_url"] == runners_page else page_url
    # Where "Keep it" (and "Keep" an answer) goes back to the entry without JavaScript: the
    # runner's page as opened does not list the entries, so its history page.
    context["log_keep_url"] = (
        context["log_history_url"]
        if context["log_page_url"] == runners_page
        else context["log_page_url"]
    )
    if not history:
        context["log_entries"] = []
        context["log_earlier_count"] = total
        _morning_due(context, routine)
        return context
    shown = context["log_sessions"][:RECENT_SHOWN]
    with_day_advice(
        shown,
        context["log_entries_read"],
        context["advice"],
        context["log_judged"],
        day_advice=context["log_day_advice"],
    )
    for session in shown:
        # As logged (_sessions): an exercise removed from the routine since keeps its place.
        _with_done(session, session.done_items)
    context["log_entries"] = shown
    context["log_earlier_count"] = max(total - len(shown), 0)
    _label_entries(
        routine,
        shown,
        delete_base=f"{context['log_page_url']}?",
        keep_base=f"{context['log_keep_url']}?",
        change_morning=change_morning,
        # Every entry of the weeks shown: a day's entries may be cut off the list.
        carriers=_carrier_ids(context["log_sessions"]),
        day_entries=context["log_sessions"],
    )
    return context


_UNREAD = object()


def runner_sees(
    routine: Routine, advice, today: date, *, traces=None, top=None
) -> monitoring.SeenNow:
    """What the runner's page leads with now (monitoring.SeenNow): the advice in force
    (`advice`, judge_log's; `top`, the runner's top line's where that is another, an entry
    just logged or sent), and the reminder of a deleted entry's urgent advice where that says
    more (_deleted_reminder, `traces` as for it). The one reading of "what the runner sees
    now" for the runner's pages, the coach's panel (followup_context) and the coach's list
    (views._look): marking a card seen does not change it. No query when `traces` is
    given."""
    lead = top if top is not None else advice
    reminder = _deleted_reminder(
        routine,
        today,
        now_urgency=monitoring.SeenNow(lead, today=today).urgency,
        traces=traces,
        advice=advice,
    )
    return monitoring.SeenNow(lead, reminder, today)


def _deleted_reminder(routine: Routine, today: date, *, now_urgency: int, traces=None, advice=None):
    """The reminder of what an entry the runner deleted told them (monitoring.deleted_reminder),
    from the traces deleted entries leave (DeletedEntryNotice: their day and advice, the same
    the coach is told): `traces` as log_context read them, else read here.
    `routine.deleted_reminding_day` (routines.views.routine_by_token: the latest such trace's
    day, read with the routine) saves the query when there is none, or none recent enough.
    A trace the advice now names (`advice`: a reason of it resting on a deleted entry of that
    day, monitoring.advise's `deleted`) is said by that advice: no reminder of it besides.
    Every other trace in force is in the reminder (a trace the advice reads but does not
    name, a second deleted emergency, is not left out: the deletion promised it)."""
    if traces is None:
        latest = getattr(routine, "deleted_reminding_day", _UNREAD)
        if latest is None or (
            latest is not _UNREAD and latest < today - timedelta(days=monitoring.RECENT_CARE_DAYS)
        ):
            return None
        traces = (
            DeletedEntryNotice.objects.reminding(today)
            .filter(routine_id=routine.pk)
            .values_list("day", "advice")
        )
    if advice is not None:
        named = {reason.day for reason in advice.reasons if reason.deleted}
        traces = [(day, told) for day, told in traces if day not in named]
    return monitoring.deleted_reminder(traces, today=today, now_urgency=now_urgency)


def _just_logged_advice(context: dict, pk: int | None, *, autofocus: bool) -> None:
    """The advice on the entry just logged (`pk`), when the runner must see it first:
    `logged_advice` (its own advice, monitoring.advise, as stored and as the coach's card
    says the runner was told) and `logged_day`, when it says stop (or emergency care, or a
    doctor today) and is more urgent than the advice now. An entry logged for an earlier day
    (from a zone behind, or back-dated) with a stricter day's advice is the advice now
    (monitoring.advise_current), so this is a safety net; it is then focused. When the advice
    now is about that entry's day and as urgent, the advice now is focused instead
    (`log_autofocus` on a page loaded whole). Only for the entry logged last on this link,
    so a reload after a later entry, or an old address, shows nothing extra."""
    context["logged_advice"], context["logged_day"], context["log_autofocus"] = None, None, False
    sessions = context["log_sessions"]
    if pk is None or not sessions:
        return
    newest = max(sessions, key=lambda session: (session.created, session.pk))
    if newest.pk != pk:
        return
    entries = context["log_entries_read"]
    about = next((e for e in entries if (e.day, e.logged) == (newest.day, newest.created)), None)
    if about is None:
        return
    own = context["log_judged"].advise(about)
    now = context["advice"]
    if own.urgency < monitoring.Level.STOP.rank:
        return
    if now is None or own.urgency > now.urgency:
        context["logged_advice"], context["logged_day"] = own, newest.day
        context["log_focus"] = "logged-advice"
    elif now.day == newest.day:
        context["log_focus"] = "advice"
        context["log_autofocus"] = autofocus


#: After when to come back to answer the next-morning question.
COME_BACK = ", come back to say how the hip felt the morning after."


def _morning_due(context: dict, routine: Routine) -> None:
    """The runner's page as opened (without its history): the next-morning question due
    (`morning_due`, the most recent day whose morning has come and has no answer, labelled as
    in the history, with radios of their own ids: the history may load beside it) and how
    many other days wait for theirs there (`morning_due_others`). From the sessions the
    advice has read already (the weeks shown, as the history asks): no query of its own.

    `morning_due_ahead`: a later day's question the history draws hidden for
    static/js/hipcare.js to show on the browser's own day (_label_entries: the page's day may
    be a day behind the browser's, on a first visit with no zone cookie yet, or with the
    cookie of the zone the phone was in before), drawn here the same way, so the page as
    opened asks it wherever the history does (tester: opened where it was already the next
    day, the page asked nothing, the history asked, and only there did "worse" change the
    advice). Without JavaScript it stays hidden, as the history's radios do."""
    today = context["log_today"]
    sessions = context["log_sessions"]
    # The latest browser's today the history draws a day's radios for, shown or hidden
    # (_label_entries): the day after the page's today (its zone's, else the runner's from
    # their log), whose entries are drawn for the browser's day; where the log does not say
    # the runner's clock either, the latest today anywhere (UTC+14).
    ahead = today + timedelta(days=1)
    if not timezones.zone_known():
        # The page's zone is not the browser's (no JavaScript): the runner's day where their
        # log says it (runner_today), as the entries' own question reads it (_label_entries);
        # else a morning is due only once it has begun everywhere (today at UTC-12), when the
        # server would take its answer (hipcare.timezones.morning_after_has_come).
        runner = runner_today(sessions)
        earliest, latest = timezones.today_range()
        today = runner or earliest
        ahead = latest if runner is None else runner + timedelta(days=1)
    due = monitoring.mornings_due(sessions, today=today)
    context["morning_due"] = None
    context["morning_due_ahead"] = None
    context["morning_due_others"] = max(len(due) - 1, 0)
    later = monitoring.mornings_due(sessions, today=ahead)
    if later and (not due or later[0].day > due[0].day):
        context["morning_due_ahead"] = _morning_form(context, routine, later[0], prefix="ahead")
    if due:
        context["morning_due"] = _morning_form(context, routine, due[0], prefix="due")


def _morning_form(context: dict, routine: Routine, session: SessionLog, *, prefix: str):
    """`session`, a day's carrier, labelled as in the history (_label_entries) for its
    next-morning question on the runner's page as opened, its radios' ids `prefix`ed."""
    _label_entries(
        routine,
        [session],
        delete_base=f"{context['log_page_url']}?",
        carriers={session.day: session.pk},
        day_entries=context["log_sessions"],
    )
    session.morning_radios = [
        (f"{prefix}-{id_}", value, label, ticked)
        for id_, value, label, ticked in session.morning_radios
    ]
    return session


def _carrier_ids(sessions) -> dict[date, int]:
    """Per day, the id of the entry that carries (or will be asked) the day's next-morning
    answer (monitoring.morning_carriers), from `sessions`: every entry of those days."""
    return {day: entry.pk for day, entry in monitoring.morning_carriers(sessions).items()}


_ANY_PK = 987654321


def _day_ordinals(entries) -> dict[int, tuple[int, int]]:
    """Per entry id: (its place among its day's entries in the order they were logged, how many
    the day has), from `entries`: every entry of those days."""
    days = defaultdict(list)
    for entry in entries:
        days[entry.day].append(entry)
    ordinals = {}
    for same_day in days.values():
        same_day.sort(key=lambda entry: (entry.created, entry.pk))
        for place, entry in enumerate(same_day, start=1):
            ordinals[entry.pk] = (place, len(same_day))
    return ordinals


def _label_entries(
    routine: Routine,
    sessions,
    *,
    delete_base: str,
    carriers: dict[date, int],
    day_entries=None,
    change_morning: int | None = None,
    keep_base: str = "",
) -> None:
    """What each entry of the runner's log shows, worked out here once rather than by filters
    and tags per entry: its dates, its next-morning answer (or the radios to give it: on the
    day's carrier (`carriers`, the day's entry that has or will be asked the day's answer)
    while the day has none and its next morning has come, or for the entry `change_morning`,
    with its answer ticked) and its addresses.
    The delete button is a link to the listing page's own "Delete this entry?" step
    (`delete_base` + delete=<id>), and an answer's Change link to the same page with that
    entry's radios (`delete_base` + morning=<id>), so an entry carries at most one form.
    Each entry's buttons are named for it alone (`entry_name`, `morning_for`): a day with
    several entries numbers them, in the order they were logged, out of `day_entries` (every
    entry of the days listed: a day's entries may be split between pages), so a screen
    reader's list of buttons does not hold two "Delete the entry for 29 November".
    "Keep it" (and "Keep" an answer) goes back to the entry, which takes the focus: the page
    `keep_base` (else `delete_base`) + entry=<id> (keep_entry), no #fragment (a browser that
    lands on one skips `autofocus`); with htmx the listing page's log (`keep_url`)."""
    if not sessions:
        return
    ordinals = _day_ordinals(sessions if day_entries is None else day_entries)
    # Reversed once (a reverse() costs more than the rest of an entry): the pk is the last
    # number in the path, after the token.
    before, _, after = reverse("session_morning", args=[routine.share_token, _ANY_PK]).rpartition(
        str(_ANY_PK)
    )
    days = {}
    language = translation.get_language()  # once: a thread-local read, a few µs each time
    today = timezone.localdate()
    # Where the browser's zone is not known (no JavaScript), the runner's today is any date
    # that is today somewhere (hipcare.timezones.today_range), UK time only the default.
    earliest_today, latest_today = timezones.today_range()
    zone_unknown = (earliest_today, latest_today) != (today, today)
    # Where this page's zone is not the browser's (no JavaScript), the runner's day as their
    # log says it where it can (runner_today: their clock when they last logged): a morning
    # come there is due, on every page that asks it, as where the zone is known.
    runner = runner_today([*sessions, *(day_entries or ())]) if zone_unknown else None
    page_today = today
    if runner is not None:
        today, zone_unknown = runner, False
    for session in sessions:
        pk = session.pk
        if session.day not in days:
            days[session.day] = (
                _day_text(session.day, "D j M", language),
                _day_text(session.day, "j F", language),
                _day_text(session.day + timedelta(days=1), "l j F", language),
            )
        session.day_label, session.day_name, session.morning_from = days[session.day]
        place, of = ordinals.get(pk, (1, 1))
        if of > 1:
            session.entry_name = f"entry {place} of {of} for {session.day_name}"
            session.morning_for = f"{session.day_name} (entry {place} of {of})"
        else:
            session.entry_name = f"the entry for {session.day_name}"
            session.morning_for = session.day_name
        # As text: the template prints a string as it is (a number is localised each time).
        session.pain_text = str(session.pain)
        session.advice_words = session.advice_label.lower()
        # The runner's day where they logged it, not yet begun on this visitor's clock.
        session.day_ahead = session.day > page_today
        session.morning_label = (
            str(MORNING_CHOICES.get(session.morning, session.morning)).lower()
            if session.morning
            else ""
        )
        # An answer changed since first given, said as the coach's panel says it (the advice
        # the runner was told rests on the first): "(changed on Tue 24 Nov; first answered the
        # same)", the day it was changed never read as the morning the first answer was about.
        session.morning_changed_text = (
            f"(changed on {day_text(timezone.localdate(session.morning_changed_at), 'D j M')}; "
            f"first answered {session.first_morning_label.lower()})"
            if session.morning_changed and session.morning_changed_at
            else ""
        )
        session.morning_url = f"{before}{pk}{after}"
        session.changing_morning = bool(session.morning) and pk == change_morning
        # The question is about the day, asked once (on its carrier) from the next day on.
        carries = carriers.get(session.day) == pk and not session.morning
        has_come = monitoring.morning_has_come(session.day, today=today)
        # A page whose zone is not yet the browser's (a first visit: hipcare.timezones) can be
        # a day off the runner's, so for today's and yesterday's entries the question and the
        # "come back" line are both on the page, one `hidden`, and static/js/hipcare.js shows
        # the one the browser's own day calls for (the server checks the answer in its zone).
        either = carries and -1 <= (session.day - today).days <= 0
        session.morning_later = carries and not has_come
        session.morning_wait_hidden = either and has_come
        # "Tomorrow" only on the browser's own clock: on the runner's day read from their
        # log (`runner`), a date.
        session.morning_wait = (
            "Tomorrow"
            if session.day == today and runner is None
            else f"From {session.morning_from}"
        ) + COME_BACK
        session.morning_radios_hidden = either and not has_come
        session.page_today_iso = today.isoformat()
        session.morning_elsewhere = False
        if zone_unknown and carries:
            # The runner's zone is not known (no JavaScript): the server takes the answer only
            # once the morning after the day has begun everywhere (hipcare.timezones.
            # morning_after_has_come, the most cautious reading), so the radios are asked only
            # then; before, when to come back, as a date and a time in UK time where the
            # morning has begun there already (never "Tomorrow", never radios the server would
            # refuse: a runner in Auckland at 23:40 had a morning not yet come saved).
            has_come = timezones.morning_after_has_come(session.day)
            session.morning_later = not has_come
            session.morning_wait_hidden = False
            session.morning_elsewhere = False
            # The radios still drawn, hidden: with JavaScript on a first visit (no cookie yet)
            # the browser's own day shows them (data-page-today "": static/js/hipcare.js),
            # and its form sends the zone, which the server then reads.
            session.morning_radios_hidden = not has_come
            begins = timezones.morning_after_begins(session.day)
            session.morning_wait = (
                "Your time zone isn't known (it needs JavaScript): from "
                f"{begins:%H:%M} on {day_text(begins.date(), 'l j F')} (UK time), come back to "
                "say how the hip felt the morning after."
            )
            session.page_today_iso = ""
            either = not has_come
        session.morning_radios = (
            [
                (f"morning-{pk}-{value}", value, label, value == session.morning)
                for value, label in monitoring.MORNINGS
            ]
            if session.changing_morning or (carries and (has_come or either))
            else []
        )
        session.morning_from_iso = (session.day + timedelta(days=1)).isoformat()
        session.change_morning_url = f"{delete_base}morning={pk}"
        session.change_morning_href = f"{delete_base}morning={pk}#session-{pk}"
        session.dom_id = f"session-{pk}"
        session.confirm_delete_url = f"{delete_base}delete={pk}"
        session.confirm_delete_href = f"{delete_base}delete={pk}#delete-{pk}"
        # What deleting it would do (whether the coach is told, and of what), read only where
        # its "Delete this entry?" step is shown: by the function the delete itself runs.
        session.deletion = SimpleLazyObject(
            lambda session=session: services.session_deletion(session=session)
        )
        session.keep_url = f"{delete_base}entry={pk}"
        session.keep_href = f"{keep_base or delete_base}entry={pk}"
        # Set by refused_beside for a refused answer; here for every entry, so the template
        # reads "" rather than a missing attribute (whose lookup raises and lists dir() of
        # the entry: about 40 µs each, twice per entry).
        session.morning_error = session.morning_stale = ""


#: The next-morning answers' words by value, as get_morning_display() reads them (which
#: rebuilds its dict of choices each time: about 10 µs an entry).
MORNING_CHOICES = dict(SessionLog.Morning.choices)


#: Said, as a refusal, when the runner acts on an entry deleted since the page was loaded.
ENTRY_GONE = "That entry was already deleted (perhaps in another tab), so nothing was changed."
MORNING_ENTRY_GONE = (
    "That entry was deleted (perhaps in another tab), so your next-morning answer was not "
    "saved. If you still want to, log the session again."
)


def _answer(
    request: HtmxHttpRequest,
    routine: Routine,
    *,
    form=None,
    notice: str = "",
    error: str = "",
    focus: str = "advice",
    status: int = 200,
    pending_advice=None,
    gone: str = "",
    back: str = "",
    just_logged=None,
) -> HttpResponse:
    """After a change: the log section for htmx; otherwise back to the page (or, for bad
    input, the page again with the form and its messages). `pending_advice`: the advice for
    the warning signs of an entry that was not saved (submitted_advice). `gone`: nothing was
    done because the entry is no longer in the log (deleted in another tab), said as a
    refusal, focused. `back`: the runner's own page the change was made on, when not the
    runner's page (back_url): without JavaScript the answer goes back there, its message at
    the top of the page. `just_logged`: the entry just logged (session_create): its advice
    comes first when more urgent than the advice now (_just_logged_advice); without
    JavaScript the runner's page is asked for it (`?logged=<id>`, no #fragment: a browser
    landing on one skips `autofocus`)."""
    items = list(_items(routine))
    if request.htmx:
        context = shared_log_context(
            routine,
            items,
            form=form,
            focus="" if gone else focus,
            pending_advice=pending_advice,
            just_logged=just_logged.pk if just_logged else None,
        )
        context.update(notice=notice, log_error=error, log_gone=gone)
        return render_log(request, context, status=status)
    # Without JavaScript the page comes back focused on the message saying what was done (or
    # not), at the top of the page (FOCUS_MESSAGE, base.html): at #action-message, since a
    # redirect without a fragment keeps the form action's (#log, #session-<id>), which would
    # cancel the message's autofocus.
    if gone:
        messages.warning(request, gone, extra_tags=FOCUS_MESSAGE)
        return redirect(f"{back or routine.get_share_url()}#action-message")
    if status >= 400:
        # The whole page, with the form as entered. Imported here: routines.views imports
        # this module for the log's context.
        from routines.views import shared_page

        return shared_page(
            request,
            token=routine.share_token,
            form=form,
            status=status,
            error=error,
            pending_advice=pending_advice,
        )
    if notice:
        # Focused where nothing else on the page it lands on is (a #fragment below).
        messages.success(request, notice, extra_tags=FOCUS_MESSAGE if back else "")
    if back:
        return redirect(f"{back}#action-message" if notice else f"{back}#main")
    if (
        just_logged is not None
        and just_logged.advice == SessionLog.Advice.STOP
        and routine.sessions.filter(day__gt=just_logged.day).exists()
    ):
        # Logged for a day before the log's latest: the advice now (#advice) is not about it.
        return redirect(f"{routine.get_share_url()}?logged={just_logged.pk}")
    return redirect(f"{routine.get_share_url()}#{focus or 'log'}")


def back_url(request: HtmxHttpRequest, routine: Routine) -> str:
    """The page a plain form (no htmx) was sent from, from its `next` field, when it is one of
    this link's own pages other than the runner's page: the log's history page, or an
    earlier-sessions page (`?page=<n>`). Anything else (another site, another link, another
    path, a query of another kind) is "" (the runner's page)."""
    if request.htmx:
        return ""
    value = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.fragment:
        return ""
    token = routine.share_token
    if parts.path == reverse("session_history", args=[token]) and not parts.query:
        return parts.path
    if parts.path == reverse("session_list", args=[token]) and (
        not parts.query or _EARLIER_QUERY.fullmatch(parts.query)
    ):
        return value
    return ""


_EARLIER_QUERY = re.compile(r"page=[0-9]{1,9}")


@sensitive_post_parameters()
@never_cache
@require_POST
@form_time_zone
@_link_gone_in_place
@once_per_submission(
    replayed=ALREADY_LOGGED, resent=lambda request, token: _log_resent(request, token)
)
def session_create(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """POST /r/<token>/sessions/: log a session (see routines/session_forms.py for the
    fields)."""
    routine = _shared(token)
    items = list(_items(routine))
    form = _new_form(routine, items, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        same = _sent_again(request, routine, data)
        if same is not None:
            notice = _sent_again_notice(same)
            return _answer(request, routine, notice=notice, just_logged=same)
        try:
            session = services.session_log(
                routine=routine,
                day=data["date"],
                pain=data["pain"],
                done=data["done_items"],
                morning=data["morning"],
                warning_signs=data["warning"],
                note=data["note"],
                done_as_listed=data["done_as_listed"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            notice = _logged_notice(routine, session)
            if data["done_as_listed"]:
                notice += routine_changed_notice(session, data["done_as_listed"])
            return _answer(request, routine, notice=notice, just_logged=session)
    return _form_again(request, routine, form)


def _form_again(request: HtmxHttpRequest, routine: Routine, form) -> HttpResponse:
    """The log form back with what was sent and why nothing was logged (422), with the advice
    for any warning sign ticked, which then takes the focus."""
    pending = submitted_advice(request, pain=form.cleaned_data.get("pain"))
    return _answer(
        request,
        routine,
        form=form,
        focus="pending-advice" if pending else "log-form",
        status=422,
        pending_advice=pending,
    )


def _log_resent(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The log form sent again with its key after Back, with other answers: logging it could
    log a session twice, so the form comes back with what was sent (a fresh key), nothing
    logged, and the advice for any warning sign ticked."""
    routine = _shared(token)
    form = _new_form(routine, list(_items(routine)), request.POST)
    form.is_valid()
    form.add_error(None, RESENT)
    return _form_again(request, routine, form)


def routine_changed_notice(session: SessionLog, as_listed) -> str:
    """Said after logging ticks for exercises the coach removed or swapped while the page was
    open (`as_listed`, the form's done_as_listed): that the routine changed, and that what the
    runner ticked is logged as their page showed it. One query, only then."""
    refs = {pk for pk, _side, _exercise in as_listed}
    names = list(
        dict.fromkeys(
            session.done.filter(item_ref__in=refs)
            .order_by("pk")
            .values_list("exercise_name", flat=True)
        )
    )
    return (
        f" Your coach changed the routine while your page was open: {', '.join(names)} "
        f"{'is' if len(names) == 1 else 'are'} logged as you did "
        f"{'it' if len(names) == 1 else 'them'}, and the form below shows the routine as it "
        "is now."
    )


#: How long after an entry the same answers from another rendering of our form are that form
#: sent again (Back and send, without JavaScript: _sent_again). Shorter than any session of
#: exercises: a second identical session the same day (a dose of two a day) is logged.
SENT_AGAIN_WITHIN = timedelta(minutes=10)


def _sent_again_notice(same: SessionLog) -> str:
    """What a log form refused by :func:`_sent_again` says: that the same answers within
    SENT_AGAIN_WITHIN of an entry are taken as that entry sent twice, and how to log a real
    second session (change an answer, such as the note, or wait)."""
    minutes = int(SENT_AGAIN_WITHIN.total_seconds() // 60)
    return (
        f"{ALREADY_LOGGED} Your entry for {dateformat.format(same.day, 'l j F')} has these "
        f"same answers, and the same answers sent within {minutes} minutes are read as one "
        "entry sent twice, so nothing was added. Logging a second session? Add a word to "
        f"the note, or log it once {minutes} minutes have passed."
    )


def _sent_again(request: HtmxHttpRequest, routine: Routine, data: dict) -> SessionLog | None:
    """The entry this log form repeats, or None: without JavaScript, the browser's Back button
    after logging shows the runner's page fetched afresh (never_cache), so with a new one-time
    key (hipcare/submissions), and puts back what was typed; sending it again passed the key
    and logged the entry twice. The same rendered form sent again (a double click, a reload,
    its key kept) never reaches here: hipcare.submissions claims its key once (a unique row,
    in the view's transaction). A form of ours drawn afresh (another key) whose every answer
    (day, pain, what was done, next morning, warning signs, note) is an entry's logged on
    this link in the last SENT_AGAIN_WITHIN, minutes, less than a session of exercises takes,
    is that form again. Later, the same answers are a second session of the day (a dose may
    ask for two), and logged. A request without a key (not one of our forms) is logged as
    sent."""
    if not request.POST.get("submission"):
        return None
    signs = sorted(set(data["warning"]))
    done = [*data["done_items"], *((pk, side) for pk, side, _ex in data["done_as_listed"])]
    wanted = {(pk, side or SessionItem.Side.ALL) for pk, side in done}
    candidates = SessionLog.objects.filter(
        routine=routine,
        day=data["date"],
        pain=data["pain"],
        morning=data["morning"] or "",
        note=data["note"],
        created__gte=timezone.now() - SENT_AGAIN_WITHIN,
    ).order_by("-created", "-pk")
    for session in candidates:
        if sorted(session.warning_signs or ()) != signs:
            continue
        if set(session.done.values_list("item_ref", "side")) == wanted:
            return session
    return None


def _logged_notice(routine: Routine, session: SessionLog) -> str:
    """What the runner is told after logging `session`: its day's name, and, whenever the
    advice the log section shows is about another day (the advice now is the latest day's, or
    an earlier day's emergency carried over: monitoring.advise_current), that it is not about
    the entry just logged, naming that day. Only the advice of an entry told to stop (or to
    get care) that is more urgent than the advice now comes first, and says so itself
    (_just_logged_advice, routines/_logged_advice.html): no note then. Read from the log as
    the page shows it (log_context), so the note and the advice shown agree."""
    day = session.day
    notice = f"Logged your session of {dateformat.format(day, 'l j F')}."
    if not routine.sessions.filter(day__gt=day).exists():
        return notice
    context = log_context(routine, ticks=False)
    _just_logged_advice(context, session.pk, autofocus=False)
    advice = context["advice"]
    if context["logged_advice"] is not None or advice is None or advice.day == day:
        return notice
    latest = context["latest_session"]
    about = (
        "your latest session" if latest is not None and latest.day == advice.day else "your session"
    )
    return notice + (
        f" The advice below is about {about}, on {dateformat.format(advice.day, 'l j F')}, "
        "not the one you just logged."
    )


def entry_focus(confirm_delete: int | None, entry: int | None) -> str:
    """What an entry's step focuses: its "Delete this entry?" question, else the entry (its
    radios opened again, or back at it after "Keep it")."""
    if confirm_delete:
        return f"delete-{confirm_delete}"
    return f"session-{entry}" if entry else ""


def entry_id(value: str) -> int | None:
    """An entry's id from the address (`?delete=`, `?morning=`), or None if it is not one:
    ASCII digits only (str.isdigit() also accepts "²", which int() refuses) and fewer than 19
    of them (within a 64-bit integer)."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def _entry_step(
    request: HtmxHttpRequest,
    routine: Routine,
    *,
    confirm_delete: int | None = None,
    change_morning: int | None = None,
    kept: int | None = None,
) -> HttpResponse:
    """The log section (htmx) with one entry's step in its place, focused: its "Delete this
    entry?" step (`confirm_delete`) or its next-morning radios with its answer ticked
    (`change_morning`); or the entry itself, as it is, after "Keep it" (`kept`)."""
    pk = confirm_delete or change_morning or kept
    focus = f"delete-{confirm_delete}" if confirm_delete else f"session-{pk}"
    gone = not routine.sessions.filter(pk=pk).exists()
    context = shared_log_context(
        routine, list(_items(routine)), focus="" if gone else focus, change_morning=change_morning
    )
    context["confirm_delete"] = confirm_delete
    context["log_gone"] = ENTRY_GONE if gone else ""
    return render_log(request, context)


@_link_gone_in_place
def confirm_delete_partial(request: HtmxHttpRequest, token: str, session_pk: int):
    """For htmx, GET /r/<token>/?delete=<id> (routines.views.shared_routine): the log with
    that entry's "Delete this entry?" step in its place, focused."""
    return _entry_step(request, _shared(token), confirm_delete=session_pk)


@_link_gone_in_place
def kept_entry_partial(request: HtmxHttpRequest, token: str, session_pk: int):
    """For htmx, GET /r/<token>/?entry=<id> (an entry's "Keep it", or "Keep" its answer): the
    log with that entry as it is, focused, so the keyboard is back where the step began."""
    return _entry_step(request, _shared(token), kept=session_pk)


@_link_gone_in_place
def change_morning_partial(request: HtmxHttpRequest, token: str, session_pk: int):
    """For htmx, GET /r/<token>/?morning=<id> (an answered entry's Change link): the log with
    that entry's next-morning radios in its place, its answer ticked, focused."""
    return _entry_step(request, _shared(token), change_morning=session_pk)


def _earlier_page(routine: Routine, number) -> tuple:
    """The page `number` of the entries older than the runner's page lists, newest first,
    with what each shows. The runner's page lists the newest RECENT_SHOWN of the weeks shown;
    this lists everything after those (so older entries, out of the chart's weeks, too)."""
    since = log_since(timezone.localdate())
    shown = len(routine.sessions.filter(day__gte=since).values_list("pk", flat=True)[:RECENT_SHOWN])
    paginator = Paginator(routine.sessions.all()[shown:], EARLIER_PER_PAGE)
    page = paginator.get_page(number)
    sessions = list(page.object_list)
    done = _done_by_session(_ticks().filter(session__in=[session.pk for session in sessions]))
    for session in sessions:
        _with_done(session, done[session.pk])
    return page, sessions


def _read_days(routine: Routine, sessions) -> tuple[dict[date, int], list[SessionLog]]:
    """For an earlier-sessions page, in one query of the entries of its days and the two weeks
    before them (a day's entries may be split between pages, and its advice reads the log
    before it): each session's `day_advice` (with_day_advice); returns the carriers of the
    days' next-morning answers (_carrier_ids) and every entry of those days."""
    if not sessions:
        return {}, []
    days = {session.day for session in sessions}
    first = min(days) - timedelta(days=services.ADVICE_LOOKBACK_DAYS)
    around = list(
        routine.sessions.filter(day__range=(first, max(days))).only(
            # monitoring's Entry reads what the runner was told (SessionLog.told) too.
            "pk",
            "day",
            "pain",
            "morning",
            "warning_signs",
            "created",
            "told_advice",
            "told_care",
        )
    )
    with_day_advice(
        sessions,
        [session.entry() for session in around],
        deleted=DeletedEntryNotice.objects.traces(routine, first),
    )
    same_days = [session for session in around if session.day in days]
    return _carrier_ids(same_days), same_days


@never_cache  # the runner's log is health data: never cached, here or on the way
@require_GET
@_link_gone_in_place
def session_list(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """GET /r/<token>/sessions/earlier/?page=<n>: the entries the runner's page does not list,
    a page at a time, each deletable (`?delete=<id>` shows its "Delete this entry?" step, as
    on the runner's page) and, while it has no next-morning answer, answerable. 404 once the
    link is revoked."""
    return _earlier_sessions_page(
        request,
        _shared(token),
        request.GET.get("page"),
        confirm_delete=entry_id(request.GET.get("delete", "")),
        change_morning=entry_id(request.GET.get("morning", "")),
        kept=entry_id(request.GET.get("entry", "")),
    )


def _earlier_sessions_page(
    request: HtmxHttpRequest,
    routine: Routine,
    number,
    *,
    confirm_delete: int | None = None,
    change_morning: int | None = None,
    kept: int | None = None,
    refused: tuple[int, str] | None = None,
    stale: bool = False,
    status: int = 200,
) -> HttpResponse:
    """An earlier-sessions page (session_list); `refused`: (an entry's id, why its
    next-morning answer sent from this page was refused), shown beside it (refused_beside,
    with `stale`); `kept`: the entry "Keep it" came back to, focused (with its radios open,
    `change_morning`, the entry too)."""
    page, sessions = _earlier_page(routine, number)
    here = f"{reverse('session_list', args=[routine.share_token])}?page={page.number}"
    carriers, day_entries = _read_days(routine, sessions)
    _label_entries(
        routine,
        sessions,
        delete_base=f"{here}&",
        change_morning=change_morning,
        carriers=carriers,
        day_entries=day_entries,
    )
    context = {
        "routine": routine,
        "page": page,
        "log_entries": sessions,
        "confirm_delete": confirm_delete,
        "log_page_url": here,
        "log_back": here,
        "log_focus": entry_focus(confirm_delete, change_morning or kept),
        "log_whole_page": True,
    }
    context.update(_advice_top(routine))
    gone_step(context, routine, confirm_delete or change_morning or kept)
    refused_beside(context, refused, stale=stale)
    response = render(request, EARLIER_TEMPLATE, context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def _advice_top(routine: Routine) -> dict:
    """The top of a page of the runner's entries that is not the runner's page nor the history
    (the earlier-sessions pages): the advice now (monitoring.advise_current over the weeks the
    log reads, as log_context does) when more than "carry on", with the call buttons for an
    emergency (_session_log.html#runner-top), and the reminder of a deleted entry's advice.
    Every page listing the runner's entries says what they are told now."""
    today = timezone.localdate()
    first = log_since(today)
    sessions = list(
        routine.sessions.filter(day__gte=first).only(
            # monitoring's Entry reads what the runner was told (SessionLog.told) too.
            "pk",
            "day",
            "pain",
            "morning",
            "warning_signs",
            "created",
            "told_advice",
            "told_care",
        )
    )
    deleted = (
        DeletedEntryNotice.objects.traces(
            routine, min(first, today) - timedelta(days=monitoring.RECENT_CARE_DAYS)
        )
        if sessions
        else None
    )
    _judged, advice = judge_log(monitoring.chronological(sessions), tuple(deleted or ()))
    top = advice if advice is not None and advice.urgency > 0 else None
    sees = runner_sees(routine, advice, today, traces=deleted, top=top)
    return {
        "top_advice": top,
        "top_advice_id": "advice" if top is not None else "",
        "runner_sees": sees,
        "deleted_reminder": sees.reminder,
        "morning_due": None,
        "morning_due_ahead": None,
        "log_top_oob": None,
        # The call buttons and words for an emergency or a doctor today (without them the
        # block drew no number: the earlier-sessions pages printed "Get emergency care now"
        # with nothing to call).
        **care_context(),
    }


def gone_step(context: dict, routine: Routine, pk: int | None) -> None:
    """An entry's step (`?delete=`, `?morning=`, `?entry=`) asked of a page of entries for an
    entry deleted since the page was loaded (another tab): said on top of the page
    (`log_gone`, _log_refused.html), focused, as the runner's page says it, rather than no
    step and the focus on nothing. An entry listed on the page is there: no query for it."""
    if pk is None or any(entry.pk == pk for entry in context["log_entries"]):
        return
    if not routine.sessions.filter(pk=pk).exists():
        context["log_gone"], context["log_focus"] = ENTRY_GONE, ""


def refused_beside(context: dict, refused: tuple[int, str] | None, *, stale: bool = False) -> None:
    """A next-morning answer refused on a page of entries: its reason beside the entry
    (`morning_error`), which takes the focus; on top of the page (`log_error`) when the entry
    is not on it (moved to another page by an entry logged since). `stale`: refused because
    the day's answer was given or changed elsewhere (services.MorningChanged): the reason says
    it all, beside the entry as an alert (`morning_stale`), else on top (`log_stale`)."""
    if refused is None:
        return
    pk, error = refused
    entry = next((entry for entry in context["log_entries"] if entry.pk == pk), None)
    if entry is None:
        context["log_stale" if stale else "log_error"] = error
        return
    if stale:
        entry.morning_stale = error
    else:
        entry.morning_error = error
    context["log_focus"] = entry.dom_id


@never_cache  # the runner's log is health data: never cached, here or on the way
@require_GET
@_link_gone_in_place
def session_history(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """GET /r/<token>/log/: the log's history (the last six weeks' chart and week table, the
    newest entries, the link to the earlier ones). The runner's page, as first opened, links
    here rather than showing it (routines.views.shared_page), so opening the routine or the
    form costs less: with htmx the page's history region loads this partial when scrolled
    into view, its entries' steps asked of the runner's page as there; without JavaScript
    (and for a history restore) this is a page of its own (routines/history.html),
    whose entries' steps (`?delete=<id>`, `?morning=<id>`) are asked of this page, as on the
    earlier-sessions pages. 404 once the link is revoked."""
    from routines.views import _counted_items_of, routine_by_token  # routines.views imports it

    # With the catalogue version (for the items' cache key) and the sessions' count, in one
    # query; not its coach, whom the history does not name, nor the days its entries are on,
    # which only the runner's page as first opened says. Its items as the counts and the
    # week table read them (CountedItem): the history shows no log form.
    routine = routine_by_token(token, with_owner=False, with_days=False)
    items = _counted_items_of(routine)
    total = routine.session_total
    if request.htmx:
        context = shared_log_context(routine, items, total=total)
        # What the partial asks that only the page sets: a value, not a failed lookup each.
        context.update(history_page=False, confirm_delete=None)
        cached_fragments(request, context, _summary_fragment(context))
        return render(request, f"{LOG_TEMPLATE}#log-history", context)
    return _history_page(
        request,
        routine,
        items,
        total=total,
        confirm_delete=entry_id(request.GET.get("delete", "")),
        change_morning=entry_id(request.GET.get("morning", "")),
        kept=entry_id(request.GET.get("entry", "")),
    )


def _history_page(
    request: HtmxHttpRequest,
    routine: Routine,
    items,
    *,
    total: int | None = None,
    confirm_delete: int | None = None,
    change_morning: int | None = None,
    kept: int | None = None,
    refused: tuple[int, str] | None = None,
    stale: bool = False,
    status: int = 200,
) -> HttpResponse:
    """The log's history as a page (session_history without htmx); `kept`: the entry "Keep
    it" came back to, focused; `refused`: (an entry's
    id, why its next-morning answer sent from this page was refused), shown beside it
    (`stale`: refused as given or changed in another tab, refused_beside); `total`: the
    routine's number of sessions when the caller read it (else counted)."""
    here = reverse("session_history", args=[routine.share_token])
    context = shared_log_context(
        routine,
        items,
        focus=entry_focus(confirm_delete, change_morning or kept),
        total=total,
        page_url=here,
        change_morning=change_morning,
    )
    context.update(
        log_htmx=False, confirm_delete=confirm_delete, history_page=True, log_whole_page=True
    )
    # What the page's top and refusal parts ask that only other pages set: a value, not a
    # failed lookup each.
    for name in (
        "log_top_oob",
        "morning_due",
        "morning_due_ahead",
        "log_error",
        "log_stale",
        "log_gone",
    ):
        context.setdefault(name, None)
    gone_step(context, routine, confirm_delete or change_morning or kept)
    refused_beside(context, refused, stale=stale)
    # The page's links to its stylesheets and scripts and, for a visitor not signed in, its
    # header, as the runner's page reads them (routines.views.shared_page): the same for every
    # visitor, nothing of the log; in the one cache read with the history's own cached parts.
    from routines.views import _anonymous_header  # routines.views imports this module

    cached_fragments(
        request,
        context,
        {
            **_summary_fragment(context),
            "head_assets_html": static_links("base.html#head-assets", "head-assets"),
            "history_assets_html": static_links(
                f"{HISTORY_TEMPLATE}#history-assets", "history-assets"
            ),
            **_anonymous_header(request),
        },
    )
    # The history itself rendered on its own and placed in the page as markup, as the htmx
    # request renders it: inside the page's layout (base.html's blocks) its loops ran a dozen
    # frames deeper, past CPython 3.11's data-stack chunk edge under gunicorn (bench/stack.py).
    context["log_history_html"] = render_to_string(f"{LOG_TEMPLATE}#log-history", context, request)
    response = render(request, HISTORY_TEMPLATE, context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def _summary_fragment(context: dict) -> dict[str, Fragment]:
    """The history's cached chart and counts, when nothing is logged in the weeks shown (see
    log_fragments); never the form's, which the history does not show."""
    return log_fragments({**context, "log_form_sent": True})


def _shared_session(token: str, session_pk: int) -> tuple[Routine, SessionLog | None]:
    routine = _shared(token)
    return routine, routine.sessions.filter(pk=session_pk).first()


@sensitive_post_parameters()
@never_cache
@require_POST
@form_time_zone
@_link_gone_in_place
# Sent again after Back with another answer: the form's `was` is the day's answer as drawn, so
# the view itself refuses it as stale (409, showing the answer as it is now) or sets it.
@once_per_submission(checks_itself=True)
def session_morning(request: HtmxHttpRequest, token: str, session_pk: int) -> HttpResponse:
    """POST /r/<token>/sessions/<id>/morning/ with `morning`: better, same or worse."""
    routine, session = _shared_session(token, session_pk)
    back = back_url(request, routine)
    if session is None:
        return _answer(request, routine, gone=MORNING_ENTRY_GONE, back=back)
    form = MorningForm(request.POST)
    if not form.is_valid():
        return _morning_refused(request, routine, session, form.errors["morning"][0], back)
    data = form.cleaned_data
    offset = runner_offset(routine)
    if not timezones.morning_after_has_come(session.day, runner_offset=offset):
        # Not surely begun for the runner (the log's form checks the same): on their clock
        # where known, else (no JavaScript, and never with it) not yet everywhere.
        cautious = not timezones.zone_known() and offset is None
        refusal = (
            morning_not_known(session.day) if cautious else services.morning_too_early(session.day)
        )
        return _morning_refused(request, routine, session, refusal, back)
    try:
        answer = services.session_set_morning(
            session=session, morning=data["morning"], was=data["was"]
        )
    except services.MorningChanged as stale:
        return _morning_stale(request, routine, stale, back)
    except ValidationError as error:
        return _morning_refused(request, routine, session, error.messages[0], back)
    if not answer.changed:
        notice = "That next-morning answer was already saved: nothing changed."
    elif answer.before:
        notice = "Changed how the next morning felt."
    else:
        notice = "Added how the next morning felt."
    return _answer(request, routine, notice=notice, focus="advice", back=back)


def _morning_stale(
    request: HtmxHttpRequest, routine: Routine, stale: services.MorningChanged, back: str
) -> HttpResponse:
    """A next-morning answer refused as stale (409: the day's answer was given or changed in
    another tab since the page was drawn; services.session_set_morning): the page it was sent
    from again, with the entry that carries the day's answer showing what it says now, the
    refusal beside it (red, role=alert; at the top of the log when the entry is not listed
    there) and the focus on it, so the runner can change it again knowingly."""
    refused = (stale.entry_pk, stale.messages[0])
    if back:
        return _refused_on_page(request, routine, back, refused, stale=True, status=409)
    if request.htmx:
        context = shared_log_context(
            routine, list(_items(routine)), focus=f"session-{stale.entry_pk}"
        )
        refused_beside(context, refused, stale=True)
        return render_log(request, context, status=409)
    from routines.views import shared_page  # routines.views imports this module

    return shared_page(request, token=routine.share_token, stale=refused, status=409)


def _morning_refused(
    request: HtmxHttpRequest, routine: Routine, session: SessionLog, error: str, back: str
) -> HttpResponse:
    """A next-morning answer refused (422: no choice, a value not offered, its morning not
    come): the page it was sent from again, the error beside the entry and the focus on it.
    Without JavaScript from the history page or an earlier-sessions page (`back`), that page,
    the entry's radios shown again (ticked as they were, for an answer being changed);
    otherwise the runner's page, or the log for htmx, with the error above the log."""
    if not back:
        return _answer(request, routine, error=error, focus=f"session-{session.pk}", status=422)
    change = session.pk if session.morning else None
    return _refused_on_page(
        request, routine, back, (session.pk, error), change_morning=change, status=422
    )


def _refused_on_page(
    request: HtmxHttpRequest,
    routine: Routine,
    back: str,
    refused: tuple[int, str],
    *,
    change_morning: int | None = None,
    stale: bool = False,
    status: int,
) -> HttpResponse:
    """A next-morning answer refused, on the history page or the earlier-sessions page it was
    sent from (`back`, from back_url): that page again, the refusal beside the entry."""
    parts = urlsplit(back)
    if parts.path == reverse("session_list", args=[routine.share_token]):
        number = parts.query.partition("=")[2] or None  # back_url allows only ?page=<n>
        return _earlier_sessions_page(
            request,
            routine,
            number,
            change_morning=change_morning,
            refused=refused,
            stale=stale,
            status=status,
        )
    from routines.views import _items_of  # routines.views imports this module

    return _history_page(
        request,
        routine,
        _items_of(routine),
        change_morning=change_morning,
        refused=refused,
        stale=stale,
        status=status,
    )


@never_cache
@require_POST
@_link_gone_in_place
@once_per_submission
def session_delete(request: HtmxHttpRequest, token: str, session_pk: int) -> HttpResponse:
    """POST /r/<token>/sessions/<id>/delete/: the runner deletes an entry, in two steps. Without
    `confirm=yes` nothing is deleted: the log comes back with a "Delete this entry?" step in
    the entry's place (the partial for htmx, the page otherwise). Deleting one that is already
    gone (another tab, a double click) says so (ENTRY_GONE)."""
    routine, session = _shared_session(token, session_pk)
    if session is not None and request.POST.get("confirm") != "yes":
        focus = f"delete-{session.pk}"
        if request.htmx:
            return _entry_step(request, routine, confirm_delete=session.pk)
        from routines.views import shared_page

        return shared_page(request, token=token, focus=focus, confirm_delete=session.pk)
    back = back_url(request, routine)
    if session is None:
        return _answer(request, routine, gone=ENTRY_GONE, back=back)
    notice = "Entry deleted."
    trace = services.session_delete(session=session)
    if trace is not None:
        notice += f" {_told_the_coach(trace)}"
    return _answer(request, routine, notice=notice, focus="log", back=back)


def _told_the_coach(trace: DeletedEntryNotice) -> str:
    """What the runner is told about the trace a deleted entry leaves for the coach (when its
    advice was to stop or ease back, or more: services.session_delete)."""
    told = (
        f"Your coach will see that an entry from {dateformat.format(trace.day, 'l j F')} "
        f"that advised {trace.advised} was deleted, and nothing else of it."
    )
    if trace.advice in REMINDED_ADVICE:
        until = trace.day + timedelta(days=monitoring.RECENT_CARE_DAYS)
        if until >= timezone.localdate():
            told += (
                " This page keeps reminding you of its advice until "
                f"{dateformat.format(until, 'l j F')}."
            )
    return told


# The coach's side.

CSV_COLUMNS = (
    "date",
    "worst pain (0-10)",
    "next morning",
    # Each entry's own advice, with where it came from when the entries before it gave it
    # ("(because of the warning sign on Sun 29 Nov)": _advice_because), as the coach's panel
    # lists it; the day's reads every entry of the day (with_day_advice).
    "advice (this entry)",
    "warning signs",
    "exercises done",
    "note",
    "logged at (UTC)",
    # The advice as it stood for the entry's day once every entry of that day is read
    # (monitoring.advice_by_day), which the runner's log and the coach's panel show beside an
    # entry's own where the two differ ("The day's advice: ease back"); here on every row.
    # Last, so the columns before it keep their places.
    "advice (the day)",
    # What the runner was told right after logging the entry: the advice their page showed,
    # from every entry logged up to it (monitoring.told_after_entry, the coach's stop cards'
    # and the list's reading), so signs ticked in two entries that together call for more
    # (a weak leg, then numbness: emergency care) are said on the entry that set it off, a
    # back-dated one too; an entry logged later is not read into it; never less than the
    # entry stored it told (_told_after_cell).
    "told after this entry",
)
#: The note of a row for an entry the runner deleted (session_log_csv).
CSV_DELETED_NOTE = "entry deleted by the runner"
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


@never_cache
@require_GET
@coach_required
def session_log_csv(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The routine's whole log as CSV, oldest first. Only the routine's own coach."""
    routine = get_object_or_404(Routine.objects.owned_by(request.user), pk=pk)
    sessions = routine.sessions.order_by("day", "created", "pk").prefetch_related(
        # As the page lists them: in the order they were logged (see _sessions).
        Prefetch("done", SessionItem.objects.annotate(name=DONE_NAME).order_by("pk"))
    )
    filename = f"hipcare-log-{slugify(routine.title)[:60] or 'routine'}-{routine.pk}.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
    # A byte order mark first (UTF-8 "sig"), so Excel reads the file as UTF-8 and shows emoji,
    # accents and Arabic in notes as written.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    sessions = list(sessions)
    entries = [session.entry() for session in sessions]
    read = {(entry.day, entry.logged): entry for entry in entries}
    # Deleted entries' stop or care advice, read as those entries were (monitoring.advise).
    deleted = DeletedEntryNotice.objects.traces(routine, date.min) if sessions else []
    judged = monitoring.Judged(entries, deleted=deleted)
    by_day = monitoring.advice_by_day(
        judged.ordered, {session.day for session in sessions}, judged=judged
    )
    # The coach's panel shows a card for each deleted entry that advised easing back or more
    # until marked seen: so does the file, a row each on its day (after that day's entries),
    # with the advice it gave and nothing else of it (DeletedEntryNotice keeps nothing else).
    notices = list(routine.deleted_entry_notices.unseen().order_by("day", "deleted", "pk"))

    def deleted_rows(before=None):
        while notices and (before is None or notices[0].day < before):
            notice = notices.pop(0)
            row = [""] * len(CSV_COLUMNS)
            row[0] = notice.day.isoformat()
            row[CSV_COLUMNS.index("advice (this entry)")] = _cell(notice.get_advice_display())
            row[CSV_COLUMNS.index("note")] = CSV_DELETED_NOTE
            writer.writerow(row)

    for session, about in zip(sessions, entries, strict=True):
        deleted_rows(before=session.day)
        because = _advice_because(session, entries, read, deleted=deleted, coach=True)
        # The entry's advice now, as the coach's panel lists it, and what the runner was told
        # where that was more (judged again since: an earlier entry deleted...).
        advice = f"{session.advice_label} ({because})" if because else session.advice_label
        if session.lowered:
            advice += f"; {session.lowered_for_coach.lower()}"
        elif session.raised_note:
            # Shown only after it was logged: what it said then, and what showed more.
            advice += f"; {session.raised_note}"
        writer.writerow(
            [
                session.day.isoformat(),
                session.pain,
                _morning_cell(session),
                advice,
                _cell("; ".join(session.warning_sign_labels())),
                _cell(
                    "; ".join(
                        _done_names([(d.item_id, d.side, d.name) for d in session.done.all()])
                    )
                ),
                _cell(session.note),
                session.created.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
                by_day[session.day].label,
                _told_after_cell(session, entries, about, deleted=deleted),
            ]
        )
    deleted_rows()
    return response


def _told_after_cell(session: SessionLog, entries: list, about, *, deleted=()) -> str:
    """The CSV's "told after this entry": what the runner's page showed right after it
    (monitoring.told_after_entry), never less than what the entry stored it told
    (SessionLog.told: an entry judged lower since, its next-morning answer changed, still
    says what they read then); for a "stop", what its card says (stop_told)."""
    if session.told_advice == SessionLog.Advice.STOP:
        told = stop_told(session, entries, about, deleted=deleted).told
    else:
        shown = monitoring.told_after_entry(entries, about, deleted=deleted)
        told = max(session.told, shown.care or shown.level, key=monitoring.told_urgency)
    return told.label


def _morning_cell(session: SessionLog) -> str:
    """The CSV's next-morning answer, with the answer first given and when it was changed
    where the runner changed it (the advice they were told rests on the first)."""
    now = session.get_morning_display() if session.morning else ""
    if not session.morning_changed:
        return now
    when = session.morning_changed_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{now} (changed on {when}; first answered {session.first_morning_label})".lstrip()


def _after_seen(
    request: HtmxHttpRequest, routine: Routine, notice: str, *, done: bool = True
) -> HttpResponse:
    """After "Mark as seen": the notice, flagged for the follow-up panel (which shows it at its
    top and focuses it; `done` False, nothing was marked, shows it as a refusal), and for htmx
    the panel alone, swapped in place; otherwise back to the builder, whose panel shows it,
    focused."""
    (messages.success if done else messages.warning)(request, notice, extra_tags="follow-up")
    if request.htmx:
        context = {"routine": routine, **followup_context(routine)}
        return render(request, "routines/_followup.html", context)
    # No #follow-up: a browser does not autofocus on a page opened at a fragment, and the
    # notice's autofocus brings the panel into view.
    return redirect(routine.get_absolute_url())


@require_POST
@coach_required
@once_per_submission
def deleted_entry_seen(request: HtmxHttpRequest, pk: int, notice_pk: int) -> HttpResponse:
    """The coach has seen that the runner deleted an entry that advised stopping or easing
    back: that notice goes, the others stay (services.deleted_entry_notice_seen). A second
    click, or a second tab, is told it was already marked; another coach's routine is a
    404."""
    routine = get_object_or_404(Routine, owner=request.user, pk=pk)
    notice = services.deleted_entry_notice_seen(routine=routine, notice_pk=notice_pk)
    if notice is not None:
        what = f"{notice.day:%a %-d %b} ({monitoring.short_name(notice.advice)})"
        message = f"Marked as seen: the deleted entry of {what}."
        if notice.pk is None:
            message += " HipCare keeps nothing of it."
        else:  # kept for the runner's reminder (DeletedEntryNotice)
            until = notice.day + timedelta(days=monitoring.RECENT_CARE_DAYS)
            message += (
                " HipCare keeps only its day and advice, to remind the runner of that advice "
                f"on their page until {until:%a %-d %b}."
            )
        return _after_seen(request, routine, message)
    message = "Not done: that deleted entry was already marked as seen."
    return _after_seen(request, routine, message, done=False)


@require_POST
@coach_required
@once_per_submission
def session_seen(request: HtmxHttpRequest, pk: int, session_pk: int) -> HttpResponse:
    """The coach marks one "stop" on the runner's log as seen, that one only (each card has
    its own button): the builder stops keeping it at the top of the follow-up panel. A double
    click is told it was already marked; an entry the runner has since deleted says so.
    Another coach's routine is a 404."""
    routine = get_object_or_404(Routine, owner=request.user, pk=pk)
    session = routine.sessions.filter(pk=session_pk).first()
    if session is None:
        message = (
            "Not done: the runner has deleted that entry. If it advised stopping, the panel "
            "says so in its place."
        )
        return _after_seen(request, routine, message, done=False)
    # Named as its card names it (the day's advice so far where that says more than the
    # entry alone: numbness in one entry and a weak leg in the next is an emergency card).
    card = next(
        (stop for stop in followup_context(routine)["unseen_stops"] if stop.pk == session.pk),
        None,
    )
    named = card.card_short_name if card is not None else monitoring.short_name(session.told)
    if services.session_mark_seen(routine=routine, session_pk=session_pk):
        what = f"{named} on {session.day:%a %-d %b}"
        message = f"Marked as seen: the {what}. The entry stays in the runner's log."
        return _after_seen(request, routine, message)
    message = "Not done: that entry was already marked as seen. It stays in the runner's log."
    return _after_seen(request, routine, message, done=False)


def next_steps(routine: Routine, context: dict | None = None) -> dict[int, followup.NextStep]:
    """The next step per item, when the log shows the runner is ready (monitoring.py), else
    none."""
    context = context or log_context(routine)
    if not context["log_sessions"]:
        return {}  # ready_to_progress needs a session: no summary, no items to read
    summary = context["summary"]
    entries = [session.entry() for session in context["log_sessions"]]
    ready = monitoring.ready_to_progress(
        entries,
        sessions_done=summary.recent_done,
        sessions_due=summary.recent_due,
        today=context["log_last_day"],
    )
    if not (ready and summary.full_window):
        return {}
    items = context["log_items"]
    in_routine = {item.exercise_id for item in items}
    steps = {}
    versions = None
    for item in items:
        harder = getattr(item.exercise, "published_harder", None)
        if harder is None:  # items passed in without the prefetch (the builder's): the cache
            versions = versions or exercise_versions()
            harder = versions.harder.get(item.exercise_id, [])
        step = followup.next_step(item, harder=harder, in_routine=in_routine)
        if step is not None:
            steps[item.pk] = step
    return steps


def followup_context(
    routine: Routine, items=None, *, logged: bool = True, deleted: bool = True
) -> dict:
    """The builder's follow-up panel: the log, the alert, the entries the runner deleted that
    had advised stopping or easing back (until the coach marks them seen), and the next steps
    when ready. `logged`: as log_context's; `deleted`: False when the caller knows there is
    no such notice (it read that with the routine), which saves the query."""
    context = log_context(routine, items, logged=logged, runner_day=True)
    with_day_advice(
        context["log_sessions"],
        context["log_entries_read"],
        context["advice"],
        context["log_judged"],
        coach=True,
    )
    context["next_steps"] = list(next_steps(routine, context).values())
    context.update(_latest_told(context["log_sessions"], context["advice"]))
    # What the runner's page leads with now, said as the runner sees it (runner_sees): an
    # earlier day's care the advice is held by, a deleted entry's reminder, whatever the
    # cards marked seen.
    sees = runner_sees(
        routine, context["advice"], context["log_today"], traces=context["log_deleted"]
    )
    context["runner_sees"] = sees
    if sees.urgency >= monitoring.Level.STOP.rank:
        context["look"] = "stop"
    # The summary leads with it where it is care from another day, or a deleted entry's,
    # more urgent than what it says of the latest day.
    told = context.get("latest_care_told")
    context["runner_sees_leads"] = (
        sees.day is not None
        and sees.care is not None
        and sees.urgency > (monitoring.told_urgency(told) if told else 0)
    )
    notices = list(routine.deleted_entry_notices.unseen()) if deleted else []
    context["deleted_notices"] = notices
    # An entry's day is the runner's where they logged it: one logged where that day had
    # already begun (Kiritimati's Tuesday while it is Monday here) is after the coach's
    # today, and says so wherever the panel names it (`day_ahead`), as the runner's history
    # does (_label_entries). The stop cards are among the sessions.
    today = context["log_today"]
    for dated in (*context["log_sessions"], *notices):
        dated.day_ahead = dated.day > today
    # The panel's cards, stops and deleted entries together, most urgent first (emergency
    # care, a doctor today, stop, ease back), within a level the latest alert first (a stop
    # when it was logged, a deleted entry when it was deleted), as the coach's list orders
    # routines (views._needing_a_look).
    cards = [(stop.card_told, stop.created, stop, None) for stop in context["unseen_stops"]]
    cards += [(notice.advice, notice.deleted, None, notice) for notice in notices]
    cards.sort(key=lambda card: (-monitoring.told_urgency(card[0]), -card[1].timestamp()))
    context["alert_cards"] = [(stop, notice) for _told, _when, stop, notice in cards]
    return context


def _latest_told(sessions, advice) -> dict:
    """What the panel's summary says the runner was told after the latest day: the advice
    now (`advice`), unless an entry of that day told them more at the time and reads less now
    (judged again since: an earlier entry deleted, a next-morning answer changed). Then
    `latest_told` is what they were told (stop or ease back) and `latest_lowered` the entry
    that told it, whose words say what changed; `look` is the summary's alert level either
    way ("stop", "ease-back" or "")."""
    look = ""
    if advice is not None and advice.needs_a_look:
        look = "stop" if advice.check_symptoms else "ease-back"
    found = {
        "latest_told": None,
        "latest_lowered": None,
        "look": look,
        "latest_care_told": None,
        "care_combined": False,
    }
    if advice is None:
        return found
    day_sessions = [session for session in sessions if session.day == advice.day]
    # The care the runner was told after an entry of that day (SessionLog.told: kept when it
    # was logged, as the list's badge and the CSV read it), where the log read now says less
    # (the entry whose signs combined with its own deleted since): the summary says that.
    kept = [
        session.told
        for session in day_sessions
        if session.told in monitoring.CARE_TIERS
        and monitoring.told_urgency(session.told) > advice.urgency
    ]
    if kept:
        found["latest_care_told"] = max(kept, key=monitoring.told_urgency)
        found["latest_care_label"] = monitoring.told_value(found["latest_care_told"]).label
        found["latest_care_coach_label"] = monitoring.coach_label(found["latest_care_told"])
        found["latest_care_now_words"] = monitoring.advice_now_words(advice)
        found["look"] = "stop"
        return found
    if advice.care:
        # No one sign of the day's entries calls for that care alone: they were told it for
        # the signs read together (over the day, or with the days before).
        found["care_combined"] = not any(
            monitoring.told(SessionLog.Advice.STOP, {key}, pain=session.pain) == advice.care
            for session in day_sessions
            for key in session.warning_signs or ()
        )
    for session in day_sessions:
        if not session.lowered:
            continue
        told = monitoring.Level(session.told_advice)
        if told.rank > advice.level.rank and (
            found["latest_told"] is None or told.rank > found["latest_told"].rank
        ):
            found.update(latest_told=told, latest_lowered=session)
    if found["latest_told"] is not None:
        found["look"] = "stop" if found["latest_told"] is monitoring.Level.STOP else "ease-back"
    else:
        # An entry of that day told the runner less when it was logged than it has since
        # (a deleted entry's hold, a next-morning answer): the summary says so, as its card.
        found["latest_raised"] = next(
            (session for session in day_sessions if getattr(session, "raised_note", "")), None
        )
    return found


def deleted_notices_exist():
    """Whether a routine has notices of deleted entries (for a subquery: `routine` is the
    outer row)."""
    return DeletedEntryNotice.objects.unseen().filter(routine=OuterRef("pk"))
