"""Excel reader: a workbook (.xlsx, or .xls) into the common ``Grid``, every visible sheet in order.

For .xlsx, values and merged ranges come from python-calamine, and a light pass over each sheet's XML
adds what calamine does not give: the cell styles, for two things --

* **Number formats.** calamine returns values (``0.925``, ``2.0``); a user sees ``92.50%`` and ``2``.
  A number is rendered as its format shows it (see ``render_number``): decimals, ``%``, thousands
  separators and literal text such as ``"万元"``; the General format shows up to 15 significant digits
  without a trailing ``.0``. Numbers stored as text are kept exactly as written. Formulas give their
  cached values (a formula never calculated gives an empty cell). Dates read as the sheet shows them:
  ``2023年5月30日`` when the format writes 年, else ``2023-05-30`` (with ``HH:MM`` when it has a time).
* **Borders**, which tell a table from the text around it (below).

A .xls (Excel 97-2003, also when WPS saved it under an .xlsx name) is read with xlrd, whose XF records
give the same number formats and borders. calamine's .xls reader is not used: a damaged DIMENSIONS
record makes it ask for terabytes and abort the whole process (a Rust allocation failure no ``except``
can catch; ``test_xls_with_a_lying_dimensions_record_is_read`` holds such a file).

How a sheet becomes blocks
--------------------------
People's sheets put a title in a merged row across the table, a ``填报单位：…  单位：万元`` line, the
bordered table, then notes and a signature line. Each row of the sheet is classed:

* **With borders** (some cell of the sheet has one): a row holding a bordered cell -- or covered by a
  bordered merged range -- is a *table row*, even when all its cells are empty; any other row with
  text is a *text row*; an empty row without borders is a *gap*.
* **Without borders** (a sheet drawn without any): a row with two or more non-empty cells
  is a table row; a row with one non-empty cell is a table row only inside a run of table rows (a
  merged 年度总体目标 row), and a text row at the top or bottom of the run (the title, the notes); a
  row covered by a vertical merge of a table row is a table row too.

A run of consecutive table rows is a ``GridTable`` spanning the columns its rows use; each text row
is a ``Paragraph`` (its non-empty cells joined by two spaces); gaps end tables and give nothing.
Merged ranges follow the grid convention (``jixiao.model.grid``): the top-left cell carries
``rowspan``/``colspan``, covered columns give no cell, rows under a vertical merge hold an empty
placeholder of the same ``colspan``. A range reaching outside its table is clipped to it.

Tables are numbered across the workbook in reading order (sheet by sheet), so ``Location.table``
names the n-th table of the file; ``read_workbook`` also gives the sheet of each table, and
``with_sheets`` puts it into the dossier's locations (``Location.sheet``), with each cell's Excel
address (``GridCell.ref`` -> ``Location.cell``, a merge's top-left), so a finding reads
``file:sheet:表N:行R:列C:H30``. Hidden sheets,
chart sheets and macro sheets are skipped: they are not what the user sees.

Bad input is an ``IngestError`` naming the file (and the sheet where known): a damaged package
(``xlsx_damaged``/``xls_damaged``), a password (``xlsx_encrypted``/``xls_encrypted``; an encrypted
.xlsx arrives as an OLE file and is reported by the loader), a zip bomb or too
many members (``archive_too_large``), a sheet over ``Limits.max_table_cells`` cells
(``sheet_too_large``, checked before the sheet is loaded), a workbook without visible content
(``workbook_empty``), and a read running over ``Limits.max_seconds`` (``ingest_timeout``).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import Any, TypeVar
from xml.etree import ElementTree

import msgspec
import python_calamine as pc
import xlrd  # type: ignore[import-untyped]

from jixiao.ingest.errors import IngestError
from jixiao.ingest.limits import (
    DEFAULT_LIMITS,
    Deadline,
    LimitExceeded,
    Limits,
    check_zip,
    read_member,
)
from jixiao.model.grid import Block, Grid, GridCell, GridTable, Paragraph
from jixiao.model.source import Location

Value = int | float | str | bool | dt.time | dt.date | dt.datetime | dt.timedelta
Source = str | Path | bytes
T = TypeVar("T")

# A cell's reference and style index; Excel, WPS, LibreOffice and openpyxl all write ``r`` first. Any
# letters and digits: a damaged reference (row 999999996) must count in the extent check.
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s+r=\"([A-Za-z]+)([0-9]+)\"(?:[^>]*?\ss=\"([0-9]{1,6})\")?")
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\s[^>]*?\br=\"([0-9]+)\"")
# What reading a damaged member raises: bad headers, bad deflate data, unknown compression, a cut-off stream.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    ValueError,
    EOFError,
    NotImplementedError,
    RuntimeError,
)
_UNIQUE_COUNT = re.compile(rb"\suniqueCount\s*=\s*[\"']([0-9]{1,20})[\"']")
_WORKSHEET_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?worksheet>\s*$")
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_BUILTIN_FORMATS = {
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    48: "##0.0E+0",
}
# Built-in ids whose format writes 年 in a Chinese locale (the dates calamine already recognises).
_CJK_DATE_IDS = frozenset({27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58})


@dataclass(frozen=True)
class _Styles:
    """Per cell style (``xf``) index: its number format code (None for General) and whether it has a border."""

    formats: tuple[str | None, ...] = ()
    bordered: tuple[bool, ...] = ()


@dataclass
class _SheetStyle:
    """Bordered cells and number formats of one sheet (both empty for .xls: no borders, General numbers)."""

    bordered: set[tuple[int, int]] = field(default_factory=set)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Sheet:
    name: str
    rows: list[list[Value]]
    merges: list[tuple[int, int, int, int]]  # 0-based inclusive r0, c0, r1, c1
    style: _SheetStyle


@dataclass
class WorkbookGrid:
    """A workbook read into a grid, with the sheet each table came from (``sheets[i]`` for table i+1)."""

    grid: Grid
    sheets: list[str]


def with_sheets(value: T, sheets: Sequence[str], grid: Grid | None = None) -> T:
    """``value`` (a dossier, or any part of one) with each table location naming its sheet, and --
    given the workbook's ``grid`` -- each cell location its Excel address (``Location.cell``).

    The grid numbers tables across the workbook; ``sheets[n - 1]`` is the sheet of table n
    (``WorkbookGrid.sheets``); the address is the ``ref`` of the grid cell at the location's table, row
    and column. Done here, after recognition, so every recogniser's locations get it alike. Parts
    without such a location are returned as they are.
    """
    refs: dict[tuple[int, int, int], str] = {}
    for table in grid.tables if grid is not None else ():
        for r, row in enumerate(table.rows, 1):
            for c, cell in enumerate(row, 1):
                if cell.ref is not None:
                    refs[(table.index, r, c)] = cell.ref
    return _placed(value, sheets, refs)


def _placed(value: T, sheets: Sequence[str], refs: dict[tuple[int, int, int], str]) -> T:
    if isinstance(value, Location):
        table = value.table
        changes: dict[str, str] = {}
        if table is not None and 0 < table <= len(sheets) and value.sheet is None:
            changes["sheet"] = sheets[table - 1]
        if table is not None and value.row is not None and value.col is not None and value.cell is None:
            ref = refs.get((table, value.row, value.col))
            if ref is not None:
                changes["cell"] = ref
        return msgspec.structs.replace(value, **changes) if changes else value
    if isinstance(value, msgspec.Struct):
        fields = {}
        for name in value.__struct_fields__:
            old = getattr(value, name)
            new = _placed(old, sheets, refs)
            if new is not old:
                fields[name] = new
        return msgspec.structs.replace(value, **fields) if fields else value
    if isinstance(value, tuple):
        items = tuple(_placed(item, sheets, refs) for item in value)
        changed = any(new is not old for new, old in zip(items, value, strict=True))
        return items if changed else value  # type: ignore[return-value]
    return value


def read_xlsx(source: Source, file: str, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """Read an .xlsx workbook (Excel or WPS) into a grid of paragraphs and tables."""
    return read_workbook(source, file, "xlsx", limits).grid


def read_xls(source: Source, file: str, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """Read an Excel 97-2003 .xls workbook (also when saved under an .xlsx name) into a grid."""
    return read_workbook(source, file, "xls", limits).grid


def read_workbook(source: Source, file: str, kind: str, limits: Limits = DEFAULT_LIMITS) -> WorkbookGrid:
    """Read a workbook of ``kind`` ``"xlsx"`` or ``"xls"``; the grid and each table's sheet name."""
    data = _bytes(source, file)
    deadline = Deadline(limits.max_seconds)
    try:
        if kind == "xlsx":
            sheets = _xlsx_sheets(data, file, limits, deadline)
        else:
            sheets = _xls_sheets(data, file, limits, deadline)
        blocks: list[Block] = []
        names: list[str] = []
        for sheet in sheets:
            try:
                found = sheet_blocks(
                    sheet.rows,
                    sheet.merges,
                    sheet.style,
                    len(names) + 1,
                    limits.max_table_cells,
                    limits.max_table_rows,
                )
            except LimitExceeded as exc:
                raise LimitExceeded(exc.code, f"工作表“{sheet.name}”：{exc.message}") from exc
            for block in found:
                blocks.append(block)
                if isinstance(block, GridTable):
                    names.append(sheet.name)
    except LimitExceeded as exc:
        raise IngestError(exc.code, exc.message, file) from exc
    if not blocks:
        raise IngestError("workbook_empty", "工作簿中没有内容（所有可见工作表均为空）", file)
    return WorkbookGrid(Grid(file=file, blocks=tuple(blocks)), names)


