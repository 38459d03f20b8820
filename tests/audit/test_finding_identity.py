"""Findings and scores keep their identity (issues #10, #13): every finding names the dossier path of
the element it is about and a key, ``(code, path, key)`` tells every finding of an audit apart,
acceptances join on it (old ``location`` acceptances still work), and excerpts are built by path, so
a workbook's cell addresses do not lose them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import msgspec
import pytest
from tests.conftest import SEED_FILES

from jixiao.audit.finding import DocumentAudit, Finding
from jixiao.audit.run import DOCUMENT_LEVEL, Acceptance, audit_dossier, load_acceptances
from jixiao.ingest.loader import load_path
from jixiao.model.dossier import Dossier, Evaluation, Indicator, Rubric, RubricItem
from jixiao.score.scorer import score_dossier

SEEDS = sorted(SEED_FILES)


@pytest.fixture(scope="module")
def dossiers() -> dict[str, Dossier]:
    return {key: load_path(SEED_FILES[key]) for key in SEEDS}


@pytest.fixture(scope="module")
def audits(dossiers: dict[str, Dossier]) -> dict[str, DocumentAudit]:
    return {key: audit_dossier(dossier) for key, dossier in dossiers.items()}


def _resolve(dossier: Dossier, path: str) -> object:
    """The element at ``path``; every part must name a field or an index (the last may hold nothing)."""
    obj: object = dossier
    parts = path.split(".")
    for at, part in enumerate(parts):
        if isinstance(obj, tuple):
            assert part.isdigit() and int(part) < len(obj), path
            obj = obj[int(part)]
        else:
            assert isinstance(obj, msgspec.Struct) and part in obj.__struct_fields__, path
            obj = getattr(obj, part)
        if obj is None:
            assert at == len(parts) - 1, f"{path}: nothing at {part}"
    return obj


@pytest.mark.parametrize("key", SEEDS)
def test_every_finding_names_its_element(
    key: str, dossiers: dict[str, Dossier], audits: dict[str, DocumentAudit]
) -> None:
    for item in audits[key].findings:
        if item.path is None:
            assert item.code in DOCUMENT_LEVEL, f"{item.code} without a path: {item.message}"
            continue
        _resolve(dossiers[key], item.path)


@pytest.mark.parametrize("key", SEEDS)
def test_code_path_and_key_tell_every_finding_apart(key: str, audits: dict[str, DocumentAudit]) -> None:
    counted = Counter(item.identity for item in audits[key].findings)
    assert [identity for identity, n in counted.items() if n > 1] == []


def test_document_level_checks_give_their_reason() -> None:
    assert all(reason for reason in DOCUMENT_LEVEL.values())
    undated = msgspec.structs.replace(load_path(SEED_FILES["000"]), year=None)
    for item in audit_dossier(undated).findings:
        assert item.path is not None or item.code in DOCUMENT_LEVEL


@pytest.mark.parametrize("key", SEEDS)
def test_scores_carry_the_path_of_their_table_and_rows(key: str, dossiers: dict[str, Dossier]) -> None:
    dossier = dossiers[key]
    for table in score_dossier(dossier).tables:
        assert table.path is not None
        element = _resolve(dossier, table.path)
        if table.kind == "dept_rubric":
            assert isinstance(element, Rubric) and element.title == table.name
        elif table.kind != "basic_data":
            assert isinstance(element, Evaluation)
        for row in table.indicators:
            assert row.path is not None and row.path.startswith(table.path + ".")
            found = _resolve(dossier, row.path)
            if table.kind != "basic_data":
                assert isinstance(found, (Indicator, RubricItem)) and found.name == row.name


def _k003(audit: DocumentAudit) -> tuple[Finding, Finding]:
    """Seed 000's two K003 findings of one section (创业培训 149%, 职业技能培训 114%): one location."""
    found = [f for f in audit.findings if f.code == "K003" and f.severity == "error"]
    high = next(f for f in found if "149%" in str(f.evidence["sentence"]))
    low = next(f for f in found if "114%" in str(f.evidence["sentence"]))
    assert high.location == low.location and high.path == low.path and high.key != low.key
    return high, low


