"""Evaluation tables flattened onto one long line in reading order (PDF or spreadsheet text reprinted on
document-sharing sites): the budget header's figures follow it without their row labels, the labels
come later, and the indicator block gives the rows' figures first and their names after. Each text
below is written in that style (not copied from a document); the assertions are what a reviewer reads
off the form."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import num, only_evaluation

from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout import detect_layout, read_text_layout
from jixiao.model.dossier import Evaluation
from jixiao.model.grid import GridTable

# A project form printed to PDF, columns in reading order, amounts in 元, a page mark inside the line.
PDF_FLAT = (
    "某区体育事业管理中心2023年度项目自评价.pdf\n"
    "财政项目支出绩效自评表 (2023 年度) 社区健身步道维护 项目名称 主管部门 某区体育局 "
    "年初预算数 全年预算数 全年执行数 分值 执行率 得分 180000.00 180000.00 171,000.0 10 9.50 "
    "180000.00 180000.00 171000.0 — 上年结转资金 0 0 — 其他资金 0 0 — 年度资金总额 项目资金 (元) "
    "某区体育 事业管理中心 实施单位 其中:当年财政拨款 预期目标 年度 总体 目标 95.00% 实际完成情况 "
    "已完成步道维护。 一级指标 二级指标 数量指标 三级指标 维护步道长度 年度 指标值 实际 完成值 分值 得分 "
    "=12公里 12公里 30 30 =100% 98% 20 18 及时 及时 20 20 >=90% 96% 20 20 100 97.50 产出指标 "
    "质量指标 绩 效 指 标 时效指标 效益指标 社会效益指标 验收合格率 维护完成及时 性 满意度指标 "
    "服务对象满意度指标 居民满意度 总分 -1- 偏差原因分析及 改进措施\n"
)

# A spreadsheet's text on one line: 年初预算数 written among the fields with no figure of its own, the
# funds lines' labels before the budget header, numbered indicator names wrapped, a 偏差原因.
XLSX_FLAT = (
    "农村饮水维修养护绩效自评表.xlsx\n"
    "某县项目支出绩效自评表 (2022年度) 项目名称 农村饮水安全维修养护 主管部门 某县水利局 项目资金 "
    "年初预算数 (万元) 年度资金总额 其中:当年财政拨款 实施单位 全年预算数 全年执行数 分值 执行率 得分 "
    "48.20 47.30 10 98% 10 48.20 47.30 — 98% — 上年结转资金 — — 其他资金 — — 预期目标 实际完成情况 "
    "保障农村群众饮水安全 已保障农村群众饮水安全 年度总 体目标 一级 指标 二级指标 三级指标 数量指标 "
    "指标1:维修供水工程处数 绩 效 指 标 某县农村供水管理站 产出 指标 (50分 ) 实际 指标值 完成值 42 "
    "分值 得分 偏差原因分析及改进措 施 40 20 19 两处工程并入新建项目, 未单独维修 质量指标 "
    "指标1:维修工程验收合 格率 100% 100% 20 20 时效指标 指标1:维修完成及时 率 100% 100% 10 10 "
    "90% 92% 30 30 95% 96% 10 10 100 99 效益指 标(30 分) 社会效益 指标1:受益群众饮水保障 率 满意度 "
    "指标 服务对象满 指标1:群众满意度 (10分 意度指标 ) 总分\n"
)


def _rows(evaluation: Evaluation) -> list[tuple[str, Decimal | None, Decimal | None]]:
    return [(i.name.replace(" ", ""), num(i.weight), num(i.score)) for i in evaluation.indicators]


def test_pdf_text_flattened_onto_a_line_is_read_as_flat() -> None:
    assert detect_layout(PDF_FLAT) == "pdf"  # a page mark inside the line
    grid = read_text_layout(PDF_FLAT, "buxingdao.txt")
    assert grid is not None and any(isinstance(b, GridTable) for b in grid.blocks)


def test_pdf_flat_budget_rows_read_without_their_labels() -> None:
    evaluation = only_evaluation(load_text(PDF_FLAT, "buxingdao.txt"))
    budget = evaluation.budget
    assert budget is not None
    # the form states 元: read in 万元
    assert num(budget.total.initial) == Decimal("18")
    assert num(budget.total.adjusted) == Decimal("18")
    assert num(budget.total.executed) == Decimal("17.1")
    assert budget.total.label == "年度资金总额"  # the label reading order wrote after the rows
    assert num(budget.weight) == Decimal("10")
    assert num(budget.score) == Decimal("9.50")
    # the 执行率 written after the block, alone, agrees with 171000 ÷ 180000: it is the row's
    assert budget.rate is not None and budget.rate.text == "95.00%"


def test_pdf_flat_indicator_figures_paired_with_names_written_after_them() -> None:
    evaluation = only_evaluation(load_text(PDF_FLAT, "buxingdao.txt"))
    assert _rows(evaluation) == [
        ("维护步道长度", Decimal("30"), Decimal("30")),
        ("验收合格率", Decimal("20"), Decimal("18")),
        ("维护完成及时性", Decimal("20"), Decimal("20")),  # the wrapped cell's last character joined on
        ("居民满意度", Decimal("20"), Decimal("20")),
    ]
    # no row made of the label written down a merged cell (绩 效 指 标)
    assert not any(len(i.name) == 1 for i in evaluation.indicators)
    assert num(evaluation.declared_points) == Decimal("100")
    assert num(evaluation.declared_total) == Decimal("97.50")
    values = [
        (i.target.text if i.target else None, i.actual.text if i.actual else None)
        for i in evaluation.indicators
    ]
    assert values[1] == ("=100%", "98%")
    assert values[2] == ("及时", "及时")


def test_xlsx_flat_displaced_initial_column_stays_blank() -> None:
    evaluation = only_evaluation(load_text(XLSX_FLAT, "yinshui.txt"))
    budget = evaluation.budget
    assert budget is not None
    assert budget.total.label == "年度资金总额"
    assert budget.total.initial is None or budget.total.initial.num is None  # two amounts for three columns
    assert num(budget.total.adjusted) == Decimal("48.20")
    assert num(budget.total.executed) == Decimal("47.30")
    assert (num(budget.weight), num(budget.rate), num(budget.score)) == (
        Decimal("10"),
        Decimal("98"),
        Decimal("10"),
    )
    labels = [p.label for p in budget.parts]
    assert labels[0] == "其中:当年财政拨款"
    assert (num(budget.parts[0].adjusted), num(budget.parts[0].executed)) == (
        Decimal("48.20"),
        Decimal("47.30"),
    )


def test_xlsx_flat_numbered_names_and_reason() -> None:
    evaluation = only_evaluation(load_text(XLSX_FLAT, "yinshui.txt"))
    assert _rows(evaluation) == [
        ("指标1:维修供水工程处数", Decimal("20"), Decimal("19")),
        ("指标1:维修工程验收合格率", Decimal("20"), Decimal("20")),
        ("指标1:维修完成及时率", Decimal("10"), Decimal("10")),
        ("指标1:受益群众饮水保障率", Decimal("30"), Decimal("30")),
        ("指标1:群众满意度", Decimal("10"), Decimal("10")),
    ]
    first = evaluation.indicators[0]
    assert first.target is not None and first.target.text == "42"
    assert first.actual is not None and first.actual.text == "40"
    assert first.deviation is not None and "两处工程并入新建项目" in first.deviation.text
    assert num(evaluation.declared_total) == Decimal("99")


def test_ambiguous_budget_run_is_not_cut() -> None:
    # one row of three figures under six columns: 9.50 may be 全年执行数, 分值 or 得分
    text = PDF_FLAT.replace(
        "180000.00 180000.00 171,000.0 10 9.50 180000.00 180000.00 171000.0 —", "180000.00 180000.00 9.50"
    )
    dossier = load_text(text, "buxingdao.txt")
    for evaluation in dossier.evaluations:
        budget = evaluation.budget
        if budget is None:
            continue
        for row in (budget.total, *budget.parts):
            assert num(row.executed) != Decimal("9.50") / 10000
            assert num(row.executed) != Decimal("9.50")


def test_budget_run_whose_rate_disagrees_is_not_cut() -> None:
    # 0 / 207.00 / 100%: the cut that would put 0 under 全年预算数 contradicts its own 执行率
    text = XLSX_FLAT.replace(
        "48.20 47.30 10 98% 10 48.20 47.30 — 98% —", "0 207.00 10 100% 10 207.00 — 100% —"
    )
    grid = read_text_layout(text, "yinshui.txt")
    assert grid is not None
    table = next(b for b in grid.blocks if isinstance(b, GridTable))
    for row in table.rows:
        cells = [c.text for c in row]
        assert not ("0" in cells and "207.00" in cells and "100%" in cells)


def test_names_and_rows_not_one_to_one_are_not_paired() -> None:
    # one name more than rows of figures: which name goes with which row is no longer certain
    text = PDF_FLAT.replace("验收合格率 维护完成及时 性", "验收合格率 路面平整度 维护完成及时 性")
    evaluation = only_evaluation(load_text(text, "buxingdao.txt"))
    paired = {(i.name.replace(" ", ""), num(i.score)) for i in evaluation.indicators}
    assert ("验收合格率", Decimal("18")) not in paired
    assert ("居民满意度", Decimal("20")) not in paired


def test_figures_written_after_the_block_fill_the_first_row_where_only_one_filling_agrees() -> None:
    # the row's 全年执行数, 分值 and 执行率 stand after the block, alone; 171000 ÷ 180000 = 95.00% and
    # 10 × 95.00% = 9.50 make one filling agree (9.50 is the 得分)
    text = PDF_FLAT.replace(
        "180000.00 180000.00 171,000.0 10 9.50 180000.00 180000.00 171000.0 — 上年结转资金",
        "180000.00 180000.00 9.50 其中:当年财政拨款 0 0 — 上年结转资金",
    ).replace(
        "事业管理中心 实施单位 其中:当年财政拨款 预期目标 年度 总体 目标 95.00%",
        "事业管理中心 实施单位 171,000.0 预期目标 年度 总体 目标 10 95.00%",
    )
    budget = only_evaluation(load_text(text, "buxingdao.txt")).budget
    assert budget is not None
    assert budget.total.label == "年度资金总额"
    assert num(budget.total.executed) == Decimal("17.1")
    assert (num(budget.weight), num(budget.rate), num(budget.score)) == (
        Decimal("10"),
        Decimal("95.00"),
        Decimal("9.50"),
    )


def test_figures_after_the_block_that_do_not_agree_stay_unplaced() -> None:
    # the same, but 得分 9.50 cannot be 10 × 80.00%: no filling agrees, nothing is placed
    text = PDF_FLAT.replace(
        "180000.00 180000.00 171,000.0 10 9.50 180000.00 180000.00 171000.0 — 上年结转资金",
        "180000.00 180000.00 9.50 其中:当年财政拨款 0 0 — 上年结转资金",
    ).replace(
        "事业管理中心 实施单位 其中:当年财政拨款 预期目标 年度 总体 目标 95.00%",
        "事业管理中心 实施单位 144,000.0 预期目标 年度 总体 目标 10 80.00%",
    )
    evaluation = only_evaluation(load_text(text, "buxingdao.txt"))
    assert len(evaluation.indicators) == 4  # the table is read; only its first budget row is not
    budget = evaluation.budget
    assert budget is None or num(budget.total.executed) is None
    assert budget is None or budget.rate is None or budget.rate.num is None
