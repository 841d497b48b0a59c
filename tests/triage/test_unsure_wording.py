"""A "not sure" answer counts as the safer reading, and the answer says so: it never speaks of
the sign as certain. A runner with no hip pain who wasn't sure about a temperature was told
"Rest until your temperature has gone", "Your temperature has gone: then check again" and "You
told us about a temperature". Every sign whose "not sure" can count, on the answer page and its
printed summary: the "not sure" is named before the reason, the words that presume the sign
(headline, action, "You told us about", "What you told us", the check-again line) are not
shown, and the tier is the one it was (only the words change). "I might be pregnant" is not
sent to a midwife it may not have yet."""

import re
from html import unescape

import pytest

from tests.triage import test_views
from tests.triage.test_views import URL, answers, html, tier_of
from triage import rules
from triage.forms import TriageForm
from triage.rules import Sign, Tier, Wording

pytestmark = pytest.mark.django_db
sources = test_views.sources
catalogue = test_views.catalogue

#: Every sign answered "no", on the tester's baseline (34, outer hip, 3 out of 10, 5 days,
#: walks normally, easing off not tried): the sign under test is then the only one.
BASE = answers(pregnancy="no", **dict.fromkeys(rules.SIGN_FIELDS, "no"))

#: (sign, the other answers that make its "not sure" count for a rule), for every sign whose
#: "not sure" counts (a click's counts as "no"), and the tier a "not sure" gives there: a
#: "yes"'s, except where the rule gives less for "not sure" (Rule.unsure_tier).
CASES = [
    ("injury", {}, "see_professional"),
    ("injury", {"age": "70"}, "urgent"),
    ("deformity", {}, "emergency"),
    ("saddle_or_bladder", {}, "emergency"),
    ("leg_weakness", {}, "urgent"),
    ("fever", {}, "urgent"),
    ("fever", {"severity": "0"}, "self_care"),
    ("fever", {"age": "10"}, "emergency"),
    ("testicle_pain", {}, "emergency"),
    ("groin_lump", {}, "emergency"),
    ("breathless_or_chest_pain", {}, "emergency"),
    ("tummy_pain", {}, "urgent"),
    ("tummy_pain", {"pregnancy": "possibly_pregnant", "faint": "yes"}, "emergency"),
    ("vomiting", {}, "urgent"),
    ("faint", {}, "urgent"),
    ("vaginal_bleeding", {}, "see_professional"),
    ("leg_swollen", {}, "urgent"),
    ("leg_swollen", {"pregnancy": "pregnant"}, "emergency"),
    ("swelling", {}, "see_professional"),
    ("swelling", {"redness_warmth": "yes"}, "urgent"),
    ("redness_warmth", {}, "urgent"),
    ("redness_warmth", {"swelling": "yes"}, "urgent"),
    ("numbness", {}, "see_professional"),
    ("hip_replacement", {}, "see_professional"),
    ("hip_replacement", {"weight_bearing": "painful"}, "urgent"),
    ("hip_replacement", {"severity": "0"}, "see_professional"),
    ("night_pain", {}, "see_professional"),
    ("pain_at_rest", {}, "see_professional"),
    ("limited_motion", {}, "see_professional"),
    ("instability", {}, "see_professional"),
    ("mileage_increase", {"location": "front_groin"}, "urgent"),
    ("previous_stress_fracture", {"location": "front_groin"}, "urgent"),
    ("periods_stopped", {"location": "front_groin"}, "urgent"),
    ("weak_bones", {"injury": "yes"}, "urgent"),
    ("cancer_history", {}, "urgent"),
    ("weight_loss", {}, "urgent"),
    ("steroids_or_alcohol", {}, "see_professional"),
]
#: Where "not sure" counts for less than "yes" (a doctor today rather than A&E).
LOWERED = {("fever", ""), ("swelling", "redness_warmth"), ("redness_warmth", "swelling")}


def answers_of(data: dict) -> rules.Answers:
    form = TriageForm(data)
    form.is_valid()
    return form.answers()


def case_id(case) -> str:
    sign, context, _tier = case
    return "-".join([sign, *(f"{k}={v}" for k, v in context.items())])


def test_the_cases_cover_every_sign_whose_not_sure_counts():
    counting = {name for name in rules.SIGN_FIELDS if name != "clicking"}
    assert {sign for sign, _context, _tier in CASES} == counting
    assert rules.rule_by_slug("clicking-or-snapping").unsure_tier is None


