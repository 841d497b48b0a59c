"""An emergency is never held back by a question that can't change it (the class of fault a
fresh tester found: a leg out of shape waited for the fall question, a temperature for the
pain score on the next step).

For every emergency rule, from answers that make it apply: blank each question in turn, and
every question after the first step at once. Whenever every answer the blanked question(s)
could get still gives an emergency, the answers with them blank must already be one, in
:func:`triage.rules.assess` and in the checker's page (at once, not a 422 asking for them).
Sign and choice questions are tried with every answer, numbers over their whole range (the
duration over a spread of days), independently of the cases the rules module tries.
"""

import itertools
import timeit
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.conftest import make_source
from triage import rules
from triage.forms import answer_pairs
from triage.rules import QUESTIONS, RULES, SIGN_FIELDS, STEPS, Answers, Sign, Tier, assess

EMERGENCY_RULES = tuple(rule for rule in RULES if rule.tier is Tier.EMERGENCY)

#: Everything answered, nothing worrying: an adult runner with a niggle.
CALM = {
    "age": 40,
    "weight_bearing": "full",
    "severity": 3,
    "pregnancy": "no",
    "location": "outer_side",
    "radiates_to": frozenset(),
    "onset": "gradual",
    "duration_days": 10,
    "improving": "yes",
    **{name: Sign.NO for name in SIGN_FIELDS},
}

#: (emergency rule, answers that make it apply on top of CALM). Every emergency rule has at
#: least one (checked below), so a new rule joins the class test.
EMERGENCY_CASES = [
    ("cannot-bear-weight", {"weight_bearing": "unable"}),
    ("injury-with-deformity", {"injury": "yes", "deformity": "yes"}),
    ("injury-with-deformity", {"injury": "yes", "deformity": "yes", "weight_bearing": "painful"}),
    ("leg-looks-shorter-or-turned-out", {"deformity": "yes"}),
    ("leg-looks-shorter-or-turned-out", {"deformity": "yes", "weight_bearing": "painful"}),
    ("injury-with-numbness", {"injury": "yes", "numbness": "yes"}),
    ("injury-with-leg-weakness", {"injury": "yes", "leg_weakness": "yes"}),
    (
        "injury-with-swelling-and-severe-pain",
        {"injury": "yes", "swelling": "yes", "severity": 8},
    ),
    ("possible-hip-fracture-after-a-fall", {"injury": "yes", "weight_bearing": "painful"}),
    (
        "possible-hip-fracture-after-a-fall",
        {"injury": "yes", "weight_bearing": "painful", "age": 80},
    ),
    ("hot-swollen-joint", {"swelling": "yes", "redness_warmth": "yes"}),
    ("fever-with-joint-signs", {"fever": "yes", "swelling": "yes", "severity": 0}),
    ("fever-with-joint-signs", {"fever": "yes", "weight_bearing": "unable", "severity": 0}),
    ("fever", {"fever": "yes"}),
    ("fever", {"fever": "yes", "severity": 1, "age": 70}),
    ("replaced-hip-with-signs-of-infection", {"hip_replacement": "yes", "fever": "yes"}),
    ("replaced-hip-with-signs-of-infection", {"hip_replacement": "yes", "swelling": "yes"}),
    ("saddle-numbness-or-bladder-change", {"saddle_or_bladder": "yes"}),
    ("weak-leg-with-nerve-signs", {"leg_weakness": "yes", "numbness": "yes"}),
    ("possible-ectopic-pregnancy", {"age": 30, "pregnancy": "pregnant", "faint": "yes"}),
    (
        "possible-ectopic-pregnancy",
        {"age": 30, "pregnancy": "possibly_pregnant", "tummy_pain": "yes", "vomiting": "yes"},
    ),
    ("testicle-pain", {"testicle_pain": "yes"}),
    ("painful-groin-lump", {"groin_lump": "yes"}),
    ("breathless-or-chest-pain", {"breathless_or_chest_pain": "yes"}),
    ("tummy-pain-with-vomiting-or-fever", {"tummy_pain": "yes", "vomiting": "yes"}),
    ("tummy-pain-with-vomiting-or-fever", {"tummy_pain": "yes", "fever": "yes", "severity": 0}),
    (
        "bleeding-after-a-birth-with-faintness",
        {"age": 30, "pregnancy": "recently_gave_birth", "vaginal_bleeding": "yes", "faint": "yes"},
    ),
    (
        "swollen-leg-in-or-after-pregnancy",
        {"age": 30, "pregnancy": "recently_gave_birth", "leg_swollen": "yes"},
    ),
    ("child-with-fever", {"age": 6, "fever": "yes", "pregnancy": None}),
    ("child-with-fever", {"age": 12, "fever": "yes", "severity": 0}),
]

