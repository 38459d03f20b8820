"""``jixiao report OUT/`` as a bureau reads it: errors by region (the folder a file lies in) and by form
(its Chinese name), the common findings, the files not read; and the page drawn in Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import SEED_FILES

from jixiao.batch.report import form_label, overview, region_of, render
from jixiao.cli.main import main

CHROMIUM = Path("/usr/bin/chromium")


def _batch(tmp_path: Path, failing: bool) -> Path:
    """Seeds filed by county (岳阳楼区: 000 and 001; 君山区: 002), and an empty file when ``failing``."""
    root = tmp_path / "in"
    (root / "岳阳楼区").mkdir(parents=True)
    (root / "君山区").mkdir()
    shutil.copy(SEED_FILES["000"], root / "岳阳楼区" / "000.txt")
    shutil.copy(SEED_FILES["001"], root / "岳阳楼区" / "001.txt")
    shutil.copy(SEED_FILES["002"], root / "君山区" / "002.txt")
    if failing:
        (root / "君山区" / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    main(["batch", str(root), "-o", str(out), "-j", "1"])
    return out


def test_errors_are_counted_by_region_and_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _batch(tmp_path, failing=True)
    capsys.readouterr()
    seen = overview(out)
    assert seen.region_documents == {"岳阳楼区": 2, "君山区": 2}
    assert seen.region_failed == {"君山区": 1}
    # every error is counted once under its region and once under its form (or as not tied to a table)
    assert sum(seen.region_errors.values()) == sum(seen.families_errors.values()) > 0
    assert seen.region_with_errors["岳阳楼区"] <= 2 and seen.region_with_errors["君山区"] <= 1
    # forms are named as the registry names them, in Chinese, never by their id
    assert seen.family_tables and all(not name.isascii() for name in seen.family_tables)
    page = render(seen, "概览")
    assert "各地区的错误" in page and "<td>岳阳楼区</td><td>2</td><td>0</td>" in page
    assert "<td>君山区</td><td>2</td><td>1</td>" in page and "file_empty" in page


def test_a_batch_with_every_file_read_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _batch(tmp_path, failing=False)
    capsys.readouterr()
    page = render(overview(out), "概览")
    assert "无：每个文件都已读取" in page and "<th>错误代码</th>" not in page


def test_region_and_form_names() -> None:
    assert region_of("省/岳阳市/岳阳楼区/人社局.docx") == "岳阳楼区"
    assert region_of("人社局.docx") == "（当前文件夹）"
    assert form_label("no-such-form") == "no-such-form"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="system Chromium not installed (apt-get install chromium)")
def test_the_overview_draws_every_chart_in_chromium(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Opened from disk with no network, as on an intranet PC: every chart draws its bars, no script fails."""
    from playwright.sync_api import sync_playwright

    out = _batch(tmp_path, failing=True)
    assert main(["report", str(out)]) == 0
    capsys.readouterr()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))

        def offline(route: Any) -> None:  # an intranet PC: any request for the network is an error
            errors.append(route.request.url)
            route.abort()

        page.route("http*://**", offline)
        page.goto((out / "report.html").as_uri())
        page.wait_for_function("document.querySelectorAll('.chart svg').length === 5")
        # a bar is a path filled with its chart's colour (axes and grid lines are strokes)
        bars = page.evaluate(
            """Array.from(document.querySelectorAll('.chart')).map(c => Array.from(
                c.querySelectorAll('svg path')).filter(p => (p.getAttribute('fill') || '')
                .match(/^(#8e44ad|#c0392b|#e67e22|#2c7fb8|#41ab5d)$/i)).length)"""
        )
        shots = Path(__file__).resolve().parents[2] / "build" / "batch-report"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "report.png"), full_page=True)
        browser.close()
    assert errors == []
    assert len(bars) == 5 and all(n > 0 for n in bars), bars
