"""An audit of the documentation the staff and the next developer rely on.

Every model says what a record is in its `__str__`, every field an editor fills explains itself
in `help_text`, and every module opens with a docstring of its purpose.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from simple_history.models import HistoricalChanges

PROJECT_ROOT = Path(__file__).resolve().parent.parent
AUDITED_APPS = ("newsroom", "sources", "timeline")


def audited_models() -> list[type[models.Model]]:
    """The project's own models. The history tables django-simple-history generates for each of
    them are the library's, with the library's fields, so they are left out."""
    return [
        model
        for label in AUDITED_APPS
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, HistoricalChanges)
    ]


def editor_facing_fields(model: type[models.Model]) -> list[models.Field]:
    """Fields a person fills in a form: editable, declared, and not the primary key."""
    return [
        field
        for field in [*model._meta.fields, *model._meta.many_to_many]
        if field.editable and not field.auto_created and field.name != "id"
    ]


def audited_modules() -> list[Path]:
    """Python modules of the project's apps, leaving out migrations and empty package markers."""
    return sorted(
        path
        for app in AUDITED_APPS
        for path in (PROJECT_ROOT / app).rglob("*.py")
        if "migrations" not in path.relative_to(PROJECT_ROOT).parts
        and path.read_text(encoding="utf-8").strip()
    )


def test_the_audit_sees_the_domain_models_and_the_records_of_review():
    names = {model.__name__ for model in audited_models()}
    assert {"Source", "Quote", "Appearance", "Person", "Claim", "Event"} <= names
    assert {"Review", "ReviewEvidence", "Correction"} <= names


@pytest.mark.parametrize("model", audited_models(), ids=lambda model: model._meta.label)
def test_every_model_defines_its_own_str(model):
    assert model.__str__ is not models.Model.__str__, (
        f"{model._meta.label} has no __str__: the admin and history would show “object (uuid)”."
    )


@pytest.mark.parametrize("model", audited_models(), ids=lambda model: model._meta.label)
def test_every_editor_facing_field_has_help_text(model):
    missing = [
        field.name for field in editor_facing_fields(model) if not str(field.help_text).strip()
    ]
    assert missing == [], f"{model._meta.label} fields without help_text: {missing}"


@pytest.mark.parametrize(
    "path", audited_modules(), ids=lambda path: str(path.relative_to(PROJECT_ROOT))
)
def test_every_module_starts_with_a_docstring(path):
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring, f"{path.relative_to(PROJECT_ROOT)} does not start with a docstring."
    assert docstring.splitlines()[0].strip(), "The docstring's first line should say the purpose."
