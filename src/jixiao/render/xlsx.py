"""Excel writer: a ``Grid`` out as an .xlsx workbook that opens cleanly in Excel, WPS and LibreOffice.

Layout
------
* **One sheet per table.** Above the table, merged across its width, the paragraphs that lead into it
  (附件 markers, the form's title, 填报单位/单位：万元 lines); below it, the notes and signature lines that
  follow it (说明/备注/注 and their continuation lines up to a heading, 单位负责人签字/填表人/填报人 lines). Paragraphs
  between two tables that are neither (a report's narrative) get a sheet of their own, one paragraph
  per row. Reading the workbook sheet by sheet therefore gives the grid's blocks in their order.
* **Sheet names** come from the table's title (the last title paragraph above it, or a title in its
  first row), else its first cell, else ``表N``; when several tables share a title (one
  项目支出绩效自评表 per project), the sheet is named by the project (the cell after 项目名称).
  Narrative sheets are named by their title or first heading. Names lose ``[]:*?/\\``,
  are cut to 31 characters and made unique with ``（2）``, ``（3）``….
* **Cells.** The grid's merges become merged ranges (placeholders under a vertical merge are covered
  cells); every table cell gets a thin border, wrapped text, vertical centring and 宋体 (East Asian
  font set explicitly, charset GB2312). Titles are 黑体-bold 16 pt, centred.
* **Numbers.** A cell whose whole text is a figure is written as a number, so SUM and checks work
  in Excel and WPS, with the number format that shows it exactly as written: ``3`` -> 3 as ``0``,
  ``993.60`` -> 993.6 as ``0.00``, ``12.345`` as ``0.000``, ``1,234.50`` as ``#,##0.00``, ``92.5%`` ->
  0.925 as ``0.0%``, ``100%`` -> 1 as ``0%``. A figure is a plain decimal without leading zeros
  (``0.5`` but not ``007``), at most 15 significant digits (12 for a percentage), not a negative
  zero. Amounts in 万元 and scores reach the writer with two decimals (``jixiao.render.figures``),
  so they get ``0.00``; a rate keeps the form's own places. Everything else is written as text,
  exactly (blank, ``—``, ``达标``, ``≥95%``, ``993.6万元``, ``2023-12-31``), so the round trip gives
  back every cell's text: the reader renders a number by its format.
* **Excel's limits.** A cell holds at most 32,767 characters: a longer paragraph is cut into several
  rows at line breaks (read back as several paragraphs, the one case where the grid changes); a
  longer table cell is a ``ValueError`` naming the cell. Rows are at most 409 points tall.
* **Text escapes.** Control characters (which XML cannot hold) are written as Excel's ``_xHHHH_``
  escapes and a literal ``_xHHHH_`` is protected as ``_x005F_xHHHH_``, as Excel does; a leading ``=`` is
  written as text, never a formula.
* **Widths and print.** Column widths from ``GridTable.widths`` (relative) when given, else from the
  longest unmerged cell of each column (CJK characters count double), 6-40 characters; row heights
  grow with wrapped text. A4, fit to one page wide, landscape when the table is wider than a portrait
  page, print titles = the table's ``header_rows`` (after the title rows), print area = the sheet's used
  range.

The write is atomic when ``out`` is a path: the workbook is saved to a temporary file beside it and
moved into place, so a failure leaves any previous file untouched.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import msgspec
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from jixiao.files import atomic_write
from jixiao.model.grid import Grid, GridCell, GridTable, Paragraph

FONT = "宋体"
TITLE_FONT = "黑体"
_GB2312 = 134
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CELL_FONT = Font(name=FONT, size=11, charset=_GB2312)
_TITLE = Font(name=TITLE_FONT, size=16, bold=True, charset=_GB2312)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
_LEFT = Alignment(wrap_text=True, vertical="center", horizontal="left")
# a figure: optional minus, an integer without leading zeros (thousands grouped or not), decimals, %
_FIGURE = re.compile(
    r"-?(?P<int>0|[1-9][0-9]*|[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\.(?P<frac>[0-9]+))?(?P<pct>%)?"
)
_NUMBER_DIGITS = 15  # what a double and Excel keep exactly
_PERCENT_DIGITS = 12  # divided by 100 on the way in, multiplied back by the reader
_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_SHEET_NAME_MAX = 31
EXCEL_CELL_CHARS = 32_767  # Excel's limit; longer text makes Excel "repair" the file
MAX_ROW_HEIGHT = 409  # points, Excel's tallest row
_PORTRAIT_CHARS = 120  # what fits across A4 portrait at 11 pt, fitted to width at about 85%
_DEFAULT_WIDTH_CHARS = 100.0

_TITLE_TEXT = re.compile(r"^[^，。；]{2,60}(表|清单|报告)\s*(（[^）]*）|\([^)]*\))?$")
_LEAD_IN = (
    re.compile(r"^\s*附件"),
    _TITLE_TEXT,
    re.compile(r"^\s*(填报单位|部门\s*[(（]\s*单位\s*[)）]\s*名称|单位名称|项目名称|预算单位)\s*[：:]"),
    re.compile(r"(^|\s)单位\s*[：:]\s*(万?元)\s*$"),
    re.compile(r"^\s*[（(]\s*20\d{2}\s*年度?\s*[)）]\s*$"),
)
_PROJECT_LABELS = frozenset({"项目名称", "项目支出名称", "专项名称"})
_NOTE_WITH_LINES = re.compile(r"^\s*(说明|备注|注|填表说明)")  # may continue on the lines below
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)])")
_NOTE = re.compile(
    r"^\s*(说明|备注|注|填表说明)\s*\d*\s*[：:]|^\s*(单位负责人|填表人|填报人|联系电话|填报日期|审核人)"
)


@dataclass
class _Sheet:
    name: str
    above: list[Paragraph] = field(default_factory=list)
    table: GridTable | None = None
    below: list[Paragraph] = field(default_factory=list)


def write_xlsx(grid: Grid, out: Path | BinaryIO) -> None:
    """Write ``grid`` as an .xlsx workbook to a path (atomically) or a binary stream."""
    workbook = build_workbook(grid)
    if isinstance(out, Path):
        buffer = io.BytesIO()
        workbook.save(buffer)
        atomic_write(out, buffer.getvalue())
    else:
        workbook.save(out)


def build_workbook(grid: Grid) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    names: set[str] = set()
    sheets = plan_sheets(grid)
    repeated = Counter(_sheet_name(plan.name) for plan in sheets)
    for plan in sheets:
        name = _sheet_name(plan.name)
        project = _project_name(plan.table) if plan.table is not None else ""
        if repeated[name] > 1 and project:
            name = _sheet_name(project)  # one 项目支出绩效自评表 per project: the tab names the project
        sheet = workbook.create_sheet(_unique(name, names))
        _fill(sheet, plan)
    if not sheets:
        workbook.create_sheet("Sheet1")
    return workbook


# --- which blocks go on which sheet -------------------------------------------------------------


def plan_sheets(grid: Grid) -> list[_Sheet]:
    """The sheets of the workbook, in order, each with its paragraphs and at most one table."""
    sheets: list[_Sheet] = []
    pending: list[Paragraph] = []
    previous: _Sheet | None = None
    for block in grid.blocks:
        if isinstance(block, Paragraph):
            pending.append(block)
            continue
        below, middle, above = _split_between(pending, previous is not None)
        if previous is not None:
            previous.below = below
        if middle:
            sheets.append(_Sheet(name=_narrative_name(middle), above=middle))
        sheet = _Sheet(name=_table_name(above, block), above=above, table=block)
        sheets.append(sheet)
        previous = sheet
        pending = []
    if pending:
        below, middle, _ = _split_between(pending, previous is not None, last=True)
        if previous is not None:
            previous.below = below
        if middle:
            sheets.append(_Sheet(name=_narrative_name(middle), above=middle))
    return sheets


def _split_between(
    paragraphs: list[Paragraph], after_table: bool, last: bool = False
) -> tuple[list[Paragraph], list[Paragraph], list[Paragraph]]:
    """Paragraphs between two tables: (notes of the table before, narrative, lead-in of the table after)."""
    start = 0
    if after_table:
        in_note = False
        while start < len(paragraphs):
            text = paragraphs[start].text
            if _NOTE.search(text):
                in_note = bool(_NOTE_WITH_LINES.match(text))
            elif not (in_note and _continues_note(text)):
                break
            start += 1
    end = len(paragraphs)
    if not last:
        while end > start and _is_lead_in(paragraphs[end - 1].text):
            end -= 1
    return paragraphs[:start], paragraphs[start:end], paragraphs[end:]


def _continues_note(text: str) -> bool:
    """A line under 备注/说明: its numbered items, or a short wrapped line; never a heading or a title."""
    if _is_lead_in(text) or _HEADING.match(text):
        return False
    return bool(re.match(r"^\s*\d+\s*[、.．]", text)) or len(text) <= 80


def _is_lead_in(text: str) -> bool:
    return any(p.search(text.strip()) for p in _LEAD_IN)


def _table_name(above: list[Paragraph], table: GridTable) -> str:
    first = table.rows[0] if table.rows else ()
    if len(first) == 1 and _TITLE_TEXT.search(first[0].text.strip()):
        return first[0].text  # the form's title is the table's own first row
    for paragraph in reversed(above):
        if _TITLE_TEXT.search(paragraph.text.strip()):
            return paragraph.text
    label = next((c.text.strip().split("\n")[0] for row in table.rows for c in row if c.text.strip()), "")
    return label if 0 < len(label) <= _SHEET_NAME_MAX else f"表{table.index}"


def _project_name(table: GridTable) -> str:
    """The project a 项目支出绩效自评表 is about: the first cell after its 项目名称 label (and after
    a sub-label such as 专项名称) in the first rows."""
    for row in table.rows[:4]:
        labels = [re.sub(r"\s+", "", c.text) for c in row]
        for i, label in enumerate(labels):
            if label not in _PROJECT_LABELS:
                continue
            for value, text in zip(labels[i + 1 :], row[i + 1 :], strict=True):
                if value and not value.endswith("名称"):
                    return text.text.strip().split("\n")[0]
    return ""


def _narrative_name(paragraphs: list[Paragraph]) -> str:
    texts = [p.text.strip() for p in paragraphs[:12]]
    for text in texts:
        if _TITLE_TEXT.search(text):
            return text
    for text in texts:
        if text and not re.match(r"^\s*附件", text) and len(text) <= 60:
            return text
    return "文字说明"


def _sheet_name(text: str) -> str:
    name = _BAD_SHEET_CHARS.sub("", re.sub(r"\s+", "", text))
    name = re.sub(r"^(附件[\d\-－—]*[：:]?|\d+[、.．])", "", name).strip("'")
    return name[:_SHEET_NAME_MAX] or "表"


def _unique(name: str, taken: set[str]) -> str:
    candidate = name
    n = 2
    while candidate.lower() in taken or candidate.lower() == "history":
        suffix = f"（{n}）"
        candidate = name[: _SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


# --- one sheet ------------------------------------------------------------------------------------


def _fill(sheet: Worksheet, plan: _Sheet) -> None:
    table = plan.table
    width = _table_width(table) if table is not None else 1
    widths = _column_widths(table, width) if table is not None else [_DEFAULT_WIDTH_CHARS]
    total_chars = sum(widths)
    for c, chars in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = round(chars, 2)
    row = 1
    for paragraph in _fitting(plan.above):
        _paragraph(sheet, row, paragraph, width, total_chars, table is not None)
        row += 1
    first_table_row = row
    if table is not None:
        row = _table(sheet, row, table, widths)
    table_end = row - 1
    for paragraph in _fitting(plan.below):
        _paragraph(sheet, row, paragraph, width, total_chars, False)
        row += 1
    _print_setup(sheet, table, first_table_row, table_end, max(row - 1, 1), width, total_chars)


def _fitting(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """Paragraphs cut to Excel's 32,767 characters a cell, at the last line break that fits."""
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        text = paragraph.text
        while len(_escaped(text)) > EXCEL_CELL_CHARS:
            cut = text.rfind("\n", 0, EXCEL_CELL_CHARS)
            cut = cut if cut > 0 else EXCEL_CELL_CHARS
            while len(_escaped(text[:cut])) > EXCEL_CELL_CHARS:  # escapes take up to 7 characters each
                cut //= 2
            out.append(msgspec.structs.replace(paragraph, text=text[:cut]))
            text = text[cut + 1 :] if text[cut : cut + 1] == "\n" else text[cut:]
        out.append(msgspec.structs.replace(paragraph, text=text))
    return out


