"""Read an untrusted file with its time and memory bounded: in a worker process that is killed on excess.

The readers check their limits between steps (``jixiao.ingest.limits``), but a library call (lxml
parsing 190 MB of valid XML, pdfplumber on a crafted page, calamine inflating a sheet) is not
interrupted, and a file within every size limit can still take minutes and gigabytes. So a whole
read -- reader and recognisers -- runs in a child process:

* its address space is limited (``resource.setrlimit(RLIMIT_AS)``: what it started with plus
  ``Limits.max_memory``), so an allocation beyond it fails in the child (``file_memory``);
* the parent waits at most ``Limits.max_seconds`` and then kills it (``file_timeout``);
* a child that dies otherwise (a library aborting on an allocation failure, a crash) is
  ``file_too_complex``.

Children are forked from a ``forkserver`` that has imported the readers once, so a file costs a fork
(~10-20 ms), not an interpreter start; the server itself starts once per process (~1 s). Small plain
text files (``jixiao.ingest.sniff.IN_PROCESS_BYTES``), whose reader is linear and cheap, are read in this process.
On a system without ``fork`` (Windows) children are spawned and only the time limit applies.

``load_path_guarded(path, limits)`` is the call for any caller reading files it did not write (the
command line, a web upload); ``run_guarded`` also reports the time and the child's peak memory.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import re
import signal
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import msgspec

from jixiao.ingest.errors import IngestError
from jixiao.ingest.limits import DEFAULT_LIMITS, Limits
from jixiao.ingest.sniff import small_text
from jixiao.model.dossier import Dossier
from jixiao.model.serialize import dumps, loads

_PRELOAD = [
    "jixiao.ingest.guarded",
    "jixiao.ingest.loader",
    "jixiao.ingest.docx",
    "jixiao.ingest.xlsx",
    "jixiao.ingest.pdf",
]
_GRACE = 5.0  # seconds added to the CPU limit in the child, a backstop if the parent is gone


@dataclass(frozen=True)
class Guarded:
    """The outcome of one guarded read: the dossier as JSON, or the error; the child's cost."""

    data: bytes | None
    error: IngestError | None
    seconds: float
    peak_rss: int | None  # bytes, the worker's high-water mark (None when read in this process)
    in_process: bool = False

    @property
    def dossier(self) -> Dossier:
        if self.error is not None:
            raise self.error
        assert self.data is not None
        return loads(self.data)


