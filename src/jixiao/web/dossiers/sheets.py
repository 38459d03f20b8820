"""The dossier as the page shows it: every table, each written value as an editable cell with its
path, the computed figure beside it and the audit's findings attached where they are about: at the
cell, row or table whose dossier path is the finding's path (or the nearest shown one above it: a
missing value's finding sits at its row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.audit.checks_ocr import REVIEW_BELOW
from jixiao.audit.finding import Finding
from jixiao.model.dossier import BasicData, Budget, Evaluation, FigureTable, Indicator, Rubric, Val
from jixiao.model.numbers import fmt
from jixiao.model.source import Location
from jixiao.score.result import TABLE_KIND_NAMES, IndicatorResult, LevelResult, TableResult
from jixiao.score.scorer import is_placeholder_row, settled_sum
from jixiao.web.dossiers.services import Evaluated, findings_by_path


@dataclass
class Cell:
    path: str
    text: str
    num: Decimal | None = None
    unit: str | None = None
    location: str = ""  # where the value was read, as text (else from ``loc``, see ``where``)
    findings: list[Finding] = field(default_factory=list)
    long: bool = False
    # OCR's recognition confidence (0-1) when the value was read from a scanned page, else None
    confidence: float | None = None
    loc: Location | None = None  # where the value was read

    @property
    def where(self) -> str:
        """``file:表N:行R:列C``: named only for the cells a response shows (an edit builds a table's
        cells without naming the location of each)."""
        return self.location or (self.loc.short() if self.loc is not None else "")

    @property
    def unsure(self) -> bool:
        """Read from a scan with less confidence than the audit trusts (O001): shown for a person to
        compare with the original."""
        return self.confidence is not None and self.confidence < REVIEW_BELOW

    @property
    def worst(self) -> str:
        if not self.findings:
            return ""
        for severity in ("error", "warning", "info"):
            if any(f.severity == severity and f.accepted is None for f in self.findings):
                return severity
        return ""


@dataclass
class Row:
    cells: dict[str, Cell | None]
    label: list[str] = field(default_factory=list)
    result: IndicatorResult | None = None
    findings: list[Finding] = field(default_factory=list)
    location: str = ""
    shown: list[str] = field(default_factory=list)  # the labels as displayed (repeats left blank)
    path: str = ""  # the indicator row's dossier path (复核 scores are kept by it)
    review: Any = None  # the reviewer's score (jixiao.web.review.models.ReviewScore), once attached
    review_current: bool = False  # the row is as it was when the reviewer scored it

    @property
    def settled(self) -> str:
        """The reviewer's score while it applies, else ""."""
        return fmt(self.review.score) if self.review is not None and self.review_current else ""

    @property
    def computed(self) -> str:
        if self.result is None:
            return "—"
        if self.result.computed_score is not None:
            return fmt(self.result.computed_score)
        if self.result.computed_range is not None:
            low, high = self.result.computed_range
            return f"{fmt(low)}–{fmt(high)}"
        return "—"

    @property
    def differs(self) -> bool:
        r = self.result
        if r is None or r.declared_score is None:
            return False
        if r.computed_score is not None:
            return r.declared_score != r.computed_score
        if r.computed_range is not None:
            return not (r.computed_range[0] <= r.declared_score <= r.computed_range[1])
        return False


