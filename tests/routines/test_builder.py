"""The builder page and its actions, as plain form posts and as htmx requests."""

import re
from html import unescape
from html.parser import HTMLParser
from unittest import mock
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from routines import services, views
from routines.forms import RoutineItemForm
from tests.conftest import cache_calls, cache_reads, make_exercise, miss_fragments
from tests.routines.conftest import make_exercises, make_routine, positions

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def items_url(routine, name="add_item", item=None):
    args = [routine.pk] if item is None else [routine.pk, item.pk]
    return reverse(f"routines:{name}", args=args)


def dose_data(item, **changes):
    """What the dose form sends for `item` as it is, with `changes` (the form's field names:
    sets, work, unit, frequency, frequency_period, side, load_note, coach_note). Fields the
    item's move does not offer (a side for a two-sided move, a load for a body-weight move,
    the unit for a move counted one way) are left out, as the page leaves them out."""
    dose = item.dose()
    exercise = item.exercise
    fields = {
        "sets": str(dose.sets),
        "work": str(dose.work),
        "frequency": dose.frequency.high,
        "frequency_period": item.frequency_period,
        "coach_note": item.coach_note,
    }
    if exercise.reps_or_hold:
        fields["unit"] = dose.unit.value
    if exercise.unilateral:
        fields["side"] = item.side
    if exercise.loadable:
        fields["load_note"] = item.load_note
    fields.update(changes)
    return {f"item-{item.pk}-{name}": "" if v is None else v for name, v in fields.items()}


def doses(routine):
    return list(
        routine.items.order_by("position").values_list(
            "position", "sets_min", "sets_max", "reps_min", "reps_max", "hold_seconds_min"
        )
    )


# The page and its partials.


def test_builder_shows_the_catalogue_and_the_routine(signed_in, routine):
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    assert "<html" in html
    assert 'id="catalogue-results"' in html and 'id="routine-panel"' in html
    panel = html.split('id="routine-panel"')[1]
    assert panel.index("Clamshell") < panel.index("Goblet squat") < panel.index("Pigeon stretch")
    add_url = items_url(routine)
    assert f'action="{add_url}"' in html and f'hx-post="{add_url}"' in html
    assert 'name="exercise" value="clamshell"' in html
    # the catalogue's own filter form, reused
    for name in ["q", "kind", "location", "muscle", "equipment", "level", "position"]:
        assert f'name="{name}"' in html


