"""A unit cannot break a dossier for good (issue #15, data integrity).

Before the fix, ``evaluations.0.name.num`` (and ``.unit``, a missing ``goal``) were accepted by the cell
endpoints and stored as ``"num": {"text": "x"}``; after a restart every page, export and the region's
lists answered 500. These tests post exactly those edits, then damage a stored version the way an older
release could have, and check that every role still gets a page, not a server error.
"""

from __future__ import annotations

import json
import zlib

import pytest
from django.test import Client
from tests.web.conftest import World

from jixiao.model.serialize import loads

_NOT_CELLS = (
    "evaluations.0.name.num",  # a part of a written value
    "evaluations.0.name.unit",
    "evaluations.0.name.orig_unit",
    "evaluations.0.template",  # a plain field of the model, not a cell of the form
    "evaluations.0.kind",
    "evaluations.0.indicators",  # a structure
    "evaluations.0.goal",
    "basic_data",
    "evaluations.²",  # "²".isdigit() is true, int() refuses it
    "evaluations.0.indicators.²",
    "evaluations.0.indicators.99999999999999999999999.score",
    "source",
)


def _api(world: World, who: str) -> tuple[Client, dict[str, str]]:
    from jixiao.web.api.models import ApiToken

    _, raw = ApiToken.issue(world.users[who], "test")  # type: ignore[arg-type]
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post_cell(client: Client, auth: dict[str, str], pk: int, path: str, version: int) -> object:
    body = json.dumps({"path": path, "text": "x", "version": version})
    return client.post(f"/api/v1/dossiers/{pk}/cells", body, content_type="application/json", **auth)


@pytest.mark.django_db
@pytest.mark.parametrize("path", _NOT_CELLS)
def test_the_api_refuses_an_edit_of_anything_but_a_cell(world: World, path: str) -> None:
    from jixiao.web.dossiers.models import DossierRecord

    record = world.records["own"]
    client, auth = _api(world, "filler")
    answer = _post_cell(client, auth, record.pk, path, 1)  # type: ignore[attr-defined]
    assert answer.status_code == 400, answer.content  # type: ignore[attr-defined]
    assert answer["Content-Type"].startswith("application/json")  # type: ignore[index]
    assert answer.json()["error"]["code"] in ("edit_path_unknown", "edit_path_not_value")  # type: ignore[attr-defined]
    fresh = DossierRecord.objects.get(pk=record.pk)  # type: ignore[attr-defined]
    assert fresh.version == 1 and fresh.versions.count() == 1
    loads(fresh.dossier_json)


@pytest.mark.django_db
@pytest.mark.parametrize("path", _NOT_CELLS[:4])
def test_the_page_refuses_an_edit_of_anything_but_a_cell(world: World, path: str) -> None:
    from jixiao.web.dossiers.models import DossierRecord

    record = world.records["own"]
    answer = world.client("filler").post(
        f"/dossiers/{record.pk}/cell/",  # type: ignore[attr-defined]
        {"path": path, "text": "x", "version": "1"},
    )
    assert answer.status_code == 400
    assert (
        "不是可填写的单元格" in answer.content.decode() or "找不到要修改的单元格" in answer.content.decode()
    )
    assert DossierRecord.objects.get(pk=record.pk).version == 1  # type: ignore[attr-defined]


