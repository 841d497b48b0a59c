"""Pain monitoring for a runner's session log: after each entry, carry on, ease back, or stop
and check with the symptom checker. Plain Python, no Django: the policy can be read, reviewed
and tested on its own (tests/routines/test_monitoring.py).

The model
---------
A pain-monitoring model lets someone with a tendon problem keep training as long as the pain
stays within set limits, instead of resting until it has gone. HipCare applies it to the hip
exercises a coach prescribes. What each source says, and what HipCare takes from it:

- Silbernagel KG, Thomeé R, Eriksson BI, Karlsson J. Continued sports activity, using a
  pain-monitoring model, during rehabilitation in patients with Achilles tendinopathy: a
  randomized controlled study. Am J Sports Med 2007;35(6):897-906. In this trial of 38 people,
  one group kept running and jumping, guided by the pain-monitoring model, while the other
  rested from those activities for six weeks; both followed the same tendon-loading programme.
  Both groups improved and no harm could be shown from carrying on. Summaries of the model
  (e.g. bim.physio, "The pain-monitoring model"; southsidephysio.com) stress that the response
  over the next 24 hours matters more than pain during the exercise: if the pain is worse the
  next day the load comes down, if it has settled the same load can be repeated or raised.
  HipCare takes: pain up to 5 out of 10 is acceptable and more than 5 is not
  (:data:`ACCEPTABLE_MAX`); a worse next morning means easing back; pain should not build from
  one week to the next. The model's week-to-week line is about pain and stiffness in the
  morning; the log takes one pain score per session (its worst) and the next-morning answer,
  so HipCare applies that line to the session's worst pain against the week before. The model
  has no rule about a rise from one session to the next: that rule is HipCare's own (below).
- Thomeé R. A comprehensive treatment approach for patellofemoral pain syndrome in young women.
  Phys Ther 1997;77(12):1690-1703. The source of the model's zones on the 0-10 scale: a safe
  zone at the bottom, an acceptable zone up to 5 and a high-risk zone above 5. We could not read
  the paper itself; the zone edges below (safe up to 2, acceptable 3 to 5, high risk 6 to 10)
  follow how later summaries state it. One summary puts the top of the safe zone at 3; the
  advice does not depend on that edge, only on the line at 5.
- Mellor R, Bennell K, Grimaldi A, et al. Education plus exercise versus corticosteroid
  injection use versus a wait and see approach on global outcome and pain from gluteal
  tendinopathy: prospective, single blinded, randomised clinical trial. BMJ 2018;361:k1662
  (the LEAP trial). For gluteal tendinopathy, the commonest tendon cause of pain on the outer
  side of the hip, education about managing load plus a graded exercise programme (14 sessions
  over eight weeks, with exercises at home) gave more people a global improvement than a
  steroid injection or waiting to see. HipCare takes from it that hip tendon pain is managed by
  adjusting the load and keeping up graded exercise, not by rest; the trial is not the source
  of any number here.

HipCare's own choices, not taken from those sources, and said so where they are used:

- Severe pain is 7 or more out of 10, the symptom checker's own line (triage/rules.py, the
  "severe-pain" rule), so a runner sent to the checker meets the same threshold there.
  Published cut-offs vary (Boonstra AM et al., Front Psychol 2016;7:1466 found 8 or more for
  severe in chronic musculoskeletal pain, 7 or more in people who catastrophise less).
- A rise is :data:`STEEP_RISE` points or more between the latest session and the lower of
  the two session days before it (so a climb spread over two sessions counts), while the
  latest is not below the session day just before it: pain coming down (0, 8, then 6) is not
  rising, and the model reads it by its level (above 5: ease back). Sessions are days, as
  the pages say (entries on the same day count as one session), each day standing for its
  highest pain (:func:`day_pains`): 2 on one day, then 3 and 8 the next, is a rise from 2
  to 8. A high score within one day is never lost by this: every entry's own pain is read
  against the levels (above 5: ease back; 7 or more: stop), and the day's advice is the
  most urgent of its entries' (:func:`advise_now`). An early warning of HipCare's, cited as
  its own ("hipcare" in :data:`SOURCES`); a rise into the high-risk zone means stop, also
  HipCare's choice, more cautious than the model's "ease back" for pain above 5.
- The warning signs are a short yes/no list, each one of the symptom checker's questions
  (triage/rules.py). Any of them means stop. How urgent it is comes from the checker's own
  rules, run on what was ticked (:func:`assess_signs`): where they say emergency or see a
  doctor today, the log says so at once, as the checker would (:attr:`Advice.care`); otherwise
  it sends the runner to the checker, which asks what the log cannot. No clinical fact about a
  sign is written here. Each ticked sign is named with its own reading by the checker (ticked
  alone, with its entry's pain); the day's level is the most urgent, and signs that call for
  more together than alone get a reason of their own. Signs ticked on the 14 days before a
  day are read with its signs and its pain as if ticked at once (:func:`_signs_over_days`),
  a day that ticks nothing included, in whatever order they were logged, where that calls
  for more than the earlier signs with their own pain; an entry with no sign whose pain does
  that says stop (:func:`_raised_by_pain`) and is never a quiet correction.
- A day whose warning signs the checker reads as a reason not to train keeps every later
  entry's advice at "stop", with a reminder naming that day and what to do, for
  :data:`RECENT_CARE_DAYS` (14) days (:func:`_recent_care`). Which signs hold is read from
  the checker's answer for them (:func:`keeps_off_training`), never listed here: emergency
  care or a doctor today (the reminder says which); a rule that says to be examined before
  running or before any home treatment (pain at night or at rest, a limp, a swollen hip,
  numbness...); an answer with no exercises (rest first); or one the checker cannot settle
  without the questions the log does not ask. For all but care the reminder says the runner
  was told to stop and check their symptoms, and to answer the symptom checker or have the
  hip checked before carrying on. Why: the checker says no running and no exercises for
  these until the hip is examined, and the handout's box says to stop for these 14 days; a
  calm session after them said "carry on, keep to the routine" (fresh tester: night pain on
  26 Nov, pain 2 on 28 Nov). The log cannot know whether the hip was seen or the checker
  answered, and 14 days is how far back the advice reads (services.ADVICE_LOOKBACK_DAYS), so
  the stored and the shown advice see the same days. The hold then lapses, and self-care is
  reachable again; nothing else clears it.
- A day that said "stop and check your symptoms" for its pain alone (severe pain, a steep
  rise above 5), or whose stop was told and no longer holds as above (an earlier entry since
  deleted), is named in a reminder on the advice after it, for the same
  :data:`RECENT_CARE_DAYS` days, asking the runner to answer the symptom checker or have the
  hip checked if they have not (:func:`_recent_stop`). The reminder does not change the
  level: the model reads each session's load, and a calm session is a calm session; but the
  source articles count severe pain among the reasons to be seen, and the log cannot know
  whether that happened.
- A deleted entry keeps a hold (its day's stop, the reminders above) only where its signs
  meant emergency care or a doctor today, as the handout's rule says: deleting an entry takes
  back a mistyped pain score or a milder sign ticked by mistake (HipCare's choice). What the
  coach is told of a deleted entry is what the runner was told after it, its signs read with
  the entries' before it (:func:`told_as_shown`), or after a later entry whose signs it
  combined with (:func:`told_later_with`); an entry deleted minutes after it was logged is a
  quiet correction only with no warning sign and less than a doctor today
  (:func:`told_to_coach_on_delete`, HipCare's choice: the correction is for a number typed
  wrong).

This is guidance, not a diagnosis.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar

from hipcare.quoting import lower_first as quoted
from triage import rules as checker

__all__ = [
    "ACCEPTABLE_MAX",
    "PAIN_MAX",
    "PAIN_MIN",
    "PROGRESSION_ADHERENCE",
    "PROGRESSION_PAIN_MAX",
    "PROGRESSION_WINDOW_DAYS",
    "RECENT_CARE_DAYS",
    "SIGNS_TOGETHER_DAYS",
    "SAFE_MAX",
    "SEVERE_PAIN",
    "SOURCES",
    "SessionCount",
    "STEEP_RISE",
    "WARNING_SIGNS",
    "OFFERED_SIGNS",
    "SIGN_GROUPS",
    "CARE_TIERS",
    "assess_signs",
    "advise_signs",
    "advice_in_force",
    "as_logged",
    "told_after_entry",
    "as_it_stood",
    "STOP_URGENCY",
    "set_off_by",
    "InForce",
    "checker_answers",
    "Advice",
    "Entry",
    "Level",
    "Lowered",
    "Morning",
    "Reason",
    "Rise",
    "WarningSign",
    "Zone",
    "adherence",
    "advise",
    "advise_now",
    "advise_current",
    "for_the_coach",
    "advice_by_day",
    "Judged",
    "DayAdvice",
    "chronological",
    "coach_lowered",
    "is_lowered",
    "runner_lowered",
    "told_after",
    "told_as_shown",
    "care_after_entry",
    "care_raised_by",
    "raised_by",
    "told_later_with",
    "told_since",
    "told_to_coach_on_delete",
    "told_with_day",
    "Told",
    "count_sessions",
    "day_pains",
    "latest",
    "morning_carriers",
    "morning_has_come",
    "mornings_due",
    "pain_rising",
    "ready_to_progress",
    "sessions_prescribed",
    "zone",
]

PAIN_MIN, PAIN_MAX = 0, 10
#: Top of the safe zone (Thomeé 1997, as summarised).
SAFE_MAX = 2
#: Top of the acceptable zone: pain above this is more than the model accepts (Silbernagel et
#: al. 2007; Thomeé 1997).
ACCEPTABLE_MAX = 5
#: Severe pain, as the symptom checker counts it (HipCare's line, see the module docstring):
#: the checker's own constant, so a severe score stops the exercises here and gets no
#: exercises there alike.
SEVERE_PAIN = checker.SEVERE_PAIN
#: Points of rise, from the lower of the two session days before to the latest, that count as
#: pain rising (HipCare's choice: see the module docstring).
STEEP_RISE = 3
#: Progression: over the last two weeks at least 80 % of the prescribed sessions, worst pain
#: 3 or less and no worse morning (HipCare's rule for suggesting the next step).
PROGRESSION_WINDOW_DAYS = 14
PROGRESSION_ADHERENCE = 0.8
PROGRESSION_PAIN_MAX = 3
#: Days after a day whose warning signs the checker reads as a reason not to train (emergency
#: care, a doctor today, examined or rested first: keeps_off_training) during which the
#: advice stays at least at "stop" (HipCare's choice): the two weeks the advice reads
#: already (the log's advice looks back 14 days, services.ADVICE_LOOKBACK_DAYS), so every
#: entry's advice, stored or shown, sees the same days; after that the reminder lapses.
RECENT_CARE_DAYS = 14

SILBERNAGEL_2007 = (
    "Silbernagel KG, Thomeé R, Eriksson BI, Karlsson J. Continued sports activity, using a "
    "pain-monitoring model, during rehabilitation in patients with Achilles tendinopathy: a "
    "randomized controlled study. Am J Sports Med 2007;35(6):897-906."
)
THOMEE_1997 = (
    "Thomeé R. A comprehensive treatment approach for patellofemoral pain syndrome in young "
    "women. Phys Ther 1997;77(12):1690-1703."
)
MELLOR_2018 = (
    "Mellor R, Bennell K, Grimaldi A, et al. Education plus exercise versus corticosteroid "
    "injection use versus a wait and see approach on global outcome and pain from gluteal "
    "tendinopathy: prospective, single blinded, randomised clinical trial. BMJ 2018;361:k1662."
)
#: Every source the rules name, by key.
SOURCES: dict[str, str] = {
    "silbernagel-2007": SILBERNAGEL_2007,
    "thomee-1997": THOMEE_1997,
    "mellor-2018": MELLOR_2018,
    "symptom-checker": "HipCare's symptom checker and the clinical guidance it cites (/triage/).",
    "hipcare": (
        "HipCare's own rule, not taken from a published source (routines/monitoring.py says "
        "which rules these are and why)."
    ),
}


#: The sources each reason of the advice rests on (keys of :data:`SOURCES`), by its code: what
#: the advice cites and what the handout's box (:data:`RULES`) cites, from one table.
REASON_SOURCES: dict[str, tuple[str, ...]] = {
    "warning_sign": ("symptom-checker",),
    "warning_sign_earlier": ("symptom-checker",),
    "warning_signs_together": ("symptom-checker",),
    "recent_care": ("symptom-checker",),
    # A deleted entry of the day that said stop or care (_deleted_that_day): as recent_care.
    "deleted_that_day": ("symptom-checker",),
    "recent_stop": ("symptom-checker", "hipcare"),
    "severe_pain": ("symptom-checker", "silbernagel-2007"),
    "steep_rise": ("hipcare", "silbernagel-2007", "thomee-1997"),
    "rising": ("hipcare",),
    "above_acceptable": ("silbernagel-2007", "thomee-1997"),
    "worse_morning_before": ("silbernagel-2007",),
    "worse_morning": ("silbernagel-2007",),
    "higher_than_last_week": ("silbernagel-2007",),
}


class Morning(StrEnum):
    """How the hip felt the next morning, compared with before the session."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"

    @property
    def label(self) -> str:
        return dict(MORNINGS)[self.value]


MORNINGS: tuple[tuple[str, str], ...] = (
    (Morning.BETTER.value, "Better"),
    (Morning.SAME.value, "The same"),
    (Morning.WORSE.value, "Worse"),
)


class Level(StrEnum):
    """The advice, mildest first."""

    CONTINUE = "continue"
    EASE_BACK = "ease_back"
    STOP = "stop"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def action(self) -> str:
        return _ACTIONS[self]


_RANK = {Level.CONTINUE: 0, Level.EASE_BACK: 1, Level.STOP: 2}
_LABELS = {
    Level.CONTINUE: "Carry on",
    Level.EASE_BACK: "Ease back",
    Level.STOP: "Stop and check your symptoms",
}
_ACTIONS = {
    Level.CONTINUE: (
        "Your pain is within what the programme allows. Keep to the routine as your coach set it."
    ),
    Level.EASE_BACK: (
        "Do less next time: fewer sets or reps, a lighter load, or the easier version. Go "
        "back to the full dose once the pain settles within a day of a session."
    ),
    Level.STOP: (
        "Stop the exercises for now and answer the symptom checker, which says whether you "
        "need to see someone and how soon. Tell your coach."
    ),
}


class Zone(StrEnum):
    """Where a pain score sits in the pain-monitoring model (Thomeé 1997)."""

    SAFE = "safe"
    ACCEPTABLE = "acceptable"
    HIGH_RISK = "high_risk"


def _check_pain(pain: object) -> int:
    if isinstance(pain, bool) or not isinstance(pain, int):
        raise TypeError(f"pain must be an int from {PAIN_MIN} to {PAIN_MAX}, not {pain!r}")
    if not PAIN_MIN <= pain <= PAIN_MAX:
        raise ValueError(f"pain must be from {PAIN_MIN} to {PAIN_MAX}, not {pain}")
    return pain


def zone(pain: int) -> Zone:
    """The zone of a 0-10 pain score: safe (0-2), acceptable (3-5), high risk (6-10).

    Raises ValueError or TypeError for anything but an int from 0 to 10."""
    pain = _check_pain(pain)
    if pain <= SAFE_MAX:
        return Zone.SAFE
    if pain <= ACCEPTABLE_MAX:
        return Zone.ACCEPTABLE
    return Zone.HIGH_RISK


@dataclass(frozen=True)
class WarningSign:
    """One yes/no question on the log form. `answers` are the symptom checker's answers
    (triage/rules.py's Answers fields and values) that a tick means: the checker's rules, not
    this module, decide how urgent the sign is (:attr:`tier`, :func:`assess_signs`).
    `offered` False: an older question, no longer on the form, kept so that entries which
    ticked it still read (with its milder reading: the checker then asks the rest)."""

    key: str
    label: str
    answers: tuple[tuple[str, str], ...]
    offered: bool = True
    #: The heading the form lists it under (:data:`SIGN_GROUPS`); "" for older questions.
    group: str = ""

    @property
    def assessment(self) -> checker.Assessment:
        """The checker's assessment of this sign ticked alone (the form's other signs not
        ticked), with some hip pain (1 out of 10): the log is kept for a hip that hurts, and
        the checker reads a temperature as a hip red flag only with hip pain."""
        return checker.assess(checker_answers({self.key}, pain=1))

    @property
    def tier(self) -> checker.Tier:
        """How urgent the symptom checker finds this sign on its own."""
        return self.assessment.tier

    @property
    def emergency_from(self) -> int | None:
        """The lowest pain score (0-10) from which this sign, ticked alone, is an emergency on
        the log at every score up to 10, read by the checker's rules as an entry's advice is
        (:func:`assess_signs`): 0 whatever the pain; 1 only with a painful hip (the checker
        reads a temperature as a hip red flag only then); None when not even at 10. What the
        printed sheet lists under the number to call, with that condition in its words."""
        return emergency_from_signs({self.key})

    @property
    def checker_rules(self) -> tuple[str, ...]:
        """The checker's rules (slugs) that set :attr:`tier` for this sign on its own."""
        return tuple(rule.slug for rule in self.assessment.main_reasons)


_YES = checker.Sign.YES.value

#: The form's headings for its signs, in order (:attr:`WarningSign.group`): a list of 18 boxes
#: is read on a phone in three short groups.
HIP_AND_LEG = "The hip and leg"
NERVES = "Numbness or weakness"
ELSEWHERE = "Feeling unwell"
SIGN_GROUPS = (HIP_AND_LEG, NERVES, ELSEWHERE)

#: The checker's yes/no questions the log does not ask, though "yes" alone can mean a doctor
#: today: they are about the runner's past, not about something that can start between two
#: sessions (the checker asks them). Every other question of the checker that can mean
#: emergency care or a doctor today is a sign here (tests/routines/test_log_signs.py).
NOT_FROM_TRAINING = frozenset({"cancer_history", "weight_loss"})

