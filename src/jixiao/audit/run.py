"""Run every registered check over a dossier, in a stable order, apply a reviewer's acceptances,
and summarise.

Acceptances live beside the document, in ``<document>.accepted.yaml``::

    - code: S002
      path: evaluations.0.indicators.7.score   # the finding's path (``--format json`` lists it)
      key: "2"                                 # optional: the finding's key, where one element has several
      location: "000_1afaa083905f87c4.txt:表3:行28:列8"   # shown to people; matched only without a path
      reason: 经主管部门确认，按满分计

An acceptance with a ``path`` accepts the finding of that code on that element (and that key, when
given): it covers that one finding, however many others share its location, and still applies after
an edit elsewhere in the dossier. An older acceptance with only a ``location`` still matches by code
and location. A matched finding is reported with its reason and no longer counts as an error for the
exit status; it is never hidden.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from jixiao.audit import checks as _checks  # noqa: F401  (registers the checks)
from jixiao.audit import checks_cells as _cells  # noqa: F401
from jixiao.audit import checks_facts as _facts  # noqa: F401
from jixiao.audit import checks_ocr as _ocr  # noqa: F401
from jixiao.audit import checks_sangong as _sangong  # noqa: F401
from jixiao.audit import checks_text as _text  # noqa: F401
from jixiao.audit.excerpt import with_excerpts
from jixiao.audit.finding import CHECKS, DocumentAudit, Finding, Summary
from jixiao.model.dossier import Dossier
from jixiao.score.result import DocumentResult
from jixiao.score.scorer import score_dossier

_ORDER = {"error": 0, "warning": 1, "info": 2}


class Acceptance(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: str
    reason: str
    location: str | None = None
    by: str | None = None
    path: str | None = None  # the finding's dossier path: matched on (code, path, key) when given
    key: str | None = None

    def covers(self, item: Finding) -> bool:
        if item.code != self.code:
            return False
        if self.path is not None:
            return item.path == self.path and (self.key is None or item.key == self.key)
        return item.location == self.location


# Checks that may report a finding without a path: about the whole document, not one element of it.
DOCUMENT_LEVEL = {
    "P002": "未识别评价年度时“无法核对日期”是对全文而言",
    "P008": "未识别评价年度时“无法核对表中年份”是对全文而言",
}


class AcceptanceError(ValueError):
    code = "acceptance_invalid"


def acceptance_path(document: Path) -> Path:
    return document.with_name(document.name + ".accepted.yaml")


def load_acceptances(document: Path) -> tuple[Acceptance, ...]:
    path = acceptance_path(document)
    if not path.exists():
        return ()
    import yaml  # only when a reviewer's acceptances exist: an audit without them never parses YAML

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        return tuple(msgspec.convert(data, list[Acceptance]))
    except (yaml.YAMLError, msgspec.ValidationError) as exc:
        raise AcceptanceError(f"{path.name}：审核确认文件格式错误（{exc}）") from exc


def _accept(findings: list[Finding], acceptances: tuple[Acceptance, ...]) -> list[Finding]:
    if not acceptances:
        return findings
    by_path: dict[tuple[str, str], list[Acceptance]] = {}
    by_location: dict[tuple[str, str | None], Acceptance] = {}
    for a in acceptances:
        if a.path is not None:
            by_path.setdefault((a.code, a.path), []).append(a)
        else:
            by_location.setdefault((a.code, a.location), a)
    out = []
    for f in findings:
        candidates = by_path.get((f.code, f.path), []) if f.path is not None else []
        found = next((a for a in candidates if a.covers(f)), None) or by_location.get((f.code, f.location))
        if found is not None:
            f = msgspec.structs.replace(f, accepted=found.reason + (f"（{found.by}）" if found.by else ""))
        out.append(f)
    return out


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
