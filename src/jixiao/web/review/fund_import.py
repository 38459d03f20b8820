"""The finance bureau issues 专项资金 tasks from an uploaded 专项资金绩效自评清单 (any format ingest
reads: the dossier's ``fund_list``): upload, see line by line what would be created, confirm.

Each line names a fund and a unit. A line becomes a task only for a unit of the bureau's own region
whose name matches exactly and uniquely; lines for units outside the region (or unknown), for a name
two units share, without a fund or unit, repeated in the list, or already issued are shown with the
reason and skipped. Nothing is created before the bureau confirms; the tasks of one confirmation are
created together or not at all.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from jixiao.model.dossier import Dossier
from jixiao.rules.pack import available
from jixiao.web.accounts.models import Role, Unit
from jixiao.web.accounts.scope import current_user, scoped_units
from jixiao.web.dossiers import uploads
from jixiao.web.dossiers.models import Task, TaskKind

STATUS = {
    "new": "将下达",
    "exists": "已有此任务，跳过",
    "unknown_unit": "本地区没有此单位，跳过",
    "ambiguous_unit": "本地区有多个同名单位，无法确定，跳过",
    "incomplete": "缺少资金名称或单位，跳过",
    "duplicate": "清单内重复，跳过",
}


@dataclass(frozen=True)
class Line:
    number: str
    fund: str
    unit_name: str
    remark: str
    unit: Unit | None
    status: str

    @property
    def status_label(self) -> str:
        return STATUS[self.status]


class ImportForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    deadline = forms.DateField(
        label="截止日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    rules = forms.ChoiceField(label="评分规则包", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules_field = self.fields["rules"]
        assert isinstance(rules_field, forms.ChoiceField)
        rules_field.choices = [("", "按表式识别"), *((p, p) for p in available())]


class FundListError(Exception):
    code = "fund_list_missing"


def fund_list_of(dossier: Dossier, name: str) -> Dossier:
    if not dossier.fund_list:
        raise FundListError(f"{name}：未找到专项资金绩效自评清单（需要含“专项资金名称”“单位”列的清单表）")
    return dossier


def plan(user: Any, dossier: Dossier, year: int) -> list[Line]:
    """What confirming would do with each line of the list, for this user's region and year."""
    by_name: dict[str, list[Unit]] = {}
    for each in scoped_units(user):
        by_name.setdefault(each.name.strip(), []).append(each)
    existing = set(
        Task.objects.filter(
            year=year, kind=TaskKind.FUND, unit__in=[u for us in by_name.values() for u in us]
        ).values_list("unit_id", "fund")
    )
    seen: set[tuple[int, str]] = set()
    lines = []
    for row in dossier.fund_list:
        fund, name = row.fund.strip()[:200], row.unit.strip()
        found = by_name.get(name, [])
        unit = found[0] if len(found) == 1 else None
        if not fund or not name:
            status = "incomplete"
        elif not found:
            status = "unknown_unit"
        elif unit is None:
            status = "ambiguous_unit"
        elif (unit.pk, fund) in seen:
            status = "duplicate"
        elif (unit.pk, fund) in existing:
            status = "exists"
        else:
            status = "new"
        if unit is not None:
            seen.add((unit.pk, fund))
        lines.append(Line(row.number, fund, name, row.remark.strip()[:300], unit, status))
    return lines


def _require_bureau(request: HttpRequest) -> None:
    if current_user(request).role not in (Role.BUREAU_REVIEWER, Role.ADMIN):
        raise PermissionDenied("仅财政局可以下达自评任务")


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    _require_bureau(request)
    error = ""
    if request.method == "POST":
        file = request.FILES.get("file")
        user_id = current_user(request).pk
        if file is None:
            error = "请选择文件"
        else:
            token = ""
            try:
                token, path = uploads.stage(file, user_id)
                fund_list_of(uploads.read_staged(path), path.name)
            except uploads.UploadError as exc:
                error = f"{exc.message} [{exc.code}]"
            except FundListError as exc:
                error = f"{exc} [{exc.code}]"
            else:
                return redirect("review:fund_import_confirm", token=token)
            if token:
                uploads.discard(user_id, token)
    return render(
        request,
        "review/fund_import.html",
        {"error": error, "extensions": "、".join(uploads.extensions())},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The list line by line with what confirming does; the tasks are created only on confirmation."""
    _require_bureau(request)
    user_id = current_user(request).pk
    try:
        path = uploads.staged_path(user_id, token)
        dossier = fund_list_of(uploads.read_staged(path), path.name)
    except uploads.UploadError as exc:
        messages.error(request, f"{exc.message} [{exc.code}]")
        return redirect("review:fund_import")
    except FundListError as exc:
        messages.error(request, f"{exc} [{exc.code}]")
        return redirect("review:fund_import")
    if request.method == "POST" and request.POST.get("cancel"):
        uploads.discard(user_id, token)
        messages.info(request, "已取消，未下达任何任务。")
        return redirect("review:tasks")
    year = dossier.year or timezone.localdate().year - 1
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        initial={"year": year, "deadline": datetime.date(year + 1, 4, 30)},
    )
    if form.is_valid():
        year = form.cleaned_data["year"]
    lines = plan(request.user, dossier, year)
    if request.method == "POST" and form.is_valid() and request.POST.get("confirm"):
        created = _create(lines, year, form.cleaned_data["deadline"], form.cleaned_data["rules"])
        uploads.discard(user_id, token)
        skipped = len(lines) - created
        messages.success(
            request,
            f"已按 {path.name} 下达 {created} 项 {year} 年度专项资金自评任务"
            + (f"，{skipped} 行跳过（见原因）" if skipped else "")
            + "。",
        )
        return redirect(f"{reverse('review:tasks')}?year={year}")
    return render(
        request,
        "review/fund_import_confirm.html",
        {
            "form": form,
            "file_name": path.name,
            "token": token,
            "lines": lines,
            "new_count": sum(1 for line in lines if line.status == "new"),
            "dossier_year": dossier.year,
        },
    )


def _create(lines: list[Line], year: int, deadline: datetime.date, rules: str) -> int:
    created = 0
    with transaction.atomic():
        for line in lines:
            if line.status != "new" or line.unit is None:
                continue
            _, made = Task.objects.get_or_create(
                year=year,
                unit=line.unit,
                kind=TaskKind.FUND,
                fund=line.fund,
                defaults={"deadline": deadline, "rules": rules, "remark": line.remark},
            )
            created += made
    return created
