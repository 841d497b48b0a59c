"""What a sign to look out for means for THIS runner is what the checker itself answers when it
comes: ``assess`` of the runner's own answers with that sign, its tier and its heading as the
answer page gives it (``rules.headline``: a rule's own person and timing, such as the midwife,
now). A tester found the lists worked out on made-up benign answers instead: at 75, a fall was
under "Book a physio or doctor" though the checker says a doctor today for it (a fall with a
risk to the bone: 65 and over, weak bones, long-term steroids), and with long-term steroids the
list didn't mention a fall at all; for someone pregnant, bleeding and a fall were under "See a
doctor today, or call NHS 111" though the checker says to contact the midwife or maternity
unit (now, and today). The class: any answer (age, onset, where, pain, history, a sign already
"yes") that changes what a sign means.

The checker is the oracle: over thousands of seeded random complete answer sets (an adult, a
young person, a child; every pregnancy answer; pain 0 to 10; none to two signs already "yes";
risks and "not sure" answers), every sign listed sits under the checker's own heading for the
answers with it, and every sign whose answers-with-it tier is more urgent than the answer is
listed. The cheap exact path (rules.sign_place: only the rules that read a sign's answers are
asked again, rules.rule_reads) is held to the full ``assess`` directly too, on complete and
incomplete answers."""

import random
from dataclasses import fields

import pytest

from tests.triage.test_watch_lists_urgency import SIGN_WORDS, WATCHED, signs_in, watch_heading
from triage import rules
from triage.rules import (
    Answers,
    Improving,
    Location,
    Onset,
    Pregnancy,
    Radiates,
    Sign,
    Tier,
    WeightBearing,
    assess,
    headline,
)

#: The signs :func:`rules.watch_lists` asks about (the answers that say each has come).
SIGNS = tuple(
    dict.fromkeys(sign for parts in rules._COME_BACK for *_words, sign in parts)  # noqa: SLF001
)
#: Yes/no questions that are risks or history, not signs to watch: any may be "yes".
RISKS = tuple(rules.NOT_WATCHED)
#: The yes/no questions that are signs.
SIGN_QUESTIONS = tuple(name for name in rules.SIGN_FIELDS if name not in rules.NOT_WATCHED)


def random_answers(rng: random.Random, *, complete: bool = True) -> Answers:
    """Answers a runner could send: a reader's age (a child, a young person, an adult up to
    95), a pregnancy answer where asked, a pain of 0 to 10 (0 often), none to two signs "yes",
    each risk "yes" now and then, a "not sure" now and then. ``complete``: every question
    asked is answered (the answer page); else some are left out."""
    age = rng.choice([rng.randint(5, 11), rng.randint(12, 15), rng.randint(16, 95)])
    severity = rng.choice([0, 0, rng.randint(1, 10), rng.randint(1, 10)])
    values: dict[str, object] = {
        "age": age,
        "severity": severity,
        "onset": rng.choice(list(Onset)),
        "location": rng.choice(list(Location)),
        "duration_days": rng.choice([1, 3, 6, 7, 10, 13, 14, 21, 60, 200]),
        "weight_bearing": rng.choice(
            [WeightBearing.FULL] * 6 + [WeightBearing.PAINFUL, WeightBearing.UNABLE]
        ),
        "improving": rng.choice(list(Improving)),
        "radiates_to": frozenset(rng.sample(list(Radiates), rng.choice([0, 0, 0, 1, 2]))),
        "pregnancy": rng.choice(list(Pregnancy)),
        **dict.fromkeys(rules.SIGN_FIELDS, Sign.NO),
    }
    for name in rng.sample(SIGN_QUESTIONS, rng.choice([0, 0, 1, 2])):
        values[name] = Sign.YES
    for name in RISKS:
        if rng.random() < 0.15:
            values[name] = Sign.YES
    for name in rules.SIGN_FIELDS:
        if rng.random() < 0.02:
            values[name] = Sign.UNSURE
    if not rules.applies("pregnancy", age):
        values["pregnancy"] = None
    answers = rules.only_asked(Answers(**values))
    if not complete:
        gone = rng.sample([f.name for f in fields(Answers)], rng.randint(1, 6))
        answers = rules.only_asked(answers.with_changes(**dict.fromkeys(gone, None)))
    return answers


def checker_place(answers: Answers, sign: dict) -> tuple[Tier, str]:
    """The oracle: the checker's own tier and headline for these answers with ``sign``."""
    given = rules.only_asked(answers.with_changes(**sign))
    assessment = assess(given)
    return assessment.tier, headline(assessment, given)[0]


def present(read: Answers, sign: dict) -> bool:
    """Whether ``sign`` is already so in the answers as the answer read them."""
    for name, value in sign.items():
        now = getattr(read, name)
        if name == "weight_bearing" and now is WeightBearing.UNABLE:
            continue
        if now != value:
            return False
    return True


