"""The tasks the worker runs, and how a job is started, retried and resumed.

The queue is django-tasks' database backend; what is ours is the job record and each kind's loop. A
job's loop is resumable: it plans its items once, then works through those still pending, each one
written and logged in one transaction. A worker that stops on a signal re-queues its job at the next
item; one killed outright leaves its job running under a dead process, and the next worker to start
re-queues it (:func:`recover`).
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks import TaskContext, TaskResultStatus, task

from jixiao.web.jobs.models import ACTIVE_STATES, ItemState, Job, JobItem, JobKind, JobState

if TYPE_CHECKING:
    from jixiao.web.accounts.models import User

logger = logging.getLogger("jixiao.web.jobs")

# a job whose worker runs on another computer is taken as lost when it has not reported for this long
STALE_AFTER = datetime.timedelta(minutes=10)

# set by the worker on SIGINT/SIGTERM: the running job stops at the next item and is queued again
STOP = threading.Event()


class JobFailure(Exception):
    """A job cannot go on; ``message`` (Chinese) is what its page says."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Interrupted(BaseException):
    """The worker is stopping: the job is left for the next worker, not failed."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# --- starting, retrying ---------------------------------------------------------------------------------


def enqueue(job: Job) -> Job:
    """Put the job on the queue (again): a new task result, the job queued under it."""
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id), state=JobState.QUEUED, worker="")
    job.refresh_from_db()
    return job


def start_audit_batch(user: object, year: int) -> Job:
    """A batch re-audit of the year's submitted dossiers in the user's scope; the user's own running one
    for the same year if there is one (a second click starts nothing)."""
    from jixiao.web.accounts.models import User

    assert isinstance(user, User)
    running = Job.objects.filter(
        user=user, kind=JobKind.AUDIT_BATCH, year=year, state__in=ACTIVE_STATES
    ).first()
    if running is not None:
        return running
    job = Job.objects.create(kind=JobKind.AUDIT_BATCH, user=user, year=year, scope=user.scope_label[:200])
    return enqueue(job)


def start_opinions(user: object, year: int, department: int | None) -> Job:
    """A batch of 审核意见 (a PDF per submitted dossier of the year in the user's scope, ``department``
    narrowing it), zipped when all are written; the user's own running one for the same year and
    department if there is one."""
    from jixiao.web.accounts.models import User

    assert isinstance(user, User)
    return _running_or_new(user, JobKind.OPINIONS, year=year, department=department)


def start_import_batch(user: object, year: int, folder: str) -> Job:
    """An import of the ``jixiao batch`` result in ``folder`` into the year's tasks of the user's region;
    the user's own running one for the same year and folder if there is one. ``ImportRefused`` (from
    ``jixiao.web.jobs.imports``) for a user who may not import or a folder that may not be read."""
    from jixiao.web.accounts.models import User
    from jixiao.web.jobs.imports import ImportRefused, allowed_folder, may_import

    assert isinstance(user, User)
    if not may_import(user):
        raise ImportRefused("import_not_allowed", "仅财政局审核人和管理员可以导入批量结果")
    resolved = str(allowed_folder(folder))
    return _running_or_new(user, JobKind.IMPORT_BATCH, year=year, folder=resolved)


def _running_or_new(user: User, kind: str, **fields: object) -> Job:
    """The user's own running job of ``kind`` with these ``fields``, or a new one queued."""
    running = Job.objects.filter(user=user, kind=kind, state__in=ACTIVE_STATES, **fields).first()
    if running is not None:
        return running
    return enqueue(Job.objects.create(kind=kind, user=user, scope=user.scope_label[:200], **fields))


def retry(job: Job) -> Job:
    """A failed job queued again; what it had finished stays finished (its items are kept)."""
    if Job.objects.filter(pk=job.pk, state=JobState.FAILED).update(
        state=JobState.QUEUED, error="", finished_at=None
    ):
        return enqueue(job)
    job.refresh_from_db()
    return job


# --- running ----------------------------------------------------------------------------------------------


@task(takes_context=True)
def run_job(context: TaskContext, job_id: int) -> str:
    return execute(job_id, str(context.task_result.id))


