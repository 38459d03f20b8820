"""Recognise the Hubei 项目绩效自评表 in a line-based grid (text converted from PDF, seed 004).

The form, as the converter flattens it (one ``Paragraph`` per line)::

    2022 年度曾都区社会养老保险局项目绩效自评表          <- title
    [填报日期： 2023.5.30]  总分：100 分                   <- declared points (may be one char a line)
    项目名称 … | 主管部门 … | 项目实施单位 …            <- labels and values, wrapped anywhere
    项目类别 1、部门预算项目√ 2、省专项 □ 3、中央转移支付项目 □
    项目属性 1、持续性项目 √ 2、新增性项目 □   项目类型 1、常年性项目√ 2、延续性项目 □ …
    预算执行情况（万元）（20 分） 预算数（A) 执行数(B) 执行率（B/A） 得分（20 分*执行率）
    年度财政资金总额  28 万元 28 万元 100% 20           <- a narrow 得分 column writes "2", "0" a line each
    一级指标 二级指标 三级指标 年初目标值(A) 实际完成值(B) 得分   <- no per-row 分值 column
    产出指标（40 分） 数量指标 <name> <target> <actual> <score> …
    效益指标（40 分） 经济效益指标 …
    总分 100                                               <- the declared total score
    偏差大或目标未完成原因分析 <text>  改进措施及结果应用方案 <text>
    备注：1、… 4、…                                        <- the form's printed footnotes

A table is found by its structure: a line starting with 项目名称 followed closely by the form's header
words (主管部门, 项目实施单位, 预算执行, 一级指标). Labels are matched across wraps and whitespace.
A ticked option is the one followed by √ or by the Wingdings checked box (U+F0FE, seed 004 tables
7-8); where no option carries a tick, it is the one option not followed by an empty box □.

Indicator rows. Each row ends with a *final line* holding the cells that sit on one baseline: the
actual value and the score (``计划标准 10``), often preceded by the target, and for one-line rows by
the level-2 label and the name too (``成本指标 支出不超过预算 ≤27 万 计划标准 10``). A line is final
when it holds two tokens or more, the last a plausible score (a number not above the level-1 points),
and the next line is not a one-character remnant of a wrapped cell (``仲裁案件审理期限为 45`` / ``天``
is a wrapped target); or when a run of one-digit lines follows it (the narrow 得分 column writes
``10`` as ``1`` / ``0``). Tokens are split at spaces, a unit word is joined back to
its number (``≤27 万``, ``220 人左右``), then read from the right: score, actual, target, name.

Wrapped cells. Lines before the final line are wrapped fragments of the name and, when the final
line holds no target, of the target after it. The boundary is not marked, so it is found from the
PDF's fixed column widths, measured in half-width units (CJK and full-width characters count 2):

1. Every line of a wrapped cell but its last fills the column. A row's first line is the name's, and
   when the name wraps it is full, so its width is the name column's width. Word tables let that
   width vary between rows (seed 004, table 4: 10 to 12 characters), so it is taken per row. The
   first line was not full, and is the whole name, when the second line is wider than it by more than
   one character, or wider at all while the first line is three characters narrower than the widest
   first line of the table.
2. Otherwise the name ends at the first line at least one character (2 units) narrower than the first
   line: a line that short does not fill the column. One character is enough and needed: names in
   seed 004 end one character short (``财政资金使用效益`` under ``优化资源配置，提高``), while full
   lines differ from the first by less (digits are half-width). A full line shortened by a line-start
   rule (``进一步强窗口作风建`` / ``设，…``) would end the name early; no such row has its target
   wrapped in seed 004. If no line is short, the name takes all lines but the last.
3. A target of a single one-character fragment (``划``, ``务``) is the remnant of a wrapped target, not
   a target: the name's last line then moves to the target (``按时完成认定计`` + ``划``). This settles
   the one case widths cannot: a name whose last line happens to be full, followed by a target whose
   first line is short only because the target column is narrower.

Checked against all 52 rows of seed 004's eight tables, these rules split every row as a reader would.

Fragments are joined without separators (the PDF's wrapping is not the author's); spaces inside a
line are kept as written. No text of a row is dropped: every fragment goes to the name or the target.

Budget figures are read in order after 年度财政资金总额: 预算数, 执行数 (money, 万元 when no unit is
written), 执行率 (``61%%`` is read as 61), 得分.

Notes. After 总分, note labels and their values alternate until 备注; ``notes`` holds the values in
form order. A label may have lost its start
in conversion (``结果应用方`` / ``案``) and is then recognised from its remaining fragments. Lines of
another page interleaved inside an unfinished label (seed 004, table 6) are skipped up to the line that
finishes the label; they stay in the grid as paragraphs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import msgspec

from jixiao.forms.hubei.reader import TEMPLATE
from jixiao.model.cells import clean, money, number, points_in, rate, text_val
from jixiao.model.dossier import Budget, BudgetRow, Evaluation, Indicator, Val
from jixiao.model.grid import Grid, Paragraph
from jixiao.model.source import Location

# --- patterns ---------------------------------------------------------------------------------------

# The anchor of a table: its first field label.
_ANCHOR = re.compile(r"^项\s*目\s*名\s*称")
# The form's title: "…项目绩效自评表" (not an 附件 reference to it).
_TITLE = re.compile(r"自评表\s*$")
_NOT_TITLE = re.compile(r"^[《附（(]")
# Lines of the preamble between title and 项目名称: 填报日期, 总分, and their characters one a line.
_PREAMBLE_LINE = re.compile(r"^(填报日期.*|总分.*|[总分：:]|\d{1,3}|分)$")
_DECLARED_POINTS = re.compile(r"总\s*分\s*[：:]?\s*(?P<num>\d+(?:\.\d+)?)")
_FILL_DATE = re.compile(r"填报日期[：:]\s*(?P<date>[0-9０-９][0-9０-９.．\-/年月日]*)")
# Words that confirm an anchor is a form: at least one must follow 项目名称 closely.
_FORM_WORDS = ("主管部门", "项目实施单位", "预算执行", "一级指标")
_FORM_WINDOW = 40  # lines after the anchor in which a form word must appear
# A 项目名称 label and a 主管部门 are in every project narrative too: a table also shows its budget row
# (the 预算数 … 执行数 heads side by side and 资金总额 followed by a figure) or its indicator header
# (一级/二级/三级指标 … 分值/得分, no sentence between), within this many lines of the anchor and before
# the next 项目名称.
_EVIDENCE_WINDOW = 120
_BUDGET_HEADS = re.compile(r"预算数[^。，；,;]{0,20}?执行数")
_BUDGET_EVIDENCE = re.compile(r"资金总额[^0-9０-９。，；,;]{0,12}[0-9０-９]")
_INDICATOR_EVIDENCE = re.compile(r"[一二三]级指标[^。，；,;]{0,80}?(?:分值|得分)")
_PREAMBLE_WINDOW = 12  # lines before the anchor searched for the title

# The 项目单位 label of other provinces' forms is no field here, but a value stops at it: a label's value
# ends at the next known label, not at the next label this form reads.
_HEADER_LABELS = ("项目名称", "项目单位", "主管部门", "项目实施单位", "项目类别", "项目属性", "项目类型")
_CHOICE_LABELS = ("项目类别", "项目属性", "项目类型")
# Tick marks: √ and its kin, and the Wingdings checked box (U+F0FE) a PDF symbol font converts to.
_TICKED = "√✓✔☑\uf0fe"
# Empty boxes: □ and its kin, and the Wingdings empty boxes (U+F0A8, U+F06F).
_UNTICKED = "□☐\uf0a8\uf06f"
# One option of a choice field: "1、部门预算项目√", "2、省专项 □", "1、持续性项目 " (tick lost).
_OPTION = re.compile(
    rf"(?P<num>\d+)\s*[、.．]\s*(?P<text>[^{_TICKED}{_UNTICKED}\d]+?)\s*(?P<mark>[{_TICKED}{_UNTICKED}]?)"
    r"\s*(?=\d+\s*[、.．]|$)"
)

_BUDGET_START = re.compile(r"^预算执行")
_INDICATOR_HEADER = re.compile(r"^一级指标")
# A money, rate or score token of the budget line: "28 万元", "27.34", "61%%", "20".
_AMOUNT = re.compile(r"^\d+(?:\.\d+)?(?:万元|万|元|亿元)?$")
_RATE = re.compile(r"^\d+(?:\.\d+)?[%％]+$")

# Level-1 headings: "产出指标", "效益指标（40 分）"; their points may stand on the next line.
_LEVEL1 = re.compile(r"^(?P<name>产出指标|效益指标|满意度指标)(?P<points>[（(]\d+(?:\.\d+)?分[）)])?$")
_POINTS_ONLY = re.compile(r"^[（(]\d+(?:\.\d+)?分[）)]$")
_LEVEL2_NAMES = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "社会公众满意度指标",
    "满意度指标",
)
# Any other short "…指标" standing alone on its line is a level-2 label too.
_LEVEL2_GENERIC = re.compile(r"^[\u4e00-\u9fff]{2,10}指标$")
# "总分 100": the declared total score at the end of the indicator block.
_TOTAL = re.compile(r"^总分(?:[(（](?P<points>\d+(?:\.\d+)?)分[)）])?[：:]?(?P<num>\d+(?:\.\d+)?)分?$")

_NOTE_LABELS = ("偏差大或目标未完成原因分析", "改进措施及结果应用方案", "单位主要负责人签批意见")
_NOTE_MIN_FRAGMENT = 3  # a label whose start was lost is recognised from a fragment this long
_NOTE_FOREIGN_WINDOW = 40  # lines searched for the end of a label interrupted by another page
_NOTE_MAX_LINES = 20  # a note value longer than this has run out of the table
_FOOTNOTES = re.compile(r"^备\s*注")
_OUTSIDE = re.compile(r"^(附件|《)")

# Tokens of a final line.
_SCORE = re.compile(r"^\d+(?:\.\d+)?$")
_NUMERIC = re.compile(r"^[≥≤<>＜＞=]*\d+(?:\.\d+)?$")
_UNIT_WORD = re.compile(
    r"^(?:万元|亿元|万|元|人次|人|件|个|天|次|户|家|份|笔|场|项|小时|个月|月|年|名|期|台|套|册)"
    r"(?:左右|以上|以内|以下)?$"
)
_DIGIT_LINE = re.compile(r"^\d$")  # one digit of a score written down a narrow column
_REMNANT_MAX = 1  # a line of this many characters is the tail of a wrapped cell
_ONE_CHAR = 2  # the width of one CJK character, in half-width units
_DEFAULT_CAP = Decimal(100)  # highest plausible row score when no level-1 points are declared


# --- lines and located text -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    text: str  # outer whitespace removed
    line: int
    page: int | None

    @property
    def compact(self) -> str:
        return clean(self.text)


@dataclass(frozen=True)
class _Piece:
    """A piece of text with the lines it was read from."""

    text: str
    lines: tuple[_Line, ...]


class _Reader:
    """Located values for one grid file."""

    def __init__(self, file: str) -> None:
        self.file = file

    def loc(self, lines: Sequence[_Line]) -> Location | None:
        if not lines:
            return None
        first, last = lines[0], lines[-1]
        return Location(
            file=self.file,
            line=first.line,
            line_end=last.line if last.line != first.line else None,
            page=first.page,
        )

    def text(self, piece: _Piece) -> Val:
        return text_val(piece.text, self.loc(piece.lines))


@dataclass(frozen=True)
class _Run:
    """Consecutive lines joined without separators, each character remembering its line."""

    text: str
    owner: tuple[int, ...]  # index into ``lines`` of each character
    lines: tuple[_Line, ...]

    @classmethod
    def of(cls, lines: Sequence[_Line]) -> _Run:
        owner: list[int] = []
        for index, line in enumerate(lines):
            owner.extend([index] * len(line.text))
        return cls(text="".join(line.text for line in lines), owner=tuple(owner), lines=tuple(lines))

    def tail(self, end: int) -> tuple[int, str]:
        """The index of the line holding character ``end - 1`` and that line's text after it."""
        index = self.owner[end - 1]
        start = sum(len(line.text) for line in self.lines[:index])
        return index, self.lines[index].text[end - start :]

    def piece(self, start: int, end: int) -> _Piece:
        """The text in ``[start, end)`` with outer whitespace trimmed, and the lines it covers."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if start >= end:
            return _Piece(text="", lines=())
        first, last = self.owner[start], self.owner[end - 1]
        return _Piece(text=self.text[start:end], lines=self.lines[first : last + 1])


def _spaced(word: str) -> re.Pattern[str]:
    """A label that may be broken by whitespace anywhere."""
    return re.compile(r"\s*".join(re.escape(char) for char in word))


_HEADER_RES = {word: _spaced(word) for word in (*_HEADER_LABELS, "年度财政资金总额", "资金总额")}


def _width(text: str) -> int:
    """Printed width in half-width units: CJK and full-width characters 2, others 1, spaces 0."""
    return sum(
        0 if char.isspace() else 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text
    )


def _lines_of(grid: Grid) -> list[_Line]:
    return [
        _Line(text=block.text.strip(), line=block.line or 0, page=block.page)
        for block in grid.blocks
        if isinstance(block, Paragraph) and block.text.strip()
    ]


# --- finding tables ---------------------------------------------------------------------------------


def _is_anchor(lines: Sequence[_Line], index: int) -> bool:
    if not _ANCHOR.match(lines[index].text):
        return False
    window = "".join(line.compact for line in lines[index : index + _FORM_WINDOW])
    return any(word in window for word in _FORM_WORDS) and _shows_a_table(lines, index)


def _shows_a_table(lines: Sequence[_Line], anchor: int) -> bool:
    """Whether the lines after an anchor hold a table's budget row or indicator header, not only labels."""
    limit = min(len(lines), anchor + _EVIDENCE_WINDOW)
    stop = next((i for i in range(anchor + 1, limit) if _ANCHOR.match(lines[i].text)), limit)
    window = "".join(line.compact for line in lines[anchor:stop])
    budget = _BUDGET_HEADS.search(window) is not None and _BUDGET_EVIDENCE.search(window) is not None
    return budget or _INDICATOR_EVIDENCE.search(window) is not None


