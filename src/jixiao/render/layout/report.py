"""The city form of the 部门整体支出绩效评价自评报告 (seed 002): one form table holding the 基本概况,
the per-institution tables, the 定性/定量 targets with their completion, 综合得分 and 评价等次.

Parts of the form the dossier does not hold (职能职责概述, 年度主要工作内容, the 评价人员) are printed
with empty cells for a person to fill; nothing is made up for them.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.model.cells import number
from jixiao.model.dossier import Dossier, Evaluation, FigureTable
from jixiao.model.grid import GridTable
from jixiao.render.layout.build import C, TableBuilder
from jixiao.render.layout.evaluation import level1_text, runs, text
from jixiao.render.layout.tables import header_width, institution_rows

WIDTH = 8


def headcount_facts(dossier: Dossier) -> bool:
    """编制数 / 在职人数 the dossier states as figures (a sentence's match is not a form's cell)."""
    return any(
        (value := dossier.fact(name)) is not None and number(value.text, None).num is not None
        for name in ("编制数", "在职人数")
    )


def report_table(
    dossier: Dossier, evaluation: Evaluation | None, figures: Sequence[FigureTable]
) -> GridTable:
    """The form; without ``evaluation`` only its 基本概况 and 收支情况 parts (a consolidated department)."""
    builder = TableBuilder(WIDTH)
    fact = dossier.fact
    builder.row(C("一、部门（单位）基本概况", WIDTH))
    # A fact row is printed when the dossier states one of its figures: a blank cell would read back
    # as a stated blank.
    if fact("联系人") is not None or fact("联系电话") is not None:
        builder.row(
            C("联系人", 2), C(text(fact("联系人")), 2), C("联络电话", 2), C(text(fact("联系电话")), 2)
        )
    if headcount_facts(dossier):
        builder.row(
            C("人员编制", 2), C(text(fact("编制数")), 2), C("实有人数", 2), C(text(fact("在职人数")), 2)
        )
    if evaluation is not None:
        for label in ("职能职责概述", "年度主要工作内容", "年度部门（单位）总体运行情况及取得的成绩"):
            builder.row(C(label, 2), C("", 6))
    builder.row(C("二、部门（单位）收支情况", WIDTH))
    previous = 0
    for table in figures:
        if not table.title and header_width(table) == previous:
            # An untitled table right under one as wide would read as more of its rows: a blank
            # full-width row between them keeps them apart (the forms leave the same gap).
            builder.row(C("", WIDTH))
        institution_rows(builder, table)
        previous = len(table.columns)
    if evaluation is None:
        return builder.table((1.2, 1.2, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0))
    builder.row(C("三、部门（单位）整体支出绩效自评情况", WIDTH))
    goal = evaluation.goal
    if goal is not None:
        builder.row(C("整体支出绩效定性目标及实施计划完成情况", 2, 2), C("预期目标", 3), C("实际完成", 3))
        builder.row(
            C("\n".join(v.text for v in goal.expected), 3), C("\n".join(v.text for v in goal.achieved), 3)
        )
    indicators = evaluation.indicators
    builder.row(
        C("整体支出绩效定量目标及实施计划完成情况", 1, len(indicators) + 1),
        C("评价内容", 2),
        C("绩效目标", 3),
        C("完成情况", 2),
    )
    for start, length in runs([i.level1 for i in indicators]):
        members = indicators[start : start + length]
        spans = {s: n for s, n in runs([i.level2 for i in members])}
        for offset, indicator in enumerate(members):
            cells: list[C] = []
            if offset == 0:
                cells.append(C(level1_text(indicator), 1, length))  # as written, notes included
            if offset in spans:
                cells.append(C(indicator.level2, 1, spans[offset]))
            cells.extend((C(text(indicator.target), 3), C(text(indicator.actual), 2)))
            builder.row(*cells)
    if evaluation.declared_total is not None:
        builder.row(C("绩效自评综合得分", 2), C(evaluation.declared_total.text, 6))
    if evaluation.grade is not None:
        builder.row(C("评价等次", 2), C(evaluation.grade.text, 6))
    builder.row(C("四、评价人员", WIDTH))
    builder.row(C("姓名", 2), C("职务/职称", 2), C("单位", 2), C("签字", 2))
    for _ in range(3):
        builder.row(C("", 2), C("", 2), C("", 2), C("", 2))
    return builder.table((1.2, 1.2, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0))
