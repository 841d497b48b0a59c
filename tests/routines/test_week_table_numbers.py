"""The week table's adherence (data-adherence) is written without Django's floatformat
(routines.session_views.two_places: a tenth of the table's cost was floatformat's
localisation lookups), and reads exactly as floatformat(share, 2) did in the site's
English: two decimals, rounded half up on the number's own digits."""

import pytest
from django.template.defaultfilters import floatformat

from routines.monitoring import adherence
from routines.session_views import two_places


def test_every_share_a_week_can_have_reads_as_floatformat_wrote_it():
    for due in range(1, 50):
        for done in range(0, due + 3):
            share = adherence(done, due)
            assert two_places(share) == floatformat(share, 2), (done, due)


@pytest.mark.parametrize("share", [0.0, 1.0, 0.125, 0.375, 0.005, 0.015, 0.995, 2 / 3, 1 / 7])
def test_halves_round_up_as_floatformat_rounds_them(share):
    assert two_places(share) == floatformat(share, 2)