def test_an_htmx_filter_request_gets_only_the_catalogue_results(signed_in, routine):
    make_exercise("Side plank")
    response = signed_in.get(
        routine.get_absolute_url() + "?q=plank",
        headers={**HTMX, "HX-Target": "catalogue-results"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="routine-panel"' not in html
    assert "Side plank" in html and "Goblet squat" not in html
    assert "1 exercise matches your filters" in html


def test_an_htmx_request_for_the_panel_gets_only_the_panel(signed_in, routine):
    html = signed_in.get(
        routine.get_absolute_url(), headers={**HTMX, "HX-Target": "routine-panel"}
    ).content.decode()
    assert html.lstrip().startswith('<section id="routine-panel"')
    assert 'id="catalogue-results"' not in html


def test_an_htmx_request_without_a_known_target_gets_the_whole_page(signed_in, routine):
    html = signed_in.get(routine.get_absolute_url(), headers=HTMX).content.decode()
    assert "<html" in html


def test_the_builder_filters_by_the_same_rules_as_the_catalogue(signed_in, routine):
    html = signed_in.get(routine.get_absolute_url() + "?kind=stretch").content.decode()
    catalogue = html.split('id="catalogue-results"')[1].split('id="routine-panel"')[0]
    assert "Pigeon stretch" in catalogue and "Goblet squat" not in catalogue


def test_an_unknown_filter_value_shows_a_message_not_an_error(signed_in, routine):
    response = signed_in.get(routine.get_absolute_url() + "?kind=yoga")
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()


# Adding.


def test_adding_with_a_plain_post_redirects_back_to_the_builder(signed_in, routine):
    step_up = make_exercise("Step-up")
    response = signed_in.post(items_url(routine), {"exercise": step_up.slug})
    item = routine.items.get(position=4)
    assert response.status_code == 302
    assert response["Location"] == f"{routine.get_absolute_url()}#item-{item.pk}"
    page = signed_in.get(response["Location"]).content.decode()
    assert "Added Step-up as number 4." in page


def test_adding_keeps_the_catalogue_filters_for_the_page_it_goes_back_to(signed_in, routine, squat):
    back = f"{routine.get_absolute_url()}?q=squat&kind=strength"
    response = signed_in.post(items_url(routine), {"exercise": squat.slug, "next": back})
    assert response["Location"].startswith(back + "#item-")


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/routines/1/", "/exercises/"]
)
def test_adding_ignores_a_next_address_that_is_not_this_builder(
    signed_in, routine, squat, next_url
):
    response = signed_in.post(items_url(routine), {"exercise": squat.slug, "next": next_url})
    assert response["Location"].startswith(routine.get_absolute_url() + "#item-")


def test_adding_with_htmx_returns_the_routine_panel(signed_in, routine):
    step_up = make_exercise("Step-up")
    response = signed_in.post(items_url(routine), {"exercise": step_up.slug}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="catalogue-results"' not in html
    assert 'id="routine-panel"' in html and "4 exercises" in html
    assert 'hx-swap-oob="innerHTML:#routine-notice">Added Step-up as number 4.' in html
    # The phone's routine bar and the card's note are brought up to date too.
    assert '<span hx-swap-oob="innerHTML:#routine-count">4</span>' in html
    assert 'id="in-routine-step-up" class="in-routine small" hx-swap-oob="true">' in html
    assert "✓ Added as number 4." in html
    assert len(positions(routine)) == 4


def test_adding_a_move_the_routine_holds_already_adds_it_again_and_says_so(
    signed_in, routine, squat
):
    response = signed_in.post(items_url(routine), {"exercise": squat.slug}, headers=HTMX)
    html = response.content.decode()
    assert positions(routine)[-1] == ("goblet-squat", 4)
    assert "Added Goblet squat again, as number 4: the routine now holds it 2 times" in html
    assert "it is in the routine 2 times now" in html


def test_catalogue_cards_say_which_moves_the_routine_holds(signed_in, routine, squat):
    services.routine_add_item(routine=routine, exercise=squat)
    html = signed_in.get(
        routine.get_absolute_url(), headers={**HTMX, "HX-Target": "catalogue-results"}
    ).content.decode()
    squat_note = html[html.index('id="in-routine-goblet-squat"') :]
    assert squat_note.split("</span>")[0].endswith(
        "In the routine 2 times: adding it again puts in another copy."
    )
    clam_note = html[html.index('id="in-routine-clamshell"') :]
    assert "In the routine: adding it again" in clam_note.split("</span>")[0]
    assert "</span> again</button>" in html


@pytest.mark.parametrize("slug", ["no-such-move", "", "hidden-move"])
def test_adding_an_unknown_or_unpublished_exercise_changes_nothing(signed_in, routine, slug):
    make_exercise("Hidden move", published=False)
    before = positions(routine)
    plain = signed_in.post(items_url(routine), {"exercise": slug})
    assert plain.status_code == 422
    assert 'role="alert"' in plain.content.decode()
    htmx = signed_in.post(items_url(routine), {"exercise": slug}, headers=HTMX)
    assert htmx.status_code == 200
    assert 'role="alert"' in htmx.content.decode()
    assert positions(routine) == before


def test_an_unknown_slug_is_named_in_the_message(signed_in, routine):
    html = signed_in.post(items_url(routine), {"exercise": "moonwalk"}).content.decode()
    assert "There is no exercise called “moonwalk” in the catalogue." in html


def test_adding_escapes_the_slug_it_echoes(signed_in, routine):
    html = signed_in.post(items_url(routine), {"exercise": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


# Editing a dose.


def test_editing_a_dose_saves_it(signed_in, routine):
    item = routine.items.get(position=2)
    data = dose_data(item, sets="3", work="8-10", coach_note="Slowly")
    response = signed_in.post(items_url(routine, "edit_item", item), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.dose_line == "3 x 8-10, twice a week"
    assert item.coach_note == "Slowly"


def test_editing_a_dose_with_htmx_returns_the_panel_and_asks_for_focus(signed_in, routine):
    item = routine.items.get(position=1)
    data = dose_data(item, side="left")
    response = signed_in.post(items_url(routine, "edit_item", item), data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-routine-focus="item-{item.pk}-heading"' in html
    assert "1-3 x 12-15, left side only, twice a week" in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"sets": "-1"}, "sets", "is not a number or a range"),
        ({"sets": "0"}, "sets", "Too small: the least is 1. Use a number from 1 to 10."),
        ({"sets": "99"}, "sets", "Too big: the most is 10. Use a number from 1 to 10."),
        # A big number is a number, too big (QA: "'99999' is not a number or a range").
        ({"sets": "99999"}, "sets", "Too big: the most is 10. Use a number from 1 to 10."),
        ({"sets": "2-99999"}, "sets", "Too big: the most is 10."),
        ({"sets": "9" * 19}, "sets", "Too big: the most is 10."),
        ({"sets": "4-2"}, "sets", "The range runs backwards"),
        ({"sets": ""}, "sets", "This needs a number, like 3"),
        ({"work": "15-12"}, "work", "The range runs backwards"),
        ({"work": ""}, "work", "This needs a number, like 3"),
        ({"work": "ten"}, "work", "is not a number or a range"),
        ({"work": "101"}, "work", "Too big: the most is 100. Use a number from 1 to 100."),
        ({"work": "99999"}, "work", "Too big: the most is 100. Use a number from 1 to 100."),
        ({"frequency": "2-3"}, "frequency", "Use a whole number"),
        ({"frequency": "0"}, "frequency", "Too small: the least is 1. Use a number from 1 to"),
        ({"frequency": "99999"}, "frequency", "Too big: the most is"),
        ({"side": "middle"}, "side", "choose each side, left side only or right side only"),
        ({"side": "both"}, "side", "choose each side, left side only or right side only"),
        ({"frequency_period": "month"}, "frequency_period", "not one of the available choices"),
    ],
)
def test_bad_dose_input_shows_a_message_beside_the_field_and_changes_nothing(
    signed_in, routine, changes, field, message
):
    item = routine.items.get(position=1)  # the clamshell: one side at a time
    before = doses(routine)
    url = items_url(routine, "edit_item", item)
    for headers, status in [({}, 422), (HTMX, 200)]:
        response = signed_in.post(url, dose_data(item, **changes), headers=headers)
        html = response.content.decode()
        assert response.status_code == status
        error_id = f"id_item-{item.pk}-{field}_error"
        assert f'id="{error_id}"' in html
        assert message in html.split(f'id="{error_id}"')[1].split("</div>")[0]
        field_name = f"item-{item.pk}-{field}"
        if field in ("sets", "work", "frequency") and changes[field]:  # what was typed is kept
            kept = re.search(rf'<input[^>]*name="{field_name}"[^>]*>', html).group(0)
            assert f'value="{changes[field]}"' in kept
        described = re.search(rf'name="{field_name}"[^>]*aria-describedby="([^"]+)"', html)
        assert error_id in described.group(1).split()
        assert '<details class="dose-editor" open>' in html
    assert doses(routine) == before


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("3", "3 x 12-15, each side, twice a week"),
        ("2-4", "2-4 x 12-15, each side, twice a week"),
        ("2 – 4", "2-4 x 12-15, each side, twice a week"),
        ("2 to 4", "2-4 x 12-15, each side, twice a week"),
    ],
)
def test_sets_take_a_number_or_a_range_in_one_box(signed_in, routine, text, line):
    item = routine.items.get(position=1)
    signed_in.post(items_url(routine, "edit_item", item), dose_data(item, sets=text))
    item.refresh_from_db()
    assert item.dose_line == line


def test_a_two_sided_move_refuses_one_side_only(signed_in, coach):
    bridge = make_exercise("Glute bridge")
    routine = make_routine(coach, exercises=[bridge])
    item = routine.items.get()
    form_html = signed_in.get(items_url(routine, "dose_item", item)).content.decode()
    assert f'name="item-{item.pk}-side"' not in form_html  # nothing to choose
    before = doses(routine)
    response = signed_in.post(
        items_url(routine, "edit_item", item), dose_data(item, side="left"), headers=HTMX
    )
    html = response.content.decode()
    assert "Glute bridge works both sides together, so it has no “left side only”." in html
    assert doses(routine) == before
    item.refresh_from_db()
    assert item.side == "both"


def test_load_only_for_a_loadable_move(signed_in, routine):
    stretch = routine.items.get(exercise__slug="pigeon-stretch")
    html = signed_in.get(items_url(routine, "dose_item", stretch)).content.decode()
    assert "load_note" not in html
    response = signed_in.post(
        items_url(routine, "edit_item", stretch), dose_data(stretch, load_note="light band")
    )
    assert response.status_code == 422
    assert "Pigeon stretch is done without weights, so it takes no load." in (
        response.content.decode()
    )
    squat = routine.items.get(exercise__slug="goblet-squat")
    signed_in.post(items_url(routine, "edit_item", squat), dose_data(squat, load_note="8 kg"))
    squat.refresh_from_db()
    assert squat.dose_line == "1-3 x 12-15, 8 kg, twice a week"


def test_a_move_counted_either_way_can_be_held(signed_in, coach):
    bridge = make_exercise("Glute bridge", reps_or_hold=True, reps_min=8, reps_max=10)
    routine = make_routine(coach, exercises=[bridge])
    item = routine.items.get()
    html = signed_in.get(items_url(routine, "dose_item", item)).content.decode()
    assert f'name="item-{item.pk}-unit"' in html and "seconds held" in html
    signed_in.post(
        items_url(routine, "edit_item", item), dose_data(item, unit="hold", work="20-30")
    )
    item.refresh_from_db()
    assert item.dose_line == "1-3 x 20-30 s hold, twice a week"
    signed_in.post(items_url(routine, "edit_item", item), dose_data(item, unit="reps", work="8"))
    item.refresh_from_db()
    assert item.dose_line == "1-3 x 8, twice a week"


