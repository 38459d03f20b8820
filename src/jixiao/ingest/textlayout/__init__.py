"""Tables in the text layouts web pages and copied documents give: tab, pipe, cells, flat and runon.

Word's own text export (a tab before every cell, ``wordtext``) and PDF text (``pdftext``) have their
readers; this package tells the other layouts apart (``detect_layout``) and reads them into a ``Grid``
(``read_text_layout``), every cell located by its line. Each module reads one thing:

* ``tokens`` -- a cell as written (``Token``), the questions asked of the forms' one vocabulary
  (``jixiao.forms.generic.vocabulary``) and the kinds of cells (amount, rate, points, blank).
* ``detect`` -- which layout a text is written in.
* ``pipe`` -- tab and pipe lines, a line cut where the form opens a row, one cell per line.
* ``rows`` -- a row per line (tab and pipe): headers joined, rows aligned to the header's columns.
* ``aligner`` -- the cells and flat layouts, which mark no rows: rows recovered from the evaluation
  table's structure (``VocabularyAligner``).
* ``order`` -- reading order (an indicator block written column by column) and budget figures placed
  in the header's columns.
* ``indicators`` -- the indicator rows as the cheapest alignment of the cells to the header's shape.
* ``runs`` -- a run of figures written together, cut into a budget row's columns.
* ``runon`` -- text whose cells run together with nothing between them.
* ``spaced`` -- a row per line, cells separated by spaces: each budget figure beside its label, or
  rows and columns the form numbers (行次, 列次).

Nothing here is tuned to one document: the words are the forms' one vocabulary. Where a row's cells
cannot be placed with certainty the cells are kept in order, never guessed into a column by their
value alone; a value is never changed (OCR residue is left to ``jixiao.model.numbers``). What cannot
be placed with certainty stays unread.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.ingest.normalise import PINYIN_GLOSS, is_traditional
from jixiao.ingest.textlayout.aligner import StructureAligner, VocabularyAligner, _flat_tokens
from jixiao.ingest.textlayout.countyform import county_form_blocks
from jixiao.ingest.textlayout.detect import _DISTINCTIVE, _flattened, detect_layout
from jixiao.ingest.textlayout.pipe import (
    _bar_terminated,
    _blocks_cut,
    _budget_shifted,
    _cell_per_line_blocks,
    _closed_rows,
    _paragraph_tokens,
    _pipe_continued,
    _pipe_lines,
    _runon_cells,
    _tab_lines,
)
from jixiao.ingest.textlayout.rows import _rows_per_line
from jixiao.ingest.textlayout.rubric import rubric_blocks
from jixiao.ingest.textlayout.runon import _readable, _runon_blocks, _runon_header
from jixiao.ingest.textlayout.spaced import _numbered_blocks, _numbered_form, _spaced, _spaced_blocks
from jixiao.ingest.textlayout.tokens import ColumnKind, Layout, Token
from jixiao.model.grid import Block, Grid, GridTable


def read_text_layout(text: str, file: str) -> Grid | None:
    """The tables and paragraphs of a text in the pipe, tab, flat or cells layout; ``None`` when the
    text is in another layout (Word export, PDF text, prose) or no table could be read from it."""
    layout = detect_layout(text)
    lines = text.splitlines()
    if (
        layout in ("pdf", "prose")
        and (is_traditional(text) or PINYIN_GLOSS.search(text))
        and any(_runon_header(_readable(line)[0]) for line in lines)
    ):  # a reprint in traditional characters (glossed with pinyin) whose cells run together
        layout = "runon"
    if layout in ("pdf", "prose") and _flattened(lines):
        layout = "flat"
    if layout in ("pdf", "prose", "flat") and _spaced(lines):
        # a row per line, cells separated by spaces, budget figures beside their labels (``spaced``)
        blocks = _spaced_blocks(lines)
    elif layout in ("pdf", "prose", "flat") and _numbered_form(lines):
        # a block whose rows and columns the form numbers (行次, a 列次 line), written flat
        blocks = _numbered_blocks(lines)
    elif layout == "tab":
        blocks = _rows_per_line(_tab_lines(lines))
    elif layout == "pipe":
        lines = _pipe_continued(_bar_terminated(lines))
        piped = _pipe_lines(lines)
        multi = sum(1 for cells in piped if cells is not None and sum(1 for t in cells if t.key) >= 2)
        single = sum(1 for cells in piped if cells is not None and sum(1 for t in cells if t.key) == 1)
        closed = _closed_rows(lines, piped) if single > 3 * max(multi, 1) else None
        if closed is not None:  # a cell a line, each row closed by a line of pipes
            blocks = _rows_per_line(closed, lines)
        elif single > 3 * max(multi, 1):
            stream = [t for cells in piped if cells is not None for t in cells[:1]]
            blocks = VocabularyAligner().blocks(stream, _paragraph_tokens(lines, piped))
            if not any(isinstance(b, GridTable) for b in blocks) and not any(w in text for w in _DISTINCTIVE):
                # no evaluation form's words (the PDF-text readers are left those): a small table
                blocks = _cell_per_line_blocks(lines, piped)
        else:
            rows, numbers = _blocks_cut(_budget_shifted(piped))
            blocks = _rows_per_line(rows, lines, numbers)
        runon = _runon_cells(lines, piped, blocks)
        if runon:  # the form written whole in one cell, run together (a page's summary cell)
            blocks = sorted([*blocks, *_runon_blocks(runon)], key=lambda b: b.line or 0)
    elif layout == "cells":
        stream = [Token(ln.strip(), n) for n, ln in enumerate(lines, start=1) if ln.strip()]
        blocks = VocabularyAligner().blocks(stream, {})
    elif layout == "flat":
        stream = _flat_tokens(lines)
        blocks = VocabularyAligner(lines_are_rows=True).blocks(stream, {})
    elif layout == "runon":
        blocks = _runon_blocks(lines)
    elif layout not in ("pdf", "prose"):
        return None
    else:
        # a county's 项目绩效目标自评表 flattened in reading order: funds by source, 评分 part, indicators
        blocks = county_form_blocks(lines) or []
    if layout in ("prose", "flat") and not any(isinstance(b, GridTable) for b in blocks):
        blocks = rubric_blocks(lines) or blocks  # a 评分表 written flat (``rubric``)
    elif layout == "runon" and not any(isinstance(b, GridTable) and len(b.rows) > 2 for b in blocks):
        blocks = rubric_blocks(lines) or blocks  # a 评分表 run together: no row read below a header
    if not any(isinstance(b, GridTable) for b in blocks):
        return None
    return Grid(file=file, blocks=tuple(_numbered(blocks)))


def _numbered(blocks: Sequence[Block]) -> list[Block]:
    out: list[Block] = []
    index = 0
    for block in blocks:
        if isinstance(block, GridTable):
            index += 1
            out.append(GridTable(index=index, rows=block.rows, line=block.line))
        else:
            out.append(block)
    return out


__all__ = [
    "ColumnKind",
    "Layout",
    "StructureAligner",
    "Token",
    "VocabularyAligner",
    "detect_layout",
    "read_text_layout",
]
