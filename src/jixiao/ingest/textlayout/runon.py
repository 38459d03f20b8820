"""Text whose cells run together with nothing between them (**runon**).

OCR'd and document-sharing reprints of a table give it (``年初预算数全年预算数全年执行数分值执行率得分
年度资金总额2456.182456.182456.1810100%10``), in simplified or traditional characters. The cells are cut
at the forms' words; a run of figures after a budget row's label is cut into the header's columns only
where one cut alone makes the figures agree (``runs``). The indicator block is kept as text, and its
rows are read only where every cut of it at the 一级/二级指标 words and the rows' figures gives the same
names, 分值 and 得分 (``_runon_indicators``; a value two cuts read differently is left blank).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Literal

from jixiao.forms.generic.vocabulary import (
    BUDGET_COLUMNS,
    FUNDS_PARTS,
    FUNDS_TOTAL,
    GOAL_ACHIEVED,
    GOAL_EXPECTED,
    GOAL_ROW,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    LEVEL1_WORDS,
    LEVEL2_WORDS,
    TOTAL_ROW,
    VALUE_WORDS,
    WRITTEN_WORDS,
)
from jixiao.ingest.normalise import PINYIN_GLOSS, to_simplified
from jixiao.ingest.textlayout.aligner import VocabularyAligner
from jixiao.ingest.textlayout.coefficient import (
    coefficient_block,
    head_total,
    with_coefficient_rows,
    with_rate_runs,
)
from jixiao.ingest.textlayout.headingtotal import with_heading_totals
from jixiao.ingest.textlayout.labelsfirst import labels_first
from jixiao.ingest.textlayout.levelpoints import heading_points, weighed
from jixiao.ingest.textlayout.methodrows import method_rows
from jixiao.ingest.textlayout.numberedrows import (
    NumberedSegment,
    numbered,
    numbered_segment,
    unnumbered_row,
    unplaced_stretch,
)
from jixiao.ingest.textlayout.ocrwords import ocr_words
from jixiao.ingest.textlayout.rubricrows import rubric_rows
from jixiao.ingest.textlayout.runs import _FIGURE_CHARS
from jixiao.ingest.textlayout.scoredrows import scored_rows
from jixiao.ingest.textlayout.scrambled import unscrambled_columns, unscrambled_header
from jixiao.ingest.textlayout.tokens import Token, _alternation, _column, _qualified_inside, _Vocabulary
from jixiao.model.cells import clean
from jixiao.model.grid import Block, GridCell, GridTable, Paragraph

# a qualifier (``(万元)``, ``(B/A)``), or a column's letters whose closing bracket an OCR lost or read
# as ``1`` (``执行率(B/A1得分``): the letters up to the next word (``core`` drops the unclosed part)
_QUALIFIED = r"(?:\s*[（(][^（()）]{0,12}[)）]|[（(][A-Z](?:\s*/\s*[A-Z])?1?(?=[\u4e00-\u9fff]))?"
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
        *WRITTEN_WORDS,
    )
    if len(w) >= 3 or w in ("分值", "得分", "权重", "总分")
]
_RUNON_CUT = re.compile(
    r"(?P<label>(?:其中[:：]?)?(?:"
    + _alternation([w for w in _RUNON_LABELS if len(w) >= 3])
    + r")[:：]?|其中[:：][^\d%％:：,，。；]{1,20}?(?=\d))"
    + r"|(?P<word>(?:"
    + _alternation(_RUNON_WORDS)
    + "|"  # a field's label with a qualifier inside (转移支付(项目)名称)
    + _qualified_inside([w for name, words in HEADER_FIELDS if name != "other" for w in words if len(w) >= 4])
    + ")"
    + _QUALIFIED
    + r"[:：]?)"
    # a total's label that names its funds (年度财政资金总额): a few words before a total's word
    + r"|(?P<total>[\u4e00-\u9fff]{1,4}(?:"
    + _alternation([w for w in FUNDS_TOTAL if len(w) >= 3])
    + r")[:：]?)"
)
_FIGURES = re.compile(rf"{_FIGURE_CHARS}*\d{_FIGURE_CHARS}*")  # used with match(): at its start


_RUNON_INDICATOR_HEADER = re.compile(
    "(?:"
    + _alternation([w for c in INDICATOR_COLUMNS if c.field in ("level1", "level2", "name") for w in c.words])
    + "){3}(?:"
    + _alternation([w for c in INDICATOR_COLUMNS if c.field != "label" for w in c.words if len(w) >= 2])
    + ")"
    + _QUALIFIED
)


def _runon_header(line: str) -> bool:
    """A line holding three budget header words or more written together with nothing between them,
    or the indicator header so written (``一级指标二级指标三级指标分值年度指标值…``: the 一级/二级/三级指标
    words and the column after them), which an OCR'd reprint keeps when its budget header is damaged
    (``年初预匏数调整预算将``)."""
    if _RUNON_HEADER.search(line) or _RUNON_INDICATOR_HEADER.search(line):
        return True
    read = ocr_words(line)  # its header words as an OCR misread them put right (``ocrwords``)
    return read != line and bool(_RUNON_HEADER.search(read) or _RUNON_INDICATOR_HEADER.search(read))


def _runon_tokens(line: str, n: int, written: str | None = None, index: Sequence[int] = ()) -> list[Token]:
    """A run-on line's cells: the forms' words and row labels cut out, and a run of figures that opens
    the text after a budget header word or a row label cut off as one cell (``_split_run`` cuts it).

    ``line`` is the text the words are looked for in; when it is a readable form of the line as
    written (simplified characters, pinyin glosses dropped), ``written`` is the line as written and
    ``index`` the position in it of each character of ``line``: the cells keep the text as written."""

    def token(start: int, end: int, word: bool = False) -> Token:
        if written is None:
            return Token(line[start:end], n)
        text = written[index[start] : index[end - 1] + 1]
        read = line[start:end]
        if word and len(read) == len(text) and to_simplified(text) != read:
            return Token(read, n)  # a form's word an OCR misread (``ocrwords``): the cell is the word
        return Token(text, n, reading=read if read != text else "")

    out: list[Token] = []
    pos = 0
    after_budget = False

    def add(start: int, end: int, word: bool = False) -> None:
        while start < end and line[start].isspace():
            start += 1
        while end > start and line[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(token(start, end, word))

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
        add(match.start(), match.end(), word=True)
        key = clean(match.group()).rstrip("：:")
        # a figure opens the text after a budget word, a row label or a head's 自评总分 (``自评总分(分)97.6…``)
        after_budget = match.group("word") is None or _Vocabulary.budget_any(key) or head_total(key)
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
        return ocr_words(line), list(range(len(line)))
    return ocr_words(simplified), index  # header words an OCR misread put right (``ocrwords``)


def _runon_blocks(lines: Sequence[str]) -> list[Block]:
    """The budget blocks of a run-on text as tables (with the fields above them); the goal and the
    indicator block after each as paragraphs, and the indicator block's rows (and its 总分 row) in
    the table too where one cut alone reads them (``_runon_indicators``)."""
    tokens: list[Token] = []
    for n, line in enumerate(lines, start=1):
        if line.strip():
            readable, index = _readable(line)
            tokens.extend(_runon_tokens(readable, n, line, index))
    tokens = labels_first(tokens)  # a budget block written labels first, figures after (``labelsfirst``)
    tokens = unscrambled_header(tokens)  # the block's title cell read back scrambled (``scrambled``)
    tokens = unscrambled_columns(tokens)  # a header cell written permuted (``scrambled``: 考值参分)
    marks = _page_marks(lines)
    aligner = VocabularyAligner()
    kept: list[Token] = []
    left: list[Token] = []
    rows_after: list[tuple[list[Token], list[list[Token]]]] = []  # an indicator header, its rows
    coefficients: list[tuple[list[Token], list[list[Token]]]] = []  # the same, of the 得分系数 form
    outside = False
    i = 0
    while i < len(tokens):
        key = tokens[i].key
        coefficient = coefficient_block(tokens, i, marks) if kept else None
        if coefficient is not None:  # the 得分系数 form's indicator block, its rows read (``coefficient``)
            coefficients.append(coefficient[:2])
            i = coefficient[2]
            outside = True
            continue
        if kept and aligner._indicator_header_at(tokens, i):
            # the indicator header is kept (the table is an evaluation's), its rows only when certain
            header: list[Token] = []
            while i < len(tokens) and _Vocabulary.indicator_any(tokens[i].key) and len(tokens[i].key) <= 20:
                header.append(tokens[i])
                i += 1
            # the target/actual/得分 form whose names hold figures (``scoredrows``)
            rows = (
                _runon_indicators(header, tokens[i:], marks)
                or scored_rows(header, tokens[i:], marks, kept)
                or method_rows(header, tokens[i:], marks)  # a 得分计算方法 column (``methodrows``)
                or rubric_rows(header, tokens[i:], marks)  # a rubric's parts as 一级 (``rubricrows``)
            )
            keys = [t.key for t in header]
            same = next((r for h, r in rows_after if [t.key for t in h] == keys), None) if outside else None
            if same is not None and rows:
                # the form's next indicator block under the same header (年度绩效目标1 / 年度绩效目标2): its
                # rows follow the first block's, under the one header
                same.extend(rows)
            else:
                kept.extend(header)
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
    blocks = with_rate_runs(with_coefficient_rows(blocks, coefficients))
    by_line: dict[int, list[str]] = {}
    for token in left:  # the text as written: its cells had nothing between them
        by_line.setdefault(token.line, []).append(token.text)
    blocks.extend(Paragraph(text="".join(texts), line=n) for n, texts in by_line.items())
    # a total written in the heading line above the table, as the table's head total (``headingtotal``)
    return with_heading_totals(sorted(blocks, key=lambda b: b.line or 0))


def _with_rows(table: GridTable, rows_after: Sequence[tuple[list[Token], list[list[Token]]]]) -> GridTable:
    """The table with the indicator rows read after its last row, when that row is their header."""
    if not table.rows:
        return table
    last = [c.text for c in table.rows[-1] if c.text]
    for header, rows in rows_after:
        if last == [t.text for t in header]:
            # the header's row opens with the blank cells of the block's label column: the rows too
            lead = len(table.rows[-1]) - len(header)
            pad = (GridCell(text=""),) * lead if all(not c.text for c in table.rows[-1][:lead]) else ()
            cells = [[GridCell(text=t.text, line=t.line, unread=t.unread) for t in row] for row in rows]
            added = tuple(  # the 总分 row's label stays in the first column
                (*c[:1], *pad, *c[1:]) if _Vocabulary.total.match(row[0].key) else (*pad, *c)
                for c, row in zip(cells, rows, strict=True)
            )
            return GridTable(index=table.index, rows=(*table.rows, *added), line=table.line)
    return table


_PAGE_MARK = re.compile(r"^\s*(\d{1,3})、")


def _page_marks(lines: Sequence[str]) -> dict[int, str]:
    """The page numbers a document-sharing site opens each page's text with (``1、…`` / ``2、…``), by
    line: the lines that open with ``N、`` numbered 1, 2, 3 … in order, when there are two or more.
    A table's row may run on across such a line, the number no part of it."""
    found: dict[int, str] = {}
    for n, line in enumerate(lines, start=1):
        match = _PAGE_MARK.match(line)
        if match is not None and int(match.group(1)) == len(found) + 1:
            found[n] = match.group().strip()
    return found if len(found) >= 2 else {}


