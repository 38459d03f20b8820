"""Amounts whose whole-number digits a copy lost (a document-sharing site's preview of a Word table, or
its OCR): ``年度总金额.32.06.5`` for 1,234.32 | 1,300.06 | 1,030.5. Such an amount is read as it is
written (``.32``, 0.32) and marked ``digits_lost``; its run is cut only where one cut alone reads it;
and no check computes with it: the 执行率 is 无法核对, never an error. Small synthetic texts."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import num, only

from jixiao.audit.finding import Finding
from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout.lostdigits import lost_digits, split_lost_digits
from jixiao.ingest.textlayout.tokens import ColumnKind, Token
from jixiao.model.cells import money
from jixiao.score.scorer import score_dossier

CHONGQING: list[ColumnKind] = ["amount", "amount", "amount", "rate", "points", "points"]

HEAD = "某区某局2023年度部门整体绩效自评表\n主管部门某区某局年初预算数全年(调整)预算数全年执行数执行率执行率权重执行率得分"
GOALS = "年初绩效目标全年(调整)绩效目标全年目标实际完成情况\n"


def _cut(run: str, kinds: list[ColumnKind] = CHONGQING) -> list[str] | None:
    cells = split_lost_digits(Token(run, 1), kinds)
    return None if cells is None else [c.text for c in cells]


def _findings(text: str) -> list[Finding]:
    return list(audit_dossier(load_text(text, "t.txt")).findings)


def test_an_amount_with_no_digit_before_its_point_is_marked() -> None:
    assert money(".32", None).digits_lost and money(".32", None).num == Decimal("0.32")
    assert money(".5万元", None).digits_lost
    assert not money("0.32", None).digits_lost and not money("1,030.50", None).digits_lost
    assert lost_digits(".06") and not lost_digits("0.06") and not lost_digits("79.27")


def test_a_run_of_damaged_amounts_and_points_cut_where_one_cut_alone_reads_it() -> None:
    # .5 | 79.27 | 10 | 7.93: 10 × 79.27% = 7.927, the 得分 7.93; .57 | 9.27 … gives no such 得分
    assert _cut(".32.06.579.27107.93") == [".32", ".06", ".5", "79.27", "10", "7.93"]
    assert _cut(".20.50.7590%109") == [".20", ".50", ".75", "90%", "10", "9"]
    # the amounts alone (the 执行率 and points written on another row): every amount opens at its point
    assert _cut(".32.06.5") == [".32", ".06", ".5", "", "", ""]


def test_a_damaged_run_two_cuts_read_is_left_unread() -> None:
    assert _cut(".32.06.579.27") is None  # .5 | 79.27 or .57 | 9.27: no 分值 and 得分 to tell
    assert _cut(".32.06.5100%") is None  # .5 | 100% or .510 | 0%
    assert _cut(".32.06") is None  # an amount column left empty: which one cannot be told
    assert _cut("32.06.5") is None  # not opened by a damaged amount: the whole-amount cutter's
    assert _cut(".32.06.579.27108.5") is None  # 10 × 79.27% is no 8.5 (and no cut gives a 得分 that is)


def test_damaged_amounts_read_as_written_and_marked_in_the_dossier() -> None:
    evaluation = only(HEAD + "年度总金额.32.06.579.27%107.93其中财政拨款.32.06.5" + GOALS)
    budget = evaluation.budget
    assert budget is not None
    total = budget.total
    assert [v.text if v else None for v in (total.initial, total.adjusted, total.executed)] == [
        ".32",
        ".06",
        ".5",
    ]
    assert num(total.executed) == Decimal("0.5")
    assert all(v is not None and v.digits_lost for v in (total.initial, total.adjusted, total.executed))
    assert (
        num(budget.rate) == Decimal("79.27")
        and num(budget.weight) == 10
        and num(budget.score) == Decimal("7.93")
    )


def test_damaged_amounts_are_never_computed_with() -> None:
    text = HEAD + "年度总金额.32.06.579.27%107.93其中财政拨款.32.06.5" + GOALS
    findings = _findings(text)
    assert not [f for f in findings if f.severity == "error"]
    a002 = [f for f in findings if f.code == "A002"]
    assert len(a002) == 1 and a002[0].outcome == "could_not_check" and "缺失整数位" in a002[0].message
    assert not [f for f in findings if f.code in ("A001", "S001")]
    table = score_dossier(load_text(text, "t.txt")).tables[0]
    assert table.execution_rate is None and table.execution_computed is None
    assert table.budget is not None and table.budget.executed is None


def test_damaged_parts_are_not_added_up() -> None:
    # 年度资金总额 .75 against 其中财政拨款 .10: the lost digits make any sum meaningless (no A001)
    text = (
        "项目支出绩效自评表\n项目名称某某服务项目主管部门某区某局年初预算数全年预算数全年执行数执行率执行率权重执行率得分"
        "年度资金总额.20.50.7590%109其中财政拨款.20.50.10年度总体目标完成某某服务任务\n"
    )
    findings = _findings(text)
    assert not [f for f in findings if f.code in ("A001", "S001") or f.severity == "error"]