#: Every answer a question can get, for the check: numbers over their whole range (the
#: duration over a spread of days: no rule reads more than a few weeks of it).
ALL_ANSWERS = {
    **{name: (Sign.NO, Sign.UNSURE, Sign.YES) for name in SIGN_FIELDS},
    "onset": tuple(rules.Onset),
    "location": tuple(rules.Location),
    "weight_bearing": tuple(rules.WeightBearing),
    "improving": tuple(rules.Improving),
    "pregnancy": tuple(rules.Pregnancy),
    "radiates_to": tuple(
        frozenset(areas)
        for size in range(len(rules.Radiates) + 1)
        for areas in itertools.combinations(rules.Radiates, size)
    ),
    "age": tuple(range(rules.AGE_MIN, rules.AGE_MAX + 1)),
    "severity": tuple(range(rules.SEVERITY_MIN, rules.SEVERITY_MAX + 1)),
    "duration_days": (*range(0, 31), 45, 60, 90, 180, 365, 1000, rules.DURATION_MAX),
}


def case_answers(changes: dict) -> Answers:
    return Answers(**{**CALM, **changes})


def gives_emergency(answers: Answers) -> bool:
    """Some emergency rule gives an emergency for these answers, read as assess() reads them
    ("not sure" as no; and as yes, for a rule where "not sure" counts as an emergency)."""
    as_no, as_yes = answers.unsure_read_as(Sign.NO), answers.unsure_read_as(Sign.YES)
    return any(
        rule.condition(as_no) is True
        or (rule.unsure_tier is Tier.EMERGENCY and rule.condition(as_yes) is True)
        for rule in EMERGENCY_RULES
    )


def _outcomes(answers: Answers) -> tuple:
    as_no, as_yes = answers.unsure_read_as(Sign.NO), answers.unsure_read_as(Sign.YES)
    return tuple((rule.condition(as_no), rule.condition(as_yes)) for rule in EMERGENCY_RULES)


def always_emergency(answers: Answers, blank: tuple[str, ...]) -> bool:
    """Whether every answer to the ``blank`` questions gives an emergency: a plain search,
    branching on the first blank question whose answer changes some emergency rule's outcome
    (a question none of them reads can't change the verdict)."""
    if gives_emergency(answers):
        return True
    now = _outcomes(answers)
    if all(no is not None and yes is not None for no, yes in now):
        return False
    for name in blank:
        branches = [answers.with_changes(**{name: value}) for value in ALL_ANSWERS[name]]
        if any(_outcomes(branch) != now for branch in branches):
            rest = tuple(other for other in blank if other != name)
            return all(always_emergency(branch, rest) for branch in branches)
    return False


def blanked(answers: Answers, names) -> Answers:
    return answers.with_changes(**dict.fromkeys(names))


def test_every_emergency_rule_has_a_case_here():
    assert {slug for slug, _changes in EMERGENCY_CASES} == {r.slug for r in EMERGENCY_RULES}


@pytest.mark.parametrize(("slug", "changes"), EMERGENCY_CASES)
def test_the_case_makes_its_rule_apply(slug, changes):
    result = assess(case_answers(changes))
    assert result.tier is Tier.EMERGENCY
    assert slug in {rule.slug for rule in result.fired}


def _single_blanks():
    for slug, changes in EMERGENCY_CASES:
        full = case_answers(changes)
        for name in QUESTIONS:
            if getattr(full, name) is not None:
                yield slug, changes, (name,)
        yield slug, changes, tuple(n for n in QUESTIONS if n not in STEPS[0].questions)


BLANKS = list(_single_blanks())


def _emergency_whatever(changes, blank) -> bool:
    return always_emergency(blanked(case_answers(changes), blank), blank)


