"""Exports of a dossier's forms (Word, Excel, PDF, JSON), rendered once per content and kept.

A stored version never changes, so the bytes of its export never do either: they are kept under
``DATA_DIR/exports`` by a hash of what they are made from (the dossier's text, the format, the title)
and served from there afterwards. A PDF costs seconds of CPU; one export is rendered at a time per
server process, and an anonymous visitor who finds the renderer busy is asked to retry rather than
queued behind it, so a crowd of public downloads cannot starve the people working in the application.

The forms are printed as a finance bureau files them: amounts in 万元 and scores with two decimals
(``jixiao.render.figures``), figures as numbers in Excel. The scores reviewers settled (复核) follow the
forms in a 复核评分表 (each row: 指标, 分值, 自评得分, 复核得分, how, why, who), beside the forms as the
unit declared them, never written over them. The year's summary (``summary_workbook``) is one row per
dossier with the settled total where there is one.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings

from jixiao.files import atomic_write
from jixiao.model.dossier import Dossier
from jixiao.model.grid import Block, Grid, Paragraph
from jixiao.model.numbers import ZERO, fmt, q2
from jixiao.score.result import DocumentResult
from jixiao.web.dossiers.models import DossierRecord

KEEP = 2000  # exports kept on disk; the oldest go first
_RENDERING = threading.BoundedSemaphore(1)


class ExportBusy(Exception):
    code = "export_busy"
    message = "正在为其他访问者生成文件，请稍后再试（约半分钟）"


def export_dir() -> Path:
    return Path(settings.DATA_DIR) / "exports"


# changes whenever what an export prints changes, so files kept from an older release are not served
RENDERING = "printed-2"


def _key(record: DossierRecord, fmt: str) -> str:
    from jixiao.web.review.models import ReviewScore

    settled = ReviewScore.objects.filter(record=record).order_by("path")
    reviews = "|".join(f"{r.path}={r.score}:{r.kind}:{r.reason}:{r.basis}:{r.created_by_id}" for r in settled)
    digest = hashlib.sha256()
    for part in (record.dossier_json, fmt, str(record.task), record.task.rules, reviews, RENDERING):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:40]


def cached_export(record: DossierRecord, fmt: str, *, wait: bool) -> bytes:
    """The export's bytes: kept ones if this content was rendered before, else rendered now.

    ``wait``: a signed-in user waits for the renderer; an anonymous visitor gets ``ExportBusy``."""
    from jixiao.web.dossiers.views import export_bytes

    path = export_dir() / f"{_key(record, fmt)}.{fmt}"
    if path.is_file():
        return path.read_bytes()
    if not _RENDERING.acquire(blocking=wait):
        raise ExportBusy
    try:
        if path.is_file():  # rendered while this request waited
            return path.read_bytes()
        data = export_bytes(record, fmt)
        atomic_write(path, data)
        _prune(path.parent)
        return data
    finally:
        _RENDERING.release()


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.*"), key=lambda p: p.stat().st_mtime)
    for old in files[:-KEEP]:
        old.unlink(missing_ok=True)


# --- 复核评分表: the settled scores beside the forms ------------------------------------------------------


def settled_blocks(record: DossierRecord, dossier: Dossier, scored: DocumentResult) -> list[Block]:
    """The reviewers' current scores of the dossier (``jixiao.web.review``) as a table after the forms:
    one row per settled indicator, then each table's total once every range in it is settled."""
    from jixiao.render.layout.build import C, TableBuilder
    from jixiao.web.review.scores import review_scores, reviewer_name, row_paths

    current = [score for score, still in review_scores(record, dossier) if still]
    if not current:
        return []
    rows = row_paths(dossier, scored)
    builder = TableBuilder(8)
    builder.row(
        C("序号"), C("指标"), C("分值"), C("自评得分"), C("复核得分"), C("复核方式"), C("理由"), C("复核人")
    )
    for number, score in enumerate(current, start=1):
        result = rows.get(score.path)
        builder.row(
            C(str(number)),
            C(result.name if result is not None else score.name),
            C(_figure(result.weight if result is not None else None)),
            C(_figure(result.declared_score if result is not None else None)),
            C(fmt(q2(score.score))),
            C(score.get_kind_display()),
            C(score.reason),
            C(reviewer_name(score)),
        )
    for table in scored.tables:
        if table.settled_total is None:
            continue
        builder.row(
            C(f"{table.name}：复核后总分", 2),
            C(_figure(table.declared_points)),
            C(_figure(table.declared_total)),
            C(fmt(q2(table.settled_total))),
            C("", 3),
        )
    title = Paragraph(text=f"{dossier.year or ''}{'年度' if dossier.year else ''}复核评分表", style="title")
    note = Paragraph(
        text="说明：复核得分由主管部门或财政部门评定（区间内评定或改定得分），上列自评表仍为单位填报的原样。",
        style="note",
    )
    return [title, builder.table((0.6, 3.0, 0.8, 0.9, 0.9, 1.1, 3.0, 1.2), header_rows=1), note]


