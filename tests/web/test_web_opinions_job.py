"""A large batch of 审核意见 runs as a background job (issue #13): queued with progress, resumable after
a stopping worker, each dossier's PDF written once, the zip downloaded by the user who started it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import World
from tests.web.test_web_jobs import run_queued


@pytest.fixture
def submitted(world: World, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    from jixiao.web.dossiers.models import DossierRecord, State
    from jixiao.web.review import views

    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(views, "OPINIONS_AT_ONCE", 1)  # two dossiers: more than are zipped inline
    DossierRecord.objects.update(state=State.SUBMITTED)
    return world


@pytest.mark.django_db
def test_a_large_batch_is_a_job_with_progress_and_its_zip_is_downloaded(submitted: World) -> None:
    from jixiao.web.jobs.models import Job, JobKind, JobState

    bureau = submitted.client("bureau")
    started = bureau.get("/review/opinions/?year=2023")
    assert started.status_code == 302 and started["Location"] == "/jobs/"
    job = Job.objects.get()
    assert job.kind == JobKind.OPINIONS and job.state == JobState.QUEUED
    listing = bureau.get("/jobs/").content.decode()
    assert "审核意见打包" in listing and "排队中" in listing
    assert bureau.get(f"/opinions/{job.pk}/download/").status_code == 404  # not done yet
    assert bureau.get("/review/opinions/?year=2023").status_code == 302
    assert Job.objects.count() == 1  # a second click starts nothing

    run_queued()
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (JobState.DONE, 2, 2)
    fragment = bureau.get(f"/jobs/{job.pk}/").content.decode()
    assert f"/opinions/{job.pk}/download/" in fragment and "2 份档案的审核意见" in fragment
    answer = bureau.get(f"/opinions/{job.pk}/download/")
    assert answer.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content)))
    names = sorted(archive.namelist())
    assert len(names) == 2 and all(n.endswith("审核意见.pdf") for n in names)
    assert any("人社局本级" in n for n in names) and any("就业服务中心" in n for n in names)
    assert all(archive.read(n).startswith(b"%PDF-") for n in names)
    # only the user who started it downloads it
    assert submitted.client("dept").get(f"/opinions/{job.pk}/download/").status_code == 404


@pytest.mark.django_db
def test_a_stopped_worker_resumes_the_job_and_each_pdf_is_written_once(submitted: World) -> None:
    from jixiao.web.jobs import tasks
    from jixiao.web.jobs.models import Job, JobItem, JobState

    job = tasks.start_opinions(submitted.users["bureau"], 2023, None)
    tasks.STOP.set()
    try:
        run_queued(max_tasks=1)
    finally:
        tasks.STOP.clear()
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.planned and job.done == 0
    run_queued()
    assert Job.objects.get().state == JobState.DONE
    assert sorted(JobItem.objects.values_list("writes", flat=True)) == [1, 1]


@pytest.mark.django_db
def test_a_damaged_dossier_is_listed_in_the_zip_not_a_failure(submitted: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord
    from jixiao.web.jobs import tasks
    from jixiao.web.jobs.models import JobState

    sibling: Any = submitted.records["sibling"]
    DossierRecord.objects.filter(pk=sibling.pk).update(dossier_json='{"source": 1}')
    job = tasks.start_opinions(submitted.users["bureau"], 2023, None)
    run_queued()
    job.refresh_from_db()
    assert (job.state, job.damaged) == (JobState.DONE, 1)
    answer = submitted.client("bureau").get(f"/opinions/{job.pk}/download/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content)))
    assert "未能生成.txt" in archive.namelist()
    assert "就业服务中心" in archive.read("未能生成.txt").decode("utf-8")
    assert sum(n.endswith(".pdf") for n in archive.namelist()) == 1
