"""The answer's heading names who to see and when, and nothing below it says otherwise (fresh
tester: pain 9 and "Yes, I'm pregnant" got "Tell your midwife or GP soon" over "Ask your GP
surgery or a physiotherapist for an appointment in the next few days, not weeks"), and every
sentence built from parts reads as one ("Stop running until the hip has been examined, and
any exercise that brings the pain on").

Over the whole class: answer sets drawn (seeded) from every question's possible answers, a few
changed at a time from a calm baseline so that rules fire alone, in pairs and in threes; one
answer set for each combination of rules deciding the answer, and for each pair of rules seen
firing together. Each is checked in the pure headline and on the rendered answer page."""

import random
import re
from html import unescape
from urllib.parse import urlencode

import pytest

from tests.triage import test_views
from tests.triage.test_views import URL
from triage import rules
from triage.forms import answer_pairs
from triage.rules import Answers, Sign, Tier

sources = test_views.sources
catalogue = test_views.catalogue

CALM = dict(
    age=34,
    onset="gradual",
    location="outer_side",
    severity=3,
    duration_days=5,
    weight_bearing="full",
    improving="not_tried",
    pregnancy="no",
    radiates_to=frozenset(),
)

# ---- the test's own reading of the words (not the rules module's) --------------------------

#: Who a line sends the person to, by the words that name them. A GP is a doctor.
CONTACTS = {
    "midwife": r"\bmidwi(fe|ves)\b|\bmaternity\b",
    "surgical team": r"\bsurgical team\b",
    "doctor": r"\bdoctors?\b|\bGPs?\b",
    "physio": r"\bphysio(therapist)?s?\b",
    "sexual health clinic": r"\bsexual health clinic\b",
    "NHS 111": r"\bNHS 111\b|\b111\b",
}

#: How soon, most urgent last: a heading without one of these words means its tier's.
TIMINGS = (
    ("soon", r"\bsoon\b|\bweek or two\b"),
    ("within days", r"\bfew days\b"),
    ("today", r"\btoday\b|\bsame day\b"),
    ("now", r"(?<!pain )(?<!hurt )(?<!tell one )\bnow\b|\bstraight away\b|\bat once\b"),
)
TIER_TIMING = {Tier.SEE_PROFESSIONAL: 0, Tier.URGENT: 2, Tier.SELF_CARE: -1}

#: Mentions of someone else that say why, or say it is not them: not an instruction to go.
SAID_WHY = (
    r"they can arrange a physiotherapist",
    r"not something a physio can check",
    r"\(the people who operated on the hip\)",
    r"the exercises they gave you",
)
#: Where a line about another reason, for another person, begins: it says what it is about.
SEPARATELY = "Separately, for "


def contacts_in(text: str) -> set[str]:
    for phrase in SAID_WHY:
        text = re.sub(phrase, "", text)
    return {name for name, pattern in CONTACTS.items() if re.search(pattern, text)}


def timing_of(text: str) -> int:
    found = [rank for rank, (_name, pattern) in enumerate(TIMINGS) if re.search(pattern, text)]
    return max(found, default=-1)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip()) if s]


def instruction(sentence: str) -> str:
    """The sentence less what is for a case that may come ("If it gets worse, ...", "(or NHS
    111 if you can't reach them)", "call 999 if ...")."""
    if re.match(r"If\b", sentence):
        return ""
    sentence = re.sub(r"\([^)]*\)", "", sentence)
    return re.sub(r"[^,.;:]*\b(if|unless)\b[^,.;:]*", "", sentence)


def instructions(action: str) -> list[tuple[str, bool]]:
    """(what the sentence says to do whatever happens, said_why) for each sentence: said_why
    when it belongs to a line that opens by naming the other reason it is about."""
    found = []
    for number, part in enumerate(action.split(SEPARATELY)):
        for sentence in sentences(part):
            if kept := instruction(sentence).strip():
                found.append((kept, number > 0))
    return found


