"""Run-on reprints (cells run together, nothing between them) whose budget figures the reprint wrote
in a shape other than one figure per column: amounts to their own precisions, a 得分 cell left
blank, an amount cell lost; and a reprint known as run-on by its indicator header alone. Each from a
small synthetic text of the forms' shapes (written here, not copied from the corpus), with a text of
the same shape whose figures no single cut explains, which must stay unread.
"""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import budget_figures, num, only

from jixiao.ingest.textlayout import ColumnKind, Token, detect_layout
from jixiao.ingest.textlayout.runs import _split_run

SIX: list[ColumnKind] = ["amount", "amount", "amount", "points", "rate", "points"]


def _cut(run: str, kinds: list[ColumnKind]) -> list[str] | None:
    cells = _split_run(Token(run, 1), kinds)
    return None if cells is None else [t.text for t in cells]


# --------------------------------------------------------------------------- the cut of one run


def test_amounts_written_to_their_own_precisions_cut_where_the_rate_agrees() -> None:
    # 310.2 | 154.74 | 10 | 50% | 5: 154.74 ÷ 310.2 = 49.88% → 50%; 310.21 | 54.74 gives 17.6%
    kinds: list[ColumnKind] = ["amount", "amount", "points", "rate", "points"]
    assert _cut("310.2154.741050%5", kinds) == ["310.2", "154.74", "10", "50%", "5"]
    # one precision first: 20.00 | 20.00 is taken as before, never re-cut
    assert _cut("20.0020.0010100.00%10", kinds) == ["20.00", "20.00", "10", "100.00%", "10"]


def test_own_precisions_are_written_without_trailing_zeros() -> None:
    # the general number format writes no trailing zero: 45.001 | 0 | 9 | 0% is no cut of that format
    # (nor 50.00 | 45.001), so the amounts are not cut to their own precisions here
    kinds: list[ColumnKind] = ["amount", "amount", "points", "rate"]
    assert _cut("50.0045.0019%", kinds) is None
    assert _cut("12.5010.1910%", ["amount", "amount", "rate"]) is None


def test_a_blank_score_after_the_rate_leaves_the_column_empty() -> None:
    # 40.50 | 40.50 | 40.50 | 10 | 100% and the 得分 cell left blank
    assert _cut("40.5040.5040.5010100%", SIX) == ["40.50", "40.50", "40.50", "10", "100%", ""]


def test_a_blank_score_is_no_check_of_a_rate_of_0() -> None:
    # 60 | 60 | 60 | 10 | 100%; 60 | 6060 | 10 | 10 | 0% (10 ÷ 6060 = 0.17% → 0%) checks nothing
    assert _cut("60606010100%", SIX) == ["60", "60", "60", "10", "100%", ""]
    # with its 得分 written a 0% is weighed like any rate: 40 | 40 | 0 | 100% | 0 and 4040 | 0 | 10 | 0% | 0
    # both agree, so neither is read
    assert _cut("40400100%0", ["amount", "amount", "points", "rate", "points"]) is None


def test_one_amount_lost_leaves_the_amounts_unread_and_places_the_rest() -> None:
    # 50.00 | 45.00 | 10 | 90%: three amount columns, two amounts written; which one was lost cannot
    # be told, so no amount is read; the 分值 and 执行率 after them are
    assert _cut("50.0045.001090%", SIX) == ["", "", "", "10", "90%", ""]
    assert _cut("252510100%", SIX) == ["", "", "", "10", "100%", ""]
    # 5 | 5 | 5 | 100% is two amounts and the 分值, or three amounts with the 分值 lost: nothing is placed
    assert _cut("555100%", SIX) is None
    # a lost amount is not assumed while every amount column can be filled
    assert _cut("50.0050.0045.001090%9", SIX) == ["50.00", "50.00", "45.00", "10", "90%", "9"]


def test_a_score_without_its_weight_is_no_more_than_the_rate() -> None:
    # 1000 | 1000 | 100% | 20, not 10001000 | 10 | 0% | 20 (20 points at 0% execution)
    kinds: list[ColumnKind] = ["amount", "amount", "rate", "points"]
    assert _cut("10001000100%20", kinds) == ["1000", "1000", "100%", "20"]


