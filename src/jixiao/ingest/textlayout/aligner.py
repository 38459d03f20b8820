"""The cells and flat layouts: rows recovered from the evaluation table's structure.

**cells** -- one cell per line (a Word table pasted into a page), and **flat** -- a row's cells on one
line separated by spaces (``_flat_tokens``: pieces of one cell the spaces cut put back together by
the vocabulary). Neither marks rows, so rows are recovered from the evaluation table's structure
(``StructureAligner``, ``VocabularyAligner``): the budget header's columns and the kind of each
(amount, rate, points, text), the budget rows' labels, the indicator header's columns, the 一级/二级指标
names, the 总分 row. The indicator rows are an alignment (``indicators``). Where a row's cells cannot
be placed with certainty the cells are kept in order, never guessed into a column by their value alone.

In the flat layout a line is a row; figures of a budget block's first row that PDF reading order wrote
after the block are put back only when exactly one filling of the row agrees (``_displaced_figures``).
A header cell the spaces cut from its bracketed qualifier (``得分`` ``(20`` ``分*执行率)``) is put back
together, and an indicator header may open with 三级指标 where reading order wrote the merged 一级/二级
header cells elsewhere (the Hubei-style 项目自评表 printed to PDF).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from jixiao.forms.generic.vocabulary import FUNDS_TOTAL, core
from jixiao.ingest.textlayout.bands import numbered_rows
from jixiao.ingest.textlayout.indicators import _align_indicators, _template
from jixiao.ingest.textlayout.lostdigits import split_lost_digits
from jixiao.ingest.textlayout.order import (
    _agrees,
    _budget_kind,
    _combinations,
    _displaced_column,
    _fits,
    _indicator_kind,
    _label_from_above,
    _paragraphs,
    _partial_first_row,
    _place,
    _reading_order,
    _unlabelled_rows,
    _vertical,
    _wrapped_rows,
)
from jixiao.ingest.textlayout.runs import _is_run, _split_run
from jixiao.ingest.textlayout.tokens import (
    _EMPTY,
    _SPLIT_SPACES,
    ColumnKind,
    Token,
    _column,
    _is_amount,
    _is_blank,
    _is_rate,
    _is_value,
    _known,
    _points,
    _Vocabulary,
)
from jixiao.model.cells import clean
from jixiao.model.grid import Block, GridCell, GridTable, Paragraph


def _flat_tokens(lines: Sequence[str]) -> list[Token]:
    """The cells of a flat text: each line cut at its spaces, then pieces that are one cell put back
    together (``项目资金 (万元)``, ``经济效益 指标``) by the vocabulary."""
    pieces = [
        _marked(Token(p, n) for p in _SPLIT_SPACES.split(line.strip()) if p)
        for n, line in enumerate(lines, 1)
    ]
    for n in range(len(pieces) - 1):
        _stacked_header(pieces[n], pieces[n + 1])
    return _rejoin(_bracketed([t for line in pieces for t in line]), split_words=True)


_CIRCLED_MARK = re.compile(r"^[①-⑳]$")


def _marked(tokens: Iterable[Token]) -> list[Token]:
    """A line's pieces, a row's circled number (``①`` ``项目支出``: a detail line of the 小计 above it)
    kept with the label it numbers: a marker, no cell of its own and no figure."""
    out: list[Token] = []
    for token in tokens:
        if out and _CIRCLED_MARK.match(out[-1].key) and not _is_value(token):
            out[-1] = _joined(out[-1], token)
        else:
            out.append(token)
    return out


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
        before = out[-1] if out and out[-1].line == tokens[i].line else None
        end = _bracket_end(tokens, i, before)
        if end is None:
            out.append(tokens[i])
            i += 1
            continue
        bracket = "".join(t.text for t in tokens[i : end + 1])
        if before is not None and not _points_bracket(bracket) and not _known(clean(bracket).rstrip("：:")):
            out[-1] = Token(before.text + bracket, before.line)  # the qualifier of the word before it
        else:
            out.append(Token(bracket, tokens[i].line))
        i = end + 1
    return out


def _points_bracket(text: str) -> bool:
    return bool(_Vocabulary.points_bracket.match(clean(text)))


def _bracket_end(tokens: Sequence[Token], i: int, before: Token | None = None) -> int | None:
    """The index of the piece closing the bracket ``tokens[i]`` opens, when the pieces are one header
    word, a block's points (``(20`` ``分)``), or the qualifier of the header word ``before`` them
    (``得分`` ``(20`` ``分*执行率)``); else None."""
    token = tokens[i]
    depth = _depth(token.key)
    if depth <= 0 or _known(token.key):
        return None
    for j in range(i + 1, min(i + 4, len(tokens))):
        if tokens[j].line != token.line or _is_value(tokens[j]):
            return None
        depth += _depth(tokens[j].key)
        if depth <= 0:
            text = "".join(t.text for t in tokens[i : j + 1])
            joined = clean(text).rstrip("：:")
            qualifies = (
                before is not None
                and _Vocabulary.word(before.key)
                and _column(before.key + joined, "budget") == _column(before.key, "budget")
                and _column(before.key + joined, "indicator") == _column(before.key, "indicator")
            )
            return j if depth == 0 and (_known(joined) or _points_bracket(text) or qualifies) else None
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
            if (_Vocabulary.qualifier.match(token.key) and not _is_value(prev)) or _qualifies(prev, token):
                out[-1] = _joined(prev, token)
                continue
            if (
                _column(prev.key, "indicator") == "deviation"
                and not _known(token.key)
                and not _is_value(token)
                and not _Vocabulary.field.match(token.key)  # the next form's 项目名称
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
            if _rate_points(out, token):  # ``执行率`` + ``权重``: the rate's 分值 (Chongqing)
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


def _rate_points(out: Sequence[Token], token: Token) -> bool:
    """A budget header's 执行率权重 / 执行率得分 (the Chongqing form: the 分值 and 得分 of the execution
    rate, after its own 执行率 column) cut in two at its words (``执行率`` | ``权重``): the piece
    before is a 执行率 word, the piece a 分值 or 得分 word that with it names the same column, and
    the header has its 执行率 column right before (``执行率`` ``执行率权重`` ``执行率`` | ``得分``).
    Without it the pieces are the columns 执行率 | 得分 of a header written together (``分值执行率得分``;
    ``预算执行率 分值 执行率 得分`` too)."""
    if len(out) < 2 or _column(out[-1].key, "budget") != "rate":
        return False
    field = _column(token.key, "budget")
    if field not in ("weight", "score") or _column(out[-1].key + token.key, "budget") != field:
        return False
    for earlier in reversed(out[:-1]):
        if not earlier.key.startswith("执行率"):
            return False
        if _column(earlier.key, "budget") == "rate":
            return True
    return False


_BRACKETED = re.compile(r"^[（(][^（()）]+[)）]$")


def _qualifies(prev: Token, token: Token) -> bool:
    """A bracketed qualifier on a line of its own after the header word it qualifies (``得分`` /
    ``(20分*执行率)``, the rule the column is scored by): a bracket that is no word, figure or block's
    points of its own, after a header word that names the same column with it in both blocks."""
    key = token.key
    if not _BRACKETED.match(key) or _known(key) or _points_bracket(token.text) or _is_value(token):
        return False
    if _is_value(prev) or not _Vocabulary.word(prev.key) or _depth(prev.key) != 0:
        return False
    joined = prev.key + key
    return _column(joined, "budget") == _column(prev.key, "budget") and _column(
        joined, "indicator"
    ) == _column(prev.key, "indicator")


def _joined(first: Token, second: Token) -> Token:
    """Two pieces of one cell as one token (their readings joined too)."""
    reading = (
        (first.reading or first.text) + (second.reading or second.text)
        if first.reading or second.reading
        else ""
    )
    return Token(first.text + second.text, first.line, reading=reading)


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
            elif self._budget_header_at(tokens, j) or self._indicator_header(tokens, j):
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

    def _indicator_header(self, tokens: Sequence[Token], j: int) -> bool:
        """An indicator header: opening with 绩效指标 or 一级指标, or -- in the flat layout, where PDF
        reading order writes the merged 一级/二级 header cells elsewhere (the Hubei-style forms: ``三级
        指标 年初目标值(A) 实际完成值(B) 得分``, 二级指标 after the rows) -- with 三级指标 followed by a
        value column and a points column."""
        if self._indicator_header_at(tokens, j):
            return True
        if not self.lines_are_rows or _column(tokens[j].key, "indicator") != "name":
            return False
        kinds = [_indicator_kind(t.key) for t in tokens[j + 1 : j + 5] if _Vocabulary.indicator_any(t.key)]
        before = tokens[j - 1].key if j > 0 else ""
        return "value" in kinds and "points" in kinds and _column(before, "indicator") != "level2"

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
            elif self._indicator_header(tokens, i):
                i = self._indicator_block(tokens, i, table)
                seen_indicators = True
            elif self.lines_are_rows and (numbered := self._numbered_rows(tokens, i)) is not None:
                for cells in numbered[0]:  # numbered rows whose figures reading order wrote in bands
                    table.add(cells)
                i = numbered[1]
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
            or self._indicator_header(tokens, i)
            or (self.lines_are_rows and self._numbered_rows(tokens, i) is not None)
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
        front, written_front = self._displaced_initial(table, columns) if self.lines_are_rows else ([], None)
        table.add(head + front + columns)
        header = table.rows[-1]
        kinds = [_budget_kind(c.key) for c in columns]
        blank = [_EMPTY] * len(front)  # the displaced 年初预算数 column's cell in each row

        def first_front() -> list[Token]:
            """The displaced column's cell in the block's first row: the figure written right after
            its header cell (taken out of the row it stood in), else empty."""
            nonlocal written_front
            if written_front is None:
                return blank
            source, figure = written_front
            written_front = None
            at = next((n for n, t in enumerate(source) if t is figure), None)
            if at is not None:
                del source[at]
            return [figure]

        widest = 0  # the most values a row of this block has held
        labelled = False  # a row label has been read in this block
        unlabelled: list[list[Token]] = []  # rows read before any label (their labels written elsewhere)
        held: tuple[list[Token], tuple[Token, ...]] | None = None  # a first row whose cut was not certain
        while i < len(tokens):
            token = tokens[i]
            key = token.key
            if self._ends_budget(tokens, i):
                break
            if not labelled and not unlabelled and held is None and _column_formula(token, columns, header):
                i += 1  # ``③=①+②`` under ``小计``: the formula of the header's third column
                continue
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
                first_row = not labelled and not unlabelled and held is None
                partial = (
                    _partial_first_row(tokens[i:end], kinds)
                    if rows is None and self.lines_are_rows and first_row
                    else None
                )
                if partial is not None:
                    # the first row's 分值/执行率/得分 fit with certainty, its amounts placed only
                    # where they agree with the rate; the figures after it kept as written
                    widest = max(widest, len(partial))
                    table.add([_EMPTY, _EMPTY, *first_front(), *partial])
                    unlabelled.append(table.rows[-1])
                    rest = tokens[i + len(partial) : end]
                    if rest:
                        table.add([Token(" ".join(t.text for t in rest), rest[0].line)])
                    i = end
                    continue
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
                    table.add([_EMPTY, _EMPTY, *(first_front() if first_row else blank), *cut])
                    first_row = False
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
                values.extend(_split_run(tokens[i], kinds) or split_lost_digits(tokens[i], kinds) or [])
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
    def _displaced_initial(
        table: _TableBuild, columns: Sequence[Token]
    ) -> tuple[list[Token], tuple[list[Token], Token] | None]:
        """The 年初预算数 header cell PDF reading order wrote among the fields above the budget header
        (``主管部门 … 项目资金 年初预算数(万元) 年度资金总额``), when the header opens with 全年预算数
        and lacks it: taken out of that row to be the header's first amount column. Its cells are
        blank: the figures after the header are the header's columns'. A header cell written with
        its figure right after it (``年初预算 数 0``: the cell and its value cell adjacent) also gives
        that figure, the column's cell in the block's first row (where that row is read; the figure
        stays where it stands otherwise): returned with the row it stands in."""
        fields = [_column(c.key, "budget") for c in columns]
        if not fields or fields[0] != "adjusted" or "initial" in fields:
            return [], None
        for row in table.rows:
            for n, token in enumerate(row):
                if _column(token.key, "budget") != "initial":
                    continue
                after = row[n + 1] if n + 1 < len(row) else None
                if after is not None and after.key and _is_value(after) and not _is_amount(after.key):
                    return [], None
                row.remove(token)
                return [token], (row, after) if after is not None and _is_amount(after.key) else None
        return [], None

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
            or self._indicator_header(tokens, i)
            or self._budget_header_at(tokens, i)
            or _Vocabulary.g1.match(key)
            or (self.lines_are_rows and self._numbered_rows(tokens, i) is not None)
        )

    def _numbered_rows(self, tokens: Sequence[Token], i: int) -> tuple[list[list[Token]], int] | None:
        """An indicator block of numbered rows opening at ``tokens[i]`` (``bands``), up to the 总分 row,
        the end of the form or the next form."""

        def stops(j: int) -> bool:
            key = tokens[j].key
            return bool(
                (_Vocabulary.total.match(key) and len(key) <= 8)
                or _Vocabulary.end.match(key)
                or _Vocabulary.title.search(key)
                or (_Vocabulary.field.match(key) and len(key) <= 12)
                or self._budget_header_at(tokens, j)
            )

        return numbered_rows(tokens, i, stops)

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
        while i < len(tokens) and (
            (_Vocabulary.indicator_any(tokens[i].key) and len(tokens[i].key) <= 20)
            or (not self.lines_are_rows and _unnamed_column(header, tokens, i))
        ):
            header.append(tokens[i])
            i += 1
        if not self.lines_are_rows and _block_points(header, tokens[i:]):
            # the block's own 得分 closing its header row, in the column the rows write their 得分 (the
            # 区域 form scores each block in its last column): that column is the header's last
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
                or self._indicator_header_at(tokens, stop)  # a 三级指标 in a header already open
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
            wrapped = _wrapped_rows(header, tokens[i:stop], closing, tokens[stop + 1 :])
            if wrapped is not None:
                rows, taken = wrapped
                for cells in rows:
                    table.add(cells)
                return stop + 1 + taken if taken else stop
        lead = [] if header and header[0].key.startswith("绩效指标") else [_EMPTY]
        kinds = [_indicator_kind(t.key) if not _points(t.key) else "points" for t in header]  # block's 得分
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


_FORMULA = re.compile(r"^([①-⑳])[=＝][①-⑳+\-－/×*÷]+$")


def _column_formula(token: Token, columns: list[Token], header: list[Token]) -> bool:
    """A column's circled number and formula written under the budget header (``③=①+②`` wrapped from
    ``小计``), before any row: joined to the header's column of that number (the third for ``③``) when
    that column's cell carries no number of its own. True when joined."""
    match = _FORMULA.match(token.key)
    if match is None:
        return False
    n = ord(match[1]) - ord("①")
    if n >= len(columns) or re.search(r"[①-⑳]", columns[n].key):
        return False
    at = len(header) - len(columns) + n
    if header[at] is not columns[n]:
        return False
    columns[n] = header[at] = _joined(columns[n], token)
    return True


