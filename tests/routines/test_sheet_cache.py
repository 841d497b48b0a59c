"""What the printed sheet and the runner's shared page keep in the caches, and what makes each
kept thing new: the log form's fields, a new link's (empty) chart and counts, the QR code, the
figure images and steps. Each is shown fresh after whatever it depends on changes, and never
on another routine's link; no token, submission key or anything the runner logged is kept."""

import copy
import re
from datetime import timedelta
from unittest import mock

import pytest
import segno
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from routines import services
from routines.models import Routine, RoutineItem
from tests.conftest import (
    cache_calls,
    cache_entries,
    cache_reads,
    make_exercise,
    make_source,
    miss_fragments,
)
from tests.figures.test_pages import MARCH
from tests.routines.conftest import history_url, log_done, make_routine

pytestmark = pytest.mark.django_db


def page(routine, client=None) -> str:
    routine.refresh_from_db()
    response = (client or Client()).get(routine.get_share_url())
    assert response.status_code == 200
    return response.content.decode()


def history(routine, client=None) -> str:
    """The log's history page: the chart, the week table and the newest entries."""
    routine.refresh_from_db()
    response = (client or Client()).get(history_url(routine))
    assert response.status_code == 200
    return response.content.decode()


def log_form(html: str) -> str:
    return html[html.index('id="log-form"') : html.index("</form>", html.index('id="log-form"'))]


def done_boxes(html: str) -> list[str]:
    return re.findall(r'name="done" value="([^"]+)"', log_form(html))


def cached_text() -> str:
    return "\n".join(repr(value) for _key, value in cache_entries())


# The log form's fields


def test_each_link_gets_its_own_routines_form(shared, coach):
    other = make_routine(coach, exercises=[make_exercise("Side plank")])
    services.routine_share(routine=other)
    first, second = page(shared), page(other)
    assert "Clamshell" in log_form(first) and "Side plank" not in log_form(first)
    assert "Side plank" in log_form(second) and "Clamshell" not in log_form(second)
    assert set(done_boxes(second)) == {str(item.pk) for item in other.items.all()}


def test_the_form_follows_the_coachs_changes_and_the_catalogue(shared, clamshell):
    page(shared)
    services.routine_add_item(routine=shared, exercise=make_exercise("Side plank"))
    assert "Side plank" in log_form(page(shared))
    item = shared.items.get(exercise__name="Side plank")
    services.routine_remove_item(item=item)
    html = page(shared)
    assert "Side plank" not in log_form(html) and str(item.pk) not in done_boxes(html)
    clamshell.name = "Clamshell with a band"
    clamshell.save()
    assert "Clamshell with a band" in log_form(page(shared))


def test_the_form_offers_the_new_day_tomorrow(shared):
    # The browser's zone known (UK time): the field's latest day is that zone's today.
    london = Client()
    london.cookies["hipcare_tz"] = "Europe/London"
    today = timezone.localdate()
    assert f'max="{today.isoformat()}"' in log_form(page(shared, london))
    tomorrow = today + timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        html = log_form(page(shared, london))
    assert f'value="{tomorrow.isoformat()}"' in html and f'max="{tomorrow.isoformat()}"' in html


def test_every_visitor_gets_their_own_tokens_and_they_work(shared):
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    forms = [log_form(page(shared, visitor)) for visitor in visitors]
    keys = [re.search(r'name="submission" value="([^"]+)"', form)[1] for form in forms]
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1] for form in forms]
    assert keys[0] != keys[1]
    cached = cached_text()
    assert "csrfmiddlewaretoken" not in cached and 'name="submission"' not in cached
    assert not any(key in cached for key in keys + tokens)
    data = {"date": timezone.localdate().isoformat(), "pain": "3"}
    sent = visitors[1].post(
        reverse("session_create", args=[shared.share_token]),
        {**data, "csrfmiddlewaretoken": tokens[1], "submission": keys[1]},
    )
    assert sent.status_code == 302 and shared.sessions.count() == 1