#: The log form's short yes/no list, each a question of the symptom checker. A sign that would
#: mix two urgencies is two signs (can't bear weight is an emergency, a limp is not): each tick
#: has one reading. Where two ticked signs answer the same question, the first listed wins (the
#: more urgent reading is listed first).
WARNING_SIGNS: tuple[WarningSign, ...] = (
    WarningSign(
        "no_weight",
        "I can't put any weight on the leg",
        (("weight_bearing", checker.WeightBearing.UNABLE.value),),
        group=HIP_AND_LEG,
    ),
    WarningSign(
        "deformity",
        "The leg looks shorter, or turned out",
        (("deformity", _YES),),
        group=HIP_AND_LEG,
    ),
    WarningSign(
        "limp",
        "It hurts to stand or walk on the leg, or I've started to limp",
        (("weight_bearing", checker.WeightBearing.PAINFUL.value),),
        group=HIP_AND_LEG,
    ),
    WarningSign(
        "night_or_rest_pain",
        "The pain wakes me at night or hurts when I'm resting",
        (("night_pain", _YES),),
        group=HIP_AND_LEG,
    ),
    WarningSign("swollen", "The hip is swollen", (("swelling", _YES),), group=HIP_AND_LEG),
    WarningSign(
        "red_or_warm",
        "The skin over the hip is red or warm to the touch",
        (("redness_warmth", _YES),),
        group=HIP_AND_LEG,
    ),
    WarningSign(
        "leg_swollen",
        "My whole calf or thigh is swollen on one side",
        (("leg_swollen", _YES),),
        group=HIP_AND_LEG,
    ),
    WarningSign(
        "fall_or_blow",
        "I've had a fall or a blow to the hip since my last session",
        (("injury", _YES),),
        group=HIP_AND_LEG,
    ),
    WarningSign(
        "numbness",
        "Numbness, tingling or pins and needles in the leg",
        (("numbness", _YES),),
        group=NERVES,
    ),
    WarningSign(
        "leg_weakness",
        "My leg or foot is weak: the foot drags, flops or slaps down",
        (("leg_weakness", _YES),),
        group=NERVES,
    ),
    WarningSign(
        "saddle_or_bladder",
        "Numbness around my bottom or genitals, or new trouble with my bladder or bowels",
        (("saddle_or_bladder", _YES),),
        group=NERVES,
    ),
    WarningSign(
        "breathless_or_chest_pain",
        "I'm suddenly short of breath, or have chest pain or pain on breathing in",
        (("breathless_or_chest_pain", _YES),),
        group=ELSEWHERE,
    ),
    WarningSign(
        "fever",
        "I have a temperature or feel hot and shivery",
        (("fever", _YES),),
        group=ELSEWHERE,
    ),
    WarningSign(
        "faint",
        "I've fainted, or feel very dizzy or faint",
        (("faint", _YES),),
        group=ELSEWHERE,
    ),
    WarningSign("vomiting", "I'm being sick", (("vomiting", _YES),), group=ELSEWHERE),
    WarningSign("tummy_pain", "Pain in my tummy", (("tummy_pain", _YES),), group=ELSEWHERE),
    WarningSign(
        "groin_lump",
        "A lump in my groin that hurts or won't go back in",
        (("groin_lump", _YES),),
        group=ELSEWHERE,
    ),
    WarningSign(
        "testicle_pain",
        "Pain or swelling in a testicle",
        (("testicle_pain", _YES),),
        group=ELSEWHERE,
    ),
    # Older questions, each of which mixed two urgencies; entries that ticked them keep their
    # words, read as the milder sign (the advice then sends the runner to the checker).
    WarningSign(
        "cannot_bear_weight",
        "I can't put my full weight on the leg, or I've started to limp",
        (("weight_bearing", checker.WeightBearing.PAINFUL.value),),
        offered=False,
    ),
    WarningSign(
        "hot_swollen",
        "The hip is swollen, red or warm to the touch",
        (("swelling", _YES),),
        offered=False,
    ),
)
WARNING_SIGN_KEYS: frozenset[str] = frozenset(sign.key for sign in WARNING_SIGNS)
#: The signs the form asks about.
OFFERED_SIGNS: tuple[WarningSign, ...] = tuple(sign for sign in WARNING_SIGNS if sign.offered)
#: A question the form asks, when none of its signs is ticked.
_NOT_TICKED = {"weight_bearing": checker.WeightBearing.FULL.value}


def checker_answers(keys: Iterable[str], *, pain: int | None = None) -> checker.Answers:
    """The symptom checker's answers that the warning signs `keys` mean: the ticked signs'
    answers, "no" to the form's other questions, and `pain` (0-10) as the pain at its worst.
    Everything else is unanswered."""
    keys = frozenset(keys)
    values: dict[str, object] = {
        name: _NOT_TICKED.get(name, checker.Sign.NO.value)
        for sign in OFFERED_SIGNS
        for name, _value in sign.answers
    }
    answered: set[str] = set()
    for sign in WARNING_SIGNS:
        if sign.key in keys:
            for name, value in sign.answers:
                if name not in answered:
                    values[name] = value
                    answered.add(name)
    if pain is not None:
        values["severity"] = pain
    return checker.Answers(**values)


def emergency_from_signs(keys: Iterable[str]) -> int | None:
    """The lowest pain score (0-10) from which the warning signs `keys`, ticked together, are
    an emergency on the log at every score up to 10, read by the checker's rules as an entry's
    advice is (:func:`assess_signs`); None when not even at 10."""
    keys = frozenset(keys)
    found = None
    for pain in range(PAIN_MAX, PAIN_MIN - 1, -1):
        if _assess(keys, pain).tier is not checker.Tier.EMERGENCY:
            break
        found = pain
    return found


@lru_cache(maxsize=1)
def emergency_pairs() -> tuple[tuple[frozenset[str], int], ...]:
    """Each pair of offered signs that the log answers with emergency care when both are
    ticked, from a pain score at which neither sign ticked alone is one (a fall with a limp,
    a red or warm hip that is swollen, a numb leg that is weak, tummy pain with being sick;
    a temperature with a limp even at pain 0), with the lowest such score
    (:func:`emergency_from_signs`), in the form's order. What the printed sheet lists under the
    number to call besides the single signs (WarningSign.emergency_from): a runner with only
    the paper is told of every emergency the log itself would tell them of, one or two signs
    at a time. Read from the checker's rules, never listed by hand."""
    alone = {sign.key: sign.emergency_from for sign in OFFERED_SIGNS}
    never = PAIN_MAX + 1
    pairs = []
    for n, first in enumerate(OFFERED_SIGNS):
        for second in OFFERED_SIGNS[n + 1 :]:
            keys = frozenset({first.key, second.key})
            sooner = min(never if alone[key] is None else alone[key] for key in keys)
            if sooner == PAIN_MIN:
                continue  # one of them alone is an emergency whatever the pain
            together = emergency_from_signs(keys)
            if together is not None and together < sooner:
                pairs.append((keys, together))
    return tuple(pairs)


def assess_signs(keys: Iterable[str], *, pain: int | None = None) -> checker.Assessment | None:
    """What the symptom checker says about the warning signs `keys` (with `pain`), read by its
    own rules: the one source of how urgent a sign is. None when no sign is ticked."""
    keys = frozenset(keys)
    if not keys:
        return None
    return _assess(keys, pain)


@lru_cache(maxsize=1024)
def _assess(keys: frozenset[str], pain: int | None) -> checker.Assessment:
    # ~120 microseconds a call, asked per entry with a sign on every view of a log; the
    # answers are few (the signs ticked, the pain) and the assessment is not changed by anyone.
    return checker.assess(checker_answers(keys, pain=pain))


@dataclass(frozen=True)
class Entry:
    """One logged session: its day, the worst pain during or after it (0-10), how the hip felt
    the next morning (None until the runner says), and the warning signs ticked (keys of
    :data:`WARNING_SIGNS`), and when it was logged (`logged`, None if not known), which orders
    entries on the same day. Raises ValueError/TypeError on values out of range."""

    day: date
    pain: int
    morning: Morning | None = None
    warning_signs: frozenset[str] = field(default_factory=frozenset)
    logged: datetime | None = None
    #: What the runner was told after it, as stored (routines.models.SessionLog.told: the most
    #: urgent advice it gave, or the care their page showed right after it): a checker tier
    #: (:data:`CARE_TIERS`), a level, or None where not known. Kept as shown: the rules read
    #: the two weeks after an emergency or a doctor today from it (:func:`_recent_care`) and
    #: what it told is never read as less (:func:`told_as_shown`), whatever changed since.
    told: object = field(default=None, compare=False)

    def __post_init__(self) -> None:
        _check_pain(self.pain)
        if self.told is not None:
            object.__setattr__(self, "told", told_value(self.told))
        if self.morning is not None:
            object.__setattr__(self, "morning", Morning(self.morning))
        signs = frozenset(self.warning_signs)
        unknown = signs - WARNING_SIGN_KEYS
        if unknown:
            raise ValueError(f"unknown warning signs: {sorted(unknown)}")
        object.__setattr__(self, "warning_signs", signs)


@dataclass(frozen=True)
class Reason:
    """Why the advice is what it is: a stable code, a sentence for the runner, and the keys of
    :data:`SOURCES` it rests on."""

    code: str
    level: Level
    text: str
    sources: tuple[str, ...]
    #: The symptom checker's rules behind the reason, each with its own sources (rule.sources,
    #: keys of triage.rules' citations): a reason that repeats what the checker said.
    rules: tuple = field(default=(), compare=False)
    #: The earlier day the reason rests on, where it names one (a warning sign's day for
    #: "recent_care", the previous session day for "worse_morning_before").
    day: date | None = field(default=None, compare=False)
    #: The reason in a few words after "because", naming its values and days ("the pain rose
    #: to 6 from 2 on Tue 17 Nov"): how an entry's advice lists every reason behind it
    #: (:func:`because`). "" where the code's own words serve (:func:`_because`).
    because: str = field(default="", compare=False)
    #: True when the reason rests on a deleted entry's trace (:func:`advise`'s `deleted`).
    deleted: bool = field(default=False, compare=False)
    #: The care the earlier day it names told the runner to get ("recent_care": emergency
    #: care or a doctor today), which the runner's page leads with (:class:`SeenNow`).
    care: object = field(default=None, compare=False)

    @property
    def coach_text(self) -> str:
        """The sentence as the coach reads it, about the runner in the third person ("The
        runner ticked a warning sign..."), not to them."""
        return for_the_coach(self.text)


def for_the_coach(text: str) -> str:
    """The runner's words (a reason, its "because") as the coach reads them: about the runner
    in the third person, not to them (:data:`_FOR_THE_COACH`)."""
    for runner, coach in _FOR_THE_COACH:
        text = text.replace(runner, coach)
    return text


#: The runner's words in the reasons, and the coach's (Reason.coach_text).
_FOR_THE_COACH = (
    ("You ticked", "The runner ticked"),
    ("Your pain", "The runner's pain"),
    ("your worst", "their worst"),
    ("After your entry for", "After their entry for"),
    ("after your entry for", "after their entry for"),
    ("you were told", "the runner was told"),
    ("your hip", "their hip"),
    ("After your session", "After their session"),
    ("do that before you carry on", "they should do that before they carry on"),
    ("to stop and check your symptoms", "to stop and check their symptoms"),
    (": stop and check your symptoms", ": stop and check their symptoms"),
    ("If you have not answered", "If they have not answered"),
    ("since then, do that", "since then, they should do that"),
)


#: The checker's tiers the log passes on as they are (the others: stop and answer the checker,
#: which asks what the log cannot).
CARE_TIERS = (checker.Tier.EMERGENCY, checker.Tier.URGENT)

_COACH_LABELS = {
    checker.Tier.EMERGENCY: "Told to get emergency care",
    checker.Tier.URGENT: "Told to see a doctor today",
    Level.STOP: "Told to stop and check their symptoms",
    Level.EASE_BACK: "Told to ease back",
    Level.CONTINUE: "Told to carry on",
}

#: What the runner was told in a word or two, for the name of a button about it ("Mark as seen
#: (emergency on 29 Nov)"), and how urgent it is (Advice.urgency's scale, most urgent highest).
_SHORT_NAMES = {
    checker.Tier.EMERGENCY: "emergency",
    checker.Tier.URGENT: "doctor today",
    Level.STOP: "stop",
    Level.EASE_BACK: "ease back",
    Level.CONTINUE: "carry on",
}
_TOLD_URGENCY = {
    checker.Tier.EMERGENCY: 4,
    checker.Tier.URGENT: 3,
    Level.STOP: 2,
    Level.EASE_BACK: 1,
    Level.CONTINUE: 0,
}


def told(level: str, keys: Iterable[str], *, pain: int | None = None) -> checker.Tier | Level:
    """What the runner was told after one entry: the checker's tier (:data:`CARE_TIERS`) where
    the entry's stop came from a warning sign the checker treats as an emergency or "see a
    doctor today", else the entry's own level (`level`, its stored advice)."""
    level = Level(level)
    if level is Level.STOP:
        triage = assess_signs(keys, pain=pain)
        if triage is not None and triage.tier in CARE_TIERS:
            return triage.tier
    return level


def told_value(what: str) -> checker.Tier | Level:
    """What the runner was told, from its stored value: a checker tier of :data:`CARE_TIERS`
    or a level. Raises ValueError for anything else."""
    if what in CARE_TIERS:
        return checker.Tier(what)
    return Level(what)


def told_kept(own: checker.Tier | Level, care: str | None) -> checker.Tier | Level:
    """What the runner was told after an entry: what it told on its own (`own`,
    :func:`told`) or the care their page showed right after it (`care`, a checker tier's
    value kept when it was logged: its signs read with other entries'; None for none),
    whichever is more urgent. A later change to other entries never lowers `care`."""
    if care and told_urgency(told_value(care)) > told_urgency(own):
        return told_value(care)
    return own


def coach_label(what: str) -> str:
    """What the runner was told, for the coach ("Told to get emergency care"...): `what` a
    checker tier in :data:`CARE_TIERS` or a level (or its value)."""
    return _COACH_LABELS[what]


def short_name(what: str) -> str:
    """What the runner was told in a word or two ("emergency", "doctor today", "stop", "ease
    back"): `what` as for :func:`coach_label`."""
    return _SHORT_NAMES[what]


def told_urgency(what: str) -> int:
    """How urgent what the runner was told is: 4 emergency, 3 a doctor today, 2 stop, 1 ease
    back, 0 carry on (:attr:`Advice.urgency`'s scale). Lists of alerts sort on it, most urgent
    first."""
    return _TOLD_URGENCY[what]


def told_with_day(own: checker.Tier | Level, care: checker.Tier | None) -> checker.Tier | Level:
    """What the runner was told after an entry that told them `own` on its own (:func:`told`)
    once its day's advice so far is read with it (`care`: that advice's emergency care or
    doctor today, :attr:`Advice.care` of :func:`told_after_entry`, or None): `care` where it
    is more urgent than `own` (a weak leg, then numbness: the second entry told "get
    emergency care now", though each sign alone says a doctor today), else `own`.
    Never less than `own`. The coach's stop card (routines.session_views.stop_told) and a
    deleted entry's notice (:func:`told_as_shown`) both read it here."""
    if care is not None and told_urgency(care) > told_urgency(own):
        return care
    return own


def told_as_shown(
    entries: Iterable[Entry], about: Entry, *, told_advice: str
) -> checker.Tier | Level:
    """What the runner was told after `about` (one of `entries`, the log of its day and the
    :data:`RECENT_CARE_DAYS` days before it), as their page and the coach's card showed it: a
    checker tier (:data:`CARE_TIERS`) or a level. The entry's own (:func:`told`: its stored
    `told_advice`, the most urgent it has given, or the checker's tier for its own signs)
    and, for an entry that told them to stop, its day's advice as the log stood just after it
    (:func:`care_after_entry`, the care of :func:`told_after_entry`): where the signs it
    ticked combine with those of earlier entries, that day or on the days before
    (:func:`_signs_over_days`), into emergency care or a doctor today, that
    (:func:`told_with_day`). Never less than what the entry told on its own. What a deleted
    entry's notice keeps (routines.services.session_deletion). Deleted entries' traces do not
    enter it: they hold a day at "stop", never raise its care."""
    own = told(told_advice, about.warning_signs, pain=about.pain)
    if about.told is not None and told_urgency(about.told) > told_urgency(own):
        # What it told, as kept (Entry.told): a change to other entries since never lowers it.
        own = about.told
    # No sign of its own: its pain may have raised its day's reading of signs ticked before
    # it (that day, or on the days before: _signs_over_days) into care, as logged or since a
    # sign was back-dated into those days.
    entries = list(entries)
    raised = care_raised_by(entries, about) if not about.warning_signs else None
    if Level(told_advice) is not Level.STOP:
        return told_with_day(own, raised)
    return told_with_day(told_with_day(own, care_after_entry(entries, about)), raised)


_Reading = TypeVar("_Reading")


def raised_by(
    log: Iterable[Entry],
    about: Entry,
    read: Callable[[list[Entry]], _Reading],
    *,
    rank: Callable[[_Reading], int],
) -> _Reading | None:
    """What `about` raised its day to, or what rests on it: `read` of the log up to its day
    (the entries of `log` dated no later than `about`, which is one of them, oldest first:
    :func:`chronological`), where the day reads less without `about`, by `rank`, or has no
    entry left. None where another entry of its day reads as much without it (a sign that
    calls for it alone). `read` takes a log oldest first whose latest day is `about`'s and is
    called at most twice (with `about`, then without it, only where its day keeps an entry);
    `rank` orders what it returns. Asked of a "stop" entry's day advice before it is deleted
    (routines.services._deletion: :func:`advise_now`) and of a pain-only entry's reading of
    the signs of its day and the days before (:func:`care_raised_by`)."""
    ordered = chronological(entry for entry in log if entry.day <= about.day)
    with_it = read(ordered)
    without = [entry for entry in ordered if entry is not about]
    if any(entry.day == about.day for entry in without) and rank(read(without)) >= rank(with_it):
        return None
    return with_it


