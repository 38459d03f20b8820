"""Hebei's 预算项目绩效自评表 read by the generic reader: its words (预算安排情况(调整后)/预算数,
资金到位情况/到位数, 资金执行情况/执行数, 预算执行进度(%); 指标分值, 预期指标值 over 符号 | 指标值 |
单位(文字描述), 自评得分 over 单项指标得分 | 权重占比(%) | 单项指标折算得分). 到位数 is funds received, no
budget column of the national model: it fills no field. Grids written here, small and synthetic."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest

from jixiao.audit.run import audit_dossier
from jixiao.forms.generic.reader import match_column, read
from jixiao.forms.generic.vocabulary import BUDGET_COLUMNS, INDICATOR_COLUMNS, Column
from jixiao.model.dossier import Dossier, Evaluation
from jixiao.model.grid import GridCell, GridTable


def cell(text: str, span: int = 1) -> GridCell:
    return GridCell(text=text, colspan=span)


def row(*cells: str | GridCell) -> tuple[GridCell, ...]:
    return tuple(c if isinstance(c, GridCell) else cell(c) for c in cells)


INDICATORS = [
    ("产出指标", "质量指标", "符合条件申报对象覆盖率", "98", "25.00", "25.00", "6.25"),
    ("", "时效指标", "审批及时率", "99", "25.00", "25.00", "6.25"),
    ("效果指标", "社会效益指标", "补贴发放率", "75", "30.00", "30.00", "9.00"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "95", "10.00", "10.00", "1.00"),
]


def hebei(planned: str, received: str, executed: str, progress: str) -> Evaluation:
    rows = [
        row("项目名称", cell("高龄津贴", 3), "实施(主管)单位", cell("某县民政局机关", 3)),
        row(
            "二、预算执行情况",
            cell("预算安排情况(调整后)", 2),
            cell("资金到位情况", 2),
            cell("资金执行情况", 2),
            "预算执行进度(%)",
        ),
        row("", "预算数", planned, "到位数", received, "执行数", executed, progress),
        row("", "其中:财政资金", planned, "其中:财政资金", received, "其中:财政资金", executed, ""),
        row("", "其他", "0.00", "其他", "0.00", "其他", "0.00", ""),
    ]
    indicator_rows = [
        row(
            "四、年度绩效指标完成情况",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标分值",
            cell("预期指标值", 3),
            "单项指标实际完成值",
            "单项指标完成情况",
            cell("自评得分", 3),
        ),
        row(
            "",
            "",
            "",
            "",
            "",
            "符号",
            "指标值",
            "单位(文字描述)",
            "",
            "",
            "单项指标得分",
            "权重占比(%)",
            "单项指标折算得分",
        ),
        *(
            row("", l1, l2, name, weight, ">=", target, "%(百分比)", "100%", "完成", score, share, converted)
            for l1, l2, name, target, score, share, converted in INDICATORS
            for weight in (score,)
        ),
    ]
    table = GridTable(index=1, rows=tuple(rows + indicator_rows))
    evaluation = read("t.txt", table, "某县民政局2020年度预算项目绩效自评表")
    assert evaluation is not None and evaluation.budget is not None
    return evaluation


@pytest.mark.parametrize(
    ("words", "columns", "field"),
    [
        ("预算安排情况(调整后)", BUDGET_COLUMNS, "adjusted"),
        ("资金执行情况", BUDGET_COLUMNS, "executed"),
        ("预算执行进度(%)", BUDGET_COLUMNS, "rate"),
        ("资金到位情况", BUDGET_COLUMNS, "received"),
        ("到位数", BUDGET_COLUMNS, "received"),
        ("单项指标折算得分", INDICATOR_COLUMNS, "converted"),
        ("符号", INDICATOR_COLUMNS, "nature"),
    ],
)
def test_hebei_words_name_their_columns(words: str, columns: Sequence[Column], field: str) -> None:
    column = match_column(words, columns)
    assert column is not None and column.field == field


def test_the_budget_block_reads_each_figure_beside_its_own_label() -> None:
    # 到位数 differs from both: it must fill neither 全年预算数 nor 全年执行数
    evaluation = hebei("6.84", "6.50", "6.20", "90.64")
    assert evaluation.template == "hebei-project"
    budget = evaluation.budget
    assert budget is not None
    assert budget.total.adjusted is not None and budget.total.adjusted.num == Decimal("6.84")
    assert budget.total.executed is not None and budget.total.executed.num == Decimal("6.20")
    assert budget.total.initial is None
    assert budget.rate is not None and budget.rate.num == Decimal("90.64") and budget.rate.unit == "%"
    assert [p.label for p in budget.parts] == ["其中:财政资金", "其他"]
    assert budget.parts[0].executed is not None and budget.parts[0].executed.num == Decimal("6.20")
    assert "6.50" not in {
        v.text for p in (budget.total, *budget.parts) for v in (p.adjusted, p.executed) if v
    }


def test_the_indicator_block_reads_weight_score_and_keeps_the_converted_score_as_a_note() -> None:
    evaluation = hebei("6.84", "6.84", "6.84", "100.00")
    read_rows = [
        (
            i.level1,
            i.level2,
            i.name,
            i.target and i.target.text,
            i.weight and i.weight.text,
            i.score and i.score.text,
        )
        for i in evaluation.indicators
    ]
    assert read_rows == [
        ("产出指标", "质量指标", "符合条件申报对象覆盖率", ">=98%", "25.00", "25.00"),
        ("产出指标", "时效指标", "审批及时率", ">=99%", "25.00", "25.00"),
        ("效果指标", "社会效益指标", "补贴发放率", ">=75%", "30.00", "30.00"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", ">=95%", "10.00", "10.00"),
    ]
    notes = [n.text for n in evaluation.notes]
    assert "补贴发放率：折算得分 9.00" in notes and "补贴发放率：权重占比 30.00" in notes


def test_a_met_hebei_form_has_no_error() -> None:
    evaluation = hebei("6.84", "6.84", "6.84", "100.00")
    audit = audit_dossier(Dossier(source="t.txt", evaluations=(evaluation,)))
    assert [f.code for f in audit.findings if f.severity == "error"] == []
