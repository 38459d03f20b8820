"""Facts from the narrative: every statement of a figure with its subject, measure, period and the
relations stated beside it (a change and its rate, a completion or share, 其中 parts of a total).

The grammar (``grammar.py``) groups a sentence's tokens into phrases; this reader walks the phrases in
order and decides which figure each relation belongs to: a change or rate belongs to the figure the
same clause names (or, when a new subject is named before 比/较, to that subject, stated without its
own value); a ratio belongs to the figure before it. A relation nothing ties to a figure is kept with
an empty subject, so a check can say it could not check it rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import msgspec
from lark import Token, Tree

from jixiao.model.dossier import Evaluation, Fact, Section, Val
from jixiao.model.source import Location
from jixiao.narrative.grammar import phrases
from jixiao.narrative.lexer import figure, normalise, tokens

# An ASCII question mark before a digit is a character lost to a wrong encoding ("支出?8639萬元"), not
# the end of a sentence (a full-width ？ is a question's): the lexer keeps the figure after it out of
# the facts (its digits may be lost too).
_SENTENCE_END = re.compile(r"[。！!？\n]|\?(?!\d)")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_SCALE = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal(10000)}
# 共 as "in all" (共计, 共 113 个), not inside 公共/一共同/共享/共建
_TOTAL_WORD = re.compile(r"合计|共计|总计|小计|总额|(?<![公])共(?![同享建识产青性有])|累计")
_MEASURES: tuple[tuple[str, str], ...] = (
    ("决算", "决算"),
    ("执行数", "执行数"),
    ("预算", "预算"),
    ("收入", "收入"),
    ("支出", "支出"),
    ("人数", "人数"),
    ("率", "率"),
)
# words that name a scope, not a subject: "一般公共预算收入" is a subject, its 预算 is not a measure
_NOT_MEASURE = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|预算单位|预算内|预算外|部门预算")
_FILLER = re.compile(
    r"^(?:其中|另外|此外|包括|主要是|主要为|全年|本年度?|当年|年度|我单位|我局|本单位|本部门|本项目|项目)+"
    r"|(?:为|是|达到?|共计?|合计|总计|小计|总额|累计|实现|完成了?|安排|约|的|了|分别|情况)+$"
)
_QUOTES = re.compile(r"[“”\"'‘’《》]")
_CANON_DROP = re.compile(
    r"本级|(?:\(|（)境(?:\)|）)|决算数?|预算数?|执行数|支出|经费|费用|费|合计|总计|共计|小计|总额"
    r"|[为是共的]|年度|全年|年初|调整后?|实际|完成|安排|数"
)


def canon(subject: str) -> str:
    """The key two statements of one subject share: "公务接待费支出" and "公务接待" → "公务接待"."""
    return _CANON_DROP.sub("", _QUOTES.sub("", subject))


def _measure(words: str) -> str:
    scoped = _NOT_MEASURE.sub("", words)
    for key, measure in _MEASURES:
        if key in scoped:
            return measure
    return ""


_ENUMERATION = re.compile(
    r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|[.．、])+"
)


def _subject(words: str) -> str:
    text = _ENUMERATION.sub("", _QUOTES.sub("", words))  # "(一)因公出国(境)费", "1.公务接待费"
    text = re.sub(r"(?:19|20)\d{2}年度?", "", text)
    previous = None
    while previous != text:
        previous = text
        text = _FILLER.sub("", text)
    return text


def _val(token: Token, loc: Location | None, sign: int = 1) -> Val:
    number, unit = figure(str(token))
    if unit in _SCALE:
        return Val(
            str(token),
            sign * number * _SCALE[unit],
            "万元",
            unit if unit != "万元" else None,
            loc,
        )
    if unit == "个百分点":
        return Val(str(token), sign * number, "个百分点", loc=loc)
    return Val(str(token), sign * number, unit or None, loc=loc)


@dataclass
class _Draft:
    subject: str
    measure: str = ""
    value: Val | None = None
    period: str = ""
    change: Val | None = None
    change_rate: Val | None = None
    against: str = ""
    against_value: Val | None = None
    ratio: Val | None = None
    ratio_kind: str = ""
    whole: str = ""
    whole_value: Val | None = None
    part_of: int | None = None
    is_total: bool = False
    not_comparable: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def _resolve(period: str, year: int | None) -> str:
    """ "2022年度" → "2022年"; "上年" → the year before the sentence's (when known)."""
    found = _YEAR.search(period)
    if found:
        return found[1] + "年"
    if year is None:
        return "上年" if period.startswith(("上", "去")) else ("本年" if period else "")
    if period.startswith(("上", "去")):
        return f"{year - 1}年"
    return f"{year}年" if period else ""


