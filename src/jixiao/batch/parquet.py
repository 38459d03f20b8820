"""The four Parquet tables of a batch (``documents``, ``tables``, ``indicators``, ``findings``), built
from the records under ``OUT/records/`` in row groups of ``GROUP`` documents, so memory does not grow
with the batch. Needs ``pyarrow`` (``pip install 'jixiao[batch]'``); without it the records and
dossiers are still written and ``PyarrowMissing`` says what to install.

Column types come from the row Structs (``jixiao.batch.rows``): ``str`` → string, ``int`` → int64,
``float`` → float64, ``bool`` → bool, ``Decimal`` → decimal128(24, 6) (rounded half up to 6 places).
"""

from __future__ import annotations

import importlib
import os
import typing
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import msgspec

from jixiao.batch.engine import RECORDS, read_record
from jixiao.batch.rows import TABLES, Record

GROUP = 2000  # documents per row group
SCALE = Decimal("0.000001")


class PyarrowMissing(RuntimeError):
    code = "pyarrow_missing"


def _pa() -> Any:
    try:
        pyarrow = importlib.import_module("pyarrow")
    except ModuleNotFoundError as exc:
        raise PyarrowMissing(
            "写出 Parquet 表需要 pyarrow：pip install 'jixiao[batch]'（档案 JSON 与记录已写出）"
        ) from exc
    return pyarrow


def columns(row: type[msgspec.Struct]) -> list[tuple[str, type]]:
    """A row Struct's columns: name and base type (``None`` removed from ``X | None``)."""
    hints = typing.get_type_hints(row)
    out: list[tuple[str, type]] = []
    for name in row.__struct_fields__:
        hint = hints[name]
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        out.append((name, args[0] if args else hint))
    return out


def schema(row: type[msgspec.Struct]) -> Any:
    pa = _pa()
    types = {
        str: pa.string(),
        int: pa.int64(),
        float: pa.float64(),
        bool: pa.bool_(),
        Decimal: pa.decimal128(24, 6),
    }
    return pa.schema([pa.field(name, types[base]) for name, base in columns(row)])


def iter_records(out: Path) -> Iterator[Record]:
    """Every complete record of a batch folder, in file-name (doc_id) order."""
    folder = out / RECORDS
    if not folder.is_dir():
        return
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            record = read_record(Path(entry.path))
            if record is not None:
                yield record


def write_parquet(out: Path) -> dict[str, int]:
    """Write ``OUT/<table>.parquet`` for the four tables; the number of rows of each."""
    pa = _pa()
    pq = importlib.import_module("pyarrow.parquet")

    schemas = {name: schema(row) for name, row in TABLES.items()}
    names = {name: [c for c, _ in columns(row)] for name, row in TABLES.items()}
    decimals = {name: [c for c, base in columns(row) if base is Decimal] for name, row in TABLES.items()}
    writers = {
        name: pq.ParquetWriter(str(out / f"{name}.parquet.tmp"), schemas[name], compression="zstd")
        for name in TABLES
    }
    counts = dict.fromkeys(TABLES, 0)
    buffers: dict[str, list[msgspec.Struct]] = {name: [] for name in TABLES}

    def flush() -> None:
        for name, rows in buffers.items():
            if not rows:
                continue
            data: dict[str, list[Any]] = {c: [getattr(r, c) for r in rows] for c in names[name]}
            for column in decimals[name]:
                data[column] = [_scaled(v) for v in data[column]]
            writers[name].write_table(pa.Table.from_pydict(data, schema=schemas[name]))
            counts[name] += len(rows)
            rows.clear()

    try:
        pending = 0
        for record in iter_records(out):
            buffers["documents"].append(record.document)
            buffers["tables"].extend(record.tables)
            buffers["indicators"].extend(record.indicators)
            buffers["findings"].extend(record.findings)
            pending += 1
            if pending >= GROUP:
                flush()
                pending = 0
        flush()
    finally:
        for writer in writers.values():
            writer.close()
    for name in TABLES:
        os.replace(out / f"{name}.parquet.tmp", out / f"{name}.parquet")
    return counts


def _scaled(value: Decimal | None) -> Decimal | None:
    if value is None or not value.is_finite():
        return None
    return value.quantize(SCALE, rounding=ROUND_HALF_UP)