def headline_faults(heading: str, action: str, tier: Tier) -> list[str]:
    faults = []
    if tier in (Tier.SEE_PROFESSIONAL, Tier.URGENT) and not contacts_in(heading):
        faults.append(f"the heading names no one to see: {heading!r}")
    heading_contacts = contacts_in(heading)
    heading_timing = max(timing_of(heading), TIER_TIMING.get(tier, -1))
    for sentence, said_why in instructions(action):
        others = contacts_in(sentence) - heading_contacts
        if others and not said_why:
            faults.append(f"{sorted(others)} not in the heading {heading!r}: {sentence!r}")
        if timing_of(sentence) > heading_timing:
            faults.append(f"sooner than the heading {heading!r}: {sentence!r}")
    return faults


#: A sentence joined from parts that doesn't read as one: a bare noun phrase tacked on after a
#: clause ("stop running until it has been examined, and any exercise that ..."), a part left
#: empty, or a join that doubles or drops a stop.
GARBLED = (
    r",\s+and (any|anything|all|every)\b",
    r"\s{2,}",
    r"\s[,.;:]",
    r"[,;:]\s*[.,;:]",
    r"\.\.",
    r"\b(a|an|the|about|of|until|to|and|or)\s*[.,;:]",
    r"\{|\}|\bNone\b",
    # Two colons in one sentence: a part that has its own explanation joined after another's.
    r":[^.!?]*:",
    # A line about another reason opened by a clause or a "maybe", not what it is about.
    SEPARATELY + r"(maybe|the pain started)\b",
)


def sentence_faults(text: str) -> list[str]:
    faults = []
    for pattern in GARBLED:
        for match in re.finditer(pattern, text):
            start = max(0, match.start() - 60)
            faults.append(f"{pattern}: ...{text[start : match.end() + 30]}...")
    for sentence in sentences(text):
        if not sentence[0].isupper() and not sentence[0].isdigit():
            faults.append(f"starts in lower case: {sentence!r}")
        if sentence[-1] not in ".!?":
            faults.append(f"no full stop: {sentence!r}")
    return faults


# ---- the answer sets -------------------------------------------------------------------------


def _shown(given: Answers) -> tuple | None:
    """What the heading and the advice under it depend on: the rules deciding the answer in
    their words, the reader, and the reasons to stop running and to watch; None for an
    emergency (its own words, checked elsewhere)."""
    result = rules.assess(given)
    if result.tier is Tier.EMERGENCY:
        return None
    return (
        result.tier,
        tuple((rule.slug, rule.wording) for rule in result.main_reasons),
        rules.for_a_child(given),
        rules.young_person(given),
        rules.no_hip_pain(given),
        rules.stops_running(result),
        rules.warnings(result),
    )


def _together(result, first: str, second: str) -> bool:
    """Both rules fired; both deciding the answer when they are of the same tier."""
    same = rules.rule_by_slug(first).tier is rules.rule_by_slug(second).tier
    shown = result.main_reasons if same else result.fired
    return {first, second} <= {rule.slug for rule in shown}