_SIGN_CHARS = "≥≤≧≦><＞＜=＝﹦"
_LEVEL_CUT = re.compile(
    "(?P<word>"
    + _alternation([w for w in (*LEVEL1_WORDS, *LEVEL2_WORDS) if len(w) >= 4 and w.endswith("指标")])
    + r")(?P<points>[（(]\d+(?:\.\d+)?分?[)）])?"
)
_ROW_POINTS = r"(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?"
_NO_FIGURE = rf"[^\d{_SIGN_CHARS}%％.,，。；;：:…]"
# a row's name: no figure in it but the span of years the indicator covers (取得2018-2022监测资料), a
# part of the name, never a cell (a single year after a name is a date, the target's)
_YEARS = r"(?:19|20)\d\d[-－—~～至到](?:19|20)\d\d"
_ROW_NAME = re.compile(rf"{_NO_FIGURE}+(?:{_YEARS}{_NO_FIGURE}+)*")
_YEARS_IN_NAME = re.compile(rf"{_YEARS}{_NO_FIGURE}")
_ROW_VALUE = re.compile(
    rf"[{_SIGN_CHARS}]?(?:(?:0|[1-9]\d*)(?:\.\d+)?(?:[%％]|{_NO_FIGURE}{{1,4}})?|{_NO_FIGURE}{{1,8}})"
)
# a value as ``_ROW_VALUE`` reads it, but in words only one of the forms' value words (合格, 达标 …), and
# a figure only with its unit or ``%`` (a bare figure may be a 分值's digits: ``…合格合格2020`` is no 2 | 0)
_ROW_VALUE_WORDS = re.compile(
    rf"[{_SIGN_CHARS}]?(?:(?:0|[1-9]\d*)(?:\.\d+)?(?:[%％]|{_NO_FIGURE}{{1,4}})|(?:{_alternation(VALUE_WORDS)}))"
)
_ENDS_IN_VALUE_WORD = re.compile(f"(?:{_alternation(VALUE_WORDS)})$")
_BARE = re.compile(r"(0|[1-9]\d*)(\.\d+)?")
_ROW_FIGURE = re.compile(_ROW_POINTS)
_ROW_KINDS: dict[str, Literal["points", "value"]] = {
    "weight": "points",
    "score": "points",
    "target": "value",
    "actual": "value",
}
# a template row the form leaves unfilled (``指标2:``): its label alone, no row (``TEMPLATE_ROW``)
_TEMPLATE_LABEL = re.compile(r"指标\d{1,2}(?:[:：]|(?=\s*$))\s*")
_ROW_PARSES = 16  # cuts of a block compared at most: more are no certain reading
_ROW_TRIES = 20000