def care_raised_by(entries: Iterable[Entry], about: Entry) -> checker.Tier | None:
    """The emergency care or doctor today that `about`'s day reads WITH `about` and not
    without it (its pain read with the signs of the days before: :func:`_signs_over_days`),
    as the log stood right after it was logged (:func:`as_logged`) or as it is now (`entries`
    up to its day: a sign back-dated since into the days before); the more urgent, or None
    (:func:`raised_by`, of each). So an entry with no sign whose reading with the days around
    it told the runner to get care is never taken back as a quiet correction
    (:func:`told_to_coach_on_delete`)."""
    entries = list(entries)
    logs = [entries]
    if all(entry.logged is not None for entry in entries):
        logs.append(as_logged(entries, about))
    found: checker.Tier | None = None
    for log in logs:
        care = raised_by(log, about, _day_care, rank=_care_rank)
        if _care_rank(care) > _care_rank(found):
            found = care
    return found


def _day_care(ordered: list[Entry]) -> checker.Tier | None:
    """The care the latest day of `ordered` (a log oldest first) reads from its signs, with
    the days before (:func:`_day_signs`)."""
    return _day_signs(ordered).care


def told_later_with(entries: Iterable[Entry], about: Entry) -> checker.Tier | Level | None:
    """The most urgent thing the runner was told after a LATER entry (one of `entries`, of
    `about`'s day or the :data:`SIGNS_TOGETHER_DAYS` days after it, logged after `about`,
    with a warning sign) that it would no longer say without `about` (:func:`told_as_shown`
    with and without it): a weak leg, then numbness, and the weak leg's entry deleted, takes
    the emergency off the numbness entry's card, which reads its signs from the log as it is.
    A later entry that keeps what it told (:attr:`Entry.told`, stored when it was logged)
    loses nothing: its card keeps its own emergency and day, so this is found only for
    entries without one (stored before it was kept).
    None when deleting `about` takes nothing from a later entry. `entries`: the log from
    :data:`RECENT_CARE_DAYS` before `about`'s day to :data:`SIGNS_TOGETHER_DAYS` after it."""
    entries = list(entries)
    rest = [entry for entry in entries if entry is not about]
    last = about.day + timedelta(days=SIGNS_TOGETHER_DAYS)
    found: checker.Tier | Level | None = None
    # Without a warning sign of its own, `about` reads into later entries' care only through
    # its day's worst pain: only the later entries of its day.
    if not about.warning_signs:
        last = about.day
    most = told_urgency(checker.Tier.EMERGENCY)
    for later in rest:
        if found is not None and told_urgency(found) >= most:
            break
        # A later entry with no sign is read too where `about` ticked one: its pain read
        # with `about`'s signs may have meant care (_signs_over_days).
        if not (later.warning_signs or about.warning_signs) or not about.day <= later.day <= last:
            continue
        if about.logged is not None and (later.logged is None or later.logged <= about.logged):
            continue
        # An entry with a warning sign told the runner to stop (or more): its stored advice.
        before = told_as_shown(entries, later, told_advice=Level.STOP)
        # What the later entry told is kept with it (Entry.told): deleting `about` takes
        # nothing from it, and its card keeps its own day.
        if later.told is not None and told_urgency(later.told) >= told_urgency(before):
            continue
        # Worth reading without `about` only where its day raised it above its own signs
        # (never below them) and above what is found already.
        alone = told(Level.STOP, later.warning_signs, pain=later.pain)
        if told_urgency(before) <= max(
            told_urgency(alone), told_urgency(found) if found is not None else -1
        ):
            continue
        after = told_as_shown(rest, later, told_advice=Level.STOP)
        if told_urgency(before) > told_urgency(after):
            found = before
    return found


def told_to_coach_on_delete(
    told_then: str, *, warning_signs: Iterable[str], correctable: bool
) -> checker.Tier | Level | None:
    """What the coach is told when the runner deletes an entry after which they were told
    `told_then` (:func:`told_as_shown`; a checker tier or a level's value): that, or None
    when the coach is not told. Not told: an entry after which the runner was told to carry
    on, and a correction: an entry deleted soon after it was logged (`correctable`,
    routines.models.CORRECTION_WINDOW) that ticked no warning sign (`warning_signs`) and told
    less than a doctor today (a mistyped pain score). HipCare's choice: the correction is for
    a number typed wrong; a warning sign ticked and taken back is something the coach should
    know of, and an emergency or a doctor today is always told."""
    what = checker.Tier(told_then) if told_then in CARE_TIERS else Level(told_then)
    if told_urgency(what) < told_urgency(Level.EASE_BACK):
        return None
    quiet = told_urgency(what) < told_urgency(checker.Tier.URGENT)
    if correctable and quiet and not frozenset(warning_signs):
        return None
    return what


class Lowered(StrEnum):
    """Why an entry's advice, judged again, reads less urgent than what the runner was told
    after it: the log it was judged from changed since."""

    #: An entry logged before it (its day or an earlier one) was deleted.
    DELETED = "deleted"
    #: Its next-morning answer was changed.
    MORNING = "morning"
    #: The next-morning answer of an earlier day was changed (a worse morning eases the
    #: session days after it back).
    EARLIER_MORNING = "earlier_morning"


#: What changed, for the coach ("...; after <this> it now reads ease back").
_LOWERED_FOR_COACH = {
    Lowered.DELETED: "an earlier entry was deleted",
    Lowered.MORNING: "the runner changed the next-morning answer",
    Lowered.EARLIER_MORNING: "the runner changed an earlier day's next-morning answer",
}
#: What changed, for the runner ("Before <this>, this entry advised stopping").
_LOWERED_FOR_RUNNER = {
    Lowered.DELETED: "an earlier entry was deleted",
    Lowered.MORNING: "you changed the next-morning answer",
    Lowered.EARLIER_MORNING: "you changed an earlier day's next-morning answer",
}
#: A level as the runner reads it after "advised".
_ADVISED = {Level.STOP: "stopping", Level.EASE_BACK: "easing back", Level.CONTINUE: "carrying on"}


#: What showed an entry a more urgent advice after it was logged, for the coach ("...; read
#: ease back later, after <this>"); `{morning}` is the answer then.
_RAISED_FOR_COACH = {
    Lowered.DELETED: "an earlier entry was deleted",
    Lowered.MORNING: "the runner's next-morning answer ({morning})",
    Lowered.EARLIER_MORNING: "the runner changed an earlier day's next-morning answer",
}
#: The same for the runner ("...; after <this> it advised easing back").
_RAISED_FOR_RUNNER = {
    Lowered.DELETED: "an earlier entry was deleted",
    Lowered.MORNING: "your next-morning answer ({morning})",
    Lowered.EARLIER_MORNING: "you changed an earlier day's next-morning answer",
}


#: What lowered it, where the same kind of change raised it first ("read ease back later,
#: after <raise>; after <this> it now reads carry on"), for the coach and for the runner.
_LOWERED_AGAIN_FOR_COACH = {
    Lowered.DELETED: "another earlier entry was deleted",
    Lowered.EARLIER_MORNING: "another change to an earlier day's next-morning answer",
}
_LOWERED_AGAIN_FOR_RUNNER = {
    Lowered.DELETED: "another earlier entry was deleted",
    Lowered.EARLIER_MORNING: "another change you made to an earlier day's next-morning answer",
}


@dataclass(frozen=True)
class Told:
    """What an entry has told the runner, and when: `logged` its advice when it was logged,
    `told` the most urgent advice it has shown since (never less than `logged`), `raised_by`
    what showed `told` after it was logged (a :class:`Lowered` cause; None when `told` is
    what it said when logged) and `morning` the next-morning answer it had then (None for
    none). An entry can read more urgent than when it was logged only after a change to the
    log (an earlier day's next-morning answer, its own, a deleted entry), so "told at the
    time" is said only of what it said when logged."""

    logged: Level
    told: Level
    raised_by: Lowered | None = None
    morning: Morning | None = None

    @property
    def raised(self) -> bool:
        """The runner was shown `told` only after the entry was logged."""
        return self.raised_by is not None and self.told.rank > self.logged.rank


def told_after(told: Told, now: str, *, by: Lowered | None, morning: str | None = None) -> Told:
    """What `told` becomes once the entry is judged again and reads `now` (`by`: what changed
    the log; None when it is first logged, `morning`: its next-morning answer now): first
    logged, what it says is what it told when logged; judged again to more than it has shown,
    that more is shown from now on, after `by`, with the answer it has now; judged to less, what
    it has shown stays (:func:`told_since`)."""
    now = Level(now)
    morning = Morning(morning) if morning else None
    if by is None:
        return Told(logged=now, told=now, morning=morning)
    if now.rank > told.told.rank:
        return Told(logged=told.logged, told=now, raised_by=Lowered(by), morning=morning)
    return told


def told_since(told: str, now: str) -> Level:
    """What the runner has been told after an entry once it is judged again: the more urgent
    of what they were told before (`told`) and what it reads now (`now`). Judging an entry
    again (an earlier entry deleted, a next-morning answer changed) can lower what it reads
    now, never what the runner was told: advice a runner was shown stays with the entry, so
    the coach keeps seeing it (:func:`coach_lowered`)."""
    told, now = Level(told), Level(now)
    return told if told.rank >= now.rank else now


def is_lowered(told: str, now: str) -> bool:
    """The entry reads less urgent now (`now`) than what the runner was told (`told`)."""
    return Level(told).rank > Level(now).rank


def _lowered(told: str, now: str, why: str) -> tuple[Level, Level, Lowered]:
    if not is_lowered(told, now):
        raise ValueError(f"{now!r} is not less urgent than {told!r}")
    return Level(told), Level(now), Lowered(why)


def _morning_word(morning: Morning | None) -> str:
    return {Morning.BETTER: "better", Morning.SAME: "the same", Morning.WORSE: "worse"}.get(
        morning, "none"
    )


def _shown_later(
    told: Level,
    why: Lowered,
    logged: str | None,
    raised_by: str | None,
    morning: str | None,
    raised_words: dict,
    lowered_words: dict,
    again_words: dict,
) -> tuple[str, str] | None:
    """For an entry whose `told` advice was shown only after it was logged (`logged` less,
    raised by `raised_by` with the next-morning answer `morning` then): what raised it and
    what lowered it, in the reader's words (the coach's or the runner's tables: `again_words`
    when the same kind of change raised and lowered it, else `lowered_words`). None when it
    was told when logged."""
    if logged is None or not raised_by or Level(logged).rank >= told.rank:
        return None
    raised = raised_words[Lowered(raised_by)].format(
        morning=_morning_word(Morning(morning) if morning else None)
    )
    again = again_words if Lowered(raised_by) is why else {}
    return raised, again.get(why, lowered_words[why])


def raised_cause(
    raised_by: str,
    *,
    morning: str | None = None,
    reasons: Iterable[Reason] = (),
    coach: bool = True,
) -> str:
    """What showed an entry a more urgent advice after it was logged (`raised_by`, a
    :class:`Lowered` cause; `morning` the next-morning answer then), in the coach's words
    (`coach`) or the runner's, to follow "after". Where the raise rests on a deleted entry's
    hold (a reason of `reasons`, the entry's advice now, read from a deleted entry's trace),
    names that entry's day and that it was logged after this one: a hold that raises an
    entry is always of an entry logged later for an earlier day, since one logged before it
    would have held it when it was logged. "an entry for Sat 28 Nov, logged after this one
    and since deleted, that told the runner to get emergency care"."""
    held = [r for r in reasons if r.deleted and r.day is not None and r.code == "recent_care"]
    if Lowered(raised_by) is Lowered.DELETED and held:
        reason = max(held, key=lambda r: r.day)
        whom = "the runner" if coach else "you"
        # The care it told the runner to get, as the reason keeps it (Reason.care, set by
        # _recent_care from the deleted entry's trace), never read back from its words.
        care = reason.care if reason.care in CARE_TIERS else None
        told = f", that told {whom} to {_TOLD_TO[care]}" if care is not None else ""
        return (
            f"an entry for {_short_day(reason.day)}, logged after this one and since deleted{told}"
        )
    words = _RAISED_FOR_COACH if coach else _RAISED_FOR_RUNNER
    return words[Lowered(raised_by)].format(
        morning=_morning_word(Morning(morning) if morning else None)
    )


def coach_raised(
    logged: str,
    told: str,
    raised_by: str,
    *,
    morning: str | None = None,
    reasons: Iterable[Reason] = (),
) -> str:
    """For the coach, an entry whose advice `told` was shown only after it was logged
    (`logged` less), to follow other words: "carry on when logged; stop only later, after an
    entry for Sat 28 Nov, logged after this one and since deleted, that told the runner to
    get emergency care" (:func:`raised_cause`)."""
    cause = raised_cause(raised_by, morning=morning, reasons=reasons)
    return (
        f"{short_name(Level(logged))} when logged; {short_name(Level(told))} "
        f"only later, after {cause}"
    )


def runner_raised(
    logged: str,
    told: str,
    raised_by: str,
    *,
    morning: str | None = None,
    reasons: Iterable[Reason] = (),
) -> str:
    """For the runner, as :func:`coach_raised` for the coach: "When you logged it, this entry
    advised carrying on; it advised stopping only later, after an entry for Sat 28 Nov,
    logged after this one and since deleted, that told you to get emergency care." """
    cause = raised_cause(raised_by, morning=morning, reasons=reasons, coach=False)
    return (
        f"When you logged it, this entry advised {_ADVISED[Level(logged)]}; it advised "
        f"{_ADVISED[Level(told)]} only later, after {cause}."
    )


def coach_lowered(
    told: str,
    now: str,
    why: str,
    *,
    logged: str | None = None,
    raised_by: str | None = None,
    morning: str | None = None,
) -> str:
    """For the coach, an entry whose advice now (`now`) is less urgent than what the runner
    was told after it (`told`), and what changed (`why`, a :class:`Lowered`): "Told to stop
    and check their symptoms at the time; after an earlier entry was deleted it now reads
    ease back". Where `told` was shown only after the entry was logged (`logged` less, after
    `raised_by`, with the next-morning answer `morning` then), says so, never "at the time":
    "Carry on when logged; read ease back later, after the runner changed an earlier day's
    next-morning answer; after another change to an earlier day's next-morning answer it now
    reads carry on". Raises ValueError when `now` is not less urgent than `told`."""
    told, now, why = _lowered(told, now, why)
    shown_later = _shown_later(
        told,
        why,
        logged,
        raised_by,
        morning,
        _RAISED_FOR_COACH,
        _LOWERED_FOR_COACH,
        _LOWERED_AGAIN_FOR_COACH,
    )
    if shown_later:
        raised, lowered = shown_later
        return (
            f"{short_name(Level(logged)).capitalize()} when logged; read {short_name(told)} "
            f"later, after {raised}; after {lowered} it now reads {short_name(now)}"
        )
    return (
        f"{coach_label(told)} at the time; after {_LOWERED_FOR_COACH[why]} it now reads "
        f"{short_name(now)}"
    )


def runner_lowered(
    told: str,
    now: str,
    why: str,
    *,
    logged: str | None = None,
    raised_by: str | None = None,
    morning: str | None = None,
) -> str:
    """For the runner, beside the entry's advice now (`now`, shown as the entry's): what it
    advised before (`told`), what changed it (`why`) and that the coach still sees it, so
    the page agrees with what their coach is shown: "Before an earlier entry was deleted,
    this entry advised stopping; your coach still sees that it did." Where `told` was shown
    only after the entry was logged (as for :func:`coach_lowered`): "When you logged it, this
    entry advised carrying on; after you changed an earlier day's next-morning answer it
    advised easing back, until another change you made to an earlier day's next-morning
    answer; your coach sees both." Raises ValueError when `now` is not less urgent than `told`."""
    told, now, why = _lowered(told, now, why)
    shown_later = _shown_later(
        told,
        why,
        logged,
        raised_by,
        morning,
        _RAISED_FOR_RUNNER,
        _LOWERED_FOR_RUNNER,
        _LOWERED_AGAIN_FOR_RUNNER,
    )
    if shown_later:
        raised, lowered = shown_later
        return (
            f"When you logged it, this entry advised {_ADVISED[Level(logged)]}; after "
            f"{raised} it advised {_ADVISED[told]}, until {lowered}; your coach sees both."
        )
    return (
        f"Before {_LOWERED_FOR_RUNNER[why]}, this entry advised {_ADVISED[told]}; your coach "
        "still sees that it did."
    )


def runner_told_care(told: str) -> str:
    """For the runner, beside an entry whose own advice reads less now than the care their
    page showed right after it (`told`, a checker tier of :data:`CARE_TIERS`): "After this
    entry you were told to get emergency care; your coach sees that too." """
    return f"After this entry you were told to {_TOLD_TO[told]}; your coach sees that too."


@dataclass(frozen=True)
class Advice:
    """The advice after an entry: the most cautious level among the reasons that apply.
    `triage`: the symptom checker's assessment of the warning signs ticked (None without one);
    where it says emergency or see a doctor today (:attr:`care`), that is the advice, as the
    checker would give it."""

    level: Level
    reasons: tuple[Reason, ...]
    triage: checker.Assessment | None = field(default=None, compare=False)

    @property
    def check_symptoms(self) -> bool:
        """True when the runner should stop (and answer the symptom checker, or get the care
        it already calls for: :attr:`care`)."""
        return self.level is Level.STOP

    @property
    def checker_reminder(self) -> Reason | None:
        """The reminder of a recent "stop and check your symptoms" day (:func:`_recent_stop`)
        when the advice itself is calmer: the page offers the symptom checker with it."""
        if self.check_symptoms:
            return None
        return next((reason for reason in self.reasons if reason.code == "recent_stop"), None)

    @property
    def care(self) -> checker.Tier | None:
        """The checker's tier when a warning sign calls for emergency care or a doctor today,
        else None."""
        if self.triage is not None and self.triage.tier in CARE_TIERS:
            return self.triage.tier
        return None

    @property
    def care_rules(self) -> tuple:
        """The checker's rules behind :attr:`care` (each with its reason and sources)."""
        return self.triage.main_reasons if self.care else ()

    @property
    def urgency(self) -> int:
        """0 carry on, 1 ease back, 2 stop, 3 see a doctor today, 4 emergency."""
        return self.level.rank + (self.care.urgency - 1 if self.care else 0)

    @property
    def label(self) -> str:
        """The disposition in a few words: the checker's heading for :attr:`care`."""
        return self.care.label if self.care else self.level.label

    @property
    def action(self) -> str:
        """What to do: the checker's words for :attr:`care` (else the level's), followed, as
        the checker's answer has them, by the :attr:`warnings` of its rules."""
        return " ".join((self.care.action if self.care else self.level.action, *self.warnings))

    @property
    def warnings(self) -> tuple[str, ...]:
        """The checker's own lines on what turns the signs ticked into an emergency
        (:attr:`triage.rules.Rule.warning`, e.g. a swollen calf: breathless or chest pain,
        call 999), exactly as its answer for the same signs carries them; () without signs."""
        return checker.warnings(self.triage) if self.triage is not None else ()

    @property
    def coach_label(self) -> str:
        """What the runner was told, for the coach: "Told to get emergency care"..."""
        return _COACH_LABELS[self.care or self.level]

    @property
    def short_name(self) -> str:
        """What the runner was told in a word or two (:func:`short_name`)."""
        return _SHORT_NAMES[self.care or self.level]

    @property
    def key(self) -> str:
        """The disposition as a stable word (data attributes, CSS): the level, or the
        checker's tier for :attr:`care`."""
        return str(self.care or self.level)