def _bytes(source: Source, file: str) -> bytes:
    if isinstance(source, bytes):
        return source
    try:
        return Path(source).read_bytes()
    except OSError as exc:
        raise IngestError("file_unreadable", f"无法打开文件（{exc.strerror}）", file) from exc


# --- .xlsx: package, styles, sheets --------------------------------------------------------------


def _xlsx_sheets(data: bytes, file: str, limits: Limits, deadline: Deadline) -> list[_Sheet]:
    try:
        check_zip(data, limits)
        archive = zipfile.ZipFile(io.BytesIO(data))
        if any(info.flag_bits & 0x1 for info in archive.infolist()):
            raise IngestError("xlsx_encrypted", "工作簿已加密（设置了密码），请去掉密码后另存再读取", file)
        paths = _sheet_paths(archive)
        styles = _styles(archive)
        if not _shared_strings_sane(archive):
            raise IngestError(
                "xlsx_damaged", "Excel 工作簿已损坏，无法读取（共享字符串表的计数不合理）", file
            )
    except (*_ZIP_ERRORS, KeyError, ElementTree.ParseError) as exc:
        raise IngestError("xlsx_damaged", "Excel 工作簿已损坏，无法读取（文件结构不完整）", file) from exc
    workbook = _calamine(lambda: pc.CalamineWorkbook.from_filelike(io.BytesIO(data)), file, "xlsx", None)
    sheets: list[_Sheet] = []
    for meta in _visible(workbook, file, "xlsx"):
        deadline.check()
        path = paths.get(meta.name)
        if path is None:  # unchecked, calamine could be handed a sheet that aborts the process
            raise IngestError("xlsx_damaged", f"工作表“{meta.name}”已损坏（找不到它的内容），无法读取", file)
        try:
            xml = read_member(archive, path)
        except (*_ZIP_ERRORS, KeyError) as exc:
            raise IngestError("xlsx_damaged", f"工作表“{meta.name}”已损坏，无法读取", file) from exc
        if not _WORKSHEET_END.search(xml[-256:]):  # cut short: calamine would read what is left
            raise IngestError("xlsx_damaged", f"工作表“{meta.name}”已损坏（内容不完整），无法读取", file)
        style = _sheet_style(xml, styles, meta.name, limits)
        sheets.append(_load_sheet(workbook, meta.name, file, "xlsx", style, limits))
    return sheets


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _xml(archive: zipfile.ZipFile, path: str) -> ElementTree.Element:
    """A small package part (workbook, relationships, styles); expat refuses entity expansion bombs."""
    return ElementTree.fromstring(read_member(archive, path))


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML part, from the workbook and its relationships (any namespace flavour)."""
    names = set(archive.namelist())
    workbook = _xml(archive, "xl/workbook.xml")
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for rel in _xml(archive, "xl/_rels/workbook.xml.rels"):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            targets[rel.get("Id", "")] = target
    paths: dict[str, str] = {}
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
        target = targets.get(rid, "")
        if target in names:
            paths[element.get("name", "")] = target
    return paths


def _shared_strings_sane(archive: zipfile.ZipFile) -> bool:
    """calamine reserves room for ``uniqueCount`` strings up front, and a damaged count of billions
    aborts the process (a Rust allocation failure). Each string takes at least ``<si></si>``, so an
    honest count is at most the part's size over 9."""
    for info in archive.infolist():
        if info.filename.lower().endswith("sharedstrings.xml"):
            with archive.open(info) as part:
                head = part.read(2048)
            match = _UNIQUE_COUNT.search(head)
            if match and int(match.group(1)) > info.file_size // 9 + 1:
                return False
    return True


