"""Turn a document into a dossier: read it into a grid, recognise its forms, gather its narrative.

This is the one entry point of the ingest stage: ``load_path`` for a file on disk, ``load_text`` for
text already in memory. Errors a user can act on are ``IngestError`` with a Chinese message and an
English code, naming the file.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import msgspec

from jixiao.forms.common.narrative import (
    TextLine,
    find_date,
    flattened_table,
    sentence_facts,
    split_sections,
)
from jixiao.forms.registry import FormKind, Reading, as_reading, forms_for_grid, text_evaluations
from jixiao.ingest.errors import IngestError
from jixiao.ingest.normalise import normalise_grid
from jixiao.ingest.sniff import FileKind, extension_note, sniff
from jixiao.ingest.wordtext import read_word_text
from jixiao.model.cells import clean, label, year_of
from jixiao.model.dossier import BasicData, Dossier, Evaluation, FigureTable, ListRow, Rubric, Section, Val
from jixiao.model.grid import Grid, GridTable, Paragraph
from jixiao.model.source import Location
from jixiao.narrative.reader import goal_sections, narrative_sections, read_facts, whole_text

MAX_TEXT_BYTES = 50 * 1024 * 1024


_SIGNATURE = re.compile(
    r"(单位负责人签字|单位负责人|填表人|联系电话|填报日期)\s*[：:]\s*(.*?)\s*(?=(单位负责人签字|填表人|联系电话|填报日期)\s*[：:]|$)"
)
_TITLE = re.compile(r"^[^，。；]{2,50}(表|清单)\s*(（[^）]*）)?$")
_LIST_ITEM = re.compile(r"^\s*(\d+[、.．]|附件[：:])")
_ATTACHMENT = re.compile(r"^\s*附件\s*[0-9０-９\-－—]*\s*[：:]?\s*$")
_UNIT_LINE = re.compile(r"部门\s*[(（]\s*单位\s*[)）]\s*名称\s*[：:]\s*(?P<name>[^\s（(]+)")


def is_word_text(text: str) -> bool:
    """The Word-export layout puts a tab before every table cell; PDF text has none."""
    lines = text.splitlines()
    return bool(lines) and sum(1 for ln in lines if ln.startswith("\t")) >= max(3, len(lines) // 50)


def load_text(text: str, file: str) -> Dossier:
    from jixiao.ingest.textlayout import detect_layout, read_text_layout  # pipe, tab, flat, cells layouts

    if is_word_text(text) and detect_layout(text) != "tab":
        return load_grid(read_word_text(text, file))

    layout_grid = read_text_layout(text, file)
    if layout_grid is not None:
        return load_grid(layout_grid)
    return _from_pdf_text(text, file)


def load_path(path: str | Path) -> Dossier:
    p = Path(path)
    name = p.name
    try:
        size = p.stat().st_size
        if size == 0:
            raise IngestError("file_empty", "文件为空", name)
        if size > MAX_TEXT_BYTES:
            raise IngestError("file_too_large", f"文件过大（{size} 字节，上限 {MAX_TEXT_BYTES} 字节）", name)
        data = p.read_bytes()  # a file that may be stat'ed but not read (no permission) is unreadable too
    except OSError as exc:
        raise IngestError("file_unreadable", f"无法打开文件（{exc.strerror}）", name) from exc
    kind = sniff(data)
    if kind == "binary" and p.suffix.lower() not in _DOCX_SUFFIXES:
        raise IngestError(
            "not_text", "文件不是文本（含二进制内容），请提供 .docx、.xlsx、.pdf 或 .txt 文件", name
        )
    if kind != "text":
        dossier = _load_binary(kind, p, data)
        note = extension_note(p.suffix, kind)  # PDF bytes named .docx: read, and said
        return msgspec.structs.replace(dossier, notes=(note, *dossier.notes)) if note else dossier
    return _decode_text(data, name)


_KIND_NAMES = {
    "docx": "Word 文档（.docx）",
    "xlsx": "Excel 工作簿（.xlsx）",
    "ole": "Office 97-2003 文件（.doc/.xls）或加密的 Office 文件",
    "pdf": "PDF 文件",
    "ooxml": "Office 文件（不是 Word 文档或 Excel 工作簿）",
    "zip": "压缩包或损坏的 Office 文件",
    "rtf": "RTF 文件",
    "html": "网页文件",
    "binary": "二进制文件",
}


_DOCX_SUFFIXES = (".docx", ".docm", ".dotx")


def _load_binary(kind: FileKind, path: Path, data: bytes) -> Dossier:
    """Dispatch a non-text file to the reader of its kind (by content, not by extension)."""
    if kind == "docx":
        from jixiao.ingest.docx import read_docx

        return load_grid(read_docx(data, path.name))
    if kind == "ole":
        return _load_ole(path, data)
    if kind in ("zip", "ooxml", "binary") and path.suffix.lower() in _DOCX_SUFFIXES:
        raise IngestError("docx_corrupt", "文件已损坏或不是 Word 文档，无法作为 .docx 打开", path.name)
    if kind == "pdf":
        return _load_pdf(data, path.name)
    if kind == "html":
        from jixiao.ingest.html import read_html

        return load_grid(read_html(data, path.name))
    if kind == "xlsx" or (kind == "zip" and path.suffix.lower() in (".xlsx", ".xlsm")):
        from jixiao.ingest.xlsx import read_workbook, with_sheets  # a damaged .xlsx: the reader's message

        workbook = read_workbook(data, path.name, "xlsx")
        return with_sheets(load_grid(workbook.grid), workbook.sheets, workbook.grid)
    raise IngestError(
        "format_unsupported",
        f"暂不支持读取{_KIND_NAMES.get(kind, kind)}；请提供 .docx、.xlsx、.pdf 或 .txt 文本",
        path.name,
    )


def _load_pdf(data: bytes, name: str) -> Dossier:
    """Ruled tables go through the grid recognisers; a PDF without them (as published 决算 PDFs often
    are), or whose tables no recogniser knows, through the PDF-text path, as text converted from PDF."""
    from jixiao.ingest.pdf import read_pdf_layout

    layout = read_pdf_layout(data, name)
    if layout.notes:  # pages read by OCR: each value keeps its confidence, the notes say which pages
        from jixiao.ingest.ocr import with_ocr

        return with_ocr(_pdf_dossier(layout.grid, layout.text, name), layout.grid, layout.notes)
    return _pdf_dossier(layout.grid, layout.text, name)


def _pdf_dossier(grid: Grid, text: str, name: str) -> Dossier:
    if grid.tables:
        dossier = load_grid(grid)
        if dossier.evaluations or dossier.rubrics or dossier.basic_data or dossier.figure_tables:
            return dossier
        from_text = _from_pdf_text(text, name)
        return from_text if from_text.evaluations else dossier
    return _from_pdf_text(text, name)


def _load_ole(path: Path, data: bytes) -> Dossier:
    """An OLE file: Word or Excel 97-2003, or an Office file encrypted with a password."""
    from jixiao.ingest.ole import ole_kind

    kind = ole_kind(data)
    if kind == "encrypted":
        raise IngestError(
            "file_encrypted",
            "文件设有打开密码（已加密），请先在 Word/WPS/Excel 中取消密码保护后另存，再导入",
            path.name,
        )
    if kind == "doc":
        from jixiao.ingest.doc import read_doc

        return load_grid(read_doc(data, path.name))
    if kind == "xls":
        from jixiao.ingest.xlsx import read_workbook, with_sheets

        workbook = read_workbook(data, path.name, "xls")
        return with_sheets(load_grid(workbook.grid), workbook.sheets, workbook.grid)
    raise IngestError(
        "ole_unknown", "无法识别的 Office 97-2003 文件（不是 .doc 或 .xls，或已损坏）", path.name
    )


def _decode_text(data: bytes, name: str) -> Dossier:
    """UTF-8 (with or without BOM), else GB18030, else Big5 -- told from GB18030 by charset-normalizer
    only when the bytes are valid in both (Big5 bytes also decode as GB18030, into garbage); a text
    read as Big5 says so in the dossier's notes. Bytes valid in neither are ``text_encoding``."""
    from jixiao.ingest.limits import DEFAULT_LIMITS

    if name.lower().endswith((".html", ".htm")):  # a page whose start the sniffer does not know
        from jixiao.ingest.html import read_html

        return load_grid(read_html(data, name))
    note: str | None = None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text, note = _decode_chinese(data, name)
    if "\x00" in text:
        raise IngestError(
            "not_text", "文件不是文本（含二进制内容），请提供 .docx、.xlsx、.pdf 或 .txt 文件", name
        )
    lines = text.count("\n") + 1
    if lines > DEFAULT_LIMITS.max_text_lines:
        raise IngestError(
            "text_too_long",
            f"文本过长（{lines} 行，上限 {DEFAULT_LIMITS.max_text_lines} 行），请拆分后分别导入",
            name,
        )
    dossier = load_text(text, name)
    return msgspec.structs.replace(dossier, notes=(note, *dossier.notes)) if note else dossier


