"""The words of a narrative sentence, as the fact grammar (``grammar.py``) sees them.

A sentence is normalised (full-width digits and signs, the traditional forms of the words the grammar
needs, thousands separators) and cut into tokens: figures (``MONEY`` 62.07万元, ``PCT`` 73.2%,
``COUNT`` 113个, bare ``NUM``), periods (2019年度, 上年), the words that relate figures (比/较 …
``CMP``, 增加/减少 ``UP``/``DOWN`` (both, a template's 增加(减少), ``EITHER``), 完成/占/为 … ``RATIO`` before a percentage, 其中 ``PARTS``, 各
``EACH``), separators, and ``WORD`` for everything else (the subject and measure words).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

# Traditional forms of the characters the grammar's words and subjects use (the ingest converts whole
# documents with OpenCC; a fact read from a stored or edited text may still hold them).
_TRADITIONAL = str.maketrans(
    "增長減較與佔億萬決預經費計總數務車購運維護國實際執達業項專資這間當較為類額於銷費養収",
    "增长减较与占亿万决预经费计总数务车购运维护国实际执达业项专资这间当较为类额于销费养收",
)
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Full-width forms folded (NFKC), traditional words simplified, thousands separators and
    whitespace removed; Chinese punctuation kept as the grammar's separators."""
    text = unicodedata.normalize("NFKC", text).translate(_TRADITIONAL)
    text = _SPACE.sub("", text)
    return _THOUSANDS.sub("", text)


_N = r"\d+(?:\.\d+)?"
_YEAR = r"(?:19|20)\d{2}"
_PCT_AHEAD = r"(?=[^,;:()、增减降升]{0,40}?(?<![\d.])\d+(?:\.\d+)?%)"

_SPEC: tuple[tuple[str, str], ...] = (
    ("INWORD", r"\([^()\d,:;]{1,12}\)"),  # "(境)", "(镇本级)": part of the name around it
    # "?8639萬元": a figure after a character lost to a wrong encoding may have lost digits with it;
    # it is read as part of the words around it, never as a figure
    ("LOST", rf"[?\ufffd]+{_N}(?:%|亿元|万元|千元|元)?"),
    ("NC", r"基数为0|不可比|(?<![\d.])--(?![\d.])"),
    ("PP", rf"{_N}个百分点"),
    ("PCT", rf"{_N}%"),
    ("MONEY", rf"{_N}(?:亿元|万元|千元|元)"),
    ("PERIOD", rf"{_YEAR}年(?:度)?(?:同期)?(?![\d月])|上一?年度?(?:同期)?|去年(?:同期)?|本年度?|当年|今年"),
    (
        "COUNT",
        rf"{_N}(?:人次|个|人|项|件|户|家|辆|所|名|台|套|场|批|篇|条|宗|起|笔)(?![\d.])",
    ),
    ("NUM", _N),
    ("CMPEND", r"相比较?|比较|对比"),
    # "按同口径同比减少63.96万元": the basis of the comparison named before it
    (
        "CMP",
        rf"(?:按?同口径)?(?:同比|环比)|(?:比|较|与|相较于?|相比于?)(?={_YEAR}|上一?年|去年|同期|年初|全年|调整|预算|计划)",
    ),
    # "增加(减少)0万元，增长(下降)0%": a template's both directions, its figure read whatever the sign
    ("EITHER", r"(?:增加|增长|上升)\((?:减少|下降|降低)\)|(?:减少|下降|降低)\((?:增加|增长|上升)\)"),
    # 决算说明's "较上年增支204万元" / "减收56万元": the change itself, never the year compared with (not
    # 新增支出, 增收节支 or 增支出: words of their own)
    ("UP", r"(?:增加|增长|上升|提高|增幅|超支|(?<!新)增(?:支|收)(?![出入持益节]))了?(?:为)?"),
    ("DOWN", r"(?:减少|下降|降低|节约|节省|减幅|降幅|减(?:支|收)(?![出入]))了?(?:为)?"),
    ("RATIO", rf"(?:完成|占|为|达到?|是)(?:了)?{_PCT_AHEAD}"),
    ("DE", r"的(?=\d+(?:\.\d+)?%)"),
    ("PARTS", r"其中"),
    ("EACH", r"各(?=增加|减少|增长|下降|降低|上升)|分别(?=为|增加|减少|增长|下降|是)"),
    ("LIST", r"、"),
    ("SEP", r"[,:;()]"),
)
_MASTER = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _SPEC))


@dataclass(frozen=True)
class Tok:
    type: str
    text: str
    start: int


def tokens(sentence: str) -> list[Tok]:
    """The tokens of a normalised sentence; text no pattern claims becomes ``WORD`` runs."""
    found: list[Tok] = []
    word_start = -1
    at = 0
    while at < len(sentence):
        match = _MASTER.match(sentence, at)
        if match is None or match.lastgroup in (None, "INWORD", "LOST") or match.end() == at:
            if word_start < 0:
                word_start = at
            at = match.end() if match is not None and match.end() > at else at + 1
            continue
        if word_start >= 0:
            found.append(Tok("WORD", sentence[word_start:at], word_start))
            word_start = -1
        found.append(Tok(match.lastgroup, match.group(0), at))
        at = match.end()
    if word_start >= 0:
        found.append(Tok("WORD", sentence[word_start:], word_start))
    return found


_FIGURE = re.compile(rf"(?P<n>{_N})(?P<u>.*)")


def figure(text: str) -> tuple[Decimal, str]:
    """(number, unit) of a figure token's text."""
    match = _FIGURE.fullmatch(text)
    if match is None:  # pragma: no cover - the lexer only emits figures that match
        raise ValueError(text)
    return Decimal(match["n"]), match["u"]
