"""Display filters: amounts and scores with two decimals (ROUND_HALF_UP), Chinese labels."""

from __future__ import annotations

from decimal import Decimal

from django import template

from jixiao.model.numbers import fmt
from jixiao.web.dossiers.models import State

register = template.Library()

_SEVERITY = {"error": "错误", "warning": "提示", "info": "说明"}


@register.filter
def d2(value: Decimal | None) -> str:
    """``Decimal`` → two decimals, half up; ``—`` for none."""
    if value is None or value == "":
        return "—"
    return fmt(Decimal(value))


@register.filter
def state_label(value: str) -> str:
    try:
        return str(State(value).label)
    except ValueError:
        return value


@register.filter
def severity_label(value: str) -> str:
    return _SEVERITY.get(value, value)


@register.filter
def get(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key)


@register.filter
def total_text(record: object) -> str:
    """A dossier's total: the computed one; where the rules leave part to a person, the computed range
    and the declared total beside it (never a number the rules did not give)."""
    total = getattr(record, "total", None)
    if total is not None:
        return fmt(Decimal(total))
    span = getattr(record, "total_range", "")
    declared = getattr(record, "declared_total", None)
    if span:
        return f"{span}（填报 {fmt(Decimal(declared))}）" if declared is not None else span
    return "—"
