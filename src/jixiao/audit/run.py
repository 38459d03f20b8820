"""Run every registered check over a dossier, in a stable order, and summarise."""

from __future__ import annotations

from jixiao.audit import checks as _checks  # noqa: F401  (registers the checks)
from jixiao.audit.finding import CHECKS, DocumentAudit, Finding, Summary
from jixiao.model.dossier import Dossier
from jixiao.score.scorer import score_dossier

_ORDER = {"error": 0, "warning": 1, "info": 2}


def audit_dossier(dossier: Dossier, rules: str | None = None) -> DocumentAudit:
    scored = score_dossier(dossier, rules)
    findings: list[Finding] = []
    for spec in CHECKS:
        findings.extend(spec.run(dossier, scored))
    findings.sort(key=lambda f: (_ORDER[f.severity], f.code, f.location or ""))
    summary = Summary(
        error=sum(1 for f in findings if f.severity == "error" and f.outcome == "finding"),
        warning=sum(1 for f in findings if f.severity == "warning"),
        info=sum(1 for f in findings if f.severity == "info" and f.outcome == "finding"),
        could_not_check=sum(1 for f in findings if f.outcome == "could_not_check"),
    )
    return DocumentAudit(source=dossier.source, rules=scored.rules, summary=summary, findings=tuple(findings))
