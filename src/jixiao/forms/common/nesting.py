"""A parent indicator row split by the rows under it, counted once: the rule every reader of the
indicator block shares (the generic reader, ``generic.reader``, and the national-layout reader,
``common.evaluation``, which the Hunan and Zhuzhou forms and ``read_national`` use).

Forms write a parent row (``养护道路里程 30 30``) and, right under it, the rows it is made of
(``1、县道养护里程 12 12``, ``2、乡道养护里程 18 18``): the parent's 分值 and 得分 are the sums of its
sub-rows'. Counted with them, every point of the parent is counted twice and the sums (A006 总分,
W001 一级指标分值, W002 总分值) report a false error. ``nest_sub_rows`` keeps one of the two and makes
the other a note of the table, in words a reviewer can check against the form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from jixiao.forms.generic.rows import row_kind
from jixiao.model.dossier import Indicator, Val


def nest_sub_rows(indicators: Sequence[Indicator]) -> tuple[list[Indicator], list[Val]]:
    """The indicator rows with each parent split by its sub-rows counted once, and the notes that
    say what was nested, in form order.

    A parent with no 指标值 / 实际完成值 of its own, whose 分值 and 得分 are the sums of two or more rows
    right under it (same 一级指标): the parent is dropped and becomes a note (``…：分值 30，得分 30
    （下列各项之和）``); its sub-rows are the indicators.

    A parent that writes its own 指标值 / 实际完成值 is nested only under sub-rows numbered 1、2、… or
    (1)(2)… (or ①②…) from 1, in a style the parent does not share, under its 二级指标, whose 分值 add
    up to its own and whose numbering stops there: where their 得分 add up too, the parent becomes a
    note as above; where they leave 得分 blank (the parent scores the whole), the parent stays and the
    sub-rows become its notes (``…：分项 1、…（计入上项）``). Either way the 分值 are counted once.

    An empty row (no name, nothing written: a 二级 level printed with no indicator under it) holds no
    points: it is passed over and stays where it is. Rows that merely happen to add up to a row above
    them, siblings numbered alike, and numbered rows that do not add up are kept as they are.
    """
    written = [i for i in indicators if not _empty(i)]
    kept, notes = _nest(written)
    if len(kept) == len(written):
        return list(indicators), notes
    kept_ids = {id(i) for i in kept}
    return [i for i in indicators if _empty(i) or id(i) in kept_ids], notes


def _nest(indicators: list[Indicator]) -> tuple[list[Indicator], list[Val]]:
    kept: list[Indicator] = []
    notes: list[Val] = []
    i = 0
    while i < len(indicators):
        parent = indicators[i]
        end = _children_end(indicators, i)
        if end is None:
            kept.append(parent)
            i += 1
            continue
        weight = parent.weight.text if parent.weight else ""
        score = parent.score.text if parent.score else ""
        children = indicators[i + 1 : end]
        if all(_blank(child.score) for child in children):  # the parent scores its numbered parts
            kept.append(parent)
            for child in children:
                target = child.target.text if child.target is not None else ""
                actual = child.actual.text if child.actual is not None else ""
                notes.append(
                    Val(
                        text=f"{parent.name or parent.level2}：分项 {child.name}，指标值 {target}，"
                        f"实际完成值 {actual}，分值 {child.weight.text if child.weight else ''}（计入上项）",
                        loc=child.loc,
                    )
                )
            i = end
            continue
        notes.append(
            Val(
                text=f"{parent.name or parent.level2}：分值 {weight}，得分 {score}（下列各项之和）",
                loc=parent.loc,
            )
        )
        i += 1
    return kept, notes


def _blank(val: Val | None) -> bool:
    return val is None or val.blank


def _empty(indicator: Indicator) -> bool:
    """A row with no name and nothing written (a 二级 level printed with no indicator under it: the
    ``placeholder`` of ``generic.rows.row_kind``)."""
    values = (indicator.target, indicator.actual, indicator.weight, indicator.score, indicator.deviation)
    return row_kind(indicator.name, (v.text for v in values if v is not None)) == "placeholder"


_ITEM_NUMBER = re.compile(
    r"^\s*(?:(?P<dot>\d{1,2})\s*(?:[、)）]|[.．](?!\d))|[(（]\s*(?P<paren>\d{1,2})\s*[)）]|(?P<circled>[①-⑳]))"
)


def item_number(name: str) -> tuple[str, int] | None:
    """The numbering a row's name opens with, as its style and number: ``1、`` / ``1.`` / ``1）`` ->
    ("dot", 1), ``(2)`` / ``（2）`` -> ("paren", 2), ``③`` -> ("circled", 3); None when unnumbered."""
    match = _ITEM_NUMBER.match(name)
    if match is None:
        return None
    if match["circled"]:
        return "circled", ord(match["circled"]) - ord("①") + 1
    style = "dot" if match["dot"] else "paren"
    return style, int(match[style])


def _children_end(indicators: list[Indicator], i: int) -> int | None:
    """The end of the rows under indicators[i] that split it (see ``nest_sub_rows``), or None."""
    parent = indicators[i]
    weight = parent.weight.num if parent.weight is not None else None
    score = parent.score.num if parent.score is not None else None
    if weight is None or score is None:
        return None
    if any(v is not None and not v.blank for v in (parent.target, parent.actual)):
        return _numbered_children_end(indicators, i, weight, score)
    sum_w = sum_s = Decimal(0)
    for j in range(i + 1, len(indicators)):
        child = indicators[j]
        if child.level1 != parent.level1 or child.weight is None or child.weight.num is None:
            return None
        if child.score is None or child.score.num is None:
            return None
        sum_w += child.weight.num
        sum_s += child.score.num
        if sum_w == weight:
            return j + 1 if sum_s == score and j > i + 1 else None
        if sum_w > weight:
            return None
    return None


def _numbered_children_end(
    indicators: list[Indicator], i: int, weight: Decimal, score: Decimal
) -> int | None:
    """Rows under a parent with figures of its own that split it: two or more, under its headings,
    numbered 1, 2, … in one style the parent does not share, whose 分值 add up to the parent's exactly
    and whose 得分 add up to its 得分 or are all blank; the row after them does not go on numbering."""
    parent = indicators[i]
    first = item_number(indicators[i + 1].name) if i + 1 < len(indicators) else None
    if first is None or first[1] != 1:
        return None
    style = first[0]
    own = item_number(parent.name)
    if own is not None and own[0] == style:
        return None  # 1、 2、 3、 side by side: siblings, not parts
    sum_w = sum_s = Decimal(0)
    scored = unscored = 0
    for j in range(i + 1, len(indicators)):
        child = indicators[j]
        if (child.level1, child.level2) != (parent.level1, parent.level2):
            return None
        if item_number(child.name) != (style, j - i):
            return None
        if child.weight is None or child.weight.num is None:
            return None
        if _blank(child.score):
            unscored += 1
        elif child.score is not None and child.score.num is not None:
            scored += 1
            sum_s += child.score.num
        else:
            return None
        sum_w += child.weight.num
        if sum_w > weight:
            return None
        if sum_w < weight:
            continue
        if j == i + 1 or (scored and unscored) or (scored and sum_s != score):
            return None
        after = item_number(indicators[j + 1].name) if j + 1 < len(indicators) else None
        if after == (style, j - i + 1) and (indicators[j + 1].level1, indicators[j + 1].level2) == (
            parent.level1,
            parent.level2,
        ):
            return None  # the numbering goes on past the sum: the parts are not these rows
        return j + 1
    return None
