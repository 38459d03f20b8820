"""Narrative text: sections with headings, stated figures (facts), the report date, flattened tables."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jixiao.model.cells import clean, money
from jixiao.model.dossier import FigureRow, FigureTable, Section, Val
from jixiao.model.numbers import parse_decimal
from jixiao.model.source import Location


@dataclass(frozen=True)
class TextLine:
    text: str
    line: int | None
    page: int | None = None


# Headings: 一、… / （一）… / (1)… / 1、… ; short, and not a sentence.
_HEADING = (
    (1, re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*\S")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[)）]\s*\S")),
    (1, re.compile(r"^\d{1,2}\s*[、]\s*\S")),
    (3, re.compile(r"^[（(]\d{1,2}[)）]\s*\S")),
)
_MAX_HEADING = 30


def heading_level(text: str) -> int | None:
    stripped = text.strip()
    if (
        len(stripped) > _MAX_HEADING
        or stripped.endswith(("。", "；", ";", "，", "表"))
        or "。" in stripped[:-1]
    ):
        return None
    for level, pattern in _HEADING:
        if pattern.match(stripped):
            return level
    return None


def split_sections(file: str, lines: Sequence[TextLine]) -> tuple[Section, ...]:
    """Cut the narrative at its headings; text before the first heading is not a section."""
    sections: list[Section] = []
    heading: TextLine | None = None
    level = 1
    body: list[TextLine] = []

    def close() -> None:
        if heading is None:
            return
        last = body[-1].line if body else heading.line
        sections.append(
            Section(
                heading=heading.text.strip(),
                text="\n".join(b.text.strip() for b in body),
                level=level,
                loc=Location(file=file, line=heading.line, line_end=last, page=heading.page),
            )
        )

    for item in lines:
        found = heading_level(item.text)
        if found is not None:
            close()
            heading, level, body = item, found, []
        elif heading is not None:
            body.append(item)
    close()
    return tuple(sections)


# ---------------------------------------------------------------- facts stated in sentences

_AMOUNT = r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元|亿元)"


@dataclass(frozen=True)
class FactPattern:
    name: str
    sentence: tuple[str, ...]  # words the sentence must contain
    pattern: re.Pattern[str]


FACT_PATTERNS = (
    FactPattern("三公经费决算数", ("三公",), re.compile(r"(?:本年)?实际支出\s*" + _AMOUNT)),
    FactPattern("三公经费预算数", ("三公",), re.compile(r"(?:年初)?预算(?:数)?为\s*" + _AMOUNT)),
    FactPattern("编制数", (), re.compile(r"人员编制\s*(?P<num>\d+)\s*(?P<unit>名|人)")),
    FactPattern("在职人数", (), re.compile(r"实有在编人员\s*(?P<num>\d+)\s*(?P<unit>名|人)")),
)


def sentence_facts(file: str, lines: Iterable[TextLine]) -> list[tuple[str, Val]]:
    """Figures a narrative states in recognisable sentences, each with its line."""
    found: list[tuple[str, Val]] = []
    seen: set[str] = set()
    for item in lines:
        for sentence in re.split(r"[。；]", item.text):
            for fact in FACT_PATTERNS:
                if fact.name in seen or not all(word in sentence for word in fact.sentence):
                    continue
                match = fact.pattern.search(sentence)
                if not match:
                    continue
                loc = Location(file=file, line=item.line, page=item.page)
                unit = match["unit"]
                if unit in ("名", "人"):
                    value = Val(text=match.group(0), num=parse_decimal(match["num"]), unit="人", loc=loc)
                else:
                    converted = money(match["num"] + unit, loc)
                    value = Val(
                        text=match.group(0),
                        num=converted.num,
                        unit="万元",
                        orig_unit=converted.orig_unit,
                        loc=loc,
                    )
                found.append((fact.name, value))
                seen.add(fact.name)
    return found


_DATE = re.compile(r"(?P<y>20\d{2})\s*[年.．/-]\s*(?P<m>\d{1,2})\s*[月.．/-]\s*(?P<d>\d{1,2})\s*日?")


def find_date(text: str) -> tuple[int, int, int] | None:
    match = _DATE.search(text)
    if not match:
        return None
    return int(match["y"]), int(match["m"]), int(match["d"])


# ---------------------------------------------------------------- flattened tables in text


def flattened_table(
    file: str,
    lines: Sequence[TextLine],
    title_word: str,
    columns: tuple[str, ...],
    header: tuple[str, ...] = (),
) -> FigureTable | None:
    """A table whose cells became one line each: a label line followed by its figures.

    Figures are placed from the right (the last figure in the last column), which is how such tables
    are filled: a line with one figure gives only its 实际 column.
    """
    start = next((i for i, ln in enumerate(lines) if title_word in ln.text), None)
    if start is None:
        return None
    header_end = start
    for i in range(start, min(start + 12, len(lines))):
        if clean(lines[i].text) in columns or clean(lines[i].text) in header:
            header_end = i
    rows: list[FigureRow] = []
    label: TextLine | None = None
    figures: list[TextLine] = []

    def close() -> None:
        if label is None:
            return
        placed: list[Val | None] = [None] * len(columns)
        for offset, fig in enumerate(reversed(figures[: len(columns)])):
            placed[len(columns) - 1 - offset] = money(
                fig.text, Location(file=file, line=fig.line, page=fig.page)
            )
        name = clean(label.text)
        rows.append(
            FigureRow(
                label=name,
                values=tuple(placed),
                level=1 if name.startswith("其中") else 0,
                is_total="合计" in name,
                loc=Location(file=file, line=label.line, line_end=figures[-1].line if figures else None),
            )
        )

    for item in lines[header_end + 1 :]:
        text = clean(item.text)
        if parse_decimal(text) is not None:
            figures.append(item)
            continue
        if len(text) > 16 or not text:
            break
        close()
        label, figures = item, []
    close()
    if not rows:
        return None
    return FigureTable(
        kind="overall_budget",
        title=clean(lines[start].text),
        columns=columns,
        rows=tuple(rows),
        loc=Location(file=file, line=lines[start].line, line_end=rows[-1].loc.line if rows[-1].loc else None),
    )
