"""Published dossiers for anyone: the tables with the scores, read-only."""

from __future__ import annotations

import io

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jixiao.web.accounts.scope import published_records
from jixiao.web.dossiers.services import evaluate_record
from jixiao.web.dossiers.sheets import build_sheets
from jixiao.web.dossiers.views import EXPORTS, export_bytes


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    records = (
        published_records()
        .defer("dossier_json")
        .order_by("-task__year", "task__unit__department__name", "task__unit__name")
    )
    return render(request, "public/index.html", {"records": records})


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = published_records().filter(pk=pk).first()
    if record is None:
        raise Http404("未公开或不存在")
    evaluated = evaluate_record(record)
    sheets, _ = build_sheets(evaluated)
    return render(
        request,
        "public/detail.html",
        {"record": record, "task": record.task, "sheets": sheets, "editable": False, "public": True},
    )


@require_GET
def export(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """A published dossier's forms as Word, Excel or PDF, for anyone."""
    record = published_records().filter(pk=pk).first()
    if record is None or fmt not in ("docx", "xlsx", "pdf"):
        raise Http404("未公开或不存在")
    content_type, suffix = EXPORTS[fmt]
    name = f"{record.task.year}年度{record.task.unit.name}{suffix}"
    return FileResponse(
        io.BytesIO(export_bytes(record, fmt)), as_attachment=True, filename=name, content_type=content_type
    )
