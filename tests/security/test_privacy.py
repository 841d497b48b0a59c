"""A runner's answers are health data: never stored, logged, cached or put in an error report."""

import logging
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.apps import apps
from django.test import Client, override_settings
from django.urls import reverse
from django.views.debug import ExceptionReporter

from tests.conftest import make_exercise, make_location

pytestmark = pytest.mark.django_db

# Values that appear nowhere else: if one turns up in a log, a row or the cache, it leaked.
MARKER_DAYS = "3217"
MARKER_AGE = "87"
ANSWERS = {
    "age": MARKER_AGE,
    "onset": "gradual",
    "location": "outer_side",
    "severity": "5",
    "duration_days": MARKER_DAYS,
    "weight_bearing": "full",
    "improving": "no",
    "night_pain": "on",
    "periods_stopped": "on",
    "weight_loss": "on",
}


def every_row_as_text() -> str:
    chunks = []
    for model in apps.get_models():
        for row in model._default_manager.all().values_list():
            chunks.append(repr(row))
    return "\n".join(chunks)


def cache_as_text() -> str:
    """Everything in every cache (they are in-process memory caches)."""
    from tests.conftest import cache_entries

    return "\n".join(repr(key) + repr(value) for key, value in cache_entries())


def test_answers_reach_no_table_log_session_or_cache(client, caplog):
    make_exercise("Clamshell", locations=[make_location("outer_side")])
    rows_before = every_row_as_text()
    # A number of days found nowhere yet: test exercises are numbered in their text ("(3217)"),
    # so a fixed marker could be there already, put by another test, not by these answers.
    marker = next(
        str(days)
        for days in range(int(MARKER_DAYS), int(MARKER_DAYS) + 400)
        if str(days) not in rows_before and str(days) not in cache_as_text()
    )
    answers = {**ANSWERS, "duration_days": marker}
    with caplog.at_level(logging.DEBUG), override_settings(DEBUG=True):
        client.get(reverse("triage:form"))  # the empty first step's fields are cached
        response = client.post(reverse("triage:form"), answers)
        client.post(reverse("triage:form"), {**answers, "age": "500"})  # an invalid one too
    assert response.status_code == 200
    assert 'data-tier="urgent"' in response.content.decode()

    rows_after = every_row_as_text()
    assert rows_after == rows_before
    assert marker not in rows_after
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (marker, "periods_stopped", "weight_loss", "night_pain"):
        assert secret not in logged
    cached = cache_as_text()
    # The scan sees what the caches hold...
    assert "exercises:reference" in cached and "triage-first-step" in cached
    assert marker not in cached  # ...the answers never are
    assert "sessionid" not in response.cookies
    assert "no-store" in response["Cache-Control"]


def test_an_error_report_from_the_checker_hides_the_answers(client, caplog):
    client.raise_request_exception = False
    with (
        mock.patch("triage.views.rules.assess", side_effect=RuntimeError("boom")),
        caplog.at_level(logging.ERROR, logger="django.request"),
    ):
        response = client.post(reverse("triage:form"), ANSWERS)
    assert response.status_code == 500
    record = next(r for r in caplog.records if r.name == "django.request")
    request = record.request
    report = ExceptionReporter(request, *record.exc_info).get_traceback_text()
    assert "RuntimeError" in report
    assert MARKER_DAYS not in report
    assert "duration_days" in report  # the field is named, its value is starred out


# The runner's session log: stored for the coach, but never logged, cached or put in an error
# report.

HTMX = {"HX-Request": "true"}
NOTE_MARKER = "quokka-7719"


@pytest.fixture
def shared_routine(coach):
    from routines import services

    routine = services.routine_create(
        owner=coach, title="Hips", exercises=[make_exercise("Clamshell")]
    )
    services.routine_share(routine=routine)
    return routine


def log_data(**changes) -> dict:
    from django.utils import timezone

    return {
        "date": timezone.localdate().isoformat(),
        "pain": "4",
        "note": NOTE_MARKER,
        "warning": "fever",
        **changes,
    }


def test_the_log_reaches_no_log_or_cache(client, caplog, shared_routine):
    url = reverse("session_create", args=[shared_routine.share_token])
    with caplog.at_level(logging.DEBUG), override_settings(DEBUG=True):
        response = client.post(url, log_data())
        client.post(url, log_data(pain="11"))  # an invalid one too
        page = client.get(shared_routine.get_share_url())
        history = client.get(reverse("session_history", args=[shared_routine.share_token]))
        partial = client.get(history.wsgi_request.path, headers={"HX-Request": "true"})
    assert response.status_code == 302
    assert NOTE_MARKER in history.content.decode()  # stored, for the runner and the coach...
    assert NOTE_MARKER in partial.content.decode()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert NOTE_MARKER not in logged  # ...and nowhere else
    assert NOTE_MARKER not in cache_as_text()
    for answer in (response, page, history, partial):
        assert "no-store" in answer["Cache-Control"]
        assert "sessionid" not in answer.cookies


def test_the_shared_pages_cached_fragments_hold_no_note_token_or_key(client, shared_routine):
    """The shared page caches its sheet and its new log form's fields (and, with nothing
    logged, its empty chart and counts): none holds anything the runner logged, a CSRF token or
    a one-time submission key, whoever visits."""
    url = reverse("session_create", args=[shared_routine.share_token])
    assert client.post(url, log_data(warning="numbness")).status_code == 302
    history = reverse("session_history", args=[shared_routine.share_token])
    pages = [Client().get(shared_routine.get_share_url()).content.decode() for _ in range(2)]
    pages += [Client().get(history, headers=headers).content.decode() for headers in ({}, HTMX)]
    assert all(NOTE_MARKER in page for page in pages[2:])
    cached = cache_as_text()
    assert "sheet-exercises" in cached and 'id="id_pain"' in cached
    assert NOTE_MARKER not in cached and "Warning signs:" not in cached
    assert "out of 10" not in cached  # no pain from the log (the chart is not cached)
    assert "csrfmiddlewaretoken" not in cached and 'name="submission"' not in cached
    for page in pages:
        for token in re.findall(r'name="(?:csrfmiddlewaretoken|submission)" value="([^"]+)"', page):
            assert token not in cached


