"""The answer page's cached parts (a reason with its sources, the starter routine's
catalogue): keyed by the catalogue version, so an edit shows at once, and never holding an
answer."""


import pytest
from django.db.models import F
from django.urls import reverse

from exercises.models import CatalogueVersion, Exercise, Source
from tests.conftest import make_exercise, make_location, make_source, make_user
from tests.triage.test_views import BASELINE
from triage import rules

URL = reverse("triage:form")
# Values that appear nowhere else: if one turns up in the fragments, an answer leaked into them.
MARKER_DAYS, MARKER_AGE = "3217", "87"
ANSWERS = {**BASELINE, "severity": "8"}  # see a professional, with a routine


@pytest.fixture
def catalogue(db):
    for slug in rules.KNOWN_SOURCES:
        make_source(slug=slug, title=f"Title of {slug}")
    outer = make_location("outer_side")
    return [
        make_exercise("Clamshell", locations=[outer], position="side_lying", unilateral=True),
        make_exercise("Glute bridge", locations=[outer], position="lying_back"),
        make_exercise("Side plank", locations=[outer], position="side_lying"),
        make_exercise("IT band stretch", kind=Exercise.Kind.STRETCH, locations=[outer]),
    ]


def test_a_source_title_edited_in_admin_shows_in_the_next_answer(client, catalogue):
    assert "Title of managing-hip-pain" in client.post(URL, ANSWERS).content.decode()
    source = Source.objects.get(slug="managing-hip-pain")
    source.title = "Managing hip pain, second edition"
    source.save()
    html = client.post(URL, ANSWERS).content.decode()
    assert "Managing hip pain, second edition" in html
    assert "Title of managing-hip-pain" not in html


def test_an_exercise_renamed_in_admin_shows_in_the_next_starter_routine(client, catalogue):
    assert ">Clamshell</a>" in client.post(URL, ANSWERS).content.decode()
    clamshell = Exercise.objects.get(slug="clamshell")
    clamshell.name = "Clam"
    clamshell.save()
    html = client.post(URL, ANSWERS).content.decode()
    assert ">Clam</a>" in html and ">Clamshell</a>" not in html


def test_an_edit_made_by_another_process_shows_once_the_version_moves(client, catalogue):
    """Another worker's edit sends no signal here: the version read from the database is what
    tells this process its fragments are out of date."""
    client.post(URL, ANSWERS)
    Source.objects.filter(slug="managing-hip-pain").update(title="Edited elsewhere")  # no signal
    assert "Edited elsewhere" not in client.post(URL, ANSWERS).content.decode()
    CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1)
    assert "Edited elsewhere" in client.post(URL, ANSWERS).content.decode()


def test_fragments_escape_catalogue_text(client, catalogue):
    Source.objects.filter(slug="managing-hip-pain").update(title="<b>Bold</b> & co")
    CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1)
    html = client.post(URL, ANSWERS).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html
    assert "<b>Bold</b>" not in html


def test_an_answer_costs_few_queries_once_the_catalogue_is_cached(
    client, catalogue, django_assert_max_num_queries
):
    client.post(URL, ANSWERS)
    with django_assert_max_num_queries(2):  # the catalogue version (and nothing per exercise)
        assert 'data-rule="severe-pain"' in client.post(URL, ANSWERS).content.decode()


def test_the_caches_hold_catalogue_parts_and_no_answer(client, catalogue, django_user_model):
    marked = {**ANSWERS, "duration_days": MARKER_DAYS, "age": MARKER_AGE}
    client.force_login(make_user(django_user_model, coach=True))
    assert client.post(URL, marked).status_code == 200
    from tests.conftest import cache_entries

    held = "\n".join(repr(key) + repr(value) for key, value in cache_entries())
    assert "triage-reason" in held and "Clamshell" in held  # the scan sees the cached parts...
    assert MARKER_DAYS not in held and f">{MARKER_AGE}<" not in held  # ...never an answer
