"""Show score results: a readable terminal table (CJK-width aware) or the stable JSON contract."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import msgspec

from jixiao.model.numbers import fmt
from jixiao.score.result import TABLE_KIND_NAMES, DocumentResult, ScoreReport, TableResult

_json = msgspec.json.Encoder(decimal_format="number")


def to_json(report: ScoreReport) -> bytes:
    """The ``--format json`` contract (documented in docs/score-json.md)."""
    return _json.encode(report)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


def cut(text: str, size: int) -> str:
    out, used = "", 0
    for ch in text:
        w = width(ch)
        if used + w > size - 1 and used + w > size:
            return out + "…"
        out, used = out + ch, used + w
    return out


def _score(value: Decimal | None, span: tuple[Decimal, Decimal] | None) -> str:
    if value is not None:
        return fmt(value)
    if span is not None:
        return f"{fmt(span[0])}–{fmt(span[1])}"
    return "—"


def _mark(declared: Decimal | None, computed: Decimal | None, span: tuple[Decimal, Decimal] | None) -> str:
    if declared is None:
        return " "
    if computed is not None:
        return " " if declared == computed else "≠"
    if span is not None:
        return " " if span[0] <= declared <= span[1] else "≠"
    return " "


def table_text(table: TableResult) -> list[str]:
    lines = [
        f"【{TABLE_KIND_NAMES[table.kind]}】{table.name}"
        + (f"  （规则：{table.rules}）" if table.rules else "")
    ]
    if table.rules_reason:
        lines.append(f"  规则：{table.rules_reason}")
    if table.location:
        lines.append(f"  位置：{table.location}")
    if table.budget is not None:
        b = table.budget
        lines.append(
            f"  年初预算 {fmt(b.initial)}  全年预算 {fmt(b.adjusted)}  全年执行 {fmt(b.executed)} 万元"
            f"  执行率 {fmt(table.execution_rate)}%"
        )
    if table.execution_explanation:
        mark = _mark(table.execution_declared, table.execution_computed, None)
        lines.append(
            f"  执行得分：填报 {fmt(table.execution_declared)} {mark} 计算 {fmt(table.execution_computed)}"
            f"  （{table.execution_explanation}）"
        )
    if table.goal_declared is not None:
        lines.append(f"  年度目标得分：填报 {fmt(table.goal_declared)}（计入总分，规则不另计算）")
    header = (
        f"  {pad('一级/二级', 22)}{pad('三级指标', 30)}{pad('分值', 7)}{pad('填报', 7)} {pad('计算', 12)}说明"
    )
    if table.indicators:
        lines.append(header)
    for row in table.indicators:
        mark = _mark(row.declared_score, row.computed_score, row.computed_range)
        explanation = row.explanation
        if row.unverifiable:
            mark, explanation = "?", f"{explanation}（无法核对：{row.unverifiable}）"
        group = cut(f"{row.level1}/{row.level2}".strip("/"), 21)
        lines.append(
            f"  {pad(group, 22)}{pad(cut(row.name, 29), 30)}{pad(fmt(row.weight) if row.weight is not None else '—', 7)}"
            f"{pad(fmt(row.declared_score) if row.declared_score is not None else '—', 7)}{mark}"
            f"{pad(_score(row.computed_score, row.computed_range), 12)}{explanation}"
        )
    for level in table.levels:
        lines.append(
            f"  小计 {level.level1}：分值合计 {fmt(level.weights)}"
            + (f"（表列 {fmt(level.declared_points)}）" if level.declared_points is not None else "")
            + f"，填报得分 {fmt(level.declared_scores)}，计算 {_score(level.computed_score, level.computed_range)}"
        )
    if table.kind != "basic_data":
        total_mark = _mark(table.declared_total, table.computed_total, table.computed_range)
        if table.unverifiable and total_mark != " ":
            total_mark = "?"
        lines.append(
            f"  总分：填报 {fmt(table.declared_total)} {total_mark} 计算 {_score(table.computed_total, table.computed_range)}"
            f"  分值合计 {fmt(table.weights_total)}"
            + (f"（表列 {fmt(table.declared_points)}）" if table.declared_points is not None else "")
            + f"  等级：填报 {table.grade or '—'}，计算 {table.computed_grade or '—'}"
        )
        if table.unverifiable:
            lines.append(f"  无法核对：{table.unverifiable}")
    return lines


def document_text(document: DocumentResult) -> str:
    lines = [
        f"━━ {document.source}  {document.unit or ''} {document.year or ''}年度  共 {len(document.tables)} 张表",
    ]
    for table in document.tables:
        lines.append("")
        lines.extend(table_text(table))
    return "\n".join(lines)


def to_text(report: ScoreReport) -> str:
    return "\n\n".join(document_text(d) for d in report.documents) + "\n"
