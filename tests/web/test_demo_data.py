"""The demo region of ``make run``: departments, units, two years, every workflow state, settled scores,
deadlines relative to today, a ranking that means something; ``reset_demo`` restores it, only in the demo."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings: object, tmp_path: object, capsys: pytest.CaptureFixture[str]) -> str:
    settings.UPLOAD_DIR = tmp_path / "uploads"  # type: ignore[attr-defined, operator]
    call_command("load_demo", "--quiet-accounts")
    return capsys.readouterr().err


def _bureau() -> Client:
    from jixiao.web.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="caizheng"))
    return client


def test_demo_region_has_departments_units_years_and_every_state(
    demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from jixiao.web.accounts.models import Department, Unit
    from jixiao.web.dossiers.models import DossierRecord, DossierVersion, FindingAcceptance, State, Task
    from jixiao.web.review.models import ReviewScore

    assert "用时" in demo and "秒" in demo  # the load says how long it took
    records = DossierRecord.objects.select_related("task__unit__department")
    with_dossiers = {r.task.unit for r in records}
    assert len(with_dossiers) >= 30
    assert len({u.department for u in with_dossiers}) >= 3
    assert all("演示数据" in u.name for u in Unit.objects.all())
    assert all("演示数据" in d.name for d in Department.objects.all())
    years = sorted({r.task.year for r in records})
    assert len(years) == 2 and years[1] == timezone.localdate().year - 1
    latest = [r for r in records if r.task.year == years[1]]
    assert {r.state for r in latest} == set(State.values)  # 草稿 … 已公开, every one
    # the previous year is finished: published, its ranges settled by the department
    previous = [r for r in records if r.task.year == years[0]]
    assert {r.state for r in previous} == {State.PUBLISHED}
    assert ReviewScore.objects.filter(record__task__year=years[0]).values("record").distinct().count() >= 30
    # … last spring and summer: published after its deadline (30 April), everything before in order
    for record in previous:
        deadline = record.task.deadline
        assert record.published_at is not None and record.submitted_at is not None
        published = timezone.localtime(record.published_at).date()
        assert deadline < published <= deadline + datetime.timedelta(days=40)
        assert record.submitted_at <= record.published_at
        steps = list(record.transitions.values_list("created_at", flat=True))
        moment = datetime.timedelta(seconds=5)  # the publishing step is logged just after it is stamped
        assert steps and steps == sorted(steps) and steps[-1] <= record.published_at + moment
        assert all(v.created_at <= record.published_at for v in record.versions.all())
        assert timezone.localtime(steps[0]).year == deadline.year  # not today: the whole year moved
    # some dossiers carry the seeds' errors (accepted before publishing, or open this year); most are clean
    assert FindingAcceptance.objects.exists()
    assert 0 < sum(1 for r in latest if r.error_count) < len(latest) / 2
    # amounts varied: not every unit spent at the same rate
    assert len({r.execution_rate for r in records if r.execution_rate is not None}) >= 10
    # deadlines relative to today: some late, most not
    today = timezone.localdate()
    tasks = list(Task.objects.select_related("record"))
    late = [
        t
        for t in tasks
        if t.deadline < today
        and (not hasattr(t, "record") or t.record.state in (State.DRAFT, State.RETURNED))
    ]
    assert 0 < len(late) < len(tasks) / 4

    # the ranking (the year's list by total) of the finished year: settled totals, varied
    page = _bureau().get("/review/", {"year": years[0], "sort": "-total"})
    assert page.status_code == 200
    rows = [line for line in page.context["rows"] if line.record is not None]
    totals = [line.record.total for line in rows if line.record.total is not None]
    assert len(totals) >= 30
    assert totals == sorted(totals, reverse=True)  # ranked by the settled total
    assert all(not line.record.total_range for line in rows if line.record.total is not None)
    assert len(set(totals)) >= 10  # a ranking, not one bar
    assert "演示数据·" in page.content.decode()

    # idempotent: a second load changes nothing
    counts = [m.objects.count() for m in (DossierRecord, DossierVersion, Task, ReviewScore)]
    call_command("load_demo", "--quiet-accounts")
    assert "已存在" in capsys.readouterr().err
    assert counts == [m.objects.count() for m in (DossierRecord, DossierVersion, Task, ReviewScore)]


def test_reset_demo_restores_a_changed_dossier(demo: str, settings: object) -> None:
    from pathlib import Path

    from jixiao.web.accounts.models import User
    from jixiao.web.dossiers.models import DossierRecord
    from jixiao.web.dossiers.services import edit_cell

    settings.DEMO = True  # type: ignore[attr-defined]
    filler = User.objects.get(username="tianbao")
    record = DossierRecord.objects.get(task__unit=filler.unit, state="draft")
    path, before = "evaluations.0.budget.total.executed", record.dossier_json
    edit_cell(record, path, "1.00", filler, record.version)
    assert DossierRecord.objects.get(pk=record.pk).version == 2
    staged = Path(settings.UPLOAD_DIR) / str(filler.pk) / "token"  # type: ignore[attr-defined]
    staged.mkdir(parents=True)
    (staged / "upload.txt").write_text("上传", encoding="utf-8")
    records = DossierRecord.objects.count()

    call_command("reset_demo", "--quiet-accounts")

    assert not staged.exists()
    assert DossierRecord.objects.count() == records
    filler = User.objects.get(username="tianbao")
    again = DossierRecord.objects.get(task__unit=filler.unit, state="draft")
    assert again.version == 1 and again.dossier_json == before
    assert not DossierRecord.objects.filter(pk=record.pk, version=2).exists()


def test_reset_demo_refuses_outside_the_demo(settings: object) -> None:
    from jixiao.web.accounts.models import Department, Region
    from jixiao.web.dossiers import demo

    region = Region.objects.create(name=demo.REGION)
    Department.objects.create(region=region, name=demo.department_name("民政局"))
    settings.DEMO = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError) as refused:
        call_command("reset_demo")
    assert "JIXIAO_DEMO" in str(refused.value) and "未做任何改动" in str(refused.value)
    assert Department.objects.filter(region=region).count() == 1


def test_demo_banner_shows_in_the_demo_only(settings: object) -> None:
    settings.DEMO = True  # type: ignore[attr-defined]
    assert "demo-banner" in Client().get("/accounts/login/").content.decode()
    settings.DEMO = False  # type: ignore[attr-defined]
    assert "demo-banner" not in Client().get("/accounts/login/").content.decode()
