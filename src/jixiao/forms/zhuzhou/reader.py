"""The Zhuzhou 部门整体/项目支出绩效自评表 read from a table (seed 001): the national layout, its budget
scored 得分（分值×执行率） and its total graded (等级)."""

from __future__ import annotations

from jixiao.forms.common.evaluation import is_evaluation_table, is_graded, recognise_evaluation
from jixiao.model.dossier import Evaluation, TableKind
from jixiao.model.grid import GridTable

TEMPLATES: dict[TableKind, str] = {
    "project": "zhuzhou-project",
    "unit_overall": "zhuzhou-unit",
    "dept_overall": "zhuzhou-dept",
}


def detect(table: GridTable) -> bool:
    return is_evaluation_table(table) and is_graded(table)


def read(file: str, table: GridTable, title: str) -> Evaluation | None:
    return recognise_evaluation(file, table, title, TEMPLATES)
