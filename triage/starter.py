"""Pick a short starter routine from the exercise catalogue for a runner's answers.

Pure Python: the view turns published exercises into :class:`Candidate` objects and passes them
in. This module does not decide *whether* exercises should be offered at all; that is
``Assessment.offers_exercises`` in :mod:`triage.rules`, which the view must check first (no
routine for emergency or urgent results). Given answers, :func:`starter_routine` always
proposes a routine.

How the routine is chosen
-------------------------
1. Safety filter (:func:`unsafe_reasons`). A move never goes in a routine when the answers make
   it unsafe: when standing or walking hurts (or the answer isn't known), anything that loads
   a sore leg (every standing move, a step or box, dumbbells, advanced moves); when the hip
   feels unstable (yes or not sure), every move that holds the weight on one leg
   (:func:`holds_weight_on_one_leg`, the outer-hip filter's test) and all step work
   (:func:`unstable_hip_reason`); when pregnant or
   possibly pregnant, lying on the back or front (NHS, exercise in pregnancy); for pain on the
   outer side of the hip, the moves :data:`OUTER_HIP_CAUTION` names (they press on the gluteal
   tendons, which NHS physiotherapy leaflets on gluteal tendinopathy advise against) and every
   move that holds the weight on one leg (:func:`holds_weight_on_one_leg`).
2. Location fit. ``front_groin``, ``outer_side`` and ``back_buttock`` match candidates tagged
   with that location; ``deep_inside`` uses ``front_groin`` moves; ``diffuse`` draws evenly from
   all three.
3. Preference. Beginner and intermediate moves that fit the location come first. Advanced moves
   and moves for other locations are only used to reach ``size_min``.
4. Mix. Strength moves and stretch/mobility moves are taken in turn, so the routine has at least
   one of each whenever the catalogue has one. Within a kind, the move for the area covered
   least so far comes first, so a ``diffuse`` routine spreads over all three areas.
5. Order. The result lists strength moves first, then mobility, then stretches, each in the
   order they were picked. Every choice is broken by level, then name, then slug, so the same
   answers and catalogue always give the same routine, whatever order the catalogue is in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from exercises.dosing import PAINFUL_SIDE_ONLY
from triage.rules import Answers, Location, Pregnancy, Sign, WeightBearing, pregnancy_of

__all__ = [
    "OUTER_HIP_CAUTION",
    "EQUIPMENT",
    "CAUTIONS",
    "Caution",
    "MoveCaution",
    "cautions_for",
    "KINDS",
    "LEVELS",
    "POSITIONS",
    "ROUTINE_LOCATIONS",
    "Candidate",
    "holds_weight_on_one_leg",
    "painful_side_only",
    "safe_for_limited_weight_bearing",
    "unsafe_reasons",
    "unstable_hip_reason",
    "weight_on",
    "ONE_LEG",
    "ON_A_STEP",
    "starter_routine",
    "target_locations",
]

KINDS = ("strength", "stretch", "mobility")
POSITIONS = (
    "standing",
    "kneeling",
    "lying_back",
    "lying_front",
    "side_lying",
    "sitting",
    "all_fours",
)
LEVELS = ("beginner", "intermediate", "advanced")
#: The locations exercises are tagged with (the checker's other two answers map onto these).
ROUTINE_LOCATIONS = (
    Location.FRONT_GROIN.value,
    Location.OUTER_SIDE.value,
    Location.BACK_BUTTOCK.value,
)
EQUIPMENT = ("mat", "resistance-band", "step-or-box", "dumbbells", "chair", "bench", "wall")

_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
_KIND_ORDER = {"strength": 0, "mobility": 1, "stretch": 2}


@dataclass(frozen=True)
class Caution:
    """Moves the sources advise against for pain in one place: which, why, and where from.

    ``moves`` maps each exercise slug to what it does that the sources warn about."""

    location: Location
    reason: str
    sources: tuple[str, ...]
    moves: dict[str, str]
    #: Positions (:data:`POSITIONS` names) of the moves it keeps only on one side: the painful
    #: side, lying on the other one. Their dose says so (``one_side_words``) in place of
    #: "on each side", and their steps leave out turning over.
    one_side_positions: frozenset[str] = frozenset()
    one_side_words: str = ""
    #: Why moves that hold the body's weight on one leg (:func:`holds_weight_on_one_leg`) are
    #: left out too, in a few words, for a move done one side at a time (``one_leg``) and for
    #: step work on both feet (``on_step``); empty: they are not (:meth:`one_leg_reason`).
    one_leg: str = ""
    on_step: str = ""
    #: `reason` in fewer words, for the printed answer (it must still fit one sheet): what the
    #: routine leaves out and keeps to one side, and what to do when both hips hurt.
    reason_on_paper: str = ""

    def one_leg_reason(self, candidate: Candidate) -> str:
        """Why this caution leaves the move out for holding the weight on one leg, in the
        words that fit what the move asks (:func:`weight_on`); "" when it doesn't."""
        return {ONE_LEG: self.one_leg, ON_A_STEP: self.on_step}.get(weight_on(candidate), "")


