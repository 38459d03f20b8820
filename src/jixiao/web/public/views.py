"""Published dossiers for anyone: the tables with the scores, read-only."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jixiao.web.accounts.scope import published_records
from jixiao.web.dossiers.services import evaluate_record
from jixiao.web.dossiers.sheets import build_sheets


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    records = published_records().order_by("-task__year", "task__unit__department__name", "task__unit__name")
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
