"""Forms written a row per line, cells separated by spaces, whose rows say where their cells go: each
budget figure beside its label (``_spaced``), or rows and columns the form numbers (``_numbered_form``).

Hebei's 预算项目绩效自评表 as its reporting system exports it to a web page writes each row of the form
on a line of its own, cells separated by spaces, numbered blocks opening with their section title:

* ``二、预算执行情况 预算安排情况(调整后) 资金到位情况 资金执行情况 预算执行进度(%)`` -- the budget header,
  each amount column holding a label and its figure (``预算数 6.84 到位数 6.84 执行数 6.84 100.00``,
  ``其中:财政资金 6.84 其中:财政资金 6.84 …``): the amount columns span two cells, as in the form's
  grid, the label's and the figure's;
* ``四、年度绩效指标完成情况 一级指标 二级指标 三级指标 指标分值 预期指标值 … 自评得分`` over a line
  dividing some of its cells (``符号 单位(文字描述) 单项指标得分 权重占比(%) 单项指标折算得分``): the
  sign and the unit are the parts of the 指标值 written around it (``符号 | 指标值 | 单位``), the
  others divide the upper cell whose field one of them names (自评得分 over 单项指标得分 …);
* the indicator rows, a cell per column, the 一级 (and 二级) cells merged down over the rows under
  their first left out.

The layout is told by its budget header standing on a line of its own with the labelled figures on
the next (``_spaced``). The grid is the form's: a row's cells are placed in the header's columns
only where their count or their labels say where (a row writing all the columns, or all but the
merged levels; a labelled pair per amount column); any other row is kept as written. A block
between the budget and the indicators the vocabulary does not name as the goal's leaves the form
unread (its figures would be read as the budget's). Nothing here names a province: the shapes are
the form's (a header line, labelled pairs, a divided header).

The 2024 transfer-payment 绩效评价表 (资金投入情况 with 行次 and a 列次 line numbering the columns,
columns lettered ``(A)`` … and rates written as quotients ``(E/C×100%)``), reprinted flat, writes a
header cell a line (its qualifier on the next), the 列次 line, then each row's label, its 行次 and its
figures wrapped onto the lines below. The 行次 is the cell under the header's 行次, never a figure;
the figures are placed only where one placement fits the columns' kinds and the quotients the
header writes, else the row is kept as written (a blank cell the text dropped is not guessed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations, pairwise

from jixiao.forms.generic.vocabulary import GOAL_EXPECTED, GOAL_ROW, core, fold
from jixiao.ingest.textlayout.tokens import (
    _SPLIT_SPACES,
    Token,
    _column,
    _is_blank,
    _is_rate,
    _is_value,
    _Vocabulary,
)
from jixiao.model.grid import Block, GridCell, GridTable, Paragraph, column_starts
from jixiao.model.numbers import parse_decimal

# A block's numbered section title opening its header line (``二、预算执行情况``, ``四、年度绩效指标完成情况``).
_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]\s*\S")
_SECTION_NUMBER = re.compile(r"^\s*[一二三四五六七八九十]{1,3}[、.．]\s*")
_AMOUNT_FIELDS = frozenset({"initial", "adjusted", "executed", "received"})
_VALUE_FIELDS = ("target", "actual")  # an indicator's value columns (the sign and unit are parts of one)
_PARTS_OF_VALUE = frozenset({"nature", "measure"})


def _cells(line: str, n: int) -> list[Token]:
    return [Token(part, n) for part in _SPLIT_SPACES.split(line.strip()) if part]


def _key(token: Token) -> str:
    return token.key


def _budget_fields(cells: Sequence[Token]) -> list[str] | None:
    """The fields of a budget header line (its section title first, then only budget column words,
    two amount columns at least); None for any other line."""
    if len(cells) < 3 or not _SECTION.match(cells[0].key):
        return None
    fields = [_column(_key(c), "budget") for c in cells[1:]]
    if any(f is None or f == "label" for f in fields):
        return None
    found = [f for f in fields if f is not None]
    if sum(1 for f in found if f in _AMOUNT_FIELDS) < 2 or len(set(found)) != len(found):
        return None
    return found


def _word(token: Token) -> bool:
    """A label cell: words, not a figure, a rate or a dash."""
    return bool(token.key) and not _is_value(token)


def _pairs(cells: Sequence[Token], fields: Sequence[str]) -> list[Token | None] | None:
    """A budget row that writes a label before each amount column's figure, then the other columns'
    figures: a cell for each of the header's grid cells (two for an amount column, the label's and the
    figure's; None where the row writes nothing). None when the row is not written so: a label
    missing, a figure where a label stands, or fewer figures after the pairs than the columns they
    could fill (their columns not told)."""
    out: list[Token | None] = []
    i = 0
    amounts = [f for f in fields if f in _AMOUNT_FIELDS]
    if fields[: len(amounts)] != amounts:
        return None  # the amount columns first, the others (进度, 分值, 得分) after them
    for _ in amounts:
        if i >= len(cells) or not _word(cells[i]):
            return None
        out.append(cells[i])
        i += 1
        if i < len(cells) and _is_value(cells[i]):
            out.append(cells[i])
            i += 1
        else:
            out.append(None)
    rest = cells[i:]
    others = len(fields) - len(amounts)
    if not all(_is_value(c) for c in rest) or (rest and len(rest) != others):
        return None
    out.extend(rest)
    out.extend([None] * (others - len(rest)))
    return out


def _figures(pairs: Sequence[Token | None]) -> int:
    """The figures a labelled row writes (amounts and rates; not its dashes)."""
    return sum(1 for c in pairs if c is not None and _is_value(c) and not _is_blank(c))


def _spaced(lines: Sequence[str]) -> bool:
    """A budget header on a line of its own (``_budget_fields``) whose next line writes a labelled figure
    per amount column, two at least (``预算数 6.84 到位数 6.84 执行数 6.84 100.00``)."""
    body = [(n, ln) for n, ln in enumerate(lines, start=1) if ln.strip()]
    for (n, line), (m, below) in pairwise(body):
        fields = _budget_fields(_cells(line, n))
        if fields is None:
            continue
        pairs = _pairs(_cells(below, m), fields)
        if pairs is not None and _figures(pairs) >= 2:
            return True
    return False


def _grid_cell(token: Token | None) -> GridCell:
    return GridCell(text=token.text, line=token.line) if token is not None else GridCell(text="")


@dataclass(frozen=True)
class _Divided:
    """An indicator header over two lines as the grid's two rows, and the field of each grid column."""

    top: list[GridCell]
    bottom: list[GridCell]
    fields: list[str | None]

    def explained(self, at: int) -> _Divided:
        """The header with a column the form does not name inserted at grid column ``at``."""
        k = next(k for k, s in enumerate(column_starts(self.top)) if s == at)
        return _Divided(
            top=[*self.top[:k], GridCell(text=""), *self.top[k:]],
            bottom=[*self.bottom[:at], GridCell(text=""), *self.bottom[at:]],
            fields=[*self.fields[:at], None, *self.fields[at:]],
        )


