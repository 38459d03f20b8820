"""``load_demo``: a region, its departments and units, one user per role, and the seed documents as
dossiers in various workflow states; 专项资金 tasks from the seed's 专项资金绩效自评清单. Idempotent:
running it again changes nothing that exists and prints the same accounts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jixiao.ingest.errors import IngestError
from jixiao.ingest.loader import load_path
from jixiao.model.dossier import Dossier
from jixiao.web.accounts.models import Department, Region, Role, Unit, User
from jixiao.web.dossiers import workflow
from jixiao.web.dossiers.models import State, Task, TaskKind
from jixiao.web.dossiers.services import create_record, evaluate

REGION = "演示地区"
BUREAU = "演示财政局"
PASSWORD = "jixiao-demo-2026"

# the path through the workflow that leaves a seed in each state, and who takes each step
_STEPS: dict[str, list[tuple[str, str, str]]] = {
    State.DRAFT: [],
    State.SUBMITTED: [("filler", "submit", "")],
    State.BUREAU_REVIEW: [("filler", "submit", ""), ("dept", "dept_pass", "")],
    State.RETURNED: [("filler", "submit", ""), ("dept", "dept_return", "请核对执行率与指标得分后重新提交。")],
    State.PUBLISHED: [
        ("filler", "submit", ""),
        ("dept", "dept_pass", ""),
        ("bureau", "approve", ""),
        ("bureau", "publish", ""),
    ],
}


def _demo_step(user: Any, record: Any, name: str, comment: str) -> bool:
    """One workflow step of the demo, past the gates: each open error explained, and accepted by the
    bureau before publishing (the demo documents are real ones, with their errors)."""
    from jixiao.web.dossiers.services import accept_finding

    errors = workflow.open_errors(record)
    if name == "publish":
        for f in errors:
            accept_finding(record, f.code, f.location or "", "演示数据：已核实", user)
    explained = {workflow.finding_key(f): "演示数据：已核实，待单位整改" for f in errors}
    try:
        workflow.perform(user, record, name, comment, explained)
    except workflow.WorkflowError:
        return False
    return True


_STATE_CYCLE = (State.DRAFT, State.SUBMITTED, State.BUREAU_REVIEW, State.PUBLISHED, State.RETURNED)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    scope: str


def seed_files() -> list[Path]:
    """The seed copies kept with the tests (the same files the CLI demo reads)."""
    root = Path(__file__).resolve().parents[6]
    for folder in (root / "tests" / "fixtures" / "seeds", root.parent / "shared" / "seeds"):
        files = sorted(folder.glob("*.txt"))
        if files:
            return files
    return []


def _unit_name(dossier: Dossier, path: Path) -> str:
    name = (dossier.unit or path.stem).removeprefix("第一部分")
    return name[:100]


def _user(username: str, role: str, **scope: Any) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, role=role, **scope)
        user.set_password(PASSWORD)
        user.save()
    return user


class Command(BaseCommand):
    help = "载入演示数据（地区、主管部门、预算单位、各角色演示账号，以及种子文档形成的自评档案）；可重复运行"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-accounts", action="store_true", help="不打印演示账号")

    def handle(self, *args: Any, **options: Any) -> None:
        files = seed_files()
        if not files:
            raise CommandError("找不到种子文档（tests/fixtures/seeds）")
        with transaction.atomic():
            accounts = self._load(files)
        if not options["quiet_accounts"]:
            self.stdout.write(f"演示账号（密码均为 {PASSWORD}）：")
            for account in accounts:
                self.stdout.write(
                    f"  {account.role:<8} 用户名 {account.username:<10} 密码 {PASSWORD}  范围：{account.scope}"
                )

    def _load(self, files: list[Path]) -> list[DemoAccount]:
        region, _ = Region.objects.get_or_create(name=REGION, defaults={"bureau": BUREAU})
        dossiers: list[tuple[Path, Dossier]] = []
        for path in files:
            try:
                dossiers.append((path, load_path(path)))
            except IngestError as exc:
                self.stderr.write(f"{exc.file}：{exc.message} [{exc.code}]")
        units: list[Unit] = []
        for path, dossier in dossiers:
            name = _unit_name(dossier, path)
            department, _ = Department.objects.get_or_create(region=region, name=name)
            unit, _ = Unit.objects.get_or_create(department=department, name=name)
            units.append(unit)
        if not units:
            raise CommandError("种子文档均无法读取")
        home = units[0]
        users = {
            "filler": _user("tianbao", Role.FILLER, unit=home),
            "head": _user("fuzeren", Role.UNIT_HEAD, unit=home),
            "dept": _user("zhuguan", Role.DEPT_REVIEWER, department=home.department),
            "bureau": _user("caizheng", Role.BUREAU_REVIEWER, region=region),
            "admin": _user("guanli", Role.ADMIN, region=region),
        }
        for index, ((path, dossier), unit) in enumerate(zip(dossiers, units, strict=True)):
            filler = users["filler"] if unit == home else _user(f"tianbao{index + 1}", Role.FILLER, unit=unit)
            dept = (
                users["dept"]
                if unit.department == home.department
                else _user(f"zhuguan{index + 1}", Role.DEPT_REVIEWER, department=unit.department)
            )
            year = dossier.year or 2023
            rules = evaluate(dossier, None).scored.rules
            task, _ = Task.objects.get_or_create(
                year=year,
                unit=unit,
                kind=TaskKind.OVERALL,
                fund="",
                defaults={
                    "deadline": datetime.date(year + 1, 4, 30),
                    "rules": rules[0] if len(rules) == 1 else "",
                },
            )
            if not hasattr(task, "record"):
                record = create_record(task, dossier, filler, f"导入 {path.name}", path.name)
                actors = {"filler": filler, "dept": dept, "bureau": users["bureau"]}
                for who, name, comment in _STEPS[_STATE_CYCLE[index % len(_STATE_CYCLE)]]:
                    if not _demo_step(actors[who], record, name, comment):
                        break  # the gates' policy refuses it: the dossier stays where it is
            self._fund_tasks(region, dossier, year)
        return [
            DemoAccount(users["filler"].username, Role.FILLER.label, home.name),
            DemoAccount(users["head"].username, Role.UNIT_HEAD.label, home.name),
            DemoAccount(users["dept"].username, Role.DEPT_REVIEWER.label, home.department.name),
            DemoAccount(users["bureau"].username, Role.BUREAU_REVIEWER.label, region.name),
            DemoAccount(users["admin"].username, Role.ADMIN.label, region.name),
        ]

    def _fund_tasks(self, region: Region, dossier: Dossier, year: int) -> None:
        """One 专项资金 task per line of the seed's 专项资金绩效自评清单, for the unit it names."""
        for row in dossier.fund_list:
            if not row.unit or not row.fund:
                continue
            department, _ = Department.objects.get_or_create(region=region, name=row.unit[:100])
            unit, _ = Unit.objects.get_or_create(department=department, name=row.unit[:100])
            Task.objects.get_or_create(
                year=year,
                unit=unit,
                kind=TaskKind.FUND,
                fund=row.fund[:200],
                defaults={"deadline": datetime.date(year + 1, 4, 30), "remark": row.remark[:300]},
            )
