"""Reading order, and budget figures placed in the header's columns.

PDF or spreadsheet text flattened in reading order: budget figures written after the header without
their labels are cut into rows of the header's columns only where one cut alone places every figure
(``_unlabelled_rows``), the labels and the 执行率 written elsewhere join their rows where they can only
be theirs, and an indicator block written column by column (the rows' figures first, their names
after) is paired name to row only when as many names as rows are found (``_reading_order``). The
Hubei-style 项目自评表 printed from Word writes each row in turn, its cells wrapped inside fixed-width
columns, the rows taller than the merged labels beside them finished after the 总分 label: read where
every cut of the pieces into cells is the only one the columns' widths allow (``_wrapped_rows``). A
budget row's values are placed in its columns by their kinds (``_place``). What cannot be placed with
certainty stays unread.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise

from jixiao.forms.generic.vocabulary import FUNDS_TOTAL, INDICATOR_COLUMNS, core
from jixiao.ingest.textlayout.indicators import _is_level, _is_sentence
from jixiao.ingest.textlayout.tokens import (
    _AMOUNT_UNIT,
    _EMPTY,
    _SENTENCE,
    ColumnKind,
    Token,
    _column,
    _is_amount,
    _is_blank,
    _is_number,
    _is_rate,
    _known,
    _points,
    _Vocabulary,
)
from jixiao.model.grid import Paragraph
from jixiao.model.numbers import half_unit, parse_decimal
from jixiao.model.rates import rate_agrees

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
    if _column(key, "budget") in ("weight", "score", "review"):  # 执行率权重 / 执行率得分 / 复核分
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
    if any(c.field == _column(key, "indicator") and c.kind == "text" for c in INDICATOR_COLUMNS):
        return "text"  # a column of words the vocabulary names (得分计算方法, 评分标准), not points
    if key.startswith(("分值", "权重", "得分", "得分系数")):
        return "points"
    if _column(key, "indicator") in ("weight", "score", "review"):  # 指标分值, 自评得分, 复核分 …
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


def _partial_first_row(values: Sequence[Token], kinds: Sequence[ColumnKind]) -> list[Token] | None:
    """The budget block's first row read from the start of a run of figures no cut places whole
    (``全年预算数 全年执行数 分值 执行率 得分 0 207.4538 10 100% 10 207.4538 — 100% —``), reading less
    rather than wrong, cell by cell.

    The header's amount columns come first, then the non-amount columns (分值, 执行率, 得分, the rate
    among them). The row is the run's first figures, one per column; its non-amount cells are read
    when they fit their columns by kind and order -- 分值/得分 a figure of at most 100, 执行率 a
    percentage, 得分 no more than 分值 -- and no shorter row (its amounts written in fewer cells) fits
    them as well. Its amounts are placed only when every amount column holds one and the 执行率
    agrees with 执行数 ÷ 预算数 at the figures' written precision; otherwise the amount cells stay
    empty (unread), never guessed. ``None`` when the non-amount cells do not fit so."""
    amounts = next((n for n, k in enumerate(kinds) if k != "amount"), len(kinds))
    tail = list(kinds[amounts:])
    if not amounts or not tail or "rate" not in tail or set(tail) - {"rate", "points"}:
        return None
    if len(values) < len(kinds) or not all(_is_blank(t) or _is_amount(t.key) for t in values[:amounts]):
        return None
    offsets = [p for p in range(amounts + 1) if _tail_fits(values[p : p + len(tail)], tail)]
    if offsets != [amounts]:
        return None
    written = list(values[:amounts])
    rate = next(t for t, k in zip(values[amounts : len(kinds)], tail, strict=True) if k == "rate")
    if not _amounts_reconcile(written, rate):
        written = [_EMPTY] * amounts
    return [*written, *values[amounts : len(kinds)]]


def _tail_fits(cells: Sequence[Token], kinds: Sequence[ColumnKind]) -> bool:
    """Whether figures fill non-amount columns by kind and order: each written (no dash), a 分值 or
    得分 a figure of at most 100, a 执行率 a percentage, and 得分 (the last points) no more than 分值."""
    if len(cells) != len(kinds):
        return False
    for token, kind in zip(cells, kinds, strict=True):
        if _is_blank(token) or not (_is_rate(token.key) if kind == "rate" else _points(token.key)):
            return False
    points = [
        parse_decimal(t.key.replace(",", "")) for t, k in zip(cells, kinds, strict=True) if k == "points"
    ]
    if len(points) >= 2:
        weight, score = points[0], points[-1]
        if weight is None or score is None or score > weight:
            return False
    return True


def _amounts_reconcile(amounts: Sequence[Token], rate: Token) -> bool:
    """Whether a row's amounts (预算数 then 执行数 last) are all written and agree with its 执行率."""
    if len(amounts) < 2 or any(_is_blank(t) or not _is_amount(t.key) for t in amounts):
        return False
    budget, executed = (parse_decimal(_AMOUNT_UNIT.sub("", t.key).replace(",", "")) for t in amounts[-2:])
    written = parse_decimal(rate.key.rstrip("%％").strip())
    if budget is None or executed is None or written is None:
        return False
    return rate_agrees(written, half_unit(written), executed, budget)


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


