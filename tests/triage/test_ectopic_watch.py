"""Someone who is or might be pregnant is told which signs of an ectopic pregnancy (one growing
outside the womb) to look out for, and how urgent each is, as the NHS and nidirect "Ectopic
pregnancy" pages say: tummy pain low down on one side, bleeding from the vagina, pain in the
tip of a shoulder or pain when peeing or pooing mean being seen the same day, even after a
negative test; fainting or feeling very dizzy, or sudden severe tummy pain with feeling sick
or looking very pale, mean 999. The list lacked all of them but the tummy pain, and said
fainting only as "get help sooner". The checker's own questions that cover some of them keep
the answer the sources give (a yes to fainting is an emergency)."""

from html import unescape

import pytest

from tests.triage import test_views
from tests.triage.test_rules import answers
from tests.triage.test_views import URL
from tests.triage.test_views import answers as posted
from triage import rules
from triage.rules import Pregnancy, Sign, Tier, assess, come_back_if, watch_lists

pytestmark = pytest.mark.django_db
catalogue = test_views.catalogue

MAY_BE_PREGNANT = [Pregnancy.PREGNANT, Pregnancy.POSSIBLY_PREGNANT]
SIGNS = (
    "pain low down on one side of your tummy",
    "bleeding from the vagina",
    "pain in the tip of a shoulder",
    "pain when you pee or poo",
)
#: The emergencies, each an item of its own under "call 999" (never inside the same-day item).
FAINT = "you faint or feel very dizzy"
SEVERE = "Sudden, severe tummy pain comes with feeling sick or looking very pale."


def emergency_items(given, tier) -> tuple[str, ...]:
    (emergency,) = [w for w in watch_lists(given, tier) if w.tier is Tier.EMERGENCY]
    assert "Call 999" in emergency.heading
    return emergency.items


def ectopic_items(items: tuple[str, ...]) -> list[str]:
    return [item for item in items if "ectopic pregnancy" in item]


@pytest.mark.parametrize("severity", [3, 0])
@pytest.mark.parametrize("pregnancy", MAY_BE_PREGNANT)
def test_a_possible_pregnancy_watches_for_every_sign_of_an_ectopic_pregnancy(pregnancy, severity):
    given = answers(pregnancy=pregnancy, severity=severity)
    result = assess(given)
    assert result.tier is Tier.SEE_PROFESSIONAL
    items = come_back_if(given, result.tier)
    (item,) = ectopic_items(items)
    # First under "see a doctor today" (the rules' tier for these signs in pregnancy); its
    # emergencies each an item of their own under "call 999", not inside it.
    lists = watch_lists(given, result.tier)
    (today,) = [w for w in lists if w.tier is Tier.URGENT and w.heading.startswith("See a doc")]
    assert today.items[0] == item and "today" in today.heading
    # A known pregnancy: tummy pain and bleeding are the checker's own questions, and its
    # answer for them is the midwife, now (tummy-pain-in-pregnancy, bleeding-in-pregnancy):
    # under that heading, not inside the item under "see a doctor today".
    elsewhere = SIGNS[:2] if pregnancy is Pregnancy.PREGNANT else ()
    for words in SIGNS:
        assert (words in item) is (words not in elsewhere)
    if elsewhere:
        now = "Contact your midwife or maternity unit now if"
        (midwife,) = [w for w in lists if w.heading == now]
        assert "You get tummy pain." in midwife.items
        # Pregnant: any bleeding at all (pregnancy-bleeding wording, triage/rules.py).
        assert any("any bleeding from the vagina" in it for it in midwife.items)
    assert "even after a negative pregnancy test" in item
    assert "999" not in item and "faint" not in item
    emergency = emergency_items(given, result.tier)
    assert SEVERE in emergency
    assert any(FAINT in it.lower() for it in emergency)
    # Fainting is said once, as the emergency it is in pregnancy, not also as "get help sooner".
    assert sum("faint" in it for it in items) == 1


@pytest.mark.parametrize("pregnancy", [Pregnancy.NO, Pregnancy.RECENTLY_GAVE_BIRTH, None], ids=str)
def test_no_pregnancy_keeps_the_list_as_it_was(pregnancy):
    given = answers(pregnancy=pregnancy)
    items = come_back_if(given, assess(given).tier)
    assert not ectopic_items(items)
    assert not any("shoulder" in item or "999" in item for item in items)
    assert any("you faint or feel very dizzy" in item.lower() for item in items)


