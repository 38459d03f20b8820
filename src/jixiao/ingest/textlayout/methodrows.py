"""The rows of a run-on indicator block whose header has a 得分计算方法 column (the Beijing district
forms of 2016: 一级/二级/三级指标, 分值, 年度指标值(A), 全年实际值(B), 得分计算方法, 得分, 未完成原因分析),
as a document-sharing site's preview of the Word table runs them together::

    数量指标是否完成绩效目标申报表中申报的数量12.512.512.5完成值达到指标值,记满分;未达到指标值,按B/A或A/B*该指标分值记分。12.5

``runon._runon_indicators`` reads blocks whose cells are figures and short values only; here a row is::

    name | 分值 | 年度指标值 | 全年实际值 | 得分计算方法 | 得分

(the columns in the header's order): the name holds no figure, the 得分计算方法 is a sentence with no
figure in it (its words are the forms' own: 完成值, 指标值, 分值, so the block's words do not end it), the
得分 a figure of 0-100 no more than the 分值 (and the 分值 no more than its 一级指标's points, when written
before it). Every cut of the block is weighed; the rows are read only when every cut gives the same
names, 分值 and 得分 (a value two cuts read differently is left blank).

Where the figures of a row run together as one figure written again and again (``12.512.512.5``: the
分值, the 指标值 and the 实际值 all 12.5), the cuts differ (12.5 | 12.51 | 2.5 …); a form writes the figures
of one row to one precision, so the run is then read as the figure repeated, each piece written to the
same places (12.5 | 12.5 | 12.5), and only where that cut alone remains.

A 绩效目标 inside a row's name (``是否完成绩效目标申报表中…``) is no block title: the row's name is still
open (no figure since the last row). A block the excerpt cuts off (no 总分 and nothing after it) may end
in a row torn before its figures, which is no row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from jixiao.forms.generic.vocabulary import LEVEL1_WORDS, LEVEL2_WORDS
from jixiao.ingest.textlayout.tokens import Token, _column, _Vocabulary

Kind = Literal["points", "value", "text"]
_KINDS: dict[str, Kind] = {
    "weight": "points",
    "score": "points",
    "target": "value",
    "actual": "value",
    "reference": "text",
}
_TEXT = re.compile(r"[^\d]*[\u4e00-\u9fff][^\d]*")  # a sentence with no figure in it
_PARSES = 16
_TRIES = 20000
_TEXT_LONGEST = 200


def method_rows(
    header: Sequence[Token], after: Sequence[Token], marks: dict[int, str] | None = None
) -> list[list[Token]]:
    """The indicator rows of a run-on block under a header with a 得分计算方法 column, and its 总分 row
    (see the module's doc); ``[]`` unless every row is read alike by every cut."""
    from jixiao.ingest.textlayout import runon  # runon reads its blocks with this module

    fields = [_column(t.key, "indicator") for t in header]
    lead = 1 if fields[:1] == ["label"] else 0
    fields = fields[lead:]
    if fields[:3] != ["level1", "level2", "name"]:
        return []
    rest = fields[3:]
    deviation = bool(rest) and rest[-1] == "deviation"
    if deviation:
        rest = rest[:-1]
    if (
        any(f not in _KINDS for f in rest)
        or rest.count("reference") != 1
        or rest.count("score") != 1
        or rest.count("weight") > 1
    ):
        return []
    kinds = [_KINDS[f] for f in rest if f is not None]
    block, total_at = _block(after)
    if not block:
        return []
    located = runon._located(block, marks or {})
    if located is None:
        return []
    text, places = located

    def written(start: int, end: int) -> Token:
        return runon.written_cell(block, places, start, end)

    cuts = list(runon._LEVEL_CUT.finditer(text))
    if not cuts or cuts[0].start() != 0:
        return []
    torn_end = total_at is None and len(block) == len(after)  # the stored text ends inside the block
    width = lead + 3 + len(rest) + (1 if deviation else 0)
    blank = Token("", block[0].line)
    rows: list[list[Token]] = []
    level1: Token | None = None
    level2: Token | None = None
    cap: Decimal | None = None
    for m, cut in enumerate(cuts):
        word = cut.group("word")
        next_cut = cuts[m + 1] if m + 1 < len(cuts) else None
        points = cut.group("points")
        is_level1 = word in LEVEL1_WORDS and (word not in LEVEL2_WORDS or points is not None)
        if is_level1:
            level1, level2 = written(cut.start(), cut.end()), None
            cap = Decimal(re.sub(r"[^\d.]", "", points)) if points else None
        else:
            level2 = written(cut.start(), cut.end())
        end = next_cut.start() if next_cut is not None else len(text)
        start = cut.end()
        segment = text[start:end].rstrip()
        lstrip = len(segment) - len(segment.lstrip())
        start, segment = start + lstrip, segment.lstrip()
        if not segment:
            continue
        if next_cut is None and torn_end and not re.search(r"\d", segment):
            continue  # a row the excerpt tears before its figures: no row
        read = _rows(segment, kinds, cap) or _rows(segment, kinds, cap, repeated=True)
        if read is None:
            return []
        at = start
        for name, cut_cells, cells in read:
            row = [blank] * width
            row[lead] = level1 or blank
            row[lead + 1] = level2 or blank
            at = runon.placed_cells(row, lead + 2, written, at, name, cut_cells, cells, kinds)[-1]
            rows.append(row)
            level1 = level2 = None
    if not rows:
        return []
    if total_at is not None and total_at + 1 < len(after) and "weight" in rest:
        figures = runon._FIGURES.match(after[total_at + 1].key)
        pair = runon._two_points(figures.group()) if figures is not None else None
        if pair is not None:
            total = [Token("", block[0].line)] * width
            total[0] = after[total_at]
            total[lead + 3 + rest.index("weight")] = Token(pair[0], after[total_at + 1].line)
            total[lead + 3 + rest.index("score")] = Token(pair[1], after[total_at + 1].line)
            rows.append(total)
    return rows


def _block(after: Sequence[Token]) -> tuple[list[Token], int | None]:
    """The block's tokens, up to its 总分 (whose index is given) or the next block's title or header;
    the forms' words inside it kept (the 得分计算方法's sentence is written in them). Nothing when a
    form's closing words (注:, 填表人 …) come first."""
    block: list[Token] = []
    for k, token in enumerate(after):
        key = token.key
        if _Vocabulary.total.match(key) and len(key) <= 8:
            return block, k
        if _Vocabulary.end.match(key):
            return [], None
        if block and _Vocabulary.indicator_start(key):
            break
        if block and _column(key, "indicator") == "label" and not _name_open(block):
            break  # the next block's title (年度绩效目标2)
        block.append(token)
    return block, None


def _name_open(block: Sequence[Token]) -> bool:
    """The block's last row has no figure yet: a word after it is inside its name."""
    return not any(ch.isdigit() for ch in block[-1].key)


def _rows(
    text: str, kinds: Sequence[Kind], cap: Decimal | None, repeated: bool = False
) -> list[tuple[str, list[str], list[str]]] | None:
    """The rows of one 二级指标's text: each a name, its cells as one cut gives them, and the cells
    read (values two cuts read differently blank); None unless every cut gives the same names, 分值
    and 得分. ``repeated``: the figures run together in a row (the cells between two non-figure
    cells) are one figure written again, each to the same places."""
    from jixiao.ingest.textlayout import runon

    parses: list[list[tuple[str, list[str]]]] = []
    tries = [0]

    def row_cells(pos: int, col: int, cells: list[str], done: list[tuple[str, list[str]]], name: str) -> None:
        tries[0] += 1
        if len(parses) > _PARSES or tries[0] > _TRIES:
            return
        if col == len(kinds):
            if _row_agrees(cells, kinds, cap, repeated):
                rows_from(pos, [*done, (name, cells)])
            return
        kind = kinds[col]
        longest = _TEXT_LONGEST if kind == "text" else 16
        for end in range(pos + 1, min(len(text), pos + longest) + 1):
            piece = text[pos:end]
            if kind == "text":
                if not _TEXT.fullmatch(piece) or (end < len(text) and not text[end].isdigit()):
                    continue  # the sentence runs up to the next figure
            elif kind == "points":
                if not runon._ROW_FIGURE.fullmatch(piece) or Decimal(piece) > 100:
                    continue
            elif not runon._ROW_VALUE.fullmatch(piece):
                continue
            row_cells(end, col + 1, [*cells, piece], done, name)

    def rows_from(pos: int, done: list[tuple[str, list[str]]]) -> None:
        if pos == len(text):
            parses.append(done)
            return
        name = runon._ROW_NAME.match(text, pos)
        if name is None:
            return
        for end in range(name.end(), pos + 1, -1):
            if any(m.start() <= end < m.end() for m in runon._YEARS_IN_NAME.finditer(text, pos, name.end())):
                continue
            if not _Vocabulary.unit_word.match(text[pos:end]):
                row_cells(end, 0, [], done, text[pos:end])

    rows_from(0, [])
    if not parses or len(parses) > _PARSES or tries[0] > _TRIES:
        return None
    return runon.agreed_rows(parses, kinds)  # every row has a cell for each kind


def _row_agrees(cells: Sequence[str], kinds: Sequence[Kind], cap: Decimal | None, repeated: bool) -> bool:
    """A row's 得分 no more than its 分值, its 分值 no more than its 一级指标's points (``cap``); with
    ``repeated``, each run of bare figures one figure written again to the same places."""
    points = [Decimal(c) for c, k in zip(cells, kinds, strict=True) if k == "points"]
    if len(points) == 2 and points[1] > points[0]:
        return False
    if cap is not None and len(points) == 2 and points[0] > cap:
        return False
    if not repeated:
        return True
    run: list[str] = []
    for cell, kind in [*zip(cells, kinds, strict=True), ("", "text")]:
        if kind != "text" and re.fullmatch(r"(0|[1-9]\d*)(\.\d+)?", cell):
            run.append(cell)
            continue
        if len(set(run)) > 1:
            return False  # figures run together that are not one figure written again
        run = []
    return True
