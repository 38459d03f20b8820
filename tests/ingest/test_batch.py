"""Batch ingest: files read in parallel come back in input order; a bad file is an outcome, not a crash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import SEED_FILES

from jixiao.cli.main import main
from jixiao.ingest.batch import ingest_many, recognised
from jixiao.ingest.loader import load_path


def _folder(tmp_path: Path) -> list[Path]:
    paths = []
    for key in ("000", "001", "002"):
        target = tmp_path / f"{key}.txt"
        shutil.copy(SEED_FILES[key], target)
        paths.append(target)
    bad = tmp_path / "001b-empty.txt"
    bad.write_bytes(b"")
    paths.insert(1, bad)
    return paths


@pytest.mark.parametrize("jobs", [1, 2])
def test_outcomes_in_input_order_with_errors_kept(tmp_path: Path, jobs: int) -> None:
    paths = _folder(tmp_path)
    seen: list[tuple[int, int]] = []
    outcomes = list(ingest_many(paths, jobs, lambda done, total: seen.append((done, total))))
    assert [o.path for o in outcomes] == paths
    assert seen[-1] == (4, 4)
    assert outcomes[1].error is not None and outcomes[1].error.code == "file_empty"
    assert outcomes[0].dossier == load_path(paths[0])
    assert outcomes[3].dossier.unit == load_path(paths[3]).unit


def test_recognised_names_each_form_and_what_was_not_read(tmp_path: Path) -> None:
    line = recognised(load_path(SEED_FILES["000"]))
    assert "单位整体支出自评表 1 张" in line and "项目支出自评表 7 张" in line and "基础数据表" in line


def test_cli_ingest_text_summary_and_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    _folder(tmp_path / "in")
    status = main(["ingest", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "2"])
    out, err = capsys.readouterr()
    assert status == 1  # one file failed, the others were written
    assert "001b-empty.txt：文件为空 [file_empty]" in err
    assert "共 4 个文件：读取 3 个，失败 1 个" in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["000.json", "001.json", "002.json"]
