"""Every warning box on the runner's log carries the symptom checker's own lines on what turns
its sign into an emergency (triage.rules.Rule.warning), as the checker's answer for the same
sign does. Fresh tester: a swollen calf logged with pain 2 said only "If it gets much worse, or
you can't put weight on the leg: Call 999"; the checker's answer says to call 999 at once if
breathless or with chest pain (a clot reaching the lungs)."""

import re
from html import unescape

import pytest

from routines import monitoring
from tests.routines.conftest import uk_day
from tests.routines.test_log_safety import HTMX, post_log
from triage import rules as checker

pytestmark = pytest.mark.django_db

PAIN = 2


def checker_answer(key: str) -> tuple[str, str]:
    """The checker's headline (heading, what to do) for this sign ticked alone with PAIN, as
    its answer page gives it (triage.views: rules.headline)."""
    answers = monitoring.checker_answers({key}, pain=PAIN)
    return checker.headline(checker.assess(answers), answers)


def action_box(html: str) -> str:
    """The log's advice box from its heading to its action line (the care box's, or the
    "stop" box's), as text."""
    start = html.index('id="advice"')
    if "care-action" in html[start:]:
        action = html.index('class="mb-2 care-action"', start)
    else:
        action = html.index(monitoring.Level.STOP.action[:40], start)
    return unescape(re.sub(r"<[^>]+>", " ", html[start : html.index("</p>", action)]))


def test_some_sign_has_a_warning_line_so_the_class_is_not_empty():
    assert any(
        checker.warnings(checker.assess(monitoring.checker_answers({s.key}, pain=PAIN)))
        for s in monitoring.OFFERED_SIGNS
    )


@pytest.mark.parametrize("key", [sign.key for sign in monitoring.OFFERED_SIGNS])
def test_every_log_warning_box_carries_the_checkers_warning_lines(client, shared, key):
    uk_day(client)
    answers = monitoring.checker_answers({key}, pain=PAIN)
    assessment = checker.assess(answers)
    lines = checker.warnings(assessment)
    # The checker's answer carries them in what it says to do.
    _heading, checker_action = checker_answer(key)
    assert all(line in checker_action for line in lines)
    html = post_log(client, shared, {"warning": [key], "pain": str(PAIN)}, **HTMX)
    box = " ".join(action_box(html.content.decode()).split())
    for line in lines:
        assert line in box, (key, line, box)
    # And the page loaded whole says the same.
    page = client.get(shared.get_share_url()).content.decode()
    whole = " ".join(action_box(page).split())
    for line in lines:
        assert line in whole, (key, line)


def test_a_swollen_calf_on_the_log_says_call_999_if_breathless_or_chest_pain(client, shared):
    uk_day(client)
    html = post_log(client, shared, {"warning": ["leg_swollen"], "pain": "2"}, **HTMX)
    box = " ".join(action_box(html.content.decode()).split())
    assert "Call 999 at once if you get breathless" in box and "chest pain" in box
