"""``jixiao batch --scheduler tcp://HOST:8786``: the batch on a Dask distributed cluster.

Dask schedules; this module only says what a task is. A worker needs the ``jixiao`` package with its
extras (``pip install 'jixiao[dask,ocr,batch]'``) and must see the sources and ``OUT`` under the same
paths as the machine that runs the command (a shared file system); relative sources are taken from the
command's working folder.

Tasks. Each file is one task, ``first_step``, that does what the local engine does for it
(``engine.process_file``: hash, skip when done, read in the guarded worker process, score, audit, write
the dossier and then the record, atomically) -- unless the file is a PDF with at least ``SPLIT_PAGES``
scanned pages and the worker has the OCR extra: then it answers with a ``Scan`` (the scanned pages'
numbers), and the command submits one task per page (``ocr_page``: rasterise and OCR, as
``jixiao.ingest.ocr.read_scans`` does) and a last task (``finish_scan``) that reads the file with those
pages already OCR'd (``jixiao.ingest.ocr.preread_pages``), scores, audits and writes. So a long scan
spreads over the workers, and its dossier is the one the local engine reads. A PDF is opened by pdfium
only in a child process bounded in time and memory, never in the worker itself (a crafted PDF may crash
pdfium); a page whose OCR fails there is read again by the last task, in the guarded reader, which
records the failure with its code.

Failures and retries. A worker that dies (killed, out of memory) loses its tasks; the scheduler runs
them again on another worker (``distributed.scheduler.allowed-failures`` times). Every write is atomic
(``jixiao.files.atomic_write``) and names its file by the content hash, so a task run twice writes the
same files; a record written since the run began (``OUT/.run``) is reported as this run's result, not as
skipped, so every file is counted once. A file whose task killed every worker it ran on is recorded as
failed, ``file_too_complex``. At most ``WINDOW_PER_THREAD`` files per worker thread are in flight.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from jixiao.batch.engine import Done, file_digest, process_file, read_record, record_failure, record_path
from jixiao.ingest.limits import DEFAULT_LIMITS, Limits

INSTALL_COMMAND = "pip install 'jixiao[dask]'"
SPLIT_PAGES = 2  # a scan of at least this many pages is OCR'd page by page, as separate tasks
WINDOW_PER_THREAD = 2
RUN_MARKER = ".run"
_PAGE_SECONDS = 60.0  # a page's OCR task (rasterise + OCR), beyond which the last task reads it itself
_CONNECT_SECONDS = 20


class DaskMissing(RuntimeError):
    code = "dask_missing"


class SchedulerUnreachable(RuntimeError):
    code = "dask_unreachable"


@dataclass(frozen=True)
class Scan:
    """A PDF to OCR page by page: the scanned pages' numbers (1-based)."""

    path: str
    pages: tuple[int, ...]


# --- the tasks (run on the workers) --------------------------------------------------------------


def first_step(
    path_text: str,
    out_text: str,
    rules: str | None,
    limits: Limits,
    retry_failed: bool,
    since: float,
    base_dir: str,
) -> Done | Scan:
    """The whole file (``engine.process_file``), or a ``Scan`` when its scanned pages are to be
    OCR'd as separate tasks."""
    _allow_children()
    path = Path(base_dir, path_text)
    if (
        path.suffix.lower() == ".pdf"
        and _may_be_scan(path, limits)
        and not _done(path, out_text, rules, retry_failed, since)
    ):
        pages = _bounded(_scanned_pages, (str(path), limits.max_pages), limits.max_seconds)
        if pages is not None and len(pages) >= SPLIT_PAGES:
            return Scan(path_text, tuple(pages))
    return process_file(path_text, out_text, rules, limits, retry_failed, since=since, base_dir=base_dir)


