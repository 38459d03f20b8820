"""评分表 (rubric) text written flat: a header run naming the indicator, its 分值 / 权重 and its 得分 /
评分结果 (``内容 指标 权重 评分结果 备注``), then the rows one after the other on the same line, cells
separated by spaces: ``投入 预算执行率 2.33 0.15 专款专用率 2.33 2.33 …  合计 100.00 81.56``.

A rubric marks no rows; each row is recovered from its shape: the text run before two figures is the
row's 一级 heading (when it opens with one, ``vocabulary.RUBRIC_LEVEL1``) and its indicator's name,
the two figures its 分值 and 得分 (in the header's order), and what follows them up to the next name
its remark (备注, 评分标准). A remark that writes figures of its own (``目标值 2 座,完成值 9 座``) ends at
its last figure and the short unit written after it; the text after that is the next row's name. A
name wrapped by a space (``有效控 制率``) stays one name. The 合计 / 总分 row ends the table; a next
header run opens the next table, the text between them (its title, ``项目名称 X``) is its head.

Written with spaces, only a header whose weight and score columns follow each other, with nothing but
the heading and the name before them, is read: there the figures say where a row is. A rubric whose
text column stands between the name and the figures (``指标 扣分说明 分值 得分``) is left unread: a
run of text there cannot be cut into name and standard with certainty.

A rubric run together without spaces (``一级指标二级指标三级指标分值评分标准得分…``, ``_runon_table``)
writes its standard between its 分值 and its 得分: each row is its lead, its 分值, its standard and its
得分, the two figures the bare ones (no unit or operator beside them, outside brackets) that follow
each other — a figure inside a standard (``得5分``, ``扣1分``) is never taken for them. A 总分 the
narrative writes before the table is no declared total.

Document-sharing sites cut a preview into numbered chunks (``1、…``, ``2、…``) at fixed lengths, in
the middle of a word or a figure (``1`` + ``2、.42``): the chunks of such a run are joined back before
the rubric is read (``_joined``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.forms.generic.vocabulary import (
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    RUBRIC_COLUMNS,
    RUBRIC_LEVEL1,
    TOTAL_ROW,
    core,
    fold,
    rubric_field,
)
from jixiao.ingest.textlayout.tokens import _SPLIT_SPACES, Token
from jixiao.model.grid import Block, GridCell, GridTable, Paragraph
from jixiao.model.numbers import parse_decimal

_CHUNK = re.compile(r"^\s*(\d{1,2})、")
_CHUNK_LENGTH = 150  # every chunk of a preview but its last is at least this long
_HEAD_TOKENS = 16  # at most this many pieces before a header are its table's head
_LEVEL_POINTS = re.compile(r"[(（]\s*\d+(\.\d+)?\s*分?\s*[)）]$")
_HEAD_LABELS = frozenset(w for _, words in HEADER_FIELDS for w in words) | {"单位", "评价单位"}
_VALUE_WORDS = frozenset(w for c in INDICATOR_COLUMNS if c.field in ("target", "actual") for w in c.words)


def _joined(lines: Sequence[str]) -> list[list[Token]]:
    """The text's lines cut into pieces, a preview's numbered chunks joined into one line: the
    non-blank lines ``1、`` ``2、`` … in order, each but the last at least ``_CHUNK_LENGTH`` long, their
    markers dropped and the piece cut at a chunk's end glued to the next chunk's first."""
    body = [(n, ln) for n, ln in enumerate(lines, start=1) if ln.strip()]
    chunked: dict[int, bool] = {}  # line -> glued to the line before
    i = 0
    while i < len(body):
        run = [i]
        match = _CHUNK.match(body[i][1])
        if match and match.group(1) == "1":
            while run[-1] + 1 < len(body):
                nxt = _CHUNK.match(body[run[-1] + 1][1])
                if not nxt or int(nxt.group(1)) != len(run) + 1:
                    break
                run.append(run[-1] + 1)
        if len(run) >= 2 and all(len(body[k][1].strip()) >= _CHUNK_LENGTH for k in run[:-1]):
            for position, k in enumerate(run):
                chunked[body[k][0]] = position > 0
            i = run[-1] + 1
        else:
            i += 1
    out: list[list[Token]] = []
    before = ""
    for n, line in body:
        text = _CHUNK.sub("", line, count=1) if n in chunked else line
        pieces = [Token(p, n) for p in _SPLIT_SPACES.split(text.strip()) if p]
        if chunked.get(n) and out and out[-1] and pieces:
            previous = out[-1]
            if not _SPLIT_SPACES.match(text[:1] or " ") and not _SPLIT_SPACES.match(
                before.rstrip("\r\n")[-1:] or " "
            ):
                previous[-1] = Token(previous[-1].text + pieces[0].text, previous[-1].line)
                pieces = pieces[1:]
            previous.extend(pieces)
        else:
            out.append(pieces)
        before = text
    return out


def _figure(text: str) -> bool:
    return parse_decimal(fold(text).replace("，", ",")) is not None


@dataclass
class _Header:
    start: int  # index of its first piece
    fields: list[str]

    @property
    def end(self) -> int:
        return self.start + len(self.fields)


def _headers(tokens: Sequence[Token]) -> list[_Header]:
    """Runs of rubric header words that name an indicator, its 分值 and its 得分 side by side, and
    no indicator value (a longer header with 指标值 / 实际完成值 columns is an evaluation table's)."""
    found: list[_Header] = []
    i = 0
    while i < len(tokens):
        fields: list[str] = []
        j = i
        while j < len(tokens) and (f := rubric_field(tokens[j].text)) is not None and f not in fields:
            fields.append(f)
            j += 1
        readable = (
            "reference" not in fields
            and "weight" in fields
            and "score" in fields
            and ("name" in fields or "level2" in fields)
            and abs(fields.index("weight") - fields.index("score")) == 1
            and set(fields[: min(fields.index("weight"), fields.index("score"))])
            <= {"level1", "level2", "name"}
        )
        beside = [core(tokens[k].text) for k in range(max(0, i - 2), min(len(tokens), j + 2))]
        if readable and not any(w in _VALUE_WORDS for w in beside):
            found.append(_Header(i, fields))
            i = j
        else:
            i = max(j, i + 1)
    return found


@dataclass
class _Row:
    level1: str
    name: list[Token]
    first: Token
    second: Token
    remark: list[Token] = field(default_factory=list)
    level2: str = ""


def _level1(text: str) -> bool:
    return _LEVEL_POINTS.sub("", fold(text)) in RUBRIC_LEVEL1


def _split(run: Sequence[Token]) -> tuple[list[Token], list[Token]]:
    """A run between two rows' figures: the remark of the row before, then the next row's heading and
    name. The name starts after the run's last figure and the short unit written after it."""
    last = max((k for k, t in enumerate(run) if _figure(t.text) or re.search(r"\d", t.text)), default=-1)
    start = last + 1
    if 0 <= last < len(run) - 1 and len(fold(run[start].text)) <= 2 and not _level1(run[start].text):
        start += 1  # the figure's unit (``9 座``)
    return list(run[:start]), list(run[start:])


def _rows(tokens: Sequence[Token], start: int, stop: int) -> tuple[list[_Row], _Row | None, int]:
    """The rows after a header, up to ``stop``: the indicator rows, the 合计 row if written, and where
    the table ends (after the 合计 row, else at its last row's figures)."""
    rows: list[_Row] = []
    pos = start
    end = start
    k = start + 1
    while k + 1 < stop:
        if not (_figure(tokens[k].text) and _figure(tokens[k + 1].text)) or _figure(tokens[k - 1].text):
            k += 1
            continue
        remark, lead = _split(tokens[pos:k])
        if rows:
            rows[-1].remark = remark
        if not lead:
            k += 1
            continue
        label = core("".join(t.text for t in lead))
        row = _Row("", lead, tokens[k], tokens[k + 1])
        if label in TOTAL_ROW or label.startswith("总分"):
            return rows, row, k + 2
        if len(lead) > 1 and _level1(lead[0].text):
            row.level1, row.name = lead[0].text, lead[1:]
        rows.append(row)
        pos = end = k + 2
        k = pos + 1
    return rows, None, end


def _cell(text: str, line: int | None) -> GridCell:
    return GridCell(text=text, line=line, line_end=line)


def _head_rows(head: Sequence[Token]) -> list[tuple[GridCell, ...]]:
    """The head before a header: a title, then label/value pairs (``项目名称 X 单位 Y``)."""
    title: list[Token] = []
    pairs: list[list[Token]] = []
    for token in head:
        if core(token.text) in _HEAD_LABELS:
            pairs.append([token])
        elif pairs:
            pairs[-1].append(token)
        else:
            title.append(token)
    rows: list[tuple[GridCell, ...]] = []
    if title:
        rows.append((_cell(" ".join(t.text for t in title), title[0].line),))
    cells: list[GridCell] = []
    for pair in pairs:
        cells.append(_cell(pair[0].text, pair[0].line))
        value = pair[1:]
        cells.append(_cell(" ".join(t.text for t in value), value[0].line if value else pair[0].line))
    if cells:
        rows.append(tuple(cells))
    return rows


def _table(
    header: _Header, tokens: Sequence[Token], head: Sequence[Token], rows: list[_Row], total: _Row | None
) -> GridTable:
    fields = header.fields
    width = len(fields)
    line = (head[0] if head else tokens[header.start]).line
    grid: list[tuple[GridCell, ...]] = _head_rows(head)
    grid.append(tuple(_cell(tokens[header.start + c].text, tokens[header.start].line) for c in range(width)))
    remark_at = next((c for c in range(width) if fields[c] in ("reference", "deviation")), None)
    level_at = next((c for c in range(width) if fields[c] == "level1"), None)
    name_at = fields.index("name") if "name" in fields else fields.index("level2")
    level2_at = fields.index("level2") if "level2" in fields and "name" in fields else None
    for row in rows:
        cells = [_cell("", row.first.line) for _ in range(width)]
        if row.level2 and level2_at is not None:
            cells[level2_at] = _cell(row.level2, row.first.line)
        if row.level1 and level_at is not None:
            cells[level_at] = _cell(row.level1, row.name[0].line)
            name = row.name
        else:
            name = ([Token(row.level1, row.first.line)] if row.level1 else []) + row.name
        cells[name_at] = _cell(" ".join(t.text for t in name), name[0].line)
        cells[fields.index("weight")] = _cell(_ordered(fields, row)[0].text, row.first.line)
        cells[fields.index("score")] = _cell(_ordered(fields, row)[1].text, row.second.line)
        if remark_at is not None and row.remark:
            cells[remark_at] = _cell(" ".join(t.text for t in row.remark), row.remark[0].line)
        grid.append(tuple(cells))
    if total is not None:
        cells = [_cell("", total.first.line) for _ in range(width)]
        cells[0] = _cell(" ".join(t.text for t in total.name), total.name[0].line)
        cells[fields.index("weight")] = _cell(_ordered(fields, total)[0].text, total.first.line)
        cells[fields.index("score")] = _cell(_ordered(fields, total)[1].text, total.second.line)
        grid.append(tuple(cells))
    return GridTable(index=0, rows=tuple(grid), line=line)


def _ordered(fields: Sequence[str], row: _Row) -> tuple[Token, Token]:
    """(分值, 得分) of a row, in the header's order."""
    if fields.index("weight") < fields.index("score"):
        return row.first, row.second
    return row.second, row.first


def rubric_blocks(lines: Sequence[str]) -> list[Block] | None:
    """The rubrics a flat text writes, as tables (the other lines as paragraphs); None when it holds
    no rubric with at least two rows read."""
    segments = _joined(lines)
    blocks: list[Block] = []
    read = False
    for tokens in segments:
        runon = _runon_table(tokens)
        if runon is not None:
            read = True
            blocks.extend(runon)
            continue
        headers = _headers(tokens)
        tables: list[tuple[int, int, GridTable]] = []  # (first piece, end, table)
        end = 0
        for h, header in enumerate(headers):
            stop = headers[h + 1].start if h + 1 < len(headers) else len(tokens)
            rows, total, table_end = _rows(tokens, header.end, stop)
            if len(rows) < 2:
                continue
            first = max(end, header.start - _HEAD_TOKENS)
            for k in range(header.start - 1, first - 1, -1):
                if tokens[k].text.endswith(("。", "：", ":")):
                    first = k + 1
                    break
            head = tokens[first : header.start]
            tables.append((first, table_end, _table(header, tokens, head, rows, total)))
            end = table_end
        if not tables:
            if tokens:
                blocks.append(Paragraph(text=" ".join(t.text for t in tokens), line=tokens[0].line))
            continue
        read = True
        position = 0
        for first, table_end, table in tables:
            if first > position:
                before = tokens[position:first]
                blocks.append(Paragraph(text=" ".join(t.text for t in before), line=before[0].line))
            blocks.append(table)
            position = table_end
        if position < len(tokens):
            rest = tokens[position:]
            blocks.append(Paragraph(text=" ".join(t.text for t in rest), line=rest[0].line))
    return blocks if read else None


# ---------------------------------------------------------------- a rubric run together

# The header words of a rubric, longest first, each with the bracket a form may write after it
# (``指标评价内容(公式计算结果=x)``); a 序号 column too.
_RUBRIC_WORDS = sorted({w for c in RUBRIC_COLUMNS for w in c.words} | {"序号"}, key=len, reverse=True)
# a header word's bracket, not the points mark (``(20分)``) of the first row's heading after it
_WORD_BRACKET = r"(?:\((?!\s*\d+(?:\.\d+)?\s*分?\s*\))[^()]{0,20}\))?"
_RUNON_HEADER = re.compile("(?:(?:" + "|".join(map(re.escape, _RUBRIC_WORDS)) + ")" + _WORD_BRACKET + "){4,}")
_RUNON_WORD = re.compile("(" + "|".join(map(re.escape, _RUBRIC_WORDS)) + ")" + _WORD_BRACKET)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A figure with one of these before it or after it belongs to a standard's text (``扣1分``,
# ``得5分``, ``90%以上``, ``1、``, ``G244``), not to the 分值 / 得分 columns.
_BEFORE = set("扣得计加减为于达至超低高满按第每各约近共前后=≥≤><×*/+-～~.，,:：") | set(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)
_AFTER = set("分%‰个万元次人天年月日公里座处户家名亩米吨条件套台辆所间批期周小岁倍级类号、.．:：)") | set(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)
_POINTS_MARK = re.compile(r"\(\s*\d+(?:\.\d+)?\s*分?\s*\)")
# The 二级 headings of the national and provincial 评分表 frameworks, for a row whose heading runs
# into its indicator's name (``科学决策必要性``).
_LEVEL2 = (
    "项目立项",
    "科学决策",
    "绩效目标",
    "资金投入",
    "资金管理",
    "组织实施",
    "业务管理",
    "财务管理",
    "产出数量",
    "产出质量",
    "产出时效",
    "产出成本",
    "经济效益",
    "社会效益",
    "生态效益",
    "可持续影响",
    "满意度",
)


def _bare_figures(text: str) -> list[re.Match[str]]:
    """The figures of a run-together body that stand alone: outside brackets, with no operator or
    unit beside them. Only they can be a row's 分值 or 得分."""
    found: list[re.Match[str]] = []
    depth = 0
    position = 0
    for match in _NUMBER.finditer(text):
        for ch in text[position : match.start()]:
            depth += ch == "("
            depth -= ch == ")" and depth > 0
        position = match.start()
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if depth == 0 and before not in _BEFORE and after not in _AFTER:
            found.append(match)
    return found


def _lead(text: str) -> tuple[str, str, str] | None:
    """A row's lead (its headings and name) as (一级, 二级, name): the headings are the parts a points
    mark (``(10分)``) sets apart; a 二级 heading run into the name is cut off by its word."""
    parts = [p for p in _POINTS_MARK.split(text) if p]
    if not parts:
        return None
    marked = len(parts) > 1 or bool(_POINTS_MARK.search(text))
    level1 = level2 = ""
    *headings, name = parts
    for heading in headings:
        if _level1(heading) and not level1:
            level1 = heading
        else:
            level2 = heading
    if marked:
        word = next((w for w in _LEVEL2 if name.startswith(w) and len(name) > len(w)), None)
        if word is not None:
            level2, name = word, name[len(word) :]
    return level1, level2, name


def _runon_table(tokens: Sequence[Token]) -> list[Block] | None:
    """A rubric whose header and rows run together in one piece without spaces
    (``一级指标二级指标三级指标分值评分标准得分(20分)决策…必要性5项目符合…5可行性5…5``): each row is
    its lead (headings and name), its 分值, its standard and its 得分, in the header's order. The two
    figures are the bare ones (``_bare_figures``) that follow each other with the standard between
    them; a row whose 得分 exceeds its 分值, or that the text cuts before its 得分, ends the table."""
    for k, token in enumerate(tokens):
        text = fold(token.text)
        match = _RUNON_HEADER.search(text)
        if match is None:
            continue
        fields = [rubric_field(m.group(1)) or "" for m in _RUNON_WORD.finditer(match.group(0))]
        if not (
            "weight" in fields
            and "score" in fields
            and "name" in fields
            and fields.index("weight") < fields.index("score")
            and "reference" in fields[fields.index("weight") : fields.index("score")]
        ):
            continue
        line = token.line
        body = text[match.end() :]
        rows: list[_Row] = []
        figures = _bare_figures(body)
        position = 0
        for weight, score in zip(figures[::2], figures[1::2], strict=False):
            lead = _lead(body[position : weight.start()])
            standard = body[weight.end() : score.start()]
            if lead is None or not lead[2] or not standard:
                break
            if Decimal(score.group(0)) > Decimal(weight.group(0)):
                break
            level1, level2, name = lead
            rows.append(
                _Row(
                    level1,
                    [Token(name, line)],
                    Token(weight.group(0), line),
                    Token(score.group(0), line),
                    [Token(standard, line)],
                    level2,
                )
            )
            position = score.end()
        if len(rows) < 2:
            continue
        before = text[: match.start()]
        title = re.split(r"[。；;]", before)[-1]
        head = [Token(title, line)] if title else []
        header = _Header(0, fields)
        header_tokens = [Token(m.group(0), line) for m in _RUNON_WORD.finditer(match.group(0))]
        blocks: list[Block] = []
        opening = " ".join([*(t.text for t in tokens[:k]), before[: len(before) - len(title)]]).strip()
        if opening:
            blocks.append(Paragraph(text=opening, line=tokens[0].line))
        blocks.append(_table(header, header_tokens, head, rows, None))
        rest = " ".join([body[position:], *(t.text for t in tokens[k + 1 :])]).strip()
        if rest:
            blocks.append(Paragraph(text=rest, line=line))
        return blocks
    return None
