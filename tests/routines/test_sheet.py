"""The printed routine, its PDF, and the runner's shared link."""

from unittest import mock
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from routines import services
from routines.templatetags.routine_sheet import url_break_points
from routines.views import _pdf_url_fetcher
from tests.conftest import make_exercise, make_source, miss_fragments
from tests.routines.conftest import make_exercises, make_routine

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def print_url(routine):
    return reverse("routines:print", args=[routine.pk])


def pdf_url(routine):
    return reverse("routines:pdf", args=[routine.pk])


def test_the_print_view_has_everything_the_runner_needs(signed_in, coach, routine):
    coach.first_name, coach.last_name = "Sam", "Coach"
    coach.save()
    routine.for_whom = "J.K."
    routine.save()
    item = routine.items.get(position=1)
    item.coach_note = "Pause at the top."
    item.save()
    routine.items.filter(position=2).update(load_note="8 kg dumbbell")
    html = signed_in.get(print_url(routine)).content.decode()
    assert "<h1>Hips, weeks 1-6</h1>" in html
    assert "<dd>J.K.</dd>" in html and "<dd>Sam Coach</dd>" in html
    assert "<dt>Updated</dt>" in html
    assert "1. Clamshell" in html and "2. Goblet squat" in html and "3. Pigeon stretch" in html
    # The clamshell, done lying on one side, is kept to the painful side for outer-hip pain
    # (its caution on the card): "each side" says so. The stretch, standing on one leg, is left
    # out at first for it, which its caution says: no "unless" (test_sheet_side_unless.py).
    assert "1-3 x 12-15, each side (unless you have outer-hip pain), twice a week" in html
    assert "1-3 x 30-60 s hold, each side, daily" in html
    assert "1-3 x 12-15, 8 kg dumbbell, twice a week" in html  # the load in the one line
    assert "Pause at the top." in html
    assert "<li>Do the move slowly.</li>" in html
    # A tick row per exercise, per side for a one-sided move, with a box per session a week:
    # clamshell left and right twice a week, the squat twice a week, the stretch left and right
    # daily.
    weeks = html.count('<span class="tick-week-label">W') // 5
    assert weeks >= 4
    assert html.count('class="tick-row"') == 5
    assert html.count('class="tick-box"') == weeks * (2 * 2 + 2 + 2 * 7)
    assert 'aria-label="Left: 7 boxes a week"' in html
    assert 'aria-label="2 boxes a week"' in html
    assert "When to ease back, and when to stop" in html and "reaches 7 or more" in html
    assert "up to 5 (of 10)" in html and "symptom checker" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "@page" not in html  # the CSS file carries the page rules


def test_the_print_view_lists_each_source_once(signed_in, coach):
    shared = make_source(title="Hip strength for runners")
    other = make_source(title="Stretching guide")
    exercises = [
        make_exercise("One", sources=[shared]),
        make_exercise("Two", sources=[shared, other]),
    ]
    routine = make_routine(coach, exercises=exercises)
    html = signed_in.get(print_url(routine)).content.decode()
    assert html.count("“Hip strength for runners”") == 1
    assert html.count("“Stretching guide”") == 1


def test_the_print_view_says_how_to_share_until_the_routine_is_shared(signed_in, routine):
    html = signed_in.get(print_url(routine)).content.decode()
    assert "Create a share link" in html and "data:image/svg+xml" not in html
    token = services.routine_share(routine=routine)
    html = signed_in.get(print_url(routine)).content.decode()
    assert 'src="data:image/svg+xml' in html and 'alt="QR code of the routine' in html
    # The link, broken only between its parts (test_url_break_points).
    parts = ["http://", "testserver/", "r/", f"{token}/"]
    link = "<wbr>".join(f'<span class="url-part">{part}</span>' for part in parts)
    # A link too, so a tap on it in the PDF or on screen opens it whatever the break points
    # (WeasyPrint writes a <wbr> into the PDF's text as a character a copied link would carry).
    url = f"http://testserver/r/{token}/"
    assert f'<a class="share-url" href="{url}">{link}</a>' in html
    assert "Create a share link" not in html


def test_url_break_points_keeps_each_part_of_a_link_whole_and_escapes_it():
    """A line may end only after a slash: "http://12" / "7.0.0.1:8192/r/..." (a tester's
    printed link) could not be typed from the paper."""
    assert url_break_points("http://127.0.0.1:8192/r/a-b_c/") == (
        '<span class="url-part">http://</span><wbr><span class="url-part">127.0.0.1:8192/</span>'
        '<wbr><span class="url-part">r/</span><wbr><span class="url-part">a-b_c/</span>'
    )
    assert url_break_points("https://x.org/a?b=<c>&d") == (
        '<span class="url-part">https://</span><wbr><span class="url-part">x.org/</span>'
        '<wbr><span class="url-part">a?b=&lt;c&gt;&amp;d</span>'
    )