def _decode_chinese(data: bytes, name: str) -> tuple[str, str | None]:
    """Text that is not UTF-8: GB18030 as before, unless it is Big5 (see ``_decode_text``)."""
    try:
        gb: str | None = data.decode("gb18030")
    except UnicodeDecodeError:
        gb = None
    try:
        big5: str | None = data.decode("cp950")  # Big5 as Windows writes it
    except UnicodeDecodeError:
        big5 = None
    if gb is not None and big5 is not None:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
        if best is None or best.encoding != "big5":
            big5 = None
        else:
            gb = None
    if gb is not None:
        return gb, None
    if big5 is not None:
        return big5, "文本编码为 Big5（繁体中文），已按 Big5 读取"
    raise IngestError(
        "text_encoding", "无法识别文本编码（应为 UTF-8、GB18030 或 Big5），请另存为 UTF-8 后导入", name
    )


def _signature(file: str, paragraph: Paragraph) -> tuple[tuple[str, Val], ...]:
    pairs = []
    for match in _SIGNATURE.finditer(paragraph.text):
        pairs.append(
            (match.group(1), Val(text=match.group(2).strip(), loc=Location(file=file, line=paragraph.line)))
        )
    return tuple(pairs)


# A report section's numbered heading ("一、项 目 基 本 概 况") as the first row of a table.
_SECTION_HEAD = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]")


