"""``jixiao batch`` and ``jixiao report``: streaming, resumable, failures recorded, results as data."""

from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path

import msgspec
import pytest
from tests.conftest import SEED_FILES

from jixiao.audit.checks_text import NARRATIVE_CACHE
from jixiao.batch.engine import expand_sources, process_file, read_record, record_path, run_batch
from jixiao.batch.parquet import columns
from jixiao.batch.rows import TABLES, Record
from jixiao.cli.main import main
from jixiao.model.serialize import loads

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _province(root: Path) -> Path:
    """Three seeds in two folders, an empty file, a damaged .docx and a Word owner file."""
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    shutil.copy(SEED_FILES["000"], root / "a" / "000.txt")
    shutil.copy(SEED_FILES["001"], root / "a" / "001.txt")
    shutil.copy(SEED_FILES["002"], root / "b" / "002.txt")
    (root / "b" / "empty.txt").write_bytes(b"")
    (root / "b" / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (root / "b" / "~$000.docx").write_bytes(b"owner")
    return root


def _rows(out: Path, table: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = pq.read_table(out / f"{table}.parquet").to_pylist()
    return sorted(rows, key=lambda r: tuple(str(v) for v in r.values()))


def test_sources_folders_globs_and_list_files(tmp_path: Path) -> None:
    root = _province(tmp_path / "in")
    listing = tmp_path / "list.txt"
    listing.write_text("# 清单\nin/a/000.txt\n\nin/b/002.txt\n", encoding="utf-8")
    assert [Path(p).name for p in expand_sources([f"@{listing}"])] == ["000.txt", "002.txt"]
    found = expand_sources([str(root), str(root / "a" / "*.txt")])
    names = sorted(Path(p).name for p in found)
    assert names == ["000.txt", "001.txt", "002.txt", "broken.docx", "empty.txt"]  # each once, no ~$ file
    assert expand_sources([str(root)], exclude=root / "b") == [
        str(root / "a" / "000.txt"),
        str(root / "a" / "001.txt"),
    ]


def test_batch_writes_dossiers_records_and_tables_and_resumes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _province(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["batch", str(root), "-o", str(out), "-j", "1"]) == 1  # two files failed
    text = capsys.readouterr().out
    assert "共 5 个文件：处理 3 个，失败 2 个" in text and "[file_empty]" in text
    documents = _rows(out, "documents")
    assert len(documents) == 5
    failed = {r["name"]: r["error_code"] for r in documents if r["status"] == "failed"}
    assert set(failed) == {"empty.txt", "broken.docx"} and failed["empty.txt"] == "file_empty"
    ok = [r for r in documents if r["status"] == "ok"]
    for row in ok:  # the dossier JSON beside the record, named by the content hash
        dossier = loads((out / "dossiers" / f"{row['doc_id']}.json").read_bytes())
        assert dossier.source == row["name"]
    tables = _rows(out, "tables")
    assert {r["family"] for r in tables} >= {"hunan", "zhuzhou", "yueyang"}
    indicators = _rows(out, "indicators")
    seed000 = next(r["doc_id"] for r in ok if r["name"] == "000.txt")
    rates = [r for r in indicators if r["doc_id"] == seed000 and r["name"] == "职称评定通过率"]
    assert {str(r["weight"]) for r in rates} >= {"2.000000", "5.000000"}  # decimal128(24, 6), exact
    findings = _rows(out, "findings")
    assert findings and all(f["doc_id"] in {r["doc_id"] for r in ok} for f in findings)
    for name, row in TABLES.items():  # the documented columns, in order
        assert pq.read_schema(out / f"{name}.parquet").names == [c for c, _ in columns(row)]

    # resumable: a second run skips every file already done, by content
    assert main(["batch", str(root), "-o", str(out), "-j", "1", "--retry-failed"]) == 1
    assert "处理 0 个，失败 2 个，已完成而跳过 3 个" in capsys.readouterr().out
    assert main(["batch", str(root), "-o", str(out)]) == 1
    assert "已完成而跳过 5 个" in capsys.readouterr().out
    # a changed file is a new document
    (root / "b" / "empty.txt").write_bytes(SEED_FILES["000"].read_bytes() + "\n附注。\n".encode())
    main(["batch", str(root), "-o", str(out), "-j", "1"])
    assert "处理 1 个" in capsys.readouterr().out
    assert len(_rows(out, "documents")) == 6


def test_parallel_workers_give_the_same_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _province(tmp_path / "in")
    main(["batch", str(root), "-o", str(tmp_path / "one"), "-j", "1"])
    main(["batch", str(root), "-o", str(tmp_path / "two"), "-j", "2"])
    capsys.readouterr()
    for table in TABLES:
        one, two = _rows(tmp_path / "one", table), _rows(tmp_path / "two", table)
        for rows in (one, two):
            for row in rows:
                row.pop("read_seconds", None)
                row.pop("peak_rss", None)
        assert one == two, table


def test_a_failing_file_is_a_record_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jixiao.batch.record as record_module

    def broken(*args: object, **kwargs: object) -> object:
        raise ZeroDivisionError

    monkeypatch.setattr(record_module, "score_dossier", broken)
    path = tmp_path / "000.txt"
    shutil.copy(SEED_FILES["000"], path)
    done = process_file(str(path), str(tmp_path / "out"), None)
    assert done.status == "failed" and done.error_code == "batch_internal_error"
    record = read_record(record_path(tmp_path / "out", str(done.doc_id)))
    assert record is not None and record.document.status == "failed"
    assert done.error_message and "ZeroDivisionError" in done.error_message


def test_a_missing_file_is_listed_with_its_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["batch", str(tmp_path / "没有.docx"), "-o", str(out)]) == 1
    capsys.readouterr()
    (row,) = _rows(out, "documents")
    assert row["status"] == "failed" and row["error_code"] == "file_unreadable" and row["name"] == "没有.docx"


def test_memory_does_not_grow_with_the_batch(tmp_path: Path) -> None:
    """Streaming: the parent holds a few strings per file and caches of a bounded number of documents,
    so its peak over 48 documents is about that over 24, once the caches are full (each document
    distinct, so none is skipped)."""
    text = SEED_FILES["001"].read_bytes()
    paths = []
    for n in range(72):
        path = tmp_path / "in" / f"{n:02d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text + f"\n第{n}号。\n".encode())
        paths.append(str(path))

    def peak(files: list[str], out: Path) -> int:
        tracemalloc.start()
        for _ in run_batch(files, out, jobs=1):
            pass
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    assert NARRATIVE_CACHE < 24
    run_batch_warm = list(run_batch(paths[:1], tmp_path / "warm", jobs=1))  # imports and caches
    assert run_batch_warm[0].status == "ok"
    small = peak(paths[1:25], tmp_path / "small")
    large = peak(paths[25:], tmp_path / "large")
    assert large < small * 1.25, (small, large)


def test_report_is_standalone_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _province(tmp_path / "in")
    out = tmp_path / "out"
    main(["batch", str(root), "-o", str(out), "-j", "1"])
    capsys.readouterr()
    assert main(["report", str(out)]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "各表式的错误" in page and "常见问题" in page and "未能读取的文件" in page
    assert "empty.txt" in page and "file_empty" in page
    assert "<script src=" not in page and "http://" not in page.split("<script>")[0]  # offline
    assert main(["report", str(tmp_path / "in")]) == 2


def test_records_decode_to_the_row_structs(tmp_path: Path) -> None:
    path = tmp_path / "002.txt"
    shutil.copy(SEED_FILES["002"], path)
    done = process_file(str(path), str(tmp_path / "out"), None)
    raw = record_path(tmp_path / "out", str(done.doc_id)).read_bytes()
    record = msgspec.json.decode(raw, type=Record)
    assert record.document.status == "ok" and record.document.families == "yueyang"
    assert record.tables and record.tables[0].family == "yueyang"


def test_findings_are_linked_to_their_table_by_path(tmp_path: Path) -> None:
    """A finding's table is the one its dossier path lies under, not a display location's prefix."""
    path = tmp_path / "000.txt"
    shutil.copy(SEED_FILES["000"], path)
    done = process_file(str(path), str(tmp_path / "out"), None)
    record = msgspec.json.decode(record_path(tmp_path / "out", str(done.doc_id)).read_bytes(), type=Record)
    names = {t.table_no: t.name for t in record.tables}
    found = [f for f in record.findings if f.code == "S002" and "职称评定通过率" in f.message]
    # the same indicator in two tables: each finding goes to its own
    assert sorted(names[f.table_no] for f in found if f.table_no is not None) == sorted(
        ["岳阳市岳阳楼区人力资源和社会保障局", "业务工作经费"]
    )
    assert {f.family for f in found} == {"hunan"}
    linked = [f for f in record.findings if f.table_no is not None]
    assert len(linked) > len(record.findings) // 2
