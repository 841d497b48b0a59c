"""The runner's log and the coach's panel on warning signs the symptom checker treats as an
emergency or as "see a doctor today": said at once, as the checker says it."""

import re
import zoneinfo
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from routines import services
from tests.routines.conftest import history_url, uk_day

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "log"}


def post_log(client, routine, data=None, **headers):
    payload = {"listed": "1", "date": timezone.localdate().isoformat(), "pain": "1"}
    payload.update(data or {})
    return client.post(
        reverse("session_create", args=[routine.share_token]), payload, headers=headers
    )


def care_box(html: str) -> str:
    """The care box (routines/_care.html), up to the end of its list of reasons."""
    start = html.index('class="care care-')
    return html[start : html.index("</ul>", html.index("care-reasons", start))]


@pytest.mark.parametrize("sign", ["saddle_or_bladder", "no_weight"])
def test_an_emergency_sign_with_pain_1_shows_call_999_and_112_on_the_log(
    client, shared_week_ago, sign
):
    response = post_log(client, shared_week_ago, {"warning": [sign]}, **HTMX)
    html = response.content.decode()
    box = care_box(html)
    assert "Get emergency care now" in box
    assert 'href="tel:999"' in box and 'href="tel:112"' in box
    assert "Open the symptom checker" not in html
    assert "Stop the exercises for now and answer the symptom checker" not in html
    # The checker's rule, with its sources.
    assert 'data-rule="' in box and "NHS" in box
    page = client.get(shared_week_ago.get_share_url()).content.decode()
    assert 'data-care="emergency"' in page and 'href="tel:999"' in page


def test_an_urgent_sign_says_see_a_doctor_today_with_the_urgent_care_number(
    client, shared_week_ago
):
    html = post_log(client, shared_week_ago, {"warning": ["red_or_warm"]}, **HTMX).content.decode()
    box = care_box(html)
    assert "See a doctor today" in box and 'href="tel:111"' in box
    assert 'data-rule="red-or-warm-hip"' in box


@pytest.mark.parametrize(
    ("sign", "heading", "rule"),
    [
        ("leg_swollen", "See a doctor today", "swollen-leg"),
        ("leg_weakness", "See a doctor today", "leg-weakness"),
        ("tummy_pain", "See a doctor today", "tummy-pain"),
        ("groin_lump", "Get emergency care now", "painful-groin-lump"),
        ("deformity", "Get emergency care now", "leg-looks-shorter-or-turned-out"),
    ],
)
def test_a_red_flag_once_only_in_the_note_is_a_box_with_the_checkers_advice(
    client, shared_week_ago, sign, heading, rule
):
    page = client.get(shared_week_ago.get_share_url()).content.decode()
    assert f'name="warning" value="{sign}"' in page
    # The boxes sit in short groups, each a fieldset with its legend.
    form = page[page.index('class="mb-3 warning-signs"') :]
    assert form.count("<legend") >= 4
    html = post_log(client, shared_week_ago, {"warning": [sign]}, **HTMX).content.decode()
    box = care_box(html)
    assert heading in box and f'data-rule="{rule}"' in box


def test_a_milder_sign_still_sends_the_runner_to_the_checker(client, shared_week_ago):
    html = post_log(client, shared_week_ago, {"warning": ["limp"]}, **HTMX).content.decode()
    assert 'class="care care-' not in html
    assert "Open the symptom checker" in html


def test_the_coach_reads_told_to_get_emergency_care(client, shared_week_ago, coach):
    post_log(client, shared_week_ago, {"warning": ["saddle_or_bladder"]})
    client.force_login(coach)
    html = client.get(shared_week_ago.get_absolute_url()).content.decode()
    assert "Told to get emergency care" in html
    assert "Told to stop and check their symptoms" not in html
    assert 'data-disposition="emergency"' in html and 'data-care="emergency"' in html


def test_the_coach_reads_pain_6_and_a_milder_sign_differently(client, shared_week_ago, coach):
    post_log(client, shared_week_ago, {"pain": "6"})
    client.force_login(coach)
    html = client.get(shared_week_ago.get_absolute_url()).content.decode()
    assert "Told to ease back" in html and "Told to get emergency care" not in html
    post_log(client, shared_week_ago, {"warning": ["limp"]})
    html = client.get(shared_week_ago.get_absolute_url()).content.decode()
    assert "Told to stop and check their symptoms" in html
    assert "Told to get emergency care" not in html


