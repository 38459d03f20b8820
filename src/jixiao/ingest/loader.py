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

from jixiao.ingest.errors import IngestError
from jixiao.ingest.normalise import normalise_grid
from jixiao.ingest.recognise.dept_report import is_dept_report, recognise_dept_report, report_facts
from jixiao.ingest.recognise.evaluation import is_evaluation_table, recognise_evaluation
from jixiao.ingest.recognise.hubei_grid import is_hubei_table, recognise_hubei_table
from jixiao.ingest.recognise.narrative import (
    TextLine,
    find_date,
    flattened_table,
    sentence_facts,
    split_sections,
)
from jixiao.ingest.recognise.tables import (
    institution_tables,
    is_basic_data,
    is_fund_list,
    is_rubric,
    recognise_basic_data,
    recognise_fund_list,
    recognise_rubric,
)
from jixiao.ingest.sniff import FileKind, sniff
from jixiao.ingest.wordtext import read_word_text
from jixiao.model.cells import clean, label, year_of
from jixiao.model.dossier import BasicData, Dossier, Evaluation, FigureTable, ListRow, Rubric, Val
from jixiao.model.grid import Grid, GridTable, Paragraph
from jixiao.model.source import Location

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
    if is_word_text(text):
        return load_grid(read_word_text(text, file))
    return _from_pdf_text(text, file)


def load_path(path: str | Path) -> Dossier:
    p = Path(path)
    name = p.name
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise IngestError("file_unreadable", f"无法打开文件（{exc.strerror}）", name) from exc
    if size == 0:
        raise IngestError("file_empty", "文件为空", name)
    if size > MAX_TEXT_BYTES:
        raise IngestError("file_too_large", f"文件过大（{size} 字节，上限 {MAX_TEXT_BYTES} 字节）", name)
    data = p.read_bytes()
    kind = sniff(data)
    if kind == "binary" and p.suffix.lower() not in _DOCX_SUFFIXES:
        raise IngestError(
            "not_text", "文件不是文本（含二进制内容），请提供 .docx、.xlsx、.pdf 或 .txt 文件", name
        )
    if kind != "text":
        return _load_binary(kind, p, data)
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
    if layout.grid.tables:
        dossier = load_grid(layout.grid)
        if dossier.evaluations or dossier.rubrics or dossier.basic_data or dossier.figure_tables:
            return dossier
        from_text = _from_pdf_text(layout.text, name)
        return from_text if from_text.evaluations else dossier
    return _from_pdf_text(layout.text, name)


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
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise IngestError("text_encoding", "无法识别文本编码（应为 UTF-8 或 GB18030）", name)
    if "\x00" in text:
        raise IngestError(
            "not_text", "文件不是文本（含二进制内容），请提供 .docx、.xlsx、.pdf 或 .txt 文件", name
        )
    return load_text(text, name)


def _signature(file: str, paragraph: Paragraph) -> tuple[tuple[str, Val], ...]:
    pairs = []
    for match in _SIGNATURE.finditer(paragraph.text):
        pairs.append(
            (match.group(1), Val(text=match.group(2).strip(), loc=Location(file=file, line=paragraph.line)))
        )
    return tuple(pairs)


def _text_lines(grid: Grid) -> list[TextLine]:
    """The narrative: paragraphs outside tables, and the lines of long text cells inside them."""
    lines: list[TextLine] = []
    for block in grid.blocks:
        if isinstance(block, Paragraph):
            lines.append(TextLine(block.text, block.line, block.page))
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
    unit: str | None = None
    title = ""
    last_form: str | None = None
    for block in grid.blocks:
        if isinstance(block, Paragraph):
            text = block.text
            unit_match = _UNIT_LINE.search(text)
            if unit_match and not unit:
                unit = unit_match["name"]
            if _SIGNATURE.search(text) and last_form is not None:
                signature = _signature(file, block)
                if last_form == "basic" and basic is not None:
                    basic = msgspec.structs.replace(basic, signature=signature)
                elif last_form == "evaluation" and evaluations:
                    evaluations[-1] = msgspec.structs.replace(evaluations[-1], signature=signature)
            if _TITLE.search(text) and not _LIST_ITEM.match(text):
                title = text
            elif not _ATTACHMENT.match(text):
                title = ""
            continue
        last_form = _recognise_table(file, block, title, unit, evaluations, rubrics, figures, facts, unread)
        if last_form == "fund_list":
            fund_list = recognise_fund_list(file, block)
        elif last_form == "basic":
            basic = recognise_basic_data(file, block)
        title = ""
    lines = _text_lines(grid)
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
        year=_year(evaluations, rubrics, lines),
        report_date=report_date(file, grid),
        fund_list=fund_list,
        basic_data=basic,
        evaluations=tuple(evaluations),
        rubrics=tuple(rubrics),
        figure_tables=tuple(figures),
        facts=tuple(facts),
        sections=split_sections(file, lines),
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


def _recognise_table(
    file: str,
    table: GridTable,
    title: str,
    unit: str | None,
    evaluations: list[Evaluation],
    rubrics: list[Rubric],
    figures: list[FigureTable],
    facts: list[tuple[str, Val]],
    unread: list[Val],
) -> str | None:
    if is_fund_list(table):
        return "fund_list"
    if is_basic_data(table):
        return "basic"
    if is_evaluation_table(table):
        evaluation = recognise_evaluation(file, table, title)
        if evaluation is not None:
            evaluations.append(evaluation)
            return "evaluation"
    if is_hubei_table(table):
        hubei = recognise_hubei_table(file, table, title)
        if hubei is not None:
            evaluations.append(hubei)
            return "evaluation"
    if is_rubric(table):
        rubrics.append(recognise_rubric(file, table, title))
        return "rubric"
    found = institution_tables(file, table)
    figures.extend(found)
    if is_dept_report(table):
        facts.extend(report_facts(file, table))
        report = recognise_dept_report(file, table, unit)
        if report is not None:
            evaluations.append(report)
        return "dept_report"
    if found:
        return "figures"
    first = next((clean(c.text) for row in table.rows for c in row if clean(c.text)), "")
    unread.append(Val(text=first[:60], loc=Location(file=file, table=table.index, line=table.line)))
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


def _year(evaluations: list[Evaluation], rubrics: list[Rubric], lines: list[TextLine]) -> int | None:
    years = Counter(y for e in evaluations if (y := year_of(e.title)) is not None)
    if years:
        return years.most_common(1)[0][0]
    for line in lines[:40]:
        if "年度" in line.text and (y := year_of(line.text)) is not None:
            return y
    return None


def _from_pdf_text(text: str, file: str) -> Dossier:
    from jixiao.ingest.pdftext import read_pdf_text
    from jixiao.ingest.recognise.hubei import recognise_hubei

    grid, notes = normalise_grid(read_pdf_text(text, file))
    evaluations = list(recognise_hubei(grid))
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
        sections=split_sections(file, lines),
        notes=notes,
    )
