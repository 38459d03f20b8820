"""A county's 项目绩效目标自评表 printed to PDF and flattened to text in reading order.

The form has three parts, written one after the other on the page and flattened cell by cell:

* the funds split by source: a header ``中央 省、地 本级 其他 合计 执行数 执行率`` (each with its
  ``(万元)``), then the row's figures among the merged labels beside them (``来源``, ``项目资金``, the
  project's name): its amounts in column order, its 执行率 last;
* a 评分 part for the project's 决策 and 管理 (``项目权重 评价内容 分值 自评分 复核分 评价标准及依据``): each
  row its name followed by two bare figures, its 分值 and its 自评分; a merged level cell
  (``项目决策 2 分``, ``项目管理 13 分``) is written where the page centres it, between a row's name and
  its figures, or between rows;
* the 绩效 part, an indicator table (``指标名称 (三级指标) 年初指标值 年终完成值 自评分 复核分 评价标准``):
  each row its name, its two values and its 自评分 (no 分值 column), then its standard; a cell wrapped
  onto a second line is finished after the standard (``乡村道路建设 300 公 300 公 15 1、… 养护里程 里 里``).

Each part is read only where its figures have one reading:

* budget (``_budget``): the amounts are placed in the header's amount columns in order, the rate in the
  执行率; the 合计 must equal the sum of the parts placed before it and the rate the 执行数 over the 合计.
  Every placement that holds must give the same 合计 and 执行数, else the budget is not read (which source
  holds a part is not read: parts are not kept);
* 评分 rows (``_rubric_rows``): a name, an optional level label (name, figure, ``分``), then exactly two bare
  figures (no ``分`` after them, no third bare figure) with 自评分 ≤ 分值; the rows' 分值 must add up to
  the points of the level labels written among them, in order (each label's rows the next ones that
  reach its points), else none is read; each row carries its label as its 一级指标;
* indicator rows (``_indicator_rows``): a name, two values (a figure and what is written after it in the
  cell), one bare 自评分 (two, 分值 and 自评分, where the header names a 分值); a value's unit wrapped
  onto the next line is joined only where both values are written with a word and that line (after the
  first piece of the standard) holds the name's rest and exactly one short piece per value, no figure
  after them. The rows are read under the part's 一级指标 label (``产出 指标 40 分``, a word of the
  vocabulary's) only where the part writes exactly one; else no indicator row is read (a row under no
  label would be taken for one under the 评分 level above it).

The 自评总分 written in the form's head (``自评总分: 95``) is its total only where the text reaches the
form's end (a 总分 row or its signatures after the indicator table) and the scores read add up to it: a
text cut inside the table, or a row this reader skips (its values written in words), leaves rows out of
the sum. The parts read are put into a grid table of the form's own columns; what cannot be read with
certainty is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from jixiao.forms.generic.vocabulary import LEVEL1_WORDS
from jixiao.ingest.textlayout.tokens import _SPLIT_SPACES, Token
from jixiao.model.grid import Block, GridCell, GridTable, Paragraph
from jixiao.model.numbers import parse_decimal

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_SOURCE = re.compile(r"^[\u4e00-\u9fff、]{1,4}$")
_UNIT_PIECE = re.compile(r"^[(（]\s*(万元|元)\s*[)）]$")
_RATE = re.compile(r"^(\d+(?:\.\d+)?)\s*[%％]$")
_BARE = re.compile(r"^\d+(?:\.\d+)?$")
_VALUE = re.compile(r"^(?:[<>=≥≤＞＜]{1,2})?\d+(?:\.\d+)?[%％]?$")
_TOTAL_LABEL = re.compile(r"^(自评总分|自评得分)[:：]?(\d+(?:\.\d+)?)?$")
_PAGE_DASH = ("—", "－", "-")
_FRAGMENT = re.compile(r"^[\u4e00-\u9fff]{1,2}$")
_MAX_SOURCES = 6
_MAX_NAME = 20

# words of the form's headers and merged labels: never a row's name
_FORM_WORDS = frozenset(
    {
        "项目权重",
        "评价内容",
        "分值",
        "自评分",
        "复核分",
        "评价标准及依据",
        "评价标准",
        "来源",
        "项目资金",
        "指标名称",
        "一级",
        "二级",
        "三级",
        "指标",
        "自评",
        "复核",
    }
)


@dataclass(frozen=True)
class Budget:
    total: Token
    executed: Token
    rate: Token


@dataclass(frozen=True)
class Row:
    name: Token
    target: str = ""
    actual: str = ""
    weight: Token | None = None
    score: Token | None = None
    level: str = ""
    level_points: Decimal | None = None


def _pieces(lines: Sequence[str]) -> list[Token]:
    """The text's pieces in order, a page footer written between dashes (``— 1 —``) dropped."""
    out = [Token(p, n) for n, ln in enumerate(lines, start=1) for p in _SPLIT_SPACES.split(ln.strip()) if p]
    kept: list[Token] = []
    i = 0
    while i < len(out):
        if (
            i + 2 < len(out)
            and out[i].text in _PAGE_DASH
            and out[i + 2].text in _PAGE_DASH
            and out[i + 1].text.isdigit()
        ):
            i += 3
            continue
        kept.append(out[i])
        i += 1
    return kept