def test_the_print_view_asks_no_other_host(signed_in, routine):
    services.routine_share(routine=routine)
    html = signed_in.get(print_url(routine)).content.decode()
    for attribute in ('src="http', "src='http", 'href="http', "url(http"):
        assert attribute not in html.replace('href="http://testserver/', "")


def test_user_text_is_escaped_in_the_print_view_and_the_pdf(signed_in, coach, clamshell):
    nasty = '<img src="file:///etc/passwd"><script>alert(1)</script>'
    routine = make_routine(coach, title=nasty, for_whom=nasty[:40], exercises=[clamshell])
    routine.notes = nasty
    routine.save()
    routine.items.update(coach_note=nasty, load_note=nasty[:80])
    html = signed_in.get(print_url(routine)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert '<img src="file:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    response = signed_in.get(pdf_url(routine))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_pdf_is_a_download_with_a_safe_name(signed_in, coach, clamshell):
    routine = make_routine(coach, title='Hips "week 1"; rm -rf / ../ü', exercises=[clamshell])
    response = signed_in.get(pdf_url(routine))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''hipcare-hips-week-1-rm-rf-%C3%BC-{routine.pk}-a4.pdf"
    )


@pytest.mark.parametrize(
    ("paper", "ends"),
    [("", "-a4.pdf"), ("a4", "-a4.pdf"), ("letter", "-letter.pdf"), ("x", "-a4.pdf")],
)
def test_each_paper_size_downloads_under_its_own_name(signed_in, coach, clamshell, paper, ends):
    """Tester: the A4 and the US Letter PDF had the same name, so one replaced the other."""
    routine = make_routine(coach, title="Hips", exercises=[clamshell])
    response = signed_in.get(pdf_url(routine), {"paper": paper} if paper else {})
    assert response["Content-Disposition"] == (
        f'attachment; filename="hipcare-hips-{routine.pk}{ends}"'
    )


def test_a_title_in_any_script_keeps_its_letters_in_an_rfc_6266_filename(signed_in, coach):
    routine = make_routine(coach, title='Hüfte "Woche 1" / تمارين\r\n')
    disposition = signed_in.get(pdf_url(routine), {"paper": "letter"})["Content-Disposition"]
    name = quote(f"hipcare-hüfte-woche-1-تمارين-{routine.pk}-letter.pdf")
    assert disposition == f"attachment; filename*=utf-8''{name}"


def test_a_title_with_no_letters_still_gets_a_filename(signed_in, coach):
    routine = make_routine(coach, title="***")
    disposition = signed_in.get(pdf_url(routine))["Content-Disposition"]
    assert disposition == f'attachment; filename="hipcare-routine-{routine.pk}-a4.pdf"'


def test_the_pdf_renderer_fetches_no_files_or_network_addresses():
    fetch = _pdf_url_fetcher()
    for url in ["file:///etc/passwd", "http://127.0.0.1:8000/", "https://example.org/x.css"]:
        with pytest.raises(Exception):  # noqa: B017 - WeasyPrint only needs it to fail
            fetch(url)


# The runner's shared link.


def test_the_shared_link_needs_no_sign_in_and_stays_out_of_search(client, routine):
    token = services.routine_share(routine=routine)
    response = client.get(f"/r/{token}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "Clamshell" in html and "when to stop" in html
    assert 'method="post" action="/routines/' not in html
    assert "Change the dose" not in html


def test_a_revoked_or_replaced_share_link_is_not_found(client, routine):
    first = services.routine_share(routine=routine)
    second = services.routine_share(routine=routine)
    assert client.get(f"/r/{first}/").status_code == 404
    assert client.get(f"/r/{second}/").status_code == 200
    services.routine_unshare(routine=routine)
    assert client.get(f"/r/{second}/").status_code == 404


@pytest.mark.parametrize("token", ["nope", "A" * 32, "None", ""])
def test_an_unknown_share_token_is_not_found(client, routine, token):
    assert client.get(f"/r/{token}/").status_code == 404


def test_the_shared_link_refuses_post(client, routine):
    token = services.routine_share(routine=routine)
    assert client.post(f"/r/{token}/").status_code == 405


# Fixed query counts.


def count_queries(client, url) -> int:
    miss_fragments()  # a full render's queries, not a cached fragment's
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["print", "pdf", "shared"])
def test_the_sheet_runs_the_same_queries_for_1_and_40_items(signed_in, coach, page):
    exercises = make_exercises(40)
    for exercise in exercises[::2]:
        exercise.sources.add(make_source())
    routines = [
        make_routine(coach, exercises=exercises[:1]),
        make_routine(coach, exercises=exercises),
    ]
    urls = []
    for routine in routines:
        token = services.routine_share(routine=routine)
        urls.append(
            {"print": print_url(routine), "pdf": pdf_url(routine), "shared": f"/r/{token}/"}[page]
        )
    small, large = (count_queries(signed_in, url) for url in urls)
    assert small == large
    assert large <= 8


