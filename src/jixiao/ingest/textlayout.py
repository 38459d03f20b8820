"""Tables in the text layouts web pages and copied documents give: pipe, tab, flat and cells.

Word's own text export (a tab before every cell, ``wordtext``) and PDF text (``pdftext``) have their
readers; this module tells the other layouts apart (``detect_layout``) and reads them into a ``Grid``
(``read_text_layout``), every cell located by its line:

* **tab** -- cells separated by tabs, a row per line: read as written.
* **pipe** -- ``a | b | c |``: a row per line when lines hold several cells (runs of ``|`` are empty
  or merged cells, dropped at a row's end); when nearly every line holds one cell (``cell |`` and bare
  ``|`` lines for empty cells) the lines are a cell sequence, read as the *cells* layout with the
  empty cells known. A page that lost its row ends writes several rows on a line (the goal block, a
  two-row indicator header and the first indicator row): the line is cut where the form opens a row
  (``_blocks_cut``), and a lower header row dividing the upper's cells (``指标性质 | 指标值 | 度量单位``
  under ``年度指标值``) is made one row with it.
* **runon** -- cells run together with nothing between them (OCR'd and document-sharing reprints,
  ``年初预算数全年预算数…年度资金总额2456.182456.18…``), in simplified or traditional characters: cut at
  the forms' words; a run of figures is cut into the budget header's columns only where one cut alone
  agrees (执行数 ÷ 预算数 = 执行率); the indicator block is kept as text, and its rows are read only
  where every cut of it at the 一级/二级指标 words and the rows' figures gives the same names, 分值 and
  得分 (``_runon_indicators``; a value two cuts read differently is left blank).
* **cells** -- one cell per line (a Word table pasted into a page), and **flat** -- a row's cells on
  one line separated by spaces. Neither marks rows, so rows are recovered from the evaluation table's
  structure (``StructureAligner``): the budget header's columns and the kind of each (amount, rate,
  points, text), the budget rows' labels, the indicator header's columns, the 一级/二级指标 names, the
  总分 row. The indicator rows are an alignment: every way to cut the cell sequence into rows of the
  header's shape is weighed by how well each cell fits its column's kind, and the cheapest wins.

Nothing here is tuned to one document: the words are the forms' one vocabulary,
``jixiao.forms.generic.vocabulary`` (``_Vocabulary`` only asks it questions). Where a row's cells
cannot be placed with certainty the cells are kept in order, never guessed into a column by their
value alone; a value is never changed (OCR residue is left to ``jixiao.model.numbers``).

PDF or spreadsheet text flattened onto a few long lines (a line of many cells holding a budget header
run) is read as the flat layout, and reading order is read by the structure: budget figures written
after the header without their labels are cut into rows of the header's columns only where one cut
alone places every figure (``_unlabelled_rows``), the labels and the 执行率 written elsewhere join
their rows where they can only be theirs, and an indicator block written column by column (the rows'
figures first, their names after) is paired name to row only when as many names as rows are found
(``_reading_order``). What cannot be placed with certainty stays unread.

In the flat layout a line is a row: an indicator row cut inside a line costs more than one that is
whole lines (values pushed onto the next line still join their row). Template rows left unfilled
(``指标2``, ``……``) are no rows; empty cells beyond the header's columns belong to no row; a pipe row
broken after its first cell, and a header broken over lines, are put back on one row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Literal, Protocol

from jixiao.forms.generic.align import align_indices
from jixiao.forms.generic.reader import Header, find_header, match_column
from jixiao.forms.generic.vocabulary import (
    BLOCK_END,
    BUDGET_COLUMNS,
    FUNDS_PARTS,
    FUNDS_SOURCES,
    FUNDS_TOTAL,
    GOAL_ACHIEVED,
    GOAL_EXPECTED,
    GOAL_ROW,
    GRADE_LABELS,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    LEVEL1_WORDS,
    LEVEL2_WORDS,
    SIGN_WORDS,
    TEMPLATE_ROW,
    TOTAL_ROW,
    core,
)
from jixiao.ingest.normalise import PINYIN_GLOSS, is_traditional, to_simplified
from jixiao.model.cells import clean
from jixiao.model.grid import Block, Grid, GridCell, GridTable, Paragraph
from jixiao.model.numbers import parse_decimal

Layout = Literal["word", "pipe", "cells", "flat", "tab", "runon", "pdf", "prose"]
ColumnKind = Literal["label", "amount", "rate", "points", "value", "op", "unit", "text", "g1", "g2", "name"]


@dataclass(frozen=True)
class Token:
    """One cell of the text as written, with the line it stands on (1-based)."""

    text: str
    line: int
    explicit_empty: bool = False  # an empty cell the layout marks (a bare ``|``)
    reading: str = ""  # the cell as the vocabulary reads it, when not as written (simplified)

    @property
    def key(self) -> str:
        return clean(self.reading or self.text).rstrip("：:")


# --------------------------------------------------------------------------- vocabulary
# The forms' words are those of ``jixiao.forms.generic.vocabulary`` (one vocabulary for every reader);
# ``_Vocabulary`` only asks it the questions row recovery needs (is this a budget header word, a
# funds line's label, a 一级指标 …). The few patterns left here are shapes, not words (a sign, a unit,
# a ``(万元)`` qualifier, a ``(N分)`` subtotal).


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_SENTENCE = re.compile(r"[，。；;！？]|,\D")
_POINTS_SUFFIX = r"([（(]\s*\d+(\.\d+)?\s*分?\s*[)）])?"  # (50分), or (50) beside a heading


def _column(key: str, block: Literal["budget", "indicator"]) -> str | None:
    """The field a header cell names in a block (``label`` for the block's title cell), or None. A
    sentence (punctuated, or longer than any header cell) names none, whatever word it opens with."""
    words = core(key)
    if not words or len(words) > 16 or _SENTENCE.search(key):
        return None
    column = match_column(key, BUDGET_COLUMNS if block == "budget" else INDICATOR_COLUMNS)
    return column.field if column is not None else None


class _Vocabulary:
    budget_unit = re.compile(
        r"^(" + _alternation([w for c in BUDGET_COLUMNS if c.field == "label" for w in c.words]) + ")"
    )
    budget_row = re.compile(
        r"^(其中|"
        + _alternation([*FUNDS_TOTAL, *(w for _, words in FUNDS_PARTS for w in words), *FUNDS_SOURCES])
        + ")"
    )
    goal = re.compile(r"^(" + _alternation([*GOAL_ROW, *GOAL_EXPECTED, *GOAL_ACHIEVED]) + ")")
    g1 = re.compile(r"^(" + _alternation(LEVEL1_WORDS) + ")" + _POINTS_SUFFIX + "$")
    g1_points_only = re.compile(r"^[（(]\s*\d+(\.\d+)?\s*分\s*[)）]$")
    points_half = re.compile(r"^\d+(\.\d+)?\s*分?\s*[)）]$")  # its opening bracket lost: ``30分)``
    points_bracket = re.compile(r"^[（(]\s*\d+(\.\d+)?\s*分?\s*[)）]$")
    g2 = re.compile(
        r"^(" + _alternation([*LEVEL2_WORDS, *(w.removesuffix("指标") for w in LEVEL2_WORDS)]) + ")"
        r"(指标)?" + _POINTS_SUFFIX + "$"
    )
    total = re.compile(r"^(" + _alternation(TOTAL_ROW) + ")")
    field = re.compile(
        r"^("
        + _alternation([w for name, words in HEADER_FIELDS if name != "other" for w in words])
        + "|项目负责人|联系电话|项目属性|项目类型|项目基本情况)"
    )
    title = re.compile(r"(绩效自评表|绩效目标自评表|自评表)\s*([（(][^）)]{0,12}[)）])?\s*$")
    end = re.compile(
        r"^(注[：:]|注\s*\d|说明[：:]|备注[：:]|填表人|填报人|项目负责人[：:]|财务负责人|单位负责人|审核人|评价结论)"
    )
    grade = re.compile(r"^(优|良|中|差|优秀|良好|合格|不合格)$|^(" + _alternation(GRADE_LABELS) + ")")
    unit_word = re.compile(
        r"^(%|％|万元|元|人|人次|个|次|天|日|月|年|户|家|项|件|台|套|所|个百分点|平方米|米|公里|亩|吨|份|场|期|批|篇|本|名|座|辆|处|条|册)$"
    )
    op = re.compile(r"^(" + _alternation(SIGN_WORDS) + ")$")
    qualifier = re.compile(r"^[（(]\s*(万元|元|A|B|B/A|A/B|[A-Z]\s*/\s*[A-Z])\s*[)）]$")

    @staticmethod
    def budget_head(key: str) -> bool:
        """An amount column of the budget header (年初预算数, 全年预算数, 全年执行数 …)."""
        return _column(key, "budget") in ("initial", "adjusted", "executed")

    @staticmethod
    def budget_any(key: str) -> bool:
        """Any column of the budget header but the row labels' (分值, 执行率, 得分, 原因 too)."""
        return _column(key, "budget") not in (None, "label")

    @staticmethod
    def indicator_any(key: str) -> bool:
        return _column(key, "indicator") is not None

    @staticmethod
    def indicator_start(key: str) -> bool:
        """The first cell of an indicator header: its section title (绩效指标) or 一级指标."""
        return core(key) in ("绩效指标", "年度绩效指标") or _column(key, "indicator") == "level1"

    @classmethod
    def word(cls, key: str) -> bool:
        """A header word of either block (alone, not a row's value)."""
        return cls.budget_any(key) or cls.indicator_any(key)


# --------------------------------------------------------------------------- token kinds

_NUMBER = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_RATE = re.compile(r"^[-+]?\d+(\.\d+)?\s*[%％]$")
_DASH = re.compile(r"^[-—–－/／\\、—…]+$|^(无|——)$")


_AMOUNT = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\s*(万元|元|亿元)$")


def _is_number(key: str) -> bool:
    return bool(_NUMBER.match(key))


_AMOUNT_UNIT = re.compile(r"\s*(万元|元|亿元)$")


def _is_amount(key: str) -> bool:
    """An amount, bare or with its unit written after it (``4753.66万元``)."""
    return bool(_NUMBER.match(key) or _AMOUNT.match(key))


def _is_rate(key: str) -> bool:
    return bool(_RATE.match(key))


def _is_blank(token: Token) -> bool:
    return not token.key or bool(_DASH.match(token.key))


def _is_value(token: Token) -> bool:
    """A budget row's value: an amount, a rate, a dash or an empty cell."""
    key = token.key
    return _is_blank(token) or _is_amount(key) or _is_rate(key)


def _points(key: str) -> bool:
    if not _is_number(key):
        return False
    value = parse_decimal(key.replace(",", ""))
    return value is not None and Decimal(0) <= value <= Decimal(100)


# --------------------------------------------------------------------------- layout detection

_PAGE_MARK = re.compile(r"^\s*(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–]\s*\d{1,3}\s*[-—–])\s*$")
_INLINE_PAGE_MARK = re.compile(r"(^|\s)[-—–]\d{1,3}[-—–](\s|$)")
_SPLIT_SPACES = re.compile(r"[ \u3000\u00a0]+")
_DISTINCTIVE = ("年初预算", "全年预算", "调整后预算", "一级指标", "三级指标", "年度资金总额", "年度指标值")


def _is_word_export(lines: Sequence[str]) -> bool:
    """Word's export: a tab before every cell, one cell a line; a line with tabs inside is the tab
    layout's row, and when those are as many, the text is in the tab layout."""
    leading = sum(1 for ln in lines if ln.startswith("\t"))
    inner = sum(1 for ln in lines if "\t" in ln.strip("\r\n").lstrip("\t").rstrip("\t").strip())
    return bool(lines) and leading >= max(3, len(lines) // 50) and inner < max(3, leading // 2)


def detect_layout(text: str) -> Layout:
    """How the text lays its tables out: ``word`` (Word's text export), ``pipe``, ``tab``, ``cells``,
    ``flat``, ``pdf`` (PDF text, columns in reading order) or ``prose`` (no table found)."""
    lines = text.splitlines()
    if _is_word_export(lines):
        return "word"
    body = [ln for ln in lines if ln.strip()]
    if not body:
        return "prose"
    piped = sum(1 for ln in body if ln.rstrip().endswith("|") or ln.lstrip().startswith("|"))
    if piped >= 5 and piped >= 0.3 * len(body):
        return "pipe"
    tabbed = sum(1 for ln in body if "\t" in ln.strip())
    if tabbed >= 3 and tabbed >= 0.1 * len(body):
        return "tab"
    alone = {clean(ln).rstrip("：:") for ln in body}
    header_alone = {k for k in alone if _Vocabulary.word(k)}
    if len(header_alone) >= 4 and any(k.startswith(_DISTINCTIVE) for k in header_alone):
        return "cells"
    if any(_runon_header(ln) for ln in body):
        return "runon"
    joined = "\n".join(body)
    if any(_PAGE_MARK.match(ln) for ln in body) or _INLINE_PAGE_MARK.search(joined):
        return "pdf" if any(w in joined for w in _DISTINCTIVE) else "prose"
    if _flat_evidence(body) >= 1:
        return "flat"
    vocab = sum(1 for w in _DISTINCTIVE if w in joined)
    return "pdf" if vocab >= 2 else "prose"


def _flat_evidence(lines: Sequence[str]) -> int:
    """Lines that hold a header run (three header words in a row) or a budget row label followed by
    numbers: a row written on one line."""
    found = 0
    for line in lines:
        keys = [clean(p).rstrip("：:") for p in _SPLIT_SPACES.split(line.strip()) if p]
        for i, key in enumerate(keys):
            opens = _Vocabulary.budget_head(key) and key.startswith(_DISTINCTIVE)
            if opens and sum(_Vocabulary.word(k) for k in keys[i : i + 4]) >= 3:
                found += 1
                break
            labelled = _Vocabulary.budget_row.match(key) and len(keys) > i + 2
            if labelled and _is_number(keys[i + 1]) and _is_number(keys[i + 2]):
                found += 1
                break
    return found


# --------------------------------------------------------------------------- reading


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
    if layout == "tab":
        blocks = _rows_per_line(_tab_lines(lines))
    elif layout == "pipe":
        lines = _pipe_continued(_bar_terminated(lines))
        piped = _pipe_lines(lines)
        multi = sum(1 for cells in piped if cells is not None and sum(1 for t in cells if t.key) >= 2)
        single = sum(1 for cells in piped if cells is not None and sum(1 for t in cells if t.key) == 1)
        if single > 3 * max(multi, 1):
            stream = [t for cells in piped if cells is not None for t in cells[:1]]
            blocks = VocabularyAligner().blocks(stream, _paragraph_tokens(lines, piped))
            if not any(isinstance(b, GridTable) for b in blocks) and not any(w in text for w in _DISTINCTIVE):
                # no evaluation form's words (the PDF-text readers are left those): a small table
                blocks = _cell_per_line_blocks(lines, piped)
        else:
            rows, numbers = _blocks_cut(_budget_shifted(piped))
            blocks = _rows_per_line(rows, lines, numbers)
    elif layout == "cells":
        stream = [Token(ln.strip(), n) for n, ln in enumerate(lines, start=1) if ln.strip()]
        blocks = VocabularyAligner().blocks(stream, {})
    elif layout == "flat":
        stream = _flat_tokens(lines)
        blocks = VocabularyAligner(lines_are_rows=True).blocks(stream, {})
    elif layout == "runon":
        blocks = _runon_blocks(lines)
    else:
        return None
    if not any(isinstance(b, GridTable) for b in blocks):
        return None
    return Grid(file=file, blocks=tuple(_numbered(blocks)))


_FLATTENED_CELLS = 40  # a line of at least this many cells holds a whole table, not a row


def _flattened(lines: Sequence[str]) -> bool:
    """PDF or spreadsheet text flattened onto a few long lines, cells separated by spaces in reading
    order: a line of many cells that holds a budget header run. Read as the flat layout, its rows
    recovered from the structure (a page mark ``-1-`` inside such a line marks no row)."""
    return any(
        len(_SPLIT_SPACES.split(line.strip())) >= _FLATTENED_CELLS and _flat_evidence([line]) >= 1
        for line in lines
    )


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
    as many entries; every cell keeps its own line)."""
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
    return out, numbers


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


def _rows_per_line(
    rows: Sequence[list[Token] | None], lines: Sequence[str] | None = None, numbers: Sequence[int] = ()
) -> list[Block]:
    """A table per run of lines holding cells; other non-empty lines are paragraphs. A line of pipes
    only separates rows and holds no cell. ``numbers``: each row's line, when a line holds several
    rows (else the rows are the lines)."""
    blocks: list[Block] = []
    current: list[tuple[GridCell, ...]] = []
    start = 0

    def close() -> None:
        nonlocal current
        if current and (len(current) >= 2 or max(len(r) for r in current) >= 2):
            blocks.append(GridTable(index=0, rows=tuple(_aligned(_joined_headers(current))), line=start))
        elif current:
            for row in current:
                text = " ".join(c.text for c in row if c.text)
                if text:
                    blocks.append(Paragraph(text=text, line=row[0].line))
        current = []

    for index, cells in enumerate(rows):
        n = numbers[index] if numbers else index + 1
        if cells is None:
            close()
            raw = lines[n - 1].strip() if lines is not None else ""
            if raw:
                blocks.append(Paragraph(text=raw, line=n))
            continue
        if all(t.explicit_empty for t in cells):
            continue
        filled = [t for t in cells if t.key]
        if len(filled) == 1 and _Vocabulary.title.search(filled[0].key) and _form_block(current):
            # the next form's title row after a form's block (its budget or indicator header): the form
            # before ends here, the title is a paragraph -- also after a form cut before its budget
            # block, as a stored excerpt begins, which must not read the next form's budget block
            close()
            blocks.append(Paragraph(text=filled[0].text, line=n))
            continue
        if not current:
            start = n
        current.append(tuple(GridCell(text=t.text, line=t.line) for t in cells))
    close()
    return blocks


def _form_block(rows: Sequence[tuple[GridCell, ...]]) -> bool:
    """Rows that hold a form's block: a budget header or an indicator header (rows above a form's
    blocks, such as its name and unit, stay with the form they open)."""
    table = GridTable(index=0, rows=tuple(rows))
    return find_header(table, "budget") is not None or find_header(table, "indicator") is not None


def _header_block(row: Sequence[GridCell]) -> Literal["budget", "indicator"] | None:
    """``budget`` or ``indicator`` for a row made only of one block's header words, else None."""
    keys = [clean(c.text).rstrip("：:") for c in row if clean(c.text)]
    if not keys:
        return None
    if any(_Vocabulary.budget_head(k) for k in keys) and all(_Vocabulary.budget_any(k) for k in keys):
        return "budget"
    if all(_Vocabulary.indicator_any(k) for k in keys) and sum(
        _column(k, "indicator") != "label" for k in keys
    ):
        return "indicator"
    return None


