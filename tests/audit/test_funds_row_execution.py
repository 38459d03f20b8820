"""The 执行率 and 得分 a funding line writes (其中 财政拨款 / 上年结转 / 其他资金), checked as the
年度资金总额 row's are: A002 holds each line's 执行率 to its own 执行数 ÷ 预算数 at the precision it is
written to; S001 holds a line's 得分 to the rule, and where its amounts are the total row's, to the
total row's 得分 (one execution cannot have two scores). Forms written here, small and synthetic."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.audit.finding import Finding
from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text


def form(rows: list[str]) -> str:
    return "\n".join(
        [
            "| 项目支出绩效自评表(2023年度) |",
            "| 项目名称 | 自然资源业务支出项目 |",
            "| 项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率(%) | 得分 |",
            *rows,
            "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
            "| | 产出指标 | 数量指标 | 租车次数 | ≥1次 | 1次 | 90 | 90 |",
            "| 总分 | 100 | 100 |",
        ]
    )


def found(text: str, code: str) -> list[Finding]:
    return [f for f in audit_dossier(load_text(text, "t.txt")).findings if f.code == code]


def test_a_funds_line_rate_its_own_amounts_contradict_is_an_error() -> None:
    text = form(
        [
            "| 年度资金总额 | 0 | 2.38 | 2.38 | 10 | 100 | 10 |",
            "| 其中:财政拨款 | 0 | 0.58 | 0.58 | —— | 100 | —— |",
            "| 其他资金 | 0 | 1.8 | 1.8 | —— | 0 | —— |",
        ]
    )
    (item,) = found(text, "A002")
    assert (item.severity, item.outcome) == ("error", "finding")
    assert item.path == "evaluations.0.budget.parts.1.rate"
    assert "其他资金" in item.message and "填 0" in item.message and "100.00%" in item.message


def test_a_funds_line_repeating_the_total_with_another_score_is_an_error() -> None:
    text = form(
        [
            "| 年度资金总额 | 200 | 200 | 179.43 | 10 | 89.7% | 9 |",
            "| 其中:当年财政拨款 | 200 | 200 | 179.43 | 10 | 89.7% | 8 |",
            "| 上年结转资金 | | | | | | |",
        ]
    )
    errors = [f for f in found(text, "S001") if f.severity == "error"]
    (item,) = errors
    assert item.path == "evaluations.0.budget.parts.0.score"
    assert "同一执行情况有两个得分" in item.message and "8.97" in item.message


def test_lines_without_rates_or_scores_are_not_checked() -> None:
    text = form(
        [
            "| 年度资金总额 | 120 | 120 | 118.5 | 10 | 98.75% | 9.88 |",
            "| 其中:财政拨款 | 120 | 120 | 118.5 | —— | —— | —— |",
            "| 其他资金 | | | | | | |",
        ]
    )
    assert found(text, "A002") == [] and [f for f in found(text, "S001") if f.severity == "error"] == []


@settings(max_examples=30, deadline=None)
@given(
    st.integers(min_value=1, max_value=100000),
    st.integers(min_value=0, max_value=100),
    st.integers(min_value=1, max_value=100000),
    st.integers(min_value=0, max_value=100),
)
def test_rates_written_as_the_amounts_give_are_never_errors(b1: int, p1: int, b2: int, p2: int) -> None:
    def line(label: str, budget: int, percent: int) -> tuple[str, Decimal, Decimal]:
        spent = (Decimal(budget) * percent / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        rate = (spent * 100 / budget).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return f"| {label} | {budget} | {budget} | {spent} | —— | {rate}% | —— |", Decimal(budget), spent

    first, a1, s1 = line("其中:财政拨款", b1, p1)
    second, a2, s2 = line("其他资金", b2, p2)
    total_rate = ((s1 + s2) * 100 / (a1 + a2)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    score = (10 * total_rate / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    head = f"| 年度资金总额 | {a1 + a2} | {a1 + a2} | {s1 + s2} | 10 | {total_rate}% | {score} |"
    assert found(form([head, first, second]), "A002") == []


def test_a_line_score_without_its_own_points_is_not_held_to_the_rule() -> None:
    # how a form shares the 10 points among its funding lines is not written: nothing to hold 5 to
    text = form(
        [
            "| 年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10 |",
            "| 其中:财政拨款 | 50 | 50 | 50 | | 100% | 5 |",
            "| 其他资金 | 50 | 50 | 50 | | 100% | 5 |",
        ]
    )
    assert [f for f in found(text, "S001") if f.severity == "error"] == []


def test_a_line_with_its_own_points_is_held_to_the_rule() -> None:
    text = form(
        [
            "| 年度资金总额 | 100 | 100 | 90 | 10 | 90% | 9 |",
            "| 其中:财政拨款 | 50 | 50 | 40 | 5 | 80% | 5 |",
            "| 其他资金 | 50 | 50 | 50 | 5 | 100% | 5 |",
        ]
    )
    (item,) = [f for f in found(text, "S001") if f.severity == "error"]
    assert item.path == "evaluations.0.budget.parts.0.score" and "4" in item.message


def test_a_merged_cell_on_the_middle_line_is_not_held_to_that_line() -> None:
    # a text layout puts a vertically merged 分值/执行率/得分 cell on the middle row: it is the total's
    text = form(
        [
            "| 年度资金总额 | 120 | 120 | 114 | | | |",
            "| 其中:财政拨款 | 100 | 100 | 96 | 10 | 95% | 9.5 |",
            "| 其他资金 | 20 | 20 | 18 | | | |",
        ]
    )
    assert [f for f in found(text, "A002") + found(text, "S001") if f.severity == "error"] == []


def test_two_scores_the_same_at_their_written_precision_are_one() -> None:
    for line_score in ("8.97", "9.0"):
        text = form(
            [
                "| 年度资金总额 | 200 | 200 | 179.43 | 10 | 89.7% | 9 |",
                f"| 其中:当年财政拨款 | 200 | 200 | 179.43 | 10 | 89.7% | {line_score} |",
            ]
        )
        assert [f for f in found(text, "S001") if f.severity == "error" and ".parts." in (f.path or "")] == []


def test_a_line_with_no_points_of_its_own_scores_nothing() -> None:
    text = form(
        [
            "| 年度资金总额 | 120 | 120 | 108 | 10 | 90% | 9 |",
            "| 其中:财政拨款 | 100 | 100 | 90 | 10 | 90% | 9 |",
            "| 其他资金 | 20 | 20 | 18 | 0 | 90% | 0 |",
        ]
    )
    assert [f for f in found(text, "S001") if f.severity == "error" and ".parts." in (f.path or "")] == []


def test_an_overspent_line_written_as_100_percent_is_a_warning() -> None:
    text = form(
        [
            "| 年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10 |",
            "| 其中:财政拨款 | 80 | 80 | 85 | —— | 100% | —— |",
            "| 其他资金 | 20 | 20 | 15 | —— | 75% | —— |",
        ]
    )
    (item,) = found(text, "A002")
    assert item.severity == "warning" and "封顶" in item.message


def test_a_bare_one_on_a_line_is_a_percent_where_its_amounts_say_so() -> None:
    # 1 ÷ 100 = 1%: the "1" in a 执行率(%) column is 1%, not a fraction meaning 100%
    text = form(
        [
            "| 年度资金总额 | 200 | 200 | 101 | 10 | 50.5 | 5.05 |",
            "| 其中:财政拨款 | 100 | 100 | 100 | —— | 100 | —— |",
            "| 上年结转 | 100 | 100 | 1 | —— | 1 | —— |",
        ]
    )
    assert found(text, "A002") == []


def test_execution_written_at_zero_points_scores_zero() -> None:
    # a form that gives the execution no points writes 分值 0 and 得分 0: not the pack's 10 points
    text = form(["| 年度资金总额 | 100 | 100 | 90 | 0 | 90% | 0 |"])
    assert [f for f in found(text, "S001") if f.severity == "error"] == []