#: Pain on the outer side of the hip. The articles name gluteal tendinopathy as a common cause
#: there (managing-hip-pain); the NHS leaflets on it say the tendons are irritated by being
#: pressed against the bone: the thigh drawn in across the body (legs crossed), the weight
#: hung on one hip, lying on the sore side. One article lists the IT band stretch for hip pain
#: in general (hip-pain-and-running) while the leaflets warn against drawing the leg across;
#: the more careful advice wins, so these moves are never in a routine for outer-hip pain.
OUTER_HIP_CAUTION = Caution(
    location=Location.OUTER_SIDE,
    reason=(
        "Pain on the outer hip often comes from the gluteal tendons, and NHS physiotherapy "
        "leaflets on that problem say pressing those tendons against the bone keeps them "
        "sore: drawing the thigh in across the body, letting your weight hang on one hip, or "
        "lying on the painful side. The starter routine for this pain leaves out moves that "
        "do that, and has the moves done lying on one side worked on the painful leg only, "
        "lying on the side that doesn't hurt. If both hips hurt, leave those moves out."
    ),
    sources=("managing-hip-pain", "rnoh-gluteal-tendinopathy", "south-tees-gluteal-tendinopathy"),
    moves={
        "iliotibial-band-stretch": "it eases the top knee down across the body",
        "knee-hug-stretch": "it draws the knee across the body",
        "side-lunge": "it shifts your weight sideways onto one hip",
        "side-plank": "it holds you up on the side of the lower hip",
        "clam-raise": "it holds you up on the side of the lower hip",
    },
    # A move done lying on one side (a clamshell) works the leg on top. Lying on the side that
    # doesn't hurt works the painful leg; turning over for the other leg would mean lying on
    # the painful side, which the leaflets advise against. managing-hip-pain lists clamshells
    # for gluteal tendon pain, so the move stays, for the painful leg only. With pain in both
    # hips there is no side to lie on that doesn't hurt: the reason says to leave them out.
    one_side_positions=frozenset({"side_lying"}),
    one_side_words=PAINFUL_SIDE_ONLY,
    # Standing on one leg is what lets the weight hang on that hip (the leaflets), and
    # managing-hip-pain lists pain standing on one leg among gluteal tendinopathy's signs: every
    # move that holds the weight on one leg is left out, whatever its name, so the routine
    # does what the reason says. Two-legged moves (a squat, a glute bridge) take their place.
    one_leg="it holds your weight on one leg",
    # Step work on both feet is left out with them (holds_weight_on_one_leg counts every step
    # move), and the reason says what it asks, not a leg it doesn't stand on.
    on_step="it has you balance on a step or box",
    reason_on_paper=(
        "Moves that press on the gluteal tendons are left out, and moves lying on one side are "
        "for the painful leg only. If both hips hurt, leave those moves out."
    ),
)