def ocr_page(path_text: str, number: int, base_dir: str) -> Any:
    """Page ``number`` of a scanned PDF read by OCR (a ``jixiao.ingest.ocr.ScannedPage``), or None
    when it could not be read here (the last task then reads it in the guarded reader)."""
    _allow_children()
    return _bounded(_ocr_page, (str(Path(base_dir, path_text)), number), _PAGE_SECONDS)


def finish_scan(
    path_text: str,
    out_text: str,
    rules: str | None,
    limits: Limits,
    retry_failed: bool,
    since: float,
    base_dir: str,
    *pages: Any,
) -> Done:
    """The scan read with its pages already OCR'd, scored, audited and written."""
    _allow_children()
    read = {page.number: page for page in pages if page is not None}
    return process_file(
        path_text, out_text, rules, limits, retry_failed, since=since, base_dir=base_dir, pages=read
    )


def _allow_children() -> None:
    """Dask starts its workers as daemonic processes, and a daemonic process may not start children;
    every file is read in a child process (``jixiao.ingest.guarded``), so a worker is made an ordinary
    process (its children are themselves daemonic and bounded in time, so none outlives its read)."""
    current = multiprocessing.current_process()
    if current.daemon:
        current.daemon = False


def _may_be_scan(path: Path, limits: Limits) -> bool:
    """Told from the bytes as the guarded reader tells it: a PDF with an image object, and the OCR
    extra installed on this worker (``jixiao.ingest.guarded.for_scans`` widens the limits then)."""
    from jixiao.ingest.guarded import for_scans

    return for_scans(path, limits) != limits


def _done(path: Path, out_text: str, rules: str | None, retry_failed: bool, since: float) -> bool:
    """Whether the file's record is already there (to be skipped or reported by ``process_file``)."""
    try:
        doc_id = file_digest(path)[:16]
    except OSError:
        return True  # process_file records it as unreadable
    target = record_path(Path(out_text), doc_id)
    previous = read_record(target) if target.exists() else None
    if previous is None:
        return False
    try:
        if target.stat().st_mtime >= since:
            return True
    except OSError:
        return False
    return previous.rules_option == rules and not (retry_failed and previous.document.status == "failed")


