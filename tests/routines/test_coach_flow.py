"""Three coach workflow faults a fresh tester found on a phone.

1. A copy kept "For: Anna" and was titled "Copy of " and the title cut mid-word at 120
   characters: two copies read alike in the "need a look" list, both with alerts, so a coach
   could check in with the wrong runner. Duplicating now asks (title, who it is for: empty,
   the original's runner named beside it), fits "Copy of ..." at a word boundary with an
   ellipsis, and the list names who each routine is for.
2. On a phone the runner's log alert sat below the share panel (link and QR code). While the
   log has an alert, its panel comes before the share panel.
3. The builder offered the PDF in one size; it offers both, the coach's zone's own first."""

import re
import subprocess
from html import unescape

import pytest
from django.urls import reverse

from hipcare.submissions import FIELD_NAME
from hipcare.text import fit_words
from routines import services
from routines.models import Routine
from tests.routines.conftest import log_session, make_routine

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
LONG = (
    "Hip strength for the spring marathon block, weeks one to six, with a gentle return "
    "after the half and a very long title"
)


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def anna(coach, clamshell, squat):
    return make_routine(coach, title=LONG, for_whom="Anna", exercises=[clamshell, squat])


def duplicate_url(routine: Routine) -> str:
    return reverse("routines:duplicate", args=[routine.pk])


def words_of(text: str) -> list[str]:
    return text.split()


# 1. Duplicating asks, and never cuts a word.


def test_fit_words_cuts_at_a_word_boundary_with_an_ellipsis():
    assert fit_words("short enough", 20) == "short enough"
    assert fit_words("one two three four", 12) == "one two…"
    assert fit_words("one, two three", 8) == "one…"  # no stray comma before the ellipsis
    # One word longer than the whole limit: cut (there is no boundary), still marked.
    assert fit_words("x" * 30, 10) == "x" * 9 + "…"


def test_a_long_title_s_copy_fits_the_field_without_cutting_a_word():
    limit = Routine._meta.get_field("title").max_length
    assert len("Copy of " + LONG) > limit
    title = services.copy_title(LONG)
    assert len(title) <= limit and title.endswith("…")
    kept = words_of(title.removesuffix("…"))
    # Every word kept whole: the words of "Copy of <title>" up to the cut, the last one too.
    assert kept == words_of("Copy of " + LONG)[: len(kept)]
    assert services.copy_title("Hips") == "Copy of Hips"


def test_duplicate_asks_first_with_the_title_offered_and_who_it_is_for_empty(signed_in, anna):
    response = signed_in.get(duplicate_url(anna))
    assert response.status_code == 200
    html = response.content.decode()
    assert Routine.objects.count() == 1  # nothing made by asking
    title = re.search(r'<input type="text" name="title" value="([^"]*)"', html)
    assert unescape(title[1]) == services.copy_title(LONG)
    for_whom = re.search(r'<input type="text" name="for_whom"[^>]*>', html)[0]
    assert "value=" not in for_whom  # empty: the coach names the copy's runner
    # Labelled fields, and the original's runner named beside the empty one.
    assert '<label class="form-label mb-1 small" for="id_title">Title of the copy</label>' in html
    assert '<label class="form-label mb-1 small" for="id_for_whom">Who the copy is for</label>' in (
        html
    )
    assert 'aria-describedby="id_for_whom_helptext"' in for_whom
    assert "The original is for Anna: name the runner this copy is for" in html
    assert "<html" in html  # the page of its own, without JavaScript


def test_the_copy_takes_the_title_and_runner_given_and_a_double_submit_makes_one(signed_in, anna):
    data = {"title": "Hips for Ben", "for_whom": "Ben", FIELD_NAME: "c" * 24}
    first = signed_in.post(duplicate_url(anna), data)
    second = signed_in.post(duplicate_url(anna), data)
    copy = Routine.objects.exclude(pk=anna.pk).get()  # one copy
    assert (copy.title, copy.for_whom) == ("Hips for Ben", "Ben")
    assert first["Location"] == second["Location"] == copy.get_absolute_url()
    assert copy.items.count() == 2


def test_a_copy_left_for_no_one_does_not_keep_the_original_s_runner(signed_in, anna):
    signed_in.post(duplicate_url(anna), {"title": "Copy A", "for_whom": ""})
    assert Routine.objects.get(title="Copy A").for_whom == ""


