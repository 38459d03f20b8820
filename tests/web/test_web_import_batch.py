"""A bureau imports a ``jixiao batch`` result into a year through the job queue (issue #14): each document
stored as a new version of its task's dossier, the others skipped with their reason, a second import
adding nothing, a folder outside ``JIXIAO_IMPORT_ROOTS`` and a unit's user refused."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from tests.conftest import SEED_FILES
from tests.web.conftest import World, seed
from tests.web.test_web_jobs import run_queued

from jixiao.cli.main import main

UNIT_000 = "岳阳市岳阳楼区人力资源和社会保障局"  # seed 000's unit, its overall table of 2023
UNIT_001 = "株洲市石峰区人力资源和社会保障局"  # seed 001's, a document of 2020
UNIT_002 = "岳阳市人力资源和社会保障局"  # seed 002's: no such unit in the region


@pytest.fixture(scope="module")
def batch_result(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``jixiao batch`` run once on three seeds and an empty file (which fails: file_empty)."""
    base = tmp_path_factory.mktemp("batch")
    sources = base / "全省"
    sources.mkdir()
    for key in ("000", "001", "002"):
        shutil.copy(SEED_FILES[key], sources / f"{key}.txt")
    (sources / "空白.txt").write_bytes(b"")
    out = base / "结果"
    assert main(["batch", str(sources), "-o", str(out), "-j", "1", "-q"]) == 1  # one file failed
    return out


@pytest.fixture
def imports(world: World, settings: Any, tmp_path: Path, batch_result: Path) -> dict[str, Any]:
    """The batch result copied into an allowed root, the units of seeds 000 and 001 in the bureau's
    region with their tasks of 2023 (seed 000's unit has a 专项资金 task too, which must not be taken)."""
    from jixiao.web.accounts.models import Department, Unit
    from jixiao.web.dossiers.models import Task, TaskKind

    root = tmp_path / "imports"
    folder = root / "2023"
    shutil.copytree(batch_result, folder)
    settings.IMPORT_ROOTS = [root]
    dept = Department.objects.get(name="人社部门")
    other = Department.objects.get(name="农业部门")
    unit = Unit.objects.create(department=dept, name=UNIT_000)
    late = Unit.objects.create(department=other, name=UNIT_001)
    deadline = datetime.date(2024, 4, 30)
    overall = Task.objects.create(year=2023, unit=unit, deadline=deadline)
    Task.objects.create(year=2023, unit=unit, kind=TaskKind.FUND, fund="就业补助资金", deadline=deadline)
    Task.objects.create(year=2023, unit=late, deadline=deadline)
    return {"root": root, "folder": folder, "task": overall, "unit": unit}


def _start(client: Client, folder: Path | str, year: str = "2023") -> Any:
    return client.post("/jobs/import/", {"folder": str(folder), "year": year})


def _reasons(job: Any) -> dict[str, str]:
    from jixiao.web.jobs.models import ItemState

    return {Path(i.source).name: i.reason for i in job.items.filter(state=ItemState.SKIPPED)}