def _figure(value: Decimal | None) -> str:
    return fmt(q2(value)) if value is not None else ""


def forms_grid(record: DossierRecord) -> Grid:
    """The dossier's forms as printed (two decimals), followed by its 复核评分表 when scores are settled."""
    from jixiao.render.layout.document import layout_dossier, numbered
    from jixiao.web.dossiers.services import evaluate_record, record_dossier

    dossier = record_dossier(record)
    grid = layout_dossier(dossier, printed=True)
    extra = settled_blocks(record, dossier, evaluate_record(record).scored)
    return numbered(grid.file, [*grid.blocks, *extra]) if extra else grid


def narrative_docx(record: DossierRecord) -> bytes:
    """The 自评报告 draft (computed figures, 【待填写】 gaps) with the forms as its 附件, as Word."""
    from jixiao.render.docx import write_docx
    from jixiao.render.narrative import report_with_forms
    from jixiao.web.dossiers.services import record_dossier
    from jixiao.web.review.scores import settled_of

    dossier = record_dossier(record)
    grid = report_with_forms(dossier, record.task.rules or None, dict(settled_of(record, dossier)))
    out = io.BytesIO()
    write_docx(grid, out)
    return out.getvalue()


# --- the year's summary table ---------------------------------------------------------------------------

SUMMARY_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 6),
    ("预算单位", 28),
    ("主管部门", 22),
    ("类型", 9),
    ("项目（资金）", 26),
    ("状态", 10),
    ("年初预算数（万元）", 14),
    ("全年预算数（万元）", 14),
    ("全年执行数（万元）", 14),
    ("执行率", 10),
    ("填报总分", 10),
    ("计算总分", 14),
    ("复核总分", 10),
    ("复核人", 14),
    ("等级", 8),
    ("未解决错误", 10),
)
AMOUNT = "0.00"
PERCENT = "0.00%"
COUNT = "0"


@dataclass
class SummaryRow:
    """One dossier in the year's summary; figures are ``Decimal`` (None: not stated or not computed)."""

    unit: str
    department: str
    kind: str
    project: str
    state: str
    initial: Decimal | None = None
    adjusted: Decimal | None = None
    executed: Decimal | None = None
    rate: Decimal | None = None  # %, as the scorer rounds it (93.50 for 93.50%)
    declared: Decimal | None = None
    computed: Decimal | None = None
    computed_range: str = ""  # where the rules leave part of the score to a person
    settled: Decimal | None = None
    settled_by: str = ""
    grade: str = ""
    errors: int | None = None
    damaged: str = ""


def summary_row(record: DossierRecord) -> SummaryRow:
    """The dossier's row: its primary table's budget, execution rate and totals (declared, computed by
    the rules, settled by reviewers), grade (of the settled total where there is one) and open errors."""
    from jixiao.web.dossiers.services import DamagedDossier, evaluate_record, primary_table, summary_fields
    from jixiao.web.review.scores import review_scores, reviewer_name

    task = record.task
    row = SummaryRow(
        unit=task.unit.name,
        department=task.unit.department.name if task.unit.department_id else "",
        kind=task.get_kind_display(),
        project=task.fund or "整体支出",
        state=record.get_state_display(),
    )
    try:
        evaluated = evaluate_record(record)
    except DamagedDossier as exc:
        row.damaged = exc.message
        return row
    table = primary_table(evaluated.scored)
    fields = summary_fields(evaluated)
    if table is not None:
        if table.budget is not None:
            row.initial, row.adjusted, row.executed = (
                table.budget.initial,
                table.budget.adjusted,
                table.budget.executed,
            )
        row.declared = table.declared_total
        row.computed = table.computed_total
        if table.computed_range is not None:
            row.computed_range = f"{fmt(table.computed_range[0])}–{fmt(table.computed_range[1])}"
        row.settled = table.settled_total
        if row.settled is not None:
            names = [reviewer_name(s) for s, current in review_scores(record, evaluated.dossier) if current]
            row.settled_by = "、".join(dict.fromkeys(names))
    row.rate = fields["execution_rate"]
    row.grade = str(fields["grade"])
    row.errors = int(fields["error_count"])
    return row


