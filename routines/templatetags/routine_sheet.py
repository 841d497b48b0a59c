"""The printed routine's per-item parts: the steps for the item's side, and its tick rows;
and its share link, broken only between its parts."""

import re
from dataclasses import dataclass
from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from exercises import dosing
from exercises.templatetags.exercise_figures import exercise_figure
from hipcare import timezones
from routines import monitoring
from triage import emergency, starter
from triage import rules as checker

register = template.Library()


@dataclass(frozen=True)
class TickRow:
    """One row of boxes to tick each week: `label` names the side ("" when there is none).
    `per_day`: for a dose done more than once a day, how many times (the most, for a range):
    its boxes are then the week's days, one a day, in which the runner writes how many times
    they did it (a box per session, 14 to 98 a week, would not fit the paper); 0 otherwise."""

    label: str
    boxes: range
    per_day: int = 0


TICK_LABELS = {
    dosing.Side.EACH: ("Left", "Right"),
    dosing.Side.LEFT: ("Left side",),
    dosing.Side.RIGHT: ("Right side",),
    dosing.Side.BOTH: ("",),
}


@register.filter
def tick_rows(item) -> list[TickRow]:
    """A row per side worked (left and right for "each side"), each with as many boxes a week
    as the dose asks for: daily 7, twice a week 2; for a dose done more than once a day, a box
    a day (TickRow.per_day). The sheet's items have theirs already (`item.tick_rows`, from
    routines.views._for_the_sheet, which works out each item's dose once)."""
    found = getattr(item, "tick_rows", None)
    return found if found is not None else tick_rows_of(item.dose())


def tick_rows_of(dose: dosing.Dose) -> list[TickRow]:
    """tick_rows for a dose."""
    per_day = dose.frequency.high if dose.period is dosing.Period.DAY else 0
    if per_day > 1:
        return [TickRow(label, range(7), per_day) for label in TICK_LABELS[dose.side]]
    boxes = range(dosing.sessions_per_week(dose))
    return [TickRow(label, boxes) for label in TICK_LABELS[dose.side]]


@register.simple_tag(takes_context=True)
def tick_grid(context, rows, weeks) -> str:
    """An item's rows of tick boxes (`rows`: its TickRows, from tick_rows or the sheet's cards,
    routines.views._sheet_cards) for `weeks` (routines/_tick_rows.html). Most items on a
    sheet share a few shapes (the sides worked and the boxes a week), so each shape is rendered
    once per sheet and kept for the rest of this render: in the sheet's `tick_grids` (a dict
    the view puts in the context, _sheet_context), which the last card, drawn through
    {% partial %} with a render context of its own, sees too; else in the template's
    render_context."""
    rows = tuple(rows)
    drawn = context.get("tick_grids")
    if drawn is None:
        drawn = context.render_context.setdefault("tick_grids", {})
    shape = (rows, tuple(weeks))
    if shape not in drawn:
        drawn[shape] = render_to_string("routines/_tick_rows.html", {"rows": rows, "weeks": weeks})
    return drawn[shape]


@register.simple_tag(takes_context=True)
def pdf_figure(context, item, which: str) -> str:
    """The PDF card's start or end figure drawn inline, 32 mm (exercise_figure), for the
    sheet's card `item` (routines.views._sheet_cards): its move from the sheet's
    `sheet_exercises`, which only the PDF reads."""
    return exercise_figure(context["sheet_exercises"][item["exercise_id"]], which, size="32mm")


@register.filter
def sheet_steps(item) -> list[str]:
    """The item's steps as its runner reads them: on one side only, without the steps that
    send them to the other side (from `item.step_texts`, which the sheet's view adds from the
    cache, or else from `exercise.steps`); on each side, for a move with a caution that keeps
    it to the painful side, a step that sends them to the other side says "unless" that pain
    (`item.side_unless`, which the view adds, else from the move's cautions:
    triage.starter.unless_words)."""
    unless = getattr(item, "side_unless", None)
    if unless is None:
        exercise = item.exercise
        unless = starter.unless_words(
            starter.cautions_for(
                exercise.slug,
                exercise.position,
                unilateral=exercise.unilateral,
                kind=exercise.kind,
                equipment=[e.slug for e in exercise.equipment.all()],
            )
        )
    steps = getattr(item, "step_texts", None)
    if steps is None:
        steps = [
            dosing.StepText(
                step.text, switches_sides=step.switches_sides, one_side_text=step.one_side_text
            )
            for step in item.exercise.steps.all()
        ]
    return dosing.steps_for_side(steps, dosing.Side(item.side), unless=unless)


