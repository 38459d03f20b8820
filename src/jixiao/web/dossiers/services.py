"""The core, as the web application uses it: score + audit a dossier, store it as a new version with
optimistic locking, edit one cell, restore a version. Views call these; nothing here knows HTTP.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jixiao.audit.finding import DocumentAudit, Finding
from jixiao.audit.run import Acceptance, audit_dossier
from jixiao.model.dossier import Dossier
from jixiao.model.edit import changed_values, replace_text
from jixiao.model.numbers import fmt, q2
from jixiao.model.serialize import DossierFormatError, dumps, loads
from jixiao.rules.pack import PackError, load_pack
from jixiao.score.result import DocumentResult, TableResult
from jixiao.score.scorer import score_dossier
from jixiao.web.dossiers.models import DossierRecord, DossierVersion, FindingAcceptance, Task
from jixiao.web.review.scores import Settled, settled_of

_PRIMARY_KINDS = ("unit_overall", "dept_overall", "dept_rubric", "project")


@dataclass(frozen=True)
class Evaluated:
    """A dossier with its scores and its audit, computed together for one page or one list row."""

    dossier: Dossier
    scored: DocumentResult
    audit: DocumentAudit
    rules_error: str = ""


class StaleEdit(Exception):
    """The dossier changed since the editor loaded it; nothing was written."""

    code = "edit_stale"

    def __init__(self, record: DossierRecord, expected: int) -> None:
        who = record.updated_by.get_full_name() or record.updated_by.username if record.updated_by else "他人"
        when = timezone.localtime(record.updated_at).strftime("%H:%M:%S")
        self.message = (
            f"档案已被 {who} 于 {when} 修改（现为第 {record.version} 版，您打开的是第 {expected} 版），"
            "您的修改未保存，原内容也未被覆盖。请刷新页面，在最新版本上重新填写。"
        )
        super().__init__(self.message)


class DamagedDossier(Exception):
    """A stored version whose JSON no longer decodes as a dossier (written before versions were checked,
    or damaged outside the application). Shown as damaged; the other versions stay restorable."""

    code = "dossier_damaged"

    def __init__(self, version: int | None, detail: str) -> None:
        which = f"第 {version} 版" if version is not None else "当前版本"
        self.message = f"档案{which}的数据已损坏，无法读取（{detail}）。其他版本仍可在“版本记录”中恢复。"
        super().__init__(self.message)


class InvalidDossier(Exception):
    """A dossier that would not load back once stored: refused before anything is written."""

    code = "dossier_invalid"

    def __init__(self, detail: str) -> None:
        self.message = f"修改后的档案无法保存（{detail}），档案未改变。"
        super().__init__(self.message)


def checked_text(dossier: Dossier) -> str:
    """The dossier's stored text, proven to load back: a version that does not decode is never written."""
    text = dumps(dossier).decode("utf-8")
    try:
        loads(text)
    except DossierFormatError as exc:
        raise InvalidDossier(str(exc)) from exc
    return text


# a reviewer's acceptances: (code, location, reason, by, path, key); path "" for one made before paths
Accepted = tuple[tuple[str, str, str, str, str, str], ...]


def evaluate(
    dossier: Dossier, rules: str | None, accepted: Accepted = (), settled: Settled = ()
) -> Evaluated:
    """Score and audit under the task's rule pack (``None`` or empty: the pack each form names), with
    the reviewers' acceptances of findings and the scores they settled (复核)."""
    acceptances = tuple(
        Acceptance(code=c, location=loc or None, reason=r, by=by or None, path=p or None, key=k or None)
        for c, loc, r, by, p, k in accepted
    )
    try:
        scored = score_dossier(dossier, rules or None, dict(settled) or None)
        return Evaluated(dossier, scored, audit_dossier(dossier, rules or None, acceptances, scored))
    except PackError as exc:
        # a pack that does not fit the forms: fall back to recognition, and say so
        scored = score_dossier(dossier, None, dict(settled) or None)
        return Evaluated(
            dossier,
            scored,
            audit_dossier(dossier, None, acceptances, scored),
            rules_error=f"规则包 {rules} 无法用于本档案（{exc}），已按表式识别的规则评分",
        )


def primary_table(scored: DocumentResult) -> TableResult | None:
    """The table that speaks for the whole dossier: the overall table, else the rubric, else a project."""
    for kind in _PRIMARY_KINDS:
        for table in scored.tables:
            if table.kind == kind:
                return table
    return None