def _paragraph(
    sheet: Worksheet, row: int, paragraph: Paragraph, width: int, chars: float, lead: bool
) -> None:
    cell = sheet.cell(row=row, column=1)
    _set_text(cell, paragraph.text)
    title = paragraph.style == "title" or (lead and bool(_TITLE_TEXT.search(paragraph.text.strip())))
    cell.font = _TITLE if title else _CELL_FONT
    cell.alignment = _CENTRE if title else _LEFT
    if width > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    lines = _lines(paragraph.text, chars * (0.55 if title else 1.0))
    sheet.row_dimensions[row].height = min((24 if title else 15) * lines, MAX_ROW_HEIGHT)


def _table_width(table: GridTable) -> int:
    return max((sum(c.colspan for c in row) for row in table.rows), default=1) or 1


def _table(sheet: Worksheet, top: int, table: GridTable, widths: Sequence[float]) -> int:
    """Write the table from row ``top``; return the row after it."""
    covered: dict[tuple[int, int], int] = {}  # (row, col) under a vertical merge -> rows left
    heights: dict[int, int] = {}
    width = len(widths)
    for r, cells in enumerate(table.rows):
        row = top + r
        col = 1
        for cell in cells:
            if (row, col) in covered:
                if cell.text:
                    raise ValueError(
                        f"表{table.index} 第{r + 1}行第{col}列：纵向合并覆盖的单元格应为空（grid 约定），却有“{cell.text[:20]}”"
                    )
                col += cell.colspan
                continue
            last_row = min(row + cell.rowspan - 1, top + len(table.rows) - 1)
            last_col = min(col + cell.colspan - 1, width)
            target = sheet.cell(row=row, column=col)
            _set_value(target, cell)
            for rr in range(row, last_row + 1):
                for cc in range(col, last_col + 1):
                    if rr > row:
                        covered[(rr, cc)] = 1
                    sheet.cell(row=rr, column=cc).border = _BORDER
            target.font = _CELL_FONT
            target.alignment = _WRAP
            if last_row > row or last_col > col:
                sheet.merge_cells(start_row=row, start_column=col, end_row=last_row, end_column=last_col)
            span_chars = sum(widths[col - 1 : last_col]) or 8.0
            need = math.ceil(_lines(cell.text, span_chars) / (last_row - row + 1))
            heights[row] = max(heights.get(row, 1), need)
            col = last_col + 1
    for row, lines in heights.items():
        sheet.row_dimensions[row].height = min(max(15 * lines, 18), MAX_ROW_HEIGHT)
    return top + len(table.rows)


