"""Upload: checked, staged outside the web root, shown for confirmation before anything is replaced."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.web.conftest import World, seed, seed_path


def _upload(world: World, who: str, task_key: str, name: str, data: bytes) -> object:
    task = world.tasks[task_key]
    return world.client(who).post(
        f"/tasks/{task.pk}/upload/",  # type: ignore[attr-defined]
        {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
    )


@pytest.mark.django_db
def test_upload_is_confirmed_before_it_creates_a_dossier(world: World, settings: object) -> None:
    from jixiao.web.dossiers.models import DossierRecord

    task = world.tasks["fund"]
    response = _upload(world, "filler", "fund", "002_人社局.txt", seed_path("002").read_bytes())
    assert response.status_code == 302  # type: ignore[attr-defined]
    confirm_url = response["Location"]  # type: ignore[index]
    staged = list(Path(settings.UPLOAD_DIR).rglob("*.txt"))  # type: ignore[attr-defined]
    assert len(staged) == 1 and "static" not in str(staged[0])
    assert not DossierRecord.objects.filter(task=task).exists()
    page = world.client("filler").get(confirm_url).content.decode()
    assert "岳阳市人力资源和社会保障局" in page and "确认" in page and "部门整体支出绩效评价评分表" in page
    assert not DossierRecord.objects.filter(task=task).exists()
    # another user cannot confirm someone else's staged file, even inside the same unit
    assert world.client("head").post(confirm_url).status_code == 302
    assert not DossierRecord.objects.filter(task=task).exists()
    world.client("filler").post(confirm_url, {"confirm": "1"})
    record = DossierRecord.objects.get(task=task)
    assert record.version == 1 and record.source_name == "002_人社局.txt"
    assert not list(Path(settings.UPLOAD_DIR).rglob("*.txt"))  # staging cleared  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_replacing_shows_what_changes_and_keeps_the_old_version(world: World) -> None:
    record = world.records["own"]
    # the unit corrects one score in its document and uploads it again
    score = next(i.score for e in seed("000").evaluations for i in e.indicators if i.name == "职称评定通过率")
    assert score is not None and score.loc is not None and score.loc.line is not None
    lines = seed_path("000").read_text(encoding="utf-8").split("\n")
    lines[score.loc.line - 1] = lines[score.loc.line - 1].replace(score.text, "1.10")
    response = _upload(world, "filler", "own", "000.txt", "\n".join(lines).encode("utf-8"))
    confirm_url = response["Location"]  # type: ignore[index]
    page = world.client("filler").get(confirm_url).content.decode()
    assert "处不同" in page and "<td>1.10</td>" in page and "<td>2</td>" in page
    # the place in the form's words (表 · 指标 · 列), not a JSON path
    assert "指标“职称评定通过率” · 得分" in page and "evaluations." not in page
    world.client("filler").post(confirm_url, {"confirm": "1", "version": str(record.version)})
    record.refresh_from_db()  # type: ignore[attr-defined]
    assert record.version == 2 and record.versions.count() == 2  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("report.exe", b"MZ\x90\x00", "upload_bad_type"),
        ("report.docx", b"not a zip at all", "upload_type_mismatch"),
        ("report.pdf", b"PK\x03\x04....", "upload_type_mismatch"),
        ("empty.txt", b"", "upload_empty"),
        ("../../../etc/passwd.txt", b"\x00\x01binary", "not_text"),
        ("noext", b"hello", "upload_bad_type"),
    ],
)
def test_bad_uploads_are_refused_by_name(
    world: World, settings: object, name: str, data: bytes, code: str
) -> None:
    response = _upload(world, "filler", "fund", name, data)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert code in response.content.decode()  # type: ignore[attr-defined]
    root = Path(settings.UPLOAD_DIR)  # type: ignore[attr-defined]
    assert not [p for p in root.rglob("*") if p.is_file()] if root.exists() else True
    assert not Path("/etc/passwd.txt").exists()


@pytest.mark.django_db
def test_oversized_upload_is_refused(world: World, settings: object) -> None:
    settings.UPLOAD_MAX_BYTES = 1000  # type: ignore[attr-defined]
    response = _upload(world, "filler", "fund", "big.txt", b"x" * 2000)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "upload_too_large" in response.content.decode()  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_token_cannot_walk_out_of_the_staging_area(world: World) -> None:
    task = world.tasks["fund"]
    client = world.client("filler")
    for token in ("..", "..%2F..%2Fetc", "0" * 31 + "g"):
        response = client.get(f"/tasks/{task.pk}/upload/{token}/")  # type: ignore[attr-defined]
        assert response.status_code in (302, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_word_and_excel_uploads_go_through_the_same_reader(world: World, tmp_path: Path, fmt: str) -> None:
    """A unit's forms as Word or Excel (written here by the renderers) are read by ingest's load_path."""
    import io

    from jixiao.render.layout.document import layout_dossier

    grid = layout_dossier(seed("000"), file=f"000.{fmt}")
    out = io.BytesIO()
    if fmt == "docx":
        from jixiao.render.docx import write_docx

        write_docx(grid, out)
    else:
        from jixiao.render.xlsx import write_xlsx

        write_xlsx(grid, out)
    response = _upload(world, "filler", "fund", f"自评表.{fmt}", out.getvalue())
    assert response.status_code == 302, response.content.decode()[:500]  # type: ignore[attr-defined]
    page = world.client("filler").get(response["Location"]).content.decode()  # type: ignore[index]
    assert "岳阳市岳阳楼区人力资源和社会保障局" in page and "职称评定通过率" in page


@pytest.mark.django_db
def test_unconfirmed_uploads_are_swept_after_a_day(world: World, settings: object) -> None:
    import os
    import time

    first = _upload(world, "filler", "fund", "a.txt", seed_path("002").read_bytes())
    token = first["Location"].rstrip("/").rsplit("/", 1)[-1]  # type: ignore[index]
    folder = Path(settings.UPLOAD_DIR) / str(world.users["filler"].pk) / token  # type: ignore[attr-defined]
    assert folder.is_dir()
    old = time.time() - 2 * 24 * 3600
    os.utime(folder, (old, old))
    _upload(world, "filler", "fund", "b.txt", seed_path("002").read_bytes())
    assert not folder.exists()


@pytest.mark.django_db
def test_a_long_chinese_file_name_is_staged_and_read(world: World, settings: object) -> None:
    """84 Chinese characters (252 bytes) plus ``.part`` exceeded the 255-byte name limit (ENAMETOOLONG)."""
    name = "岳阳市人力资源和社会保障局部门整体支出绩效评价自评报告" * 3 + "附件一至附件七汇总材料终稿.txt"
    assert len(name.encode()) > 255
    response = _upload(world, "filler", "fund", name, seed_path("002").read_bytes())
    assert response.status_code == 302  # type: ignore[attr-defined]
    staged = list(Path(settings.UPLOAD_DIR).rglob("*.txt"))  # type: ignore[attr-defined]
    assert len(staged) == 1 and len(staged[0].name.encode()) <= 160 and staged[0].name.startswith("岳阳市")
    page = world.client("filler").get(response["Location"]).content.decode()  # type: ignore[index]
    assert "部门整体支出绩效评价评分表" in page


@pytest.mark.django_db
def test_temporary_files_of_cut_off_uploads_are_swept(world: World, settings: object) -> None:
    """A request cut off mid-upload could leave Django's temporary file behind (19 MB in /tmp): they now
    live in a folder of ours and any later upload removes those older than an hour."""
    import os
    import time

    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)  # type: ignore[attr-defined]
    assert folder.is_dir() and not str(folder).startswith("/tmp/tmp")
    left = folder / "tmpabcd.upload.docx"
    left.write_bytes(b"x" * 1024)
    recent = folder / "tmpefgh.upload.docx"  # a request still under way
    recent.write_bytes(b"x")
    old = time.time() - 2 * 3600
    os.utime(left, (old, old))
    _upload(world, "filler", "fund", "a.txt", seed_path("002").read_bytes())
    assert not left.exists() and recent.exists()
    recent.unlink()


@pytest.mark.django_db
def test_an_upload_cut_off_mid_body_leaves_no_temporary_file(world: World, settings: object) -> None:
    """The body ends before its declared length (the client went away): a clear error, no file left."""
    from io import BytesIO

    from django.test.client import ClientHandler, encode_multipart

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # type: ignore[attr-defined]  # large uploads go to disk
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)  # type: ignore[attr-defined]
    before = set(folder.iterdir())
    client = world.client("filler")
    session = client.cookies[django_settings().SESSION_COOKIE_NAME].value
    boundary = "BoUnDaRy"
    body = encode_multipart(
        boundary, {"file": SimpleUploadedFile("big.txt", b"a" * 200_000, content_type="text/plain")}
    )
    cut = body[: len(body) // 2]
    task = world.tasks["fund"]
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": f"/tasks/{task.pk}/upload/",  # type: ignore[attr-defined]
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(cut),
        "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_COOKIE": f"{django_settings().SESSION_COOKIE_NAME}={session}",
    }
    # the test client's handler: a real WSGI request that leaves the test's database connection open
    response = ClientHandler(enforce_csrf_checks=False)(environ)
    assert response.status_code < 500
    assert set(folder.iterdir()) == before


def django_settings() -> object:
    from django.conf import settings

    return settings


@pytest.mark.django_db
def test_a_bomb_within_the_size_limits_is_stopped_at_the_time_limit(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #15: a .docx of valid XML within every size limit held the web server for minutes and 3 GB;
    the upload is now read in a bounded worker and answered with a coded message."""
    import time

    from tests.hostile import make_files

    from jixiao.ingest.limits import Limits
    from jixiao.web.dossiers import uploads

    monkeypatch.setattr(uploads, "UPLOAD_LIMITS", Limits(max_seconds=1.0))
    bomb = make_files.bomb_docx(tmp_path, xml_bytes=12 * 1024 * 1024)
    started = time.monotonic()
    response = _upload(world, "filler", "fund", "材料.docx", bomb.read_bytes())
    assert time.monotonic() - started < 10  # the worker is killed at the limit
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "file_timeout" in response.content.decode()  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_document_that_does_not_fit_the_task_is_flagged_before_confirmation(world: World) -> None:
    """Issue #13: an upload said nothing when the document's unit, year or kind differed from the task."""
    response = _upload(world, "filler", "fund", "002.txt", seed_path("002").read_bytes())
    page = world.client("filler").get(response["Location"]).content.decode()  # type: ignore[index]
    assert "与任务" in page and "不一致" in page
    assert "文档年度为 2021 年，任务年度为 2023 年" in page
    assert "文档中的单位为“岳阳市人力资源和社会保障局”，任务单位为“人社局本级”" in page
    assert "任务为专项资金“人社综合专项”的自评，文档中没有项目支出绩效自评表" in page


def test_mismatches_are_quiet_when_the_document_fits() -> None:
    from types import SimpleNamespace

    from jixiao.web.dossiers.matching import mismatches

    dossier = seed("000")
    task = SimpleNamespace(
        year=2023,
        unit=SimpleNamespace(name="岳阳市岳阳楼区人力资源和社会保障局（本级）"),
        kind="overall",
        fund="",
    )
    assert mismatches(task, dossier) == []  # type: ignore[arg-type]
    task.year = 2022
    assert mismatches(task, dossier) == ["文档年度为 2023 年，任务年度为 2022 年（可能沿用了往年材料）"]  # type: ignore[arg-type]
