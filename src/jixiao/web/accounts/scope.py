"""Scope enforcement, in one place: every view reads tasks and dossiers only through these helpers.

A unit's users see their unit; a department reviewer sees the department's units; a finance bureau
reviewer and an administrator see their region. Anything outside is "not found" (404), so a user
cannot even learn that another unit's dossier exists. What a role may *do* is decided by the
workflow (``jixiao.web.dossiers.workflow``); this module decides what it may *see*.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from jixiao.web.accounts.models import REGION_ROLES, UNIT_ROLES, Role, Unit, User

if TYPE_CHECKING:
    from jixiao.web.dossiers.models import DossierRecord, Task
    from jixiao.web.jobs.models import Job


def unit_filter(user: Any, prefix: str) -> dict[str, Any] | None:
    """The queryset filter that keeps ``prefix``-reached units inside the user's scope; None = nothing."""
    if not getattr(user, "is_authenticated", False):
        return None
    role = user.role
    if role in UNIT_ROLES and user.unit_id is not None:
        return {f"{prefix}": user.unit_id}
    if role == Role.DEPT_REVIEWER and user.department_id is not None:
        return {f"{prefix}__department": user.department_id}
    if role in REGION_ROLES and user.region_id is not None:
        return {f"{prefix}__department__region": user.region_id}
    return None


def scoped_units(user: Any) -> QuerySet[Unit]:
    found = unit_filter(user, "unit")
    units = Unit.objects.select_related("department")
    if found is None:
        return units.none()
    # the filter is phrased from a model that points at the unit; restate it from the unit itself
    ((key, value),) = found.items()
    return units.filter(**{"pk" if key == "unit" else key.removeprefix("unit__"): value})


def scoped_tasks(user: Any) -> QuerySet[Task]:
    from jixiao.web.dossiers.models import Task

    found = unit_filter(user, "unit")
    tasks = Task.objects.select_related("unit", "unit__department")
    return tasks.none() if found is None else tasks.filter(**found)


def scoped_records(user: Any) -> QuerySet[DossierRecord]:
    from jixiao.web.dossiers.models import DossierRecord

    found = unit_filter(user, "task__unit")
    records = DossierRecord.objects.select_related("task", "task__unit", "task__unit__department")
    return records.none() if found is None else records.filter(**found)


def record_or_404(user: Any, pk: int) -> DossierRecord:
    """The dossier ``pk`` if the user's scope holds it; otherwise 404, whether or not it exists."""
    record = scoped_records(user).filter(pk=pk).first()
    if record is None:
        raise Http404("档案不存在或不在您的权限范围内")
    return record


def task_or_404(user: Any, pk: int) -> Task:
    task = scoped_tasks(user).filter(pk=pk).first()
    if task is None:
        raise Http404("任务不存在或不在您的权限范围内")
    return task


def scoped_jobs(user: Any) -> QuerySet[Job]:
    """Background jobs (``jixiao.web.jobs``): a user sees and retries only the jobs he started."""
    from jixiao.web.jobs.models import Job

    jobs = Job.objects.all()
    return jobs.filter(user=user) if getattr(user, "is_authenticated", False) else jobs.none()


def job_or_404(user: Any, pk: int) -> Job:
    job = scoped_jobs(user).filter(pk=pk).first()
    if job is None:
        raise Http404("后台任务不存在或不是您发起的")
    return job


def published_records() -> QuerySet[DossierRecord]:
    """What the public may read without logging in: published dossiers, and nothing else."""
    from jixiao.web.dossiers.models import DossierRecord, State

    return DossierRecord.objects.select_related("task", "task__unit", "task__unit__department").filter(
        state=State.PUBLISHED
    )


REVIEW_ROLES = frozenset({Role.DEPT_REVIEWER, Role.BUREAU_REVIEWER, Role.ADMIN})


def require_reviewer(user: Any) -> None:
    """Department, bureau and administrator views: a unit's users get 403."""
    if getattr(user, "role", None) not in REVIEW_ROLES:
        raise PermissionDenied("仅主管部门、财政局和管理员可以查看")


def current_user(request: Any) -> User:
    """The logged-in user of a view behind ``login_required``, typed."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("请先登录")
    return user
