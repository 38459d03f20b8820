"""Measure jixiao on the corpus of real published documents against their hand-made keys.

Three figures, as the provinces issue defines them:

* **tables read exactly**: of the keyed evaluation tables, how many jixiao reads with the same budget
  triple, execution columns, 总分 row and indicator rows (names, 分值, 得分), every figure compared as a
  ``Decimal`` in the key's unit (a table the stored text cuts off: the rows it holds);
* **required errors found**: of the errors the key marks ``required`` (the document alone proves them),
  how many jixiao reports with a check of the error's kind (at error or warning severity);
* **false alarms**: error-severity findings on documents the key calls clean.

``python -m tests.corpus.harness`` prints them with every miss; ``tests/corpus/test_corpus.py`` holds
them to the floor recorded in ``floor.yaml``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from jixiao.audit.finding import DocumentAudit
from jixiao.audit.run import audit_dossier
from jixiao.ingest.errors import IngestError
from jixiao.ingest.loader import load_path
from jixiao.ingest.normalise import drop_pinyin, to_simplified
from jixiao.model.dossier import Dossier, Evaluation, Val

ROOT = Path(__file__).parent

# The audit checks that find each kind of keyed error (tests/corpus/README.md).
KIND_CODES: dict[str, frozenset[str]] = {
    "rate": frozenset({"A002"}),
    "budget_parts": frozenset({"A001"}),
    "execution_score": frozenset({"S001"}),
    "indicator_score": frozenset({"S002"}),
    "weights": frozenset({"W001", "W002"}),
    "total": frozenset({"A006", "S003"}),
    "grade": frozenset({"S004"}),
    "impossible": frozenset({"P006"}),
    "unit": frozenset({"P010", "P012"}),
    "narrative_change": frozenset({"N001"}),
    "narrative_share": frozenset({"N002"}),
    "narrative_completion": frozenset({"N003", "N004"}),
    "narrative_sum": frozenset({"K010", "N005"}),
    "narrative_conflict": frozenset({"K010", "K011", "K012", "N006"}),
    "text_vs_table": frozenset({"K001", "K002", "K004", "K007", "K009"}),
    "other": frozenset(),
}
LAYOUTS = frozenset({"cells", "flat", "pipe", "pdf", "ocr", "prose", "mixed", "tab", "html", "word"})
KINDS = frozenset({"project", "unit_overall", "dept_overall"})


class KeyError_(ValueError):
    """A key that does not follow tests/corpus/README.md."""


@dataclass(frozen=True)
class Document:
    key_path: Path
    text_path: Path
    key: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.key_path.parent.name}/{self.key_path.stem}"

    @property
    def blind(self) -> bool:
        """Keyed before jixiao read it (``h-`` slugs): the figure to expect on documents no one tuned to."""
        return self.key_path.stem.startswith("h-")


def documents(root: Path = ROOT) -> list[Document]:
    found = []
    for key_path in sorted(root.glob("*/*.yaml")):
        texts = [p for p in key_path.parent.glob(key_path.stem + ".*") if p.suffix != ".yaml"]
        if len(texts) != 1:
            raise KeyError_(f"{key_path}: expected one document beside the key, found {len(texts)}")
        key = yaml.safe_load(key_path.read_text(encoding="utf-8"))
        found.append(Document(key_path, texts[0], key))
    return found


def figure(text: object) -> Decimal | None:
    """A key's figure as written ("1,234.50", "98.75", "" for blank) as a Decimal, or None when blank."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise KeyError_(f"figures are strings as written, not {type(text).__name__}: {text!r}")
    cleaned = re.sub(r"[,，\s%％分]", "", text)
    if cleaned in ("", "/", "-", "—", "--"):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise KeyError_(f"not a figure: {text!r}") from exc