def _runon_indicators(
    header: Sequence[Token], after: Sequence[Token], marks: dict[int, str] | None = None
) -> list[list[Token]]:
    """The indicator rows of a run-on indicator block, under its header's cells, and its 总分 row; ``[]``
    unless the header's columns are 一级/二级/三级指标 and figures and values only (分值, 指标值,
    实际值, 得分, a 原因 last; the Hubei-style form writes 得分 alone, no 分值) and every row of the
    block is read alike by every cut.

    The block is cut at the 一级/二级指标 words (``产出指标(70分)``, ``数量指标``); between them the rows
    run together, ``安装坡面水标尺10≥266米≥266米10水标尺宽度…``: a name (no figure in it but a span of
    years, ``取得2018-2022监测资料``), then the columns' cells. A 分值 or 得分 is a figure of
    0-100 (得分 no more than 分值), a value a figure with a sign, a unit or ``%``, or a short text.
    Every cut of the block into such rows is weighed; the rows are read only when all cuts give the
    same names, 分值 and 得分 (a value two cuts read differently is left blank). A template row left
    unfilled (``指标2:``) is no row; where values in words leave a name's end open (``…合格合格2020``),
    the cuts whose words are the forms' value words are weighed alone (``_segment_rows``). The 总分 row's two
    figures (``总分10095``) only where one cut alone reads them as the whole 100 and its 得分; its 得分
    alone where the header has no 分值.

    Rows the form numbers (``指标1发放良种5150万粒150万粒5指标2…``) are cut by their numbers
    (``numberedrows``), a segment of such a block without a number read as one row where it reads so
    alone.

    The block ends at the 总分, or at the next block's title or header (the form's 年度绩效目标2). It may
    run on across the page numbers a document-sharing site writes (``marks``: ``…取得2018-2022`` /
    ``2、监测资料…``), the number no part of a cell, and across a line an OCR broke between two cells
    (``200亩`` / ``210亩``: read only where the rows cut the text there); it is cut as the
    vocabulary reads it (simplified, glosses dropped) and each cell keeps its text as written."""
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
        or rest.count("weight") > 1
        or rest.count("score") != 1
    ):
        return []
    kinds = [_ROW_KINDS[f] for f in rest if f is not None]
    gathered = indicator_block(after)
    if gathered is None:
        return []
    block, total_at, _ = gathered
    # an OCR's line break between two cells (``200亩`` / ``210亩``): where the rows cut there
    wraps: list[int] = []
    located = _located(block, marks or {}) or _located(block, marks or {}, wraps)
    if located is None:
        return []
    text, places = located
    trimmed = text.rstrip("…").rstrip(".")
    places = places[: len(trimmed)]
    text = trimmed
    width = lead + 3 + len(rest) + (1 if fields[-1] == "deviation" else 0)

    def written(start: int, end: int) -> Token:
        return written_cell(block, places, start, end)

    blank = Token("", block[0].line)
    rows: list[list[Token]] = []
    level1: Token | None = None
    level2: Token | None = None
    pos = 0
    cuts = list(_LEVEL_CUT.finditer(text))
    if not cuts or cuts[0].start() != 0:
        return []
    deviation = fields[-1] == "deviation"
    numbered_block = any(text.startswith("指标1", c.end()) for c in cuts)  # the form numbers its rows
    settled = _settled_by_points(text, cuts, kinds, deviation, numbered_block)  # the 一级's points settle
    ran_out = total_at is None and len(block) == len(after)  # the text ends inside the block
    bounds = {0, len(text)}  # where the rows read cut the text
    for m, cut in enumerate(cuts):
        after_word = cuts[m + 1] if m + 1 < len(cuts) else None
        if _is_level1(cuts, m):
            level1, level2 = written(cut.start(), cut.end()), None
        else:
            level2 = written(cut.start(), cut.end())
        pos = after_word.start() if after_word is not None else len(text)
        segment = text[cut.end() : pos]
        if not segment:
            continue
        # its values in words where any cut ends a name (``…质量等合格合格2020``): where every cut whose
        # words are the forms' value words (合格, 达标 …) reads it alike
        shares = numbered_block and cut.group("points") is None  # 社会效益指标1…: see ``_numbered_rows``
        read = settled.get(m) or _numbered_rows(segment, kinds, deviation, shares)
        read = read or _segment_rows(segment, kinds) or _segment_rows(segment, kinds, words_only=True)
        read = read or _numbered_rows(segment, kinds, deviation, False, alone=numbered_block)
        if (
            read is None
            and ran_out
            and after_word is None
            and not re.search(r"\d", re.sub(r"^指标\d+", "", segment))
        ):
            continue  # the excerpt ends inside the block's last row, before its figures: no row of it
        if read is None:
            return []
        # the level word's 指标 is the first row's label (社会效益指标1…: the OCR wrote them as one)
        shared = 2 if read[0][0].startswith("指标") and not segment.startswith("指标") else 0
        at = cut.end() - shared
        if shared and level2 is not None:
            level2 = written(cut.start(), at)
        elif shared and level1 is not None:
            level1 = written(cut.start(), at)
        bounds.update((cut.start(), at))
        for name, cut_cells, cells in read:
            if not cut_cells:  # a template row left unfilled: no row
                at += len(name)
                continue
            row = [blank] * width
            row[lead] = level1 or blank
            row[lead + 1] = level2 or blank
            ends = placed_cells(row, lead + 2, written, at, name, cut_cells, cells, kinds)
            bounds.update(ends[1:])
            at = ends[-1]
            rows.append(row)
            level1 = level2 = None
    if not rows or any(w not in bounds for w in wraps if w < len(text)):
        return []  # no rows, or a line broken inside a cell: the cut is not the form's
    out = rows
    line = block[0].line
    if total_at is not None and total_at + 1 < len(after):
        figures = _FIGURES.match(after[total_at + 1].key)
        if "weight" in rest:
            pair = _two_points(figures.group()) if figures is not None else None
        else:  # 得分 alone: the figure is the whole 得分
            alone = figures.group() if figures is not None else ""
            pair = ("", alone) if _ROW_FIGURE.fullmatch(alone) and Decimal(alone) <= 100 else None
        if pair is not None:
            total = [Token("", line)] * width
            total[0] = after[total_at]
            if "weight" in rest:
                total[lead + 3 + rest.index("weight")] = Token(pair[0], after[total_at + 1].line)
            total[lead + 3 + rest.index("score")] = Token(pair[1], after[total_at + 1].line)
            out.append(total)
    return out