@dataclass
class Sheet:
    index: int
    kind: str
    kind_name: str
    title: str
    result: TableResult | None
    location: str = ""
    header: list[tuple[str, Cell]] = field(default_factory=list)
    budget: list[Row] = field(default_factory=list)
    budget_extra: list[tuple[str, Cell | None]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    levels: tuple[LevelResult, ...] = ()
    totals: list[tuple[str, Cell | None]] = field(default_factory=list)
    figure_columns: tuple[str, ...] = ()
    findings: list[Finding] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)  # who settled this table's scores (复核)

    @property
    def settled_grade(self) -> str:
        r = self.result
        if r is None or r.settled_total is None or not r.rules:
            return ""
        from jixiao.rules.pack import load_pack

        return load_pack(r.rules).grade_for(r.settled_total) or ""

    @property
    def open_ranges(self) -> int:
        """Rows whose score the rules leave to a person and no reviewer has settled."""
        return sum(
            1 for row in self.rows if row.result is not None and row.result.computed_range and not row.settled
        )

    @property
    def level_scores(self) -> list[tuple[LevelResult, Decimal | None]]:
        """Each 一级指标 beside its subtotal as the reviewers settled it (复核): their scores in place of
        the computed ones, as ``jixiao.score`` settles the table's total; None while a range in it is
        open or none of its rows is settled."""
        return [
            (
                level,
                _settled_subtotal(
                    level, [r for r in self.rows if r.result is not None and r.result.level1 == level.level1]
                ),
            )
            for level in self.levels
        ]

    @property
    def computed_total(self) -> str:
        r = self.result
        if r is None:
            return "—"
        if r.computed_total is not None:
            return fmt(r.computed_total)
        if r.computed_range is not None:
            return f"{fmt(r.computed_range[0])}–{fmt(r.computed_range[1])}"
        return "—"


def _settled_subtotal(level: LevelResult, rows: list[Row]) -> Decimal | None:
    chosen = [(r.result, Decimal(r.review.score)) for r in rows if r.result is not None and r.settled]
    return settled_sum(level.computed_score, level.computed_range, chosen)


class _Builder:
    def __init__(self, evaluated: Evaluated) -> None:
        self.findings = evaluated.audit.findings
        self.slots: dict[str, list[Finding]] = {}

    def take(self, path: str) -> list[Finding]:
        """The list the findings about ``path`` go into (filled by ``place`` once every table is built)."""
        return self.slots.setdefault(path, [])

    def place(self) -> list[Finding]:
        """Each finding into the slot of its path, or of the nearest path above it that the page shows;
        the findings placed nowhere (the narrative, the whole document) are returned."""
        placed: set[int] = set()
        for path, items in findings_by_path(self.findings).items():
            parts = path.split(".")
            above = (".".join(parts[:n]) for n in range(len(parts), 0, -1))
            slot = next((self.slots[p] for p in above if p in self.slots), None)
            if slot is not None:
                slot.extend(items)
                placed.update(id(f) for f in items)
        return [f for f in self.findings if id(f) not in placed]

    def cell(self, path: str, val: Val | None, long: bool = False) -> Cell:
        if val is None:
            return Cell(path=path, text="", long=long, findings=self.take(path))
        return Cell(
            path=path,
            text=val.text,
            num=val.num,
            unit=val.unit,
            loc=val.loc,
            findings=self.take(path),
            long=long or len(val.text) > 40 or "\n" in val.text,
            confidence=val.loc.confidence if val.loc is not None else None,
        )


def _loc(obj: object) -> str:
    loc = getattr(obj, "loc", None)
    return loc.short() if loc is not None else ""


def _budget_rows(b: _Builder, budget: Budget, prefix: str) -> list[Row]:
    rows = []
    for key, line in [("total", budget.total), *((f"parts.{i}", p) for i, p in enumerate(budget.parts))]:
        base = f"{prefix}.budget.{key}"
        rows.append(
            Row(
                label=[line.label or "年度资金总额"],
                cells={
                    "initial": b.cell(f"{base}.initial", line.initial),
                    "adjusted": b.cell(f"{base}.adjusted", line.adjusted),
                    "executed": b.cell(f"{base}.executed", line.executed),
                },
                findings=b.take(base),
                location=_loc(line),
            )
        )
    return rows


def _indicator_row(b: _Builder, base: str, indicator: Indicator, result: IndicatorResult | None) -> Row:
    return Row(
        label=[indicator.level1, indicator.level2, indicator.name],
        cells={
            "target": b.cell(f"{base}.target", indicator.target),
            "actual": b.cell(f"{base}.actual", indicator.actual),
            "weight": b.cell(f"{base}.weight", indicator.weight) if indicator.weight is not None else None,
            "score": b.cell(f"{base}.score", indicator.score) if indicator.score is not None else None,
            "deviation": b.cell(f"{base}.deviation", indicator.deviation)
            if indicator.deviation is not None
            else None,
        },
        result=result,
        findings=b.take(base),
        location=_loc(indicator),
        path=base,
    )


