"""How the printed forms write their figures: amounts and scores with at least two decimals.

The rule (applied by ``printed_dossier`` to a copy of the dossier before it is laid out for Word, PDF,
HTML or Excel; ``layout_dossier`` itself keeps every value exactly as written, which the round trip
needs):

* **What is padded**: an amount in 万元 (every value the readers read as money: a budget row's 年初预算数,
  全年预算数, 全年执行数, 按收入性质/按支出性质 figures, the amounts of the 基础数据表 and of the report's
  figure tables) and a score or weight (分值, 得分, 总分 of a budget block, an indicator, a rubric item,
  an evaluation or a rubric).
* **How**: a value written as a bare number (``3``, ``64.8``, ``1,034.5``, ``-2``) is printed with two
  decimals (``3.00``, ``64.80``, ``1,034.50``, ``-2.00``). Padding adds zeros only, so it is exact:
  ``Decimal`` quantisation with ROUND_HALF_UP, which can never round a figure that has fewer than two
  decimals. A figure written with more places keeps them all (``12.345`` stays ``12.345``): what the
  unit wrote is never lost.
* **What is not touched**: rates (执行率, 控制率: the form's own convention, ``100%`` or ``99.50%``),
  counts (编制数, 人数), indicator values (年度指标值, 实际完成值: ``≥95%``, ``5人``), text and blank
  cells, and any figure written with its unit or with words (``993.6万元``, ``约3``).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import msgspec

from jixiao.model.dossier import (
    BasicData,
    Budget,
    BudgetRow,
    Dossier,
    Evaluation,
    FigureRow,
    FigureTable,
    Indicator,
    Rubric,
    Val,
)

PLACES = 2
_BARE = re.compile(r"^(?P<sign>[+-]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?$")
_QUANTUM = Decimal(1).scaleb(-PLACES)


def padded(text: str) -> str:
    """``text`` with at least two decimals when it is a bare number, else unchanged."""
    match = _BARE.match(text)
    if match is None or len(match["frac"] or "") >= PLACES:
        return text
    whole = match["int"]
    value = Decimal(f"{whole.replace(',', '')}.{match['frac'] or '0'}").quantize(_QUANTUM, ROUND_HALF_UP)
    fraction = f"{value:f}".partition(".")[2]
    return f"{match['sign']}{whole}.{fraction}"


def _pad(value: Val | None) -> Val | None:
    if value is None or value.num is None:
        return value
    text = padded(value.text)
    return value if text == value.text else msgspec.structs.replace(value, text=text)


def _money(value: Val | None) -> Val | None:
    return _pad(value) if value is not None and value.unit == "万元" else value


def _scores(struct: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _pad(getattr(struct, name)) for name in fields}


def _budget_row(row: BudgetRow) -> BudgetRow:
    return msgspec.structs.replace(
        row, initial=_money(row.initial), adjusted=_money(row.adjusted), executed=_money(row.executed)
    )


def _budget(budget: Budget) -> Budget:
    return msgspec.structs.replace(
        budget,
        total=_budget_row(budget.total),
        parts=tuple(_budget_row(p) for p in budget.parts),
        by_income=tuple((k, _money(v) or v) for k, v in budget.by_income),
        by_nature=tuple((k, _money(v) or v) for k, v in budget.by_nature),
        **_scores(budget, ("weight", "score")),
    )


def _indicator(indicator: Indicator) -> Indicator:
    return msgspec.structs.replace(indicator, **_scores(indicator, ("weight", "score")))


def _evaluation(evaluation: Evaluation) -> Evaluation:
    return msgspec.structs.replace(
        evaluation,
        budget=_budget(evaluation.budget) if evaluation.budget is not None else None,
        indicators=tuple(_indicator(i) for i in evaluation.indicators),
        **_scores(evaluation, ("declared_points", "declared_total")),
    )


def _rubric(rubric: Rubric) -> Rubric:
    items = tuple(
        msgspec.structs.replace(item, **_scores(item, ("points", "score", "group_points")))
        for item in rubric.items
    )
    return msgspec.structs.replace(
        rubric, items=items, **_scores(rubric, ("declared_points", "declared_total"))
    )


def _figure_row(row: FigureRow) -> FigureRow:
    return msgspec.structs.replace(row, values=tuple(_money(v) for v in row.values))


def _figure_table(table: FigureTable) -> FigureTable:
    return msgspec.structs.replace(table, rows=tuple(_figure_row(r) for r in table.rows))


def _basic(basic: BasicData) -> BasicData:
    return msgspec.structs.replace(
        basic,
        lines=tuple(_figure_row(r) for r in basic.lines),
        buildings=tuple(_figure_row(r) for r in basic.buildings),
    )


def printed_dossier(dossier: Dossier) -> Dossier:
    """A copy of ``dossier`` whose amounts and scores are written as the printed forms write them."""
    return msgspec.structs.replace(
        dossier,
        basic_data=_basic(dossier.basic_data) if dossier.basic_data is not None else None,
        evaluations=tuple(_evaluation(e) for e in dossier.evaluations),
        rubrics=tuple(_rubric(r) for r in dossier.rubrics),
        figure_tables=tuple(_figure_table(t) for t in dossier.figure_tables),
    )


__all__ = ["PLACES", "padded", "printed_dossier"]