def _styles(archive: zipfile.ZipFile) -> _Styles:
    if "xl/styles.xml" not in set(archive.namelist()):
        return _Styles()
    root = _xml(archive, "xl/styles.xml")
    custom: dict[int, str] = {}
    borders: list[bool] = []
    xfs: list[tuple[int, int]] = []
    for child in root:
        name = _local(child.tag)
        if name == "numFmts":
            for fmt in child:
                custom[_int(fmt.get("numFmtId"))] = fmt.get("formatCode", "")
        elif name == "borders":
            borders = [_has_border(b) for b in child]
        elif name == "cellXfs":
            xfs = [(_int(xf.get("numFmtId")), _int(xf.get("borderId"))) for xf in child]
    formats: list[str | None] = []
    bordered: list[bool] = []
    for fmt_id, border_id in xfs:
        code = custom.get(fmt_id, _BUILTIN_FORMATS.get(fmt_id))
        if code is None and fmt_id in _CJK_DATE_IDS:
            code = 'yyyy"年"m"月"d"日"'
        formats.append(None if code is None or code.lower() in ("general", "@") else code)
        bordered.append(0 <= border_id < len(borders) and borders[border_id])
    return _Styles(tuple(formats), tuple(bordered))


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _has_border(border: ElementTree.Element) -> bool:
    return any(
        _local(side.tag) in ("left", "right", "top", "bottom", "start", "end")
        and side.get("style") not in (None, "", "none")
        for side in border
    )


