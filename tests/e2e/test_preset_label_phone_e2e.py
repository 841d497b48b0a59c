"""The dose preset's drop-down on a phone: its options now say which moves a weights preset is
for ("3 x 8-12 on moves that take weights"), and the longer words still fit 390 px."""

import pytest

from tests.conftest import make_exercise, make_user
from tests.e2e.conftest import PASSWORD, sign_in
from tests.routines.conftest import make_routine

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_preset_drop_down_fits_a_phone(browser, live_server, django_user_model):
    coach = make_user(django_user_model, "sam", coach=True, password=PASSWORD)
    routine = make_routine(coach, title="Hips", exercises=[make_exercise("Squat", loadable=True)])
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(f"{live_server.url}{routine.get_absolute_url()}")
        select = page.get_by_label("Dose preset")
        assert "on moves that take weights" in select.inner_text()
        box = select.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        select.select_option("advanced_moderate")
        assert "Moderate weights (3 x 8-12" in select.evaluate(
            "s => s.options[s.selectedIndex].text"
        )
    finally:
        context.close()
