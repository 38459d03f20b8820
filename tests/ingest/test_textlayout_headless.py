"""A pipe page that opens inside a form's indicator block, its header on the page before (``headless``).

Synthetic texts in the shape a reprint site's paging gives (not a copy of a corpus page): the block's
rows, the form's 合计 and closing rows, then the next form. The rows are read only where their own
structure (一级/二级 labels, the 合计's 100) establishes the columns; otherwise they are left.
"""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import indicator_rows, num

from jixiao.ingest.loader import load_text

NEXT_FORM = [
    "部门预算项目支出绩效自评表(2023年度) | ||||||||||",
    "项目名称 | 某县农村道路养护经费 | |||||||||",
    "主管部门 | 某县交通运输局 | 实施单位 | 某县公路养护站 | |||||||",
    "预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 |",
]

UNFILLED = "\n".join(
    [
        "道路巡查覆盖率 | = | 100 | % | 10 | ||||||",
        "成本指标 | 巡查车辆油费 | ≤ | 2.5 | 万元 | 10 | |||||",
        "效益指标 | 社会效益指标 | 群众出行便利度 | 定性 | 提高 | 20 | ||||",
        "满意度指标 | 服务对象满意度指标 | 沿线群众满意度 | ≥ | 90 | % | 10 | ||||",
        "合计 | 100 | |||||||||",
        "评价结论 | 结合自评情况,说明项目自评总分。 | |||||||||",
        "项目负责人: | 财务负责人: | |||||||||",
        *NEXT_FORM,
    ]
)


def test_block_continued_from_the_page_before_is_read_under_its_rows_columns() -> None:
    dossier = load_text(UNFILLED, "续页.txt")
    assert len(dossier.evaluations) == 2
    first, second = dossier.evaluations
    # the lone figure after each row's target is the 分值: the 合计 totals it (100), no 得分 written
    assert indicator_rows(first) == [
        ("道路巡查覆盖率", Decimal(10), None),
        ("巡查车辆油费", Decimal(10), None),
        ("群众出行便利度", Decimal(20), None),
        ("沿线群众满意度", Decimal(10), None),
    ]
    assert num(first.declared_points) == Decimal(100)
    assert first.declared_total is None
    assert first.name is None
    # a single label is the 二级 (the 一级 merged down from the row above); two are 一级 and 二级
    assert (first.indicators[1].level1, first.indicators[1].level2) == ("", "成本指标")
    assert (first.indicators[2].level1, first.indicators[2].level2) == ("效益指标", "社会效益指标")
    assert first.indicators[0].target is not None and "100" in first.indicators[0].target.text
    # the next form keeps its own head
    assert second.name is not None and second.name.text == "某县农村道路养护经费"


SCORED = "\n".join(
    [
        "道路巡查覆盖率 | = | 100 | % | 10 | 10 | ||||",
        "效益指标 | 社会效益指标 | 群众出行便利度 | 定性 | 提高 | 20 | 18 | |||",
        "满意度指标 | 服务对象满意度指标 | 沿线群众满意度 | ≥ | 90 | % | 10 | 9 | |||",
        "合计 | 100 | 95 | ||||||||",
        *NEXT_FORM,
    ]
)


def test_two_figures_are_the_weight_and_the_score_the_total_row_sums() -> None:
    first = load_text(SCORED, "续页.txt").evaluations[0]
    assert indicator_rows(first) == [
        ("道路巡查覆盖率", Decimal(10), Decimal(10)),
        ("群众出行便利度", Decimal(20), Decimal(18)),
        ("沿线群众满意度", Decimal(10), Decimal(9)),
    ]
    assert (num(first.declared_points), num(first.declared_total)) == (Decimal(100), Decimal(95))


def _block_left(text: str) -> None:
    evaluations = load_text(text, "续页.txt").evaluations
    assert not any(i.name == "群众出行便利度" for e in evaluations for i in e.indicators)


def test_block_without_both_level_labels_on_a_row_is_left() -> None:
    # no row writes an 一级 and a 二级 label: the columns before the name are not established
    _block_left(
        UNFILLED.replace("效益指标 | 社会效益指标 |", "社会效益指标 |").replace(
            "满意度指标 | 服务对象满意度指标 |", "服务对象满意度指标 |"
        )
    )


def test_block_whose_total_is_not_the_whole_is_left() -> None:
    # a 合计 of 55: not the 分值 column's whole, the figures' column is not known
    _block_left(UNFILLED.replace("合计 | 100 |", "合计 | 55 |"))


def test_block_with_a_cell_more_than_its_target_is_left() -> None:
    # one figure per row and one in the 合计, but a row writes a 完成值 too: which figure is whose is
    # not told by the rows
    _block_left(UNFILLED.replace("提高 | 20 |", "提高 | 已提高 | 20 |"))


def test_score_above_its_weight_leaves_the_block() -> None:
    _block_left(SCORED.replace("| 20 | 18 |", "| 20 | 28 |"))