def _num(token: Token) -> Decimal | None:
    return parse_decimal(token.text) if _BARE.match(token.text) else None


def _bare(pieces: Sequence[Token], k: int) -> bool:
    """Piece ``k`` is a bare figure: a plain number with no ``分`` written after it (a standard's
    ``计 2 分`` is no cell's figure)."""
    if k >= len(pieces) or not _BARE.match(pieces[k].text):
        return False
    return not (k + 1 < len(pieces) and pieces[k + 1].text.startswith("分"))


def _name(token: Token) -> bool:
    text = token.text
    return bool(_CJK.match(text)) and 2 <= len(text) <= _MAX_NAME and text not in _FORM_WORDS


# ----------------------------------------------------------------------------------- the budget


def _budget_header(pieces: Sequence[Token]) -> tuple[int, int, int] | None:
    """(index of the header's first source column, number of source columns, index after the header):
    a run of source columns, then 合计, 执行数 and 执行率 (written whole or as ``执行`` with its ``率``
    after the columns' ``(万元)``)."""
    for i, piece in enumerate(pieces):
        if piece.text != "合计" or i + 2 >= len(pieces) or pieces[i + 1].text != "执行数":
            continue
        rate_word = pieces[i + 2].text
        if rate_word not in ("执行率", "执行"):
            continue
        start = i
        while start > 0 and i - start < _MAX_SOURCES and _SOURCE.match(pieces[start - 1].text):
            start -= 1
        sources = i - start
        if sources < 1 or any(pieces[k].text == "来源" for k in range(start, i)):
            continue
        end = i + 3
        while end < len(pieces) and _UNIT_PIECE.match(pieces[end].text):
            end += 1
        if rate_word == "执行":
            if end >= len(pieces) or pieces[end].text != "率":
                continue
            end += 1
        return start, sources, end
    return None


def _rate_of(pieces: Sequence[Token], k: int) -> tuple[Token, int] | None:
    """The rate written at ``k`` (``100%`` or ``100 %``) and the index after it."""
    if k < len(pieces) and _RATE.match(pieces[k].text):
        return pieces[k], k + 1
    if k + 1 < len(pieces) and _BARE.match(pieces[k].text) and pieces[k + 1].text in ("%", "％"):
        return Token(pieces[k].text + "%", pieces[k].line), k + 2
    return None


def _rate_matches(executed: Decimal, total: Decimal, rate: Decimal) -> bool:
    if total <= 0:
        return False
    exponent = rate.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    half = Decimal(1).scaleb(-places) / 2
    return abs(executed / total * 100 - rate) <= half


def fit_budget(amounts: Sequence[Decimal], sources: int, rate: Decimal) -> tuple[int, int] | None:
    """The indexes among ``amounts`` of the 合计 and the 执行数 where every placement of the amounts, in
    order, into the columns ``sources × part, 合计, 执行数`` that holds (the 合计 written, equal to the sum of
    the parts placed; the 执行数 written, the rate its share of the 合计) places them alike; ``None``
    when no placement holds or two disagree."""
    columns = sources + 2
    found: set[tuple[int, int]] = set()
    for chosen in combinations(range(columns), len(amounts)):
        where = dict(zip(chosen, range(len(amounts)), strict=True))
        if sources not in where or sources + 1 not in where:
            continue
        total, executed = amounts[where[sources]], amounts[where[sources + 1]]
        parts = [amounts[where[c]] for c in range(sources) if c in where]
        if parts and sum(parts) != total:
            continue
        if not _rate_matches(executed, total, rate):
            continue
        found.add((where[sources], where[sources + 1]))
    return found.pop() if len(found) == 1 else None


