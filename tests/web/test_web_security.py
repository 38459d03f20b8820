"""Login throttling, CSRF, session expiry, password hashing, demo data, review lists."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from tests.web.conftest import PASSWORD, World


def _login(client: Client, username: str, password: str, address: str = "10.0.0.1") -> object:
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_login_is_throttled_per_user_and_address(world: World) -> None:
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert "用户名或密码错误" in _login(client, "filler", "wrong").content.decode()  # type: ignore[attr-defined]
    locked = _login(client, "filler", PASSWORD)
    assert locked.status_code == 429  # type: ignore[attr-defined]
    assert "请 15 分钟后再试" in locked.content.decode()  # type: ignore[attr-defined]
    # the right password from another desk still works: one attacker cannot lock a colleague out
    assert _login(Client(), "filler", PASSWORD, "10.0.0.2").status_code == 302  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_login_redirects_only_to_this_site(world: World) -> None:
    response = Client().post(
        "/accounts/login/", {"username": "filler", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_csrf_is_enforced(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["filler"])  # type: ignore[arg-type]
    record = world.records["own"]
    response = client.post(f"/dossiers/{record.pk}/actions/submit/")  # type: ignore[attr-defined]
    assert response.status_code == 403
    record.refresh_from_db()  # type: ignore[attr-defined]
    assert record.state == "draft"  # type: ignore[attr-defined]


def test_sessions_expire_and_passwords_are_hashed() -> None:
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert "PBKDF2" in settings.PASSWORD_HASHERS[0] or "Scrypt" in settings.PASSWORD_HASHERS[0]
    assert str(settings.UPLOAD_DIR).startswith(str(settings.DATA_DIR))
    assert not str(settings.UPLOAD_DIR).startswith(str(settings.STATIC_ROOT))


@pytest.mark.django_db
def test_every_page_loads_only_local_assets(world: World) -> None:
    for who, url in (
        ("filler", "/tasks/"),
        ("bureau", "/review/"),
        ("filler", f"/dossiers/{world.records['own'].pk}/"),
    ):  # type: ignore[attr-defined]
        page = world.client(who).get(url).content.decode()
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), url


@pytest.mark.django_db
def test_demo_data_is_idempotent_and_has_every_role(capsys: pytest.CaptureFixture[str]) -> None:
    from jixiao.web.accounts.models import Role, User
    from jixiao.web.dossiers.models import DossierRecord, DossierVersion, Task

    call_command("load_demo")
    first = capsys.readouterr().out
    counts = (
        User.objects.count(),
        Task.objects.count(),
        DossierRecord.objects.count(),
        DossierVersion.objects.count(),
    )
    call_command("load_demo")
    second = capsys.readouterr().out
    assert counts == (
        User.objects.count(),
        Task.objects.count(),
        DossierRecord.objects.count(),
        DossierVersion.objects.count(),
    )
    assert first == second
    for role in Role:
        assert role.label in first
        assert User.objects.filter(role=role).exists()
    assert DossierRecord.objects.count() >= 60  # two years of the demo region, derived from the seeds
    assert len(set(DossierRecord.objects.values_list("state", flat=True))) == 7
    assert Task.objects.filter(kind="fund").count() >= 15  # the seed's 专项资金绩效自评清单
    # the printed accounts log in
    username = re.search(r"用户名 (\S+)", first).group(1)  # type: ignore[union-attr]
    password = re.search(r"密码 (\S+)", first).group(1)  # type: ignore[union-attr]
    assert Client().post("/accounts/login/", {"username": username, "password": password}).status_code == 302


@pytest.mark.django_db
def test_bureau_overview_sorts_filters_and_shows_who_is_late(world: World) -> None:
    client = world.client("bureau")
    page = client.get("/review/?year=2023").content.decode()
    assert "人社局本级" in page and "农业农村局" in page and "就业服务中心" in page
    assert "南区人社局" not in page  # another region
    late = client.get("/review/?year=2023&late=1").content.decode()
    assert "农业农村局" in late and "就业服务中心" not in late  # its deadline is 2099
    assert re.search(r'class="late-count">\d+<', late)
    found = client.get("/review/?year=2023&q=就业").content.decode()
    assert "就业服务中心" in found and "农业农村局" not in found
    ranked = client.get("/review/?year=2023&sort=-errors").content.decode()
    assert ranked.index("人社局本级") < ranked.index("就业服务中心")  # more errors first
    assert 'id="chart-options"' in page and '"series"' in page
    dept_page = world.client("dept").get("/review/?year=2023").content.decode()
    assert "农业农村局" not in dept_page  # another department


@pytest.mark.django_db
def test_batch_audit_reports_progress_until_done(world: World) -> None:
    from jixiao.web.dossiers import workflow

    record = world.records["own"]
    explained = {workflow.finding_key(f): "已核实" for f in workflow.open_errors(record)}  # type: ignore[arg-type]
    workflow.perform(world.users["filler"], record, "submit", "", explained)  # type: ignore[arg-type]
    client = world.client("bureau")
    from tests.web.test_web_jobs import audit_now

    assert "已完成：1 份档案重新审核" in audit_now(client)  # the batch re-audit, run by the job queue


@pytest.mark.django_db
def test_findings_drill_down(world: World) -> None:
    client = world.client("bureau")
    index = client.get("/review/findings/?year=2023").content.decode()
    assert "S002" in index
    detail = client.get("/review/findings/?year=2023&code=S002").content.decode()
    assert "职称评定通过率" in detail and "人社局本级" in detail


@pytest.mark.django_db
def test_department_consolidation(world: World) -> None:
    import datetime

    import msgspec
    from tests.web.conftest import seed

    from jixiao.web.accounts.models import Department, Role, Unit, User
    from jixiao.web.dossiers.models import Task
    from jixiao.web.dossiers.services import create_record

    # the world's department mixes a 2023 and a 2021 document: refused with the reason
    page = world.client("dept").get("/review/consolidate/?year=2023").content.decode()
    assert "无法汇总" in page and "year_mismatch" in page
    # two units of one department, same year: their per-institution tables add up
    dept = Department.objects.create(region=world.users["bureau"].region, name="汇总部门")  # type: ignore[attr-defined]
    reviewer = User.objects.create(username="sum_dept", role=Role.DEPT_REVIEWER, department=dept)
    base = seed("000")
    for name in ("甲单位", "乙单位"):
        unit = Unit.objects.create(department=dept, name=name)
        task = Task.objects.create(year=2023, unit=unit, deadline=datetime.date(2024, 4, 30))
        create_record(task, msgspec.structs.replace(base, unit=name, source=f"{name}.txt"), reviewer, "导入")
    client = Client()
    client.force_login(reviewer)
    page = client.get("/review/consolidate/?year=2023").content.decode()
    assert "无法汇总" not in page
    assert "甲单位" in page and "乙单位" in page and "局机关及二级机构汇总" in page and "Σ" in page
    xlsx = client.get(f"/review/consolidate/?year=2023&department={dept.pk}&fmt=xlsx")
    assert b"".join(xlsx.streaming_content).startswith(b"PK")  # type: ignore[attr-defined]
    # another department's reviewer cannot ask for this department
    assert world.client("dept").get(f"/review/consolidate/?year=2023&department={dept.pk}").status_code == 404


@pytest.mark.django_db
def test_administrator_manages_the_users_of_its_region(world: World) -> None:
    from jixiao.web.accounts.models import User

    client = world.client("admin")
    page = client.get("/accounts/users/").content.decode()
    assert "filler" in page and "far_bureau" not in page  # another region's users are not listed
    unit = world.users["sibling_filler"].unit  # type: ignore[attr-defined]
    weak = client.post(
        "/accounts/users/",
        {"username": "newfiller", "role": "filler", "unit": unit.pk, "password": "12345678901"},
    )
    assert "newfiller" not in {u.username for u in User.objects.all()}
    assert "密码" in weak.content.decode() or "password" in weak.content.decode()
    missing_scope = client.post(
        "/accounts/users/", {"username": "newdept", "role": "dept_reviewer", "password": "Ming-2026-lianjie"}
    )
    assert "须选择主管部门" in missing_scope.content.decode()
    created = client.post(
        "/accounts/users/",
        {"username": "newfiller", "role": "filler", "unit": unit.pk, "password": "Ming-2026-lianjie"},
    )
    assert created.status_code == 302
    new = User.objects.get(username="newfiller")
    assert (
        new.unit == unit and new.check_password("Ming-2026-lianjie") and not new.password.startswith("Ming")
    )
    client.post(f"/accounts/users/{new.pk}/toggle/")
    new.refresh_from_db()
    assert new.is_active is False
    far = world.users["far_bureau"]
    assert client.post(f"/accounts/users/{far.pk}/toggle/").status_code == 404  # type: ignore[attr-defined]
    for who in ("bureau", "dept", "filler"):
        assert world.client(who).get("/accounts/users/").status_code == 403


@pytest.mark.django_db
def test_pages_forbid_foreign_and_inline_scripts(world: World) -> None:
    record = world.records["own"]
    response = world.client("filler").get(f"/dossiers/{record.pk}/")  # type: ignore[attr-defined]
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "unsafe-eval" not in policy and "frame-ancestors 'none'" in policy
    )
    page = response.content.decode()
    assert " onclick=" not in page and "<script>" not in page


@pytest.mark.django_db
def test_lists_do_not_query_per_row_nor_load_dossiers(world: World) -> None:
    """The bureau's list and the unit's tasks cost the same number of queries for 4 or 24 tasks."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jixiao.web.accounts.models import Unit
    from jixiao.web.dossiers.models import Task

    def count(who: str, url: str) -> tuple[int, bool]:
        client = world.client(who)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries), any("dossier_json" in q["sql"] for q in queries.captured_queries)

    before = {url: count(who, url) for who, url in (("bureau", "/review/?year=2023"), ("filler", "/tasks/"))}
    unit = world.users["filler"].unit  # type: ignore[attr-defined]
    for n in range(20):
        other = Unit.objects.create(department=unit.department, name=f"新单位{n}")
        Task.objects.create(year=2023, unit=other, deadline=datetime.date(2024, 4, 30))
        Task.objects.create(
            year=2023, unit=unit, kind="fund", fund=f"专项{n}", deadline=datetime.date(2024, 4, 30)
        )
    for who, url in (("bureau", "/review/?year=2023"), ("filler", "/tasks/")):
        queries, loads_json = count(who, url)
        assert queries == before[url][0], url
        assert not loads_json, url  # no dossier JSON travels for a list