@dataclass
class _Sentence:
    """The walk over one sentence's phrases."""

    text: str
    year: int | None
    loc: Location | None
    facts: list[_Draft]
    offset: int  # index of this sentence's first fact in the section's list
    carry_total: int | None  # the last figure of the previous sentence (a sentence may open with 其中)
    carry_sum: bool = False  # the previous sentence states a total (共计/合计)
    carry_units: dict[str, int] = field(default_factory=dict)  # its last figure of each unit
    words: list[str] = field(default_factory=list)
    period: str = ""
    current: int | None = None
    parts_of: int | None = None  # the total (a money figure's) a 其中 list gives the parts of
    parts_units: dict[str, int] = field(default_factory=dict)  # the total of each unit of that list
    compare: tuple[str, Val | None] | None = None
    compared: int | None = None  # the fact the last compare opened or addressed
    changed: list[int] = field(default_factory=list)  # the facts the last change went to
    depth: int = 0  # parentheses open
    parts_depth: int = 0  # the depth the 其中 list was opened at

    def pending(self) -> str:
        return "".join(self.words)

    def new(self, subject: str, words: str, value: Val | None) -> int:
        inherited = self.facts[self.current] if self.current is not None else None
        measure = _measure(words)
        if (
            not canon(subject)
            and inherited is not None
            and (
                self.parts_of is None
                or (inherited.part_of is not None and _measure(words) and not canon(words))
            )
        ):
            subject = inherited.subject  # "…运行维护费预算数为478.19万元，决算支出数为507.98万元"
        if self.parts_of is not None and _TOTAL_WORD.search(words):
            self.parts_of = None  # "…，全年合计发放 32478.88 万元": another total ends the list
        part_of = None
        if self.parts_of is not None and self.depth <= self.parts_depth:
            part_of = self.parts_units.get(_unit_class(value), None) if value is not None else self.parts_of
        if not measure and part_of is not None:
            measure = self.facts[part_of].measure
        draft = _Draft(
            subject=subject,
            measure=measure,
            value=value,
            period=self.period or (inherited.period if inherited is not None else ""),
            part_of=part_of,
            is_total=bool(_TOTAL_WORD.search(words)),
        )
        self.facts.append(draft)
        self.current = len(self.facts) - 1
        self.words = []
        return self.current

    def phrase(self, tree: Tree[Token]) -> None:
        kind = tree.data
        items = [c for c in tree.children if isinstance(c, Token)]
        if kind == "words":
            self.words.append(str(items[0]))
        elif kind == "period":
            self.period = _resolve(str(items[0]), self.year)
        elif kind == "sep":
            mark = str(items[0])
            if mark == "(":
                self.depth += 1
            elif mark == ")":
                self.depth = max(0, self.depth - 1)
                if self.parts_of is not None and self.depth < self.parts_depth:
                    self.parts_of = None  # "(其中 A、B、C)" closes with its parenthesis
            elif mark == ";":
                # a new clause: a comparison and the subject end here; a 其中 list goes on ("其中：30万元
                # 用于编制；30万元用于审计；…": the semicolon separates the items of a list)
                self.current, self.compare, self.compared, self.changed, self.words = None, None, None, [], []
                if self.depth > self.parts_depth:
                    self.parts_of = None
                return
            if mark == ":" and self.pending().endswith("其中"):
                return
            if self.words and _subject(self.pending()):
                self.words.append(",")
        elif kind == "parts":
            self._open_parts()
            self.words = []
        elif kind == "nc":
            target = self.compared if self.compared is not None else self.current
            if target is not None:
                self.facts[target].not_comparable = True
        elif kind == "amount":
            if items[0].type == "NUM":
                self.words = []  # a bare number (an item's numbering, a code): no figure
                return
            if self.compared is not None and not self.pending() and self.compare and self.compare[1]:
                # "较2022年决算数441.63万元129.41万元": a change whose 增加/减少 is missing, no level
                self.compare, self.compared, self.changed = None, None, []
                return
            words = self.pending().rsplit(",", 1)[-1]
            self.new(_subject(words), words, _val(items[0], self.loc))
            self.compare, self.compared, self.changed = None, None, []
        elif kind == "compare":
            self._compare(tree, items)
        elif kind == "change":
            self._change(tree)
        elif kind == "trend":
            self._trend(tree)
        elif kind == "ratio":
            self._ratio(tree, items)
        elif (
            kind == "stray"
            and items
            and items[0].type == "PCT"
            and self.current is not None
            and re.search(r"(?:执行|完成)率$", self.pending())
        ):
            self._execution_rate(items[0])
        elif (
            kind == "stray"
            and items
            and items[0].type == "PCT"
            and self.changed
            and not self.pending().endswith("率")
        ):
            fact = self.facts[self.changed[-1]]  # "减少1.5万元(42.86%)": the change's rate (not "节支率5%")
            if fact.change_rate is None and fact.change is not None and fact.change.num is not None:
                sign = -1 if fact.change.num < 0 else 1
                fact.change_rate = _val(items[0], self.loc, sign)
            self.changed = []

    def _open_parts(self) -> None:
        """其中 opens the parts of the figure before it: within the clause, the last figure (and a total
        of another unit the clause states: "共计113个，财政资金3267.28万元，其中…79个…3038.38万元");
        at the opening of a sentence, the figures of the sentence before when it states a total."""
        units: dict[str, int] = {}
        if self.current is not None:
            if self.facts[self.current].value is None:
                return
            for index in range(self.offset, self.current):
                fact = self.facts[index]
                if fact.value is not None and fact.is_total and fact.part_of is None:
                    units[_unit_class(fact.value)] = index
            units[_unit_class(self.facts[self.current].value)] = self.current
            total = self.current
        elif self.carry_units:
            units = dict(self.carry_units)
            if "万元" in units:
                total = units["万元"]
            elif self.carry_total is not None and self.carry_total in units.values():
                total = self.carry_total
            else:
                total = next(iter(units.values()))
        else:
            return
        for index in units.values():
            self.facts[index].is_total = True
        self.parts_of, self.parts_units, self.parts_depth = total, units, self.depth

    def _compare(self, tree: Tree[Token], items: list[Token]) -> None:
        against = "".join(str(t) for t in items if t.type in ("PERIOD", "WORD"))
        period = next((str(t) for t in items if t.type == "PERIOD"), "")
        value = next((t for t in items if t.type in ("MONEY", "COUNT", "NUM")), None)
        base = _val(value, self.loc) if value is not None else None
        if period:
            label = _resolve(period, self.year)
            rest = against.replace(period, "", 1)
            against = label + rest if rest and "预算" in rest else label
        elif "预算" in against or "计划" in against:
            against = "预算"
        elif str(items[0]) in ("同比", "环比"):
            against = _resolve("上年", self.year) if str(items[0]) == "同比" else "上期"
        words = self.pending().rsplit(",", 1)[-1]
        subject = _subject(words)
        current = self.facts[self.current] if self.current is not None else None
        if subject and (current is None or canon(subject) != canon(current.subject) or _measure(words)):
            index = self.new(subject, words, None)
        elif (
            current is None
            and base is None
            and self.carry_total is not None
            and (self.facts[self.carry_total].part_of is None and not self.facts[self.carry_total].change)
        ):
            # "收入 792.22 万元。同比上年度增加 189.25 万元": the figure of the sentence before, compared
            self.facts.append(
                replace(self.facts[self.carry_total], is_total=False, ratio=None, whole_value=None)
            )
            index = self.current = len(self.facts) - 1
        elif current is None:
            index = self.new("", words, None)
        elif current.change is not None or current.against or current.change_rate is not None:
            self.facts.append(replace(current, change=None, change_rate=None, against_value=None, ratio=None))
            index = self.current = len(self.facts) - 1
        else:
            index = self.current if self.current is not None else self.new("", "", None)
        self.facts[index].against = against
        self.facts[index].against_value = base
        self.words = []
        self.compare, self.compared = (against, base), index

    def _targets(self, count: int) -> list[int]:
        """The facts a list of ``count`` changes or rates goes to, in order."""
        if count == 1:
            if self.compared is not None:
                return [self.compared]
            if self.current is not None:
                return [self.current]
            return [self.new("", self.pending(), None)]
        valued = [i for i in range(self.offset, len(self.facts)) if self.facts[i].value is not None]
        return valued[-count:] if len(valued) >= count else []

    def _change(self, tree: Tree[Token]) -> None:
        sign = _sign(tree)
        figures = [t for t in _subtree(tree, "figures") if isinstance(t, Token) and t.type != "LIST"]
        if sign == 0 and any(figure(str(t))[0] != 0 for t in figures):
            self.words, self.compared = [], None  # 增加(减少) 5万元: which it is the text does not say
            return
        words = self.pending()
        subject = _subject(words)
        current = self.facts[self.current] if self.current is not None else None
        if self.compared is not None and subject and len(figures) == 1:
            opened = self.facts[self.compared]
            if not opened.subject and opened.value is None:  # "与上年相比，X 减少 D": X named after 比
                opened.subject, opened.measure = subject, _measure(words)
                self.words = []
        if (
            self.compare is None
            and len(figures) == 1
            and subject
            and (current is None or canon(subject) != canon(current.subject))
        ):
            self.new(subject, words, None)  # "公务接待费支出决算增加 56716 元": its own subject
        targets = self._targets(len(figures))
        self.changed = []
        for index, token in zip(targets, figures, strict=False):
            fact = self.facts[index]
            if fact.change is not None and index == self.current and self.compared is None:
                # a second change with no new comparison: another relation of the same figure
                self.facts.append(replace(fact, change=None, change_rate=None))
                index = len(self.facts) - 1
                fact = self.facts[index]
            fact.change = _val(token, self.loc, sign)
            if self.compare is not None and not fact.against:
                fact.against = self.compare[0]
            self.changed.append(index)
        self.compared = None

    def _trend(self, tree: Tree[Token]) -> None:
        direction = next(t for t in tree.children if isinstance(t, Token) and t.type in _DIRECTIONS)
        sign = _sign(tree)
        rates = [t for t in _subtree(tree, "rates") if isinstance(t, Token) and t.type != "LIST"]
        if sign == 0 and any(figure(str(t))[0] != 0 for t in rates):
            self.changed, self.compared = [], None
            return
        if self.changed and len(self.changed) == len(rates):
            targets = self.changed
        else:
            targets = self._targets(len(rates))
        for index, token in zip(targets, rates, strict=False):
            fact = self.facts[index]
            if fact.change_rate is None:
                fact.change_rate = _val(token, self.loc, sign)
                fact.extra["rate_word"] = str(direction)
        self.changed, self.compared = [], None

    def _execution_rate(self, pct: Token) -> None:
        """ "预算数13万元，执行数12.99万元，执行率99.92%": the completion of the budget before it."""
        fact = self.facts[self.current] if self.current is not None else None
        if fact is not None and fact.ratio is None and fact.measure in ("执行数", "决算", "支出"):
            fact.ratio, fact.ratio_kind, fact.whole = _val(pct, self.loc), "completion", "预算"
        self.words = []

    def _ratio(self, tree: Tree[Token], items: list[Token]) -> None:
        whole_words = "".join(str(t) for t in _subtree(tree, "whole"))
        value = next((t for t in items if t.type in ("MONEY", "COUNT", "NUM")), None)
        pct = next(t for t in items if t.type == "PCT")
        verb = str(items[0])
        if self.words and re.search(r"(?:执行|完成)率", self.pending()) and self.current is not None:
            self._execution_rate(pct)
            return
        if self.current is None or (self.words and "率" in self.pending()):
            return  # a rate stated on its own (出勤率为98%): not a relation between figures
        fact = self.facts[self.current]
        if fact.ratio is not None:
            self.facts.append(
                replace(fact, ratio=None, whole="", whole_value=None, change=None, change_rate=None)
            )
            self.current = len(self.facts) - 1
            fact = self.facts[self.current]
        fact.ratio = _val(pct, self.loc)
        fact.whole = whole_words
        fact.whole_value = _val(value, self.loc) if value is not None else None
        budgetary = re.search(r"预算|计划|任务|目标|预计", whole_words) or (
            verb.startswith("完成") and not whole_words
        )
        fact.ratio_kind = "completion" if budgetary else "share"