def _budget(pieces: Sequence[Token]) -> tuple[Budget, int] | None:
    header = _budget_header(pieces)
    if header is None:
        return None
    _, sources, end = header
    amounts: list[Token] = []
    k = end
    while k < len(pieces):
        rated = _rate_of(pieces, k)
        if rated is not None:
            rate, after = rated
            break
        if _BARE.match(pieces[k].text):
            amounts.append(pieces[k])
        elif not _CJK.match(pieces[k].text.rstrip(":：")):
            return None  # a sentence, an item or a figure with its unit before the rate: not the row
        k += 1
    else:
        return None
    if not amounts or len(amounts) > sources + 2:
        return None
    rate_num = parse_decimal(rate.text.rstrip("%％"))
    values = [parse_decimal(a.text) for a in amounts]
    if rate_num is None or any(v is None for v in values):
        return None
    fit = fit_budget([v for v in values if v is not None], sources, rate_num)
    if fit is None:
        return None
    return Budget(total=amounts[fit[0]], executed=amounts[fit[1]], rate=rate), after


def _declared_total(pieces: Sequence[Token], before: int) -> Token | None:
    """The 自评总分 written in the form's head (before its budget header): ``自评总分: 95``."""
    for k in range(min(before, len(pieces))):
        match = _TOTAL_LABEL.match(pieces[k].text)
        if not match:
            continue
        if match.group(2):
            return Token(match.group(2), pieces[k].line)
        if k + 1 < len(pieces) and _BARE.match(pieces[k + 1].text):
            return pieces[k + 1]
        return None
    return None


# ----------------------------------------------------------------------------------- the 评分 rows


def _rubric_header(pieces: Sequence[Token], start: int) -> int | None:
    """The index after the 评分 part's header ``评价内容 分值 自评分``."""
    for k in range(max(start, 1), len(pieces) - 1):
        if pieces[k].text == "分值" and pieces[k + 1].text == "自评分" and pieces[k - 1].text == "评价内容":
            return k + 2
    return None


def _level(pieces: Sequence[Token], k: int) -> Decimal | None:
    """The points of a level label written at ``k`` (``项目管理 13 分``)."""
    if (
        k + 2 < len(pieces)
        and _name(pieces[k])
        and _BARE.match(pieces[k + 1].text)
        and pieces[k + 2].text == "分"
    ):
        return parse_decimal(pieces[k + 1].text)
    return None


def rubric_rows(pieces: Sequence[Token]) -> list[Row] | None:
    """The 评分 rows in ``pieces`` (the part between its header and the indicator table): each a name,
    an optional level label, then its 分值 and 自评分, two bare figures. ``None`` unless no 自评分 exceeds
    its 分值 and the rows, in order, fall into the level labels, in order, one run of rows to a label whose
    分值 add up to its points (the one grouping: each label's rows are the next ones that reach its
    points); each row then carries its label as its 一级指标."""
    rows: list[Row] = []
    levels: list[tuple[Token, Decimal]] = []
    k = 0
    while k < len(pieces):
        points = _level(pieces, k)
        if points is not None:
            levels.append((pieces[k], points))
            k += 3
            continue
        if not _name(pieces[k]):
            k += 1
            continue
        j = k + 1
        inner = _level(pieces, j)
        if inner is not None:
            j += 3
        if _bare(pieces, j) and _bare(pieces, j + 1):
            if _bare(pieces, j + 2):
                return None  # a third bare figure: which two are the 分值 and 自评分 is not certain
            weight, score = pieces[j], pieces[j + 1]
            w, s = parse_decimal(weight.text), parse_decimal(score.text)
            if w is None or s is None or s > w:
                return None
            rows.append(Row(name=pieces[k], weight=weight, score=score))
            if inner is not None:
                levels.append((pieces[k + 1], inner))
            k = j + 2
            continue
        k += 1
    if len(rows) < 2 or not levels:
        return None
    grouped: list[Row] = []
    at = 0
    for label, points in levels:
        run = Decimal(0)
        while at < len(rows) and run < points:
            own = rows[at].weight
            run += (parse_decimal(own.text) or Decimal(0)) if own is not None else Decimal(0)
            grouped.append(
                Row(rows[at].name, weight=own, score=rows[at].score, level=label.text, level_points=points)
            )
            at += 1
        if run != points:
            return None
    return grouped if at == len(rows) else None