def summary_fields(evaluated: Evaluated) -> dict[str, Any]:
    """The cached figures of the dossier's primary table: the computed total (or, where the rules leave
    part of it to a person, the computed range beside the declared total), grade, execution rate, counts."""
    table = primary_table(evaluated.scored)
    total: Decimal | None = None
    declared: Decimal | None = None
    span = ""
    grade = ""
    rate: Decimal | None = None
    if table is not None:
        total = q2(table.computed_total) if table.computed_total is not None else None
        declared = q2(table.declared_total) if table.declared_total is not None else None
        if table.computed_range is not None:
            span = f"{fmt(table.computed_range[0])}–{fmt(table.computed_range[1])}"
        grade = table.computed_grade or table.grade or ""
        if table.settled_total is not None:  # reviewers settled every range: their total, its grade
            total, span = q2(table.settled_total), ""
            grade = (load_pack(table.rules).grade_for(total) if table.rules else None) or grade
        rate = table.execution_rate
    if rate is None:
        rate = next((t.execution_rate for t in evaluated.scored.tables if t.execution_rate is not None), None)
    open_findings = [f for f in evaluated.audit.findings if f.accepted is None and f.outcome == "finding"]
    return {
        "total": total,
        "total_range": span,
        "declared_total": declared,
        "grade": grade[:20],
        "execution_rate": rate,
        "error_count": evaluated.audit.summary.error,
        "warning_count": evaluated.audit.summary.warning,
        "finding_codes": [f.code for f in open_findings if f.severity in ("error", "warning")],
    }


class _Recent:
    """The dossiers and evaluations of the texts this process saved or showed last, keyed by the exact
    stored text (and rules and acceptances). Everything kept is immutable. A save puts the dossier it
    already holds here, so neither the page that follows nor the next edit of the same dossier decodes
    the 150 KB of JSON again or rescores it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.dossiers: OrderedDict[str, Dossier] = OrderedDict()
        self.evaluated: OrderedDict[tuple[str, str, Accepted, Settled], Evaluated] = OrderedDict()

    def _get(self, table: OrderedDict[Any, Any], key: Any) -> Any:
        with self.lock:
            found = table.get(key)
            if found is not None:
                table.move_to_end(key)
            return found

    def _put(self, table: OrderedDict[Any, Any], key: Any, value: Any) -> None:
        with self.lock:
            table[key] = value
            table.move_to_end(key)
            while len(table) > self.size:
                table.popitem(last=False)

    def dossier(self, text: str) -> Dossier:
        found: Dossier | None = self._get(self.dossiers, text)
        if found is None:
            found = loads(text)
            self._put(self.dossiers, text, found)
        return found

    def evaluate(
        self, text: str, rules: str, accepted: Accepted, dossier: Dossier | None = None, settled: Settled = ()
    ) -> Evaluated:
        key = (text, rules, accepted, settled)
        found: Evaluated | None = self._get(self.evaluated, key)
        if found is None:
            if dossier is not None:
                self._put(self.dossiers, text, dossier)
            found = evaluate(dossier if dossier is not None else self.dossier(text), rules, accepted, settled)
            self._put(self.evaluated, key, found)
        return found

    def clear(self) -> None:
        with self.lock:
            self.dossiers.clear()
            self.evaluated.clear()


RECENT = _Recent(size=64)


def record_dossier(record: DossierRecord) -> Dossier:
    try:
        return RECENT.dossier(record.dossier_json)
    except DossierFormatError as exc:
        raise DamagedDossier(record.version, str(exc)) from exc


def evaluate_json(
    text: str, rules: str, accepted: Accepted = (), dossier: Dossier | None = None, settled: Settled = ()
) -> Evaluated:
    """Score and audit a stored dossier text (``dossier``: the same text already decoded). Results
    are immutable and keyed by the exact text (and the acceptances), so a save followed by the page
    that shows it computes them once."""
    return RECENT.evaluate(text, rules, accepted, dossier, settled)


def accepted_of(record: DossierRecord) -> Accepted:
    """The reviewers' acceptances of the record's findings (read once per record object)."""
    cached: Accepted | None = getattr(record, "_accepted", None)
    if cached is None:
        rows = record.acceptances.select_related("created_by").order_by("pk")
        cached = tuple(
            (a.code, a.location, a.reason, a.created_by.username if a.created_by else "", a.path, a.key)
            for a in rows
        )
        record._accepted = cached  # type: ignore[attr-defined]
    return cached


def evaluate_record(record: DossierRecord) -> Evaluated:
    dossier = record_dossier(record)
    try:
        return evaluate_json(
            record.dossier_json, record.task.rules, accepted_of(record), dossier, settled_of(record, dossier)
        )
    except DossierFormatError as exc:
        raise DamagedDossier(record.version, str(exc)) from exc


def accept_finding(
    record: DossierRecord,
    code: str,
    location: str,
    reason: str,
    user: Any,
    path: str = "",
    key: str = "",
) -> None:
    """Record a reviewer's acceptance and refresh the cached counts (the dossier itself is unchanged).
    With ``path`` (and ``key``) it accepts exactly the finding of that identity; ``location`` is kept
    to show where it was."""
    if path:
        FindingAcceptance.objects.update_or_create(
            record=record,
            code=code,
            path=path,
            key=key,
            defaults={"location": location, "reason": reason, "created_by": user},
        )
    else:
        FindingAcceptance.objects.update_or_create(
            record=record,
            code=code,
            location=location,
            path="",
            defaults={"reason": reason, "created_by": user},
        )
    record.__dict__.pop("_accepted", None)
    DossierRecord.objects.filter(pk=record.pk).update(**summary_fields(evaluate_record(record)))


def create_record(task: Task, dossier: Dossier, user: Any, note: str, source_name: str = "") -> DossierRecord:
    """The first version of a task's dossier."""
    text = checked_text(dossier)
    evaluated = evaluate_json(text, task.rules, (), dossier)
    with transaction.atomic():
        record = DossierRecord.objects.create(
            task=task,
            dossier_json=text,
            source_name=source_name or dossier.source,
            version=1,
            updated_by=user,
            **summary_fields(evaluated),
        )
        DossierVersion.objects.create(
            record=record,
            number=1,
            snapshot=DossierVersion.pack(text),
            changes=[],
            note=note,
            created_by=user,
        )
    return record


