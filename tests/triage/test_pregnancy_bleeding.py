"""Bleeding from the vagina in a pregnancy, and after a birth, gets the answer the maternity
sources give. Someone known to be pregnant who bleeds was told "see a doctor today" (GP or
NHS 111) with an ectopic pregnancy as the only reason; the NHS maternity pages (Shropshire,
Telford and Wrekin "Bleeding in pregnancy"; University Hospitals Birmingham "When to call the
midwife") say to contact the midwife or maternity unit straight away, and 999 for heavy
bleeding or severe or constant tummy pain. After a birth, bleeding for some weeks is normal,
but heavier bleeding or clots go to the maternity team, and sudden heavy bleeding or
bleeding with faintness is an emergency (RCOG, NICE postnatal care). "I might be pregnant"
keeps the GP or NHS 111 and the ectopic pregnancy reason."""

import json
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse

from tests.triage import test_views
from tests.triage.test_rules import answers
from tests.triage.test_views import URL
from tests.triage.test_views import answers as posted
from triage import rules
from triage.rules import Pregnancy, Sign, Tier, assess, headline, worded_for

catalogue = test_views.catalogue

MIDWIFE_NOW = "Contact your midwife or maternity unit now"
AFTER_BIRTH = "Check the bleeding with your midwife or maternity unit today"
NEW_SOURCES = (
    "stw-bleeding-in-pregnancy",
    "uhb-when-to-call-the-midwife",
    "rcog-heavy-bleeding-after-birth",
    "nice-postnatal-care",
)


def _answer(pregnancy, **signs):
    return shown(answers(pregnancy=pregnancy, **signs))


def shown(given):
    """(assessment, headline label, headline action, main reasons as worded) of `given`, as the
    answer page shows them."""
    result = assess(given)
    label, action = headline(result, given)
    main = [
        worded_for(rule, given, unsure=rule.slug in result.raised_by_unsure)
        for rule in result.main_reasons
    ]
    return result, label, action, main


CASES = [
    # (pregnancy, signs, tier, label, the main reasons, words the headline's advice says)
    (
        Pregnancy.PREGNANT,
        {"vaginal_bleeding": Sign.YES},
        Tier.URGENT,
        MIDWIFE_NOW,
        ["bleeding-in-pregnancy"],
        (
            "midwife or your maternity unit",
            "early pregnancy unit) now",
            "aren't booked with maternity care yet, call your GP surgery or NHS 111 today",
            "Call 999 if the bleeding is heavy (a flow of blood, or clots)",
            "severe or constant tummy pain",
        ),
    ),
    (
        Pregnancy.PREGNANT,
        {"vaginal_bleeding": Sign.UNSURE},
        Tier.URGENT,
        MIDWIFE_NOW,
        ["bleeding-in-pregnancy"],
        ("possible bleeding", "Call 999 if there is heavy bleeding", "NHS 111 today"),
    ),
    (
        Pregnancy.PREGNANT,
        {"vaginal_bleeding": Sign.YES, "tummy_pain": Sign.YES},
        Tier.EMERGENCY,
        Tier.EMERGENCY.label,
        ["possible-ectopic-pregnancy"],
        ("Call an ambulance",),
    ),
    (
        Pregnancy.PREGNANT,
        {"tummy_pain": Sign.YES},
        Tier.URGENT,
        MIDWIFE_NOW,
        ["tummy-pain-in-pregnancy", "tummy-pain"],
        ("midwife or your maternity unit", "Call 999 if the pain is sharp or constant"),
    ),
    (
        Pregnancy.POSSIBLY_PREGNANT,
        {"vaginal_bleeding": Sign.YES},
        Tier.URGENT,
        Tier.URGENT.label,
        ["possible-pregnancy-problem"],
        ("get seen by a doctor today",),
    ),
    (
        Pregnancy.POSSIBLY_PREGNANT,
        {"vaginal_bleeding": Sign.YES, "tummy_pain": Sign.YES},
        Tier.EMERGENCY,
        Tier.EMERGENCY.label,
        ["possible-ectopic-pregnancy"],
        ("Call an ambulance",),
    ),
    (
        Pregnancy.RECENTLY_GAVE_BIRTH,
        {"vaginal_bleeding": Sign.YES},
        Tier.URGENT,
        AFTER_BIRTH,
        ["bleeding-after-a-birth"],
        (
            "Phone your midwife or maternity unit about the bleeding today",
            "GP surgery or NHS 111 if you can't reach them",
            "straight away if it is getting heavier or you pass large clots",
            "Call 999 if the bleeding suddenly becomes heavy",
            "feeling faint or dizzy or a racing heart",
        ),
    ),
    (
        Pregnancy.RECENTLY_GAVE_BIRTH,
        {"vaginal_bleeding": Sign.YES, "faint": Sign.YES},
        Tier.EMERGENCY,
        Tier.EMERGENCY.label,
        ["bleeding-after-a-birth-with-faintness"],
        ("Call an ambulance",),
    ),
]


