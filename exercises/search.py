"""Catalogue search: what a runner types, matched against the words the catalogue uses.

Every searchable row (an exercise, a muscle, a pain location, a piece of equipment) stores its
words once, stemmed, in a `search_text` column kept up to date when the row is saved (see
`index_text`). A search stems the query the same way and asks the database for rows whose
column holds each query word, so it costs no extra query however large the catalogue grows,
and SQLite and PostgreSQL give the same answer (a plain `LIKE`, the same on both).

What it understands, with the catalogue's own examples:
- word forms, through the Snowball English stemmer: "glute bridges", "bridging" and "Glute
  Bridge" all stem to `glute bridg`;
- spacing and hyphens: "step ups", "step-ups" and "stepups" all find "Lateral Step-Up", and
  "clam shell" finds "Clamshell" (neighbouring words are also indexed joined, and a query
  is also tried with neighbouring words joined);
- the start of a word, for search as you type, but only for the last word typed and only
  when it has at least PREFIX_MIN letters: "clams" finds "Clamshell", while "knee pain"
  does not find "Kneeling" moves (a finished word must match a whole stem);
- the muscles and body areas an exercise works or suits ("hip flexors", "hamstrings",
  "groin", "outer hip"), including the everyday words runners use for them ("glutes",
  "quads", "bum", "inner thigh", "ITB": see SYNONYMS);
- names, aliases and the headings the source articles give each move.

A search that finds nothing can offer the nearest names (`suggestions`, with difflib).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import threading
import unicodedata
from collections.abc import Iterable

import snowballstemmer
from django.core.cache import cache
from django.db.models import Case, Q, QuerySet, Value, When

MAX_WORDS = 8
# The last word typed may be the start of a longer word ("clams" for "Clamshell") once it has
# this many letters; shorter words, and every word before it, must match a whole stem.
PREFIX_MIN = 4

# Words that carry nothing in a catalogue search ("exercises for the glutes").
STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "as", "at", "by", "for", "from", "how", "in", "into", "my", "of"),
        *("on", "or", "the", "to", "with", "your", "exercise", "exercises", "move", "moves"),
        *("workout", "workouts", "pain", "painful", "sore", "hurt", "hurts", "hurting"),
    }
)

# What runners call a muscle or a body area, mapped to the stems the catalogue uses for it.
# Keys and values are stems (see `stem`); a query word matches its own stem or any of these.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "bum": ("buttock", "maximus"),
    "butt": ("buttock", "maximus"),
    "backsid": ("buttock", "maximus"),
    "bottom": ("buttock", "maximus"),
    "gluteal": ("glute",),
    "booti": ("glute",),
    "seat": ("buttock", "maximus"),
    "quad": ("quadricep", "rectus"),
    "thigh": ("quadricep", "hamstr", "adductor", "thigh"),
    "hammi": ("hamstr",),
    "calv": ("calf",),
    "calf": ("calv",),
    "ab": ("core", "abdomin"),
    "abdomin": ("core",),
    "stomach": ("core",),
    "tummi": ("core",),
    "belli": ("core",),
    "oblique": ("core",),
    "itb": ("itband", "iliotibi"),
    "iliotibi": ("itband",),
    "psoa": ("flexor", "iliopsoa"),
    "iliopsoa": ("flexor",),
    "flexor": ("iliopsoa",),
    "inner": ("adductor",),
    "adductor": ("inner",),
    "outer": ("abductor",),
    "abductor": ("outer",),
    "lower": ("low",),
    "lumbar": ("low",),
    "spine": ("back",),
    "rdl": ("romanian",),
    "sciatica": ("piriformi",),
    "foot": ("feet",),
    "feet": ("foot",),
    "four": ("4",),
    "4": ("four",),
}

_local = threading.local()


def stem(word: str) -> str:
    """The Snowball English stem of one lower-case word."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """Lower-case words of a text: accents dropped, apostrophes removed, split on anything
    that is not a letter or a digit ("Runner's step-up" -> ["runners", "step", "up"])."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['\u2019]", "", text)
    return re.findall(r"[a-z0-9]+", text)


def phrase_terms(phrase: str) -> list[str]:
    """The stems a phrase is indexed under: each word, and each pair of neighbouring words
    joined (so "Step-Up" is also `stepup` and "Clam shell" also `clamshel`)."""
    found = words(phrase)
    terms = [stem(word) for word in found]
    terms += [stem(a + b) for a, b in zip(found, found[1:], strict=False)]
    if 2 < len(found) <= 4:
        terms.append(stem("".join(found)))
    return terms


