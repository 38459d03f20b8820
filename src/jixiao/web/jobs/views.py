"""The user's background jobs: the list, one job's progress (a fragment htmx polls), retrying a failed one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.web.accounts.scope import job_or_404, scoped_jobs
from jixiao.web.jobs.models import JobState
from jixiao.web.jobs.tasks import retry

LIST_SIZE = 50


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = list(scoped_jobs(request.user)[:LIST_SIZE])
    return render(request, "jobs/list.html", {"jobs": jobs})


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