def _column(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number - 1


def _sheet_style(xml: bytes, styles: _Styles, sheet: str, limits: Limits) -> _SheetStyle:
    """Check the sheet's extent before calamine loads it densely; note bordered cells and number formats."""
    cells = _CELL.findall(xml)
    style = _SheetStyle()
    rows = [int(row) for _, row, _ in cells]
    columns = {col: _column(col) for col in {col for col, _, _ in cells}}
    height = max([*rows, *(int(r) for r in _ROW.findall(xml))], default=0)
    width = max(columns.values(), default=0) + 1
    if height * width > limits.max_table_cells:
        raise LimitExceeded(
            "sheet_too_large",
            f"工作表“{sheet}”过大（{height} 行 × {width} 列，上限 {limits.max_table_cells} 个单元格）",
        )
    if not cells:
        return style
    interesting: dict[bytes, tuple[str | None, bool]] = {}
    for index, (fmt, border) in enumerate(zip(styles.formats, styles.bordered, strict=True)):
        if fmt is not None or border:
            interesting[str(index).encode()] = (fmt, border)
    if not interesting:
        return style
    for (col, _, s), row in zip(cells, rows, strict=True):
        found = interesting.get(s)
        if found is None:
            continue
        key = (row - 1, columns[col])
        if found[1]:
            style.bordered.add(key)
        if found[0] is not None:
            style.formats[key] = found[0]
    return style


# --- calamine --------------------------------------------------------------------------------------


def _calamine(call: Callable[[], T], file: str, kind: str, sheet: str | None) -> T:
    """Run a calamine call; its errors (and Rust panics) become an ``IngestError``."""
    where = f"工作表“{sheet}”" if sheet else "工作簿"
    try:
        return call()
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except pc.PasswordError as exc:
        raise IngestError(
            f"{kind}_encrypted", f"{where}已加密（设置了密码），请去掉密码后另存再读取", file
        ) from exc
    except BaseException as exc:  # calamine raises its own errors and pyo3 panics (a BaseException)
        raise IngestError(f"{kind}_damaged", f"{where}已损坏，无法读取（{_reason(exc)}）", file) from exc


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def _visible(workbook: pc.CalamineWorkbook, file: str, kind: str) -> list[pc.SheetMetadata]:
    metas = _calamine(lambda: list(workbook.sheets_metadata), file, kind, None)
    return [
        m for m in metas if m.visible == pc.SheetVisibleEnum.Visible and m.typ == pc.SheetTypeEnum.WorkSheet
    ]


def _load_sheet(
    workbook: pc.CalamineWorkbook, name: str, file: str, kind: str, style: _SheetStyle, limits: Limits
) -> _Sheet:
    sheet = _calamine(lambda: workbook.get_sheet_by_name(name), file, kind, name)
    end = sheet.end
    if end is not None and (end[0] + 1) * (end[1] + 1) > limits.max_table_cells:
        raise LimitExceeded(
            "sheet_too_large",
            f"工作表“{name}”过大（{end[0] + 1} 行 × {end[1] + 1} 列，上限 {limits.max_table_cells} 个单元格）",
        )
    rows = _calamine(lambda: sheet.to_python(skip_empty_area=False), file, kind, name)
    ranges = _calamine(lambda: sheet.merged_cell_ranges, file, kind, name) or []
    merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges if r1 >= r0 and c1 >= c0]
    return _Sheet(name, rows, merges, style)