def index_text(phrases: Iterable[str]) -> str:
    """The stored search text of a row: its distinct stems, space-separated, with a space at
    each end so a query can ask for " <stem>" (a stem, or the start of one)."""
    seen: dict[str, None] = {}
    for phrase in phrases:
        for term in phrase_terms(phrase):
            seen.setdefault(term, None)
    return f" {' '.join(seen)} " if seen else ""


def query_words(query: str) -> list[str]:
    """The words of a query that count (no stop words), at most MAX_WORDS of them."""
    found = [word for word in words(query) if word not in STOP_WORDS]
    return (found or words(query))[:MAX_WORDS]


def alternatives(word: str) -> tuple[str, ...]:
    """The stems one query word may match: its own, and those of its everyday synonyms."""
    own = stem(word)
    return (own, *(other for other in SYNONYMS.get(own, ()) if other != own))


def readings(query: str) -> list[list[tuple[tuple[str, ...], bool]]]:
    """The ways a query can be read: its words as typed, then with each pair of neighbouring
    words joined, then all joined ("clam shell" -> [["clam"], ["shell"]] or [["clamshel"]]).
    Each reading is a list of words, each word a pair: a tuple of alternative stems, and
    whether the word may be the start of a longer one (the last word typed, when it is not a
    stop word and has at least PREFIX_MIN letters)."""
    found = query_words(query)
    if not found:
        return []
    typed = words(query)
    open_ended = typed[-1] == found[-1] and len(found[-1]) >= PREFIX_MIN
    spellings = [found]
    for i in range(len(found) - 1):
        spellings.append(found[:i] + [found[i] + found[i + 1]] + found[i + 2 :])
    if len(found) > 2:
        spellings.append(["".join(found)])
    return [
        [
            (alternatives(word), open_ended and position == len(spelling) - 1)
            for position, word in enumerate(spelling)
        ]
        for spelling in spellings
    ]


def _matches(field: str, stems: tuple[str, ...], *, prefix: bool = False) -> Q:
    """Rows whose search text holds one of `stems` as a whole stem, or as the start of one
    when `prefix` is set (the stored text has a space at each end of every stem)."""
    condition = Q()
    for one in stems:
        condition |= Q(**{f"{field}__contains": f" {one}" if prefix else f" {one} "})
    return condition


