"""The jixiao command as a user runs it: JSON contract, errors without tracebacks, exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import SEED_FILES

from jixiao.cli.main import main


def test_score_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(SEED_FILES["000"]), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    document = report["documents"][0]
    assert document["source"] == SEED_FILES["000"].name and document["rules"] == ["hunan-2023"]
    project = document["tables"][2]
    assert project["kind"] == "project" and project["name"] == "业务工作经费"
    assert project["budget"] == {"initial": 130, "adjusted": 107.96, "executed": 107.96}
    indicator = next(i for i in project["indicators"] if i["name"] == "职称评定通过率")
    assert indicator["computed_score"] == 2.75 and indicator["declared_score"] == 5
    assert indicator["location"] == f"{SEED_FILES['000'].name}:表4:行14"
    required = {
        "kind",
        "name",
        "unit",
        "budget",
        "execution_rate",
        "declared_total",
        "computed_total",
        "computed_range",
        "weights_total",
        "grade",
        "indicators",
    }
    assert required <= set(project)


def test_ingest_then_score_the_dossier(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(SEED_FILES["002"]), "-o", str(tmp_path)]) == 0
    dossier = tmp_path / (SEED_FILES["002"].stem + ".json")
    assert dossier.exists() and not list(tmp_path.glob("*.tmp"))
    capsys.readouterr()
    assert main(["score", str(dossier), "--format", "json"]) == 0
    tables = json.loads(capsys.readouterr().out)["documents"][0]["tables"]
    assert [t["kind"] for t in tables] == ["dept_overall", "dept_rubric"]


def test_bad_inputs_are_reported_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"source": 1}', encoding="utf-8")
    assert main(["score", str(tmp_path / "missing.txt"), str(broken)]) == 2
    err = capsys.readouterr().err
    assert "missing.txt：无法打开文件" in err and "[file_unreadable]" in err
    assert "broken.json" in err and "[dossier_invalid]" in err and "Traceback" not in err


def test_one_bad_file_does_not_stop_the_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["score", str(empty), str(SEED_FILES["001"])]) == 1
    captured = capsys.readouterr()
    assert "empty.txt：文件为空 [file_empty]" in captured.err
    assert "信息化建设" in captured.out


def test_unknown_rule_pack(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(SEED_FILES["001"]), "--rules", "nowhere-2020"]) == 2
    assert "找不到评分规则包" in capsys.readouterr().err


def test_schema_is_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "jixiao dossier"