def test_a_hold_on_a_move_counted_only_in_reps_is_refused(signed_in, routine):
    item = routine.items.get(exercise__slug="clamshell")
    before = doses(routine)
    data = dose_data(item, unit="hold", work="30-45")
    response = signed_in.post(items_url(routine, "edit_item", item), data, headers=HTMX)
    assert "Clamshell is counted in reps." in response.content.decode()
    assert doses(routine) == before


def test_reps_on_a_hold_are_refused(signed_in, routine):
    item = routine.items.get(exercise__slug="pigeon-stretch")
    before = doses(routine)
    data = dose_data(item, unit="reps", work="10-12")
    response = signed_in.post(items_url(routine, "edit_item", item), data)
    assert response.status_code == 422
    assert "Pigeon stretch is counted in seconds held." in response.content.decode()
    assert doses(routine) == before


def test_a_hold_can_be_changed(signed_in, routine):
    item = routine.items.get(exercise__slug="pigeon-stretch")
    data = dose_data(item, work="45-60", sets="2")
    assert signed_in.post(items_url(routine, "edit_item", item), data).status_code == 302
    item.refresh_from_db()
    assert item.dose_line == "2 x 45-60 s hold, each side, daily"


def test_times_is_one_number_and_per_is_spelled_out(signed_in, routine):
    item = routine.items.get(position=1)
    html = signed_in.get(items_url(routine, "dose_item", item)).content.decode()
    assert f'name="item-{item.pk}-frequency"' in html
    assert "frequency_min" not in html and "frequency_max" not in html
    assert '<option value="week" selected>week</option>' in html


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_the_dose_form_labels_every_field(signed_in, routine, headers):
    item = routine.items.get(exercise__slug="goblet-squat")
    html = signed_in.get(items_url(routine, "dose_item", item), headers=headers).content.decode()
    for field in ["sets", "work", "frequency", "frequency_period", "load_note", "coach_note"]:
        assert f'<label class="form-label mb-1 small" for="id_item-{item.pk}-{field}">' in html


# The dose form, on demand: the builder links to each item's dose page, and htmx fetches the
# form alone into the item's <details> when it opens.


class FormReader(HTMLParser):
    """The first form's action and the values it would send, as a browser without JS would."""

    def __init__(self):
        super().__init__()
        self.action, self.data, self._in_form, self._field = None, {}, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.action is None:
            self.action, self._in_form = attrs["action"], True
        elif not self._in_form:
            return
        elif tag == "input":
            self.data[attrs["name"]] = attrs.get("value", "")
        elif tag in ("select", "textarea"):
            self._field = attrs["name"]
            self.data[self._field] = ""
        elif tag == "option" and "selected" in attrs:
            self.data[self._field] = attrs["value"]

    def handle_data(self, data):
        if self._in_form and self._field and self.lasttag == "textarea":
            self.data[self._field] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag in ("select", "textarea"):
            if tag == "textarea":  # a browser drops the newline that starts a textarea
                self.data[self._field] = self.data[self._field].removeprefix("\n")
            self._field = None


def read_form(html: str) -> tuple[str, dict]:
    reader = FormReader()
    reader.feed(html)
    return reader.action, reader.data


def test_the_builder_links_to_each_items_dose_page_instead_of_carrying_its_form(signed_in, routine):
    with mock.patch("routines.views.RoutineItemForm", wraps=RoutineItemForm) as forms:
        html = signed_in.get(routine.get_absolute_url()).content.decode()
    assert forms.call_count == 0
    for item in routine.items.all():
        assert f'name="item-{item.pk}-sets"' not in html
        dose_url = items_url(routine, "dose_item", item)
        assert f'<details class="dose-editor" hx-get="{dose_url}" hx-trigger="toggle once"' in html
        hidden = '<span class="visually-hidden">'
        assert f"Change the dose{hidden} of {item.exercise.name}</span></summary>" in html
        assert f'<a href="{dose_url}">Open the dose form{hidden} for {item.exercise.name}' in html


def test_the_dose_page_is_a_whole_page_with_the_form_and_a_way_back(signed_in, routine):
    item = routine.items.get(position=2)
    response = signed_in.get(items_url(routine, "dose_item", item))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and "<title>Dose of Goblet squat · Hips, weeks 1-6 · HipCare" in html
    assert "<h1>Change the dose of Goblet squat</h1>" in html
    action, data = read_form(html.split("<h1>")[1])
    assert action == items_url(routine, "edit_item", item)
    assert data["next"] == routine.get_absolute_url()
    assert data["csrfmiddlewaretoken"]
    assert data[f"item-{item.pk}-work"] == f"{item.reps_min}-{item.reps_max}"
    assert f'<a href="{routine.get_absolute_url()}#item-{item.pk}">Back to the routine</a>' in html
    # Without JavaScript there is no routine panel here to answer into.
    assert "hx-post" not in html and "data-routine-focus" not in html


def test_an_htmx_request_for_the_dose_page_gets_the_form_alone(signed_in, routine):
    item = routine.items.get(position=2)
    response = signed_in.get(items_url(routine, "dose_item", item), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    assert html.lstrip().startswith('<form method="post"') and "<html" not in html
    assert "Back to the routine" not in html
    edit_url = items_url(routine, "edit_item", item)
    assert f'action="{edit_url}"' in html and f'hx-post="{edit_url}"' in html
    assert 'hx-target="#routine-panel" hx-swap="outerHTML"' in html
    assert f'data-routine-focus="id_item-{item.pk}-sets"' in html
    assert read_form(html)[1]["csrfmiddlewaretoken"]


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        ("/routines/{pk}/?q=squat&kind=strength#x", "/routines/{pk}/?q=squat&kind=strength"),
        ("http://testserver/routines/{pk}/?kind=strength", "/routines/{pk}/?kind=strength"),
        ("https://evil.example/routines/{pk}/", "/routines/{pk}/"),
        ("/exercises/", "/routines/{pk}/"),
    ],
)
def test_the_fetched_dose_form_goes_back_to_the_builder_address_the_coach_is_on(
    signed_in, routine, current, expected
):
    item = routine.items.first()
    headers = {**HTMX, "HX-Current-URL": current.format(pk=routine.pk)}
    html = signed_in.get(items_url(routine, "dose_item", item), headers=headers).content.decode()
    assert read_form(html)[1]["next"] == expected.format(pk=routine.pk)


def test_without_javascript_the_dose_page_goes_back_to_the_filtered_builder(signed_in, routine):
    item = routine.items.first()
    builder = f"{routine.get_absolute_url()}?q=squat&kind=strength"
    html = signed_in.get(builder).content.decode()
    link = f"{items_url(routine, 'dose_item', item)}?next={quote(builder, safe='')}"
    assert f'<a href="{escape(link)}">Open the dose form' in html
    page = signed_in.get(link).content.decode()
    assert read_form(page.split("<h1>")[1])[1]["next"] == builder
    assert f'<a href="{escape(builder)}#item-{item.pk}">Back to the routine</a>' in page
    # Only this routine's builder: any other address goes back to the plain builder.
    for elsewhere in ["https://evil.example/", "/exercises/?kind=strength", "//evil.example/x"]:
        page = signed_in.get(items_url(routine, "dose_item", item), {"next": elsewhere})
        assert read_form(page.content.decode().split("<h1>")[1])[1]["next"] == (
            routine.get_absolute_url()
        )


