"""Budget blocks (and whole tables) of the text layouts that were left unread: a scoring rule written
on its own line under its column's word, the Chongqing 执行率权重 / 执行率得分 header cut at its words
in a run-on text, and an excerpt whose table body was lost between its budget header and its 总分 row.
Each read from a small synthetic text of that shape, with a text of the same shape that must not be
read so."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import num, only, pasted_cells

from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout import Token
from jixiao.ingest.textlayout.aligner import _rejoin
from jixiao.ingest.textlayout.order import _budget_kind

# --------------------------------------------------------------------------- a scoring rule's line

SCORED_BY_RULE = pasted_cells(
    "2023年度项目支出绩效自评表",
    "项目名称",
    "某县农产品冷链仓储建设项目",
    "主管部门",
    "某县农业农村局",
    "预算执行情况(万元)",
    "(20分)",
    "预算数(A)",
    "执行数(B)",
    "执行率(B/A)",
    "得分",
    "(20分*执行率)",
    "年度财政资金总额",
    "80",
    "60",
    "75",
    "15",
    "年度绩效目标",
    "(80分)",
    "一级指标",
    "二级指标",
    "三级指标",
    "年初目标值(A)",
    "实际完成值(B)",
    "得分",
    "产出指标(40分)",
    "数量指标",
    "冷库容量(≥吨)",
    "500",
    "500",
    "40",
)


def test_scoring_rule_on_its_own_line_stays_with_its_column() -> None:
    """``得分`` / ``(20分*执行率)``: the rule qualifies the 得分 column, it opens no row; the budget row
    under the header is read, its 执行率 written without a ``%``."""
    evaluation = only(SCORED_BY_RULE)
    budget = evaluation.budget
    assert budget is not None
    assert num(budget.total.adjusted) == Decimal("80")
    assert num(budget.total.executed) == Decimal("60")
    assert num(budget.rate) == Decimal("75")
    assert num(budget.score) == Decimal("15")
    assert num(budget.weight) == Decimal("20")


def test_bracket_that_is_a_word_or_points_is_no_qualifier() -> None:
    """A bracketed figure (``(20分)``, a block's points) or a bracket after a figure is not joined."""
    tokens = [Token("得分", 1), Token("(20分)", 2), Token("15", 3), Token("(万元)", 4)]
    assert [t.text for t in _rejoin(tokens)] == ["得分", "(20分)", "15", "(万元)"]
    joined = _rejoin([Token("得分", 1), Token("(20分*执行率)", 2)])
    assert [t.text for t in joined] == ["得分(20分*执行率)"]


# --------------------------------------------------------------------------- 执行率权重 / 执行率得分


def test_rate_points_header_cut_at_its_words_is_put_back() -> None:
    """``执行率`` ``执行率`` ``权重`` ``执行率`` ``得分``: after the header's own 执行率, the rate's
    分值 and 得分 (Chongqing); without an earlier 执行率 the pieces are columns of their own."""
    words = ["全年执行数", "执行率", "执行率", "权重", "执行率", "得分(分)"]
    tokens = [Token(w, 1) for w in words]
    assert [t.text for t in _rejoin(tokens)] == ["全年执行数", "执行率", "执行率权重", "执行率得分(分)"]
    plain = [Token(w, 1) for w in ("全年执行数", "分值", "执行率", "得分")]
    assert [t.text for t in _rejoin(plain)] == ["全年执行数", "分值", "执行率", "得分"]
    two = [Token(w, 1) for w in ("预算执行率", "分值", "执行率", "得分")]
    assert [t.text for t in _rejoin(two)] == ["预算执行率", "分值", "执行率", "得分"]


def test_rate_points_columns_are_points_not_rates() -> None:
    assert _budget_kind("执行率权重") == "points"
    assert _budget_kind("执行率得分(分)") == "points"
    assert _budget_kind("执行率(%)") == "rate"
    assert _budget_kind("执行率") == "rate"


def test_runon_chongqing_budget_header_read() -> None:
    text = (
        "项目名称某某服务项目主管部门某某区某某局年初预算数全年预算数全年执行数执行率执行率权重执行率得分"
        "年度资金总额200.00200.00150.0075%107.5年度总体目标完成某某服务任务\n"
    )
    budget = only(text).budget
    assert budget is not None
    assert num(budget.total.adjusted) == Decimal("200.00")
    assert num(budget.total.executed) == Decimal("150.00")
    assert num(budget.weight) == Decimal("10")
    assert num(budget.rate) == Decimal("75")
    assert num(budget.score) == Decimal("7.5")


# --------------------------------------------------------------------------- a lost table body


def _excerpt(points: str, total: str) -> str:
    return pasted_cells(
        "项目支出绩效自评表",
        "项目名称",
        "某某检测经费",
        "主管部门",
        "实施单位",
        "某县市场监督管理局",
        "项目资金\n(万元)",
        "年初预算数",
        "调整预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
        "年度资金总",
        "可持续",
        "10",
        "8",
        "总分",
        points,
        total,
    )


def test_closing_total_read_where_the_table_body_was_lost() -> None:
    """An excerpt that lost the rows between a scored budget header and the 总分 row: the table is
    an evaluation, its 总分 the form's 100 and its score."""
    evaluation = only(_excerpt("100", "98"))
    assert num(evaluation.declared_points) == Decimal("100")
    assert num(evaluation.declared_total) == Decimal("98")
    assert evaluation.indicators == ()


def test_closing_row_other_than_the_whole_is_no_total() -> None:
    """Two figures under 总分 that are not the whole 100 and a score: no column is certain."""
    for points, total in (("95", "90"), ("100", "120")):
        dossier = load_text(_excerpt(points, total), "表.txt")
        assert all(e.declared_total is None for e in dossier.evaluations)