@pytest.mark.django_db
def test_a_bureau_imports_a_batch_result_into_the_year(world: World, imports: dict[str, Any]) -> None:
    from jixiao.web.dossiers.models import DossierRecord, DossierVersion, State
    from jixiao.web.jobs.models import ItemState, Job, JobKind, JobState

    bureau = world.client("bureau")
    listing = bureau.get("/jobs/").content.decode()
    assert 'href="/jobs/import/"' in listing
    form = bureau.get("/jobs/import/")
    assert form.status_code == 200 and str(imports["root"]) in form.content.decode()
    started = _start(bureau, imports["folder"])
    job = Job.objects.get()
    assert started.status_code == 302 and started["Location"] == f"/jobs/{job.pk}/items/"
    assert job.kind == JobKind.IMPORT_BATCH and job.state == JobState.QUEUED
    assert job.folder == str(imports["folder"].resolve())
    waiting = bureau.get(f"/jobs/{job.pk}/items/").content.decode()
    assert "排队中" in waiting and f'hx-get="/jobs/{job.pk}/"' in waiting
    assert _start(bureau, imports["folder"]).status_code == 302 and Job.objects.count() == 1  # one click

    assert run_queued() == 1
    job.refresh_from_db()
    assert (job.state, job.total, job.done) == (JobState.DONE, 4, 4)
    assert (job.imported, job.unchanged, job.skipped) == (1, 0, 3)
    # seed 000 is the dossier of its unit's overall task, a draft, its first version the import
    record = DossierRecord.objects.get(task=imports["task"])
    assert record.state == State.DRAFT and record.version == 1 and record.source_name == "000.txt"
    assert (
        record.total_range
        and record.error_count
        == DossierRecord.objects.get(
            pk=world.records["own"].pk  # type: ignore[attr-defined]
        ).error_count
    )  # scored and audited as an upload of the same seed is
    version = DossierVersion.objects.get(record=record)
    assert version.note == "批量导入 000.txt" and version.created_by == world.users["bureau"]
    assert DossierRecord.objects.filter(task__unit=imports["unit"]).count() == 1  # not the fund task
    imported = job.items.get(state=ItemState.DONE)
    assert imported.record_id == record.pk and imported.writes == 1
    reasons = _reasons(job)
    assert set(reasons) == {"001.txt", "002.txt", "空白.txt"}
    assert f"本地区没有名为“{UNIT_002}”的预算单位" in reasons["002.txt"]
    assert "[import_unit_unknown]" in reasons["002.txt"]
    assert "文档年度为 2020 年，导入的是 2023 年度" in reasons["001.txt"]
    assert "jixiao batch 未能读取此文件" in reasons["空白.txt"] and "[file_empty]" in reasons["空白.txt"]
    page = bureau.get(f"/jobs/{job.pk}/items/").content.decode()
    assert "导入 1 份，内容未变 0 份，跳过 3 份" in page and "hx-trigger" not in page
    for name, reason in reasons.items():
        assert name in page and reason.split("[")[0].strip()[:20] in page
    assert "000.txt" not in page.split("跳过的文件")[1]  # imported: not among the skipped


@pytest.mark.django_db
def test_a_second_import_adds_no_version_and_an_existing_dossier_keeps_its_state(
    world: World, imports: dict[str, Any]
) -> None:
    from jixiao.web.dossiers.models import DossierRecord, State
    from jixiao.web.dossiers.services import create_record
    from jixiao.web.jobs.models import Job, JobState

    # the unit's dossier exists (another document, returned to the unit): the import is its version 2
    record = create_record(imports["task"], seed("002"), world.users["filler"], "上传", "002.txt")
    DossierRecord.objects.filter(pk=record.pk).update(state=State.RETURNED)
    bureau = world.client("bureau")
    _start(bureau, imports["folder"])
    run_queued()
    first = Job.objects.get()
    assert (first.state, first.imported, first.unchanged, first.skipped) == (JobState.DONE, 1, 0, 3)
    record.refresh_from_db()
    assert (record.version, record.state) == (2, State.RETURNED)
    assert record.versions.get(number=2).changes  # the values it changed, as an upload lists them
    # the same result again: nothing new, each document said to be unchanged or skipped as before
    _start(bureau, imports["folder"])
    run_queued()
    second = Job.objects.exclude(pk=first.pk).get()
    assert (second.state, second.imported, second.unchanged, second.skipped) == (JobState.DONE, 0, 1, 3)
    assert _reasons(second) == _reasons(first)
    record.refresh_from_db()
    assert record.version == 2 and record.versions.count() == 2
    assert "内容未变 1 份" in bureau.get(f"/jobs/{second.pk}/").content.decode()


@pytest.mark.django_db
def test_a_dossier_under_review_is_not_replaced(world: World, imports: dict[str, Any]) -> None:
    from jixiao.web.dossiers.models import DossierRecord, State
    from jixiao.web.dossiers.services import create_record
    from jixiao.web.jobs.models import Job

    record = create_record(imports["task"], seed("002"), world.users["filler"], "上传", "002.txt")
    DossierRecord.objects.filter(pk=record.pk).update(state=State.SUBMITTED)
    _start(world.client("bureau"), imports["folder"])
    run_queued()
    job = Job.objects.get()
    assert (job.imported, job.skipped) == (0, 4)
    assert "处于“已提交”状态" in _reasons(job)["000.txt"]
    assert DossierRecord.objects.get(pk=record.pk).version == 1