def test_a_dose_changed_without_javascript_goes_page_to_page(signed_in, routine):
    item = routine.items.get(position=2)
    page = signed_in.get(items_url(routine, "dose_item", item)).content.decode()
    action, data = read_form(page.split("<h1>")[1])
    prefix = f"item-{item.pk}-"
    data.update({prefix + "sets": "3", prefix + "work": "8-10", prefix + "coach_note": "Slowly"})
    response = signed_in.post(action, data)
    assert response.status_code == 302
    assert response["Location"] == f"{routine.get_absolute_url()}#item-{item.pk}"
    item.refresh_from_db()
    assert item.dose_line == "3 x 8-10, twice a week" and item.coach_note == "Slowly"
    builder = signed_in.get(response["Location"]).content.decode()
    assert "Saved the dose for Goblet squat: 3 x 8-10, twice a week." in builder


def test_bad_input_from_the_dose_page_comes_back_on_the_builder_with_that_form_open(
    signed_in, routine
):
    item = routine.items.get(position=2)
    action, data = read_form(
        signed_in.get(items_url(routine, "dose_item", item)).content.decode().split("<h1>")[1]
    )
    with mock.patch("routines.views.RoutineItemForm", wraps=RoutineItemForm) as forms:
        response = signed_in.post(action, {**data, f"item-{item.pk}-sets": "0"})
    html = response.content.decode()
    assert response.status_code == 422
    assert forms.call_count == 1  # the one sent; the other items get no form
    assert html.count('<details class="dose-editor" open>') == 1
    assert html.count(f'action="{action}" class="dose-form') == 1
    assert f'id="id_item-{item.pk}-sets_error"' in html
    for other in routine.items.exclude(pk=item.pk):
        assert f'name="item-{other.pk}-sets"' not in html
        assert f'hx-get="{items_url(routine, "dose_item", other)}"' in html


def test_the_dose_page_is_only_read(signed_in, routine):
    url = items_url(routine, "dose_item", routine.items.first())
    assert signed_in.head(url).status_code == 200
    assert signed_in.post(url).status_code == 405


# Moving and removing.


def test_moving_down_with_htmx_reorders_and_keeps_focus_on_the_button(signed_in, routine):
    first = routine.items.get(position=1)
    response = signed_in.post(
        items_url(routine, "move_item", first), {"direction": "down"}, headers=HTMX
    )
    assert positions(routine)[:2] == [("goblet-squat", 1), ("clamshell", 2)]
    assert f'data-routine-focus="move-down-{first.pk}"' in response.content.decode()


def test_moving_to_the_end_puts_focus_on_the_other_button(signed_in, routine):
    second = routine.items.get(position=2)
    response = signed_in.post(
        items_url(routine, "move_item", second), {"direction": "down"}, headers=HTMX
    )
    assert f'data-routine-focus="move-up-{second.pk}"' in response.content.decode()