@pytest.mark.parametrize(
    ("pregnancy", "signs", "tier", "label", "main", "says"),
    CASES,
    ids=[f"{c[0]}-{'+'.join(f'{k}={v}' for k, v in c[1].items())}" for c in CASES],
)
def test_bleeding_in_or_after_pregnancy_gets_the_maternity_sources_answer(
    pregnancy, signs, tier, label, main, says
):
    result, got_label, action, reasons = _answer(pregnancy, **signs)
    assert result.tier is tier
    assert got_label == label
    assert [rule.slug for rule in result.main_reasons] == main
    for words in says:
        assert words in action
    if pregnancy is Pregnancy.POSSIBLY_PREGNANT:
        # No midwife presumed; the ectopic pregnancy is the reason, even with a negative test.
        assert "midwife" not in action
        assert all("ectopic pregnancy" in rule.reason for rule in reasons)
        assert all("negative" in rule.reason for rule in reasons)


@pytest.mark.parametrize(
    "signs",
    [{"vaginal_bleeding": Sign.YES}, {"vaginal_bleeding": Sign.YES, "tummy_pain": Sign.YES}],
    ids=["bleeding", "bleeding-and-tummy-pain"],
)
def test_a_known_pregnancy_is_not_told_bleeding_means_only_an_ectopic_pregnancy(signs):
    """The reason fits any stage: early on a miscarriage or an ectopic pregnancy, later the
    placenta; it does not speak of a negative pregnancy test."""
    _result, _label, _action, reasons = _answer(Pregnancy.PREGNANT, **signs)
    (reason,) = reasons
    assert "miscarriage" in reason.reason and "placenta" in reason.reason
    assert "negative" not in reason.reason
    assert "early pregnancy" not in reason.title.lower()


def test_bleeding_after_a_birth_says_what_is_normal_and_when_it_is_an_emergency():
    _result, _label, _action, (reason,) = _answer(
        Pregnancy.RECENTLY_GAVE_BIRTH, vaginal_bleeding=Sign.YES
    )
    assert "normal for up to about six weeks after a birth" in reason.reason
    assert "postpartum haemorrhage" in reason.reason
    assert "call 999" in reason.reason
    assert "sexual health clinic" not in _action


def test_the_new_rules_cite_the_maternity_pages_and_the_catalogue_holds_them():
    fixture = json.loads(
        (Path(__file__).resolve().parents[2] / "fixtures" / "catalogue.json").read_text()
    )
    held = {
        row["fields"]["slug"]: row["fields"]
        for row in fixture
        if row["model"] == "exercises.source"
    }
    for slug in NEW_SOURCES:
        cited = rules.CITATIONS[slug]
        assert held[slug]["url"] == cited.url and held[slug]["title"] == cited.title
    assert rules.CITATIONS["stw-bleeding-in-pregnancy"].url == (
        "https://www.stw-healthiertogether.nhs.uk/pregnant-women/"
        "worried-you-are-unwell-during-pregnancy/bleeding-pregnancy"
    )
    assert {"stw-bleeding-in-pregnancy", "uhb-when-to-call-the-midwife"} <= set(
        rules.rule_by_slug("bleeding-in-pregnancy").sources
    )
    assert {"rcog-heavy-bleeding-after-birth", "nice-postnatal-care"} <= set(
        rules.rule_by_slug("bleeding-after-a-birth").sources
    )


@pytest.mark.django_db
def test_the_answer_page_sends_a_pregnancy_with_bleeding_to_the_midwife(client, catalogue):
    """The tester's case: step 1 all no; pregnant, and bleeding yes. Without the catalogue's
    Source rows the page reads the rules' own citations."""
    data = posted(
        pregnancy="pregnant",
        **{**dict.fromkeys(rules.SIGN_FIELDS, "no"), "vaginal_bleeding": "yes"},
    )
    page = unescape(client.post(URL, data).content.decode())
    assert MIDWIFE_NOW in page
    assert "aren't booked with maternity care yet, call your GP surgery or NHS 111 today" in page
    assert "Call 999 in the UK or your local emergency number if the bleeding is heavy" in page
    assert "(a flow of blood, or clots)" in page
    assert "Bleeding from the vagina in pregnancy" in page
    assert "a miscarriage or an ectopic pregnancy" in page
    assert "Tummy pain or bleeding when you might be pregnant" not in page
    assert rules.CITATIONS["stw-bleeding-in-pregnancy"].url in page
    assert rules.CITATIONS["uhb-when-to-call-the-midwife"].url in page

    after = posted(
        pregnancy="recently_gave_birth",
        **{**dict.fromkeys(rules.SIGN_FIELDS, "no"), "vaginal_bleeding": "yes"},
    )
    page = unescape(client.post(URL, after).content.decode())
    assert AFTER_BIRTH in page
    assert "Call 999 in the UK or your local emergency number if the bleeding suddenly" in page
    assert rules.CITATIONS["rcog-heavy-bleeding-after-birth"].url in page


@pytest.mark.django_db
def test_the_rules_page_lists_the_bleeding_rules_with_their_sources(client):
    page = unescape(client.get(reverse("triage:rules")).content.decode())
    for slug in (
        "bleeding-in-pregnancy",
        "bleeding-after-a-birth",
        "bleeding-after-a-birth-with-faintness",
    ):
        rule = rules.rule_by_slug(slug)
        assert f'id="{slug}"' in page and rule.title in page
        assert rule.label in page or rule.tier is Tier.EMERGENCY
    for slug in NEW_SOURCES:
        assert rules.CITATIONS[slug].url in page