#: Every caution of the checker's: moves it leaves out for pain in one place. The catalogue's
#: "Suits pain in" never names that place for them (tests/exercises/test_catalogue_cautions.py),
#: and the exercise page and the builder show the caution (:func:`cautions_for`).
CAUTIONS: tuple[Caution, ...] = (OUTER_HIP_CAUTION,)

#: How a caution's place is said to a runner or a coach.
CAUTION_PLACES = {Location.OUTER_SIDE: "outer-hip pain"}


@dataclass(frozen=True)
class MoveCaution:
    """What one caution says of one move: with pain in `place` ("outer-hip pain"), leave it
    out (`avoid`, why in `why`), or do it on the painful side only (`one_side`, in
    `one_side_words`); `sources` the caution's (Source slugs)."""

    place: str
    sources: tuple[str, ...]
    why: str = ""
    one_side_words: str = ""
    #: Left out at first (the starter routine) for holding the weight on one leg, in a few
    #: words (:meth:`Caution.one_leg_reason`): the move may still suit that pain later.
    not_at_first: str = ""
    #: The pain location it is about (a :class:`Location` value, as the catalogue's pain
    #: locations are slugged: "outer_side").
    location: str = ""

    @property
    def avoid(self) -> bool:
        return bool(self.why)

    @property
    def one_side(self) -> bool:
        """Whether it keeps the move for that pain, on the painful side only (its
        `one_side_words`), rather than leaving it out (`avoid`, `not_at_first`)."""
        return bool(self.one_side_words) and not self.avoid and not self.not_at_first

    @property
    def lead(self) -> str:
        """What it says in a few words, before its :attr:`short`: "Not for outer-hip pain",
        "Not at first with outer-hip pain" or "With outer-hip pain"."""
        if self.avoid:
            return f"Not for {self.place}"
        if self.not_at_first:
            return f"Not at first with {self.place}"
        return f"With {self.place}"

    @property
    def short(self) -> str:
        """The caution in one sentence after its :attr:`lead`, for a card (the builder's, the
        catalogue's): why, and what the symptom checker does with the move for that pain."""
        if self.avoid:
            return f"{self.why}, and the symptom checker leaves it out for that pain."
        if self.not_at_first:
            return (
                f"{self.not_at_first}, so the symptom checker's starter routine leaves it out "
                "for that pain; bring it in once the pain has settled."
            )
        return f"do this {self.one_side_words}."

    @property
    def runner_lead(self) -> str:
        """Who :attr:`to_runner` is for, in the runner's words: "If you have outer-hip pain"."""
        return f"If you have {self.place}"

    @property
    def to_runner(self) -> str:
        """The caution for the runner, after :attr:`lead` on their sheet (the shared page, the
        printed handout, its PDF): what to do with this move if their pain is there, and to
        tell their coach, who chose it. A few words: the handout must not grow a page for it."""
        if self.avoid:
            return f"leave this one out ({self.why}) and tell your coach."
        if self.not_at_first:
            return (
                f"leave this one out for now ({self.not_at_first}) and tell your coach; "
                "it may suit you once the pain has settled."
            )
        return (
            f"do this {self.one_side_words}. If both hips hurt, leave it out. Either way, "
            "tell your coach."
        )

    @property
    def to_runner_on_paper(self) -> str:
        """:attr:`to_runner` in fewer words, for the printed handout and its PDF (a line or
        less on the card: the handout must not grow a page for it): what to do, not why."""
        if self.avoid:
            return "leave this one out and tell your coach."
        if self.not_at_first:
            return "leave this one out for now and tell your coach."
        return f"do this {self.one_side_words} (both hips: leave it out) and tell your coach."

    @property
    def caveat(self) -> str:
        """A few words said beside the pain location where a page lists it among the pains
        the move suits ("Suits pain in: Outer hip (not at first: ...)")."""
        if self.avoid:
            return "not for this pain"
        if self.not_at_first:
            return "not at first"
        # Not the caution's own words again: a page says each instruction once
        # (tests/exercises/test_exercise_page_once.py).
        return "the painful side only"


