"""The routine builder: list, create, build, dose, print and share routines.

Who may do what is decided here, in the querysets: a coach's queries only ever select their own
routines (another coach's routine is a 404 on every URL, never fetched and then checked), and
staff may read every routine (list, read-only view, print, PDF) but change only their own.

Every action is a plain form POST that redirects back to the builder; with htmx the same POST
answers with the routine panel alone. Bad input changes nothing: a plain POST gets the page
again with the message and status 400, an htmx POST gets the panel with the message (status
200, because htmx 2 does not swap error responses by default).
"""

import hashlib
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from functools import lru_cache, wraps
from types import SimpleNamespace
from typing import NamedTuple
from urllib.parse import quote, urlsplit

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.text import capfirst, slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from exercises import dosing
from exercises.catalogue import (
    catalogue_version,
    exercise_versions,
    remember_catalogue_version,
)
from exercises.forms import CatalogueFilterForm
from exercises.models import CatalogueVersion, Exercise, Source, Step
from exercises.templatetags.exercise_figures import FigureImage, figure_images
from exercises.views import catalogue_page
from hipcare import timezones
from hipcare.auth import coach_required, is_coach
from hipcare.conditional import conditional_page, page_etag
from hipcare.errorsummary import FOCUS_MESSAGE, autofocus_first_error
from hipcare.fragments import Fragment, ReadAhead, cached_fragments, static_links
from hipcare.http import HtmxHttpRequest
from hipcare.pagination import CountingPaginator
from hipcare.submissions.decorators import RESENT, once_per_submission
from routines import monitoring, services, session_views
from routines.forms import (
    AddItemForm,
    AddToRoutineForm,
    ArchiveForm,
    DuplicateForm,
    MoveItemForm,
    NewRoutineForm,
    PresetForm,
    ReorderForm,
    RoutineFilterForm,
    RoutineForm,
    RoutineItemForm,
    ShareForm,
    SwapItemForm,
    UndoForm,
    handed_off_exercises,
    handed_off_one_side,
    undo_token,
)
from routines.models import (
    REMINDED_ADVICE,
    DeletedEntryNotice,
    Routine,
    RoutineItem,
    SessionLog,
)
from routines.paper import PAPER_SIZES, paper_for_zone, papers_for_zone
from routines.templatetags.routine_sheet import sheet_steps, tick_rows_of
from triage import rules as triage_rules
from triage import starter

LIST_PAGE_SIZE = 20
CATALOGUE_PAGE_SIZE = 10
BUILDER_TEMPLATE = "routines/builder.html"
# The builder's htmx targets and the partial each one gets.
BUILDER_PARTIALS = {"catalogue-results": "catalogue", "routine-panel": "routine"}
DOSE_TEMPLATE = "routines/dose.html"
DUPLICATE_TEMPLATE = "routines/routine_duplicate.html"
WEEKS_TO_LOG = 4  # weeks of tick boxes on the printed routine
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
SHARE_QR_SECONDS = 24 * 60 * 60
# The session key of the latest Undo offer (a removal or a preset, with or without JavaScript),
# shown on the builder while it is valid: never in the address.
UNDO_SESSION_KEY = "routine_undo"
UNDO_OFFER_SECONDS = 10 * 60  # how long the builder keeps offering it


def reader_required(view):
    """Coaches and staff may read routines; anyone else signs in first or gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_staff or is_coach(request.user)):
            raise PermissionDenied("Only coaches can see routines.")
        return view(request, *args, **kwargs)

    return wrapper


# Lookups. Each filters by owner (or, for reading, by what staff may see) in the query itself.


def _own_routine(request: HtmxHttpRequest, pk: int) -> Routine:
    return get_object_or_404(Routine.objects.owned_by(request.user), pk=pk)


ITEM_GONE = (
    "That exercise is no longer in the routine: it was removed, perhaps in another window. "
    "The routine below is up to date."
)


class ItemGone(Exception):
    """An item action named an item that is not in the coach's routine (any more)."""

    def __init__(self, routine: Routine):
        super().__init__(routine.pk)
        self.routine = routine


def _own_item(request: HtmxHttpRequest, pk: int, item_pk: int) -> RoutineItem:
    """The item, in one query. An item no longer in the coach's routine (removed in another
    tab, or an id from another of their routines) raises ItemGone, which answers_gone_items
    turns into the builder as it is now; another coach's routine stays a 404."""
    item = (
        RoutineItem.objects.select_related("routine", "exercise")
        .filter(routine__owner=request.user, routine_id=pk, pk=item_pk)
        .first()
    )
    if item is None:
        raise ItemGone(_own_routine(request, pk))
    return item