def test_the_older_mixed_sign_still_displays_on_old_entries(client, shared_week_ago):
    services.session_log(
        routine=shared_week_ago,
        day=timezone.localdate(),
        pain=1,
        done=[],
        warning_signs=["cannot_bear_weight"],
    )
    page = client.get(shared_week_ago.get_share_url()).content.decode()
    assert "I can&#x27;t put my full weight on the leg, or I&#x27;ve started to limp" in page
    assert 'value="cannot_bear_weight"' not in page
    assert 'value="no_weight"' in page and 'value="limp"' in page


# A warning sign ticked on an entry that was refused: its advice, whatever the refusal.


def _today(days: int = 0) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


REFUSALS = {
    "before the routine": {"date": _today(-10)},
    "future date": {"date": _today(1)},
    "bad date": {"date": "yesterday"},
    "no date": {"date": ""},
    "bad pain": {"pain": "eleven"},
    "morning too early": {"morning": "worse"},
    "note too long": {"note": "x" * 5000},
    "unknown exercise": {"done": ["999999"]},
}


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize("refusal", list(REFUSALS))
def test_a_refused_entry_with_an_emergency_sign_shows_its_advice_and_no_calmer_one(
    client, shared_week_ago, refusal, htmx
):
    """QA: pain 2 (carry on), then an entry dated before the routine with the bladder sign:
    'Nothing was saved' under the green 'Carry on'."""
    uk_day(client)
    assert post_log(client, shared_week_ago, {"pain": "2"}).status_code == 302  # carry on
    data = {"warning": ["saddle_or_bladder"], "note": "typed", **REFUSALS[refusal]}
    response = post_log(client, shared_week_ago, data, **(HTMX if htmx else {}))
    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-pending-advice="emergency"' in html
    assert "Get emergency care now" in html and 'href="tel:999"' in html
    # QA (coach tester): the runner is told the coach does not know, and how to fix that.
    assert "Nothing was saved, so your coach has not been told." in html
    assert "send it again, so your coach sees it" in html
    # No calmer advice box beside it (the earlier entry's own line in the list may say so).
    assert "advice-continue" not in html and ">Carry on</h3>" not in html
    # The form keeps what was entered.
    assert 'value="saddle_or_bladder" class="form-check-input" id="id_warning_' in html
    assert re.search(r'value="saddle_or_bladder"[^>]* checked', html)
    assert shared_week_ago.sessions.count() == 1


