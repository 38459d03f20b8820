"""Run every registered check over a dossier, in a stable order, apply a reviewer's acceptances,
and summarise.

Acceptances live beside the document, in ``<document>.accepted.yaml``::

    - code: S002
      location: "000_1afaa083905f87c4.txt:表3:行28:列8"
      reason: 经主管部门确认，按满分计

A finding whose code and location match is reported with its reason and no longer counts as an
error for the exit status; it is never hidden.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
import yaml

from jixiao.audit import checks as _checks  # noqa: F401  (registers the checks)
from jixiao.audit import checks_cells as _cells  # noqa: F401
from jixiao.audit import checks_facts as _facts  # noqa: F401
from jixiao.audit import checks_text as _text  # noqa: F401
from jixiao.audit.excerpt import with_excerpts
from jixiao.audit.finding import CHECKS, DocumentAudit, Finding, Summary
from jixiao.model.dossier import Dossier
from jixiao.score.result import DocumentResult
from jixiao.score.scorer import score_dossier

_ORDER = {"error": 0, "warning": 1, "info": 2}


class Acceptance(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: str
    location: str | None
    reason: str
    by: str | None = None


class AcceptanceError(ValueError):
    code = "acceptance_invalid"


def acceptance_path(document: Path) -> Path:
    return document.with_name(document.name + ".accepted.yaml")


def load_acceptances(document: Path) -> tuple[Acceptance, ...]:
    path = acceptance_path(document)
    if not path.exists():
        return ()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        return tuple(msgspec.convert(data, list[Acceptance]))
    except (yaml.YAMLError, msgspec.ValidationError) as exc:
        raise AcceptanceError(f"{path.name}：审核确认文件格式错误（{exc}）") from exc


def _accept(findings: list[Finding], acceptances: tuple[Acceptance, ...]) -> list[Finding]:
    reasons = {(a.code, a.location): a.reason + (f"（{a.by}）" if a.by else "") for a in acceptances}
    return [
        msgspec.structs.replace(f, accepted=reasons[(f.code, f.location)])
        if (f.code, f.location) in reasons
        else f
        for f in findings
    ]


def audit_dossier(
    dossier: Dossier,
    rules: str | None = None,
    acceptances: tuple[Acceptance, ...] = (),
    scored: DocumentResult | None = None,
) -> DocumentAudit:
    """``scored``: the dossier already scored under ``rules`` by the caller (not scored again)."""
    if scored is None:
        scored = score_dossier(dossier, rules)
    findings: list[Finding] = []
    for spec in CHECKS:
        findings.extend(spec.run(dossier, scored))
    findings = with_excerpts(_accept(findings, acceptances), dossier)
    findings.sort(key=lambda f: (_ORDER[f.severity], f.code, f.location or ""))
    open_findings = [f for f in findings if f.accepted is None]
    summary = Summary(
        error=sum(1 for f in open_findings if f.severity == "error" and f.outcome == "finding"),
        warning=sum(1 for f in open_findings if f.severity == "warning"),
        info=sum(1 for f in open_findings if f.severity == "info" and f.outcome == "finding"),
        could_not_check=sum(1 for f in findings if f.outcome == "could_not_check"),
        accepted=len(findings) - len(open_findings),
    )
    return DocumentAudit(source=dossier.source, rules=scored.rules, summary=summary, findings=tuple(findings))