def _damage(record: object) -> None:
    """What the old code stored for ``evaluations.0.name.num``: a value where a Decimal belongs, as the
    current text and as a new version (the first version stays good)."""
    from jixiao.web.dossiers.models import DossierRecord, DossierVersion

    text = record.dossier_json  # type: ignore[attr-defined]
    data = json.loads(text)
    data["evaluations"][0]["name"]["num"] = {"text": "x"}
    bad = json.dumps(data, ensure_ascii=False)
    DossierRecord.objects.filter(pk=record.pk).update(dossier_json=bad, version=2)  # type: ignore[attr-defined]
    DossierVersion.objects.create(record_id=record.pk, number=2, snapshot=zlib.compress(bad.encode()))  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_damaged_version_is_shown_as_damaged_and_another_restores(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord
    from jixiao.web.dossiers.services import RECENT

    record = world.records["own"]
    _damage(record)
    RECENT.clear()  # as after a restart
    pk = record.pk  # type: ignore[attr-defined]
    for who in ("filler", "dept", "bureau"):
        page = world.client(who).get(f"/dossiers/{pk}/")
        assert page.status_code == 409 and "档案第 2 版的数据已损坏" in page.content.decode(), who
    for fmt in ("docx", "xlsx", "pdf", "json"):
        assert world.client("filler").get(f"/dossiers/{pk}/export/{fmt}/").status_code == 409
    client, auth = _api(world, "filler")
    for what in ("score", "audit"):
        answer = client.get(f"/api/v1/dossiers/{pk}/{what}", **auth)  # type: ignore[arg-type]
        assert answer.status_code == 409 and answer.json()["error"]["code"] == "dossier_damaged"
    history = world.client("filler").get(f"/dossiers/{pk}/history/").content.decode()
    assert history.count("此版本数据已损坏") == 1 and "恢复此版" in history
    refused = world.client("filler").post(f"/dossiers/{pk}/versions/2/restore/", {"version": "2"})
    assert refused.status_code == 302 and DossierRecord.objects.get(pk=pk).version == 2
    restored = world.client("filler").post(f"/dossiers/{pk}/versions/1/restore/", {"version": "2"})
    assert restored.status_code == 302
    assert world.client("filler").get(f"/dossiers/{pk}/").status_code == 200
    fresh = DossierRecord.objects.get(pk=pk)
    assert fresh.version == 3 and loads(fresh.dossier_json).evaluations[0].name is not None


@pytest.mark.django_db
def test_a_damaged_dossier_does_not_take_the_regions_pages_down(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord, State
    from jixiao.web.dossiers.services import RECENT

    record = world.records["own"]
    DossierRecord.objects.filter(pk=record.pk).update(state=State.BUREAU_REVIEW)  # type: ignore[attr-defined]
    codes = DossierRecord.objects.get(pk=record.pk).finding_codes  # type: ignore[attr-defined]
    _damage(record)
    RECENT.clear()
    bureau = world.client("bureau")
    findings = bureau.get(f"/review/findings/?year=2023&code={codes[0]}")
    assert findings.status_code == 200 and "已损坏" in findings.content.decode()
    from tests.web.test_web_jobs import audit_now

    assert "1 份档案数据已损坏" in audit_now(bureau)  # the batch re-audit, run by the job queue
    dept = world.client("dept")
    consolidated = dept.get("/review/consolidate/?year=2023")
    assert consolidated.status_code == 200 and "dossier_damaged" in consolidated.content.decode()


@pytest.mark.django_db
def test_reviewers_accept_findings_only_while_the_dossier_is_with_them(world: World) -> None:
    from jixiao.web.dossiers import workflow
    from jixiao.web.dossiers.models import DossierRecord, State

    record = world.records["own"]
    expected = {
        State.DRAFT: (False, False),
        State.RETURNED: (False, False),
        State.SUBMITTED: (True, False),
        State.DEPT_REVIEW: (True, False),
        State.BUREAU_REVIEW: (False, True),
        State.APPROVED: (False, True),
        State.PUBLISHED: (False, False),
    }
    for state, (dept, bureau) in expected.items():
        DossierRecord.objects.filter(pk=record.pk).update(state=state)  # type: ignore[attr-defined]
        fresh = DossierRecord.objects.get(pk=record.pk)  # type: ignore[attr-defined]
        assert workflow.can_accept(world.users["dept"], fresh) is dept, state
        assert workflow.can_accept(world.users["bureau"], fresh) is bureau, state
        assert not workflow.can_accept(world.users["filler"], fresh)
    # and through the page: a draft's findings cannot be waived
    DossierRecord.objects.filter(pk=record.pk).update(state=State.DRAFT)  # type: ignore[attr-defined]
    answer = world.client("dept").post(
        f"/dossiers/{record.pk}/findings/accept/",  # type: ignore[attr-defined]
        {"code": "S002", "location": "x", "reason": "按满分计"},
    )
    assert answer.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/review/?department=99999999999999999999",
        "/review/?year=99999999999999999999",
        "/review/?year=²",
        "/dossiers/99999999999999999999/",
        "/api/v1/tasks/?year=99999999999999999999",
        "/api/v1/dossiers/?year=99999999999999999999",
    ],
)
def test_numbers_in_the_address_out_of_range_are_not_server_errors(world: World, url: str) -> None:
    who = "bureau"
    if url.startswith("/api/"):
        client, auth = _api(world, who)
        assert client.get(url, **auth).status_code in (200, 404)  # type: ignore[arg-type]
    else:
        assert world.client(who).get(url).status_code in (200, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("offset", ["abc", "²", "-1", "99999999999999999999"])
def test_batch_audit_offsets_that_are_not_numbers_start_from_the_beginning(world: World, offset: str) -> None:
    answer = world.client("bureau").post("/review/audit/", {"year": "2023", "offset": offset})
    assert answer.status_code == 200
