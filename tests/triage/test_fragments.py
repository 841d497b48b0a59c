"""The answer page's pre-rendered pieces (triage/views.py): built from the rules and the
catalogue once per catalogue version, for everything at once, and never from a runner's answers.
"""

import pickle
import re
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db.models import F
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from exercises.models import CatalogueVersion, Exercise, Source
from tests.conftest import make_exercise, make_location, make_source, make_user
from tests.triage.test_starter import CATALOGUE
from tests.triage.test_views import BASELINE
from triage import rules, views
from triage.forms import TriageForm
from triage.starter import starter_routine

URL = reverse("triage:form")
# Values that appear nowhere else: if one turns up in the fragments, an answer leaked into them.
MARKER_DAYS, MARKER_AGE = "3217", "87"
ANSWERS = {**BASELINE, "night_pain": "on"}


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


def stored_fragments() -> views._Fragments:
    (fragments,) = views._fragments.values()
    return fragments


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


def test_an_answer_costs_one_query_once_the_fragments_are_built(
    client, catalogue, django_assert_num_queries
):
    client.post(URL, ANSWERS)
    with django_assert_num_queries(1):  # the catalogue version
        assert 'data-rule="night-or-rest-pain"' in client.post(URL, ANSWERS).content.decode()


def test_the_fragments_cover_everything_and_hold_no_answers(client, catalogue, django_user_model):
    marked = {**ANSWERS, "duration_days": MARKER_DAYS, "age": MARKER_AGE, "weight_loss": "on"}
    other = {**ANSWERS, "location": "back_buttock", "weight_bearing": "painful", "fever": "on"}
    built = []
    for answers in (marked, other):
        views._fragments.clear()
        assert client.post(URL, answers).status_code == 200
        assert list(views._fragments) == [(views.catalogue_version(), "/")]  # no answer in a key
        built.append(stored_fragments())
        client.force_login(make_user(django_user_model, coach=True))  # the second, a coach's
    # Whatever was answered, and by whom, the same pieces are built, for every rule, exercise,
    # location and shape of answer panel.
    assert built[0] == built[1]
    fragments = built[0]
    assert set(fragments.reasons) == {rule.slug for rule in rules.RULES}
    # Every exercise some starter routine can choose, and only those.
    chosen = {slug for routine in fragments.routines.values() for slug in routine}
    assert chosen and set(fragments.starter_items) == chosen
    assert set(fragments.contributors) == {value for value, _label in rules.LOCATIONS}
    assert set(fragments.routines) == {
        (location, weight_bearing)
        for location in rules.Location
        for weight_bearing in rules.WeightBearing
    }
    assert {shape[0] for shape in fragments.panels} == set(rules.Tier)
    # The panels hold the markup around an answer, never an answer's part of it: that is in slots.
    panels = [pieces for pieces in fragments.panels.values()]
    assert all(set(pieces[1::2]) <= set(views.PANEL_SLOTS) for pieces in panels)
    around = "".join(piece for pieces in panels for piece in pieces[::2])
    assert "Why we say this" in around and "A starter routine" in around
    for answered in ("data-rule=", "Clamshell", "gluteal tendinopathy", "on the outer side"):
        assert answered not in around
    held = repr(pickle.loads(pickle.dumps(fragments)).__dict__)  # noqa: S301 - our own object
    assert "Title of nhs-hip-pain" in held  # the scan sees what the fragments hold...
    assert MARKER_DAYS not in held and f">{MARKER_AGE}<" not in held  # ...the answers never are


def test_fragments_escape_catalogue_text(client, catalogue):
    Source.objects.filter(slug="managing-hip-pain").update(title="<b>Bold</b> & co")
    CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1)
    html = client.post(URL, ANSWERS).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html
    assert "<b>Bold</b>" not in html


# The starter routine, worked out in advance for every (location, weight bearing) pair.

ROUTINES = views._every_starter_routine(list(CATALOGUE))
ANSWERS_STRATEGY = st.builds(
    rules.Answers,
    age=st.integers(rules.AGE_MIN, rules.AGE_MAX),
    onset=st.sampled_from(rules.Onset),
    location=st.sampled_from(rules.Location),
    severity=st.integers(rules.SEVERITY_MIN, rules.SEVERITY_MAX),
    duration_days=st.integers(rules.DURATION_MIN, rules.DURATION_MAX),
    weight_bearing=st.sampled_from(rules.WeightBearing),
    improving=st.sampled_from(rules.Improving),
    radiates_to=st.frozensets(st.sampled_from(rules.Radiates)),
    **{name: st.booleans() for name in rules.BOOL_FIELDS},
)


@given(ANSWERS_STRATEGY)
def test_the_routine_worked_out_in_advance_is_the_one_the_picker_chooses(answers):
    """The view looks the routine up by location and weight bearing: if the picker ever reads
    another answer, this fails and the lookup has to change with it."""
    chosen = tuple(candidate.slug for candidate in starter_routine(answers, CATALOGUE))
    assert ROUTINES[answers.location, answers.weight_bearing] == chosen


# The answer panel: joined from the fragments, as the template would render it.


def answers_with(**changes) -> rules.Answers:
    baseline = {
        "age": 34,
        "onset": "gradual",
        "location": "outer_side",
        "severity": 3,
        "duration_days": 5,
        "weight_bearing": "full",
        "improving": "not_tried",
    }
    return rules.Answers(**{**baseline, **changes})


