"""A small world for the web tests: two regions, departments, units, one user per role and outsiders.

Dossiers are the real seed documents read through ingest, as the application stores them. Runs on
SQLite by default and on PostgreSQL when DATABASE_URL is set (pytest-django creates the test database).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from django.test import Client

from jixiao.ingest.loader import load_path
from jixiao.model.dossier import Dossier

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
PASSWORD = "correct-horse-battery-9"


@cache
def seed(name: str) -> Dossier:
    return load_path(next(SEEDS.glob(f"{name}_*.txt")))


def seed_path(name: str) -> Path:
    return next(SEEDS.glob(f"{name}_*.txt"))


@dataclass
class World:
    users: dict[str, object]
    records: dict[str, object]
    tasks: dict[str, object]

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(self.users[who])  # type: ignore[arg-type]
        return client


@pytest.fixture
def world(db: None, settings: object, tmp_path: Path) -> World:
    from jixiao.web.accounts.models import Department, Region, Role, Unit, User
    from jixiao.web.dossiers.models import Task
    from jixiao.web.dossiers.services import create_record

    settings.UPLOAD_DIR = tmp_path / "uploads"  # type: ignore[attr-defined]
    # a fast hasher for the fixtures only; the application's own hasher list is tested separately
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    north = Region.objects.create(name="北区")
    south = Region.objects.create(name="南区")
    dept = Department.objects.create(region=north, name="人社部门")
    dept2 = Department.objects.create(region=north, name="农业部门")
    dept3 = Department.objects.create(region=south, name="南区人社部门")
    unit = Unit.objects.create(department=dept, name="人社局本级")
    sibling = Unit.objects.create(department=dept, name="就业服务中心")
    other = Unit.objects.create(department=dept2, name="农业农村局")
    Unit.objects.create(department=dept3, name="南区人社局")

    def user(name: str, role: str, **scope: object) -> User:
        u = User(username=name, role=role, **scope)
        u.set_password(PASSWORD)
        u.save()
        return u

    users = {
        "filler": user("filler", Role.FILLER, unit=unit),
        "head": user("head", Role.UNIT_HEAD, unit=unit),
        "dept": user("dept", Role.DEPT_REVIEWER, department=dept),
        "bureau": user("bureau", Role.BUREAU_REVIEWER, region=north),
        "admin": user("admin", Role.ADMIN, region=north),
        # outsiders: another unit of the same department, another department, another region
        "sibling_filler": user("sibling_filler", Role.FILLER, unit=sibling),
        "sibling_head": user("sibling_head", Role.UNIT_HEAD, unit=sibling),
        "other_filler": user("other_filler", Role.FILLER, unit=other),
        "other_dept": user("other_dept", Role.DEPT_REVIEWER, department=dept2),
        "far_dept": user("far_dept", Role.DEPT_REVIEWER, department=dept3),
        "far_bureau": user("far_bureau", Role.BUREAU_REVIEWER, region=south),
        "far_admin": user("far_admin", Role.ADMIN, region=south),
    }
    deadline = datetime.date(2024, 4, 30)
    task = Task.objects.create(year=2023, unit=unit, deadline=deadline)
    fund_task = Task.objects.create(year=2023, unit=unit, kind="fund", fund="人社综合专项", deadline=deadline)
    sibling_task = Task.objects.create(year=2023, unit=sibling, deadline=datetime.date(2099, 1, 1))
    other_task = Task.objects.create(year=2023, unit=other, deadline=deadline)
    record = create_record(task, seed("000"), users["filler"], "导入", "000.txt")
    sibling_record = create_record(sibling_task, seed("002"), users["sibling_filler"], "导入", "002.txt")
    return World(
        users=users,  # type: ignore[arg-type]
        records={"own": record, "sibling": sibling_record},
        tasks={"own": task, "fund": fund_task, "sibling": sibling_task, "other": other_task},
    )


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Login failure counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
