"""The JSON API: token authentication, scope, exact decimals, optimistic locking, OpenAPI."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver
from tests.web.conftest import World

from jixiao.model.serialize import loads


def _client(world: World, who: str) -> tuple[Client, dict[str, str]]:
    from jixiao.web.api.models import ApiToken

    _, token = ApiToken.issue(world.users[who], "test")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.django_db
def test_token_is_required_and_sessions_do_not_count(world: World) -> None:
    assert Client().get("/api/v1/dossiers/").status_code == 401
    assert world.client("filler").get("/api/v1/dossiers/").status_code == 401  # a session is not a token
    bad = Client().get("/api/v1/dossiers/", HTTP_AUTHORIZATION="Bearer jx_nope")
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "auth_invalid"


@pytest.mark.django_db
def test_tokens_are_stored_as_hashes(world: World) -> None:
    from jixiao.web.api.models import ApiToken

    token_row, token = ApiToken.issue(world.users["filler"], "x")
    assert token not in {t.key_digest for t in ApiToken.objects.all()} and len(token_row.key_digest) == 64


@pytest.mark.django_db
def test_lists_follow_the_scope(world: World) -> None:
    client, auth = _client(world, "filler")
    units = {d["unit"] for d in client.get("/api/v1/dossiers/", **auth).json()["dossiers"]}
    assert units == {"人社局本级"}
    client, auth = _client(world, "dept")
    units = {d["unit"] for d in client.get("/api/v1/dossiers/", **auth).json()["dossiers"]}
    assert units == {"人社局本级", "就业服务中心"}
    client, auth = _client(world, "far_bureau")
    assert client.get("/api/v1/dossiers/", **auth).json()["dossiers"] == []
    tasks = client.get("/api/v1/tasks/", **auth).json()["tasks"]
    assert tasks == []


@pytest.mark.django_db
def test_dossier_score_and_audit_are_exact(world: World) -> None:
    record = world.records["own"]
    client, auth = _client(world, "bureau")
    body = client.get(f"/api/v1/dossiers/{record.pk}/", **auth).content  # type: ignore[attr-defined]
    data = json.loads(body, parse_float=Decimal)
    assert data["unit"] == "人社局本级" and data["version"] == 1
    assert loads(json.dumps(data["dossier"], default=str).encode()) is not None
    assert b'"num":1034.36' in body  # decimals travel as written, never through floats
    score = client.get(f"/api/v1/dossiers/{record.pk}/score", **auth).json()  # type: ignore[attr-defined]
    assert score["documents"][0]["tables"]
    audit = client.get(f"/api/v1/dossiers/{record.pk}/audit", **auth).json()  # type: ignore[attr-defined]
    assert any(f["code"] == "S002" for f in audit["documents"][0]["findings"])


@pytest.mark.django_db
def test_cell_edit_with_optimistic_locking(world: World) -> None:
    record = world.records["own"]
    dossier = loads(record.dossier_json)  # type: ignore[attr-defined]
    index = next(i for i, ind in enumerate(dossier.evaluations[0].indicators) if ind.name == "职称评定通过率")
    path = f"evaluations.0.indicators.{index}.score"
    client, auth = _client(world, "filler")
    url = f"/api/v1/dossiers/{record.pk}/cells"  # type: ignore[attr-defined]
    ok = client.post(
        url, json.dumps({"path": path, "text": "1.10", "version": 1}), content_type="application/json", **auth
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.post(
        url, json.dumps({"path": path, "text": "0", "version": 1}), content_type="application/json", **auth
    )
    assert stale.status_code == 409 and "未保存" in stale.json()["error"]["message"]
    bad = client.post(
        url, json.dumps({"path": "nope", "text": "0", "version": 2}), content_type="application/json", **auth
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "edit_path_unknown"
    client, auth = _client(world, "bureau")
    refused = client.post(
        url, json.dumps({"path": path, "text": "0", "version": 2}), content_type="application/json", **auth
    )
    assert refused.status_code == 403


@pytest.mark.django_db
def test_openapi_describes_every_endpoint() -> None:
    document = Client().get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    api = next(p for p in get_resolver().url_patterns if str(getattr(p, "pattern", "")) == "api/")
    routes = {
        "/" + str(p.pattern).replace("<id:pk>", "{id}")
        for p in api.url_patterns  # type: ignore[attr-defined]
        if isinstance(p, URLPattern) and str(p.pattern) != "openapi.json"
    }
    assert routes == set(document["paths"])