def _when(entry) -> tuple:
    # By the session's day, then by when it was logged; an entry with no `logged` keeps its
    # place among the entries of its day.
    logged = getattr(entry, "logged", None)
    return (entry.day,) if logged is None else (entry.day, logged.timestamp())


def chronological(entries: Iterable) -> list:
    """`entries` oldest first: by the session's day, then by when it was logged (a back-dated
    entry logged today sits on its own day, before the newer days). Reads `day` and, where
    there is one, `logged` (a datetime), so it orders :class:`Entry` objects and the logged
    sessions alike. The one definition of the order of a log, and so of its latest entry."""
    entries = list(entries)
    if any(getattr(entry, "logged", None) is None for entry in entries):
        return sorted(entries, key=lambda entry: entry.day)
    return sorted(entries, key=_when)


def latest(entries: Iterable):
    """The latest entry of a log: the most recent day's, the last logged that day (see
    :func:`chronological`); None for an empty log. What every "latest" and "last session" in
    HipCare means: the coach's panel, the pain chart's summary and the runner's advice."""
    ordered = chronological(entries)
    return ordered[-1] if ordered else None


def _ordered(entries: Iterable[Entry]) -> list[Entry]:
    """Oldest first, as :func:`chronological`."""
    return chronological(entries)


def _worst_between(entries: Sequence[Entry], first: date, last: date) -> int | None:
    pains = [entry.pain for entry in entries if first <= entry.day <= last]
    return max(pains) if pains else None


def _week_before(day: date) -> tuple[date, date]:
    """The week before `day`'s session: the seven days from 13 to 7 days before it."""
    return day - timedelta(days=13), day - timedelta(days=7)


def _week_before_words(day: date) -> str:
    """The week before `day` as the runner can find it in the log: "Tue 10 to Mon 16 Nov"
    (the month said twice where the week spans two)."""
    first, last = _week_before(day)
    start = f"{first:%a} {first.day}" if first.month == last.month else _short_day(first)
    return f"{start} to {_short_day(last)}"


def _last_week_worst(history: Sequence[Entry], latest: Entry) -> int | None:
    """The worst pain of the week before the latest session (the seven days from 13 to 7 days
    before it), None without an entry then."""
    return _worst_between(history, *_week_before(latest.day))


def _higher_than_last_week(history: Sequence[Entry], latest: Entry) -> bool:
    """The latest session's pain is higher than the worst pain of the week before it (the
    seven days from 13 to 7 days before the session; that week needs an entry).

    It compares the session itself, not the worst of the current week: one bad session
    earlier in the week must not turn every later session into "ease back", and a pain-free
    session (0/10) can never be higher than last week, so it never eases back on this rule."""
    last_week = _last_week_worst(history, latest)
    return last_week is not None and latest.pain > last_week


def day_pains(entries: Iterable) -> dict[date, int]:
    """Each session day's pain, by day, oldest first: the highest pain logged that day.

    Entries on the same day count as one session (the pages' rule, as for the sessions done:
    routines/followup.py), so a comparison from session to session compares days, and one
    value stands for a day: its highest. The log asks each entry for the worst pain during or
    after the session, and Silbernagel et al. 2007's model reads pain during or after activity
    against its limits, so the day's worst is the model's reading of that session; it is also
    the conservative choice, never letting a calmer later entry hide a high score. Reads `day`
    and `pain`."""
    days: dict[date, int] = {}
    for entry in entries:
        days[entry.day] = max(days.get(entry.day, entry.pain), entry.pain)
    return dict(sorted(days.items()))


@dataclass(frozen=True)
class Rise:
    """The pain now against the lower of the (up to) two session days before it, each day by
    its highest pain (:func:`day_pains`): `low` that lower pain and `low_day` its day, `back`
    which session day it was (1 the one just before, 2 the one before that; the nearer one on
    a tie), `previous` the pain of the day just before and `previous_day` that day, `now` the
    pain compared (an entry's, or the latest day's highest)."""

    low: int
    back: int
    previous: int
    now: int
    low_day: date | None = None
    previous_day: date | None = None

    @property
    def points(self) -> int:
        return self.now - self.low

    @property
    def counts(self) -> bool:
        """A rise of :data:`STEEP_RISE` points or more that is not coming down from the last
        session day (0, 8, then 6 is 6 points above two session days before, but falling)."""
        return self.points >= STEEP_RISE and self.now >= self.previous

    @property
    def because(self) -> str:
        """The rise in a few words, after "because": "the pain rose to 6 from 2 on Tue 17
        Nov" (the lower day it is counted from)."""
        return f"the pain rose to {self.now} from {self.low} on {_short_day(self.low_day)}"

    @property
    def text(self) -> str:
        """What was compared, with the days and their values: never "climbed" for a pain that
        went down."""
        head = f"Pain of {self.now} out of 10 is {self.points} points higher than"
        if self.back == 1:
            return (
                f"{head} on the session day before, {_day_name(self.previous_day)} ({self.low} "
                "out of 10, the highest that day)"
            )
        return (
            f"{head} two session days before ({self.low} on {_day_name(self.low_day)}, then "
            f"{self.previous} on {_day_name(self.previous_day)}, then {self.now} out of 10; "
            "a day counts by its highest pain)"
        )


def _rise(before: Iterable[Entry], *, day: date, now: int) -> Rise | None:
    """Pain `now` on `day` against the lower of the (up to) two session days before `day` in
    `before`, each by its highest pain (:func:`day_pains`); entries of `day` itself are the
    same session and are not compared. None with no session day before it."""
    days = day_pains(entry for entry in before if entry.day < day)
    earlier = list(days)[-2:]
    if not earlier:
        return None
    previous_day = earlier[-1]
    low_day, back = previous_day, 1
    if len(earlier) == 2 and days[earlier[0]] < days[previous_day]:
        low_day, back = earlier[0], 2
    return Rise(
        low=days[low_day],
        back=back,
        previous=days[previous_day],
        now=now,
        low_day=low_day,
        previous_day=previous_day,
    )


#: What the symptom checker says of a sign, by its tier (or None: not a tier the log passes on).
_SIGN_SAYS = {
    checker.Tier.EMERGENCY: "The symptom checker treats this as an emergency.",
    checker.Tier.URGENT: "The symptom checker says to see a doctor today.",
    None: "Signs like this need the symptom checker, not more exercise.",
}


def _care_tier(triage: checker.Assessment | None) -> checker.Tier | None:
    """The checker's tier when it is one the log passes on (:data:`CARE_TIERS`), else None."""
    return triage.tier if triage is not None and triage.tier in CARE_TIERS else None


def _care_rank(tier: checker.Tier | None) -> int:
    return tier.urgency if tier is not None else -1


def _sign_tier(key: str, pain: int | None) -> checker.Tier | None:
    """How urgent the checker finds one sign, ticked alone with the pain of its entry."""
    return _care_tier(assess_signs({key}, pain=pain))


#: What a sign calls for on its own, by its tier, where the signs ticked together call for
#: more (:func:`_together_tier`): said as only part of the answer, beside what they mean
#: together, so no line about one sign reads as the whole answer.
_ALONE_SAYS = {
    checker.Tier.EMERGENCY: checker.Tier.EMERGENCY.label.lower(),
    checker.Tier.URGENT: checker.Tier.URGENT.label.lower(),
    None: Level.STOP.label.lower(),
}


def _together_tier(
    pains: dict[str, int | None], triage: checker.Assessment | None
) -> checker.Tier | None:
    """The checker's tier for the signs `pains` read together (`triage`) when it is more
    urgent than each sign's alone (a tier the log passes on, :data:`CARE_TIERS`), else None."""
    together = _care_tier(triage)
    if together is None or not pains:
        return None
    alone = max((_sign_tier(key, level) for key, level in pains.items()), key=_care_rank)
    return together if _care_rank(together) > _care_rank(alone) else None


#: Days back over which warning signs logged on earlier days are read together with a day's
#: own (:func:`_signs_over_days`): the log's own two weeks (:data:`RECENT_CARE_DAYS`, the
#: days the advice already reads back, services.ADVICE_LOOKBACK_DAYS, and for which an earlier
#: day's urgent signs keep the advice at "stop").
SIGNS_TOGETHER_DAYS = RECENT_CARE_DAYS


def _signs_over_days(
    before: Iterable[Entry], day: date, signs: frozenset[str], pain: int, pains: dict
) -> tuple[checker.Assessment, checker.Tier, dict[str, date]] | None:
    """The checker's reading of the warning signs `signs` ticked on `day` (with its worst
    `pain`; `pains` each of them with the pain of the entry that ticked it) together with the
    signs ticked in `before` on the :data:`SIGNS_TOGETHER_DAYS` days before `day`, where that
    reading is more urgent than the day's own signs (and than each sign alone): (the
    assessment, its tier, each earlier sign that it needs with the latest day it was ticked).
    None otherwise, or when `day` has no sign.

    Why: the checker weighs some signs together (numbness with a weak leg: emergency care,
    where each alone means a doctor today), and a runner whose numbness carries on may well
    not tick it again the next day: read day by day, numbness on 28 Nov, a weak leg on 29 Nov
    and numbness again on 30 Nov only ever said "see a doctor today" (fresh tester). NHS
    "Cauda equina syndrome" (nhs.uk/conditions/cauda-equina-syndrome) and NICE CKS "Sciatica
    (lumbar radiculopathy)" red flags (cks.nice.org.uk/topics/sciatica-lumbar-radiculopathy)
    treat neurological signs that come on or get worse over days, not only at once
    (progressive weakness, numbness that spreads), as needing care at once: signs logged on
    different recent days are as worrying together as on one day. The guidance read for
    this: NICE CKS, "Sciatica (lumbar radiculopathy): interpreting red flags"
    (cks.nhs.uk/sciatica_lumbar_radiculopathy, management, assessing for serious risks):
    red flags raise the risk of serious disease, one or more calls for referral at the
    urgency they suggest, and cauda equina syndrome usually for admission at once; Oxford
    University Hospitals NHS Trust, "Cauda Equina Syndrome" (patient leaflet, 2014): changes
    to walking, weakness of a leg or foot, numbness in the groin, trouble with the bladder or
    bowels mean going to A&E at once; spinal surgeons' pages (e.g. sussexspinesolutions.co.uk,
    "Cauda Equina Syndrome") add that no one symptom makes the diagnosis, it is several found
    together, and that it can come on gradually. None of them asks that the signs start on
    the same day. The log cannot know that a sign has gone, so one ticked in the last two
    weeks (the days the advice already reads back, and for which an earlier day's urgent
    signs hold the advice at "stop": :func:`_recent_care`) is read as still there; one older
    than that is not (HipCare's choice of window; where the readings differ, the more urgent
    wins). The day's own pain is the pain read with them: the signs are what carry over.

    A day with no sign of its own is read the same way (:func:`_earlier_signs_with_pain`):
    the earlier signs with this day's pain, as if ticked at once, where that is more urgent
    than the earlier signs with their own pain (a temperature ticked with pain 0 on 28 Nov,
    pain 4 on 1 Dec and nothing ticked: "hip pain with a temperature", emergency care, as the
    checker says for the two at once; the log said "ease back", fresh tester). Else None."""
    first = day - timedelta(days=SIGNS_TOGETHER_DAYS)
    earlier: dict[str, tuple[int, date]] = {}
    for entry in before:
        if first <= entry.day < day:
            for key in entry.warning_signs - signs:
                earlier[key] = (max(entry.pain, earlier.get(key, (entry.pain,))[0]), entry.day)
    if not earlier:
        return None
    if not signs:
        return _earlier_signs_with_pain(earlier, pain)
    own_triage = assess_signs(signs, pain=pain)
    own = _care_rank(_care_tier(own_triage))

    def reading(keys) -> tuple[checker.Assessment, checker.Tier | None]:
        triage = assess_signs(signs | keys, pain=pain)
        everyone = {**{key: earlier[key][0] for key in keys}, **pains}
        together = _together_tier(everyone, triage)
        if together is None and keys:
            # A rule that fires only on the day's signs WITH the earlier ones (a temperature
            # on 20 Nov, a red, warm hip on 26 Nov: "a temperature with a hot or swollen
            # hip", an emergency) counts even where an earlier sign alone was as urgent (a
            # temperature alone is an emergency too): read as still there, it is what the
            # checker says of the day. An earlier sign no rule reads with the day's own adds
            # nothing here: its own day's advice is the reminder (_recent_care).
            apart = set(own_triage.fired_tiers) | set(assess_signs(keys, pain=pain).fired_tiers)
            new = [tier for slug, tier in triage.fired_tiers.items() if slug not in apart]
            combined = max(new, key=lambda tier: tier.urgency, default=None)
            together = combined if combined in CARE_TIERS else None
        return triage, together

    triage, tier = reading(frozenset(earlier))
    if tier is None or _care_rank(tier) <= own:
        return None
    # Only the earlier signs the reading needs are named (each left out in turn).
    needed = set(earlier)
    for key in sorted(earlier):
        _triage, without = reading(frozenset(needed - {key}))
        if without is not None and without.urgency >= tier.urgency:
            needed.discard(key)
    triage, tier = reading(frozenset(needed))
    return triage, tier, {key: earlier[key][1] for key in needed}


def _earlier_tier(earlier: dict[str, tuple[int, date]]) -> int:
    """How urgent (:func:`_care_rank`) the earlier signs `earlier` (key: the worst pain of
    the entries that ticked it, the latest day) are with their own pain: each alone, and all
    of them together with the worst of those pains."""
    alone = max(_care_rank(_sign_tier(key, level)) for key, (level, _day) in earlier.items())
    worst = max(level for level, _day in earlier.values())
    return max(alone, _care_rank(_care_tier(assess_signs(frozenset(earlier), pain=worst))))


def _earlier_signs_with_pain(
    earlier: dict[str, tuple[int, date]], pain: int
) -> tuple[checker.Assessment, checker.Tier, dict[str, date]] | None:
    """:func:`_signs_over_days` for a day with no sign of its own: the checker's reading of
    the earlier signs `earlier` (key: the worst pain of the entries that ticked it, the
    latest day it was ticked) with this day's worst `pain`, where it calls for emergency care
    or a doctor today and is more urgent than those signs with their own pain
    (:func:`_earlier_tier`); None otherwise, so a calm day after a sign says what it said
    (the earlier day's own advice is the reminder, :func:`_recent_care`), and self-care stays
    reachable. Only the earlier signs the reading needs are named (each left out in turn)."""

    def tier_of(keys: frozenset[str]) -> checker.Tier | None:
        return _care_tier(assess_signs(keys, pain=pain)) if keys else None

    tier = tier_of(frozenset(earlier))
    if tier is None or tier.urgency <= _earlier_tier(earlier):
        return None
    needed = set(earlier)
    for key in sorted(earlier):
        if _care_rank(tier_of(frozenset(needed - {key}))) >= tier.urgency:
            needed.discard(key)
    triage = assess_signs(frozenset(needed), pain=pain)
    return triage, triage.tier, {key: earlier[key][1] for key in needed}


def _over_days_reason(
    triage: checker.Assessment,
    tier: checker.Tier,
    earlier: dict[str, date],
    pain: int | None,
    *,
    own_signs: bool = True,
) -> Reason:
    """The reason when the day's signs read with those of the days before call for more
    (:func:`_signs_over_days`): what they mean together, naming each earlier sign's day."""
    named = "; ".join(
        f"{quoted(sign.label)} on {_short_day(earlier[sign.key])}"
        for sign in WARNING_SIGNS
        if sign.key in earlier
    )
    days = ", ".join(_short_day(day) for day in sorted(set(earlier.values())))
    worst = f", with the worst pain ({pain} out of 10)" if pain is not None else ""
    if not own_signs:
        return Reason(
            "warning_signs_together",
            Level.STOP,
            f"Together these mean: {tier.label.lower()}. No warning sign was ticked this day, "
            f"but the symptom checker reads the warning signs ticked on the "
            f"{SIGNS_TOGETHER_DAYS} days before ({named}) with this day's pain ({pain} out "
            "of 10), as if ticked at once: a sign may well still be there without being "
            "ticked again, and with this pain it calls for more than it did.",
            REASON_SOURCES["warning_signs_together"],
            tuple(triage.main_reasons),
            because=(
                f"of the warning signs ticked on {days}, read with this day's pain of {pain} "
                "out of 10"
            ),
        )
    return Reason(
        "warning_signs_together",
        Level.STOP,
        f"Together these mean: {tier.label.lower()}. The symptom checker reads the warning "
        f"signs ticked this day with those ticked on the {SIGNS_TOGETHER_DAYS} days before "
        f"({named}){worst}: signs that come on over several days are read together, as if "
        "ticked at once, and together they call for more than any one of them alone.",
        REASON_SOURCES["warning_signs_together"],
        tuple(triage.main_reasons),
        because=(
            f"of the warning signs ticked this day with those of {days}, which together "
            "mean more than each alone"
        ),
    )