def joined_and_rendered(answers: rules.Answers, user) -> tuple[str, str]:
    """An answer's panel as the view joins it, and as triage/_panel.html renders it from the
    same context."""
    request = RequestFactory().post(URL)
    request.user = user
    if user.is_authenticated:
        request.COOKIES[django_settings.SESSION_COOKIE_NAME] = "signed-in"
    fragments = views._current_fragments()
    context = views._result_context(request, fragments, answers)
    return fragments.panel(context), get_template("triage/_panel.html").render(context)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answers=ANSWERS_STRATEGY, by_a_coach=st.booleans())
# Every shape an answer can give the panel, whatever the draw: no rule fired...
@example(answers=answers_with(), by_a_coach=False)
@example(answers=answers_with(), by_a_coach=True)
# ...see a professional, with and without the coach's hand-off...
@example(answers=answers_with(night_pain=True), by_a_coach=False)
@example(answers=answers_with(night_pain=True), by_a_coach=True)
# ...and red flags, alone or with less urgent reasons.
@example(answers=answers_with(fever=True), by_a_coach=True)
@example(answers=answers_with(fever=True, clicking=True), by_a_coach=True)
@example(answers=answers_with(saddle_or_bladder=True), by_a_coach=False)
@example(answers=answers_with(saddle_or_bladder=True, clicking=True), by_a_coach=False)
def test_the_joined_panel_is_the_one_the_template_renders(catalogue, coach, answers, by_a_coach):
    joined, rendered = joined_and_rendered(answers, coach if by_a_coach else AnonymousUser())
    assert joined == rendered
    # A coach is offered the hand-off wherever there is a starter routine to hand off.
    assert ("Start a routine from this" in joined) == (by_a_coach and "A starter routine" in joined)


@pytest.mark.parametrize("changes", [{}, {"night_pain": True}])
def test_the_joined_panel_is_the_one_the_template_renders_with_no_exercise_to_offer(
    db, coach, changes
):
    joined, rendered = joined_and_rendered(answers_with(**changes), coach)
    assert "Keeping it from coming back" in joined and "A starter routine" not in joined
    assert joined == rendered


# The form shares its field definitions between requests, never its answers.


def test_each_form_has_its_own_fields_dict_over_shared_definitions():
    first, second = TriageForm(), TriageForm()
    assert first.fields is not second.fields
    assert first.fields["age"] is second.fields["age"] is TriageForm.base_fields["age"]
    del first.fields["age"]
    assert "age" in second.fields and "age" in TriageForm.base_fields


def test_validating_answers_leaves_no_trace_on_the_shared_fields():
    before = pickle.dumps(TriageForm.base_fields)
    form = TriageForm({**ANSWERS, "duration_days": MARKER_DAYS, "age": "thirty"})
    assert not form.is_valid()
    assert str(form.errors["age"]) and "Enter a whole number." in form.errors["age"]
    str(form.fieldsets())  # render every bound field, as the page does
    assert pickle.dumps(TriageForm.base_fields) == before


# The answer page in the shared frame (hipcare/pagecache.py, render_in_frame).


def normalised(html: str) -> str:
    """The page without its per-response values (CSRF token, CSP nonce)."""
    html = re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1T", html)
    return re.sub(r'nonce="[^"]+"', 'nonce="N"', html)


def test_an_anonymous_answer_is_the_same_page_in_the_shared_frame(client, catalogue):
    framed = client.post(URL, ANSWERS)
    with mock.patch("triage.views.render_in_frame", return_value=None):
        rendered = client.post(URL, ANSWERS)
    assert framed.status_code == rendered.status_code == 200
    assert normalised(framed.content.decode()) == normalised(rendered.content.decode())
    html = framed.content.decode()  # the same, title and all, with no placeholder left over
    assert "__hipcare" not in html and 'data-rule="night-or-rest-pain"' in html


def test_the_frame_is_cached_without_any_answer(client, catalogue):
    client.post(URL, {**ANSWERS, "duration_days": MARKER_DAYS, "age": MARKER_AGE})
    stored = repr(dict(caches["pages"]._cache))  # the frame, as the cache holds it (pickled)
    entries = [pickle.loads(value) for value in caches["pages"]._cache.values()]  # noqa: S301
    assert entries, "the frame was cached"
    held = repr(entries) + stored
    assert "night-or-rest-pain" not in held and "triage-result" not in held
    assert MARKER_DAYS not in held and f">{MARKER_AGE}<" not in held
    # A second runner gets their own answer in the same frame, with their own token and nonce.
    other = client.post(URL, {**ANSWERS, "night_pain": "", "location": "groin"})
    assert 'data-rule="night-or-rest-pain"' not in other.content.decode()
    assert "Symptom checker" in other.content.decode()


def test_a_signed_in_runner_gets_a_full_render(client, catalogue, django_user_model):
    client.force_login(make_user(django_user_model, "coach_a", coach=True))
    with mock.patch("triage.views.render_in_frame", wraps=views.render_in_frame) as frame:
        html = client.post(URL, ANSWERS).content.decode()
    assert frame.call_count == 0
    assert "Sign out" in html and 'data-rule="night-or-rest-pain"' in html
    assert getattr(caches["pages"], "_cache", {}) == {}