def _totals(drafts: list[_Draft], begin: int, last: int | None) -> dict[str, int]:
    """The figures a sentence opening with 其中 may give the parts of: the totals (合计/共计) the sentence
    before states, by unit, and its last figure when it is one of them or stated with one ("共计113个，
    财政资金3267.28万元"), not a figure of a clause after the total ("…下降12.5%，主要原因是…29.01万元")."""
    found = {
        _unit_class(drafts[i].value): i
        for i in range(begin, len(drafts))
        if drafts[i].value is not None and drafts[i].part_of is None and drafts[i].is_total
    }
    if last is not None and last > begin:
        before = drafts[last - 1]
        plain = before.change is None and before.change_rate is None and before.ratio is None
        if before.is_total and before.value is not None and plain and drafts[last].part_of is None:
            found[_unit_class(drafts[last].value)] = last
    if last is not None and drafts[last].is_total:
        found[_unit_class(drafts[last].value)] = last
    return found


_DIRECTIONS = ("UP", "DOWN", "EITHER")


def _sign(tree: Tree[Token]) -> int:
    """1 for 增加/增长, -1 for 减少/下降, 0 for a template's 增加(减少) (its figure is read only when 0)."""
    direction = next(t for t in tree.children if isinstance(t, Token) and t.type in _DIRECTIONS)
    return {"UP": 1, "DOWN": -1}.get(direction.type, 0)


