"""Which layout a text is written in (``detect_layout``): Word's text export, tab, pipe, one cell per
line, flat (a row's cells on one line separated by spaces), run-on, PDF text or prose.

PDF or spreadsheet text flattened onto a few long lines (a line of many cells holding a budget header
run) is read as the flat layout (``_flattened``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.ingest.textlayout.runon import _runon_header
from jixiao.ingest.textlayout.tokens import _SPLIT_SPACES, Layout, _is_number, _Vocabulary
from jixiao.model.cells import clean

_PAGE_MARK = re.compile(r"^\s*(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–]\s*\d{1,3}\s*[-—–])\s*$")
# a page's number between dashes inside a flattened line: ``-1-`` written tight, or ``— 1 —`` with the
# spaces the official documents' footer puts inside its long dashes (a hyphen with spaces is a range)
_INLINE_PAGE_MARK = re.compile(r"(^|\s)([-—–]\d{1,3}[-—–]|[—–]\s\d{1,3}\s[—–])(\s|$)")
_DISTINCTIVE = ("年初预算", "全年预算", "调整后预算", "一级指标", "三级指标", "年度资金总额", "年度指标值")


def _is_word_export(lines: Sequence[str]) -> bool:
    """Word's export: a tab before every cell, one cell a line; a line with tabs inside is the tab
    layout's row, and when those are as many, the text is in the tab layout."""
    leading = sum(1 for ln in lines if ln.startswith("\t"))
    inner = sum(1 for ln in lines if "\t" in ln.strip("\r\n").lstrip("\t").rstrip("\t").strip())
    return bool(lines) and leading >= max(3, len(lines) // 50) and inner < max(3, leading // 2)


def detect_layout(text: str) -> Layout:
    """How the text lays its tables out: ``word`` (Word's text export), ``pipe``, ``tab``, ``cells``,
    ``flat``, ``pdf`` (PDF text, columns in reading order) or ``prose`` (no table found)."""
    lines = text.splitlines()
    if _is_word_export(lines):
        return "word"
    body = [ln for ln in lines if ln.strip()]
    if not body:
        return "prose"
    piped = sum(1 for ln in body if ln.rstrip().endswith("|") or ln.lstrip().startswith("|"))
    if piped >= 5 and piped >= 0.3 * len(body):
        return "pipe"
    tabbed = sum(1 for ln in body if "\t" in ln.strip())
    if tabbed >= 3 and tabbed >= 0.1 * len(body):
        return "tab"
    alone = {clean(ln).rstrip("：:") for ln in body}
    header_alone = {k for k in alone if _Vocabulary.word(k)}
    if len(header_alone) >= 4 and any(k.startswith(_DISTINCTIVE) for k in header_alone):
        return "cells"
    if any(_runon_header(ln) for ln in body):
        return "runon"
    joined = "\n".join(body)
    if any(_PAGE_MARK.match(ln) for ln in body) or _INLINE_PAGE_MARK.search(joined):
        return "pdf" if any(w in joined for w in _DISTINCTIVE) else "prose"
    if _flat_evidence(body) >= 1:
        return "flat"
    vocab = sum(1 for w in _DISTINCTIVE if w in joined)
    return "pdf" if vocab >= 2 else "prose"


def _flat_evidence(lines: Sequence[str]) -> int:
    """Lines that hold a header run (three header words in a row) or a budget row label followed by
    numbers: a row written on one line."""
    found = 0
    for line in lines:
        keys = [clean(p).rstrip("：:") for p in _SPLIT_SPACES.split(line.strip()) if p]
        for i, key in enumerate(keys):
            opens = _Vocabulary.budget_head(key) and key.startswith(_DISTINCTIVE)
            if opens and sum(_Vocabulary.word(k) for k in keys[i : i + 4]) >= 3:
                found += 1
                break
            labelled = _Vocabulary.budget_row.match(key) and len(keys) > i + 2
            if labelled and _is_number(keys[i + 1]) and _is_number(keys[i + 2]):
                found += 1
                break
    return found


_FLATTENED_CELLS = 40  # a line of at least this many cells holds a whole table, not a row


def _flattened(lines: Sequence[str]) -> bool:
    """PDF or spreadsheet text flattened onto a few long lines, cells separated by spaces in reading
    order: a line of many cells that holds a budget header run (the national form's ``年初预算数 …``, or
    the Hubei-style 项目自评表's lettered ``预算数 (A) 执行数(B) 执行率(B/A) 得分``). Read as the flat layout,
    its rows recovered from the structure (a page mark ``-1-`` inside such a line marks no row)."""
    return any(
        len(_SPLIT_SPACES.split(line.strip())) >= _FLATTENED_CELLS
        and (_flat_evidence([line]) >= 1 or _qualified_header_run(line))
        for line in lines
    )


_LETTER = re.compile(r"[（(]\s*[A-Z](\s*/\s*[A-Z])?\s*[)）]$")


def _qualified_header_run(line: str) -> bool:
    """A budget header run written with the letters the Hubei-style forms give its columns (``预算数
    (A) 执行数(B) 执行率(B/A) 得分``): an amount column's word carrying its letter (cut off by a space or
    not), then two more budget header words among the next pieces, and a figure after them. The
    letters make it a header, not prose that names a budget."""
    pieces = [clean(p).rstrip("：:") for p in _SPLIT_SPACES.split(line.strip()) if p]
    keys: list[str] = []
    for piece in pieces:
        if keys and _LETTER.fullmatch(piece):
            keys[-1] += piece  # the letter the space cut off its word
        else:
            keys.append(piece)
    for i, key in enumerate(keys):
        if not (_Vocabulary.budget_head(key) and _LETTER.search(key)):
            continue
        run = keys[i + 1 : i + 6]
        if sum(_Vocabulary.budget_any(k) for k in run) >= 2 and any(
            _is_number(k) for k in keys[i + 3 : i + 10]
        ):
            return True
    return False
