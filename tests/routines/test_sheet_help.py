"""The printed sheet can be acted on by itself (fresh tester: its box said "answer the symptom
checker" and "tick a warning sign on the log", with no address, no emergency number and no
list of the signs): it names the checker's full address, the number to call in an emergency
and the log's warning signs that the checker treats as an emergency."""

from html import unescape

import pytest
from django.test import override_settings

from routines import monitoring, services
from routines.templatetags.routine_sheet import SIGN_WORDS
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine
from triage import rules as checker

pytestmark = pytest.mark.django_db


@pytest.fixture
def routine(coach):
    routine = make_routine(coach, exercises=[make_exercise("Clamshell")])
    services.routine_share(routine=routine)
    return routine


def box(html: str) -> str:
    return unescape(html.split('id="sheet-stop"')[1].split("</section>")[0])


def test_the_print_view_names_the_checker_the_number_and_the_signs(client, coach, routine):
    client.force_login(coach)
    html = box(client.get(f"/routines/{routine.pk}/print/").content.decode())
    assert 'href="http://testserver/triage/"' in html
    assert "Call 999 (UK) or your local emergency number:" in html
    # Every sign the log offers that the checker treats as an emergency, and no other (the
    # rest the box's rule covers: stop and answer the checker, whose address is there too).
    emergency = [s for s in monitoring.OFFERED_SIGNS if s.tier is checker.Tier.EMERGENCY]
    assert emergency
    listed = html.split("Call 999 (UK) or your local emergency number:")[1].split("Sources:")[0]
    # A sign alone is a line of its own, in its words (the lines of two signs together:
    # test_handout_emergency_pairs).
    for sign in monitoring.OFFERED_SIGNS:
        alone = f'data-signs="{sign.key}@' in listed
        assert alone == (sign in emergency), sign.key
        if alone:
            assert SIGN_WORDS[sign.key] in listed.split(f'data-signs="{sign.key}@')[1], sign.key


def test_the_number_is_the_sites_own_with_its_place(client, coach, routine):
    client.force_login(coach)
    with override_settings(EMERGENCY_NUMBER="911"):
        html = box(client.get(f"/routines/{routine.pk}/print/").content.decode())
    assert "Call 911 (US and Canada) or your local emergency number:" in html


def test_the_checker_address_follows_the_host(client, coach, routine):
    """The sheet's cached fragment is keyed by the address too: another host never gets the
    first one's."""
    client.force_login(coach)
    client.get(f"/routines/{routine.pk}/print/")
    with override_settings(ALLOWED_HOSTS=["*"]):
        html = client.get(f"/routines/{routine.pk}/print/", HTTP_HOST="hip.example").content
    assert 'href="http://hip.example/triage/"' in html.decode()


def test_the_screen_sheet_keeps_its_own_links(client, routine):
    """The shared page, on a screen, has the checker's buttons of its own: no list here."""
    html = client.get(f"/r/{routine.share_token}/").content.decode()
    assert 'id="sheet-help"' not in html