def _unit_class(value: Val | None) -> str:
    """Figures that add up: money (in 万元 whatever it was written in) and counts of one unit."""
    if value is None or value.unit is None:
        return ""
    return value.unit


def _subtree(tree: Tree[Token], name: str) -> list[Token]:
    for child in tree.children:
        if isinstance(child, Tree) and child.data == name:
            return [t for t in child.children if isinstance(t, Token)]
    return []


def _sentences(section: Section) -> Iterator[tuple[str, Location | None]]:
    """Each sentence of a section, normalised, with the lines it spans where they can be told."""
    raw = section.text
    loc = section.loc
    lines_known = (
        loc is not None
        and loc.line is not None
        and loc.line_end is not None
        and loc.line_end - loc.line == raw.count("\n")
    )
    start = 0
    for match in [*_SENTENCE_END.finditer(raw), None]:
        end = match.start() if match is not None else len(raw)
        if match is not None and match.group(0) == "\n" and not _ends_clause(raw, end):
            continue  # a line break inside a sentence (a wrapped line)
        piece = raw[start:end]
        first = start
        start = end + 1 if match is not None else len(raw)
        text = normalise(piece)
        if not text or not re.search(r"\d", text):
            continue
        where = loc
        if lines_known and loc is not None and loc.line is not None:
            line = loc.line + raw.count("\n", 0, first + len(piece) - len(piece.lstrip()))
            line_end = loc.line + raw.count("\n", 0, max(first, first + len(piece.rstrip()) - 1))
            where = msgspec.structs.replace(loc, line=line, line_end=line_end)  # a cell's stays named
        yield text, where


