"""Display filters: amounts and scores with two decimals (ROUND_HALF_UP), Chinese labels."""

from __future__ import annotations

import json
from decimal import Decimal
from html import escape
from typing import Any

from django import template
from django.template import Context
from django.urls import reverse
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
    return f"—（填报 {fmt(Decimal(declared))}）" if declared is not None else "—"


def _findings_html(cell: Any) -> str:
    return "".join(
        f'\n<div class="finding {f.severity}{" accepted" if f.accepted else ""}" data-code="{escape(f.code)}">'
        f"<b>{escape(f.code)}</b> {escape(f.message)}"
        + (f" <em>（已确认：{escape(f.accepted)}）</em>" if f.accepted else "")
        + "</div>"
        for f in cell.findings
    )


@register.simple_tag(takes_context=True)
def cell(context: Context, c: Any, label: str = "") -> str:
    """One written value: an input that saves itself through htmx when the dossier is editable, else
    the value (amounts in 万元 with two decimals); the audit's findings for this cell below it.

    Written in Python (every text escaped with ``html.escape``) rather than as an included template:
    a dossier page has over a thousand cells.
    """
    if not c:
        return ""
    public = bool(context.get("public"))
    findings = "" if public else _findings_html(c)
    # a figure read from a scan below the confidence the audit trusts: marked for a person to confirm
    unsure = not public and c.unsure
    title = escape(
        c.location + (f"；扫描件识别，置信度 {c.confidence:.2f}，请对照原件核对" if unsure else "")
    )
    numeric = " n" if c.num is not None else ""
    marks = f"{' ' + c.worst if c.worst else ''}{' ocr-low' if unsure else ''}"
    if context.get("editable"):
        sheet = context["sheet"]
        url = context.get("cell_url") or reverse("dossiers:cell", args=[context["record"].pk])
        vals = escape(json.dumps({"path": c.path, "sheet": str(sheet.index)}, ensure_ascii=False))
        common = (
            f'name="text" aria-label="{escape(label)}" title="{title}" hx-post="{escape(url)}" '
            f'hx-trigger="change" hx-vals="{vals}" hx-include="#dossier-version" '
            f'hx-target="#sheet-{int(sheet.index)}" hx-swap="outerHTML"'
        )
        if c.long:
            field = f'<textarea class="cell{marks}" rows="2" {common}>{escape(c.text)}</textarea>'
        else:
            field = f'<input class="cell{marks}{numeric}" value="{escape(c.text)}" {common}>'
        return mark_safe(field + findings)
    money = c.unit == "万元" and c.num is not None
    shown = fmt(c.num) if money else escape(c.text).replace("\n", "<br>")
    span = f'<span class="val{"" if public else marks}{numeric}" title="{title}">{shown}</span>'
    return mark_safe(span + findings)