def summary_workbook(rows: Sequence[SummaryRow], title: str) -> bytes:
    """The summary as an .xlsx: a title, then one row per dossier, figures as numbers (amounts and
    scores ``0.00``, 执行率 ``0.00%``), text as text; a 合计 row sums the budget columns (Decimal)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Border, Font, Side  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "自评汇总"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name="宋体", size=11, charset=134)
    width = len(SUMMARY_COLUMNS)
    sheet.cell(row=1, column=1, value=title).font = Font(name="黑体", size=16, bold=True, charset=134)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(
        row=2, column=1, value="金额单位：万元；总分以复核总分为准（未复核的以计算总分为准）"
    ).font = font
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    for col, (name, chars) in enumerate(SUMMARY_COLUMNS, start=1):
        cell = sheet.cell(row=3, column=col, value=name)
        cell.font = Font(name="宋体", size=11, bold=True, charset=134)
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = chars
    line = 4
    for number, row in enumerate(rows, start=1):
        values = _summary_values(number, row)
        _write_line(sheet, line, values, border, font)
        line += 1
    totals = [sum((getattr(r, k) for r in rows if getattr(r, k) is not None), ZERO) for k in _BUDGET]
    rate = q2(totals[2] * 100 / totals[1]) if totals[1] else None
    total_line: list[tuple[object, str | None]] = [("合计", None), (f"{len(rows)} 份档案", None)]
    total_line += [("", None)] * 4
    total_line += [(q2(t), AMOUNT) for t in totals]
    total_line.append((rate, PERCENT) if rate is not None else ("", None))
    total_line += [("", None)] * (width - len(total_line))
    _write_line(sheet, line, total_line, border, font)
    sheet.freeze_panes = "C4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


_BUDGET = ("initial", "adjusted", "executed")


def _summary_values(number: int, row: SummaryRow) -> list[tuple[object, str | None]]:
    def money(value: Decimal | None) -> tuple[object, str | None]:
        return (q2(value), AMOUNT) if value is not None else ("", None)

    head: list[tuple[object, str | None]] = [
        (number, COUNT),
        (row.unit, None),
        (row.department, None),
        (row.kind, None),
        (row.project, None),
        (row.state, None),
    ]
    if row.damaged:
        return [*head, (row.damaged, None), *[("", None)] * (len(SUMMARY_COLUMNS) - len(head) - 1)]
    computed: tuple[object, str | None] = (
        money(row.computed) if row.computed is not None else (row.computed_range or "—", None)
    )
    return [
        *head,
        money(row.initial),
        money(row.adjusted),
        money(row.executed),
        (q2(row.rate) / 100, PERCENT) if row.rate is not None else ("", None),
        money(row.declared),
        computed,
        money(row.settled),
        (row.settled_by, None),
        (row.grade, None),
        (row.errors, COUNT) if row.errors is not None else ("", None),
    ]


def _write_line(
    sheet: Any, line: int, values: Sequence[tuple[object, str | None]], border: Any, font: Any
) -> None:
    for col, (value, number_format) in enumerate(values, start=1):
        cell = sheet.cell(row=line, column=col)
        if number_format is not None and isinstance(value, Decimal):
            cell.value = float(value)  # Excel holds doubles; the value was rounded half up first
            cell.number_format = number_format
        elif number_format is not None and isinstance(value, int):
            cell.value = value
            cell.number_format = number_format
        elif value not in ("", None):
            cell.value = str(value)
            cell.data_type = "s"  # never a formula
        cell.border = border
        cell.font = font
