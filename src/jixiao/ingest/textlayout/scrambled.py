"""Labels written down a merged cell one character a line, read back scrambled (**permuted labels**).

A Word form writes the labels of its tall merged cells vertically, one character a line (年度绩效目标(80分)
beside the indicator block, 一级指标 above the level-1 column, 产出指标 / 效益指标 / 满意度指标 down their
rows). A document-sharing site's preview or an OCR that flattens the table reads such a cell in no
fixed order: its characters come out permuted and interleaved with the cells beside it, and a
character may be lost or misread (``度效标80>年绩目1分级标一指`` is 年度绩效目标(80分) and 一级指标,
``出标产指`` is 产出指标, ``意指斥满度打`` is 满意度指标). A stretch of text is such a label when its
Chinese characters are, up to OCR noise, a permutation of the label's: every character of the label
present but at most one (for a label of four characters or more), and at most one character more
than those it lost (a lost character misread as another, and one stray mark). Other characters (the
digits, brackets and letters an OCR makes of ``(80分)``) are noise and are not counted. Nothing is
matched this way but the labels a caller names; where two labels fit a stretch equally, none does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from jixiao.forms.generic.vocabulary import GOAL_ROW, INDICATOR_COLUMNS, LEVEL1_WORDS, LEVEL2_WORDS
from jixiao.ingest.textlayout.tokens import Token, _column

_CJK = re.compile(r"[\u4e00-\u9fff]")
_MIN_LOSSY = 4  # a label this long may have lost one character
_LEVEL1_HEADER = "一级指标"
# the indicator block's title, as the form writes it beside the block (年度绩效目标(80分))
_GOAL_LABELS: tuple[str, ...] = tuple(w for w in GOAL_ROW if w.endswith("目标") and len(w) >= 4)


@dataclass(frozen=True)
class Fit:
    """How a stretch of text fits a label: the label's characters it lacks, and its characters over."""

    label: str
    missing: int
    extra: int

    @property
    def cost(self) -> int:
        return self.missing + self.extra


def _chars(text: str) -> Counter[str]:
    return Counter(_CJK.findall(text))


def fit(text: str, label: str) -> Fit | None:
    """How ``text`` fits ``label`` as a permutation of its characters, or None when it does not."""
    want, have = _chars(label), _chars(text)
    common = sum((want & have).values())
    missing = sum(want.values()) - common
    extra = sum(have.values()) - common
    lossy = 1 if sum(want.values()) >= _MIN_LOSSY else 0
    if missing > lossy or extra > missing + 1 or common < 2:
        return None
    return Fit(label, missing, extra)


def permuted_label(text: str, labels: Sequence[str]) -> str | None:
    """The one label of ``labels`` whose characters ``text`` holds permuted (see the module), or None
    when none does or two fit it equally well."""
    fits = sorted((f for label in labels if (f := fit(text, label)) is not None), key=lambda f: f.cost)
    if not fits or (len(fits) > 1 and fits[1].cost == fits[0].cost and fits[1].label != fits[0].label):
        return None
    return fits[0].label


def permuted_at(text: str, pos: int, labels: Sequence[str]) -> list[tuple[str, int]]:
    """The labels written permuted at ``text[pos:]``: (label, end) for every stretch of Chinese
    characters from ``pos`` that fits one of ``labels`` (a stretch one character shorter than the
    label to two longer), best fits first."""
    found: list[tuple[int, str, int]] = []
    for label in labels:
        size = len(_CJK.findall(label))
        for length in range(max(2, size - 1), size + 3):
            end = pos + length
            if end > len(text) or not all(_CJK.match(c) for c in text[pos:end]):
                break
            match = fit(text[pos:end], label)
            if match is not None and match.label == permuted_label(text[pos:end], labels):
                found.append((match.cost, label, end))
    return [(label, end) for _, label, end in sorted(found)]


# The indicator hierarchy's labels that a vertical cell writes: the level-1 headings and the level-2
# labels that end in 指标 (a short one, 成本, is too easily a name's first word to be found scrambled).
HIERARCHY_LABELS: tuple[str, ...] = tuple(
    w for w in (*LEVEL1_WORDS, *LEVEL2_WORDS) if w.endswith("指标") and len(w) >= _MIN_LOSSY
)


def unscrambled_header(tokens: Sequence[Token]) -> list[Token]:
    """The tokens with the indicator block's scrambled title cell read: a token that is the block's
    title (年度绩效目标(N分)) permuted, alone or with the 一级指标 header word beside it, standing just
    before the 二级指标 header word, is read as the 一级指标 header (the title's cell only names the
    block; where the OCR lost the 一级指标 word in it, the level-1 column is still there, the block's
    rows open with its headings). The cell is written as the label read: it names a column, no value."""
    out = list(tokens)
    for i in range(len(out) - 1):
        key = out[i].key
        if _column(key, "indicator") is not None or _column(out[i + 1].key, "indicator") != "level2":
            continue
        if i > 0 and _column(out[i - 1].key, "indicator") == "level1":
            continue  # the header already has its 一级指标
        candidates = [*_GOAL_LABELS, *(f"{goal}分" for goal in _GOAL_LABELS)]
        candidates += [f"{goal}{_LEVEL1_HEADER}" for goal in candidates]
        if permuted_label(key, candidates) is not None:
            out[i] = Token(_LEVEL1_HEADER, out[i].line)
    return out


# The indicator header's words a cell may hold permuted: those of four characters or more (a shorter
# word's characters permuted are too easily another word).
_COLUMN_WORDS: dict[str, str] = {
    w: c.words[0] for c in INDICATOR_COLUMNS if c.field != "label" for w in c.words if len(w) >= _MIN_LOSSY
}


def unscrambled_columns(tokens: Sequence[Token]) -> list[Token]:
    """The tokens with an indicator header cell written permuted read: a token standing between two
    indicator header words, no header word itself, whose characters are exactly those of one header
    word of four characters or more in another order (``考值参分`` for 参考分值: a merged header cell
    flattened), is read as that word's column, written as the column's own word (分值: the word every
    reader knows it by; the cell names a column, no value). Exactly: no character lost or added (the
    header words beside it confirm the place, the characters alone the word); two words so fitting it,
    none."""
    out = list(tokens)
    for i in range(1, len(out) - 1):
        key = out[i].key
        if _column(key, "indicator") is not None:
            continue
        if _column(out[i - 1].key, "indicator") is None or _column(out[i + 1].key, "indicator") is None:
            continue
        have = Counter(key)
        if any(not _CJK.match(ch) for ch in key):
            continue
        words = {_COLUMN_WORDS[w] for w in _COLUMN_WORDS if w != key and Counter(w) == have}
        if len(words) == 1:
            out[i] = Token(words.pop(), out[i].line)
    return out
