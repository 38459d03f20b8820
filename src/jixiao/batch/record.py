"""One document's ``Record``: read (guarded), scored, audited, and turned into rows."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec

from jixiao.audit.finding import DocumentAudit
from jixiao.audit.run import AcceptanceError, audit_dossier, load_acceptances
from jixiao.batch.rows import DocumentRow, FindingRow, IndicatorRow, Record, TableRow
from jixiao.forms import family_of
from jixiao.ingest.errors import IngestError
from jixiao.ingest.guarded import run_guarded
from jixiao.ingest.limits import Limits
from jixiao.model.dossier import Dossier
from jixiao.model.serialize import dumps, loads
from jixiao.score.result import DocumentResult
from jixiao.score.scorer import score_dossier


class Failure(Exception):
    """A file this batch could not process, with the code and Chinese message its record keeps."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def failed_record(base: DocumentRow, rules: str | None, code: str, message: str) -> Record:
    document = msgspec.structs.replace(base, status="failed", error_code=code, error_message=message)
    return Record(document=document, rules_option=rules)


def record_of(
    path: Path, base: DocumentRow, rules: str | None, limits: Limits, pages: Mapping[int, Any] | None = None
) -> tuple[Record, bytes]:
    """The record and the dossier JSON of one file; ``Failure`` when it cannot be read. ``pages``:
    scanned pages already OCR'd by other tasks (``jixiao.ingest.guarded.run_guarded``)."""
    seconds: float | None = None
    peak: int | None = None
    try:
        if path.suffix.lower() == ".json":
            from jixiao.ingest.batch import load_any

            dossier = load_any(path, limits)
            data = dumps(dossier)
        else:
            guarded = run_guarded(path, limits, pages)
            seconds, peak = guarded.seconds, guarded.peak_rss
            if guarded.error is not None:
                raise guarded.error
            assert guarded.data is not None
            data = guarded.data
            dossier = loads(data)
        acceptances = load_acceptances(path)
    except IngestError as exc:
        raise Failure(exc.code, exc.message) from exc
    except AcceptanceError as exc:
        raise Failure(exc.code, str(exc)) from exc
    scored = score_dossier(dossier, rules)
    audit = audit_dossier(dossier, rules, acceptances, scored=scored)
    return build_record(base, dossier, scored, audit, rules, seconds, peak), data


def build_record(
    base: DocumentRow,
    dossier: Dossier,
    scored: DocumentResult,
    audit: DocumentAudit,
    rules: str | None,
    seconds: float | None = None,
    peak: int | None = None,
) -> Record:
    doc_id = base.doc_id
    tables: list[TableRow] = []
    indicators: list[IndicatorRow] = []
    by_path: list[tuple[str, int, str | None]] = []  # a table's dossier path, its number, its family
    for table_no, table in enumerate(scored.tables, start=1):
        family = family_of(table.template)
        low, high = table.computed_range or (None, None)
        budget = table.budget
        tables.append(
            TableRow(
                doc_id=doc_id,
                table_no=table_no,
                kind=table.kind,
                template=table.template,
                family=family,
                name=table.name,
                unit=table.unit,
                rules=table.rules,
                location=table.location,
                budget_initial=budget.initial if budget else None,
                budget_adjusted=budget.adjusted if budget else None,
                budget_executed=budget.executed if budget else None,
                execution_rate=table.execution_rate,
                execution_weight=table.execution_weight,
                execution_declared=table.execution_declared,
                execution_computed=table.execution_computed,
                declared_total=table.declared_total,
                computed_total=table.computed_total,
                computed_low=low,
                computed_high=high,
                weights_total=table.weights_total,
                declared_points=table.declared_points,
                grade=table.grade,
                computed_grade=table.computed_grade,
                indicators=len(table.indicators),
            )
        )
        if table.path:
            by_path.append((table.path, table_no, family))
        for number, item in enumerate(table.indicators, start=1):
            item_low, item_high = item.computed_range or (None, None)
            indicators.append(
                IndicatorRow(
                    doc_id=doc_id,
                    table_no=table_no,
                    indicator_no=number,
                    level1=item.level1,
                    level2=item.level2,
                    name=item.name,
                    target=item.target,
                    actual=item.actual,
                    weight=item.weight,
                    declared_score=item.declared_score,
                    computed_score=item.computed_score,
                    computed_low=item_low,
                    computed_high=item_high,
                    direction=item.direction,
                    achievement=item.achievement,
                    location=item.location,
                )
            )
    findings: list[FindingRow] = []
    for number, finding in enumerate(audit.findings, start=1):
        in_table, family = _table_of(finding.path, by_path)
        findings.append(
            FindingRow(
                doc_id=doc_id,
                finding_no=number,
                code=finding.code,
                category=finding.category,
                severity=finding.severity,
                outcome=finding.outcome,
                accepted=finding.accepted is not None,
                message=finding.message,
                location=finding.location,
                table_no=in_table,
                family=family,
                excerpt=finding.excerpt,
            )
        )
    families = sorted({t.family or t.template for t in tables if t.kind != "basic_data"})
    summary = audit.summary
    document = msgspec.structs.replace(
        base,
        unit=dossier.unit,
        year=dossier.year,
        rules=",".join(scored.rules),
        families=",".join(families),
        tables=len(tables),
        evaluations=len(dossier.evaluations),
        rubrics=len(dossier.rubrics),
        sections=len(dossier.sections),
        statements=len(dossier.statements),
        unread=len(dossier.unread),
        errors=summary.error,
        warnings=summary.warning,
        infos=summary.info,
        could_not_check=summary.could_not_check,
        accepted=summary.accepted,
        read_seconds=seconds,
        peak_rss=peak,
    )
    return Record(
        document=document,
        tables=tuple(tables),
        indicators=tuple(indicators),
        findings=tuple(findings),
        rules_option=rules,
    )


def _table_of(path: str | None, tables: list[tuple[str, int, str | None]]) -> tuple[int | None, str | None]:
    """The table a finding is about: the one whose dossier path its own path starts with (findings and
    scores join on paths, never on display locations)."""
    if not path:
        return None, None
    for table_path, number, family in tables:
        if path == table_path or path.startswith(table_path + "."):
            return number, family
    return None, None
