"""Indicator rows of a run-on reprint whose header has a 得分计算方法 column (``methodrows``): the Beijing
district 项目支出绩效自评表 of 2016 as a document-sharing site's preview runs it together, each page's
text opened by its number, the 分值 / 年度指标值 / 全年实际值 written as one figure again and again
(``12.512.512.5``), the scoring rule's sentence between the 实际值 and the 得分. Small synthetic texts."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import METHOD_HEAD, SCORING_RULE, indicator_rows, only

from jixiao.ingest.textlayout.methodrows import _rows


def test_a_row_whose_figures_are_one_figure_written_again_is_read() -> None:
    # the 二级 block runs on across the page number 3、; 绩效目标 inside the name is no block title; the
    # 一级指标 (产出指标(50分)) comes after its row; the next row is torn by the excerpt
    text = (
        METHOD_HEAD
        + f"数量指标是否完成绩效目标申报表中申报的数量12.51\n3、2.512.5{SCORING_RULE}12.5 产出指标(50分)质量指标是否达到国\n"
    )
    assert indicator_rows(only(text)) == [
        ("是否完成绩效目标申报表中申报的数量", Decimal("12.5"), Decimal("12.5"))
    ]


def test_the_scoring_rule_column_is_no_score() -> None:
    text = (
        METHOD_HEAD
        + f"产出指标(50分)数量指标绿地养护面积2090%95%{SCORING_RULE}20质量指标养护合格率3095%92%{SCORING_RULE}29总分10094\n"
    )
    evaluation = only(text)
    assert indicator_rows(evaluation) == [
        ("绿地养护面积", Decimal("20"), Decimal("20")),
        ("养护合格率", Decimal("30"), Decimal("29")),
    ]


def test_figures_run_together_that_are_no_figure_written_again_are_not_cut() -> None:
    # 12.5 | 12.61 | 2.5 or 12.51 | 2.61 | 2.5 …: no cut alone, and no one figure written again
    assert (
        _rows(
            f"是否完成申报的数量12.512.612.5{SCORING_RULE}12.5",
            ["points", "value", "value", "text", "points"],
            None,
        )
        is None
    )
    assert (
        _rows(
            f"是否完成申报的数量12.512.612.5{SCORING_RULE}12.5",
            ["points", "value", "value", "text", "points"],
            None,
            True,
        )
        is None
    )
    read = _rows(
        f"是否完成申报的数量12.512.512.5{SCORING_RULE}12.5",
        ["points", "value", "value", "text", "points"],
        None,
        True,
    )
    assert read is not None and [(name, cells[0], cells[-1]) for name, cells, _ in read] == [
        ("是否完成申报的数量", "12.5", "12.5")
    ]


def test_a_points_above_its_level1_points_is_no_cut() -> None:
    # under 产出指标(10分) a 分值 of 12.5 cannot be: the row is left unread
    kinds = ["points", "value", "value", "text", "points"]
    assert _rows(f"是否完成申报的数量12.512.512.5{SCORING_RULE}12.5", kinds, Decimal(10), True) is None
