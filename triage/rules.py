"""Red-flag triage for runners with hip pain.

Pure Python on purpose: no Django here, so the policy can be read, reviewed and tested on its
own. The symptom checker's form is built from the choice tuples and bounds below, turns the
runner's answers into an :class:`Answers`, and calls :func:`assess`.

The policy
----------
Every rule in :data:`RULES` is checked. The assessment's tier is the most urgent tier among the
rules that matched (``emergency`` > ``urgent`` > ``see_professional`` > ``self_care``); when no
rule matches the tier is ``self_care``. All matching rules are reported, not just the ones that
set the tier, so the runner sees every reason. Where sources disagree on a red flag, a rule
takes the more urgent advice (rule the dangerous cause out first).

Every rule either raises the tier above ``self_care`` or, at the ``self_care`` tier, holds the
starter routine back (:attr:`Rule.no_exercises`) and says when to check again
(:attr:`Rule.check_again_when`): a temperature with no hip pain is still looked after at home,
but with rest, not exercises.

Unanswered questions
--------------------
Any answer may be ``None``: not asked yet. A rule's condition is read in three-valued logic
(true, false, or unknown until more is answered), so :func:`assess` knows both the tier the
answers so far already call for (:attr:`Assessment.tier`) and the most urgent tier the missing
answers could still lead to (:attr:`Assessment.highest_possible`). More answers can only add
rules, never take one away (one exception: a temperature counts as one with hip pain until a
pain score of 0 is given beside it, on the same step, with no other answer that says the hip
hurts, which swaps the emergency for the self-care rule that says to rest first), so an
emergency is decided as soon as
one emergency rule fires, and "see a doctor today" as soon as an urgent rule fires and no
unanswered question could still make it an emergency (:attr:`Assessment.decided`).

An emergency is also decided when the answers given make it certain: when every answer the
missing questions could get leads to an emergency rule, :func:`assess` says so at once rather
than waiting for a question that can't change the advice (see "An emergency the missing
answers can't change" below).

"Not sure"
----------
Every yes/no sign takes yes, no or not sure (:class:`Sign`). Each rule says how "not sure"
counts (:attr:`Rule.unsure_tier`): for red flags it counts as yes, or as the next tier down
where the rule says so; it never counts for less than "no" would.

Each rule names the sources it rests on by slug; the slugs are those of the catalogue's
``Source`` table (the four articles in ``shared/sources`` plus the clinical guidance pages in
:data:`CITATIONS`). All text here is HipCare's own wording: the facts come from the sources,
the sentences do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from copy import copy as _copy
from dataclasses import dataclass, field, fields, replace
from enum import IntEnum, StrEnum
from functools import cache
from typing import NamedTuple, TypeVar

__all__ = [
    "PAIN_ONLY_QUESTIONS",
    "PREGNANCY_AGES",
    "action_for",
    "applies",
    "only_asked",
    "for_a_child",
    "pregnancy_of",
    "AGE_CONFIRM_FROM",
    "AGE_MAX",
    "AGE_MIN",
    "ARTICLE_CITATIONS",
    "ARTICLE_SOURCES",
    "CHILD_AGE_UNDER",
    "CITATIONS",
    "COME_BACK_IF",
    "FALL_RISK_AGE",
    "NOT_A_WARNING",
    "NOT_A_WARNING_UNSURE",
    "QUESTION_TEXT",
    "CONTRIBUTOR_SOURCES",
    "DURATION_MAX",
    "DURATION_MIN",
    "GUIDELINE_SOURCES",
    "IMPROVING",
    "KNOWN_SOURCES",
    "LOCATIONS",
    "ONSETS",
    "PREGNANCY",
    "PREVENTION_ADVICE",
    "QUESTIONS",
    "RADIATES",
    "RULES",
    "NO_PAIN_SELF_CARE_PLAN",
    "SELF_CARE_PLAN",
    "SEVERE_PAIN",
    "SEVERITY_MAX",
    "SEVERITY_MIN",
    "SIGN_CHOICES",
    "SIGN_FIELDS",
    "SIGN_HELP",
    "SIGN_NAMES",
    "STEPS",
    "WEIGHT_BEARING",
    "YES_NO_QUESTIONS",
    "Advice",
    "Answers",
    "Assessment",
    "Citation",
    "Improving",
    "Location",
    "Onset",
    "Pregnancy",
    "Radiates",
    "Rule",
    "Sign",
    "Step",
    "Tier",
    "WeightBearing",
    "Wording",
    "assess",
    "come_back_heading",
    "come_back_if",
    "watch_lists",
    "watch_how",
    "WatchHow",
    "WatchList",
    "sign_tier",
    "benign_answers",
    "no_hip_pain",
    "pain_score_disagrees",
    "pain_disagreement",
    "pain_told",
    "PAIN_TELLING_ANSWERS",
    "asked",
    "plan_heading",
    "self_care_plan",
    "stop_a_move",
    "stops_running",
    "until_examined",
    "warnings",
    "worded_for",
    "told_about",
    "told_numbers",
    "unsure_lead",
    "duration_fits_age",
    "noted_answers",
    "next_step",
    "possible_contributors",
    "causes_shown",
    "rule_by_slug",
    "possible_answers",
    "emergency_whatever",
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


class Citation(NamedTuple):
    """A clinical guidance page: title, publisher and address."""

    title: str
    publisher: str
    url: str = ""


#: Clinical guidance pages that back the red flags the articles do not cover, by catalogue
#: slug. The catalogue's Source table holds the same (fixtures/catalogue.json); this copy lets
#: the answer name a source a database loaded before the rule existed does not have yet.
CITATIONS: dict[str, Citation] = {
    "nhs-hip-pain": Citation("Hip pain", "NHS", "https://www.nhs.uk/conditions/hip-pain/"),
    "nhs-hip-fracture": Citation(
        "Hip fracture", "NHS", "https://www.nhs.uk/conditions/hip-fracture/"
    ),
    "mayo-hip-pain": Citation("Hip pain: when to see a doctor", "Mayo Clinic"),
    "versus-arthritis-hip-pain": Citation(
        "Hip pain",
        "Versus Arthritis",
        "https://www.versusarthritis.org/about-arthritis/conditions/hip-pain/",
    ),
    "bsr-hot-swollen-joint": Citation(
        "Management of the hot swollen joint in adults",
        "British Society for Rheumatology, British Orthopaedic Association and Royal College "
        "of General Practitioners",
    ),
    "nhs-septic-arthritis": Citation(
        "Septic arthritis", "NHS", "https://www.nhs.uk/conditions/septic-arthritis/"
    ),
    "nice-cks-hip-pain": Citation(
        "Hip pain in adults",
        "NICE Clinical Knowledge Summaries",
        "https://cks.nice.org.uk/topics/hip-pain-in-adults/",
    ),
    "versus-arthritis-septic-arthritis": Citation(
        "Septic arthritis",
        "Versus Arthritis",
        "https://www.versusarthritis.org/about-arthritis/conditions/septic-arthritis/",
    ),
    "rcem-hip-fracture": Citation(
        "Hip fracture in older adults", "Royal College of Emergency Medicine"
    ),
    "rch-sufe": Citation(
        "Slipped upper femoral epiphysis (SUFE)", "The Royal Children's Hospital Melbourne"
    ),
    "nhs-cauda-equina": Citation(
        "Cauda equina syndrome", "NHS", "https://www.nhs.uk/conditions/cauda-equina-syndrome/"
    ),
    "rch-limping-child": Citation(
        "The limping or non-weight bearing child",
        "The Royal Children's Hospital Melbourne",
        "https://www.rch.org.au/clinicalguide/guideline_index/The_limping_child/",
    ),
    "nice-cks-childhood-limp": Citation(
        "Limp in children (acute)",
        "NICE Clinical Knowledge Summaries",
        "https://cks.nice.org.uk/topics/limp-childhood-acute/",
    ),
    "nhs-ectopic-pregnancy": Citation(
        "Ectopic pregnancy", "NHS", "https://www.nhs.uk/conditions/ectopic-pregnancy/"
    ),
    "nice-ectopic-pregnancy": Citation(
        "Ectopic pregnancy and miscarriage (NG126)",
        "NICE",
        "https://www.nice.org.uk/guidance/ng126",
    ),
    "nidirect-ectopic-pregnancy": Citation(
        "Ectopic pregnancy",
        "nidirect (NI Direct, Northern Ireland)",
        "https://www.nidirect.gov.uk/conditions/ectopic-pregnancy",
    ),
    "stw-bleeding-in-pregnancy": Citation(
        "Bleeding in pregnancy",
        "NHS Shropshire, Telford and Wrekin (Healthier Together)",
        "https://www.stw-healthiertogether.nhs.uk/pregnant-women/"
        "worried-you-are-unwell-during-pregnancy/bleeding-pregnancy",
    ),
    "uhb-when-to-call-the-midwife": Citation(
        "When to call the midwife",
        "University Hospitals Birmingham NHS Foundation Trust",
        "https://www.uhb.nhs.uk/services/maternity/when-to-call-the-midwife.htm",
    ),
    "ggc-fall-in-pregnancy": Citation(
        "Abdominal trauma / fall in pregnancy (321)",
        "NHS Greater Glasgow and Clyde (Right Decisions clinical guideline)",
        "https://rightdecisions.scot.nhs.uk/shared-content/ggc-clinical-guidelines/maternity/"
        "common-obstetric-problems-maternity-assessment/abdominal-trauma-fall-in-pregnancy-321",
    ),
    "rcog-heavy-bleeding-after-birth": Citation(
        "Heavy bleeding after birth (postpartum haemorrhage)",
        "Royal College of Obstetricians and Gynaecologists",
        "https://www.rcog.org.uk/for-the-public/browse-our-patient-information/"
        "heavy-bleeding-after-birth-postpartum-haemorrhage/",
    ),
    "nice-postnatal-care": Citation(
        "Postnatal care (NG194)", "NICE", "https://www.nice.org.uk/guidance/ng194"
    ),
    "nhs-testicle-pain": Citation(
        "Testicle pain", "NHS", "https://www.nhs.uk/conditions/testicle-pain/"
    ),
    "nhs-inguinal-hernia": Citation(
        "Inguinal hernia", "NHS", "https://www.nhs.uk/conditions/inguinal-hernia-repair/"
    ),
    "nhs-appendicitis": Citation(
        "Appendicitis", "NHS", "https://www.nhs.uk/conditions/appendicitis/"
    ),
    "nhs-dvt": Citation(
        "DVT (deep vein thrombosis)",
        "NHS",
        "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/",
    ),
    "nhs-pulmonary-embolism": Citation(
        "Pulmonary embolism", "NHS", "https://www.nhs.uk/conditions/pulmonary-embolism/"
    ),
    "nice-cks-dvt": Citation(
        "Deep vein thrombosis",
        "NICE Clinical Knowledge Summaries",
        "https://cks.nice.org.uk/topics/deep-vein-thrombosis/",
    ),
    "rcog-vte-pregnancy": Citation(
        "Thromboembolic disease in pregnancy and the puerperium: acute management "
        "(Green-top Guideline 37b)",
        "Royal College of Obstetricians and Gynaecologists",
    ),
    "nhs-fever-in-adults": Citation(
        "High temperature (fever) in adults",
        "NHS",
        "https://www.nhs.uk/conditions/fever-in-adults/",
    ),
    "nhs-sciatica": Citation("Sciatica", "NHS", "https://www.nhs.uk/conditions/sciatica/"),
    "nhs-hip-replacement": Citation(
        "Hip replacement: recovery", "NHS", "https://www.nhs.uk/conditions/hip-replacement/"
    ),
    "bmj-osteonecrosis": Citation("Osteonecrosis", "BMJ Best Practice"),
    "bmj-hip-fracture": Citation(
        "Hip fracture", "BMJ Best Practice", "https://bestpractice.bmj.com/topics/en-gb/3000105"
    ),
    "mayo-hip-fracture": Citation(
        "Hip fracture",
        "Mayo Clinic",
        "https://www.mayoclinic.org/diseases-conditions/hip-fracture/symptoms-causes/syc-20373468",
    ),
    "nhs-menopause": Citation("Menopause", "NHS", "https://www.nhs.uk/conditions/menopause/"),
    "nhs-stopped-periods": Citation(
        "Stopped or missed periods",
        "NHS",
        "https://www.nhs.uk/conditions/stopped-or-missed-periods/",
    ),
    "nice-cks-amenorrhoea": Citation(
        "Amenorrhoea", "NICE CKS", "https://cks.nice.org.uk/topics/amenorrhoea/"
    ),
    "robertson-wood-femoral-neck-stress-fractures": Citation(
        "Femoral neck stress fractures in sport: a current concepts review",
        "Sports Medicine International Open (Robertson and Wood, 2017)",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC6226070",
    ),
    "ioc-reds-consensus-2023": Citation(
        "2023 International Olympic Committee's (IOC) consensus statement on Relative Energy "
        "Deficiency in Sport (REDs)",
        "British Journal of Sports Medicine",
        "https://doi.org/10.1136/bjsports-2023-106994",
    ),
    "nhs-exercise-in-pregnancy": Citation(
        "Exercise in pregnancy", "NHS", "https://www.nhs.uk/pregnancy/keeping-well/exercise/"
    ),
    "nhs-fainting": Citation("Fainting", "NHS", "https://www.nhs.uk/conditions/fainting/"),
    "nhs-diarrhoea-and-vomiting": Citation(
        "Diarrhoea and vomiting", "NHS", "https://www.nhs.uk/conditions/diarrhoea-and-vomiting/"
    ),
    "nhs-bleeding-between-periods": Citation(
        "Vaginal bleeding between periods or after sex",
        "NHS",
        "https://www.nhs.uk/conditions/vaginal-bleeding-between-periods-or-after-sex/",
    ),
    "nhs-postmenopausal-bleeding": Citation(
        "Postmenopausal bleeding",
        "NHS",
        "https://www.nhs.uk/conditions/post-menopausal-bleeding/",
    ),
    "cuh-pelvic-girdle-pain": Citation(
        "Pelvic girdle pain (PGP) in pregnancy",
        "Cambridge University Hospitals NHS Foundation Trust",
        "https://cuh.nhs.uk/patient-information/pelvic-girdle-pain-pgp-in-pregnancy",
    ),
    "elht-pelvic-girdle-pain": Citation(
        "Pelvic girdle pain and other common conditions in pregnancy",
        "East Lancashire Hospitals NHS Trust",
        "https://elht.nhs.uk/services/physiotherapy-pelvic-obstetric-and-gynaecological/"
        "physiotherapy-pelvic-obstetric-and-gynaecological-4",
    ),
    "rnoh-gluteal-tendinopathy": Citation(
        "A patient's guide: gluteal tendinopathy",
        "Royal National Orthopaedic Hospital NHS Trust",
        "https://rnoh.nhs.uk/patients-and-visitors/patient-information-guides/"
        "patients-guide-gluteal-tendinopathy",
    ),
    "south-tees-gluteal-tendinopathy": Citation(
        "Gluteal tendinopathy (GTPS)",
        "South Tees Hospitals NHS Foundation Trust",
        "https://southtees.nhs.uk/resources/gluteal-tendinopathy-gtps",
    ),
}

GUIDELINE_SOURCES: tuple[str, ...] = tuple(CITATIONS)

#: The articles' titles, as the catalogue's Source table holds them, for naming an article
#: without the database (the catalogue's own row wins where there is one).
ARTICLE_CITATIONS: dict[str, Citation] = {
    "run-longer-faster": Citation(
        "Try These Exercises for Hip Pain to Run Longer and Faster Ache-Free", "Runner's World"
    ),
    "managing-hip-pain": Citation("Managing Hip Pain: Essential Exercises For Runners", ""),
    "hip-pain-and-running": Citation(
        "Hip Pain And Running: Causes, Treatments, And Prevention", ""
    ),
    "eleven-hip-exercises": Citation(
        "11 Hip-Strengthening Exercises and Stretches for Runners", "Hinge Health"
    ),
}

KNOWN_SOURCES: frozenset[str] = frozenset(ARTICLE_SOURCES + GUIDELINE_SOURCES)

_E = TypeVar("_E", bound=StrEnum)


# --------------------------------------------------------------------------------------------
# The questions
# --------------------------------------------------------------------------------------------

#: Every age a person can be is accepted (a parent answers for a baby, 0): up to 122, the
#: oldest age anyone has been verified to reach (Jeanne Calment, 1875-1997, 122 years). An
#: age above it is a typing slip, and is refused with the range.
AGE_MIN, AGE_MAX = 0, 122
#: From this age an answer is possible but so rare that a slip (120 for 20 or 12) is far more
#: likely: people of 110 and over (supercentenarians) number a few hundred in the world at any
#: time. The form asks to confirm such an age rather than taking it silently.
AGE_CONFIRM_FROM = 110
#: Under this age the child pathway applies (NICE CKS and RCH Melbourne: children).
CHILD_AGE_UNDER = 16
#: The ages a slipped growth plate (SUFE/SCFE) is looked for: its sources put it from 8 (the
#: youngest age the reviews give) to 16 (RCH Melbourne); the wider range wins.
GROWTH_PLATE_AGES = range(8, 17)
#: The age the menopause usually starts from (NHS, "Menopause": usually between 45 and 55):
#: from then on, periods that have stopped have that common explanation.
MENOPAUSE_FROM = 45
#: The ages the pregnancy question is asked at. The NHS says periods usually start at about
#: 12 and the menopause usually comes between 45 and 55 (NHS, "Periods"; NHS, "Menopause"):
#: 10 to 55 keeps a margin on both sides. Outside it the question is not asked and reads as
#: "no" (it doesn't apply); an answer given anyway (left from before the age was changed, or
#: sent by hand) is dropped (:func:`only_asked`).
PREGNANCY_AGES = range(10, 56)
#: From this age a fall is the usual way a hip breaks (NHS, "Hip fracture": falls are common
#: from 65, and weaker bones come with age), so a fall with hip pain needs a doctor that day.
FALL_RISK_AGE = 65
#: The pain score's own scale: 0 (none) to 10 (the worst imaginable).
SEVERITY_MIN, SEVERITY_MAX = 0, 10
#: Pain at its worst from this score up is severe. The runners' guide lists severe pain among
#: the reasons to see a professional, the running guide sends severe pain to a physio, and the
#: runner's log stops the exercises from the same score (routines/monitoring.py, after
#: Silbernagel 2007, where pain above 5 is already more than the programme accepts): one line,
#: so the checker and the log never disagree about what severe is.
SEVERE_PAIN = 7
#: Days the pain has lasted: no pain has lasted longer than the longest verified life (a year
#: is at most 366 days). The answer must also fit the age given (:func:`duration_fits_age`).
DURATION_MIN, DURATION_MAX = 0, (AGE_MAX + 1) * 366
# Muscle soreness after a race or a hard session settles within about a week.
SORENESS_DAYS = 7


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


class Pregnancy(StrEnum):
    NO = "no"
    PREGNANT = "pregnant"
    POSSIBLY_PREGNANT = "possibly_pregnant"
    RECENTLY_GAVE_BIRTH = "recently_gave_birth"


class Sign(StrEnum):
    """The answer to a yes/no sign. ``True``/``False`` are accepted for yes/no."""

    YES = "yes"
    NO = "no"
    UNSURE = "unsure"

    def __bool__(self) -> bool:
        """Refuse truth-testing: ``Sign.NO`` is a non-empty string, so ``if answers.fever:``
        would be true for "no". Compare with ``is Sign.YES`` instead.

        Raises:
            TypeError: always.
        """
        raise TypeError(
            f"Sign.{self.name} has no truth value: compare it with Sign.YES / Sign.NO / Sign.UNSURE"
        )


# (value, label) pairs in display order, ready to be used as Django form choices.
ONSETS: tuple[tuple[str, str], ...] = (
    (Onset.SUDDEN.value, "Suddenly - at a particular moment, or with a fall or a blow"),
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
PREGNANCY: tuple[tuple[str, str], ...] = (
    (Pregnancy.NO.value, "No, or this doesn't apply to me"),
    (Pregnancy.PREGNANT.value, "Yes, I'm pregnant"),
    (Pregnancy.POSSIBLY_PREGNANT.value, "I might be pregnant"),
    (Pregnancy.RECENTLY_GAVE_BIRTH.value, "I gave birth in the last six weeks"),
)
SIGN_CHOICES: tuple[tuple[str, str], ...] = (
    (Sign.YES.value, "Yes"),
    (Sign.NO.value, "No"),
    (Sign.UNSURE.value, "Not sure"),
)

#: The yes/no signs, by Answers field name: (question, short name for summaries, "what does
#: this mean?" help or "").
YES_NO_QUESTIONS: tuple[tuple[str, str], ...] = (
    (
        "injury",
        "Did the pain start with a fall, a collision or a blow to the hip, even a small one?",
    ),
    ("deformity", "Does the leg look a different shape, shorter than the other, or turned out?"),
    (
        "saddle_or_bladder",
        "Is there numbness around the bottom or genitals, or any new trouble "
        "controlling or passing urine or stools?",
    ),
    ("leg_weakness", "Is the leg or foot weak, for example does the foot drag or flop?"),
    (
        "breathless_or_chest_pain",
        "Are you (or your child) suddenly short of breath, or is there chest pain, pain on "
        "breathing in, or coughing up blood?",
    ),
    ("fever", "Do you (or your child) have a temperature, or feel hot and shivery?"),
    ("testicle_pain", "Is there pain or swelling in a testicle?"),
    ("groin_lump", "Is there a lump or bulge in the groin that hurts or won't go back in?"),
    ("tummy_pain", "Do you have pain in your tummy (abdomen)?"),
    ("vomiting", "Are you being sick (vomiting)?"),
    ("faint", "Have you fainted, or do you feel very dizzy or faint?"),
    ("vaginal_bleeding", "Do you have any bleeding from the vagina that isn't a normal period?"),
    ("leg_swollen", "Is your whole calf or thigh swollen on one side?"),
    ("swelling", "Is the hip area swollen?"),
    ("redness_warmth", "Is the skin over the hip red, or warm when you touch it?"),
    ("numbness", "Do you have numbness, tingling or pins and needles in the leg?"),
    ("hip_replacement", "Have you had a hip replacement or another operation on that hip?"),
    ("night_pain", "Does the pain wake you up or keep you awake at night?"),
    ("pain_at_rest", "Does it hurt even when you're resting, not just when you move?"),
    ("limited_motion", "Is it hard to move the hip as far as usual, or to walk or run normally?"),
    ("instability", "Does the hip feel unstable, as if it might give way?"),
    ("clicking", "Does the hip click or snap painfully as you move?"),
    ("mileage_increase", "Have you recently stepped up how far, how often or how hard you run?"),
    ("previous_stress_fracture", "Have you had a stress fracture before?"),
    (
        "periods_stopped",
        "If you have periods: have they stopped for three months or more, without a "
        "pregnancy, the menopause or hormonal contraception to explain it?",
    ),
    (
        "weak_bones",
        "Have you been told you have weak or thin bones (osteoporosis or osteopenia)?",
    ),
    ("cancer_history", "Have you ever been treated for cancer?"),
    ("weight_loss", "Have you lost weight recently without trying to?"),
    (
        "steroids_or_alcohol",
        "Have you taken steroid tablets for a long time, or do you drink a lot of alcohol?",
    ),
)

#: The question of each yes/no sign, by name.
QUESTION_TEXT: dict[str, str] = dict(YES_NO_QUESTIONS)

#: "What does this mean?" for the signs a runner may not know how to answer.
SIGN_HELP: dict[str, str] = {
    "saddle_or_bladder": (
        "The skin you would sit on in a saddle feels numb or different, or you can't feel "
        "yourself pee or poo, can't go, or can't hold it in. New means it wasn't like this "
        "before the pain."
    ),
    "deformity": (
        "Lying down, one foot sits lower than the other, or the foot and knee on the painful "
        "side point outwards more than usual."
    ),
    "leg_weakness": (
        "Not pain stopping you: the muscles don't do what you ask, like a foot that slaps "
        "down or toes that catch on the ground."
    ),
    "breathless_or_chest_pain": (
        "Breathlessness that came on suddenly, not the puffing of a run that settles as you "
        "rest; pain in the chest, or a sharp pain as you take a breath; or blood when you "
        "cough. It can be a blood clot in the lungs, often from one in the leg."
    ),
    "fever": "Feeling hot and shivery, or a temperature of 38 °C (100.4 °F) or more.",
    "testicle_pain": "If there are no testicles, answer no.",
    "groin_lump": (
        "A hernia is a bulge where the tummy wall is weak, often in the groin. One that hurts, "
        "feels hard, or can't be pushed back in can trap the bowel."
    ),
    "vaginal_bleeding": "If this doesn't apply to you, answer no.",
    "leg_swollen": (
        "The whole calf or thigh is bigger than the other one, often warm, red or darker, "
        "and aches or cramps. It can be a blood clot (DVT)."
    ),
    "hip_replacement": "An artificial hip joint, or any other surgery on the hip that hurts.",
    "steroids_or_alcohol": (
        "Steroid tablets such as prednisolone for three months or more, or drinking more than "
        "the recommended limit (14 units a week) most weeks. Both can weaken the hip bone."
    ),
    "periods_stopped": (
        "Three months or more with no period. Periods that still come, if irregularly, are "
        "not this: answer no. A lot of hard training is one cause, and the low oestrogen that "
        "can come with it thins bones."
    ),
    "clicking": "A click that doesn't hurt is common and harmless on its own: answer no.",
}

#: Short names for the signs, as a summary or an answer lists them.
SIGN_NAMES: dict[str, str] = {
    "injury": "a fall or a blow",
    "deformity": "a leg that looks shorter or turned out",
    "saddle_or_bladder": "numbness around the bottom, or bladder or bowel changes",
    "leg_weakness": "weakness in the leg or foot",
    "breathless_or_chest_pain": "sudden breathlessness or chest pain",
    "fever": "a temperature",
    "testicle_pain": "pain in a testicle",
    "groin_lump": "a painful lump in the groin",
    "tummy_pain": "tummy pain",
    "vomiting": "being sick",
    "faint": "fainting or feeling faint",
    "vaginal_bleeding": "bleeding from the vagina",
    "leg_swollen": "a swollen calf or thigh",
    "swelling": "a swollen hip",
    "redness_warmth": "red or warm skin over the hip",
    "numbness": "numbness or tingling in the leg",
    "hip_replacement": "a hip replacement or operation",
    "night_pain": "pain at night",
    "pain_at_rest": "pain at rest",
    "limited_motion": "a hip that won't move freely",
    "instability": "a hip that feels unstable",
    "clicking": "painful clicking",
    "mileage_increase": "more running lately",
    "previous_stress_fracture": "an earlier stress fracture",
    "periods_stopped": "periods that have stopped",
    "weak_bones": "weak or thin bones",
    "cancer_history": "cancer in the past",
    "weight_loss": "weight loss",
    "steroids_or_alcohol": "steroids or heavy drinking",
}


def _choice_values(choices: tuple[tuple[str, str], ...]) -> frozenset[str]:
    return frozenset(value for value, _label in choices)


@dataclass(frozen=True, kw_only=True)
class Answers:
    """One runner's answers to the symptom checker; ``None`` is "not asked yet".

    Keyword-only, so tests and the form can give the fields in any order. Choice fields are
    converted to their enums (which still compare equal to the plain strings); a yes/no sign
    takes a :class:`Sign`, its value, or ``True``/``False``. Out-of-range or unknown values
    raise ``ValueError``.
    """

    age: int | None = None
    onset: Onset | None = None
    location: Location | None = None
    severity: int | None = None
    duration_days: int | None = None
    weight_bearing: WeightBearing | None = None
    improving: Improving | None = None
    pregnancy: Pregnancy | None = None
    radiates_to: frozenset[Radiates] | None = None
    injury: Sign | None = None
    deformity: Sign | None = None
    saddle_or_bladder: Sign | None = None
    leg_weakness: Sign | None = None
    breathless_or_chest_pain: Sign | None = None
    fever: Sign | None = None
    testicle_pain: Sign | None = None
    groin_lump: Sign | None = None
    tummy_pain: Sign | None = None
    vomiting: Sign | None = None
    faint: Sign | None = None
    vaginal_bleeding: Sign | None = None
    leg_swollen: Sign | None = None
    swelling: Sign | None = None
    redness_warmth: Sign | None = None
    numbness: Sign | None = None
    hip_replacement: Sign | None = None
    weak_bones: Sign | None = None
    night_pain: Sign | None = None
    pain_at_rest: Sign | None = None
    limited_motion: Sign | None = None
    instability: Sign | None = None
    clicking: Sign | None = None
    mileage_increase: Sign | None = None
    previous_stress_fracture: Sign | None = None
    periods_stopped: Sign | None = None
    cancer_history: Sign | None = None
    weight_loss: Sign | None = None
    steroids_or_alcohol: Sign | None = None

    def __post_init__(self) -> None:
        for name, low, high in (
            ("age", AGE_MIN, AGE_MAX),
            ("severity", SEVERITY_MIN, SEVERITY_MAX),
            ("duration_days", DURATION_MIN, DURATION_MAX),
        ):
            if getattr(self, name) is not None:
                _check_int(name, getattr(self, name), low, high)
        for name, enum in (
            ("onset", Onset),
            ("location", Location),
            ("weight_bearing", WeightBearing),
            ("improving", Improving),
            ("pregnancy", Pregnancy),
        ):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, _to_enum(name, enum, getattr(self, name)))
        if self.radiates_to is not None:
            if isinstance(self.radiates_to, str):
                raise ValueError("radiates_to must be a collection of areas, not a single string")
            areas = frozenset(_to_enum("radiates_to", Radiates, a) for a in self.radiates_to)
            object.__setattr__(self, "radiates_to", areas)
        for name in SIGN_FIELDS:
            value = getattr(self, name)
            if isinstance(value, bool):
                object.__setattr__(self, name, Sign.YES if value else Sign.NO)
            elif value is not None:
                object.__setattr__(self, name, _to_enum(name, Sign, value))

    def with_changes(self, **changes: object) -> Answers:
        """A copy with some answers changed (handy for 'what if' checks and tests)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def missing(self) -> tuple[str, ...]:
        """The names of the questions not answered yet and still to ask, in declaration
        order (the pregnancy question is not asked outside :data:`PREGNANCY_AGES`, nor the
        questions about the pain with a pain score of 0)."""
        return tuple(
            name for name in _ANSWER_FIELDS if getattr(self, name) is None and asked(name, self)
        )

    @property
    def complete(self) -> bool:
        return not self.missing

    def unsure_read_as(self, sign: Sign, *, except_for: str = "") -> Answers:
        """A copy where every "not sure" reads as ``sign`` (but ``except_for`` as the other)."""
        other = Sign.NO if sign is Sign.YES else Sign.YES
        unsure = [name for name in SIGN_FIELDS if getattr(self, name) is Sign.UNSURE]
        if not unsure:
            return self
        # Copied without validating again: the values are Signs already.
        copy = _copy(self)
        for name in unsure:
            object.__setattr__(copy, name, other if name == except_for else sign)
        return copy

    def unsure_signs(self) -> tuple[str, ...]:
        return tuple(name for name in SIGN_FIELDS if getattr(self, name) is Sign.UNSURE)


