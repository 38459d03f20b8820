"""Audit output: one line per finding for the terminal, or the stable JSON contract."""

from __future__ import annotations

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
