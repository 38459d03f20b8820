"""A run-on indicator block whose rows the form numbers (``指标1`` ``指标2`` …), read by its numbers
(``numberedrows``): a synthetic 绩效目标自评表 (分值, 年度指标值, 全年实际值, 得分, 未完成原因) as an OCR
gives it, its cells run together with nothing between them."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import indicator_rows

from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout.numberedrows import numbered_segment, unnumbered_row

_HEAD = (
    "良种推广项目绩效目标自评表(2022年度)项目名称良种推广项目项目实施单位某县农技中心"
    "资金情况(万元)年度资金总额全年预算数(A)全年执行数(B)执行率(B/A)200万元\n180万元\n90%"
    "年度总体目标推广良种150万粒。绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因及改进措施"
)
# 指标1's 5150万粒 is 分值 5 or 51 (the 产出's 40 settles it: 5 + 15 + 10 + 10); 指标2's values wrap
# onto the next line between its target and its actual; 社会效益指标1 writes the 二级 word and the
# row's label as one; the 可持续影响 row has no number and a 未完成原因 after its 得分
BLOCK = (
    "产出指标(40分)数量指标指标1发放良种5150万粒150万粒5指标2建设繁育基地15200亩\n210亩15"
    "质量指标指标1种子合格率10是是10时效指标指标12021年10月底前完成采购10按时按时10"
    "效益指标(40分)社会效益指标1推广面积占比2090%^90%20"
    "可持续影响指标完善良种繁育体系20是基本达到18加强技术指导"
    "满意度指标(20分)服务对象满意度指标指标1农户满意度2095%95%20总分10098"
)
_KINDS = ["points", "value", "value", "points"]


def _rows(text: str) -> list[tuple[str, Decimal | None, Decimal | None]]:
    return indicator_rows(load_text(text, "良种.txt").evaluations[0])


def test_the_numbers_cut_the_rows() -> None:
    assert _rows(_HEAD + BLOCK) == [
        ("指标1发放良种", Decimal(5), Decimal(5)),
        ("指标2建设繁育基地", Decimal(15), Decimal(15)),
        ("指标1种子合格率", Decimal(10), Decimal(10)),
        ("指标12021年10月底前完成采购", Decimal(10), Decimal(10)),
        ("指标1推广面积占比", Decimal(20), Decimal(20)),
        ("完善良种繁育体系", Decimal(20), Decimal(18)),
        ("指标1农户满意度", Decimal(20), Decimal(20)),
    ]
    rows = load_text(_HEAD + BLOCK, "良种.txt").evaluations[0].indicators
    # a target and actual written alike are cut in the middle; a wrapped line is a cut between cells
    assert [(r.target.text if r.target else None, r.actual.text if r.actual else None) for r in rows[:2]] == [
        ("150万粒", "150万粒"),
        ("200亩", "210亩"),
    ]
    assert rows[4].level2 == "社会效益"  # its 指标 is the row's label's
    assert rows[5].deviation is not None and rows[5].deviation.text == "加强技术指导"


def test_without_the_headings_points_a_row_read_two_ways_is_not_guessed() -> None:
    assert _rows(_HEAD + BLOCK.replace("产出指标(40分)", "产出指标")) == []


def test_a_row_that_cannot_be_read_leaves_the_block_unread() -> None:
    # 指标2's 得分 is lost: no row of the block is read rather than a block with a row missing
    assert _rows(_HEAD + BLOCK.replace("210亩15质量", "210亩质量")) == []


def test_a_line_broken_inside_a_cell_leaves_the_block_unread() -> None:
    assert _rows(_HEAD + BLOCK.replace("15200亩\n210亩", "15200\n亩210亩")) == []


def test_a_row_reads_its_points_and_values() -> None:
    found = numbered_segment("指标1种子合格率10是是10指标2推广面积20900亩1000亩20", _KINDS, False)
    assert found is not None and found.shared == 0
    assert found.cuts == [
        [("指标1种子合格率", ["10", "是", "是", "10"]), ("指标2推广面积", ["20", "900亩", "1000亩", "20"])]
    ]


def test_a_row_of_values_alone_has_no_points() -> None:
    found = numbered_segment("指标1建设繁育基地600亩650.5亩", _KINDS, False)
    assert found is not None and found.cuts == [[("指标1建设繁育基地", ["", "600亩", "650.5亩", ""])]]


def test_the_level_words_zhibiao_is_the_first_label() -> None:
    found = numbered_segment("1虫害发生率下降53%3%5", _KINDS, False)
    assert found is not None and found.shared == 2
    assert found.cuts == [[("指标1虫害发生率下降", ["5", "3%", "3%", "5"])]]


def test_a_comparator_an_ocr_read_as_2_is_not_read() -> None:
    # 295% (≥95% with ≥ read as 2) is no rate: the values are left blank (two cuts stand for them)
    found = numbered_segment("指标1合格率10合格率295$295%10", _KINDS, False)
    assert found is not None and len(found.cuts) == 2
    assert {cut[0][1][0] for cut in found.cuts} == {"10"} and {cut[0][1][3] for cut in found.cuts} == {"10"}
    assert len({cut[0][1][1] for cut in found.cuts}) == 2  # the target differs: read blank
    # a mark an OCR made of ≥ before a figure opens a value, kept as written
    found = numbered_segment("指标1收入增长8工5%工5%8", _KINDS, False)
    assert found is not None and found.cuts == [[("指标1收入增长", ["8", "工5%", "工5%", "8"])]]


def test_a_score_above_its_weight_is_no_reading() -> None:
    assert numbered_segment("指标1种子合格率5是是8", _KINDS, False) is None


def test_an_unnumbered_row_swallowing_figures_is_not_read() -> None:
    assert unnumbered_row("完善体系20是基本达到18加强技术指导", _KINDS, True) is not None
    # figures among its values could open a second row: not read as one
    assert unnumbered_row("完善体系20是5次5是5次5", _KINDS, True) is None


def test_a_row_of_values_alone_adds_no_points_to_its_heading() -> None:
    # the 产出's 40 is 5 + 15 + 10 + 10, the row of values alone adding nothing (``levelpoints``)
    text = _HEAD + BLOCK.replace("210亩15质量", "210亩15指标3新建基地600亩650.5亩质量")
    rows = _rows(text)
    assert rows[:3] == [
        ("指标1发放良种", Decimal(5), Decimal(5)),
        ("指标2建设繁育基地", Decimal(15), Decimal(15)),
        ("指标3新建基地", None, None),
    ]
    assert len(rows) == 8


def test_a_bare_number_is_a_label_only_in_a_numbered_block() -> None:
    # no row of the block is numbered 指标1: the 1 after 质量指标 lends no label, the row is not read
    assert _rows(_HEAD + "产出指标(10分)质量指标1种子合格率10是是10总分10010") == []
    assert _rows(_HEAD + "产出指标(20分)数量指标指标1发放良种10是是10质量指标1种子合格率10是是10") == [
        ("指标1发放良种", Decimal(10), Decimal(10)),
        ("指标1种子合格率", Decimal(10), Decimal(10)),
    ]