def text_of(response) -> str:
    """The answer as read: tags dropped, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html(response))))


def capitalised(words: str) -> str:
    return words[0].upper() + words[1:]


def presumed(rule: rules.Rule) -> list[str]:
    """What a rule's own words say of the sign as certain, as the answer would show them."""
    found = [f"What you told us: {rule.trigger}"]
    if rule.told:
        found += [f"You told us about {rule.told}", f"With {rule.told},"]
    if rule.check_again_when:
        found.append(f"{capitalised(rule.check_again_when)}: then check again")
        found.append(f"until {rule.check_again_when}")
    unsure_words = getattr(rule, "unsure_words", None)  # (getattr: the test runs without them)
    if unsure_words is not None:
        # Every part the rule words again for "not sure": its own words presume the sign.
        # (What it told is pinned above, as the answer words it.)
        for part in dataclasses_fields(unsure_words):
            if part == "told":
                continue
            own = getattr(rule, part)
            if own and own not in getattr(unsure_words, part):
                # A title as the answer heads a reason with it ("Title.").
                found.append(f"{own}." if part == "title" else own)
    return found


def dataclasses_fields(words: Wording) -> list[str]:
    return [name for name in Wording.__dataclass_fields__ if getattr(words, name)]


@pytest.mark.parametrize(("sign", "context", "tier"), CASES, ids=[case_id(c) for c in CASES])
def test_a_not_sure_answer_is_named_and_never_spoken_of_as_certain(
    client, sources, catalogue, sign, context, tier
):
    unsure_data = {**BASE, **context, sign: "unsure"}
    yes_data = {**BASE, **context, sign: "yes"}
    assessment = rules.assess(answers_of(unsure_data))
    counted = [
        rules.rule_by_slug(slug)
        for slug, names in assessment.raised_by_unsure.items()
        if sign in names
    ]
    assert counted, "the case doesn't make the 'not sure' count"
    forbidden = [words for rule in counted for words in presumed(rule)]
    # The temperature the runner reported (the symptom this pins).
    forbidden += ["You told us about a temperature", "Rest until your temperature has gone"]
    forbidden += ["Your temperature has gone"]
    lead = f"You weren't sure about {rules.SIGN_NAMES[sign]}"

    for extra in ({}, {"print": "1"}):
        unsure = client.post(URL, {**unsure_data, **extra})
        yes = client.post(URL, {**yes_data, **extra})
        page, yes_page = text_of(unsure), text_of(yes)
        assert lead in page
        assert not [words for words in forbidden if words in page]
        assert "weren't sure" not in yes_page and "not sure" not in yes_page.replace(
            "or you aren't sure", ""
        )
        if not extra:
            # Only the words change: the tier is the one "not sure" always gave, a "yes"'s
            # unless the rule gives less for "not sure".
            assert tier_of(unsure) == tier
            lowered = (sign, next(iter(context), "")) in LOWERED
            assert (tier_of(unsure) == tier_of(yes)) is not lowered
            if lowered:
                assert tier_of(yes) == "emergency"


def test_a_temperature_not_sure_of_with_no_hip_pain_says_how_to_tell_and_when_to_check_again(
    client, sources, catalogue
):
    rule = rules.rule_by_slug("temperature-without-hip-pain")
    data = {**BASE, "severity": "0", "fever": "unsure"}
    for extra in ({}, {"print": "1"}):
        page = text_of(client.post(URL, {**data, **extra}))
        assert rule.unsure_words.label in page and rule.unsure_words.action in page
        assert "thermometer" in page and "38 °C" in page
        if not extra:
            assert (
                "You are sure you don't have a temperature: then check again for a starter "
                "routine." in page
            )
        assert "Nothing you told us about the hip needs a professional." in page
        assert "A starter routine" not in page


def test_a_temperature_not_sure_of_with_hip_pain_is_today_and_says_what_makes_it_a_and_e(
    client, sources
):
    """ "Not sure" counts as "see a doctor today" (Rule.unsure_tier): the reason no longer says
    "go to A&E now" outright, but when to."""
    page = text_of(client.post(URL, {**BASE, "fever": "unsure"}))
    rule = rules.rule_by_slug("fever")
    assert rule.reason not in page and rule.unsure_words.reason in page
    assert "counts that as a reason to see a doctor today" in page