def _report_table(table: GridTable) -> bool:
    """A table of rows that opens with a report section's numbered heading, alone in its row: a report's
    sections laid out as a table (a 自评报告 form), not a form of figures with a title. (A table of one
    row, a report pasted into one cell, is read by its long cells' lines and stays listed as unread.)"""
    if len(table.rows) < 2:
        return False
    first = [clean(cell.text) for cell in table.rows[0] if clean(cell.text)]
    return len(first) == 1 and _SECTION_HEAD.match(first[0]) is not None


def _text_lines(grid: Grid, reports: frozenset[int] = frozenset()) -> list[TextLine]:
    """The narrative: paragraphs outside tables, and the lines of long text cells inside them. A table no
    form reads that opens with a section heading (its index in ``reports``, ``_report_table``) is report
    text: its cells are lines, one a line in reading order, as the same report copied one cell a line."""
    lines: list[TextLine] = []
    for block in grid.blocks:
        if isinstance(block, Paragraph):
            lines.append(TextLine(block.text, block.line, block.page))
            continue
        if block.index in reports:
            lines.extend(
                TextLine(part.strip(), (cell.line or block.line or 0) + i, cell.page or block.page)
                for row in block.rows
                for cell in row
                for i, part in enumerate(cell.text.split("\n"))
                if part.strip()
            )
            continue
        for row in block.rows:
            for cell in row:
                parts = cell.text.split("\n")
                if len(parts) >= 3 and len(cell.text) > 200:
                    first = cell.line or 0
                    lines.extend(
                        TextLine(p.strip(), first + i, cell.page) for i, p in enumerate(parts) if p.strip()
                    )
    return lines


def _sections(file: str, lines: list[TextLine], forms_read: bool) -> tuple[Section, ...]:
    """The report's sections; a text in which neither a form nor a heading is recognised (a checklist
    form's "年度预算资金总额: 321.25 / 其中:中央补助 166.00" lines, a 三公 explanation) is narrative as a
    whole, one section without a heading, as the facts reader takes it (``narrative_sections``), when
    it states some figure other than a year or a date."""
    sections = split_sections(file, lines)
    if sections or forms_read or not any(_FIGURE.search(_DATE.sub("", line.text)) for line in lines):
        return sections  # a text stating no figure but years and dates (a cover) has nothing to audit
    return whole_text(file, lines)


_DATE = re.compile(r"\d{4}\s*(?:年度?(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?|[-/.]\d{1,2}[-/.]\d{1,2})")
_FIGURE = re.compile(r"\d")


def _paragraphs(grid: Grid) -> list[TextLine]:
    """The text outside tables (what may precede a narrative's first heading)."""
    return [TextLine(b.text, b.line, b.page) for b in grid.blocks if isinstance(b, Paragraph)]


