"""Authorisation: every URL pattern, as every role inside and outside the owner's scope.

The walk reads the URL patterns from the resolver, so a view added later is walked too; a pattern
with a parameter this test does not know fails the test until it is taught what to pass.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from tests.web.conftest import World

OUTSIDERS = (
    "sibling_filler",
    "sibling_head",
    "other_filler",
    "other_dept",
    "far_dept",
    "far_bureau",
    "far_admin",
)
INSIDERS = ("filler", "head", "dept", "bureau", "admin")


def patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, str, list[str]]]:
    """(route, name, parameter names) of every URL pattern."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            found.extend(patterns(entry, prefix + str(entry.pattern)))
        elif isinstance(entry, URLPattern):
            found.append((prefix + str(entry.pattern), entry.name or "", list(entry.pattern.converters)))
    return found


def fill(route: str, params: list[str], record: Any, task: Any) -> list[str]:
    """Concrete URLs for a route, aimed at the owner's record and task (every action name)."""
    from jixiao.web.dossiers.workflow import ACTIONS

    values: dict[str, list[str]] = {
        "pk": [str(record.pk)],
        "task_pk": [str(task.pk)],
        "number": ["1"],
        "name": list(ACTIONS),
        "token": ["0" * 32],
        "fmt": ["json", "docx", "xlsx", "pdf"],
        "job_pk": [str(owners_job(record))],
    }
    unknown = [p for p in params if p not in values]
    assert not unknown, f"URL {route} has parameters the authorisation walk does not know: {unknown}"
    urls = ["/" + route]
    for param in params:
        urls = [
            u.replace(f"<{conv}:{param}>", v)
            for u in urls
            for conv in ("id", "int", "str")
            for v in values[param]
        ]
        urls = [u for u in urls if f":{param}>" not in u]
    return sorted(set(urls))


def owners_job(record: Any) -> int:
    """A failed background job started inside the owner's scope (by its department reviewer)."""
    from jixiao.web.accounts.models import Role, User
    from jixiao.web.jobs.models import Job, JobKind, JobState

    starter = User.objects.get(role=Role.DEPT_REVIEWER, department=record.task.unit.department_id)
    job, _ = Job.objects.get_or_create(
        user=starter, kind=JobKind.AUDIT_BATCH, year=2023, state=JobState.FAILED, defaults={"error": "失败"}
    )
    return job.pk


def snapshot(record: Any) -> tuple[Any, ...]:
    from jixiao.web.accounts.models import User
    from jixiao.web.dossiers.models import DossierRecord, Task
    from jixiao.web.jobs.models import Job

    fresh = DossierRecord.objects.get(pk=record.pk)
    return (
        tuple(User.objects.order_by("pk").values_list("pk", "is_active", "role")),
        fresh.version,
        fresh.state,
        fresh.dossier_json,
        fresh.versions.count(),
        fresh.transitions.count(),
        tuple(fresh.acceptances.order_by("pk").values_list("code", "location", "reason")),
        tuple(Task.objects.order_by("pk").values_list("pk", "unit_id", "fund", "deadline")),
        tuple(Job.objects.filter(pk=owners_job(record)).values_list("state", "attempts", "task_id")),
    )


def post_data(record: Any) -> dict[str, str]:
    return {
        "version": str(record.version),
        "path": "evaluations.0.name",
        "text": "被他人改写",
        "comment": "越权操作",
        "code": "S002",  # accepting a finding: an outsider must not leave an acceptance behind
        "location": "000.txt:表3:行28:列8",
        "reason": "越权确认",
        "year": "2023",
        "unit": "1",
        "kind": "overall",
        "deadline": "2030-01-01",
    }


@pytest.mark.django_db
def test_no_dossier_is_read_or_changed_outside_its_scope(world: World) -> None:
    record = world.records["own"]
    task = world.tasks["own"]
    before = snapshot(record)
    marker = "人社局本级"  # the owner's unit name: must not appear in any page an outsider gets
    routes = patterns()
    assert len(routes) >= 15
    checked = 0
    from jixiao.web.api.models import ApiToken

    for who in (*OUTSIDERS, None):
        client = Client() if who is None else world.client(who)
        headers = {}
        if who is not None:  # the API is walked with the user's own token
            headers["HTTP_AUTHORIZATION"] = "Bearer " + ApiToken.issue(world.users[who], "walk")[1]
        for route, _name, params in routes:
            for url in fill(route, params, record, task):
                for method in ("get", "post"):
                    response = getattr(client, method)(url, post_data(record), **headers)
                    checked += 1
                    body = response.content.decode("utf-8", "replace")
                    if who is None:
                        assert response.status_code in (302, 401, 404, 405, 200, 429), (url, method)
                        if response.status_code == 302:
                            assert "/accounts/login/" in response["Location"], (url, method)
                    else:
                        # 400: a form refused (an import without a file)
                        assert response.status_code in (400, 403, 404, 405, 200, 302, 429), (who, url, method)
                        if route.startswith("api/v1/"):
                            assert response.status_code in (403, 404, 405) or "dossiers/<" not in route
                    if response.status_code == 200 and route:
                        assert marker not in body, (who, url, method)
                    if {"pk", "task_pk", "job_pk"} & set(params):
                        # a route about the owner's dossier or task: judged by its status, since a .docx,
                        # .xlsx or .pdf body never shows the unit's name readably
                        assert response.status_code != 200, (who, url, method)
                    assert snapshot(record) == before, (who, url, method)
    assert checked > 300


@pytest.mark.django_db
@pytest.mark.parametrize("who", INSIDERS)
def test_the_owners_scope_reads_the_dossier(world: World, who: str) -> None:
    """The walk above could not pass by accident: inside the scope the same URLs answer."""
    record = world.records["own"]
    response = world.client(who).get(f"/dossiers/{record.pk}/")
    assert response.status_code == 200
    assert "人社局本级" in response.content.decode()


@pytest.mark.django_db
def test_outsiders_get_not_found_not_a_hint(world: World) -> None:
    record = world.records["own"]
    for who in OUTSIDERS:
        response = world.client(who).get(f"/dossiers/{record.pk}/")
        assert response.status_code == 404, who
        missing = world.client(who).get("/dossiers/999999/")
        assert missing.status_code == 404


@pytest.mark.django_db
def test_reviewers_cannot_edit_and_units_cannot_review(world: World) -> None:
    record = world.records["own"]
    for who in ("dept", "bureau", "admin"):
        response = world.client(who).post(
            f"/dossiers/{record.pk}/cell/",
            {"path": "evaluations.0.name", "text": "x", "version": record.version},
        )
        assert response.status_code == 403, who
    for who in ("filler", "head"):
        assert world.client(who).get("/review/").status_code == 403
        response = world.client(who).post(f"/dossiers/{record.pk}/actions/approve/")
        assert response.status_code == 403
    assert snapshot(record)[1] == record.version


@pytest.mark.django_db
def test_unpublished_dossiers_are_not_public(world: World) -> None:
    client = Client()
    for record in world.records.values():
        assert client.get(f"/public/{record.pk}/").status_code == 404
    assert "人社局本级" not in client.get("/public/").content.decode()