def _unnamed_column(header: Sequence[Token], tokens: Sequence[Token], i: int) -> bool:
    """Whether ``tokens[i]`` is a header cell the vocabulary does not know (``实际达成值``) between the
    indicator header's columns: a short word, no figure, heading or sentence, after the header's
    三级指标 and followed by a column word of the header (分值, 得分, 偏差原因 …), so that the header
    keeps its width and its words after it are no rows."""
    key = tokens[i].key
    after = tokens[i + 1].key if i + 1 < len(tokens) else ""
    kinds = [_indicator_kind(t.key) for t in header]
    return (
        "name" in kinds
        and 2 <= len(key) <= 12
        and not _known(key)
        and not _is_value(tokens[i])
        and not re.search(r"[\d，。；,;:：]", key)
        and _Vocabulary.indicator_any(after)
        and _column(after, "indicator") not in ("label", "level1", "level2", "name")
    )


def _block_points(header: Sequence[Token], after: Sequence[Token]) -> bool:
    """Whether the cell after an indicator header that names levels and value columns but no 分值
    or 得分 is a bare 0–100 figure followed by a 一级指标 heading: the block's points written in the
    header row's last cell (``… 年度指标值 | 实际完成指标值 | 50`` over ``产出指标 | …``)."""
    kinds = [_indicator_kind(t.key) for t in header]
    return (
        len(after) >= 2
        and "name" in kinds
        and "value" in kinds
        and "points" not in kinds
        and _points(after[0].key)
        and bool(_Vocabulary.g1.match(after[1].key))
    )


# --------------------------------------------------------------------------- budget placement


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