def _joined_headers(rows: Sequence[tuple[GridCell, ...]]) -> list[tuple[GridCell, ...]]:
    """A header a row-per-line layout broke over lines put back on one row: the cell over the budget
    rows' labels written on the line before (``预算资金 (万元)`` / ``年初预算数 | …``), and a header
    continued on the next line(s) (``… | 年度 指标值`` / ``实际 完成值`` / ``分值 | 得分``), when the
    continuation holds only that header's words and none it already has."""
    out: list[tuple[GridCell, ...]] = []
    for row in rows:
        block = _header_block(row)
        if out and block is not None:
            before = out[-1]
            filled = [c for c in before if clean(c.text)]
            label_only = len(filled) == 1 and bool(_Vocabulary.budget_unit.match(clean(filled[0].text)))
            if block == "budget" and label_only and _header_block(before) is None:
                out[-1] = tuple(filled) + tuple(c for c in row if clean(c.text) or c is not row[0])
                continue
            divided = _divided_header(before, row) if block == "indicator" else None
            if divided is not None:
                out[-1] = divided
                continue
            if _header_block(before) == block:
                taken = {_column(clean(c.text), block) for c in before if clean(c.text)}
                fields = [_column(clean(c.text), block) for c in row if clean(c.text)]
                if not taken & set(fields):
                    out[-1] = tuple(c for c in before if clean(c.text)) + tuple(
                        c for c in row if clean(c.text)
                    )
                    continue
        out.append(row)
    return out


Cells = tuple[GridCell, ...]

_LEVELS = ("level1", "level2", "name")


def _divided_header(upper: Cells, lower: Cells) -> Cells | None:
    """An indicator header over two rows whose lower row divides the upper's cells (``绩效指标 | 年度指标值
    | 实际完成值 | 分值 | 得分`` over ``一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位``): one row,
    the lower's level columns in place of the upper's title over them (its first cell, naming no
    column) and the lower's other cells in place of the one upper cell of their kind (年度指标值 over
    指标性质 / 指标值 / 度量单位). None unless the lower row opens with the level columns, holds nothing
    else the upper has, and the cells it divides are exactly the title and that one cell."""
    up = [c for c in upper if clean(c.text)]
    low = [c for c in lower if clean(c.text)]
    up_fields = [_column(clean(c.text).rstrip("：:"), "indicator") for c in up]
    low_fields = [_column(clean(c.text).rstrip("：:"), "indicator") for c in low]
    if len(up) < 3 or len(low) < 4 or None in up_fields or None in low_fields:
        return None
    levels = 0
    while levels < len(low_fields) and low_fields[levels] == _LEVELS[levels if levels < 3 else 2]:
        levels += 1
    rest = low_fields[levels:]
    if levels < 2 or not rest or up_fields[0] != "label" or any(f in _LEVELS for f in up_fields):
        return None
    divided = [k for k in range(1, len(up)) if up_fields[k] in rest]
    if len(divided) != 1 or any(f in up_fields and f != up_fields[divided[0]] for f in rest):
        return None
    k = divided[0]
    return (*low[:levels], *up[1:k], *low[levels:], *up[k + 1 :])


def _aligned(rows: list[Cells]) -> list[Cells]:
    """A row-per-line table's rows put under their header's columns. A pipe or tab row writes a cell
    merged over several rows once, in its first row (``产出指标`` over three indicators), and drops a
    row's empty cells at its end; a row that holds fewer cells than its header is placed by what its
    cells hold (``align``: a name, values, 分值, 得分 …) and padded with empty cells where the merged
    or empty cells stand, so that every reader finds a column's cells under its header. A budget
    row's label written on a line of its own and its figures on the next are one row. A row whose
    cells cannot all be placed is left as written."""
    table = GridTable(index=0, rows=tuple(rows))
    out = list(rows)
    budget = find_header(table, "budget")
    indicator = find_header(table, "indicator")
    if budget is not None and (indicator is None or budget.last < indicator.first):
        stop = indicator.first if indicator is not None else len(out)
        out[budget.last + 1 : stop] = _aligned_budget(out[budget.last + 1 : stop], budget)
        table = GridTable(index=0, rows=tuple(out))
        indicator = find_header(table, "indicator")
    if indicator is not None:
        out[indicator.last + 1 :] = _aligned_indicators(out[indicator.last + 1 :], indicator)
    return out


def _positions(header: Header) -> int:
    """The number of grid positions a header row spans (a zero-width label column counts none)."""
    return sum(1 for span in header.spans if span > 0)


_FIELD_KINDS: dict[str, ColumnKind] = {
    "initial": "amount",
    "adjusted": "amount",
    "executed": "amount",
    "rate": "rate",
    "weight": "points",
    "score": "points",
}


def _aligned_budget(rows: list[Cells], header: Header) -> list[Cells]:
    if any(span == 0 for span in header.spans):  # no cell over the row labels: rows cannot be padded
        return rows
    labels = sum(1 for kind in header.kinds if kind in ("label", "section"))
    kinds = [
        _FIELD_KINDS.get(f or "", "text")
        for f, k in zip(header.fields, header.kinds, strict=True)
        if k not in ("label", "section")
    ]
    out: list[Cells] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        filled = [c for c in row if clean(c.text)]
        key = clean(filled[0].text).rstrip(":：") if filled else ""
        if key and (_Vocabulary.goal.match(key) or _Vocabulary.end.match(key)):
            out.extend(rows[i:])
            break
        below = rows[i + 1] if i + 1 < len(rows) else ()
        label_only = len(filled) == 1 and not _is_value(Token(filled[0].text, 0))
        figures_below = (
            bool(below)
            and not clean(below[0].text)
            and all(_is_value(Token(c.text, 0)) for c in below)
            and any(clean(c.text) for c in below)
        )
        merged = label_only and figures_below and bool(_Vocabulary.budget_row.match(key))
        if merged:  # the label on a line of its own, its figures on the next: one row
            row = (filled[0], *below[1:])
        placed = _budget_cells(row, labels, kinds) if filled else None
        out.append(placed if placed is not None else row)
        if merged:
            out.append(())  # the figures' line left empty: the rows keep their numbers
        i += 2 if merged else 1
    return out


def _budget_cells(row: Cells, labels: int, kinds: list[ColumnKind]) -> Cells | None:
    """A budget row's cells: its label(s) in the header's label columns (the last of them when the row
    writes fewer), its figures placed under the value columns (``_place``); None when the row is not
    a labelled row of figures or already has the header's shape."""
    lead = 0
    while lead < len(row) and not _is_value(Token(row[lead].text, 0)):
        lead += 1
    if lead == 0 or lead > labels:
        return None
    values = [Token(c.text, c.line or 0, explicit_empty=not clean(c.text)) for c in row[lead:]]
    if not values or not all(_is_value(v) for v in values):
        return None
    if lead == labels and len(values) >= len(kinds):
        return None
    placed = _place([v for v in values if v.key or v.explicit_empty], kinds)
    if len(placed) > len(kinds):
        return None
    padded = [GridCell(text="")] * (labels - lead) + list(row[:lead])
    cells = [GridCell(text=t.text, line=t.line or None) if t.key else GridCell(text="") for t in placed]
    return (*padded, *cells)


def _aligned_indicators(rows: list[Cells], header: Header) -> list[Cells]:
    width = _positions(header)
    if width != len(header.kinds):
        return rows
    out: list[Cells] = []
    rows = _broken_rows(_values_below(rows, header))
    for index, row in enumerate(rows):
        filled = [c for c in row if clean(c.text)]
        if not filled:
            out.append(row)
            continue
        key = clean(filled[0].text).rstrip(":：")
        if (
            (_Vocabulary.total.match(key) and len(key) <= 8)
            or _Vocabulary.end.match(key)
            or core(key) in BLOCK_END
            or _Vocabulary.title.search(key)
        ):
            out.extend(rows[index:])
            break
        while len(row) > 1 and not clean(row[-1].text):
            row = row[:-1]
        if len(row) >= width:
            out.append(row)
            continue
        columns = align_indices([c.text for c in row], header.kinds)
        placed = sorted(i for column in columns for i in column)
        if placed != [i for i, c in enumerate(row) if clean(c.text)]:
            out.append(row)  # a cell fits no column: kept as written
            continue
        cells: list[GridCell] = []
        unplaced: list[GridCell] = []
        for k, column in enumerate(columns):
            signed = k > 0 and header.kinds[k - 1] == "sign" and bool(columns[k - 1])
            if header.kinds[k] == "value" and not signed and any(_points(clean(row[i].text)) for i in column):
                # a bare figure of 0-100 in a row short of cells: a 指标值 or 实际完成值, or a 分值 beside
                # a value merged from the row above; not guessed, kept after the row's columns
                unplaced.extend(row[i] for i in column)
                cells.append(GridCell(text=""))
            elif not column:
                cells.append(GridCell(text=""))
            elif len(column) == 1:
                cells.append(row[column[0]])
            else:
                first = row[column[0]]
                cells.append(
                    GridCell(
                        text=" ".join(row[i].text for i in column),
                        line=first.line,
                        line_end=row[column[-1]].line,
                    )
                )
        out.append((*cells, *unplaced))
    return _pushed_rows(out, header)