def test_the_pdf_renders_the_qr_code_and_styles_without_warnings(signed_in, routine, caplog):
    services.routine_share(routine=routine)
    with caplog.at_level("WARNING", logger="weasyprint"):
        response = signed_in.get(pdf_url(routine))
    assert response.status_code == 200
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


@pytest.mark.parametrize("url", [print_url, pdf_url], ids=["print", "pdf"])
def test_each_shape_of_tick_rows_is_drawn_once_per_sheet(signed_in, coach, url):
    """Items dosed alike share their tick rows' markup (tick_grid keeps it for the sheet's
    render): drawn once per shape, not once per card. Drawn through {% partial %}, each card
    had a render context of its own and drew its rows again (bench: print of 12 items 4.9 ->
    16 ms of CPU cold)."""
    from routines.templatetags import routine_sheet

    routine = make_routine(coach, exercises=make_exercises(12))
    shapes = {tuple(routine_sheet.tick_rows(item)) for item in routine.items.all()}
    miss_fragments()
    with mock.patch.object(
        routine_sheet, "render_to_string", wraps=routine_sheet.render_to_string
    ) as drawn:
        assert signed_in.get(url(routine)).status_code == 200
    rows = [call for call in drawn.call_args_list if call.args[0] == "routines/_tick_rows.html"]
    # The last card has a render context of its own (it sits with the sheet's end): one more.
    assert len(shapes) <= len(rows) <= len(shapes) + 1 < 12


@pytest.mark.parametrize("url", [print_url, pdf_url], ids=["print", "pdf"])
def test_each_item_s_dose_is_worked_out_once_for_its_line_and_its_tick_rows(
    signed_in, coach, url
):
    """The card's dose line, its tick rows and the count of those done several times a day
    come from one dose per item (routines.views._for_the_sheet), not one each: with the
    preset's label (which reads the dose too), at most two an item, not four."""
    from routines.models import RoutineItem

    routine = make_routine(coach, exercises=make_exercises(12))
    miss_fragments()
    worked_out = []
    dose = RoutineItem.dose

    def counted(item):
        worked_out.append(item.pk)
        return dose(item)

    with mock.patch.object(RoutineItem, "dose", counted):
        response = signed_in.get(url(routine))
    assert response.status_code == 200
    assert 12 <= len(worked_out) <= 2 * 12


@pytest.mark.parametrize("url", [print_url, pdf_url], ids=["print", "pdf"])
def test_the_sheet_writes_its_numbers_without_number_formatting(signed_in, coach, url):
    """Places, ids and weeks are written as their digits ({% localize off %} in _sheet.html
    and _tick_rows.html: the site groups no thousands, so the same text), sparing Django's
    number formatting for each of them (a sheet of 12 items had 60)."""
    from django.utils import formats

    routine = make_routine(coach, exercises=make_exercises(12))
    miss_fragments()
    with mock.patch.object(formats, "number_format", wraps=formats.number_format) as formatted:
        response = signed_in.get(url(routine))
    assert response.status_code == 200
    assert formatted.call_count == 0


def test_the_sheet_says_when_the_routine_last_changed_in_the_reader_s_zone(client, coach, routine):
    """The handout's date is the day the routine last changed ("Updated"), never the day it is
    read; written in the reader's zone, so each zone's cached sheet (keyed by its name) and
    each zone's print view say that zone's day."""
    from datetime import UTC, datetime

    from routines.models import Routine

    services.routine_share(routine=routine)
    changed = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)
    Routine.objects.filter(pk=routine.pk).update(updated=changed)
    routine.refresh_from_db()
    client.force_login(coach)
    for zone, day in [
        ("Europe/London", "10 March 2026"),
        ("Pacific/Auckland", "11 March 2026"),
        ("Europe/London", "10 March 2026"),  # from the cache: London's fragment, not Auckland's
    ]:
        client.cookies["hipcare_tz"] = zone
        for url in (routine.get_share_url(), print_url(routine)):
            html = client.get(url).content.decode()
            assert "<dt>Date</dt>" not in html, url
            assert "<dt>Updated</dt><dd><time datetime=" in html, url
            assert f">{day}</time></dd>" in html, (zone, url)