def test_the_one_button_form_of_an_older_page_asks_rather_than_copies(signed_in, anna):
    response = signed_in.post(duplicate_url(anna), {FIELD_NAME: "b" * 24})
    assert response["Location"] == duplicate_url(anna)
    assert Routine.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"title": "  ", "for_whom": ""}, "Give the routine a title."),
        ({"title": "Copy", "for_whom": "ben@example.org"}, "That looks like an email address."),
    ],
)
def test_bad_input_is_shown_back_with_its_message(signed_in, anna, data, error):
    response = signed_in.post(duplicate_url(anna), data)
    assert response.status_code == 422
    assert error in response.content.decode()
    assert Routine.objects.count() == 1


def test_with_htmx_the_form_alone_is_fetched_and_sent(signed_in, anna):
    form = signed_in.get(duplicate_url(anna), headers=HTMX).content.decode()
    assert "<html" not in form and f'hx-post="{duplicate_url(anna)}"' in form
    assert "data-autofocus" in form  # the focus goes to the form fetched in
    refused = signed_in.post(duplicate_url(anna), {"title": "", "for_whom": ""}, headers=HTMX)
    assert refused.status_code == 422
    assert "<html" not in refused.content.decode()
    done = signed_in.post(duplicate_url(anna), {"title": "Copy B", "for_whom": "Bo"}, headers=HTMX)
    copy = Routine.objects.get(title="Copy B")
    assert done["HX-Redirect"] == copy.get_absolute_url()


def test_the_builder_s_duplicate_opens_the_step(signed_in, anna):
    html = signed_in.get(anna.get_absolute_url()).content.decode()
    href = re.escape(duplicate_url(anna))
    link = re.search(rf'<a [^>]*href="{href}"[^>]*>Duplicate</a>', html)
    assert link and 'hx-target="#duplicate-slot"' in link[0]
    assert 'id="duplicate-slot"' in html


def test_the_need_a_look_list_names_who_each_routine_is_for(signed_in, anna):
    services.routine_share(routine=anna)
    log_session(anna, days_ago=0, pain=8)
    copy = services.routine_duplicate(routine=anna, owner=anna.owner, for_whom="Ben")
    services.routine_share(routine=copy)
    log_session(copy, days_ago=0, pain=8)
    html = signed_in.get(reverse("routines:list")).content.decode()
    box = html.split('id="needs-a-look"', 1)[1].split("</section>", 1)[0]
    assert "(for <bdi>Anna</bdi>)" in box and "(for <bdi>Ben</bdi>)" in box


# 2. The log's alert before the share panel.


def test_an_alert_in_the_log_comes_before_the_share_panel(signed_in, anna):
    services.routine_share(routine=anna)
    html = signed_in.get(anna.get_absolute_url()).content.decode()
    assert html.index('id="share"') < html.index('id="follow-up"')  # nothing to look at
    log_session(anna, days_ago=0, pain=8)
    html = signed_in.get(anna.get_absolute_url()).content.decode()
    assert html.count('id="follow-up"') == 1
    assert 'class="alert alert-danger stop-alert"' in html
    assert html.index('id="follow-up"') < html.index('id="share"')


# 3. The PDF in both sizes.


def test_the_builder_offers_the_pdf_in_both_sizes_the_zone_s_own_first(signed_in, anna):
    html = unescape(signed_in.get(anna.get_absolute_url()).content.decode())
    links = re.findall(r'href="([^"]*/pdf/[^"]*)"[^>]*download>Download PDF \(([^)]*)\)', html)
    assert [label for _href, label in links] == ["A4", "US Letter"]
    signed_in.cookies["hipcare_tz"] = "America/Chicago"
    html = unescape(signed_in.get(anna.get_absolute_url()).content.decode())
    links = re.findall(r'href="([^"]*/pdf/[^"]*)"[^>]*download>Download PDF \(([^)]*)\)', html)
    assert [label for _href, label in links] == ["US Letter", "A4"]


@pytest.mark.parametrize(("label", "points"), [("A4", (595, 842)), ("US Letter", (612, 792))])
def test_each_builder_pdf_link_gives_its_paper(signed_in, anna, tmp_path, label, points):
    html = unescape(signed_in.get(anna.get_absolute_url()).content.decode())
    href = re.search(rf'href="([^"]*/pdf/[^"]*)"[^>]*download>Download PDF \({label}\)', html)
    assert href, label
    response = signed_in.get(href[1])
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "sheet.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout)
    assert (round(float(size[1])), round(float(size[2]))) == points