def number_cell(text: str) -> tuple[int | float, str] | None:
    """The number and number format a cell's text is written with, or None to write it as text."""
    match = _FIGURE.fullmatch(text)
    if match is None:
        return None
    whole, fraction, percent = match["int"], match["frac"] or "", match["pct"]
    digits = (whole.replace(",", "") + fraction).lstrip("0") or "0"
    if len(digits) > (_PERCENT_DIGITS if percent else _NUMBER_DIGITS) or len(fraction) > _NUMBER_DIGITS:
        return None
    value = Decimal(text.rstrip("%").replace(",", ""))
    if value == 0 and text.startswith("-"):
        return None  # -0 would read back as 0
    places = "." + "0" * len(fraction) if fraction else ""
    code = ("#,##0" if "," in whole else "0") + places + ("%" if percent else "")
    if percent:
        value = value.scaleb(-2)
    if value == value.to_integral_value() and not percent:
        return int(value), code
    return float(value), code


def _set_value(target: Any, cell: GridCell) -> None:
    found = number_cell(cell.text)
    if found is None:
        _set_text(target, cell.text)
        return
    target.value, target.number_format = found


def _escaped(text: str) -> str:
    return _ESCAPE.sub(lambda m: "_x005F_" if m.group(0) == "_" else f"_x{ord(m.group(0)):04X}_", text)


