"""Every form reader reads its amounts in the unit the form states, places a row's figures under the
header's figure columns, reads the 分值 written in a 总分 label, and reads a 执行率 written as a bare
fraction; grids written here, small and synthetic."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.forms.common.evaluation import recognise_evaluation
from jixiao.forms.generic.align import align
from jixiao.forms.generic.vocabulary import ColumnKind, stated_unit
from jixiao.forms.hubei.reader import recognise_hubei_table
from jixiao.forms.hunan.reader import TEMPLATES, detect
from jixiao.model.dossier import Evaluation
from jixiao.model.grid import GridCell, GridTable

INDICATORS = [
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["", "产出指标", "数量指标", "培训人数", "≥200人", "230人", "50", "50"],
    ["", "效益指标", "社会效益指标", "技能提升", "有效提升", "有效提升", "40", "38"],
    ["总分", "100", "98"],
]


def grid(rows: list[list[str]]) -> GridTable:
    return GridTable(index=1, rows=tuple(tuple(GridCell(text=t) for t in row) for row in rows))


def national(money_header: str, total: list[str], above: list[list[str]] | None = None) -> Evaluation:
    rows = [
        *(above or []),
        ["项目名称", "职业技能培训补助", "", ""],
        [money_header, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        total,
        ["其中：当年财政拨款", "48000.00", "48000.00", "45600.00", "—", "—", "—"],
        *INDICATORS,
    ]
    table = grid(rows)
    assert detect(table)
    found = recognise_evaluation("t.txt", table, "", TEMPLATES)
    assert found is not None and found.budget is not None
    return found


TOTAL_YUAN = ["年度资金总额", "48000.00", "48000.00", "45600.00", "10", "95%", "9.5"]


@pytest.mark.parametrize(
    ("header", "above"),
    [
        ("项目资金（元）", None),  # the budget header's own unit
        ("项目资金", [["单位：元"]]),  # a note above the table
    ],
)
def test_the_national_reader_reads_amounts_in_the_stated_yuan(
    header: str, above: list[list[str]] | None
) -> None:
    budget = national(header, TOTAL_YUAN, above).budget
    assert budget is not None
    total = budget.total
    assert total.adjusted is not None and total.executed is not None
    assert (total.adjusted.num, total.executed.num) == (Decimal("4.8"), Decimal("4.56"))
    assert total.adjusted.orig_unit == "元" and total.adjusted.unit == "万元"
    assert total.adjusted.text == "48000.00"  # written as it was
    part = budget.parts[0].executed
    assert part is not None and part.num == Decimal("4.56") and part.orig_unit == "元"


def test_the_national_reader_keeps_wan_yuan_as_written() -> None:
    budget = national("项目资金（万元）", ["年度资金总额", "4.80", "4.80", "4.56", "10", "95%", "9.5"]).budget
    assert budget is not None and budget.total.executed is not None
    assert budget.total.executed.num == Decimal("4.56") and budget.total.executed.orig_unit is None


def test_stated_unit_prefers_the_first_text_that_names_one() -> None:
    assert stated_unit(["2023年度项目支出绩效自评表", "项目资金（元）", "总投资（万元）"]) == "元"
    assert stated_unit(["金额单位：万元"]) == "万元"
    assert stated_unit(["某县", "项目名称"]) == "万元"  # none stated
    # a bare 万元 inside a sentence says nothing of the table's unit
    assert stated_unit(["本年度共安排资金三百万元用于改善农村道路", "单位：元"]) == "元"


def test_a_total_row_with_one_label_under_two_label_columns_is_aligned_by_the_header() -> None:
    """部门（单位）总体资金 | 资金来源 over the labels; the 年度资金总额 line writes its label once."""
    rows = [
        ["部门整体支出绩效自评表"],
        ["部门（单位）名称", "某镇人民政府"],
        [
            "部门（单位）总体资金（万元）",
            "资金来源",
            "年初预算数（A）",
            "全年执行数（B）",
            "分值（10分）",
            "得分",
        ],
        ["年度资金总额：", "860.40", "902.15", "10", "10"],
        ["", "基本支出", "700.00", "690.25"],
        ["", "项目支出", "160.40", "211.90"],
        *INDICATORS,
    ]
    table = grid(rows)
    assert detect(table)
    found = recognise_evaluation("t.txt", table, "", TEMPLATES)
    assert found is not None and found.budget is not None
    budget = found.budget
    assert budget.total.label == "年度资金总额："
    assert budget.total.initial is not None and budget.total.initial.num == Decimal("860.40")
    assert budget.total.adjusted is None  # the form has no 全年预算数 column
    assert budget.total.executed is not None and budget.total.executed.num == Decimal("902.15")
    assert budget.weight is not None and budget.weight.num == Decimal(10)
    assert budget.score is not None and budget.score.num == Decimal(10)
    assert budget.total.executed.loc is not None and budget.total.executed.loc.col == 3  # the cell it is in
    assert [(p.label, p.initial.num if p.initial else None) for p in budget.parts] == [
        ("基本支出", Decimal("700.00")),
        ("项目支出", Decimal("160.40")),
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("0.958", Decimal("95.8")),  # Excel lost the percent format: a fraction of 100%
        ("95.8%", Decimal("95.8")),
        ("0.5", Decimal(50)),  # read as written though 45984 / 48000 = 95.8%: A002 says so
    ],
)
def test_a_rate_written_as_a_fraction_is_read_as_its_percentage(written: str, expected: Decimal) -> None:
    total = ["年度资金总额", "48000.00", "48000.00", "45984.00", "10", written, "9.58"]
    budget = national("项目资金（元）", total).budget
    assert budget is not None and budget.rate is not None
    assert budget.rate.text == written  # the cell as written
    assert budget.rate.num == expected and budget.rate.unit == "%"


HUBEI = [
    ["填报日期：2023年3月1日"],
    ["项目名称", "农村公路养护经费"],
    ["主管部门", "某县交通运输局", "项目实施单位", "某县公路事务中心"],
    ["预算执行情况（{unit}）（20分）", "预算数（A）", "执行数（B）", "执行率（B/A）", "得分（20分*执行率）"],
    ["年度财政资金总额", "{adjusted}", "{executed}", "{rate}", "19.2"],
    ["一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "得分"],
    ["产出指标（60分）", "数量指标", "养护里程", "≥120公里", "125公里", "30"],
    ["", "质量指标", "优良路率", "≥80%", "85%", "30"],
    ["效益指标（20分）", "社会效益指标", "群众出行条件", "有效改善", "有效改善", "20"],
    ["{total_label}", "{total}"],
]


def hubei(**values: str) -> Evaluation:
    fields = {"unit": "万元", "adjusted": "50", "executed": "48", "rate": "96%", "total_label": "总分"}
    fields.update(values)
    rows = [[cell.format(**fields) for cell in row] for row in HUBEI]
    found = recognise_hubei_table("t.txt", grid(rows))
    assert found is not None
    return found


def test_the_hubei_reader_reads_the_points_written_in_the_total_label() -> None:
    found = hubei(total_label="总分（100分）", total="89.2")
    assert found.declared_points is not None and found.declared_points.num == Decimal(100)
    assert found.declared_total is not None and found.declared_total.num == Decimal("89.2")
    plain = hubei(total="89.2")
    assert plain.declared_points is None  # nothing stated, nothing read


def test_the_hubei_reader_reads_amounts_in_the_stated_unit_and_fraction_rates() -> None:
    found = hubei(unit="元", adjusted="500000", executed="480000", rate="0.96", total="89.2")
    assert found.budget is not None
    total = found.budget.total
    assert (
        total.adjusted is not None and total.adjusted.num == Decimal(50) and total.adjusted.orig_unit == "元"
    )
    assert total.executed is not None and total.executed.num == Decimal(48)
    assert found.budget.rate is not None and found.budget.rate.num == Decimal(96)
    assert found.budget.rate.text == "0.96"


def test_a_figure_right_after_a_sign_is_the_value_it_qualifies() -> None:
    """A row the text cut after its 指标值 (``= | 100``): the 100 is the 指标值, never the 权重."""
    kinds: list[ColumnKind] = [
        "label",
        "level1",
        "level2",
        "name",
        "sign",
        "value",
        "unit",
        "value",
        "points",
        "points",
    ]
    tokens = ["", "产出指标", "质量指标", "设备验收合格率", "=", "100"]
    assert align(tokens, kinds) == (
        None,
        "产出指标",
        "质量指标",
        "设备验收合格率",
        "=",
        "100",
        None,
        None,
        None,
        None,
    )
    # a complete row is placed as before
    full = ["", "产出指标", "质量指标", "设备验收合格率", "=", "100", "%", "100%", "20", "20"]
    assert align(full, kinds) == (None, *full[1:])


PDF_TEXT = """2022 年度某区社会保险局项目绩效自评表

