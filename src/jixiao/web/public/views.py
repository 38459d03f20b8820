"""Published dossiers for anyone: the tables with the scores, read-only."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jixiao.web.accounts.scope import published_records
from jixiao.web.accounts.throttle import client_address
from jixiao.web.dossiers.exports import ExportBusy, cached_export
from jixiao.web.dossiers.services import evaluate_record
from jixiao.web.dossiers.sheets import build_sheets
from jixiao.web.dossiers.views import EXPORTS
from jixiao.web.review.models import ReviewScore
from jixiao.web.review.scores import attach


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    records = (
        published_records()
        .defer("dossier_json")
        .annotate(reviewed=Exists(ReviewScore.objects.filter(record=OuterRef("pk"))))
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
    attach(record, evaluated.dossier, sheets)  # 复核: who settled which score
    reviewers = list(dict.fromkeys(name for sheet in sheets for name in sheet.reviewers))
    return render(
        request,
        "public/detail.html",
        {
            "record": record,
            "task": record.task,
            "sheets": sheets,
            "reviewers": reviewers,
            "editable": False,
            "public": True,
        },
    )


@require_GET
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """A published dossier's forms as Word, Excel or PDF, for anyone."""
    record = published_records().filter(pk=pk).first()
    if record is None or fmt not in ("docx", "xlsx", "pdf"):
        raise Http404("未公开或不存在")
    if not _within_rate(client_address(request)):
        return _busy(request, "下载过于频繁，请一分钟后再试", 429)
    try:
        data = cached_export(record, fmt, wait=False)
    except ExportBusy as exc:
        return _busy(request, exc.message, 503)
    content_type, suffix = EXPORTS[fmt]
    name = f"{record.task.year}年度{record.task.unit.name}{suffix}"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name, content_type=content_type)


def _within_rate(address: str) -> bool:
    """At most ``PUBLIC_EXPORTS_PER_MINUTE`` downloads a minute from one address (counted atomically)."""
    key = f"jixiao:public-exports:{address}"
    cache.add(key, 0, 60)
    try:
        count = cache.incr(key)
    except ValueError:  # the minute ended between add and incr
        cache.add(key, 1, 60)
        count = 1
    return count <= settings.PUBLIC_EXPORTS_PER_MINUTE


def _busy(request: HttpRequest, message: str, status: int) -> HttpResponse:
    response = render(request, "public/busy.html", {"message": message}, status=status)
    response["Retry-After"] = "30" if status == 503 else "60"
    return response
