"""The Hunan 整体支出/项目支出绩效自评表 read from a table (seed 000): the national layout, not graded."""

from __future__ import annotations

from jixiao.forms.common.evaluation import is_evaluation_table, is_graded, recognise_evaluation
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
    return recognise_evaluation(file, table, title, TEMPLATES)