def _indicator_header(upper: Sequence[Token], lower: Sequence[Token]) -> _Divided | None:
    """The two header rows of an indicator block whose lower line divides some upper cells, as grid
    rows of one width (each upper cell spanning the cells under it); None unless every lower word is
    placed under an upper cell: under the upper cell of its own field (单项指标得分 under 自评得分),
    next to the word before it when the upper row has none of its field (权重占比 after 单项指标得分),
    or, a sign or a unit, around the first value column (``符号 | 指标值 | 单位``)."""
    up_fields = [None, *(_column(_key(c), "indicator") for c in upper[1:])]
    low_fields = [_column(_key(c), "indicator") for c in lower]
    if None in low_fields or not _SECTION.match(upper[0].key):
        return None
    value = next((k for k, f in enumerate(up_fields) if f in _VALUE_FIELDS), None)
    under: list[int] = []
    for field in low_fields:
        if field is not None and field in up_fields:
            k = up_fields.index(field)
        elif field in _PARTS_OF_VALUE and value is not None:
            k = value
        elif under:
            k = under[-1]
        else:
            return None
        if under and k < under[-1]:
            return None  # the lower words in another order than the cells they divide
        under.append(k)
    top: list[GridCell] = []
    bottom: list[GridCell] = []
    fields: list[str | None] = []
    for k, token in enumerate(upper):
        words = [lower[j] for j, u in enumerate(under) if u == k]
        if k == value and words:
            # the value itself between its sign and its unit, unnamed on the lower line
            signs = [w for w in words if _column(_key(w), "indicator") == "nature"]
            units = [w for w in words if _column(_key(w), "indicator") == "measure"]
            if len(signs) + len(units) != len(words) or len(signs) > 1 or len(units) > 1:
                return None
            parts: list[Token | None] = [*signs, None, *units]
            fields.extend([*("nature" for _ in signs), up_fields[k], *("measure" for _ in units)])
        else:
            parts = list(words)
            fields.extend([_column(_key(w), "indicator") for w in words] or [up_fields[k]])
        top.append(GridCell(text=token.text, line=token.line, colspan=max(len(parts), 1)))
        bottom.extend([_grid_cell(p) for p in parts] or [GridCell(text="")])
    return _Divided(top=top, bottom=bottom, fields=fields)