@pytest.mark.parametrize("pregnancy", MAY_BE_PREGNANT)
def test_a_sign_already_counted_is_left_out_and_today_is_not_said_twice(pregnancy):
    """Tummy pain (or bleeding) while pregnant is already "see a doctor today": that sign is
    not still to watch for, the others stay, and the list (headed "Tell whoever sees you
    today if") does not add "get seen the same day". The other of the two is then an
    emergency (possible-ectopic-pregnancy: tummy pain with bleeding): under "call 999", not
    in the item."""
    for name, words in (("tummy_pain", SIGNS[0]), ("vaginal_bleeding", SIGNS[1])):
        given = answers(pregnancy=pregnancy, **{name: Sign.YES})
        result = assess(given)
        assert result.tier is Tier.URGENT
        (item,) = ectopic_items(come_back_if(given, result.tier))
        assert words not in item
        assert all(other in item for other in SIGNS[2:])
        other = "vaginal_bleeding" if name == "tummy_pain" else "tummy_pain"
        assert assess(given.with_changes(**{other: Sign.YES})).tier is Tier.EMERGENCY
        assert SIGNS[0] not in item and SIGNS[1] not in item
        emergency = " ".join(emergency_items(given, result.tier))
        # Pregnant: any bleeding at all; possibly pregnant: bleeding outside a period.
        bleeding = (
            "any bleeding from the vagina"
            if pregnancy is Pregnancy.PREGNANT
            else "bleed from the vagina"
        )
        assert (bleeding if other == "vaginal_bleeding" else "tummy pain") in (
            emergency.replace("Sudden, severe tummy pain comes", "")
        )
        assert "same day" not in item and "999" not in item
        assert SEVERE in emergency_items(given, result.tier)


def test_a_parent_reads_about_their_child():
    given = answers(age=11, pregnancy=Pregnancy.POSSIBLY_PREGNANT)
    result = assess(given)
    (item,) = ectopic_items(come_back_if(given, result.tier))
    assert item.startswith("Your child notices pain low down on one side of the tummy")
    assert "999" not in item
    emergency = emergency_items(given, result.tier)
    assert "Sudden, severe tummy pain comes with being sick or looking very pale." in emergency
    assert any("they faint or seem very dizzy" in it for it in emergency)
    assert "you " not in item.lower() and "your " not in item.lower().replace("your child", "")


@pytest.mark.parametrize("pregnancy", MAY_BE_PREGNANT)
def test_the_checkers_own_questions_give_what_the_sources_say(pregnancy):
    """Fainting or feeling very dizzy: 999 (an emergency). Tummy pain, or bleeding from the
    vagina: medical advice at once, the same day (see a doctor today), even after a negative
    test. Tummy pain with bleeding or being sick: an emergency (the checker's own rule)."""
    assert assess(answers(pregnancy=pregnancy, faint=Sign.YES)).tier is Tier.EMERGENCY
    assert assess(answers(pregnancy=pregnancy, tummy_pain=Sign.YES)).tier is Tier.URGENT
    assert assess(answers(pregnancy=pregnancy, vaginal_bleeding=Sign.YES)).tier is Tier.URGENT
    both = answers(pregnancy=pregnancy, tummy_pain=Sign.YES, vaginal_bleeding=Sign.YES)
    assert assess(both).tier is Tier.EMERGENCY


def test_the_watch_and_the_rules_cite_the_ectopic_pregnancy_pages():
    assert set(rules.ECTOPIC_WATCH_SOURCES) <= set(rules.CITATIONS)
    cited = rules.CITATIONS["nidirect-ectopic-pregnancy"]
    assert cited.url == "https://www.nidirect.gov.uk/conditions/ectopic-pregnancy"
    for slug in ("possible-ectopic-pregnancy", "possible-pregnancy-problem"):
        assert set(rules.ECTOPIC_WATCH_SOURCES) <= set(rules.rule_by_slug(slug).sources)


def test_the_answer_page_lists_the_signs_with_their_sources(client, catalogue):
    """Without the catalogue's Source rows the page reads the rules' own citations."""
    data = posted(pregnancy="possibly_pregnant", **dict.fromkeys(rules.SIGN_FIELDS, "no"))
    page = unescape(client.post(URL, data).content.decode())
    for words in SIGNS:
        assert words in page
    assert "Sources for the signs in pregnancy" in page
    assert rules.CITATIONS["nidirect-ectopic-pregnancy"].url in page
    assert rules.CITATIONS["nhs-ectopic-pregnancy"].url in page
    printed = unescape(client.post(URL, {**data, "print": "1"}).content.decode())
    assert "pain in the tip of a shoulder" in printed and "999" in printed