# ----------------------------------------------------------------------------------- the indicator rows


def _indicator_header(pieces: Sequence[Token], start: int) -> tuple[int, bool] | None:
    """(index of the indicator header's ``(三级指标)``, whether it names a 分值 column): a header with a
    年初 value, a 年终 value and a 自评 score."""
    for k in range(start, len(pieces)):
        if re.sub(r"[()（）]", "", pieces[k].text) != "三级指标":
            continue
        window = [p.text for p in pieces[max(start, k - 12) : k + 8]]
        if not any(w.startswith("年初") for w in window) or not any(w.startswith("年终") for w in window):
            return None
        if not any(w.startswith("自评") for w in window):
            return None
        return k, any(w.startswith("分值") for w in window)
    return None


def _value(pieces: Sequence[Token], k: int) -> tuple[str, bool, int] | None:
    """A value cell at ``k``: a figure, and a short word written after it (its unit, perhaps cut by
    the cell's wrap); (its text, whether a word follows, the index after it)."""
    if k >= len(pieces) or not _VALUE.match(pieces[k].text):
        return None
    if k + 1 < len(pieces) and _FRAGMENT.match(pieces[k + 1].text):
        return pieces[k].text + pieces[k + 1].text, True, k + 2
    return pieces[k].text, False, k + 1


def indicator_level(pieces: Sequence[Token]) -> tuple[str, Decimal] | None:
    """The indicator table's 一级指标 label and its points, where the table writes exactly one: a merged
    cell wrapped in its narrow column, its last line written with the points (``产出 指标 40 分``), the
    label the vocabulary's 一级指标 word made by that line alone or joined to the piece before it."""
    found: set[tuple[str, Decimal]] = set()
    for k in range(len(pieces)):
        points = _level_tail(pieces, k)
        if points is None:
            continue
        tail = pieces[k].text
        joined = pieces[k - 1].text + tail if k > 0 else tail
        for word in (joined, tail):
            if word in LEVEL1_WORDS:
                found.add((word, points))
                break
    return found.pop() if len(found) == 1 else None


def _level_tail(pieces: Sequence[Token], k: int) -> Decimal | None:
    if (
        k + 2 < len(pieces)
        and _CJK.match(pieces[k].text)
        and _BARE.match(pieces[k + 1].text)
        and pieces[k + 2].text == "分"
    ):
        return parse_decimal(pieces[k + 1].text)
    return None


def indicator_rows(pieces: Sequence[Token], weighted: bool) -> list[Row]:
    """Indicator rows: a name, two values, then its 自评分 (its 分值 and 自评分 where ``weighted``) as bare
    figures; a value's unit wrapped onto the row's second line is joined where that line, written after
    the first piece of the standard, holds the name's rest and one short piece per cut value."""
    rows: list[Row] = []
    k = 0
    while k < len(pieces):
        if not _name(pieces[k]):
            k += 1
            continue
        first = _value(pieces, k + 1)
        second = _value(pieces, first[2]) if first else None
        if first is None or second is None:
            k += 1
            continue
        j = second[2]
        figures = 2 if weighted else 1
        if not all(_bare(pieces, j + f) for f in range(figures)) or _bare(pieces, j + figures):
            k += 1
            continue
        target, actual = first[0], second[0]
        after = j + figures
        rest = after + 1  # the standard's first piece, then the wrapped line: the name's rest, two tails
        if (
            first[1]
            and second[1]
            and rest + 3 < len(pieces)
            and _name(pieces[rest])
            and all(_FRAGMENT.match(pieces[rest + i].text) for i in (1, 2))
            and not _VALUE.match(pieces[rest + 3].text)  # ``数量指 标 15 分`` is a level label's wrap
        ):
            target, actual = target + pieces[rest + 1].text, actual + pieces[rest + 2].text
        weight = pieces[j] if weighted else None
        rows.append(Row(name=pieces[k], target=target, actual=actual, weight=weight, score=pieces[after - 1]))
        k = after
    return rows


# ----------------------------------------------------------------------------------- the table

# words that close a form: its 总分 row, the signatures and the date under it
_CLOSING = ("总分", "合计", "总计", "单位负责人", "填表人", "审核人", "联系电话", "填报人", "盖章", "签章")


def _sum_of(tokens: Iterable[Token | None]) -> Decimal | None:
    total = Decimal(0)
    for token in tokens:
        value = parse_decimal(token.text) if token is not None else None
        if value is None:
            return None
        total += value
    return total


