"""Ingest many files at once: in parallel across cores, in input order, each file's outcome kept.

A file that cannot be read is an ``Outcome`` with its error, never an exception that stops the batch.
Every document is read by ``jixiao.ingest.guarded`` in a worker process of its own, killed when it
runs over the time or memory limit, which returns the dossier as JSON bytes (the cheapest thing to
send between processes, and what the caller writes); ``jobs`` threads here each wait on one worker.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from jixiao.ingest.errors import IngestError
from jixiao.ingest.guarded import run_guarded
from jixiao.ingest.limits import DEFAULT_LIMITS, Limits
from jixiao.model.dossier import Dossier
from jixiao.model.serialize import DossierFormatError, dumps, loads
from jixiao.model.source import Location


@dataclass(frozen=True)
class Outcome:
    """What became of one input file: its dossier (as JSON) or the error that stopped it."""

    path: Path
    data: bytes | None = None
    error: IngestError | None = None

    @property
    def dossier(self) -> Dossier:
        assert self.data is not None, "no dossier for a file that failed"
        return loads(self.data)


def load_any(path: Path, limits: Limits = DEFAULT_LIMITS) -> Dossier:
    """A document of any readable kind (read guarded: ``jixiao.ingest.guarded``), or a dossier JSON
    written by ``jixiao ingest``."""
    if path.suffix.lower() == ".json":
        return loads(_json_bytes(path))
    return run_guarded(path, limits).dossier


def _json_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
        loads(data)  # checked here, so that a bad dossier is an IngestError naming the file
    except OSError as exc:
        raise IngestError("file_unreadable", f"无法打开文件（{exc.strerror}）", path.name) from exc
    except DossierFormatError as exc:
        raise IngestError(exc.code, str(exc), path.name) from exc
    return data


def _one(path: Path, limits: Limits = DEFAULT_LIMITS) -> Outcome:
    try:
        if path.suffix.lower() == ".json":
            return Outcome(path, data=dumps(loads(_json_bytes(path))))
        result = run_guarded(path, limits)
    except IngestError as exc:
        return Outcome(path, error=exc)
    except Exception as exc:  # a bug must not take the batch down; say which file
        name = type(exc).__name__
        return Outcome(
            path, error=IngestError("reader_failed", f"读取时发生内部错误（{name}），请报告此文件", path.name)
        )
    return Outcome(path, data=result.data, error=result.error)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def ingest_many(
    paths: Iterable[Path], jobs: int | None = None, progress: Callable[[int, int], None] | None = None
) -> Iterator[Outcome]:
    """Read every path, ``jobs`` processes at a time (1: in this process), yielding outcomes in order.

    ``progress(done, total)`` is called after each file.
    """
    todo = list(paths)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if jobs == 1 or len(todo) < 2:
        results: Iterable[Outcome] = map(_one, todo)
        yield from _counted(results, len(todo), progress)
        return
    with ThreadPoolExecutor(max_workers=min(jobs, len(todo))) as executor:  # each waits on a worker process
        yield from _counted(executor.map(_one, todo), len(todo), progress)


def _counted(
    results: Iterable[Outcome], total: int, progress: Callable[[int, int], None] | None
) -> Iterator[Outcome]:
    for done, outcome in enumerate(results, start=1):
        if progress is not None:
            progress(done, total)
        yield outcome


def recognised(dossier: Dossier) -> str:
    """One line saying what was recognised in a document, in Chinese."""
    parts: list[str] = []
    counts: dict[str, int] = {}
    for evaluation in dossier.evaluations:
        counts[_KIND_NAMES[evaluation.kind]] = counts.get(_KIND_NAMES[evaluation.kind], 0) + 1
    parts.extend(f"{name} {n} 张" for name, n in counts.items())
    if dossier.basic_data is not None:
        parts.append("基础数据表")
    if dossier.fund_list:
        parts.append(f"专项资金清单 {len(dossier.fund_list)} 项")
    if dossier.rubrics:
        parts.append(f"评分表 {len(dossier.rubrics)} 张")
    if dossier.figure_tables:
        parts.append(f"数据表 {len(dossier.figure_tables)} 张")
    if dossier.sections:
        parts.append(f"报告 {len(dossier.sections)} 节")
    line = "、".join(parts) if parts else "未识别出任何表格或报告"
    if dossier.unread:
        line += f"；未识别 {len(dossier.unread)} 处"
    return line


def unrecognised(dossier: Dossier) -> list[str]:
    """The tables or blocks seen but not recognised, each with its place and first words."""
    return [f"{v.loc.short() if v.loc else dossier.source}：{v.text}" for v in dossier.unread]


_KIND_NAMES = {
    "unit_overall": "单位整体支出自评表",
    "dept_overall": "部门整体支出自评表",
    "project": "项目支出自评表",
}


def read_by(dossier: Dossier) -> list[str]:
    """Each table recognised, where it is, and which form family of the registry read it (issue #10):
    ``表4 项目支出自评表「业务工作经费」：hunan（hunan-project）``."""
    from jixiao.forms import family_of

    lines: list[str] = []
    for evaluation in dossier.evaluations:
        where = _where(evaluation.loc, dossier.source)
        name = f"「{evaluation.name.text}」" if evaluation.name is not None and evaluation.name.text else ""
        family = family_of(evaluation.template) or "未登记的表式"
        lines.append(f"{where}{_KIND_NAMES[evaluation.kind]}{name}：{family}（{evaluation.template}）")
    for rubric in dossier.rubrics:
        lines.append(f"{_where(rubric.loc, dossier.source)}评分表「{rubric.title}」")
    if dossier.basic_data is not None:
        lines.append(f"{_where(dossier.basic_data.loc, dossier.source)}基础数据表")
    for table in dossier.figure_tables:
        lines.append(f"{_where(table.loc, dossier.source)}数据表「{table.title}」")
    return lines


def _where(loc: Location | None, source: str) -> str:
    if loc is None:
        return ""
    short = loc.short()
    return short[len(source) + 1 :] + " " if short.startswith(source + ":") else short + " "
