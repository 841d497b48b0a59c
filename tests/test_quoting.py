"""Labels quoted mid-sentence (hipcare/quoting.py), wherever they are quoted."""

import pytest

from hipcare.quoting import lower_first
from triage.templatetags.triage_tags import lower_first as lower_first_filter


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("I have a temperature", "I have a temperature"),
        ("I've had a fall", "I've had a fall"),
        ("I\u2019m limping", "I\u2019m limping"),
        ("TFL and IT band", "TFL and IT band"),
        ("HipCare", "HipCare"),
        ("The hip is swollen", "the hip is swollen"),
        ("In the groin", "in the groin"),
        ("Itchy skin", "itchy skin"),
        ("", ""),
    ],
)
def test_lower_first_keeps_the_capitals_that_belong_to_the_word(label, expected):
    assert lower_first(label) == expected
    assert lower_first_filter(label) == expected
