"""整体支出 and 项目支出绩效自评表 in the national table layout (seeds 000 and 001), which the Hunan and
Zhuzhou families print with their own wording (a ``Style``).

Nine grid columns, as the forms print them::

    0 side label | 1 一级指标 | 2 二级指标 | 3 三级指标 | 4 年度指标值 | 5 实际完成值 | 6 分值 | 7 得分 | 8 偏差原因

The side label (项目资金（万元）, 年度总体目标, 绩效指标) is merged down over its block; 一级指标 is merged
down over its indicators and 二级指标 over its run inside them. Every value is written as the form
states it (``Val.text``), so ``jixiao.forms.common.evaluation`` reads back the same evaluation.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from jixiao.model.dossier import (
    Budget,
    BudgetRow,
    Dossier,
    Evaluation,
    FigureTable,
    Indicator,
    TableKind,
    Val,
)
from jixiao.model.grid import Block, GridTable, Paragraph
from jixiao.render.layout.build import C, TableBuilder

WIDTH = 9
WIDTHS = (1.0, 1.3, 1.3, 2.6, 1.5, 1.5, 0.8, 0.8, 1.8)

# Header pairs written "label：value" in one cell, as the forms print them.
EMBEDDED = ("项目总实施期", "实施期", "项目类别", "项目属性", "项目类型")


@dataclass(frozen=True)
class Style:
    """How a family prints the table: the words of its headers, where its title stands, its notes."""

    budget_side: Mapping[TableKind, str]  # the side label of the budget block
    budget_score: Mapping[TableKind, str]  # the budget block's 得分 header
    indicator_score: Mapping[TableKind, str]  # the indicator block's 得分 header
    budget_total_label: str = ""  # the header over the budget rows' labels
    title_in_table: bool = False  # the title as the table's first row (else a paragraph above it)
    # A project's header in the order and places the form gives it (名称 and 部门名称 above it, no
    # 主管部门 pair); empty: the name, then 主管部门 beside 实施单位.
    project_header: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # printed below the table


_SCORE: Mapping[TableKind, str] = {"project": "得分", "unit_overall": "自评得分", "dept_overall": "自评得分"}
DEFAULT_STYLE = Style(
    budget_side={
        "project": "项目资金（万元）",
        "unit_overall": "年度预算申请（万元）",
        "dept_overall": "资金情况（万元）",
    },
    budget_score=_SCORE,
    indicator_score=_SCORE,
)


def text(value: Val | None) -> str:
    return value.text if value is not None else ""


def runs(items: Sequence[str]) -> Iterator[tuple[int, int]]:
    """(start, length) of each run of equal consecutive keys."""
    start = 0
    for index in range(1, len(items) + 1):
        if index == len(items) or items[index] != items[start]:
            yield start, index - start
            start = index


def _name_label(evaluation: Evaluation) -> str:
    if evaluation.kind == "project":
        return "项目支出名称"
    return "部门名称" if evaluation.kind == "dept_overall" else "预算单位名称"


def _header_rows(builder: TableBuilder, evaluation: Evaluation, style: Style) -> None:
    placed = evaluation.kind == "project" and bool(style.project_header)
    others = list(evaluation.header)
    if placed and evaluation.department is not None:
        builder.row(C("部门名称"), C(text(evaluation.department), 8))
    if placed and [k for k, _ in others] == list(style.project_header) and evaluation.name:
        investment, direction, funds, period = (dict(others)[key] for key in style.project_header)
        labels = style.project_header
        builder.row(
            C("项目支出名称", 1, 2),
            C("专项名称"),
            C(text(evaluation.name), 4),
            C(labels[0], 2),
            C(text(investment)),
        )
        builder.row(C(labels[1]), C(text(direction), 4), C(labels[2], 2), C(text(funds)))
        builder.row(C(f"{labels[3]}：{text(period)}", 2), C("……", 6), C(""))
        others = []
    elif evaluation.name is not None:
        builder.row(C(_name_label(evaluation)), C(text(evaluation.name), 8))
    # 主管部门 and 实施单位 side by side, each only when the form states it (a blank cell reads back as
    # a stated blank); a placed project header gave 主管部门 above as 部门名称.
    pairs = [("实施单位", evaluation.implementer)]
    if not placed:
        pairs.insert(0, ("主管部门", evaluation.department))
    stated = [(label, value) for label, value in pairs if value is not None]
    if len(stated) == 2:
        (l1, v1), (l2, v2) = stated
        builder.row(C(l1), C(v1.text, 3), C(l2), C(v2.text, 4))
    elif stated:
        builder.row(C(stated[0][0]), C(stated[0][1].text, 8))
    for key, value in others:
        if key in EMBEDDED:
            builder.row(C(f"{key}：{value.text}", WIDTH))
        else:
            builder.row(C(key, 3), C(value.text, 6))


def _budget_rows(builder: TableBuilder, evaluation: Evaluation, budget: Budget | None, style: Style) -> None:
    """The budget block; without a budget its header alone (the form is known by it, as on paper)."""
    pairs = _pair_rows(budget) if budget is not None else []
    rows = 2 + len(budget.parts) + len(pairs) if budget is not None else 1
    side = style.budget_side[evaluation.kind]
    score = style.budget_score[evaluation.kind]
    builder.row(
        C(side, 1, rows),
        C(style.budget_total_label, 2),
        C("年初预算数"),
        C("全年预算数"),
        C("全年执行数"),
        C("分值"),
        C("执行率"),
        C(score),
    )
    if budget is None:
        return
    _money_row(builder, budget.total, text(budget.weight), text(budget.rate), text(budget.score))
    for part in budget.parts:
        _money_row(builder, part, "", "", "")
    for left, right in pairs:
        builder.row(C(left, 4), C(right, 4))


def _money_row(builder: TableBuilder, row: BudgetRow, weight: str, rate: str, score: str) -> None:
    builder.row(
        C(row.label, 2),
        C(text(row.initial)),
        C(text(row.adjusted)),
        C(text(row.executed)),
        C(weight),
        C(rate),
        C(score),
    )


def _pair_rows(budget: Budget) -> list[tuple[str, str]]:
    """按收入性质分 (left) beside 按支出性质分 (right), one pair a row, ``label：amount``."""

    def cells(pairs: Sequence[tuple[str, Val]], heading: str) -> list[str]:
        out = []
        for index, (key, value) in enumerate(pairs):
            prefix = "其中：" if index == 1 and pairs[0][0] == heading else ""
            out.append(f"{prefix}{key}：{value.text}")
        return out

    left = cells(budget.by_income, "按收入性质分")
    right = cells(budget.by_nature, "按支出性质分")
    count = max(len(left), len(right))
    return [(left[i] if i < len(left) else "", right[i] if i < len(right) else "") for i in range(count)]


def _goal_rows(builder: TableBuilder, evaluation: Evaluation) -> None:
    goal = evaluation.goal
    if goal is None:
        return
    builder.row(C("年度总体目标", 1, 2), C("预期目标", 4), C("实际完成情况", 4))
    builder.row(
        C("\n".join(v.text for v in goal.expected), 4), C("\n".join(v.text for v in goal.achieved), 4)
    )


def level1_text(indicator: Indicator) -> str:
    """The 一级指标 cell: the heading with its declared points as written (``产出指标(50分)``)."""
    return indicator.level1_points.text if indicator.level1_points is not None else indicator.level1


def _indicator_rows(builder: TableBuilder, evaluation: Evaluation, style: Style) -> None:
    indicators = evaluation.indicators
    score = style.indicator_score[evaluation.kind]
    builder.row(
        C("绩效指标", 1, len(indicators) + 1),
        C("一级指标"),
        C("二级指标"),
        C("三级指标"),
        C("年度指标值"),
        C("实际完成值"),
        C("分值"),
        C(score),
        C("偏差原因分析及改进措施"),
    )
    groups = [f"{level1_text(i)}\x00{i.level1}" for i in indicators]
    for start, length in runs(groups):
        members = indicators[start : start + length]
        level2 = [i.level2 for i in members]
        spans = {s: n for s, n in runs(level2)}
        for offset, indicator in enumerate(members):
            cells: list[C] = []
            if offset == 0:
                cells.append(C(level1_text(indicator), 1, length))
            if offset in spans:
                cells.append(C(indicator.level2, 1, spans[offset]))
            cells.extend(
                C(t)
                for t in (
                    indicator.name,
                    text(indicator.target),
                    text(indicator.actual),
                    text(indicator.weight),
                    text(indicator.score),
                    text(indicator.deviation),
                )
            )
            builder.row(*cells)


def _total_row(builder: TableBuilder, evaluation: Evaluation) -> None:
    last = f"等级：{evaluation.grade.text}" if evaluation.grade is not None else ""
    builder.row(
        C("总分", 6), C(text(evaluation.declared_points)), C(text(evaluation.declared_total)), C(last)
    )


def evaluation_table(evaluation: Evaluation, style: Style = DEFAULT_STYLE) -> GridTable:
    builder = TableBuilder(WIDTH)
    if style.title_in_table:
        builder.row(C(evaluation.title, WIDTH))
    _header_rows(builder, evaluation, style)
    _budget_rows(builder, evaluation, evaluation.budget, style)
    _goal_rows(builder, evaluation)
    _indicator_rows(builder, evaluation, style)
    _total_row(builder, evaluation)
    return builder.table(WIDTHS, header_rows=1 if style.title_in_table else 0)


def signature_line(signature: Sequence[tuple[str, Val]]) -> str:
    return "    ".join(f"{key}：{value.text}" for key, value in signature)


def evaluation_blocks(evaluation: Evaluation, style: Style = DEFAULT_STYLE) -> list[Block]:
    """The form as printed: its title (above the table unless the style puts it inside), the table,
    the signature line, the style's notes."""
    blocks: list[Block] = []
    if not style.title_in_table:
        blocks.append(Paragraph(text=evaluation.title, style="title"))
    blocks.append(evaluation_table(evaluation, style))
    if evaluation.signature:
        blocks.append(Paragraph(text=signature_line(evaluation.signature)))
    blocks.extend(Paragraph(text=line, style="note") for line in style.notes)
    return blocks


def default_layout(evaluation: Evaluation, dossier: Dossier, figures: Sequence[FigureTable]) -> list[Block]:
    """The registry's layout for an evaluation whose form prints none of its own: the national table."""
    return evaluation_blocks(evaluation)