def pain_tier(pain: int) -> checker.Tier:
    """The symptom checker's tier for a pain score alone (no sign ticked), read by its own
    rules: what the log's severe-pain reason says the checker gives, never a phrase of ours."""
    return _assess(frozenset(), _check_pain(pain)).tier


@lru_cache(maxsize=16)
def _pain_says(pain: int) -> str:
    """What the symptom checker's answer page heads its answer with for this pain score alone
    (:func:`triage.rules.headline`: a rule's own timing, "within a few days", not only its
    tier's words), first letter lowered. Kept per score (0-10: the checker's words for a
    number, nothing of anyone's log): every entry with a severe pain asks it."""
    pain = _check_pain(pain)
    heading, _text = checker.headline(_assess(frozenset(), pain), checker_answers((), pain=pain))
    return quoted(heading)


def _warning_reason(
    pains: dict[str, int | None],
    *,
    code: str = "warning_sign",
    together: checker.Tier | None = None,
) -> Reason:
    """The reason for the warning signs `pains` (sign key: the pain of the entry that ticked
    it). Each sign is named with its OWN reading by the checker (ticked alone, with its
    entry's pain), most urgent first: a sign that on its own means "check your symptoms" is
    never said to be an emergency because another sign of the day is one. What the signs
    call for together is :func:`_together_reason`'s; where that is more (`together`, from
    :func:`_together_tier`), each sign's reading is said as its own only, with what the signs
    mean together after it ("On its own: see a doctor today. All the signs ticked together:
    get emergency care now."), so that no line reads as the whole answer."""
    groups: dict[checker.Tier | None, list[WarningSign]] = {}
    rules: list = []
    for sign in WARNING_SIGNS:
        if sign.key in pains:
            tier = _sign_tier(sign.key, pains[sign.key])
            groups.setdefault(tier, []).append(sign)
            if tier is not None:
                rules += assess_signs({sign.key}, pain=pains[sign.key]).main_reasons
    sentences = []
    for tier in sorted(groups, key=_care_rank, reverse=True):
        signs = groups[tier]
        ticked = (
            "You ticked a warning sign (" + "; ".join(quoted(sign.label) for sign in signs) + ")."
        )
        if together is None:
            sentences.append(f"{ticked} {_SIGN_SAYS[tier]}")
        else:
            alone = "On its own" if len(signs) == 1 else "Each on its own"
            sentences.append(
                f"{ticked} {alone}: {_ALONE_SAYS[tier]}. All the signs ticked together: "
                f"{together.label.lower()}."
            )
    return Reason(code, Level.STOP, " ".join(sentences), REASON_SOURCES[code], _unique(rules))


def _unique(rules: Iterable) -> tuple:
    return tuple({rule.slug: rule for rule in rules}.values())


def _together_reason(
    pains: dict[str, int | None], triage: checker.Assessment | None, pain: int | None
) -> Reason | None:
    """A reason when the signs `pains` read together (`triage`: the checker's reading of them
    all, with the worst pain `pain`) call for more than any of them alone: the checker weighs
    some signs together, and with the pain. None otherwise. It leads the reasons (the
    callers put it first), saying what the signs mean together in the advice's own words
    ("Together these mean: get emergency care now."), before each sign's own reading."""
    together = _together_tier(pains, triage)
    if together is None:
        return None
    worst = f", with the worst pain ({pain} out of 10)" if pain is not None else ""
    return Reason(
        "warning_signs_together",
        Level.STOP,
        f"Together these mean: {together.label.lower()}. The symptom checker reads the "
        f"warning signs ticked together{worst}, and together they call for more than any "
        "one of them alone.",
        REASON_SOURCES["warning_signs_together"],
        tuple(triage.main_reasons),
    )


def advise_signs(keys: Iterable[str], *, pain: int | None = None) -> Advice | None:
    """The advice for warning signs on their own (with `pain` where known): for an entry that
    was not saved (a bad date, the daily limit, a withdrawn link...), whose ticked signs still
    need their advice at once. Unknown keys are ignored; None when no known sign is ticked."""
    keys = frozenset(keys) & WARNING_SIGN_KEYS
    if not keys:
        return None
    triage = assess_signs(keys, pain=pain)
    pains = dict.fromkeys(keys, pain)
    together = _together_reason(pains, triage, pain)
    reasons = (together, _warning_reason(pains, together=_together_tier(pains, triage)))
    return Advice(
        level=Level.STOP, reasons=tuple(r for r in reasons if r is not None), triage=triage
    )


@lru_cache(maxsize=1024)
def _day_name(day: date) -> str:
    """ "Sunday 29 November" (remembered: the reasons of every entry judged name the same few
    dozen days on every request, and each strftime costs a few µs)."""
    return f"{day:%A} {day.day} {day:%B}"


def _by_day(entries: Iterable[Entry]) -> dict[date, list[Entry]]:
    days: dict[date, list[Entry]] = {}
    for entry in entries:
        days.setdefault(entry.day, []).append(entry)
    return days


def _previous_day_morning(before: Sequence[Entry], about: Entry) -> tuple[date, Morning] | None:
    """The previous session day before `about`'s (the latest day of `before` earlier than
    its own) and that day's next-morning answer (the worst, if its entries have several);
    None when there is no such day or it has no answer yet."""
    earlier = [entry for entry in before if entry.day < about.day]
    if not earlier:
        return None
    day = max(entry.day for entry in earlier)
    mornings = [entry.morning for entry in earlier if entry.day == day and entry.morning]
    if not mornings:
        return None
    return day, max(mornings, key=_MORNING_RANK.__getitem__)


#: What the runner was told to do, by the checker's tier, completing "you were told to ...".
_TOLD_TO = {
    checker.Tier.EMERGENCY: "get emergency care",
    checker.Tier.URGENT: "see a doctor today",
}


#: What a deleted entry told the runner, as its trace keeps it: (its day, a checker tier or a
#: level's value), routines.models.DeletedEntryNotice. Passed to :func:`advise` (and through
#: :class:`Judged`, :func:`advise_now`...) as plain values.
Trace = tuple[date, str]

_DELETED_WORDS = " (that entry was deleted)"


def _trace_tiers(deleted: Iterable[Trace], first: date, about: Entry) -> list:
    """The deleted entries' traces of the days from `first` up to the day before `about`'s,
    as (tier, day): as the live rules read the earlier days' urgent signs (an entry of
    `about`'s own day is read with the day's advice: :func:`_deleted_that_day`). Only
    emergency care and a doctor today hold (the handout's "for 14 days after signs needing
    urgent care"): a deleted "stop" (a mistyped pain score, a milder sign) is not read."""
    found = []
    for day, told in deleted:
        if not first <= day < about.day:
            continue
        if told in (checker.Tier.EMERGENCY, checker.Tier.URGENT):
            found.append((checker.Tier(told), day))
    return found


def keeps_off_training(triage: checker.Assessment | None) -> bool:
    """Whether the symptom checker's reading `triage` (its own rules run on the warning
    signs ticked, with the pain: :func:`assess_signs`) says the runner should not train on
    the hip for now: emergency care or a doctor today; a rule that says to be examined
    before running or before any home treatment (:func:`triage.rules.stops_running`); an
    answer that holds the exercises back (:attr:`triage.rules.Assessment.offers_exercises`:
    to be seen first, or to rest first); or a reading the checker cannot settle without the
    questions the log does not ask, where their answers could make it a doctor today or
    more (the log then sends the runner to the checker: "Signs like this need the symptom
    checker"). Read from the checker's rules, never from a list of signs: what
    :func:`_recent_care` holds at "stop" for :data:`RECENT_CARE_DAYS` days after a day with
    warning signs. (Pain alone is not read here: every pain score leaves the checker's other
    questions open, so "cannot tell" would hold every day.)"""
    if triage is None:
        return False
    if checker.stops_running(triage) or not triage.offers_exercises:
        return True  # care tiers never offer exercises
    possible = triage.highest_possible
    return (
        not triage.decided
        and possible is not None
        and possible in CARE_TIERS
        and possible.urgency > triage.tier.urgency
    )


#: How the held days rank against the care days (:func:`_recent_care`): below a doctor today.
_HOLD_RANK = 1


def _hold_words(triage: checker.Assessment) -> str:
    """What the checker's reading `triage` (one that :func:`keeps_off_training`) says of
    training, after "the symptom checker says": from which of its tests holds."""
    if checker.stops_running(triage) or triage.examined_first or triage.tier in CARE_TIERS:
        return "no running and no exercises until the hip has been checked"
    if triage.rest_first:
        return "no running and no exercises for now, then to answer it again"
    return "to answer its other questions before any more training"


def _recent_care(
    before: Sequence[Entry], about: Entry, deleted: Iterable[Trace] = ()
) -> Reason | None:
    """A reason to stay at "stop" when, on one of the :data:`RECENT_CARE_DAYS` days before
    `about`'s, the warning signs logged that day, read by the symptom checker (together,
    with the day's worst pain, and with the signs of the days before it, as the advice of
    that day read them: :func:`advise_now`), say the runner should not train
    (:func:`keeps_off_training`): emergency care or a doctor today, to be examined before
    running or any home treatment, to rest first, or to answer the checker's other
    questions. The most urgent such day (care before the rest), the latest of those; None
    without one. It lapses when that day is more than :data:`RECENT_CARE_DAYS` days back:
    nothing else clears it, since the log cannot know whether the hip was checked or the
    checker answered."""
    first = about.day - timedelta(days=RECENT_CARE_DAYS)
    # (rank, day, the reading, its care tier or None): rank is the care tier's urgency, or
    # _HOLD_RANK for a reading that holds below care. A stop for pain alone (severe pain, a
    # steep rise) is not held: the model reads each session's load (_recent_stop reminds).
    found: tuple[int, date, checker.Assessment, checker.Tier | None] | None = None
    # Only the days it reads grouped (a log's every earlier day was, for each entry judged).
    within = (entry for entry in before if first <= entry.day < about.day)
    # The signs those days read with theirs: of the window before each of them.
    reach = first - timedelta(days=SIGNS_TOGETHER_DAYS)
    near = [entry for entry in before if reach <= entry.day < about.day and entry.warning_signs]
    for day, of_day in sorted(_by_day(within).items()):
        signs = frozenset().union(*(entry.warning_signs for entry in of_day))
        worst = max(entry.pain for entry in of_day)
        triage = None
        if signs or near:
            # A day without a sign of its own is read too: its pain with the earlier days'
            # signs (_signs_over_days) may have meant care, which holds as a sign's own would.
            triage = assess_signs(signs, pain=worst)
            # With the signs of the days before it, as that day's advice read them.
            pains = {key: worst for key in signs}
            over_days = _signs_over_days(near, day, signs, worst, pains)
            if over_days is not None:
                triage = over_days[0]
        if triage is None:
            continue  # No sign to read, that day nor before it.
        tier = _care_tier(triage)
        if tier is not None:
            rank = tier.urgency
        elif keeps_off_training(triage):
            rank = _HOLD_RANK
        else:
            continue
        if found is None or rank >= found[0]:
            found = (rank, day, triage, tier)
    # What the runner was told after each entry, as kept (Entry.told): the care their page
    # showed holds its two weeks whatever changed in the log since (an earlier entry whose
    # signs combined with its own deleted), as the signs of its day would have.
    told_found: tuple[checker.Tier, date] | None = None
    for entry in before:
        if not isinstance(entry.told, checker.Tier) or not first <= entry.day < about.day:
            continue
        if told_found is None or (entry.told.urgency, entry.day) > (
            told_found[0].urgency,
            told_found[1],
        ):
            told_found = (entry.told, entry.day)
    if told_found is not None and (
        found is None or (told_found[0].urgency, told_found[1]) > (found[0], found[1])
    ):
        tier, day = told_found
        found = (tier.urgency, day, None, tier)
    # A deleted entry's trace counts as its day's signs would have (HipCare's choice: the
    # advice was given, and deleting the entry does not mean the hip was checked).
    trace = max(
        (
            (what.urgency, day, what)
            for what, day in _trace_tiers(deleted, first, about)
            if isinstance(what, checker.Tier)
        ),
        default=None,
    )
    if trace is not None and (found is None or trace[0] > found[0]):
        _urgency, day, tier = trace
        return Reason(
            "recent_care",
            Level.STOP,
            f"After your entry for {_day_name(day)} you were told to {_TOLD_TO[tier]}"
            f"{_DELETED_WORDS}; if your hip hasn't been checked since, do that before you "
            "carry on.",
            REASON_SOURCES["recent_care"],
            day=day,
            because=(
                f"you were told to {_TOLD_TO[tier]} after your entry for {_short_day(day)}"
                f"{_DELETED_WORDS}"
            ),
            deleted=True,
            care=tier,
        )
    if found is None:
        return None
    _rank, day, triage, tier = found
    if tier is None:
        return _held_reason(day, triage, before)
    return Reason(
        "recent_care",
        Level.STOP,
        f"After your entry for {_day_name(day)} you were told to {_TOLD_TO[tier]}; if your hip "
        "hasn't been checked since, do that before you carry on.",
        REASON_SOURCES["recent_care"],
        tuple(triage.main_reasons) if triage is not None else (),
        day=day,
        # Held by what the runner was told (the signs of that day read now say less).
        because=""
        if triage is not None
        else f"you were told to {_TOLD_TO[tier]} after your entry for {_short_day(day)}",
        care=tier,
    )


def _held_reason(day: date, triage: checker.Assessment, before: Sequence[Entry]) -> Reason:
    """The reason :func:`_recent_care` gives for a day whose reading by the checker
    (`triage`) keeps the runner off training below emergency care or a doctor today
    (:func:`keeps_off_training`): that day said "stop and check your symptoms", and the
    checker's answer for it is not to train until the hip is checked or the checker is
    answered, which the log cannot know; so the advice stays at stop, naming the day and
    what to do."""
    signs = frozenset().union(*(entry.warning_signs for entry in before if entry.day == day))
    what = "the warning sign" + ("s" if len(signs) > 1 else "") + " logged that day"
    return Reason(
        "recent_care",
        Level.STOP,
        f"After your entry for {_day_name(day)} you were told to stop and check your symptoms. "
        f"For {what}, the symptom checker says {_hold_words(triage)}. If you have not "
        "answered the symptom checker or had your hip checked since then, do that before you "
        "carry on.",
        REASON_SOURCES["recent_care"],
        tuple(triage.main_reasons),
        day=day,
    )


def _raised_by_pain(history: list[Entry]) -> tuple[checker.Assessment, Reason] | None:
    """For the last entry of `history` (oldest first, the entries up to it), with no sign of
    its own: the checker's reading of its day so far (:func:`_day_signs`: the day's signs,
    and those of the days before, :func:`_signs_over_days`, with the day's worst pain) where
    it calls for emergency care or a doctor today and did not without this entry: its pain,
    read with signs ticked earlier, as if at once, is what calls for it. (That reading and
    the reason saying it.) None otherwise. So the entry itself says stop, and what it told
    the runner is read as its own (the coach's card, a deletion's notice), as an entry that
    ticks a sign is."""
    about = history[-1]
    first = about.day - timedelta(days=SIGNS_TOGETHER_DAYS)
    if not any(entry.warning_signs and entry.day >= first for entry in history):
        return None  # No sign for its pain to be read with.
    read = _day_signs(history)
    care = read.care
    if care is None:
        return None
    prior = history[:-1]
    if (
        any(entry.day == about.day for entry in prior)
        and _care_rank(_day_signs(prior).care) >= care.urgency
    ):
        return None
    if read.over_days is not None:
        triage, tier, earlier = read.over_days
        return triage, _over_days_reason(
            triage, tier, earlier, read.pain, own_signs=bool(read.signs)
        )
    named = "; ".join(quoted(sign.label) for sign in WARNING_SIGNS if sign.key in read.signs)
    return read.triage, Reason(
        "warning_signs_together",
        Level.STOP,
        f"Together these mean: {care.label.lower()}. No warning sign was ticked in this "
        f"entry, but the symptom checker reads those ticked earlier this day ({named}) with "
        f"this pain ({read.pain} out of 10), as if ticked at once.",
        REASON_SOURCES["warning_signs_together"],
        tuple(read.triage.main_reasons),
        because=(
            f"of the warning signs ticked earlier this day, read with pain {read.pain} out of 10"
        ),
    )


def _stopped_on_its_own(before: Sequence[Entry], entry: Entry) -> bool:
    """`entry` told the runner to stop and check their symptoms by what it logged itself: a
    warning sign, severe pain, or a steep rise into the range the model does not accept
    (`before`: entries before it; those of its own day are not compared). A stop carried
    over from an earlier day's emergency or doctor-today signs (:func:`_recent_care`) is not
    one: that day has its own reminder. Reads no earlier advice."""
    if entry.warning_signs or entry.pain >= SEVERE_PAIN:
        return True
    if entry.pain <= ACCEPTABLE_MAX:
        return False
    rise = _rise(before, day=entry.day, now=entry.pain)
    return rise is not None and rise.counts


def _told_to_stop(before: Sequence[Entry], entry: Entry, deleted: Iterable[Trace]) -> bool:
    """The runner was told to stop (or more) after `entry` (its kept :attr:`Entry.told`),
    though the log read now no longer says it stopped on its own (an earlier entry deleted,
    a next-morning answer changed): that stop was told, and its reminder holds. Not a stop
    carried over from an earlier day's emergency or doctor today (:func:`_recent_care`), which
    that day's own two weeks hold."""
    if entry.told is None or told_urgency(entry.told) < told_urgency(Level.STOP):
        return False
    earlier = [other for other in before if other.day < entry.day]
    return _recent_care(earlier, entry, deleted) is None