def answer_sets(count: int = 4000, seed: int = 8) -> list[Answers]:
    """Answer sets drawn from the calm baseline with one to four answers changed to any answer
    the question can get (seeded; each pregnancy answer in turn under them), and for each pair
    of rules that can fire together, the changes that fire each one merged: one answer set for
    each combination of rules deciding a non-emergency answer, as the page words it."""
    base = {**CALM, **{name: Sign.NO for name in rules.SIGN_FIELDS}}
    names = list(rules._ANSWER_FIELDS)
    draw = random.Random(seed)
    pregnancies = rules.possible_answers("pregnancy")
    drawn: list[Answers] = []
    firing: dict[str, list[dict]] = {}
    for number in range(count):
        start = {**base, "pregnancy": pregnancies[number % len(pregnancies)]}
        changed = draw.sample(names, draw.choice((1, 2, 2, 3, 3, 4)))
        changes = {"pregnancy": start["pregnancy"]}
        changes.update({n: draw.choice(rules.possible_answers(n)) for n in changed})
        given = Answers(**{**start, **changes})
        drawn.append(given)
        result = rules.assess(given)
        if result.tier is Tier.EMERGENCY:
            continue
        for rule in result.fired:
            # Three ways for each pregnancy answer: a pair is merged under the same one.
            ways = firing.setdefault(rule.slug, [])
            same = [way for way in ways if way["pregnancy"] == changes["pregnancy"]]
            if len(same) < 3 and changes not in ways:
                ways.append(changes)
    # Each pair of rules: the first merge of a way to fire each that fires both.
    slugs = sorted(firing)
    for i, first in enumerate(slugs):
        for second in slugs[i + 1 :]:
            for one in firing[first]:
                both = [
                    {**one, **other}
                    for other in firing[second]
                    if all(one.get(k, v) == v for k, v in other.items())
                ]
                hit = next(
                    (
                        given
                        for given in (Answers(**{**base, **merged}) for merged in both)
                        if _together(rules.assess(given), first, second)
                    ),
                    None,
                )
                if hit is not None:
                    drawn.append(hit)
                    break
    chosen: dict[tuple, Answers] = {}
    for given in drawn:
        shown = _shown(given)
        if shown is not None:
            chosen.setdefault(shown, given)
    return list(chosen.values())


ANSWER_SETS = answer_sets()

#: The tester's answers: pain 9, pregnant, everything else calm.
TESTER = Answers(
    **{**CALM, **{name: Sign.NO for name in rules.SIGN_FIELDS}},
).with_changes(severity=9, pregnancy="pregnant")


def test_the_testers_answer_heading_says_within_a_few_days_and_keeps_the_midwife():
    result = rules.assess(TESTER)
    heading, action = rules.headline(result, TESTER)
    assert "midwife" in heading and "few days" in heading, heading
    assert "physiotherapist for an appointment" not in action
    assert headline_faults(heading, action, result.tier) == []
    assert sentence_faults(action) == []


def test_every_headline_names_who_and_when_as_the_advice_under_it_does():
    """Pure: for every answer set, the heading and what to do now agree (who, and how soon),
    and the advice reads as sentences."""
    faults = {}
    pairs = set()
    for given in ANSWER_SETS:
        result = rules.assess(given)
        own = [rule.slug for rule in result.main_reasons if rule.action]
        pairs |= {(a, b) for a in own for b in own if a != b}
        heading, action = rules.headline(result, given)
        found = headline_faults(heading, action, result.tier) + sentence_faults(action)
        found += sentence_faults(heading + ".")
        if found:
            faults.setdefault(tuple(r.slug for r in result.main_reasons), found)
    assert not faults, "\n".join(f"{k}: {v}" for k, v in list(faults.items())[:8])
    # Not vacuous: every pair of rules naming their own contact that the class is about.
    for pair in (
        ("hip-pain-in-or-after-pregnancy", "severe-pain"),
        ("hip-pain-in-or-after-pregnancy", "replaced-hip"),
        ("hip-pain-in-or-after-pregnancy", "after-a-fall-or-blow"),
        ("unusual-vaginal-bleeding", "severe-pain"),
        ("replaced-hip", "severe-pain"),
        ("steroids-or-alcohol", "severe-pain"),
        ("bleeding-in-pregnancy", "fall-in-pregnancy"),
        ("bleeding-after-a-birth", "replaced-hip-painful-to-stand"),
    ):
        assert pair in pairs, pair
    assert len(ANSWER_SETS) > 300