# --------------------------------------------------------------------------- wrapped cells
# PDF text of a form whose cells wrap inside fixed-width columns, flattened in reading order (the
# Hubei-style 项目自评表 printed from Word: ``支持服务贸易、服务外 包企业数量 3 3 10``): a cell's lines are
# pieces cut at the spaces, every piece but the last as long as the column is wide (within a
# character: a half-width bracket, a character that did not fit), the last no longer. An indicator row
# is read as the text pieces since the row before, then a run of figures ending with its points.
# Rows whose figures stand lower in their tall cells than the merged 一级/二级 labels and the 总分 label
# are finished after that label: their last text cells, then their points, then the 总分's.


def _width(token: Token) -> int:
    return len(token.text.strip())


def _wrapped_cell(pieces: Sequence[Token], name_width: int | None, is_name: bool) -> bool:
    """Pieces that can be one wrapped cell: every piece but the last of one width (within a
    character), the last no wider; a name's pieces as wide as its column is known to be."""
    if not pieces:
        return False
    widths = [_width(t) for t in pieces]
    inner = widths[:-1]
    if is_name and name_width is not None:
        return all(name_width - 1 <= w <= name_width + 1 for w in inner) and widths[-1] <= name_width + 1
    if not inner:
        return True
    return max(inner) - min(inner) <= 1 and widths[-1] <= max(inner) + 1


def _cuts(
    pieces: Sequence[Token], shape: Sequence[bool], name_width: int | None, limit: int = 2
) -> list[list[Token]]:
    """The ways (at most ``limit``) to cut ``pieces`` into consecutive wrapped cells, one per entry of
    ``shape`` (True: a name). A name piece that fills its column's width is continued by the piece
    after it (a cell that breaks there wraps)."""
    found: list[list[Token]] = []

    def walk(start: int, n: int, cells: list[Token]) -> None:
        if len(found) >= limit:
            return
        if n == len(shape):
            if start == len(pieces):
                found.append(list(cells))
            return
        for end in range(start + 1, len(pieces) - (len(shape) - n - 1) + 1):
            group = pieces[start:end]
            if not _wrapped_cell(group, name_width, shape[n]):
                continue
            full = name_width is not None and _width(group[-1]) >= name_width - 1
            if shape[n] and full and end < len(pieces) and n + 1 < len(shape):
                continue  # the name fills its line: the next piece is still the name's
            text = " ".join(t.text.strip() for t in group)
            walk(end, n + 1, [*cells, Token(text, group[0].line)])

    walk(0, 0, [])
    return found


def _heading(token: Token) -> bool:
    """A label of a merged cell or a header word among the rows (一级/二级指标, ``(80分)``, 年度绩效目标)."""
    key = token.key
    return bool(
        _is_level(key)
        or (_Vocabulary.indicator_any(key) and len(key) <= 20)
        or _Vocabulary.points_bracket.match(key)
        or _Vocabulary.points_half.match(key)
    )