@pytest.mark.django_db
def test_error_pages_speak_chinese(world: World, settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    page = world.client("filler").get("/dossiers/999999/").content.decode()
    assert "不存在，或不在您的权限范围内" in page
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["filler"])  # type: ignore[arg-type]
    refused = client.post(f"/dossiers/{world.records['own'].pk}/actions/submit/")  # type: ignore[attr-defined]
    assert refused.status_code == 403 and "页面已过期" in refused.content.decode()


@pytest.mark.django_db
def test_every_seed_page_shows_every_table_and_each_finding_once(capsys: pytest.CaptureFixture[str]) -> None:
    from jixiao.web.accounts.models import User
    from jixiao.web.dossiers.models import DossierRecord
    from jixiao.web.dossiers.services import evaluate_record

    call_command("load_demo", "--quiet-accounts")
    client = Client()
    client.force_login(User.objects.get(username="caizheng"))
    shown: set[str] = set()
    for record in DossierRecord.objects.order_by("pk"):
        made_from = record.versions.get(number=1).note  # 演示数据：据种子文档 <seed> 生成
        if made_from in shown:
            continue
        shown.add(made_from)
        page = client.get(f"/dossiers/{record.pk}/").content.decode()
        evaluated = evaluate_record(record)
        for table in evaluated.scored.tables:
            assert table.name.replace("\n", "")[:10] in page, (record.source_name, table.name)
        assert page.count("data-code=") == len(evaluated.audit.findings), record.source_name