def _xls_sheets(data: bytes, file: str, limits: Limits, deadline: Deadline) -> list[_Sheet]:
    """An Excel 97-2003 workbook through xlrd, which -- unlike calamine, whose .xls reader aborts the
    whole process when a damaged DIMENSIONS record asks for a huge allocation -- fails with exceptions,
    and gives each cell's number format and borders as the .xlsx style pass does."""
    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, ragged_rows=True, logfile=io.StringIO()
        )
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # xlrd raises XLRDError, struct.error, IndexError... on damaged files
        if "encrypted" in str(exc).lower():
            raise IngestError(
                "xls_encrypted", "工作簿已加密（设置了密码），请去掉密码后另存再读取", file
            ) from exc
        raise IngestError(
            "xls_damaged", f"Excel 97-2003 工作簿已损坏，无法读取（{_reason(exc)}）", file
        ) from exc
    formats, bordered = _xls_styles(book)
    sheets: list[_Sheet] = []
    for index in range(book.nsheets):
        deadline.check()
        name = book.sheet_names()[index]
        try:
            sheet = book.sheet_by_index(index)
            if sheet.visibility != 0:
                continue
            height = sheet.nrows
            width = max((sheet.row_len(r) for r in range(height)), default=0)
            if height * width > limits.max_table_cells:
                raise LimitExceeded(
                    "sheet_too_large",
                    f"工作表“{name}”过大（{height} 行 × {width} 列，上限 {limits.max_table_cells} 个单元格）",
                )
            sheets.append(_xls_sheet(book, sheet, name, formats, bordered))
        except (LimitExceeded, KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            raise IngestError(
                "xls_damaged", f"工作表“{name}”已损坏，无法读取（{_reason(exc)}）", file
            ) from exc
    return sheets


def _xls_styles(book: Any) -> tuple[list[str | None], list[bool]]:
    """Per XF record: its number format (None for General) and whether it draws a border."""
    formats: list[str | None] = []
    bordered: list[bool] = []
    for xf in book.xf_list:
        fmt = book.format_map.get(xf.format_key)
        code = fmt.format_str if fmt is not None else None
        formats.append(None if not code or code.lower() in ("general", "@") else code)
        border = xf.border
        bordered.append(
            any(
                (
                    border.top_line_style,
                    border.bottom_line_style,
                    border.left_line_style,
                    border.right_line_style,
                )
            )
        )
    return formats, bordered


def _xls_sheet(book: Any, sheet: Any, name: str, formats: list[str | None], bordered: list[bool]) -> _Sheet:
    style = _SheetStyle()
    rows: list[list[Value]] = []
    for r in range(sheet.nrows):
        values: list[Value] = []
        for c, (kind, value) in enumerate(zip(sheet.row_types(r), sheet.row_values(r), strict=False)):
            xf = sheet.cell_xf_index(r, c)
            fmt = formats[xf] if 0 <= xf < len(formats) else None
            if 0 <= xf < len(bordered) and bordered[xf]:
                style.bordered.add((r, c))
            if kind == xlrd.XL_CELL_NUMBER:
                if fmt is not None:
                    style.formats[(r, c)] = fmt
                values.append(value)
            elif kind == xlrd.XL_CELL_DATE:
                values.append(_xls_date(value, book.datemode))
                if fmt is not None:
                    style.formats[(r, c)] = fmt
            elif kind == xlrd.XL_CELL_BOOLEAN:
                values.append(bool(value))
            elif kind == xlrd.XL_CELL_ERROR:
                values.append(xlrd.error_text_from_code.get(value, "#N/A"))
            elif kind == xlrd.XL_CELL_TEXT:
                values.append(value)
            else:
                values.append("")
        rows.append(values)
    merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells if r1 > r0 and c1 > c0]
    return _Sheet(name, rows, merges, style)


def _xls_date(value: float, datemode: int) -> Value:
    try:
        moment: dt.datetime = xlrd.xldate.xldate_as_datetime(value, datemode)
    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
        return value  # not a representable date: the number as General shows it
    if value < 1:
        return moment.time()
    return moment.date() if moment.time() == dt.time() else moment


