"""The Fujian 部门整体支出绩效自评表 written flat (a row a line, cells separated by spaces): a 财政资金安排和
使用情况 block whose columns carry circled numbers and their formulas (年初…① 年中调整金额② 小计 ③=①+②
年度拨付金额 支出实现率(%)⑤=④/③ …), funding lines numbered ① ② under a 小计 line, and indicator rows
that write a long 评分标准 between their values and their 指标分值 / 自评得分. Each text below is written
in that style (not copied from a document); the assertions are what a reviewer reads off the form."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import num, only

from jixiao.forms.generic.vocabulary import core
from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout.order import _indicator_kind

FORM = (
    "部门整体支出绩效自评表\n"
    "( 2021 年度)\n"
    "部门(单位)名称 某市气象服务中心 部门预算编码 123456\n"
    "财政资金安排和使用情况 资金结构 预算安排 拨付情况 结余情况\n"
    "(万元) 年初部门预算安排金额(含历年结余结转)① 年中调整金额② 小计 年度拨付金额 支出实现率(%)⑤=④/③ "
    "本年度结余金额⑥=③-④ 资金结余率(%)⑦=⑥/③\n"
    "  ③=①+②\n"
    "财政资金小计 80 20 100 90 90 10 10\n"
    "① 项目支出 30 10 40 36 90 4 10\n"
    "② 基本支出 50 10 60 54 90 6 10\n"
    "2.单位其它收入 0 0 0 0 0 0 0\n"
    "合 计 80 20 100 90 90 10 10\n"
    "年度总体目标完成情况 预期目标 目标实际完成情况\n"
    "做好气象预警服务,提升服务能力。 完成年度目标\n"
    "年度绩效指标完成情况 一级指标 二级指标 三级指标 绩效 实际 评分标准 指标分值 自评得分 未完成原因\n"
    "目标值 完成值\n"
    "产出目标 数量目标 发布预警信息次数 50次 52次 本指标满分10分,发布次数达50次得10分,少一次扣1分,扣完为止。 10 10 已完成\n"
    "开展气象科普活动场数 8场 6场 本指标满分8分,活动达8场得8分,少一场扣2分,扣完为止。 8 4 场地未落实\n"
)


def test_circled_column_numbers_and_formulas_are_markers_not_words() -> None:
    assert core("支出实现率(%)⑤=④/③") == "支出实现率"
    assert core("本年度结余金额⑥=③-④") == "本年度结余金额"
    assert core("小计③=①+②") == "小计"
    assert core("① 项目支出") == "项目支出"


def test_form_budget_read_from_the_total_line() -> None:
    evaluation = only(FORM, "qixiang.txt")
    budget = evaluation.budget
    assert budget is not None
    total = budget.total
    # 年初① 80, 小计③ (the year's budget) 100, 年度拨付金额④ 90, 支出实现率⑤ 90%
    assert (num(total.initial), num(total.adjusted), num(total.executed)) == (
        Decimal("80"),
        Decimal("100"),
        Decimal("90"),
    )
    assert num(budget.rate) == Decimal("90")
    # 年中调整金额② (20) and the 结余 columns fill no budget column
    assert all(num(v) != Decimal("20") for v in (total.initial, total.adjusted, total.executed))


def test_numbered_lines_under_a_subtotal_are_its_details_not_parts_of_the_total() -> None:
    evaluation = only(FORM, "qixiang.txt")
    assert evaluation.budget is not None
    labels = [core(p.label) for p in evaluation.budget.parts]
    assert labels == ["财政资金小计", "2.单位其它收入"]  # ① 项目支出, ② 基本支出 counted once, in the 小计
    adjusted = sum((num(p.adjusted) or Decimal(0) for p in evaluation.budget.parts), Decimal(0))
    assert adjusted == Decimal("100")


def test_indicator_figures_placed_after_the_scoring_rule_text() -> None:
    evaluation = only(FORM, "qixiang.txt")
    rows = [
        (
            i.name,
            i.target.text if i.target else None,
            i.actual.text if i.actual else None,
            num(i.weight),
            num(i.score),
        )
        for i in evaluation.indicators
    ]
    # the 分值/得分 are the figures after the 评分标准 text, never the 10分 / 8场 written inside it
    assert rows == [
        ("发布预警信息次数", "50次", "52次", Decimal("10"), Decimal("10")),
        ("开展气象科普活动场数", "8场", "6场", Decimal("8"), Decimal("4")),
    ]
    assert evaluation.indicators[0].level1 == "产出目标"
    assert evaluation.indicators[0].level2 == "数量目标"


def test_named_points_columns_are_points() -> None:
    assert _indicator_kind("指标分值") == "points"
    assert _indicator_kind("自评得分") == "points"
    assert _indicator_kind("评分标准") == "text"


def test_form_is_no_rubric() -> None:
    dossier = load_text(FORM, "qixiang.txt")
    assert not dossier.rubrics and len(dossier.evaluations) == 1
