"""Every unit of a year with status, score, grade, execution rate and error count; sort, filter,
search; who is late; charts; findings drill-down; batch audit with progress; issuing tasks."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jixiao.model.dossier import Dossier
from jixiao.model.serialize import DossierFormatError, loads
from jixiao.rules.pack import available
from jixiao.web.accounts.models import Role
from jixiao.web.accounts.scope import (
    current_user,
    require_reviewer,
    scoped_records,
    scoped_tasks,
    scoped_units,
)
from jixiao.web.dossiers.models import DossierRecord, State, Task, TaskKind
from jixiao.web.dossiers.services import DamagedDossier, evaluate_record
from jixiao.web.params import int_or_none, int_param
from jixiao.web.review.models import ReviewScore
from jixiao.web.review.stats import charts, check_titles

SORTS = {
    "unit": ("unit__name", "fund"),
    "state": ("record__state", "unit__name"),
    "total": ("record__total", "unit__name"),
    "grade": ("record__grade", "unit__name"),
    "rate": ("record__execution_rate", "unit__name"),
    "errors": ("record__error_count", "unit__name"),
    "deadline": ("deadline", "unit__name"),
}
DONE_STATES = (State.SUBMITTED, State.DEPT_REVIEW, State.BUREAU_REVIEW, State.APPROVED, State.PUBLISHED)
PAGE_SIZE = 100  # rows of the year list per page (the counts and charts cover every row)


def _years(request: HttpRequest) -> tuple[list[int], int]:
    """The years the user's scope has tasks for, and the one asked for (the latest by default; 0 = none)."""
    years = sorted(set(scoped_tasks(request.user).values_list("year", flat=True)), reverse=True)
    raw = request.GET.get("year", "")
    year = int_param(raw, years[0] if years else 0)
    return years, year


@dataclass(frozen=True)
class Line:
    task: Task
    record: DossierRecord | None
    late: bool


def _is_late(task: Task, today: datetime.date) -> bool:
    record = getattr(task, "record", None)
    return task.deadline < today and (record is None or record.state in (State.DRAFT, State.RETURNED))


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    require_reviewer(request.user)
    years, year = _years(request)
    tasks = (
        scoped_tasks(request.user)
        .select_related("record")
        .defer("record__dossier_json")
        .filter(year=year)
        # a total reviewers settled (复核) is marked as such, as the public list marks it
        .annotate(reviewed=Exists(ReviewScore.objects.filter(record__task=OuterRef("pk"))))
    )
    q = request.GET.get("q", "").strip()[:50]
    if q:
        tasks = tasks.filter(
            Q(unit__name__icontains=q) | Q(fund__icontains=q) | Q(unit__department__name__icontains=q)
        )
    department = request.GET.get("department", "")
    if (department_id := int_or_none(department)) is not None:
        tasks = tasks.filter(unit__department_id=department_id)
    state = request.GET.get("state", "")
    if state == "none":
        tasks = tasks.filter(record__isnull=True)
    elif state in State.values:
        tasks = tasks.filter(record__state=state)
    kind = request.GET.get("kind", "")
    if kind in TaskKind.values:
        tasks = tasks.filter(kind=kind)
    sort = request.GET.get("sort", "unit")
    desc = sort.startswith("-")
    fields = SORTS.get(sort.lstrip("-"), SORTS["unit"])
    tasks = tasks.order_by(*(f"-{f}" if desc else f for f in fields))
    today = timezone.localdate()
    rows = [Line(t, getattr(t, "record", None), _is_late(t, today)) for t in tasks]
    if request.GET.get("late") == "1":
        rows = [r for r in rows if r.late]
    records = [r.record for r in rows if r.record is not None]
    departments = sorted({t.unit.department for t in scoped_tasks(request.user)}, key=lambda d: d.name)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    keep = request.GET.copy()  # the filters and search, for the sort and page links
    for name in ("page", "sort"):
        keep.pop(name, None)
    return render(
        request,
        "review/overview.html",
        {
            "years": years,
            "year": year,
            "rows": page.object_list,
            "page": page,
            "count": len(rows),
            "q": q,
            "department": department,
            "departments": departments,
            "state": state,
            "kind": kind,
            "states": State.choices,
            "kinds": TaskKind.choices,
            "sort": sort,
            "late_only": request.GET.get("late") == "1",
            "late_count": sum(1 for r in rows if r.late),
            "charts": charts(records),
            "query": keep.urlencode(),
            "can_issue": current_user(request).role in (Role.BUREAU_REVIEWER, Role.ADMIN),
        },
    )