def execute(job_id: int, task_id: str | None = None) -> str:
    """Run (or resume) job ``job_id``. ``task_id``: the task result running it; a task the job has since
    been queued again under (a duplicate) does nothing."""
    job = Job.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.state not in ACTIVE_STATES:
        return "nothing to do"
    if task_id is not None and job.task_id and job.task_id != task_id:
        return "superseded"
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(
        state=JobState.RUNNING,
        worker=worker_name(),
        heartbeat_at=now,
        started_at=Coalesce(F("started_at"), now),
        attempts=F("attempts") + 1,
    )
    job.refresh_from_db()
    try:
        RUNNERS[job.kind](job)
    except Interrupted:
        logger.info("job %s interrupted; queued again", job_id)
        enqueue(job)
        return "interrupted"
    except JobFailure as exc:
        _fail(job_id, exc.message)
        return "failed"
    except Exception as exc:
        logger.exception("job %s failed", job_id)
        _fail(job_id, f"任务运行出错：{type(exc).__name__}: {exc}"[:2000])
        raise  # the task result keeps the traceback
    except BaseException:
        # stopped hard (a second Ctrl+C): the job stays for the next worker, whose recover() queues it
        Job.objects.filter(pk=job_id, state=JobState.RUNNING).update(state=JobState.QUEUED, worker="")
        raise
    Job.objects.filter(pk=job_id).update(state=JobState.DONE, finished_at=timezone.now(), error="")
    return "done"


def _fail(job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).update(state=JobState.FAILED, error=message, finished_at=timezone.now())


def _audit_batch(job: Job) -> None:
    """Re-score and re-audit each submitted dossier of the year in the starter's scope, once. A damaged
    dossier is counted and left as it is; one edited meanwhile keeps the figures its edit computed."""
    from jixiao.web.accounts.scope import REVIEW_ROLES, scoped_records
    from jixiao.web.dossiers.models import DossierRecord
    from jixiao.web.dossiers.services import DamagedDossier, evaluate_record, summary_fields
    from jixiao.web.review.views import DONE_STATES

    if job.user.role not in REVIEW_ROLES or not job.user.is_active:
        raise JobFailure("发起人已无审核权限，任务不能继续")
    _plan(job, scoped_records(job.user).filter(task__year=job.year, state__in=DONE_STATES))
    pending = list(
        JobItem.objects.filter(job=job, state=ItemState.PENDING).order_by("pk").values_list("pk", "record_id")
    )
    for item_pk, record_pk in pending:
        if STOP.is_set():
            raise Interrupted
        record = DossierRecord.objects.select_related("task", "task__unit").filter(pk=record_pk).first()
        if record is None:
            continue  # deleted meanwhile: its item went with it
        try:
            fields = summary_fields(evaluate_record(record))
        except DamagedDossier:  # left as it was; its page says it is damaged
            fields = None
        except Exception as exc:
            logger.exception("job %s: dossier %s", job.pk, record_pk)
            raise JobFailure(
                f"审核 {record.task.unit.name}（{record.task.year}年度）的档案时出错：{type(exc).__name__}: {exc}"[
                    :2000
                ]
            ) from exc
        _write(job, item_pk, record, fields)


def _plan(job: Job, records: object = None, keys: Iterable[str] = ()) -> None:
    """Write the job's items once, in one transaction with its total: one per record of ``records`` (a
    queryset of the dossiers it covers), or, for an import, one per document key of ``keys`` (read
    only here, so a lazy iterable costs nothing once the job is planned)."""
    from django.db.models import QuerySet

    if job.planned:
        return
    with transaction.atomic():
        if records is not None:
            assert isinstance(records, QuerySet)
            ids = list(records.order_by("pk").values_list("pk", flat=True))
            items = [JobItem(job=job, record_id=pk) for pk in ids]
        else:
            items = [JobItem(job=job, key=key) for key in keys]
        JobItem.objects.bulk_create(items, ignore_conflicts=True)
        Job.objects.filter(pk=job.pk).update(planned=True, total=JobItem.objects.filter(job=job).count())