def _preamble_start(lines: Sequence[_Line], anchor: int, floor: int) -> tuple[int, int | None]:
    """(first line of the table, index of its title line or None), searching back from the anchor."""
    start = anchor
    index = anchor - 1
    while index >= max(floor, anchor - _PREAMBLE_WINDOW):
        compact = lines[index].compact
        if _TITLE.search(compact) and not _NOT_TITLE.match(compact):
            return index, index
        if not _PREAMBLE_LINE.match(compact):
            break
        start = index
        index -= 1
    return start, None


# --- header -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    """A stretch ``[start, end)`` of a run: the value of a label."""

    run: _Run
    start: int
    end: int

    @property
    def piece(self) -> _Piece:
        return self.run.piece(self.start, self.end)


def _choice(reader: _Reader, span: _Span) -> Val | None:
    """The ticked option of a choice field, as its option text."""
    options = list(_OPTION.finditer(span.run.text, span.start, span.end))
    ticked = [m for m in options if m["mark"] and m["mark"] in _TICKED]
    if not ticked:
        unmarked = [m for m in options if not m["mark"]]
        ticked = unmarked if len(unmarked) == 1 and len(options) > 1 else []
    if not ticked:
        return None
    return reader.text(span.run.piece(ticked[0].start("text"), ticked[0].end("text")))