def _is_level1(cuts: Sequence[re.Match[str]], m: int) -> bool:
    """Whether the block's ``m``-th level word is an 一级 heading: an 一级 word no 二级 is, or one
    written with its points or followed at once by a 二级 word (成本指标 is either)."""
    cut = cuts[m]
    word = cut.group("word")
    after_word = cuts[m + 1] if m + 1 < len(cuts) else None
    return word in LEVEL1_WORDS and (
        word not in LEVEL2_WORDS
        or cut.group("points") is not None
        or (
            after_word is not None
            and after_word.start() == cut.end()
            and after_word.group("word") in LEVEL2_WORDS
        )
    )


def _settled_by_points(
    text: str,
    cuts: Sequence[re.Match[str]],
    kinds: Sequence[Literal["points", "value"]],
    deviation: bool = False,
    numbered_block: bool = False,
) -> dict[int, list[tuple[str, list[str], list[str]]]]:
    """The rows of the segments (by their level word's place in ``cuts``) whose cut only the points of
    their 一级 heading settle (``levelpoints``): under a heading written with its points, where some
    segment reads more than one way, the readings whose 分值 add up to those points."""
    if list(kinds).count("points") != 2:
        return {}  # no 分值 column: the heading's points bound no row's figure
    weight = list(kinds).index("points")
    groups: list[tuple[Decimal | None, list[int]]] = []
    for m, cut in enumerate(cuts):
        if _is_level1(cuts, m):
            groups.append((heading_points(cut.group("points") or ""), [m]))
        elif groups:
            groups[-1][1].append(m)
    out: dict[int, list[tuple[str, list[str], list[str]]]] = {}
    for points, members in groups:
        segments = {
            m: text[cuts[m].end() : cuts[m + 1].start() if m + 1 < len(cuts) else len(text)] for m in members
        }
        segments = {m: segment for m, segment in segments.items() if segment}
        if points is None or not segments:
            continue
        candidates: list[list[list[tuple[str, list[str]]]]] = []
        for m, segment in segments.items():
            shares = numbered_block and cuts[m].group("points") is None
            numbering = _numbered_cuts(segment, kinds, deviation, shares)
            found: list[list[tuple[str, list[str]]]] = list(numbering.cuts) if numbering is not None else []
            if not found:
                _segment_rows(segment, kinds, parses_only=found)
            if not found and numbered_block:  # a row that lost its number (``numberedrows``)
                alone = unnumbered_row(segment, kinds, deviation)
                found = list(alone.cuts) if alone is not None else []
            if not found or agreed_rows(found, kinds) is None:
                words: list[list[tuple[str, list[str]]]] = []
                _segment_rows(segment, kinds, words_only=True, parses_only=words)
                found = words if words and agreed_rows(words, kinds) is not None else found
            candidates.append(found)
        if all(c and agreed_rows(c, kinds) is not None for c in candidates) or not all(candidates):
            continue  # every segment read one way alone (or one not at all): nothing to settle
        kept = weighed(candidates, weight, points)
        reads = [agreed_rows(k, kinds) for k in kept] if kept is not None else []
        if kept is not None and all(r is not None for r in reads):
            out.update({m: r for m, r in zip(segments, reads, strict=True) if r is not None})
    return out