def answers_gone_items(view):
    """An action on an item that is gone acts on nothing and shows the routine as it is now,
    saying why: the refreshed panel for htmx (200, so htmx swaps it; retargeted at the panel,
    whichever target asked), otherwise back to the builder with the message. Inside
    once_per_submission, so a second click of the same form is still a replay."""

    @wraps(view)
    def wrapper(request: HtmxHttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ItemGone as gone:
            return _item_gone(request, gone.routine)

    return wrapper


def _item_gone(request: HtmxHttpRequest, routine: Routine) -> HttpResponse:
    if request.htmx:
        # A dose form's GET comes from the builder at htmx's current address.
        return_to = (
            _return_to(request, routine)
            if request.method == "POST"
            else _builder_address(request, routine, request.htmx.current_url or "")
        )
        context = _panel_context(
            routine, return_to=return_to, error=ITEM_GONE, focus="routine-heading"
        )
        response = _render_builder_template(
            request, f"{BUILDER_TEMPLATE}#routine", {**context, "return_to": return_to}
        )
        return reswap(retarget(response, "#routine-panel"), "outerHTML")
    messages.warning(request, ITEM_GONE)
    data = request.POST if request.method == "POST" else request.GET
    builder = _builder_address(request, routine, data.get("next", ""))
    return redirect(f"{builder}#routine-panel")


# The builder page and its two partials.


def _return_to(request: HtmxHttpRequest, routine: Routine) -> str:
    """Where a plain form POST should land: the builder, keeping the catalogue's filters."""
    if request.method == "GET":
        return request.get_full_path()
    return _builder_address(request, routine, request.POST.get("next", ""))


def _builder_address(request: HtmxHttpRequest, routine: Routine, wanted: str) -> str:
    """`wanted` as a local address if it is this routine's builder (with any catalogue
    filters), otherwise the builder itself: never another page or another site."""
    builder = routine.get_absolute_url()
    if (
        wanted
        and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
        and urlsplit(wanted).path == builder
    ):
        return urlsplit(wanted)._replace(scheme="", netloc="", fragment="").geturl()
    return builder


def _panel_context(
    routine: Routine,
    *,
    return_to: str,
    bound_item: RoutineItemForm | None = None,
    preset_form: PresetForm | None = None,
    notice: str = "",
    error: str = "",
    focus: str = "",
    undo: dict | None = None,
    left_alone: list[RoutineItem] | None = None,
    added: dict | None = None,
    reads: ReadAhead | None = None,
) -> dict:
    """What the routine panel shows. Its items carry no dose forms: each is fetched when the
    coach opens it (routine_item_dose), except a form sent back with errors, shown in place.

    `undo`: {"message", "token"} for the Undo button after a removal or a preset; `left_alone`:
    the items a preset did not change; `added`: the exercise just added, its place and how many
    times the routine holds it (for the catalogue card's note); `reads`: where the page reads
    its fragments' data ahead (see hipcare.fragments.ReadAhead).

    `items` are the items' cards (_builder_items), read only when something shown needs them
    (the panel's cached list is missing, or the catalogue's counts): the builder reads their
    number with the routine (`item_total`, see _with_item_total), other callers count them
    here."""
    items = SimpleLazyObject(lambda: _builder_items(routine, reads))
    item_count = getattr(routine, "item_total", None)
    return {
        "routine": routine,
        "items": items,
        # The items' cached list is keyed by it (their figures and swaps come from the catalogue).
        "catalogue_version": catalogue_version(),
        # The item cards with their addresses, worked out only when the panel's cached list is
        # missing.
        "panel_items": SimpleLazyObject(lambda: _with_urls(items, routine, return_to)),
        "bound_item": bound_item,
        # The dose forms on the panel, as (item, form): none, or the one with errors.
        "item_forms": [] if bound_item is None else [(bound_item.instance, bound_item)],
        "item_count": len(items) if item_count is None else item_count,
        # The preset's drop-down: a form sent back with errors is drawn by Django's widget,
        # with its message; otherwise the template writes out these options (the widget's
        # template per option was a twentieth of the builder's full render).
        "preset_form": preset_form,
        "preset_bound": preset_form is not None,
        "preset_options": [
            (value, label, value == routine.level) for value, label in PRESET_CHOICES
        ],
        "preset_help": PRESET_HELP,
        # How many exercises the preset doses: what the routine is labelled with (builder.html).
        "preset_reach": SimpleLazyObject(lambda: builder_reach(routine, items)),
        "notice": notice,
        "error": error,
        "focus": focus,
        "undo": undo,
        "left_alone": left_alone or [],
        "added": added,
    }


BUILDER_ITEMS_SECONDS = 60 * 60


def _builder_items_key(routine: Routine) -> str:
    return (
        # -2: cards carry their preset facts (preset_facts) since; older ones do not.
        f"routines:builder-cards-2:{routine.pk}:{routine.updated.isoformat()}:{routine.level}:"
        f"{catalogue_version()}"
    )


def _builder_items(routine: Routine, reads: ReadAhead | None = None) -> list[dict]:
    """The routine's items as the builder's panel shows them, in order: one card each (see
    _item_cards), from one cache read, else one query. Kept under the routine's last change
    (any change to its items moves `updated`), its dose preset and the catalogue version, as
    the sheet's items are (_items_of): the coach's routine and the catalogue, nothing a runner
    logs. One read in place of the items' query and the reads of the swaps and the
    thumbnails. `reads`: where the page read it ahead, if it did."""
    key = _builder_items_key(routine)
    cards = (reads or cache).get(key)
    if cards is None:
        # In the routine's order; not by RoutineItem's Meta.ordering, which joins the routines.
        items = routine.items.select_related("exercise").order_by("position")
        cards = _item_cards(list(items), routine.preset)
        cache.set(key, cards, timeout=BUILDER_ITEMS_SECONDS)
    return cards


def _item_cards(items: list[RoutineItem], preset: dosing.Preset) -> list[dict]:
    """What each item's card on the builder shows, as plain values in a dict: its place, its
    move's name and address, its thumbnail, its dose in one line, its note, a note when the
    move is harder or easier than the dose preset, and its easier and harder versions (the
    swap buttons) as (kind, slug, name). A dict, not the model: the template finds a dict's
    keys at once (each attribute of a model instance costs it a failed item lookup first),
    and a list of dicts is a fifth of the items' size in the cache, quicker to read back."""
    versions = exercise_versions()
    # Every item's figure from one cache read (with Redis each read is a round trip).
    thumbnails = figure_images([item.exercise for item in items], "end")
    cards = []
    for item in items:
        exercise = item.exercise
        easier = versions.easier.get(exercise.pk, [])
        harder = versions.harder.get(exercise.pk, [])
        # Moves the symptom checker leaves out for pain somewhere (triage.starter), for good or
        # at first (holding the weight on one leg: read from the move's own tags; step work on
        # both feet, which only its equipment tells, has no such card).
        cautions = [
            c
            for c in starter.cautions_for(
                exercise.slug,
                exercise.position,
                unilateral=exercise.unilateral,
                kind=exercise.kind,
            )
            if c.avoid or c.not_at_first
        ]
        cards.append(
            {
                "pk": item.pk,
                "exercise_id": exercise.pk,
                "position": item.position,
                "name": exercise.name,
                # A move withdrawn from the catalogue since it was added (unpublished in admin)
                # stays in the routine, as the runner may be doing it, but its page is gone:
                # no link to a 404, and the card says so (builder.html).
                "exercise_url": exercise.get_absolute_url() if exercise.published else "",
                "withdrawn": not exercise.published,
                "thumbnail": thumbnails.get(exercise.pk),
                # "each side" beside a caution that keeps the move to the painful side says
                # it holds only without that pain (starter.unless_words): none of the cautions
                # shown here does, as each leaves the move out, and says so itself.
                "dose_line": dosing.short_line(
                    item.dose(), unless=starter.unless_words(cautions, runner=False)
                ),
                "coach_note": item.coach_note,
                "difficulty_note": dosing.difficulty_note(exercise.level, preset),
                "cautions": cautions,
                # (takes a weights preset's load, on the preset's dose): for builder_reach.
                "preset_facts": item.preset_facts(preset),
                "variations": [("Easier", v.slug, v.name) for v in easier]
                + [("Harder", v.slug, v.name) for v in harder],
            }
        )
    return cards


def builder_reach(routine: Routine, cards: list[dict]) -> dosing.PresetReach:
    """How many of the routine's exercises its dose preset doses, from the builder's cards."""
    return dosing.preset_reach(routine.preset, [tuple(card["preset_facts"]) for card in cards])


def _with_urls(cards: list[dict], routine: Routine, return_to: str) -> list[dict]:
    """The item cards with their own addresses: the dose page's link keeps the catalogue's
    filters (`return_to`) when there are any."""
    urls = item_urls(routine)
    dose_next = f"?next={quote(return_to, safe='')}" if "?" in return_to else ""
    for card in cards:
        addresses = urls(card["pk"])
        card["move_url"], card["delete_url"] = addresses["move"], addresses["delete"]
        card["swap_url"], card["dose_url"] = addresses["swap"], addresses["dose"]
        card["dose_link"] = addresses["dose"] + dose_next
    return cards


#: The builder's own forms' and links' addresses (builder.html's `routine_urls`), each the
#: builder's address and a suffix, as routines/urls.py lays them out
#: (tests/routines/test_builder.py checks they match reverse()).
BUILDER_URL_SUFFIXES = {
    "edit": "edit/",
    "print": "print/",
    "pdf": "pdf/",
    "duplicate": "duplicate/",
    "archive": "archive/",
    "share": "share/",
    "undo": "undo/",
    "preset": "preset/",
    "reorder": "order/",
    "place_item": "items/place/",
    "add_item": "items/",
}


def builder_urls(routine: Routine) -> dict[str, str]:
    """The addresses builder.html links and posts to, from one reverse() of the builder's own
    (script prefix and all) instead of one {% url %} each: eleven of them were a twelfth of
    the page's CPU with every cached part warm. `builder` is the page itself."""
    builder = routine.get_absolute_url()
    return {
        "builder": builder,
        **{name: builder + suffix for name, suffix in BUILDER_URL_SUFFIXES.items()},
    }


ITEM_URL_NAMES = {
    "move": "move_item",
    "delete": "delete_item",
    "swap": "swap_item",
    "dose": "dose_item",
}


def item_urls(routine: Routine):
    """A function giving an item's move, delete, swap and dose addresses: one reverse() for
    the routine's items/ address (script prefix and all) instead of four per item, the builder's
    largest cost after its figures. Each is `<items/>/<item pk>/<action>/`, as routines/urls.py
    lays them out (tests/routines/test_builder.py checks they match reverse())."""
    prefix = reverse("routines:add_item", args=[routine.pk])

    def urls(item_pk: int) -> dict[str, str]:
        return {key: f"{prefix}{item_pk}/{key}/" for key in ITEM_URL_NAMES}

    return urls


# The preset drop-down's options, which builder.html writes out as PresetForm's widget would.
PRESET_CHOICES = list(PresetForm.base_fields["level"].choices)
PRESET_HELP = (
    "; ".join(f"{preset.label}: {dosing.preset_summary(preset)}" for preset in dosing.Preset)
    + ". With a weights preset, stretches and body-weight moves keep their own dose."
)


def _catalogue_context(
    request: HtmxHttpRequest,
    return_to: str,
    routine: Routine,
    items=None,
    reads: ReadAhead | None = None,
) -> dict:
    """The catalogue's filters and page, each card knowing how often the routine holds its
    move (from the panel's `items` when the page shows both, else one query). Lazy: read only
    when the catalogue's cached fragment is missing; `catalogue_query` (the filters and page
    asked for) is what the fragment is keyed by."""
    query = QueryDict(urlsplit(return_to).query) if request.method != "GET" else request.GET

    def read():
        form, page = _catalogue_page(query, reads)
        if items is None:
            counts = Counter(routine.items.values_list("exercise_id", flat=True))
        else:
            counts = Counter(card["exercise_id"] for card in items)
        for card in page.object_list:
            card["times_in_routine"] = counts[card["pk"]]
        return form, page

    found = SimpleLazyObject(read)
    return {
        "form": SimpleLazyObject(lambda: found[0]),
        "page": SimpleLazyObject(lambda: found[1]),
        "catalogue_query": query,
        "catalogue_version": catalogue_version(),
    }


def _catalogue_key(query: QueryDict) -> str:
    asked = hashlib.sha256(query.urlencode().encode()).hexdigest()[:32]
    return (
        f"builder:catalogue-cards-and-options:{catalogue_version()}:{CATALOGUE_PAGE_SIZE}:{asked}"
    )


def _catalogue_page(query: QueryDict, reads: ReadAhead | None = None):
    """catalogue_page for the builder, the page's cards kept in the cache under the catalogue's
    version and the filters asked for: every routine's builder shows the same catalogue, and
    each change to a routine (which its cached cards are keyed by) would otherwise read it
    again. The filter form's options are kept with them (one cache read for both: with Redis
    each is a round trip). Only the catalogue is kept: nothing of the routine, the coach or a
    runner. The page's rows are cards (_catalogue_cards), not exercises. `reads`: where the
    page read it ahead, if it did."""
    key = _catalogue_key(query)
    kept = (reads or cache).get(key)
    if kept is None:
        form, page = catalogue_page(SimpleNamespace(GET=query), page_size=CATALOGUE_PAGE_SIZE)
        kept = (
            _catalogue_cards(page.object_list),
            page.number,
            page.paginator.count,
            form.showing_results_for,
            form.options,
        )
        cache.set(key, kept, 60 * 60)
    else:
        form = None
    cards, number, count, showing_results_for, options = kept
    if form is None:
        form = CatalogueFilterForm(query, options=options)
        form.showing_results_for = showing_results_for
    paginator = CountingPaginator(Exercise.objects.none(), CATALOGUE_PAGE_SIZE)
    return form, paginator.page_of(cards, number, count)


#: What _exercise_cards.html shows of each exercise (see exercises.views.catalogue_page).
CATALOGUE_CARD_FIELDS = (
    "pk",
    "name",
    "slug",
    "url",
    "thumbnail",
    "purpose",
    "kind_label",
    "level_label",
    "position_label",
    "equipment_names",
    "search_rank",
    "cautions",
)


def _catalogue_cards(exercises) -> list[dict]:
    """The page's exercises as their cards show them, plain values in a dict each (as the
    routine's items, _item_cards: the template finds a dict's keys at once, and the cache
    keeps no model instances); the builder adds `times_in_routine`."""
    return [
        {name: getattr(exercise, name) for name in CATALOGUE_CARD_FIELDS} for exercise in exercises
    ]


def _share_context(
    request: HtmxHttpRequest, routine: Routine, reads: ReadAhead | None = None
) -> dict:
    """The share link, its QR code, and email and text-message links with a short message."""
    share_url = _absolute_share_url(request, routine)
    if not share_url:
        return {"share_url": ""}
    message = f"Your exercise routine “{routine.title}” from your coach: {share_url}"
    return {
        "share_url": share_url,
        # Drawn (or read from the cache) only when the page's cached QR code is missing.
        "share_qr": SimpleLazyObject(lambda: _share_qr(share_url, scale=4, reads=reads)),
        "share_mailto": "mailto:?subject={}&body={}".format(
            quote("Your exercise routine"), quote(message)
        ),
        # "sms:?&body=" is read by both iOS and Android messaging apps.
        "share_sms": f"sms:?&body={quote(message)}",
    }


def _builder_template(request: HtmxHttpRequest) -> str:
    """The whole page, or for htmx the partial its target needs (the catalogue's results or
    the routine panel)."""
    partial = BUILDER_PARTIALS.get(request.htmx.target or "") if request.htmx else None
    if partial and not request.htmx.boosted:
        return f"{BUILDER_TEMPLATE}#{partial}"
    return BUILDER_TEMPLATE


def _builder_fragments(request: HtmxHttpRequest, template: str, context: dict) -> dict:
    """The cached parts of the builder's `template` (the page or one of its partials), for
    cached_fragments, under the keys the {% cache %} tags they replace used: the page's links
    to its stylesheets and scripts (static_links: by the static files' version), the share
    link's QR code (by the link), the dose preset's label (by the routine's last change, its preset
    and the catalogue version, as the items' cards it is worked out from), the routine's
    items (by its last change, the catalogue version and the address the forms return to;
    not while a dose form with errors is shown in them), the catalogue's filters (by the
    catalogue version and the filters asked for) and its cards (by the catalogue version,
    the routine's last change, the filters asked for and the page's query). None holds a
    token or a one-time key: those forms are drawn outside them. Each names the cached data
    it draws (`reads`), read together when fragments are missing."""
    partial = template.partition("#")[2]
    routine, version = context["routine"], context["catalogue_version"]
    wanted = {}
    if not partial:
        # The page's links to its stylesheets and scripts, base.html's and its own, in the
        # same read: each {% static %} asks the storage for a file's hashed name (twelve of
        # them were a tenth of a warm view's CPU).
        wanted["head_assets_html"] = static_links("base.html#head-assets", "head-assets")
        wanted["builder_assets_html"] = static_links(
            f"{BUILDER_TEMPLATE}#builder-assets", "builder-assets"
        )
    if not partial and context.get("share_url"):
        # The share link's QR code, read with the other parts (with Redis, one round trip
        # less on every view): it depends on the link alone.
        wanted["share_qr_html"] = Fragment(
            f"{BUILDER_TEMPLATE}#share_qr",
            "builder-share-qr",
            (context["share_url"],),
            reads=(_share_qr_key(context["share_url"], 4),),
        )
    if not partial or (partial == "routine" and request.method == "POST"):
        # The dose preset's label (the page's header; an action's answer sends it again): it
        # needs the items' cards, which the page otherwise reads only when the cached items
        # are missing (with Redis, one round trip less on every view).
        wanted["preset_label_html"] = Fragment(
            f"{BUILDER_TEMPLATE}#preset_label",
            "builder-preset-label",
            (routine.pk, routine.updated, routine.level, version),
            reads=(_builder_items_key(routine),),
        )
    if partial in ("", "routine") and context["item_count"] and not context["bound_item"]:
        wanted["builder_items_html"] = Fragment(
            f"{BUILDER_TEMPLATE}#routine_items",
            "builder-items",
            (routine.pk, routine.updated, version, context["return_to"]),
            reads=(_builder_items_key(routine),),
        )
    if partial in ("", "catalogue"):
        asked = context["catalogue_query"].urlencode()
        catalogue = _catalogue_key(context["catalogue_query"])
        if not partial:
            wanted["catalogue_filters_html"] = Fragment(
                "exercises/_filter_fields.html",
                "catalogue-filters",
                (version, asked),
                reads=(catalogue,),
            )
        wanted["builder_catalogue_html"] = Fragment(
            f"{BUILDER_TEMPLATE}#builder_catalogue",
            "builder-catalogue",
            (version, routine.pk, routine.updated, asked, request.GET.urlencode()),
            # The cards' counts come from the routine's items.
            reads=(catalogue, _builder_items_key(routine)),
        )
    return wanted


def _render_builder_template(
    request: HtmxHttpRequest, template: str, context: dict, *, status: int = 200
) -> HttpResponse:
    """The builder's page or partial, its cached parts read from the fragments cache in one
    call (with Redis each call is a round trip and a client of its own), and what the missing
    ones draw in one more (`cache_reads`, when the context's readers take it)."""
    context.setdefault("routine_urls", builder_urls(context["routine"]))
    # The PDF in both sizes, the coach's zone's paper first (as the print view offers them).
    context.setdefault("pdf_papers", pdf_papers())
    cached_fragments(
        request,
        context,
        _builder_fragments(request, template, context),
        context.get("cache_reads"),
    )
    return render(request, template, context, status=status)


def _render_builder(
    request: HtmxHttpRequest, routine: Routine, *, status: int = 200, **panel
) -> HttpResponse:
    return_to = _return_to(request, routine)
    reads = ReadAhead()
    panel_context = _panel_context(routine, return_to=return_to, reads=reads, **panel)
    context = {
        **panel_context,
        **_catalogue_context(request, return_to, routine, panel_context["items"], reads),
        **_share_context(request, routine, reads),
        "return_to": return_to,
        "cache_reads": reads,
    }
    return _render_builder_template(request, BUILDER_TEMPLATE, context, status=status)


def _render_panel(request: HtmxHttpRequest, routine: Routine, **panel) -> HttpResponse:
    return_to = _return_to(request, routine)
    context = {**_panel_context(routine, return_to=return_to, **panel), "return_to": return_to}
    return _render_builder_template(request, f"{BUILDER_TEMPLATE}#routine", context)


def _done(
    request: HtmxHttpRequest,
    routine: Routine,
    *,
    notice: str,
    focus: str = "",
    anchor: str = "",
    undo: dict | None = None,
    **panel,
) -> HttpResponse:
    """A successful action: the panel for htmx, otherwise back to the builder. An Undo offer
    is kept in the session (never in the address, where the token would reach the history,
    logs and screenshots): the builder shows it again after a reload or Back/Forward, with or
    without JavaScript, while it is valid (_undo_from_session)."""
    if undo:
        # Only the latest offer is kept, for one routine.
        request.session[UNDO_SESSION_KEY] = {
            "routine": routine.pk,
            "token": undo["token"],
            "at": int(time.time()),
            "shown": bool(request.htmx),
        }
    if request.htmx:
        # The action changed the routine's row through the services: read its new version
        # (what the panel's cached list is keyed by) rather than draw a stale list.
        routine.refresh_from_db(fields=["updated", "level"])
        return _render_panel(request, routine, notice=notice, focus=focus, undo=undo, **panel)
    messages.success(request, notice)
    url = _return_to(request, routine)
    if undo:
        # The Undo button takes the focus (autofocus, which a #fragment would cancel).
        anchor = ""
    return redirect(f"{url}#{anchor}" if anchor else url)


def _refused(request: HtmxHttpRequest, routine: Routine, **panel) -> HttpResponse:
    """Bad input: nothing changed; say why, beside the field where there is one. Without
    JavaScript the builder comes back focused on why (the first field with an error, else the
    panel's or the dose form's alert: `autofocus`, builder.html and dose.html)."""
    if request.htmx:
        return _render_panel(request, routine, **panel)
    for form in (panel.get("bound_item"), panel.get("preset_form")):
        if form is not None:
            autofocus_first_error(form)
    return _render_builder(request, routine, status=422, **panel)


def _first_error_id(form) -> str:
    for name in form.errors:
        if name in form.fields:
            return form[name].auto_id
    return f"item-{form.instance.pk}-heading"


def _absolute_share_url(request: HtmxHttpRequest, routine: Routine) -> str:
    return request.build_absolute_uri(routine.get_share_url()) if routine.share_token else ""


# The catalogue's version (which figure URLs carry) read with the routine, in its query.


# Built once: annotate() resolves a copy of it for each query (building the subquery's
# queryset each time cost about a sixth of the shared page's routine query).
CATALOGUE_NUMBER = Subquery(CatalogueVersion.objects.order_by("pk").values("number")[:1])


def _reading_catalogue_version(queryset):
    return queryset.annotate(catalogue_number=CATALOGUE_NUMBER)


#: How many items a routine has, for the routine's own query: a plain COUNT over its items as
#: a subquery (one row, 0 for none), as SESSION_TOTAL counts its sessions.
ITEM_TOTAL = Subquery(
    RoutineItem.objects.filter(routine=OuterRef("pk"))
    .order_by()
    .values(counted=Func(F("pk"), function="COUNT", output_field=IntegerField()))
)


def _with_item_total(queryset):
    """The routine's number of items, read in its query (the builder's counts and "no
    exercises yet" need no list of items when the panel's cached one is there). A subquery,
    not a join and Count: with the builder's other annotations (the log's Exists, the
    catalogue's version) a Count made the query GROUP BY every column and those annotations,
    each compiled again for it; the subquery builds in about 0.1 ms less (0.60 -> 0.51 ms on
    SQLite, 0.78 -> 0.68 on PostgreSQL, in-process) and runs without the grouping."""
    return queryset.annotate(item_total=ITEM_TOTAL)


@lru_cache(maxsize=4)
def _builder_routines(since):
    """The routines as the builder reads one: with the catalogue's version, the number of its
    items, and whether its log has a session since `since` (the first day the log shows) or a
    notice of a deleted entry. Built once per `since` and never evaluated: each view filters
    a copy (by who may read it and the routine asked for). annotate() resolves its
    subqueries as it is called, which was half the cost of the builder's query; a filter on
    the built queryset gives the same SQL. A few days are kept, for time zones on either
    side of midnight."""
    return _with_item_total(_reading_catalogue_version(Routine.objects.all())).annotate(
        logged=Exists(session_views.sessions_since(since)),
        deleted_notices=Exists(session_views.deleted_notices_exist()),
        # The advice reads deleted entries' stop or care advice (session_views.log_context).
        deleted_reminding_day=DELETED_REMINDING_DAY,
    )


def _counted_sessions(counted: Func) -> Subquery:
    """`counted` (a COUNT) over the routine's sessions, as a subquery of the routine's own
    query. A plain COUNT, with no GROUP BY, is one row whatever the log holds (0 for none), so
    it needs no Coalesce; the two nodes fewer were about a tenth of building the runner's
    page's routine query (the subquery Count's GROUP BY and the Coalesce round it)."""
    return Subquery(
        SessionLog.objects.filter(routine=OuterRef("pk")).order_by().values(counted=counted)
    )


#: How many sessions a routine's log has, for the routine's own query.
SESSION_TOTAL = _counted_sessions(Func(F("pk"), function="COUNT", output_field=IntegerField()))
#: How many days its log has entries on (entries on the same day count as one session, as
#: the pages say), beside SESSION_TOTAL in the routine's own query.
SESSION_DAYS = _counted_sessions(
    Func(
        F("day"),
        function="COUNT",
        template="%(function)s(DISTINCT %(expressions)s)",
        output_field=IntegerField(),
    )
)


#: The latest day of a deleted entry whose advice the runner's page may still remind them of
#: (session_views._deleted_reminder), None without one: the routine's own column
#: (Routine.deleted_stop_day, kept as notices come and go), read under the name the readers
#: look for. Only a routine read by these pages' queries has it, so one loaded before a
#: write of the same request (session_delete's answer) asks the notices instead.
DELETED_REMINDING_DAY = F("deleted_stop_day")


#: What the runner's page shows of the routine's coach (the sheet's "Coach" and the archived
#: notice: User.get_full_name, else get_username): the only User columns its query reads.
SHARED_OWNER_FIELDS = ("username", "first_name", "last_name")


@lru_cache(maxsize=4)
def _shared_routines(with_owner: bool, with_days: bool = True):
    """The routines as the runner's pages read one by its share token: with the catalogue's
    version, how many entries its log has (and, with `with_days`, on how many days: only the
    runner's page as first opened says it), and with its coach where the page names them
    (the sheet), in one query. Built once and never evaluated, as _builder_routines:
    annotate() resolves its subqueries as it is called, so building it per request cost about
    a quarter of the plain shared page's query; each view filters a copy. Of the coach, only
    their names (SHARED_OWNER_FIELDS; the rest deferred, Django loading a field if ever
    asked for): not the User's password hash and other columns the page has no use for."""
    routines = Routine.objects.all()
    if with_owner:
        user = get_user_model()
        unread = [
            f"owner__{field.attname}"
            for field in user._meta.concrete_fields
            if not field.primary_key and field.attname not in SHARED_OWNER_FIELDS
        ]
        routines = routines.select_related("owner").defer(*unread)
    counts = {"session_total": SESSION_TOTAL}
    if with_days:
        counts["session_days"] = SESSION_DAYS
    return _reading_catalogue_version(routines).annotate(
        **counts, deleted_reminding_day=DELETED_REMINDING_DAY
    )


def routine_by_token(token: str, *, with_owner: bool = True, with_days: bool = True) -> Routine:
    """The routine behind a live share link (404 once the link is revoked), with
    `session_total` and `session_days` (and its coach's names, read in the same query, unless
    `with_owner` is False; without `session_days` if `with_days` is False: the log's history
    does not say on how many days, and each subquery costs the query's building about 0.1 ms
    in-process); the catalogue's version is remembered for the rest of the request."""
    return _with_catalogue_version(
        get_object_or_404(_shared_routines(with_owner, with_days), share_token=token)
    )


def _with_catalogue_version(routine: Routine) -> Routine:
    remember_catalogue_version(routine.catalogue_number or 0)
    return routine


# Pages.

#: The list's badge for an unseen "stop", by what the runner was told (SessionLog.told), most
#: urgent first: a stop that came from a sign the checker treats as an emergency or "see a
#: doctor today" says so, as the coach's panel does.
STOP_BADGES = {
    triage_rules.Tier.EMERGENCY: monitoring.coach_label(triage_rules.Tier.EMERGENCY),
    triage_rules.Tier.URGENT: monitoring.coach_label(triage_rules.Tier.URGENT),
    monitoring.Level.STOP: "Stop advised",
}
#: How urgent a latest entry that asks for a look is, where nothing more urgent is unseen
#: or in force (its "ease back", its pain rising): as an "ease back".
LOOK_URGENCY = monitoring.told_urgency(monitoring.Level.EASE_BACK)
#: How far back a routine's latest entry still lists an archived routine whose latest entry
#: asked for a look (a current one is listed whatever its age).
ARCHIVED_LOOK_WEEKS = 6


class NeedsALook(NamedTuple):
    """A routine of the coach's whose runner's log needs a look, with how urgent the most
    urgent thing is that its runner was told and the coach has not marked seen, or that the
    runner is told now (`urgency`, monitoring.told_urgency's scale) and when it was logged or
    deleted (`when`); `badge` the list's words for it ("" where the list says "Needs a look"
    or "Entry deleted": `label`); `seen` True where the badge names the advice in force and
    the coach has marked the entry that set it off seen (the list says so beside it: the
    runner is still told it)."""

    pk: int
    title: str
    archived: bool
    urgency: int
    when: datetime
    badge: str
    label: str
    seen: bool = False
    #: What the runner is told now (monitoring.Advice.key: the advice in force), "" for
    #: "carry on" or an empty log.
    now: str = ""
    #: Who the routine is for: the list names it beside the title, so two routines of one
    #: title (a copy and its original) are told apart.
    for_whom: str = ""


#: The fields of a session and of its routine that the list's reading of a log reads (_look:
#: monitoring's Entry, the stop cards' reading, SessionLog.told and .lowered): every row of
#: the weeks read is loaded, so the notes, the reasons kept and the rest stay in the database.
LOOK_SESSION_FIELDS = (
    "routine", "day", "created", "pain", "morning", "warning_signs",
    "alert", "advice", "told_advice", "told_care", "coach_seen_at",
)  # fmt: skip
LOOK_ROUTINE_FIELDS = ("title", "for_whom", "archived")


def _needing_a_look(user) -> list[NeedsALook]:
    """Every routine of `user`'s whose runner's log needs a look, the most urgent first
    (emergency care, a doctor today, stop, then ease back or a latest entry's look:
    monitoring.told_urgency), within each level the one with the latest such alert first.

    A routine needs a look while its runner is told to ease back or more now (the advice in
    force, session_views.in_force: what the runner's pages and the panel read), while a
    "stop" card of the panel (session_views.unseen_stops_told, the panel's own reading) or a
    deleted entry's notice is not marked seen, or while its latest entry asked for a look
    (its stored `alert`; an archived routine's only within ARCHIVED_LOOK_WEEKS). Marking
    seen never hides advice at "stop" or above that the runner is still told: the routine
    stays listed at that advice's urgency, badged with it and marked seen.

    Two queries however many routines: the sessions of every routine of `user`'s that the
    advice and the cards read (with the routine), and the deleted entries' notices and
    traces (with the routine)."""
    today = timezone.localdate()
    first = session_views.log_since(today)
    read_from = first - timedelta(days=services.ADVICE_LOOKBACK_DAYS)
    own = Routine.objects.owned_by(user)
    latest = SessionLog.objects.filter(routine=OuterRef("routine")).order_by(
        "-day", "-created", "-pk"
    )
    routines: dict[int, Routine] = {}
    logs: dict[int, list[SessionLog]] = defaultdict(list)
    # The weeks the advice and the cards read (the cards from ADVICE_LOOKBACK_DAYS before
    # them), and an older latest entry that asked for a look.
    for session in (
        SessionLog.objects.filter(routine__in=own)
        .filter(Q(day__gte=read_from) | Q(alert=True, pk=Subquery(latest.values("pk")[:1])))
        .select_related("routine")
        .only(*LOOK_SESSION_FIELDS, *(f"routine__{name}" for name in LOOK_ROUTINE_FIELDS))
        .order_by()
    ):
        routines[session.routine_id] = session.routine
        logs[session.routine_id].append(session)
    notices: dict[int, list] = defaultdict(list)
    traces: dict[int, list] = defaultdict(list)
    # Each trace's notice (when deleted, whether seen), for what the runner's page leads with.
    traced: dict[int, dict] = defaultdict(dict)
    for notice in (
        DeletedEntryNotice.objects.filter(routine__in=own)
        .filter(Q(coach_seen__isnull=True) | session_views.deleted_traces_filter(today))
        .select_related("routine")
        .order_by("day", "pk")
    ):
        routines[notice.routine_id] = notice.routine
        if notice.coach_seen is None:
            notices[notice.routine_id].append(notice)
        if notice.advice in REMINDED_ADVICE and notice.day >= session_views.deleted_since(today):
            traces[notice.routine_id].append((notice.day, notice.advice))
            traced[notice.routine_id][notice.day, notice.advice] = notice
    needing = []
    for pk, routine in routines.items():
        look = _look(
            routine, logs[pk], notices[pk], traces[pk], today=today, first=first, traced=traced[pk]
        )
        if look is not None:
            needing.append(look)
    needing.sort(key=lambda routine: (-routine.urgency, -routine.when.timestamp(), -routine.pk))
    return needing


def _look(routine, sessions, notices, traces, *, today, first, traced=None) -> NeedsALook | None:
    """What the list says of `routine` (_needing_a_look), from its `sessions` (from
    ADVICE_LOOKBACK_DAYS before `first`, the first day the log shows, and an older latest one
    that asked for a look), its unseen deleted entries' `notices` and the `traces` its
    advice reads (`traced`: each trace's notice, by day and advice); None where it needs no
    look. No query."""
    # Each alert as (urgency, when, told, deleted).
    alerts = []
    latest = max(sessions, key=lambda s: (s.day, s.created, s.pk), default=None)
    if (
        latest is not None
        and latest.alert
        and (not routine.archived or latest.day >= today - timedelta(weeks=ARCHIVED_LOOK_WEEKS))
    ):
        alerts.append((LOOK_URGENCY, latest.created, None, False))
    for notice in notices:
        alerts.append((monitoring.told_urgency(notice.advice), notice.deleted, notice.advice, True))
    for session, told in session_views.unseen_stops_told(sessions, since=first, deleted=traces):
        alerts.append((monitoring.told_urgency(told), session.created, told, False))
    # The badge: the most urgent unseen stop or notice, a stop before a notice of its level.
    told, was_deleted = min(
        ((told, deleted) for _, _, told, deleted in alerts if told in STOP_BADGES),
        key=lambda alert: (-monitoring.told_urgency(alert[0]), alert[1]),
        default=(None, False),
    )
    badge = STOP_BADGES[told] if told is not None else ""
    badge_told = told
    if badge and was_deleted:  # "Entry deleted (told to get emergency care)"
        badge = f"Entry deleted ({badge[0].lower()}{badge[1:]})"
    seen = False
    now = session_views.in_force(sessions, traces, today=today)
    now_key = now.advice.key if now.advice is not None and now.advice.urgency else ""
    if now.advice is not None and now.advice.needs_a_look:
        # What the runner is told now ranks the routine, seen or not: marking the entry that
        # set it off seen never puts it below what the runner reads.
        now_told = now.advice.care or now.advice.level
        alerts.append((now.advice.urgency, now.setter.created, now_told, False))
        if now_told in STOP_BADGES and (
            told is None or monitoring.told_urgency(now_told) > monitoring.told_urgency(told)
        ):
            # The badge never says less than the runner is told now: with every stop seen it
            # says why the routine is still listed (and that it was seen); with a less
            # urgent card left, it says the advice in force, not that card's.
            badge, badge_told = STOP_BADGES[now_told], now_told
            # "Seen by you" only where the coach marked seen the entry that set it off and
            # a card that said it (an emergency no card showed is never "seen").
            seen = now.setter.coach_seen_at is not None and session_views.seen_card_said(
                sessions, now_told, since=first, deleted=traces
            )
    # What the runner's page leads with now (session_views.runner_sees, as the panel says it):
    # an earlier day's care the advice is held by, or a deleted entry's reminder, ranks and
    # badges the routine while the runner sees it, its card marked seen or not.
    sees = session_views.runner_sees(routine, now.advice, today, traces=traces)
    if sees.day is not None:
        notice = (traced or {}).get((sees.day, sees.key)) if sees.deleted else None
        when = (
            notice.deleted
            if notice is not None
            else (now.setter.created if now.setter is not None else timezone.now())
        )
        alerts.append((sees.urgency, when, sees.told, sees.deleted))
        now_key = sees.key
        if sees.told in STOP_BADGES and (
            badge_told is None or sees.urgency > monitoring.told_urgency(badge_told)
        ):
            # What the runner is told now, as the badge says it once the cards are seen:
            # "Seen by you" where the deleted entry's card was marked seen.
            badge = STOP_BADGES[sees.told]
            seen = notice is not None and notice.coach_seen is not None
    if not alerts:
        return None
    urgency, when = max((urgency, when) for urgency, when, _, _ in alerts)
    label = badge or ("Needs a look" if any(not a[3] for a in alerts) else "Entry deleted")
    return NeedsALook(
        routine.pk,
        routine.title,
        routine.archived,
        urgency,
        when,
        badge,
        label,
        seen,
        now_key,
        routine.for_whom,
    )


#: How many of the routines that need a look the list's summary names.
NEEDS_A_LOOK_NAMED = 10


@require_GET
@reader_required
def routine_list(request: HtmxHttpRequest) -> HttpResponse:
    """The coach's routines. No runner's alert is ever out of sight: "Current routines" (the
    default) also lists an archived routine whose log needs a look (marked Archived), and the
    summary above the filters names every routine of the coach's that needs one, whatever
    the search, the filter or the page."""
    form = RoutineFilterForm(request.GET, staff=request.user.is_staff)
    routines = (
        Routine.objects.readable_by(request.user)
        if form.shows_everyone
        else Routine.objects.owned_by(request.user)
    )
    needing = _needing_a_look(request.user)
    # The coach's routines that need a look head the table, in the summary's order (the most
    # urgent first); then the rest, newest first.
    first = [When(pk=routine.pk, then=Value(place)) for place, routine in enumerate(needing)]
    routines = form.filter(
        routines.select_related("owner").annotate(item_count=Count("items")),
        needs_a_look=Q(pk__in=[routine.pk for routine in needing]),
    ).order_by(*([Case(*first, default=Value(len(first)))] if first else []), "-created", "-pk")
    # The page and the count in one query (COUNT(*) OVER ()).
    page = CountingPaginator(routines, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    looks = {routine.pk: routine for routine in needing}
    for routine in page.object_list:
        # The table's badge is the summary's, for the coach's own routines.
        routine.look = looks.get(routine.pk) if routine.owner_id == request.user.pk else None
    template = "routines/routine_list.html"
    if request.htmx and not request.htmx.boosted:
        return render(request, template + "#results", {"form": form, "page": page})
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "needing_a_look": needing[:NEEDS_A_LOOK_NAMED],
            "more_need_a_look": len(needing) - NEEDS_A_LOOK_NAMED,
            # Where the first not named is: the table of current routines (the default, which
            # lists every one needing a look first, in this order), its page and row.
            "more_need_a_look_page": NEEDS_A_LOOK_NAMED // LIST_PAGE_SIZE + 1,
            "first_more_need_a_look": (
                needing[NEEDS_A_LOOK_NAMED].pk if len(needing) > NEEDS_A_LOOK_NAMED else None
            ),
            "need_a_look_count": len(needing),
        },
    )