def test_a_form_sent_back_with_errors_keeps_what_was_entered_and_is_not_cached(shared):
    page(shared)  # the new form's fields are cached
    response = Client().post(
        reverse("session_create", args=[shared.share_token]),
        {"date": timezone.localdate().isoformat(), "pain": "11", "note": "wombat-5521"},
    )
    assert response.status_code == 422
    html = log_form(response.content.decode())
    assert "wombat-5521" in html and "Pain goes from 0 to 10." in html
    assert "wombat-5521" not in cached_text()
    assert "wombat-5521" not in log_form(page(shared))  # the next visitor gets a new form


# The chart and the week-by-week counts


def chart(html: str) -> str:
    start = html.index('class="pain-chart"')
    return html[start : html.index("</table>", start)]


def test_the_chart_and_counts_follow_every_session_logged_or_deleted(shared):
    assert "No sessions logged yet." in chart(history(shared))
    session = log_done(shared, days_ago=1, pain=3)
    html = chart(history(shared))
    assert ": pain 3 out of 10" in html and "No sessions logged yet." not in html
    log_done(shared, pain=6)
    assert ": pain 6 out of 10" in chart(history(shared))
    services.session_delete(session=session)
    html = chart(history(shared))
    assert ": pain 3 out of 10" not in html and ": pain 6 out of 10" in html


def test_one_links_chart_is_never_shown_on_another(shared, coach, clamshell, squat):
    other = make_routine(coach, exercises=[clamshell, squat])
    Routine.objects.filter(pk=other.pk).update(created=shared.created)
    services.routine_share(routine=other)
    log_done(shared, pain=7)
    assert ": pain 7 out of 10" in chart(history(shared))
    html = chart(history(other))
    assert "No sessions logged yet." in html and "pain 7" not in html


def test_a_replaced_link_shows_the_log_and_the_old_one_is_gone(shared):
    log_done(shared, pain=4)
    old = shared.get_share_url()
    assert ": pain 4 out of 10" in chart(history(shared))
    services.routine_share(routine=shared)
    assert ": pain 4 out of 10" in chart(history(shared))
    assert Client().get(old).status_code == 404
    services.routine_unshare(routine=shared)
    assert Client().get(shared.get_share_url() or old).status_code == 404


def test_a_log_with_sessions_keeps_none_of_them_in_any_cache(shared):
    history(shared)
    assert "pain-chart" in cached_text()  # a new link's chart and counts are cached...
    log_done(shared, pain=2, note="numbat-8830")
    page(shared)
    html = history(shared)
    assert "numbat-8830" in html and ": pain 2 out of 10" in html
    assert "1 entry logged" in page(shared)
    cached = cached_text()
    assert "1 entry logged" not in cached
    assert "numbat-8830" not in cached  # ...a log's never: no note, no pain, no count
    assert "out of 10" not in cached and "1 done of" not in cached


# The printed sheet: QR code and figures


def qr_src(html: str) -> str:
    return re.search(r'class="sheet-qr" src="([^"]+)"', html)[1]


def test_a_new_share_link_prints_a_new_qr_code(client, coach, shared):
    client.force_login(coach)
    url = reverse("routines:print", args=[shared.pk])
    first = qr_src(client.get(url).content.decode())
    services.routine_share(routine=shared)
    shared.refresh_from_db()
    second = qr_src(client.get(url).content.decode())
    link = f"http://testserver{shared.get_share_url()}"
    assert second != first
    assert second == segno.make(link, error="m").svg_data_uri(scale=3, border=2)


def test_an_edited_figure_is_printed_at_once(client, coach):
    march = make_exercise("Standing march", figure=copy.deepcopy(MARCH))
    routine = make_routine(coach, exercises=[march])
    client.force_login(coach)
    url = reverse("routines:print", args=[routine.pk])
    assert 'alt="Standing tall with the arms relaxed."' in client.get(url).content.decode()
    march.figure = {**march.figure, "start_alt": "Standing tall, arms by the sides."}
    march.save()
    html = client.get(url).content.decode()
    assert 'alt="Standing tall, arms by the sides."' in html
    assert "Standing tall with the arms relaxed." not in html
    assert 'alt="Standing tall, arms by the sides."' in page_of_share(routine)


def page_of_share(routine) -> str:
    services.routine_share(routine=routine)
    return page(routine)