def validate(doc: Document) -> list[str]:
    """What is wrong with a key (an empty list for a good one)."""
    key, problems = doc.key, []
    for required in ("url", "title", "province", "year", "layout", "family", "tables", "errors", "clean"):
        if required not in key:
            problems.append(f"missing {required}")
    if key.get("layout") not in LAYOUTS:
        problems.append(f"unknown layout {key.get('layout')!r}")
    for table in key.get("tables") or []:
        if table.get("kind") not in KINDS:
            problems.append(f"unknown table kind {table.get('kind')!r}")
        try:
            for group in ("budget", "execution"):
                for value in (table.get(group) or {}).values():
                    figure(value)
            figure(table.get("points"))
            figure(table.get("total"))
            for row in table.get("indicators") or []:
                figure(row.get("weight"))
                figure(row.get("score"))
        except KeyError_ as exc:
            problems.append(str(exc))
    for error in key.get("errors") or []:
        if error.get("kind") not in KIND_CODES:
            problems.append(f"unknown error kind {error.get('kind')!r}")
    if key.get("clean") and any(e.get("required") for e in key.get("errors") or []):
        problems.append("clean: true with required errors")
    return problems


def _norm(text: str) -> str:
    """A name as compared: in one script (simplified characters, pinyin glosses dropped: a key keeps a
    reprint's ``衛(wèi)片`` as written, the reader gives ``卫片``), without spaces and punctuation.
    Both sides are folded the same way."""
    return re.sub(r"[\s（）()：:、，,★*]", "", to_simplified(drop_pinyin(text)))


def _same(expected: object, read: Val | None, scale: Decimal = Decimal(1)) -> bool:
    """The key's figure (in the key's unit, ``scale`` to 万元) equals the value read. A 执行率 the form
    writes as a bare fraction (``0.958``, no ``%``) is keyed as written and read as a percentage
    (95.8, unit ``%``, its text without ``%``): the key's fraction then equals the read percent / 100."""
    want = figure(expected)
    got = read.num if read is not None else None
    if want is None:
        return got is None
    if got is None:
        return False
    if got == want * scale:
        return True
    assert read is not None
    fraction = read.unit == "%" and not re.search(r"[%％]", read.text) and 0 < want <= 1
    return fraction and got / 100 == want


@dataclass
class TableCheck:
    document: str
    index: int
    differences: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return not self.differences


def _match(table: dict[str, Any], index: int, evaluations: tuple[Evaluation, ...]) -> Evaluation | None:
    name = _norm(str(table.get("name") or ""))
    if name:
        for evaluation in evaluations:
            if evaluation.name is not None and _norm(evaluation.name.text) == name:
                return evaluation
    return evaluations[index] if index < len(evaluations) else None


def check_table(doc: Document, index: int, table: dict[str, Any], dossier: Dossier | None) -> TableCheck:
    result = TableCheck(doc.name, index + 1)
    diff = result.differences
    evaluation = _match(table, index, dossier.evaluations) if dossier is not None else None
    if evaluation is None:
        diff.append("table not read")
        return result
    scale = Decimal("0.0001") if table.get("unit") == "元" else Decimal(1)
    budget = evaluation.budget
    for column, written in (table.get("budget") or {}).items():
        read = getattr(budget.total, column) if budget is not None else None
        if not _same(written, read, scale):
            diff.append(f"budget.{column}: key {written!r}, read {read.text if read else None!r}")
    for column, written in (table.get("execution") or {}).items():
        read = getattr(budget, column) if budget is not None else None
        if not _same(written, read):
            diff.append(f"execution.{column}: key {written!r}, read {read.text if read else None!r}")
    for column, attr in (("points", "declared_points"), ("total", "declared_total")):
        if column in table and not _same(table[column], getattr(evaluation, attr)):
            read = getattr(evaluation, attr)
            diff.append(f"{column}: key {table[column]!r}, read {read.text if read else None!r}")
    rows = table.get("indicators") or []
    read_rows = evaluation.indicators
    if not table.get("complete", True):
        # the stored text cuts the table: the rows it holds must be read, a cut last row may be too
        read_rows = read_rows[: len(rows)]
    if len(rows) != len(read_rows):
        diff.append(f"indicators: key {len(rows)} rows, read {len(evaluation.indicators)}")
    else:
        for row, indicator in zip(rows, read_rows, strict=True):
            if _norm(str(row.get("name") or "")) != _norm(indicator.name):
                diff.append(f"indicator name: key {row.get('name')!r}, read {indicator.name!r}")
            for column in ("weight", "score"):
                if not _same(row.get(column), getattr(indicator, column)):
                    read = getattr(indicator, column)
                    diff.append(
                        f"{indicator.name} {column}: key {row.get(column)!r}, read {read.text if read else None!r}"
                    )
    return result