def _closed(pieces: Sequence[Token]) -> bool:
    """Whether the indicator part is followed by what closes the form (its 总分 row, its signatures):
    the text does not stop inside the table."""
    return any(p.text.startswith(_CLOSING) or p.text.rstrip(":：").endswith(_CLOSING) for p in pieces)


def _cell(text: str, token: Token | None = None) -> GridCell:
    return GridCell(text=text, line=token.line if token is not None else None)


def county_form_blocks(lines: Sequence[str]) -> list[Block] | None:
    """The form read into a grid table (with the text's lines as paragraphs), or ``None`` when its budget
    header, its 评分 part or its indicator table is not found or not read with certainty."""
    pieces = _pieces(lines)
    budget = _budget(pieces)
    header = _budget_header(pieces)
    if budget is None or header is None:
        return None
    found, after_budget = budget
    rubric_at = _rubric_header(pieces, after_budget)
    if rubric_at is None:
        return None
    indicator = _indicator_header(pieces, rubric_at)
    if indicator is None:
        return None
    anchor, weighted = indicator
    rubric = rubric_rows(pieces[rubric_at:anchor])
    if rubric is None:
        return None
    indicators = indicator_rows(pieces[anchor + 1 :], weighted)
    # its rows under the part's one 一级指标 (a row under none would join the 评分 level above it)
    if indicators:
        level = indicator_level(pieces[anchor + 1 :])
        if level is None:
            indicators = []
        else:
            indicators = [
                Row(r.name, r.target, r.actual, r.weight, r.score, level[0], level[1]) for r in indicators
            ]
    # a total written in the head is kept where the text reaches the table's end (its 总分 row or the
    # signatures after it) and the scores read add up to it (a row this reader does not take, its
    # values written in words, would make them fall short); over a table the text cuts off, where the
    # scores read do not exceed it (the audit says 无法核对 there: the rows cut off are not in the text)
    total = _declared_total(pieces, header[0])
    if total is not None:
        read, stated = _sum_of(r.score for r in [*rubric, *indicators]), parse_decimal(total.text)
        closed = _closed(pieces[anchor + 1 :])
        if stated is None or read is None or (read != stated if closed else read > stated):
            total = None
    start, sources, _ = header
    line = pieces[start].line
    rows: list[tuple[GridCell, ...]] = []
    if total is not None:
        rows.append((_cell("自评总分"), _cell(total.text, total)))
    source_cells = [_cell(f"{pieces[start + s].text}(万元)") for s in range(sources)]
    rows.append(
        (
            _cell("项目资金"),
            *source_cells,
            _cell("合计(万元)"),
            _cell("执行数(万元)"),
            _cell("执行率"),
        )
    )
    rows.append(
        (
            _cell(""),
            *[_cell("") for _ in range(sources)],
            _cell(found.total.text, found.total),
            _cell(found.executed.text, found.executed),
            _cell(found.rate.text, found.rate),
        )
    )
    rows.append(
        tuple(
            _cell(w)
            for w in ("一级指标", "二级指标", "三级指标", "年初指标值", "年终完成值", "分值", "自评分")
        )
    )
    for row in [*rubric, *indicators]:
        rows.append(
            (
                _cell(f"{row.level}({row.level_points}分)" if row.level else ""),
                _cell(""),
                _cell(row.name.text, row.name),
                _cell(row.target, row.name),
                _cell(row.actual, row.name),
                _cell(row.weight.text if row.weight else "", row.weight),
                _cell(row.score.text if row.score else "", row.score),
            )
        )
    width = max(len(r) for r in rows)
    rows = [r + tuple(_cell("") for _ in range(width - len(r))) for r in rows]
    # the lines the form is flattened into are the table, not prose (a 填报日期 or 审签 label in them is
    # no signature under the table): the lines before and after it stay paragraphs
    closing = next((p for p in pieces[anchor + 1 :] if _closed([p])), None)
    last = closing.line if closing is not None else len(lines)
    before = [
        Paragraph(text=ln.rstrip(), line=n) for n, ln in enumerate(lines[: line - 1], start=1) if ln.strip()
    ]
    after = [
        Paragraph(text=ln.rstrip(), line=n) for n, ln in enumerate(lines[last:], start=last + 1) if ln.strip()
    ]
    return [*before, GridTable(index=1, rows=tuple(rows), line=line), *after]