@pytest.mark.parametrize("where", ["session_log", "session_set_morning"])
def test_an_error_report_from_the_log_hides_what_was_sent(client, caplog, shared_routine, where):
    from django.utils import timezone

    from routines import services

    # Two days back (the routine made before it): its next morning has begun wherever the
    # runner is, so the answer reaches the service (a morning not yet come is refused before
    # it: hipcare.timezones).
    type(shared_routine).objects.filter(pk=shared_routine.pk).update(
        created=timezone.now() - timedelta(days=3)
    )
    shared_routine.refresh_from_db()
    session = services.session_log(
        routine=shared_routine,
        day=timezone.localdate() - timedelta(days=2),
        pain=1,
        done=[(shared_routine.items.get().pk, "")],
    )
    token = shared_routine.share_token
    url, data = (
        (reverse("session_create", args=[token]), log_data())
        if where == "session_log"
        else (
            reverse("session_morning", args=[token, session.pk]),
            {"morning": "worse", "note": NOTE_MARKER},
        )
    )
    client.raise_request_exception = False
    with (
        mock.patch(f"routines.services.{where}", side_effect=RuntimeError("boom")),
        caplog.at_level(logging.ERROR, logger="django.request"),
    ):
        response = client.post(url, data)
    assert response.status_code == 500
    record = next(r for r in caplog.records if r.name == "django.request")
    report = ExceptionReporter(record.request, *record.exc_info).get_traceback_text()
    assert "RuntimeError" in report
    assert NOTE_MARKER not in report
    assert "fever" not in report.split("POST:", 1)[-1].split("FILES:", 1)[0]


def test_steps_change_and_print_keep_answers_out_of_every_store(client, caplog):
    """The answers so far ride in the page (hidden fields), never in a table, a log, a session
    or a cache: on a step, on "Change my answers" and on the printed summary."""
    make_exercise("Clamshell", locations=[make_location("outer_side")])
    rows_before = every_row_as_text()
    step_one = {
        "asked": ["age", "weight_bearing", "injury", "fever"],
        "age": MARKER_AGE,
        "weight_bearing": "full",
        "injury": "no",
        "fever": "unsure",
    }
    with caplog.at_level(logging.DEBUG), override_settings(DEBUG=True):
        step = client.post(reverse("triage:form"), step_one)
        edit = client.post(reverse("triage:form"), {**ANSWERS, "edit": "1"})
        printed = client.post(reverse("triage:form"), {**ANSWERS, "print": "1"})
    assert f'name="age" value="{MARKER_AGE}"' in step.content.decode()  # in the page...
    assert "The answers as given" in printed.content.decode()
    assert every_row_as_text() == rows_before  # ...and nowhere else
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert MARKER_DAYS not in logged and "periods_stopped" not in logged
    cached = cache_as_text()
    assert MARKER_DAYS not in cached and f'value="{MARKER_AGE}"' not in cached
    for response in (step, edit, printed):
        assert "no-store" in response["Cache-Control"]
        assert "sessionid" not in response.cookies


# A coach's CSRF token (its mask hides the coach's secret from nobody who has the token) and
# the forms' one-time keys are per visitor: the builder's cached fragments must hold neither.


def test_the_builders_cached_fragments_hold_no_token_and_no_one_time_key(client, django_user_model):
    import re

    from routines import services
    from tests.conftest import make_user
    from tests.routines.conftest import make_routine

    coach = make_user(django_user_model, "csrf-coach", coach=True)
    easier, harder = make_exercise("Clamshell"), make_exercise("Clamshell with a band")
    easier.harder_versions.add(harder)
    routine = make_routine(coach, title="Hips", exercises=[easier, make_exercise("Side plank")])
    services.routine_share(routine=routine)
    client.force_login(coach)
    url = routine.get_absolute_url()
    htmx = {"HX-Request": "true"}
    pages = [
        client.get(url),
        client.get(f"{url}?q=clam"),
        client.get(url, headers={**htmx, "HX-Target": "catalogue-results"}),
        client.get(url, headers={**htmx, "HX-Target": "routine-panel"}),
        client.post(
            reverse("routines:add_item", args=[routine.pk]),
            {"exercise": harder.slug, "submission": "p" * 24},
            headers=htmx,
        ),
        client.get(url),
    ]
    html = "".join(page.content.decode() for page in pages)
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    keys = set(re.findall(r'name="submission" value="([^"]+)"', html))
    assert tokens and len(keys) > 10
    cached = cache_as_text()
    # The scan sees the builder's fragments: the cards, the items, the filters...
    for fragment in ("builder-catalogue", "builder-items", "catalogue-filters"):
        assert f"template.cache.{fragment}." in cached
    assert 'id="add-clamshell"' in cached and "Move up" in cached
    # ...and no token, no key, no CSRF secret.
    assert "csrfmiddlewaretoken" not in cached and 'name="submission"' not in cached
    assert not any(token in cached for token in tokens)
    assert not any(key in cached for key in keys)
    assert client.cookies["csrftoken"].value not in cached