def check_lists(answers: Answers) -> int:
    """Every sign listed under the checker's own heading for the answers with it (a same-day
    sign on a same-day answer with the same headline under "tell whoever sees you today");
    every sign more urgent than the answer listed; none already so. The number of signs
    checked."""
    assessment = assess(answers)
    tier = assessment.tier
    lists = rules.watch_lists(
        answers,
        tier,
        rest_first=assessment.rest_first,
        counted=assessment.counted_unsure,
        assessment=assessment,
    )
    if tier is Tier.EMERGENCY:
        assert lists == ()
        return 0
    read = answers.with_changes(**dict.fromkeys(assessment.counted_unsure, Sign.YES))
    own = headline(assessment, answers)[0]
    tell_today = rules.come_back_heading(Tier.URGENT, answers)
    headings = [watch.heading for watch in lists]
    assert len(headings) == len(set(headings)), headings
    ranks = [watch.tier.urgency for watch in lists]
    assert ranks == sorted(ranks, reverse=True), headings
    named, checked = [], 0
    for watch in lists:
        if tier is Tier.SELF_CARE and watch.heading == rules.come_back_heading(tier, answers):
            continue  # check again after the exercises, or once the reason to rest has gone
        for item in watch.items:
            assert not any(call in item for call in ("999", "911", "112", "Call ", "A&E")), item
            for sign in signs_in(item):
                named.append(sign)
                checked += 1
                assert not present(read, sign), (item, "already so")
                at, said = checker_place(answers, sign)
                context = (answers, item, watch.heading, at, said)
                if watch.heading == tell_today and tier is Tier.URGENT:
                    assert at is Tier.URGENT, context
                    assert watch_heading(at, said, answers) == watch_heading(tier, own, answers)
                else:
                    assert watch.tier is at, context
                    assert watch.heading == watch_heading(at, said, answers), context
    # With the hip already swollen (or red), the other sign comes as the hot, swollen hip.
    hot = {"swelling": Sign.YES, "redness_warmth": Sign.YES}
    if hot in named:
        named += [{"swelling": Sign.YES}, {"redness_warmth": Sign.YES}]
    pregnant = rules.pregnancy_of(answers) not in (None, Pregnancy.NO)
    for sign in WATCHED:
        (name, _value), *_ = sign.items()
        if present(read, sign) or (name == "testicle_pain" and pregnant):
            continue
        if name in rules.SIGN_FIELDS and not rules.applies(name, answers.age):
            continue
        if checker_place(answers, sign)[0] > tier:
            assert sign in named, (answers, tier, sign, headings)
    return checked


@pytest.mark.parametrize("seed", range(12))
def test_every_sign_sits_under_what_the_checker_answers_for_these_answers(seed):
    rng = random.Random(seed)
    checked = sum(check_lists(random_answers(rng)) for _case in range(200))
    assert checked > 1000


@pytest.mark.parametrize("seed", range(4))
def test_the_cheap_path_is_the_checkers_own_answer(seed):
    """rules.sign_place (only the rules that read a sign's answers asked again) gives what the
    full assess gives for the answers with the sign: tier and headline, also with answers
    missing (an emergency the missing answers may make certain)."""
    rng = random.Random(1000 + seed)
    for case in range(150):
        answers = random_answers(rng, complete=case % 3 != 0)
        for sign in SIGNS:
            if not all(rules.applies(name, answers.age) for name, _value in sign):
                continue
            tier, said, _timing = rules.sign_place(sign, answers)
            assert (tier, said) == checker_place(answers, dict(sign)), (answers, sign)


def test_each_rule_reads_only_what_rule_reads_says():
    """A rule is asked again for a sign only when it reads one of the sign's answers: so each
    condition, on any answers, reads only the answers rules.rule_reads gives it (with a pain
    score above 0, those it gives for answers in pain)."""
    rng = random.Random(7)
    for case in range(2000):
        answers = random_answers(rng, complete=case % 2 == 0)
        in_pain = answers.severity is not None and answers.severity >= 1
        reads = rules.rule_reads(in_pain=in_pain)
        for as_read in (answers.unsure_read_as(Sign.NO), answers.unsure_read_as(Sign.YES)):
            for rule in rules.RULES:
                reading = rules._Reading(as_read)  # noqa: SLF001
                rule.condition(reading)
                assert set(reading.read) <= reads[rule.slug], (rule.slug, reading.read)


#: The tester's cases: each sign's heading on main was worked out on benign answers.
TESTER = [
    # 75, walking normally, pain 4 on the outer side, 14 days, getting better: a fall is a
    # doctor today (fall-with-weak-bone-risk), not "book a physio or doctor".
    ({"age": 75, "duration_days": 14, "improving": Improving.YES}, "injury"),
    ({"age": 45, "weak_bones": Sign.YES}, "injury"),
    ({"age": 70, "location": Location.FRONT_GROIN}, "injury"),
    ({"age": 40, "steroids_or_alcohol": Sign.YES}, "injury"),
    # Numbness already: a weak leg is an emergency (weak-leg-with-nerve-signs).
    ({"age": 34, "numbness": Sign.YES}, "leg_weakness"),
    # Pregnant: bleeding is the midwife now, a fall the midwife today.
    ({"age": 30, "pregnancy": Pregnancy.PREGNANT}, "vaginal_bleeding"),
    ({"age": 30, "pregnancy": Pregnancy.PREGNANT}, "injury"),
]


@pytest.mark.parametrize(("changes", "sign"), TESTER)
def test_the_testers_cases(changes, sign):
    answers = rules.only_asked(rules.benign_answers(34).with_changes(**changes))
    assert check_lists(answers)
    at, said = checker_place(answers, {sign: Sign.YES})
    assert at > assess(answers).tier
    words = next(names for names, yes in SIGN_WORDS if yes == {sign: Sign.YES})
    lists = rules.watch_lists(answers, assess(answers).tier)
    (heading,) = [
        w.heading for w in lists for item in w.items if any(n in item.lower() for n in words)
    ]
    assert heading == watch_heading(at, said, answers)