def placed_cells(
    row: list[Token],
    first: int,
    written: Callable[[int, int], Token],
    at: int,
    name: str,
    cut_cells: Sequence[str],
    cells: Sequence[str],
    kinds: Sequence[str],
) -> list[int]:
    """Put a row read from a block's text at ``at`` into ``row`` (blank from column ``first`` on): its
    name, then each cell as written (``written`` gives text[start:end] so), a cell the cuts read
    differently blank, the value seen there kept unplaced (``Val.unread``) where the columns it
    stretches over are certain. Returns where the name and each cell end in the text."""
    blank = Token("", row[first].line)
    row[first] = written(at, at + len(name))
    at += len(name)
    ends = [at]
    starts = [at + sum(len(p) for p in cut_cells[:c]) for c in range(len(cut_cells) + 1)]
    for c, (piece, cell) in enumerate(zip(cut_cells, cells, strict=True)):
        row[first + 1 + c] = written(at, at + len(piece)) if cell else blank
        stretch = None if cell else unplaced_stretch(kinds, cut_cells, c)
        if stretch is not None:  # a value seen but cut more than one way: not placed
            seen = written(starts[stretch[0]], starts[stretch[1]])
            row[first + 1 + c] = Token("", seen.line, unread=seen.text)
        at += len(piece)
        ends.append(at)
    return ends


