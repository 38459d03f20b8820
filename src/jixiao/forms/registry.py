"""The registry of forms: every form jixiao reads and lays out, each in one home.

A form (``Form``) is one kind of table a jurisdiction prints: its id is the template id written into
``Evaluation.template`` (``hunan-project``), its family the folder under ``jixiao.forms`` that holds
its reader and its layout side by side. Each family's ``__init__`` lists its forms in ``FORMS``;
``_FAMILIES`` below names the families in detection order, the generic reader last. Nothing outside a
family's folder names its template ids: the loader, the scorer and the renderer ask this registry.

Families are imported on the first lookup, not when this module is: a family's layout imports the
render stage, which asks this registry, so importing them here would be circular.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from jixiao.model.dossier import BasicData, Dossier, Evaluation, FigureTable, ListRow, Rubric, Val
from jixiao.model.grid import Block, Grid, GridTable

FormKind = Literal["evaluation", "rubric", "basic_data", "fund_list", "figures", "dept_report"]
Outline = Literal["overall", "final_accounts"]

# Province (and shared) families in detection order; one line per family. ``generic`` is added last
# when its folder exists.
_FAMILIES = ("common", "hunan", "zhuzhou", "hubei", "yueyang")
_GENERIC = "generic"


@dataclass(frozen=True)
class Reading:
    """What a table reader found in one table, for forms that yield more than one evaluation."""

    evaluations: tuple[Evaluation, ...] = ()
    rubrics: tuple[Rubric, ...] = ()
    basic_data: BasicData | None = None
    fund_list: tuple[ListRow, ...] | None = None
    figures: tuple[FigureTable, ...] = ()
    facts: tuple[tuple[str, Val], ...] = ()


Detect = Callable[[GridTable], bool]
# read(file, table, title): the table read, or None when it is not this form after all (the next form
# is then asked). An evaluation form may return the ``Evaluation`` itself.
Read = Callable[[str, GridTable, str], "Evaluation | Reading | None"]
# read_text(grid): every form of this kind in a line-based grid (text converted from PDF).
ReadText = Callable[[Grid], tuple[Evaluation, ...]]
# layout(evaluation, dossier, figures): the form's blocks as printed; ``figures`` are the dossier's
# per-institution tables not printed yet, for a form that prints them inside itself (a dept report).
Layout = Callable[[Evaluation, Dossier, Sequence[FigureTable]], list[Block]]


@dataclass(frozen=True)
class Form:
    """One form. ``detect``/``read`` read it from a grid table, ``read_text`` from PDF text lines,
    ``layout`` prints it (None: the default evaluation layout), ``pack`` is its default rule pack.

    Forms of one family that share one table layout (项目/单位/部门) share ``detect`` and ``read``: the
    reader tells which of them a table is and writes that form's id; the loader asks it once.
    A ``dept_report`` is named by the document's unit (the 部门（单位）名称 line above it): the loader
    fills the evaluation's ``name`` when the reader leaves it empty.
    """

    id: str
    family: str
    kind: FormKind
    label: str
    detect: Detect | None = None
    read: Read | None = None
    read_text: ReadText | None = None
    layout: Layout | None = None
    pack: str | None = None
    outline: Outline = "overall"  # the report outline its narrative draft follows


def _family_forms(name: str, optional: bool = False) -> tuple[Form, ...]:
    module_name = f"jixiao.forms.{name}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if optional and exc.name == module_name:
            return ()
        raise
    found = tuple(getattr(module, "FORMS", ()))
    for form in found:
        if not isinstance(form, Form):
            raise TypeError(f"{module_name}.FORMS holds {form!r}, not a Form")
    return found


@cache
def forms() -> tuple[Form, ...]:
    """Every registered form, in detection order (the generic reader last)."""
    found = [form for family in _FAMILIES for form in _family_forms(family)]
    found.extend(_family_forms(_GENERIC, optional=True))
    return tuple(found)


@cache
def forms_for_grid() -> tuple[Form, ...]:
    """The forms to ask about a grid table, in detection order; of forms sharing one reader, the first."""
    seen: set[tuple[Detect, Read]] = set()
    out: list[Form] = []
    for form in forms():
        if form.detect is None or form.read is None:
            continue
        key = (form.detect, form.read)
        if key not in seen:
            seen.add(key)
            out.append(form)
    return tuple(out)


@cache
def forms_for_text() -> tuple[Form, ...]:
    """The forms read from PDF text lines, in detection order; of forms sharing one reader, the first."""
    seen: set[ReadText] = set()
    out: list[Form] = []
    for form in forms():
        if form.read_text is not None and form.read_text not in seen:
            seen.add(form.read_text)
            out.append(form)
    return tuple(out)


@cache
def _by_id() -> dict[str, Form]:
    table: dict[str, Form] = {}
    for form in forms():
        table.setdefault(form.id, form)
    return table


def form_by_id(template: str) -> Form | None:
    """The form whose id is ``template``; None for a template no family registers."""
    return _by_id().get(template)


def family_of(template: str) -> str | None:
    form = form_by_id(template)
    return form.family if form is not None else None


def form_of_kind(kind: FormKind) -> Form:
    """The first registered form of ``kind`` (the one form of a kind that has no template field in the
    dossier, e.g. the 基础数据表 or the 评分表)."""
    for form in forms():
        if form.kind == kind:
            return form
    raise LookupError(f"no form of kind {kind!r} is registered")


def as_reading(found: Evaluation | Reading) -> Reading:
    return Reading(evaluations=(found,)) if isinstance(found, Evaluation) else found
