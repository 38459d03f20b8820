"""Display filters: amounts and scores with two decimals (ROUND_HALF_UP), Chinese labels."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import template
from django.template import Context
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


def _findings_html(cell: Any) -> str:
    return "".join(
        format_html(
            '\n<div class="finding {}{}" data-code="{}"><b>{}</b> {}</div>',
            f.severity,
            " accepted" if f.accepted else "",
            f.code,
            f.code,
            f.message,
        )
        for f in cell.findings
    )


@register.simple_tag(takes_context=True)
def cell(context: Context, c: Any, label: str = "") -> str:
    """One written value: an input that saves itself through htmx when the dossier is editable, else
    the value (amounts in 万元 with two decimals); the audit's findings for this cell below it.

    Written in Python rather than as an included template: a dossier page has over a thousand cells.
    """
    if not c:
        return ""
    public = bool(context.get("public"))
    findings = "" if public else _findings_html(c)
    if context.get("editable"):
        record = context["record"]
        sheet = context["sheet"]
        url = context.get("cell_url") or reverse("dossiers:cell", args=[record.pk])
        vals = json.dumps({"path": c.path, "sheet": str(sheet.index)}, ensure_ascii=False)
        common = format_html(
            'name="text" aria-label="{}" title="{}" hx-post="{}" hx-trigger="change" hx-vals="{}" '
            'hx-include="#dossier-version" hx-target="#sheet-{}" hx-swap="outerHTML"',
            label,
            c.location,
            url,
            vals,
            sheet.index,
        )
        if c.long:
            field = format_html(
                '<textarea class="cell {}" rows="2" {}>{}</textarea>', c.worst, common, c.text
            )
        else:
            numeric = " n" if c.num is not None else ""
            field = format_html('<input class="cell {}{}" value="{}" {}>', c.worst, numeric, c.text, common)
        return mark_safe(field + findings)
    money = c.unit == "万元" and c.num is not None
    shown = fmt(c.num) if money else linebreaksbr(c.text, autoescape=True)
    worst = "" if public else f" {c.worst}"
    span = format_html(
        '<span class="val{}{}" title="{}">{}</span>', worst, " n" if money else "", c.location, shown
    )
    return mark_safe(span + findings)