def indicator_block(after: Sequence[Token]) -> tuple[list[Token], int | None, bool] | None:
    """A run-on indicator block's tokens, the index in ``after`` of its 总分 (None: none), and whether
    the next block's title (年度绩效目标) or header ended it; None when a form's closing words (注:,
    填表人 …) or another of the forms' words come first."""
    block: list[Token] = []
    for k, token in enumerate(after):
        if _Vocabulary.total.match(token.key) and len(token.key) <= 8:
            return block, k, False
        if block and (_column(token.key, "indicator") == "label" or _Vocabulary.indicator_start(token.key)):
            return block, None, True
        if _Vocabulary.end.match(token.key) or _Vocabulary.word(token.key):
            return None
        block.append(token)
    return block, None, False


def written_cell(block: Sequence[Token], places: Sequence[tuple[int, int]], start: int, end: int) -> Token:
    """The cell text[start:end] of a block's text (``places`` as ``_located`` gives them) as written:
    the tokens' text from its first character to the next cell's (a gloss after its last character
    kept), on its first character's line."""
    pieces: list[str] = []
    k = start
    while k < end:
        t = places[k][0]
        stop = k
        while stop < end and places[stop][0] == t:
            stop += 1
        source = block[t].text
        if stop < len(places) and places[stop][0] == t:
            last = places[stop][1]  # up to the next cell's first character
        elif stop == len(places):
            last = places[stop - 1][1] + 1  # the block's last cell: nothing trimmed off it
        else:
            last = len(source)
        pieces.append(source[places[k][1] : last])
        k = stop
    return Token("".join(pieces).strip(), block[places[start][0]].line)


