"""A002 compares a written 执行率 with 执行数 ÷ 预算数 within what the written figures' rounding allows,
and no more: the rate's half place, plus how far the amounts' own rounding (half a cent of 万元 at
most: forms drop trailing zeros) can move the quotient. Forms written here, small and synthetic."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.audit.finding import Finding
from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text


def form(budget: str, spent: str, rate: str, unit: str = "万元") -> str:
    return "\n".join(
        [
            "| 项目支出绩效自评表(2023年度) |",
            "| 项目名称 | 体育场馆委托运营 |",
            f"| 项目资金({unit}) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
            f"| 年度资金总额 | {budget} | {budget} | {spent} | 10 | {rate}% | |",
            "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
            "| 产出指标 | 数量指标 | 开放天数 | ≥300天 | 320天 | 90 | 90 |",
        ]
    )


def a002(text: str) -> list[Finding]:
    return [f for f in audit_dossier(load_text(text, "t.txt")).findings if f.code == "A002"]


def test_a_rate_one_hundredth_off_on_large_amounts_is_an_error() -> None:
    # 215457.6 ÷ 250000.00 = 86.183% → 86.18%; the amounts' rounding moves it by 0.00002%
    (item,) = a002(form("250000.00", "215457.6", "86.19", unit="元"))
    assert item.severity == "error" and "86.18" in item.message


def test_small_amounts_allow_what_their_rounding_allows() -> None:
    # 0.57 ÷ 0.58 = 98.28%, but 0.575 ÷ 0.575 = 100%: 99% is within the written figures' rounding
    assert [f for f in a002(form("0.58", "0.57", "99")) if f.severity == "error"] == []
    # and 90% is not (0.575 ÷ 0.585 = 98.29% at the least)
    (item,) = a002(form("0.58", "0.57", "90"))
    assert item.severity == "error"


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=1, max_value=10_000_000),
    st.integers(min_value=0, max_value=10_000),
)
def test_a_rate_rounded_from_the_written_amounts_is_never_flagged(cents: int, per_mille: int) -> None:
    budget = Decimal(cents) / 100
    spent = (budget * per_mille / 10_000).quantize(Decimal("0.01"), ROUND_HALF_UP)
    rate = (spent * 100 / budget).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert a002(form(str(budget), str(spent), str(rate))) == []
