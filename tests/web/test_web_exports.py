"""Exports are rendered once per content and kept; anonymous downloads are rate-limited and never queue
behind the renderer (issue #15: each public PDF export cost about 22 s of CPU, nine at once made the
login page time out for everyone)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.test import Client
from tests.web.conftest import World


@pytest.fixture
def published(world: World, settings: object, tmp_path: Path) -> object:
    from jixiao.web.dossiers.models import DossierRecord, State

    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    record = world.records["own"]
    DossierRecord.objects.filter(pk=record.pk).update(state=State.PUBLISHED)  # type: ignore[attr-defined]
    return DossierRecord.objects.get(pk=record.pk)  # type: ignore[attr-defined]


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the renders (and make them cheap: what is measured here is how often they happen)."""
    from jixiao.web.dossiers import views

    calls: list[str] = []

    def fake(record: object, fmt: str) -> bytes:
        calls.append(fmt)
        return f"{fmt}:{record.pk}:{record.version}".encode()  # type: ignore[attr-defined]

    monkeypatch.setattr(views, "export_bytes", fake)
    return calls


@pytest.mark.django_db
def test_an_export_is_rendered_once_per_content(published: object, renders: list[str], world: World) -> None:
    url = f"/public/{published.pk}/export/docx/"  # type: ignore[attr-defined]
    first = Client().get(url)
    second = Client(REMOTE_ADDR="10.0.0.2").get(url)
    signed_in = world.client("bureau").get(f"/dossiers/{published.pk}/export/docx/")  # type: ignore[attr-defined]
    assert first.status_code == second.status_code == signed_in.status_code == 200
    assert b"".join(first.streaming_content) == b"".join(second.streaming_content)  # type: ignore[attr-defined]
    assert renders == ["docx"]


@pytest.mark.django_db
def test_a_new_version_is_rendered_anew(published: object, renders: list[str], world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord
    from jixiao.web.dossiers.services import record_dossier, save_version

    url = f"/public/{published.pk}/export/xlsx/"  # type: ignore[attr-defined]
    Client().get(url)
    from jixiao.model.edit import replace_text

    edited = replace_text(record_dossier(published), "evaluations.0.budget.total.executed", "900.00")  # type: ignore[arg-type]
    save_version(published, edited, world.users["bureau"], published.version, "复核修改")  # type: ignore[arg-type,attr-defined]
    assert DossierRecord.objects.get(pk=published.pk).version == 2  # type: ignore[attr-defined]
    Client().get(url)
    assert renders == ["xlsx", "xlsx"]


@pytest.mark.django_db
def test_anonymous_downloads_are_rate_limited(
    published: object, renders: list[str], settings: object
) -> None:
    settings.PUBLIC_EXPORTS_PER_MINUTE = 3  # type: ignore[attr-defined]
    client = Client(REMOTE_ADDR="10.0.0.9")
    url = f"/public/{published.pk}/export/pdf/"  # type: ignore[attr-defined]
    statuses = [client.get(url).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    refused = client.get(url)
    assert refused["Retry-After"] == "60" and "过于频繁" in refused.content.decode()
    assert Client(REMOTE_ADDR="10.0.0.10").get(url).status_code == 200  # another visitor is not affected


@pytest.mark.django_db(transaction=True)  # a second thread serves a request: real commits
def test_anonymous_visitors_do_not_queue_behind_the_renderer(
    published: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.web.dossiers import views

    started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow(record: object, fmt: str) -> bytes:
        calls.append(fmt)
        started.set()
        release.wait(10)
        return b"%PDF-slow"

    monkeypatch.setattr(views, "export_bytes", slow)
    url = f"/public/{published.pk}/export/pdf/"  # type: ignore[attr-defined]
    answers: list[int] = []
    first = threading.Thread(
        target=lambda: answers.append(Client(REMOTE_ADDR="10.1.0.1").get(url).status_code)
    )
    first.start()
    assert started.wait(10)
    busy = Client(REMOTE_ADDR="10.1.0.2").get(url)  # answered at once, while the first render runs
    assert busy.status_code == 503 and busy["Retry-After"] == "30" and "请稍后再试" in busy.content.decode()
    release.set()
    first.join(10)
    assert answers == [200] and calls == ["pdf"]
    assert Client(REMOTE_ADDR="10.1.0.3").get(url).status_code == 200  # now kept: no second render
    assert calls == ["pdf"]