def test_every_sentence_built_from_parts_reads_as_one():
    """Pure: each place the answer joins parts into a sentence, over every answer set and
    both ways of running (stop running until examined or not)."""
    faults = []
    for given in ANSWER_SETS:
        result = rules.assess(given)
        parts = [
            rules.until_examined(given, stop_running=False),
            rules.until_examined(given, stop_running=True),
            rules.pain_disagreement(given),
        ]
        told = rules.told_about(result.examined_first, given)
        if told:
            parts.append(f"You told us about {told}.")
        for rule in result.fired:
            for action in (rule.action, rule.stop_running_action):
                if action:
                    parts.append(action)
            if rule.told and rule.check_again_when:
                parts.append(
                    f"You told us about {rule.told}, so there are no exercises until "
                    f"{rule.check_again_when}."
                )
        parts += [str(advice) for advice in rules.self_care_plan(given)]
        parts += rules.come_back_if(
            given, result.tier, rest_first=result.rest_first, counted=result.counted_unsure
        )
        for slug, names in result.raised_by_unsure.items():
            rule = rules.rule_by_slug(slug)
            named = tuple(rules.SIGN_NAMES[name] for name in names)
            parts.append(rules.unsure_lead(named, result.fired_tiers[slug], rule.tier))
        for text in filter(None, parts):
            faults += sentence_faults(text)
    assert not faults, "\n".join(dict.fromkeys(faults))


# ---- on the page ------------------------------------------------------------------------------


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def _first(pattern: str, page: str) -> str:
    match = re.search(pattern, page, re.S)
    return _text(match.group(1)) if match else ""


def rendered(client, given: Answers) -> tuple[str, str, str, str]:
    """(tier, heading, what to do now, the rest of the page's advice) as shown."""
    response = client.post(
        URL, urlencode(answer_pairs(given)), content_type="application/x-www-form-urlencoded"
    )
    if response.status_code == 422:
        # An answer set the form sends back (pain for longer than the age given): no answer.
        return "", "", "", ""
    assert response.status_code == 200
    page = response.content.decode()
    tier = _first(r'<section class="triage-result" data-tier="([a-z_]+)"', page)
    heading = _first(r'<h1 id="result-heading"[^>]*>(.*?)</h1>', page)
    action = _first(r'<p class="lead mb-0">(.*?)</p>', page)
    rest = " ".join(
        _text(part)
        for part in re.findall(
            r'<section aria-labelledby="no-exercises-heading"[^>]*>(.*?)</section>', page, re.S
        )
    )
    return tier, heading, action, rest


@pytest.mark.django_db
def test_every_answer_page_heading_fits_its_advice(client, sources, catalogue):
    """Rendered: the page's heading and the advice under it (the lead, and why there are no
    exercises) agree on who and when, and read as sentences, for every answer set."""
    faults = {}
    seen = 0
    for given in [TESTER, *ANSWER_SETS]:
        tier, heading, action, rest = rendered(client, given)
        if tier in ("", "emergency"):
            continue
        seen += 1
        found = headline_faults(heading, action, Tier(tier))
        found += headline_faults(heading, rest, Tier(tier)) if rest else []
        found += sentence_faults(action) + (sentence_faults(rest) if rest else [])
        if found:
            faults.setdefault(heading, found)
    assert seen > 300
    assert not faults, "\n".join(f"{k}: {v}" for k, v in list(faults.items())[:8])


def test_every_rule_with_its_own_advice_says_what_it_is_about_in_every_wording():
    """A rule whose advice opens "Separately, for ..." under another's heading needs a noun
    phrase for it, in every one of its wordings (not sure, no pain, might be pregnant)."""
    for rule in rules.RULES:
        wordings = [rule.no_pain, rule.unsure_words, rule.might_be_pregnant]
        wordings.append(rule.might_be_pregnant_no_pain)
        for words in [None, *wordings]:
            if words is not None and not words.action:
                continue
            about = words.about if words is not None and words.about else rule.about
            if words.action if words is not None else rule.action:
                assert about and about[0].islower(), (rule.slug, words)
                assert not re.match(r"(maybe|the pain started)\b", about), (rule.slug, about)