def _opinions(job: Job) -> None:
    """Each submitted dossier's 审核意见 as a PDF in the job's folder (written whole, then logged), then
    the zip of them all (``jixiao.web.dossiers.opinions``). A damaged dossier is listed, not rendered."""
    from jixiao.web.accounts.scope import REVIEW_ROLES, scoped_records
    from jixiao.web.dossiers.models import DossierRecord
    from jixiao.web.dossiers.opinions import job_zip, write_job_pdf
    from jixiao.web.dossiers.services import DamagedDossier
    from jixiao.web.review.views import DONE_STATES

    if job.user.role not in REVIEW_ROLES or not job.user.is_active:
        raise JobFailure("发起人已无审核权限，任务不能继续")
    records = scoped_records(job.user).filter(task__year=job.year, state__in=DONE_STATES)
    if job.department is not None:
        records = records.filter(task__unit__department_id=job.department)
    _plan(job, records)
    pending = list(
        JobItem.objects.filter(job=job, state=ItemState.PENDING).order_by("pk").values_list("pk", "record_id")
    )
    for item_pk, record_pk in pending:
        if STOP.is_set():
            raise Interrupted
        record = DossierRecord.objects.select_related("task", "task__unit").filter(pk=record_pk).first()
        if record is None:
            continue
        try:
            write_job_pdf(job, record)
            state = ItemState.DONE
        except DamagedDossier:
            state = ItemState.DAMAGED
        except Exception as exc:
            logger.exception("job %s: dossier %s", job.pk, record_pk)
            raise JobFailure(
                f"生成 {record.task.unit.name}（{record.task.year}年度）的审核意见时出错：{type(exc).__name__}: {exc}"[
                    :2000
                ]
            ) from exc
        with transaction.atomic():
            if JobItem.objects.filter(pk=item_pk, state=ItemState.PENDING).update(
                state=state, writes=F("writes") + 1, finished_at=timezone.now()
            ):
                Job.objects.filter(pk=job.pk).update(
                    done=F("done") + 1,
                    damaged=F("damaged") + (1 if state == ItemState.DAMAGED else 0),
                    heartbeat_at=timezone.now(),
                )
    job_zip(job)


def _write(job: Job, item_pk: int, record: object, fields: dict[str, object] | None) -> None:
    """One item's outcome: the dossier's figures, the item and the job's counts, all or nothing."""
    from jixiao.web.dossiers.models import DossierRecord

    assert isinstance(record, DossierRecord)
    now = timezone.now()
    with transaction.atomic():
        item = JobItem.objects.select_for_update().filter(pk=item_pk, state=ItemState.PENDING).first()
        if item is None:
            return  # another run of this job logged it already
        errors = 0
        if fields is None:
            item.state = ItemState.DAMAGED
        elif DossierRecord.objects.filter(pk=record.pk, version=record.version).update(**fields):
            item.state = ItemState.DONE
            item.writes += 1
            errors = int(str(fields["error_count"]))
        else:
            item.state = ItemState.CHANGED
        item.error_count = errors
        item.finished_at = now
        item.save(update_fields=["state", "writes", "error_count", "finished_at"])
        Job.objects.filter(pk=job.pk).update(
            done=F("done") + 1,
            damaged=F("damaged") + (1 if fields is None else 0),
            findings=F("findings") + errors,
            heartbeat_at=now,
        )


def _import_batch(job: Job) -> None:
    """Each document of the batch folder stored as a new version of its task's dossier, once
    (``jixiao.web.jobs.imports`` finds the task); a document that has no task, several, failed to read or
    whose dossier is damaged is skipped with the reason, and the job goes on."""
    from jixiao.web.jobs.imports import (
        ImportRefused,
        allowed_folder,
        document_keys,
        find_task,
        may_import,
        read_document,
        unit_index,
    )

    if not may_import(job.user) or not job.user.is_active:
        raise JobFailure("发起人已无导入权限，任务不能继续")
    try:
        folder = allowed_folder(job.folder)
    except ImportRefused as exc:
        raise JobFailure(f"{exc.message} [{exc.code}]") from exc
    _plan(job, keys=document_keys(folder))
    units = unit_index(job.user)
    pending = list(
        JobItem.objects.filter(job=job, state=ItemState.PENDING).order_by("pk").values_list("pk", "key")
    )
    for item_pk, key in pending:
        if STOP.is_set():
            raise Interrupted
        read = read_document(folder, key)
        task = None
        reason = read.reason
        if read.dossier is not None:
            match = find_task(read.dossier, job.year, units)
            task, reason = match.task, match.reason
        with transaction.atomic():
            if not JobItem.objects.select_for_update().filter(pk=item_pk, state=ItemState.PENDING).exists():
                continue  # another run of this job logged it already
            state, record_pk = ItemState.SKIPPED, None
            if task is not None and read.dossier is not None:
                try:
                    with transaction.atomic():
                        state, record_pk, reason = _store(job, item_pk, task, read.dossier, read.source)
                except DatabaseError:
                    raise
                except Exception as exc:  # this document only: the job goes on with the next
                    logger.exception("job %s: document %s", job.pk, key)
                    state, record_pk = ItemState.SKIPPED, None
                    reason = f"导入时出错（{type(exc).__name__}: {exc}）[import_internal_error]"[:2000]
            JobItem.objects.filter(pk=item_pk).update(
                state=state,
                record_id=record_pk,
                source=read.source[:500],
                reason=reason,
                writes=F("writes") + (1 if state == ItemState.DONE else 0),
                finished_at=timezone.now(),
            )
            Job.objects.filter(pk=job.pk).update(
                done=F("done") + 1,
                skipped=F("skipped") + (1 if state == ItemState.SKIPPED else 0),
                unchanged=F("unchanged") + (1 if state == ItemState.UNCHANGED else 0),
                heartbeat_at=timezone.now(),
            )