@register.filter
def url_break_points(url: str) -> SafeString:
    """`url`, escaped, in parts that end after each slash or run of them ("http://",
    "example.org/", "r/", the token): each part is kept on one line (.url-part: Chrome otherwise
    ends a line after a hyphen inside the token) and a line-break opportunity (<wbr>) sits
    between them, so a link too long for its line wraps between its parts, not inside the host
    or the token the runner has to type ("http://12" / "7.0.0.1:8192/r/...")."""
    parts = re.split(r"(?<=/)(?!/)", str(url))
    return format_html_join(
        mark_safe("<wbr>"), '<span class="url-part">{}</span>', ((part,) for part in parts if part)
    )


@dataclass(frozen=True)
class BoxLine:
    """A rule of the box (monitoring.Rule) with the numbers of its sources in the box's list."""

    rule: monitoring.Rule
    refs: str


@dataclass(frozen=True)
class PainBox:
    """The sheet's box on when to ease back and when to stop: what is allowed (with its
    sources' numbers), then each level's lead and its rules (monitoring.RULES), mildest
    first, each with the numbers of its sources, listed once at the end (`sources`:
    (number, name)): the box fits the paper as the old paragraph did."""

    allowed: str
    allowed_refs: str
    groups: tuple[tuple[str, tuple[BoxLine, ...]], ...]
    sources: tuple[tuple[int, str], ...]
    #: After the rules: one entry can send the runner to emergency care (or a doctor today)
    #: at once (monitoring.CARE_AT_ONCE), with its sources' numbers.
    care_at_once: str = ""
    care_at_once_refs: str = ""


def _pain_box() -> PainBox:
    levels = (monitoring.Level.EASE_BACK, monitoring.Level.STOP)
    rules = [rule for level in levels for rule in monitoring.RULES if rule.level is level]
    allowed = monitoring.REASON_SOURCES["above_acceptable"]
    numbers = {
        key: n
        for n, key in enumerate(
            dict.fromkeys(
                [
                    *allowed,
                    *(key for rule in rules for key in rule.sources),
                    *monitoring.CARE_AT_ONCE_SOURCES,
                ]
            ),
            1,
        )
    }

    def refs(keys) -> str:
        return ", ".join(str(numbers[key]) for key in keys)

    return PainBox(
        allowed=monitoring.ALLOWED,
        allowed_refs=refs(allowed),
        groups=tuple(
            (
                monitoring.BOX_LEADS[level],
                tuple(BoxLine(rule, refs(rule.sources)) for rule in rules if rule.level is level),
            )
            for level in levels
        ),
        sources=tuple((n, monitoring.SOURCE_NAMES[key]) for key, n in numbers.items()),
        care_at_once=monitoring.CARE_AT_ONCE,
        care_at_once_refs=refs(monitoring.CARE_AT_ONCE_SOURCES),
    )


PAIN_BOX = _pain_box()


@register.simple_tag
def sheet_zone() -> str:
    """The sheet's cached fragment's key part for the dates it shows (timezones.zone_cache_key);
    falsy never: "unknown:<zone>" where the browser's zone is not known."""
    return timezones.zone_cache_key()


@register.simple_tag
def pain_box() -> PainBox:
    """The box's words (PAIN_BOX), from the advice's own rules and constants."""
    return PAIN_BOX


@dataclass(frozen=True)
class SheetHelp:
    """What the printed sheet says about the warning signs, so the paper can be acted on by
    itself: the log's signs that the checker treats as an emergency (monitoring.OFFERED_SIGNS;
    for the others the box's rule says stop and answer the checker, whose address follows its
    name), in a few words with the pain they need to be one (WarningSign.emergency_from), with
    the number to call (:func:`emergency_lead`: the printing person's zone's, else the site's
    configured number with its place, and always "or your local emergency number"); and the
    symptom checker's full address, after its name in the box's sources (`checker_name`)."""

    groups: tuple[tuple[str, tuple["HelpSign", ...]], ...]
    checker_url: str
    checker_name: str = monitoring.SOURCE_NAMES["symptom-checker"]


