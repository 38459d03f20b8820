"""The rows ``jixiao batch`` keeps for every document: four tables with stable columns.

Each document processed leaves one ``Record`` (``OUT/records/<doc_id>.json``): its ``documents`` row
and its rows of ``tables``, ``indicators`` and ``findings``. The Parquet files are these records put
together (``jixiao.batch.parquet``); the Struct fields below *are* the columns, in this order, with
these types (``docs/batch.md`` lists them). Columns are only ever added, at the end, never renamed.

Money (万元), rates (%) and points are ``Decimal`` here and ``decimal128(24, 6)`` in Parquet.
``doc_id`` is the first 16 hex digits of the file's SHA-256: the key joining the four tables, and the
name of the document's dossier JSON (``OUT/dossiers/<doc_id>.json``).
"""

from __future__ import annotations

from decimal import Decimal

import msgspec

RECORD_VERSION = 1


class DocumentRow(msgspec.Struct, frozen=True, gc=False):
    doc_id: str
    sha256: str
    path: str  # as given on the command line (or in the list file)
    name: str
    suffix: str  # .docx, .pdf, … lower case
    bytes: int
    status: str  # ok or failed
    error_code: str | None = None  # file_empty, docx_corrupt, pdf_needs_ocr, file_timeout, …
    error_message: str | None = None  # the Chinese message a user sees
    unit: str | None = None
    year: int | None = None
    rules: str = ""  # the rule packs applied, comma-separated
    families: str = ""  # the form families recognised (hunan, hubei, generic, …), comma-separated
    tables: int = 0  # scored tables (evaluation forms, 评分表, 基础数据表)
    evaluations: int = 0
    rubrics: int = 0
    sections: int = 0  # narrative report sections
    statements: int = 0  # figures stated in the narrative
    unread: int = 0  # tables or blocks seen but not recognised
    errors: int = 0  # audit findings (open, not accepted) by severity
    warnings: int = 0
    infos: int = 0
    could_not_check: int = 0
    accepted: int = 0
    read_seconds: float | None = None
    peak_rss: int | None = None  # bytes, the reading worker's high-water mark (None: read in process)


class TableRow(msgspec.Struct, frozen=True, gc=False):
    doc_id: str
    table_no: int  # 1-based, in the order the score report lists the document's tables
    kind: str  # unit_overall | dept_overall | project | dept_rubric | basic_data
    template: str  # the form's id in the forms registry
    family: str | None  # the registry's family_of(template)
    name: str
    unit: str | None
    rules: str | None
    location: str | None
    budget_initial: Decimal | None = None  # 万元
    budget_adjusted: Decimal | None = None
    budget_executed: Decimal | None = None
    execution_rate: Decimal | None = None  # %
    execution_weight: Decimal | None = None
    execution_declared: Decimal | None = None
    execution_computed: Decimal | None = None
    declared_total: Decimal | None = None
    computed_total: Decimal | None = None  # None where a person must give part of the score
    computed_low: Decimal | None = None  # the range the rules allow, where they leave a judgement
    computed_high: Decimal | None = None
    weights_total: Decimal | None = None
    declared_points: Decimal | None = None
    grade: str | None = None  # as declared
    computed_grade: str | None = None
    indicators: int = 0


class IndicatorRow(msgspec.Struct, frozen=True, gc=False):
    doc_id: str
    table_no: int
    indicator_no: int  # 1-based within its table
    level1: str
    level2: str
    name: str
    target: str | None
    actual: str | None
    weight: Decimal | None = None
    declared_score: Decimal | None = None
    computed_score: Decimal | None = None
    computed_low: Decimal | None = None
    computed_high: Decimal | None = None
    direction: str | None = None
    achievement: str | None = None
    location: str | None = None


class FindingRow(msgspec.Struct, frozen=True, gc=False):
    doc_id: str
    finding_no: int  # 1-based, in the audit's order
    code: str  # K011, S001, …
    category: str
    severity: str  # error | warning | info
    outcome: str  # finding | could_not_check
    accepted: bool
    message: str
    location: str | None = None
    table_no: int | None = None  # the table the finding is about (joined on its dossier path)
    family: str | None = None  # that table's form family
    excerpt: str | None = None


class Record(msgspec.Struct, frozen=True, gc=False):
    """What one document left: the unit of resumption (written last, after the dossier JSON)."""

    document: DocumentRow
    tables: tuple[TableRow, ...] = ()
    indicators: tuple[IndicatorRow, ...] = ()
    findings: tuple[FindingRow, ...] = ()
    rules_option: str | None = None  # --rules as given (a different option processes the file again)
    version: int = RECORD_VERSION


TABLES: dict[str, type[msgspec.Struct]] = {
    "documents": DocumentRow,
    "tables": TableRow,
    "indicators": IndicatorRow,
    "findings": FindingRow,
}