def _header(lines: Sequence[_Line]) -> dict[str, _Span]:
    """The value of each header label found: the text up to the next label."""
    run = _Run.of(lines)
    found: list[tuple[int, int, str]] = []
    for word in _HEADER_LABELS:
        match = _HEADER_RES[word].search(run.text)
        if match:
            found.append((match.start(), match.end(), word))
    found.sort()
    values: dict[str, _Span] = {}
    for position, (_, end, word) in enumerate(found):
        stop = found[position + 1][0] if position + 1 < len(found) else len(run.text)
        values[word] = _Span(run, end, max(end, stop))
    return values


# --- tokens -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    text: str
    lines: tuple[_Line, ...]

    @property
    def piece(self) -> _Piece:
        return _Piece(self.text, self.lines)


def _tokens(line: _Line, text: str | None = None) -> list[_Token]:
    """Space-separated tokens of a line, a unit word joined back to the number before it."""
    tokens: list[_Token] = []
    for word in (text if text is not None else line.text).split():
        if tokens and _NUMERIC.match(tokens[-1].text) and _UNIT_WORD.match(word):
            tokens[-1] = _Token(f"{tokens[-1].text} {word}", (line,))
        else:
            tokens.append(_Token(word, (line,)))
    return tokens


def _digit_run(lines: Sequence[_Line], start: int, end: int) -> tuple[_Token | None, int]:
    """A number written one digit a line from ``start``: (the number, the index after it)."""
    index = start
    while index < end and _DIGIT_LINE.match(lines[index].compact):
        index += 1
    if index == start:
        return None, start
    taken = tuple(lines[start:index])
    return _Token("".join(line.compact for line in taken), taken), index