def _set_text(target: Any, text: str) -> None:
    if not text:
        return
    escaped = _escaped(text)
    if len(escaped) > EXCEL_CELL_CHARS:
        raise ValueError(
            f"单元格 {target.coordinate} 的文字有 {len(escaped)} 个字符，超过 Excel 单元格上限 {EXCEL_CELL_CHARS}"
        )
    target.value = escaped
    target.data_type = "s"  # never a formula, even when it starts with "="


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _lines(text: str, chars: float) -> int:
    per_line = max(chars - 1, 1.0)
    return sum(max(1, math.ceil(_display_width(part) / per_line)) for part in text.split("\n")) if text else 1


def _column_widths(table: GridTable, width: int) -> list[float]:
    if len(table.widths) == width and all(w > 0 for w in table.widths):
        total = sum(table.widths)
        chars = max(60.0, min(150.0, 14.0 * width))  # about what the column count needs on paper
        return [max(4.0, chars * w / total) for w in table.widths]
    widest = [6.0] * width
    for row in table.rows:
        col = 0
        for cell in row:
            if cell.colspan == 1 and col < width:
                longest = max((_display_width(p) for p in cell.text.split("\n")), default=0)
                widest[col] = max(widest[col], min(40.0, longest + 2.0))
            col += cell.colspan
    return widest


def _print_setup(
    sheet: Worksheet,
    table: GridTable | None,
    table_top: int,
    table_end: int,
    last_row: int,
    width: int,
    chars: float,
) -> None:
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if chars > _PORTRAIT_CHARS else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.print_area = f"A1:{get_column_letter(width)}{last_row}"
    if table is not None and 0 < table.header_rows <= table_end - table_top + 1:
        sheet.print_title_rows = f"{table_top}:{table_top + table.header_rows - 1}"
