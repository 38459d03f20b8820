"""复核 views: a department or bureau reviewer settles an indicator's score within the rules' range,
or overrides a score, each with a reason; or withdraws it. The record's cached total follows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from jixiao.model.numbers import fmt
from jixiao.web.accounts.scope import record_or_404
from jixiao.web.dossiers import workflow
from jixiao.web.dossiers.models import DossierRecord
from jixiao.web.dossiers.services import evaluate_record, summary_fields
from jixiao.web.review.models import ScoreKind
from jixiao.web.review.scores import ScoreRefused, set_score, withdraw


def _back(pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("dossiers:dossier", args=[pk]) + (f"#{anchor}" if anchor else ""))


def _refresh(record: DossierRecord) -> None:
    DossierRecord.objects.filter(pk=record.pk).update(**summary_fields(evaluate_record(record)))


@login_required
@require_POST
def settle(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_or_404(request.user, pk)
    if not workflow.can_accept(request.user, record):
        raise PermissionDenied("仅主管部门或财政局审核人在档案由其审核期间可以复核评分")
    path = request.POST.get("path", "").strip()[:100]
    kind = request.POST.get("kind", ScoreKind.RANGE)
    evaluated = evaluate_record(record)
    try:
        saved = set_score(
            record,
            evaluated.dossier,
            evaluated.scored,
            path,
            request.POST.get("score", "")[:40],
            request.POST.get("reason", "")[:1000],
            kind,
            request.user,
        )
    except ScoreRefused as exc:
        messages.error(request, exc.message)
        return _back(pk, request.POST.get("anchor", "")[:40])
    _refresh(record)
    messages.success(request, f"已复核“{saved.name}”：{fmt(saved.score)} 分（{saved.get_kind_display()}）。")
    return _back(pk, request.POST.get("anchor", "")[:40])


@login_required
@require_POST
def unsettle(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_or_404(request.user, pk)
    if not workflow.can_accept(request.user, record):
        raise PermissionDenied("仅主管部门或财政局审核人在档案由其审核期间可以复核评分")
    if withdraw(record, request.POST.get("path", "").strip()[:100]):
        _refresh(record)
        messages.success(request, "已撤回复核得分，恢复为规则给出的得分或区间。")
    return _back(pk, request.POST.get("anchor", "")[:40])