# --- budget -----------------------------------------------------------------------------------------


def _rate(text: str, loc: Location | None) -> Val:
    """A rate as written; a doubled percent sign (``61%%``) is read as one."""
    written = text.strip()
    value = rate(re.sub(r"[%％]+$", "%", written), loc)
    return msgspec.structs.replace(value, text=written)


def _budget_tokens(lines: Sequence[_Line], start: int, rest: str) -> list[_Token]:
    """Tokens after the 资金总额 label: the rest of its line, then the lines below it."""
    tokens = _tokens(lines[start], rest)
    index = start + 1
    while index < len(lines):
        digits, after = _digit_run(lines, index, len(lines))
        if digits is not None:
            tokens.append(digits)
            index = after
        else:
            tokens.extend(_tokens(lines[index]))
            index += 1
    return tokens


def _budget(reader: _Reader, lines: Sequence[_Line]) -> Budget | None:
    """The 预算执行情况 block: weight from its heading, then 预算数, 执行数, 执行率, 得分 in this order."""
    run = _Run.of(lines)
    label = _HEADER_RES["年度财政资金总额"].search(run.text) or _HEADER_RES["资金总额"].search(run.text)
    if label is None:
        return None
    label_line, rest = run.tail(label.end())
    amounts: list[_Token] = []
    rate_token: _Token | None = None
    score_token: _Token | None = None
    for token in _budget_tokens(lines, label_line, rest):
        compact = clean(token.text)
        if rate_token is None and _RATE.match(compact):
            rate_token = token
        elif rate_token is None and _AMOUNT.match(compact):
            amounts.append(token)
        elif rate_token is not None and score_token is None and _SCORE.match(compact):
            score_token = token
    if not amounts and rate_token is None:
        return None  # the label without its figures: the row was cut off
    weight_line = next((line for line in lines[:label_line] if points_in(line.text) is not None), None)
    weight = points_in(weight_line.text) if weight_line is not None else None
    last = score_token or rate_token or (amounts[-1] if amounts else None)
    return Budget(
        total=BudgetRow(
            label="年度财政资金总额",
            adjusted=money(amounts[0].text, reader.loc(amounts[0].lines)) if amounts else None,
            executed=money(amounts[1].text, reader.loc(amounts[1].lines)) if len(amounts) > 1 else None,
            loc=reader.loc([run.lines[run.owner[label.start()]], *(last.lines if last else ())]),
        ),
        weight=(
            Val(text=f"{weight}", num=weight, loc=reader.loc([weight_line]))
            if weight is not None and weight_line is not None
            else None
        ),
        rate=_rate(rate_token.text, reader.loc(rate_token.lines)) if rate_token else None,
        score=number(score_token.text, reader.loc(score_token.lines)) if score_token else None,
    )


