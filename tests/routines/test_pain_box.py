"""The handout's box ("When to ease back, and when to stop") states every rule of the log's
advice that can say ease back or stop, from the same constants and with the same sources
(QA: pain 6 a day after pain 3 said "stop" for a rise, which the box did not mention)."""

import itertools
import re
from datetime import date, datetime, timedelta
from html import unescape
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from routines import monitoring as m

DAY = date(2026, 11, 2)


def _entry(days, pain, *, morning=None, signs=(), minute=0):
    return m.Entry(
        day=DAY + timedelta(days=days),
        pain=pain,
        morning=morning,
        warning_signs=frozenset(signs),
        logged=datetime(2026, 12, 1, 0, minute),
    )


def _together_signs():
    """Two signs the checker reads as more urgent together than either alone, if any."""
    for a, b in itertools.combinations([s.key for s in m.OFFERED_SIGNS], 2):
        reasons = m.advise([_entry(0, 4, signs={a, b})]).reasons
        if any(r.code == "warning_signs_together" for r in reasons):
            return {a, b}
    return None


def _scenarios():
    logs = [
        [_entry(0, 6)],
        [_entry(0, 8)],
        [_entry(0, 2), _entry(1, 6)],
        [_entry(0, 1), _entry(1, 4)],
        [_entry(0, 2, morning="worse"), _entry(1, 2)],
        [_entry(0, 1), _entry(8, 2)],
        [_entry(0, 1, signs={"limp"})],
        [_entry(0, 1, signs={"no_weight"}), _entry(1, 1)],
        [_entry(0, 1, signs={"limp"}, minute=0), _entry(0, 1, minute=1)],
    ]
    together = _together_signs()
    if together:
        logs.append([_entry(0, 4, signs=together)])
    return logs


def _reasons():
    for log in _scenarios():
        for entry in log:
            yield from m.advise(log, about=entry).reasons
        yield from m.advise_now(log).reasons
    # An entry of the day that said emergency care was deleted (its trace: day and advice).
    yield from m.advise_now([_entry(0, 1)], deleted=[(DAY, "emergency")]).reasons


def test_every_reason_that_eases_back_or_stops_has_its_line_in_the_box():
    by_code = {code: rule for rule in m.RULES for code in rule.codes}
    seen = set()
    for reason in _reasons():
        if reason.level is m.Level.CONTINUE:
            continue
        seen.add(reason.code)
        rule = by_code.get(reason.code)
        assert rule is not None, f"no line in the box for {reason.code}"
        assert rule.level is reason.level, reason.code
        assert set(reason.sources) <= set(rule.sources), reason.code
    # The scenarios reach every rule the advice has (the reminder of a recent stop keeps
    # the advice's level and has no line), and the box describes nothing else.
    codes = set(m.REASON_SOURCES) - m.REMINDER_CODES
    if _together_signs() is None:
        codes.discard("warning_signs_together")
    assert seen == codes
    assert set(by_code) == set(m.REASON_SOURCES) - m.REMINDER_CODES


def test_every_reason_code_of_the_rules_module_is_in_the_box():
    """Read from the source too: a new Reason code must have a line (and its sources)."""
    source = Path(m.__file__).read_text(encoding="utf-8")
    codes = set(re.findall(r'Reason\(\s*"([a-z_]+)",\s*Level\.(?:EASE_BACK|STOP)', source))
    codes |= set(re.findall(r'code(?::\s*str\s*)?=\s*"([a-z_]+)"', source))
    assert codes, "the pattern found no reason"
    in_box = {code for rule in m.RULES for code in rule.codes}
    assert codes <= in_box, codes - in_box


def test_the_box_says_the_numbers_the_rules_use():
    text = " ".join(rule.text for rule in m.RULES)
    assert f"above {m.ACCEPTABLE_MAX}" in text
    assert f"reaches {m.SEVERE_PAIN} or more" in text
    assert f"rises {m.STEEP_RISE} or more" in text
    assert f"{m.RECENT_CARE_DAYS} days" in text
    assert f"up to {m.ACCEPTABLE_MAX} (of 10)" in m.ALLOWED


@pytest.mark.django_db
def test_the_sheet_shows_every_line_with_its_sources(routine):
    html = unescape(render_to_string("routines/_sheet.html", {"routine": routine, "items": []}))
    start = html.index('id="sheet-stop"')
    box = html[start : html.index("</section>", start)]
    listed = dict(re.findall(r"\[(\d+)\] ([^;.]+)", box))
    for rule in m.RULES:
        line = re.search(
            rf'<li data-rules="{" ".join(rule.codes)}">([^<]*)<span[^>]*>\[([^]]+)\]', box
        )
        assert line is not None, rule.codes
        assert line.group(1).strip() == rule.text
        cited = [listed[number] for number in line.group(2).split(", ")]
        assert cited == [m.SOURCE_NAMES[key] for key in rule.sources]
    for lead in m.BOX_LEADS.values():
        assert lead in box
    assert m.ALLOWED in box


def test_the_opener_is_true_of_pain_the_rules_below_ease_back():
    """Pain 4 is "up to 5", yet above last week's worst the log eases back: the box's first
    line says the rules below come first."""
    from datetime import date, timedelta

    day = date(2026, 12, 1)
    week = m.Entry(day=day - timedelta(days=8), pain=2)
    assert m.advise([week, m.Entry(day=day, pain=4)]).level is m.Level.EASE_BACK
    assert "unless a rule below says otherwise" in m.ALLOWED
    assert " fine " not in m.ALLOWED


def test_the_box_says_one_entry_can_send_the_runner_to_care_at_once():
    """The box listed every rule that says ease back or stop, but not that one entry's signs
    (alone or read together) can make the log say "Get emergency care now" at once: its line
    is worded from the checker's own label, as the advice's is."""
    from triage import rules as checker

    assert f"“{checker.Tier.EMERGENCY.label}”" in m.CARE_AT_ONCE
    assert "One log entry" in m.CARE_AT_ONCE and "at once" in m.CARE_AT_ONCE
    # As the log says it for one entry whose signs are an emergency together.
    advice = m.advise([_entry(0, 4, signs={"swollen", "red_or_warm"})])
    assert advice.label == checker.Tier.EMERGENCY.label
    assert set(m.CARE_AT_ONCE_SOURCES) == set(m.REASON_SOURCES["warning_signs_together"])


@pytest.mark.django_db
def test_the_sheet_says_it_with_its_source(routine):
    html = unescape(render_to_string("routines/_sheet.html", {"routine": routine, "items": []}))
    start = html.index('id="sheet-stop"')
    box = html[start : html.index("</section>", start)]
    listed = dict(re.findall(r"\[(\d+)\] ([^;.]+)", box))
    line = re.search(r'class="sheet-rule-care">([^<]*)<span[^>]*>\[([^]]+)\]', box)
    assert line is not None
    assert line.group(1).strip() == m.CARE_AT_ONCE
    cited = [listed[number] for number in line.group(2).split(", ")]
    assert cited == [m.SOURCE_NAMES[key] for key in m.CARE_AT_ONCE_SOURCES]
