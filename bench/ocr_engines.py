"""RapidOCR against Tesseract ``chi_sim`` on the same scanned seed pages (issue #11).

The scans are those of ``bench/ocr_accuracy.py`` (``tests/ocr/make_scans.py``: a seed's first forms
written as a PDF with a text layer, then stamped with a red seal, turned, blurred and saved as a JPEG
scan). Each engine reads every scanned page in a fresh process of its own:

* ``rapidocr``: jixiao's pipeline as it is (``jixiao.ingest.ocr.read_scanned_page``: seal removed,
  page straightened, ruled cells found, then recognised as the module's ``MODE`` says; the mode is
  printed), one onnxruntime thread (``jixiao.ingest.ocr.THREADS = 1``; the models' loading is timed
  apart, once a process);
* ``tesseract-psmN``: the same page preparation (``remove_seal``, and the ruling finder, tilt and
  cell grid of ``jixiao.ingest.ocr``), then every cell cropped inside its lines (the ruling pixels
  whitened, the crop trimmed to its ink, a white margin added) and recognised by the ``tesseract``
  binary, ``-l chi_sim --psm N``, one thread (``OMP_THREAD_LIMIT=1``): one tesseract process a page,
  reading that page's cells as a list of images (the model loaded once a page, inside the figure), its
  TSV output giving each word's box and confidence (0-100, taken as 0-1). Blank cells are not sent.

Both give ``ScannedPage`` objects that ``jixiao.ingest.pdf.read_pdf`` lays out into grids the same way
(``jixiao.ingest.ocr.preread_pages``), compared with the text layer's grid by ``bench/ocr_accuracy.py``'s
``compare``. Printed per engine: figures exact / total, wrong (unflagged: at or above the O001 threshold,
the number that must stay 0; flagged), blank; exact figures O001 would still flag (confidence below
``REVIEW_BELOW``: needless reviews); cells exact; characters of Chinese labels exact (the Han characters
of the reference's cells without a digit, matched in order, ``difflib``); CPU seconds a page (user + system
of the reading process and of its tesseract children, ``resource.getrusage``; wall time is noisy on a
shared machine; RapidOCR's model loading apart, tesseract's start on a blank image shown, it is paid
in every page's process); peak resident memory of the reading process and of one tesseract process; and whether
the cell grid equals the RapidOCR run's on every page (the same cells recognised).

Without ``tesseract`` (or its ``chi_sim`` data) the script says so, with the ``apt-get`` command, and runs
RapidOCR alone.

``python bench/ocr_engines.py [--dpi 150 --dpi 200] [--forms e1] [--psm 6 --psm 7] [--lang chi_sim+eng]
[--enlarge 2] [--mode page] [keys]`` (``--lang``, ``--enlarge``: variants of Tesseract, each with every
``--psm``; ``--mode``: RapidOCR with ``jixiao.ingest.ocr.MODE`` set so, several allowed).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from jixiao.ingest import ocr
from jixiao.ingest.limits import Limits
from jixiao.ingest.pdf import read_pdf
from jixiao.model.grid import Grid
from ocr_accuracy import _shape, compare, norm

ROOT = Path(__file__).resolve().parents[1]
APT_COMMAND = "apt-get install -y tesseract-ocr tesseract-ocr-chi-sim"
_HAN = re.compile(r"[\u3400-\u9fff]")
_MARK = "RESULT "  # the child's last line: its figures as JSON


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its finished children (tesseract)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def tesseract_missing() -> str | None:
    """Why Tesseract cannot run here (None when ``tesseract`` and its ``chi_sim`` data are installed)."""
    binary = shutil.which("tesseract")
    if binary is None:
        return "未安装 tesseract / tesseract is not installed"
    done = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, check=False)
    if "chi_sim" not in done.stdout.split():
        return "tesseract 缺少简体中文数据 chi_sim / tesseract has no chi_sim language data"
    return None


# --------------------------------------------------------------------------- Tesseract on the cells


@dataclass
class Prepared:
    """A page prepared as ``read_scanned_page`` prepares it, before recognition."""

    page: ocr.ScannedPage  # without characters
    gray: Any  # the straightened, seal-free page, grey, ruling lines whitened
    boxes: list[tuple[int, int, int, int]]  # every table's cells, pixels


def prepare(image: Any, number: int, dpi: int) -> Prepared:
    """Seal removed, page straightened and its ruled cells found by ``jixiao.ingest.ocr``'s own
    functions, in ``read_scanned_page``'s order."""
    import cv2

    height_px, width_px = image.shape[:2]
    scale = 72.0 / dpi
    image, seal = ocr.remove_seal(image, dpi)
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    horizontal, vertical = ocr._ruling(gray, dpi)
    skew = ocr._skew(horizontal, width_px)
    if skew:
        image = ocr._rotate(image, skew)
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        horizontal, vertical = ocr._ruling(gray, dpi)
    tables, rules = ocr._tables(horizontal, vertical, dpi)
    page = ocr.ScannedPage(
        number=number, width=width_px * scale, height=height_px * scale, seal=seal, skew=skew
    )
    page.tables = [
        [(x0 * scale, y0 * scale, x1 * scale, y1 * scale) for x0, y0, x1, y1 in boxes] for boxes in tables
    ]
    page.rules = [
        {"x0": x0 * scale, "x1": x1 * scale, "top": y * scale, "bottom": y * scale, "orientation": "h"}
        for x0, x1, y in rules
    ]
    # Remains of a ruling line at a crop's edge are read as "|" or "1": whiten the lines (a run of
    # ``LINE_SHARE`` inch is longer than any stroke of a body character).
    lines = cv2.dilate(
        cv2.bitwise_or(horizontal, vertical), cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
    )
    clean = gray.copy()
    clean[lines > 0] = 255
    return Prepared(page, clean, [box for boxes in tables for box in boxes])


