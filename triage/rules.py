"""Red-flag triage for runners with hip pain.

Pure Python on purpose: no Django here, so the policy can be read, reviewed and tested on its
own. The symptom checker's form is built from the choice tuples and bounds below, turns the
runner's answers into an :class:`Answers`, and calls :func:`assess`.

The policy
----------
Every rule in :data:`RULES` is checked. The assessment's tier is the most urgent tier among the
rules that matched (``emergency`` > ``urgent`` > ``see_professional`` > ``self_care``); when no
rule matches the tier is ``self_care``. All matching rules are reported, not just the ones that
set the tier, so the runner sees every reason.

Each rule names the sources it rests on by slug; the slugs are those of the catalogue's
``Source`` table (the four articles in ``shared/sources`` plus the clinical guidance pages).
All text here is HipCare's own wording: the facts come from the sources, the sentences do not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import TypeVar

__all__ = [
    "AGE_MAX",
    "AGE_MIN",
    "ARTICLE_SOURCES",
    "COME_BACK_IF",
    "CONTRIBUTOR_SOURCES",
    "DURATION_MAX",
    "DURATION_MIN",
    "GUIDELINE_SOURCES",
    "IMPROVING",
    "KNOWN_SOURCES",
    "LOCATIONS",
    "ONSETS",
    "PREVENTION_ADVICE",
    "RADIATES",
    "RULES",
    "SELF_CARE_PLAN",
    "SEVERITY_MAX",
    "SEVERITY_MIN",
    "WEIGHT_BEARING",
    "YES_NO_QUESTIONS",
    "Advice",
    "Answers",
    "Assessment",
    "Improving",
    "Location",
    "Onset",
    "Radiates",
    "Rule",
    "Tier",
    "WeightBearing",
    "assess",
    "possible_contributors",
    "rule_by_slug",
]


# --------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------

#: The four source articles (titles in shared/sources/README.md), by catalogue slug, in the
#: README's order: the Runner's World exercise list, the runners' hip-management guide, the
#: causes/treatment/prevention article, and the physical therapists' eleven moves.
ARTICLE_SOURCES: tuple[str, ...] = (
    "run-longer-faster",
    "managing-hip-pain",
    "hip-pain-and-running",
    "eleven-hip-exercises",
)

#: Clinical guidance pages that back the red flags the articles do not cover.
GUIDELINE_SOURCES: tuple[str, ...] = (
    "nhs-hip-pain",
    "nhs-hip-fracture",
    "mayo-hip-pain",
    "versus-arthritis-hip-pain",
    "bsr-hot-swollen-joint",
    "rcem-hip-fracture",
    "rch-sufe",
    "nhs-cauda-equina",
)

KNOWN_SOURCES: frozenset[str] = frozenset(ARTICLE_SOURCES + GUIDELINE_SOURCES)

_E = TypeVar("_E", bound=StrEnum)


# --------------------------------------------------------------------------------------------
# The questions
# --------------------------------------------------------------------------------------------

AGE_MIN, AGE_MAX = 8, 100
SEVERITY_MIN, SEVERITY_MAX = 0, 10
DURATION_MIN, DURATION_MAX = 0, 3650


class Onset(StrEnum):
    SUDDEN = "sudden"
    GRADUAL = "gradual"


class Location(StrEnum):
    FRONT_GROIN = "front_groin"
    OUTER_SIDE = "outer_side"
    BACK_BUTTOCK = "back_buttock"
    DEEP_INSIDE = "deep_inside"
    DIFFUSE = "diffuse"


class Radiates(StrEnum):
    BACK = "back"
    THIGH = "thigh"
    KNEE = "knee"


class WeightBearing(StrEnum):
    FULL = "full"
    PAINFUL = "painful"
    UNABLE = "unable"


class Improving(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_TRIED = "not_tried"


# (value, label) pairs in display order, ready to be used as Django form choices.
ONSETS: tuple[tuple[str, str], ...] = (
    (Onset.SUDDEN.value, "Suddenly - a sharp pain at a particular moment"),
    (Onset.GRADUAL.value, "Gradually - it crept up over runs or days"),
)
LOCATIONS: tuple[tuple[str, str], ...] = (
    (Location.FRONT_GROIN.value, "At the front of the hip or in the groin"),
    (Location.OUTER_SIDE.value, "On the outer side of the hip"),
    (Location.BACK_BUTTOCK.value, "At the back of the hip or in the buttock"),
    (Location.DEEP_INSIDE.value, "Deep inside the hip joint"),
    (Location.DIFFUSE.value, "All over, or I can't pin it down"),
)
RADIATES: tuple[tuple[str, str], ...] = (
    (Radiates.BACK.value, "Into my lower back"),
    (Radiates.THIGH.value, "Down my thigh"),
    (Radiates.KNEE.value, "Down to my knee"),
)
WEIGHT_BEARING: tuple[tuple[str, str], ...] = (
    (WeightBearing.FULL.value, "Yes, I can stand and walk on it normally"),
    (WeightBearing.PAINFUL.value, "Yes, but standing or walking on it hurts or makes me limp"),
    (WeightBearing.UNABLE.value, "No, I can't put weight on that leg"),
)
IMPROVING: tuple[tuple[str, str], ...] = (
    (Improving.YES.value, "Yes, it's getting better"),
    (Improving.NO.value, "No, it's the same or worse"),
    (
        Improving.NOT_TRIED.value,
        "I haven't tried easing off or doing exercises yet",
    ),
)

#: The yes/no questions, by Answers field name, with the wording the form should show.
YES_NO_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("injury", "Did the pain start with a fall, a collision or a blow to the hip?"),
    ("night_pain", "Does the pain wake you up or keep you awake at night?"),
    ("pain_at_rest", "Does it hurt even when you're resting, not just when you move?"),
    ("clicking", "Do you feel or hear a click or a snap in the hip as you move?"),
    ("swelling", "Is the hip area swollen?"),
    ("redness_warmth", "Is the skin over the hip red, or warm when you touch it?"),
    ("fever", "Do you have a temperature, or feel hot and shivery?"),
    ("limited_motion", "Is it hard to move the hip as far as usual, or to walk or run normally?"),
    ("instability", "Does the hip feel unstable, as if it might give way?"),
    ("numbness", "Do you have numbness, tingling or pins and needles in the leg?"),
    ("deformity", "Does the leg look a different shape, shorter, or turned out?"),
    (
        "saddle_or_bladder",
        "Is there numbness around your bottom or genitals, or any new trouble "
        "controlling or passing urine or stools?",
    ),
    ("mileage_increase", "Have you recently stepped up how far, how often or how hard you run?"),
    ("previous_stress_fracture", "Have you had a stress fracture before?"),
    ("periods_stopped", "If you have periods: have they stopped or become irregular?"),
    ("cancer_history", "Have you ever been treated for cancer?"),
    ("weight_loss", "Have you lost weight recently without trying to?"),
)


def _choice_values(choices: tuple[tuple[str, str], ...]) -> frozenset[str]:
    return frozenset(value for value, _label in choices)


@dataclass(frozen=True, kw_only=True)
class Answers:
    """One runner's answers to the symptom checker.

    Keyword-only, so tests and the form can give the fields in any order. Choice fields are
    converted to their enums (which still compare equal to the plain strings); out-of-range or
    unknown values raise ``ValueError``.
    """

    age: int
    onset: Onset
    location: Location
    severity: int
    duration_days: int
    weight_bearing: WeightBearing
    improving: Improving
    injury: bool = False
    radiates_to: frozenset[Radiates] = field(default_factory=frozenset)
    night_pain: bool = False
    pain_at_rest: bool = False
    clicking: bool = False
    swelling: bool = False
    redness_warmth: bool = False
    fever: bool = False
    limited_motion: bool = False
    instability: bool = False
    numbness: bool = False
    deformity: bool = False
    saddle_or_bladder: bool = False
    mileage_increase: bool = False
    previous_stress_fracture: bool = False
    periods_stopped: bool = False
    cancer_history: bool = False
    weight_loss: bool = False

    def __post_init__(self) -> None:
        _check_int("age", self.age, AGE_MIN, AGE_MAX)
        _check_int("severity", self.severity, SEVERITY_MIN, SEVERITY_MAX)
        _check_int("duration_days", self.duration_days, DURATION_MIN, DURATION_MAX)
        for name, enum in (
            ("onset", Onset),
            ("location", Location),
            ("weight_bearing", WeightBearing),
            ("improving", Improving),
        ):
            object.__setattr__(self, name, _to_enum(name, enum, getattr(self, name)))
        if isinstance(self.radiates_to, str):
            raise ValueError("radiates_to must be a collection of areas, not a single string")
        areas = frozenset(_to_enum("radiates_to", Radiates, a) for a in self.radiates_to)
        object.__setattr__(self, "radiates_to", areas)
        for name in BOOL_FIELDS:
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be True or False")

    def with_changes(self, **changes: object) -> Answers:
        """A copy with some answers changed (handy for 'what if' checks and tests)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Answers(**values)  # type: ignore[arg-type]


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")


