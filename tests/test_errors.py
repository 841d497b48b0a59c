from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def unreachable(*args, **kwargs):
    raise OperationalError("could not connect to server: Connection refused (10.0.0.5:5432)")


def test_a_page_answers_503_with_our_page_when_the_database_is_unreachable(client):
    url = reverse("exercises:list")
    with mock.patch("exercises.views.Exercise.objects.published", side_effect=unreachable):
        response = client.get(url)
    assert response.status_code == 503
    html = response.content.decode()
    assert "HipCare is briefly unavailable" in html
    assert "Nothing you saved is lost" in html
    assert "10.0.0.5" not in html and "Traceback" not in html
    assert response["Retry-After"] == "30"


def test_an_integrity_bug_is_not_disguised_as_a_503(client):
    from django.db import IntegrityError

    url = reverse("exercises:list")
    with (
        mock.patch("exercises.views.Exercise.objects.published", side_effect=IntegrityError("x")),
        pytest.raises(IntegrityError),
    ):
        client.get(url)


def test_unknown_page_is_our_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


@override_settings(DEBUG=False)
def test_server_error_is_our_500_and_reveals_nothing(client):
    client.raise_request_exception = False
    with mock.patch("hipcare.views.render", side_effect=RuntimeError("secret internals")):
        response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "secret internals" not in html


@pytest.mark.parametrize("code", [400, 403, 404, 500, 503])
def test_error_pages_render_with_the_database_down(code):
    from django.template import loader

    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", unreachable):
        html = loader.get_template(f"{code}.html").render()
    assert "HipCare" in html and "not a diagnosis" in html


def test_an_unreadable_database_file_is_a_503_but_a_bad_query_is_not(client):
    import sqlite3

    from django.db import DatabaseError

    url = reverse("exercises:list")
    unreadable = DatabaseError("file is not a database")
    unreadable.__cause__ = sqlite3.DatabaseError("file is not a database")
    with mock.patch("exercises.views.Exercise.objects.published", side_effect=unreadable):
        assert client.get(url).status_code == 503
    bad_query = DatabaseError("ORDER BY not allowed in subqueries of compound statements.")
    with (
        mock.patch("exercises.views.Exercise.objects.published", side_effect=bad_query),
        pytest.raises(DatabaseError),
    ):
        client.get(url)
