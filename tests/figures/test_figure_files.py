"""Each figure as its own SVG file (exercises.views.exercise_figure), which catalogue cards,
builder thumbnails and printed sheets show with <img> so the browser keeps it between pages."""

import pytest
from django.urls import reverse

from exercises.catalogue import catalogue_version
from exercises.models import Exercise
from tests.conftest import make_exercise
from tests.figures.test_pages import make_march

pytestmark = pytest.mark.django_db


def figure_url(exercise, which="end") -> str:
    return reverse("exercises:figure", kwargs={"slug": exercise.slug, "which": which})


@pytest.mark.parametrize("which", ["start", "end"])
def test_a_figure_file_is_the_drawing_the_page_would_inline(client, which):
    exercise = make_march()
    response = client.get(figure_url(exercise, which))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.decode() == exercise.figure_svg(which)
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_versioned_url_is_kept_for_a_year_any_other_briefly(client):
    exercise = make_march()
    current = client.get(figure_url(exercise), {"v": catalogue_version()})
    assert current["Cache-Control"] == "public, max-age=31536000, immutable"
    for stale in ({"v": "0"}, {}):
        assert client.get(figure_url(exercise), stale)["Cache-Control"] == "public, max-age=300"


def test_an_edit_moves_the_url_pages_use(client):
    exercise = make_march()
    before = client.get(reverse("exercises:list")).content.decode()
    exercise.figure = {**exercise.figure, "end_alt": "Knee up, held."}
    exercise.save()
    after = client.get(reverse("exercises:list")).content.decode()
    assert f"{figure_url(exercise)}?v={catalogue_version()}" in after
    assert f"{figure_url(exercise)}?v={catalogue_version()}" not in before
    assert 'alt="Knee up, held."' in after


def test_no_figure_an_unpublished_exercise_or_a_bad_name_is_404(client):
    assert client.get(figure_url(make_exercise("Undrawn move"))).status_code == 404
    hidden = make_march("Hidden march", published=False)
    assert client.get(figure_url(hidden)).status_code == 404
    assert client.get(f"/exercises/{make_march().slug}/figure-middle.svg").status_code == 404
    assert client.post(figure_url(make_march("Posted march"))).status_code == 405


def test_an_unpublished_exercise_still_in_a_routine_keeps_its_figure(client, coach):
    from tests.routines.conftest import make_routine

    exercise = make_march()
    make_routine(coach, exercises=[exercise])
    Exercise.objects.filter(pk=exercise.pk).update(published=False)
    assert client.get(figure_url(exercise)).status_code == 200


def test_a_figure_that_can_no_longer_be_drawn_is_404_not_500(client):
    exercise = make_march()
    Exercise.objects.filter(pk=exercise.pk).update(
        figure={**exercise.figure, "end": {"near_knee": 400}}
    )
    assert client.get(figure_url(exercise)).status_code == 404


def test_a_figure_file_costs_two_queries(client, django_assert_num_queries):
    exercise = make_march()
    with django_assert_num_queries(2):  # the exercise, the catalogue version
        client.get(figure_url(exercise), {"v": "1"})


def test_a_figure_image_is_escaped_once_where_it_is_made():
    """figure_images gives each <img>'s values escaped already (SafeStrings), so the pages'
    {% figure_image %} (two dozen on a sheet) escapes nothing again; the <img> is the same,
    its alt text escaped once, not twice."""
    from django.utils.safestring import SafeString

    from exercises.templatetags.exercise_figures import figure_image, figure_images

    exercise = make_march()
    exercise.figure["end_alt"] = 'On one leg, the "lifted" knee high & <level>'
    exercise.save()
    image = figure_images([exercise])[exercise.pk]
    assert all(isinstance(value, SafeString) for value in image)
    html = figure_image(image, "sheet-figure", lazy=False)
    assert 'alt="On one leg, the &quot;lifted&quot; knee high &amp; &lt;level&gt;"' in html
    assert f'src="{figure_url(exercise)}?v={catalogue_version()}"' in html
