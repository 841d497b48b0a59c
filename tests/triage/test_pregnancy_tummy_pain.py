"""Tummy pain in a known pregnancy goes to the maternity team, and the "see a doctor today"
box never contradicts a headline that names someone else.

Someone who said "Yes, I'm pregnant" with tummy pain (no bleeding) was told "See a doctor
today" (a GP) with an ectopic pregnancy as the only reason. University Hospitals Birmingham
"When to call the midwife" sends tummy pain in pregnancy to the maternity unit the same day,
and sharp or continuous tummy pain that does not come and go in waves to 999. The checker's
tummy pain question can't tell that pain from a milder one, so 999 is a line to watch for,
not the tier. "I might be pregnant" keeps the GP or NHS 111 and the ectopic pregnancy reason.

Every "see a doctor today" page showed "Call your GP surgery and ask for an appointment
today..." even under a headline naming the midwife or the surgical team; it is now framed as
what to do if they can't be reached."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.triage import test_views
from tests.triage.test_pregnancy_bleeding import shown as _answer
from tests.triage.test_rules import answers
from tests.triage.test_views import URL
from tests.triage.test_views import answers as posted
from triage import emergency, rules
from triage.rules import Pregnancy, Sign, Tier, assess, worded_for

catalogue = test_views.catalogue

MIDWIFE_NOW = "Contact your midwife or maternity unit now"
GP_TODAY = "Call your GP surgery and ask for an appointment today."
FALLBACK = "If you can't reach them:"


@pytest.mark.parametrize("severity", [3, 0])
def test_a_known_pregnancy_with_tummy_pain_goes_to_the_maternity_unit_now(severity):
    given = answers(pregnancy=Pregnancy.PREGNANT, tummy_pain=Sign.YES, severity=severity)
    result, label, action, main = _answer(given)
    # Today, with 999 as a line to watch for: not an emergency for every tummy pain.
    assert result.tier is Tier.URGENT
    assert label == MIDWIFE_NOW
    assert "Phone your midwife or your maternity unit" in action
    assert "now about the tummy pain" in action
    assert "aren't booked with maternity care yet, call your GP surgery or NHS 111 today" in action
    assert "Call 999 if the pain is sharp or constant, not coming and going in waves." in action
    assert main[0].slug == "tummy-pain-in-pregnancy"
    assert "possible-pregnancy-problem" not in {rule.slug for rule in result.fired}
    # Not an ectopic pregnancy only: early on a miscarriage too, later the placenta or labour.
    reason = main[0].reason
    for cause in ("miscarriage", "ectopic pregnancy", "placenta", "labour"):
        assert cause in reason
    assert "negative" not in reason
    assert "Sharp or constant tummy pain that doesn't come and go in waves" in reason
    assert "uhb-when-to-call-the-midwife" in main[0].sources


def test_not_sure_about_tummy_pain_in_a_pregnancy_counts_as_yes_and_says_so():
    given = answers(pregnancy=Pregnancy.PREGNANT, tummy_pain=Sign.UNSURE)
    result, label, action, main = _answer(given)
    assert result.tier is Tier.URGENT and label == MIDWIFE_NOW
    assert "now about the possible tummy pain" in action
    assert "Call 999 if you get sharp or constant tummy pain" in action
    assert main[0].title == "Maybe tummy pain in pregnancy"
    assert result.raised_by_unsure["tummy-pain-in-pregnancy"] == ("tummy_pain",)
    lead = rules.unsure_lead(
        (rules.SIGN_NAMES["tummy_pain"],),
        result.tier_of(main[0]),
        main[0].tier,
    )
    assert "counts that as a “yes”" in lead


@pytest.mark.parametrize("sign", [Sign.YES, Sign.UNSURE])
def test_might_be_pregnant_with_tummy_pain_keeps_the_gp_and_the_ectopic_reason(sign):
    given = answers(pregnancy=Pregnancy.POSSIBLY_PREGNANT, tummy_pain=sign)
    result, label, action, main = _answer(given)
    assert result.tier is Tier.URGENT and label == Tier.URGENT.label
    assert "midwife" not in action and "maternity" not in action
    assert main[0].slug == "possible-pregnancy-problem"
    assert "ectopic pregnancy" in main[0].reason and "negative" in main[0].reason
    assert "tummy-pain-in-pregnancy" not in {rule.slug for rule in result.fired}
    assert not rules.names_own_contact(result, given)


#: Every "see a doctor today" rule that names its own contact (its own advice), with answers
#: (as posted) that make it decide the answer.
OWN_CONTACT_CASES = {
    "bleeding-in-pregnancy": {"pregnancy": "pregnant", "vaginal_bleeding": "yes"},
    "tummy-pain-in-pregnancy": {"pregnancy": "pregnant", "tummy_pain": "yes"},
    "fall-in-pregnancy": {"pregnancy": "pregnant", "injury": "yes"},
    "bleeding-after-a-birth": {"pregnancy": "recently_gave_birth", "vaginal_bleeding": "yes"},
    "replaced-hip-painful-to-stand": {"hip_replacement": "yes", "weight_bearing": "painful"},
    "fall-on-replaced-hip": {"hip_replacement": "yes", "injury": "yes"},
}


def test_every_today_rule_with_its_own_contact_has_a_case():
    assert set(OWN_CONTACT_CASES) == {
        rule.slug for rule in rules.RULES if rule.tier is Tier.URGENT and rule.action
    }


def _signs(changes: dict) -> dict:
    return {**dict.fromkeys(rules.SIGN_FIELDS, "no"), **changes}


@pytest.mark.parametrize("slug", sorted(OWN_CONTACT_CASES))
def test_a_rule_naming_its_own_contact_makes_the_gp_a_fallback(slug):
    given = answers(
        **{
            name: Sign(value) if name in rules.SIGN_FIELDS else value
            for name, value in OWN_CONTACT_CASES[slug].items()
        }
    )
    result = assess(given)
    assert result.tier is Tier.URGENT and result.main_reasons[0].slug == slug
    assert rules.names_own_contact(result, given)
    # The tier's own words (a GP today), and a child's (the child's doctor), are not a rule's.
    plain = answers(tummy_pain=Sign.YES)
    assert not rules.names_own_contact(assess(plain), plain)
    child = answers(age=12, pregnancy="pregnant", tummy_pain=Sign.YES)
    assert not rules.names_own_contact(assess(child), child)


def _urgent_box(page: str) -> str:
    """The headline's box: from the heading to the "if it gets much worse" line."""
    start = page.index('id="result-heading"')
    return page[start : page.index('class="mt-2 mb-0 call-more"', start)]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
