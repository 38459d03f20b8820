"""Whether a written 执行率 agrees with the 执行数 and 预算数 it is computed from, at the precision each
figure is written to.

A written figure stands for any value within half a unit of its last written place: ``148`` (万元) is
anything from 147.5 to 148.5, ``31.00%`` anything from 30.995% to 31.005%. A rate agrees with its
amounts when some values the amounts stand for give a quotient the rate stands for.

Forms also drop trailing zeros (a cell formatted as a general number writes 90.00 as ``90``), so a
whole-number amount is often exact to the cent. ``cap`` reads every amount so: its rounding at most
half a cent. Both readings are asked for by the audit (a rate wrong under the capped reading only is
a warning, wrong under the written precision an error) and by the reader that cuts figures run
together in one cell (a cut agreeing under the capped reading is the likelier).
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.model.numbers import HUNDRED, ZERO, half_unit

HALF_CENT = Decimal("0.005")  # the most a 万元 amount read as exact to the cent may hide


def amount_half(value: Decimal, cap: Decimal | None = None) -> Decimal:
    """The rounding a written amount may hide: half its last written place, at most ``cap``."""
    half = half_unit(value)
    return half if cap is None else min(half, cap)


def quotient_span(
    spent: Decimal, base: Decimal, cap: Decimal | None = None
) -> tuple[Decimal, Decimal] | None:
    """The lowest and highest ``spent ÷ base × 100`` over the values the written amounts stand for
    (each within ``amount_half``); ``None`` when the budget may be zero or less."""
    spent_half, base_half = amount_half(spent, cap), amount_half(base, cap)
    if base - base_half <= 0:
        return None
    lowest = max(spent - spent_half, ZERO) * HUNDRED / (base + base_half)
    highest = (spent + spent_half) * HUNDRED / (base - base_half)
    return lowest, highest


def rate_agrees(
    rate: Decimal, rate_half: Decimal, spent: Decimal, base: Decimal, cap: Decimal | None = None
) -> bool:
    """Whether a 执行率 of ``rate`` % written to ``± rate_half`` % can be ``spent ÷ base × 100`` for
    values the written amounts stand for (each within half its last written place, at most ``cap``).
    The bounds count as agreeing: no error is certain on a figure that rounds either way."""
    span = quotient_span(spent, base, cap)
    if span is None:
        return False
    lowest, highest = span
    return rate - rate_half <= highest and lowest <= rate + rate_half