def _wrapped_rows(
    header: Sequence[Token], block: Sequence[Token], closing: Token | None, after: Sequence[Token]
) -> tuple[list[list[Token]], int] | None:
    """The rows of an indicator block of wrapped cells in reading order (see above) under a header of
    三级指标, value columns and points columns, with the 总分 row when ``closing`` (the 总分 label after the
    block) and its figures are found: the rows and how many of ``after`` (the cells after ``closing``)
    they took. None unless every piece and figure has one place: each row's cut into cells unique,
    the figures after the 总分 label exactly the points of the rows left open and the 总分's."""
    kinds = [_indicator_kind(t.key) for t in header]
    if not kinds or kinds[0] != "name" or set(kinds) - {"name", "value", "points"}:
        return None
    n_values, n_points = kinds.count("value"), kinds.count("points")
    if n_values == 0 or n_points == 0 or kinds != ["name", *["value"] * n_values, *["points"] * n_points]:
        return None
    closed: list[tuple[list[Token], list[Token]]] = []  # (text pieces, figures) of each row
    texts: list[Token] = []
    k = 0
    while k < len(block):
        token = block[k]
        if not token.key or _heading(token):
            k += 1
            continue
        if not _figure(token):
            texts.append(token)
            k += 1
            continue
        end = k
        while end < len(block) and _figure(block[end]):
            end += 1
        run = list(block[k:end])
        if not (
            texts
            and n_points <= len(run) <= n_values + n_points
            and all(_points(t.key) for t in run[-n_points:])
        ):
            return None  # figures that close no row: not this layout
        closed.append((texts, run))
        texts = []
        k = end
    if len(closed) < 2:
        return None
    # the name column's width, from rows whose figures fill every value column (their text is the name)
    widths = {_width(t) for pieces, run in closed if len(run) == n_values + n_points for t in pieces[:-1]}
    name_width = max(widths) if widths and max(widths) - min(widths) <= 1 else None
    # the merged 一级/二级指标 header cells reading order wrote among the rows: columns of the header,
    # their cells left empty (the headings' places among the rows are not certain)
    levels: list[Token] = []
    for field in ("level1", "level2"):
        levels.extend([t for t in block if _column(t.key, "indicator") == field][:1])
    lead = [_EMPTY] * (1 + len(levels))
    rows: list[list[Token]] = [[_EMPTY, *levels, *header]]
    for pieces, run in closed:
        written = len(run) - n_points  # value columns the figures fill (the last ones)
        shape = [True, *[False] * (n_values - written)]
        cuts = _cuts(pieces, shape, name_width)
        if len(cuts) != 1:
            return None
        rows.append([*lead, *cuts[0], *run])
    taken = 0
    if texts:  # rows left open: finished after the 总分 label
        finished = _finished_rows(texts, after, n_values, n_points, name_width)
        if finished is None or closing is None:
            return None
        open_rows, total, taken = finished
        rows.extend([*lead, *cells] for cells in open_rows)
        rows.append([_EMPTY, closing, *[_EMPTY] * (len(levels) + n_values), *total])
    return rows, taken


def _finished_rows(
    before: Sequence[Token], after: Sequence[Token], n_values: int, n_points: int, name_width: int | None
) -> tuple[list[list[Token]], list[Token], int] | None:
    """Rows whose names and first cells stand before the 总分 label and whose last cells and points
    after it, then the 总分's points: (the rows, the 总分's figures, the cells of ``after`` taken)."""
    late: list[Token] = []
    figures: list[Token] = []
    k = 0
    while k < len(after):
        token = after[k]
        if figures and not _figure(token):
            break
        if not token.key or _heading(token):
            pass
        elif _figure(token):
            figures.append(token)
        elif _Vocabulary.end.match(token.key) or _Vocabulary.title.search(token.key):
            return None
        else:
            late.append(token)
        k += 1
    if len(figures) % n_points or not all(_points(t.key) for t in figures):
        return None
    count = len(figures) // n_points - 1  # the open rows; the last points are the 总分's
    if count < 1 or any(_figure(t) for t in before):
        return None
    readings: list[list[list[Token]]] = []
    for early in range(n_values + 1):  # value cells written before the 总分 label, the same in each row
        heads = _cuts(before, [True, *[False] * early] * count, name_width)
        tails = _cuts(late, [False] * ((n_values - early) * count), name_width) if late else [[]]
        if not late and early != n_values:
            continue
        for head in heads:
            for tail in tails:
                per = len(tail) // count if count else 0
                readings.append(
                    [
                        [*head[r * (early + 1) : (r + 1) * (early + 1)], *tail[r * per : (r + 1) * per]]
                        for r in range(count)
                    ]
                )
    if len(readings) != 1:
        return None
    rows = [[*cells, *figures[r * n_points : (r + 1) * n_points]] for r, cells in enumerate(readings[0])]
    return rows, figures[-n_points:], k
