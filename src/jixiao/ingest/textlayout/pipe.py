"""Tab and pipe lines, and pipe pages whose rows are no lines.

* **tab** -- cells separated by tabs, a row per line: read as written.
* **pipe** -- ``a | b | c |``: a row per line when lines hold several cells (runs of ``|`` are empty
  or merged cells, dropped at a row's end); when nearly every line holds one cell (``cell |`` and bare
  ``|`` lines for empty cells) the lines are a cell sequence, read as the *cells* layout with the
  empty cells known. A page that lost its row ends writes several rows on a line (the goal block, a
  two-row indicator header and the first indicator row): the line is cut where the form opens a row
  (``_blocks_cut``). A small table with none of the forms' words, one cell per line, is read by the
  lines that separate its rows (``_cell_per_line_blocks``). A table a cell a line whose every row is
  closed by a line of pipes bringing it to one width is read by those rows, whatever its words
  (``_closed_rows``), its rows then aligned to their header as a row-per-line table's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from jixiao.forms.generic.vocabulary import GOAL_ROW, TOTAL_ROW
from jixiao.ingest.textlayout.aligner import VocabularyAligner
from jixiao.ingest.textlayout.headless import headless_indicators
from jixiao.ingest.textlayout.runon import _readable, _runon_header
from jixiao.ingest.textlayout.tokens import (
    Token,
    _alternation,
    _column,
    _is_amount,
    _is_blank,
    _is_rate,
    _is_value,
    _points,
    _Vocabulary,
)
from jixiao.model.cells import clean
from jixiao.model.grid import Block, GridCell, GridTable, Paragraph


def _tab_lines(lines: Sequence[str]) -> list[list[Token] | None]:
    out: list[list[Token] | None] = []
    for n, line in enumerate(lines, start=1):
        if "\t" in line.strip():
            out.append([Token(part.strip(), n) for part in line.strip("\r\n").split("\t")])
        else:
            out.append(None)
    return out


_PIPES_ONLY = re.compile(r"^\s*\|[|\s]*$")


def _filled_cells(line: str) -> int:
    return sum(1 for part in line.split("|") if part.strip()) if "|" in line else 0


_BAR = re.compile(r"^\s*\|\s*$")


def _bar_terminated(lines: Sequence[str]) -> list[str]:
    """Cells written on lines of their own, each closed by a line holding a single ``|`` (a Word table
    pasted as ``项目名称`` / ``|`` / ``春节走访慰问经费`` / ``|`` / ``||||``): each cell's lines become one
    line ``cell |``, as the pipe layout that writes a cell a line has them; the bar's line is left empty
    (lines keep their numbers). A cell wrapped over a few short lines (``预算执行情况(万元)`` /
    ``(20分)``) is one cell; before the first bar, and in a longer run, only the last line is the cell
    (a title or a note above stays a paragraph). Other texts are returned as they are."""
    bars = sum(1 for ln in lines if _BAR.match(ln))
    texts = [ln for ln in lines if ln.strip() and not _PIPES_ONLY.match(ln.strip())]
    bare = sum(1 for ln in texts if "|" not in ln)
    if bars < 5 or not texts or bare < 0.8 * len(texts):
        return list(lines)
    out = list(lines)
    run: list[int] = []
    seen_bar = False
    for n, line in enumerate(lines):
        if _BAR.match(line):
            if run:
                short = len(run) <= 4 and all(len(lines[k].strip()) <= 20 for k in run)
                cell = run if seen_bar and short else run[-1:]
                text = "".join(lines[k].strip() for k in cell)
                out[cell[0]] = text + " |"
                for k in cell[1:]:
                    out[k] = ""
                out[n] = ""
            seen_bar = True
            run = []
        elif _PIPES_ONLY.match(line.strip()):
            seen_bar = True
            run = []
        elif line.strip() and "|" not in line:
            run.append(n)
        else:
            run = []
    return out


def _pipe_continued(lines: Sequence[str]) -> list[str]:
    """A row broken after its first cell: a short line without a pipe, between a piped line and one
    that opens with ``|`` (``成本指标`` / ``| 宣传片制作费 | 200万 | …``), is that row's first cell. The
    two are read as one line (at the first's number; the second left as a bare pipe)."""
    out = list(lines)
    for n in range(1, len(out) - 1):
        line, before, after = out[n].strip(), out[n - 1].strip(), out[n + 1].strip()
        rows_around = _filled_cells(before) >= 2 and _filled_cells(after) >= 2
        if line and "|" not in line and len(line) <= 20 and after.startswith("|") and rows_around:
            out[n] = line + " " + after
            out[n + 1] = "|"  # a line of pipes only: no cell, and not the table's end
    return out


def _pipe_lines(lines: Sequence[str]) -> list[list[Token] | None]:
    """Per line: its cells, ``[]`` for a line of pipes only (a row boundary or an empty cell), or
    ``None`` for a line outside the table (no pipe at its ends)."""
    out: list[list[Token] | None] = []
    piped = [ln.strip() for ln in lines if "|" in ln and not _PIPES_ONLY.match(ln.strip())]
    bordered = sum(1 for ln in piped if ln.startswith("|")) * 2 > len(piped)  # "| a | b |"
    for n, line in enumerate(lines, start=1):
        stripped = line.strip()
        if _PIPES_ONLY.match(stripped):
            out.append([Token("", n, explicit_empty=True)])
            continue
        if not (stripped.endswith("|") or stripped.startswith("|")) and stripped.count(" | ") < 3:
            out.append(None)  # outside the table (a row cut short still holds its separators)
            continue
        body = stripped.removesuffix("|")
        if bordered:  # the left border; else a leading pipe closes an empty first cell
            body = body.removeprefix("|")
        parts = [p.strip() for p in body.split("|")]
        while len(parts) > 1 and not parts[-1]:  # a run of pipes at the end: merged or empty cells
            parts.pop()
        out.append([Token(p, n, explicit_empty=not p) for p in parts])
    return out


def _budget_shifted(piped: list[list[Token] | None]) -> list[list[Token] | None]:
    """A budget block whose lines are shifted by a cell: the header line ends with the first row's label
    (``年初预算数 | … | 得分 | 年度资金总额 |``) and each line after it holds the rest of one row and the
    next row's label (``| 120 | 120 | 10 | 100% | 10 | 其中:财政拨款 |``). The block's cells, read in
    order, are cut again at the rows' labels: a row is its label and the figures after it, each on a
    line of the block (the lines keep their numbers, a line left over holds no cell). Only when every
    cell up to the block's end is a row label or a figure; other texts are returned as they are."""
    out = list(piped)
    for n, cells in enumerate(piped):
        if cells is None or len(cells) < 4:
            continue
        keys = [t.key for t in cells]
        head = [k for k in keys[:-1] if k]
        if not (
            _Vocabulary.budget_row.match(keys[-1])
            and sum(1 for k in head if _Vocabulary.budget_head(k)) >= 2
            and all(_Vocabulary.budget_any(k) for k in head)
        ):
            continue
        rows: list[list[Token]] = [[cells[-1]]]
        m, used = n + 1, 0
        while m < len(piped):
            line = piped[m]
            used = 0
            if line is None:
                break
            for token in line:
                if token.key and _Vocabulary.budget_row.match(token.key) and not _is_value(token):
                    rows.append([token])
                elif _is_value(token) or token.explicit_empty:
                    rows[-1].append(token)
                else:
                    break
                used += 1
            if used < len(line):
                break
            m += 1
        first = [t for t in rows[0][1:] if t.key and not _is_blank(t)]
        if len(first) < 2 or len(rows) > m - n - (1 if m < len(piped) and used else 0):
            continue
        out[n] = cells[:-1]
        before = piped[n - 1] if n > 0 else None
        if before and len(before) > 1 and _Vocabulary.budget_unit.match(before[-1].key):
            # the header's first cell, over the rows' labels, at the end of the line before
            out[n - 1] = before[:-1]
            out[n] = [before[-1], *cells[:-1]]
        for k in range(n + 1, m):
            out[k] = rows[k - n - 1] if k - n - 1 < len(rows) else []
        if m < len(piped) and piped[m] is not None and used:
            remaining = piped[m]
            assert remaining is not None
            out[m] = remaining[used:]
        return out
    return out


_GOAL_LABEL = re.compile(r"^(" + _alternation(GOAL_ROW) + ")")


def _blocks_cut(piped: list[list[Token] | None]) -> tuple[list[list[Token] | None], list[int]]:
    """Pipe lines that lost their row ends, so that one line holds the end of a block and the next
    blocks (``| — | 年度总体目标 | 预期目标 | … | 绩效指标 | 年度指标值 | … | 一级指标 | … | 产出指标 | …``):
    each line is cut where the form's structure opens a row -- a goal block's label (年度总体目标) and
    the goals after its column words, an indicator header (a header row, and a second header row that opens again with 一级指标), the
    first indicator row after the header, and, once an indicator header is seen, the 总分 row's label
    followed by a figure. A line is cut only when a goal label or an indicator header stands inside
    it, after other cells. Returned with each row's line number (a line cut into several rows has
    as many entries; every cell keeps its own line). A text that opens inside a form's indicator
    block, its header on the page before, gets that block's header where its rows establish it
    (``headless``)."""
    out: list[list[Token] | None] = []
    numbers: list[int] = []
    seen_indicators = cut = False
    for n, cells in enumerate(piped, start=1):
        if cells is None or len(cells) < 2:
            out.append(cells)
            numbers.append(n)
            continue
        cuts = _block_cuts(cells, seen_indicators and cut)
        cut = cut or bool(cuts)
        seen_indicators = seen_indicators or any(
            VocabularyAligner._indicator_header_at(cells, k) for k in range(len(cells))
        )
        bounds = [0, *cuts, len(cells)]
        for a, b in pairwise(bounds):
            out.append(cells[a:b])
            numbers.append(n)
    # a page that opens inside a form's indicator block, its header on the page before (``headless``)
    return headless_indicators(out, numbers) or (out, numbers)


def _block_cuts(cells: Sequence[Token], seen_indicators: bool) -> list[int]:
    """Where a pipe line holding several of a form's rows is cut (see ``_blocks_cut``); ``[]`` when
    no block opens inside the line. ``seen_indicators``: an indicator header was cut out of a line
    above, so that a 总分 row inside this line is cut out too."""
    keys = [t.key for t in cells]
    inside = [
        k
        for k in range(1, len(cells))
        if (_GOAL_LABEL.match(keys[k]) and len(keys[k]) <= 14 and not _Vocabulary.word(keys[k]))
        or VocabularyAligner._indicator_header_at(cells, k)
    ]
    totals = [k for k in range(1, len(cells) - 1) if keys[k] in TOTAL_ROW and _points(keys[k + 1])]
    if not inside and not (seen_indicators and totals):
        return []
    cuts: list[int] = []
    k = 0
    while k < len(cells):
        key = keys[k]
        if _GOAL_LABEL.match(key) and len(key) <= 14 and not _Vocabulary.word(key):
            cuts.append(k)
            k += 1
            while k < len(cells) and _Vocabulary.goal.match(keys[k]) and len(keys[k]) <= 14:
                k += 1  # the block's column words (预期目标 | 实际完成情况) on its label's row
            cuts.append(k)  # the goals as written, a row below
        elif VocabularyAligner._indicator_header_at(cells, k):
            cuts.append(k)
            taken: set[str | None] = set()
            while k < len(cells) and (not keys[k] or _Vocabulary.indicator_any(keys[k])):
                field = _column(keys[k], "indicator") if keys[k] else None
                if field == "level1" and taken - {None, "label"}:
                    cuts.append(k)  # a second header row: the first's columns divided
                    taken = set()
                taken.add(field)
                k += 1
            cuts.append(k)  # the first row after the header
            seen_indicators = True
        elif seen_indicators and k > 0 and key in TOTAL_ROW and k + 1 < len(cells) and _points(keys[k + 1]):
            cuts.append(k)
            k += 1
        else:
            k += 1
    return sorted({c for c in cuts if 0 < c < len(cells)})


def _cell_per_line_blocks(lines: Sequence[str], piped: Sequence[list[Token] | None]) -> list[Block]:
    """A small table written a cell a line (``“三公”经费合计 |`` / ``因公出国(境)费 |`` / … / ``79 |``),
    which the evaluation forms' vocabulary does not know: each run of piped lines is a table when its
    rows can be told. Where lines of pipes only (``||``) close the rows, the cells between two such
    lines are a row (a header over two rows, then its figures); else the cells before the first
    figure are the header and its first row's label, and each row is a label and as many figures or
    dashes as the header has columns after its first. A run whose rows cannot be told so, or that
    holds fewer than two figures, is left as paragraphs."""
    blocks: list[Block] = []
    run: list[tuple[int, list[Token]]] = []

    def close() -> None:
        if not run:
            return
        rows = _separated_rows(run) or _labelled_rows([t for _, cells in run for t in cells if t.key])
        figures = sum(1 for row in rows or () for t in row if _is_amount(t.key) or _is_rate(t.key))
        if rows is not None and len(rows) >= 2 and figures >= 2:
            table_rows = tuple(tuple(GridCell(text=t.text, line=t.line) for t in row) for row in rows)
            blocks.append(GridTable(index=0, rows=table_rows, line=run[0][0]))
        else:
            for n, cells in run:
                text = " ".join(t.text for t in cells if t.text)
                if text:
                    blocks.append(Paragraph(text=text, line=n))
        run.clear()

    for n, cells in enumerate(piped, start=1):
        if cells is None:
            close()
            if lines[n - 1].strip():
                blocks.append(Paragraph(text=lines[n - 1].strip(), line=n))
            continue
        run.append((n, cells))
    close()
    return blocks


def _separated_rows(run: Sequence[tuple[int, list[Token]]]) -> list[list[Token]] | None:
    """Rows closed by lines of pipes only; None when the run has no such line between its cells."""
    rows: list[list[Token]] = [[]]
    for _, cells in run:
        if all(t.explicit_empty for t in cells):
            if rows[-1]:
                rows.append([])
            continue
        rows[-1].extend(t for t in cells if t.key)
    rows = [row for row in rows if row]
    return rows if len(rows) >= 2 else None


def _labelled_rows(tokens: Sequence[Token]) -> list[list[Token]] | None:
    """A header a cell a line, then rows of a label and its figures: the cells before the first
    figure are the header and the first row's label; the rows' width is the first row's. None unless
    every row has that width and the header as many cells."""
    first = next((i for i, t in enumerate(tokens) if _is_value(t)), None)
    if first is None or first < 3:
        return None
    header = list(tokens[: first - 1])
    rows: list[list[Token]] = [header]
    for token in tokens[first - 1 :]:
        if not _is_value(token):
            rows.append([token])
        else:
            rows[-1].append(token)
    width = len(header)
    if len(rows) < 2 or width < 2 or any(len(row) != width for row in rows):
        return None
    return rows


def _paragraph_tokens(lines: Sequence[str], piped: Sequence[list[Token] | None]) -> dict[int, str]:
    """Lines outside the pipe table, by line number, to keep as paragraphs."""
    return {
        n: lines[n - 1].strip()
        for n, cells in enumerate(piped, start=1)
        if cells is None and lines[n - 1].strip()
    }


_ROW_END = re.compile(r"^\s*\|{2,}\s*$")
_CLOSED_ROWS = 3  # rows closed so, at least, for the closing lines to tell the rows


def _closed_rows(
    lines: Sequence[str], piped: Sequence[list[Token] | None]
) -> list[list[Token] | None] | None:
    """A Word table pasted a cell a line (``项目资金 |``, a bare ``|`` for an empty cell), each row closed
    by a line of pipes that brings it to the table's width (``年度资金总额: |`` / ``40 |`` / ``40 |`` /
    ``100% |`` / ``||||``: four cells and four pipes, as every row of that table): the cells between two
    closing lines are a row. Per line, as ``_rows_per_line`` takes them: a row at its first cell's line,
    ``[]`` at the other lines of the row, None outside the table; a line of several cells is a row of
    its own. None unless every closing line brings its row to one width (three rows at least): where
    the counts differ, the pipes mark merged cells, not rows, and the lines are read as before. A
    row left open is kept only as the table's last (a stored excerpt that stops inside it).

    Written so by pages that paste a Word table into a web page (梓潼's 绩效目标自评表, 鄂州's 项目支出
    绩效自评表); a table whose rows are closed by a lone ``|`` (the cell's bar) is ``_bar_terminated``'s."""
    out: list[list[Token] | None] = [None] * len(lines)
    widths: set[int] = set()
    closed = 0
    row: list[Token] = []
    start = -1
    cut = False
    left_open = 0
    for index, (line, cells) in enumerate(zip(lines, piped, strict=True)):
        stripped = line.strip()
        if cells is None:
            if row:  # a row left open: the text cut inside it, the table's last
                out[start], left_open = row, len(row)
                row = []
                cut = True
            continue
        if cut:
            return None  # a row left open inside the table: its lines are not its cells
        if _ROW_END.match(stripped):
            if row:
                widths.add(len(row) + stripped.count("|"))
                closed += 1
                out[start] = row
                row = []
            out[index] = []
            continue
        if len(cells) > 1 and not row:  # a row written on one line
            out[index] = [t for t in cells if not t.explicit_empty or t is not cells[0]]
            continue
        if len(cells) > 1:
            return None
        if not row:
            start = index
        else:
            out[index] = []
        row.append(cells[0])
    if row:
        out[start], left_open = row, len(row)
    if closed < _CLOSED_ROWS or len(widths) != 1 or left_open >= min(widths):
        return None  # (a row left open holds fewer cells than a row closed: else it holds several)
    return out


_RUNON_CELL = 40  # a cell this long at least, to hold a whole form run together


def _runon_cells(
    lines: Sequence[str], piped: Sequence[list[Token] | None], blocks: Sequence[Block]
) -> list[str]:
    """A page's table (an open-information page's 索引号 / 发布机构 / 内容概述 table) one of whose cells
    holds the whole evaluation form, its cells run together with nothing between them (the page's
    summary of the form it attaches: ``…资金投入情况(万元)全年预算数(A)全年执行数(B)预算执行率(B/A×100%)
    年度资金总额:390390100%…``), while the rows read (``blocks``) hold no budget header: a table that
    follows it cut before its budget block, or none. The lines as the run-on layout reads them: each
    such cell at its line, every other line empty (lines keep their numbers); ``[]`` when there is
    none. The cell is read in its own characters (a reprint in traditional characters glossed with
    pinyin is read as ``runon`` reads it)."""
    if any(isinstance(b, GridTable) and any(_budget_header_row(row) for row in b.rows) for b in blocks):
        return []
    out = [""] * len(lines)
    found = False
    for cells in piped:
        for token in cells or ():
            if len(token.text) >= _RUNON_CELL and _runon_header(_readable(token.text)[0]):
                if len(token.text) > len(out[token.line - 1]):
                    out[token.line - 1] = token.text
                found = True
    return out if found else []


def _budget_header_row(row: Sequence[GridCell]) -> bool:
    """A row holding two budget header words or more (read in simplified characters): a budget header."""
    return sum(_Vocabulary.budget_head(clean(_readable(c.text)[0]).rstrip("：:")) for c in row) >= 2
