"""``jixiao batch``: ingest, score and audit every file of a province, one document at a time.

Streaming: each worker reads one file (guarded: ``jixiao.ingest.guarded`` bounds the read in time and
memory), scores and audits it, writes its dossier JSON and its ``Record`` to ``OUT`` and keeps nothing;
the parent receives a few strings per file (``Done``). So peak memory is that of the largest document
per worker, not of the batch.

Resumable: a file is known by the SHA-256 of its bytes; a file whose record is already in
``OUT/records/`` (under the same ``--rules``) is skipped, so an interrupted run is started again with
the same command. The record is written last, atomically, after the dossier JSON: a record present
means the document is complete. A file that cannot be read, or whose scoring or audit fails, is a
record with ``status = failed`` and its error code; the batch goes on (``retry_failed`` reads failed
files again).

``jobs`` > 1 runs that many worker processes (``concurrent.futures.ProcessPoolExecutor``, started by a
``forkserver`` that has imported the scorer and the audit once); at most ``2 × jobs`` files are in
flight, so the queue does not grow with the batch either.
"""

from __future__ import annotations

import glob
import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import msgspec

from jixiao.batch.rows import DocumentRow, Record
from jixiao.ingest.limits import DEFAULT_LIMITS, Limits

# What a folder is searched for (a dossier JSON is taken only when named or matched by a glob).
DOCUMENT_SUFFIXES = (".txt", ".docx", ".doc", ".xlsx", ".xls", ".pdf", ".htm", ".html")
RECORDS = "records"
DOSSIERS = "dossiers"
_PRELOAD = ["jixiao.batch.engine", "jixiao.batch.record", "jixiao.audit.run", "jixiao.ingest.guarded"]

Status = Literal["ok", "failed", "skipped"]


class SourceError(ValueError):
    code = "batch_source_missing"


@dataclass(frozen=True)
class Done:
    """What the parent hears about one file."""

    path: str
    status: Status
    doc_id: str | None = None
    error_code: str | None = None
    error_message: str | None = None


@dataclass
class Totals:
    files: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    skipped_failed: int = 0
    duplicates: int = 0  # files whose bytes another file of this run already had (one document)
    codes: dict[str, int] = field(default_factory=dict)

    def add(self, done: Done) -> None:
        if done.status == "ok":
            self.ok += 1
        elif done.status == "skipped":
            self.skipped += 1
            if done.error_code is not None:  # failed in an earlier run (--retry-failed reads it again)
                self.skipped_failed += 1
        else:
            self.failed += 1
            code = done.error_code or "unknown"
            self.codes[code] = self.codes.get(code, 0) + 1


# --- sources -------------------------------------------------------------------------------------


def expand_sources(sources: Sequence[str], exclude: Path | None = None) -> list[str]:
    """Every file the sources name, in order, each once: a folder (searched recursively for
    documents), a glob (``全省/**/*.pdf``), ``@list.txt`` (one path a line, relative to the list's
    folder; blank lines and ``#`` comments skipped) or a file. A source that names nothing raises
    ``SourceError`` (a typo must not turn a province into an empty batch)."""
    seen: set[str] = set()
    out: list[str] = []
    skip = exclude.resolve() if exclude is not None else None

    def keep(path: Path) -> None:
        if path.name.startswith("~$"):  # the owner file Word/WPS keep beside an open document
            return
        if skip is not None and path.resolve().is_relative_to(skip):
            return
        key = str(path)
        if key not in seen:
            seen.add(key)
            out.append(key)

    for source in sources:
        for found in _one_source(source):
            keep(found)
    return out


def _one_source(source: str) -> Iterator[Path]:
    if source.startswith("@"):
        listing = Path(source[1:])
        try:
            lines = listing.read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:
            raise SourceError(f"{listing}：无法读取文件清单（{exc.strerror}）") from exc
        for line in lines:
            entry = line.strip()
            if entry and not entry.startswith("#"):
                path = Path(entry)
                yield path if path.is_absolute() else listing.parent / path
        return
    path = Path(source)
    if path.is_dir():
        yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES and p.is_file())
        return
    if path.exists() or not glob.has_magic(source):
        yield path  # a missing file is recorded as failed (file_unreadable), like any unreadable one
        return
    matches = sorted(glob.glob(source, recursive=True))
    if not matches:
        raise SourceError(f"{source}：没有匹配的文件")
    yield from (Path(m) for m in matches if Path(m).is_file())


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- one file ------------------------------------------------------------------------------------