# --- indicators -------------------------------------------------------------------------------------


def _level2_at(lines: Sequence[_Line], index: int, end: int) -> tuple[str, int, str] | None:
    """A level-2 label starting at ``lines[index]``: (label, index of its last line, text after it)."""
    compact = lines[index].compact
    for name in _LEVEL2_NAMES:
        if compact.startswith(name):
            return name, index, _after_prefix(lines[index].text, name)
        if len(compact) >= 2 and name.startswith(compact) and index + 1 < end:
            joined = compact + lines[index + 1].compact
            if joined.startswith(name):
                return name, index + 1, _after_prefix(lines[index + 1].text, name[len(compact) :])
    if _LEVEL2_GENERIC.match(compact) and not _LEVEL1.match(compact):
        return compact, index, ""
    return None


def _after_prefix(text: str, prefix: str) -> str:
    """``text`` after the characters of ``prefix`` (whitespace between them ignored)."""
    position = 0
    for char in prefix:
        while position < len(text) and text[position].isspace():
            position += 1
        if position < len(text) and text[position] == char:
            position += 1
    return text[position:].strip()


def _level1_at(
    reader: _Reader, lines: Sequence[_Line], index: int, end: int
) -> tuple[str, Val | None, int] | None:
    """A level-1 heading at ``lines[index]``: (name, declared points, index after it)."""
    match = _LEVEL1.match(lines[index].compact)
    if match is None:
        return None
    points_line: _Line | None = lines[index] if match["points"] else None
    after = index + 1
    if points_line is None and after < end and _POINTS_ONLY.match(lines[after].compact):
        points_line = lines[after]
        after += 1
    if points_line is None and match["name"] == "满意度指标":
        return None  # without points it is the level-2 label of the same name
    if points_line is None:
        return match["name"], None, after
    points = points_in(points_line.text)
    value = Val(text=f"{points}", num=points, loc=reader.loc([points_line])) if points is not None else None
    return match["name"], value, after


def _note_label(compact: str) -> tuple[str, int] | None:
    """The note label a line begins (or continues, when its start was lost): (label, chars matched)."""
    for label in _NOTE_LABELS:
        if len(compact) >= 2 and label.startswith(compact):
            return label, len(compact)
    for label in _NOTE_LABELS:
        position = label.find(compact) if len(compact) >= _NOTE_MIN_FRAGMENT else -1
        if position > 0:
            return label, position + len(compact)
    return None