def test_the_daily_limit_still_logs_a_warning_sign_for_the_coach(client, shared_week_ago, coach):
    """Past the day's limit an entry with a warning sign is still logged, so the coach learns
    of it (a few more only); one without a sign is refused, and past those few a sign's entry
    is refused with its advice."""
    from routines import services as routine_services

    for _ in range(routine_services.MAX_SESSIONS_PER_DAY):
        routine_services.session_log(
            routine=shared_week_ago, day=timezone.localdate(), pain=1, done=[]
        )
    assert post_log(client, shared_week_ago, {"note": "no sign"}, **HTMX).status_code == 422
    response = post_log(client, shared_week_ago, {"warning": ["red_or_warm"]}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "See a doctor today" in html and "advice-continue" not in html
    signed = shared_week_ago.sessions.get(warning_signs=["red_or_warm"])
    client.force_login(coach)
    assert (
        f'data-stop-session="{signed.pk}"'
        in client.get(shared_week_ago.get_absolute_url()).content.decode()
    )
    client.logout()
    for _ in range(routine_services.MAX_SIGN_ENTRIES_PAST_LIMIT - 1):
        assert post_log(client, shared_week_ago, {"warning": ["limp"]}, **HTMX).status_code == 200
    html = post_log(client, shared_week_ago, {"warning": ["red_or_warm"]}, **HTMX).content.decode()
    assert 'data-pending-advice="urgent"' in html and "See a doctor today" in html
    assert shared_week_ago.sessions.count() == (
        routine_services.MAX_SESSIONS_PER_DAY + routine_services.MAX_SIGN_ENTRIES_PAST_LIMIT
    )


def test_a_refused_entry_with_a_milder_sign_says_stop_and_check(client, shared_week_ago):
    uk_day(client)
    post_log(client, shared_week_ago, {"pain": "2"})
    html = post_log(
        client, shared_week_ago, {"warning": ["limp"], "date": _today(1)}, **HTMX
    ).content.decode()
    assert 'data-pending-advice="stop"' in html and "Open the symptom checker" in html
    assert "advice-continue" not in html


def test_a_more_urgent_advice_now_stays_beside_a_milder_refused_sign(client, shared_week_ago):
    uk_day(client)
    post_log(client, shared_week_ago, {"warning": ["saddle_or_bladder"]})
    html = post_log(
        client, shared_week_ago, {"warning": ["limp"], "date": _today(1)}, **HTMX
    ).content.decode()
    assert 'data-pending-advice="stop"' in html and 'data-care="emergency"' in html


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize(
    ("sign", "key"),
    [("no_weight", "emergency"), ("red_or_warm", "urgent"), ("limp", "stop")],
)
def test_a_refused_sign_s_advice_opens_the_form_and_takes_the_focus_before_its_errors(
    client, shared_week_ago, sign, key, htmx
):
    """Fresh tester, without JavaScript: "I can't put any weight on the leg" with the pain
    left blank came back at #log-form (the form's action) with "Nothing was saved / check
    these answers" focused, the emergency box about 640 px above, off screen. The advice is
    now the form's first part, the first thing focused (autofocus for a page loaded whole,
    data-autofocus after a swap), the error summary after it; for every urgency."""
    response = post_log(
        client, shared_week_ago, {"warning": [sign], "pain": ""}, **(HTMX if htmx else {})
    )
    assert response.status_code == 422
    html = response.content.decode()
    form = html.index('id="log-form"')
    advice = html.index(f'data-pending-advice="{key}"')
    summary = html.index("alert alert-danger error-summary")
    assert form < advice < summary
    # The first element to take the focus, either way, is the advice's heading.
    for marker in (" autofocus", " data-autofocus"):
        first = html.index(marker)
        tag = html[html.rindex("<", 0, first) : html.index(">", first)]
        assert tag.startswith("<h3") and advice < first < summary, (marker, tag)
    assert html.count('data-pending-advice="') == 1


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_a_withdrawn_link_s_sign_advice_takes_the_focus(client, shared_week_ago, htmx):
    url = reverse("session_create", args=[shared_week_ago.share_token])
    services.routine_unshare(routine=shared_week_ago)
    data = {"pain": "", "warning": ["no_weight"]}
    html = client.post(url, data, headers=HTMX if htmx else {}).content.decode()
    tag = html[html.rindex("<", 0, html.index(" autofocus")) :]
    assert tag.startswith('<h3 class="h4 care-heading"')


def test_a_refused_entry_without_a_sign_shows_no_sign_advice(client, shared_week_ago):
    html = post_log(client, shared_week_ago, {"date": _today(1)}, **HTMX).content.decode()
    assert "data-pending-advice" not in html


# A link withdrawn while the page is open: every action says so, keeps the page, saves nothing.


def _gone_requests(routine, session):
    token = routine.share_token
    return [
        ("post", reverse("session_create", args=[token]), {"pain": "1", "note": "typed"}),
        ("post", reverse("session_morning", args=[token, session.pk]), {"morning": "same"}),
        ("post", reverse("session_delete", args=[token, session.pk]), {"confirm": "yes"}),
        ("post", reverse("session_delete", args=[token, session.pk]), {}),
        ("get", reverse("shared_routine", args=[token]) + f"?delete={session.pk}", None),
        ("get", reverse("shared_routine", args=[token]) + f"?morning={session.pk}", None),
        ("get", reverse("session_list", args=[token]), None),
        ("get", reverse("session_history", args=[token]), None),
        ("get", reverse("shared_routine", args=[token]), None),
    ]


@pytest.mark.parametrize(
    ("htmx", "debug"),
    [(True, False), (False, False), (True, True), (False, True)],
    ids=["htmx", "plain", "htmx-debug", "plain-debug"],
)
def test_every_action_on_a_withdrawn_link_says_so_and_saves_nothing(
    client, settings, shared_week_ago, htmx, debug
):
    # `make run` has DEBUG on: a withdrawn link is still the runner's page saying so, never
    # Django's technical 404 page.
    settings.DEBUG = debug
    session = services.session_log(
        routine=shared_week_ago, day=timezone.localdate() - timedelta(days=1), pain=1, done=[]
    )
    requests = _gone_requests(shared_week_ago, session)
    services.routine_unshare(routine=shared_week_ago)
    for method, url, data in requests:
        headers = HTMX if htmx else {}
        response = getattr(client, method)(url, data, headers=headers)
        html = response.content.decode()
        assert response.status_code == 404, (method, url)
        assert "This link no longer works" in html, (method, url)
        if htmx:
            assert response["HX-Retarget"] == "#page-alert", (method, url)
            assert "<html" not in html
        else:
            assert "<html" in html and "hipcare.css" in html, (method, url)
            assert "ask your coach for a new one" in html, (method, url)
        assert "Using the URLconf" not in html and "Technical" not in html, (method, url)
        if method == "post":
            assert "Nothing was saved" in html, (method, url)
    session.refresh_from_db()
    assert session.morning == "" or session.morning is None
    assert shared_week_ago.sessions.count() == 1


@override_settings(DEBUG=True)
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_link_that_never_was_is_the_friendly_page_with_debug_on_too(client, htmx):
    response = client.get("/r/no-such-link-0123456789/", headers=HTMX if htmx else {})
    html = response.content.decode()
    assert response.status_code == 404
    assert "This link no longer works: ask your coach for a new one." in html
    assert "Using the URLconf" not in html
    if htmx:
        assert response["HX-Retarget"] == "#page-alert" and "<html" not in html
    else:
        assert response["X-Robots-Tag"] == "noindex" and "<html" in html


@override_settings(DEBUG=True)
def test_other_unknown_addresses_keep_django_s_debug_page(client):
    """Developers need it: only a share link that is gone is an expected state."""
    html = client.get("/no-such-page/").content.decode()
    assert "Using the URLconf" in html and "ask your coach" not in html


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_a_withdrawn_link_still_gives_the_advice_for_a_ticked_sign_and_the_typed_note(
    client, shared_week_ago, htmx
):
    url = reverse("session_create", args=[shared_week_ago.share_token])
    services.routine_unshare(routine=shared_week_ago)
    data = {"pain": "1", "note": "my careful note", "warning": ["no_weight"]}
    response = client.post(url, data, headers=HTMX if htmx else {})
    html = response.content.decode()
    assert response.status_code == 404
    assert 'data-pending-advice="emergency"' in html and 'href="tel:999"' in html
    if not htmx:
        assert "my careful note" in html  # to copy; with htmx it stays in the form


# "Mark as seen": a neutral button; the panel comes back with what was done, focused.


def _stop(shared_week_ago):
    return services.session_log(routine=shared_week_ago, day=timezone.localdate(), pain=8, done=[])


def test_mark_as_seen_is_a_neutral_button_sent_with_htmx_to_the_panel(
    client, coach, shared_week_ago
):
    _stop(shared_week_ago)
    client.force_login(coach)
    page = client.get(shared_week_ago.get_absolute_url()).content.decode()
    button = re.search(r'<button type="submit" class="([^"]*)">Mark as seen', page)
    assert button and "btn-outline-dark" in button.group(1)
    assert "btn-danger" not in button.group(1)
    assert 'hx-target="#follow-up"' in page


def test_mark_as_seen_with_htmx_answers_the_panel_with_its_notice_focused(
    client, coach, shared_week_ago
):
    stop = _stop(shared_week_ago)
    client.force_login(coach)
    url = reverse("routines:session_seen", args=[shared_week_ago.pk, stop.pk])
    response = client.post(url, headers={"HX-Request": "true", "HX-Target": "follow-up"})
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section id="follow-up"')
    notice = re.search(r'<p class="alert alert-success py-2 followup-notice"[^>]*>', html)
    assert notice and "data-autofocus" in notice.group(0)
    assert "Marked as seen:" in html and "stop-alert" not in html


def test_mark_as_seen_without_javascript_focuses_the_notice_in_the_panel(
    client, coach, shared_week_ago
):
    stop = _stop(shared_week_ago)
    client.force_login(coach)
    url = reverse("routines:session_seen", args=[shared_week_ago.pk, stop.pk])
    response = client.post(url)
    assert (
        response.status_code == 302 and response["Location"] == shared_week_ago.get_absolute_url()
    )
    page = client.get(response["Location"]).content.decode()
    panel = page[page.index('<section id="follow-up"') :]
    assert "Marked as seen:" in panel and " autofocus>" in panel
    # Said once, in the panel, not also at the top of the page.
    assert page.count("Marked as seen:") == 1


# Several entries a day; the coach's advice block: the disposition, then why, then the facts.


def test_a_sign_ticked_in_this_entry_is_not_labelled_as_from_an_earlier_one(
    client, shared_week_ago
):
    services.session_log(
        routine=shared_week_ago, day=timezone.localdate(), pain=2, done=[], warning_signs=["limp"]
    )
    html = post_log(client, shared_week_ago, {"warning": ["numbness"]}, **HTMX).content.decode()
    advice = html[html.index('id="advice"') : html.index('id="log-form-heading"')]
    this = re.search(r"<li>(You ticked a warning sign \(numbness[^<]*)</li>", advice)
    assert this, advice
    assert "From an earlier entry that day: You ticked a warning sign (it hurts to stand" in advice


def test_the_coachs_advice_now_puts_the_disposition_first_and_the_facts_behind_a_disclosure(
    client, coach, shared_week_ago
):
    services.session_log(
        routine=shared_week_ago, day=timezone.localdate(), pain=8, done=[], note="n"
    )
    services.session_log(
        routine=shared_week_ago,
        day=timezone.localdate(),
        pain=1,
        done=[],
        warning_signs=["saddle_or_bladder"],
    )
    client.force_login(coach)
    page = client.get(shared_week_ago.get_absolute_url()).content.decode()
    block = page[page.index('class="latest-session') :]
    block = block[: block.index("pain-chart")]
    disposition = block.index("Told to get emergency care")
    why = block.index('<ul class="mb-1 advice-why">')
    facts = block.index("<summary>The facts behind it</summary>")
    assert disposition < why < facts
    # One reason a line, the rule behind a disclosure.
    assert block.count("<li>The runner ticked") == 1
    assert "The symptom checker's rule: Numbness around the bottom" in block[facts:]


def call_line(html: str) -> list[str]:
    """The tel: numbers of the first emergency call line (triage/_emergency_calls.html)."""
    line = re.search(r'<p class="call-now[^"]*"[^>]*>(.*?)</p>', html, re.S).group(1)
    return re.findall(r'href="tel:([0-9]+)"', line)


def test_an_emergency_logged_from_new_york_offers_911_first_on_the_log(client, shared_week_ago):
    """Fresh tester: a runner in America/New_York was told "Call 999 / In Europe: Call 112".
    The log form's own zone (its hidden tz field) picks the first call button; 999 and 112
    stay (a zone is not a place), and the fallback says "your local emergency number"."""
    new_york = zoneinfo.ZoneInfo("America/New_York")
    day = timezone.localdate(timezone=new_york).isoformat()
    data = {"warning": ["saddle_or_bladder"], "tz": "America/New_York", "date": day}
    box = care_box(post_log(client, shared_week_ago, data, **HTMX).content.decode())
    assert call_line(box) == ["911", "999", "112"]
    assert (
        'class="btn btn-light btn-lg call-button" href="tel:911"><span class="text-nowrap">'
        'Call 911</span> <span class="text-nowrap">(US and Canada)</span></a>' in box
    )
    assert "the emergency department" in box and "A&amp;E" not in box.split("Why:")[0]
    assert "Somewhere else, call your local emergency number." in box
    # The page as opened again (the browser's zone as its cookie), the top's buttons too.
    client.cookies["hipcare_tz"] = "America/New_York"
    page = client.get(shared_week_ago.get_share_url()).content.decode()
    top = page[
        page.index('id="runner-top"') : page.index("</section>", page.index('id="runner-top"'))
    ]
    assert call_line(top) == ["911", "999", "112"]
    assert call_line(care_box(page)) == ["911", "999", "112"]


def test_an_emergency_logged_without_a_zone_offers_999_and_112_and_the_local_fallback(
    client, shared_week_ago
):
    box = care_box(
        post_log(
            client, shared_week_ago, {"warning": ["saddle_or_bladder"]}, **HTMX
        ).content.decode()
    )
    assert call_line(box) == ["999", "112"]
    assert ">Call 112 (Europe)</a>" in box
    listed = country_calls(box)
    assert listed["United States"] == ["911"] and listed["Australia"] == ["000"]
    assert listed["Japan"] == ["119"] and listed["South Africa"] == ["10177", "112"]
    assert "Anywhere else: your local emergency number." in box
    # On screen the fold only; on paper (print.css leaves the fold out) its one-line list.
    assert box.count("Elsewhere:") == box.count("call-elsewhere d-none d-print-block ") == 1


def country_calls(block: str) -> dict[str, list[str]]:
    """The folded "Not in the UK?" list (triage/_country_calls.html) in `block`: {country: its
    tel: numbers}, each link named "Call <number> (<country>)"."""
    folded = re.search(r"<details[^>]*data-country-calls.*?</details>", block, re.S).group(0)
    assert "<summary>Not in the UK? Your country&#x27;s emergency number</summary>" in folded
    listed = {}
    for name, links in re.findall(r'"country-name">(.*?)</span>(.*?)</li>', folded, re.S):
        found = re.findall(r'href="tel:([0-9]+)" aria-label="Call \1 \(([^)]*)\)"', links)
        assert found and all(place == name for _, place in found), (name, links)
        listed[name] = [number for number, _ in found]
    return listed


def _top(page: str) -> str:
    start = page.index('id="runner-top"')
    return page[start : page.index("</section>", start)]


def test_an_emergency_logged_from_tokyo_offers_119_in_the_advice_and_the_top_line(
    client, shared_week_ago
):
    """Tester, Asia/Tokyo, the shared routine's log, a warning sign logged: "Call your local
    emergency number." with only 999 (UK) and 112 (Europe); Japan's 119 never named."""
    tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")
    day = timezone.localdate(timezone=tokyo).isoformat()
    data = {"warning": ["saddle_or_bladder"], "tz": "Asia/Tokyo", "date": day}
    box = care_box(post_log(client, shared_week_ago, data, **HTMX).content.decode())
    assert call_line(box) == ["119", "999", "112"]
    assert 'Call 119</span> <span class="text-nowrap">(Japan)</span></a>' in box
    assert "Call your local emergency number." not in box
    client.cookies["hipcare_tz"] = "Asia/Tokyo"
    page = client.get(shared_week_ago.get_share_url()).content.decode()
    assert call_line(_top(page)) == ["119", "999", "112"]
    assert call_line(care_box(page)) == ["119", "999", "112"]
    history = client.get(history_url(shared_week_ago)).content.decode()
    assert call_line(_top(history)) == ["119", "999", "112"]


def test_without_a_zone_every_emergency_block_of_the_log_lists_119_and_000(client, shared_week_ago):
    """No JavaScript: the log's top line, its advice and the history page's top alike."""
    post_log(client, shared_week_ago, {"warning": ["saddle_or_bladder"]})
    page = client.get(shared_week_ago.get_share_url()).content.decode()
    history = client.get(history_url(shared_week_ago)).content.decode()
    for block in (_top(page), care_box(page), _top(history)):
        assert call_line(block) == ["999", "112"]
        listed = country_calls(block)
        assert listed["Australia"] == ["000"] and listed["Japan"] == ["119"]


def test_the_runners_page_asks_no_more_queries_for_a_known_zone(client, shared_week_ago):
    post_log(client, shared_week_ago, {"warning": ["saddle_or_bladder"]})
    url = shared_week_ago.get_share_url()
    client.get(url)  # warm what is cached either way
    with CaptureQueriesContext(connection) as plain:
        client.get(url)
    client.cookies["hipcare_tz"] = "Europe/Paris"
    client.get(url)
    with CaptureQueriesContext(connection) as paris:
        html = client.get(url).content.decode()
    assert call_line(care_box(html)) == ["112", "999"]
    assert len(paris) == len(plain)


def test_the_history_pages_call_buttons_follow_the_browsers_zone_too(client, shared_week_ago):
    post_log(client, shared_week_ago, {"warning": ["saddle_or_bladder"]})
    client.cookies["hipcare_tz"] = "Pacific/Auckland"
    html = client.get(history_url(shared_week_ago)).content.decode()
    top = html[html.index('id="runner-top"') :]
    assert call_line(top) == ["111", "999", "112"]
    assert "In New Zealand" not in top[: top.index("Call 111")]  # the first says only its number
    assert "Somewhere else, call your local emergency number" in top


@pytest.mark.parametrize("zone", ["America/Chicago", "Pacific/Auckland", "Asia/Tokyo"])
def test_an_urgent_sign_outside_the_uk_names_no_nhs_111_on_the_log_or_the_shared_page(
    client, shared_week_ago, zone
):
    """Fresh tester: the checker's "See a doctor today" said "call NHS 111" with a "Call 111"
    button outside the UK (in New Zealand 111 is the emergency number); the log's is the same."""
    client.cookies["hipcare_tz"] = zone
    day = timezone.localdate(timezone=zoneinfo.ZoneInfo(zone)).isoformat()
    logged = care_box(
        post_log(
            client, shared_week_ago, {"warning": ["red_or_warm"], "date": day}, **HTMX
        ).content.decode()
    )
    page = care_box(client.get(shared_week_ago.get_share_url()).content.decode())
    for box in (logged, page):
        urgent = box[: box.index("call-more")]
        assert "See a doctor today" in urgent
        assert "Contact your doctor&#x27;s practice today, or your local urgent care" in urgent
        assert "NHS 111" not in urgent and "111.nhs.uk" not in urgent and "GP" not in urgent
        assert 'href="tel:111"' not in urgent
        # The checker's reason for a red or warm hip names no UK service: nothing to say.
        assert "UK guidance" not in box


@pytest.mark.parametrize(
    ("zone", "note"),
    [
        ("Europe/London", None),
        ("America/Chicago", "These reasons follow UK guidance. Where one names NHS 111"),
        (None, "These reasons follow UK guidance. If you are not in the UK: where one names"),
    ],
    ids=["uk", "known-elsewhere", "unknown"],
)
def test_a_reason_naming_a_uk_service_is_said_to_be_the_uks_unless_the_zone_is(
    client, shared_week_ago, zone, note
):
    """The checker's reason for a temperature with hip pain says "go to A&E now", as written
    in UK guidance: with no zone known (no JavaScript) the log says so too, as the checker
    does ("If you are not in the UK: ..."); in the UK nothing is added."""
    if zone:
        client.cookies["hipcare_tz"] = zone
    response = post_log(client, shared_week_ago, {"warning": ["fever"]}, **HTMX)
    box = unescape(care_box(response.content.decode()))
    assert "A&E" in box
    if note is None:
        assert "UK guidance" not in box
    else:
        assert note in box


def test_an_urgent_sign_without_a_zone_says_nhs_111_is_the_uks_and_lists_every_country(
    client, shared_week_ago
):
    """Tester, no JavaScript, Auckland: the log's "See a doctor today" gave "Call 111 (UK)"
    and "Call 999 (UK)" and no local number (111 is New Zealand's emergency number)."""
    logged = care_box(
        post_log(client, shared_week_ago, {"warning": ["red_or_warm"]}, **HTMX).content.decode()
    )
    page = care_box(client.get(shared_week_ago.get_share_url()).content.decode())
    for box in (logged, page):
        assert "In the UK: Call your GP surgery" in box
        assert 'href="tel:111">Call 111 (UK)</a>' in box
        assert "Outside the UK: contact a doctor&#x27;s practice or your local urgent care" in box
        worse = box[box.index("If it gets much worse") :]
        assert 'href="tel:999">Call 999 (UK)</a> or your local emergency number.' in worse
        listed = country_calls(worse)
        assert listed["New Zealand"] == ["111"] and listed["Japan"] == ["119"]


def test_an_urgent_sign_in_the_uk_keeps_nhs_111_labelled_uk(client, shared_week_ago):
    client.cookies["hipcare_tz"] = "Europe/London"
    box = care_box(
        post_log(client, shared_week_ago, {"warning": ["red_or_warm"]}, **HTMX).content.decode()
    )
    assert "NHS 111" in box and 'href="tel:111">Call 111 (UK)</a>' in box
    assert "UK guidance" not in box


def test_the_coachs_emergency_alert_names_no_number_the_runner_may_not_have_been_shown(
    client, shared_week_ago, coach
):
    """Fresh tester: a runner in Chicago was shown "Call 911"; the coach read "HipCare told
    them to call 999 or go to A&E now". The log stores no zone, so the alert names neither."""
    client.cookies["hipcare_tz"] = "America/Chicago"
    day = timezone.localdate(timezone=zoneinfo.ZoneInfo("America/Chicago")).isoformat()
    assert (
        post_log(
            client, shared_week_ago, {"warning": ["saddle_or_bladder"], "date": day}
        ).status_code
        == 302
    )
    client.force_login(coach)
    html = client.get(shared_week_ago.get_absolute_url()).content.decode()
    alert = re.search(
        r'<div class="alert alert-danger" data-look="stop".*?</div>', html, re.S
    ).group(0)
    assert (
        "call the emergency number for where they are, or go to the emergency department" in alert
    )
    assert "999" not in alert and "A&amp;E" not in alert