def test_a_first_visit_with_no_zone_known_says_the_day_is_uk_time(client, coach, routine):
    """Fresh tester in Auckland: the first visit (no zone cookie yet) said "Updated" with the
    UK's day, the next ones Auckland's, with nothing to tell which was which. Where the zone
    is not known the day says "(UK time)" and carries the moment itself for the script to
    write the browser's day; the sheets of an unknown zone and of a known London are cached
    apart (keyed by timezones.zone_cache_key), so neither shows the other's."""
    from datetime import UTC, datetime

    from routines.models import Routine

    services.routine_share(routine=routine)
    Routine.objects.filter(pk=routine.pk).update(updated=datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
    client.force_login(coach)
    unknown = (
        '<time datetime="2026-03-10T23:30:00+00:00" data-local-date>10 March 2026</time>'
        "<span data-zone-note> (UK time)</span>"
    )
    for cookie, shown in [
        (None, unknown),
        ("Europe/London", '<time datetime="2026-03-10">10 March 2026</time></dd>'),
        ("Pacific/Auckland", '<time datetime="2026-03-11">11 March 2026</time></dd>'),
        (None, unknown),  # from the cache: not London's fragment
        ("not/a zone", unknown),
    ]:
        client.cookies.pop("hipcare_tz", None)
        if cookie:
            client.cookies["hipcare_tz"] = cookie
        for url in (routine.get_share_url(), print_url(routine)):
            html = client.get(url).content.decode()
            assert shown in html, (cookie, url)
            assert ("(UK time)" in html) == (shown == unknown), (cookie, url)


def test_an_exercise_without_steps_has_no_empty_list_of_steps_on_the_sheet(signed_in, coach):
    bare = make_exercise("Bare move", steps=())
    routine = make_routine(coach, exercises=[bare, make_exercise("Full move")])
    html = signed_in.get(print_url(routine)).content.decode()
    assert html.count('class="sheet-steps"') == 1
    assert '<ol class="sheet-steps"></ol>' not in html


def test_the_print_view_and_the_pdf_name_a_weights_preset_only_for_the_exercises_it_doses(
    signed_in, coach, clamshell, squat
):
    def sheets(routine) -> list[str]:
        printed = signed_in.get(print_url(routine)).content.decode()
        with mock.patch("routines.views.html_to_pdf", return_value=b"%PDF") as to_pdf:
            signed_in.get(pdf_url(routine))
        return [printed, to_pdf.call_args.args[0]]

    none = make_routine(coach, exercises=[clamshell], level="advanced_heavy")
    for html in sheets(none):
        assert "<dt>Dose preset</dt>" not in html and "Heavy weights" not in html
    some = make_routine(coach, exercises=[clamshell, squat], level="advanced_heavy")
    for html in sheets(some):
        assert "<dt>Dose preset</dt><dd>Heavy weights, for 1 of 2 exercises</dd>" in html


def test_the_print_view_offers_a_print_button_and_words_for_any_device(signed_in, routine):
    """QA at 390 px: the page only said "use Ctrl+P, or ⌘P on a Mac", which a phone has not.
    A Print button from our own script (the CSP allows no inline one), hidden until the script
    shows it; words that fit a phone and a computer."""
    html = signed_in.get(print_url(routine)).content.decode()
    assert '<button type="button" data-print-page hidden>Print</button>' in html
    assert "js/print.js" in html and "onclick" not in html
    assert "browser's menu (on a phone it may be under Share)" in html
    assert "on a computer, Ctrl+P" in html
    assert "To print, use your browser's Print command (Ctrl+P" not in html


@pytest.mark.django_db
def test_each_cards_steps_are_its_items_steps_for_its_side(coach):
    """The card reads its steps as the sheet's view worked them out once (item.sheet_steps,
    from the cached step texts), with no {% with %} of its own: for every exercise of the real
    catalogue on every side, they are the steps the sheet_steps filter reads from the move's
    own steps."""
    from django.core.management import call_command

    from exercises import dosing
    from exercises.models import Exercise
    from routines.models import RoutineItem
    from routines.templatetags.routine_sheet import sheet_steps
    from routines.views import _for_the_sheet

    call_command("loaddata", "fixtures/catalogue.json", verbosity=0)
    exercises = list(Exercise.objects.published())
    one_side = checked = 0
    for side in dosing.Side:  # a routine a side: a routine holds at most 60 items
        routine = make_routine(coach)
        for exercise in exercises:
            item = services.routine_add_item(routine=routine, exercise=exercise)
            RoutineItem.objects.filter(pk=item.pk).update(side=side.value)
        for item in _for_the_sheet(list(routine.items.select_related("exercise"))):
            fresh = RoutineItem.objects.select_related("exercise").get(pk=item.pk)
            assert item.sheet_steps == sheet_steps(fresh), (item.exercise.name, item.side)
            one_side += item.sheet_steps != [step.text for step in fresh.exercise.steps.all()]
            checked += 1
    assert checked == len(exercises) * len(dosing.Side)
    assert one_side  # some moves read differently on one side
