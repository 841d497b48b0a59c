"""Cached parts of a page read all at once.

A page with several {% cache %} fragments makes one cache call per fragment; with Redis each
call is a round trip and a client of its own. `cached_fragments` reads a page's fragments with
one get_many, under the keys Django's {% cache %} tag uses (make_template_fragment_key), and
renders and stores the missing ones with one set_many; the template prints the markup from the
context. Used by the runner's shared page, the coach's builder and base.html (hipcare.layout)."""

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache, caches
from django.core.cache.utils import make_template_fragment_key
from django.http import HttpRequest
from django.template.loader import get_template, render_to_string

FRAGMENT_SECONDS = 60 * 60


@dataclass(frozen=True)
class Fragment:
    """A piece of a page cached in the "fragments" cache: `template` (a template or a
    template#partial) rendered with the page's context, under Django's key for a
    {% cache %} fragment `name` varying on `vary_on` (the same key the tag would use). Only
    coach and catalogue data, never what a runner logged, a CSRF token or a one-time key."""

    template: str
    name: str
    vary_on: tuple
    # The keys of the default cache its rendering reads (the data it draws): read together,
    # for every fragment missing, before any is rendered (see ReadAhead).
    reads: tuple[str, ...] = ()


@functools.cache
def template_version(template: str) -> str:
    """A digest of the source of `template` (a template, or a template#partial: its
    template's file) and Django's version, read once per process: a cached part drawn by it is
    keyed by it, since the fragment cache may outlive a deploy (Redis) and a hand-bumped
    constant would be one forgotten bump from serving the old markup."""
    origin = get_template(template.partition("#")[0]).origin.name
    digest = hashlib.sha256(django.get_version().encode())
    digest.update(Path(origin).read_bytes())
    return digest.hexdigest()[:16]


def static_links(template: str, name: str) -> Fragment:
    """A template's links to its stylesheets and scripts (`template` a template#partial holding
    only {% static %} links), as a fragment for cached_fragments: each {% static %} asks the
    storage for the file's hashed name, about a tenth of the runner's page's warm request for
    its eleven. Keyed by the template's source (template_version), the static files' version,
    the manifest's hash (Django's
    `manifest_hash`, which changes whenever a collected file does; none without a manifest,
    as in tests, where a file's URL is its name), STATIC_URL and the CSRF cookie's name
    (static/js/csrf.js is told it); the same for every visitor."""
    return Fragment(
        template,
        name,
        (
            template_version(template),
            getattr(staticfiles_storage, "manifest_hash", ""),
            settings.STATIC_URL,
            settings.CSRF_COOKIE_NAME,
        ),
    )


class ReadAhead:
    """Values of the default cache read with one get_many before a page's missing fragments
    are rendered (with Redis each read is a round trip): the functions that read their data
    take it from here (`get`), and read the cache themselves only for a key not read ahead."""

    def __init__(self):
        self.asked: set[str] = set()
        self.found: dict = {}

    def read(self, keys) -> None:
        keys = set(keys) - self.asked
        if keys:
            self.asked |= keys
            self.found.update(cache.get_many(keys))

    def get(self, key: str):
        """The cached value, or None when it is missing (as cache.get)."""
        if key in self.asked:
            return self.found.get(key)
        return cache.get(key)


def cached_fragments(
    request: HttpRequest,
    context: dict,
    wanted: dict[str, Fragment],
    reads: ReadAhead | None = None,
) -> None:
    """Put each fragment of `wanted` in `context` under its key in `wanted`, as markup: all
    read with one get_many (with Redis, each cache call is a round trip and a client of its
    own), those missing rendered and stored with one set_many. Nothing wanted: no call.
    `reads`: where the missing fragments' data (their `reads`) is read ahead, in one call."""
    if not wanted:
        return
    fragments = caches["fragments"]
    keys = {
        name: make_template_fragment_key(fragment.name, fragment.vary_on)
        for name, fragment in wanted.items()
    }
    found = fragments.get_many(keys.values())
    if reads is not None:
        reads.read(
            key
            for name, fragment in wanted.items()
            if keys[name] not in found
            for key in fragment.reads
        )
    made = {}
    for name, key in keys.items():
        markup = found.get(key)
        if markup is None:
            markup = made[key] = render_to_string(wanted[name].template, context, request)
        context[name] = markup
    if made:
        fragments.set_many(made, timeout=FRAGMENT_SECONDS)
