"""The formulas rule packs name, one small function each.

Every formula returns an ``Outcome``: an exact score, or — where the rule leaves the number to a
person (a qualitative band, a checklist) or a needed figure is missing — the range of scores the rule
allows. The explanation is one line of Chinese with the numbers, as a reviewer would write it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

import msgspec

from jixiao.model.numbers import HUNDRED, ZERO, fmt, fmt_plain, q2


class Outcome(msgspec.Struct, frozen=True, omit_defaults=True):
    score: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    explanation: str = ""

    @property
    def exact(self) -> bool:
        return self.score is not None

    @property
    def bounds(self) -> tuple[Decimal, Decimal]:
        if self.score is not None:
            return self.score, self.score
        return self.low or ZERO, self.high or ZERO


def exact(score: Decimal, explanation: str, places: int = 2) -> Outcome:
    return Outcome(score=q2(score, places), explanation=explanation)


def between(low: Decimal, high: Decimal, explanation: str, places: int = 2) -> Outcome:
    return Outcome(low=q2(low, places), high=q2(high, places), explanation=explanation)


def p(value: Decimal) -> str:
    """A percentage for an explanation: two decimals."""
    return f"{fmt(value)}%"


# ---------------------------------------------------------------- execution


def proportional_capped(weight: Decimal, rate: Decimal) -> Outcome:
    """得分 = 分值 × min(执行率, 100%)."""
    capped = min(rate, HUNDRED)
    note = "（执行率超过100%，按100%计）" if rate > HUNDRED else ""
    return exact(
        weight * capped / HUNDRED,
        f"得分 = {fmt_plain(weight)}×{p(capped)} = {fmt(weight * capped / HUNDRED)}{note}",
    )


EXECUTION: Mapping[str, Callable[[Decimal, Decimal], Outcome]] = {"proportional_capped": proportional_capped}


# ---------------------------------------------------------------- quantitative indicators


def ratio_positive(weight: Decimal, target: Decimal, actual: Decimal) -> Outcome:
    """正向：B ≥ A 满分；否则 分值 × B/A。"""
    if actual >= target:
        return exact(
            weight, f"实际 {fmt_plain(actual)} ≥ 目标 {fmt_plain(target)}，得满分 {fmt_plain(weight)}"
        )
    if actual <= 0 or target <= 0:
        return exact(ZERO, f"实际 {fmt_plain(actual)}，未完成，得分 0")
    score = weight * actual / target
    return exact(score, f"得分 = {fmt_plain(weight)}×{fmt_plain(actual)}/{fmt_plain(target)} = {fmt(score)}")


def _reverse_settled(weight: Decimal, target: Decimal, actual: Decimal) -> Outcome | None:
    """The cases every reverse formula shares: within the target (full), or a target of 0 exceeded."""
    if actual <= target:
        return exact(
            weight, f"实际 {fmt_plain(actual)} ≤ 目标 {fmt_plain(target)}，得满分 {fmt_plain(weight)}"
        )
    if target <= 0:
        return exact(ZERO, f"目标为 {fmt_plain(target)}，实际 {fmt_plain(actual)}，得分 0")
    return None


def ratio_reverse(weight: Decimal, target: Decimal, actual: Decimal) -> Outcome:
    """反向：B ≤ A 满分；否则 分值 × A/B。"""
    settled = _reverse_settled(weight, target, actual)
    if settled is not None:
        return settled
    score = weight * target / actual
    return exact(score, f"得分 = {fmt_plain(weight)}×{fmt_plain(target)}/{fmt_plain(actual)} = {fmt(score)}")


def linear_reverse(weight: Decimal, target: Decimal, actual: Decimal) -> Outcome:
    """反向（线性）：B ≤ A 满分；否则 分值 × (1 − (B−A)/A)，不低于 0。"""
    settled = _reverse_settled(weight, target, actual)
    if settled is not None:
        return settled
    score = max(ZERO, weight * (1 - (actual - target) / target))
    return exact(
        score,
        f"得分 = {fmt_plain(weight)}×(1−({fmt_plain(actual)}−{fmt_plain(target)})/{fmt_plain(target)}) = {fmt(score)}",
    )


QUANTITATIVE: Mapping[str, Callable[[Decimal, Decimal, Decimal], Outcome]] = {
    "positive:ratio": ratio_positive,
    "reverse:ratio": ratio_reverse,
    "reverse:linear": linear_reverse,
}


def band(weight: Decimal, low: Decimal, high: Decimal, outcome: str) -> Outcome:
    """定性：得分应在 [low×分值, high×分值] 内，由评价人确定。"""
    lo, hi = weight * low, weight * high
    return between(
        lo, hi, f"定性指标“{outcome}”：得分应在 {fmt(lo)}–{fmt(hi)} 之间（分值 {fmt_plain(weight)}）"
    )


# ---------------------------------------------------------------- aggregation across sub-units


def aggregate(values: list[Decimal], funds: list[Decimal], relative: bool) -> tuple[Decimal, str]:
    """Hubei note 2: absolute values are added; relative values (rates) are averaged weighted by fund.

    Results are aggregated first and scored afterwards ("先汇总完成数，再计算得分").
    """
    if len(values) != len(funds) or not values:
        raise ValueError("aggregate needs one fund amount per value")
    if not relative:
        total = sum(values, ZERO)
        return total, f"绝对值加总：{' + '.join(fmt_plain(v) for v in values)} = {fmt_plain(total)}"
    weight = sum(funds, ZERO)
    if weight == 0:
        raise ValueError("fund-weighted mean over zero funds")
    mean = sum((v * f for v, f in zip(values, funds, strict=True)), ZERO) / weight
    terms = " + ".join(f"{fmt_plain(v)}×{fmt_plain(f)}" for v, f in zip(values, funds, strict=True))
    return mean, f"按资金额度加权平均：({terms}) / {fmt_plain(weight)} = {fmt(mean)}"


# ---------------------------------------------------------------- rubric formulas


def _pp(excess: Decimal, rounding: str) -> Decimal:
    if rounding == "ceil":
        return excess.to_integral_value(ROUND_CEILING)
    if rounding == "floor":
        return excess.to_integral_value(ROUND_FLOOR)
    return excess


def per_pp_over(points: Decimal, value: Decimal, params: Mapping[str, Any]) -> Outcome:
    """超过标准每个百分点扣 X 分，扣完为止。"""
    threshold = Decimal(str(params["threshold"]))
    deduct = Decimal(str(params["deduct_per_pp"]))
    if value <= threshold:
        return exact(points, f"{p(value)} ≤ {p(threshold)}，得满分 {fmt_plain(points)}")
    excess = _pp(value - threshold, str(params.get("pp_rounding", "proportional")))
    score = max(ZERO, points - excess * deduct)
    return exact(
        score,
        f"{p(value)} 超过 {p(threshold)} {fmt(excess)} 个百分点，扣 {fmt(excess)}×{fmt_plain(deduct)}，"
        f"得分 = {fmt(score)}" + ("（扣完为止）" if score == 0 else ""),
    )


def per_pp_under(points: Decimal, value: Decimal, params: Mapping[str, Any]) -> Outcome:
    """低于标准每个百分点扣 X 分，扣完为止。"""
    threshold = Decimal(str(params["threshold"]))
    deduct = Decimal(str(params["deduct_per_pp"]))
    if value >= threshold:
        return exact(points, f"{p(value)} ≥ {p(threshold)}，得满分 {fmt_plain(points)}")
    shortfall = _pp(threshold - value, str(params.get("pp_rounding", "proportional")))
    score = max(ZERO, points - shortfall * deduct)
    return exact(
        score,
        f"{p(value)} 低于 {p(threshold)} {fmt(shortfall)} 个百分点，扣 {fmt(shortfall)}×{fmt_plain(deduct)}，"
        f"得分 = {fmt(score)}" + ("（扣完为止）" if score == 0 else ""),
    )


def per_event(points: Decimal, count: Decimal, params: Mapping[str, Any]) -> Outcome:
    """每出现一例扣 X 分，扣完为止。"""
    deduct = Decimal(str(params["deduct"]))
    score = max(ZERO, points - count * deduct)
    return exact(
        score, f"{fmt_plain(count)} 例，扣 {fmt_plain(count)}×{fmt_plain(deduct)}，得分 = {fmt(score)}"
    )


def in_band(value: Decimal, low: Decimal | None, high: Decimal | None, equals: Decimal | None) -> bool:
    if equals is not None:
        return value == equals
    return (low is None or value >= low) and (high is None or value <= high)


def describe_band(low: Decimal | None, high: Decimal | None, equals: Decimal | None) -> str:
    if equals is not None:
        return f"= {p(equals)}"
    if low is not None and high is not None:
        return f"{p(low)}–{p(high)}"
    if low is not None:
        return f"≥ {p(low)}"
    if high is not None:
        return f"≤ {p(high)}"
    return "其余情形"