def _indicator_row(cells: Sequence[Token], width: int) -> list[Token | None] | None:
    """An indicator row under a header of ``width`` grid cells, the first the section's (empty in the
    rows): its cells placed by count -- all the columns, or all but the 一级 (its first cell a 二级
    heading, the 一级 merged down from a row above), or all but both levels (its first cell neither);
    None when the count does not place them."""
    missing = width - 1 - len(cells)
    if not cells or missing not in (0, 1, 2):
        return None
    heading = bool(_Vocabulary.g2.match(_key(cells[0])))
    if missing == 1 and not heading:
        return None
    if missing == 2 and (heading or _Vocabulary.g1.match(_key(cells[0])) or not _word(cells[0])):
        return None
    return [None] * (missing + 1) + list(cells)


def _explanation(rows: Sequence[list[Token | None] | None], header: _Divided) -> int | None:
    """The grid column of the 分值 when every placed row writes words there, right after the 三级指标
    name: the name's explanation (a column the header line does not name), the 分值 left empty (a text
    drops an empty cell); None otherwise."""
    if "weight" not in header.fields or "name" not in header.fields:
        return None
    at = header.fields.index("weight")
    placed = [r for r in rows if r is not None]
    if header.fields.index("name") != at - 1 or not placed:
        return None
    if all((cell := r[at]) is not None and _word(cell) and r[at - 1] is not None for r in placed):
        return at
    return None


def _indicator_start(cells: Sequence[Token]) -> bool:
    """An indicator header line: its section title, then header words -- two levels at least and a
    value or points column -- and at most one cell the vocabulary does not name (a column of the
    form's own, such as a completion remark)."""
    if len(cells) < 4 or not _SECTION.match(cells[0].key):
        return False
    fields = [_column(_key(c), "indicator") for c in cells[1:]]
    named = [f for f in fields if f is not None]
    return (
        len(fields) - len(named) <= 1
        and sum(f in ("level1", "level2", "name") for f in named) >= 2
        and any(f in ("target", "actual", "weight", "score") for f in named)
        and not any(_is_value(c) for c in cells[1:])
    )


def _goal_header(cells: Sequence[Token]) -> bool:
    """The 年度目标 block's header line, as the readers tell it: its section title naming the block
    (``年度总体目标``) or a cell among its first three naming the expected goal (``预期目标``)."""
    keys = [core(_SECTION_NUMBER.sub("", c.text)) for c in cells]
    return bool(keys) and (keys[0] in GOAL_ROW or any(k in GOAL_EXPECTED for k in keys[:3]))


def _indicator_block(
    rows: Sequence[list[Token]], start: int, header: _Divided
) -> tuple[list[list[GridCell]], int]:
    """The indicator block's grid rows (its header's two, then a row per line up to a line of one
    cell, a blank line or a note) and the index of the line after it."""
    width = sum(c.colspan for c in header.top)
    end = start
    while end < len(rows) and len(rows[end]) >= 2 and not _Vocabulary.end.match(_key(rows[end][0])):
        end += 1
    placed = [_indicator_row(cells, width) for cells in rows[start:end]]
    at = _explanation(placed, header)
    if at is not None:
        header = header.explained(at)
        placed = [[*r[: at + 1], None, *r[at + 1 :]] if r is not None else None for r in placed]
    grid = [header.top, header.bottom]
    for cells, row in zip(rows[start:end], placed, strict=True):
        grid.append([_grid_cell(c) for c in (row if row is not None else cells)])
    return grid, end


