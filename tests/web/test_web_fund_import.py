"""The finance bureau issues 专项资金 tasks from an uploaded 专项资金绩效自评清单 (seed 000 carries one):
shown line by line, created only on confirmation, only for units of the bureau's own region."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.web.conftest import World, seed_path

from jixiao.rules.pack import available


def _upload(client: Client, name: str = "000") -> tuple[int, str]:
    path = seed_path(name)
    file = SimpleUploadedFile(f"专项资金清单{Path(path).suffix}", path.read_bytes())
    response = client.post("/review/tasks/import/", {"file": file})
    return response.status_code, response.get("Location", "") or response.content.decode()


def _units(world: World) -> None:
    """Units of the list in the north region (one name twice), one in the south, one task already issued."""
    from jixiao.web.accounts.models import Department, Unit
    from jixiao.web.dossiers.models import Task

    agri = Department.objects.get(name="农业部门")
    hr = Department.objects.get(name="人社部门")
    south = Department.objects.get(name="南区人社部门")
    Unit.objects.create(department=agri, name="农产品检验检测中心")
    Unit.objects.create(department=hr, name="机关事务局")
    Unit.objects.create(department=agri, name="住房和城乡建设局")
    Unit.objects.create(department=hr, name="住房和城乡建设局")
    Unit.objects.create(department=south, name="卫生健康局")
    Task.objects.create(
        year=2023,
        unit=Unit.objects.get(name="农业农村局"),
        kind="fund",
        fund="巩固拓展脱贫攻坚成果同乡村振兴衔接支出",
        deadline=datetime.date(2024, 4, 30),
    )


def _fund_tasks() -> set[tuple[str, str]]:
    from jixiao.web.dossiers.models import Task

    return set(Task.objects.filter(kind="fund").values_list("unit__name", "fund"))


@pytest.mark.django_db
def test_bureau_imports_the_list_after_confirming(world: World) -> None:
    _units(world)
    before = _fund_tasks()
    client = world.client("bureau")
    status, where = _upload(client)
    assert status == 302 and "/review/tasks/import/" in where
    page = client.get(where).content.decode()
    assert _fund_tasks() == before  # nothing issued before confirming
    assert 'class="new-count">3<' in page
    rows = dict(
        re.findall(
            r"<td>([^<]+)</td><td>[^<]*</td><td>[^<]*</td><td>[^<]*</td>\s*<td><span class=\"badge[^\"]*\">([^<]+)<",
            page,
        )
    )
    assert rows["屠宰环节无害化处理专项"] == "将下达"
    assert rows["巩固拓展脱贫攻坚成果同乡村振兴衔接支出"] == "已有此任务，跳过"
    assert rows["城市基础设施建设"] == "本地区有多个同名单位，无法确定，跳过"
    assert rows["卫生健康综合专项"] == "本地区没有此单位，跳过"  # it is in another region
    assert 'value="2023"' in page and 'value="2024-04-30"' in page  # the list's year, its deadline

    pack = available()[0]
    response = client.post(where, {"year": "2023", "deadline": "2024-05-31", "rules": pack, "confirm": "1"})
    assert response.status_code == 302 and response["Location"].endswith("/review/tasks/?year=2023")
    from jixiao.web.dossiers.models import Task

    made = (
        Task.objects.filter(kind="fund")
        .exclude(unit__name="农业农村局")
        .exclude(pk__in=Task.objects.filter(fund="人社综合专项"))
    )
    assert {(t.unit.name, t.fund) for t in made} == {
        ("农产品检验检测中心", "屠宰环节无害化处理专项"),
        ("机关事务局", "办公设备购置专项"),
        ("机关事务局", "办公用房维修与改造专项"),
    }
    assert {(t.year, t.deadline, t.rules) for t in made} == {(2023, datetime.date(2024, 5, 31), pack)}
    assert not Task.objects.filter(unit__name="卫生健康局").exists()
    listed = client.get("/review/tasks/?year=2023").content.decode()
    assert "办公用房维修与改造专项" in listed and "2024-05-31" in listed
    # the staged file is gone: confirming twice issues nothing more
    again = client.post(where, {"year": "2023", "deadline": "2024-05-31", "confirm": "1"})
    assert again.status_code == 302 and again["Location"].endswith("/review/tasks/import/")
    assert Task.objects.filter(kind="fund").count() == len(before) + 3


@pytest.mark.django_db
def test_a_second_import_skips_what_is_already_issued(world: World) -> None:
    _units(world)
    client = world.client("bureau")
    _, where = _upload(client)
    client.post(where, {"year": "2023", "deadline": "2024-05-31", "confirm": "1"})
    count = len(_fund_tasks())
    _, where = _upload(client)
    page = client.get(where).content.decode()
    assert 'class="new-count">0<' in page and "disabled" in page
    # another year is a new round of tasks
    page = client.post(where, {"year": "2024", "deadline": "2025-04-30"}).content.decode()
    assert 'class="new-count">4<' in page  # the three, and 农业农村局's (issued for 2023 only)
    assert len(_fund_tasks()) == count


@pytest.mark.django_db
def test_cancel_issues_nothing_and_a_file_without_a_list_is_refused(world: World) -> None:
    _units(world)
    before = _fund_tasks()
    client = world.client("bureau")
    _, where = _upload(client)
    assert client.post(where, {"cancel": "1"}).status_code == 302
    assert client.get(where).status_code == 302  # the staged file was removed
    assert _fund_tasks() == before
    status, body = _upload(client, "002")
    assert status == 400 and "fund_list_missing" in body and "专项资金绩效自评清单" in body
    bad = client.post("/review/tasks/import/", {"file": SimpleUploadedFile("清单.exe", b"MZ")})
    assert bad.status_code == 400 and "upload_bad_type" in bad.content.decode()


@pytest.mark.django_db
def test_import_is_scoped_to_the_bureau_and_its_region(world: World) -> None:
    _units(world)
    before = _fund_tasks()
    for who in ("filler", "head", "dept", "other_filler"):
        client = world.client(who)
        assert client.get("/review/tasks/import/").status_code == 403, who
        status, _ = _upload(client)
        assert status == 403, who
    assert Client().get("/review/tasks/import/").status_code == 302  # login first
    # another region's bureau: its own units only, and the north bureau's staged file is not its own
    _, north_token = _upload(world.client("bureau"))
    far = world.client("far_bureau")
    assert (
        far.post(north_token, {"year": "2023", "deadline": "2024-05-31", "confirm": "1"}).status_code == 302
    )
    assert _fund_tasks() == before
    _, where = _upload(far)
    far.post(where, {"year": "2023", "deadline": "2024-05-31", "confirm": "1"})
    assert _fund_tasks() - before == {("卫生健康局", "卫生健康综合专项")}
