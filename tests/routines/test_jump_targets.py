"""Every in-page jump link on the runner's pages (the runner's page, its history page, the
earlier-sessions pages) goes to a target that can take the keyboard focus, so a browser moves
the focus there (tests/e2e/test_jump_focus_e2e.py): an element focusable of its own (a field,
a link, a button) or one with tabindex="-1"."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import services
from tests.routines.conftest import history_url

pytestmark = pytest.mark.django_db

FOCUSABLE_TAGS = {"input", "select", "textarea", "button"}


class _Page(HTMLParser):
    def __init__(self, path: str):
        super().__init__()
        self.path, self.links, self.targets = path, [], {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.targets[attrs["id"]] = (tag, attrs)
        href = attrs.get("href") or ""
        if tag == "a" and "#" in href:
            page, fragment = href.split("#", 1)
            if page in ("", self.path):
                self.links.append(fragment)


def _unfocusable_targets(html: str, path: str) -> list[str]:
    page = _Page(path)
    page.feed(html)
    assert page.links, "no in-page link"
    bad = []
    for fragment in page.links:
        tag, attrs = page.targets.get(fragment, (None, {}))
        focusable = tag in FOCUSABLE_TAGS or (tag == "a" and "href" in attrs)
        if not (focusable or attrs.get("tabindex") == "-1"):
            bad.append(f"#{fragment} ({tag})")
    return bad


def test_the_runner_s_page_jumps_to_focusable_targets(client, shared):
    yesterday = timezone.localdate() - timedelta(days=1)
    services.session_log(routine=shared, day=yesterday, pain=8, done=[])
    path = shared.get_share_url()
    html = client.get(path).content.decode()
    for target in ("advice", "morning-due", "log-form-heading"):
        assert f'href="#{target}"' in html
    assert _unfocusable_targets(html, path) == []


def test_a_refused_form_s_links_jump_to_focusable_targets(client, shared):
    path = shared.get_share_url()
    client.get(path)
    response = client.post(
        reverse("session_create", args=[shared.share_token]),
        {"pain": "11", "listed": "1", "exercises": ""},
    )
    html = response.content.decode()
    assert "Go to the form" in html
    assert _unfocusable_targets(html, path) == []


def test_the_runner_s_emergency_and_the_history_page_jump_to_focusable_targets(client, shared):
    services.session_log(
        routine=shared,
        day=timezone.localdate(),
        pain=1,
        done=[],
        warning_signs=["saddle_or_bladder"],
    )
    path = shared.get_share_url()
    html = client.get(path).content.decode()
    assert 'href="#advice"' in html
    assert _unfocusable_targets(html, path) == []
    # The history page's top links go to the runner's page: their targets are there.
    history = _Page(path)
    history.feed(client.get(history_url(shared)).content.decode())
    assert {"advice", "log-form-heading", "log"} <= set(history.links)
    runner = _Page(path)
    runner.feed(html)
    for fragment in history.links:
        assert runner.targets[fragment][1].get("tabindex") == "-1", fragment