def _ends_clause(raw: str, at: int) -> bool:
    """A line break ends a sentence when the line before it ends in punctuation or is short (a heading)."""
    before = raw[:at].rstrip()
    line = before.rsplit("\n", 1)[-1]
    return not before or before[-1] in "。；;!！?？" or len(line) < 12


def read_section(section: Section, year: int | None, start: int = 0) -> list[Fact]:
    """The facts one section states; ``start`` is the index the first will have in the dossier."""
    heading_year = _YEAR.search(section.heading)
    base_year = int(heading_year[1]) if heading_year else year
    drafts: list[_Draft] = []
    sentences: list[tuple[str, Location | None, int, int]] = []
    last: int | None = None
    carry: dict[str, int] = {}
    for text, where in _sentences(section):
        items = tokens(text)
        if not any(t.type in ("MONEY", "PCT", "COUNT", "PP") for t in items):
            continue
        tree = phrases(items)
        if tree is None:
            continue
        own_year = _YEAR.search(text)
        walk = _Sentence(
            text,
            int(own_year[1]) if own_year else base_year,
            where,
            drafts,
            len(drafts),
            last,
            bool(sentences and _TOTAL_WORD.search(sentences[-1][0])),
            carry,
        )
        begin = len(drafts)
        for phrase in tree:
            walk.phrase(phrase)
        sentences.append((text, where, begin, len(drafts)))
        last = len(drafts) - 1 if len(drafts) > begin and drafts[-1].value is not None else None
        carry = _totals(drafts, begin, last)
    facts: list[Fact] = []
    for text, where, begin, end in sentences:
        for draft in drafts[begin:end]:
            if draft.value is None and draft.change is None and draft.ratio is None:
                continue
            facts.append(
                Fact(
                    subject=draft.subject,
                    measure=draft.measure,
                    value=draft.value,
                    period=draft.period,
                    change=draft.change,
                    change_rate=draft.change_rate,
                    against=draft.against,
                    against_value=draft.against_value,
                    ratio=draft.ratio,
                    ratio_kind="completion"
                    if draft.ratio_kind == "completion"
                    else ("share" if draft.ratio_kind else ""),
                    whole=draft.whole,
                    whole_value=draft.whole_value,
                    part_of=draft.part_of,
                    is_total=draft.is_total,
                    not_comparable=draft.not_comparable,
                    section=section.heading,
                    sentence=text,
                    loc=where,
                )
            )
    return _reindex(drafts, facts, start)


