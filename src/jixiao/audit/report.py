"""Audit output: one line per finding for the terminal, or the stable JSON contract."""

from __future__ import annotations

import html
from collections import Counter
from decimal import Decimal

import msgspec

from jixiao.audit.finding import AuditReport, DocumentAudit

_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_COLOUR = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_json = msgspec.json.Encoder(decimal_format="number")


def to_json(report: AuditReport) -> bytes:
    return _json.encode(report)


def document_text(document: DocumentAudit, colour: bool) -> str:
    lines = []
    for item in document.findings:
        severity = _SEVERITY[item.severity] + ("（无法核对）" if item.outcome == "could_not_check" else "")
        if colour:
            severity = f"{_COLOUR[item.severity]}{severity}\033[0m"
        accepted = f" ［已确认：{item.accepted}］" if item.accepted else ""
        lines.append(f"{item.location or document.source}: {severity} {item.code} {item.message}{accepted}")
    s = document.summary
    lines.append(
        f"{document.source}：错误 {s.error}，警告 {s.warning}，提示 {s.info}，无法核对 {s.could_not_check}，"
        f"已确认 {s.accepted}"
        f"（规则：{', '.join(document.rules) or '—'}）"
    )
    return "\n".join(lines)


def to_text(report: AuditReport, colour: bool = False) -> str:
    return "\n\n".join(document_text(d, colour) for d in report.documents) + "\n"


# ---------------------------------------------------------------- HTML 审核意见

_CSS = """
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; margin: 2em auto; max-width: 60em;
       color: #222; line-height: 1.6; }
h1 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; text-align: center; font-size: 1.6em; }
h2 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; border-bottom: 1px solid #999;
     font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; font-size: .92em; }
th, td { border: 1px solid #888; padding: .25em .5em; vertical-align: top; text-align: left; }
td.s, th { white-space: nowrap; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.error { color: #a40000; font-weight: bold; } .warning { color: #8a5a00; } .info { color: #245; }
.accepted { color: #2a6f2a; } .loc { font-family: monospace; font-size: .85em; color: #555; }
.evidence { font-size: .85em; color: #333; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
"""
_EVIDENCE = {
    "declared": "填报",
    "expected": "应为",
    "expected_low": "下限",
    "expected_high": "上限",
    "target": "年度指标值",
    "actual": "实际完成值",
    "sum": "合计",
    "stated": "所填",
    "tolerance": "允许误差",
    "rate": "执行率%",
    "level1": "一级指标",
    "weight": "分值",
    "ratio": "完成比例%",
    "text": "原文",
    "date": "日期",
    "year": "评价年度",
    "staff": "在职人数",
    "quota": "编制数",
    "sentence": "原句",
    "amount": "金额",
    "explanation": "计算",
    "rows": "行数",
    "self_evaluation": "自评表",
    "basic_data": "基础数据表",
    "table": "自评表",
}
_CATEGORY = {
    "arithmetic": "计算",
    "scoring": "评分",
    "weights": "分值",
    "consistency": "一致性",
    "completeness": "完整性",
    "plausibility": "合理性",
}


def _e(value: object) -> str:
    if isinstance(value, Decimal):
        return html.escape(f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}")
    return html.escape("" if value is None else str(value))


def _table_of(location: str | None) -> str:
    if not location:
        return "（全文）"
    parts = location.split(":")
    return next((p for p in parts[1:] if p.startswith("表")), "正文")


def document_html(document: DocumentAudit) -> str:
    s = document.summary
    by_table = Counter(_table_of(f.location) for f in document.findings if f.accepted is None)
    rows = "".join(f"<tr><td>{_e(t)}</td><td class='n'>{n}</td></tr>" for t, n in sorted(by_table.items()))
    items = []
    for number, item in enumerate(document.findings, start=1):
        evidence = "；".join(
            f"{_e(_EVIDENCE.get(k, k))}：{_e(v)}" for k, v in item.evidence.items() if v not in (None, "")
        )
        state = (
            f"<span class='accepted'>已确认：{_e(item.accepted)}</span>"
            if item.accepted
            else ("无法核对" if item.outcome == "could_not_check" else "")
        )
        items.append(
            f"<tr><td class='n'>{number}</td><td class='s {item.severity}'>{_SEVERITY[item.severity]}</td>"
            f"<td class='s'>{_e(item.code)}<br>{_CATEGORY[item.category]}</td>"
            f"<td>{_e(item.message)}<div class='evidence'>{evidence}</div>{state}</td>"
            f"<td class='loc'>{_e(item.location)}</td></tr>"
        )
    return (
        f"<h2>{_e(document.source)}</h2>"
        f"<p>评分规则：{_e('、'.join(document.rules) or '—')}。审核结果：错误 <span class='error'>{s.error}</span> 项，"
        f"警告 <span class='warning'>{s.warning}</span> 项，提示 {s.info} 项，无法核对 {s.could_not_check} 项，"
        f"已确认 {s.accepted} 项。</p>"
        f"<table><tr><th>所在表</th><th>待处理问题</th></tr>{rows}</table>"
        f"<table><tr><th>序号</th><th>级别</th><th>代码</th><th>问题及核对数据</th><th>位置</th></tr>{''.join(items)}</table>"
    )


def to_html(report: AuditReport, title: str = "预算绩效自评材料审核意见") -> str:
    """A standalone page (no external resources) that prints on A4."""
    body = "".join(document_html(d) for d in report.documents)
    total = sum(d.summary.error for d in report.documents)
    verdict = "存在需要更正的错误，请按下列意见修改后重新报送。" if total else "未发现需要更正的错误。"
    return (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1><p>共审核 {len(report.documents)} 份材料。{verdict}</p>{body}"
        "<p style='margin-top:3em'>审核人：＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日</p></body></html>\n"
    )