def load_path_guarded(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Dossier:
    """``jixiao.ingest.loader.load_path`` within ``limits.max_seconds`` and ``limits.max_memory``;
    every failure is an ``IngestError`` (``file_timeout``, ``file_memory``, ``file_too_complex``, or the
    reader's own)."""
    return run_guarded(path, limits).dossier


def run_guarded(
    path: str | Path, limits: Limits = DEFAULT_LIMITS, pages: Mapping[int, Any] | None = None
) -> Guarded:
    """``pages``: scanned pages already OCR'd elsewhere, by number (``jixiao.ingest.ocr.preread_pages``)."""
    p = Path(path)
    started = time.monotonic()
    if small_text(p):
        from jixiao.ingest.loader import load_path

        try:
            data = dumps(load_path(p))
        except IngestError as exc:
            return Guarded(None, exc, time.monotonic() - started, None, in_process=True)
        return Guarded(data, None, time.monotonic() - started, None, in_process=True)
    return _in_child(p, for_scans(p, limits), started, pages)


# What OCR of scanned pages needs beyond a text layer's reading: onnxruntime reserves a few GiB of
# address space for its arenas (1 GiB more than the worker starts with fails at the first page), and
# each page takes seconds (``jixiao.ingest.ocr.OCR_SECONDS_PER_PAGE``, the reader's own deadline).
OCR_MEMORY = 4 * 1024 * 1024 * 1024


_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_IMAGE = re.compile(rb"/Subtype\s*/Image(?![A-Za-z])")
_SNIFF_BYTES = 64 * 1024 * 1024  # what is searched for pages and images; a PDF is at most Limits.max_bytes


def for_scans(path: Path, limits: Limits) -> Limits:
    """``limits`` for a PDF that holds images (it may be a scan), when the OCR extra is installed: the
    address space OCR needs, and the time it needs per page. Told from the bytes with two regular
    expressions, never by a PDF library in this process: a crafted PDF may crash a native parser, and
    only the worker may crash. Pages a compressed object stream hides are not counted (the ordinary
    time then applies: the worst is a ``file_timeout``, never an unbounded read)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(_SNIFF_BYTES)
    except OSError:
        return limits
    if b"%PDF-" not in data[:1024]:
        return limits
    if not _IMAGE.search(data):
        return limits
    from jixiao.ingest.ocr import OCR_SECONDS_PER_PAGE

    if not all(importlib.util.find_spec(name) for name in ("rapidocr", "onnxruntime", "cv2")):
        return limits  # without the extra the reader says ocr_not_installed at once
    pages = min(max(len(_PAGE.findall(data)), 1), limits.max_pages)
    return msgspec.structs.replace(
        limits,
        max_memory=max(limits.max_memory, OCR_MEMORY),
        max_seconds=limits.max_seconds + OCR_SECONDS_PER_PAGE * pages,
    )


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def _in_child(path: Path, limits: Limits, started: float, pages: Mapping[int, Any] | None = None) -> Guarded:
    name = path.name
    receiver, sender = multiprocessing.Pipe(duplex=False)
    process = _context().Process(target=_child, args=(sender, str(path), limits, pages), daemon=True)
    try:
        process.start()
    except OSError as exc:  # no process can be started (out of processes or memory): say so
        receiver.close()
        sender.close()
        raise IngestError(
            "file_too_complex", f"系统资源不足，无法启动读取进程（{exc.strerror or exc}），请稍后重试", name
        ) from exc
    sender.close()
    message: tuple[Any, ...] | None = None
    peak: int | None = None
    try:
        if receiver.poll(max(limits.max_seconds - (time.monotonic() - started), 0.01)):
            try:
                message = receiver.recv()
            except (EOFError, OSError):
                message = None  # the child died before answering
        else:
            peak = _peak_of(process.pid)
            process.kill()
            process.join()
            return Guarded(None, _timeout(limits, name), time.monotonic() - started, peak)
    finally:
        receiver.close()
    process.join(_GRACE)
    if process.exitcode is None:  # answered but does not leave: no more of its time
        process.kill()
        process.join()
    seconds = time.monotonic() - started
    if message is None:
        return Guarded(None, _died(process.exitcode, limits, name), seconds, peak)
    kind, payload, peak = message
    if kind == "ok":
        return Guarded(payload, None, seconds, peak)
    code, text = payload
    return Guarded(None, IngestError(code, text, name), seconds, peak)


def _timeout(limits: Limits, name: str) -> IngestError:
    return IngestError(
        "file_timeout", f"读取超时（超过 {limits.max_seconds:g} 秒），文件可能过大或过于复杂", name
    )


def _memory(limits: Limits, name: str) -> IngestError:
    mib = limits.max_memory // (1024 * 1024)
    return IngestError("file_memory", f"读取所需内存超过上限（{mib} MB），文件可能过大或过于复杂", name)


def _died(exitcode: int | None, limits: Limits, name: str) -> IngestError:
    if exitcode is not None and exitcode == -getattr(signal, "SIGXCPU", -1000):
        return _timeout(limits, name)
    if exitcode is not None and exitcode == -getattr(signal, "SIGKILL", -1000):
        return _memory(limits, name)  # the system's out-of-memory killer
    return IngestError(
        "file_too_complex",
        f"文件过于复杂，读取时处理进程异常退出（{exitcode}），可能超出内存限制或文件已损坏",
        name,
    )


def _peak_of(pid: int | None) -> int | None:
    """A process's resident high-water mark in bytes (Linux), read before it is killed."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def _vm_size() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def _limit_self(limits: Limits) -> None:
    """In the child: cap the address space and (as a backstop) the CPU time."""
    try:
        import resource
    except ImportError:  # Windows: the parent's time limit only
        return
    base = _vm_size()
    if base is not None:
        cap = base + limits.max_memory
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    seconds = int(limits.max_seconds + _GRACE) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard == resource.RLIM_INFINITY or hard > seconds:
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, hard))


def _child(sender: Connection, path: str, limits: Limits, pages: Mapping[int, Any] | None = None) -> None:
    """The worker: read the file, send ``("ok", json, peak)`` or ``("error", (code, message), peak)``."""
    _limit_self(limits)
    name = Path(path).name
    message: tuple[Any, ...]
    try:
        from jixiao.ingest.loader import load_path

        if pages:
            from jixiao.ingest.ocr import preread_pages

            with preread_pages(pages):
                message = ("ok", dumps(load_path(path)))
        else:
            message = ("ok", dumps(load_path(path)))
    except IngestError as exc:
        message = ("error", (exc.code, exc.message))
    except MemoryError:
        message = ("error", (_memory(limits, name).code, _memory(limits, name).message))
    except RecursionError:
        message = ("error", ("file_too_complex", "文件结构嵌套过深，无法读取"))
    except Exception as exc:  # a reader bug: say which file, never a traceback for the user
        message = ("error", ("reader_failed", f"读取时发生内部错误（{type(exc).__name__}），请报告此文件"))
    try:
        sender.send((*message, _own_peak()))
    except MemoryError:  # the dossier itself does not fit in what is left
        sender.send(("error", (_memory(limits, name).code, _memory(limits, name).message), _own_peak()))
    finally:
        sender.close()


def _own_peak() -> int | None:
    peak = _peak_of(os.getpid())
    if peak is not None:
        return peak
    try:
        import resource
    except ImportError:
        return None
    scale = 1 if sys.platform == "darwin" else 1024
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * scale
