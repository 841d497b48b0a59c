"""Form widgets that render their HTML in Python instead of through a template.

Django renders every widget through three small templates; on a page with a hundred inputs
(the routine builder once rendered every item's dose form) that was most of the page's time.
These produce the same markup as Django's `input.html`/`attrs.html` for plain inputs.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html


class FastInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value_attr = ""
        if widget["value"] is not None:
            value_attr = format_html(' value="{}"', str(widget["value"]))
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            value_attr,
            flatatt(widget["attrs"]),
        )


class FastNumberInput(FastInputMixin, forms.NumberInput):
    pass


class FastTextInput(FastInputMixin, forms.TextInput):
    pass
