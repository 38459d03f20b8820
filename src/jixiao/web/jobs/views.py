"""The user's background jobs: the list, one job's progress (a fragment htmx polls), retrying a failed one;
starting an import of a ``jixiao batch`` result and the page of what it imported and skipped."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jixiao.web.accounts.scope import current_user, job_or_404, scoped_jobs, scoped_tasks
from jixiao.web.jobs.imports import ImportRefused, may_import
from jixiao.web.jobs.models import ItemState, JobKind, JobState
from jixiao.web.jobs.tasks import retry, start_import_batch
from jixiao.web.params import int_param

LIST_SIZE = 50
ITEMS_PAGE = 100  # skipped documents listed per page of an import's result


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = list(scoped_jobs(request.user)[:LIST_SIZE])
    return render(request, "jobs/list.html", {"jobs": jobs, "may_import": may_import(request.user)})


@login_required
@require_GET
def progress(request: HttpRequest, job_pk: int) -> HttpResponse:
    return render(request, "jobs/_job.html", {"job": job_or_404(request.user, job_pk)})


@login_required
@require_POST
def retry_job(request: HttpRequest, job_pk: int) -> HttpResponseBase:
    job = job_or_404(request.user, job_pk)
    if job.state == JobState.FAILED:
        job = retry(job)
    if request.headers.get("HX-Request") == "true":
        return render(request, "jobs/_job.html", {"job": job})
    return redirect("jobs:list")


@login_required
@require_http_methods(["GET", "POST"])
def import_batch(request: HttpRequest) -> HttpResponseBase:
    """Start importing a batch result (a folder on the server, under ``JIXIAO_IMPORT_ROOTS``) into a year:
    the bureau and the administrator only; a folder outside the roots is refused with its reason."""
    user = current_user(request)
    if not may_import(user):
        raise PermissionDenied("仅财政局审核人和管理员可以导入批量结果")
    years = sorted(set(scoped_tasks(user).values_list("year", flat=True)), reverse=True)
    year = years[0] if years else timezone.localdate().year - 1  # a self-evaluation is of the year before
    folder = ""
    error = ""
    if request.method == "POST":
        folder = request.POST.get("folder", "").strip()[:1000]
        year = int_param(request.POST.get("year"), 0)
        if not 2000 <= year <= 2100:
            error = "请填写年度（2000–2100） [import_year_invalid]"
        else:
            try:
                job = start_import_batch(user, year, folder)
            except ImportRefused as exc:
                error = f"{exc.message} [{exc.code}]"
            else:
                return redirect("jobs:items", job_pk=job.pk)
    return render(
        request,
        "jobs/import.html",
        {"folder": folder, "year": year, "years": years, "error": error, "roots": settings.IMPORT_ROOTS},
        status=400 if error else 200,
    )


@login_required
@require_GET
def items(request: HttpRequest, job_pk: int) -> HttpResponse:
    """An import's result: how many documents were imported, unchanged and skipped, and every skipped one
    with its reason (a page at a time)."""
    job = job_or_404(request.user, job_pk)
    skipped = job.items.filter(state=ItemState.SKIPPED).order_by("pk")
    page = Paginator(skipped, ITEMS_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "jobs/items.html",
        {"job": job, "page": page, "is_import": job.kind == JobKind.IMPORT_BATCH},
    )
