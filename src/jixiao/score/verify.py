"""Which declared scores the rule pack can hold a form to, and which it cannot (无法核对).

A pack's formula is the rule jixiao knows for a form; the form's own numbers may follow another. When
most of the rows whose targets the formula finds missed or partly met disagree with it (two or more, and more than agree
with it), the table was scored under a rule the pack does not know — the published 办法 is missing or
the unit used its own — so those rows are reported as unverifiable, with the reason, not as errors. An
isolated disagreement in a table whose other deductions follow the formula stays an error. A pack may
also say that its forms print each row's own scoring (``indicators.row_rules_on_form``: 指标赋分规则,
得分系数): a score that differs from the formula is then unverifiable too. A score above its 分值 is
wrong under every rule and is never excused here.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal

import msgspec

from jixiao.model.numbers import decimals_of, fmt, fmt_plain, q2
from jixiao.rules.pack import PackSpec
from jixiao.score.result import IndicatorResult

TOLERANCE = Decimal("0.005")  # scores are exact to the cent


def agrees_as_written(declared: Decimal, computed: Decimal) -> bool:
    """The declared score is the rule's score to the cent, or at the precision it is written to
    (whole points or one decimal, rounded half up or cut off: forms state no rounding)."""
    if abs(declared - computed) <= TOLERANCE:
        return True
    places = decimals_of(declared)
    if places >= 2:
        return False
    quantum = Decimal(1).scaleb(-places)
    return declared in {q2(computed, places), computed.quantize(quantum, rounding=ROUND_FLOOR)}


def _marked_down(result: IndicatorResult) -> bool:
    """A row whose target the rule finds missed or partly met (less than the full 分值): the rows
    whose scores show which rule the form follows. A met target earns full marks under every rule,
    so a deduction there is held to the rule, whatever the other rows show."""
    weight, declared, computed = result.weight, result.declared_score, result.computed_score
    if weight is None or declared is None or computed is None:
        return False
    return computed < weight


def _excusable(result: IndicatorResult) -> bool:
    """A disagreement that another rule could explain: within 0..分值, not a rule's own score."""
    weight, declared, computed = result.weight, result.declared_score, result.computed_score
    if weight is None or declared is None or computed is None:
        return False
    return declared <= weight + TOLERANCE and not agrees_as_written(declared, computed)


def mark_unverifiable(
    results: Sequence[IndicatorResult], pack: PackSpec
) -> tuple[tuple[IndicatorResult, ...], str | None]:
    """The results with ``unverifiable`` set on the rows the pack cannot hold the form to, and the
    reason the table's recomputed total cannot be compared either (None when every row stands)."""
    rows = [r for r in results if _marked_down(r)]
    disagree = [r for r in rows if _excusable(r)]
    agree = [
        r
        for r in rows
        if r.declared_score is not None
        and r.computed_score is not None
        and agrees_as_written(r.declared_score, r.computed_score)
    ]
    reason: str | None = None
    if pack.indicators.row_rules_on_form:
        reason = (
            f"表中每项指标列有自己的计分依据（指标赋分规则或得分系数），规则包 {pack.id} 只有通用公式，"
            "所填得分无法按公式核对"
        )
        excused = [r for r in results if _excusable(r)]
    elif len(disagree) >= 2 and len(disagree) > len(agree):
        reason = (
            f"本表扣分的 {len(rows)} 项中有 {len(disagree)} 项与规则包 {pack.id} 的公式不符"
            f"（相符 {len(agree)} 项），表中所用计分规则无法确定，无法核对"
        )
        excused = disagree
    else:
        return tuple(results), None
    if not excused:
        return tuple(results), None
    chosen = {id(r) for r in excused}
    marked = tuple(
        msgspec.structs.replace(
            r,
            unverifiable=f"按规则包公式为 {fmt(r.computed_score)}，表中填 {fmt_plain(r.declared_score)}；{reason}",
        )
        if id(r) in chosen
        else r
        for r in results
    )
    return marked, f"{len(excused)} 项指标得分无法核对（{reason}），总分无法按规则重算核对"
