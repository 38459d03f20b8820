"""The test helper that gives text-export tables their official merges keeps every cell's text."""

from __future__ import annotations

from tests.conftest import SEED_FILES
from tests.official import official_grid

from jixiao.ingest.wordtext import read_word_text
from jixiao.model.grid import GridTable


def _texts(table: GridTable) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def test_official_merges_keep_text_and_fill_the_width() -> None:
    grid = read_word_text(SEED_FILES["000"].read_text(encoding="utf-8"), "000.txt")
    merged = official_grid(grid)
    spans = 0
    for before, after in zip(grid.tables, merged.tables, strict=True):
        assert _texts(before) == _texts(after)
        width = max(len(r) for r in before.rows)
        for r, row in enumerate(after.rows):
            assert sum(c.colspan for c in row) == width
            for c, cell in enumerate(row):
                for below in range(1, cell.rowspan):
                    assert after.rows[r + below][c].text == ""
                spans += cell.rowspan > 1
    assert spans > 10  # the indicator tables merge 一级/二级指标 down their rows