def test_moving_with_a_plain_post_redirects_to_the_item(signed_in, routine):
    last = routine.items.get(position=3)
    response = signed_in.post(items_url(routine, "move_item", last), {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{last.pk}")
    assert positions(routine)[1] == ("pigeon-stretch", 2)


def test_moving_to_a_numbered_place(signed_in, routine):
    last = routine.items.get(position=3)
    signed_in.post(items_url(routine, "move_item", last), {"position": 1})
    assert [slug for slug, _ in positions(routine)] == [
        "pigeon-stretch",
        "clamshell",
        "goblet-squat",
    ]


def test_the_builders_place_boxes_are_named_for_their_items_in_one_form(signed_in, routine):
    """Every item's buttons and place box belong to the panel's one #item-actions form, so each
    box is named for its item and Move reads its own item's box."""
    first, last = routine.items.get(position=1), routine.items.get(position=3)
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    assert f'name="place-{last.pk}" id="place-{last.pk}" value="3" form="item-actions"' in html
    places = {f"place-{item.pk}": item.position for item in routine.items.all()}
    response = signed_in.post(
        items_url(routine, "move_item", last), {**places, f"place-{last.pk}": 1, "direction": ""}
    )
    assert response.status_code == 302
    assert positions(routine)[0] == ("pigeon-stretch", 1)
    # Up and down ignore the boxes the form sends along.
    signed_in.post(items_url(routine, "move_item", first), {**places, "direction": "up"})
    assert positions(routine)[:2] == [("clamshell", 1), ("pigeon-stretch", 2)]


def test_enter_in_a_place_box_moves_that_item(signed_in, routine):
    """Enter in a Place box presses the shared form's default button (the form's first, before
    every item's Move up): it sends all the boxes, and the one that changed says what to move."""
    first, last = routine.items.get(position=1), routine.items.get(position=3)
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    place_url = reverse("routines:place_item", args=[routine.pk])
    form = html[html.index('<form id="item-actions"') :]
    form = form[: form.index("</form>")]
    assert f'action="{place_url}"' in form
    assert '<button type="submit" hidden' in form  # the default: before any item's buttons
    places = {f"place-{item.pk}": item.position for item in routine.items.all()}
    response = signed_in.post(place_url, {**places, f"place-{last.pk}": 1})
    assert response.status_code == 302
    assert positions(routine)[0] == ("pigeon-stretch", 1)
    places = {f"place-{item.pk}": item.position for item in routine.items.all()}
    html = signed_in.post(
        place_url, {**places, f"place-{first.pk}": 3}, headers=HTMX
    ).content.decode()
    assert "Moved Clamshell to number 3 of 3." in html
    assert positions(routine)[2] == ("clamshell", 3)


@pytest.mark.parametrize("changed", [0, 2])
def test_enter_with_no_place_or_two_places_changed_moves_nothing(signed_in, routine, changed):
    before = positions(routine)
    places = {f"place-{item.pk}": item.position for item in routine.items.all()}
    for item in routine.items.all()[:changed]:
        places[f"place-{item.pk}"] = 3 if item.position != 3 else 1
    response = signed_in.post(reverse("routines:place_item", args=[routine.pk]), places)
    assert response.status_code == 422
    assert "Type a new place in one exercise" in response.content.decode()
    assert positions(routine) == before


@pytest.mark.parametrize(
    ("position", "data", "message"),
    [
        (1, {"direction": "up"}, "Clamshell is already first."),
        (3, {"direction": "down"}, "Pigeon stretch is already last."),
        (1, {"position": 0}, "Position 0 is out of range"),
        (1, {"position": 9}, "Position 9 is out of range"),
        (1, {"position": "two"}, "The place must be a whole number."),
        (1, {"direction": "sideways"}, "Move an exercise up or down."),
        (1, {}, "Say where to move the exercise."),
    ],
)
def test_a_bad_move_says_why_and_changes_nothing(signed_in, routine, position, data, message):
    item = routine.items.get(position=position)
    before = positions(routine)
    plain = signed_in.post(items_url(routine, "move_item", item), data)
    assert plain.status_code == 422
    assert message in plain.content.decode()
    htmx = signed_in.post(items_url(routine, "move_item", item), data, headers=HTMX)
    assert htmx.status_code == 200
    assert message in htmx.content.decode()
    assert positions(routine) == before


def test_the_first_and_last_move_buttons_are_disabled(signed_in, routine):
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    first, last = routine.items.get(position=1), routine.items.get(position=3)
    assert f'id="move-up-{first.pk}" class="btn btn-sm btn-outline-secondary" disabled' in html
    assert f'id="move-down-{last.pk}" class="btn btn-sm btn-outline-secondary" disabled' in html


def test_removing_with_htmx_closes_the_gap(signed_in, routine):
    middle = routine.items.get(position=2)
    response = signed_in.post(items_url(routine, "delete_item", middle), headers=HTMX)
    html = response.content.decode()
    assert positions(routine) == [("clamshell", 1), ("pigeon-stretch", 2)]
    assert "Removed Goblet squat." in html and 'data-routine-focus="undo-button"' in html
    assert 'id="undo-button"' in html


def test_removing_with_a_plain_post_redirects(signed_in, routine):
    item = routine.items.get(position=1)
    response = signed_in.post(items_url(routine, "delete_item", item))
    assert response.status_code == 302
    assert len(positions(routine)) == 2


# Presets.


def test_applying_a_preset_redoses_the_items_on_their_preset_dose(signed_in, routine):
    response = signed_in.post(
        reverse("routines:preset", args=[routine.pk]), {"level": "advanced_heavy"}, headers=HTMX
    )
    html = response.content.decode()
    # Only the loadable squat has another dose at this preset.
    assert "Set the dose preset to Heavy weights: re-dosed 1 exercise." in html
    assert 'id="undo-button"' in html
    assert "3-4 x 4-6, twice a week" in html
    routine.refresh_from_db()
    assert routine.level == "advanced_heavy"


def test_an_unknown_preset_is_refused_beside_the_field(signed_in, routine):
    before = doses(routine)
    url = reverse("routines:preset", args=[routine.pk])
    response = signed_in.post(url, {"level": "olympic"})
    assert response.status_code == 422
    assert 'id="preset_level_error"' in response.content.decode()
    assert doses(routine) == before
    routine.refresh_from_db()
    assert routine.level == "beginner"


# Whole-routine actions.


def test_duplicate_opens_the_copy(signed_in, routine):
    response = signed_in.post(
        reverse("routines:duplicate", args=[routine.pk]), {"title": "Copy", "for_whom": ""}
    )
    copy = type(routine).objects.exclude(pk=routine.pk).get()
    assert response["Location"] == copy.get_absolute_url()
    assert positions(copy) == positions(routine)


def test_archive_hides_and_unarchive_brings_back(signed_in, routine):
    url = reverse("routines:archive", args=[routine.pk])
    response = signed_in.post(url, {"archived": "1"})
    assert response["Location"] == reverse("routines:list")
    routine.refresh_from_db()
    assert routine.archived
    assert signed_in.post(url, {"archived": "0"})["Location"] == routine.get_absolute_url()
    routine.refresh_from_db()
    assert not routine.archived


def test_archive_with_a_bad_value_changes_nothing(signed_in, routine):
    response = signed_in.post(reverse("routines:archive", args=[routine.pk]), {"archived": "x"})
    assert response.status_code == 422
    routine.refresh_from_db()
    assert not routine.archived


def test_share_issues_and_revokes_the_link(signed_in, routine):
    url = reverse("routines:share", args=[routine.pk])
    signed_in.post(url, {"action": "issue"})
    routine.refresh_from_db()
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    assert f"http://testserver/r/{routine.share_token}/" in html
    # Stopping asks first, on a page of its own at the share address (GET: the builder's
    # link, or a POST without confirm=yes redirected there); nothing changes yet.
    assert f'href="{url}">Stop sharing</a>' in html
    assert signed_in.post(url, {"action": "revoke"})["Location"] == url
    asked = signed_in.get(url)
    assert asked.status_code == 200
    assert "Stop sharing" in asked.content.decode() and 'value="yes"' in asked.content.decode()
    assert "no-store" in asked["Cache-Control"]
    routine.refresh_from_db()
    assert routine.share_token is not None
    done = signed_in.post(url, {"action": "revoke", "confirm": "yes"})
    assert done["Location"] == f"{routine.get_absolute_url()}#share-stopped"
    routine.refresh_from_db()
    assert routine.share_token is None
    assert signed_in.post(url, {"action": "publish"}).status_code == 422


def test_back_to_the_stop_sharing_step_after_stopping_says_it_has_stopped(signed_in, routine):
    url = reverse("routines:share", args=[routine.pk])
    services.routine_share(routine=routine)
    signed_in.get(url)
    signed_in.post(url, {"action": "revoke", "confirm": "yes"})
    again = signed_in.get(url).content.decode()  # Back, or a reload
    assert "is not shared" in again and views.SHARING_ALREADY_STOPPED in again
    assert 'value="yes"' not in again and "Stop sharing" not in again
    # Its button pressed from a page drawn before: nothing to do, and it says so.
    late = signed_in.post(url, {"action": "revoke", "confirm": "yes"}, follow=True)
    assert late.redirect_chain == [(f"{routine.get_absolute_url()}#share-stopped", 302)]
    assert views.SHARING_ALREADY_STOPPED in late.content.decode()


def test_sharing_with_htmx_redirects_the_same_way(signed_in, routine):
    url = reverse("routines:share", args=[routine.pk])
    services.routine_share(routine=routine)
    asked = signed_in.post(url, {"action": "revoke"}, headers=HTMX)
    assert asked["Location"] == url
    done = signed_in.post(url, {"action": "revoke", "confirm": "yes"}, headers=HTMX)
    assert done["Location"] == f"{routine.get_absolute_url()}#share-stopped"


def test_a_new_link_asks_first_and_says_the_old_link_stops_working(signed_in, routine):
    """QA: "Make a new link" killed the runner's saved link at once, beside Copy link."""
    url = reverse("routines:share", args=[routine.pk])
    old = services.routine_share(routine=routine)
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    assert f'href="{url}?new=1">Make a new link</a>' in html
    # A POST without confirm=yes (an old page's form) is sent to the step; nothing changes.
    assert signed_in.post(url, {"action": "issue"})["Location"] == f"{url}?new=1"
    asked = signed_in.get(f"{url}?new=1")
    assert asked.status_code == 200 and "no-store" in asked["Cache-Control"]
    page = asked.content.decode()
    assert "Make a new link for" in page and "stops working at once" in page
    assert 'name="action" value="issue"' in page and 'value="yes"' in page
    assert "Keep the current link" in page
    routine.refresh_from_db()
    assert routine.share_token == old
    done = signed_in.post(url, {"action": "issue", "confirm": "yes"}, headers=HTMX)
    assert done["Location"] == f"{routine.get_absolute_url()}#share-now"
    routine.refresh_from_db()
    assert routine.share_token not in (None, old)
    builder = signed_in.get(done["Location"]).content.decode()
    assert "the earlier link no longer works" in builder


def _confirm_step_text(html: str) -> str:
    """The words of a confirmation step's card (routines/confirm.html), tags dropped."""
    card = html.split('<section class="confirm-step', 1)[1].split(">", 1)[1]
    card = card.split("</section>", 1)[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", card)).split())


@pytest.mark.parametrize("step", ["?new=1", ""], ids=["new link", "stop sharing"])
def test_each_step_that_ends_a_link_says_what_stops_working(signed_in, routine, step):
    """Tester on a phone: "Make a new link" withdrew the old link without saying that a
    runner with the log form open loses their entry or that printed sheets and PDFs carry the
    old link's QR code. Both steps that end a working link say so, shortly."""
    url = reverse("routines:share", args=[routine.pk])
    services.routine_share(routine=routine)
    text = _confirm_step_text(signed_in.get(f"{url}{step}").content.decode())
    assert "What stops working at once:" in text
    assert "The runner's link" in text
    assert "an entry they are filling in but have not sent is not saved" in text
    assert "Sheets and PDFs printed until now: their QR code opens that link." in text
    assert "Their log stays here." in text
    assert len(text) < 420, text  # short enough to read before deciding
    if step:
        # Stopped in another window: the step makes a first link and warns of nothing.
        services.routine_unshare(routine=routine)
        text = _confirm_step_text(signed_in.get(f"{url}{step}").content.decode())
        assert "so no link stops working" in text
        assert "QR code" not in text and "not saved" not in text


def test_a_first_share_link_is_made_at_once(signed_in, routine):
    """Fresh tester: the very first link said "any earlier link no longer works" though there
    was none. It says so only when a link was replaced (above)."""
    url = reverse("routines:share", args=[routine.pk])
    response = signed_in.post(url, {"action": "issue"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("#share-now")
    routine.refresh_from_db()
    assert routine.share_token is not None
    page = response.content.decode()
    assert "Made a share link. Anyone who has it can read this routine." in page
    assert "no longer works" not in page


def test_sharing_again_after_stopping_mentions_no_earlier_link(signed_in, routine):
    """After "Stop sharing" the old link already no longer works: a new one replaces nothing."""
    services.routine_share(routine=routine)
    services.routine_unshare(routine=routine)
    url = reverse("routines:share", args=[routine.pk])
    page = signed_in.post(url, {"action": "issue"}, follow=True).content.decode()
    assert "Made a share link." in page and "earlier link" not in page


def test_edit_page_changes_the_details(signed_in, routine):
    url = reverse("routines:edit", args=[routine.pk])
    data = {"title": "Hips, block 2", "for_whom": "J.K.", "level": "advanced_moderate", "notes": ""}
    response = signed_in.post(url, data)
    assert response["Location"] == routine.get_absolute_url()
    routine.refresh_from_db()
    assert (routine.title, routine.for_whom, routine.level) == (
        "Hips, block 2",
        "J.K.",
        "advanced_moderate",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "   ", "level": "beginner"}, "Give the routine a title."),
        ({"title": "x" * 121, "level": "beginner"}, "at most 120 characters"),
        ({"title": "Fine", "level": "expert"}, "not one of the available choices"),
    ],
)
def test_edit_page_refuses_bad_details(signed_in, routine, data, message):
    response = signed_in.post(reverse("routines:edit", args=[routine.pk]), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    routine.refresh_from_db()
    assert routine.title == "Hips, weeks 1-6"


# Query counts do not grow with the routine.


def count_queries(client, url, **kwargs) -> int:
    miss_fragments()  # a full render's queries, not a cached fragment's
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "headers",
    [{}, {**HTMX, "HX-Target": "routine-panel"}, {**HTMX, "HX-Target": "catalogue-results"}],
    ids=["page", "panel", "catalogue"],
)
def test_the_builder_runs_the_same_queries_for_1_and_40_items(signed_in, coach, headers):
    exercises = make_exercises(40)
    small = make_routine(coach, exercises=exercises[:1])
    large = make_routine(coach, exercises=exercises)
    # Fills the catalogue's cached filter options and each routine's cached items.
    signed_in.get(small.get_absolute_url())
    signed_in.get(large.get_absolute_url())
    small_count = count_queries(signed_in, small.get_absolute_url(), headers=headers)
    assert count_queries(signed_in, large.get_absolute_url(), headers=headers) == small_count


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_the_dose_page_runs_a_few_queries_whatever_the_routines_size(signed_in, coach, headers):
    exercises = make_exercises(40)
    small = make_routine(coach, exercises=exercises[:1])
    large = make_routine(coach, exercises=exercises)
    counts = [
        count_queries(signed_in, items_url(r, "dose_item", r.items.last()), headers=headers)
        for r in (small, large)
    ]
    assert counts[0] == counts[1] <= 3  # the session, the user, the item with its routine


# The cached parts of the page.


def test_a_repeat_view_reads_neither_the_catalogue_nor_the_swaps(signed_in, routine):
    """The catalogue's cards and the routine's items come from their cached fragments: the
    catalogue page and the catalogue's easier/harder links are read only on a miss."""
    url = routine.get_absolute_url()
    signed_in.get(url)
    with (
        mock.patch("routines.views.catalogue_page", wraps=views.catalogue_page) as catalogue,
        mock.patch("routines.views.exercise_versions", wraps=views.exercise_versions) as swaps,
    ):
        html = signed_in.get(url).content.decode()
        assert catalogue.call_count == 0 and swaps.call_count == 0
        assert 'id="add-clamshell"' in html and f'id="item-{routine.items.first().pk}"' in html
        miss_fragments()
        signed_in.get(url)
        # The catalogue's page itself is kept in the cache apart from the fragments (see
        # test_the_catalogue_is_read_once_for_every_routine_and_again_after_an_edit), and so
        # are the routine's items with their swaps until the routine changes (_builder_items).
        assert catalogue.call_count == 0 and swaps.call_count == 0
        signed_in.post(items_url(routine, "move_item", routine.items.last()), {"direction": "up"})
        signed_in.get(url)
        assert catalogue.call_count == 0 and swaps.call_count == 1


def test_a_full_render_reads_the_items_from_the_cache_until_the_routine_changes(signed_in, routine):
    """The panel's items (with their exercises, swaps and thumbnails) are kept in the cache
    under the routine's last change: a full render reads no item, and any change shows at
    once, with or without htmx, and whether or not the fragments are cached."""
    url = routine.get_absolute_url()
    signed_in.get(url)
    miss_fragments()
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.get(url).status_code == 200
    read = [q["sql"].split(".")[0] for q in queries]  # SELECT "<table>"."<column>", ...
    assert 'SELECT "exercises_routine"' in read and 'SELECT "exercises_routineitem"' not in read
    item = routine.items.get(position=2)
    data = dose_data(item, sets="3", work="8-10", coach_note="Slowly, to the count of three")
    signed_in.post(items_url(routine, "edit_item", item), data)
    html = signed_in.get(url).content.decode()
    assert "3 x 8-10, twice a week" in html and "Slowly, to the count of three" in html
    miss_fragments()
    assert "Slowly, to the count of three" in signed_in.get(url).content.decode()
    # Removed with htmx: gone from the panel it answers with and from the next page.
    first = routine.items.get(position=1)
    signed_in.post(items_url(routine, "delete_item", first), headers=HTMX)
    miss_fragments()
    assert f'id="item-{first.pk}"' not in signed_in.get(url).content.decode()
    # The dose preset's note on a move harder than the preset.
    signed_in.post(reverse("routines:preset", args=[routine.pk]), {"level": "advanced"})
    miss_fragments()
    html = signed_in.get(url).content.decode()
    assert routine.items.count() == html.count('class="routine-item card')


def test_a_catalogue_edit_shows_on_the_builder_with_its_items_cached(signed_in, routine):
    """An exercise renamed in the catalogue (a new catalogue version) shows in the panel."""
    url = routine.get_absolute_url()
    signed_in.get(url)
    exercise = routine.items.get(position=1).exercise
    exercise.name = "Clamshell with a pause"
    exercise.save()
    html = signed_in.get(url).content.decode()
    assert ">Clamshell with a pause</a></h3>" in html


def test_a_full_render_reads_the_lookups_cache_once(signed_in, routine):
    """With its fragments missing, the builder reads the lookups' cache once (with Redis
    each read is a round trip): the routine's items with their swaps and thumbnails, the
    catalogue's page with the filter options and, once shared, the link's QR code, together
    (hipcare.fragments.ReadAhead)."""
    assert cache_reads(signed_in, routine.get_absolute_url()) == 1
    services.routine_share(routine=routine)
    assert cache_reads(signed_in, routine.get_absolute_url()) == 1


def test_a_repeat_view_reads_only_its_cached_parts(signed_in, routine):
    """Its parts cached, the builder reads the fragments cache once and the lookups' cache not
    at all (with Redis, each read is a round trip): the dose preset's label, worked out from
    the items' cards, is one of those parts. A change of preset shows at once."""
    services.routine_share(routine=routine)
    url = routine.get_absolute_url()
    signed_in.get(url)
    reads = ("get", "get_many")
    with cache_calls("default", reads) as lookups, cache_calls("fragments", reads) as fragments:
        html = signed_in.get(url).content.decode()
    assert "Dose preset: Starting out" in html
    assert fragments[0] == "get_many" and lookups == []
    signed_in.post(reverse("routines:preset", args=[routine.pk]), {"level": "advanced_heavy"})
    assert "Dose preset: Heavy weights" in signed_in.get(url).content.decode()


def test_a_coach_never_sees_another_coachs_cached_items(client, coach, other_coach, clamshell):
    """Each routine's cached items are its own: another coach's builder shows theirs, and
    the first coach's routine stays a 404 to them."""
    mine = make_routine(coach, exercises=[clamshell])
    theirs = make_routine(other_coach, exercises=[make_exercise("Side plank")])
    mine_item, theirs_item = mine.items.get(), theirs.items.get()
    client.force_login(coach)
    assert f'id="item-{mine_item.pk}"' in client.get(mine.get_absolute_url()).content.decode()
    client.force_login(other_coach)
    miss_fragments()
    html = client.get(theirs.get_absolute_url()).content.decode()
    assert f'id="item-{theirs_item.pk}"' in html and f'id="item-{mine_item.pk}"' not in html
    assert client.get(mine.get_absolute_url()).status_code == 404


def test_a_repeat_view_reads_no_item_and_no_log_when_nothing_is_logged(signed_in, routine):
    """With the panel's list cached, the item count comes with the routine's row and an empty
    log is known from it too: neither the items nor the sessions are read."""
    url = routine.get_absolute_url()
    signed_in.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = signed_in.get(url).content.decode()
    read = [re.match(r'SELECT "(\w+)"', query["sql"]) for query in queries]
    tables = {found[1] for found in read if found}
    assert not tables & {"exercises_routineitem", "routines_sessionlog"}, tables
    assert '<span id="routine-count">3</span>' in html and "No sessions logged yet" in html


def test_the_count_follows_a_change_at_once_with_the_list_cached(signed_in, routine, clamshell):
    url = routine.get_absolute_url()
    signed_in.get(url)  # the list as it was, now cached
    services.routine_add_item(routine=routine, exercise=clamshell)
    html = signed_in.get(url).content.decode()
    assert '<span id="routine-count">4</span>' in html and "4 exercises" in html
    assert len(re.findall(r'<li id="item-\d+"', html)) == 4
    routine.items.all().delete()
    html = signed_in.get(url).content.decode()
    assert '<span id="routine-count">0</span>' in html and "No exercises yet" in html


def test_the_catalogue_is_read_once_for_every_routine_and_again_after_an_edit(
    signed_in, coach, routine, clamshell
):
    """The builder's page of the catalogue is kept under the catalogue's version and the
    filters: another routine, or this one after a change, reads it from the cache; an edit
    to the catalogue, or other filters, read it afresh, and the cards say what each routine
    holds."""
    other = make_routine(coach, exercises=[clamshell, clamshell])
    with mock.patch("routines.views.catalogue_page", wraps=views.catalogue_page) as catalogue:
        signed_in.get(routine.get_absolute_url())
        html = signed_in.get(other.get_absolute_url()).content.decode()
        assert catalogue.call_count == 1
        assert "In the routine 2 times" in html
        services.routine_add_item(routine=routine, exercise=clamshell)
        html = signed_in.get(routine.get_absolute_url()).content.decode()
        assert catalogue.call_count == 1
        assert "In the routine 2 times" in html
        clamshell.name = "Clamshell, banded"
        clamshell.save()
        html = signed_in.get(routine.get_absolute_url()).content.decode()
        assert catalogue.call_count == 2
        assert "Clamshell, banded</a>" in html
        html = signed_in.get(routine.get_absolute_url() + "?kind=stretch").content.decode()
        assert catalogue.call_count == 3
        assert f'id="add-{clamshell.slug}"' not in html and 'id="add-pigeon-stretch"' in html


def test_an_htmx_action_draws_the_panel_as_it_is_now_not_as_cached(signed_in, routine):
    """The items list is cached under the routine's version; the action moves the version, so
    the panel it answers with is drawn afresh."""
    signed_in.get(routine.get_absolute_url())  # the list as it was, now cached
    last = routine.items.get(position=3)
    html = signed_in.post(
        items_url(routine, "move_item", last), {"direction": "up"}, headers=HTMX
    ).content.decode()
    shown = [int(pk) for pk in re.findall(r'<li id="item-(\d+)"', html)]
    assert shown == list(routine.items.order_by("position").values_list("pk", flat=True))
    assert shown.index(last.pk) == 1
    assert f'name="place-{last.pk}" id="place-{last.pk}" value="2"' in html


def test_each_view_gets_its_own_token_and_keys_around_the_cached_parts(coach, routine):
    """The cached cards and items hold no token and no one-time key: the shared forms that
    carry them are drawn for each view."""
    first, second = Client(), Client()
    for client in (first, second):
        client.force_login(coach)
    pages = [client.get(routine.get_absolute_url()).content.decode() for client in (first, second)]
    for html in pages:
        for form in ("catalogue-add", "item-actions"):
            assert f'<form id="{form}" method="post"' in html
    keys = [set(re.findall(r'name="submission" value="([^"]+)"', html)) for html in pages]
    assert keys[0] and not keys[0] & keys[1]
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html) for html in pages]
    assert len(set(tokens[0])) == 1 and set(tokens[0]) != set(tokens[1])