_CHECKED: list[str] = []


class CountingBackend:
    """An authentication backend that counts the passwords it is asked to check, taking the time a
    password hash takes (the window in which concurrent attempts used to slip through)."""

    def authenticate(self, request: object, username: str | None = None, password: str | None = None) -> None:
        import time

        _CHECKED.append(password or "")
        time.sleep(0.05)
        return None

    def get_user(self, user_id: int) -> None:
        return None


def test_concurrent_login_attempts_check_at_most_the_limit_of_passwords(settings: object) -> None:
    """Issue #15: 24 attempts at once evaluated 9 passwords with a limit of 5 (read, check, write back)."""
    import threading

    from django.core.cache import cache
    from django.test import RequestFactory

    from jixiao.web.accounts.views import login_view

    settings.AUTHENTICATION_BACKENDS = [f"{__name__}.CountingBackend"]  # type: ignore[attr-defined]
    cache.clear()
    _CHECKED.clear()
    factory = RequestFactory()
    start = threading.Barrier(24)
    statuses: list[int] = []

    def attempt(n: int) -> None:
        request = factory.post("/accounts/login/", {"username": "bureau", "password": f"guess-{n}"})
        request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        start.wait()
        statuses.append(login_view(request).status_code)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    limit = settings.LOGIN_FAILURE_LIMIT  # type: ignore[attr-defined]
    assert len(_CHECKED) == limit
    assert statuses.count(429) == 24 - limit
