"""Every sign the checker's answer tells the reader to look out for sits under what the
checker itself says to do when that sign comes on top of the reader's own answers (assess of
the answers with the sign: test_watch_lists_exact.py holds it over random answers): an
emergency under "call 999 / go to A&E now", a doctor today under a same-day heading, a rule's
own person and timing under its own heading (the midwife, now), the rest under "check again /
get help". The answer for a benign case put
"you can't put weight on the leg", numbness around the bottom and a temperature under "Check
again, or get help, if", with no 999 (and the see-a-professional answer the same under "get
help sooner"), while the rules make each of them an emergency.

Read from the answer page as drawn (every tier that has a list, for an adult, a young person
and a parent answering for a child, in the UK, abroad and where the zone is not known, and
the printed summary), each list item's sign named by its words (SIGN_WORDS), each heading's
urgency by its words (heading_tier).

The class, from a second tester: every sign question whose "yes" alone is more urgent than the
answer is listed (sudden breathlessness and a weak leg were missing everywhere), each under the
heading of exactly its own tier (weight loss and night pain were under "get help at once" on a
same-day answer; "Call 999 ... if you faint" sat inside the doctor-today list), no testicle
line for someone pregnant, and every temperature in °F too."""

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from hipcare.timezones import TIME_ZONE_COOKIE
from tests.triage import test_views
from tests.triage.test_views import URL
from tests.triage.test_views import answers as posted
from triage import emergency, rules
from triage.rules import Pregnancy, Sign, Tier, WeightBearing, assess

pytestmark = pytest.mark.django_db
catalogue = test_views.catalogue

#: Words that name a sign in a list item, and the answers that say it has come: read in this
#: order, each match taken out of the item before the next is looked for (so "severe tummy
#: pain ... feeling sick" is the ectopic emergency, not tummy pain and being sick apart).
SIGN_WORDS: tuple[tuple[tuple[str, ...], dict[str, object]], ...] = (
    (
        ("severe tummy pain comes with feeling sick", "severe tummy pain comes with being sick"),
        {"tummy_pain": Sign.YES, "vomiting": Sign.YES},
    ),
    (("weight on the leg",), {"weight_bearing": WeightBearing.UNABLE}),
    (("different shape or shorter",), {"deformity": Sign.YES}),
    (("tummy pain",), {"tummy_pain": Sign.YES}),
    (("being sick",), {"vomiting": Sign.YES}),
    (("calf or thigh",), {"leg_swollen": Sign.YES}),
    (("lump",), {"groin_lump": Sign.YES}),
    (("testicle",), {"testicle_pain": Sign.YES}),
    (("skin over the hip",), {"redness_warmth": Sign.YES}),
    (("hip area swells",), {"swelling": Sign.YES}),
    (
        ("red or hot", "swells up", "is swollen", "red or warm hip"),
        {"swelling": Sign.YES, "redness_warmth": Sign.YES},
    ),
    (("temperature",), {"fever": Sign.YES}),
    (("faint",), {"faint": Sign.YES}),
    (("bottom or genitals",), {"saddle_or_bladder": Sign.YES}),
    (("numbness or tingling",), {"numbness": Sign.YES}),
    (("goes weak",), {"leg_weakness": Sign.YES}),
    (("unstable", "give way"), {"instability": Sign.YES}),
    (("at night",), {"night_pain": Sign.YES}),
    (("resting",), {"pain_at_rest": Sign.YES}),
    (("much worse", "severe hip pain"), {"severity": rules.SEVERITY_MAX}),
    (("stand or walk",), {"weight_bearing": WeightBearing.PAINFUL}),
    (("weight loss", "loses weight"), {"weight_loss": Sign.YES}),
    (("breathless",), {"breathless_or_chest_pain": Sign.YES}),
    (("fall or knock", "falls or knocks"), {"injury": Sign.YES}),
    (("hard to move",), {"limited_motion": Sign.YES}),
    (("clicks painfully",), {"clicking": Sign.YES}),
    (
        ("bleed from the vagina", "bleeds from the vagina", "bleeding from the vagina"),
        {"vaginal_bleeding": Sign.YES},
    ),
)


