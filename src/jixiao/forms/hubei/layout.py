"""The Hubei 项目绩效自评表 (鄂财绩发〔2020〕3号 family, seed 004) as a table.

Six grid columns: 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分. Above the indicators
the form holds the 填报日期 and 总分 line, the project's names, its category choices (the chosen
option ticked √, the others □) and the budget execution block; below them 总分 and the three note rows.
``jixiao.forms.hubei.reader`` reads it back.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.forms.common.evaluation_layout import level1_text, runs, text
from jixiao.model.dossier import Dossier, Evaluation, FigureTable, Val
from jixiao.model.grid import Block, GridTable, Paragraph
from jixiao.render.layout.build import C, TableBuilder

WIDTH = 6
WIDTHS = (1.4, 1.6, 3.0, 2.0, 1.6, 1.1)

# The printed options of each choice field, in form order (seed 004).
CHOICES: dict[str, tuple[str, ...]] = {
    "项目类别": ("部门预算项目", "省专项", "中央转移支付项目"),
    "项目属性": ("持续性项目", "新增性项目"),
    "项目类型": ("常年性项目", "延续性项目", "一次性项目"),
}
NOTE_LABELS = ("偏差大或目标未完成原因分析", "改进措施及结果应用方案", "单位主要负责人签批意见")
FOOTNOTES = (
    "备注：",
    "1、预算执行情况口径：预算数为调整后财政资金总额（包括上年结余结转）。执行数为资金使用单位财政资金实际支出数。",
    "2、定量指标完成数汇总原则：绝对值直接累加计算，相对值按照资金额度加权平均计算。定量指标计分原则：正向指标"
    "（即目标值为≥X）得分=权重*B/A，反向指标（即目标值为≤X）得分=权重*A/B，得分不得突破权重总额。定量指标先汇总完成数，"
    "再计算得分。",
    "3、定性指标计分原则：达成预期指标、部分达成预期指标并具有一定效果、未达成预期指标且效果较差三档，分别按照该指标"
    "对应分值区间100-80%（含80%）、80-50%（含50%）、50-0%合理确定分值。汇总时，以资金额度为权重，对分值进行加权平均计算。",
    "4、基于经济性和必要性等因素考虑，满意度指标暂可不作为必评指标。",
)


def choice_text(field: str, chosen: Val | None) -> str:
    """``1、部门预算项目√ 2、省专项□ …``: the form's options, the chosen one ticked."""
    options = list(CHOICES.get(field, ()))
    if chosen is not None and chosen.text not in options:
        options.append(chosen.text)
    marked = [
        f"{n}、{option}{'√' if chosen is not None and option == chosen.text else '□'}"
        for n, option in enumerate(options, start=1)
    ]
    return " ".join(marked)


def hubei_table(evaluation: Evaluation) -> GridTable:
    builder = TableBuilder(WIDTH)
    signature = dict(evaluation.signature)
    date = signature.get("填报日期")
    points = evaluation.declared_points
    builder.row(
        C(f"填报日期：{text(date)}", 4), C(f"总分：{points.text}分" if points is not None else "总分：", 2)
    )
    builder.row(C("项目名称"), C(text(evaluation.name), 5))
    builder.row(
        C("主管部门"),
        C(text(evaluation.department), 2),
        C("项目实施单位"),
        C(text(evaluation.implementer), 2),
    )
    header = dict(evaluation.header)
    builder.row(C("项目类别"), C(choice_text("项目类别", header.get("项目类别")), 5))
    builder.row(
        C("项目属性"),
        C(choice_text("项目属性", header.get("项目属性")), 2),
        C("项目类型"),
        C(choice_text("项目类型", header.get("项目类型")), 2),
    )
    budget = evaluation.budget
    weight = budget.weight.text if budget is not None and budget.weight is not None else ""
    heading = f"预算执行情况（万元）（{weight}分）" if weight else "预算执行情况（万元）"
    score_head = f"得分（{weight}分×执行率）" if weight else "得分"
    builder.row(C(heading, 2), C("预算数（A）"), C("执行数（B）"), C("执行率（B/A）"), C(score_head))
    total = budget.total if budget is not None else None
    builder.row(
        C(total.label if total is not None else "年度财政资金总额", 2),
        C(text(total.adjusted) if total is not None else ""),
        C(text(total.executed) if total is not None else ""),
        C(text(budget.rate) if budget is not None else ""),
        C(text(budget.score) if budget is not None else ""),
    )
    builder.row(
        *(C(h) for h in ("一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "得分"))
    )
    indicators = evaluation.indicators
    for start, length in runs([f"{level1_text(i)}\x00{i.level1}" for i in indicators]):
        members = indicators[start : start + length]
        spans = {s: n for s, n in runs([i.level2 for i in members])}
        for offset, indicator in enumerate(members):
            cells: list[C] = []
            if offset == 0:
                cells.append(C(_level1(indicator.level1, indicator.level1_points), 1, length))
            if offset in spans:
                cells.append(C(indicator.level2, 1, spans[offset]))
            cells.extend(
                C(t)
                for t in (
                    indicator.name,
                    text(indicator.target),
                    text(indicator.actual),
                    text(indicator.score),
                )
            )
            builder.row(*cells)
    builder.row(C("总分", 5), C(text(evaluation.declared_total)))
    labels = list(NOTE_LABELS)
    notes = list(evaluation.notes)
    while len(labels) < len(notes):
        labels.append("其他说明")
    for index, label in enumerate(labels):
        builder.row(C(label, 2), C(notes[index].text if index < len(notes) else "", 4))
    return builder.table(WIDTHS)


def _level1(name: str, points: Val | None) -> str:
    """``产出指标（40分）``: the Hubei reader keeps the declared points as the bare number."""
    return f"{name}（{points.text}分）" if points is not None else name


def hubei_blocks(evaluation: Evaluation) -> list[Block]:
    blocks: list[Block] = [Paragraph(text=evaluation.title, style="title"), hubei_table(evaluation)]
    blocks.extend(Paragraph(text=line, style="note") for line in FOOTNOTES)
    return blocks


def layout(evaluation: Evaluation, dossier: Dossier, figures: Sequence[FigureTable]) -> list[Block]:
    return hubei_blocks(evaluation)