# --- values as the sheet shows them ---------------------------------------------------------------


def render_value(value: Value, fmt: str | None) -> str:
    """A cell's value as the user sees it under number format ``fmt`` (None: General)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return render_number(value, fmt)
    if isinstance(value, dt.datetime):
        return _render_datetime(value, fmt)
    if isinstance(value, dt.date):
        return _render_date(value, fmt)
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    total = int(value.total_seconds())  # a duration ([h]:mm:ss)
    sign = "-" if total < 0 else ""
    hours, rest = divmod(abs(total), 3600)
    return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"


def _render_date(value: dt.date, fmt: str | None) -> str:
    if fmt and "年" in fmt:
        text = f"{value.year}年{value.month}月"
        return text + f"{value.day}日" if ("日" in fmt or "d" in fmt.lower()) else text
    return value.isoformat()


def _render_datetime(value: dt.datetime, fmt: str | None) -> str:
    date = _render_date(value.date(), fmt)
    plain = _QUOTED.sub("", fmt or "").lower()
    if value.time() == dt.time() and "h" not in plain:
        return date
    if fmt and "h" not in plain:
        return date
    seconds = ":%S" if ("s" in plain or value.second) else ""
    return f"{date} {value.strftime('%H:%M' + seconds)}"


def render_number(value: float, fmt: str | None) -> str:
    """A number as its Excel format shows it.

    Understood: the digits after the decimal point (``0`` kept, ``#`` dropped when zero), ``%``,
    thousands separators, literal text (quoted, escaped, or plain like ``元``) before and after the
    number, and a second section for negatives. Anything else (scientific, fractions) reads as General:
    up to 15 significant digits, no exponent, no trailing zeros.
    """
    if fmt is None and type(value) is float:
        shortest = repr(value)  # the shortest text that reads back as this float
        if "e" not in shortest and "n" not in shortest and len(shortest.lstrip("-")) <= 16:
            return shortest[:-2] if shortest.endswith(".0") and shortest != "-0.0" else _tidy(shortest)
    number = _decimal(value)
    if number is None:
        return str(value)
    if fmt is None:
        return _general(number)
    sections = _sections(fmt)
    section = sections[1] if number < 0 and len(sections) > 1 else sections[0]
    negative_section = number < 0 and len(sections) > 1
    parsed = _parse_section(section)
    if parsed is None:
        return _general(number)
    prefix, suffix, zeros, optional, thousands, power = parsed
    if power:
        number = number.scaleb(power)
    if negative_section:
        number = -number
    places = min(zeros + optional, 30)
    zeros = min(zeros, places)
    with localcontext() as context:  # enough digits for any double at any number of places
        context.prec = max(28, number.adjusted() + places + 3)
        rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}" if thousands else f"{rounded:f}"
    if places > zeros:
        whole, _, frac = text.partition(".")
        frac = frac[:zeros] + frac[zeros:].rstrip("0")
        text = f"{whole}.{frac}" if frac else whole
    if text.startswith("-") and rounded == 0:
        text = text[1:]
    return f"{prefix}{text}{suffix}"


def _decimal(value: float) -> Decimal | None:
    try:
        number = Decimal(value) if isinstance(value, int) else Decimal(f"{value:.15g}")
    except (InvalidOperation, ValueError, OverflowError):
        return None
    return number if number.is_finite() else None


def _tidy(shortest: str) -> str:
    """``repr`` of a float with at most 15 significant digits, as General shows it."""
    return "0" if shortest == "-0.0" else shortest


def _general(number: Decimal) -> str:
    if number == 0:
        return "0"
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@functools.lru_cache(maxsize=256)
def _sections(fmt: str) -> tuple[str, ...]:
    sections: list[str] = []
    current: list[str] = []
    quoted = False
    escaped = False
    for ch in fmt:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(ch)
    sections.append("".join(current))
    return tuple(sections)


def _literal(part: str) -> str:
    """The text a format prints literally: quoted runs, escaped characters, plain characters."""
    out: list[str] = []
    for token in re.finditer(r'"([^"]*)"|\\(.)|\[[^\]]*\]|_.|\*.|(.)', part):
        if token.group(1) is not None:
            out.append(token.group(1))
        elif token.group(2) is not None:
            out.append(token.group(2))
        elif token.group(3) is not None:
            out.append(token.group(3))
    return "".join(out)


@functools.lru_cache(maxsize=256)
def _parse_section(section: str) -> tuple[str, str, int, int, bool, int] | None:
    """(prefix, suffix, required decimals, optional decimals, thousands, power of ten to scale by:
    +2 per ``%``, -3 per scaling comma), or None for General."""
    bare = _QUOTED.sub(lambda m: " " * len(m.group(0)), section)
    if re.search(r"[Ee][+-]|/|[yYmMdDhHsS]", bare):
        return None
    placeholders = [i for i, ch in enumerate(bare) if ch in "0#?"]
    if not placeholders:
        return None
    first, last = placeholders[0], placeholders[-1]
    number = bare[first : last + 1]
    dot = number.find(".")
    decimals = number[dot + 1 :] if dot >= 0 else ""
    zeros = decimals.count("0")
    optional = decimals.count("#") + decimals.count("?")
    integer = number[:dot] if dot >= 0 else number
    thousands = "," in integer
    tail = section[last + 1 :]
    scale = len(tail) - len(tail.lstrip(","))  # each comma right after the digits divides by 1,000
    percent = bare.count("%")
    prefix = _literal(section[:first])
    suffix = _literal(tail[scale:])
    return prefix, suffix, zeros, optional, thousands, percent * 2 - scale * 3


# --- blocks --------------------------------------------------------------------------------------


@dataclass
class _Merges:
    """Merged ranges by top-left cell, and the owner of every covered cell."""

    spans: dict[tuple[int, int], tuple[int, int, int, int]] = field(default_factory=dict)
    owner: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    rows: set[int] = field(default_factory=set)  # rows any range touches

    @classmethod
    def of(cls, merges: Sequence[tuple[int, int, int, int]], max_cells: int) -> _Merges:
        """The ranges of a sheet; more covered cells in all than ``max_cells`` is ``sheet_too_large``."""
        result = cls()
        covered = 0
        for r0, c0, r1, c1 in merges:
            if (r0, c0) in result.owner or (r0 == r1 and c0 == c1):
                continue  # overlapping ranges (damaged files): the first one wins
            covered += (r1 - r0 + 1) * (c1 - c0 + 1)
            if covered > max_cells:
                raise LimitExceeded("sheet_too_large", f"合并单元格过大（超过 {max_cells} 个单元格）")
            result.spans[(r0, c0)] = (r0, c0, r1, c1)
            result.rows.update(range(r0, r1 + 1))
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        result.owner.setdefault((r, c), (r0, c0))
        return result


def sheet_blocks(
    values: list[list[Value]],
    merges: Sequence[tuple[int, int, int, int]],
    style: _SheetStyle,
    first_table: int,
    max_cells: int = DEFAULT_LIMITS.max_table_cells,
    max_rows: int = DEFAULT_LIMITS.max_table_rows,
) -> list[Block]:
    """Cut one sheet into paragraphs and tables (see the module docstring); tables numbered from
    ``first_table``. A sheet whose merges reach beyond ``max_cells`` cells, or with more than
    ``max_rows`` rows holding values (checked before any value is formatted), is ``LimitExceeded``."""
    filled = sum(1 for row in values if any(v != "" and v is not None for v in row))
    if filled > max_rows:
        raise LimitExceeded(
            "sheet_too_large", f"工作表行数过多（{filled} 行有内容，上限 {max_rows} 行），不像绩效自评表格"
        )
    texts = _texts(values, style)
    spans = _Merges.of(merges, max_cells)
    height = max(
        [len(texts)] + [r1 + 1 for _, _, r1, _ in spans.spans.values()] + [r + 1 for r, _ in style.bordered]
    )
    width = max(
        [max((len(row) for row in texts), default=0)]
        + [c1 + 1 for _, _, _, c1 in spans.spans.values()]
        + [c + 1 for _, c in style.bordered]
    )
    if height * width > max_cells:
        raise LimitExceeded(
            "sheet_too_large", f"工作表过大（{height} 行 × {width} 列，上限 {max_cells} 个单元格）"
        )
    for row in texts:
        row.extend([""] * (width - len(row)))
    texts.extend([[""] * width for _ in range(height - len(texts))])
    kinds = _row_kinds(texts, spans, style)
    blocks: list[Block] = []
    r = 0
    index = first_table
    while r < height:
        if kinds[r] == "table":
            end = r
            while end + 1 < height and kinds[end + 1] == "table":
                end += 1
            blocks.append(_table(texts, spans, style, r, end, index))
            index += 1
            r = end + 1
            continue
        if kinds[r] == "text":
            parts = [t for c, t in enumerate(texts[r]) if t.strip() and (r, c) not in spans.owner]
            blocks.append(
                Paragraph(text=parts[0] if len(parts) == 1 else "  ".join(p.strip() for p in parts))
            )
        r += 1
    return blocks


def _texts(values: list[list[Value]], style: _SheetStyle) -> list[list[str]]:
    formats = style.formats
    out: list[list[str]] = []
    for r, row in enumerate(values):
        texts: list[str] = []
        for c, value in enumerate(row):
            if type(value) is str:
                texts.append(value)
            else:
                texts.append(render_value(value, formats.get((r, c))))
        out.append(texts)
    return out


def _row_kinds(texts: list[list[str]], spans: _Merges, style: _SheetStyle) -> list[str]:
    height = len(texts)
    bordered = style.bordered
    if bordered:
        marked = {r for r, _ in bordered}
        for (r0, c0), (_, _, r1, c1) in spans.spans.items():
            if any((r, c) in bordered for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)):
                marked.update(range(r0, r1 + 1))
        return [
            "table" if r in marked else ("text" if any(t.strip() for t in texts[r]) else "gap")
            for r in range(height)
        ]
    counts = [
        sum(1 for c, t in enumerate(row) if t.strip() and (r, c) not in spans.owner)
        for r, row in enumerate(texts)
    ]
    kinds = ["table" if n >= 2 else ("single" if n == 1 else "gap") for n in counts]
    for (r0, _), (_, _, r1, _) in spans.spans.items():
        if r1 > r0 and any(kinds[r] == "table" for r in range(r0, r1 + 1)):
            for r in range(r0, r1 + 1):
                kinds[r] = "table"
    # A single-cell row between table rows of the same run is a table row; at a run's ends it is text.
    r = 0
    while r < height:
        if kinds[r] == "gap":
            r += 1
            continue
        end = r
        while end + 1 < height and kinds[end + 1] != "gap":
            end += 1
        run = range(r, end + 1)
        table_rows = [i for i in run if kinds[i] == "table"]
        for i in run:
            if kinds[i] == "single":
                inside = bool(table_rows) and table_rows[0] < i < table_rows[-1]
                kinds[i] = "table" if inside else "text"
        r = end + 1
    return kinds


def _table(
    texts: list[list[str]], spans: _Merges, style: _SheetStyle, top: int, bottom: int, index: int
) -> GridTable:
    used: list[int] = []
    for r in range(top, bottom + 1):
        filled = [c for c, t in enumerate(texts[r]) if t]
        if filled:
            used.extend((filled[0], filled[-1]))
    used.extend(c for r, c in style.bordered if top <= r <= bottom)
    for (r0, c0), (_, _, r1, c1) in spans.spans.items():
        if r0 <= bottom and r1 >= top:
            used.extend((c0, c1))
    left, right = min(used), max(used)
    rows: list[tuple[GridCell, ...]] = []
    for r in range(top, bottom + 1):
        if r not in spans.rows:
            rows.append(
                tuple([GridCell(text=texts[r][c], ref=cell_ref(r, c)) for c in range(left, right + 1)])
            )
            continue
        cells: list[GridCell] = []
        c = left
        while c <= right:
            owner = spans.owner.get((r, c))
            if owner is not None and top <= owner[0] and owner[1] >= left:
                r0, c0, _, c1 = spans.spans[owner]
                colspan = min(c1, right) - c0 + 1
                if r0 < r and c == c0:  # under a vertical merge: it points at the merge's top-left
                    cells.append(GridCell(text="", colspan=colspan, ref=cell_ref(max(r0, top), c0)))
                    c = min(c1, right) + 1
                    continue
                if r0 < r or c > c0:
                    c += 1  # covered by a merge starting left of this column in this row
                    continue
            span = spans.spans.get((r, c))
            if span is not None:
                _, _, r1, c1 = span
                cells.append(
                    GridCell(
                        text=texts[r][c],
                        rowspan=min(r1, bottom) - r + 1,
                        colspan=min(c1, right) - c + 1,
                        ref=cell_ref(r, c),
                    )
                )
                c = min(c1, right) + 1
                continue
            cells.append(GridCell(text=texts[r][c], ref=cell_ref(r, c)))
            c += 1
        rows.append(tuple(cells))
    return GridTable(index=index, rows=tuple(rows))


def cell_ref(row: int, col: int) -> str:
    """The Excel address of the 0-based cell (``row``, ``col``): ``cell_ref(29, 7) == "H30"``."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"