#: The fields of :class:`Answers` in declaration order (read once: ``fields()`` is slow, and
#: :func:`assess` asks which are missing on every step).
_ANSWER_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Answers))

#: Questions about periods and the vagina: not asked of a young child (below the youngest age
#: the pregnancy question is asked at). No rule that can decide a child's answer reads them:
#: every child is sent to a doctor the same day at least (the child rule).
_NOT_FOR_A_YOUNG_CHILD = frozenset({"vaginal_bleeding", "periods_stopped"})


#: Questions about the hip pain itself (where, how it spreads, started, has lasted and
#: behaves): they make no sense after a pain score of 0 (no hip pain), so they are not asked
#: then, and an answer to one given before the score was changed to 0 is not read.
PAIN_ONLY_QUESTIONS = frozenset(
    {
        "location",
        "radiates_to",
        "onset",
        "duration_days",
        "improving",
        "night_pain",
        "pain_at_rest",
        "clicking",
    }
)


#: The answers besides the pain score that say the hip hurts (a yes, or a "not sure"): it hurts
#: to stand or walk on the leg (or the runner can't), the pain wakes them at night or is there
#: at rest, the hip clicks painfully, the pain spreads. One of them with a score of 0 is a
#: contradiction, and the safer reading wins: the hip hurts (:func:`no_hip_pain` is false, the
#: rules read it as hip pain, and the questions about the pain are asked).
PAIN_TELLING_ANSWERS: tuple[str, ...] = (
    "weight_bearing",
    "night_pain",
    "pain_at_rest",
    "clicking",
    "radiates_to",
)
_PAIN_SIGNS = ("night_pain", "pain_at_rest", "clicking")


def pain_told(answers: Answers) -> tuple[str, ...]:
    """The answers of :data:`PAIN_TELLING_ANSWERS` that say the hip hurts, whatever the pain
    score: standing or walking hurts or can't be done, a sign answered "yes" or "not sure",
    any area the pain spreads to."""
    told = []
    if answers.weight_bearing in (WeightBearing.PAINFUL, WeightBearing.UNABLE):
        told.append("weight_bearing")
    told += [n for n in _PAIN_SIGNS if getattr(answers, n) in (Sign.YES, Sign.UNSURE)]
    if answers.radiates_to:
        told.append("radiates_to")
    return tuple(told)


def applies(
    name: str, age: int | None, severity: int | None = None, *, pain_said: bool = False
) -> bool:
    """Whether to ask question ``name`` of someone this age with this pain score (an age or a
    score not known yet: yes). :data:`PAIN_ONLY_QUESTIONS` are not asked with a score of 0,
    unless another answer says the hip hurts (``pain_said``: :func:`pain_told`)."""
    if severity == SEVERITY_MIN and not pain_said and name in PAIN_ONLY_QUESTIONS:
        return False
    if age is None:
        return True
    if name == "pregnancy":
        return age in PREGNANCY_AGES
    if name in _NOT_FOR_A_YOUNG_CHILD:
        return age >= PREGNANCY_AGES.start
    return True


def asked(name: str, answers: Answers) -> bool:
    """Whether question ``name`` is asked, given these answers (:func:`applies`). Whether
    another answer says the hip hurts is read only where it matters (a question about the
    pain, with a pain score of 0): so a rule that asks whether bleeding was asked doesn't read
    the answers about pain (:func:`rule_reads`)."""
    pain_said = (
        name in PAIN_ONLY_QUESTIONS
        and answers.severity == SEVERITY_MIN
        and bool(pain_told(answers))
    )
    return applies(name, answers.age, answers.severity, pain_said=pain_said)


def only_asked(answers: Answers) -> Answers:
    """The answers less any to a question that is not asked given the others (:func:`asked`):
    the pregnancy question outside :data:`PREGNANCY_AGES`, the questions about periods and the
    vagina for a young child, the questions about the pain with a pain score of 0 and no other
    answer that says the hip hurts. Such an answer is left from before another answer changed
    (the age, on "Change my answers") or sent by hand; it is dropped whichever page sent it,
    so a rule never reads an answer to a question that no longer applies. The same object
    when every answer given is to a question asked.

    An answer that says the hip hurts keeps the questions about the pain asked, and dropping
    one never changes that (an answer dropped with a score of 0 doesn't say it hurts), so one
    pass is enough."""
    pain_said = bool(pain_told(answers))
    dropped = {
        name: None
        for name in _ANSWER_FIELDS
        if getattr(answers, name) is not None
        and not applies(name, answers.age, answers.severity, pain_said=pain_said)
    }
    if not dropped:
        return answers
    return replace(answers, **dropped)  # type: ignore[arg-type]


def sign_of(answers: Answers, name: str) -> Sign | None:
    """A yes/no answer, read as "no" where the question is not asked for the age (or, about
    the pain, with a pain score of 0 and no other answer that says the hip hurts)."""
    value = getattr(answers, name)
    if value is None and not asked(name, answers):
        return Sign.NO
    return value


#: Ages at which a young person may be answering alone, or a parent or carer for them: the
#: questions and the advice are worded for either (under it, a parent or carer answers).
YOUNG_PERSON_FROM = 12

#: The questions asked after the first step, worded for a child or young person under
#: :data:`CHILD_AGE_UNDER` (read by them, or by a parent or carer for them). The first step's
#: questions come before the age is known, so they are worded for anyone already.
CHILD_QUESTION_TEXT: dict[str, str] = {
    "pregnancy": "Is the person with the pain pregnant, or have they given birth recently?",
    "tummy_pain": "Is there pain in the tummy (abdomen)?",
    "vomiting": "Are you (or your child) being sick (vomiting)?",
    "faint": "Have you (or your child) fainted, or felt very dizzy or faint?",
    "vaginal_bleeding": "Is there any bleeding from the vagina that isn't a normal period?",
    "leg_swollen": "Is the whole calf or thigh swollen on one side?",
    "numbness": "Is there numbness, tingling or pins and needles in the leg?",
    "clicking": "Does the hip click or snap painfully when it moves?",
    "redness_warmth": "Is the skin over the hip red, or warm to the touch?",
    "hip_replacement": "Has there been a hip replacement or any other operation on that hip?",
    "duration_days": "How many days has the pain been there?",
    "improving": "Is it getting better with rest, less running or sport, or exercises?",
    "night_pain": "Does the pain wake you (or your child) at night, or stop sleep?",
    "pain_at_rest": "Does it hurt even when resting, not just when moving?",
    "mileage_increase": (
        "Have you (or your child) lately run or played sport more often, further or harder?"
    ),
    "previous_stress_fracture": "Have you (or your child) had a stress fracture before?",
    "periods_stopped": (
        "If periods have started: have they stopped for three months or more, without a "
        "pregnancy or hormonal contraception to explain it?"
    ),
    "weak_bones": (
        "Has a doctor said you (or your child) have weak or thin bones (osteoporosis or "
        "osteopenia)?"
    ),
    "cancer_history": "Have you (or your child) ever been treated for cancer?",
    "weight_loss": "Have you (or your child) lost weight recently without trying to?",
    "steroids_or_alcohol": (
        "Have you (or your child) taken steroid tablets for a long time, or drunk a lot of alcohol?"
    ),
}


def question_text(name: str, age: int | None, default: str) -> str:
    """Question ``name`` worded for whoever answers at this age; ``default`` (the adult
    wording) for an adult or an age not known yet."""
    if age is not None and age < CHILD_AGE_UNDER:
        return CHILD_QUESTION_TEXT.get(name, default)
    return default


def pregnancy_of(answers: Answers) -> Pregnancy | None:
    """The pregnancy answer, read as "no" where the question is not asked for the age."""
    if answers.pregnancy is None and not applies("pregnancy", answers.age):
        return Pregnancy.NO
    return answers.pregnancy


def duration_fits_age(duration_days: int, age: int) -> bool:
    """Whether pain of ``duration_days`` days fits someone of ``age`` whole years (who can be
    up to a day short of ``age + 1``): nobody has had pain for longer than they have lived."""
    return duration_days <= (age + 1) * 366


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


#: The names of the yes/no signs, in the order the questions are asked.
SIGN_FIELDS: tuple[str, ...] = tuple(name for name, _question in YES_NO_QUESTIONS)
#: Older name for the same, kept for callers that knew the signs as booleans.
BOOL_FIELDS = SIGN_FIELDS
assert set(SIGN_FIELDS) == {f.name for f in fields(Answers) if "Sign" in str(f.type)}


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


class Timing(IntEnum):
    """How soon a rule's own advice (:attr:`Rule.action`) says to be seen, least urgent first:
    where two such rules decide an answer, the sooner wins and the heading says so
    (:func:`headline`)."""

    UNSTATED = 0  # no time named ("Book a GP appointment": an ordinary one)
    SOON = 1  # "soon", "within the next week or two"
    WITHIN_DAYS = 2  # "in the next few days, not weeks"
    TODAY = 3
    NOW = 4


#: The timing a tier's own words already carry: a heading for the tier means at least this.
_TIER_TIMING = {
    Tier.EMERGENCY: Timing.NOW,
    Tier.URGENT: Timing.TODAY,
    Tier.SEE_PROFESSIONAL: Timing.SOON,
    Tier.SELF_CARE: Timing.UNSTATED,
}
#: How a heading says each timing, in place of its own ("soon") or after it.
_TIMING_WORDS = {
    Timing.SOON: "soon",
    Timing.WITHIN_DAYS: "within a few days",
    Timing.TODAY: "today",
    Timing.NOW: "now",
}

_TIER_LABELS = {
    Tier.EMERGENCY: "Get emergency care now",
    Tier.URGENT: "See a doctor today",
    Tier.SEE_PROFESSIONAL: "Book a physio or doctor",
    Tier.SELF_CARE: "You can look after this yourself for now",
}

