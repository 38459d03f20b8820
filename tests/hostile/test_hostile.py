"""Hostile inputs (jixiao issue #15): each crafted file is read through the guarded loader and the
command line, and gives a coded Chinese error or a normal dossier, within 60 s and 1 GB.

The files are made small (``make_files`` takes sizes) and, where a limit must bite, the limits are
passed lower, so that the suite stays fast. What each test caught on the code before the fix is said
in its docstring.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from tests.hostile import make_files

from jixiao.cli.main import main
from jixiao.ingest.guarded import Guarded, load_path_guarded, run_guarded
from jixiao.ingest.limits import DEFAULT_LIMITS, Limits

MIB = 1024 * 1024
WALL = 60.0
PEAK = 1024 * MIB
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


def _bounded(result: Guarded) -> Guarded:
    assert result.seconds < WALL, f"{result.seconds:.1f} s"
    assert result.peak_rss is None or result.peak_rss < PEAK, f"{result.peak_rss} bytes"
    return result


def _refused(path: Path, code: str, limits: Limits = DEFAULT_LIMITS) -> None:
    result = _bounded(run_guarded(path, limits))
    assert result.error is not None, "read, expected a refusal"
    assert result.error.code == code, result.error.message
    assert CHINESE.search(result.error.message) and result.error.file == path.name


def _cli_refuses(path: Path, code: str, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    status = main(["ingest", str(path)])
    _out, err = capsys.readouterr()
    assert time.monotonic() - started < WALL
    assert status == 2 and f"[{code}]" in err and "Traceback" not in err, err


def test_lying_zip_docx(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """document.xml declared as 1,000 bytes, inflating to 200 MB (with the CRC of its first 1,000
    bytes). Before: read "successfully" after inflating all of it (825 MB peak at 400 MB)."""
    path = make_files.lying_docx(folder, inflated=200 * MIB)
    _refused(path, "archive_too_large")
    _cli_refuses(path, "archive_too_large", capsys)


def test_lying_zip_xlsx_refused_before_calamine(folder: Path) -> None:
    """sharedStrings.xml (which only calamine reads whole) declared at its honest size, inflating to
    50 MB. Before: calamine's own refusal, ``xlsx_damaged`` "Cannot detect file format"."""
    _refused(make_files.lying_xlsx(folder, inflated=50 * MIB), "archive_too_large")


def test_bomb_within_limits_memory(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Valid XML within every directory and count limit (ratio ~5) that needs more memory than
    allowed: ``file_memory``, the worker stopped. Before: no guarded loader; read to the end whatever
    it cost (190 MB of XML: 322 s, 4.35 GB; this 12 MB with today's narrative reader: ~20 s, >1 GB)."""
    path = make_files.bomb_docx(folder, xml_bytes=12 * MIB)
    _refused(path, "file_memory", Limits(max_memory=160 * MIB))


def test_bomb_within_limits_time(folder: Path) -> None:
    path = folder / "bomb.docx"
    if not path.exists():
        make_files.bomb_docx(folder, xml_bytes=12 * MIB)
    started = time.monotonic()
    _refused(path, "file_timeout", Limits(max_seconds=1.0))
    assert time.monotonic() - started < 5  # killed at the limit, not when the read ends


def test_deep_xml(folder: Path) -> None:
    """100,000 tables nested in each other's first cell, stored uncompressed (no ratio to catch):
    lxml's depth limit, ``docx_corrupt`` (as before; kept as a guard against ``huge_tree``)."""
    _refused(make_files.deep_docx(folder, depth=100_000), "docx_corrupt")


def test_many_rectangles_pdf(folder: Path) -> None:
    """6,000 separate rectangles on a page. Before: 113 s here (156 s reported; pdfplumber's table
    finder is quadratic); the page is now read as text, in seconds."""
    path = make_files.many_rects_pdf(folder, rects=6000, layout="apart")
    result = _bounded(run_guarded(path, Limits(max_seconds=30)))
    assert result.error is None, result.error
    assert result.seconds < 20


@pytest.mark.parametrize("layout", ["grid", "random"])
def test_rectangles_in_a_grid_or_anywhere(folder: Path, layout: str) -> None:
    """3,000 rectangles as one ruled table of tiny cells, or overlapping anywhere: read within
    seconds (before: 4.7 s and 13 s, the cells' ruling checked against every line)."""
    result = _bounded(run_guarded(make_files.many_rects_pdf(folder, 3000, layout), Limits(max_seconds=30)))
    assert result.error is None, result.error
    assert result.seconds < 10


def test_huge_tab_separated_text(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """8 MB of tab-separated lines, a blank line now and then: 116,000 rows, refused once read and
    before any recogniser (``document_too_large``). Before: read to a dossier of nothing (1.6 s with
    the recognisers of the time, ~40 s with today's generic form reader; 40 MB: 82 s)."""
    path = make_files.huge_tsv(folder, megabytes=8)
    _refused(path, "document_too_large")
    _cli_refuses(path, "document_too_large", capsys)


def test_huge_tab_separated_table(folder: Path) -> None:
    """2 MB of tab-separated lines without blank lines: one table of 14,000 rows (``table_too_large``)."""
    _refused(make_files.huge_tsv(folder, megabytes=2, blank_lines=0.0), "table_too_large")


def test_huge_xlsx(folder: Path) -> None:
    """200,000 rows of one column (under the cell limit), refused before any value is formatted.
    Before: read to a dossier of nothing (2.2 s; 999,000 rows: 54 s)."""
    _refused(make_files.huge_xlsx(folder, rows=200_000), "sheet_too_large")


def test_huge_digits_score_audit_render(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Seed 000 with 40-digit weights, amounts and rates. Before: ``decimal.InvalidOperation``
    traceback from ``jixiao score`` and ``jixiao audit``."""
    path = make_files.huge_digits_txt(folder, digits=40)
    dossier = _bounded(run_guarded(path)).dossier
    assert dossier.evaluations
    assert main(["score", str(path)]) == 0
    assert main(["audit", str(path), "--exit-zero"]) == 0
    assert main(["render", str(path), "--to", "html", "-o", str(folder / "digits.html")]) == 0
    _out, err = capsys.readouterr()
    assert "Traceback" not in err


def test_big5_text(folder: Path) -> None:
    """Seed 000 in traditional characters saved as Big5. Before: decoded as GB18030 into garbage,
    nothing recognised."""
    dossier = _bounded(run_guarded(make_files.big5_txt(folder))).dossier
    assert dossier.unit == "岳阳市岳阳楼区人力资源和社会保障局"
    assert len(dossier.evaluations) == 8
    assert dossier.notes[0] == "文本编码为 Big5（繁体中文），已按 Big5 读取"


def test_undecodable_text_is_refused(folder: Path) -> None:
    path = folder / "latin.txt"
    path.write_bytes(("\t项目\n" * 20).encode("utf-8") + b"\x80\xff" * 10)
    _refused(path, "text_encoding")


def test_pdf_named_docx(folder: Path) -> None:
    """A PDF saved as .docx is read as PDF and says so. Before: read silently."""
    dossier = load_path_guarded(make_files.pdf_as_docx(folder))
    assert dossier.evaluations
    assert "文件扩展名为 .docx，内容实为 PDF，已按 PDF 读取" in dossier.notes


def test_small_text_is_read_in_process_and_the_same(folder: Path) -> None:
    from tests.conftest import SEED_FILES

    from jixiao.ingest.loader import load_path

    result = run_guarded(SEED_FILES["000"])
    assert result.in_process and result.dossier == load_path(SEED_FILES["000"])
