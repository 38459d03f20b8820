"""The forms' header and label words as an OCR misreads them (**OCR words**).

An OCR'd reprint of a form (a document-sharing site's preview, read back to text) damages a header
word by a character now and then: ``年初预匏数`` for 年初预算数, ``调整预算将,A、`` for 调整预算数(A),
``资金(万兀)`` for 资金(万元), ``顼目`` for 项目. The readers match the vocabulary's words exactly, so
one damaged glyph leaves a whole header unread. ``ocr_words`` gives the line as the vocabulary reads
it, with such words put right, character for character (the line's length kept, so every cell still
keeps its text as written):

* a glyph an OCR is known to read for another (``_CONFUSED``: 兀 for 元, 顼 for 项, …) where putting
  it right completes a word of the vocabulary; a Latin letter read for a character (``n`` for 门, its
  two strokes and its hook: ``主管部n``) only in a word of three characters or more, the rest of it
  read exactly;
* one other Chinese character in a budget header word of four characters or more (年初预算数,
  调整预算数, 全年执行数) where the rest of the header row confirms the form: the word put right
  stands in a run of three budget header words or more written together (``年初预算数调整预算数(A)
  全年执行数(B)``), its neighbours read exactly; a window two words would take so is left alone;
* the brackets of a column's letter an OCR read as punctuation (``将,A、`` for ``数(A)``) right
  after a header word in such a run.

Only words are put right, never a figure: a digit or a Latin letter standing for one (``IO`` for 10,
``M.8`` for 14.8) is left as written, as is every character outside a word so confirmed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.forms.generic.vocabulary import (
    BUDGET_COLUMNS,
    FUNDS_TOTAL,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    LEVEL1_WORDS,
)

# glyphs an OCR reads for another of a similar shape: the glyph meant -> the glyphs read for it
_CONFUSED: dict[str, str] = {"元": "兀", "项": "顼頊", "算": "匏箅", "门": "n"}
_MISREAD = {bad: good for good, bads in _CONFUSED.items() for bad in bads}

_HEADER_WORDS: tuple[str, ...] = tuple(
    sorted(
        {
            w
            for c in BUDGET_COLUMNS
            if c.field in ("initial", "adjusted", "executed", "rate", "weight", "score")
            for w in c.words
        },
        key=len,
        reverse=True,
    )
)
_LONG_HEADER_WORDS = tuple(w for w in _HEADER_WORDS if len(w) >= 4)
_WORDS: tuple[str, ...] = tuple(
    sorted(
        {
            *_HEADER_WORDS,
            *(w for c in BUDGET_COLUMNS for w in c.words),
            *(w for c in INDICATOR_COLUMNS for w in c.words),
            *(w for _, words in HEADER_FIELDS for w in words),
            *FUNDS_TOTAL,
            *LEVEL1_WORDS,
            "(万元)",  # a unit qualifier (资金(万兀))
            "（万元）",
        },
        key=len,
        reverse=True,
    )
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LETTER = re.compile(r"[,，、(（]([A-Z])[、,，)）]")
_QUALIFIER = r"(?:[（(][^（()）]{0,12}[)）])?"
_HEADER_ANY = re.compile("|".join(re.escape(w) for w in _HEADER_WORDS))
_HEADER_RUN = re.compile(
    "(?:(?:" + "|".join(re.escape(w) for w in _HEADER_WORDS) + ")" + _QUALIFIER + "){3,}"
)


# where a long header word may stand one character off: each of its characters but one as written
_NEAR = re.compile(
    "(?="
    + "|".join(
        re.escape(w[:k]) + "[\u4e00-\u9fff]" + re.escape(w[k + 1 :])
        for w in _LONG_HEADER_WORDS
        for k in range(len(w))
    )
    + ")"
)
_LATIN_MISREAD = "".join(c for c in _MISREAD if not _CJK.match(c))
# a misread glyph; a Latin letter only beside a Chinese character (inside the word it stands in)
_MISREAD_CHARS = re.compile(
    "[" + "".join(c for c in _MISREAD if _CJK.match(c)) + "]"
    f"|(?<=[\u4e00-\u9fff])[{_LATIN_MISREAD}]|[{_LATIN_MISREAD}](?=[\u4e00-\u9fff])"
)


def ocr_words(line: str) -> str:
    """The line with the header and label words an OCR misread put right, as long as the line (the
    line itself where nothing is to be put right)."""
    if not (_MISREAD_CHARS.search(line) or _LETTER.search(line) or _one_off_possible(line)):
        return line  # the common case, told by compiled patterns alone
    chars = list(line)
    exact = _exact_spans(line)
    for start, word in _confused(line, exact):
        chars[start : start + len(word)] = word
    confused = "".join(chars)
    fixes = _one_off(confused, _exact_spans(confused))
    if fixes:
        candidate = list(confused)
        for start, word in fixes:
            candidate[start : start + len(word)] = word
        text = _with_letters("".join(candidate))
        runs = [m.span() for m in _HEADER_RUN.finditer(text)]
        for start, word in fixes:  # kept only where the header row confirms it
            if any(a <= start and start + len(word) <= b for a, b in runs):
                chars[start : start + len(word)] = word
    text = _with_letters("".join(chars))
    return text if len(text) == len(line) else line


def _exact_spans(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for word in _WORDS:
        start = line.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = line.find(word, start + 1)
    return spans


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)


def _crosses(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """A word read exactly that covers the window or stands across its edge (one inside it is a
    piece of the word the window is read as: 全年预算 of 全年预算将)."""
    return any(a < end and start < b and (b - a >= end - start or a < start or end < b) for a, b in spans)


def _confused(line: str, exact: Sequence[tuple[int, int]]) -> list[tuple[int, str]]:
    """Words of the vocabulary written with a known misread glyph (every other character as the word's)."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _MISREAD_CHARS.finditer(line):
        i, ch = match.start(), match.group()
        good = _MISREAD[ch]
        if _overlaps(i, i + 1, exact):
            continue
        for word in _WORDS:
            if len(word) < (2 if _CJK.match(ch) else 3):  # a Latin letter: only in a longer word
                continue
            for k, wc in enumerate(word):
                start = i - k
                if wc != good or start < 0 or start + len(word) > len(line):
                    continue
                window = line[start : start + len(word)]
                misread = all(a == b or _MISREAD.get(a) == b for a, b in zip(window, word, strict=True))
                if misread and not _overlaps(start, start + len(word), taken):
                    found.append((start, word))
                    taken.append((start, start + len(word)))
    return found


def _distance(a: str, b: str) -> int:
    return sum(1 for x, y in zip(a, b, strict=True) if x != y)


def _one_off(line: str, exact: Sequence[tuple[int, int]]) -> list[tuple[int, str]]:
    """Budget header words (four characters or more) written with one other Chinese character, the
    window read by no other word so."""
    by_start: dict[int, set[str]] = {}
    starts = sorted({m.start() for m in _NEAR.finditer(line)})
    for word in _LONG_HEADER_WORDS:
        n = len(word)
        for start in starts:
            window = line[start : start + n]
            if len(window) != n:
                continue
            if _distance(window, word) != 1 or _crosses(start, start + n, exact):
                continue
            k = next(j for j in range(n) if window[j] != word[j])
            if _CJK.match(window[k]):  # a figure or a letter is never put right
                by_start.setdefault(start, set()).add(word)
    fixes: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for start in sorted(by_start):
        words = by_start[start]
        if len(words) != 1:
            continue  # two words read the window so: no certain reading
        (word,) = words
        if not _overlaps(start, start + len(word), taken):
            fixes.append((start, word))
            taken.append((start, start + len(word)))
    return fixes


def _one_off_possible(line: str) -> bool:
    """A window one character off a long header word, and another header word read exactly in the
    line (a run of three needs two more)."""
    near = _NEAR.search(line)
    if near is None:
        return False
    return len(_HEADER_ANY.findall(line)) >= 2


def _with_letters(line: str) -> str:
    """A column's letter whose brackets an OCR read as punctuation (``,A、``) put back in brackets,
    right after a budget header word that stands in a header run once so put."""
    chars = list(line)
    for word in _HEADER_WORDS:
        start = line.find(word)
        while start >= 0:
            end = start + len(word)
            m = _LETTER.match(line, end)
            if m is not None and not (line[end] in "(（" and line[end + 2] in ")）"):
                trial = line[:end] + f"({m[1]})" + line[end + 3 :]
                runs = [r.span() for r in _HEADER_RUN.finditer(trial)]
                if any(a <= start and end + 3 <= b for a, b in runs):
                    chars[end : end + 3] = f"({m[1]})"
            start = line.find(word, start + 1)
    return "".join(chars)
