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


def test_audit_exit_status_json_and_acceptance(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "004.txt"
    document.write_bytes(SEED_FILES["004"].read_bytes())
    assert main(["audit", str(document), "--format", "json"]) == 1  # errors gate the submission
    findings = json.loads(capsys.readouterr().out)["documents"][0]["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert {f["code"] for f in errors} == {"S001", "S003", "N001", "K002", "K007", "K011", "P009"}
    assert {"code", "category", "severity", "message", "location", "evidence"} <= set(errors[0])
    lines = [
        f'- code: {f["code"]}\n  location: "{f["location"]}"\n  reason: 经财政局审核同意\n  by: 李审核\n'
        for f in errors
    ]
    (tmp_path / "004.txt.accepted.yaml").write_text("".join(lines), encoding="utf-8")
    assert main(["audit", str(document)]) == 0  # accepted errors no longer gate
    out = capsys.readouterr().out
    assert (
        "［已确认：经财政局审核同意（李审核）］" in out and f"已确认 {len(errors)}" in out and "错误 0" in out
    )


def test_audit_bad_acceptance_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "001.txt"
    document.write_bytes(SEED_FILES["001"].read_bytes())
    (tmp_path / "001.txt.accepted.yaml").write_text("- code: S002\n  colour: red\n", encoding="utf-8")
    assert main(["audit", str(document), "-o", str(tmp_path / "out.txt")]) == 2
    assert "001.txt.accepted.yaml：审核确认文件格式错误" in capsys.readouterr().err


def test_audit_html_report_is_standalone(tmp_path: Path) -> None:
    out = tmp_path / "审核意见.html"
    assert main(["audit", str(SEED_FILES["002"]), "--format", "html", "-o", str(out)]) == 1
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "预算绩效自评材料审核意见" in page
    assert "预算调整率" in page and "35.59%" in page and "002_d9a547e44ce7c678.txt:表3:行5" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_audit_exit_zero_for_display(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(SEED_FILES["000"]), "--exit-zero"]) == 0
    assert "S002" in capsys.readouterr().out


def test_ingest_text_names_the_family_that_read_each_table(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue #10: per file, which form family of the registry read each table, and what was not read."""
    assert (
        main(["ingest", str(SEED_FILES["000"]), str(SEED_FILES["002"]), "--format", "text", "-j", "1"]) == 0
    )
    out = capsys.readouterr().out
    assert "表4:第791-1041行 项目支出自评表「业务工作经费」：hunan（hunan-project）" in out
    assert "：yueyang（yueyang-" in out
    assert "基础数据表" in out