@dataclass(frozen=True)
class Tesseract:
    """How Tesseract is run on the cells: page segmentation mode, languages, and how much each crop is
    enlarged before it is read (1: as rasterised)."""

    psm: int = 6
    lang: str = "chi_sim"
    enlarge: int = 1

    @property
    def name(self) -> str:
        extra = (f"-x{self.enlarge}" if self.enlarge != 1 else "") + (
            f"-{self.lang}" if self.lang != "chi_sim" else ""
        )
        return f"tesseract-psm{self.psm}{extra}"

    @classmethod
    def parse(cls, name: str) -> Tesseract:
        parts = name.split("-")[1:]
        psm = int(parts[0].removeprefix("psm"))
        enlarge = next((int(p[1:]) for p in parts[1:] if re.fullmatch(r"x\d+", p)), 1)
        lang = next((p for p in parts[1:] if not re.fullmatch(r"x\d+", p)), "chi_sim")
        return cls(psm, lang, enlarge)


def tesseract_chars(prepared: Prepared, dpi: int, how: Tesseract, folder: Path) -> list[ocr.Char]:
    """The characters Tesseract reads in each cell, pdfplumber-like in points with a ``score``."""
    import cv2

    inset, margin = 3, 12
    scale = 72.0 / dpi / how.enlarge
    images: list[Path] = []
    origins: list[tuple[int, int]] = []
    for x0, y0, x1, y1 in prepared.boxes:
        if x1 - x0 <= 4 * inset or y1 - y0 <= 4 * inset:
            continue
        crop = prepared.gray[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
        ys, xs = (crop < 128).nonzero()
        if not len(ys):
            continue  # a blank cell: nothing to read
        # Trimmed to its ink: in a wide cell mostly blank (总分 in a full-width row), psm 6 and 7 read nothing.
        left, top = int(xs.min()), int(ys.min())
        crop = crop[top : int(ys.max()) + 1, left : int(xs.max()) + 1]
        if how.enlarge != 1:
            crop = cv2.resize(crop, None, fx=how.enlarge, fy=how.enlarge, interpolation=cv2.INTER_CUBIC)
        crop = cv2.copyMakeBorder(crop, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=255)
        path = folder / f"{prepared.page.number}-{len(images)}.pgm"
        cv2.imwrite(str(path), crop)
        images.append(path)
        origins.append(
            ((x0 + inset + left) * how.enlarge - margin, (y0 + inset + top) * how.enlarge - margin)
        )
    if not images:
        return []
    listing = folder / f"{prepared.page.number}.txt"
    listing.write_text("".join(f"{path}\n" for path in images), encoding="utf-8")
    done = subprocess.run(
        [
            *("tesseract", str(listing), "stdout", "-l", how.lang, "--psm", str(how.psm)),
            *("--dpi", str(dpi * how.enlarge), "tsv"),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    for path in images:
        path.unlink()
    # Tesseract's word boxes may overlap their neighbours' (a word of digits reaching over the next
    # character), which would put characters out of order: each line's characters are spread over the
    # line's box in reading order (as jixiao.ingest.ocr does when the recogniser gives no box per
    # character), each keeping its word's confidence.
    lines: dict[tuple[str, ...], tuple[int, int, int, int, int]] = {}  # image, block, par, line: box
    words: dict[tuple[str, ...], list[tuple[str, float]]] = {}
    for row in done.stdout.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 11:
            continue
        level, image_no, left, top, width, height = (int(v) for v in (fields[0], fields[1], *fields[6:10]))
        key = tuple(fields[1:5])
        text = "".join(fields[11].split()) if len(fields) > 11 else ""
        if level == 4:
            lines[key] = (image_no, left, top, width, height)
        elif level == 5 and text:
            words.setdefault(key, []).extend((ch, max(0.0, float(fields[10])) / 100) for ch in text)
    chars: list[ocr.Char] = []
    for key, (image_no, left, top, width, height) in lines.items():
        found = words.get(key, [])
        dx, dy = origins[image_no - 1]
        step = width / max(1, len(found))
        for i, (ch, score) in enumerate(found):
            chars.append(
                {
                    "text": ch,
                    "x0": (dx + left + i * step) * scale,
                    "x1": (dx + left + (i + 1) * step) * scale,
                    "top": (dy + top) * scale,
                    "bottom": (dy + top + height) * scale,
                    "size": max(1.0, height * scale * 0.8),
                    "fontname": "OCR",
                    "score": round(score, 4),
                }
            )
    return chars


def tesseract_start(how: Tesseract, runs: int = 3) -> float:
    """CPU seconds of one tesseract process that reads a blank image: loading its model, paid once a
    page here (included in the CPU seconds a page)."""
    import cv2
    import numpy as np

    with tempfile.TemporaryDirectory() as folder:
        blank = Path(folder) / "blank.pgm"
        cv2.imwrite(str(blank), np.full((40, 40), 255, np.uint8))
        before = cpu_seconds()
        for _ in range(runs):
            subprocess.run(
                ["tesseract", str(blank), "stdout", "-l", how.lang, "--psm", str(how.psm), "tsv"],
                capture_output=True,
                check=True,
                env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            )
        return (cpu_seconds() - before) / runs


# --------------------------------------------------------------------------- measures


def label_chars(reference: Grid, scan: Grid) -> tuple[int, int]:
    """Han characters of the reference's label cells (no digit) read right, in order, and their
    number; cells are compared where the scan's row has the same cells, as ``compare`` does."""
    scanned = {t.index: t for t in scan.tables}
    matched = total = 0
    for table in reference.tables:
        other = scanned.get(table.index)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                want = "".join(_HAN.findall(cell.text))
                if not want or re.search(r"\d", cell.text):
                    continue
                total += len(want)
                if other is None or r >= len(other.rows) or _shape(other.rows[r]) != _shape(row):
                    continue
                got = "".join(_HAN.findall(other.rows[r][c].text))
                blocks = difflib.SequenceMatcher(None, want, got, autojunk=False).get_matching_blocks()
                matched += sum(block.size for block in blocks)
    return matched, total


def _short(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[:most] + "…"


def needless_reviews(reference: Grid, scan: Grid) -> int:
    """Figures read exactly that O001 would still flag (confidence below ``REVIEW_BELOW``); the
    figures read otherwise are printed."""
    scanned = {t.index: t for t in scan.tables}
    count = 0
    for table in reference.tables:
        other = scanned.get(table.index)
        for r, row in enumerate(table.rows):
            if other is None or r >= len(other.rows) or _shape(other.rows[r]) != _shape(row):
                continue
            for c, cell in enumerate(row):
                read = other.rows[r][c]
                if not re.search(r"\d", cell.text):
                    continue
                if norm(read.text) != norm(cell.text):
                    print(f"    figure {_short(cell.text)!r} read {_short(read.text)!r} ({read.confidence})")
                elif read.confidence is not None and read.confidence < ocr.REVIEW_BELOW:
                    count += 1
    return count


# --------------------------------------------------------------------------- one engine, one process


def child(engine: str, scans: list[Path]) -> None:
    """Read every scan with ``engine`` (``rapidocr`` or ``tesseract-psmN``), then compare: prints the
    per-scan lines and, last, the figures as JSON."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    dpi = ocr.DPI
    start_cpu = cpu_seconds()
    rapid = engine.startswith("rapidocr")
    if rapid:
        ocr.THREADS = 1
        if engine.startswith("rapidocr-"):  # a mode of jixiao.ingest.ocr other than its default
            ocr.MODE = engine.removeprefix("rapidocr-")
        ocr._engine()  # the models loaded once a process: timed apart
    engine_cpu = cpu_seconds() - start_cpu
    if not rapid:  # tesseract loads its model in every process, once a page: its start, on a blank image
        engine_cpu = tesseract_start(Tesseract.parse(engine))
    read: list[dict[int, ocr.ScannedPage]] = []
    per_scan_cpu: list[float] = []
    pages = 0
    wall = time.perf_counter()
    ocr_cpu = cpu_seconds()
    with tempfile.TemporaryDirectory() as folder:
        for scan in scans:
            before = cpu_seconds()
            document = pdfium.PdfDocument(scan.read_bytes())
            found: dict[int, ocr.ScannedPage] = {}
            for index in range(len(document)):
                image = ocr.rasterise(document, index, dpi)
                if rapid:
                    page = ocr.read_scanned_page(image, index + 1, dpi)
                else:
                    prepared = prepare(image, index + 1, dpi)
                    prepared.page.chars = tesseract_chars(
                        prepared, dpi, Tesseract.parse(engine), Path(folder)
                    )
                    page = prepared.page
                found[index + 1] = page
            document.close()
            pages += len(found)
            read.append(found)
            per_scan_cpu.append(cpu_seconds() - before)
    ocr_cpu = cpu_seconds() - ocr_cpu
    wall = time.perf_counter() - wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    totals: dict[str, int] = {}
    grids: list[list[list[float]]] = []
    for scan, found, seconds in zip(scans, read, per_scan_cpu, strict=True):
        expected = read_pdf(scan.with_name(scan.name.split("-")[0] + ".pdf").read_bytes(), "seed.pdf")
        with ocr.preread_pages(found):
            got = read_pdf(scan.read_bytes(), "seed.pdf", Limits(max_seconds=3600))
        counts = compare(expected, got)
        counts["label_chars_exact"], counts["label_chars"] = label_chars(expected, got)
        counts["needless_reviews"] = needless_reviews(expected, got)
        for name, value in counts.items():
            totals[name] = totals.get(name, 0) + value
        grids += [[list(box) for box in boxes] for page in found.values() for boxes in page.tables]
        print(
            f"  {engine} {scan.stem}: figures exact {counts['exact']}/{counts['figures']}, wrong "
            f"{counts['wrong_unflagged']} unflagged + {counts['wrong_flagged']} flagged, blank {counts['blank']}; "
            f"cells exact {counts['cells_exact']}/{counts['cells']}; label characters "
            f"{counts['label_chars_exact']}/{counts['label_chars']}; {seconds / len(found):.2f} CPU s a page",
            flush=True,
        )
    result = {
        # jixiao.ingest.ocr.MODE: how RapidOCR's page was read (once, or cell lines without detection)
        "engine": f"rapidocr (MODE {getattr(ocr, 'MODE', '?')!r})" if rapid else engine,
        "pages": pages,
        "engine_cpu": engine_cpu,
        "cpu": ocr_cpu,
        "wall": wall,
        "peak_mib": peak,
        "peak_child_mib": peak_child,
        "counts": totals,
        "grids": grids,
    }
    print(_MARK + json.dumps(result), flush=True)


def run_child(engine: str, scans: list[Path]) -> dict[str, Any] | None:
    done = subprocess.run(
        [sys.executable, __file__, "--child", engine, *map(str, scans)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "JIXIAO_OCR_THREADS": "1", "OMP_THREAD_LIMIT": "1"},
    )
    result: dict[str, Any] | None = None
    for line in done.stdout.splitlines():
        if line.startswith(_MARK):
            result = json.loads(line[len(_MARK) :])
        else:
            print(line, flush=True)
    if done.returncode != 0 or result is None:
        print(
            f"{engine}: failed (exit {done.returncode})\n{done.stderr[-3000:]}", file=sys.stderr, flush=True
        )
    return result


def summary(result: dict[str, Any], baseline: dict[str, Any] | None) -> str:
    n = result["counts"]
    pages = result["pages"]
    same = ""
    if baseline is not None and baseline is not result:
        same = "; cell grid " + (
            "the same as rapidocr's" if result["grids"] == baseline["grids"] else "DIFFERS"
        )
    child = f", one tesseract process {result['peak_child_mib']:.0f} MiB" if result["peak_child_mib"] else ""
    if result["engine"].startswith("rapidocr"):
        start = f" (+ {result['engine_cpu']:.2f} CPU s to load the models once)"
    else:
        start = f" (of which {result['engine_cpu']:.2f} s tesseract's start with its model, a page)"
    return (
        f"{result['engine']}: figures exact {n['exact']}/{n['figures']}, wrong {n['wrong_unflagged'] + n['wrong_flagged']} "
        f"({n['wrong_unflagged']} unflagged, {n['wrong_flagged']} flagged by O001), blank {n['blank']}; "
        f"exact but flagged by O001 {n['needless_reviews']}; cells exact {n['cells_exact']}/{n['cells']}; "
        f"label characters exact {n['label_chars_exact']}/{n['label_chars']}; "
        f"{result['cpu'] / pages:.2f} CPU s a page{start} over {pages} pages "
        f"(wall, noisy: {result['wall'] / pages:.2f} s); peak memory: reading process {result['peak_mib']:.0f} MiB"
        f"{child}{same}"
    )


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], [Path(p) for p in sys.argv[3:]])
        return
    from tests.ocr.make_scans import reference_pdf, scan_pdf

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keys", nargs="*", default=["000", "001", "002", "004"])
    parser.add_argument(
        "--dpi", type=int, action="append", help="the scans' resolution (default 150 and 200)"
    )
    parser.add_argument("--forms", default="e1", help="e1: the first evaluation, r1: the first rubric")
    parser.add_argument(
        "--psm", type=int, action="append", help="Tesseract page segmentation (default 6 and 7)"
    )
    parser.add_argument(
        "--mode", action="append", help="jixiao.ingest.ocr.MODE for RapidOCR (default: the module's own)"
    )
    parser.add_argument("--lang", action="append", help="Tesseract languages (default chi_sim)")
    parser.add_argument(
        "--enlarge", type=int, action="append", help="cells enlarged for Tesseract (default 1)"
    )
    args = parser.parse_args()
    engines = []
    if ocr.available():
        engines += [f"rapidocr-{mode}" for mode in args.mode] if args.mode else ["rapidocr"]
    else:
        print(
            f"未安装 OCR 组件（RapidOCR）：{ocr.INSTALL_COMMAND} / the OCR extra is not installed", flush=True
        )
    why = tesseract_missing()
    if why is None:
        engines += [
            Tesseract(psm, lang, enlarge).name
            for psm in args.psm or [6, 7]
            for lang in args.lang or ["chi_sim"]
            for enlarge in args.enlarge or [1]
        ]
    else:
        print(
            f"{why}。只运行 RapidOCR；要比较 Tesseract，请先安装：{APT_COMMAND}\n"
            f"Running RapidOCR alone; to compare Tesseract, install it first: {APT_COMMAND}",
            flush=True,
        )
    try:
        import cv2  # noqa: F401
    except ImportError:
        print("OpenCV 未安装，无法比较 / OpenCV is not installed: nothing to compare", flush=True)
        return
    if not engines:
        return
    print(
        "CPU seconds of the reading process and its tesseract children, one thread each; "
        f"pages rasterised at {ocr.DPI} dpi",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as folder:
        scans: list[Path] = []
        for key in args.keys:
            reference = reference_pdf(key, args.forms)
            (Path(folder) / f"{key}.pdf").write_bytes(reference)
            for dpi in args.dpi or [150, 200]:
                scan = Path(folder) / f"{key}-{dpi}.pdf"
                scan.write_bytes(scan_pdf(reference, dpi, seed=int(key)))
                scans.append(scan)
        results = [found for engine in engines if (found := run_child(engine, scans)) is not None]
    baseline = next((r for r in results if r["engine"].startswith("rapidocr")), None)
    print(f"all ({', '.join(args.keys)}; {', '.join(f'{d} dpi' for d in args.dpi or [150, 200])}):")
    for result in results:
        print("  " + summary(result, baseline), flush=True)


if __name__ == "__main__":
    main()