def _trimmed(row: Cells) -> Cells:
    while len(row) > 1 and not clean(row[-1].text):
        row = row[:-1]
    return row


def _broken_rows(rows: list[Cells]) -> list[Cells]:
    """A row the text broke after its name, its figures on the next line with nothing before them
    (``扶持发展新型农业经营主体 (个) |`` / ``15 | 6 | 8.0 |``): one row, before its cells are placed."""
    out: list[Cells] = []
    i = 0
    while i < len(rows):
        row = _trimmed(rows[i])
        below = _trimmed(rows[i + 1]) if i + 1 < len(rows) else ()
        words = [c for c in row if clean(c.text)]
        figures = [c for c in below if clean(c.text)]
        if (
            words
            and figures
            and len(figures) == len(below)
            and not any(_is_value(Token(c.text, 0)) for c in words)
            and all(_is_value(Token(c.text, 0)) for c in figures)
        ):
            out.append((*row, *below))
            i += 2
            continue
        out.append(rows[i])
        i += 1
    return out


def _values_below(rows: list[Cells], header: Header) -> list[Cells]:
    """A row broken after its name whose values are words, each on a line below (``效益指标 | 经济效益
    指标 | 减轻学生家庭负担 |`` / ``有效 |`` / ``有效 | 10 | 10 |``): one row, when the lines below hold
    no heading or header word, nothing but short words and, closing the last, the 分值 and 得分 (得分 no
    more than 分值), and exactly as many words as the header has value columns (指标值, 实际完成值).
    A row of values short of that count, or with a figure among its words, is left as written."""
    values = sum(1 for kind in header.kinds if kind == "value")
    if values < 2 or header.fields.count("weight") != 1 or header.fields.count("score") != 1:
        return rows
    out: list[Cells] = []
    i = 0
    while i < len(rows):
        row = [c for c in rows[i] if clean(c.text)]
        keys = [clean(c.text).rstrip("：:") for c in row]
        joined = _values_joined(rows, i, values) if keys and not any(_has_digit(k) for k in keys) else None
        if joined is None:
            out.append(rows[i])
            i += 1
            continue
        below, end = joined
        out.append((*row, *below))
        i = end
    return out


def _has_digit(key: str) -> bool:
    return any(ch.isdigit() for ch in key)


def _values_joined(rows: Sequence[Cells], i: int, values: int) -> tuple[list[GridCell], int] | None:
    """The cells of the lines below row ``i`` that complete it (see ``_values_below``) and the index
    after them; None when they do not."""
    words: list[GridCell] = []
    for j in range(i + 1, min(i + 1 + values, len(rows))):
        cells = [c for c in rows[j] if clean(c.text)]
        keys = [clean(c.text).rstrip("：:") for c in cells]
        if not cells or any(
            _known(k) or _Vocabulary.total.match(k) or _Vocabulary.end.match(k) for k in keys
        ):
            return None
        texts = [c for c, k in zip(cells, keys, strict=True) if not _has_digit(k)]
        figures = [k for k in keys if _has_digit(k)]
        if any(len(k) > 8 or _SENTENCE.search(k) for k in keys[: len(texts)]) or keys[: len(texts)] != [
            clean(c.text).rstrip("：:") for c in texts
        ]:
            return None  # a long text, or a figure before a word
        words.extend(texts)
        if not figures:
            continue
        if len(words) != values or len(figures) != 2 or not all(_points(k) for k in figures):
            return None
        weight, score = (Decimal(k.replace(",", "")) for k in figures)
        if score > weight:
            return None
        return [*words, *cells[len(texts) :]], j + 1
    return None


def _pushed_rows(rows: list[Cells], header: Header) -> list[Cells]:
    """A row broken after its name (``扶持发展新型农业经营主体 (个) | | |`` / ``| | | 15 | 6 | 8.0``): a row
    with a name and no figure, then a row of the header's width with figures and no heading or name,
    are one row (the figures' line is dropped, its cells keep their lines)."""
    width = len(header.kinds)
    heads = [k for k, f in enumerate(header.fields) if f in ("level1", "level2", "name") or f is None]
    name = [k for k, f in enumerate(header.fields) if f == "name"]
    if not name:
        return rows
    values = [k for k in range(width) if k not in heads]
    out: list[Cells] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        below = rows[i + 1] if i + 1 < len(rows) else ()
        if (
            len(row) == width
            and len(below) == width
            and clean(row[name[0]].text)
            and not any(clean(row[k].text) for k in values)
            and not any(clean(below[k].text) for k in heads)
            and any(_is_value(Token(below[k].text, 0)) and clean(below[k].text) for k in values)
        ):
            out.append(tuple(below[k] if k in values else row[k] for k in range(width)))
            i += 2
            continue
        out.append(row)
        i += 1
    return out


def _flat_tokens(lines: Sequence[str]) -> list[Token]:
    """The cells of a flat text: each line cut at its spaces, then pieces that are one cell put back
    together (``项目资金 (万元)``, ``经济效益 指标``) by the vocabulary."""
    pieces = [
        [Token(p, n) for p in _SPLIT_SPACES.split(line.strip()) if p] for n, line in enumerate(lines, 1)
    ]
    for n in range(len(pieces) - 1):
        _stacked_header(pieces[n], pieces[n + 1])
    return _rejoin(_bracketed([t for line in pieces for t in line]), split_words=True)


_OPEN = "(（"
_CLOSE = ")）"


def _depth(key: str) -> int:
    return sum(1 for ch in key if ch in _OPEN) - sum(1 for ch in key if ch in _CLOSE)