def cautions_for(
    slug: str,
    position: str,
    *,
    unilateral: bool = False,
    kind: str = "",
    equipment: Iterable[str] = (),
) -> tuple[MoveCaution, ...]:
    """The cautions the checker has for the move `slug` done in `position`: a move it leaves
    out for pain in a place (:attr:`Caution.moves`), one it keeps to the painful side there
    (:attr:`Caution.one_side_positions`), or (given its `unilateral`, `kind` and `equipment`
    tags) one it leaves out at first for holding the weight on one leg
    (:func:`holds_weight_on_one_leg`, ``not_at_first``). The catalogue may list that pain among
    those such a move suits: managing-hip-pain lists one-leg moves (the running man) for gluteal
    tendon pain once it has settled, while the NHS leaflets and the same article's signs (pain
    standing on one leg) keep them out of a first routine. Its page and the builder say so."""
    candidate = Candidate(
        slug, "", kind, position, unilateral, False, "", frozenset(), frozenset(equipment)
    )
    found = []
    for caution in CAUTIONS:
        place, where = CAUTION_PLACES[caution.location], caution.location.value
        if slug in caution.moves:
            found.append(
                MoveCaution(place, caution.sources, why=caution.moves[slug], location=where)
            )
        elif position in caution.one_side_positions:
            found.append(
                MoveCaution(
                    place, caution.sources, one_side_words=caution.one_side_words, location=where
                )
            )
        elif reason := caution.one_leg_reason(candidate):
            found.append(MoveCaution(place, caution.sources, not_at_first=reason, location=where))
    return tuple(found)


def unless_words(cautions: Iterable[MoveCaution], *, runner: bool = True) -> str:
    """The words a move's steps and dose add where they send the runner to the other side
    while a caution (`cautions`, :func:`cautions_for`'s) keeps the move to the painful side for
    pain somewhere (:attr:`MoveCaution.one_side`): "on each side" holds only without that
    pain: "unless you have outer-hip pain" (`runner`), "unless the runner has outer-hip pain"
    (for the coach). "" without such a caution: a caution that leaves the move out for a pain
    (`avoid`, `not_at_first`) says so itself, and "each side (unless you have outer-hip
    pain)" beside "leave this one out" would say the move is done on one side with it."""
    places = list(dict.fromkeys(caution.place for caution in cautions if caution.one_side))
    if not places:
        return ""
    who = "you have" if runner else "the runner has"
    return f"unless {who} {' or '.join(places)}"


@dataclass(frozen=True)
class Candidate:
    """An exercise as the routine picker sees it."""

    slug: str
    name: str
    kind: str
    position: str
    unilateral: bool
    loadable: bool
    level: str
    locations: frozenset[str]
    equipment: frozenset[str]

    @property
    def is_strength(self) -> bool:
        return self.kind == "strength"


def target_locations(location: str) -> tuple[str, ...]:
    """The exercise locations that suit a pain location, in round-robin order."""
    loc = Location(location)
    if loc is Location.DIFFUSE:
        return ROUTINE_LOCATIONS
    if loc is Location.DEEP_INSIDE:
        return (Location.FRONT_GROIN.value,)
    return (loc.value,)


def safe_for_limited_weight_bearing(candidate: Candidate) -> bool:
    """False for moves that load a leg the runner can't yet stand on comfortably.

    Any standing move puts body weight through the sore hip (a squat as much as a single-leg
    move), so while standing hurts the routine keeps to lying, sitting, kneeling and all-fours
    work, with no weights and nothing advanced.
    """
    if candidate.position == "standing":
        return False
    if "step-or-box" in candidate.equipment or "dumbbells" in candidate.equipment:
        return False
    return candidate.level != "advanced"


#: Positions where a one-sided strength move has the body's weight on the working leg's foot:
#: rising from a seat on one leg, a bridge held up on one leg (lying on the back).
_ON_ONE_FOOT_FROM = frozenset({"sitting", "lying_back"})


