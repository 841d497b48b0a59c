"""Browser test: a link inside an alert of any variant the site uses (and the rest of
Bootstrap's) reads at WCAG AA's 4.5:1 against the alert, measured as the browser draws it."""

import pytest

from tests.e2e.conftest import PASSWORD, sign_in
from tests.e2e.test_focus_ring_e2e import _flatten, _over, _rgba, contrast

pytestmark = pytest.mark.django_db(transaction=True)

VARIANTS = ("primary", "secondary", "success", "danger", "warning", "info", "light", "dark")

#: Each link's text colour and the backgrounds behind it (innermost first).
_LINK_COLOURS = """(selector) => [...document.querySelectorAll(selector)].map((link) => {
  const layers = [];
  for (let node = link; node && node.nodeType === 1; node = node.parentElement) {
    layers.push(getComputedStyle(node).backgroundColor);
  }
  return {text: link.textContent.trim(), colour: getComputedStyle(link).color, behind: layers};
})"""


def link_contrasts(page, selector: str) -> dict[str, float]:
    found = page.evaluate(_LINK_COLOURS, selector)
    assert found, f"no link matches {selector}"
    contrasts = {}
    for link in found:
        ground = _flatten(link["behind"])
        contrasts[link["text"]] = round(contrast(_over(_rgba(link["colour"]), ground), ground), 2)
    return contrasts


def test_the_start_a_new_one_link_on_an_empty_list_of_routines_reads_at_4_5_to_1(
    page, live_server, django_user_model
):
    from tests.conftest import make_user

    make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(f"{live_server.url}/routines/")
    contrasts = link_contrasts(page, ".alert a")
    assert contrasts["Start a new one"] >= 4.5, contrasts


def test_a_link_in_every_alert_variant_reads_at_4_5_to_1(page, live_server):
    page.goto(f"{live_server.url}/")
    page.evaluate(
        """(variants) => {
          const box = document.createElement('div');
          box.id = 'alert-samples';
          for (const variant of variants) {
            box.insertAdjacentHTML('beforeend',
              `<div class="alert alert-${variant}">Text <a href="#">${variant}</a></div>`);
          }
          document.querySelector('main').append(box);
        }""",
        list(VARIANTS),
    )
    contrasts = link_contrasts(page, "#alert-samples .alert a")
    assert set(contrasts) == set(VARIANTS)
    assert {variant: c for variant, c in contrasts.items() if c < 4.5} == {}, contrasts
