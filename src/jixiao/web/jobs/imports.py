"""Importing a ``jixiao batch`` result into a year: the folder a bureau names, each document's dossier, and
the task it belongs to.

The folder must lie under one of the deployment's ``JIXIAO_IMPORT_ROOTS`` (``settings.IMPORT_ROOTS``),
after symbolic links are followed, so a user cannot make the server read an arbitrary path; every file
read from it is checked the same way. A document is matched to a task as an upload is
(``jixiao.web.dossiers.matching``): its unit by name (equal after the upload's normalisation), then the
unit's task of the year and kind (整体支出 or 专项资金) that the upload would not warn about. A document
that cannot be matched to exactly one task is not imported, and the reason is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
from django.conf import settings

from jixiao.batch.engine import RECORDS, dossier_path, record_path
from jixiao.batch.rows import Record
from jixiao.model.dossier import Dossier
from jixiao.model.serialize import DossierFormatError, loads
from jixiao.web.accounts.models import REGION_ROLES, Unit
from jixiao.web.accounts.scope import scoped_units
from jixiao.web.dossiers.matching import mismatches, unit_key
from jixiao.web.dossiers.models import Task, TaskKind

_DOC_ID = re.compile(r"^[0-9a-f]{16}$")
MAX_FILE_BYTES = 64 * 1024 * 1024  # a record or dossier JSON larger than this is not read (they are ~0.2 MB)
_OVERALL_KINDS = frozenset({"unit_overall", "dept_overall"})


class ImportRefused(Exception):
    """A folder that may not or cannot be imported; ``message`` (Chinese) and ``code`` say why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{message} [{code}]")
        self.code = code
        self.message = message


def may_import(user: Any) -> bool:
    """Importing is for the roles that see every unit of their region (the bureau and the administrator)."""
    return getattr(user, "role", None) in REGION_ROLES and getattr(user, "region_id", None) is not None


def _roots() -> list[Path]:
    return [Path(root).resolve() for root in settings.IMPORT_ROOTS]


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def allowed_folder(text: str) -> Path:
    """The batch folder ``text`` names, resolved, if it lies under an import root and holds a batch's
    records; ``ImportRefused`` otherwise. A folder outside the roots is refused before anything says
    whether it exists."""
    text = (text or "").strip()
    if not text:
        raise ImportRefused(
            "import_folder_missing", "请填写批量结果所在的文件夹（jixiao batch 的 -o 文件夹）"
        )
    roots = _roots()
    if not roots:
        raise ImportRefused(
            "import_disabled", "本服务器未设置允许导入的文件夹（JIXIAO_IMPORT_ROOTS），不能导入批量结果"
        )
    path = Path(text)
    if not path.is_absolute():
        raise ImportRefused("import_folder_relative", "请填写服务器上文件夹的完整路径（绝对路径）")
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        raise ImportRefused("import_folder_invalid", "文件夹路径无效") from exc
    if not _inside(resolved, roots):
        listed = "、".join(str(root) for root in roots)
        raise ImportRefused(
            "import_folder_refused", f"文件夹不在允许导入的范围内（JIXIAO_IMPORT_ROOTS：{listed}），未读取"
        )
    if not resolved.is_dir():
        raise ImportRefused("import_folder_not_found", f"服务器上没有文件夹 {resolved}")
    if not (resolved / RECORDS).is_dir():
        raise ImportRefused(
            "import_not_batch", f"{resolved} 不是 jixiao batch 的结果：其中没有 {RECORDS} 文件夹"
        )
    return resolved


def document_keys(folder: Path) -> Iterator[str]:
    """The doc_id of every record the batch left (``records/<doc_id>.json``), in order; other files (a
    write in progress, anything else) are not documents."""
    names = sorted(entry.name for entry in (folder / RECORDS).iterdir())
    for name in names:
        stem, dot, suffix = name.partition(".")
        if dot and suffix == "json" and _DOC_ID.match(stem):
            yield stem


@dataclass(frozen=True)
class Read:
    """One document of the batch: its path as the batch was given it, and its dossier, or why not."""

    source: str
    dossier: Dossier | None = None
    reason: str = ""


def _checked_file(path: Path, folder: Path, what: str) -> bytes:
    """A file of the batch, read only if it (after links) stays under the import roots and is not huge."""
    resolved = path.resolve()
    if not _inside(resolved, _roots()) or not resolved.is_relative_to(folder):
        raise _Unreadable(f"{what}指向批量结果文件夹之外，未读取 [import_link_refused]")
    try:
        size = resolved.stat().st_size
    except OSError as exc:
        raise _Unreadable(f"{what}不存在或无法打开（{exc.strerror}）[import_file_missing]") from exc
    if size > MAX_FILE_BYTES:
        raise _Unreadable(f"{what}过大（{size / 1048576:.0f} MB），未读取 [import_file_too_large]")
    try:
        return resolved.read_bytes()
    except OSError as exc:
        raise _Unreadable(f"{what}无法读取（{exc.strerror}）[import_file_missing]") from exc