def _is_note_start(compact: str) -> bool:
    return len(compact) >= _NOTE_MIN_FRAGMENT and _note_label(compact) is not None


def _is_boundary(reader: _Reader, lines: Sequence[_Line], index: int, end: int) -> bool:
    """Does ``lines[index]`` start something other than the continuation of a row?"""
    compact = lines[index].compact
    return bool(
        _TOTAL.match(compact)
        or _level1_at(reader, lines, index, end)
        or _level2_at(lines, index, end)
        or _is_note_start(compact)
        or _FOOTNOTES.match(compact)
    )


@dataclass(frozen=True)
class _Final:
    """The final line of a row: its tokens before the score, and the score."""

    groups: list[_Token]
    score: _Token
    next: int  # index after the line (and after a score written down the column)


def _final_line(
    reader: _Reader, lines: Sequence[_Line], index: int, end: int, text: str, cap: Decimal
) -> _Final | None:
    """Read ``text`` (``lines[index]`` or its part after a level-2 label) as a row's final line."""
    groups = _tokens(lines[index], text)
    digits, after = _digit_run(lines, index + 1, end)
    if digits is not None and groups:
        return _Final(groups=groups, score=digits, next=after)
    if len(groups) < 2 or not _SCORE.match(groups[-1].text) or Decimal(groups[-1].text) > cap:
        return None
    following = index + 1
    if (
        following < end
        and len(lines[following].compact) <= _REMNANT_MAX
        and not _is_boundary(reader, lines, following, end)
    ):
        return None  # the number ends a wrapped cell whose last character stands on the next line
    return _Final(groups=groups[:-1], score=groups[-1], next=index + 1)


def _split_wrapped(fragments: Sequence[_Line], column: int) -> tuple[list[_Line], list[_Line]]:
    """Split wrapped lines into the name's and the target's (rules 1-3 of the module docstring).

    ``column`` is the widest first line of the table's rows: the name column's width.
    """
    if len(fragments) <= 1:
        return list(fragments), []
    widths = [_width(line.text) for line in fragments]
    full = widths[0]
    if widths[1] > full + _ONE_CHAR or (widths[1] > full and full <= column - 3 * _ONE_CHAR):
        last = 0  # rule 1: the first line did not fill the column
    else:
        short = (i for i in range(1, len(fragments) - 1) if widths[i] <= full - _ONE_CHAR)
        last = next(short, len(fragments) - 2)  # rule 2
    target = fragments[last + 1 :]
    if last >= 1 and len(target) == 1 and len(target[0].compact) <= _REMNANT_MAX:
        last -= 1  # rule 3: a one-character target is the tail of a wrapped one
    return list(fragments[: last + 1]), list(fragments[last + 1 :])


def _joined(lines: Sequence[_Line]) -> _Piece:
    return _Piece(text="".join(line.text for line in lines), lines=tuple(lines))


def _merge(first: _Piece, second: _Piece) -> _Piece:
    if not first.text:
        return second
    return _Piece(text=first.text + second.text, lines=first.lines + second.lines)


def _group_piece(groups: Sequence[_Token]) -> _Piece:
    lines: list[_Line] = []
    for group in groups:
        lines.extend(line for line in group.lines if line not in lines)
    return _Piece(text=" ".join(group.text for group in groups), lines=tuple(lines))


@dataclass(frozen=True)
class _RawRow:
    """An indicator row as read, before its wrapped lines are split between name and target."""

    level1: str
    points: Val | None
    level2: str
    lines: tuple[_Line, ...]  # every line of the row
    fragments: tuple[_Line, ...]  # wrapped lines before the final line
    final: _Final | None  # None when the row was cut off before its score

    def name_and_target(self, column: int) -> tuple[_Piece | None, _Piece | None]:
        """(name, target): the final line's tokens left of the actual value are read first."""
        groups = self.final.groups[:-1] if self.final is not None else []
        if len(groups) >= 2:
            return _merge(_joined(self.fragments), groups[0].piece), _group_piece(groups[1:])
        if len(groups) == 1:
            if not self.fragments:
                return groups[0].piece, None
            return _joined(self.fragments), groups[0].piece
        name, target = _split_wrapped(self.fragments, column)
        return (_joined(name) if name else None), (_joined(target) if target else None)


@dataclass
class _Rows:
    indicators: list[Indicator]
    total: Val | None
    next: int
    points: Val | None = None  # the points written in the total's label: 总分(100分)


