"""Indicator rows of the text layouts that mark no rows (one cell per line, flat) cut at the width the
header's own words give: a header word the forms use (实际完成指标值, 得分计算方法) is a column, not a
row's name; the block's own 得分 closing its header row (the 区域 form) makes the rows' 得分 column.
Each text is written in the style of the layout, not copied from a document."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import indicator_rows, num, only_evaluation, pasted_cells

from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout import detect_layout, read_text_layout
from jixiao.model.grid import GridTable

# The 区域 form: each block scored in the form's last column (under the head's 自评得分), the indicator
# header naming 实际完成指标值 and no 分值 or 得分, the block's 50 closing the header row.
REGION_CELLS = pasted_cells(
    "农村公路养护补助资金区域绩效目标自评表",
    "专项名称",
    "农村公路养护补助资金",
    "中央主管部门",
    "交通运输部",
    "自评得分",
    "省级财政部门",
    "某省财政厅",
    "省级主管部门",
    "某省交通运输厅",
    "90",
    "预算执行情况",
    "预算数:",
    "12.50",
    "执行数:",
    "12.50",
    "20",
    "年度绩效指标完成情况",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成指标值",
    "50",
    "产出指标",
    "数量指标",
    "指标1:养护里程",
    "120公里",
    "120公里",
    "20",
    "指标2:路况优良率",
    "≥80%",
    "85%",
    "15",
    "时效指标",
    "指标1:养护完成及时性",
    "及时",
    "及时",
    "15",
)


def test_cells_header_word_is_a_column_not_an_indicator() -> None:
    assert detect_layout(REGION_CELLS) == "cells"
    evaluation = only_evaluation(load_text(REGION_CELLS, "gonglu.txt"))
    names = [i.name for i in evaluation.indicators]
    assert "实际完成指标值" not in names
    assert "50" not in names
    assert indicator_rows(evaluation) == [
        ("指标1:养护里程", None, Decimal("20")),
        ("指标2:路况优良率", None, Decimal("15")),
        ("指标1:养护完成及时性", None, Decimal("15")),
    ]
    first = evaluation.indicators[0]
    assert first.target is not None and first.target.text == "120公里"
    assert first.actual is not None and first.actual.text == "120公里"


def test_cells_block_points_closing_the_header_row_is_the_rows_score_column() -> None:
    grid = read_text_layout(REGION_CELLS, "gonglu.txt")
    assert grid is not None
    table = next(b for b in grid.blocks if isinstance(b, GridTable))
    header = next(r for r in table.rows if any(c.text == "一级指标" for c in r))
    texts = [c.text for c in header if c.text]
    assert texts == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成指标值", "50"]
    rows = [[c.text for c in r] for r in table.rows]
    assert ["", "产出指标", "数量指标", "指标1:养护里程", "120公里", "120公里", "20"] in rows


def test_cells_header_without_its_block_points_keeps_the_figures_unscored() -> None:
    # no figure closes the header row: no column is made up for the rows' last figures
    text = REGION_CELLS.replace("实际完成指标值\n\n50\n\n", "实际完成指标值\n\n")
    evaluation = only_evaluation(load_text(text, "gonglu.txt"))
    assert all(i.score is None for i in evaluation.indicators)
    assert "实际完成指标值" not in [i.name for i in evaluation.indicators]


def test_cells_header_word_the_vocabulary_does_not_know_keeps_the_header_width() -> None:
    # 实际达成值 names no column the forms' vocabulary knows; 分值 and 得分 after it are still the header's
    text = pasted_cells(
        "项目支出绩效自评表",
        "项目名称",
        "职工技能培训",
        "项目资金(万元)",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
        "年度资金总额",
        "10",
        "10",
        "10",
        "10",
        "100%",
        "10",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际达成值",
        "分值",
        "得分",
        "产出指标",
        "数量指标",
        "培训人数",
        "100人",
        "120人",
        "20",
        "20",
        "质量指标",
        "考核合格率",
        "≥90%",
        "95%",
        "20",
        "19",
    )
    assert detect_layout(text) == "cells"
    evaluation = only_evaluation(load_text(text, "peixun.txt"))
    assert indicator_rows(evaluation) == [
        ("培训人数", Decimal("20"), Decimal("20")),
        ("考核合格率", Decimal("20"), Decimal("19")),
    ]
    first = evaluation.indicators[0]
    assert first.target is not None and first.target.text == "100人"
    assert first.actual is None  # the unknown column's cell fills no field


# A district form flattened to a row a line: 一级/二级 header words broken over lines, the header naming
# 实际完成指标值(B) and a 得分计算方法 column after 未完成原因, the first row's 得分计算方法 two sentences that
# spill onto lines of their own.
DISTRICT_FLAT = "\n".join(
    [
        "区级部门预算项目支出绩效自评表",
        "项目名称 社区文体活动经费 主管部门 某区文化和旅游局",
        "  年初预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分 得分计算方法",
        "年度资金总额 30 30 10 100% 10 执行率*该指标分值,最高不得超过分值上限。",
        "一级",
        "指标",
        "二级",
        "指标",
        "三级指标 预期指标值(A) 实际完成指标值(B) 分值 得分 未完成原因 得分计算方法",
        "(50分)",
        "数量指标 开展文体活动场次 20场 22场 25 25  ",
        "定量指标计算:完成值达到指标值,记满分;未达到指标值,按B/A*该指标分值记分。",
        "定性指标计算:根据完成程度分档,按照指标分值的100-80%、80-50%、50-0%来记分。",
        "质量指标 活动组织规范、安全有效 100% 100% 25 24  ",
        "",
    ]
)


def test_flat_header_words_of_the_form_are_columns_and_sentences_stay_in_their_row() -> None:
    assert detect_layout(DISTRICT_FLAT) == "flat"
    evaluation = only_evaluation(load_text(DISTRICT_FLAT, "wenti.txt"))
    assert indicator_rows(evaluation) == [
        ("开展文体活动场次", Decimal("25"), Decimal("25")),
        ("活动组织规范、安全有效", Decimal("25"), Decimal("24")),
    ]
    # the two sentences are the row's text columns, no indicator of their own
    assert not any("指标计算" in i.name for i in evaluation.indicators)
    grid = read_text_layout(DISTRICT_FLAT, "wenti.txt")
    assert grid is not None
    table = next(b for b in grid.blocks if isinstance(b, GridTable))
    header = next(r for r in table.rows if any(c.text == "三级指标" for c in r))
    assert [c.text for c in header if c.text][-3:] == ["得分", "未完成原因", "得分计算方法"]
    row = next(r for r in table.rows if any(c.text == "开展文体活动场次" for c in r))
    assert [c.text for c in row][3:8] == ["开展文体活动场次", "20场", "22场", "25", "25"]


# A Hubei-style 项目自评表 reprinted by a document-sharing site: the cells run together, each page's
# text opens with its number (``1、`` / ``2、``) and a row runs on across it, the indicator header has
# 得分 alone (no 分值), the form's two 年度绩效目标 blocks repeat the header, a name holds a span of years.
HUBEI_RUNON = "\n".join(
    [
        "文档简介",
        "1、2021年度河道巡查项目绩效自评表单位名称:某县河湖保护中心项目名称河道巡查主管部门某县水利局"
        "预算执行情况(万元)(20分)预算数(A)执行数(B)执行率(B/A)得分(20分*执行率)"
        "年度财政资金总额2020100%20年度绩效目标1(40分)一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分"
        "产出指标数量指标巡查河道里程120公里120公里20时效指标完成2021-2022巡",
        "2、查台账100%100%20年度绩效目标2(40分)一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分"
        "效益指标社会效益指标河道保洁率95%96%39总分99偏差大或目标未完成原因分析无",
    ]
)


def test_runon_rows_read_across_page_numbers_and_both_blocks() -> None:
    assert detect_layout(HUBEI_RUNON) == "runon"
    evaluation = only_evaluation(load_text(HUBEI_RUNON, "hedao.txt"))
    assert indicator_rows(evaluation) == [
        ("巡查河道里程", None, Decimal("20")),
        ("完成2021-2022巡查台账", None, Decimal("20")),  # the page number 2、 is no part of it
        ("河道保洁率", None, Decimal("39")),
    ]
    assert num(evaluation.declared_total) == Decimal("99")
    second = evaluation.indicators[1]
    assert second.target is not None and second.target.text == "100%"


def test_runon_row_across_a_line_that_is_no_page_number_stays_unread() -> None:
    # the second line opens with no page number in sequence: the row is not run on across it
    text = HUBEI_RUNON.replace("\n2、查台账", "\n查台账")
    evaluation = only_evaluation(load_text(text, "hedao.txt"))
    assert evaluation.indicators == ()  # the block is left unread, no row guessed
    assert evaluation.budget is not None  # the budget is read as before


def test_runon_single_year_after_a_name_is_no_part_of_it() -> None:
    # a single year after the name is a date, the target's: the name does not take it
    text = HUBEI_RUNON.replace("完成2021-2022巡", "完成2021年巡")
    evaluation = only_evaluation(load_text(text, "hedao.txt"))
    assert evaluation.indicators == ()  # no cut reads the row: the block is left unread
