"""A 执行率 against the amounts it is computed from, at the precision each is written to, in the audit
(A002) and in the reader that cuts figures run together in one cell: one rule for both
(``jixiao.model.rates``). A whole-number amount stands for anything within half a 万元 (148 for
147.5–148.5), and forms also drop trailing zeros (148 for 148.00): a rate wrong only when the amounts
are read exact to the cent is a warning that says what the written amounts give; an error needs a
rate no rounding of the written figures reconciles. Forms written here, small and synthetic."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.audit.finding import Finding
from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout.runs import _split_run
from jixiao.ingest.textlayout.tokens import ColumnKind, Token
from jixiao.model.rates import HALF_CENT, quotient_span, rate_agrees

D = Decimal


def form(budget: str, spent: str, rate: str) -> str:
    return "\n".join(
        [
            "| 项目支出绩效自评表(2023年度) |",
            "| 项目名称 | 乡村道路养护补助 |",
            "| 项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
            f"| 年度资金总额 | {budget} | {budget} | {spent} | 10 | {rate}% | |",
            "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
            "| 产出指标 | 数量指标 | 养护里程 | ≥40公里 | 42公里 | 90 | 90 |",
        ]
    )


def a002(text: str) -> list[Finding]:
    return [f for f in audit_dossier(load_text(text, "t.txt")).findings if f.code == "A002"]


# ---------------------------------------------------------------- the shared rule


def test_whole_amounts_stand_for_half_a_wan_either_way() -> None:
    # 62 ÷ 250 = 24.80%; 62.4 ÷ 249.6 = 25.00%: 25.00% holds within the amounts' written precision
    assert rate_agrees(D("25.00"), D("0.005"), D(62), D(250))
    # but not when the amounts are read exact to the cent
    assert not rate_agrees(D("25.00"), D("0.005"), D(62), D(250), HALF_CENT)
    # nor at all at 26.00% (61.5 ÷ 250.5 = 24.55% to 62.5 ÷ 249.5 = 25.05%)
    assert not rate_agrees(D("26.00"), D("0.005"), D(62), D(250))


def test_amounts_written_to_the_cent_are_read_so_under_either_reading() -> None:
    for cap in (None, HALF_CENT):
        assert quotient_span(D("62.00"), D("250.00"), cap) == quotient_span(
            D("62.00"), D("250.00"), HALF_CENT
        )
    assert not rate_agrees(D("25.00"), D("0.005"), D("62.00"), D("250.00"))


def test_a_budget_of_zero_agrees_with_no_rate() -> None:
    assert quotient_span(D(5), D(0)) is None
    assert not rate_agrees(D(100), D("0.5"), D(0), D(0))


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**7),
    st.integers(min_value=0, max_value=10**7),
    st.integers(min_value=-49, max_value=49),
    st.integers(min_value=-49, max_value=49),
)
def test_a_rate_computed_from_amounts_within_their_rounding_agrees(
    base: int, spent: int, base_cents: int, spent_cents: int
) -> None:
    true_base = D(base) + D(base_cents) / 100
    true_spent = max(D(spent) + D(spent_cents) / 100, D(0))
    rate = (true_spent * 100 / true_base).quantize(D("0.01"), ROUND_HALF_UP)
    assert rate_agrees(rate, D("0.005"), D(spent), D(base))


# ---------------------------------------------------------------- A002 at two levels


def test_a_rate_that_only_exact_whole_amounts_contradict_is_a_warning_saying_what_they_give() -> None:
    (item,) = a002(form("250", "62", "25.00"))
    assert item.severity == "warning"
    assert "按所写金额 62 ÷ 250 计算为 24.80%，仅当金额为整数万元精确值时才不符" in item.message


def test_amounts_of_one_decimal_are_named_as_written() -> None:
    # 31.1 ÷ 100.0 = 31.10%; 31.13% needs 31.13 ÷ 100.0: within the one decimal written, not at the cent
    (item,) = a002(form("100.0", "31.1", "31.13"))
    assert item.severity == "warning"
    assert "按所写金额 31.1 ÷ 100.0 计算为 31.10%" in item.message and "所写数值的精确值" in item.message


def test_a_rate_no_rounding_of_the_written_amounts_gives_is_an_error() -> None:
    (item,) = a002(form("250", "62", "26.00"))
    assert item.severity == "error" and "计算为 24.80%" in item.message
    # written to the cent, the amounts give 24.80% and nothing else
    (item,) = a002(form("250.00", "62.00", "25.00"))
    assert item.severity == "error"


def test_a_cut_rate_is_still_the_cut_warning() -> None:
    # 1157.97 ÷ 2000 = 57.8985%: 57.89% is cut at its last place, 57.90% rounded
    (item,) = a002(form("2000", "1157.97", "57.89"))
    assert item.severity == "warning" and "所填为截断值，四舍五入应为 57.90%" in item.message


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=100_000),
    st.integers(min_value=0, max_value=12_000),
    st.integers(min_value=-300, max_value=300),
)
def test_an_a002_error_is_certain(base: int, per_ten_thousand: int, off: int) -> None:
    """Whatever the whole-number amounts and the written rate, an error only where no values within
    half a 万元 of the amounts (and half a hundredth of the rate) agree: checked here at the corners."""
    spent = base * per_ten_thousand // 10_000
    rate = (D(spent) * 100 / D(base)).quantize(D("0.01")) + D(off) / 100
    if rate < 0:
        return
    errors = [f for f in a002(form(str(base), str(spent), f"{rate:f}")) if f.severity == "error"]
    if not errors:
        return
    half = D("0.5")
    lowest = max(D(spent) - half, D(0)) * 100 / (D(base) + half)
    highest = (D(spent) + half) * 100 / (D(base) - half) if base > half else None
    assert rate + D("0.005") < lowest or (highest is not None and rate - D("0.005") > highest)


# ---------------------------------------------------------------- the reader's cut of a run


THREE: list[ColumnKind] = ["amount", "amount", "rate"]


def cut(run: str, kinds: list[ColumnKind] = THREE) -> list[str] | None:
    cells = _split_run(Token(run, 1), kinds)
    return None if cells is None else [c.text for c in cells]


def test_a_run_whose_rate_agrees_within_the_amounts_written_precision_is_cut() -> None:
    # 250 | 62 | 25.00%: 62 ÷ 250 = 24.80%, 25.00% within the whole-number amounts' rounding
    assert cut("2506225.00%") == ["250", "62", "25.00%"]


def test_a_cut_the_figures_agree_on_as_they_stand_comes_first() -> None:
    assert cut("2506224.80%") == ["250", "62", "24.80%"]


def test_two_cuts_that_agree_within_written_precision_leave_the_run_unread() -> None:
    # 114 | 85 | 75.00% (74.56%) and 1148 | 57 | 5.00% (4.97%): neither exact, both within rounding
    assert cut("1148575.00%") is None


def test_amounts_of_one_significant_digit_check_no_cut_by_their_rounding() -> None:
    # 3 | 8 | 250.00%: 7.5 ÷ 3.5 to 8.5 ÷ 2.5 spans 214% to 340%, which tells nothing
    assert cut("38250.00%") is None