def _reindex(drafts: list[_Draft], facts: list[Fact], start: int) -> list[Fact]:
    """``part_of`` from draft indexes to dossier indexes (drafts without any figure were dropped)."""
    kept = [d for d in drafts if not (d.value is None and d.change is None and d.ratio is None)]
    position = {id(d): start + i for i, d in enumerate(kept)}
    out = []
    for draft, fact in zip(kept, facts, strict=True):
        if draft.part_of is not None:
            total = drafts[draft.part_of]
            fact = msgspec.structs.replace(fact, part_of=position.get(id(total)))
        out.append(fact)
    return out


def read_facts(sections: tuple[Section, ...], year: int | None = None) -> tuple[Fact, ...]:
    """Every fact the narrative sections state, in reading order."""
    facts: list[Fact] = []
    for section in sections:
        facts.extend(read_section(section, year, len(facts)))
    return tuple(facts)


def whole_text(file: str, lines: Sequence[Any]) -> tuple[Section, ...]:
    """The whole text as one section, for a narrative without headings (a 三公 explanation alone)."""
    kept = [line for line in lines if str(getattr(line, "text", "")).strip()]
    if not kept:
        return ()
    first, last = kept[0], kept[-1]
    text = "\n".join(str(line.text).strip() for line in kept)
    loc = Location(file=file, page=getattr(first, "page", None), line=first.line, line_end=last.line)
    return (Section(heading="", text=text, loc=loc),)