#: Each warning sign the log offers in a few words, by its key (monitoring.WARNING_SIGNS): the
#: sheet has to fit the paper (tests/routines/test_handout_pdf.py).
SIGN_WORDS = {
    "no_weight": "can't bear weight",
    "deformity": "leg shorter or turned out",
    "groin_lump": "painful groin lump",
    "testicle_pain": "sore or swollen testicle",
    "leg_swollen": "a swollen calf or thigh",
    "leg_weakness": "a weak leg or dragging foot",
    "faint": "fainting or dizziness",
    "vomiting": "being sick",
    "tummy_pain": "tummy pain",
    "breathless_or_chest_pain": "breathless or chest pain",
    "fever": "a temperature",
    "saddle_or_bladder": "numb bottom or genitals, bladder or bowel trouble",
    "red_or_warm": "red or warm skin on the hip",
    "limp": "a limp or pain walking",
    "night_or_rest_pain": "night or rest pain",
    "swollen": "swelling",
    "numbness": "a numb or tingling leg",
    "fall_or_blow": "a fall or blow to the hip",
}


def pain_condition(pain_from: int) -> str:
    """The words after a sign that is an emergency only from the pain score `pain_from` up
    (WarningSign.emergency_from): "" from 0 (whatever the pain), "with a painful hip" from 1
    (any hip pain), else "with pain of N or more"."""
    if pain_from <= monitoring.PAIN_MIN:
        return ""
    if pain_from == monitoring.PAIN_MIN + 1:
        return "with a painful hip"
    return f"with pain of {pain_from} or more"


#: A sign's words after another's (a temperature with ..., a fall or blow, then ...), where
#: they read better than its own few words (SIGN_WORDS).
WITH_WORDS = {
    "limp": "a limp",
    "swollen": "a swollen hip",
    "red_or_warm": "a red or warm hip",
    "leg_weakness": "a weak leg",
}
#: The words before the signs that come after a sign shared by several pairs.
THEN_WORDS = {"fall_or_blow": "a fall or blow, then"}

#: Two signs that the log answers with emergency care only together (monitoring.emergency_pairs),
#: in plain words: the handout is all a runner may have, and neither sign alone is on it.
#: A pair the rules make an emergency that is not here is listed as its two signs' words.
PAIR_WORDS = {
    frozenset({"red_or_warm", "swollen"}): "a red or warm hip that is swollen",
    frozenset({"leg_weakness", "numbness"}): "a weak leg that is numb or tingling",
    frozenset({"tummy_pain", "vomiting"}): "tummy pain with being sick",
}


@dataclass(frozen=True)
class HelpSign:
    """One line of the sheet's list under the number to call: its words, and the warning
    signs it stands for (`combos`: each set of signs ticked together with the lowest pain
    from which the log answers it with emergency care), written into the line's
    data-signs ("fall_or_blow+limp@0") for the tests to read back."""

    words: str
    combos: tuple[tuple[frozenset[str], int], ...]

    def __str__(self) -> str:
        return self.words

    @property
    def data(self) -> str:
        return " ".join(f"{'+'.join(sorted(keys))}@{pain}" for keys, pain in self.combos)


def _words(key: str) -> str:
    if key in SIGN_WORDS:
        return SIGN_WORDS[key]
    return next(sign.label for sign in monitoring.WARNING_SIGNS if sign.key == key)


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _clauses(companions: list[tuple[str, frozenset[str], int]]) -> list[str]:
    """The signs that come with another, in words, one clause for each pain they need:
    ["pain walking or a limp, a numb or tingling leg or a weak leg", "a swollen hip with pain
    of 7 or more"]."""
    clauses = []
    for pain in sorted({pain for _key, _keys, pain in companions}):
        words = [WITH_WORDS.get(key, _words(key)) for key, _keys, at in companions if at == pain]
        clauses.append(" ".join(filter(None, (_join(words), pain_condition(pain)))))
    return clauses