def save_version(
    record: DossierRecord,
    dossier: Dossier,
    user: Any,
    expected_version: int,
    note: str,
    changes: list[dict[str, Any]] | None = None,
) -> DossierRecord:
    """Store ``dossier`` as the next version if the record is still at ``expected_version``.

    The check and the write are one conditional UPDATE, so two editors racing on the same version
    cannot both win, on SQLite or PostgreSQL; the loser gets ``StaleEdit`` and nothing is written.
    """
    text = checked_text(dossier)
    if changes is None:
        try:
            before = record_dossier(record)
        except DamagedDossier:  # restoring over a damaged version: every value is new
            changes = [{"path": "", "old": None, "new": "（替换已损坏的版本）"}]
        else:
            changes = [{"path": p, "old": o, "new": n} for p, o, n in changed_values(before, dossier)]
    evaluated = evaluate_json(
        text, record.task.rules, accepted_of(record), dossier, settled_of(record, dossier)
    )
    fields = {
        "dossier_json": text,
        "updated_by": user,
        "updated_at": timezone.now(),
        **summary_fields(evaluated),
    }
    with transaction.atomic():
        updated = DossierRecord.objects.filter(pk=record.pk, version=expected_version).update(
            version=F("version") + 1, **fields
        )
        if not updated:
            record.refresh_from_db()
            raise StaleEdit(record, expected_version)
        DossierVersion.objects.create(
            record=record,
            number=expected_version + 1,
            snapshot=DossierVersion.pack(text),
            changes=changes,
            note=note,
            created_by=user,
        )
    # the row now holds exactly these values: set them here rather than read 100 KB back
    for name, value in fields.items():
        setattr(record, name, value)
    record.version = expected_version + 1
    return record


def edit_cell(record: DossierRecord, path: str, text: str, user: Any, expected_version: int) -> DossierRecord:
    """Replace one cell's text (read as ingest reads it) and store the result as a new version."""
    if record.version != expected_version:
        raise StaleEdit(record, expected_version)
    dossier = record_dossier(record)
    changed = replace_text(dossier, path, text)
    changes = [{"path": p, "old": o, "new": n} for p, o, n in changed_values(dossier, changed)]
    if not changes:
        return record
    return save_version(record, changed, user, expected_version, "修改单元格", changes)


def restore_version(record: DossierRecord, number: int, user: Any, expected_version: int) -> DossierRecord:
    version = record.versions.get(number=number)
    try:
        restored = loads(version.dossier_json)
    except DossierFormatError as exc:
        raise DamagedDossier(number, str(exc)) from exc
    return save_version(record, restored, user, expected_version, f"恢复为第 {number} 版")


def findings_by_location(findings: tuple[Finding, ...]) -> dict[str, list[Finding]]:
    placed: dict[str, list[Finding]] = {}
    for item in findings:
        if item.location:
            placed.setdefault(item.location, []).append(item)
    return placed


def findings_by_path(findings: tuple[Finding, ...]) -> dict[str, list[Finding]]:
    """The findings by the dossier path of their element (document-level ones, without a path, left out)."""
    placed: dict[str, list[Finding]] = {}
    for item in findings:
        if item.path:
            placed.setdefault(item.path, []).append(item)
    return placed
