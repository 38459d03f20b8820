"""The grammar of the clauses that state figures (lark, LALR over the lexer's tokens).

A sentence is a sequence of phrases::

    三公经费 支出决算为 62.07万元 , 完成 全年预算 84.82万元 的 73.2% , 比 上年 决算数 增加 38.97万元 , 增长 168.7%
    words     words      amount   sep ratio------------------------- sep compare------- change------- sep trend-----

``amount`` states a figure of the subject the words before it name; ``compare`` names what a following
change is measured against (比上年, 较年初预算数, 与2023年度相比, 比上年财政总收入 238960.28万元);
``change`` and ``trend`` give the difference and its rate (each a list where a sentence states several
in order: 各增加 A、B，增长 R1、R2); ``ratio`` gives the share or completion of a whole, with the whole
named or stated (完成全年预算 84.82万元的 73.2%, 占本年收入 93.65%); ``parts`` (其中) opens the parts
of the figure before it. The reader (``reader.py``) turns the phrases into facts.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import LarkError
from lark.lexer import Lexer

from jixiao.narrative.lexer import Tok

GRAMMAR = r"""
start: _phrase*
_phrase: amount | change | trend | ratio | compare | parts | nc | words | period | sep | stray

amount: _value
_value: MONEY | COUNT | NUM
change: EACH? _dir figures
trend: EACH? _dir rates
figures: _value (LIST _value)*
rates: _rate (LIST _rate)*
_rate: PCT | PP
_dir: UP | DOWN | EITHER
ratio: RATIO whole? _value? DE? PCT
whole: (WORD | PERIOD)+
compare: CMP (PERIOD | WORD)* _value? CMPEND?
parts: PARTS
nc: NC
words: WORD
period: PERIOD
sep: SEP
stray: PCT | PP | DE | LIST | EACH | CMPEND | _dir

%declare MONEY COUNT NUM PCT PP PERIOD CMP CMPEND UP DOWN EITHER RATIO DE PARTS EACH LIST SEP NC WORD
"""


class _TokLexer(Lexer):
    """Feeds the lexer's tokens (``lexer.tokens``) to the parser."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: list[Tok]) -> Iterator[Token]:  # type: ignore[override]
        for item in data:
            yield Token(item.type, item.text, start_pos=item.start)


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The LALR parser, built once per process and its tables kept in the user's cache
    (``jixiao.cache``): building them is most of a one-document command's narrative time (about 40 ms),
    loading them about 5 ms. The entry is keyed by the grammar text, the options and the versions of
    lark and Python, so a changed grammar builds anew; any entry that does not load is rebuilt."""
    import io
    import pickle
    import sys

    import lark

    from jixiao import cache

    options: dict[str, Any] = {"parser": "lalr", "lexer": _TokLexer}
    key = cache.digest(
        GRAMMAR,
        repr(sorted((name, getattr(value, "__qualname__", value)) for name, value in options.items())),
        _TokLexer.__module__,
        lark.__version__,
        sys.version,
    )
    stored = cache.read("lark-narrative", key)
    if stored is not None:
        try:
            return Lark.load(io.BytesIO(stored))
        except Exception:  # a damaged or foreign entry: build as if there were none
            pass
    built = Lark(GRAMMAR, **options)
    out = io.BytesIO()
    try:
        built.save(out)
    except (pickle.PicklingError, TypeError, AttributeError):
        return built
    cache.write("lark-narrative", key, out.getvalue())
    return built


def phrases(items: list[Tok]) -> list[Tree[Token]] | None:
    """The phrases of a tokenised sentence, or ``None`` when the grammar cannot parse it."""
    try:
        tree = parser().parse(items)
    except LarkError:
        return None
    return [child for child in tree.children if isinstance(child, Tree)]