def _care_signs() -> dict[checker.Tier, tuple[HelpSign, ...]]:
    """The emergencies on the log, each in a few words with the condition it needs, so the
    sheet never lists under the number to call a sign the log itself answers otherwise, and
    leaves out none it answers so: each offered sign that is an emergency alone at some pain
    (and at every pain above it: WarningSign.emergency_from), then each pair that is one only
    together (monitoring.emergency_pairs). A pair with a sign that is listed alone, needing
    more pain alone ("a temperature with a painful hip"), goes on that sign's line ("..., or
    with pain walking or a limp, ..."); pairs that share a sign go on one line ("a fall or
    blow, then pain walking or a limp, a weak leg, ..."); any other pair has a line of its
    own. Short, so the sheet still fits its paper."""
    alone = {
        sign.key: sign.emergency_from
        for sign in monitoring.OFFERED_SIGNS
        if sign.emergency_from is not None
    }
    joined: dict[str, list[tuple[str, frozenset[str], int]]] = {key: [] for key in alone}
    pairs = []
    for keys, pain in monitoring.emergency_pairs():
        listed = sorted(keys & alone.keys())
        if listed:
            (other,) = keys - {listed[0]}
            joined[listed[0]].append((other, keys, pain))
        else:
            pairs.append((keys, pain))
    signs = []
    for key, pain_from in alone.items():
        condition = pain_condition(pain_from)
        clauses = _clauses(joined[key])
        if condition.startswith("with ") and all(at == 0 for _o, _k, at in joined[key]):
            # "a temperature with a painful hip, a limp, ... or tummy pain"
            others = [WITH_WORDS.get(other, _words(other)) for other, _k, _at in joined[key]]
            words = f"{_words(key)} with {_join([condition.removeprefix('with '), *others])}"
        else:
            words = " ".join(filter(None, (_words(key), condition)))
            words += "".join(f", or with {clause}" for clause in clauses)
        combos = ((frozenset({key}), pain_from), *((keys, at) for _o, keys, at in joined[key]))
        signs.append(HelpSign(words, combos))
    # A sign in two pairs or more leads one line with the signs that come with it.
    while pairs:
        counts = {
            key: sum(key in keys for keys, _pain in pairs) for keys, _ in pairs for key in keys
        }
        hub = max(counts, key=lambda key: (counts[key], key in THEN_WORDS))
        if counts[hub] < 2:
            break
        companions = [(next(iter(keys - {hub})), keys, pain) for keys, pain in pairs if hub in keys]
        lead = THEN_WORDS.get(hub) or f"{_words(hub)} with"
        signs.append(
            HelpSign(
                f"{lead} {', or '.join(_clauses(companions))}",
                tuple((keys, pain) for _o, keys, pain in companions),
            )
        )
        pairs = [(keys, pain) for keys, pain in pairs if hub not in keys]
    for keys, pain in pairs:
        words = PAIR_WORDS.get(keys) or " with ".join(_words(key) for key in sorted(keys))
        words = " ".join(filter(None, (words, pain_condition(pain))))
        signs.append(HelpSign(words, ((keys, pain),)))
    return {checker.Tier.EMERGENCY: tuple(signs)} if signs else {}


@lru_cache(maxsize=1)
def care_signs() -> dict[checker.Tier, tuple[HelpSign, ...]]:
    """:func:`_care_signs`, read from the rules once a process (they change only with a
    release), on the first sheet printed rather than at start-up."""
    return _care_signs()


def emergency_lead(calls: emergency.EmergencyCalls) -> str:
    """The sheet's lead to its emergency signs, for the printing person's `calls` (their
    browser's zone, triage/emergency.py): the zone's own number first ("Call 911 (US and
    Canada) or your local emergency number"), the site's configured one where the zone is not
    known; the runner's zone is never known at print time, so "or your local emergency number"
    always follows. Where the zone is known but its country has no number of ours, the local
    number first, then the configured one with its place."""
    first = calls.first
    if calls.local_unknown:
        return f"Call your local emergency number ({first.number} in {calls.home})"
    return f"Call {first.said} or your local emergency number"


@register.simple_tag
def sheet_help(checker_url: str) -> SheetHelp:
    """The sheet's warning signs and where to get help (SheetHelp), for the symptom checker at
    `checker_url` (absolute: the sheet is read on paper). The number to call is the one for
    the zone this request runs in (the printing person's browser's, if known: the sheet's
    cached fragment is keyed by it, {% sheet_zone %})."""
    zone = timezone.get_current_timezone_name() if timezones.zone_known() else None
    calls = emergency.emergency_calls(zone, settings.EMERGENCY_NUMBER)
    leads = {checker.Tier.EMERGENCY: emergency_lead(calls)}
    return SheetHelp(
        groups=tuple((leads.get(tier, tier.label), signs) for tier, signs in care_signs().items()),
        checker_url=checker_url,
    )