@pytest.mark.parametrize("script_prefix", ["/", "/clinic/"])
def test_item_addresses_match_reverse_under_a_script_prefix(routine, script_prefix):
    """The builder builds its items' addresses from one reverse() of the routine's items/
    address; they must be what reverse() gives for each, script prefix and all."""
    from django.urls import set_script_prefix

    from routines.views import ITEM_URL_NAMES, item_urls

    set_script_prefix(script_prefix)
    try:
        urls = item_urls(routine)
        for item in routine.items.all():
            for key, name in ITEM_URL_NAMES.items():
                assert urls(item.pk)[key] == reverse(f"routines:{name}", args=[routine.pk, item.pk])
            assert urls(item.pk)["move"].startswith(f"{script_prefix}routines/")
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("script_prefix", ["/", "/hipcare/"])
def test_the_builders_own_addresses_are_what_reverse_gives(routine, script_prefix):
    """builder.html's links and forms take their addresses from builder_urls (one reverse()
    and a suffix each); they must be what reverse() gives for each, script prefix and all."""
    from django.urls import set_script_prefix

    from routines.views import BUILDER_URL_SUFFIXES, builder_urls

    set_script_prefix(script_prefix)
    try:
        urls = builder_urls(routine)
        assert urls["builder"] == reverse("routines:builder", args=[routine.pk])
        for name in BUILDER_URL_SUFFIXES:
            assert urls[name] == reverse(f"routines:{name}", args=[routine.pk])
        assert urls["edit"].startswith(f"{script_prefix}routines/")
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("level", ["beginner", "advanced_heavy"])
def test_the_preset_drop_down_is_what_django_draws_for_the_preset_form(signed_in, routine, level):
    """builder.html writes the preset's drop-down out (no widget template per option); it must
    be the markup Django's widget gives PresetForm, the routine's preset chosen."""
    from django.template.loader import render_to_string

    from routines.forms import PresetForm

    routine.level = level
    routine.save()
    html = signed_in.get(routine.get_absolute_url()).content.decode()
    drawn = render_to_string(
        "routines/_field.html", {"field": PresetForm(initial={"level": level})["level"]}
    )

    def squeezed(markup):
        return re.sub(r">\s+<", "><", markup.strip())

    written = re.search(r'<label[^>]*for="preset_level".*?</select>', html, re.S).group(0)
    assert squeezed(written) == squeezed(drawn)
    assert f'<option value="{level}" selected>' in written