def _recent_stop(
    before: Sequence[Entry], about: Entry, deleted: Iterable[Trace] = ()
) -> Reason | None:
    """A reminder, at the advice's own level, when on one of the :data:`RECENT_CARE_DAYS`
    days before `about`'s the runner was told to stop and check their symptoms
    (:func:`_stopped_on_its_own`): the latest such day, named. The pain-monitoring model
    reads each session's load, so a calmer session after it may well read "carry on"; but a
    warning sign or severe pain is a reason to have the hip checked (the articles in
    /work/shared/sources list severe pain, swelling and trouble bearing weight among the
    reasons to see a professional, and the sooner the better), and the log cannot know
    whether that happened. So the advice keeps its level and says so, for the same two
    weeks as :func:`_recent_care` (HipCare's choice). None without such a day."""
    first = about.day - timedelta(days=RECENT_CARE_DAYS)
    found = None
    for entry in before:
        if not first <= entry.day < about.day or (found is not None and entry.day <= found):
            continue
        if _stopped_on_its_own(before, entry) or _told_to_stop(before, entry, deleted):
            found = entry.day
    # A deleted entry's "stop" is not read: deleting it takes back what it logged (a mistyped
    # pain score); a deleted entry's urgent signs are held by _recent_care.
    if found is None:
        return None
    return Reason(
        "recent_stop",
        Level.CONTINUE,
        f"After your entry for {_day_name(found)} you were told to stop and check your symptoms. "
        "If you have not answered the symptom checker or had your hip checked since then, do that "
        "before the next session.",
        REASON_SOURCES["recent_stop"],
        day=found,
    )


def _deleted_that_day(deleted: Iterable[Trace], day: date) -> Reason | None:
    """A reason to stop, for the advice of `day` (:func:`advise_now`), when an entry of that
    day that told the runner to get emergency care or see a doctor today was deleted: the
    day's advice said so with it, and still does, naming it as deleted (a deleted "stop"
    is not held: :func:`_trace_tiers`). The most urgent such trace; None without one."""
    found = [told for trace_day, told in deleted if trace_day == day and told in _DELETED_TOLD_TO]
    if not found:
        return None
    told = max(found, key=told_urgency)
    what = _DELETED_TOLD_TO[told]
    then = "If your hip hasn't been checked since, do that before you carry on."
    return Reason(
        "deleted_that_day",
        Level.STOP,
        f"After your entry for {_day_name(day)} you were told to {what}{_DELETED_WORDS}. {then}",
        REASON_SOURCES["deleted_that_day"],
        day=day,
        because=f"you were told to {what} after your entry for {_short_day(day)}{_DELETED_WORDS}",
        deleted=True,
        care=told_value(told),
    )


def advise(
    entries: Iterable[Entry], *, about: Entry | None = None, deleted: Iterable[Trace] = ()
) -> Advice:
    """The advice after `about` (by default the latest entry), from it and the entries up to
    its day.

    - stop: any warning sign; a day in the :data:`RECENT_CARE_DAYS` days before this
      entry's whose signs the checker reads as a reason not to train (emergency care, a
      doctor today, examined or rested first: :func:`keeps_off_training`); pain of
      :data:`SEVERE_PAIN` (7) or more; or pain that rose by :data:`STEEP_RISE` (3) points or
      more from the lower of the two session days before into the high-risk zone (above 5),
      and did not come down from the last session day (:class:`Rise`; each earlier day by its
      highest pain, :func:`day_pains`; entries earlier on this entry's own day are the same
      session, not a session before, and each is judged by its own pain).
    - ease back: pain above 5 (Silbernagel 2007; Thomeé 1997); a worse next morning, after
      this entry's day or after the previous session day (Silbernagel 2007: a worse next
      day brings the load of the sessions after it down); a rise of 3 points or more as
      above that stays at 5 or below; or this session's pain higher than the worst pain of
      the week before (days 7 to 13 back), so pain builds from week to week (Silbernagel
      2007). A pain-free session never trips that last rule.
    - continue otherwise.

    Below "stop", a day in the :data:`RECENT_CARE_DAYS` days before that said stop for what
    was logged that day adds a reminder naming it, at the advice's own level
    (:func:`_recent_stop`).

    `deleted`: the traces of deleted entries (:data:`Trace`): one that said emergency care, a
    doctor today or stop feeds those two rules as its entry did, naming it as deleted.

    Raises ValueError when there is no entry to advise on.
    """
    return _advise_ordered(_ordered(entries), about=about, deleted=tuple(deleted))


def _advise_ordered(ordered: list[Entry], *, about: Entry | None, deleted: tuple) -> Advice:
    """:func:`advise` over `ordered`, a log already oldest first (:func:`chronological`):
    :class:`Judged` asks it of its one sorted log for each entry, rather than sorting that
    log again for every entry (each sort reads every entry's day and logging time)."""
    if about is None:
        if not ordered:
            raise ValueError("advise() needs at least one entry")
        about = ordered[-1]
    # The entries before it: of earlier days, and of its day those logged before it.
    place = next((n for n, entry in enumerate(ordered) if entry is about), None)
    if place is None or about.logged is None:
        history = [entry for entry in ordered if entry.day <= about.day and entry is not about]
    else:
        history = ordered[:place]
    history.append(about)

    reasons: list[Reason] = []
    triage = assess_signs(about.warning_signs, pain=about.pain)
    if about.warning_signs:
        pains = dict.fromkeys(about.warning_signs, about.pain)
        # What the signs mean together first, where that is more than each alone: the signs'
        # own readings after it are then said as only part of the answer.
        together = _together_reason(pains, triage, about.pain)
        if together is not None:
            reasons.append(together)
        reasons.append(_warning_reason(pains, together=_together_tier(pains, triage)))
    else:
        raised = _raised_by_pain(history)
        if raised is not None:
            triage, reason = raised
            reasons.append(reason)
    recent = _recent_care(history[:-1], about, deleted)
    if recent is not None:
        reasons.append(recent)
    if about.pain >= SEVERE_PAIN:
        reasons.append(
            Reason(
                "severe_pain",
                Level.STOP,
                f"Pain of {about.pain} out of 10 is severe: well above what the programme "
                f"allows. For this pain the symptom checker says: {_pain_says(about.pain)}.",
                REASON_SOURCES["severe_pain"],
                because=f"pain {about.pain} out of 10 is severe ({SEVERE_PAIN} or more)",
            )
        )
    rise = _rise(history[:-1], day=about.day, now=about.pain)
    if rise is not None and rise.counts and about.pain > ACCEPTABLE_MAX:
        reasons.append(
            Reason(
                "steep_rise",
                Level.STOP,
                f"{rise.text}, {'further' if rise.low > ACCEPTABLE_MAX else 'up'} into the "
                "range the programme does not accept (above 5).",
                REASON_SOURCES["steep_rise"],
                day=rise.low_day,
                because=f"{rise.because}, into the range above 5",
            )
        )
    elif rise is not None and rise.counts:
        reasons.append(
            Reason(
                "rising",
                Level.EASE_BACK,
                f"{rise.text}.",
                REASON_SOURCES["rising"],
                day=rise.low_day,
                because=rise.because,
            )
        )
    if ACCEPTABLE_MAX < about.pain < SEVERE_PAIN:
        reasons.append(
            Reason(
                "above_acceptable",
                Level.EASE_BACK,
                f"Pain of {about.pain} out of 10 is above the 5 the programme allows during "
                "or after exercise.",
                REASON_SOURCES["above_acceptable"],
                because=f"pain {about.pain} out of 10 is above the 5 the programme allows",
            )
        )
    before = _previous_day_morning(history[:-1], about)
    if before is not None:
        previous_day, morning = before
        if morning is Morning.WORSE:
            reasons.append(
                Reason(
                    "worse_morning_before",
                    Level.EASE_BACK,
                    f"After your session on {_day_name(previous_day)}, the hip felt worse "
                    "the next morning: the sessions that follow take less load until it "
                    "settles.",
                    REASON_SOURCES["worse_morning_before"],
                    day=previous_day,
                    because=f"the hip felt worse the morning after {_short_day(previous_day)}",
                )
            )
    if about.morning is Morning.WORSE:
        reasons.append(
            Reason(
                "worse_morning",
                Level.EASE_BACK,
                "The hip felt worse the next morning than before the session: the load was "
                "more than it could take for now.",
                REASON_SOURCES["worse_morning"],
                because="the hip felt worse the next morning",
            )
        )
    if _higher_than_last_week(history, about):
        worst = _last_week_worst(history, about)
        week = _week_before_words(about.day)
        reasons.append(
            Reason(
                "higher_than_last_week",
                Level.EASE_BACK,
                f"Pain of {about.pain} out of 10 is higher than your worst in the week before, "
                f"{week} ({worst} out of 10); pain should not build from week to week.",
                REASON_SOURCES["higher_than_last_week"],
                because=(
                    f"pain {about.pain} out of 10 is higher than your worst of {week} "
                    f"({worst} out of 10)"
                ),
            )
        )
    level = max((reason.level for reason in reasons), key=lambda lvl: lvl.rank, default=None)
    if (level is None or level.rank < Level.STOP.rank) and recent is None:
        reminder = _recent_stop(history[:-1], about, deleted)
        if reminder is not None:
            reasons.append(reminder)
    return Advice(level=level or Level.CONTINUE, reasons=tuple(reasons), triage=triage)


#: What a deleted entry told the runner, as the trace it leaves keeps it (a checker tier or a
#: level's value: routines.models.DeletedEntryNotice), for :func:`deleted_reminder`: the
#: advice held for RECENT_CARE_DAYS after a sign needing urgent care (:func:`_recent_care`, the
#: handout's rule). "Stop" and "ease back" are not: deleting a mistyped entry takes them back.
_DELETED_TOLD_TO = {
    checker.Tier.EMERGENCY: _TOLD_TO[checker.Tier.EMERGENCY],
    checker.Tier.URGENT: _TOLD_TO[checker.Tier.URGENT],
}


@dataclass(frozen=True)
class DeletedReminder:
    """The reminder, on the runner's page, of what the entries they deleted told them: every
    such entry's (day, what it told: a checker tier's value) in force, most urgent first and
    the latest first within it (`told_on`), and the sentence naming each (`text`). `day` and
    `told` are the first of them (the most urgent, the latest of those)."""

    told_on: tuple[tuple[date, str], ...]
    text: str

    @property
    def day(self) -> date:
        return self.told_on[0][0]

    @property
    def told(self) -> str:
        return self.told_on[0][1]

    @property
    def days(self) -> tuple[date, ...]:
        """Every deleted entry's day it names."""
        return tuple(day for day, _told in self.told_on)

    @property
    def until(self) -> date:
        """The last day it is shown: :data:`RECENT_CARE_DAYS` after the latest day it names."""
        return max(self.days) + timedelta(days=RECENT_CARE_DAYS)

    @property
    def urgency(self) -> int:
        return told_urgency(self.told)

    @property
    def coach_text(self) -> str:
        """The reminder as the coach reads it, about the runner, naming every deleted entry
        it names, with the day it lapses."""
        said = [
            (
                f"An entry for {_day_name(day)} that the runner has since deleted"
                if n == 0
                else f"Another entry for {_day_name(day)} that they deleted"
            )
            + f" told them to {_DELETED_TOLD_TO[told]}."
            for n, (day, told) in enumerate(self.told_on)
        ]
        return " ".join(
            (
                *said,
                f"Until {_day_name(self.until)} their page reminds them to have the hip "
                "checked, if it hasn't been, before they carry on.",
            )
        )


#: The reasons that hold the advice at "stop" for an earlier day's (or a deleted entry's)
#: emergency care or doctor today (Reason.care): the runner's page leads with that care.
HELD_CARE_CODES = frozenset({"recent_care", "deleted_that_day"})


@dataclass(frozen=True)
class SeenNow:
    """What the runner's page leads with now, the one reading the coach's panel and list say
    too: the advice in force (`advice`, None for an empty log), and the reminder of a deleted
    entry's urgent advice beside it (`reminder`, :func:`deleted_reminder`). Its headline
    (:attr:`told`) is the most urgent advice in force: the reminder's, or the emergency care
    or doctor today of an earlier day within its :data:`RECENT_CARE_DAYS` that holds the
    advice at "stop" (:attr:`held`: a "recent_care" reason), else the advice's own; never a
    milder level beside a more urgent one."""

    advice: Advice | None
    reminder: DeletedReminder | None = None
    #: The runner's today: an earlier day's care is named only within its
    #: :data:`RECENT_CARE_DAYS` up to it (None: not checked).
    today: date | None = None

    @property
    def held(self) -> Reason | None:
        """The reason of the advice holding it at "stop" (:data:`HELD_CARE_CODES`) whose care
        is more urgent than the advice's own (pain 2 two days after numbness: "stop", held by
        "emergency care"), else None."""
        if self.advice is None:
            return None
        return next(
            (
                reason
                for reason in self.advice.reasons
                if reason.code in HELD_CARE_CODES
                and reason.care is not None
                and (
                    self.today is None
                    or reason.day is None
                    or reason.day >= self.today - timedelta(days=RECENT_CARE_DAYS)
                )
                and told_urgency(reason.care) > self.advice.urgency
            ),
            None,
        )

    @property
    def told(self) -> checker.Tier | Level:
        """The headline: the most urgent advice in force."""
        own = (self.advice.care or self.advice.level) if self.advice else Level.CONTINUE
        found = [own]
        if self.held is not None:
            found.append(self.held.care)
        if self.reminder is not None:
            found.append(told_value(self.reminder.told))
        return max(found, key=told_urgency)

    @property
    def urgency(self) -> int:
        return told_urgency(self.told)

    @property
    def day(self) -> date | None:
        """The earlier day the headline comes from, where it is not the advice's own (the
        reminder's or :attr:`held`'s), else None."""
        own = told_urgency(self.advice.care or self.advice.level) if self.advice else 0
        if self.urgency <= own:
            return None
        if self.reminder is not None and self.reminder.urgency == self.urgency:
            return self.reminder.day
        return self.held.day

    @property
    def deleted(self) -> bool:
        """The headline comes from an entry since deleted."""
        if self.day is None:
            return False
        if self.reminder is not None and self.reminder.urgency == self.urgency:
            return True
        return self.held.deleted

    def lead_over(self, advice: Advice | None) -> SeenNow | None:
        """This reading, where a box showing `advice` presents the advice now (it is this
        reading's advice) and the headline is more urgent than that advice's own (:attr:`day`:
        held at "stop" by an earlier day's care, or a deleted entry's reminder): the box leads
        with the headline, as the page's top line does, its reasons still saying why. None
        otherwise: the box's own advice is the headline. The one reading of "the advice now"
        for every box that shows it (a deleted emergency's box was headed "Stop and check
        your symptoms" under a top line saying "Get emergency care now")."""
        if advice is None or self.advice is not advice or self.day is None:
            return None
        return self

    @property
    def label(self) -> str:
        return self.told.label

    @property
    def coach_label(self) -> str:
        return coach_label(self.told)

    @property
    def key(self) -> str:
        return str(self.told)

    @property
    def care(self) -> checker.Tier | None:
        return self.told if isinstance(self.told, checker.Tier) else None

    @property
    def action(self) -> str:
        """What to do now for the headline (:attr:`told`): the symptom checker's action for
        its tier ("Call an ambulance or get someone to take you to A&E ..."), or the level's;
        the runner's pages print it under the headline."""
        return self.told.action


def deleted_reminder(
    deleted: Iterable[tuple[date, str]], *, today: date, now_urgency: int = 0
) -> DeletedReminder | None:
    """A reminder of what the entries the runner has deleted told them, while a kept entry's
    advice would still remind of it (HipCare's choice): emergency care or a doctor today
    (:func:`_recent_care`), for the :data:`RECENT_CARE_DAYS` days after its day; not a plain
    "stop" (a pain score, a milder sign), which deleting the entry takes back. Deleting an
    entry takes what was logged out of the log, and so out of the advice on the entries after
    it; but the advice was given, and the log cannot know whether the hip was checked since.
    `deleted`: (day, what it told) of each deleted entry, as its trace keeps them (nothing
    else is kept). EVERY such entry within the window is named (the deletion's message
    promised each its reminder until its own day's end of the window: two emergencies
    deleted, 28 Nov and 1 Dec, showed only 1 Dec), one sentence each, most urgent first and
    the latest first within it; those no more urgent than the advice now (`now_urgency`,
    :attr:`Advice.urgency`'s scale: it says as much already) are left out. None without
    one."""
    first = today - timedelta(days=RECENT_CARE_DAYS)
    found: dict[date, str] = {}
    for day, told in deleted:
        if told not in _DELETED_TOLD_TO or day < first or told_urgency(told) <= now_urgency:
            continue
        if day not in found or told_urgency(told) > told_urgency(found[day]):
            found[day] = told
    if not found:
        return None
    told_on = tuple(
        sorted(found.items(), key=lambda pair: (told_urgency(pair[1]), pair[0]), reverse=True)
    )
    said = []
    for n, (day, told) in enumerate(told_on):
        which = (
            f"Your entry for {_day_name(day)}, since deleted,"
            if n == 0
            else f"Another entry you deleted, for {_day_name(day)},"
        )
        said.append(f"{which} told you to {_DELETED_TOLD_TO[told]}.")
    then = "If your hip hasn't been checked since, do that before you carry on."
    return DeletedReminder(told_on=told_on, text=" ".join((*said, then)))


#: Reasons that remind the runner of an earlier day without setting the advice's level
#: (:func:`_recent_stop`): said with the advice now, never as what an entry's advice is
#: "because" of.
REMINDER_CODES = frozenset({"recent_stop"})


@lru_cache(maxsize=1024)
def _short_day(day: date) -> str:
    """ "Sun 29 Nov" (remembered, as :func:`_day_name`)."""
    return f"{day:%a} {day.day} {day:%b}"


def _because(reason: Reason) -> str:
    """A reason in a few words, after "because" (:attr:`Reason.because`, else its code's)."""
    if reason.because:
        return reason.because
    if reason.code == "recent_care" and reason.day is not None:
        return f"of the warning sign on {_short_day(reason.day)}"
    if reason.code == "warning_signs_together":
        return "of the warning signs ticked, which together mean more than each alone"
    return "of the warning sign ticked"


def reason_key(reason: Reason) -> str:
    """A reason as an entry keeps it from when it was logged: its code, with the earlier day
    it rests on where it names one ("worse_morning_before:2026-11-29")."""
    return f"{reason.code}:{reason.day.isoformat()}" if reason.day else reason.code