class _Unreadable(Exception):
    pass


def read_document(folder: Path, key: str) -> Read:
    """The record ``key`` of the batch in ``folder`` and its dossier JSON; a failed file, a damaged
    record or a damaged dossier is a ``Read`` with the reason, never an exception."""
    fallback = f"{RECORDS}/{key}.json"
    try:
        record = msgspec.json.decode(_checked_file(record_path(folder, key), folder, "记录文件"), type=Record)
    except _Unreadable as exc:
        return Read(fallback, reason=str(exc))
    except msgspec.DecodeError:
        record = None
    if record is None or record.document.doc_id != key:
        return Read(fallback, reason="记录文件已损坏，无法读取 [import_record_damaged]")
    document = record.document
    source = document.path or document.name or fallback
    if document.status != "ok":
        code = f" [{document.error_code}]" if document.error_code else ""
        return Read(
            source, reason=f"jixiao batch 未能读取此文件：{document.error_message or '原因未记录'}{code}"
        )
    try:
        data = _checked_file(dossier_path(folder, key), folder, "档案 JSON")
    except _Unreadable as exc:
        return Read(source, reason=str(exc))
    try:
        return Read(source, dossier=loads(data))
    except DossierFormatError as exc:
        detail = str(exc)[:200]
        return Read(source, reason=f"档案 JSON 已损坏，无法读取（{detail}）[import_dossier_damaged]")


UnitIndex = dict[str, list[Unit]]


def unit_index(user: Any) -> UnitIndex:
    """The units the user sees, by their names as compared (``matching.unit_key``)."""
    index: UnitIndex = {}
    for unit in scoped_units(user).order_by("pk"):
        index.setdefault(unit_key(unit.name), []).append(unit)
    return index


def document_kind(dossier: Dossier) -> str | None:
    """整体支出 when the document holds an overall table, a 评分表 or a 基础数据表; 专项资金 when it holds
    only project tables; None when it holds none of them."""
    kinds = {e.kind for e in dossier.evaluations}
    if kinds & _OVERALL_KINDS or dossier.rubrics or dossier.basic_data is not None:
        return TaskKind.OVERALL
    if "project" in kinds:
        return TaskKind.FUND
    return None


@dataclass(frozen=True)
class Match:
    task: Task | None
    reason: str = ""


def _task_name(task: Task) -> str:
    return f"专项资金“{task.fund}”" if task.kind == TaskKind.FUND else "整体支出"


def find_task(dossier: Dossier, year: int, units: UnitIndex) -> Match:
    """The one task of ``year`` the document belongs to, or why there is none or more than one."""
    name = (dossier.unit or "").strip()
    if not unit_key(name):
        return Match(None, "文档中没有识别出单位名称 [import_unit_missing]")
    found = units.get(unit_key(name), [])
    if not found:
        return Match(None, f"本地区没有名为“{name}”的预算单位 [import_unit_unknown]")
    if len(found) > 1:
        where = "、".join(f"{u.department.name}的“{u.name}”" for u in found[:5])
        return Match(
            None, f"本地区有 {len(found)} 个单位与“{name}”同名（{where}），无法确定 [import_unit_ambiguous]"
        )
    unit = found[0]
    if dossier.year is not None and dossier.year != year:
        return Match(
            None, f"文档年度为 {dossier.year} 年，导入的是 {year} 年度（{unit.name}） [import_year_differs]"
        )
    kind = document_kind(dossier)
    if kind is None:
        return Match(
            None, "文档中没有识别出自评表、评分表或基础数据表，无法判断对应的任务 [import_kind_unknown]"
        )
    tasks = list(Task.objects.select_related("unit").filter(unit=unit, year=year, kind=kind).order_by("pk"))
    label = TaskKind(kind).label
    if not tasks:
        return Match(None, f"{unit.name} 在 {year} 年度没有{label}自评任务 [import_task_missing]")
    fitting = [t for t in tasks if not mismatches(t, dossier)]
    if len(fitting) == 1:
        return Match(fitting[0])
    if not fitting:
        why = "；".join(mismatches(tasks[0], dossier))
        which = "、".join(_task_name(t) for t in tasks[:5])
        return Match(
            None,
            f"{unit.name} 在 {year} 年度的{label}任务（{which}）与文档不符：{why} [import_task_mismatch]",
        )
    which = "、".join(_task_name(t) for t in fitting[:5])
    return Match(
        None,
        f"{unit.name} 在 {year} 年度有 {len(fitting)} 项任务与文档相符（{which}），无法确定导入哪一项"
        " [import_task_ambiguous]",
    )