def _located(
    block: Sequence[Token], marks: dict[int, str], wraps: list[int] | None = None
) -> tuple[str, list[tuple[int, int]]] | None:
    """A block's text as the vocabulary reads it, run on across its tokens, and for each character the
    token it stands in and its position in that token's text as written; None for no block, or one
    that runs onto another line other than across a page number (which is dropped), or whose reading
    cannot be matched to its text character for character."""
    if not block:
        return None
    text: list[str] = []
    places: list[tuple[int, int]] = []
    for t, token in enumerate(block):
        source = token.text
        reading, index = _readable(source) if token.reading else (source, list(range(len(source))))
        if reading != (token.reading or token.text) or len(index) != len(reading):
            return None
        skip = 0
        if t and token.line != block[t - 1].line:
            mark = marks.get(token.line, "")
            if mark and _next_page(block[t - 1].line, token.line, marks) and reading.startswith(mark):
                skip = len(mark)
            elif wraps is not None:
                wraps.append(len(text))  # a line break the caller must find between two cells
            else:
                return None
        for k in range(skip, len(reading)):
            text.append(reading[k])
            places.append((t, index[k]))
    return "".join(text), places


def _next_page(before: int, line: int, marks: dict[int, str]) -> bool:
    """Whether the page-numbered ``line`` opens the page after the one ``before`` stands on (no other
    page's number between them)."""
    return line in marks and not any(before < n < line for n in marks)


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
    text: str,
    kinds: Sequence[Literal["points", "value"]],
    words_only: bool = False,
    parses_only: list[list[tuple[str, list[str]]]] | None = None,
) -> list[tuple[str, list[str], list[str]]] | None:
    """The rows one 二级指标 holds, run together (see ``_runon_indicators``): each a name, its cells in
    the columns' kinds as one cut gives them, and the cells read (values two cuts read differently
    blank); None unless every cut gives the same names and points. A template row's label (``指标2:``)
    is a name with no cells. ``words_only``: a value in words only where it is one of the forms' value
    words (``VALUE_WORDS``), a value in figures only with its unit or ``%``, and no name ending in a
    value word (the value words before a row's figures are its values): a row whose name or values
    are written otherwise has no such cut, and is left unread. ``parses_only``: every cut is added to
    it instead (none when there are none, or too many to weigh), and None returned."""
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
        pattern = _ROW_FIGURE if kinds[col] == "points" else _ROW_VALUE_WORDS if words_only else _ROW_VALUE
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
        template = _TEMPLATE_LABEL.match(text, pos)
        if template is not None:  # a template row's label (指标2:) holds no cells: no name reads it
            rows_from(template.end(), [*done, (template.group(), [])])
            return
        name = _ROW_NAME.match(text, pos)
        if name is None:
            return
        for end in range(name.end(), pos + 1, -1):  # a name ends where its row's first cell begins
            if any(m.start() <= end < m.end() for m in _YEARS_IN_NAME.finditer(text, pos, name.end())):
                continue  # a span of years is inside a name: the name ends neither in it nor before it
            if words_only and _ENDS_IN_VALUE_WORD.search(text, pos, end):
                continue  # a value word at a name's end: its row's value
            if not _Vocabulary.unit_word.match(text[pos:end]):  # a unit (万元) is no row's name
                row_cells(end, 0, [], done, text[pos:end])

    rows_from(0, [])
    if not parses or len(parses) > _ROW_PARSES or tries[0] > _ROW_TRIES:
        return None
    if parses_only is not None:  # every cut, for the caller to weigh against the 一级's points
        parses_only.extend(parses)
        return None
    return agreed_rows(parses, kinds)


