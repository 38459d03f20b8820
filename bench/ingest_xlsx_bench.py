"""Benchmark: reading .xlsx workbooks, against unzip + XML parse of the same sheets (the baseline).

The workbooks are the seeds written in their official layouts (000-002 from the text export with the
forms' merges, 004 through the Hubei layout) plus a 2,000-row sheet with 251 merged ranges (the
stack evaluation's test sheet). Each measurement reads every workbook ``--repeat`` times, best of
three, in this one process:

* baseline: open the zip, inflate every worksheet part and parse it with lxml (``etree.fromstring``);
* reader: ``read_xlsx`` (calamine values and merges, the style pass, blocks);
* ingest: ``read_xlsx`` then ``load_grid`` (recognising the forms), for scale;
* openpyxl: ``load_workbook(read_only=True)`` iterating every cell value, for reference.

Peak memory is the peak Python heap (tracemalloc) while reading every workbook once; calamine's Rust
buffers are outside it, and are freed as soon as a sheet is converted to Python lists.

    .venv/bin/python bench/ingest_xlsx_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def workbooks() -> list[tuple[str, bytes]]:
    import openpyxl
    from lxml import etree  # noqa: F401  (imported here so every process pays the same imports)
    from openpyxl.styles import Border, Side
    from tests.conftest import SEED_FILES
    from tests.official import official_grid

    from jixiao.ingest.loader import load_path
    from jixiao.ingest.wordtext import read_word_text
    from jixiao.render.layout import layout_dossier
    from jixiao.render.xlsx import write_xlsx

    out: list[tuple[str, bytes]] = []
    for key in ("000", "001", "002"):
        grid = official_grid(read_word_text(SEED_FILES[key].read_text(encoding="utf-8"), f"{key}.txt"))
        buffer = io.BytesIO()
        write_xlsx(grid, buffer)
        out.append((f"{key}.xlsx", buffer.getvalue()))
    buffer = io.BytesIO()
    write_xlsx(layout_dossier(load_path(SEED_FILES["004"])), buffer)
    out.append(("004.xlsx", buffer.getvalue()))
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.merge_cells("A1:H1")
    sheet["A1"] = "标题"
    for r in range(2, 2002):
        for c in range(1, 9):
            cell = sheet.cell(r, c, value=(r * c * 1.25 if c % 2 else f"文本{r}-{c}"))
            cell.border = box
    for r in range(3, 2002, 8):
        sheet.merge_cells(start_row=r, start_column=1, end_row=r + 3, end_column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    out.append(("2000rows.xlsx", buffer.getvalue()))
    return out


def baseline(data: bytes) -> int:
    from lxml import etree

    count = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                count += len(etree.fromstring(archive.read(name)))
    return count


def reader(data: bytes) -> int:
    from jixiao.ingest.xlsx import read_xlsx

    return len(read_xlsx(data, "bench.xlsx").blocks)


def ingest(data: bytes) -> int:
    from jixiao.ingest.loader import load_grid
    from jixiao.ingest.xlsx import read_xlsx

    return len(load_grid(read_xlsx(data, "bench.xlsx")).evaluations)


def openpyxl_read_only(data: bytes) -> int:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = sum(1 for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for _ in row)
    workbook.close()
    return count


MEASURES: dict[str, Callable[[bytes], int]] = {
    "baseline (unzip + lxml parse)": baseline,
    "read_xlsx": reader,
    "read_xlsx + load_grid": ingest,
    "openpyxl read_only": openpyxl_read_only,
}


def timed(function: Callable[[bytes], int], files: list[tuple[str, bytes]], repeat: int) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeat):
            for _, data in files:
                function(data)
        best = min(best, time.perf_counter() - start)
    return best


def peak_mb(function: Callable[[bytes], int], files: list[tuple[str, bytes]]) -> float:
    """Peak Python heap while reading every workbook once (calamine's own Rust buffers are not traced;
    they are freed once a sheet is converted to Python lists)."""
    function(files[0][1])  # imports and caches outside the trace
    tracemalloc.start()
    for _, data in files:
        function(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    files = workbooks()
    documents = len(files) * args.repeat
    print(
        f"{len(files)} workbooks ({', '.join(f'{n} {len(d) // 1024} KB' for n, d in files)}), x{args.repeat}"
    )
    base = timed(baseline, files, args.repeat)
    print(f"{'measure':32} {'seconds':>8} {'docs/s':>8} {'ratio':>6} {'peak heap MB':>12}")
    for name, function in MEASURES.items():
        seconds = base if function is baseline else timed(function, files, args.repeat)
        print(
            f"{name:32} {seconds:8.3f} {documents / seconds:8.1f} {seconds / base:5.2f}x"
            f" {peak_mb(function, files):10.1f}"
        )
    print("per workbook, reader / baseline:")
    for file_name, data in files:
        ratio = timed(reader, [(file_name, data)], args.repeat) / timed(
            baseline, [(file_name, data)], args.repeat
        )
        print(f"  {file_name:16} {ratio:5.2f}x")


if __name__ == "__main__":
    main()
