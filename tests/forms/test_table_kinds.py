"""Which table a 自评表 is (项目支出, 单位整体支出, 部门整体支出), what names it, and which rows hold no
indicator: the title's words first (部门整体 / 单位整体 / 整体支出 / 项目), then the head's labels
(项目名称; 部门名称 or the Chongqing 部门整体 form's 部门联系人; 预算单位名称 / 单位名称 or the overall
forms' 年度预算申请). A column header or a year alone is no name and no title; the indicator block's
section heading (年度绩效指标完成情况) with nothing under it is no indicator. Forms written here, small
and synthetic."""

from __future__ import annotations

from jixiao.forms.common.evaluation import recognise_evaluation
from jixiao.forms.generic.kinds import table_kind
from jixiao.forms.generic.reader import read
from jixiao.forms.generic.rows import row_kind
from jixiao.model.dossier import Evaluation, TableKind
from jixiao.model.grid import GridCell, GridTable

BUDGET = [
    ["资金情况（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "100", "100", "90", "10", "90%", "9"],
]
INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "新建渠道长度", "10公里", "10公里", "90", "90"],
]
# the Chongqing 得分系数 form's indicator block (得分 = 权重 × 得分系数)
COEFFICIENT = [
    [
        "指标名称",
        "计量单位",
        "指标性质",
        "年初指标值",
        "全年完成值",
        "得分系数(%)",
        "指标权重(分)",
        "指标得分(分)",
        "是否核心指标",
    ],
    ["公用经费控制率", "%", "定量指标", "100%", "97%", "100%", "90", "90", "是"],
]
TEMPLATES: dict[TableKind, str] = {"project": "t-project", "unit_overall": "t-unit", "dept_overall": "t-dept"}


def grid(rows: list[list[str]]) -> GridTable:
    return GridTable(index=1, rows=tuple(tuple(GridCell(text=t) for t in r) for r in rows))


def generic(head: list[list[str]], title: str = "", indicators: list[list[str]] = INDICATORS) -> Evaluation:
    found = read("t.txt", grid([*head, *BUDGET, *indicators]), title)
    assert found is not None
    return found


def national(head: list[list[str]], title: str = "") -> Evaluation:
    found = recognise_evaluation("t.txt", grid([*head, *BUDGET, *INDICATORS]), title, TEMPLATES)
    assert found is not None
    return found


# ---------------------------------------------------------------- the title's words


def test_a_部门整体_title_is_a_department_table_whichever_its_head() -> None:
    assert (
        table_kind("部门整体支出绩效自评表（2021年度）", ["预算单位名称", "某疾病预防控制中心"])
        == "dept_overall"
    )
    assert table_kind("某区林业局2023年度部门整体绩效自评表", ["主管部门", "某区林业局"]) == "dept_overall"
    assert table_kind("单位整体支出绩效自评表", ["部门名称", "某局"]) == "unit_overall"


def test_a_bare_整体支出_title_is_told_by_its_head() -> None:
    assert table_kind("某卫生院整体支出绩效自评表", ["单位名称", "某卫生院"]) == "unit_overall"
    assert table_kind("某卫生院整体支出绩效自评表", []) == "unit_overall"
    assert table_kind("某局整体支出绩效自评表", ["部门（单位）名称", "某局"]) == "dept_overall"


def test_a_title_naming_a_project_is_a_project_table() -> None:
    assert table_kind("2020年市级服务贸易发展资金项目自评表", [], default="unit_overall") == "project"
    assert table_kind("部门预算项目支出绩效自评表（2023年度）", ["单位名称", "某局"]) == "project"
    # a head cell that reads as the title counts as one
    assert table_kind("", ["部门整体支出绩效自评表", "预算单位名称", "某局"]) == "dept_overall"


# ---------------------------------------------------------------- the head's labels, no title


def test_a_head_with_a_项目名称_is_a_project_table() -> None:
    assert table_kind("", ["项目名称", "某项目", "主管部门", "某局"], default="unit_overall") == "project"


def test_the_chongqing_部门联系人_head_is_a_department_table() -> None:
    # the 部门整体绩效自评表's head (主管部门 / 部门联系人 / 联系电话 / 自评总分), run together by a reprint
    assert (
        table_kind("", ["主管部门", "某区林业局部门联系人李某联系电话", "自评总分(分)", "97.93"])
        == "dept_overall"
    )


def test_a_unit_head_or_the_overall_budget_label_is_a_unit_table() -> None:
    assert table_kind("", ["预算单位名称", "某中心"]) == "unit_overall"
    assert table_kind("", ["年度预算申请", "(万元"]) == "unit_overall"
    assert table_kind("", ["主管部门", "某局"]) == "project"
    assert table_kind("", [], default="unit_overall") == "unit_overall"


def test_the_generic_reader_reads_the_chongqing_department_form_as_one() -> None:
    head = [["主管部门", "某区林业局", "部门联系人", "李某", "联系电话", "12345678"], ["自评总分(分)", "99"]]
    found = generic(head)
    assert (found.kind, found.template) == ("dept_overall", "generic-dept")
    found = generic(head, indicators=COEFFICIENT)  # the 得分系数 variant: the Chongqing family's 部门 form
    assert (found.kind, found.template) == ("dept_overall", "chongqing-dept")
    project = generic(
        [["项目名称", "某项目", "主管部门", "某局"], ["项目联系人", "李某"]], indicators=COEFFICIENT
    )
    assert (project.kind, project.template) == ("project", "chongqing-project")


def test_the_generic_reader_reads_a_年度预算申请_head_as_a_unit_table_with_no_title() -> None:
    found = generic([["年度预算申请"], ["(万元"]])
    assert found.kind == "unit_overall"
    assert found.title == ""


def test_the_national_reader_takes_the_title_before_the_head() -> None:
    head = [["预算单位名称", "某疾病预防控制中心"]]
    assert national(head).kind == "unit_overall"
    assert national(head, "部门整体支出绩效自评表（2021年度）").kind == "dept_overall"
    assert national([["项目名称", "某项目"]]).kind == "project"
    assert national([["部门（单位）名称", "某局"]]).kind == "dept_overall"  # the 部门整体 form's head


# ---------------------------------------------------------------- no name, no title


def test_a_column_header_alone_on_its_row_is_no_title() -> None:
    found = generic([["主管部门", "财政处室"], ["自评总分(分)", "97.6"], ["年初预算数"], ["全年(If整)"]])
    assert found.title == ""


def test_a_column_header_after_a_name_label_is_no_name() -> None:
    found = generic([["项目名称", "年初预算数"]], "项目支出绩效自评表")
    assert found.name is None


def test_a_year_cut_off_a_name_opens_it() -> None:
    found = generic([["项目名称", "2020", "年市级服务贸易发展资金"], ["主管部门", "区商务局"]], "项目自评表")
    assert found.name is not None and found.name.text == "2020年市级服务贸易发展资金"
    alone = generic([["项目名称", "2020"], ["主管部门", "区商务局"]], "项目自评表")
    assert alone.name is None


# ---------------------------------------------------------------- a section heading is no indicator


def test_the_section_heading_with_nothing_under_it_is_no_indicator() -> None:
    assert row_kind("年度绩效指标完成情况", ("", "", "", "")) == "none"
    assert row_kind("年度绩效指标完成情况", ("", "", "10", "10")) == "indicator"
    rows = [*INDICATORS[:1], ["", "", "年度绩效指标完成情况", "", "", "", ""], *INDICATORS[1:]]
    found = generic([["项目名称", "某项目"]], "项目支出绩效自评表", indicators=rows)
    assert [i.name for i in found.indicators] == ["新建渠道长度"]