_TIER_ACTIONS = {
    Tier.EMERGENCY: (
        "Call an ambulance or get someone to take you to A&E (the emergency department) now. "
        "Don't try to walk or run it off, and don't drive yourself."
    ),
    Tier.URGENT: (
        "Stop running and get seen by a doctor today. Until then, rest the hip and keep "
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


#: The same advice for a parent or carer answering for a child (under :data:`CHILD_AGE_UNDER`):
#: the child rules send every child to a doctor the same day at least (NICE CKS, RCH
#: Melbourne), so only the first two are reached, but every tier has its words.
_TIER_ACTIONS_CHILD = {
    Tier.EMERGENCY: (
        "Call an ambulance, or take your child to A&E (the emergency department) now. Don't "
        "let them walk or play on the leg to see if it settles."
    ),
    Tier.URGENT: (
        "Your child needs to see a doctor today. Until then, keep them from running, jumping "
        "and sport, and let them rest the leg."
    ),
    Tier.SEE_PROFESSIONAL: (
        "Book an appointment for your child with their GP within the next week or two. "
        "Meanwhile keep them to activities that don't hurt."
    ),
    Tier.SELF_CARE: (
        "Nothing you told us needs a doctor right now. Let your child rest from sport for a "
        "few days and build back up gently once it settles."
    ),
}


#: The same for a young person from :data:`YOUNG_PERSON_FROM` to 15, who may be reading it
#: themselves or with a parent or carer: worded for either.
_TIER_ACTIONS_YOUNG_PERSON = {
    Tier.EMERGENCY: (
        "Call an ambulance, or get an adult to take you to A&E (the emergency department) now. "
        "Don't walk or play on the leg to see if it settles."
    ),
    Tier.URGENT: (
        "A doctor needs to see you today: a parent or carer can arrange it, so tell one now. "
        "Until then, no running, jumping or sport, and rest the leg."
    ),
    Tier.SEE_PROFESSIONAL: (
        "Book an appointment with the GP within the next week or two (a parent or carer can "
        "help). Meanwhile stick to activities that don't hurt."
    ),
    Tier.SELF_CARE: (
        "Nothing here needs a doctor right now. Rest from sport for a few days and build back "
        "up gently once it settles."
    ),
}


def for_a_child(answers: Answers) -> bool:
    """Whether the answers are about a child, so a parent or carer is reading them."""
    return answers.age is not None and answers.age < CHILD_AGE_UNDER


def young_person(answers: Answers) -> bool:
    """Whether the answers are about a young person (12 to 15) who may be reading alone."""
    return for_a_child(answers) and answers.age is not None and answers.age >= YOUNG_PERSON_FROM


#: The self-care action for a pain score of 0 (no hip pain now): nothing to ease off for or to
#: settle, so it says to carry on (the plan below says what to do if the pain comes back).
_SELF_CARE_ACTION_NO_PAIN = (
    "Nothing you told us needs a professional right now, and with no hip pain at the moment "
    "there is nothing to settle first: keep running as usual, use the exercises below, and "
    "add to your running gradually."
)


def no_hip_pain(answers: Answers) -> bool:
    """Whether the runner reports no hip pain: a pain score of 0 (an unanswered score is not
    0) and no other answer that says the hip hurts (:func:`pain_told`). Every wording for "no
    hip pain now" keys on this, never on the score alone."""
    return answers.severity == SEVERITY_MIN and not pain_told(answers)


def pain_score_disagrees(answers: Answers) -> tuple[str, ...]:
    """With a pain score of 0, the answers that say the hip hurts all the same (the answer
    goes by them), as names of :data:`PAIN_TELLING_ANSWERS`; else none."""
    return pain_told(answers) if answers.severity == SEVERITY_MIN else ()


#: How :func:`pain_disagreement` names each answer that says the hip hurts.
_PAIN_TOLD_WORDS = {
    "night_pain": "pain at night",
    "pain_at_rest": "pain at rest",
    "clicking": "painful clicking",
    "radiates_to": "pain that spreads beyond the hip",
}


def pain_disagreement(answers: Answers) -> str:
    """One line for the answer page when a pain score of 0 sits beside answers that say the
    hip hurts (:func:`pain_score_disagrees`): that the answers disagree, and that the answer
    goes by the ones that report pain. Empty when they agree."""
    words = []
    for name in pain_score_disagrees(answers):
        if name == "weight_bearing":
            words.append(
                "a leg you can't put weight on"
                if answers.weight_bearing is WeightBearing.UNABLE
                else "pain or a limp when standing or walking"
            )
        else:
            unsure = getattr(answers, name) is Sign.UNSURE
            words.append(_PAIN_TOLD_WORDS[name] + (" (not sure)" if unsure else ""))
    if not words:
        return ""
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return (
        f"Your answers disagree: a pain score of 0, but also {listed}. To be safe, this "
        "answer goes by the answers that say the hip hurts."
    )


#: The see-a-professional action for a pain score of 0: the same, but with no pain to make
#: worse, what to stop is anything that brings pain on.
_SEE_PROFESSIONAL_ACTION_NO_PAIN = (
    "Book an appointment with a physiotherapist or your doctor within the next week or two. "
    "Meanwhile cut back your running to what feels comfortable, or swap some runs for "
    "low-impact exercise, and stop any activity that brings pain on."
)
_TIER_ACTIONS_NO_PAIN = {
    Tier.SELF_CARE: _SELF_CARE_ACTION_NO_PAIN,
    Tier.SEE_PROFESSIONAL: _SEE_PROFESSIONAL_ACTION_NO_PAIN,
}


def action_for(tier: Tier, answers: Answers) -> str:
    """What to do now, in words for whoever is reading: the runner, or a child's parent; for
    a pain score of 0, words that don't speak of a pain to ease or to make worse (an
    emergency's or a doctor-today's words stay: a red flag is one whatever the score)."""
    if not for_a_child(answers):
        if no_hip_pain(answers) and tier in _TIER_ACTIONS_NO_PAIN:
            return _TIER_ACTIONS_NO_PAIN[tier]
        return _TIER_ACTIONS[tier]
    return (_TIER_ACTIONS_YOUNG_PERSON if young_person(answers) else _TIER_ACTIONS_CHILD)[tier]


def _own_contact_rules(assessment: Assessment, answers: Answers) -> list[Rule]:
    """The rules deciding the tier that name their own person or timing, in order; none for a
    child (every child is seen by a doctor the same day, in the child's words)."""
    if for_a_child(answers):
        return []
    return [rule for rule in assessment.main_reasons if rule.action]


def names_own_contact(assessment: Assessment, answers: Answers) -> bool:
    """Whether the answer's headline is a deciding rule's own (the midwife, the surgical
    team): the tier's generic way to be seen today (a GP surgery, NHS 111) is then only what
    to do if the runner can't reach them, never a second, different instruction."""
    return bool(_own_contact_rules(assessment, answers))


#: The line an answer's headline adds when a reason in it says to stop running until the hip
#: has been examined (:attr:`Rule.stops_running`) and the advice heading it doesn't say so.
_STOP_RUNNING_UNTIL_EXAMINED = "Stop running until the hip has been examined."
#: The see-a-professional action when a reason says to be examined before running on the hip
#: or before any home treatment: the same timing, no running meanwhile (never "cut back").
_SEE_PROFESSIONAL_ACTION_STOP_RUNNING = (
    "Book an appointment with a physiotherapist or your doctor within the next week or two, "
    "and stop running until they have examined the hip. Meanwhile keep to low-impact exercise "
    "that doesn't hurt, such as swimming or cycling, and stop anything that makes the pain "
    "worse."
)
_SEE_PROFESSIONAL_ACTION_STOP_RUNNING_NO_PAIN = (
    "Book an appointment with a physiotherapist or your doctor within the next week or two, "
    "and stop running until they have examined the hip. Meanwhile keep to low-impact exercise "
    "such as swimming or cycling, and stop any activity that brings pain on."
)


def stops_running(assessment: Assessment) -> bool:
    """Whether a reason the answer gives says to be examined before running on the hip (or
    before any home treatment): its headline then says to stop running until then, never to
    cut back, and no starter routine is offered (every such rule holds it back). An
    emergency's own words already say not to walk or run it off."""
    return assessment.tier is not Tier.EMERGENCY and any(
        rule.stops_running for rule in assessment.fired
    )


#: Who an instruction sends the runner to, by the words that name them (a GP is a doctor).
_CONTACT_WORDS = {
    "midwife": ("midwife", "maternity"),
    "surgical team": ("surgical team",),
    "doctor": ("doctor", "GP"),
    "physio": ("physio",),
    "sexual health clinic": ("sexual health clinic",),
}
#: The people a rule names as the runner's own (not just any GP or physio): with one of them
#: heading the answer, another rule's GP or physio is reached through them
#: (:attr:`Rule.action_via_contact`).
_OWN_CONTACTS = frozenset({"midwife", "surgical team"})
#: Opens another rule's own advice under a heading that names someone else: what it is about.
SEPARATELY = "Separately, for {about}, {advice}"


def _unconditional(text: str) -> str:
    """``text`` less what is for a case that may come: a sentence opening with "If", a part in
    brackets, a clause with "if" in it ("if you can't reach them", "call 999 if ...")."""
    kept = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if sentence.startswith("If "):
            continue
        sentence = re.sub(r"\([^)]*\)", "", sentence)
        kept.append(re.sub(r"[^,.;:]*\bif\b[^,.;:]*", "", sentence))
    return " ".join(kept)


def contacts_named(text: str, *, conditional: bool = False) -> frozenset[str]:
    """Who ``text`` sends the runner to, in what isn't for a case that may come (all of it
    with ``conditional``: a heading's "or your midwife if you have one" names her)."""
    if not conditional:
        text = _unconditional(text)
    return frozenset(
        name
        for name, words in _CONTACT_WORDS.items()
        if any(re.search(rf"\b{word}", text) for word in words)
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _sooner(label: str, timing: Timing) -> str:
    """``label`` saying ``timing`` in place of the timing it says, or after it."""
    words = _TIMING_WORDS[timing]
    said = r"\b(soon|within a few days|today|now)\b"
    if re.search(said, label):
        return re.sub(said, words, label, count=1)
    return f"{label} {words}"


def own_heading(own: list[Rule], tier: Tier) -> tuple[str, Timing]:
    """(the heading, how soon it says to act) where ``own`` (in :data:`RULES` order, worded
    for the answers) are the rules deciding an answer of ``tier`` that name their own person
    or timing: the first one's person, at the soonest :attr:`Rule.timing` of them all."""
    first = own[0]
    heading = first.label or tier.label
    timing = max(rule.timing for rule in own)
    if timing > max(first.timing, _TIER_TIMING[tier]):
        heading = _sooner(heading, timing)
    return heading, max(timing, _TIER_TIMING[tier])


def headline(assessment: Assessment, answers: Answers) -> tuple[str, str]:
    """(heading, what to do now) for the answer page: the first rule deciding the tier that
    names its own person or timing (see :attr:`Rule.label`) gives them, else the tier's words.
    A child's answer keeps the child's words: every child is seen by a doctor the same day.

    With two or more such rules, the heading is the first one's person, at the soonest
    :attr:`Rule.timing` of them all; each other one's advice goes to the same person when its
    own does, else through them (:attr:`Rule.action_via_contact`) when the heading names a
    midwife or surgical team, else opens by saying what it is about (:data:`SEPARATELY`): the
    advice never sends the runner to someone the heading doesn't name without saying why.

    The advice is never laxer about running than any reason shown (:func:`stops_running`):
    with a reason to stop running until examined, a rule's own advice gives its no-running
    words (:attr:`Rule.stop_running_action`), or is followed by the line to stop running,
    and the tier's words are the no-running ones."""
    own = _own_contact_rules(assessment, answers)
    stop = stops_running(assessment)
    if own:
        first = own[0]
        heading = own_heading(own, assessment.tier)[0]
        who = contacts_named(heading, conditional=True)
        texts = []
        for rule in own:
            text = (rule.stop_running_action or rule.action) if stop else rule.action
            if rule is not first and not contacts_named(text) <= who:
                if rule.action_via_contact and who & _OWN_CONTACTS:
                    text = rule.action_via_contact
                else:
                    text = SEPARATELY.format(about=rule.about, advice=_lower_first(text))
            texts.append(text)
        text = " ".join(dict.fromkeys(texts))
        if stop and not any(rule.stops_running or rule.stop_running_action for rule in own):
            text += " " + _STOP_RUNNING_UNTIL_EXAMINED
        return heading, _with_warnings(text, assessment)
    if stop and assessment.tier is Tier.SEE_PROFESSIONAL and not for_a_child(answers):
        return assessment.tier.label, _with_warnings(
            _SEE_PROFESSIONAL_ACTION_STOP_RUNNING_NO_PAIN
            if no_hip_pain(answers)
            else _SEE_PROFESSIONAL_ACTION_STOP_RUNNING,
            assessment,
        )
    return assessment.tier.label, _with_warnings(action_for(assessment.tier, answers), assessment)


def warnings(assessment: Assessment) -> tuple[str, ...]:
    """The fired rules' :attr:`Rule.warning` lines, below an emergency (whose own words
    already say to call now)."""
    if assessment.tier is Tier.EMERGENCY:
        return ()
    return tuple(dict.fromkeys(rule.warning for rule in assessment.fired if rule.warning))


def _with_warnings(text: str, assessment: Assessment) -> str:
    return " ".join((text, *warnings(assessment)))


# --------------------------------------------------------------------------------------------
# Three-valued logic: True, False, or None when an answer it needs is missing
# --------------------------------------------------------------------------------------------

Maybe = bool | None


def _all(*values: Maybe) -> Maybe:
    if any(value is False for value in values):
        return False
    return None if any(value is None for value in values) else True


def _any(*values: Maybe) -> Maybe:
    if any(value is True for value in values):
        return True
    return None if any(value is None for value in values) else False


def _not(value: Maybe) -> Maybe:
    return None if value is None else not value


def _yes(value: Sign | None) -> Maybe:
    """A sign read after "not sure" has been mapped to yes or no."""
    return None if value is None else value is Sign.YES


def _is(value: object, *options: object) -> Maybe:
    return None if value is None else value in options


def _at_least(value: int | None, low: int) -> Maybe:
    return None if value is None else value >= low


def _under(value: int | None, high: int) -> Maybe:
    return None if value is None else value < high


def _spreads(a: Answers, *areas: Radiates) -> Maybe:
    if a.radiates_to is None:
        return None
    return bool(a.radiates_to.intersection(areas or tuple(Radiates)))


def _settling_thigh_soreness(a: Answers) -> Maybe:
    """Sore thighs only, for under a week and getting better: muscle soreness, not spread.

    Thigh muscles ache for a few days after a race or a hard session and settle within about a
    week; that is not hip pain travelling into the thigh. Back or knee pain never counts here.
    """
    if a.radiates_to is None:
        return None
    only_thigh = bool(a.radiates_to) and a.radiates_to <= {Radiates.THIGH}
    return _all(only_thigh, _is(a.improving, Improving.YES), _under(a.duration_days, SORENESS_DAYS))


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------

COUNTS_AS_YES = 'Counts as "yes".'


@dataclass(frozen=True)
class Wording:
    """A rule's words for answers its own words don't fit: a pain score of 0 (no hip pain now,
    where its own speak of a pain), a sign answered "not sure" (where its own speak of the sign
    as certain), or "I might be pregnant" (where its own presume a midwife). Each one given
    replaces the rule's own (empty: the rule's own)."""

    title: str = ""
    reason: str = ""
    trigger: str = ""
    label: str = ""
    action: str = ""
    told: str = ""
    check_again_when: str = ""
    stop_running_action: str = ""
    action_via_contact: str = ""
    about: str = ""


COUNTS_AS_NO = 'Counts as "no"'


@dataclass(frozen=True, eq=False)
class Rule:
    """One red flag (or amber flag): when it applies, which tier it calls for, and why; or, at
    the self-care tier, a reason to hold the exercises back for now.

    ``trigger`` says in the runner's words what sets it off. ``unsure_tier`` is the tier the
    rule gives when it applies only because of "not sure" answers (``None``: "not sure" counts
    as "no"); ``unsure`` says so in words. ``no_exercises`` is set when the sources say to be
    seen before any home treatment, or (a self-care rule) to rest first: no starter routine is
    offered then. A self-care rule raises nothing, so it always sets ``no_exercises`` and
    ``check_again_when``.
    """

    slug: str
    tier: Tier
    title: str
    reason: str
    sources: tuple[str, ...]
    condition: Callable[[Answers], Maybe] = field(repr=False, compare=False)
    trigger: str = ""
    unsure_tier: Tier | None = None
    unsure: str = COUNTS_AS_YES
    no_exercises: bool = False
    #: The answer's headline and first advice when this rule decides the tier and its own
    #: advice names someone else than the tier's generic words, or a different time (the
    #: midwife, the surgical team, "now"): the runner reads the headline first, so it must
    #: not contradict the reason below it. Empty: the tier's own words.
    label: str = ""
    action: str = ""
    #: The rule's reason says to be examined before running on the hip, or before any home
    #: treatment (running is one): every answer it stands in then says to stop running until
    #: the hip has been examined, never less (:func:`headline`, :func:`until_examined`).
    stops_running: bool = False
    #: :attr:`action` for an answer that also has a reason to stop running until examined
    #: (:attr:`stops_running`), where the rule's own action allows some running or exercise:
    #: the same person and timing, with no running. Empty: the own action plus the tier's
    #: line to stop running (:data:`_STOP_RUNNING_UNTIL_EXAMINED`).
    stop_running_action: str = ""
    #: How soon :attr:`action` says to be seen: where another rule's own contact heads the
    #: answer, a sooner timing here is carried into that heading (:func:`headline`).
    timing: Timing = Timing.UNSTATED
    #: :attr:`action` for an answer headed by another rule's own contact (the midwife, the
    #: surgical team), where this rule's own words would send the runner to someone else (a
    #: GP or physio): what it adds, for "them", the person the heading names, to arrange.
    #: Empty: its own action, opened by what it is about (:func:`headline`).
    action_via_contact: str = ""
    #: What the rule is about, as a noun phrase completing "Separately, for ...": how its own
    #: advice opens under a heading that names someone else (:data:`SEPARATELY`). Every rule
    #: with an :attr:`action` has one (tests/triage).
    about: str = ""
    #: A line the answer's headline carries whenever this rule applies below an emergency, and
    #: its list of when to get help at once: a sign that turns it into one (a swollen leg:
    #: breathless or chest pain, call 999). Empty: none.
    warning: str = ""
    #: What the runner told us, as a noun phrase that completes "You told us about ...": the
    #: answer says why there are no exercises with it. Every ``no_exercises`` rule has one.
    told: str = ""
    #: What often causes pain like this, when this rule decides the answer: ``None`` keeps the
    #: list for where it hurts (the running causes); a tuple replaces it, empty when the
    #: rule's own reason already names a cause outside the hip that the running causes don't
    #: fit (a tummy problem, a blood clot).
    causes: tuple[str, ...] | None = None
    #: A self-care rule's end: what has to be so before the exercises fit (completes "Check
    #: again once ..."; "your temperature has gone"). The answer says to do the checker again
    #: then, in place of checking again after two weeks of exercises it hasn't given.
    check_again_when: str = ""
    #: The rule's words for a pain score of 0 when it can apply with one and its own words
    #: presume a pain (:func:`worded_for`); ``None``: its own words fit either.
    no_pain: Wording | None = field(default=None, repr=False)
    #: The rule is about no hip pain at all: any answer that may say the hip hurts (a "not
    #: sure" included, :func:`pain_told`) holds it back, so it never stands beside a reason
    #: that reads the same answers as hip pain.
    only_without_pain: bool = False
    #: The rule's words when it applies only through "not sure" answers and its own words
    #: speak of the sign as certain ("your temperature has gone") or give the advice of a
    #: "yes" where "not sure" counts for less (:attr:`unsure_tier`); ``None``: its own words,
    #: after :func:`unsure_lead`, fit a "not sure" too. Only the words change, never the tier.
    unsure_words: Wording | None = field(default=None, repr=False)
    #: The rule's words for "I might be pregnant" where its own presume a pregnancy already
    #: known (a midwife), and the same for a pain score of 0.
    might_be_pregnant: Wording | None = field(default=None, repr=False)
    might_be_pregnant_no_pain: Wording | None = field(default=None, repr=False)
    #: Which of those words this copy of the rule carries (:func:`worded_for`): "" for its
    #: own; the answer page's cached fragments are kept apart by it.
    wording: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if self.unsure_tier is None and not self.unsure.startswith(COUNTS_AS_NO):
            object.__setattr__(self, "unsure_tier", self.tier)

    def __eq__(self, other: object) -> bool:
        """A rule is its slug: the same rule worded for the answers (:func:`worded_for`) is
        still that rule."""
        if not isinstance(other, Rule):
            return NotImplemented
        return self.slug == other.slug

    def __hash__(self) -> int:
        return hash(self.slug)

    def applies(self, answers: Answers) -> bool:
        """Whether the rule applies for sure to these answers, "not sure" read as "no"."""
        return self.condition(answers.unsure_read_as(Sign.NO)) is True


#: A rule's words that speak to the runner about their own body ("if you get breathless"),
#: and the same for a parent or carer reading about a child under :data:`YOUNG_PERSON_FROM`
#: ("if your child gets breathless"), as the child's tier actions and list of when to get
#: help already word it. Longer phrases first: each is swapped in every text of a rule that
#: such an answer shows (:func:`worded_for`). "You" stays where it is the reader who acts
#: (what they told us, whether they are sure, a thermometer they have); tests/triage holds
#: every rule, in every wording, to this.
_FOR_A_PARENT: tuple[tuple[str, str], ...] = (
    ("You can't put any weight on the leg", "Your child can't put any weight on the leg"),
    ("You can't put weight on the leg", "Your child can't put weight on the leg"),
    ("a minor knock you don't remember", "a minor knock nobody remembers"),
    ("the feeling in your leg", "the feeling in the leg"),
    ("without stopping you walking", "without stopping your child walking"),
    ("stop you walking", "stop your child walking"),
    ("makes you limp", "makes your child limp"),
    ("whatever your age", "at any age"),
    ("or that you can't stand on", "or that your child can't stand on"),
    (
        "or you feel hot or shivery whatever it reads",
        "or your child feels hot or shivery whatever it reads",
    ),
    ("pain as you breathe in", "pain on breathing in"),
    ("When you are or might be pregnant", "When your child is or might be pregnant"),
    ("When you are pregnant", "When your child is pregnant"),
    ("when you are pregnant", "when your child is pregnant"),
    ("hurt more as you walk", "hurt more with walking"),
    (
        "Call 999 at once if you get breathless, or have chest pain or pain when you breathe in",
        "Call 999 at once if your child gets breathless, or has chest pain or pain when "
        "breathing in",
    ),
    ("if you get breathless or have chest pain", "if your child gets breathless or has chest pain"),
    ("pain you can't pin down", "pain your child can't pin down"),
    (
        "stop running and keep to low-impact exercise until you know",
        "keep your child from running, and to low-impact exercise, until it is known",
    ),
    ("if you keep running on it", "if your child keeps running on it"),
    (
        "Stop running and see a doctor to confirm or rule it out; until then keep to "
        "low-impact exercise",
        "Keep your child from running and have a doctor confirm or rule it out; until then "
        "keep them to low-impact exercise",
    ),
    ("even though you can still stand and walk", "even though your child can still stand and walk"),
    ("you can no longer stand on", "your child can no longer stand on"),
    ("hurts when you stand", "hurts when your child stands"),
    ("doesn't make you faint", "doesn't make anyone faint"),
    ("if you can't keep fluids down", "if your child can't keep fluids down"),
    ("or you get a sudden, severe tummy ache", "or your child gets a sudden, severe tummy ache"),
    ("a check of you and the baby", "a check of mother and baby"),
    (
        "If you might be pregnant, tell your GP about it soon, or your midwife if you have one",
        "If your child might be pregnant, tell their GP about it soon, or their midwife if "
        "they have one",
    ),
    (
        "If you might be pregnant, or you also have tummy pain",
        "If your child might be pregnant, or also has tummy pain",
    ),
    ("When you might be pregnant", "When your child might be pregnant"),
    ("when you might be pregnant", "when your child might be pregnant"),
    ("whether yours is that", "whether your child's is that"),
    ("A doctor should see you today", "A doctor should see your child today"),
    ("even when you can still walk", "even when your child can still walk"),
    ("even when you can walk normally", "even when your child can walk normally"),
    ("your surgical team or physio gives you", "your child's surgical team or physio gives them"),
    ("your surgical team", "your child's surgical team"),
    ("Weight loss you can't explain", "Weight loss nobody can explain"),
    ("Tell your midwife or GP about it soon", "Tell your child's midwife or GP about it soon"),
    (
        "your GP, or your midwife if you have one, can say which exercise suits you now",
        "their GP, or their midwife if they have one, can say which exercise suits them now",
    ),
    (
        "your midwife or GP can say which exercise suits you now",
        "their midwife or GP can say which exercise suits them now",
    ),
    ("tell your midwife or GP early", "tell their midwife or GP early"),
    ("tell your GP (or your midwife) early", "tell their GP (or their midwife) early"),
    ("or that you haven't yet been able to ease", "or that hasn't yet been eased"),
    ("changes the way you walk or run", "changes the way your child walks or runs"),
    (
        "before you run on it or try home exercises",
        "before your child runs on it or tries home exercises",
    ),
    ("when you stop moving", "when your child stops moving"),
    ("Pain that wakes you at night", "Pain that wakes your child at night"),
    ("stops you doing normal activities", "stops someone doing normal activities"),
    ("when you can't walk or run normally", "when someone can't walk or run normally"),
    ("pain when you stand or walk on the leg", "pain when your child stands or walks on the leg"),
    (
        "If you feel very unwell or are worried about it, ask your GP surgery",
        "If your child seems very unwell or you are worried, ask the GP surgery",
    ),
    ("while you still have a temperature", "while your child still has a temperature"),
    ("while you might have a temperature", "while your child might have a temperature"),
    ("You may have a high temperature if", "Your child may have a high temperature if"),
    (
        "your chest or back feels hotter than usual, or you feel hot or shivery",
        "their chest or back feels hotter than usual, or they feel hot or shivery",
    ),
    ("you are sure you don't have a temperature", "you are sure your child doesn't have one"),
    ("your temperature", "your child's temperature"),
)

#: The texts of a rule an answer can show, which :data:`_FOR_A_PARENT` rewords.
_RULE_TEXTS = (
    "title",
    "reason",
    "trigger",
    "label",
    "action",
    "stop_running_action",
    "action_via_contact",
    "about",
    "warning",
    "told",
    "check_again_when",
)


def for_a_parent(text: str) -> str:
    """``text`` worded for a parent or carer reading about a young child
    (:data:`_FOR_A_PARENT`)."""
    for runner, parent in _FOR_A_PARENT:
        text = text.replace(runner, parent)
    return text


def worded_for(rule: Rule, answers: Answers, *, unsure: bool = False) -> Rule:
    """The rule as these answers read it: with a pain score of 0, its :attr:`Rule.no_pain`
    words in place of those that speak of a pain the runner doesn't have; with "I might be
    pregnant", its :attr:`Rule.might_be_pregnant` words; and when it applies only through
    "not sure" answers (``unsure``), its :attr:`Rule.unsure_words`, which never speak of the
    sign as certain. Later words win where two give the same part. For a young child's
    answers (a parent or carer reading), every one of those texts in the parent's words
    (:func:`for_a_parent`)."""
    worded = _worded_for(rule, answers, unsure=unsure)
    if not for_a_child(answers) or young_person(answers):
        return worded
    return replace(
        worded,
        **{name: for_a_parent(getattr(worded, name)) for name in _RULE_TEXTS},
        wording="+".join(filter(None, (worded.wording, "for-a-parent"))),
    )


def _worded_for(rule: Rule, answers: Answers, *, unsure: bool) -> Rule:
    no_pain = no_hip_pain(answers)
    layers: list[tuple[str, Wording]] = []
    if rule.no_pain is not None and no_pain:
        layers.append(("no-pain", rule.no_pain))
    if pregnancy_of(answers) is Pregnancy.POSSIBLY_PREGNANT:
        maybe = (rule.might_be_pregnant_no_pain if no_pain else None) or rule.might_be_pregnant
        if maybe is not None:
            layers.append(("might-be-pregnant", maybe))
    if unsure and rule.unsure_words is not None:
        layers.append(("unsure", rule.unsure_words))
    if not layers:
        return rule
    changes: dict[str, str] = {}
    for _name, words in layers:
        changes.update(
            {f.name: getattr(words, f.name) for f in fields(Wording) if getattr(words, f.name)}
        )
        if words.action and not words.stop_running_action:
            # Its own action replaced: the base's no-running words would speak of another.
            changes["stop_running_action"] = ""
        if words.action and not words.action_via_contact:
            changes["action_via_contact"] = ""
    return replace(rule, **changes, wording="+".join(name for name, _words in layers))


def unsure_lead(names: tuple[str, ...], counted_as: Tier, rule_tier: Tier) -> str:
    """The sentence that opens a reason given only through "not sure" answers (the signs'
    :data:`SIGN_NAMES`), before any of its words: that the runner wasn't sure, and how HipCare
    counts it (as "yes", or as the lower tier its :attr:`Rule.unsure_tier` gives)."""
    what = names[0] if len(names) < 2 else ", ".join(names[:-1]) + " and " + names[-1]
    if counted_as >= rule_tier:
        counted = "a “yes”"
    else:
        counted = "a reason to " + counted_as.label[0].lower() + counted_as.label[1:]
    return f"You weren't sure about {what}, so HipCare counts that as {counted}, to be safe."


def _not_full_weight(a: Answers) -> Maybe:
    return _is(a.weight_bearing, WeightBearing.PAINFUL, WeightBearing.UNABLE)


def _pain_said(a: Answers) -> Maybe:
    """Whether an answer besides the pain score says the hip hurts (:func:`pain_told`, read
    in three values: a question about the pain that is not asked reads as "no")."""
    if a.radiates_to is None:
        spreads = None if asked("radiates_to", a) else False
    else:
        spreads = bool(a.radiates_to)
    return _any(
        _not_full_weight(a),
        *(_yes(sign_of(a, name)) for name in _PAIN_SIGNS),
        spreads,
    )


def _hip_pain(a: Answers) -> Maybe:
    """Whether the runner reports hip pain: a pain score above 0, or any other answer that
    says the hip hurts. A score of 0 beside one of those is a contradiction, read the safer
    way: the hip hurts."""
    # A score above 0 says so alone: the other answers are not read then (rule_reads).
    if a.severity is not None and a.severity >= 1:
        return True
    return _any(_at_least(a.severity, 1), _pain_said(a))


def _is_child(a: Answers) -> Maybe:
    return _under(a.age, CHILD_AGE_UNDER)


def _may_be_pregnant(a: Answers) -> Maybe:
    return _is(pregnancy_of(a), Pregnancy.PREGNANT, Pregnancy.POSSIBLY_PREGNANT)


def _not_improving(a: Answers) -> Maybe:
    """Not getting better, or not tried yet: only "yes, it's getting better" reassures."""
    return _is(a.improving, Improving.NO, Improving.NOT_TRIED)


def _periods_stopped(a: Answers) -> Maybe:
    """Periods stopped with neither a pregnancy nor the menopause (usually from 45, NHS) to
    explain it; the question itself leaves out hormonal contraception too."""
    return _all(
        _yes(sign_of(a, "periods_stopped")),
        _is(pregnancy_of(a), Pregnancy.NO),
        _under(a.age, MENOPAUSE_FROM),
    )


def _groin_or_deep(a: Answers) -> Maybe:
    """Pain where a stress fracture of the thigh bone's neck or of the pelvis is felt, or pain
    the runner can't pin down: that can't rule the groin out, so these must-not-miss rules
    take the more cautious reading (the rules page: more urgent wins). Outer-side and back
    of the hip pain stay out."""
    return _is(a.location, Location.FRONT_GROIN, Location.DEEP_INSIDE, Location.DIFFUSE)


def _bone_risks(a: Answers) -> tuple[Maybe, ...]:
    """The answers that say the bone itself is more likely to crack under running: an earlier
    stress fracture, periods that have stopped (low oestrogen, often from too little energy
    for the training), weak or thin bones, long-term steroids or heavy drinking."""
    return (
        _yes(a.previous_stress_fracture),
        _periods_stopped(a),
        _yes(a.weak_bones),
        _yes(a.steroids_or_alcohol),
    )


def _two_or_more(*values: Maybe) -> Maybe:
    """Three-valued "at least two of these": true once two are true, false once fewer than
    two could still be."""
    true = sum(value is True for value in values)
    unknown = sum(value is None for value in values)
    if true >= 2:
        return True
    return None if true + unknown >= 2 else False


def _groin_deep_or_buttock(a: Answers) -> Maybe:
    """Where a stress fracture of the thigh bone's neck, the pelvis or the sacrum (the base of
    the spine, between the buttocks) is felt: the groin or deep in the hip (or pain that can't
    be pinned down), the back of the hip or the buttock, or pain spreading into the lower
    back. Only the outer side stays out."""
    return _any(
        _groin_or_deep(a), _is(a.location, Location.BACK_BUTTOCK), _spreads(a, Radiates.BACK)
    )


def _stress_fracture_risks_together(a: Answers) -> Maybe:
    """Groin, deep hip, buttock or low-back pain with more running lately and a bone risk, or
    with two bone risks: the usual picture of a stress fracture of the hip, pelvis or sacrum,
    settling or not."""
    return _all(
        _hip_pain(a),
        _groin_deep_or_buttock(a),
        _any(
            _all(_yes(a.mileage_increase), _any(*_bone_risks(a))),
            _two_or_more(*_bone_risks(a)),
        ),
    )


def _stress_fracture(a: Answers) -> Maybe:
    in_the_right_place = _groin_or_deep(a)
    at_risk = _any(
        _yes(a.mileage_increase),
        _yes(a.previous_stress_fracture),
        _periods_stopped(a),
        _yes(a.weak_bones),
        _yes(a.steroids_or_alcohol),
    )
    bone_pain = _any(
        _not_full_weight(a), _yes(a.night_pain), _yes(a.pain_at_rest), _not_improving(a)
    )
    return _all(in_the_right_place, at_risk, bone_pain)


RULES: tuple[Rule, ...] = (
    # ---- emergency: the hip ------------------------------------------------------------------
    Rule(
        slug="cannot-bear-weight",
        tier=Tier.EMERGENCY,
        title="You can't put weight on the leg",
        reason=(
            "Being unable to stand on the leg can mean a broken bone or a dislocated hip, and "
            "that has to be checked in hospital straight away."
        ),
        sources=("hip-pain-and-running", "managing-hip-pain", "nhs-hip-pain", "nhs-hip-fracture"),
        condition=lambda a: _is(a.weight_bearing, WeightBearing.UNABLE),
        trigger="You can't put any weight on the leg.",
        unsure="Not asked as yes or no: you choose whether you can stand on it.",
    ),
    Rule(
        slug="injury-with-deformity",
        tier=Tier.EMERGENCY,
        title="The leg looks out of shape after an injury",
        reason=(
            "A leg that looks shorter or turned out after a fall or a blow is a typical sign "
            "of a broken hip or a dislocation, which needs emergency care."
        ),
        sources=("nhs-hip-pain", "nhs-hip-fracture", "rcem-hip-fracture"),
        condition=lambda a: _all(_yes(a.injury), _yes(a.deformity)),
        trigger="A fall or a blow, and a leg that looks shorter, turned out or misshapen.",
    ),
    Rule(
        slug="leg-looks-shorter-or-turned-out",
        tier=Tier.EMERGENCY,
        title="The leg looks shorter or turned out",
        reason=(
            "A leg that looks shorter or turns outwards can mean a broken hip, a slipped "
            "growth plate or a dislocated hip even without a fall; a minor knock you don't "
            "remember can be enough. It needs emergency care."
        ),
        sources=("nhs-hip-pain", "nhs-hip-fracture", "rcem-hip-fracture", "rch-sufe"),
        # Whatever the fall question says: with a fall, "injury-with-deformity" applies too,
        # and a leg out of shape without one is an emergency as well, so the answer to the
        # fall question can't change the advice and never holds it back.
        condition=lambda a: _yes(a.deformity),
        trigger="A leg that looks shorter, turned out or misshapen, with or without a fall.",
    ),
    Rule(
        slug="injury-with-numbness",
        tier=Tier.EMERGENCY,
        title="Numbness in the leg after an injury",
        reason=(
            "An injury that changes the feeling in your leg may have hurt a nerve or a blood "
            "vessel, so it needs to be seen in hospital now."
        ),
        sources=("nhs-hip-pain", "rcem-hip-fracture"),
        condition=lambda a: _all(_yes(a.injury), _yes(a.numbness)),
        trigger="A fall or a blow, and numbness or tingling in the leg.",
    ),
    Rule(
        slug="injury-with-leg-weakness",
        tier=Tier.EMERGENCY,
        title="A weak leg after an injury",
        reason=(
            "A leg or foot that has gone weak after a fall or a blow may mean a nerve or the "
            "spine has been hurt. It needs to be seen in hospital now."
        ),
        sources=("nhs-hip-pain", "rcem-hip-fracture", "nhs-sciatica"),
        condition=lambda a: _all(_yes(a.injury), _yes(a.leg_weakness)),
        trigger="A fall or a blow, and weakness in the leg or foot.",
    ),
    Rule(
        slug="injury-with-swelling-and-severe-pain",
        tier=Tier.EMERGENCY,
        title="Swelling and severe pain after an injury",
        reason=(
            "A swollen hip with severe pain (7 or more out of 10) after a fall or a blow can "
            "mean a fracture or a badly torn muscle, which hospital staff need to assess."
        ),
        sources=("hip-pain-and-running", "nhs-hip-pain", "rcem-hip-fracture"),
        condition=lambda a: _all(
            _yes(a.injury), _yes(a.swelling), _at_least(a.severity, SEVERE_PAIN)
        ),
        trigger="A fall or a blow, a swollen hip, and pain of 7 or more out of 10.",
    ),
    Rule(
        slug="possible-hip-fracture-after-a-fall",
        tier=Tier.EMERGENCY,
        title="A fall or a blow, and walking isn't normal",
        reason=(
            "A broken hip doesn't always stop you walking: after a fall or a knock, a hip "
            "that hurts to stand on or makes you limp should be X-rayed straight away, "
            "whatever your age."
        ),
        sources=("nhs-hip-fracture", "rcem-hip-fracture", "nhs-hip-pain"),
        condition=lambda a: _all(_yes(a.injury), _not_full_weight(a)),
        trigger="A fall or a blow, and standing or walking on the leg hurts or makes you limp.",
    ),
    Rule(
        slug="hot-swollen-joint",
        tier=Tier.EMERGENCY,
        title="A hot, swollen hip",
        reason=(
            "A hot, swollen joint can be an infection inside the joint, which can damage it "
            "within hours, so it needs emergency assessment."
        ),
        sources=("bsr-hot-swollen-joint", "hip-pain-and-running", "nhs-hip-pain"),
        condition=lambda a: _all(_yes(a.swelling), _yes(a.redness_warmth)),
        trigger="A swollen hip with red or warm skin over it.",
        unsure_tier=Tier.URGENT,
        unsure=(
            'Counts as "see a doctor today": a doctor can tell whether the joint is hot and '
            "swollen."
        ),
        unsure_words=Wording(
            title="Maybe a hot, swollen hip",
            reason=(
                "A hot, swollen joint can be an infection inside the joint, which can damage it "
                "within hours. When it isn't clear that the hip is both swollen and red or "
                "warm, a doctor can tell: get seen today. If you become sure that it is both, "
                "go to A&E now."
            ),
        ),
    ),
    Rule(
        slug="fever-with-joint-signs",
        tier=Tier.EMERGENCY,
        title="A temperature with a swollen, hot or unusable hip",
        reason=(
            "Fever with a swollen, hot or unusable joint can mean a joint or bone infection, "
            "which is an emergency."
        ),
        sources=("bsr-hot-swollen-joint", "nhs-hip-pain"),
        condition=lambda a: _all(
            _yes(a.fever),
            _any(_yes(a.swelling), _yes(a.redness_warmth), _is(a.weight_bearing, "unable")),
        ),
        trigger=(
            "A temperature, and a hip that is swollen, red or warm, or that you can't stand on."
        ),
    ),
    Rule(
        slug="fever",
        tier=Tier.EMERGENCY,
        title="Hip pain with a temperature",
        reason=(
            "Hip pain together with a temperature, or feeling hot and shivery, can be an "
            "infection inside the joint (septic arthritis), which can damage the joint within "
            "days and needs treating in hospital. The NHS says to get help urgently, the same "
            "day; NICE's guidance for GPs and the guideline on the hot swollen joint treat a "
            "possible joint infection as an emergency. Where the sources differ HipCare takes "
            "the more urgent advice: go to A&E now."
        ),
        # The sources differ on how soon (the rules page says the more urgent wins): NHS
        # "Septic arthritis" lists joint pain with feeling unwell and a high temperature or
        # feeling hot and shivery for an urgent GP appointment or NHS 111, and NHS "Hip pain"
        # lists hip pain with a high temperature among its reasons for urgent help; NICE CKS
        # "Hip pain in adults" refers suspected septic arthritis as an emergency, the
        # BSR/BOA/RCGP guideline treats a hot swollen joint as septic until proven otherwise,
        # and Versus Arthritis "Septic arthritis" calls it an emergency treated in hospital.
        # Hip pain is any pain score above 0, or any other answer that says the hip hurts
        # (_hip_pain: it hurts to stand or walk on, or can't be, pain at night or at rest, a
        # painful click, pain that spreads): a score of 0 beside one of those is read the
        # safer way. A temperature with no hip pain at all is not a hip red flag, and not
        # what the checker is for. The pain score is asked on the first step beside the
        # temperature and the standing question, and until it is given the temperature
        # counts as one with hip pain: only a score of 0 with no other answer that says it
        # hurts holds this rule back, so the emergency never waits for it (the one rule a
        # later answer can take back).
        sources=(
            "nhs-hip-pain",
            "nhs-septic-arthritis",
            "nice-cks-hip-pain",
            "bsr-hot-swollen-joint",
            "versus-arthritis-septic-arthritis",
        ),
        condition=lambda a: _all(_yes(a.fever), _any(a.severity is None, _hip_pain(a))),
        trigger=(
            "A temperature, or feeling hot and shivery, with any hip pain: a pain score above "
            "0, or another answer that says the hip hurts."
        ),
        unsure_tier=Tier.URGENT,
        unsure=(
            'Counts as "see a doctor today": a doctor can take your temperature and check the hip.'
        ),
        # "Not sure" counts for "today", not A&E: the words say so, and what makes it A&E.
        # NHS "High temperature (fever) in adults": 38C or above, or feeling hot or shivery
        # even with a lower reading; a thermometer helps but isn't needed.
        unsure_words=Wording(
            title="Hip pain, and maybe a temperature",
            reason=(
                "Hip pain with a temperature, or with feeling hot and shivery, can be an "
                "infection inside the joint (septic arthritis), which can damage the joint "
                "within days. The NHS says to get help urgently, the same day, and a doctor can "
                "take your temperature and check the hip. If you have a thermometer, use it: "
                "if it reads 38 °C (100.4 °F) or more, or you feel hot or shivery whatever it "
                "reads, go to "
                "A&E now, as HipCare advises for hip pain with a temperature."
            ),
        ),
    ),
    Rule(
        slug="replaced-hip-with-signs-of-infection",
        tier=Tier.EMERGENCY,
        title="A replaced or operated hip that is hot, swollen or feverish",
        reason=(
            "After a hip replacement or other hip surgery, a hip that becomes swollen, red or "
            "warm, or pain with a temperature, can mean an infection around the joint, which "
            "needs treating in hospital straight away."
        ),
        sources=("nhs-hip-replacement", "bsr-hot-swollen-joint"),
        condition=lambda a: _all(
            _yes(a.hip_replacement),
            _any(_yes(a.fever), _yes(a.swelling), _yes(a.redness_warmth)),
        ),
        trigger=(
            "A hip replacement or operation, with swelling, redness or warmth, or a temperature."
        ),
    ),
    Rule(
        slug="saddle-numbness-or-bladder-change",
        tier=Tier.EMERGENCY,
        title="Numbness around the bottom, or bladder or bowel changes",
        reason=(
            "This can mean the nerves at the base of the spine are being squeezed (cauda "
            "equina syndrome), which needs emergency treatment to avoid lasting damage."
        ),
        sources=("nhs-cauda-equina", "nhs-hip-pain"),
        condition=lambda a: _yes(a.saddle_or_bladder),
        trigger=(
            "Numbness around the bottom or genitals, or new trouble controlling or passing "
            "urine or stools."
        ),
    ),
    Rule(
        slug="weak-leg-with-nerve-signs",
        tier=Tier.EMERGENCY,
        title="A weak leg with numbness",
        reason=(
            "Weakness in the leg together with numbness can mean a badly trapped nerve or the "
            "nerves at the base of the spine being squeezed. That needs emergency assessment."
        ),
        sources=("nhs-cauda-equina", "nhs-sciatica"),
        condition=lambda a: _all(_yes(a.leg_weakness), _yes(a.numbness)),
        trigger="Weakness in the leg or foot, with numbness or tingling.",
    ),
    # ---- emergency: not the hip ------------------------------------------------------------
    Rule(
        slug="breathless-or-chest-pain",
        causes=(),
        tier=Tier.EMERGENCY,
        title="Sudden breathlessness or chest pain",
        reason=(
            "Getting short of breath suddenly, chest pain or pain as you breathe in, or "
            "coughing up blood, can mean a blood clot has reached the lungs (pulmonary "
            "embolism), often one that began in a leg vein (DVT): a swollen calf or thigh makes "
            "that more likely. It can kill, so call 999 now for an ambulance."
        ),
        # NHS "Pulmonary embolism": sudden breathlessness, chest pain (worse breathing in) or
        # coughing up blood is a 999 call; NHS "DVT": a swollen leg with breathing difficulty
        # or chest pain, call 999. Asked on the first step, so the emergency never waits for
        # the swollen-leg question; a "yes" on its own is enough, and "not sure" counts as yes.
        sources=("nhs-pulmonary-embolism", "nhs-dvt"),
        condition=lambda a: _yes(a.breathless_or_chest_pain),
        trigger=(
            "Sudden shortness of breath, chest pain or pain when breathing in, or coughing up "
            "blood."
        ),
    ),
    Rule(
        slug="possible-ectopic-pregnancy",
        tier=Tier.EMERGENCY,
        # A known pregnancy may be past its early weeks: the maternity pages (STW, UHB) send
        # bleeding with severe or constant tummy pain to 999, whatever the stage; early on it
        # can be an ectopic pregnancy or a miscarriage, later the placenta coming away.
        title="Pain in pregnancy with warning signs",
        reason=(
            "When you are pregnant, tummy pain with bleeding from the vagina or being sick, or "
            "fainting or feeling very dizzy, can be a sign of a serious problem: early in "
            "pregnancy, an ectopic pregnancy (one growing outside the womb) that is bleeding "
            "inside, or a miscarriage; later on, the placenta coming away from the womb. Pain "
            "low on one side can be felt in the groin or hip. This is an emergency."
        ),
        sources=(
            "nhs-ectopic-pregnancy",
            "nidirect-ectopic-pregnancy",
            "nice-ectopic-pregnancy",
            "stw-bleeding-in-pregnancy",
            "uhb-when-to-call-the-midwife",
        ),
        # "I might be pregnant": an early pregnancy, if one; an ectopic pregnancy is the danger.
        might_be_pregnant=Wording(
            title="Pain in early pregnancy with warning signs",
            reason=(
                "When you are or might be pregnant, tummy pain with fainting or dizziness, "
                "bleeding from the vagina or being sick can be an ectopic pregnancy (one growing "
                "outside the womb) that is bleeding inside. Pain low on one side can be felt in "
                "the groin or hip. This is an emergency, even with a negative pregnancy test."
            ),
        ),
        condition=lambda a: _all(
            _may_be_pregnant(a),
            _any(
                _yes(a.faint),
                _all(_yes(a.tummy_pain), _any(_yes(a.vaginal_bleeding), _yes(a.vomiting))),
            ),
        ),
        trigger=(
            "Pregnant or might be, and fainting or feeling very dizzy, or tummy pain with "
            "bleeding from the vagina or being sick."
        ),
    ),
    Rule(
        slug="testicle-pain",
        tier=Tier.EMERGENCY,
        title="Pain in a testicle",
        reason=(
            "Sudden pain in a testicle can be a twisted testicle (torsion), which cuts off its "
            "blood supply. Pain from it is often felt in the groin or tummy. It has to be "
            "treated within hours, so go to A&E now."
        ),
        sources=("nhs-testicle-pain",),
        condition=lambda a: _yes(a.testicle_pain),
        trigger="Pain or swelling in a testicle.",
    ),
    Rule(
        slug="painful-groin-lump",
        tier=Tier.EMERGENCY,
        title="A painful lump in the groin",
        reason=(
            "A lump in the groin that hurts, feels firm or won't go back in can be a hernia "
            "that has trapped part of the bowel (strangulated). That needs emergency surgery."
        ),
        sources=("nhs-inguinal-hernia",),
        condition=lambda a: _yes(a.groin_lump),
        trigger="A lump or bulge in the groin that hurts or won't go back in.",
    ),
    Rule(
        slug="tummy-pain-with-vomiting-or-fever",
        tier=Tier.EMERGENCY,
        title="Tummy pain with being sick or a temperature",
        reason=(
            "Together these can be appendicitis, whose pain can spread to the groin or hip "
            "and hurt more as you walk. A burst appendix is dangerous, so get seen in hospital "
            "now."
        ),
        sources=("nhs-appendicitis",),
        condition=lambda a: _all(_yes(a.tummy_pain), _any(_yes(a.vomiting), _yes(a.fever))),
        trigger="Tummy pain, and being sick or a temperature.",
    ),
    Rule(
        slug="bleeding-after-a-birth-with-faintness",
        causes=(),
        tier=Tier.EMERGENCY,
        title="Bleeding after giving birth, with fainting or dizziness",
        reason=(
            "In the weeks after a birth, bleeding from the vagina with fainting or feeling very "
            "dizzy can mean heavy bleeding after birth (postpartum haemorrhage), which needs "
            "treating at once."
        ),
        sources=("nice-postnatal-care", "rcog-heavy-bleeding-after-birth"),
        condition=lambda a: _all(
            _is(pregnancy_of(a), Pregnancy.RECENTLY_GAVE_BIRTH),
            _yes(sign_of(a, "vaginal_bleeding")),
            _yes(a.faint),
        ),
        trigger=(
            "Gave birth in the last six weeks, with bleeding from the vagina and fainting or "
            "feeling very dizzy."
        ),
    ),
    Rule(
        slug="swollen-leg-in-or-after-pregnancy",
        tier=Tier.EMERGENCY,
        title="A swollen leg in pregnancy or after giving birth",
        reason=(
            "A swollen calf or thigh on one side during pregnancy or in the six weeks after "
            "giving birth can be a blood clot (DVT), which is much more likely then. It needs "
            "checking and treating straight away; call 999 at once if you get breathless or "
            "have chest pain."
        ),
        sources=("rcog-vte-pregnancy", "nhs-dvt", "nice-cks-dvt"),
        condition=lambda a: _all(
            _is(
                pregnancy_of(a),
                Pregnancy.PREGNANT,
                Pregnancy.POSSIBLY_PREGNANT,
                Pregnancy.RECENTLY_GAVE_BIRTH,
            ),
            _yes(a.leg_swollen),
        ),
        trigger=(
            "Pregnant, might be, or gave birth in the last six weeks, and a swollen calf or thigh."
        ),
    ),
    # ---- emergency: children -----------------------------------------------------------------
    Rule(
        slug="child-with-fever",
        tier=Tier.EMERGENCY,
        title="A child with hip or leg pain and a temperature",
        reason=(
            "A child with a painful hip or leg, or a limp, and a temperature may have an "
            "infection in the joint or bone, which can damage it quickly. Take them to A&E now."
        ),
        sources=("rch-limping-child", "nice-cks-childhood-limp"),
        condition=lambda a: _all(_is_child(a), _yes(a.fever)),
        trigger="Under 16, and a temperature or feeling hot and shivery.",
    ),
    # ---- urgent: today -----------------------------------------------------------------------
    Rule(
        slug="child-hip-thigh-or-knee-pain",
        tier=Tier.URGENT,
        title="A child with a limp, or hip, thigh or knee pain",
        reason=(
            "In children, a limp or pain in the hip, thigh or knee should be seen by a doctor "
            "the same day: it can come from the hip even when only the knee hurts, and the "
            "causes that need treatment quickly are hard to tell apart at home."
        ),
        sources=("nice-cks-childhood-limp", "rch-limping-child"),
        condition=_is_child,
        trigger="Under 16.",
        unsure="Not a yes or no question: it depends on the age you give.",
    ),
    Rule(
        slug="suspected-stress-fracture",
        causes=(
            "A stress fracture: a crack in the thigh bone or the pelvis from more running "
            "than the bone has had time to get used to.",
            "Once a doctor has ruled that out, the muscle, tendon and joint causes of groin "
            "or deep hip pain, which a physio can tell apart.",
        ),
        tier=Tier.URGENT,
        title="Possible stress fracture",
        reason=(
            "Pain in the groin or deep in the hip, or pain you can't pin down to one place, "
            "with a risk factor for a stress fracture (more running lately, an earlier stress "
            "fracture, periods that have stopped, weak or thin bones, or long-term steroids or "
            "heavy drinking), and pain on standing, at "
            "night or at rest, or pain that isn't getting better (or hasn't been given the "
            "chance), needs "
            "a doctor to confirm or rule out a stress fracture. Running on one can make it "
            "much worse: stop running and keep to low-impact exercise until you know."
        ),
        # Stopped periods, as the two pages on them put it: NHS "Stopped or missed periods"
        # (a lot of exercise is one cause; see a GP when several are missed in a row or they
        # stop before 45: routine, not urgent) and NICE CKS "Amenorrhoea" (none for three
        # months or more; with low oestrogen, thinner bones). Irregular periods that still
        # come are neither. Neither page makes stopped periods urgent on their own: the
        # urgency here is the stress fracture's (the articles: see a doctor straight away),
        # the more urgent of the two, as the rules page says.
        sources=(
            "hip-pain-and-running",
            "run-longer-faster",
            "nhs-hip-pain",
            "nhs-stopped-periods",
            "nice-cks-amenorrhoea",
        ),
        condition=_stress_fracture,
        trigger=(
            "Groin or deep hip pain, or pain you can't pin down (it could be the groin), a "
            "risk factor (more running, an earlier stress fracture, "
            "periods stopped without pregnancy or the menopause, weak or thin bones, steroids "
            "or heavy drinking), "
            "and pain on standing, at night or at rest, or not getting better (including not "
            "tried yet)."
        ),
    ),
    Rule(
        slug="stress-fracture-risks-together",
        causes=(
            "A stress fracture of the neck of the thigh bone, of the pelvis or of the sacrum "
            "(the bone at the base of the spine, felt in the buttock or low back): a crack "
            "from more running than a bone already at risk can take.",
            "Once a doctor has ruled that out, the muscle, tendon, joint and back causes of "
            "the pain, which a physio can tell apart.",
        ),
        tier=Tier.URGENT,
        title="Possible stress fracture: hip, buttock or groin pain with more than one risk",
        reason=(
            "Pain in the groin, deep in the hip, in the buttock or low back (or pain you can't "
            "pin down) in a runner who has stepped up their running and has a "
            "bone at risk (an earlier stress fracture, periods that have stopped, weak or "
            "thin bones, or long-term steroids or heavy drinking), or who has two of those "
            "risks, is the usual picture of a stress fracture of the hip, the pelvis or the "
            "sacrum, even when the pain "
            "is mild, walking is normal and it seems to be getting better. A crack in the "
            "neck of the thigh bone can get worse, and even break through, if you keep "
            "running on it. Stop running and see a doctor to confirm or rule it out; until "
            "then keep to low-impact exercise that doesn't hurt, such as swimming or cycling."
        ),
        # The articles: a stress fracture is one cause of pain inside the hip; when one is
        # suspected, see a doctor straight away and don't run on it (hip-pain-and-running);
        # getting checked early heads one off (run-longer-faster). Robertson and Wood (2017):
        # groin pain with exercise is the commonest symptom of a femoral neck stress fracture,
        # it should be thought of in every athlete with hip pain from exercise, and a late
        # diagnosis lets it displace. IOC REDs consensus (2023): too little energy for the
        # training stops periods and thins bone, raising the risk of bone stress injuries.
        # NHS and NICE CKS on stopped periods, and BMJ Best Practice on low bone density, as
        # for "suspected-stress-fracture". None of them says a settling pain lowers the risk,
        # so the more urgent advice (see a doctor straight away) is kept. The REDs consensus
        # also ties too little energy and low bone density to bone stress injuries of bones
        # rich in spongy (trabecular) bone, the femoral neck, the pelvis and the sacrum, felt
        # in the buttock and low back: the buttock and low back count as the groin does
        # (the rules page: more urgent wins over the routine GP visit for stopped periods).
        sources=(
            "hip-pain-and-running",
            "run-longer-faster",
            "robertson-wood-femoral-neck-stress-fractures",
            "ioc-reds-consensus-2023",
            "nhs-stopped-periods",
            "nice-cks-amenorrhoea",
            "bmj-hip-fracture",
        ),
        condition=_stress_fracture_risks_together,
        trigger=(
            "Pain in the groin, deep in the hip, at the back of the hip or in the buttock, "
            "spreading into the lower back, or pain you can't pin down, and either "
            "more running lately with one "
            "of: an earlier stress fracture, periods stopped (under 45, not pregnant), weak "
            "or thin bones, long-term steroids or heavy drinking; or two of those four. "
            "Whether or not the pain is settling: one article says to get help when hip pain "
            "doesn't improve, another to see a doctor straight away whenever a stress "
            "fracture is suspected, and HipCare follows the more urgent of the two."
        ),
    ),
    Rule(
        slug="possible-slipped-growth-plate",
        tier=Tier.URGENT,
        title="Possible slipped growth plate (age 8 to 16)",
        reason=(
            "From 8 to 16, hip, thigh or knee pain, a limp or a stiff hip can be a slipped "
            "growth plate at the top of the thigh bone. The pain is sometimes only in the "
            "thigh or the knee. It needs a doctor today; avoid running and jumping until then."
        ),
        sources=("rch-sufe", "nice-cks-childhood-limp"),
        condition=lambda a: _is(a.age, *GROWTH_PLATE_AGES),
        trigger="Aged 8 to 16, with hip, thigh or knee pain (knee pain alone counts).",
        unsure="Not a yes or no question: it depends on the age you give.",
    ),
    Rule(
        slug="fall-with-weak-bone-risk",
        tier=Tier.URGENT,
        title="A fall or a blow, and bones more likely to break",
        reason=(
            f"From {FALL_RISK_AGE}, or with bones weakened by osteoporosis or long courses of "
            "steroid tablets, a fall or a knock can break the hip even though you can still "
            "stand and walk, and a broken hip doesn't always bruise. Get it checked by a "
            "doctor today; call 999 if the pain gets worse or you can no longer stand on it."
        ),
        sources=("nhs-hip-fracture", "nhs-hip-pain", "bmj-osteonecrosis"),
        condition=lambda a: _all(
            _yes(a.injury),
            _any(_at_least(a.age, FALL_RISK_AGE), _yes(a.weak_bones), _yes(a.steroids_or_alcohol)),
        ),
        trigger=(
            f"A fall or a blow, and aged {FALL_RISK_AGE} or over, weak or thin bones, or long "
            "courses of steroid tablets (or heavy drinking)."
        ),
    ),
    Rule(
        slug="sudden-pain-with-fragile-bones",
        tier=Tier.URGENT,
        title="Sudden pain on standing, and bones more likely to break",
        reason=(
            f"From {FALL_RISK_AGE}, or with weak or thin bones, the top of the thigh bone can "
            "crack with no fall at all, even from twisting on the leg, and a broken hip doesn't "
            "always stop you walking. Pain that came on suddenly and hurts when you stand or "
            "makes you limp needs a doctor to look for a break today; call 999 if you can no "
            "longer stand on it."
        ),
        # BMJ Best Practice "Hip fracture": risk rises with age and low bone density, and with
        # osteoporosis there may (rarely) be no injury at all; weight bearing painful or
        # impossible. Mayo Clinic "Hip fracture": with very weak bones, standing on the leg and
        # twisting can be enough. NHS "Hip fracture": it need not stop you standing or walking.
        # With a fall, the emergency rule "possible-hip-fracture-after-a-fall" applies.
        sources=("bmj-hip-fracture", "mayo-hip-fracture", "nhs-hip-fracture"),
        condition=lambda a: _all(
            _any(_at_least(a.age, FALL_RISK_AGE), _yes(a.weak_bones)),
            _is(a.onset, Onset.SUDDEN),
            _not_full_weight(a),
        ),
        trigger=(
            f"Aged {FALL_RISK_AGE} or over, or weak or thin bones, pain that started suddenly, "
            "and standing or walking on the leg hurts or makes you limp (with or without a fall)."
        ),
    ),
    Rule(
        slug="fainting",
        causes=(),
        tier=Tier.URGENT,
        title="Fainting, or feeling very dizzy or faint",
        reason=(
            "Running-related hip pain doesn't make you faint. NHS guidance is to see a GP "
            "about any faint, and to call 999 for someone who fainted while exercising or "
            "lying down, hurt themselves, has chest pain or a racing or uneven heartbeat, or "
            "hasn't fully come round. HipCare can't tell which applies, so get seen today."
        ),
        sources=("nhs-fainting",),
        condition=lambda a: _yes(a.faint),
        trigger="Fainting, or feeling very dizzy or faint.",
    ),
    Rule(
        slug="being-sick",
        causes=(),
        tier=Tier.URGENT,
        title="Being sick with the hip pain",
        reason=(
            "Being sick doesn't come from a running strain: with groin or hip pain it can be "
            "an illness inside the tummy, such as appendicitis, or an infection. Speak to a GP "
            "or NHS 111 today, and sooner if you can't keep fluids down, there is blood in "
            "the sick, or you get a sudden, severe tummy ache (then call 999)."
        ),
        sources=("nhs-diarrhoea-and-vomiting", "nhs-appendicitis"),
        condition=lambda a: _yes(a.vomiting),
        trigger="Being sick (vomiting).",
    ),
    Rule(
        slug="swollen-leg",
        causes=(),
        tier=Tier.URGENT,
        title="A swollen calf or thigh",
        reason=(
            "A calf or thigh swollen on one side, often aching, warm or red, can be a blood "
            "clot (DVT). It needs a doctor today; call 999 if you get breathless or have chest "
            "pain."
        ),
        sources=("nhs-dvt", "nice-cks-dvt"),
        # NHS "DVT": a swollen, painful, warm leg needs NHS 111 or a GP urgently; breathing
        # difficulty or chest pain with it can mean the clot has reached the lungs
        # (pulmonary embolism): call 999. The headline and the watch list carry that line.
        warning=(
            "Call 999 at once if you get breathless, or have chest pain or pain when you "
            "breathe in: the clot may have reached the lungs."
        ),
        condition=lambda a: _yes(a.leg_swollen),
        trigger="The whole calf or thigh swollen on one side.",
    ),
    # Before possible-pregnancy-problem: where both apply, this one's midwife heads the answer.
    Rule(
        slug="bleeding-in-pregnancy",
        causes=(),
        tier=Tier.URGENT,
        label="Contact your midwife or maternity unit now",
        about="bleeding from the vagina in pregnancy",
        timing=Timing.NOW,
        action=(
            "Phone your midwife or your maternity unit (its maternity assessment or early "
            "pregnancy unit) now about the bleeding: don't leave it until your next "
            "appointment. If you aren't booked with maternity care yet, call your GP surgery or "
            "NHS 111 today. Call 999 if the bleeding is heavy (a flow of blood, or clots) or you "
            "have severe or constant tummy pain."
        ),
        title="Bleeding from the vagina in pregnancy",
        reason=(
            "Bleeding in pregnancy doesn't come from the hip, and the maternity team should "
            "check it the same day, even if it is light. It is common and often no harm is "
            "found, but early in pregnancy it can be a sign of a miscarriage or an ectopic "
            "pregnancy (one growing outside the womb), and later of a problem with the placenta. "
            "Heavy bleeding (a flow of blood, or clots) or severe or constant tummy pain is an "
            "emergency: call 999."
        ),
        sources=(
            "stw-bleeding-in-pregnancy",
            "uhb-when-to-call-the-midwife",
            "nhs-ectopic-pregnancy",
        ),
        condition=lambda a: _all(
            _is(pregnancy_of(a), Pregnancy.PREGNANT), _yes(sign_of(a, "vaginal_bleeding"))
        ),
        trigger="Pregnant, and bleeding from the vagina.",
        unsure_words=Wording(
            title="Maybe bleeding from the vagina in pregnancy",
            about="possible bleeding from the vagina in pregnancy",
            action=(
                "Phone your midwife or your maternity unit (its maternity assessment or early "
                "pregnancy unit) now about the possible bleeding: don't leave it until your next "
                "appointment. If you aren't booked with maternity care yet, call your GP "
                "surgery or NHS 111 today. Call 999 if there is heavy bleeding (a flow of "
                "blood, or clots) or severe or constant tummy pain."
            ),
        ),
    ),
    # A known pregnancy with tummy pain (no bleeding: with it, possible-ectopic-pregnancy's
    # emergency). UHB "When to call the midwife": tummy pain goes to the maternity unit, and
    # sharp or constant pain that does not come and go in waves is a 999 call. The checker's
    # question can't tell that pain from a milder one, so 999 is a line to watch for, not the
    # tier. Before possible-pregnancy-problem, whose "might be" keeps the GP and the ectopic
    # pregnancy.
    Rule(
        slug="tummy-pain-in-pregnancy",
        causes=(),
        tier=Tier.URGENT,
        label="Contact your midwife or maternity unit now",
        about="tummy pain in pregnancy",
        timing=Timing.NOW,
        action=(
            "Phone your midwife or your maternity unit (its maternity assessment or early "
            "pregnancy unit) now about the tummy pain: don't leave it until your next "
            "appointment. If you aren't booked with maternity care yet, call your GP surgery or "
            "NHS 111 today. Call 999 if the pain is sharp or constant, not coming and going in "
            "waves."
        ),
        title="Tummy pain in pregnancy",
        reason=(
            "When you are pregnant, the maternity team should check tummy pain the same day: "
            "it may have nothing to do with the hip. Early in pregnancy it can be a sign of a "
            "miscarriage or an ectopic pregnancy (one growing outside the womb); later on, of a "
            "problem with the placenta or of labour starting. Sharp or constant tummy pain that "
            "doesn't come and go in waves is an emergency: call 999."
        ),
        sources=(
            "uhb-when-to-call-the-midwife",
            "stw-bleeding-in-pregnancy",
            "nhs-ectopic-pregnancy",
        ),
        condition=lambda a: _all(_is(pregnancy_of(a), Pregnancy.PREGNANT), _yes(a.tummy_pain)),
        trigger="Pregnant, and tummy pain.",
        unsure_words=Wording(
            title="Maybe tummy pain in pregnancy",
            about="possible tummy pain in pregnancy",
            action=(
                "Phone your midwife or your maternity unit (its maternity assessment or early "
                "pregnancy unit) now about the possible tummy pain: don't leave it until your "
                "next appointment. If you aren't booked with maternity care yet, call your GP "
                "surgery or NHS 111 today. Call 999 if you get sharp or constant tummy pain, "
                "not coming and going in waves."
            ),
        ),
    ),
    # NHS GGC "Abdominal trauma / fall in pregnancy": from 23 weeks, a fall or a direct blow
    # to the tummy is assessed in maternity triage, even a fall from standing height; with a
    # blow to the tummy from 12 weeks some women (rhesus negative) need an anti-D injection
    # within 72 hours. The checker doesn't ask how far along the pregnancy is, so any known
    # pregnancy with a fall goes to the maternity team today, who decide whether to see her.
    Rule(
        slug="fall-in-pregnancy",
        causes=(),
        tier=Tier.URGENT,
        label="Contact your midwife or maternity unit today",
        about="the fall or blow in pregnancy",
        timing=Timing.TODAY,
        action=(
            "Phone your midwife or your maternity unit (its maternity assessment unit or "
            "triage) today to tell them about the fall or blow, even if you feel fine: they "
            "will say whether to come in to be checked. If you aren't booked with maternity "
            "care yet, call your GP surgery or NHS 111 today. Call 999 if you bleed heavily or "
            "get sharp or constant tummy pain."
        ),
        title="A fall or a blow in pregnancy",
        reason=(
            "After a fall or a knock when you are pregnant, the maternity team want to hear "
            "about it the same day, even when it seemed minor: later in pregnancy they usually "
            "offer a check of you and the baby, and some women need an injection (anti-D) "
            "within three days. Bleeding, fluid leaking, tightenings or tummy pain, or the "
            "baby moving less, all mean calling them straight away. The hip itself should be "
            "examined too."
        ),
        sources=("ggc-fall-in-pregnancy", "uhb-when-to-call-the-midwife"),
        condition=lambda a: _all(_is(pregnancy_of(a), Pregnancy.PREGNANT), _yes(a.injury)),
        trigger="Pregnant, and the pain started with a fall, a collision or a blow.",
        unsure_words=Wording(
            title="Maybe a fall or a blow in pregnancy",
            about="a possible fall or blow in pregnancy",
            action=(
                "Phone your midwife or your maternity unit (its maternity assessment unit or "
                "triage) today to tell them about the possible fall or blow: they will say "
                "whether to come in to be checked. If you aren't booked with maternity care "
                "yet, call your GP surgery or NHS 111 today. Call 999 if you bleed heavily or "
                "get sharp or constant tummy pain."
            ),
        ),
    ),
    Rule(
        slug="possible-pregnancy-problem",
        causes=(),
        tier=Tier.URGENT,
        title="Tummy pain or bleeding when you might be pregnant",
        reason=(
            "When you might be pregnant, either needs checking today for an ectopic "
            "pregnancy (one growing outside the womb), even with a negative test."
        ),
        sources=("nhs-ectopic-pregnancy", "nidirect-ectopic-pregnancy", "nice-ectopic-pregnancy"),
        # A known pregnancy goes to the maternity team: bleeding is bleeding-in-pregnancy's,
        # tummy pain tummy-pain-in-pregnancy's (causes beyond an ectopic pregnancy).
        condition=lambda a: _all(
            _is(pregnancy_of(a), Pregnancy.POSSIBLY_PREGNANT),
            _any(_yes(a.tummy_pain), _yes(a.vaginal_bleeding)),
        ),
        trigger="Might be pregnant, and tummy pain or bleeding from the vagina.",
    ),
    Rule(
        slug="bleeding-after-a-birth",
        causes=(),
        tier=Tier.URGENT,
        label="Check the bleeding with your midwife or maternity unit today",
        about="bleeding from the vagina after the birth",
        timing=Timing.TODAY,
        action=(
            "Phone your midwife or maternity unit about the bleeding today (your GP surgery or "
            "NHS 111 if you can't reach them), and straight away if it is getting heavier or "
            "you pass large clots. Call 999 if the bleeding suddenly becomes heavy, or comes "
            "with feeling faint or dizzy or a racing heart."
        ),
        title="Bleeding from the vagina after giving birth",
        reason=(
            "Some bleeding is normal for up to about six weeks after a birth, getting lighter "
            "and browner over time, and the checker can't tell whether yours is that. Bleeding "
            "that gets heavier, large clots or blood that smells bad can be a sign of heavy "
            "bleeding after birth (postpartum haemorrhage) or an infection, so tell the "
            "maternity team today. Sudden heavy bleeding, or bleeding with feeling faint, dizzy "
            "or a racing heart, is an emergency: call 999."
        ),
        sources=(
            "rcog-heavy-bleeding-after-birth",
            "nice-postnatal-care",
            "uhb-when-to-call-the-midwife",
        ),
        condition=lambda a: _all(
            _is(pregnancy_of(a), Pregnancy.RECENTLY_GAVE_BIRTH),
            _yes(sign_of(a, "vaginal_bleeding")),
        ),
        trigger="Gave birth in the last six weeks, and bleeding from the vagina.",
        unsure_words=Wording(
            title="Maybe bleeding from the vagina after giving birth",
            about="possible bleeding from the vagina after the birth",
            action=(
                "Phone your midwife or maternity unit about the possible bleeding today (your "
                "GP surgery or NHS 111 if you can't reach them), and straight away if it is "
                "getting heavier or you pass large clots. Call 999 if heavy bleeding starts "
                "suddenly, or comes with feeling faint or dizzy or a racing heart."
            ),
        ),
    ),
    Rule(
        slug="tummy-pain",
        causes=(),
        tier=Tier.URGENT,
        title="Tummy pain with the hip pain",
        reason=(
            "Tummy pain with groin or hip pain can come from inside the tummy, such as "
            "appendicitis, rather than the hip. A doctor should see you today; call 999 if it "
            "becomes severe or spreads across the tummy."
        ),
        sources=("nhs-appendicitis",),
        condition=lambda a: _yes(a.tummy_pain),
        trigger="Pain in the tummy.",
    ),
    Rule(
        slug="leg-weakness",
        causes=(),
        tier=Tier.URGENT,
        title="A weak leg or foot",
        reason=(
            "Weakness in the leg or foot means a nerve isn't working properly and should be "
            "checked by a doctor today. Go to A&E if it gets worse or both legs are affected."
        ),
        sources=("nhs-sciatica", "nhs-cauda-equina"),
        condition=lambda a: _yes(a.leg_weakness),
        trigger="Weakness in the leg or foot.",
    ),
    # NHS "Hip replacement" (recovery): contact the surgical team or GP about a hip that
    # hurts more or a leg that looks different; falls are what to avoid in the weeks after.
    # BMJ Best Practice "Hip fracture": a fall is the usual injury, and a fracture around an
    # implant (periprosthetic) is one of its kinds, which needs the orthopaedic team.
    Rule(
        slug="fall-on-replaced-hip",
        stops_running=True,
        causes=(
            "A crack in the bone around the replaced joint (a periprosthetic fracture), or "
            "the joint loosened or moved by the fall.",
        ),
        told="a fall or a blow to a replaced or operated hip",
        label="Contact your surgical team or a doctor today",
        about="the fall or blow on the replaced or operated hip",
        timing=Timing.TODAY,
        action=(
            "Stop running and contact your surgical team (the people who operated on the hip)"
            " or a doctor today about the fall, even if you can walk on the hip. Until it has "
            "been examined, rest it, leave all exercises, including the ones they gave you, "
            "and keep weight off it where you can. Call 999 if you can no longer stand on it."
        ),
        tier=Tier.URGENT,
        title="A fall or a blow on a replaced or operated hip",
        reason=(
            "After a hip replacement or other hip surgery, a fall or a knock can crack the "
            "bone around the new joint or loosen it, even when you can still walk. The "
            "surgical team or a doctor should examine it the same day, before any running or "
            "exercise; call 999 if you can no longer stand on the leg."
        ),
        sources=("nhs-hip-replacement", "bmj-hip-fracture", "nhs-hip-fracture"),
        condition=lambda a: _all(_yes(a.hip_replacement), _yes(a.injury)),
        trigger="A hip replacement or operation, and a fall, a collision or a blow to the hip.",
        no_exercises=True,
        unsure_words=Wording(
            title="Maybe a fall or a blow on an operated hip",
            reason=(
                "After a hip replacement or other hip surgery, a fall or a knock can crack the "
                "bone around the new joint or loosen it, even when you can still walk. As this "
                "may be the case here, have the hip examined today, by the surgical team if "
                "there was one, before any running or exercise; call 999 if you can no longer "
                "stand on the leg."
            ),
            label="See a doctor today",
            about="a fall or blow on a hip that may have been operated on",
            action=(
                "Stop running and get the hip examined by a doctor today, or by the surgical "
                "team (the people who operated on the hip) if there was one. Until then, rest "
                "it, leave all exercises and keep weight off it where you can. Call 999 if you "
                "can no longer stand on it."
            ),
            told="a fall or a blow to a hip that may have been operated on",
        ),
    ),
    Rule(
        slug="replaced-hip-painful-to-stand",
        stops_running=True,
        causes=(
            "A problem with the replaced joint itself: it has loosened or moved, or the bone "
            "around it has cracked.",
            "An infection around the joint, more likely with swelling, redness or a temperature.",
        ),
        told="a replaced or operated hip that hurts to stand on",
        label="Contact your surgical team or a doctor today",
        about="the replaced or operated hip that hurts to stand on",
        timing=Timing.TODAY,
        action=(
            "Stop running and contact your surgical team (the people who operated on the hip)"
            " or a doctor today. Until then, rest the hip and keep weight off it where you "
            "can."
        ),
        tier=Tier.URGENT,
        title="A replaced or operated hip that hurts to stand on",
        reason=(
            "After a hip replacement or other hip surgery, a hip that hurts to stand on or "
            "makes you limp can mean the joint has loosened or moved, or a crack in the bone "
            "around it. Contact your surgical team or a doctor today."
        ),
        sources=("nhs-hip-replacement",),
        condition=lambda a: _all(_yes(a.hip_replacement), _not_full_weight(a)),
        trigger="A hip replacement or operation, and standing or walking on it hurts.",
        no_exercises=True,
        # "Not sure" whether the hip was operated on: the surgical team only if there is one.
        unsure_words=Wording(
            title="A hip that may have been operated on, and hurts to stand on",
            reason=(
                "After a hip replacement or other hip surgery, a hip that hurts to stand on or "
                "makes you limp can mean the joint has loosened or moved, or a crack in the "
                "bone around it. As this hip may have been operated on, get it checked by a "
                "doctor today, or by the surgical team if there was one."
            ),
            label="See a doctor today",
            about="a hip that may have been operated on and hurts to stand on",
            action=(
                "Stop running and get seen by a doctor today, or contact the surgical team "
                "(the people who operated on the hip) if there was one. Until then, rest the "
                "hip and keep weight off it where you can."
            ),
            told="a hip that may have been operated on and hurts to stand on",
        ),
    ),
    Rule(
        slug="past-cancer",
        tier=Tier.URGENT,
        title="New hip pain after cancer",
        reason=(
            "New bone or joint pain in someone who has had cancer should be checked by a "
            "doctor promptly, even if it is most likely from running."
        ),
        sources=("nhs-hip-pain", "versus-arthritis-hip-pain"),
        condition=lambda a: _yes(a.cancer_history),
        trigger="Cancer treated at any time.",
    ),
    Rule(
        slug="unexplained-weight-loss",
        causes=(),
        tier=Tier.URGENT,
        title="Weight loss you can't explain",
        reason=(
            "Losing weight without trying, together with hip pain, needs a doctor's check to "
            "look for an illness behind both."
        ),
        sources=("nhs-hip-pain", "versus-arthritis-hip-pain"),
        condition=lambda a: _yes(a.weight_loss),
        trigger="Weight lost without trying.",
    ),
    Rule(
        slug="red-or-warm-hip",
        told="red or warm skin over the hip",
        tier=Tier.URGENT,
        title="Red or warm skin over the hip",
        reason=(
            "That suggests inflammation or an infection rather than a simple running strain, "
            "and a doctor should look at it today."
        ),
        sources=("hip-pain-and-running", "nhs-hip-pain", "bsr-hot-swollen-joint"),
        condition=lambda a: _all(_yes(a.redness_warmth), _not(_yes(a.swelling))),
        trigger="Red or warm skin over the hip, without swelling (with it, see the hot hip).",
        no_exercises=True,
    ),
    Rule(
        slug="sudden-severe-pain",
        tier=Tier.URGENT,
        title="Severe pain that came on suddenly or with a fall",
        reason=(
            "A severe pain (7 or more out of 10) arriving at one moment, or with a fall or a "
            "blow, can mean a torn muscle or tendon, or a bone injury; get it checked today "
            "rather than running through it."
        ),
        # A fall or a blow is a sudden start, whatever the onset question was answered (it
        # may be answered "gradually" for pain that built up over the day after a fall): NHS
        # "Hip fracture" and "Hip pain" send hip pain after a fall or an injury to be seen,
        # and severe pain makes it the same day as for any other sudden start.
        sources=("managing-hip-pain", "hip-pain-and-running", "nhs-hip-pain", "nhs-hip-fracture"),
        condition=lambda a: _all(
            _any(_is(a.onset, Onset.SUDDEN), _yes(a.injury)), _at_least(a.severity, SEVERE_PAIN)
        ),
        trigger=(
            "Pain of 7 or more out of 10 that started suddenly, or with a fall, a collision or "
            "a blow."
        ),
        unsure='"Not sure" about a fall counts as "yes".',
    ),
    Rule(
        slug="severe-pain-at-night-and-rest",
        tier=Tier.URGENT,
        title="Severe pain at night and at rest",
        reason=(
            "Severe pain (7 or more out of 10) that doesn't let up at night or at rest is not "
            "typical of an overuse niggle and should be seen by a doctor today."
        ),
        sources=("managing-hip-pain", "hip-pain-and-running", "versus-arthritis-hip-pain"),
        condition=lambda a: _all(
            _yes(a.night_pain), _yes(a.pain_at_rest), _at_least(a.severity, SEVERE_PAIN)
        ),
        trigger="Pain at night and at rest, 7 or more out of 10.",
    ),
    Rule(
        slug="worst-imaginable-pain",
        tier=Tier.URGENT,
        title="Pain at the very top of the scale",
        reason=(
            "A score of 10 out of 10 is more than home care or a wait "
            "of a few days can deal with: pain like that gets in the way of everyday life, "
            "which the NHS counts as a reason to see a GP, and HipCare sends it to a doctor "
            "the same day, as it does severe pain that stops everyday things."
        ),
        # NHS "Hip pain": see a GP when the pain stops normal activities or sleep. The
        # severe-pain rule below sends pain of 7 or more to be seen within days and says to
        # get help today once it stops everyday things; pain at the top of the scale is
        # read as doing so (more urgent wins), so the answer never waits on its own
        # escalation line. The runners' guides list severe pain among the reasons to be seen.
        sources=("nhs-hip-pain", "managing-hip-pain", "hip-pain-and-running"),
        condition=lambda a: _is(a.severity, SEVERITY_MAX),
        trigger="Pain of 10 out of 10 at its worst (the worst imaginable).",
        unsure="Not a yes or no question.",
    ),
    # ---- see a professional ----------------------------------------------------------------
    Rule(
        slug="hip-pain-in-or-after-pregnancy",
        causes=(
            "Pelvic girdle pain: the joints of the pelvis move stiffly or unevenly in "
            "pregnancy, and the pain is felt in the hips, groin, buttocks or lower back.",
            "Other causes of hip pain, which the physiotherapist you are referred to checks for.",
        ),
        told="hip or pelvic pain in pregnancy or just after it",
        label="Tell your midwife or GP soon",
        about="the hip or pelvic pain in or after pregnancy",
        timing=Timing.SOON,
        action=(
            "Tell your midwife or GP about this pain soon rather than waiting for it to "
            "wear off: they can arrange a physiotherapist who knows about pregnancy. Until then, "
            "stop any running or exercise that brings the pain on."
        ),
        stop_running_action=(
            "Tell your midwife or GP about this pain soon rather than waiting for it to wear "
            "off: they can arrange a physiotherapist who knows about pregnancy. Stop running "
            "until the hip has been examined, and stop any exercise that brings the pain on."
        ),
        tier=Tier.SEE_PROFESSIONAL,
        title="Hip or pelvic pain in pregnancy or just after it",
        reason=(
            "Around one pregnant woman in five gets pain in the pelvis, felt in the hips, "
            "groin, buttocks or lower back (pelvic girdle pain), and it can go on after the "
            "birth. Tell your midwife or GP about it soon: they can arrange a physiotherapist "
            "who checks for other causes and gives exercises that suit pregnancy. One NHS "
            "leaflet says to ask once mild pain has lasted a week or two, another that the "
            "earlier it is looked at the better; HipCare follows the earlier. HipCare's "
            "starter routines are made for runners who are not pregnant, so none is offered."
        ),
        sources=(
            "cuh-pelvic-girdle-pain",
            "elht-pelvic-girdle-pain",
            "nhs-exercise-in-pregnancy",
        ),
        condition=lambda a: _is(
            pregnancy_of(a),
            Pregnancy.PREGNANT,
            Pregnancy.POSSIBLY_PREGNANT,
            Pregnancy.RECENTLY_GAVE_BIRTH,
        ),
        trigger=(
            "Pregnant, might be, or gave birth in the last six weeks, with pain around the hip "
            "(any pain the checker asks about)."
        ),
        unsure="Not a yes or no question: you choose the answer that fits.",
        no_exercises=True,
        # With a pain score of 0 there is no pain to tell anyone about: what stays is that
        # the routines are not made for pregnancy (the midwife or GP says what suits), the NHS
        # advice to stay active as long as it feels comfortable, and pelvic girdle pain's
        # signs, to report early if they come.
        no_pain=Wording(
            title="Pregnant or just after a birth, with no hip pain now",
            reason=(
                "HipCare's starter routines are made for runners who are not pregnant, so none "
                "is offered: your midwife or GP can say which exercise suits you now. The NHS "
                "encourages staying active in pregnancy, running included, for as long as it "
                "feels comfortable. About one in five pregnant women get pelvic girdle pain, "
                "which can be felt in the hips, groin, buttocks or lower back and can last "
                "beyond the birth; if it starts, tell your midwife or GP early, since it is "
                "easier to help the sooner it is looked at."
            ),
            trigger=(
                "Pregnant, might be, or gave birth in the last six weeks, with no hip pain now."
            ),
            label="Ask your midwife or GP which exercise suits you",
            about="a pregnancy or a recent birth",
            action=(
                "With no hip pain now there is nothing to report, but HipCare's routines are "
                "not made for pregnancy: ask your midwife or GP which exercise suits you. If "
                "pain starts in the hips, pelvis, groin, buttocks or lower back, tell them "
                "soon rather than waiting for it to pass."
            ),
            told="a pregnancy or a recent birth",
        ),
        # "I might be pregnant": there may be no midwife yet. The pelvic girdle pain leaflet
        # (ELHT) names the midwife, the GP, a physiotherapist or another health carer to ask;
        # these words name the GP, and the midwife for whoever has one.
        might_be_pregnant=Wording(
            title="Hip or pelvic pain when you might be pregnant",
            reason=(
                "Around one pregnant woman in five gets pain in the pelvis, felt in the hips, "
                "groin, buttocks or lower back (pelvic girdle pain), and it can go on after the "
                "birth. If you might be pregnant, tell your GP about it soon, or your midwife if "
                "you have one: they can arrange a physiotherapist who checks for other causes "
                "and gives exercises that suit pregnancy. One NHS leaflet says to ask once mild "
                "pain has lasted a week or two, another that the earlier it is looked at the "
                "better; HipCare follows the earlier. HipCare's starter routines are made for "
                "runners who are not pregnant, so none is offered."
            ),
            label="Tell your GP soon, or your midwife if you have one",
            about="hip or pelvic pain when you might be pregnant",
            action=(
                "Tell your GP about this pain soon, or your midwife if you have one, rather "
                "than waiting for it to wear off: they can arrange a physiotherapist who knows "
                "about pregnancy. Until then, stop any running or exercise that brings the pain "
                "on."
            ),
            stop_running_action=(
                "Tell your GP about this pain soon, or your midwife if you have one, rather "
                "than waiting for it to wear off: they can arrange a physiotherapist who knows "
                "about pregnancy. Stop running until the hip has been examined, and stop any "
                "exercise that brings the pain on."
            ),
            told="hip or pelvic pain when you might be pregnant",
        ),
        might_be_pregnant_no_pain=Wording(
            title="Might be pregnant, with no hip pain now",
            reason=(
                "HipCare's starter routines are made for runners who are not pregnant, so none "
                "is offered: your GP, or your midwife if you have one, can say which exercise "
                "suits you now. The NHS encourages staying active in pregnancy, running "
                "included, for as long as it feels comfortable. About one in five pregnant "
                "women get pelvic girdle pain, which can be felt in the hips, groin, buttocks "
                "or lower back and can last beyond the birth; if it starts, tell your GP (or "
                "your midwife) early, since it is easier to help the sooner it is looked at."
            ),
            label="Ask your GP, or your midwife if you have one, which exercise suits you",
            about="a possible pregnancy",
            action=(
                "With no hip pain now there is nothing to report, but HipCare's routines are "
                "not made for pregnancy: ask your GP, or your midwife if you have one, which "
                "exercise suits you. If pain starts in the hips, pelvis, groin, buttocks or "
                "lower back, tell them soon rather than waiting for it to pass."
            ),
            told="a possible pregnancy",
        ),
    ),
    Rule(
        slug="after-a-fall-or-blow",
        stops_running=True,
        label="Have the hip examined by a doctor or physio",
        about="the fall or blow to the hip",
        action_via_contact=(
            "Tell them about the fall or blow too: the hip should be examined, even though you "
            "can walk on it, and running and hip exercises wait until then. Go the same day if "
            "the pain gets worse, and call 999 if you can no longer stand on it."
        ),
        action=(
            "Have the hip examined by a doctor or a physiotherapist, even though you can walk"
            " on it, and leave running and hip exercises until then. Go the same day if the "
            "pain gets worse, and call 999 if you can no longer stand on it."
        ),
        tier=Tier.SEE_PROFESSIONAL,
        title="The pain started with a fall or a blow",
        reason=(
            "A broken hip doesn't always stop you walking, so hip pain that began with a fall "
            "or a knock should be examined, even when you can walk normally, and exercises "
            "that load the hip wait until it has been: a crack an examination would find can "
            "be made worse by them. Get seen sooner, the same day, if it gets worse, and call "
            "999 if you can no longer stand on it."
        ),
        sources=("nhs-hip-fracture", "nhs-hip-pain", "hip-pain-and-running"),
        condition=lambda a: _yes(a.injury),
        trigger="A fall, a collision or a blow to the hip, at any age.",
        no_exercises=True,
        told="a fall or a blow to the hip",
        # A fall with a pain score of 0: the same examination first (a crack can go unnoticed
        # while you can still walk), and pain coming on is what makes it the same day.
        no_pain=Wording(
            title="A fall or a blow to the hip",
            reason=(
                "A fall or a knock can crack the hip without stopping you walking, so the hip "
                "should be examined even though it doesn't hurt now, and exercises that load "
                "it wait until then: they could make a crack worse. Be seen the same day if "
                "the hip starts to hurt, and call 999 if you can no longer stand on it."
            ),
            action=(
                "Have the hip examined by a doctor or a physiotherapist, even though it doesn't"
                " hurt now, and leave running and hip exercises until then. Go the same day if"
                " it starts to hurt, and call 999 if you can no longer stand on it."
            ),
            action_via_contact=(
                "Tell them about the fall or blow too: the hip should be examined, even though "
                "it doesn't hurt now, and running and hip exercises wait until then. Go the "
                "same day if it starts to hurt, and call 999 if you can no longer stand on it."
            ),
        ),
    ),
    Rule(
        slug="unusual-vaginal-bleeding",
        causes=(),
        label="See a GP or a sexual health clinic",
        about="the bleeding from the vagina",
        action=(
            "Book an appointment with a GP or a sexual health clinic about the bleeding: it "
            "is not something a physio can check. If you might be pregnant, or you have tummy"
            " pain as well, get it checked today."
        ),
        tier=Tier.SEE_PROFESSIONAL,
        title="Bleeding from the vagina that isn't a normal period",
        reason=(
            "Bleeding between periods, after sex or after the menopause isn't caused by the "
            "hip and should be checked by a GP or a sexual health clinic (not a physio), even "
            "if it was only spotting or happened once. If you might be pregnant, or you also "
            "have tummy pain, it needs checking today."
        ),
        sources=(
            "nhs-bleeding-between-periods",
            "nhs-postmenopausal-bleeding",
            "nhs-ectopic-pregnancy",
        ),
        condition=lambda a: _yes(sign_of(a, "vaginal_bleeding")),
        trigger="Bleeding from the vagina that isn't a normal period.",
        unsure_words=Wording(
            title="Maybe bleeding from the vagina that isn't a normal period",
            about="the possible bleeding from the vagina",
            action=(
                "Book an appointment with a GP or a sexual health clinic about the possible "
                "bleeding: it is not something a physio can check. If you might be pregnant, "
                "or you have tummy pain as well, get it checked today."
            ),
        ),
    ),
    Rule(
        slug="not-improving-after-two-weeks",
        tier=Tier.SEE_PROFESSIONAL,
        title="No better after two weeks",
        reason=(
            "Pain that has lasted two weeks or more and isn't getting better, or that you "
            "haven't yet been able to ease, is worth a physio's or doctor's assessment; the "
            "earlier the better."
        ),
        sources=("run-longer-faster", "hip-pain-and-running", "nhs-hip-pain"),
        condition=lambda a: _all(_not_improving(a), _at_least(a.duration_days, 14), _hip_pain(a)),
        trigger=(
            "Pain for two weeks or more that isn't getting better, or easing off not tried yet "
            "(a hip that doesn't hurt at all doesn't count)."
        ),
        unsure='Not a yes or no question: "not tried yet" counts as not getting better.',
    ),
    Rule(
        slug="replaced-hip",
        causes=(
            "A problem with the replaced joint itself: it has loosened or moved, or the bone "
            "around it has cracked.",
            "An infection around the joint, more likely with swelling, redness or a temperature.",
        ),
        told="pain in a replaced or operated hip",
        label="Contact your surgical team or doctor",
        about="the pain in the replaced or operated hip",
        action=(
            "Contact your surgical team (the people who operated on the hip) or your doctor "
            "about the new pain. Until they have checked it, follow the exercises they gave "
            "you rather than a general routine, and stop anything that makes the pain worse."
        ),
        stop_running_action=(
            "Contact your surgical team (the people who operated on the hip) or your doctor "
            "about the new pain, and stop running until the hip has been examined. Ask them "
            "which of the exercises they gave you to carry on with meanwhile, and stop anything "
            "that makes the pain worse."
        ),
        tier=Tier.SEE_PROFESSIONAL,
        title="Pain in a replaced or operated hip",
        reason=(
            "New pain in a hip that has been replaced or operated on should be checked by your "
            "surgical team or a doctor; follow their exercises rather than a general routine."
        ),
        sources=("nhs-hip-replacement", "versus-arthritis-hip-pain"),
        condition=lambda a: _yes(a.hip_replacement),
        trigger="A hip replacement or another operation on that hip.",
        no_exercises=True,
        # "Not sure" whether the hip was operated on: the surgical team only if there is one.
        # Worded for any pain score (these words replace the no-pain ones too).
        unsure_words=Wording(
            title="A hip that may have been operated on",
            reason=(
                "If a hip has been replaced or operated on, the exercises that suit it are the "
                "ones the surgical team or physio gives, not a general routine, and new pain in "
                "it should be checked by them or a doctor. As this hip may have been, HipCare "
                "offers no general routine for now."
            ),
            label="Check with your doctor",
            about="a hip that may have been operated on",
            action=(
                "Ask your doctor, or the surgical team (the people who operated on the hip) if "
                "there was one, about the hip before starting a general routine, and stop "
                "anything that brings pain on or makes it worse."
            ),
            told="a hip that may have been operated on",
        ),
        # With a pain score of 0 there is no new pain to report: what stays is that the
        # surgical team's exercises, not a general routine, suit an operated hip.
        no_pain=Wording(
            title="A replaced or operated hip",
            reason=(
                "After a hip replacement or other hip surgery, the exercises that suit the hip "
                "are the ones your surgical team or physio gives you, not a general routine, "
                "and any new pain in it should be checked by them or a doctor."
            ),
            label="Check with your surgical team or doctor",
            about="the replaced or operated hip",
            action=(
                "With no pain now there is nothing new to report, but ask your surgical team "
                "(the people who operated on the hip) or your doctor before starting a general"
                " routine, keep to the exercises they gave you, and contact them if the hip "
                "starts to hurt."
            ),
            stop_running_action=(
                "Contact your surgical team (the people who operated on the hip) or your "
                "doctor, and stop running until the hip has been examined. Ask them which of "
                "the exercises they gave you to carry on with meanwhile, and stop anything that "
                "brings pain on."
            ),
            told="a replaced or operated hip",
        ),
    ),
    Rule(
        slug="steroids-or-alcohol",
        label="Book a doctor",
        about="long courses of steroids or heavy drinking",
        timing=Timing.SOON,
        action=(
            "Book an appointment with your doctor (GP) within the next week or two to have "
            "the hip assessed. Meanwhile cut back your running to what feels comfortable, and"
            " leave the exercises until the hip has been checked."
        ),
        stop_running_action=(
            "Book an appointment with your doctor (GP) within the next week or two to have "
            "the hip assessed, and stop running until it has been examined. Leave the "
            "exercises until then too."
        ),
        tier=Tier.SEE_PROFESSIONAL,
        title="Long-term steroids or heavy drinking",
        reason=(
            "Long courses of steroid tablets and heavy drinking can starve the top of the "
            "thigh bone of blood (osteonecrosis), which first shows as groin or hip pain. A "
            "doctor should assess the hip."
        ),
        sources=("bmj-osteonecrosis", "versus-arthritis-hip-pain"),
        condition=lambda a: _yes(a.steroids_or_alcohol),
        trigger="Long courses of steroid tablets, or heavy drinking.",
        no_exercises=True,
        told="long courses of steroids or heavy drinking",
        causes=(
            "Loss of blood supply to the top of the thigh bone (osteonecrosis), which long "
            "courses of steroid tablets and heavy drinking make more likely.",
        ),
    ),
    Rule(
        slug="periods-stopped-before-45",
        label="Book a GP appointment",
        about="periods that have stopped",
        action=(
            "Book an ordinary appointment with your GP about your periods stopping; it isn't "
            "urgent. Until then, don't add to your running, and stop anything that makes the "
            "hip hurt."
        ),
        # With a reason to have the hip examined first, the GP sees both, in the next week or
        # two (the tier's timing), and there is no running meanwhile.
        stop_running_action=(
            "Book an appointment with your GP within the next week or two, about your periods "
            "stopping and to have the hip examined. Until then, stop running, and stop "
            "anything that makes the hip hurt."
        ),
        no_pain=Wording(
            action=(
                "Book an ordinary appointment with your GP about your periods stopping; it "
                "isn't urgent. Until then, don't add to your running, and stop anything that "
                "brings hip pain on."
            ),
            stop_running_action=(
                "Book an appointment with your GP within the next week or two, about your "
                "periods stopping and to have the hip examined. Until then, stop running, and stop "
                "anything that brings hip pain on."
            ),
        ),
        # Thinner bones: like every rule about bone, no starter routine until it's checked.
        no_exercises=True,
        told="periods that have stopped",
        tier=Tier.SEE_PROFESSIONAL,
        title="Periods that have stopped, under 45",
        reason=(
            "Periods that stop for three months or more before 45, with no pregnancy to "
            "explain it, are a reason to see a GP whatever the hip does. Hard training with "
            "too little food for it is one common cause, and the low oestrogen that comes "
            "with it thins bones, which makes stress fractures more likely."
        ),
        # NHS "Stopped or missed periods": see a GP when periods stop before 45 or several
        # are missed in a row, and a lot of exercise is one cause (a routine appointment).
        # NICE CKS "Amenorrhoea": low oestrogen thins bones. IOC REDs consensus (2023): too
        # little energy for the training stops periods and raises the risk of bone stress.
        sources=("nhs-stopped-periods", "nice-cks-amenorrhoea", "ioc-reds-consensus-2023"),
        condition=_periods_stopped,
        unsure='Counts as "no": the answer lists it and says to see a GP if they have stopped.',
        trigger=(
            "Periods stopped for three months or more, under 45, with no pregnancy, "
            "menopause or hormonal contraception to explain it."
        ),
    ),
    Rule(
        slug="clicking-or-snapping",
        stops_running=True,
        told="painful clicking or snapping in the hip",
        tier=Tier.SEE_PROFESSIONAL,
        title="Painful clicking or snapping in the hip",
        reason=(
            "A click or snap in a painful hip can point to a tendon catching or a problem with "
            "the joint's rim of cartilage. The article this comes from says to see a "
            "professional before trying any home treatment."
        ),
        sources=("hip-pain-and-running", "run-longer-faster"),
        condition=lambda a: _all(_yes(a.clicking), _hip_pain(a)),
        trigger="A click or snap in the hip that hurts (a painless click doesn't count).",
        unsure_tier=None,
        unsure='Counts as "no": a click you are not sure of is not a reason on its own.',
        no_exercises=True,
    ),
    Rule(
        slug="pain-spreads",
        stops_running=True,
        told="pain that spreads beyond the hip",
        tier=Tier.SEE_PROFESSIONAL,
        title="Pain that spreads beyond the hip",
        reason=(
            "Pain that travels into the back, thigh or knee can come from the lower back or "
            "from the joint itself. The article this comes from says to see a professional "
            "before trying any home treatment."
        ),
        sources=("hip-pain-and-running", "run-longer-faster"),
        condition=lambda a: _all(_spreads(a), _not(_settling_thigh_soreness(a))),
        trigger=(
            "Pain spreading from the hip into the back, thigh or knee. Sore thighs alone for "
            "less than a week that are getting better (as after a race) count as muscle "
            "soreness, not spread."
        ),
        unsure="Not a yes or no question: you tick where it spreads, or nothing.",
        no_exercises=True,
    ),
    Rule(
        slug="limited-motion",
        stops_running=True,
        told="a hip that won't move freely",
        tier=Tier.SEE_PROFESSIONAL,
        title="The hip won't move freely",
        reason=(
            "A hip that won't move as far as usual, or pain or stiffness that changes the way "
            "you walk or run, should be assessed before any home treatment, as the article "
            "this comes from advises."
        ),
        sources=("managing-hip-pain", "hip-pain-and-running"),
        condition=lambda a: _yes(a.limited_motion),
        trigger="Can't move the hip as far as usual, or can't walk or run normally.",
        no_exercises=True,
    ),
    Rule(
        slug="hip-feels-unstable",
        stops_running=True,
        told="a hip that feels unstable",
        tier=Tier.SEE_PROFESSIONAL,
        title="The hip feels unstable",
        reason=(
            "A hip that feels as if it might give way should be examined by a physio or "
            "doctor before you run on it or try home exercises, as the article this comes "
            "from advises."
        ),
        sources=("hip-pain-and-running",),
        condition=lambda a: _yes(a.instability),
        trigger="The hip feels as if it might give way.",
        no_exercises=True,
    ),
    Rule(
        slug="swelling",
        stops_running=True,
        told="swelling around the hip",
        tier=Tier.SEE_PROFESSIONAL,
        title="Swelling around the hip",
        reason=(
            "Swelling means the tissues are more than just tired. The article this comes from "
            "says to see a professional before trying any home treatment."
        ),
        sources=("managing-hip-pain", "hip-pain-and-running"),
        condition=lambda a: _yes(a.swelling),
        trigger="A swollen hip.",
        no_exercises=True,
    ),
    Rule(
        slug="night-or-rest-pain",
        stops_running=True,
        told="pain at night or at rest",
        tier=Tier.SEE_PROFESSIONAL,
        title="Pain at night or at rest",
        reason=(
            "Pain that doesn't settle when you stop moving is a reason to see a professional "
            "before any home treatment, as the article this comes from advises."
        ),
        sources=("managing-hip-pain", "hip-pain-and-running"),
        condition=lambda a: _any(_yes(a.night_pain), _yes(a.pain_at_rest)),
        trigger="Pain that wakes you at night, or pain while resting.",
        no_exercises=True,
    ),
    Rule(
        slug="severe-pain",
        stops_running=True,
        label="See a GP or physio within a few days",
        about="the severe pain",
        timing=Timing.WITHIN_DAYS,
        action_via_contact=(
            "Tell them how bad the pain is: pain this bad should be examined in the next few "
            "days, not weeks. Until it has been, rest from running and leave the exercises: "
            "pain this bad is more than they are meant for. If the pain stops you doing "
            "everyday things or gets worse, get help today."
        ),
        action=(
            "Ask your GP surgery or a physiotherapist for an appointment in the next few days,"
            " not weeks. Until you have been examined, rest from running and leave the "
            "exercises: pain this bad is more than they are meant for. If the pain stops you "
            "doing everyday things or gets worse, get help today."
        ),
        tier=Tier.SEE_PROFESSIONAL,
        title="Severe pain",
        reason=(
            "Pain of 7 or more out of 10 at its worst needs a professional to examine the hip "
            "soon, rather than home care: the runners' guides list severe pain among the "
            "reasons to be seen, and the NHS sends hip pain that stops you doing normal "
            "activities to a GP. Exercises wait until then: the runner's log stops them from "
            "the same score, since pain above 5 is already more than a rehab programme "
            "accepts."
        ),
        sources=("managing-hip-pain", "hip-pain-and-running", "nhs-hip-pain"),
        condition=lambda a: _at_least(a.severity, SEVERE_PAIN),
        trigger="Pain of 7 or more out of 10 at its worst.",
        unsure="Not a yes or no question.",
        no_exercises=True,
        told="severe pain",
    ),
    Rule(
        slug="sudden-onset",
        stops_running=True,
        tier=Tier.SEE_PROFESSIONAL,
        title="Sudden pain that isn't settling",
        reason=(
            "A pain that started suddenly and isn't getting better can mean a strained or torn "
            "muscle: get it checked before running through it. A mild strain that is already "
            "improving can be looked after at home."
        ),
        sources=("managing-hip-pain", "hip-pain-and-running"),
        condition=lambda a: _all(_is(a.onset, Onset.SUDDEN), _not_improving(a)),
        trigger="Pain that started suddenly and isn't getting better (or easing off not tried).",
        unsure='Not a yes or no question: "not tried yet" counts as not getting better.',
        no_exercises=True,
        told="a sudden pain that isn't settling",
    ),
    Rule(
        slug="numbness-without-injury",
        stops_running=True,
        told="numbness or tingling in the leg",
        tier=Tier.SEE_PROFESSIONAL,
        title="Numbness or tingling in the leg",
        reason=(
            "That points to a nerve being irritated, often in the lower back, and a "
            "professional should check where it comes from. It is the nerve's side of pain "
            "that travels down the leg, which the running article says to have seen to before "
            "trying any home treatment, so HipCare holds running and the exercises back until "
            "then too."
        ),
        # NHS "Sciatica": a nerve irritated in the lower back can make the bottom, leg or foot
        # tingle, feel numb or weak. The running article ("Hip pain and running") sends pain
        # that radiates from the hip to a professional before any home treatment; a nerve sign
        # is held to the same (more urgent wins: the NHS page lets sciatica be eased at home).
        # The runner's log stops the exercises for the same sign (routines/monitoring.py).
        sources=("run-longer-faster", "mayo-hip-pain", "nhs-sciatica", "hip-pain-and-running"),
        condition=lambda a: _all(_yes(a.numbness), _not(_yes(a.injury))),
        trigger="Numbness, tingling or pins and needles in the leg, without an injury.",
        no_exercises=True,
    ),
    Rule(
        slug="painful-to-stand",
        stops_running=True,
        told="pain when you stand or walk on the leg",
        tier=Tier.SEE_PROFESSIONAL,
        title="It hurts to stand or walk on the leg",
        reason=(
            "Pain under everyday load, or a limp, is more than running soreness. The article "
            "this comes from says to see a professional before any home treatment when you "
            "can't walk or run normally."
        ),
        sources=("managing-hip-pain", "nhs-hip-pain", "hip-pain-and-running"),
        condition=lambda a: _is(a.weight_bearing, WeightBearing.PAINFUL),
        trigger="Standing or walking on the leg hurts or makes you limp.",
        unsure="Not a yes or no question.",
        no_exercises=True,
    ),
    # ---- self-care, but no exercises for now -------------------------------------------------
    Rule(
        slug="temperature-without-hip-pain",
        tier=Tier.SELF_CARE,
        title="A temperature, and no hip pain",
        reason=(
            "A high temperature usually means the body is fighting an infection. For that the "
            "NHS advises a lot of rest and plenty to drink, water above all, with paracetamol "
            "or ibuprofen to ease any discomfort, so HipCare holds the exercises back until "
            "your temperature has gone: do the checker again then. If you feel very unwell or "
            "are worried about it, ask your GP surgery for an urgent appointment or contact "
            "NHS 111. If the hip starts to hurt while you still have a temperature, go to A&E: "
            "that can be an infection in the joint."
        ),
        # NHS "High temperature (fever) in adults": usually an infection; rest, fluids (water
        # best), paracetamol or ibuprofen if uncomfortable, stay at home until it has gone;
        # an urgent GP appointment or NHS 111 when it is worrying. Hip pain with it is the
        # "fever" rule's emergency (NHS "Septic arthritis" and the guidance it cites there).
        # Only no hip pain at all (a score of 0 and no other answer that says it hurts) lets
        # this rule apply, so it never stands in for that one.
        sources=("nhs-fever-in-adults", "nhs-septic-arthritis"),
        condition=lambda a: _all(_yes(a.fever), _is(a.severity, SEVERITY_MIN), _not(_pain_said(a))),
        trigger=(
            "A temperature, or feeling hot and shivery, with a pain score of 0 and no other "
            "answer that says the hip hurts (no hip pain)."
        ),
        unsure=(
            'Counts as "yes": if you might have a temperature, rest until you are sure it has gone.'
        ),
        no_exercises=True,
        only_without_pain=True,
        told="a temperature",
        label="Rest until your temperature has gone",
        about="the temperature you told us about",
        action=(
            "Nothing you told us about the hip needs a professional. Rest and drink plenty of "
            "fluids until the temperature has gone, and leave running and exercises until "
            "then."
        ),
        check_again_when="your temperature has gone",
        # "Not sure": the same rest and the same check again, once sure there is none; how
        # to tell, as NHS "High temperature (fever) in adults" says (38C or above, a chest or
        # back hotter than usual, or feeling hot or shivery; a thermometer if you have one).
        unsure_words=Wording(
            title="Maybe a temperature, and no hip pain",
            reason=(
                "You may have a high temperature if a thermometer reads 38 °C (100.4 °F) or "
                "more, your "
                "chest or back feels hotter than usual, or you feel hot or shivery (even if a "
                "thermometer reads less). You don't need a thermometer, but use one if you "
                "have it. A high temperature usually means the body is fighting an infection, "
                "and for that the NHS advises a lot of rest and plenty to drink, water above "
                "all, with paracetamol or ibuprofen to ease any discomfort. So HipCare holds "
                "the exercises back until you are sure you don't have a temperature: do the "
                "checker again then. If you feel very unwell or are worried about it, ask your "
                "GP surgery for an urgent appointment or contact NHS 111. If the hip starts to "
                "hurt while you might have a temperature, go to A&E: that can be an infection "
                "in the joint."
            ),
            label="Rest until you are sure you have no temperature",
            about="a possible temperature",
            action=(
                "Nothing you told us about the hip needs a professional. You weren't sure "
                "whether you have a temperature: check it with a thermometer if you have one. "
                "Until you are sure you don't have one, rest, drink plenty of fluids, and leave "
                "running and exercises."
            ),
            told="a possible temperature",
            check_again_when="you are sure you don't have a temperature",
        ),
    ),
)

_RULES_BY_SLUG: dict[str, Rule] = {rule.slug: rule for rule in RULES}


def rule_by_slug(slug: str) -> Rule:
    """The rule with this slug; ``KeyError`` if there is none."""
    return _RULES_BY_SLUG[slug]


#: How each number the person gave reads when we say what they told us: their own value,
#: never the rule's threshold ("a pain score of 9 out of 10", not "7 or more").
_NUMBER_TOLD: dict[str, Callable[[int], str]] = {
    "severity": lambda n: f"a pain score of {n} out of 10",
    "age": lambda n: f"an age of {n}",
    "duration_days": lambda n: f"pain for {n} day{'' if n == 1 else 's'}",
}


def told_numbers(rule: Rule, answers: Answers) -> str:
    """The numbers the person gave that decide whether `rule` holds for their answers, in
    their own values ("a pain score of 9 out of 10 and an age of 70"); "" for a rule no
    number of theirs decides. A number decides it when another value of it (any of the
    cases the split tries, :data:`_NUMBER_CASES`, or no answer) would change the rule's
    reading of these answers. What "What you told us" and "You told us about" say, so
    neither gives the rule's threshold as the person's own answer."""
    reading = rule.condition(answers)
    reads = _numbers_read(rule)
    phrases = []
    for name, phrase in _NUMBER_TOLD.items():
        value = getattr(answers, name)
        if value is None or name not in reads:
            # A number the rule's condition never reads can't change its reading.
            continue
        # One copy per number, its value set in turn, without validating the answers again
        # (as unsure_read_as): every case is a valid answer, and `replace` on 35 fields for
        # each of ~40 cases was most of the triage answer's time.
        trial = _copy(answers)
        for other in (None, *_NUMBER_CASES[name]):
            object.__setattr__(trial, name, other)
            if rule.condition(trial) != reading:
                phrases.append(phrase(value))
                break
    return _and(phrases)


def _numbers_read(rule: Rule) -> Collection[str]:
    """The answers :func:`told_numbers` may try other values of for ``rule``: those its
    condition reads (:func:`rule_reads`, worked out once per process from the rules alone),
    or every number for a condition that is not one of :data:`RULES`' (a test's own rule)."""
    known = _RULES_BY_SLUG.get(rule.slug)
    if known is None or known.condition is not rule.condition:
        return _NUMBER_TOLD.keys()
    return rule_reads()[rule.slug]


def _and(phrases: list[str]) -> str:
    if len(phrases) < 2:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def told_about(fired: tuple[Rule, ...], answers: Answers | None = None) -> str:
    """What the runner told us, from these rules' :attr:`Rule.told`, as one phrase that
    completes "You told us about ...": "a, b and c". With `answers`, a rule decided by a
    number the person gave says their value (:func:`told_numbers`): "severe pain (a pain
    score of 9 out of 10)"."""
    phrases = []
    for rule in fired:
        if not rule.told:
            continue
        numbers = told_numbers(rule, answers) if answers is not None else ""
        phrases.append(f"{rule.told} ({numbers})" if numbers else rule.told)
    return _and(list(dict.fromkeys(phrases)))


# --------------------------------------------------------------------------------------------
# Assessment
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """What the answers so far call for.

    ``tier``: the most urgent tier of the rules that apply for sure (self care if none).
    ``fired``: those rules, in :data:`RULES` order; ``fired_tiers`` the tier each gave (lower
    than its own where it applies only through "not sure"); ``raised_by_unsure`` the "not
    sure" answers (sign names) that made each one apply. ``highest_possible``: the most urgent
    tier any answers to the questions still missing could lead to. ``complete``: nothing is
    missing.
    """

    tier: Tier
    fired: tuple[Rule, ...]
    fired_tiers: dict[str, Tier] = field(default_factory=dict, compare=False)
    raised_by_unsure: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    highest_possible: Tier | None = None
    complete: bool = True

    @property
    def decided(self) -> bool:
        """Whether no answer still missing could change the tier: everything is answered, an
        emergency rule applies, or an urgent one applies and nothing missing could make it an
        emergency."""
        if self.complete or self.tier is Tier.EMERGENCY:
            return True
        return self.tier is Tier.URGENT and self.highest_possible is not Tier.EMERGENCY

    @property
    def offers_exercises(self) -> bool:
        """Whether the answer may offer a starter routine: never for red flags, nor when a rule
        says to be seen before any home treatment."""
        return self.tier in (Tier.SELF_CARE, Tier.SEE_PROFESSIONAL) and not self.no_exercises

    @property
    def no_exercises(self) -> tuple[Rule, ...]:
        """The fired rules that hold the starter routine back: to be seen before any home
        treatment, or (:attr:`rest_first`) to rest first."""
        return tuple(rule for rule in self.fired if rule.no_exercises)

    @property
    def examined_first(self) -> tuple[Rule, ...]:
        """The fired rules that say to be examined before any home treatment."""
        return tuple(rule for rule in self.no_exercises if rule.tier is not Tier.SELF_CARE)

    @property
    def rest_first(self) -> tuple[Rule, ...]:
        """The fired self-care rules: no exercises until what each names has passed (its
        :attr:`Rule.check_again_when`), then check again."""
        return tuple(rule for rule in self.no_exercises if rule.tier is Tier.SELF_CARE)

    def tier_of(self, rule: Rule) -> Tier:
        return self.fired_tiers.get(rule.slug, rule.tier)

    @property
    def counted_unsure(self) -> frozenset[str]:
        """The signs answered "not sure" that the answer counted (those the "You weren't sure
        about ..." lines name): :func:`come_back_if` lists none of them as still to come."""
        return frozenset(name for names in self.raised_by_unsure.values() for name in names)

    @property
    def main_reasons(self) -> tuple[Rule, ...]:
        """The fired rules that set the tier."""
        return tuple(rule for rule in self.fired if self.tier_of(rule) == self.tier)

    @property
    def other_reasons(self) -> tuple[Rule, ...]:
        """Fired rules of a less urgent tier: still worth telling the professional about."""
        return tuple(rule for rule in self.fired if self.tier_of(rule) != self.tier)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source slug behind the fired rules, in first-mentioned order."""
        return tuple(dict.fromkeys(slug for rule in self.fired for slug in rule.sources))


def _outcome(
    rule: Rule, as_no_answers: Answers, as_yes_answers: Answers
) -> tuple[Tier | None, Tier | None, bool]:
    """(the tier the rule gives for sure, the most urgent it could still give, whether it
    gives it only through "not sure" answers) for answers given with every "not sure" read as
    "no" and as "yes" (the same object when there is none: read once)."""
    as_no = rule.condition(as_no_answers)
    if as_no is True:
        return rule.tier, rule.tier, False
    if not rule.unsure_tier:
        as_yes: Maybe = False
    elif as_yes_answers is as_no_answers:
        as_yes = as_no
    else:
        as_yes = rule.condition(as_yes_answers)
    highest = rule.tier if as_no is None else (rule.unsure_tier if as_yes is not False else None)
    if as_yes is True:
        return rule.unsure_tier, highest, True
    return None, highest, False


def _evaluate(
    rule: Rule, answers: Answers, as_no_answers: Answers, as_yes_answers: Answers
) -> tuple[Tier | None, Tier | None, tuple[str, ...]]:
    """(the tier the rule gives for sure, the most urgent it could still give, the "not sure"
    answers that made it apply) for these answers, given them with every "not sure" read as
    "no" and as "yes" (:func:`_outcome`)."""
    given, highest, through_unsure = _outcome(rule, as_no_answers, as_yes_answers)
    if not through_unsure:
        return given, highest, ()
    # Which "not sure" answers it rests on: each one that, read as "no" with the others as
    # "yes", stops it applying, or that on its own (the others as "no") makes it apply.
    raised = tuple(
        name
        for name in answers.unsure_signs()
        if rule.condition(answers.unsure_read_as(Sign.YES, except_for=name)) is not True
        or rule.condition(answers.unsure_read_as(Sign.NO, except_for=name)) is True
    )
    return given, highest, raised


# --------------------------------------------------------------------------------------------
# An emergency the missing answers can't change
# --------------------------------------------------------------------------------------------
#
# A rule that reads a question not answered yet is unknown, even when every answer that
# question could get leads to an emergency (by this rule or another one): a leg out of shape
# is an emergency with a fall and without one. :func:`assess` doesn't make the runner answer
# such a question first: when no emergency rule applies yet but one could, it splits on the
# missing questions the unknown emergency rules read, trying every answer each could get, and
# calls it an emergency when every branch ends in one. The rules that apply in every branch
# are the reasons given (none of them claims an answer not given).

#: The answers a number question is tried with when the split needs it: every value at which
#: a rule's outcome can change (each threshold and the value below it) and the ends of the
#: range. tests/triage checks them against every value in the range.
_AGE_THRESHOLDS = (
    CHILD_AGE_UNDER,
    YOUNG_PERSON_FROM,
    GROWTH_PLATE_AGES.start,
    GROWTH_PLATE_AGES.stop,
    PREGNANCY_AGES.start,
    PREGNANCY_AGES.stop,
    MENOPAUSE_FROM,
    FALL_RISK_AGE,
)
_NUMBER_CASES: dict[str, tuple[int, ...]] = {
    "age": tuple(
        sorted(
            {AGE_MIN, AGE_MAX}
            | {n for t in _AGE_THRESHOLDS for n in (t - 1, t) if AGE_MIN <= n <= AGE_MAX},
            reverse=True,
        )
    ),
    "severity": tuple(range(SEVERITY_MIN, SEVERITY_MAX + 1)),
    # 14: two weeks without getting better (the "not settling" rule).
    "duration_days": (DURATION_MIN, SORENESS_DAYS - 1, SORENESS_DAYS, 13, 14, DURATION_MAX),
}


def possible_answers(name: str) -> tuple[object, ...]:
    """Every answer question ``name`` can get, as the split tries them: "no" (or the least
    worrying choice) first, so a branch that is not an emergency is found early. Number
    questions give their cases (:data:`_NUMBER_CASES`); the age the oldest first (no child
    rule, no pregnancy question)."""
    return _POSSIBLE_ANSWERS[name]


def _possible_answers() -> dict[str, tuple[object, ...]]:
    areas = tuple(Radiates)
    subsets = tuple(
        frozenset(area for bit, area in enumerate(areas) if mask >> bit & 1)
        for mask in range(2 ** len(areas))
    )
    found: dict[str, tuple[object, ...]] = {
        name: (Sign.NO, Sign.UNSURE, Sign.YES) for name in SIGN_FIELDS
    }
    found.update(
        onset=tuple(Onset),
        location=tuple(Location),
        weight_bearing=tuple(WeightBearing),
        improving=tuple(Improving),
        pregnancy=tuple(Pregnancy),
        radiates_to=subsets,
        **_NUMBER_CASES,
    )
    return found


_POSSIBLE_ANSWERS = _possible_answers()
assert set(_POSSIBLE_ANSWERS) == {f.name for f in fields(Answers)}


class _Reading:
    """Stands in for :class:`Answers` while a condition runs, noting each answer it reads."""

    __slots__ = ("_answers", "read")

    def __init__(self, answers: Answers) -> None:
        self._answers = answers
        self.read: list[str] = []

    def __getattr__(self, name: str) -> object:
        self.read.append(name)
        return getattr(self._answers, name)


def _answered(answers: Answers, name: str, value: object) -> Answers:
    """A copy with one more answer (already a valid value: not validated again)."""
    copy = _copy(answers)
    object.__setattr__(copy, name, value)
    return copy


def _emergency_always(
    answers: Answers, missing: frozenset[str], emergency_rules: tuple[Rule, ...]
) -> tuple[frozenset[str], frozenset[str]] | None:
    """``None`` if some answers to the ``missing`` questions lead to no emergency; otherwise
    (the emergency rules that apply in every branch, those that apply when each missing
    question gets its least worrying answer, the first :func:`possible_answers` gives)."""
    as_no, as_yes = answers.unsure_read_as(Sign.NO), answers.unsure_read_as(Sign.YES)
    applying, unknown = [], []
    for rule in emergency_rules:
        no = rule.condition(as_no)
        yes = rule.condition(as_yes) if rule.unsure_tier is Tier.EMERGENCY else False
        if no is True or yes is True:
            applying.append(rule.slug)
        elif no is None or yes is None:
            unknown.append(rule)
    if applying:
        return frozenset(applying), frozenset(applying)
    # The first missing question an unknown emergency rule reads.
    for rule in unknown:
        reading = _Reading(as_no), _Reading(as_yes)
        rule.condition(reading[0])  # type: ignore[arg-type]
        if rule.unsure_tier is Tier.EMERGENCY:
            rule.condition(reading[1])  # type: ignore[arg-type]
        name = next((n for n in reading[0].read + reading[1].read if n in missing), None)
        if name is not None:
            break
    else:
        return None
    every: frozenset[str] | None = None
    first: frozenset[str] | None = None
    for value in _POSSIBLE_ANSWERS[name]:
        branch = _answered(answers, name, value)
        found = _emergency_always(branch, missing - {name}, emergency_rules)
        if found is None:
            return None
        every = found[0] if every is None else every & found[0]
        first = found[1] if first is None else first
    return every or frozenset(), first or frozenset()


_EMERGENCY_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.tier is Tier.EMERGENCY)


def emergency_whatever(
    answers: Answers, emergency_rules: tuple[Rule, ...] | None = None
) -> tuple[frozenset[str], frozenset[str]] | None:
    """Whether the answers given make an emergency certain, whatever the missing answers turn
    out to be: ``None`` if not, else (the slugs of the rules that apply in every case, those
    that apply when every missing answer is the least worrying one). ``emergency_rules``:
    :data:`RULES`' emergency rules unless a test gives others."""
    if emergency_rules is None:
        emergency_rules = _EMERGENCY_RULES
    missing = answers.missing
    # Quick refusal first (the usual case: a step answered "no" throughout): with every
    # missing question given its least worrying answer at once, is it an emergency at all?
    least = _copy(answers)
    for name in missing:
        object.__setattr__(least, name, _POSSIBLE_ANSWERS[name][0])
    as_no, as_yes = least.unsure_read_as(Sign.NO), least.unsure_read_as(Sign.YES)
    if not any(
        rule.condition(as_no) is True
        or (rule.unsure_tier is Tier.EMERGENCY and rule.condition(as_yes) is True)
        for rule in emergency_rules
    ):
        return None
    return _emergency_always(answers, frozenset(missing), emergency_rules)


def assess(answers: Answers) -> Assessment:
    """Check every rule; the most urgent tier among those that apply wins.

    Works on any answers, complete or not (see the module docstring): the result says the tier
    the answers given already call for, and whether any missing answer could still change it.
    """
    answers = only_asked(answers)
    fired, tiers, raised, highest = [], {}, {}, Tier.SELF_CARE
    as_no, as_yes = answers.unsure_read_as(Sign.NO), answers.unsure_read_as(Sign.YES)
    told = pain_told(answers)
    for rule in RULES:
        if rule.only_without_pain and told:
            continue
        given, could, unsure = _evaluate(rule, answers, as_no, as_yes)
        if given is not None:
            fired.append(rule)
            tiers[rule.slug] = given
            if unsure:
                raised[rule.slug] = unsure
        if could is not None:
            highest = max(highest, could)
    tier = max(tiers.values(), default=Tier.SELF_CARE)
    if tier is not Tier.EMERGENCY and highest is Tier.EMERGENCY:
        # No emergency rule applies yet, but one could: is it one whatever the missing
        # answers turn out to be? (See "An emergency the missing answers can't change".)
        found = emergency_whatever(answers)
        if found is not None:
            every, least = found
            # The rules that apply in every branch; if no single one does, those that apply
            # when each missing question gets its least worrying answer ("no"), so no reason
            # claims a worrying answer (a fall) that wasn't given.
            certain = every or least
            tiers.update(dict.fromkeys(certain, Tier.EMERGENCY))
            fired = [rule for rule in RULES if rule.slug in tiers]
            tier = Tier.EMERGENCY
    return Assessment(
        tier=tier,
        # Each in the words that fit the answers (a pain score of 0: no pain to speak of).
        # "Not sure" answers: words that don't speak of the sign as certain.
        fired=tuple(worded_for(rule, answers, unsure=rule.slug in raised) for rule in fired),
        fired_tiers=tiers,
        raised_by_unsure=raised,
        highest_possible=max(highest, tier),
        complete=answers.complete,
    )


# --------------------------------------------------------------------------------------------
# The order of the questions: emergencies first
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One page of the symptom checker: a heading and the questions on it, by field name."""

    slug: str
    heading: str
    intro: str
    questions: tuple[str, ...]


#: The checker's steps. The first two hold every question an emergency rule reads, so once
#: they are answered no later answer can make it an emergency (tests/triage pins this). A
#: question that qualifies a first-step sign is asked with it, never after it: the pain score
#: sits on the first step because it decides whether a temperature is a hip red flag.
STEPS: tuple[Step, ...] = (
    Step(
        "emergency",
        "First, the questions that can't wait",
        "A sign that needs emergency care brings that advice as soon as you press Next. "
        "Anything else goes on to a few more safety questions, then questions about the pain.",
        (
            "age",
            "weight_bearing",
            "severity",
            "injury",
            "deformity",
            "saddle_or_bladder",
            "leg_weakness",
            "breathless_or_chest_pain",
            "fever",
            "testicle_pain",
            "groin_lump",
        ),
    ),
    Step(
        "safety",
        "A few more safety questions",
        "Some problems that need a doctor soon are felt in the hip or groin but start elsewhere.",
        (
            "pregnancy",
            "tummy_pain",
            "vomiting",
            "faint",
            "vaginal_bleeding",
            "leg_swollen",
            "swelling",
            "redness_warmth",
            "numbness",
            "hip_replacement",
        ),
    ),
    Step(
        "pain",
        "About the pain",
        "Where it hurts and how it behaves.",
        (
            "location",
            "radiates_to",
            "onset",
            "duration_days",
            "improving",
            "night_pain",
            "pain_at_rest",
            "limited_motion",
            "instability",
            "clicking",
        ),
    ),
    Step(
        "background",
        "About you and your running",
        "Last questions: things that make some causes more likely.",
        (
            "mileage_increase",
            "previous_stress_fracture",
            "periods_stopped",
            "weak_bones",
            "cancer_history",
            "weight_loss",
            "steroids_or_alcohol",
        ),
    ),
)
assert sorted(q for step in STEPS for q in step.questions) == sorted(
    f.name for f in fields(Answers)
)


#: Every question's name (the fields of :class:`Answers`), in the order the steps ask them.
QUESTIONS: tuple[str, ...] = tuple(name for step in STEPS for name in step.questions)


def next_step(answers: Answers) -> Step | None:
    """The first step with a question not answered yet (None when all are answered)."""
    missing = set(answers.missing)
    return next((step for step in STEPS if missing.intersection(step.questions)), None)


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
    Location.FRONT_GROIN: (
        "managing-hip-pain",
        "hip-pain-and-running",
        "run-longer-faster",
        "robertson-wood-femoral-neck-stress-fractures",
    ),
    Location.DEEP_INSIDE: ("hip-pain-and-running", "run-longer-faster"),
    Location.DIFFUSE: ("run-longer-faster", "hip-pain-and-running"),
}


def possible_contributors(location: str) -> tuple[str, ...]:
    """Things that commonly cause pain in this spot, worded as possibilities.

    These are not a diagnosis: only someone who examines the runner can say which applies.
    """
    return _CONTRIBUTORS[_to_enum("location", Location, location)]


#: Groin pain that hurts to stand or walk on, or makes the runner limp, is the usual way a
#: stress fracture of the thigh bone's neck shows (Robertson and Wood 2017: groin pain with
#: exercise, then on walking; the causes article: pain inside the hip can be a stress
#: fracture): the list of causes for the groin names it then.
_GROIN_STRESS_FRACTURE = (
    "A stress fracture of the neck of the thigh bone, which in a runner often shows as groin "
    "pain that hurts to walk on or makes you limp."
)


#: A rule whose causes another rule names more fully (the same condition, in more places):
#: where both decide, the answer lists the fuller words only (a fresh tester read two
#: stress-fracture causes, each followed by its own "Once a doctor has ruled that out").
_CAUSES_NAMED_MORE_FULLY_BY = {"suspected-stress-fracture": "stress-fracture-risks-together"}
#: How a rule's last cause begins when it names what a physio tells apart once a doctor has
#: ruled out the causes before it.
_AFTER_RULED_OUT = "Once a doctor has ruled that out"


def causes_shown(
    assessment: Assessment, location: str, answers: Answers | None = None
) -> tuple[str, ...]:
    """What often causes pain like this, as the answer lists it: the causes the deciding rules
    name (:attr:`Rule.causes`, none when their reason points outside the hip), or, when none
    names any, the running causes for where it hurts; for groin pain that hurts to stand on
    or makes the runner limp, a stress fracture of the thigh bone's neck first."""
    naming = [rule for rule in assessment.main_reasons if rule.causes is not None]
    deciding = {rule.slug for rule in naming}
    named = [
        rule.causes for rule in naming if _CAUSES_NAMED_MORE_FULLY_BY.get(rule.slug) not in deciding
    ]
    if named:
        causes = tuple(dict.fromkeys(cause for causes in named for cause in causes))
        # "Once a doctor has ruled that out, ..." once, after every cause it follows.
        then = [cause for cause in causes if cause.startswith(_AFTER_RULED_OUT)]
        return (*(cause for cause in causes if cause not in then), *then[-1:])
    causes = possible_contributors(location)
    if (
        answers is not None
        and _to_enum("location", Location, location) is Location.FRONT_GROIN
        and answers.weight_bearing is WeightBearing.PAINFUL
    ):
        return (_GROIN_STRESS_FRACTURE, *causes)
    return causes


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


def _has(name: str) -> Callable[[Answers], bool]:
    return lambda a: getattr(a, name) is Sign.YES


def _hot_swollen(a: Answers) -> bool:
    return a.swelling is Sign.YES and a.redness_warmth is Sign.YES


def _red_or_swollen(a: Answers) -> bool:
    return a.swelling is Sign.YES or a.redness_warmth is Sign.YES


#: The hot, swollen hip in :data:`_COME_BACK`, as a runner who said neither "yes" sees it.
_HOT_SWOLLEN = "the hip becomes swollen and red or hot"

#: The checker's answers that say a sign of :data:`_COME_BACK` has come (answer name, value):
#: what :func:`sign_tier` asks the checker's own rules about.
_SignAnswers = tuple[tuple[str, object], ...]


def _said_yes(*names: str) -> _SignAnswers:
    return tuple((name, Sign.YES) for name in names)


#: When to check again or get help, each item a list of (what would happen, the same for a
#: parent or carer about their child, whether it is already so, the answers that say it): a
#: part already answered "yes" is left out, since it is not something still to look out for
#: (:func:`come_back_if`). Each part is listed under what the checker's rules say to do when
#: it comes (:func:`sign_tier`, :func:`watch_lists`), so a line of parts may be split.
_COME_BACK: tuple[tuple[tuple[str, str, Callable[[Answers], bool], _SignAnswers], ...], ...] = (
    (
        (
            "you can't put weight on the leg",
            "your child can't put weight on the leg",
            lambda a: a.weight_bearing is WeightBearing.UNABLE,
            (("weight_bearing", WeightBearing.UNABLE),),
        ),
        (
            "the leg looks a different shape or shorter",
            "the leg looks a different shape or shorter",
            _has("deformity"),
            _said_yes("deformity"),
        ),
    ),
    (
        (
            "you get tummy pain",
            "your child gets tummy pain",
            _has("tummy_pain"),
            _said_yes("tummy_pain"),
        ),
        ("you start being sick", "they start being sick", _has("vomiting"), _said_yes("vomiting")),
        (
            "your calf or thigh swells on one side",
            "their calf or thigh swells on one side",
            _has("leg_swollen"),
            _said_yes("leg_swollen"),
        ),
        (
            "a painful lump appears in the groin",
            "a painful lump appears in the groin",
            _has("groin_lump"),
            _said_yes("groin_lump"),
        ),
        ("a testicle hurts", "a testicle hurts", _has("testicle_pain"), _said_yes("testicle_pain")),
    ),
    (
        (_HOT_SWOLLEN, _HOT_SWOLLEN, _hot_swollen, _said_yes("swelling", "redness_warmth")),
        # Each alone, while neither is so: with one already so, the other is the hot,
        # swollen hip above.
        (
            "the skin over the hip turns red or warm",
            "the skin over the hip turns red or warm",
            _red_or_swollen,
            _said_yes("redness_warmth"),
        ),
        ("the hip area swells", "the hip area swells", _red_or_swollen, _said_yes("swelling")),
        (
            "you get a temperature or feel shivery",
            "your child gets a temperature or feels shivery",
            _has("fever"),
            _said_yes("fever"),
        ),
        (
            "you faint or feel very dizzy",
            "they faint or seem very dizzy",
            _has("faint"),
            _said_yes("faint"),
        ),
    ),
    (
        (
            "you get numbness around your bottom or genitals, or trouble with your bladder or "
            "bowels",
            "your child gets numbness around the bottom or genitals, or trouble with their "
            "bladder or bowels",
            _has("saddle_or_bladder"),
            _said_yes("saddle_or_bladder"),
        ),
    ),
    (
        (
            "you get sudden breathlessness, chest pain or pain on breathing in, or cough up blood",
            "your child gets sudden breathlessness, chest pain or pain on breathing in, or "
            "coughs up blood",
            _has("breathless_or_chest_pain"),
            _said_yes("breathless_or_chest_pain"),
        ),
    ),
    (
        (
            "you have numbness or tingling in the leg",
            "your child has numbness or tingling in the leg",
            _has("numbness"),
            _said_yes("numbness"),
        ),
        (
            "the leg or foot goes weak (the foot drags or flops)",
            "the leg or foot goes weak (the foot drags or flops)",
            _has("leg_weakness"),
            _said_yes("leg_weakness"),
        ),
        (
            "the hip starts to feel unstable",
            "the hip starts to give way",
            _has("instability"),
            _said_yes("instability"),
        ),
    ),
    (
        # With a pain score of 0 there is no "the pain" yet: _COME_BACK_NO_PAIN words it.
        (
            "the pain starts waking you at night",
            "the pain starts waking your child at night",
            _has("night_pain"),
            _said_yes("night_pain"),
        ),
        (
            "it hurts even when you are resting",
            "it hurts even when they are resting",
            _has("pain_at_rest"),
            _said_yes("pain_at_rest"),
        ),
    ),
    (
        # With a pain score of 0 there is no pain to get worse: _COME_BACK_NO_PAIN says
        # severe pain coming on instead.
        (
            "the pain suddenly gets much worse",
            "the pain suddenly gets much worse",
            lambda a: a.severity == SEVERITY_MAX,
            # Pain much worse: as the worst pain score there is.
            (("severity", SEVERITY_MAX),),
        ),
        (
            "it hurts to stand or walk on the leg",
            "it hurts them to stand or walk on the leg",
            lambda a: a.weight_bearing in (WeightBearing.PAINFUL, WeightBearing.UNABLE),
            (("weight_bearing", WeightBearing.PAINFUL),),
        ),
    ),
    (
        (
            "you notice weight loss that you can't explain",
            "your child loses weight without trying",
            _has("weight_loss"),
            _said_yes("weight_loss"),
        ),
    ),
    (
        (
            "you fall or knock the hip",
            "your child falls or knocks the hip",
            _has("injury"),
            _said_yes("injury"),
        ),
        (
            "the hip gets hard to move",
            "the hip gets hard to move",
            _has("limited_motion"),
            _said_yes("limited_motion"),
        ),
        (
            "the hip clicks painfully",
            "the hip clicks painfully",
            _has("clicking"),
            _said_yes("clicking"),
        ),
        (
            "you bleed from the vagina outside a period",
            "your child bleeds from the vagina outside a period",
            _has("vaginal_bleeding"),
            _said_yes("vaginal_bleeding"),
        ),
    ),
)

#: Items of :data:`_COME_BACK` worded for someone who is pregnant or gave birth in the last six
#: weeks (for the runner, for a child's parent or carer). "Outside a period" is the NHS's line
#: for everyone else (bleeding between periods, after sex or after the menopause: the pages
#: unusual-vaginal-bleeding cites); in pregnancy there is no period to tell it from, and the
#: maternity pages bleeding-in-pregnancy and bleeding-after-a-birth cite (Shropshire, Telford
#: and Wrekin's "Bleeding in pregnancy"; UHB's "When to call the midwife"; the RCOG's leaflet
#: on heavy bleeding after birth) ask for a call about any bleeding then, light or heavy, which
#: those rules answer on any "yes". The checker's own question ("isn't a normal period") is
#: answered "yes" to any bleeding then, so the item is said as what that "yes" is.
_COME_BACK_IN_PREGNANCY = {
    "you bleed from the vagina outside a period": "you have any bleeding from the vagina",
    "your child bleeds from the vagina outside a period": (
        "your child has any bleeding from the vagina"
    ),
}


def _in_or_after_pregnancy(answers: Answers) -> bool:
    """Pregnant, or gave birth in the last six weeks: :data:`_COME_BACK_IN_PREGNANCY` words
    the list. ("I might be pregnant" keeps the general words: a period may still come, and the
    ectopic item says bleeding from the vagina itself.)"""
    return pregnancy_of(answers) in (Pregnancy.PREGNANT, Pregnancy.RECENTLY_GAVE_BIRTH)


#: The yes/no questions :data:`_COME_BACK` does not watch for, and why: each asks about the
#: past or about a risk, not about a sign that can come while the runner waits. Every other
#: yes/no question whose "yes" alone is more urgent than an answer is on that answer's lists
#: (tests/triage/test_watch_lists_urgency.py).
NOT_WATCHED: dict[str, str] = {
    "hip_replacement": "an operation in the past",
    "cancer_history": "an illness in the past",
    "steroids_or_alcohol": "a risk to the bone, not a sign",
    "previous_stress_fracture": "an injury in the past",
    "weak_bones": "a risk to the bone, not a sign",
    "mileage_increase": "a change in training, not a sign",
    "periods_stopped": "a risk to the bone, asked of the last three months",
}

#: Items of :data:`_COME_BACK` that speak of "the pain", for a pain score of 0 (no hip pain
#: now: pain that comes).
_COME_BACK_NO_PAIN = {
    "the pain starts waking you at night": "hip pain starts waking you at night",
    "the pain starts waking your child at night": "hip pain starts waking your child at night",
    "the pain suddenly gets much worse": "severe hip pain comes on suddenly",
}

#: Items of :data:`_COME_BACK` worded as something new ("starts", "appears", "you get"), for
#: an answer of "not sure" to the sign they watch for: (the signs, the words for then). A runner
#: who isn't sure whether the hip feels unstable may already feel it, so the list says what to
#: look out for as it may already be, never as if it were new.
_COME_BACK_UNSURE: dict[str, tuple[tuple[str, ...], str]] = {
    "you get tummy pain": (("tummy_pain",), "you have tummy pain"),
    "your child gets tummy pain": (("tummy_pain",), "your child has tummy pain"),
    "you start being sick": (("vomiting",), "you are being sick"),
    "they start being sick": (("vomiting",), "they are being sick"),
    "your calf or thigh swells on one side": (
        ("leg_swollen",),
        "your calf or thigh is swollen on one side",
    ),
    "their calf or thigh swells on one side": (
        ("leg_swollen",),
        "their calf or thigh is swollen on one side",
    ),
    "a painful lump appears in the groin": (
        ("groin_lump",),
        "there is a painful lump in the groin",
    ),
    "you get a temperature or feel shivery": (
        ("fever",),
        "you have a temperature or feel shivery",
    ),
    "your child gets a temperature or feels shivery": (
        ("fever",),
        "your child has a temperature or feels shivery",
    ),
    "you get numbness around your bottom or genitals, or trouble with your bladder or bowels": (
        ("saddle_or_bladder",),
        "you have numbness around your bottom or genitals, or trouble with your bladder or bowels",
    ),
    "your child gets numbness around the bottom or genitals, or trouble with their "
    "bladder or bowels": (
        ("saddle_or_bladder",),
        "your child has numbness around the bottom or genitals, or trouble with their "
        "bladder or bowels",
    ),
    "the skin over the hip turns red or warm": (
        ("redness_warmth",),
        "the skin over the hip is red or warm",
    ),
    "the hip area swells": (("swelling",), "the hip area is swollen"),
    "you get sudden breathlessness, chest pain or pain on breathing in, or cough up blood": (
        ("breathless_or_chest_pain",),
        "you have sudden breathlessness, chest pain or pain on breathing in, or cough up blood",
    ),
    "your child gets sudden breathlessness, chest pain or pain on breathing in, or coughs up "
    "blood": (
        ("breathless_or_chest_pain",),
        "your child has sudden breathlessness, chest pain or pain on breathing in, or coughs "
        "up blood",
    ),
    "the leg or foot goes weak (the foot drags or flops)": (
        ("leg_weakness",),
        "the leg or foot is weak (the foot drags or flops)",
    ),
    "the hip gets hard to move": (("limited_motion",), "the hip is hard to move"),
    "the hip starts to feel unstable": (("instability",), "the hip feels unstable or gives way"),
    "the hip starts to give way": (("instability",), "the hip feels unstable or gives way"),
    "the pain starts waking you at night": (("night_pain",), "the pain wakes you at night"),
    "the pain starts waking your child at night": (
        ("night_pain",),
        "the pain wakes your child at night",
    ),
}


def _hot_swollen_words(answers: Answers, counted: frozenset[str] = frozenset()) -> str:
    """The hot, swollen hip to look out for, as the two answers it takes leave it: one of them
    already "yes" is not something still to happen ("the swollen hip turns red or hot"), and
    one "not sure" may already be so. A "not sure" the answer counted (``counted``) is left
    out, never spoken of as certain ("the hip turns red or hot")."""
    swollen, red = answers.swelling is Sign.YES, answers.redness_warmth is Sign.YES
    unsure = {n for n in ("swelling", "redness_warmth") if getattr(answers, n) is Sign.UNSURE}
    if swollen:
        return "the swollen hip is red or hot" if unsure else "the swollen hip turns red or hot"
    if red:
        return "the red or warm hip is swollen" if unsure else "the red or warm hip swells up"
    if "swelling" in counted:
        return "the hip is red or hot" if unsure - counted else "the hip turns red or hot"
    if "redness_warmth" in counted:
        return "the hip is swollen" if unsure - counted else "the hip swells up"
    return "the hip is swollen and red or hot" if unsure else _HOT_SWOLLEN


def _worded_for_unsure(words: str, answers: Answers, counted: frozenset[str] = frozenset()) -> str:
    """``words`` (an item of :data:`_COME_BACK`) as these answers read it: as
    :data:`_COME_BACK_UNSURE` words it when one of the signs it watches for was answered "not
    sure", and the hot, swollen hip by :func:`_hot_swollen_words`."""
    if words == _HOT_SWOLLEN:
        return _hot_swollen_words(answers, counted)
    signs, unsure_words = _COME_BACK_UNSURE.get(words, ((), words))
    return unsure_words if any(getattr(answers, n) is Sign.UNSURE for n in signs) else words


#: The signs of an ectopic pregnancy (one growing outside the womb) that someone who is or
#: might be pregnant is told to look out for, each as (the words for the runner, for a child's
#: parent or carer, the checker's question that asks about it, if one does). The NHS and nidirect
#: pages ("Ectopic pregnancy", :data:`ECTOPIC_WATCH_SOURCES`) list, usually from the 4th to the
#: 12th week: tummy pain low down on one side, bleeding from the vagina (or a brown watery
#: discharge), pain in the tip of the shoulder and discomfort when peeing or pooing. With any of
#: them and a possible pregnancy they say to get medical advice at once (a GP or NHS 111), even
#: after a negative pregnancy test: the checker's "see a doctor today" (possible-pregnancy-
#: problem). They say to call 999 for sudden, sharp, intense tummy pain with feeling very
#: dizzy or fainting, feeling sick or looking very pale (a tube may have burst): the checker
#: already gives an emergency for fainting or feeling very dizzy, and for tummy pain with
#: bleeding or being sick (possible-ectopic-pregnancy).
_ECTOPIC_SIGNS: tuple[tuple[str, str, str | None], ...] = (
    (
        "pain low down on one side of your tummy",
        "pain low down on one side of the tummy",
        "tummy_pain",
    ),
    ("bleeding from the vagina", "bleeding from the vagina", "vaginal_bleeding"),
    ("pain in the tip of a shoulder", "pain in the tip of a shoulder", None),
    ("pain when you pee or poo", "pain when they pee or poo", None),
)
#: The signs of :data:`_COME_BACK` that the ectopic item (:func:`_ectopic_watch`) says itself.
_ECTOPIC_SAYS = frozenset({"vaginal_bleeding"})
#: Signs a pregnancy rules out (a question answered "no" by whoever has no testicles).
_NOT_IN_PREGNANCY = frozenset({"testicle_pain"})
#: Where :data:`_ECTOPIC_SIGNS` and what to do about them come from (keys of :data:`CITATIONS`).
ECTOPIC_WATCH_SOURCES: tuple[str, ...] = (
    "nhs-ectopic-pregnancy",
    "nidirect-ectopic-pregnancy",
    "nice-ectopic-pregnancy",
)


def watches_for_ectopic(answers: Answers) -> bool:
    """Whether :func:`come_back_if` lists the signs of an ectopic pregnancy: the runner is, or
    might be, pregnant."""
    return pregnancy_of(answers) in (Pregnancy.PREGNANT, Pregnancy.POSSIBLY_PREGNANT)


def _ectopic_watch(read: Answers, *, child: bool, elsewhere: frozenset[str] = frozenset()) -> str:
    """The check-again item on the signs of an ectopic pregnancy (:data:`_ECTOPIC_SIGNS`) for
    answers (``read``: a counted "not sure" read as "yes") that are or might be pregnant, less
    the signs the answer already counted and those ``elsewhere`` (a sign the checker answers
    otherwise for these answers, as :func:`watch_lists` lists under that answer). Worded as
    what may already be so ("you notice"), since the runner may not have been asked about
    some of them; listed by :func:`watch_lists` under a doctor today. Its emergencies are
    items of their own under "call 999" (:data:`_ECTOPIC_EMERGENCY`, and fainting from
    :data:`_COME_BACK`): one sign, one action."""
    left = [
        child_words if child else words
        for words, child_words, name in _ECTOPIC_SIGNS
        if name is None or (getattr(read, name) is not Sign.YES and name not in elsewhere)
    ]
    if child:
        text = (
            f"Your child notices {_or_list(left)}: in early pregnancy these can be signs of an "
            "ectopic pregnancy (one growing outside the womb), even after a negative pregnancy "
            "test."
        )
    else:
        text = (
            f"You notice {_or_list(left)}: in early pregnancy these can be signs of an ectopic "
            "pregnancy (one growing outside the womb), even after a negative pregnancy test."
        )
    return text


#: The emergency sign of an ectopic pregnancy the sources name that no single question asks
#: (for the runner, for a child's parent or carer): under "call 999" on its own, as
#: :func:`watch_lists` lists it for someone who is or might be pregnant.
_ECTOPIC_EMERGENCY = (
    "Sudden, severe tummy pain comes with feeling sick or looking very pale.",
    "Sudden, severe tummy pain comes with being sick or looking very pale.",
)


def _or_list(words: list[str]) -> str:
    """ "a, b or c"."""
    *rest, last = words
    return f"{', '.join(rest)} or {last}" if rest else last


#: The last item of a self-care answer only: the exercises are its advice, so whether they
#: help in two weeks is the thing to check. An answer that sends the runner to someone has no
#: two weeks to wait, and one without exercises has none to judge.
_NOT_BETTER_AFTER_TWO_WEEKS = (
    "It isn't getting better after two weeks of easing off and doing the exercises."
)
#: The same item for a pain score of 0 (no hip pain now): there is nothing to get better yet.
_PAIN_COMES_BACK = "Pain in the hip comes back."

#: The heading over :func:`come_back_if`'s list, by tier, for the runner and for a child's
#: parent or carer. An emergency answer has no list: it says to go now.
_COME_BACK_HEADINGS = {
    Tier.SELF_CARE: "Check again, or get help, if",
    Tier.SEE_PROFESSIONAL: "Don't wait for the appointment: get help sooner if",
    Tier.URGENT: "Tell whoever sees you today if",
}
_COME_BACK_HEADINGS_CHILD = {
    Tier.SELF_CARE: "Check again, or get help, if",
    Tier.SEE_PROFESSIONAL: "Don't wait for the appointment: get help sooner if",
    Tier.URGENT: "Tell whoever sees your child today if",
}
#: The heading over the signs the checker's rules make more urgent than the answer's own tier
#: (:func:`watch_lists`), by that tier, for the runner, a young person and a child's parent or
#: carer: what those rules say to do, "call 999" and "A&E" said for where the reader is by
#: :meth:`triage.emergency.EmergencyCalls.local_words`.
_SOONER_HEADINGS = {
    Tier.EMERGENCY: "Call 999 or go to A&E now if",
    Tier.URGENT: "See a doctor today, or call NHS 111, if",
    Tier.SEE_PROFESSIONAL: "Book a physio or doctor if",
}
_SOONER_HEADINGS_YOUNG_PERSON = {
    Tier.EMERGENCY: "Call 999, or get an adult to take you to A&E, now if",
    Tier.URGENT: "Tell a parent or carer and see a doctor today if",
    Tier.SEE_PROFESSIONAL: "Tell a parent or carer and book the GP if",
}
_SOONER_HEADINGS_CHILD = {
    Tier.EMERGENCY: "Call 999 or take your child to A&E now if",
    Tier.URGENT: "Get your child seen by a doctor today, or call NHS 111, if",
    Tier.SEE_PROFESSIONAL: "Book your child in with their GP if",
}


def come_back_heading(tier: Tier, answers: Answers) -> str:
    """The heading over the list of when to get help that belongs to this answer's tier, for
    its reader (the last of :func:`watch_lists`)."""
    child = for_a_child(answers) and not young_person(answers)
    return (_COME_BACK_HEADINGS_CHILD if child else _COME_BACK_HEADINGS).get(tier, "")


def _sooner_heading(tier: Tier, answers: Answers) -> str:
    if young_person(answers):
        return _SOONER_HEADINGS_YOUNG_PERSON[tier]
    return (_SOONER_HEADINGS_CHILD if for_a_child(answers) else _SOONER_HEADINGS)[tier]


def benign_answers(age: int, *, severity: int = 4) -> Answers:
    """Answers at ``age`` that give no warning sign: a gradual ache on the outer hip for ten
    days, walking normally, every yes/no sign "no", not pregnant where asked."""
    answers = Answers(
        age=age,
        onset=Onset.GRADUAL,
        location=Location.OUTER_SIDE,
        severity=severity,
        duration_days=10,
        weight_bearing=WeightBearing.FULL,
        improving=Improving.NOT_TRIED,
        radiates_to=frozenset(),
        **dict.fromkeys(SIGN_FIELDS, Sign.NO),
    )
    if asked("pregnancy", answers):
        answers = answers.with_changes(pregnancy=Pregnancy.NO)
    return only_asked(answers)


#: The answers each rule's condition reads, by slug, with and without a pain score above 0
#: (:func:`rule_reads`).
_READ_BY_RULE: dict[bool, dict[str, frozenset[str]]] = {}


def rule_reads(*, in_pain: bool = False) -> dict[str, frozenset[str]]:
    """The answers each rule's condition reads, by slug: a sign that changes none of them
    can't change what the rule gives (:func:`watch_lists` asks again only the rules that read
    it). ``in_pain``: for answers with a pain score above 0, which says the hip hurts alone
    (:func:`_hip_pain` reads no other answer then). Found by reading each condition over a
    few answer sets (none but the pain score, and benign ones for an adult, pregnant, an
    older adult, a young person and a child, with and without pain): the conditions combine
    their parts with :func:`_all` and :func:`_any`, which read every part, so each reads the
    same answers whatever their values (tests/triage/test_watch_lists_exact.py holds every
    rule to it over thousands of random answers). A rule held back by hip pain
    (:attr:`Rule.only_without_pain`) reads :data:`PAIN_TELLING_ANSWERS` too. Worked out once
    per process, from the rules alone."""
    if in_pain not in _READ_BY_RULE:
        severities = (4,) if in_pain else (None, 0, 4)
        bases = [
            base
            for severity in severities
            for base in (
                Answers(severity=severity),
                benign_answers(34, severity=severity or 0),
                benign_answers(34, severity=severity or 0).with_changes(
                    pregnancy=Pregnancy.PREGNANT
                ),
                benign_answers(70, severity=severity or 0),
                benign_answers(13, severity=severity or 0),
                benign_answers(8, severity=severity or 0),
            )
        ]
        found = {}
        for rule in RULES:
            read = set(PAIN_TELLING_ANSWERS) if rule.only_without_pain else set()
            for base in bases:
                reading = _Reading(base)
                rule.condition(reading)  # type: ignore[arg-type]
                read.update(reading.read)
            found[rule.slug] = frozenset(read)
        _READ_BY_RULE[in_pain] = found
    return _READ_BY_RULE[in_pain]


#: The checker's answer when a sign comes, as :func:`watch_lists` places it: (its tier, its
#: heading as the answer page gives it (:func:`headline`), how soon that heading says to act).
_Place = tuple[Tier, str, Timing]


#: What the rules give for some answers: (the tier each rule that applies gives, by slug; the
#: slugs of those that could still give an emergency, an answer they read being missing).
_Outcomes = tuple[dict[str, Tier], frozenset[str]]


def _outcomes(answers: Answers) -> _Outcomes:
    """What the rules give for these answers (:data:`_Outcomes`): the tiers :func:`assess`
    works out, without wording the rules."""
    as_no, as_yes = answers.unsure_read_as(Sign.NO), answers.unsure_read_as(Sign.YES)
    told = pain_told(answers)
    given: dict[str, Tier] = {}
    open_emergency = set()
    for rule in RULES:
        if rule.only_without_pain and told:
            continue
        tier, could, _unsure = _outcome(rule, as_no, as_yes)
        if tier is not None:
            given[rule.slug] = tier
        if could is Tier.EMERGENCY:
            open_emergency.add(rule.slug)
    return given, frozenset(open_emergency)


def _most(rule: Rule) -> int:
    """The urgency of the most urgent tier ``rule`` can give."""
    return max(rule.tier.urgency, (rule.unsure_tier or Tier.SELF_CARE).urgency)


#: Each rule's place in :data:`RULES` (the order the answer gives its reasons in).
_RULE_ORDER = {rule.slug: number for number, rule in enumerate(RULES)}
_RULES_BY_SLUG = {rule.slug: rule for rule in RULES}
_BY_URGENCY = {tier.urgency: tier for tier in Tier}


@cache
def _reading(
    names: frozenset[str], in_pain: bool
) -> tuple[tuple[tuple[Rule, int], ...], frozenset[str]]:
    # The rules that read any of ``names`` (the answers of a sign), each with the urgency of
    # the most it can give, most urgent first, and their slugs. Keyed by the sign's question
    # names and whether the pain score is above 0 only: the rules', not a runner's.
    reads = rule_reads(in_pain=in_pain)
    reading = tuple(
        sorted(
            ((rule, _most(rule)) for rule in RULES if not reads[rule.slug].isdisjoint(names)),
            key=lambda pair: -pair[1],
        )
    )
    return reading, frozenset(rule.slug for rule, _most in reading)


def _with_sign(answers: Answers, sign: _SignAnswers) -> Answers:
    """A copy of ``answers`` with the answers that say ``sign`` has come (valid values
    already: not validated again)."""
    copy = object.__new__(Answers)
    copy.__dict__.update(answers.__dict__, **dict(sign))
    return copy


class _WithSign:
    """What the checker answers for some answers with one sign more (:meth:`place`), asking
    again only the rules that read the sign's answers (:func:`rule_reads`); the others give
    what they give for the answers alone (``outcomes``: by slug, :func:`_outcomes`)."""

    def __init__(
        self, answers: Answers, outcomes: _Outcomes, at_least: Tier = Tier.SELF_CARE
    ) -> None:
        self.answers, self.at_least = answers, at_least.urgency
        # A sign's answers are never "not sure": the answers with it, each "not sure" read
        # as "no" (and "yes"), are these answers so read, with the sign.
        self.as_no = answers.unsure_read_as(Sign.NO)
        self.as_yes = answers.unsure_read_as(Sign.YES)
        self.child = for_a_child(answers)
        # A sign never lowers the pain score: above 0, it stays so with the sign.
        self.in_pain = answers.severity is not None and answers.severity >= 1
        given, self.open = outcomes
        # Only a rule that gives at least ``at_least`` can count; one that leaves an
        # emergency open (a missing answer) sends the sign to the full assess.
        self.giving = [
            (_RULES_BY_SLUG[slug], tier.urgency)
            for slug, tier in given.items()
            if tier.urgency >= self.at_least
        ]

    def place(self, sign: _SignAnswers) -> _Place | None:
        """(the checker's tier for the answers with ``sign``, its heading as the answer page
        gives it (:func:`headline`), that heading's timing); ``None`` when that tier is below
        ``at_least`` (not worked out). The full :func:`assess` runs only when missing answers
        leave an emergency open."""
        reading, affected = _reading(frozenset(name for name, _value in sign), self.in_pain)
        urgency, at_least = -1, self.at_least
        deciding: list[Rule] = []
        for rule, given in self.giving:
            if rule.slug not in affected:
                if given > urgency:
                    urgency, deciding = given, [rule]
                elif given == urgency:
                    deciding.append(rule)
        open_emergency = not self.open <= affected
        with_sign = _with_sign(self.answers, sign)
        as_no = _with_sign(self.as_no, sign) if self.as_no is not self.answers else with_sign
        as_yes = as_no if self.as_yes is self.as_no else _with_sign(self.as_yes, sign)
        told: tuple[str, ...] | None = None
        for rule, most in reading:
            level = urgency if urgency > at_least else at_least
            if most < level:
                break
            if most == level and urgency >= level and not rule.action:
                # The tier is reached already: another rule at it changes nothing, bar one
                # with its own contact (the heading).
                continue
            if rule.only_without_pain:
                if told is None:
                    told = pain_told(with_sign)
                if told:
                    continue
            given_tier, could, _unsure = _outcome(rule, as_no, as_yes)
            if could is Tier.EMERGENCY:
                open_emergency = True
            if given_tier is None:
                continue
            given = given_tier.urgency
            if given > urgency:
                urgency, deciding = given, [rule]
            elif given == urgency:
                deciding.append(rule)
        tier = _BY_URGENCY[max(urgency, 0)]
        if open_emergency and tier is not Tier.EMERGENCY:
            assessment = assess(with_sign)
            tier = assessment.tier
            heading = headline(assessment, with_sign)[0]
            own = _own_contact_rules(assessment, with_sign)
            timing = own_heading(own, tier)[1] if own else _TIER_TIMING[tier]
            place: _Place = (tier, heading, timing)
        elif (
            not self.child
            and any(rule.action for rule in deciding)
            and (
                own := sorted(
                    (rule for rule in deciding if rule.action),
                    key=lambda rule: _RULE_ORDER[rule.slug],
                )
            )
        ):
            # As the answer page words them (:func:`headline`): for these answers, and in
            # the words for "not sure" where one made the rule apply.
            worded = [
                worded_for(
                    rule, with_sign, unsure=bool(_evaluate(rule, with_sign, as_no, as_yes)[2])
                )
                for rule in own
            ]
            place = (tier, *own_heading(worded, tier))
        else:
            place = (tier, tier.label, _TIER_TIMING[tier])
        return place if tier.urgency >= at_least else None


def _as_listed(place: _Place) -> _Place:
    """``place`` as a watch list heads it: a rule's own heading that names the same people
    as its tier's words, at the same timing ("Have the hip examined by a doctor or physio",
    "Book a physio or doctor") under the tier's words; one that names someone else or
    another time (the midwife, now) under its own."""
    tier, said, timing = place
    if said != tier.label and timing is _TIER_TIMING[tier] and _same_people(said, tier.label):
        return tier, tier.label, timing
    return place


@cache
def _same_people(heading: str, other: str) -> bool:
    # Keyed by two headings, the rules' and the tiers' own words: never a runner's.
    return contacts_named(heading, conditional=True) == contacts_named(other, conditional=True)


def sign_place(sign: _SignAnswers, answers: Answers) -> _Place:
    """What the checker itself answers when ``sign`` comes on top of these answers (the
    runner's own, "not sure" as given: :func:`assess` of them with the sign's answers): its
    tier, its heading as the answer page gives it (:func:`headline`: a rule's own person and
    timing, such as the midwife now, else the tier's label) and how soon that heading says to
    act. Exact, and cheap: only the rules that read the sign's answers are asked again."""
    answers = only_asked(answers)
    place = _WithSign(answers, _outcomes(answers)).place(sign)
    assert place is not None  # nothing is below self-care
    return place


def sign_tier(sign: _SignAnswers, answers: Answers) -> Tier:
    """The checker's own tier for these answers with ``sign`` come (:func:`sign_place`)."""
    return sign_place(sign, answers)[0]


def _watched(sign: _SignAnswers, answers: Answers, *, ectopic_says: frozenset[str]) -> bool:
    """Whether a part of :data:`_COME_BACK` is for this reader: its questions are asked at
    this age, a pregnancy doesn't rule it out, and the ectopic item doesn't say it already."""
    names = {name for name, _value in sign}
    if names & ectopic_says:
        return False
    if names & _NOT_IN_PREGNANCY and pregnancy_of(answers) not in (None, Pregnancy.NO):
        return False
    return all(applies(name, answers.age) for name in names)


@dataclass(frozen=True)
class WatchList:
    """One list of signs to look out for, under what to do if one comes: ``tier`` the
    checker's tier for them (the answer's own for the last list), ``heading`` what to do."""

    tier: Tier
    heading: str
    items: tuple[str, ...]


def watch_lists(
    answers: Answers,
    tier: Tier = Tier.SELF_CARE,
    *,
    rest_first: tuple[Rule, ...] = (),
    counted: frozenset[str] | None = None,
    assessment: Assessment | None = None,
) -> tuple[WatchList, ...]:
    """When to check again or get help, leaving out what the answer already counted: a sign
    answered "yes", or "not sure" where the answer counted it (``counted``: the
    :attr:`Assessment.counted_unsure` of these answers, worked out when not given). With a
    fever, or a "not sure" temperature that sends the runner to a doctor, "you get a
    temperature" is no longer something to wait for. A "not sure" that did not count stays,
    worded as it may already be.

    Each sign sits under what the checker itself answers for THESE answers with that sign
    come (:func:`sign_place`): its tier and its heading as the answer page gives it, a rule's
    own person and timing included ("Contact your midwife or maternity unit now if"), else
    the tier's ("call 999 or go to A&E now", "see a doctor today", "book a physio or
    doctor"). So a fall at 75 is a doctor today, a weak leg beside numbness an emergency. A
    sign no more urgent than the answer, with the same heading, is left out (the answer
    already covers it), but a same-day sign on a same-day answer stays, under "tell whoever
    sees you today": worth their knowing, and no reason to go sooner. A sign as urgent as
    the answer that the checker would send to someone else (another heading) is under that
    heading, on any answer but self-care. Every part of :data:`_COME_BACK` whose question is
    asked of this reader is a candidate (a testicle not for someone who is, might be or was
    lately pregnant); the yes/no questions it leaves out are :data:`NOT_WATCHED`.
    Most urgent list first; an empty list is left out. An emergency answer has none: it says
    to go now. ``assessment``: :func:`assess` of these answers, if the caller has it (its
    headline is then not worked out again).

    Worded for the answer's reader (a parent or carer of a child under
    :data:`YOUNG_PERSON_FROM` reads about "your child"; a young person reads "you"), and for
    its tier: only self-care, whose advice is the exercises, says to check again after two
    weeks of them. A self-care answer that holds them back (``rest_first``: the fired
    self-care rules, :attr:`Assessment.rest_first`) says instead to check again once each
    rule's :attr:`Rule.check_again_when` is so.
    """
    if tier is Tier.EMERGENCY:
        return ()
    answers = only_asked(answers)
    child = for_a_child(answers) and not young_person(answers)
    reworded = _COME_BACK_NO_PAIN if no_hip_pain(answers) else {}
    if _in_or_after_pregnancy(answers):
        reworded = {**reworded, **_COME_BACK_IN_PREGNANCY}
    if counted is None:
        assessment = assessment or assess(answers)
        counted = assessment.counted_unsure
    counted = frozenset(counted)
    # The answers as the answer read them: each counted "not sure" as a "yes".
    read = answers.with_changes(**dict.fromkeys(counted, Sign.YES)) if counted else answers
    # What each rule gives for the answers alone: the assessment's, when the caller has it
    # and nothing is missing (no rule is then left open).
    base: _Outcomes = (
        (assessment.fired_tiers, frozenset())
        if assessment is not None and assessment.complete
        else _outcomes(answers)
    )
    # The answer's own heading: a rule's own contact, or the tier's label.
    if not for_a_child(answers) and any(
        given is tier and _RULES_BY_SLUG[slug].action for slug, given in base[0].items()
    ):
        assessment = assessment or assess(answers)
        deciding = _own_contact_rules(assessment, answers)
        timing = own_heading(deciding, tier)[1] if deciding else _TIER_TIMING[tier]
        answer_heading = _as_listed((tier, headline(assessment, answers)[0], timing))[1]
    else:
        answer_heading = tier.label
    # The answer's own list: last of its tier.
    own: _Place = (tier, "", Timing.UNSTATED)
    places: dict[_SignAnswers, _Place | None] = {}
    # Below the answer's tier a sign is not listed: not worked out.
    signs = _WithSign(answers, base, at_least=tier)

    def listed_under(sign: _SignAnswers) -> _Place | None:
        # A sign more urgent than the answer, or as urgent but sending the runner to
        # someone else, under what the checker answers for it; one as urgent as a same-day
        # answer, the same heading, under that answer's "tell whoever sees you today"; any
        # other (the answer already covers it) not listed.
        if sign not in places:
            place = signs.place(sign)
            if place is None:
                places[sign] = None
                return None
            place = _as_listed(place)
            at, heading, _timing = place
            if at > tier or (
                at is tier and tier is not Tier.SELF_CARE and heading != answer_heading
            ):
                places[sign] = place
            elif at is tier and tier is Tier.URGENT:
                places[sign] = own
            else:
                places[sign] = None
        return places[sign]

    generic_urgent: _Place = (Tier.URGENT, Tier.URGENT.label, Timing.TODAY)
    lists: dict[_Place, list[str]] = {}
    # Someone who is or might be pregnant: the signs of an ectopic pregnancy, a doctor the
    # same day, and sudden severe tummy pain with feeling sick or looking pale, 999
    # (possible-ectopic-pregnancy; fainting is the checker's own question, below). A sign of
    # it the checker asks about and answers otherwise (bleeding when pregnant: the midwife,
    # now) is left to its own item, under that answer.
    ectopic_says: frozenset[str] = frozenset()
    if watches_for_ectopic(read):
        at = own if tier is Tier.URGENT else generic_urgent
        elsewhere = frozenset(
            name
            for _words, _child_words, name in _ECTOPIC_SIGNS
            if name is not None
            and getattr(read, name) is not Sign.YES
            and listed_under(_said_yes(name)) != at
        )
        ectopic_says = _ECTOPIC_SAYS - elsewhere
        lists.setdefault(at, []).append(_ectopic_watch(read, child=child, elsewhere=elsewhere))
        lists.setdefault((Tier.EMERGENCY, Tier.EMERGENCY.label, Timing.NOW), []).append(
            _ECTOPIC_EMERGENCY[child]
        )
    for parts in _COME_BACK:
        by_list: dict[_Place, list[str]] = {}
        for text, child_text, present, sign in parts:
            if present(read) or not _watched(sign, answers, ectopic_says=ectopic_says):
                continue
            at = listed_under(sign)
            if at is None:
                continue
            words = child_text if child else text
            words = reworded.get(words) or _worded_for_unsure(words, answers, counted)
            by_list.setdefault(at, []).append(words)
        for at, left in by_list.items():
            text = ", or ".join(left)
            lists.setdefault(at, []).append(text[0].upper() + text[1:] + ".")
    if tier is Tier.SELF_CARE and rest_first:
        for until in dict.fromkeys(rule.check_again_when for rule in rest_first):
            lists.setdefault(own, []).append(
                f"{until[0].upper()}{until[1:]}: then check again for a starter routine."
            )
    elif tier is Tier.SELF_CARE and no_hip_pain(answers):
        lists.setdefault(own, []).append(_PAIN_COMES_BACK)
    elif tier is Tier.SELF_CARE:
        # Not better after two weeks of the exercises: the rules' "see a professional" (not
        # improving, over two weeks), so under that heading.
        professional = Tier.SEE_PROFESSIONAL
        lists.setdefault((professional, professional.label, Timing.SOON), []).append(
            _NOT_BETTER_AFTER_TWO_WEEKS
        )

    def heading(place: _Place) -> str:
        at, said, _timing = place
        if place == own:
            return come_back_heading(at, answers)
        if said == at.label:
            return _sooner_heading(at, answers)
        # "Tell your GP soon, or your midwife if you have one, if": its own "if" kept apart.
        return f"{said}, if" if " if " in said else f"{said} if"

    # Most urgent first: by tier, then the sooner heading; the answer's own list last of its
    # tier.
    order = sorted(lists, key=lambda place: (-place[0].urgency, place == own, -place[2]))
    return tuple(WatchList(place[0], heading(place), tuple(lists[place])) for place in order)


#: How the runner's own contacts a watch list names are said in :func:`watch_how`'s lead.
_REACH_WORDS = {
    "midwife": "your midwife or maternity unit",
    "surgical team": "the team that operated on you",
}


@dataclass(frozen=True)
class WatchHow:
    """Where, among an answer's watch lists, to say how to be seen today (the settings' urgent
    care, as the answer of that tier says it): after the list at ``after`` (the last "today"
    list), led by ``lead``."""

    after: int
    lead: str


def watch_how(lists: Sequence[WatchList], tier: Tier) -> WatchHow | None:
    """How to act on the answer's "today" lists (tier URGENT: "See a doctor today, or call NHS
    111, if", "Contact your midwife or maternity unit now if"), said once after the last of
    them, so no printed list sends the runner to someone without saying how: the urgent care
    the answer of that tier gives (a GP surgery, the urgent-care number; outside the UK a
    doctor's practice or urgent care), led by what it is for: seeing a doctor today, and where
    a list names the runner's own contact (the midwife), reaching them failing, as the answer
    headed by that contact frames it ("If you can't reach them"). None on an answer that is
    itself a same-day one or more (its own box says how) or with no such list."""
    if tier >= Tier.URGENT:
        return None
    urgent = [index for index, watch in enumerate(lists) if watch.tier is Tier.URGENT]
    if not urgent:
        return None
    named = [contacts_named(lists[index].heading, conditional=True) for index in urgent]
    doctor = contacts_named(Tier.URGENT.label, conditional=True)
    own = [
        _REACH_WORDS.get(name, f"your {name}")
        for name in dict.fromkeys(name for names in named for name in sorted(names - doctor))
    ]
    parts = []
    if any(names <= doctor for names in named):
        parts.append("To see a doctor today")
    if own:
        reach = " or ".join(own)
        parts.append(f"if you can't reach {reach}" if parts else f"If you can't reach {reach}")
    return WatchHow(urgent[-1], ", or ".join(parts))


def come_back_if(
    answers: Answers,
    tier: Tier = Tier.SELF_CARE,
    *,
    rest_first: tuple[Rule, ...] = (),
    counted: frozenset[str] | None = None,
) -> tuple[str, ...]:
    """Every item of :func:`watch_lists`, most urgent list first, without the headings."""
    return tuple(
        item
        for watch in watch_lists(answers, tier, rest_first=rest_first, counted=counted)
        for item in watch.items
    )


#: Every item, as the checker lists them for no answers at all (a sign whose meaning rests on
#: answers not given, such as numbness without a fall, is not yet more than self-care).
COME_BACK_IF: tuple[str, ...] = come_back_if(Answers())

#: The yes/no questions whose "yes" is not a warning sign on its own, and why: each is a risk
#: factor that counts together with other answers (tests/triage holds every other sign to
#: giving advice beyond self-care). A self-care answer says this for each one answered "yes"
#: or "not sure", rather than that nothing matched.
NOT_A_WARNING: dict[str, str] = {
    "mileage_increase": (
        "More running lately is a common cause of overuse pain and a risk for a stress "
        "fracture. With groin or deep hip pain it sends you to a doctor if your bones are at "
        "risk too (an earlier stress fracture, periods that have stopped, weak or thin bones), "
        "or if the pain hurts to stand on, comes at night or at rest, or isn't getting "
        "better. With none of those, easing off and building up slowly (below) is the advice."
    ),
    "previous_stress_fracture": (
        "An earlier stress fracture makes another one more likely. With groin or deep hip "
        "pain it sends you to a doctor if you have also stepped up your running, or if the "
        "pain hurts to stand on, comes at night or at rest, or isn't getting better. With none "
        "of those it doesn't change the advice, but stop and get checked if they appear."
    ),
    "periods_stopped": (
        "Periods that have stopped can come with thinner bones, so they count as a risk for a "
        "stress fracture together with groin or deep hip pain. From 45 the menopause is the "
        "usual reason, and then on its own it doesn't change the advice."
    ),
    "weak_bones": (
        "Weak or thin bones make a fracture more likely. Together with a fall, or with groin "
        "or deep hip pain and more running lately, it means seeing a doctor today. Without "
        "those, and with pain that is settling, it doesn't change the advice."
    ),
    "clicking": (
        "A click that doesn't hurt is common and harmless. A painful click is a reason to see "
        "a professional, whatever the pain score."
    ),
}


#: The same for a pain score of 0 where the words above speak of a pain that is settling: with
#: no hip pain now there is none, and what matters is the pain that could come.
_NOT_A_WARNING_NO_PAIN: dict[str, str] = {
    "mileage_increase": (
        "More running lately is a common cause of overuse pain and a risk for a stress "
        "fracture. With no hip pain now it doesn't change the advice: keep the build-up "
        "gradual (below), and if pain in the groin or deep in the hip comes on, answer again."
    ),
    "previous_stress_fracture": (
        "An earlier stress fracture makes another one more likely. With no hip pain now it "
        "doesn't change the advice, but if pain comes on in the groin or deep in the hip, "
        "answer again: with pain that hurts to stand on, at night or at rest, or isn't "
        "getting better, it sends you to a doctor."
    ),
    "weak_bones": (
        "Weak or thin bones make a fracture more likely after a fall or a knock, so together "
        "with a fall it means seeing a doctor today. Without a fall, and with no hip pain now, "
        "it doesn't change the advice."
    ),
}


#: The same where the words give advice that presumes the answer was "yes", for "not sure".
#: A "yes" to stopped periods under 45 is the rule "periods-stopped-before-45"; a "not sure"
#: is listed here, with a GP only if they have stopped.
NOT_A_WARNING_UNSURE: dict[str, str] = {
    "periods_stopped": (
        "Periods that have stopped can come with thinner bones, so they count as a risk for a "
        "stress fracture together with groin or deep hip pain. From 45 the menopause is the "
        "usual reason. If they have stopped and you are under 45, see a GP about them (an "
        "ordinary appointment, not an urgent one)."
    ),
}


def noted_answers(answers: Answers) -> tuple[tuple[str, str, Sign], ...]:
    """(question name, why it doesn't change the advice, the answer) for each question in
    :data:`NOT_A_WARNING` answered "yes" or "not sure", worded for a pain score of 0 where
    the usual words speak of a pain, and for "not sure" where they presume a "yes"."""
    why = {**NOT_A_WARNING, **_NOT_A_WARNING_NO_PAIN} if no_hip_pain(answers) else NOT_A_WARNING
    return tuple(
        (
            name,
            NOT_A_WARNING_UNSURE.get(name, why[name]) if sign is Sign.UNSURE else why[name],
            sign,
        )
        for name in SIGN_FIELDS
        if name in NOT_A_WARNING and (sign := getattr(answers, name)) in (Sign.YES, Sign.UNSURE)
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

#: The plan for a pain score of 0 (no hip pain now), the same four steps in the same order:
#: nothing to calm down first, so the first step is to carry on while it stays that way, with
#: the easing off, R.I.C.E. and cross-training kept for if the pain comes back; building back
#: up is for a runner who had cut back, and the two weeks before getting help count from the
#: pain's return.
NO_PAIN_SELF_CARE_PLAN: tuple[Advice, ...] = (
    Advice(
        title="Carry on while it stays pain-free",
        text=(
            "With no pain now there is nothing to calm down: keep to your usual running. If "
            "the hip starts to hurt again, ease off for a few days, use R.I.C.E. after "
            "activity, keep fit with cycling or swimming, and answer the checker again with "
            "your new pain score."
        ),
        sources=("hip-pain-and-running", "managing-hip-pain"),
    ),
    Advice(
        title="Start the exercises",
        text=(
            "Do the strength moves about twice a week and the stretches daily: hips made "
            "stronger now are less likely to get hurt later. Stretches should feel gentle, "
            "never painful; pushing a stretch too hard can bring hip pain on."
        ),
        sources=("run-longer-faster", "eleven-hip-exercises"),
    ),
    Advice(
        title="Build back up",
        text=(
            "If you had cut your running back, return with short, easy runs and add no more "
            "than 5 to 10 % a week. Ease back again if pain comes on during or after a run."
        ),
        sources=("hip-pain-and-running", "managing-hip-pain"),
    ),
    Advice(
        title="Know when to get help",
        text=(
            "If pain comes back and is not clearly better after two weeks of easing off, book "
            "a physio or see your doctor. Getting checked early can head off a stress "
            "fracture and get you running pain-free sooner."
        ),
        sources=("run-longer-faster", "hip-pain-and-running"),
    ),
)


#: The starter routine's one caution and the heading over the plan, for a runner in pain and
#: for a pain score of 0 (no pain to make sharper, no running to get back to).
_STOP_A_MOVE = "Stop any move that makes the pain sharper or worse."
_STOP_A_MOVE_NO_PAIN = "Stop any move that brings pain on."
_PLAN_HEADING = "How to get back to running"
_PLAN_HEADING_NO_PAIN = "How to keep running pain-free"
#: What to do until a professional has examined the hip (an answer with no exercises).
_UNTIL_EXAMINED = "Until then, ease off running and avoid what makes it hurt."
_UNTIL_EXAMINED_NO_PAIN = "Until then, ease off running and stop anything that brings pain on."
#: The same when a reason says to stop running until examined (:func:`stops_running`).
_UNTIL_EXAMINED_STOP_RUNNING = "Until then, don't run, and avoid what makes it hurt."
_UNTIL_EXAMINED_STOP_RUNNING_NO_PAIN = (
    "Until then, don't run, and stop anything that brings pain on."
)


def stop_a_move(answers: Answers) -> str:
    """The starter routine's caution: when to stop a move."""
    return _STOP_A_MOVE_NO_PAIN if no_hip_pain(answers) else _STOP_A_MOVE


def plan_heading(answers: Answers) -> str:
    """The heading over :func:`self_care_plan`."""
    return _PLAN_HEADING_NO_PAIN if no_hip_pain(answers) else _PLAN_HEADING


def until_examined(answers: Answers, *, stop_running: bool = False) -> str:
    """What to do meanwhile when the answer says to be examined before any home treatment;
    with ``stop_running`` (:func:`stops_running`), no running at all until then."""
    if stop_running:
        return (
            _UNTIL_EXAMINED_STOP_RUNNING_NO_PAIN
            if no_hip_pain(answers)
            else _UNTIL_EXAMINED_STOP_RUNNING
        )
    return _UNTIL_EXAMINED_NO_PAIN if no_hip_pain(answers) else _UNTIL_EXAMINED


def self_care_plan(answers: Answers) -> tuple[Advice, ...]:
    """The plan a self-care or see-a-professional answer gives with its exercises: for a pain
    score of 0, :data:`NO_PAIN_SELF_CARE_PLAN`, which tells no one to calm down a pain they do
    not have; else :data:`SELF_CARE_PLAN`."""
    return NO_PAIN_SELF_CARE_PLAN if no_hip_pain(answers) else SELF_CARE_PLAN
