"""The error summary above a step sent back: its questions in the order the page asks them,
each a link to an input on the page, and the focus on it when it arrives
(hipcare/errorsummary.py)."""

import re

import pytest
from django.urls import reverse

from triage import rules

pytestmark = pytest.mark.django_db
URL = reverse("triage:form")
HTMX = {"HX-Request": "true"}


def earlier_steps_answered() -> dict:
    """Steps 1 and 2 answered, every warning sign on them "no", as a step's hidden fields carry
    them."""
    data = {"age": "34", "weight_bearing": "full", "severity": "3", "pregnancy": "no"}
    for step in rules.STEPS[:2]:
        for name in step.questions:
            data.setdefault(name, "no")
    data["asked"] = [name for step in rules.STEPS[:2] for name in step.questions]
    return data


SUMMARY = r'<div class="alert alert-danger[^"]*" role="alert"[^>]*>'


def summary(page: str) -> str:
    found = re.search(SUMMARY + r".*?</div>", page, re.S)
    assert found, "no error summary on the page"
    return found.group(0)


def linked_ids(page: str) -> list[str]:
    return re.findall(r'href="#([^"]+)"', summary(page))


def test_the_summary_lists_the_questions_in_the_order_the_step_asks_them(client):
    # A number typed wrong is found before the questions left blank: it still comes in its place.
    data = earlier_steps_answered()
    data["asked"] += list(rules.STEPS[2].questions)
    data.update(step="3", duration_days="two weeks")
    response = client.post(URL, data)
    assert response.status_code == 422
    page = response.content.decode()
    ids = linked_ids(page)
    assert ids[:4] == ["id_location_0", "id_onset_0", "id_duration_days", "id_improving_0"]
    signs = [name for name in rules.STEPS[2].questions if name in rules.SIGN_FIELDS]
    assert ids[4:] == [f"id_{name}_0" for name in signs]
    # Each link goes to an input on the page, and the page shows them in the same order.
    positions = [page.index(f'id="{anchor}"') for anchor in ids]
    assert positions == sorted(positions)


def test_every_link_in_the_summary_goes_to_a_question_on_the_page(client):
    # "Change my answers" sent with a wrong age (step 1) and a wrong number of days (step 3):
    # it comes back whole, every question with what was entered, and its summary names both,
    # in the order the page shows them.
    data = earlier_steps_answered()
    data.update(
        age="thirty",
        location="outer_side",
        onset="gradual",
        duration_days="many",
        improving="yes",
    )
    data["asked"] += ["location", "onset", "duration_days", "improving"]
    response = client.post(URL, data)
    assert response.status_code == 422
    page = response.content.decode()
    ids = linked_ids(page)
    assert ids == ["id_age", "id_duration_days"]
    assert 'value="thirty"' in page and 'value="many"' in page
    assert "Change your answers" in page
    for anchor in ids:
        assert f'id="{anchor}"' in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["whole page", "htmx"])
def test_the_summary_takes_the_focus_with_and_without_htmx(client, headers):
    response = client.post(URL, {"asked": ["age", "weight_bearing"], "age": "40"}, headers=headers)
    assert response.status_code == 422
    tag = re.search(SUMMARY, response.content.decode())
    assert tag, "no error summary"
    # autofocus: a page loaded whole, even without JavaScript; data-autofocus: after a swap.
    assert " autofocus" in tag.group(0) and "data-autofocus" in tag.group(0)
    assert 'tabindex="-1"' in tag.group(0)
    # The step's heading does not compete for it.
    heading = re.search(r'<h1 id="step-heading"[^>]*>', response.content.decode()).group(0)
    assert "autofocus" not in heading
