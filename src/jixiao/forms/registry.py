"""The registry of forms: every form jixiao reads and lays out, each in one home.

A form (``Form``) is one kind of table a jurisdiction prints: its id is the template id written into
``Evaluation.template`` (``hunan-project``), its family the folder under ``jixiao.forms`` that holds
its reader and its layout side by side. Each family's ``__init__`` lists its forms in ``FORMS``;
``_FAMILIES`` below names the families in detection order, the generic reader last. Nothing outside a
family's folder names its template ids: the loader, the scorer and the renderer ask this registry.

Lazy, for start-up time (issue #14): a family's ``__init__`` declares its forms as data (id, family,
kind, label, pack, outline) and names its reader and layout functions by dotted path
(``"jixiao.forms.hubei.reader:read"``); ``Form.detect``/``read``/``read_text``/``layout`` import them
on first use (then cached). Looking up a form's pack or family (scoring a dossier JSON) imports no
reader, no text recogniser and no render stage; ``form_by_id`` and ``form_of_kind`` import the family
``__init__``s in detection order only as far as the answer (a province's form does not import the
generic family's vocabulary).

Families are imported on the first lookup, not when this module is: each family's ``__init__`` imports
``Form`` from here, so importing them here would be circular.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal, cast

from jixiao.model.dossier import BasicData, Dossier, Evaluation, FigureTable, ListRow, Rubric, Val
from jixiao.model.grid import Block, Grid, GridTable

FormKind = Literal["evaluation", "rubric", "basic_data", "fund_list", "figures", "dept_report"]
Outline = Literal["overall", "final_accounts"]

# Province (and shared) families in detection order; one line per family. ``generic`` is added last
# when its folder exists.
_FAMILIES = ("common", "hunan", "zhuzhou", "hubei", "yueyang", "sangong")
_GENERIC = "generic"
_ORDER = (*_FAMILIES, _GENERIC)  # every family's ``__init__``, in detection order


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


# Where a function lives: "<module>:<name>", e.g. "jixiao.forms.hunan.reader:detect".
Ref = str


@cache
def _resolve(ref: Ref) -> Callable[..., object]:
    """The function ``ref`` names, its module imported on the first call (cached)."""
    module_name, _, name = ref.partition(":")
    target = getattr(importlib.import_module(module_name), name)
    if not callable(target):
        raise TypeError(f"{ref} is not a function")
    return cast("Callable[..., object]", target)


@dataclass(frozen=True)
class Form:
    """One form. ``detect``/``read`` read it from a grid table, ``read_text`` from PDF text lines,
    ``layout`` prints it (None: the default evaluation layout), ``pack`` is its default rule pack.

    The four functions are declared by dotted path (``detect_ref="jixiao.forms.hunan.reader:detect"``)
    and imported when first asked for (``form.detect``): declaring a form imports none of its code.

    Forms of one family that share one table layout (项目/单位/部门) share ``detect`` and ``read``: the
    reader tells which of them a table is and writes that form's id; the loader asks it once.
    A ``dept_report`` is named by the document's unit (the 部门（单位）名称 line above it): the loader
    fills the evaluation's ``name`` when the reader leaves it empty.
    """

    id: str
    family: str
    kind: FormKind
    label: str
    detect_ref: Ref | None = None
    read_ref: Ref | None = None
    read_text_ref: Ref | None = None
    layout_ref: Ref | None = None
    pack: str | None = None
    outline: Outline = "overall"  # the report outline its narrative draft follows

    def __post_init__(self) -> None:
        for ref in (self.detect_ref, self.read_ref, self.read_text_ref, self.layout_ref):
            if ref is not None and not _is_ref(ref):
                raise ValueError(f"form {self.id}: {ref!r} is not a '<module>:<name>' path")

    @property
    def detect(self) -> Detect | None:
        return None if self.detect_ref is None else cast("Detect", _resolve(self.detect_ref))

    @property
    def read(self) -> Read | None:
        return None if self.read_ref is None else cast("Read", _resolve(self.read_ref))

    @property
    def read_text(self) -> ReadText | None:
        return None if self.read_text_ref is None else cast("ReadText", _resolve(self.read_text_ref))

    @property
    def layout(self) -> Layout | None:
        return None if self.layout_ref is None else cast("Layout", _resolve(self.layout_ref))


def _is_ref(ref: str) -> bool:
    module_name, colon, name = ref.partition(":")
    return bool(colon) and name.isidentifier() and all(part.isidentifier() for part in module_name.split("."))


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
def _declared(family: str) -> tuple[Form, ...]:
    """One family's forms, its ``__init__`` imported on the first call (the generic one optional)."""
    return _family_forms(family, optional=family == _GENERIC)


@cache
def _declared_by_id(family: str) -> dict[str, Form]:
    table: dict[str, Form] = {}
    for form in _declared(family):
        table.setdefault(form.id, form)
    return table


@cache
def forms() -> tuple[Form, ...]:
    """Every registered form, in detection order (the generic reader last)."""
    return tuple(form for family in _ORDER for form in _declared(family))


@cache
def forms_for_grid() -> tuple[Form, ...]:
    """The forms to ask about a grid table, in detection order; of forms sharing one reader, the first.
    Imports no reader: forms share one when they name the same functions."""
    seen: set[tuple[Ref, Ref]] = set()
    out: list[Form] = []
    for form in forms():
        if form.detect_ref is None or form.read_ref is None:
            continue
        key = (form.detect_ref, form.read_ref)
        if key not in seen:
            seen.add(key)
            out.append(form)
    return tuple(out)


@cache
def forms_for_text() -> tuple[Form, ...]:
    """The forms read from PDF text lines, in detection order; of forms sharing one reader, the first."""
    seen: set[Ref] = set()
    out: list[Form] = []
    for form in forms():
        if form.read_text_ref is not None and form.read_text_ref not in seen:
            seen.add(form.read_text_ref)
            out.append(form)
    return tuple(out)


def shows_a_table(evaluation: Evaluation) -> bool:
    """Whether an evaluation read from text lines holds what only a table has: its budget row or an
    indicator row. Labels alone (项目名称, 主管部门) are written in narrative reports too."""
    return evaluation.budget is not None or bool(evaluation.indicators)


def text_evaluations(grid: Grid) -> tuple[Evaluation, ...]:
    """Every evaluation form the text-line readers find in ``grid``, in detection order, keeping those
    that show a table (``shows_a_table``): a reader's anchor found among labels alone is no table."""
    return tuple(
        evaluation
        for form in forms_for_text()
        if form.read_text is not None
        for evaluation in form.read_text(grid)
        if shows_a_table(evaluation)
    )


def form_by_id(template: str) -> Form | None:
    """The form whose id is ``template``; None for a template no family registers. Families are asked
    in detection order and imported as the search reaches them: a province's id does not import the
    generic family (its vocabulary)."""
    for family in _ORDER:
        form = _declared_by_id(family).get(template)
        if form is not None:
            return form
    return None


def family_of(template: str) -> str | None:
    form = form_by_id(template)
    return form.family if form is not None else None


def form_of_kind(kind: FormKind) -> Form:
    """The first registered form of ``kind`` (the one form of a kind that has no template field in the
    dossier, e.g. the 基础数据表 or the 评分表)."""
    for family in _ORDER:
        for form in _declared(family):
            if form.kind == kind:
                return form
    raise LookupError(f"no form of kind {kind!r} is registered")


def as_reading(found: Evaluation | Reading) -> Reading:
    return Reading(evaluations=(found,)) if isinstance(found, Evaluation) else found