def test_a_weights_preset_that_doses_no_exercise_is_not_the_routines_label(signed_in, coach):
    """Heavy weights on a routine of a body-weight move and a stretch re-doses nothing: the
    builder says so and why, and does not go on labelling the routine Heavy weights."""
    routine = make_routine(
        coach,
        exercises=[make_exercise("Clamshell"), make_exercise("Pigeon", kind="stretch")],
    )
    response = signed_in.post(
        reverse("routines:preset", args=[routine.pk]), {"level": "advanced_heavy"}, headers=HTMX
    )
    html = unescape(response.content.decode())
    assert "no dose changed. It doses none of this routine's exercises: none of them " in html
    assert "Dose preset: Heavy weights" not in html
    assert 'hx-swap-oob="innerHTML:#routine-preset">No dose preset in use (Heavy weights' in html
    page = unescape(signed_in.get(routine.get_absolute_url()).content.decode())
    assert "No dose preset in use (Heavy weights doses none of these exercises: none" in page
    assert "Dose preset: Heavy weights" not in page


def test_a_weights_preset_label_says_how_many_exercises_it_doses(signed_in, routine):
    signed_in.post(reverse("routines:preset", args=[routine.pk]), {"level": "advanced_heavy"})
    page = unescape(signed_in.get(routine.get_absolute_url()).content.decode())
    assert "Dose preset: Heavy weights, for 1 of 3 exercises" in page