def _spaced_blocks(lines: Sequence[str]) -> list[Block]:
    """The form's table, from the rows above its budget header (up to a line of one cell: the title)
    to its last indicator row; the other lines are paragraphs."""
    rows = [_cells(line, n) for n, line in enumerate(lines, start=1)]
    header = next(
        (
            i
            for i, cells in enumerate(rows)
            if (fields := _budget_fields(cells)) is not None
            and any(_pairs(below, fields) is not None for below in rows[i + 1 : i + 2])
        ),
        None,
    )
    if header is None:
        return []
    fields = _budget_fields(rows[header]) or []
    first = header
    while first > 0 and len(rows[first - 1]) >= 2:
        first -= 1
    grid: list[list[GridCell]] = [[_grid_cell(c) for c in cells] for cells in rows[first:header]]
    amounts = {k for k, f in enumerate(fields) if f in _AMOUNT_FIELDS}
    grid.append(
        [_grid_cell(rows[header][0])]
        + [
            GridCell(text=c.text, line=c.line, colspan=2 if k in amounts else 1)
            for k, c in enumerate(rows[header][1:])
        ]
    )
    i = header + 1
    while i < len(rows) and (pairs := _pairs(rows[i], fields)) is not None and _figures(pairs):
        grid.append([GridCell(text=""), *(_grid_cell(c) for c in pairs)])
        i += 1
    last = i
    if i < len(rows) and rows[i] and not _indicator_start(rows[i]) and not _goal_header(rows[i]):
        # a block after the budget's the vocabulary does not name: its rows, figures among them, would
        # be read as the budget's (a funds line of 100.00); the form is not read
        return []
    while i < len(rows) and rows[i]:
        if _indicator_start(rows[i]) and i + 1 < len(rows):
            divided = _indicator_header(rows[i], rows[i + 1])
            if divided is not None:
                block, last = _indicator_block(rows, i + 2, divided)
                grid.extend(block)
                break
        grid.append([_grid_cell(c) for c in rows[i]])
        i += 1
        last = i
    blocks: list[Block] = [Paragraph(text=lines[k].strip(), line=k + 1) for k in range(first) if rows[k]]
    blocks.append(GridTable(index=0, rows=tuple(tuple(r) for r in grid), line=first + 1))
    blocks.extend(Paragraph(text=lines[k].strip(), line=k + 1) for k in range(last, len(lines)) if rows[k])
    return blocks


# ---------------------------------------------------------------- 行次 / 列次: numbered rows and columns

# The 2024 transfer-payment 绩效评价表 (资金投入情况 with 行次 and 列次) written flat from a web page
# (雅安名山's 林业草原改革发展资金 评价表, reprinted by a tender site):
#
#     资金投入情况 / (万元)
#     行次 全年预算数 / (A) / 统筹整合资金数 / (B) / … / 预算执行 / (E/C×100%) / 佐证材料
#     列次 0 1 2 3 4 5 6 7 所需材料 上传端口
#     年度资金总额(万元): 1 52.800000
#     52.800000 52.800000 100.00% 30.800000 58.33%
#
# a header cell a line or a few (its qualifier ``(A)`` on a line of its own), the 列次 line numbering
# the columns, each row its label, its 行次 and its figures, wrapped onto the lines below.

_ROW_NUMBER = "行次"
_COLUMN_NUMBER = "列次"
_QUALIFIER = re.compile(
    r"^[（(][A-Z0-9/×xX*＊%％+\-－\s.]*[A-Z%％][A-Z0-9/×xX*＊%％+\-－\s.]*[)）]$|^[（(]万元[)）]$"
)
_LETTER = re.compile(r"[（(]\s*([A-Z])\s*[)）]\s*$")
_FORMULA = re.compile(r"[（(]\s*([A-Z])\s*/\s*([A-Z])\s*[×xX*＊]\s*100\s*[%％]\s*[)）]\s*$")
_INTEGER = re.compile(r"^\d{1,3}$")


def _column_numbers(cells: Sequence[Token]) -> int:
    """How many columns a 列次 line numbers (``列次 0 1 2 …``: consecutive integers); 0 for another line."""
    if not cells or _key(cells[0]) != _COLUMN_NUMBER:
        return 0
    count = 0
    for token in cells[1:]:
        if not _INTEGER.match(token.key) or (count and int(token.key) != int(cells[count].key) + 1):
            break
        count += 1
    return count if count >= 3 else 0