@pytest.mark.parametrize(
    ("slug", "changes", "blank"),
    [(slug, changes, blank) for slug, changes, blank in BLANKS if len(blank) > 1],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_blank_after_the_first_step_an_emergency_it_cant_change_is_given_at_once(
    slug, changes, blank
):
    given = blanked(case_answers(changes), blank)
    if always_emergency(given, blank):
        result = assess(given)
        assert result.tier is Tier.EMERGENCY and result.decided
        _reasons_hold_whatever_the_blanks(given, result, blank)


@pytest.mark.parametrize(("slug", "changes"), EMERGENCY_CASES)
def test_one_question_blank_never_holds_back_an_emergency_it_cant_change(slug, changes):
    checked = 0
    for name in QUESTIONS:
        full = case_answers(changes)
        if getattr(full, name) is None:
            continue
        given = blanked(full, (name,))
        every = [given.with_changes(**{name: value}) for value in ALL_ANSWERS[name]]
        if all(assess(answers).tier is Tier.EMERGENCY for answers in every):
            checked += 1
            result = assess(given)
            assert result.tier is Tier.EMERGENCY, (slug, name)
            _reasons_hold_whatever_the_blanks(given, result, (name,))
    # The rule's own case is an emergency with most questions blank (any it doesn't read).
    assert checked >= len(QUESTIONS) // 2


def _reasons_hold_whatever_the_blanks(given: Answers, result, blank) -> None:
    """Each emergency reason shown applies whatever the blank questions turn out to be: no
    reason claims an answer that wasn't given (a fall, for a leg out of shape)."""
    for rule in result.main_reasons:
        names = [name for name in blank if rule_reads(rule, name, given)]
        if rule.slug == "fever" and names == ["severity"]:
            # The one rule a later answer takes back, on purpose: a temperature counts as one
            # with hip pain until a pain score of 0 is given (asked beside it, on step 1).
            continue
        values = [ALL_ANSWERS[name] for name in names]
        for combo in itertools.product(*values):
            filled = given.with_changes(**dict(zip(names, combo, strict=True)))
            assert rule.applies(filled) or (
                rule.condition(filled.unsure_read_as(Sign.YES)) is True
            ), (rule.slug, dict(zip(names, combo, strict=True)))


def rule_reads(rule, name: str, answers: Answers) -> bool:
    outcomes = {
        rule.condition(answers.with_changes(**{name: value}).unsure_read_as(Sign.NO))
        for value in ALL_ANSWERS[name]
    }
    return len(outcomes) > 1


def test_the_number_cases_the_rules_try_cover_every_outcome_of_the_whole_range():
    """The split tries a few values of a number (each threshold and the one below): every
    combination of emergency rule outcomes the whole range gives, those values give too."""
    for name in ("age", "severity", "duration_days"):
        for slug, changes in EMERGENCY_CASES:
            base = blanked(case_answers(changes), (name,))
            for others in ({}, {"pregnancy": None}, {"fever": "yes", "severity": 0}):
                if name in others:
                    continue
                start = base.with_changes(**others)
                every = {_outcomes(start.with_changes(**{name: v})) for v in ALL_ANSWERS[name]}
                tried = {
                    _outcomes(start.with_changes(**{name: v})) for v in rules.possible_answers(name)
                }
                assert tried == every, (name, slug, others)


def test_no_emergency_is_claimed_that_some_answers_would_not_give():
    """The other way round: with questions blank, assess says emergency only when every
    answer to them gives one."""
    for slug, changes, blank in BLANKS:
        given = blanked(case_answers(changes), blank)
        if assess(given).tier is Tier.EMERGENCY:
            assert always_emergency(given, blank), (slug, blank)


def test_with_nothing_answered_nothing_is_decided_and_no_emergency_is_claimed():
    result = assess(Answers())
    assert result.tier is Tier.SELF_CARE and not result.decided
    assert result.highest_possible is Tier.EMERGENCY


# --------------------------------------------------------------------------------------------
# The tester's two examples, and the temperature with no hip pain
# --------------------------------------------------------------------------------------------

STEP_ONE_NO = {name: Sign.NO for name in STEPS[0].questions if name in SIGN_FIELDS}
#: The tester's first example: walking hurts, the leg out of shape, the fall question blank.
LEG_OUT_OF_SHAPE = {"age": 40, "weight_bearing": "painful", "deformity": "yes", "injury": None}


def test_a_leg_out_of_shape_with_the_fall_question_blank_is_an_emergency_with_no_fall_claimed():
    given = Answers(**{**STEP_ONE_NO, **LEG_OUT_OF_SHAPE})
    result = assess(given)
    assert result.tier is Tier.EMERGENCY and result.decided
    slugs = {rule.slug for rule in result.main_reasons}
    assert slugs == {"leg-looks-shorter-or-turned-out"}
    assert "after" not in rules.rule_by_slug("leg-looks-shorter-or-turned-out").title


@pytest.mark.parametrize("severity", [None, *range(1, 11)])
def test_a_temperature_is_an_emergency_on_the_first_step_unless_the_pain_is_0(severity):
    given = Answers(
        **{**STEP_ONE_NO, "age": 40, "weight_bearing": "full", "fever": "yes"}, severity=severity
    )
    result = assess(given)
    assert result.tier is Tier.EMERGENCY and result.decided
    assert [rule.slug for rule in result.main_reasons] == ["fever"]


def test_the_pain_score_is_asked_with_the_temperature_it_qualifies():
    assert {"fever", "severity"} <= set(STEPS[0].questions)


def test_a_temperature_with_pain_0_still_reaches_self_care_but_rests_first():
    given = case_answers({"fever": "yes", "severity": 0})
    result = assess(given)
    assert result.tier is Tier.SELF_CARE and not result.offers_exercises
    assert [rule.slug for rule in result.rest_first] == ["temperature-without-hip-pain"]
    step_one = Answers(
        **{**STEP_ONE_NO, "age": 40, "weight_bearing": "full", "fever": "yes", "severity": 0}
    )
    assert not assess(step_one).decided
    assert rules.next_step(step_one) is STEPS[1]


# --------------------------------------------------------------------------------------------
# The page: the emergency at once, with and without htmx
# --------------------------------------------------------------------------------------------

URL = reverse("triage:form")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def sources(db):
    for slug in rules.KNOWN_SOURCES:
        make_source(slug=slug, title=f"Title of {slug}")


def _step_one_post(**answers) -> dict:
    data = {"step": "1", "asked": list(STEPS[0].questions)}
    data.update({name: "no" for name in STEPS[0].questions if name in SIGN_FIELDS})
    data.update({k: v for k, v in answers.items() if v is not None})
    for name, value in answers.items():
        if value is None:
            data.pop(name, None)
    return data


TESTER_EXAMPLES = [
    # A leg out of shape, walking hurts, the fall question left blank (pain score too).
    (
        _step_one_post(age="40", weight_bearing="painful", deformity="yes", injury=None),
        "The leg looks shorter or turned out",
    ),
    (
        _step_one_post(
            age="40", weight_bearing="painful", deformity="yes", injury=None, severity="6"
        ),
        "The leg looks shorter or turned out",
    ),
    # A temperature on the first step: at once, with the pain score or without it.
    (
        _step_one_post(age="40", weight_bearing="full", fever="yes", severity="4"),
        "Hip pain with a temperature",
    ),
    (_step_one_post(age="40", weight_bearing="full", fever="yes"), "Hip pain with a temperature"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("data", "title"), TESTER_EXAMPLES)
def test_the_testers_examples_answer_emergency_at_once(client, sources, data, title, htmx):
    response = client.post(URL, data, headers=HTMX if htmx else {})
    assert response.status_code == 200
    page = response.content.decode()
    assert Tier.EMERGENCY.label in page and title in page
    assert "The leg looks out of shape after an injury" not in page
    assert ("<html" in page) is not htmx


@pytest.mark.django_db
def test_a_temperature_with_pain_0_goes_on_to_the_next_step_and_on_to_self_care_with_rest(
    client, sources
):
    data = _step_one_post(age="40", weight_bearing="full", fever="yes", severity="0")
    response = client.post(URL, data)
    assert response.status_code == 200
    assert STEPS[1].heading in response.content.decode()
    every = {
        **{k: v for k, v in data.items() if k not in ("step", "asked")},
        **{name: "no" for name in SIGN_FIELDS if name != "fever"},
        "pregnancy": "no",
        "location": "outer_side",
        "onset": "gradual",
        "duration_days": "3",
        "improving": "yes",
    }
    page = client.post(URL, every).content.decode()
    rule = rules.rule_by_slug("temperature-without-hip-pain")
    assert 'data-tier="self_care"' in page and rule.label in page
    assert Tier.SELF_CARE.label not in page  # its words say to use the exercises


@pytest.mark.django_db
def test_the_page_answers_at_once_whenever_a_blank_step_one_question_cant_change_it(
    client, sources
):
    """The class on the page: every case, each first-step question left blank in turn (all
    the other answers carried), where every answer to it gives an emergency: 200 and the
    emergency, never a 422 asking for the question."""
    posted = 0
    for slug, changes, blank in BLANKS:
        if len(blank) != 1 or blank[0] not in STEPS[0].questions:
            continue
        if not _emergency_whatever(changes, blank):
            continue
        given = blanked(case_answers(changes), blank)
        data = [*answer_pairs(given), ("asked", blank[0]), ("step", "1")]
        # Form-encoded, as the checker's form sends it (the test client's default, multipart,
        # took a third of this test's time parsing).
        response = client.post(
            URL, urlencode(data), content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200, (slug, blank)
        assert Tier.EMERGENCY.label in response.content.decode(), (slug, blank)
        posted += 1
    assert posted >= len(EMERGENCY_CASES)


def test_assess_stays_fast():
    """assess runs on every step: the split must not make it slow (well under 5 ms here for
    the first step's answers, all "no", and for the tester's first example)."""
    step_one = Answers(**{**STEP_ONE_NO, "age": 40, "weight_bearing": "full", "severity": 3})
    example = step_one.with_changes(weight_bearing="painful", deformity=Sign.YES, injury=None)
    for answers in (Answers(), step_one, example):
        seconds = min(timeit.repeat(lambda a=answers: assess(a), number=20, repeat=3)) / 20
        assert seconds < 0.005


# --------------------------------------------------------------------------------------------
# The split itself, on the rules as they were when the tester found the fault
# --------------------------------------------------------------------------------------------


def _as_they_were():
    """The two leg-out-of-shape rules as they were: one needed a fall, the other "no fall",
    so with the fall question blank neither applied although one of them must."""
    import dataclasses

    def no_fall(a):
        if a.deformity is None:
            return None
        if a.deformity is not Sign.YES:
            return False
        return None if a.injury is None else a.injury is not Sign.YES

    leg = dataclasses.replace(
        rules.rule_by_slug("leg-looks-shorter-or-turned-out"), condition=no_fall
    )
    return tuple(leg if rule.slug == leg.slug else rule for rule in RULES)


def test_the_split_finds_an_emergency_no_single_rule_decides_and_claims_no_fall(monkeypatch):
    old = _as_they_were()
    given = Answers(**{**STEP_ONE_NO, **LEG_OUT_OF_SHAPE})
    emergencies = tuple(rule for rule in old if rule.tier is Tier.EMERGENCY)
    assert not any(rule.applies(given) for rule in emergencies)
    every, least = rules.emergency_whatever(given, emergencies)
    assert every == frozenset() and least == {"leg-looks-shorter-or-turned-out"}
    assert rules.emergency_whatever(given.with_changes(deformity=Sign.NO), emergencies) is None

    monkeypatch.setattr(rules, "RULES", old)
    monkeypatch.setattr(rules, "_EMERGENCY_RULES", emergencies)
    result = assess(given)
    assert result.tier is Tier.EMERGENCY and result.decided
    assert [rule.slug for rule in result.main_reasons] == ["leg-looks-shorter-or-turned-out"]
    # A "not sure" about the fall is an emergency too; a "no" to the leg is not.
    assert assess(given.with_changes(injury=Sign.UNSURE)).tier is Tier.EMERGENCY
    assert assess(given.with_changes(deformity=Sign.NO)).tier is not Tier.EMERGENCY


# --------------------------------------------------------------------------------------------
# An older runner's hip that hurts suddenly without a fall (tester: "book a physio")
# --------------------------------------------------------------------------------------------


def _older_runner(**changes) -> Answers:
    return case_answers(
        {"age": 80, "onset": "sudden", "weight_bearing": "painful", "severity": 5, **changes}
    )


def test_sudden_pain_on_standing_at_80_without_a_fall_sees_a_doctor_today():
    result = assess(_older_runner())
    assert result.tier is Tier.URGENT
    assert [rule.slug for rule in result.main_reasons] == ["sudden-pain-with-fragile-bones"]
    rule = rules.rule_by_slug("sudden-pain-with-fragile-bones")
    assert set(rule.sources) <= rules.KNOWN_SOURCES and "999" in rule.reason


@pytest.mark.parametrize(
    "changes",
    [
        {"age": 50, "weak_bones": "yes"},  # weak bones at any age
        {"age": 50, "weak_bones": "unsure"},  # "not sure" counts as yes
        {"age": rules.FALL_RISK_AGE},
    ],
)
def test_the_fragile_bone_rule_applies_from_65_or_with_weak_bones(changes):
    assert assess(_older_runner(**changes)).tier is Tier.URGENT


@pytest.mark.parametrize(
    "changes",
    [
        {"age": rules.FALL_RISK_AGE - 1},
        {"onset": "gradual"},
        {"weight_bearing": "full"},
    ],
)
def test_the_fragile_bone_rule_needs_all_three(changes):
    result = assess(_older_runner(**changes))
    assert "sudden-pain-with-fragile-bones" not in {rule.slug for rule in result.fired}


def test_with_a_fall_the_older_runner_is_an_emergency_as_before():
    assert assess(_older_runner(injury="yes")).tier is Tier.EMERGENCY