def _bracketed(tokens: list[Token]) -> list[Token]:
    """A header cell whose bracketed part the layout cut at its spaces (``执行率(全年`` ``执行数/全年``
    ``预算数)``): the pieces from an unclosed bracket to the piece that closes it, at most four on one
    line, are one cell when together they are a header word. Other pieces are left as they are."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        end = _bracket_end(tokens, i)
        if end is None:
            out.append(tokens[i])
            i += 1
            continue
        out.append(Token("".join(t.text for t in tokens[i : end + 1]), tokens[i].line))
        i = end + 1
    return out


def _bracket_end(tokens: Sequence[Token], i: int) -> int | None:
    """The index of the piece closing the bracket ``tokens[i]`` opens, when the pieces are one header
    word; else None."""
    token = tokens[i]
    depth = _depth(token.key)
    if depth <= 0 or _known(token.key):
        return None
    for j in range(i + 1, min(i + 4, len(tokens))):
        if tokens[j].line != token.line or _is_value(tokens[j]):
            return None
        depth += _depth(tokens[j].key)
        if depth <= 0:
            joined = clean("".join(t.text for t in tokens[i : j + 1])).rstrip("：:")
            return j if depth == 0 and _known(joined) else None
    return None


def _stacked_header(line: list[Token], below: list[Token]) -> None:
    """A header whose cells wrap onto the next line (``… 三级指标 年度 实际 分值 得分`` over ``指标值
    完成值``): each piece of the lower line, in order, completes a piece of the header line that is no
    word on its own into one that is (年度 + 指标值, 实际 + 完成值). The pieces are joined in place and
    the lower line emptied; nothing is done unless every lower piece finds its upper half."""
    if not below or sum(1 for t in line if _known(t.key)) < 3 or any(_is_value(t) for t in below):
        return
    joined: dict[int, Token] = {}
    start = 0
    for piece in below:
        match = next(
            (
                i
                for i in range(start, len(line))
                if not _known(line[i].key) and not _is_value(line[i]) and _known(line[i].key + piece.key)
            ),
            None,
        )
        if match is None:
            return
        joined[match] = Token(line[match].text + piece.text, line[match].line)
        start = match + 1
    for i, token in joined.items():
        line[i] = token
    below.clear()


def _rejoin(tokens: list[Token], split_words: bool = False) -> list[Token]:
    """Join a parenthesised qualifier to the label before it, and two pieces whose concatenation is a
    vocabulary word while neither piece is one (``经济效益`` + ``指标`` too: a bare ending after a word).

    ``split_words``: the layout cut cells at spaces (flat), so a cell's words may each be a word of the
    vocabulary on their own (``服务对象`` + ``满意度指标``): the second piece may then be a word too. Where
    a line is a cell, a line that is a word is a cell of its own."""
    out: list[Token] = []
    for token in tokens:
        if out:
            prev = out[-1]
            joined = prev.key + token.key
            if _Vocabulary.qualifier.match(token.key) and not _is_value(prev):
                out[-1] = _joined(prev, token)
                continue
            if (
                _column(prev.key, "indicator") == "deviation"
                and not _known(token.key)
                and not _is_value(token)
                and len(token.key) <= 6
                and _column(joined, "indicator") == "deviation"
            ):  # a 偏差原因 header broken over lines: ``偏差原因`` / ``分析及`` / ``改进措施``
                out[-1] = _joined(prev, token)
                continue
            if (
                (_Vocabulary.points_bracket.match(token.key) or _Vocabulary.points_half.match(token.key))
                and (_Vocabulary.g1.match(prev.key) or _Vocabulary.g2.match(prev.key))
                and not re.search(r"[（(]", prev.key)
            ):  # a heading's points on the next line: ``产出指标`` / ``(50)``
                out[-1] = _joined(prev, token)
                continue
            if (
                _Vocabulary.points_bracket.match(token.key)
                and "分" in token.key
                and _Vocabulary.budget_unit.match(prev.key)
                and not _Vocabulary.budget_head(prev.key)
                and not re.search(r"\d\s*分", prev.key)
            ):  # the budget block's points after its title: ``预算执行情况(万元)`` / ``(20分)``
                out[-1] = _joined(prev, token)
                continue
            if _known(prev.key) or not core(prev.key):
                joins = len(token.key) <= 2 and not _known(token.key) and bool(core(prev.key))
                # a goal label is known by its opening words: a piece after a whole one is no part of it
                joins = joins and not (_Vocabulary.goal.match(prev.key) and _Vocabulary.goal.match(joined))
            else:
                # a header word broken over lines (``年初`` / ``预算数``): the first piece no word on its
                # own, the whole a header word, though the second piece is a word too
                broken = len(prev.key) <= 4 and _Vocabulary.word(joined)
                joins = split_words or broken or not _known(token.key)
            if joins and _known(joined) and not _is_value(token) and not _is_value(prev):
                out[-1] = _joined(prev, token)
                continue
        out.append(token)
    return out


def _joined(first: Token, second: Token) -> Token:
    """Two pieces of one cell as one token (their readings joined too)."""
    reading = (
        (first.reading or first.text) + (second.reading or second.text)
        if first.reading or second.reading
        else ""
    )
    return Token(first.text + second.text, first.line, reading=reading)


def _known(key: str) -> bool:
    v = _Vocabulary
    return bool(
        v.word(key) or v.g1.match(key) or v.g2.match(key) or (v.budget_row.match(key) and len(key) <= 10)
    ) or bool(v.goal.match(key) and len(key) <= 10)


# --------------------------------------------------------------------------- row recovery


class StructureAligner(Protocol):
    """Cuts a sequence of cells (no rows marked) into paragraphs and tables of rows."""

    def blocks(self, stream: Sequence[Token], outside: dict[int, str]) -> list[Block]: ...


@dataclass
class _TableBuild:
    line: int
    rows: list[list[Token]] = field(default_factory=list)
    # the budget block's first row read without its label, where its values start, its columns, and
    # (when its figures could not be placed) the figures as written
    first: tuple[list[Token], int, list[ColumnKind], tuple[Token, ...] | None] | None = None
    budget_end: int = 0  # the rows of the table up to the budget block's end

    def add(self, cells: Sequence[Token]) -> None:
        if cells:
            self.rows.append(list(cells))

    def freeze(self) -> GridTable:
        rows = tuple(
            tuple(GridCell(text=t.text, line=t.line if t.key else None) for t in row) for row in self.rows
        )
        return GridTable(index=0, rows=rows, line=self.line)


_EMPTY = Token("", 0)


# A department field named with its level (the 中央/省级 rows of the 区域 and 专项 forms).
_QUALIFIED_FIELD = re.compile(r"^(中央|省级|市级|县级|区级|省|市|县|区)(主管部门|财政部门|主管单位)$")
_FUNDS_PART = re.compile(r"^其中[:：]")


@dataclass(frozen=True)
class VocabularyAligner:
    """Row recovery by the forms' vocabulary and the header's column kinds (see the module's doc).

    ``lines_are_rows``: the text writes a row on a line (the flat layout), so an indicator row that
    starts or ends inside a line costs more (a row may still span lines: values pushed onto the next
    line, a long name wrapped)."""

    lines_are_rows: bool = False

    def blocks(self, stream: Sequence[Token], outside: dict[int, str]) -> list[Block]:
        tokens = _rejoin(list(stream), split_words=self.lines_are_rows)
        blocks: list[tuple[int, Block]] = [(n, Paragraph(text=t, line=n)) for n, t in outside.items()]
        i = 0
        pending: list[Token] = []
        while i < len(tokens):
            start = self._table_start(tokens, i)
            if start is None:
                pending.extend(tokens[i:])
                break
            pending.extend(tokens[i:start])
            table, i = self._table(tokens, start)
            blocks.extend((t.line, b) for t, b in _paragraphs(pending))
            pending = []
            if table.rows:
                blocks.append((table.line, table.freeze()))
        blocks.extend((t.line, b) for t, b in _paragraphs(pending))
        blocks.sort(key=lambda item: item[0])
        return [b for _, b in blocks]

    # -- table extent

    def _table_start(self, tokens: Sequence[Token], i: int) -> int | None:
        """The first cell of the next table: its first field label (项目名称…) before a budget or an
        indicator header, or that header itself."""
        first_field: int | None = None
        for j in range(i, len(tokens)):
            key = tokens[j].key
            if _Vocabulary.field.match(key) and len(key) <= 12:
                if first_field is None or j - first_field > 60:
                    first_field = j
            elif self._budget_header_at(tokens, j) or self._indicator_header_at(tokens, j):
                return first_field if first_field is not None and j - first_field <= 60 else j
        return None

    @staticmethod
    def _budget_header_at(tokens: Sequence[Token], j: int) -> bool:
        window = [t.key for t in tokens[j : j + 5] if t.key]
        return (
            bool(tokens[j].key)
            and bool(_Vocabulary.budget_head(window[0]) or _Vocabulary.budget_unit.match(window[0]))
            and sum(1 for k in window if _Vocabulary.budget_any(k) or _Vocabulary.budget_head(k)) >= 3
        )

    @staticmethod
    def _indicator_header_at(tokens: Sequence[Token], j: int) -> bool:
        window = [t.key for t in tokens[j : j + 4] if t.key]
        return (
            bool(tokens[j].key)
            and bool(_Vocabulary.indicator_start(window[0]))
            and sum(1 for k in window if _Vocabulary.indicator_any(k)) >= 3
        )

    def _table(self, tokens: Sequence[Token], start: int) -> tuple[_TableBuild, int]:
        table = _TableBuild(line=tokens[start].line)
        i = start
        seen_indicators = False
        while i < len(tokens):
            key = tokens[i].key
            before = i
            if i > start and (_Vocabulary.end.match(key) or _Vocabulary.title.search(key)):
                break
            if seen_indicators and _Vocabulary.field.match(key) and len(key) <= 12:
                break  # the next form begins
            if self._budget_header_at(tokens, i):
                i = self._budget_block(tokens, i, table)
            elif self._indicator_header_at(tokens, i):
                i = self._indicator_block(tokens, i, table)
                seen_indicators = True
            elif _Vocabulary.total.match(key) and len(key) <= 8:
                i = self._total_row(tokens, i, table)
                if seen_indicators:
                    break
            elif _Vocabulary.goal.match(key) and len(key) <= 14:
                i = self._goal_block(tokens, i, table)
            elif self._paired_budget_at(tokens, i):
                i = self._paired_budget_row(tokens, i, table)
            else:
                i = self._field_row(tokens, i, table)
            if i == before:  # nothing consumed: read the cell as a row of its own
                i = self._field_row(tokens, i, table)
        if self.lines_are_rows:
            _displaced_figures(table)
        return table, i

    # -- blocks

    def _field_row(self, tokens: Sequence[Token], i: int, table: _TableBuild) -> int:
        row = [tokens[i]]
        i += 1
        while i < len(tokens) and not self._stops_field(tokens, i):
            row.append(tokens[i])
            i += 1
        table.add(row)
        return i

    @staticmethod
    def _paired_budget_at(tokens: Sequence[Token], i: int) -> bool:
        """A budget block that writes each figure beside its label, no column header over them (the
        区域/专项 forms: ``预算执行情况 | 预算数: | 2.38 | 执行数: | 2.38 | 20``): its title, then a budget
        column's word closed by a colon and a figure."""
        key = tokens[i].key
        if not _Vocabulary.budget_unit.match(key) or _Vocabulary.budget_head(key) or i + 2 >= len(tokens):
            return False
        label, figure = tokens[i + 1], tokens[i + 2]
        return (
            label.text.strip().endswith((":", "："))
            and _Vocabulary.budget_head(label.key)
            and _is_amount(figure.key)
        )

    def _paired_budget_row(self, tokens: Sequence[Token], i: int, table: _TableBuild) -> int:
        """The paired budget block's first row: its title and the pairs up to the first funds line
        (``其中:``), which opens a row of its own, as every form writes it."""
        row = [tokens[i]]
        i += 1
        while i < len(tokens) and not self._stops_field(tokens, i) and not _FUNDS_PART.match(tokens[i].key):
            row.append(tokens[i])
            i += 1
        table.add(row)
        return i

    def _stops_field(self, tokens: Sequence[Token], i: int) -> bool:
        key = tokens[i].key
        return bool(
            (_Vocabulary.field.match(key) and len(key) <= 12)
            or _QUALIFIED_FIELD.match(key)
            or self._paired_budget_at(tokens, i)
            or (_Vocabulary.goal.match(key) and len(key) <= 14)
            or (_Vocabulary.total.match(key) and len(key) <= 8)
            or _Vocabulary.end.match(key)
            or _Vocabulary.title.search(key)
            or self._budget_header_at(tokens, i)
            or self._indicator_header_at(tokens, i)
        )

    def _budget_block(self, tokens: Sequence[Token], i: int, table: _TableBuild) -> int:
        labels: list[Token] = []
        while (
            i < len(tokens)
            and _Vocabulary.budget_unit.match(tokens[i].key)
            and not _Vocabulary.budget_head(tokens[i].key)
        ):
            labels.append(tokens[i])
            i += 1
        while labels and i < len(tokens) and not tokens[i].key:  # the empty cell under a merged label
            i += 1
        columns: list[Token] = []
        while i < len(tokens) and (
            _Vocabulary.budget_any(tokens[i].key) or _Vocabulary.budget_head(tokens[i].key)
        ):
            columns.append(tokens[i])
            i += 1
        head = (
            [*labels, _EMPTY, _EMPTY][:2]
            if len(labels) <= 2
            else [labels[0], Token(" ".join(t.text for t in labels[1:]), labels[1].line)]
        )
        front = self._displaced_initial(table, columns) if self.lines_are_rows else []
        table.add(head + front + columns)
        header = table.rows[-1]
        kinds = [_budget_kind(c.key) for c in columns]
        blank = [_EMPTY] * len(front)  # the displaced 年初预算数 column's cell in each row
        widest = 0  # the most values a row of this block has held
        labelled = False  # a row label has been read in this block
        unlabelled: list[list[Token]] = []  # rows read before any label (their labels written elsewhere)
        held: tuple[list[Token], tuple[Token, ...]] | None = None  # a first row whose cut was not certain
        while i < len(tokens):
            token = tokens[i]
            key = token.key
            if self._ends_budget(tokens, i):
                break
            if _displaced_column(key, columns, widest):
                # a header cell merged down over the rows, which PDF reading order gives after them
                # (``… 分值 执行率`` / rows of six values / ``得分``): the header's last column
                columns.append(token)
                header.append(token)  # the header row as the table holds it
                kinds.append(_budget_kind(key))
                i += 1
                continue
            if _is_value(token) and key:
                # values before any row label (PDF reading order gives the labels elsewhere): rows of
                # the header's shape where the run cuts into them with certainty, else a row per value
                end = i
                while end < len(tokens) and tokens[end].key and _is_value(tokens[end]):
                    end += 1
                rows = _unlabelled_rows(tokens[i:end], kinds) if not labelled else None
                if rows is None and self.lines_are_rows and end - i > 1:
                    # not cut with certainty: kept as written, in no column (no figure is guessed)
                    table.add([Token(" ".join(t.text for t in tokens[i:end]), token.line)])
                    if held is None and not labelled and not unlabelled and end - i <= len(kinds):
                        held = (table.rows[-1], tuple(tokens[i:end]))
                    i = end
                    continue
                if rows is None:
                    i += 1
                    table.add([_EMPTY, token])
                    continue
                for cut in rows:
                    widest = max(widest, len(cut))
                    table.add([_EMPTY, _EMPTY, *blank, *cut])
                    unlabelled.append(table.rows[-1])
                i = end
                continue
            first = unlabelled[0] if unlabelled else None
            if (unlabelled or held) and self._displaced_label(tokens, i, header, first):
                i += 1
                continue
            if not key:
                i += 1
                continue
            label = token
            labelled = True
            i += 1
            values: list[Token] = []
            if i < len(tokens) and _is_run(tokens[i]):
                # figures written together: cut where one cut alone agrees, else left unread
                values.extend(_split_run(tokens[i], kinds) or [])
                i += 1
            while i < len(tokens) and (_is_value(tokens[i]) or tokens[i].explicit_empty):
                values.append(tokens[i])
                i += 1
            # A long text right after the values: the 原因/说明 column of this row.
            if (
                i < len(tokens)
                and "text" in kinds
                and len(tokens[i].key) > 15
                and not self._ends_budget(tokens, i)
                and not _Vocabulary.budget_row.match(tokens[i].key)
            ):
                values.append(tokens[i])
                i += 1
            widest = max(widest, len(values))
            placed = _place(values, kinds)
            table.add([_EMPTY, label, *(blank if len(values) <= len(kinds) else []), *placed])
        if unlabelled:
            _label_from_above(table.rows[: table.rows.index(header)], unlabelled)
            table.first = (unlabelled[0], 2 + len(front), kinds, None)
        elif held is not None:
            table.first = (held[0], 2 + len(front), kinds, held[1])
        table.budget_end = len(table.rows)
        return i

    @staticmethod
    def _displaced_initial(table: _TableBuild, columns: Sequence[Token]) -> list[Token]:
        """The 年初预算数 header cell PDF reading order wrote among the fields above the budget header
        (``主管部门 … 项目资金 年初预算数(万元) 年度资金总额``) with no figure after it, when the header
        opens with 全年预算数 and lacks it: taken out of that row to be the header's first amount
        column. Its cells are blank: the figures after the header are the header's columns' (a
        displaced header cell followed by a figure is left where it stands)."""
        fields = [_column(c.key, "budget") for c in columns]
        if not fields or fields[0] != "adjusted" or "initial" in fields:
            return []
        for row in table.rows:
            for n, token in enumerate(row):
                if _column(token.key, "budget") != "initial":
                    continue
                after = row[n + 1] if n + 1 < len(row) else None
                if after is not None and after.key and _is_value(after):
                    return []
                row.remove(token)
                return [token]
        return []

    @staticmethod
    def _displaced_label(
        tokens: Sequence[Token], i: int, header: list[Token], first: list[Token] | None
    ) -> bool:
        """A label PDF reading order gives after the rows it labels, with no values of its own: the
        block's title (``项目资金(元)``, which states the unit) goes to the header's label cell, the
        年度资金总额 label to the block's first row (the form's first row). True when placed."""
        token = tokens[i]
        key = token.key
        if i + 1 < len(tokens) and _is_value(tokens[i + 1]) and tokens[i + 1].key:
            return False
        if core(key) in FUNDS_TOTAL:
            if first is None or first[1].key:
                return False
            first[1] = token
            return True
        if _Vocabulary.budget_unit.match(key) and not _Vocabulary.budget_head(key) and not header[0].key:
            header[0] = token
            return True
        return False

    def _ends_budget(self, tokens: Sequence[Token], i: int) -> bool:
        key = tokens[i].key
        return bool(
            (_Vocabulary.goal.match(key) and len(key) <= 14)
            or (_Vocabulary.field.match(key) and len(key) <= 12)
            or (_Vocabulary.total.match(key) and len(key) <= 8 and not _Vocabulary.budget_row.match(key))
            or _Vocabulary.end.match(key)
            or _Vocabulary.title.search(key)
            or self._indicator_header_at(tokens, i)
            or self._budget_header_at(tokens, i)
            or _Vocabulary.g1.match(key)
        )

    def _goal_block(self, tokens: Sequence[Token], i: int, table: _TableBuild) -> int:
        head: list[Token] = []
        while i < len(tokens) and _Vocabulary.goal.match(tokens[i].key) and len(tokens[i].key) <= 14:
            head.append(tokens[i])
            i += 1
        table.add(head)
        texts: list[Token] = []
        while i < len(tokens) and not self._stops_field(tokens, i):
            texts.append(tokens[i])
            i += 1
        if texts:
            table.add([_EMPTY, *texts])
        return i

    def _total_row(self, tokens: Sequence[Token], i: int, table: _TableBuild) -> int:
        row = [tokens[i]]
        i += 1
        while i < len(tokens) and (
            _is_value(tokens[i]) or tokens[i].explicit_empty or _Vocabulary.grade.match(tokens[i].key)
        ):
            row.append(tokens[i])
            i += 1
        table.add(row)
        return i

    def _indicator_block(self, tokens: Sequence[Token], i: int, table: _TableBuild) -> int:
        header: list[Token] = []
        while i < len(tokens) and _Vocabulary.indicator_any(tokens[i].key) and len(tokens[i].key) <= 20:
            header.append(tokens[i])
            i += 1
        stop = i
        while stop < len(tokens):
            key = tokens[stop].key
            if (
                (_Vocabulary.total.match(key) and len(key) <= 8)
                or _Vocabulary.end.match(key)
                or _Vocabulary.title.search(key)
                or (_Vocabulary.field.match(key) and len(key) <= 12)
                or self._budget_header_at(tokens, stop)
                or self._indicator_header_at(tokens, stop)
            ):
                break
            stop += 1
        if self.lines_are_rows:
            closing = (
                tokens[stop] if stop < len(tokens) and _Vocabulary.total.match(tokens[stop].key) else None
            )
            found = _reading_order(header, tokens[i:stop], closing)
            if found is not None:
                for cells in found:
                    table.add(cells)
                closed = closing is not None and found[-1][1] is closing  # the 总分 row read with them
                return stop + 1 if closed else stop
        lead = [] if header and header[0].key.startswith("绩效指标") else [_EMPTY]
        kinds = [_indicator_kind(t.key) for t in header]
        table.add(lead + header)
        if "name" not in kinds:
            return i
        name_col = kinds.index("name")
        block = _vertical(tokens[i:stop]) if self.lines_are_rows else list(tokens[i:stop])
        for row in _align_indicators(block, kinds, self.lines_are_rows):
            if all(_template(t.key) or _is_blank(t) for c, t in row if c >= name_col):
                # a template row left unfilled (指标2, ……), with a heading of its own at most: a
                # heading over no indicator; the next row, a new heading's first, states its own
                continue
            offset = 1 if header and header[0].key.startswith("绩效指标") else 0
            cells = [_EMPTY] * (len(kinds) - offset)
            for col, token in row:
                cells[col - offset] = token
            table.add([_EMPTY, *cells])
        return stop


# --------------------------------------------------------------------------- reading order
# PDF or spreadsheet text flattened in reading order writes an indicator block column by column: the
# rows' figures one after another (``=100% 100% 10 10 =100% 100% 20 20 …``), then the names (``合同结算
# 条款完成率 费用结算及时性 …``), with the 一级/二级 labels and the header's words among them. Such a block
# is read by its structure: the header's words found anywhere in it give the columns, the figures are
# cut into rows of the header's shape (the values, then 分值/得分), the names are the cells left that are
# no heading, no header word and no sentence, and the two are paired in order -- only when as many
# names as rows are found. The 总分 row's figures come last among the figures.

_FIGURE = re.compile(
    r"^(?:[<>=≥≤＞＜≧≦]{1,2}|不少于|不低于|不高于|不超过|不多于|大于|小于|约)?\s*[-+]?\d[\d,]*(?:\.\d+)?"
    r"\s*(?:[%％‰]|[\u4e00-\u9fff]{1,3})?(?:以上|以下|以内)?$"
)
_NUMBERED = re.compile(r"^(指标\s*\d+|\d+\s*[、.．:：]|[（(]\s*\d+\s*[)）])")
_LEVEL_PIECE = re.compile(r"^[（(]?\s*\d+(\.\d+)?\s*分?\s*[)）]?$|^[（(）)]$|指标$")


def _figure(token: Token) -> bool:
    """A cell of an indicator row's value columns that is a figure (``=100%``, ``75元``, ``98%以上``)."""
    return bool(_FIGURE.match(token.key)) and any(ch.isdigit() for ch in token.key)


def _word_value(token: Token) -> bool:
    """A short written value (``及时``, ``达标``): two to four characters, no heading or header word."""
    key = token.key
    return (
        2 <= len(key) <= 4
        and not _is_level(key)
        and not _known(key)
        and not _remnant(key)
        and not _Vocabulary.field.match(key)
    )


def _reading_order(
    header: Sequence[Token], block: Sequence[Token], closing: Token | None
) -> list[list[Token]] | None:
    """The rows of an indicator block written in reading order (see above): its header row, one row a
    name, the 总分 row when ``closing`` (the 总分 label after the block) and its figures are found. None
    when the block is not so written or its names and rows do not pair one to one."""
    words = [*header, *(t for t in block if _Vocabulary.indicator_any(t.key) and len(t.key) <= 20)]
    by_kind: dict[str, list[Token]] = {}
    seen: set[str] = set()
    for word in words:
        column = _column(word.key, "indicator")
        if column is None or column in seen or column == "label":
            continue
        seen.add(column)
        by_kind.setdefault(_indicator_kind(word.key), []).append(word)
    values, points = by_kind.get("value", [])[:2], by_kind.get("points", [])[:2]
    if "name" not in by_kind or not values or not points:
        return None
    values = _completed(values, block)
    rest = [t for t in block if t.key and not (_Vocabulary.indicator_any(t.key) and len(t.key) <= 20)]
    shape = len(values) + len(points)
    groups: list[tuple[int, list[Token]]] = []  # (position in ``rest``, the row's figures)
    texts: list[tuple[int, Token]] = []
    total: list[Token] | None = None
    k = 0
    while k < len(rest):
        cells = rest[k : k + shape]
        if (
            len(cells) == shape
            and all(_figure(t) or _word_value(t) for t in cells[: len(values)])
            and any(_figure(t) for t in cells)
            and all(_points(t.key) for t in cells[len(values) :])
        ):
            groups.append((k, list(cells)))
            k += shape
            continue
        tail = rest[k : k + len(points)]
        after = rest[k + len(points)] if k + len(points) < len(rest) else None
        if (
            groups
            and total is None
            and len(tail) == len(points)
            and all(_points(t.key) for t in tail)
            and (after is None or not (_figure(after) or _is_number(after.key)))
        ):
            total = list(tail)
            k += len(points)
            continue
        if _figure(rest[k]) or _is_rate(rest[k].key) or (total is not None and _is_number(rest[k].key)):
            return None  # a figure outside every row: not this layout, or not cut with certainty
        texts.append((k, rest[k]))
        k += 1
    adjacent = any(b[0] == a[0] + shape for a, b in pairwise(groups))
    if len(groups) < 2 or not adjacent or (total is not None and closing is None):
        return None
    reasons: dict[int, Token] = {}
    notes = by_kind.get("text", [])[:1]
    if notes:  # the 偏差原因 column: the text right after a row's figures that opens no name
        reasons, texts = _reasons(texts, [k + shape for k, _ in groups])
    names = _reading_order_names(texts)
    if len(names) != len(groups):
        return None
    levels = [w for kind in ("g1", "g2") for w in by_kind.get(kind, [])[:1]]
    head = [_EMPTY, *levels, by_kind["name"][0], *values, *points, *notes]
    rows = [head]
    for n, (name, (_, cells)) in enumerate(zip(names, groups, strict=True)):
        reason = [reasons[n]] if n in reasons else []
        rows.append([_EMPTY, *[_EMPTY] * len(levels), name, *cells, *reason])
    if total is not None and closing is not None:
        rows.append([_EMPTY, closing, *[_EMPTY] * (len(levels) + len(values)), *total])
    return rows


def _completed(words: Sequence[Token], block: Sequence[Token]) -> list[Token]:
    """Header words whose first part reading order left elsewhere in the block (``年度`` … ``实际
    指标值 完成值``: 年度指标值 and 实际完成值 wrapped over two lines): each completed by a remnant of the
    block that makes it the same column's fuller word."""
    remnants = [t for t in block if _remnant(t.key)]
    out: list[Token] = []
    for word in words:
        field = _column(word.key, "indicator")
        match = next((r for r in remnants if _column(r.key + word.key, "indicator") == field), None)
        if match is not None and match.key + word.key != word.key:
            remnants.remove(match)
            word = Token(match.text + word.text, word.line)
        out.append(word)
    return out


def _vertical(tokens: Sequence[Token]) -> list[Token]:
    """The cells without the labels written down a merged cell (``绩 效 指 标``: single characters in
    a row that together are a word of the forms), which reading order puts among the rows."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and len(tokens[j].key) == 1 and "\u4e00" <= tokens[j].key <= "\u9fff":
            j += 1
        if j - i >= 2 and _known("".join(t.key for t in tokens[i:j])):
            i = j
            continue
        out.append(tokens[i])
        i += 1
    return out


_PUNCTUATED = re.compile(r"[，。；;,！？]")


def _reasons(
    texts: Sequence[tuple[int, Token]], ends: Sequence[int]
) -> tuple[dict[int, Token], list[tuple[int, Token]]]:
    """The 偏差原因 cells of a block in reading order: the pieces right after a row's figures, up to a
    heading or a numbered name (``建档立卡中有新增死亡 人员,导致有偏差``), when they hold a sentence; by
    row, with the text cells left."""
    at = {k: n for n, k in enumerate(ends)}
    reasons: dict[int, Token] = {}
    taken: set[int] = set()
    for n, (k, _) in enumerate(texts):
        if k not in at:
            continue
        run: list[int] = []
        m = n
        while (
            m < len(texts)
            and texts[m][0] == k + len(run)
            and not _is_level(texts[m][1].key)
            and not _NUMBERED.match(texts[m][1].key)
        ):
            run.append(m)
            m += 1
        pieces = [texts[r][1] for r in run]
        if pieces and any(_PUNCTUATED.search(t.key) for t in pieces):
            reasons[at[k]] = Token("".join(t.text for t in pieces), pieces[0].line)
            taken.update(run)
    return reasons, [t for n, t in enumerate(texts) if n not in taken]


def _reading_order_names(texts: Sequence[tuple[int, Token]]) -> list[Token]:
    """The indicator names among the text cells of a block in reading order, each with the pieces its
    wrapped cell left after it joined on. A heading (一级/二级指标, ``效益指`` ``标(30`` ``分)`` broken over
    pieces), a sentence (a 偏差原因), a header word's remnant (``年度``) and a run of single characters (a
    label written down a merged cell: ``绩 效 指 标``) is no name. Where names are numbered (``指标1:``),
    only a numbered cell opens one and an unnumbered piece right after it continues it; otherwise every
    cell of two characters or more is a name and a single character right after one continues it."""
    level: set[int] = set()
    for a in range(len(texts)):  # a heading broken over two or three pieces
        for b in range(a + 2, min(a + 4, len(texts) + 1)):
            run = texts[a:b]
            if run[-1][0] - run[0][0] == b - a - 1 and _is_level("".join(t.key for _, t in run)):
                level.update(range(a, b))
    single = {
        n
        for n, (k, t) in enumerate(texts)
        if len(t.key) == 1
        and any(
            0 <= m < len(texts) and abs(texts[m][0] - k) == 1 and len(texts[m][1].key) == 1
            for m in (n - 1, n + 1)
        )
    }
    numbered = sum(1 for _, t in texts if _NUMBERED.match(t.key)) >= 2
    names: list[list[Token]] = []
    last = -2  # position of the last piece taken into a name
    for n, (k, token) in enumerate(texts):
        key = token.key
        if n in level or n in single or _is_level(key) or _is_sentence(key) or _SENTENCE.search(key):
            continue
        if _LEVEL_PIECE.search(key) or _remnant(key):
            continue
        opens = bool(_NUMBERED.match(key)) if numbered else len(key) >= 2
        if opens:
            names.append([token])
            last = k
        elif names and k == last + 1:
            names[-1].append(token)
            last = k
    return [
        Token(" ".join(t.text for t in pieces), pieces[0].line) if len(pieces) > 1 else pieces[0]
        for pieces in names
    ]


def _remnant(key: str) -> bool:
    """A piece of an indicator header word the layout cut off (``年度`` of 年度指标值, ``实际``)."""
    return len(key) <= 2 and any(
        word.startswith(key) for column in INDICATOR_COLUMNS for word in column.words
    )


def _displaced_column(key: str, columns: Sequence[Token], widest: int) -> bool:
    """A budget header word after the block's rows that completes the header: rows have held one value
    more than the header has columns, and the word names a column the header lacks."""
    field = _column(key, "budget")
    if field in (None, "label") or widest != len(columns) + 1:
        return False
    return field not in {_column(c.key, "budget") for c in columns}


def _paragraphs(tokens: Sequence[Token]) -> list[tuple[Token, Paragraph]]:
    """Tokens outside tables as paragraphs, one per source line."""
    by_line: dict[int, list[Token]] = {}
    for t in tokens:
        if t.key:
            by_line.setdefault(t.line, []).append(t)
    return [(ts[0], Paragraph(text=" ".join(t.text for t in ts), line=n)) for n, ts in by_line.items()]


def _budget_kind(key: str) -> ColumnKind:
    if key.startswith(("分值", "权重", "得分")):  # 得分(20分*执行率) too
        return "points"
    if "执行率" in key:
        return "rate"
    if key.startswith(("原因", "备注", "偏差原因")):
        return "text"
    return "amount"


def _indicator_kind(key: str) -> ColumnKind:
    if key.startswith("绩效指标"):
        return "label"
    if key.startswith("一级指标"):
        return "g1"
    if key.startswith("二级指标"):
        return "g2"
    if key.startswith("三级指标"):
        return "name"
    if key.startswith(("指标性质", "指标方向")):
        return "op"
    if key.startswith(("度量单位", "计量单位")):
        return "unit"
    if key.startswith(("分值", "权重", "得分", "得分系数")):
        return "points"
    if key.startswith(("偏差原因", "未完成原因", "指标值设置依据", "是否核心指标")):
        return "text"
    return "value"


# --------------------------------------------------------------------------- budget placement


def _place(values: Sequence[Token], kinds: Sequence[ColumnKind]) -> list[Token]:
    """A budget row's values put into the header's columns. Blanks the layout marks are cells; when
    there are fewer values than columns, the placement that fits the columns' kinds best is taken,
    and between equal fits the one whose 执行率 agrees with 执行数 ÷ 预算数."""
    if len(values) >= len(kinds) or any(v.explicit_empty for v in values):
        return list(values)
    best: tuple[float, list[Token]] | None = None
    for chosen in _combinations(len(kinds), len(values)):
        cells = [_EMPTY] * len(kinds)
        cost = 0.0
        for value, col in zip(values, chosen, strict=True):
            cells[col] = value
            cost += _fit(value, kinds[col])
        cost += 0.01 * sum(chosen)  # between equal fits, the earlier columns
        if _rate_agrees(cells, kinds):
            cost -= 0.5
        if best is None or cost < best[0]:
            best = (cost, cells)
    assert best is not None
    cells = best[1]
    while cells and cells[-1] is _EMPTY:
        cells.pop()
    return cells


def _displaced_figures(table: _TableBuild) -> None:
    """Figures of a budget block's first row that PDF reading order wrote after the block, alone
    (``预期目标 年度总体目标 86.19%``; ``实施单位 9,034 … 10 45.17%``), put into the row's empty cells.

    The figures standing alone between the block and the indicator header, in order, and the row's
    own figures (placed, or as written when their cut was not certain) must fill the header's columns
    in order, each in a column its kind fits, and the row must then agree with itself: 执行数 ÷ 预算数 =
    执行率 within half a point, and 得分 no more than 分值 and within a point of 分值 × 执行率. Only
    when exactly one filling does are the figures moved; otherwise everything stays where it is."""
    if table.first is None:
        return
    row, offset, kinds, written = table.first
    if "rate" not in kinds or "amount" not in kinds:
        return
    start = next((n for n, r in enumerate(table.rows) if r is row), None)
    if start is None:
        return
    found: list[tuple[list[Token], Token]] = []
    for later in table.rows[table.budget_end :]:
        if any(_Vocabulary.indicator_any(t.key) for t in later):
            break
        found.extend((later, t) for t in later if t.key and (_is_amount(t.key) or _is_rate(t.key)))
    if not found or len(found) > len(kinds):
        return
    loose = [t for _, t in found]
    if written is None:
        own = [[*row[offset : offset + len(kinds)], *[_EMPTY] * len(kinds)][: len(kinds)]]
    else:
        own = []
        for cols in _combinations(len(kinds), len(written)):
            if all(_fits(t, kinds[c]) for t, c in zip(written, cols, strict=True)):
                cells = [_EMPTY] * len(kinds)
                for t, c in zip(written, cols, strict=True):
                    cells[c] = t
                own.append(cells)
    fillings: list[list[Token]] = []
    for cells in own:
        empty = [c for c in range(len(kinds)) if not cells[c].key]
        if len(empty) != len(loose):
            continue
        filled = list(cells)
        for t, c in zip(loose, empty, strict=True):
            filled[c] = t
        if all(_fits(t, k) and not _is_blank(t) for t, k in zip(filled, kinds, strict=True)) and _agrees(
            filled, kinds
        ):
            fillings.append(filled)
    if len(fillings) != 1:
        return
    if written is None:
        row.extend([_EMPTY] * (offset + len(kinds) - len(row)))
        row[offset : offset + len(kinds)] = fillings[0]
    else:
        row[:] = [_EMPTY, _EMPTY, *[_EMPTY] * (offset - 2), *fillings[0]]
        total = next(
            (
                r
                for r in table.rows[start + 1 : table.budget_end]
                if len(r) == 2 and core(r[1].key) in FUNDS_TOTAL
            ),
            None,
        )
        if total is not None:  # its label, which reading order wrote after the block's rows
            row[1] = total[1]
            table.rows.remove(total)
    for source, token in found:
        source.remove(token)
        if not any(t.key for t in source):
            table.rows.remove(source)


def _agrees(cells: Sequence[Token], kinds: Sequence[ColumnKind]) -> bool:
    """A full budget row that agrees with itself: 执行率 with 执行数 ÷ 预算数, 得分 with 分值 × 执行率."""
    if not _rate_agrees(cells, kinds):
        return False
    points = [
        parse_decimal(t.key.replace(",", "")) for t, k in zip(cells, kinds, strict=True) if k == "points"
    ]
    rate = next(parse_decimal(t.key.rstrip("%％")) for t, k in zip(cells, kinds, strict=True) if k == "rate")
    if len(points) < 2:
        return True  # no 分值 and 得分 to hold against each other
    weight, score = points[0], points[-1]
    if len(points) != 2 or weight is None or score is None or rate is None:
        return False
    return score <= weight and abs(weight * rate / 100 - score) < 1


def _label_from_above(above: Sequence[list[Token]], unlabelled: Sequence[list[Token]]) -> None:
    """Rows read without labels take the funds lines' labels PDF reading order wrote above the budget
    header (``主管部门 … 年度资金总额 其中:当年财政拨款``), in order, when those labels open with the
    年度资金总额 line (the form's first row) and are no more than the rows still unlabelled. The labels
    leave the row they stood in."""
    empty = [row for row in unlabelled if not row[1].key]
    if not empty or empty[0] is not unlabelled[0]:
        return
    found = [
        (row, token)
        for row in above
        for token in row
        if (core(token.key) in FUNDS_TOTAL or token.key.startswith("其中"))
        and _Vocabulary.budget_row.match(token.key)
        and len(token.key) <= 12
    ]
    if not found or core(found[0][1].key) not in FUNDS_TOTAL or len(found) > len(empty):
        return
    if any(core(t.key) in FUNDS_TOTAL for _, t in found[1:]):
        return
    for row, (source, token) in zip(empty, found, strict=False):
        row[1] = token
        source.remove(token)


def _unlabelled_rows(values: Sequence[Token], kinds: Sequence[ColumnKind]) -> list[list[Token]] | None:
    """A run of budget values whose row labels the layout wrote elsewhere (``全年预算数 全年执行数 分值
    执行率 得分 65.66 65.07 10 99% 9 65.66 65.07 — 99% —``), cut into rows of the header's columns.

    Every way to cut the run is weighed: each row opens with an amount in the header's first column,
    its values stand in the header's columns in order, each in a column its kind fits (an amount column
    an amount, 分值/得分 a figure of at most 100, 执行率 a percentage, any column a dash), at most one
    column left empty between them. Where exactly one way places every figure (dashes may stand in
    either of two places), its rows are returned; a row holding a budget, an executed amount and a rate
    must have them agree. ``None`` (the values are left as they are) when no way or more than one does:
    ``20000.00 20000.00 4.52`` leaves 4.52 an executed amount, a 分值 or a 得分."""
    if not 2 <= len(values) <= _UNLABELLED_LONGEST or not kinds or kinds[0] != "amount":
        return None
    found: dict[tuple[tuple[int, int], ...], list[list[Token]]] = {}

    def rows_from(start: int, done: list[list[Token]], sign: tuple[tuple[int, int], ...]) -> None:
        if len(found) > 1:
            return
        if start == len(values):
            found.setdefault(sign, [list(r) for r in done])
            return
        if _is_blank(values[start]) or not _is_amount(values[start].key):
            return
        for end, cells, cols in _row_ways(values, start, kinds):
            if len(found) > 1:
                return
            row_sign = tuple(
                (len(done), c) for t, c in zip(values[start:end], cols, strict=True) if not _is_blank(t)
            )
            rows_from(end, [*done, cells], sign + row_sign)

    rows_from(0, [], ())
    if len(found) != 1:
        return None
    rows = next(iter(found.values()))
    for cells in rows:
        padded = [*cells, *[_EMPTY] * (len(kinds) - len(cells))]
        amounts = [t for t, k in zip(padded, kinds, strict=True) if k == "amount" and _is_amount(t.key)]
        rated = any(_is_rate(t.key) for t, k in zip(padded, kinds, strict=True) if k == "rate")
        if len(amounts) >= 2 and rated and not _rate_agrees(padded, kinds):
            return None
    return rows


_UNLABELLED_LONGEST = 24  # a longer run of values is no budget block's rows


def _row_ways(
    values: Sequence[Token], start: int, kinds: Sequence[ColumnKind]
) -> list[tuple[int, list[Token], list[int]]]:
    """The ways one row can take ``values[start:end]``: (end, its cells, the column of each value)."""
    out: list[tuple[int, list[Token], list[int]]] = []

    def extend(pos: int, cols: list[int], gaps: int) -> None:
        if pos == len(values) or cols[-1] == len(kinds) - 1:
            # a row ends at the header's last column; the run's last row may end sooner
            cells = [_EMPTY] * (cols[-1] + 1)
            for t, c in zip(values[start:pos], cols, strict=True):
                cells[c] = t
            out.append((pos, cells, list(cols)))
        if pos == len(values):
            return
        for col in range(cols[-1] + 1, len(kinds)):
            skipped = gaps + col - cols[-1] - 1
            if skipped > 1:
                break
            if _fits(values[pos], kinds[col]):
                extend(pos + 1, [*cols, col], skipped)

    extend(start + 1, [0], 0)
    return out


def _fits(token: Token, kind: ColumnKind) -> bool:
    """A budget value that can stand in a column of ``kind`` (a dash or blank in any column)."""
    key = token.key
    if _is_blank(token):
        return True
    if kind == "amount":
        return _is_amount(key)
    if kind == "rate":
        return _is_rate(key)
    if kind == "points":
        return _points(key)
    return False


def _combinations(n: int, k: int) -> list[tuple[int, ...]]:
    from itertools import combinations

    return list(combinations(range(n), k)) if n <= 12 else [tuple(range(k))]


def _fit(token: Token, kind: ColumnKind) -> float:
    key = token.key
    if _is_blank(token):
        return 0.2
    if kind == "amount":
        return 0.0 if _is_amount(key) else 3.0
    if kind == "rate":
        return 0.0 if _is_rate(key) else (1.0 if _is_number(key) else 3.0)
    if kind == "points":
        return 0.0 if _points(key) else 3.0
    if kind == "text":
        return 0.5 if not _is_number(key) else 3.0
    return 1.0


def _rate_agrees(cells: Sequence[Token], kinds: Sequence[ColumnKind]) -> bool:
    amounts = [c for c, k in zip(cells, kinds, strict=True) if k == "amount"]
    rates = [c for c, k in zip(cells, kinds, strict=True) if k == "rate" and c.key]
    if len(amounts) < 2 or not rates:
        return False
    budget, executed = (
        parse_decimal(_AMOUNT_UNIT.sub("", t.key).replace(",", "")) if _is_amount(t.key) else None
        for t in amounts[-2:]
    )
    written = parse_decimal(rates[0].key.rstrip("%％"))
    if budget is None or executed is None or written is None or budget == 0:
        return False
    return abs(executed / budget * 100 - written) <= Decimal("0.5")


# --------------------------------------------------------------------------- indicator alignment

_SKIP_COST: dict[ColumnKind, float] = {
    "value": 2.5,
    "op": 1.5,
    "unit": 1.5,
    "points": 3.5,
    "text": 0.0,
    "amount": 2.5,
    "rate": 2.5,
}
_JUNK = 6.0
_EMPTY_EXTRA = 0.5  # an empty cell left out of every row
_BARE_NAME = 2.0  # an indicator row with a name and no figure: more often a cell of the row above


def _cell_cost(token: Token, kind: ColumnKind) -> float | None:
    """How badly ``token`` fits a column of ``kind`` (``None``: it cannot stand there)."""
    key = token.key
    if token.explicit_empty:
        return 0.0 if kind not in ("name",) else None
    if _is_header_like(key):
        return None
    if kind == "points":
        return 0.0 if _points(key) else None
    if kind == "op":
        return 0.0 if _Vocabulary.op.match(key) else None
    if kind == "unit":
        return 0.0 if _Vocabulary.unit_word.match(key) else None
    if kind == "text":
        if _is_level(key) or _template(key):
            return None
        if _is_number(key):
            return 1.5
        return 0.0 if _is_sentence(key) else 1.0
    if kind == "value":
        return None if _is_level(key) else (0.0 if len(key) <= 30 else 0.8)
    return 0.0


def _is_level(key: str) -> bool:
    return bool(
        _Vocabulary.g1.match(key) or _Vocabulary.g2.match(key) or _Vocabulary.g1_points_only.match(key)
    )


def _is_header_like(key: str) -> bool:
    return bool(_Vocabulary.indicator_any(key)) and len(key) <= 8 and key not in ("得分", "分值")


def _template(key: str) -> bool:
    """A template row's label left unfilled: ``指标2``, ``……``, or ``指标1:/`` (a dash glued to it)."""
    return bool(TEMPLATE_ROW.match(key) or TEMPLATE_ROW.match(key.rstrip("/／-－—")))