def _evaluation(b: _Builder, index: int, e_index: int, e: Evaluation, result: TableResult | None) -> Sheet:
    prefix = f"evaluations.{e_index}"
    sheet = Sheet(
        index=index,
        kind=e.kind,
        kind_name=TABLE_KIND_NAMES.get(e.kind, e.kind),
        title=(e.name.text if e.name and e.name.text else e.title).replace("\n", ""),
        result=result,
        location=_loc(e),
        findings=b.take(prefix),
    )
    for name, key, val in (("项目/单位名称", "name", e.name), ("主管部门", "department", e.department)):
        if val is not None:
            sheet.header.append((name, b.cell(f"{prefix}.{key}", val)))
    if e.implementer is not None:
        sheet.header.append(("实施单位", b.cell(f"{prefix}.implementer", e.implementer)))
    if e.budget is not None:
        sheet.budget = _budget_rows(b, e.budget, prefix)
        sheet.budget_extra = [
            ("分值", b.cell(f"{prefix}.budget.weight", e.budget.weight) if e.budget.weight else None),
            ("执行率（填报）", b.cell(f"{prefix}.budget.rate", e.budget.rate) if e.budget.rate else None),
            ("得分（填报）", b.cell(f"{prefix}.budget.score", e.budget.score) if e.budget.score else None),
        ]
    kept = [(j, i) for j, i in enumerate(e.indicators) if not is_placeholder_row(i)]
    results = list(result.indicators) if result is not None else []
    for position, (j, indicator) in enumerate(kept):
        found = results[position] if position < len(results) else None
        sheet.rows.append(_indicator_row(b, f"{prefix}.indicators.{j}", indicator, found))
    sheet.levels = result.levels if result is not None else ()
    sheet.totals = [
        ("总分（填报）", b.cell(f"{prefix}.declared_total", e.declared_total) if e.declared_total else None),
        ("等级（填报）", b.cell(f"{prefix}.grade", e.grade) if e.grade else None),
    ]
    return sheet


def _rubric(b: _Builder, index: int, r_index: int, rubric: Rubric, result: TableResult | None) -> Sheet:
    prefix = f"rubrics.{r_index}"
    sheet = Sheet(
        index=index,
        kind="dept_rubric",
        kind_name=TABLE_KIND_NAMES["dept_rubric"],
        title=rubric.title,
        result=result,
        location=_loc(rubric),
        findings=b.take(prefix),
    )
    results = list(result.indicators) if result is not None else []
    for j, item in enumerate(rubric.items):
        base = f"{prefix}.items.{j}"
        sheet.rows.append(
            Row(
                label=[item.level1, item.level2, item.name, item.standard],
                cells={
                    "weight": b.cell(f"{base}.points", item.points) if item.points is not None else None,
                    "score": b.cell(f"{base}.score", item.score) if item.score is not None else None,
                    "deviation": b.cell(f"{base}.reason", item.reason) if item.reason is not None else None,
                },
                result=results[j] if j < len(results) else None,
                findings=b.take(base),
                location=_loc(item),
                path=base,
            )
        )
    sheet.levels = result.levels if result is not None else ()
    sheet.totals = [
        (
            "总分（填报）",
            b.cell(f"{prefix}.declared_total", rubric.declared_total) if rubric.declared_total else None,
        )
    ]
    return sheet