def search(queryset: QuerySet, query: str) -> QuerySet:
    """The exercises in `queryset` that match every word of `query` (in any reading), by
    their own words or by a muscle, pain location or piece of equipment linked to them.

    Returns the queryset filtered and ranked, with no join that could repeat a row (links are
    matched with `pk IN (subquery)`). Each row has `search_rank`: 0 for a move found by its
    own name, aliases or headings ("hip flexors" -> "Half-Kneeling Hip Flexor Stretch"),
    1 for one whose primary muscles match, 2 for the rest (a secondary muscle, a pain
    location, equipment); rows come in that order. A query with no word that can be searched
    for (only emoji, or a script the catalogue is not written in) matches nothing.
    """
    # Imported here so the pure text functions above can be used without the models loaded.
    from exercises.models import Exercise, ExerciseMuscle

    # Each link table with its foreign key to the linked row whose words are searched: a
    # link matches through a join inside its subquery (`muscle__search_text`), rather than
    # through a subquery of matching rows of its own nested in it: the same rows, and for
    # each word three querysets fewer to build and relabel into the page's query (about
    # half a search's cost in Python).
    links = (
        (Exercise.muscles.through, "muscle"),
        (Exercise.pain_locations.through, "painlocation"),
        (Exercise.equipment.through, "equipment"),
    )
    any_reading = by_its_own_words = by_a_primary_muscle = Q()
    for reading in readings(query):
        every_word = own_words = primary_words = Q()
        for stems, prefix in reading:
            named = _matches("search_text", stems, prefix=prefix)
            one_word = named
            for through, linked_row in links:
                linked = through.objects.filter(
                    _matches(f"{linked_row}__search_text", stems, prefix=prefix)
                )
                one_word |= Q(pk__in=linked.values("exercise_id"))
            primary = ExerciseMuscle.objects.filter(
                _matches("muscle__search_text", stems, prefix=prefix),
                role=ExerciseMuscle.Role.PRIMARY,
            )
            own_words &= named
            primary_words &= named | Q(pk__in=primary.values("exercise_id"))
            every_word &= one_word
        any_reading |= every_word
        by_its_own_words |= own_words
        by_a_primary_muscle |= primary_words
    if not any_reading:
        return queryset.none()
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    return (
        queryset.filter(any_reading)
        .annotate(
            search_rank=Case(
                When(by_its_own_words, then=Value(0)),
                When(by_a_primary_muscle, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("search_rank", *ordering)
    )


def _vocabulary() -> tuple[dict[str, str], frozenset[str]]:
    """Published exercises' names, aliases and article headings (normalised phrase to the
    exercise name it leads to), the names of the muscles those exercises work (to the muscle's
    name), and every word in them; cached per catalogue version."""
    from exercises.catalogue import catalogue_version
    from exercises.models import Exercise, Muscle

    key = f"exercises:search-vocabulary:{catalogue_version()}"
    found = cache.get(key)
    if found is None:
        phrases: dict[str, str] = {}
        for name, aliases, headings in Exercise.objects.published().values_list(
            "name", "aliases", "article_headings"
        ):
            for phrase in [name, *aliases.splitlines(), *headings.splitlines()]:
                normal = " ".join(words(phrase))
                if normal:
                    phrases.setdefault(normal, name)
        worked = Exercise.muscles.through.objects.filter(
            exercise__in=Exercise.objects.published().values("pk")
        )
        for name in Muscle.objects.filter(pk__in=worked.values("muscle_id")).values_list(
            "name", flat=True
        ):
            # "Hip flexors (iliopsoas)" is offered as typed, and found as "hip flexors" too.
            for phrase in (name, name.split("(")[0]):
                normal = " ".join(words(phrase))
                if normal:
                    phrases.setdefault(normal, name)
        vocabulary = frozenset(word for phrase in phrases for word in phrase.split())
        found = (phrases, vocabulary)
        cache.set(key, found, timeout=60 * 60)
    return found


def suggestions(query: str, *, limit: int = 3) -> list[str]:
    """Up to `limit` searches to offer when `query` found nothing, each a name as the catalogue
    spells it (an exercise's or a muscle's), no two the same: first the name the query spells
    once each word is corrected ("glute brdge" -> "Glute Bridge"), then the closest names."""
    normal = " ".join(words(query))
    if not normal:
        return []
    from exercises.catalogue import catalogue_version

    # Comparing with every name costs time as the catalogue grows: keep each answer per version.
    digest = hashlib.sha256(f"{limit}:{normal}".encode()).hexdigest()
    key = f"exercises:search-suggestions:{catalogue_version()}:{digest}"
    found = cache.get(key)
    if found is None:
        found = _suggestions(normal, limit)
        cache.set(key, found, timeout=60 * 60)
    return found


def _suggestions(normal: str, limit: int) -> list[str]:
    phrases, vocabulary = _vocabulary()
    offered: list[str] = []
    corrected = [
        (difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75) or [word])[0]
        for word in normal.split()
    ]

    def offer(name: str) -> None:
        if name.casefold() not in {one.casefold() for one in offered}:
            offered.append(name)

    if corrected != normal.split() and " ".join(corrected) in phrases:
        offer(phrases[" ".join(corrected)])

    for phrase in difflib.get_close_matches(normal, phrases, n=limit * 2, cutoff=0.55):
        offer(phrases[phrase])
    # A word close to a word of a name ("bridg" -> "Glute Bridge") when nothing else is.
    if not offered:
        for word in normal.split():
            for phrase, name in phrases.items():
                if difflib.get_close_matches(word, phrase.split(), n=1, cutoff=0.75):
                    offer(name)
    return offered[:limit]


# How alike a query and a name must be (difflib's ratio, 0 to 1) for a search that found
# nothing to show the name's results instead: one or two letters wrong or missing.
CORRECTION_RATIO = 0.85


def correction(query: str) -> str | None:
    """The name to search for instead of `query` when `query` found nothing and its first
    suggestion is spelled almost the same ("hamstrng" -> "Hamstrings", "glute brdge" ->
    "Glute Bridge"); None when no suggestion is that close."""
    offered = suggestions(query)
    if not offered:
        return None
    typed, name = " ".join(words(query)), " ".join(words(offered[0]))
    if difflib.SequenceMatcher(None, typed, name).ratio() >= CORRECTION_RATIO:
        return offered[0]
    # A name with a note in brackets ("Hamstrings (back of thigh)") is compared without it.
    bare = " ".join(words(offered[0].split("(")[0]))
    if difflib.SequenceMatcher(None, typed, bare).ratio() >= CORRECTION_RATIO:
        return offered[0]
    return None