def _is_sentence(key: str) -> bool:
    """A cell of prose (a 偏差原因 written out): long and punctuated like a sentence."""
    return len(key) > 15 and bool(re.search(r"[，。；,;]", key))


def _name_cost(token: Token) -> float | None:
    key = token.key
    if not key or _is_number(key) or _is_rate(key) or _is_level(key) or _is_header_like(key):
        return None
    if _Vocabulary.op.match(key) or _Vocabulary.unit_word.match(key):
        return None
    return 1.5 if _is_sentence(key) else 0.0


@dataclass(frozen=True)
class _Step:
    cost: float
    end: int
    cells: tuple[tuple[int, Token], ...]


_MID_LINE = 4.0  # a row cut inside a line of a layout that writes a row on a line
_LINE_ROW = 3.0  # a row that is whole lines of such a layout


def _align_indicators(
    tokens: list[Token], kinds: Sequence[ColumnKind], lines_are_rows: bool = False
) -> list[list[tuple[int, Token]]]:
    """Cut the indicator cells into rows of the header's shape: ``[一级] [二级] 三级 值… 分值 得分 [原因]``.

    A dynamic programme over the cells: each row is weighed by how well its cells fit their columns
    (``_cell_cost``), a column left empty costs by its kind (an empty 原因 is free, an empty 分值 is
    dear), and a cell that fits no row shape becomes a row of its own at a high cost, so nothing is
    ever dropped. Rows are returned as (column, cell) pairs.
    """
    g1_col = kinds.index("g1") if "g1" in kinds else None
    g2_col = kinds.index("g2") if "g2" in kinds else None
    name_col = kinds.index("name")
    rest = list(range(name_col + 1, len(kinds)))
    n = len(tokens)
    inf = float("inf")
    best: list[tuple[float, list[tuple[int, Token]] | None, int]] = [(inf, None, 0)] * (n + 1)
    best[n] = (0.0, [], n)

    def cut(start: int, end: int) -> float:
        """A row of tokens[start:end]: dearer when it ends inside a line, cheaper when it is whole
        lines (in a layout whose lines are rows)."""
        if not lines_are_rows:
            return 0.0
        ends_line = end >= n or tokens[end].line != tokens[end - 1].line
        starts_line = start == 0 or tokens[start - 1].line != tokens[start].line
        return (0.0 if ends_line else _MID_LINE) - (_LINE_ROW if starts_line and ends_line else 0.0)

    for i in range(n - 1, -1, -1):
        options: list[tuple[float, list[tuple[int, Token]], int]] = []
        # A cell that fits nowhere: a row of its own.
        col = g1_col if g1_col is not None and _is_level(tokens[i].key) else name_col
        if not tokens[i].key:  # an empty cell beyond the header's columns (merged, or a border's)
            options.append((_EMPTY_EXTRA + best[i + 1][0], [], i + 1))
        else:
            options.append((_JUNK + cut(i, i + 1) + best[i + 1][0], [(col, tokens[i])], i + 1))
        for lead_cost, lead, j in _leads(tokens, i, g1_col, g2_col):
            if j < n and (name := _name_cost(tokens[j])) is not None:
                template = _template(tokens[j].key)  # 指标2 left empty: nothing to miss
                for step in _rest(tokens, j + 1, rest, kinds, template):
                    bare = not template and not any(t.key for _, t in step.cells)  # a name alone
                    total = lead_cost + name + step.cost + cut(i, step.end) + best[step.end][0]
                    total += _BARE_NAME if bare else 0.0
                    options.append((total, [*lead, (name_col, tokens[j]), *step.cells], step.end))
            if lead and j <= n:  # a heading row alone (its indicators follow)
                options.append((lead_cost + 4.0 + cut(i, j) + best[j][0], list(lead), j))
        cost, row, end = min(options, key=lambda o: o[0])
        best[i] = (cost, row, end)
    rows: list[list[tuple[int, Token]]] = []
    i = 0
    while i < n:
        _, chosen, end = best[i]
        assert chosen is not None
        if chosen:
            rows.append(chosen)
        i = end
    return rows