def record_path(out: Path, doc_id: str) -> Path:
    return out / RECORDS / f"{doc_id}.json"


def dossier_path(out: Path, doc_id: str) -> Path:
    return out / DOSSIERS / f"{doc_id}.json"


_record_decoder = msgspec.json.Decoder(Record)


def read_record(path: Path) -> Record | None:
    try:
        return _record_decoder.decode(path.read_bytes())
    except (OSError, msgspec.DecodeError):
        return None  # absent or damaged (a run killed mid-write leaves no record: writes are atomic)


def process_file(
    path_text: str,
    out_text: str,
    rules: str | None,
    limits: Limits = DEFAULT_LIMITS,
    retry_failed: bool = False,
    *,
    since: float | None = None,
    base_dir: str | None = None,
    pages: Mapping[int, Any] | None = None,
) -> Done:
    """Read, score and audit one file; write its dossier and record under ``out``. Never raises for the
    file's sake: every failure is a ``failed`` record with its code.

    For a distributed run (``jixiao.batch.cluster``): ``since`` is the run's start (the mtime of
    ``OUT/.run``): a record written since then is this run's own, left by an attempt of this task on a
    worker that died before reporting, so it is reported as done, not skipped; ``base_dir`` is the
    folder a relative ``path_text`` is relative to (the record keeps the path as given); ``pages`` are
    scanned pages OCR'd by other tasks (``jixiao.ingest.ocr.preread_pages``)."""
    from jixiao.batch.record import Failure, failed_record, record_of
    from jixiao.files import atomic_write

    path, out = Path(base_dir or "", path_text), Path(out_text)
    name = path.name
    try:
        size = path.stat().st_size
        sha = file_digest(path)
    except OSError as exc:  # recorded under a key made from its path (there are no bytes to hash)
        message = f"无法打开文件（{exc.strerror}）"
        doc_id = hashlib.sha256(f"unreadable:{path_text}".encode()).hexdigest()[:16]
        base = DocumentRow(doc_id, "", path_text, name, path.suffix.lower(), 0, "ok")
        record = failed_record(base, rules, "file_unreadable", message)
        atomic_write(record_path(out, doc_id), msgspec.json.encode(record))
        return Done(path_text, "failed", doc_id, "file_unreadable", message)
    doc_id = sha[:16]
    target = record_path(out, doc_id)
    previous = read_record(target) if target.exists() else None
    if previous is not None and since is not None and _written_since(target, since):
        document = previous.document
        status: Status = "ok" if document.status == "ok" else "failed"
        return Done(path_text, status, doc_id, document.error_code, document.error_message)
    if (
        previous is not None
        and previous.rules_option == rules
        and not (retry_failed and previous.document.status == "failed")
    ):
        return Done(path_text, "skipped", doc_id, previous.document.error_code)
    base = DocumentRow(
        doc_id=doc_id,
        sha256=sha,
        path=path_text,
        name=name,
        suffix=path.suffix.lower(),
        bytes=size,
        status="ok",
    )
    started = time.monotonic()
    try:
        record, dossier_json = record_of(path, base, rules, limits, pages)
    except Failure as failure:
        record, dossier_json = failed_record(base, rules, failure.code, failure.message), None
    except Exception as exc:  # scoring or audit bug: recorded, the batch goes on
        message = f"评分或审核时发生内部错误（{type(exc).__name__}），请报告此文件"
        record, dossier_json = failed_record(base, rules, "batch_internal_error", message), None
    if dossier_json is not None:
        atomic_write(dossier_path(out, doc_id), dossier_json)
    if record.document.read_seconds is None:
        record = msgspec.structs.replace(
            record,
            document=msgspec.structs.replace(record.document, read_seconds=time.monotonic() - started),
        )
    atomic_write(target, msgspec.json.encode(record))
    document = record.document
    return Done(
        path_text,
        "ok" if document.status == "ok" else "failed",
        doc_id,
        document.error_code,
        document.error_message,
    )