def test_a_rate_written_as_a_fraction_is_weighed_as_one() -> None:
    kinds: list[ColumnKind] = ["amount", "amount", "rate", "points"]
    # 2.48 | 2.48 | 1 | 20: 执行率(B/A) written 1 (= 100%), 得分 20
    assert _cut("2.482.48120", kinds) == ["2.48", "2.48", "1", "20"]
    # 2.48 | 1.24 | 0.5 | 10
    assert _cut("2.481.240.510", kinds) == ["2.48", "1.24", "0.5", "10"]
    # a bare 100 is no fraction: 50 | 50 | 100 is not read as 100%
    assert _cut("5050100", ["amount", "amount", "rate"]) is None


def test_a_run_no_cut_explains_stays_unread() -> None:
    assert _cut("50.0045.001080%", SIX) is None
    assert _cut("40.5040.50100%", ["amount", "amount", "points", "rate"]) is None


# --------------------------------------------------------------------------- whole reprints

BEIJING_SHAPE = (
    "项目支出绩效自评表(2016年度)项目名称道路保洁外包经费主管部门某街道办事处实施单位:某街道城市运行中心"
    "项目资金(万元)年初预算数(A)全年执行数(B)分值(10分)执行率(B/A)得分"
    "年度资金总额:310.2154.741050%5其中:本年一般公共预算拨款310.2154.74其他资金"
    "年度总体目标完成道路保洁外包按照年初设定目标完成"
    "绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分"
    "产出指标(50分)数量指标保洁道路条数5020条20条50……总分10095"
)


def test_runon_amounts_of_two_precisions_read_into_the_budget() -> None:
    evaluation = only(BEIJING_SHAPE)
    assert budget_figures(evaluation) == (
        Decimal("310.2"),
        None,
        Decimal("154.74"),
        Decimal(10),
        Decimal(50),
        Decimal(5),
    )


def test_runon_run_that_agrees_with_no_rate_leaves_the_budget_unread() -> None:
    evaluation = only(BEIJING_SHAPE.replace("310.2154.741050%5", "310.2154.741060%5"))
    budget = evaluation.budget
    assert budget is None or (num(budget.total.executed) is None and num(budget.rate) is None)


INDICATOR_HEADED = (
    "马铃薯种薯繁育项目绩效目标自评表(2022年度)项目名称种薯繁育示范项目实施单位某县农技中心"
    "资金情况(万元)年度资金总额全年预匏数(A)300全年执行数(B)执行率(B/A)259.45万元86.5%"
    "绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因"
    "产出指标(40分)数量指标发放原原种40550万粒550万粒40"
)


def test_runon_known_by_its_indicator_header_when_the_budget_header_is_damaged() -> None:
    # an OCR'd budget header (预匏数) keeps two budget words; the indicator header run tells the layout
    assert detect_layout(INDICATOR_HEADED) == "runon"


def test_indicator_words_in_a_sentence_are_no_runon_header() -> None:
    text = (
        "本单位绩效自评按一级指标、二级指标和三级指标逐项打分,分值和得分见附表。\n"
        "预算执行情况良好,年初预算数与全年执行数一致。\n"
    )
    assert detect_layout(text) != "runon"


NATIONAL_BLANK_SCORE = (
    "项目支出绩效自评表(2020年度)项目名称设备更新经费主管部门某区文化馆实施单位某区文化馆"
    "项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分"
    "年度资金总额60606010100%其中:当年财政拨款606060100%上年结转资金其他资金"
    "年度总体目标预期目标实际完成情况更新设备已完成"
    "绩效指标一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标数量指标更新设备件数50件50件2020"
)


def test_runon_row_whose_score_is_blank_read_as_one_run_not_a_rate() -> None:
    # "60606010100%" is no 执行率 of 60606010100%: figures run together, the 得分 cell blank
    evaluation = only(NATIONAL_BLANK_SCORE)
    assert budget_figures(evaluation) == (
        Decimal(60),
        Decimal(60),
        Decimal(60),
        Decimal(10),
        Decimal(100),
        None,
    )


def test_runon_row_that_lost_an_amount_reads_no_amount() -> None:
    evaluation = only(NATIONAL_BLANK_SCORE.replace("60606010100%", "606010100%"))
    assert budget_figures(evaluation) == (None, None, None, Decimal(10), Decimal(100), None)
