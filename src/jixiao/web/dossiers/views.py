"""Unit views: my tasks, the dossier page (every table, computed beside declared, findings inline),
cell editing with htmx, versions and restore, upload with confirmation, workflow actions.

Every dossier and task is fetched through ``jixiao.web.accounts.scope``; nothing here queries them
directly.
"""

from __future__ import annotations

import io
import zlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jixiao.model.edit import EditError
from jixiao.model.serialize import DossierFormatError, dumps, loads
from jixiao.web.accounts.models import UNIT_ROLES, Role
from jixiao.web.accounts.scope import current_user, record_or_404, scoped_tasks, task_or_404
from jixiao.web.dossiers import uploads, workflow
from jixiao.web.dossiers.matching import mismatches
from jixiao.web.dossiers.models import DossierRecord, DossierVersion, State, Task
from jixiao.web.dossiers.services import (
    DamagedDossier,
    InvalidDossier,
    StaleEdit,
    accept_finding,
    create_record,
    edit_cell,
    evaluate,
    evaluate_record,
    record_dossier,
    restore_version,
    save_version,
    summary_fields,
)
from jixiao.web.dossiers.sheets import build_sheets
from jixiao.web.params import int_or_none, int_param


def _version(request: HttpRequest) -> int:
    version = int_param(request.POST.get("version"), 0, low=1)
    if not version:
        raise PermissionDenied("缺少版本号")
    return version


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if current_user(request).role in UNIT_ROLES:
        return redirect("dossiers:tasks")
    return redirect("review:overview")