def logged_reasons(advice: Advice) -> list[str]:
    """The keys (:func:`reason_key`) of every reason behind an entry's advice when it is
    logged (not the reminders, :data:`REMINDER_CODES`): what its reasons are told apart by
    later (:func:`split_reasons`)."""
    return [reason_key(r) for r in advice.reasons if r.code not in REMINDER_CODES]


def split_reasons(
    reasons: Iterable[Reason], logged: Iterable[str] | None
) -> tuple[tuple[Reason, ...], tuple[Reason, ...]]:
    """`reasons` (an entry's advice now) as (those it had when it was logged, those that
    arose since: an earlier day's next-morning answer, its own, given after it was logged),
    by the keys it kept then (`logged`, :func:`logged_reasons`). An entry stored before they
    were kept (`logged` None) reads as before: every reason as it had them then."""
    reasons = tuple(reasons)
    if logged is None:
        return reasons, ()
    then = frozenset(logged)
    return (
        tuple(r for r in reasons if reason_key(r) in then),
        tuple(r for r in reasons if reason_key(r) not in then),
    )


def because(
    advice: Advice,
    level: str | None = None,
    *,
    logged: Iterable[str] | None = None,
    coach: bool = False,
    now: Advice | None = None,
) -> str | None:
    """Why an entry's advice is what it is, in a few words beside it: EVERY reason that
    applied, the most urgent first ("because the pain rose to 6 from 2 on Tue 17 Nov, into
    the range above 5; pain 6 out of 10 is above the 5 the programme allows; the hip felt
    worse the next morning"), each naming its values and days as the runner can find them
    in the log (the week before a session by its dates, never "the week before"). None for
    a "carry on" with nothing behind it; a reminder (:data:`REMINDER_CODES`) is not behind it.

    `advice`: :func:`advise` about the entry; `level`: its stored advice, as judged from the
    entries logged up to it, by default the advice's own. Where the two differ (an entry
    logged since for an earlier day), the words say where each comes from, in a plain
    sentence (:func:`advice_since`): "going by the entries logged before it; with the entries
    logged since for earlier days counted too, the advice for it is now to carry on".

    `logged`: the reasons the entry had when it was logged (:func:`logged_reasons`; None for
    an entry stored before they were kept): those that arose since (a next-morning answer
    given after it) come after them, said so: "because pain 6 out of 10 is above the 5 the
    programme allows; added since it was logged: the hip felt worse the morning after Sun 29
    Nov".

    `coach`: in the coach's words, about the runner (:func:`for_the_coach`).

    `now`: where `advice` is the entry's advice read from the entries logged before it
    (:func:`as_logged`) and entries logged since for earlier days read it otherwise (another
    level, or other reasons: a rise "from 3 on Wed 18 Nov" that now rises from a day logged
    later), the advice read with those too. The words then say what the runner was told
    when it was logged, as that, and the reading now apart, never a reason of then as if it
    held now: "going by the entries logged before it, because ...; with the entries logged
    since for earlier days counted too, the advice for it is now to ease back, because ..."."""
    told = Level(level) if level is not None else advice.level
    if now is not None and advice.level is told and read_otherwise(advice, now):
        then = because(advice, level, logged=logged)
        said = "going by the entries logged before it" + (f", {then}" if then else "")
        text = f"{said}; {_read_again(now, advice)}"
        return for_the_coach(text) if coach else text
    if advice.level is not told:
        return advice_since(now if now is not None else advice)
    causes = [reason for reason in advice.reasons if reason.code not in REMINDER_CODES]
    if not causes:
        return None
    then, since = split_reasons(causes, logged)
    parts = []
    if then:
        parts.append("because " + _because_words(then))
    if since:
        # Each reason's words follow "because" ("of the warning sign on Wed 25 Nov"): after
        # "added since it was logged:" those that need it say so.
        words = _because_words(since, lead="because ")
        # "added since it was logged", never "since then": a reason added since may name an
        # earlier day (a weak leg back-dated before it), which "since then" would misdate.
        parts.append(("added since it was logged: " if then else "since it was logged: ") + words)
    text = "; ".join(parts)
    return for_the_coach(text) if coach else text


def logged_since_before(entries: Iterable[Entry], about: Entry) -> list[date]:
    """The days, oldest first, of the entries logged after `about` (one of `entries`) for an
    earlier day its advice reads (the :data:`RECENT_CARE_DAYS` days before it): what the
    runner had not logged when they read the advice after `about`. Every entry needs its
    `logged` time."""
    first = about.day - timedelta(days=RECENT_CARE_DAYS)
    return sorted(
        {
            entry.day
            for entry in entries
            if entry is not about
            and first <= entry.day < about.day
            and entry.logged is not None
            and about.logged is not None
            and entry.logged > about.logged
        }
    )


def read_again_words(now: Advice, then: Advice) -> str:
    """For the coach's card, after an entry's reasons as it was logged (`then`), where entries
    logged since for earlier days read it otherwise (:func:`read_otherwise`): "With the
    entries logged since for earlier days counted too, the advice for it is now to ease back,
    because pain 6 out of 10 is above the 5 the programme allows"."""
    text = _read_again(now, then)
    return for_the_coach(text[0].upper() + text[1:])


def _read_again(now: Advice, then: Advice) -> str:
    """ "with the entries logged since for earlier days counted too, the advice for it is now
    to ease back, because ...": every reason now; or, where it is the same advice and every
    reason of then still holds, "still to stop, now also because <the new ones>"."""
    still = (now.care, now.level) == (then.care, then.level)
    causes = [r for r in now.reasons if r.code not in REMINDER_CODES]
    before = {reason_key(r) for r in then.reasons if r.code not in REMINDER_CODES}
    lead = "with the entries logged since for earlier days counted too, the advice for it is"
    if still and before <= {reason_key(r) for r in causes}:
        new = [r for r in causes if reason_key(r) not in before]
        also = f", now also because {_because_words(new)}" if new else ""
        return f"{lead} still {advice_now_words(now)}{also}"
    return f"{lead} {'still' if still else 'now'} {advice_now_words(now)}" + (
        f", because {_because_words(causes)}" if causes else ""
    )


def read_otherwise(then: Advice, now: Advice) -> bool:
    """`now` (an entry's advice read with entries logged since for earlier days) says
    another thing than `then` (as it was read when logged): another level or care, or
    another reason behind it (a rise read from another day)."""
    if (then.care, then.level) != (now.care, now.level):
        return True
    keys = [reason_key(r) for r in then.reasons if r.code not in REMINDER_CODES]
    return keys != [reason_key(r) for r in now.reasons if r.code not in REMINDER_CODES]


#: What the advice for an entry is now, after "the advice for it is now" (:func:`advice_since`).
_ADVICE_NOW = {
    checker.Tier.EMERGENCY: "to stop and get emergency care",
    checker.Tier.URGENT: "to stop and see a doctor today",
    Level.STOP: "to stop and check the symptoms",
    Level.EASE_BACK: "to ease back",
    Level.CONTINUE: "to carry on",
}


def advice_now_words(advice: Advice) -> str:
    """What the advice is, after "the advice ... is" (:func:`advice_since`'s words): "to stop and
    see a doctor today", "to ease back"."""
    return _ADVICE_NOW[advice.care or advice.level]


def advice_since(advice: Advice) -> str:
    """Beside an entry's stored advice (judged from the entries logged before it), where the
    log read now gives another (`advice`: :func:`advise` about it, with the entries logged
    since for earlier days): where the stored one comes from and what the advice for it is
    now, the same words for the runner and the coach. Not "what the runner was told": where
    that was more (judged again since) the page says so beside it (`lowered_for_coach`)."""
    return (
        "going by the entries logged before it; with the entries logged since for earlier "
        f"days counted too, the advice for it is now {_ADVICE_NOW[advice.care or advice.level]}"
    )


#: The reasons that name each warning sign with its own reading (:func:`_warning_reason`).
_SIGN_BY_SIGN_CODES = frozenset({"warning_sign", "warning_sign_earlier"})


def _because_words(reasons: Iterable[Reason], *, lead: str = "") -> str:
    """The reasons' words after "because", most urgent first; `lead` put before those that
    only read after it ("of the warning sign ticked")."""
    reasons = tuple(reasons)
    if any(reason.code == "warning_signs_together" for reason in reasons):
        # The signs read together are the answer: "because of the warning sign ticked" beside
        # it would name the lesser reading of each.
        reasons = tuple(r for r in reasons if r.code not in _SIGN_BY_SIGN_CODES)
    ordered = sorted(reasons, key=lambda reason: -reason.level.rank)
    words = (_because(reason) for reason in ordered)
    return "; ".join(
        dict.fromkeys(f"{lead}{said}" if said.startswith("of ") else said for said in words)
    )


_MORNING_RANK = {Morning.BETTER: 0, Morning.SAME: 1, Morning.WORSE: 2}

#: The reasons about the day's warning signs, which advise_now words from every entry of the
#: day at once.
_DAY_SIGN_CODES = frozenset({"warning_sign", "warning_signs_together"})

#: Put before the sentence of a reason that came from an earlier entry of the same day.
EARLIER_THAT_DAY = "From an earlier entry that day"


@dataclass(frozen=True)
class DayAdvice(Advice):
    """The advice now (:func:`advise_now`): the latest day's, with what it was read from: the
    day, how many entries it has, its worst pain, its worst next-morning answer (None when no
    entry that day has one) and every warning sign ticked that day."""

    day: date | None = None
    entries: int = 0
    pain: int | None = None
    morning: Morning | None = None
    warning_signs: frozenset[str] = frozenset()

    @property
    def needs_a_look(self) -> bool:
        """True when the coach should look at the log: the runner was told to ease back or to
        stop. The same rules as the runner's advice, so coach and runner never disagree about
        whether anything is wrong."""
        return self.level is not Level.CONTINUE


class Judged:
    """One log's entries oldest first (:func:`chronological`, sorted once) and each entry's own
    advice (:func:`advise` about it), worked out at most once: the advice now, each listed
    day's advice and each listed entry's own advice all read the same entries' advice (the
    log's history asked :func:`advise` twice for most of them). Lives as long as the one
    reading of the log that makes it (a request), never longer: nothing of the log is kept
    beyond it. Pass it with that log (its `ordered`) to :func:`advise_now`,
    :func:`advise_current` and :func:`advice_by_day`."""

    def __init__(self, entries: Iterable[Entry], *, deleted: Iterable[Trace] = ()):
        self.ordered = chronological(entries)
        self.deleted = tuple(deleted)
        self._own: dict[int, tuple[Entry, Advice]] = {}

    def advise(self, about: Entry) -> Advice:
        """:func:`advise` about `about`, one of this log's entries: it reads only the entries
        before it, the same in the whole log as in any run of the log up to its day, so one
        answer serves them all."""
        found = self._own.get(id(about))
        if found is None or found[0] is not about:
            found = self._own[id(about)] = (
                about,
                _advise_ordered(self.ordered, about=about, deleted=self.deleted),
            )
        return found[1]


def _judged(entries: Iterable[Entry], judged: Judged | None) -> tuple[list, Judged | None]:
    """`entries` oldest first, and `judged` when they are its log or a run of it from its
    start (advice_by_day's), else None."""
    if judged is not None:
        ordered = entries if isinstance(entries, list) else list(entries)
        log = judged.ordered
        if len(ordered) <= len(log) and all(
            a is b for a, b in zip(ordered, log[: len(ordered)], strict=True)
        ):
            return ordered, judged
    return chronological(entries), None


@dataclass(frozen=True)
class _DaySigns:
    """The warning signs of the latest day of a log as :func:`advise_now` reads them."""

    #: The day's entries, oldest first; the last is the entry the advice is after.
    of_day: list
    #: Every sign ticked that day, and the day's worst pain.
    signs: frozenset
    pain: int
    #: The last entry's signs with its pain; the earlier entries' other signs with the worst
    #: pain of the entries that ticked them; both together.
    last_pains: dict
    earlier_pains: dict
    day_pains: dict
    #: The checker's reading of the day's signs together (with the day's worst pain), and of
    #: them with the days before's where that says more (:func:`_signs_over_days`) or None.
    triage: checker.Assessment | None
    over_days: tuple | None

    @property
    def care(self) -> checker.Tier | None:
        """The emergency care or doctor today the day's advice says (:attr:`Advice.care`)."""
        return _care_tier(self.over_days[0] if self.over_days is not None else self.triage)


def _day_signs(ordered: list[Entry]) -> _DaySigns:
    """:class:`_DaySigns` of the latest day of `ordered` (a log oldest first, not empty)."""
    day = ordered[-1].day
    of_day = [entry for entry in ordered if entry.day == day]
    last = of_day[-1]
    signs = frozenset().union(*(entry.warning_signs for entry in of_day))
    pain = max(entry.pain for entry in of_day)
    last_pains = dict.fromkeys(last.warning_signs, last.pain)
    earlier_pains: dict[str, int | None] = {}
    for entry in of_day[:-1]:
        for key in entry.warning_signs - last.warning_signs:
            earlier_pains[key] = max(earlier_pains.get(key, entry.pain), entry.pain)
    day_pains_ = {**earlier_pains, **last_pains}
    return _DaySigns(
        of_day=of_day,
        signs=signs,
        pain=pain,
        last_pains=last_pains,
        earlier_pains=earlier_pains,
        day_pains=day_pains_,
        # The checker reads every sign ticked that day together (with the day's worst pain):
        # two signs can call for more than either alone.
        triage=assess_signs(signs, pain=pain),
        over_days=_signs_over_days(ordered, day, signs, pain, day_pains_),
    )


def care_after_entry(entries: Iterable[Entry], about: Entry) -> checker.Tier | None:
    """The emergency care or doctor today that `about`'s day's advice said right after it
    was logged (:func:`told_after_entry`'s :attr:`Advice.care`), or None; read from the day's
    signs alone, without judging each entry's advice (what the delete step reads for every
    later entry with a sign: :func:`told_later_with`)."""
    return _day_signs(as_logged(entries, about)).care


def advise_now(
    entries: Iterable[Entry], *, judged: Judged | None = None, deleted: Iterable[Trace] = ()
) -> DayAdvice | None:
    """The advice the runner should follow now: about the latest day of the log (the day of
    :func:`latest`), from EVERY entry of that day, never only its last one. Each of the day's
    entries is judged by :func:`advise` (with the entries before it) and the most urgent
    advice wins, so a calmer entry logged later the same day never hides a "stop" or an
    "ease back" given by an earlier one. Equivalently it reads the day's worst pain, every
    warning sign ticked that day and the worst next-morning answer.

    The reasons are those of the day's last entry, then those of the earlier entries that
    add something (one per rule, newest first), each marked as coming from an earlier entry
    and naming what triggered it ("Pain of 8 out of 10..."); the warning signs of all the
    day's entries are listed together. None for an empty log. `judged`: the log these
    entries are (or begin) as a :class:`Judged`, whose entries' advice is read from it.
    `deleted`: as for :func:`advise` (a `judged` carries its own)."""
    deleted = judged.deleted if judged is not None else tuple(deleted)
    ordered, judged = _judged(entries, judged)
    if not ordered:
        return None
    day = ordered[-1].day
    read = _day_signs(ordered)
    of_day, last, signs, pain, triage = (
        read.of_day,
        read.of_day[-1],
        read.signs,
        read.pain,
        read.triage,
    )
    last_pains, earlier_pains, day_pains_ = read.last_pains, read.earlier_pains, read.day_pains
    # Each sign is named with its own reading (with the pain of the entry that ticked it);
    # the day's level is the most urgent, and what the signs call for only together is said
    # on its own (_together_reason).
    reasons: dict[str, Reason] = {}
    together = _together_reason(day_pains_, triage, pain) if signs else None
    together_tier = _together_tier(day_pains_, triage) if signs else None
    # The day's signs read with those of the days before (_signs_over_days): where they call
    # for more together, that is the day's reading.
    over_days = read.over_days
    if over_days is not None:
        triage, together_tier, earlier_days = over_days
        together = _over_days_reason(
            triage, together_tier, earlier_days, pain, own_signs=bool(signs)
        )
    if together is not None:
        # First: what the day's signs mean together, before each sign's own reading.
        reasons[together.code] = together
    if last_pains:
        reasons["warning_sign"] = _warning_reason(last_pains, together=together_tier)
    if earlier_pains:
        reason = _warning_reason(earlier_pains, code="warning_sign_earlier", together=together_tier)
        reasons["warning_sign_earlier"] = replace(reason, text=f"{EARLIER_THAT_DAY}: {reason.text}")
    for entry in reversed(of_day):
        own = (
            advise(ordered, about=entry, deleted=deleted)
            if judged is None
            else judged.advise(entry)
        )
        for reason in own.reasons:
            if reason.code in reasons or reason.code in _DAY_SIGN_CODES:
                continue
            if entry is not last:
                reason = replace(reason, text=f"{EARLIER_THAT_DAY}: {reason.text}")
            reasons[reason.code] = reason
    level = max(
        (reason.level for reason in reasons.values()), key=lambda lvl: lvl.rank, default=None
    )
    # An entry of this day that said stop or care was deleted: the day's advice said so.
    that_day = _deleted_that_day(deleted, day)
    if that_day is not None:
        reasons[that_day.code] = that_day
        level = Level.STOP
    if level is Level.STOP:
        # The day itself says stop: a reminder of an earlier stop adds nothing.
        reasons.pop("recent_stop", None)
    ordered_reasons = tuple(reasons.values())
    mornings = [entry.morning for entry in of_day if entry.morning is not None]
    return DayAdvice(
        level=level or Level.CONTINUE,
        reasons=ordered_reasons,
        triage=triage,
        day=day,
        entries=len(of_day),
        pain=pain,
        morning=max(mornings, key=_MORNING_RANK.__getitem__, default=None),
        warning_signs=signs,
    )