def _scanned_pages(path: str, max_pages: int) -> list[int]:
    """The pages with no text and an image (a scan's), by pdfium; none for more than ``max_pages``
    pages (the reader refuses the file)."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

    document = pdfium.PdfDocument(path)
    try:
        if len(document) > max_pages:
            return []
        found = []
        for index in range(len(document)):
            page = document[index]
            text = page.get_textpage()
            if text.count_chars() == 0 and any(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])):
                found.append(index + 1)
        return found
    finally:
        document.close()


def _ocr_page(path: str, number: int) -> Any:
    import pypdfium2 as pdfium

    from jixiao.ingest.ocr import rasterise, read_scanned_page

    data = Path(path).read_bytes()
    start = data.find(b"%PDF", 0, 1024)  # as the reader does: bytes before the header are not the PDF's
    document = pdfium.PdfDocument(data[max(start, 0) :])
    try:
        return read_scanned_page(rasterise(document, number - 1), number)
    finally:
        document.close()


def _bounded(function: Any, args: tuple[Any, ...], seconds: float) -> Any:
    """``function(*args)`` in a child process with OCR's address space and ``seconds`` at most; None
    when it fails, runs over or dies (pdfium or OCR on a crafted page must not take the worker down)."""
    from jixiao.ingest.guarded import _context

    receiver, sender = multiprocessing.Pipe(duplex=False)
    process = _context().Process(target=_bounded_child, args=(sender, function, args, seconds), daemon=True)
    try:
        process.start()
    except OSError:
        receiver.close()
        sender.close()
        return None
    sender.close()
    result: Any = None
    try:
        if receiver.poll(seconds):
            try:
                kind, result = receiver.recv()
            except (EOFError, OSError):
                kind = "error"
            if kind != "ok":
                result = None
    finally:
        receiver.close()
        process.kill()
        process.join()
    return result


def _bounded_child(sender: Connection, function: Any, args: tuple[Any, ...], seconds: float) -> None:
    from jixiao.ingest.guarded import OCR_MEMORY, _limit_self

    _limit_self(Limits(max_memory=OCR_MEMORY, max_seconds=seconds))
    try:
        message: tuple[str, Any] = ("ok", function(*args))
    except Exception as exc:  # any failure (MemoryError too): the caller reads the page its own way
        message = ("error", type(exc).__name__)
    try:
        sender.send(message)
    finally:
        sender.close()


# --- the command's side --------------------------------------------------------------------------


def distributed_module() -> Any:
    """``distributed``, or ``DaskMissing`` saying what to install."""
    try:
        return importlib.import_module("distributed")
    except ModuleNotFoundError as exc:
        raise DaskMissing(
            f"使用 --scheduler 在 Dask 集群上运行批处理需要安装 Dask：{INSTALL_COMMAND}"
            "（各工作节点也须安装 jixiao 及所需扩展）"
        ) from exc


def connect(scheduler: str) -> Any:
    """A ``distributed.Client`` of the scheduler at ``scheduler`` (tcp://HOST:8786)."""
    distributed = distributed_module()
    try:
        return distributed.Client(scheduler, timeout=_CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SchedulerUnreachable(
            f"无法连接 Dask 调度器 {scheduler}（{type(exc).__name__}）；请检查地址与端口，"
            "并确认调度器已启动（dask scheduler）"
        ) from exc


def run_on_cluster(
    paths: Sequence[str],
    out: Path,
    rules: str | None,
    client: Any,
    limits: Limits = DEFAULT_LIMITS,
    retry_failed: bool = False,
) -> Iterator[Done]:
    """Every path's ``Done``, as it completes, the work done by ``client``'s workers."""
    distributed = distributed_module()
    out_text = str(out.resolve())
    marker = out / RUN_MARKER
    marker.write_text(time.strftime("%Y-%m-%dT%H:%M:%S%z") + "\n", encoding="utf-8")
    since = marker.stat().st_mtime
    base_dir = os.getcwd()
    threads = sum(client.nthreads().values()) or 1
    window = max(2, WINDOW_PER_THREAD * threads)
    common = (out_text, rules, limits, retry_failed, since, base_dir)
    todo = iter(paths)
    pending: dict[Any, str] = {}
    completed: Any = None  # distributed.as_completed (made with the first futures: it needs a client)

    def submit() -> bool:
        for path in todo:
            future = client.submit(first_step, path, *common, pure=False, priority=0)
            pending[future] = path
            if completed is not None:
                completed.add(future)
            return True
        return False

    while len(pending) < window and submit():
        pass
    if not pending:
        return
    completed = distributed.as_completed(list(pending))
    for future in completed:
        path = pending.pop(future)
        try:
            result = future.result()
        except Exception as exc:  # the task killed every worker it ran on, or a worker-side bug
            yield _lost(path, out_text, rules, exc)
            submit()
            continue
        finally:
            future.release()
        if isinstance(result, Scan):
            page_tasks = [
                client.submit(ocr_page, path, number, base_dir, pure=False, priority=1)
                for number in result.pages
            ]
            last = client.submit(finish_scan, path, *common, *page_tasks, pure=False, priority=2)
            pending[last] = path
            completed.add(last)
            continue
        yield result
        submit()


def _lost(path: str, out_text: str, rules: str | None, exc: Exception) -> Done:
    killed = type(exc).__name__ == "KilledWorker"
    code = "file_too_complex" if killed else "batch_internal_error"
    message = (
        "处理此文件的工作进程多次异常退出，文件可能过大或过于复杂"
        if killed
        else f"评分或审核时发生内部错误（{type(exc).__name__}），请报告此文件"
    )
    try:
        return record_failure(path, out_text, rules, code, message)
    except OSError:
        return Done(path, "failed", None, code, message)
