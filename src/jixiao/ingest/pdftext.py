"""Reader for text converted from PDF: one paragraph per non-blank line, with its page as detected.

The converter (seed 004) writes the page's text lines one after another, broken at the page width,
with a blank line between most lines; table cells are flattened into lines. It keeps no form feed, so
page starts are inferred from two traces it does leave:

* A line that begins with exactly one space followed by text starts a new page (the converter
  indents the first line of most pages by one space; indented body text uses several spaces).
  Two exceptions: a line holding only punctuation (`` 。``) is a wrapped remnant of the line before,
  and a marked line right after another page start (no other text between) continues that page.
* A run of two or more blank lines (the ordinary separator is one) ends a page; the next line starts
  the next one, unless it is a bare number: that is the printed page number (footer) of the page that
  ends, and the page after it starts with the line that follows.

A form feed, where a converter writes one, starts a page too (and is dropped from the text).

Some page starts carry neither trace, so ``page`` counts the pages *detected*: it grows through the
document but can lag behind the printed numbers (seed 004 prints 10, 21, 32, 55 on pages detected as
7, 20, 29, 49). Lines are counted at ``\n`` only, as an editor counts them, and keep their leading
spaces (``text`` is right-stripped only).
"""

from __future__ import annotations

import re

from jixiao.model.grid import Block, Grid, Paragraph

# A page's first line: one leading space, then text.
_PAGE_MARK = re.compile(r"^ \S")
# A line holding only punctuation: the tail of the line before, not a page start.
_PUNCTUATION_ONLY = re.compile(r"^[\s。，、；：！？）》」』”’.,;:!?)]+$")
# A printed page number standing alone on its line.
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
# Blank lines in a row that mark a page break (the ordinary line separator is a single blank line).
_PAGE_GAP = 2


def _is_page_mark(line: str) -> bool:
    return bool(_PAGE_MARK.match(line)) and not _PUNCTUATION_ONLY.match(line)


def read_pdf_text(text: str, file: str) -> Grid:
    """Read PDF-converted text into a grid of paragraphs: one per non-blank line, 1-based line numbers."""
    blocks: list[Block] = []
    page = 1
    blanks = 0
    break_pending = False  # a page ended (blank run, then its footer number); the next line starts one
    last_was_page_start = True  # the first line opens page 1
    for number, raw in enumerate(text.split("\n"), start=1):
        feed = "\f" in raw
        line = raw.replace("\f", "").rstrip()
        if feed and blocks:
            break_pending, last_was_page_start = True, False
        if not line.strip():
            blanks += 1
            continue
        gap, blanks = blanks >= _PAGE_GAP, 0
        if gap and _PAGE_NUMBER.match(line):
            blocks.append(Paragraph(text=line, line=number, page=page))
            break_pending = True
            continue
        starts_page = (gap or break_pending or _is_page_mark(line)) and not last_was_page_start
        break_pending = False
        if starts_page:
            page += 1
        last_was_page_start = starts_page or not blocks
        blocks.append(Paragraph(text=line, line=number, page=page))
    return Grid(file=file, blocks=tuple(blocks))