def _indicators(reader: _Reader, lines: Sequence[_Line], start: int, end: int) -> _Rows:
    """Read indicator rows from the first level-1 heading at or after ``start`` up to 总分."""
    index = start
    while index < end and _level1_at(reader, lines, index, end) is None:
        if _TOTAL.match(lines[index].compact) or _is_note_start(lines[index].compact):
            break
        index += 1  # header words: 一级指标 二级指标 三级指标 年初目标值(A) 实际完成值(B) 得分
    raw: list[_RawRow] = []
    total: Val | None = None
    stated: Val | None = None
    level1, points, level2 = "", None, ""
    while index < end:
        compact = lines[index].compact
        if match := _TOTAL.match(compact):
            total = Val(text=match["num"], num=Decimal(match["num"]), loc=reader.loc([lines[index]]))
            if match["points"]:
                stated = Val(
                    text=match["points"], num=Decimal(match["points"]), loc=reader.loc([lines[index]])
                )
            index += 1
            break
        if _is_note_start(compact) or _FOOTNOTES.match(compact):
            break
        heading = _level1_at(reader, lines, index, end)
        if heading is not None:
            level1, points, index = heading
            level2 = ""
            continue
        row, index = _raw_row(reader, lines, index, end, level1, points, level2)
        level2 = row.level2
        raw.append(row)
    column = max((_width(row.fragments[0].text) for row in raw if row.fragments), default=0)
    indicators = [ind for row in raw if (ind := _indicator(reader, row, column)) is not None]
    return _Rows(indicators, total, index, stated)


def _raw_row(
    reader: _Reader,
    lines: Sequence[_Line],
    index: int,
    end: int,
    level1: str,
    points: Val | None,
    level2: str,
) -> tuple[_RawRow, int]:
    """One indicator row from ``lines[index]`` (the level-2 label carries over from the row above)."""
    first = index
    cap = points.num if points is not None and points.num is not None else _DEFAULT_CAP
    label = _level2_at(lines, index, end)
    text: str | None = None  # the rest of the level-2 label's line, read before the next line
    if label is not None:
        level2, index, text = label[0], label[1], label[2] or None
        if text is None:
            index += 1
    fragments: list[_Line] = []
    final: _Final | None = None
    while index < end:
        if text is None and _is_boundary(reader, lines, index, end):
            break
        final = _final_line(reader, lines, index, end, text if text is not None else lines[index].text, cap)
        if final is not None:
            break
        current = lines[index]
        fragments.append(_Line(text=text, line=current.line, page=current.page) if text else current)
        text = None
        index += 1
    after = max(final.next if final is not None else index, first + 1)
    row = _RawRow(level1, points, level2, tuple(lines[first:after]), tuple(fragments), final)
    return row, after


def _indicator(reader: _Reader, row: _RawRow, column: int) -> Indicator | None:
    """The indicator of a row; None for a row with neither name nor score (a torn fragment)."""
    name, target = row.name_and_target(column)
    score = row.final.score if row.final is not None else None
    if (name is None or not name.text) and score is None:
        return None
    actual = row.final.groups[-1] if row.final is not None else None
    return Indicator(
        level1=row.level1,
        level2=row.level2,
        name=name.text if name is not None else "",
        target=reader.text(target) if target is not None else None,
        actual=reader.text(actual.piece) if actual is not None else None,
        score=number(score.text, reader.loc(score.lines)) if score is not None else None,
        level1_points=row.points,
        loc=reader.loc(row.lines),
    )


# --- notes and footnotes ----------------------------------------------------------------------------


def _resume(lines: Sequence[_Line], index: int, end: int, rest: str) -> int | None:
    """The line after ``index`` that finishes an interrupted label, if one comes soon."""
    for probe in range(index + 1, min(end, index + _NOTE_FOREIGN_WINDOW)):
        compact = lines[probe].compact
        if compact and rest.startswith(compact):
            return probe
    return None


def _notes(reader: _Reader, lines: Sequence[_Line], start: int, end: int) -> tuple[list[Val], int]:
    """Note values after 总分, up to 备注: (the values, index after the last line read)."""
    notes: list[Val] = []
    label: str | None = None
    matched = 0
    value: list[_Line] = []
    index = start
    read_to = start

    def flush() -> None:
        if value:
            notes.append(reader.text(_joined(value)))
        value.clear()

    while index < end:
        compact = lines[index].compact
        if _FOOTNOTES.match(compact) or _OUTSIDE.match(compact) or _ANCHOR.match(compact):
            break
        if label is not None and matched < len(label):
            rest = label[matched:]
            if rest.startswith(compact):
                matched += len(compact)
                read_to = index = index + 1
                continue
            resume = _resume(lines, index, end, rest)
            if resume is not None:
                index = resume  # lines of another page, printed inside the label
                continue
            matched = len(label)  # the label's end was lost: what follows is its value
        started = _note_label(compact)
        if started is not None:
            flush()
            label, matched = started
            read_to = index = index + 1
            continue
        if label is None or len(value) >= _NOTE_MAX_LINES:
            break
        value.append(lines[index])
        read_to = index = index + 1
    flush()
    return notes, read_to


