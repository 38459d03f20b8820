"""Background jobs (jixiao.web.jobs): the batch re-audit queued in the database and run by a worker.

The in-process tests run the queue with django-tasks-db's own worker loop (``run_queued``); the last test
starts real worker processes on a SQLite file, kills one midway and checks that the restarted worker
finishes the job with every dossier audited exactly once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from tests.web.conftest import World, seed_path

REPO = Path(__file__).resolve().parents[2]


def run_queued(max_tasks: int | None = None) -> int:
    """Run every queued task here with django-tasks-db's worker loop (batch mode), inside the test's
    transaction: the loop's connection housekeeping is what a test transaction cannot have."""
    from django_tasks_db.management.commands import db_worker

    from jixiao.web.jobs.worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="inline",
        excluded_queue_names=[],
    )
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()
    return worker._run_tasks


def audit_now(client: Client, year: str = "2023") -> str:
    """Start the batch re-audit as ``client``, run the queue, and the job's progress fragment after."""
    from jixiao.web.jobs.models import Job

    started = client.post("/review/audit/", {"year": year})
    assert started.status_code == 200
    run_queued()
    job = Job.objects.latest("pk")
    return client.get(f"/jobs/{job.pk}/").content.decode()


def _submit(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord, State

    DossierRecord.objects.filter(pk=world.records["own"].pk).update(state=State.SUBMITTED)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_the_batch_audit_is_queued_and_the_page_shows_its_progress(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord
    from jixiao.web.jobs.models import ItemState, Job, JobState

    _submit(world)
    record = world.records["own"]
    DossierRecord.objects.filter(pk=record.pk).update(error_count=999, grade="旧")  # type: ignore[attr-defined]
    client = world.client("bureau")
    page = client.post("/review/audit/", {"year": "2023"}).content.decode()
    job = Job.objects.get()
    assert job.state == JobState.QUEUED and job.task_id
    assert "排队中" in page and f'hx-get="/jobs/{job.pk}/"' in page and 'hx-trigger="every 2s"' in page
    # a second click while it waits starts nothing new
    client.post("/review/audit/", {"year": "2023"})
    assert Job.objects.count() == 1
    assert run_queued() == 1
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.attempts) == (JobState.DONE, 1, 1, 1)
    fresh = DossierRecord.objects.get(pk=record.pk)  # type: ignore[attr-defined]
    assert fresh.error_count != 999 and fresh.grade != "旧"
    assert job.findings == fresh.error_count
    assert [(i.state, i.writes) for i in job.items.all()] == [(ItemState.DONE, 1)]
    done = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "已完成：1 份档案重新审核" in done and "hx-trigger" not in done  # no more polling
    listing = client.get("/jobs/").content.decode()
    assert "批量重新审核" in listing and "已完成" in listing
    # finished: the next click is a new job
    client.post("/review/audit/", {"year": "2023"})
    assert Job.objects.count() == 2


@pytest.mark.django_db
def test_a_damaged_dossier_is_counted_and_skipped_not_a_failure(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord
    from jixiao.web.dossiers.services import RECENT
    from jixiao.web.jobs.models import ItemState, Job, JobState

    _submit(world)
    record = world.records["own"]
    DossierRecord.objects.filter(pk=record.pk).update(dossier_json="{broken")  # type: ignore[attr-defined]
    RECENT.clear()
    page = audit_now(world.client("bureau"))
    job = Job.objects.get()
    assert job.state == JobState.DONE and job.damaged == 1 and job.done == 1
    assert job.items.get().state == ItemState.DAMAGED
    assert "1 份档案数据已损坏" in page


@pytest.mark.django_db
def test_a_failed_job_says_why_and_a_retry_resumes_it(world: World) -> None:
    from jixiao.web.dossiers import services
    from jixiao.web.dossiers.models import DossierRecord, State
    from jixiao.web.jobs.models import ItemState, Job, JobState

    DossierRecord.objects.update(state=State.SUBMITTED)  # the owner's and the sibling's
    client = world.client("dept")
    client.post("/review/audit/", {"year": "2023"})
    real = services.evaluate_record
    calls: list[int] = []

    def second_fails(record: Any) -> Any:
        calls.append(record.pk)
        if len(calls) == 2:
            raise ValueError("磁盘已满")
        return real(record)

    with mock.patch.object(services, "evaluate_record", second_fails):
        run_queued()
    job = Job.objects.get()
    assert job.state == JobState.FAILED and (job.done, job.total) == (1, 2)
    assert "磁盘已满" in job.error and "年度）的档案时出错" in job.error
    failed = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "失败" in failed and "磁盘已满" in failed and f"/jobs/{job.pk}/retry/" in failed
    # someone else cannot see or retry it
    for who in ("bureau", "other_dept", "filler"):
        assert world.client(who).get(f"/jobs/{job.pk}/").status_code == 404
        assert world.client(who).post(f"/jobs/{job.pk}/retry/").status_code == 404
    assert Job.objects.get().state == JobState.FAILED
    retried = client.post(f"/jobs/{job.pk}/retry/", HTTP_HX_REQUEST="true").content.decode()
    assert "排队中" in retried and "已处理 1 / 2" in retried
    run_queued()
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.error == "" and (job.done, job.total, job.attempts) == (2, 2, 2)
    assert [i.writes for i in job.items.all()] == [1, 1]  # the first dossier was not audited again
    assert all(i.state == ItemState.DONE for i in job.items.all())
    # retrying a finished job changes nothing
    assert client.post(f"/jobs/{job.pk}/retry/").status_code == 302
    assert Job.objects.get().attempts == 2


@pytest.mark.django_db
def test_a_job_is_planned_from_the_starters_scope(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord, State
    from jixiao.web.jobs.models import Job

    DossierRecord.objects.update(state=State.SUBMITTED)
    for who, expected in (("dept", 2), ("other_dept", 0), ("far_bureau", 0)):
        world.client(who).post("/review/audit/", {"year": "2023"})
        run_queued()
        assert Job.objects.get(user=world.users[who]).total == expected, who
    # units cannot start one
    assert world.client("filler").post("/review/audit/", {"year": "2023"}).status_code == 403


@pytest.mark.django_db
def test_a_stopping_worker_queues_its_job_again_at_the_next_item(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord, State
    from jixiao.web.jobs import tasks
    from jixiao.web.jobs.models import Job, JobState

    DossierRecord.objects.update(state=State.SUBMITTED)
    job = tasks.start_audit_batch(world.users["dept"], 2023)
    first_task = job.task_id
    tasks.STOP.set()
    try:
        assert run_queued(max_tasks=1) == 1  # a stopping worker runs no more
    finally:
        tasks.STOP.clear()
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.task_id != first_task and job.done == 0 and job.planned
    run_queued()
    assert Job.objects.get().state == JobState.DONE


@pytest.mark.django_db
def test_recover_requeues_jobs_whose_worker_is_gone(world: World) -> None:
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from jixiao.web.jobs import tasks
    from jixiao.web.jobs.models import Job, JobState

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    job = tasks.start_audit_batch(world.users["dept"], 2023)
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING", started_at=timezone.now())
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING)
    alive = tasks.start_audit_batch(world.users["bureau"], 2023)
    DBTaskResult.objects.filter(id=alive.task_id).update(status="RUNNING", started_at=timezone.now())
    host = tasks.worker_name().rpartition(":")[0]
    Job.objects.filter(pk=job.pk).update(worker=f"{host}:{dead.pid}", heartbeat_at=timezone.now())
    Job.objects.filter(pk=alive.pk).update(state=JobState.RUNNING, worker=f"{host}:{os.getppid()}")
    assert tasks.recover() == [job.pk]
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and DBTaskResult.objects.get(id=job.task_id).status == "READY"
    # a job whose worker on another computer has not reported for long is taken as lost too
    Job.objects.filter(pk=alive.pk).update(
        worker="elsewhere:1", heartbeat_at=timezone.now() - tasks.STALE_AFTER * 2
    )
    assert tasks.recover() == [alive.pk]


# --- a real worker process, killed midway --------------------------------------------------------------

SETUP = """
import datetime, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
import msgspec
from jixiao.ingest.loader import load_path
from jixiao.web.accounts.models import Department, Region, Role, Unit, User
from jixiao.web.dossiers.models import DossierRecord, State, Task
from jixiao.web.dossiers.services import create_record
from jixiao.web.jobs.tasks import start_audit_batch

region = Region.objects.create(name="北区")
department = Department.objects.create(region=region, name="人社部门")
bureau = User.objects.create(username="bureau", role=Role.BUREAU_REVIEWER, region=region)
dossier = load_path(sys.argv[1])
for i in range(int(sys.argv[2])):
    unit = Unit.objects.create(department=department, name=f"单位{i:03d}")
    task = Task.objects.create(year=2023, unit=unit, deadline=datetime.date(2024, 4, 30))
    # each text its own, so the worker's cache of recent evaluations does not skip the work
    create_record(task, msgspec.structs.replace(dossier, source=f"{i:03d}.txt"), bureau, "导入")
DossierRecord.objects.update(state=State.SUBMITTED, error_count=99999, grade="待重算")
print(start_audit_batch(bureau, 2023).pk)
"""


def _query(db: Path, sql: str, *args: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute(sql, args).fetchall()


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "jixiao.web", "worker", "--interval", "0.05", "--no-startup-delay"],
        cwd=REPO,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _wait(what: str, condition: Any, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.01)


def test_a_worker_killed_midway_is_resumed_and_every_dossier_is_audited_once(tmp_path: Path) -> None:
    count = 100
    db = tmp_path / "jobs.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "JIXIAO_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "jixiao.web.settings",
        "PYTHONPATH": str(REPO / "src"),
    }
    env.pop("JIXIAO_DEBUG", None)
    made = subprocess.run(
        [sys.executable, "-c", SETUP, str(seed_path("000")), str(count)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    job = int(made.stdout.strip().splitlines()[-1])
    log = tmp_path / "worker.log"

    def done() -> int:
        rows = _query(db, "SELECT done FROM jobs_job WHERE id = ?", job)
        return int(rows[0][0])

    def state() -> str:
        return str(_query(db, "SELECT state FROM jobs_job WHERE id = ?", job)[0][0])

    # 1. killed outright (SIGKILL) a few dossiers in: its job is left "running" under a dead process
    first = _worker(env, log)
    try:
        _wait("the first dossiers", lambda: done() >= 5)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    at_kill = done()
    assert 5 <= at_kill < count, log.read_text()
    assert state() == "running"

    # 2. a new worker resumes it; stopped politely (SIGTERM) midway it stops at the next dossier
    second = _worker(env, log)
    try:
        _wait("the resumed job to move on", lambda: done() >= at_kill + 5)
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0, log.read_text()
    finally:
        if second.poll() is None:
            second.kill()
    at_stop = done()
    assert at_kill < at_stop < count, log.read_text()
    assert state() == "queued"

    # 3. a third worker finishes it
    third = _worker(env, log)
    try:
        _wait("the job to finish", lambda: state() in ("done", "failed"))
    finally:
        third.send_signal(signal.SIGTERM)
        third.wait(timeout=30)
    assert state() == "done", log.read_text()
    ((total, finished, attempts),) = _query(
        db, "SELECT total, done, attempts FROM jobs_job WHERE id = ?", job
    )
    assert (total, finished, attempts) == (count, count, 3)
    items = _query(db, "SELECT record_id, state, writes FROM jobs_jobitem WHERE job_id = ?", job)
    assert len(items) == count and len({r for r, _, _ in items}) == count
    assert {(s, w) for _, s, w in items} == {("done", 1)}  # every dossier audited and written once
    left = _query(
        db, "SELECT count(*) FROM dossiers_dossierrecord WHERE error_count = 99999 OR grade = '待重算'"
    )
    assert left == [(0,)]
    # the queue's own record: the killed run marked lost, the stopped one ended, the last one done
    statuses = sorted(s for (s,) in _query(db, "SELECT status FROM django_tasks_database_dbtaskresult"))
    assert statuses == ["FAILED", "SUCCESSFUL", "SUCCESSFUL"]