def _continues(before: tuple[int, Val], after: tuple[int, Val]) -> bool:
    """The cell ``after`` goes on the sentence ``before`` began: on the same line of a text, or in the
    same column after a cell that ends without a clause's closing punctuation."""
    (column_a, a), (column_b, b) = before, after
    same_line = (
        a.loc is not None
        and b.loc is not None
        and a.loc.line is not None
        and (a.loc.file, a.loc.line) == (b.loc.file, b.loc.line)
    )
    return same_line or (column_a == column_b and a.text.rstrip()[-1:] not in "。；;！!？?：:")


def goal_sections(evaluations: Sequence[Evaluation]) -> tuple[Section, ...]:
    """The 年度总体目标 of each evaluation table (预期目标 and 实际完成情况) as narrative: their sentences
    state figures ("本项目共完成预算资金89.97万元。其中：30万元用于…") as a report's text does. Each cell is
    read at its own location, except cells that continue a sentence (``_continues``)."""
    found: list[Section] = []
    for evaluation in evaluations:
        goal = evaluation.goal
        if goal is None:
            continue
        cells = [v for v in (*goal.expected, *goal.achieved) if v.text.strip()]
        if not cells or not any(re.search(r"\d", v.text) for v in cells):
            continue
        name = evaluation.name.text.strip() if evaluation.name is not None else evaluation.title.strip()
        heading = f"{name}·年度总体目标" if name else "年度总体目标"
        # each cell is read at its own location; a cell that shares a text line with the next (a
        # flattened table cut the sentence at its spaces) or breaks off mid-sentence in its column (no
        # closing punctuation) is read together with the next
        runs: list[list[tuple[int, Val]]] = []
        for column, cell in (
            (c, v)
            for c, values in enumerate((goal.expected, goal.achieved))
            for v in values
            if v.text.strip()
        ):
            if runs and _continues(runs[-1][-1], (column, cell)):
                runs[-1].append((column, cell))
            else:
                runs.append([(column, cell)])
        found.extend(
            Section(heading=heading, text="\n".join(v.text.strip() for _, v in run), loc=run[0][1].loc)
            for run in runs
        )
    return tuple(found)


def narrative_sections(
    file: str, lines: Sequence[Any], sections: tuple[Section, ...], paragraphs: Sequence[Any] | None = None
) -> tuple[Section, ...]:
    """The text the facts are read from: the sections, and before them the paragraphs (``paragraphs``,
    text outside tables; ``lines`` when not given) that precede the first heading (a 三公 explanation whose
    numbered paragraphs end in 。 has no heading until a short one late in the text: what comes before it
    is narrative too); the whole text when there is no heading."""
    if not sections:
        return whole_text(file, lines)
    first = sections[0].loc.line if sections[0].loc is not None else None
    if first is None:
        return sections
    source = lines if paragraphs is None else paragraphs
    before = [line for line in source if getattr(line, "line", None) is not None and line.line < first]
    return whole_text(file, before) + sections