def _footnotes_end(lines: Sequence[_Line], start: int, end: int) -> int:
    """Index after the form's printed 备注 block (numbered items 1、2、… each ending with 。)."""
    if start >= end or not _FOOTNOTES.match(lines[start].compact):
        return start
    index = start + 1
    item = 1
    finished = True
    while index < end:
        compact = lines[index].compact
        if compact.startswith(f"{item}、"):
            item += 1
        elif finished:
            break
        finished = compact.endswith("。")
        index += 1
    return index


# --- one table --------------------------------------------------------------------------------------


def _first(lines: Sequence[_Line], start: int, end: int, pattern: re.Pattern[str]) -> int | None:
    return next((i for i in range(start, end) if pattern.match(lines[i].compact)), None)


def _preamble(reader: _Reader, lines: Sequence[_Line]) -> tuple[Val | None, Val | None]:
    """(declared points from 总分：100 分, 填报日期) of the lines between title and 项目名称."""
    run = _Run.of(lines)
    points = _DECLARED_POINTS.search(run.text)
    date = _FILL_DATE.search(run.text)
    declared = None
    if points:
        piece = run.piece(points.start("num"), points.end("num"))
        declared = Val(text=piece.text, num=Decimal(piece.text), loc=reader.loc(piece.lines))
    filled = reader.text(run.piece(date.start("date"), date.end("date"))) if date else None
    return declared, filled


def _evaluation(
    reader: _Reader, lines: Sequence[_Line], start: int, title: int | None, anchor: int, end: int
) -> Evaluation:
    declared, filled = _preamble(reader, lines[start:anchor])
    budget_at = _first(lines, anchor, end, _BUDGET_START)
    rows_at = _first(lines, budget_at if budget_at is not None else anchor, end, _INDICATOR_HEADER)
    header_end = next((i for i in (budget_at, rows_at) if i is not None), min(end, anchor + 1))
    header = _header(lines[anchor:header_end])
    budget = (
        _budget(reader, lines[budget_at : rows_at if rows_at is not None else end])
        if budget_at is not None
        else None
    )
    rows = _indicators(reader, lines, rows_at if rows_at is not None else header_end, end)
    notes, notes_end = _notes(reader, lines, rows.next, end)
    last = max(_footnotes_end(lines, notes_end, end), rows.next, anchor + 1) - 1
    choices = tuple(
        (word, choice)
        for word in _CHOICE_LABELS
        if word in header and (choice := _choice(reader, header[word])) is not None
    )
    pieces = {word: header[word].piece for word in ("项目名称", "主管部门", "项目实施单位") if word in header}
    fields = {word: reader.text(piece) for word, piece in pieces.items() if piece.text}
    return Evaluation(
        kind="project",
        template=TEMPLATE,
        title=lines[title].text if title is not None else "",
        name=fields.get("项目名称"),
        department=fields.get("主管部门"),
        implementer=fields.get("项目实施单位"),
        header=choices,
        budget=budget,
        indicators=tuple(rows.indicators),
        declared_points=declared if declared is not None else rows.points,
        declared_total=rows.total,
        notes=tuple(notes),
        signature=(("填报日期", filled),) if filled is not None else (),
        loc=reader.loc([lines[start], lines[last]]),
    )


def recognise_hubei(grid: Grid) -> tuple[Evaluation, ...]:
    """Every Hubei 项目绩效自评表 in a line-based grid, in document order."""
    reader = _Reader(grid.file)
    lines = _lines_of(grid)
    anchors = [index for index in range(len(lines)) if _is_anchor(lines, index)]
    starts: list[tuple[int, int | None]] = []
    floor = 0
    for anchor in anchors:
        starts.append(_preamble_start(lines, anchor, floor))
        floor = anchor + 1
    evaluations: list[Evaluation] = []
    for position, anchor in enumerate(anchors):
        end = starts[position + 1][0] if position + 1 < len(anchors) else len(lines)
        start, title = starts[position]
        evaluations.append(_evaluation(reader, lines, start, title, anchor, end))
    return tuple(evaluations)
