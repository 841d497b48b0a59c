"""No text field accepts a value with nothing visible, or bidi controls (issue 15, class 8).

Every form is found, not listed: each form class defined in HipCare's apps, and every admin
form (each registered model's, with its inlines). A new form with a plain CharField fails here.
"""

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.test import RequestFactory
from django.urls import reverse

from hipcare.text import UserTextField, clean_user_text, has_visible_character
from tests.conftest import make_exercise
from tests.routines.conftest import make_routine

OUR_APPS = ("hipcare", "exercises", "triage", "routines")
# Django's own sign-in and password forms: a username or password is not text shown to anyone.
NOT_USER_TEXT = (AuthenticationForm, PasswordChangeForm, SetPasswordForm)

INVISIBLE = [
    "\u200b\u200b\u200b",  # zero-width spaces
    "\u200d",  # zero-width joiner
    "\u200c\u2060\ufeff",  # non-joiner, word joiner, BOM
    "\u200e\u200f",  # direction marks
    "\u202e\u2066",  # an override and an isolate
    "   \t ",
    "\u3000\u00a0",  # ideographic and no-break spaces
    "\u3164\u115f",  # Hangul fillers
    "\u2800",  # braille blank
    "\u0301",  # a combining accent with nothing to sit on
]


def _import_every_module():
    for app in OUR_APPS:
        if not apps.is_installed(app) and app != "hipcare":
            continue
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module.name or ".management" in module.name:
                continue
            importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _our_form_classes():
    _import_every_module()
    return sorted(
        {
            form
            for form in _subclasses(forms.BaseForm)
            if form.__module__.split(".")[0] in OUR_APPS and not issubclass(form, NOT_USER_TEXT)
        },
        key=lambda form: f"{form.__module__}.{form.__qualname__}",
    )


def _admin_forms(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    found = []
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        if model.__module__.split(".")[0] not in OUR_APPS:
            continue
        found.append((f"admin {model.__name__}", model_admin.get_form(request)))
        for inline in model_admin.get_inline_instances(request):
            found.append((f"admin {model.__name__} inline", inline.get_formset(request).form))
    return found


def _text_fields(form_class):
    """The fields a person types free text into."""
    for name, field in form_class.base_fields.items():
        if (
            isinstance(field, forms.CharField)
            and not isinstance(
                field,
                forms.SlugField
                | forms.EmailField
                | forms.URLField
                | forms.RegexField
                | forms.JSONField,
            )
            and not isinstance(field.widget, forms.PasswordInput | forms.HiddenInput)
        ):
            yield name, field


@pytest.fixture
def every_text_field(staff):
    found = []
    for form_class in _our_form_classes():
        found += [
            (f"{form_class.__qualname__}.{name}", field) for name, field in _text_fields(form_class)
        ]
    for label, form_class in _admin_forms(staff):
        found += [(f"{label}.{name}", field) for name, field in _text_fields(form_class)]
    return found


@pytest.mark.django_db
def test_every_text_field_is_found(every_text_field):
    names = {name for name, _field in every_text_field}
    for expected in (
        "RoutineForm.title",
        "RoutineForm.notes",
        "NewRoutineForm.for_whom",
        "RoutineItemForm.coach_note",
        "RoutineFilterForm.q",
        "CatalogueFilterForm.q",
        "admin Exercise.name",
    ):
        assert expected in names


@pytest.mark.django_db
def test_every_text_field_refuses_a_value_with_nothing_visible(every_text_field):
    for name, field in every_text_field:
        assert isinstance(field, UserTextField), f"{name} is a plain {type(field).__name__}"
        for value in INVISIBLE:
            if field.required:
                with pytest.raises(forms.ValidationError):
                    field.clean(value)
            else:
                assert field.clean(value) in field.empty_values, (name, value)


@pytest.mark.django_db
def test_every_text_field_drops_bidi_controls_and_keeps_right_to_left_text(every_text_field):
    for name, field in every_text_field:
        assert field.clean("Hips \u202eevil\u202c \u2067x\u2069") == "Hips evil x", name
        # Right-to-left scripts, emoji with joiners, CJK and accents are all kept as typed.
        text = "מתיחות ירך · تمارين الورك · 髋关节 · 🏃‍♀️ · é"
        if field.max_length is None or len(text) <= field.max_length:
            assert field.clean(text) == text, name


def test_visible_characters():
    assert has_visible_character("a")
    assert has_visible_character("\u200b.\u200b")
    assert has_visible_character("🏃")
    assert has_visible_character("ש")
    assert not any(has_visible_character(value) for value in INVISIBLE)
    assert clean_user_text("\u202ex\u202c") == "x"


@pytest.mark.django_db
def test_a_title_of_zero_width_spaces_is_refused_on_the_page(client, coach):
    client.force_login(coach)
    response = client.post(
        reverse("routines:new"), {"title": "\u200b\u200b\u200b", "level": "beginner"}
    )
    assert response.status_code == 422
    assert "Give the routine a title." in response.content.decode()


@pytest.mark.django_db
def test_editing_a_title_into_invisible_characters_keeps_the_old_one(client, coach):
    routine = make_routine(coach, title="Glutes")
    client.force_login(coach)
    response = client.post(
        reverse("routines:edit", args=[routine.pk]),
        {"title": "\u2800\u3164", "level": "beginner", "for_whom": "\u200d", "notes": ""},
    )
    assert response.status_code == 422
    routine.refresh_from_db()
    assert routine.title == "Glutes"


@pytest.mark.django_db
def test_admin_refuses_an_exercise_name_with_nothing_visible(staff):
    exercise = make_exercise("Clamshell")
    request = RequestFactory().get("/admin/")
    request.user = staff
    form_class = admin.site.get_model_admin(type(exercise)).get_form(request, exercise)
    form = form_class(instance=exercise, data={"name": "\u200b\u200b"})
    assert not form.is_valid()
    assert "name" in form.errors