@pytest.mark.parametrize("severity", ["3", "0"])
def test_might_be_pregnant_is_sent_to_a_gp_or_a_midwife_if_there_is_one(
    client, sources, catalogue, severity
):
    """ "I might be pregnant" was told "Tell your midwife or GP soon": there may be no midwife
    yet. "Yes, I'm pregnant" keeps its words."""
    rule = rules.rule_by_slug("hip-pain-in-or-after-pregnancy")
    sure_words = rules.worded_for(
        rule, answers_of({**BASE, "severity": severity, "pregnancy": "pregnant"})
    )
    for extra in ({}, {"print": "1"}):
        maybe = client.post(
            URL, {**BASE, "severity": severity, "pregnancy": "possibly_pregnant", **extra}
        )
        sure = client.post(URL, {**BASE, "severity": severity, "pregnancy": "pregnant", **extra})
        maybe_page, sure_page = text_of(maybe), text_of(sure)
        assert "midwife or GP" not in maybe_page
        assert "your midwife if you have one" in maybe_page
        assert sure_words.label in sure_page and sure_words.action in sure_page
        assert "midwife or GP" in sure_page and "if you have one" not in sure_page
        if not extra:
            assert tier_of(maybe) == tier_of(sure) == "see_professional"


def test_the_words_for_not_sure_change_only_the_words():
    everything_unsure = rules.Answers(**dict.fromkeys(rules.SIGN_FIELDS, Sign.UNSURE))
    for rule in rules.RULES:
        worded = rules.worded_for(rule, everything_unsure, unsure=True)
        if rule.unsure_words is None:
            assert worded is rule
            continue
        assert worded == rule and worded.wording == "unsure"
        assert (worded.tier, worded.unsure_tier, worded.no_exercises, worded.sources) == (
            rule.tier,
            rule.unsure_tier,
            rule.no_exercises,
            rule.sources,
        )
        assert rule.unsure_tier is not None  # a "not sure" that counts as "no" is never shown
        # A "yes" keeps the rule's own words.
        assert rules.worded_for(rule, everything_unsure) is rule


def test_a_lead_says_how_not_sure_counted():
    assert rules.unsure_lead(("a temperature",), Tier.URGENT, Tier.EMERGENCY) == (
        "You weren't sure about a temperature, so HipCare counts that as a reason to see a "
        "doctor today, to be safe."
    )
    assert rules.unsure_lead(("a swollen hip", "pain at night"), Tier.URGENT, Tier.URGENT) == (
        "You weren't sure about a swollen hip and pain at night, so HipCare counts that as a "
        "“yes”, to be safe."
    )


def test_periods_not_sure_of_are_not_sent_to_a_gp_as_if_they_had_stopped(
    client, sources, catalogue
):
    """A self-care answer lists "Periods that have stopped (you weren't sure)" with what it
    means: see a GP about them if they have stopped, not "see a GP about the periods"."""
    page = text_of(client.post(URL, {**BASE, "periods_stopped": "unsure"}))
    assert "Periods that have stopped (you weren't sure)." in page
    assert "Under 45, see a GP about the periods" not in page
    assert "If they have stopped and you are under 45, see a GP" in page
    # A "yes" under 45 is a reason of its own, in the headline: see a GP (not urgently).
    yes_page = text_of(client.post(URL, {**BASE, "periods_stopped": "yes"}))
    assert "Book a GP appointment" in yes_page
    assert "Nothing you told us needs a professional" not in yes_page


def come_back_list(response) -> str:
    """The text of the list under the page's check-again heading ("Get help at once if" ...)."""
    page = html(response)
    heading = next(h for h in rules._COME_BACK_HEADINGS.values() if h in page)
    start = page.index(heading)
    return text_of_html(page[start : page.index("</ul>", start)])


def text_of_html(fragment: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", fragment)))


def test_not_sure_signs_that_sent_the_runner_to_a_doctor_are_not_listed_as_still_to_come(
    client, sources
):
    """Tester: "not sure" to night pain, pain at rest, instability and weight loss gave "See a
    doctor today" for them, yet the list below said to get help at once if "the pain wakes you
    at night", "the hip feels unstable" or "you notice weight loss"."""
    data = {
        **BASE,
        **dict.fromkeys(("night_pain", "pain_at_rest", "instability", "weight_loss"), "unsure"),
    }
    for extra in ({}, {"print": "1"}):
        listed = come_back_list(client.post(URL, {**data, **extra})).lower()
        assert "faint" in listed
        for words in ("at night", "resting", "unstable", "weight loss"):
            assert words not in listed, (words, listed)
    # A temperature "not sure" alone: no "you have a temperature" to watch for.
    listed = come_back_list(client.post(URL, {**BASE, "fever": "unsure"})).lower()
    assert "faint" in listed and "temperature" not in listed