def _leads(
    tokens: Sequence[Token], i: int, g1_col: int | None, g2_col: int | None
) -> list[tuple[float, list[tuple[int, Token]], int]]:
    """The ways a row may open: nothing, a 一级指标, a 二级指标, or both."""
    out: list[tuple[float, list[tuple[int, Token]], int]] = [(0.0, [], i)]
    n = len(tokens)

    def g1_at(j: int) -> bool:
        return (
            g1_col is not None
            and j < n
            and bool(_Vocabulary.g1.match(tokens[j].key) or _Vocabulary.g1_points_only.match(tokens[j].key))
        )

    def g2_at(j: int) -> bool:
        return g2_col is not None and j < n and bool(_Vocabulary.g2.match(tokens[j].key))

    if g1_at(i) and g1_col is not None:
        cost = 0.0 if ("分" in tokens[i].key or g2_at(i + 1)) else 0.3
        out.append((cost, [(g1_col, tokens[i])], i + 1))
        if g2_at(i + 1) and g2_col is not None:
            out.append((cost, [(g1_col, tokens[i]), (g2_col, tokens[i + 1])], i + 2))
    if g2_at(i) and g2_col is not None:
        out.append((0.1, [(g2_col, tokens[i])], i + 1))
    return out


def _rest(
    tokens: Sequence[Token],
    start: int,
    cols: Sequence[int],
    kinds: Sequence[ColumnKind],
    template: bool = False,
) -> list[_Step]:
    """Every way to fill the columns after 三级指标 from ``start`` on, each column taking one cell or
    staying empty; the cheapest few per end position."""
    states: dict[int, tuple[float, tuple[tuple[int, Token], ...]]] = {start: (0.0, ())}
    for col in cols:
        kind = kinds[col]
        nxt: dict[int, tuple[float, tuple[tuple[int, Token], ...]]] = {}

        def offer(
            pos: int,
            cost: float,
            cells: tuple[tuple[int, Token], ...],
            into: dict[int, tuple[float, tuple[tuple[int, Token], ...]]] = nxt,
        ) -> None:
            if pos not in into or cost < into[pos][0]:
                into[pos] = (cost, cells)

        for pos, (cost, cells) in states.items():
            offer(pos, cost + (0.0 if template else _SKIP_COST.get(kind, 2.0)), cells)
            if pos < len(tokens):
                fit = _cell_cost(tokens[pos], kind)
                if fit is not None:
                    offer(pos + 1, cost + fit, (*cells, (col, tokens[pos])))
        states = nxt
    return [_Step(cost, end, cells) for end, (cost, cells) in states.items()]