def holds_weight_on_one_leg(candidate: Candidate) -> bool:
    """Whether the move carries the body's weight on one leg, read from its catalogue tags:
    done one side at a time standing (on one leg, or with one foot well ahead of or behind
    the other), a one-sided strength move from a seat or a bridge (the weight on the
    working foot), or anything on a step or box."""
    if "step-or-box" in candidate.equipment:
        return True
    if not candidate.unilateral:
        return False
    return candidate.position == "standing" or (
        candidate.is_strength and candidate.position in _ON_ONE_FOOT_FROM
    )


#: What a move that holds the weight on one leg asks (:func:`weight_on`): to stand on one leg
#: (a move done one side at a time), or to balance on a step or box (step work on both feet).
ONE_LEG, ON_A_STEP = "one_leg", "on_a_step"


def weight_on(candidate: Candidate) -> str:
    """:data:`ONE_LEG` for a move done one side at a time that holds the weight on one leg,
    :data:`ON_A_STEP` for step work on both feet, "" for a move that doesn't hold the weight
    on one leg (:func:`holds_weight_on_one_leg`): what a reason for leaving it out names."""
    if candidate.unilateral and holds_weight_on_one_leg(candidate):
        return ONE_LEG
    if "step-or-box" in candidate.equipment:
        return ON_A_STEP
    return ""


#: Why a hip that may give way leaves a move out: what the move asks of it.
UNSTABLE_HIP_ONE_LEG = "it asks a hip that may give way to hold you on one leg"
UNSTABLE_HIP_STEP = "it asks a hip that may give way to balance on a step or box"


def unstable_hip_reason(candidate: Candidate) -> str:
    """Why a routine for a hip that may give way leaves this move out; "" when it keeps it.

    Every move that holds the weight on one leg, by the same reading of the tags as the
    outer-hip filter (:func:`holds_weight_on_one_leg`: a single-leg bridge or a rise from a
    seat on one leg as much as standing on one leg, whatever the move is called), and all
    step work. The reason names what the move asks: one leg for a move done one side at a
    time, the step or box for one done on both feet (:func:`weight_on`)."""
    return {ONE_LEG: UNSTABLE_HIP_ONE_LEG, ON_A_STEP: UNSTABLE_HIP_STEP}.get(
        weight_on(candidate), ""
    )


def unsafe_reasons(candidate: Candidate, answers: Answers) -> tuple[str, ...]:
    """Why these answers make this move unsafe, in a few words each; empty when it is safe.

    Unknown answers count against the move: a routine is only ever offered for what the runner
    has told us.
    """
    reasons = []
    if answers.weight_bearing is not WeightBearing.FULL and not safe_for_limited_weight_bearing(
        candidate
    ):
        reasons.append("it loads a leg that hurts to stand on")
    if answers.instability in (Sign.YES, Sign.UNSURE, None) and unstable_hip_reason(candidate):
        reasons.append(unstable_hip_reason(candidate))
    if pregnancy_of(answers) in (Pregnancy.PREGNANT, Pregnancy.POSSIBLY_PREGNANT, None) and (
        candidate.position in ("lying_back", "lying_front")
    ):
        reasons.append("it is done lying on your back or front")
    if answers.location is OUTER_HIP_CAUTION.location and candidate.slug in OUTER_HIP_CAUTION.moves:
        reasons.append(OUTER_HIP_CAUTION.moves[candidate.slug])
    elif answers.location is OUTER_HIP_CAUTION.location and OUTER_HIP_CAUTION.one_leg_reason(
        candidate
    ):
        reasons.append(OUTER_HIP_CAUTION.one_leg_reason(candidate))
    return tuple(reasons)


def painful_side_only(candidate: Candidate, answers: Answers) -> bool:
    """Whether a routine for these answers has this move done on the painful side only, lying
    on the other side (:attr:`Caution.one_side_positions`), instead of on each side."""
    return (
        answers.location is OUTER_HIP_CAUTION.location
        and candidate.position in OUTER_HIP_CAUTION.one_side_positions
    )


def _sort_key(candidate: Candidate) -> tuple[int, str, str]:
    return (_LEVEL_RANK.get(candidate.level, len(LEVELS)), candidate.name, candidate.slug)