@pytest.mark.parametrize("sign", ["yes", "unsure"])
@pytest.mark.parametrize("slug", sorted(OWN_CONTACT_CASES))
def test_the_answer_page_frames_the_gp_box_as_a_fallback_under_a_rules_own_headline(
    client, catalogue, slug, sign
):
    changes = {
        name: (sign if value == "yes" else value) for name, value in OWN_CONTACT_CASES[slug].items()
    }
    data = posted(**_signs(changes))
    page = unescape(client.post(URL, data).content.decode())
    box = _text(_urgent_box(page))
    rule = worded_for(rules.rule_by_slug(slug), rules.Answers(), unsure=sign == "unsure")
    assert rule.label in box
    # The GP surgery is only what to do if the person the headline names can't be reached.
    assert f"{FALLBACK} In the UK: {GP_TODAY}" in box
    assert box.count(GP_TODAY) == 1
    # The print summary says the same.
    summary = _text(unescape(client.post(URL, {**data, "print": "1"}).content.decode()))
    assert f"{FALLBACK} In the UK: {GP_TODAY}" in summary


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [{"tummy_pain": "yes"}, {"pregnancy": "possibly_pregnant", "tummy_pain": "yes"}],
    ids=["tummy-pain", "might-be-pregnant"],
)
def test_a_doctor_today_answer_of_the_tiers_own_words_keeps_the_gp_box_plain(
    client, catalogue, changes
):
    page = unescape(client.post(URL, posted(**_signs(changes))).content.decode())
    box = _text(_urgent_box(page))
    assert Tier.URGENT.label in box
    assert f"In the UK: {GP_TODAY}" in box
    assert FALLBACK not in box


@pytest.mark.django_db
def test_the_answer_page_sends_a_known_pregnancy_with_tummy_pain_to_the_midwife(client, catalogue):
    data = posted(**_signs({"pregnancy": "pregnant", "tummy_pain": "yes"}))
    html = unescape(client.post(URL, data).content.decode())
    assert rules.CITATIONS["uhb-when-to-call-the-midwife"].url in html
    page = _text(html)
    assert MIDWIFE_NOW in page
    assert "Call 999 in the UK or your local emergency number if the pain is sharp or constant" in (
        page
    )
    assert "Tummy pain in pregnancy." in page
    assert "a miscarriage or an ectopic pregnancy" in page
    assert "Tummy pain or bleeding when you might be pregnant" not in page
    assert f"{FALLBACK} In the UK: {GP_TODAY}" in page


@pytest.mark.django_db
def test_the_rules_page_lists_the_tummy_pain_in_pregnancy_rule(client):
    page = unescape(client.get(reverse("triage:rules")).content.decode())
    rule = rules.rule_by_slug("tummy-pain-in-pregnancy")
    assert 'id="tummy-pain-in-pregnancy"' in page and rule.title in page and rule.label in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "box"),
    [("Europe/London", GP_TODAY), ("America/New_York", emergency.URGENT_CARE_ELSEWHERE)],
    ids=["uk", "abroad"],
)
def test_the_fallback_frames_the_box_wherever_the_viewer_is(client, catalogue, zone, box):
    client.cookies["hipcare_tz"] = zone
    data = posted(**_signs(OWN_CONTACT_CASES["tummy-pain-in-pregnancy"]))
    page = _text(_urgent_box(unescape(client.post(URL, data).content.decode())))
    assert f"{FALLBACK} {box}" in page