# --------------------------------------------------------------------------- run-on text
# Text whose cells run together with nothing between them, as OCR'd and document-sharing reprints of
# a table give it (``年初预算数全年预算数全年执行数分值执行率得分年度资金总额2456.182456.182456.1810100%10``).
# The cells are cut at the forms' words; a run of figures after a budget row's label is cut into the
# header's columns only where one cut alone makes the figures agree (执行数 ÷ 预算数 = 执行率, 得分 ≤ 分值,
# the amounts written to one precision). The indicator block, whose names and values run together
# beyond any certain cut, is kept as text.

_QUALIFIED = r"(?:\s*[（(][^（()）]{0,12}[)）])?"
_RUNON_BUDGET_WORDS = [
    w
    for c in BUDGET_COLUMNS
    if c.field in ("initial", "adjusted", "executed", "weight", "rate", "score")
    for w in c.words
]
_RUNON_HEADER = re.compile("(?:(?:" + _alternation(_RUNON_BUDGET_WORDS) + ")" + _QUALIFIED + "){3,}")
_RUNON_LABELS = [
    *FUNDS_TOTAL,
    *(w for _, words in FUNDS_PARTS for w in words),
]
_RUNON_WORDS = [
    w
    for w in (
        *(w for c in BUDGET_COLUMNS for w in c.words),
        *(w for name, words in HEADER_FIELDS if name != "other" for w in words),
        *GOAL_ROW,
        *GOAL_EXPECTED,
        *GOAL_ACHIEVED,
        *TOTAL_ROW,
        *(w for c in INDICATOR_COLUMNS for w in c.words),
    )
    if len(w) >= 3 or w in ("分值", "得分", "权重", "总分")
]
_RUNON_CUT = re.compile(
    r"(?P<label>(?:其中[:：]?)?(?:"
    + _alternation([w for w in _RUNON_LABELS if len(w) >= 3])
    + r")[:：]?|其中[:：][^\d%％:：,，。；]{1,20}?(?=\d))"
    + r"|(?P<word>(?:"
    + _alternation(_RUNON_WORDS)
    + ")"
    + _QUALIFIED
    + r"[:：]?)"
    # a total's label that names its funds (年度财政资金总额): a few words before a total's word
    + r"|(?P<total>[\u4e00-\u9fff]{1,4}(?:"
    + _alternation([w for w in FUNDS_TOTAL if len(w) >= 3])
    + r")[:：]?)"
)
_FIGURE_CHARS = r"(?:[\d.,%％]|万元|万|元)"
_FIGURES = re.compile(rf"{_FIGURE_CHARS}*\d{_FIGURE_CHARS}*")  # used with match(): at its start
_RUN = re.compile(rf"^{_FIGURE_CHARS}*\d{_FIGURE_CHARS}*$")


def _runon_header(line: str) -> bool:
    """A line holding three budget header words or more written together with nothing between them."""
    return bool(_RUNON_HEADER.search(line))


