"""The Hunan 整体支出/项目支出绩效自评表 read from a table (seed 000): the national layout, not graded.

The layout is the national one, which most provinces print too: a table is Hunan's form only when its
title or header cells name Hunan (``evidence``). Another province's table of this layout is read the
same way but as the national form, with the generic family's template (``generic.reader.read_national``),
and so is scored under the national pack, not Hunan's; one whose words name a family of its own
(新疆, 内蒙古 …) is left to the generic reader."""

from __future__ import annotations

from jixiao.forms.common.evaluation import is_evaluation_table, is_graded, recognise_evaluation
from jixiao.forms.hunan.evidence import names_hunan
from jixiao.model.dossier import Evaluation, TableKind
from jixiao.model.grid import GridTable

TEMPLATES: dict[TableKind, str] = {
    "project": "hunan-project",
    "unit_overall": "hunan-unit",
    "dept_overall": "hunan-dept",
}


def detect(table: GridTable) -> bool:
    return is_evaluation_table(table) and not is_graded(table)


def read(file: str, table: GridTable, title: str) -> Evaluation | None:
    """The table read as Hunan's form when its title or header cells name Hunan; else as the national
    form (generic template), or None when the generic reader should read it (the next form is asked)."""
    found = recognise_evaluation(file, table, title, TEMPLATES)
    if found is None or is_hunan(found):
        return found
    # imported here: declaring or detecting the Hunan form does not import the generic family
    from jixiao.forms.generic.reader import read_national

    return read_national(file, table, title)


def is_hunan(evaluation: Evaluation) -> bool:
    """Whether the evaluation's title, 主管部门 or 实施单位 (or, for an 整体 table, its 单位名称) names
    Hunan. A project's name is no evidence: a project may name the place it helps (援湘…, 对口支援…)."""
    named = [evaluation.department, evaluation.implementer]
    if evaluation.kind != "project":
        named.append(evaluation.name)
    return names_hunan([evaluation.title, *(v.text for v in named if v is not None)])
