"""A text reader claims an evaluation table only on evidence of one: its budget row (预算数/执行数 heads and
资金总额 with a figure) or its indicator header (指标 … 分值/得分). The labels a form shares with every
narrative report (项目名称, 项目单位, 主管部门) are no table; texts here are small and synthetic."""

from __future__ import annotations

from decimal import Decimal

from jixiao.forms.hubei.text import recognise_hubei
from jixiao.forms.registry import shows_a_table, text_evaluations
from jixiao.ingest.loader import load_text
from jixiao.ingest.pdftext import read_pdf_text
from jixiao.model.dossier import Budget, BudgetRow, Evaluation, Val

# The cover of a 财政支出项目绩效评价自评报告, one cell a line with blank lines between: labels, a money
# block and the head of an indicator list, but no 自评表 (no 预算数/执行数, no 分值/得分).
REPORT_COVER = """某区财政支出项目绩效评价自评报告

评价类型:项目实施过程评价□   项目完成结果评价■

项目名称            示例项目

项目单位          某区某办

主管部门

评价方式: 自评

报告日期:2017年5月8日

一、项 目 基 本 概 况

项目负责人

张三

项目起止时间

2016年1月1日

计划安排资金

(万元)

48

实际到位资金

(万元)

48

实际支出

(万元)

46.5

三、项目绩效自评情况

项目绩效定量目标(指标)及完成情况

一级指标

二级指标

指标内容
"""

# A 评价报告's cover and first paragraph: 项目名称 and 项目主管部门 as labels, a 资金总额 in a sentence.
REPORT_PROSE = """财政支出项目绩效评价报告
(2019年度)
项目名称: 示例绿化项目
项目承担单位: 某区农业农村局
项目主管部门: 某区农业农村局(公章)
填报日期:2020年4 月25 日
一、项目概况
(一)项目背景资料。项目资金总额199.88万元，由区财政投资，绿化面积500亩。
"""

# A Hubei 自评表 as PDF text: its budget row and its indicator rows.
FORM = """2022 年度某区社会保险局项目绩效自评表

项目名称 档案管理经费

主管部门 某区人力资源和社会保障局

预算执行情况（万元）（20 分）

预算数（A) 执行数(B) 执行率（B/A） 得分（20 分*执行率）

年度财政资金总额
28 万元 28 万元 100% 20

一级指标 二级指标 三级指标 年初目标值(A） 实际完成值(B) 得分

产出指标（40 分）
数量指标 档案整理卷数 ≥500卷 520卷 40

效益指标（40 分）
社会效益指标 提升群众满意度 进一步提升 已提升 40

总分 100
"""


def test_a_report_cover_with_form_labels_is_no_evaluation_table() -> None:
    assert recognise_hubei(read_pdf_text(REPORT_COVER, "t.txt")) == ()
    assert load_text(REPORT_COVER, "t.txt").evaluations == ()


def test_a_report_whose_prose_names_a_fund_total_is_no_evaluation_table() -> None:
    assert recognise_hubei(read_pdf_text(REPORT_PROSE, "t.txt")) == ()
    assert load_text(REPORT_PROSE, "t.txt").evaluations == ()


def test_a_form_with_its_budget_row_and_indicators_is_still_read() -> None:
    (found,) = load_text(FORM, "t.txt").evaluations
    assert found.name is not None and found.name.text == "档案管理经费"
    assert found.budget is not None and found.budget.total.executed is not None
    assert found.budget.total.executed.num == Decimal(28)
    assert [i.score.num if i.score else None for i in found.indicators] == [Decimal(40), Decimal(40)]


def test_a_form_with_its_indicator_header_alone_is_read() -> None:
    start = FORM.index("预算执行情况")
    end = FORM.index("一级指标")
    (found,) = recognise_hubei(read_pdf_text(FORM[:start] + FORM[end:], "t.txt"))
    assert found.budget is None
    assert [i.score.num if i.score else None for i in found.indicators] == [Decimal(40), Decimal(40)]


def test_a_form_cut_off_after_its_labels_is_not_claimed() -> None:
    cut = FORM[: FORM.index("预算执行情况")]
    assert recognise_hubei(read_pdf_text(cut, "t.txt")) == ()


def test_text_evaluations_keep_only_those_showing_a_table() -> None:
    labels_only = Evaluation(kind="project", template="hubei-project", title="", name=Val(text="示例"))
    with_budget = Evaluation(
        kind="project",
        template="hubei-project",
        title="",
        budget=Budget(total=BudgetRow(label="年度资金总额", executed=Val(text="28", num=Decimal(28)))),
    )
    assert not shows_a_table(labels_only)
    assert shows_a_table(with_budget)
    assert text_evaluations(read_pdf_text(REPORT_COVER, "t.txt")) == ()
    assert len(text_evaluations(read_pdf_text(FORM, "t.txt"))) == 1


def test_a_name_stops_at_the_next_known_label() -> None:
    # the name's line is followed by a 项目单位 line (a blank line between, as a one-cell-a-line copy writes)
    text = FORM.replace(
        "项目名称 档案管理经费\n", "项目名称            档案管理经费\n\n项目单位          某区社保局\n"
    )
    (found,) = recognise_hubei(read_pdf_text(text, "t.txt"))
    assert found.name is not None and found.name.text == "档案管理经费"
    assert found.department is not None and found.department.text == "某区人力资源和社会保障局"