def _joined(tokens: Sequence[Token]) -> list[Token]:
    """Header cells with their qualifiers (``(A)``, ``(D/C×100%)``, ``(万元)``) joined to the cell before."""
    out: list[Token] = []
    for token in tokens:
        if out and _QUALIFIER.match(token.key):
            out[-1] = Token(out[-1].text + token.text, out[-1].line)
        else:
            out.append(token)
    return out


@dataclass(frozen=True)
class _Numbered:
    """A numbered block's header: the cell over the row labels, the header cells (行次 first), how many
    of them the 列次 line numbers, and the lines of the header and of the 列次 line."""

    label: Token | None
    cells: list[Token]
    numbered: int
    top: int  # the table's first line: the cell over the labels, else the header's first
    numbers: int  # the 列次 line

    def kinds(self) -> list[str]:
        """The figure columns' kinds (after 行次, up to the last numbered): a rate where the column's
        qualifier writes a percentage (``(D/C×100%)``), else an amount."""
        return ["rate" if "%" in _folded(c.text) else "amount" for c in self.cells[1 : self.numbered]]

    def formulas(self) -> dict[int, tuple[int, int]]:
        """The rate columns whose qualifier writes their quotient (``(E/C×100%)``): the figure column of
        the rate, and those of its dividend and divisor, named by the other columns' letters."""
        columns = self.cells[1 : self.numbered]
        letters = {m.group(1): k for k, c in enumerate(columns) if (m := _LETTER.search(c.text))}
        out: dict[int, tuple[int, int]] = {}
        for k, cell in enumerate(columns):
            m = _FORMULA.search(_folded(cell.text))
            if m and m.group(1) in letters and m.group(2) in letters:
                out[k] = (letters[m.group(1)], letters[m.group(2)])
        return out


def _folded(text: str) -> str:
    return fold(text).replace("％", "%")


def _numbered_header(rows: Sequence[list[Token]], at: int) -> _Numbered | None:
    """The header closed by the 列次 line at ``at``: the cells from the line opening with 行次 down to
    it (words only), the first ``numbers`` of them numbered; None when there is no such line above, a
    header line holds a figure, or the 列次 line numbers more cells than the header has."""
    numbers = _column_numbers(rows[at])
    first = at - 1
    while first >= 0 and not (rows[first] and _key(rows[first][0]) == _ROW_NUMBER):
        if any(_is_value(t) for t in rows[first]):
            return None
        first -= 1
    if first < 0 or at - first > 40:
        return None
    cells = _joined([t for r in rows[first:at] for t in r])
    if numbers > len(cells) or numbers < 3 or any(_is_value(c) for c in cells):
        return None
    above = first - 1
    while above >= 0 and (not rows[above] or all(_QUALIFIER.match(t.key) for t in rows[above])):
        above -= 1
    label = None
    if above >= 0 and len(rows[above]) == 1 and _Vocabulary.budget_unit.match(_key(rows[above][0])):
        label = _joined([t for r in rows[above:first] for t in r])[0]
    top = above if label is not None else first
    return _Numbered(label=label, cells=cells, numbered=numbers, top=top, numbers=at)


def _numbered_form(lines: Sequence[str]) -> bool:
    """A numbered block (``_numbered_header``) whose first row writes its label, its 行次 and a figure."""
    rows = [_cells(line, n) for n, line in enumerate(lines, start=1)]
    for at, cells in enumerate(rows):
        if _column_numbers(cells) and (header := _numbered_header(rows, at)) is not None:
            body = _numbered_rows(rows, header)[0]
            return bool(body) and any(_is_value(t) and not _is_blank(t) for t in body[0][2:])
    return False


def _numbered_rows(rows: Sequence[list[Token]], header: _Numbered) -> tuple[list[list[Token]], int]:
    """The block's rows, each its label, its 行次 (the cell under the header's 行次: an integer, the
    row before's plus one) and its cells, with the lines below that open with a figure (its figures
    wrapped); and the index of the line after the block. The block ends at a line that opens no row."""
    out: list[list[Token]] = []
    i = header.numbers + 1
    end = i
    while i < len(rows):
        cells = rows[i]
        if not cells:
            i += 1
            continue
        number = cells[1] if len(cells) > 1 else None
        expected = int(out[-1][1].key) + 1 if out else None
        opens = (
            _word(cells[0])
            and number is not None
            and _INTEGER.match(number.key) is not None
            and (expected is None or int(number.key) == expected)
        )
        if opens:
            out.append(list(cells))
        elif out and _is_value(cells[0]):
            out[-1].extend(cells)  # the row's figures wrapped onto the next line
        else:
            break
        i += 1
        end = i
    return out, end