@pytest.mark.django_db
def test_damaged_records_and_dossiers_are_skipped_and_the_job_goes_on(
    world: World, imports: dict[str, Any]
) -> None:
    from jixiao.web.dossiers.models import DossierRecord
    from jixiao.web.jobs.models import Job, JobState

    folder: Path = imports["folder"]
    dossiers = sorted((folder / "dossiers").glob("*.json"))
    seed000 = next(p for p in dossiers if b'"000.txt"' in p.read_bytes())
    seed000.write_bytes(seed000.read_bytes()[:500])  # cut short
    (folder / "records" / ("f" * 16 + ".json")).write_bytes(b"{not a record")
    (folder / "records" / ".partial.json.tmp").write_bytes(b"")  # not a document
    _start(world.client("bureau"), folder)
    run_queued()
    job = Job.objects.get()
    assert (job.state, job.total, job.imported, job.skipped) == (JobState.DONE, 5, 0, 5)
    reasons = _reasons(job)
    assert "档案 JSON 已损坏" in reasons["000.txt"] and "[import_dossier_damaged]" in reasons["000.txt"]
    assert reasons["ffffffffffffffff.json"] == "记录文件已损坏，无法读取 [import_record_damaged]"
    assert not DossierRecord.objects.filter(task=imports["task"]).exists()


@pytest.mark.django_db
def test_a_stopped_worker_resumes_at_the_next_document_and_none_is_imported_twice(
    world: World, imports: dict[str, Any]
) -> None:
    from jixiao.web.dossiers.models import DossierRecord
    from jixiao.web.jobs import imports as module
    from jixiao.web.jobs import tasks
    from jixiao.web.jobs.models import JobState

    job = tasks.start_import_batch(world.users["admin"], 2023, str(imports["folder"]))
    real = module.read_document
    calls: list[str] = []

    def stop_after_two(folder: Path, key: str) -> Any:
        calls.append(key)
        if len(calls) == 2:
            tasks.STOP.set()  # as SIGTERM does, while the second document is being read
        return real(folder, key)

    with mock.patch.object(module, "read_document", stop_after_two):
        try:
            assert run_queued(max_tasks=1) == 1
        finally:
            tasks.STOP.clear()
        job.refresh_from_db()
        assert job.state == JobState.QUEUED and job.planned and (job.done, job.total) == (2, 4)
        run_queued()
    job.refresh_from_db()
    assert (job.state, job.done, job.attempts) == (JobState.DONE, 4, 2)
    # each document read once over the two runs: the resumed run began at the third
    assert sorted(calls) == sorted(i.key for i in job.items.all()) and len(set(calls)) == 4
    assert [i.writes for i in job.items.all() if i.state == "done"] == [1]
    assert DossierRecord.objects.get(task=imports["task"]).versions.count() == 1


@pytest.mark.django_db
def test_a_folder_outside_the_import_roots_is_refused(
    world: World, imports: dict[str, Any], tmp_path: Path
) -> None:
    from jixiao.web.jobs.models import Job

    bureau = world.client("bureau")
    outside = tmp_path / "elsewhere"
    shutil.copytree(imports["folder"], outside)
    link = imports["root"] / "link"
    link.symlink_to(outside, target_is_directory=True)
    for folder in (outside, imports["root"] / ".." / "elsewhere", link, Path("/etc")):
        refused = _start(bureau, folder)
        body = refused.content.decode()
        assert refused.status_code == 400 and "[import_folder_refused]" in body, folder
        assert "不在允许导入的范围内" in body
    missing = _start(bureau, imports["root"] / "无此文件夹")
    assert missing.status_code == 400 and "[import_folder_not_found]" in missing.content.decode()
    not_batch = imports["root"] / "空"
    not_batch.mkdir()
    assert "[import_not_batch]" in _start(bureau, not_batch).content.decode()
    assert "[import_folder_relative]" in _start(bureau, "2023").content.decode()
    assert Job.objects.count() == 0