@pytest.mark.parametrize("changed", [0, 1, 2])
@pytest.mark.parametrize("kept", [0, 1, 2])
def test_the_preset_notice_reads_as_a_sentence_for_every_count(changed, kept):
    """Fresh tester: applying a preset that changed nothing said "re-dosed 0 exercises"."""
    from routines.views import preset_notice

    notice = preset_notice("Light", changed=changed, kept=kept)
    assert notice.startswith("Set the dose preset to Light: ") and notice.endswith(".")
    assert "re-dosed 0" not in notice and " 1 exercises" not in notice
    assert ("no dose changed" in notice) == (changed == 0)
    assert (f"left {kept} you had changed" in notice) == bool(kept)


@pytest.mark.parametrize("number", ["999999999999999999", "9" * 40])
def test_a_catalogue_page_number_past_any_offset_shows_the_builder(signed_in, routine, number):
    """Tester: the builder with ?page=9999999999999999999999 gave a 500 (an OFFSET past 64
    bits); it shows the catalogue's last page instead."""
    response = signed_in.get(routine.get_absolute_url(), {"page": number})
    assert response.status_code == 200
    catalogue = response.content.decode().split('id="catalogue-results"')[1]
    assert "Pigeon stretch" in catalogue.split('id="routine-panel"')[0]


def test_a_repeat_view_writes_its_static_links_from_its_cached_parts(signed_in, routine):
    """Each {% static %} asks the storage for a file's hashed name: the builder's links to its
    stylesheets and scripts (base.html's and its own) come with its other cached parts, in
    the same read, and are the links a full render draws."""
    from django.templatetags.static import StaticNode

    url = routine.get_absolute_url()
    miss_fragments()
    drawn = signed_in.get(url).content.decode()
    with mock.patch.object(StaticNode, "handle_simple", wraps=StaticNode.handle_simple) as asked:
        cached = signed_in.get(url).content.decode()
    assert asked.call_count == 0

    def links(html: str) -> list[str]:
        return re.findall(r"<(?:link|script)[^>]*>", html)

    assert links(cached) == links(drawn)
    assert any("css/routines.css" in link for link in links(cached))
    assert any("js/routine-builder.js" in link for link in links(cached))
    assert any("css/hipcare.css" in link for link in links(cached))


def test_the_builder_reads_its_routine_and_item_count_without_grouping(signed_in, coach, routine):
    """The routine's number of items comes in its own query as a subquery count: a Count over
    a join made the query GROUP BY every column of the routine and each of its other
    annotations (the log's, the catalogue's version), compiled again for it. The count is the
    routine's, none for an empty one."""
    empty = make_routine(coach)
    for shown, expected in ((routine, routine.items.count()), (empty, 0)):
        with CaptureQueriesContext(connection) as queries:
            html = signed_in.get(shown.get_absolute_url()).content.decode()
        read = [q["sql"] for q in queries.captured_queries if "item_total" in q["sql"]]
        assert len(read) == 1 and "GROUP BY" not in read[0].upper()
        assert f'<span id="routine-count">{expected}</span>' in html
