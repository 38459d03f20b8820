"""``jixiao render`` and ``jixiao consolidate``: files written whole, readable back, errors named."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import msgspec
import pytest
from tests.conftest import SEED_FILES
from tests.render.test_consolidate import _subunits
from tests.render.test_layout import plain

from jixiao.cli.main import main
from jixiao.cli.render import WriterMissing, render_bytes
from jixiao.ingest.loader import load_path
from jixiao.model.grid import Grid, Paragraph
from jixiao.model.serialize import dumps, loads
from jixiao.render.figures import printed_dossier


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def test_render_html_of_every_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(p) for p in SEED_FILES.values()]
    assert main(["render", *paths, "--to", "html", "-o", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(f"{p.stem}.html" for p in SEED_FILES.values())
    page = (tmp_path / f"{SEED_FILES['001'].stem}.html").read_text(encoding="utf-8")
    assert "等级：优" in page and "2020年度部门整体支出绩效自评表" in page
    assert "->" in capsys.readouterr().out


@pytest.mark.skipif(
    not _has("jixiao.render.docx") or not _has("jixiao.ingest.docx"), reason="Word writer/reader"
)
def test_render_docx_reads_back(tmp_path: Path) -> None:
    """The command's file reads back to the seed's forms as printed, amounts and scores with two
    decimals (every seed and format: test_layout.py, tests/render/test_printed_figures.py)."""
    out = tmp_path / "forms.docx"
    assert main(["render", str(SEED_FILES["001"]), "--to", "docx", "-o", str(out)]) == 0
    expected = printed_dossier(load_path(SEED_FILES["001"]))
    assert plain(load_path(out))["evaluations"] == plain(expected)["evaluations"]


@pytest.mark.skipif(not _has("jixiao.render.pdf"), reason="PDF writer")
def test_render_pdf_with_narrative(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    assert main(["render", str(SEED_FILES["000"]), "--to", "pdf", "--narrative", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000


def test_render_from_dossier_json(tmp_path: Path) -> None:
    dossier = load_path(SEED_FILES["000"])
    source = tmp_path / "unit.json"
    source.write_bytes(dumps(dossier))
    assert main(["render", str(source), "--to", "html", "-o", str(tmp_path / "unit.html")]) == 0
    assert "2023年度项目支出绩效自评表" in (tmp_path / "unit.html").read_text(encoding="utf-8")


def test_a_missing_writer_is_named_not_faked() -> None:
    with pytest.raises(WriterMissing, match=r"jixiao\.render\.odt"):
        render_bytes(Grid(file="x", blocks=(Paragraph(text="x"),)), "odt")


def test_bad_input_leaves_the_existing_output_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.html"
    target.write_text("earlier", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["render", str(empty), "--to", "html", "-o", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "out.html"]  # no temporary file left
    assert "[file_empty]" in capsys.readouterr().err


def test_consolidate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = []
    for sub in _subunits(load_path(SEED_FILES["002"])):
        path = tmp_path / sub.source
        path.write_bytes(dumps(sub))
        paths.append(str(path))
    out = tmp_path / "department.json"
    code = main(["consolidate", *paths, "-o", str(out), "--department", "岳阳市人力资源和社会保障局"])
    assert code == 0
    department = loads(out.read_bytes())
    assert department.figure_tables[0].rows[0].values[0].text == "7203.56"
    provenance = msgspec.json.decode((tmp_path / "department.provenance.json").read_bytes())
    assert any(p["row"] == "局机关及二级机构汇总" and p["formula"] == "Σ 7 个单位" for p in provenance)
    assert "7 个单位" in capsys.readouterr().out


def test_consolidate_refuses_disagreeing_years(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    subs = _subunits(load_path(SEED_FILES["002"]))[:2]
    subs[1] = msgspec.structs.replace(subs[1], year=2020)
    paths = []
    for sub in subs:
        path = tmp_path / sub.source
        path.write_bytes(dumps(sub))
        paths.append(str(path))
    out = tmp_path / "department.json"
    assert main(["consolidate", *paths, "-o", str(out), "--department", "岳阳市人力资源和社会保障局"]) == 2
    assert not out.exists()
    assert "[year_mismatch]" in capsys.readouterr().err