def advise_current(
    entries: Iterable[Entry], *, judged: Judged | None = None, deleted: Iterable[Trace] = ()
) -> DayAdvice | None:
    """The advice now as the runner's page and the coach's panel show it: the most cautious
    advice that still holds. That is :func:`advise_now` (the latest day's), unless an entry
    for an EARLIER day was logged after every entry of the latest day and its day's advice
    (:func:`advise_now` over the log up to the end of that day) is more urgent: ease back,
    stop, a doctor today or emergency care. Then the most urgent such day's advice.

    HipCare's choice, and why: what a runner logs is about their hip as they log it, not
    about the day they file it under. Pain 8 or "I can't put any weight on the leg", logged
    now for yesterday (from a zone behind, or back-dated), says how the hip is now; a calmer
    session logged BEFORE it in time, under a later day, says nothing about that, so it must
    not hide it: the page showed a red "stop" for the entry just logged and then a green
    "carry on" for the later day (fresh tester). Compared by when the entries were logged,
    not only by their day: once an entry of the latest day is logged after it, that day's
    advice is the advice now (the runner's latest word), with its reminders of an earlier
    stop or care (:data:`RECENT_CARE_DAYS`) as for any stop followed by a later session.
    None for an empty log. `judged`, `deleted`: as for :func:`advise_now`."""
    deleted = judged.deleted if judged is not None else tuple(deleted)
    ordered, judged = _judged(entries, judged)
    now = advise_now(ordered, judged=judged, deleted=deleted)
    if now is None or any(entry.logged is None for entry in ordered):
        return now
    last_of_latest = max(entry.logged for entry in ordered if entry.day == now.day)
    days = {entry.day for entry in ordered if entry.day < now.day and entry.logged > last_of_latest}
    found = now
    by_day = advice_by_day(ordered, days, judged=judged, deleted=deleted)
    for _day, advice in sorted(by_day.items(), reverse=True):
        if advice.urgency > found.urgency:
            found = advice
    return found


@dataclass(frozen=True)
class InForce:
    """The advice in force (:func:`advise_current`) and the entry that set it off: the
    entry of that advice's day at which the day's advice, read from its entries so far
    (:func:`advise_now`), first became as urgent as it is (weak leg then numbness: the
    second entry, whose own advice is only "a doctor today")."""

    advice: DayAdvice
    entry: Entry


def advice_in_force(
    entries: Iterable[Entry], *, judged: Judged | None = None, deleted: Iterable[Trace] = ()
) -> InForce | None:
    """What the runner is told now, and the entry that set it off (:class:`InForce`): what
    every view of the log, the runner's and the coach's, ranks, badges and leads with.
    None for an empty log. `judged`, `deleted`: as for :func:`advise_now`."""
    deleted = judged.deleted if judged is not None else tuple(deleted)
    ordered, judged = _judged(entries, judged)
    advice = advise_current(ordered, judged=judged, deleted=deleted)
    if advice is None:
        return None
    return InForce(advice, set_off_by(ordered, advice, judged=judged, deleted=deleted))


def as_logged(entries: Iterable[Entry], about: Entry) -> list[Entry]:
    """The log as it stood right after `about` (one of `entries`) was logged, oldest first
    (:func:`chronological`): the entries of its day or before that were logged no later than
    it. An entry logged since for an earlier day, or later the same day, is left out: it had
    not been written when the runner read the advice after `about`. Every entry needs its
    `logged` time."""
    return chronological(
        entry
        for entry in entries
        if entry is about or (entry.day <= about.day and entry.logged <= about.logged)
    )


def as_it_stood(entries: Iterable[Entry], about: Entry) -> list[Entry]:
    """The whole log as it stood right after `about` (one of `entries`) was logged, oldest
    first (:func:`chronological`): every entry logged no later than it, of any day. Unlike
    :func:`as_logged` it keeps the later days logged before a back-dated `about`, whose
    advice the runner's page read it into. Every entry needs its `logged` time."""
    return chronological(
        entry for entry in entries if entry is about or entry.logged <= about.logged
    )


def told_after_entry(
    entries: Iterable[Entry], about: Entry, *, deleted: Iterable[Trace] = ()
) -> DayAdvice:
    """What the runner was told right after logging `about` (one of `entries`): the advice
    their page showed then (:func:`advise_current` over the log as it stood:
    :func:`as_it_stood`). That is the advice of its day so far (:func:`advise_now` over
    :func:`as_logged`), so signs ticked in two entries that together call for more are said
    from the second on; or, for an entry back-dated under a later day already logged, that
    later day's advice where it is more urgent once `about` is read with it (a weak leg on
    27 Nov, then numbness logged for 25 Nov: emergency care, for 27 Nov). The one reading
    of "told after this entry": the coach's stop cards, the list's badge for them and the
    CSV's column all ask it. `deleted`: as for :func:`advise_now`."""
    return advise_current(as_it_stood(entries, about), deleted=deleted)


#: How urgent a stop is (:attr:`Advice.urgency`'s scale): what the runner is told at or
#: above it is never out of the coach's sight while it holds.
STOP_URGENCY = _TOLD_URGENCY[Level.STOP]


def set_off_by(
    entries: Iterable[Entry],
    advice: DayAdvice,
    *,
    judged: Judged | None = None,
    deleted: Iterable[Trace] = (),
) -> Entry:
    """The entry of `advice`'s day (one of `entries`, the log it was read from) that set it
    off: the first at which the day's advice so far (:func:`advise_now` over the log up to
    it) was as urgent as `advice`, so a later, calmer entry of the day is not named, nor an
    earlier one whose signs were only half of what the day's together call for.
    `judged`, `deleted`: as for :func:`advise_now`."""
    deleted = judged.deleted if judged is not None else tuple(deleted)
    ordered, judged = _judged(entries, judged)
    places = [place for place, entry in enumerate(ordered) if entry.day == advice.day]
    for place in places[:-1]:
        so_far = advise_now(ordered[: place + 1], judged=judged, deleted=deleted)
        if so_far.urgency >= advice.urgency:
            return ordered[place]
    return ordered[places[-1]]


def advice_by_day(
    entries: Iterable[Entry],
    days: Iterable[date],
    *,
    judged: Judged | None = None,
    deleted: Iterable[Trace] = (),
) -> dict[date, DayAdvice]:
    """The advice as it stands for each of `days` (that have an entry): :func:`advise_now`
    over the log up to the end of that day, so each day's advice reads every entry of that
    day, as the advice at the top of the log does for the latest day. What a listed entry is
    shown beside, so its own advice ("this entry on its own") is never read as the day's.
    `judged`, `deleted`: as for :func:`advise_now`."""
    deleted = judged.deleted if judged is not None else tuple(deleted)
    ordered, judged = _judged(entries, judged)
    wanted = set(days)
    advice: dict[date, DayAdvice] = {}
    for place, entry in enumerate(ordered):
        last_of_day = place + 1 == len(ordered) or ordered[place + 1].day != entry.day
        if entry.day in wanted and last_of_day:
            advice[entry.day] = advise_now(ordered[: place + 1], judged=judged, deleted=deleted)
    return advice


def morning_has_come(day: date, *, today: date) -> bool:
    """Whether the morning after `day` has come by `today`: the next-morning question is
    asked about a session's day from the next day on, never sooner."""
    return day < today


def morning_carriers(entries: Iterable) -> dict[date, object]:
    """Per day, the entry that carries the day's next-morning answer: the latest entry of the
    day that has one, else the day's latest entry (where the question is asked, once per day).
    Reads `day`, `morning` and, where there is one, `logged` (see :func:`chronological`)."""
    carriers: dict[date, object] = {}
    for entry in chronological(entries):
        current = carriers.get(entry.day)
        if current is None or entry.morning or not current.morning:
            carriers[entry.day] = entry
    return carriers


def mornings_due(entries: Iterable, *, today: date) -> list:
    """The entries whose day's next-morning question is due by `today`, most recent day
    first: each day's carrier (:func:`morning_carriers`) while it has no answer and the
    morning after its day has come (:func:`morning_has_come`)."""
    due = [
        entry
        for day, entry in morning_carriers(entries).items()
        if not entry.morning and morning_has_come(day, today=today)
    ]
    return sorted(due, key=lambda entry: entry.day, reverse=True)


def pain_rising(entries: Iterable[Entry]) -> bool:
    """True when the coach should look: the latest session day's pain (its highest,
    :func:`day_pains`) rose by :data:`STEEP_RISE` points or more over the session days before
    it, or is higher than the worst of the week before it (Silbernagel 2007: pain should not
    build from week to week). The day, not its last entry, as the runner's advice reads the
    whole day (:func:`advise_now`): a calmer entry logged after a high one does not hide it."""
    ordered = _ordered(entries)
    if not ordered:
        return False
    day = ordered[-1].day
    now = day_pains(entry for entry in ordered if entry.day == day)[day]
    rise = _rise(ordered, day=day, now=now)
    last_week = _last_week_worst(ordered, ordered[-1])
    return (rise is not None and rise.counts) or (last_week is not None and now > last_week)


def adherence(done: int, due: int) -> float | None:
    """Sessions done over sessions prescribed, as a fraction from 0 to 1 (more than prescribed
    still counts as 1). None when nothing was due. Raises ValueError on negative counts."""
    if done < 0 or due < 0:
        raise ValueError("counts cannot be negative")
    if due == 0:
        return None
    return min(done / due, 1.0)


# Sessions done and prescribed over a period: the one count behind the coach's "last two
# weeks" line and each week of the week-by-week table (coach's panel and runner's page alike).


def sessions_prescribed(per_week: int, days: int) -> int:
    """Sessions the dose prescribes over `days` whole days: `per_week` (the routine's sessions
    a week, routines/followup.py's sessions_per_week) shared out over the week's 7 days and
    rounded up to a whole session, so part of a week still asks for its share (3 a week over
    2 days: 1). 0 for no days. Raises ValueError on negative numbers."""
    if per_week < 0 or days < 0:
        raise ValueError("sessions a week and days cannot be negative")
    return -(-per_week * days // 7)


@dataclass(frozen=True)
class SessionCount:
    """Sessions done against sessions prescribed over a period of whole days.

    `first` and `last`: the first and last day counted (inclusive); `last` is today while the
    period is in progress. `period_days`: the days of the whole period (7 for a week, fewer for
    the week the routine was made in, which counts from that day). `done`: the days trained
    from `first` to `last` (entries on the same day count as one session, the pages' rule: a
    routine's "sessions a week" is about days trained). `prescribed`: :func:`sessions_prescribed`
    over the days counted."""

    first: date
    last: date
    period_days: int
    done: int
    prescribed: int

    @property
    def days(self) -> int:
        """Days counted so far, 0 when the period has not begun."""
        return max((self.last - self.first).days + 1, 0)

    @property
    def in_progress(self) -> bool:
        """Some of the period's days are still to come (the counts are "so far")."""
        return self.days < self.period_days

    @property
    def adherence(self) -> float | None:
        """:func:`adherence` of these counts: 0 to 1, None with nothing prescribed."""
        return adherence(self.done, self.prescribed)

    @property
    def percent(self) -> int | None:
        """:attr:`adherence` as a whole percentage (0 to 100), None with nothing prescribed."""
        share = self.adherence
        return None if share is None else round(share * 100)

    @property
    def more_than_prescribed(self) -> bool:
        """More sessions done than prescribed (:attr:`adherence` is capped at 1)."""
        return self.done > self.prescribed

    @property
    def met(self) -> bool:
        """Done as often as prescribed (nothing prescribed is not "met")."""
        return bool(self.prescribed) and self.done >= self.prescribed

    @property
    def label(self) -> str:
        """The counts as both audiences read them: "2 done of 3 prescribed"; "so far (4 of 7
        days)" while the period is in progress; the days of a shorter period ("(3 days)")."""
        text = f"{self.done} done of {self.prescribed} prescribed"
        if self.in_progress:
            return f"{text} so far ({self.days} of {self.period_days} days)"
        if self.period_days not in (0, 7):
            return f"{text} ({self.period_days} day{'' if self.period_days == 1 else 's'})"
        return text


def count_sessions(
    days_trained: Iterable[date], *, per_week: int, first: date, last: date, today: date
) -> SessionCount:
    """Sessions done and prescribed over the period `first` to `last` (inclusive), counted up
    to `today`: the days of `days_trained` (dates; a day listed twice is one session) from
    `first` to the earlier of `last` and `today`, against :func:`sessions_prescribed` for
    `per_week` sessions a week over those same days, so done and prescribed always cover the
    same days. A period that ends before `first` (a week before the routine was made) has no
    days."""
    until = min(last, today)
    period_days = max((last - first).days + 1, 0)
    days = max((until - first).days + 1, 0)
    done = len({day for day in days_trained if first <= day <= until})
    return SessionCount(
        first=first,
        last=until,
        period_days=period_days,
        done=done,
        prescribed=sessions_prescribed(per_week, days),
    )


def ready_to_progress(
    entries: Iterable[Entry], *, sessions_done: int, sessions_due: int, today: date
) -> bool:
    """Whether the last two weeks (the 14 days up to `today`) earn the next step: at least 80 %
    of the prescribed sessions done, every session's pain 3 or less, no worse morning and no
    warning sign. Needs at least one session in the window. `sessions_done` counts days
    trained (routines/followup.py: several entries on one day are one session); the pain,
    morning and warning-sign checks read every entry."""
    first = today - timedelta(days=PROGRESSION_WINDOW_DAYS - 1)
    window = [entry for entry in entries if first <= entry.day <= today]
    share = adherence(sessions_done, sessions_due)
    return bool(
        window
        and share is not None
        and share >= PROGRESSION_ADHERENCE
        and all(entry.pain <= PROGRESSION_PAIN_MAX for entry in window)
        and all(entry.morning is not Morning.WORSE for entry in window)
        and not any(entry.warning_signs for entry in window)
    )


# The handout's box: every rule of the advice in plain words (routines/_sheet.html).

#: Sources by key, as the handout's box names them in a few words (the full references are
#: :data:`SOURCES`).
SOURCE_NAMES: dict[str, str] = {
    "silbernagel-2007": "Silbernagel 2007",
    "thomee-1997": "Thomeé 1997",
    "mellor-2018": "Mellor et al. 2018",
    "symptom-checker": "the symptom checker",
    "hipcare": "HipCare's own rule",
}

#: The warning signs the box names as examples, in a few words, by key of :data:`WARNING_SIGNS`:
#: signs the checker's rules alone send to no one sooner than the box's "stop and answer the
#: symptom checker" (a professional in a week or two). A sign that means emergency care or a
#: doctor today (a temperature with a painful hip is an emergency) is never an example of
#: "stop": the log says that at once for an entry that ticks one (:data:`CARE_AT_ONCE`), and
#: the printed sheet lists the emergencies under the number to call, with the pain each needs
#: (routine_sheet.care_signs, WarningSign.emergency_from, emergency_pairs).
_SIGN_EXAMPLES = {
    "night_or_rest_pain": "night pain",
    "swollen": "a swollen hip",
}


@dataclass(frozen=True)
class Rule:
    """One line of the handout's box: `text` the rule in plain words, from the same constants
    as :func:`advise`; `codes` the reasons of the advice it describes (:class:`Reason`'s
    codes), at `level`; its sources those reasons cite (:data:`REASON_SOURCES`)."""

    level: Level
    codes: tuple[str, ...]
    text: str

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(key for code in self.codes for key in REASON_SOURCES[code]))


def _or_list(words: Iterable[str]) -> str:
    """ "a, b or c"."""
    *rest, last = words
    return f"{', '.join(rest)} or {last}" if rest else last


_WEEK_BACK = sorted((date.max - day).days for day in _week_before(date.max))

#: Every rule of :func:`advise` (and :func:`advise_now`) that can give "ease back" or "stop",
#: each a line of the handout's box (tests/routines/test_pain_box.py holds every such reason
#: of the advice to a line here, at its level and with its sources).
RULES: tuple[Rule, ...] = (
    Rule(Level.EASE_BACK, ("above_acceptable",), f"the pain goes above {ACCEPTABLE_MAX}"),
    Rule(
        Level.EASE_BACK,
        ("rising",),
        f"rises {STEEP_RISE} or more over the lower of your last two session days",
    ),
    Rule(
        Level.EASE_BACK,
        ("higher_than_last_week",),
        "tops your worst of the week before ({}-{} days back)".format(*_WEEK_BACK),
    ),
    Rule(
        Level.EASE_BACK,
        ("worse_morning", "worse_morning_before"),
        "the hip is worse the next morning (and the next session)",
    ),
    Rule(Level.STOP, ("severe_pain",), f"the pain reaches {SEVERE_PAIN} or more"),
    Rule(
        Level.STOP,
        ("steep_rise",),
        f"a rise of {STEEP_RISE} or more takes it above {ACCEPTABLE_MAX}",
    ),
    Rule(
        Level.STOP,
        ("warning_sign", "warning_sign_earlier", "warning_signs_together"),
        f"you tick a warning sign on the log, such as {_or_list(_SIGN_EXAMPLES.values())}",
    ),
    Rule(
        Level.STOP,
        ("recent_care", "deleted_that_day"),
        f"for {RECENT_CARE_DAYS} days after a warning sign, until the hip is checked",
    ),
)

#: What is allowed, the box's first line (with the sources of the rule on pain above it): true
#: only as far as no rule below says otherwise (pain 4 above last week's worst eases back).
ALLOWED = (
    f"Pain up to {ACCEPTABLE_MAX} (of 10) in or after the exercises is acceptable if settled "
    "by the next morning, unless a rule below says otherwise."
)
#: The box's line after its rules: one entry is enough for the log to pass on the symptom
#: checker's emergency (:data:`CARE_TIERS`, :attr:`Advice.care`) at once, in the advice's own
#: words, for signs alone or read together (:func:`_together_reason`). Short: the one-page
#: sheet has to fit A4 and US Letter (tests/routines/test_handout_pdf.py).
CARE_AT_ONCE = f"One log entry can say “{CARE_TIERS[0].label}” at once."
#: The sources of :data:`CARE_AT_ONCE`: those of a warning sign's reason.
CARE_AT_ONCE_SOURCES = REASON_SOURCES["warning_sign"]
#: What each level asks, as the box leads into its rules.
BOX_LEADS = {
    Level.EASE_BACK: "Ease back (do less, or easier) if:",
    Level.STOP: "Stop, answer the symptom checker and tell your coach if:",
}