def _quotient_agrees(rate: Token, dividend: Token | None, divisor: Token | None) -> bool:
    """A rate written beside its dividend and divisor equals their quotient at its written precision."""
    written = parse_decimal(rate.key.rstrip("%％"))
    if dividend is None or divisor is None or written is None:
        return False
    top, bottom = parse_decimal(dividend.key.replace(",", "")), parse_decimal(divisor.key.replace(",", ""))
    if top is None or bottom is None or bottom == 0:
        return False
    exponent = written.as_tuple().exponent
    step = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return (top / bottom * 100).quantize(step, rounding=ROUND_HALF_UP) == written


def _figures_placed(values: Sequence[Token], header: _Numbered) -> list[Token | None] | None:
    """A row's figures in the header's figure columns: as written when they fill every column, else
    the one placement, in order, that puts amounts under amount columns and rates under rate columns
    and agrees with every quotient the header writes (``(E/C×100%)``: the rate written beside its
    dividend and divisor, both written); None when no placement or several do (the row is then kept
    as written)."""
    kinds = header.kinds()
    if len(values) == len(kinds):
        return list(values)
    if len(values) > len(kinds) or any(_is_blank(v) for v in values):
        return None
    formulas = header.formulas()
    found: list[list[Token | None]] = []
    for chosen in combinations(range(len(kinds)), len(values)):
        cells: list[Token | None] = [None] * len(kinds)
        if any(
            ("rate" if _is_rate(v.key) else "amount") != kinds[c] for v, c in zip(values, chosen, strict=True)
        ):
            continue
        for value, column in zip(values, chosen, strict=True):
            cells[column] = value
        if all(
            cells[k] is None or _quotient_agrees(cell, cells[a], cells[b])
            for k, (a, b) in formulas.items()
            if (cell := cells[k]) is not None
        ):
            found.append(cells)
    return found[0] if len(found) == 1 else None


def _numbered_row(row: Sequence[Token], header: _Numbered) -> list[GridCell]:
    """A row under the numbered header: its label, its 行次, its figures placed (``_figures_placed``) and
    its words after them in the one text column after the figures (佐证材料); as written otherwise."""
    rest = row[2:]
    count = next((k for k, t in enumerate(rest) if not _is_value(t)), len(rest))
    values, words = rest[:count], rest[count:]
    placed = _figures_placed(values, header)
    texts = len(header.cells) - header.numbered
    if placed is None or (words and texts != 1) or any(_is_value(w) for w in words):
        return [_grid_cell(c) for c in row]
    cells = [_grid_cell(row[0]), _grid_cell(row[1]), *(_grid_cell(c) for c in placed)]
    if texts:
        text = " ".join(w.text for w in words)
        cells.append(GridCell(text=text, line=words[0].line) if words else GridCell(text=""))
        cells.extend(GridCell(text="") for _ in range(texts - 1))
    return cells


def _numbered_blocks(lines: Sequence[str]) -> list[Block]:
    """The numbered block's table (the cell over the labels and the header, the 列次 line as written,
    the rows); the other lines are paragraphs."""
    rows = [_cells(line, n) for n, line in enumerate(lines, start=1)]
    header = next(
        (h for at, cells in enumerate(rows) if _column_numbers(cells) and (h := _numbered_header(rows, at))),
        None,
    )
    if header is None:
        return []
    body, end = _numbered_rows(rows, header)
    if not body:
        return []
    grid: list[list[GridCell]] = [
        [_grid_cell(header.label), *(_grid_cell(c) for c in header.cells)],
        [_grid_cell(c) for c in rows[header.numbers]],
        *(_numbered_row(row, header) for row in body),
    ]
    blocks: list[Block] = [Paragraph(text=lines[k].strip(), line=k + 1) for k in range(header.top) if rows[k]]
    blocks.append(GridTable(index=0, rows=tuple(tuple(r) for r in grid), line=header.top + 1))
    blocks.extend(Paragraph(text=lines[k].strip(), line=k + 1) for k in range(end, len(lines)) if rows[k])
    return blocks