项目名称 退休人员档案管理经费

主管部门 某区人力资源和社会保障局

预算执行情况

（万元）

（20 分）

预算数（A) 执行数(B)
执行率

（B/A）

得分

（20 分*执

行率）

年度财政

资金总额
28 万元 28 万元 100% 20

一级指标 二级指标 三级指标
年初目标值

(A）

实际完成值

(B)
得分

产出指标

（40 分）
数量指标 档案整理卷数 ≥500卷 520卷 20
 质量指标 档案管理规范率 100% 100% 20

效益指标

（40 分）
社会效益指标 提升群众满意度 进一步提升 已提升 40

{total}

偏差大或目标未完成原因分析 无
"""


@pytest.mark.parametrize(("total", "points"), [("总分（100分） 98", Decimal(100)), ("总分 98", None)])
def test_the_hubei_pdf_text_reader_reads_the_points_in_the_total_label(
    total: str, points: Decimal | None
) -> None:
    from jixiao.forms.hubei.text import recognise_hubei
    from jixiao.ingest.pdftext import read_pdf_text

    (found,) = recognise_hubei(read_pdf_text(PDF_TEXT.format(total=total), "t.txt"))
    assert found.declared_total is not None and found.declared_total.num == Decimal(98)
    assert (found.declared_points.num if found.declared_points else None) == points
    assert [i.score.num if i.score else None for i in found.indicators] == [
        Decimal(20),
        Decimal(20),
        Decimal(40),
    ]