def _to_enum(name: str, enum: type[_E], value: object) -> _E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}") from None


#: The names of the yes/no answers, in declaration order.
BOOL_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Answers) if f.type in ("bool", bool))


# --------------------------------------------------------------------------------------------
# Tiers
# --------------------------------------------------------------------------------------------


class Tier(StrEnum):
    """How soon the runner needs help. Members are listed most urgent first.

    Tiers compare by urgency: ``Tier.EMERGENCY > Tier.URGENT > Tier.SEE_PROFESSIONAL >
    Tier.SELF_CARE``, so ``max(tiers)`` is the most urgent one.
    """

    EMERGENCY = "emergency"
    URGENT = "urgent"
    SEE_PROFESSIONAL = "see_professional"
    SELF_CARE = "self_care"

    @property
    def urgency(self) -> int:
        """3 for emergency down to 0 for self care."""
        return _URGENCY[self]

    @property
    def label(self) -> str:
        """A heading for the result page."""
        return _TIER_LABELS[self]

    @property
    def action(self) -> str:
        """What to do now, in one to three sentences."""
        return _TIER_ACTIONS[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return self.urgency < other.urgency

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return self.urgency <= other.urgency

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return self.urgency > other.urgency

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return self.urgency >= other.urgency


_URGENCY = {Tier.EMERGENCY: 3, Tier.URGENT: 2, Tier.SEE_PROFESSIONAL: 1, Tier.SELF_CARE: 0}

_TIER_LABELS = {
    Tier.EMERGENCY: "Get emergency care now",
    Tier.URGENT: "See a doctor today",
    Tier.SEE_PROFESSIONAL: "Book a physio or doctor",
    Tier.SELF_CARE: "You can look after this yourself for now",
}

_TIER_ACTIONS = {
    Tier.EMERGENCY: (
        "Call emergency services (999 in the UK) or get someone to take you to A&E now. "
        "Don't try to walk or run it off, and don't drive yourself."
    ),
    Tier.URGENT: (
        "Stop running and get seen by a doctor today: call your GP surgery for an urgent "
        "appointment, or NHS 111 if they are closed. Until then, rest the hip and keep "
        "weight off it where you can."
    ),
    Tier.SEE_PROFESSIONAL: (
        "Book an appointment with a physiotherapist or your doctor within the next week or "
        "two. Meanwhile cut back your running to what feels comfortable, or swap some runs "
        "for low-impact exercise, and stop anything that makes the pain worse."
    ),
    Tier.SELF_CARE: (
        "Nothing you told us needs a professional right now. Ease off your running for a few "
        "days, use the exercises below, and build back up gradually once it settles."
    ),
}


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One red flag (or amber flag): when it applies, which tier it calls for, and why."""

    slug: str
    tier: Tier
    title: str
    reason: str
    sources: tuple[str, ...]
    condition: Callable[[Answers], bool] = field(repr=False, compare=False)

    def applies(self, answers: Answers) -> bool:
        return bool(self.condition(answers))


def _not_full_weight(a: Answers) -> bool:
    return a.weight_bearing != WeightBearing.FULL


def _stress_fracture(a: Answers) -> bool:
    in_the_right_place = a.location in (Location.FRONT_GROIN, Location.DEEP_INSIDE)
    at_risk = a.mileage_increase or a.previous_stress_fracture or a.periods_stopped
    bone_pain = _not_full_weight(a) or a.night_pain or a.pain_at_rest or a.improving == Improving.NO
    return in_the_right_place and at_risk and bone_pain


RULES: tuple[Rule, ...] = (
    # ---- emergency -------------------------------------------------------------------------
    Rule(
        slug="cannot-bear-weight",
        tier=Tier.EMERGENCY,
        title="You can't put weight on the leg",
        reason=(
            "You can't put weight on the leg. Being unable to stand on it can mean a broken "
            "bone or a dislocated hip, and that has to be checked in hospital straight away."
        ),
        sources=("hip-pain-and-running", "managing-hip-pain", "nhs-hip-pain", "nhs-hip-fracture"),
        condition=lambda a: a.weight_bearing == WeightBearing.UNABLE,
    ),
    Rule(
        slug="injury-with-deformity",
        tier=Tier.EMERGENCY,
        title="The leg looks out of shape after an injury",
        reason=(
            "After a fall or a blow, your leg looks a different shape, shorter, or turned out. "
            "That is a typical sign of a broken hip or a dislocation and needs emergency care."
        ),
        sources=("nhs-hip-pain", "nhs-hip-fracture", "rcem-hip-fracture"),
        condition=lambda a: a.injury and a.deformity,
    ),
    Rule(
        slug="injury-with-numbness",
        tier=Tier.EMERGENCY,
        title="Numbness in the leg after an injury",
        reason=(
            "You have numbness or tingling in the leg after a fall or a blow. An injury that "
            "affects the feeling in your leg may have hurt a nerve or a blood vessel, so it "
            "needs to be seen in hospital now."
        ),
        sources=("nhs-hip-pain", "rcem-hip-fracture"),
        condition=lambda a: a.injury and a.numbness,
    ),
    Rule(
        slug="injury-with-swelling-and-severe-pain",
        tier=Tier.EMERGENCY,
        title="Swelling and severe pain after an injury",
        reason=(
            "Your hip is swollen and the pain is severe (7 or more out of 10) after a fall or "
            "a blow. Together these can mean a fracture or a badly torn muscle, which hospital "
            "staff need to assess today."
        ),
        sources=("hip-pain-and-running", "nhs-hip-pain", "rcem-hip-fracture"),
        condition=lambda a: a.injury and a.swelling and a.severity >= 7,
    ),
    Rule(
        slug="possible-hip-fracture-over-60",
        tier=Tier.EMERGENCY,
        title="A fall at 60 or over, and walking isn't normal",
        reason=(
            "You are 60 or over, you've had a fall or a knock, and standing or walking on the "
            "leg isn't normal. A broken hip doesn't always stop you walking, so it should be "
            "ruled out with an X-ray straight away."
        ),
        sources=("nhs-hip-fracture", "rcem-hip-fracture"),
        condition=lambda a: a.age >= 60 and a.injury and _not_full_weight(a),
    ),
    Rule(
        slug="hot-swollen-joint",
        tier=Tier.EMERGENCY,
        title="A hot, swollen hip",
        reason=(
            "Your hip is swollen and the skin over it is red or warm. A hot, swollen joint can "
            "be an infection inside the joint, which can damage it within hours, so it needs "
            "emergency assessment."
        ),
        sources=("bsr-hot-swollen-joint", "hip-pain-and-running", "nhs-hip-pain"),
        condition=lambda a: a.swelling and a.redness_warmth,
    ),
    Rule(
        slug="fever-with-joint-signs",
        tier=Tier.EMERGENCY,
        title="A temperature with a swollen, hot or unusable hip",
        reason=(
            "You have a temperature as well as a hip that is swollen, red or warm, or that you "
            "can't stand on. Fever with a painful joint can mean a joint or bone infection, "
            "which is an emergency."
        ),
        sources=("bsr-hot-swollen-joint", "nhs-hip-pain"),
        condition=lambda a: (
            a.fever and (a.swelling or a.redness_warmth or a.weight_bearing == WeightBearing.UNABLE)
        ),
    ),
    Rule(
        slug="saddle-numbness-or-bladder-change",
        tier=Tier.EMERGENCY,
        title="Numbness around the bottom, or bladder or bowel changes",
        reason=(
            "You have numbness around your bottom or genitals, or a new problem passing or "
            "holding urine or stools. This can mean the nerves at the base of the spine are "
            "being squeezed, which needs emergency treatment to avoid lasting damage."
        ),
        sources=("nhs-cauda-equina", "nhs-hip-pain"),
        condition=lambda a: a.saddle_or_bladder,
    ),
    # ---- urgent ----------------------------------------------------------------------------
    Rule(
        slug="suspected-stress-fracture",
        tier=Tier.URGENT,
        title="Possible stress fracture",
        reason=(
            "Your pain is in the groin or deep in the hip, you have a risk factor for a stress "
            "fracture (more running lately, an earlier stress fracture, or periods that have "
            "stopped), and it hurts to stand on, at night or at rest, or isn't getting better. "
            "A stress fracture has to be confirmed or ruled out by a doctor, and running on "
            "one can make it much worse: stop running and keep to low-impact exercise until "
            "you know."
        ),
        sources=("hip-pain-and-running", "run-longer-faster", "nhs-hip-pain"),
        condition=_stress_fracture,
    ),
    Rule(
        slug="possible-slipped-growth-plate",
        tier=Tier.URGENT,
        title="Hip pain with a limp at age 10 to 16",
        reason=(
            "At your age (10 to 16) hip pain with a limp or a stiff hip can be a slipped growth "
            "plate at the top of the thigh bone. The pain is sometimes felt only in the thigh "
            "or the knee. It needs a doctor today, and you should avoid running or jumping "
            "until you have been seen."
        ),
        sources=("rch-sufe",),
        condition=lambda a: 10 <= a.age <= 16 and (_not_full_weight(a) or a.limited_motion),
    ),
    Rule(
        slug="past-cancer",
        tier=Tier.URGENT,
        title="New hip pain after cancer",
        reason=(
            "You have had cancer in the past. New bone or joint pain in someone who has had "
            "cancer should be checked by a doctor promptly, even if it is most likely from "
            "running."
        ),
        sources=("nhs-hip-pain", "versus-arthritis-hip-pain"),
        condition=lambda a: a.cancer_history,
    ),
    Rule(
        slug="unexplained-weight-loss",
        tier=Tier.URGENT,
        title="Weight loss you can't explain",
        reason=(
            "You have lost weight without trying. Together with hip pain, that needs a "
            "doctor's check to look for an illness behind both."
        ),
        sources=("nhs-hip-pain", "versus-arthritis-hip-pain"),
        condition=lambda a: a.weight_loss,
    ),
    Rule(
        slug="fever",
        tier=Tier.URGENT,
        title="A temperature with hip pain",
        reason=(
            "You have a temperature or feel hot and shivery. Hip pain with a fever can be the "
            "start of an infection, so a doctor should see you today."
        ),
        sources=("nhs-hip-pain", "bsr-hot-swollen-joint"),
        condition=lambda a: a.fever,
    ),
    Rule(
        slug="red-or-warm-hip",
        tier=Tier.URGENT,
        title="Red or warm skin over the hip",
        reason=(
            "The skin over your hip is red or feels warm. That suggests inflammation or an "
            "infection rather than a simple running strain, and a doctor should look at it "
            "today."
        ),
        sources=("hip-pain-and-running", "nhs-hip-pain", "bsr-hot-swollen-joint"),
        condition=lambda a: a.redness_warmth and not a.swelling,
    ),
    Rule(
        slug="sudden-severe-pain",
        tier=Tier.URGENT,
        title="Severe pain that came on suddenly",
        reason=(
            "Your pain came on suddenly and is severe (7 or more out of 10). A sharp pain "
            "arriving at one moment can mean a torn muscle or tendon, or a bone injury; get it "
            "checked today rather than trying to run through it."
        ),
        sources=("managing-hip-pain", "hip-pain-and-running", "nhs-hip-pain"),
        condition=lambda a: a.onset == Onset.SUDDEN and a.severity >= 7,
    ),
    Rule(
        slug="severe-pain-at-night-and-rest",
        tier=Tier.URGENT,
        title="Severe pain at night and at rest",
        reason=(
            "Your pain is severe (7 or more out of 10) and it doesn't let up at night or when "
            "you are resting. Strong pain that rest doesn't ease is not typical of an overuse "
            "niggle and should be seen by a doctor today."
        ),
        sources=("managing-hip-pain", "hip-pain-and-running", "versus-arthritis-hip-pain"),
        condition=lambda a: a.night_pain and a.pain_at_rest and a.severity >= 7,
    ),
    Rule(
        slug="over-60-painful-to-stand",
        tier=Tier.URGENT,
        title="Pain on standing at 60 or over",
        reason=(
            "You are 60 or over and it hurts to stand or walk on the leg. At this age that "
            "can be a fracture, even a small one from a minor knock, or a joint problem that "
            "needs a doctor's assessment today."
        ),
        sources=("nhs-hip-fracture", "mayo-hip-pain"),
        condition=lambda a: a.age >= 60 and _not_full_weight(a),
    ),
    # ---- see a professional ----------------------------------------------------------------
    Rule(
        slug="not-improving-after-two-weeks",
        tier=Tier.SEE_PROFESSIONAL,
        title="No better after two weeks",
        reason=(
            "You've had the pain for two weeks or more and it isn't getting better. When "
            "easing off, strengthening and stretching haven't helped, a physio can find out "
            "why and give you a plan; the earlier the better."
        ),
        sources=("run-longer-faster", "hip-pain-and-running", "nhs-hip-pain"),
        condition=lambda a: a.improving == Improving.NO and a.duration_days >= 14,
    ),
    Rule(
        slug="pain-for-over-six-weeks",
        tier=Tier.SEE_PROFESSIONAL,
        title="Pain for more than six weeks",
        reason=(
            "You've had this pain for more than six weeks. Pain that hangs on that long is "
            "worth a proper assessment by a physio or doctor, even if it is slowly improving."
        ),
        sources=("managing-hip-pain", "nhs-hip-pain"),
        condition=lambda a: a.duration_days > 42,
    ),
    Rule(
        slug="clicking-or-snapping",
        tier=Tier.SEE_PROFESSIONAL,
        title="Clicking or snapping in the hip",
        reason=(
            "You feel or hear a click or a snap in the hip. Together with pain this can point "
            "to a tendon catching or a problem with the joint's rim of cartilage, which a "
            "professional should examine before you push your training."
        ),
        sources=("hip-pain-and-running", "run-longer-faster"),
        condition=lambda a: a.clicking,
    ),
    Rule(
        slug="pain-spreads",
        tier=Tier.SEE_PROFESSIONAL,
        title="Pain that spreads beyond the hip",
        reason=(
            "Your pain spreads from the hip into your back, thigh or knee. Pain that travels "
            "can come from the lower back or from the joint itself, and a professional can "
            "work out where it starts."
        ),
        sources=("hip-pain-and-running", "run-longer-faster"),
        condition=lambda a: bool(a.radiates_to),
    ),
    Rule(
        slug="limited-motion",
        tier=Tier.SEE_PROFESSIONAL,
        title="The hip won't move freely",
        reason=(
            "You can't move your hip as far as usual, or the pain or stiffness changes the "
            "way you walk or run. Lost range of movement is worth having assessed so you know "
            "which exercises will help."
        ),
        sources=("managing-hip-pain", "hip-pain-and-running"),
        condition=lambda a: a.limited_motion,
    ),
    Rule(
        slug="hip-feels-unstable",
        tier=Tier.SEE_PROFESSIONAL,
        title="The hip feels unstable",
        reason=(
            "Your hip feels as if it might give way. A feeling of instability should be "
            "examined by a physio or doctor before you run on it."
        ),
        sources=("hip-pain-and-running",),
        condition=lambda a: a.instability,
    ),
    Rule(
        slug="swelling",
        tier=Tier.SEE_PROFESSIONAL,
        title="Swelling around the hip",
        reason=(
            "Your hip is swollen. Swelling means the tissues are more than just tired, so "
            "have it looked at rather than managing it on your own."
        ),
        sources=("managing-hip-pain", "hip-pain-and-running"),
        condition=lambda a: a.swelling,
    ),
    Rule(
        slug="night-or-rest-pain",
        tier=Tier.SEE_PROFESSIONAL,
        title="Pain at night or at rest",
        reason=(
            "Your hip hurts at night or while you are resting. Pain that doesn't settle when "
            "you stop moving is a reason to see a professional rather than just rest and wait."
        ),
        sources=("managing-hip-pain", "hip-pain-and-running"),
        condition=lambda a: a.night_pain or a.pain_at_rest,
    ),
    Rule(
        slug="severe-pain",
        tier=Tier.SEE_PROFESSIONAL,
        title="Severe pain",
        reason=(
            "You rate the pain at 7 or more out of 10. Pain that strong deserves a "
            "professional opinion rather than home care alone."
        ),
        sources=("managing-hip-pain", "hip-pain-and-running"),
        condition=lambda a: a.severity >= 7,
    ),
    Rule(
        slug="sudden-onset",
        tier=Tier.SEE_PROFESSIONAL,
        title="Pain that started suddenly",
        reason=(
            "Your pain started suddenly rather than building up. A sharp start can mean a "
            "strained or torn muscle, so get it checked before running through it."
        ),
        sources=("managing-hip-pain", "hip-pain-and-running"),
        condition=lambda a: a.onset == Onset.SUDDEN,
    ),
    Rule(
        slug="numbness-without-injury",
        tier=Tier.SEE_PROFESSIONAL,
        title="Numbness or tingling in the leg",
        reason=(
            "You have numbness or tingling in the leg. That points to a nerve being irritated, "
            "often in the lower back, and a professional should check where it comes from."
        ),
        sources=("run-longer-faster", "mayo-hip-pain"),
        condition=lambda a: a.numbness and not a.injury,
    ),
    Rule(
        slug="painful-to-stand",
        tier=Tier.SEE_PROFESSIONAL,
        title="It hurts to stand or walk on the leg",
        reason=(
            "Standing or walking on the leg hurts or makes you limp. Pain under everyday load is "
            "more than running soreness, and a professional should examine the hip before you "
            "run on it again."
        ),
        sources=("managing-hip-pain", "nhs-hip-pain"),
        condition=lambda a: a.weight_bearing == WeightBearing.PAINFUL,
    ),
)

_RULES_BY_SLUG: dict[str, Rule] = {rule.slug: rule for rule in RULES}


def rule_by_slug(slug: str) -> Rule:
    """The rule with this slug; ``KeyError`` if there is none."""
    return _RULES_BY_SLUG[slug]


# --------------------------------------------------------------------------------------------
# Assessment
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    tier: Tier
    fired: tuple[Rule, ...]

    @property
    def offers_exercises(self) -> bool:
        """Whether the result page may offer a starter routine (never for red flags)."""
        return self.tier in (Tier.SELF_CARE, Tier.SEE_PROFESSIONAL)

    @property
    def main_reasons(self) -> tuple[Rule, ...]:
        """The fired rules that set the tier."""
        return tuple(rule for rule in self.fired if rule.tier == self.tier)

    @property
    def other_reasons(self) -> tuple[Rule, ...]:
        """Fired rules of a less urgent tier: still worth telling the professional about."""
        return tuple(rule for rule in self.fired if rule.tier != self.tier)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source slug behind the fired rules, in first-mentioned order."""
        return tuple(dict.fromkeys(slug for rule in self.fired for slug in rule.sources))


def assess(answers: Answers) -> Assessment:
    """Check every rule; the most urgent tier among those that apply wins."""
    fired = tuple(rule for rule in RULES if rule.applies(answers))
    tier = max((rule.tier for rule in fired), default=Tier.SELF_CARE)
    return Assessment(tier=tier, fired=fired)


# --------------------------------------------------------------------------------------------
# Guidance shown alongside the result
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Advice:
    """A titled piece of advice with the sources it comes from. ``str()`` gives the text."""

    title: str
    text: str
    sources: tuple[str, ...]

    def __str__(self) -> str:
        return self.text


_CONTRIBUTORS: dict[Location, tuple[str, ...]] = {
    Location.OUTER_SIDE: (
        "Irritation of the gluteal tendons where they attach on the side of the hip "
        "(gluteal tendinopathy), often sore to lie on and to stand on one leg.",
        "An inflamed fluid-filled cushion over the bony point of the outer hip "
        "(trochanteric bursitis).",
    ),
    Location.BACK_BUTTOCK: (
        "An overloaded hamstring tendon where it attaches just under the buttock (hamstring "
        "tendinopathy), often worse when sitting for a while.",
        "Pain referred from the lower back, especially if you also have back stiffness.",
        "Tight or overworked glute muscles, including the small piriformis muscle.",
    ),
    Location.FRONT_GROIN: (
        "A strain of a hip flexor or of rectus femoris, the thigh muscle that crosses the "
        "front of the hip, especially if it started with a sharp pain.",
        "Hip impingement, where the ball and socket pinch at the end of the movement.",
        "Tight hip flexors from long spells of sitting.",
    ),
    Location.DEEP_INSIDE: (
        "A stress fracture of the hip bone, particularly if your training load has gone up "
        "lately, you run on hard surfaces, or your shoes are worn out.",
        "Hip impingement or a tear in the rim of cartilage around the socket (labral tear).",
        "Early wear in the joint (arthritis), more likely as you get older.",
    ),
    Location.DIFFUSE: (
        "Overload: too much running for the rest you're getting, which can irritate several "
        "muscles and tendons around the hip at once.",
        "Stiffness or weakness in the lower back, glutes, quads or hamstrings, which all "
        "cross or work around the hip.",
        "Pain that is hard to place can have several of these causes at once; a physio can "
        "examine you and tell them apart.",
    ),
}

#: Where the possible contributors for each location come from.
CONTRIBUTOR_SOURCES: dict[Location, tuple[str, ...]] = {
    Location.OUTER_SIDE: ("managing-hip-pain", "hip-pain-and-running", "run-longer-faster"),
    Location.BACK_BUTTOCK: (
        "managing-hip-pain",
        "hip-pain-and-running",
        "run-longer-faster",
    ),
    Location.FRONT_GROIN: ("managing-hip-pain", "hip-pain-and-running", "run-longer-faster"),
    Location.DEEP_INSIDE: ("hip-pain-and-running", "run-longer-faster"),
    Location.DIFFUSE: ("run-longer-faster", "hip-pain-and-running"),
}


def possible_contributors(location: str) -> tuple[str, ...]:
    """Things that commonly cause pain in this spot, worded as possibilities.

    These are not a diagnosis: only someone who examines the runner can say which applies.
    """
    return _CONTRIBUTORS[_to_enum("location", Location, location)]


PREVENTION_ADVICE: tuple[Advice, ...] = (
    Advice(
        title="Warm up and cool down",
        text=(
            "Start each run with about five minutes of easy walking and some leg swings or "
            "other moving stretches, and finish with five minutes of slow walking instead of "
            "stopping dead."
        ),
        sources=("hip-pain-and-running",),
    ),
    Advice(
        title="Build up slowly",
        text=(
            "Add no more than 5 to 10 % to your weekly distance, raise either distance or "
            "intensity in a given week but not both, and plan easier weeks into a build-up."
        ),
        sources=("hip-pain-and-running", "managing-hip-pain", "run-longer-faster"),
    ),
    Advice(
        title="Take rest days",
        text=(
            "Hips get sore when the load outpaces recovery. Leave enough easy or rest days "
            "between runs for your muscles, tendons and joints to adapt."
        ),
        sources=("run-longer-faster", "managing-hip-pain", "hip-pain-and-running"),
    ),
    Advice(
        title="Wear suitable shoes",
        text=(
            "Run in shoes with enough cushioning and support for your feet, including a firm "
            "heel, and replace them when they wear out. If your feet roll in a lot, a "
            "stability shoe may help."
        ),
        sources=("hip-pain-and-running",),
    ),
    Advice(
        title="Look after your form",
        text=(
            "Check your running form now and then, for example from a video. Avoid "
            "over-striding: land with your foot under your hips, and run tall with your "
            "trunk braced."
        ),
        sources=("hip-pain-and-running",),
    ),
    Advice(
        title="Cross-train",
        text=(
            "Swap some runs for cycling, swimming or rowing. They keep you fit and work the "
            "same muscles while sparing your hips the pounding."
        ),
        sources=("hip-pain-and-running", "managing-hip-pain"),
    ),
    Advice(
        title="Keep up strength work",
        text=(
            "Do hip, glute, thigh and core strengthening about twice a week all year round, "
            "not only when something hurts: stronger hips cope better with running."
        ),
        sources=("run-longer-faster", "eleven-hip-exercises", "managing-hip-pain"),
    ),
    Advice(
        title="R.I.C.E. for a flare-up",
        text=(
            "If the hip is sore after a run: Rest (give it a few hours off at the very "
            "least), Ice, Compression if you own something that fits around the hip, and "
            "Elevation (put your leg up). Don't run on painkillers, because they can hide "
            "the warning that you're overdoing it."
        ),
        sources=("hip-pain-and-running",),
    ),
)

COME_BACK_IF: tuple[str, ...] = (
    "You can't put weight on the leg, or the leg looks a different shape or shorter.",
    "The hip becomes swollen and red or hot, or you get a temperature or feel shivery.",
    "You get numbness around your bottom or genitals, or trouble with your bladder or bowels.",
    "You have numbness or tingling in the leg, or the hip starts to feel unstable.",
    "The pain starts waking you at night or hurts even when you are resting.",
    "The pain suddenly gets much worse, or it hurts to stand or walk on the leg.",
    "You notice weight loss that you can't explain.",
    "It isn't getting better after two weeks of easing off and doing the exercises.",
)

SELF_CARE_PLAN: tuple[Advice, ...] = (
    Advice(
        title="Calm it down first",
        text=(
            "For the first few days, cut your running back or pause it, and use R.I.C.E. "
            "after activity. Keep fit with low-impact exercise such as cycling or swimming "
            "if that doesn't hurt."
        ),
        sources=("hip-pain-and-running", "managing-hip-pain"),
    ),
    Advice(
        title="Start the exercises",
        text=(
            "Do the strength moves about twice a week and the stretches daily. Stretches "
            "should feel gentle, never painful; pushing a stretch too hard can make hip pain "
            "worse."
        ),
        sources=("run-longer-faster", "eleven-hip-exercises"),
    ),
    Advice(
        title="Build back up",
        text=(
            "Once walking and the exercises are pain-free, return to short, easy runs and add "
            "no more than 5 to 10 % a week. Ease back again if the pain returns during or "
            "after a run."
        ),
        sources=("hip-pain-and-running", "managing-hip-pain"),
    ),
    Advice(
        title="Know when to get help",
        text=(
            "If it is not clearly better after two weeks, book a physio or see your doctor. "
            "Getting checked early can head off a stress fracture and get you running "
            "pain-free sooner."
        ),
        sources=("run-longer-faster", "hip-pain-and-running"),
    ),
)