def _basic(b: _Builder, index: int, basic: BasicData, result: TableResult | None) -> Sheet:
    sheet = Sheet(
        index=index,
        kind="basic_data",
        kind_name=TABLE_KIND_NAMES["basic_data"],
        title=basic.unit_name.text if basic.unit_name else "基础数据表",
        result=result,
        location=_loc(basic),
        findings=b.take("basic_data"),
        figure_columns=basic.year_columns,
    )
    for label, key, val in (
        ("编制数", "staffing_quota", basic.staffing_quota),
        ("实际在职人数", "staff_actual", basic.staff_actual),
        ("控制率（填报）", "staffing_rate", basic.staffing_rate),
    ):
        if val is not None:
            sheet.header.append((label, b.cell(f"basic_data.{key}", val)))
    for group, lines in (("lines", basic.lines), ("buildings", basic.buildings)):
        for i, line in enumerate(lines):
            sheet.rows.append(
                Row(
                    label=[("　" * line.level) + line.label],
                    cells={
                        str(c): b.cell(f"basic_data.{group}.{i}.values.{c}", v)
                        for c, v in enumerate(line.values)
                    },
                    findings=b.take(f"basic_data.{group}.{i}"),
                    location=_loc(line),
                )
            )
    if result is not None and result.indicators:
        sheet.rows.insert(0, Row(label=["财政供养人员控制率"], cells={}, result=result.indicators[0]))
    return sheet


def _figures(b: _Builder, index: int, t_index: int, table: FigureTable) -> Sheet:
    sheet = Sheet(
        index=index,
        kind="figures",
        kind_name=table.title or "数据表",
        title=f"单位：{table.unit}",
        result=None,
        location=_loc(table),
        findings=b.take(f"figure_tables.{t_index}"),
        figure_columns=table.columns[1:] if len(table.columns) > 1 else table.columns,
    )
    for i, line in enumerate(table.rows):
        sheet.rows.append(
            Row(
                label=[("　" * line.level) + line.label],
                cells={
                    str(c): b.cell(f"figure_tables.{t_index}.rows.{i}.values.{c}", v)
                    for c, v in enumerate(line.values)
                },
                findings=b.take(f"figure_tables.{t_index}.rows.{i}"),
                location=_loc(line),
            )
        )
    return sheet


def build_sheets(evaluated: Evaluated, only: int | None = None) -> tuple[list[Sheet], list[Finding]]:
    """Every table of the dossier in document order of the score report, and the findings not placed
    at any cell, row or table (narrative, dates, cross-table checks).

    ``only``: just the table of that index (a live edit re-renders one table). The others are not
    built, but their paths still hold their findings, so the findings placed nowhere are the same.
    """
    d = evaluated.dossier
    tables = list(evaluated.scored.tables)
    b = _Builder(evaluated)
    sheets: list[Sheet] = []
    index = 0

    def wanted(prefix: str) -> bool:
        nonlocal index
        index += 1
        if only is None or only == index - 1:
            return True
        b.take(prefix)  # not shown here: every finding under it stays placed (in that table)
        return False

    position = 0
    if d.basic_data is not None:
        if wanted("basic_data"):
            sheets.append(_basic(b, index - 1, d.basic_data, tables[position] if tables else None))
        position += 1
    for e_index, evaluation in enumerate(d.evaluations):
        result = tables[position] if position < len(tables) else None
        if wanted(f"evaluations.{e_index}"):
            sheets.append(_evaluation(b, index - 1, e_index, evaluation, result))
        position += 1
    for r_index, rubric in enumerate(d.rubrics):
        result = tables[position] if position < len(tables) else None
        if wanted(f"rubrics.{r_index}"):
            sheets.append(_rubric(b, index - 1, r_index, rubric, result))
        position += 1
    for t_index, table in enumerate(d.figure_tables):
        if wanted(f"figure_tables.{t_index}"):
            sheets.append(_figures(b, index - 1, t_index, table))
    for sheet in sheets:
        _group_labels(sheet.rows)
    return sheets, b.place()


def _group_labels(rows: list[Row]) -> None:
    """Show a 一级/二级 heading once per run of rows, as the printed form merges it."""
    previous: list[str] = []
    for row in rows:
        shown = list(row.label)
        if len(row.label) >= 2 and previous[:1] == row.label[:1]:
            shown[0] = ""
            if len(row.label) >= 3 and previous[:2] == row.label[:2]:
                shown[1] = ""
        previous = row.label
        row.shown = shown
