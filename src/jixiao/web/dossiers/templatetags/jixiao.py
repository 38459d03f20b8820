"""Display filters (amounts and scores with two decimals, ROUND_HALF_UP; Chinese labels) and the tags
that write a table's repeated parts — its cells, indicator rows, figure rows, budget lines, subtotals —
in Python with ``html.escape``: the seed-000 page has over 700 cells, and as template loops and
includes they were most of the page's server time (``bench/web_page_bench.py``). They write what the
loops they replace wrote, with the same classes, labels (``aria-label``) and marks."""

from __future__ import annotations

import json
from decimal import Decimal
from html import escape
from typing import Any

from django import template
from django.template import Context
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

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


def _finding_divs(findings: list[Any], sep: str = "") -> str:
    """The findings shown at a cell (``sep`` a newline) or a row (none), each a ``div``."""
    return "".join(
        f'{sep}<div class="finding {escape(f.severity)}{" accepted" if f.accepted else ""}" '
        f'data-code="{escape(f.code)}"><b>{escape(f.code)}</b> {escape(f.message)}'
        + (f" <em>（已确认：{escape(f.accepted)}）</em>" if f.accepted else "")
        + "</div>"
        for f in findings
    )


class _Cells:
    """What every cell of one table shares, worked out once per table rather than once per cell."""

    def __init__(self, context: Context, sheet: Any) -> None:
        self.public = bool(context.get("public"))
        self.editable = bool(context.get("editable"))
        self.post = self.target = ""
        if self.editable:
            record = context.get("record")
            url = context.get("cell_url") or reverse("dossiers:cell", args=[record.pk])  # type: ignore[union-attr]
            index = int(sheet.index)
            self.sheet = json.dumps(str(index))
            self.post = f'hx-post="{escape(url)}" hx-trigger="change" hx-vals="'
            self.target = f'" hx-include="#dossier-version" hx-target="#sheet-{index}" hx-swap="outerHTML"'

    def html(self, c: Any, label: str) -> str:
        """One written value: an input that saves itself through htmx when the dossier is editable,
        else the value (amounts in 万元 with two decimals); the audit's findings for it below it."""
        if not c:
            return ""
        public = self.public
        findings = "" if public or not c.findings else _finding_divs(c.findings, "\n")
        # a figure read from a scan below the confidence the audit trusts: marked for a person to confirm
        unsure = not public and c.unsure
        title = escape(
            c.where + (f"；扫描件识别，置信度 {c.confidence:.2f}，请对照原件核对" if unsure else "")
        )
        numeric = " n" if c.num is not None else ""
        worst = c.worst
        marks = f"{' ' + worst if worst else ''}{' ocr-low' if unsure else ''}"
        if self.editable:
            vals = escape(f'{{"path": {json.dumps(c.path, ensure_ascii=False)}, "sheet": {self.sheet}}}')
            common = (
                f'name="text" aria-label="{escape(label)}" title="{title}" {self.post}{vals}{self.target}'
            )
            if c.long:
                field = f'<textarea class="cell{marks}" rows="2" {common}>{escape(c.text)}</textarea>'
            else:
                field = f'<input class="cell{marks}{numeric}" value="{escape(c.text)}" {common}>'
            return field + findings
        money = c.unit == "万元" and c.num is not None
        shown = fmt(c.num) if money else escape(c.text).replace("\n", "<br>")
        return (
            f'<span class="val{"" if public else marks}{numeric}" title="{title}">{shown}</span>' + findings
        )


@register.simple_tag(takes_context=True)
def cell(context: Context, c: Any, label: str = "") -> str:
    """One written value (``_Cells.html``), for the few cells a template places one by one.

    Written in Python (every text escaped with ``html.escape``) rather than as an included template:
    a dossier page has over a thousand cells.
    """
    if not c:
        return ""
    return mark_safe(_Cells(context, context.get("sheet")).html(c, label))


def _text(value: object) -> str:
    """A value as ``{{ value }}`` shows it: escaped, ``None`` as the template engine writes it."""
    return escape(str(value))


def _row_findings(row: Any, public: bool, colspan: int) -> str:
    if public or not row.findings:
        return ""
    return f'<tr class="row-findings"><td colspan="{colspan}">{_finding_divs(row.findings)}</td></tr>\n'


@register.simple_tag(takes_context=True)
def figure_rows(context: Context, sheet: Any) -> str:
    """The rows of a 基础数据表 or a figure table: each line's label and written values (the computed
    控制率 across the columns), its findings in a row beneath."""
    cells = _Cells(context, sheet)
    span = len(sheet.figure_columns) or 1
    out = []
    for row in sheet.rows:
        label = row.label[0] if row.label else ""
        out.append(f"<tr><th>{_text(label)}</th>\n")
        if row.result:
            out.append(
                f'<td colspan="{span}" class="computed">计算 {_text(row.computed)}%　'
                f"{_text(row.result.explanation)}</td>"
            )
        else:
            out.append("\n")
            out.extend(f"<td>{cells.html(c, label)}</td>" for c in row.cells.values())
        out.append("</tr>\n")
        out.append(_row_findings(row, cells.public, 20))
    return mark_safe("".join(out))