@dataclass
class Measure:
    documents: int = 0
    provinces: set[str] = field(default_factory=set)
    unreadable: list[str] = field(default_factory=list)
    tables: list[TableCheck] = field(default_factory=list)
    required: int = 0
    found: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    clean_documents: int = 0
    false_alarms: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)

    @property
    def exact(self) -> int:
        return sum(t.exact for t in self.tables)

    def lines(self) -> Iterator[str]:
        yield f"documents: {self.documents} from {len(self.provinces)} provinces"
        yield f"tables read exactly: {self.exact}/{len(self.tables)}"
        yield f"required errors found: {len(self.found)}/{self.required}"
        narrative = [label for label in self.found if ": narrative_" in label]
        keyed = narrative + [label for label in self.missed if ": narrative_" in label]
        yield f"  of them in the narrative (自评报告, 决算说明): {len(narrative)}/{len(keyed)}"
        yield f"error findings on clean documents: {len(self.false_alarms)} (on {self.clean_documents} clean documents)"
        yield f"tables read that the key does not hold: {len(self.invented)}"


def read(doc: Document) -> Dossier | None:
    try:
        return load_path(doc.text_path)
    except IngestError:
        return None


def measure(docs: list[Document] | None = None) -> Measure:
    result = Measure()
    for doc in docs if docs is not None else documents():
        result.documents += 1
        result.provinces.add(str(doc.key.get("province")))
        dossier = read(doc)
        if dossier is None:
            result.unreadable.append(doc.name)
        keyed = doc.key.get("tables") or []
        for index, table in enumerate(keyed):
            result.tables.append(check_table(doc, index, table, dossier))
        if dossier is not None and len(dossier.evaluations) > len(keyed):
            # the key lists every evaluation table the text holds: a table read beyond them is invented
            names = [e.name.text if e.name else "?" for e in dossier.evaluations]
            result.invented.append(f"{doc.name}: key {len(keyed)} tables, read {len(names)}: {names}")
        audit: DocumentAudit | None = audit_dossier(dossier) if dossier is not None else None
        findings = [f for f in audit.findings if f.outcome == "finding"] if audit is not None else []
        for error in doc.key.get("errors") or []:
            if not error.get("required"):
                continue
            result.required += 1
            codes = KIND_CODES[error["kind"]]
            label = f"{doc.name}: {error['kind']}: {str(error.get('detail', '')).strip()[:80]}"
            hit = any(f.code in codes and f.severity in ("error", "warning") for f in findings)
            (result.found if hit else result.missed).append(label)
        if doc.key.get("clean"):
            result.clean_documents += 1
            for f in findings:
                if f.severity == "error":
                    result.false_alarms.append(f"{doc.name}: {f.code} {f.message[:100]}")
    return result


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.corpus.harness [--blind]``: the figures with every miss; ``--blind`` measures
    only the documents keyed before jixiao read them."""
    args = sys.argv[1:] if argv is None else argv
    blind = "--blind" in args
    result = measure([d for d in documents() if d.blind] if blind else None)
    if blind:
        print("blind set (keyed before jixiao read them):")
    for line in result.lines():
        print(line)
    print("\nunreadable:", ", ".join(result.unreadable) or "none")
    print("\ntables not read exactly:")
    for table in result.tables:
        if not table.exact:
            print(f"  {table.document} 表{table.index}: " + "; ".join(table.differences))
    print("\nrequired errors missed:")
    for line in result.missed:
        print("  " + line)
    print("\nfalse alarms:")
    for line in result.false_alarms:
        print("  " + line)
    print("\ntables read that the key does not hold:")
    for line in result.invented:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
