"""JSON endpoints. Authentication is ``Authorization: Bearer <token>`` only (no session cookie, so no
CSRF exposure); every dossier and task is fetched through ``jixiao.web.accounts.scope``.
Errors are ``{"error": {"code": "...", "message": "中文说明"}}`` with a fitting status.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from jixiao.audit.finding import AuditReport
from jixiao.audit.report import to_json as audit_json
from jixiao.model.edit import EditError
from jixiao.score.report import to_json as score_json
from jixiao.score.result import ScoreReport
from jixiao.web.accounts.scope import record_or_404, scoped_records, scoped_tasks
from jixiao.web.api.models import ApiToken, digest
from jixiao.web.api.openapi import openapi_document
from jixiao.web.dossiers import workflow
from jixiao.web.dossiers.models import DossierRecord, State
from jixiao.web.dossiers.services import StaleEdit, edit_cell, evaluate_record
from jixiao.web.params import MAX_INT, int_or_none

View = Callable[..., HttpResponse]


def error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


def token_required(view: View) -> View:
    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            response = error(401, "auth_required", "需要接口令牌（Authorization: Bearer <令牌>）")
            response["WWW-Authenticate"] = "Bearer"
            return response
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_digest=digest(token.strip()), revoked=False)
            .first()
        )
        if found is None or not found.user.is_active:
            return error(401, "auth_invalid", "接口令牌无效或已停用")
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return error(404, "not_found", "不存在或不在您的权限范围内")

    return wrapped


def _decimal(value: Any) -> str | None:
    return None if value is None else f"{value:f}"


def record_summary(record: DossierRecord) -> dict[str, Any]:
    task = record.task
    return {
        "id": record.pk,
        "year": task.year,
        "unit": task.unit.name,
        "department": task.unit.department.name,
        "kind": task.kind,
        "fund": task.fund,
        "state": record.state,
        "state_label": State(record.state).label,
        "version": record.version,
        "total": _decimal(record.total),
        "total_range": record.total_range or None,
        "declared_total": _decimal(record.declared_total),
        "grade": record.grade or None,
        "execution_rate": _decimal(record.execution_rate),
        "error_count": record.error_count,
        "warning_count": record.warning_count,
        "updated_at": record.updated_at.isoformat(),
    }


def _only(request: HttpRequest, *methods: str) -> JsonResponse | None:
    if request.method not in methods:
        response = error(405, "method_not_allowed", f"仅支持 {'、'.join(methods)}")
        response["Allow"] = ", ".join(methods)
        return response
    return None


@token_required
def dossiers(request: HttpRequest) -> HttpResponse:
    if (refused := _only(request, "GET")) is not None:
        return refused
    records = (
        scoped_records(request.user).defer("dossier_json").order_by("task__year", "task__unit__name", "pk")
    )
    year = request.GET.get("year", "")
    if (year_number := int_or_none(year)) is not None:
        records = records.filter(task__year=year_number)
    state = request.GET.get("state", "")
    if state:
        records = records.filter(state=state)
    return JsonResponse({"dossiers": [record_summary(r) for r in records]})


@token_required
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    if (refused := _only(request, "GET")) is not None:
        return refused
    record = record_or_404(request.user, pk)
    body = json.dumps(record_summary(record), ensure_ascii=False)
    # the dossier is embedded as its own lossless JSON (exact decimals), never re-encoded through floats
    return HttpResponse(
        body[:-1] + ', "dossier": ' + record.dossier_json + "}",
        content_type="application/json; charset=utf-8",
    )


@token_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    if (refused := _only(request, "GET")) is not None:
        return refused
    evaluated = evaluate_record(record_or_404(request.user, pk))
    data = score_json(ScoreReport(documents=(evaluated.scored,)))
    return HttpResponse(data, content_type="application/json; charset=utf-8")


@token_required
def audit(request: HttpRequest, pk: int) -> HttpResponse:
    if (refused := _only(request, "GET")) is not None:
        return refused
    evaluated = evaluate_record(record_or_404(request.user, pk))
    data = audit_json(AuditReport(documents=(evaluated.audit,)))
    return HttpResponse(data, content_type="application/json; charset=utf-8")


def _range(span: tuple[Any, Any] | None) -> list[str] | None:
    return None if span is None else [f"{span[0]:f}", f"{span[1]:f}"]


@token_required
def scores(request: HttpRequest, pk: int) -> HttpResponse:
    """Per table and row: the declared score, the computed score (or the rules' range) and the score
    reviewers settled (复核), with who, when, why and whether it still applies."""
    from jixiao.web.review.scores import review_scores, reviewer_name, row_paths

    if (refused := _only(request, "GET")) is not None:
        return refused
    record = record_or_404(request.user, pk)
    evaluated = evaluate_record(record)
    reviews = {s.path: (s, current) for s, current in review_scores(record, evaluated.dossier)}
    by_result = {id(r): path for path, r in row_paths(evaluated.dossier, evaluated.scored).items()}
    tables = []
    for table in evaluated.scored.tables:
        rows = []
        for result in table.indicators:
            path = by_result.get(id(result))
            review = reviews.get(path) if path else None
            rows.append(
                {
                    "path": path,
                    "level1": result.level1,
                    "name": result.name,
                    "weight": _decimal(result.weight),
                    "declared": _decimal(result.declared_score),
                    "computed": _decimal(result.computed_score),
                    "computed_range": _range(result.computed_range),
                    "settled": None
                    if review is None
                    else {
                        "score": _decimal(review[0].score),
                        "kind": review[0].kind,
                        "reason": review[0].reason,
                        "by": reviewer_name(review[0]),
                        "at": review[0].created_at.isoformat(),
                        "current": review[1],
                    },
                }
            )
        tables.append(
            {
                "kind": table.kind,
                "name": table.name,
                "declared_total": _decimal(table.declared_total),
                "computed_total": _decimal(table.computed_total),
                "computed_range": _range(table.computed_range),
                "settled_total": _decimal(table.settled_total),
                "rows": rows,
            }
        )
    return JsonResponse({"id": record.pk, "version": record.version, "tables": tables})


@token_required
def cells(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one cell: ``{"path": "...", "text": "...", "version": N}``; 409 when N is not current."""
    if (refused := _only(request, "POST")) is not None:
        return refused
    record = record_or_404(request.user, pk)
    if not workflow.can_edit(request.user, record):
        return error(403, "edit_forbidden", "当前状态或角色不能修改此档案")
    try:
        payload = json.loads(request.body or b"{}")
        path, text, version = str(payload["path"]), str(payload["text"]), int(payload["version"])
        if not 0 < version <= MAX_INT:
            raise ValueError(version)
    except (ValueError, KeyError, TypeError, AttributeError):
        return error(400, "bad_request", '请求体应为 JSON：{"path": …, "text": …, "version": …}')
    try:
        record = edit_cell(record, path, text, request.user, version)
    except StaleEdit as exc:
        return error(409, exc.code, exc.message)
    except EditError as exc:
        return error(400, exc.code, exc.message)
    return JsonResponse(record_summary(record))


@token_required
def tasks(request: HttpRequest) -> HttpResponse:
    if (refused := _only(request, "GET")) is not None:
        return refused
    found = (
        scoped_tasks(request.user)
        .select_related("record")
        .defer("record__dossier_json")
        .order_by("year", "unit__name", "pk")
    )
    year = request.GET.get("year", "")
    if (year_number := int_or_none(year)) is not None:
        found = found.filter(year=year_number)
    return JsonResponse(
        {
            "tasks": [
                {
                    "id": t.pk,
                    "year": t.year,
                    "unit": t.unit.name,
                    "department": t.unit.department.name,
                    "kind": t.kind,
                    "fund": t.fund,
                    "deadline": t.deadline.isoformat(),
                    "rules": t.rules or None,
                    "dossier": getattr(t, "record", None) and t.record.pk,
                }
                for t in found
            ]
        }
    )


def openapi(request: HttpRequest) -> HttpResponse:
    """The OpenAPI 3.1 description (public: it describes, it holds no data)."""
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