def _written_since(path: Path, since: float) -> bool:
    try:
        return path.stat().st_mtime >= since
    except OSError:
        return False


def record_failure(path_text: str, out_text: str, rules: str | None, code: str, message: str) -> Done:
    """Record ``path_text`` as failed with ``code`` (a file whose processing never returned: it killed
    every worker that read it); keyed by its content when it can be read, else by its path."""
    from jixiao.batch.record import failed_record
    from jixiao.files import atomic_write

    path, out = Path(path_text), Path(out_text)
    try:
        size, sha = path.stat().st_size, file_digest(path)
        doc_id = sha[:16]
    except OSError:
        size, sha = 0, ""
        doc_id = hashlib.sha256(f"unreadable:{path_text}".encode()).hexdigest()[:16]
    base = DocumentRow(doc_id, sha, path_text, path.name, path.suffix.lower(), size, "ok")
    atomic_write(record_path(out, doc_id), msgspec.json.encode(failed_record(base, rules, code, message)))
    return Done(path_text, "failed", doc_id, code, message)


# --- the batch -----------------------------------------------------------------------------------

Progress = Callable[[int, int, Totals], None]


def run_batch(
    paths: Sequence[str],
    out: Path,
    rules: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
    retry_failed: bool = False,
    client: Any = None,
) -> Iterator[Done]:
    """Process every path, yielding each file's ``Done`` as it completes (input order with one job).
    ``client``: a ``distributed.Client``, whose cluster then does the work (``jixiao.batch.cluster``;
    ``jobs`` is ignored)."""
    (out / RECORDS).mkdir(parents=True, exist_ok=True)
    (out / DOSSIERS).mkdir(parents=True, exist_ok=True)
    totals = Totals(files=len(paths))
    results: Iterable[Done]
    if client is not None:
        from jixiao.batch.cluster import run_on_cluster

        results = run_on_cluster(paths, out, rules, client, limits, retry_failed)
    elif jobs <= 1 or len(paths) < 2:
        results = (process_file(p, str(out), rules, limits, retry_failed) for p in paths)
    else:
        results = _pooled(paths, out, rules, jobs, limits, retry_failed)
    seen: set[str] = set()
    for done_count, done in enumerate(results, start=1):
        if done.doc_id is not None and done.doc_id in seen:
            totals.duplicates += 1
        else:
            totals.add(done)
        if done.doc_id is not None:
            seen.add(done.doc_id)
        if progress is not None:
            progress(done_count, len(paths), totals)
        yield done


def _pool_context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def _one_ocr_thread() -> None:
    """In a pool worker (one per core): its readers OCR on one thread each, not on every core, unless
    the user set ``JIXIAO_OCR_THREADS`` (the same work with 20–25% less CPU, bench/ocr_bench.py)."""
    os.environ.setdefault("JIXIAO_OCR_THREADS", "1")


def _pooled(
    paths: Sequence[str], out: Path, rules: str | None, jobs: int, limits: Limits, retry_failed: bool
) -> Iterator[Done]:
    window = 2 * jobs
    todo = iter(paths)
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=_pool_context(), max_tasks_per_child=500, initializer=_one_ocr_thread
    ) as pool:
        pending: dict[Future[Done], str] = {}

        def submit() -> bool:
            for path in todo:
                pending[pool.submit(process_file, path, str(out), rules, limits, retry_failed)] = path
                return True
            return False

        while len(pending) < window and submit():
            pass
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                path = pending.pop(future)
                try:
                    yield future.result()
                except Exception as exc:  # the worker itself died (killed, out of memory)
                    message = f"处理进程异常退出（{type(exc).__name__}），文件可能过大或过于复杂"
                    yield Done(path, "failed", None, "file_too_complex", message)
                submit()


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
