"""What an audit reports: findings, each located, explained in Chinese, with the numbers compared."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

import msgspec

from jixiao.model.dossier import Dossier
from jixiao.score.result import DocumentResult

Category = Literal["arithmetic", "scoring", "weights", "consistency", "completeness", "plausibility"]
Severity = Literal["error", "warning", "info"]
Evidence = dict[str, str | Decimal | None]


class Finding(msgspec.Struct, frozen=True, omit_defaults=True):
    code: str
    category: Category
    severity: Severity
    message: str  # Chinese, for the unit and the reviewer
    location: str | None = None  # file:表N:行R:列C
    evidence: Evidence = {}  # the figures and texts as written, the expected value, the tolerance
    outcome: Literal["finding", "could_not_check"] = "finding"
    accepted: str | None = None  # a reviewer's reason for accepting it; accepted findings stay listed
    excerpt: str | None = None  # the row or sentence of the source the finding points at, as written
    # the dossier path of the element it is about (``evaluations.3.indicators.7.actual``,
    # ``basic_data.lines.2.values.1``, ``statements.12``, ``sections.4``, a table ``evaluations.0``);
    # ``None`` only for a document-level finding (``DOCUMENT_LEVEL`` in ``jixiao.audit.run``)
    path: str | None = None
    # what tells apart several findings of one check on one element (the figure or sentence compared)
    key: str | None = None

    @property
    def identity(self) -> tuple[str, str | None, str | None]:
        """``(code, path, key)``: the same finding in every re-audit while its element is unchanged."""
        return self.code, self.path, self.key


class Summary(msgspec.Struct, frozen=True):
    error: int  # errors not accepted by a reviewer: these gate a submission
    warning: int
    info: int
    could_not_check: int
    accepted: int = 0


class DocumentAudit(msgspec.Struct, frozen=True):
    source: str
    rules: tuple[str, ...]
    summary: Summary
    findings: tuple[Finding, ...]


class AuditReport(msgspec.Struct, frozen=True):
    documents: tuple[DocumentAudit, ...]


@dataclass(frozen=True)
class Check:
    code: str
    category: Category
    severity: Severity
    title: str
    run: Callable[[Dossier, DocumentResult], Iterator[Finding]]


CHECKS: list[Check] = []


def check(
    code: str, category: Category, severity: Severity, title: str
) -> Callable[[Callable[[Dossier, DocumentResult, Check], Iterator[Finding]]], Check]:
    """Register a check; the function receives the dossier, its scores and its own ``Check``."""

    def register(function: Callable[[Dossier, DocumentResult, Check], Iterator[Finding]]) -> Check:
        def run(dossier: Dossier, scored: DocumentResult) -> Iterator[Finding]:
            return function(dossier, scored, item)

        item = Check(code, category, severity, title, run)
        CHECKS.append(item)
        return item

    return register


def finding(
    spec: Check,
    message: str,
    location: str | None,
    severity: Severity | None = None,
    *,
    path: str | None,
    key: object = None,
    **evidence: object,
) -> Finding:
    """``path``: the dossier path of the element the finding is about; ``key``: what tells it apart
    from other findings of the same check on that element (default: the sentence, text or first-level
    group it quotes, else the figure it states)."""
    values = {k: _evidence_value(v) for k, v in evidence.items()}
    return Finding(
        code=spec.code,
        category=spec.category,
        severity=severity or spec.severity,
        message=message,
        location=location,
        evidence=values,
        path=path,
        key=_key(key, values),
    )


_KEY_EVIDENCE = ("sentence", "text", "level1", "declared", "stated", "actual", "target", "date")


KEY_CHARS = 200  # a key quotes at most this much of a sentence (what tells findings apart is early)


def _key(key: object, evidence: Evidence) -> str | None:
    if key is not None:
        return str(key)[:KEY_CHARS]
    for name in _KEY_EVIDENCE:
        value = evidence.get(name)
        if value is not None:
            return str(value)[:KEY_CHARS]
    return None


_FOUR_PLACES = Decimal("0.0001")


def _evidence_value(value: object) -> str | Decimal | None:
    """Written figures keep their digits; a recomputed value is shown to four decimals at most."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -4:
            return value.quantize(_FOUR_PLACES, rounding=ROUND_HALF_UP)
        return value
    return str(value)


def with_evidence(item: Finding, evidence: dict[str, object]) -> Finding:
    """The finding with more evidence added (in the same written/recomputed form as ``finding``)."""
    if not evidence:
        return item
    added = {k: _evidence_value(v) for k, v in evidence.items()}
    return msgspec.structs.replace(item, evidence={**item.evidence, **added})


def could_not_check(
    spec: Check,
    message: str,
    location: str | None,
    *,
    path: str | None,
    key: object = None,
    **evidence: object,
) -> Finding:
    return msgspec.structs.replace(
        finding(spec, message, location, "info", path=path, key=key, **evidence), outcome="could_not_check"
    )
