"""Audit output: one line per finding for the terminal, or the stable JSON contract."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal

import msgspec

from jixiao.audit.finding import AuditReport, DocumentAudit, Finding
from jixiao.model.dossier import Fact, Val

_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_COLOUR = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_json = msgspec.json.Encoder(decimal_format="number")


def to_json(report: AuditReport, facts: Mapping[str, tuple[Fact, ...]] | None = None) -> bytes:
    """The report; with ``facts`` (the narrative's facts of each document, by source) each document
    also lists them, grouped by section, under ``statements`` (added to the contract, nothing renamed)."""
    if facts is None:
        return _json.encode(report)
    data = msgspec.to_builtins(report, builtin_types=(Decimal,))
    for document in data["documents"]:
        grouped: dict[str, list[object]] = {}
        for fact in facts.get(document["source"], ()):
            grouped.setdefault(fact.section, []).append(msgspec.to_builtins(fact, builtin_types=(Decimal,)))
        document["statements"] = [{"section": k, "facts": v} for k, v in grouped.items()]
    return _json.encode(data)


_BOLD, _RESET = "\033[1m", "\033[0m"


def table_of(location: str | None) -> str:
    """The group a finding belongs to: 表N, 第P页 (PDF text), 正文 (narrative lines) or 全文."""
    if not location:
        return "（全文）"
    parts = location.split(":")[1:]
    return next((p for p in parts if p.startswith("表")), None) or next(
        (p for p in parts if p.startswith("第") and p.endswith("页")), "正文"
    )


def _group_key(name: str) -> tuple[int, int, str]:
    """表1 < 表2 < … < 第3页 < … < 正文 < 全文, by number where there is one."""
    digits = "".join(c for c in name if c.isdigit())
    rank = 0 if name.startswith("表") else 1 if name.endswith("页") else 2
    return rank, int(digits) if digits else 0, name


def _line(item: Finding, source: str, colour: bool) -> str:
    severity = _SEVERITY[item.severity] + ("（无法核对）" if item.outcome == "could_not_check" else "")
    if colour:
        severity = f"{_COLOUR[item.severity]}{severity}{_RESET}"
    accepted = f" ［已确认：{item.accepted}］" if item.accepted else ""
    return f"{item.location or source}: {severity} {item.code} {item.message}{accepted}"


def document_text(document: DocumentAudit, colour: bool) -> str:
    """Findings grouped by table (in document order), one line each, then the summary."""
    groups: dict[str, list[Finding]] = {}
    for item in document.findings:
        groups.setdefault(table_of(item.location), []).append(item)
    lines = []
    for name in sorted(groups, key=_group_key):
        items = groups[name]
        counts = Counter(f.severity for f in items if f.accepted is None and f.outcome == "finding")
        tally = "，".join(f"{_SEVERITY[k]} {counts[k]}" for k in ("error", "warning", "info") if counts[k])
        header = f"── {document.source} {name}" + (f"（{tally}）" if tally else "")
        lines.append(f"{_BOLD}{header}{_RESET}" if colour else header)
        lines.extend(_line(item, document.source, colour) for item in items)
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
.src { font-size: .85em; background: #f6f6f0; border-left: 3px solid #bbb; padding: .15em .5em; margin: .25em 0;
       white-space: pre-wrap; }
mark { background: #ffe08a; color: inherit; padding: 0 .1em; }
table.summary { width: auto; } table.summary td.n { min-width: 3em; }
.facts td.text { width: 40%; font-size: .88em; background: #f6f6f0; } .facts tr.section th { background: #ddd; }
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


_MARKED = ("sentence", "text", "declared", "stated", "actual", "target", "date", "sum")


def _marks(item: Finding) -> list[str]:
    """The figures and phrases of a finding to mark in its excerpt, longest first."""
    found = []
    for key in _MARKED:
        value = item.evidence.get(key)
        if value is None or value == "":
            continue
        text = _e(value) if isinstance(value, Decimal) else html.escape(str(value))
        if text and text not in found:
            found.append(text)
    return sorted(found, key=len, reverse=True)


def excerpt_html(item: Finding) -> str:
    """The source row or sentence, escaped, with the compared figures marked."""
    if not item.excerpt:
        return ""
    text = html.escape(item.excerpt)
    marks = _marks(item)
    if marks:
        pattern = "|".join(
            rf"(?<![\d.]){re.escape(m)}(?![\d.])" if m[:1].isdigit() else re.escape(m) for m in marks
        )
        text = re.sub(pattern, lambda m: f"<mark>{m.group(0)}</mark>", text)
    return f"<div class='src'>{text}</div>"


def _summary_table(document: DocumentAudit) -> str:
    """Open findings by table and severity, could-not-check and accepted counted apart."""
    rows: dict[str, Counter[str]] = {}
    for item in document.findings:
        counts = rows.setdefault(table_of(item.location), Counter())
        if item.accepted is not None:
            counts["accepted"] += 1
        elif item.outcome == "could_not_check":
            counts["could_not_check"] += 1
        else:
            counts[item.severity] += 1
    columns = ("error", "warning", "info", "could_not_check", "accepted")
    body = "".join(
        f"<tr><td>{_e(name)}</td>"
        + "".join(f"<td class='n'>{rows[name][c] or ''}</td>" for c in columns)
        + "</tr>"
        for name in sorted(rows, key=_group_key)
    )
    totals = "".join(f"<td class='n'><b>{sum(r[c] for r in rows.values())}</b></td>" for c in columns)
    return (
        "<table class='summary'><tr><th>所在表</th><th>错误</th><th>警告</th><th>提示</th><th>无法核对</th>"
        f"<th>已确认</th></tr>{body}<tr><td><b>合计</b></td>{totals}</tr></table>"
    )


def _v(value: Val | None) -> str:
    return _e(value.text) if value is not None else ""


def facts_html(facts: tuple[Fact, ...]) -> str:
    """The narrative's figures as read, beside the findings: each sentence of the text (原文) beside the
    facts read from it, section by section — what each check compared."""
    if not facts:
        return ""
    rows = []
    section: str | None = None
    groups: list[list[Fact]] = []
    for fact in facts:
        if groups and groups[-1][0].sentence == fact.sentence and groups[-1][0].section == fact.section:
            groups[-1].append(fact)
        else:
            groups.append([fact])
    for group in groups:
        if group[0].section != section:
            section = group[0].section
            rows.append(f"<tr class='section'><th colspan='7'>{_e(section) or '（正文）'}</th></tr>")
        for index, fact in enumerate(group):
            relation = "；".join(
                part
                for part in (
                    f"比{_e(fact.against)} {_v(fact.change)} {_v(fact.change_rate)}".strip()
                    if fact.change or fact.change_rate
                    else "",
                    f"{'完成' if fact.ratio_kind == 'completion' else '占'}{_e(fact.whole)} {_v(fact.whole_value)} "
                    f"{_v(fact.ratio)}"
                    if fact.ratio
                    else "",
                    f"其中（属第{fact.part_of + 1}项）" if fact.part_of is not None else "",
                    "基数为0，不可比" if fact.not_comparable else "",
                )
                if part
            )
            text = f"<td class='text' rowspan='{len(group)}'>{_e(fact.sentence)}</td>" if index == 0 else ""
            rows.append(
                f"<tr>{text}<td>{_e(fact.subject) or '—'}</td><td>{_e(fact.measure)}</td>"
                f"<td>{_e(fact.period)}</td><td>{_v(fact.value)}</td><td>{relation}</td>"
                f"<td class='loc'>{_e(fact.loc.short() if fact.loc else '')}</td></tr>"
            )
    return (
        "<details class='facts'><summary>文字说明中的数字（共 "
        f"{len(facts)} 项）</summary><table><tr><th>原文</th><th>主体</th><th>口径</th><th>期间</th>"
        f"<th>数值</th><th>所述关系</th><th>位置</th></tr>{''.join(rows)}</table></details>"
    )


def document_html(document: DocumentAudit, facts: tuple[Fact, ...] = ()) -> str:
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
            f"<td>{_e(item.message)}{excerpt_html(item)}<div class='evidence'>{evidence}</div>{state}</td>"
            f"<td class='loc'>{_e(item.location)}</td></tr>"
        )
    s = document.summary
    return (
        f"<h2>{_e(document.source)}</h2>"
        f"<p>评分规则：{_e('、'.join(document.rules) or '—')}。审核结果：错误 <span class='error'>{s.error}</span> 项，"
        f"警告 <span class='warning'>{s.warning}</span> 项，提示 {s.info} 项，无法核对 {s.could_not_check} 项，"
        f"已确认 {s.accepted} 项。</p>"
        f"{_summary_table(document)}"
        f"<table><tr><th>序号</th><th>级别</th><th>代码</th><th>问题、原文及核对数据</th><th>位置</th></tr>{''.join(items)}</table>"
        f"{facts_html(facts)}"
    )


def to_html(
    report: AuditReport,
    title: str = "预算绩效自评材料审核意见",
    facts: Mapping[str, tuple[Fact, ...]] | None = None,
) -> str:
    """A standalone page (no external resources) that prints on A4; with ``facts``, each document's
    narrative figures as read follow its findings."""
    body = "".join(document_html(d, (facts or {}).get(d.source, ())) for d in report.documents)
    total = sum(d.summary.error for d in report.documents)
    verdict = "存在需要更正的错误，请按下列意见修改后重新报送。" if total else "未发现需要更正的错误。"
    return (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1><p>共审核 {len(report.documents)} 份材料。{verdict}</p>{body}"
        "<p style='margin-top:3em'>审核人：＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日</p></body></html>\n"
    )