def load_grid(grid: Grid) -> Dossier:
    """Recognise the forms and narrative of a grid read from any format (text, .docx, .xlsx, .pdf)."""
    grid, notes = normalise_grid(grid)
    file = grid.file
    evaluations: list[Evaluation] = []
    rubrics: list[Rubric] = []
    figures: list[FigureTable] = []
    fund_list: tuple[ListRow, ...] = ()
    basic: BasicData | None = None
    facts: list[tuple[str, Val]] = []
    unread: list[Val] = []
    reports: set[int] = set()  # tables no form reads that are a report's sections (``_report_table``)
    unit: str | None = None
    title = ""
    last_form: FormKind | None = None
    for block in grid.blocks:
        if isinstance(block, Paragraph):
            text = block.text
            unit_match = _UNIT_LINE.search(text)
            if unit_match and not unit:
                unit = unit_match["name"]
            if _SIGNATURE.search(text) and last_form is not None:
                signature = _signature(file, block)
                if last_form == "basic_data" and basic is not None:
                    basic = msgspec.structs.replace(basic, signature=signature)
                elif last_form == "evaluation" and evaluations:
                    evaluations[-1] = msgspec.structs.replace(evaluations[-1], signature=signature)
            if _TITLE.search(text) and not _LIST_ITEM.match(text):
                title = text
            elif not _ATTACHMENT.match(text):
                title = ""
            continue
        found = read_table(file, block, title)
        last_form = None
        if found is None:
            first = next((clean(c.text) for row in block.rows for c in row if clean(c.text)), "")
            if _report_table(block):
                reports.add(block.index)
            else:
                unread.append(
                    Val(text=first[:60], loc=Location(file=file, table=block.index, line=block.line))
                )
        else:
            last_form, reading = found
            figures.extend(reading.figures)
            facts.extend(reading.facts)
            # the report form is named by the document's unit
            name = Val(text=unit) if unit and last_form == "dept_report" else None
            evaluations.extend(
                msgspec.structs.replace(e, name=name) if name is not None and e.name is None else e
                for e in reading.evaluations
            )
            rubrics.extend(reading.rubrics)
            if reading.fund_list is not None:
                fund_list = reading.fund_list
            if reading.basic_data is not None:
                basic = reading.basic_data
        title = ""
    lines = _text_lines(grid, frozenset(reports))
    budget_table = flattened_table(
        file, lines, "整体收支情况表", ("预算安排", "预算调整", "实际支出"), ("项目名称", "备注")
    )
    if budget_table is not None:
        figures.append(budget_table)
    facts = with_sentence_facts(file, lines, facts)
    if basic is not None:
        facts.extend(_basic_facts(basic))
    if unit is None:
        unit = _unit_from(basic, evaluations)
    return Dossier(
        source=file,
        unit=unit,
        year=_year(evaluations, rubrics, lines, _table_heads(grid), _head_cells(grid)),
        report_date=report_date(file, grid),
        fund_list=fund_list,
        basic_data=basic,
        evaluations=tuple(evaluations),
        rubrics=tuple(rubrics),
        figure_tables=tuple(figures),
        facts=tuple(facts),
        sections=_sections(file, lines, bool(evaluations or rubrics or figures or fund_list or basic)),
        statements=read_facts(
            narrative_sections(file, lines, split_sections(file, lines), _paragraphs(grid))
            + goal_sections(evaluations)
        ),
        unread=tuple(unread),
        notes=notes,
    )


def report_date(file: str, grid: Grid) -> Val | None:
    """The report's date: the first paragraph that is a 报告日期 line or a date alone
    ("2021年6月30日"), as written. Every reader's path (grid or PDF text) uses this one."""
    for block in grid.blocks:
        if not isinstance(block, Paragraph):
            continue
        text = block.text
        dated = ("报告日期" in text) or re.fullmatch(r"\s*20\d{2}\s*年\s*\d+\s*月\s*\d+\s*日\s*", text)
        if dated and find_date(text):
            return Val(text=text.split("：")[-1].strip(), loc=Location(file=file, line=block.line))
    return None


def with_sentence_facts(
    file: str, lines: list[TextLine], facts: list[tuple[str, Val]]
) -> list[tuple[str, Val]]:
    """``facts`` (from the forms) and then the facts the narrative's sentences state; a key the forms
    already gave is kept from the forms. Every reader's path (grid or PDF text) uses this one."""
    result = list(facts)
    known = {k for k, _ in facts}
    for key, value in sentence_facts(file, lines):
        if key not in known:  # the first statement of a key is kept
            known.add(key)
            result.append((key, value))
    return result


def read_table(file: str, table: GridTable, title: str) -> tuple[FormKind, Reading] | None:
    """The first registered form (in detection order) that detects the table and reads it, as (its
    kind, what it read); None when no form claims the table."""
    for form in forms_for_grid():
        if form.detect is None or form.read is None or not form.detect(table):
            continue
        found = form.read(file, table, title)
        if found is not None:
            return form.kind, as_reading(found)
    return None