def test_an_edited_step_is_printed_at_once(client, coach, routine, clamshell):
    client.force_login(coach)
    url = reverse("routines:print", args=[routine.pk])
    assert "<li>Do the move slowly.</li>" in client.get(url).content.decode()
    step = clamshell.steps.get(text="Do the move slowly.")
    step.text = "Lift the knee for a count of two."
    step.save()
    html = client.get(url).content.decode()
    assert "<li>Lift the knee for a count of two.</li>" in html
    assert html.count("<li>Do the move slowly.</li>") == 2  # the other two exercises'


def test_a_new_links_page_reads_one_row_when_its_fragments_are_warm(shared):
    page(shared)
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(shared.get_share_url())
    # the routine with its catalogue version and how many sessions it has (none: so nothing
    # else is read), in one query
    assert len(queries) == 1
    assert "No sessions logged yet." in response.content.decode()
    log_done(shared, pain=5)
    assert ": pain 5 out of 10" in chart(history(shared))


def fragment_calls(
    url: str, *, htmx: bool = False, client: Client | None = None, target: str = "", data=None
) -> list[str]:
    """The calls a request of `url` (a POST of `data` if given, from `client` if given, by
    htmx for `target` if given) makes to the fragments cache (not the memory cache's own gets
    inside its get_many): with Redis each is a round trip and a client of its own."""
    headers = {"HX-Request": "true"} if htmx or target else {}
    if target:
        headers["HX-Target"] = target
    client = client or Client()
    with cache_calls("fragments") as calls:
        if data is None:
            response = client.get(url, headers=headers)
        else:
            response = client.post(url, data, headers=headers)
        assert response.status_code == 200
    return calls


def test_the_shared_page_reads_its_cached_parts_in_one_call(shared):
    """The sheet, the log form's fields and a new link's chart and counts: one get_many, and
    when they are missing one set_many."""
    url = shared.get_share_url()
    miss_fragments()
    assert fragment_calls(url) == ["get_many", "set_many"]
    assert fragment_calls(url) == ["get_many"]
    log_done(shared, pain=3)  # the sheet and the form are as they were; the log is never cached
    assert fragment_calls(url) == ["get_many"]
    session = shared.sessions.get()
    # The log alone (htmx) reads its form's fields in one call too.
    assert fragment_calls(f"{url}?delete={session.pk}", htmx=True) == ["get_many"]


def test_the_builder_reads_its_cached_parts_in_one_call(client, coach, clamshell, squat):
    """The routine's items, the catalogue's filters and its cards: one get_many, and when they
    are missing one set_many; each htmx partial (the catalogue's results, the routine panel)
    one get_many for its own part too, and an action's new panel one get_many and one
    set_many (the routine changed)."""
    routine = make_routine(coach, exercises=[clamshell, squat])
    empty = make_routine(coach)
    client.force_login(coach)
    url = routine.get_absolute_url()
    miss_fragments()
    assert fragment_calls(url, client=client) == ["get_many", "set_many"]
    assert fragment_calls(url, client=client) == ["get_many"]
    assert fragment_calls(f"{url}?q=clam", client=client) == ["get_many", "set_many"]
    assert fragment_calls(f"{url}?q=clam", client=client) == ["get_many"]
    for target in ("catalogue-results", "routine-panel"):
        assert fragment_calls(url, client=client, target=target) == ["get_many"]
    add = reverse("routines:add_item", args=[routine.pk])
    added = fragment_calls(
        add, client=client, target="routine-panel", data={"exercise": "clamshell", "next": url}
    )
    assert added == ["get_many", "set_many"]
    # With no items the page has no items' list: its two other parts, in one call.
    assert fragment_calls(empty.get_absolute_url(), client=client) == ["get_many", "set_many"]
    assert fragment_calls(empty.get_absolute_url(), client=client) == ["get_many"]


def test_the_builders_catalogue_results_read_no_qr_code(client, coach, clamshell):
    """The catalogue's results (htmx, as the coach types a search) show no share link: no
    read of its QR code (with Redis, a round trip); the page itself shows it."""
    routine = make_routine(coach, exercises=[clamshell])
    services.routine_share(routine=routine)
    client.force_login(coach)
    url = routine.get_absolute_url()
    with mock.patch("routines.views._share_qr", return_value="data:,qr") as qr:
        headers = {"HX-Request": "true", "HX-Target": "catalogue-results"}
        assert client.get(f"{url}?q=clam", headers=headers).status_code == 200
        assert not qr.called
        assert 'src="data:,qr"' in client.get(url).content.decode()