def heading_tier(heading: str) -> Tier:
    """How urgent a heading's action is: call an emergency number or go to A&E (or the
    emergency department) now, or get help at once; a doctor today; book a GP, physio or
    doctor; else check again. (A same-day answer's own list was headed "get help at once"
    over signs that alone give a doctor today: a heading more urgent than its signs.)"""
    words = heading.lower()
    if "now" in words and ("call" in words or "a&e" in words or "emergency" in words):
        return Tier.EMERGENCY
    if any(soon in words for soon in ("at once", "immediately", "straight away", "right away")):
        return Tier.EMERGENCY
    if "today" in words:
        return Tier.URGENT
    if "book" in words:
        return Tier.SEE_PROFESSIONAL
    return Tier.SELF_CARE


class _Lists(HTMLParser):
    """(heading, item) for each item of the watch lists: the section labelled by
    ``section_id``; an item sits under the last h2/h3 (or strong lead) before it. How to be
    seen today, after the lists (data-watch-how: its numbers, a list of countries' where the
    zone is not known), is no list of signs: read up to it."""

    def __init__(self, section_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.section_id, self.depth, self.inside = section_id, 0, False
        self.heading, self.reading, self.text, self.items = "", None, "", []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            if self.inside:
                self.depth += 1
            elif attrs.get("aria-labelledby") == self.section_id:
                self.inside, self.depth = True, 0
        if self.inside and "data-watch-how" in attrs:
            self.inside = False
        if self.inside and tag in ("h2", "h3", "strong", "li"):
            self.reading, self.text = tag, ""

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "section":
            if self.depth:
                self.depth -= 1
            else:
                self.inside = False
        if tag == self.reading:
            text = " ".join(self.text.split())
            if tag == "li":
                self.items.append((self.heading, text))
            else:
                self.heading = text
            self.reading = None

    def handle_data(self, data):
        if self.reading:
            self.text += data


def listed(page: str, section_id: str) -> list[tuple[str, str]]:
    parser = _Lists(section_id)
    parser.feed(page)
    return parser.items


def signs_in(item: str) -> list[dict[str, object]]:
    words, found = item.lower(), []
    for names, sign in SIGN_WORDS:
        if any(name in words for name in names):
            found.append(sign)
            for name in names:
                words = words.replace(name, " ")
    return found


#: A benign case for each reader and the answers that take it to each tier with a list: the
#: tester's runner (34, outer side, pain 4, ten days, more running lately), at 21 days or with
#: night pain (see a professional), with a weak leg (a doctor today); a young person and a
#: child are seen today whatever the signs.
READERS = {"adult": 34, "young person": 13, "child": 8}
CASES = [
    ("adult", {}, Tier.SELF_CARE),
    ("adult", {"duration_days": 21}, Tier.SEE_PROFESSIONAL),
    ("adult", {"night_pain": Sign.YES}, Tier.SEE_PROFESSIONAL),
    ("adult", {"leg_weakness": Sign.YES}, Tier.URGENT),
    ("adult", {"severity": 0}, Tier.SELF_CARE),
    ("young person", {}, Tier.URGENT),
    ("child", {}, Tier.URGENT),
    ("child", {"leg_swollen": Sign.YES}, Tier.URGENT),
    ("adult", {"pregnancy": Pregnancy.PREGNANT}, Tier.SEE_PROFESSIONAL),
    ("adult", {"pregnancy": Pregnancy.POSSIBLY_PREGNANT, "severity": 0}, Tier.SEE_PROFESSIONAL),
    ("adult", {"pregnancy": Pregnancy.RECENTLY_GAVE_BIRTH}, Tier.SEE_PROFESSIONAL),
    ("young person", {"pregnancy": Pregnancy.PREGNANT}, Tier.URGENT),
]


def case_answers(reader: str, changes: dict) -> rules.Answers:
    changes = dict(changes)
    base = rules.benign_answers(READERS[reader], severity=changes.pop("severity", 4))
    return rules.only_asked(base.with_changes(mileage_increase=Sign.YES, **changes))


#: The timing words a headline can say, and those each tier's own words mean.
TIMING = re.compile(r"\b(now|today|within a few days|soon)\b")
TIER_TIMING = {
    Tier.EMERGENCY: {"now"},
    Tier.URGENT: {"today"},
    Tier.SEE_PROFESSIONAL: {"soon"},
    Tier.SELF_CARE: set(),
}


def watch_heading(tier: Tier, said: str, answers: rules.Answers) -> str:
    """The list heading for a headline: the tier's own words for the reader ("Call 999 or go
    to A&E now if", "See a doctor today, or call NHS 111, if") when the headline names the
    same people at the same time ("Have the hip examined by a doctor or physio" is "Book a
    physio or doctor"), else its own ("Contact your midwife or maternity unit now if")."""
    same = (
        rules.contacts_named(said, conditional=True)
        == rules.contacts_named(tier.label, conditional=True)
        and set(TIMING.findall(said)) <= TIER_TIMING[tier]
    )
    if said == tier.label or same:
        return rules._sooner_heading(tier, answers)  # noqa: SLF001
    return f"{said}, if" if " if " in said else f"{said} if"


def checker_place(answers: rules.Answers, sign: dict) -> tuple[Tier, str]:
    """What the checker itself answers for these answers (the runner's own) with ``sign``
    come: its tier and its headline (a rule's own person and timing, or the tier's label)."""
    given = rules.only_asked(answers.with_changes(**sign))
    assessment = assess(given)
    return assessment.tier, rules.headline(assessment, given)[0]


def form_data(answers: rules.Answers) -> dict:
    data = {}
    for name in rules._ANSWER_FIELDS:
        value = getattr(answers, name)
        if value is None:
            continue
        if name == "radiates_to":
            continue
        data[name] = str(value)
    return posted(**data)


#: Every question whose "yes" can be watched for: the yes/no signs but those the rules say are
#: about the past or a risk (rules.NOT_WATCHED), and the answers that are signs but not yes/no.
WATCHED: tuple[dict[str, object], ...] = (
    *({name: Sign.YES} for name in rules.SIGN_FIELDS if name not in rules.NOT_WATCHED),
    {"weight_bearing": WeightBearing.UNABLE},
    {"weight_bearing": WeightBearing.PAINFUL},
    {"severity": rules.SEVERITY_MAX},
)


def expected(answers: rules.Answers, tier: Tier, read: rules.Answers) -> list[dict[str, object]]:
    """The signs the answer must list: each not already so (``read``: the answers as the
    answer read them), asked of this reader, and for which the checker's answer, these answers
    with the sign, is more urgent than the answer (a testicle never for someone pregnant)."""
    pregnant = answers.pregnancy not in (None, Pregnancy.NO)
    must = []
    for sign in WATCHED:
        (name, value), *_ = sign.items()
        if getattr(read, name) == value or (name == "testicle_pain" and pregnant):
            continue
        if name in rules.SIGN_FIELDS and not rules.applies(name, answers.age):
            continue
        if name == "weight_bearing" and read.weight_bearing is WeightBearing.UNABLE:
            continue
        if checker_place(answers, sign)[0] > tier:
            must.append(sign)
    return must


def check(
    items,
    answers: rules.Answers,
    tier: Tier,
    read: rules.Answers | None = None,
    local=lambda text: text,
) -> None:
    """Each sign listed sits under what the checker answers for these answers with it: a
    heading whose action is its tier (a sign as urgent as a same-day answer under its "tell
    whoever sees you today"), and a rule's own heading where the checker's headline is one
    (the midwife, now); each item one action (no emergency number inside it), no testicle for
    someone pregnant, and every sign the answer must list (:func:`expected`) is there.
    ``local``: the page's words for where the reader is (a GP is a doctor abroad)."""
    assert items, "no list of signs to look out for"
    read = answers if read is None else read
    named = []
    for heading, item in items:
        assert not any(call in item for call in ("999", "911", "112", "Call ", "A&E")), item
        for sign in signs_in(item):
            named.append(sign)
            needs, said = checker_place(answers, sign)
            # (A self-care answer's own "then check again" lines name what to rest for.)
            own = "" if needs is Tier.SELF_CARE else watch_heading(needs, said, answers)
            if not own or own == rules._sooner_heading(needs, answers):  # noqa: SLF001
                assert heading_tier(heading) == needs, (
                    f"{item!r} is under {heading!r}, but the checker says {needs}"
                )
            else:
                # A rule's own heading (the midwife, now), said for where the reader is.
                assert heading == local(own), (item, heading, said)
    if answers.pregnancy not in (None, Pregnancy.NO):
        assert {"testicle_pain": Sign.YES} not in named
    # With the hip already swollen (or red), the other sign comes as the hot, swollen hip.
    hot = {"swelling": Sign.YES, "redness_warmth": Sign.YES}
    if read.swelling is Sign.YES or read.redness_warmth is Sign.YES:
        named += [{"swelling": Sign.YES}, {"redness_warmth": Sign.YES}] if hot in named else []
    missing = [sign for sign in expected(answers, tier, read) if sign not in named]
    assert not missing, f"not listed: {missing}"


@pytest.mark.parametrize(("reader", "changes", "tier"), CASES)
@pytest.mark.parametrize("zone", ["", "Europe/London", "America/New_York"])
def test_each_sign_on_the_answer_page_sits_under_the_action_its_rules_give(
    client, catalogue, reader, changes, tier, zone
):
    answers = case_answers(reader, changes)
    assert assess(answers).tier is tier
    if zone:
        client.cookies[TIME_ZONE_COOKIE] = zone
    data = form_data(answers)
    page = unescape(client.post(URL, data).content.decode())
    local = emergency.emergency_calls(zone or None, "999").local_words
    check(listed(page, "come-back-heading"), answers, tier, local=local)
    printed = unescape(client.post(URL, {**data, "print": "1"}).content.decode())
    check(listed(printed, "summary-come-back-heading"), answers, tier, local=local)


@pytest.mark.parametrize(("reader", "changes", "tier"), CASES)
def test_the_emergency_signs_say_call_the_number_now(client, catalogue, reader, changes, tier):
    """The emergency list says the zone's own number: 911 in New York, 999 in the UK."""
    answers = case_answers(reader, changes)
    data = form_data(answers)
    for zone, number in (("Europe/London", "999"), ("America/New_York", "911")):
        client.cookies[TIME_ZONE_COOKIE] = zone
        page = unescape(client.post(URL, data).content.decode())
        headings = {heading for heading, _item in listed(page, "come-back-heading")}
        emergency = [h for h in headings if heading_tier(h) is Tier.EMERGENCY]
        assert len(emergency) == 1 and f"Call {number}" in emergency[0], headings


@pytest.mark.parametrize("unsure", [(), ("fever",), ("swelling",), ("numbness", "faint")])
@pytest.mark.parametrize(("reader", "changes", "tier"), CASES)
def test_every_watch_list_of_the_rules_is_as_urgent_as_its_signs(reader, changes, tier, unsure):
    """The rules' lists (what every page draws), with "not sure" answers too."""
    answers = case_answers(reader, changes).with_changes(**dict.fromkeys(unsure, Sign.UNSURE))
    assessment = assess(answers)
    lists = rules.watch_lists(
        answers,
        assessment.tier,
        rest_first=assessment.rest_first,
        counted=assessment.counted_unsure,
    )
    if assessment.tier is Tier.EMERGENCY:
        assert lists == ()  # it says to go now
        return
    assert [watch.tier for watch in lists] == sorted((watch.tier for watch in lists), reverse=True)
    items = [(watch.heading, item) for watch in lists for item in watch.items]
    check(
        items,
        answers,
        assessment.tier,
        answers.with_changes(**dict.fromkeys(assessment.counted_unsure, Sign.YES)),
    )


#: A temperature in °C not followed by the same in °F.
CELSIUS_ALONE = re.compile(r"\d+(?:\.\d+)?\s*°C(?!\s*\(\d+(?:\.\d+)?\s*°F\))")


@pytest.mark.parametrize("zone", ["", "Europe/London", "America/New_York"])
def test_every_temperature_is_given_in_fahrenheit_too(client, catalogue, zone):
    """A reader in the US read "38 °C" alone: each temperature the checker gives (its
    questions, an answer with a temperature, its published rules, the printed summary) says
    °F beside °C, wherever the reader is."""
    if zone:
        client.cookies[TIME_ZONE_COOKIE] = zone
    unsure, no_pain = posted(fever="unsure"), posted(fever="unsure", severity="0")
    pages = {
        "questions": client.get(URL),
        "answer": client.post(URL, unsure),
        "printed": client.post(URL, {**unsure, "print": "1"}),
        "answer, no pain": client.post(URL, no_pain),
        "printed, no pain": client.post(URL, {**no_pain, "print": "1"}),
        "rules": client.get(reverse("triage:rules")),
    }
    given = {}
    for name, response in pages.items():
        text = unescape(response.content.decode())
        given[name] = text.count("°C")
        assert not CELSIUS_ALONE.findall(text), (name, CELSIUS_ALONE.findall(text))
    assert given["questions"] and given["answer"] and given["answer, no pain"], given
