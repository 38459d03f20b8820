"""The forms jixiao reads and prints, one folder per family, joined by one registry (``registry.py``)."""

from jixiao.forms.registry import (
    Form,
    FormKind,
    Reading,
    family_of,
    form_by_id,
    form_of_kind,
    forms,
    forms_for_grid,
    forms_for_text,
)

__all__ = [
    "Form",
    "FormKind",
    "Reading",
    "family_of",
    "form_by_id",
    "form_of_kind",
    "forms",
    "forms_for_grid",
    "forms_for_text",
]