def _pick(
    chosen: list[Candidate],
    pool: Sequence[Candidate],
    targets: tuple[str, ...],
    up_to: int,
) -> list[Candidate]:
    """Add candidates from ``pool`` to ``chosen`` one at a time until it holds ``up_to``.

    Each turn takes the kind the routine has fewer of (strength on a tie), and among that kind
    the move whose target area is least covered so far (this is what balances a ``diffuse``
    routine), then the easiest level, then name and slug. If the pool has none of the wanted
    kind, the other kind is used.
    """
    chosen = list(chosen)
    taken = {c.slug for c in chosen}
    remaining = sorted((c for c in pool if c.slug not in taken), key=_sort_key)
    while remaining and len(chosen) < up_to:
        strength_count = sum(c.is_strength for c in chosen)
        want_strength = strength_count <= len(chosen) - strength_count
        options = [c for c in remaining if c.is_strength == want_strength] or remaining
        coverage = Counter(loc for c in chosen for loc in c.locations if loc in targets)

        def need(c: Candidate, coverage: Counter[str] = coverage) -> tuple[int, int, str, str]:
            hits = [coverage[loc] for loc in targets if loc in c.locations]
            return (min(hits) if hits else len(chosen) + 1, *_sort_key(c))

        best = min(options, key=need)
        chosen.append(best)
        remaining.remove(best)
    return chosen


def starter_routine(
    answers: Answers,
    candidates: Iterable[Candidate],
    *,
    size_min: int = 4,
    size_max: int = 6,
) -> tuple[Candidate, ...]:
    """Choose ``size_min`` to ``size_max`` exercises for these answers.

    Returns fewer than ``size_min`` only when the catalogue doesn't have enough safe moves.
    Does not check whether exercises should be offered at all (see the module docstring).
    """
    if not 0 < size_min <= size_max:
        raise ValueError("need 0 < size_min <= size_max")

    # One candidate per slug (the easiest, then first by name, if the caller repeats a slug).
    unique: dict[str, Candidate] = {}
    for candidate in sorted(candidates, key=_sort_key):
        unique.setdefault(candidate.slug, candidate)
    pool = [c for c in unique.values() if not unsafe_reasons(c, answers)]

    targets = target_locations(answers.location or Location.DIFFUSE)

    def fits(c: Candidate) -> bool:
        return bool(c.locations.intersection(targets))

    def advanced(c: Candidate) -> bool:
        return c.level == "advanced"

    preferred = [c for c in pool if fits(c) and not advanced(c)]
    fallbacks = (
        [c for c in pool if fits(c) and advanced(c)],
        [c for c in pool if not fits(c) and not advanced(c)],
        [c for c in pool if not fits(c) and advanced(c)],
    )

    chosen = _pick([], preferred, targets, size_max)
    for fallback in fallbacks:
        chosen = _pick(chosen, fallback, targets, size_min)

    chosen = _ensure_both_kinds(chosen, [preferred, *fallbacks], targets, size_max)
    position = {c.slug: i for i, c in enumerate(chosen)}
    return tuple(sorted(chosen, key=lambda c: (_KIND_ORDER.get(c.kind, 9), position[c.slug])))


def _ensure_both_kinds(
    chosen: list[Candidate],
    pools: list[list[Candidate]],
    targets: tuple[str, ...],
    size_max: int,
) -> list[Candidate]:
    """Make sure a strength move and a stretch/mobility move are both present if possible."""
    for want_strength in (True, False):
        if any(c.is_strength == want_strength for c in chosen):
            continue
        taken = {c.slug for c in chosen}
        replacement = None
        for pool in pools:  # best pool first: fitting beats non-fitting
            options = [c for c in pool if c.is_strength == want_strength and c.slug not in taken]
            if options:
                replacement = _pick([], options, targets, 1)[0]
                break
        if replacement is None:
            continue
        # Add it if there is room; otherwise it takes the place of the last (weakest) pick.
        keep = chosen if len(chosen) < size_max else chosen[:-1]
        chosen = [*keep, replacement]
    return chosen