@login_required
@require_GET
def findings(request: HttpRequest) -> HttpResponse:
    """Drill down: the dossiers of a year with a given finding code (or all codes, counted)."""
    require_reviewer(request.user)
    years, year = _years(request)
    code = request.GET.get("code", "").strip()[:10]
    records = (
        scoped_records(request.user)
        .defer("dossier_json")
        .filter(task__year=year)
        .order_by("task__unit__name")
    )
    titles = check_titles()
    counts: dict[str, int] = {}
    matches: list[dict[str, Any]] = []
    for record in records:
        for c in record.finding_codes:
            counts[c] = counts.get(c, 0) + 1
        if code and code in record.finding_codes:
            try:
                evaluated = evaluate_record(record)
            except DamagedDossier as exc:  # one damaged dossier does not take the region's page down
                matches.append({"record": record, "findings": [], "damaged": exc.message})
                continue
            found = [f for f in evaluated.audit.findings if f.code == code]
            matches.append({"record": record, "findings": found})
    return render(
        request,
        "review/findings.html",
        {
            "years": years,
            "year": year,
            "code": code,
            "title": titles.get(code, ""),
            "counts": sorted(
                ((c, n, titles.get(c, "")) for c, n in counts.items()), key=lambda x: (-x[1], x[0])
            ),
            "matches": matches,
        },
    )


@login_required
@require_POST
def audit_batch(request: HttpRequest) -> HttpResponse:
    """Start (or show, if one runs) a background job re-scoring and re-auditing every submitted dossier
    of the year in the user's scope (``jixiao.web.jobs``); the answer is the job's progress, which htmx
    polls. The work goes on in the worker whether or not the page stays open."""
    from jixiao.web.jobs.tasks import start_audit_batch

    require_reviewer(request.user)
    year = int_param(request.POST.get("year"), 0)
    job = start_audit_batch(current_user(request), year)
    return render(request, "review/_audit_progress.html", {"job": job})


def _readable(records: list[DossierRecord]) -> tuple[list[Dossier], list[DossierRecord]]:
    """The records' dossiers that load, and the records whose stored dossier is damaged."""
    readable: list[Dossier] = []
    damaged: list[DossierRecord] = []
    for record in records:
        try:
            readable.append(loads(record.dossier_json))
        except DossierFormatError:
            damaged.append(record)
    return readable, damaged


class TaskForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label="预算单位", queryset=scoped_units(None))
    kind = forms.ChoiceField(label="类型", choices=TaskKind.choices)
    fund = forms.CharField(label="专项资金名称", max_length=200, required=False)
    deadline = forms.DateField(  # a date input reads and writes ISO dates only
        label="截止日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    rules = forms.ChoiceField(label="评分规则包", required=False)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = scoped_units(user).order_by("department__name", "name")
        rules_field = self.fields["rules"]
        assert isinstance(rules_field, forms.ChoiceField)
        rules_field.choices = [("", "按表式识别"), *((p, p) for p in available())]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == TaskKind.FUND and not data.get("fund"):
            self.add_error("fund", "专项资金任务须填写资金名称")
        if data.get("kind") == TaskKind.OVERALL:
            data["fund"] = ""
        return data


@login_required
@require_http_methods(["GET", "POST"])
def issue_tasks(request: HttpRequest) -> HttpResponse:
    """The finance bureau issues a year's tasks: a unit's overall spending or one 专项资金."""
    if current_user(request).role not in (Role.BUREAU_REVIEWER, Role.ADMIN):
        raise PermissionDenied("仅财政局可以下达自评任务")
    form = TaskForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            Task.objects.create(
                year=data["year"],
                unit=data["unit"],
                kind=data["kind"],
                fund=data["fund"],
                deadline=data["deadline"],
                rules=data["rules"],
            )
        except IntegrityError:
            form.add_error(None, "该单位该年度已有相同的任务")
        else:
            messages.success(request, "已下达任务。")
            return redirect(f"{request.path}?year={data['year']}")
    years, year = _years(request)
    tasks = scoped_tasks(request.user).filter(year=year).order_by("unit__department__name", "unit__name")
    return render(request, "review/tasks.html", {"form": form, "tasks": tasks, "years": years, "year": year})


@login_required
@require_GET
def consolidate_view(request: HttpRequest) -> HttpResponseBase:
    """A department's consolidated dossier from its units' overall dossiers of a year (jixiao.consolidate):
    the per-institution tables summed with Decimal, each value's provenance, downloadable as forms."""
    from jixiao.consolidate.core import ConsolidationError, consolidate
    from jixiao.web.dossiers.services import evaluate
    from jixiao.web.dossiers.sheets import build_sheets

    user = current_user(request)
    require_reviewer(user)
    years, year = _years(request)
    departments = sorted({u.department for u in scoped_units(user)}, key=lambda d: d.name)
    raw = request.GET.get("department", "")
    if raw:
        chosen = next((d for d in departments if str(d.pk) == raw), None)
        if chosen is None:
            raise Http404("部门不存在或不在您的权限范围内")
    elif user.role == Role.DEPT_REVIEWER:
        chosen = next((d for d in departments if d.pk == user.department_id), None)
    else:
        chosen = None
    records = list(
        scoped_records(user)
        .filter(task__year=year, task__kind=TaskKind.OVERALL, task__unit__department=chosen)
        .order_by("task__unit__name")
        if chosen is not None
        else []
    )
    context: dict[str, Any] = {
        "years": years,
        "year": year,
        "departments": departments,
        "department": chosen,
        "records": records,
        "error": "",
    }
    if records:
        readable, damaged = _readable(records)
        try:
            if damaged:
                names = "、".join(r.task.unit.name for r in damaged)
                raise ConsolidationError(
                    "dossier_damaged", f"{names} 的档案数据已损坏，无法汇总；请先在其版本记录中恢复"
                )
            result = consolidate(readable, source=f"{chosen}汇总.json")
        except ConsolidationError as exc:
            context["error"] = f"{exc.message} [{exc.code}]"
        else:
            fmt = request.GET.get("fmt", "")
            if fmt in ("docx", "xlsx", "pdf"):
                return _consolidated_file(result.dossier, fmt, f"{year}年度{chosen}汇总")
            sheets, _ = build_sheets(evaluate(result.dossier, None))
            context.update(result=result, sheets=sheets, editable=False, public=True)
    return render(request, "review/consolidate.html", context)


def _consolidated_file(dossier: Any, fmt: str, name: str) -> FileResponse:
    import io

    from jixiao.render.layout.document import layout_dossier

    grid = layout_dossier(dossier)
    out = io.BytesIO()
    if fmt == "docx":
        from jixiao.render.docx import write_docx

        write_docx(grid, out)
    elif fmt == "xlsx":
        from jixiao.render.xlsx import write_xlsx

        write_xlsx(grid, out)
    else:
        from jixiao.render.pdf import pdf_bytes

        out.write(pdf_bytes(grid, title=name))
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=f"{name}.{fmt}")


OPINIONS_AT_ONCE = 5  # opinions zipped while the reviewer waits; more become a background job


@login_required
@require_GET
def opinions(request: HttpRequest) -> HttpResponseBase:
    """The 审核意见 of every submitted dossier of the year in the reviewer's scope (one department with
    ``department=``), a PDF each, in one zip."""
    from jixiao.web.dossiers.opinions import opinions_zip

    require_reviewer(request.user)
    _, year = _years(request)
    records = (
        scoped_records(request.user)
        .select_related("task__unit")
        .filter(task__year=year, state__in=DONE_STATES)
        .order_by("task__unit__name", "pk")
    )
    if (department := int_or_none(request.GET.get("department"))) is not None:
        records = records.filter(task__unit__department_id=department)
    count = records.count()
    if not count:
        messages.info(request, f"{year} 年度没有已提交的档案，无审核意见可下载。")
        return redirect(f"{reverse('review:overview')}?year={year}")
    if count > OPINIONS_AT_ONCE:  # too many to render while the reviewer waits: a background job
        from jixiao.web.jobs.tasks import start_opinions

        start_opinions(current_user(request), year, department)
        messages.info(
            request,
            f"{count} 份档案的审核意见正在后台生成，完成后可在“后台任务”中下载 zip（关闭页面不影响）。",
        )
        return redirect("jobs:list")
    data, _, _ = opinions_zip(records)
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=f"{year}年度审核意见.zip",
        content_type="application/zip",
    )