def test_a_full_render_of_the_sheet_reads_its_cards_and_qr_code_at_once(client, coach):
    """With Redis every cache read is a round trip: a full render of the sheet (its fragment
    missing) reads the sheet's cards (views._sheet_cards: each item as the sheet shows it, its
    steps, figures and tick rows, the preset's label and the sources) and the share link's QR
    code in one, whatever the number of exercises; not the routine's items themselves (every
    column of the items and their moves, unpickled as models)."""
    drawn = [make_exercise(f"Drawn move {n}", figure=copy.deepcopy(MARCH)) for n in range(3)]
    routine = make_routine(coach, exercises=drawn)
    services.routine_share(routine=routine)
    client.force_login(coach)
    url = reverse("routines:print", args=[routine.pk])
    assert cache_reads(client, url) == 1
    miss_fragments()
    with mock.patch("routines.views._items_of", side_effect=AssertionError("the items read")):
        html = client.get(url).content.decode()
    assert all(f"Drawn move {n}" in html for n in range(3)) and 'class="sheet-qr"' in html


# The routine's items, kept per routine version for the log's week table and entries


def weeks(html: str) -> str:
    start = html.index('class="table table-sm log-weeks"')
    return html[start : html.index("</table>", start)]


def test_a_logs_page_reads_the_routines_items_once_per_change(shared):
    log_done(shared, pain=2)
    page(shared)
    history(shared)
    with CaptureQueriesContext(connection) as queries:
        page(shared)
        history(shared)
    table = f'FROM "{RoutineItem._meta.db_table}"'
    assert not [q["sql"] for q in queries.captured_queries if table in q["sql"]]


def test_a_logs_week_table_follows_the_coachs_changes_and_the_catalogue_at_once(shared, clamshell):
    log_done(shared, pain=2)
    assert "Clamshell" in weeks(history(shared))
    services.routine_add_item(routine=shared, exercise=make_exercise("Side plank"))
    assert "Side plank" in weeks(history(shared))
    services.routine_remove_item(item=shared.items.get(exercise__name="Side plank"))
    assert "Side plank" not in weeks(history(shared))
    clamshell.name = "Clamshell with a band"
    clamshell.save()
    html = history(shared)
    assert "Clamshell with a band" in weeks(html)
    # The entry keeps the name the runner logged (the routine now, above, reads the new one).
    assert "Done: Clamshell" in html and "Done: Clamshell with a band" not in html


def test_a_revoked_link_is_gone_at_once_though_its_items_are_cached(shared):
    log_done(shared, pain=2)
    url = shared.get_share_url()
    page(shared)
    services.routine_unshare(routine=shared)
    assert Client().get(url).status_code == 404


def test_an_entrys_exercises_stay_in_the_order_logged_after_a_reorder(shared):
    log_done(shared, pain=2)
    first, second = shared.items.order_by("position")
    assert f"Done: {first.exercise.name}, {second.exercise.name}" in history(shared)
    services.routine_reorder(routine=shared, item_ids=[second.pk, first.pk])
    assert f"Done: {first.exercise.name}, {second.exercise.name}" in history(shared)


def test_the_sheets_sources_follow_the_catalogue_and_the_coachs_changes_at_once(
    client, coach, routine, clamshell
):
    client.force_login(coach)
    url = reverse("routines:print", args=[routine.pk])
    client.get(url)
    clamshell.sources.add(make_source(title="Hip strength in runners"))
    assert "Hip strength in runners" in client.get(url).content.decode()
    plank = make_exercise("Side plank")
    plank.sources.add(make_source(title="Planks for the lateral hip"))
    services.routine_add_item(routine=routine, exercise=plank)
    assert "Planks for the lateral hip" in client.get(url).content.decode()
    services.routine_remove_item(item=routine.items.get(exercise=plank))
    assert "Planks for the lateral hip" not in client.get(url).content.decode()
