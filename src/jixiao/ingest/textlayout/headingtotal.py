"""A form's total score written in its heading line (``…绩效目标自评表(2022年度)项目总得分99分``).

Some 自评表 print the whole table's score beside their title, above the table, not in a head cell:
a run-on text gives it in the paragraph before the table. It is the table's declared total, as a head
``自评得分 | 98`` cell is: the label and its figure are moved into the table as a head row of their own
(``总得分 | 99分``), which the readers read as a head total. Only a heading line is so read: one that
names the form (自评表, 评价表), holds no sentence (no ``，。；``) and ends in the label and a score of
0–100; a narrative's 得分 is never a heading's, and a heading directly before its table only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

import msgspec

from jixiao.forms.generic.vocabulary import HEAD_SCORE_LABELS
from jixiao.model.grid import Block, GridCell, GridTable, Paragraph

_HEADING_TOTAL = re.compile(
    r"^(?P<title>[^，。；;,，]*?(?:自评表|评价表)\s*(?:[（(][^（()）]{0,12}[)）])?[^，。；;,，\d]{0,4}?)\s*"
    r"(?P<label>" + "|".join(HEAD_SCORE_LABELS) + r")\s*[:：]?\s*"
    r"(?P<figure>(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?\s*分?)\s*$"
)


def heading_total(paragraph: Paragraph) -> tuple[str, str, str] | None:
    """A heading line's title, its total's label and figure as written; None for any other line."""
    match = _HEADING_TOTAL.match(paragraph.text.strip())
    if match is None:
        return None
    figure = match.group("figure")
    if Decimal(figure.rstrip("分").strip()) > 100:
        return None
    return match.group("title").strip(), match.group("label"), figure


def with_heading_totals(blocks: Sequence[Block]) -> list[Block]:
    """The blocks with the total a heading line writes directly before a table moved into the table,
    as its first row (``总得分 | 99分``); the heading keeps its title."""
    out = list(blocks)
    for k in range(len(out) - 1):
        paragraph, table = out[k], out[k + 1]
        if not isinstance(paragraph, Paragraph) or not isinstance(table, GridTable) or not table.rows:
            continue
        found = heading_total(paragraph)
        if found is None:
            continue
        title, word, figure = found
        row = (GridCell(text=word, line=paragraph.line), GridCell(text=figure, line=paragraph.line))
        out[k] = msgspec.structs.replace(paragraph, text=title)
        out[k + 1] = msgspec.structs.replace(table, rows=(row, *table.rows))
    return out