def _store(
    job: Job, item_pk: int, task: object, dossier: object, source: str
) -> tuple[ItemState, int | None, str]:
    """One document into its task's dossier as an upload stores it (``create_record`` / ``save_version``):
    a new dossier in 草稿, or a new version with its state unchanged; nothing when its content equals the
    current version. (state, the dossier's pk, the reason it was skipped)."""
    from jixiao.model.dossier import Dossier
    from jixiao.web.dossiers.models import DossierRecord, Task
    from jixiao.web.dossiers.services import (
        InvalidDossier,
        StaleEdit,
        checked_text,
        create_record,
        save_version,
    )
    from jixiao.web.dossiers.workflow import EDITABLE_STATES

    assert isinstance(task, Task) and isinstance(dossier, Dossier)
    name = PurePath(source.replace("\\", "/")).name or source
    note = f"批量导入 {name}"[:200]
    try:
        text = checked_text(dossier)
    except InvalidDossier as exc:
        return ItemState.SKIPPED, None, f"{exc.message} [{exc.code}]"
    record = DossierRecord.objects.select_related("task", "task__unit").filter(task=task).first()
    if record is None:
        return ItemState.DONE, create_record(task, dossier, job.user, note, name[:255]).pk, ""
    # two documents of one batch for one task: the first is imported, the others say which one it was
    earlier = (
        JobItem.objects.filter(job=job, record=record, state__in=(ItemState.DONE, ItemState.UNCHANGED))
        .exclude(pk=item_pk)
        .first()
    )
    if earlier is not None:
        return (
            ItemState.SKIPPED,
            None,
            f"{task} 已由本批次的文件 {earlier.source} 导入，同一任务不重复导入 [import_task_taken]",
        )
    if record.dossier_json == text:
        return ItemState.UNCHANGED, record.pk, ""
    if record.state not in EDITABLE_STATES:
        return (
            ItemState.SKIPPED,
            None,
            f"{task} 的档案处于“{record.get_state_display()}”状态，只有草稿或退回的档案可以导入新版本"
            " [import_record_locked]",
        )
    try:
        save_version(record, dossier, job.user, record.version, note)
    except StaleEdit as exc:  # edited in the instant between reading it and storing the import
        return (
            ItemState.SKIPPED,
            None,
            f"导入时 {task} 的档案正被他人修改，未导入，请稍后重新导入 [{exc.code}]",
        )
    return ItemState.DONE, record.pk, ""


RUNNERS: dict[str, Callable[[Job], None]] = {
    JobKind.AUDIT_BATCH: _audit_batch,
    JobKind.OPINIONS: _opinions,
    JobKind.IMPORT_BATCH: _import_batch,
}


# --- resuming after a lost worker -------------------------------------------------------------------------


def _alive(job: Job, started: datetime.datetime | None) -> bool:
    """Whether the worker that holds ``job`` may still be running it."""
    host, _, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return False  # this process is starting: whatever it held before is gone
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    seen = job.heartbeat_at or started
    return seen is not None and timezone.now() - seen < STALE_AFTER


def recover() -> list[int]:
    """Queue again every unfinished job that no live worker holds: its task result finished or vanished
    while the job did not, or its worker died. Called by each worker as it starts. The ids re-queued."""
    from django_tasks_db.models import DBTaskResult

    requeued: list[int] = []
    for job in Job.objects.filter(state__in=ACTIVE_STATES).order_by("pk"):
        result = DBTaskResult.objects.filter(id=job.task_id).first() if job.task_id else None
        status = result.status if result is not None else None
        if status == TaskResultStatus.READY:
            continue
        if status == TaskResultStatus.RUNNING and result is not None:
            if _alive(job, result.started_at):
                continue
            DBTaskResult.objects.filter(id=result.id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path="jixiao.web.jobs.tasks.WorkerLost",
                traceback=f"worker {job.worker or '?'} stopped while running this task",
            )
        logger.info("job %s: its worker is gone; queued again", job.pk)
        enqueue(job)
        requeued.append(job.pk)
    return requeued