@require_http_methods(["GET", "POST"])
@coach_required
@once_per_submission(resent=lambda request: _new_routine_resent(request))
def routine_new(request: HtmxHttpRequest) -> HttpResponse:
    """A new routine; a starter routine from /triage/ arrives as ?exercise=<slug>&..."""
    data = request.POST if request.method == "POST" else request.GET
    exercises, unknown = handed_off_exercises(data.getlist("exercise"))
    # Moves a starter routine for outer-hip pain keeps to the painful side: the form asks
    # which hip hurts, and they go on that side only.
    one_side = handed_off_one_side(exercises, data.getlist("one_side"))
    if request.method == "POST":
        form = NewRoutineForm(request.POST, one_side=one_side)
        if form.is_valid():
            painful = form.cleaned_data.get("painful_side")
            try:
                routine = services.routine_create(
                    owner=request.user,
                    title=form.cleaned_data["title"],
                    for_whom=form.cleaned_data["for_whom"],
                    level=form.cleaned_data["level"],
                    exercises=exercises,
                    sides={e.slug: dosing.Side(painful) for e in one_side} if painful else None,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                added = f" with {len(exercises)} exercise{'s' if len(exercises) != 1 else ''}"
                messages.success(
                    request,
                    f"Created “{routine.title}”{added if exercises else ''}.",
                    extra_tags=FOCUS_MESSAGE,
                )
                if unknown:
                    messages.warning(request, _left_out(unknown))
                return redirect(routine)
        autofocus_first_error(form)
        status = 422
    else:
        initial = {"level": Routine.Level.BEGINNER}
        if exercises:
            initial["title"] = "Starter routine"
        form = NewRoutineForm(initial=initial, one_side=one_side)
        status = 200
    return _new_routine_page(request, form, exercises, one_side, unknown, status=status)


def _new_routine_page(request, form, exercises, one_side, unknown, *, status: int) -> HttpResponse:
    context = {
        "form": form,
        "exercises": exercises,
        "one_side": {e.slug for e in one_side},
        "left_out": _left_out(unknown),
    }
    return render(request, "routines/routine_new.html", context, status=status)


def _new_routine_resent(request: HtmxHttpRequest) -> HttpResponse:
    """The new-routine form sent again with its key after Back, with other answers: making a
    routine again would make a second one, so the form comes back as sent, nothing made."""
    exercises, unknown = handed_off_exercises(request.POST.getlist("exercise"))
    one_side = handed_off_one_side(exercises, request.POST.getlist("one_side"))
    form = NewRoutineForm(request.POST, one_side=one_side)
    form.is_valid()
    form.add_error(None, RESENT)
    return _new_routine_page(request, form, exercises, one_side, unknown, status=409)


def _left_out(slugs: list[str]) -> str:
    if not slugs:
        return ""
    return (
        f"Left out {len(slugs)} exercise{'s' if len(slugs) != 1 else ''} that the catalogue "
        f"does not have: {', '.join(slugs)}."
    )


def _routine_version(request: HtmxHttpRequest, pk: int, *args, **kwargs) -> str:
    """When the coach's routine last changed (any change to it or its items moves it): what a
    form sent again after Back checks before it is applied as a new edit (once_per_submission's
    `version`); "" for a routine that is not theirs or gone (the view answers that)."""
    updated = (
        Routine.objects.filter(pk=pk, owner=request.user).values_list("updated", flat=True).first()
    )
    return updated.isoformat() if updated else ""


def _routine_edit_resent(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The details form sent again after Back, the routine changed since: shown back as sent."""
    routine = _own_routine(request, pk)
    form = RoutineForm(request.POST, instance=routine)
    form.is_valid()
    form.add_error(None, RESENT)
    return render(
        request, "routines/routine_edit.html", {"form": form, "routine": routine}, status=409
    )


@require_http_methods(["GET", "POST"])
@coach_required
@once_per_submission(version=_routine_version, resent=_routine_edit_resent)
def routine_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    routine = _own_routine(request, pk)
    if request.method == "POST":
        form = RoutineForm(request.POST, instance=routine)
        if form.is_valid():
            form.save()
            messages.success(request, "Saved the routine's details.", extra_tags=FOCUS_MESSAGE)
            return redirect(routine)
        autofocus_first_error(form)
        status = 422
    else:
        form = RoutineForm(instance=routine)
        status = 200
    return render(
        request, "routines/routine_edit.html", {"form": form, "routine": routine}, status=status
    )


@never_cache  # it shows the runner's log, which changes without the routine changing
@require_GET
@reader_required
def routine_builder(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    # Read with the routine: the catalogue's version, how many items it has and whether the
    # runner's log has anything in the weeks shown (with nothing there, no query for it).
    since = session_views.log_since(timezone.localdate())
    routine = _with_catalogue_version(
        get_object_or_404(_builder_routines(since).readable_by(request.user), pk=pk)
    )
    if routine.owner_id != request.user.pk:
        # Staff looking at another coach's routine: read it, but nothing to change it with.
        return _render_sheet(request, "routines/routine_readonly.html", routine.pk)
    template = _builder_template(request)
    return_to = _return_to(request, routine)
    # What the missing cached parts draw is read in one call (see _render_builder_template).
    reads = ReadAhead()
    context = {"routine": routine, "return_to": return_to, "cache_reads": reads}
    # Each partial gets only what it shows.
    if not template.endswith("#catalogue"):
        context.update(
            _panel_context(
                routine,
                return_to=return_to,
                undo=_undo_from_session(request, routine),
                reads=reads,
            )
        )
    if not template.endswith("#routine"):
        context.update(_catalogue_context(request, return_to, routine, context.get("items"), reads))
    if template == BUILDER_TEMPLATE:
        # The share link and its QR code (drawn only when its cached part is missing): the
        # page only, not the catalogue's results.
        context.update(_share_context(request, routine, reads))
        # The log's counts and next steps need the items with their exercises (the panel's
        # cards are plain values): the sheet's cached list, read only when something is logged.
        context.update(
            session_views.followup_context(
                routine,
                SimpleLazyObject(lambda: _items_of(routine)),
                logged=routine.logged,
                deleted=routine.deleted_notices,
            )
        )
        # The log's panel above the share box while it has an alert for the coach.
        advice = context.get("advice")
        context["log_first"] = bool(
            context["alert_cards"] or context["look"] or (advice is not None and advice.care)
        )
    return _render_builder_template(request, template, context)


def _undo_from_session(request: HtmxHttpRequest, routine: Routine) -> dict | None:
    """The latest Undo offer (a removal or a preset), shown on every view of its routine's
    builder while it is still good: its token valid for this routine, nothing has changed
    the routine since (`since`), and at most UNDO_OFFER_SECONDS old. Forgotten once it is
    not (or once used: routine_undo). The button takes the focus (autofocus) on the first
    view only; a reload leaves the focus where the page puts it."""
    offer = request.session.get(UNDO_SESSION_KEY)
    if not isinstance(offer, dict) or offer.get("routine") != routine.pk:
        return None
    form = UndoForm({"undo": offer.get("token", "")}, routine=routine)
    fresh = time.time() - offer.get("at", 0) <= UNDO_OFFER_SECONDS
    if not (fresh and form.is_valid()) or (
        form.cleaned_data["undo"].get("since") != routine.updated.isoformat()
    ):
        del request.session[UNDO_SESSION_KEY]
        return None
    first = not offer.get("shown")
    if first:
        request.session[UNDO_SESSION_KEY] = {**offer, "shown": True}
    return {
        **_undo_offer(routine, form.cleaned_data["undo"], form.data["undo"]),
        "autofocus": first,
    }


def _undo_offer(routine: Routine, action: dict, token: str = "") -> dict:
    """The Undo button's words and token for `action` (as routine_item_delete and
    routine_preset record it)."""
    if action["action"] == "remove":
        message = f"Removed {action['name']}."
    elif action["action"] == "swap":
        message = f"Swapped {action['name']} for {action['new_name']}."
    else:
        message = f"Set the dose preset to {routine.preset.label}."
    return {"message": message, "token": token or undo_token(routine, action)}


# Item actions: each answers an htmx POST with the routine panel.


@require_POST
@coach_required
@once_per_submission(scope="exercise")  # one Add form for the whole catalogue: once per card
def routine_item_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    routine = _own_routine(request, pk)
    form = AddItemForm(request.POST)
    if not form.is_valid():
        return _refused(request, routine, error=form.errors["exercise"][0])
    exercise = form.cleaned_data["exercise"]
    try:
        item = services.routine_add_item(routine=routine, exercise=exercise)
    except ValidationError as error:
        return _refused(request, routine, error=error.messages[0])
    count = routine.items.filter(exercise=exercise).count()
    notice = f"Added {exercise.name} as number {item.position}."
    if count > 1:
        notice = (
            f"Added {exercise.name} again, as number {item.position}: the routine now holds it "
            f"{count} times (fine for a per-side dose; remove one if it was a slip)."
        )
    return _done(
        request,
        routine,
        notice=notice,
        anchor=f"item-{item.pk}",
        added={"exercise": exercise, "position": item.position, "count": count},
    )


@require_POST
@coach_required
@once_per_submission
def routine_add_from_catalogue(request: HtmxHttpRequest) -> HttpResponse:
    """ "Add to a routine" on an exercise's page: add it to one of the coach's current
    routines and open that routine's builder at the new item."""
    form = AddToRoutineForm(request.POST, owner=request.user)
    exercise_url = reverse("exercises:list")
    if form.is_valid():
        exercise = form.cleaned_data["exercise"]
        routine = form.cleaned_data["routine"]
        try:
            item = services.routine_add_item(routine=routine, exercise=exercise)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(exercise)
        messages.success(
            request, f"Added {exercise.name} to “{routine.title}” as number {item.position}."
        )
        return redirect(f"{routine.get_absolute_url()}#item-{item.pk}")
    message = next(iter(form.errors.values()))[0]
    messages.error(request, message)
    exercise = form.cleaned_data.get("exercise")
    return redirect(exercise.get_absolute_url() if exercise else exercise_url)


@require_safe
@coach_required
@vary_on_headers("HX-Request")
@answers_gone_items
def routine_item_dose(request: HtmxHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """One item's dose form, sent to routine_item_edit. A page of its own without JavaScript;
    for htmx, the form alone, which the builder fetches when its "Change the dose" opens (so
    the builder does not carry a form for every item)."""
    item = _own_item(request, pk, item_pk)
    routine = item.routine
    form = RoutineItemForm(instance=item)
    partial = bool(request.htmx and not request.htmx.boosted)
    # Which builder address the coach came from (with the catalogue's filters): htmx says so;
    # without JavaScript the builder's link carries it as `next`.
    wanted = (request.htmx.current_url or "") if partial else request.GET.get("next", "")
    context = {
        "routine": routine,
        "item": item,
        "item_form": form,
        "return_to": _builder_address(request, routine, wanted),
        "in_builder": partial,
        "focus": form["sets"].auto_id if partial else "",
    }
    return render(request, f"{DOSE_TEMPLATE}#dose_form" if partial else DOSE_TEMPLATE, context)


@answers_gone_items
def _dose_resent(request: HtmxHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """A dose form sent again after Back, the routine changed since: shown back as sent."""
    item = _own_item(request, pk, item_pk)
    form = RoutineItemForm(request.POST, instance=item)
    form.is_valid()
    form.add_error(None, RESENT)
    return _refused(request, item.routine, bound_item=form, focus=_first_error_id(form))


@require_POST
@coach_required
@once_per_submission(version=_routine_version, resent=_dose_resent)
@answers_gone_items
def routine_item_edit(request: HtmxHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _own_item(request, pk, item_pk)
    form = RoutineItemForm(request.POST, instance=item)
    if not form.is_valid():
        return _refused(request, item.routine, bound_item=form, focus=_first_error_id(form))
    try:
        item = services.routine_save_item(item=form.save(commit=False))
    except ValidationError as error:
        return _refused(request, item.routine, error=error.messages[0])
    return _done(
        request,
        item.routine,
        notice=f"Saved the dose for {item.exercise.name}: {item.dose_line}.",
        focus=f"item-{item.pk}-heading",
        anchor=f"item-{item.pk}",
    )


@require_POST
@coach_required
@once_per_submission
@answers_gone_items
def routine_item_delete(request: HtmxHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _own_item(request, pk, item_pk)
    routine = item.routine
    if not services.routine_remove_item(item=item):
        return _done(
            request,
            routine,
            notice=f"{item.exercise.name} was already removed.",
            focus="routine-heading",
            anchor="routine-panel",
        )
    action = {
        "action": "remove",
        "name": item.exercise.name,
        "item": item.pk,
        "exercise": item.exercise_id,
        "position": item.position,
        "dose": {name: getattr(item, name) for name in RoutineItem.DOSE_FIELDS},
        "since": services.routine_version(routine),
    }
    return _done(
        request,
        routine,
        notice=f"Removed {item.exercise.name}. Undo puts it back with its dose and note.",
        focus="undo-button",
        anchor="routine-panel",
        undo=_undo_offer(routine, action),
    )


@require_POST
@coach_required
@once_per_submission
@answers_gone_items
def routine_item_progress(request: HtmxHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Apply the next step the follow-up panel suggests for one item (its harder version, or
    the next preset). The step is worked out again here, so a stale page cannot apply a wrong
    one: when it is no longer the one the page showed (`step`, NextStep.key: applied in
    another tab already, so this would be one rung more, or the log changed it), nothing is
    applied and the coach is told the step now; a page without `step` counts as stale. An
    item removed meanwhile gets the routine as it is now, as every item action."""
    item = _own_item(request, pk, item_pk)
    routine = item.routine
    step = session_views.next_steps(routine).get(item.pk)
    if step is None:
        messages.warning(request, f"There is no next step to apply for {item.exercise.name}.")
        return redirect(f"{routine.get_absolute_url()}#follow-up")
    if request.POST.get("step") != step.key:
        messages.warning(
            request,
            f"Not applied: the next step for {item.exercise.name} has changed since this page "
            f"was drawn (perhaps in another tab). It is now: {step.text} Apply it if you "
            "still want it.",
        )
        return redirect(f"{routine.get_absolute_url()}#follow-up")
    if step.harder is not None:
        # The harder version is a swap like the builder's own (routine_item_swap): the coach's
        # dose and note stay where they fit the new move, it says what could not, and Undo.
        old_name = item.exercise.name
        try:
            result = services.routine_swap_item(item=item, exercise=step.harder)
        except ValidationError as error:
            return _refused(request, routine, error=error.messages[0])
        return _swapped(request, result, old_name=old_name, lead=f"Applied: {step.text}")
    try:
        services.routine_apply_next_step(item=item, step=step)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Applied: {step.text}")
    return redirect(f"{routine.get_absolute_url()}#item-{item.pk}")


@require_POST
@coach_required
@once_per_submission
def routine_undo(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Undo the last removal, swap or preset, if nothing else changed the routine since."""
    routine = _own_routine(request, pk)
    form = UndoForm(request.POST, routine=routine)
    if not form.is_valid():
        return _refused(request, routine, error=form.errors["undo"][0])
    action = form.cleaned_data["undo"]
    try:
        if action["action"] == "remove":
            exercise = Exercise.objects.filter(pk=action["exercise"]).first()
            if exercise is None:
                raise ValidationError("That exercise is no longer in the catalogue.")
            item = services.routine_restore_item(
                routine=routine,
                exercise=exercise,
                position=action["position"],
                dose=action["dose"],
                since=action["since"],
                # The same item (tokens from before it was recorded have none).
                item_pk=action["item"] if isinstance(action.get("item"), int) else None,
            )
            notice = f"Put {exercise.name} back as number {item.position}, dose and note as before."
            focus, anchor = f"item-{item.pk}-heading", f"item-{item.pk}"
        elif action["action"] == "swap":
            exercise = Exercise.objects.filter(pk=action["exercise"]).first()
            if exercise is None:
                raise ValidationError("That exercise is no longer in the catalogue.")
            item = services.routine_unswap_item(
                routine=routine,
                item_pk=action["item"],
                exercise=exercise,
                dose=action["dose"],
                since=action["since"],
            )
            notice = f"Undone: {exercise.name} is back as number {item.position}, dose as before."
            focus, anchor = f"item-{item.pk}-heading", f"item-{item.pk}"
        else:
            services.routine_restore_doses(
                routine=routine,
                level=action["level"],
                doses=action["doses"],
                since=action["since"],
            )
            notice = f"Undone: the dose preset is {routine.preset.label} again, doses as before."
            focus, anchor = "preset-apply", "routine-panel"
    except ValidationError as error:
        return _refused(request, routine, error=error.messages[0])
    # Used: the builder offers it no more.
    request.session.pop(UNDO_SESSION_KEY, None)
    return _done(request, routine, notice=notice, focus=focus, anchor=anchor)


@require_POST
@coach_required
@once_per_submission(version=_routine_version)
def routine_reorder(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The whole new order in one POST (what dragging an item sends)."""
    routine = _own_routine(request, pk)
    form = ReorderForm(request.POST, routine=routine)
    stale = "The routine changed since this page was drawn, so nothing was moved. Here it is now."
    if not form.is_valid():
        return _refused(request, routine, error=stale)
    try:
        services.routine_reorder(routine=routine, item_ids=form.cleaned_data["item"])
    except ValidationError as error:
        return _refused(request, routine, error=error.messages[0])
    return _done(request, routine, notice="Saved the new order.", anchor="routine-panel")


@require_POST
@coach_required
@once_per_submission
@answers_gone_items
def routine_item_swap(request: HtmxHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Swap an item's move for its easier or harder version, in the same place."""
    item = _own_item(request, pk, item_pk)
    old_name = item.exercise.name
    form = SwapItemForm(request.POST)
    if not form.is_valid():
        return _refused(request, item.routine, error=form.errors["exercise"][0])
    try:
        result = services.routine_swap_item(item=item, exercise=form.cleaned_data["exercise"])
    except ValidationError as error:
        return _refused(request, item.routine, error=error.messages[0])
    return _swapped(request, result, old_name=old_name)


def _swapped(
    request: HtmxHttpRequest, result: services.SwapResult, *, old_name: str, lead: str = ""
) -> HttpResponse:
    """A swap done (the builder's Swap, or the follow-up panel's harder version): what became
    of the coach's dose, and an Undo."""
    item = result.item
    notice = (
        f"Swapped {old_name} for {item.exercise.name} at number {item.position}: {item.dose_line}."
    )
    if lead:
        notice = f"{lead} {notice}"
    if result.reset:
        notice += " " + " ".join(result.reset) + " That part of your dose is its default now."
    elif result.custom:
        notice += " Your dose and note are as you set them."
    action = {
        "action": "swap",
        "item": item.pk,
        "exercise": result.previous_exercise.pk,
        "name": old_name,
        "new_name": item.exercise.name,
        "dose": result.previous_dose,
        "since": services.routine_version(item.routine),
    }
    return _done(
        request,
        item.routine,
        notice=notice,
        focus=f"item-{item.pk}-heading",
        anchor=f"item-{item.pk}",
        undo=_undo_offer(item.routine, action),
    )


@require_POST
@coach_required
@once_per_submission
@answers_gone_items
def routine_item_move(request: HtmxHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    return _move(request, _own_item(request, pk, item_pk))


@require_POST
@coach_required
@once_per_submission(version=_routine_version)
@answers_gone_items
def routine_item_place(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Enter in an item's Place box: the panel's shared form (#item-actions) sends every box
    through its default button, which is this one, so move the one item whose box no longer
    says its own place. Without JavaScript as with htmx."""
    routine = _own_routine(request, pk)
    items = list(routine.items.select_related("routine", "exercise"))
    known = {f"place-{item.pk}" for item in items}
    if any(name.startswith("place-") and name not in known for name in request.POST):
        # A box of an item no longer in the routine: the page is out of date.
        raise ItemGone(routine)
    changed = [
        item
        for item in items
        if request.POST.get(f"place-{item.pk}", str(item.position)).strip() != str(item.position)
    ]
    if len(changed) != 1:
        error = "Type a new place in one exercise's Place box, then press Enter or Move."
        return _refused(request, routine, error=error)
    return _move(request, changed[0])


def _move(request: HtmxHttpRequest, item: RoutineItem) -> HttpResponse:
    routine = item.routine
    form = MoveItemForm(request.POST, item=item)
    if not form.is_valid():
        return _refused(request, routine, error=next(iter(form.errors.values()))[0])
    target = form.target(item.position)
    direction = form.cleaned_data.get("direction")
    try:
        services.routine_move_item(item=item, to_position=target)
    except ValidationError as error:
        message = error.messages[0]
        if direction == MoveItemForm.UP:
            message = f"{item.exercise.name} is already first."
        elif direction == MoveItemForm.DOWN:
            message = f"{item.exercise.name} is already last."
        return _refused(request, routine, error=message)
    count = routine.items.count()
    focus = f"item-{item.pk}-heading"
    if direction:
        # Keep the keyboard on the button just used, or its twin once the item reaches an end.
        at_end = target == (1 if direction == MoveItemForm.UP else count)
        other = MoveItemForm.DOWN if direction == MoveItemForm.UP else MoveItemForm.UP
        focus = f"move-{other if at_end else direction}-{item.pk}"
    return _done(
        request,
        routine,
        notice=f"Moved {item.exercise.name} to number {target} of {count}.",
        focus=focus,
        anchor=f"item-{item.pk}",
    )


def preset_notice(label: str, *, changed: int, kept: int) -> str:
    """What applying the dose preset `label` did: `changed` items re-dosed, `kept` left as the
    coach had changed them. "Set the dose preset to Light: re-dosed 2 exercises, left 1 you
    had changed."; with nothing re-dosed, "no dose changed" (not "re-dosed 0 exercises")."""
    if changed:
        done = f"re-dosed {changed} exercise{'' if changed == 1 else 's'}"
    else:
        done = "no dose changed"
    kept_words = f"{',' if changed else ';'} left {kept} you had changed" if kept else ""
    return f"Set the dose preset to {label}: {done}{kept_words}."


@require_POST
@coach_required
@once_per_submission(version=_routine_version)
def routine_preset(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    routine = _own_routine(request, pk)
    form = PresetForm(request.POST)
    if not form.is_valid():
        return _refused(request, routine, preset_form=form, focus="preset_level")
    preset = dosing.Preset(form.cleaned_data["level"])
    result = services.routine_apply_preset(routine=routine, level=preset)
    notice = preset_notice(preset.label, changed=len(result.changed), kept=len(result.left_alone))
    reach = builder_reach(routine, _builder_items(routine))
    if not reach.label:
        notice += f" It doses none of this routine's exercises: {reach.why_none}."
    action = {
        "action": "preset",
        "level": result.previous_level,
        "doses": {str(pk): values for pk, values in result.previous_doses.items()},
        "since": services.routine_version(routine),
    }
    return _done(
        request,
        routine,
        notice=notice,
        focus="preset-apply",
        anchor="routine-panel",
        undo=_undo_offer(routine, action),
        left_alone=result.left_alone,
    )


# Whole-routine actions: plain forms that redirect.


def _duplicate_page(
    request: HtmxHttpRequest, routine: Routine, form: DuplicateForm, *, status: int = 200
) -> HttpResponse:
    """The "Duplicate" step: a page of its own; to htmx (the builder's Duplicate link, the
    form sent back with errors) the form alone, which takes the focus."""
    partial = bool(request.htmx and not request.htmx.boosted)
    template = f"{DUPLICATE_TEMPLATE}#duplicate_form" if partial else DUPLICATE_TEMPLATE
    context = {"routine": routine, "form": form, "in_builder": partial}
    return render(request, template, context, status=status)


def _routine_duplicate_resent(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The copy's form sent again after Back with other words: shown back as sent, no second
    copy made."""
    routine = _own_routine(request, pk)
    form = DuplicateForm(request.POST, original=routine)
    form.is_valid()
    form.add_error(None, RESENT)
    return _duplicate_page(request, routine, form, status=409)


@never_cache
@require_http_methods(["GET", "POST"])
@coach_required
@once_per_submission(resent=_routine_duplicate_resent)
def routine_duplicate(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A copy of the routine, after asking what it is called and who it is for (the title
    offered with "Copy of", who it is for left empty): two copies that kept the original's
    title and runner could not be told apart in the coach's list. A POST without the form's
    fields (the one-button form of a page drawn before this step) shows the step."""
    routine = _own_routine(request, pk)
    if request.method == "POST" and "title" in request.POST:
        form = DuplicateForm(request.POST, original=routine)
        if form.is_valid():
            copy = services.routine_duplicate(
                routine=routine,
                owner=request.user,
                title=form.cleaned_data["title"],
                for_whom=form.cleaned_data["for_whom"],
            )
            messages.success(
                request,
                f"Made a copy of “{routine.title}”. You are now editing the copy.",
                extra_tags=FOCUS_MESSAGE,
            )
            if request.htmx:
                response = HttpResponse(status=200)
                response["HX-Redirect"] = copy.get_absolute_url()
                return response
            return redirect(copy)
        autofocus_first_error(form)
        return _duplicate_page(request, routine, form, status=422)
    if request.method == "POST":
        return redirect("routines:duplicate", pk=routine.pk)
    form = DuplicateForm(initial={"title": services.copy_title(routine.title)}, original=routine)
    return _duplicate_page(request, routine, form)


@never_cache  # the step depends on whether the routine is shared and archived: never cached
@require_http_methods(["GET", "POST"])
@coach_required
@once_per_submission
def routine_archive(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Archive or unarchive. Archiving a shared routine asks first, on a page of its own (GET,
    as "Stop sharing?"), since the runner's link would otherwise go on working unseen: archive
    and stop sharing, or archive and keep the link (the runner can still log, and anything
    that needs a look still shows at the top of the coach's list and in "Current routines",
    marked Archived). An unshared routine is archived at once (Unarchive undoes it).
    Unarchiving one whose sharing was stopped asks too (_unarchive_step): as it is, or shared
    again with a new link."""
    routine = _own_routine(request, pk)
    if request.method == "GET":
        return _archive_step(request, routine)
    form = ArchiveForm(request.POST)
    if not form.is_valid():
        return _refused(request, routine, error="Choose whether to archive or unarchive.")
    archived = form.cleaned_data["archived"]
    sharing = form.cleaned_data["sharing"]
    if not archived:
        if not sharing and _sharing_was_stopped(routine):
            # A step first: share it again (a new link), or not; never silently.
            return redirect("routines:archive", pk=routine.pk)
        was_shared = routine.share_token is not None
        shared = services.routine_unarchive(
            routine=routine, share_again=sharing == ArchiveForm.SHARE_AGAIN
        )
        message = f"“{routine.title}” is back in your current routines."
        if shared and not was_shared:
            message += (
                " It is shared again with a new link: send it to the runner. The old link "
                "stays stopped."
            )
        elif not shared and routine.sessions.exists():
            message += " It is not shared: share it from here when the runner should log again."
        messages.success(request, message, extra_tags=FOCUS_MESSAGE)
        return redirect(routine)
    if routine.share_token is not None and sharing not in STOP_OR_KEEP:
        # A confirmation step first: it says what archiving does to the runner's link.
        return redirect("routines:archive", pk=routine.pk)
    if sharing == ArchiveForm.STOP_SHARING and routine.share_token is not None:
        services.routine_archive_and_unshare(routine=routine)
        message = (
            f"Archived “{routine.title}” and stopped sharing: the link no longer works. "
            "Their log stays with the routine; choose “Archived routines” in the list to "
            "find it."
        )
    else:
        services.routine_set_archived(routine=routine, archived=True)
        message = f"Archived “{routine.title}”. Choose “Archived routines” in the list to find it."
        if routine.share_token is not None:
            message = f"Archived “{routine.title}”. {ARCHIVED_LINK_WORKS}"
    messages.success(request, message, extra_tags=FOCUS_MESSAGE)
    return redirect("routines:list")


STOP_OR_KEEP = (ArchiveForm.STOP_SHARING, ArchiveForm.KEEP_SHARING)

#: What archiving a shared routine and keeping its link means, said on the step and after.
ARCHIVED_LINK_WORKS = (
    "Its share link still works: the runner can still read it and log sessions, and anything "
    "in their log that needs a look still shows at the top of your routines and in “Current "
    "routines”, marked Archived."
)


def _sharing_was_stopped(routine: Routine) -> bool:
    """Archived, not shared, with a runner's log: shared once, and its sharing stopped
    (archive and stop sharing, or stop sharing), so unarchiving asks whether to share it
    again."""
    return routine.archived and routine.share_token is None and routine.sessions.exists()


def _unarchive_step(request: HtmxHttpRequest, routine: Routine) -> HttpResponse:
    """Unarchive a routine whose sharing was stopped: as it is, or shared again with a new
    link, the coach's explicit choice (the link they stopped is never brought back)."""
    return render(
        request,
        "routines/confirm.html",
        {
            "confirm_title": f"Unarchive “{routine.title}”?",
            "confirm_text": (
                "It is not shared: you stopped its link, so the runner cannot log sessions. "
                "Their log stays with the routine either way."
            ),
            "confirm_points": (
                "Unarchive, not shared: back in your current routines; you can share it "
                "later from the routine.",
                "Unarchive and share again: a new link, with a new address, to send to the "
                "runner. The old link, and the QR codes printed with it, stay stopped.",
            ),
            "confirm_action": reverse("routines:archive", args=[routine.pk]),
            "confirm_fields": [("archived", "0")],
            "confirm_buttons": [
                {"label": label, "name": "sharing", "value": value, "style": style}
                for label, value, style in (
                    ("Unarchive, not shared", ArchiveForm.NOT_SHARED, "btn-primary"),
                    ("Unarchive and share again", ArchiveForm.SHARE_AGAIN, "btn-outline-primary"),
                )
            ],
            "cancel_url": routine.get_absolute_url(),
            "cancel_label": "Keep it archived",
        },
    )


def _archive_step(request: HtmxHttpRequest, routine: Routine) -> HttpResponse:
    back = routine.get_absolute_url()
    if _sharing_was_stopped(routine):
        return _unarchive_step(request, routine)
    if routine.archived:
        # A stale step (Back after archiving, or archived in another window): say so.
        return render(
            request,
            "routines/confirm.html",
            {
                "confirm_title": f"“{routine.title}” is archived",
                "confirm_text": "It was already archived (perhaps in another window).",
                "confirm_action": "",
                "cancel_url": back,
                "cancel_label": "Back to the routine",
            },
        )
    shared = routine.share_token is not None
    buttons = (
        [
            ("Archive and stop sharing", ArchiveForm.STOP_SHARING, "btn-warning"),
            ("Archive, keep the link", ArchiveForm.KEEP_SHARING, "btn-outline-primary"),
        ]
        if shared
        else [("Archive", ArchiveForm.KEEP_SHARING, "btn-primary")]
    )
    return render(
        request,
        "routines/confirm.html",
        {
            "confirm_title": f"Archive “{routine.title}”?",
            "confirm_text": (
                "It is shared: archiving alone does not stop the runner's link."
                if shared
                else "It is not shared (perhaps stopped in another window). "
                "Unarchive brings it back."
            ),
            "confirm_points": (
                (
                    "Archive and stop sharing: the link stops working at once, so the runner "
                    "can no longer log sessions. Sheets and PDFs printed until now: their QR "
                    "code opens that link.",
                    f"Archive, keep the link: {ARCHIVED_LINK_WORKS}",
                )
                if shared
                else ()
            ),
            "confirm_after": "Their log stays with the routine either way." if shared else "",
            "confirm_action": reverse("routines:archive", args=[routine.pk]),
            "confirm_fields": [("archived", "1")],
            "confirm_buttons": [
                {"label": label, "name": "sharing", "value": value, "style": style}
                for label, value, style in buttons
            ],
            "cancel_url": back,
            "cancel_label": "Keep it current",
        },
    )


@never_cache  # the question depends on whether the link still works: never from a cache
@require_http_methods(["GET", "POST"])
@coach_required
@once_per_submission
def routine_share(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Share (a new link) or stop sharing. Replacing a link that works and stopping ask first,
    each on a page of its own (GET: `?new=1` for a new link), since the runner's saved link
    stops working (Back and a reload ask again only while the link still works, and say so
    once it has stopped); every POST that acts ends on the builder's #share
    (Post/Redirect/Get). A first link is made at once: no link is lost."""
    routine = _own_routine(request, pk)
    # Back at what was done, which takes the focus (builder.html: #share-now, #share-stopped).
    builder_share = f"{routine.get_absolute_url()}#share-now"
    if request.method == "GET":
        if request.GET.get("new"):
            return _new_link_step(request, routine)
        return _stop_sharing_step(request, routine)
    form = ShareForm(request.POST)
    if not form.is_valid():
        return _refused(request, routine, error="Choose whether to share or stop sharing.")
    if form.cleaned_data["action"] == ShareForm.ISSUE:
        if routine.share_token is not None and request.POST.get("confirm") != "yes":
            # A confirmation step first: the runner's link stops working at once.
            return redirect(f"{reverse('routines:share', args=[routine.pk])}?new=1")
        replaced = routine.share_token is not None
        services.routine_share(routine=routine)
        messages.success(
            request,
            NEW_LINK_REPLACED if replaced else FIRST_LINK_MADE,
            extra_tags="share",
        )
        return redirect(builder_share)
    elif request.POST.get("confirm") != "yes":
        # A confirmation step first: the runner's link stops working at once.
        return redirect("routines:share", pk=routine.pk)
    elif routine.share_token is None:
        messages.info(request, SHARING_ALREADY_STOPPED, extra_tags="share")
    else:
        services.routine_unshare(routine=routine)
        messages.success(request, "Stopped sharing. The link no longer works.", extra_tags="share")
    # htmx too (no share form on the page sends one): it follows the redirect.
    return redirect(f"{routine.get_absolute_url()}#share-stopped")


#: After "Create a share link" on a routine with no link that works (never shared, or sharing
#: stopped): no runner's link stops working, so none is mentioned.
FIRST_LINK_MADE = "Made a share link. Anyone who has it can read this routine."
#: After "Make a new link" (confirmed): the runner's saved link stops working.
NEW_LINK_REPLACED = (
    "Made a new share link. Anyone who has it can read this routine; "
    "the earlier link no longer works."
)

#: What ends with the link that works now, said on both steps that end it ("Make a new link",
#: "Stop sharing"): the runner's link, with an entry typed but not sent, and every sheet and PDF
#: printed while it worked, whose QR code opens it.
LINK_STOPS_WORKING = (
    "The runner's link: an entry they are filling in but have not sent is not saved.",
    "Sheets and PDFs printed until now: their QR code opens that link.",
)

SHARING_ALREADY_STOPPED = (
    "Sharing had already stopped (perhaps in another window): the link no longer works."
)


def _new_link_step(request: HtmxHttpRequest, routine: Routine) -> HttpResponse:
    shared = routine.share_token is not None
    return render(
        request,
        "routines/confirm.html",
        {
            "confirm_title": (
                f"Make a new link for “{routine.title}”?"
                if shared
                else f"Make a share link for “{routine.title}”?"
            ),
            "confirm_text": (
                "What stops working at once:"
                if shared
                else "It is not shared now (perhaps stopped in another window), so no link "
                "stops working."
            ),
            "confirm_points": LINK_STOPS_WORKING if shared else (),
            "confirm_after": (
                "Send the runner the new link and print the sheet again. Their log stays here."
                if shared
                else ""
            ),
            "confirm_action": reverse("routines:share", args=[routine.pk]),
            "confirm_fields": [("action", ShareForm.ISSUE)],
            "confirm_button": "Make a new link" if shared else "Make a share link",
            "confirm_style": "btn-warning",
            "cancel_url": f"{routine.get_absolute_url()}#share",
            "cancel_label": "Keep the current link" if shared else "Back to the routine",
        },
    )


def _stop_sharing_step(request: HtmxHttpRequest, routine: Routine) -> HttpResponse:
    cancel_url = f"{routine.get_absolute_url()}#share"
    if routine.share_token is None:
        # A stale step (Back after stopping, or stopped in another window): say so.
        return render(
            request,
            "routines/confirm.html",
            {
                "confirm_title": f"“{routine.title}” is not shared",
                "confirm_text": SHARING_ALREADY_STOPPED,
                "confirm_action": "",
                "cancel_url": cancel_url,
                "cancel_label": "Back to the routine",
            },
        )
    return render(
        request,
        "routines/confirm.html",
        {
            "confirm_title": f"Stop sharing “{routine.title}”?",
            "confirm_text": "What stops working at once:",
            "confirm_points": LINK_STOPS_WORKING,
            "confirm_after": (
                "The runner can no longer log sessions. Their log stays here. "
                "You can share again later, with a new link."
            ),
            "confirm_action": reverse("routines:share", args=[routine.pk]),
            "confirm_fields": [("action", ShareForm.REVOKE)],
            "confirm_button": "Stop sharing",
            "cancel_url": cancel_url,
            "cancel_label": "Keep sharing",
        },
    )


# The printed sheet, its PDF, and the runner's shared view: one layout.


def _items_of(routine: Routine) -> list[RoutineItem]:
    """The routine's items with their exercises: one query, or none when the cache has them.
    They are the coach's routine and the catalogue, nothing a runner logs, so they are kept
    under the routine's last change (any change to its items moves `updated`) and the
    catalogue version (an exercise's name or dose), which every read checks."""
    key = f"routines:items:{routine.pk}:{routine.updated.isoformat()}:{catalogue_version()}"
    items = cache.get(key)
    if items is None:
        items = list(routine.items.select_related("exercise"))
        cache.set(key, items, timeout=SHEET_PARTS_SECONDS)
    return items


class SheetExercise(NamedTuple):
    """What the sheet keeps of each exercise in the cache (see _for_the_sheet)."""

    step_texts: list[dosing.StepText]
    figure_start: FigureImage | None
    figure_end: FigureImage | None
    sources: list[Source]
    #: What the symptom checker says of the move with pain somewhere (triage.starter
    #: cautions_for, read from its tags and equipment), for the runner: SheetCaution each. The
    #: catalogue's alone, so kept here, under the catalogue version, never worked out a view.
    cautions: tuple["SheetCaution", ...] = ()
    #: What its steps and dose add where they send the runner to the other side while a
    #: caution keeps it to the painful side (triage.starter.unless_words): "unless you have
    #: outer-hip pain"; "" without one (a caution that leaves it out says so itself).
    unless: str = ""


class SheetCaution(NamedTuple):
    """One caution as the runner's sheet says it (starter.MoveCaution.runner_lead, to_runner
    and on paper to_runner_on_paper), with its sources as (title, publisher), as the exercise
    page cites them."""

    lead: str
    text: str
    on_paper: str
    sources: tuple[tuple[str, str], ...]


def _sheet_cautions(
    exercises: dict[int, Exercise],
) -> dict[int, tuple[tuple[SheetCaution, ...], str]]:
    """The cautions of each of `exercises` (by pk) for the sheet: every one the symptom checker
    has for the move (triage.starter.cautions_for, as the builder and the exercise page read
    them, with the move's equipment: step work), its sources named; with the words its steps
    and dose add to "the other side" where one keeps it to the painful side
    (starter.unless_words). Two queries (the moves'
    equipment, the cautions' sources), run only when the sheet's cached exercises are missing."""
    equipment: dict[int, list[str]] = {pk: [] for pk in exercises}
    links = Exercise.equipment.through.objects.filter(exercise_id__in=exercises)
    for link in links.values_list("exercise_id", "equipment__slug"):
        equipment[link[0]].append(link[1])
    found = {
        pk: starter.cautions_for(
            exercise.slug,
            exercise.position,
            unilateral=exercise.unilateral,
            kind=exercise.kind,
            equipment=equipment[pk],
        )
        for pk, exercise in exercises.items()
    }
    slugs = {slug for cautions in found.values() for c in cautions for slug in c.sources}
    names = (
        dict(
            (source.slug, (source.title, source.publisher))
            for source in Source.objects.filter(slug__in=slugs).only("slug", "title", "publisher")
        )
        if slugs
        else {}
    )
    return {
        pk: (
            tuple(
                SheetCaution(
                    c.runner_lead,
                    c.to_runner,
                    c.to_runner_on_paper,
                    tuple(names[slug] for slug in c.sources if slug in names),
                )
                for c in cautions
            ),
            starter.unless_words(cautions),
        )
        for pk, cautions in found.items()
    }


SHEET_PARTS_SECONDS = 60 * 60


def _counted_items_of(routine: Routine) -> list[session_views.CountedItem]:
    """The routine's items as the log's history reads them (session_views.CountedItem: id,
    how often due, exercise name), cached as _items_of's are and under the same things (the
    routine's last change and the catalogue version; nothing a runner logs): a few small
    tuples, which the cache gives back in a small share of the time the items themselves
    take (their models unpickled: about 0.3 ms in-process for 12). Made from _items_of's
    when missing (its cache or its one query): no query of its own."""
    key = f"routines:counted-items:{routine.pk}:{routine.updated.isoformat()}:{catalogue_version()}"
    items = cache.get(key)
    if items is None:
        items = [
            session_views.CountedItem(
                item.pk, item.frequency_period, item.frequency_min, item.exercise.name
            )
            for item in _items_of(routine)
        ]
        cache.set(key, items, timeout=SHEET_PARTS_SECONDS)
    return items


def _for_the_sheet(items: list[RoutineItem]) -> list[RoutineItem]:
    """What the sheet shows of each exercise besides its name, read only when the sheet's
    cached fragment is missing: its steps (`item.step_texts`, dosing.StepText in order) and
    its start and end figures (`item.figure_start`, `item.figure_end`: FigureImage or None,
    drawn by {% figure_image %}; the PDF draws them inline instead), and its sources
    (`item.sources`, for the sheet's list of sources: _sheet_sources); its steps for its side
    (`item.sheet_steps`, the routine_sheet.sheet_steps filter's); and, from its dose,
    worked out once, its line (`item.sheet_dose_line`) and its tick rows (`item.tick_rows`).

    Kept in the cache per exercise and catalogue version (any change to an exercise, its steps,
    figure or sources makes a new version, so a new key): one cache read for the whole sheet,
    as each read is a round trip with Redis; the exercises missing are read in two queries
    (steps, sources)."""
    version = catalogue_version()
    keys = {
        item.exercise_id: f"routines:sheet-exercise:{version}:{item.exercise_id}" for item in items
    }
    found = cache.get_many(set(keys.values()))
    missing = {
        item.exercise_id: item.exercise for item in items if keys[item.exercise_id] not in found
    }
    if missing:
        texts: dict[int, list[dosing.StepText]] = {pk: [] for pk in missing}
        for step in Step.objects.filter(exercise_id__in=missing):
            texts[step.exercise_id].append(
                dosing.StepText(
                    step.text, switches_sides=step.switches_sides, one_side_text=step.one_side_text
                )
            )
        starts = figure_images(missing.values(), "start")
        ends = figure_images(missing.values(), "end")
        cited: dict[int, list[Source]] = {pk: [] for pk in missing}
        links = Exercise.sources.through.objects.filter(exercise_id__in=missing)
        for link in links.select_related("source"):
            cited[link.exercise_id].append(link.source)
        cautions = _sheet_cautions(missing)
        made = {
            keys[pk]: SheetExercise(
                texts[pk], starts.get(pk), ends.get(pk), cited[pk], *cautions[pk]
            )
            for pk in missing
        }
        cache.set_many(made, timeout=SHEET_PARTS_SECONDS)
        found.update(made)
    for item in items:
        kept = found[keys[item.exercise_id]]
        item.step_texts, item.figure_start, item.figure_end = kept[:3]
        item.sources = kept.sources
        item.cautions = kept.cautions
        item.side_unless = kept.unless
        # Its steps for its side, read by the card as they are: a {% with %} per card to
        # hold them cost the sheet of 60 items 5 ms of its full render (bench/measure.py).
        item.sheet_steps = sheet_steps(item)
        # The dose worked out once for the card's line and its tick rows (each asked for it
        # again: four times an item with the sheet's count of those done several times a day).
        dose = item.dose()
        item.sheet_dose_line = dosing.short_line(dose, unless=item.side_unless)
        item.tick_rows = tick_rows_of(dose)
    return items


def _sheet_sources(items: list[RoutineItem]) -> list[Source]:
    """The sources of the sheet's exercises (their `sources`, from _for_the_sheet), each once,
    by kind then title: no query and no cache read of their own."""
    unique = {source.pk: source for item in items for source in item.sources}
    return sorted(unique.values(), key=lambda source: (source.kind, source.title))


class SheetCards(NamedTuple):
    """The sheet's items as it shows them (see _sheet_cards)."""

    #: One dict an item, in order: pk, exercise_id, position, name, dose_line (capitalised),
    #: steps (for its side), coach_note, has_figure, figure_start and figure_end (FigureImage
    #: or None) and tick_rows (routine_sheet.TickRow, one a side).
    items: list[dict]
    #: The dose preset's label where it doses these exercises (dosing.PresetReach.label).
    preset_label: str
    #: Whether an item is done several times a day (its tick rows have a box a day).
    several_a_day: bool
    #: The exercises' sources, each once, by kind then title: dicts of title and publisher.
    sources: list[dict]


def _sheet_cards_key(routine: Routine) -> str:
    return (
        f"routines:sheet-cards:{routine.pk}:{routine.updated.isoformat()}:{routine.level}:"
        f"{catalogue_version()}"
    )


def _sheet_cards(
    routine: Routine, read: list[RoutineItem] | None = None, reads: ReadAhead | None = None
) -> SheetCards:
    """What the sheet shows of the routine's items, as plain values (SheetCards): one cache
    read, in place of the items with their exercises (every column of both, unpickled as
    models: 150 KB for 60 items), each exercise's steps, figures and sources, and each item's
    dose worked out again for its line, its tick rows and the preset's label. Kept, as the
    items (_items_of) and the builder's cards are, under the routine's last change (any
    change to its items moves `updated`), its dose preset and the catalogue version: the
    coach's routine and the catalogue, nothing a runner logs. When missing, made from the
    items (`read`, else _items_of) and their exercises' cached parts (_for_the_sheet).
    `reads`: where the page read it ahead, if it did."""
    key = _sheet_cards_key(routine)
    cards = (reads or cache).get(key)
    if cards is None:
        items = _for_the_sheet(_items_of(routine) if read is None else list(read))
        preset = routine.preset
        cards = SheetCards(
            items=[
                {
                    "pk": item.pk,
                    "exercise_id": item.exercise_id,
                    "position": item.position,
                    "name": item.exercise.name,
                    "dose_line": capfirst(item.sheet_dose_line),
                    "steps": item.sheet_steps,
                    "coach_note": item.coach_note,
                    "has_figure": bool(item.exercise.figure),
                    "figure_start": item.figure_start,
                    "figure_end": item.figure_end,
                    "tick_rows": tuple(item.tick_rows),
                    # What the symptom checker says of the move with pain somewhere, for the
                    # runner (SheetCaution): the catalogue's, kept with the cards.
                    "cautions": item.cautions,
                }
                for item in items
            ],
            preset_label=dosing.preset_reach(
                preset, [item.preset_facts(preset) for item in items]
            ).label,
            several_a_day=any(row.per_day for item in items for row in item.tick_rows),
            sources=[
                {"title": source.title, "publisher": source.publisher}
                for source in _sheet_sources(items)
            ],
        )
        cache.set(key, cards, timeout=SHEET_PARTS_SECONDS)
    return cards


def _share_qr_key(share_url: str, scale: int) -> str:
    return f"routines:share-qr:{scale}:{hashlib.sha256(share_url.encode()).hexdigest()}"


def _share_qr(share_url: str, *, scale: int = 3, reads: ReadAhead | None = None) -> str:
    """The share link as a QR code (an SVG data URI), or "" when there is none. Drawing one
    takes a few milliseconds, so each link's is kept in the cache, keyed by a digest of the
    link (which depends on nothing else) and the scale (the builder draws it larger than the
    sheet): a new link is a new key. `reads`: where the page read it ahead, if it did."""
    if not share_url:
        return ""
    key = _share_qr_key(share_url, scale)
    qr = (reads or cache).get(key)
    if qr is None:
        qr = segno.make(share_url, error="m").svg_data_uri(scale=scale, border=2)
        cache.set(key, qr, timeout=SHARE_QR_SECONDS)
    return qr


def _sheet_context(
    request: HtmxHttpRequest,
    routine: Routine,
    read: list[RoutineItem] | None = None,
    *,
    share_url: str | None = None,
) -> dict:
    """What the sheet shows. Its items' cards (_sheet_cards) are read, and its QR code drawn,
    only when the sheet's cached fragment (keyed by the routine's last change) is missing,
    both in one cache read. `read`: the routine's items with their exercises, when the caller
    has read them already (used only if the cards are missing); `share_url`: the routine's
    absolute share link, when the caller has made it."""
    if share_url is None:
        share_url = _absolute_share_url(request, routine)
    reads = ReadAhead()
    keys = [_sheet_cards_key(routine)]
    if share_url:
        keys.append(_share_qr_key(share_url, 3))

    def read_ahead() -> ReadAhead:
        reads.read(keys)  # once: a key already read is not asked again
        return reads

    sheet = SimpleLazyObject(lambda: _sheet_cards(routine, read, read_ahead()))
    return {
        "routine": routine,
        "catalogue_version": catalogue_version(),
        "sheet": sheet,
        "items": SimpleLazyObject(lambda: sheet.items),
        "sources": SimpleLazyObject(lambda: sheet.sources),
        # The moves themselves, for the PDF's inline figures only ({% pdf_figure %}).
        "sheet_exercises": SimpleLazyObject(
            lambda: {
                item.exercise_id: item.exercise
                for item in (_items_of(routine) if read is None else read)
            }
        ),
        "share_url": share_url,
        "share_qr": SimpleLazyObject(lambda: _share_qr(share_url, reads=read_ahead())),
        # The printed sheet names the symptom checker in full (it is read on paper): made
        # when the printed sheet asks (its cache key and its fragment), not on the screen's
        # pages, which never show it.
        "checker_url": SimpleLazyObject(lambda: request.build_absolute_uri(reverse("triage:form"))),
        "weeks": range(1, WEEKS_TO_LOG + 1),
        "weekdays": WEEKDAYS,
        # Each shape of tick rows drawn once for the whole sheet ({% tick_grid %}).
        "tick_grids": {},
    }


def _sheet_routine(queryset, **lookup) -> Routine:
    return _with_catalogue_version(
        get_object_or_404(_reading_catalogue_version(queryset.select_related("owner")), **lookup)
    )


def _readable_sheet_routine(request: HtmxHttpRequest, pk: int) -> Routine:
    """The routine a sheet view shows, read once per request: its ETag and its page both
    need it."""
    found = getattr(request, "hipcare_sheet_routine", None)
    if found is None or found.pk != pk:
        found = _sheet_routine(Routine.objects.readable_by(request.user), pk=pk)
        request.hipcare_sheet_routine = found
    return found


def _render_sheet(request: HtmxHttpRequest, template: str, pk: int) -> HttpResponse:
    routine = _readable_sheet_routine(request, pk)
    return render(request, template, _sheet_context(request, routine))


def _browser_zone_name() -> str | None:
    """The zone this request runs in when it is the browser's own (its cookie), else None:
    the default, UK time, applies only for want of one (hipcare.timezones.zone_known)."""
    return timezone.get_current_timezone_name() if timezones.zone_known() else None


def pdf_papers() -> tuple:
    """The PDF's paper sizes for this request, the zone's own first (routines.paper): US
    Letter first in North America, A4 first elsewhere and where the zone is not known."""
    return papers_for_zone(_browser_zone_name())


def _print_etag(request: HtmxHttpRequest, pk: int) -> str | None:
    """What the printed sheet shows: the routine and its items (any change moves `updated`),
    its share link (the QR code), its coach's name, the catalogue's exercises (page_etag adds
    the zone its "Updated" day is written in)."""
    routine = _readable_sheet_routine(request, pk)
    owner = routine.owner
    return page_etag(
        request,
        "print",
        routine.pk,
        routine.updated.isoformat(),
        routine.share_token,
        owner.get_username(),
        owner.get_full_name(),
        catalogue_version(),
    )


@require_GET
@reader_required
@conditional_page(_print_etag)
def routine_print(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    routine = _readable_sheet_routine(request, pk)
    context = {**_sheet_context(request, routine), "papers": pdf_papers()}
    return render(request, "routines/print.html", context)


@require_GET
@reader_required
def routine_pdf(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    # The zone the link was drawn for (routines.paper.Paper.query; "" where it was not known):
    # the PDF's number and dates are read in it, as its paper is, so the link's label, the
    # paper and the number are one reading, even where the cookie has changed since (a coach
    # whose cookie said New York opening the builder in Auckland). Without it (a link from
    # before), the request's own zone.
    if "zone" in request.GET:
        with timezones.browser_zone(timezones.zone_named(request.GET["zone"])):
            return _routine_pdf(request, pk)
    return _routine_pdf(request, pk)


def _routine_pdf(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    routine = _sheet_routine(Routine.objects.readable_by(request.user), pk=pk)
    html = render_to_string(
        "routines/print.html", {**_sheet_context(request, routine), "pdf": True}, request
    )
    # The size asked for (the print view and the builder offer both); else, or for anything
    # else, the zone's own: US Letter in North America, A4 elsewhere and where not known.
    size = request.GET.get("paper", "")
    size = size if size in PAPER_SIZES else paper_for_zone(_browser_zone_name())
    # The paper in the name, so the two downloads do not take each other's name. The title's
    # letters in any script (a slug: no quotes, slashes or controls); a name that is not ASCII
    # is sent as filename* (RFC 6266), which content_disposition_header does.
    slug = slugify(routine.title, allow_unicode=True)[:60] or "routine"
    filename = f"hipcare-{slug}-{routine.pk}-{size}.pdf"
    return HttpResponse(
        html_to_pdf(html, paper=PAPER_SIZES[size]),
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


@never_cache  # the runner's log is health data: never cached, here or on the way
@require_GET
@session_views._link_gone_in_place
def shared_routine(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The runner's view: the routine and their log. No sign-in, kept out of search engines.
    `?delete=<id>` (an entry's Delete link) shows that entry's "Delete this entry?" step, and
    `?morning=<id>` (an answered entry's Change link) its next-morning radios again: the page,
    or for htmx the log alone; nothing is changed by a GET.

    Once the link is withdrawn (or for one that never was), a 404 saying "This link no longer
    works: ask your coach for a new one" in the site's layout, or in the page's alert region
    for htmx, with DEBUG on too: a gone link is what a runner meets, not a developer's error,
    so it is not left to Django's technical 404 page (session_views._link_gone_in_place)."""
    confirm_delete = session_views.entry_id(request.GET.get("delete", ""))
    # `?logged=<id>`: the page a log form sent without JavaScript comes back to
    # (session_views._answer), the entry's advice first when more urgent than the advice now.
    just_logged = session_views.entry_id(request.GET.get("logged", ""))
    change_morning = session_views.entry_id(request.GET.get("morning", ""))
    # `?entry=<id>`: an entry's "Keep it" (or "Keep" its answer), back at the entry, focused.
    kept = session_views.entry_id(request.GET.get("entry", ""))
    if confirm_delete is not None and request.htmx:
        return session_views.confirm_delete_partial(request, token, confirm_delete)
    if change_morning is not None and request.htmx:
        return session_views.change_morning_partial(request, token, change_morning)
    if kept is not None and request.htmx:
        return session_views.kept_entry_partial(request, token, kept)
    entry = confirm_delete or change_morning or kept
    focus = session_views.entry_focus(confirm_delete, change_morning or kept)
    gone = ""
    if entry and not SessionLog.objects.filter(routine__share_token=token, pk=entry).exists():
        # Deleted since the page was loaded (another tab): said, rather than no step at all.
        gone, focus = session_views.ENTRY_GONE, ""
    return shared_page(
        request,
        token=token,
        focus=focus,
        confirm_delete=confirm_delete,
        change_morning=change_morning,
        gone=gone,
        # The page as opened links to the history; an entry's step shows it, and so does the
        # page a change without JavaScript comes back to (its notice is waiting), so the
        # runner sees the entry they just logged, answered or deleted.
        history=bool(entry or len(messages.get_messages(request))),
        just_logged=just_logged,
    )


def shared_page(
    request: HtmxHttpRequest,
    *,
    token: str,
    form=None,
    status: int = 200,
    error: str = "",
    focus: str = "",
    confirm_delete: int | None = None,
    change_morning: int | None = None,
    pending_advice=None,
    history: bool = True,
    gone: str = "",
    stale: tuple[int, str] | None = None,
    just_logged: int | None = None,
) -> HttpResponse:
    """The shared page: the sheet, then the log (routines/session_views.py); `form` is the
    log form sent back with its errors, `error` a refusal to show above the log, `gone` one
    to show in the log (an entry deleted since the page was loaded), `stale` (an entry's
    id, why) a next-morning answer refused as given or changed in another tab, shown beside
    that entry (session_views.refused_beside). `history`: the log's
    chart, week table and newest entries too (after a change, or for an entry's step); the
    page as first opened links to them instead (session_views.session_history), so opening
    the routine or the form reads and draws less. 404 once the link is revoked."""
    # The routine with its coach (whom the sheet names), the catalogue version and how many
    # sessions it has, in one query (shared_routine). With nothing logged the log needs no
    # other query.
    routine = routine_by_token(token)
    total = routine.session_total
    items = SimpleLazyObject(lambda: _items_of(routine))
    log = session_views.shared_log_context(
        routine,
        items,
        form=form,
        focus=focus or ("log-form" if form is not None else ""),
        logged=bool(total),
        total=total,
        change_morning=change_morning,
        pending_advice=pending_advice,
        history=history,
        just_logged=just_logged,
        autofocus=True,
    )
    # The log's page is this one, the runner's page: its path as the log reversed it, once.
    page_url = log["log_page_url"]
    context = _sheet_context(
        request, routine, items, share_url=request.build_absolute_uri(page_url)
    )
    context.update(log)
    context["log_error"] = error
    context["confirm_delete"] = confirm_delete
    context["log_gone"] = gone
    # Loaded whole: the entry asked for takes the focus without a script (autofocus).
    context["log_whole_page"] = True
    session_views.refused_beside(context, stale, stale=True)
    # What the log and its top line ask that only other pages and answers set (an htmx
    # answer's out-of-band top line and notice, a refusal on top; the top line's links are
    # this page's own fragments, where the history page's go to this page): a value, not a
    # failed lookup each, as the history page does.
    for name in ("log_top_oob", "notice", "log_stale"):
        context.setdefault(name, None)
    context.setdefault("runner_top_page", "")
    # The sheet and the log's cached parts in one cache read (see cached_fragments).
    owner = routine.owner
    sheet = Fragment(
        "routines/_sheet.html",
        "routine-sheet",
        (
            routine.pk,
            routine.updated,
            # The sheet's "Updated" day (the routine's last change) is in the visitor's zone,
            # or says it is UK time where that zone is not known yet.
            timezones.zone_cache_key(),
            owner.get_username(),
            owner.get_full_name(),
            context["catalogue_version"],
            context["share_url"],
            "",  # `pdf`, as the staff's read-only page, which shares the fragment
        ),
    )
    cached_fragments(
        request,
        context,
        {
            "sheet_html": sheet,
            **session_views.log_fragments(context),
            # The page's links to its stylesheets and scripts, in the same read.
            "head_assets_html": static_links("base.html#head-assets", "head-assets"),
            "shared_assets_html": static_links(
                "routines/shared.html#shared-assets", "shared-assets"
            ),
            **_anonymous_header(request),
        },
    )
    # The log rendered on its own and placed in the page as markup, as an htmx request renders
    # it: inside the page's layout its loops ran eight frames deeper, near CPython 3.11's
    # data-stack chunk edge under gunicorn (bench/stack.py).
    context["log_html"] = render_to_string(session_views.LOG_TEMPLATE, context, request)
    response = render(request, "routines/shared.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def _anonymous_header(request: HtmxHttpRequest) -> dict[str, Fragment]:
    """base.html's header as a cached part of the runner's page, for a visitor not signed in
    (the runner): the same for all of them (the site's links and "Sign in"; the page is in no
    section the header marks), so keyed by the script prefix its links are reversed under
    alone. A signed-in visitor (the coach trying the link) gets it drawn for them."""
    if request.user.is_authenticated:
        return {}
    return {
        "header_html": Fragment(
            "base.html#site-header", "site-header-anonymous", (get_script_prefix(),)
        )
    }


PDF_STYLESHEET = "css/sheet.css"


def _static_file(name: str) -> str:
    """A static file's path on disk, from the source tree or from collectstatic's output."""
    return finders.find(name) or staticfiles_storage.path(name)


def _pdf_url_fetcher():
    """WeasyPrint may read data: URLs (the QR code) and nothing else: no network, no files."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # older WeasyPrint takes a function
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args, **kwargs):
            if not url.startswith("data:"):
                raise ValueError(f"HipCare's PDFs fetch nothing: {url[:40]}")
            return default_url_fetcher(url, *args, **kwargs)

        return fetch
    return URLFetcher(allowed_protocols={"data"})


def html_to_document(html: str, *, paper: str = "A4"):
    """The printed routine laid out on `paper` (a CSS page size: "A4" or "letter"), as a
    WeasyPrint Document: its `pages` can be counted, and each page's `anchors` say which
    parts of the sheet it holds."""
    import weasyprint  # imported here: it is slow to load and only this view needs it

    stylesheets = [
        weasyprint.CSS(filename=_static_file(PDF_STYLESHEET)),
        weasyprint.CSS(string=f"@page {{ size: {PAPER_SIZES.get(paper.lower(), 'A4')}; }}"),
    ]
    document = weasyprint.HTML(string=html, url_fetcher=_pdf_url_fetcher())
    return document.render(stylesheets=stylesheets)


def html_to_pdf(html: str, *, paper: str = "A4") -> bytes:
    return html_to_document(html, paper=paper).write_pdf()