def _basic_facts(basic: BasicData) -> list[tuple[str, Val]]:
    facts: list[tuple[str, Val]] = []
    if basic.staffing_quota is not None:
        facts.append(("编制数", basic.staffing_quota))
    if basic.staff_actual is not None:
        facts.append(("在职人数", basic.staff_actual))
    return facts


def _unit_from(basic: BasicData | None, evaluations: list[Evaluation]) -> str | None:
    if basic is not None and basic.unit_name is not None and basic.unit_name.text:
        return basic.unit_name.text
    for evaluation in evaluations:
        if evaluation.kind != "project" and evaluation.name is not None and evaluation.name.text:
            return clean(evaluation.name.text)
    departments = Counter(
        clean(e.department.text) for e in evaluations if e.department is not None and e.department.text
    )
    return departments.most_common(1)[0][0] if departments else None


def _year(
    evaluations: list[Evaluation],
    rubrics: list[Rubric],
    lines: list[TextLine],
    heads: tuple[str, ...] = (),
    head_cells: tuple[str, ...] = (),
) -> int | None:
    """``heads``: the title lines at the top of the tables (``(2024年度)`` under a form's title);
    ``head_cells``: the cells of the first tables' first rows (a form head's 项目起止时间)."""
    years = Counter(y for e in evaluations if (y := year_of(e.title)) is not None)
    if years:
        return years.most_common(1)[0][0]
    for text in [line.text for line in lines[:40]] + list(heads):
        if _YEAR_WORD.search(text) and (y := year_of(text)) is not None:
            return y
    return _period_year([line.text for line in lines[:_PERIOD_WINDOW]] + list(head_cells))


# "2016 年 1 月起至 2016 年 12 月止": the period a 项目起止时间 / 实施期间 field gives, spaces anywhere.
_PERIOD = re.compile(
    r"(?P<start>20\d{2})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*起?\s*[至到~～—\-－]+\s*"
    r"(?P<end>20\d{2})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
)
_YEAR_WORD = re.compile(r"年\s*度")
_PERIOD_WINDOW = 80  # the form's head: the lines a 项目起止时间 field stands in


def _period_year(texts: list[str]) -> int | None:
    """The evaluated year a form's head gives as a period within one year (``2021年1月起至2021年12月止``),
    when no line names the 年度; a period across years names no one year."""
    for text in texts:
        match = _PERIOD.search(text)
        if match and match["start"] == match["end"]:
            return int(match["end"])
    return None


_HEAD_TABLES = 2  # the tables a form's head (项目起止时间) may stand in
_HEAD_ROWS = 12


def _head_cells(grid: Grid) -> tuple[str, ...]:
    """The cells of the first rows of the document's first tables."""
    tables = [block for block in grid.blocks if not isinstance(block, Paragraph)][:_HEAD_TABLES]
    return tuple(
        cell.text for table in tables for row in table.rows[:_HEAD_ROWS] for cell in row if cell.text
    )


def _table_heads(grid: Grid) -> tuple[str, ...]:
    """The lines a table opens with that fill one cell only (its title, ``(2024年度)``, ``单位：万元``)."""
    heads = []
    for block in grid.blocks:
        if isinstance(block, Paragraph):
            continue
        for row in block.rows[:3]:
            texts = [clean(c.text) for c in row if clean(c.text)]
            if len(texts) != 1:
                break
            heads.append(texts[0])
    return tuple(heads)


def _from_pdf_text(text: str, file: str) -> Dossier:
    from jixiao.ingest.pdftext import read_pdf_text

    grid, notes = normalise_grid(read_pdf_text(text, file))
    evaluations = list(text_evaluations(grid))
    lines = [TextLine(b.text, b.line, b.page) for b in grid.blocks if isinstance(b, Paragraph)]
    unit = None
    for line in lines[:5]:
        match = re.search(r"([\u4e00-\u9fff]{2,30}局)概况", label(line.text))
        if match:
            unit = match.group(1)
            break
    return Dossier(
        source=file,
        unit=unit or _unit_from(None, evaluations),
        year=_year(evaluations, [], lines),
        report_date=report_date(file, grid),
        evaluations=tuple(evaluations),
        facts=tuple(with_sentence_facts(file, lines, [])),
        sections=_sections(file, lines, bool(evaluations)),
        statements=read_facts(
            narrative_sections(file, lines, split_sections(file, lines)) + goal_sections(evaluations)
        ),
        notes=notes,
    )
