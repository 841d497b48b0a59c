"""A fresh tester's Ben: 30 Nov pain 2 with night pain ("stop"), 1 Dec pain 3 with bladder or
bowel numbness ("get emergency care now"), then 1 Dec deleted, then 30 Nov. The runner's page
led with "A reminder of earlier advice: on Tuesday 1 December an entry you have since deleted
told you to get emergency care"; the coach's panel said "Advice the runner sees now: Told to
carry on", and once the deleted entry's card was marked seen nothing on the coach's side said
more until Ben logged again. Then his headline read "Stop and check your symptoms", the
emergency only under "What to do, and why".

"What the runner sees now" is one reading (session_views.runner_sees, monitoring.SeenNow):
the advice in force, an earlier day's emergency care or doctor today that holds it at stop,
and a deleted entry's reminder. The runner's headline names the most urgent of them; the
coach's panel and list say the same for as long as the runner sees it, cards seen or not."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines import monitoring
from routines.models import DeletedEntryNotice
from tests.routines.conftest import log_session as _log

TUE = date(2026, 12, 1)


def test_pure_the_headline_is_the_most_urgent_advice_in_force():
    numb = monitoring.Entry(
        day=TUE - timedelta(days=1), pain=3, warning_signs={"saddle_or_bladder"}
    )
    calm = monitoring.Entry(day=TUE, pain=2)
    held = monitoring.SeenNow(monitoring.advise_now([numb, calm]))
    assert held.advice.level is monitoring.Level.STOP and held.advice.care is None
    assert (held.key, held.day, held.deleted) == ("emergency", numb.day, False)
    assert held.urgency == monitoring.told_urgency("emergency") and held.care == "emergency"
    # A deleted entry's care of the same day, read by the advice: named, as deleted.
    gone = monitoring.SeenNow(monitoring.advise_now([calm], deleted=[(TUE, "emergency")]))
    assert (gone.key, gone.day, gone.deleted) == ("emergency", TUE, True)
    # A reminder beside a calmer advice leads.
    reminder = monitoring.deleted_reminder([(TUE, "urgent")], today=TUE)
    eased = monitoring.advise_now([monitoring.Entry(day=TUE - timedelta(days=20), pain=6)])
    both = monitoring.SeenNow(eased, reminder)
    assert (both.key, both.day, both.deleted, both.coach_label) == (
        "urgent",
        TUE,
        True,
        "Told to see a doctor today",
    )
    # Nothing more urgent in force: the advice's own, from no other day.
    plain = monitoring.SeenNow(eased)
    assert (plain.key, plain.day, plain.deleted) == ("ease_back", None, False)
    assert monitoring.SeenNow(None).urgency == 0


def _runner_top(client, shared):
    client.logout()
    page = client.get(shared.get_share_url()).content.decode()
    top = page[page.index('id="runner-top"') :]
    return top[: top.index("</nav>")]


def _coach(client, shared):
    client.force_login(shared.owner)
    panel = client.get(shared.get_absolute_url()).content.decode()
    panel = panel[panel.index('id="follow-up"') :]
    listing = client.get(reverse("routines:list")).content.decode()
    summary = listing[listing.index('id="needs-a-look"') :] if "needs-a-look" in listing else ""
    return panel, summary[: summary.find("</section>")]


def _ben(client, shared):
    _log(shared, days_ago=6, pain=1)
    night = _log(shared, days_ago=1, pain=2, warning_signs=["night_or_rest_pain"])
    numb = _log(shared, days_ago=0, pain=3, warning_signs=["saddle_or_bladder"])
    assert (night.told, numb.told) == ("stop", "emergency")
    for session in (numb, night):
        client.post(
            reverse("session_delete", args=[shared.share_token, session.pk]), {"confirm": "yes"}
        )


def _says_emergency(client, shared, *, seen: bool):
    top = _runner_top(client, shared)
    assert 'data-advice-now="emergency"' in top and "Get emergency care now" in top
    assert "you were told this after your entry for " in top and ", since deleted)" in top
    panel, summary = _coach(client, shared)
    assert 'data-disposition="emergency"' in panel
    assert "Advice the runner sees now" in panel and "Told to get emergency care" in panel
    assert "an entry the runner has since deleted" in panel
    # The deleted entry's card unseen, the badge names it; seen, what the runner is told.
    badge = "Told to get emergency care" if seen else "Entry deleted (told to get emergency care)"
    assert badge in summary
    assert ("data-seen" in summary) is seen
    return top, panel


@pytest.mark.django_db
def test_the_coach_says_what_the_runner_s_page_leads_with(client, shared):
    _ben(client, shared)
    top, panel = _says_emergency(client, shared, seen=False)
    assert 'id="deleted-advice"' in top
    # Marking the deleted entries' cards seen hides nothing the runner still sees.
    for notice in DeletedEntryNotice.objects.all():
        client.post(reverse("routines:deleted_entry_seen", args=[shared.pk, notice.pk]))
    top, panel = _says_emergency(client, shared, seen=True)
    assert 'data-runner-reminder="emergency"' in panel
    assert "their page reminds them to have the hip checked" in panel


@pytest.mark.django_db
def test_a_new_entry_never_puts_a_milder_headline_over_the_emergency(client, shared):
    _ben(client, shared)
    _log(shared, days_ago=0, pain=2)
    top, panel = _says_emergency(client, shared, seen=False)
    # The list names the emergency, not the stop card of the new entry.
    assert "Stop advised" not in _coach(client, shared)[1]
    # Said by the advice (its reason names the deleted entry): no box beside it.
    assert 'id="deleted-advice"' not in top
    assert "Stop and check your symptoms" not in top


@pytest.mark.django_db
def test_a_kept_emergency_two_days_back_heads_the_page(client, shared):
    _log(shared, days_ago=2, pain=3, warning_signs=["saddle_or_bladder"])
    _log(shared, days_ago=0, pain=2)
    top = _runner_top(client, shared)
    assert 'data-advice-now="emergency"' in top and "by an entry" not in top
    numb_day = timezone.localdate() - timedelta(days=2)
    assert f'data-advice-now-from="{numb_day.isoformat()}"' in top
    panel, summary = _coach(client, shared)
    assert 'data-disposition="emergency"' in panel and "Told to get emergency care" in summary