@login_required
@require_GET
def tasks(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = []
    for task in (
        scoped_tasks(request.user)
        .select_related("record")
        .defer("record__dossier_json")
        .order_by("-year", "deadline", "unit__name")
    ):
        record = getattr(task, "record", None)
        done = record is not None and record.state not in (State.DRAFT, State.RETURNED)
        rows.append({"task": task, "record": record, "late": not done and task.deadline < today})
    return render(request, "dossiers/tasks.html", {"rows": rows})


def _page_context(request: HttpRequest, record: DossierRecord, **extra: Any) -> dict[str, Any]:
    evaluated = evaluate_record(record)
    sheets, unplaced = build_sheets(evaluated)
    from jixiao.web.review.scores import attach

    attach(record, evaluated.dossier, sheets)  # 复核: the reviewers' scores beside the computed ones
    return {
        "record": record,
        "task": record.task,
        "evaluated": evaluated,
        "sheets": sheets,
        "unplaced": unplaced,
        "findings": evaluated.audit.findings,
        "summary": evaluated.audit.summary,
        "editable": workflow.can_edit(request.user, record),
        "can_accept": workflow.can_accept(request.user, record),
        "cell_url": reverse("dossiers:cell", args=[record.pk]),
        "actions": workflow.available_actions(request.user, record),
        "last_transition": record.transitions.select_related("created_by")
        .order_by("-created_at", "-pk")
        .first(),
        **extra,
    }


@login_required
@require_GET
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_or_404(request.user, pk)
    return render(request, "dossiers/dossier.html", _page_context(request, record))


@login_required
@require_POST
def cell(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one cell; answer with the re-rendered table (score, subtotals, grade, findings) and, out
    of band, the summary, the version and the findings list. A cell typed back to the value it holds
    stores no version, and the message says so."""
    record = record_or_404(request.user, pk)
    if not workflow.can_edit(request.user, record):
        raise PermissionDenied("当前状态或角色不能修改此档案")
    path = request.POST.get("path", "")
    text = request.POST.get("text", "")
    sheet_index = request.POST.get("sheet", "")
    before = record.version
    try:
        record = edit_cell(record, path, text, request.user, _version(request))
    except StaleEdit as exc:
        return _edit_message(request, exc.message, 409)
    except EditError as exc:
        return _edit_message(request, f"{exc.message} [{exc.code}]", 400)
    except InvalidDossier as exc:
        return _edit_message(request, f"{exc.message} [{exc.code}]", 400)
    if getattr(request, "htmx", False) and (sheet := int_or_none(sheet_index)) is not None:
        # only what the response swaps: the edited table, the summary, the version, the other findings
        evaluated = evaluate_record(record)
        found, unplaced = build_sheets(evaluated, only=sheet)
        if found:
            from jixiao.web.review.scores import attach

            # 复核: the reviewers' scores, as the page shows them (a draft costs no query)
            attach(record, evaluated.dossier, found)
            context = {
                "record": record,
                "sheet": found[0],
                "unplaced": unplaced,
                "summary": evaluated.audit.summary,
                "editable": True,
                "cell_url": reverse("dossiers:cell", args=[record.pk]),
                "oob": True,
                "unchanged": record.version == before,
            }
            return render(request, "dossiers/_cell_response.html", context)
    return redirect("dossiers:dossier", pk=record.pk)


def _edit_message(request: HttpRequest, text: str, status: int) -> HttpResponse:
    response = render(request, "dossiers/_message.html", {"level": "error", "text": text}, status=status)
    response["HX-Retarget"] = "#edit-message"
    response["HX-Reswap"] = "innerHTML"
    return response


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    """A department or bureau reviewer accepts a finding with a reason (it stays listed as accepted)."""
    record = record_or_404(request.user, pk)
    if not workflow.can_accept(request.user, record):
        raise PermissionDenied("仅主管部门或财政局审核人可以确认审核发现")
    code = request.POST.get("code", "").strip()[:10]
    location = request.POST.get("location", "").strip()[:500]
    path = request.POST.get("path", "").strip()[:200]
    key = request.POST.get("key", "")[:200]
    reason = request.POST.get("reason", "").strip()[:1000]
    findings = evaluate_record(record).audit.findings
    if path:  # the finding's identity: exactly that finding, whatever else shares its location
        found = [f for f in findings if f.identity == (code, path, key or None)]
    else:  # a form without the path (a page loaded before paths existed): by code and location
        found = [f for f in findings if f.code == code and (f.location or "") == location]
    if not reason:
        messages.error(request, "确认审核发现时必须填写理由。")
    elif not found:
        messages.error(request, "该审核发现已不存在（档案可能已修改），请刷新。")
    else:
        accept_finding(record, code, found[0].location or "", reason, request.user, path, key)
        messages.success(request, f"已确认审核发现 {code}：{reason}")
    return redirect(f"{reverse('dossiers:dossier', args=[pk])}#all-findings")


def _damaged(version: DossierVersion) -> bool:
    try:
        loads(version.dossier_json)
    except (DossierFormatError, zlib.error, UnicodeDecodeError):
        return True
    return False


@login_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_or_404(request.user, pk)
    versions = list(record.versions.select_related("created_by"))
    for version in versions:  # a version that does not load is shown as damaged, not offered for restore
        version.damaged = _damaged(version)  # type: ignore[attr-defined]
    return render(
        request,
        "dossiers/history.html",
        {
            "record": record,
            "versions": versions,
            "transitions": record.transitions.select_related("created_by"),
            "editable": workflow.can_edit(request.user, record),
        },
    )


@login_required
@require_POST
def restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    record = record_or_404(request.user, pk)
    if not workflow.can_edit(request.user, record):
        raise PermissionDenied("当前状态或角色不能修改此档案")
    if not record.versions.filter(number=number).exists():
        raise Http404("版本不存在")
    try:
        restore_version(record, number, request.user, _version(request))
    except (StaleEdit, DamagedDossier) as exc:
        messages.error(request, exc.message)
        return redirect("dossiers:history", pk=pk)
    messages.success(request, f"已恢复为第 {number} 版的内容（保存为新版本，原有版本均保留）。")
    return redirect("dossiers:dossier", pk=pk)


@login_required
@require_POST
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    record = record_or_404(request.user, pk)
    try:
        step = workflow.perform(
            request.user,
            record,
            name,
            request.POST.get("comment", ""),
            workflow.explanations_from(request.POST),
        )
    except workflow.WorkflowError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        if exc.status == 404:
            raise Http404(exc.message) from exc
        messages.error(request, exc.message)
        return redirect("dossiers:dossier", pk=pk)
    messages.success(request, f"已{workflow.ACTIONS[name].label}，档案状态：{State(step.to_state).label}。")
    if current_user(request).role in UNIT_ROLES or not _safe_back(request):
        return redirect("dossiers:dossier", pk=pk)
    return redirect(request.POST["back"])


def _safe_back(request: HttpRequest) -> bool:
    back = request.POST.get("back", "")
    return back.startswith("/") and not back.startswith("//")


EXPORTS = {
    "json": ("application/json; charset=utf-8", "档案.json"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "自评表.docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "自评表.xlsx"),
    "pdf": ("application/pdf", "自评表.pdf"),
}


def export_bytes(record: DossierRecord, fmt: str) -> bytes:
    """The dossier through the renderers (the official forms as printed, two decimals, and the
    复核评分表 when scores are settled; then the writer), the report draft (``narrative``), or its JSON."""
    from jixiao.web.dossiers.exports import forms_grid, narrative_docx

    if fmt == "json":
        return dumps(record_dossier(record))
    if fmt == "narrative":
        return narrative_docx(record)
    grid = forms_grid(record)
    out = io.BytesIO()
    if fmt == "docx":
        from jixiao.render.docx import write_docx

        write_docx(grid, out)
    elif fmt == "xlsx":
        from jixiao.render.xlsx import write_xlsx

        write_xlsx(grid, out)
    else:
        from jixiao.render.pdf import pdf_bytes

        return pdf_bytes(grid, title=str(record.task))
    return out.getvalue()


@login_required
@require_GET
def export(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    record = record_or_404(request.user, pk)
    if fmt not in EXPORTS:
        raise Http404("不支持的导出格式")
    from jixiao.web.dossiers.exports import cached_export

    content_type, suffix = EXPORTS[fmt]
    name = f"{record.task.year}年度{record.task.unit.name}{suffix}"
    data = cached_export(record, fmt, wait=True)
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name, content_type=content_type)


@login_required
@require_GET
def narrative(request: HttpRequest, pk: int) -> FileResponse:
    """The 自评报告 draft of the dossier (figures computed, 【待填写】 where only the unit can write,
    the settled scores where reviewers settled them) with its forms as 附件, as Word."""
    from jixiao.web.dossiers.exports import cached_export

    record = record_or_404(request.user, pk)
    data = cached_export(record, "narrative", wait=True)
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=f"{record.task.year}年度{record.task.unit.name}自评报告（草稿）.docx",
        content_type=EXPORTS["docx"][0],
    )


@login_required
@require_GET
def summary(request: HttpRequest) -> FileResponse:
    """The year's summary table for the reviewer's scope (``department=`` narrows it): one row per
    dossier, figures as numbers, as Excel."""
    from jixiao.web.accounts.scope import require_reviewer, scoped_records
    from jixiao.web.dossiers.exports import summary_row, summary_workbook

    require_reviewer(request.user)
    user = current_user(request)
    year = int_param(request.GET.get("year"), 0)
    records = (
        scoped_records(user)
        .filter(task__year=year)
        .order_by("task__unit__department__name", "task__unit__name", "task__kind", "task__fund", "pk")
    )
    if (department := int_or_none(request.GET.get("department"))) is not None:
        records = records.filter(task__unit__department_id=department)
    rows = [summary_row(record) for record in records]
    title = f"{year}年度预算绩效自评汇总表（{user.scope_label or '全部'}）"
    return FileResponse(
        io.BytesIO(summary_workbook(rows, title)),
        as_attachment=True,
        filename=f"{year}年度自评汇总表.xlsx",
        content_type=EXPORTS["xlsx"][0],
    )


@login_required
@require_GET
def opinions_download(request: HttpRequest, job_pk: int) -> FileResponse:
    """The zip of a finished 审核意见 job (``jixiao.web.jobs``), for the user who started it."""
    from jixiao.web.accounts.scope import job_or_404
    from jixiao.web.dossiers.opinions import ZIP_NAME, job_dir
    from jixiao.web.jobs.models import JobKind, JobState

    job = job_or_404(request.user, job_pk)
    path = job_dir(job) / ZIP_NAME
    if job.kind != JobKind.OPINIONS or job.state != JobState.DONE or not path.is_file():
        raise Http404("审核意见尚未生成完毕")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{job.year}年度审核意见.zip",
        content_type="application/zip",
    )


def _can_upload(user: Any, task: Task) -> bool:
    record = getattr(task, "record", None)
    return (
        user.role in (Role.FILLER, Role.UNIT_HEAD)
        and user.unit_id == task.unit_id
        and (record is None or record.state in workflow.EDITABLE_STATES)
    )


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = task_or_404(request.user, task_pk)
    if not _can_upload(request.user, task):
        raise PermissionDenied("当前状态或角色不能上传")
    error = ""
    if request.method == "POST":
        file = request.FILES.get("file")
        if file is None:
            error = "请选择文件"
        else:
            try:
                token, path = uploads.stage(file, current_user(request).pk)
                uploads.read_staged(path)  # fail now, with the reader's message, not after confirming
            except uploads.UploadError as exc:
                if "token" in locals():
                    uploads.discard(current_user(request).pk, token)
                error = f"{exc.message} [{exc.code}]"
            else:
                return redirect("dossiers:upload_confirm", task_pk=task.pk, token=token)
    return render(
        request,
        "dossiers/upload.html",
        {"task": task, "error": error, "extensions": "、".join(_extensions())},
        status=400 if error else 200,
    )


def _extensions() -> tuple[str, ...]:
    from django.conf import settings

    return tuple(settings.UPLOAD_EXTENSIONS)


@login_required
@require_http_methods(["GET", "POST"])
def upload_confirm(request: HttpRequest, task_pk: int, token: str) -> HttpResponse:
    """Show what was read from the staged file beside what it would replace; replace only on POST."""
    task = task_or_404(request.user, task_pk)
    if not _can_upload(request.user, task):
        raise PermissionDenied("当前状态或角色不能上传")
    try:
        path = uploads.staged_path(current_user(request).pk, token)
        dossier = uploads.read_staged(path)
    except uploads.UploadError as exc:
        messages.error(request, f"{exc.message} [{exc.code}]")
        return redirect("dossiers:upload", task_pk=task.pk)
    record: DossierRecord | None = getattr(task, "record", None)
    if request.method == "POST":
        if request.POST.get("cancel"):
            uploads.discard(current_user(request).pk, token)
            messages.info(request, "已取消上传，档案未改变。")
            return redirect("dossiers:tasks")
        if record is None:
            record = create_record(task, dossier, request.user, f"上传 {path.name}", path.name)
        else:
            try:
                record = save_version(record, dossier, request.user, _version(request), f"上传 {path.name}")
            except StaleEdit as exc:
                messages.error(request, exc.message)
                return redirect("dossiers:upload_confirm", task_pk=task.pk, token=token)
        uploads.discard(current_user(request).pk, token)
        messages.success(request, f"已用 {path.name} 的内容更新档案（第 {record.version} 版）。")
        return redirect("dossiers:dossier", pk=record.pk)
    evaluated = evaluate(dossier, task.rules)
    sheets, _ = build_sheets(evaluated)
    changes: list[tuple[str, str | None, str | None]] = []
    if record is not None:
        from jixiao.model.describe import describe
        from jixiao.model.edit import changed_values

        current = record_dossier(record)
        changes = [
            (describe(current if old is not None else dossier, path), old, new)
            for path, old, new in changed_values(current, dossier)
        ]
    return render(
        request,
        "dossiers/upload_confirm.html",
        {
            "task": task,
            "token": token,
            "file_name": path.name,
            "dossier": dossier,
            "evaluated": evaluated,
            "summary_fields": summary_fields(evaluated),
            "sheets": sheets,
            "record": record,
            "changes": changes[:200],
            "change_count": len(changes),
            "mismatches": mismatches(task, dossier),
        },
    )


@login_required
@require_GET
def opinion(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """The dossier's 审核意见 (its findings, the figures compared, the source quoted) as HTML or PDF."""
    from jixiao.web.dossiers.opinions import file_name, opinion_html, opinion_pdf

    record = record_or_404(request.user, pk)
    if fmt == "html":
        return HttpResponse(opinion_html(record), content_type="text/html; charset=utf-8")
    if fmt != "pdf":
        raise Http404("不支持的格式")
    return FileResponse(
        io.BytesIO(opinion_pdf(record)),
        as_attachment=True,
        filename=file_name(record, ".pdf"),
        content_type="application/pdf",
    )