def test_an_acceptance_by_path_covers_exactly_one_finding(
    dossiers: dict[str, Dossier], audits: dict[str, DocumentAudit]
) -> None:
    high, _ = _k003(audits["000"])
    accepted = Acceptance(code="K003", path=high.path, key=high.key, reason="经核实按调整后目标计算")
    again_high, again_low = _k003(audit_dossier(dossiers["000"], acceptances=(accepted,)))
    assert again_high.accepted == "经核实按调整后目标计算" and again_low.accepted is None


def test_an_old_acceptance_by_location_still_accepts(
    tmp_path: Path, audits: dict[str, DocumentAudit]
) -> None:
    [s002] = [
        f
        for f in audits["000"].findings
        if f.code == "S002" and f.location == "000_1afaa083905f87c4.txt:表3:行28:列8"
    ]
    document = tmp_path / "000.txt"
    document.write_bytes(SEED_FILES["000"].read_bytes())
    (tmp_path / "000.txt.accepted.yaml").write_text(
        '- code: S002\n  location: "000.txt:表3:行28:列8"\n  reason: 经主管部门确认\n  by: 李审核\n',
        encoding="utf-8",
    )
    acceptances = load_acceptances(document)
    assert acceptances[0].path is None
    audit = audit_dossier(load_path(document), acceptances=acceptances)
    accepted = [f for f in audit.findings if f.accepted is not None]
    assert [(f.code, f.path) for f in accepted] == [("S002", s002.path)]
    assert accepted[0].accepted == "经主管部门确认（李审核）"
    assert audit.summary.accepted == 1


def test_a_path_acceptance_in_the_yaml_file(tmp_path: Path, audits: dict[str, DocumentAudit]) -> None:
    high, _ = _k003(audits["000"])
    document = tmp_path / "000.txt"
    document.write_bytes(SEED_FILES["000"].read_bytes())
    (tmp_path / "000.txt.accepted.yaml").write_text(
        f'- code: K003\n  path: "{high.path}"\n  key: "{high.key}"\n  reason: 已核实\n', encoding="utf-8"
    )
    audit = audit_dossier(load_path(document), acceptances=load_acceptances(document))
    assert [f.evidence["sentence"] for f in audit.findings if f.accepted] == [high.evidence["sentence"]]


def test_workbook_findings_get_their_excerpt(tmp_path: Path, audits: dict[str, DocumentAudit]) -> None:
    """Seed 000 written to .xlsx and read back: locations now end in a cell address (``:H30``), and
    every finding about a cell or row still quotes it, as from the text."""
    from tests.official import official_grid

    from jixiao.ingest.wordtext import read_word_text
    from jixiao.render.xlsx import write_xlsx

    path = SEED_FILES["000"]
    workbook = tmp_path / "000.xlsx"
    write_xlsx(official_grid(read_word_text(path.read_text(encoding="utf-8"), path.name)), workbook)
    audit = audit_dossier(load_path(workbook))
    assert any(f.location and f.location.split(":")[-1][:1].isalpha() for f in audit.findings)
    by_identity = {f.identity: f.excerpt for f in audits["000"].findings}
    tabled = [f for f in audit.findings if f.path and f.path.startswith(("evaluations.", "basic_data"))]
    assert tabled and all(f.excerpt for f in tabled if f.location)
    [reverse] = [f for f in tabled if f.code == "S002" and "职称评定通过率" in (f.excerpt or "")][:1]
    assert reverse.excerpt == by_identity[reverse.identity]
    assert reverse.excerpt == "质量指标 ｜ 职称评定通过率 ｜ ≤55% ｜ 100% ｜ 2 ｜ 2 ｜ 通过270人"