@pytest.mark.django_db
def test_a_folder_no_longer_allowed_fails_the_job_with_its_reason(
    world: World, imports: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    from jixiao.web.jobs.models import Job, JobState

    _start(world.client("bureau"), imports["folder"])
    settings.IMPORT_ROOTS = [tmp_path / "其他"]  # the deployment changed its roots meanwhile
    run_queued()
    job = Job.objects.get()
    assert job.state == JobState.FAILED and "[import_folder_refused]" in job.error and job.done == 0


@pytest.mark.django_db
def test_only_the_bureau_and_the_administrator_may_import(world: World, imports: dict[str, Any]) -> None:
    from jixiao.web.jobs.models import Job

    for who in ("filler", "head", "dept"):
        client = world.client(who)
        assert client.get("/jobs/import/").status_code == 403, who
        assert _start(client, imports["folder"]).status_code == 403, who
        assert 'href="/jobs/import/"' not in client.get("/jobs/").content.decode()
    assert Job.objects.count() == 0
    assert _start(world.client("admin"), imports["folder"]).status_code == 302
    # the job's page is its starter's alone
    job = Job.objects.get()
    for who in ("bureau", "far_admin", "filler"):
        assert world.client(who).get(f"/jobs/{job.pk}/items/").status_code == 404, who


@pytest.mark.django_db
def test_a_unit_name_is_matched_exactly_after_the_uploads_normalisation(
    world: World, imports: dict[str, Any]
) -> None:
    """The name as the upload compares it (blanks, a trailing 本级 dropped) — but never a name merely
    containing another: 人社局 is not 某区人社局."""
    from jixiao.model.dossier import Dossier
    from jixiao.web.accounts.models import Department, Unit
    from jixiao.web.jobs.imports import find_task, unit_index

    dossier: Dossier = seed("000")
    unit = imports["unit"]
    unit.name = f"{UNIT_000}本级"
    unit.save()
    units = unit_index(world.users["bureau"])
    assert find_task(dossier, 2023, units).task == imports["task"]
    assert "没有名为" in find_task(dossier, 2023, unit_index(world.users["far_bureau"])).reason
    short = Unit.objects.get(pk=unit.pk)
    short.name = "岳阳楼区人力资源和社会保障局"
    short.save()
    assert "[import_unit_unknown]" in find_task(dossier, 2023, unit_index(world.users["bureau"])).reason
    # the same name under two departments: which one cannot be told
    short.name = UNIT_000
    short.save()
    Unit.objects.create(department=Department.objects.get(name="农业部门"), name=f" {UNIT_000} ")
    ambiguous = find_task(dossier, 2023, unit_index(world.users["bureau"])).reason
    assert "2 个单位与" in ambiguous and "[import_unit_ambiguous]" in ambiguous


@pytest.mark.django_db
def test_a_document_of_project_tables_only_goes_to_the_fund_task_it_names(
    world: World, imports: dict[str, Any]
) -> None:
    import msgspec

    from jixiao.web.dossiers.models import Task, TaskKind
    from jixiao.web.jobs.imports import document_kind, find_task, unit_index

    whole = seed("000")
    assert document_kind(whole) == TaskKind.OVERALL  # an overall table and its projects: the overall task
    projects = tuple(e for e in whole.evaluations if e.kind == "project" and e.name and e.name.text)
    one = msgspec.structs.replace(whole, evaluations=projects[:1], basic_data=None)
    assert document_kind(one) == TaskKind.FUND
    units = unit_index(world.users["bureau"])
    refused = find_task(one, 2023, units).reason  # the unit's only fund task is another fund
    assert "[import_task_mismatch]" in refused and "就业补助资金" in refused
    name = projects[0].name.text  # type: ignore[union-attr]
    fund = Task.objects.create(
        year=2023, unit=imports["unit"], kind=TaskKind.FUND, fund=name, deadline=datetime.date(2024, 4, 30)
    )
    assert find_task(one, 2023, units).task == fund
    Task.objects.create(
        year=2023, unit=imports["unit"], kind=TaskKind.FUND, fund=f"{name}（续）", deadline=fund.deadline
    )
    assert "[import_task_ambiguous]" in find_task(one, 2023, units).reason
    empty = msgspec.structs.replace(whole, evaluations=(), basic_data=None, rubrics=())
    assert "[import_kind_unknown]" in find_task(empty, 2023, units).reason
