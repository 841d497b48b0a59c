"""How deep each benchmarked page's code calls, in bytes of CPython's frame stack beyond the
/healthz request's deepest call (which passes every middleware).

CPython 3.11 keeps frames on a stack of 16 KiB chunks; a loop whose calls cross a chunk's edge
maps and unmaps one on every call (python/cpython#142183, fixed only in 3.13), which under
gunicorn's sync worker doubled the log's history page's CPU while it stayed cheap in process.
Django's middleware and nested templates put a page's inner loops about a hundred frames deep,
near the first edge. bench/stack.py counts the chunk maps in the worker as frames are added;
on 2026-11-30 its margins put the edge about 4,200 bytes beyond /healthz's deepest call, as
measured here (the history page, then 4,850 bytes deep, mapped 66 chunks a request; the
shared page with a log, at 3,350, was five of bench/stack.py's 136-byte frames short of it).
This holds every page, as served again and again, to MAX_EXTRA_BYTES, seven such frames short
of the edge, so a template that nests a loop deeper fails here first.
"""

import sys

import pytest
from django.test import Client

from bench.pages import TRIAGE_ANSWERS, Page, pages

pytestmark = pytest.mark.django_db
#: The most bytes of frames a page's deepest call may sit beyond /healthz's.
MAX_EXTRA_BYTES = 3_250
# CPython 3.11's generators and coroutines keep their frames in their own objects, off the
# stack; every other frame takes its locals, cells, free variables and value stack there, and
# eight words of its own (FRAME_SPECIALS_SIZE).
OFF_THE_STACK = 0x20 | 0x80 | 0x200  # CO_GENERATOR, CO_COROUTINE, CO_ASYNC_GENERATOR
WORD = 8


def frame_bytes(code) -> int:
    """About what a call of `code` takes of the frame stack, in bytes (0 for a generator's)."""
    if code.co_flags & OFF_THE_STACK:
        return 0
    slots = code.co_nlocals + len(code.co_cellvars) + len(code.co_freevars) + code.co_stacksize
    return (slots + 8) * WORD


def deepest_call(page, coach, *, htmx: bool = False) -> int:
    """The deepest point of the frame stack, in bytes from the test's own frame, during one
    request for `page` (a bench.pages.Page) as served again and again: its cached fragments
    read from the cache, as bench/stack.py measures it (a fragment rendered once an hour is
    not a loop run on every request)."""
    client = Client()
    if page.coach:
        client.force_login(coach)
    headers = {"HX-Request": "true"} if htmx else {}
    send = client.post if page.method == "POST" else client.get
    kwargs = {"data": page.data} if page.method == "POST" else {}
    assert send(page.path, headers=headers, **kwargs).status_code == 200
    depth = deepest = 0
    calls = []

    def count(frame, event, arg):
        nonlocal depth, deepest
        if event == "call":
            calls.append(frame_bytes(frame.f_code))
            depth += calls[-1]
            deepest = max(deepest, depth)
        elif event == "return":
            depth -= calls.pop()

    sys.setprofile(count)
    try:
        response = send(page.path, headers=headers, **kwargs)
    finally:
        sys.setprofile(None)
    assert response.status_code == 200
    return deepest


@pytest.fixture
def local_caches(settings):
    """Django's local-memory caches, whatever the run's (CI runs the suite with Redis too): a
    cache read through redis-py is one deep call, not a loop, and it put the triage pages'
    deepest call 900 bytes lower; what this test guards is the templates' nesting."""
    settings.CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in settings.CACHES
    }


def test_no_page_calls_much_deeper_than_the_healthz_floor(local_caches, seeded):
    listed = pages(seeded)
    assert listed[0].path == "/healthz"
    floor = deepest_call(listed[0], seeded["coach"])
    extra = {}
    for page in listed[1:]:
        for htmx in (False, True) if page.htmx else (False,):
            name = page.name + (" (htmx)" if htmx else "")
            extra[name] = deepest_call(page, seeded["coach"], htmx=htmx) - floor
    too_deep = {name: size for name, size in extra.items() if size > MAX_EXTRA_BYTES}
    assert not too_deep, f"bytes beyond /healthz's, more than {MAX_EXTRA_BYTES}: {too_deep}"
    # The log's history as a page of its own runs about as deep as its htmx partial: the page's
    # layout around it adds no template levels under its loops (it added 2,184 bytes before;
    # a database's own calls can differ by a frame between the two: 64 bytes on PostgreSQL).
    history = "shared routine's log history, 14 sessions"
    assert extra[history] <= extra[history + " (htmx)"] + 256


#: Answers whose own box carries call buttons (the bench's answer is a professional's, its
#: urgent care after its "today" lists): an emergency's buttons and a same-day answer's urgent
#: care, each with the folded list of every country's number a first visit gets.
CALLING_ANSWERS = {
    "emergency": {"fever": "on"},
    "urgent": {"redness_warmth": "on"},
}


@pytest.mark.parametrize("tier", CALLING_ANSWERS)
def test_an_answer_with_call_buttons_calls_no_deeper(local_caches, seeded, tier):
    """The call blocks were included some fifteen template levels down, 8,160 bytes beyond
    /healthz's deepest call (triage.views._call_block draws them at the view's depth)."""
    floor = deepest_call(pages(seeded)[0], seeded["coach"])
    answer = Page(tier, "/triage/", method="POST", data=TRIAGE_ANSWERS | CALLING_ANSWERS[tier])
    response = Client().post(answer.path, data=answer.data)
    assert f'data-tier="{tier}"' in response.content.decode()
    assert "data-country-calls" in response.content.decode()
    for htmx in (False, True):
        extra = deepest_call(answer, seeded["coach"], htmx=htmx) - floor
        assert extra <= MAX_EXTRA_BYTES, (tier, htmx, extra)