def agreed_rows(
    parses: Sequence[Sequence[tuple[str, list[str]]]], kinds: Sequence[str]
) -> list[tuple[str, list[str], list[str]]] | None:
    """The rows every cut of a segment gives alike (names and points; a value two cuts read
    differently blank), or None when two cuts differ in a name or a point (see ``_segment_rows``)."""
    first = parses[0]
    points = [k for k, kind in enumerate(kinds) if kind == "points"]
    for other in parses[1:]:
        if len(other) != len(first) or any(
            a[0] != b[0] or len(a[1]) != len(b[1]) or any(a[1][k] != b[1][k] for k in points if a[1])
            for a, b in zip(first, other, strict=True)
        ):
            return None
    return [
        (
            name,
            cells,
            [cell if all(p[r][1][c] == cell for p in parses) else "" for c, cell in enumerate(cells)],
        )
        for r, (name, cells) in enumerate(first)
    ]


def _numbered_rows(
    segment: str,
    kinds: Sequence[Literal["points", "value"]],
    deviation: bool,
    shares: bool,
    alone: bool = False,
) -> list[tuple[str, list[str], list[str]]] | None:
    """The rows of a segment the form numbers (``指标1`` ``指标2`` …) where every reading of them agrees
    (``numberedrows``); None for a segment not so numbered, or read more than one way. ``shares``:
    whether the level word before it may lend the first label its ``指标`` (no points between them,
    and the block's other rows numbered: a bare ``1`` after a level word is otherwise no label);
    ``alone``: an unnumbered segment of a block whose rows are numbered is read as one row that lost
    its number, where it reads as one row alone."""
    found = _numbered_cuts(segment, kinds, deviation, shares, alone)
    return agreed_rows(found.cuts, kinds) if found is not None else None


def _numbered_cuts(
    segment: str,
    kinds: Sequence[Literal["points", "value"]],
    deviation: bool,
    shares: bool,
    alone: bool = False,
) -> NumberedSegment | None:
    """Every reading of a segment the form numbers (``numberedrows``), or None (see ``_numbered_rows``)."""
    opening = numbered(segment)
    if opening is None:
        return unnumbered_row(segment, kinds, deviation) if alone else None
    if opening[1] and not shares:
        return None
    return numbered_segment(segment, kinds, deviation)


def _runon_resumes(aligner: VocabularyAligner, tokens: Sequence[Token], i: int) -> bool:
    """A budget header, or a field label (项目名称…) a budget header follows closely: the next form."""
    if aligner._budget_header_at(tokens, i):
        return True
    key = tokens[i].key
    if not (_Vocabulary.field.match(key) and len(key) <= 12):
        return False
    return any(aligner._budget_header_at(tokens, j) for j in range(i + 1, min(i + 12, len(tokens))))
