"""复核: reviewers settle the scores the rules leave to a person, within the rules' range and with a
reason, or override any score with a reason. The settled scores go into ``jixiao.score`` as an input
(``score_dossier(..., settled=...)``); the score engine knows nothing of the database.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

import msgspec
from django.db import transaction
from django.utils import timezone

from jixiao.model.cells import number
from jixiao.model.dossier import Dossier, Indicator, RubricItem
from jixiao.model.numbers import ZERO, fmt, q2
from jixiao.score.result import DocumentResult, IndicatorResult
from jixiao.score.scorer import is_placeholder_row
from jixiao.web.dossiers.models import DossierRecord
from jixiao.web.review.models import ReviewScore, ScoreKind

Settled = tuple[tuple[str, Decimal], ...]  # (dossier path of the row, settled score), sorted by path


class ScoreRefused(Exception):
    """A score a reviewer typed that cannot be stored: nothing is saved."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{message} [{code}]")
        self.code = code
        self.message = message


def row_at(dossier: Dossier, path: str) -> Indicator | RubricItem | None:
    """The indicator or rubric row at ``evaluations.E.indicators.J`` / ``rubrics.R.items.J``."""
    parts = path.split(".")
    if len(parts) != 4 or not (parts[1].isdigit() and parts[3].isdigit()):
        return None
    outer, inner = int(parts[1]), int(parts[3])
    if parts[0] == "evaluations" and parts[2] == "indicators" and outer < len(dossier.evaluations):
        indicators = dossier.evaluations[outer].indicators
        return indicators[inner] if inner < len(indicators) else None
    if parts[0] == "rubrics" and parts[2] == "items" and outer < len(dossier.rubrics):
        items = dossier.rubrics[outer].items
        return items[inner] if inner < len(items) else None
    return None


def fingerprint(row: Indicator | RubricItem) -> str:
    """The row's written content (its location left out: an upload may move it without changing it)."""
    content = msgspec.structs.replace(row, loc=None)
    return hashlib.sha256(msgspec.json.encode(content)).hexdigest()


def row_paths(dossier: Dossier, scored: DocumentResult) -> dict[str, IndicatorResult]:
    """Each scored indicator row by its dossier path (tables in the score report's order)."""
    tables = list(scored.tables)
    if dossier.basic_data is not None and tables:
        tables = tables[1:]
    found: dict[str, IndicatorResult] = {}
    for e_index, evaluation in enumerate(dossier.evaluations):
        if not tables:
            break
        table, tables = tables[0], tables[1:]
        kept = [j for j, i in enumerate(evaluation.indicators) if not is_placeholder_row(i)]
        for j, result in zip(kept, table.indicators, strict=False):
            found[f"evaluations.{e_index}.indicators.{j}"] = result
    for r_index, _rubric in enumerate(dossier.rubrics):
        if not tables:
            break
        table, tables = tables[0], tables[1:]
        for j, result in enumerate(table.indicators):
            found[f"rubrics.{r_index}.items.{j}"] = result
    return found


def review_scores(record: DossierRecord, dossier: Dossier) -> list[tuple[ReviewScore, bool]]:
    """The record's review scores (read once per record object), each with whether the row it scored
    is still as it was in ``dossier``. Nothing is settled before a dossier is first submitted, so a
    draft costs no query."""
    rows: list[ReviewScore] | None = getattr(record, "_review_scores", None)
    if rows is None:
        if record.submitted_at is None or record.pk is None:
            rows = []
        else:
            rows = list(record.review_scores.select_related("created_by").order_by("path"))
        record._review_scores = rows  # type: ignore[attr-defined]
    found = []
    for item in rows:
        row = row_at(dossier, item.path)
        found.append((item, row is not None and fingerprint(row) == item.basis))
    return found


def settled_of(record: DossierRecord, dossier: Dossier) -> Settled:
    """The scores that apply to the record's current rows, as ``score_dossier`` takes them."""
    return tuple((s.path, s.score) for s, current in review_scores(record, dossier) if current)


def forget(record: DossierRecord) -> None:
    record.__dict__.pop("_review_scores", None)


def check_score(result: IndicatorResult, text: str, kind: str) -> Decimal:
    """The typed score read as any number cell is (``jixiao.model.cells.number``), within the rules'
    range for a range score, within 0 and the row's 分值 for an override."""
    value = number(text, None).num
    if value is None:
        raise ScoreRefused("score_not_number", f"“{text.strip()[:20]}”不是数字，复核得分未保存")
    score = q2(value)
    if kind == ScoreKind.RANGE:
        span = result.computed_range
        if span is None:
            raise ScoreRefused(
                "score_not_open", "该指标的得分已由规则确定，不是区间；如需改定，请选择“改定得分”并说明理由"
            )
        if not span[0] <= score <= span[1]:
            raise ScoreRefused(
                "score_out_of_range",
                f"复核得分 {fmt(score)} 不在规则给出的区间 {fmt(span[0])}–{fmt(span[1])} 内，未保存",
            )
    elif kind == ScoreKind.OVERRIDE:
        if score < ZERO or (result.weight is not None and score > result.weight):
            top = f"0–{fmt(result.weight)}" if result.weight is not None else "不小于 0"
            raise ScoreRefused("score_out_of_weight", f"改定得分 {fmt(score)} 应在 {top} 之间，未保存")
    else:
        raise ScoreRefused("score_kind_unknown", "未知的复核方式")
    return score


def set_score(
    record: DossierRecord,
    dossier: Dossier,
    scored: DocumentResult,
    path: str,
    text: str,
    reason: str,
    kind: str,
    user: Any,
) -> ReviewScore:
    """Store a reviewer's score for the row at ``path`` (checked first; nothing is saved when refused)."""
    reason = reason.strip()
    result = row_paths(dossier, scored).get(path)
    row = row_at(dossier, path)
    if result is None or row is None:
        raise ScoreRefused("score_row_unknown", "该指标已不存在（档案可能已修改），请刷新")
    score = check_score(result, text, kind)
    if not reason:
        raise ScoreRefused("score_reason_required", "复核评分必须填写理由，复核得分未保存")
    with transaction.atomic():
        saved, _ = ReviewScore.objects.update_or_create(
            record=record,
            path=path,
            defaults={
                "name": result.name[:200],
                "score": score,
                "reason": reason[:1000],
                "kind": kind,
                "basis": fingerprint(row),
                "version": record.version,
                "created_at": timezone.now(),
                "created_by": user,
            },
        )
    forget(record)
    return saved


def withdraw(record: DossierRecord, path: str) -> bool:
    deleted, _ = ReviewScore.objects.filter(record=record, path=path).delete()
    forget(record)
    return bool(deleted)


def attach(record: DossierRecord, dossier: Dossier, sheets: list[Any]) -> None:
    """Put each review score on the sheet row it scored (``jixiao.web.dossiers.sheets``), and name
    on each sheet who settled its scores."""
    by_path = {s.path: (s, current) for s, current in review_scores(record, dossier)}
    if not by_path:
        return
    for sheet in sheets:
        names: list[str] = []
        for row in sheet.rows:
            found = by_path.get(row.path) if row.path else None
            if found is None:
                continue
            row.review, row.review_current = found
            who = reviewer_name(found[0])
            if found[1] and who not in names:
                names.append(who)
        sheet.reviewers = names


def reviewer_name(score: ReviewScore) -> str:
    user = score.created_by
    if user is None:
        return "（已删除的用户）"
    return user.get_full_name() or user.username
