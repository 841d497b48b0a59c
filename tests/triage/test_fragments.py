"""The answer page's cached parts (a reason with its sources, the starter routine's
catalogue): keyed by the catalogue version, so an edit shows at once, and never holding an
answer."""

import pytest
from django.db.models import F
from django.urls import reverse

from exercises.models import CatalogueVersion, Exercise, Source
from tests.conftest import make_user
from tests.triage.test_views import BASELINE

URL = reverse("triage:form")
# Values that appear nowhere else: if one turns up in the fragments, an answer leaked into them.
MARKER_DAYS, MARKER_AGE = "3217", "87"
ANSWERS = {
    **BASELINE,
    "duration_days": "20",
    "improving": "no",
}  # see a professional, with a routine


def test_a_source_title_edited_in_admin_shows_in_the_next_answer(client, outer_hip_catalogue):
    assert "Title of managing-hip-pain" in client.post(URL, ANSWERS).content.decode()
    source = Source.objects.get(slug="managing-hip-pain")
    source.title = "Managing hip pain, second edition"
    source.save()
    html = client.post(URL, ANSWERS).content.decode()
    assert "Managing hip pain, second edition" in html
    assert "Title of managing-hip-pain" not in html


def test_an_exercise_renamed_in_admin_shows_in_the_next_starter_routine(
    client, outer_hip_catalogue
):
    assert "<strong>Clamshell</strong>" in client.post(URL, ANSWERS).content.decode()
    clamshell = Exercise.objects.get(slug="clamshell")
    clamshell.name = "Clam"
    clamshell.save()
    html = client.post(URL, ANSWERS).content.decode()
    assert "<strong>Clam</strong>" in html and "<strong>Clamshell</strong>" not in html


def test_an_edit_made_by_another_process_shows_once_the_version_moves(client, outer_hip_catalogue):
    """Another worker's edit sends no signal here: the version read from the database is what
    tells this process its fragments are out of date."""
    client.post(URL, ANSWERS)
    Source.objects.filter(slug="managing-hip-pain").update(title="Edited elsewhere")  # no signal
    assert "Edited elsewhere" not in client.post(URL, ANSWERS).content.decode()
    CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1)
    assert "Edited elsewhere" in client.post(URL, ANSWERS).content.decode()


def test_fragments_escape_catalogue_text(client, outer_hip_catalogue):
    Source.objects.filter(slug="managing-hip-pain").update(title="<b>Bold</b> & co")
    CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1)
    html = client.post(URL, ANSWERS).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html
    assert "<b>Bold</b>" not in html


def test_an_answer_costs_few_queries_once_the_catalogue_is_cached(
    client, outer_hip_catalogue, django_assert_max_num_queries
):
    client.post(URL, ANSWERS)
    with django_assert_max_num_queries(2):  # the catalogue version (and nothing per exercise)
        assert (
            'data-rule="not-improving-after-two-weeks"'
            in client.post(URL, ANSWERS).content.decode()
        )


def test_the_caches_hold_catalogue_parts_and_no_answer(
    client, outer_hip_catalogue, django_user_model
):
    marked = {**ANSWERS, "duration_days": MARKER_DAYS, "age": MARKER_AGE}
    client.force_login(make_user(django_user_model, coach=True))
    assert client.post(URL, marked).status_code == 200
    from tests.conftest import cache_entries

    held = "\n".join(repr(key) + repr(value) for key, value in cache_entries())
    assert "triage-reason" in held and "Clamshell" in held  # the scan sees the cached parts...
    assert MARKER_DAYS not in held and f">{MARKER_AGE}<" not in held  # ...never an answer


# The empty first step: its fields are cached (the same for everyone), its CSRF token is not.


def first_step_fragments() -> list[str]:
    from tests.conftest import cache_entries

    return [value for key, value in cache_entries() if "triage-first-step" in str(key)]


def test_the_empty_first_step_is_drawn_once_and_its_csrf_token_stays_per_visitor(db):
    from django.test import Client

    first, second = Client(), Client()
    one, two = first.get(URL).content.decode(), second.get(URL).content.decode()
    [fragment] = first_step_fragments()
    assert 'name="age"' in fragment and "Step 1 of" in fragment
    assert "csrfmiddlewaretoken" not in fragment
    assert fragment in one and fragment in two
    tokens = [
        page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0] for page in (one, two)
    ]
    assert all(tokens) and tokens[0] != tokens[1]
    assert first.get(URL, headers={"HX-Request": "true"}).content.decode().count(fragment) == 1


def test_a_step_with_answers_or_errors_is_never_cached(client, outer_hip_catalogue):
    client.get(URL)
    # The next step (answers carried), a step sent back with an error, and the full edit form.
    client.post(URL, {"age": MARKER_AGE, "onset": "gradual", "duration_days": MARKER_DAYS})
    assert client.post(URL, {"age": "500", "duration_days": MARKER_DAYS}).status_code == 422
    client.post(URL, {**ANSWERS, "duration_days": MARKER_DAYS, "edit": "1"})
    # Back to the first step, its answers in place.
    back = client.post(
        URL, {"age": MARKER_AGE, "duration_days": MARKER_DAYS, "step": "2", "back": "1"}
    )
    assert f'value="{MARKER_AGE}"' in back.content.decode()
    [fragment] = first_step_fragments()  # still only the empty first step
    from tests.conftest import cache_entries

    held = "\n".join(repr(key) + repr(value) for key, value in cache_entries())
    assert MARKER_DAYS not in held and f'value="{MARKER_AGE}"' not in held
    assert "checked" not in fragment and 'value=""' in fragment


@pytest.mark.cache  # the form's fragments, with no database
def test_a_change_to_the_code_drawing_the_form_draws_it_again(client, monkeypatch):
    from triage import views

    client.get(URL)
    monkeypatch.setattr(views, "first_step_version", lambda: "a-new-version")
    monkeypatch.setattr(views.TriageForm.base_fields["age"], "label", "How old are you now?")
    assert "How old are you now?" in client.get(URL).content.decode()
    assert len(first_step_fragments()) == 2


def test_the_first_step_version_follows_the_files_that_draw_it():
    from triage import views

    assert views.first_step_version() == views.first_step_version.__wrapped__()
    assert all((views.settings.BASE_DIR / name).is_file() for name in views.FORM_SOURCES)


def test_an_answer_whose_reasons_are_cached_reads_no_sources(
    client, outer_hip_catalogue, monkeypatch
):
    """With Redis every cache read is a round trip: the sources are read only to draw a reason
    whose fragment is missing."""
    client.post(URL, ANSWERS)
    read = []
    monkeypatch.setattr("triage.views.sources_by_slug", lambda: read.append(1) or {})
    assert "Title of managing-hip-pain" in client.post(URL, ANSWERS).content.decode()
    assert not read