def _runon_tokens(line: str, n: int, written: str | None = None, index: Sequence[int] = ()) -> list[Token]:
    """A run-on line's cells: the forms' words and row labels cut out, and a run of figures that opens
    the text after a budget header word or a row label cut off as one cell (``_split_run`` cuts it).

    ``line`` is the text the words are looked for in; when it is a readable form of the line as
    written (simplified characters, pinyin glosses dropped), ``written`` is the line as written and
    ``index`` the position in it of each character of ``line``: the cells keep the text as written."""

    def token(start: int, end: int) -> Token:
        if written is None:
            return Token(line[start:end], n)
        text = written[index[start] : index[end - 1] + 1]
        return Token(text, n, reading=line[start:end] if line[start:end] != text else "")

    out: list[Token] = []
    pos = 0
    after_budget = False

    def add(start: int, end: int) -> None:
        while start < end and line[start].isspace():
            start += 1
        while end > start and line[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(token(start, end))

    def segment(start: int, end: int) -> None:
        while start < end and line[start].isspace():
            start += 1
        figures = _FIGURES.match(line, start, end) if after_budget else None
        if figures is not None:
            add(start, figures.end())
            start = figures.end()
        add(start, end)

    for match in _RUNON_CUT.finditer(line):
        segment(pos, match.start())
        add(match.start(), match.end())
        key = clean(match.group()).rstrip("：:")
        after_budget = match.group("word") is None or _Vocabulary.budget_any(key)
        pos = match.end()
    segment(pos, len(line))
    return out


_WRAP_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")


def _readable(line: str) -> tuple[str, list[int]]:
    """A line as the vocabulary reads it: pinyin glosses dropped, a space between two Chinese
    characters dropped (a cell wrapped inside a word: ``一级 指标``), traditional characters simplified
    (character for character), with the position in the line of each character kept; the line itself
    when simplifying would change its length."""
    glosses = [range(m.start(), m.end()) for m in PINYIN_GLOSS.finditer(line)]
    wraps = [range(m.start(), m.end()) for m in _WRAP_SPACE.finditer(line)]
    dropped = {i for span in (*glosses, *wraps) for i in span}
    index = [i for i in range(len(line)) if i not in dropped]
    bare = "".join(line[i] for i in index)
    simplified = to_simplified(bare)
    if len(simplified) != len(bare):
        return line, list(range(len(line)))
    return simplified, index


def _runon_blocks(lines: Sequence[str]) -> list[Block]:
    """The budget blocks of a run-on text as tables (with the fields above them); the goal and the
    indicator block after each as paragraphs, and the indicator block's rows (and its 总分 row) in
    the table too where one cut alone reads them (``_runon_indicators``)."""
    tokens: list[Token] = []
    for n, line in enumerate(lines, start=1):
        if line.strip():
            readable, index = _readable(line)
            tokens.extend(_runon_tokens(readable, n, line, index))
    aligner = VocabularyAligner()
    kept: list[Token] = []
    left: list[Token] = []
    rows_after: list[tuple[list[Token], list[list[Token]]]] = []  # an indicator header, its rows
    outside = False
    i = 0
    while i < len(tokens):
        key = tokens[i].key
        if kept and aligner._indicator_header_at(tokens, i):
            # the indicator header is kept (the table is an evaluation's), its rows only when certain
            header: list[Token] = []
            while i < len(tokens) and _Vocabulary.indicator_any(tokens[i].key) and len(tokens[i].key) <= 20:
                header.append(tokens[i])
                i += 1
            kept.extend(header)
            rows = _runon_indicators(header, tokens[i:])
            if rows:
                rows_after.append((header, rows))
            outside = True
            continue
        if outside and _runon_resumes(aligner, tokens, i):
            outside = False
        elif not outside and kept and _Vocabulary.goal.match(key) and len(key) <= 14:
            outside = True
        (left if outside else kept).append(tokens[i])
        i += 1
    blocks = [_with_rows(b, rows_after) if isinstance(b, GridTable) else b for b in aligner.blocks(kept, {})]
    by_line: dict[int, list[str]] = {}
    for token in left:  # the text as written: its cells had nothing between them
        by_line.setdefault(token.line, []).append(token.text)
    blocks.extend(Paragraph(text="".join(texts), line=n) for n, texts in by_line.items())
    return sorted(blocks, key=lambda b: b.line or 0)


def _with_rows(table: GridTable, rows_after: Sequence[tuple[list[Token], list[list[Token]]]]) -> GridTable:
    """The table with the indicator rows read after its last row, when that row is their header."""
    if not table.rows:
        return table
    last = [c.text for c in table.rows[-1]]
    for header, rows in rows_after:
        if last == [t.text for t in header]:
            added = tuple(tuple(GridCell(text=t.text, line=t.line) for t in row) for row in rows)
            return GridTable(index=table.index, rows=(*table.rows, *added), line=table.line)
    return table


_SIGN_CHARS = "≥≤≧≦><＞＜=＝﹦"
_LEVEL_CUT = re.compile(
    "(?P<word>"
    + _alternation([w for w in (*LEVEL1_WORDS, *LEVEL2_WORDS) if len(w) >= 4 and w.endswith("指标")])
    + r")(?P<points>[（(]\d+(?:\.\d+)?分?[)）])?"
)
_ROW_POINTS = r"(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?"
_ROW_NAME = re.compile(rf"[^\d{_SIGN_CHARS}%％.,，。；;：:…]+")
_NO_FIGURE = rf"[^\d{_SIGN_CHARS}%％.,，。；;：:…]"
_ROW_VALUE = re.compile(
    rf"[{_SIGN_CHARS}]?(?:(?:0|[1-9]\d*)(?:\.\d+)?(?:[%％]|{_NO_FIGURE}{{1,4}})?|{_NO_FIGURE}{{1,8}})"
)
_BARE = re.compile(r"(0|[1-9]\d*)(\.\d+)?")
_ROW_FIGURE = re.compile(_ROW_POINTS)
_ROW_KINDS: dict[str, Literal["points", "value"]] = {
    "weight": "points",
    "score": "points",
    "target": "value",
    "actual": "value",
}
_ROW_PARSES = 16  # cuts of a block compared at most: more are no certain reading
_ROW_TRIES = 20000


def _runon_indicators(header: Sequence[Token], after: Sequence[Token]) -> list[list[Token]]:
    """The indicator rows of a run-on indicator block, under its header's cells, and its 总分 row; ``[]``
    unless the header's columns are 一级/二级/三级指标 and figures and values only (分值, 指标值,
    实际值, 得分, a 原因 last) and every row of the block is read alike by every cut.

    The block is cut at the 一级/二级指标 words (``产出指标(70分)``, ``数量指标``); between them the rows
    run together, ``安装坡面水标尺10≥266米≥266米10水标尺宽度…``: a name (no figure in it), then the
    columns' cells. A 分值 or 得分 is a figure of 0-100 (得分 no more than 分值), a value a figure with
    a sign, a unit or ``%``, or a short text. Every cut of the block into such rows is weighed; the
    rows are read only when all cuts give the same names, 分值 and 得分 (a value two cuts read
    differently is left blank). The 总分 row's two figures (``总分10095``) only where one cut alone
    reads them as the whole 100 and its 得分."""
    fields = [_column(t.key, "indicator") for t in header]
    if fields[:1] == ["label"]:
        fields = fields[1:]
        lead = 1
    else:
        lead = 0
    if fields[:3] != ["level1", "level2", "name"]:
        return []
    rest = fields[3:]
    if rest and rest[-1] == "deviation":
        rest = rest[:-1]
    if (
        not rest
        or any(f not in _ROW_KINDS for f in rest)
        or rest.count("weight") != 1
        or rest.count("score") != 1
    ):
        return []
    kinds = [_ROW_KINDS[f] for f in rest if f is not None]
    block: list[Token] = []
    total_at: int | None = None
    for k, token in enumerate(after):
        if _Vocabulary.total.match(token.key) and len(token.key) <= 8:
            total_at = k
            break
        if _Vocabulary.end.match(token.key) or _Vocabulary.word(token.key):
            return []
        block.append(token)
    if not block or len({t.line for t in block}) != 1 or any(t.reading for t in block):
        return []  # (a block read in other characters than written is not cut: cells keep their text)
    text = "".join(t.text for t in block).rstrip("…").rstrip(".")
    line = block[0].line
    width = lead + 3 + len(rest) + (1 if fields[-1] == "deviation" else 0)
    rows: list[list[str]] = []
    level1 = level2 = ""
    pos = 0
    cuts = list(_LEVEL_CUT.finditer(text))
    if not cuts or cuts[0].start() != 0:
        return []
    for m, cut in enumerate(cuts):
        word = cut.group("word")
        after_word = cuts[m + 1] if m + 1 < len(cuts) else None
        is_level1 = word in LEVEL1_WORDS and (
            word not in LEVEL2_WORDS
            or cut.group("points") is not None
            or (
                after_word is not None
                and after_word.start() == cut.end()
                and after_word.group("word") in LEVEL2_WORDS
            )
        )
        if is_level1:
            level1, level2 = cut.group(), ""
        else:
            level2 = cut.group()
        pos = after_word.start() if after_word is not None else len(text)
        segment = text[cut.end() : pos]
        if not segment:
            continue
        read = _segment_rows(segment, kinds)
        if read is None:
            return []
        for name, cells in read:
            row = [""] * width
            row[lead], row[lead + 1], row[lead + 2] = level1, level2, name
            for c, cell in enumerate(cells):
                row[lead + 3 + c] = cell
            rows.append(row)
            level1 = level2 = ""
    if not rows:
        return []
    out = [[Token(cell, line) for cell in row] for row in rows]
    if total_at is not None and total_at + 1 < len(after):
        figures = _FIGURES.match(after[total_at + 1].key)
        pair = _two_points(figures.group()) if figures is not None else None
        if pair is not None:
            total = [""] * width
            total[0] = after[total_at].text
            total[lead + 3 + rest.index("weight")] = pair[0]
            total[lead + 3 + rest.index("score")] = pair[1]
            out.append([Token(cell, line) for cell in total])
    return out


def _two_points(run: str) -> tuple[str, str] | None:
    """A 总分 row's 分值 and 得分 run together (``10096``): the one cut into the form's whole 100 and a
    figure of 0-100; None when no cut or several do. A 分值 other than 100 is not read from a run: a
    lone ``100`` would otherwise be cut 10 | 0, and ``9090`` cannot be told from a 得分 alone."""
    found = [
        (run[:k], run[k:])
        for k in range(1, len(run))
        if _ROW_FIGURE.fullmatch(run[:k])
        and _ROW_FIGURE.fullmatch(run[k:])
        and Decimal(run[:k]) == 100
        and Decimal(run[k:]) <= 100
    ]
    return found[0] if len(found) == 1 else None


def _segment_rows(
    text: str, kinds: Sequence[Literal["points", "value"]]
) -> list[tuple[str, list[str]]] | None:
    """The rows one 二级指标 holds, run together (see ``_runon_indicators``): each a name and its cells
    in the columns' kinds; None unless every cut gives the same names and points (values two cuts
    read differently are blank)."""
    parses: list[list[tuple[str, list[str]]]] = []
    tries = [0]

    def row_cells(pos: int, col: int, cells: list[str], done: list[tuple[str, list[str]]], name: str) -> None:
        tries[0] += 1
        if len(parses) > _ROW_PARSES or tries[0] > _ROW_TRIES:
            return
        if col == len(kinds):
            points = [Decimal(c) for c, k in zip(cells, kinds, strict=True) if k == "points"]
            values = [c for c, k in zip(cells, kinds, strict=True) if k == "value"]
            if points[-1] > points[0]:
                return  # 得分 above 分值: no row of the form
            if len(values) == 2 and not any(ch.isdigit() for ch in values[0]) and _BARE.fullmatch(values[1]):
                return  # a bare figure as the 实际值 of a target in words: its digits are no cut
            rows_from(pos, [*done, (name, cells)])
            return
        pattern = _ROW_FIGURE if kinds[col] == "points" else _ROW_VALUE
        for end in range(pos + 1, min(len(text), pos + 16) + 1):
            piece = text[pos:end]
            if not pattern.fullmatch(piece):
                continue
            if kinds[col] == "points" and Decimal(piece) > 100:
                continue
            row_cells(end, col + 1, [*cells, piece], done, name)

    def rows_from(pos: int, done: list[tuple[str, list[str]]]) -> None:
        if pos == len(text):
            parses.append(done)
            return
        name = _ROW_NAME.match(text, pos)
        if name is None:
            return
        for end in range(name.end(), pos + 1, -1):  # a name ends where its row's first cell begins
            if not _Vocabulary.unit_word.match(text[pos:end]):  # a unit (万元) is no row's name
                row_cells(end, 0, [], done, text[pos:end])

    rows_from(0, [])
    if not parses or len(parses) > _ROW_PARSES or tries[0] > _ROW_TRIES:
        return None
    first = parses[0]
    points = [k for k, kind in enumerate(kinds) if kind == "points"]
    for other in parses[1:]:
        if len(other) != len(first) or any(
            a[0] != b[0] or any(a[1][k] != b[1][k] for k in points) for a, b in zip(first, other, strict=True)
        ):
            return None
    return [
        (name, [cell if all(p[r][1][c] == cell for p in parses) else "" for c, cell in enumerate(cells)])
        for r, (name, cells) in enumerate(first)
    ]


def _runon_resumes(aligner: VocabularyAligner, tokens: Sequence[Token], i: int) -> bool:
    """A budget header, or a field label (项目名称…) a budget header follows closely: the next form."""
    if aligner._budget_header_at(tokens, i):
        return True
    key = tokens[i].key
    if not (_Vocabulary.field.match(key) and len(key) <= 12):
        return False
    return any(aligner._budget_header_at(tokens, j) for j in range(i + 1, min(i + 12, len(tokens))))


def _is_run(token: Token) -> bool:
    """Figures written together in one cell (``194.9194.9100%``): no single value."""
    return bool(_RUN.match(token.key)) and not _is_value(token)


_PIECE = re.compile(r"(0|[1-9]\d*)(\.\d+)?")
_AMOUNT_PIECE = re.compile(r"((0|[1-9]\d*)(\.\d+)?)(万元|万|元)?")


def _split_run(token: Token, kinds: Sequence[ColumnKind]) -> list[Token] | None:
    """A run of figures cut into the budget header's columns, or None unless exactly one cut fills every
    column of figures with figures that agree: 执行率 (written with %) within its written precision of
    执行数 ÷ 预算数 (the last two amount columns), 分值 and 得分 between 0 and 100 with 得分 ≤ 分值, every
    amount written to the same number of decimals."""
    columns = [k for k in kinds if k in ("amount", "rate", "points")]
    if kinds[len(columns) :] and any(k != "text" for k in kinds[len(columns) :]):
        return None
    if columns.count("rate") != 1 or columns.count("amount") < 2 or len(columns) > 8:
        return None
    text = token.key
    if len(text) > _RUN_LONGEST or not any(ch in text for ch in "%％"):
        return None
    found: list[list[str]] = []
    longest = [_PIECE_LONGEST[k] for k in columns]
    tries = [0]

    def go(pos: int, col: int, pieces: list[str]) -> None:
        tries[0] += 1
        if len(found) > 1 or tries[0] > _RUN_TRIES:
            return
        if col == len(columns):
            if pos == len(text) and _run_agrees(pieces, columns):
                found.append(list(pieces))
            return
        if len(text) - pos > sum(longest[col:]) or len(text) - pos < len(columns) - col:
            return  # what is left cannot fill the columns left
        for end in range(pos + 1, min(len(text), pos + longest[col]) + 1):
            piece = text[pos:end]
            if columns[col] == "rate":
                if not piece.endswith(("%", "％")) or not _PIECE.fullmatch(piece[:-1]):
                    continue
            elif not (_AMOUNT_PIECE if columns[col] == "amount" else _PIECE).fullmatch(piece):
                continue
            if columns[col] == "amount" and not _same_places(piece, pieces, columns):
                continue
            go(end, col + 1, [*pieces, piece])

    go(0, 0, [])
    if len(found) != 1 or tries[0] > _RUN_TRIES:  # so many cuts read as figures: none is certain
        return None
    written = clean(token.text)
    if len(written) != len(text):
        return [Token(piece, token.line) for piece in found[0]]
    out: list[Token] = []
    start = 0
    for piece in found[0]:  # each figure as written (the run read in simplified characters)
        as_written = written[start : start + len(piece)]
        out.append(Token(as_written, token.line, reading=piece if piece != as_written else ""))
        start += len(piece)
    return out


_RUN_LONGEST = 60  # a longer run is no budget row's figures
_RUN_TRIES = 20000  # cuts weighed at most
_PIECE_LONGEST: dict[ColumnKind, int] = {"amount": 16, "rate": 9, "points": 6}


def _amount_parts(piece: str) -> tuple[Decimal, int, str]:
    """An amount piece's number, its decimals and its unit (``10.5万`` → 10.5, 1, 万)."""
    match = _AMOUNT_PIECE.fullmatch(piece)
    assert match is not None
    return Decimal(match[1]), len(match[3] or "") - (1 if match[3] else 0), match[4] or ""


def _same_places(piece: str, pieces: Sequence[str], columns: Sequence[ColumnKind]) -> bool:
    """An amount written to the decimals and with the unit of the amounts before it (or the first)."""
    before = [p for p, k in zip(pieces, columns, strict=False) if k == "amount"]
    return not before or _amount_parts(before[0])[1:] == _amount_parts(piece)[1:]


def _run_agrees(pieces: Sequence[str], columns: Sequence[ColumnKind]) -> bool:
    written = [_amount_parts(p) for p, k in zip(pieces, columns, strict=True) if k == "amount"]
    if len({parts[1:] for parts in written}) != 1:
        return False
    amounts = [parts[0] for parts in written]
    points = [Decimal(p) for p, k in zip(pieces, columns, strict=True) if k == "points"]
    if any(not Decimal(0) <= v <= Decimal(100) for v in points):
        return False
    rate_text = next(p for p, k in zip(pieces, columns, strict=True) if k == "rate")[:-1]
    rate = Decimal(rate_text)
    if len(points) == 2:
        # 得分 = 分值 × 执行率 at most (the execution rule of the forms), to its written precision
        score_text = [p for p, k in zip(pieces, columns, strict=True) if k == "points"][1]
        slack = Decimal(5) / Decimal(10) ** (len(score_text.partition(".")[2]) + 1)
        if points[1] > points[0] or points[1] > points[0] * min(rate, Decimal(100)) / 100 + slack:
            return False
    budget, executed = amounts[-2], amounts[-1]
    if budget == 0:
        return False
    places = len(rate_text.partition(".")[2])
    half = Decimal(5) / Decimal(10) ** (places + 1)
    return abs(executed / budget * 100 - rate) <= half


__all__ = [
    "Layout",
    "StructureAligner",
    "Token",
    "VocabularyAligner",
    "detect_layout",
    "read_text_layout",
]
