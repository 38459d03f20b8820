"""``jixiao batch --scheduler``: the batch on a Dask cluster (``jixiao.batch.cluster``) gives the local
engine's records and tables, survives a killed worker, and says what to install without Dask."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import SEED_FILES

from jixiao.batch.engine import RECORDS, run_batch
from jixiao.batch.rows import TABLES
from jixiao.cli.main import main

distributed = pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TIMING = ("read_seconds", "peak_rss")


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, memory_limit="1GiB", dashboard_address=None
    ) as local:
        yield local


def _inputs(root: Path) -> Path:
    """The seeds, a slice of the corpus (every fifth text document), an empty and a damaged file."""
    root.mkdir(parents=True)
    for key, path in SEED_FILES.items():
        shutil.copy(path, root / f"{key}.txt")
    for path in sorted(CORPUS.glob("*/*.txt"))[::5]:
        shutil.copy(path, root / f"{path.parent.name}-{path.name}")
    (root / "empty.txt").write_bytes(b"")
    (root / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    return root


def _rows(out: Path, table: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = pq.read_table(out / f"{table}.parquet").to_pylist()
    for row in rows:
        for column in TIMING:
            row.pop(column, None)
    return sorted(rows, key=lambda r: tuple(str(v) for v in r.values()))


def test_cluster_gives_the_local_engines_tables(
    tmp_path: Path, cluster: object, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _inputs(tmp_path / "in")
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    assert main(["batch", str(root), "-o", str(tmp_path / "local"), "-j", "1", "-q"]) == 1
    assert main(["batch", str(root), "-o", str(tmp_path / "dask"), "--scheduler", address, "-q"]) == 1
    text = capsys.readouterr().out.splitlines()
    summaries = [line for line in text if line.startswith("共 ")]
    assert len(summaries) == 2 and summaries[0] == summaries[1].replace(
        str(tmp_path / "dask"), str(tmp_path / "local")
    )
    for table in TABLES:
        assert _rows(tmp_path / "local", table) == _rows(tmp_path / "dask", table), table
    failed = {
        r["name"]: r["error_code"] for r in _rows(tmp_path / "dask", "documents") if r["status"] == "failed"
    }
    assert failed == {"empty.txt": "file_empty", "broken.docx": "docx_corrupt"}
    for name in os.listdir(tmp_path / "local" / "dossiers"):  # the dossiers byte for byte
        local = (tmp_path / "local" / "dossiers" / name).read_bytes()
        assert (tmp_path / "dask" / "dossiers" / name).read_bytes() == local
    # resumable the same way: a second run on the cluster skips every document
    assert main(["batch", str(root), "-o", str(tmp_path / "dask"), "--scheduler", address, "-q"]) == 1
    assert "处理 0 个，失败 0 个，已完成而跳过" in capsys.readouterr().out


def test_a_killed_worker_loses_no_file_and_counts_none_twice(tmp_path: Path, cluster: object) -> None:
    root = _inputs(tmp_path / "in")
    paths = sorted(str(p) for p in root.iterdir())
    out = tmp_path / "out"
    workers = cluster.workers  # type: ignore[attr-defined]
    with distributed.Client(cluster) as client:
        done = []
        for result in run_batch(paths, out, client=client):
            done.append(result)
            if len(done) == 2:  # midway: one worker process dies (SIGKILL), its tasks run elsewhere
                victim = next(iter(workers.values()))
                os.kill(victim.process.process.pid, signal.SIGKILL)
    assert sorted(d.path for d in done) == paths  # every file once
    assert {d.status for d in done} <= {"ok", "failed"}  # none reported as skipped by its own retry
    assert sum(d.status == "failed" for d in done) == 2
    doc_ids = {d.doc_id for d in done}
    assert len(os.listdir(out / RECORDS)) == len(doc_ids)


def test_a_scan_is_split_into_page_tasks(tmp_path: Path) -> None:
    """A scanned PDF of two pages comes back from the first task as its pages to OCR one by one."""
    pytest.importorskip("rapidocr")
    from tests.ocr.make_scans import reference_pdf, scan_pdf

    from jixiao.batch.cluster import Scan, first_step
    from jixiao.ingest.limits import DEFAULT_LIMITS

    path = tmp_path / "scan.pdf"
    path.write_bytes(
        scan_pdf(reference_pdf("001", "e1"), 150, seed=1, unit="株洲市石峰区人力资源和社会保障局")
    )
    (tmp_path / "out" / RECORDS).mkdir(parents=True)
    step = first_step(path.name, str(tmp_path / "out"), None, DEFAULT_LIMITS, False, 0.0, str(tmp_path))
    assert step == Scan("scan.pdf", (1, 2))


def test_without_dask_the_scheduler_option_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    path = tmp_path / "000.txt"
    shutil.copy(SEED_FILES["000"], path)
    assert main(["batch", str(path), "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'jixiao[dask]'" in err and "[dask_missing]" in err and "Traceback" not in err
