import re

import pytest
from django import forms

from hipcare.widgets import FastNumberInput, FastTextInput


def attributes(html: str) -> tuple[str, set[str]]:
    """The tag and its attributes, order aside."""
    tag = re.match(r"<(\w+)", html).group(1)
    return tag, set(re.findall(r'\s([\w-]+(?:="[^"]*")?)', html))


@pytest.mark.parametrize(
    ("slow", "fast", "value", "attrs"),
    [
        (
            forms.NumberInput,
            FastNumberInput,
            5,
            {
                "min": 1,
                "max": 10,
                "class": "form-control",
                "required": True,
                "aria-describedby": "x_helptext",
                "aria-invalid": "true",
            },
        ),
        (forms.NumberInput, FastNumberInput, None, {"disabled": False, "class": "a"}),
        (forms.NumberInput, FastNumberInput, "", {}),
        (forms.TextInput, FastTextInput, 'a "quoted" <b>&', {"maxlength": 80}),
    ],
)
def test_fast_widgets_render_what_django_renders(slow, fast, value, attrs):
    expected = slow(attrs=dict(attrs)).render("field", value)
    assert attributes(fast(attrs=dict(attrs)).render("field", value)) == attributes(expected)


def test_fast_widgets_escape_values():
    html = FastTextInput().render("note", '"><script>alert(1)</script>')
    assert "<script>" not in html
    assert "&quot;&gt;&lt;script&gt;" in html
