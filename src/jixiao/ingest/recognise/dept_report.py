"""The city form of the 部门整体支出绩效评价自评报告 (seed 002): one large form table holding the
基本概况, per-institution figures, 定性/定量目标 with their completion, the 综合得分 and 评价等次."""

from __future__ import annotations

import re

from jixiao.ingest.recognise.common import cell_loc, find_row, row_loc, table_loc, texts
from jixiao.ingest.recognise.evaluation import split_items
from jixiao.model.cells import clean, label, number, strip_points, text_val
from jixiao.model.dossier import Evaluation, Goal, Indicator, Val
from jixiao.model.grid import GridTable

_PREFIX = re.compile(r"^指标\s*\d+\s*[：:]\s*")


def is_dept_report(table: GridTable) -> bool:
    return (
        find_row(table, ("整体支出绩效定量目标",)) is not None
        or find_row(table, ("人员编制", "实有人数")) is not None
    )


def report_facts(file: str, table: GridTable) -> list[tuple[str, Val]]:
    """Label/value pairs of the 基本概况 rows: 人员编制 -> 编制数, 实有人数 -> 在职人数, 联系人…"""
    names = {"人员编制": "编制数", "实有人数": "在职人数", "联系人": "联系人", "联络电话": "联系电话"}
    facts: list[tuple[str, Val]] = []
    for r, row in enumerate(table.rows):
        cells = texts(row)
        for c in range(0, len(cells) - 1):
            key = names.get(cells[c])
            if key is None:
                continue
            loc = cell_loc(file, table, r, c + 1)
            value = (
                number(row[c + 1].text, loc)
                if key in ("编制数", "在职人数")
                else text_val(row[c + 1].text, loc)
            )
            facts.append((key, value))
    return facts


def _heading_as_written(file: str, table: GridTable, r: int, name: str) -> Val | None:
    """The 一级指标 cell as written when it holds more than the name (the form's note in brackets,
    "产出目标（部门工作实绩……根据部门实际进行调整细化）"), so checks can read it; None otherwise."""
    written = clean(table.rows[r][1].text)
    if written == name:
        return None
    # no num: this form gives no per-row weights, so points in the heading are not summed against
    return Val(text=written, loc=cell_loc(file, table, r, 1))


def recognise_dept_report(file: str, table: GridTable, unit: str | None) -> Evaluation | None:
    start = find_row(table, ("整体支出绩效定量目标",))
    if start is None:
        return None
    goal = None
    qualitative = find_row(table, ("整体支出绩效定性目标",))
    if qualitative is not None and qualitative + 1 < len(table.rows):
        row = table.rows[qualitative + 1]
        if len(row) >= 3:
            goal = Goal(
                expected=tuple(
                    Val(text=t, loc=cell_loc(file, table, qualitative + 1, 1))
                    for t in split_items(row[1].text)
                ),
                achieved=tuple(
                    Val(text=t, loc=cell_loc(file, table, qualitative + 1, 2))
                    for t in split_items(row[2].text)
                ),
            )
    indicators: list[Indicator] = []
    level1 = level2 = ""
    level1_cell: Val | None = None
    total = grade = None
    r = start + 1
    while r < len(table.rows):
        row = table.rows[r]
        cells = texts(row)
        if cells and cells[0].startswith("绩效自评综合得分"):
            total = number(row[1].text, cell_loc(file, table, r, 1)) if len(row) > 1 else None
        elif cells and cells[0].startswith("评价等次"):
            grade = text_val(row[1].text, cell_loc(file, table, r, 1)) if len(row) > 1 else None
            break
        elif len(row) >= 4 and not cells[0]:
            offset = len(row) - 4
            if offset >= 1 and cells[1]:
                level1 = strip_points(re.sub(r"（.*$", "", cells[1]))
                level1_cell = _heading_as_written(file, table, r, level1)
            if cells[offset + 1]:
                level2 = cells[offset + 1]
            target_text = clean(row[offset + 2].text)
            indicators.append(
                Indicator(
                    level1=level1,
                    level2=level2,
                    name=_PREFIX.sub("", target_text),
                    target=text_val(row[offset + 2].text, cell_loc(file, table, r, offset + 2)),
                    actual=text_val(row[offset + 3].text, cell_loc(file, table, r, offset + 3)),
                    level1_points=level1_cell,
                    loc=row_loc(file, table, r),
                )
            )
        r += 1
    return Evaluation(
        kind="dept_overall",
        template="yueyang-dept-report",
        title="部门（单位）整体支出绩效自评情况",
        name=Val(text=unit) if unit else None,
        goal=goal,
        indicators=tuple(indicators),
        declared_total=total,
        grade=grade,
        loc=table_loc(file, table, label(table.rows[start][0].text)),
    )