def _settle(context: Context, sheet: Any, row: Any, counter: int, public: bool) -> str:
    """The computed score cell: the rules' figure, or the reviewer's (复核) with its form, as
    ``review/_settle.html`` writes them; the template is rendered only where there is more than the
    figure to show (a review, or a reviewer who may settle it)."""
    if (
        not row.settled
        and row.review is None
        and not (context.get("can_accept") and not public and row.result and row.path)
    ):
        return _text(row.computed) + "\n\n"
    template = context.template.engine.get_template("review/_settle.html")  # type: ignore[union-attr]
    with context.push(row=row, sheet=sheet, forloop={"counter": counter, "counter0": counter - 1}):
        return str(template.render(context))


@register.simple_tag(takes_context=True)
def indicator_rows(context: Context, sheet: Any) -> str:
    """The indicator rows of an evaluation table or the items of a 评分表: labels, the written values
    (editable cells), the computed score, its explanation, and the row's findings beneath it."""
    cells = _Cells(context, sheet)
    public = cells.public
    rubric = sheet.kind == "dept_rubric"
    out = []
    for counter, row in enumerate(sheet.rows, 1):
        shown = [*row.shown, "", ""]
        label = [*row.label, "", "", "", ""]
        get = row.cells.get
        out.append(
            f'\n<tr class="{"differs" if row.differs else ""}" id="row-{sheet.index}-{counter}">\n'
            f'<td class="l1">{_text(shown[0])}</td><td class="l2">{_text(shown[1])}</td><td>{_text(label[2])}</td>\n'
        )
        if rubric:
            out.append(f'<td class="std">{_text(Truncator(label[3]).chars(80))}</td>')
        else:
            out.append(
                f"<td>{cells.html(get('target'), '年度指标值')}</td>\n"
                f"<td>{cells.html(get('actual'), '实际完成值')}</td>"
            )
        explanation = _text(row.result.explanation) if row.result is not None else ""
        out.append(
            f'\n<td class="narrow">{cells.html(get("weight"), "分值")}</td>\n'
            f'<td class="narrow">{cells.html(get("score"), "自评得分")}</td>\n'
            f'<td class="computed num">{_settle(context, sheet, row, counter, public)}</td>\n'
            f'<td class="why">{explanation}</td>\n'
            f"<td>{cells.html(get('deviation'), '偏差原因')}</td>\n</tr>\n"
        )
        out.append(_row_findings(row, public, 10))
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def labelled_cells(context: Context, sheet: Any, pairs: list[tuple[str, Any]], rows: bool = False) -> str:
    """Label and value side by side (``<th>`` then ``<td>``, ``—`` where the form has no such cell):
    the table's heading fields (``rows``: one ``<tr>`` each), the 执行 and 总分 lines."""
    cells = _Cells(context, sheet)
    out = []
    for label, c in pairs:
        value = cells.html(c, label) if c else ("" if rows else "—")
        pair = f"<th>{_text(label)}</th><td>{value}</td>"
        out.append(f"<tr>{pair}</tr>" if rows else pair)
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def budget_rows(context: Context, sheet: Any) -> str:
    """The budget lines (年度资金总额 and its parts): 年初预算数, 全年预算数, 全年执行数, and each
    line's findings under its label."""
    cells = _Cells(context, sheet)
    out = []
    for row in sheet.budget:
        get = row.cells.get
        findings = "" if cells.public else _finding_divs(row.findings)
        out.append(
            f"<tr><th>{_text(row.label[0])}{findings}</th>\n"
            f"<td>{cells.html(get('initial'), '年初预算数')}</td>\n"
            f"<td>{cells.html(get('adjusted'), '全年预算数')}</td>\n"
            f"<td>{cells.html(get('executed'), '全年执行数')}</td></tr>"
        )
    return mark_safe("".join(out))


@register.simple_tag
def level_rows(sheet: Any) -> str:
    """The 一级指标 subtotals: the form's points, the sum of the weights and of the declared scores,
    and the computed subtotal (or its range, or the reviewers' settled one)."""
    out = []
    for level, settled in sheet.level_scores:
        if settled is not None:
            computed = f'<b class="level-settled">{d2(settled)}</b> <small class="review">复核</small>'
        elif level.computed_score is not None:
            computed = d2(level.computed_score)
        elif level.computed_range:
            computed = f"{d2(level.computed_range[0])}–{d2(level.computed_range[1])}"
        else:
            computed = "—"
        out.append(
            f'<tr><td>{_text(level.level1)}</td><td class="num">{d2(level.declared_points)}</td>'
            f'<td class="num">{d2(level.weights)}</td><td class="num">{d2(level.declared_scores)}</td>\n'
            f'<td class="num computed">{computed}</td></tr>'
        )
    return mark_safe("".join(out))
